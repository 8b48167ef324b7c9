//! Bad input: empty, binary, invalid UTF-8, very large. Each gets a
//! warning naming the problem and a hint; none panics.

/// Above this size a dump is probably not one article page.
pub(crate) const MAX_BYTES: usize = 2 * 1024 * 1024;

const HINT: &str = "add a sidecar SLUG.meta.yaml with the fields by hand";

/// Decodes bytes read from a file: invalid UTF-8 is replaced (with a
/// warning) rather than refused, so an editor still sees what was there.
pub fn decode(bytes: &[u8]) -> (String, Option<String>) {
    match std::str::from_utf8(bytes) {
        Ok(s) => (s.to_string(), None),
        Err(e) => (
            String::from_utf8_lossy(bytes).into_owned(),
            Some(format!("invalid UTF-8 at byte {}; undecodable bytes were replaced with U+FFFD", e.valid_up_to())),
        ),
    }
}

/// Warnings about the text, and whether it is worth cleaning at all.
pub(super) fn check(text: &str) -> (Vec<String>, bool) {
    if text.trim().is_empty() {
        return (vec![format!("empty file: nothing to clean; {HINT}")], false);
    }
    // Searched once: the head's replacement characters are counted only
    // when the text has one.
    let replaced = super::blocks::holds(text, "\u{FFFD}");
    if looks_binary(text, replaced) {
        return (vec![format!("binary data, not a text dump: nothing cleaned; {HINT}")], false);
    }
    let mut warnings = Vec::new();
    if replaced {
        warnings.push("contains replacement characters (U+FFFD): the file was not valid UTF-8".into());
    }
    if text.len() > MAX_BYTES {
        warnings
            .push(format!("very large ({} bytes) for one article: is it several pages saved together?", text.len()));
    }
    (warnings, true)
}

/// NUL bytes or many control characters in the first 8 KB (bytes are
/// enough: control characters are ASCII); `replaced`: the text has a
/// U+FFFD.
fn looks_binary(text: &str, replaced: bool) -> bool {
    let end = (0..=text.len().min(8192)).rev().find(|&end| text.is_char_boundary(end)).unwrap_or(0);
    let head = &text[..end];
    let bytes = head.as_bytes();
    // Counted without a branch per byte, in byte-sized counters, so the
    // loop vectorises.
    let control = super::blocks::count_bytes(bytes, |b| {
        // Tab and '\n' (9, 10), form feed and '\r' (12, 13) are spacing.
        let spacing = (b.wrapping_sub(b'\t') < 2) | (b.wrapping_sub(0x0c) < 2);
        (b < 0x20) & !spacing | (b == 0x7f)
    });
    let replaced = if !replaced || head.is_ascii() { 0 } else { head.matches('\u{FFFD}').count() };
    if memchr::memchr(0, bytes).is_some() {
        return true;
    }
    // The share of odd characters matters only when there are some (most
    // heads have none): the characters are counted then.
    control + replaced > 0 && {
        let chars = head.chars().count().max(1);
        control * 20 > chars || replaced * 5 > chars
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_inputs() {
        assert!(!check("").1);
        assert!(!check("  \n\n").1);
        assert!(!check("a\0b\0c").1);
        assert!(check("Hello world\n").1);
        let (s, w) = decode(b"ok \xff there");
        assert!(w.is_some());
        assert!(s.contains('\u{FFFD}'));
    }
}
