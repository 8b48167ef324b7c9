//! Saved web pages as articles: `content/articles/SLUG.html` at build
//! time, `broadsheet clean PAGE.html`, and `broadsheet add URL` against a
//! local HTTP server serving hand-written pages.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::time::Duration;

use assert_cmd::Command;
use common::Fixture;
use scraper::{Html, Selector};

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

fn texts(page: &Html, s: &str) -> Vec<String> {
    page.select(&sel(s)).map(|e| e.text().collect::<String>().trim().to_string()).collect()
}

fn ferry_page() -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/html/content/articles/ferry.html"))
        .unwrap()
}

#[test]
fn a_saved_page_builds_into_a_clean_credited_article() {
    let site = Fixture::new("html");
    site.build_ok();
    let page = site.page("articles/ferry/index.html");
    assert_eq!(texts(&page, "h1"), ["Night ferry returns to the northern route"]);
    let body = page.select(&sel(".article-body")).next().expect("an article body");
    let body_html = body.html();
    let inner = Html::parse_fragment(&body_html);
    assert_eq!(texts(&inner, "h2"), ["What changes for passengers"]);
    assert_eq!(texts(&inner, "ul li"), ["Departures every night except Sundays", "Cabins must be booked a day ahead"]);
    assert_eq!(texts(&inner, "blockquote"), ["We have waited a long winter for this boat to come back to us."]);
    let paragraphs = texts(&inner, "p");
    assert!(paragraphs[0].starts_with("The overnight ferry between the harbour"), "{paragraphs:?}");
    // Furniture, bylines, captions and the page's own scripts stay out.
    let all = page.html();
    for gone in ["Subscribe to our newsletter", "Related stories", "All rights reserved", "evil.example", "tracked=1"] {
        assert!(!all.contains(gone), "{gone} reached the page");
    }
    assert!(!all.contains("onerror"), "an attribute of the saved page reached the site");
    // Images are not hot-linked from the outlet.
    assert!(page.select(&sel("img")).all(|i| !i.value().attr("src").unwrap_or("").contains("courier.example")));
    // Credits, caption and the canonical URL.
    assert!(all.contains("Lena Park/Harbour Press"));
    assert!(all.contains("The Aurora leaves the northern quay at dusk."));
    assert!(page
        .select(&sel("a[href]"))
        .any(|a| a.value().attr("href") == Some("https://courier.example/news/night-ferry-returns")));
    assert!(all.contains("The Harbour Courier"));
    assert!(all.contains("Mira Holt"));
}

#[test]
fn a_page_in_its_own_charset_with_a_sidecar_that_overrides() {
    let site = Fixture::new("html");
    site.build_ok();
    let page = site.page("articles/cafe-rent/index.html");
    // The sidecar's title wins over the page's <h1>.
    assert_eq!(texts(&page, "h1"), ["Café owners fight the rent rise on the market square"]);
    let body = texts(&page, ".article-body p").join("\n");
    assert!(body.contains("small cafés on the market square"), "{body}");
    assert!(body.contains("«We only ask for a fair rent,»"), "{body}");
    assert!(!body.contains('\u{FFFD}'));
}

fn broadsheet() -> Command {
    Command::cargo_bin("broadsheet").expect("binary builds")
}

#[test]
fn clean_reads_html_pages_like_text_dumps() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/html/content/articles/ferry.html");
    let out = broadsheet().arg("clean").arg("--json").arg(&file).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let r = &v[0];
    assert_eq!(r["title"], "Night ferry returns to the northern route");
    assert_eq!(r["source"], "The Harbour Courier");
    assert_eq!(r["source_url"], "https://courier.example/news/night-ferry-returns");
    assert_eq!(r["published"], "2026-11-20T07:30:00+00:00");
    assert_eq!(r["authors"], serde_json::json!(["Mira Holt", "Jonas Wirth"]));
    assert_eq!(r["figures"][0]["caption"], "The Aurora leaves the northern quay at dusk.");
    assert_eq!(r["figures"][0]["credit"], "Lena Park/Harbour Press");
    assert!(r["removed"].as_array().unwrap().iter().any(|x| x == "Related stories"));

    let md = broadsheet().arg("clean").arg("--markdown").arg(&file).output().unwrap();
    let md = String::from_utf8(md.stdout).unwrap();
    assert!(md.contains("\n## What changes for passengers\n"), "{md}");
    assert!(md.contains("\n- Departures every night except Sundays\n"), "{md}");

    let explain = broadsheet().arg("clean").arg("--explain").arg(&file).output().unwrap();
    let explain = String::from_utf8(explain.stdout).unwrap();
    assert!(explain.lines().any(|l| l.contains("title") && l.contains("Night ferry returns")), "{explain}");
    assert!(explain.lines().any(|l| l.contains("removed") && l.contains("Island school reopens")), "{explain}");
}

