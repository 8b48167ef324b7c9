//! The render cache (`.broadsheet-cache/`): a rebuild gives the bytes a
//! build without it gives, after an edit of any kind of file; with nothing
//! changed it touches nothing; a cache that is damaged or not its own is
//! ignored.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use broadsheet::{build, BuildOptions, BuildSummary};
use common::{copy_dir, snapshot};

struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    fn new() -> Site {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rebuild"), &dir.path().join("site"));
        Site { dir }
    }

    fn root(&self) -> PathBuf {
        self.dir.path().join("site")
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    fn options(&self, output: PathBuf, cache: bool) -> BuildOptions {
        BuildOptions { root: self.root(), output: Some(output), cache, ..Default::default() }
    }

    fn cached(&self) -> BuildSummary {
        build(&self.options(self.out(), true)).unwrap_or_else(|e| panic!("cached build failed:\n{e}"))
    }

    /// The cached build's output, byte for byte as a build without the
    /// cache makes it in a folder of its own.
    fn assert_as_uncached(&self, after: &str) {
        let fresh = tempfile::tempdir().unwrap();
        build(&self.options(fresh.path().join("public"), false)).unwrap();
        let (ours, theirs) = (snapshot(&self.out()), snapshot(&fresh.path().join("public")));
        let paths = |s: &[(String, Vec<u8>)]| s.iter().map(|(p, _)| p.clone()).collect::<Vec<_>>();
        assert_eq!(paths(&ours), paths(&theirs), "after {after}: not the same files");
        for ((path, a), (_, b)) in ours.iter().zip(&theirs) {
            assert!(a == b, "after {after}: {path} differs from a build without the cache");
        }
        // No folder is left that a build without the cache would not make.
        let folders = |root: &Path| -> Vec<PathBuf> {
            walkdir::WalkDir::new(root)
                .into_iter()
                .map(|e| e.unwrap())
                .filter(|e| e.file_type().is_dir())
                .map(|e| e.path().strip_prefix(root).unwrap().to_path_buf())
                .collect()
        };
        assert_eq!(folders(&self.out()).len(), folders(&fresh.path().join("public")).len(), "after {after}");
    }

    fn edit(&self, file: &str, from: &str, to: &str) {
        let path = self.root().join(file);
        let text = fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file} has no {from:?}");
        fs::write(path, text.replacen(from, to, 1)).unwrap();
    }

    fn write(&self, file: &str, text: &str) {
        let path = self.root().join(file);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }
}

/// Every file's inode and modification time, the output folder's own
/// included (a staging folder swapped in would change them).
fn stamps(dir: &Path) -> BTreeMap<String, (u64, std::time::SystemTime)> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            let meta = fs::symlink_metadata(e.path()).unwrap();
            #[cfg(unix)]
            let inode = std::os::unix::fs::MetadataExt::ino(&meta);
            #[cfg(not(unix))]
            let inode = 0;
            (e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned(), (inode, meta.modified().unwrap()))
        })
        .collect()
}

