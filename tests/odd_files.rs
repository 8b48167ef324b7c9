//! Files that are not what a site's files usually are: named pipes,
//! symbolic links, names Windows refuses, an output left half swapped. No
//! build hangs on one, and none is left out without a word.

mod common;

use std::fs;
use std::time::Duration;

use assert_cmd::Command;
use common::Fixture;

fn build_cli(site: &Fixture) -> (bool, String) {
    let out = Command::cargo_bin("broadsheet")
        .unwrap()
        .arg("build")
        .current_dir(site.root())
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

#[cfg(unix)]
fn mkfifo(site: &Fixture, rel: &str) {
    let path = site.root().join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    let _ = fs::remove_file(&path);
    let status = std::process::Command::new("mkfifo").arg(&path).status().expect("mkfifo runs");
    assert!(status.success());
}

#[cfg(unix)]
#[test]
fn a_named_pipe_is_refused_by_name_not_waited_on() {
    for rel in ["site.toml", "templates/base.html", "static/style.css", "themes/default/static/extra.css"] {
        let site = Fixture::new("basic");
        if rel.starts_with("themes/") {
            common::copy_dir(
                &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes"),
                &site.root().join("themes"),
            );
        }
        mkfifo(&site, rel);
        let (ok, stderr) = build_cli(&site);
        assert!(!ok, "{rel}: {stderr}");
        assert!(stderr.contains(&format!("{rel}: is a named pipe (FIFO), not a regular file")), "{rel}: {stderr}");
        assert!(!site.out().exists(), "{rel}: nothing is written");
    }
}

#[cfg(unix)]
#[test]
fn a_named_pipe_in_content_is_skipped_with_a_warning() {
    let site = Fixture::new("basic");
    mkfifo(&site, "content/articles/pipe.md");
    let summary = site.build_ok();
    let warnings: Vec<String> = summary.warnings.iter().map(|w| w.to_string()).collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].starts_with("content/articles/pipe.md: is a named pipe (FIFO), not a regular file: skipped"));
    assert!(!site.out().join("articles/pipe").exists());
}

#[cfg(unix)]
#[test]
fn symbolic_links_in_content_are_skipped_with_a_warning() {
    let site = Fixture::new("basic");
    let elsewhere = tempfile::tempdir().unwrap();
    fs::write(elsewhere.path().join("linked.md"), "---\ntitle: \"Linked\"\nsource: \"Wire\"\n---\nBody.\n").unwrap();
    let articles = site.root().join("content/articles");
    std::os::unix::fs::symlink(elsewhere.path().join("linked.md"), articles.join("linked.md")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), articles.join("more")).unwrap();
    // A link to a file Broadsheet would not read anyway is not worth a word.
    std::os::unix::fs::symlink(elsewhere.path().join("linked.md"), articles.join("picture.jpg")).unwrap();

    let (ok, stderr) = build_cli(&site);
    assert!(ok, "{stderr}");
    assert!(stderr.contains("warning: content/articles/linked.md: is a symbolic link: skipped"), "{stderr}");
    assert!(stderr.contains("warning: content/articles/more: is a symbolic link: skipped"), "{stderr}");
    assert!(!stderr.contains("picture.jpg"), "{stderr}");
    assert!(!site.out().join("articles/linked").exists());

    let check = Command::cargo_bin("broadsheet").unwrap().arg("check").current_dir(site.root()).output().unwrap();
    let stderr = String::from_utf8_lossy(&check.stderr);
    assert!(stderr.contains("warning: content/articles/linked.md: is a symbolic link"), "{stderr}");
}

#[test]
fn names_windows_refuses_are_errors_with_a_new_name() {
    let site = Fixture::new("basic");
    let article = "---\ntitle: \"Reserved\"\nsource: \"Wire\"\n---\nBody.\n";
    site.write("content/articles/CON.md", article);
    site.write("content/articles/nul.md", article);
    site.write("content/topics/com1.md", "---\ntitle: \"Port\"\n---\n");
    site.write("content/articles/Aux!.md", article);
    let e = site.build().unwrap_err();
    let messages: Vec<String> = e.diagnostics.iter().map(|d| d.to_string()).collect();
    let text = messages.join("\n");
    assert!(text.contains("content/articles/CON.md: `CON.md` is a reserved name on Windows"), "{text}");
    assert!(text.contains("rename it, e.g. to `con-1.md`"), "{text}");
    assert!(text.contains("content/articles/nul.md: `nul.md` is a reserved name"), "{text}");
    assert!(text.contains("content/topics/com1.md: `com1.md` is a reserved name"), "{text}");
    assert!(text.contains("content/articles/Aux!.md: the slug \"aux\" is a reserved name"), "{text}");
    assert_eq!(messages.len(), 4, "{text}");
}

#[test]
fn a_build_killed_between_its_renames_loses_no_output() {
    let site = Fixture::new("basic");
    site.build_ok();
    let before = common::snapshot(&site.out());
    // What a build killed after moving the output aside leaves behind.
    let aside = site.root().join(".public.old-4242");
    fs::rename(site.out(), &aside).unwrap();
    // A build that stops at a content error keeps that copy...
    site.write("content/articles/broken.md", "---\ntitle: \"Broken\"\n---\n");
    site.build().unwrap_err();
    assert_eq!(common::snapshot(&aside), before);
    // ...and the next good build puts it back and starts from it.
    site.remove("content/articles/broken.md");
    let summary = site.build_ok();
    assert_eq!((summary.write.written, summary.write.removed), (0, 0), "compared against the restored output");
    assert_eq!(common::snapshot(&site.out()), before);
    assert!(!aside.exists());
}

#[cfg(unix)]
#[test]
fn clean_refuses_a_named_pipe() {
    let site = Fixture::new("basic");
    mkfifo(&site, "scraped.txt");
    let out = Command::cargo_bin("broadsheet")
        .unwrap()
        .args(["clean", "scraped.txt"])
        .current_dir(site.root())
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("scraped.txt: is a named pipe (FIFO), not a regular file"), "{stderr}");
}
