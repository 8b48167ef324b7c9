//! Articles remembered from the files they were made of: a Markdown
//! article whose file is byte for byte the same, assembled in the same
//! context, is the same article, so neither its front matter nor its
//! Markdown is parsed again, nor its terms for related coverage counted.
//!
//! Only what a file alone decides is remembered. Its topics are kept as
//! the slugs it names and looked up again (topic numbers change when a
//! topic is added); whether it is held back for later is decided again
//! against the clock; a file that gave an error is not remembered, so its
//! error is told, at its line, every time.

use std::collections::HashMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use super::hash::Fingerprint;
use crate::config::Config;
use crate::load::Document;
use crate::model::Article;
use crate::related::Profile;

/// What became of one remembered file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Made {
    /// Left out as a draft.
    Draft,
    /// An article, its topics by slug, and its terms.
    Article { article: Box<Article>, topics: Vec<String>, profile: Option<Profile> },
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Entry {
    /// Of the document: [`document_hash`].
    pub hash: u128,
    pub made: Made,
}

/// The articles a build made, by content file.
#[derive(Debug, Clone, Default)]
pub struct Memo {
    /// What the articles were made with ([`context`]); entries made in
    /// another are never used.
    pub context: u128,
    pub entries: HashMap<PathBuf, Entry>,
}

impl Memo {
    /// What the file made last time, if it is the same file in the same
    /// context.
    pub fn get(&self, doc: &Document, hash: u128, context: u128) -> Option<&Made> {
        if context != self.context {
            return None;
        }
        self.entries.get(&doc.path).filter(|e| e.hash == hash).map(|e| &e.made)
    }
}

/// Everything of a document an article is made from.
/// `body` is the document's text: assemble has taken it out of `doc`.
pub(crate) fn document_hash(doc: &Document, body: &str) -> u128 {
    let mut f = Fingerprint::new();
    f.u64(doc.kind as u64);
    f.bytes(doc.stem.as_bytes());
    f.bytes(doc.front_matter.as_bytes());
    f.u64(doc.front_matter_line as u64);
    f.bytes(body.as_bytes());
    f.u64(doc.body_line as u64);
    f.finish128()
}

/// What of the site an article depends on besides its file: how dates
/// are read, how links are written, whether drafts are shown.
pub(crate) fn context(config: &Config, drafts: bool) -> u128 {
    let mut f = Fingerprint::new();
    f.bytes(config.timezone.name().as_bytes());
    f.bytes(config.base_path.as_bytes());
    f.u64(u64::from(config.trust_html));
    f.u64(u64::from(drafts));
    f.finish128()
}
