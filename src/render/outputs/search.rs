//! Site search that works from static files: `search/index.html`, and a
//! gzip'd index of every article, note and topic that the page fetches
//! when a search is made and unpacks in the browser (`search.js` of the
//! default theme). Our own small index rather than pagefind: pagefind's
//! crate brings an async runtime and a web server (hundreds of crates) to
//! index what the model already holds as plain text.
//!
//! The index is in parts of [`PART_DOCS`] documents each
//! (`search/part-N.json.gz`), listed by `search/index.json.gz`: an edit to
//! one article makes one part again, not an index of the whole site.

use std::borrow::Cow;
use std::io::Write;

use rustc_hash::FxHashMap;
use serde::Serialize;
use unicode_normalization::{char::is_combining_mark, UnicodeNormalization};

use crate::cache::hash::Fingerprint;
use crate::error::Diagnostic;
use crate::model::{ArticleId, Id, NoteId, TopicId};
use crate::render::view::PageView;
use crate::render::{page, Cx, Item, Output, Prints, Route, Sink};

pub(super) struct Search;

/// Documents per part of the index: at 10,000 articles, an edited
/// article's part takes a tenth of the time the whole index did.
const PART_DOCS: usize = 1000;

/// Summaries shown with results are cut to about a line.
const SUMMARY_CHARS: usize = 140;

/// What `search.html` receives.
#[derive(Serialize)]
struct SearchContext {
    page: PageView,
    search: SearchView,
}

#[derive(Serialize)]
struct SearchView {
    /// Where the page fetches the index from.
    index_url: String,
}

/// What the index is made from: each document and the texts it is found
/// by (split into words only when the index is written, so that telling
/// whether it changed is cheap).
#[derive(Serialize)]
struct Input<'a> {
    docs: Vec<Doc<'a>>,
    /// Borrowed where the model has the text as it is: on a large site
    /// these are most of the memory the index takes while it is made.
    texts: Vec<Vec<Cow<'a, str>>>,
}

/// What `search/index.json.gz` lists: the parts, in order, by URL from
/// the site's base path; document `i` of a part is document
/// `first + i` of the whole index.
#[derive(Serialize)]
struct Parts {
    parts: Vec<String>,
}

/// One part of the index: documents, and for each word the documents
/// (of this part) that have it.
#[derive(Serialize)]
struct Index<'i, 'a> {
    docs: &'i [Doc<'a>],
    /// Word → its documents: ascending numbers, each as the difference
    /// from the one before, in base 36, joined by `,`; or, for a word in
    /// many documents, `~` and a bitmap in base64 (bit `i % 8` of byte
    /// `i / 8` for document `i`), which is smaller.
    words: Words,
}

/// Words and their documents, sorted by word: written as a JSON object.
struct Words(Vec<(String, String)>);

impl Serialize for Words {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(w, ids)| (w, ids)))
    }
}

/// One search result as shown, with its source credit. Serialised as an
/// array, `[kind, title, url, credit, date, summary]`: keys repeated
/// 10,000 times would make the index larger.
struct Doc<'a> {
    /// `article`, `note` or `topic`.
    kind: &'static str,
    title: &'a str,
    /// Relative to the site's base path (the page knows it).
    url: String,
    /// The outlet for an article, the author for a note.
    credit: String,
    date: Option<String>,
    summary: String,
}

impl Serialize for Doc<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        (self.kind, self.title, &self.url, &self.credit, &self.date, &self.summary).serialize(s)
    }
}

impl Output for Search {
    fn name(&self) -> &'static str {
        "search"
    }

    fn jobs(&self, cx: &Cx) -> Vec<(Item, Route)> {
        let parts = (0..part_count(documents(cx).len())).map(|k| (Item::Site, cx.routes.search_part(k)));
        [(Item::Site, cx.routes.search()), (Item::Site, cx.routes.search_index())].into_iter().chain(parts).collect()
    }

    fn run(&self, _: Item, route: &Route, cx: &Cx, sink: &mut Sink) -> Result<(), Diagnostic> {
        if route.path == cx.routes.search_index().path {
            let count = part_count(documents(cx).len());
            let parts = (0..count).map(|k| relative(cx, &cx.routes.search_part(k).url)).collect();
            sink.data(&Parts { parts }, |parts| gzip(&serde_json::to_vec(parts).unwrap_or_default()));
            return Ok(());
        }
        if let Some(k) = part_number(&route.path) {
            let all = documents(cx);
            let first = (k * PART_DOCS).min(all.len());
            sink.data(&input(cx, &all[first..(first + PART_DOCS).min(all.len())]), index);
            return Ok(());
        }
        let description = format!("Search the articles, notes and topics of {}.", cx.site.config.title);
        let page = page::view(cx, "search", "Search".into(), description, route);
        let context = SearchContext { page, search: SearchView { index_url: cx.routes.search_index().url } };
        sink.template("search.html", &route.path, &context)
    }

    fn print(&self, _: Item, route: &Route, cx: &Cx, prints: &Prints) -> Option<u64> {
        Search::part_print(route, cx, prints)
    }
}

