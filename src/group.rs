//! Group: file articles into topics and editions, attach notes to the pages
//! they are about, and find related articles.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate, Weekday};

use crate::assemble::{Assembled, PendingNote};
use crate::config::Period;
use crate::dates::{display_date, month_name};
use crate::error::{Diagnostic, Diagnostics, Result};
use crate::model::{
    Article, ArticleId, Edition, EditionId, Id, IdVec, Note, NoteId, Site, Target, Topic, TopicGroup, TopicId,
};
use crate::related;
use crate::rules::{evaluate, Searchable};
use rayon::prelude::*;

pub(crate) const OTHER_NEWS: &str = "Other news";

pub(crate) fn group(assembled: Assembled) -> Result<Site> {
    group_keeping_terms(assembled, None).map(|(site, _, _)| site)
}

/// Related coverage as a build found it, with the key of what it was
/// found from ([`related::key`]).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct KnownRelated {
    pub key: u128,
    pub related: Vec<Vec<ArticleId>>,
}

/// [`group`], giving back each article's terms for related coverage, in
/// site order (for the memo of articles to keep), and the key of related
/// coverage; `known` coverage is taken as it is when its key is the same.
pub(crate) fn group_keeping_terms(
    assembled: Assembled,
    known: Option<KnownRelated>,
) -> Result<(Site, Vec<related::Profile>, u128)> {
    let Assembled {
        config,
        articles,
        topics,
        notes: pending,
        editions: edition_docs,
        scheduled,
        held_back,
        profiles,
        ..
    } = assembled;
    let articles: IdVec<ArticleId, Article> = articles.into();
    let topics: IdVec<TopicId, Topic> = topics.into();
    let mut problems = Diagnostics::default();

    let article_topics: IdVec<ArticleId, Vec<TopicId>> =
        articles.as_slice().par_iter().map(|a| file_article(a, &topics)).collect::<Vec<_>>().into();

    // Editions: every period that has an article, plus those an editor wrote.
    let mut periods: BTreeMap<NaiveDate, Vec<ArticleId>> = BTreeMap::new();
    for (i, a) in articles.iter_ids() {
        if let Some(stamp) = a.filed() {
            periods.entry(period_start(stamp.date(), config.period)).or_default().push(i);
        }
    }
    let mut docs_by_start = BTreeMap::new();
    for doc in &edition_docs {
        match parse_edition_id(&doc.id, config.period) {
            Some(start) => {
                periods.entry(start).or_default();
                docs_by_start.insert(start, doc);
            }
            None => problems.push(
                Diagnostic::new(
                    &doc.file,
                    None,
                    format!("\"{}\" is not an edition name for period \"{}\"", doc.id, period_name(config.period)),
                )
                .hint(format!("name the file after its period, e.g. {}.md", example_id(config.period))),
            ),
        }
    }
    let mut editions: IdVec<EditionId, Edition> = IdVec::new();
    let mut article_edition: IdVec<ArticleId, Option<EditionId>> = vec![None; articles.len()].into();
    for (start, members) in periods.iter().rev() {
        let index = EditionId::new(editions.len());
        for &a in members {
            article_edition[a] = Some(index);
        }
        let id = edition_id(*start, config.period);
        let doc = docs_by_start.get(start);
        let period_label = period_label(*start, config.period);
        editions.push(Edition {
            slug: id.to_ascii_lowercase(),
            title: doc.and_then(|d| d.title.clone()).unwrap_or_else(|| period_label.clone()),
            id,
            period_label,
            start: *start,
            end: period_end(*start, config.period),
            intro_html: doc.map(|d| d.intro_html.clone()).unwrap_or_default(),
            file: doc.map(|d| d.file.clone()),
            links: doc.map(|d| d.links.clone()).unwrap_or_default(),
            // `members` is in site order: newest first.
            groups: group_by_topic(members, &article_topics, topics.len()),
        });
    }

    let mut topic_articles: IdVec<TopicId, Vec<ArticleId>> = vec![Vec::new(); topics.len()].into();
    for (i, ts) in article_topics.iter_ids() {
        for &t in ts {
            topic_articles[t].push(i);
        }
    }

    let mut notes: IdVec<NoteId, Note> = IdVec::new();
    for p in pending {
        match resolve_note(p, &editions, config.period) {
            Ok(note) => {
                notes.push(note);
            }
            Err(ds) => ds.into_iter().for_each(|d| problems.push(d)),
        }
    }
    let notes_about = index_notes(&notes);

    // Terms already counted (remembered by the render cache) are not counted again.
    let mut profiles = if profiles.len() == articles.len() { profiles } else { related::profiles(articles.as_slice()) };
    let key = related::key(&profiles, article_topics.as_slice(), config.related_limit);
    let related = match known.filter(|k| k.key == key && k.related.len() == articles.len()) {
        Some(known) => known.related.into(),
        None => {
            profiles.par_iter_mut().for_each(related::Profile::unpack);
            related::related(&profiles, article_topics.as_slice(), config.related_limit).into()
        }
    };
    let site = Site {
        config,
        articles,
        topics,
        notes,
        editions,
        article_topics,
        article_edition,
        topic_articles,
        related,
        notes_about,
        scheduled,
        held_back,
    };
    problems.finish((site, profiles, key))
}

