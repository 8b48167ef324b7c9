//! Render: a pure function from the site model to `(path, bytes)` pages.
//!
//! Every output — pages of each kind, feeds, the sitemap, publish files —
//! is one module of `outputs`, listed in `outputs::ALL`. An output
//! declares its jobs for a site (each with its [`Route`]) and, per job,
//! hands its *input* — everything the bytes are made from — to a `Sink`,
//! which either renders it or fingerprints it. `build` renders every job;
//! the live preview fingerprints every job and renders only those whose
//! input changed, so no output can go stale there.

mod meta;
pub(crate) mod outputs;
mod page;
pub(crate) mod route;
mod sink;
mod template_limits;
pub(crate) mod templates;
pub(crate) mod theme;
pub(crate) mod view;

use std::path::Path;

use rayon::prelude::*;
use tera::Tera;

use crate::error::{Diagnostic, Diagnostics, Result};
use crate::model::{ArticleId, EditionId, Site, TopicId};
use crate::progress::{Phase, Progress};
pub use route::{Route, Routes};
pub(crate) use sink::Sink;
use view::Views;

/// One output file: a `/`-separated path relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Relative to the output folder, `/`-separated.
    pub path: String,
    /// The file's contents.
    pub bytes: Vec<u8>,
}

/// The model item a job is about (its input may show more: an article
/// page shows its related articles).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Item {
    /// The site as a whole: home page, listings, site feeds.
    Site,
    Article(ArticleId),
    Topic(TopicId),
    /// A topic's listing page, counted from 0.
    TopicPage(TopicId, usize),
    Edition(EditionId),
    /// A theme or site static file, by index in [`Theme::statics`].
    File(usize),
}

/// One file an output makes.
#[derive(Clone)]
pub(crate) struct Job {
    pub output: &'static dyn Output,
    pub item: Item,
    pub route: Route,
}

impl std::fmt::Debug for Job {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{:?}@{}", self.output.name(), self.item, self.route.path)
    }
}

/// What every output reads.
pub(crate) struct Cx<'a> {
    pub site: &'a Site,
    pub views: &'a Views<'a>,
    pub routes: &'a Routes,
    pub theme: &'a Theme,
}

/// One kind of output.
pub(crate) trait Output: Sync {
    /// Names the output in messages and tests.
    fn name(&self) -> &'static str;
    /// The files this output makes for the site.
    fn jobs(&self, cx: &Cx) -> Vec<(Item, Route)>;
    /// Builds the job's input and hands it to `sink` (with its renderer).
    fn run(&self, item: Item, route: &Route, cx: &Cx, sink: &mut Sink) -> Result<(), Diagnostic>;
    /// The job's fingerprint made from the [`Prints`] of what its input is
    /// built from, without building it; `None` (the default) when the
    /// output cannot tell: its input is built and hashed.
    fn print(&self, _item: Item, _route: &Route, _cx: &Cx, _prints: &Prints) -> Option<u64> {
        None
    }
}

/// Fingerprints of the parts page inputs are built from, each made once
/// per build: an article page's fingerprint is made of these rather than
/// of its whole context (on a first build and on an edit, hashing every
/// page's context was most of the cache's cost).
pub(crate) struct Prints {
    /// Of the templates and the `site` value every template sees.
    pub shared: u64,
    /// Of the whole configuration (routes, dates and feeds follow from it).
    pub config: u64,
    /// Of each article as the model holds it, in site order.
    pub articles: Vec<u64>,
    /// Of each article's card, in site order, told by what it is made
    /// from: no card need be made to be fingerprinted.
    pub cards: Vec<u64>,
}

