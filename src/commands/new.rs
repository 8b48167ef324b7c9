//! `broadsheet new`: scaffold an article, note, topic or edition.

use std::path::PathBuf;
use std::process::ExitCode;

use broadsheet::config::Config;
use broadsheet::scaffold::{create, NewItem, NewKind};

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Kind {
    Article,
    Note,
    Topic,
    Edition,
}

#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to create
    kind: Kind,
    /// Its title (the file name is made from it)
    title: String,
    /// For a note: what it is about (articles/SLUG, topics/SLUG, editions/ID); repeatable
    #[arg(long)]
    about: Vec<String>,
    /// For a note: its author
    #[arg(long)]
    author: Option<String>,
    /// For an edition: its ID, e.g. 2024-W48 (default: the current period)
    #[arg(long)]
    id: Option<String>,
    /// The site folder, holding site.toml
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    let config = Config::load(&args.root).map_err(|e| e.to_string())?;
    let kind = match args.kind {
        Kind::Article => NewKind::Article,
        Kind::Note => NewKind::Note,
        Kind::Topic => NewKind::Topic,
        Kind::Edition => NewKind::Edition,
    };
    let about =
        args.about.iter().flat_map(|a| a.split(',')).map(|a| a.trim().to_string()).filter(|a| !a.is_empty()).collect();
    let item = NewItem { kind, title: args.title, about, author: args.author, id: args.id };
    let path = create(&args.root, &config, &item, chrono::Utc::now()).map_err(|e| e.to_string())?;
    #[allow(clippy::print_stdout)]
    {
        println!("created {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}
