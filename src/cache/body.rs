//! A remembered article's body, made again from its Markdown file the
//! first time a page needs it. The memo keeps no bodies: at 10,000
//! articles they were 115 MB of its 132, written by every
//! first build, while a rebuild after an edit renders a handful of pages
//! and so needs a handful of bodies.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::memo;
use super::shard::MemoFile;
use crate::config::Config;
use crate::markdown::LinkContext;
use crate::model::BodyParts;

/// Where a remembered article's body is made from, and how.
#[derive(Debug, Clone)]
pub(crate) struct BodySource {
    /// The file, as the site names it.
    path: PathBuf,
    /// Of the document the memo's article was made from
    /// ([`memo::document_hash`]).
    hash: u128,
    site: Arc<BodySite>,
    /// Told when the file no longer holds that document.
    memo_file: Arc<MemoFile>,
}

/// What every remembered body of a build is made with: the site folder,
/// and how links are written ([`LinkContext`], owned: the memo's context
/// says it is the build's).
#[derive(Debug)]
pub(crate) struct BodySite {
    root: PathBuf,
    base_path: String,
    trust_html: bool,
}

impl BodySite {
    pub(super) fn new(root: &Path, config: &Config) -> BodySite {
        BodySite { root: root.to_path_buf(), base_path: config.base_path.clone(), trust_html: config.trust_html }
    }
}

impl BodySource {
    pub(super) fn new(path: &Path, hash: u128, site: Arc<BodySite>, memo_file: Arc<MemoFile>) -> Self {
        BodySource { path: path.to_path_buf(), hash, site, memo_file }
    }

    /// The body, as assembling the file makes it; the default, and the
    /// build told to start again without the cache, if the file changed
    /// since it was remembered (or cannot be read).
    pub(crate) fn make(&self) -> BodyParts {
        let made = self.document_body().map(|body| {
            let links = LinkContext { base_path: &self.site.base_path, trust_html: self.site.trust_html };
            let rendered = crate::markdown::render(&body, &links);
            BodyParts { html: rendered.html, blocks: rendered.block_ends, text: rendered.text }
        });
        made.unwrap_or_else(|| {
            self.memo_file.mark_unreadable();
            BodyParts::default()
        })
    }

    /// The file's Markdown, if it still holds the document remembered.
    fn document_body(&self) -> Option<String> {
        let (kind, stem) = crate::load::classify(&self.path)?;
        let text = crate::error::read_text(&self.site.root.join(&self.path), &self.path).ok()?;
        let mut doc = crate::load::split(kind, self.path.clone(), stem, &text).ok()?;
        let body = std::mem::take(&mut doc.body);
        (memo::document_hash(&doc, &body) == self.hash).then_some(body)
    }
}
