//! Putting one dump together: headline, story window, body, figures,
//! credits, dates, and a decision with its reason for every line.

use super::blocks::{self, Line};
use super::body::{self, Class};
use super::classify::{self, Kind};
use super::credits;
use super::fxhash::FxMap;
use super::{title, Block, CleanFigure, Cleaned, Decision};

/// Where the story sits among the lines.
struct Window {
    title: Option<usize>,
    /// First line after the headline: bylines and dates are read from here.
    head: usize,
    start: usize,
    /// First line of the story proper (a good paragraph).
    first_good: usize,
    /// First line after the story.
    end: usize,
}

/// Cleans one dump's lines; `repeated` marks lines shared with other dumps.
pub fn assemble(owned: Vec<Line>, repeated: &[bool]) -> Cleaned {
    let lines = owned.as_slice();
    let dense = blocks::is_dense(lines);
    let mut kinds: Vec<Kind> = lines
        .iter()
        .zip(repeated)
        .map(|(l, &r)| classify::classify(l, r))
        .collect();
    attach_captions(lines, &mut kinds, dense);
    let known = body::knows_language(lines);
    let alone = body::initial(lines, &kinds, known);
    let title = title::find(lines, &kinds, &alone);
    if let Some(t) = title {
        mark_bare_byline(lines, &mut kinds, t);
    }
    let w = window(lines, &mut kinds, &alone, title);
    drop_repeats(lines, &mut kinds, &w);
    drop_summaries(lines, &mut kinds, &alone, &w);
    let mut classes = body::initial(lines, &kinds, known);
    for (i, c) in classes.iter_mut().enumerate() {
        if i < w.start || i >= w.end {
            *c = Class::Bad;
        }
    }
    let inserts: Vec<bool> = kinds.iter().map(Kind::is_inline_insert).collect();
    let keep = body::smooth(&classes, &inserts);
    let mut out = Cleaned::default();
    let mut decisions: Vec<(Decision, String)> =
        vec![(Decision::Removed, String::new()); lines.len()];
    fill_body(lines, &kinds, &keep, &w, &mut out, &mut decisions);
    fill_title(lines, &w, &mut out, &mut decisions);
    fill_figures(lines, &kinds, &w, &mut out, &mut decisions);
    fill_source(lines, &kinds, &w, &mut out, &mut decisions);
    fill_authors(&kinds, &w, &mut out, &mut decisions);
    fill_dates(lines, &kinds, &w, &mut out, &mut decisions);
    explain_removed(&kinds, &classes, &w, &mut decisions);
    for (line, (decision, reason)) in owned.into_iter().zip(decisions) {
        if decision == Decision::Removed {
            out.removed.push(line.text.clone());
        }
        out.blocks.push(Block {
            line: line.number,
            text: line.text,
            decision,
            reason,
        });
    }
    out
}

/// A credit line's caption is the line before it; a caption's alt text is
/// the line directly above it in the same block group.
fn attach_captions(lines: &[Line], kinds: &mut [Kind], dense: bool) {
    let same_block = |a: usize, b: usize| dense || lines[a].group == lines[b].group;
    for i in 1..lines.len() {
        if let Kind::CreditLine(credit) = &kinds[i] {
            let p = i - 1;
            if matches!(kinds[p], Kind::Text | Kind::Template)
                && same_block(p, i)
                && lines[p].words <= 60
            {
                let caption = credits::Caption {
                    caption: lines[p].text.clone(),
                    credit: credit.clone(),
                };
                kinds[p] = Kind::Caption(caption);
            }
        }
    }
    // Without blank lines to group them, only a short line that is not a
    // sentence is taken for alt text.
    let alt_shaped = |p: usize| !dense || (lines[p].words <= 20 && !lines[p].sentence_end);
    for i in 1..lines.len() {
        if matches!(kinds[i], Kind::Caption(_))
            && matches!(kinds[i - 1], Kind::Text)
            && same_block(i - 1, i)
            && alt_shaped(i - 1)
        {
            kinds[i - 1] = Kind::Alt;
        }
    }
}

