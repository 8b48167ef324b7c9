//! The cleaner: a raw text dump of a news page → an article record.
//!
//! Text dumps have no DOM, so the cleaner works on lines and blocks. It never
//! invents text: every body paragraph is a whole line of the input.

use serde::Serialize;

/// One raw file to clean.
#[derive(Debug, Clone)]
pub struct RawText {
    /// How the file is named in reports (usually its path).
    pub name: String,
    pub text: String,
}

/// A figure found in the dump.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CleanFigure {
    pub alt: Option<String>,
    pub caption: Option<String>,
    pub credit: Option<String>,
}

/// What the cleaner decided about one input block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    Title,
    Body,
    Figure,
    Credit,
    Date,
    Author,
    Removed,
}

/// One input block (a line of the dump) and what became of it.
#[derive(Debug, Clone, Serialize)]
pub struct Block {
    /// 1-based line in the input.
    pub line: usize,
    pub text: String,
    pub decision: Decision,
    pub reason: String,
}

/// The article record made from one dump.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Cleaned {
    pub title: Option<String>,
    pub source: Option<String>,
    /// ISO date (`2024-11-25`) or RFC 3339 datetime.
    pub published: Option<String>,
    /// ISO date: the scrape date a "today" widget shows.
    pub retrieved: Option<String>,
    pub authors: Vec<String>,
    pub figures: Vec<CleanFigure>,
    pub body: Vec<String>,
    /// Input blocks that were dropped.
    pub removed: Vec<String>,
    /// Every input block with its decision and reason, for `--explain`.
    pub blocks: Vec<Block>,
    /// Problems worth telling the editor (e.g. no title found).
    pub warnings: Vec<String>,
}

/// Cleans files together, so that lines repeated across dumps of the same
/// site count as template. Output is in input order.
pub fn clean_corpus(inputs: &[RawText]) -> Vec<Cleaned> {
    inputs.iter().map(|i| clean_one(&i.text)).collect()
}

/// Placeholder until the real cleaner lands: first line is the title, lines
/// of ten words or more are body.
fn clean_one(text: &str) -> Cleaned {
    let mut out = Cleaned::default();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let decision = if out.title.is_none() {
            out.title = Some(line.to_string());
            Decision::Title
        } else if line.split_whitespace().count() >= 10 {
            out.body.push(line.to_string());
            Decision::Body
        } else {
            out.removed.push(line.to_string());
            Decision::Removed
        };
        out.blocks.push(Block { line: i + 1, text: line.to_string(), decision, reason: String::new() });
    }
    out
}
