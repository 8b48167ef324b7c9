//! Splitting a dump into blocks (non-empty lines) and measuring each one.
//!
//! What a line's text alone tells (its measures, lower-case copy and
//! shape) is a `Shape`, made once per distinct text of a corpus and shared
//! by every line with that text: most lines of a folder are its sites'
//! template, repeated on every page.

use std::hash::Hasher;
use std::sync::{Arc, OnceLock};

use rustc_hash::FxHasher;

use super::classify::{self, Kind};
use super::lexicon;

/// What one line's text alone tells, the same wherever it occurs.
#[derive(Debug)]
pub(crate) struct Shape {
    /// The line without surrounding whitespace, exactly as in the input.
    pub text: String,
    pub lower: String,
    /// Whitespace-separated words; for scripts written without spaces,
    /// an estimate from the character count.
    pub words: usize,
    /// Share of function words among the words (0 when unknown).
    pub stop_share: f32,
    /// Whether the text has many CJK or other unspaced-script characters.
    pub unspaced: bool,
    /// Ends like a sentence (., !, ?, closing quote, colon, CJK stop).
    pub sentence_end: bool,
    /// Headline style: nearly every word capitalised.
    pub title_case: bool,
    /// The text is ASCII but for caseless punctuation (see `is_plain`).
    pub plain: bool,
    /// Distinct (strong, weak) call-to-action words or phrases in the line
    /// (`lexicon::cta_hits_in`), counted once for the shape passes, the
    /// story features and the headline candidates.
    pub cta: (usize, usize),
    /// Characters, and ASCII digits among them.
    pub chars: usize,
    pub digits: usize,
    /// The line's marks, for cheap tests before searches (`has`).
    pub marks: Marks,
    /// Its words (alphanumeric runs of three or more bytes, lower-cased)
    /// as `word_key`s, in order: the headline scorer compares candidates'
    /// words with the story's, found here on the pass that measures.
    pub word_keys: Box<[u64]>,
    /// What the line looks like on its own (`classify::shape`); a line
    /// repeated on other pages of the corpus is template besides.
    pub kind: Kind,
    /// Asked of a few lines near the headline, and then of each several
    /// times: computed on the first question.
    bare_names: OnceLock<bool>,
    lone_name: OnceLock<bool>,
    date_start: OnceLock<Option<usize>>,
}

/// Which ASCII marks (bytes neither letters, digits, '_' nor spaces) a
/// line holds, whether it has a non-ASCII byte, and whether it holds
/// " via ": a test of these answers "no such mark" without a search.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Marks {
    /// A bit per mark's low six bits: marks 64 apart share one (a false
    /// "may hold" only costs the search it would have skipped).
    ascii: u64,
    pub high: bool,
    pub via: bool,
}

impl Marks {
    /// Whether the line may hold the ASCII mark `b` (never false when it
    /// does).
    pub(crate) fn has(&self, b: u8) -> bool {
        self.ascii >> (b & 63) & 1 != 0
    }

    /// Every line's marks, byte by byte (`scan_plain` finds a plain
    /// line's on its way).
    fn of(text: &str) -> Marks {
        let mut m = Marks { via: text.contains(" via "), ..Marks::default() };
        text.bytes().for_each(|b| m.add(b));
        m
    }

    fn add(&mut self, b: u8) {
        if b >= 0x80 {
            self.high = true;
        } else if CLASS[usize::from(b)] & (SPACE | WORD) == 0 {
            self.ascii |= 1 << (b & 63);
        }
    }
}

impl Shape {
    /// Measures and classifies one trimmed line.
    pub(super) fn new(text: &str) -> Shape {
        let mut shape = measure(text);
        shape.kind = classify::shape(&shape);
        shape
    }

    /// The line is a list of bare names (`bylines::bare_names`).
    pub(crate) fn is_bare_names(&self) -> bool {
        *self.bare_names.get_or_init(|| super::bylines::bare_names(&self.text).is_some())
    }

