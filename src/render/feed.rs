//! Atom feeds (RFC 4287) and the sitemap, written as XML by hand: their
//! shape is fixed by standards, not by themes.

use std::fmt::Write;

use super::view::{Urls, Views};
use super::Page;
use crate::dates::rfc3339;
use crate::escape::escape;
use crate::model::{ArticleId, Site, Stamp};

/// Used when a feed has no dated entry, so output stays deterministic.
const EPOCH: &str = "1970-01-01T00:00:00+00:00";

pub fn site_feed(site: &Site, views: &Views, urls: &Urls) -> Page {
    let articles: Vec<ArticleId> = (0..site.articles.len()).collect();
    let xml = atom(site, views, urls, &site.config.title, &urls.home(), "feed.xml", &articles);
    Page { path: "feed.xml".into(), bytes: xml.into_bytes() }
}

pub fn topic_feed(site: &Site, views: &Views, urls: &Urls, topic: usize) -> Page {
    let t = &site.topics[topic];
    let title = format!("{} — {}", t.title, site.config.title);
    let path = format!("topics/{}/feed.xml", t.slug);
    let xml = atom(site, views, urls, &title, &urls.topic(&t.slug), &path, &site.topic_articles[topic]);
    Page { path, bytes: xml.into_bytes() }
}

pub fn edition_feed(site: &Site, views: &Views, urls: &Urls, edition: usize) -> Page {
    let e = &site.editions[edition];
    let title = format!("{} — {}", e.title, site.config.title);
    let path = format!("editions/{}/feed.xml", e.slug);
    let articles: Vec<ArticleId> = e.groups.iter().flat_map(|g| g.articles.iter().copied()).collect();
    let xml = atom(site, views, urls, &title, &urls.edition(&e.slug), &path, &articles);
    Page { path, bytes: xml.into_bytes() }
}

/// JSON Feed 1.1 (jsonfeed.org) of the latest articles, beside `feed.xml`.
pub fn json_feed(site: &Site, views: &Views, urls: &Urls) -> Page {
    use serde_json::{json, Value};
    let c = &site.config;
    let items: Vec<Value> = (0..site.articles.len())
        .filter(|&a| site.articles[a].sort_key().is_some())
        .take(c.feed_limit)
        .map(|id| {
            let a = &site.articles[id];
            let url = urls.permalink(&views.cards[id].url);
            let names: Vec<Value> = if a.authors.is_empty() {
                vec![json!({ "name": a.source })]
            } else {
                a.authors.iter().map(|n| json!({ "name": n })).collect()
            };
            let mut item = json!({
                "id": url,
                "url": url,
                "title": a.title,
                "summary": format!("{} (Source: {})", a.summary, a.source),
                "content_html": content_html(a),
                "authors": names,
            });
            if !site.article_topics[id].is_empty() {
                item["tags"] =
                    json!(site.article_topics[id].iter().map(|&t| &site.topics[t].title).collect::<Vec<_>>());
            }
            if let Some(src) = &a.source_url {
                item["external_url"] = json!(src);
            }
            if let Some(p) = &a.published {
                item["date_published"] = json!(rfc3339(p));
            }
            if let Some(u) = updated_of(site, id) {
                item["date_modified"] = json!(u);
            }
            item
        })
        .collect();
    let mut feed = json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": c.title,
        "home_page_url": c.base_url,
        "feed_url": format!("{}feed.json", c.base_url),
        "language": c.language,
        "authors": [{ "name": c.title }],
        "items": items,
    });
    if !c.description.is_empty() {
        feed["description"] = json!(c.description);
    }
    let mut bytes = serde_json::to_vec_pretty(&feed).unwrap_or_default();
    bytes.push(b'\n');
    Page { path: "feed.json".into(), bytes }
}

