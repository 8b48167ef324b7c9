//! Check: everything a build validates, plus every internal link of the
//! rendered pages, without writing anything.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;

use crate::error::Diagnostic;
use crate::model::{Site, SourceLink};
use crate::render::Page;

/// Problems that do not stop a build but an editor should see.
pub fn warnings(site: &Site) -> Vec<Diagnostic> {
    let mut all = empty_editions(site);
    all.extend(unfiled(site));
    all
}

/// Editions an editor wrote a file for that have no article in their
/// period: published all the same, but likely a wrong name or date.
pub(crate) fn empty_editions(site: &Site) -> Vec<Diagnostic> {
    site.editions
        .iter()
        .filter(|e| e.groups.iter().all(|g| g.articles.is_empty()))
        .filter_map(|e| {
            let file = e.file.as_ref()?;
            Some(Diagnostic::new(file, None, format!("edition {} has no articles ({})", e.id, e.period_label)).hint(
                format!(
                    "articles join it by `retrieved` (else `published`) from {} to {}; check the file's name and the articles' dates",
                    e.start, e.end
                ),
            ))
        })
        .collect()
}

fn unfiled(site: &Site) -> Vec<Diagnostic> {
    site.articles
        .iter()
        .zip(&site.article_topics)
        .filter(|(_, topics)| topics.is_empty())
        .map(|(a, _)| {
            Diagnostic::new(&a.file, None, "falls into no topic (listed under \"Other news\")")
                .hint("add `topics: [SLUG]`, or a `match` rule to a topic; `broadsheet explain` shows why")
        })
        .collect()
}

/// The kinds of page a content reference (`@/KIND/SLUG`) can name.
const REFERENCE_KINDS: [(&str, &str); 3] = [("articles", "article"), ("topics", "topic"), ("editions", "edition")];

/// Every content reference (`@/articles/SLUG`, `@/topics/SLUG`,
/// `@/editions/ID`) among `links` that names nothing on the site, at the
/// line that wrote it, as written, with the closest existing one. The
/// build stops on these (as Zola's does); `check` reports them the same
/// way.
pub(crate) fn references<'a>(site: &Site, links: impl Iterator<Item = &'a SourceLink>) -> Vec<Diagnostic> {
    let slugs = |kind: &str| -> Vec<&str> {
        match kind {
            "articles" => site.articles.iter().map(|a| a.slug.as_str()).collect(),
            "topics" => site.topics.iter().map(|t| t.slug.as_str()).collect(),
            _ => site.editions.iter().map(|e| e.slug.as_str()).collect(),
        }
    };
    let mut problems = Vec::new();
    for link in links {
        let Some(reference) = link.written.strip_prefix("@/") else { continue };
        let path = reference.split('#').next().unwrap_or("").trim_end_matches(".md").trim_end_matches('/');
        let (kind, slug) = path.split_once('/').unwrap_or((path, ""));
        let at = |message: String| Diagnostic::new(&link.file, Some(link.line), message);
        let Some(&(_, what)) = REFERENCE_KINDS.iter().find(|(k, _)| *k == kind) else {
            // `@/article/x`: the closest kind that has x, else the forms.
            let near = REFERENCE_KINDS
                .iter()
                .filter(|(k, _)| crate::assemble::edit_distance(k, kind) <= 2)
                .find(|(k, _)| slugs(k).iter().any(|s| s.eq_ignore_ascii_case(slug)));
            let hint = match near {
                Some((k, _)) => format!("did you mean @/{k}/{slug}?"),
                None => "link to @/articles/SLUG, @/topics/SLUG or @/editions/ID".to_string(),
            };
            problems.push(at(format!("link \"{}\" names no kind of page", link.written)).hint(hint));
            continue;
        };
        if slug.is_empty() && kind != "articles" {
            continue; // `@/topics`, `@/editions`: the lists of them.
        }
        let wanted = if kind == "editions" { slug.to_ascii_lowercase() } else { slug.to_string() };
        let known = slugs(kind);
        if known.contains(&wanted.as_str()) {
            continue;
        }
        let message = format!("link \"{}\" is broken: no {what} \"{slug}\"", link.written);
        let hint = if kind == "articles" && site.held_back.contains(slug) {
            format!("content/articles/{slug} is a draft or dated in the future; build with --drafts or --future to include it")
        } else {
            let best = known.iter().min_by_key(|k| (crate::assemble::edit_distance(k, &wanted), **k));
            match best {
                Some(b) if crate::assemble::edit_distance(b, &wanted) <= (wanted.len() / 3).max(3) => {
                    let b = if kind == "editions" { b.to_ascii_uppercase() } else { b.to_string() };
                    format!("did you mean @/{kind}/{b}?")
                }
                _ => format!("no content/{kind}/{slug}.md: check the name of the file it should link to"),
            }
        };
        problems.push(at(message).hint(hint));
    }
    problems
}