    /// The line is one person's name (`bylines::lone_name`).
    pub(crate) fn is_lone_name(&self) -> bool {
        *self.lone_name.get_or_init(|| super::bylines::lone_name(&self.text).is_some())
    }

    /// Where the first date in the line starts (`dates::find_start`).
    pub(crate) fn date_start(&self) -> Option<usize> {
        *self.date_start.get_or_init(|| super::dates::find_start(&self.text))
    }
}

/// One non-empty line of the dump: where it is, and its shared `Shape`.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    /// 1-based line number in the input.
    pub number: usize,
    /// Consecutive lines with no blank line between them share a group.
    pub group: usize,
    /// The same line occurs again in this dump (set by the template pass).
    pub recurs: bool,
    pub shape: Arc<Shape>,
}

impl std::ops::Deref for Line {
    type Target = Shape;
    fn deref(&self) -> &Shape {
        &self.shape
    }
}

/// A non-empty line before it is measured: its number, trimmed text and
/// block group.
pub(super) type RawLine<'a> = (usize, &'a str, usize);

/// Splits text into trimmed non-empty lines. Blank lines separate groups.
pub(super) fn split_raw(text: &str) -> Vec<RawLine<'_>> {
    // At most one line per line break: the vector is never regrown.
    let breaks = count_bytes(text.as_bytes(), |b| b == b'\n');
    let mut out = Vec::with_capacity(breaks + 1);
    let mut group = 0;
    let mut blank = true;
    // As `str::lines`, but for a last empty line (blank: it only ends a
    // group) and each line's '\r' (trimmed below).
    let mut from = 0;
    let lines = memchr::memchr_iter(b'\n', text.as_bytes()).chain([text.len()]).map(|end| {
        let line = &text[from..end];
        from = end + 1;
        line
    });
    for (i, raw) in lines.enumerate() {
        // A byte-order mark is not text. ASCII spaces (but the vertical
        // tab) go first, byte-wise; the rest only when one is left at an end.
        let t = raw.trim_ascii();
        let odd = |b: Option<&u8>| b.is_some_and(|&b| b >= 0x80 || b == 0x0b);
        let t = if odd(t.as_bytes().first()) || odd(t.as_bytes().last()) {
            t.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}')
        } else {
            t
        };
        if t.is_empty() {
            if !blank {
                group += 1;
            }
            blank = true;
            continue;
        }
        blank = false;
        out.push((i + 1, t, group));
    }
    out
}

/// Splits text into measured lines, each with its own shape (a corpus
/// shares shapes between its files: `clean::per_file`).
#[cfg(test)]
pub(super) fn split(text: &str) -> Vec<Line> {
    split_raw(text)
        .into_iter()
        .map(|(number, t, group)| Line { number, group, recurs: false, shape: Arc::new(Shape::new(t)) })
        .collect()
}

/// How many bytes satisfy `pred`: counted in chunks small enough for a
/// byte-sized counter, so that the loop vectorises.
pub(super) fn count_bytes(bytes: &[u8], pred: impl Fn(u8) -> bool) -> usize {
    bytes.chunks(255).map(|c| usize::from(c.iter().fold(0u8, |n, &b| n + u8::from(pred(b))))).sum()
}

/// `a.contains(b)`, tried where `b`'s first byte occurs: cheaper for
/// short texts than the searcher `contains` builds for every pair.
pub(super) fn holds(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    b.first().is_none_or(|&first| memchr::memchr_iter(first, a).any(|at| a[at..].starts_with(b)))
}

/// Running totals: `out[i]` is the sum of the first `i` values, so that
/// `out[j] - out[i]` sums values `i..j`.
pub(super) fn running_sums(values: impl Iterator<Item = usize>) -> Vec<usize> {
    let sums = values.scan(0, |sum, v| {
        *sum += v;
        Some(*sum)
    });
    std::iter::once(0).chain(sums).collect()
}

/// Whether blocks are separated by blank lines (most dumps) or packed one
/// per line with none between (then groups carry no information).
pub(super) fn is_dense(lines: &[Line]) -> bool {
    let groups = lines.last().map_or(0, |l| l.group + 1);
    groups * 3 < lines.len()
}

