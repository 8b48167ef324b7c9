//! The home page: the latest edition, and links to a few before it.

use serde::Serialize;

use crate::error::Diagnostic;
use crate::model::Id;
use crate::render::view::{EditionLink, EditionView, PageView};
use crate::render::{meta, page, Cx, Item, Output, Route, Sink};

pub(super) struct Home;

/// What `index.html` receives.
#[derive(Serialize)]
struct HomeContext<'a> {
    page: PageView,
    /// The latest edition that has articles (an editor may have written an
    /// intro for a week still to come).
    edition: Option<EditionView<'a>>,
    older: Vec<&'a EditionLink>,
}

impl Output for Home {
    fn name(&self) -> &'static str {
        "home"
    }

    fn jobs(&self, cx: &Cx) -> Vec<(Item, Route)> {
        vec![(Item::Site, cx.routes.home())]
    }

    fn run(&self, _: Item, route: &Route, cx: &Cx, sink: &mut Sink) -> Result<(), Diagnostic> {
        let site = cx.site;
        let c = &site.config;
        let latest = site.latest_edition();
        let mut page = page::view(cx, "index", c.title.clone(), c.description.clone(), route);
        page.json_ld = Some(meta::script_json(&meta::home(site)));
        let older = latest.map_or(&[][..], |i| &cx.views.editions.as_slice()[i.index() + 1..]).iter().take(5).collect();
        let context = HomeContext { page, edition: latest.map(|i| cx.views.edition(site, i)), older };
        sink.template("index.html", &route.path, &context)
    }
}
