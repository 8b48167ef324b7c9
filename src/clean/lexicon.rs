//! Word lists: function words (for the jusText-style prose test) and the
//! generic vocabulary of page furniture. The words are data, grouped by
//! language, in `lexicon.txt`; this module reads them and makes the
//! look-ups fast. Nothing here names an outlet.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use regex::Regex;

/// The word lists, compiled in.
const LISTS: &str = include_str!("lexicon.txt");

/// One list of `lexicon.txt`, read at its first use.
pub(crate) type Words = LazyLock<Vec<&'static str>>;

/// The words of the list `[name]`, every language's, in file order.
pub(crate) fn list(name: &str) -> Vec<&'static str> {
    let mut inside = false;
    let mut words = Vec::new();
    for line in LISTS.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        if let Some(list) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            inside = list == name;
        } else if let Some((_languages, these)) = line.split_once(": ").filter(|_| inside) {
            words.extend(these.split(" | ").map(str::trim));
        }
    }
    assert!(!words.is_empty(), "lexicon.txt has no list [{name}]");
    words
}

/// Function words of several languages. A prose line has many of them;
/// menus, teasers and headlines have few.
static STOPWORDS: Words = LazyLock::new(|| list("function words"));

/// Whether a lower-cased word is a function word.
pub(crate) fn is_stopword(word: &str) -> bool {
    is_stopword_bytes(word.as_bytes())
}

/// `is_stopword` on the bytes of a lower-cased word.
pub(crate) fn is_stopword_bytes(word: &[u8]) -> bool {
    // No function word in the lists is longer than 8 bytes, and none has a
    // NUL byte: a word packed into a u64 (zero-padded) is its own key, and
    // an integer key hashes and compares in one step.
    // Besides, per first byte, the lengths of the words starting with it
    // (a bit each): most other words are told apart there.
    static TABLE: LazyLock<(Vec<u64>, [u16; 256])> = LazyLock::new(|| {
        let mut table = vec![0u64; SLOTS];
        let mut lengths = [0u16; 256];
        for w in STOPWORDS.iter() {
            let key = pack(w.as_bytes());
            let mut i = slot(key);
            while table[i] != 0 && table[i] != key {
                i = (i + 1) % SLOTS;
            }
            table[i] = key;
            lengths[usize::from(w.as_bytes()[0])] |= 1 << w.len();
        }
        (table, lengths)
    });
    let (table, lengths) = &*TABLE;
    if word.is_empty() || word.len() > 8 || lengths[usize::from(word[0])] >> word.len() & 1 == 0 {
        return false;
    }
    // Open addressing, linear probing; the table is mostly empty, so a
    // miss (most words) usually ends at the first slot.
    let key = pack(word);
    let mut i = slot(key);
    loop {
        match table[i] {
            0 => return false,
            k if k == key => return true,
            _ => i = (i + 1) % SLOTS,
        }
    }
}

/// Slots of each packed-word table (the function words, `PlainWords`): a
/// power of two, several per word.
const SLOTS: usize = 1024;

/// A packed word's first slot, below `SLOTS` (the product's top bits).
fn slot(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - SLOTS.trailing_zeros())) as usize
}

/// Up to 8 bytes as a little-endian integer, zero-padded.
pub(crate) fn pack(word: &[u8]) -> u64 {
    word.iter().rev().fold(0u64, |k, &b| k << 8 | u64::from(b))
}

/// Whether `word`, lower-cased, is one of the (lower-case) `list`. ASCII
/// words are compared without allocating a lower-cased copy.
pub(crate) fn in_list(list: &[&str], word: &str) -> bool {
    if word.is_ascii() {
        list.iter().any(|l| l.eq_ignore_ascii_case(word))
    } else {
        list.contains(&word.to_lowercase().as_str())
    }
}

/// Words and phrases of calls to action and page furniture. One hit in a
/// short line, or two anywhere, marks the line as boilerplate.
pub(crate) static CTA_STRONG: Words = LazyLock::new(|| list("calls to action"));

/// Weaker furniture words: they count only in short lines.
pub(crate) static CTA_WEAK: Words = LazyLock::new(|| list("weak calls to action"));

/// Prefixes of inline links to other stories ("Read more: …").
pub(crate) static LINK_PREFIXES: Words = LazyLock::new(|| list("link prefixes"));

/// Whole lines that mark the end of the story: what follows is teasers,
/// tags or comments.
pub(crate) static END_MARKERS: Words = LazyLock::new(|| list("end markers"));

