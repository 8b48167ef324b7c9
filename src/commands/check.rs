//! `broadsheet check`: validate content, templates and links; write nothing.

use std::process::ExitCode;

use broadsheet::build::{load_site_and_references, render_site, BuildOptions};
use broadsheet::check;
use broadsheet::Error;

use super::count;

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
    let (site, skipped, broken) = load_site_and_references(&options).map_err(|e| e.to_string())?;
    let pages = render_site(&options.root, &site).map_err(|e| e.to_string())?;
    let warnings: Vec<_> = skipped.into_iter().chain(check::warnings(&site)).collect();
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    // The references a build stops on, then every other broken link:
    // reported as a build reports errors.
    let problems: Vec<_> = broken.into_iter().chain(check::links(&site, &pages)).collect();
    let warned = match warnings.len() {
        0 => String::new(),
        n => format!(", {}", count(n, "warning", "warnings")),
    };
    let checked = count(pages.len(), "page", "pages");
    if problems.is_empty() {
        eprintln!("checked {checked}: no errors{warned}");
        return Ok(ExitCode::SUCCESS);
    }
    let found = count(problems.len(), "problem", "problems");
    eprintln!("{}", Error::new(problems));
    eprintln!("checked {checked}: found {found}{warned}");
    Ok(ExitCode::FAILURE)
}
