//! Escaping for text placed in HTML and XML we build by hand (feeds,
//! cleaned paragraphs). Templates escape through Tera.

/// Escapes `&`, `<`, `>`, `"` and `'`: safe in text and attribute values of
/// HTML and XML alike.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push_escaped(&mut out, text);
    out
}

pub(crate) fn push_escaped(out: &mut String, text: &str) {
    // Copy runs of safe text whole: most text has nothing to escape.
    let mut safe_from = 0;
    for (i, c) in text.char_indices() {
        let replacement = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' => "&quot;",
            '\'' => "&#39;",
            // Control characters are not allowed in XML 1.0.
            c if c.is_control() && !matches!(c, '\n' | '\t' | '\r') => "",
            _ => continue,
        };
        out.push_str(&text[safe_from..i]);
        out.push_str(replacement);
        safe_from = i + c.len_utf8();
    }
    out.push_str(&text[safe_from..]);
}

/// The scheme of a URL as a browser reads it (leading spaces and controls
/// dropped, tabs and newlines removed, lower-cased), or `None` for a
/// relative URL. Browsers strip those characters, so `java\tscript:` is
/// `javascript:` to them and must be to us.
fn scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take_while(|&c| c != '/' && c != '?' && c != '#')
        .collect();
    let (scheme, _) = cleaned.split_once(':')?;
    let mut chars = scheme.chars();
    let well_formed = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    well_formed.then(|| scheme.to_ascii_lowercase())
}

/// A link target that can only navigate: relative, or a scheme that does
/// not run code (`javascript:`, `vbscript:` and `data:` do).
pub(crate) fn is_safe_link(url: &str) -> bool {
    scheme(url).is_none_or(|s| matches!(s.as_str(), "http" | "https" | "mailto" | "tel" | "ftp"))
}

/// An image source from content: http(s) or a path on the site. `data:`
/// URLs are refused too: an editor puts the image in `static/` instead.
pub(crate) fn is_safe_image(url: &str) -> bool {
    scheme(url).is_none_or(|s| matches!(s.as_str(), "http" | "https"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_safe_text_around_escapes() {
        assert_eq!(super::escape("Zürich & “Kim” <b>"), "Zürich &amp; “Kim” &lt;b&gt;");
        assert_eq!(super::escape(""), "");
    }

    #[test]
    fn escapes_markup_and_drops_controls() {
        assert_eq!(
            super::escape("<a href=\"x\">'&'\u{1}</a>"),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }

    #[test]
    fn script_schemes_are_refused_however_written() {
        for url in ["javascript:alert(1)", " JavaScript:x", "java\tscript:x", "\u{1}vbscript:x", "data:text/html,x"] {
            assert!(!super::is_safe_link(url), "{url:?}");
            assert!(!super::is_safe_image(url), "{url:?}");
        }
        assert!(!super::is_safe_image("javascript://example.org/%0aalert(11)"));
        for url in ["https://a.org/x.jpg", "images/a.jpg", "/repo/a.jpg", "//cdn.org/a.jpg", "a.jpg?x=1:2", "#top"] {
            assert!(super::is_safe_image(url), "{url:?}");
        }
        assert!(super::is_safe_link("mailto:desk@example.org"));
    }
}
