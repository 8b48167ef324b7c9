//! `broadsheet explain`: why an article got its topics, in words an editor
//! can act on.

use std::fmt::Write;
use std::path::Path;

use crate::error::{Diagnostic, Result};
use crate::model::{ArticleId, Site};
use crate::rules::{evaluate, Mentions, Searchable};

/// Finds an article by slug or by the path of its file.
pub fn find_article(site: &Site, query: &str) -> Result<ArticleId> {
    let stem = Path::new(query).file_name().and_then(|n| n.to_str()).unwrap_or(query);
    let stem = stem.trim_end_matches(".md").trim_end_matches(".txt").trim_end_matches(".meta.yaml");
    site.articles.position(|a| a.slug == stem).ok_or_else(|| {
        let mut close: Vec<&str> =
            site.articles.iter().map(|a| a.slug.as_str()).filter(|s| s.contains(stem) || stem.contains(s)).collect();
        close.truncate(5);
        let hint = if close.is_empty() {
            "give the article's slug (its file name without .md/.txt) or its path; drafts and scheduled articles count too"
                .to_string()
        } else {
            format!("did you mean: {}?", close.join(", "))
        };
        Diagnostic::new(query, None, "no such article").hint(hint).into()
    })
}

/// A report of the article's topics and, for each topic with rules, which
/// terms matched where and which rules failed.
pub fn explain(site: &Site, id: ArticleId) -> String {
    let a = &site.articles[id];
    let mut out = String::new();
    let _ = writeln!(out, "{} ({})", a.title, a.file.display());
    let filed: Vec<&str> = site.article_topics[id].iter().map(|&t| site.topics[t].title.as_str()).collect();
    let _ = writeln!(
        out,
        "topics: {}",
        if filed.is_empty() { "none (listed under \"Other news\")".to_string() } else { filed.join(", ") }
    );
    if !a.topics.is_empty() {
        let _ = writeln!(
            out,
            "\nThe topics are set explicitly by `topics:` in the article, so topic rules are not applied."
        );
        return out;
    }
    let text = Searchable::new(&a.title, &a.summary, a.body.text());
    for topic in &site.topics {
        let _ = writeln!(out);
        let Some(rules) = &topic.rules else {
            let _ = writeln!(out, "  - {} ({}): no match rules", topic.title, topic.slug);
            continue;
        };
        let verdict = evaluate(rules, &text);
        let mark = if verdict.matched { "✓ matched" } else { "✗ not matched" };
        let _ = writeln!(out, "  {mark}: {} ({})", topic.title, topic.slug);
        for (i, group) in verdict.all.iter().enumerate() {
            let _ = writeln!(out, "      all[{}]: {}", i + 1, terms(group));
        }
        if !verdict.any.is_empty() {
            let _ = writeln!(out, "      any: {}", terms(&verdict.any));
        }
        if !verdict.none.is_empty() {
            let _ = writeln!(out, "      none: {}", terms(&verdict.none));
        }
        let _ = writeln!(out, "      mentions: {} (min_mentions {})", verdict.mentions, rules.min_mentions);
        for f in &verdict.failures {
            let _ = writeln!(out, "      failed {f}");
        }
    }
    out
}

/// "Russia (title 1, body 4), Putin (body 2)", or what was looked for.
fn terms(list: &[(String, Mentions)]) -> String {
    let found: Vec<String> =
        list.iter().filter(|(_, m)| m.total() > 0).map(|(t, m)| format!("{t} ({})", places(m))).collect();
    if found.is_empty() {
        let wanted: Vec<&str> = list.iter().map(|(t, _)| t.as_str()).collect();
        format!("nothing found of {}", wanted.join(", "))
    } else {
        found.join(", ")
    }
}

fn places(m: &Mentions) -> String {
    [("title", m.title), ("summary", m.summary), ("body", m.body)]
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(w, n)| format!("{w} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}
