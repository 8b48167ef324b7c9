//! `broadsheet build`: the whole site into the output folder.

use std::path::PathBuf;
use std::process::ExitCode;

use broadsheet::{build, BuildOptions};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The site folder, holding site.toml
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Where to write the site (default: site.toml's output_dir, public/)
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Override site.toml's base_url, e.g. for a preview deploy
    #[arg(long)]
    base_url: Option<String>,
    /// Include content marked `draft: true`
    #[arg(long)]
    drafts: bool,
    /// Include content dated in the future
    #[arg(long)]
    future: bool,
    /// Print nothing on success
    #[arg(long, short)]
    quiet: bool,
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    let options = BuildOptions {
        root: args.root,
        output: args.output,
        base_url: args.base_url,
        drafts: args.drafts,
        future: args.future,
        now: None,
    };
    let summary = build(&options).map_err(|e| e.to_string())?;
    if !args.quiet {
        #[allow(clippy::print_stderr)]
        {
            eprintln!(
                "built {} pages ({} articles) into {} in {} ms: {} written, {} unchanged, {} removed",
                summary.pages,
                summary.articles,
                summary.output.display(),
                summary.elapsed.as_millis(),
                summary.write.written,
                summary.write.unchanged,
                summary.write.removed
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
