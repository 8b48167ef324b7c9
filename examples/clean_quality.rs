//! Prints the cleaner's quality report.
//!
//! `cargo run --example clean_quality [DIR]` scores the samples in DIR
//! (default `tests/fixtures/clean`: `raw/*.txt` with `expected/*.json`),
//! cleaned as one folder and each file alone, then the real pages of
//! `../shared/samples/real` (4-word shingle F1) when that folder exists.
#![allow(clippy::print_stdout)]

use std::path::PathBuf;

use broadsheet::clean::quality;

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().map_or_else(|| PathBuf::from("tests/fixtures/clean"), PathBuf::from);
    let verbose = std::env::var_os("CLEAN_QUALITY_VERBOSE").is_some();
    let samples = quality::load_samples(&dir)?;
    for (label, together) in [("cleaned as one folder", true), ("each file cleaned alone", false)] {
        println!("== samples in {} — {label}", dir.display());
        print!("{}", quality::table(&quality::score_samples(&samples, together)));
        println!();
    }
    let real = PathBuf::from("../shared/samples/real");
    if real.is_dir() {
        let report = quality::score_real(&real)?;
        if verbose {
            for (name, s) in &report.pages {
                println!("{:<20} P {:.3} R {:.3} F1 {:.3}", &name[..name.len().min(20)], s.p, s.r, s.f1);
            }
        }
        println!(
            "== real pages ({}, cleaned as one folder): shingle precision {:.4}, recall {:.4}, F1 {:.4} (bar 0.95)",
            report.pages.len(),
            report.precision,
            report.recall,
            report.f1
        );
    } else {
        println!("== real pages: {} not found, skipped", real.display());
    }
    Ok(())
}
