//! Putting one dump together: headline, story window, body, figures,
//! credits, dates, and a decision with its reason for every line.

use super::blocks::{self, Line};
use super::body::{self, Class};
use super::classify::{self, Kind};
use super::credits;
use super::features;
use super::model::{self, Params, State};
use super::{bylines, fields, headline, repeats, story, title, Block, CleanFigure, Cleaned, Decision, Reason};

/// Where the story sits among the lines.
pub(crate) struct Window {
    pub title: Option<usize>,
    /// First line after the headline: bylines and dates are read from here.
    pub head: usize,
    pub start: usize,
    /// First line of the story proper (a good paragraph).
    pub first_good: usize,
    /// First line after the story.
    pub end: usize,
}

/// What the rule-based shape passes found on one page: the evidence the
/// story model weighs (`features::compute`), and what the field
/// extractors read.
pub(crate) struct Analysis {
    pub lines: Vec<Line>,
    pub kinds: Vec<Kind>,
    /// Quality classes of the lines taken alone.
    pub alone: Vec<Class>,
    /// The rules' story window.
    pub window: Window,
    /// The rules' own body decision (an input of the model).
    pub keep: Vec<bool>,
}

/// Classifies one dump's lines; `repeated` marks lines shared with other
/// dumps.
pub(crate) fn analyse(owned: Vec<Line>, repeated: &[bool]) -> Analysis {
    let lines = owned.as_slice();
    let dense = blocks::is_dense(lines);
    let mut kinds: Vec<Kind> = lines.iter().zip(repeated).map(|(l, &r)| classify::of_line(l, r)).collect();
    attach_captions(lines, &mut kinds, dense);
    let known = body::knows_language(lines);
    let alone = body::initial(lines, &kinds, known);
    let title = title::find(lines, &kinds, &alone);
    if let Some(t) = title {
        drop_header_names_as_captions(lines, &mut kinds, t);
        mark_bare_byline(lines, &mut kinds, t);
    }
    let w = story::window(lines, &mut kinds, &alone, title);
    repeats::drop_repeats(lines, &mut kinds, &w);
    let mut classes = body::initial(lines, &kinds, known);
    // Outside the story window nothing is story.
    classes.iter_mut().enumerate().filter(|(i, _)| !(w.start..w.end).contains(i)).for_each(|(_, c)| *c = Class::Bad);
    let inserts: Vec<bool> = kinds.iter().map(Kind::is_inline_insert).collect();
    let mut keep = body::smooth(&classes, &inserts);
    body::keep_lists(lines, &kinds, &mut keep, w.start, w.end);
    Analysis { lines: owned, kinds, alone, window: w, keep }
}

/// Cleans one dump's lines; `repeated` marks lines shared with other dumps.
pub(super) fn assemble(owned: Vec<Line>, repeated: &[bool], params: &Params) -> Cleaned {
    let a = analyse(owned, repeated);
    let feats = features::compute(&a);
    let logits: Vec<f32> = feats.iter().map(|f| model::logit(params, f)).collect();
    let states = model::decode(params, &logits);
    let (lines, kinds, w) = (a.lines.as_slice(), a.kinds.as_slice(), &a.window);
    let mut out = Cleaned { blocks: Vec::with_capacity(lines.len()), ..Cleaned::default() };
    let mut decisions: Vec<(Decision, Reason)> = vec![(Decision::Removed, Reason::None); lines.len()];
    for i in 0..lines.len() {
        if states[i] == State::Story && Some(i) != w.title && !belongs_to_a_field(&kinds[i]) {
            out.body.push(lines[i].text.clone());
            decisions[i].0 = Decision::Body;
        }
    }
    let scored = headline::scored_candidates(lines, &headline::candidates_for(&a, &states), &states);
    let title = headline::choose(&params.title, &scored);
    fill_title(lines, title, &mut out, &mut decisions);
    fill_figures(lines, kinds, w, &mut out, &mut decisions);
    fields::fill_source(lines, kinds, w, &mut out, &mut decisions);
    fields::fill_authors(lines, kinds, w, &mut out, &mut decisions);
    fields::fill_dates(lines, kinds, w, &mut out, &mut decisions);
    for i in 0..lines.len() {
        if matches!(decisions[i].0, Decision::Body | Decision::Removed) {
            let signals = model::top_signals(params, &feats[i]);
            decisions[i].1 = Reason::Model { state: states[i].name(), logit: logits[i], signals };
        }
    }
    out.removed.reserve(decisions.iter().filter(|(d, _)| *d == Decision::Removed).count());
    for (line, (decision, reason)) in a.lines.into_iter().zip(decisions) {
        if decision == Decision::Removed {
            out.removed.push(line.text.clone());
        }
        // A text no other line still shares (most story lines) moves into
        // its record instead of being copied.
        let text = std::sync::Arc::try_unwrap(line.shape).map_or_else(|s| s.text.clone(), |s| s.text);
        out.blocks.push(Block { line: line.number, text, decision, reason });
    }
    out
}

