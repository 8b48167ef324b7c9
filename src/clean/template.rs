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
    let copy_of = copies(files);
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
    // A site's signature: the short shared lines (menus, labels) of a file,
    // made only for files whose shared sentences need it.
    let signatures: Vec<std::cell::OnceCell<FxSet<&str>>> =
        files.iter().map(|_| Default::default()).collect();
    let signature = |f: usize| {
        signatures[f].get_or_init(|| {
            files[f]
                .iter()
                .filter(|l| l.words <= 6 && df.get(l.text.as_str()).is_some_and(|s| s.files >= 2))
                .map(|l| l.text.as_str())
                .collect()
        })
    };
    let memo: std::cell::RefCell<FxMap<(usize, usize), bool>> = Default::default();
    let same_site = |a: usize, b: usize| {
        if let Some(&known) = memo.borrow().get(&(a, b)) {
            return known;
        }
        let (x, y) = (signature(a), signature(b));
        let (small, large) = if x.len() <= y.len() { (x, y) } else { (y, x) };
        let same = small.iter().filter(|t| large.contains(*t)).take(3).count() >= 3;
        memo.borrow_mut().insert((a, b), same);
        same
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

/// For each file, the first file with the same lines (itself if none).
/// A cheap fingerprint first; full comparison only when it matches.
fn copies(files: &[Vec<Line>]) -> Vec<usize> {
    let mut seen: FxMap<(usize, usize, &str, &str), Vec<usize>> = FxMap::default();
    let mut out = Vec::with_capacity(files.len());
    for (f, lines) in files.iter().enumerate() {
        let bytes: usize = lines.iter().map(|l| l.text.len()).sum();
        let first = lines.first().map_or("", |l| l.text.as_str());
        let last = lines.last().map_or("", |l| l.text.as_str());
        let same = seen.entry((lines.len(), bytes, first, last)).or_default();
        // A few candidates are enough: copies are rare, collisions rarer.
        let twin = same
            .iter()
            .take(8)
            .copied()
            .find(|&g| files[g].iter().zip(lines).all(|(a, b)| a.text == b.text));
        out.push(twin.unwrap_or(f));
        if twin.is_none() {
            same.push(f);
        }
    }
    out
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