#[test]
fn every_kind_of_edit_rebuilds_to_the_bytes_of_a_build_without_the_cache() {
    let site = Site::new();
    let first = site.cached();
    assert_eq!(first.write.written, first.pages, "a first build writes everything");
    assert!(site.root().join(".broadsheet-cache").is_dir());
    site.assert_as_uncached("the first build");
    let all = first.pages;

    let check = |what: &str, change: &dyn Fn(&Site)| {
        change(&site);
        let summary = site.cached();
        site.assert_as_uncached(what);
        summary
    };
    let s = check("an article's text", &|s| {
        s.edit("content/articles/rates-hold.md", "citing slowing inflation", "citing cooler prices")
    });
    assert!(
        s.write.written > 0 && s.write.written < all / 2,
        "{what} wrote {} of {all}",
        s.write.written,
        what = "a text edit"
    );
    check("an article's title", &|s| {
        s.edit("content/articles/harbour-talks.md", "Harbour strike talks resume", "Strike talks resume")
    });
    check("an article's topics", &|s| s.edit("content/articles/harbour-talks.md", "topics: [harbour]", "topics: []"));
    check("an article's date", &|s| s.edit("content/articles/rates-hold.md", "2024-11-19", "2024-11-12"));
    check("an added article", &|s| {
        s.write(
            "content/articles/added.md",
            "---\ntitle: Added\nsource: S\npublished: 2024-11-26\n---\nA new harbour story about rates and markets.\n",
        )
    });
    check("a removed article", &|s| fs::remove_file(s.root().join("content/articles/market-rally.md")).unwrap());
    check("a draft published", &|s| s.edit("content/articles/later.md", "draft: true", "draft: false"));
    check("a raw article", &|s| s.edit("content/articles/scraped.txt", "second paragraph", "last paragraph"));
    check("a sidecar", &|s| s.edit("content/articles/scraped.meta.yaml", "Scrape Source", "Scraper Source"));
    check("a note", &|s| s.edit("content/notes/strike-context.md", "Strike note body", "Edited note body"));
    check("an added note", &|s| {
        s.write(
            "content/notes/new-one.md",
            "---\ntitle: New\ndate: 2024-11-28\nabout: [editions/2024-W48]\n---\nBrand new note.\n",
        )
    });
    check("a topic", &|s| s.edit("content/topics/harbour.md", "The **harbour** intro.", "The docks."));
    check("a topic's rules", &|s| s.edit("content/topics/money.md", "[[rates, markets]]", "[[rates]]"));
    check("an added topic", &|s| s.write("content/topics/aaa.md", "---\ntitle: First\nweight: 0\n---\nFirst.\n"));
    check("an edition", &|s| s.edit("content/editions/2024-W48.md", "Week forty-eight", "Week 48"));
    check("a template", &|s| {
        let credit = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/themes/default/templates/partials/credit.html"
        ))
        .unwrap();
        s.write("templates/partials/credit.html", &format!("<!-- ours -->{credit}"));
    });
    let s = check("a stylesheet", &|s| s.write("static/extra.css", "body { margin: 1em }\n"));
    assert_eq!(s.write.written, 1, "only the stylesheet");
    check("site.toml", &|s| s.edit("site.toml", "Rebuild Digest", "Retitled Digest"));
    check("an edit put back", &|s| s.edit("site.toml", "Retitled Digest", "Rebuild Digest"));
}

#[test]
fn a_rebuild_with_nothing_changed_writes_nothing_not_even_the_marker() {
    let site = Site::new();
    let first = site.cached();
    // Older than the moment the cache vouches for, as a file edited a while
    // ago is (a file changed in the same instant as recorded is read again).
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let before = stamps(site.dir.path());
    let marker = site.out().join(".broadsheet-output");
    assert!(marker.is_file());
    for _ in 0..2 {
        let again = site.cached();
        assert_eq!(again.write.written, 0);
        assert_eq!(again.write.unchanged, first.pages);
        assert_eq!((again.pages, again.articles), (first.pages, first.articles));
    }
    let after = stamps(site.dir.path());
    let outside_cache = |m: &BTreeMap<String, _>| -> Vec<String> {
        m.keys().filter(|k| !k.contains(".broadsheet-cache")).cloned().collect()
    };
    assert_eq!(outside_cache(&before), outside_cache(&after), "no file or folder came or went");
    for (path, stamp) in &before {
        if !path.contains(".broadsheet-cache") {
            assert_eq!(Some(stamp), after.get(path), "{path} was touched");
        }
    }
    // No staging folder came and went beside the output: its parent's
    // time is the same (listed above as "").
    assert_eq!(before.get(""), after.get(""));
}

#[test]
fn an_article_coming_due_is_built_although_no_file_changed() {
    let site = Site::new();
    site.write(
        "content/articles/scheduled.md",
        "---\ntitle: Scheduled\nsource: S\npublished: 2024-12-02T12:00:00Z\n---\nLater harbour news.\n",
    );
    let at = |when: &str| {
        let mut options = site.options(site.out(), true);
        options.now = Some(chrono::DateTime::parse_from_rfc3339(when).unwrap().to_utc());
        build(&options).unwrap()
    };
    let before = at("2024-12-01T12:00:00Z");
    assert_eq!(before.scheduled.len(), 1);
    assert_eq!(at("2024-12-01T13:00:00Z").write.written, 0, "still waiting");
    let due = at("2024-12-03T12:00:00Z");
    assert!(due.scheduled.is_empty() && due.articles == before.articles + 1, "{due:?}");
    assert!(site.out().join("articles/scheduled/index.html").is_file());
}