/// A line of bare names under the headline is a byline.
fn mark_bare_byline(lines: &[Line], kinds: &mut [Kind], title: usize) {
    for j in title + 1..(title + 3).min(lines.len()) {
        if matches!(kinds[j], Kind::Text) {
            if let Some(names) = super::bylines::bare_names(&lines[j].text) {
                kinds[j] = Kind::Byline(names);
            }
            return;
        }
    }
}

fn window(lines: &[Line], kinds: &mut [Kind], alone: &[Class], title: Option<usize>) -> Window {
    let head = title.map_or(0, |t| t + 1);
    let n = kinds.len();
    // A standfirst sits between the headline and the byline or date: the
    // story starts after the last of those.
    let mut start = head;
    if title.is_some() {
        for j in head..(head + 8).min(n) {
            if matches!(
                kinds[j],
                Kind::Byline(_) | Kind::Date { updated: false, .. }
            ) {
                start = j + 1;
            }
        }
    }
    let first_good = (start..n)
        .find(|&i| alone[i] == Class::Good && matches!(kinds[i], Kind::Text))
        .unwrap_or(n);
    let end = story_end(lines, kinds, alone, first_good);
    let end = teaser_run(lines, kinds, alone, first_good, end);
    Window {
        title,
        head,
        start,
        first_good,
        end,
    }
}

/// The first line after the story: a source credit or copyright line, or
/// an end marker ("Related") after which the story does not resume. A
/// marker the story resumes after is a box inside the story: its links
/// are dropped.
fn story_end(lines: &[Line], kinds: &mut [Kind], alone: &[Class], from: usize) -> usize {
    let n = kinds.len();
    let good = |k: &Kind, j: usize| alone[j] == Class::Good && matches!(k, Kind::Text);
    let mut i = from;
    let mut gap_start = from;
    while i < n {
        if good(&kinds[i], i) {
            // A long stretch without story, then only scattered prose:
            // teasers, not the story resuming.
            if i - gap_start >= 10
                && (i..(i + 15).min(n)).filter(|&j| good(&kinds[j], j)).count() < 4
            {
                return gap_start;
            }
            gap_start = i + 1;
        }
        match kinds[i] {
            Kind::Source(_) | Kind::Copyright(_) => return i,
            Kind::EndMarker
                if is_hard_marker(&lines[i].lower) || !story_resumes(lines, kinds, alone, i) =>
            {
                return i;
            }
            Kind::EndMarker => {
                let mut j = i + 1;
                while j < n && !(alone[j] == Class::Good && matches!(kinds[j], Kind::Text)) {
                    if matches!(kinds[j], Kind::Text) {
                        kinds[j] = Kind::Furniture("link inside a related-stories box");
                    }
                    j += 1;
                }
                i = j;
            }
            _ => i += 1,
        }
    }
    n
}

/// Teaser cards after the story: single prose lines (the summaries), each
/// cut off from the next by several lines of headline, date and thumbnail.
/// Three such in a row end the story before the first of them.
fn teaser_run(lines: &[Line], kinds: &[Kind], alone: &[Class], from: usize, end: usize) -> usize {
    let good: Vec<usize> = (from..end)
        .filter(|&j| alone[j] == Class::Good && matches!(kinds[j], Kind::Text | Kind::Clock))
        .collect();
    let isolated = |k: usize| {
        let before = if k == 0 { 0 } else { good[k] - good[k - 1] - 1 };
        let after = good
            .get(k + 1)
            .map_or(end - good[k] - 1, |&n| n - good[k] - 1);
        k > 0 && before >= 4 && after >= 4
    };
    // Prefix sums of prose words, so the list check stays linear.
    let mut words = vec![0usize; good.len() + 1];
    for (k, &j) in good.iter().enumerate() {
        words[k + 1] = words[k] + lines[j].words;
    }
    let mut run = 0;
    for k in 0..good.len() {
        run = if isolated(k) { run + 1 } else { 0 };
        if run == 3 {
            // End after the last story line before the first teaser, unless
            // the "teasers" are most of the prose (a list article).
            let before = words[k - 2];
            if before * 2 > words[good.len()] - before {
                return good[k - 3] + 1;
            }
        }
    }
    end
}

/// Comments and author boxes never come back to the story.
fn is_hard_marker(lower: &str) -> bool {
    ["comment", "reply", "about the author", "know more"]
        .iter()
        .any(|w| lower.contains(w))
}

