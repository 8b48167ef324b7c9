//! Structured data for search engines and link previews: schema.org
//! JSON-LD per page kind.

use serde::Serialize;
use serde_json::{json, Value};

use super::route::Routes;
use super::view::ArticleCard;
use crate::dates::iso_stamp;
use crate::model::{Article, Site};

/// Items listed in a collection's JSON-LD (a listing can be long).
const LIST_LIMIT: usize = 100;

/// JSON ready to sit inside `<script>`: no `<`, `>` or `&` at all, so
/// neither `</script` nor `<!--` can change how the element parses. JSON
/// syntax uses none of them, so each is inside a string, where `\u003c`
/// is the same character and still valid JSON.
pub(super) fn script_json(value: &impl Serialize) -> String {
    // Written straight into bytes (`Value::to_string` goes through a
    // formatter for every token). Nothing here has a key that is not a
    // string, so writing cannot fail.
    let json = serde_json::to_string(value).unwrap_or_default();
    let bytes = json.as_bytes();
    // Most JSON-LD has none of the three.
    if memchr::memchr3(b'<', b'>', b'&', bytes).is_none() {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    // Runs between the three are copied whole; all three are ASCII, so
    // every cut is at a character boundary.
    let mut from = 0;
    for i in memchr::memchr3_iter(b'<', b'>', b'&', bytes) {
        let escaped = match bytes.get(i) {
            Some(b'<') => "\\u003c",
            Some(b'>') => "\\u003e",
            _ => "\\u0026",
        };
        out.push_str(&json[from..i]);
        out.push_str(escaped);
        from = i + 1;
    }
    out.push_str(&json[from..]);
    out
}

/// The digest as a web site: what every page is part of.
fn website(site: &Site) -> Linked<'_> {
    Linked { kind: "WebSite", name: &site.config.title, url: &site.config.base_url }
}

/// The digest itself: the publisher of every page it builds.
fn digest(site: &Site) -> Linked<'_> {
    Linked { kind: "Organization", name: &site.config.title, url: &site.config.base_url }
}

pub(super) fn home(site: &Site) -> Value {
    let mut v = json!(website(site));
    v["@context"] = json!("https://schema.org");
    if !site.config.description.is_empty() {
        v["description"] = json!(site.config.description);
    }
    v
}

/// schema.org `NewsArticle` for an article page. The page is the digest's
/// (its `publisher`); the story is the outlet's (`sourceOrganization`, and
/// `isBasedOn` its URL). `datePublished` is the outlet's date only: the day
/// an editor collected the story is when it joined the digest
/// (`dateCreated`, "added to a data feed"), not when it was published.
pub(super) fn news_article<'a>(site: &'a Site, a: &'a Article, permalink: &'a str, urls: &Routes) -> NewsArticle<'a> {
    let outlet = Named { kind: "Organization", name: &a.source };
    let author = if a.authors.is_empty() {
        vec![outlet]
    } else {
        a.authors.iter().map(|n| Named { kind: "Person", name: n }).collect()
    };
    let c = &site.config;
    NewsArticle {
        context: "https://schema.org",
        kind: "NewsArticle",
        author,
        date_created: a.retrieved.as_ref().map(iso_stamp),
        date_published: a.published.as_ref().map(iso_stamp),
        description: &a.summary,
        headline: &a.title,
        image: a.figures.iter().filter_map(|f| f.src.as_deref()).map(|s| absolute(s, urls)).collect(),
        in_language: &c.language,
        is_based_on: a.source_url.as_deref(),
        is_part_of: website(site),
        main_entity_of_page: WebPage { id: permalink, kind: "WebPage" },
        publisher: digest(site),
        source_organization: outlet,
        url: permalink,
    }
}

/// An article's JSON-LD, written without building a `Value` first (a page
/// per article). The fields are in the order of their keys, the order a
/// `Value`'s sorted map writes them in: the JSON is the same.
#[derive(Serialize)]
pub(super) struct NewsArticle<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    author: Vec<Named<'a>>,
    #[serde(rename = "dateCreated", skip_serializing_if = "Option::is_none")]
    date_created: Option<String>,
    #[serde(rename = "datePublished", skip_serializing_if = "Option::is_none")]
    date_published: Option<String>,
    description: &'a str,
    headline: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    image: Vec<String>,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    #[serde(rename = "isBasedOn", skip_serializing_if = "Option::is_none")]
    is_based_on: Option<&'a str>,
    #[serde(rename = "isPartOf")]
    is_part_of: Linked<'a>,
    #[serde(rename = "mainEntityOfPage")]
    main_entity_of_page: WebPage<'a>,
    publisher: Linked<'a>,
    #[serde(rename = "sourceOrganization")]
    source_organization: Named<'a>,
    url: &'a str,
}

