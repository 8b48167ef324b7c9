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

use broadsheet::clean_eval::quality::shingle_benchmark;
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
    for max_link_density in [0.3, 0.5, 0.7] {
        for min_words_back in [8, 12, 1000] {
            for max_date_words in [0, 12, 16] {
                for max_label_words in [0, 4] {
                    for drop_repeated in [false, true] {
                        out.push(Params {
                            max_link_density,
                            min_words_back,
                            max_date_words,
                            max_label_words,
                            drop_repeated,
                        });
                    }
                }
            }
        }
    }
    out
}

/// One page cleaned with one setting: its shingle precision and recall
/// (as the benchmark counts them) and whether the title was exact.
#[derive(Clone, Copy)]
struct PageScore {
    p: f64,
    r: f64,
    has_output: bool,
    has_truth: bool,
    title: Option<bool>,
}

fn page_score(s: &Sample, extractor: Extractor, params: &Params) -> PageScore {
    let page = html::clean_with(&s.html, Some(&s.truth.url), extractor, params);
    let got = page.article.body.join("\n\n");
    let r = shingle_benchmark(&[(s.name.clone(), got.clone(), s.truth.body.clone())]);
    let p = r.pages[0].1;
    PageScore {
        p: p.p,
        r: p.r,
        // The benchmark averages precision over pages with output (four
        // tokens or more) and recall over pages with truth.
        has_output: got.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty()).count() >= 4,
        has_truth: true,
        title: s.truth.title.as_ref().map(|t| page.article.title.as_deref().map(str::trim) == Some(t.trim())),
    }
}

/// (F1, precision, recall, exact titles) of a set of page scores.
fn combine<'a>(scores: impl Iterator<Item = &'a PageScore>) -> (f64, f64, f64, f64) {
    let (mut ps, mut pn, mut rs, mut rn, mut titled, mut exact) = (0.0, 0, 0.0, 0, 0, 0);
    for s in scores {
        if s.has_output {
            ps += s.p;
            pn += 1;
        }
        if s.has_truth {
            rs += s.r;
            rn += 1;
        }
        if let Some(t) = s.title {
            titled += 1;
            exact += usize::from(t);
        }
    }
    let p = if pn > 0 { ps / pn as f64 } else { 0.0 };
    let r = if rn > 0 { rs / rn as f64 } else { 0.0 };
    let f1 = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
    (f1, p, r, exact as f64 / titled.max(1) as f64)
}

/// Leave-one-site-out: each site's pages scored with the setting that did
/// best on all other sites' pages.
fn loso(samples: &[Sample], extractor: Extractor) -> (f64, f64, f64, f64) {
    let grid = grid();
    // table[g][i]: page i cleaned with setting g.
    let table: Vec<Vec<PageScore>> =
        grid.iter().map(|g| samples.iter().map(|s| page_score(s, extractor, g)).collect()).collect();
    let sites: BTreeSet<&str> = samples.iter().map(|s| s.site.as_str()).collect();
    let mut held_out = vec![None; samples.len()];
    for site in sites {
        let train =
            |row: &Vec<PageScore>| combine(row.iter().zip(samples).filter(|(_, s)| s.site != site).map(|(p, _)| p)).0;
        let mut best = 0;
        for g in 1..grid.len() {
            if train(&table[g]) > train(&table[best]) {
                best = g;
            }
        }
        for (i, s) in samples.iter().enumerate() {
            if s.site == site {
                held_out[i] = Some(table[best][i]);
            }
        }
    }
    combine(held_out.iter().flatten())
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
        // Readability alone has no setting of ours to tune: its
        // cross-validated figure is its in-sample one.
        let (lf1, lp, lr, lt) =
            if std::env::var_os("HTML_QUALITY_NO_LOSO").is_some() || extractor == Extractor::Readability {
                (f1, p, r, t)
            } else {
                loso(&samples, extractor)
            };
        println!("| {label} | {f1:.3} ({p:.3} / {r:.3}) | {lf1:.3} ({lp:.3} / {lr:.3}) | {t:.3} / {lt:.3} |");
        if verbose {
            for (n, f) in pages.iter().filter(|(_, f)| *f < 0.9) {
                println!("    {} {:.3}", &n[..12], f);
            }
        }
    }
    // Speed on one core: CPU time of this thread where Linux reports it
    // (a loaded machine stretches wall time), wall time elsewhere.
    let bytes: usize = samples.iter().map(|s| s.html.len()).sum();
    let rounds = 3;
    let (start, cpu_start) = (Instant::now(), thread_cpu_seconds());
    for _ in 0..rounds {
        for s in &samples {
            std::hint::black_box(html::clean(&s.html, Some(&s.truth.url)));
        }
    }
    let wall = start.elapsed().as_secs_f64();
    let (secs, clock) = match (cpu_start, thread_cpu_seconds()) {
        (Some(a), Some(b)) if b > a => (b - a, "CPU"),
        _ => (wall, "wall"),
    };
    let mb = (bytes * rounds) as f64 / 1e6;
    println!(
        "speed: {mb:.1} MB of HTML in {secs:.2} s {clock} time on one core = {:.1} MB/s (wall {wall:.2} s)",
        mb / secs
    );
    Ok(())
}

/// User + system CPU seconds of the calling thread (Linux `/proc`).
fn thread_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the command name, which is in parentheses.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // utime and stime are fields 14 and 15 of the line: 12 and 13 here.
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}
