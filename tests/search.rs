//! The site search index: every article, note and topic, each with its
//! credit, found by the words of its title, source, topics and lead.

mod common;

use std::io::Read;

use common::{sel, Fixture};
use serde_json::Value;

fn gunzip(site: &Fixture, path: &str) -> Value {
    let bytes = std::fs::read(site.out().join(path)).unwrap();
    let mut json = String::new();
    flate2::read::GzDecoder::new(&bytes[..]).read_to_string(&mut json).unwrap();
    serde_json::from_str(&json).unwrap()
}

/// The whole index as the search page puts it together: the parts that
/// `search/index.json.gz` lists, their documents in order, and each word
/// with the numbers of its documents in the whole.
fn index(site: &Fixture) -> Value {
    let list = gunzip(site, "search/index.json.gz");
    let mut docs: Vec<Value> = Vec::new();
    let mut words: serde_json::Map<String, Value> = serde_json::Map::new();
    for url in list["parts"].as_array().unwrap() {
        let part = gunzip(site, url.as_str().unwrap());
        let first = docs.len();
        for (word, packed) in part["words"].as_object().unwrap() {
            let ids = words.entry(word.clone()).or_insert_with(|| Value::Array(Vec::new()));
            let ids = ids.as_array_mut().unwrap();
            ids.extend(unpack(packed.as_str().unwrap()).into_iter().map(|id| Value::from(first + id)));
        }
        docs.extend(part["docs"].as_array().unwrap().iter().cloned());
    }
    serde_json::json!({ "docs": docs, "words": words, "parts": list["parts"].as_array().unwrap().len() })
}

/// A word's documents in a part: deltas in base 36, or `~` and a bitmap.
fn unpack(packed: &str) -> Vec<usize> {
    if let Some(bitmap) = packed.strip_prefix('~') {
        return unbase64(bitmap)
            .iter()
            .enumerate()
            .flat_map(|(i, byte)| (0..8).filter(move |b| byte & (1 << b) != 0).map(move |b| i * 8 + b))
            .collect();
    }
    let mut last = 0;
    packed
        .split(',')
        .map(|d| {
            last += usize::from_str_radix(d, 36).unwrap();
            last
        })
        .collect()
}

/// Documents with `word`, as `[kind, title, url, credit, date, summary]`.
fn found<'a>(index: &'a Value, word: &str) -> Vec<&'a Value> {
    let docs = index["docs"].as_array().unwrap();
    let Some(ids) = index["words"][word].as_array() else { return Vec::new() };
    ids.iter().map(|id| &docs[id.as_u64().unwrap() as usize]).collect()
}

fn unbase64(text: &str) -> Vec<u8> {
    const ABC: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let sextets: Vec<u32> = text.trim_end_matches('=').chars().map(|c| ABC.find(c).unwrap() as u32).collect();
    let mut out = Vec::new();
    for chunk in sextets.chunks(4) {
        let n = chunk.iter().enumerate().fold(0, |n, (i, &s)| n | s << (18 - 6 * i));
        out.extend((0..chunk.len() - 1).map(|i| (n >> (16 - 8 * i)) as u8));
    }
    out
}

#[test]
fn every_article_is_in_the_index_with_its_credit() {
    let site = Fixture::new("search");
    let summary = site.build_ok();
    let index = index(&site);
    let docs = index["docs"].as_array().unwrap();
    let articles: Vec<&Value> = docs.iter().filter(|d| d[0] == "article").collect();
    assert_eq!(articles.len(), summary.articles);
    for a in &articles {
        let url = a[2].as_str().unwrap();
        let page = site.page(&format!("{url}index.html"));
        let credit = common::text_of(&page.select(&sel("article.article .credit")).next().unwrap());
        assert!(credit.contains(a[3].as_str().unwrap()), "{url}: {credit:?} against {}", a[3]);
    }
    assert!(docs.iter().any(|d| d[0] == "topic" && d[1] == "Alpha affairs"));
    assert!(docs
        .iter()
        .any(|d| d[0] == "note" && d[1] == "Context for alpha" && d[3] == "Editor's note by The Editor"));
}

#[test]
fn words_of_titles_sources_topics_and_text_find_their_documents() {
    let site = Fixture::new("search");
    site.build_ok();
    let index = index(&site);
    let titles = |word: &str| -> Vec<String> {
        found(&index, word).iter().map(|d| d[1].as_str().unwrap().to_string()).collect()
    };
    assert!(titles("newest").contains(&"Alpha news, newest".to_string()), "by its title");
    assert!(titles("wire").contains(&"Alpha news, newest".to_string()), "by its source, Alpha Wire");
    assert!(titles("affairs").contains(&"Alpha news, newest".to_string()), "by its topic, Alpha affairs");
    assert!(titles("one").contains(&"Alpha news, newest".to_string()), "by its text, Alpha body one");
    assert!(titles("week").contains(&"This week".to_string()), "a note by its title");
    assert!(index["words"].get("Alpha").is_none(), "words are lower-case");

    let page = site.page("search/index.html");
    assert_eq!(page.select(&sel("form[role=search] input[type=search][name=q]")).count(), 1);
    let script = page.select(&sel("script[data-index]")).next().expect("no search script");
    assert_eq!(script.value().attr("data-index"), Some("/repo/search/index.json.gz"));
    assert!(site.out().join("search.js").is_file());
}
