//! The theme's static files, and the site's own over them, as they are.

use crate::error::Diagnostic;
use crate::render::{Cx, Item, Output, Route, Sink};

pub(super) struct Statics;

impl Output for Statics {
    fn name(&self) -> &'static str {
        "static"
    }

    fn jobs(&self, cx: &Cx) -> Vec<(Item, Route)> {
        cx.theme
            .statics
            .iter()
            .enumerate()
            .map(|(i, (path, _))| (Item::File(i), cx.routes.file(path.clone())))
            .collect()
    }

    fn run(&self, item: Item, _: &Route, cx: &Cx, sink: &mut Sink) -> Result<(), Diagnostic> {
        if let Item::File(i) = item {
            sink.bytes(&cx.theme.statics[i].1);
        }
        Ok(())
    }
}
