//! Bytes of a saved or fetched page → text, in the page's own charset:
//! a byte-order mark first, then the HTTP header's charset when fetched,
//! then a `<meta charset>` (or `http-equiv` content type) in the first
//! kilobytes, then UTF-8 if the bytes are valid UTF-8, else windows-1252
//! (what browsers assume for an unlabelled Western page).

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};

/// How far into the page a `<meta>` charset is looked for (browsers: 1024
/// bytes; saved pages often put scripts first, so a little further).
const PRESCAN: usize = 8192;

/// The decoded text and the name of the encoding used.
pub fn decode(bytes: &[u8], content_type: Option<&str>) -> (String, &'static str) {
    let encoding = Encoding::for_bom(bytes)
        .map(|(e, _)| e)
        .or_else(|| content_type.and_then(charset_param).and_then(|l| Encoding::for_label(l.as_bytes())))
        .or_else(|| meta_charset(&bytes[..bytes.len().min(PRESCAN)]))
        .unwrap_or_else(|| if std::str::from_utf8(bytes).is_ok() { UTF_8 } else { WINDOWS_1252 });
    // A page labelled UTF-16 but read as bytes of ASCII markup is really
    // ASCII-compatible (the HTML standard's rule); `decode` strips the BOM.
    let encoding =
        if Encoding::for_bom(bytes).is_none() && (encoding.name().starts_with("UTF-16")) { UTF_8 } else { encoding };
    let (text, used, _) = encoding.decode(bytes);
    (text.into_owned(), used.name())
}

/// `charset=…` of a Content-Type value, quotes removed.
pub fn charset_param(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|p| {
        let (k, v) = p.split_once('=')?;
        k.trim().eq_ignore_ascii_case("charset").then(|| v.trim().trim_matches(['"', '\'']).to_string())
    })
}

/// The charset a `<meta>` tag declares in `head`, if any.
fn meta_charset(head: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut at = 0;
    while let Some(i) = find(&lower[at..], b"<meta") {
        let start = at + i + 5;
        let end = lower[start..].iter().position(|&b| b == b'>').map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(c) = find(tag, b"charset") {
            let rest = &tag[c + 7..];
            let rest = rest.iter().skip_while(|b| b.is_ascii_whitespace()).copied().collect::<Vec<u8>>();
            if let Some(value) = rest.strip_prefix(b"=") {
                let value: Vec<u8> = value
                    .iter()
                    .skip_while(|b| b.is_ascii_whitespace() || **b == b'"' || **b == b'\'')
                    .take_while(|b| !(b.is_ascii_whitespace() || matches!(b, b'"' | b'\'' | b';' | b'/' | b'>')))
                    .copied()
                    .collect();
                if let Some(e) = Encoding::for_label(&value) {
                    return Some(e);
                }
            }
        }
        at = end.min(lower.len());
        if at >= lower.len() {
            break;
        }
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charsets_are_found_in_order() {
        let cyrillic = b"<html><head><meta charset=\"windows-1251\"></head><body>\xcf\xf0\xe8\xe2\xe5\xf2</body>";
        assert!(decode(cyrillic, None).0.contains("Привет"));
        let latin = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"><p>caf\xe9</p>";
        assert!(decode(latin, None).0.contains("café"));
        // The HTTP header wins over the page's own label.
        assert!(decode(b"<meta charset=utf-8><p>caf\xe9", Some("text/html; charset=ISO-8859-1")).0.contains("café"));
        // A BOM wins over everything.
        let (text, name) = decode(b"\xef\xbb\xbf<p>caf\xc3\xa9", Some("text/html; charset=iso-8859-1"));
        assert_eq!((text.as_str(), name), ("<p>café", "UTF-8"));
        // Unlabelled: UTF-8 when valid, else windows-1252.
        assert_eq!(decode("<p>café".as_bytes(), None).1, "UTF-8");
        assert_eq!(decode(b"<p>caf\xe9", None).1, "windows-1252");
        assert_eq!(charset_param("text/html; Charset=\"utf-8\"").as_deref(), Some("utf-8"));
    }
}
