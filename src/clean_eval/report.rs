//! The quality report over labelled pages: per page and per language, the
//! benchmark's shingle F1, pages at or above 0.9 and under 0.5, empty
//! bodies, exact titles, and for written pages every field — scored in
//! sample and by leave-one-site-out cross-validation.

use std::fmt::Write as _;

use super::labelled::{self, Page, Set};
use super::quality::{self, FileScore, Prf};
use crate::clean::Cleaned;

/// How one page came out.
#[derive(Debug, Clone)]
pub struct PageScore {
    pub name: String,
    pub set: Set,
    pub site: String,
    pub lang: &'static str,
    /// The benchmark's per-page shingle precision, recall, F1.
    pub shingle: Prf,
    pub empty: bool,
    /// `None` when the page has no true title.
    pub title: Option<bool>,
    /// Every field (written pages only).
    pub fields: Option<FileScore>,
}

/// Scores each page against its truth; `cleaned[i]` is `pages[i]` cleaned.
pub fn score(pages: &[Page], cleaned: &[Cleaned]) -> Vec<PageScore> {
    pages
        .iter()
        .zip(cleaned)
        .map(|(p, c)| {
            let got = c.body.join("\n\n");
            let bench = quality::shingle_benchmark(&[(p.name.clone(), got, p.body())]);
            PageScore {
                name: p.name.clone(),
                set: p.set,
                site: p.site.clone(),
                lang: p.lang,
                shingle: bench.pages[0].1,
                empty: c.body.is_empty(),
                title: p
                    .title
                    .as_ref()
                    .map(|t| c.title.as_deref().map(quality::normalise) == Some(quality::normalise(t))),
                fields: p.expected.as_ref().map(|e| quality::score_file(&p.name, c, e)),
            }
        })
        .collect()
}

/// Figures over a group of pages.
#[derive(Debug, Clone, Default)]
pub struct GroupScore {
    pub pages: usize,
    /// The benchmark's F1: mean precision over pages with output, mean
    /// recall over pages with truth, their harmonic mean.
    pub f1: f64,
    pub at_least_0_9: usize,
    pub under_0_5: usize,
    pub empty: usize,
    pub titled: usize,
    pub title_exact: usize,
    /// Written pages: body exact, mean paragraph F1, exact fields.
    pub body_exact: usize,
    pub paragraph_f1: f64,
    pub source: usize,
    pub published: usize,
    pub authors: usize,
    pub caption_recall: f64,
}

/// The figures of these pages together.
pub fn group(scores: &[&PageScore]) -> GroupScore {
    let n = scores.len();
    let with_output: Vec<f64> = scores.iter().filter(|s| !s.empty).map(|s| s.shingle.p).collect();
    let p = with_output.iter().sum::<f64>() / with_output.len().max(1) as f64;
    let r = scores.iter().map(|s| s.shingle.r).sum::<f64>() / n.max(1) as f64;
    let fields: Vec<&FileScore> = scores.iter().filter_map(|s| s.fields.as_ref()).collect();
    let count = |f: &dyn Fn(&FileScore) -> bool| fields.iter().filter(|s| f(s)).count();
    let mean = |f: &dyn Fn(&FileScore) -> f64| fields.iter().map(|s| f(s)).sum::<f64>() / fields.len().max(1) as f64;
    GroupScore {
        pages: n,
        f1: quality::harmonic(p, r),
        at_least_0_9: scores.iter().filter(|s| s.shingle.f1 >= 0.9).count(),
        under_0_5: scores.iter().filter(|s| s.shingle.f1 < 0.5).count(),
        empty: scores.iter().filter(|s| s.empty).count(),
        titled: scores.iter().filter(|s| s.title.is_some()).count(),
        title_exact: scores.iter().filter(|s| s.title == Some(true)).count(),
        body_exact: count(&|s| s.body_exact),
        paragraph_f1: mean(&|s| s.paragraph.f1),
        source: count(&|s| s.source),
        published: count(&|s| s.published),
        authors: count(&|s| s.authors),
        caption_recall: mean(&|s| s.caption_recall),
    }
}

