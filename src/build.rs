//! The driver: runs the pipeline stages in order.

use std::path::{Component, Path, PathBuf};
use std::time::{Duration, Instant};

use crate::assemble::{assemble, assemble_remembering, Include};
use crate::cache::memo::{key, FileKey, FileMap, Kept, Memo};
use crate::config::Config;
use crate::error::{Diagnostic, Error, Result};
use crate::group::{group, group_keeping_terms};
use crate::load::CONTENT_DIR;
use crate::model::Site;
use crate::progress::{Progress, Silent};
use crate::render::theme::{STATIC_DIR, TEMPLATES_DIR, THEMES_DIR};
use crate::render::{self, templates, Page, Theme};
use crate::write::{Staging, WriteReport};

/// What `broadsheet build` was asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder (holding `site.toml`).
    pub root: PathBuf,
    /// Overrides `output_dir` of site.toml; relative to the current folder.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` of site.toml.
    pub base_url: Option<String>,
    /// Include drafts.
    pub drafts: bool,
    /// Include content dated in the future.
    pub future: bool,
    /// The moment that counts as now (default: the clock), for scheduling.
    pub now: Option<chrono::DateTime<chrono::Utc>>,
    /// Use and keep the render cache in the site folder
    /// ([`crate::cache::CACHE_DIR`]): `broadsheet build` does unless
    /// given `--no-cache`.
    pub cache: bool,
    /// The process ends after this build (`broadsheet build`): the site's
    /// memory is left for the system to take back at exit, not freed piece
    /// by piece (tens of milliseconds on a large site). Off for a server
    /// that builds again.
    pub exiting: bool,
}

impl BuildOptions {
    /// What content the build includes, as of now.
    pub fn include(&self) -> Include {
        Include { drafts: self.drafts, future: self.future, now: self.now.unwrap_or_else(chrono::Utc::now) }
    }
}

#[derive(Debug, Clone)]
/// What a build did.
pub struct BuildSummary {
    /// The output folder written.
    pub output: PathBuf,
    /// Pages written or left unchanged.
    pub pages: usize,
    /// Articles published.
    pub articles: usize,
    /// Files written, unchanged and removed.
    pub write: WriteReport,
    /// How long the build took.
    pub elapsed: Duration,
    /// Things an editor should see that did not stop the build: content
    /// files left out (links, special files), empty editions.
    pub warnings: Vec<Diagnostic>,
    /// When each article held back as scheduled is due, soonest first.
    pub scheduled: Vec<crate::model::Stamp>,
}

/// Reads and validates the whole site: everything a build needs but pages.
/// A content reference to nothing (`@/articles/gone`) stops the build.
pub fn load_site(options: &BuildOptions) -> Result<Site> {
    load_site_warned(options).map(|(site, _)| site)
}

/// [`load_site`], with the warnings about content files left out.
pub(crate) fn load_site_warned(options: &BuildOptions) -> Result<(Site, Vec<Diagnostic>)> {
    let (site, skipped, broken) = load_site_and_references(options)?;
    if broken.is_empty() {
        Ok((site, skipped))
    } else {
        Err(Error::new(broken))
    }
}

/// The site, the warnings about content files left out, and its content
/// references that name nothing, for `check` to report together with
/// everything else it finds.
pub fn load_site_and_references(options: &BuildOptions) -> Result<(Site, Vec<Diagnostic>, Vec<Diagnostic>)> {
    let (config, loaded) = read_site(options)?;
    let site = assemble(config, loaded.docs, options.include()).and_then(group);
    with_references(site, loaded.problems, loaded.skipped)
}

/// `load_site_warned`, taking unchanged articles out of `memo` (see
/// `cache::memo`), with what is to be remembered of the site's
/// articles; when the build fails, the memo of the articles that were
/// right.
pub fn load_site_remembering(
    options: &BuildOptions,
    mut memo: Memo,
) -> std::result::Result<(Site, Vec<Diagnostic>, Kept), (Error, Memo)> {
    let known_related = memo.besides.related.take();
    // Files the cache saw unchanged are not read: what they make is remembered.
    let unchanged = std::mem::take(&mut memo.besides.unchanged);
    let known: FileMap<u128> = unchanged
        .into_iter()
        .filter_map(|path| {
            let hash = memo.entries.get(key(&path))?.hash;
            Some((FileKey(path), hash))
        })
        .collect();
    let read = std::mem::take(&mut memo.besides.read);
    let (config, loaded) = read_site_knowing(options, &known, read).map_err(|e| (e, Memo::default()))?;
    let (assembled, memo) = assemble_remembering(config, loaded.docs, options.include(), memo);
    let mut assembled = match assembled {
        Ok(assembled) => assembled,
        Err(e) => return Err((with_unreadable(e, loaded.problems), memo)),
    };
    let keys = assembled.keys.take().unwrap_or_default();
    let (mut profiles, mut related_key) = (Vec::new(), 0);
    let site = group_keeping_terms(assembled, known_related).map(|(site, terms, key)| {
        (profiles, related_key) = (terms, key);
        site
    });
    let (site, skipped, broken) =
        with_references(site, loaded.problems, loaded.skipped).map_err(|e| (e, Memo::default()))?;
    let kept = Kept { keys, profiles, related_key };
    if broken.is_empty() {
        Ok((site, skipped, kept))
    } else {
        // The articles were right: they are remembered.
        Err((Error::new(broken), kept.into_memo(site)))
    }
}

