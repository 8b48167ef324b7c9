//! `broadsheet clean`: show or write what the cleaner makes of raw files.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use broadsheet::clean::{clean_corpus, decode, Cleaned, RawText};
use serde::Serialize;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print a JSON array, one object per file
    #[arg(long, conflicts_with_all = ["markdown", "explain"])]
    json: bool,
    /// Print each article as Broadsheet Markdown with front matter
    #[arg(long, conflicts_with = "explain")]
    markdown: bool,
    /// Save each article as SLUG.md beside its raw file (never overwrites)
    #[arg(long, conflicts_with_all = ["json", "explain"])]
    write: bool,
    /// Show every input block with the decision taken and the reason
    #[arg(long)]
    explain: bool,
    /// Raw text files to clean together (lines they share count as template)
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

/// The `--json` record: exactly the fields editors see.
#[derive(Serialize)]
struct JsonRecord<'a> {
    file: String,
    #[serde(flatten)]
    fields: FrontMatter<'a>,
    body: &'a [String],
    removed: &'a [String],
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    let mut inputs = Vec::new();
    let mut read_warnings = Vec::new();
    for file in &args.files {
        let bytes = broadsheet::error::read_regular(file, file).map_err(|d| d.to_string())?;
        let (text, warning) = decode(&bytes);
        if let Some(w) = warning {
            read_warnings.push(format!("{}: {w}", file.display()));
        }
        inputs.push(RawText { name: file.display().to_string(), text });
    }
    let cleaned = clean_corpus(&inputs);
    for w in read_warnings.iter().chain(cleaned.iter().flat_map(|c| &c.warnings)) {
        eprintln!("warning: {w}");
    }
    if args.json {
        let records: Vec<JsonRecord> = args.files.iter().zip(&cleaned).map(|(f, c)| json_record(f, c)).collect();
        let json = serde_json::to_string_pretty(&records).map_err(|e| e.to_string())?;
        println!("{json}");
    } else if args.write {
        return write_all(&args.files, &cleaned);
    } else if args.markdown {
        for c in &cleaned {
            print!("{}", markdown(c));
        }
    } else if args.explain {
        for (f, c) in args.files.iter().zip(&cleaned) {
            print!("{}", explain(f, c));
        }
    } else {
        for (f, c) in args.files.iter().zip(&cleaned) {
            print!("{}", summary(f, c));
        }
    }
    let unusable = cleaned.iter().any(|c| c.blocks.is_empty());
    Ok(if unusable { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

fn json_record<'a>(file: &Path, c: &'a Cleaned) -> JsonRecord<'a> {
    JsonRecord { file: file.display().to_string(), fields: FrontMatter::of(c), body: &c.body, removed: &c.removed }
}

/// Writes SLUG.md beside each raw file; refuses to overwrite.
fn write_all(files: &[PathBuf], cleaned: &[Cleaned]) -> Result<ExitCode, String> {
    let targets: Vec<PathBuf> = files.iter().map(|f| f.with_extension("md")).collect();
    let existing: Vec<String> = targets.iter().filter(|t| t.exists()).map(|t| t.display().to_string()).collect();
    if !existing.is_empty() {
        return Err(format!(
            "refusing to overwrite existing file(s): {}\n    hint: move or delete them, or edit them by hand",
            existing.join(", ")
        ));
    }
    for (target, c) in targets.iter().zip(cleaned) {
        if c.blocks.is_empty() {
            eprintln!("{}: nothing to write", target.display());
            continue;
        }
        std::fs::write(target, markdown(c)).map_err(|e| format!("{}: cannot write: {e}", target.display()))?;
        println!("wrote {}", target.display());
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Serialize)]
struct FrontMatter<'a> {
    title: &'a Option<String>,
    source: &'a Option<String>,
    published: &'a Option<String>,
    retrieved: &'a Option<String>,
    authors: &'a [String],
    figures: &'a [broadsheet::clean::CleanFigure],
}

