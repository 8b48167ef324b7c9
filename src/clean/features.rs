//! Every block's signals, named and computed once: its own shape (length,
//! sentence punctuation, function words, capitals, digits, list and
//! call-to-action shapes), what the shape classifier made of it (date,
//! byline, caption, credit, furniture…), where it sits (relative position,
//! the rule-based story window), whether it repeats on the site's other
//! pages or within the page, and the same of its neighbours. The model
//! (`model`) weighs them; nothing here decides.

use std::sync::LazyLock;

use super::article::Analysis;
use super::blocks::{running_sums, Line};
use super::body::Class;
use super::classify::Kind;
use super::lexicon::{list, Words};

/// Names of the features, in vector order (for `--explain` and for the
/// generated parameter file).
pub(crate) const NAMES: [&str; N] = [
    "log words",
    "10+ words",
    "30+ words",
    "function-word share",
    "ends like a sentence",
    "headline case",
    "unspaced script",
    "digit share",
    "ends with ':'",
    "ends with an ellipsis",
    "list-item shape",
    "call-to-action hits (template lines)",
    "shape: plain text",
    "shape: furniture",
    "shape: site template",
    "shape: end marker",
    "shape: source or copyright",
    "shape: date or time",
    "shape: byline",
    "shape: caption or credit",
    "shape: inline link",
    "shape: label or attribution",
    "recurs within the page",
    "prose alone (good)",
    "fragment alone (near-good)",
    "short alone",
    "rules: story window",
    "rules: body line",
    "before the headline",
    "after the rules' story end",
    "relative position",
    "prose share before it",
    "previous line is prose",
    "next line is prose",
    "rules' body lines within 3",
    "prose within 3",
    "previous is headline case",
    "next is headline case",
    "sponsored label or its block (hand-set)",
    "summary label or a point under it (hand-set)",
];

/// How many features a block has.
pub(crate) const N: usize = 40;

/// The sponsored-block signal's index: no labelled page has one, so its
/// weight is set by hand (`fit::SPONSORED_WEIGHT`).
pub(crate) const SPONSORED: usize = 38;

/// The summary signal's index: its points are all on one labelled site,
/// which leave-one-site-out never sees beside itself, so its weight is set
/// by hand (`fit::SUMMARY_WEIGHT`).
pub(crate) const SUMMARY: usize = 39;

/// One block's features.
pub(crate) type Features = [f32; N];

/// The features of every block of one page, from what the rule-based
/// passes found.
pub(crate) fn compute(a: &Analysis) -> Vec<Features> {
    let (lines, kinds, alone, w) = (a.lines.as_slice(), a.kinds.as_slice(), a.alone.as_slice(), &a.window);
    let n = lines.len();
    // A summary's points read as prose, and the rules keep them: that
    // evidence of story is not counted for them.
    let summary = summary_blocks(lines, kinds, alone, w.head, w.end);
    let prose: Vec<bool> =
        (0..n).map(|i| alone[i] == Class::Good && matches!(kinds[i], Kind::Text) && !summary[i]).collect();
    let keep: Vec<bool> = (0..n).map(|i| a.keep[i] && !summary[i]).collect();
    // Prose words before each line, and in all.
    let prose_words = running_sums((0..n).map(|i| if prose[i] { lines[i].words } else { 0 }));
    // The share of the three lines either side with a mark, from running
    // counts (`count[j]`: marks before line j).
    let counts = |marks: &[bool]| running_sums(marks.iter().map(|&m| usize::from(m)));
    let (keep_count, prose_count) = (counts(&keep), counts(&prose));
    let near = |i: usize, count: &[usize], marks: &[bool]| {
        let (from, to) = (i.saturating_sub(3), (i + 4).min(n));
        (count[to] - count[from] - usize::from(marks[i])) as f32 / 6.0
    };
    let sponsored = sponsored_blocks(lines);
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let l = &lines[i];
        let k = &kinds[i];
        // Long prose lines are story whatever words they use.
        let (strong, weak) = if l.words <= 40 { l.cta } else { (0, 0) };
        let before_title = w.title.is_some_and(|t| i < t);
        let f: Features = [
            (1.0 + l.words as f32).ln(),
            flag(l.words >= 10),
            flag(l.words >= 30),
            l.stop_share,
            flag(l.sentence_end),
            flag(l.title_case),
            flag(l.unspaced),
            l.digits as f32 / l.chars.max(1) as f32,
            flag(l.text.ends_with(':')),
            flag(l.text.ends_with("...") || l.text.ends_with('…')),
            flag(is_list_item(&l.text)),
            (strong * 2 + weak).min(4) as f32 / 4.0,
            flag(matches!(k, Kind::Text)),
            flag(matches!(k, Kind::Furniture(_))),
            flag(matches!(k, Kind::Template)),
            flag(matches!(k, Kind::EndMarker)),
            flag(matches!(k, Kind::Source(_) | Kind::Copyright(_))),
            flag(matches!(k, Kind::Date { .. } | Kind::Relative | Kind::Clock)),
            flag(matches!(k, Kind::Byline(_) | Kind::Reporting(_))),
            flag(matches!(k, Kind::Caption(_) | Kind::CreditLine(_) | Kind::Alt)),
            flag(matches!(k, Kind::Link)),
            flag(matches!(k, Kind::Label | Kind::Attribution)),
            flag(l.recurs),
            flag(prose[i]),
            flag(alone[i] == Class::NearGood),
            flag(alone[i] == Class::Short),
            flag((w.start..w.end).contains(&i)),
            flag(keep[i]),
            flag(before_title),
            flag(i >= w.end),
            i as f32 / n.max(1) as f32,
            if prose_words[n] == 0 { 0.0 } else { prose_words[i] as f32 / prose_words[n] as f32 },
            flag(i > 0 && prose[i - 1]),
            flag(i + 1 < n && prose[i + 1]),
            near(i, &keep_count, &keep),
            near(i, &prose_count, &prose),
            flag(i > 0 && lines[i - 1].title_case),
            flag(i + 1 < n && lines[i + 1].title_case),
            flag(sponsored[i]),
            flag(summary[i]),
        ];
        out.push(f);
    }
    out
}

