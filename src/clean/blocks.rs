//! Splitting a dump into blocks (non-empty lines) and measuring each one.

use super::lexicon;

/// One non-empty line of the dump with the measures the classifier uses.
#[derive(Debug, Clone)]
pub(crate) struct Line {
    /// 1-based line number in the input.
    pub number: usize,
    /// The line without surrounding whitespace, exactly as in the input.
    pub text: String,
    pub lower: String,
    /// Consecutive lines with no blank line between them share a group.
    pub group: usize,
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
    /// The same line occurs again in this dump (set by the template pass).
    pub recurs: bool,
    /// The text is ASCII but for caseless punctuation (see `is_plain`).
    pub plain: bool,
    /// Distinct (strong, weak) call-to-action words or phrases in the line
    /// (`lexicon::cta_hits_in`), counted once for the shape passes, the
    /// story features and the headline candidates.
    pub cta: (usize, usize),
    /// Characters, and ASCII digits among them.
    pub chars: usize,
    pub digits: usize,
}

/// Splits text into measured lines. Blank lines separate groups.
pub(super) fn split(text: &str) -> Vec<Line> {
    let mut out = Vec::new();
    let mut group = 0;
    let mut blank = true;
    for (i, raw) in text.lines().enumerate() {
        // A byte-order mark is not text.
        let t = raw.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
        if t.is_empty() {
            if !blank {
                group += 1;
            }
            blank = true;
            continue;
        }
        blank = false;
        out.push(measure(i + 1, t, group));
    }
    out
}

/// Whether blocks are separated by blank lines (most dumps) or packed one
/// per line with none between (then groups carry no information).
pub(super) fn is_dense(lines: &[Line]) -> bool {
    let groups = lines.last().map_or(0, |l| l.group + 1);
    groups * 3 < lines.len()
}

fn measure(number: usize, text: &str, group: usize) -> Line {
    // ASCII lines (most of them) lower-case faster without Unicode tables.
    let plain = is_plain(text);
    let lower = if plain { text.to_ascii_lowercase() } else { text.to_lowercase() };
    // One pass over the words: count, function words, capitalised words.
    let (token_count, stops, alpha, caps, cta) =
        if plain { ascii_words(text.as_bytes(), lower.as_bytes()) } else { unicode_words(text, &lower) };
    let chars = if text.is_ascii() { text.len() } else { text.chars().count() };
    let unspaced_chars = if plain { 0 } else { text.chars().filter(|c| is_unspaced_script(*c)).count() };
    let unspaced = unspaced_chars > 0 && unspaced_chars * 2 > chars;
    let words = if unspaced {
        // Roughly two characters a word in Chinese, Japanese and Thai.
        token_count.max(unspaced_chars / 2)
    } else {
        token_count
    };
    let stop_share = if token_count == 0 { 0.0 } else { stops as f32 / token_count as f32 };
    Line {
        number,
        text: text.to_string(),
        group,
        words,
        stop_share,
        unspaced,
        sentence_end: ends_sentence(text),
        title_case: alpha >= 5 && caps * 5 >= alpha * 4,
        recurs: false,
        cta: lexicon::cta_hits_in(&lower, words, cta),
        plain,
        chars,
        digits: text.bytes().filter(u8::is_ascii_digit).count(),
        lower,
    }
}

/// ASCII, or ASCII with a few caseless punctuation marks and symbols that
/// are neither letters, digits, word characters nor spaces (curly quotes,
/// dashes, the ellipsis, £, €, ©). Byte-wise ASCII tests give the same
/// answers on such text as the Unicode ones: lower-casing leaves those
/// marks alone, and they separate words as any ASCII punctuation does.
fn is_plain(text: &str) -> bool {
    text.is_ascii()
        || text.chars().all(|c| c.is_ascii() || matches!(c, '“' | '”' | '‘' | '’' | '…' | '—' | '–' | '£' | '€' | '©'))
}

/// `unicode_words` for plain text (`is_plain`), on bytes; also finds which
/// call-to-action lists have the first word of a phrase in the line.
fn ascii_words(text: &[u8], lower: &[u8]) -> (usize, usize, usize, usize, u8) {
    // `char::is_whitespace` on ASCII (note: includes vertical tab).
    let is_space = |b: u8| b == b' ' || (b'\t'..=b'\r').contains(&b);
    let (mut token_count, mut stops, mut alpha, mut caps, mut cta) = (0usize, 0usize, 0usize, 0usize, 0u8);
    let n = text.len();
    let mut i = 0;
    while i < n {
        while i < n && is_space(text[i]) {
            i += 1;
        }
        if i == n {
            break;
        }
        let start = i;
        while i < n && !is_space(text[i]) {
            i += 1;
        }
        token_count += 1;
        let first = text[start];
        if first.is_ascii_alphabetic() {
            alpha += 1;
            caps += usize::from(first.is_ascii_uppercase());
        }
        let l = &lower[start..i];
        if l.len() <= 10 {
            let core = trim_ascii_non_alnum(l);
            stops += usize::from(lexicon::is_stopword_bytes(core));
        }
        if cta != lexicon::CTA_ALL {
            // Word-character runs ([a-z0-9_]) of the token.
            for run in l.split(|b| !lexicon::is_word_byte(*b)) {
                if !run.is_empty() {
                    cta |= lexicon::cta_key_word(run);
                }
            }
        }
    }
    (token_count, stops, alpha, caps, cta)
}

fn trim_ascii_non_alnum(mut w: &[u8]) -> &[u8] {
    while let [first, rest @ ..] = w {
        if first.is_ascii_alphanumeric() {
            break;
        }
        w = rest;
    }
    while let [rest @ .., last] = w {
        if last.is_ascii_alphanumeric() {
            break;
        }
        w = rest;
    }
    w
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
        ] {
            assert!(is_plain(text), "{text}");
            let lower = text.to_lowercase();
            assert_eq!(lower, text.to_ascii_lowercase());
            let fast = ascii_words(text.as_bytes(), lower.as_bytes());
            let slow = unicode_words(text, &lower);
            assert_eq!((fast.0, fast.1, fast.2, fast.3), (slow.0, slow.1, slow.2, slow.3), "{text}");
            for words in [2, 30] {
                assert_eq!(lexicon::cta_hits_in(&lower, words, fast.4), lexicon::cta_hits(&lower, words), "{text}");
            }
        }
        assert!(!is_plain("Ünd so"));
    }

    #[test]
    fn sentence_ends() {
        assert!(ends_sentence("He said “no.”"));
        assert!(!ends_sentence("A headline"));
        assert!(ends_sentence("終わり。"));
    }
}
