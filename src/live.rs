//! A site kept in memory between rebuilds, for the live preview. Every
//! change runs the build's own stages (load, assemble, group) over the
//! files as they are now — with the render cache's memo of articles, so
//! that unchanged files are not parsed again — then renders only the jobs
//! whose input changed: every output declares its jobs and their inputs
//! (`render::outputs`), so this module knows nothing of pages, and the
//! pages are always those a full build gives.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::build::{load_site_remembering, BuildOptions};
use crate::cache::memo::{Kept, Memo};
use crate::error::{Diagnostic, Result};
use crate::load::classify;
use crate::progress::Silent;
use crate::render::{templates, Plan, Theme};

/// Pages by output path.
pub type PageMap = HashMap<String, Arc<Vec<u8>>>;

/// How the pages were brought up to date.
#[derive(Debug, Clone)]
pub struct Update {
    pub pages: Arc<PageMap>,
    /// Pages rendered by this update.
    pub rendered: usize,
    /// Whether only the pages whose input changed were rendered.
    pub incremental: bool,
    /// Content files the build left out (links, special files), when
    /// they differ from the last update's.
    pub skipped: Vec<Diagnostic>,
}

pub struct LiveSite {
    options: BuildOptions,
    /// The last good build; `None` before the first.
    state: Option<State>,
    /// The articles of the last update: its site, or, after one that
    /// failed, the memo of those that were right.
    last: Last,
}

enum Last {
    Memo(Memo),
    Site(Box<crate::model::Site>, Kept),
}

impl Last {
    /// The memo of the last update's articles, moved out of its site.
    fn take(&mut self) -> Memo {
        match std::mem::replace(self, Last::Memo(Memo::default())) {
            Last::Memo(memo) => memo,
            Last::Site(site, kept) => kept.into_memo(*site),
        }
    }
}

struct State {
    pages: Arc<PageMap>,
    /// Each page's input fingerprint, by output path.
    fingerprints: HashMap<String, u64>,
    skipped: Vec<String>,
}

impl LiveSite {
    pub fn new(options: BuildOptions) -> LiveSite {
        LiveSite { options, state: None, last: Last::Memo(Memo::default()) }
    }

    /// Drops the kept build, so that the next update renders everything
    /// (after an update that panicked half way).
    pub fn forget(&mut self) {
        self.state = None;
        self.last = Last::Memo(Memo::default());
    }

    /// Brings the pages up to date after `changed` files (relative to the
    /// root); with no changed files, builds everything.
    pub fn update(&mut self, changed: &[PathBuf]) -> Result<Update> {
        if let Some(state) = &self.state {
            // Editors' tools drop temporary files into content/; Broadsheet
            // does not read them, so they change nothing.
            if !changed.is_empty() && relevant(changed).is_empty() {
                return Ok(Update { pages: Arc::clone(&state.pages), rendered: 0, incremental: true, skipped: vec![] });
            }
        }
        let (site, skipped, kept) = match load_site_remembering(&self.options, self.last.take()) {
            Ok(loaded) => loaded,
            Err((e, memo)) => {
                self.last = Last::Memo(memo);
                return Err(e);
            }
        };
        let update = self.render(&site, &kept, skipped);
        self.last = Last::Site(Box::new(site), kept);
        update
    }

    /// Renders the pages of `site` whose input changed since the last update.
    fn render(&mut self, site: &crate::model::Site, kept: &Kept, skipped: Vec<Diagnostic>) -> Result<Update> {
        let theme = Theme::load(&self.options.root, &site.config.theme)?;
        let plan = Plan::new(site, &theme)?.with_sources((kept.keys.articles.clone(), kept.keys.context));
        let fingerprints = plan.fingerprints()?;
        let old = self.state.as_ref();
        let unchanged = |i: usize| {
            let path = &plan.jobs[i].route.path;
            old.and_then(|s| Some((s.fingerprints.get(path)?, s.pages.get(path)?)))
                .filter(|(print, _)| **print == fingerprints[i])
                .map(|(_, page)| page)
        };
        let stale: Vec<usize> = (0..plan.jobs.len()).filter(|&i| unchanged(i).is_none()).collect();
        let mut pages: PageMap = (0..plan.jobs.len())
            .filter_map(|i| unchanged(i).map(|page| (plan.jobs[i].route.path.clone(), Arc::clone(page))))
            .collect();
        let rendered =
            plan.render(&stale, &Silent).map_err(|e| templates::locate(&self.options.root, &site.config.theme, e))?;
        pages.extend(rendered.into_iter().map(|p| (p.path, Arc::new(p.bytes))));
        let skipped_text: Vec<String> = skipped.iter().map(ToString::to_string).collect();
        let repeated = old.is_some_and(|s| s.skipped == skipped_text);
        let update = Update {
            pages: Arc::new(pages),
            rendered: stale.len(),
            incremental: old.is_some(),
            skipped: if repeated { Vec::new() } else { skipped },
        };
        let fingerprints = plan.jobs.iter().map(|j| j.route.path.clone()).zip(fingerprints).collect();
        self.state = Some(State { pages: Arc::clone(&update.pages), fingerprints, skipped: skipped_text });
        Ok(update)
    }
}