/// Labels of the page's source credit ("Source: …").
pub(crate) static SOURCE_LABELS: Words = LazyLock::new(|| list("source labels"));

/// Labels put before a photo credit.
pub(crate) static CREDIT_LABELS: Words = LazyLock::new(|| list("credit labels"));

/// Company suffixes dropped from an outlet's name in a copyright line.
pub(crate) static COMPANY_SUFFIXES: Words = LazyLock::new(|| list("company suffixes"));

/// Last words of newspaper names ("… Ledger", "… Gazette"): a header line
/// of a few capitalised words ending in one of these is the masthead.
pub(crate) static MASTHEAD_NOUNS: Words = LazyLock::new(|| list("masthead nouns"));

/// Markers of roles that are not authors in credit lines.
pub(crate) static NON_AUTHOR_ROLES: Words = LazyLock::new(|| list("non-author roles"));

/// `cta_hits_in` knowing nothing of the line's words.
#[cfg(test)]
pub(crate) fn cta_hits(lower: &str, words: usize) -> (usize, usize) {
    cta_hits_in(lower, words, CTA_ALL)
}

/// The strong list may match (see `PlainWords` and `CtaKeys::bits`).
pub(crate) const CTA_STRONG_BIT: u8 = 1;
/// The weak list may match.
pub(crate) const CTA_WEAK_BIT: u8 = 2;
/// Either list may match: nothing is known about the line.
pub(crate) const CTA_ALL: u8 = CTA_STRONG_BIT | CTA_WEAK_BIT;

/// The call-to-action lists' phrase keys (ASCII phrases only: the others
/// never occur in a plain line), each with the list it comes from. A
/// list's regex needs a word boundary before and after the phrase, so
/// every run of the phrase ([a-z0-9_]+, maximal) is a whole run of a line
/// it matches in. A phrase's key is its longest run (the rarest, as a
/// rule): a line none of whose runs is a list's key cannot match that
/// list.
fn cta_phrase_keys() -> Vec<(&'static [u8], u8)> {
    let mut keys = Vec::new();
    for (list, bit) in [(&*CTA_STRONG, CTA_STRONG_BIT), (&*CTA_WEAK, CTA_WEAK_BIT)] {
        for phrase in list.iter().filter(|p| p.is_ascii()) {
            let key = phrase
                .as_bytes()
                .split(|c| !is_word_byte(*c))
                .reduce(|a, b| if b.len() > a.len() { b } else { a })
                .unwrap_or_default();
            assert!((1..KEY_MAX).contains(&key.len()), "a phrase has a word");
            keys.push((key, bit));
        }
    }
    keys
}

/// The call-to-action keys longer than a packed word (`PlainWords` has
/// the others), for `CtaKeys::bits`.
pub(crate) struct CtaKeys {
    /// Keys with the lists they come from, in buckets by length and
    /// first byte; most buckets are empty.
    buckets: Vec<Vec<(&'static [u8], u8)>>,
    /// Per first byte, the lengths of keys starting with it (a bit each):
    /// small enough to stay in cache, and most words stop here.
    lengths: [u32; 128],
}

/// The keys, built once; a caller looking up many runs takes them once.
pub(crate) fn cta_keys() -> &'static CtaKeys {
    static KEYS: LazyLock<CtaKeys> = LazyLock::new(|| {
        let mut buckets = vec![Vec::new(); KEY_MAX * 128];
        for (key, bit) in cta_phrase_keys().into_iter().filter(|(k, _)| k.len() > 8) {
            let bucket: &mut Vec<(&'static [u8], u8)> = &mut buckets[key.len() * 128 + usize::from(key[0])];
            match bucket.iter_mut().find(|(w, _)| *w == key) {
                Some((_, bits)) => *bits |= bit,
                None => bucket.push((key, bit)),
            }
        }
        let mut lengths = [0u32; 128];
        for (i, bucket) in buckets.iter().enumerate() {
            if !bucket.is_empty() {
                lengths[i % 128] |= 1 << (i / 128);
            }
        }
        CtaKeys { buckets, lengths }
    });
    &KEYS
}

impl CtaKeys {
    /// Which lists have a phrase keyed by this word-character run of a
    /// plain line (ASCII letters; see `blocks::Line::plain`), longer than
    /// eight bytes (`PlainWords::get` answers for the others).
    #[inline]
    pub(crate) fn bits(&self, run: &[u8]) -> u8 {
        let Some(&first) = run.first() else {
            return 0;
        };
        if run.len() >= KEY_MAX || first >= 128 || self.lengths[usize::from(first)] >> run.len() & 1 == 0 {
            return 0;
        }
        self.bucket_bits(run)
    }

