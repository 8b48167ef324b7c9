//! Hostile content: nothing an editor or a scraped page writes can run
//! script on a reader's page or in a feed reader.

mod common;

use common::Fixture;
use scraper::Selector;

/// Attributes that run script or grab focus without a click.
fn is_active_attribute(name: &str) -> bool {
    name.starts_with("on") || name == "autofocus"
}

#[test]
fn heading_attributes_cannot_add_event_handlers_anywhere() {
    let site = Fixture::new("hostile");
    site.build_ok();
    let all = Selector::parse("*").unwrap();
    let pages = site.html_pages();
    assert!(pages.len() >= 5, "{}", pages.len());
    for (path, page) in &pages {
        for el in page.select(&all) {
            for (name, value) in el.value().attrs() {
                assert!(!is_active_attribute(name), "{path}: <{} {name}=\"{value}\">", el.value().name());
                assert!(!value.to_ascii_lowercase().contains("script:"), "{path}: {name}=\"{value}\"");
            }
        }
    }
    // The headings keep their id (and class): links to them still work.
    let article = site.page("articles/heading-attack/index.html");
    assert_eq!(article.select(&Selector::parse("h3#body.lead").unwrap()).count(), 1);
    assert_eq!(site.page("topics/attack/index.html").select(&Selector::parse("h2#intro").unwrap()).count(), 1);

    // Feeds carry the same bodies, as escaped HTML: once unescaped by a
    // feed reader, they must still hold no handler.
    let atom = std::fs::read_to_string(site.out().join("feed.xml")).unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(site.out().join("feed.json")).unwrap()).unwrap();
    let json_html: String = json["items"].as_array().unwrap().iter().map(|i| i["content_html"].to_string()).collect();
    for (name, text) in [("feed.xml", atom.replace("&quot;", "\"")), ("feed.json", json_html)] {
        assert!(text.contains("Body heading"), "{name} has no body");
        for bad in ["onfocus", "autofocus", "onmouseover", "javascript:", "vbscript:"] {
            assert!(!text.contains(bad), "{name} contains {bad}");
        }
    }
}

#[test]
fn json_ld_stays_valid_json_whatever_a_title_holds() {
    let site = Fixture::new("hostile");
    site.build_ok();
    let script = Selector::parse("script[type=\"application/ld+json\"]").unwrap();
    for (path, page) in site.html_pages() {
        for block in page.select(&script) {
            let text = block.inner_html();
            assert!(!text.contains('<') && !text.contains('>'), "{path}: {text}");
            let data: serde_json::Value =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: JSON-LD does not parse: {e}\n{text}"));
            if path == "articles/heading-attack/index.html" {
                assert_eq!(data["headline"], "Summit <!-- begins --> </script><script>alert(5)</script>");
            }
        }
    }
}

#[test]
fn script_urls_in_figures_are_refused_at_their_line() {
    for (src, ok) in [
        ("javascript://example.org/%0aalert(11)", false),
        ("vbscript:msgbox(1)", false),
        (" JaVa\tScRiPt:alert(1)", false),
        ("data:image/svg+xml,<svg onload=alert(1)>", false),
        ("https://example.org/photo.jpg", true),
        ("images/photo.jpg", true),
    ] {
        let site = Fixture::new("hostile");
        site.write(
            "content/articles/figure.md",
            &format!(
                "---\ntitle: \"Figure\"\nsource: \"Wire\"\npublished: 2024-11-25\nfigures:\n  - caption: \"A caption\"\n    src: {}\n---\nBody.\n",
                serde_json::to_string(src).unwrap()
            ),
        );
        match site.build() {
            Ok(_) => {
                assert!(ok, "{src:?} was accepted");
                let html = std::fs::read_to_string(site.out().join("articles/figure/index.html")).unwrap();
                assert!(html.contains("photo.jpg"));
            }
            Err(e) => {
                assert!(!ok, "{src:?} was refused: {e}");
                let text = e.to_string();
                assert!(text.contains("content/articles/figure.md:7:"), "{text}");
                assert!(text.contains("is not an http(s) URL or a site path"), "{text}");
            }
        }
    }
}

#[test]
fn templates_that_would_overflow_the_stack_are_refused_at_their_line() {
    let parens = format!("{{{{ {}1{} }}}}", "(".repeat(20_000), ")".repeat(20_000));
    let ifs = format!("{}x{}", "{% if true %}".repeat(5_000), "{% endif %}".repeat(5_000));
    let cases: [(&[(&str, &str)], &str); 5] = [
        (
            &[("404.html", "{% extends \"base.html\" %}\n{% block main %}{% include \"404.html\" %}{% endblock %}")],
            "templates/404.html:2: templates include each other",
        ),
        (
            &[("404.html", "{% include \"part.html\" %}"), ("part.html", "{% include \"404.html\" %}")],
            "templates/404.html:1: templates include each other: 404.html → part.html → 404.html",
        ),
        (
            &[("404.html", "{% import \"404.html\" as me %}{% macro f() %}\n{{ me::f() }}{% endmacro %}{{ me::f() }}")],
            "templates/404.html:2: macros call each other",
        ),
        (&[("404.html", &parens)], "templates/404.html:1: brackets are nested too deeply"),
        (
            &[("404.html", &ifs)],
            "templates/404.html:1: `{% if %}`, `{% for %}` and other block tags are nested too deeply",
        ),
    ];
    for (templates, expected) in cases {
        let site = Fixture::new("hostile");
        for (name, text) in templates {
            site.write(&format!("templates/{name}"), text);
        }
        let err = site.build().expect_err(expected).to_string();
        assert!(err.contains(expected), "expected {expected:?} in:\n{err}");
    }
}

