//! Theme templates: parsed once per build from the theme, with the site's
//! own `templates/` overriding any of them by name.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

use tera::Tera;

use super::template_limits;
use super::theme::{self, TEMPLATES_DIR};
use crate::error::{Diagnostic, Diagnostics, Result};

/// The templates every theme must provide.
pub(crate) const REQUIRED: [&str; 8] = [
    "base.html",
    "index.html",
    "edition.html",
    "editions.html",
    "topic.html",
    "topics.html",
    "article.html",
    "404.html",
];

/// One template as the build read it: its name, text and file.
pub(crate) struct Source {
    pub name: String,
    pub text: String,
    /// Relative to the site root (`themes/default/templates/base.html`).
    pub file: String,
}

/// The theme's templates — the default theme's, then the named theme's,
/// then the site's own `templates/`, each replacing the ones before by
/// name.
pub(crate) fn sources(root: &Path, theme_name: &str) -> Result<Vec<Source>> {
    let mut problems = Diagnostics::default();
    let mut sources: Vec<Source> = Vec::new();
    let mut layers: Vec<(Vec<theme::ThemeFile>, String)> =
        theme::layers(root, theme_name, TEMPLATES_DIR)?.into_iter().map(|l| (l.files, l.folder)).collect();
    layers.push((theme::read_folder(root, &root.join(TEMPLATES_DIR))?, TEMPLATES_DIR.to_string()));
    for (files, folder) in layers {
        for (name, bytes) in files.into_iter().filter(|(n, _)| n.ends_with(".html")) {
            let file = format!("{folder}/{name}");
            let text = match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(e) => {
                    let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                    let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
                    problems.push(
                        Diagnostic::new(file, Some(line), "template is not valid UTF-8 text")
                            .hint("save the template as UTF-8"),
                    );
                    continue;
                }
            };
            // A site's template replaces the theme's of the same name.
            sources.retain(|s| s.name != name);
            sources.push(Source { name, text, file });
        }
    }
    problems.finish(sources)
}

