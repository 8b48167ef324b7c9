//! The story's blocks. Readability (dom_smoothie) proposes a content
//! subtree; its blocks are found again in the page, where the DOM says
//! more about each (link text, class and id hints, figures, chrome), and
//! kept or dropped on those signals. Paragraphs keep lists, quotes and
//! subheadings as Markdown.

use std::collections::HashMap;

use scraper::{Html, Selector};

use super::dom::{self, Kind, TextBlock};
use super::title::key;
use crate::clean::{CleanFigure, Decision};

/// Hand-set thresholds (tuned on some sites, reported on the others: see
/// `examples/html_quality.rs`).
#[derive(Debug, Clone, Copy)]
pub struct Params {
    /// A block with more link text than this share is navigation.
    pub max_link_density: f64,
    /// Blocks readability dropped come back when they have this many words
    /// and sit in a container it kept.
    pub min_words_back: usize,
    /// A block this short with a year and a month or clock time is a date stamp.
    pub max_date_words: usize,
    /// A capitals-only block this short is a label ("DON'T MISS").
    pub max_label_words: usize,
    /// Drop text the page shows more than once (galleries, teasers).
    pub drop_repeated: bool,
}

impl Default for Params {
    fn default() -> Params {
        Params {
            max_link_density: 0.5,
            min_words_back: 12,
            max_date_words: 12,
            max_label_words: 4,
            drop_repeated: true,
        }
    }
}

pub(super) struct Story {
    pub paragraphs: Vec<String>,
    /// Each figure with its image's address as the page gives it.
    pub figures: Vec<(CleanFigure, Option<String>)>,
    /// Every text block of the page with what became of it.
    pub blocks: Vec<crate::clean::Block>,
}

pub(super) fn extract(
    html: &str,
    doc: &Html,
    url: Option<&str>,
    title: Option<&str>,
    extractor: super::Extractor,
    params: &Params,
) -> Story {
    let chosen = readability_blocks(html, url);
    let page = dom::blocks(doc.root_element());
    let title_key = title.map(key);
    let blocks: Vec<TextBlock> = match extractor {
        super::Extractor::Readability => chosen,
        super::Extractor::Broadsheet => {
            let picked = select(&page, &chosen, title_key.as_deref(), params);
            // Readability's content not found again in the page (it
            // rewrote the text, or took it from a `<noscript>`): its own
            // blocks, captions and the headline dropped.
            if words(&picked) * 2 < words(&chosen) {
                chosen
                    .into_iter()
                    .filter(|b| {
                        b.flags & dom::IN_FIGURE == 0
                            && !(matches!(b.kind, Kind::Heading(_)) && title_key.as_deref() == Some(b.key.as_str()))
                    })
                    .collect()
            } else {
                picked
            }
        }
    };
    let paragraphs = blocks
        .iter()
        .filter(|b| extractor == super::Extractor::Readability || b.kind != Kind::Caption)
        .map(markdown)
        .filter(|p| !p.is_empty())
        .collect();
    let figures = figures(doc);
    let kept: std::collections::HashSet<String> = blocks.iter().map(|b| b.key.clone()).collect();
    let blocks = page
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let k = &b.key;
            let (decision, reason) = if title_key.as_deref() == Some(k.as_str()) {
                (Decision::Title, "the headline")
            } else if kept.contains(k) {
                (Decision::Body, "in the story's container")
            } else if b.flags & dom::IN_FIGURE != 0 {
                (Decision::Figure, "in a <figure>")
            } else if b.link_density() > params.max_link_density {
                (Decision::Removed, "mostly link text")
            } else if let Some(why) = furniture(b, params) {
                (Decision::Removed, why)
            } else if b.flags & dom::IN_CHROME != 0 {
                (Decision::Removed, "in navigation, header, footer or aside")
            } else {
                (Decision::Removed, "outside the story's container")
            };
            crate::clean::Block { line: i + 1, text: b.text.clone(), decision, reason: reason.to_string().into() }
        })
        .collect();
    Story { paragraphs, figures, blocks }
}

fn words(blocks: &[TextBlock]) -> usize {
    blocks.iter().map(TextBlock::words).sum()
}

/// dom_smoothie's content, as blocks. Empty when it finds nothing.
fn readability_blocks(html: &str, url: Option<&str>) -> Vec<TextBlock> {
    let url = url.filter(|u| u.starts_with("http://") || u.starts_with("https://"));
    let Ok(mut r) = dom_smoothie::Readability::new(html, url, None) else {
        return Vec::new();
    };
    let Ok(article) = r.parse() else {
        return Vec::new();
    };
    let fragment = Html::parse_fragment(&article.content);
    dom::blocks(fragment.root_element())
}

