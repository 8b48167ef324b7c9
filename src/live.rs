//! A site kept in memory between rebuilds, for the live preview. A change to
//! one note, or to the text of one Markdown article, re-renders only the
//! pages that show it; any other change rebuilds everything. Both paths end
//! in the same pages a full build gives.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tera::Tera;

use crate::assemble::{note_order, single_article, single_note, Include};
use crate::build::{load_site_warned, BuildOptions};
use crate::error::{read_text, Diagnostic, Result};
use crate::group::{file_article, index_notes, resolve_note};
use crate::load::{classify, split, Kind};
use crate::model::{Site, Stamp, Target};
use crate::progress::Silent;
use crate::related::{self, Profile};
use crate::render::view::Views;
use crate::render::{self, templates, Job};

/// Pages by output path.
pub type PageMap = HashMap<String, Arc<Vec<u8>>>;

/// How the pages were brought up to date.
#[derive(Debug, Clone)]
pub struct Update {
    pub pages: Arc<PageMap>,
    /// Pages rendered by this update.
    pub rendered: usize,
    /// Whether only the affected pages were rendered.
    pub incremental: bool,
    /// Content files a full build left out (links, special files).
    pub skipped: Vec<Diagnostic>,
}

pub struct LiveSite {
    options: BuildOptions,
    /// The last good build; `None` after a failure, so that the next
    /// change rebuilds everything and reports every problem.
    state: Option<State>,
}

struct State {
    site: Site,
    tera: Tera,
    views: Views,
    pages: Arc<PageMap>,
    /// Every article's terms, for relating them again after an edit;
    /// counted at the first edit of an article, not at every full build.
    profiles: Option<Vec<Profile>>,
}

impl LiveSite {
    pub fn new(options: BuildOptions) -> LiveSite {
        LiveSite { options, state: None }
    }

    /// Drops the kept build, so that the next update builds everything
    /// (after an update that panicked half way).
    pub fn forget(&mut self) {
        self.state = None;
    }

    /// Brings the pages up to date after `changed` files (relative to the
    /// root); with no changed files, builds everything.
    pub fn update(&mut self, changed: &[PathBuf]) -> Result<Update> {
        // Editors' tools drop temporary files into content/; Broadsheet
        // does not read them, so they change nothing.
        let relevant = relevant(changed);
        let result = match (self.state.as_mut(), relevant.as_slice()) {
            (Some(state), []) if !changed.is_empty() => {
                Ok(Update { pages: Arc::clone(&state.pages), rendered: 0, incremental: true, skipped: Vec::new() })
            }
            (Some(state), [one]) => match incremental(state, &self.options, one) {
                Ok(Some(rendered)) => {
                    Ok(Update { pages: Arc::clone(&state.pages), rendered, incremental: true, skipped: Vec::new() })
                }
                // On any problem the full build reports every problem as a
                // build would (a note may name an article held back as a
                // draft, which only the full build knows).
                Ok(None) | Err(_) => self.full(),
            },
            _ => self.full(),
        };
        if result.is_err() {
            self.state = None;
        }
        result
    }

    fn full(&mut self) -> Result<Update> {
        let (site, skipped) = load_site_warned(&self.options)?;
        let tera = templates::load(&self.options.root, &site.config.theme)?;
        let statics = render::static_files(&self.options.root, &site.config.theme)?;
        let views = Views::new(&site);
        let pages = render::render_with_views(&site, &tera, &views, statics, &Silent)
            .map_err(|e| templates::locate(&self.options.root, &site.config.theme, e))?;
        let rendered = pages.len();
        let pages: PageMap = pages.into_iter().map(|p| (p.path, Arc::new(p.bytes))).collect();
        let pages = Arc::new(pages);
        self.state = Some(State { site, tera, views, pages: Arc::clone(&pages), profiles: None });
        Ok(Update { pages, rendered, incremental: false, skipped })
    }
}

/// The changed files a build reads: editors' tools drop temporary files
/// into content/ that Broadsheet never reads.
pub fn relevant(changed: &[PathBuf]) -> Vec<PathBuf> {
    changed.iter().filter(|p| !p.starts_with(crate::load::CONTENT_DIR) || classify(p).is_some()).cloned().collect()
}

/// A file a full build reads: a link or a special file it skips, and so
/// must an update.
fn is_regular(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_file())
}