/// The changed files a build reads: editors' tools drop temporary files
/// into content/ that Broadsheet never reads.
pub fn relevant(changed: &[PathBuf]) -> Vec<PathBuf> {
    changed.iter().filter(|p| !p.starts_with(crate::load::CONTENT_DIR) || classify(p).is_some()).cloned().collect()
}

impl std::fmt::Debug for LiveSite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LiveSite").field("root", &self.options.root).field("built", &self.state.is_some()).finish()
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    fn copy_dir(src: &Path, to: &Path) {
        for e in walkdir::WalkDir::new(src) {
            let e = e.unwrap();
            let dest = to.join(e.path().strip_prefix(src).unwrap());
            if e.file_type().is_dir() {
                std::fs::create_dir_all(&dest).unwrap();
            } else {
                std::fs::copy(e.path(), &dest).unwrap();
            }
        }
    }

    fn site_copy() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic"), dir.path());
        dir
    }

    /// The `basic` fixture (Markdown and raw articles, a sidecar, notes,
    /// topics, an edition) with `n` generated articles over many weeks,
    /// topic pages of several pages and a topic claiming articles by rule.
    fn generated_site(n: usize) -> tempfile::TempDir {
        let dir = site_copy();
        let root = dir.path();
        let config = std::fs::read_to_string(root.join("site.toml")).unwrap();
        std::fs::write(root.join("site.toml"), format!("{config}per_page = 10\nrelated = 3\n")).unwrap();
        std::fs::write(
            root.join("content/topics/harbour.md"),
            "---\ntitle: Harbour\nweight: 3\nmatch:\n  all: [[harbour, port]]\n---\nShips.\n",
        )
        .unwrap();
        let start = chrono::NaiveDate::from_ymd_opt(2024, 11, 27).unwrap();
        for i in 0..n {
            let date = start - chrono::Duration::days((i / 4) as i64);
            let topics = ["[alpha]", "[beta]", "[]", "[alpha, beta]"][i % 4];
            let topics = if i % 4 == 2 { String::new() } else { format!("topics: {topics}\n") };
            let words = ["harbour cranes idle", "markets steady", "port strike looms", "rain again"];
            let text = format!(
                "---\ntitle: \"Story {i}\"\nsource: \"Outlet {}\"\npublished: {date}\n{topics}---\n\
                 Paragraph one of story {i}: {}.\n\nParagraph two, with {} words.\n",
                i % 7,
                words[i % 4],
                words[(i / 4) % 4]
            );
            std::fs::write(root.join(format!("content/articles/gen-{i}.md")), text).unwrap();
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

    fn assert_same(a: &PageMap, b: &PageMap, after: &str) {
        let mut keys: Vec<&String> = a.keys().collect();
        keys.sort();
        let mut other: Vec<&String> = b.keys().collect();
        other.sort();
        assert_eq!(keys, other, "after {after}");
        for k in keys {
            assert!(a[k] == b[k], "after {after}: {k} differs from a full build");
        }
    }

    fn edit(root: &Path, file: &str, from: &str, to: &str) {
        let text = std::fs::read_to_string(root.join(file)).unwrap();
        assert!(text.contains(from), "{file} has no {from:?}");
        std::fs::write(root.join(file), text.replacen(from, to, 1)).unwrap();
    }

    fn page(update: &Update, path: &str) -> String {
        String::from_utf8_lossy(&update.pages[path]).into_owned()
    }

    #[test]
    fn every_kind_of_edit_gives_the_pages_of_a_full_build() {
        let dir = generated_site(200);
        let root = dir.path();
        let mut live = LiveSite::new(options(root));
        let all = live.update(&[]).unwrap().rendered;
        let mut check = |file: &str, what: &str| {
            let update = live.update(&[PathBuf::from(file)]).unwrap();
            assert!(update.incremental, "{what}");
            assert_same(&update.pages, &fresh(root), what);
            update
        };

        edit(root, "content/articles/gen-9.md", "Paragraph two", "Paragraph deux");
        let update = check("content/articles/gen-9.md", "an article's text");
        assert!(update.rendered < all / 10, "rendered {} of {all}", update.rendered);
        edit(root, "content/articles/gen-9.md", "title: \"Story 9\"", "title: \"Story nine\"");
        let update = check("content/articles/gen-9.md", "an article's title");
        assert!(page(&update, "topics/beta/index.html").contains("Story nine"));
        edit(root, "content/articles/gen-9.md", "topics: [beta]", "topics: [alpha]");
        check("content/articles/gen-9.md", "an article's topics");
        edit(root, "content/articles/gen-9.md", "published: 2024-11-25", "published: 2023-01-02");
        check("content/articles/gen-9.md", "an article's date");
        std::fs::write(
            root.join("content/articles/added.md"),
            "---\ntitle: Added\nsource: S\npublished: 2024-11-26\n---\nNew harbour story.\n",
        )
        .unwrap();
        check("content/articles/added.md", "an added article");
        std::fs::remove_file(root.join("content/articles/gen-12.md")).unwrap();
        check("content/articles/gen-12.md", "a removed article");

        let raw = std::fs::read_to_string(root.join("content/articles/scraped.txt")).unwrap();
        std::fs::write(root.join("content/articles/scraped.txt"), raw.replacen("the", "a", 1)).unwrap();
        check("content/articles/scraped.txt", "a raw article");
        edit(root, "content/articles/scraped.meta.yaml", "Scraped headline", "Scraped title");
        check("content/articles/scraped.meta.yaml", "a sidecar");

        edit(root, "content/notes/alpha-context.md", "Alpha note body", "Edited note body");
        let update = check("content/notes/alpha-context.md", "a note");
        assert!(update.rendered <= 3, "rendered {}", update.rendered);
        std::fs::write(
            root.join("content/notes/new-one.md"),
            "---\ntitle: New\ndate: 2024-11-29\nabout: [editions/2024-W48, articles/gen-3]\n---\nBrand new note.\n",
        )
        .unwrap();
        let update = check("content/notes/new-one.md", "an added note");
        assert!(page(&update, "index.html").contains("Brand new note."));
        std::fs::remove_file(root.join("content/notes/new-one.md")).unwrap();
        check("content/notes/new-one.md", "a removed note");

        edit(root, "content/topics/alpha.md", "All about alpha.", "Everything alpha.");
        check("content/topics/alpha.md", "a topic");
        edit(root, "content/topics/harbour.md", "[[harbour, port]]", "[[harbour]]");
        check("content/topics/harbour.md", "a topic's rules");
        edit(root, "content/editions/2024-W48.md", "Week forty-eight", "Week 48");
        check("content/editions/2024-W48.md", "an edition");

        std::fs::create_dir_all(root.join("templates/partials")).unwrap();
        let credit = crate::render::theme::layers(root, "default", "templates").unwrap()[0]
            .files
            .iter()
            .find(|(n, _)| n == "partials/credit.html")
            .map(|(_, b)| String::from_utf8(b.clone()).unwrap())
            .unwrap();
        std::fs::write(root.join("templates/partials/credit.html"), format!("<!-- mine -->{credit}")).unwrap();
        let update = check("templates/partials/credit.html", "a template");
        assert!(page(&update, "articles/gen-3/index.html").contains("<!-- mine -->"));
        std::fs::write(root.join("static/style.css"), "body { color: red }\n").unwrap();
        let update = check("static/style.css", "a stylesheet");
        assert_eq!(update.rendered, 1, "only the stylesheet");
        edit(root, "site.toml", "Test Digest", "Retitled Digest");
        let update = check("site.toml", "site.toml");
        assert!(page(&update, "feed.xml").contains("Retitled Digest"));
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
    fn a_broken_edit_is_an_error_and_the_fix_renders_its_pages() {
        let dir = site_copy();
        let root = dir.path();
        let mut live = LiveSite::new(options(root));
        live.update(&[]).unwrap();
        let note = "content/notes/alpha-context.md";
        let good = std::fs::read_to_string(root.join(note)).unwrap();
        std::fs::write(root.join(note), "---\ntitle: [unclosed\n---\n").unwrap();
        let err = live.update(&[PathBuf::from(note)]).unwrap_err();
        assert!(err.to_string().contains("content/notes/alpha-context.md:2"), "{err}");
        std::fs::write(root.join(note), good.replace("Alpha note body", "Mended note body")).unwrap();
        let update = live.update(&[PathBuf::from(note)]).unwrap();
        assert!(update.rendered <= 3, "rendered {}", update.rendered);
        assert_same(&update.pages, &fresh(root), "a mended note");
    }
}