fn measure(text: &str) -> Shape {
    // Most lines are plain (`scan_plain`): one pass over their bytes gives
    // every measure; the rest are decoded as Unicode.
    let mut lower = text.to_ascii_lowercase();
    let (counts, plain, chars, digits, marks, word_keys) = match scan_plain(text.as_bytes(), lower.as_bytes()) {
        Some(scan) => (scan.counts, true, scan.chars, scan.digits, scan.marks, scan.word_keys),
        None => {
            lower = text.to_lowercase();
            let chars = text.chars().count();
            let digits = text.bytes().filter(u8::is_ascii_digit).count();
            let words = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() >= 3);
            let keys = words.map(|w| word_key(w.as_bytes())).collect();
            (unicode_words(text, &lower), false, chars, digits, Marks::of(text), keys)
        }
    };
    let (token_count, stops, alpha, caps, cta) = counts;
    let unspaced_chars = if plain { 0 } else { text.chars().filter(|c| is_unspaced_script(*c)).count() };
    let unspaced = unspaced_chars > 0 && unspaced_chars * 2 > chars;
    let words = if unspaced {
        // Roughly two characters a word in Chinese, Japanese and Thai.
        token_count.max(unspaced_chars / 2)
    } else {
        token_count
    };
    let stop_share = if token_count == 0 { 0.0 } else { stops as f32 / token_count as f32 };
    Shape {
        text: text.to_string(),
        words,
        stop_share,
        unspaced,
        sentence_end: ends_sentence(text),
        title_case: alpha >= 5 && caps * 5 >= alpha * 4,
        cta: lexicon::cta_hits_in(&lower, words, cta),
        plain,
        chars,
        digits,
        marks,
        word_keys: word_keys.into_boxed_slice(),
        lower,
        kind: Kind::Text,
        bare_names: OnceLock::new(),
        lone_name: OnceLock::new(),
        date_start: OnceLock::new(),
    }
}

/// ASCII, or ASCII with a few caseless punctuation marks and symbols that
/// are neither letters, digits, word characters nor spaces (curly quotes,
/// dashes, the ellipsis, £, €, ©). Byte-wise ASCII tests give the same
/// answers on such text as the Unicode ones: lower-casing leaves those
/// marks alone, and they separate words as any ASCII punctuation does.
pub(super) fn is_plain(text: &str) -> bool {
    text.is_ascii()
        || text.chars().all(|c| c.is_ascii() || matches!(c, '“' | '”' | '‘' | '’' | '…' | '—' | '–' | '£' | '€' | '©'))
}

/// The length of the UTF-8 encoding of one of `is_plain`'s marks starting
/// at `b[0]`, or `None` when another character starts there.
fn plain_mark_len(b: &[u8]) -> Option<usize> {
    match b {
        // “ ” ‘ ’ … — – and €.
        [0xE2, 0x80, 0x9C | 0x9D | 0x98 | 0x99 | 0xA6 | 0x94 | 0x93, ..] | [0xE2, 0x82, 0xAC, ..] => Some(3),
        // £ and ©.
        [0xC2, 0xA3 | 0xA9, ..] => Some(2),
        _ => None,
    }
}

/// What one pass over a plain line's bytes measures.
struct PlainScan {
    /// As `unicode_words` counts them, with the call-to-action key bits.
    counts: (usize, usize, usize, usize, u8),
    chars: usize,
    digits: usize,
    marks: Marks,
    word_keys: Vec<u64>,
}

/// Byte classes for `scan_plain`.
const SPACE: u8 = 1;
const WORD: u8 = 2;
const DIGIT: u8 = 4;
const HIGH: u8 = 8;
/// ASCII letters and digits (word characters but '_').
const ALNUM: u8 = 16;
/// ASCII letters, and the capitals among them.
const ALPHA: u8 = 32;
const UPPER: u8 = 64;
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        // `char::is_whitespace` on ASCII (note: includes vertical tab).
        if c == b' ' || (c >= b'\t' && c <= b'\r') {
            t[b] = SPACE;
        } else if c.is_ascii_digit() {
            t[b] = WORD | DIGIT | ALNUM;
        } else if c.is_ascii_alphabetic() {
            t[b] = WORD | ALNUM | ALPHA | if c.is_ascii_uppercase() { UPPER } else { 0 };
        } else if c == b'_' {
            t[b] = WORD;
        } else if c >= 0x80 {
            t[b] = HIGH;
        }
        b += 1;
    }
    t
};

