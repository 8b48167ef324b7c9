//! Slugs and output paths: nothing is ever written outside the output folder.

/// Whether `s` is a single safe path segment: no separators, no `.`/`..`,
/// nothing hidden, no control characters.
pub fn is_safe_segment(s: &str) -> bool {
    !s.is_empty() && !s.starts_with('.') && !s.contains(['/', '\\', ':']) && !s.chars().any(|c| c.is_control())
}

/// Whether `s` is a slug Broadsheet writes: lower-case ASCII letters, digits
/// and single hyphens, as produced by [`slugify`].
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
}

/// A URL- and file-safe slug, transliterating non-ASCII letters.
/// Apostrophes go first, so that "São Paulo’s" is `sao-paulos`.
pub fn slugify(s: &str) -> String {
    let s: String = s.chars().filter(|c| !matches!(c, '\'' | '’' | '‘' | 'ʼ' | '′')).collect();
    slug::slugify(s)
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
    fn slugs_transliterate() {
        assert_eq!(slugify("Russia–North Korea relations"), "russia-north-korea-relations");
        assert_eq!(slugify("Ça déménage à Zürich"), "ca-demenage-a-zurich");
        assert!(is_slug(&slugify("../../etc/passwd")));
        assert_eq!(slugify("São Paulo’s record"), "sao-paulos-record");
        assert_eq!(slugify("Kim's ‘quiet’ visit"), "kims-quiet-visit");
    }
}
