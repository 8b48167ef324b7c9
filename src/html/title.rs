//! The headline: the page's `<h1>` when it matches a title the publisher
//! declares (og:title, JSON-LD headline, `<title>` without its " | Site"
//! part), else a visible heading that does, else the declared title with
//! the site's name cut off.

use super::meta::Meta;

/// Words only, lower-cased: how titles are compared.
pub(super) fn key(s: &str) -> String {
    let mut out = String::new();
    for w in s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars().flat_map(char::to_lowercase));
    }
    out
}

const SEPARATORS: &[&str] = &[" | ", " - ", " – ", " — ", " :: ", " · ", " » ", " // ", " • ", "｜", " || "];

/// A title and the parts its separators leave, longest part first.
fn variants(title: &str) -> Vec<String> {
    let mut out = vec![title.trim().to_string()];
    for sep in SEPARATORS {
        if title.contains(sep) {
            let mut parts: Vec<&str> = title.split(sep).map(str::trim).filter(|p| !p.is_empty()).collect();
            // "Headline | Section | Site": the headline with the rest cut.
            if let Some(first) = parts.first() {
                out.push(first.to_string());
            }
            parts.sort_by_key(|p| std::cmp::Reverse(p.chars().count()));
            out.extend(parts.iter().map(|p| p.to_string()));
            // "Headline - with a dash | Site": only the last part cut.
            if let Some((head, _)) = title.rsplit_once(sep) {
                out.push(head.trim().to_string());
            }
        }
    }
    out
}

pub(super) fn pick(meta: &Meta, headings: &[(u8, String)]) -> Option<String> {
    let declared: Vec<String> =
        meta.declared_titles.iter().chain(meta.document_title.iter()).flat_map(|t| variants(t)).collect();
    let keys: Vec<String> = declared.iter().map(|d| key(d)).filter(|k| !k.is_empty()).collect();
    let site = meta.site_name.as_deref().map(key);
    let matches = |h: &str| {
        let k = key(h);
        !k.is_empty() && site.as_deref() != Some(k.as_str()) && keys.contains(&k)
    };
    let h1s = headings.iter().filter(|(l, _)| *l == 1);
    if let Some((_, h)) = h1s.clone().find(|(_, h)| matches(h)) {
        return Some(h.clone());
    }
    if let Some((_, h)) = headings.iter().find(|(_, h)| matches(h)) {
        return Some(h.clone());
    }
    // An h1 that a declared title contains or extends ("Headline" vs
    // "Headline: the full story"), when it is a real phrase.
    let long_keys: Vec<&String> = keys.iter().filter(|k| k.split(' ').count() >= 3).collect();
    if let Some((_, h)) = h1s.clone().find(|(_, h)| {
        let k = key(h);
        k.split(' ').count() >= 3 && long_keys.iter().any(|d| d.starts_with(&k) || k.starts_with(d.as_str()))
    }) {
        return Some(h.clone());
    }
    let fallback = meta.declared_titles.first().or(meta.document_title.as_ref())?;
    Some(strip_site(fallback, meta.site_name.as_deref()))
}

/// "Headline | Site" → "Headline" (the site named, or the shorter end part).
fn strip_site(title: &str, site: Option<&str>) -> String {
    for sep in SEPARATORS {
        if let Some((head, tail)) = title.rsplit_once(sep) {
            let is_site = site.is_some_and(|s| key(s) == key(tail));
            if is_site || tail.chars().count() * 2 < head.chars().count() {
                return head.trim().to_string();
            }
        }
        if let Some((head, tail)) = title.split_once(sep) {
            if site.is_some_and(|s| key(s) == key(head)) {
                return tail.trim().to_string();
            }
        }
    }
    title.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(titles: &[&str], doc: Option<&str>, site: Option<&str>) -> Meta {
        Meta {
            declared_titles: titles.iter().map(|t| t.to_string()).collect(),
            document_title: doc.map(str::to_string),
            site_name: site.map(str::to_string),
            ..Meta::default()
        }
    }

    #[test]
    fn the_h1_that_matches_a_declared_title_wins() {
        let h = vec![(1, "Daily Planet".to_string()), (1, "Rain returns to the valley".to_string())];
        let m = meta(&[], Some("Rain returns to the valley | Daily Planet"), Some("Daily Planet"));
        assert_eq!(pick(&m, &h).as_deref(), Some("Rain returns to the valley"));
    }

    #[test]
    fn without_headings_the_site_name_is_cut() {
        let m = meta(&["Rain returns to the valley - Daily Planet"], None, Some("Daily Planet"));
        assert_eq!(pick(&m, &[]).as_deref(), Some("Rain returns to the valley"));
        let m = meta(&[], Some("Daily Planet | Rain returns to the valley"), Some("Daily Planet"));
        assert_eq!(pick(&m, &[]).as_deref(), Some("Rain returns to the valley"));
    }
}