    fn bucket_bits(&self, run: &[u8]) -> u8 {
        // Keys are a few bytes: a plain loop beats a call to memcmp.
        self.buckets[run.len() * 128 + usize::from(run[0])]
            .iter()
            .filter(|(w, _)| w.iter().zip(run).all(|(a, b)| a == b))
            .fold(0, |acc, (_, bit)| acc | bit)
    }
}

/// The word is a function word (`PlainWords::get`).
pub(crate) const STOP_BIT: u8 = 4;
/// The word is "via" (in any case).
pub(crate) const VIA_BIT: u8 = 8;

/// What a word of a plain line, up to eight bytes and packed (`pack`),
/// is in the lists: one look-up tells a word-character run's
/// call-to-action bits (`CTA_STRONG_BIT`, `CTA_WEAK_BIT`), whether it is
/// an (ASCII) function word (`STOP_BIT`) and whether it is "via"
/// (`VIA_BIT`).
pub(crate) struct PlainWords {
    /// Open addressing, linear probing; 0 is an empty slot (a packed word
    /// is never 0).
    keys: [u64; SLOTS],
    bits: [u8; SLOTS],
}

/// The table, built once; a caller looking up many words takes it once.
pub(crate) fn plain_words() -> &'static PlainWords {
    static WORDS: LazyLock<PlainWords> = LazyLock::new(|| {
        let mut table = PlainWords { keys: [0; SLOTS], bits: [0; SLOTS] };
        let stops = STOPWORDS.iter().filter(|w| w.is_ascii()).map(|w| (w.as_bytes(), STOP_BIT));
        let words = cta_phrase_keys().into_iter().filter(|(k, _)| k.len() <= 8).chain(stops);
        for (word, bit) in words.chain([(&b"via"[..], VIA_BIT)]) {
            assert!((1..=8).contains(&word.len()), "a packed word");
            let key = pack(word);
            let mut i = slot(key);
            while table.keys[i] != 0 && table.keys[i] != key {
                i = (i + 1) % SLOTS;
            }
            table.keys[i] = key;
            table.bits[i] |= bit;
        }
        table
    });
    &WORDS
}

impl PlainWords {
    /// The bits of a packed word (`pack`, one to eight bytes).
    #[inline]
    pub(crate) fn get(&self, key: u64) -> u8 {
        // The table is mostly empty: most words end at the first slot.
        let mut i = slot(key);
        loop {
            match self.keys[i] {
                k if k == key => return self.bits[i],
                0 => return 0,
                _ => i = (i + 1) % SLOTS,
            }
        }
    }
}

/// An ASCII word character of the regexes (`\w`).
pub(crate) fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Longer than any phrase's key (and at most 32: a bit per length).
const KEY_MAX: usize = 24;

/// Counts furniture vocabulary in a lower-cased line: (strong, weak)
/// distinct words or phrases, matched on word boundaries. `may` holds
/// what the line's words tell (`CtaKeys::bits`): a list whose bit is
/// clear is known not to match and is not searched.
pub(crate) fn cta_hits_in(lower: &str, words: usize, may: u8) -> (usize, usize) {
    static STRONG: LazyLock<(AhoCorasick, Regex)> = LazyLock::new(|| (any_of(&CTA_STRONG), word_regex(&CTA_STRONG)));
    static WEAK: LazyLock<(AhoCorasick, Regex)> = LazyLock::new(|| (any_of(&CTA_WEAK), word_regex(&CTA_WEAK)));
    let strong = if may & CTA_STRONG_BIT != 0 { distinct(&STRONG, lower) } else { 0 };
    // Weak words only count in short lines or next to a strong one.
    let weak = if (strong > 0 || words <= 4) && may & CTA_WEAK_BIT != 0 { distinct(&WEAK, lower) } else { 0 };
    (strong, weak)
}

/// A substring search for any of the words, boundaries aside: the regex
/// can only match where one of its words occurs, and most lines have none.
fn any_of(words: &[&str]) -> AhoCorasick {
    // A full DFA: the lists are small, and a DFA scans fastest.
    AhoCorasick::builder().kind(Some(AhoCorasickKind::DFA)).build(words).expect("valid word list")
}

