//! The cleaner: a raw text dump of a news page → an article record.
//!
//! Text dumps have no DOM, so the cleaner works on lines and blocks. It never
//! invents text: every body paragraph is a whole line of the input.
//!
//! How a dump is read, one module per step:
//! - `blocks`: lines with their measures (words, function-word share,
//!   sentence ending, headline case) and shape, made once per distinct
//!   text of the corpus (`Shape`); `template`: lines shared with other
//!   dumps of the corpus, and lines that recur within one dump.
//! - `classify` (with `furniture`, `dates`, `credits`, `bylines`): what each
//!   line looks like on its own — calls to action, counters, date stamps,
//!   bylines, captions with photo credits, source credits, end markers;
//!   `lexicon`: their word lists, data grouped by language in
//!   `lexicon.txt`, and the fast look-ups made from them.
//! - The shape passes, whose findings are evidence, not decisions:
//!   `title` (a first headline, for the story window), `story` (where
//!   the rules would start and end the story), `repeats` (pull quotes,
//!   copies of other lines), `body` (jusText-style quality classes and
//!   neighbour smoothing).
//! - `features`: every line's named signals, from its shape and those
//!   findings; `model`: one logistic scorer and a Viterbi decoder over
//!   before / story / gap / after, so no single line ends the story;
//!   `params`: its weights, fitted by `crate::clean_eval::fit`
//!   (`cargo run --release --example fit_cleaner`) from labelled pages.
//! - `headline`: the headline chosen among the candidates near the story
//!   by a second fitted scorer; `fields`: source, authors, dates.
//! - `article`: the record and a decision with a reason for every line
//!   (`broadsheet clean --explain`).
//!
//! Fitting and measuring the cleaner on labelled pages is not part of it:
//! that is `crate::clean_eval`.

// Parallel arrays (lines, kinds, classes) read best with index loops.
#![allow(clippy::needless_range_loop)]

use rayon::prelude::*;
use serde::Serialize;

pub(crate) mod article;
pub(crate) mod blocks;
mod body;
mod bylines;
mod classify;
mod credits;
mod dates;
pub(crate) mod features;
mod fields;
mod furniture;
pub(crate) mod headline;
mod input;
pub(crate) mod lexicon;
pub(crate) mod model;
mod params;
mod repeats;
mod story;
mod template;
mod title;

pub use input::decode;

/// One raw file to clean.
#[derive(Debug, Clone)]
pub struct RawText {
    /// How the file is named in reports (usually its path).
    pub name: String,
    pub text: String,
}

/// A figure found in the dump.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CleanFigure {
    pub alt: Option<String>,
    pub caption: Option<String>,
    pub credit: Option<String>,
    /// How many body paragraphs came before it in the dump.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub after_paragraph: Option<usize>,
}

/// What the cleaner decided about one input block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    Title,
    Body,
    Figure,
    Credit,
    Date,
    Author,
    Removed,
}

/// One input block (a line of the dump) and what became of it.
#[derive(Debug, Clone, Serialize)]
pub struct Block {
    /// 1-based line in the input.
    pub line: usize,
    pub text: String,
    pub decision: Decision,
    pub reason: Reason,
}

/// Why a block got its decision: a rule's words, or the story model's
/// state, score and the signals that weighed most. The model's reasons are
/// words only when shown (`clean --explain`): formatting one for every
/// line of every build cost a third of the cleaner's time.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Reason {
    #[default]
    None,
    Rule(std::borrow::Cow<'static, str>),
    Model {
        state: &'static str,
        logit: f32,
        /// (contribution, feature index), strongest first; `usize::MAX` ends the list.
        signals: [(f32, usize); 3],
    },
}

impl Reason {
    pub fn is_empty(&self) -> bool {
        matches!(self, Reason::None) || matches!(self, Reason::Rule(r) if r.is_empty())
    }
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reason::None => Ok(()),
            Reason::Rule(r) => f.write_str(r),
            Reason::Model { state, logit, signals } => {
                write!(f, "{state} {logit:+.1}: ")?;
                for (n, (c, i)) in signals.iter().take_while(|(_, i)| *i != usize::MAX).enumerate() {
                    let sep = if n == 0 { "" } else { ", " };
                    write!(f, "{sep}{c:+.1} {}", features::NAMES[*i])?;
                }
                Ok(())
            }
        }
    }
}

