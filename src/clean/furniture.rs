//! Page furniture recognised on a line's own shape: calls to action,
//! counters, share rows, advertisement markers, tag lists, inline links.

use std::sync::LazyLock;

use super::blocks::Shape;
use super::lexicon::{self, list, Words};

/// The reason given to advertisement markers, which interrupt a story
/// without ending a paragraph run.
pub(super) const AD_MARKER: &str = "advertisement marker";

static AD_MARKERS: Words = LazyLock::new(|| list("advertisement markers"));

/// Tag and category lists: "Tags: a, b", "Filed Under: …".
pub(super) fn is_tag_list(lower: &str) -> bool {
    static TAG_LABELS: Words = LazyLock::new(|| list("tag list labels"));
    TAG_LABELS.iter().any(|p| lower.starts_with(p))
}

/// `colon`: whether the line has one (known from its shape's marks).
pub(super) fn is_link(lower: &str, colon: bool) -> bool {
    // "On example.com: Another headline".
    let head = if colon { lower.find(':').map(|c| &lower[..c]) } else { None };
    let tlds = [".com", ".org", ".net", ".co.", ".ru", ".br", ".it", ".de"];
    let domain = |h: &str| h.split_whitespace().any(|w| tlds.iter().any(|tld| w.contains(tld)));
    if head.is_some_and(|h| h.split_whitespace().count() <= 3 && domain(h)) {
        return true;
    }
    // Prefixes compared inline, and only when one starts with the line's
    // first byte (most lines have none).
    static FIRST_BYTES: LazyLock<[bool; 256]> = LazyLock::new(|| {
        let mut first = [false; 256];
        for p in lexicon::LINK_PREFIXES.iter() {
            first[usize::from(p.as_bytes()[0])] = true;
        }
        first
    });
    if !lower.as_bytes().first().is_some_and(|&b| FIRST_BYTES[usize::from(b)]) {
        return false;
    }
    let starts = |p: &str| lower.len() >= p.len() && lower.bytes().zip(p.bytes()).all(|(a, b)| a == b);
    lexicon::LINK_PREFIXES.iter().any(|p| {
        starts(p)
            && lower
                .get(p.len()..)
                .is_some_and(|r| r.is_empty() || r.starts_with([':', ' ', '»', '-', '–', '|']) || p.ends_with(':'))
    })
}

/// Calls to action, counters, share rows, advertisement markers.
pub(super) fn furniture(line: &Shape) -> Option<&'static str> {
    let lower = line.lower.as_str();
    if AD_MARKERS.contains(&lower.trim_matches(|c: char| !c.is_alphanumeric())) {
        return Some(AD_MARKER);
    }
    let (strong, weak) = line.cta;
    if strong >= 1 && line.words <= 25 {
        return Some("call to action (subscribe, sign in, ads…)");
    }
    if strong >= 1 && (strong + weak >= 3 || (weak >= 1 && line.words <= 40)) {
        return Some("call-to-action vocabulary");
    }
    if weak >= 1 && line.words <= 4 {
        return Some("share/comment/menu button");
    }
    if is_file_name(lower) {
        return Some("image file name");
    }
    // In plain text (ASCII letters only) every glue is an ASCII pair.
    if line.words >= 8 && (!line.plain || ascii_glue(line.text.as_bytes())) && is_glued_teaser(&line.text) {
        return Some("teaser: a headline glued to its summary");
    }
    if line.words <= 6 && is_gallery_counter(lower) {
        return Some("gallery counter");
    }
    if line.words <= 3 && is_counter(lower) {
        return Some("counter (comments, views, reading time)");
    }
    if line.marks.has(b'@') && line.marks.has(b'.') && line.words <= 15 && lower.contains(" at ") {
        return Some("contact e-mail line");
    }
    None
}

