//! What every HTML page's `page` holds, shared by the page outputs.

use super::route::Route;
use super::view::{FeedLink, PageView};
use super::Cx;

pub(super) const ATOM: &str = "application/atom+xml";

/// The page's own fields, with the site's feeds announced.
pub(super) fn view(cx: &Cx, kind: &'static str, title: String, description: String, route: &Route) -> PageView {
    let c = &cx.site.config;
    let feeds = vec![
        FeedLink { title: format!("{} (Atom feed)", c.title), url: cx.routes.feed().url, media_type: ATOM },
        FeedLink {
            title: format!("{} (JSON Feed)", c.title),
            url: cx.routes.json_feed().url,
            media_type: "application/feed+json",
        },
    ];
    PageView {
        kind,
        title,
        description,
        url: route.url.clone(),
        permalink: cx.routes.permalink(&route.url),
        og_type: "website",
        image: None,
        feeds,
        json_ld: None,
        published_time: None,
    }
}
