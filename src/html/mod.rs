//! The HTML front-end of the cleaner: a saved or fetched web page → the
//! same article record a text dump gives (`clean::Cleaned`), plus the
//! page's canonical URL.
//!
//! - `charset`: bytes → text in the page's charset (BOM, HTTP header,
//!   `<meta charset>`).
//! - `dom`: a DOM subtree → text blocks with what the DOM says about each.
//! - `meta`: the page's metadata (Open Graph, JSON-LD, canonical, times).
//! - `title`: the headline, from the `<h1>` and the declared titles.
//! - `body`: the story's blocks — readability's (dom_smoothie) candidate
//!   checked against the page's own DOM signals.
//!
//! Only text leaves this module: no markup, script or URL of the page
//! reaches the site except the canonical URL, which is checked later as
//! any `source_url` is.

mod body;
pub mod charset;
mod dom;
pub mod fetch;
mod fields;
mod meta;
mod title;

use scraper::Html;

pub use body::Params;

use crate::clean::{Cleaned, Decision};

/// Above this size a page is refused (saved pages with inline images can
/// be large; 16 MB is far past any article).
pub(crate) const MAX_BYTES: usize = 16 * 1024 * 1024;

/// A cleaned page: the article record and the canonical URL.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// The article record, as the text cleaner gives it.
    pub article: Cleaned,
    /// The page's canonical address, when it gives one.
    pub source_url: Option<String>,
    /// The absolute http(s) address of each figure's image on the outlet's
    /// server, beside `article.figures`; shown only where the site allows
    /// hot-linking.
    pub figure_images: Vec<Option<String>>,
}

/// Which body extraction to run (the comparison in the README).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Extractor {
    /// dom_smoothie's content, as it gives it.
    Readability,
    /// Ours: readability's candidate checked against the page's DOM.
    Broadsheet,
}

/// Cleans one page's HTML. `url` is where it was fetched from, if known.
pub fn clean(html: &str, url: Option<&str>) -> Page {
    clean_with(html, url, Extractor::Broadsheet, &Params::default())
}

/// [`clean`], with the extraction and parameters chosen (for comparing them).
pub fn clean_with(html: &str, url: Option<&str>, extractor: Extractor, params: &Params) -> Page {
    let mut page = Page::default();
    let out = &mut page.article;
    if html.trim().is_empty() {
        out.warnings.push("empty page: nothing to clean; add a sidecar SLUG.meta.yaml with the fields by hand".into());
        return page;
    }
    if html.len() > MAX_BYTES {
        out.warnings.push(format!(
            "page of {} bytes is over the {} MB limit: not cleaned",
            html.len(),
            MAX_BYTES >> 20
        ));
        return page;
    }
    let doc = Html::parse_document(html);
    let meta = meta::read(&doc);
    let headings = meta::headings(&doc);
    out.title = title::pick(&meta, &headings);
    let story = body::extract(html, &doc, url, out.title.as_deref(), extractor, params);
    out.body = story.paragraphs;
    out.figures = story.figures.iter().map(|(f, _)| f.clone()).collect();
    out.removed = story.blocks.iter().filter(|b| b.decision == Decision::Removed).map(|b| b.text.clone()).collect();
    out.blocks = story.blocks;
    fields::fill(out, &meta, &doc);
    page.source_url = fields::canonical(&meta, url);
    let base = page.source_url.clone().or_else(|| url.map(str::to_string));
    page.figure_images =
        story.figures.iter().map(|(_, src)| src.as_deref().and_then(|s| fields::resolve(s, base.as_deref()))).collect();
    if out.source.is_none() {
        // No outlet name on the page: its web address still credits it.
        out.source = page.source_url.as_deref().and_then(fields::host);
    }
    if out.title.is_none() {
        out.warnings.push("no headline found: add `title: …` to SLUG.meta.yaml".into());
    }
    if out.body.is_empty() {
        out.warnings.push("no story text found: add the text by hand or check the saved page".into());
    }
    page
}

/// Whether a file name is a saved page the HTML front-end reads.
pub fn is_page(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".html") || lower.ends_with(".htm")
}

/// Cleans raw articles of both kinds in input order: text dumps together
/// (their shared lines are template), saved pages one by one. Names ending
/// in `.html` or `.htm` are pages.
pub fn clean_all(inputs: &[crate::clean::RawText]) -> Vec<Page> {
    use rayon::prelude::*;
    let texts: Vec<crate::clean::RawText> = inputs.iter().filter(|i| !is_page(&i.name)).cloned().collect();
    let mut texts = crate::clean::clean_corpus(&texts).into_iter();
    let mut pages: std::vec::IntoIter<Page> = inputs
        .par_iter()
        .filter(|i| is_page(&i.name))
        .map(|i| {
            let mut p = clean(&i.text, None);
            p.article.warnings = p.article.warnings.iter().map(|w| format!("{}: {w}", i.name)).collect();
            p
        })
        .collect::<Vec<_>>()
        .into_iter();
    inputs
        .iter()
        .map(|i| {
            if is_page(&i.name) {
                pages.next().unwrap_or_default()
            } else {
                Page { article: texts.next().unwrap_or_default(), ..Page::default() }
            }
        })
        .collect()
}

/// A body paragraph's Markdown marker (`## `, `- `, `3. `, `> `) and its
/// text; the marker is empty for a plain paragraph.
pub fn marker(paragraph: &str) -> (&str, &str) {
    for m in ["## ", "- ", "> "] {
        if let Some(rest) = paragraph.strip_prefix(m) {
            return (m, rest);
        }
    }
    if let Some((n, rest)) = paragraph.split_once(". ") {
        if !n.is_empty() && n.len() <= 4 && n.bytes().all(|b| b.is_ascii_digit()) {
            return (&paragraph[..n.len() + 2], rest);
        }
    }
    ("", paragraph)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FERRY: &str = include_str!("../../tests/fixtures/html/content/articles/ferry.html");

    #[test]
    fn deterministic_and_text_only() {
        let a = clean(FERRY, None);
        let b = clean(FERRY, None);
        assert_eq!(format!("{:?}", a.article), format!("{:?}", b.article));
        let all = format!("{:?}", a.article.body);
        assert!(!all.contains('<') && !all.contains("window.location"), "{all}");
    }

    #[test]
    fn empty_and_odd_pages_do_not_panic() {
        for page in ["", "   ", "<html>", "<p>only a paragraph</p>", "\u{0}\u{1}binary", "<h1>Title</h1>"] {
            let p = clean(page, Some("not a url"));
            assert!(p.source_url.is_none());
        }
        assert!(!clean("", None).article.warnings.is_empty());
    }

    #[test]
    fn markers() {
        assert_eq!(marker("## Sub"), ("## ", "Sub"));
        assert_eq!(marker("12. Item"), ("12. ", "Item"));
        assert_eq!(marker("Plain. Text"), ("", "Plain. Text"));
    }
}
