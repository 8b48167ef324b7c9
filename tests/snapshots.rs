//! Snapshots of output a reviewer should see change: pages of the example
//! site, a feed, a newsletter, and the cleaner's `--explain`. They live in
//! tests/snapshots/; a change fails `cargo test` with the diff. To accept
//! one, run `cargo insta review` (or `INSTA_UPDATE=always cargo test --test
//! snapshots` and read the diff of the .snap files) and commit the .snap
//! with the change that caused it.
//!
//! The build has a fixed "now" and writes into a temporary folder, so a
//! snapshot holds no clock time and no absolute path.

mod common;

use std::fs;

use assert_cmd::Command;
use broadsheet::{build, BuildOptions};
use common::Fixture;

/// The example site, built as of a fixed moment (after its last edition,
/// so nothing is held back as scheduled).
fn example() -> Fixture {
    let site = Fixture::example();
    let now = chrono::DateTime::parse_from_rfc3339("2025-02-01T12:00:00Z").unwrap().to_utc();
    let options = BuildOptions { root: site.root().to_path_buf(), now: Some(now), ..Default::default() };
    build(&options).unwrap_or_else(|e| panic!("the example site does not build:\n{e}"));
    site
}

fn output(site: &Fixture, rel: &str) -> String {
    fs::read_to_string(site.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

#[test]
fn home_page() {
    insta::assert_snapshot!("home", output(&example(), "index.html"));
}

/// The article cleaned from a raw dump, with a sidecar, figures and notes.
#[test]
fn article_page() {
    insta::assert_snapshot!("article", output(&example(), "articles/kim-putin-meeting/index.html"));
}

#[test]
fn topic_page() {
    insta::assert_snapshot!("topic", output(&example(), "topics/russia-north-korea-relations/index.html"));
}

/// An edition's Atom feed: the entries' form is the site feed's.
#[test]
fn atom_feed() {
    insta::assert_snapshot!("edition_feed", output(&example(), "editions/2024-w48/feed.xml"));
}

#[test]
fn newsletter_text() {
    insta::assert_snapshot!("newsletter_txt", output(&example(), "editions/2024-w48/newsletter.txt"));
}

/// Why the cleaner kept or dropped each line of the example's raw article.
#[test]
fn clean_explain() {
    let out = Command::cargo_bin("broadsheet")
        .unwrap()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["clean", "--explain", "content/articles/kim-putin-meeting.txt"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    insta::assert_snapshot!("clean_explain", String::from_utf8(out.stdout).unwrap());
}