/// A note with its edition targets resolved.
pub(crate) fn resolve_note(
    pending: PendingNote,
    editions: &IdVec<EditionId, Edition>,
    period: Period,
) -> Result<Note, Vec<Diagnostic>> {
    let mut note = pending.note;
    let mut problems = Vec::new();
    for (id, line) in pending.editions {
        match editions.position(|e| e.slug == id.to_ascii_lowercase()) {
            Some(e) if note.about.contains(&Target::Edition(e)) => {}
            Some(e) => note.about.push(Target::Edition(e)),
            None => problems.push(
                Diagnostic::new(
                    &note.file,
                    line,
                    format!("no edition \"{id}\": no article falls in it and no content/editions/{id}.md exists"),
                )
                .hint(format!("edition names follow the digest period, e.g. editions/{}", example_id(period))),
            ),
        }
    }
    if problems.is_empty() {
        Ok(note)
    } else {
        Err(problems)
    }
}

/// Notes per thing they are about, in note order (newest first).
pub(crate) fn index_notes(notes: &IdVec<NoteId, Note>) -> BTreeMap<Target, Vec<NoteId>> {
    let mut notes_about: BTreeMap<Target, Vec<NoteId>> = BTreeMap::new();
    for (i, n) in notes.iter_ids() {
        for &t in &n.about {
            notes_about.entry(t).or_default().push(i);
        }
    }
    notes_about
}

/// Groups in topic order, each article under its first topic, "Other news"
/// last; an article is listed once per edition.
fn group_by_topic(
    members: &[ArticleId],
    article_topics: &IdVec<ArticleId, Vec<TopicId>>,
    topic_count: usize,
) -> Vec<TopicGroup> {
    let mut by_topic: IdVec<TopicId, Vec<ArticleId>> = vec![Vec::new(); topic_count].into();
    let mut other = Vec::new();
    for &a in members {
        match article_topics[a].first() {
            Some(&t) => by_topic[t].push(a),
            None => other.push(a),
        }
    }
    let mut groups: Vec<TopicGroup> = by_topic
        .into_iter()
        .enumerate()
        .filter(|(_, list)| !list.is_empty())
        .map(|(t, articles)| TopicGroup { topic: Some(TopicId::new(t)), articles })
        .collect();
    if !other.is_empty() {
        groups.push(TopicGroup { topic: None, articles: other });
    }
    groups
}

/// An article's topics: explicit ones win, else every topic whose rules
/// match.
pub(crate) fn file_article(article: &Article, topics: &IdVec<TopicId, Topic>) -> Vec<TopicId> {
    if !article.topics.is_empty() || topics.iter().all(|t| t.rules.is_none()) {
        return article.topics.clone();
    }
    let text = Searchable::new(&article.title, &article.summary, article.body.text());
    topics
        .iter_ids()
        .filter(|(_, t)| t.rules.as_ref().is_some_and(|r| evaluate(r, &text).matched))
        .map(|(i, _)| i)
        .collect()
}

pub(crate) fn period_start(date: NaiveDate, period: Period) -> NaiveDate {
    match period {
        Period::Day => date,
        Period::Week => {
            date.checked_sub_days(Days::new(u64::from(date.weekday().num_days_from_monday()))).unwrap_or(date)
        }
        Period::Month => date.with_day(1).unwrap_or(date),
    }
}

