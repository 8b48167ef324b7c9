//! The built example site checked by real tools, as its readers' software
//! sees it: the Nu HTML Checker, feedparser, JSON-LD parsing, a link check
//! under a base path, and headless Chromium with axe-core.
//!
//! Each test builds the repository's example site (`site.toml`, `content/`,
//! `themes/`) into a temporary folder with the real binary. A test whose tool
//! is missing says "skipped: TOOL not installed (run .ci/run to install)" and
//! passes, unless `BROADSHEET_REQUIRE_VALIDATORS=1` is set (as `.ci/run`
//! does), when a missing tool fails the test. `.ci/run` installs the tools.
//! `BROADSHEET_VALIDATE_SITE=DIR` checks the site in DIR instead.
//! Child processes are bounded in time and killed when a test ends.

mod common;

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

use scraper::{Html, Selector};
use serde_json::Value;

// ---------------------------------------------------------------------------
// Tools and the example site

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn validators_required() -> bool {
    std::env::var("BROADSHEET_REQUIRE_VALIDATORS").is_ok_and(|v| v == "1")
}

/// False (after saying so) when `tool` is missing, so the test can return;
/// a failure instead when the validators are required.
fn have(tool: &str, present: bool) -> bool {
    if present {
        return true;
    }
    let msg = format!("skipped: {tool} not installed (run .ci/run to install)");
    assert!(
        !validators_required(),
        "{tool} not installed, and BROADSHEET_REQUIRE_VALIDATORS=1 (run .ci/run to install)"
    );
    // Straight to the terminal: the test harness captures `eprintln!`.
    let _ = writeln!(std::io::stderr(), "{msg}");
    false
}

/// Whether `cmd args…` runs and exits 0 (within a minute).
fn runs(cmd: &str, args: &[&str]) -> bool {
    let mut c = Command::new(cmd);
    c.args(args).stdin(Stdio::null()).stdout(Stdio::null()).stderr(Stdio::null());
    matches!(run_bounded(c, Duration::from_secs(60), "probe"), Ok((status, _, _)) if status == Some(0))
}

fn python() -> bool {
    runs("python3", &["-c", "import http.server"])
}

fn node_module(rel: &str) -> PathBuf {
    repo().join("node_modules").join(rel)
}

/// A child process killed (and reaped) when the guard is dropped, so a
/// failing assertion never leaves a server or a browser behind.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs `cmd` to completion or until `limit`, then kills it. Returns the
/// exit code (None when killed or signalled), stdout and stderr.
fn run_bounded(mut cmd: Command, limit: Duration, what: &str) -> std::io::Result<(Option<i32>, String, String)> {
    let dir = tempfile::tempdir()?;
    let (out, err) = (dir.path().join("stdout"), dir.path().join("stderr"));
    cmd.stdout(fs::File::create(&out)?).stderr(fs::File::create(&err)?);
    let mut child = KillOnDrop(cmd.spawn()?);
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.0.try_wait()? {
            break Some(status);
        }
        if Instant::now() > deadline {
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    drop(child);
    let read = |p: &Path| String::from_utf8_lossy(&fs::read(p).unwrap_or_default()).into_owned();
    let (stdout, mut stderr) = (read(&out), read(&err));
    if status.is_none() {
        stderr.push_str(&format!("\n[{what} killed after {}s]", limit.as_secs()));
    }
    Ok((status.and_then(|s| s.code()), stdout, stderr))
}

/// The example site copied to a temporary folder.
struct Site {
    dir: tempfile::TempDir,
}

impl Site {
    /// The repository's example site, or the site folder that
    /// `BROADSHEET_VALIDATE_SITE` names (to validate another site).
    fn new() -> Site {
        let src = std::env::var_os("BROADSHEET_VALIDATE_SITE").map(PathBuf::from).unwrap_or(repo().to_path_buf());
        let dir = tempfile::tempdir().unwrap();
        fs::copy(src.join("site.toml"), dir.path().join("site.toml")).unwrap();
        for sub in ["content", "themes", "static"] {
            if src.join(sub).is_dir() {
                common::copy_dir(&src.join(sub), &dir.path().join(sub));
            }
        }
        Site { dir }
    }

    /// The same site with `theme = "NAME"` in its site.toml.
    fn with_theme(self, theme: &str) -> Site {
        let path = self.dir.path().join("site.toml");
        let text = fs::read_to_string(&path).unwrap();
        let mut t: toml::Table = text.parse().unwrap();
        t.insert("theme".into(), toml::Value::String(theme.into()));
        fs::write(&path, toml::to_string(&t).unwrap()).unwrap();
        self
    }

    /// Builds into `out`, with `base_url` instead of site.toml's when given.
    fn build(&self, out: &Path, base_url: Option<&str>) {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("broadsheet"));
        cmd.arg("build").arg("--quiet").arg("--root").arg(self.dir.path()).arg("--output").arg(out);
        if let Some(url) = base_url {
            cmd.arg("--base-url").arg(url);
        }
        let (code, stdout, stderr) = run_bounded(cmd, Duration::from_secs(120), "broadsheet build").unwrap();
        assert_eq!(code, Some(0), "the example site failed to build:\n{stdout}{stderr}");
    }

    /// Built with site.toml's own base_url, into a fresh folder.
    fn built(&self) -> PathBuf {
        let out = self.dir.path().join("public");
        self.build(&out, None);
        out
    }

    /// site.toml's base_url and feed limit.
    fn config(&self) -> (String, usize) {
        let text = fs::read_to_string(self.dir.path().join("site.toml")).unwrap();
        let t: toml::Table = text.parse().unwrap();
        let base = t["base_url"].as_str().unwrap().to_string();
        let limit = t.get("feeds").and_then(|f| f.get("limit")).and_then(|l| l.as_integer()).unwrap_or(50);
        (base, limit as usize)
    }

    /// Whether the article SLUG's front matter gives a `source_url`.
    fn has_source_url(&self, slug: &str) -> bool {
        let path = self.dir.path().join("content/articles").join(format!("{slug}.md"));
        let Ok(text) = fs::read_to_string(path) else { return false };
        let Some(rest) = text.strip_prefix("---") else { return false };
        let front = rest.split("\n---").next().unwrap_or("");
        let yaml: Value = serde_yaml::from_str(front).unwrap_or(Value::Null);
        yaml.get("source_url").and_then(Value::as_str).is_some_and(|s| !s.trim().is_empty())
    }
}