/// The groups of a report: all pages of a set, then each language.
pub(crate) fn groups(scores: &[PageScore], set: Set) -> Vec<(String, GroupScore)> {
    let of_set: Vec<&PageScore> = scores.iter().filter(|s| s.set == set).collect();
    let mut langs: Vec<&str> = of_set.iter().map(|s| s.lang).collect();
    langs.sort_unstable();
    langs.dedup();
    let mut out = vec![("all".to_string(), group(&of_set))];
    if langs.len() > 1 {
        for l in langs {
            let these: Vec<&PageScore> = of_set.iter().copied().filter(|s| s.lang == l).collect();
            out.push((l.to_string(), group(&these)));
        }
    }
    out
}

/// One table: a row per language group, for each way of scoring.
pub fn table(runs: &[(&str, &[PageScore])], set: Set) -> String {
    let mut out = String::new();
    let raw = set == Set::Raw;
    let _ = write!(
        out,
        "{:<16} {:<5} {:>5} {:>7} {:>5} {:>5} {:>5} {:>7}",
        "scored", "lang", "pages", "F1", "≥0.9", "<0.5", "empty", "title"
    );
    if raw {
        let _ = write!(out, " {:>6} {:>6} {:>6} {:>6} {:>6} {:>5}", "body=", "parF1", "source", "publ", "auth", "capR");
    }
    out.push('\n');
    for (label, scores) in runs {
        for (lang, g) in groups(scores, set) {
            let _ = write!(
                out,
                "{:<16} {:<5} {:>5} {:>7.4} {:>4.0}% {:>5} {:>5} {:>3}/{:<3}",
                label,
                lang,
                g.pages,
                g.f1,
                100.0 * g.at_least_0_9 as f64 / g.pages.max(1) as f64,
                g.under_0_5,
                g.empty,
                g.title_exact,
                g.titled
            );
            if raw {
                let _ = write!(
                    out,
                    " {:>3}/{:<2} {:>6.4} {:>6} {:>6} {:>6} {:>5.3}",
                    g.body_exact, g.pages, g.paragraph_f1, g.source, g.published, g.authors, g.caption_recall
                );
            }
            out.push('\n');
        }
    }
    out
}

/// Per page, both ways of scoring side by side.
pub fn page_table(in_sample: &[PageScore], cross: &[PageScore]) -> String {
    let mut out = String::new();
    let mark = |t: Option<bool>| match t {
        Some(true) => "ok",
        Some(false) => "--",
        None => "  ",
    };
    for (a, b) in in_sample.iter().zip(cross) {
        let _ = writeln!(
            out,
            "{:<20} {:<28} {:<3} in {:.3} {}  cv {:.3} {}{}",
            truncate(&a.name, 20),
            truncate(&a.site, 28),
            a.lang,
            a.shingle.f1,
            mark(a.title),
            b.shingle.f1,
            mark(b.title),
            if b.empty { "  EMPTY" } else { "" }
        );
    }
    out
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// Leave-one-site-out: for each site, `clean(train, test)` cleans the test
/// pages (indices into `pages`) with whatever it fitted on the training
/// pages, all of other sites. Returns every page as its fold cleaned it.
pub fn leave_one_site_out(pages: &[Page], clean: impl Fn(&[usize], &[usize]) -> Vec<Cleaned> + Sync) -> Vec<Cleaned> {
    use rayon::prelude::*;
    let sites = labelled::sites(pages);
    let folds: Vec<(Vec<usize>, Vec<Cleaned>)> = sites
        .par_iter()
        .map(|(_, test)| {
            let train: Vec<usize> = (0..pages.len()).filter(|i| !test.contains(i)).collect();
            (test.clone(), clean(&train, test))
        })
        .collect();
    let mut out: Vec<Option<Cleaned>> = vec![None; pages.len()];
    for (test, cleaned) in folds {
        for (i, c) in test.into_iter().zip(cleaned) {
            out[i] = Some(c);
        }
    }
    out.into_iter().map(Option::unwrap_or_default).collect()
}
