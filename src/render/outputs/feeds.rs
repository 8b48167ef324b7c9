//! Atom feeds (RFC 4287) of the site, of each topic and of each edition,
//! and the site's JSON Feed: written by hand, their shape is fixed by
//! standards, not by themes.

use std::fmt::Write;

use serde::Serialize;

use crate::cache::hash::Fingerprint;
use crate::dates::rfc3339;
use crate::error::Diagnostic;
use crate::escape::escape;
use crate::model::{Article, ArticleId, Id, Site, Stamp};
use crate::render::route::Routes;
use crate::render::view::{story, FigureView};
use crate::render::{Cx, Item, Output, Prints, Route, Sink};

pub(super) struct Feeds;

/// Used when a feed has no dated entry, so output stays deterministic.
const EPOCH: &str = "1970-01-01T00:00:00+00:00";

/// Everything a feed shows.
#[derive(Serialize)]
struct FeedInput<'a> {
    title: String,
    description: &'a str,
    language: &'a str,
    /// The digest: the feed's author.
    publisher: &'a str,
    /// Absolute URLs of the page the feed is of, and of the feed.
    page_url: String,
    feed_url: String,
    home_url: &'a str,
    updated: String,
    entries: Vec<Entry<'a>>,
}

#[derive(Serialize)]
struct Entry<'a> {
    title: &'a str,
    url: String,
    source: &'a str,
    source_url: Option<&'a str>,
    published: Option<String>,
    updated: Option<String>,
    /// The authors, else the outlet.
    authors: Vec<&'a str>,
    /// `(slug, title)` of its topics.
    topics: Vec<(&'a str, &'a str)>,
    summary: &'a str,
    /// The body with its source credit, for feed readers.
    content_html: String,
}

impl Output for Feeds {
    fn name(&self) -> &'static str {
        "feeds"
    }

    fn jobs(&self, cx: &Cx) -> Vec<(Item, Route)> {
        let (site, r) = (cx.site, cx.routes);
        let mut jobs = vec![(Item::Site, r.feed()), (Item::Site, r.json_feed())];
        jobs.extend(site.topics.iter_ids().map(|(i, t)| (Item::Topic(i), r.topic_feed(&t.slug))));
        jobs.extend(site.editions.iter_ids().map(|(i, e)| (Item::Edition(i), r.edition_feed(&e.slug))));
        jobs
    }

    fn run(&self, item: Item, route: &Route, cx: &Cx, sink: &mut Sink) -> Result<(), Diagnostic> {
        let (site, r) = (cx.site, cx.routes);
        let c = &site.config;
        let all = || site.articles.ids().collect::<Vec<_>>();
        let (title, page, articles) = match item {
            Item::Topic(t) => {
                let topic = &site.topics[t];
                (format!("{} — {}", topic.title, c.title), r.topic(&topic.slug, 0), site.topic_articles[t].clone())
            }
            Item::Edition(e) => {
                let edition = &site.editions[e];
                let articles = edition.groups.iter().flat_map(|g| g.articles.iter().copied()).collect();
                (format!("{} — {}", edition.title, c.title), r.edition(&edition.slug), articles)
            }
            _ => (c.title.clone(), r.home(), all()),
        };
        let input = feed_input(cx, title, &page, route, &articles);
        if route.path.ends_with(".json") {
            sink.data(&input, json_feed);
        } else {
            sink.data(&input, atom);
        }
        Ok(())
    }

    /// What `run` reads: the feed's topic or edition, its entries'
    /// articles, cards and topics, and the configuration.
    fn print(&self, item: Item, route: &Route, cx: &Cx, prints: &Prints) -> Option<u64> {
        let site = cx.site;
        let mut f = Fingerprint::new();
        f.bytes(b"feed");
        f.bytes(route.path.as_bytes());
        f.bytes(route.url.as_bytes());
        f.u64(prints.config);
        let articles: Box<dyn Iterator<Item = ArticleId>> = match item {
            Item::Topic(t) => {
                let topic = &site.topics[t];
                f.bytes(topic.title.as_bytes());
                f.bytes(topic.slug.as_bytes());
                Box::new(site.topic_articles[t].iter().copied())
            }
            Item::Edition(e) => {
                let edition = &site.editions[e];
                f.bytes(edition.title.as_bytes());
                f.bytes(edition.slug.as_bytes());
                Box::new(edition.groups.iter().flat_map(|g| g.articles.iter().copied()))
            }
            _ => Box::new(site.articles.ids()),
        };
        let entries = articles.filter(|&a| site.articles[a].sort_key().is_some()).take(site.config.feed_limit);
        for a in entries {
            f.u64(prints.articles[a.index()]);
            f.u64(prints.cards[a.index()]);
            for &t in &site.article_topics[a] {
                f.bytes(site.topics[t].slug.as_bytes());
                f.bytes(site.topics[t].title.as_bytes());
            }
        }
        Some(f.finish())
    }
}