/// Several substantial story paragraphs follow soon after the marker.
fn story_resumes(lines: &[Line], kinds: &[Kind], alone: &[Class], at: usize) -> bool {
    let mut substantial = 0;
    for j in at + 1..(at + 20).min(kinds.len()) {
        match kinds[j] {
            Kind::Source(_) | Kind::Copyright(_) => break,
            Kind::Text if alone[j] == Class::Good && lines[j].words >= 12 => substantial += 1,
            _ => {}
        }
    }
    substantial >= 3
}

/// Pull quotes (a line repeated inside a longer story line) and lines that
/// repeat the headline are not story. Exact repeats of other lines are left
/// to the neighbours: a liveblog's summary repeats its entry headlines.
fn drop_repeats(lines: &[Line], kinds: &mut [Kind], w: &Window) {
    // Normalised text is made only for pull-quote candidates and the lines
    // near them.
    let mut norm: Vec<Option<String>> = vec![None; lines.len()];
    let title_norm = w.title.map(|t| letters(&lines[t].text));
    let mut copies: FxMap<&str, usize> = FxMap::default();
    for l in lines {
        *copies.entry(l.text.as_str()).or_insert(0) += 1;
    }
    for i in w.start..w.end {
        if !matches!(kinds[i], Kind::Text) {
            continue;
        }
        // Pull quotes are short or wrapped in quotation marks, and sit near
        // the paragraph they repeat; looking only nearby keeps this linear.
        let quoted = lines[i].text.starts_with(['"', '“', '‘', '«', '„', '\''])
            || lines
                .get(i + 1)
                .is_some_and(|l| l.text.starts_with(['—', '―', '–']));
        let candidate = (5..=40).contains(&lines[i].words) && (quoted || lines[i].words <= 15);
        let title_copy = w
            .title
            .is_some_and(|t| lines[i].text.len().abs_diff(lines[t].text.len()) <= 12);
        let mine = if candidate || title_copy {
            letters(&lines[i].text)
        } else {
            String::new()
        };
        let mut inside_longer = false;
        if candidate && mine.len() >= 12 {
            for j in i.saturating_sub(8).max(w.start)..(i + 9).min(w.end) {
                if j == i
                    || !matches!(kinds[j], Kind::Text)
                    || lines[j].text.len() <= lines[i].text.len()
                {
                    continue;
                }
                let theirs = norm[j].get_or_insert_with(|| letters(&lines[j].text));
                if theirs.len() > mine.len() + 8 && theirs.contains(&mine) {
                    inside_longer = true;
                    break;
                }
            }
        }
        // Gallery captions and teaser headlines recur within a page; a
        // liveblog entry headline under its timestamp is kept.
        let recurring = copies.get(lines[i].text.as_str()).is_some_and(|&c| c >= 2)
            && lines[i].words >= 5
            && !(i > 0 && matches!(kinds[i - 1], Kind::Clock));
        let is_title = mine.len() >= 12 && title_norm.as_deref() == Some(mine.as_str());
        if inside_longer || recurring || is_title {
            kinds[i] = Kind::Furniture("repeats another line (pull quote, teaser or duplicate)");
        }
    }
}

/// "Key points" and similar summaries above a story repeat it in brief:
/// the run of prose lines right under such a label is dropped.
fn drop_summaries(lines: &[Line], kinds: &mut [Kind], alone: &[Class], w: &Window) {
    const LABELS: &[&str] = &[
        "key points",
        "key events",
        "highlights",
        "summary",
        "in brief",
        "at a glance",
        "key takeaways",
        "the big picture",
    ];
    for i in w.head..w.end {
        let label = lines[i].lower.trim_end_matches(':');
        if !LABELS.contains(&label) {
            continue;
        }
        kinds[i] = Kind::Furniture("summary label");
        let mut j = i + 1;
        while j < w.end && j <= i + 8 && alone[j] == Class::Good && matches!(kinds[j], Kind::Text) {
            kinds[j] = Kind::Furniture("summary point above the story");
            j += 1;
        }
    }
}

/// Lower-case letters and digits separated by single spaces.
fn letters(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&word.to_lowercase());
    }
    out
}

type Decisions = [(Decision, String)];