impl Search {
    /// What a part's input is made from: its documents' articles and
    /// cards, topics' links and notes' views, and the configuration.
    fn part_print(route: &Route, cx: &Cx, prints: &Prints) -> Option<u64> {
        let k = part_number(&route.path)?;
        let all = documents(cx);
        let first = (k * PART_DOCS).min(all.len());
        let mut f = Fingerprint::new();
        f.bytes(b"search part");
        f.bytes(route.path.as_bytes());
        f.u64(prints.config);
        for &source in &all[first..(first + PART_DOCS).min(all.len())] {
            let told = match source {
                Source::Article(i) => {
                    // What `add_article` reads, not the whole article: an
                    // edit past the lead leaves the part as it was.
                    let a = &cx.site.articles[i];
                    f.u64(0);
                    f.u64(prints.cards[i.index()]);
                    f.value(&(&a.title, &a.summary, &a.source, &a.authors, a.body.lead()))
                }
                Source::Topic(i) => {
                    f.u64(1);
                    let t = &cx.site.topics[i];
                    f.value(&(&cx.views.topics[i], &t.title, &t.description))
                }
                Source::Note(i) => {
                    f.u64(2);
                    let n = &cx.site.notes[i];
                    f.value(&(&cx.views.notes[i], &n.title, &n.author, &n.body_html))
                }
            };
            if !told {
                return None;
            }
        }
        Some(f.finish())
    }
}

/// A document of the index, by what it is made from.
#[derive(Clone, Copy)]
enum Source {
    Article(ArticleId),
    Topic(TopicId),
    Note(NoteId),
}

/// Every document of the index, in its order: articles (newest first),
/// topics, and notes that are about a page.
fn documents(cx: &Cx) -> Vec<Source> {
    let site = cx.site;
    let articles = site.articles.ids().map(Source::Article);
    let topics = site.topics.ids().map(Source::Topic);
    let notes = site.notes.ids().filter(|&n| !cx.views.notes[n].about.is_empty()).map(Source::Note);
    articles.chain(topics).chain(notes).collect()
}

fn part_count(documents: usize) -> usize {
    documents.div_ceil(PART_DOCS).max(1)
}

/// The part a path of the index is, if it is one.
fn part_number(path: &str) -> Option<usize> {
    path.strip_prefix("search/part-")?.strip_suffix(".json.gz")?.parse().ok()
}

/// The index's input for these documents.
fn input<'a>(cx: &Cx<'a>, sources: &[Source]) -> Input<'a> {
    let mut docs = Vec::new();
    let mut texts = Vec::new();
    let mut add = |doc: Doc<'a>, found_by: Vec<Cow<'a, str>>| {
        docs.push(doc);
        texts.push(found_by);
    };
    for &source in sources {
        match source {
            Source::Article(i) => add_article(cx, i, &mut add),
            Source::Topic(i) => add_topic(cx, i, &mut add),
            Source::Note(i) => add_note(cx, i, &mut add),
        }
    }
    Input { docs, texts }
}

type Add<'f, 'a> = &'f mut dyn FnMut(Doc<'a>, Vec<Cow<'a, str>>);

fn add_article<'a>(cx: &Cx<'a>, i: ArticleId, add: Add<'_, 'a>) {
    let a = &cx.site.articles[i];
    let card = cx.views.card(i);
    let topics: Vec<&str> = card.topics.iter().map(|t| t.title.as_str()).collect();
    let doc = Doc {
        kind: "article",
        title: &a.title,
        url: relative(cx, &card.url),
        credit: a.source.clone(),
        date: card.published.as_ref().or(card.retrieved.as_ref()).map(|d| d.display.clone()),
        summary: cut(&card.summary),
    };
    let found_by = vec![
        Cow::Borrowed(a.title.as_str()),
        Cow::Borrowed(a.summary.as_str()),
        Cow::Borrowed(a.source.as_str()),
        Cow::Owned(topics.join(" ")),
        Cow::Owned(a.authors.join(" ")),
        Cow::Borrowed(a.body.lead()),
    ];
    add(doc, found_by);
}

