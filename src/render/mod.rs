//! Render: a pure function from the site model to `(path, bytes)` pages.
//! Every page is independent, so pages render in parallel.

mod feed;
mod meta;
mod template_limits;
pub mod templates;
pub mod theme;
pub mod view;

use std::path::Path;

use rayon::prelude::*;
use tera::{Context, Tera};

use crate::error::{Diagnostic, Diagnostics, Result};
use crate::model::{Site, Target};
use crate::progress::{Phase, Progress};
use view::{ArticleCard, ArticleView, FeedLink, PageView, TopicView, Urls, Views};

const ATOM: &str = "application/atom+xml";

/// One output file: a `/`-separated path relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Everything a build writes, in path order.
pub fn render(site: &Site, tera: &Tera, static_files: Vec<Page>, progress: &dyn Progress) -> Result<Vec<Page>> {
    render_with_views(site, tera, &Views::new(site), static_files, progress)
}

/// [`render`] with views already made (the live preview keeps them).
pub fn render_with_views(
    site: &Site,
    tera: &Tera,
    views: &Views,
    static_files: Vec<Page>,
    progress: &dyn Progress,
) -> Result<Vec<Page>> {
    let mut pages = render_jobs(site, tera, views, &jobs(site), progress)?;
    pages.extend(static_files);
    pages.sort_by(|a, b| a.path.cmp(&b.path));
    let mut problems = Diagnostics::default();
    if let Some(w) = pages.windows(2).find(|w| w[0].path == w[1].path) {
        problems.push(
            Diagnostic::new(
                format!("static/{}", w[0].path),
                None,
                "a static file has the same path as a generated page",
            )
            .hint("rename or remove the static file"),
        );
    }
    problems.finish(pages)
}

/// Renders the given pages, in parallel; `views` must be those of `site`.
pub fn render_jobs(
    site: &Site,
    tera: &Tera,
    views: &Views,
    jobs: &[Job],
    progress: &dyn Progress,
) -> Result<Vec<Page>> {
    let site_value = tera::to_value(&views.site).map_err(|e| Diagnostic::new("site", None, e.to_string()))?;
    let renderer = Renderer { site, tera, views, site_value };
    progress.start(Phase::Render, jobs.len());
    let results: Vec<Result<Page, Diagnostic>> = jobs
        .par_iter()
        .map(|job| {
            let page = renderer.run(job);
            progress.advance(1);
            page
        })
        .collect();
    let mut problems = Diagnostics::default();
    let mut pages = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(p) => pages.push(p),
            Err(d) => problems.push(d),
        }
    }
    problems.finish(pages)
}

/// Pages a listing of `items` needs (at least one, even when empty).
pub fn page_count(items: usize, per_page: usize) -> usize {
    items.div_ceil(per_page.max(1)).max(1)
}

/// Where a listing page is and how to reach its neighbours.
#[derive(Debug, Clone, serde::Serialize)]
struct Pagination {
    /// Counted from 1.
    current: usize,
    total: usize,
    prev_url: Option<String>,
    next_url: Option<String>,
    pages: Vec<PageLink>,
}

#[derive(Debug, Clone, serde::Serialize)]
struct PageLink {
    number: usize,
    url: String,
    current: bool,
}

impl Pagination {
    fn new(first_url: &str, items: usize, per_page: usize, number: usize) -> Pagination {
        let total = page_count(items, per_page);
        let url = |n: usize| if n == 0 { first_url.to_string() } else { format!("{first_url}page/{}/", n + 1) };
        Pagination {
            current: number + 1,
            total,
            prev_url: number.checked_sub(1).map(url),
            next_url: (number + 1 < total).then(|| url(number + 1)),
            pages: (0..total).map(|n| PageLink { number: n + 1, url: url(n), current: n == number }).collect(),
        }
    }

    /// The URL of this listing's page `number` (counted from 0).
    fn url(&self, number: usize) -> String {
        self.pages[number].url.clone()
    }

    /// The output file of page `number` under `folder` (`topics/x/`).
    fn path(&self, folder: &str, number: usize) -> String {
        if number == 0 {
            format!("{folder}index.html")
        } else {
            format!("{folder}page/{}/index.html", number + 1)
        }
    }
}

/// The theme's `static/` files, then the site's own `static/` over them.
pub fn static_files(root: &Path, theme_name: &str) -> Result<Vec<Page>> {
    let mut files: std::collections::BTreeMap<String, Vec<u8>> = Default::default();
    files.extend(theme::files(root, theme_name, "static")?);
    files.extend(theme::read_folder(root, &root.join("static"))?);
    Ok(files.into_iter().map(|(path, bytes)| Page { path, bytes }).collect())
}

/// One generated output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Job {
    Index,
    Editions,
    Edition(usize),
    Topics,
    /// A topic's listing page: (topic, page counted from 0).
    Topic(usize, usize),
    Article(usize),
    NotFound,
    Feed,
    JsonFeed,
    TopicFeed(usize),
    EditionFeed(usize),
    Cname,
    Sitemap,
    Robots,
    NoJekyll,
}

