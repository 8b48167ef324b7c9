//! Topic rules, explain, related stories, drafts and scheduling,
//! scaffolding and check — as an editor uses them.

mod common;

use assert_cmd::Command;
use common::{texts, Fixture};

fn broadsheet(site: &Fixture) -> Command {
    let mut c = Command::cargo_bin("broadsheet").unwrap();
    c.current_dir(site.root());
    c
}

fn stdout(out: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&out.get_output().stdout).into_owned()
}

fn stderr(out: &assert_cmd::assert::Assert) -> String {
    String::from_utf8_lossy(&out.get_output().stderr).into_owned()
}

const RNK_TOPIC: &str = "---\ntitle: \"Russia–North Korea relations\"\nweight: 0\nmatch:\n  all:\n    - [Russia, Moscow, Kremlin, Putin]\n    - [North Korea, DPRK, Pyongyang, Kim Jong Un]\n  none: [football]\n---\nIntro.\n";

fn article(title: &str, extra: &str, body: &str) -> String {
    format!("---\ntitle: \"{title}\"\nsource: \"Wire\"\nretrieved: 2024-11-26\n{extra}---\n{body}\n")
}

fn with_rules() -> Fixture {
    let site = Fixture::new("basic");
    site.write("content/topics/rnk.md", RNK_TOPIC);
    site.write("content/topics/turkey.md", "---\ntitle: Turkey\nmatch:\n  any: [Turkey, Ankara]\n---\n");
    site.write(
        "content/articles/summit.md",
        &article("Leaders meet", "", "Putin received envoys from Pyongyang on Monday."),
    );
    site.write(
        "content/articles/curly.md",
        &article("Russia’s ties", "", "Russia’s envoy praised North Korea’s “friendship”."),
    );
    site.write("content/articles/moscow-only.md", &article("Moscow weather", "", "Moscow had snow; Beijing did not."));
    site.write("content/articles/match-report.md", &article("Cup", "", "Russia beat North Korea at football."));
    site.write("content/articles/dinner.md", &article("Dinner", "", "A roast turkey for the holiday."));
    site.write("content/articles/ankara.md", &article("Talks", "", "Officials met in Ankara."));
    site.write("content/articles/explicit.md", &article("Explicit", "topics: [beta]\n", "Putin and Kim Jong Un met."));
    site
}

#[test]
fn topic_rules_file_articles_that_name_no_topic() {
    let site = with_rules();
    site.build_ok();
    let rnk = site.page("topics/rnk/index.html");
    let mut listed = texts(&rnk, "article.card h3");
    listed.sort();
    assert_eq!(listed, vec!["Leaders meet", "Russia’s ties"], "positives, curly quotes; not Moscow-only, not `none`");
    let turkey = site.page("topics/turkey/index.html");
    assert_eq!(texts(&turkey, "article.card h3"), vec!["Talks"], "a name matches exactly: not a roast turkey");
    let beta = site.page("topics/beta/index.html");
    assert!(texts(&beta, "article.card h3").contains(&"Explicit".to_string()), "explicit topics win");
    assert!(!texts(&rnk, "article.card h3").contains(&"Explicit".to_string()));
}

#[test]
fn explain_shows_matched_terms_and_failed_rules() {
    let site = with_rules();
    let out = broadsheet(&site).args(["explain", "summit"]).assert().success();
    let text = stdout(&out);
    assert!(text.contains("topics: Russia–North Korea relations"), "{text}");
    assert!(text.contains("✓ matched: Russia–North Korea relations (rnk)"), "{text}");
    assert!(text.contains("Putin (summary 1, body 1)") && text.contains("Pyongyang (summary 1, body 1)"), "{text}");
    assert!(text.contains("✗ not matched: Turkey (turkey)"), "{text}");

    let out = broadsheet(&site).args(["explain", "content/articles/match-report.md"]).assert().success();
    let text = stdout(&out);
    assert!(text.contains("failed none: football occurs"), "{text}");

    let out = broadsheet(&site).args(["explain", "explicit"]).assert().success();
    assert!(stdout(&out).contains("set explicitly"));

    let out = broadsheet(&site).args(["explain", "no-such-story"]).assert().failure();
    assert!(stderr(&out).contains("no such article"));
}

