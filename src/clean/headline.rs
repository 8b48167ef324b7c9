//! The headline, chosen by scoring candidates: every headline-sized line
//! before the story (as the story model decoded it) is a candidate,
//! weighed by its shape, how far it sits from the story, how many of its
//! words the story goes on to use, and how it compares with the lines
//! around it: a breadcrumb or a hashtag-laden copy contains the headline,
//! a standfirst sits under a shorter headline-like line and reads as
//! sentences. The weights are fitted as a choice among each page's
//! candidates (`fit`); no rule picks one.

use rustc_hash::FxHashMap;

use super::article::Analysis;
use super::blocks::{self, Line, Marks};
use super::classify::Kind;
use super::features::flag;
use super::model::State;

/// Features of a candidate that do not depend on where the story is.
pub(crate) const BASE: usize = 11;
/// All features of a candidate.
pub(crate) const TN: usize = BASE + 13;

pub(crate) const NAMES: [&str; TN] = [
    "shape: plain text",
    "shape: site template",
    "shape: other (furniture, date, credit…)",
    "log words",
    "ends with a full stop",
    "headline case",
    "byline or date under it",
    "recurs within the page",
    "separator at the end or ' | '",
    "call-to-action hits",
    "digit share",
    "log lines to the story",
    "share of its words in the story",
    "first plain line above the story",
    "separators or arrows between words",
    "holds a date",
    "names alone",
    "ends like a sentence",
    "function-word share",
    "contains a nearby candidate",
    "inside a nearby candidate",
    "under a shorter headline-like line",
    "over a longer line",
    "more than one sentence",
];

/// How far above the story a headline is looked for.
const REACH: usize = 80;
/// Story lines whose words are compared with a candidate's.
const STORY_LINES: usize = 20;
/// How near (in lines) two candidates are compared for containment.
const NEAR: usize = 6;

/// Fitted weights of the headline scorer. A choice among candidates
/// ignores a constant, so the fitted `bias` is 0.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TitleParams {
    pub bias: f32,
    pub weights: [f32; TN],
}

/// One line as a candidate: whether it is headline-sized, whether it is
/// plain text, and (when sized) its story-independent features.
pub(crate) type Candidate = (bool, bool, [f32; BASE]);

/// Appends the text's `\w+` words, lower-cased, joined by single spaces;
/// `plain`: it is ASCII but for caseless marks, none of them a word's
/// (`blocks::is_plain`), so its words are found on bytes as an ASCII
/// text's are.
fn push_word_text(text: &str, plain: bool, out: &mut String) {
    let start = out.len();
    if plain || text.is_ascii() {
        // The same on bytes: ASCII letters, digits and '_' make the words.
        let word = |b: &u8| b.is_ascii_alphanumeric() || *b == b'_';
        for w in text.as_bytes().split(|b| !word(b)).filter(|w| !w.is_empty()) {
            if out.len() > start {
                out.push(' ');
            }
            out.extend(w.iter().map(|b| char::from(b.to_ascii_lowercase())));
        }
        return;
    }
    for w in text.split(|ch: char| !(ch.is_alphanumeric() || ch == '_')).filter(|w| !w.is_empty()) {
        if out.len() > start {
            out.push(' ');
        }
        out.extend(w.chars().flat_map(char::to_lowercase));
    }
}

/// A breadcrumb's or menu's separators between words: "A > B", "A | B".
fn separated(t: &str, m: &Marks) -> bool {
    // Every separator has '>', '|', '/' or a non-ASCII byte; most lines
    // have none, and skip the searches.
    let marked = m.has(b'>') || m.has(b'|') || m.has(b'/') || m.high;
    marked && [" > ", " › ", " » ", " | ", " / ", " → "].iter().any(|s| t.contains(s))
        || t.ends_with(['›', '»', '>', '|', '/', '→'])
}

/// A person's name or a list of names, and nothing else.
fn is_names(l: &Line) -> bool {
    l.is_bare_names() || l.is_lone_name()
}

/// A sentence stop inside the line, followed by more text: a standfirst
/// or a summary, rarely a headline.
fn several_sentences(t: &str) -> bool {
    // The stops are ASCII: found with memchr, the rest read from there.
    memchr::memchr3_iter(b'.', b'!', b'?', t.as_bytes()).any(|at| {
        let rest = &t[at + 1..];
        let rest = rest.strip_prefix(['"', '”', '’']).unwrap_or(rest);
        rest.starts_with(char::is_whitespace) && !rest.trim().is_empty()
    })
}