impl Prints {
    /// `None` when some part cannot be hashed: every input is then hashed
    /// whole. An article with a known source ([`Plan::with_sources`]) is
    /// told by it; any other by all its fields.
    fn new(site: &Site, views: &Views, shared: u64, sources: Option<&Sources>) -> Option<Prints> {
        let print = |value: &dyn erased::Value| {
            let mut f = crate::cache::hash::Fingerprint::new();
            value.feed(&mut f).then(|| f.finish())
        };
        let source = |i: usize| {
            let (hashes, context) = sources.filter(|(h, _)| h.len() == site.articles.len())?;
            let hash = hashes[i]?;
            let mut f = crate::cache::hash::Fingerprint::new();
            f.bytes(&hash.to_le_bytes());
            f.bytes(&context.to_le_bytes());
            let a = &site.articles.as_slice()[i];
            f.bytes(a.file.to_string_lossy().as_bytes());
            f.u64(a.topics.len() as u64);
            a.topics.iter().for_each(|t| f.u64(crate::model::Id::index(*t) as u64));
            Some(f.finish())
        };
        let articles: Option<Vec<u64>> = site
            .articles
            .as_slice()
            .par_iter()
            .enumerate()
            .map(|(i, a)| source(i).or_else(|| print(&(a, a.body.parts()))))
            .collect();
        let mut config = crate::cache::hash::Fingerprint::new();
        // Debug shows every field; the cache is kept per binary.
        config.bytes(format!("{:?}", site.config).as_bytes());
        let config = config.finish();
        let topics: Option<Vec<u64>> = views.topics.iter().map(|t| print(t)).collect();
        let cards = card_prints(site, &topics?, config)?;
        Some(Prints { shared, config, articles: articles?, cards })
    }

    /// A page's fingerprint, begun with what every page reads: the
    /// templates and `site`, its template's name, its path and address,
    /// and the configuration.
    pub(crate) fn page(&self, template: &str, route: &route::Route) -> crate::cache::hash::Fingerprint {
        let mut f = crate::cache::hash::Fingerprint::new();
        f.u64(self.shared);
        f.bytes(template.as_bytes());
        f.bytes(route.path.as_bytes());
        f.bytes(route.url.as_bytes());
        f.u64(self.config);
        f
    }
}

/// Of each article's card ([`view::Views::card`]), from what it is made
/// of: the article's shown fields, its topics' links and the
/// configuration. An edit that leaves these alone (most of a body) leaves
/// every listing of the card as it was. `None` when a field cannot be hashed.
fn card_prints(site: &Site, topics: &[u64], config: u64) -> Option<Vec<u64>> {
    let topic_lists = site.article_topics.as_slice();
    site.articles
        .as_slice()
        .par_iter()
        .zip(topic_lists)
        .map(|(a, ts)| {
            let mut f = crate::cache::hash::Fingerprint::new();
            f.u64(config);
            for text in [&a.slug, &a.title, &a.source, &a.summary] {
                f.bytes(text.as_bytes());
            }
            f.stamp(a.published.as_ref());
            f.stamp(a.retrieved.as_ref());
            let image = a.figures.iter().find(|f| f.src.is_some());
            let told = f.value(&(&a.source_url, &a.authors, image, a.draft));
            f.u64(ts.len() as u64);
            ts.iter().for_each(|&t| f.u64(topics[crate::model::Id::index(t)]));
            told.then(|| f.finish())
        })
        .collect()
}

/// What each article of a site was made from, in site order (`None` for
/// one made from more than its own file), and the context it was made in:
/// equal sources make equal articles ([`crate::cache::memo`]).
pub(crate) type Sources = (Vec<Option<u128>>, u128);

/// Hashing values of different types through one closure.
mod erased {
    pub(super) trait Value: Sync {
        fn feed(&self, f: &mut crate::cache::hash::Fingerprint) -> bool;
    }
    impl<T: serde::Serialize + Sync> Value for T {
        fn feed(&self, f: &mut crate::cache::hash::Fingerprint) -> bool {
            f.value(self)
        }
    }
}

/// The theme a build renders with: templates (the default theme's,
/// overridden by the theme's, overridden by the site's) and static files.
pub(crate) struct Theme {
    pub tera: Tera,
    pub statics: Vec<theme::ThemeFile>,
    /// Of every template's name and text: a template change re-renders
    /// every page made from templates.
    pub fingerprint: u64,
}

impl Theme {
    pub(crate) fn load(root: &Path, name: &str) -> Result<Theme> {
        let (tera, fingerprint) = templates::load(root, name)?;
        let statics = static_files(root, name)?;
        Ok(Theme { tera, statics, fingerprint })
    }
}