fn feed_input<'a>(cx: &Cx<'a>, title: String, page: &Route, feed: &Route, articles: &[ArticleId]) -> FeedInput<'a> {
    let site = cx.site;
    let c = &site.config;
    let entries: Vec<ArticleId> =
        articles.iter().copied().filter(|&a| site.articles[a].sort_key().is_some()).take(c.feed_limit).collect();
    let updated = newest_of(site, entries.iter().copied()).unwrap_or_else(|| EPOCH.to_string());
    FeedInput {
        title,
        description: &c.description,
        language: &c.language,
        publisher: &c.title,
        page_url: cx.routes.permalink(&page.url),
        feed_url: cx.routes.permalink(&feed.url),
        home_url: &c.base_url,
        updated,
        entries: entries.into_iter().map(|a| entry(cx, a)).collect(),
    }
}

fn entry<'a>(cx: &Cx<'a>, id: ArticleId) -> Entry<'a> {
    let site = cx.site;
    let a = &site.articles[id];
    Entry {
        title: &a.title,
        url: cx.routes.permalink(&cx.views.card(id).url),
        source: &a.source,
        source_url: a.source_url.as_deref(),
        published: a.published.as_ref().map(rfc3339),
        updated: latest(a).as_ref().map(rfc3339),
        authors: if a.authors.is_empty() { vec![&a.source] } else { a.authors.iter().map(String::as_str).collect() },
        topics: site.article_topics[id]
            .iter()
            .map(|&t| (site.topics[t].slug.as_str(), site.topics[t].title.as_str()))
            .collect(),
        summary: &a.summary,
        content_html: content_html(a, cx.routes),
    }
}

/// The article body with its photos where the story had them and its
/// source credit, for feed readers: a reader who only reads the feed still
/// sees who took each photo and where the story came from.
fn content_html(a: &Article, routes: &Routes) -> String {
    let mut content = String::with_capacity(a.body.html().len() + 256);
    for part in story(a, routes) {
        content.push_str(part.html);
        for f in &part.figures {
            push_figure(&mut content, f, routes);
        }
    }
    content.push_str("<p>Source: ");
    match &a.source_url {
        Some(url) => {
            let _ = write!(content, "<a href=\"{}\">{}</a>", escape(url), escape(&a.source));
        }
        None => content.push_str(&escape(&a.source)),
    }
    content.push_str("</p>");
    content
}

/// One figure as the default theme shows it, with an absolute image URL
/// (a feed is read away from the site). A photo not reproduced keeps its
/// caption and credit.
fn push_figure(content: &mut String, f: &FigureView, routes: &Routes) {
    if f.src.is_none() && f.caption.is_none() && f.credit.is_none() {
        return;
    }
    content.push_str("<figure>");
    if let Some(src) = &f.src {
        let src = if src.starts_with('/') && !src.starts_with("//") { routes.permalink(src) } else { src.clone() };
        let alt = f.alt.as_deref().unwrap_or_default();
        let _ = write!(content, "<img src=\"{}\" alt=\"{}\">", escape(&src), escape(alt));
    }
    if f.caption.is_some() || f.credit.is_some() {
        content.push_str("<figcaption>");
        if f.src.is_none() {
            content.push_str("Photo not reproduced. ");
        }
        if let Some(caption) = &f.caption {
            content.push_str(&escape(caption));
        }
        if let Some(credit) = &f.credit {
            if f.caption.is_some() {
                content.push(' ');
            }
            let _ = write!(content, "Photo: {}", escape(credit));
        }
        content.push_str("</figcaption>");
    }
    content.push_str("</figure>");
}

/// The later of an article's dates (compared as instants: the offsets
/// they were written in differ, so their text does not sort).
pub(super) fn latest(a: &Article) -> Option<Stamp> {
    a.retrieved.max(a.published)
}

/// The latest date among some articles, as RFC 3339.
pub(super) fn newest_of(site: &Site, articles: impl IntoIterator<Item = ArticleId>) -> Option<String> {
    articles.into_iter().filter_map(|a| latest(&site.articles[a])).max().as_ref().map(rfc3339)
}

/// An article's later date, as RFC 3339.
pub(super) fn updated_of(site: &Site, a: ArticleId) -> Option<String> {
    latest(&site.articles[a]).as_ref().map(rfc3339)
}

