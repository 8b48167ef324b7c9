//! Fetching one page for `broadsheet add`: http(s) only, a timeout for the
//! whole exchange, a bounded number of redirects, a size cap, and HTML
//! content types only. Every failure is one sentence naming the URL's
//! problem.

use std::time::Duration;

use ureq::ResponseExt;

/// At most this many redirects are followed.
pub(crate) const MAX_REDIRECTS: u32 = 5;

/// A fetched page.
#[derive(Debug)]
pub struct Fetched {
    /// Where the page was finally read from (after redirects).
    pub url: String,
    /// The body as sent.
    pub bytes: Vec<u8>,
    /// The `Content-Type` header, when sent.
    pub content_type: Option<String>,
}

/// Whether `url` is an absolute http(s) URL with a host.
pub(crate) fn is_web_url(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    let rest = lower.strip_prefix("https://").or_else(|| lower.strip_prefix("http://"));
    rest.is_some_and(|r| !r.is_empty() && !r.starts_with('/') && !url.chars().any(char::is_whitespace))
}

/// Fetches an http(s) page, following redirects, within `timeout`; errors say why in words.
pub fn fetch(url: &str, timeout: Duration) -> Result<Fetched, String> {
    if !is_web_url(url) {
        return Err("not an http:// or https:// URL".into());
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .max_redirects(MAX_REDIRECTS)
        .http_status_as_error(false)
        .user_agent(concat!("Broadsheet/", env!("CARGO_PKG_VERSION"), " (+static news digest)"))
        .build()
        .into();
    let mut response = agent
        .get(url)
        .header("Accept", "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1")
        .call()
        .map_err(|e| describe(&e, timeout))?;
    let status = response.status();
    if !status.is_success() {
        let reason = status.canonical_reason().unwrap_or("");
        return Err(format!("the server answered {} {reason}", status.as_u16()).trim_end().to_string());
    }
    let content_type = response.headers().get("content-type").and_then(|v| v.to_str().ok()).map(str::to_string);
    if let Some(ct) = &content_type {
        let mime = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
        if !matches!(mime.as_str(), "text/html" | "application/xhtml+xml" | "") {
            return Err(format!("not a web page: the server sent {mime}"));
        }
    }
    let final_url = response.get_uri().to_string();
    let bytes = response
        .body_mut()
        .with_config()
        .limit(super::MAX_BYTES as u64)
        .read_to_vec()
        .map_err(|e| describe(&e, timeout))?;
    Ok(Fetched { url: final_url, bytes, content_type })
}

fn describe(e: &ureq::Error, timeout: Duration) -> String {
    match e {
        ureq::Error::Timeout(_) => format!("no complete answer within {} s", timeout.as_secs()),
        ureq::Error::TooManyRedirects => format!("more than {MAX_REDIRECTS} redirects"),
        ureq::Error::BodyExceedsLimit(_) => format!("page larger than {} MB", super::MAX_BYTES >> 20),
        ureq::Error::HostNotFound => "host not found".into(),
        ureq::Error::Io(io) => format!("cannot connect or read: {io}"),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_web_urls() {
        assert!(is_web_url("https://example.com/a"));
        assert!(is_web_url("HTTP://example.com"));
        assert!(!is_web_url("file:///etc/passwd"));
        assert!(!is_web_url("ftp://example.com/"));
        assert!(!is_web_url("https:///nohost"));
        assert!(!is_web_url("javascript:alert(1)"));
    }
}
