//! Finding the headline: a headline-shaped line before the story starts,
//! preferably one with a byline or date under it.

use super::blocks::{running_sums, Line};
use super::body::Class;
use super::classify::Kind;

/// Index of the headline among `lines`, if any line looks like one.
/// `classes` are the lines' quality classes taken alone.
pub(super) fn find(lines: &[Line], kinds: &[Kind], classes: &[Class]) -> Option<usize> {
    let first_good = first_story_line(kinds, classes).unwrap_or(lines.len());
    // A headline with a byline or date under it may come after teasers
    // that look like story; one without must come before the story.
    let reach = (lines.len() * 3 / 4).max(first_good);
    // Words of good prose before each line: the story's mass so far.
    let good = |i: usize| classes[i] == Class::Good && matches!(kinds[i], Kind::Text);
    let mass = running_sums((0..lines.len()).map(|i| if good(i) { lines[i].words } else { 0 }));
    let total = mass[lines.len()];
    let mut best: Option<(f32, usize)> = None;
    for (i, (score, anchored)) in (0..reach).filter_map(|i| Some((i, score(lines, kinds, i)?))) {
        // After story-like lines only when most of the prose follows it.
        let placed = i < first_good || anchored && total - mass[i] > 2 * mass[i];
        if placed && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, i));
        }
    }
    best.map(|(_, i)| i)
}

/// The first good line that starts a run of story (two good lines within
/// a few lines), so that a lone teaser in the header does not count.
fn first_story_line(kinds: &[Kind], classes: &[Class]) -> Option<usize> {
    let good = |j: usize| classes.get(j) == Some(&Class::Good) && matches!(kinds.get(j), Some(Kind::Text));
    (0..classes.len()).find(|&i| good(i) && (i + 1..i + 6).any(good))
}

/// The line's headline score, and whether a byline or date anchors it.
fn score(lines: &[Line], kinds: &[Kind], i: usize) -> Option<(f32, bool)> {
    let line = &lines[i];
    let words = line.words;
    let shaped = if line.unspaced { (8..=120).contains(&line.chars) } else { (3..=30).contains(&words) };
    if !matches!(kinds[i], Kind::Text) || !shaped || line.text.ends_with('.') && !line.text.ends_with("..") {
        return None;
    }
    // A line in parentheses is a credit or an aside; breadcrumbs and menus
    // end with an arrow or a separator.
    let t = line.text.as_str();
    if t.starts_with(['(', '[']) && t.ends_with([')', ']']) || t.ends_with(['›', '»', '>', '|', '/', '→']) {
        return None;
    }
    // A stamp is not a title (the digit count first: most lines have none,
    // and skip the searches); a line that opens with a date is a dated
    // teaser or a date bar.
    let stamp = line.digits > 0 && ["published", "updated", "posted"].iter().any(|w| line.lower.contains(w));
    if stamp || line.date_start().is_some_and(|start| start <= 12) {
        return None;
    }
    let n = lines.len();
    let stamp = |j: usize| matches!(kinds[j], Kind::Byline(_) | Kind::Date { .. });
    let dated = (i + 1..(i + 4).min(n)).any(stamp);
    let labelled = (i + 1..(i + 3).min(n)).any(|j| matches!(kinds[j], Kind::Label));
    let names_under = lines.get(i + 1).is_some_and(|l| l.is_bare_names());
    // A standfirst (one prose sentence) between the headline and the byline
    // or date, with only short lines (name, role) after it:
    // "Headline / Standfirst. / Name / Role / Date".
    let standfirst = !line.sentence_end
        && lines.get(i + 1).is_some_and(|l| l.sentence_end && l.words >= 8)
        && matches!(kinds.get(i + 1), Some(Kind::Text));
    let over_standfirst = standfirst
        && !(dated || names_under)
        && (i + 2..(i + 6).min(n)).find(|&j| stamp(j)).is_some_and(|k| (i + 2..k).all(|j| lines[j].words <= 6));
    let anchored = dated || names_under || over_standfirst;
    let bonus = |signal: bool| if signal { 8.0 } else { 0.0 };
    let mut s = words.min(20) as f32 + bonus(dated || labelled) + bonus(names_under) + bonus(over_standfirst);
    // Names alone are a byline over its date, not a headline.
    if line.is_bare_names() || line.is_lone_name() {
        s -= 8.0;
    }
    if i > 0 && matches!(kinds[i - 1], Kind::Clock) {
        // A liveblog entry's headline, under its timestamp.
        s -= 12.0;
    }
    if (i.saturating_sub(2)..i).any(|j| matches!(kinds[j], Kind::Date { .. })) {
        s += 2.0;
    }
    Some((s, anchored))
}
