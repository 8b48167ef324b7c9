//! Quality of the HTML front-end on saved real pages.
//!
//! `cargo run --release --example html_quality [DIR]` reads `ID.html` with
//! `ID.json` (`url`, `title`, `body`) from DIR (default
//! `../shared/samples/real`) and prints, for readability (dom_smoothie)
//! alone and for Broadsheet's front-end: the benchmark's 4-word shingle
//! F1 and the share of exact titles, in-sample and by leave-one-site-out
//! cross-validation (the thresholds of `html::Params` picked from a small
//! grid on the other sites' pages, scored on the held-out site's). The
//! pages are read at run time; none is kept in the repository.
#![allow(clippy::print_stdout)]

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Instant;

use broadsheet::clean::quality::shingle_benchmark;
use broadsheet::html::{self, Extractor, Params};
use serde::Deserialize;

#[derive(Deserialize)]
struct Truth {
    url: String,
    title: Option<String>,
    body: String,
}

struct Sample {
    name: String,
    site: String,
    html: String,
    truth: Truth,
}

fn host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    host.strip_prefix("www.").unwrap_or(host).to_string()
}

fn load(dir: &PathBuf) -> Result<Vec<Sample>, String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(|e| e.ok()?.file_name().to_str()?.strip_suffix(".html").map(str::to_string))
        .collect();
    names.sort();
    let mut out = Vec::new();
    for name in names {
        let json = dir.join(format!("{name}.json"));
        let Ok(text) = std::fs::read_to_string(&json) else { continue };
        let truth: Truth = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", json.display()))?;
        let bytes = std::fs::read(dir.join(format!("{name}.html"))).map_err(|e| e.to_string())?;
        let (html, _) = html::charset::decode(&bytes, None);
        out.push(Sample { name, site: host(&truth.url), html, truth });
    }
    Ok(out)
}

/// (shingle F1, precision, recall, exact titles) over `samples`.
fn score(samples: &[&Sample], extractor: Extractor, params: &Params) -> (f64, f64, f64, f64, Vec<(String, f64)>) {
    let mut triples = Vec::new();
    let (mut titled, mut exact) = (0, 0);
    for s in samples {
        let page = html::clean_with(&s.html, Some(&s.truth.url), extractor, params);
        let a = &page.article;
        triples.push((s.name.clone(), a.body.join("\n\n"), s.truth.body.clone()));
        if let Some(want) = &s.truth.title {
            titled += 1;
            exact += usize::from(a.title.as_deref().map(str::trim) == Some(want.trim()));
        }
    }
    let r = shingle_benchmark(&triples);
    let pages = r.pages.iter().map(|(n, p)| (n.clone(), p.f1)).collect();
    (r.f1, r.precision, r.recall, exact as f64 / titled.max(1) as f64, pages)
}

fn grid() -> Vec<Params> {
    let mut out = Vec::new();
    for d in [0.3, 0.4, 0.5, 0.6, 0.7] {
        for w in [6, 9, 12, 16, 20, 1000] {
            out.push(Params { max_link_density: d, min_words_back: w });
        }
    }
    out
}

/// Leave-one-site-out: each site's pages scored with the parameters that
/// did best on all other sites. Returns the held-out pages' outputs scored
/// together.
fn loso(samples: &[Sample], extractor: Extractor) -> (f64, f64, f64, f64) {
    let sites: BTreeSet<&str> = samples.iter().map(|s| s.site.as_str()).collect();
    let grid = grid();
    let mut triples = Vec::new();
    let (mut titled, mut exact) = (0, 0);
    for site in sites {
        let train: Vec<&Sample> = samples.iter().filter(|s| s.site != site).collect();
        let best = grid
            .iter()
            .map(|p| (score(&train, extractor, p).0, *p))
            .fold(None::<(f64, Params)>, |acc, x| match acc {
                Some(a) if a.0 >= x.0 => Some(a),
                _ => Some(x),
            })
            .map_or_else(Params::default, |b| b.1);
        for s in samples.iter().filter(|s| s.site == site) {
            let page = html::clean_with(&s.html, Some(&s.truth.url), extractor, &best);
            triples.push((s.name.clone(), page.article.body.join("\n\n"), s.truth.body.clone()));
            if let Some(want) = &s.truth.title {
                titled += 1;
                exact += usize::from(page.article.title.as_deref().map(str::trim) == Some(want.trim()));
            }
        }
    }
    let r = shingle_benchmark(&triples);
    (r.f1, r.precision, r.recall, exact as f64 / titled.max(1) as f64)
}

fn main() -> Result<(), String> {
    let dir = std::env::args().nth(1).map_or_else(|| PathBuf::from("../shared/samples/real"), PathBuf::from);
    let samples = load(&dir)?;
    let sites: BTreeSet<&str> = samples.iter().map(|s| s.site.as_str()).collect();
    println!("{} pages from {} sites in {}", samples.len(), sites.len(), dir.display());
    let all: Vec<&Sample> = samples.iter().collect();
    let verbose = std::env::var_os("HTML_QUALITY_VERBOSE").is_some();
    println!("| extractor | shingle F1 (P / R) in-sample | F1 (P / R) leave-one-site-out | title exact in / out |");
    println!("|---|---|---|---|");
    for (label, extractor) in
        [("readability (dom_smoothie) alone", Extractor::Readability), ("Broadsheet", Extractor::Broadsheet)]
    {
        let (f1, p, r, t, pages) = score(&all, extractor, &Params::default());
        let (lf1, lp, lr, lt) =
            if std::env::var_os("HTML_QUALITY_NO_LOSO").is_some() { (f1, p, r, t) } else { loso(&samples, extractor) };
        println!("| {label} | {f1:.3} ({p:.3} / {r:.3}) | {lf1:.3} ({lp:.3} / {lr:.3}) | {t:.3} / {lt:.3} |");
        if verbose {
            for (n, f) in pages.iter().filter(|(_, f)| *f < 0.9) {
                println!("    {} {:.3}", &n[..12], f);
            }
        }
    }
    let bytes: usize = samples.iter().map(|s| s.html.len()).sum();
    let start = Instant::now();
    for s in &samples {
        std::hint::black_box(html::clean(&s.html, Some(&s.truth.url)));
    }
    let secs = start.elapsed().as_secs_f64();
    println!(
        "speed: {:.1} MB of HTML in {secs:.2} s on one core = {:.1} MB/s",
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / secs
    );
    Ok(())
}