fn fill_body(
    lines: &[Line],
    kinds: &[Kind],
    keep: &[bool],
    w: &Window,
    out: &mut Cleaned,
    d: &mut Decisions,
) {
    for i in w.start..w.end {
        if keep[i] {
            out.body.push(lines[i].text.clone());
            let why = match kinds[i] {
                Kind::Clock => "liveblog entry timestamp",
                _ if lines[i].words < 8 => "short line between story paragraphs",
                _ => "prose: long, sentence punctuation, function words",
            };
            d[i] = (Decision::Body, why.into());
        }
    }
}

fn fill_title(lines: &[Line], w: &Window, out: &mut Cleaned, d: &mut Decisions) {
    if let Some(t) = w.title {
        out.title = Some(lines[t].text.clone());
        d[t] = (
            Decision::Title,
            "headline-shaped line before the story".into(),
        );
    } else {
        out.warnings
            .push("no recognisable title; add a sidecar SLUG.meta.yaml with `title:`".into());
    }
}

fn fill_figures(lines: &[Line], kinds: &[Kind], w: &Window, out: &mut Cleaned, d: &mut Decisions) {
    // A lead photo may sit just above the headline.
    let from = w.title.map_or(0, |t| t.saturating_sub(6));
    for i in from..w.end {
        if Some(i) == w.title {
            continue;
        }
        let Kind::Caption(c) = &kinds[i] else {
            continue;
        };
        let alt = (i > 0 && matches!(kinds[i - 1], Kind::Alt)).then(|| lines[i - 1].text.clone());
        if alt.is_some() {
            d[i - 1] = (Decision::Figure, "alt text above a caption".into());
        }
        d[i] = (Decision::Figure, "caption with a photo credit".into());
        if let Some(Kind::CreditLine(_)) = kinds.get(i + 1) {
            d[i + 1] = (
                Decision::Figure,
                "photo credit line under its caption".into(),
            );
        }
        out.figures.push(CleanFigure {
            alt,
            caption: Some(credits::strip_carousel(&c.caption).trim().to_string()),
            credit: Some(c.credit.clone()),
        });
    }
}

fn fill_source(lines: &[Line], kinds: &[Kind], w: &Window, out: &mut Cleaned, d: &mut Decisions) {
    let from = w.title.map_or(0, |t| t + 1);
    for i in from..lines.len() {
        let Kind::Source(v) = &kinds[i] else { continue };
        if !v.is_empty() {
            out.source = Some(v.clone());
            d[i] = (Decision::Credit, "source credit line".into());
            return;
        }
        // A split label: "Source" / ":" / the value.
        let value = (i + 1..(i + 4).min(lines.len())).find(|&j| !matches!(kinds[j], Kind::Label));
        if let Some(j) = value.filter(|&j| lines[j].words <= 12) {
            out.source = Some(lines[j].text.clone());
            d[i] = (Decision::Credit, "source label".into());
            for k in i + 1..=j {
                d[k] = (Decision::Credit, "source credit (split over lines)".into());
            }
            return;
        }
    }
    for i in 0..lines.len() {
        if let Kind::Copyright(Some(owner)) = &kinds[i] {
            out.source = Some(owner.clone());
            d[i] = (Decision::Credit, "copyright line names the outlet".into());
            return;
        }
    }
    out.source = out.body.first().and_then(|p| credits::dateline_agency(p));
    if out.source.is_none() {
        out.source = masthead(lines, kinds, w);
    }
}