impl Serialize for Reason {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl From<&'static str> for Reason {
    fn from(r: &'static str) -> Self {
        Reason::Rule(r.into())
    }
}

impl From<String> for Reason {
    fn from(r: String) -> Self {
        Reason::Rule(r.into())
    }
}

/// The article record made from one dump.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Cleaned {
    pub title: Option<String>,
    pub source: Option<String>,
    /// ISO date (`2024-11-25`) or RFC 3339 datetime.
    pub published: Option<String>,
    /// ISO date: the scrape date a "today" widget shows.
    pub retrieved: Option<String>,
    pub authors: Vec<String>,
    pub figures: Vec<CleanFigure>,
    pub body: Vec<String>,
    /// Input blocks that were dropped.
    pub removed: Vec<String>,
    /// Every input block with its decision and reason, for `--explain`.
    pub blocks: Vec<Block>,
    /// Problems worth telling the editor (e.g. no title found).
    pub warnings: Vec<String>,
}

/// Cleans files together, so that lines repeated across dumps of the same
/// site count as template. Output is in input order.
///
/// The per-file steps (checking, splitting, assembling) run in parallel;
/// the corpus-wide template count runs once, in input order, between them,
/// so the result does not depend on the number of threads.
pub fn clean_corpus(inputs: &[RawText]) -> Vec<Cleaned> {
    clean_corpus_with(inputs, &params::FITTED)
}

/// The story model's shipped parameters (`params.rs`).
pub fn fitted_params() -> model::Params {
    params::FITTED
}

/// `clean_corpus` with other story-model parameters (for fitting and
/// cross-validation).
pub(crate) fn clean_corpus_with(inputs: &[RawText], params: &model::Params) -> Vec<Cleaned> {
    per_file(inputs, |lines, repeated| article::assemble(lines, repeated, params))
        .into_par_iter()
        .zip(inputs)
        .with_min_len(32)
        .map(|((out, warnings), raw)| {
            let mut out = out.unwrap_or_default();
            let all = warnings.into_iter().chain(std::mem::take(&mut out.warnings));
            out.warnings = all.map(|w| format!("{}: {}", raw.name, w.replace("SLUG", slug_of(&raw.name)))).collect();
            out
        })
        .collect()
}

/// Splits and checks every file, counts the corpus's repeated lines once,
/// then runs `f` on each usable file's lines (in parallel, in order).
///
/// Each distinct line text of the corpus is measured and classified once
/// (`blocks::Shape`), in parallel: most lines of a folder are its sites'
/// template, the same on every page. Texts get ids in input order, so the
/// result does not depend on the number of threads.
pub(crate) fn per_file<T: Send>(
    inputs: &[RawText],
    f: impl Fn(Vec<blocks::Line>, &[bool]) -> T + Sync,
) -> Vec<(Option<T>, Vec<String>)> {
    type Checked = (Vec<String>, bool);
    let (checked, raw): (Vec<Checked>, Vec<Vec<blocks::RawLine>>) = inputs
        .par_iter()
        // Files are small: a few dozen per task keep scheduling cheap.
        .with_min_len(32)
        .map(|i| {
            let checked = input::check(&i.text);
            let lines = if checked.1 { blocks::split_raw(&i.text) } else { Vec::new() };
            (checked, lines)
        })
        .unzip();
    let (ids, texts) = template::text_ids(&raw);
    let shapes: Vec<std::sync::Arc<blocks::Shape>> =
        texts.par_iter().with_min_len(64).map(|t| std::sync::Arc::new(blocks::Shape::new(t))).collect();
    let mut lines: Vec<Vec<blocks::Line>> = raw
        .par_iter()
        .zip(&ids)
        .with_min_len(32)
        .map(|(file, ids)| {
            file.iter()
                .zip(ids)
                .map(|(&(number, _, group), &id)| blocks::Line {
                    number,
                    group,
                    recurs: false,
                    shape: shapes[id as usize].clone(),
                })
                .collect()
        })
        .collect();
    drop(shapes);
    let repeated = template::repeated(&mut lines, &ids);
    lines
        .into_par_iter()
        .zip(repeated)
        .zip(checked)
        .with_min_len(32)
        .map(|((l, r), (warnings, usable))| (usable.then(|| f(l, &r)), warnings))
        .collect()
}

/// The file stem a sidecar would be named after (`a/b/story.txt` → `story`).
fn slug_of(name: &str) -> &str {
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    file.strip_suffix(".txt").unwrap_or(file)
}
