//! Structured data for search engines and link previews: schema.org
//! JSON-LD per page kind.

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
pub(super) fn script_json(value: &Value) -> String {
    // Written straight into bytes: `to_string` goes through a formatter
    // for every token. The same JSON either way (it cannot fail for a Value).
    let json = serde_json::to_string(value).unwrap_or_else(|_| value.to_string());
    let mut out = String::with_capacity(json.len() + 16);
    // Runs between the three are copied whole; all three are ASCII, so
    // every cut is at a character boundary.
    let mut from = 0;
    for (i, b) in json.bytes().enumerate() {
        let escaped = match b {
            b'<' => "\\u003c",
            b'>' => "\\u003e",
            b'&' => "\\u0026",
            _ => continue,
        };
        out.push_str(&json[from..i]);
        out.push_str(escaped);
        from = i + 1;
    }
    out.push_str(&json[from..]);
    out
}

fn website(site: &Site) -> Value {
    json!({ "@type": "WebSite", "name": site.config.title, "url": site.config.base_url })
}

pub(super) fn home(site: &Site) -> Value {
    let mut v = website(site);
    v["@context"] = json!("https://schema.org");
    if !site.config.description.is_empty() {
        v["description"] = json!(site.config.description);
    }
    v
}

/// The digest itself: the publisher of every page it builds.
fn digest(site: &Site) -> Value {
    json!({ "@type": "Organization", "name": site.config.title, "url": site.config.base_url })
}

/// schema.org `NewsArticle` for an article page. The page is the digest's
/// (its `publisher`); the story is the outlet's (`sourceOrganization`, and
/// `isBasedOn` its URL). `datePublished` is the outlet's date only: the day
/// an editor collected the story is when it joined the digest
/// (`dateCreated`, "added to a data feed"), not when it was published.
pub(super) fn news_article(site: &Site, a: &Article, permalink: &str, urls: &Routes) -> Value {
    let outlet = json!({ "@type": "Organization", "name": a.source });
    let authors: Vec<Value> = if a.authors.is_empty() {
        vec![outlet.clone()]
    } else {
        a.authors.iter().map(|n| json!({ "@type": "Person", "name": n })).collect()
    };
    let mut v = json!({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a.title,
        "url": permalink,
        "mainEntityOfPage": { "@type": "WebPage", "@id": permalink },
        "description": a.summary,
        "inLanguage": site.config.language,
        "author": authors,
        "publisher": digest(site),
        "sourceOrganization": outlet,
        "isPartOf": website(site),
    });
    if let Some(date) = &a.published {
        v["datePublished"] = json!(iso_stamp(date));
    }
    if let Some(date) = &a.retrieved {
        v["dateCreated"] = json!(iso_stamp(date));
    }
    if let Some(url) = &a.source_url {
        v["isBasedOn"] = json!(url);
    }
    let images: Vec<String> = a.figures.iter().filter_map(|f| f.src.as_deref()).map(|s| absolute(s, urls)).collect();
    if !images.is_empty() {
        v["image"] = json!(images);
    }
    v
}

/// schema.org `CollectionPage` for topic and edition pages.
pub(super) fn collection(
    site: &Site,
    name: &str,
    description: &str,
    permalink: &str,
    cards: &[&ArticleCard],
    urls: &Routes,
) -> Value {
    let items: Vec<Value> = cards
        .iter()
        .take(LIST_LIMIT)
        .enumerate()
        .map(|(i, c)| json!({ "@type": "ListItem", "position": i + 1, "url": urls.permalink(&c.url), "name": c.title }))
        .collect();
    json!({
        "@context": "https://schema.org",
        "@type": "CollectionPage",
        "name": name,
        "description": description,
        "url": permalink,
        "inLanguage": site.config.language,
        "isPartOf": website(site),
        "mainEntity": { "@type": "ItemList", "numberOfItems": cards.len(), "itemListElement": items },
    })
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

    #[test]
    fn script_json_has_no_markup_and_parses_back_to_the_value() {
        let value = json!({ "name": "A <b> & \"c\" </script><!-- é ✓", "n": [1, "x>y"] });
        let text = script_json(&value);
        assert!(!text.contains(['<', '>', '&']), "{text}");
        assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), value);
    }
}
