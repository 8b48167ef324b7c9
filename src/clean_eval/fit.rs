//! Fitting the story model on labelled pages: a block is story when it is
//! a paragraph of the page's true body; logistic regression (Newton's
//! method, L2 penalty) weighs the features so that each page counts the
//! same and, within a page, each line by its words (as the benchmark's
//! shingle F1 does); the decoder's gap cost is then the one of a small
//! grid that scores best on the training pages. Deterministic: fixed
//! iteration counts, no sampling.

use std::fmt::Write as _;

use super::labelled::{Page, Set};
use super::quality;
use crate::clean::features::{self, Features, N, NAMES};
use crate::clean::headline::{self, Candidate, TitleParams, TN};
use crate::clean::model::{self, Params, State};
use crate::clean::{article, blocks, clean_corpus_with, per_file, Cleaned, RawText};

/// One page ready for fitting.
#[derive(Debug, Clone, Default)]
pub struct TrainPage {
    pub features: Vec<Features>,
    pub labels: Vec<bool>,
    /// Each line's weight; a page's weights sum to 1.
    pub weights: Vec<f64>,
    /// Which lines are the true headline.
    pub title_labels: Vec<bool>,
    lines: Vec<blocks::Line>,
    candidates: Vec<Candidate>,
}

/// `\w+` tokens, lower-cased.
fn tokens(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// Which of a page's lines are story. Written pages: the line is one of
/// the expected paragraphs. Real pages (one human-marked body, its
/// paragraphs not always split as the dump's lines): the line's tokens
/// occur in the true body, and a line of fewer than four tokens must be a
/// whole paragraph of it.
pub(crate) fn labels(lines: &[String], page: &Page) -> Vec<bool> {
    if page.set == Set::Raw {
        let want: Vec<String> = page.paragraphs.iter().map(|p| quality::normalise(p)).collect();
        return lines.iter().map(|l| want.contains(&quality::normalise(l))).collect();
    }
    let body = format!(" {} ", tokens(&page.body()).join(" "));
    let paragraphs: Vec<String> = page.paragraphs.iter().map(|p| tokens(p).join(" ")).collect();
    lines
        .iter()
        .map(|l| {
            let t = tokens(l);
            if t.is_empty() {
                return false;
            }
            let joined = t.join(" ");
            if t.len() < 4 {
                paragraphs.contains(&joined)
            } else {
                body.contains(&format!(" {joined} "))
            }
        })
        .collect()
}

/// One file's evidence, as `clean_corpus` computes it.
#[derive(Debug, Clone, Default)]
struct FileEvidence {
    lines: Vec<blocks::Line>,
    features: Vec<Features>,
    candidates: Vec<Candidate>,
}

/// Each file's lines, their features and headline candidates.
fn corpus_features(inputs: &[RawText]) -> Vec<FileEvidence> {
    per_file(inputs, |lines, repeated| {
        let a = article::analyse(lines, repeated);
        FileEvidence { features: features::compute(&a), candidates: headline::candidates(&a), lines: a.lines }
    })
    .into_iter()
    .map(|(x, _)| x.unwrap_or_default())
    .collect()
}

/// A page's evidence and labels as training data.
fn train_page(e: FileEvidence, page: &Page) -> TrainPage {
    let texts: Vec<String> = e.lines.iter().map(|l| l.text.clone()).collect();
    let labels = labels(&texts, page);
    let sizes: Vec<f64> = texts.iter().map(|l| 1.0 + tokens(l).len() as f64).collect();
    let total: f64 = sizes.iter().sum::<f64>().max(1.0);
    let title = page.title.as_deref().map(quality::normalise);
    let title_labels = texts.iter().map(|t| title.as_deref() == Some(quality::normalise(t).as_str())).collect();
    TrainPage {
        features: e.features,
        labels,
        weights: sizes.iter().map(|s| s / total).collect(),
        title_labels,
        lines: e.lines,
        candidates: e.candidates,
    }
}

/// The sponsored-block signal's weight, set by hand: no labelled page has
/// such a block (the fit would leave it at 0), and one inside a story must
/// be a gap however much it reads like prose. `tests/clean_shapes.rs`
/// checks it on an invented page.
const SPONSORED_WEIGHT: f32 = -10.0;

/// The summary signal's weight, set by hand: a "Key points" summary
/// repeats the story in brief and is never part of it, and only one
/// labelled site has one (a fitted weight would be learnt from that site
/// alone, and cross-validation would see it only where it was learnt).
const SUMMARY_WEIGHT: f32 = -10.0;

/// The L2 penalty, per page of training data.
const L2: f64 = 0.002;
/// Newton steps: the loss is smooth and convex; a dozen is plenty.
const STEPS: usize = 12;
/// Gap costs the decoder is tried with.
const GAP_COSTS: [f32; 7] = [0.0, 0.1, 0.2, 0.35, 0.5, 0.8, 1.2];

/// Fits the parameters on `pages`: the story scorer, the decoder's gap
/// cost, then the headline scorer on the candidates the story leaves.
pub fn fit(pages: &[&TrainPage]) -> Params {
    let rows: Vec<Row<{ N + 1 }>> = pages
        .iter()
        .flat_map(|p| p.features.iter().zip(&p.labels).zip(&p.weights).map(|((f, &y), &c)| (extend(f), y, c)))
        .collect();
    let w = logistic(&rows, L2 * pages.len() as f64);
    let title = TitleParams { bias: 0.0, weights: [0.0; TN] };
    let mut params = Params { bias: w[N] as f32, weights: [0.0; N], gap_cost: 0.0, title };
    for a in 0..N {
        params.weights[a] = w[a] as f32;
    }
    params.weights[features::SPONSORED] = SPONSORED_WEIGHT;
    params.weights[features::SUMMARY] = SUMMARY_WEIGHT;
    let mut best = (f64::NEG_INFINITY, 0.0);
    for g in GAP_COSTS {
        params.gap_cost = g;
        let s = pages.iter().map(|p| decoded_f1(&params, p)).sum::<f64>();
        if s > best.0 + 1e-9 {
            best = (s, g);
        }
    }
    params.gap_cost = best.1;
    params.title = fit_title(pages, &params);
    params
}

/// One weighted example: features (bias last), label, weight.
type Row<const D: usize> = ([f64; D], bool, f64);

/// The headline scorer, fitted as a choice: on each page whose true
/// headline is among the candidates, the softmax of the candidates'
/// scores should put its weight on the true ones (conditional logit,
/// Newton's method, L2 penalty). Comparing a page's candidates with each
/// other, rather than scoring each against all pages' lines, is what the
/// chooser does; the penalty keeps two dozen weights from learning 70
/// pages by heart (measured by leave-one-site-out, `clean_quality`).
fn fit_title(pages: &[&TrainPage], story: &Params) -> TitleParams {
    let mut choices: Vec<(Vec<[f64; TN]>, Vec<bool>)> = Vec::new();
    for p in pages {
        let logits: Vec<f32> = p.features.iter().map(|f| model::logit(story, f)).collect();
        let states = model::decode(story, &logits);
        let scored = headline::scored_candidates(&p.lines, &p.candidates, &states);
        if !scored.iter().any(|(i, _)| p.title_labels[*i]) {
            continue;
        }
        let xs = scored.iter().map(|(_, f)| f.map(f64::from)).collect();
        choices.push((xs, scored.iter().map(|(i, _)| p.title_labels[*i]).collect()));
    }
    let w = choice_logit(&choices, TITLE_L2 * choices.len() as f64);
    TitleParams { bias: 0.0, weights: w.map(|x| x as f32) }
}

/// The headline scorer's L2 penalty, per page: the middle of 0.005, 0.01,
/// 0.02 and 0.05, which all gave 56–58 of 63 leave-one-site-out titles.
const TITLE_L2: f64 = 0.01;

/// Conditional-logit regression by Newton's method: each choice's target
/// is the uniform share over its true options.
fn choice_logit<const D: usize>(choices: &[(Vec<[f64; D]>, Vec<bool>)], lambda: f64) -> [f64; D] {
    let mut w = [0f64; D];
    for _ in 0..STEPS {
        let mut grad = [0f64; D];
        let mut hess = vec![[0f64; D]; D];
        for (xs, ys) in choices {
            let z: Vec<f64> = xs.iter().map(|x| w.iter().zip(x).map(|(a, b)| a * b).sum()).collect();
            let top = z.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let e: Vec<f64> = z.iter().map(|v| (v - top).exp()).collect();
            let total: f64 = e.iter().sum();
            let trues = ys.iter().filter(|y| **y).count() as f64;
            let mut mean = [0f64; D];
            for (x, ek) in xs.iter().zip(&e) {
                for a in 0..D {
                    mean[a] += ek / total * x[a];
                }
            }
            for a in 0..D {
                grad[a] += mean[a];
            }
            for ((x, ek), y) in xs.iter().zip(&e).zip(ys) {
                let q = ek / total;
                let t = if *y { 1.0 / trues } else { 0.0 };
                for a in 0..D {
                    grad[a] -= t * x[a];
                    let da = x[a] - mean[a];
                    if da == 0.0 {
                        continue;
                    }
                    for b in a..D {
                        hess[a][b] += q * da * (x[b] - mean[b]);
                    }
                }
            }
        }
        for a in 0..D {
            for b in 0..a {
                hess[a][b] = hess[b][a];
            }
            grad[a] += lambda * w[a];
            hess[a][a] += lambda + 1e-9;
        }
        let step = solve(hess, grad);
        for a in 0..D {
            w[a] -= step[a];
        }
    }
    w
}

/// Weighted L2-penalised logistic regression by Newton's method; the last
/// feature is the (unpenalised) bias.
fn logistic<const D: usize>(rows: &[Row<D>], lambda: f64) -> [f64; D] {
    let mut w = [0f64; D];
    for _ in 0..STEPS {
        let mut grad = [0f64; D];
        let mut hess = vec![[0f64; D]; D];
        for (x, y, c) in rows {
            let z: f64 = w.iter().zip(x).map(|(a, b)| a * b).sum();
            let q = 1.0 / (1.0 + (-z).exp());
            let r = c * (q - f64::from(u8::from(*y)));
            let s = c * q * (1.0 - q);
            for a in 0..D {
                if x[a] == 0.0 {
                    continue;
                }
                grad[a] += r * x[a];
                let sa = s * x[a];
                for b in a..D {
                    hess[a][b] += sa * x[b];
                }
            }
        }
        for a in 0..D {
            for b in 0..a {
                hess[a][b] = hess[b][a];
            }
            if a + 1 < D {
                grad[a] += lambda * w[a];
                hess[a][a] += lambda;
            }
            hess[a][a] += 1e-9;
        }
        let step = solve(hess, grad);
        for a in 0..D {
            w[a] -= step[a];
        }
    }
    w
}

fn extend(f: &Features) -> [f64; N + 1] {
    let mut x = [1f64; N + 1];
    for a in 0..N {
        x[a] = f64::from(f[a]);
    }
    x
}

/// The weighted F1 of the decoded story lines against the labels.
fn decoded_f1(p: &Params, page: &TrainPage) -> f64 {
    let logits: Vec<f32> = page.features.iter().map(|f| model::logit(p, f)).collect();
    let states = model::decode(p, &logits);
    let (mut tp, mut got, mut want) = (0.0, 0.0, 0.0);
    for ((s, &y), &c) in states.iter().zip(&page.labels).zip(&page.weights) {
        let kept = *s == State::Story;
        if kept {
            got += c;
        }
        if y {
            want += c;
        }
        if kept && y {
            tp += c;
        }
    }
    if want == 0.0 {
        return f64::from(u8::from(got == 0.0));
    }
    2.0 * tp / (got + want)
}

/// The headline candidates of a page as `params` score them, best first:
/// score, line, whether it is the true headline, features, text.
pub fn explain_titles(page: &TrainPage, params: &Params) -> String {
    let logits: Vec<f32> = page.features.iter().map(|f| model::logit(params, f)).collect();
    let states = model::decode(params, &logits);
    let mut scored: Vec<(f32, usize, [f32; TN])> = headline::scored_candidates(&page.lines, &page.candidates, &states)
        .into_iter()
        .map(|(i, f)| (headline::logit(&params.title, &f), i, f))
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0));
    let mut out = String::new();
    let start = states.iter().position(|s| *s == State::Story).unwrap_or(0);
    let _ = writeln!(out, "  story starts at line {}", page.lines.get(start).map_or(0, |l| l.number));
    for (z, i, f) in scored.iter().take(8) {
        let mark = if page.title_labels[*i] { "*" } else { " " };
        let fs: Vec<String> = f.iter().map(|x| format!("{x:.2}")).collect();
        let text: String = page.lines[*i].text.chars().take(70).collect();
        let _ = writeln!(out, "  {mark}{z:+6.2} L{:<4} [{}] {text}", page.lines[*i].number, fs.join(" "));
    }
    out
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting.
fn solve<const D: usize>(mut a: Vec<[f64; D]>, mut b: [f64; D]) -> [f64; D] {
    for col in 0..D {
        let pivot = (col..D).fold(col, |m, r| if a[r][col].abs() > a[m][col].abs() { r } else { m });
        a.swap(col, pivot);
        b.swap(col, pivot);
        let d = a[col][col];
        if d.abs() < 1e-12 {
            continue;
        }
        for r in col + 1..D {
            let k = a[r][col] / d;
            if k == 0.0 {
                continue;
            }
            for c in col..D {
                a[r][c] -= k * a[col][c];
            }
            b[r] -= k * b[col];
        }
    }
    let mut x = [0f64; D];
    for r in (0..D).rev() {
        let s: f64 = (r + 1..D).map(|c| a[r][c] * x[c]).sum();
        x[r] = if a[r][r].abs() < 1e-12 { 0.0 } else { (b[r] - s) / a[r][r] };
    }
    x
}