/// Applies one changed file in place when it is a note or a Markdown
/// article whose change cannot move anything around; `Ok(None)` asks for a
/// full build.
fn incremental(state: &mut State, options: &BuildOptions, changed: &Path) -> Result<Option<usize>> {
    let Some((kind, stem)) = classify(changed) else { return Ok(None) };
    let include = options.include();
    let full_path = options.root.join(changed);
    let jobs = match kind {
        Kind::Note => {
            let doc = if is_regular(&full_path) {
                let text = read_text(&full_path, changed)?;
                Some(split(Kind::Note, changed.to_path_buf(), stem.clone(), &text)?)
            } else {
                None
            };
            note_changed(state, doc.as_ref(), &stem, include)?
        }
        Kind::Article if is_regular(&full_path) => {
            let text = read_text(&full_path, changed)?;
            let doc = split(Kind::Article, changed.to_path_buf(), stem.clone(), &text)?;
            article_changed(state, &doc, include)?
        }
        _ => None,
    };
    let Some(jobs) = jobs else { return Ok(None) };
    let jobs: Vec<Job> = jobs.into_iter().collect();
    let pages = render::render_jobs(&state.site, &state.tera, &state.views, &jobs, &Silent)?;
    let count = pages.len();
    let map = Arc::make_mut(&mut state.pages);
    for p in pages {
        map.insert(p.path, Arc::new(p.bytes));
    }
    Ok(Some(count))
}

/// A note added, changed or removed: only the pages it was or is on.
fn note_changed(
    state: &mut State,
    doc: Option<&crate::load::Document>,
    stem: &str,
    include: Include,
) -> Result<Option<BTreeSet<Job>>> {
    let site = &mut state.site;
    let new = match doc {
        Some(doc) => match single_note(doc, site, include)? {
            Some(pending) => {
                Some(resolve_note(pending, &site.editions, site.config.period).map_err(crate::Error::new)?)
            }
            None => None,
        },
        None => None,
    };
    // A broken content reference: the full build reports it.
    if new.as_ref().is_some_and(|n| !crate::check::references(site, n.links.iter()).is_empty()) {
        return Ok(None);
    }
    let slug = crate::paths::slugify(stem);
    let old = site.notes.iter().position(|n| n.slug == slug);
    // Another file with the same slug: a duplicate, for the full build to name.
    if old.is_some_and(|i| doc.is_some_and(|d| site.notes[i].file != d.path)) {
        return Ok(None);
    }
    let mut targets: Vec<Target> = old.map(|i| site.notes[i].about.clone()).unwrap_or_default();
    if let Some(i) = old {
        site.notes.remove(i);
    }
    if let Some(note) = new {
        targets.extend(&note.about);
        site.notes.push(note);
    }
    site.notes.sort_by(note_order);
    site.notes_about = index_notes(&site.notes);
    state.views.refresh_notes(site);
    Ok(Some(pages_showing(site, &targets)))
}

/// A Markdown article edited in place. Only when its topics and dates stay
/// the same do the listings stay as they were; its words may change which
/// articles are related, so relations are worked out again from every
/// article's terms (kept between edits), and pages whose list changed are
/// rendered too.
fn article_changed(state: &mut State, doc: &crate::load::Document, include: Include) -> Result<Option<BTreeSet<Job>>> {
    let site = &mut state.site;
    let Some(i) = site.articles.iter().position(|a| a.file == doc.path) else {
        return Ok(None);
    };
    let Some(new) = single_article(doc, site, include)? else { return Ok(None) };
    if !crate::check::references(site, new.links.iter()).is_empty() {
        return Ok(None);
    }
    let old = &site.articles[i];
    let alike = |a: Option<Stamp>, b: Option<Stamp>| match (a, b) {
        (Some(a), Some(b)) => a.same_as(&b),
        (a, b) => a.is_none() && b.is_none(),
    };
    let same_place = new.topics == old.topics
        && alike(new.published, old.published)
        && alike(new.retrieved, old.retrieved)
        && file_article(&new, &site.topics) == site.article_topics[i];
    if !same_place {
        return Ok(None);
    }
    let profiles = state.profiles.get_or_insert_with(|| related::profiles(&site.articles));
    let mut relisted = BTreeSet::new();
    let profile = related::profile(&new);
    if profile != profiles[i] {
        profiles[i] = profile;
        let now = related::related(profiles, &site.article_topics, site.config.related_limit);
        relisted.extend((0..now.len()).filter(|&j| now[j] != site.related[j]).map(Job::Article));
        site.related = now;
    }
    site.articles[i] = new;
    state.views.refresh_article(site, i);

    let limit = site.config.feed_limit;
    let edition = site.article_edition[i];
    // Its page, the notes' pages that name it, and every listing of it.
    let mut targets = vec![Target::Article(i)];
    for n in site.notes_for(Target::Article(i)) {
        targets.extend(&site.notes[*n].about);
    }
    let mut jobs = pages_showing(site, &targets);
    jobs.append(&mut relisted);
    let per_page = site.config.per_page;
    for &t in &site.article_topics[i] {
        let at = site.topic_articles[t].iter().position(|&a| a == i).unwrap_or(0);
        jobs.insert(Job::Topic(t, at / per_page.max(1)));
    }
    if let Some(e) = edition {
        jobs.extend([Job::Edition(e), Job::EditionFeed(e)]);
        if Some(e) == latest_edition(site) {
            jobs.insert(Job::Index);
        }
    }
    jobs.extend(site.related.iter().enumerate().filter(|(_, r)| r.contains(&i)).map(|(j, _)| Job::Article(j)));
    for &t in &site.article_topics[i] {
        if site.topic_articles[t].iter().take(limit).any(|&a| a == i) {
            jobs.insert(Job::TopicFeed(t));
        }
    }
    if i < limit {
        jobs.extend([Job::Feed, Job::JsonFeed]);
    }
    Ok(Some(jobs))
}