/// A tiny HTTP/1.1 server on 127.0.0.1 with one response per path.
fn serve() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            std::thread::spawn(move || answer(stream));
        }
    });
    format!("http://{addr}")
}

fn answer(mut stream: TcpStream) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
            break;
        }
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
    let send = |s: &mut TcpStream, status: &str, headers: &str, body: &[u8]| {
        let head = format!("HTTP/1.1 {status}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n", body.len());
        let _ = s.write_all(head.as_bytes());
        let _ = s.write_all(body);
    };
    match path.as_str() {
        "/ferry" => send(&mut stream, "200 OK", "Content-Type: text/html; charset=utf-8\r\n", &ferry_page()),
        "/old-ferry" => send(&mut stream, "301 Moved Permanently", "Location: /ferry\r\n", b""),
        "/loop" => send(&mut stream, "302 Found", "Location: /loop\r\n", b""),
        "/slow" => {
            std::thread::sleep(Duration::from_secs(4));
            send(&mut stream, "200 OK", "Content-Type: text/html\r\n", b"<h1>Late</h1>");
        }
        "/huge" => {
            let total = 17 * 1024 * 1024;
            let head = format!("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {total}\r\n\r\n<p>");
            let _ = stream.write_all(head.as_bytes());
            let chunk = vec![b'a'; 64 * 1024];
            for _ in 0..(total / chunk.len()) {
                if stream.write_all(&chunk).is_err() {
                    return;
                }
            }
        }
        "/data" => send(&mut stream, "200 OK", "Content-Type: application/json\r\n", b"{\"a\": 1}"),
        "/cyrillic" => {
            // Only the HTTP header names the charset (windows-1251).
            let mut body = b"<html><head><title>".to_vec();
            let title: &[u8] = b"\xcd\xee\xe2\xfb\xe9 \xef\xe0\xf0\xee\xec \xed\xe0 \xf1\xe5\xe2\xe5\xf0"; // Новый паром на север
            body.extend_from_slice(title);
            body.extend_from_slice(b"</title></head><body><article><h1>");
            body.extend_from_slice(title);
            body.extend_from_slice(b"</h1>");
            for _ in 0..3 {
                // "Паром снова ходит на острова каждую ночь, кроме воскресенья, и берёт велосипеды бесплатно."
                body.extend_from_slice(b"<p>\xcf\xe0\xf0\xee\xec \xf1\xed\xee\xe2\xe0 \xf5\xee\xe4\xe8\xf2 \xed\xe0 \xee\xf1\xf2\xf0\xee\xe2\xe0 \xea\xe0\xe6\xe4\xf3\xfe \xed\xee\xf7\xfc, \xea\xf0\xee\xec\xe5 \xe2\xee\xf1\xea\xf0\xe5\xf1\xe5\xed\xfc\xff, \xe8 \xe1\xe5\xf0\xb8\xf2 \xe2\xe5\xeb\xee\xf1\xe8\xef\xe5\xe4\xfb \xe1\xe5\xf1\xef\xeb\xe0\xf2\xed\xee.</p>");
            }
            body.extend_from_slice(b"</article></body></html>");
            send(&mut stream, "200 OK", "Content-Type: text/html; charset=windows-1251\r\n", &body);
        }
        _ => send(&mut stream, "404 Not Found", "Content-Type: text/html\r\n", b"<h1>Not found</h1>"),
    }
}

fn add(site: &Fixture) -> Command {
    let mut cmd = broadsheet();
    cmd.arg("add").arg("--root").arg(site.root()).timeout(Duration::from_secs(60));
    cmd
}

