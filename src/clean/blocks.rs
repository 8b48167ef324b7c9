//! Splitting a dump into blocks (non-empty lines) and measuring each one.

use super::lexicon;

/// One non-empty line of the dump with the measures the classifier uses.
#[derive(Debug, Clone)]
pub struct Line {
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
}

/// Splits text into measured lines. Blank lines separate groups.
pub fn split(text: &str) -> Vec<Line> {
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
pub fn is_dense(lines: &[Line]) -> bool {
    let groups = lines.last().map_or(0, |l| l.group + 1);
    groups * 3 < lines.len()
}

fn measure(number: usize, text: &str, group: usize) -> Line {
    // ASCII lines (most of them) lower-case faster without Unicode tables.
    let ascii = text.is_ascii();
    let lower = if ascii { text.to_ascii_lowercase() } else { text.to_lowercase() };
    // One pass over the words: count, function words, capitalised words.
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
    let unspaced_chars = if ascii { 0 } else { text.chars().filter(|c| is_unspaced_script(*c)).count() };
    let unspaced = unspaced_chars > 0 && unspaced_chars * 2 > text.chars().count();
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
        lower,
        group,
        words,
        stop_share,
        unspaced,
        sentence_end: ends_sentence(text),
        title_case: alpha >= 5 && caps * 5 >= alpha * 4,
        recurs: false,
    }
}

/// Chinese, Japanese, Thai and similar scripts write words without spaces.
fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x0E00..=0x0E7F)
}

/// Ends like a sentence, ignoring trailing quotes and brackets.
pub fn ends_sentence(text: &str) -> bool {
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

    #[test]
    fn sentence_ends() {
        assert!(ends_sentence("He said “no.”"));
        assert!(!ends_sentence("A headline"));
        assert!(ends_sentence("終わり。"));
    }
}
