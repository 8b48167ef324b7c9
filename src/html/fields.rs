//! Source, published date, authors and canonical URL from the metadata,
//! cleaned: bylines without "By", dates, job titles or desk names; dates
//! as RFC 3339 (or a plain date when the page gives no time).

use chrono::{DateTime, NaiveDate, NaiveDateTime};
use scraper::Html;

use super::meta::Meta;
use crate::clean::Cleaned;

pub(super) fn fill(out: &mut Cleaned, meta: &Meta, _doc: &Html) {
    out.source = meta.site_name.clone();
    out.published = meta.published.as_deref().and_then(normalise_date).or_else(|| {
        // A `<time datetime>` only when the metadata names no date.
        meta.times.first().and_then(|t| normalise_date(t))
    });
    let mut authors: Vec<String> = Vec::new();
    for a in meta.authors.iter().flat_map(|a| author_names(a)) {
        if !authors.contains(&a) {
            authors.push(a);
        }
    }
    out.authors = authors;
}

pub(super) fn canonical(meta: &Meta, url: Option<&str>) -> Option<String> {
    let abs = |u: &str| u.starts_with("https://") || u.starts_with("http://");
    meta.canonical.clone().filter(|u| abs(u)).or_else(|| url.filter(|u| abs(u)).map(str::to_string))
}

/// `https://www.example.com/a` → `example.com`.
pub(super) fn host(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then(|| host.to_string())
}

/// An image address of the page made absolute against the page's URL;
/// `None` unless it is http(s) in the end.
pub(super) fn resolve(src: &str, base: Option<&str>) -> Option<String> {
    let src = src.trim();
    let abs = if src.starts_with("https://") || src.starts_with("http://") {
        src.to_string()
    } else {
        let base = base?;
        let (scheme, rest) = base.split_once("://")?;
        let host = rest.split(['/', '?', '#']).next()?;
        if let Some(r) = src.strip_prefix("//") {
            format!("{scheme}://{r}")
        } else if src.starts_with('/') {
            format!("{scheme}://{host}{src}")
        } else {
            let path = &rest[host.len()..];
            let dir = path.split(['?', '#']).next().unwrap_or("").rsplit_once('/').map_or("", |(d, _)| d);
            format!("{scheme}://{host}{dir}/{src}")
        }
    };
    (crate::escape::is_safe_image(&abs) && !abs.contains(char::is_whitespace)).then_some(abs)
}

/// An ISO date or datetime in any of the forms pages use → RFC 3339 with
/// its offset, or the date alone when no offset is given.
pub(super) fn normalise_date(s: &str) -> Option<String> {
    let s = s.trim();
    if let Ok(d) = DateTime::parse_from_rfc3339(s) {
        return Some(d.to_rfc3339());
    }
    for f in ["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%dT%H:%M%z", "%Y-%m-%d %H:%M:%S%z"] {
        if let Ok(d) = DateTime::parse_from_str(s, f) {
            return Some(d.to_rfc3339());
        }
    }
    for f in ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M"] {
        if let Ok(d) = NaiveDateTime::parse_from_str(s, f) {
            return Some(d.date().to_string());
        }
    }
    let day = s.get(..10)?;
    NaiveDate::parse_from_str(day, "%Y-%m-%d").ok().map(|d| d.to_string())
}

/// Words that make a byline part a job title, a desk or an agency rather
/// than a person.
const NOT_A_PERSON: &[&str] = &[
    "writer",
    "correspondent",
    "editor",
    "reporter",
    "staff",
    "desk",
    "bureau",
    "team",
    "newsroom",
    "news",
    "agency",
    "contributor",
    "columnist",
    "press",
    "associated",
    "reuters",
    "afp",
    "ap",
    "wire",
    "wires",
    "service",
    "online",
    "digital",
    "admin",
    "administrator",
    "guest",
    "media",
    "group",
    "redaction",
    "redazione",
    "redação",
    "редакция",
];

/// A byline value → the people it names.
pub(super) fn author_names(value: &str) -> Vec<String> {
    let mut v = value.trim();
    if v.starts_with("http://") || v.starts_with("https://") {
        return Vec::new();
    }
    for prefix in ["By ", "by ", "BY ", "Por ", "Di ", "Von "] {
        if let Some(rest) = v.strip_prefix(prefix) {
            v = rest;
        }
    }
    v.split([',', ';', '|', '&', '/', '\n'])
        .flat_map(|p| p.split(" and "))
        .map(|p| p.trim().trim_start_matches("By ").trim().trim_end_matches('.').trim())
        .filter(|p| is_person(p))
        .map(str::to_string)
        .collect()
}

fn is_person(p: &str) -> bool {
    let words: Vec<&str> = p.split_whitespace().collect();
    if words.is_empty() || words.len() > 5 || p.contains(['@', ':', '(', ')']) || p.starts_with("http") {
        return false;
    }
    if p.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    let lower = p.to_lowercase();
    !lower.split(|c: char| !c.is_alphanumeric()).any(|w| NOT_A_PERSON.contains(&w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines_lose_dates_titles_and_desks() {
        assert_eq!(author_names("By Robert Burns, AP National Security Writer"), ["Robert Burns"]);
        assert_eq!(author_names("Mira Holt and Jonas Wirth"), ["Mira Holt", "Jonas Wirth"]);
        assert_eq!(author_names("Ana Silva | 20 November 2026"), ["Ana Silva"]);
        assert!(author_names("Metro Desk").is_empty());
        assert!(author_names("Reuters").is_empty());
        assert!(author_names("https://www.example.com/people/ana").is_empty());
    }

    #[test]
    fn dates_become_rfc3339_or_plain_dates() {
        assert_eq!(normalise_date("2019-11-18T17:19:00Z").as_deref(), Some("2019-11-18T17:19:00+00:00"));
        assert_eq!(normalise_date("2019-11-18T17:19:00+0100").as_deref(), Some("2019-11-18T17:19:00+01:00"));
        assert_eq!(normalise_date("2019-11-18T17:19:00").as_deref(), Some("2019-11-18"));
        assert_eq!(normalise_date("2019-11-18").as_deref(), Some("2019-11-18"));
        assert_eq!(normalise_date("yesterday"), None);
    }
}
