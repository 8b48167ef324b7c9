//! What the page says about itself: `<meta>` tags (Open Graph, article:,
//! Dublin Core), JSON-LD (`NewsArticle` and kin), the canonical link,
//! `<time datetime>`, and its visible headings.

use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

use super::dom::collapse;

#[derive(Debug, Default, Clone)]
pub(super) struct Meta {
    /// Titles the page declares: og:title, twitter:title, JSON-LD headline.
    pub declared_titles: Vec<String>,
    /// The `<title>` element.
    pub document_title: Option<String>,
    pub site_name: Option<String>,
    pub published: Option<String>,
    pub authors: Vec<String>,
    pub canonical: Option<String>,
    /// `<time datetime>` values in page order.
    pub times: Vec<String>,
}

fn sel(s: &str) -> Selector {
    // Only called with the literal selectors below.
    Selector::parse(s).unwrap_or_else(|_| Selector::parse("*").expect("`*` parses"))
}

pub(super) fn read(doc: &Html) -> Meta {
    let mut m = Meta::default();
    let mut metas: Vec<(String, String)> = Vec::new();
    for el in doc.select(&sel("meta")) {
        let e = el.value();
        let key = e.attr("property").or(e.attr("name")).or(e.attr("itemprop"));
        if let (Some(k), Some(v)) = (key, e.attr("content")) {
            let v = collapse(v);
            if !v.is_empty() {
                metas.push((k.to_ascii_lowercase(), v));
            }
        }
    }
    let first = |keys: &[&str]| metas.iter().find(|(k, _)| keys.contains(&k.as_str())).map(|(_, v)| v.clone());
    let ld = json_ld(doc);
    for t in [first(&["og:title"]), first(&["twitter:title"]), ld.headline.clone()].into_iter().flatten() {
        if !m.declared_titles.contains(&t) {
            m.declared_titles.push(t);
        }
    }
    m.document_title = doc.select(&sel("title")).next().map(|t| collapse(&t.text().collect::<String>()));
    m.site_name = first(&["og:site_name", "application-name"]).or(ld.publisher);
    m.published = ld.published.or_else(|| {
        first(&[
            "article:published_time",
            "datepublished",
            "og:article:published_time",
            "publishdate",
            "pubdate",
            "date",
            "dc.date",
            "dc.date.issued",
            "dcterms.date",
            "sailthru.date",
        ])
    });
    m.authors = if ld.authors.is_empty() {
        metas
            .iter()
            .filter(|(k, _)| matches!(k.as_str(), "author" | "article:author" | "dc.creator" | "sailthru.author"))
            .map(|(_, v)| v.clone())
            .filter(|v| !v.starts_with("http"))
            .collect()
    } else {
        ld.authors
    };
    m.canonical = doc
        .select(&sel("link[rel=canonical]"))
        .find_map(|l| l.value().attr("href").map(str::trim).map(str::to_string))
        .or_else(|| first(&["og:url"]));
    m.times =
        doc.select(&sel("time[datetime]")).filter_map(|t| t.value().attr("datetime")).map(str::to_string).collect();
    m
}

#[derive(Default)]
struct Ld {
    headline: Option<String>,
    published: Option<String>,
    authors: Vec<String>,
    publisher: Option<String>,
}

const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "BlogPosting",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "WebPage",
    "LiveBlogPosting",
    "Report",
    "ScholarlyArticle",
    "TechArticle",
];

fn json_ld(doc: &Html) -> Ld {
    let mut ld = Ld::default();
    for script in doc.select(&sel("script[type=\"application/ld+json\"]")) {
        let text: String = script.text().collect();
        let Ok(v) = serde_json::from_str::<Value>(text.trim().trim_start_matches("<![CDATA[").trim_end_matches("]]>"))
        else {
            continue;
        };
        let mut items = Vec::new();
        flatten(&v, &mut items, 0);
        // Articles before pages: a WebPage's name is often the <title>.
        items.sort_by_key(|i| !is_type(i, &ARTICLE_TYPES[..ARTICLE_TYPES.len() - 5]));
        for item in items.iter().filter(|i| is_type(i, ARTICLE_TYPES)) {
            if ld.headline.is_none() {
                ld.headline = item.get("headline").and_then(Value::as_str).map(collapse).filter(|s| !s.is_empty());
            }
            if ld.published.is_none() {
                ld.published = item.get("datePublished").and_then(Value::as_str).map(str::to_string);
            }
            if ld.authors.is_empty() {
                ld.authors = names(item.get("author"));
            }
            if ld.publisher.is_none() {
                ld.publisher = names(item.get("publisher")).into_iter().next();
            }
        }
    }
    ld
}

fn is_type(v: &Value, types: &[&str]) -> bool {
    match v.get("@type") {
        Some(Value::String(t)) => types.contains(&t.as_str()),
        Some(Value::Array(a)) => a.iter().any(|t| t.as_str().is_some_and(|t| types.contains(&t))),
        _ => false,
    }
}

/// Objects of a JSON-LD value: top level, arrays and `@graph`.
fn flatten<'a>(v: &'a Value, out: &mut Vec<&'a Value>, depth: usize) {
    if depth > 4 {
        return;
    }
    match v {
        Value::Array(a) => a.iter().for_each(|x| flatten(x, out, depth + 1)),
        Value::Object(o) => {
            out.push(v);
            if let Some(g) = o.get("@graph") {
                flatten(g, out, depth + 1);
            }
        }
        _ => {}
    }
}

/// `"Name"`, `{"name": …}` or a list of them.
fn names(v: Option<&Value>) -> Vec<String> {
    match v {
        Some(Value::String(s)) => vec![collapse(s)],
        Some(Value::Object(o)) => o.get("name").and_then(Value::as_str).map(collapse).into_iter().collect(),
        Some(Value::Array(a)) => a.iter().flat_map(|x| names(Some(x))).collect(),
        _ => Vec::new(),
    }
    .into_iter()
    .filter(|s| !s.is_empty() && !s.starts_with("http"))
    .collect()
}

/// Visible headings (`h1`–`h3`) with their level, in page order.
pub(super) fn headings(doc: &Html) -> Vec<(u8, String)> {
    doc.select(&sel("h1, h2, h3"))
        .filter(|h| !hidden(*h))
        .map(|h| (h.value().name().as_bytes()[1] - b'0', collapse(&h.text().collect::<String>())))
        .filter(|(_, t)| !t.is_empty())
        .collect()
}

fn hidden(el: ElementRef) -> bool {
    el.ancestors().filter_map(ElementRef::wrap).chain([el]).any(|a| {
        let e = a.value();
        matches!(e.name(), "script" | "noscript" | "template") || e.attr("hidden").is_some()
    })
}
