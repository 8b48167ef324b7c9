//! Themes fall back: a theme holds only what it changes, and the rest comes
//! from the default theme, template by template. Builds the repository's
//! example site with the default theme and with `themes/wire`.

mod common;

use std::fs;
use std::path::Path;

use common::{sel, texts};
use scraper::Html;

/// The example site, copied, with `theme` set in site.toml.
fn example(theme: &str) -> tempfile::TempDir {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().unwrap();
    for sub in ["content", "themes"] {
        common::copy_dir(&repo.join(sub), &dir.path().join(sub));
    }
    let config = fs::read_to_string(repo.join("site.toml")).unwrap();
    assert!(config.contains("theme = \"default\""));
    fs::write(dir.path().join("site.toml"), config.replace("theme = \"default\"", &format!("theme = \"{theme}\"")))
        .unwrap();
    dir
}

fn build(dir: &Path) -> std::path::PathBuf {
    let out = dir.join("public");
    broadsheet::build(&broadsheet::BuildOptions { root: dir.into(), output: Some(out.clone()), ..Default::default() })
        .unwrap_or_else(|e| panic!("build failed:\n{e}"));
    out
}

fn page(out: &Path, rel: &str) -> Html {
    Html::parse_document(&fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}")))
}

fn stylesheets(doc: &Html) -> Vec<String> {
    doc.select(&sel("link[rel=stylesheet]")).filter_map(|l| l.value().attr("href")).map(str::to_string).collect()
}

#[test]
fn the_wire_theme_changes_only_what_it_holds() {
    let wire_theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/wire");
    let mut held: Vec<String> = walkdir::WalkDir::new(&wire_theme)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(&wire_theme).unwrap().to_string_lossy().replace('\\', "/"))
        .collect();
    held.sort();
    assert_eq!(held, ["static/wire.css", "templates/index.html", "templates/partials/theme-head.html"]);

    let (default_dir, wire_dir) = (example("default"), example("wire"));
    let (default, wire) = (build(default_dir.path()), build(wire_dir.path()));

    // The front page is the wire's own: a board of one-line headlines,
    // each with its source.
    let home = page(&wire, "index.html");
    assert_eq!(home.select(&sel(".wire-board")).count(), 1);
    let lines = home.select(&sel(".wire-lines li")).count();
    let cards = page(&default, "index.html").select(&sel("main article.card")).count();
    assert!(lines > 0 && lines == cards, "{lines} headlines for the default theme's {cards} cards");
    assert_eq!(texts(&home, ".wire-lines li .wire-source").len(), lines, "every headline has its source");
    assert_eq!(page(&default, "index.html").select(&sel(".wire-board")).count(), 0);

    // Every other page is the default theme's, restyled.
    assert_eq!(stylesheets(&home), ["/broadsheet/style.css", "/broadsheet/wire.css"]);
    assert_eq!(stylesheets(&page(&default, "index.html")), ["/broadsheet/style.css"]);
    assert!(wire.join("style.css").is_file() && wire.join("wire.css").is_file());
    assert!(!default.join("wire.css").exists());
    let mut compared = 0;
    for e in walkdir::WalkDir::new(&default).into_iter().filter_map(Result::ok) {
        let rel = e.path().strip_prefix(&default).unwrap().to_string_lossy().replace('\\', "/");
        // The front page is the wire's own; a newsletter is an e-mail, without the site's stylesheets.
        if !rel.ends_with(".html") || rel == "index.html" || rel.ends_with("newsletter.html") {
            continue;
        }
        let ours = fs::read_to_string(e.path()).unwrap();
        let theirs = fs::read_to_string(wire.join(&rel)).unwrap_or_else(|_| panic!("wire has no {rel}"));
        let link = "<link rel=\"stylesheet\" href=\"/broadsheet/wire.css\">";
        assert!(theirs.contains(link), "{rel} lacks the wire stylesheet");
        let lines = |html: &str| -> Vec<String> {
            html.replacen(link, "", 1).lines().filter(|l| !l.trim().is_empty()).map(str::to_string).collect()
        };
        let (a, b) = (lines(&ours), lines(&theirs));
        if let Some(i) = (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i)) {
            panic!("{rel} differs beyond the stylesheet at line {i}: {:?} vs {:?}", a.get(i), b.get(i));
        }
        compared += 1;
    }
    assert!(compared > 10, "compared {compared} pages");
}

#[test]
fn a_theme_override_of_one_partial_leaves_the_rest_built_in() {
    let dir = example("default");
    let root = dir.path();
    fs::remove_dir_all(root.join("themes")).unwrap();
    let partial = root.join("themes/lean/templates/partials/credit.html");
    fs::create_dir_all(partial.parent().unwrap()).unwrap();
    fs::write(&partial, "<p class=\"credit lean\">From {{ article.source }}</p>").unwrap();
    let config = fs::read_to_string(root.join("site.toml")).unwrap();
    fs::write(root.join("site.toml"), config.replace("theme = \"default\"", "theme = \"lean\"")).unwrap();
    let out = build(root);
    let home = page(&out, "index.html");
    assert!(home.select(&sel(".credit.lean")).count() > 0);
    assert_eq!(stylesheets(&home), ["/broadsheet/style.css"], "the built-in stylesheet");
}
