//! Broadsheet: a static-site generator for curated news digests.
//!
//! The pipeline runs one way, one module per stage:
//! `load` → `clean` → `assemble` → `group` → `render` → `write`.
//! The data model lives in `model`; `config` reads `site.toml`.

pub mod clean;
pub mod config;
pub mod error;
pub mod model;
pub mod paths;