#[derive(Clone, Copy, Serialize)]
struct Named<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
}

#[derive(Serialize)]
struct Linked<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct WebPage<'a> {
    #[serde(rename = "@id")]
    id: &'a str,
    #[serde(rename = "@type")]
    kind: &'static str,
}

/// schema.org `CollectionPage` for topic and edition pages.
pub(super) fn collection<'a>(
    site: &'a Site,
    name: &'a str,
    description: &'a str,
    permalink: &'a str,
    cards: &[&'a ArticleCard],
    urls: &Routes,
) -> Collection<'a> {
    let items = cards
        .iter()
        .take(LIST_LIMIT)
        .enumerate()
        .map(|(i, c)| ListItem { kind: "ListItem", name: &c.title, position: i + 1, url: urls.permalink(&c.url) })
        .collect();
    Collection {
        context: "https://schema.org",
        kind: "CollectionPage",
        description,
        in_language: &site.config.language,
        is_part_of: website(site),
        main_entity: ItemList { kind: "ItemList", item_list_element: items, number_of_items: cards.len() },
        name,
        url: permalink,
    }
}

/// A listing's JSON-LD, written from structs as [`NewsArticle`] is: the
/// fields are in the order a `Value`'s sorted keys would write them.
#[derive(Serialize)]
pub(super) struct Collection<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    description: &'a str,
    #[serde(rename = "inLanguage")]
    in_language: &'a str,
    #[serde(rename = "isPartOf")]
    is_part_of: Linked<'a>,
    #[serde(rename = "mainEntity")]
    main_entity: ItemList<'a>,
    name: &'a str,
    url: &'a str,
}

#[derive(Serialize)]
struct ItemList<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "itemListElement")]
    item_list_element: Vec<ListItem<'a>>,
    #[serde(rename = "numberOfItems")]
    number_of_items: usize,
}

#[derive(Serialize)]
struct ListItem<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    position: usize,
    url: String,
}

/// An image URL as an absolute URL (figures may give site paths).
pub(super) fn absolute(src: &str, urls: &Routes) -> String {
    if src.contains("://") {
        src.to_string()
    } else {
        urls.permalink(&urls.asset(src))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Written from the struct, an article's JSON-LD must be what a
    /// `Value` (keys sorted) would write: its fields are in key order.
    #[test]
    fn an_articles_json_ld_has_its_keys_in_the_order_a_value_writes_them() {
        let mut seen = 0;
        for fixture in ["basic", "figures", "hostile", "zones"] {
            let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(fixture);
            let site = crate::build::load_site(&crate::BuildOptions { root, ..Default::default() }).unwrap();
            let routes = Routes::new(&site.config);
            for a in site.articles.iter() {
                let ld = news_article(&site, a, "https://example.org/a/", &routes);
                let direct = serde_json::to_string(&ld).unwrap();
                assert_eq!(direct, serde_json::to_value(&ld).unwrap().to_string(), "{fixture}/{}", a.slug);
                seen += 1;
            }
            let views = crate::render::view::Views::new(&site);
            let cards: Vec<&ArticleCard> = site.articles.ids().map(|i| views.card(i)).collect();
            let ld = collection(&site, "T", "D", "https://example.org/t/", &cards, &routes);
            let direct = serde_json::to_string(&ld).unwrap();
            assert_eq!(direct, serde_json::to_value(&ld).unwrap().to_string(), "{fixture} collection");
        }
        assert!(seen >= 8, "{seen} articles");
    }

    #[test]
    fn script_json_has_no_markup_and_parses_back_to_the_value() {
        let value = json!({ "name": "A <b> & \"c\" </script><!-- é ✓", "n": [1, "x>y"] });
        let text = script_json(&value);
        assert!(!text.contains(['<', '>', '&']), "{text}");
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), value);
    }
}
