//! Lines that repeat others: pull quotes, copies of the headline, teaser
//! headlines and gallery captions that recur.

use super::article::Window;
use super::blocks::{Line, Shape};
use super::classify::Kind;

/// Pull quotes (a line repeated inside a longer story line) and lines that
/// repeat the headline are not story. Exact repeats of other lines are left
/// to the neighbours: a liveblog's summary repeats its entry headlines.
pub(super) fn drop_repeats(lines: &[Line], kinds: &mut [Kind], w: &Window) {
    // Normalised text is made only for pull-quote candidates and the lines
    // near them.
    let mut norm: Vec<Option<String>> = vec![None; lines.len()];
    let title_norm = w.title.map(|t| letters(&lines[t]));
    for i in w.start..w.end {
        if !matches!(kinds[i], Kind::Text) {
            continue;
        }
        // Pull quotes are short or wrapped in quotation marks, and sit near
        // the paragraph they repeat; looking only nearby keeps this linear.
        let quoted = lines[i].text.starts_with(['"', '“', '‘', '«', '„', '\''])
            || lines.get(i + 1).is_some_and(|l| l.text.starts_with(['—', '―', '–']));
        let candidate = (5..=40).contains(&lines[i].words) && (quoted || lines[i].words <= 15);
        let title_copy = w.title.is_some_and(|t| lines[i].text.len().abs_diff(lines[t].text.len()) <= 12);
        let mine = if candidate || title_copy { letters(&lines[i]) } else { String::new() };
        let inside_longer = candidate && mine.len() >= 12 && {
            // Each word of `mine` lies inside one word of a line holding it:
            // in plain lines (whose `lower` has the same words) the longest
            // word rules most neighbours out before they are normalised.
            let longest = mine.split(' ').max_by_key(|w| w.len()).unwrap_or("");
            (i.saturating_sub(8).max(w.start)..(i + 9).min(w.end)).any(|j| {
                if j == i || !matches!(kinds[j], Kind::Text) || lines[j].text.len() <= lines[i].text.len() {
                    return false;
                }
                if norm[j].is_none() && lines[i].plain && lines[j].plain && !lines[j].lower.contains(longest) {
                    return false;
                }
                let theirs = norm[j].get_or_insert_with(|| letters(&lines[j]));
                theirs.len() > mine.len() + 8 && super::blocks::holds(theirs, &mine)
            })
        };
        // Gallery captions and teaser headlines recur within a page; a
        // liveblog entry headline under its timestamp is kept.
        let recurring = lines[i].recurs
            && lines[i].words >= 5
            && !(i > 0 && matches!(kinds[i - 1], Kind::Clock))
            && !lines[i].text.trim_end_matches(['"', '”', '»']).ends_with('?');
        let is_title = mine.len() >= 12 && title_norm.as_deref() == Some(mine.as_str());
        if inside_longer || recurring || is_title {
            kinds[i] = Kind::Furniture("repeats another line (pull quote, teaser)");
        }
    }
}

/// A line's lower-case letters and digits separated by single spaces.
fn letters(line: &Shape) -> String {
    letters_of(&line.text, line.plain)
}

/// `letters` of a text; `plain`: it is ASCII but for caseless marks
/// (`blocks::is_plain`).
fn letters_of(text: &str, plain: bool) -> String {
    if plain || text.is_ascii() {
        // The same on bytes, a run at a time: the words are runs of ASCII
        // letters and digits (a plain line's marks are neither).
        let mut out = Vec::with_capacity(text.len());
        for word in text.as_bytes().split(|b| !b.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
            if !out.is_empty() {
                out.push(b' ');
            }
            out.extend(word.iter().map(u8::to_ascii_lowercase));
        }
        return String::from_utf8(out).unwrap_or_default();
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        // ASCII words lower-case in place, without a String each.
        if word.is_ascii() {
            out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
        } else {
            out.push_str(&word.to_lowercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::letters_of;

    #[test]
    fn letters_of_ascii_and_unicode_text_alike() {
        for plain in [false, true] {
            assert_eq!(letters_of("  “Prices,” she said -- ROSE 5%!  ", plain), "prices she said rose 5");
            assert_eq!(letters_of("  \"Prices,\" she said -- ROSE 5%!  ", plain), "prices she said rose 5");
            assert_eq!(letters_of("...a", plain), "a");
            assert_eq!(letters_of("!!", plain), "");
        }
        assert_eq!(letters_of("Ünd so", false), "ünd so");
    }
}
