//! Each edition as a newsletter: `editions/ID/newsletter.html`, ready to
//! send (inline CSS, a table layout mail clients render, every link
//! absolute, every item with its source credit, small enough that Gmail
//! does not clip it), and `newsletter.txt`, the same in plain text.

use std::fmt::Write;

use serde::Serialize;

use crate::error::Diagnostic;
use crate::model::{EditionId, Target};
use crate::render::{Cx, Item, Output, Prints, Route, Routes, Sink};

pub(super) struct Newsletter;

/// Items after this many are listed without their summary, and items
/// after the next limit only counted, with a link to the edition: Gmail
/// clips a message over 102 KB.
const SUMMARIES: usize = 30;
const ITEMS: usize = 120;

/// What `newsletter.html` receives: `newsletter` (and `site`, whose URLs
/// are paths: use only the newsletter's, which are absolute).
#[derive(Serialize)]
struct NewsletterContext {
    newsletter: Issue,
}

/// One edition as sent: every URL absolute, HTML links made absolute.
#[derive(Serialize)]
struct Issue {
    site_title: String,
    site_url: String,
    title: String,
    period_label: String,
    /// The edition on the site.
    url: String,
    feed_url: String,
    notice: Option<String>,
    intro_html: String,
    groups: Vec<IssueGroup>,
    notes: Vec<IssueNote>,
    article_count: usize,
    /// Articles left out for length: the edition on the site has them.
    more: usize,
}

#[derive(Serialize)]
struct IssueGroup {
    title: String,
    url: Option<String>,
    articles: Vec<IssueItem>,
}

#[derive(Serialize)]
struct IssueItem {
    title: String,
    url: String,
    source: String,
    source_url: Option<String>,
    date: Option<String>,
    /// Empty after the first few items.
    summary: String,
}

#[derive(Serialize)]
struct IssueNote {
    title: String,
    author: Option<String>,
    date: Option<String>,
    body_html: String,
}

impl Output for Newsletter {
    fn name(&self) -> &'static str {
        "newsletter"
    }

    fn jobs(&self, cx: &Cx) -> Vec<(Item, Route)> {
        let r = cx.routes;
        cx.site
            .editions
            .iter_ids()
            .flat_map(|(i, e)| {
                [(Item::Edition(i), r.newsletter_html(&e.slug)), (Item::Edition(i), r.newsletter_text(&e.slug))]
            })
            .collect()
    }

    fn run(&self, item: Item, route: &Route, cx: &Cx, sink: &mut Sink) -> Result<(), Diagnostic> {
        let Item::Edition(i) = item else { return Ok(()) };
        let issue = issue(cx, i);
        if route.path.ends_with(".txt") {
            sink.data(&issue, text);
            Ok(())
        } else {
            sink.template("newsletter.html", &route.path, &NewsletterContext { newsletter: issue })
        }
    }

    /// An issue is made of what its edition's page is made of (less its
    /// neighbours), so it is told by the same parts.
    fn print(&self, item: Item, route: &Route, cx: &Cx, prints: &Prints) -> Option<u64> {
        let Item::Edition(i) = item else { return None };
        super::editions::print_edition("newsletter", i, route, cx, prints)
    }
}

fn issue(cx: &Cx, index: EditionId) -> Issue {
    let (site, r, views) = (cx.site, cx.routes, cx.views);
    let c = &site.config;
    let e = &site.editions[index];
    let mut shown = 0;
    let mut groups = Vec::new();
    for g in views.edition(site, index).groups {
        let mut articles = Vec::new();
        for a in g.articles {
            shown += 1;
            if shown > ITEMS {
                continue;
            }
            articles.push(IssueItem {
                url: r.permalink(&a.url),
                title: a.title.clone(),
                source: a.source.clone(),
                source_url: a.source_url.clone(),
                date: a.published.as_ref().or(a.retrieved.as_ref()).map(|d| d.display.clone()),
                summary: if shown <= SUMMARIES { a.summary.clone() } else { String::new() },
            });
        }
        if !articles.is_empty() {
            groups.push(IssueGroup { title: g.title, url: g.topic.map(|t| r.permalink(&t.url)), articles });
        }
    }
    let notes = site
        .notes_for(Target::Edition(index))
        .iter()
        .map(|&n| {
            let v = &views.notes[n];
            IssueNote {
                title: v.title.clone(),
                author: v.author.clone(),
                date: v.date.as_ref().map(|d| d.display.clone()),
                body_html: absolute_links(&v.body_html, r),
            }
        })
        .collect();
    Issue {
        site_title: c.title.clone(),
        site_url: c.base_url.clone(),
        title: e.title.clone(),
        period_label: e.period_label.clone(),
        url: r.permalink(&r.edition(&e.slug).url),
        feed_url: r.permalink(&r.feed().url),
        notice: c.notice.clone(),
        intro_html: absolute_links(&e.intro_html, r),
        groups,
        notes,
        article_count: views.editions[index].article_count,
        more: shown.saturating_sub(ITEMS),
    }
}

