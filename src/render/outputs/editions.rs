//! The archive of editions and one page per edition.

use serde::Serialize;

use crate::error::Diagnostic;
use crate::model::{EditionId, Id};
use crate::render::view::{ArticleCard, EditionLink, EditionView, FeedLink, PageView};
use crate::render::{meta, page, Cx, Item, Output, Route, Sink};

pub(super) struct Editions;

/// What `editions.html` receives.
#[derive(Serialize)]
struct ArchiveContext<'a> {
    page: PageView,
    /// Every edition, newest first.
    editions: &'a [EditionLink],
}

/// What `edition.html` receives.
#[derive(Serialize)]
struct EditionContext<'a> {
    page: PageView,
    edition: EditionView,
    newer: Option<&'a EditionLink>,
    older: Option<&'a EditionLink>,
}

impl Output for Editions {
    fn name(&self) -> &'static str {
        "editions"
    }

    fn jobs(&self, cx: &Cx) -> Vec<(Item, Route)> {
        let mut jobs = vec![(Item::Site, cx.routes.editions())];
        jobs.extend(cx.site.editions.iter_ids().map(|(i, e)| (Item::Edition(i), cx.routes.edition(&e.slug))));
        jobs
    }

    fn run(&self, item: Item, route: &Route, cx: &Cx, sink: &mut Sink) -> Result<(), Diagnostic> {
        let site = cx.site;
        let c = &site.config;
        let Item::Edition(i) = item else {
            let page = page::view(cx, "editions", "Editions".into(), format!("All editions of {}.", c.title), route);
            return sink.template(
                "editions.html",
                &route.path,
                &ArchiveContext { page, editions: cx.views.editions.as_slice() },
            );
        };
        let e = &site.editions[i];
        let view = cx.views.edition(site, i);
        let count = view.link.article_count;
        let description = format!("{} — {count} article{}.", e.period_label, if count == 1 { "" } else { "s" });
        let mut page = page::view(cx, "edition", e.title.clone(), description.clone(), route);
        page.feeds.push(FeedLink {
            title: format!("{} — {} (Atom feed)", e.title, c.title),
            url: view.feed_url.clone(),
            media_type: page::ATOM,
        });
        let cards: Vec<&ArticleCard> = e.groups.iter().flat_map(|g| &g.articles).map(|&a| &cx.views.cards[a]).collect();
        page.json_ld = Some(meta::script_json(&meta::collection(
            site,
            &e.title,
            &description,
            &page.permalink,
            &cards,
            cx.routes,
        )));
        let context = EditionContext {
            page,
            edition: view,
            newer: i.index().checked_sub(1).map(|n| &cx.views.editions[EditionId::new(n)]),
            older: cx.views.editions.get(EditionId::new(i.index() + 1)),
        };
        sink.template("edition.html", &route.path, &context)
    }
}
