//! Slugs and output paths: nothing is ever written outside the output folder.

/// Whether `s` is a single safe path segment: no separators, no `.`/`..`,
/// nothing hidden, no control characters.
pub(crate) fn is_safe_segment(s: &str) -> bool {
    !s.is_empty() && !s.starts_with('.') && !s.contains(['/', '\\', ':']) && !s.chars().any(|c| c.is_control())
}

/// Whether `s` is a slug Broadsheet writes: lower-case ASCII letters, digits
/// and single hyphens, as produced by [`slugify`].
#[cfg(test)]
pub(crate) fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

/// A URL- and file-safe slug, transliterating non-ASCII letters.
/// Apostrophes go first, so that "São Paulo’s" is `sao-paulos`.
pub(crate) fn slugify(s: &str) -> String {
    let s: String = s.chars().filter(|c| !matches!(c, '\'' | '’' | '‘' | 'ʼ' | '′')).collect();
    slug::slugify(s)
}

/// Whether Windows refuses `name` as a file or folder name: CON, PRN, AUX,
/// NUL, COM1–9 and LPT1–9, in any case and with any extension (`nul.md`,
/// `Con.old.txt`). A site holding one cannot be checked out there.
pub(crate) fn is_windows_reserved(name: &str) -> bool {
    let base = name.split('.').next().unwrap_or(name).trim_end_matches(' ').to_ascii_uppercase();
    match base.as_bytes() {
        b"CON" | b"PRN" | b"AUX" | b"NUL" => true,
        [b'C', b'O', b'M', d] | [b'L', b'P', b'T', d] => (b'1'..=b'9').contains(d),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_segments_are_refused() {
        for s in ["", ".", "..", "../x", "a/b", "a\\b", ".hidden", "c:"] {
            assert!(!is_safe_segment(s), "{s:?}");
        }
        assert!(is_safe_segment("kim-putin"));
    }

    #[test]
    fn windows_reserved_names_are_known() {
        for name in ["CON", "con.md", "Nul.md", "aux", "prn.txt", "COM1.md", "lpt9", "con.old.md", "CON .md"] {
            assert!(is_windows_reserved(name), "{name}");
        }
        for name in ["console.md", "com0.md", "com10.md", "lpt.md", "icon.md", "a-con.md", "nul-news"] {
            assert!(!is_windows_reserved(name), "{name}");
        }
    }

    #[test]
    fn slugs_transliterate() {
        assert_eq!(slugify("Russia–North Korea relations"), "russia-north-korea-relations");
        assert_eq!(slugify("Ça déménage à Zürich"), "ca-demenage-a-zurich");
        assert!(is_slug(&slugify("../../etc/passwd")));
        assert_eq!(slugify("São Paulo’s record"), "sao-paulos-record");
        assert_eq!(slugify("Kim's ‘quiet’ visit"), "kims-quiet-visit");
    }
}
