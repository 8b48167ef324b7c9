//! The render cache, `.broadsheet-cache/` in the site folder: what the
//! last build read (every input file's hash), what it made of each
//! Markdown article (`memo`), and what it wrote (each output file's
//! hash, and the fingerprint of the input it was rendered from). The next
//! build then does only what a change needs:
//!
//! - nothing changed (inputs, options, the output folder, the binary):
//!   nothing is parsed, rendered or written — not even the marker;
//! - a few files changed: unchanged article files are not read, what they
//!   made is taken from the memo, related coverage is kept when no
//!   article's terms or topics changed, every page is fingerprinted (most
//!   from the hashes of their parts, `render::Prints`), and only
//!   pages whose fingerprint changed are rendered, and only those whose
//!   bytes changed are written, in place (`update`);
//! - much changed, or the output is not as recorded: a full build,
//!   swapped in as without a cache.
//!
//! Everything in it is checked before it is used: a cache written by
//! another binary or format, or one that cannot be read, is ignored and
//! replaced, never an error and never a page of its own.

mod body;
pub(crate) mod files;
pub(crate) mod hash;
pub(crate) mod memo;
mod shard;
mod update;

use rustc_hash::{FxHashMap, FxHashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use serde::{de::DeserializeOwned, Deserialize, Serialize};

use crate::build::{BuildOptions, BuildSummary};
use crate::error::{Diagnostic, Result};
use crate::group::KnownRelated;
use crate::model::Stamp;
use crate::progress::Progress;
use crate::render::{Page, Plan, Theme};
use crate::write::{WriteReport, MARKER};
pub(crate) use body::BodySource;
use files::File;
use hash::Fingerprint;
pub(crate) use shard::Stored;

/// The cache folder, in the site folder.
pub const CACHE_DIR: &str = ".broadsheet-cache";
/// What a build reads: everything else in the site folder changes nothing.
const INPUTS: [&str; 5] = [crate::config::CONFIG_FILE, crate::load::CONTENT_DIR, "themes", "templates", "static"];
const STATE_FILE: &str = "state";
/// Of this layout: a new one ignores caches of the old.
const FORMAT: u64 = 3;
/// Beyond this share of pages changed, the output is built afresh and
/// swapped in whole (a template or configuration change).
const IN_PLACE_SHARE: usize = 4;

/// What a build read and wrote.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
struct State {
    /// The binary and format that wrote it.
    binary: u128,
    /// The build's options and output folder.
    settings: u128,
    /// When the files below were looked at (nanoseconds since 1970).
    recorded_at: i128,
    inputs: Vec<File>,
    /// The moment the build counted as now; when the first article held
    /// back for later is due.
    now: i128,
    due: Option<i128>,
    summary: Summary,
    /// Every file of the output, the marker included, by path.
    output: Vec<Written>,
    /// Of each memo file as last written: [`Memo`] entries' paths and hashes.
    shards: Vec<u128>,
    /// The site's related coverage, and the key of what it was found from.
    related: Option<KnownRelated>,
}

#[derive(Debug, Default, Clone, Serialize, Deserialize)]
struct Summary {
    pages: usize,
    articles: usize,
    warnings: Vec<Diagnostic>,
    scheduled: Vec<Stamp>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Written {
    file: File,
    /// The fingerprint of the input it was rendered from (0 for the marker).
    input: u64,
}

/// Builds with the cache of `options.root`: see the module's comment.
pub fn build(options: &BuildOptions, progress: &dyn Progress) -> Result<BuildSummary> {
    if let Some(summary) = build_once(options, progress)? {
        return Ok(summary);
    }
    // Terms the memo was to give could not be read back, or a remembered
    // article's file changed before its body was made again, and
    // nothing was written: built again without the cache, every article
    // made anew.
    let _ = fs::remove_dir_all(options.root.join(CACHE_DIR));
    build_once(options, progress)?.ok_or_else(|| {
        let dir = options.root.join(CACHE_DIR);
        Diagnostic::new(&dir, None, "the render cache could not be read back while building").into()
    })
}

/// [`build`]; `None` when terms kept in the memo could not be read back
/// (a memo file changed or cut short under the build), or a remembered
/// article's body could not be made again (its file changed under the
/// build), before any output was written.
fn build_once(options: &BuildOptions, progress: &dyn Progress) -> Result<Option<BuildSummary>> {
    let started = Instant::now();
    let config = crate::config::Config::load(&options.root)?;
    let output = crate::build::output_dir(options, &config)?;
    let dir = options.root.join(CACHE_DIR);
    let now = options.include().now;
    let mut state = read::<State>(&dir.join(STATE_FILE)).filter(|s| s.binary == binary());
    let settings = settings(options, &output);
    let recorded_at = files::now_nanos();
    let mut output_check = OutputCheck::start(state.as_ref().filter(|s| s.settings == settings), &output);
    // The content files read to be hashed are kept for loading the site.
    let content = |path: &str| path.strip_prefix(crate::load::CONTENT_DIR).is_some_and(|p| p.starts_with('/'));
    let known_inputs = state.as_ref().map_or(&[][..], |s| &s.inputs);
    let (inputs, read_content) =
        match files::scan_keeping(&options.root, &INPUTS, known_inputs, state_time(&state), content) {
            Some((inputs, read)) => (Some(inputs), read),
            None => (None, Vec::new()),
        };
    if let (Some(s), Some(inputs)) = (&mut state, &inputs) {
        let on_time = options.future || (s.now <= nanos(now) && s.due.is_none_or(|d| nanos(now) < d));
        let same = s.settings == settings && on_time && files::same_bytes(inputs, &s.inputs);
        let found = if same { output_check.found() } else { None };
        if let Some(found) = found {
            // Nothing to do. Files read and hashed again (their times were
            // new, or too close to the last record to vouch for them) are
            // recorded anew, so that the next build need not read them; the
            // output is not touched.
            let summary = s.summary.clone();
            let at = s.recorded_at;
            let hashed = |f: &File, old: &File| f.stat != old.stat || !files::vouched(&f.stat, at);
            if inputs.iter().zip(&s.inputs).any(|(a, b)| hashed(a, b))
                || found.iter().zip(&s.output).any(|(a, b)| hashed(a, &b.file))
            {
                s.inputs = inputs.clone();
                s.output.iter_mut().zip(found).for_each(|(w, f)| w.file = f.clone());
                s.recorded_at = recorded_at;
                save(&dir, s);
            }
            let unchanged = summary.pages;
            return Ok(Some(BuildSummary {
                output,
                pages: summary.pages,
                articles: summary.articles,
                write: WriteReport { written: 0, unchanged, removed: 0 },
                elapsed: started.elapsed(),
                warnings: summary.warnings,
                scheduled: summary.scheduled,
            }));
        }
    }

    let old = state.take().unwrap_or_default();
    // The templates are parsed beside the reading of the site.
    let theme = {
        let (root, name) = (options.root.clone(), config.theme.clone());
        std::thread::spawn(move || Theme::load(&root, &name))
    };
    let body_site = body::BodySite::new(&options.root, &config);
    let (mut memo, loaded_shards, memo_files) = shard::read_memo(&dir, &old.shards, body_site);
    memo.besides.related = old.related;
    memo.besides.read =
        read_content.into_iter().map(|(path, bytes)| (memo::FileKey(PathBuf::from(path)), bytes)).collect();
    // Files with the bytes the last build read (which its memo was made
    // from) need not be read again.
    if let Some(inputs) = &inputs {
        let before: FxHashMap<&str, u128> = old.inputs.iter().map(|f| (f.path.as_str(), f.hash)).collect();
        let same = inputs.iter().filter(|f| before.get(f.path.as_str()) == Some(&f.hash));
        memo.besides.unchanged = same.map(|f| PathBuf::from(&f.path)).collect();
    }
    let (site, warnings, kept) = crate::build::load_site_remembering(options, memo).map_err(|(e, _)| e)?;
    // Written now, from the site's own articles, so that their terms are
    // not kept while pages are rendered.
    let shards = shard::save_shards(&dir, &site, &kept, &loaded_shards);
    let related = KnownRelated { key: kept.related_key, related: site.related.as_slice().to_vec() };
    let sources = (kept.keys.articles.clone(), kept.keys.context);
    drop(kept);
    let known_output = output_check.found();
    crate::write::check_replaceable(&output)?;
    crate::write::restore_interrupted(&output);
    let theme = theme.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
    let plan = Plan::new(&site, &theme)?.with_sources(sources);
    let locate = |e| crate::render::templates::locate(&options.root, &site.config.theme, e);

    let recorded: FxHashMap<&str, &Written> = match &known_output {
        Some(_) if old.settings == settings => old.output.iter().map(|w| (w.file.path.as_str(), w)).collect(),
        _ => FxHashMap::default(),
    };
    let mut written_now: Vec<Written> = Vec::with_capacity(plan.jobs.len() + 1);
    let report = match in_place(&plan, &recorded)? {
        Some(stale) => {
            let rendered = plan.render_printed(&stale, progress).map_err(locate)?;
            if memo_files.unreadable() {
                return Ok(None);
            }
            let hashes: Vec<u128> = rendered.par_iter().map(|(p, _)| hash::of_bytes(&p.bytes)).collect();
            let changed: Vec<&Page> = rendered
                .iter()
                .zip(&hashes)
                .filter(|((p, _), h)| recorded.get(p.path.as_str()).is_none_or(|w| w.file.hash != **h))
                .map(|((p, _), _)| p)
                .collect();
            let pages: FxHashSet<&str> = plan.jobs.iter().map(|j| j.route.path.as_str()).collect();
            let removed: Vec<String> =
                recorded.keys().filter(|p| **p != MARKER && !pages.contains(**p)).map(|p| p.to_string()).collect();
            update::apply(&output, &changed, &removed)?;
            let fresh: FxHashMap<&str, (u64, u128)> =
                rendered.iter().zip(&hashes).map(|((p, print), h)| (p.path.as_str(), (*print, *h))).collect();
            for path in plan.jobs.iter().map(|j| j.route.path.as_str()).chain([MARKER]) {
                let written = match (fresh.get(path), recorded.get(path)) {
                    // Rendered again to the same bytes: the file is kept.
                    (Some(&(input, hash)), Some(w)) if w.file.hash == hash => Written { input, file: w.file.clone() },
                    (Some(&(input, hash)), _) => Written { input, file: stat_file(&output, path, hash) },
                    (None, Some(w)) => (*w).clone(),
                    (None, None) => Written { input: 0, file: unreachable_file(path) },
                };
                written_now.push(written);
            }
            WriteReport { written: changed.len(), unchanged: plan.jobs.len() - changed.len(), removed: removed.len() }
        }
        None => {
            // Pages go to the staging folder as they are rendered, as in an
            // uncached build; only their paths and hashes are kept.
            let printed = std::sync::Mutex::new(Vec::with_capacity(plan.jobs.len()));
            // Each page is taken after it is rendered: a body it lacked
            // stops the build before the output is swapped.
            let report =
                crate::build::write_all(&options.root, &site, &plan, &output, progress, &|path, bytes, input, meta| {
                    if memo_files.unreadable() {
                        return Err(Diagnostic::new(
                            &dir,
                            None,
                            "a body the render cache remembers could not be made again",
                        ));
                    }
                    let entry = (path.to_string(), input, hash::of_bytes(bytes), meta.as_ref().map(files::Stat::of));
                    printed.lock().unwrap_or_else(|e| e.into_inner()).push(entry);
                    Ok(())
                });
            let report = match report {
                Err(_) if memo_files.unreadable() => return Ok(None),
                report => report?,
            };
            let printed = printed.into_inner().unwrap_or_else(|e| e.into_inner());
            // The staging folder's files are the output's now; one written
            // anew was told of as it was written, others are looked at.
            let stat = |(path, input, hash, stat): (String, u64, u128, Option<files::Stat>)| {
                let file = match stat {
                    Some(stat) => File { path, stat, hash },
                    None => stat_file(&output, &path, hash),
                };
                Written { input, file }
            };
            written_now = printed.into_par_iter().map(stat).collect();
            written_now.push(Written { input: 0, file: stat_file(&output, MARKER, hash::of_bytes(b"")) });
            report
        }
    };
    written_now.sort_by(|a, b| a.file.path.cmp(&b.file.path));
    let warnings: Vec<Diagnostic> = warnings.into_iter().chain(crate::check::empty_editions(&site)).collect();
    let summary = Summary {
        pages: plan.jobs.len(),
        articles: site.articles.len(),
        warnings: warnings.clone(),
        scheduled: site.scheduled.clone(),
    };
    let state = State {
        binary: binary(),
        settings,
        recorded_at,
        // Files that could not be read leave nothing to vouch for: the
        // next build looks again.
        inputs: inputs.unwrap_or_default(),
        now: nanos(now),
        due: site.scheduled.first().map(|s| nanos(s.at.with_timezone(&chrono::Utc))),
        summary,
        output: written_now,
        shards,
        related: Some(related),
    };
    save(&dir, &state);
    let summary = BuildSummary {
        output,
        pages: plan.jobs.len(),
        articles: site.articles.len(),
        write: report,
        elapsed: started.elapsed(),
        warnings,
        scheduled: site.scheduled.clone(),
    };
    crate::build::leave_at_exit(options, plan);
    crate::build::leave_at_exit(options, site);
    crate::build::leave_at_exit(options, state);
    Ok(Some(summary))
}

/// The output folder looked at beside the reading of the site (on a large
/// site it is as long as the rest of a one-article rebuild): started before
/// anything is parsed, taken before anything is written there.
struct OutputCheck(Option<std::thread::JoinHandle<Option<Vec<File>>>>);

impl OutputCheck {
    /// Starts the scan of `output` against what `state` says was written there.
    fn start(state: Option<&State>, output: &Path) -> OutputCheck {
        let running = state.map(|s| {
            let written: Vec<File> = s.output.iter().map(|w| w.file.clone()).collect();
            let (output, at) = (output.to_path_buf(), s.recorded_at);
            std::thread::spawn(move || {
                let found = files::scan(&output, &[""], &written, at)?;
                files::same_bytes(&found, &written).then_some(found)
            })
        });
        OutputCheck(running)
    }

    /// The output's files, when they are as recorded; `None` when they are
    /// not, or there is no record (or the scan could not finish), and
    /// when asked again: a build that goes on after asking has found the
    /// output not as recorded.
    fn found(&mut self) -> Option<Vec<File>> {
        self.0.take().and_then(|running| running.join().ok().flatten())
    }
}

/// The jobs to render when the output is as recorded and few pages'
/// inputs changed; `None` for a full build.
fn in_place(plan: &Plan, recorded: &FxHashMap<&str, &Written>) -> Result<Option<Vec<usize>>> {
    if recorded.is_empty() {
        return Ok(None);
    }
    let prints = plan.fingerprints()?;
    let stale: Vec<usize> = (0..plan.jobs.len())
        .filter(|&i| recorded.get(plan.jobs[i].route.path.as_str()).is_none_or(|w| w.input != prints[i]))
        .collect();
    Ok((stale.len() * IN_PLACE_SHARE <= plan.jobs.len()).then_some(stale))
}

/// An output file as it is now, with the hash of the bytes just written.
fn stat_file(output: &Path, path: &str, hash: u128) -> File {
    match fs::symlink_metadata(output.join(path)) {
        Ok(meta) => File { path: path.to_string(), stat: files::Stat::of(&meta), hash },
        Err(_) => unreachable_file(path),
    }
}

/// A record that matches no file: the next build looks at it again.
fn unreachable_file(path: &str) -> File {
    File { path: path.to_string(), stat: files::Stat { len: u64::MAX, modified: 0, changed: 0, inode: 0 }, hash: 0 }
}

fn state_time(state: &Option<State>) -> i128 {
    state.as_ref().map_or(0, |s| s.recorded_at)
}

fn nanos(t: chrono::DateTime<chrono::Utc>) -> i128 {
    i128::from(t.timestamp()) * 1_000_000_000 + i128::from(t.timestamp_subsec_nanos())
}

/// The binary and the cache's format: a cache from any other binary —
/// another version, or built from other source or by another compiler
/// (the size differs) — is not used. Not the binary's time: a CI cache
/// restores the same binary with another.
fn binary() -> u128 {
    static KEY: std::sync::OnceLock<u128> = std::sync::OnceLock::new();
    *KEY.get_or_init(|| {
        let mut f = Fingerprint::new();
        f.u64(FORMAT);
        f.bytes(env!("CARGO_PKG_VERSION").as_bytes());
        f.bytes(env!("BROADSHEET_SOURCE").as_bytes());
        match std::env::current_exe().and_then(fs::metadata) {
            Ok(meta) => f.u64(meta.len()),
            // Unknown: never the same as any other run.
            Err(_) => f.bytes(&files::now_nanos().to_le_bytes()),
        }
        f.finish128()
    })
}

/// The options a build's pages depend on, and where they go.
fn settings(options: &BuildOptions, output: &Path) -> u128 {
    // Not the site folder's place: pages do not depend on it.
    let mut f = Fingerprint::new();
    f.bytes(output.to_string_lossy().as_bytes());
    f.value(&options.base_url);
    f.u64(u64::from(options.drafts));
    f.u64(u64::from(options.future));
    f.finish128()
}

fn read<T: DeserializeOwned>(path: &Path) -> Option<T> {
    postcard::from_bytes(&fs::read(path).ok()?).ok()
}

/// Writes `bytes` whole or not at all.
fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, |mut file| std::io::Write::write_all(&mut file, bytes))
}

