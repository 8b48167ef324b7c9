//! The `broadsheet` command: parses arguments and calls the library.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod commands;

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
    /// Show or write what the cleaner makes of raw scraped articles
    Clean(commands::clean::Args),
    /// Preview the site in the browser, rebuilding and reloading on change
    Serve(commands::serve::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build(args) => commands::build::run(args),
        Command::Clean(args) => commands::clean::run(args),
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
