//! Builds real fixture sites and inspects the HTML they produce.

mod common;

use std::collections::BTreeMap;

use common::{links, sel, snapshot, text_of, texts, Fixture};

/// The source credit each fixture article carries (from its front matter).
fn fixture_sources() -> BTreeMap<&'static str, &'static str> {
    BTreeMap::from([
        ("rates-rise", "Outlet One"),
        ("alpha-new", "Alpha Wire"),
        ("alpha-old", "Alpha Wire"),
        ("loose-story", "Independent Gazette"),
        ("last-week", "Weekly Times"),
        ("scraped", "Scrape Source"),
    ])
}

#[test]
fn every_listed_article_shows_its_source_credit() {
    let site = Fixture::new("basic");
    site.build_ok();
    let sources = fixture_sources();
    let mut cards_seen = 0;
    for (path, html) in site.html_pages() {
        for card in html.select(&sel("article.card")) {
            let href = card.select(&sel("h3 a")).next().and_then(|a| a.value().attr("href")).unwrap_or_default();
            let slug = href.trim_start_matches("/repo/articles/").trim_end_matches('/');
            let source = sources.get(slug).unwrap_or_else(|| panic!("{path}: card links to unknown {href:?}"));
            let credit = card.select(&sel(".credit")).next().map(|c| text_of(&c));
            assert_eq!(credit.as_deref(), Some(format!("Source: {source}").as_str()), "{path}: card for {slug}");
            cards_seen += 1;
        }
    }
    // Home, two editions, two topics and related lists all list articles.
    assert!(cards_seen >= 20, "only {cards_seen} cards in the whole site");
    for (slug, source) in sources {
        let page = site.page(&format!("articles/{slug}/index.html"));
        let credit = texts(&page, ".source-credit .credit");
        assert_eq!(credit, vec![format!("Source: {source}")], "article page {slug}");
    }
}

#[test]
fn editions_group_articles_by_topic_in_order() {
    let site = Fixture::new("editions");
    site.build_ok();
    let home = site.page("index.html");
    assert_eq!(texts(&home, "h1"), vec!["Week forty-eight"]);
    assert_eq!(texts(&home, ".group h2"), vec!["Alpha affairs", "Beta matters", "Other news"]);
    let group = |html: &scraper::Html, id: &str| texts(html, &format!("#{id} article.card h3"));
    assert_eq!(group(&home, "group-topic-alpha"), vec!["Alpha news, newest", "Alpha news, older"]);
    assert_eq!(group(&home, "group-topic-beta"), vec!["Rates <rise> & \"fall\""]);
    assert_eq!(group(&home, "group-other-news"), vec!["A story with no topic"]);

    // The week before is its own edition; an article is filed once per
    // edition, under its first topic.
    let older = site.page("editions/2024-w47/index.html");
    assert_eq!(texts(&older, ".group h2"), vec!["Alpha affairs"]);
    assert_eq!(group(&older, "group-topic-alpha"), vec!["Last week's alpha"]);

    let archive = site.page("editions/index.html");
    let hrefs: Vec<String> = links(&archive).into_iter().filter(|l| l.starts_with("/repo/editions/20")).collect();
    assert_eq!(hrefs.first().map(String::as_str), Some("/repo/editions/2024-w48/"));
    assert!(hrefs.contains(&"/repo/editions/2024-w47/".to_string()));

    // Topic pages list their articles newest first.
    let alpha = site.page("topics/alpha/index.html");
    assert_eq!(texts(&alpha, "article.card h3"), vec!["Alpha news, newest", "Alpha news, older", "Last week's alpha"]);
    assert!(texts(&alpha, ".prose").iter().any(|t| t.contains("The alpha intro.")));
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = Fixture::new("drafts");
    site.build_ok();
    assert!(!site.out().join("articles/unfinished").exists());
    for (path, html) in site.html_pages() {
        assert!(!html.html().contains("Unfinished draft"), "{path} shows a draft");
    }
    broadsheet::build(&broadsheet::BuildOptions { root: site.root().into(), drafts: true, ..Default::default() })
        .unwrap();
    assert!(site.out().join("articles/unfinished/index.html").exists());
}

