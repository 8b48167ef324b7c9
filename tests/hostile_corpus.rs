//! The hostile-input corpus: bad and hostile inputs of every family an
//! editor, a publisher, a theme author or a browser can send, each with
//! what it must produce — an error at its file and line, an escaped page,
//! or a refusal. Cases are data; one runner per family builds each over a
//! fresh copy of `tests/fixtures/corpus` and checks, besides the outcome,
//! what must hold for every case: no panic, no hang, nothing the case
//! wrote is changed, no staging folder left behind, and a failed build
//! writes no output.

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use broadsheet::{BuildOptions, BuildSummary, Error};
use common::{sel, snapshot, Fixture};
use scraper::Html;

/// Generous: a case that takes this long hangs (debug build, shared CI box).
const TIME_LIMIT: Duration = Duration::from_secs(30);

struct Case {
    family: &'static str,
    name: String,
    files: Vec<(String, Vec<u8>)>,
    fifos: Vec<String>,
    folders: Vec<String>,
    removed: Vec<String>,
    /// Build the base site first and check that the failed build leaves
    /// that output byte for byte.
    over_good_output: bool,
    /// Run `check` after the build: its link errors count as errors.
    checked: bool,
    expect: Expect,
}

enum Expect {
    /// The build fails with an error at `file` and `line` whose text
    /// (message and hint) says `says`.
    Error { file: String, line: Option<usize>, says: String },
    /// The build succeeds; `page` shows `shows` as text, and no page or
    /// feed holds anything that runs.
    Page { page: String, shows: String },
    /// The build succeeds with a warning at `file` that says `says`.
    Warning { file: String, says: String },
    /// Either outcome will do, as long as it is no panic, no hang, and
    /// nothing that runs.
    Unset,
}

fn case(family: &'static str, name: impl Into<String>) -> Case {
    Case {
        family,
        name: name.into(),
        files: Vec::new(),
        fifos: Vec::new(),
        folders: Vec::new(),
        removed: Vec::new(),
        over_good_output: false,
        checked: false,
        expect: Expect::Unset,
    }
}

impl Case {
    fn file(mut self, path: &str, bytes: impl Into<Vec<u8>>) -> Case {
        self.files.push((path.to_string(), bytes.into()));
        self
    }
    fn fifo(mut self, path: &str) -> Case {
        self.fifos.push(path.to_string());
        self
    }
    fn folder(mut self, path: &str) -> Case {
        self.folders.push(path.to_string());
        self
    }
    fn remove(mut self, path: &str) -> Case {
        self.removed.push(path.to_string());
        self
    }
    fn over_good_output(mut self) -> Case {
        self.over_good_output = true;
        self
    }
    fn checked(mut self) -> Case {
        self.checked = true;
        self
    }
    fn warning(mut self, file: &str, says: &str) -> Case {
        self.expect = Expect::Warning { file: file.to_string(), says: says.to_string() };
        self
    }
    fn error(mut self, file: &str, line: Option<usize>, says: &str) -> Case {
        self.expect = Expect::Error { file: file.to_string(), line, says: says.to_string() };
        self
    }
    fn page(mut self, page: &str, shows: &str) -> Case {
        self.expect = Expect::Page { page: page.to_string(), shows: shows.to_string() };
        self
    }
}

const ARTICLE: &str = "content/articles/x.md";
const RAW: &str = "content/articles/r.txt";
const SIDECAR: &str = "content/articles/r.meta.yaml";
const X_PAGE: &str = "articles/x/index.html";
const R_PAGE: &str = "articles/r/index.html";
const BODY: &str = "A body paragraph of the story, told plainly and at some length.";

/// An article with `extra` front matter from line 4 on.
fn md(extra: &str) -> String {
    format!("---\ntitle: \"T\"\nsource: Wire\n{extra}\n---\n{BODY}\n")
}

/// An article with the given whole front matter (from line 2) and body.
fn md_with(front: &str, body: &str) -> String {
    format!("---\n{front}\n---\n{body}\n")
}

/// A raw story: headline, then two paragraphs.
fn story(headline: &str) -> String {
    format!(
        "{headline}\n\nThe council of the coastal town agreed on Monday to share the cost of a new harbour wall, \
         officials said after a long meeting.\n\nWork is due to start in the spring and to last two years, \
         according to the plan published after the vote.\n"
    )
}

/// The base site.toml with `extra` lines from line 8 on.
fn toml(extra: &str) -> String {
    let base =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus/site.toml")).unwrap();
    let (top, digest) = base.split_once("[digest]").unwrap();
    format!("{}{extra}\n\n[digest]{digest}", top.trim_end_matches('\n').to_string() + "\n")
}

fn run(cases: Vec<Case>) {
    let count = cases.len();
    let failures: Vec<String> =
        cases.iter().filter_map(|c| run_one(c).err().map(|why| format!("[{}] {}: {why}", c.family, c.name))).collect();
    assert!(failures.is_empty(), "{} of {count} cases failed:\n{}", failures.len(), failures.join("\n\n"));
}

fn run_one(case: &Case) -> Result<(), String> {
    let site = Fixture::new("corpus");
    let before = if case.over_good_output {
        build_in_time(site.root())?.map_err(|e| format!("the base site does not build: {e}"))?;
        Some(snapshot(&site.out()))
    } else {
        None
    };
    for path in &case.removed {
        site.remove(path);
    }
    for path in &case.folders {
        fs::create_dir_all(site.root().join(path)).unwrap();
    }
    for (path, bytes) in &case.files {
        let p = site.root().join(path);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, bytes).unwrap();
    }
    for path in &case.fifos {
        let p = site.root().join(path);
        let _ = fs::remove_file(&p);
        let ok = std::process::Command::new("mkfifo").arg(&p).status().is_ok_and(|s| s.success());
        if !ok {
            return Ok(()); // no mkfifo here: nothing to test
        }
    }
    let mut result = build_in_time(site.root())?;
    if case.checked && result.is_ok() {
        let problems = check(site.root());
        if !problems.is_empty() {
            result = Err(Error::new(problems));
        }
    }

    // What holds whatever the outcome.
    for (path, bytes) in &case.files {
        if fs::read(site.root().join(path)).ok().as_ref() != Some(bytes) {
            return Err(format!("the build changed {path}, a file of the site"));
        }
    }
    let leftovers: Vec<_> = fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".public."))
        .collect();
    if !leftovers.is_empty() {
        return Err(format!("left behind: {leftovers:?}"));
    }
    match (&case.expect, &result) {
        (_, Err(e)) if e.diagnostics.is_empty() => return Err("an error with no diagnostic".into()),
        (Expect::Error { .. }, Err(_)) | (Expect::Unset, Err(_)) => match &before {
            Some(old) if &snapshot(&site.out()) != old => return Err("a failed build changed the output".into()),
            None if site.out().exists() && !case.checked => return Err("a failed build wrote an output".into()),
            _ => {}
        },
        _ => {}
    }
    match (&case.expect, result) {
        (Expect::Error { file, line, says }, Err(e)) => {
            let found = e.diagnostics.iter().any(|d| {
                d.path == Path::new(file)
                    && d.line == *line
                    && d.to_string().to_lowercase().contains(&says.to_lowercase())
            });
            if !found {
                let at = line.map_or(String::new(), |l| format!(":{l}"));
                return Err(format!("expected an error at {file}{at} saying {says:?}, got:\n{e}"));
            }
        }
        (Expect::Error { file, .. }, Ok(_)) => return Err(format!("built, but {file} should be an error")),
        (Expect::Page { page, shows }, Ok(_)) => {
            let path = site.out().join(page);
            let text = fs::read_to_string(&path).map_err(|e| format!("{page}: {e}"))?;
            let shown = Html::parse_document(&text).root_element().text().collect::<String>();
            if !shown.contains(shows.as_str()) {
                return Err(format!("{page} does not show {shows:?}"));
            }
            inert(&site.out())?;
        }
        (Expect::Page { page, .. }, Err(e)) => return Err(format!("{page} should be built, but:\n{e}")),
        (Expect::Warning { file, says }, Ok(summary)) => {
            let found =
                summary.warnings.iter().any(|d| d.path == Path::new(file) && d.to_string().contains(says.as_str()));
            if !found {
                return Err(format!("no warning at {file} saying {says:?}: {:?}", summary.warnings));
            }
            inert(&site.out())?;
        }
        (Expect::Warning { file, .. }, Err(e)) => return Err(format!("{file} should be a warning, but:\n{e}")),
        (Expect::Unset, Ok(_)) => inert(&site.out())?,
        (Expect::Unset, Err(_)) => {}
    }
    Ok(())
}

/// The link errors `broadsheet check` finds.
fn check(root: &Path) -> Vec<broadsheet::Diagnostic> {
    let options = BuildOptions { root: root.to_path_buf(), ..Default::default() };
    let site = broadsheet::build::load_site(&options).unwrap();
    let pages = broadsheet::build::render_site(root, &site).unwrap();
    broadsheet::check::links(&site, &pages)
}