/// Indices of the pages of each set: each set is cleaned as one folder,
/// so that a site's repeated lines count, as an editor's folder would.
fn folders(pages: &[Page]) -> Vec<Vec<usize>> {
    [Set::Real, Set::Raw]
        .iter()
        .map(|&set| (0..pages.len()).filter(|&i| pages[i].set == set).collect::<Vec<_>>())
        .filter(|v| !v.is_empty())
        .collect()
}

/// Every page's training data, in page order.
pub fn training_set(pages: &[Page]) -> Vec<TrainPage> {
    let mut out: Vec<Option<TrainPage>> = vec![None; pages.len()];
    for folder in folders(pages) {
        let raws: Vec<RawText> = folder.iter().map(|&i| pages[i].raw.clone()).collect();
        for (&i, e) in folder.iter().zip(corpus_features(&raws)) {
            out[i] = Some(train_page(e, &pages[i]));
        }
    }
    out.into_iter().map(Option::unwrap_or_default).collect()
}

/// Every page cleaned with `params`, each set as one folder.
pub fn clean_pages(pages: &[Page], params: &Params) -> Vec<Cleaned> {
    let mut out: Vec<Cleaned> = vec![Cleaned::default(); pages.len()];
    for folder in folders(pages) {
        let raws: Vec<RawText> = folder.iter().map(|&i| pages[i].raw.clone()).collect();
        for (&i, c) in folder.iter().zip(clean_corpus_with(&raws, params)) {
            out[i] = c;
        }
    }
    out
}

