//! sitemap.xml: every HTML page a crawler should find, with when it last
//! changed.

use std::fmt::Write;

use super::feeds::{latest, newest_of, updated_of};
use crate::cache::hash::Fingerprint;
use crate::error::Diagnostic;
use crate::escape::escape;
use crate::model::Id;
use crate::render::{Cx, Item, Output, Prints, Route, Sink};

pub(super) struct Sitemap;

impl Output for Sitemap {
    fn name(&self) -> &'static str {
        "sitemap"
    }

    fn jobs(&self, cx: &Cx) -> Vec<(Item, Route)> {
        vec![(Item::Site, cx.routes.sitemap())]
    }

    fn run(&self, _: Item, _: &Route, cx: &Cx, sink: &mut Sink) -> Result<(), Diagnostic> {
        let (site, r) = (cx.site, cx.routes);
        // (absolute URL, last modified)
        let mut urls: Vec<(String, Option<String>)> = Vec::new();
        let mut add = |route: Route, lastmod: Option<String>| urls.push((r.permalink(&route.url), lastmod));
        let newest = newest_of(site, site.articles.ids());
        add(r.home(), newest.clone());
        add(r.editions(), newest.clone());
        for e in &site.editions {
            add(r.edition(&e.slug), newest_of(site, e.groups.iter().flat_map(|g| g.articles.iter().copied())));
        }
        add(r.topics(), newest);
        for (i, t) in site.topics.iter_ids() {
            add(r.topic(&t.slug, 0), newest_of(site, site.topic_articles[i].iter().copied()));
        }
        for (i, a) in site.articles.iter_ids() {
            add(r.article(&a.slug), updated_of(site, i));
        }
        sink.data(&urls, sitemap);
        Ok(())
    }

    /// What `run` reads: each article's slug and latest date, which
    /// articles each edition and topic has, their slugs, the
    /// configuration. Cheaper than the list of addresses it stands for.
    fn print(&self, _: Item, route: &Route, cx: &Cx, prints: &Prints) -> Option<u64> {
        let site = cx.site;
        let mut f = Fingerprint::new();
        f.bytes(b"sitemap");
        f.bytes(route.path.as_bytes());
        f.u64(prints.config);
        f.u64(site.articles.len() as u64);
        for a in &site.articles {
            f.bytes(a.slug.as_bytes());
            f.stamp(latest(a).as_ref());
        }
        let mut ids = |slug: &str, ids: &mut dyn Iterator<Item = crate::model::ArticleId>| {
            f.bytes(slug.as_bytes());
            ids.for_each(|a| f.u64(a.index() as u64));
            f.u64(u64::MAX);
        };
        for e in &site.editions {
            ids(&e.slug, &mut e.groups.iter().flat_map(|g| g.articles.iter().copied()));
        }
        for (t, topic) in site.topics.iter_ids() {
            ids(&topic.slug, &mut site.topic_articles[t].iter().copied());
        }
        Some(f.finish())
    }
}

fn sitemap(urls: &Vec<(String, Option<String>)>) -> Vec<u8> {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (loc, lastmod) in urls {
        let _ = write!(x, "  <url><loc>{}</loc>", escape(loc));
        if let Some(m) = lastmod {
            let _ = write!(x, "<lastmod>{m}</lastmod>");
        }
        x.push_str("</url>\n");
    }
    x.push_str("</urlset>\n");
    x.into_bytes()
}