/// Readability's blocks found again in the page, checked, with nearby
/// prose it dropped brought back.
fn select(page: &[TextBlock], chosen: &[TextBlock], title: Option<&str>, params: &Params) -> Vec<TextBlock> {
    let mut wanted: HashMap<String, usize> = HashMap::new();
    for b in chosen {
        *wanted.entry(b.key.clone()).or_default() += 1;
    }
    let picked: Vec<bool> = page
        .iter()
        .map(|b| match wanted.get_mut(&b.key) {
            Some(n) if *n > 0 => {
                *n -= 1;
                true
            }
            _ => false,
        })
        .collect();
    let kept_parents: std::collections::HashSet<usize> =
        page.iter().zip(&picked).filter(|(_, p)| **p).map(|(b, _)| b.parent).collect();
    let first = picked.iter().position(|p| *p);
    let last = picked.iter().rposition(|p| *p);
    let (Some(first), Some(last)) = (first, last) else {
        return Vec::new();
    };
    // Text the page shows twice is a gallery's or a teaser's, not the
    // story's (the story's own lines are there once).
    let mut seen: HashMap<String, usize> = HashMap::new();
    for b in page {
        if b.words() >= 4 {
            *seen.entry(b.key.clone()).or_default() += 1;
        }
    }
    let mut out = Vec::new();
    for (i, b) in page.iter().enumerate() {
        let mut keep = picked[i];
        if !keep && i > first && i < last && kept_parents.contains(&b.parent) {
            keep = b.words() >= params.min_words_back && b.flags & (dom::IN_CHROME | dom::BAD_HINT) == 0;
        }
        if !keep {
            continue;
        }
        if b.flags & dom::IN_FIGURE != 0 || b.kind == Kind::Caption {
            continue;
        }
        if b.link_density() > params.max_link_density {
            continue;
        }
        if matches!(b.kind, Kind::Heading(_)) && title.is_some_and(|t| t == b.key) {
            continue;
        }
        if furniture(b, params).is_some() {
            continue;
        }
        if params.drop_repeated && b.words() >= 4 && seen.get(&b.key).is_some_and(|n| *n > 1) {
            continue;
        }
        out.push(b.clone());
    }
    out
}

/// Why a block the container holds is not story text: a date stamp
/// ("Posted: Fri 6:45 PM, Feb 16, 2018"), a caption with its photo credit
/// outside any `<figure>`, or a short all-capitals label ("DON'T MISS").
pub(super) fn furniture(b: &TextBlock, params: &Params) -> Option<&'static str> {
    use std::sync::LazyLock;
    static YEAR: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(r"\b(19|20)\d\d\b").expect("the pattern is valid"));
    static DATE_WORD: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b|\d{1,2}:\d\d|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\b(posted|updated|published)\b",
        )
        .expect("the pattern is valid")
    });
    let words = b.words();
    if words <= params.max_date_words && YEAR.is_match(&b.text) && DATE_WORD.is_match(&b.text) {
        return Some("a date stamp");
    }
    static COUNTER: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(r"(?i)^(image|photo|picture|slide)?\s*\d+\s*(of|/)\s*/?\s*\d*$")
            .expect("the pattern is valid")
    });
    if words <= 6 && COUNTER.is_match(&b.text) {
        return Some("a gallery counter");
    }
    if words <= 40 && labelled_credit(&b.text) {
        return Some("a caption with its photo credit");
    }
    let letters: Vec<char> = b.text.chars().filter(|c| c.is_alphabetic()).collect();
    if words <= params.max_label_words
        && letters.len() >= 3
        && letters.iter().all(|c| c.is_uppercase())
        && !matches!(b.kind, Kind::Heading(_))
    {
        return Some("a short label in capitals");
    }
    None
}

/// "… (Image: Agency)" or "… Photo: Jane Doe/Agency" at the end.
fn labelled_credit(text: &str) -> bool {
    let t = text.trim_end().trim_end_matches([')', ']']).trim_end();
    let lower = t.to_lowercase();
    ["(image:", "(photo:", "(picture:", "(credit:", "[image:", "[photo:", "photo:", "image:", "credit:", "photograph:"]
        .iter()
        .any(|l| lower.rfind(l).is_some_and(|i| lower[i..].split_whitespace().count() <= 6))
}