/// The theme's `static/` files over the default theme's, then the site's
/// own `static/` over them.
fn static_files(root: &Path, theme_name: &str) -> Result<Vec<theme::ThemeFile>> {
    let mut files: std::collections::BTreeMap<String, Vec<u8>> = Default::default();
    for layer in theme::layers(root, theme_name, theme::STATIC_DIR)? {
        files.extend(layer.files);
    }
    files.extend(theme::read_folder(root, &root.join(theme::STATIC_DIR))?);
    Ok(files.into_iter().collect())
}

/// Takes each page as it is rendered: its path, bytes and input fingerprint.
pub(crate) type Put<'a> = &'a (dyn Fn(&str, &[u8], u64) -> Result<(), Diagnostic> + Sync);

/// Every job of a site, ready to render or fingerprint.
pub(crate) struct Plan<'a> {
    site: &'a Site,
    theme: &'a Theme,
    views: Views<'a>,
    site_value: tera::Value,
    /// A worker's context holding `site` alone ([`sink::site_context`]),
    /// made once: each run of jobs starts from a copy, which is cheaper
    /// than converting `site` again.
    site_context: tera::Context,
    /// Whether rendering fingerprints each page's input (for the render
    /// cache and the live preview); hashing every input costs a build
    /// without the cache a few percent for nothing.
    printing: bool,
    /// Made when first needed ([`Plan::prints`]).
    prints: std::sync::OnceLock<Option<Prints>>,
    sources: Option<Sources>,
    pub jobs: Vec<Job>,
}

