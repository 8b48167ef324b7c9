//! `broadsheet clean`: show or write what the cleaner makes of raw files.

use std::path::PathBuf;
use std::process::ExitCode;

use broadsheet::clean::{clean_corpus, RawText};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print a JSON array, one object per file
    #[arg(long, conflicts_with = "markdown")]
    json: bool,
    /// Print each article as Broadsheet Markdown with front matter
    #[arg(long)]
    markdown: bool,
    /// Raw text files to clean together
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    let mut inputs = Vec::new();
    for file in &args.files {
        let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
        inputs.push(RawText { name: file.display().to_string(), text });
    }
    let cleaned = clean_corpus(&inputs);
    let json = serde_json::to_string_pretty(&cleaned).map_err(|e| e.to_string())?;
    #[allow(clippy::print_stdout)]
    {
        println!("{json}");
    }
    Ok(ExitCode::SUCCESS)
}
