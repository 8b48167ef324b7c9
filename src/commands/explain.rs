//! `broadsheet explain`: why an article got its topics.

use std::path::PathBuf;
use std::process::ExitCode;

use broadsheet::build::{load_site, BuildOptions};
use broadsheet::explain::{explain, find_article};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The article: its slug or the path of its file
    article: String,
    /// The site folder, holding site.toml
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    // Drafts and scheduled articles can be explained too.
    let options = BuildOptions { root: args.root, drafts: true, future: true, ..Default::default() };
    let site = load_site(&options).map_err(|e| e.to_string())?;
    let id = find_article(&site, &args.article).map_err(|e| e.to_string())?;
    #[allow(clippy::print_stdout)]
    {
        print!("{}", explain(&site, id));
    }
    Ok(ExitCode::SUCCESS)
}
