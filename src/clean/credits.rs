//! Photo captions with their credits, credit lines, and the page's source
//! credit ("Source: …", a copyright line, a dateline's agency).

use std::sync::LazyLock;

use regex::Regex;

use super::lexicon;

/// A caption line split into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Caption {
    pub caption: String,
    pub credit: String,
}

static CAROUSEL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\[\d+\s*/\s*\d+\]\s*").expect("valid regex"));
static DATELINE_AGENCY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\p{Lu}][\p{Lu}\p{M} .'-]{1,40}(?:,[^()]{1,30})?\s\(([\p{Lu}][\w .&-]{1,30})\)\s*[-–—]")
        .expect("valid regex")
});

/// Removes a carousel prefix such as `[1/2]`.
pub(super) fn strip_carousel(text: &str) -> &str {
    CAROUSEL.find(text).map_or(text, |m| &text[m.end()..])
}

/// A caption with a trailing credit: `… [File: X/AP Photo]` (even with a
/// mismatched closing bracket), `… (Photo: X/Agency)`, `… . X/Agency`,
/// `… X/AFP via Getty Images`.
pub(super) fn split_caption(text: &str) -> Option<Caption> {
    let t = text.trim_end();
    // Every shape has one of these marks; most lines have none.
    if !(t.ends_with([']', ')']) || t.contains('/') || t.contains(':') || t.contains('v') && t.contains(" via ")) {
        return None;
    }
    let body = strip_carousel(text);
    let mut found = bracketed_credit(body).or_else(|| trailing_credit(body)).or_else(|| labelled_credit(body))?;
    // "Caption | Photo: X", "Caption – Credit: X": the separator goes too.
    let kept = found.caption.trim_end_matches([' ', '|', '-', '–', '—', '/']).len();
    found.caption.truncate(kept);
    (!found.caption.is_empty()).then_some(found)
}

static LABELLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(.*\S)\s+(?:photo\s+credit|image\s+credit|credit|credits|photo|photograph|image|picture|foto)\s*:\s*(\S.*)$")
        .expect("valid regex")
});

/// `Caption sentence. Credit: X` at the end of the line.
fn labelled_credit(text: &str) -> Option<Caption> {
    // Cheap test before the regex: the last colon follows a credit label.
    let (before, after) = text.rsplit_once(':')?;
    let label = before.trim_end().rsplit(char::is_whitespace).next().unwrap_or("");
    let known = lexicon::in_list(&["credit", "credits", "photo", "photograph", "image", "picture", "foto"], label);
    if !known || after.split_whitespace().nth(12).is_some() {
        return None;
    }
    let c = LABELLED.captures(text.trim_end())?;
    let caption = c.get(1)?.as_str().trim();
    let credit = c.get(2)?.as_str().trim();
    let usable = words(caption) >= 3 && (1..=12).contains(&words(credit)) && !credit.ends_with(['!', '?']);
    usable.then(|| Caption { caption: caption.to_string(), credit: credit.trim_end_matches('.').to_string() })
}

/// A line that is only a credit: `Credit: X`, `Photo: X`, `(Photo: X)`,
/// or an unlabelled `Name/Agency`, `Name via Agency`.
pub(super) fn credit_line(text: &str) -> Option<String> {
    labelled_credit_line(text).or_else(|| {
        let t = text.trim();
        // Cheap tests first: most lines are long or end like a sentence.
        // An agency slash or " via " is needed last: most lines have neither.
        let unlabelled = t.len() <= 100
            && !t.contains(':')
            && !is_breadcrumb(t)
            && (t.contains('/') || t.contains(" via "))
            && t.matches('/').count() <= 2
            && looks_like_credit(t)
            && words(t) <= 8
            && (has_agency_slash(t) || t.contains(" via "));
        unlabelled.then(|| t.to_string())
    })
}

fn labelled_credit_line(text: &str) -> Option<String> {
    let (labelled, rest) = strip_label(text.trim().trim_start_matches(['(', '[']).trim_end_matches([')', ']']));
    (text.len() <= 200 && labelled && !rest.is_empty() && words(rest) <= 12).then(|| rest.to_string())
}

