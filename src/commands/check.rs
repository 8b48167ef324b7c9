//! `broadsheet check`: validate content, templates and links; write nothing.

use std::process::ExitCode;

use broadsheet::build::{load_site_warned, render_site, BuildOptions};
use broadsheet::check;

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    site: super::SiteArgs,
    /// Override site.toml's base_url
    #[arg(long)]
    base_url: Option<String>,
}

#[allow(clippy::print_stderr)]
pub fn run(args: Args) -> Result<ExitCode, String> {
    let options = BuildOptions {
        root: args.site.root,
        base_url: args.base_url,
        drafts: args.site.drafts,
        future: args.site.future,
        ..Default::default()
    };
    let (site, skipped) = load_site_warned(&options).map_err(|e| e.to_string())?;
    let pages = render_site(&options.root, &site).map_err(|e| e.to_string())?;
    for w in skipped.iter().chain(&check::warnings(&site)) {
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
