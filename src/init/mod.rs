//! `broadsheet init`: a new site that builds and deploys as it is.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::error::{Diagnostic, Error, Result};

const SITE_TOML: &str = include_str!("site.toml");
const ARTICLE: &str = include_str!("article.md");
const TOPIC: &str = include_str!("topic.md");
const NOTE: &str = include_str!("note.md");
const GITIGNORE: &str = include_str!("gitignore");
const WORKFLOW: &str = include_str!("pages.yml");

/// How the Pages workflow installs Broadsheet: the version that made the site.
pub fn install_command() -> String {
    format!("cargo install --locked broadsheet --version {}", env!("CARGO_PKG_VERSION"))
}

/// The workflow with its install step filled in.
pub fn workflow(install: &str) -> String {
    WORKFLOW.replace("__INSTALL__", install)
}

/// Creates the site in `dir` (which may exist but must not hold any of the
/// files written); returns the files written, relative to `dir`.
pub fn init(dir: &Path, now: DateTime<Utc>) -> Result<Vec<PathBuf>> {
    let name = dir
        .canonicalize()
        .unwrap_or_else(|_| dir.to_path_buf())
        .file_name()
        .and_then(|n| n.to_str())
        .map(crate::paths::slugify)
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "digest".to_string());
    let title = name.split('-').map(capitalise).collect::<Vec<_>>().join(" ");
    let today = now.date_naive().to_string();
    let fill = |t: &str| {
        t.replace("__TITLE__", &title.replace('"', "")).replace("__NAME__", &name).replace("__TODAY__", &today)
    };
    let files: Vec<(&str, String)> = vec![
        ("site.toml", fill(SITE_TOML)),
        ("content/articles/sample-article.md", fill(ARTICLE)),
        ("content/topics/sample-topic.md", fill(TOPIC)),
        ("content/notes/first-note.md", fill(NOTE)),
        (".gitignore", GITIGNORE.to_string()),
        (".github/workflows/pages.yml", workflow(&install_command())),
    ];
    let taken: Vec<Diagnostic> = files
        .iter()
        .filter(|(rel, _)| dir.join(rel).exists())
        .map(|(rel, _)| Diagnostic::new(dir.join(rel), None, "already exists; refusing to overwrite it"))
        .collect();
    if !taken.is_empty() {
        return Err(Error::new(taken));
    }
    let mut written = Vec::new();
    for (rel, text) in files {
        let path = dir.join(rel);
        let fail = |e: std::io::Error| Diagnostic::new(&path, None, format!("cannot write: {e}"));
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(fail)?;
        }
        std::fs::write(&path, text).map_err(fail)?;
        written.push(PathBuf::from(rel));
    }
    Ok(written)
}

fn capitalise(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
