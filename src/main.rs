//! The `broadsheet` command: parses arguments and calls the library.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod commands;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Transparent huge pages off for this process: the allocator asks for
/// them, and the kernel then clears 2 MiB at the first touch of any byte.
/// A build touches its memory sparsely and briefly; at 10,000 articles,
/// with them on, clearing pages was half of a one-edit rebuild's CPU time
/// and a sixth of a full build's (`perf`), and peak memory a fifth more.
fn no_huge_pages() {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
}

#[derive(Debug, Parser)]
#[command(name = "broadsheet", version, about = "Build curated news digest sites")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the site into the output folder (public/ by default)
    Build(commands::build::Args),
    /// Validate content, templates and every internal link; write nothing
    Check(commands::check::Args),
    /// Show why an article got its topics
    Explain(commands::explain::Args),
    /// Create a new site, with a GitHub Pages workflow
    Init(commands::init::Args),
    /// Create an article, note, topic or edition file with its fields filled in
    New(commands::new::Args),
    /// Show or write what the cleaner makes of raw scraped articles
    Clean(commands::clean::Args),
    /// Print or write an edition as an e-mail newsletter (HTML or text)
    Newsletter(commands::newsletter::Args),
    /// Fetch web pages into content/articles/ as saved pages with a sidecar
    Add(commands::add::Args),
    /// Preview the site in the browser, rebuilding and reloading on change
    Serve(commands::serve::Args),
}

fn main() -> ExitCode {
    no_huge_pages();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => commands::build::run(args),
        Command::Check(args) => commands::check::run(args),
        Command::Explain(args) => commands::explain::run(args),
        Command::Init(args) => commands::init::run(args),
        Command::New(args) => commands::new::run(args),
        Command::Clean(args) => commands::clean::run(args),
        Command::Newsletter(args) => commands::newsletter::run(args),
        Command::Add(args) => commands::add::run(args),
        Command::Serve(args) => commands::serve::run(args),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            #[allow(clippy::print_stderr)]
            {
                eprintln!("{message}");
            }
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}