fn period_end(start: NaiveDate, period: Period) -> NaiveDate {
    match period {
        Period::Day => start,
        Period::Week => start.checked_add_days(Days::new(6)).unwrap_or(start),
        Period::Month => {
            let (y, m) = if start.month() == 12 { (start.year() + 1, 1) } else { (start.year(), start.month() + 1) };
            NaiveDate::from_ymd_opt(y, m, 1).and_then(|d| d.pred_opt()).unwrap_or(start)
        }
    }
}

/// `2024-W48`, `2024-11-25` or `2024-11`.
pub(crate) fn edition_id(start: NaiveDate, period: Period) -> String {
    match period {
        Period::Day => start.format("%Y-%m-%d").to_string(),
        Period::Week => {
            let w = start.iso_week();
            format!("{}-W{:02}", w.year(), w.week())
        }
        Period::Month => start.format("%Y-%m").to_string(),
    }
}

/// The first day of the period an edition ID names.
pub(crate) fn parse_edition_id(id: &str, period: Period) -> Option<NaiveDate> {
    let start = match period {
        Period::Day => NaiveDate::parse_from_str(id, "%Y-%m-%d").ok(),
        Period::Week => {
            let (year, week) = id.split_once(['-'])?;
            let week = week.strip_prefix(['W', 'w'])?;
            if week.len() != 2 {
                return None;
            }
            NaiveDate::from_isoywd_opt(year.parse().ok()?, week.parse().ok()?, Weekday::Mon)
        }
        Period::Month => NaiveDate::parse_from_str(&format!("{id}-01"), "%Y-%m-%d").ok().filter(|_| id.len() == 7),
    }?;
    crate::dates::YEARS.contains(&start.year()).then_some(start)
}

fn period_label(start: NaiveDate, period: Period) -> String {
    match period {
        Period::Day => display_date(start),
        Period::Week => format!("Week of {}", display_date(start)),
        Period::Month => format!("{} {}", month_name(start.month()), start.year()),
    }
}

fn period_name(period: Period) -> &'static str {
    match period {
        Period::Day => "day",
        Period::Week => "week",
        Period::Month => "month",
    }
}

fn example_id(period: Period) -> &'static str {
    match period {
        Period::Day => "2024-11-25",
        Period::Week => "2024-W48",
        Period::Month => "2024-11",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn weeks_are_iso_weeks() {
        let start = period_start(d("2024-11-27"), Period::Week);
        assert_eq!(start, d("2024-11-25"));
        assert_eq!(edition_id(start, Period::Week), "2024-W48");
        assert_eq!(parse_edition_id("2024-W48", Period::Week), Some(start));
        assert_eq!(parse_edition_id("2024-w48", Period::Week), Some(start));
        // ISO year differs from calendar year at the edges.
        assert_eq!(edition_id(period_start(d("2024-12-31"), Period::Week), Period::Week), "2025-W01");
    }

    #[test]
    fn months_and_days() {
        assert_eq!(edition_id(period_start(d("2024-02-29"), Period::Month), Period::Month), "2024-02");
        assert_eq!(period_end(d("2024-02-01"), Period::Month), d("2024-02-29"));
        assert_eq!(parse_edition_id("2024-11-25", Period::Day), Some(d("2024-11-25")));
        assert_eq!(parse_edition_id("2024-1", Period::Month), None);
    }

    #[test]
    fn groups_follow_topic_order_with_other_news_last() {
        let t = TopicId::new;
        let filed: IdVec<ArticleId, Vec<TopicId>> = vec![vec![t(1)], vec![], vec![t(0), t(1)], vec![t(1)]].into();
        let members: Vec<ArticleId> = (0..4).map(ArticleId::new).collect();
        let groups = group_by_topic(&members, &filed, 2);
        let shape: Vec<(Option<usize>, Vec<usize>)> = groups
            .into_iter()
            .map(|g| (g.topic.map(Id::index), g.articles.into_iter().map(Id::index).collect()))
            .collect();
        assert_eq!(shape, vec![(Some(0), vec![2]), (Some(1), vec![0, 3]), (None, vec![1])]);
    }
}