fn bracketed_credit(text: &str) -> Option<Caption> {
    let t = text.trim_end();
    if !t.ends_with([']', ')']) {
        return None;
    }
    // The opening bracket of the credit: the last '[' or '(' before the end.
    let open = t.rfind(['[', '('])?;
    let inner = t.get(open + 1..t.len() - 1)?.trim();
    let caption = t.get(..open)?.trim();
    let opened_square = t.get(open..)?.starts_with('[');
    let (labelled, credit) = strip_label(inner);
    // A square bracket at the end of a caption is a credit; a round one only
    // with a label ("Photo:") or an agency shape ("X/Y").
    let credit_like = labelled || (opened_square && looks_like_credit(credit)) || has_agency_slash(credit);
    // An unlabelled round bracket also needs a caption of a few words.
    let short_aside = !opened_square && !labelled && words(caption) < 4;
    let usable = !caption.is_empty() && !credit.is_empty() && credit_like && words(credit) <= 14 && !short_aside;
    usable.then(|| Caption { caption: caption.to_string(), credit: credit.to_string() })
}

/// `Caption sentence. CREDIT/Name` or `… via Agency`.
fn trailing_credit(text: &str) -> Option<Caption> {
    let t = text.trim_end();
    // A credit is short: only the line's tail is searched (keeps it linear).
    let from = (t.len().saturating_sub(300)..=t.len()).find(|&i| t.is_char_boundary(i))?;
    let (i, tail) = t[from..]
        .match_indices(". ")
        .map(|(i, _)| (from + i, t[from + i + 2..].trim()))
        .find(|(_, tail)| looks_like_credit(tail) && (has_agency_slash(tail) || tail.contains(" via ")))?;
    let caption = t[..=i].trim();
    // "… morning. Image: X/Agency": the label is not part of the credit.
    let credit = strip_label(tail).1;
    (words(caption) >= 3).then(|| Caption { caption: caption.to_string(), credit: credit.to_string() })
}

/// Drops a leading label such as `File:` or `Photo:`; says whether it did.
fn strip_label(inner: &str) -> (bool, &str) {
    match inner.split_once(':') {
        Some((label, rest)) if lexicon::in_list(&lexicon::CREDIT_LABELS, label.trim()) => (true, rest.trim()),
        _ => (false, inner),
    }
}

/// Navigation, not a credit: three or more short capitalised segments
/// between spaced slashes (`Home / Regions / North`).
fn is_breadcrumb(s: &str) -> bool {
    let segment = |part: &str| (1..=3).contains(&words(part)) && part.trim().starts_with(char::is_uppercase);
    s.split(" / ").count() >= 3 && s.split(" / ").all(segment)
}

/// Short, starts with a capital or digit, does not end like a sentence.
fn looks_like_credit(s: &str) -> bool {
    let n = words(s);
    (1..=14).contains(&n)
        && s.chars().next().is_some_and(|c| c.is_uppercase() || c.is_numeric())
        && !s.ends_with(['.', '!', '?', ':'])
}

/// "Name/Agency": a slash between two non-space characters.
/// "Name/Agency" or "Name / Agency": a slash between two names.
fn has_agency_slash(s: &str) -> bool {
    // Both shapes need a slash; most text has none.
    if !s.contains('/') || s.contains("://") {
        return false;
    }
    let tight = s.match_indices('/').any(|(i, _)| match (s[..i].chars().next_back(), s[i + 1..].chars().next()) {
        // "Name/Agency", never "12/01/2025": a letter stands on one side.
        (Some(b), Some(a)) => !b.is_whitespace() && !a.is_whitespace() && (b.is_alphabetic() || a.is_alphabetic()),
        _ => false,
    });
    let spaced = s.split(" / ").nth(1).is_some_and(|after| after.starts_with(char::is_uppercase));
    tight || spaced
}

fn words(s: &str) -> usize {
    s.split_whitespace().count()
}

/// `Source: X`, `Source : X`, or a bare `Source` label (value on a later
/// line). Returns the value, empty for a bare label.
pub(super) fn source_label(text: &str) -> Option<String> {
    let t = text.trim();
    // The label is at most 24 bytes: in a long line with no colon in its
    // first 64 bytes and a letter or digit after byte 24, the label (all
    // before the first colon, or the whole line) is longer. Most lines
    // are answered here without a search for a colon.
    let b = t.as_bytes();
    if b.len() > 64 && !b[..64].contains(&b':') && b[24..64].iter().any(u8::is_ascii_alphanumeric) {
        return None;
    }
    let (label, rest) = t.split_once(':').map_or((t, ""), |(l, r)| (l.trim(), r.trim()));
    let known = label.len() <= 24 && lexicon::in_list(&lexicon::SOURCE_LABELS, label);
    (known && words(rest) <= 12).then(|| rest.to_string())
}