/// A block as one Markdown paragraph.
fn markdown(b: &TextBlock) -> String {
    match b.kind {
        Kind::Heading(_) => format!("## {}", b.text),
        Kind::Item(None) => format!("- {}", b.text),
        Kind::Item(Some(n)) => format!("{n}. {}", b.text),
        Kind::Quote => format!("> {}", b.text),
        Kind::Paragraph | Kind::Preformatted | Kind::Caption => b.text.clone(),
    }
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap_or_else(|_| Selector::parse("*").expect("`*` parses"))
}

/// Figures with a caption: `<figure>` with `<figcaption>`, the caption's
/// credit split off (a credit element, or a "Photo: …" tail).
fn figures(doc: &Html) -> Vec<(CleanFigure, Option<String>)> {
    let credit_sel = sel("[class*=credit], [class*=copyright], [class*=photographer], [class*=source], small");
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for fig in doc.select(&sel("figure")) {
        let Some(cap) = fig.select(&sel("figcaption")).next() else { continue };
        let alt = fig
            .select(&sel("img[alt]"))
            .find_map(|i| i.value().attr("alt"))
            .map(dom::collapse)
            .filter(|a| !a.is_empty());
        let full = dom::collapse(&cap.text().collect::<String>());
        let credit_el = cap.select(&credit_sel).next().map(|c| dom::collapse(&c.text().collect::<String>()));
        let (caption, credit) = match credit_el.filter(|c| !c.is_empty() && full.contains(c.as_str())) {
            Some(c) => (dom::collapse(&full.replacen(c.as_str(), "", 1)), Some(clean_credit(&c))),
            None => split_credit(&full),
        };
        let caption = Some(caption).filter(|c| !c.is_empty());
        if (caption.is_none() && credit.is_none()) || !seen.insert(full) {
            continue;
        }
        let src = fig.select(&sel("img")).find_map(|i| {
            let e = i.value();
            e.attr("src").filter(|s| !s.starts_with("data:")).or(e.attr("data-src"))
        });
        out.push((CleanFigure { alt, caption, credit, after_paragraph: None }, src.map(str::to_string)));
    }
    out
}

const CREDIT_LABELS: &[&str] =
    &["photo:", "photograph:", "image:", "credit:", "picture:", "photo by", "photo credit:", "foto:", "©", "(c)"];

fn clean_credit(c: &str) -> String {
    let mut s = c.trim().trim_matches(['(', ')', '[', ']']).trim();
    for l in CREDIT_LABELS {
        if s.len() >= l.len() && s.is_char_boundary(l.len()) && s[..l.len()].eq_ignore_ascii_case(l) {
            s = s[l.len()..].trim();
        }
    }
    s.to_string()
}

/// "Caption text. Photo: Jane Doe/Agency" → caption and credit; also a
/// trailing "(Jane Doe/Agency)" or "© Agency".
fn split_credit(text: &str) -> (String, Option<String>) {
    let lower = text.to_lowercase();
    for l in CREDIT_LABELS {
        if let Some(i) = lower.rfind(l) {
            if text.is_char_boundary(i) && (i == 0 || text[..i].ends_with([' ', '.', '|', '(', '['])) {
                let credit = clean_credit(&text[i..]);
                if !credit.is_empty() && credit.split_whitespace().count() <= 8 {
                    let caption = text[..i].trim().trim_end_matches(['(', '[', '|']).trim().to_string();
                    return (caption, Some(credit));
                }
            }
        }
    }
    if let Some(open) = text.rfind('(') {
        let tail = &text[open..];
        if tail.ends_with(')') && tail.contains('/') && tail.split_whitespace().count() <= 6 {
            return (text[..open].trim().to_string(), Some(clean_credit(tail)));
        }
    }
    (text.to_string(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credits_split_from_captions() {
        let (c, cr) = split_credit("Fans wait outside the stadium. Photo: Ana Silva/Northgate");
        assert_eq!((c.as_str(), cr.as_deref()), ("Fans wait outside the stadium.", Some("Ana Silva/Northgate")));
        let (c, cr) = split_credit("A ferry leaves the harbour (Tom Reed/Harbour Press)");
        assert_eq!((c.as_str(), cr.as_deref()), ("A ferry leaves the harbour", Some("Tom Reed/Harbour Press")));
        assert_eq!(split_credit("Just a caption").1, None);
    }
}
