//! The files publishing needs: robots.txt, .nojekyll, CNAME.

use crate::error::Diagnostic;
use crate::render::{Cx, Item, Output, Route, Sink};

pub(super) struct Publish;

impl Output for Publish {
    fn name(&self) -> &'static str {
        "publish"
    }

    fn jobs(&self, cx: &Cx) -> Vec<(Item, Route)> {
        let mut files = vec!["robots.txt", ".nojekyll"];
        if cx.site.config.cname.is_some() {
            files.push("CNAME");
        }
        files.into_iter().map(|f| (Item::Site, cx.routes.file(f))).collect()
    }

    fn run(&self, _: Item, route: &Route, cx: &Cx, sink: &mut Sink) -> Result<(), Diagnostic> {
        let c = &cx.site.config;
        match route.path.as_str() {
            // Crawlers read robots.txt only at a host's root: for a project
            // site it is written but ignored.
            "robots.txt" => sink.data(&cx.routes.permalink(&cx.routes.sitemap().url), |sitemap| {
                format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n").into_bytes()
            }),
            // GitHub Pages would otherwise run Jekyll over a branch deploy.
            ".nojekyll" => sink.bytes(b""),
            _ => sink.data(&c.cname, |cname| format!("{}\n", cname.as_deref().unwrap_or_default()).into_bytes()),
        }
        Ok(())
    }
}