/// A copyright line's outlet: `© 2025 Name Ltd. All rights reserved.`,
/// `Group © Copyright Name, Inc.`, `Copyright 2019. Name. All Rights Reserved.`
pub(super) fn copyright_owner(text: &str) -> Option<String> {
    const MARKS: &[&str] = &["©", "ⓒ", "(c)", "(C)", "(с)", "Copyright", "COPYRIGHT", "copyright"];
    let labelled = text.get(..9).is_some_and(|p| p.eq_ignore_ascii_case("copyright"));
    let ascii_mark = |(i, _)| matches!(text.as_bytes().get(i + 1..i + 4), Some([b'c' | b'C', b')', b' ']));
    if !(labelled || text.contains(['©', 'ⓒ']) || text.match_indices('(').any(ascii_mark)) {
        return None;
    }
    // Only what comes before "All rights reserved" names the owner.
    let cut = text.to_lowercase().find("all rights").unwrap_or(text.len());
    let mut rest = text.get(..cut).unwrap_or(text);
    // The owner follows the last copyright mark; years come and go.
    while let Some((at, mark)) = MARKS.iter().filter_map(|m| find_mark(rest, m).map(|i| (i, *m))).min() {
        rest = &rest[at + mark.len()..];
    }
    let rest = YEAR_RANGE.replace_all(rest, " ");
    let rest = drop_years(first_segment(&rest));
    let name = strip_company_suffix(rest.trim_start_matches("by ").trim());
    let plausible = (1..=6).contains(&words(&name))
        && !name.starts_with('@')
        && !["rights", "designed by", "powered by"].iter().any(|w| name.to_lowercase().contains(w))
        && name.chars().next().is_some_and(char::is_alphanumeric);
    plausible.then_some(name)
}

/// A copyright mark not inside a longer word ("copyrights").
fn find_mark(text: &str, mark: &str) -> Option<usize> {
    text.match_indices(mark).map(|(i, _)| i).find(|&i| {
        let after = text[i + mark.len()..].chars().next();
        !after.is_some_and(char::is_alphanumeric) || !mark.chars().all(char::is_alphabetic)
    })
}

static YEAR_RANGE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b\d{4}(\s*[-–]\s*\d{4})?\b[.,]?").expect("valid regex"));

/// Drops years and year ranges ("2019", "1995 - 2019", "2002-2019").
fn drop_years(text: &str) -> String {
    let is_year = |w: &str| {
        let core = w.trim_matches(|c: char| !c.is_alphanumeric());
        !core.is_empty() && core.chars().all(|c| c.is_ascii_digit() || c == '-')
    };
    text.split_whitespace().filter(|w| !is_year(w) && *w != "-").collect::<Vec<_>>().join(" ")
}

/// The name part: up to a sentence end, a comma, a bar or a dash.
fn first_segment(text: &str) -> &str {
    let t = text.trim_start_matches(|c: char| c.is_whitespace() || c == '.' || c == ',');
    let separated =
        [", ", " | ", " - ", " – ", " · ", ". ", "|", " powered by ", " designed by "].map(|sep| t.find(sep));
    // "Network.Turner": a full stop glued to the next capitalised word.
    let glued = t.match_indices('.').map(|(i, _)| i).find(|&i| t[i + 1..].starts_with(char::is_uppercase));
    let end = separated.into_iter().chain([glued]).flatten().min().unwrap_or(t.len());
    t[..end].trim().trim_end_matches(['.', ',', ';', ':'])
}

/// Drops trailing company suffixes ("Ltd", "Inc.", "LLC").
fn strip_company_suffix(name: &str) -> String {
    let mut name = name.trim().to_string();
    loop {
        let lower = name.to_lowercase();
        let mut words = lower.split_whitespace();
        match words.next_back() {
            Some(last) if lexicon::COMPANY_SUFFIXES.contains(&last) && words.next().is_some() => {
                let keep = name.len() - last.len();
                name = name.get(..keep).unwrap_or("").trim().trim_end_matches(',').to_string();
            }
            _ => return name,
        }
    }
}