#[test]
fn a_damaged_or_foreign_cache_is_ignored_and_replaced() {
    let site = Site::new();
    site.cached();
    let cache = site.root().join(".broadsheet-cache");
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&cache)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().to_path_buf())
        .collect();
    assert!(files.len() > 1, "{files:?}");

    // Every memo file's first terms overwritten, its entries intact (they
    // end the file, their length in its last 8 bytes), and an article's
    // words edited, so that related coverage is counted again from every
    // article's terms: terms that do not hash as written are not used.
    let mut overwritten = 0;
    for f in files.iter().filter(|f| f.parent().unwrap().ends_with("articles")) {
        let mut bytes = fs::read(f).unwrap();
        let entries = u64::from_le_bytes(bytes[bytes.len() - 8..].try_into().unwrap()) as usize;
        let terms = bytes.len() - 8 - entries;
        bytes[..terms.min(16)].iter_mut().for_each(|b| *b = 0xff);
        overwritten += terms.min(1);
        fs::write(f, &bytes).unwrap();
    }
    assert!(overwritten > 0, "no memo file holds terms");
    site.edit("content/articles/rates-hold.md", "slowing inflation", "slowing inflation and weak lending");
    site.cached();
    site.assert_as_uncached("memo terms overwritten");

    // A template edited, so that every page is rendered, every
    // remembered article's body made again from its file.
    let credit =
        fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/templates/partials/credit.html"));
    site.write("templates/partials/credit.html", &format!("<!-- memo -->{}", credit.unwrap()));
    site.cached();
    site.assert_as_uncached("a template edited");

    // Every memo file cut short, and an edit: the articles are made again.
    for f in files.iter().filter(|f| f.parent().unwrap().ends_with("articles")) {
        let bytes = fs::read(f).unwrap();
        fs::write(f, &bytes[..bytes.len() / 2]).unwrap();
    }
    site.edit("content/articles/rates-hold.md", "held its rate", "kept its rate");
    site.cached();
    site.assert_as_uncached("memo files cut short");

    // The state of another binary or format: its first bytes changed.
    let state = cache.join("state");
    let mut bytes = fs::read(&state).unwrap();
    for b in bytes.iter_mut().take(8) {
        *b = b.wrapping_add(1);
    }
    fs::write(&state, &bytes).unwrap();
    site.edit("content/articles/rates-hold.md", "kept its rate", "left its rate");
    let s = site.cached();
    assert_eq!(s.write.unchanged, s.pages - s.write.written);
    site.assert_as_uncached("a foreign state");

    // Garbage everywhere, then nothing at all.
    for f in walkdir::WalkDir::new(&cache).into_iter().map(|e| e.unwrap()).filter(|e| e.file_type().is_file()) {
        fs::write(f.path(), b"\xff\x00 not a cache").unwrap();
    }
    site.cached();
    site.assert_as_uncached("garbage");
    fs::remove_dir_all(&cache).unwrap();
    site.cached();
    site.assert_as_uncached("no cache");
}

#[test]
fn an_output_changed_by_hand_is_put_right() {
    let site = Site::new();
    site.cached();
    fs::write(site.out().join("index.html"), "edited by hand").unwrap();
    fs::remove_file(site.out().join("feed.xml")).unwrap();
    fs::write(site.out().join("stray.html"), "left here").unwrap();
    site.cached();
    site.assert_as_uncached("files of the output changed by hand");
    // With an edit too: the output is looked at while the site is read.
    fs::write(site.out().join("index.html"), "edited by hand").unwrap();
    fs::write(site.out().join("stray.html"), "left here").unwrap();
    site.edit("content/articles/rates-hold.md", "citing slowing inflation", "citing cooler prices");
    site.cached();
    site.assert_as_uncached("an article edited and the output changed by hand");
}

#[test]
fn the_command_keeps_the_cache_unless_told_not_to() {
    let site = Site::new();
    let run = |args: &[&str]| {
        let out = Command::cargo_bin("broadsheet").unwrap().args(args).current_dir(site.root()).assert().success();
        String::from_utf8_lossy(&out.get_output().stderr).into_owned()
    };
    run(&["build", "--no-cache"]);
    assert!(site.root().join("public/index.html").is_file());
    assert!(!site.root().join(".broadsheet-cache").exists(), "--no-cache writes no cache");
    run(&["build"]);
    assert!(site.root().join(".broadsheet-cache/state").is_file());
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let again = run(&["build"]);
    assert!(again.contains(" 0 written"), "{again}");
    // The cache is not read as content, nor published.
    assert!(!site.root().join("public/.broadsheet-cache").exists());
}