/// Every broken internal link, link outside the base path, or missing
/// anchor in the rendered pages. Links that an editor wrote point at the
/// file and line that wrote them.
pub fn links(site: &Site, pages: &[Page]) -> Vec<Diagnostic> {
    let base_path = site.config.base_path.as_str();
    let base_url = site.config.base_url.as_str();
    let html: Vec<&Page> = pages.iter().filter(|p| p.path.ends_with(".html")).collect();
    let files: HashSet<&str> = pages.iter().map(|p| p.path.as_str()).collect();
    let ids: HashMap<&str, HashSet<String>> = html
        .iter()
        .map(|p| (p.path.as_str(), attribute_values(&String::from_utf8_lossy(&p.bytes), "id").collect()))
        .collect();
    let written = editor_links(site);

    let mut problems = BTreeSet::new();
    for page in &html {
        let text = String::from_utf8_lossy(&page.bytes);
        let page_url = format!("{base_path}{}", page.path.trim_end_matches("index.html"));
        for attr in ["href", "src"] {
            for link in attribute_values(&text, attr) {
                let Some(problem) = check_one(&link, &page_url, base_path, base_url, &files, &ids) else { continue };
                let d = match written.get(link.as_str()) {
                    Some(sources) => sources
                        .iter()
                        // A reference to no page is reported by `references`.
                        .filter(|s| !(s.written.starts_with("@/") && problem == NO_SUCH_PAGE))
                        .map(|s| Diagnostic::new(&s.file, Some(s.line), format!("link \"{}\" {problem}", s.written)))
                        .collect::<Vec<_>>(),
                    None => vec![Diagnostic::new(
                        PathBuf::from(&page.path),
                        None,
                        format!("link \"{link}\" {problem} (written by a template)"),
                    )],
                };
                problems.extend(d);
            }
        }
    }
    problems.into_iter().collect()
}

fn editor_links(site: &Site) -> HashMap<&str, Vec<&SourceLink>> {
    let mut map: HashMap<&str, Vec<&SourceLink>> = HashMap::new();
    for l in site.source_links() {
        map.entry(l.url.as_str()).or_default().push(l);
    }
    map
}

const NO_SUCH_PAGE: &str = "is broken: no such page";