impl<'a> FrontMatter<'a> {
    fn of(c: &'a Cleaned) -> Self {
        FrontMatter {
            title: &c.title,
            source: &c.source,
            published: &c.published,
            retrieved: &c.retrieved,
            authors: &c.authors,
            figures: &c.figures,
        }
    }
}

/// Broadsheet Markdown: YAML front matter, then the body paragraphs
/// escaped so that Markdown renders them as the same text.
fn markdown(c: &Cleaned) -> String {
    let yaml = serde_yaml::to_string(&FrontMatter::of(c)).unwrap_or_default();
    let mut out = format!("---\n{yaml}---\n");
    for p in &c.body {
        out.push('\n');
        out.push_str(&escape_markdown(p));
        out.push('\n');
    }
    out
}

/// Backslash-escapes Markdown punctuation so a paragraph renders verbatim.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!' | '&') {
            out.push('\\');
        }
        out.push(c);
    }
    // A leading "1." or "-" or "+" would start a list.
    let starts_list = out.starts_with(['-', '+'])
        || out.split_once(['.', ')']).is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    if starts_list {
        if let Some(pos) = out.find(['-', '+', '.', ')']) {
            out.insert(pos, '\\');
        }
    }
    out
}

fn explain(file: &Path, c: &Cleaned) -> String {
    let mut out = format!("== {}\n", file.display());
    for b in &c.blocks {
        let decision = serde_json::to_string(&b.decision).unwrap_or_default();
        // The reason (for story decisions: state, score and the signals
        // that weighed most) in full, under the line it explains.
        let _ = writeln!(out, "{:>5} {:<9} | {}", b.line, decision.trim_matches('"'), shorten(&b.text, 100));
        let _ = writeln!(out, "{:>15} {}", "", b.reason);
    }
    out.push('\n');
    out
}

fn summary(file: &Path, c: &Cleaned) -> String {
    let mut out = format!("== {}\n", file.display());
    let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    let _ = writeln!(out, "title:     {}", show(&c.title));
    let _ = writeln!(out, "source:    {}", show(&c.source));
    let _ = writeln!(out, "published: {}", show(&c.published));
    let _ = writeln!(out, "retrieved: {}", show(&c.retrieved));
    let _ = writeln!(out, "authors:   {}", c.authors.join(", "));
    let _ = writeln!(
        out,
        "figures:   {}   body: {} paragraphs   removed: {} blocks",
        c.figures.len(),
        c.body.len(),
        c.removed.len()
    );
    for p in c.body.iter().take(3) {
        let _ = writeln!(out, "  | {}", shorten(p, 100));
    }
    if c.body.len() > 3 {
        let _ = writeln!(out, "  | …");
    }
    out.push_str("(use --explain to see why each block was kept or dropped)\n\n");
    out
}

fn shorten(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text a Markdown renderer shows for a paragraph.
    fn rendered_text(md: &str) -> String {
        use pulldown_cmark::{Event, Parser};
        Parser::new(md)
            .filter_map(|e| match e {
                Event::Text(t) | Event::Code(t) => Some(t.to_string()),
                Event::SoftBreak | Event::HardBreak => Some(" ".into()),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn escaped_paragraphs_render_as_the_same_text() {
        for p in [
            "*Not emphasis* and _not_ either, `not code`, [not a link](x) <b>not html</b>",
            "1. Not a list item",
            "2024) neither",
            "- not a bullet",
            "+ nor this",
            "# not a heading",
            "> not a quote",
            "Price rose 3.5% to $2.87 & more | pipes ~~no strike~~ !bang",
            "Back\\slash and trailing two spaces  ",
            "3.5% rise in prices",
        ] {
            let shown = rendered_text(&escape_markdown(p));
            assert_eq!(shown.trim_end(), p.trim_end(), "escaped: {}", escape_markdown(p));
        }
    }

    #[test]
    fn escaping() {
        assert_eq!(escape_markdown("a *b* [c]"), "a \\*b\\* \\[c\\]");
        assert_eq!(escape_markdown("1. not a list"), "1\\. not a list");
        assert_eq!(escape_markdown("- dash"), "\\- dash");
    }
}
