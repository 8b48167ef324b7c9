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
    let long: Vec<&Line> = lines.iter().filter(|l| l.words >= 8 && !l.unspaced).collect();
    if long.is_empty() {
        return false;
    }
    let mean = long.iter().map(|l| l.stop_share).sum::<f32>() / long.len() as f32;
    mean >= 0.08
}

/// Quality of a text line taken alone.
pub(super) fn quality(line: &Line, known_language: bool) -> Class {
    let stop_ok = !known_language || line.unspaced || line.stop_share >= 0.12;
    if line.words < 4 && !(line.unspaced && line.chars >= 12) {
        return Class::Short;
    }
    // A line cut off with an ellipsis is a teaser more often than story.
    let truncated = line.text.ends_with("...") || line.text.ends_with('…');
    if line.sentence_end && line.words >= 8 && stop_ok && !line.title_case && !truncated {
        return Class::Good;
    }
    if line.words >= 30 && stop_ok {
        return Class::Good;
    }
    if !stop_ok && line.words < 20 {
        return Class::Bad;
    }
    if line.words >= 4 {
        return Class::NearGood;
    }
    Class::Short
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
    // Three or more unpunctuated lines in a row are a list of headlines.
    let headline: Vec<bool> = (0..lines.len())
        .map(|i| matches!(kinds[i], Kind::Text) && classes[i] == Class::NearGood && !lines[i].sentence_end)
        .collect();
    let mut i = 0;
    while i < lines.len() {
        let run = headline[i..].iter().take_while(|&&h| h).count();
        if run >= 3 {
            for c in &mut classes[i..i + run] {
                *c = Class::Bad;
            }
        }
        i += run.max(1);
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
    let next = |j: usize| classes.get(j).copied();
    match next(i + 1) {
        Some(Class::Good) => true,
        Some(Class::Short | Class::NearGood | Class::Bad) => {
            matches!(kinds.get(i + 1), Some(Kind::Text)) && next(i + 2) == Some(Class::Good)
        }
        _ => false,
    }
}

/// Neighbours decide: a near-good line next to a good one is good; a short
/// line is good only between good ones. Inline insertions (links, figures,
/// ad markers) are looked through.
pub(super) fn smooth(classes: &[Class], inserts: &[bool]) -> Vec<bool> {
    let n = classes.len();
    let decisive = |j: usize| !inserts[j] && !matches!(classes[j], Class::Short | Class::NearGood);
    // The nearest decisive line before and after each line, found in one
    // pass each way: a page of thousands of short lines stays linear.
    let mut before = vec![None; n];
    let mut last = None;
    for i in 0..n {
        before[i] = last;
        if decisive(i) {
            last = Some(classes[i]);
        }
    }
    let mut after = vec![None; n];
    last = None;
    for i in (0..n).rev() {
        after[i] = last;
        if decisive(i) {
            last = Some(classes[i]);
        }
    }
    (0..n)
        .map(|i| {
            let (p, q) = (before[i] == Some(Class::Good), after[i] == Some(Class::Good));
            match classes[i] {
                Class::Good => true,
                Class::Bad => false,
                Class::NearGood => p || q,
                Class::Short => p && q,
            }
        })
        .collect()
}

/// Most items a story's list may have.
const LIST_ITEMS: usize = 20;

/// A story line that introduces a list ("The measures were:") and story
/// lines after the list make the short lines between them its items, which
/// alone look like page furniture.
pub(super) fn keep_lists(lines: &[Line], kinds: &[Kind], keep: &mut [bool], start: usize, end: usize) -> Vec<usize> {
    let mut items = Vec::new();
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
            for j in run.clone() {
                keep[j] = true;
                items.push(j);
            }
        }
        i = run_end.max(i + 1);
    }
    items
}