/// What is wrong with one link, or `None` when it is fine or external.
fn check_one(
    link: &str,
    page_url: &str,
    base_path: &str,
    base_url: &str,
    files: &HashSet<&str>,
    ids: &HashMap<&str, HashSet<String>>,
) -> Option<String> {
    // Absolute links to this site count as internal: keep their path.
    let origin = base_url.strip_suffix(base_path).unwrap_or(base_url);
    let link_in_site = link.strip_prefix(origin).filter(|rest| rest.starts_with('/')).unwrap_or(link);
    if link_in_site.contains(':') && !link_in_site.starts_with('/') {
        // Another scheme or host: not ours to check.
        let before_slash = link_in_site.split('/').next().unwrap_or("");
        if before_slash.contains(':') {
            return None;
        }
    }
    if link_in_site.starts_with("//") {
        return None;
    }
    let (path, fragment) = match link_in_site.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (link_in_site, None),
    };
    let path = path.split('?').next().unwrap_or("");
    let absolute = if path.is_empty() {
        page_url.to_string()
    } else if path.starts_with('/') {
        path.to_string()
    } else {
        resolve_relative(page_url, path)
    };
    let Some(inside) = absolute.strip_prefix(base_path) else {
        return Some(format!("points outside the site's base path {base_path}"));
    };
    let file =
        if inside.is_empty() || inside.ends_with('/') { format!("{inside}index.html") } else { inside.to_string() };
    let target = if files.contains(file.as_str()) {
        file
    } else if files.contains(format!("{file}/index.html").as_str()) {
        format!("{file}/index.html")
    } else {
        return Some(NO_SUCH_PAGE.to_string());
    };
    match fragment {
        Some(f) if !f.is_empty() && target.ends_with(".html") => {
            let known = ids.get(target.as_str()).is_some_and(|set| set.contains(f));
            (!known).then(|| format!("is broken: no anchor #{f} on that page"))
        }
        _ => None,
    }
}

/// Resolves `../x/` against the folder of `page_url` (which ends in `/` or
/// a file name).
fn resolve_relative(page_url: &str, link: &str) -> String {
    let mut parts: Vec<&str> = page_url.split('/').collect();
    parts.pop(); // the file name, or "" after a trailing slash
    for seg in link.split('/') {
        match seg {
            "." => {}
            ".." => {
                if parts.len() > 1 {
                    parts.pop();
                }
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// Values of `name="…"` attributes in generated HTML, entities decoded.
fn attribute_values<'a>(html: &'a str, name: &'a str) -> impl Iterator<Item = String> + 'a {
    let needle = format!(" {name}=\"");
    html.match_indices(needle.clone().as_str())
        .map(move |(i, _)| {
            let start = i + needle.len();
            let end = html[start..].find('"').map_or(html.len(), |e| start + e);
            decode(&html[start..end])
        })
        .collect::<Vec<_>>()
        .into_iter()
}

fn decode(s: &str) -> String {
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_links_resolve_against_the_page() {
        assert_eq!(resolve_relative("/repo/articles/a/", "../b/"), "/repo/articles/b/");
        assert_eq!(resolve_relative("/repo/404.html", "topics/"), "/repo/topics/");
        assert_eq!(resolve_relative("/repo/", "../../../etc"), "/etc");
    }

    #[test]
    fn links_are_judged() {
        let files: HashSet<&str> = ["index.html", "articles/a/index.html", "style.css"].into_iter().collect();
        let ids = HashMap::from([("articles/a/index.html", HashSet::from(["why".to_string()]))]);
        let check = |l: &str| check_one(l, "/repo/articles/a/", "/repo/", "https://x.org/repo/", &files, &ids);
        assert_eq!(check("/repo/articles/a/"), None);
        assert_eq!(check("/repo/articles/a"), None);
        assert_eq!(check("https://x.org/repo/style.css"), None);
        assert_eq!(check("https://elsewhere.org/"), None);
        assert_eq!(check("mailto:a@b.c"), None);
        assert_eq!(check("#why"), None);
        assert!(check("#nope").unwrap().contains("anchor"));
        assert!(check("/repo/articles/b/").unwrap().contains("broken"));
        assert!(check("/style.css").unwrap().contains("outside"));
        assert!(check("../../../x").unwrap().contains("outside"));
    }

    #[test]
    fn attributes_are_found_and_decoded() {
        let v: Vec<String> = attribute_values("<a href=\"/a?x=1&amp;y=2\">x</a><img src=\"s\">", "href").collect();
        assert_eq!(v, vec!["/a?x=1&y=2"]);
    }
}
