//! Each edition as a newsletter: e-mail-ready HTML (inline CSS, absolute
//! links that resolve on the built site, every item with its credit,
//! under 100 KB) and plain text; `broadsheet newsletter` prints or writes it.

mod common;

use assert_cmd::Command;
use common::{sel, text_of, Fixture};
use scraper::Html;

const BASE: &str = "https://user.github.io/repo/";

fn built() -> Fixture {
    let site = Fixture::new("editions");
    site.build_ok();
    site
}

/// The built file a site URL serves, if any.
fn served(site: &Fixture, url: &str) -> Option<std::path::PathBuf> {
    let rest = url.strip_prefix(BASE)?.split('#').next()?;
    let path = if rest.is_empty() || rest.ends_with('/') { format!("{rest}index.html") } else { rest.to_string() };
    let file = site.out().join(path);
    file.is_file().then_some(file)
}

#[test]
fn the_html_newsletter_is_mail_ready_and_every_link_resolves() {
    let site = built();
    let file = site.out().join("editions/2024-w48/newsletter.html");
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.len() < 100 * 1024, "{} bytes: Gmail clips a message over 102 KB", bytes.len());
    let html = Html::parse_document(std::str::from_utf8(&bytes).unwrap());
    assert_eq!(html.select(&sel("style, link[rel=stylesheet], script")).count(), 0, "styles are inline");
    assert!(html.select(&sel("table[role=presentation]")).count() >= 1, "a table layout");
    let mut site_links = 0;
    for a in html.select(&sel("a[href], img[src]")) {
        let url = a.value().attr("href").or(a.value().attr("src")).unwrap();
        assert!(url.starts_with("https://") || url.starts_with("http://"), "not absolute: {url}");
        if url.starts_with(BASE) {
            assert!(served(&site, url).is_some(), "{url} is not a built page");
            site_links += 1;
        }
    }
    // Every article of the edition is there, with its source credit.
    let edition = site.page("editions/2024-w48/index.html");
    let cards: Vec<_> = edition.select(&sel("main article.card")).collect();
    assert!(!cards.is_empty());
    let text = text_of(&html.root_element());
    for card in &cards {
        let title = text_of(&card.select(&sel(".card-title")).next().unwrap());
        let credit = text_of(&card.select(&sel(".credit")).next().unwrap());
        assert!(text.contains(&title), "{title} is missing");
        assert!(text.contains(&credit), "{credit} ({title}) is missing");
    }
    assert!(site_links > cards.len(), "{site_links} links to the site");
    assert!(text.contains("Week note body"), "the edition's note");
}

#[test]
fn the_text_newsletter_has_every_item_with_its_credit_and_address() {
    let site = built();
    let text = std::fs::read_to_string(site.out().join("editions/2024-w48/newsletter.txt")).unwrap();
    let edition = site.page("editions/2024-w48/index.html");
    for card in edition.select(&sel("main article.card")) {
        let title = text_of(&card.select(&sel(".card-title")).next().unwrap());
        let href = card.select(&sel(".card-title a")).next().unwrap().value().attr("href").unwrap().to_string();
        let url = format!("https://user.github.io{href}");
        let at = text.find(&format!("* {title}\n")).unwrap_or_else(|| panic!("{title} missing:\n{text}"));
        let item = &text[at..text[at..].find("\n\n").map_or(text.len(), |e| at + e)];
        assert!(item.contains("  Source: "), "{item}");
        assert!(item.contains(&url), "{item} lacks {url}");
        assert!(served(&site, &url).is_some());
    }
    assert!(!text.contains("</") && !text.contains("&amp;"), "no markup:\n{text}");
    assert!(text.contains("* Rates <rise> & \"fall\""), "titles as written:\n{text}");
}

#[test]
fn the_command_prints_the_latest_or_named_edition_and_writes_with_output() {
    let site = built();
    let run = |args: &[&str]| {
        Command::cargo_bin("broadsheet").unwrap().arg("newsletter").arg("--root").arg(site.root()).args(args).assert()
    };
    let html = std::fs::read(site.out().join("editions/2024-w48/newsletter.html")).unwrap();
    let text = std::fs::read(site.out().join("editions/2024-w48/newsletter.txt")).unwrap();
    assert_eq!(run(&[]).success().get_output().stdout, html, "the latest edition, in HTML");
    assert_eq!(run(&["2024-W48", "--text"]).success().get_output().stdout, text);
    let out = site.root().join("mail.html");
    run(&["2024-w48", "--html", "--output", out.to_str().unwrap()]).success();
    assert_eq!(std::fs::read(out).unwrap(), html);
    let err = run(&["1999-W01"]).failure().get_output().stderr.clone();
    assert!(String::from_utf8_lossy(&err).contains("no edition \"1999-W01\""), "{}", String::from_utf8_lossy(&err));
}

#[test]
fn a_long_edition_stays_under_gmails_limit_and_links_the_rest() {
    let site = Fixture::new("editions");
    let long = "A summary long enough to matter, repeated to fill a card. ".repeat(6);
    for i in 0..200 {
        site.write(
            &format!("content/articles/bulk-{i}.md"),
            &format!("---\ntitle: \"Bulk story number {i} with a headline of ordinary length\"\nsource: \"Outlet {i}\"\nsource_url: \"https://outlet.example/stories/{i}\"\npublished: 2024-11-26\nsummary: \"{long}\"\n---\nBody.\n"),
        );
    }
    site.build_ok();
    let bytes = std::fs::read(site.out().join("editions/2024-w48/newsletter.html")).unwrap();
    assert!(bytes.len() < 100 * 1024, "{} bytes", bytes.len());
    let html = Html::parse_document(std::str::from_utf8(&bytes).unwrap());
    let more =
        html.select(&sel("a")).map(|a| text_of(&a)).find(|t| t.starts_with("And ")).expect("no link to the rest");
    assert!(more.ends_with("more articles on the web"), "{more}");
}
