//! Markdown → HTML, once per document. Parser options live here and only
//! here; all transformations work on pulldown-cmark events, never on text.

use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd};

/// How links in Markdown are resolved.
#[derive(Debug, Clone)]
pub struct LinkContext<'a> {
    /// The site's base path, e.g. `/repo/`.
    pub base_path: &'a str,
    /// Keep raw HTML as written instead of sanitising it.
    pub trust_html: bool,
}

/// A rendered Markdown document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// Sanitised HTML.
    pub html: String,
    /// Plain text of the first paragraph (for summaries).
    pub first_paragraph: String,
    /// Plain text of the whole document.
    pub text: String,
    /// Every link and image URL, so that the build and `check` can point
    /// at the line that wrote it.
    pub links: Vec<Link>,
    /// Where each top-level block (paragraph, list, table…) ends in `html`,
    /// so figures can go between them. Empty when the HTML was sanitised
    /// (sanitising moves the offsets).
    pub block_ends: Vec<usize>,
}

/// A link or image URL of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// As rendered: `@/articles/x` becomes `/base/articles/x/`.
    pub url: String,
    /// As the editor wrote it.
    pub written: String,
    /// 1-based line in the Markdown.
    pub line: usize,
}

/// The parser options every Markdown document is read with.
pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_SMART_PUNCTUATION
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Ids the theme uses; headings never take them.
const RESERVED_IDS: [&str; 4] = ["main", "top", "content", "notes"];

/// Renders Markdown to sanitised HTML, resolving content references (`@/articles/slug`) and giving headings anchors.
pub fn render(markdown: &str, links: &LinkContext) -> Rendered {
    let (mut events, offsets): (Vec<Event>, Vec<usize>) =
        Parser::new_ext(markdown, options()).into_offset_iter().map(|(e, range)| (e, range.start)).unzip();
    let line_starts: Vec<usize> = std::iter::once(0).chain(markdown.match_indices('\n').map(|(i, _)| i + 1)).collect();
    let line_of = |offset: usize| line_starts.partition_point(|&s| s <= offset);
    let mut out = Rendered::default();
    let mut has_html = false;
    let mut ids = Ids { used: RESERVED_IDS.iter().map(|s| s.to_string()).collect(), next: HashMap::new() };

    let mut i = 0;
    let mut paragraph_depth = 0usize;
    let mut first_done = false;
    while i < events.len() {
        let heading = matches!(events[i], Event::Start(Tag::Heading { .. }));
        let text = if heading { heading_text(&events[i + 1..]) } else { String::new() };
        match &mut events[i] {
            Event::Start(Tag::Heading { id, attrs, .. }) => {
                // `{#id .class}` is all a heading may carry: any other
                // attribute (`onfocus=…`, `autofocus`) would be written as is.
                attrs.clear();
                let wanted = id.as_deref().map(str::to_string).unwrap_or_else(|| crate::paths::slugify(&text));
                let wanted = if wanted.is_empty() { "section".to_string() } else { wanted };
                *id = Some(CowStr::from(ids.unique(&wanted)));
            }
            Event::Start(Tag::Link { dest_url, .. }) | Event::Start(Tag::Image { dest_url, .. }) => {
                let resolved = resolve_url(dest_url, links);
                out.links.push(Link {
                    url: resolved.clone(),
                    written: dest_url.to_string(),
                    line: line_of(offsets[i]),
                });
                *dest_url = CowStr::from(resolved);
            }
            Event::Start(Tag::Paragraph) => paragraph_depth += 1,
            Event::End(TagEnd::Paragraph) => {
                paragraph_depth = paragraph_depth.saturating_sub(1);
                if !out.first_paragraph.is_empty() {
                    first_done = true;
                }
                out.text.push('\n');
            }
            Event::Text(t) | Event::Code(t) => {
                if paragraph_depth > 0 && !first_done {
                    out.first_paragraph.push_str(t);
                }
                out.text.push_str(t);
            }
            Event::SoftBreak | Event::HardBreak => {
                if paragraph_depth > 0 && !first_done {
                    out.first_paragraph.push(' ');
                }
                out.text.push(' ');
            }
            Event::End(TagEnd::Heading(_)) | Event::End(TagEnd::Item) => out.text.push('\n'),
            Event::Html(_) | Event::InlineHtml(_) => has_html = true,
            _ => {}
        }
        i += 1;
    }
    let (html, block_ends) = html_with_block_ends(events, markdown.len() * 3 / 2);
    if has_html && !links.trust_html {
        out.html = if nesting_depth(&html) > MAX_HTML_DEPTH {
            // The sanitiser's parser takes time with the square of the
            // nesting (100,000 `<div>` ran for minutes): a body nested this
            // deep is shown as its plain text.
            let lines: Vec<String> = out.text.lines().filter(|l| !l.trim().is_empty()).map(str::to_string).collect();
            paragraphs_html(&lines).0
        } else {
            sanitise(&html)
        };
    } else {
        out.html = html;
        out.block_ends = block_ends;
    }
    // Kept for the whole build, for every article: copied to their size,
    // the room left from writing them (half the HTML's, up to half the
    // text's) is freed. Shrinking in place would not free it.
    out.html = out.html.as_str().into();
    out.text = out.text.as_str().into();
    out.block_ends = out.block_ends.as_slice().into();
    out
}