impl<'a> Plan<'a> {
    /// Every output's jobs, in path order; two outputs claiming one path
    /// is an error.
    pub(crate) fn new(site: &'a Site, theme: &'a Theme) -> Result<Plan<'a>> {
        let views = Views::new(site);
        let site_value = tera::to_value(&views.site).map_err(|e| Diagnostic::new("site", None, e.to_string()))?;
        let prints = std::sync::OnceLock::new();
        let site_context = sink::site_context(&site_value);
        let mut plan = Plan {
            site,
            theme,
            views,
            site_value,
            site_context,
            printing: true,
            prints,
            sources: None,
            jobs: Vec::new(),
        };
        let cx = plan.cx();
        let mut jobs: Vec<Job> = outputs::ALL
            .iter()
            .flat_map(|&output| output.jobs(&cx).into_iter().map(move |(item, route)| Job { output, item, route }))
            .collect();
        jobs.sort_by(|a, b| a.route.path.cmp(&b.route.path));
        let mut problems = Diagnostics::default();
        for w in jobs.windows(2).filter(|w| w[0].route.path == w[1].route.path) {
            let file = w.iter().find(|j| matches!(j.item, Item::File(_))).unwrap_or(&w[0]);
            problems.push(
                Diagnostic::new(
                    format!("static/{}", file.route.path),
                    None,
                    "a static file has the same path as a generated page",
                )
                .hint("rename or remove the static file"),
            );
        }
        plan.jobs = jobs;
        problems.finish(plan)
    }

    /// This plan, rendering without fingerprints: [`Put`] is told 0.
    pub(crate) fn without_fingerprints(self) -> Plan<'a> {
        Plan { printing: false, ..self }
    }

    /// This plan, telling articles apart by what they were made from
    /// rather than by all their fields.
    pub(crate) fn with_sources(self, sources: Sources) -> Plan<'a> {
        Plan { sources: Some(sources), ..self }
    }

    /// The parts' fingerprints, made once.
    fn prints(&self) -> Option<&Prints> {
        let shared = || sink::shared_fingerprint(self.theme.fingerprint, &self.site_value);
        self.prints.get_or_init(|| Prints::new(self.site, &self.views, shared(), self.sources.as_ref())).as_ref()
    }

    /// The job's fingerprint as its output tells it from [`Prints`].
    fn known_print(&self, job: &Job) -> Option<u64> {
        job.output.print(job.item, &job.route, &self.cx(), self.prints()?)
    }

    fn cx(&self) -> Cx<'_> {
        Cx { site: self.site, views: &self.views, routes: &self.views.routes, theme: self.theme }
    }

    /// Renders the jobs at these indices of [`Plan::jobs`], in parallel.
    pub(crate) fn render(&self, indices: &[usize], progress: &dyn Progress) -> Result<Vec<Page>> {
        Ok(self.render_printed(indices, progress)?.into_iter().map(|(page, _)| page).collect())
    }

    /// [`Plan::render`], with each page's input fingerprint (as
    /// [`Plan::fingerprints`] gives it), for the render cache; in path order.
    pub(crate) fn render_printed(&self, indices: &[usize], progress: &dyn Progress) -> Result<Vec<(Page, u64)>> {
        let pages = std::sync::Mutex::new(Vec::with_capacity(indices.len()));
        self.render_each(indices, progress, &|path, bytes, print| {
            let page = Page { path: path.to_string(), bytes: bytes.to_vec() };
            pages.lock().unwrap_or_else(|e| e.into_inner()).push((page, print));
            Ok(())
        })?;
        let mut pages = pages.into_inner().unwrap_or_else(|e| e.into_inner());
        pages.sort_unstable_by(|a, b| a.0.path.cmp(&b.0.path));
        Ok(pages)
    }

    /// Renders the jobs at these indices in parallel, handing each page and
    /// its input fingerprint (0 [`Plan::without_fingerprints`]) to `put` as soon as it is made (a build writes
    /// it out then, so pages are never all held at once). Every problem is
    /// reported, of rendering or of `put`.
    pub(crate) fn render_each(&self, indices: &[usize], progress: &dyn Progress, put: Put) -> Result<()> {
        progress.start(Phase::Render, indices.len());
        let shared = self.printing.then(|| sink::shared_fingerprint(self.theme.fingerprint, &self.site_value));
        // Longest first, so that no long job runs alone at the end: whole-site
        // jobs (the search index, feeds, the sitemap), then listings (a
        // topic's or an edition's pages list dozens of cards), then the
        // rest (an article's page, a static file).
        let mut order = indices.to_vec();
        order.sort_by_key(|&i| match self.jobs[i].item {
            Item::Site => 0,
            Item::TopicPage(..) | Item::Edition(_) | Item::Topic(_) => 1,
            Item::Article(_) | Item::File(_) => 2,
        });
        // A run's buffer and `site` context are handed on to the next run
        // rather than made again: copying the context was a run's largest
        // cost besides its pages (1% of a 10,000-article build).
        let workers = std::sync::Mutex::new(Vec::new());
        let mut problems: Vec<(usize, Diagnostic)> = order
            .par_iter()
            // Rayon would otherwise hand out a few long runs of jobs, which
            // are not split once started: at 10,000 articles the last run of
            // topic pages took a fifth of a second on one core while the
            // other waited. Short runs leave at most a few jobs to the end.
            .with_max_len(RUN_JOBS)
            .map_init(
                || Lent::take(&workers, || (Vec::with_capacity(64 * 1024), self.site_context.clone())),
                |worker, &i| {
                    let (buffer, site) = &mut worker.value;
                    let job = &self.jobs[i];
                    // A fingerprint told from its parts is not made again from the input.
                    let known = shared.and_then(|_| self.known_print(job));
                    let hashed = if known.is_some() { None } else { shared };
                    let sink = Sink::render(&self.theme.tera, site, hashed, std::mem::take(buffer));
                    let result = self.run(job, sink).and_then(|(bytes, print)| {
                        let done = put(&job.route.path, &bytes, known.unwrap_or(print));
                        *buffer = bytes;
                        done
                    });
                    progress.advance(1);
                    result.err().map(|d| (i, d))
                },
            )
            .flatten()
            .collect();
        // Told in path order, however the work was spread.
        problems.sort_by_key(|&(i, _)| i);
        let mut all = Diagnostics::default();
        for (_, d) in problems {
            all.push(d);
        }
        all.finish(())
    }

    /// Every page, in path order.
    pub(crate) fn render_all(&self, progress: &dyn Progress) -> Result<Vec<Page>> {
        self.render(&(0..self.jobs.len()).collect::<Vec<_>>(), progress)
    }

    /// A fingerprint of each job's input, in job order: equal
    /// fingerprints render equal bytes.
    pub(crate) fn fingerprints(&self) -> Result<Vec<u64>> {
        let shared = sink::shared_fingerprint(self.theme.fingerprint, &self.site_value);
        let results: Vec<Result<u64, Diagnostic>> = self
            .jobs
            .par_iter()
            .map(|job| {
                if let Some(print) = self.known_print(job) {
                    return Ok(print);
                }
                let mut sink = Sink::fingerprint(shared);
                job.output.run(job.item, &job.route, &self.cx(), &mut sink)?;
                Ok(sink.finish_fingerprint())
            })
            .collect();
        let mut problems = Diagnostics::default();
        let mut prints = Vec::with_capacity(results.len());
        for r in results {
            match r {
                Ok(p) => prints.push(p),
                Err(d) => problems.push(d),
            }
        }
        problems.finish(prints)
    }

    fn run(&self, job: &Job, mut sink: Sink) -> Result<(Vec<u8>, u64), Diagnostic> {
        job.output.run(job.item, &job.route, &self.cx(), &mut sink)?;
        Ok(sink.finish_render())
    }
}

