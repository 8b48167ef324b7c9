//! Request handling: URL paths to pages held in memory, the reload
//! endpoint, the error page. [`respond`] is a pure function of the request
//! and the current build; [`super::wire`] reads requests and writes replies.

use crate::live::PageMap;

use super::reload::{self, LONG_POLL};
use super::{Shared, Snapshot};
use crate::error::Error;
use crate::escape::escape;

/// What the server sends back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reply {
    pub status: u16,
    pub content_type: &'static str,
    pub body: Vec<u8>,
    /// The `Location` of a redirect.
    pub location: Option<String>,
}

impl Reply {
    pub(crate) fn text(status: u16, text: &str) -> Reply {
        Reply { status, content_type: "text/plain; charset=utf-8", body: text.as_bytes().to_vec(), location: None }
    }
}

/// Where a request's path leads among the built pages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// A page, by its output path (`articles/x/index.html`).
    Page(String),
    /// A folder asked for without its trailing slash: go here instead.
    Redirect(String),
    NotFound,
}

/// Why a request path is refused outright.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refused(pub &'static str);

/// Maps a request target (`/x/?q`) to a page: `/` → `index.html`, `/x/` →
/// `x/index.html`, `/x` → redirect to `/x/` when that is a page. Refuses,
/// after percent-decoding, `.` and `..` segments, empty segments (`//`),
/// backslashes and NUL: nothing outside the built pages is ever reached.
pub(crate) fn resolve(target: &str, exists: impl Fn(&str) -> bool) -> Result<Target, Refused> {
    let (raw_path, query) = match target.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (target.split_once('#').map_or(target, |(p, _)| p), None),
    };
    let Some(rest) = raw_path.strip_prefix('/') else {
        return Err(Refused("the path must start with /"));
    };
    let decoded = percent_decode(rest).ok_or(Refused("bad percent-encoding"))?;
    if decoded.contains(['\\', '\0']) {
        return Err(Refused("backslash or NUL in the path"));
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len() - 1;
    for (i, s) in segments.iter().enumerate() {
        if *s == "." || *s == ".." {
            return Err(Refused("`.` or `..` in the path"));
        }
        if s.is_empty() && i != last {
            return Err(Refused("empty segment (//) in the path"));
        }
    }
    if decoded.is_empty() || decoded.ends_with('/') {
        let index = format!("{decoded}index.html");
        return Ok(if exists(&index) { Target::Page(index) } else { Target::NotFound });
    }
    if exists(&decoded) {
        return Ok(Target::Page(decoded));
    }
    if exists(&format!("{decoded}/index.html")) {
        let query = query.map(|q| format!("?{q}")).unwrap_or_default();
        return Ok(Target::Redirect(format!("{}/{query}", ascii_only(raw_path))));
    }
    Ok(Target::NotFound)
}

/// `s` with every byte outside printable ASCII percent-encoded, so that it
/// can go in a header.
fn ascii_only(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_graphic() {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes; `None` for a malformed escape or bytes that are
/// not UTF-8.
pub(crate) fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let hex = std::str::from_utf8(hex).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The content type served for an output path.
pub(crate) fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "xml" if path == "feed.xml" || path.ends_with("/feed.xml") => "application/atom+xml; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "json" => "application/json",
        "txt" => "text/plain; charset=utf-8",
        // The search index: unpacked by the page, not the browser.
        "gz" => "application/gzip",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        _ => "application/octet-stream",
    }
}

fn is_html(path: &str) -> bool {
    content_type(path).starts_with("text/html")
}

/// The reply to one request. Only the reload endpoint blocks (on the
/// version in `shared`); everything else reads `snapshot`.
pub(crate) fn respond(shared: &Shared, method: &str, target: &str) -> Reply {
    if method != "GET" && method != "HEAD" {
        return Reply::text(405, "method not allowed: the preview serves GET and HEAD only\n");
    }
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    if path == reload::ENDPOINT {
        let since = query.split('&').find_map(|kv| kv.strip_prefix("since=")).and_then(|v| v.parse().ok());
        let version = match since {
            Some(since) => shared.version.wait_change(since, LONG_POLL),
            None => shared.version.get(),
        };
        return Reply::text(200, &version.to_string());
    }
    respond_page(&shared.snapshot(), target)
}