/// Loads the theme's templates and the site's overrides into one Tera,
/// with a fingerprint of them all.
pub(crate) fn load(root: &Path, theme_name: &str) -> Result<(Tera, u64)> {
    let mut problems = Diagnostics::default();
    let sources = sources(root, theme_name)?;
    for name in REQUIRED {
        if !sources.iter().any(|s| s.name == name) {
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
    for source in &sources {
        (&source.name, &source.text).hash(&mut fingerprint);
    }
    let limits: Vec<template_limits::Source> = sources
        .iter()
        .map(|s| template_limits::Source { name: &s.name, file: s.file.clone(), text: &s.text })
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
    tera.register_function("range", range);
    if let Err(e) = tera.add_raw_templates(sources.iter().map(|s| (s.name.as_str(), s.text.as_str()))) {
        let message = chain(&e);
        let (file, line) = place(&message, None, &sources);
        problems.push(Diagnostic::new(file.unwrap_or_else(|| "templates".to_string()), line, message));
    }
    problems.finish((tera, fingerprint.finish()))
}

/// Gives Tera's errors from rendering their template file and line: Tera 1
/// names only the template it was asked to render.
pub(crate) fn locate(root: &Path, theme_name: &str, error: crate::error::Error) -> crate::error::Error {
    let Ok(sources) = sources(root, theme_name) else { return error };
    let diagnostics = error
        .diagnostics
        .into_iter()
        .map(|mut d| {
            let top = d.path.to_str().and_then(|p| p.strip_prefix(RENDERING)).map(str::to_string);
            if let (Some(top), None) = (top, d.line) {
                let (file, line) = place(&d.message, Some(&top), &sources);
                d.path = file.unwrap_or_else(|| format!("templates/{top}")).into();
                d.line = line;
            }
            d
        })
        .collect();
    crate::error::Error::new(diagnostics)
}

/// How a render error names its template until [`locate`] finds its file.
pub(crate) const RENDERING: &str = "templates/";

/// The file and line a Tera message points at: the template it says the
/// error happened in (else `top`), and the first tag there that holds
/// the name the message complains about.
fn place(message: &str, top: Option<&str>, sources: &[Source]) -> (Option<String>, Option<usize>) {
    let named = |marker: &str| {
        let start = message.rfind(marker)? + marker.len();
        let len = message[start..].find('\'')?;
        Some(message[start..start + len].to_string())
    };
    // Parse errors: "Failed to parse 'a.html': --> 2:7".
    if let Some(name) = named("Failed to parse '") {
        let source = sources.iter().find(|s| s.name == name);
        let line: Option<usize> =
            message.split("--> ").nth(1).and_then(|r| r.split(':').next()).and_then(|l| l.trim().parse().ok());
        // A tag never closed is reported where the file ends.
        let unclosed = source.and_then(|s| unclosed_tag_line(&s.text));
        let line = match (line, unclosed) {
            (Some(at), Some(open)) => Some(at.min(open)),
            (at, open) => at.or(open),
        };
        return (source.map(|s| s.file.clone()), line);
    }
    // Where it happened, most precise first.
    let mut candidates: Vec<String> = Vec::new();
    candidates.extend(named("while rendering '"));
    candidates.extend(named("error happened in '"));
    candidates.extend(named("Template '").filter(|_| message.contains("is inheriting from")));
    candidates.extend(top.map(str::to_string));
    let candidates: Vec<&Source> = candidates.iter().filter_map(|c| sources.iter().find(|s| s.name == *c)).collect();
    let found = culprit(message)
        .and_then(|pattern| candidates.iter().find_map(|s| Some((s.file.clone(), line_in_tags(&s.text, &pattern)?))));
    match found {
        Some((file, line)) => (Some(file), Some(line)),
        None => (candidates.first().map(|s| s.file.clone()), None),
    }
}

/// What to look for in the template, by Tera's message.
fn culprit(message: &str) -> Option<regex::Regex> {
    let between = |start: &str, end: char| {
        let from = message.find(start)? + start.len();
        let len = message[from..].find(end)?;
        Some(regex::escape(&message[from..from + len]))
    };
    let pattern = if let Some(v) = between("Variable `", '`') {
        format!(r"(^|[^\w.]){v}\b")
    } else if let Some(f) = between("Filter '", '\'') {
        format!(r"\|\s*{f}\b")
    } else if let Some(t) = between("Test '", '\'') {
        format!(r"\bis\s+(not\s+)?{t}\b")
    } else if let Some(f) = between("Function '", '\'').or_else(|| between("Function `", '`')) {
        format!(r"\b{f}\s*\(")
    } else if let Some(ns) = between("Macro namespace `", '`') {
        format!(r"\b{ns}::")
    } else if let Some(m) = between("Macro `", '`') {
        format!(r"\b{m}\b")
    } else if let Some(parent) = between("is inheriting from '", '\'') {
        format!(r#"extends\s+["']{parent}["']"#)
    } else if let Some(t) = between("Template '", '\'') {
        let t = t.trim_start_matches(r"\[").trim_end_matches(r"\]");
        format!(r#"["']{t}["']"#)
    } else {
        return None;
    };
    regex::Regex::new(&pattern).ok()
}

/// The line of the first `{{`, `{%` or `{#` with no end after it.
fn unclosed_tag_line(text: &str) -> Option<usize> {
    let mut at = 0;
    while let Some(open) = text[at..].find('{').map(|i| at + i) {
        let Some(close) = template_limits::closer(text, open) else {
            at = open + 1;
            continue;
        };
        match text[open + 2..].find(close) {
            Some(i) => at = open + 2 + i + 2,
            None => return Some(text[..open].matches('\n').count() + 1),
        }
    }
    None
}

/// The line of the first match of `pattern` inside a `{{ }}` or `{% %}` tag.
fn line_in_tags(text: &str, pattern: &regex::Regex) -> Option<usize> {
    let mut at = 0;
    while let Some(open) = text[at..].find(['{']).map(|i| at + i) {
        let close = match text.get(open + 1..open + 2) {
            Some("{") => "}}",
            Some("%") => "%}",
            _ => {
                at = open + 1;
                continue;
            }
        };
        let end = text[open..].find(close).map_or(text.len(), |i| open + i);
        if let Some(m) = pattern.find(&text[open + 2..end]) {
            return Some(text[..open + 2 + m.start()].matches('\n').count() + 1);
        }
        at = end;
    }
    None
}

/// Longest list `range` makes: Tera's own builds whatever it is asked for,
/// and `range(end=1000000000)` takes the build's memory and time.
const MAX_RANGE: usize = 100_000;

/// Tera's `range(start=0, end=N, step_by=1)`, refusing lists past [`MAX_RANGE`].
fn range(args: &std::collections::HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    let number = |name: &str, default: Option<usize>| match args.get(name) {
        Some(v) => v.as_u64().map(|n| n as usize).ok_or_else(|| {
            tera::Error::msg(format!("Function `range` received {name}={v} but `{name}` can only be a number"))
        }),
        None => default.ok_or_else(|| tera::Error::msg("Function `range` was called without a `end` argument")),
    };
    let (start, end, step) = (number("start", Some(0))?, number("end", None)?, number("step_by", Some(1))?.max(1));
    if start > end {
        return Err(tera::Error::msg("Function `range` was called with a `start` argument greater than the `end` one"));
    }
    let count = (end - start).div_ceil(step);
    if count > MAX_RANGE {
        return Err(tera::Error::msg(format!(
            "Function `range` would make {count} numbers; at most {MAX_RANGE} are allowed"
        )));
    }
    Ok((start..end).step_by(step).collect::<Vec<_>>().into())
}

fn escape_fn(text: &str) -> String {
    crate::escape::escape(text)
}

/// Tera reports the top-level template; the cause chain names the real
/// problem (tera #645), so print all of it.
pub(crate) fn chain(e: &dyn std::error::Error) -> String {
    let mut message = e.to_string();
    let mut source = e.source();
    while let Some(s) = source {
        message.push_str(": ");
        message.push_str(&s.to_string());
        source = s.source();
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(name: &str, text: &str) -> Source {
        Source { name: name.into(), text: text.into(), file: format!("themes/t/templates/{name}") }
    }

    #[test]
    fn tera_messages_are_placed_at_the_tag_that_names_the_culprit() {
        let sources = [
            source(
                "page.html",
                "{% extends \"base.html\" %}\n{% block b %}\nnope and x here\n{{ x | shout }}{% endblock %}",
            ),
            source("base.html", "<p>\n{{ page.nope }}\n{% block b %}{% endblock %}"),
        ];
        let filter = "Failed to render 'page.html': Filter 'shout' not found";
        assert_eq!(place(filter, Some("page.html"), &sources), (Some(sources[0].file.clone()), Some(4)));
        // The text of the page mentions `nope`; only tags count.
        let variable = "Failed to render 'page.html' (error happened in 'base.html').: Variable `page.nope` not \
                        found in context while rendering 'page.html'";
        assert_eq!(place(variable, Some("page.html"), &sources), (Some(sources[1].file.clone()), Some(2)));
        let unknown = "Failed to render 'page.html': something else";
        assert_eq!(place(unknown, Some("page.html"), &sources), (Some(sources[0].file.clone()), None));
    }

    #[test]
    fn a_tag_left_open_is_found_where_it_opens() {
        assert_eq!(unclosed_tag_line("a {{ b }}\n{% if c %}\n{{ d\n\n"), Some(3));
        assert_eq!(unclosed_tag_line("{# note #}\n{{ fine }}"), None);
        let sources = [source("a.html", "x\n{{ open\n\n")];
        let parse = "Failed to parse 'a.html':  --> 4:1\n  |";
        assert_eq!(place(parse, None, &sources).1, Some(2));
    }
}
