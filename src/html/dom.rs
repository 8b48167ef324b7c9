//! A DOM subtree → text blocks in page order, each with what the DOM says
//! about it: its kind (paragraph, heading, list item, quote, caption), how
//! much of its text is link text, and hints from its ancestors (inside
//! `<article>` or `<main>`, inside navigation or a footer, class and id
//! words such as `comment`, `share`, `related`).
//!
//! Nothing executable survives: scripts, styles, templates, forms, frames
//! and SVG are skipped, and only text is kept.

use scraper::node::Node;
use scraper::ElementRef;

/// What a block is, as its element says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Paragraph,
    Heading(u8),
    /// A list item; `Some(n)` in an ordered list.
    Item(Option<usize>),
    Quote,
    Preformatted,
    Caption,
}

/// Ancestor facts, as bit flags.
pub(super) const IN_ARTICLE: u32 = 1;
pub(super) const IN_MAIN: u32 = 2;
/// `<nav>`, `<header>`, `<footer>`, `<aside>`, `<menu>` or a role saying so.
pub(super) const IN_CHROME: u32 = 4;
/// A class or id word of page furniture (comments, share bars, teasers).
pub(super) const BAD_HINT: u32 = 8;
/// A class or id word of article text (`article-body`, `story`, `content`).
pub(super) const GOOD_HINT: u32 = 16;
pub(super) const IN_FIGURE: u32 = 32;
/// `hidden`, `aria-hidden` or `display:none`.
pub(super) const HIDDEN: u32 = 64;
pub(super) const IN_TABLE: u32 = 128;

#[derive(Debug, Clone)]
pub(super) struct TextBlock {
    pub text: String,
    /// The text's words, lower-cased: how blocks are compared.
    pub key: String,
    pub kind: Kind,
    /// Characters of the text inside links.
    pub link_chars: usize,
    pub flags: u32,
    /// The nearest block container's position in document order, so that
    /// blocks of one container can be scored together.
    pub parent: usize,
}

impl TextBlock {
    pub(super) fn chars(&self) -> usize {
        self.text.chars().count()
    }
    pub(super) fn link_density(&self) -> f64 {
        self.link_chars as f64 / self.chars().max(1) as f64
    }
    pub(super) fn words(&self) -> usize {
        self.text.split_whitespace().count()
    }
}

/// Elements whose content is never text a reader sees.
fn skipped(name: &str) -> bool {
    matches!(
        name,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "video"
            | "audio"
            | "select"
            | "button"
            | "input"
            | "textarea"
            | "form"
            | "head"
            | "title"
            | "img"
            | "picture"
            | "source"
    )
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "header"
            | "footer"
            | "nav"
            | "aside"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "ul"
            | "ol"
            | "li"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "pre"
            | "figure"
            | "figcaption"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "br"
            | "hr"
            | "address"
            | "body"
            | "center"
            | "details"
            | "summary"
            | "menu"
    )
}

const BAD_WORDS: &[&str] = &[
    "comment",
    "share",
    "social",
    "related",
    "newsletter",
    "subscribe",
    "promo",
    "sidebar",
    "widget",
    "advert",
    "sponsor",
    "footer",
    "breadcrumb",
    "cookie",
    "popup",
    "modal",
    "recommend",
    "outbrain",
    "taboola",
    "teaser",
    "byline",
    "author",
    "tags",
    "meta",
    "caption",
    "credit",
    "signup",
    "paywall",
    "masthead",
    "navigation",
    "menu",
    "toolbar",
    "most-popular",
    "trending",
    "more-stories",
];

const GOOD_WORDS: &[&str] = &[
    "article-body",
    "articlebody",
    "story-body",
    "post-content",
    "entry-content",
    "article-content",
    "story-content",
    "post-body",
    "article__body",
    "body-text",
    "articletext",
    "article-text",
];

/// Class and id words of an element, lower-cased.
fn hint_flags(el: &scraper::node::Element) -> u32 {
    let mut flags = 0;
    let mut words = String::new();
    if let Some(id) = el.id() {
        words.push_str(id);
        words.push(' ');
    }
    for c in el.classes() {
        words.push_str(c);
        words.push(' ');
    }
    if words.is_empty() {
        return 0;
    }
    let lower = words.to_ascii_lowercase();
    if GOOD_WORDS.iter().any(|w| lower.contains(w)) {
        flags |= GOOD_HINT;
    } else if BAD_WORDS.iter().any(|w| lower.contains(w)) {
        flags |= BAD_HINT;
    }
    flags
}

