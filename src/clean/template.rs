//! Cross-file evidence: a line that appears in several dumps of the corpus
//! is site template (menus, footers, newsletter boxes), not story.

use super::blocks::Line;
use super::fxhash::FxMap;

/// For each file, which of its lines are repeated in another file. Marks
/// on the way the lines that recur within their own file (`Line::recurs`).
pub fn repeated(files: &mut [Vec<Line>]) -> Vec<Vec<bool>> {
    let firsts: Vec<Vec<bool>> = files
        .iter_mut()
        .map(|lines| mark_recurring(lines))
        .collect();
    let total: usize = files.iter().map(Vec::len).sum();
    let mut df: FxMap<&str, usize> = FxMap::with_capacity_and_hasher(total, Default::default());
    for (lines, first) in files.iter().zip(&firsts) {
        // Each distinct line counts once per file.
        for (l, _) in lines.iter().zip(first).filter(|(_, &f)| f) {
            *df.entry(l.text.as_str()).or_insert(0) += 1;
        }
    }
    files
        .iter()
        .map(|lines| {
            let marks: Vec<bool> = lines
                .iter()
                .map(|l| df.get(l.text.as_str()).is_some_and(|&n| n >= 2))
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