/// `unicode_words` for a plain line (`is_plain`) in one pass over its bytes
/// (`lower` is its ASCII lower-case copy), with its characters, its digits
/// and which call-to-action lists have a phrase keyed by one of its
/// word-character runs; `None` when the line is not plain.
fn scan_plain(text: &[u8], lower: &[u8]) -> Option<PlainScan> {
    let (mut token_count, mut stops, mut alpha, mut caps, mut cta) = (0usize, 0usize, 0usize, 0usize, 0u8);
    let mut continuation = 0usize;
    // Marks are met one by one below (word and space bytes go by in runs).
    let mut marks = Marks::default();
    // Every byte of a plain line is looked at below (or the line is not
    // plain, and the count unused): its digits are counted apart, in a
    // loop the compiler vectorises.
    let digits = count_bytes(lower, |b| b.is_ascii_digit());
    let (words, long_keys) = (lexicon::plain_words(), lexicon::cta_keys());
    let n = lower.len();
    // A word of three bytes or more and a separator take four bytes: the
    // vector is never regrown. Words are word-character runs but where a
    // '_' (rare) splits them.
    let mut word_keys = Vec::with_capacity((n + 1) / 4);
    let underscore = memchr::memchr(b'_', lower).is_some();
    // Where the run of `class` bytes from `from` ends.
    let run_end = |mut i: usize, class: u8| {
        while i < n && CLASS[usize::from(lower[i])] & class != 0 {
            i += 1;
        }
        i
    };
    let mut i = run_end(0, SPACE);
    while i < n {
        // A token: up to the next space, in word-character runs.
        let start = i;
        token_count += 1;
        let first = CLASS[usize::from(text[start])];
        alpha += usize::from(first & ALPHA != 0);
        caps += usize::from(first & UPPER != 0);
        // How many runs the token has, and the last one's lexicon bits.
        let (mut runs, mut bits) = (0usize, 0u8);
        loop {
            let run = i;
            // Eight bytes at once, when there are eight: most runs end in
            // them, and they are the run's packed key besides.
            let eight = lower.get(run..run + 8).map(|b| u64::from_le_bytes(b.try_into().unwrap_or_default()));
            i = match eight.map(non_word_bytes) {
                Some(0) => run_end(run + 8, WORD),
                Some(ends) => run + (ends.trailing_zeros() / 8) as usize,
                None => run_end(run, WORD),
            };
            let len = i - run;
            if len > 0 {
                runs += 1;
                bits = if len <= 8 {
                    let key = match eight {
                        Some(eight) => eight & u64::MAX >> (64 - 8 * len),
                        None => lexicon::pack(&lower[run..i]),
                    };
                    if len >= 3 && !underscore {
                        word_keys.push(key & !(1 << 63));
                    }
                    words.get(key)
                } else {
                    if !underscore {
                        word_keys.push(word_key(&lower[run..i]));
                    }
                    long_keys.bits(&lower[run..i])
                };
                cta |= bits & lexicon::CTA_ALL;
                if len >= 3 && underscore {
                    word_keys.extend(lower[run..i].split(|&b| b == b'_').filter(|w| w.len() >= 3).map(word_key));
                }
            }
            if i >= n {
                break;
            }
            let class = CLASS[usize::from(lower[i])];
            if class & SPACE != 0 {
                break;
            }
            if class & HIGH != 0 {
                let len = plain_mark_len(&lower[i..])?;
                continuation += len - 1;
                marks.high = true;
                i += len;
            } else {
                marks.ascii |= 1 << (lower[i] & 63);
                i += 1;
            }
        }
        // " via ": a token "via" with a space (not any blank) either side.
        if bits & lexicon::VIA_BIT != 0 && text[start..i] == *b"via" {
            marks.via |= start > 0 && text[start - 1] == b' ' && text.get(i) == Some(&b' ');
        }
        if i - start <= 10 {
            // A token of one run is that run once trimmed (a '_' aside),
            // and the run's bits tell whether it is a function word.
            stops += usize::from(if runs == 1 && !underscore {
                bits & lexicon::STOP_BIT != 0
            } else {
                runs > 0 && lexicon::is_stopword_bytes(trim_ascii_non_alnum(&lower[start..i]))
            });
        }
        i = run_end(i, SPACE);
    }
    Some(PlainScan {
        counts: (token_count, stops, alpha, caps, cta),
        chars: n - continuation,
        digits,
        marks,
        word_keys,
    })
}