/// Links and images of HTML Broadsheet rendered point at site paths; in a
/// mail they must be absolute.
fn absolute_links(html: &str, r: &Routes) -> String {
    let mut out = html.to_string();
    for attr in ["href", "src"] {
        out = out.replace(&format!("{attr}=\"{}", r.base_path), &format!("{attr}=\"{}", r.base_url));
    }
    out
}

fn text(issue: &Issue) -> Vec<u8> {
    let mut t = String::new();
    let _ = writeln!(t, "{}", issue.site_title);
    let _ = writeln!(t, "{}\n{}\n", issue.title, "=".repeat(issue.title.chars().count()));
    if issue.period_label != issue.title {
        let _ = writeln!(t, "{}", issue.period_label);
    }
    let _ = writeln!(t, "{} article{}. On the web: {}\n", issue.article_count, plural(issue.article_count), issue.url);
    if let Some(notice) = &issue.notice {
        let _ = writeln!(t, "Notice: {notice}\n");
    }
    let intro = plain(&issue.intro_html);
    if !intro.is_empty() {
        let _ = writeln!(t, "{intro}\n");
    }
    for g in &issue.groups {
        let _ = writeln!(t, "{}\n{}\n", g.title, "-".repeat(g.title.chars().count()));
        for a in &g.articles {
            let _ = writeln!(t, "* {}", a.title);
            let credit = match &a.source_url {
                Some(u) => format!("{} <{u}>", a.source),
                None => a.source.clone(),
            };
            let _ = writeln!(t, "  Source: {credit}");
            if let Some(d) = &a.date {
                let _ = writeln!(t, "  {d}");
            }
            if !a.summary.is_empty() {
                let _ = writeln!(t, "  {}", a.summary);
            }
            let _ = writeln!(t, "  {}\n", a.url);
        }
    }
    if issue.more > 0 {
        let _ = writeln!(t, "And {} more article{} on the web: {}\n", issue.more, plural(issue.more), issue.url);
    }
    for n in &issue.notes {
        let by = n.author.as_deref().map(|a| format!(", by {a}")).unwrap_or_default();
        let _ = writeln!(t, "Editor's note: {}{by}\n{}\n", n.title, plain(&n.body_html));
    }
    let _ = writeln!(t, "--\n{} · {}\nFeed: {}", issue.site_title, issue.site_url, issue.feed_url);
    t.into_bytes()
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// Rendered HTML as plain text: tags dropped, block ends as blank lines,
/// the five entities Broadsheet writes decoded.
fn plain(html: &str) -> String {
    let mut out = String::new();
    let mut tag = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                tag.clear();
            }
            '>' if in_tag => {
                in_tag = false;
                let name = tag.trim_start_matches('/').split_whitespace().next().unwrap_or("");
                if tag.starts_with('/') && matches!(name, "p" | "li" | "h1" | "h2" | "h3" | "h4" | "blockquote") {
                    out.push_str("\n\n");
                } else if name == "br" || name == "br/" {
                    out.push('\n');
                }
            }
            c if in_tag => tag.push(c),
            c => out.push(c),
        }
    }
    let decoded = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&");
    let paragraphs: Vec<&str> = decoded.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).collect();
    paragraphs.join("\n\n")
}

#[cfg(test)]
mod tests {
    #[test]
    fn html_becomes_paragraphs_of_text() {
        assert_eq!(super::plain("<p>One &amp; <em>two</em>.</p>\n<p>Three</p>"), "One & two.\n\nThree");
    }
}
