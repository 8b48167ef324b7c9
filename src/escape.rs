//! Escaping for text placed in HTML and XML we build by hand (feeds,
//! cleaned paragraphs). Templates escape through Tera.

/// Escapes `&`, `<`, `>`, `"` and `'`: safe in text and attribute values of
/// HTML and XML alike.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push_escaped(&mut out, text);
    out
}

pub fn push_escaped(out: &mut String, text: &str) {
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
}
