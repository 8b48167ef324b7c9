//! The headline, chosen by scoring candidates: every line before the
//! story (as the story model decoded it) is a candidate, weighed by its
//! shape, what the shape passes and the rules' headline finder made of
//! it, how far it sits from the story, and how many of its words the
//! story goes on to use. The weights are fitted with the story model.

use std::hash::Hasher;

use super::article::Analysis;
use super::blocks::Line;
use super::classify::Kind;
use super::fxhash::FxHasher;
use super::model::State;

/// Features of a candidate that do not depend on where the story is.
pub(super) const BASE: usize = 13;
/// All features of a candidate.
pub(super) const TN: usize = BASE + 3;

pub(super) const NAMES: [&str; TN] = [
    "rules' headline",
    "shape: plain text",
    "shape: site template",
    "shape: other (furniture, date, credit…)",
    "headline-sized",
    "log words",
    "ends with a full stop",
    "headline case",
    "byline or date under it",
    "recurs within the page",
    "separators or arrows",
    "call-to-action hits",
    "digit share",
    "log lines to the story",
    "share of its words in the story",
    "first headline-sized line above the story",
];

/// How far above the story a headline is looked for.
const REACH: usize = 80;
/// Story lines whose words are compared with a candidate's.
const STORY_LINES: usize = 20;

/// Fitted weights of the headline scorer.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TitleParams {
    pub bias: f32,
    pub weights: [f32; TN],
}

/// One line as a candidate: its story-independent features.
pub(super) type Candidate = [f32; BASE];

/// Calls `f` with every word (alphanumeric run) of three or more bytes
/// of a line, lower-cased.
fn each_word(l: &Line, mut f: impl FnMut(&[u8])) {
    let mut word = |w: &[u8]| {
        if w.len() >= 3 {
            f(w);
        }
    };
    if !l.plain {
        l.lower.split(|c: char| !c.is_alphanumeric()).for_each(|w| word(w.as_bytes()));
        return;
    }
    // A plain line's non-ASCII characters are all punctuation: its bytes
    // split into the same words, without decoding characters.
    let b = l.lower.as_bytes();
    let mut start = 0;
    for (i, c) in b.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            word(&b[start..i]);
            start = i + 1;
        }
    }
    word(&b[start..]);
}

fn word_hash(w: &[u8]) -> u64 {
    let mut h = FxHasher::default();
    h.write(w);
    h.finish()
}

/// Which (first byte, length) pairs some words have, a bit per length
/// (63 for longer): a word whose pair is not set is none of them, and is
/// neither hashed nor looked up.
struct WordShapes([u64; 256]);

impl WordShapes {
    fn bit(w: &[u8]) -> u64 {
        1 << w.len().min(63)
    }
    fn add(&mut self, w: &[u8]) {
        self.0[usize::from(w[0])] |= Self::bit(w);
    }
    fn may_have(&self, w: &[u8]) -> bool {
        self.0[usize::from(w[0])] & Self::bit(w) != 0
    }
}

fn flag(b: bool) -> f32 {
    f32::from(u8::from(b))
}

/// The story-independent part of every line's candidate features.
pub(super) fn candidates(a: &Analysis) -> Vec<Candidate> {
    let (lines, kinds) = (&a.lines, &a.kinds);
    let n = lines.len();
    (0..n)
        .map(|i| {
            let l = &lines[i];
            let k = &kinds[i];
            let sized = if l.unspaced { (8..=120).contains(&l.chars) } else { (2..=30).contains(&l.words) };
            let anchored = (i + 1..(i + 4).min(n))
                .any(|j| matches!(kinds[j], Kind::Byline(_) | Kind::Reporting(_) | Kind::Date { .. }));
            let (chars, digits) = (l.chars.max(1), l.digits);
            // Only headline-sized lines can win.
            let (strong, weak) = if sized { l.cta } else { (0, 0) };
            [
                flag(a.window.title == Some(i)),
                flag(matches!(k, Kind::Text)),
                flag(matches!(k, Kind::Template)),
                flag(!matches!(k, Kind::Text | Kind::Template)),
                flag(sized),
                (1.0 + l.words as f32).ln(),
                flag(l.text.ends_with('.') && !l.text.ends_with("..")),
                flag(l.title_case),
                flag(anchored),
                flag(l.recurs),
                flag(l.text.contains(" | ") || l.text.ends_with(['›', '»', '>', '|', '/', '→'])),
                (strong * 2 + weak).min(4) as f32 / 4.0,
                digits as f32 / chars as f32,
            ]
        })
        .collect()
}

/// Every candidate's full features, given the decoded states: the lines
/// before the first story line, nearest first, at most `REACH` of them.
pub(super) fn scored_candidates(lines: &[Line], c: &[Candidate], states: &[State]) -> Vec<(usize, [f32; TN])> {
    let Some(start) = states.iter().position(|s| *s == State::Story) else {
        return Vec::new();
    };
    // Only headline-sized lines are candidates: a page without
    // one has no headline (and the editor is told so).
    let picked: Vec<usize> = (start.saturating_sub(REACH)..start).rev().filter(|&i| c[i][4] > 0.0).collect();
    if picked.is_empty() {
        return Vec::new();
    }
    // The candidates' words (far fewer than the story's), and which of
    // them the story uses.
    let mut shapes = WordShapes([0; 256]);
    let words: Vec<Vec<u64>> = picked
        .iter()
        .map(|&i| {
            let mut v = Vec::new();
            each_word(&lines[i], |w| {
                shapes.add(w);
                v.push(word_hash(w));
            });
            v
        })
        .collect();
    let mut known: Vec<u64> = words.iter().flatten().copied().collect();
    known.sort_unstable();
    known.dedup();
    let mut used = vec![false; known.len()];
    for j in (start..states.len()).filter(|&j| states[j] == State::Story).take(STORY_LINES) {
        each_word(&lines[j], |w| {
            if shapes.may_have(w) {
                if let Ok(k) = known.binary_search(&word_hash(w)) {
                    used[k] = true;
                }
            }
        });
    }
    let mut first_sized = true;
    picked
        .iter()
        .zip(&words)
        .map(|(&i, words)| {
            let cand = &c[i];
            let mut f = [0f32; TN];
            f[..BASE].copy_from_slice(cand);
            f[BASE] = ((start - i) as f32).ln();
            let shared = words.iter().filter(|w| known.binary_search(w).is_ok_and(|k| used[k])).count();
            f[BASE + 1] = if words.is_empty() { 0.0 } else { shared as f32 / words.len() as f32 };
            let sized = cand[1] > 0.0;
            f[BASE + 2] = flag(sized && first_sized);
            first_sized &= !sized;
            (i, f)
        })
        .collect()
}

pub(super) fn logit(p: &TitleParams, f: &[f32; TN]) -> f32 {
    p.bias + p.weights.iter().zip(f).map(|(w, x)| w * x).sum::<f32>()
}

/// The best-scoring candidate (the nearer one on a tie).
pub(super) fn choose(p: &TitleParams, scored: &[(usize, [f32; TN])]) -> Option<usize> {
    let mut best: Option<(f32, usize)> = None;
    for (i, f) in scored {
        let z = logit(p, f);
        if best.is_none_or(|(b, _)| z > b) {
            best = Some((z, *i));
        }
    }
    best.map(|(_, i)| i)
}