#[test]
fn every_link_carries_the_base_path_and_resolves() {
    let site = Fixture::new("basic");
    site.build_ok();
    let mut checked = 0;
    for (path, html) in site.html_pages() {
        for link in links(&html) {
            if link.starts_with('#') || link.starts_with("https://one.example/") {
                continue;
            }
            let local = if let Some(rest) = link.strip_prefix("https://user.github.io") {
                rest.to_string()
            } else {
                assert!(link.starts_with('/'), "{path}: link {link:?} is neither absolute nor rooted");
                link.clone()
            };
            let rest = local.strip_prefix("/repo/").unwrap_or_else(|| panic!("{path}: {link:?} lacks the base path"));
            let rest = rest.split('#').next().unwrap();
            let file =
                if rest.is_empty() || rest.ends_with('/') { format!("{rest}index.html") } else { rest.to_string() };
            assert!(site.out().join(&file).is_file(), "{path}: broken link {link:?}");
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} links checked");
}

#[test]
fn base_url_flag_overrides_site_toml() {
    let site = Fixture::new("basic");
    let options = broadsheet::BuildOptions {
        root: site.root().into(),
        base_url: Some("https://preview.example.org/pr-7".into()),
        ..Default::default()
    };
    broadsheet::build(&options).unwrap();
    let home = site.page("index.html");
    let rooted: Vec<String> = links(&home).into_iter().filter(|l| l.starts_with('/')).collect();
    assert!(!rooted.is_empty());
    assert!(rooted.iter().all(|l| l.starts_with("/pr-7/")), "{rooted:?}");
    let feed = std::fs::read_to_string(site.out().join("feed.xml")).unwrap();
    assert!(feed.contains("https://preview.example.org/pr-7/articles/alpha-new/"));
}

#[test]
fn notes_appear_on_every_page_they_are_about() {
    let site = Fixture::new("notes");
    site.build_ok();
    let has = |page: &str, text: &str| site.page(page).html().contains(text);
    assert!(has("articles/alpha-new/index.html", "Alpha note body"));
    assert!(has("topics/alpha/index.html", "Alpha note body"));
    assert!(!has("articles/alpha-old/index.html", "Alpha note body"));
    assert!(has("editions/2024-w48/index.html", "Week note body"));
    assert!(has("index.html", "Week note body"));
    assert!(!has("editions/2024-w47/index.html", "Week note body"));
    // A content reference in a note becomes a link under the base path.
    let topic = site.page("topics/alpha/index.html");
    assert!(links(&topic).contains(&"/repo/articles/alpha-old/".to_string()));
}

#[test]
fn article_pages_credit_figures_and_escape_text() {
    let site = Fixture::new("basic");
    site.build_ok();
    let page = site.page("articles/rates-rise/index.html");
    assert_eq!(texts(&page, "h1"), vec!["Rates <rise> & \"fall\""]);
    let raw = std::fs::read_to_string(site.out().join("articles/rates-rise/index.html")).unwrap();
    assert!(raw.contains("Rates &lt;rise&gt; &amp; &quot;fall&quot;"));
    assert!(!raw.contains("<script>alert(1)"), "raw HTML in Markdown must be sanitised");
    assert!(links(&page).contains(&"https://one.example/rates".to_string()));
    assert_eq!(texts(&page, "figcaption .caption"), vec!["Rates over time"]);
    assert_eq!(texts(&page, "figcaption .photo-credit"), vec!["Photo: Jane Doe/Agency"]);
    // A figure's site path is served under the base path.
    assert_eq!(page.select(&sel("figure img[src='/repo/images/chart.png'][alt='A chart']")).count(), 1);
    assert!(texts(&page, ".authors, .byline").iter().any(|t| t.contains("Ann Author") && t.contains("Ben Writer")));
    assert_eq!(page.select(&sel("h2#why-it-matters")).count(), 1, "heading anchors");
    assert_eq!(page.select(&sel(".article-header time[datetime='2024-11-26']")).count(), 1);
    // The cleaned raw article got its fields from the sidecar.
    let scraped = site.page("articles/scraped/index.html");
    assert_eq!(texts(&scraped, "h1"), vec!["Scraped headline about beta"]);
}

#[test]
fn errors_name_file_and_line_and_come_together() {
    let site = Fixture::new("basic");
    site.write("content/articles/bad-yaml.md", "---\ntitle: \"Unclosed\nsource: x\n---\nBody\n");
    site.write("content/articles/no-source.md", "---\ntitle: \"No source\"\n---\nBody\n");
    site.write(
        "content/articles/wrong-topic.md",
        "---\ntitle: T\nsource: S\ntopics:\n  - alpha\n  - gamma\n---\nBody.\n",
    );
    site.write("content/articles/bad-date.md", "---\ntitle: T\nsource: S\npublished: 25/11/2024\n---\nBody.\n");
    site.write("content/articles/typo-key.md", "---\ntitle: T\nsorce: S\n---\n");
    site.write("content/articles/no-front-matter.md", "Just text\n");
    site.write("content/notes/lost.md", "---\ntitle: Lost\nabout:\n  - articles/nowhere\n---\nBody\n");
    site.write(
        "content/articles/alpha-old.txt",
        "Same slug as a Markdown article\n\nA paragraph that is long enough to be kept by the cleaner here.\n",
    );
    std::fs::write(site.root().join("content/articles/latin1.md"), b"---\ntitle: caf\xe9\n---\n").unwrap();

    let err = site.build().unwrap_err().to_string();
    for expected in [
        "content/articles/bad-yaml.md:2",
        "content/articles/no-source.md:1: `source` is missing",
        "content/articles/wrong-topic.md:6: unknown topic \"gamma\"",
        "content/articles/bad-date.md:4: `published`",
        "content/articles/typo-key.md:3: front matter: unknown field `sorce`",
        "content/articles/no-front-matter.md:1: the file does not start with front matter",
        "content/notes/lost.md:4: unknown article \"nowhere\"",
        "duplicate article slug \"alpha-old\"",
        "content/articles/latin1.md:2: file is not valid UTF-8",
    ] {
        assert!(err.contains(expected), "missing {expected:?} in:\n{err}");
    }
    assert!(err.contains("found 10 errors"), "{err}");
    assert!(err.contains("hint:"), "errors say what to do:\n{err}");
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = Fixture::new("basic");
    site.build_ok();
    let before = snapshot(&site.out());
    site.write("content/articles/alpha-new.md", "---\ntitle: broken: [\n---\n");
    assert!(site.build().is_err());
    assert_eq!(snapshot(&site.out()), before);
    // A template error is caught before writing too.
    let original = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/basic/content/articles/alpha-new.md"
    ))
    .unwrap();
    site.write("content/articles/alpha-new.md", &original);
    site.write(
        "templates/article.html",
        "{% extends \"base.html\" %}{% block content %}{{ nope.nothing }}{% endblock %}",
    );
    let err = site.build().unwrap_err().to_string();
    assert!(err.contains("templates/article.html"), "{err}");
    assert_eq!(snapshot(&site.out()), before);
    // Nothing is left beside the output.
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn builds_are_byte_identical_and_rebuilds_write_nothing() {
    let a = Fixture::new("basic");
    let b = Fixture::new("basic");
    a.build_ok();
    b.build_ok();
    assert_eq!(snapshot(&a.out()), snapshot(&b.out()));
    let again = a.build_ok();
    assert_eq!(again.write.written, 0);
    assert_eq!(again.write.unchanged, again.pages);
}

