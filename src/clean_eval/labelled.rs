//! The labelled pages the cleaner is fitted and measured on, read from
//! disk at fit and report time (they are never copied into the crate):
//! `real/ID.txt` with `ID.json` (url, title, body) and `raw/NAME.txt` with
//! `expected/NAME.json`. Each page knows its site, for leave-one-site-out
//! cross-validation, and its language.

use std::path::Path;

use serde::Deserialize;

use super::language;
use super::quality::{self, Expected};
use crate::clean::RawText;

/// Which set a page comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Set {
    /// Real pages with a human-marked body (and mostly a title).
    Real,
    /// Written pages with a full expected record.
    Raw,
}

/// One labelled page.
#[derive(Debug, Clone)]
pub struct Page {
    pub name: String,
    pub set: Set,
    /// Real pages: the URL's host. Written pages: the imaginary site.
    pub site: String,
    /// Guessed from the truth body (`language::guess`).
    pub lang: &'static str,
    pub raw: RawText,
    pub title: Option<String>,
    /// The true body's paragraphs.
    pub paragraphs: Vec<String>,
    /// The full expected record (written pages only).
    pub expected: Option<Expected>,
}

impl Page {
    pub(crate) fn body(&self) -> String {
        self.paragraphs.join("\n\n")
    }
}

/// `real/` pages, sorted by name; pages without a `.json` are skipped.
pub fn load_real(dir: &Path) -> Result<Vec<Page>, String> {
    #[derive(Deserialize)]
    struct Truth {
        #[serde(default)]
        url: String,
        title: Option<String>,
        body: String,
    }
    let mut out = Vec::new();
    for name in quality::txt_stems(dir)? {
        let json = dir.join(format!("{name}.json"));
        let Ok(text) = std::fs::read_to_string(&json) else { continue };
        let truth: Truth = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", json.display()))?;
        let txt = dir.join(format!("{name}.txt"));
        let bytes = std::fs::read(&txt).map_err(|e| format!("{}: {e}", txt.display()))?;
        let (text, _) = crate::clean::decode(&bytes);
        let paragraphs: Vec<String> =
            truth.body.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).map(String::from).collect();
        out.push(Page {
            site: host(&truth.url).unwrap_or(&name).to_string(),
            lang: language::guess(&truth.body),
            raw: RawText { name: txt.display().to_string(), text },
            title: truth.title,
            paragraphs,
            expected: None,
            name,
            set: Set::Real,
        });
    }
    Ok(out)
}

/// Written pages (`raw/` with `expected/`). `NN-slug` files come three to
/// a site (01–03, 04–06, …, as the samples README says); any other file
/// is a site of its own.
pub fn load_raw(dir: &Path) -> Result<Vec<Page>, String> {
    let samples = quality::load_samples(dir)?;
    Ok(samples
        .into_iter()
        .map(|s| {
            let number: Option<usize> = s.name.split('-').next().and_then(|n| n.parse().ok());
            let site = number.map_or_else(|| s.name.clone(), |n| format!("written-site-{}", (n.max(1) - 1) / 3 + 1));
            Page {
                lang: language::guess(&s.expected.body.join("\n")),
                site,
                title: s.expected.title.clone(),
                paragraphs: s.expected.body.clone(),
                raw: s.raw,
                expected: Some(s.expected),
                name: s.name,
                set: Set::Raw,
            }
        })
        .collect())
}

/// `https://host:port/path` → `host`.
fn host(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let end = rest.find(['/', ':', '?', '#']).unwrap_or(rest.len());
    Some(&rest[..end]).filter(|h| !h.is_empty())
}

/// The sites, in first-seen order, each with the indices of its pages.
pub fn sites(pages: &[Page]) -> Vec<(String, Vec<usize>)> {
    let mut out: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, p) in pages.iter().enumerate() {
        match out.iter_mut().find(|(s, _)| *s == p.site) {
            Some((_, v)) => v.push(i),
            None => out.push((p.site.clone(), vec![i])),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts() {
        assert_eq!(host("https://www.example.com/a/b"), Some("www.example.com"));
        assert_eq!(host("http://example.com:8080"), Some("example.com"));
        assert_eq!(host("nothing"), None);
    }
}