/// Files under `out` whose names end with `ext`, as sorted relative paths.
fn files(out: &Path, ext: &str) -> Vec<String> {
    let mut found: Vec<String> = walkdir::WalkDir::new(out)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file() && e.file_name().to_string_lossy().ends_with(ext))
        .map(|e| e.path().strip_prefix(out).unwrap().to_string_lossy().replace('\\', "/"))
        .collect();
    found.sort();
    found
}

/// Slugs of the pages under `out/KIND/SLUG/index.html`.
fn slugs(out: &Path, kind: &str) -> Vec<String> {
    files(out, "index.html")
        .into_iter()
        .filter_map(|p| p.strip_prefix(&format!("{kind}/"))?.strip_suffix("/index.html").map(str::to_string))
        .filter(|s| !s.contains('/'))
        .collect()
}

fn page(out: &Path, rel: &str) -> Html {
    Html::parse_document(&fs::read_to_string(out.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}")))
}

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap()
}

fn text_of(doc: &Html, css: &str) -> Option<String> {
    doc.select(&sel(css)).next().map(|e| e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" "))
}

fn canonical(doc: &Html) -> Option<String> {
    doc.select(&sel(r#"link[rel="canonical"]"#)).next().and_then(|e| e.value().attr("href")).map(str::to_string)
}

// ---------------------------------------------------------------------------
// (a) The Nu HTML Checker (HTML pages, and the CSS too)

#[test]
fn every_page_passes_the_nu_html_checker() {
    let jar = node_module("vnu-jar/build/dist/vnu.jar");
    if !have("java", runs("java", &["-version"])) || !have("vnu-jar (npm)", jar.is_file()) {
        return;
    }
    let site = Site::new();
    let out = site.built();
    let pages = files(&out, ".html");
    assert!(pages.len() > 10, "too few pages built: {pages:?}");
    let styles = files(&out, ".css");

    let mut cmd = Command::new("java");
    cmd.arg("-jar").arg(&jar).args(["--errors-only", "--also-check-css", "--format", "json"]).current_dir(&out);
    cmd.args(&pages).args(&styles);
    let (code, stdout, stderr) = run_bounded(cmd, Duration::from_secs(300), "vnu").unwrap();
    // vnu writes its JSON report to stderr.
    let report: Value = serde_json::from_str(stderr.trim())
        .unwrap_or_else(|e| panic!("vnu gave no JSON report ({e}), exit {code:?}:\n{stdout}\n{stderr}"));
    let errors: Vec<String> = report["messages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["type"] != "info")
        .map(|m| {
            let file = m["url"].as_str().unwrap_or("?").trim_start_matches("file:");
            let file = Path::new(file).strip_prefix(&out).map(|p| p.display().to_string()).unwrap_or(file.to_string());
            let text = |k: &str| m[k].as_str().unwrap_or("").to_string();
            format!("{file}:{}: {}: {}\n    {:?}", m["lastLine"], text("type"), text("message"), text("extract"))
        })
        .collect();
    assert!(errors.is_empty(), "the Nu HTML Checker found {} error(s):\n{}", errors.len(), errors.join("\n"));
    assert_eq!(code, Some(0), "vnu failed:\n{stdout}\n{stderr}");
}

// ---------------------------------------------------------------------------
// (b) Feeds

#[test]
fn every_feed_parses_with_feedparser_with_the_expected_entries() {
    if !have("python3 feedparser", runs("python3", &["-c", "import feedparser"])) {
        return;
    }
    let site = Site::new();
    let out = site.built();
    let (base, limit) = site.config();

    let mut cmd = Command::new("python3");
    cmd.arg(repo().join("tests/validate/feeds.py")).arg(&out).arg(&base);
    let (code, stdout, stderr) = run_bounded(cmd, Duration::from_secs(120), "feeds.py").unwrap();
    assert_eq!(code, Some(0), "feeds.py failed:\n{stdout}\n{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("feeds.py output ({e}):\n{stdout}"));
    let problems: Vec<&str> = report["problems"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert!(problems.is_empty(), "feedparser found problems:\n{}", problems.join("\n"));

    let feeds: BTreeMap<String, Vec<String>> = serde_json::from_value(report["feeds"].clone()).unwrap();
    let articles = slugs(&out, "articles");
    let article_url = |slug: &str| format!("{base}articles/{slug}/");

    // The site feed: the latest articles, up to the limit.
    let main = feeds.get("feed.xml").expect("no Atom feed at feed.xml");
    assert_eq!(main.len(), articles.len().min(limit), "feed.xml entries: {main:#?}\narticles: {articles:?}");
    let all: BTreeSet<String> = articles.iter().map(|s| article_url(s)).collect();
    for link in main {
        assert!(all.contains(link), "feed.xml links to {link}, which is no built article");
    }

    // Every topic has a feed, and topic and edition feeds list articles
    // that their page lists.
    for topic in slugs(&out, "topics") {
        assert!(feeds.contains_key(&format!("topics/{topic}/feed.xml")), "topic {topic} has no feed.xml");
    }
    for (rel, links) in &feeds {
        let Some(dir) =
            rel.strip_suffix("/feed.xml").filter(|d| d.starts_with("topics/") || d.starts_with("editions/"))
        else {
            continue;
        };
        let base_path = base.splitn(4, '/').nth(3).map(|p| format!("/{p}")).unwrap_or("/".into());
        // A long topic continues on dir/page/N/: its listing is all of them.
        let mut listing = vec![format!("{dir}/index.html")];
        listing.extend(slugs(&out, &format!("{dir}/page")).into_iter().map(|n| format!("{dir}/page/{n}/index.html")));
        let mut listed = BTreeSet::new();
        for listing_page in &listing {
            let doc = page(&out, listing_page);
            listed.extend(
                doc.select(&sel("main a[href]"))
                    .filter_map(|a| a.value().attr("href"))
                    .filter_map(|h| h.strip_prefix(&base_path))
                    .filter(|h| h.starts_with("articles/"))
                    .map(|h| format!("{base}{h}")),
            );
        }
        for link in links {
            assert!(listed.contains(link), "{rel} lists {link}, which {dir}/ does not link to");
        }
        assert_eq!(
            links.len(),
            listed.len().min(limit),
            "{rel}: {} entries, but {dir}/ lists {listed:#?}",
            links.len()
        );
    }

    // JSON Feed 1.1, when the site has one.
    if out.join("feed.json").is_file() {
        let feed: Value = serde_json::from_str(&fs::read_to_string(out.join("feed.json")).unwrap())
            .unwrap_or_else(|e| panic!("feed.json is not JSON: {e}"));
        assert_eq!(feed["version"], "https://jsonfeed.org/version/1.1", "feed.json version");
        assert!(feed["title"].as_str().is_some_and(|t| !t.is_empty()), "feed.json has no title");
        assert_eq!(feed["feed_url"], format!("{base}feed.json"), "feed.json feed_url");
        assert_eq!(feed["home_page_url"], base.as_str(), "feed.json home_page_url");
        let items = feed["items"].as_array().expect("feed.json has no items array");
        assert_eq!(items.len(), main.len(), "feed.json and feed.xml should list the same articles");
        let mut ids = BTreeSet::new();
        for (i, item) in items.iter().enumerate() {
            let id = item["id"].as_str().unwrap_or_else(|| panic!("feed.json item {i}: no string id"));
            assert!(ids.insert(id.to_string()), "feed.json item {i}: id {id} repeats");
            let url = item["url"].as_str().unwrap_or_else(|| panic!("feed.json item {i}: no url"));
            assert!(all.contains(url), "feed.json item {i}: url {url} is no built article");
            assert_eq!(url, main[i], "feed.json item {i} and feed.xml entry {i} differ");
            assert!(item["title"].as_str().is_some_and(|t| !t.is_empty()), "feed.json item {i}: no title");
            let has_content = ["content_html", "content_text"].iter().any(|k| item[k].as_str().is_some());
            assert!(has_content, "feed.json item {i}: neither content_html nor content_text");
            let credited = item["authors"].as_array().is_some_and(|a| a.iter().any(|x| x["name"].is_string()));
            assert!(credited, "feed.json item {i}: no authors with a name (the source credit)");
            for key in ["date_published", "date_modified"] {
                if let Some(d) = item.get(key) {
                    let d = d.as_str().unwrap_or("");
                    assert!(chrono::DateTime::parse_from_rfc3339(d).is_ok(), "feed.json item {i}: {key} {d:?}");
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------
// (c) JSON-LD

/// Every JSON-LD object on a page, parsed (an `@graph` is flattened).
fn json_ld(doc: &Html, rel: &str) -> Vec<Value> {
    let mut found = Vec::new();
    for script in doc.select(&sel(r#"script[type="application/ld+json"]"#)) {
        let text: String = script.text().collect();
        let v: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{rel}: JSON-LD does not parse: {e}\n{text}"));
        let items = match v {
            Value::Array(items) => items,
            one => vec![one],
        };
        for item in items {
            match item.get("@graph").and_then(Value::as_array) {
                Some(graph) => {
                    for g in graph {
                        let mut g = g.clone();
                        if g.get("@context").is_none() {
                            g["@context"] = item["@context"].clone();
                        }
                        found.push(g);
                    }
                }
                None => found.push(item),
            }
        }
    }
    found
}

fn is_type(v: &Value, t: &str) -> bool {
    match &v["@type"] {
        Value::String(s) => s == t,
        Value::Array(a) => a.iter().any(|x| x == t),
        _ => false,
    }
}

fn schema_org(v: &Value) -> bool {
    let ok = |s: &str| s.trim_end_matches('/').ends_with("://schema.org");
    match &v["@context"] {
        Value::String(s) => ok(s),
        Value::Array(a) => a.iter().any(|x| x.as_str().is_some_and(ok)),
        _ => false,
    }
}

fn nonempty_str(v: &Value) -> bool {
    v.as_str().is_some_and(|s| !s.trim().is_empty())
}

fn named_thing(v: &Value, types: &[&str]) -> bool {
    types.iter().any(|t| is_type(v, t)) && nonempty_str(&v["name"])
}

fn date_like(v: &Value) -> bool {
    v.as_str().is_some_and(|s| {
        chrono::DateTime::parse_from_rfc3339(s).is_ok() || chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
    })
}

#[test]
fn article_topic_and_edition_pages_carry_valid_json_ld() {
    let site = Site::new();
    let out = site.built();
    let (base, _) = site.config();
    let mut problems = Vec::new();

    // Whatever JSON-LD any page has must parse.
    for rel in files(&out, ".html") {
        json_ld(&page(&out, &rel), &rel);
    }

    let articles = slugs(&out, "articles");
    assert!(!articles.is_empty(), "no article pages built");
    for slug in &articles {
        let rel = format!("articles/{slug}/index.html");
        let doc = page(&out, &rel);
        let all = json_ld(&doc, &rel);
        let Some(a) = all.iter().find(|v| is_type(v, "NewsArticle")) else {
            problems.push(format!("{rel}: no JSON-LD of @type NewsArticle (found {} object(s))", all.len()));
            continue;
        };
        let mut bad = |msg: String| problems.push(format!("{rel}: NewsArticle {msg}"));
        if !schema_org(a) {
            bad(format!("@context is {}, not https://schema.org", a["@context"]));
        }
        match (a["headline"].as_str(), text_of(&doc, "h1")) {
            (Some(h), Some(h1)) if !h.trim().is_empty() => {
                if h.split_whitespace().collect::<Vec<_>>().join(" ") != h1 {
                    bad(format!("headline {h:?} is not the page's <h1> {h1:?}"));
                }
            }
            _ => bad(format!("has no headline (or the page no <h1>): {}", a["headline"])),
        }
        let dated = ["datePublished", "dateCreated"].iter().any(|k| date_like(&a[*k]));
        if !dated {
            bad(format!("has no ISO 8601 datePublished or dateCreated ({}, {})", a["datePublished"], a["dateCreated"]));
        }
        let authors = match &a["author"] {
            Value::Array(list) => list.clone(),
            Value::Null => vec![],
            one => vec![one.clone()],
        };
        if authors.is_empty() || !authors.iter().all(|x| named_thing(x, &["Person", "Organization"])) {
            bad(format!("author must be a named Person or Organization (or a list of them): {}", a["author"]));
        }
        let credited = ["publisher", "sourceOrganization"]
            .iter()
            .any(|k| named_thing(&a[*k], &["Organization", "NewsMediaOrganization", "Person"]));
        if !credited {
            bad(format!(
                "has no named publisher or sourceOrganization: {} / {}",
                a["publisher"], a["sourceOrganization"]
            ));
        }
        if site.has_source_url(slug) && !nonempty_str(&a["isBasedOn"]) {
            bad("has no isBasedOn, though the article has a source_url".into());
        }
        if let Some(u) = a["isBasedOn"].as_str() {
            if !(u.starts_with("https://") || u.starts_with("http://")) {
                bad(format!("isBasedOn {u:?} is not an absolute URL"));
            }
        }
        let main_entity = match &a["mainEntityOfPage"] {
            Value::String(s) => Some(s.clone()),
            v => v["@id"].as_str().map(str::to_string),
        };
        let url = a["url"].as_str().map(str::to_string);
        let canon = canonical(&doc);
        if main_entity.is_none() && url.is_none() {
            bad("has neither mainEntityOfPage nor url".into());
        }
        for (key, v) in [("mainEntityOfPage", main_entity), ("url", url)] {
            if let (Some(v), Some(c)) = (v, &canon) {
                if &v != c {
                    bad(format!("{key} {v} is not the canonical URL {c}"));
                }
            }
        }
    }

    for kind in ["topics", "editions"] {
        for slug in slugs(&out, kind) {
            let rel = format!("{kind}/{slug}/index.html");
            let doc = page(&out, &rel);
            let all = json_ld(&doc, &rel);
            let Some(c) = all.iter().find(|v| is_type(v, "CollectionPage")) else {
                problems.push(format!("{rel}: no JSON-LD of @type CollectionPage (found {} object(s))", all.len()));
                continue;
            };
            if !schema_org(c) {
                problems.push(format!("{rel}: CollectionPage @context is {}", c["@context"]));
            }
            if !nonempty_str(&c["name"]) {
                problems.push(format!("{rel}: CollectionPage has no name"));
            }
            if let (Some(u), Some(canon)) = (c["url"].as_str(), canonical(&doc)) {
                if u != canon {
                    problems.push(format!("{rel}: CollectionPage url {u} is not the canonical URL {canon}"));
                }
            }
            // Listed items, when given, are built articles.
            for item in c["mainEntity"]["itemListElement"].as_array().into_iter().flatten() {
                let url = item["url"].as_str().or(item["item"].as_str()).or(item["item"]["@id"].as_str());
                let built = url
                    .and_then(|u| u.strip_prefix(base.as_str()))
                    .and_then(|p| p.strip_prefix("articles/"))
                    .and_then(|p| p.strip_suffix('/'))
                    .is_some_and(|slug| articles.iter().any(|a| a == slug));
                if !built {
                    problems.push(format!("{rel}: CollectionPage lists {item}, which is no built article"));
                }
            }
        }
    }
    assert!(problems.is_empty(), "JSON-LD problems ({}):\n{}", problems.len(), problems.join("\n"));
}

// ---------------------------------------------------------------------------
// (d) Links, served under a base path

/// `tests/validate/serve.py` serving a temporary folder on a free port.
struct Server {
    root: tempfile::TempDir,
    port: u16,
    _stdin: ChildStdin,
    _child: KillOnDrop,
}

impl Server {
    fn start() -> Server {
        let root = tempfile::tempdir().unwrap();
        let mut cmd = Command::new("python3");
        cmd.arg(repo().join("tests/validate/serve.py")).arg(root.path());
        cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::null());
        let mut child = KillOnDrop(cmd.spawn().expect("cannot start python3"));
        // The server stops by itself when this pipe closes.
        let stdin = child.0.stdin.take().unwrap();
        let stdout = child.0.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = rx.recv_timeout(Duration::from_secs(30)).expect("serve.py did not report its port in 30 s");
        let port = line.trim().strip_prefix("PORT ").and_then(|p| p.parse().ok());
        let port = port.unwrap_or_else(|| panic!("serve.py said {line:?}"));
        Server { root, port, _stdin: stdin, _child: child }
    }

    fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// The example site built for `/repo/` on this server.
    fn with_site(self) -> Server {
        self.with(Site::new())
    }

    /// `site` built for `/repo/` on this server.
    fn with(self, site: Site) -> Server {
        site.build(&self.root.path().join("repo"), Some(&format!("{}/repo/", self.origin())));
        self
    }

    /// GET `path`: status, content type, body.
    fn get(&self, path: &str) -> (u16, String, Vec<u8>) {
        let mut s = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        write!(s, "GET {} HTTP/1.0\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n", encode_path(path), self.port)
            .unwrap();
        let mut raw = Vec::new();
        s.read_to_end(&mut raw).unwrap_or_else(|e| panic!("GET {path}: {e}"));
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or_else(|| panic!("GET {path}: no headers"));
        let head = String::from_utf8_lossy(&raw[..split]).into_owned();
        let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let ctype = head
            .lines()
            .find_map(|l| l.split_once(':').filter(|(k, _)| k.eq_ignore_ascii_case("content-type")))
            .map(|(_, v)| v.trim().to_string())
            .unwrap_or_default();
        (status, ctype, raw[split + 4..].to_vec())
    }
}

/// Percent-encodes what may not stand raw in a request line.
fn encode_path(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii_graphic() {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Every URL a fetched resource points at, by how it is written.
fn references(path: &str, ctype: &str, body: &[u8]) -> Vec<(String, &'static str)> {
    let text = String::from_utf8_lossy(body);
    let mut refs = Vec::new();
    if ctype.starts_with("text/html") || path.ends_with('/') || path.ends_with(".html") {
        let doc = Html::parse_document(&text);
        for (css, attr) in [
            ("[href]", "href"),
            ("[src]", "src"),
            ("[poster]", "poster"),
            ("[srcset]", "srcset"),
            ("[data]", "data"),
            ("form[action]", "action"),
        ] {
            for e in doc.select(&sel(css)) {
                let v = e.value().attr(attr).unwrap_or("");
                if attr == "srcset" {
                    for part in v.split(',') {
                        if let Some(u) = part.split_whitespace().next() {
                            refs.push((u.to_string(), "srcset"));
                        }
                    }
                } else {
                    refs.push((v.to_string(), attr));
                }
            }
        }
        // Open Graph and Twitter card images and URLs.
        for e in doc.select(&sel("meta[content]")) {
            let key = e.value().attr("property").or(e.value().attr("name")).unwrap_or("");
            let content = e.value().attr("content").unwrap().to_string();
            if key == "og:url" {
                refs.push((content, "og:url"));
            } else if key.ends_with(":url") || key.ends_with(":image") || key == "og:image:secure_url" {
                refs.push((content, "meta"));
            }
        }
        for e in doc.select(&sel(r#"link[rel="canonical"]"#)) {
            refs.push((e.value().attr("href").unwrap_or("").to_string(), "canonical"));
        }
    } else if path.ends_with(".css") || ctype.starts_with("text/css") {
        for part in text.split("url(").skip(1) {
            let u = part.split(')').next().unwrap_or("").trim().trim_matches(|c| c == '"' || c == '\'');
            if !u.starts_with("data:") {
                refs.push((u.to_string(), "css url()"));
            }
        }
        for part in text.split("@import").skip(1) {
            if let Some(u) = part.split(['"', '\'']).nth(1) {
                refs.push((u.to_string(), "css @import"));
            }
        }
    } else if path.ends_with(".xml") || ctype.contains("xml") {
        // Atom links, sitemap locations.
        for part in text.split("href=\"").skip(1) {
            refs.push((part.split('"').next().unwrap_or("").replace("&amp;", "&"), "xml href"));
        }
        for part in text.split("<loc>").skip(1) {
            refs.push((part.split("</loc>").next().unwrap_or("").trim().replace("&amp;", "&"), "sitemap loc"));
        }
    } else if path.ends_with(".json") || ctype.contains("json") {
        if let Ok(v) = serde_json::from_slice::<Value>(body) {
            let mut stack = vec![("", &v)];
            while let Some((key, v)) = stack.pop() {
                match v {
                    Value::Object(m) => stack.extend(m.iter().map(|(k, v)| (k.as_str(), v))),
                    Value::Array(a) => stack.extend(a.iter().map(|v| (key, v))),
                    Value::String(s) if key.ends_with("url") || key == "image" || key == "icon" || key == "favicon" => {
                        refs.push((s.clone(), "json url"))
                    }
                    _ => {}
                }
            }
        }
    } else if path.ends_with(".txt") {
        for line in text.lines() {
            if let Some(u) = line.strip_prefix("Sitemap:") {
                refs.push((u.trim().to_string(), "robots.txt"));
            }
        }
    }
    refs
}

/// Where `reference`, found on `from`, leads on this server: a path and a
/// fragment, or None when it leaves the site.
fn resolve(origin: &str, from: &str, reference: &str) -> Option<(String, Option<String>)> {
    let r = reference.trim();
    let (r, fragment) = match r.split_once('#') {
        Some((r, f)) => (r, Some(f.to_string())),
        None => (r, None),
    };
    let r = r.split('?').next().unwrap_or("");
    let path = if let Some(rest) = r.strip_prefix(origin) {
        if rest.is_empty() {
            "/".to_string()
        } else {
            rest.to_string()
        }
    } else if r.starts_with("//") || r.contains(':') {
        return None; // another host, or mailto:, data:, …
    } else if r.is_empty() {
        from.to_string()
    } else if r.starts_with('/') {
        r.to_string()
    } else {
        let dir = &from[..=from.rfind('/').unwrap()];
        format!("{dir}{r}")
    };
    // Resolve dot segments.
    let mut segs: Vec<&str> = Vec::new();
    for s in path.split('/').skip(1) {
        match s {
            "." => {}
            ".." => {
                segs.pop();
            }
            s => segs.push(s),
        }
    }
    Some((format!("/{}", segs.join("/")), fragment))
}

/// Kinds of reference that always name a page of the site itself.
const SELF_REFERENCES: [&str; 4] = ["canonical", "og:url", "sitemap loc", "robots.txt"];

fn ids_of(body: &[u8]) -> BTreeSet<String> {
    let doc = Html::parse_document(&String::from_utf8_lossy(body));
    doc.select(&sel("[id], a[name]"))
        .filter_map(|e| e.value().attr("id").or(e.value().attr("name")))
        .map(String::from)
        .collect()
}

#[test]
fn every_internal_link_resolves_under_a_base_path() {
    if !have("python3", python()) {
        return;
    }
    let server = Server::start().with_site();
    let origin = server.origin();
    let mut problems = Vec::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut fragments: Vec<(String, String, String)> = Vec::new(); // (from, path, fragment)
    let mut queue: VecDeque<(String, String)> = VecDeque::new();
    for start in ["/repo/", "/repo/robots.txt", "/repo/sitemap.xml"] {
        seen.insert(start.to_string());
        queue.push_back((start.to_string(), "the start".to_string()));
    }

    // The 404 page, as served for a missing page: its links must work too.
    let (status, ctype, body) = server.get("/repo/does-not-exist/");
    assert_eq!(status, 404, "/repo/does-not-exist/ answered {status}");
    assert!(ctype.starts_with("text/html"), "404 page served as {ctype}");
    let missing_refs = references("/repo/does-not-exist/", &ctype, &body);
    assert!(missing_refs.iter().any(|(r, _)| r.starts_with("/repo/")), "the 404 page links nowhere under /repo/");
    let pending_404 = missing_refs;

    let limit = Instant::now() + Duration::from_secs(240);
    let mut fetched = 0;
    // `from` is the path that references resolve against; `label` names it.
    let visit = |from: &str,
                 label: &str,
                 refs: Vec<(String, &'static str)>,
                 seen: &mut BTreeSet<String>,
                 queue: &mut VecDeque<(String, String)>,
                 problems: &mut Vec<String>,
                 fragments: &mut Vec<(String, String, String)>| {
        for (r, how) in refs {
            if r.trim().is_empty() {
                problems.push(format!("{label}: empty {how}"));
                continue;
            }
            let Some((path, fragment)) = resolve(&origin, from, &r) else {
                // These name a page of this site: built for this server,
                // they must be on it.
                if SELF_REFERENCES.contains(&how) {
                    problems.push(format!("{label}: {how} {r:?} is not on this site ({origin}/repo/)"));
                }
                continue;
            };
            let internal_written = r.starts_with('/') && !r.starts_with("//") || r.starts_with(&origin);
            let written_path = r.strip_prefix(&origin).unwrap_or(&r);
            if internal_written && !written_path.starts_with("/repo/") {
                problems.push(format!("{label}: {how} {r:?} does not start with /repo/"));
                continue;
            }
            if !path.starts_with("/repo/") {
                problems.push(format!("{label}: {how} {r:?} leads to {path}, outside /repo/"));
                continue;
            }
            if let Some(f) = fragment.filter(|f| !f.is_empty()) {
                fragments.push((label.to_string(), path.clone(), f));
            }
            if seen.insert(path.clone()) {
                queue.push_back((path, label.to_string()));
            }
        }
    };
    seen.insert("/repo/does-not-exist/".to_string());
    visit(
        "/repo/does-not-exist/",
        "/repo/does-not-exist/ (the 404 page)",
        pending_404,
        &mut seen,
        &mut queue,
        &mut problems,
        &mut fragments,
    );

    while let Some((path, from)) = queue.pop_front() {
        assert!(Instant::now() < limit, "link check still running after 240 s ({fetched} fetched)");
        let (status, ctype, body) = server.get(&path);
        fetched += 1;
        if status != 200 {
            problems.push(format!("{path} (linked from {from}) answered {status}"));
            continue;
        }
        if ctype.starts_with("text/html") {
            ids.insert(path.clone(), ids_of(&body));
        }
        let refs = references(&path, &ctype, &body);
        visit(&path, &path, refs, &mut seen, &mut queue, &mut problems, &mut fragments);
    }

    for (from, path, fragment) in fragments {
        if let Some(known) = ids.get(&path) {
            if !known.contains(&fragment) {
                problems.push(format!("{from}: link to {path}#{fragment}, but no element there has that id"));
            }
        }
    }

    // Every built page is reachable by following links from the home page.
    let out = server.root.path().join("repo");
    for rel in files(&out, ".html") {
        if rel == "404.html" {
            continue;
        }
        let url = format!("/repo/{}", rel.strip_suffix("index.html").unwrap_or(&rel));
        if !seen.contains(&url) {
            problems.push(format!("{rel} is built but nothing links to {url}"));
        }
    }
    assert!(fetched > 20, "only {fetched} URLs fetched");
    assert!(
        problems.is_empty(),
        "link check ({fetched} URLs): {} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

// ---------------------------------------------------------------------------
// (e) Headless Chromium: screenshots and axe-core

/// The Chromium to drive, when every tool a browser test needs is here
/// (axe-core too, for the accessibility checks); `None` skips the test,
/// or fails it under `BROADSHEET_REQUIRE_VALIDATORS`, as `have` does.
fn browser_tools(axe: bool) -> Option<String> {
    let chromium = std::env::var("BROADSHEET_CHROMIUM").unwrap_or("/usr/bin/chromium".into());
    let ready = have("python3", python())
        && have("node", runs("node", &["--version"]))
        && have("chromium (Debian package)", Path::new(&chromium).is_file())
        && have("playwright-core (npm)", node_module("playwright-core/package.json").is_file())
        && (!axe || have("axe-core (npm)", node_module("axe-core/axe.min.js").is_file()));
    ready.then_some(chromium)
}

#[test]
fn chromium_renders_key_pages_without_serious_accessibility_violations() {
    let Some(chromium) = browser_tools(true) else { return };
    let server = Server::start().with_site();
    let out = server.root.path().join("repo");
    let first = |kind: &str| slugs(&out, kind).into_iter().next().unwrap_or_else(|| panic!("no {kind} pages built"));
    // The article with the most markup exercises the most of the theme.
    let article = slugs(&out, "articles")
        .into_iter()
        .max_by_key(|s| fs::metadata(out.join(format!("articles/{s}/index.html"))).map(|m| m.len()).unwrap_or(0))
        .expect("no article pages built");
    // The newest edition: the first the editions index links to.
    let editions = page(&out, "editions/index.html");
    let edition = editions
        .select(&sel("main a[href]"))
        .filter_map(|a| a.value().attr("href")?.split("/editions/").nth(1)?.strip_suffix('/').map(str::to_string))
        .find(|s| !s.is_empty() && !s.contains('/'))
        .unwrap_or_else(|| first("editions"));
    let pages = [
        "home=".to_string(),
        format!("topic=topics/{}/", first("topics")),
        format!("edition=editions/{edition}/"),
        format!("article=articles/{article}/"),
    ];

    let shots = repo().join("target/screenshots");
    // Only this test's own screenshots: others write beside them.
    let old = if shots.is_dir() { files(&shots, ".png") } else { Vec::new() };
    for png in old.into_iter().filter(|p| !p.contains('/')) {
        let _ = fs::remove_file(shots.join(png));
    }
    let mut cmd = Command::new("node");
    cmd.arg(repo().join("tests/validate/browser.js")).arg(format!("{}/repo/", server.origin())).arg(&shots);
    cmd.args(&pages).env("BROADSHEET_CHROMIUM", &chromium).stdin(Stdio::null());
    let (code, stdout, stderr) = run_bounded(cmd, Duration::from_secs(300), "browser.js").unwrap();
    assert_eq!(code, Some(0), "Chromium checks failed (screenshots in {}):\n{stdout}\n{stderr}", shots.display());
    for name in ["home", "topic", "edition", "article"] {
        for width in [390, 1280] {
            let png = shots.join(format!("{name}-{width}.png"));
            assert!(png.is_file(), "no screenshot {}", png.display());
        }
    }
}

/// The second theme, `themes/wire`, through the same checks: its
/// screenshots land in `target/screenshots/wire/`.
#[test]
fn chromium_renders_the_wire_theme_without_serious_accessibility_violations() {
    let Some(chromium) = browser_tools(true) else { return };
    let server = Server::start().with(Site::new().with_theme("wire"));
    let out = server.root.path().join("repo");
    let article = slugs(&out, "articles").into_iter().next().expect("no article pages built");
    let shots = repo().join("target/screenshots/wire");
    let _ = fs::remove_dir_all(&shots);
    let mut cmd = Command::new("node");
    cmd.arg(repo().join("tests/validate/browser.js")).arg(format!("{}/repo/", server.origin())).arg(&shots);
    cmd.args(["home=".to_string(), format!("article=articles/{article}/")]);
    cmd.env("BROADSHEET_CHROMIUM", &chromium).stdin(Stdio::null());
    let (code, stdout, stderr) = run_bounded(cmd, Duration::from_secs(300), "browser.js").unwrap();
    assert_eq!(code, Some(0), "Chromium checks failed (screenshots in {}):\n{stdout}\n{stderr}", shots.display());
    for name in ["home", "article"] {
        for width in [390, 1280] {
            let png = shots.join(format!("{name}-{width}.png"));
            assert!(png.is_file(), "no screenshot {}", png.display());
        }
    }
}

/// Each edition's newsletter renders in Chromium (at phone and desktop
/// widths, without sideways scrolling or serious axe violations); its
/// screenshots land in `target/screenshots/newsletter/`.
#[test]
fn chromium_renders_the_newsletter() {
    let Some(chromium) = browser_tools(true) else { return };
    let server = Server::start().with_site();
    let out = server.root.path().join("repo");
    let editions: Vec<String> = slugs(&out, "editions");
    let edition = editions.iter().max().expect("no editions built");
    assert!(out.join(format!("editions/{edition}/newsletter.html")).is_file());
    let shots = repo().join("target/screenshots/newsletter");
    let _ = fs::remove_dir_all(&shots);
    let mut cmd = Command::new("node");
    cmd.arg(repo().join("tests/validate/browser.js")).arg(format!("{}/repo/", server.origin())).arg(&shots);
    cmd.arg(format!("newsletter=editions/{edition}/newsletter.html"));
    cmd.env("BROADSHEET_CHROMIUM", &chromium).stdin(Stdio::null());
    let (code, stdout, stderr) = run_bounded(cmd, Duration::from_secs(300), "browser.js").unwrap();
    assert_eq!(code, Some(0), "Chromium checks failed (screenshots in {}):\n{stdout}\n{stderr}", shots.display());
    assert!(shots.join("newsletter-390.png").is_file());
}

/// Site search in Chromium: `search/?q=WORD` finds the article whose
/// title has the word, every result shows its credit, the search takes
/// under 100 ms once the index is loaded, and without JavaScript the page
/// says what it needs.
#[test]
fn chromium_finds_an_article_by_a_word_of_its_title() {
    let Some(chromium) = browser_tools(true) else { return };
    let server = Server::start().with_site();
    let out = server.root.path().join("repo");
    let slug = slugs(&out, "articles").into_iter().next().expect("no article pages built");
    let title = text_of(&page(&out, &format!("articles/{slug}/index.html")), "h1").expect("no title");
    let word = title.split(|c: char| !c.is_alphanumeric()).max_by_key(|w| w.chars().count()).unwrap().to_string();
    let mut cmd = Command::new("node");
    cmd.arg(repo().join("tests/validate/search.js")).arg(format!("{}/repo/", server.origin())).arg(&word);
    cmd.arg(repo().join("target/screenshots")).env("BROADSHEET_CHROMIUM", &chromium).stdin(Stdio::null());
    let (code, stdout, stderr) = run_bounded(cmd, Duration::from_secs(120), "search.js").unwrap();
    assert_eq!(code, Some(0), "search checks failed:\n{stdout}\n{stderr}");
    let report: Value = serde_json::from_str(stdout.trim()).unwrap_or_else(|e| panic!("{e}: {stdout}"));
    assert_eq!(report["input"], word.as_str(), "the query is in the box");
    assert_eq!(report["errors"], serde_json::json!([]));
    let results = report["results"].as_array().unwrap();
    let href = format!("/repo/articles/{slug}/");
    assert!(results.iter().any(|r| r["href"] == href.as_str()), "{word:?} did not find {href}: {report}");
    for r in results {
        assert!(r["credit"].as_str().is_some_and(|c| c.trim().len() > 2), "a result without a credit: {r}");
    }
    assert!(report["ms"].as_f64().unwrap() < 100.0, "the search took {} ms", report["ms"]);
    assert!(report["noscript"].as_str().unwrap().contains("needs JavaScript"), "{}", report["noscript"]);
}

// ---------------------------------------------------------------------------
// (f) Headless Chromium: the story on the first screen

/// Every alt text the site's figures have: from the articles' front matter
/// and sidecars, and from what the cleaner makes of the raw `.txt` dumps.
fn alt_texts(site: &Site) -> Vec<String> {
    let dir = site.dir.path().join("content/articles");
    let mut alts = Vec::new();
    let mut raw = Vec::new();
    let mut add = |figures: &Value| {
        for f in figures.as_array().into_iter().flatten() {
            alts.extend(f["alt"].as_str().map(str::to_string));
        }
    };
    for name in files(&dir, "") {
        let text = fs::read_to_string(dir.join(&name)).unwrap_or_default();
        if name.ends_with(".txt") {
            raw.push(dir.join(&name));
        } else if name.ends_with(".meta.yaml") {
            add(&serde_yaml::from_str::<Value>(&text).unwrap_or(Value::Null)["figures"]);
        } else if let Some(rest) = text.strip_prefix("---") {
            let front = rest.split("\n---").next().unwrap_or("");
            add(&serde_yaml::from_str::<Value>(front).unwrap_or(Value::Null)["figures"]);
        }
    }
    if !raw.is_empty() {
        let mut cmd = Command::new(assert_cmd::cargo::cargo_bin("broadsheet"));
        cmd.arg("clean").arg("--json").args(&raw).stdin(Stdio::null());
        let (code, stdout, stderr) = run_bounded(cmd, Duration::from_secs(120), "broadsheet clean").unwrap();
        assert_eq!(code, Some(0), "broadsheet clean --json failed:\n{stderr}");
        let cleaned: Value = serde_json::from_str(&stdout).expect("clean --json prints JSON");
        for article in cleaned.as_array().into_iter().flatten() {
            add(&article["figures"]);
        }
    }
    alts
}

#[test]
fn chromium_shows_the_story_on_the_first_screen_of_a_phone() {
    let Some(chromium) = browser_tools(false) else { return };
    let site = Site::new();
    let alts = alt_texts(&site);
    let server = Server::start();
    let out = server.root.path().join("repo");
    site.build(&out, Some(&format!("{}/repo/", server.origin())));
    let articles = slugs(&out, "articles");
    let missing: usize = articles
        .iter()
        .map(|s| page(&out, &format!("articles/{s}/index.html")).select(&sel(".figure-missing")).count())
        .sum();
    if std::env::var_os("BROADSHEET_VALIDATE_SITE").is_none() {
        // The example site has photos it does not reproduce, with alt texts.
        assert!(missing > 0 && !alts.is_empty(), "{missing} not-reproduced figures, {} alt texts", alts.len());
    }
    let work = tempfile::tempdir().unwrap();
    let alt_file = work.path().join("alts.json");
    fs::write(&alt_file, serde_json::to_string(&alts).unwrap()).unwrap();
    let mut pages = vec!["home=".to_string()];
    pages.extend(articles.iter().map(|s| format!("article-{s}=articles/{s}/")));

    let shots = repo().join("target/screenshots/first-screen");
    let _ = fs::remove_dir_all(&shots);
    let mut cmd = Command::new("node");
    cmd.arg(repo().join("tests/validate/layout.js")).arg(format!("{}/repo/", server.origin())).arg(&shots);
    cmd.arg(&alt_file).args(&pages).env("BROADSHEET_CHROMIUM", &chromium).stdin(Stdio::null());
    let (code, stdout, stderr) = run_bounded(cmd, Duration::from_secs(300), "layout.js").unwrap();
    assert_eq!(code, Some(0), "first-screen checks failed (screenshots in {}):\n{stdout}\n{stderr}", shots.display());
    for width in [390, 1280] {
        let png = shots.join(format!("home-{width}-fold.png"));
        assert!(png.is_file(), "no screenshot {}", png.display());
    }
}
