//! Cleaner throughput on the build benchmark's raw corpus.
//!
//! `cargo run --release --example clean_bench [ARTICLES] [RUNS]` generates
//! ARTICLES (default 10,000) raw dumps with the benchmark's own generator
//! (`benches/corpus/raw.rs`, deterministic), cleans them as one corpus
//! RUNS times (default 5) and prints the median CPU time per pass (user +
//! system, every thread) as MB per CPU-second: the per-core rate, even
//! when other work shares the machine.
//!
//! `CLEAN_BENCH_ALONE=1` cleans each dump as a folder of its own, one
//! after another: the rate without the lines a folder's dumps share
//! (74% of this corpus's lines repeat a text seen before).
//!
//! `CLEAN_BENCH_DUMP=FILE` also writes every record (with each line's
//! decision and reason) as JSON, to check that a speed change leaves the
//! output alone (`cmp` two dumps).
#![allow(clippy::print_stdout)]

// The benchmark's corpus generator; its site-writing half is unused here.
#[allow(dead_code)]
#[path = "../benches/corpus/mod.rs"]
mod corpus;

use std::time::Instant;

use broadsheet::clean::{clean_corpus, RawText};

// The cleaner measured as `broadsheet build` runs it: with the command's
// allocator and, below, transparent huge pages off (see src/main.rs).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    #[cfg(any(target_os = "linux", target_os = "android"))]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
    let mut args = std::env::args().skip(1);
    let count: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let runs: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5).max(1);
    let dumps: Vec<corpus::raw::Dump> = (0..count).map(corpus::raw::dump).collect();
    let corpus: Vec<RawText> = dumps.iter().map(|d| RawText { name: d.name.clone(), text: d.text.clone() }).collect();
    let bytes: usize = corpus.iter().map(|r| r.text.len()).sum();
    // Each dump cleaned as a folder of its own: no line text is shared
    // with another dump, so none is measured once for many.
    let alone = std::env::var_os("CLEAN_BENCH_ALONE").is_some();
    let mut cpus = Vec::new();
    let mut walls = Vec::new();
    let mut last = Vec::new();
    for _ in 0..runs {
        let cpu0 = process_cpu_seconds();
        let start = Instant::now();
        let out = if alone {
            corpus.iter().flat_map(|r| clean_corpus(std::hint::black_box(std::slice::from_ref(r)))).collect()
        } else {
            clean_corpus(std::hint::black_box(&corpus))
        };
        walls.push(start.elapsed().as_secs_f64());
        if let Some(c) = process_cpu_seconds().zip(cpu0).map(|(b, a)| b - a) {
            cpus.push(c);
        }
        last = out;
    }
    let mb = bytes as f64 / 1e6;
    let expected: usize = dumps.iter().map(|d| d.body.len()).sum();
    let kept: usize = dumps.iter().zip(&last).map(|(d, c)| c.body.iter().filter(|p| d.body.contains(p)).count()).sum();
    let paragraphs: usize = last.iter().map(|c| c.body.len()).sum();
    println!(
        "{count} dumps, {mb:.1} MB, {runs} runs; body: {kept} of {expected} story paragraphs kept, {} other lines",
        paragraphs - kept
    );
    println!("wall per pass, median: {:.3} s ({:.1} MB/s)", median(&mut walls), mb / median(&mut walls));
    if !cpus.is_empty() {
        let cpu = median(&mut cpus);
        println!("CPU per pass, median: {cpu:.3} s = {:.1} MB per CPU-second", mb / cpu);
    }
    if let Some(path) = std::env::var_os("CLEAN_BENCH_DUMP") {
        let json = serde_json::to_string(&last).expect("records serialise");
        std::fs::write(&path, json).expect("dump written");
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// User + system CPU time of the process (every thread: the cleaner runs
/// on rayon's pool), from /proc (Linux).
fn process_cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = after.split_whitespace().collect();
    // Fields 14 and 15 of stat (utime, stime) are 11 and 12 after the name.
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    // Clock ticks are 1/100 s on Linux.
    Some((utime + stime) / 100.0)
}
