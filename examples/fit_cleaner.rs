//! Fits the cleaner's story model and writes `src/clean/params.rs`.
//!
//! `cargo run --release --example fit_cleaner [SAMPLES]` reads the
//! labelled pages of SAMPLES (default `../shared/samples`: `real/` and
//! `raw/` with `expected/`), fits on all of them and writes the numbers
//! into the crate. Deterministic: the same pages give the same file.
//! `cargo run --release --example clean_quality` then reports the result
//! in sample and by leave-one-site-out cross-validation.
#![allow(clippy::print_stdout)]

use std::path::PathBuf;

use broadsheet::clean_eval::{fit, labelled};

fn main() -> Result<(), String> {
    let dir = std::env::args().nth(1).map_or_else(|| PathBuf::from("../shared/samples"), PathBuf::from);
    let mut pages = labelled::load_real(&dir.join("real"))?;
    pages.extend(labelled::load_raw(&dir)?);
    let train = fit::training_set(&pages);
    let all: Vec<&fit::TrainPage> = train.iter().collect();
    let params = fit::fit(&all);
    let sites = labelled::sites(&pages).len();
    let provenance = format!(
        "the {} labelled pages of {} sites in the samples folder (real/ and raw/); the pages themselves are not in the repository",
        pages.len(),
        sites
    );
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/clean/params.rs");
    std::fs::write(&out, fit::rust_source(&params, &provenance)).map_err(|e| format!("{}: {e}", out.display()))?;
    println!("fitted on {} pages of {sites} sites; gap cost {}; wrote {}", pages.len(), params.gap_cost, out.display());
    Ok(())
}
