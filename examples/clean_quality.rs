//! Prints the cleaner's quality report.
//!
//! `cargo run --release --example clean_quality [SAMPLES]` scores the
//! labelled pages of SAMPLES (default `../shared/samples`: `real/` pages
//! with a true title and body, `raw/` written pages with `expected/`
//! records) in sample (the shipped parameters, fitted on all of them) and
//! by leave-one-site-out cross-validation: each page cleaned with
//! parameters fitted, by the same program, without any page of its site.
//! `CLEAN_QUALITY_VERBOSE=1` adds a line per page.
#![allow(clippy::print_stdout)]

use std::path::PathBuf;

use broadsheet::clean::Cleaned;
use broadsheet::clean_eval::labelled::{self, Set};
use broadsheet::clean_eval::{fit, report};

fn main() -> Result<(), String> {
    let dir = std::env::args().nth(1).map_or_else(|| PathBuf::from("../shared/samples"), PathBuf::from);
    let verbose = std::env::var_os("CLEAN_QUALITY_VERBOSE").is_some();
    let mut pages = labelled::load_real(&dir.join("real"))?;
    pages.extend(labelled::load_raw(&dir)?);
    let train = fit::training_set(&pages);
    let shipped = fit::clean_pages(&pages, &broadsheet::clean::fitted_params());
    let in_sample = report::score(&pages, &shipped);
    let cv: Vec<Cleaned> = report::leave_one_site_out(&pages, |train_idx, test| {
        let rows: Vec<&fit::TrainPage> = train_idx.iter().map(|&i| &train[i]).collect();
        let params = fit::fit(&rows);
        let all = fit::clean_pages(&pages, &params);
        test.iter().map(|&i| all[i].clone()).collect()
    });
    let cross = report::score(&pages, &cv);
    for set in [Set::Real, Set::Raw] {
        let these: Vec<usize> = (0..pages.len()).filter(|&i| pages[i].set == set).collect();
        let sites: std::collections::BTreeSet<&str> = these.iter().map(|&i| pages[i].site.as_str()).collect();
        println!("== {set:?} pages in {}: {} pages from {} sites", dir.display(), these.len(), sites.len());
        print!("{}", report::table(&[("in-sample", &in_sample), ("leave-site-out", &cross)], set));
        // The overfitting meter: what the fitted numbers gain on pages they saw.
        let all = |s: &[report::PageScore]| report::group(&these.iter().map(|&i| &s[i]).collect::<Vec<_>>());
        let (a, b) = (all(&in_sample), all(&cross));
        println!(
            "gap, in-sample minus leave-site-out: F1 {:+.4} (target at most 0.02), titles {:+}",
            a.f1 - b.f1,
            a.title_exact as i64 - b.title_exact as i64
        );
        if verbose {
            let pick = |s: &[report::PageScore]| these.iter().map(|&i| s[i].clone()).collect::<Vec<_>>();
            print!("{}", report::page_table(&pick(&in_sample), &pick(&cross)));
            // What the cross-validated cleaner took for a headline where it missed.
            for &i in these.iter().filter(|&&i| cross[i].title == Some(false)) {
                println!("title miss {}: want {:?}", pages[i].name, pages[i].title.as_deref().unwrap_or(""));
                println!(
                    "{:>width$}  got {:?}",
                    "",
                    cv[i].title.as_deref().unwrap_or(""),
                    width = 11 + pages[i].name.len()
                );
                print!("{}", fit::explain_titles(&train[i], &broadsheet::clean::fitted_params()));
            }
        }
        println!();
    }
    Ok(())
}
