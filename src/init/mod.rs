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

/// Where Broadsheet's source lives: a site's workflow installs from here
/// unless `init --repository` names a fork.
pub const REPOSITORY: &str = env!("CARGO_PKG_REPOSITORY");

/// How a Pages workflow gets the `broadsheet` command: the comment above the
/// install step, the command, and the part of the cache key that changes
/// when the command would install something else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Install {
    /// The comment above the install step.
    pub note: String,
    /// The install command.
    pub command: String,
    /// The part of the cache key that changes with the command.
    pub cache_key: String,
}

impl Install {
    /// A site's: Broadsheet `version` built from the source `repository` at
    /// the tag `v{version}`, never a crates.io package found by name.
    pub fn release(repository: &str, version: &str) -> Install {
        let package = env!("CARGO_PKG_NAME");
        Install {
            note: format!(
                "Broadsheet {version}, the version that made this site, built from its\n\
                 source at the tag v{version}. To upgrade, change the version here and in\n\
                 the cache key; to build with a fork, change the URL."
            ),
            command: format!(
                "cargo install --locked --root ~/.broadsheet --git {repository} --tag v{version} {package}"
            ),
            cache_key: format!("v{version}-{repository}"),
        }
    }
}

/// Checks a `--repository` URL: https, and nothing a YAML line, a shell
/// word or a cache key (no commas) would read differently.
pub fn check_repository(url: &str) -> std::result::Result<String, String> {
    let rest = url.strip_prefix("https://").ok_or_else(|| format!("{url:?} is not an https:// URL"))?;
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() {
        return Err(format!("{url:?} has no host"));
    }
    if let Some(c) = rest.chars().find(|c| !(c.is_ascii_alphanumeric() || "-._~/:@%".contains(*c))) {
        return Err(format!("{url:?} contains {c:?}; a git repository's URL needs only letters, digits and -._~/:@%"));
    }
    Ok(url.to_string())
}

/// The Pages workflow, getting Broadsheet as `install` says.
pub fn workflow(install: &Install) -> String {
    let note: String = install.note.lines().map(|l| format!("        # {l}\n")).collect();
    WORKFLOW
        .replace("        # __INSTALL_NOTE__\n", &note)
        .replace("__INSTALL__", &install.command)
        .replace("__CACHE_KEY__", &install.cache_key)
}

/// Creates the site in `dir` (which may exist but must not hold any of the
/// files written), its workflow installing Broadsheet from `repository`
/// (a URL [`check_repository`] accepts); returns the files written,
/// relative to `dir`.
pub fn init(dir: &Path, repository: &str, now: DateTime<Utc>) -> Result<Vec<PathBuf>> {
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
        (".github/workflows/pages.yml", workflow(&Install::release(repository, env!("CARGO_PKG_VERSION")))),
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
