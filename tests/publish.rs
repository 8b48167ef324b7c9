//! Publishing: `init`, the GitHub Pages workflow, feeds, metadata, CNAME and
//! the files GitHub Pages needs.

mod common;

use assert_cmd::Command;
use common::{links, sel, Fixture};

fn broadsheet() -> Command {
    Command::cargo_bin("broadsheet").unwrap()
}

#[test]
fn init_makes_a_site_that_builds_and_checks() {
    let dir = tempfile::tempdir().unwrap();
    broadsheet().args(["init", "mysite"]).current_dir(dir.path()).assert().success();
    let site = dir.path().join("mysite");
    for f in [
        "site.toml",
        "content/articles/sample-article.md",
        "content/topics/sample-topic.md",
        "content/notes/first-note.md",
        ".github/workflows/pages.yml",
    ] {
        assert!(site.join(f).is_file(), "{f}");
    }
    // No themes/ folder: the default theme is compiled in.
    assert!(!site.join("themes").exists());
    broadsheet().arg("build").current_dir(&site).assert().success();
    broadsheet().arg("check").current_dir(&site).assert().success();
    for f in [
        "index.html",
        "404.html",
        ".nojekyll",
        "robots.txt",
        "sitemap.xml",
        "feed.xml",
        "feed.json",
        "style.css",
        "topics/sample-topic/index.html",
    ] {
        assert!(site.join("public").join(f).is_file(), "{f}");
    }
    // The sample article is filed by the sample topic's rules.
    let topic = std::fs::read_to_string(site.join("public/topics/sample-topic/index.html")).unwrap();
    assert!(topic.contains("A sample article to show the shape of things"));
    // A second init refuses to overwrite anything.
    let out = broadsheet().args(["init", "mysite"]).current_dir(dir.path()).assert().failure();
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("already exists"));
}

#[test]
fn the_pages_workflow_uses_the_official_actions() {
    let dir = tempfile::tempdir().unwrap();
    broadsheet().args(["init", "s"]).current_dir(dir.path()).assert().success();
    let text = std::fs::read_to_string(dir.path().join("s/.github/workflows/pages.yml")).unwrap();
    let wf: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    assert_eq!(wf["permissions"]["contents"].as_str(), Some("read"));
    assert_eq!(wf["permissions"]["pages"].as_str(), Some("write"));
    assert_eq!(wf["permissions"]["id-token"].as_str(), Some("write"));
    assert_eq!(wf["concurrency"]["group"].as_str(), Some("pages"));
    let steps = wf["jobs"]["build"]["steps"].as_sequence().unwrap();
    let uses: Vec<&str> = steps.iter().filter_map(|s| s["uses"].as_str()).collect();
    assert_eq!(uses, vec!["actions/checkout@v7", "actions/configure-pages@v6", "actions/upload-pages-artifact@v5"]);
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(
        runs.iter().any(|r| r.contains("broadsheet build --base-url \"${{ steps.pages.outputs.base_url }}/\"")),
        "{runs:?}"
    );
    let deploy = &wf["jobs"]["deploy"];
    assert_eq!(deploy["environment"]["name"].as_str(), Some("github-pages"));
    assert_eq!(deploy["needs"].as_str(), Some("build"));
    assert_eq!(deploy["steps"][0]["uses"].as_str(), Some("actions/deploy-pages@v5"));

    // This repository ships the same workflow for its example site.
    let ours = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/.github/workflows/pages.yml")).unwrap();
    assert_eq!(ours, broadsheet::init::workflow("cargo install --locked --path ."));
}

#[test]
fn cname_is_written_only_when_configured() {
    let site = Fixture::new("basic");
    site.build_ok();
    assert!(!site.out().join("CNAME").exists());
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", &toml.replace("[digest]", "cname = \"news.example.org\"\n\n[digest]"));
    site.build_ok();
    assert_eq!(std::fs::read_to_string(site.out().join("CNAME")).unwrap(), "news.example.org\n");
    site.write("site.toml", &toml.replace("[digest]", "cname = \"https://news.example.org/x\"\n\n[digest]"));
    let err = site.build().unwrap_err().to_string();
    assert!(err.contains("site.toml:7: cname \"https://news.example.org/x\" has a scheme"), "{err}");
}

#[test]
fn the_404_page_links_carry_the_base_path() {
    let site = Fixture::new("basic");
    site.build_ok();
    let page = site.page("404.html");
    let rooted: Vec<String> = links(&page).into_iter().filter(|l| l.starts_with('/')).collect();
    assert!(rooted.len() >= 4, "{rooted:?}");
    assert!(rooted.iter().all(|l| l.starts_with("/repo/")), "{rooted:?}");
}