/// A value taken from a pool (or made when the pool is empty) and put
/// back when dropped.
struct Lent<'p, T: Default> {
    pool: &'p std::sync::Mutex<Vec<T>>,
    value: T,
}

impl<'p, T: Default> Lent<'p, T> {
    fn take(pool: &'p std::sync::Mutex<Vec<T>>, make: impl FnOnce() -> T) -> Lent<'p, T> {
        let taken = pool.lock().unwrap_or_else(|e| e.into_inner()).pop();
        Lent { pool, value: taken.unwrap_or_else(make) }
    }
}

impl<T: Default> Drop for Lent<'_, T> {
    fn drop(&mut self) {
        let value = std::mem::take(&mut self.value);
        self.pool.lock().unwrap_or_else(|e| e.into_inner()).push(value);
    }
}

/// Jobs a worker takes at a time (see [`Plan::render_each`]): each run
/// starts from a copy of the `site` context, which is small beside a run;
/// the longest jobs go first, so a run at the end is of short ones.
const RUN_JOBS: usize = 16;

/// Everything a build writes, in path order.
pub(crate) fn render(site: &Site, theme: &Theme, progress: &dyn Progress) -> Result<Vec<Page>> {
    Plan::new(site, theme)?.render_all(progress)
}

/// Pages a listing of `items` needs (at least one, even when empty).
pub(crate) fn page_count(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page.max(1)).max(1)
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;

    use super::*;

    /// Each template's context keys, as the outputs give them to the
    /// templates of the `basic` fixture: (top-level, one level down).
    fn contexts() -> BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/basic");
        let site = crate::build::load_site(&crate::BuildOptions { root: root.clone(), ..Default::default() }).unwrap();
        let theme = Theme::load(&root, &site.config.theme).unwrap();
        let plan = Plan::new(&site, &theme).unwrap();
        let mut found: BTreeMap<String, (BTreeSet<String>, BTreeSet<String>)> = BTreeMap::new();
        for job in &plan.jobs {
            let mut sink = Sink::fingerprint(0);
            job.output.run(job.item, &job.route, &plan.cx(), &mut sink).unwrap();
            let Some((template, context)) = sink.captured() else { continue };
            let entry = found.entry(template).or_default();
            for (key, value) in context.as_object().unwrap() {
                entry.0.insert(key.clone());
                if let Some(inner) = value.as_object() {
                    entry.1.extend(inner.keys().cloned());
                }
            }
        }
        found
    }

    #[test]
    fn the_theme_contract_documents_every_context_key() {
        let readme =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/README.md")).unwrap();
        let per_template = &readme[readme.find("### Per template").unwrap()..];
        let contexts = contexts();
        assert!(contexts.len() >= 8, "{:?}", contexts.keys());
        for (template, (keys, inner)) in &contexts {
            let start = per_template
                .find(&format!("- `{template}`"))
                .unwrap_or_else(|| panic!("themes/default/README.md does not document {template}"));
            let rest = &per_template[start + 2..];
            let entry = &rest[..rest.find("\n- ").unwrap_or(rest.len())];
            for key in keys.iter().filter(|k| *k != "page") {
                assert!(entry.contains(&format!("`{key}`")), "{template}: `{key}` is not documented");
            }
            for key in inner {
                let word = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric() && c != '_') == key;
                assert!(readme.split_whitespace().any(word), "{template}: `{key}` is documented nowhere");
            }
        }
    }
}