/// Lines the field extractors take (captions, credits, bylines, source
/// lines) are not paragraphs, wherever the story runs.
fn belongs_to_a_field(k: &Kind) -> bool {
    matches!(
        k,
        Kind::Caption(_)
            | Kind::CreditLine(_)
            | Kind::Alt
            | Kind::Byline(_)
            | Kind::Reporting(_)
            | Kind::Source(_)
            | Kind::Copyright(_)
            | Kind::Date { .. }
    )
}

/// A credit line's caption is the line before it; a caption's alt text is
/// the line directly above it in the same block group.
fn attach_captions(lines: &[Line], kinds: &mut [Kind], dense: bool) {
    let same_block = |a: usize, b: usize| dense || lines[a].group == lines[b].group;
    for i in 1..lines.len() {
        let Kind::CreditLine(credit) = &kinds[i] else { continue };
        let p = i - 1;
        if matches!(kinds[p], Kind::Text | Kind::Template) && same_block(p, i) && lines[p].words <= 60 {
            let caption = credits::Caption { caption: lines[p].text.clone(), credit: credit.clone() };
            kinds[p] = Kind::Caption(caption);
        }
    }
    // Without blank lines to group them, only a short line that is not a
    // sentence is taken for alt text. A line the caption repeats is alt
    // text however the dump groups it.
    let alt_shaped = |p: usize| !dense || (lines[p].words <= 20 && !lines[p].sentence_end);
    for i in 1..lines.len() {
        let Kind::Caption(c) = &kinds[i] else { continue };
        let p = i - 1;
        if matches!(kinds[p], Kind::Text)
            && (repeats_line(&c.caption, &lines[p].text) || same_block(p, i) && alt_shaped(p))
        {
            kinds[p] = Kind::Alt;
        }
    }
}

/// Above the headline, a "caption" that is only a short name (a masthead)
/// over a "credit" is header furniture (a masthead over a breadcrumb), not
/// a photo: a lead photo's caption describes it in words.
fn drop_header_names_as_captions(lines: &[Line], kinds: &mut [Kind], title: usize) {
    for i in 0..title {
        let Kind::Caption(c) = &kinds[i] else { continue };
        let short_name = c.caption.split_whitespace().count() <= 4
            && c.caption.split_whitespace().all(|w| w.starts_with(|ch: char| !ch.is_lowercase()))
            && !lines[i].sentence_end;
        if short_name {
            kinds[i] = Kind::Text;
            if i > 0 && matches!(kinds[i - 1], Kind::Alt) {
                kinds[i - 1] = Kind::Text;
            }
            if matches!(kinds.get(i + 1), Some(Kind::CreditLine(_))) {
                kinds[i + 1] = Kind::Text;
            }
        }
    }
}

