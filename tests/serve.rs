//! `broadsheet serve` run as a process on a free port: pages, live rebuilds,
//! the error page, refused paths. Every wait is bounded and polls briefly.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use common::Fixture;

/// How long any one expected change may take.
const PATIENCE: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(50);

/// A running `broadsheet serve` over a private copy of a fixture; the
/// process is killed when this is dropped, whatever the test did.
struct Preview {
    site: Fixture,
    child: Child,
    /// `127.0.0.1:PORT`
    host: String,
    stderr: Arc<Mutex<String>>,
}

impl Preview {
    fn start(site: Fixture) -> Preview {
        Preview::start_with(site, &[])
    }

    fn start_with(site: Fixture, extra: &[&str]) -> Preview {
        let mut child = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
            .args(["serve", "--port", "0", "--root"])
            .arg(site.root())
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("broadsheet runs");
        // Drain both pipes so the server never blocks on a full one.
        let stderr = Arc::new(Mutex::new(String::new()));
        let err_pipe = child.stderr.take().unwrap();
        let sink = Arc::clone(&stderr);
        thread::spawn(move || {
            for line in BufReader::new(err_pipe).lines().map_while(Result::ok) {
                sink.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        let (tx, rx) = mpsc::channel();
        let out_pipe = child.stdout.take().unwrap();
        thread::spawn(move || {
            for line in BufReader::new(out_pipe).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let mut preview = Preview { site, child, host: String::new(), stderr };
        let line = rx.recv_timeout(Duration::from_secs(60)).unwrap_or_else(|_| {
            panic!("no `Serving at` line; stderr:\n{}", preview.stderr.lock().unwrap());
        });
        let host = line
            .strip_prefix("Serving at http://")
            .and_then(|rest| rest.strip_suffix('/'))
            .unwrap_or_else(|| panic!("unexpected first line: {line:?}"));
        assert!(host.starts_with("127.0.0.1:"), "listens on the loopback address only by default: {line}");
        preview.host = host.to_string();
        preview
    }

    fn get(&self, target: &str) -> Reply {
        get(&self.host, target)
    }

    /// Polls `target` until `done` holds for its reply; panics after
    /// [`PATIENCE`] with the last reply and the server's log.
    fn wait_for(&self, target: &str, what: &str, done: impl Fn(&Reply) -> bool) -> Reply {
        let started = Instant::now();
        loop {
            let reply = self.get(target);
            if done(&reply) {
                return reply;
            }
            if started.elapsed() > PATIENCE {
                panic!(
                    "gave up waiting for {what} at {target}; last reply {}:\n{}\nserver log:\n{}",
                    reply.status,
                    reply.body,
                    self.stderr.lock().unwrap()
                );
            }
            thread::sleep(POLL);
        }
    }
}

impl Drop for Preview {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
struct Reply {
    status: u16,
    head: String,
    body: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// A bare HTTP/1.1 GET: the request target is sent exactly as given (no
/// client-side clean-up of `..`), and the connection closes after.
fn get(host: &str, target: &str) -> Reply {
    let mut stream = TcpStream::connect(host).expect("connects");
    stream.set_read_timeout(Some(Duration::from_secs(40))).unwrap();
    write!(stream, "GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("reads the reply");
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or_else(|| panic!("not HTTP: {raw:?}"));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("no status: {head}"));
    Reply { status, head: head.to_string(), body: body.to_string() }
}

const ARTICLE: &str = "content/articles/alpha-new.md";

#[test]
fn serves_the_site_and_shows_edits_without_a_restart() {
    let preview = Preview::start(Fixture::new("basic"));
    let home = preview.get("/");
    assert_eq!(home.status, 200, "{}", home.body);
    assert_eq!(home.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(home.header("cache-control"), Some("no-store"));
    assert!(home.body.contains("Test Digest"), "{}", home.body);
    assert!(home.body.contains("/__broadsheet/reload?since="), "the reload script is injected");
    // Links start at the root: the preview is its own base URL.
    assert!(home.body.contains("href=\"/style.css\""), "{}", home.body);
    assert!(!home.body.contains("/repo/"), "{}", home.body);

    let article = preview.get("/articles/alpha-new/");
    assert!(article.body.contains("Alpha news, newest"), "{}", article.body);

    // An editor changes a title...
    let text = std::fs::read_to_string(preview.site.root().join(ARTICLE)).unwrap();
    preview.site.write(ARTICLE, &text.replace("Alpha news, newest", "Alpha news, now revised"));
    preview.wait_for("/articles/alpha-new/", "the new title", |r| r.status == 200 && r.body.contains("now revised"));

    // ...and adds a note, which appears on the page it is about.
    preview.site.write(
        "content/notes/fresh.md",
        "---\ntitle: \"A fresh note\"\ndate: 2024-11-28\nauthor: \"The Editor\"\nabout: [articles/alpha-new]\n---\nFresh note body.\n",
    );
    preview
        .wait_for("/articles/alpha-new/", "the new note", |r| r.status == 200 && r.body.contains("Fresh note body."));
}

#[test]
fn a_content_error_shows_in_the_browser_until_fixed() {
    let preview = Preview::start(Fixture::new("basic"));
    let broken = "content/articles/broken.md";
    preview.site.write(broken, "---\ntitle: \"Broken\"\nsource: \"\"\n---\nBody.\n");
    let page = preview.wait_for("/articles/alpha-new/", "the error page", |r| r.status == 500);
    assert!(page.body.contains("content/articles/broken.md:3"), "{}", page.body);
    assert!(page.body.contains("`source` is empty"), "{}", page.body);
    assert!(page.body.contains("hint: "), "{}", page.body);
    assert!(page.body.contains("/__broadsheet/reload?since="), "the error page reloads itself");
    // The server is still up and still has the theme's assets.
    assert_eq!(preview.get("/style.css").status, 200);

    preview.site.write(broken, "---\ntitle: \"Mended\"\nsource: \"Mend Wire\"\n---\nBody.\n");
    preview.wait_for("/articles/broken/", "the mended article", |r| r.status == 200 && r.body.contains("Mended"));
    let article = preview.get("/articles/alpha-new/");
    assert_eq!(article.status, 200);
    assert!(article.body.contains("Alpha news, newest"), "{}", article.body);
    assert!(preview.stderr.lock().unwrap().contains("content/articles/broken.md:3"), "errors are logged too");
}

#[test]
fn a_site_that_does_not_build_at_start_is_still_served() {
    let site = Fixture::new("basic");
    site.write("content/articles/broken.md", "---\ntitle: \"Broken\"\n---\nBody.\n");
    let preview = Preview::start(site);
    let page = preview.get("/");
    assert_eq!(page.status, 500);
    assert!(page.body.contains("content/articles/broken.md"), "{}", page.body);
    preview.site.remove("content/articles/broken.md");
    preview.wait_for("/", "the home page", |r| r.status == 200 && r.body.contains("Test Digest"));
}

#[test]
fn requests_outside_the_site_are_refused() {
    let preview = Preview::start(Fixture::new("basic"));
    for target in [
        "/../site.toml",
        "/%2e%2e/site.toml",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/articles/..%2f..%2fsite.toml",
        "/..%5csite.toml",
        "//site.toml",
        "/content/articles/alpha-new.md",
        "/site.toml",
    ] {
        let reply = preview.get(target);
        assert!(matches!(reply.status, 400 | 403 | 404), "{target}: {}", reply.status);
        assert!(!reply.body.contains("base_url"), "{target} leaked site.toml");
        assert!(!reply.body.contains("Alpha body one"), "{target} leaked content");
    }
}

#[test]
fn unknown_paths_get_the_sites_404_page_and_folders_their_slash() {
    let preview = Preview::start(Fixture::new("basic"));
    let missing = preview.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Page not found"), "{}", missing.body);
    let folder = preview.get("/articles/alpha-new");
    assert_eq!(folder.status, 301);
    assert_eq!(folder.header("location"), Some("/articles/alpha-new/"));
    assert_eq!(preview.get("/feed.xml").header("content-type"), Some("application/atom+xml; charset=utf-8"));
}

#[test]
fn a_reload_poll_returns_when_the_site_is_rebuilt() {
    let preview = Preview::start(Fixture::new("basic"));
    let version: u64 = preview.get("/__broadsheet/reload").body.trim().parse().unwrap();
    let host = preview.host.clone();
    let poll = thread::spawn(move || get(&host, &format!("/__broadsheet/reload?since={version}")));
    // The poll is held open while nothing changes...
    thread::sleep(Duration::from_millis(200));
    assert!(!poll.is_finished(), "the poll waits for a change");
    // ...and answered with the new version once something does.
    let started = Instant::now();
    preview.site.write("content/articles/new-one.md", "---\ntitle: \"New one\"\nsource: \"Wire\"\n---\nBody.\n");
    let reply = poll.join().unwrap();
    assert!(started.elapsed() < PATIENCE);
    assert_eq!(reply.status, 200);
    assert!(reply.body.trim().parse::<u64>().unwrap() > version, "{}", reply.body);
    preview.wait_for("/articles/new-one/", "the new article", |r| r.status == 200);
}

#[test]
fn a_port_in_use_is_reported() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let site = Fixture::new("basic");
    let out = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
        .args(["serve", "--port", &port, "--root"])
        .arg(site.root())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot listen on 127.0.0.1:"), "{stderr}");
}

#[test]
fn drafts_are_previewed_only_when_asked() {
    let plain = Preview::start(Fixture::new("basic"));
    assert_eq!(plain.get("/articles/unfinished/").status, 404);
    let drafts = Preview::start_with(Fixture::new("basic"), &["--drafts", "--quiet"]);
    let page = drafts.get("/articles/unfinished/");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Unfinished draft"), "{}", page.body);
    assert_eq!(drafts.stderr.lock().unwrap().as_str(), "", "--quiet reports only problems");
}

/// Sends `request` as it is and reads the reply.
fn raw(host: &str, request: &str) -> Reply {
    let mut stream = TcpStream::connect(host).expect("connects");
    stream.set_read_timeout(Some(Duration::from_secs(40))).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("reads the reply");
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or_else(|| panic!("not HTTP: {raw:?}"));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or_else(|| panic!("no status: {head}"));
    Reply { status, head: head.to_string(), body: body.to_string() }
}

#[test]
fn requests_for_other_host_names_are_refused() {
    let preview = Preview::start(Fixture::new("basic"));
    let port = preview.host.rsplit_once(':').unwrap().1;
    // A page on evil.example whose name now resolves to 127.0.0.1 (DNS
    // rebinding) sends its own name.
    for host in ["evil.example", &format!("evil.example:{port}"), "localhost.evil.example"] {
        let reply = raw(&preview.host, &format!("GET / HTTP/1.1\r\nHost: {host}\r\n\r\n"));
        assert_eq!(reply.status, 403, "{host}");
        assert!(!reply.body.contains("Test Digest"), "{host}: {}", reply.body);
        assert!(reply.body.contains("--bind"), "{}", reply.body);
    }
    for host in [format!("localhost:{port}"), format!("127.0.0.1:{port}"), "localhost".to_string()] {
        let reply = raw(&preview.host, &format!("GET / HTTP/1.1\r\nHost: {host}\r\n\r\n"));
        assert_eq!(reply.status, 200, "{host}");
    }
    let reply = raw(&preview.host, "GET / HTTP/1.1\r\n\r\n");
    assert_eq!(reply.status, 400, "HTTP/1.1 needs a Host");
    assert_eq!(raw(&preview.host, "HEAD / HTTP/1.1\r\nHost: localhost\r\n\r\n").body, "", "HEAD has no body");
}

#[test]
fn an_endless_request_header_is_cut_off() {
    let preview = Preview::start(Fixture::new("basic"));
    let mut stream = TcpStream::connect(&preview.host).unwrap();
    stream.set_read_timeout(Some(PATIENCE)).unwrap();
    let mut writer = stream.try_clone().unwrap();
    const HUGE: usize = 64 << 20;
    let sent = thread::spawn(move || {
        let mut sent = 0;
        let _ = writer.write_all(b"GET / HTTP/1.1\r\nHost: localhost\r\nX-Padding: ");
        let chunk = vec![b'a'; 64 << 10];
        while sent < HUGE {
            match writer.write(&chunk) {
                Ok(n) => sent += n,
                Err(_) => break,
            }
        }
        sent
    });
    // The server answers 431 or just closes; either way it stops reading.
    let mut reply = Vec::new();
    let _ = stream.read_to_end(&mut reply);
    let reply = String::from_utf8_lossy(&reply);
    assert!(reply.is_empty() || reply.starts_with("HTTP/1.1 431 "), "{reply}");
    let _ = stream.shutdown(std::net::Shutdown::Both);
    let sent = sent.join().unwrap();
    assert!(sent < HUGE, "the whole 64 MB header was taken in");
    assert_eq!(preview.get("/").status, 200, "the server still answers");
}

#[test]
fn idle_connections_do_not_keep_requests_waiting() {
    let preview = Preview::start(Fixture::new("basic"));
    // A hundred clients connect and then send nothing, or half a request.
    let idle: Vec<TcpStream> = (0..100)
        .map(|i| {
            let mut s = TcpStream::connect(&preview.host).unwrap();
            if i % 2 == 0 {
                s.write_all(b"GET / HTTP/1.1\r\nHo").unwrap();
            }
            s
        })
        .collect();
    let started = Instant::now();
    let reply = preview.get("/");
    assert_eq!(reply.status, 200);
    assert!(started.elapsed() < Duration::from_secs(5), "answered only after {:?}", started.elapsed());
    drop(idle);
}

#[test]
fn a_build_that_panics_does_not_stop_the_preview() {
    let mut preview = Preview::start(Fixture::new("basic"));
    // A date at the very edge of what chrono can represent (this used to
    // panic in the edition arithmetic).
    let edge = "content/articles/edge.md";
    preview.site.write(edge, "---\ntitle: \"Edge\"\nsource: \"Wire\"\npublished: \"-262143-01-01\"\n---\nBody.\n");
    let page = preview.wait_for("/articles/alpha-new/", "the error page", |r| r.status == 500);
    assert!(page.body.contains("content/articles/edge.md"), "{}", page.body);
    assert!(preview.child.try_wait().unwrap().is_none(), "serve is still running");
    assert_eq!(preview.get("/style.css").status, 200);

    preview.site.write(edge, "---\ntitle: \"Edge mended\"\nsource: \"Wire\"\npublished: 2024-11-20\n---\nBody.\n");
    preview.wait_for("/articles/edge/", "the mended article", |r| r.status == 200 && r.body.contains("Edge mended"));
    assert!(preview.child.try_wait().unwrap().is_none(), "serve is still running");
}

#[cfg(unix)]
#[test]
fn a_linked_content_file_is_skipped_with_a_warning_in_the_log() {
    let preview = Preview::start(Fixture::new("basic"));
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("linked.md");
    std::fs::write(&target, "---\ntitle: \"Linked\"\nsource: \"Wire\"\n---\nBody.\n").unwrap();
    std::os::unix::fs::symlink(&target, preview.site.root().join("content/articles/linked.md")).unwrap();
    let started = Instant::now();
    let warning = "warning: content/articles/linked.md: is a symbolic link: skipped";
    while !preview.stderr.lock().unwrap().contains(warning) {
        assert!(started.elapsed() < PATIENCE, "no warning; log:\n{}", preview.stderr.lock().unwrap());
        thread::sleep(POLL);
    }
    assert_eq!(preview.get("/articles/linked/").status, 404, "the linked file is not read");
}

#[test]
fn search_newsletters_and_a_second_theme_work_in_the_preview() {
    let site = Fixture::new("basic");
    common::copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/wire"),
        &site.root().join("themes/wire"),
    );
    let preview = Preview::start(site);
    let search = preview.get("/search/?q=alpha");
    assert_eq!(search.status, 200);
    assert!(search.body.contains("data-index=\"/search/index.json.gz\""), "{}", search.body);
    let index = preview.get("/search/index.json.gz");
    assert_eq!((index.status, index.header("content-type")), (200, Some("application/gzip")));
    assert_eq!(index.header("content-encoding"), None, "the page unpacks it");

    let letter = preview.get("/editions/2024-w48/newsletter.html");
    assert_eq!(letter.status, 200);
    assert!(letter.body.contains(&format!("href=\"http://{}/articles/alpha-new/\"", preview.host)), "{}", letter.body);
    let text = std::fs::read_to_string(preview.site.root().join(ARTICLE)).unwrap();
    preview.site.write(ARTICLE, &text.replace("Alpha news, newest", "Alpha news, mailed"));
    preview.wait_for("/editions/2024-w48/newsletter.txt", "the new title", |r| r.body.contains("Alpha news, mailed"));

    let config = std::fs::read_to_string(preview.site.root().join("site.toml")).unwrap();
    preview.site.write("site.toml", &config.replace("timezone", "theme = \"wire\"\ntimezone"));
    preview.wait_for("/", "the wire front page", |r| r.body.contains("wire-board"));
    assert_eq!(preview.get("/wire.css").status, 200);
}