fn add_topic<'a>(cx: &Cx<'a>, i: TopicId, add: Add<'_, 'a>) {
    let t = &cx.site.topics[i];
    let doc = Doc {
        kind: "topic",
        title: &t.title,
        url: relative(cx, &cx.views.topics[i].url),
        credit: format!("Topic of {}", cx.site.config.title),
        date: None,
        summary: cut(&t.description),
    };
    add(doc, vec![Cow::Borrowed(t.title.as_str()), Cow::Borrowed(t.description.as_str())]);
}

fn add_note<'a>(cx: &Cx<'a>, i: NoteId, add: Add<'_, 'a>) {
    let n = &cx.site.notes[i];
    let view = &cx.views.notes[i];
    // A note is read on the pages it is about: the first one.
    let Some(about) = view.about.first() else { return };
    let credit = match &n.author {
        Some(a) => format!("Editor's note by {a}"),
        None => "Editor's note".to_string(),
    };
    let doc = Doc {
        kind: "note",
        title: &n.title,
        url: relative(cx, &about.url),
        credit,
        date: view.date.as_ref().map(|d| d.display.clone()),
        summary: cut(&about.title),
    };
    let author = n.author.as_deref().unwrap_or_default();
    add(doc, vec![Cow::Borrowed(n.title.as_str()), Cow::Borrowed(author), Cow::Owned(strip_tags(&n.body_html))]);
}

/// The gzip'd JSON index of `input`.
fn index(input: &Input) -> Vec<u8> {
    // Looked up by the folded word in a reused buffer: a word is copied
    // only the first time it is seen.
    let mut words: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    let mut word = String::new();
    for (id, texts) in input.texts.iter().enumerate() {
        for text in texts {
            each_raw_word(text, |raw| {
                fold(raw, &mut word);
                match words.get_mut(word.as_str()) {
                    Some(ids) if ids.last() == Some(&id) => {}
                    Some(ids) => ids.push(id),
                    None => {
                        words.insert(word.clone(), vec![id]);
                    }
                }
            });
        }
    }
    let count = input.docs.len();
    // Each word is in the map once: sorted, they are in the order a
    // BTreeMap would give.
    let mut words: Vec<(String, String)> = words.into_iter().map(|(w, ids)| (w, postings(&ids, count))).collect();
    words.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let words = Words(words);
    gzip(&serde_json::to_vec(&Index { docs: &input.docs, words }).unwrap_or_default())
}

fn gzip(json: &[u8]) -> Vec<u8> {
    // No file name and no time in the header: the same index, the same bytes.
    // Level 3, not 9: at 10,000 articles the best level took about 9% of a
    // build's time (and most of a one-article rebuild's) to make the index
    // 7% smaller.
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(3));
    let _ = gz.write_all(json);
    gz.finish().unwrap_or_default()
}

/// The first `words` words of `text` (split at whitespace), as a slice of
/// it: the words [`each_raw_word`] finds in it are those of the words joined.
pub(crate) fn lead(text: &str, words: usize) -> &str {
    let mut seen = 0;
    let mut in_word = false;
    for (i, space) in char_classes(text, |b| matches!(b, b'\t'..=b'\r' | b' '), char::is_whitespace) {
        if !space {
            in_word = true;
        } else if std::mem::take(&mut in_word) {
            seen += 1;
            if seen == words {
                return &text[..i];
            }
        }
    }
    text
}

/// Where each character of `text` starts, and whether it is of a class:
/// told by `ascii` a byte at a time where the text is ASCII (most text
/// is, and need not be decoded), by `other` for any other character.
fn char_classes<'t>(
    text: &'t str,
    ascii: impl Fn(u8) -> bool + 't,
    other: impl Fn(char) -> bool + 't,
) -> impl Iterator<Item = (usize, bool)> + 't {
    let mut i = 0;
    std::iter::from_fn(move || {
        let at = i;
        let &b = text.as_bytes().get(at)?;
        if b.is_ascii() {
            i += 1;
            return Some((at, ascii(b)));
        }
        let c = text[at..].chars().next()?;
        i += c.len_utf8();
        Some((at, other(c)))
    })
}

fn relative(cx: &Cx, url: &str) -> String {
    url.strip_prefix(cx.routes.base_path.as_str()).unwrap_or(url).to_string()
}

fn cut(text: &str) -> String {
    crate::render::view::cut(text, SUMMARY_CHARS)
}

/// The words of `text` as the search page splits a query: lower-case,
/// accents dropped, runs of letters and digits of two or more.
#[cfg(test)]
fn words_of(text: &str) -> impl Iterator<Item = String> + '_ {
    raw_words(text).map(|w| {
        let mut folded = String::new();
        fold(w, &mut folded);
        folded
    })
}

