//! Measuring the cleaner: field exactness, token and paragraph scores on
//! annotated samples, and the article-extraction benchmark's 4-word
//! shingle F1 on pages with human-marked bodies.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;
use unicode_normalization::UnicodeNormalization;

use crate::clean::{clean_corpus, Cleaned, RawText};

/// A sample's expected record (`expected/NAME.json`).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Expected {
    pub title: Option<String>,
    pub source: Option<String>,
    pub published: Option<String>,
    pub retrieved: Option<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    #[serde(default)]
    pub body: Vec<String>,
    #[serde(default)]
    pub figures: Vec<ExpectedFigure>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ExpectedFigure {
    pub alt: Option<String>,
    pub caption: Option<String>,
    pub credit: Option<String>,
}

/// One annotated sample.
#[derive(Debug, Clone)]
pub struct Sample {
    pub name: String,
    pub raw: RawText,
    pub expected: Expected,
}

/// Scores of one file.
#[derive(Debug, Clone, Default)]
pub struct FileScore {
    pub name: String,
    pub token: Prf,
    pub paragraph: Prf,
    pub body_exact: bool,
    pub title: bool,
    pub source: bool,
    pub published: bool,
    pub retrieved: bool,
    pub authors: bool,
    pub caption_recall: f64,
    pub credit_accuracy: f64,
}

/// Precision, recall, F1.
#[derive(Debug, Clone, Copy, Default)]
pub struct Prf {
    pub p: f64,
    pub r: f64,
    pub f1: f64,
}

impl Prf {
    fn from_counts(tp: usize, got: usize, want: usize) -> Prf {
        let p = if got == 0 { f64::from(u8::from(want == 0)) } else { tp as f64 / got as f64 };
        let r = if want == 0 { 1.0 } else { tp as f64 / want as f64 };
        Prf { p, r, f1: harmonic(p, r) }
    }
}

pub(crate) fn harmonic(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

/// Averages over files, and counts of exact fields.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    pub files: usize,
    pub token_f1: f64,
    pub paragraph_f1: f64,
    pub body_exact: usize,
    pub title: usize,
    pub source: usize,
    pub published: usize,
    pub retrieved: usize,
    pub authors: usize,
    pub caption_recall: f64,
    pub credit_accuracy: f64,
}

/// The names of the `.txt` files in `dir`, without the extension, sorted.
pub(crate) fn txt_stems(dir: &Path) -> Result<Vec<String>, String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.strip_suffix(".txt")).map(String::from))
        .collect();
    names.sort();
    Ok(names)
}

/// Loads `DIR/raw/*.txt` with `DIR/expected/*.json`, sorted by name.
pub fn load_samples(dir: &Path) -> Result<Vec<Sample>, String> {
    let raw_dir = dir.join("raw");
    let names = txt_stems(&raw_dir)?;
    let mut out = Vec::new();
    for name in names {
        let raw_path = raw_dir.join(format!("{name}.txt"));
        let exp_path = dir.join("expected").join(format!("{name}.json"));
        let text = std::fs::read_to_string(&raw_path).map_err(|e| format!("{}: {e}", raw_path.display()))?;
        let json = std::fs::read_to_string(&exp_path).map_err(|e| format!("{}: {e}", exp_path.display()))?;
        let expected: Expected = serde_json::from_str(&json).map_err(|e| format!("{}: {e}", exp_path.display()))?;
        out.push(Sample { raw: RawText { name: raw_path.display().to_string(), text }, name, expected });
    }
    Ok(out)
}

/// Cleans the samples as one corpus (`together`) or each alone, and scores.
pub fn score_samples(samples: &[Sample], together: bool) -> Vec<FileScore> {
    let cleaned: Vec<Cleaned> = if together {
        let raws: Vec<RawText> = samples.iter().map(|s| s.raw.clone()).collect();
        clean_corpus(&raws)
    } else {
        samples.iter().flat_map(|s| clean_corpus(std::slice::from_ref(&s.raw))).collect()
    };
    samples.iter().zip(&cleaned).map(|(s, c)| score_file(&s.name, c, &s.expected)).collect()
}

