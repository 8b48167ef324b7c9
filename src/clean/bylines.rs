//! Authors from bylines ("By A and B, Role"), unlabelled name lines under
//! the headline, and credit lines ("Reporting by A in X; Writing by B").

use std::sync::LazyLock;

use regex::Regex;

use super::lexicon::{self, list, Words};

/// Labels that open a byline (with a space after them), in a few
/// languages; no label and its space starts another's.
static BY: Words = LazyLock::new(|| list("byline labels"));

/// Lower-case particles allowed inside a person's name.
static PARTICLES: Words = LazyLock::new(|| list("name particles"));

/// Names from a `By …` line (`lower`: its lower-cased copy); `None` when
/// the line is not a byline. An agency byline ("By AFP") is a byline with
/// no person in it.
pub(super) fn byline(text: &str, lower: &str) -> Option<Vec<String>> {
    let label = BY.iter().find(|b| lower.strip_prefix(**b).is_some_and(|r| r.starts_with(' ')))?;
    let rest = text.get(label.len() + 1..)?.trim();
    if rest.split_whitespace().count() > 14 || rest.ends_with(['.', '!', '?']) && !rest.ends_with("Jr.") {
        return None;
    }
    // What follows a bar, bullet or dash is the outlet or the date.
    let people = rest.split(['|', '•', '·']).next().unwrap_or("");
    let people = [" - ", " – ", " — "].iter().fold(people, |p, dash| p.split(dash).next().unwrap_or(p));
    // "Jane Roe published on 3 May": the names end at the first word that
    // is neither capitalised nor a particle.
    let end = people
        .split_whitespace()
        .position(|w| !(w.chars().next().is_some_and(|c| !c.is_lowercase()) || PARTICLES.contains(&w) || w == "and"));
    let cut: String = match end {
        Some(n) if n > 0 => people.split_whitespace().take(n).collect::<Vec<_>>().join(" "),
        _ => people.to_string(),
    };
    let names = names_in(&cut);
    if !names.is_empty() {
        return Some(names);
    }
    // "By AFP", "By STAFF": an agency, a desk or a name in capitals.
    let first = cut.split(',').next().unwrap_or("");
    let words: Vec<&str> = first.split_whitespace().collect();
    if words.is_empty() || words.len() > 4 || !words.iter().all(|w| w.starts_with(char::is_uppercase)) {
        return None;
    }
    // Two to four words in capitals, none of them a desk or agency
    // word: a person's name set in capitals.
    let person = (2..=4).contains(&words.len())
        && words.iter().all(|w| w.chars().all(|c| !c.is_lowercase()) && w.chars().any(char::is_alphabetic))
        && !words.iter().any(|w| NOT_PERSON.contains(&w.to_lowercase().as_str()));
    Some(if person { vec![first.trim().to_string()] } else { Vec::new() })
}

/// A line of names with nothing else: `A (now) and B (earlier)`.
pub(super) fn bare_names(text: &str) -> Option<Vec<String>> {
    // The word test first: it most often answers, at the first word.
    if has_non_name_word(text) || text.split_whitespace().count() > 12 {
        return None;
    }
    let without = strip_parentheses(text);
    let parts = split_names(&without);
    if parts.is_empty() || parts.iter().any(|p| !is_person(p)) {
        return None;
    }
    // One bare name could as well be a subheading ("Main Course").
    if parts.len() < 2 && !text.contains('(') {
        return None;
    }
    Some(parts.into_iter().map(str::to_string).collect())
}

/// A word no name in `bare_names` may hold (neither capitalised nor a
/// particle, and not the "and" or "e" between names): most lines asked
/// about have one, and skip its copies and splits. Parentheses (whose
/// words are dropped) leave the question to `bare_names`.
fn has_non_name_word(text: &str) -> bool {
    memchr::memchr2(b'(', b')', text.as_bytes()).is_none()
        && text.split(|c: char| c.is_whitespace() || matches!(c, ',' | '&' | '|' | '•')).any(|w| {
            w.chars().next().is_some_and(|c| !c.is_uppercase()) && !PARTICLES.contains(&w) && !matches!(w, "and" | "e")
        })
}

/// One person's name alone on a line: two or three capitalised words
/// (with particles: "Sanne de Vries") and no punctuation.
pub(super) fn lone_name(text: &str) -> Option<String> {
    let t = text.trim();
    let plain = t.chars().all(|c| c.is_alphabetic() || c == ' ' || c == '-' || c == '\'' || c == '’');
    let capitalised = || t.split_whitespace().filter(|w| !PARTICLES.contains(w)).count();
    (plain && capitalised() <= 3 && is_person(t)).then(|| t.to_string())
}