fn word_regex(words: &[&str]) -> Regex {
    let mut sorted: Vec<&str> = words.to_vec();
    // Longest first, so "subscribers only" wins over "subscribe".
    sorted.sort_by_key(|w| std::cmp::Reverse(w.len()));
    let alternation: Vec<String> = sorted.iter().map(|w| regex::escape(w)).collect();
    Regex::new(&format!(r"(?:^|[^\w])({})(?:$|[^\w])", alternation.join("|"))).expect("valid regex")
}

fn distinct((words, re): &(AhoCorasick, Regex), hay: &str) -> usize {
    // Most lines have none of the words even as substrings: one pass of
    // the substring automaton answers those without the regex.
    if !words.is_match(hay) || !re.is_match(hay) {
        return 0;
    }
    let mut seen: Vec<&str> = Vec::new();
    let mut at = 0;
    while let Some(m) = re.find_at(hay, at) {
        // The match includes the boundary characters around the word.
        let word = m.as_str().trim_matches(|c: char| !c.is_alphanumeric());
        if !seen.contains(&word) {
            seen.push(word);
        }
        // Step back over the trailing boundary character so that adjacent
        // words are both found.
        let trailing = m.as_str().len() - m.as_str().trim_end_matches(|c: char| !c.is_alphanumeric()).len();
        at = (m.end() - trailing).max(m.start() + 1);
        while !hay.is_char_boundary(at) {
            at += 1;
        }
    }
    seen.len()
}

/// Day names in the languages above, written out.
pub(crate) static WEEKDAYS: Words = LazyLock::new(|| list("weekdays"));

/// Abbreviated English day names: whole words only ("Tue 5 Nov 2024").
pub(crate) static WEEKDAY_ABBREVIATIONS: Words = LazyLock::new(|| list("weekday abbreviations"));

#[cfg(test)]
mod tests {
    use super::*;

    /// Every line of `lexicon.txt` is a comment, a list's name, or a
    /// language's words in lower case: a word list edited by hand cannot
    /// silently lose a line.
    #[test]
    fn the_word_lists_are_well_formed() {
        for line in LISTS.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
            if line.starts_with('[') {
                assert!(line.ends_with(']'), "{line}");
                continue;
            }
            let (languages, words) = line.split_once(": ").unwrap_or_else(|| panic!("no language: {line}"));
            let code = |c: &str| c.len() == 2 && c.bytes().all(|b| b.is_ascii_lowercase());
            assert!(languages.split(' ').all(code), "{line}");
            for w in words.split(" | ") {
                assert!(!w.is_empty() && w.trim() == w && w.to_lowercase() == w && !w.contains('|'), "{w:?} in {line}");
            }
        }
        assert!(list("weekdays").contains(&"sonntag") && list("weekdays").contains(&"monday"));
    }

    /// One look-up of a packed word answers as the lists do.
    #[test]
    fn plain_words_answer_as_the_lists() {
        let words = plain_words();
        for w in STOPWORDS.iter().filter(|w| w.is_ascii()) {
            assert!(words.get(pack(w.as_bytes())) & STOP_BIT != 0, "{w}");
        }
        for (key, bit) in cta_phrase_keys().into_iter().filter(|(k, _)| k.len() <= 8) {
            assert!(words.get(pack(key)) & bit != 0, "{key:?}");
        }
        assert!(words.get(pack(b"via")) & VIA_BIT != 0);
        for w in ["mayor", "said", "harbour", "x", "zzzzzzzz"] {
            assert_eq!(
                words.get(pack(w.as_bytes())) & (STOP_BIT | CTA_ALL),
                u8::from(is_stopword(w)) * STOP_BIT,
                "{w}"
            );
        }
    }

    #[test]
    fn word_boundaries() {
        assert_eq!(cta_hits("please subscribe now", 3), (1, 0));
        assert_eq!(cta_hits("sign in", 2), (1, 0));
        assert_eq!(cta_hits("signing in", 2), (0, 0));
        assert_eq!(cta_hits("ünd subscribe", 2), (1, 0));
        assert_eq!(cta_hits("share share email", 3), (0, 2));
        assert_eq!(cta_hits("subscribe to our newsletter", 4), (2, 0));
        assert_eq!(cta_hits("new subscribers joined", 3), (0, 0));
    }
}