/// A set of word keys: a bit table answers most misses before the map.
struct WordKeys {
    bits: [u64; 64],
    used: FxHashMap<u64, bool>,
}

impl WordKeys {
    fn slot(key: u64) -> (usize, u64) {
        let h = key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 52;
        ((h >> 6) as usize, 1 << (h & 63))
    }
    fn new(keys: impl ExactSizeIterator<Item = u64>) -> WordKeys {
        let used = FxHashMap::with_capacity_and_hasher(keys.len(), Default::default());
        let mut out = WordKeys { bits: [0; 64], used };
        for k in keys {
            let (i, b) = Self::slot(k);
            out.bits[i] |= b;
            out.used.insert(k, false);
        }
        out
    }
    /// Marks the key used, if it is in the set.
    fn mark(&mut self, key: u64) {
        let (i, b) = Self::slot(key);
        if self.bits[i] & b != 0 {
            if let Some(u) = self.used.get_mut(&key) {
                *u = true;
            }
        }
    }
    fn is_used(&self, key: u64) -> bool {
        self.used.get(&key) == Some(&true)
    }
}

/// The story-independent part of every line's candidate features.
pub(crate) fn candidates(a: &Analysis) -> Vec<Candidate> {
    candidates_in(a, 0..a.lines.len())
}

/// `candidates` where `scored_candidates` reads them for these states:
/// within reach above the story, and the few lines either side of those
/// it compares them with. The rest are left unsized.
pub(super) fn candidates_for(a: &Analysis, states: &[State]) -> Vec<Candidate> {
    let n = a.lines.len();
    let near = match states.iter().position(|s| *s == State::Story) {
        Some(start) => start.saturating_sub(REACH + 3)..(start + 3).min(n),
        None => 0..0,
    };
    candidates_in(a, near)
}

fn candidates_in(a: &Analysis, near: std::ops::Range<usize>) -> Vec<Candidate> {
    let (lines, kinds) = (&a.lines, &a.kinds);
    let n = lines.len();
    (0..n)
        .map(|i| {
            if !near.contains(&i) {
                return (false, false, [0.0; BASE]);
            }
            let l = &lines[i];
            let k = &kinds[i];
            let sized = if l.unspaced { (8..=120).contains(&l.chars) } else { (2..=30).contains(&l.words) };
            let text = matches!(k, Kind::Text);
            if !sized {
                return (false, text, [0.0; BASE]);
            }
            let anchored = (i + 1..(i + 4).min(n))
                .any(|j| matches!(kinds[j], Kind::Byline(_) | Kind::Reporting(_) | Kind::Date { .. }));
            let (strong, weak) = l.cta;
            let f = [
                flag(text),
                flag(matches!(k, Kind::Template)),
                flag(!matches!(k, Kind::Text | Kind::Template)),
                (1.0 + l.words as f32).ln(),
                flag(l.text.ends_with('.') && !l.text.ends_with("..")),
                flag(l.title_case),
                flag(anchored),
                flag(l.recurs),
                flag(l.marks.has(b'|') && l.text.contains(" | ") || l.text.ends_with(['›', '»', '>', '|', '/', '→'])),
                (strong * 2 + weak).min(4) as f32 / 4.0,
                l.digits as f32 / l.chars.max(1) as f32,
            ];
            (true, text, f)
        })
        .collect()
}