/// Related coverage is counted from an article's first few hundred body
/// words: an edit past them leaves it as it was (and it is not counted
/// again), one within them changes it; either way every page is as a
/// build without the cache makes it, the pages listing a retitled related
/// story included.
#[test]
fn edits_past_and_within_the_words_related_coverage_reads_rebuild_exactly() {
    let site = Site::new();
    let filler: Vec<String> = (0..420).map(|i| format!("filler{i}")).collect();
    let long = |tail: &str| {
        format!(
            "---\ntitle: Harbour cranes idle in strike\nsource: S\npublished: 2024-11-26\ntopics: [harbour]\n---\n\
             Harbour workers strike leaves cranes idle at the port over pay.\n\n{}\n\n{tail}\n",
            filler.join(" ")
        )
    };
    site.write("content/articles/long-strike.md", &long("The end."));
    site.cached();
    site.assert_as_uncached("a long article added");
    let related_to_long = |s: &Site| fs::read_to_string(s.out().join("articles/harbour-strike/index.html")).unwrap();
    assert!(related_to_long(&site).contains("Harbour cranes idle in strike"), "the fixture relates the two");
    let s = {
        site.write("content/articles/long-strike.md", &long("The end, edited."));
        site.cached()
    };
    site.assert_as_uncached("an edit past the words counted");
    assert!(s.write.written > 0 && s.write.written < s.pages / 2, "{:?}", s.write);
    site.edit("content/articles/long-strike.md", "Harbour workers strike", "Dock workers walk out");
    site.cached();
    site.assert_as_uncached("an edit within the words counted");
    site.edit("content/articles/long-strike.md", "title: Harbour cranes idle", "title: Cranes idle");
    site.cached();
    site.assert_as_uncached("a related story retitled");
    assert!(related_to_long(&site).contains("Cranes idle in strike"), "the page listing it shows the new title");
}

/// As git, make, Hugo and Zola do, a file whose size and times are as
/// recorded is taken to hold the bytes recorded; unlike make, a change
/// time or inode that differs makes it read again, so an edit that keeps
/// the size and puts the modification time back is still seen (the
/// system sets the change time; nothing sets it back). A file touched but
/// the same changes nothing.
#[test]
fn a_touched_file_changes_nothing_and_an_edit_with_its_time_put_back_is_seen() {
    let site = Site::new();
    let first = site.cached();
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let path = site.root().join("content/articles/rates-hold.md");
    let text = fs::read_to_string(&path).unwrap();
    fs::write(&path, &text).unwrap();
    let touched = site.cached();
    assert_eq!(touched.write.written, 0, "a touched file rewrote pages: {:?}", touched.write);
    assert_eq!(touched.write.unchanged, first.pages);

    std::thread::sleep(std::time::Duration::from_millis(2100));
    let modified = fs::metadata(&path).unwrap().modified().unwrap();
    let same_size = text.replacen("held its rate", "kept its rate", 1);
    assert_eq!(same_size.len(), text.len());
    fs::write(&path, &same_size).unwrap();
    fs::File::options().write(true).open(&path).unwrap().set_modified(modified).unwrap();
    assert_eq!(fs::metadata(&path).unwrap().modified().unwrap(), modified);
    let edited = site.cached();
    assert!(edited.write.written > 0, "the edit was not seen: {:?}", edited.write);
    site.assert_as_uncached("an edit with its size and time as before");
}

/// An article file the cache saw unchanged is not read; when what it made
/// cannot be used after all (a topic it names is gone), it is read then,
/// and its error is told at its line as a build without the cache tells it.
#[test]
fn an_unchanged_article_naming_a_removed_topic_is_read_and_its_error_told() {
    let site = Site::new();
    site.cached();
    std::thread::sleep(std::time::Duration::from_millis(2100));
    let topic = site.root().join("content/topics/harbour.md");
    let text = fs::read_to_string(&topic).unwrap();
    fs::remove_file(&topic).unwrap();
    let cached = build(&site.options(site.out(), true)).unwrap_err().to_string();
    let fresh = tempfile::tempdir().unwrap();
    let uncached = build(&site.options(fresh.path().join("public"), false)).unwrap_err().to_string();
    assert_eq!(cached, uncached);
    assert!(cached.contains("content/articles/harbour-strike.md:5"), "{cached}");
    fs::write(&topic, text).unwrap();
    site.cached();
    site.assert_as_uncached("the topic put back");
}
