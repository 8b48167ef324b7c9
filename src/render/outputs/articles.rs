//! One page per article, with its source credit, notes and related articles.

use serde::Serialize;

use crate::error::Diagnostic;
use crate::model::{Id, Target};
use crate::render::view::{self, ArticleCard, ArticleView, NoteView, PageView};
use crate::render::{meta, page, Cx, Item, Output, Prints, Route, Sink};

pub(super) struct Articles;

/// What `article.html` receives.
#[derive(Serialize)]
struct ArticleContext<'a> {
    page: PageView,
    article: ArticleView<'a>,
    notes: Vec<NoteView>,
    related: Vec<&'a ArticleCard>,
}

impl Output for Articles {
    fn name(&self) -> &'static str {
        "articles"
    }

    fn jobs(&self, cx: &Cx) -> Vec<(Item, Route)> {
        cx.site.articles.iter_ids().map(|(i, a)| (Item::Article(i), cx.routes.article(&a.slug))).collect()
    }

    fn run(&self, item: Item, route: &Route, cx: &Cx, sink: &mut Sink) -> Result<(), Diagnostic> {
        let Item::Article(i) = item else { return Ok(()) };
        let site = cx.site;
        let a = &site.articles[i];
        let mut page = page::view(cx, "article", a.title.clone(), a.summary.clone(), route);
        page.og_type = "article";
        page.published_time = a.published.as_ref().map(crate::dates::iso_stamp);
        page.image = a.figures.iter().find_map(|f| f.src.as_deref()).map(|s| meta::absolute(s, cx.routes));
        page.json_ld = Some(meta::script_json(&meta::news_article(site, a, &page.permalink, cx.routes)));
        let article = ArticleView {
            card: cx.views.card(i),
            body_html: a.body.html(),
            figures: a.figures.iter().map(|f| view::figure_view(f, cx.routes)).collect(),
            edition: site.article_edition[i].map(|e| &cx.views.editions[e]),
            story: view::story(a, cx.routes),
        };
        let context = ArticleContext {
            page,
            article,
            notes: cx.views.notes_for(site, Target::Article(i)),
            related: site.related[i].iter().map(|&r| cx.views.card(r)).collect(),
        };
        sink.template("article.html", &route.path, &context)
    }

    /// What `run` reads: the article and its card, its edition's link, the
    /// notes about it, its related articles' cards, the configuration
    /// (routes, dates, the publisher), the templates and `site`.
    fn print(&self, item: Item, route: &Route, cx: &Cx, prints: &Prints) -> Option<u64> {
        let Item::Article(i) = item else { return None };
        let site = cx.site;
        let mut f = prints.page("article.html", route);
        f.u64(prints.articles[i.index()]);
        f.u64(prints.cards[i.index()]);
        let edition = site.article_edition[i].map(|e| &cx.views.editions[e]);
        let notes: Vec<&NoteView> = site.notes_for(Target::Article(i)).iter().map(|&n| &cx.views.notes[n]).collect();
        if !f.value(&(edition, notes)) {
            return None;
        }
        f.u64(site.related[i].len() as u64);
        site.related[i].iter().for_each(|&r| f.u64(prints.cards[r.index()]));
        Some(f.finish())
    }
}