/// The pages that show notes about these things; the home page shows the
/// latest edition's.
fn pages_showing(site: &Site, targets: &[Target]) -> BTreeSet<Job> {
    let latest = latest_edition(site);
    let mut jobs = BTreeSet::new();
    for &t in targets {
        jobs.insert(match t {
            Target::Article(a) => Job::Article(a),
            // Notes show on a topic's first page.
            Target::Topic(t) => Job::Topic(t, 0),
            Target::Edition(e) => Job::Edition(e),
        });
        if matches!(t, Target::Edition(e) if Some(e) == latest) {
            jobs.insert(Job::Index);
        }
    }
    jobs
}

/// The edition the home page shows.
fn latest_edition(site: &Site) -> Option<usize> {
    site.editions.iter().position(|e| !e.groups.is_empty())
}

impl std::fmt::Debug for LiveSite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveSite").field("root", &self.options.root).field("built", &self.state.is_some()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site_copy() -> tempfile::TempDir {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        let dir = tempfile::tempdir().unwrap();
        for e in walkdir::WalkDir::new(&src) {
            let e = e.unwrap();
            let to = dir.path().join(e.path().strip_prefix(&src).unwrap());
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&to).unwrap();
            } else {
                std::fs::copy(e.path(), &to).unwrap();
            }
        }
        dir
    }

    fn options(root: &Path) -> BuildOptions {
        BuildOptions { root: root.to_path_buf(), base_url: Some("http://127.0.0.1:1111/".into()), ..Default::default() }
    }

    /// What a full build of the same files gives.
    fn fresh(root: &Path) -> PageMap {
        let mut live = LiveSite::new(options(root));
        (*live.update(&[]).unwrap().pages).clone()
    }

    fn assert_same(a: &PageMap, b: &PageMap) {
        let mut keys: Vec<&String> = a.keys().collect();
        keys.sort();
        let mut other: Vec<&String> = b.keys().collect();
        other.sort();
        assert_eq!(keys, other);
        for k in keys {
            assert!(a[k] == b[k], "{k} differs from a full build");
        }
    }

    #[test]
    fn note_edits_render_only_their_pages_and_match_a_full_build() {
        let dir = site_copy();
        let root = dir.path();
        let mut live = LiveSite::new(options(root));
        live.update(&[]).unwrap();
        let note = "content/notes/alpha-context.md";
        let text = std::fs::read_to_string(root.join(note)).unwrap();
        std::fs::write(root.join(note), text.replace("Alpha note body", "Edited note body")).unwrap();
        let update = live.update(&[PathBuf::from(note)]).unwrap();
        assert!(update.incremental);
        assert!(update.rendered <= 3, "rendered {}", update.rendered);
        assert!(String::from_utf8_lossy(&update.pages["topics/alpha/index.html"]).contains("Edited note body"));
        assert_same(&update.pages, &fresh(root));

        // A new note, then its removal.
        let added = "content/notes/new-one.md";
        std::fs::write(
            root.join(added),
            "---\ntitle: New\ndate: 2024-11-29\nabout: [editions/2024-W48]\n---\nBrand new note.\n",
        )
        .unwrap();
        let update = live.update(&[PathBuf::from(added)]).unwrap();
        assert!(update.incremental);
        assert!(String::from_utf8_lossy(&update.pages["index.html"]).contains("Brand new note."));
        assert_same(&update.pages, &fresh(root));
        std::fs::remove_file(root.join(added)).unwrap();
        let update = live.update(&[PathBuf::from(added)]).unwrap();
        assert!(!String::from_utf8_lossy(&update.pages["index.html"]).contains("Brand new note."));
        assert_same(&update.pages, &fresh(root));
    }

    #[test]
    fn article_text_edits_render_only_where_it_is_shown() {
        let dir = site_copy();
        let root = dir.path();
        let mut live = LiveSite::new(options(root));
        let all = live.update(&[]).unwrap().rendered;
        let article = "content/articles/alpha-new.md";
        let text = std::fs::read_to_string(root.join(article)).unwrap();
        std::fs::write(root.join(article), text.replace("Alpha news, newest", "Alpha news, retitled")).unwrap();
        let update = live.update(&[PathBuf::from(article)]).unwrap();
        assert!(update.incremental);
        assert!(update.rendered < all / 2, "rendered {} of {all}", update.rendered);
        assert_same(&update.pages, &fresh(root));

        // A change of topic moves the article: everything is rebuilt.
        let text = std::fs::read_to_string(root.join(article)).unwrap();
        std::fs::write(root.join(article), text.replace("topics: [alpha]", "topics: [beta]")).unwrap();
        let update = live.update(&[PathBuf::from(article)]).unwrap();
        assert!(!update.incremental);
        assert_same(&update.pages, &fresh(root));
    }

    #[test]
    fn an_edit_that_changes_relations_renders_the_pages_that_list_them() {
        let dir = site_copy();
        let root = dir.path();
        std::fs::write(
            root.join("content/articles/kim-a.md"),
            "---\ntitle: \"Kim A\"\nsource: Wire\nretrieved: 2024-11-26\n---\nVladivostok hosted Zhukov and Lavrenko for artillery talks.\n",
        )
        .unwrap();
        let mut live = LiveSite::new(options(root));
        let all = live.update(&[]).unwrap().rendered;
        assert!(!String::from_utf8_lossy(&live.update(&[]).unwrap().pages["articles/kim-a/index.html"])
            .contains("Alpha news, newest"));
        let article = "content/articles/alpha-new.md";
        let text = std::fs::read_to_string(root.join(article)).unwrap();
        let edited = text.replace("Alpha body one.", "Zhukov and Lavrenko met in Vladivostok for artillery talks.");
        std::fs::write(root.join(article), edited).unwrap();
        let update = live.update(&[PathBuf::from(article)]).unwrap();
        assert!(update.incremental);
        assert!(update.rendered < all / 2, "rendered {} of {all}", update.rendered);
        assert!(String::from_utf8_lossy(&update.pages["articles/kim-a/index.html"]).contains("Alpha news, newest"));
        assert_same(&update.pages, &fresh(root));
    }

    #[test]
    fn files_broadsheet_does_not_read_change_nothing() {
        let dir = site_copy();
        let root = dir.path();
        let mut live = LiveSite::new(options(root));
        live.update(&[]).unwrap();
        std::fs::write(root.join("content/articles/sedX1b2c3"), "temporary").unwrap();
        let update = live.update(&[PathBuf::from("content/articles/sedX1b2c3")]).unwrap();
        assert_eq!(update.rendered, 0);
    }

    #[test]
    fn a_broken_edit_is_an_error_and_the_fix_rebuilds() {
        let dir = site_copy();
        let root = dir.path();
        let mut live = LiveSite::new(options(root));
        live.update(&[]).unwrap();
        let note = "content/notes/alpha-context.md";
        let good = std::fs::read_to_string(root.join(note)).unwrap();
        std::fs::write(root.join(note), "---\ntitle: [unclosed\n---\n").unwrap();
        let err = live.update(&[PathBuf::from(note)]).unwrap_err();
        assert!(err.to_string().contains("content/notes/alpha-context.md:2"), "{err}");
        std::fs::write(root.join(note), &good).unwrap();
        let update = live.update(&[PathBuf::from(note)]).unwrap();
        assert!(!update.incremental, "after a failure everything is rebuilt");
        assert_same(&update.pages, &fresh(root));

        // A link to nothing is an error like any other, from a good state
        // (the note alone) or after a failure (the whole site).
        let broken = good.replace("Alpha note body", "See [gone](@/articles/alpha-odl).");
        std::fs::write(root.join(note), broken).unwrap();
        for _ in 0..2 {
            let err = live.update(&[PathBuf::from(note)]).unwrap_err().to_string();
            assert!(err.contains("link \"@/articles/alpha-odl\" is broken"), "{err}");
            assert!(err.contains("did you mean @/articles/alpha-old?"), "{err}");
        }
    }
}