/// Labels of paid content, in the languages of the lexicons.
static SPONSORED_LABELS: Words = LazyLock::new(|| list("sponsored labels"));

/// A sponsored block: the label, the line under it and the rest of its
/// packed block (a few lines at most).
fn sponsored_blocks(lines: &[Line]) -> Vec<bool> {
    let mut out = vec![false; lines.len()];
    let dense = super::blocks::is_dense(lines);
    for i in 0..lines.len() {
        if lines[i].words > 3 || !SPONSORED_LABELS.contains(&lines[i].lower.trim_end_matches(':')) {
            continue;
        }
        out[i] = true;
        let packed = lines.get(i + 1).map(|l| l.group);
        let in_block = |&j: &usize| j == i + 1 || !dense && Some(lines[j].group) == packed;
        for j in (i + 1..lines.len().min(i + 7)).take_while(in_block) {
            out[j] = true;
        }
    }
    out
}

/// Labels of "Key points" and similar summaries, which repeat the story
/// in brief above it.
static SUMMARY_LABELS: Words = LazyLock::new(|| list("summary labels"));

/// A summary label after the headline and its points: the rest of the
/// label's block, or the block packed under it, or a few prose lines
/// right after it.
fn summary_blocks(lines: &[Line], kinds: &[Kind], alone: &[Class], head: usize, end: usize) -> Vec<bool> {
    let mut out = vec![false; lines.len()];
    // In a dump with no blank lines, everything is one block.
    let dense = super::blocks::is_dense(lines);
    for i in head..end {
        if !SUMMARY_LABELS.contains(&lines[i].lower.trim_end_matches(':')) {
            continue;
        }
        out[i] = true;
        let packed = lines.get(i + 1).map(|l| l.group).filter(|_| !dense);
        // Points packed in the label's own block end with it: the prose
        // after a blank line is the story.
        let own_block = packed == Some(lines[i].group);
        for j in i + 1..end.min(i + 13) {
            let in_block = Some(lines[j].group) == packed && !matches!(kinds[j], Kind::Clock);
            let point = !own_block && j <= i + 8 && alone[j] == Class::Good;
            if !(matches!(kinds[j], Kind::Text | Kind::Relative) && (in_block || point)) {
                break;
            }
            out[j] = true;
        }
    }
    out
}

pub(super) fn flag(b: bool) -> f32 {
    f32::from(u8::from(b))
}

/// "- item", "• item", "1. item", "2) item".
fn is_list_item(t: &str) -> bool {
    if t.starts_with(['-', '•', '*', '·', '–']) {
        return true;
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    (1..=2).contains(&digits) && matches!(t.as_bytes().get(digits), Some(b'.' | b')'))
}
