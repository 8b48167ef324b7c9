//! Fitting and measuring the cleaner on labelled pages: what
//! `cargo run --example fit_cleaner` and `cargo run --example
//! clean_quality` run, and `tests/clean_quality.rs` checks. No build
//! runs any of it.
//!
//! - `labelled`: the labelled pages (`real/` with their true title and
//!   body, `raw/` with `expected/` records), their sites and languages
//!   (`language`: guessed from function words, to group the report);
//! - `quality`: the benchmark's measures (four-word-shingle F1, paragraph
//!   F1, fields) of one record against its truth;
//! - `report`: those measures over many pages, per language, in sample
//!   and by leave-one-site-out cross-validation;
//! - `fit`: the story and headline models fitted on labelled pages,
//!   written out as `src/clean/params.rs`.

// Matrices and parallel arrays read best with index loops.
#![allow(clippy::needless_range_loop)]

pub mod fit;
pub mod labelled;
pub(crate) mod language;
pub mod quality;
pub mod report;
