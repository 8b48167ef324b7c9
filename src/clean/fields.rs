//! The record's fields read from credit lines: source, authors, dates.

use super::article::{Decisions, Window};
use super::blocks::Line;
use super::classify::Kind;
use super::credits;
use super::{lexicon, Cleaned, Decision};

pub(super) fn fill_source(lines: &[Line], kinds: &[Kind], w: &Window, out: &mut Cleaned, d: &mut Decisions) {
    for i in w.head..lines.len() {
        let Kind::Source(v) = &kinds[i] else { continue };
        if !v.is_empty() {
            out.source = Some(v.clone());
            d[i] = (Decision::Credit, "source credit line".into());
            return;
        }
        // A split label: "Source" / ":" / the value, at the end of the
        // story (a bare "Source" elsewhere labels a chart or a table).
        let value = (i + 1..(i + 4).min(lines.len())).find(|&j| !matches!(kinds[j], Kind::Label));
        let at_end = i + 3 >= w.end && i <= w.end + 3;
        let usable = |j: usize| lines[j].words <= 12 && matches!(kinds[j], Kind::Text | Kind::Template);
        if let Some(j) = value.filter(|&j| at_end && usable(j)) {
            out.source = Some(lines[j].text.clone());
            d[i] = (Decision::Credit, "source label".into());
            d[i + 1..=j].fill((Decision::Credit, "source credit (split over lines)".into()));
            return;
        }
    }
    // A copyright line after the headline (a wire story's own, or the
    // footer's) before one in the header.
    let order = (w.head..lines.len()).chain(0..w.head);
    for i in order {
        if let Kind::Copyright(owner) = &kinds[i] {
            out.source = Some(owner.clone());
            d[i] = (Decision::Credit, "copyright line names the outlet".into());
            return;
        }
    }
    out.source = out.body.first().and_then(|p| credits::dateline_agency(p)).or_else(|| masthead(lines, kinds, w));
}

/// The outlet's name as printed in the header: a capitalised name of two
/// to five words before the headline that the page repeats further down
/// (in a footer, a credit or an e-mail prompt); else the one such name in
/// the header that ends like a newspaper's name ("… Ledger"), when it is
/// not the kicker right above the headline.
fn masthead(lines: &[Line], kinds: &[Kind], w: &Window) -> Option<String> {
    let title = w.title?;
    let later: String = lines[title + 1..].iter().map(|l| l.lower.as_str()).collect::<Vec<_>>().join("\n");
    let names = || {
        (0..title).filter(|&i| matches!(kinds[i], Kind::Text | Kind::Template)).take(60).filter(|&i| {
            let l = &lines[i];
            (2..=5).contains(&l.words)
                && l.text.split_whitespace().all(|w| w.chars().next().is_some_and(char::is_uppercase))
                && !l.text.chars().any(|c| c.is_ascii_digit())
        })
    };
    if let Some(i) = names().find(|&i| later.contains(&lines[i].lower)) {
        return Some(lines[i].text.clone());
    }
    let mut nouned = names().filter(|&i| {
        let last = lines[i].text.split_whitespace().next_back().unwrap_or("");
        lexicon::in_list(&lexicon::MASTHEAD_NOUNS, last.trim_end_matches(['.', ',']))
    });
    match (nouned.next(), nouned.next()) {
        (Some(i), None) if i + 1 < title => Some(lines[i].text.clone()),
        _ => None,
    }
}

pub(super) fn fill_authors(lines: &[Line], kinds: &[Kind], w: &Window, out: &mut Cleaned, d: &mut Decisions) {
    // Each name once, in the order first met.
    let mut add = |found: &[String]| {
        for n in found {
            if !out.authors.contains(n) {
                out.authors.push(n.clone());
            }
        }
    };
    // "Posted on 3 March 2025 by Jane Roe", next to the headline.
    let near_title = w.title.map_or(0..0, |t| t.saturating_sub(3)..w.first_good.min(w.end));
    for i in near_title.filter(|&i| matches!(kinds[i], Kind::Date { .. })) {
        let by = lines[i].lower.find(" by ").and_then(|pos| lines[i].text.get(pos + 1..));
        if let Some(found) = by.and_then(|t| super::bylines::byline(t, &t.to_lowercase())) {
            add(&found);
        }
    }
    for i in w.head..kinds.len() {
        let found = match &kinds[i] {
            Kind::Byline(n) if i < w.end => n,
            Kind::Reporting(n) => n,
            _ => continue,
        };
        d[i] = (Decision::Author, "byline or reporting credit".into());
        add(found);
    }
}

pub(super) fn fill_dates(lines: &[Line], kinds: &[Kind], w: &Window, out: &mut Cleaned, d: &mut Decisions) {
    let stamp = |i: usize| match &kinds[i] {
        Kind::Date { found, updated: false } => Some(found),
        _ => None,
    };
    // The publication stamp sits between the headline and the story.
    let stop = w.first_good.max(w.start).min(w.end);
    let under = (w.head..stop).find_map(|i| Some((i, stamp(i)?)));
    // A date-only line in the header is today's date (the scrape date) when
    // it names the weekday or when the story has its own stamp.
    for i in 0..w.title.unwrap_or(0) {
        let Some(found) = stamp(i) else { continue };
        let today = found.rfc3339.is_none() && (has_weekday(&lines[i].lower) || under.is_some());
        if today && out.retrieved.is_none() {
            out.retrieved = Some(found.date.format("%Y-%m-%d").to_string());
            d[i] = (Decision::Date, "today's date in the header: retrieval date".into());
        } else if under.is_none() && out.published.is_none() {
            out.published = Some(found.value());
            d[i] = (Decision::Date, "date above the headline: publication date".into());
        }
    }
    if let Some((i, found)) = under {
        out.published = Some(found.value());
        d[i] = (Decision::Date, "date under the headline: publication date".into());
    } else if out.published.is_none() {
        // "By Jane Roe, published 3 May 2024": a byline that carries the date.
        let dated = (w.head..stop)
            .filter(|&i| matches!(kinds[i], Kind::Byline(_)))
            .find_map(|i| super::dates::find(&lines[i].text));
        out.published = dated.map(|f| f.value());
    }
}

fn has_weekday(lower: &str) -> bool {
    let abbreviated = lower.split(|c: char| !c.is_alphanumeric()).any(|w| lexicon::WEEKDAY_ABBREVIATIONS.contains(&w));
    // Portuguese day names all end in "feira", also when written without the hyphen.
    abbreviated || lower.contains("feira") || lexicon::WEEKDAYS.iter().any(|day| lower.contains(day))
}
