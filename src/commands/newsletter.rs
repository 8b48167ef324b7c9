//! `broadsheet newsletter`: an edition as an e-mail, printed or written.

use std::path::PathBuf;
use std::process::ExitCode;

use broadsheet::build::{load_site, render_paths, BuildOptions};
use broadsheet::render::Routes;

use super::SiteArgs;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The edition, e.g. 2024-W48 (default: the latest with articles)
    edition: Option<String>,
    /// The plain-text newsletter instead of the HTML one
    #[arg(long, conflicts_with = "html")]
    text: bool,
    /// The HTML newsletter (the default)
    #[arg(long)]
    html: bool,
    /// Write it to this file instead of printing it
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Overrides site.toml's base_url: the newsletter's links are absolute
    #[arg(long)]
    base_url: Option<String>,
    #[command(flatten)]
    site: SiteArgs,
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    let options = BuildOptions {
        root: args.site.root.clone(),
        base_url: args.base_url,
        drafts: args.site.drafts,
        future: args.site.future,
        ..Default::default()
    };
    let site = load_site(&options).map_err(|e| e.to_string())?;
    let index = match &args.edition {
        Some(id) => site.editions.position(|e| e.id.eq_ignore_ascii_case(id) || e.slug == *id).ok_or_else(|| {
            let known: Vec<&str> = site.editions.iter().take(5).map(|e| e.id.as_str()).collect();
            format!("no edition \"{id}\" (the latest: {})", known.join(", "))
        })?,
        None => site.latest_edition().ok_or("the site has no edition yet: no article has a date")?,
    };
    let routes = Routes::new(&site.config);
    let slug = &site.editions[index].slug;
    let route = if args.text { routes.newsletter_text(slug) } else { routes.newsletter_html(slug) };
    let pages = render_paths(&options.root, &site, std::slice::from_ref(&route.path)).map_err(|e| e.to_string())?;
    let bytes = pages.into_iter().next().map(|p| p.bytes).ok_or("the newsletter output is missing")?;
    match args.output {
        Some(path) => std::fs::write(&path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))?,
        None => {
            use std::io::Write;
            std::io::stdout().write_all(&bytes).map_err(|e| format!("cannot print the newsletter: {e}"))?
        }
    }
    Ok(ExitCode::SUCCESS)
}
