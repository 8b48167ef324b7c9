//! `broadsheet init`: create a new site with a GitHub Pages workflow.

use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to create the site in
    dir: PathBuf,
    /// The git repository the site's workflow installs Broadsheet from (a fork's https URL)
    #[arg(long, value_name = "URL", default_value = broadsheet::init::REPOSITORY, value_parser = broadsheet::init::check_repository)]
    repository: String,
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    let written = broadsheet::init::init(&args.dir, &args.repository, chrono::Utc::now()).map_err(|e| e.to_string())?;
    #[allow(clippy::print_stdout)]
    {
        for f in &written {
            println!("created {}", args.dir.join(f).display());
        }
        println!("\nNext: cd {} && broadsheet build   (the site goes to public/)", args.dir.display());
        println!("To publish: push to GitHub and set Settings → Pages → Source to \"GitHub Actions\".");
    }
    Ok(ExitCode::SUCCESS)
}
