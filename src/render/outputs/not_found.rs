//! The page GitHub Pages serves at a missing address.

use serde::Serialize;

use crate::error::Diagnostic;
use crate::render::view::PageView;
use crate::render::{page, Cx, Item, Output, Route, Sink};

pub(super) struct NotFound;

/// What `404.html` receives.
#[derive(Serialize)]
struct NotFoundContext {
    page: PageView,
}

impl Output for NotFound {
    fn name(&self) -> &'static str {
        "404"
    }

    fn jobs(&self, cx: &Cx) -> Vec<(Item, Route)> {
        vec![(Item::Site, cx.routes.not_found())]
    }

    fn run(&self, _: Item, route: &Route, cx: &Cx, sink: &mut Sink) -> Result<(), Diagnostic> {
        let page = page::view(cx, "404", "Page not found".into(), "There is no page at this address.".into(), route);
        sink.template("404.html", &route.path, &NotFoundContext { page })
    }
}
