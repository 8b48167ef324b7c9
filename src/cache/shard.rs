//! The memo's files (`articles/0` … `articles/63`): each holds the entries
//! of the content files that hash to it.
//!
//! A file is its articles' related-coverage terms, one after another,
//! then the entries (everything else of each article but its body, and
//! where its terms are), then the entries' length as 8 bytes. A build
//! reads the entries of every file and nothing else: terms are read when
//! coverage is counted again ([`Stored`]), and a body is made again from
//! its file when a page needs it ([`BodySource`]). Decoding every
//! article's terms was most of a one-edit rebuild.

use std::fs;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::body::{BodySite, BodySource};
use super::hash::{self, Fingerprint};
use super::memo::{self, Entry, Kept, Made, Memo};
use crate::model::{Article, Body};
use crate::related::Profile;

const MEMO_DIR: &str = "articles";
/// The memo is kept in this many files, so that an edit rewrites one.
const SHARDS: usize = 64;

/// A memo file whose terms are read as the build needs them.
/// Held open: the file a later write renames into its place leaves this
/// one readable.
#[derive(Debug)]
pub(crate) struct MemoFile {
    file: Mutex<fs::File>,
    /// Set when something kept in it could not be read back: the build
    /// that wanted it is done again without the memo
    /// ([`MemoFiles::unreadable`]).
    unreadable: AtomicBool,
}

/// Where an article's terms are kept in a memo file.
#[derive(Debug, Clone)]
pub(crate) struct Stored {
    file: Arc<MemoFile>,
    at: u64,
    len: u64,
}

impl Stored {
    /// Its bytes as the memo file has them, into `bytes` (replacing what
    /// it held).
    fn bytes_into(&self, bytes: &mut Vec<u8>) -> Option<()> {
        bytes.resize(usize::try_from(self.len).ok()?, 0);
        let mut file = self.file.file.lock().unwrap_or_else(|e| e.into_inner());
        file.seek(SeekFrom::Start(self.at)).ok()?;
        file.read_exact(bytes).ok()
    }

    /// Its bytes; `None`, and its file marked, if they cannot be read.
    pub(crate) fn bytes(&self) -> Option<Vec<u8>> {
        let mut bytes = Vec::new();
        let read = self.bytes_into(&mut bytes);
        if read.is_none() {
            self.mark_unreadable();
        }
        read.map(|()| bytes)
    }

    /// Tells the build that what it read is not what was kept.
    pub(crate) fn mark_unreadable(&self) {
        self.file.mark_unreadable();
    }
}

impl MemoFile {
    /// Tells the build that something it was to give could not be had.
    pub(super) fn mark_unreadable(&self) {
        self.unreadable.store(true, Ordering::Relaxed);
    }
}

/// The memo files a build reads terms from, and makes bodies for.
#[derive(Debug, Default)]
pub(crate) struct MemoFiles(Vec<Arc<MemoFile>>);

impl MemoFiles {
    /// Whether terms could not be read back (a memo file changed or cut
    /// short under the build), or a body made again (its file changed
    /// under the build): pages may lack them.
    pub(crate) fn unreadable(&self) -> bool {
        self.0.iter().any(|f| f.unreadable.load(Ordering::Relaxed))
    }
}

/// A memo file's entries as written: the articles without their bodies.
#[derive(Deserialize)]
struct Shard {
    context: u128,
    entries: Vec<(PathBuf, StoredEntry)>,
}

#[derive(Deserialize)]
struct StoredEntry {
    hash: u128,
    made: StoredMade,
}

/// [`Made`] as written; [`MadeRef`] the same, borrowed.
#[derive(Deserialize)]
enum StoredMade {
    Draft,
    /// With its body's lead, which the search index reads of every article.
    Article {
        article: Box<Article>,
        topics: Vec<String>,
        profile: Option<ProfileAt>,
        lead: String,
    },
}

/// Where an article's packed terms are in its memo file, and their hash.
#[derive(Serialize, Deserialize)]
struct ProfileAt {
    hash: u128,
    at: u64,
    len: u64,
}

#[derive(Serialize)]
struct ShardRef<'a> {
    context: u128,
    entries: Vec<(&'a Path, EntryRef<'a>)>,
}

#[derive(Serialize)]
struct EntryRef<'a> {
    hash: u128,
    made: MadeRef<'a>,
}

