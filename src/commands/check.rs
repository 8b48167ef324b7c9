//! `broadsheet check`: validate content, templates and links; write nothing.

use std::process::ExitCode;

use broadsheet::build::{load_site_warned, render_site, BuildOptions};
use broadsheet::check;

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
    let (site, skipped) = load_site_warned(&options).map_err(|e| e.to_string())?;
    let pages = render_site(&options.root, &site).map_err(|e| e.to_string())?;
    let warnings: Vec<_> = skipped.into_iter().chain(check::warnings(&site)).collect();
    for w in &warnings {
        eprintln!("warning: {w}");
    }
    let problems = check::links(&site, &pages);
    for p in &problems {
        eprintln!("error: {p}");
    }
    let errors = if problems.is_empty() { "no errors".to_string() } else { count(problems.len(), "error", "errors") };
    let warned = match warnings.len() {
        0 => String::new(),
        n => format!(", {}", count(n, "warning", "warnings")),
    };
    eprintln!("checked {}: {errors}{warned}", count(pages.len(), "page", "pages"));
    if problems.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    Ok(ExitCode::FAILURE)
}
