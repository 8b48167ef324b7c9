//! `broadsheet check`: validate content, templates and links; write nothing.

use std::path::PathBuf;
use std::process::ExitCode;

use broadsheet::build::{load_site, render_site, BuildOptions};
use broadsheet::check;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The site folder, holding site.toml
    #[arg(long, default_value = ".")]
    root: PathBuf,
    /// Override site.toml's base_url
    #[arg(long)]
    base_url: Option<String>,
    /// Include content marked `draft: true`
    #[arg(long)]
    drafts: bool,
    /// Include content dated in the future
    #[arg(long)]
    future: bool,
}

#[allow(clippy::print_stderr)]
pub fn run(args: Args) -> Result<ExitCode, String> {
    let options = BuildOptions {
        root: args.root.clone(),
        base_url: args.base_url,
        drafts: args.drafts,
        future: args.future,
        ..Default::default()
    };
    let site = load_site(&options).map_err(|e| e.to_string())?;
    let pages = render_site(&args.root, &site).map_err(|e| e.to_string())?;
    for w in check::warnings(&site) {
        eprintln!("warning: {w}");
    }
    let problems = check::links(&site, &pages);
    if problems.is_empty() {
        eprintln!("checked {} pages: no problems", pages.len());
        return Ok(ExitCode::SUCCESS);
    }
    for p in &problems {
        eprintln!("error: {p}");
    }
    eprintln!("found {} problem(s) in {} pages", problems.len(), pages.len());
    Ok(ExitCode::FAILURE)
}
