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
//!
//! The memo never holds a copy of an article the site holds: a build
//! takes each remembered article out of it, and what the next build is to
//! remember is told by [`Keys`] beside the site's own articles (written
//! from them by the render cache, or made into a memo by moving them out
//! of a site that is done with, by the live preview).

use std::borrow::Borrow;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use rustc_hash::FxHashMap;

use super::hash::Fingerprint;
use crate::config::Config;
use crate::group::KnownRelated;
use crate::load::Document;
use crate::model::{Article, Id, Topic};
use crate::related::Profile;

/// A content file's path as a key: hashed and compared as its bytes, and
/// looked up by them ([`key`]). A `Path` hashes component by component,
/// parsing as it goes: with a few lookups of every article a build, that
/// was a tenth of a one-article rebuild at 10,000 articles.
#[derive(Debug, Clone)]
pub(crate) struct FileKey(pub PathBuf);

/// The bytes a [`FileKey`] is looked up by.
pub(crate) fn key(path: &Path) -> &[u8] {
    path.as_os_str().as_encoded_bytes()
}

impl PartialEq for FileKey {
    fn eq(&self, other: &FileKey) -> bool {
        key(&self.0) == key(&other.0)
    }
}

impl Eq for FileKey {}

impl Hash for FileKey {
    // As the bytes hash: a lookup by them finds it.
    fn hash<H: Hasher>(&self, state: &mut H) {
        key(&self.0).hash(state);
    }
}

impl Borrow<[u8]> for FileKey {
    fn borrow(&self) -> &[u8] {
        key(&self.0)
    }
}

/// Content files' paths to what they hold.
pub(crate) type FileMap<V> = FxHashMap<FileKey, V>;

/// What became of one remembered file.
#[derive(Debug, Clone)]
pub enum Made {
    /// Left out as a draft.
    Draft,
    /// An article, its topics by slug, and its terms.
    Article { article: Box<Article>, topics: Vec<String>, profile: Option<Profile> },
}

#[derive(Debug, Clone)]
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
    pub(crate) entries: FileMap<Entry>,
    /// Boxed: a memo is handed back with every failed build.
    pub(crate) besides: Box<Besides>,
}

/// What a memo knows besides its entries.
#[derive(Debug, Clone, Default)]
pub(crate) struct Besides {
    /// The related coverage the articles had: found again only when their
    /// terms or topics differ.
    pub related: Option<KnownRelated>,
    /// Files known to hold what they held when read last (the render
    /// cache saw them unchanged since): those with entries are not read
    /// again.
    pub unchanged: Vec<PathBuf>,
    /// Content files the cache read (to hash them) before the site was
    /// loaded, with their bytes: not read again.
    pub read: FileMap<Vec<u8>>,
}

/// What of a build is to be remembered, beside its site's articles.
#[derive(Debug, Clone, Default)]
pub struct Keys {
    pub context: u128,
    /// For each article of the site, in its order: the hash of its
    /// Markdown document ([`document_hash`]); `None` for one that is not
    /// remembered (a raw article, cleaned anew).
    pub articles: Vec<Option<u128>>,
    /// Markdown files left out as drafts, with their documents' hashes.
    pub drafts: Vec<(PathBuf, u128)>,
}

impl Memo {
    /// Takes out what the file at `path` made last time, if it was made in
    /// this `context`; the caller checks the entry's hash against the file.
    pub fn take(&mut self, path: &Path, context: u128) -> Option<Entry> {
        if context != self.context {
            return None;
        }
        self.entries.remove(key(path))
    }

    /// The memo of a site's articles, moved out of it: `articles` and
    /// `profiles` in site order, as `keys` tells them.
    pub fn of_articles(articles: Vec<Article>, topics: &[Topic], keys: Keys, profiles: Vec<Profile>) -> Memo {
        let mut entries: FileMap<Entry> =
            keys.drafts.into_iter().map(|(path, hash)| (FileKey(path), Entry { hash, made: Made::Draft })).collect();
        let profiles = profiles.into_iter().map(Some).chain(std::iter::repeat_with(|| None));
        for ((mut article, hash), profile) in articles.into_iter().zip(keys.articles).zip(profiles) {
            let Some(hash) = hash else { continue };
            let topics = slugs(&article, topics).into_iter().map(str::to_string).collect();
            article.topics.clear();
            let path = article.file.clone();
            entries.insert(
                FileKey(path),
                Entry { hash, made: Made::Article { article: Box::new(article), topics, profile } },
            );
        }
        Memo { context: keys.context, entries, besides: Default::default() }
    }
}

/// What a build leaves to remember beside its site's articles.
#[derive(Debug, Default)]
pub struct Kept {
    pub keys: Keys,
    /// Each article's terms, in site order.
    pub profiles: Vec<Profile>,
    /// Of the site's related coverage ([`crate::related::key`]).
    pub related_key: u128,
}

impl Kept {
    /// The memo of `site`'s articles, moved out of it.
    pub fn into_memo(self, site: crate::model::Site) -> Memo {
        let related = KnownRelated { key: self.related_key, related: site.related.into_vec() };
        let memo = Memo::of_articles(site.articles.into_vec(), site.topics.as_slice(), self.keys, self.profiles);
        Memo { besides: Box::new(Besides { related: Some(related), ..Besides::default() }), ..memo }
    }
}

/// The slugs of the topics an article names (its topics are looked up by
/// slug when it is remembered: topic numbers change).
pub(crate) fn slugs<'a>(article: &Article, topics: &'a [Topic]) -> Vec<&'a str> {
    article.topics.iter().filter_map(|t| topics.get(t.index())).map(|t| t.slug.as_str()).collect()
}

/// Everything of a document an article is made from.
/// `body` is the document's text: assemble has taken it out of `doc`.
pub(crate) fn document_hash(doc: &Document, body: &str) -> u128 {
    if let Some(unread) = &doc.unread {
        return unread.hash;
    }
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