#[test]
fn a_site_template_overrides_the_theme() {
    let site = Fixture::new("basic");
    site.write(
        "templates/404.html",
        "<!doctype html><title>Lost</title><p class=\"mine\">{{ site.title }} has no such page</p>",
    );
    site.write("templates/partials/credit.html", "<p class=\"credit\">Via {{ article.source }}</p>");
    site.build_ok();
    let page = site.page("404.html");
    assert_eq!(texts(&page, ".mine"), vec!["Test Digest has no such page"]);
    let home = site.page("index.html");
    assert!(texts(&home, "article.card .credit").contains(&"Via Alpha Wire".to_string()));
}

#[test]
fn a_folder_not_made_by_broadsheet_is_never_replaced() {
    let site = Fixture::new("basic");
    site.write("public/thesis.txt", "years of work");
    let err = site.build().unwrap_err().to_string();
    assert!(err.contains("refusing to replace"), "{err}");
    assert_eq!(std::fs::read_to_string(site.out().join("thesis.txt")).unwrap(), "years of work");
}

#[test]
fn file_names_are_made_into_safe_slugs() {
    let site = Fixture::new("basic");
    site.write(
        "content/articles/Kim Putin Meeting.md",
        "---\ntitle: T\nsource: S\nretrieved: 2024-11-26\n---\nBody.\n",
    );
    site.write("content/articles/Ça déménage.md", "---\ntitle: U\nsource: S\nretrieved: 2024-11-26\n---\nBody.\n");
    site.build_ok();
    assert!(site.out().join("articles/kim-putin-meeting/index.html").is_file());
    assert!(site.out().join("articles/ca-demenage/index.html").is_file());
    // Two names that give one slug are a duplicate.
    site.write("content/articles/kim-putin-meeting.md", "---\ntitle: V\nsource: S\n---\nBody.\n");
    let err = site.build().unwrap_err().to_string();
    assert!(err.contains("duplicate article slug \"kim-putin-meeting\""), "{err}");
}