/// The bytes of eight (little-endian) of a lower-cased plain line that
/// are not word characters (`WORD`: ASCII letters, digits, '_'), as their
/// top bits; computed for all eight at once, each byte as a 7-bit value.
fn non_word_bytes(eight: u64) -> u64 {
    const ONES: u64 = u64::MAX / 255;
    const TOPS: u64 = ONES << 7;
    let low = eight & !TOPS;
    // The top bit of each byte set where its low seven bits are `c` or
    // more (no sum carries into the next byte).
    let at_least = |c: u8| low + ONES * u64::from(0x80 - c);
    let letter = at_least(b'a') & !at_least(b'z' + 1);
    let digit = at_least(b'0') & !at_least(b'9' + 1);
    let underscore = !((low ^ (ONES * u64::from(b'_'))) + ONES * 0x7f);
    // A byte with its top bit set (non-ASCII) is no word character.
    !((letter | digit | underscore) & !eight) & TOPS
}

/// A word's key: up to 8 bytes packed into an integer (words hold no NUL
/// byte, so the packing is one-to-one), longer words hashed eight bytes at
/// a time; the top bit tells the two apart.
fn word_key(w: &[u8]) -> u64 {
    // Little-endian, zero-padded: the first byte lowest (shifted in, not
    // copied: a copy of a few bytes is a call to memcpy).
    let pack = |c: &[u8]| c.iter().rev().fold(0u64, |k, &b| k << 8 | u64::from(b));
    if w.len() <= 8 {
        return pack(w) & !(1 << 63);
    }
    let mut h = FxHasher::default();
    for c in w.chunks(8) {
        h.write_u64(pack(c));
    }
    h.finish() | 1 << 63
}

fn trim_ascii_non_alnum(w: &[u8]) -> &[u8] {
    let alnum = |b: &u8| CLASS[usize::from(*b)] & ALNUM != 0;
    match (w.iter().position(alnum), w.iter().rposition(alnum)) {
        (Some(first), Some(last)) => &w[first..=last],
        _ => &[],
    }
}

/// Words, function words, capitalised words of any text.
fn unicode_words(text: &str, lower: &str) -> (usize, usize, usize, usize, u8) {
    let (mut token_count, mut stops, mut alpha, mut caps) = (0usize, 0usize, 0usize, 0usize);
    // Lower-casing keeps whitespace, so the two splits line up.
    for (t, l) in text.split_whitespace().zip(lower.split_whitespace()) {
        token_count += 1;
        let Some(first) = t.chars().next() else {
            continue;
        };
        if first.is_alphabetic() {
            alpha += 1;
            caps += usize::from(first.is_uppercase());
        }
        if l.len() <= 10 {
            stops += usize::from(lexicon::is_stopword(l.trim_matches(|c: char| !c.is_alphanumeric())));
        }
    }
    // Call-to-action words are not looked for here: both lists may match.
    (token_count, stops, alpha, caps, lexicon::CTA_ALL)
}

/// Chinese, Japanese, Thai and similar scripts write words without spaces.
fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x0E00..=0x0E7F)
}

