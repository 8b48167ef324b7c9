//! Property tests over generated hostile input, for the three stages that
//! read what editors and scrapers write: front matter, Markdown and the
//! cleaner. Each must never panic, finish in bounded time (a generous
//! limit: a hang, not a slow case, fails), and give only inert HTML.
//! Inputs are built from pieces that exercise each stage's rules, mixed
//! with arbitrary characters; the case counts are modest, for a 2-core CI.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use broadsheet::clean::{clean_corpus, RawText};
use broadsheet::front_matter::{self, ArticleMatter};
use broadsheet::load::{split, Kind};
use broadsheet::markdown::{self, LinkContext};
use proptest::prelude::*;
use scraper::{Html, Selector};

/// `cases` cases, and no regression files written into the source tree
/// (a failure prints its minimal input).
fn config(cases: u32) -> ProptestConfig {
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

const LIMIT: Duration = Duration::from_secs(20);

/// Runs `f` in a thread; fails on a panic or past [`LIMIT`].
fn in_time<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Result<T, TestCaseError> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let _ = tx.send(std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)));
    });
    match rx.recv_timeout(LIMIT) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(_)) => Err(TestCaseError::fail("panicked")),
        Err(_) => Err(TestCaseError::fail(format!("took more than {} s", LIMIT.as_secs()))),
    }
}

/// Text made of `pieces` and arbitrary characters, joined by `glue`.
fn text_of(pieces: &'static [&'static str], glue: &'static [&'static str], max: usize) -> BoxedStrategy<String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(pieces).prop_map(str::to_string),
        1 => any::<String>(),
        1 => "[\\PC\u{0}-\u{1f}\u{85}\u{2028}\u{2029}\u{202e}\u{feff}]{0,12}",
    ];
    let glue = proptest::sample::select(glue).prop_map(str::to_string);
    proptest::collection::vec((piece, glue), 0..max)
        .prop_map(|parts| parts.into_iter().map(|(p, g)| p + &g).collect())
        .boxed()
}

/// Whatever in `html` could run: handlers, script URLs, scripts, frames.
fn active(html: &str) -> Option<String> {
    let doc = Html::parse_fragment(html);
    for el in doc.select(&Selector::parse("*").unwrap()) {
        let name = el.value().name();
        if matches!(name, "script" | "iframe" | "object" | "embed" | "base" | "form" | "style" | "meta") {
            return Some(format!("<{name}>"));
        }
        for (attr, value) in el.value().attrs() {
            let v: String = value.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
            let v = v.to_ascii_lowercase();
            if attr.starts_with("on")
                || attr == "autofocus"
                || attr == "style"
                || v.starts_with("javascript:")
                || v.starts_with("vbscript:")
                || v.starts_with("data:text")
            {
                return Some(format!("<{name} {attr}=\"{value}\">"));
            }
        }
    }
    None
}

const YAML: &[&str] = &[
    "title:",
    "source:",
    "topics:",
    "authors:",
    "figures:",
    "summary:",
    "published:",
    "draft:",
    " - ",
    "  ",
    "\n",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "\"",
    "'",
    "&a ",
    "*a",
    "!!str ",
    "!!binary ",
    "|",
    ">",
    "#",
    "---",
    "...",
    "? ",
    "2024-11-25",
    "-262143-01-01",
    "+262142-12-31T23:30:00+14:00",
    "yes",
    "null",
    "~",
    "1e999",
    "0x1F",
    "\t",
];