/// The article body with its source credit, for feed readers.
fn content_html(a: &crate::model::Article) -> String {
    let mut content = a.body_html.clone();
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

/// The later of an article's dates (compared as instants: the offsets
/// they were written in differ, so their text does not sort).
fn latest(site: &Site, a: ArticleId) -> Option<Stamp> {
    let a = &site.articles[a];
    a.retrieved.max(a.published)
}

fn updated_of(site: &Site, a: ArticleId) -> Option<String> {
    latest(site, a).as_ref().map(rfc3339)
}

/// The latest date among some articles, as RFC 3339.
fn newest_of(site: &Site, articles: impl IntoIterator<Item = ArticleId>) -> Option<String> {
    articles.into_iter().filter_map(|a| latest(site, a)).max().as_ref().map(rfc3339)
}

fn atom(
    site: &Site,
    views: &Views,
    urls: &Urls,
    title: &str,
    page_url: &str,
    feed_path: &str,
    articles: &[ArticleId],
) -> String {
    let entries: Vec<ArticleId> = articles
        .iter()
        .copied()
        .filter(|&a| site.articles[a].sort_key().is_some())
        .take(site.config.feed_limit)
        .collect();
    let updated = newest_of(site, entries.iter().copied()).unwrap_or_else(|| EPOCH.to_string());
    let c = &site.config;
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    let _ = writeln!(x, "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">", escape(&c.language));
    let _ = writeln!(x, "  <title>{}</title>", escape(title));
    if !c.description.is_empty() {
        let _ = writeln!(x, "  <subtitle>{}</subtitle>", escape(&c.description));
    }
    let page = urls.permalink(page_url);
    let _ = writeln!(x, "  <id>{}</id>", escape(&page));
    let _ = writeln!(
        x,
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}{}\"/>",
        escape(&c.base_url),
        escape(feed_path)
    );
    let _ = writeln!(x, "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", escape(&page));
    let _ = writeln!(x, "  <updated>{updated}</updated>");
    let _ = writeln!(x, "  <author><name>{}</name></author>", escape(&c.title));
    x.push_str("  <generator uri=\"https://github.com/broadsheet\">Broadsheet</generator>\n");
    for &a in &entries {
        entry(&mut x, site, views, urls, a);
    }
    x.push_str("</feed>\n");
    x
}

fn entry(x: &mut String, site: &Site, views: &Views, urls: &Urls, id: ArticleId) {
    let a = &site.articles[id];
    let card = &views.cards[id];
    let link = urls.permalink(&card.url);
    let updated = updated_of(site, id).unwrap_or_else(|| EPOCH.to_string());
    x.push_str("  <entry>\n");
    let _ = writeln!(x, "    <title>{}</title>", escape(&a.title));
    let _ = writeln!(x, "    <id>{}</id>", escape(&link));
    let _ = writeln!(x, "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>", escape(&link));
    if let Some(url) = &a.source_url {
        let _ = writeln!(
            x,
            "    <link rel=\"via\" type=\"text/html\" href=\"{}\" title=\"{}\"/>",
            escape(url),
            escape(&a.source)
        );
    }
    if let Some(p) = &a.published {
        let _ = writeln!(x, "    <published>{}</published>", rfc3339(p));
    }
    let _ = writeln!(x, "    <updated>{updated}</updated>");
    let names: Vec<&str> =
        if a.authors.is_empty() { vec![a.source.as_str()] } else { a.authors.iter().map(String::as_str).collect() };
    for name in names {
        let _ = writeln!(x, "    <author><name>{}</name></author>", escape(name));
    }
    for t in &site.article_topics[id] {
        let topic = &site.topics[*t];
        let _ = writeln!(x, "    <category term=\"{}\" label=\"{}\"/>", escape(&topic.slug), escape(&topic.title));
    }
    let _ = writeln!(x, "    <summary>{} (Source: {})</summary>", escape(&a.summary), escape(&a.source));
    let _ = writeln!(x, "    <content type=\"html\">{}</content>", escape(&content_html(a)));
    // The original outlet, as RFC 4287 §4.2.11 records an entry's origin.
    x.push_str("    <source>\n");
    if let Some(url) = &a.source_url {
        let _ = writeln!(x, "      <id>{}</id>", escape(url));
        let _ = writeln!(x, "      <link rel=\"alternate\" href=\"{}\"/>", escape(url));
    }
    let _ = writeln!(x, "      <title>{}</title>", escape(&a.source));
    let _ = writeln!(x, "      <updated>{updated}</updated>");
    x.push_str("    </source>\n");
    x.push_str("  </entry>\n");
}

pub fn sitemap(site: &Site, urls: &Urls) -> Page {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut add = |path: &str, lastmod: Option<String>| {
        let _ = write!(x, "  <url><loc>{}</loc>", escape(&urls.permalink(path)));
        if let Some(m) = lastmod {
            let _ = write!(x, "<lastmod>{m}</lastmod>");
        }
        x.push_str("</url>\n");
    };
    let newest = newest_of(site, 0..site.articles.len());
    add(&urls.home(), newest.clone());
    add(&format!("{}editions/", urls.base_path), newest.clone());
    for e in &site.editions {
        let last = newest_of(site, e.groups.iter().flat_map(|g| g.articles.iter().copied()));
        add(&urls.edition(&e.slug), last);
    }
    add(&format!("{}topics/", urls.base_path), newest);
    for (i, t) in site.topics.iter().enumerate() {
        add(&urls.topic(&t.slug), newest_of(site, site.topic_articles[i].iter().copied()));
    }
    for (i, a) in site.articles.iter().enumerate() {
        add(&urls.article(&a.slug), updated_of(site, i));
    }
    x.push_str("</urlset>\n");
    Page { path: "sitemap.xml".into(), bytes: x.into_bytes() }
}