/// The related stories an article page lists, by slug.
fn related_slugs(site: &Fixture, slug: &str) -> Vec<String> {
    let page = site.page(&format!("articles/{slug}/index.html"));
    page.select(&common::sel(".related article.card h3 a"))
        .filter_map(|a| a.value().attr("href"))
        .map(|h| h.trim_end_matches('/').rsplit('/').next().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn related_articles_share_rare_names_not_months_titles_or_topics() {
    let site = Fixture::new("related");
    site.build_ok();
    let sorted = |slug: &str| {
        let mut r = related_slugs(&site, slug);
        r.sort();
        r
    };
    // One story told three times: the other two, whatever else they share.
    assert_eq!(sorted("kessara-erupts"), vec!["kessara-airport", "kessara-second-blast"]);
    assert_eq!(sorted("kessara-airport"), vec!["kessara-erupts", "kessara-second-blast"]);
    assert_eq!(sorted("kessara-second-blast"), vec!["kessara-airport", "kessara-erupts"]);
    assert_eq!(related_slugs(&site, "brix-resigns"), vec!["orlenco-shares"]);
    assert_eq!(related_slugs(&site, "orlenco-shares"), vec!["brix-resigns"]);
    // "President", "North", "March" and "Monday" in common, and one topic
    // for all: not related, so nothing is listed.
    for slug in ["north-library", "north-football", "march-rainfall"] {
        assert_eq!(related_slugs(&site, slug), Vec::<String>::new(), "{slug}");
        let page = site.page(&format!("articles/{slug}/index.html"));
        assert!(page.select(&common::sel(".related")).next().is_none(), "{slug}: no empty related box");
    }
}

#[test]
fn the_example_sites_kim_putin_story_is_related_to_the_other_kim_russia_story_only() {
    let site = Fixture::example();
    site.build_ok();
    let related = related_slugs(&site, "kim-putin-meeting");
    assert_eq!(related.first().map(String::as_str), Some("kim-russia-far-east-visit"), "{related:?}");
    for unrelated in [
        "arabica-coffee-prices-brazil-drought",
        "bank-of-korea-holds-rates",
        "dutch-chip-equipment-export-curbs",
        "ukraine-black-sea-grain",
    ] {
        assert!(!related.contains(&unrelated.to_string()), "{unrelated} in {related:?}");
    }
    assert_eq!(related_slugs(&site, "kim-russia-far-east-visit"), vec!["kim-putin-meeting"]);
}

#[test]
fn future_content_waits_unless_asked_for() {
    let site = Fixture::new("drafts");
    site.write(
        "content/articles/tomorrow.md",
        "---\ntitle: \"From the future\"\nsource: S\npublished: 2999-01-01\n---\nLater.\n",
    );
    site.write(
        "content/notes/later.md",
        "---\ntitle: Later\ndate: 2999-01-01\nabout: [topics/alpha]\n---\nScheduled note body.\n",
    );
    site.build_ok();
    assert!(!site.out().join("articles/tomorrow").exists());
    assert!(!site.page("topics/alpha/index.html").html().contains("Scheduled note body"));
    broadsheet(&site).args(["build", "--future", "--quiet"]).assert().success();
    assert!(site.out().join("articles/tomorrow/index.html").is_file());
    assert!(site.page("topics/alpha/index.html").html().contains("Scheduled note body"));
}

#[test]
fn new_scaffolds_files_and_never_overwrites() {
    let site = Fixture::new("basic");
    let out = broadsheet(&site)
        .args(["new", "note", "--about", "topics/alpha", "--about", "articles/alpha-new", "Why the summit matters"])
        .assert()
        .success();
    assert!(stdout(&out).contains("content/notes/why-the-summit-matters.md"));
    let note = std::fs::read_to_string(site.root().join("content/notes/why-the-summit-matters.md")).unwrap();
    assert!(note.contains("about: [\"topics/alpha\", \"articles/alpha-new\"]"), "{note}");
    assert!(note.contains(&format!("date: {}", chrono::Utc::now().format("%Y-%m"))), "{note}");
    // The note builds and lands on the topic page.
    site.write("content/notes/why-the-summit-matters.md", &note.replace("Write the note here.", "Summit note body."));
    site.build_ok();
    assert!(site.page("topics/alpha/index.html").html().contains("Summit note body."));

    let out =
        broadsheet(&site).args(["new", "note", "--about", "topics/alpha", "Why the summit matters"]).assert().failure();
    assert!(stderr(&out).contains("content/notes/why-the-summit-matters.md: already exists"), "{}", stderr(&out));
    assert!(std::fs::read_to_string(site.root().join("content/notes/why-the-summit-matters.md"))
        .unwrap()
        .contains("Summit note body."));

    let out = broadsheet(&site).args(["new", "note", "--about", "topics/nope", "Lost"]).assert().failure();
    assert!(stderr(&out).contains("\"topics/nope\" does not exist"));

    broadsheet(&site).args(["new", "article", "Ça déménage à Zürich"]).assert().success();
    assert!(site.root().join("content/articles/ca-demenage-a-zurich.md").is_file());
    broadsheet(&site).args(["new", "topic", "Energy markets"]).assert().success();
    broadsheet(&site).args(["new", "edition", "--id", "2024-W48", "Week forty-eight"]).assert().failure();
    broadsheet(&site).args(["new", "edition", "--id", "2024-W49", "Week forty-nine"]).assert().success();
    // New articles are drafts until their source is filled in, so the site still builds.
    site.build_ok();
}

#[test]
fn check_finds_broken_links_at_their_line_and_writes_nothing() {
    let site = Fixture::new("basic");
    site.write(
        "content/notes/links.md",
        "---\ntitle: Links\nabout: [topics/beta]\n---\nGood: [older](@/articles/alpha-old).\n\nBad: [gone](@/articles/alpha-odl).\n\nAlso [relative](../../topics/gamma/) and [anchor](@/articles/rates-rise#nowhere).\n",
    );
    let out = broadsheet(&site).arg("check").assert().failure();
    let err = stderr(&out);
    // As the editor wrote it, with the closest existing article.
    assert!(err.contains("content/notes/links.md:7: link \"@/articles/alpha-odl\" is broken: no article"), "{err}");
    assert!(err.contains("hint: did you mean @/articles/alpha-old?"), "{err}");
    assert!(!err.contains("/repo/articles/alpha-odl/"), "reported once, as written: {err}");
    assert!(err.contains("content/notes/links.md:9: link \"../../topics/gamma/\" is broken"), "{err}");
    assert!(
        err.contains("content/notes/links.md:9: link \"@/articles/rates-rise#nowhere\" is broken: no anchor #nowhere"),
        "{err}"
    );
    assert!(err.contains("found 3 problems"), "{err}");
    assert!(err.contains("warning: content/articles/loose-story.md: falls into no topic"), "{err}");
    assert!(!site.out().exists(), "check writes nothing");

    site.write(
        "content/notes/links.md",
        "---\ntitle: Links\nabout: [topics/beta]\n---\nSee [x](../../topics/gamma/).\n",
    );
    let out = broadsheet(&site).arg("check").assert().failure();
    assert!(stderr(&out).contains("found 1 problem, 1 warning\n"), "{}", stderr(&out));

    site.remove("content/notes/links.md");
    let out = broadsheet(&site).arg("check").assert().success();
    assert!(stderr(&out).contains(": no errors, 1 warning\n"), "{}", stderr(&out));
}

#[test]
fn a_link_to_no_article_topic_or_edition_fails_the_build_at_its_line() {
    let site = Fixture::new("basic");
    site.write(
        "content/notes/links.md",
        "---\ntitle: Links\nabout: [topics/beta]\n---\nFine: [week](@/editions/2024-W48) and [beta](@/topics/beta).\n\n[Gone](@/articles/does-not-exist), [typo](@/topics/alpah), [week](@/editions/2024-W40).\n\n[Kind](@/article/alpha-old)\n",
    );
    let out = broadsheet(&site).arg("build").assert().failure();
    let err = stderr(&out);
    let at = "content/notes/links.md:7: link";
    assert!(
        err.contains(&format!("{at} \"@/articles/does-not-exist\" is broken: no article \"does-not-exist\"")),
        "{err}"
    );
    assert!(err.contains(&format!("{at} \"@/topics/alpah\" is broken: no topic \"alpah\"")), "{err}");
    assert!(err.contains("hint: did you mean @/topics/alpha?"), "{err}");
    assert!(err.contains(&format!("{at} \"@/editions/2024-W40\" is broken: no edition")), "{err}");
    assert!(err.contains("content/notes/links.md:9: link \"@/article/alpha-old\" names no kind of page"), "{err}");
    assert!(err.contains("hint: did you mean @/articles/alpha-old?"), "{err}");
    assert!(err.contains("found 4 errors"), "{err}");
    assert!(!site.out().exists(), "nothing is written");

    // check reports the same problems the same way.
    let out = broadsheet(&site).arg("check").assert().failure();
    let check = stderr(&out);
    for line in err.lines().filter(|l| l.contains("content/notes/links.md")) {
        assert!(check.contains(line.trim()), "check misses {line:?}:\n{check}");
    }

    // A link to a draft says so.
    site.write(
        "content/notes/links.md",
        "---\ntitle: Links\nabout: [topics/beta]\n---\n[Later](@/articles/unfinished)\n",
    );
    let out = broadsheet(&site).arg("build").assert().failure();
    assert!(stderr(&out).contains("is a draft or dated in the future"), "{}", stderr(&out));
    broadsheet(&site).args(["build", "--drafts"]).assert().success();
}