/// Renders `events` in one pass (footnote numbers run across the whole
/// document), noting the output length each time a top-level block closes.
fn html_with_block_ends(events: Vec<Event>, capacity: usize) -> (String, Vec<usize>) {
    /// Counts what the HTML writer has written so far.
    struct Counting<'a> {
        out: &'a mut String,
        written: Rc<Cell<usize>>,
    }
    impl std::fmt::Write for Counting<'_> {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            self.out.push_str(s);
            self.written.set(self.out.len());
            Ok(())
        }
    }
    let mut html = String::with_capacity(capacity);
    let written = Rc::new(Cell::new(0));
    let mut ends = Vec::new();
    {
        // The writer asks for the next event only once it has written the
        // previous one: a block that closed then ends where the output ends.
        let (mut depth, mut closed) = (0usize, false);
        let counted = &written;
        let ends = &mut ends;
        let events = events.into_iter().inspect(|e| {
            if std::mem::take(&mut closed) {
                ends.push(counted.get());
            }
            match e {
                Event::Start(_) => depth += 1,
                Event::End(_) => {
                    depth = depth.saturating_sub(1);
                    closed = depth == 0;
                }
                Event::Rule => closed = depth == 0,
                _ => {}
            }
        });
        let writer = Counting { out: &mut html, written: Rc::clone(&written) };
        // Writing to a String cannot fail.
        let _ = pulldown_cmark::html::write_html_fmt(writer, events);
    }
    if ends.last() != Some(&html.len()) && !html.is_empty() {
        ends.push(html.len());
    }
    (html, ends)
}

/// Renders plain paragraphs (a cleaned article) as HTML, escaping every
/// one; with where each paragraph ends.
pub fn paragraphs_html(paragraphs: &[String]) -> (String, Vec<usize>) {
    let mut html = String::new();
    let mut ends = Vec::with_capacity(paragraphs.len());
    for p in paragraphs {
        html.push_str("<p>");
        crate::escape::push_escaped(&mut html, p);
        html.push_str("</p>\n");
        ends.push(html.len());
    }
    (html, ends)
}

/// Renders a saved page's paragraphs, whose Markdown markers (`## `, `- `,
/// `1. `, `> `) become a subheading, list items or a quote and whose text
/// is escaped; with where each paragraph ends (a list item ends with its
/// list, so that nothing is placed inside one).
pub(crate) fn structured_html(paragraphs: &[String]) -> (String, Vec<usize>) {
    let mut html = String::new();
    let mut ends = Vec::with_capacity(paragraphs.len());
    let mut open: Option<&str> = None;
    let mut open_items = 0;
    let close = |html: &mut String, open: &mut Option<&str>, ends: &mut Vec<usize>, items: &mut usize| {
        if let Some(tag) = open.take() {
            html.push_str(&format!("</{tag}>\n"));
            ends.extend(std::iter::repeat_n(html.len(), *items));
            *items = 0;
        }
    };
    for p in paragraphs {
        let (marker, text) = crate::html::marker(p);
        let list = match marker {
            "- " => Some("ul"),
            "" | "## " | "> " => None,
            _ => Some("ol"),
        };
        if open != list {
            close(&mut html, &mut open, &mut ends, &mut open_items);
        }
        if let Some(tag) = list {
            if open.is_none() {
                html.push_str(&format!("<{tag}>\n"));
                open = Some(tag);
            }
            html.push_str("<li>");
            crate::escape::push_escaped(&mut html, text);
            html.push_str("</li>\n");
            open_items += 1;
            continue;
        }
        let (start, end) = match marker {
            "## " => ("<h2>", "</h2>\n"),
            "> " => ("<blockquote><p>", "</p></blockquote>\n"),
            _ => ("<p>", "</p>\n"),
        };
        html.push_str(start);
        crate::escape::push_escaped(&mut html, text);
        html.push_str(end);
        ends.push(html.len());
    }
    close(&mut html, &mut open, &mut ends, &mut open_items);
    (html, ends)
}