fn with_unreadable(e: Error, unreadable: Vec<Diagnostic>) -> Error {
    Error::new(unreadable.into_iter().chain(e.diagnostics).collect())
}

/// The configuration, with `--base-url` applied, and the content files.
fn read_site(options: &BuildOptions) -> Result<(Config, crate::load::Loaded)> {
    read_site_knowing(options, &FileMap::default(), FileMap::default())
}

/// [`read_site`], leaving unread the articles [`crate::load::load_knowing`]
/// is told of, and taking the bytes of files already `read`.
fn read_site_knowing(
    options: &BuildOptions,
    known: &FileMap<u128>,
    read: FileMap<Vec<u8>>,
) -> Result<(Config, crate::load::Loaded)> {
    let mut config = Config::load(&options.root)?;
    if let Some(url) = &options.base_url {
        config.set_base_url(url)?;
    }
    Ok((config, crate::load::load_knowing(&options.root, known, read)))
}

fn with_references(
    site: Result<Site>,
    unreadable: Vec<Diagnostic>,
    skipped: Vec<Diagnostic>,
) -> Result<(Site, Vec<Diagnostic>, Vec<Diagnostic>)> {
    match (site, unreadable.is_empty()) {
        (Ok(site), true) => {
            let broken = crate::check::references(&site, site.source_links());
            Ok((site, skipped, broken))
        }
        (Ok(_), false) => Err(Error::new(unreadable)),
        (Err(e), _) => Err(with_unreadable(e, unreadable)),
    }
}

/// Renders every page in memory; nothing touches the disk.
pub fn render_site(root: &Path, site: &Site) -> Result<Vec<Page>> {
    render_site_with(root, site, &Silent)
}

fn render_site_with(root: &Path, site: &Site, progress: &dyn Progress) -> Result<Vec<Page>> {
    let theme = Theme::load(root, &site.config.theme)?;
    render::render(site, &theme, progress).map_err(|e| templates::locate(root, &site.config.theme, e))
}

/// Renders only the outputs at these paths (in path order); nothing
/// touches the disk.
pub fn render_paths(root: &Path, site: &Site, paths: &[String]) -> Result<Vec<Page>> {
    let theme = Theme::load(root, &site.config.theme)?;
    let plan = render::Plan::new(site, &theme)?;
    let wanted: Vec<usize> = (0..plan.jobs.len()).filter(|&i| paths.contains(&plan.jobs[i].route.path)).collect();
    plan.render(&wanted, &Silent).map_err(|e| templates::locate(root, &site.config.theme, e))
}

/// Builds the site. On any error nothing in the output folder changes.
pub fn build(options: &BuildOptions) -> Result<BuildSummary> {
    build_with(options, &Silent)
}

/// [`build`], reporting progress as it goes.
pub fn build_with(options: &BuildOptions, progress: &dyn Progress) -> Result<BuildSummary> {
    if options.cache {
        return crate::cache::build(options, progress);
    }
    let started = Instant::now();
    let (site, warnings) = load_site_warned(options)?;
    let output = output_dir(options, &site.config)?;
    crate::write::check_replaceable(&output).map_err(|d| blame_output(d, options, &site.config))?;
    // Even a build that fails from here on gives back an output that an
    // interrupted one left moved aside.
    crate::write::restore_interrupted(&output);
    let theme = Theme::load(&options.root, &site.config.theme)?;
    // Nothing here keeps the pages' fingerprints.
    let plan = render::Plan::new(&site, &theme)?.without_fingerprints();
    let report = write_all(&options.root, &site, &plan, &output, progress, &|_, _, _, _| Ok(()))?;
    let pages = plan.jobs.len();
    let summary = BuildSummary {
        output,
        pages,
        articles: site.articles.len(),
        write: report,
        elapsed: started.elapsed(),
        warnings: warnings.into_iter().chain(crate::check::empty_editions(&site)).collect(),
        scheduled: site.scheduled.clone(),
    };
    leave_at_exit(options, plan);
    leave_at_exit(options, site);
    Ok(summary)
}