#[test]
fn feeds_carry_credits_and_are_bounded() {
    let site = Fixture::new("basic");
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", &format!("{toml}\n[feeds]\nlimit = 2\n"));
    site.build_ok();
    let atom = std::fs::read_to_string(site.out().join("feed.xml")).unwrap();
    assert_eq!(atom.matches("<entry>").count(), 2);
    assert!(atom.contains("<source>") && atom.contains("<title>Outlet One</title>"), "{atom}");
    assert!(atom.contains("<link rel=\"via\" type=\"text/html\" href=\"https://one.example/rates\""));
    let topic = std::fs::read_to_string(site.out().join("topics/alpha/feed.xml")).unwrap();
    assert!(topic.contains("Alpha news, newest"));
    let edition = std::fs::read_to_string(site.out().join("editions/2024-w47/feed.xml")).unwrap();
    assert_eq!(edition.matches("<entry>").count(), 1);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.out().join("feed.json")).unwrap()).unwrap();
    assert_eq!(json["version"], "https://jsonfeed.org/version/1.1");
    assert_eq!(json["items"].as_array().unwrap().len(), 2);
    assert!(json["items"][0]["content_html"].as_str().unwrap().contains("Source: "));
    // Pages announce the feeds.
    let home = site.page("index.html");
    assert_eq!(home.select(&sel("link[rel=alternate][type='application/atom+xml'][href='/repo/feed.xml']")).count(), 1);
    assert_eq!(home.select(&sel("link[rel=alternate][type='application/feed+json']")).count(), 1);
    let alpha = site.page("topics/alpha/index.html");
    assert_eq!(alpha.select(&sel("link[rel=alternate][href='/repo/topics/alpha/feed.xml']")).count(), 1);
}

#[test]
fn pages_carry_sharing_metadata_and_structured_data() {
    let site = Fixture::new("basic");
    site.build_ok();
    for (path, html) in site.html_pages() {
        if path == "404.html" {
            continue;
        }
        for s in [
            "link[rel=canonical]",
            "meta[property='og:title']",
            "meta[property='og:url']",
            "meta[name='twitter:card']",
            "meta[name=description]",
        ] {
            assert_eq!(html.select(&sel(s)).count(), 1, "{path}: {s}");
        }
    }
    let page = site.page("articles/rates-rise/index.html");
    let script = page.select(&sel("script[type='application/ld+json']")).next().unwrap();
    let ld: serde_json::Value = serde_json::from_str(&script.text().collect::<String>()).unwrap();
    assert_eq!(ld["@type"], "NewsArticle");
    assert_eq!(ld["headline"], "Rates <rise> & \"fall\"");
    assert_eq!(ld["isBasedOn"], "https://one.example/rates");
    // The page is the digest's; the story is the outlet's.
    assert_eq!(ld["publisher"]["name"], "Test Digest");
    assert_eq!(ld["publisher"]["url"], "https://user.github.io/repo/");
    assert_eq!(ld["sourceOrganization"]["name"], "Outlet One");
    assert_eq!(ld["author"][0]["name"], "Ann Author");
    // No publication date is known: the day it was collected is not one.
    assert!(ld.get("datePublished").is_none(), "{ld}");
    assert_eq!(ld["dateCreated"], "2024-11-26");
    assert_eq!(page.select(&sel("meta[property='article:published_time']")).count(), 0);
    assert_eq!(ld["image"][0], "https://user.github.io/repo/images/chart.png");
    let og_image = page.select(&sel("meta[property='og:image']")).next().and_then(|m| m.value().attr("content"));
    assert_eq!(og_image, Some("https://user.github.io/repo/images/chart.png"));
    let topic = site.page("topics/alpha/index.html");
    let script = topic.select(&sel("script[type='application/ld+json']")).next().unwrap();
    let ld: serde_json::Value = serde_json::from_str(&script.text().collect::<String>()).unwrap();
    assert_eq!(ld["@type"], "CollectionPage");
    assert_eq!(ld["mainEntity"]["numberOfItems"], 3);
}

#[test]
fn a_template_linking_outside_the_base_path_fails_the_check() {
    let site = Fixture::new("basic");
    site.write("templates/404.html", "<!doctype html><title>x</title><a href=\"/elsewhere/\">away</a>");
    let out = broadsheet().arg("check").current_dir(site.root()).assert().failure();
    let err = String::from_utf8_lossy(&out.get_output().stderr).to_string();
    assert!(err.contains("404.html: link \"/elsewhere/\" points outside the site's base path /repo/"), "{err}");
}

#[test]
fn a_sites_own_theme_folder_wins_over_the_built_in_theme() {
    let site = Fixture::new("basic");
    let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    common::copy_dir(&theme, &site.root().join("themes/default"));
    let base = site.root().join("themes/default/templates/base.html");
    let text = std::fs::read_to_string(&base).unwrap();
    std::fs::write(&base, text.replace("Skip to main content", "Jump to the stories")).unwrap();
    site.build_ok();
    assert!(site.page("index.html").html().contains("Jump to the stories"));

    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", &toml.replace("timezone", "theme = \"nonesuch\"\ntimezone"));
    let err = site.build().unwrap_err().to_string();
    assert!(err.contains("theme \"nonesuch\" not found"), "{err}");
}