#[test]
fn deeply_nested_front_matter_is_refused_at_its_line() {
    let site = Fixture::new("hostile");
    let nested = format!("{}{}", "[".repeat(200_000), "]".repeat(200_000));
    site.write(
        "content/articles/nested.md",
        &format!("---\ntitle: \"It's [fine] {{here}}\"\nsource: it's\ntopics: {nested}\n---\nBody.\n"),
    );
    let err = site.build().expect_err("nested front matter").to_string();
    assert!(err.contains("content/articles/nested.md:4: front matter: lists or maps are nested too deeply"), "{err}");
    // The same in a raw article's sidecar.
    let site = Fixture::new("hostile");
    site.write(
        "content/articles/raw.txt",
        "Headline\n\nA paragraph of the story that is long enough to be the body.\n",
    );
    site.write("content/articles/raw.meta.yaml", &format!("source: Wire\ntopics: {nested}\n"));
    let err = site.build().expect_err("nested sidecar").to_string();
    assert!(
        err.contains("content/articles/raw.meta.yaml:2: front matter: lists or maps are nested too deeply"),
        "{err}"
    );
}

#[test]
fn a_file_past_the_size_limit_is_an_error_naming_it() {
    let site = Fixture::new("hostile");
    let big = "A line of a story that goes on and on.\n".repeat((broadsheet::error::MAX_FILE_BYTES / 39 + 10) as usize);
    site.write("content/articles/huge.txt", &big);
    let err = site.build().expect_err("huge file").to_string();
    assert!(err.contains("content/articles/huge.txt: file is 16 MiB; Broadsheet reads files up to 16 MiB"), "{err}");
}

/// Front matter errors point at the line to fix and say what is expected.
#[test]
fn front_matter_errors_name_the_line_at_fault() {
    let cases = [
        ("topics: 5", 4, "`topics` is a list of topic slugs"),
        ("topics: {a: 1}", 4, "`topics` is a list of topic slugs"),
        ("authors: {a: 1}", 4, "`authors` is a list of names"),
        ("authors: [[a, b]]", 4, "`authors` is a list of names"),
        ("title: \"Again\"", 4, "a field is given twice"),
        ("summary: \"one\u{2028}two\u{85}three\"\npublished: [never", 5, "published: invalid type"),
        ("summary: \"a\u{1}b\"", 4, "remove the invisible control character"),
    ];
    for (extra, line, expected) in cases {
        let site = Fixture::new("hostile");
        site.write("content/articles/t.md", &format!("---\ntitle: \"T\"\nsource: Wire\n{extra}\n---\nBody.\n"));
        let err = site.build().expect_err(extra).to_string();
        assert!(err.contains(&format!("content/articles/t.md:{line}: front matter:")), "{extra:?}:\n{err}");
        assert!(err.contains(expected), "{extra:?}:\n{err}");
        assert!(!err.contains("untagged enum"), "{err}");
    }
}

/// Dates at the edge of chrono's range panicked in date arithmetic.
#[test]
fn dates_outside_the_accepted_years_are_bad_dates_not_panics() {
    for (field, value) in [
        ("published", "-262143-01-01"),
        ("published", "+262142-12-31"),
        ("published", "+262142-12-31 23:30"),
        ("retrieved", "+262142-12-31T23:30:00+14:00"),
        ("published", "0999-12-31"),
    ] {
        for future in [false, true] {
            let site = Fixture::new("hostile");
            site.write(
                "site.toml",
                &std::fs::read_to_string(site.root().join("site.toml")).unwrap().replace("UTC", "America/Toronto"),
            );
            site.write(
                "content/articles/edge.md",
                &format!("---\ntitle: \"Edge\"\nsource: Wire\n{field}: \"{value}\"\n---\nBody.\n"),
            );
            let options = broadsheet::BuildOptions { root: site.root().to_path_buf(), future, ..Default::default() };
            let err = broadsheet::build(&options).expect_err(value).to_string();
            assert!(err.contains("content/articles/edge.md:4:"), "{err}");
            assert!(err.contains("dates from 1000 to 9999 are accepted"), "{err}");
        }
    }
    // An edition file named for such a year is no edition.
    let site = Fixture::new("hostile");
    site.write("content/editions/262143-W01.md", "---\ntitle: \"Far\"\n---\n");
    let err = site.build().expect_err("far edition").to_string();
    assert!(err.contains("content/editions/262143-W01.md"), "{err}");
}
