//! Cross-file evidence: a line that appears in several dumps of the corpus
//! is site template (menus, footers, newsletter boxes), not story.

use rustc_hash::{FxHashMap, FxHashSet};

use super::blocks::{Line, RawLine};

/// Files sharing a line: how many, and the first two of them.
#[derive(Clone, Copy)]
struct Seen {
    files: usize,
    first_two: [usize; 2],
}

/// Every line's text id (ids in order of first occurrence over the files
/// in input order), and the distinct texts by id.
pub(super) fn text_ids<'a>(files: &[Vec<RawLine<'a>>]) -> (Vec<Vec<u32>>, Vec<&'a str>) {
    let total: usize = files.iter().map(Vec::len).sum();
    let mut ids: FxHashMap<&str, u32> = FxHashMap::with_capacity_and_hasher(total, Default::default());
    let mut texts = Vec::new();
    let mut id_of = |t: &'a str| {
        let next = texts.len() as u32;
        let id = *ids.entry(t).or_insert(next);
        if id == next {
            texts.push(t);
        }
        id
    };
    let line_ids = files.iter().map(|lines| lines.iter().map(|&(_, t, _)| id_of(t)).collect()).collect();
    (line_ids, texts)
}

/// For each file, which of its lines are repeated in another file. Marks
/// on the way the lines that recur within their own file (`Line::recurs`).
/// `line_ids` are the lines' text ids (`text_ids`).
pub(super) fn repeated(files: &mut [Vec<Line>], line_ids: &[Vec<u32>]) -> Vec<Vec<bool>> {
    // A file given twice is one file: only its first copy counts.
    let copy_of = copies(files, line_ids);
    let distinct = line_ids.iter().flatten().map(|&id| id as usize + 1).max().unwrap_or(0);
    let mut seen: Vec<Seen> = vec![Seen { files: 0, first_two: [0; 2] }; distinct];
    // Per text id: the last file it was met in, and its line there.
    let mut last: Vec<(usize, usize)> = vec![(usize::MAX, 0); distinct];
    for (f, ids) in line_ids.iter().enumerate() {
        let counts = copy_of[f] == f;
        for (i, &id) in ids.iter().enumerate() {
            let id = id as usize;
            if last[id].0 == f {
                files[f][i].recurs = true;
                files[f][last[id].1].recurs = true;
            } else {
                last[id] = (f, i);
                if counts {
                    let s = &mut seen[id];
                    if let Some(slot) = s.first_two.get_mut(s.files) {
                        *slot = f;
                    }
                    s.files += 1;
                }
            }
        }
    }
    // A site's signature: the short shared lines (menus, labels) of a file,
    // made only for files whose shared sentences need it.
    let signatures: Vec<std::cell::OnceCell<FxHashSet<usize>>> = files.iter().map(|_| Default::default()).collect();
    let signature = |f: usize| {
        signatures[f].get_or_init(|| {
            files[f]
                .iter()
                .zip(&line_ids[f])
                .filter(|(l, &id)| l.words <= 6 && seen[id as usize].files >= 2)
                .map(|(_, &id)| id as usize)
                .collect()
        })
    };
    let mut memo: FxHashMap<(usize, usize), bool> = FxHashMap::default();
    let mut same_site = |a: usize, b: usize| {
        *memo.entry((a, b)).or_insert_with(|| {
            let (x, y) = (signature(a), signature(b));
            let (small, large) = if x.len() <= y.len() { (x, y) } else { (y, x) };
            small.iter().filter(|t| large.contains(*t)).take(3).count() >= 3
        })
    };
    files
        .iter()
        .zip(line_ids)
        .map(|(lines, ids)| {
            let marks: Vec<bool> = lines
                .iter()
                .zip(ids)
                .map(|(l, &id)| {
                    let s = seen[id as usize];
                    // Two stories from different sites may share a sentence
                    // ("The company declined to comment."): a sentence in
                    // only two files counts when they are from the same site.
                    let sentence = l.sentence_end && l.words >= 8;
                    s.files >= 3 || s.files == 2 && (!sentence || same_site(s.first_two[0], s.first_two[1]))
                })
                .collect();
            if mostly_shared_prose(lines, &marks) {
                // The same story saved twice: its prose is not template.
                lines.iter().zip(&marks).map(|(l, &m)| m && l.words < 12).collect()
            } else {
                marks
            }
        })
        .collect()
}

/// For each file, the first file with the same lines (itself if none).
/// A cheap fingerprint first; full comparison (of text ids) only when it
/// matches.
fn copies(files: &[Vec<Line>], line_ids: &[Vec<u32>]) -> Vec<usize> {
    let mut seen: FxHashMap<(usize, usize, &str, &str), Vec<usize>> = FxHashMap::default();
    let mut out = Vec::with_capacity(files.len());
    for (f, lines) in files.iter().enumerate() {
        let bytes: usize = lines.iter().map(|l| l.text.len()).sum();
        let first = lines.first().map_or("", |l| l.text.as_str());
        let last = lines.last().map_or("", |l| l.text.as_str());
        let same = seen.entry((lines.len(), bytes, first, last)).or_default();
        // A few candidates are enough: copies are rare, collisions rarer.
        let twin = same.iter().take(8).copied().find(|&g| line_ids[g] == line_ids[f]);
        out.push(twin.unwrap_or(f));
        if twin.is_none() {
            same.push(f);
        }
    }
    out
}

/// More than half of the file's long lines are shared: a duplicate dump.
fn mostly_shared_prose(lines: &[Line], marks: &[bool]) -> bool {
    let long: Vec<bool> = lines.iter().zip(marks).filter(|(l, _)| l.words >= 12).map(|(_, &m)| m).collect();
    long.iter().filter(|&&m| m).count() * 2 > long.len()
}
