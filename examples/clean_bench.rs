//! Cleaner throughput on a synthetic corpus.
//!
//! `cargo run --release --example clean_bench [ARTICLES]` generates ARTICLES
//! (default 10,000) raw dumps deterministically from site templates in code,
//! cleans them as one corpus (in parallel over files), and prints articles per second
//! and MB/s.
#![allow(clippy::print_stdout)]

use std::time::Instant;

use broadsheet::clean::{clean_corpus, RawText};

/// A small deterministic generator (xorshift64*), so runs are comparable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }
}

const SUBJECTS: &[&str] = &[
    "The ministry",
    "Officials",
    "The company",
    "Analysts",
    "The council",
    "Residents",
    "The regulator",
    "Investors",
    "The mayor",
    "Researchers",
    "The court",
    "Farmers",
];
const VERBS: &[&str] = &[
    "said on Tuesday that",
    "warned that",
    "expect that",
    "reported that",
    "argued that",
    "confirmed that",
    "denied that",
    "estimated that",
];
const CLAUSES: &[&str] = &[
    "the new rules would take effect next month",
    "prices had risen faster than wages for a second year",
    "the talks could resume before the end of the year",
    "repairs to the bridge would take at least six weeks",
    "the harvest was smaller than initially forecast",
    "demand for the service had doubled since the spring",
    "the plan would be reviewed by an independent panel",
    "no decision had been taken on the future of the site",
];
const HEADLINE_WORDS: &[&str] = &[
    "Council", "approves", "budget", "after", "long", "debate", "over", "new", "harbour", "plan", "prices", "rise",
    "as", "storm", "hits", "coast", "talks", "resume", "in", "capital",
];

struct Site {
    header: Vec<String>,
    footer: Vec<String>,
}

fn sites() -> Vec<Site> {
    (0..5)
        .map(|s| Site {
            header: vec![
                "Skip to main content".into(),
                "Sign in".into(),
                format!("Site Number {s} Gazette"),
                "Home".into(),
                "World".into(),
                "Business".into(),
                "Opinion".into(),
            ],
            footer: vec![
                "Related".into(),
                format!("Another story from site {s} about the weather"),
                "Share on Facebook".into(),
                format!("© 2025 Site Number {s} Gazette Ltd. All rights reserved."),
            ],
        })
        .collect()
}

fn article(rng: &mut Rng, site: &Site, n: usize) -> String {
    let mut lines: Vec<String> = site.header.clone();
    lines.push(format!("Monday, March {}, 2025", 1 + n % 28));
    let words = rng.range(6, 12);
    let title: Vec<&str> = (0..words).map(|_| rng.pick(HEADLINE_WORDS)).collect();
    lines.push(format!("{} {n}", title.join(" ")));
    lines.push("By Jane Example and John Sample".into());
    lines.push(format!("Published Mar {} 2025 09.{:02} GMT", 1 + n % 28, n % 60));
    for p in 0..rng.range(8, 16) {
        let sentences: Vec<String> = (0..rng.range(2, 4))
            .map(|_| format!("{} {} {}.", rng.pick(SUBJECTS), rng.pick(VERBS), rng.pick(CLAUSES)))
            .collect();
        lines.push(sentences.join(" "));
        if p == 3 {
            lines.push("Advertisement".into());
        }
        if p == 5 {
            lines.push("A view of the harbour at dawn [File: Jo Example/Agency]".into());
        }
    }
    lines.extend(site.footer.iter().cloned());
    lines.join("\n\n")
}

fn main() {
    let count: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let sites = sites();
    let corpus: Vec<RawText> = (0..count)
        .map(|n| RawText { name: format!("synthetic-{n}.txt"), text: article(&mut rng, &sites[n % sites.len()], n) })
        .collect();
    let bytes: usize = corpus.iter().map(|r| r.text.len()).sum();
    let start = Instant::now();
    let cpu_start = process_cpu_seconds();
    let cleaned = clean_corpus(&corpus);
    let secs = start.elapsed().as_secs_f64();
    let cpu = process_cpu_seconds().zip(cpu_start).map(|(b, a)| b - a);
    let paragraphs: usize = cleaned.iter().map(|c| c.body.len()).sum();
    println!("cleaned {count} articles ({:.1} MB, {paragraphs} body paragraphs) in {secs:.2} s", bytes as f64 / 1e6);
    println!("{:.0} articles/s, {:.1} MB/s (wall clock)", count as f64 / secs, bytes as f64 / 1e6 / secs);
    // CPU time of the process (all its threads): the per-core rate even when other work
    // shares the machine.
    if let Some(cpu) = cpu.filter(|&c| c > 0.0) {
        println!(
            "{:.0} articles/s, {:.1} MB/s per core (process CPU time {cpu:.2} s)",
            count as f64 / cpu,
            bytes as f64 / 1e6 / cpu
        );
    }
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