fn heading_text(events: &[Event]) -> String {
    let mut text = String::new();
    for e in events {
        match e {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    text
}

/// Heading ids given so far, and the next number to try for each wanted
/// id: 20,000 headings of one title must not try 1, 2, 3… each time.
struct Ids {
    used: HashSet<String>,
    next: HashMap<String, usize>,
}

impl Ids {
    fn unique(&mut self, wanted: &str) -> String {
        if self.used.insert(wanted.to_string()) {
            return wanted.to_string();
        }
        let n = self.next.entry(wanted.to_string()).or_insert(1);
        loop {
            let id = format!("{wanted}-{n}");
            *n += 1;
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}

/// Content references (`@/articles/slug`) become site URLs; script URLs are
/// neutralised; everything else is kept.
fn resolve_url(url: &str, links: &LinkContext) -> String {
    if let Some(reference) = url.strip_prefix("@/") {
        let (path, fragment) = match reference.split_once('#') {
            Some((p, f)) => (p, format!("#{f}")),
            None => (reference, String::new()),
        };
        let path = path.trim_end_matches(".md").trim_end_matches('/');
        let path = match path.split_once('/') {
            Some(("editions", id)) => format!("editions/{}", id.to_ascii_lowercase()),
            _ => path.to_string(),
        };
        return format!("{}{}/{}", links.base_path, path, fragment);
    }
    if crate::escape::is_safe_link(url) {
        url.to_string()
    } else {
        "#".to_string()
    }
}

/// Deepest element nesting the sanitiser is given; real bodies stay
/// within a few dozen.
const MAX_HTML_DEPTH: usize = 512;

/// How deep `html`'s elements nest, by a linear scan of its tags (elements
/// that need no end tag do not count).
fn nesting_depth(html: &str) -> usize {
    const NO_END: [&str; 22] = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
        "p", "li", "dt", "dd", "option", "tr", "td", "th",
    ];
    let (mut depth, mut deepest) = (0usize, 0usize);
    let bytes = html.as_bytes();
    for (i, _) in html.match_indices('<') {
        match bytes.get(i + 1) {
            Some(b'/') => depth = depth.saturating_sub(1),
            Some(c) if c.is_ascii_alphabetic() => {
                let name: String = html[i + 1..]
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric())
                    .map(|c| c.to_ascii_lowercase())
                    .collect();
                if !NO_END.contains(&name.as_str()) {
                    depth += 1;
                    deepest = deepest.max(depth);
                }
            }
            _ => {}
        }
    }
    deepest
}

/// Keeps safe HTML and drops scripts, styles and event handlers.
fn sanitise(html: &str) -> String {
    ammonia::Builder::default()
        .add_generic_attributes(["id"])
        .add_tag_attributes("sup", ["class"])
        .add_tag_attributes("div", ["class"])
        .clean(html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(md: &str) -> Rendered {
        render(md, &LinkContext { base_path: "/repo/", trust_html: false })
    }

    #[test]
    fn html_nested_past_the_limit_is_shown_as_text_in_linear_time() {
        let started = std::time::Instant::now();
        let out =
            r(&format!("Intro.\n\n{}<script>alert(1)</script>deep{}", "<div>".repeat(100_000), "</div>".repeat(3)));
        assert!(started.elapsed() < std::time::Duration::from_secs(20), "{:?}", started.elapsed());
        assert!(out.html.starts_with("<p>Intro.</p>") && !out.html.contains("<div") && !out.html.contains("<script"));
        // Quotes nested deep with one raw tag take the same way.
        let out = r(&format!("{} <b onclick=x>bold</b>", ">".repeat(20_000)));
        assert!(!out.html.contains("onclick"), "{}", &out.html[..200.min(out.html.len())]);
        // Ordinary nesting is sanitised as usual.
        let out = r("<div><div><p>a <b onclick=x>b</b></p></div></div>");
        assert!(out.html.contains("<div><div><p>a <b>b</b></p></div></div>"), "{}", out.html);
    }

    #[test]
    fn many_headings_of_one_title_take_linear_time() {
        let started = std::time::Instant::now();
        let out = r(&"## A\n\n## A-2\n\n".repeat(20_000));
        assert!(started.elapsed() < std::time::Duration::from_secs(20), "{:?}", started.elapsed());
        let ids: Vec<&str> = out.html.split("id=\"").skip(1).map(|rest| rest.split('"').next().unwrap()).collect();
        assert_eq!(ids.len(), 40_000);
        assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 40_000, "every id is unique");
        assert!(ids.contains(&"a-19999") && ids.contains(&"a-2-1"));
    }

    #[test]
    fn headings_get_unique_anchors() {
        let out = r("# Main\n\n## Why it matters\n\n## Why it matters\n");
        assert!(out.html.contains("<h1 id=\"main-1\">"), "{}", out.html);
        assert!(out.html.contains("<h2 id=\"why-it-matters\">"));
        assert!(out.html.contains("<h2 id=\"why-it-matters-1\">"));
    }

    #[test]
    fn extensions_are_on() {
        let out = r("\"Quoted\" ~~old~~ text[^1]\n\n| a |\n|---|\n| b |\n\n[^1]: Note.\n");
        assert!(out.html.contains("“Quoted”"), "{}", out.html);
        assert!(out.html.contains("<del>old</del>"));
        assert!(out.html.contains("<table>"));
        assert!(out.html.contains("footnote"));
    }

    #[test]
    fn content_references_carry_the_base_path() {
        let out = r("See [the story](@/articles/kim-putin.md) and [week](@/editions/2024-W48).");
        assert!(out.html.contains("href=\"/repo/articles/kim-putin/\""), "{}", out.html);
        assert!(out.html.contains("href=\"/repo/editions/2024-w48/\""));
        let link = |url: &str, written: &str, line| Link { url: url.into(), written: written.into(), line };
        assert_eq!(out.links[1], link("/repo/editions/2024-w48/", "@/editions/2024-W48", 1));
        let out = r("Intro.\n\nSee\n[x](../y/) here.\n");
        assert_eq!(out.links, vec![link("../y/", "../y/", 4)]);
    }

    #[test]
    fn raw_html_is_sanitised_and_script_links_dropped() {
        let out = r("Hi <script>alert(1)</script><b onclick=\"x()\">bold</b> [x](javascript:alert(1))");
        assert!(!out.html.contains("<script"), "{}", out.html);
        assert!(!out.html.contains("onclick"));
        assert!(!out.html.contains("javascript:"));
        assert!(out.html.contains("<b>bold</b>"));
    }

    #[test]
    fn headings_keep_only_id_and_class() {
        let out =
            r("### Three {#three .lead autofocus onfocus=alert(52) tabindex=1}\n\n[x](<java\tscript:alert(1)>)\n");
        assert!(out.html.contains("<h3 id=\"three\" class=\"lead\">"), "{}", out.html);
        assert!(!out.html.contains("onfocus") && !out.html.contains("autofocus") && !out.html.contains("tabindex"));
        assert!(!out.html.contains("script:"), "{}", out.html);
    }

    #[test]
    fn first_paragraph_is_plain_text() {
        let out = r("# Title\n\nFirst *para*\nwraps.\n\nSecond.\n");
        assert_eq!(out.first_paragraph, "First para wraps.");
    }

    #[test]
    fn paragraphs_are_escaped() {
        let (html, ends) = paragraphs_html(&["a <b> & c".into(), "d".into()]);
        assert_eq!(html, "<p>a &lt;b&gt; &amp; c</p>\n<p>d</p>\n");
        assert_eq!(ends, vec![27, 36]);
    }

    #[test]
    fn top_level_blocks_are_located() {
        let out = r("One *a*.\n\n- x\n- y\n\n---\n\n> q\n>\n> r\n\nLast[^1].\n\n[^1]: Note.\n");
        let blocks: Vec<&str> = std::iter::once(0)
            .chain(out.block_ends.iter().copied())
            .zip(out.block_ends.iter().copied())
            .map(|(a, b)| out.html[a..b].trim())
            .collect();
        assert_eq!(blocks.len(), 6, "{blocks:?}");
        assert_eq!(blocks[0], "<p>One <em>a</em>.</p>");
        assert!(blocks[1].starts_with("<ul>") && blocks[1].ends_with("</ul>"), "{blocks:?}");
        assert_eq!(blocks[2], "<hr />");
        assert!(blocks[3].starts_with("<blockquote>") && blocks[3].ends_with("</blockquote>"));
        assert!(blocks[4].starts_with("<p>Last") && blocks[4].ends_with("</p>"));
        assert!(blocks[5].contains("footnote-definition"), "{blocks:?}");
        assert_eq!(out.block_ends.last(), Some(&out.html.len()));
        // Sanitised HTML has no offsets to trust.
        assert!(r("a <b>b</b>\n\nc\n").block_ends.is_empty());
    }
}