/// A teaser card dumped without a space between its headline and summary:
/// "Council Approves Budget After Long DebateThe council voted…". The part
/// before the glue is in headline case. (`furniture` asks only of plain
/// lines that `ascii_glue` finds a glue in, and of the others.)
pub(super) fn is_glued_teaser(text: &str) -> bool {
    let mut run = 0usize;
    let mut prev_lower = false;
    let mut prev_digit = false;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next_lower = chars.peek().is_some_and(|&(_, n)| n.is_lowercase());
        let glued = (prev_lower && run >= 3) || (prev_digit && next_lower);
        if glued && c.is_uppercase() {
            let head = &text[..i];
            let words: Vec<&str> = head.split_whitespace().collect();
            let caps = words.iter().filter(|w| w.chars().next().is_some_and(|c| !c.is_lowercase())).count();
            return words.len() >= 4 && caps * 5 >= words.len() * 4;
        }
        prev_lower = c.is_lowercase();
        prev_digit = c.is_ascii_digit();
        run = if c.is_alphabetic() { run + 1 } else { 0 };
    }
    false
}

/// A lower-case ASCII letter or digit right before an ASCII capital. The
/// test has no branch per byte, so the compiler vectorises it; chunks let
/// a hit stop the scan early.
fn ascii_glue(bytes: &[u8]) -> bool {
    let Some(next) = bytes.get(1..) else {
        return false;
    };
    let glue = |(&a, &b): (&u8, &u8)| {
        (u8::from(a.wrapping_sub(b'a') < 26) | u8::from(a.wrapping_sub(b'0') < 10))
            & u8::from(b.wrapping_sub(b'A') < 26)
    };
    bytes.chunks(64).zip(next.chunks(64)).any(|(a, b)| a.iter().zip(b).fold(0u8, |acc, p| acc | glue(p)) != 0)
}

/// A wire-photo caption: "In this Nov. 10, 2019, photo, …".
pub(super) fn is_wire_caption(lower: &str) -> bool {
    lower.starts_with("in this ")
        && lower.split_whitespace().take(10).any(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            w.starts_with("photo") || w == "image" || w == "picture"
        })
}

/// One word ending in an image or media file extension.
pub(super) fn is_file_name(lower: &str) -> bool {
    !lower.contains(' ')
        && [".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg", ".mp4", ".pdf"].iter().any(|ext| lower.ends_with(ext))
}

/// "Image 1 of 8", "1 - 5 of 36", "3/12".
pub(super) fn is_gallery_counter(lower: &str) -> bool {
    let words: Vec<&str> = lower.split_whitespace().collect();
    let is_number = |w: &&&str| w.chars().all(|c| c.is_ascii_digit() || c == '/');
    let numbers = words.iter().filter(is_number).count();
    let others = words
        .iter()
        .filter(|w| !is_number(w))
        .all(|w| ["image", "photo", "picture", "slide", "of", "-", "/", "–"].contains(w));
    (1..=6).contains(&words.len()) && numbers >= 1 && others && (words.len() > 1 || lower.contains('/'))
}

/// "218 comments", "(5 min)", "3 min read", "12K views".
pub(super) fn is_counter(lower: &str) -> bool {
    let l = lower.trim_matches(|c: char| c == '(' || c == ')');
    let words: Vec<&str> = l.split_whitespace().collect();
    (2..=3).contains(&words.len())
        && words.first().is_some_and(|w| w.chars().next().is_some_and(|c| c.is_ascii_digit()))
        && words.iter().skip(1).all(|w| {
            ["comments", "comment", "min", "mins", "minutes", "read", "views", "shares", "replies", "likes"].contains(w)
        })
}

/// A short line wholly in brackets: "[Agency]", "[Video]".
pub(super) fn is_bracketed_tag(t: &str) -> bool {
    t.starts_with('[') && t.ends_with(']') && t.split_whitespace().count() <= 5
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glued_teasers() {
        assert!(is_glued_teaser("Council Approves Harbour Budget After Long DebateThe council voted on Monday."));
        assert!(!is_glued_teaser("The firm said its LinkedIn and SoundCloud pages were hacked on Monday."));
        assert!(!is_glued_teaser("Shares in McDonald and YouTube rose."));
    }
}