#[test]
fn add_follows_a_redirect_keeps_the_page_and_never_overwrites() {
    let base = serve();
    let site = Fixture::new("html");
    let out = add(&site).arg(format!("{base}/old-ferry")).arg("--topic").arg("islands").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Night ferry returns to the northern route"), "{stdout}");
    assert!(stdout.contains("The Harbour Courier"), "{stdout}");
    let dir = site.root().join("content/articles");
    let saved = dir.join("night-ferry-returns-to-the-northern-route.html");
    assert_eq!(std::fs::read(&saved).unwrap(), ferry_page(), "the original page is kept as sent");
    let sidecar = std::fs::read_to_string(dir.join("night-ferry-returns-to-the-northern-route.meta.yaml")).unwrap();
    assert!(sidecar.contains("source_url: \"https://courier.example/news/night-ferry-returns\""), "{sidecar}");
    assert!(sidecar.lines().any(|l| l.starts_with("retrieved: 20")), "{sidecar}");
    assert!(sidecar.contains("topics: [\"islands\"]"), "{sidecar}");
    // A rebuild needs no network: the article is there, filed under its topic.
    site.build_ok();
    let page = site.page("articles/night-ferry-returns-to-the-northern-route/index.html");
    assert_eq!(texts(&page, "h1"), ["Night ferry returns to the northern route"]);
    // Adding it again refuses rather than overwrites.
    std::fs::write(&saved, b"edited by hand").unwrap();
    let again = add(&site).arg(format!("{base}/ferry")).output().unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    assert_eq!(std::fs::read(&saved).unwrap(), b"edited by hand");
}

#[test]
fn add_reports_each_failed_url_and_still_adds_the_good_ones() {
    let base = serve();
    let site = Fixture::new("html");
    let list = site.root().join("urls.txt");
    std::fs::write(&list, format!("# to read\n{base}/missing\n\n{base}/data\n{base}/cyrillic\n")).unwrap();
    let out = add(&site)
        .args(["--timeout", "1"])
        .arg(format!("{base}/slow"))
        .arg(format!("{base}/huge"))
        .arg(format!("{base}/loop"))
        .arg("ftp://files.example/story.html")
        .arg("--from")
        .arg(&list)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(errors.len(), 6, "{stderr}");
    let says = |path: &str, what: &str| {
        assert!(errors.iter().any(|l| l.contains(path) && l.contains(what)), "{path}: no `{what}` in\n{stderr}");
    };
    says("/slow", "within 1 s");
    says("/huge", "larger than 16 MB");
    says("/loop", "redirects");
    says("ftp://", "not an http");
    says("/missing", "404");
    says("/data", "application/json");
    assert!(stderr.contains("[7/7]"), "progress for many: {stderr}");
    assert!(stderr.contains("1 added, 6 failed"), "{stderr}");
    // The windows-1251 page was decoded by its HTTP header and stored so
    // that a rebuild reads the same text.
    site.build_ok();
    let built: Vec<_> = std::fs::read_dir(site.out().join("articles")).unwrap().flatten().collect();
    let cyrillic = built
        .iter()
        .map(|e| e.path().join("index.html"))
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .find(|t| t.contains("Новый паром на север"));
    let cyrillic = cyrillic.expect("the Cyrillic article was built");
    assert!(cyrillic.contains("берёт велосипеды бесплатно"));
}

#[test]
fn images_are_hot_linked_only_where_the_site_allows_it() {
    let site = Fixture::new("html");
    let toml = std::fs::read_to_string(site.root().join("site.toml")).unwrap();
    site.write("site.toml", &format!("{toml}\n[content]\nhotlink_images = true\n"));
    site.build_ok();
    let page = site.page("articles/ferry/index.html");
    let srcs: Vec<&str> =
        page.select(&sel(".article-body img, article img")).filter_map(|i| i.value().attr("src")).collect();
    assert!(srcs.contains(&"https://cdn.courier.example/ferry.jpg"), "{srcs:?}");
    // The image's alt text is the page's; its attributes are not.
    assert!(!page.html().contains("onerror"));
}
