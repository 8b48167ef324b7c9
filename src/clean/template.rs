//! Cross-file evidence: a line that appears in several dumps of the corpus
//! is site template (menus, footers, newsletter boxes), not story.

use super::blocks::Line;
use super::fxhash::{FxMap, FxSet};

/// Files sharing a line: how many, and the first two of them.
#[derive(Clone, Copy)]
struct Seen {
    files: usize,
    first: usize,
    second: usize,
}

/// For each file, which of its lines are repeated in another file. Marks
/// on the way the lines that recur within their own file (`Line::recurs`).
pub fn repeated(files: &mut [Vec<Line>]) -> Vec<Vec<bool>> {
    let firsts: Vec<Vec<bool>> = files
        .iter_mut()
        .map(|lines| mark_recurring(lines))
        .collect();
    let total: usize = files.iter().map(Vec::len).sum();
    let mut df: FxMap<&str, Seen> = FxMap::with_capacity_and_hasher(total, Default::default());
    // A file given twice is one file: only its first copy counts.
    let mut seen_files: FxMap<Vec<&str>, usize> = FxMap::default();
    let copy_of: Vec<usize> = files
        .iter()
        .enumerate()
        .map(|(f, lines)| {
            *seen_files
                .entry(lines.iter().map(|l| l.text.as_str()).collect())
                .or_insert(f)
        })
        .collect();
    for (f, (lines, first)) in files.iter().zip(&firsts).enumerate() {
        if copy_of[f] != f {
            continue;
        }
        // Each distinct line counts once per file.
        for (l, _) in lines.iter().zip(first).filter(|(_, &f)| f) {
            let seen = df.entry(l.text.as_str()).or_insert(Seen {
                files: 0,
                first: f,
                second: f,
            });
            seen.files += 1;
            if seen.files == 2 {
                seen.second = f;
            }
        }
    }
    // A site's signature: the short shared lines (menus, labels) of a file.
    let signatures: Vec<FxSet<&str>> = files
        .iter()
        .map(|lines| {
            lines
                .iter()
                .filter(|l| l.words <= 6 && df.get(l.text.as_str()).is_some_and(|s| s.files >= 2))
                .map(|l| l.text.as_str())
                .collect()
        })
        .collect();
    let same_site = |a: usize, b: usize| {
        let (x, y) = (&signatures[a], &signatures[b]);
        let (small, large) = if x.len() <= y.len() { (x, y) } else { (y, x) };
        small.iter().filter(|t| large.contains(*t)).take(3).count() >= 3
    };
    files
        .iter()
        .map(|lines| {
            let marks: Vec<bool> = lines
                .iter()
                .map(|l| {
                    df.get(l.text.as_str()).is_some_and(|s| {
                        // Two stories from different sites may share a
                        // sentence ("The company declined to comment."): a
                        // sentence in only two files counts when they are
                        // from the same site.
                        let sentence = l.sentence_end && l.words >= 8;
                        s.files >= 3 || s.files == 2 && (!sentence || same_site(s.first, s.second))
                    })
                })
                .collect();
            if mostly_shared_prose(lines, &marks) {
                // The same story saved twice: its prose is not template.
                lines
                    .iter()
                    .zip(&marks)
                    .map(|(l, &m)| m && l.words < 12)
                    .collect()
            } else {
                marks
            }
        })
        .collect()
}

/// Sets `recurs` on every line whose text occurs more than once; returns
/// which lines are the first with their text.
fn mark_recurring(lines: &mut [Line]) -> Vec<bool> {
    let mut first: FxMap<&str, usize> =
        FxMap::with_capacity_and_hasher(lines.len(), Default::default());
    let mut dup = vec![false; lines.len()];
    let mut is_first = vec![false; lines.len()];
    for (i, l) in lines.iter().enumerate() {
        if let Some(&j) = first.get(l.text.as_str()) {
            dup[i] = true;
            dup[j] = true;
        } else {
            first.insert(l.text.as_str(), i);
            is_first[i] = true;
        }
    }
    for (l, d) in lines.iter_mut().zip(dup) {
        l.recurs = d;
    }
    is_first
}

/// More than half of the file's long lines are shared: a duplicate dump.
fn mostly_shared_prose(lines: &[Line], marks: &[bool]) -> bool {
    let long: Vec<bool> = lines
        .iter()
        .zip(marks)
        .filter(|(l, _)| l.words >= 12)
        .map(|(_, &m)| m)
        .collect();
    let shared = long.iter().filter(|&&m| m).count();
    !long.is_empty() && shared * 2 > long.len()
}