/// Scores one cleaned record against its expected record.
pub(crate) fn score_file(name: &str, got: &Cleaned, want: &Expected) -> FileScore {
    let got_paras: Vec<String> = got.body.iter().map(|p| normalise(p)).collect();
    let want_paras: Vec<String> = want.body.iter().map(|p| normalise(p)).collect();
    let got_tokens: Vec<&str> = got_paras.iter().flat_map(|p| p.split_whitespace()).collect();
    let want_tokens: Vec<&str> = want_paras.iter().flat_map(|p| p.split_whitespace()).collect();
    let (capr, cred) = figure_scores(got, want);
    FileScore {
        name: name.to_string(),
        token: Prf::from_counts(bag_overlap(&got_tokens, &want_tokens), got_tokens.len(), want_tokens.len()),
        paragraph: Prf::from_counts(bag_overlap(&got_paras, &want_paras), got_paras.len(), want_paras.len()),
        body_exact: got_paras == want_paras,
        title: opt_eq(&got.title, &want.title),
        source: opt_eq(&got.source, &want.source),
        published: got.published == want.published,
        retrieved: got.retrieved == want.retrieved,
        authors: got.authors == want.authors,
        caption_recall: capr,
        credit_accuracy: cred,
    }
}

fn opt_eq(a: &Option<String>, b: &Option<String>) -> bool {
    a.as_deref().map(normalise) == b.as_deref().map(normalise)
}

/// NFKC and collapsed whitespace.
pub(crate) fn normalise(s: &str) -> String {
    let n: String = s.nfkc().collect();
    n.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Size of the multiset intersection.
fn bag_overlap<T: AsRef<str>>(got: &[T], want: &[T]) -> usize {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for w in want {
        *counts.entry(w.as_ref()).or_insert(0) += 1;
    }
    let mut tp = 0;
    for g in got {
        if let Some(c) = counts.get_mut(g.as_ref()) {
            if *c > 0 {
                *c -= 1;
                tp += 1;
            }
        }
    }
    tp
}

/// Caption recall, and credit accuracy over the expected figures.
fn figure_scores(got: &Cleaned, want: &Expected) -> (f64, f64) {
    if want.figures.is_empty() {
        return (1.0, 1.0);
    }
    let mut captions = 0;
    let mut credits = 0;
    for f in &want.figures {
        let cap = f.caption.as_deref().map(normalise);
        let found = got.figures.iter().find(|g| g.caption.as_deref().map(normalise) == cap);
        if let Some(g) = found {
            captions += 1;
            if g.credit.as_deref().map(normalise) == f.credit.as_deref().map(normalise) {
                credits += 1;
            }
        }
    }
    let n = want.figures.len() as f64;
    (f64::from(captions) / n, f64::from(credits) / n)
}

/// Averages and counts over files.
pub fn summarise(scores: &[FileScore]) -> Summary {
    let n = scores.len().max(1) as f64;
    let mean = |f: &dyn Fn(&FileScore) -> f64| scores.iter().map(f).sum::<f64>() / n;
    let count = |f: &dyn Fn(&FileScore) -> bool| scores.iter().filter(|s| f(s)).count();
    Summary {
        files: scores.len(),
        token_f1: mean(&|s| s.token.f1),
        paragraph_f1: mean(&|s| s.paragraph.f1),
        body_exact: count(&|s| s.body_exact),
        title: count(&|s| s.title),
        source: count(&|s| s.source),
        published: count(&|s| s.published),
        retrieved: count(&|s| s.retrieved),
        authors: count(&|s| s.authors),
        caption_recall: mean(&|s| s.caption_recall),
        credit_accuracy: mean(&|s| s.credit_accuracy),
    }
}

/// The per-file table and the averages, as text.
pub fn table(scores: &[FileScore]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<42} {:>5} {:>5} {:>5} | {:>5} {:>5} {:>5} | body title src pub ret auth | cap  cred",
        "file", "tokP", "tokR", "tokF", "parP", "parR", "parF"
    );
    let mark = |b: bool| if b { "ok" } else { "--" };
    for s in scores {
        let _ = writeln!(
            out,
            "{:<42} {:>5.3} {:>5.3} {:>5.3} | {:>5.3} {:>5.3} {:>5.3} | {:>4} {:>5} {:>3} {:>3} {:>3} {:>4} | {:.2} {:.2}",
            truncate(&s.name, 42),
            s.token.p,
            s.token.r,
            s.token.f1,
            s.paragraph.p,
            s.paragraph.r,
            s.paragraph.f1,
            mark(s.body_exact),
            mark(s.title),
            mark(s.source),
            mark(s.published),
            mark(s.retrieved),
            mark(s.authors),
            s.caption_recall,
            s.credit_accuracy
        );
    }
    let m = summarise(scores);
    let _ = writeln!(
        out,
        "average: token F1 {:.4}, paragraph F1 {:.4}, body exact {}/{}, title {}/{}, source {}/{}, published {}/{}, retrieved {}/{}, authors {}/{}, caption recall {:.3}, credit accuracy {:.3}",
        m.token_f1, m.paragraph_f1, m.body_exact, m.files, m.title, m.files, m.source, m.files,
        m.published, m.files, m.retrieved, m.files, m.authors, m.files, m.caption_recall, m.credit_accuracy
    );
    out
}

