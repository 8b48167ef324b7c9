//! `broadsheet clean`: show or write what the cleaner makes of raw files.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use broadsheet::clean::{decode, Cleaned, RawText};
use broadsheet::html::Page;
use serde::Serialize;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print a JSON array, one object per file
    #[arg(long, conflicts_with_all = ["markdown", "explain"])]
    json: bool,
    /// Print each article as Broadsheet Markdown with front matter
    #[arg(long, conflicts_with = "explain")]
    markdown: bool,
    /// Save each article as SLUG.md beside its raw file, its sidecar merged
    /// in, and move the raw file and sidecar to content/archive/ (never
    /// overwrites)
    #[arg(long, conflicts_with_all = ["json", "explain"])]
    write: bool,
    /// Show every input block with the decision taken and the reason
    #[arg(long)]
    explain: bool,
    /// Raw text files (cleaned together: lines they share count as template)
    /// or saved web pages (.html)
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
        // A saved page (.html) is read in its own charset.
        let (text, warning) =
            if is_page(file) { (broadsheet::html::charset::decode(&bytes, None).0, None) } else { decode(&bytes) };
        if let Some(w) = warning {
            read_warnings.push(format!("{}: {w}", file.display()));
        }
        inputs.push(RawText { name: file.display().to_string(), text });
    }
    // A site's raw article is cleaned with the other raw files of its
    // folder, as the build cleans it (lines they share are template), so
    // that what is shown or written is what the build would show.
    for file in site_siblings(&args.files) {
        if let Ok(bytes) = std::fs::read(&file) {
            inputs.push(RawText { name: file.display().to_string(), text: decode(&bytes).0 });
        }
    }
    let mut pages = broadsheet::html::clean_all(&inputs);
    pages.truncate(args.files.len());
    let cleaned: Vec<&Cleaned> = pages.iter().map(|p| &p.article).collect();
    for w in read_warnings.iter().chain(cleaned.iter().flat_map(|c| &c.warnings)) {
        eprintln!("warning: {w}");
    }
    if args.json {
        let records: Vec<JsonRecord> = args.files.iter().zip(&pages).map(|(f, p)| json_record(f, p)).collect();
        let json = serde_json::to_string_pretty(&records).map_err(|e| e.to_string())?;
        println!("{json}");
    } else if args.write {
        return write_all(&args.files, &pages);
    } else if args.markdown {
        for (f, p) in args.files.iter().zip(&pages) {
            print!("{}", markdown(f, p, sidecar(f)?.as_ref())?);
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

fn json_record<'a>(file: &Path, p: &'a Page) -> JsonRecord<'a> {
    let c = &p.article;
    JsonRecord { file: file.display().to_string(), fields: FrontMatter::of(p), body: &c.body, removed: &c.removed }
}

/// A saved web page rather than a text dump.
fn is_page(file: &Path) -> bool {
    broadsheet::html::is_page(&file.to_string_lossy())
}

/// A raw file's sidecar (`SLUG.meta.yaml` beside it): its path and text.
fn sidecar(raw: &Path) -> Result<Option<(PathBuf, String)>, String> {
    let path = raw.with_extension("meta.yaml");
    if !path.is_file() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: cannot read: {e}", path.display()))?;
    Ok(Some((path, text)))
}

/// The other raw files of the site folders (`content/articles/`) that
/// `files` are in, sorted, none of `files` itself.
fn site_siblings(files: &[PathBuf]) -> Vec<PathBuf> {
    let given: Vec<PathBuf> = files.iter().filter_map(|f| std::fs::canonicalize(f).ok()).collect();
    let mut folders: Vec<PathBuf> =
        given.iter().filter(|f| archive_dir(f).is_some()).filter_map(|f| f.parent().map(Path::to_path_buf)).collect();
    folders.sort();
    folders.dedup();
    let mut siblings: Vec<PathBuf> = folders
        .iter()
        .filter_map(|dir| std::fs::read_dir(dir).ok())
        .flatten()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "txt") && p.is_file() && !given.contains(p))
        .collect();
    siblings.sort();
    siblings
}

/// Where a raw file of `content/articles/` goes once it is Markdown:
/// `content/archive/`, which the build does not read. `None` for a file
/// outside a site's articles, which no build reads anyway.
fn archive_dir(raw: &Path) -> Option<PathBuf> {
    let articles = raw.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let articles = std::fs::canonicalize(articles).ok()?;
    let content = articles.parent()?;
    let in_site = articles.file_name()? == "articles" && content.file_name()? == broadsheet::load::CONTENT_DIR;
    in_site.then(|| content.join(broadsheet::load::ARCHIVE_DIR))
}