/// Not freed when the process is about to end (`BuildOptions::exiting`).
pub(crate) fn leave_at_exit<T>(options: &BuildOptions, value: T) {
    if options.exiting {
        std::mem::forget(value);
    }
}

/// Renders every job of `plan` and swaps the pages in as the new output,
/// telling `seen` of each page once it is written. Each page goes to the
/// staging folder as it is rendered; on any error the staging folder is
/// dropped and the output left as it was.
/// Told of each page written: its path, bytes and input's fingerprint,
/// and what the file system says of the file, when it was written anew.
pub(crate) type Written<'a> =
    &'a (dyn Fn(&str, &[u8], u64, Option<std::fs::Metadata>) -> Result<(), Diagnostic> + Sync);

pub(crate) fn write_all(
    root: &Path,
    site: &Site,
    plan: &render::Plan,
    output: &Path,
    progress: &dyn Progress,
    seen: Written,
) -> Result<WriteReport> {
    let folders = content_folders(site);
    let origin = |page: &str| origin(&folders, page);
    let staging = Staging::new(output, plan.jobs.iter().map(|j| j.route.path.as_str()), &origin)?;
    let all: Vec<usize> = (0..plan.jobs.len()).collect();
    plan.render_each(&all, progress, &|path, bytes, input| {
        let meta = staging.put(path, bytes)?;
        seen(path, bytes, input, meta)
    })
    .map_err(|e| templates::locate(root, &site.config.theme, e))?;
    staging.finish()
}

/// The content file a page was made from, when it is an article's or a
/// topic's, by the page's path and [`content_folders`].
fn origin(folders: &[(String, PathBuf)], page: &str) -> Option<PathBuf> {
    let (folder, _) = page.rsplit_once('/')?;
    let folder = format!("{folder}/");
    folders.iter().find(|(f, _)| folder.starts_with(f.as_str())).map(|(_, file)| file.clone())
}

/// The output folder of each article's and topic's pages, with the content
/// file they come from, longest first (`topics/a/page/2/` is under `topics/a/`).
fn content_folders(site: &Site) -> Vec<(String, PathBuf)> {
    let articles = site.articles.iter().map(|a| (format!("articles/{}/", a.slug), a.file.clone()));
    let topics = site.topics.iter().map(|t| (format!("topics/{}/", t.slug), t.file.clone()));
    let mut folders: Vec<_> = articles.chain(topics).collect();
    folders.sort_by_key(|(f, _)| std::cmp::Reverse(f.len()));
    folders
}

/// The output folder, refusing places where replacing it would destroy the
/// site itself.
pub(crate) fn output_dir(options: &BuildOptions, config: &Config) -> Result<PathBuf> {
    let output = match &options.output {
        Some(o) => absolute(o),
        None => absolute(&options.root.join(&config.output_dir)),
    };
    let root = absolute(&options.root);
    let protected = [
        root.clone(),
        root.join(CONTENT_DIR),
        root.join(THEMES_DIR),
        root.join(TEMPLATES_DIR),
        root.join(STATIC_DIR),
        root.join(crate::cache::CACHE_DIR),
    ];
    let clash = root.starts_with(&output) || protected[1..].iter().any(|p| output.starts_with(p));
    if clash || output == protected[0] {
        let shown = options.output.clone().unwrap_or_else(|| config.output_dir.clone());
        let refusal = Diagnostic::new(shown, None, "the output folder would replace the site's own files")
            .hint("build into a folder of its own, such as public/");
        return Err(blame_output(refusal, options, config).into());
    }
    Ok(output)
}

/// A refused output folder, reported where it was chosen: at its line of
/// site.toml unless `--output` chose it.
fn blame_output(refusal: Diagnostic, options: &BuildOptions, config: &Config) -> Diagnostic {
    if options.output.is_some() {
        return refusal;
    }
    let message = format!("output_dir \"{}\": {}", config.output_dir.display(), refusal.message);
    let blamed = Diagnostic::new(crate::config::CONFIG_FILE, config.output_dir_line, message);
    match refusal.hint {
        Some(hint) => blamed.hint(hint.replace("--output", "output_dir")),
        None => blamed,
    }
}

/// An absolute, lexically normalised path (the folder may not exist yet).
pub(crate) fn absolute(path: &Path) -> PathBuf {
    let joined =
        if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(path) };
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}
