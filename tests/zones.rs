//! Times are the outlet's times, and structured data tells the truth: a
//! Toronto site whose articles were written in other zones (fixture
//! `zones`), and the example site's undated Kim–Putin article.

mod common;

use std::path::Path;

use broadsheet::{build, BuildOptions};
use common::{sel, texts, Fixture};
use scraper::Html;

/// The one `<time>` of "Published …" on a page or card, as (datetime, text).
fn published(html: &Html, scope: &str) -> Vec<(String, String)> {
    html.select(&sel(&format!("{scope} .date-published time")))
        .map(|t| (t.value().attr("datetime").unwrap_or("").to_string(), common::text_of(&t)))
        .collect()
}

fn json_ld(html: &Html) -> serde_json::Value {
    let script = html.select(&sel("script[type='application/ld+json']")).next().expect("JSON-LD");
    serde_json::from_str(&script.text().collect::<String>()).unwrap()
}

fn og_published(html: &Html) -> Vec<String> {
    html.select(&sel("meta[property='article:published_time']"))
        .filter_map(|m| m.value().attr("content").map(str::to_string))
        .collect()
}

/// The Atom entry whose id is the article's permalink.
fn atom_entry<'a>(feed: &'a str, slug: &str) -> &'a str {
    let id = format!("<id>https://example.org/zones/articles/{slug}/</id>");
    feed.split("<entry>").find(|e| e.contains(&id)).unwrap_or_else(|| panic!("no entry for {slug}"))
}

/// What each article's page shows, and what its `<time>` says.
const TIMES: &[(&str, &str, &str)] = &[
    // 02:31 UTC on the 16th is 21:31 on the 15th in Toronto: shown as written.
    ("late-utc", "2025-01-16T02:31:00+00:00", "16 January 2025, 02:31 UTC"),
    ("santiago", "2025-01-15T09:30:00-03:00", "15 January 2025, 09:30 UTC\u{2212}3"),
    // The 14th in Toronto, the 15th in Tokyo.
    ("tokyo", "2025-01-15T08:00:00+09:00", "15 January 2025, 08:00 UTC+9"),
    ("monday-in-seoul", "2025-01-20T01:00:00+09:00", "20 January 2025, 01:00 UTC+9"),
    // A date alone stays a date.
    ("date-only", "2025-01-14", "14 January 2025"),
    // A time without a zone is the site's, named as such.
    ("local-time", "2025-01-13T14:05:00-05:00", "13 January 2025, 14:05 EST"),
];

#[test]
fn pages_and_cards_show_the_outlets_date_and_clock_with_its_zone() {
    let site = Fixture::new("zones");
    site.build_ok();
    let topic = site.page("topics/world/index.html");
    for &(slug, iso, display) in TIMES {
        let page = site.page(&format!("articles/{slug}/index.html"));
        let expected = vec![(iso.to_string(), display.to_string())];
        assert_eq!(published(&page, ".article-header"), expected, "{slug}: article page");
        let card = format!("article.card:has(a[href='/zones/articles/{slug}/'])");
        assert_eq!(published(&topic, &card), expected, "{slug}: card on the topic page");
    }
    // Newest first by the instant, whatever zone each was written in.
    let order = texts(&topic, "article.card h3");
    let want = [
        "Monday in Seoul",
        "Collected only",
        "Late in London",
        "Morning in Santiago",
        "Evening in Tokyo",
        "A date alone",
        "A local time",
    ];
    assert_eq!(order, want);
}

#[test]
fn editions_follow_the_date_as_written() {
    let site = Fixture::new("zones");
    site.build_ok();
    // Monday the 20th in Seoul is Sunday the 19th in Toronto: the reader
    // sees "20 January", so the article is in the week of 20 January.
    let w04 = site.page("editions/2025-w04/index.html");
    assert_eq!(texts(&w04, "article.card h3"), vec!["Monday in Seoul"]);
    let w03 = site.page("editions/2025-w03/index.html");
    assert!(texts(&w03, "article.card h3").contains(&"Evening in Tokyo".to_string()));
}