/// The parameters as the Rust source of `src/clean/params.rs`.
pub fn rust_source(p: &Params, provenance: &str) -> String {
    let mut out = String::new();
    out.push_str("//! Generated by `cargo run --release --example fit_cleaner`: do not edit.\n");
    let _ = writeln!(out, "//! Fitted on {provenance}.");
    out.push_str(
        "\nuse crate::clean::headline::TitleParams;\nuse crate::clean::model::Params;\n\n#[rustfmt::skip]\npub(super) const FITTED: Params = Params {\n",
    );
    let _ = writeln!(out, "    bias: {:?},", p.bias);
    out.push_str("    weights: [\n");
    for (w, name) in p.weights.iter().zip(NAMES) {
        let _ = writeln!(out, "        {w:?}, // {name}");
    }
    out.push_str("    ],\n");
    let _ = writeln!(out, "    gap_cost: {:?},", p.gap_cost);
    out.push_str("    title: TitleParams {\n");
    let _ = writeln!(out, "        bias: {:?},", p.title.bias);
    out.push_str("        weights: [\n");
    for (w, name) in p.title.weights.iter().zip(headline::NAMES) {
        let _ = writeln!(out, "            {w:?}, // {name}");
    }
    out.push_str("        ],\n    },\n};\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solves() {
        let a = vec![[2.0, 1.0], [1.0, 3.0]];
        let x = solve(a, [3.0, 5.0]);
        assert!((x[0] - 0.8).abs() < 1e-9 && (x[1] - 1.4).abs() < 1e-9);
    }
}
