//! `broadsheet new`: a correctly named content file with its front matter
//! filled in, for editors who would rather not remember the fields.

use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

use crate::config::Config;
use crate::error::{Diagnostic, Result};
use crate::group::{edition_id, parse_edition_id, period_start};
use crate::paths::slugify;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
/// The kind of content file `broadsheet new` writes.
pub enum NewKind {
    /// An article, under `content/articles/`.
    Article,
    /// A note, under `content/notes/`.
    Note,
    /// A topic, under `content/topics/`.
    Topic,
    /// An edition's title and intro, under `content/editions/`.
    Edition,
}

/// What to scaffold.
#[derive(Debug, Clone)]
pub struct NewItem {
    /// What to write.
    pub kind: NewKind,
    /// The title; the file name is its slug.
    pub title: String,
    /// For notes: `articles/SLUG`, `topics/SLUG`, `editions/ID`.
    pub about: Vec<String>,
    /// For notes: who wrote it.
    pub author: Option<String>,
    /// For editions: the period's ID (default: the current one).
    pub id: Option<String>,
}

/// Writes the new file under `root`, never overwriting one; returns its
/// path relative to the root.
pub fn create(root: &Path, config: &Config, item: &NewItem, now: DateTime<Utc>) -> Result<PathBuf> {
    let today = now.with_timezone(&config.timezone).date_naive();
    let (rel, text) = match item.kind {
        NewKind::Edition => {
            let id = match &item.id {
                Some(id) => {
                    let start = parse_edition_id(id, config.period).ok_or_else(|| {
                        Diagnostic::new("--id", None, format!("\"{id}\" is not an edition of this site's period")).hint(
                            format!("for example {}", edition_id(period_start(today, config.period), config.period)),
                        )
                    })?;
                    edition_id(start, config.period)
                }
                None => edition_id(period_start(today, config.period), config.period),
            };
            (PathBuf::from(format!("content/editions/{id}.md")), edition(&item.title))
        }
        kind => {
            let slug = slugify(&item.title);
            if slug.is_empty() {
                return Err(Diagnostic::new("TITLE", None, "the title gives no usable file name")
                    .hint("use a title with letters or digits")
                    .into());
            }
            let (folder, text) = match kind {
                NewKind::Article => ("articles", article(&item.title, &today.to_string())),
                NewKind::Note => {
                    check_about(root, &item.about)?;
                    ("notes", note(&item.title, &today.to_string(), item.author.as_deref(), &item.about))
                }
                _ => ("topics", topic(&item.title)),
            };
            (PathBuf::from(format!("content/{folder}/{slug}.md")), text)
        }
    };
    let path = root.join(&rel);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| Diagnostic::new(&rel, None, format!("cannot create folder: {e}")))?;
    }
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            Diagnostic::new(&rel, None, "already exists; refusing to overwrite it")
                .hint("choose another title, or edit the existing file")
        } else {
            Diagnostic::new(&rel, None, format!("cannot create: {e}"))
        }
    })?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .map_err(|e| Diagnostic::new(&rel, None, format!("cannot write: {e}")))?;
    Ok(rel)
}

/// Every `--about` target must name something that exists.
fn check_about(root: &Path, about: &[String]) -> Result<()> {
    let mut problems = Vec::new();
    for target in about {
        let exists = match target.split_once('/') {
            Some(("articles", slug)) => {
                ["md", "txt"].iter().any(|ext| root.join(format!("content/articles/{slug}.{ext}")).is_file())
            }
            Some(("topics", slug)) => root.join(format!("content/topics/{slug}.md")).is_file(),
            // Editions exist once articles fall into them; the build checks.
            Some(("editions", id)) => !id.is_empty(),
            _ => false,
        };
        if !exists {
            problems.push(
                Diagnostic::new("--about", None, format!("\"{target}\" does not exist"))
                    .hint("write articles/SLUG, topics/SLUG or editions/ID of existing content"),
            );
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(crate::Error::new(problems))
    }
}

/// A YAML double-quoted string.
fn quoted(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn article(title: &str, today: &str) -> String {
    format!(
        "---\ntitle: {}\nsource: \"\"            # required: the outlet credited wherever the article is shown\n\
         # source_url: \"https://…\"\n# published: {today}\nretrieved: {today}\nauthors: []\ntopics: []\n\
         draft: true              # remove once the source is filled in\n---\nThe article's paragraphs, in Markdown.\n",
        quoted(title)
    )
}

fn note(title: &str, today: &str, author: Option<&str>, about: &[String]) -> String {
    let about: Vec<String> = about.iter().map(|a| quoted(a)).collect();
    format!(
        "---\ntitle: {}\ndate: {today}\nauthor: {}\nabout: [{}]\n---\nWrite the note here.\n",
        quoted(title),
        quoted(author.unwrap_or("")),
        about.join(", ")
    )
}

fn topic(title: &str) -> String {
    format!(
        "---\ntitle: {}\ndescription: \"\"\nweight: 0\n# Articles without explicit topics join this topic when these rules match:\n\
         # match:\n#   all: [[Russia, Moscow, Kremlin], [North Korea, Pyongyang]]\n#   none: [football]\n\
         ---\nThe topic's editorial introduction.\n",
        quoted(title)
    )
}

fn edition(title: &str) -> String {
    format!("---\ntitle: {}\n---\nThe edition's introduction.\n", quoted(title))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_quoted_for_yaml() {
        assert_eq!(quoted("Kim \"expected\" \\ Putin"), "\"Kim \\\"expected\\\" \\\\ Putin\"");
        let text = note("Why: it matters", "2024-11-25", None, &["topics/x".into()]);
        let fm = text.split("---").nth(1).unwrap();
        let v: serde_yaml::Value = serde_yaml::from_str(fm).unwrap();
        assert_eq!(v["title"].as_str(), Some("Why: it matters"));
        assert_eq!(v["about"][0].as_str(), Some("topics/x"));
    }
}
