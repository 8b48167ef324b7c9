//! Theme templates: parsed once per build from the theme, with the site's
//! own `templates/` overriding any of them by name.

use std::path::{Path, PathBuf};

use tera::Tera;
use walkdir::WalkDir;

use crate::error::{read_text, Diagnostic, Diagnostics, Result};

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

/// Folder of a theme inside a site.
pub fn theme_dir(root: &Path, theme: &str) -> PathBuf {
    root.join("themes").join(theme)
}

/// Loads the theme's templates and the site's overrides into one Tera.
pub fn load(root: &Path, theme: &str) -> Result<Tera> {
    let mut problems = Diagnostics::default();
    let theme_templates = theme_dir(root, theme).join("templates");
    if !theme_templates.is_dir() {
        return Err(Diagnostic::new(
            crate::config::CONFIG_FILE,
            None,
            format!(
                "theme \"{theme}\" not found: there is no folder {}",
                theme_templates
                    .strip_prefix(root)
                    .unwrap_or(&theme_templates)
                    .display()
            ),
        )
        .hint("set `theme` in site.toml to a folder under themes/")
        .into());
    }
    let mut sources: Vec<(String, String)> = Vec::new();
    for dir in [theme_templates, root.join("templates")] {
        for (name, text) in read_dir(root, &dir, &mut problems) {
            // A site's template replaces the theme's of the same name.
            sources.retain(|(n, _)| *n != name);
            sources.push((name, text));
        }
    }
    for name in REQUIRED {
        if !sources.iter().any(|(n, _)| n == name) {
            problems.push(
                Diagnostic::new(
                    format!("themes/{theme}/templates/{name}"),
                    None,
                    "the theme has no such template",
                )
                .hint("every theme needs: ".to_string() + &REQUIRED.join(", ")),
            );
        }
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml"]);
    // Tera's own escaper also escapes `/`, which makes every URL unreadable.
    tera.set_escape_fn(escape_fn);
    if let Err(e) = tera.add_raw_templates(sources) {
        problems.push(Diagnostic::new("templates", None, chain(&e)));
    }
    problems.finish(tera)
}

fn read_dir(root: &Path, dir: &Path, problems: &mut Diagnostics) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return out;
    }
    for entry in WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(|e| e.ok())
    {
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().and_then(|e| e.to_str()) != Some("html")
        {
            continue;
        }
        let name = path
            .strip_prefix(dir)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('\\', "/");
        match read_text(path, path.strip_prefix(root).unwrap_or(path)) {
            Ok(text) => out.push((name, text)),
            Err(d) => problems.push(d),
        }
    }
    out
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
