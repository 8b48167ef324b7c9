//! The archive of editions and one page per edition.

use serde::Serialize;

use crate::error::Diagnostic;
use crate::model::{EditionId, Id, Target};
use crate::render::view::{ArticleCard, EditionLink, EditionView, FeedLink, NoteView, PageView};
use crate::render::{meta, page, Cx, Item, Output, Prints, Route, Sink};

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
    edition: EditionView<'a>,
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
        let cards: Vec<&ArticleCard> = e.groups.iter().flat_map(|g| &g.articles).map(|&a| cx.views.card(a)).collect();
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

    /// What an edition page's `run` reads: the edition, its link and its
    /// neighbours', its groups' topics and cards, its notes, the
    /// configuration, the templates and `site`.
    fn print(&self, item: Item, route: &Route, cx: &Cx, prints: &Prints) -> Option<u64> {
        let Item::Edition(i) = item else { return None };
        print_edition("edition.html", i, route, cx, prints)
    }
}

/// The fingerprint of a page made from edition `i` (see
/// [`Editions::print`]); `template` names what makes it: a template, or
/// an output of its own such as the newsletter's.
pub(super) fn print_edition(template: &str, i: EditionId, route: &Route, cx: &Cx, prints: &Prints) -> Option<u64> {
    let site = cx.site;
    let e = &site.editions[i];
    let mut f = prints.page(template, route);
    for text in [&e.slug, &e.title, &e.period_label, &e.intro_html] {
        f.bytes(text.as_bytes());
    }
    let links = cx.views.editions.as_slice();
    let near = |n: Option<usize>| n.and_then(|n| links.get(n));
    let notes: Vec<&NoteView> = site.notes_for(Target::Edition(i)).iter().map(|&n| &cx.views.notes[n]).collect();
    let edition = (&links[i.index()], near(i.index().checked_sub(1)), near(Some(i.index() + 1)), notes);
    if !f.value(&edition) {
        return None;
    }
    f.u64(e.groups.len() as u64);
    for g in &e.groups {
        if !f.value(&g.topic.map(|t| &cx.views.topics[t])) {
            return None;
        }
        f.u64(g.articles.len() as u64);
        g.articles.iter().for_each(|&a| f.u64(prints.cards[a.index()]));
    }
    Some(f.finish())
}