/// The runs of letters and digits of two or more in `text`.
#[cfg(test)]
fn raw_words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().nth(1).is_some())
}

/// Calls `each` with every run of two or more letters and digits of
/// `text`, in order (as `raw_words` splits it in the tests).
fn each_raw_word(text: &str, mut each: impl FnMut(&str)) {
    // Where the run of letters and digits being read starts, and whether
    // it has two characters yet.
    let mut run: Option<(usize, bool)> = None;
    for (i, alphanumeric) in char_classes(text, |b| b.is_ascii_alphanumeric(), char::is_alphanumeric) {
        match (&mut run, alphanumeric) {
            (Some((_, two)), true) => *two = true,
            (None, true) => run = Some((i, false)),
            (Some((start, two)), false) => {
                if *two {
                    each(&text[*start..i]);
                }
                run = None;
            }
            (None, false) => {}
        }
    }
    if let Some((start, true)) = run {
        each(&text[start..]);
    }
}

/// `word` lower-cased with its accents dropped, into `out`.
fn fold(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        // Nothing to decompose.
        out.push_str(word);
        out.make_ascii_lowercase();
    } else {
        out.extend(word.nfkd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase));
    }
}

fn postings(ids: &[usize], docs: usize) -> String {
    // A delta takes two characters or more; a bitmap 4/3 of a bit per document.
    if ids.len() * 12 > docs {
        let mut bits = vec![0u8; docs.div_ceil(8)];
        for &id in ids {
            bits[id / 8] |= 1 << (id % 8);
        }
        format!("~{}", base64(&bits))
    } else {
        deltas(ids)
    }
}

fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            out.push(if i <= chunk.len() { ABC[(n >> (18 - 6 * i) & 63) as usize] as char } else { '=' });
        }
    }
    out
}

fn deltas(ids: &[usize]) -> String {
    let mut out = String::new();
    let mut last = 0;
    for (k, &id) in ids.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        out.push_str(&base36(id - last));
        last = id;
    }
    out
}

fn base36(mut n: usize) -> String {
    const DIGITS: &[u8; 36] = b"0123456789abcdefghijklmnopqrstuvwxyz";
    let mut out = Vec::new();
    loop {
        out.push(DIGITS[n % 36]);
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// The text of rendered HTML, near enough for indexing words.
fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_split_folded_and_short_ones_dropped() {
        let w: Vec<String> = words_of("São Paulo’s record: a 3.5% RISE, Zürich").collect();
        assert_eq!(w, ["sao", "paulo", "record", "rise", "zurich"]);
        assert_eq!(lead("  one two\n\tthree  four", 3), "  one two\n\tthree");
        assert_eq!(lead("one two", 3), "one two");
        assert_eq!(deltas(&[0, 5, 41, 1337]), "0,5,10,100");
        assert_eq!(postings(&[0, 5, 41, 1337], 2000), "0,5,10,100");
        assert_eq!(postings(&[0, 2, 9], 10), "~BQI=");
        assert_eq!(base64(b"Man"), "TWFu");
        assert_eq!(base64(b"Ma"), "TWE=");
    }

    #[test]
    fn parts_cover_every_document_once() {
        assert_eq!(part_count(0), 1, "an empty site still has an index to fetch");
        assert_eq!(part_count(PART_DOCS), 1);
        assert_eq!(part_count(PART_DOCS + 1), 2);
        assert_eq!(part_number("search/part-12.json.gz"), Some(12));
        assert_eq!(part_number("search/index.json.gz"), None);
        assert_eq!(part_number("search/part-x.json.gz"), None);
    }

    proptest::proptest! {
        #[test]
        fn the_byte_scan_finds_the_words_the_split_finds(text in "(\\PC|[ -~]|[\u{80}-\u{2ff}])*") {
            let mut found = Vec::new();
            super::each_raw_word(&text, |w| found.push(w.to_string()));
            let split: Vec<String> = super::raw_words(&text).map(str::to_string).collect();
            proptest::prop_assert_eq!(found, split);
        }

        #[test]
        fn the_lead_ends_where_the_char_scan_ends(text in "(\\PC|[ -~]|\\s|[\u{80}-\u{2ff}])*", words in 1usize..6) {
            // The character-by-character scan the byte scan replaces.
            let mut expected = text.as_str();
            let (mut seen, mut in_word) = (0, false);
            for (i, c) in text.char_indices() {
                if !c.is_whitespace() {
                    in_word = true;
                } else if std::mem::take(&mut in_word) {
                    seen += 1;
                    if seen == words {
                        expected = &text[..i];
                        break;
                    }
                }
            }
            proptest::prop_assert_eq!(super::lead(&text, words), expected);
        }
    }
}
