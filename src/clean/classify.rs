//! What each line looks like on its own: furniture, date, byline, caption,
//! credit, or text that may be story.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};

use super::blocks::Shape;
use super::credits::{self, Caption};
use super::lexicon::{list, Words};
use super::{bylines, dates, furniture, lexicon};

/// The shape of one line, before position and neighbours are considered.
#[derive(Debug, Clone)]
pub(crate) enum Kind {
    /// Text that may be headline or story.
    Text,
    /// Call to action or page furniture; the reason names the signal.
    Furniture(&'static str),
    /// Repeated in another dump of the corpus.
    Template,
    /// "Related", "More like this": the story is over.
    EndMarker,
    /// "Source: X" (X empty for a bare label).
    Source(String),
    /// A copyright line naming the outlet.
    Copyright(String),
    /// A date line (with a time when it has one); `updated` when it is
    /// only an "Updated" stamp.
    Date { found: dates::Found, updated: bool },
    /// "2 hours ago".
    Relative,
    /// A bare clock time: a liveblog entry's timestamp.
    Clock,
    /// "By …" (names may be empty: an agency byline).
    Byline(Vec<String>),
    /// "Reporting by …; Editing by …".
    Reporting(Vec<String>),
    /// A caption with its credit.
    Caption(Caption),
    /// A credit on its own line; the caption is the line before.
    CreditLine(String),
    /// The alt text of the caption on the next line.
    Alt,
    /// "— Name, Org" under a pull quote.
    Attribution,
    /// A label with no value ("Date:"), or punctuation only.
    Label,
    /// "Read more: …", "Also read: …".
    Link,
}

impl Kind {
    /// Inline insertions (links, figures, ad markers) that sit inside a
    /// story: neighbours look through them.
    pub(crate) fn is_inline_insert(&self) -> bool {
        match self {
            Kind::Link | Kind::Caption(_) | Kind::CreditLine(_) | Kind::Alt | Kind::Attribution => true,
            Kind::Furniture(r) => *r == furniture::AD_MARKER,
            _ => false,
        }
    }
}

/// Classifies one line on its own shape; a line repeated on other pages
/// of the corpus is `Template` instead of `Text` (`of_line`).
pub(super) fn shape(line: &Shape) -> Kind {
    let t = line.text.as_str();
    let lower = line.lower.as_str();
    if let Some(v) = credits::source_label(t) {
        return Kind::Source(v);
    }
    // Each search below first asks for a mark the line must hold (its
    // own first test); the shape's marks answer that without a search.
    let m = &line.marks;
    // A copyright mark is '©', 'ⓒ' (non-ASCII; a plain line may hold only
    // the first), "(c) " or a "copyright" label: an ASCII line's
    // lower-cased copy starts as it does.
    let copyright_sign = || !line.plain || memchr::memmem::find(t.as_bytes(), "©".as_bytes()).is_some();
    let copyright_marked = m.has(b'(') || lower.starts_with("copyright") || m.high && copyright_sign();
    if let Some(owner) = copyright_marked.then(|| credits::copyright_owner(t)).flatten() {
        return Kind::Copyright(owner);
    }
    if is_end_marker(lower) {
        return Kind::EndMarker;
    }
    if !t.chars().any(char::is_alphanumeric) || is_empty_label(t) {
        return Kind::Label;
    }
    // A credit line has a label's colon, an agency slash or " via ".
    let credit_marked = m.has(b':') || m.has(b'/') || m.via;
    if let Some(c) = credit_marked.then(|| credits::credit_line(t)).flatten() {
        return Kind::CreditLine(c);
    }
    if let Some(c) = (credit_marked || t.ends_with([']', ')'])).then(|| credits::split_caption(t)).flatten() {
        return Kind::Caption(c);
    }
    if let Some(k) = date_kind(line) {
        return k;
    }
    let credit_like = line.words <= 50 && bylines::is_reporting_credit(lower);
    if let Some(names) = credit_like.then(|| bylines::reporting_credit(t)).flatten() {
        return Kind::Reporting(names);
    }
    if let Some(names) = (line.words <= 20).then(|| bylines::byline(t, lower)).flatten() {
        return Kind::Byline(names);
    }
    if furniture::is_link(lower, m.has(b':')) {
        return Kind::Link;
    }
    if ["image caption", "media caption", "caption:", "photo caption"].iter().any(|p| lower.starts_with(p))
        || furniture::is_wire_caption(lower)
    {
        return Kind::Furniture("image caption without credit");
    }
    if furniture::is_tag_list(lower) {
        return Kind::Furniture("tag list");
    }
    if furniture::is_bracketed_tag(t) {
        return Kind::Furniture("bracketed label (source or section tag)");
    }
    if let Some(reason) = furniture::furniture(line) {
        return Kind::Furniture(reason);
    }
    if is_attribution(t) {
        return Kind::Attribution;
    }
    Kind::Text
}

/// A line's kind in its page: its shape's, or template when the line is
/// repeated in other dumps and would otherwise be text.
pub(super) fn of_line(line: &Shape, repeated: bool) -> Kind {
    match line.kind {
        Kind::Text if repeated => Kind::Template,
        ref k => k.clone(),
    }
}

fn is_end_marker(lower: &str) -> bool {
    if lower.len() > 60 {
        return false;
    }
    let l = lower.trim_end_matches([':', '.', '»', '›', '>']).trim();
    lexicon::END_MARKERS.iter().any(|m| m.trim_end_matches(':') == l) || (l.starts_with("comments (") && l.len() < 20)
}

/// "Date:", "Tags:" — a short label with nothing after it.
fn is_empty_label(t: &str) -> bool {
    t.ends_with(':') && t.split_whitespace().count() <= 3
}

fn date_kind(line: &Shape) -> Option<Kind> {
    let t = line.text.as_str();
    // A relative time is the whole (trimmed) line and ends in "ago", "now"
    // or "yesterday", in any case: so the lower-cased line ends so too.
    let lower = line.lower.as_str();
    let relative_words = ["ago", "now", "terday"].iter().any(|w| lower.ends_with(w));
    if relative_words && dates::is_relative(t) {
        return Some(Kind::Relative);
    }
    if dates::is_clock_line(t) {
        return Some(Kind::Clock);
    }
    if line.words > 16 {
        return None;
    }
    // Every date we read has digits (`digits` counts the ASCII ones).
    if line.digits == 0 {
        return lower.trim_start().starts_with("updated").then_some(Kind::Relative);
    }
    // Only the part before "Updated" is the publication stamp, and a
    // trailing "by Name" is a byline.
    static LATER: Words = LazyLock::new(|| list("later stamps"));
    // Where the first of them starts: one pass of a leftmost automaton
    // instead of a substring search for each word.
    static LATER_WORDS: LazyLock<AhoCorasick> = LazyLock::new(|| {
        AhoCorasick::builder().match_kind(MatchKind::LeftmostFirst).build(&*LATER).expect("valid word list")
    });
    let cut = LATER_WORDS.find(lower).map_or(t.len(), |m| m.start());
    let by = lower.find(" by ").unwrap_or(t.len());
    let head = t.get(..cut.min(by)).unwrap_or(t);
    if let Some(found) = dates::find(head).filter(|found| rest_is_small(head, found)) {
        return Some(Kind::Date { found, updated: false });
    }
    if cut < t.len() {
        if let Some(found) = dates::find(t) {
            return Some(Kind::Date { found, updated: true });
        }
        if LATER.iter().any(|w| lower.trim_start().starts_with(w)) || lower.starts_with("last ") {
            return Some(Kind::Relative);
        }
    }
    None
}

/// A date line is mostly its date: labels, weekday, time and zone aside,
/// at most one other word remains.
fn rest_is_small(text: &str, found: &dates::Found) -> bool {
    let before = text.get(..found.start).unwrap_or("");
    let after = text.get(found.end..).unwrap_or("");
    let separator = |c: char| c.is_whitespace() || ",|•·/-–—()".contains(c);
    let words = before.split(separator).chain(after.split(separator)).filter(|w| !w.is_empty() && !is_date_word(w));
    // A header widget shows the weather beside today's date
    // ("Thursday 14 March 2024 | 12°C Cloudy"): a temperature and a word or
    // two (the sky, the city) do not make the line prose.
    let (temperatures, others) = words.fold((0, 0), |(t, o), w| if w.contains('°') { (t + 1, o) } else { (t, o + 1) });
    others <= if temperatures > 0 { 3 } else { 1 }
}

/// Labels, weekdays, times and zone names that may surround a date.
fn is_date_word(w: &str) -> bool {
    static LABELS: Words = LazyLock::new(|| list("date words"));
    let l = w.to_lowercase();
    let l = l.trim_matches(|c: char| c == '.' || c == ':' || c == ',');
    l.is_empty()
        || l.chars().all(|c| c.is_ascii_digit() || c == ':' || c == '.')
        || LABELS.contains(&l)
        || lexicon::WEEKDAYS.contains(&l)
        || lexicon::WEEKDAY_ABBREVIATIONS.contains(&l)
        || (w.len() <= 5 && w.chars().all(|c| c.is_ascii_uppercase()))
        || l.chars().next().is_some_and(|c| c.is_ascii_digit()) && (l.ends_with("am") || l.ends_with("pm"))
}

/// "— Name, Org" under a pull quote.
fn is_attribution(t: &str) -> bool {
    t.starts_with(['—', '―', '–']) && t.split_whitespace().count() <= 10
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_of(text: &str) -> Option<Kind> {
        let lines = super::super::blocks::split(text);
        date_kind(&lines[0])
    }

    #[test]
    fn a_date_beside_the_weather_is_a_date_line() {
        assert!(matches!(kind_of("Thursday 14 March 2024 | 12°C Cloudy"), Some(Kind::Date { .. })));
        assert!(matches!(kind_of("-0.6 °C Ottawa, Monday, November 25, 2024"), Some(Kind::Date { .. })));
        // Without a temperature, several other words make it prose.
        assert!(kind_of("Talks resumed 14 March 2024 in the capital city").is_none());
    }
}