/// Writes SLUG.md beside each raw file, with its sidecar merged in, and
/// moves the raw file and sidecar to the archive, so that the next build
/// reads the article once, from the Markdown. Refuses to overwrite
/// anything, before writing anything.
fn write_all(files: &[PathBuf], pages: &[Page]) -> Result<ExitCode, String> {
    let mut plans = Vec::new();
    let mut existing = Vec::new();
    for (file, c) in files.iter().zip(pages) {
        let target = file.with_extension("md");
        let sidecar = sidecar(file)?;
        let archive = archive_dir(file);
        if target.exists() {
            existing.push(target.display().to_string());
        }
        let moved: Vec<&Path> =
            std::iter::once(file.as_path()).chain(sidecar.as_ref().map(|(p, _)| p.as_path())).collect();
        if let Some(dir) = &archive {
            for m in &moved {
                let to = dir.join(m.file_name().unwrap_or_default());
                if to.exists() {
                    existing.push(to.display().to_string());
                }
            }
        }
        plans.push((file, c, target, sidecar, archive));
    }
    if !existing.is_empty() {
        return Err(format!(
            "refusing to overwrite existing file(s): {}\n    hint: move or delete them, or edit them by hand",
            existing.join(", ")
        ));
    }
    for (file, c, target, sidecar, archive) in plans {
        if c.article.blocks.is_empty() {
            eprintln!("{}: nothing to write", target.display());
            continue;
        }
        let text = markdown(file, c, sidecar.as_ref())?;
        std::fs::write(&target, text).map_err(|e| format!("{}: cannot write: {e}", target.display()))?;
        println!("wrote {}", target.display());
        let Some(dir) = archive else { continue };
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: cannot create: {e}", dir.display()))?;
        for from in std::iter::once(file.clone()).chain(sidecar.map(|(p, _)| p)) {
            let to = dir.join(from.file_name().unwrap_or_default());
            std::fs::rename(&from, &to)
                .map_err(|e| format!("{}: cannot move to {}: {e}", from.display(), to.display()))?;
            println!("moved {} to {}", from.display(), shown(&to));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A path relative to the current folder when it is inside it.
fn shown(path: &Path) -> String {
    let here = std::env::current_dir().ok().and_then(|d| std::fs::canonicalize(d).ok());
    here.and_then(|h| path.strip_prefix(h).ok().map(|p| p.display().to_string()))
        .unwrap_or_else(|| path.display().to_string())
}

#[derive(Serialize)]
struct FrontMatter<'a> {
    title: &'a Option<String>,
    source: &'a Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_url: &'a Option<String>,
    published: &'a Option<String>,
    retrieved: &'a Option<String>,
    authors: &'a [String],
    figures: &'a [broadsheet::clean::CleanFigure],
}

impl<'a> FrontMatter<'a> {
    fn of(p: &'a Page) -> Self {
        let c = &p.article;
        FrontMatter {
            title: &c.title,
            source: &c.source,
            source_url: &p.source_url,
            published: &c.published,
            retrieved: &c.retrieved,
            authors: &c.authors,
            figures: &c.figures,
        }
    }
}

/// Broadsheet Markdown: the front matter the build would read (the
/// sidecar's fields on top, empty ones left out), then the body
/// paragraphs escaped so that Markdown renders them as the same text (a
/// saved page's list, quote and subheading markers kept).
fn markdown(file: &Path, page: &Page, sidecar: Option<&(PathBuf, String)>) -> Result<String, String> {
    let c = &page.article;
    let matter = broadsheet::assemble::raw_front_matter(page, sidecar.map(|(_, text)| text.as_str()))
        .map_err(|e| format!("{}: {e}", sidecar.map_or(String::new(), |(p, _)| p.display().to_string())))?;
    let yaml = serde_yaml::to_string(&matter).map_err(|e| e.to_string())?;
    let mut out = format!("---\n{yaml}---\n");
    let saved_page = is_page(file);
    for p in &c.body {
        out.push('\n');
        let (marker, text) = if saved_page { broadsheet::html::marker(p) } else { ("", p.as_str()) };
        out.push_str(marker);
        out.push_str(&escape_markdown(text));
        out.push('\n');
    }
    Ok(out)
}

/// Backslash-escapes Markdown punctuation so a paragraph renders verbatim.
fn escape_markdown(text: &str) -> String {
    let text = text.trim_start();
    let mut out = String::with_capacity(text.len() + 8);
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let prev = i.checked_sub(1).map(|p| chars[p]);
        // Smart punctuation would curl straight quotes and make `--` and
        // `...` dashes and ellipses: the raw article shows them as typed.
        let smart = matches!(c, '\'' | '"')
            || (c == '-' && (next == Some('-') || prev == Some('-')))
            || (c == '.' && (next == Some('.') || prev == Some('.')));
        if smart || matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|' | '~' | '!' | '&') {
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
    fn a_written_paragraph_renders_as_the_raw_article_shows_it() {
        let links = broadsheet::markdown::LinkContext { base_path: "/", trust_html: false };
        for p in [
            "Kim's \"friendship\" -- and 'more'... said it's 3--4 times",
            "Prices rose 3.5% & fell <b>bold</b> *not* [x](y) `c`",
            "1. Not a list",
            "    indented four spaces",
            "Ends with a backslash \\",
            "A line with trailing spaces  ",
        ] {
            let shown = broadsheet::markdown::render(&escape_markdown(p), &links).text;
            assert_eq!(shown.trim_end(), p.trim(), "escaped: {}", escape_markdown(p));
        }
    }

    #[test]
    fn escaping() {
        assert_eq!(escape_markdown("a *b* [c]"), "a \\*b\\* \\[c\\]");
        assert_eq!(escape_markdown("1. not a list"), "1\\. not a list");
        assert_eq!(escape_markdown("- dash"), "\\- dash");
    }
}
