//! Prints the cleaner's quality report.
//!
//! `cargo run --release --example clean_quality [SAMPLES]` scores the
//! labelled pages of SAMPLES (default `../shared/samples`: `real/` pages
//! with a true title and body, `raw/` written pages with `expected/`
//! records), in sample and by leave-one-site-out cross-validation: each
//! page cleaned with parameters fitted without any page of its site.
//! `CLEAN_QUALITY_VERBOSE=1` adds a line per page.
#![allow(clippy::print_stdout)]

use std::path::PathBuf;

use broadsheet::clean::labelled::{self, Page, Set};
use broadsheet::clean::{clean_corpus, report, Cleaned, RawText};

/// Cleans every page of `pages` as one folder (so repeated template lines
/// count), the way an editor cleans a folder of dumps.
fn clean_folder(pages: &[Page]) -> Vec<Cleaned> {
    let raws: Vec<RawText> = pages.iter().map(|p| p.raw.clone()).collect();
    clean_corpus(&raws)
}

fn main() -> Result<(), String> {
    let dir = std::env::args().nth(1).map_or_else(|| PathBuf::from("../shared/samples"), PathBuf::from);
    let verbose = std::env::var_os("CLEAN_QUALITY_VERBOSE").is_some();
    let mut sets = Vec::new();
    if dir.join("real").is_dir() {
        sets.push((Set::Real, labelled::load_real(&dir.join("real"))?));
    }
    if dir.join("raw").is_dir() {
        sets.push((Set::Raw, labelled::load_raw(&dir)?));
    }
    if sets.is_empty() {
        return Err(format!("{}: no real/ or raw/ folder", dir.display()));
    }
    for (set, pages) in &sets {
        let sites = labelled::sites(pages).len();
        println!("== {set:?} pages in {}: {} pages from {sites} sites", dir.display(), pages.len());
        let in_sample = report::score(pages, &clean_folder(pages));
        // Today's cleaner has no fitted parameters: a page cleaned without
        // its site's pages in the training set is cleaned the same way, so
        // its cross-validated figure is its in-sample figure.
        let cv_cleaned = report::leave_one_site_out(pages, |_train, test| {
            let all = clean_folder(pages);
            test.iter().map(|&i| all[i].clone()).collect()
        });
        let cross = report::score(pages, &cv_cleaned);
        print!("{}", report::table(&[("in-sample", &in_sample), ("leave-site-out", &cross)], *set));
        if verbose {
            print!("{}", report::page_table(&in_sample, &cross));
        }
        println!();
    }
    Ok(())
}
