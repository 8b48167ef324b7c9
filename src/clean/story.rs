//! Where the story starts and ends: after the headline and its byline, up
//! to a source credit, a copyright line, an end marker the story does not
//! come back from, or a run of teasers.

use super::article::Window;
use super::blocks::{running_sums, Line};
use super::body::Class;
use super::classify::Kind;

pub(super) fn window(lines: &[Line], kinds: &mut [Kind], alone: &[Class], title: Option<usize>) -> Window {
    let head = title.map_or(0, |t| t + 1);
    let n = kinds.len();
    // A standfirst sits between the headline and the byline or date: the
    // story starts after the last of those.
    let stamped = |&j: &usize| matches!(kinds[j], Kind::Byline(_) | Kind::Date { updated: false, .. });
    let last_stamp = (head..(head + 8).min(n)).rfind(stamped).filter(|_| title.is_some());
    let start = last_stamp.map_or(head, |j| j + 1);
    let first_good = (start..n).find(|&i| alone[i] == Class::Good && matches!(kinds[i], Kind::Text)).unwrap_or(n);
    let end = story_end(lines, kinds, alone, first_good);
    let end = teaser_run(lines, kinds, alone, first_good, end);
    Window { title, head, start, first_good, end }
}

/// The first line after the story: a source credit or copyright line, or
/// an end marker ("Related") after which the story does not resume. A
/// marker the story resumes after is a box inside the story: its links
/// are dropped.
fn story_end(lines: &[Line], kinds: &mut [Kind], alone: &[Class], from: usize) -> usize {
    let n = kinds.len();
    let good = |k: &Kind, j: usize| alone[j] == Class::Good && matches!(k, Kind::Text);
    let (mut i, mut gap_start) = (from, from);
    while i < n {
        if good(&kinds[i], i) {
            // A long stretch without story, then only scattered prose:
            // teasers, not the story resuming.
            if i - gap_start >= 10 && (i..(i + 15).min(n)).filter(|&j| good(&kinds[j], j)).count() < 4 {
                return gap_start;
            }
            gap_start = i + 1;
        }
        match kinds[i] {
            Kind::Source(_) | Kind::Copyright(_) => return i,
            Kind::EndMarker if is_hard_marker(&lines[i].lower) || !story_resumes(lines, kinds, alone, i) => {
                return i;
            }
            Kind::EndMarker => {
                let resumes = (i + 1..n).find(|&j| good(&kinds[j], j)).unwrap_or(n);
                for k in kinds[i + 1..resumes].iter_mut().filter(|k| matches!(k, Kind::Text)) {
                    *k = Kind::Furniture("link inside a related-stories box");
                }
                i = resumes;
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
    let good: Vec<usize> =
        (from..end).filter(|&j| alone[j] == Class::Good && matches!(kinds[j], Kind::Text | Kind::Clock)).collect();
    // At least four other lines on either side.
    let isolated = |k: usize| k > 0 && good[k] - good[k - 1] > 4 && good.get(k + 1).unwrap_or(&end) - good[k] > 4;
    // Prefix sums of prose words, so the list check stays linear.
    let words = running_sums(good.iter().map(|&j| lines[j].words));
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
    ["comment", "reply", "about the author", "know more"].iter().any(|w| lower.contains(w))
}

/// Several substantial story paragraphs follow soon after the marker.
fn story_resumes(lines: &[Line], kinds: &[Kind], alone: &[Class], at: usize) -> bool {
    // A source credit or a copyright line ends the story for good.
    let credit = |&j: &usize| matches!(kinds[j], Kind::Source(_) | Kind::Copyright(_));
    let substantial = |&j: &usize| matches!(kinds[j], Kind::Text) && alone[j] == Class::Good && lines[j].words >= 12;
    (at + 1..(at + 20).min(kinds.len())).take_while(|j| !credit(j)).filter(substantial).count() >= 3
}