/// The outlet's name as printed in the header: a capitalised name of two
/// to five words before the headline that the page repeats further down
/// (in a footer, a credit or an e-mail prompt).
fn masthead(lines: &[Line], kinds: &[Kind], w: &Window) -> Option<String> {
    let title = w.title?;
    let later: String = lines[title + 1..]
        .iter()
        .map(|l| l.lower.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    (0..title)
        .filter(|&i| matches!(kinds[i], Kind::Text | Kind::Template))
        .map(|i| &lines[i])
        .take(60)
        .find(|l| {
            (2..=5).contains(&l.words)
                && l.text
                    .split_whitespace()
                    .all(|w| w.chars().next().is_some_and(char::is_uppercase))
                && !l.text.chars().any(|c| c.is_ascii_digit())
                && later.contains(&l.lower)
        })
        .map(|l| l.text.clone())
}

fn fill_authors(kinds: &[Kind], w: &Window, out: &mut Cleaned, d: &mut Decisions) {
    let mut names: Vec<String> = Vec::new();
    for i in w.head..kinds.len() {
        let found = match &kinds[i] {
            Kind::Byline(n) if i < w.end => n,
            Kind::Reporting(n) => n,
            _ => continue,
        };
        d[i] = (Decision::Author, "byline or reporting credit".into());
        for n in found {
            if !names.contains(n) {
                names.push(n.clone());
            }
        }
    }
    out.authors = names;
}

fn fill_dates(lines: &[Line], kinds: &[Kind], w: &Window, out: &mut Cleaned, d: &mut Decisions) {
    let stamp = |i: usize| match &kinds[i] {
        Kind::Date {
            found,
            updated: false,
        } => Some(found),
        _ => None,
    };
    // The publication stamp sits between the headline and the story.
    let stop = w.first_good.max(w.start).min(w.end);
    let under = (w.head..stop).find(|&i| stamp(i).is_some());
    // A date-only line in the header is today's date (the scrape date) when
    // it names the weekday or when the story has its own stamp.
    for i in 0..w.title.unwrap_or(0) {
        let Some(found) = stamp(i) else { continue };
        let today = found.rfc3339.is_none() && (has_weekday(&lines[i].lower) || under.is_some());
        if today && out.retrieved.is_none() {
            out.retrieved = Some(found.date.format("%Y-%m-%d").to_string());
            d[i] = (
                Decision::Date,
                "today's date in the page header: retrieval date".into(),
            );
        } else if under.is_none() && out.published.is_none() {
            out.published = Some(found.value());
            d[i] = (
                Decision::Date,
                "date above the headline: publication date".into(),
            );
        }
    }
    if let Some((i, found)) = under.and_then(|i| stamp(i).map(|f| (i, f))) {
        out.published = Some(found.value());
        d[i] = (
            Decision::Date,
            "date under the headline: publication date".into(),
        );
    }
}

fn has_weekday(lower: &str) -> bool {
    const DAYS: &[&str] = &[
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "lunes",
        "martes",
        "miércoles",
        "jueves",
        "viernes",
        "sábado",
        "domingo",
        "feira",
        "lunedì",
        "martedì",
        "mercoledì",
        "giovedì",
        "venerdì",
        "sabato",
        "lundi",
        "mardi",
        "mercredi",
        "jeudi",
        "vendredi",
        "samedi",
        "dimanche",
        "montag",
        "dienstag",
        "mittwoch",
        "donnerstag",
        "freitag",
        "samstag",
        "sonntag",
    ];
    DAYS.iter().any(|day| lower.contains(day))
}

/// Reasons for every line still marked removed.
fn explain_removed(kinds: &[Kind], classes: &[Class], w: &Window, d: &mut Decisions) {
    for i in 0..kinds.len() {
        if d[i].0 != Decision::Removed {
            continue;
        }
        let why: String = if i < w.head {
            "page header, before the headline".into()
        } else if i < w.start {
            "standfirst or furniture between headline and byline".into()
        } else if i >= w.end {
            "after the end of the story".into()
        } else {
            match &kinds[i] {
                Kind::Furniture(r) => (*r).into(),
                Kind::Template => "repeated in other files of the corpus (site template)".into(),
                Kind::Link => "inline link to another story".into(),
                Kind::Relative => "relative or updated time".into(),
                Kind::Date { .. } => "date stamp".into(),
                Kind::Label => "empty label or punctuation".into(),
                Kind::Attribution => "pull-quote attribution".into(),
                Kind::Clock => "timestamp with no entry under it".into(),
                Kind::Byline(_) => "byline".into(),
                Kind::Caption(_) | Kind::CreditLine(_) | Kind::Alt => {
                    "figure outside the story".into()
                }
                _ => match classes[i] {
                    Class::Short => "short line not between story paragraphs".into(),
                    Class::NearGood => "fragment not next to story paragraphs".into(),
                    _ => "not prose (few function words or no sentence ending)".into(),
                },
            }
        };
        d[i].1 = why;
    }
}
