//! Theme templates: parsed once per build from the theme, with the site's
//! own `templates/` overriding any of them by name.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

use tera::Tera;

use super::template_limits;
use super::theme::{self, TEMPLATES_DIR};
use crate::error::{Diagnostic, Diagnostics, Result};

/// The templates every theme must provide.
pub const REQUIRED: [&str; 8] = [
    "base.html",
    "index.html",
    "edition.html",
    "editions.html",
    "topic.html",
    "topics.html",
    "article.html",
    "404.html",
];

/// Loads the theme's templates — the default theme's, then the named
/// theme's, then the site's own `templates/`, each replacing the ones
/// before by name — into one Tera, with a fingerprint of them all.
pub fn load(root: &Path, theme_name: &str) -> Result<(Tera, u64)> {
    let mut problems = Diagnostics::default();
    // (name, text, folder it came from)
    let mut sources: Vec<(String, String, String)> = Vec::new();
    let mut layers: Vec<(Vec<theme::ThemeFile>, String)> =
        theme::layers(root, theme_name, TEMPLATES_DIR)?.into_iter().map(|l| (l.files, l.folder)).collect();
    layers.push((theme::read_folder(root, &root.join(TEMPLATES_DIR))?, TEMPLATES_DIR.to_string()));
    for (files, folder) in layers {
        for (name, bytes) in files.into_iter().filter(|(n, _)| n.ends_with(".html")) {
            let Ok(text) = String::from_utf8(bytes) else {
                problems.push(Diagnostic::new(format!("{folder}/{name}"), None, "template is not valid UTF-8 text"));
                continue;
            };
            // A site's template replaces the theme's of the same name.
            sources.retain(|(n, _, _)| *n != name);
            sources.push((name, text, folder.clone()));
        }
    }
    for name in REQUIRED {
        if !sources.iter().any(|(n, _, _)| n == name) {
            problems.push(
                Diagnostic::new(
                    format!("themes/{theme_name}/templates/{name}"),
                    None,
                    "the theme has no such template",
                )
                .hint(format!("every theme needs: {}", REQUIRED.join(", "))),
            );
        }
    }
    let mut fingerprint = DefaultHasher::new();
    for (name, text, _) in &sources {
        (name, text).hash(&mut fingerprint);
    }
    let limits: Vec<template_limits::Source> = sources
        .iter()
        .map(|(name, text, folder)| template_limits::Source { name, file: format!("{folder}/{name}"), text })
        .collect();
    let unsafe_shapes = template_limits::check(&limits);
    if !unsafe_shapes.is_empty() {
        // Tera would overflow its stack on these: never hand them over.
        unsafe_shapes.into_iter().for_each(|d| problems.push(d));
        return problems.finish((Tera::default(), 0));
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Tera's own escaper also escapes `/`, which makes every URL unreadable.
    tera.set_escape_fn(escape_fn);
    if let Err(e) = tera.add_raw_templates(sources.into_iter().map(|(name, text, _)| (name, text))) {
        problems.push(Diagnostic::new("templates", None, chain(&e)));
    }
    problems.finish((tera, fingerprint.finish()))
}

fn escape_fn(text: &str) -> String {
    crate::escape::escape(text)
}

/// Tera reports the top-level template; the cause chain names the real
/// problem (tera #645), so print all of it.
pub fn chain(e: &dyn std::error::Error) -> String {
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    message
}