/// The reply for a page request, against one build.
pub(crate) fn respond_page(snapshot: &Snapshot, target: &str) -> Reply {
    let pages = &snapshot.pages;
    let resolved = match resolve(target, |p| pages.contains_key(p)) {
        Ok(t) => t,
        Err(Refused(why)) => return Reply::text(400, &format!("bad request: {why}\n")),
    };
    let failed = |status| error_page(snapshot.error.as_ref(), snapshot.version, status);
    match resolved {
        Target::Redirect(location) => Reply {
            status: 301,
            content_type: "text/plain; charset=utf-8",
            body: format!("moved to {location}\n").into_bytes(),
            location: Some(location),
        },
        Target::Page(path) if snapshot.error.is_some() && is_html(&path) => failed(500),
        Target::Page(path) => page_reply(200, &path, &pages[&path], snapshot.version),
        Target::NotFound if snapshot.error.is_some() => failed(500),
        Target::NotFound => not_found(pages, snapshot.version),
    }
}

fn page_reply(status: u16, path: &str, bytes: &[u8], version: u64) -> Reply {
    let content_type = content_type(path);
    let body = if is_html(path) { reload::inject(bytes, version) } else { bytes.to_vec() };
    Reply { status, content_type, body, location: None }
}

fn not_found(pages: &PageMap, version: u64) -> Reply {
    match pages.get("404.html") {
        Some(page) => page_reply(404, "404.html", page, version),
        None => Reply::text(404, "not found\n"),
    }
}

