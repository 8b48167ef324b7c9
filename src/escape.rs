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
    // Sixteen bytes are tested at a time (one vector compare per kind of
    // special byte, which the compiler makes of `has_special`), and runs
    // of safe text copied whole: most text has nothing to escape. Every
    // byte that starts something to escape is ASCII or 0xC2
    // (U+0080–U+009F), so cutting there is safe.
    let bytes = text.as_bytes();
    out.reserve(text.len());
    let mut safe_from = 0;
    let mut i = 0;
    while i < bytes.len() {
        if !has_special(&chunk_at(bytes, i)) {
            i += CHUNK;
            continue;
        }
        // A chunk with a special byte is read a byte at a time (a C1
        // control may run one byte past it).
        let end = (i + CHUNK).min(bytes.len());
        while i < end {
            let b = bytes[i];
            if !SPECIAL[usize::from(b)] {
                i += 1;
                continue;
            }
            let (replacement, len) = match b {
                b'&' => ("&amp;", 1),
                b'<' => ("&lt;", 1),
                b'>' => ("&gt;", 1),
                b'"' => ("&quot;", 1),
                b'\'' => ("&#39;", 1),
                // C1 controls; other characters from U+0080 stay.
                0xC2 if bytes.get(i + 1).is_some_and(|n| (0x80..=0x9F).contains(n)) => ("", 2),
                0xC2 => {
                    i += 1;
                    continue;
                }
                // Control characters are not allowed in XML 1.0.
                _ => ("", 1),
            };
            out.push_str(&text[safe_from..i]);
            out.push_str(replacement);
            i += len;
            safe_from = i;
        }
    }
    out.push_str(&text[safe_from..]);
}

/// Bytes [`has_special`] tests at once: one SSE2 register.
const CHUNK: usize = 16;

/// The `CHUNK` bytes from `at`, padded past the end of `bytes` with
/// spaces (never special).
#[inline]
fn chunk_at(bytes: &[u8], at: usize) -> [u8; CHUNK] {
    match bytes.get(at..at + CHUNK) {
        Some(chunk) => chunk.try_into().unwrap_or([b' '; CHUNK]),
        None => {
            let mut chunk = [b' '; CHUNK];
            let rest = &bytes[at.min(bytes.len())..];
            chunk[..rest.len()].copy_from_slice(rest);
            chunk
        }
    }
}

/// Whether any byte of `chunk` is [`SPECIAL`]: written as plain compares
/// and ors of every byte so that it compiles to vector instructions.
#[inline]
fn has_special(chunk: &[u8; CHUNK]) -> bool {
    chunk.iter().fold(false, |any, &b| any | is_special(b))
}

/// [`SPECIAL`] as arithmetic: `&` and `'` differ only in the bit of 1, `<`
/// and `>` only in the bit of 2, so one compare tests each pair.
#[inline]
fn is_special(b: u8) -> bool {
    let control = (b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r');
    control | ((b | 1) == b'\'') | ((b | 2) == b'>') | (b == b'"') | (b == 0x7F) | (b == 0xC2)
}

/// Bytes [`push_escaped`] stops at: markup, C0 controls but tab and line
/// ends, DEL, and the lead byte of C1 controls.
static SPECIAL: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = !matches!(b as u8, b'\n' | b'\t' | b'\r');
        b += 1;
    }
    t[b'&' as usize] = true;
    t[b'<' as usize] = true;
    t[b'>' as usize] = true;
    t[b'"' as usize] = true;
    t[b'\'' as usize] = true;
    t[0x7F] = true;
    t[0xC2] = true;
    t
};

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

    /// The character-by-character definition the fast scan must agree with.
    fn reference(text: &str) -> String {
        let mut out = String::new();
        for c in text.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '"' => out.push_str("&quot;"),
                '\'' => out.push_str("&#39;"),
                c if c.is_control() && !matches!(c, '\n' | '\t' | '\r') => {}
                c => out.push(c),
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn the_fast_scan_escapes_as_the_definition_says(text in "(\\PC|[\\x00-\\x1f\\x7f\\u{80}-\\u{a0}&<>\"'Â])*") {
            proptest::prop_assert_eq!(super::escape(&text), reference(&text));
        }
    }

    #[test]
    fn a_special_byte_is_found_at_every_place_of_a_chunk() {
        // Two chunks and a part: the second chunk read whole, and the tail.
        for special in ["&", "<", ">", "\"", "'", "\u{1}", "\u{7f}", "\u{85}", "\t", "\n", "\u{a0}"] {
            for at in 0..40 {
                let text = format!("{}{special}{}", "a".repeat(at), "b".repeat(39 - at));
                assert_eq!(super::escape(&text), reference(&text), "{text:?}");
            }
        }
    }

    /// The vector test agrees with the table at every place of a chunk.
    #[test]
    fn the_chunk_test_finds_exactly_the_special_bytes() {
        for b in 0..=255u8 {
            assert_eq!(super::is_special(b), super::SPECIAL[usize::from(b)], "byte {b:#x}");
            for at in 0..super::CHUNK {
                let mut chunk = [b'a'; super::CHUNK];
                chunk[at] = b;
                assert_eq!(super::has_special(&chunk), super::SPECIAL[usize::from(b)], "byte {b:#x} at {at}");
            }
        }
    }

    #[test]
    fn c1_controls_go_and_their_neighbours_stay() {
        assert_eq!(super::escape("a\u{85}b\u{9f}\u{a0}Â\u{7f}\tc"), "ab\u{a0}Â\tc");
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