/// Every candidate's full features, given the decoded states: the
/// headline-sized lines before the first story line, nearest first, at
/// most `REACH` lines up.
pub(crate) fn scored_candidates(lines: &[Line], c: &[Candidate], states: &[State]) -> Vec<(usize, [f32; TN])> {
    let Some(start) = states.iter().position(|s| *s == State::Story) else {
        return Vec::new();
    };
    // Only headline-sized lines are candidates: a page without
    // one has no headline (and the editor is told so).
    let picked: Vec<usize> = (start.saturating_sub(REACH)..start).rev().filter(|&i| c[i].0).collect();
    // The candidates' words (far fewer than the story's), and which of
    // them the story uses.
    // Candidate k's words are `keys[ends[k - 1]..ends[k]]`, and its
    // normalised text `norm_text[norm_ends[k - 1]..norm_ends[k]]`: one
    // buffer each, not one per candidate.
    let (mut keys, mut ends) = (Vec::new(), Vec::with_capacity(picked.len()));
    let (mut norm_text, mut norm_ends) = (String::new(), Vec::with_capacity(picked.len()));
    for &i in &picked {
        keys.extend_from_slice(&lines[i].word_keys);
        ends.push(keys.len());
        push_word_text(&lines[i].text, lines[i].plain, &mut norm_text);
        norm_ends.push(norm_text.len());
    }
    let span = |ends: &[usize], k: usize| if k == 0 { 0 } else { ends[k - 1] }..ends[k];
    let norm = |k: usize| &norm_text[span(&norm_ends, k)];
    // Each candidate word, and whether the story uses it.
    let mut used = WordKeys::new(keys.iter().copied());
    for j in (start..states.len()).filter(|&j| states[j] == State::Story).take(STORY_LINES) {
        lines[j].word_keys.iter().for_each(|&k| used.mark(k));
    }
    // Stamps and names disqualify a line above from being the headline a
    // standfirst sits under.
    let plain_heading = |j: usize| {
        let l = &lines[j];
        c[j].1 && l.words >= 5 && !l.sentence_end && l.date_start().is_none() && !is_names(l)
    };
    let mut first_plain = true;
    picked
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let (l, cand) = (&lines[i], &c[i].2);
            let mut f = [0f32; TN];
            f[..BASE].copy_from_slice(cand);
            f[BASE] = ((start - i) as f32).ln();
            let mine = &keys[span(&ends, k)];
            let shared = mine.iter().filter(|&&w| used.is_used(w)).count();
            f[BASE + 1] = if mine.is_empty() { 0.0 } else { shared as f32 / mine.len() as f32 };
            let plain = cand[0] > 0.0;
            f[BASE + 2] = flag(plain && first_plain);
            first_plain &= !plain;
            f[BASE + 3] = flag(separated(&l.text, &l.marks));
            f[BASE + 4] = flag(l.date_start().is_some());
            f[BASE + 5] = flag(is_names(l));
            f[BASE + 6] = flag(l.sentence_end);
            f[BASE + 7] = l.stop_share;
            // Containment among nearby candidates: a breadcrumb or a
            // tagged copy holds the headline; the headline is inside it.
            let (mut contains, mut inside) = (false, false);
            let me = norm(k);
            // Picked lines are distinct and in order: those within NEAR
            // lines are within NEAR places of this one.
            for m in k.saturating_sub(NEAR)..(k + NEAR + 1).min(picked.len()) {
                let (j, o) = (picked[m], norm(m));
                if j == i || j.abs_diff(i) > NEAR || o == me {
                    continue;
                }
                // Unequal texts: only the shorter can be inside the longer.
                let (mine, theirs) = (me.len(), o.len());
                contains |= theirs >= 12 && theirs < mine && blocks::holds(me, o);
                inside |= mine >= 12 && mine < theirs && blocks::holds(o, me);
            }
            f[BASE + 8] = flag(contains);
            f[BASE + 9] = flag(inside);
            f[BASE + 10] = flag((i.saturating_sub(3)..i).any(|j| lines[j].words < l.words && plain_heading(j)));
            let longer_below = (i + 1..(i + 4).min(lines.len())).any(|j| c[j].1 && lines[j].words > l.words);
            f[BASE + 11] = flag(l.words >= 5 && !l.sentence_end && longer_below);
            f[BASE + 12] = flag(several_sentences(&l.text));
            (i, f)
        })
        .collect()
}

pub(crate) fn logit(p: &TitleParams, f: &[f32; TN]) -> f32 {
    p.bias + p.weights.iter().zip(f).map(|(w, x)| w * x).sum::<f32>()
}

/// The best-scoring candidate (the nearer one on a tie).
pub(super) fn choose(p: &TitleParams, scored: &[(usize, [f32; TN])]) -> Option<usize> {
    let scores = scored.iter().map(|(i, f)| (logit(p, f), *i));
    scores.reduce(|best, next| if next.0 > best.0 { next } else { best }).map(|(_, i)| i)
}

#[cfg(test)]
mod tests {
    use super::push_word_text;

    /// A plain line's words read on bytes are those read on characters.
    #[test]
    fn plain_words_read_alike() {
        for text in ["“Council’s” plan — OK’d: £5, snake_case…", "A > B | C", "Ünd so"] {
            let (mut bytes, mut chars) = (String::new(), String::new());
            push_word_text(text, super::blocks::is_plain(text), &mut bytes);
            push_word_text(text, false, &mut chars);
            assert_eq!(bytes, chars, "{text}");
        }
    }
}