/// Ends like a sentence, ignoring trailing quotes and brackets.
pub(super) fn ends_sentence(text: &str) -> bool {
    let core = text.trim_end_matches(|c: char| {
        matches!(c, '"' | '\'' | '”' | '’' | '»' | ')' | ']' | '」' | '』' | '*') || c.is_whitespace()
    });
    core.ends_with(['.', '!', '?', '…', ':', ';', '。', '！', '？', '．'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_lose_every_surrounding_space() {
        let lines = split(" \u{FEFF}\u{b}a b\u{a0}\t\r\n\u{3000}\n\u{b}\n é \n");
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["a b", "é"]);
    }

    #[test]
    fn groups_follow_blank_lines() {
        let lines = split("a\nb\n\n\nc\n");
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].group, lines[1].group);
        assert_ne!(lines[1].group, lines[2].group);
        assert_eq!(lines[2].number, 5);
    }

    /// The byte-wise measures of plain lines agree with the Unicode ones,
    /// and the call-to-action bits never hide a match.
    #[test]
    fn plain_lines_measure_alike() {
        for text in [
            "Please subscribe to our newsletter — it’s free…",
            "“All rights reserved,” he said; the e-mail (sign-up) form: log in",
            "Share\u{b}this story on Facebook",
            "The ad-blocker is on. Enable JS and disable any ad blockerknow more",
            "Copyright © 2025 Example Ltd. £5 a month, €6 elsewhere",
            "subscribers only_ read more: terms of use, reading time 5 min",
            "A plain sentence with no furniture at all in it, says the mayor.",
            "Jo Doe via Getty Images/AFP (file)",
            "via the pass\tvia the via-duct, then via",
            "snake_case_words and a_b, extraordinarily long words too",
        ] {
            assert!(is_plain(text), "{text}");
            let lower = text.to_lowercase();
            assert_eq!(lower, text.to_ascii_lowercase());
            let fast = scan_plain(text.as_bytes(), lower.as_bytes()).expect("plain");
            let slow = unicode_words(text, &lower);
            let counts = fast.counts;
            assert_eq!((counts.0, counts.1, counts.2, counts.3), (slow.0, slow.1, slow.2, slow.3), "{text}");
            assert_eq!(fast.chars, text.chars().count(), "{text}");
            assert_eq!(fast.digits, text.bytes().filter(u8::is_ascii_digit).count(), "{text}");
            let words = lower.split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() >= 3);
            assert_eq!(fast.word_keys, words.map(|w| word_key(w.as_bytes())).collect::<Vec<_>>(), "{text}");
            let all = Marks::of(text);
            assert_eq!((fast.marks.ascii, fast.marks.high, fast.marks.via), (all.ascii, all.high, all.via), "{text}");
            for words in [2, 30] {
                assert_eq!(lexicon::cta_hits_in(&lower, words, counts.4), lexicon::cta_hits(&lower, words), "{text}");
            }
        }
        for text in ["Ünd so", "a × b", "naïve", "Ѐ", "日本", "x\u{85}y"] {
            assert!(!is_plain(text), "{text}");
            assert!(scan_plain(text.as_bytes(), text.to_ascii_lowercase().as_bytes()).is_none(), "{text}");
        }
    }

    /// The eight-byte test agrees with the byte classes, for every byte of
    /// a lower-cased line.
    #[test]
    fn non_word_bytes_agree_with_the_classes() {
        for b in (0..=255u8).filter(|b| !b.is_ascii_uppercase()) {
            for at in 0..8 {
                let mut eight = [b'a'; 8];
                eight[at] = b;
                let ends = non_word_bytes(u64::from_le_bytes(eight));
                let want = if CLASS[usize::from(b)] & WORD == 0 { 0x80 << (8 * at) } else { 0 };
                assert_eq!(ends, want, "byte {b} at {at}");
            }
        }
    }

    #[test]
    fn sentence_ends() {
        assert!(ends_sentence("He said “no.”"));
        assert!(!ends_sentence("A headline"));
        assert!(ends_sentence("終わり。"));
    }
}