#[test]
fn config_errors_name_the_key() {
    let site = Fixture::new("basic");
    site.write(
        "site.toml",
        "title = \"T\"\nbase_url = \"https://x.org/\"\n[digest]\nperiod = \"week\"\nrelated_count = 3\n",
    );
    let err = site.build().unwrap_err().to_string();
    assert!(err.contains("site.toml:5") && err.contains("related_count"), "{err}");
}

#[test]
fn pages_declare_language_and_landmarks() {
    let site = Fixture::new("basic");
    site.build_ok();
    for (path, html) in site.html_pages() {
        assert_eq!(html.select(&sel("html[lang='en-GB']")).count(), 1, "{path}");
        assert_eq!(html.select(&sel("main#main")).count(), 1, "{path}");
        assert_eq!(html.select(&sel("a[href='#main']")).count(), 1, "{path}: skip link");
        assert_eq!(texts(&html, "h1").len(), 1, "{path}: one h1");
    }
}

#[test]
fn long_topics_are_paginated_with_working_links() {
    let site = Fixture::new("notes");
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", &toml.replace("period = \"week\"", "period = \"week\"\nper_page = 2"));
    site.build_ok();
    let first = site.page("topics/alpha/index.html");
    assert_eq!(texts(&first, "article.card h3"), vec!["Alpha news, newest", "Alpha news, older"]);
    assert!(first.html().contains("Alpha note body"), "notes on the first page");
    assert_eq!(first.select(&sel("a[rel=next][href='/repo/topics/alpha/page/2/']")).count(), 1);
    let second = site.page("topics/alpha/page/2/index.html");
    assert_eq!(texts(&second, "article.card h3"), vec!["Last week's alpha"]);
    assert!(!second.html().contains("Alpha note body"), "notes only on the first page");
    assert_eq!(second.select(&sel("a[rel=prev][href='/repo/topics/alpha/']")).count(), 1);
    assert!(texts(&second, "h1").iter().all(|t| t == "Alpha affairs"));
    assert!(!site.out().join("topics/alpha/page/3").exists(), "three articles make two pages");
    assert!(!site.out().join("topics/alpha/page/1").exists(), "page 1 is the topic's own URL");
}
