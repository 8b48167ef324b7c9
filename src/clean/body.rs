//! Which text lines are story: jusText-style quality classes (length,
//! function words, sentence punctuation), then neighbours decide the
//! uncertain ones.

use super::blocks::Line;
use super::classify::Kind;

/// Quality of a line for the body decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    Good,
    NearGood,
    Short,
    Bad,
}

/// Whether the dump's language has function words in our lists; when it
/// does not (Korean, say), the function-word test is skipped.
pub(super) fn knows_language(lines: &[Line]) -> bool {
    let long = lines.iter().filter(|l| l.words >= 8 && !l.unspaced);
    let (count, sum) = long.fold((0, 0.0), |(n, sum), l| (n + 1, sum + l.stop_share));
    count > 0 && sum / count as f32 >= 0.08
}

/// Quality of a text line taken alone.
pub(super) fn quality(line: &Line, known_language: bool) -> Class {
    // An unspaced line's word count is estimated from its characters:
    // under four words is short in any script.
    if line.words < 4 {
        return Class::Short;
    }
    let stop_ok = !known_language || line.unspaced || line.stop_share >= 0.12;
    // A line cut off with an ellipsis is a teaser more often than story.
    let truncated = line.text.ends_with("...") || line.text.ends_with('…');
    let sentence = line.sentence_end && line.words >= 8 && !line.title_case && !truncated;
    if stop_ok && (sentence || line.words >= 30) {
        Class::Good
    } else if !stop_ok && line.words < 20 {
        Class::Bad
    } else {
        Class::NearGood
    }
}

/// Initial classes for lines in the article window.
pub(super) fn initial(lines: &[Line], kinds: &[Kind], known_language: bool) -> Vec<Class> {
    let mut classes: Vec<Class> = lines
        .iter()
        .zip(kinds)
        .map(|(l, k)| match k {
            Kind::Text => quality(l, known_language),
            _ => Class::Bad,
        })
        .collect();
    // Three or more unpunctuated lines in a row are a list of headlines
    // (only text lines are near-good here).
    let headline: Vec<bool> =
        (0..lines.len()).map(|i| classes[i] == Class::NearGood && !lines[i].sentence_end).collect();
    let mut i = 0;
    for run in headline.chunk_by(|a, b| a == b) {
        if run[0] && run.len() >= 3 {
            classes[i..i + run.len()].fill(Class::Bad);
        }
        i += run.len();
    }
    // A liveblog timestamp is story when an entry follows it.
    for i in 0..lines.len() {
        if matches!(kinds[i], Kind::Clock) && entry_follows(&classes, kinds, i) {
            classes[i] = Class::Good;
            // The entry's headline, if it has one, sits under the timestamp.
            if matches!(kinds.get(i + 1), Some(Kind::Text)) && classes[i + 1] != Class::Good {
                classes[i + 1] = Class::NearGood;
            }
        }
    }
    classes
}

/// After a clock line: a good paragraph, maybe under a short headline.
fn entry_follows(classes: &[Class], kinds: &[Kind], i: usize) -> bool {
    let good = |j: usize| classes.get(j) == Some(&Class::Good);
    good(i + 1) || matches!(kinds.get(i + 1), Some(Kind::Text)) && good(i + 2)
}

/// Neighbours decide: a near-good line next to a good one is good; a short
/// line is good only between good ones. Inline insertions (links, figures,
/// ad markers) are looked through.
pub(super) fn smooth(classes: &[Class], inserts: &[bool]) -> Vec<bool> {
    let n = classes.len();
    let decisive = |j: usize| !inserts[j] && !matches!(classes[j], Class::Short | Class::NearGood);
    // Whether the nearest decisive line before and after each line is good,
    // found in one pass each way: a page of thousands of short lines stays
    // linear.
    let nearest_good = |order: &mut dyn Iterator<Item = usize>| {
        let (mut near, mut good) = (vec![false; n], false);
        for i in order {
            near[i] = good;
            if decisive(i) {
                good = classes[i] == Class::Good;
            }
        }
        near
    };
    let (before, after) = (nearest_good(&mut (0..n)), nearest_good(&mut (0..n).rev()));
    (0..n)
        .map(|i| match classes[i] {
            Class::Good => true,
            Class::Bad => false,
            Class::NearGood => before[i] || after[i],
            Class::Short => before[i] && after[i],
        })
        .collect()
}

/// Most items a story's list may have.
const LIST_ITEMS: usize = 20;

/// A story line that introduces a list ("The measures were:") and story
/// lines after the list make the short lines between them its items, which
/// alone look like page furniture.
pub(super) fn keep_lists(lines: &[Line], kinds: &[Kind], keep: &mut [bool], start: usize, end: usize) {
    let mut i = start;
    while i < end {
        if !(keep[i] && lines[i].text.trim_end().ends_with(':')) {
            i += 1;
            continue;
        }
        let run_end = (i + 1..end)
            .find(|&j| keep[j] || !matches!(kinds[j], Kind::Text) || lines[j].words < 2 || lines[j].words > 40)
            .unwrap_or(end);
        let run = i + 1..run_end;
        let story_resumes = run_end < end && keep[run_end];
        if story_resumes && !run.is_empty() && run.len() <= LIST_ITEMS {
            keep[run].fill(true);
        }
        i = run_end.max(i + 1);
    }
}