/// The same variants in the same order as [`StoredMade`]. The article's
/// own topic numbers are written too and ignored when read.
#[derive(Serialize)]
enum MadeRef<'a> {
    Draft,
    Article { article: &'a Article, topics: Vec<&'a str>, profile: Option<ProfileAt>, lead: &'a str },
}

fn shard_of(path: &Path) -> usize {
    (hash::of_bytes(path.to_string_lossy().as_bytes()) % SHARDS as u128) as usize
}

/// What a memo file holds, told by its entries' paths and documents'
/// hashes, in path order.
fn shard_digest<'p>(context: u128, entries: impl Iterator<Item = (&'p Path, u128)>) -> u128 {
    let mut f = Fingerprint::new();
    f.bytes(&context.to_le_bytes());
    for (path, hash) in entries {
        f.bytes(path.to_string_lossy().as_bytes());
        f.bytes(&hash.to_le_bytes());
    }
    f.finish128()
}

/// The memo as the last build left it, the digest of each file whose
/// entries were read (0 for one missing or unreadable: written anew), and
/// the files its terms are to be read from. Its bodies are made again
/// from their files, as `site` says.
pub(super) fn read_memo(dir: &Path, digests: &[u128], site: BodySite) -> (Memo, Vec<u128>, MemoFiles) {
    let site = Arc::new(site);
    let shards: Vec<Option<(Shard, Arc<MemoFile>)>> = if digests.len() == SHARDS {
        (0..SHARDS).into_par_iter().map(|i| read_shard(&dir.join(MEMO_DIR).join(i.to_string()))).collect()
    } else {
        (0..SHARDS).map(|_| None).collect()
    };
    let context = shards.iter().flatten().map(|(s, _)| s.context).next().unwrap_or_default();
    let mut memo = Memo { context, ..Memo::default() };
    let mut loaded = vec![0u128; SHARDS];
    let mut files = Vec::new();
    for (i, (mut shard, file)) in shards.into_iter().enumerate().filter_map(|(i, s)| Some((i, s?))) {
        if shard.context != context {
            continue;
        }
        shard.entries.sort_by(|a, b| memo::key(&a.0).cmp(memo::key(&b.0)));
        let digest = shard_digest(shard.context, shard.entries.iter().map(|(p, e)| (p.as_path(), e.hash)));
        // A file the state does not vouch for may be from an interrupted build.
        if digest != digests[i] {
            continue;
        }
        loaded[i] = digest;
        let entry = |(path, e): (PathBuf, StoredEntry)| {
            let made = made(e.made, || BodySource::new(&path, e.hash, site.clone(), file.clone()), &file);
            (memo::FileKey(path), Entry { hash: e.hash, made })
        };
        memo.entries.extend(shard.entries.into_iter().map(entry));
        files.push(file);
    }
    (memo, loaded, MemoFiles(files))
}

/// What a memo entry made; an article's body is to be made again from
/// `body`'s source.
fn made(stored: StoredMade, body: impl FnOnce() -> BodySource, file: &Arc<MemoFile>) -> Made {
    match stored {
        StoredMade::Draft => Made::Draft,
        StoredMade::Article { mut article, topics, profile, lead } => {
            article.body = Body::remembered(lead, body());
            let profile = profile.map(|p| Profile::kept(p.hash, Stored { file: file.clone(), at: p.at, len: p.len }));
            Made::Article { article, topics, profile }
        }
    }
}

/// A memo file's entries, and the file held open for its terms; `None`
/// if it cannot be read or does not hold what it says.
fn read_shard(path: &Path) -> Option<(Shard, Arc<MemoFile>)> {
    let mut file = fs::File::open(path).ok()?;
    let len = file.metadata().ok()?.len();
    let mut tail = [0u8; 8];
    file.seek(SeekFrom::Start(len.checked_sub(8)?)).ok()?;
    file.read_exact(&mut tail).ok()?;
    let entries_len = u64::from_le_bytes(tail);
    let terms_end = len.checked_sub(8)?.checked_sub(entries_len)?;
    let mut entries = vec![0; usize::try_from(entries_len).ok()?];
    file.seek(SeekFrom::Start(terms_end)).ok()?;
    file.read_exact(&mut entries).ok()?;
    let shard: Shard = postcard::from_bytes(&entries).ok()?;
    let within = |at: u64, len: u64| at.checked_add(len).is_some_and(|end| end <= terms_end);
    let inside = |e: &StoredEntry| match &e.made {
        StoredMade::Article { profile, .. } => profile.as_ref().is_none_or(|p| within(p.at, p.len)),
        StoredMade::Draft => true,
    };
    if !shard.entries.iter().all(|(_, e)| inside(e)) {
        return None;
    }
    Some((shard, Arc::new(MemoFile { file: Mutex::new(file), unreadable: AtomicBool::new(false) })))
}

