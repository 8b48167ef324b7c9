//! Cross-file evidence: a line that appears in several dumps of the corpus
//! is site template (menus, footers, newsletter boxes), not story.

use super::blocks::Line;
use super::fxhash::{FxMap, FxSet};

/// For each file, which of its lines are repeated in another file.
pub fn repeated(files: &[Vec<Line>]) -> Vec<Vec<bool>> {
    let total: usize = files.iter().map(Vec::len).sum();
    let mut df: FxMap<&str, usize> = FxMap::with_capacity_and_hasher(total, Default::default());
    for lines in files {
        let unique: FxSet<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        for t in unique {
            *df.entry(t).or_insert(0) += 1;
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