/// Builds in a thread: a panic or a hang is a failure of the case, not of
/// the whole run.
fn build_in_time(root: &Path) -> Result<Result<BuildSummary, Error>, String> {
    let options = BuildOptions {
        root: root.to_path_buf(),
        now: Some(chrono::DateTime::parse_from_rfc3339("2024-12-01T12:00:00Z").unwrap().to_utc()),
        ..Default::default()
    };
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let outcome = std::panic::catch_unwind(|| broadsheet::build(&options));
        let _ = tx.send(outcome.map_err(|p| {
            p.downcast_ref::<String>().cloned().or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
        }));
    });
    match rx.recv_timeout(TIME_LIMIT) {
        Ok(Ok(result)) => Ok(result),
        Ok(Err(panic)) => Err(format!("the build panicked: {}", panic.unwrap_or_default())),
        Err(_) => Err(format!("the build took more than {} s", TIME_LIMIT.as_secs())),
    }
}

/// No page or feed of the output holds anything that runs: event handler
/// attributes, script URLs, scripts other than valid JSON-LD, frames.
fn inert(out: &Path) -> Result<(), String> {
    for entry in walkdir::WalkDir::new(out) {
        let entry = entry.unwrap();
        let rel = entry.path().strip_prefix(out).unwrap().to_string_lossy().into_owned();
        let Some(ext) = entry.path().extension().and_then(|e| e.to_str()) else { continue };
        let text = fs::read_to_string(entry.path()).unwrap_or_default();
        match ext {
            "html" => inert_html(&Html::parse_document(&text), &rel)?,
            // Feed readers render an entry's HTML content as HTML.
            "xml" => {
                let feed = Html::parse_document(&text);
                for content in feed.select(&sel("content[type=html], summary[type=html]")) {
                    inert_html(&Html::parse_fragment(&content.text().collect::<String>()), &rel)?;
                }
            }
            "json" => {
                let feed: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{rel}: {e}"))?;
                for item in feed["items"].as_array().into_iter().flatten() {
                    inert_html(&Html::parse_fragment(item["content_html"].as_str().unwrap_or("")), &rel)?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

fn inert_html(html: &Html, rel: &str) -> Result<(), String> {
    for el in html.select(&sel("*")) {
        let name = el.value().name();
        if matches!(name, "iframe" | "object" | "embed" | "frame" | "base" | "applet") {
            return Err(format!("{rel}: has <{name}>"));
        }
        if name == "script" {
            // The theme's own scripts (search): a file of the site, nothing inline.
            let own = el.value().attr("src").is_some_and(|src| src.starts_with('/') && src.ends_with(".js"))
                && el.inner_html().trim().is_empty();
            if own {
                continue;
            }
            if el.value().attr("type") != Some("application/ld+json") {
                return Err(format!("{rel}: has a script: {}", el.html()));
            }
            let json = el.inner_html();
            serde_json::from_str::<serde_json::Value>(&json).map_err(|e| format!("{rel}: JSON-LD: {e}: {json}"))?;
        }
        for (attr, value) in el.value().attrs() {
            if attr.starts_with("on") || attr == "autofocus" || attr == "formaction" {
                return Err(format!("{rel}: <{name} {attr}=\"{value}\">"));
            }
            let v: String = value.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
            let v = v.to_ascii_lowercase();
            if v.starts_with("javascript:") || v.starts_with("vbscript:") || v.starts_with("data:text") {
                return Err(format!("{rel}: <{name} {attr}=\"{value}\">"));
            }
            if name == "meta" && value.eq_ignore_ascii_case("refresh") {
                return Err(format!("{rel}: a meta refresh"));
            }
        }
    }
    Ok(())
}

// ----------------------------------------------------------------------
// Front matter

#[test]
fn front_matter() {
    let f = "front matter";
    let mut cases = vec![
        case(f, "duplicate title, at the duplicate").file(ARTICLE, md("title: \"Again\"")).error(
            ARTICLE,
            Some(4),
            "given twice",
        ),
        case(f, "topics as a number").file(ARTICLE, md("topics: 5")).error(ARTICLE, Some(4), "list of topic slugs"),
        case(f, "topics as a map").file(ARTICLE, md("topics: {a: 1}")).error(ARTICLE, Some(4), "list of topic slugs"),
        case(f, "authors as a map").file(ARTICLE, md("authors: {a: 1}")).error(ARTICLE, Some(4), "list of names"),
        case(f, "authors nested").file(ARTICLE, md("authors: [[a, b]]")).error(ARTICLE, Some(4), "list of names"),
        case(f, "unknown field").file(ARTICLE, md("colour: red")).error(ARTICLE, Some(4), "unknown field `colour`"),
        case(f, "misspelt field").file(ARTICLE, md("topic: [world]")).error(ARTICLE, Some(4), "unknown field"),
        case(f, "no source").file(ARTICLE, md_with("title: T", BODY)).error(ARTICLE, Some(1), "`source` is missing"),
        case(f, "no title").file(ARTICLE, md_with("source: W", BODY)).error(ARTICLE, Some(1), "`title` is missing"),
        case(f, "empty title").file(ARTICLE, md_with("title: \"  \"\nsource: W", BODY)).error(
            ARTICLE,
            Some(2),
            "`title` is empty",
        ),
        case(f, "empty front matter").file(ARTICLE, md_with("", BODY)).error(ARTICLE, Some(1), "is missing"),
        case(f, "front matter is a list").file(ARTICLE, md_with("- a\n- b", BODY)).error(
            ARTICLE,
            Some(2),
            "front matter",
        ),
        case(f, "front matter is a string").file(ARTICLE, md_with("just words", BODY)).error(
            ARTICLE,
            Some(2),
            "front matter",
        ),
        case(f, "never closed").file(ARTICLE, "---\ntitle: T\nsource: W\nBody.\n").error(
            ARTICLE,
            Some(1),
            "never closed",
        ),
        case(f, "no front matter").file(ARTICLE, "Just a body.\n").error(ARTICLE, Some(1), "front matter"),
        case(f, "empty file").file(ARTICLE, "").error(ARTICLE, Some(1), "front matter"),
        case(f, "unclosed quote").file(ARTICLE, md("summary: \"never closed\npublished: 2024-11-25")).error(
            ARTICLE,
            Some(4),
            "quote",
        ),
        case(f, "bad indentation").file(ARTICLE, md("figures:\n  - alt: a\n   caption: b")).error(
            ARTICLE,
            Some(6),
            "front matter",
        ),
        case(f, "tab indentation").file(ARTICLE, md("figures:\n\t- alt: a")).error(ARTICLE, Some(5), "front matter"),
        case(f, "unknown anchor").file(ARTICLE, md("summary: *nothing")).error(ARTICLE, Some(4), "anchor"),
        case(f, "a NUL in a value").file(ARTICLE, md("summary: \"a\0b\"")).error(ARTICLE, Some(4), "control"),
        case(f, "a bell in a value").file(ARTICLE, md("summary: \"a\u{7}b\"")).error(ARTICLE, Some(4), "control"),
        case(f, "LS and NEL do not shift the line")
            .file(ARTICLE, md("summary: \"one\u{2028}two\u{85}three\u{2029}four\"\npublished: [never"))
            .error(ARTICLE, Some(5), "published"),
        case(f, "a lone CR does not shift the line")
            .file(ARTICLE, md("summary: \"one\rtwo\"\npublished: [never"))
            .error(ARTICLE, Some(5), "published"),
        case(f, "CRLF lines").file(ARTICLE, md("colour: red").replace('\n', "\r\n")).error(
            ARTICLE,
            Some(4),
            "unknown field",
        ),
        case(f, "not UTF-8").file(ARTICLE, [md("").as_bytes(), b"\n\nbad \xff\xfe byte\n"].concat()).error(
            ARTICLE,
            Some(9),
            "not valid UTF-8",
        ),
        case(f, "Latin-1 title").file(ARTICLE, b"---\ntitle: \"Caf\xe9\"\nsource: W\n---\nBody.\n".to_vec()).error(
            ARTICLE,
            Some(2),
            "not valid UTF-8",
        ),
        case(f, "200,000 nested brackets").file(ARTICLE, md(&format!("topics: {}", "[".repeat(200_000)))).error(
            ARTICLE,
            Some(4),
            "nested too deeply",
        ),
        case(f, "nested maps").file(ARTICLE, md(&format!("summary: {}", "{a: ".repeat(5_000)))).error(
            ARTICLE,
            Some(4),
            "nested too deeply",
        ),
        case(f, "a huge bad value is cut")
            .file(ARTICLE, md(&format!("published: \"{}\"", "9".repeat(3_000_000))))
            .error(ARTICLE, Some(4), "more bytes not shown"),
        case(f, "billion laughs in topics").file(ARTICLE, md(&laughs("topics"))).error(ARTICLE, Some(5), "topics"),
        case(f, "billion laughs in figures").file(ARTICLE, md(&laughs("figures"))).error(ARTICLE, Some(5), "figures"),
        case(f, "alias of a list as a title").file(ARTICLE, md("authors: &a [x, y]\nsummary: *a")).error(
            ARTICLE,
            Some(5),
            "summary",
        ),
        case(f, "draft is not a yes or no").file(ARTICLE, md("draft: maybe")).error(ARTICLE, Some(4), "draft"),
        case(f, "summary is a list").file(ARTICLE, md("summary: [1, 2]")).error(ARTICLE, Some(4), "summary"),
        case(f, "figures is a string").file(ARTICLE, md("figures: \"a photo\"")).error(ARTICLE, Some(4), "figures"),
        case(f, "figure field misspelt").file(ARTICLE, md("figures:\n  - alt: a\n    captoin: b")).error(
            ARTICLE,
            Some(6),
            "unknown field",
        ),
        case(f, "after_paragraph negative").file(ARTICLE, md("figures:\n  - alt: a\n    after_paragraph: -1")).error(
            ARTICLE,
            Some(6),
            "after_paragraph",
        ),
        case(f, "script URL as figure")
            .file(ARTICLE, md("figures:\n  - src: \"javascript://x.org/%0aalert(1)\""))
            .error(ARTICLE, Some(5), "not an http(s) URL"),
        case(f, "vbscript URL as figure")
            .file(ARTICLE, md("figures:\n  - alt: a\n  - src: \"vbscript:msgbox(1)\""))
            .error(ARTICLE, Some(6), "not an http(s) URL"),
        case(f, "data HTML as figure")
            .file(ARTICLE, md("figures:\n  - src: \"data:text/html,<script>alert(1)</script>\""))
            .error(ARTICLE, Some(5), "not an http(s) URL"),
        case(f, "script URL as source_url").file(ARTICLE, md("source_url: \"javascript:alert(1)\"")).error(
            ARTICLE,
            Some(4),
            "source_url",
        ),
        case(f, "ftp source_url").file(ARTICLE, md("source_url: \"ftp://x.org/a\"")).error(
            ARTICLE,
            Some(4),
            "source_url",
        ),
        case(f, "source_url with spaces").file(ARTICLE, md("source_url: \"https://x.org/a b\"")).error(
            ARTICLE,
            Some(4),
            "source_url",
        ),
        case(f, "no body").file(ARTICLE, md("").trim_end_matches(&format!("{BODY}\n")).to_string()).error(
            ARTICLE,
            Some(6),
            "no body",
        ),
        case(f, "only blank lines and a comment")
            .file(ARTICLE, md_with("title: T\nsource: W", "\n  \n<!-- later -->\n"))
            .error(ARTICLE, Some(5), "no body"),
        case(f, "file name gives no slug").file("content/articles/!!!.md", md("")).error(
            "content/articles/!!!.md",
            None,
            "no usable slug",
        ),
        case(f, "Windows-reserved name").file("content/articles/CON.md", md("")).error(
            "content/articles/CON.md",
            None,
            "reserved name on Windows",
        ),
        case(f, "slug too long for a folder name")
            .file(&format!("content/articles/{}.md", "щ".repeat(120)), md(""))
            .error(&format!("content/articles/{}.md", "щ".repeat(120)), None, "longer than a folder name may be"),
        case(f, "two files, one slug").file("content/articles/good.txt", story("Another good story")).error(
            "content/articles/good.txt",
            None,
            "good",
        ),
        case(f, "note: about is a number")
            .file("content/notes/n.md", md_with("title: N\ndate: 2024-11-27\nabout: 5", "A note."))
            .error("content/notes/n.md", Some(4), "about"),
        case(f, "note: unknown field")
            .file(
                "content/notes/n.md",
                md_with("title: N\ndate: 2024-11-27\nabout: [articles/good]\nmood: calm", "A note."),
            )
            .error("content/notes/n.md", Some(5), "unknown field"),
        case(f, "note: bad date")
            .file("content/notes/n.md", md_with("title: N\ndate: 2024-02-30\nabout: [articles/good]", "A note."))
            .error("content/notes/n.md", Some(3), "date"),
        case(f, "topic: weight is a word")
            .file("content/topics/t.md", md_with("title: T\nweight: heavy", "Intro."))
            .error("content/topics/t.md", Some(3), "weight"),
        case(f, "topic: match rule misspelt")
            .file("content/topics/t.md", md_with("title: T\nmatch:\n  al: [x]", "Intro."))
            .error("content/topics/t.md", Some(4), "unknown field"),
        case(f, "topic: match all is a string")
            .file("content/topics/t.md", md_with("title: T\nmatch:\n  all: x", "Intro."))
            .error("content/topics/t.md", Some(4), "all"),
        case(f, "edition: unknown field")
            .file("content/editions/2024-W48.md", md_with("title: E\nlead: x", "Intro."))
            .error("content/editions/2024-W48.md", Some(3), "unknown field"),
        case(f, "sidecar: unknown field")
            .file(RAW, story("Harbour plan agreed"))
            .file(SIDECAR, "source: W\nheadline: x\n")
            .error(SIDECAR, Some(2), "unknown field"),
        case(f, "sidecar: bad YAML")
            .file(RAW, story("Harbour plan agreed"))
            .file(SIDECAR, "source: W\ntopics: [world\n")
            .error(SIDECAR, Some(2), "front matter"),
        case(f, "sidecar: alone").file(SIDECAR, "source: W\n").error(SIDECAR, None, "no raw article"),
        case(f, "sidecar: billion laughs")
            .file(RAW, story("Harbour plan agreed"))
            .file(SIDECAR, laughs("topics"))
            .error(SIDECAR, Some(2), "topics"),
    ];
    for (field, value) in [
        ("published", "yesterday"),
        ("published", "-262143-01-01"),
        ("published", "+262142-12-31"),
        ("published", "+262142-12-31 23:30"),
        ("published", "0999-12-31"),
        ("published", "2024-02-30"),
        ("retrieved", "2024-13-01"),
        ("retrieved", "2024-11-25T25:00:00Z"),
        ("published", "2024-11-25T10:00:00+25:00"),
        ("retrieved", "10000-01-01"),
    ] {
        cases.push(case(f, format!("{field}: {value}")).file(ARTICLE, md(&format!("{field}: \"{value}\""))).error(
            ARTICLE,
            Some(4),
            field,
        ));
    }
    cases.extend([
        // YAML tags and a closing `---` or `...` are YAML as usual: the
        // case asserts only no panic and nothing that runs.
        case(f, "binary tag on a summary").file(ARTICLE, md("summary: !!binary aGVsbG8=")),
        case(f, "a merge key").file(ARTICLE, md("figures:\n  - &f {alt: a}\n  - <<: *f\n    caption: c")).error(
            ARTICLE,
            Some(6),
            "figures",
        ),
        case(f, "a complex key").file(ARTICLE, md("? [a, b]\n: c")).error(ARTICLE, Some(4), "front matter"),
        case(f, "after_paragraph huge").file(ARTICLE, md("figures:\n  - alt: a\n    after_paragraph: 1e100")).error(
            ARTICLE,
            Some(6),
            "after_paragraph",
        ),
        case(f, "topic weight too big")
            .file("content/topics/t.md", md_with("title: T\nweight: 99999999999999999999", "Intro."))
            .error("content/topics/t.md", Some(3), "weight"),
        case(f, "a sidecar body")
            .file(RAW, story("Harbour plan agreed"))
            .file(SIDECAR, "source: W\nbody: text\n")
            .error(SIDECAR, Some(2), "unknown field `body`"),
        case(f, "duplicate key inside a figure").file(ARTICLE, md("figures:\n  - alt: a\n    alt: b")).error(
            ARTICLE,
            Some(6),
            "alt",
        ),
        case(f, "figure src with a leading space")
            .file(ARTICLE, md("figures:\n  - src: \" javascript:alert(1)\""))
            .error(ARTICLE, Some(5), "src"),
        case(f, "figure src upper-case script").file(ARTICLE, md("figures:\n  - src: \"JAVASCRIPT:alert(1)\"")).error(
            ARTICLE,
            Some(5),
            "src",
        ),
        case(f, "figure src with a tab").file(ARTICLE, md("figures:\n  - src: \"java\\tscript:alert(1)\"")).error(
            ARTICLE,
            Some(5),
            "src",
        ),
        case(f, "a second closing line").file(ARTICLE, md("---\ntitle: U")).page(X_PAGE, "title: U"),
        case(f, "three dots").file(ARTICLE, md("...\nsummary: s")),
        case(f, "a title 1 MB long")
            .file(ARTICLE, md_with(&format!("title: \"{}\"\nsource: W", "T".repeat(1 << 20)), BODY))
            .page(X_PAGE, "TTTT"),
        case(f, "topics as a scalar").file(ARTICLE, md("topics: world")).page(X_PAGE, "A body paragraph"),
        case(f, "authors as a scalar").file(ARTICLE, md("authors: \"<b>Jane</b>\"")).page(X_PAGE, "<b>Jane</b>"),
    ]);
    run(cases);
}

/// A YAML double-quoted string of `s`, whatever it holds.
fn quoted(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Aliases that double at every level, under `field` from line 2.
fn laughs(field: &str) -> String {
    let mut out = format!("{field}:\n  - &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    let mut prev = 'a';
    for n in 'b'..='j' {
        out.push_str(&format!("  - &{n} [{}]\n", vec![format!("*{prev}"); 9].join(", ")));
        prev = n;
    }
    out
}

// ----------------------------------------------------------------------
// References

#[test]
fn references() {
    let f = "references";
    let note = |about: &str| md_with(&format!("title: N\ndate: 2024-11-27\nabout: {about}"), "A note.");
    let mut cases = vec![
        case(f, "unknown topic").file(ARTICLE, md("topics: [wrold]")).error(ARTICLE, Some(4), "did you mean \"world\""),
        case(f, "unknown topic among good ones").file(ARTICLE, md("topics:\n  - world\n  - nowhere")).error(
            ARTICLE,
            Some(6),
            "unknown topic \"nowhere\"",
        ),
        case(f, "topic slug with a path").file(ARTICLE, md("topics: [../world]")).error(ARTICLE, Some(4), "topic"),
        case(f, "note about a missing article").file("content/notes/n.md", note("[articles/nope]")).error(
            "content/notes/n.md",
            Some(4),
            "nope",
        ),
        case(f, "note about a missing topic").file("content/notes/n.md", note("[topics/nope]")).error(
            "content/notes/n.md",
            Some(4),
            "nope",
        ),
        case(f, "note about a missing edition").file("content/notes/n.md", note("[editions/2024-W12]")).error(
            "content/notes/n.md",
            Some(4),
            "2024-W12",
        ),
        case(f, "note about a bad edition id").file("content/notes/n.md", note("[editions/2024-W99]")).error(
            "content/notes/n.md",
            Some(4),
            "2024-W99",
        ),
        case(f, "note about an unknown kind").file("content/notes/n.md", note("[people/jane]")).error(
            "content/notes/n.md",
            Some(4),
            "people/jane",
        ),
        case(f, "note about nothing named").file("content/notes/n.md", note("[\"\"]")).error(
            "content/notes/n.md",
            Some(4),
            "about",
        ),
        case(f, "note about a path outside").file("content/notes/n.md", note("[articles/../../site]")).error(
            "content/notes/n.md",
            Some(4),
            "../../site",
        ),
        case(f, "note about a draft")
            .file("content/articles/d.md", md("draft: true"))
            .file("content/notes/n.md", note("[articles/d]"))
            .page("articles/good/index.html", "A good story"),
        case(f, "note about a scheduled article")
            .file("content/articles/s.md", md("published: 2030-01-01"))
            .file("content/notes/n.md", note("[articles/s]"))
            .page("articles/good/index.html", "A good story"),
        case(f, "link to a missing article")
            .file(ARTICLE, md_with("title: T\nsource: W", "Para one.\n\nSee [this](@/articles/nope.md)."))
            .checked()
            .error(ARTICLE, Some(7), "nope"),
        case(f, "link to a missing topic from a topic")
            .file("content/topics/t.md", md_with("title: T", "Intro, see [that](@/topics/nope.md)."))
            .checked()
            .error("content/topics/t.md", Some(4), "nope"),
        case(f, "link to a missing note from a note")
            .file(
                "content/notes/n.md",
                md_with("title: N\ndate: 2024-11-27\nabout: [articles/good]", "\n[x](@/notes/nope.md)"),
            )
            .checked()
            .error("content/notes/n.md", Some(7), "nope"),
        case(f, "reference outside content")
            .file(ARTICLE, md_with("title: T\nsource: W", "Text [x](@/../site.toml)."))
            .checked()
            .error(ARTICLE, Some(5), "names no kind of page"),
        case(f, "reference to a folder")
            .file(ARTICLE, md_with("title: T\nsource: W", "Text [x](@/articles/)."))
            .checked()
            .error(ARTICLE, Some(5), "is broken"),
        case(f, "edition file with a bad name").file("content/editions/hello.md", md_with("title: E", "Intro.")).error(
            "content/editions/hello.md",
            None,
            "hello",
        ),
        case(f, "edition file for week 60").file("content/editions/2024-W60.md", md_with("title: E", "Intro.")).error(
            "content/editions/2024-W60.md",
            None,
            "2024-W60",
        ),
        case(f, "two topics, one slug").file("content/topics/World.md", md_with("title: W2", "Intro.")).error(
            "content/topics/world.md",
            None,
            "World.md",
        ),
        case(f, "a good reference works")
            .file(ARTICLE, md_with("title: T\nsource: W", "See [the good one](@/articles/good.md#top)."))
            .page(X_PAGE, "the good one"),
    ];
    let many = |prefix: &str, same: bool| -> String {
        (0..20_000).map(|i| if same { format!("  - {prefix}\n") } else { format!("  - {prefix}{i}\n") }).collect()
    };
    cases.extend([
        case(f, "20,000 unknown topics").file(ARTICLE, md(&format!("topics:\n{}", many("nope", false)))).error(
            ARTICLE,
            Some(4),
            "19980 more entries of `topics`",
        ),
        case(f, "20,000 unknown articles in a note")
            .file("content/notes/n.md", note(&format!("\n{}", many("articles/nope", false))))
            .error("content/notes/n.md", Some(5), "unknown article \"nope0\""),
        case(f, "one article 20,000 times in a note")
            .file("content/notes/n.md", note(&format!("\n{}", many("articles/good", true))))
            .page("articles/good/index.html", "A note."),
        case(f, "20,000 editions in a note")
            .file("content/notes/n.md", note(&format!("\n{}", many("editions/2024-W", false))))
            .error("content/notes/n.md", Some(5), "2024-W0"),
    ]);
    cases.push(
        case(f, "many notes, one bad")
            .file("content/notes/a.md", note("[articles/good]"))
            .file("content/notes/b.md", note("[articles/good, topics/world, articles/gone]"))
            .error("content/notes/b.md", Some(4), "gone"),
    );
    run(cases);
}

// ----------------------------------------------------------------------
// site.toml

#[test]
fn site_toml() {
    let f = "site.toml";
    let at = |extra: &str| toml(extra);
    let mut cases =
        vec![
            case(f, "theme not found").file("site.toml", at("theme = \"nonexistent\"")).error(
                "site.toml",
                Some(5),
                "theme \"nonexistent\" not found",
            ),
            case(f, "theme outside themes/").file("site.toml", at("theme = \"../../x\"")).error(
                "site.toml",
                Some(5),
                "plain folder name",
            ),
            case(f, "theme empty").file("site.toml", at("theme = \"\"")).error("site.toml", Some(5), "theme"),
            case(f, "theme hidden").file("site.toml", at("theme = \".git\"")).error("site.toml", Some(5), "theme"),
            // An empty theme folder changes nothing: every template is the default's.
            case(f, "theme without templates")
                .file("site.toml", at("theme = \"mine\""))
                .folder("themes/mine")
                .file(ARTICLE, md_with("title: T\nsource: W", BODY))
                .page(X_PAGE, "T"),
            case(f, "base_url ftp")
                .file("site.toml", toml("").replace("https://user.github.io/repo/", "ftp://x"))
                .error("site.toml", Some(3), "base_url"),
            case(f, "base_url script")
                .file("site.toml", toml("").replace("https://user.github.io/repo/", "javascript:alert(1)"))
                .error("site.toml", Some(3), "base_url"),
            case(f, "base_url with a quote")
                .file("site.toml", toml("").replace("https://user.github.io/repo/", "https://x.org/\\\"><script>"))
                .error("site.toml", Some(3), "base_url"),
            case(f, "base_url missing")
                .file("site.toml", toml("").replace("base_url = \"https://user.github.io/repo/\"\n", ""))
                .error("site.toml", Some(1), "base_url"),
            case(f, "title empty").file("site.toml", toml("").replace("Corpus Digest", " ")).error(
                "site.toml",
                Some(1),
                "title is empty",
            ),
            case(f, "timezone unknown").file("site.toml", toml("").replace("Europe/London", "Mars/Base")).error(
                "site.toml",
                Some(4),
                "Mars/Base",
            ),
            case(f, "language with markup").file("site.toml", at("language = \"en\\\"><script>\"")).error(
                "site.toml",
                Some(5),
                "language",
            ),
            case(f, "cname with scheme").file("site.toml", at("cname = \"https://news.example.org\"")).error(
                "site.toml",
                Some(5),
                "cname",
            ),
            case(f, "cname with path").file("site.toml", at("cname = \"news.example.org/x\"")).error(
                "site.toml",
                Some(5),
                "cname",
            ),
            case(f, "period year").file("site.toml", toml("").replace("\"week\"", "\"year\"")).error(
                "site.toml",
                Some(8),
                "`year`",
            ),
            case(f, "per_page zero").file("site.toml", format!("{}per_page = 0\n", toml(""))).error(
                "site.toml",
                Some(9),
                "per_page",
            ),
            case(f, "related negative").file("site.toml", format!("{}related = -1\n", toml(""))).error(
                "site.toml",
                Some(9),
                "-1",
            ),
            case(f, "feeds limit zero").file("site.toml", format!("{}\n[feeds]\nlimit = 0\n", toml(""))).error(
                "site.toml",
                Some(11),
                "limit",
            ),
            case(f, "trust_html a string").file("site.toml", at("trust_html = \"yes\"")).error(
                "site.toml",
                Some(5),
                "boolean",
            ),
            case(f, "unknown key").file("site.toml", at("colour = \"red\"")).error("site.toml", Some(5), "colour"),
            case(f, "duplicate key").file("site.toml", at("title = \"Again\"")).error(
                "site.toml",
                Some(5),
                "duplicate key",
            ),
            case(f, "unclosed string").file("site.toml", at("notice = \"never closed")).error(
                "site.toml",
                Some(5),
                "string",
            ),
            case(f, "not UTF-8").file("site.toml", [toml("").as_bytes(), b"notice = \"\xff\"\n"].concat()).error(
                "site.toml",
                Some(9),
                "not valid UTF-8",
            ),
            case(f, "a named pipe").fifo("site.toml").error("site.toml", None, "named pipe"),
            case(f, "a folder").remove("site.toml").folder("site.toml").error("site.toml", None, "site.toml"),
            case(f, "missing").remove("site.toml").error("site.toml", None, "no site.toml"),
            case(f, "a foreign output folder is kept")
                .file("site.toml", at("output_dir = \"mine\""))
                .file("mine/precious.txt", "mine")
                .error("site.toml", Some(5), "was not made by Broadsheet"),
            case(f, "output_dir is a file")
                .file("site.toml", at("output_dir = \"notes.txt\""))
                .file("notes.txt", "mine")
                .error("site.toml", Some(5), "not a folder"),
        ];
    for dir in ["", ".", "..", "/", "content", "content/articles", "themes", "templates/out", "static", "./content/.."]
    {
        cases.push(
            case(f, format!("output_dir = {dir:?}")).file("site.toml", at(&format!("output_dir = \"{dir}\""))).error(
                "site.toml",
                Some(5),
                "would replace the site's own files",
            ),
        );
    }
    run(cases);
}

// ----------------------------------------------------------------------
// Templates

#[test]
fn templates() {
    let f = "templates";
    let t = "templates/article.html";
    let extends =
        |body: &str| format!("{{% extends \"base.html\" %}}\n{{% block content %}}\n{body}\n{{% endblock %}}\n");
    let mut cases = vec![
        case(f, "undefined variable").file(t, extends("<p>\n{{ article.nope.x }}</p>")).error(
            t,
            Some(4),
            "article.nope.x",
        ),
        case(f, "undefined variable in a base").file("templates/base.html", "<html>\n<body>\n{{ page.zzz }}\n").error(
            "templates/base.html",
            Some(3),
            "page.zzz",
        ),
        case(f, "unknown filter").file(t, extends("{{ page.title | shout }}")).error(t, Some(3), "shout"),
        // Tera takes a failing condition as false: no error, and no crash.
        case(f, "unknown filter in a condition")
            .file(t, extends("{% if page.title | shout %}x{% endif %}"))
            .page("articles/good/index.html", "A good story"),
        case(f, "unknown function").file(t, extends("\n{{ now_please() }}")).error(t, Some(4), "now_please"),
        case(f, "unknown macro namespace").file(t, extends("{{ m::card() }}")).error(t, Some(3), "m"),
        case(f, "math on text").file(t, extends("\n\n{{ page.title + 1 }}")).error(t, Some(5), "page.title"),
        case(f, "parse error").file(t, "x\n{% if %}\n").error(t, Some(2), "Failed to parse"),
        case(f, "unclosed tag").file(t, "x\n\n{{ page.title\n").error(t, Some(3), "Failed to parse"),
        case(f, "unclosed block").file(t, "{% if page.title %}\nx\n").error(t, Some(3), "Failed to parse"),
        case(f, "includes itself").file(t, "x\n{% include \"article.html\" %}").error(t, Some(2), "include each other"),
        case(f, "extends itself").file(t, "{% extends \"article.html\" %}").error(t, Some(1), "include each other"),
        case(f, "include cycle")
            .file("templates/a.html", "\n{% include \"b.html\" %}")
            .file("templates/b.html", "{% include \"a.html\" %}")
            .error("templates/a.html", Some(2), "a.html → b.html → a.html"),
        case(f, "circular extends")
            .file("templates/a.html", "{% extends \"b.html\" %}")
            .file("templates/b.html", "{% extends \"a.html\" %}")
            .error("templates/a.html", Some(1), "include each other"),
        case(f, "extends a missing parent").file("templates/a.html", "{% extends \"gone.html\" %}").error(
            "templates/a.html",
            Some(1),
            "no such template",
        ),
        case(f, "include a missing template").file(t, extends("\n{% include \"gone.html\" %}")).error(
            t,
            Some(4),
            "no such template",
        ),
        case(f, "include outside the theme").file(t, "\n{% include \"../../../../etc/passwd\" %}").error(
            t,
            Some(2),
            "outside the theme",
        ),
        case(f, "include an absolute path").file(t, "{% include \"/etc/passwd\" %}").error(
            t,
            Some(1),
            "outside the theme",
        ),
        case(f, "include site.toml").file(t, "{% include \"../site.toml\" %}").error(t, Some(1), "outside the theme"),
        case(f, "recursive macro")
            .file("templates/m.html", "{% macro f(n) %}\n{{ self::f(n=n) }}{% endmacro %}")
            .error("templates/m.html", Some(2), "macros call each other"),
        case(f, "20,000 nested parentheses")
            .file(t, format!("x\n{{{{ {}1{} }}}}", "(".repeat(20_000), ")".repeat(20_000)))
            .error(t, Some(2), "nested too deeply"),
        case(f, "5,000 nested ifs")
            .file(t, format!("x\n{}x{}", "{% if a %}".repeat(5_000), "{% endif %}".repeat(5_000)))
            .error(t, Some(2), "nested too deeply"),
        case(f, "not UTF-8").file(t, b"<p>\n\n\xff\xfe</p>\n".to_vec()).error(t, Some(3), "not valid UTF-8"),
        case(f, "a theme template that does not parse")
            .file("site.toml", toml("theme = \"mine\""))
            .file("themes/mine/templates/base.html", "{% block %}\n")
            .error("themes/mine/templates/base.html", Some(1), "Failed to parse"),
        // A theme holds only what it changes: the rest is the default's.
        case(f, "a theme with only a base template")
            .file("site.toml", toml("theme = \"mine\""))
            .file("themes/mine/templates/base.html", "only the base")
            .file(ARTICLE, md_with("title: T\nsource: W", BODY))
            .page(X_PAGE, "only the base"),
        case(f, "an override that shows the title safely")
            .file(t, extends("<h1>{{ article.title }}</h1>"))
            .file(ARTICLE, md_with("title: \"<script>alert(1)</script>\"\nsource: W", BODY))
            .page(X_PAGE, "<script>alert(1)</script>"),
    ];
    cases.push(case(f, "a template in a folder of its own").folder("templates/sub.html").page("index.html", "Corpus"));
    cases.extend([
        case(f, "an error inside a macro")
            .file("templates/m.html", "{% macro card(x) %}\n<p>{{ x.nope }}</p>\n{% endmacro %}")
            .file(t, "{% extends \"base.html\" %}\n{% import \"m.html\" as m %}\n{% block content %}\n{{ m::card(x=page) }}\n{% endblock %}")
            .error("templates/m.html", Some(2), "x.nope"),
        case(f, "an error inside an included partial")
            .file("templates/partials/p.html", "<p>\n\n{{ gone.value }}</p>")
            .file(t, extends("{% include \"partials/p.html\" %}"))
            .error("templates/partials/p.html", Some(3), "gone.value"),
        case(f, "a missing macro")
            .file("templates/m.html", "{% macro card() %}x{% endmacro %}")
            .file(t, "{% extends \"base.html\" %}\n{% import \"m.html\" as m %}\n{% block content %}\n{{ m::gone() }}\n{% endblock %}")
            .error(t, Some(4), "m::gone"),
        case(f, "an import of a missing file").file(t, "x\n{% import \"gone.html\" as m %}").error(
            t,
            Some(2),
            "gone.html",
        ),
        case(f, "a loop over a string")
            .file(t, extends("{% for x in page.title %}{{ x }}{% endfor %}"))
            .page("articles/good/index.html", "A good"),
        case(f, "an unknown test").file(t, extends("\n{% if page.title is shouting %}x{% endif %}")).error(
            t,
            Some(4),
            "shouting",
        ),
        case(f, "a block defined twice")
            .file(
                t,
                "{% extends \"base.html\" %}\n{% block content %}{% endblock %}\n{% block content %}{% endblock %}",
            )
            .error(t, None, "content"),
        case(f, "a range of a billion")
            .file(t, extends("\n{% for i in range(end=1000000000) %}{{ i }}{% endfor %}"))
            .error(t, Some(4), "at most 100000"),
        case(f, "a range as usual")
            .file(t, extends("<p>{% for i in range(start=1, end=8, step_by=3) %}[{{ i }}]{% endfor %}</p>"))
            .page("articles/good/index.html", "[1][4][7]"),
        case(f, "a template with a NUL").file(t, extends("a\0b")).page("articles/good/index.html", "A good story"),
    ]);
    run(cases);
}

// ----------------------------------------------------------------------
// Hostile content: shown as text, never run

#[test]
fn hostile_content() {
    let f = "hostile content";
    let titled = |title: &str| md_with(&format!("title: {}\nsource: W", quoted(title)), BODY);
    let body = |body: &str| md_with("title: T\nsource: W", &format!("{BODY}\n\n{body}"));
    let mut cases = Vec::new();
    for title in [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(2)>",
        "Summit <!-- begins --> </script><script>alert(3)</script>",
        "\"><svg onload=alert(4)>",
        "]]><script>alert(5)</script>",
        "line\u{2028}separator\u{2029}and \u{202e}override",
        "{{ site.title }} {% raw %}",
        "&lt;script&gt;alert(6)&lt;/script&gt;",
    ] {
        cases.push(case(f, format!("title {title:?}")).file(ARTICLE, titled(title)).page(X_PAGE, title));
    }
    for (field, value) in [
        ("source", "<b onmouseover=alert(7)>Wire</b>"),
        ("summary", "</script><script>alert(8)</script>"),
        ("authors", "[\"<img src=x onerror=alert(9)>\"]"),
        ("source_url", "\"https://x.org/\\\"onmouseover=\\\"alert(10)\""),
    ] {
        let value = if value.starts_with(['[', '"']) { value.to_string() } else { format!("{value:?}") };
        let shows = match field {
            "source" => "<b onmouseover=alert(7)>Wire</b>",
            "summary" => "</script><script>alert(8)</script>",
            "authors" => "<img src=x onerror=alert(9)>",
            _ => "T",
        };
        cases.push(
            case(f, format!("{field} {value}"))
                .file(
                    ARTICLE,
                    md_with(&format!("title: T\nsource: W\nretrieved: 2024-11-26\n{field}: {value}"), BODY)
                        .replace("source: W\nretrieved: 2024-11-26\nsource:", "retrieved: 2024-11-26\nsource:"),
                )
                .page(if field == "summary" { "index.html" } else { X_PAGE }, shows),
        );
    }
    for (what, value) in [
        ("caption", "<script>alert(11)</script>"),
        ("alt", "\" onerror=\"alert(12)"),
        ("credit", "<a href=javascript:alert(13)>AP</a>"),
    ] {
        cases.push(
            case(f, format!("figure {what}"))
                .file(ARTICLE, md(&format!("figures:\n  - src: \"https://x.org/a.jpg\"\n    {what}: {value:?}")))
                .page(X_PAGE, "T"),
        );
    }
    for markdown in [
        "<script>alert(14)</script>",
        "<img src=x onerror=alert(15)>",
        "<a href=\"javascript:alert(16)\">x</a>",
        "[x](javascript:alert(17))",
        "[x](JaVaScRiPt:alert(18))",
        "[x](java&#x09;script:alert(19))",
        "[x]( javascript:alert(20) )",
        "[x](vbscript:msgbox(21))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgyMik8L3NjcmlwdD4=)",
        "<javascript:alert(23)>",
        "![x](javascript:alert(24))",
        "![x\"onerror=\"alert(25)](https://x.org/a.png)",
        "### Three {#three autofocus onfocus=alert(26) tabindex=1}",
        "### Four {.x onclick=alert(27)}",
        "<iframe src=\"https://evil.example/\"></iframe>",
        "<object data=\"x.swf\"></object><embed src=\"x.swf\">",
        "<svg><script>alert(28)</script></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(29)>",
        "<form action=\"javascript:alert(30)\"><button formaction=\"javascript:alert(31)\">go</button></form>",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(32)\">",
        "<base href=\"https://evil.example/\">",
        "<style>body{background:url(javascript:alert(33))}</style>",
        "<div style=\"background:url(javascript:alert(34))\">x</div>",
        "[x][r]\n\n[r]: javascript:alert(35)",
        "<details open ontoggle=alert(36)>x</details>",
        "`<script>alert(37)</script>`",
        "```html\n<script>alert(38)</script>\n```",
        "| a |\n|---|\n| <img src=x onerror=alert(39)> |",
        "Footnote[^1]\n\n[^1]: <script>alert(40)</script>",
    ] {
        cases
            .push(case(f, format!("body {markdown:?}")).file(ARTICLE, body(markdown)).page(X_PAGE, "A body paragraph"));
    }
    cases.extend([
        case(f, "100,000 nested divs").file(ARTICLE, body(&"<div>".repeat(100_000))).page(X_PAGE, "A body paragraph"),
        case(f, "20,000 nested quotes and a raw tag")
            .file(ARTICLE, body(&format!("{} <b onclick=alert(53)>bold</b>", ">".repeat(20_000))))
            .page(X_PAGE, "A body paragraph"),
        case(f, "20,000 headings of one title").file(ARTICLE, body(&"## A\n\n".repeat(20_000))).page(X_PAGE, "A body"),
        case(f, "50,000 open spans").file(ARTICLE, body(&"<span>".repeat(50_000))).page(X_PAGE, "A body paragraph"),
        case(f, "a note nested deep")
            .file(
                "content/notes/n.md",
                md_with("title: N\ndate: 2024-11-27\nabout: [articles/good]", &"<div><i>".repeat(30_000)),
            )
            .page("articles/good/index.html", "A good story"),
    ]);
    cases.extend([
        case(f, "note body")
            .file(
                "content/notes/n.md",
                md_with(
                    "title: N\ndate: 2024-11-27\nabout: [articles/good]",
                    "<script>alert(41)</script> [x](javascript:alert(42))",
                ),
            )
            .page("articles/good/index.html", "A good story"),
        case(f, "topic intro and title")
            .file(
                "content/topics/t.md",
                md_with(
                    "title: \"<script>alert(43)</script>\"\ndescription: \"\\\"><img src=x onerror=alert(44)>\"",
                    "### I {#i onfocus=alert(45) autofocus}",
                ),
            )
            .file(ARTICLE, md("topics: [t]"))
            .page("topics/t/index.html", "<script>alert(43)</script>"),
        case(f, "edition intro")
            .file(
                "content/editions/2024-W48.md",
                md_with("title: \"<img src=x onerror=alert(46)>\"", "<script>alert(47)</script>"),
            )
            .page("editions/2024-w48/index.html", "<img src=x onerror=alert(46)>"),
        case(f, "site title and notice")
            .file(
                "site.toml",
                toml("notice = \"<script>alert(48)</script>\"")
                    .replace("Corpus Digest", "</title><script>alert(49)</script>"),
            )
            .page("index.html", "</title><script>alert(49)</script>"),
        case(f, "raw article with markup")
            .file(
                RAW,
                story("<script>alert(50)</script> headline")
                    + "\n<img src=x onerror=alert(51)> said the mayor of the town on Monday evening.\n",
            )
            .file(SIDECAR, "source: W\ntitle: Harbour\n")
            .page(R_PAGE, "new harbour wall"),
        case(f, "sidecar title with markup")
            .file(RAW, story("Harbour plan agreed"))
            .file(SIDECAR, "source: W\ntitle: \"<svg onload=alert(52)>\"\n")
            .page(R_PAGE, "<svg onload=alert(52)>"),
    ]);
    run(cases);
}

// ----------------------------------------------------------------------
// Raw text

#[test]
fn raw_text() {
    let f = "raw text";
    let sidecar = "source: W\ntitle: T\nretrieved: 2024-11-26\n";
    let no_story = "no story text";
    let mut cases = vec![
        case(f, "empty file with a sidecar").file(RAW, "").file(SIDECAR, sidecar).error(RAW, None, no_story),
        case(f, "only blank lines").file(RAW, "\n\n \n\t\n").file(SIDECAR, sidecar).error(RAW, None, no_story),
        case(f, "only CRs").file(RAW, "\r\r\r\n\r\n").file(SIDECAR, sidecar).error(RAW, None, no_story),
        case(f, "control characters")
            .file(RAW, "\u{1}\u{2}\u{3}\n\u{7}\u{8}\n")
            .file(SIDECAR, sidecar)
            .error(RAW, None, no_story),
        case(f, "NUL bytes").file(RAW, "\0\0\0\0\n\0\0\n").file(SIDECAR, sidecar).error(RAW, None, no_story),
        case(f, "NUL bytes inside text")
            .file(RAW, story("Harbour\0plan").replace(' ', "\0"))
            .file(SIDECAR, sidecar)
            .error(RAW, None, no_story),
        case(f, "one line repeated")
            .file(RAW, "The same line about the harbour is repeated here once again.\n".repeat(50))
            .file(SIDECAR, sidecar)
            .error(RAW, None, no_story),
        case(f, "one paragraph repeated")
            .file(RAW, "The same line about the harbour is repeated here once again, said officials.\n\n".repeat(200))
            .file(SIDECAR, sidecar)
            .error(RAW, None, no_story),
        case(f, "only a headline")
            .file(RAW, "Ministers meet on harbour plan\n")
            .file(SIDECAR, "source: W\n")
            .error(RAW, None, no_story),
        case(f, "all boilerplate")
            .file(
                RAW,
                "Home | World | Business | Sport\n\nHome\nWorld\nBusiness\nSport\nSubscribe to our newsletter\n\
                 Share this article\nCookies policy\nEnable JavaScript\n",
            )
            .file(SIDECAR, "source: W\n")
            .error(RAW, None, no_story),
        case(f, "calls to action only")
            .file(
                RAW,
                "Breaking news\n\nSign up for our newsletter to get the latest stories.\n\nPlease disable your ad \
                 blocker to continue reading.\n\nShare on Facebook\nShare on X\n",
            )
            .file(SIDECAR, "source: W\n")
            .error(RAW, None, no_story),
        case(f, "binary data")
            .file(RAW, (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect::<Vec<u8>>())
            .file(SIDECAR, sidecar)
            .error(RAW, Some(1), "not valid UTF-8"),
        case(f, "Latin-1 text")
            .file(RAW, [story("Harbour plan").as_bytes(), b"Caf\xe9 owners were pleased.\n"].concat())
            .file(SIDECAR, sidecar)
            .error(RAW, Some(6), "not valid UTF-8"),
        case(f, "a story with a BOM")
            .file(RAW, format!("\u{feff}{}", story("Harbour plan agreed")))
            .file(SIDECAR, "source: W\n")
            .page(R_PAGE, "Harbour plan agreed"),
        case(f, "a story with CRLF lines")
            .file(RAW, story("Harbour plan agreed").replace('\n', "\r\n"))
            .file(SIDECAR, "source: W\n")
            .page(R_PAGE, "new harbour wall"),
        case(f, "a story with lone CRs")
            .file(RAW, story("Harbour plan agreed").replace('\n', "\r"))
            .file(SIDECAR, "source: W\n"),
        case(f, "a story with LS and PS")
            .file(RAW, story("Harbour plan agreed").replace("\n\n", "\u{2029}\u{2028}"))
            .file(SIDECAR, "source: W\n"),
        case(f, "a story with bidi overrides")
            .file(RAW, story("Harbour \u{202e}plan\u{202c} agreed"))
            .file(SIDECAR, "source: W\n")
            .page(R_PAGE, "new harbour wall"),
        case(f, "a story with zero-width characters")
            .file(RAW, story("Harbour\u{200b} plan\u{200d} agreed").replace(' ', " \u{200b}"))
            .file(SIDECAR, "source: W\n"),
        case(f, "a 1 MB line")
            .file(RAW, format!("{}\n\n{}", story("Harbour plan agreed"), "word ".repeat(200_000)))
            .file(SIDECAR, "source: W\n"),
        case(f, "a 1 MB word").file(RAW, "x".repeat(1 << 20)).file(SIDECAR, sidecar).error(RAW, None, no_story),
        case(f, "100,000 short lines")
            .file(RAW, (0..100_000).map(|i| format!("Line {i}.\n")).collect::<String>())
            .file(SIDECAR, sidecar),
        case(f, "a long story of 3,000 paragraphs")
            .file(RAW, long_story())
            .file(SIDECAR, "source: W\n")
            .page(R_PAGE, "Paragraph 2999 of the long report"),
        case(f, "a file past the size limit")
            .file(
                RAW,
                "A line of a story that goes on and on.\n"
                    .repeat((broadsheet::error::MAX_FILE_BYTES / 39 + 10) as usize),
            )
            .file(SIDECAR, sidecar)
            .error(RAW, None, "reads files up to 16 MiB"),
        case(f, "a named pipe").fifo(RAW).file(SIDECAR, sidecar).warning(RAW, "named pipe"),
        case(f, "a story with no source").file(RAW, story("Harbour plan agreed")).error(RAW, Some(1), "`source`"),
        case(f, "sidecar title with an empty story").file(RAW, "\n").file(SIDECAR, sidecar).error(RAW, None, no_story),
        case(f, "only a photo caption")
            .file(RAW, "Harbour plan agreed\n\n[File: Jo Doe/AP Photo]\n\nCredit: A B/Getty Images\n")
            .file(SIDECAR, "source: W\n")
            .error(RAW, None, no_story),
        case(f, "a markdown article with an empty body beside raw ones")
            .file("content/articles/e.md", md_with("title: T\nsource: W", ""))
            .error("content/articles/e.md", Some(5), "no body"),
    ];
    cases.extend([
        case(f, "an empty sidecar").file(RAW, story("Harbour plan agreed")).file(SIDECAR, "").error(
            SIDECAR,
            Some(1),
            "`source`",
        ),
        case(f, "a sidecar title left empty")
            .file(RAW, "\n\nThe council agreed on Monday to share the cost of a new harbour wall, officials said.\n")
            .file(SIDECAR, "source: W\ntitle: \"\"\n")
            .error(SIDECAR, Some(2), "`title` is empty"),
        case(f, "a draft sidecar over an empty story").file(RAW, "").file(SIDECAR, "source: W\ndraft: true\n"),
        case(f, "a sidecar that is a list").file(RAW, story("Harbour plan agreed")).file(SIDECAR, "- a\n- b\n").error(
            SIDECAR,
            Some(1),
            "front matter",
        ),
        case(f, "a sidecar not UTF-8")
            .file(RAW, story("Harbour plan agreed"))
            .file(SIDECAR, b"source: \"Caf\xe9\"\n".to_vec())
            .error(SIDECAR, Some(1), "not valid UTF-8"),
        case(f, "a story of one long paragraph")
            .file(RAW, format!("Harbour plan agreed\n\n{}\n", "The council agreed to share the cost. ".repeat(2_000)))
            .file(SIDECAR, "source: W\n")
            .page(R_PAGE, "The council agreed to share the cost."),
    ]);
    cases.push(
        case(f, "many empty raw files at once")
            .file("content/articles/a.txt", "")
            .file("content/articles/a.meta.yaml", sidecar)
            .file("content/articles/b.txt", "\0")
            .file("content/articles/b.meta.yaml", sidecar)
            .error("content/articles/b.txt", None, no_story),
    );
    run(cases);
}

/// A story of 3,000 paragraphs.
fn long_story() -> String {
    let paragraphs: String = (0..3_000)
        .map(|i| format!("Paragraph {i} of the long report on the harbour tells what the council decided and why.\n\n"))
        .collect();
    story("Harbour plan agreed") + &paragraphs
}

// ----------------------------------------------------------------------
// Atomicity: a failed build leaves the previous output as it was

#[test]
fn atomicity() {
    let f = "atomicity";
    let cases = vec![
        case(f, "bad front matter").file(ARTICLE, md("colour: red")),
        case(f, "a template error on one page").file("templates/article.html", "{{ nope }}"),
        case(f, "a template that does not parse").file("templates/index.html", "{% if %}"),
        case(f, "an include cycle").file("templates/index.html", "{% include \"index.html\" %}"),
        case(f, "a static file over a page").file("static/index.html", "<p>mine</p>"),
        case(f, "a static file over the feed").file("static/feed.xml", "<feed/>"),
        case(f, "an unknown topic").file(ARTICLE, md("topics: [nope]")),
        case(f, "an empty raw article").file(RAW, "").file(SIDECAR, "source: W\n"),
        case(f, "a bad site.toml").file("site.toml", toml("colour = 1")),
        case(f, "a missing theme").file("site.toml", toml("theme = \"gone\"")),
        case(f, "output moved onto content").file("site.toml", toml("output_dir = \"content\"")),
        case(f, "a bad date").file(ARTICLE, md("published: 2024-02-30")),
        case(f, "a note about nothing")
            .file("content/notes/n.md", md_with("title: N\ndate: 2024-11-27\nabout: [articles/gone]", "x")),
        case(f, "a file that is not UTF-8").file(ARTICLE, b"---\ntitle: \xff\n---\n".to_vec()),
        case(f, "a file past the size limit").file(ARTICLE, format!("{}{}", md(""), "x".repeat(17 << 20))),
        case(f, "a slug too long").file(&format!("content/articles/{}.md", "ж".repeat(120)), md("")),
    ];
    run(cases.into_iter().map(|c| c.over_good_output()).collect());
}

/// Nothing is written outside the output folder, whatever names say.
#[test]
fn nothing_is_written_outside_the_output() {
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("site");
    common::copy_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus"), &root);
    for name in ["..%2F..%2Fescape", "..\\..\\escape", "con.txt", ".hidden", "%2e%2e"] {
        fs::write(root.join("content/articles").join(format!("{name}.md")), md("")).unwrap();
    }
    #[cfg(unix)]
    {
        fs::create_dir_all(root.join("static")).unwrap();
        std::os::unix::fs::symlink("/etc/passwd", root.join("static/passwd")).unwrap();
        std::os::unix::fs::symlink("/etc", root.join("content/articles/etc")).unwrap();
    }
    let before = walk(outer.path());
    let _ = build_in_time(&root).unwrap();
    let new: Vec<_> =
        walk(outer.path()).into_iter().filter(|p| !before.contains(p) && !p.starts_with(root.join("public"))).collect();
    assert!(new.is_empty(), "written outside the output: {new:?}");
    assert!(!root.join("public/passwd").exists(), "a link to a system file was published");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(dir).into_iter().filter_map(|e| e.ok()).map(|e| e.into_path()).collect()
}

// ----------------------------------------------------------------------
// serve: requests a browser, a rebinding page or a careless client sends

mod serve {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpStream;
    use std::process::{Child, Command, Stdio};
    use std::time::Duration;

    use super::common::Fixture;

    struct Preview {
        _site: Fixture,
        child: Child,
        host: String,
    }

    impl Drop for Preview {
        fn drop(&mut self) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }

    fn start(site: Fixture) -> Preview {
        let mut child = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
            .args(["serve", "--port", "0", "--quiet", "--root"])
            .arg(site.root())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut line).unwrap();
        let host = line.trim().trim_start_matches("Serving at http://").trim_end_matches('/').to_string();
        Preview { _site: site, child, host }
    }

    /// The status of the reply to `request` (0: closed without a reply) and its text.
    fn send(host: &str, request: &[u8]) -> (u16, String) {
        let mut stream = TcpStream::connect(host).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let _ = stream.write_all(request);
        let _ = stream.shutdown(std::net::Shutdown::Write);
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        let raw = String::from_utf8_lossy(&raw).into_owned();
        let status = raw.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        (status, raw)
    }

    #[test]
    fn hostile_requests() {
        let preview = start(Fixture::new("corpus"));
        let host = preview.host.clone();
        let get = |target: &str| format!("GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n");
        let refused: &[u16] = &[0, 400, 403, 404, 405, 414, 431, 501, 505];
        let long_header = format!("GET / HTTP/1.1\r\nHost: {host}\r\nX-A: {}\r\n\r\n", "a".repeat(1 << 20));
        let many_headers = format!("GET / HTTP/1.1\r\nHost: {host}\r\n{}\r\n", "X-A: b\r\n".repeat(20_000));
        let cases: Vec<(String, Vec<u8>, &[u16])> = vec![
            ("a good request".into(), get("/").into_bytes(), &[200]),
            ("the article".into(), get("/articles/good/").into_bytes(), &[200]),
            ("another host".into(), b"GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n".to_vec(), &[403]),
            (
                "another host, our port".into(),
                format!("GET / HTTP/1.1\r\nHost: evil.example:{}\r\n\r\n", host.rsplit(':').next().unwrap())
                    .into_bytes(),
                &[403],
            ),
            (
                "a host ending like ours".into(),
                b"GET / HTTP/1.1\r\nHost: localhost.evil.example\r\n\r\n".to_vec(),
                &[403],
            ),
            (
                "a host with userinfo".into(),
                format!("GET / HTTP/1.1\r\nHost: evil.example@{host}\r\n\r\n").into_bytes(),
                &[400, 403],
            ),
            (
                "two hosts".into(),
                format!("GET / HTTP/1.1\r\nHost: {host}\r\nHost: evil.example\r\n\r\n").into_bytes(),
                &[400, 403],
            ),
            ("no host".into(), b"GET / HTTP/1.1\r\n\r\n".to_vec(), &[400]),
            (
                "an absolute target elsewhere".into(),
                b"GET http://evil.example/ HTTP/1.1\r\nHost: evil.example\r\n\r\n".to_vec(),
                &[400, 403],
            ),
            ("dot-dot".into(), get("/../site.toml").into_bytes(), &[400, 403, 404]),
            ("encoded dot-dot".into(), get("/%2e%2e/%2e%2e/etc/passwd").into_bytes(), &[400, 403, 404]),
            ("encoded slash".into(), get("/articles/..%2f..%2fsite.toml").into_bytes(), &[400, 403, 404]),
            ("backslash".into(), get("/..%5c..%5csite.toml").into_bytes(), &[400, 403, 404]),
            ("double slash".into(), get("//etc/passwd").into_bytes(), &[400, 403, 404]),
            ("NUL".into(), get("/index.html%00.txt").into_bytes(), &[400, 403, 404]),
            ("overlong UTF-8 dot".into(), get("/%c0%ae%c0%ae/site.toml").into_bytes(), &[400, 403, 404]),
            ("content source".into(), get("/content/articles/good.md").into_bytes(), &[404]),
            ("site.toml".into(), get("/site.toml").into_bytes(), &[404]),
            ("a 1 MB header".into(), long_header.into_bytes(), &[0, 431]),
            ("20,000 headers".into(), many_headers.into_bytes(), &[0, 431]),
            ("a 100 KB target".into(), get(&format!("/{}", "a".repeat(100_000))).into_bytes(), &[0, 404, 414, 431]),
            ("binary garbage".into(), b"\x00\xff\xfe\r\n\r\n".to_vec(), refused),
            ("HTTP/0.9".into(), b"GET /\r\n\r\n".to_vec(), refused),
            ("an unknown method".into(), format!("BREW / HTTP/1.1\r\nHost: {host}\r\n\r\n").into_bytes(), refused),
            (
                "a POST".into(),
                format!("POST / HTTP/1.1\r\nHost: {host}\r\nContent-Length: 5\r\n\r\nhello").into_bytes(),
                &[200, 405],
            ),
            ("a bad version".into(), format!("GET / HTTP/9.9\r\nHost: {host}\r\n\r\n").into_bytes(), &[200, 400, 505]),
            (
                "a header without a colon".into(),
                format!("GET / HTTP/1.1\r\nHost: {host}\r\nnonsense\r\n\r\n").into_bytes(),
                &[200, 400],
            ),
            ("a bad reload version".into(), get("/__broadsheet/reload?since=notanumber").into_bytes(), &[200, 400]),
            ("a half request".into(), b"GET / HT".to_vec(), refused),
        ];
        let mut failures = Vec::new();
        for (name, request, allowed) in &cases {
            let (status, reply) = send(&host, request);
            if !allowed.contains(&status) {
                failures.push(format!("{name}: status {status}, expected one of {allowed:?}"));
            }
            if !matches!(status, 200 | 404) && reply.contains("Corpus Digest") {
                failures.push(format!("{name}: refused, but the page came with it"));
            }
            if reply.contains("root:") || reply.contains("base_url") || reply.contains("source: \"Good Wire\"") {
                failures.push(format!("{name}: leaked a file"));
            }
        }
        // After all that, it still answers.
        let (status, _) = send(&host, get("/").as_bytes());
        assert_eq!(status, 200, "the preview stopped answering");
        assert!(failures.is_empty(), "{} of {} requests:\n{}", failures.len(), cases.len(), failures.join("\n"));
    }

    /// A site that does not build is served as an error page naming the file and line.
    #[test]
    fn errors_show_at_their_file_and_line() {
        for (file, text, shown) in [
            ("content/articles/x.md", "---\ntitle: T\ntitle: U\nsource: W\n---\nBody.\n", "content/articles/x.md:3"),
            ("templates/article.html", "x\n\n{{ nope }}\n", "templates/article.html:3"),
            ("site.toml", "title = \"T\"\nbase_url = \"https://x.org/\"\ntheme = \"gone\"\n", "site.toml:3"),
            // The error quotes the value: the page shows it as text.
            (
                "content/articles/x.md",
                "---\ntitle: T\nsource: W\npublished: \"<script>alert(1)</script>\"\n---\nBody.\n",
                "content/articles/x.md:4",
            ),
            ("templates/index.html", "{{ \"<script>alert(2)</script>\" | nofilter }}", "templates/index.html:1"),
        ] {
            let site = Fixture::new("corpus");
            site.write(file, text);
            let preview = start(site);
            let (status, reply) =
                send(&preview.host, format!("GET / HTTP/1.1\r\nHost: {}\r\n\r\n", preview.host).as_bytes());
            assert!(reply.contains(shown), "{file}: status {status}, no {shown}:\n{reply}");
            assert!(!reply.contains("<script>alert"), "{reply}");
        }
    }
}
