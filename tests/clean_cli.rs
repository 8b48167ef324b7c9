//! `broadsheet clean` as a new user would try it.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/clean/raw").join(name)
}

fn clean() -> Command {
    let mut cmd = Command::cargo_bin("broadsheet").expect("binary builds");
    cmd.arg("clean");
    cmd
}

#[test]
fn json_has_exactly_the_documented_fields() {
    let out = clean()
        .arg("--json")
        .arg(fixture("04-eu-gas-storage-target.txt"))
        .arg(fixture("05-typhoon-halia-live.txt"))
        .output()
        .expect("runs");
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let records = v.as_array().expect("an array");
    assert_eq!(records.len(), 2);
    let mut keys: Vec<&str> = records[0].as_object().expect("object").keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["authors", "body", "figures", "file", "published", "removed", "retrieved", "source", "title"]);
    assert_eq!(records[0]["published"], "2025-03-14T09:42:00+00:00");
    assert_eq!(records[1]["authors"][1], "Tom Reyes");
    let fig = &records[0]["figures"][0];
    assert!(fig.get("alt").is_some() && fig.get("caption").is_some() && fig.get("credit").is_some());
    assert!(records[0]["removed"].as_array().is_some_and(|r| r.iter().any(|x| x == "Advertisement")));
}

#[test]
fn explain_shows_each_block_with_decision_and_reason() {
    let out = clean().arg("--explain").arg(fixture("kim-putin-meeting.txt")).output().expect("runs");
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    for needle in ["title", "body", "figure", "credit", "date", "removed", "subscribe"] {
        assert!(text.contains(needle), "explain output lacks {needle:?}:\n{text}");
    }
}

#[test]
fn markdown_has_front_matter_and_escaped_paragraphs() {
    let out =
        clean().arg("--markdown").arg(fixture("10-arabica-coffee-prices-brazil-drought.txt")).output().expect("runs");
    assert!(out.status.success());
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(md.starts_with("---\ntitle: "));
    assert!(
        md.contains("published: 2024-11-07T14:15:00-05:00") || md.contains("published: '2024-11-07T14:15:00-05:00'")
    );
    assert!(md.contains("credit: Rafael Duarte/Getty Images"));
    assert!(md.contains("\n\nArabica coffee futures jumped"));
}

#[test]
fn write_saves_beside_the_raw_file_and_never_overwrites() {
    let dir = tempfile::tempdir().expect("temp dir");
    let raw = dir.path().join("story.txt");
    std::fs::copy(fixture("02-burkina-faso-coup-plot.txt"), &raw).expect("copy");
    clean().arg("--write").arg(&raw).assert().success();
    let md = dir.path().join("story.md");
    let first = std::fs::read_to_string(&md).expect("written");
    assert!(first.contains("source: Northgate Newswire and AFP"));
    let again = clean().arg("--write").arg(&raw).output().expect("runs");
    assert!(!again.status.success(), "a second --write must refuse");
    assert!(String::from_utf8_lossy(&again.stderr).contains("story.md"));
    assert_eq!(std::fs::read_to_string(&md).expect("still there"), first);
}

/// What an article page shows of the article: its `<main>` and summary.
fn article_shown(site: &common::Fixture, slug: &str) -> (String, Vec<String>) {
    let page = site.page(&format!("articles/{slug}/index.html"));
    let main = page.select(&common::sel("main")).next().map(|m| m.html()).unwrap_or_default();
    let meta = common::sel("meta[name=description]");
    let description = page.select(&meta).filter_map(|m| m.value().attr("content")).map(String::from).collect();
    (main, description)
}

#[test]
fn write_then_build_gives_the_same_page_and_no_duplicate() {
    let site = common::Fixture::example();
    let raw = "content/articles/kim-putin-meeting.txt";
    // The old way — SLUG.md beside SLUG.txt — is two of one story; the
    // error says where the raw file goes.
    site.write("content/articles/kim-putin-meeting.md", "---\ntitle: T\nsource: S\n---\nBody.\n");
    let err = site.build().unwrap_err().to_string();
    assert!(err.contains("duplicate article slug") && err.contains("content/archive/"), "{err}");
    site.remove("content/articles/kim-putin-meeting.md");

    // Another raw page of the same site: the two are cleaned together, by
    // the build and by `clean`.
    let other = "content/articles/bc-wildfire-evacuation.txt";
    std::fs::copy(fixture("03-bc-wildfire-evacuation.txt"), site.root().join(other)).expect("copy");
    site.build_ok();
    let before = article_shown(&site, "kim-putin-meeting");
    let other_before = article_shown(&site, "bc-wildfire-evacuation");
    assert!(before.0.contains("Dmitri Lovetsky, Evan Vucci/AP Photo"), "the page shows the figures' credits");

    let mut cmd = Command::cargo_bin("broadsheet").expect("binary builds");
    let out = cmd.current_dir(site.root()).args(["clean", "--write", raw]).output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("wrote content/articles/kim-putin-meeting.md"), "{said}");
    assert!(said.contains("content/archive/kim-putin-meeting.txt"), "{said}");
    let md = std::fs::read_to_string(site.root().join("content/articles/kim-putin-meeting.md")).expect("written");
    assert!(md.contains("summary: A White House official says"), "the sidecar's summary is merged:\n{md}");
    assert!(!md.contains("null") && !md.contains("[]"), "no empty fields:\n{md}");
    assert!(
        !site.root().join(raw).exists() && !site.root().join("content/articles/kim-putin-meeting.meta.yaml").exists()
    );
    assert!(site.root().join("content/archive/kim-putin-meeting.meta.yaml").exists());

    let mut cmd = Command::cargo_bin("broadsheet").expect("binary builds");
    let built = cmd.current_dir(site.root()).arg("build").output().expect("runs");
    assert!(built.status.success(), "{}", String::from_utf8_lossy(&built.stderr));
    assert_eq!(article_shown(&site, "kim-putin-meeting"), before);
    assert_eq!(article_shown(&site, "bc-wildfire-evacuation"), other_before);

    // --markdown prints the same, the sidecar beside the raw file merged in.
    let printed = clean().arg("--markdown").arg(site.root().join("content/archive/kim-putin-meeting.txt")).output();
    assert_eq!(String::from_utf8_lossy(&printed.expect("runs").stdout), md);
}

#[test]
fn bad_files_get_clear_messages_and_no_panic() {
    let dir = tempfile::tempdir().expect("temp dir");
    let empty = dir.path().join("empty.txt");
    std::fs::write(&empty, "").expect("write");
    let binary = dir.path().join("image.txt");
    std::fs::write(&binary, [0u8, 1, 2, 137, 80, 78, 71, 0, 0, 255, 254]).expect("write");
    let latin1 = dir.path().join("latin1.txt");
    std::fs::write(&latin1, b"Caf\xe9 owners protest new rules\n\nThe owners of the caf\xe9 said on Monday that the rules were unfair to them.\n").expect("write");
    for (file, needle) in [(&empty, "empty"), (&binary, "binary"), (&latin1, "UTF-8")] {
        let out = clean().arg(file).output().expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(needle), "{}: {err}", file.display());
        assert!(err.contains(&file.display().to_string()), "names the file: {err}");
        assert!(!err.contains("panicked"), "{err}");
    }
    let missing = clean().arg(dir.path().join("missing.txt")).output().expect("runs");
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("missing.txt"));
}
