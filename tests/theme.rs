//! What the default theme shows a reader: draft labels, topic tags, the
//! source credit. Builds the `cards` fixture and inspects the HTML.

mod common;

use common::{sel, text_of, texts, Fixture};
use scraper::{ElementRef, Html};

fn build(drafts: bool) -> Fixture {
    let site = Fixture::new("cards");
    broadsheet::build(&broadsheet::BuildOptions { root: site.root().into(), drafts, ..Default::default() })
        .unwrap_or_else(|e| panic!("build failed:\n{e}"));
    site
}

/// The card linking to article `slug` on a page, if there is one.
fn card<'a>(page: &'a Html, slug: &str) -> Option<ElementRef<'a>> {
    let href = format!("/repo/articles/{slug}/");
    page.select(&sel("article.card"))
        .find(|c| c.select(&sel(".card-title a")).any(|a| a.value().attr("href") == Some(href.as_str())))
}

fn tags(card: ElementRef) -> Vec<String> {
    card.select(&sel(".tags li")).map(|e| text_of(&e)).collect()
}

/// Text a sighted reader sees: without the parts hidden for screen readers.
fn visible_text(e: ElementRef) -> String {
    let mut out = String::new();
    for node in e.descendants() {
        let Some(text) = node.value().as_text() else { continue };
        let hidden =
            node.ancestors().filter_map(ElementRef::wrap).any(|a| a.value().classes().any(|c| c == "visually-hidden"));
        if !hidden {
            out.push_str(text);
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_draft_shows_a_draft_label_on_its_page_and_cards() {
    let site = build(true);
    let page = site.page("articles/unfinished/index.html");
    assert_eq!(texts(&page, "article.article .draft-label"), vec!["Draft"]);
    let mut cards = 0;
    for (path, html) in site.html_pages() {
        if let Some(c) = card(&html, "unfinished") {
            assert_eq!(texts(&Html::parse_fragment(&c.html()), ".draft-label"), vec!["Draft"], "{path}");
            cards += 1;
        }
        // Nothing else is labelled a draft.
        for other in ["both", "only-alpha"] {
            if let Some(c) = card(&html, other) {
                assert_eq!(c.select(&sel(".draft-label")).count(), 0, "{path}: card of {other}");
            }
        }
    }
    // The home page, its edition and both topic pages list the draft.
    assert!(cards >= 4, "the draft is on only {cards} listings");
    let published = site.page("articles/both/index.html");
    assert!(texts(&published, "article.article .draft-label").is_empty());
}

#[test]
fn without_drafts_no_page_says_draft() {
    let site = build(false);
    assert!(!site.out().join("articles/unfinished").exists());
    for (path, html) in site.html_pages() {
        assert_eq!(html.select(&sel(".draft-label")).count(), 0, "{path}");
    }
}

#[test]
fn a_card_does_not_repeat_the_topic_it_is_listed_under() {
    let site = build(false);
    // On a topic's page, the other topics only; none at all for an article
    // in that topic alone.
    let alpha = site.page("topics/alpha/index.html");
    assert_eq!(tags(card(&alpha, "both").unwrap()), vec!["Beta matters"]);
    let only = card(&alpha, "only-alpha").unwrap();
    assert_eq!(only.select(&sel(".tags")).count(), 0, "an empty tag list is left out");
    let beta = site.page("topics/beta/index.html");
    assert_eq!(tags(card(&beta, "both").unwrap()), vec!["Alpha affairs"]);

    // Under a topic group's heading on the home page, likewise.
    let home = site.page("index.html");
    let group = home.select(&sel("#group-topic-alpha")).next().expect("an alpha group");
    let in_group = |slug: &str| {
        let href = format!("/repo/articles/{slug}/");
        group
            .select(&sel("article.card"))
            .find(|c| c.select(&sel(".card-title a")).any(|a| a.value().attr("href") == Some(href.as_str())))
            .unwrap_or_else(|| panic!("{slug} is not in the alpha group"))
    };
    assert_eq!(tags(in_group("both")), vec!["Beta matters"]);
    assert!(tags(in_group("only-alpha")).is_empty());
}

#[test]
fn the_article_credit_names_its_source_once() {
    let site = build(false);
    for (slug, source, has_url) in [("both", "Both Wire", true), ("only-alpha", "Alpha Wire", false)] {
        let page = site.page(&format!("articles/{slug}/index.html"));
        let credit = page.select(&sel("article.article .source-credit")).next().expect("a source credit");
        assert_eq!(texts(&page, ".source-credit .credit"), vec![format!("Source: {source}")], "{slug}");
        let seen = visible_text(credit);
        assert_eq!(seen.matches(source).count(), 1, "{slug}: the credit box says {seen:?}");
        let original: Vec<_> = credit.select(&sel(".read-original a")).collect();
        assert_eq!(original.len(), usize::from(has_url), "{slug}: Read the original");
        // The whole article, as seen, names the source once too.
        let article = page.select(&sel("article.article")).next().unwrap();
        assert_eq!(visible_text(article).matches(source).count(), 1, "{slug}: {}", visible_text(article));
    }
}

/// The article body's children in order: `p`, `ul`, or `figure: CAPTION`.
fn body_sequence(page: &Html) -> Vec<String> {
    let body = page.select(&sel("article.article .article-body")).next().expect("an article body");
    body.children()
        .filter_map(ElementRef::wrap)
        .map(|e| match e.value().name() {
            "figure" => format!("figure: {}", texts(&Html::parse_fragment(&e.html()), ".caption").join("")),
            name => name.to_string(),
        })
        .collect()
}

#[test]
fn figures_stay_where_the_story_had_them() {
    let site = Fixture::new("figures");
    site.build_ok();
    // Markdown: the editor's `after_paragraph`; a figure without one leads.
    let placed = site.page("articles/placed/index.html");
    assert_eq!(
        body_sequence(&placed),
        vec![
            "figure: The lead photo.",
            "p",
            "p",
            "figure: The photo after the second paragraph.",
            "ul",
            "p",
            "figure: A photo placed past the end.",
        ]
    );
    // A photo that is not reproduced shows its caption and credit, not its alt text.
    let lead = placed.select(&sel(".figure-missing")).next().unwrap();
    assert_eq!(text_of(&lead), "Photo not reproduced The lead photo. Photo: Lead Photographer/Agency");
    assert!(!placed.html().contains("contradicts the caption"), "the alt text is not on the page");

    // A raw dump: where its captions stood between the story's lines.
    let raw = site.page("articles/far-east/index.html");
    let seq = body_sequence(&raw);
    let at = |caption: &str| seq.iter().position(|s| s.starts_with("figure: ") && s.contains(caption));
    let paragraphs_before = |i: usize| seq[..i].iter().filter(|s| *s == "p").count();
    let greets = at("greets North Korean leader").expect("the summit photo");
    let bridge = at("rail bridge across the Tumen").expect("the bridge photo");
    assert_eq!((paragraphs_before(greets), paragraphs_before(bridge)), (5, 9), "{seq:#?}");
    assert!(seq.len() > bridge + 1, "story paragraphs follow the last photo");
}
