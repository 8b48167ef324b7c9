//! Broadsheet: a static-site generator for curated news digests.
//!
//! The pipeline runs one way, one module per stage:
//! `load` → `clean` → `assemble` → `group` → `render` → `write`,
//! driven by `build`. The data model lives in `model`; `config` reads
//! `site.toml`.

pub mod assemble;
pub mod build;
pub mod cache;
pub mod check;
pub mod clean;
pub mod config;
pub mod dates;
pub mod error;
pub mod escape;
pub mod explain;
pub mod front_matter;
pub mod group;
pub mod html;
pub mod init;
pub mod live;
pub mod load;
pub mod markdown;
pub mod model;
pub mod paths;
pub mod progress;
pub mod related;
pub mod render;
pub mod rules;
pub mod scaffold;
pub mod serve;
pub mod write;

pub use build::{build, BuildOptions, BuildSummary};
pub use error::{Diagnostic, Error};