/// Names credited for reporting or writing in a credit line; `None` when
/// the line is not such a credit.
pub(super) fn reporting_credit(text: &str) -> Option<Vec<String>> {
    if text.split_whitespace().nth(50).is_some() || !is_reporting_credit(&text.to_lowercase()) {
        return None;
    }
    // The names after "by" or "from" in each segment but an editor's.
    let credited = |seg: &str| {
        let lower = seg.to_lowercase();
        if lexicon::NON_AUTHOR_ROLES.iter().any(|r| lower.trim_start().starts_with(r)) {
            return None;
        }
        let pos = lower.find(" by ").map(|p| p + 4).or_else(|| lower.find(" from ").map(|p| p + 6))?;
        seg.get(pos..).map(names_in)
    };
    Some(text.split([';', '\n']).filter_map(credited).flatten().collect())
}

/// Whether a lower-cased line has the words of a reporting credit.
pub(super) fn is_reporting_credit(lower: &str) -> bool {
    static CREDIT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new("reporting by|writing by|written by|reported by|with reporting from|additional reporting")
            .expect("valid regex")
    });
    CREDIT.is_match(lower)
}

/// People named in `A, B and C in Place, Role`.
fn names_in(text: &str) -> Vec<String> {
    let text = strip_parentheses(text.trim().trim_end_matches(['.', ';']));
    // "Anna K in Kyiv": drop the place.
    let names = split_names(&text).into_iter().map(|part| part.split(" in ").next().unwrap_or("").trim());
    names.filter(|name| is_person(name)).map(str::to_string).collect()
}

fn split_names(text: &str) -> Vec<&str> {
    text.split([',', '&', '|', '•'])
        .flat_map(|p| p.split(" and "))
        .flat_map(|p| p.split(" e "))
        .flat_map(|p| p.split(" y "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect()
}

fn strip_parentheses(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Words that make a byline a desk or an agency rather than a person.
static NOT_PERSON: Words = LazyLock::new(|| list("not persons"));

/// Two to four capitalised words (particles allowed), no digits.
fn is_person(name: &str) -> bool {
    let words = || name.split_whitespace();
    let capitalised = words().filter(|w| w.chars().next().is_some_and(char::is_uppercase)).count();
    // The shape first: most lines asked about fail it; then the words of
    // desks and agencies.
    (2..=5).contains(&words().count())
        && capitalised >= 2
        && words().all(|w| {
            !w.chars().any(|c| c.is_ascii_digit() || c == '@' || c == ':')
                && (w.chars().next().is_some_and(char::is_uppercase) || PARTICLES.contains(&w))
        })
        // All capitals is more often an agency or a desk than a person.
        && !words().all(|w| w.chars().all(|c| !c.is_lowercase()))
        && !words().any(|w| lexicon::in_list(&NOT_PERSON, w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lone_names() {
        assert_eq!(lone_name("Jane Roe").as_deref(), Some("Jane Roe"));
        assert_eq!(lone_name("Regional correspondent"), None);
        assert_eq!(lone_name("Storm warning extended to the coast"), None);
        assert_eq!(lone_name("Jane Roe, Reporter"), None);
        assert_eq!(lone_name("Sanne de Vries").as_deref(), Some("Sanne de Vries"));
        assert_eq!(lone_name("Example Sport"), None);
        assert_eq!(lone_name("Ann Lee North Diving"), None);
    }

    #[test]
    fn bylines() {
        let byline = |t: &str| byline(t, &t.to_lowercase());
        assert_eq!(byline("By Jane Roe, Europe correspondent"), Some(vec!["Jane Roe".to_string()]));
        assert_eq!(
            byline("By Sanne de Vries and Kenji Mori"),
            Some(vec!["Sanne de Vries".to_string(), "Kenji Mori".to_string()])
        );
        assert_eq!(byline("By AFP"), Some(vec![]));
        assert_eq!(byline("By Associated Press"), Some(vec![]));
        assert_eq!(byline("By Staff Reporter"), Some(vec![]));
        assert_eq!(byline("By JANE ROE - 2019-04-10"), Some(vec!["JANE ROE".to_string()]));
        assert_eq!(byline("By Jane Roe | Wire"), Some(vec!["Jane Roe".to_string()]));
        assert_eq!(byline("By the time they arrived, the fire had spread across the valley."), None);
        assert_eq!(
            bare_names("Helen Ash (now) and Tom Rey (earlier)"),
            Some(vec!["Helen Ash".to_string(), "Tom Rey".to_string()])
        );
        assert_eq!(bare_names("Europe"), None);
    }

    #[test]
    fn credits() {
        assert_eq!(
            reporting_credit(
                "Reporting by Anna K in Kyiv; Additional reporting by Mo Ar in Istanbul; Editing by Mark E"
            ),
            Some(vec!["Anna K".to_string(), "Mo Ar".to_string()])
        );
        assert_eq!(
            reporting_credit("Reporting by Ji Park and Min Seo; Writing by Dan Hart; Editing by Sam H"),
            Some(vec!["Ji Park".to_string(), "Min Seo".to_string(), "Dan Hart".to_string()])
        );
    }
}