/// A caption that begins with the whole of a short line above it, or that
/// says nearly the same in other order: that line is the photo's alt
/// text, not a paragraph. (Runs only for caption lines.)
fn repeats_line(caption: &str, line: &str) -> bool {
    let line = line.trim();
    if line.split_whitespace().nth(2).is_none() || line.len() > 300 {
        return false;
    }
    if caption.trim_start().starts_with(line) {
        return true;
    }
    // Alt text is short; the caption's words are nearly all in it, and
    // they are most of its words.
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric()).filter(|w| w.chars().count() >= 3).map(str::to_lowercase).collect()
    };
    let (c, l) = (words(caption), words(line));
    if l.len() > 25 || c.len() < 4 {
        return false;
    }
    let shared = c.iter().filter(|w| l.contains(w)).count();
    shared * 10 >= c.len() * 8 && shared * 10 >= l.len() * 6
}

/// A line of bare names under the headline is a byline; so is one bare
/// name under the headline or its standfirst when the publication date
/// follows it, directly or after a short job-title line.
fn mark_bare_byline(lines: &[Line], kinds: &mut [Kind], title: usize) {
    let first_text = (title + 1..(title + 3).min(lines.len())).find(|&j| matches!(kinds[j], Kind::Text));
    // The first text line under the headline, when it lists bare names.
    let listed = first_text.and_then(|j| Some((j, bylines::bare_names(&lines[j].text)?)));
    let stamp = |k: usize| matches!(kinds.get(k), Some(Kind::Date { updated: false, .. }));
    let role = |k: usize| {
        matches!(kinds.get(k), Some(Kind::Text)) && lines[k].words <= 5 && !lines[k].sentence_end && stamp(k + 1)
    };
    // Short lines of capitalised words only: a list of names, not a byline.
    let name_like =
        |k: usize| lines[k].words <= 5 && lines[k].text.split_whitespace().all(|w| w.starts_with(char::is_uppercase));
    let above_a_date = |&j: &usize| {
        let in_a_list = j > title + 1 && name_like(j - 1);
        !in_a_list && matches!(kinds[j], Kind::Text) && (stamp(j + 1) || role(j + 1))
    };
    // Else a name over the date (or over a role line above it), before any date.
    let dated = || {
        (title + 1..(title + 4).min(lines.len())).take_while(|&j| !stamp(j)).filter(above_a_date).find_map(|j| {
            let text = &lines[j].text;
            Some((j, bylines::lone_name(text).map(|n| vec![n]).or_else(|| bylines::bare_names(text))?))
        })
    };
    if let Some((j, names)) = listed.or_else(dated) {
        kinds[j] = Kind::Byline(names);
    }
}

/// Each line's decision and the reason for it.
pub(super) type Decisions = [(Decision, Reason)];

fn fill_title(lines: &[Line], title: Option<usize>, out: &mut Cleaned, d: &mut Decisions) {
    if let Some(t) = title {
        out.title = Some(lines[t].text.clone());
        d[t] = (Decision::Title, "best-scoring headline candidate above the story".into());
    } else {
        out.warnings.push("no recognisable title; add a sidecar SLUG.meta.yaml with `title:`".into());
    }
}

fn fill_figures(lines: &[Line], kinds: &[Kind], w: &Window, out: &mut Cleaned, d: &mut Decisions) {
    // A lead photo may sit just above the headline.
    let from = w.title.map_or(0, |t| t.saturating_sub(6));
    for i in (from..w.end).filter(|&i| Some(i) != w.title) {
        let Kind::Caption(c) = &kinds[i] else {
            continue;
        };
        let alt = (i > 0 && matches!(kinds[i - 1], Kind::Alt)).then(|| lines[i - 1].text.clone());
        if alt.is_some() {
            d[i - 1] = (Decision::Figure, "alt text above a caption".into());
        }
        d[i] = (Decision::Figure, "caption with a photo credit".into());
        if let Some(Kind::CreditLine(_)) = kinds.get(i + 1) {
            d[i + 1] = (Decision::Figure, "photo credit line under its caption".into());
        }
        // Where the story had it: after the body lines above it.
        let after = d[..i].iter().filter(|(decision, _)| *decision == Decision::Body).count();
        out.figures.push(CleanFigure {
            alt,
            caption: Some(credits::strip_carousel(&c.caption).trim().to_string()),
            credit: Some(c.credit.clone()),
            after_paragraph: Some(after),
        });
    }
}