fn atom(f: &FeedInput) -> Vec<u8> {
    let body: usize = f.entries.iter().map(|e| e.content_html.len() * 5 / 4 + 1024).sum();
    let mut x = String::with_capacity(body + 1024);
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(x, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">", escape(f.language));
    let _ = writeln!(x, "  <title>{}</title>", escape(&f.title));
    if !f.description.is_empty() {
        let _ = writeln!(x, "  <subtitle>{}</subtitle>", escape(f.description));
    }
    let _ = writeln!(x, "  <id>{}</id>", escape(&f.page_url));
    let _ = writeln!(x, "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>", escape(&f.feed_url));
    let _ = writeln!(x, "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", escape(&f.page_url));
    let _ = writeln!(x, "  <updated>{}</updated>", f.updated);
    let _ = writeln!(x, "  <author><name>{}</name></author>", escape(f.publisher));
    x.push_str("  <generator uri=\"https://github.com/broadsheet\">Broadsheet</generator>\n");
    for e in &f.entries {
        atom_entry(&mut x, e);
    }
    x.push_str("</feed>\n");
    x.into_bytes()
}

fn atom_entry(x: &mut String, e: &Entry) {
    let updated = e.updated.as_deref().unwrap_or(EPOCH);
    x.push_str("  <entry>\n");
    let _ = writeln!(x, "    <title>{}</title>", escape(e.title));
    let _ = writeln!(x, "    <id>{}</id>", escape(&e.url));
    let _ = writeln!(x, "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", escape(&e.url));
    if let Some(url) = e.source_url {
        let _ = writeln!(
            x,
            "    <link rel=\"via\" type=\"text/html\" href=\"{}\" title=\"{}\"/>",
            escape(url),
            escape(e.source)
        );
    }
    if let Some(p) = &e.published {
        let _ = writeln!(x, "    <published>{p}</published>");
    }
    let _ = writeln!(x, "    <updated>{updated}</updated>");
    for name in &e.authors {
        let _ = writeln!(x, "    <author><name>{}</name></author>", escape(name));
    }
    for (slug, title) in &e.topics {
        let _ = writeln!(x, "    <category term=\"{}\" label=\"{}\"/>", escape(slug), escape(title));
    }
    let _ = writeln!(x, "    <summary>{} (Source: {})</summary>", escape(e.summary), escape(e.source));
    // The body, escaped straight into the feed (it is most of its bytes).
    x.push_str("    <content type=\"html\">");
    crate::escape::push_escaped(x, &e.content_html);
    x.push_str("</content>\n");
    // The original outlet, as RFC 4287 §4.2.11 records an entry's origin.
    x.push_str("    <source>\n");
    if let Some(url) = e.source_url {
        let _ = writeln!(x, "      <id>{}</id>", escape(url));
        let _ = writeln!(x, "      <link rel=\"alternate\" href=\"{}\"/>", escape(url));
    }
    let _ = writeln!(x, "      <title>{}</title>", escape(e.source));
    let _ = writeln!(x, "      <updated>{updated}</updated>");
    x.push_str("    </source>\n");
    x.push_str("  </entry>\n");
}

/// JSON Feed 1.1 (jsonfeed.org) of the latest articles, beside `feed.xml`.
fn json_feed(f: &FeedInput) -> Vec<u8> {
    use serde_json::{json, Value};
    let items: Vec<Value> = f
        .entries
        .iter()
        .map(|e| {
            let mut item = json!({
                "id": e.url,
                "url": e.url,
                "title": e.title,
                "summary": format!("{} (Source: {})", e.summary, e.source),
                "content_html": e.content_html,
                "authors": e.authors.iter().map(|n| json!({ "name": n })).collect::<Vec<_>>(),
            });
            if !e.topics.is_empty() {
                item["tags"] = json!(e.topics.iter().map(|(_, title)| title).collect::<Vec<_>>());
            }
            if let Some(src) = e.source_url {
                item["external_url"] = json!(src);
            }
            if let Some(p) = &e.published {
                item["date_published"] = json!(p);
            }
            if let Some(u) = &e.updated {
                item["date_modified"] = json!(u);
            }
            item
        })
        .collect();
    let mut feed = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": f.title,
        "home_page_url": f.home_url,
        "feed_url": f.feed_url,
        "language": f.language,
        "authors": [{ "name": f.publisher }],
        "items": items,
    });
    if !f.description.is_empty() {
        feed["description"] = json!(f.description);
    }
    let mut bytes = serde_json::to_vec_pretty(&feed).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