/// Writes a file whole or not at all, by `write` into a new file beside it.
fn write_atomic_with(path: &Path, write: impl FnOnce(fs::File) -> std::io::Result<()>) -> std::io::Result<()> {
    let temp = path.with_extension(format!("new-{}", std::process::id()));
    let written = fs::File::create(&temp).and_then(write).and_then(|()| fs::rename(&temp, path));
    written.inspect_err(|_| {
        let _ = fs::remove_file(&temp);
    })
}

/// Saves the state. A cache that cannot be written only makes the next
/// build slower.
fn save(dir: &Path, state: &State) {
    let _ = fs::create_dir_all(dir);
    if let Ok(bytes) = postcard::to_allocvec(state) {
        let _ = write_atomic(&dir.join(STATE_FILE), &bytes);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The memo is written from the site's own articles (borrowed) and
    /// read back as entries: the two forms must agree, or every rebuild
    /// would quietly parse everything again.
    #[test]
    fn a_rebuild_reads_back_every_article_the_build_remembered() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        for e in walkdir::WalkDir::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rebuild")) {
            let e = e.unwrap();
            let rel = e.path().strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rebuild"));
            let dest = root.join(rel.unwrap());
            if e.file_type().is_dir() {
                fs::create_dir_all(&dest).unwrap();
            } else {
                fs::copy(e.path(), &dest).unwrap();
            }
        }
        let options = BuildOptions {
            root: root.clone(),
            output: Some(dir.path().join("public")),
            cache: true,
            ..Default::default()
        };
        let summary = build(&options, &crate::progress::Silent).unwrap();
        let cache = root.join(CACHE_DIR);
        let state = read::<State>(&cache.join(STATE_FILE)).expect("no state");
        assert!(state.shards.iter().any(|&d| d != 0), "no memo file written");
        // Each output file is recorded as the file system has it.
        for w in &state.output {
            let meta = fs::symlink_metadata(dir.path().join("public").join(&w.file.path)).unwrap();
            assert_eq!(w.file.stat, files::Stat::of(&meta), "{}", w.file.path);
        }
        let config = crate::config::Config::load(&root).unwrap();
        let (memo, loaded, _) = shard::read_memo(&cache, &state.shards, body::BodySite::new(&root, &config));
        assert_eq!(loaded, state.shards, "a memo file was not read back");
        let articles = memo.entries.values().filter(|e| matches!(e.made, memo::Made::Article { .. })).count();
        assert!(articles > 0 && articles <= summary.articles, "{articles} of {}", summary.articles);
        // Each remembered article is the one a build without the cache makes.
        let fresh = crate::build::load_site(&options).unwrap();
        let bytes = |a: &crate::model::Article| {
            let mut a = a.clone();
            a.topics.clear();
            postcard::to_allocvec(&(&a, a.body.parts())).unwrap()
        };
        for (path, entry) in &memo.entries {
            let memo::Made::Article { article, .. } = &entry.made else { continue };
            let made = fresh.articles.iter().find(|a| a.file == path.0).expect("an article of no file");
            assert!(bytes(article) == bytes(made), "{} differs from the memo", path.0.display());
        }
        let (site, _, kept) = crate::build::load_site_remembering(&options, memo).map_err(|(e, _)| e).unwrap();
        let remembered = kept.keys.articles.iter().flatten().count();
        assert_eq!(remembered, articles, "every Markdown article is remembered");
        assert_eq!(site.articles.len(), summary.articles);
    }
}