/// The agency of a dateline: `KYIV, Oct 8 (Agency) - …` gives `Agency`.
pub(super) fn dateline_agency(text: &str) -> Option<String> {
    DATELINE_AGENCY.captures(text).and_then(|c| c.get(1)).map(|m| m.as_str().trim().to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_slashed_date_is_no_agency_credit() {
        assert!(has_agency_slash("Pedro Lins/Agência Vale"));
        assert!(has_agency_slash("Reuters/AP"));
        assert!(!has_agency_slash("12/01/2025 08h15 Atualizado há 2 horas"));
    }

    use super::*;

    fn cap(s: &str) -> Option<(String, String)> {
        split_caption(s).map(|c| (c.caption, c.credit))
    }

    #[test]
    fn caption_shapes() {
        assert_eq!(
            cap("Leaders met in 2019 [File: A B, C D/AP Photo)"),
            Some(("Leaders met in 2019".into(), "A B, C D/AP Photo".into()))
        );
        assert_eq!(
            cap("Soldiers stand guard [Jane Roe/AFP]"),
            Some(("Soldiers stand guard".into(), "Jane Roe/AFP".into()))
        );
        assert_eq!(
            cap("A gas facility in Germany. (Photo: Jens H/EPA)"),
            Some(("A gas facility in Germany.".into(), "Jens H/EPA".into()))
        );
        assert_eq!(
            cap("[1/2] A ship is loaded at the port, May 3, 2024. AGENCY/Jo Doe"),
            Some(("A ship is loaded at the port, May 3, 2024.".into(), "AGENCY/Jo Doe".into()))
        );
        assert_eq!(cap("He said it was fine (and it was)."), None);
        assert_eq!(
            cap("Fans gather outside the stadium | Photo: Jo Doe/Example"),
            Some(("Fans gather outside the stadium".into(), "Jo Doe/Example".into()))
        );
        assert_eq!(
            cap("Cars at the show on Tuesday (Jo Doe / Example Press)"),
            Some(("Cars at the show on Tuesday".into(), "Jo Doe / Example Press".into()))
        );
        assert_eq!(
            cap("A module for a crewed mission. Credit: Space Agency"),
            Some(("A module for a crewed mission.".into(), "Space Agency".into()))
        );
        assert_eq!(cap("The company (ASML) grew."), None);
        assert_eq!(
            cap("Water covers the road on Saturday. Image: Jo Doe/Example Images"),
            Some(("Water covers the road on Saturday.".into(), "Jo Doe/Example Images".into()))
        );
    }

    #[test]
    fn credit_lines_and_sources() {
        assert_eq!(credit_line("Credit: Jo Doe/Getty Images").as_deref(), Some("Jo Doe/Getty Images"));
        assert_eq!(credit_line("Note: this is not a credit line at all"), None);
        assert_eq!(credit_line("Home / Regions / North"), None);
        assert_eq!(credit_line("Jo Doe / Example Press").as_deref(), Some("Jo Doe / Example Press"));
        assert_eq!(source_label("Source : X and agencies").as_deref(), Some("X and agencies"));
        assert_eq!(source_label("Source").as_deref(), Some(""));
        assert_eq!(copyright_owner("© 2025 Example Daily Ltd. All rights reserved.").as_deref(), Some("Example Daily"));
        assert_eq!(
            copyright_owner("Copyright ©2024 Example Ledger. All Rights Reserved.").as_deref(),
            Some("Example Ledger")
        );
        for (line, owner) in [
            ("Group Papers © Copyright Example Media, Inc.", "Example Media"),
            ("Copyright 2019. Example Examiner. All Rights Reserved.", "Example Examiner"),
            ("© 1995 - 2019 by Example Media Group Inc.", "Example Media Group"),
            ("© 2019 Example News Network.Other Company, Inc.All Rights Reserved.", "Example News Network"),
            ("© Example.org 2003 - 2019 powered by Other Network", "Example.org"),
            ("© 2019 Example - All rights reserved", "Example"),
        ] {
            assert_eq!(copyright_owner(line).as_deref(), Some(owner), "{line}");
        }
        assert_eq!(copyright_owner("Image Copyright @someone @someone"), None);
        assert_eq!(
            copyright_owner("© 2019 Example, LLC. All rights reserved. Example owns the copyrights of its marks.")
                .as_deref(),
            Some("Example")
        );
        assert_eq!(copyright_owner("Copyright © 2002-2019 - Designed by X - Powered by Y"), None);
        assert_eq!(dateline_agency("KYIV, Oct 8 (Wire) - Ukraine's ports shipped").as_deref(), Some("Wire"));
    }
}