/// Every generated file of the site.
pub fn jobs(site: &Site) -> Vec<Job> {
    let mut jobs = vec![
        Job::Index,
        Job::Editions,
        Job::Topics,
        Job::NotFound,
        Job::Feed,
        Job::Sitemap,
        Job::Robots,
        Job::NoJekyll,
    ];
    jobs.push(Job::JsonFeed);
    if site.config.cname.is_some() {
        jobs.push(Job::Cname);
    }
    jobs.extend((0..site.editions.len()).map(Job::Edition));
    jobs.extend((0..site.editions.len()).map(Job::EditionFeed));
    for (t, articles) in site.topic_articles.iter().enumerate() {
        jobs.extend((0..page_count(articles.len(), site.config.per_page)).map(|n| Job::Topic(t, n)));
    }
    jobs.extend((0..site.topics.len()).map(Job::TopicFeed));
    jobs.extend((0..site.articles.len()).map(Job::Article));
    jobs
}

struct Renderer<'a> {
    site: &'a Site,
    tera: &'a Tera,
    views: &'a Views,
    site_value: tera::Value,
}

impl Renderer<'_> {
    fn urls(&self) -> Urls<'_> {
        Urls { base_path: &self.site.config.base_path, base_url: &self.site.config.base_url }
    }

    fn run(&self, job: &Job) -> Result<Page, Diagnostic> {
        let site = self.site;
        let urls = self.urls();
        let c = &site.config;
        match *job {
            Job::Index => {
                // The latest edition that has articles (an editor may have
                // written an intro for a week still to come).
                let latest = site.editions.iter().position(|e| !e.groups.is_empty());
                let mut page = self.page_view("index", c.title.clone(), c.description.clone(), urls.home());
                page.json_ld = Some(meta::script_json(&meta::home(site)));
                let mut ctx = self.context(page);
                ctx.insert("edition", &latest.map(|i| self.views.edition(site, i)));
                let older: Vec<_> = latest.map_or(&[][..], |i| &self.views.editions[i + 1..]).iter().take(5).collect();
                ctx.insert("older", &older);
                self.render("index.html", "index.html", &ctx)
            }
            Job::Editions => {
                let url = format!("{}editions/", c.base_path);
                let page = self.page_view("editions", "Editions".into(), format!("All editions of {}.", c.title), url);
                let mut ctx = self.context(page);
                ctx.insert("editions", &self.views.editions);
                self.render("editions.html", "editions/index.html", &ctx)
            }
            Job::Edition(i) => {
                let e = &site.editions[i];
                let view = self.views.edition(site, i);
                let count = view.link.article_count;
                let description = format!("{} — {count} article{}.", e.period_label, if count == 1 { "" } else { "s" });
                let mut page = self.page_view("edition", e.title.clone(), description.clone(), view.link.url.clone());
                page.feeds.push(FeedLink {
                    title: format!("{} — {} (Atom feed)", e.title, c.title),
                    url: view.feed_url.clone(),
                    media_type: ATOM,
                });
                let cards: Vec<&ArticleCard> =
                    e.groups.iter().flat_map(|g| &g.articles).map(|&a| &self.views.cards[a]).collect();
                page.json_ld = Some(meta::script_json(&meta::collection(
                    site,
                    &e.title,
                    &description,
                    &page.permalink,
                    &cards,
                    &urls,
                )));
                let mut ctx = self.context(page);
                ctx.insert("edition", &view);
                ctx.insert("newer", &i.checked_sub(1).map(|n| &self.views.editions[n]));
                ctx.insert("older", &self.views.editions.get(i + 1));
                self.render("edition.html", &format!("editions/{}/index.html", e.slug), &ctx)
            }
            Job::Topics => {
                let url = format!("{}topics/", c.base_path);
                let page = self.page_view("topics", "Topics".into(), format!("The topics {} follows.", c.title), url);
                self.render("topics.html", "topics/index.html", &self.context(page))
            }
            Job::Topic(i, number) => {
                let t = &site.topics[i];
                let link = self.views.topics[i].clone();
                let feed_url = format!("{}feed.xml", link.url);
                let pagination = Pagination::new(&link.url, site.topic_articles[i].len(), c.per_page, number);
                let title = match number {
                    0 => t.title.clone(),
                    n => format!("{} (page {})", t.title, n + 1),
                };
                let mut page = self.page_view("topic", title, t.description.clone(), pagination.url(number));
                page.feeds.push(FeedLink {
                    title: format!("{} — {} (Atom feed)", t.title, c.title),
                    url: feed_url.clone(),
                    media_type: ATOM,
                });
                let articles: Vec<&ArticleCard> = site.topic_articles[i]
                    .iter()
                    .skip(number * c.per_page)
                    .take(c.per_page)
                    .map(|&a| &self.views.cards[a])
                    .collect();
                page.json_ld = Some(meta::script_json(&meta::collection(
                    site,
                    &t.title,
                    &t.description,
                    &page.permalink,
                    &articles,
                    &urls,
                )));
                let mut ctx = self.context(page);
                ctx.insert("topic", &TopicView { feed_url, link, intro_html: t.intro_html.clone() });
                // The introduction's notes belong to the first page.
                let notes = if number == 0 { self.views.notes_for(site, Target::Topic(i)) } else { Vec::new() };
                ctx.insert("notes", &notes);
                ctx.insert("articles", &articles);
                let path = pagination.path(&format!("topics/{}/", t.slug), number);
                ctx.insert("pagination", &pagination);
                self.render("topic.html", &path, &ctx)
            }
            Job::Article(i) => {
                let a = &site.articles[i];
                let card = self.views.cards[i].clone();
                let mut page = self.page_view("article", a.title.clone(), a.summary.clone(), card.url.clone());
                page.og_type = "article";
                page.published_time = a.published.as_ref().map(crate::dates::iso_stamp);
                page.image = a.figures.iter().find_map(|f| f.src.as_deref()).map(|s| meta::absolute(s, &urls));
                page.json_ld = Some(meta::script_json(&meta::news_article(site, a, &page.permalink, &urls)));
                let mut ctx = self.context(page);
                let view = ArticleView {
                    card,
                    body_html: a.body_html.clone(),
                    figures: a.figures.iter().map(|f| view::figure_view(f, &urls)).collect(),
                    edition: site.article_edition[i].map(|e| self.views.editions[e].clone()),
                    story: view::story(a, &urls),
                };
                ctx.insert("article", &view);
                ctx.insert("notes", &self.views.notes_for(site, Target::Article(i)));
                let related: Vec<_> = site.related[i].iter().map(|&r| &self.views.cards[r]).collect();
                ctx.insert("related", &related);
                self.render("article.html", &format!("articles/{}/index.html", a.slug), &ctx)
            }
            Job::NotFound => {
                let url = format!("{}404.html", c.base_path);
                let page =
                    self.page_view("404", "Page not found".into(), "There is no page at this address.".into(), url);
                self.render("404.html", "404.html", &self.context(page))
            }
            Job::Feed => Ok(feed::site_feed(site, self.views, &urls)),
            Job::JsonFeed => Ok(feed::json_feed(site, self.views, &urls)),
            Job::TopicFeed(i) => Ok(feed::topic_feed(site, self.views, &urls, i)),
            Job::EditionFeed(i) => Ok(feed::edition_feed(site, self.views, &urls, i)),
            Job::Sitemap => Ok(feed::sitemap(site, &urls)),
            // Crawlers read robots.txt only at a host's root: for a project
            // site it is written but ignored.
            Job::Robots => Ok(Page {
                path: "robots.txt".into(),
                bytes: format!("User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n", c.base_url).into_bytes(),
            }),
            // GitHub Pages would otherwise run Jekyll over a branch deploy.
            Job::NoJekyll => Ok(Page { path: ".nojekyll".into(), bytes: Vec::new() }),
            Job::Cname => Ok(Page {
                path: "CNAME".into(),
                bytes: format!("{}\n", c.cname.as_deref().unwrap_or_default()).into_bytes(),
            }),
        }
    }

    /// The page's own fields, with the site's feeds announced.
    fn page_view(&self, kind: &'static str, title: String, description: String, url: String) -> PageView {
        let c = &self.site.config;
        let permalink = self.urls().permalink(&url);
        let feeds = vec![
            FeedLink {
                title: format!("{} (Atom feed)", c.title),
                url: format!("{}feed.xml", c.base_path),
                media_type: ATOM,
            },
            FeedLink {
                title: format!("{} (JSON Feed)", c.title),
                url: format!("{}feed.json", c.base_path),
                media_type: "application/feed+json",
            },
        ];
        PageView {
            kind,
            title,
            description,
            url,
            permalink,
            og_type: "website",
            image: None,
            feeds,
            json_ld: None,
            published_time: None,
        }
    }

    fn context(&self, page: PageView) -> Context {
        let mut ctx = Context::new();
        ctx.insert("site", &self.site_value);
        ctx.insert("page", &page);
        ctx
    }

    fn render(&self, template: &str, path: &str, ctx: &Context) -> Result<Page, Diagnostic> {
        let html = self.tera.render(template, ctx).map_err(|e| {
            // `templates::locate` finds the file and line.
            Diagnostic::new(
                format!("{}{template}", templates::RENDERING),
                None,
                format!("while rendering {path}: {}", templates::chain(&e)),
            )
            .hint("check the template against the context documented in themes/default/README.md")
        })?;
        Ok(Page { path: path.to_string(), bytes: html.into_bytes() })
    }
}