proptest! {
    #![proptest_config(config(128))]

    /// Front matter: any text between the `---` lines is read or refused
    /// with a line inside the file; never a panic.
    #[test]
    fn front_matter_never_panics_and_errors_have_a_line(yaml in text_of(YAML, &["", " ", "\n", "\n  "], 40)) {
        let text = format!("---\n{yaml}\n---\nBody.\n");
        let lines = text.matches('\n').count() + 1;
        let outcome = in_time(move || {
            let doc = split(Kind::Article, "content/articles/p.md".into(), "p".into(), &text)?;
            front_matter::parse::<ArticleMatter>(&doc).map(|_| ())
        })?;
        if let Err(d) = outcome {
            let line = d.line.ok_or_else(|| TestCaseError::fail(format!("no line: {d}")))?;
            prop_assert!((1..=lines).contains(&line), "line {line} of {lines}: {d}");
            prop_assert!(d.message.len() < 1_000, "{}", d.message.len());
        }
    }
}

const MARKDOWN: &[&str] = &[
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "<a href=\"javascript:alert(3)\">",
    "</a>",
    "[x](javascript:alert(4))",
    "[x](JaVaScRiPt:alert(5))",
    "[x](java\tscript:alert(6))",
    "![i](vbscript:x)",
    "[x](data:text/html,<script>alert(7)</script>)",
    "<javascript:alert(8)>",
    "{#id onclick=alert(9) autofocus}",
    "{.c onfocus=alert(10)}",
    "### ",
    "# ",
    "> ",
    "- ",
    "1. ",
    "```",
    "`",
    "*",
    "_",
    "~~",
    "|",
    "|---|",
    "[^1]",
    "[^1]: ",
    "[r]: javascript:alert(11)",
    "[x][r]",
    "<svg onload=alert(12)>",
    "<iframe src=//x>",
    "<style>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "&#x6A;avascript:",
    "&lt;script&gt;",
    "\\",
    "<",
    ">",
    "\"",
    "'",
    "=",
    "@/articles/x.md",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(13)>",
];

proptest! {
    #![proptest_config(config(128))]

    /// Markdown: whatever an editor writes renders to HTML in which
    /// nothing runs, and the plain text never carries markup.
    #[test]
    fn markdown_renders_only_inert_html(md in text_of(MARKDOWN, &["", " ", "\n", "\n\n"], 40)) {
        let rendered = in_time(move || markdown::render(&md, &LinkContext { base_path: "/repo/", trust_html: false }))?;
        if let Some(bad) = active(&rendered.html) {
            return Err(TestCaseError::fail(format!("{bad} in {}", rendered.html)));
        }
    }
}

const RAW: &[&str] = &[
    "Source",
    "Source : Wire",
    "By Ann Lee and Bo Kim",
    "Published Fri 14 Mar 2025 09.42 GMT",
    "Monday, November 25, 2024",
    "[File: Jo Doe/AP Photo]",
    "(Photo: X/Y)",
    "Credit: A B/Getty Images",
    "Related",
    "More like this",
    "Advertisement",
    "Subscribe to our newsletter",
    "Share this article",
    "Home | World | Business | Sport",
    "The council agreed on Monday to share the cost of a new harbour wall, officials said.",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "[x](javascript:alert(3))",
    "*",
    "#",
    "\0",
    "\r",
    "\u{2028}",
    "\u{feff}",
];

proptest! {
    #![proptest_config(config(64))]

    /// The cleaner: any text dump cleans without a panic, keeps only lines
    /// of its input, and its body renders to inert HTML.
    #[test]
    fn the_cleaner_never_panics_and_its_body_is_escaped(text in text_of(RAW, &["\n", "\n\n", " "], 60)) {
        let input = text.clone();
        let cleaned = in_time(move || clean_corpus(&[RawText { name: "p.txt".into(), text: input }]))?;
        let cleaned = &cleaned[0];
        for paragraph in &cleaned.body {
            prop_assert!(!paragraph.trim().is_empty());
            for line in paragraph.lines() {
                prop_assert!(text.contains(line.trim()), "invented: {line:?}");
            }
        }
        let (html, _) = markdown::paragraphs_html(&cleaned.body);
        if let Some(bad) = active(&html) {
            return Err(TestCaseError::fail(format!("{bad} in {html}")));
        }
    }
}