#[test]
fn structured_data_and_feeds_date_only_what_the_outlet_published() {
    let site = Fixture::new("zones");
    site.build_ok();

    let late = site.page("articles/late-utc/index.html");
    let ld = json_ld(&late);
    assert_eq!(ld["datePublished"], "2025-01-16T02:31:00+00:00");
    assert_eq!(ld["dateCreated"], "2025-01-17");
    assert_eq!(ld["publisher"]["@type"], "Organization");
    assert_eq!(ld["publisher"]["name"], "Zones Digest");
    assert_eq!(ld["publisher"]["url"], "https://example.org/zones/");
    assert_eq!(ld["sourceOrganization"]["name"], "London Wire");
    assert_eq!(ld["isBasedOn"], "https://london.example/late");
    assert_eq!(ld["author"][0]["name"], "Lee Reporter");
    assert_eq!(og_published(&late), vec!["2025-01-16T02:31:00+00:00"]);
    assert_eq!(og_published(&site.page("articles/date-only/index.html")), vec!["2025-01-14"]);

    // Collected, never published as far as anyone knows.
    let undated = site.page("articles/collected-only/index.html");
    let ld = json_ld(&undated);
    assert!(ld.get("datePublished").is_none(), "{ld}");
    assert_eq!(ld["dateCreated"], "2025-01-17");
    assert_eq!(ld["publisher"]["name"], "Zones Digest");
    assert_eq!(ld["sourceOrganization"]["name"], "Undated Herald");
    assert_eq!(ld["isBasedOn"], "https://undated.example/story");
    assert!(og_published(&undated).is_empty());
    assert!(published(&undated, ".article-header").is_empty());

    let atom = std::fs::read_to_string(site.out().join("feed.xml")).unwrap();
    let entry = atom_entry(&atom, "collected-only");
    assert!(!entry.contains("<published>"), "{entry}");
    assert!(entry.contains("<updated>2025-01-17T00:00:00-05:00</updated>"), "{entry}");
    let entry = atom_entry(&atom, "late-utc");
    assert!(entry.contains("<published>2025-01-16T02:31:00+00:00</published>"), "{entry}");
    let entry = atom_entry(&atom, "santiago");
    assert!(entry.contains("<published>2025-01-15T09:30:00-03:00</published>"), "{entry}");
    // The feed's own date is its latest entry's, compared as instants.
    let head = atom.split("<entry>").next().unwrap();
    assert!(head.contains("<updated>2025-01-20T01:00:00+09:00</updated>"), "{head}");

    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(site.out().join("feed.json")).unwrap()).unwrap();
    let item = |slug: &str| {
        let url = format!("https://example.org/zones/articles/{slug}/");
        json["items"].as_array().unwrap().iter().find(|i| i["url"] == url.as_str()).cloned().unwrap()
    };
    assert!(item("collected-only").get("date_published").is_none());
    assert_eq!(item("tokyo")["date_published"], "2025-01-15T08:00:00+09:00");
}

#[test]
fn the_example_sites_undated_kim_putin_article_is_not_given_a_publication_date() {
    let out = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    build(&BuildOptions { root: root.to_path_buf(), output: Some(out.path().join("site")), ..Default::default() })
        .unwrap();
    let text = std::fs::read_to_string(out.path().join("site/articles/kim-putin-meeting/index.html")).unwrap();
    let page = Html::parse_document(&text);
    let ld = json_ld(&page);
    assert!(ld.get("datePublished").is_none(), "{ld}");
    assert_eq!(ld["dateCreated"], "2024-11-25");
    assert_eq!(ld["publisher"]["name"], "Eastern Desk Digest");
    assert_eq!(ld["sourceOrganization"]["name"], "Al Jazeera and news agencies");
    assert!(og_published(&page).is_empty());
    assert!(published(&page, ".article-header").is_empty());
}
