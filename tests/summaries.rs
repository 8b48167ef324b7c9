//! What the commands say about a site, as an editor reads it on the
//! terminal: counts, warnings, scheduled articles, hints — and small
//! truths of the built pages (summaries without datelines, slugs).

mod common;

use assert_cmd::Command;
use common::{texts, Fixture};

fn broadsheet(site: &Fixture) -> Command {
    let mut c = Command::cargo_bin("broadsheet").unwrap();
    c.current_dir(site.root());
    c
}

fn stderr(out: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&out.get_output().stderr).into_owned()
}

fn article(title: &str, dates: &str, body: &str) -> String {
    format!("---\ntitle: \"{title}\"\nsource: \"Wire\"\n{dates}topics: [world]\n---\n{body}\n")
}

#[test]
fn the_build_summary_counts_in_words() {
    let site = Fixture::new("zones");
    let err = stderr(&broadsheet(&site).arg("build").assert().success());
    assert!(err.starts_with("built ") && err.contains(" pages (7 articles) into "), "{err}");
    for slug in ["santiago", "tokyo", "monday-in-seoul", "date-only", "local-time", "collected-only"] {
        site.remove(&format!("content/articles/{slug}.md"));
    }
    let err = stderr(&broadsheet(&site).arg("build").assert().success());
    assert!(err.contains(" pages (1 article) into "), "{err}");
    assert!(!err.contains("scheduled") && !err.contains("warning"), "{err}");
}

#[test]
fn scheduled_articles_are_announced_with_the_next_date() {
    let site = Fixture::new("zones");
    site.write("content/articles/later.md", &article("Later", "published: 3001-05-01\n", "Later."));
    let err = stderr(&broadsheet(&site).arg("build").assert().success());
    assert!(err.contains("\n1 article scheduled, due on 3001-05-01; build --future shows it\n"), "{err}");
    assert!(err.contains("(7 articles)"), "{err}");

    // The next one is the soonest, on its own calendar date.
    site.write("content/articles/sooner.md", &article("Sooner", "published: 2999-01-03T23:30:00-08:00\n", "Soon."));
    let err = stderr(&broadsheet(&site).arg("build").assert().success());
    assert!(err.contains("\n2 articles scheduled, the next on 2999-01-03; build --future shows them\n"), "{err}");
    assert!(!site.out().join("articles/sooner").exists());

    let err = stderr(&broadsheet(&site).args(["build", "--future"]).assert().success());
    assert!(!err.contains("scheduled"), "{err}");
    assert!(err.contains("(9 articles)"), "{err}");
}

#[test]
fn an_empty_edition_is_published_with_a_warning_naming_its_file() {
    let site = Fixture::new("zones");
    site.write("content/editions/2025-W10.md", "---\ntitle: Quiet week\n---\nNothing yet.\n");
    let err = stderr(&broadsheet(&site).arg("build").assert().success());
    assert!(
        err.contains("warning: content/editions/2025-W10.md: edition 2025-W10 has no articles (Week of 3 March 2025)"),
        "{err}"
    );
    assert!(site.out().join("editions/2025-w10/index.html").is_file());

    let err = stderr(&broadsheet(&site).arg("check").assert().success());
    assert!(err.contains("warning: content/editions/2025-W10.md: edition 2025-W10 has no articles"), "{err}");
    assert!(err.ends_with(": no errors, 1 warning\n"), "{err}");
    assert!(!err.contains("no problems"), "{err}");
}

#[test]
fn check_says_no_errors_and_counts_warnings() {
    let site = Fixture::new("zones");
    let err = stderr(&broadsheet(&site).arg("check").assert().success());
    assert!(err.starts_with("checked ") && err.ends_with(" pages: no errors\n"), "{err}");
    site.write("content/articles/loose.md", "---\ntitle: Loose\nsource: Wire\nretrieved: 2025-01-17\n---\nText.\n");
    site.write("content/articles/looser.md", "---\ntitle: Looser\nsource: Wire\nretrieved: 2025-01-17\n---\nText.\n");
    let err = stderr(&broadsheet(&site).arg("check").assert().success());
    assert_eq!(err.matches("warning: ").count(), 2, "{err}");
    assert!(err.ends_with(" pages: no errors, 2 warnings\n"), "{err}");
}

#[test]
fn explain_does_not_suggest_a_flag_it_lacks() {
    let site = Fixture::new("zones");
    let err = stderr(&broadsheet(&site).args(["explain", "nope"]).assert().failure());
    assert!(err.contains("no such article"), "{err}");
    assert!(!err.contains("--drafts"), "{err}");
    // And what it says about drafts is true: explain finds them.
    site.write("content/articles/draft.md", &article("A draft", "draft: true\n", "Drafted."));
    broadsheet(&site).args(["explain", "draft"]).assert().success();
}

#[test]
fn an_unknown_field_in_a_sidecar_names_its_line() {
    let site = Fixture::new("zones");
    site.write(
        "content/articles/scraped.txt",
        "Wire headline about the weather\n\nTORONTO, Jan 15 (Wire) - The city froze on Wednesday as a cold front arrived from the north.\n\nSource: Wire\n",
    );
    site.write("content/articles/scraped.meta.yaml", "# fields\nsummary: \"Cold.\"\ntopcis: [world]\n");
    let err = stderr(&broadsheet(&site).arg("build").assert().failure());
    assert!(err.contains("content/articles/scraped.meta.yaml:3: "), "{err}");
    assert!(err.contains("unknown field `topcis`"), "{err}");
}

#[test]
fn a_leading_dateline_leaves_the_summary_but_not_the_body() {
    let site = Fixture::new("zones");
    let body = "AMSTERDAM, Jan 14 (Northgate) - The Dutch government tightened export rules on Tuesday.";
    site.write("content/articles/dutch.md", &article("Dutch rules", "published: 2025-01-14\n", body));
    site.build_ok();
    let topic = site.page("topics/world/index.html");
    let card = "article.card:has(a[href='/zones/articles/dutch/']) .card-summary";
    assert_eq!(texts(&topic, card), vec!["The Dutch government tightened export rules on Tuesday."]);
    let page = site.page("articles/dutch/index.html");
    assert!(texts(&page, ".article p").contains(&body.to_string()), "the body keeps its dateline");
}

#[test]
fn apostrophes_leave_slugs() {
    let site = Fixture::new("zones");
    site.write(
        "content/articles/São Paulo’s record.md",
        &article("São Paulo’s record", "published: 2025-01-14\n", "Hot."),
    );
    site.write("content/articles/Rio's rain.md", &article("Rio's rain", "published: 2025-01-14\n", "Wet."));
    site.build_ok();
    assert!(site.out().join("articles/sao-paulos-record/index.html").is_file());
    assert!(site.out().join("articles/rios-rain/index.html").is_file());
}