fn own_flags(el: &scraper::node::Element) -> u32 {
    let name = el.name();
    let mut flags = hint_flags(el);
    match name {
        "article" => flags |= IN_ARTICLE,
        "main" => flags |= IN_MAIN,
        "nav" | "header" | "footer" | "aside" | "menu" => flags |= IN_CHROME,
        "figure" | "figcaption" => flags |= IN_FIGURE,
        "table" => flags |= IN_TABLE,
        _ => {}
    }
    match el.attr("role") {
        Some("navigation" | "banner" | "contentinfo" | "complementary" | "menu") => flags |= IN_CHROME,
        Some("main") => flags |= IN_MAIN,
        _ => {}
    }
    if el.attr("itemprop").is_some_and(|p| p == "articleBody") {
        flags |= GOOD_HINT;
    }
    let hidden_style = el.attr("style").is_some_and(|s| {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        s.contains("display:none") || s.contains("visibility:hidden")
    });
    if el.attr("hidden").is_some() || el.attr("aria-hidden") == Some("true") || hidden_style {
        flags |= HIDDEN;
    }
    flags
}

struct Walker {
    out: Vec<TextBlock>,
    text: String,
    link_chars: usize,
    containers: usize,
}

struct Ctx {
    flags: u32,
    kind: Kind,
    in_link: bool,
    parent: usize,
    depth: usize,
    pre: bool,
    /// The number an `<ol>` gives the `<li>` being entered.
    item: Option<usize>,
}

/// The text blocks of `root` and everything under it.
pub(super) fn blocks(root: ElementRef) -> Vec<TextBlock> {
    let mut w = Walker { out: Vec::new(), text: String::new(), link_chars: 0, containers: 0 };
    let ctx = Ctx { flags: 0, kind: Kind::Paragraph, in_link: false, parent: 0, depth: 0, pre: false, item: None };
    w.element(root, &ctx);
    w.flush(&ctx);
    w.out
}

impl Walker {
    fn flush(&mut self, ctx: &Ctx) {
        let text = if ctx.pre { self.text.trim_matches('\n').to_string() } else { collapse(&self.text) };
        if !text.is_empty() {
            let link_chars = self.link_chars.min(text.chars().count());
            self.out.push(TextBlock {
                key: super::title::key(&text),
                text,
                kind: ctx.kind,
                link_chars,
                flags: ctx.flags,
                parent: ctx.parent,
            });
        }
        self.text.clear();
        self.link_chars = 0;
    }

    fn element(&mut self, el: ElementRef, ctx: &Ctx) {
        let e = el.value();
        let name = e.name();
        if skipped(name) {
            return;
        }
        let block = is_block(name);
        let own = own_flags(e);
        if own & HIDDEN != 0 {
            return;
        }
        let mut item_number = 0;
        let kind = match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => Kind::Heading(name.as_bytes()[1] - b'0'),
            "blockquote" => Kind::Quote,
            "pre" => Kind::Preformatted,
            "figcaption" => Kind::Caption,
            "li" => Kind::Item(ctx.item),
            _ => ctx.kind,
        };
        if block {
            self.flush(ctx);
            self.containers += 1;
        }
        let inner = Ctx {
            flags: ctx.flags | own,
            kind,
            in_link: ctx.in_link || name == "a",
            parent: if block { self.containers } else { ctx.parent },
            depth: ctx.depth + 1,
            pre: ctx.pre || name == "pre",
            item: None,
        };
        let ordered = name == "ol";
        for child in el.children() {
            match child.value() {
                Node::Text(t) => {
                    if inner.in_link {
                        self.link_chars += t.chars().filter(|c| !c.is_whitespace()).count();
                    }
                    self.text.push_str(t);
                }
                Node::Element(_) => {
                    let Some(c) = ElementRef::wrap(child) else { continue };
                    if ordered && c.value().name() == "li" {
                        item_number += 1;
                        let ictx = Ctx { item: Some(item_number), ..copy(&inner) };
                        self.element(c, &ictx);
                    } else {
                        self.element(c, &inner);
                    }
                }
                _ => {}
            }
        }
        if block {
            self.flush(&inner);
        }
    }
}

fn copy(c: &Ctx) -> Ctx {
    Ctx { flags: c.flags, kind: c.kind, in_link: c.in_link, parent: c.parent, depth: c.depth, pre: c.pre, item: c.item }
}

/// Whitespace runs → one space, trimmed.
pub(super) fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}
