//! Source, published date, authors and canonical URL from the metadata.

use scraper::Html;

use super::meta::Meta;
use crate::clean::Cleaned;

pub fn fill(out: &mut Cleaned, meta: &Meta, _doc: &Html) {
    out.source = meta.site_name.clone();
    out.published = meta.published.clone().or_else(|| meta.times.first().cloned());
    out.authors = meta.authors.clone();
}

pub fn canonical(meta: &Meta, url: Option<&str>) -> Option<String> {
    let abs = |u: &str| u.starts_with("https://") || u.starts_with("http://");
    meta.canonical.clone().filter(|u| abs(u)).or_else(|| url.filter(|u| abs(u)).map(str::to_string))
}

/// `https://www.example.com/a` → `example.com`.
pub fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then(|| host.to_string())
}