fn truncate(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// Real pages: `ID.txt` with `ID.json` holding the human-marked `body`.
pub(crate) fn load_real(dir: &Path) -> Result<Vec<(RawText, String)>, String> {
    #[derive(Deserialize)]
    struct Truth {
        body: String,
    }
    let names = txt_stems(dir)?;
    let mut out = Vec::new();
    for name in names {
        let txt = dir.join(format!("{name}.txt"));
        let json = dir.join(format!("{name}.json"));
        let Ok(truth) = std::fs::read_to_string(&json) else {
            continue;
        };
        let truth: Truth = serde_json::from_str(&truth).map_err(|e| format!("{}: {e}", json.display()))?;
        let bytes = std::fs::read(&txt).map_err(|e| format!("{}: {e}", txt.display()))?;
        let (text, _) = crate::clean::decode(&bytes);
        out.push((RawText { name: txt.display().to_string(), text }, truth.body));
    }
    Ok(out)
}

/// Per-page shingle scores and the benchmark's overall figures.
#[derive(Debug, Clone, Default)]
pub struct ShingleReport {
    pub pages: Vec<(String, Prf)>,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

/// The article-extraction benchmark's measure: `\w+` tokens, multisets of
/// 4-token shingles, per-page TP/FP/FN normalised to sum to 1, precision
/// averaged over pages with output, recall over pages with truth.
pub fn shingle_benchmark(pages: &[(String, String, String)]) -> ShingleReport {
    let mut report = ShingleReport::default();
    let (mut p_sum, mut p_n, mut r_sum, mut r_n) = (0.0, 0usize, 0.0, 0usize);
    for (name, got, truth) in pages {
        let g = shingles(got);
        let t = shingles(truth);
        let tp = bag_overlap(&g, &t) as f64;
        let fp = g.len() as f64 - tp;
        let fn_ = t.len() as f64 - tp;
        let total = tp + fp + fn_;
        let (tp, fp, fn_) = if total > 0.0 { (tp / total, fp / total, fn_ / total) } else { (0.0, 0.0, 0.0) };
        let p = if tp + fp > 0.0 { tp / (tp + fp) } else { 0.0 };
        let r = if tp + fn_ > 0.0 { tp / (tp + fn_) } else { 0.0 };
        if !g.is_empty() {
            p_sum += p;
            p_n += 1;
        }
        if !t.is_empty() {
            r_sum += r;
            r_n += 1;
        }
        report.pages.push((name.clone(), Prf { p, r, f1: harmonic(p, r) }));
    }
    report.precision = if p_n > 0 { p_sum / p_n as f64 } else { 0.0 };
    report.recall = if r_n > 0 { r_sum / r_n as f64 } else { 0.0 };
    report.f1 = harmonic(report.precision, report.recall);
    report
}

/// Cleans the real pages as one folder and scores them.
pub fn score_real(dir: &Path) -> Result<ShingleReport, String> {
    let pages = load_real(dir)?;
    let raws: Vec<RawText> = pages.iter().map(|(r, _)| r.clone()).collect();
    let cleaned = clean_corpus(&raws);
    let triples: Vec<(String, String, String)> = pages
        .iter()
        .zip(&cleaned)
        .map(|((raw, truth), c)| {
            let name = Path::new(&raw.name).file_stem().and_then(|s| s.to_str()).unwrap_or("").to_string();
            (name, c.body.join("\n\n"), truth.clone())
        })
        .collect();
    Ok(shingle_benchmark(&triples))
}

/// `\w+` tokens (letters, marks, digits, underscore), lower-cased.
fn word_tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty()).map(str::to_string).collect()
}

fn shingles(text: &str) -> Vec<String> {
    let tokens = word_tokens(text);
    tokens.windows(4).map(|w| w.join(" ")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shingle_scores() {
        let same = "one two three four five".to_string();
        let r = shingle_benchmark(&[("a".into(), same.clone(), same)]);
        assert!((r.f1 - 1.0).abs() < 1e-9);
        let r = shingle_benchmark(&[("a".into(), String::new(), "one two three four".into())]);
        assert_eq!(r.recall, 0.0);
    }

    #[test]
    fn normalising() {
        assert_eq!(normalise(" a\u{00A0} b "), "a b");
        assert_eq!(normalise("ﬁ"), "fi");
    }
}