/// The page shown instead of every HTML page while the site does not build.
fn error_page(error: Option<&Error>, version: u64, status: u16) -> Reply {
    let diagnostics = error.map_or(&[][..], |e| e.diagnostics.as_slice());
    let count = match diagnostics.len() {
        1 => "1 problem".to_string(),
        n => format!("{n} problems"),
    };
    let mut html = String::from(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>Build failed — Broadsheet preview</title></head>\n\
<body style=\"font:16px/1.5 system-ui,sans-serif;max-width:50rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a\">\n\
<h1 style=\"color:#a00;font-size:1.5rem\">The site does not build</h1>\n",
    );
    html.push_str(&format!(
        "<p>Broadsheet found {count}. Fix the file and save: this page reloads by itself.</p>\n<ol style=\"padding-left:1.5rem\">\n"
    ));
    for d in diagnostics {
        let mut place = d.path.display().to_string().replace('\\', "/");
        if let Some(line) = d.line {
            place.push_str(&format!(":{line}"));
        }
        html.push_str(&format!(
            "<li style=\"margin:0 0 1rem\"><code style=\"background:#f3f3f3;padding:0 .25rem\">{}</code>: {}",
            escape(&place),
            escape(&d.message)
        ));
        if let Some(hint) = &d.hint {
            html.push_str(&format!("<br><span style=\"color:#555\">hint: {}</span>", escape(hint)));
        }
        html.push_str("</li>\n");
    }
    html.push_str("</ol>\n</body></html>\n");
    Reply {
        status,
        content_type: "text/html; charset=utf-8",
        body: reload::inject(html.as_bytes(), version),
        location: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Diagnostic;
    use std::sync::Arc;

    fn site(pages: &[&str]) -> Snapshot {
        let pages = pages.iter().map(|p| (p.to_string(), Arc::new(format!("<body>{p}</body>").into_bytes()))).collect();
        Snapshot { version: 3, pages: Arc::new(pages), error: None }
    }

    fn resolve_in(target: &str) -> Result<Target, Refused> {
        let s = site(&["index.html", "articles/a/index.html", "feed.xml", "404.html"]);
        resolve(target, |p| s.pages.contains_key(p))
    }

    #[test]
    fn paths_map_to_pages() {
        assert_eq!(resolve_in("/"), Ok(Target::Page("index.html".into())));
        assert_eq!(resolve_in("/?x=1"), Ok(Target::Page("index.html".into())));
        assert_eq!(resolve_in("/articles/a/"), Ok(Target::Page("articles/a/index.html".into())));
        assert_eq!(resolve_in("/articles/%61/"), Ok(Target::Page("articles/a/index.html".into())));
        assert_eq!(resolve_in("/feed.xml"), Ok(Target::Page("feed.xml".into())));
        assert_eq!(resolve_in("/articles/a"), Ok(Target::Redirect("/articles/a/".into())));
        assert_eq!(resolve_in("/articles/a?q=1"), Ok(Target::Redirect("/articles/a/?q=1".into())));
        assert_eq!(resolve_in("/articles/b/"), Ok(Target::NotFound));
        let s = site(&["caf\u{e9}/index.html"]);
        assert_eq!(resolve("/caf\u{e9}", |p| s.pages.contains_key(p)), Ok(Target::Redirect("/caf%C3%A9/".into())));
        assert_eq!(resolve_in("/articles/"), Ok(Target::NotFound));
    }

    #[test]
    fn traversal_and_odd_paths_are_refused() {
        for bad in [
            "/../site.toml",
            "/%2e%2e/site.toml",
            "/%2E%2E/site.toml",
            "/articles/../../site.toml",
            "/articles/%2e%2e%2f%2e%2e%2fsite.toml",
            "/./index.html",
            "//etc/passwd",
            "/a//b",
            "/..%5csite.toml",
            "/a\\b",
            "/index.html%00",
            "/%zz",
            "/%ff",
            "site.toml",
            "http://x/site.toml",
        ] {
            assert!(resolve_in(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn html_gets_the_reload_script_and_other_files_do_not() {
        let s = site(&["index.html", "style.css"]);
        let r = respond_page(&s, "/");
        assert_eq!((r.status, r.content_type), (200, "text/html; charset=utf-8"));
        assert!(String::from_utf8(r.body).unwrap().contains("var v=3,"));
        let r = respond_page(&s, "/style.css");
        assert_eq!((r.status, r.content_type), (200, "text/css; charset=utf-8"));
        assert_eq!(r.body, b"<body>style.css</body>");
    }

    #[test]
    fn unknown_paths_get_the_sites_404_page() {
        let r = respond_page(&site(&["index.html", "404.html"]), "/nope/");
        assert_eq!(r.status, 404);
        assert!(String::from_utf8(r.body).unwrap().starts_with("<body>404.html<script"));
        assert_eq!(respond_page(&site(&["index.html"]), "/nope").status, 404);
    }

    #[test]
    fn refused_paths_are_400() {
        assert_eq!(respond_page(&site(&["index.html"]), "/../site.toml").status, 400);
    }

    #[test]
    fn a_failed_build_shows_the_problems_on_html_pages_only() {
        let mut s = site(&["index.html", "style.css"]);
        let d = Diagnostic::new("content/articles/<b>.md", Some(3), "`source` is empty").hint("add `source: \"X\"`");
        s.error = Some(Error::single(d));
        let r = respond_page(&s, "/");
        assert_eq!(r.status, 500);
        let body = String::from_utf8(r.body).unwrap();
        assert!(body.contains("content/articles/&lt;b&gt;.md:3</code>: `source` is empty"), "{body}");
        assert!(body.contains("hint: add `source: &quot;X&quot;`"), "{body}");
        assert!(body.contains("var v=3,"), "{body}");
        assert_eq!(respond_page(&s, "/missing/").status, 500);
        assert_eq!(respond_page(&s, "/style.css").status, 200);
    }

    #[test]
    fn content_types_follow_extensions() {
        assert_eq!(content_type("feed.xml"), "application/atom+xml; charset=utf-8");
        assert_eq!(content_type("topics/a/feed.xml"), "application/atom+xml; charset=utf-8");
        assert_eq!(content_type("sitemap.xml"), "application/xml; charset=utf-8");
        assert_eq!(content_type("a/b.WOFF2"), "font/woff2");
        assert_eq!(content_type(".nojekyll"), "application/octet-stream");
        assert_eq!(content_type("CNAME"), "application/octet-stream");
    }
}
