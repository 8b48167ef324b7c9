//! `broadsheet build`: the whole site into the output folder.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use broadsheet::build::build_with;
use broadsheet::progress::{Phase, Progress, Silent};
use broadsheet::BuildOptions;

use super::count;
use indicatif::{ProgressBar, ProgressStyle};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    site: super::SiteArgs,
    /// Where to write the site (default: site.toml's output_dir, public/)
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Override site.toml's base_url, e.g. for a preview deploy
    #[arg(long)]
    base_url: Option<String>,
    /// Print nothing on success
    #[arg(long, short)]
    quiet: bool,
    /// Neither use nor update the render cache (.broadsheet-cache/ in the
    /// site folder): render every page, as a first build does
    #[arg(long)]
    no_cache: bool,
}

/// A progress bar on stderr, when it is a terminal.
struct Bar(ProgressBar);

impl Progress for Bar {
    fn start(&self, phase: Phase, total: usize) {
        self.0.set_length(total as u64);
        self.0.set_position(0);
        self.0.set_message(phase.name());
    }

    fn advance(&self, n: usize) {
        self.0.inc(n as u64);
    }
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    let options = BuildOptions {
        root: args.site.root,
        output: args.output,
        base_url: args.base_url,
        drafts: args.site.drafts,
        future: args.site.future,
        now: None,
        cache: !args.no_cache,
        exiting: true,
    };
    let bar = (!args.quiet && std::io::stderr().is_terminal()).then(|| {
        let bar = ProgressBar::new(0);
        let style =
            ProgressStyle::with_template("{msg:>10} [{bar:30}] {pos}/{len} pages").map(|s| s.progress_chars("=> "));
        if let Ok(style) = style {
            bar.set_style(style);
        }
        Bar(bar)
    });
    let result = match &bar {
        Some(bar) => build_with(&options, bar),
        None => build_with(&options, &Silent),
    };
    if let Some(bar) = &bar {
        bar.0.finish_and_clear();
    }
    let summary = result.map_err(|e| e.to_string())?;
    if !args.quiet {
        #[allow(clippy::print_stderr)]
        {
            for w in &summary.warnings {
                eprintln!("warning: {w}");
            }
            eprintln!(
                "built {} ({}) into {} in {} ms: {} written, {} unchanged, {} removed",
                count(summary.pages, "page", "pages"),
                count(summary.articles, "article", "articles"),
                summary.output.display(),
                summary.elapsed.as_millis(),
                summary.write.written,
                summary.write.unchanged,
                summary.write.removed
            );
            for w in &summary.warnings {
                eprintln!("warning: {w}");
            }
            if let Some(next) = summary.scheduled.first() {
                let n = summary.scheduled.len();
                let (when, them) = if n == 1 { ("due", "it") } else { ("the next", "them") };
                eprintln!(
                    "{} scheduled, {when} on {}; build --future shows {them}",
                    count(n, "article", "articles"),
                    next.date().format("%Y-%m-%d")
                );
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