/// Writes the memo files whose entries changed since they were `loaded`,
/// straight from the site's articles; gives each file's digest (0 for one
/// that could not be written: a cache that cannot be written only makes
/// the next build slower).
pub(super) fn save_shards(dir: &Path, site: &crate::model::Site, kept: &Kept, loaded: &[u128]) -> Vec<u128> {
    let _ = fs::create_dir_all(dir.join(MEMO_DIR));
    let context = kept.keys.context;
    let topics = site.topics.as_slice();
    let mut by_shard: Vec<Vec<Remembered>> = (0..SHARDS).map(|_| Vec::new()).collect();
    for (path, hash) in &kept.keys.drafts {
        by_shard[shard_of(path)].push(Remembered { path, hash: *hash, article: None });
    }
    for (i, (article, hash)) in site.articles.iter().zip(&kept.keys.articles).enumerate() {
        let Some(hash) = *hash else { continue };
        let remembered = Remembered { path: &article.file, hash, article: Some((article, kept.profiles.get(i))) };
        by_shard[shard_of(&article.file)].push(remembered);
    }
    by_shard
        .into_par_iter()
        .enumerate()
        .map(|(i, mut entries)| {
            // By bytes, as read back: a Path compares component by component.
            entries.sort_by(|a, b| memo::key(a.path).cmp(memo::key(b.path)));
            let digest = shard_digest(context, entries.iter().map(|e| (e.path, e.hash)));
            if loaded.get(i) == Some(&digest) {
                return digest;
            }
            let path = dir.join(MEMO_DIR).join(i.to_string());
            let written = super::write_atomic_with(&path, |file| {
                let mut out = std::io::BufWriter::new(file);
                let shard = write_terms(&mut out, context, &entries, topics)?;
                let shard = postcard::to_allocvec(&shard).map_err(std::io::Error::other)?;
                out.write_all(&shard)?;
                out.write_all(&(shard.len() as u64).to_le_bytes())?;
                out.into_inner().map(drop).map_err(|e| e.into_error())
            });
            if written.is_ok() {
                digest
            } else {
                0
            }
        })
        .collect()
}

/// What a memo file is to hold of one content file.
struct Remembered<'a> {
    path: &'a Path,
    hash: u128,
    article: Option<(&'a Article, Option<&'a Profile>)>,
}

/// Writes the entries' terms to `out`, one after another, and gives the
/// entries that say where each is. What was read from the memo and not
/// needed since is copied as it was, not encoded again.
fn write_terms<'a>(
    out: &mut impl Write,
    context: u128,
    entries: &'a [Remembered<'a>],
    topics: &'a [crate::model::Topic],
) -> std::io::Result<ShardRef<'a>> {
    let unreadable = || std::io::Error::other("a memo file could not be read back");
    let mut at = 0u64;
    let mut put = |bytes: &[u8]| -> std::io::Result<(u64, u64)> {
        out.write_all(bytes)?;
        let place = (at, bytes.len() as u64);
        at += place.1;
        Ok(place)
    };
    let mut encoded = Vec::new();
    let mut written = Vec::with_capacity(entries.len());
    for e in entries {
        let made = match e.article {
            None => MadeRef::Draft,
            Some((article, profile)) => {
                let profile = match profile {
                    Some(p) => {
                        match p.unread() {
                            Some(stored) => stored.bytes_into(&mut encoded).ok_or_else(unreadable)?,
                            None => encoded = p.pack(),
                        }
                        let (at, len) = put(&encoded)?;
                        Some(ProfileAt { hash: hash::of_bytes(&encoded), at, len })
                    }
                    None => None,
                };
                MadeRef::Article { article, topics: memo::slugs(article, topics), profile, lead: article.body.lead() }
            }
        };
        written.push((e.path, EntryRef { hash: e.hash, made }));
    }
    Ok(ShardRef { context, entries: written })
}
