//! View structs: the documented contract between Broadsheet and themes
//! (see themes/default/README.md). Built once per build and shared.

use std::sync::OnceLock;

use chrono_tz::Tz;
use serde::Serialize;

use super::route::Routes;
use crate::dates::{display_stamp, iso_stamp};
use crate::model::{
    Article, ArticleId, Edition, EditionId, IdVec, Note, NoteId, Site, Stamp, Target, Topic, TopicGroup, TopicId,
};

#[derive(Debug, Clone, Serialize)]
pub(crate) struct SiteView {
    pub title: String,
    pub description: String,
    pub language: String,
    pub base_url: String,
    pub base_path: String,
    pub notice: Option<String>,
    pub topics: Vec<TopicLink>,
    /// The latest few editions (editions.html gets them all).
    pub editions: Vec<EditionLink>,
    pub home_url: String,
    pub editions_url: String,
    pub topics_url: String,
    pub search_url: String,
    pub feed_url: String,
    pub json_feed_url: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct PageView {
    pub kind: &'static str,
    pub title: String,
    pub description: String,
    pub url: String,
    pub permalink: String,
    /// OpenGraph type: `article` or `website`.
    pub og_type: &'static str,
    /// Absolute URL of an image for link previews, if the page has one.
    pub image: Option<String>,
    /// Feeds to announce with `<link rel="alternate">`.
    pub feeds: Vec<FeedLink>,
    /// schema.org JSON-LD, ready for `<script type="application/ld+json">`.
    pub json_ld: Option<String>,
    /// OpenGraph `article:published_time`: the outlet's date, on article
    /// pages that have one (never the day it was collected).
    pub published_time: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct FeedLink {
    pub title: String,
    pub url: String,
    /// MIME type: `application/atom+xml` or `application/feed+json`.
    pub media_type: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct TopicLink {
    pub slug: String,
    pub title: String,
    pub description: String,
    pub url: String,
    pub article_count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct EditionLink {
    pub id: String,
    pub slug: String,
    pub title: String,
    pub period_label: String,
    pub start: String,
    pub end: String,
    pub url: String,
    pub article_count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct DateView {
    pub iso: String,
    pub display: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct FigureView {
    pub src: Option<String>,
    pub alt: Option<String>,
    pub caption: Option<String>,
    pub credit: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct ArticleCard {
    pub slug: String,
    pub url: String,
    pub title: String,
    pub source: String,
    pub source_url: Option<String>,
    pub published: Option<DateView>,
    pub retrieved: Option<DateView>,
    pub authors: Vec<String>,
    pub summary: String,
    pub topics: Vec<TopicLink>,
    pub image: Option<FigureView>,
    /// Marked `draft: true`: only in `--drafts` builds and previews.
    pub draft: bool,
}

/// Borrows what the model and [`Views`] hold: an article page's context
/// is made 10,000 times, and the body is most of it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ArticleView<'a> {
    #[serde(flatten)]
    pub card: &'a ArticleCard,
    pub body_html: &'a str,
    pub figures: Vec<FigureView>,
    pub edition: Option<&'a EditionLink>,
    /// The body cut where the story had its figures.
    pub story: Vec<StoryPart<'a>>,
}

/// A run of the body's blocks, then the figures the story had after them.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct StoryPart<'a> {
    /// May be empty: figures before the story.
    pub html: &'a str,
    pub figures: Vec<FigureView>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct AboutLink {
    pub kind: &'static str,
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct NoteView {
    pub slug: String,
    pub title: String,
    pub date: Option<DateView>,
    pub author: Option<String>,
    pub body_html: String,
    pub about: Vec<AboutLink>,
}

/// Borrows its cards: an edition's page, the home page and the
/// newsletters each list every card of an edition.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct GroupView<'a> {
    pub topic: Option<TopicLink>,
    pub title: String,
    pub articles: Vec<&'a ArticleCard>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct EditionView<'a> {
    #[serde(flatten)]
    pub link: EditionLink,
    pub feed_url: String,
    /// The edition as an e-mail, in HTML and in plain text.
    pub newsletter_url: String,
    pub newsletter_text_url: String,
    pub intro_html: String,
    pub notes: Vec<NoteView>,
    pub groups: Vec<GroupView<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub(crate) struct TopicView {
    #[serde(flatten)]
    pub link: TopicLink,
    pub intro_html: String,
    pub feed_url: String,
}

/// Every link computed once, indexed like the model; each card made when
/// first asked for ([`Views::card`]).
pub(crate) struct Views<'s> {
    model: &'s Site,
    pub routes: Routes,
    pub site: SiteView,
    pub topics: IdVec<TopicId, TopicLink>,
    pub editions: IdVec<EditionId, EditionLink>,
    /// A rebuild after one edit renders a few pages: making every card
    /// (summaries cut, dates written, routes) was a tenth of its work.
    cards: IdVec<ArticleId, OnceLock<ArticleCard>>,
    pub notes: IdVec<NoteId, NoteView>,
}

/// A date for `<time>`: the zone it was written in is kept in both.
pub(crate) fn date_view(stamp: &Stamp, site_zone: Tz) -> DateView {
    DateView { iso: iso_stamp(stamp), display: display_stamp(stamp, site_zone) }
}

impl<'s> Views<'s> {
    pub(crate) fn new(site: &'s Site) -> Views<'s> {
        let c = &site.config;
        let routes = Routes::new(c);
        let topics: IdVec<TopicId, TopicLink> =
            site.topics.iter_ids().map(|(i, t)| topic_link(t, site.topic_articles[i].len(), &routes)).collect();
        let editions: IdVec<EditionId, EditionLink> = site.editions.iter().map(|e| edition_link(e, &routes)).collect();
        let cards = site.articles.iter().map(|_| OnceLock::new()).collect();
        let notes = site
            .notes
            .iter()
            .map(|n| note_view(n, c.timezone, |t| about_link(t, site, &routes, &topics, &editions)))
            .collect();
        let site_view = SiteView {
            title: c.title.clone(),
            description: c.description.clone(),
            language: c.language.clone(),
            base_url: c.base_url.clone(),
            base_path: c.base_path.clone(),
            notice: c.notice.clone(),
            topics: topics.as_slice().to_vec(),
            editions: editions.iter().take(RECENT_EDITIONS).cloned().collect(),
            home_url: routes.home().url,
            editions_url: routes.editions().url,
            topics_url: routes.topics().url,
            search_url: routes.search().url,
            feed_url: routes.feed().url,
            json_feed_url: routes.json_feed().url,
        };
        Views { model: site, routes, site: site_view, topics, editions, cards, notes }
    }

    /// The card of article `i`, made the first time it is asked for.
    pub(crate) fn card(&self, i: ArticleId) -> &ArticleCard {
        self.cards[i].get_or_init(|| {
            let site = self.model;
            let topics = site.article_topics[i].iter().map(|&t| self.topics[t].clone()).collect();
            card(&site.articles[i], topics, &self.routes, site.config.timezone)
        })
    }

    pub(crate) fn edition(&self, site: &Site, index: EditionId) -> EditionView<'_> {
        let e = &site.editions[index];
        EditionView {
            feed_url: self.routes.edition_feed(&e.slug).url,
            newsletter_url: self.routes.newsletter_html(&e.slug).url,
            newsletter_text_url: self.routes.newsletter_text(&e.slug).url,
            link: self.editions[index].clone(),
            intro_html: e.intro_html.clone(),
            notes: self.notes_for(site, Target::Edition(index)),
            groups: e.groups.iter().map(|g| self.group(g)).collect(),
        }
    }

    fn group(&self, g: &TopicGroup) -> GroupView<'_> {
        let topic = g.topic.map(|t| self.topics[t].clone());
        GroupView {
            title: topic.as_ref().map_or_else(|| crate::group::OTHER_NEWS.to_string(), |t| t.title.clone()),
            topic,
            articles: g.articles.iter().map(|&a| self.card(a)).collect(),
        }
    }

    pub(crate) fn notes_for(&self, site: &Site, target: Target) -> Vec<NoteView> {
        site.notes_for(target).iter().map(|&n| self.notes[n].clone()).collect()
    }
}

fn topic_link(t: &Topic, article_count: usize, routes: &Routes) -> TopicLink {
    TopicLink {
        slug: t.slug.clone(),
        title: t.title.clone(),
        description: t.description.clone(),
        url: routes.topic(&t.slug, 0).url,
        article_count,
    }
}

fn edition_link(e: &Edition, routes: &Routes) -> EditionLink {
    EditionLink {
        id: e.id.clone(),
        slug: e.slug.clone(),
        title: e.title.clone(),
        period_label: e.period_label.clone(),
        start: e.start.format("%Y-%m-%d").to_string(),
        end: e.end.format("%Y-%m-%d").to_string(),
        url: routes.edition(&e.slug).url,
        article_count: e.groups.iter().map(|g| g.articles.len()).sum(),
    }
}

pub(crate) fn figure_view(f: &crate::model::Figure, routes: &Routes) -> FigureView {
    FigureView {
        src: f.src.as_deref().map(|s| routes.asset(s)),
        alt: f.alt.clone(),
        caption: f.caption.clone(),
        credit: f.credit.clone(),
    }
}

/// The body cut where its figures go. A figure whose place is known goes
/// after that many blocks (past the end: after the story). One whose place
/// is not known leads the story if it is the first, else follows it; so does
/// every figure of a body whose blocks are not known (sanitised HTML).
pub(crate) fn story<'a>(a: &'a Article, routes: &Routes) -> Vec<StoryPart<'a>> {
    let body = a.body.html();
    let ends: Vec<usize> = match (a.body.blocks().is_empty(), body.is_empty()) {
        (false, _) => a.body.blocks().to_vec(),
        (true, true) => Vec::new(),
        (true, false) => vec![body.len()],
    };
    let blocks_known = !a.body.blocks().is_empty();
    let place = |k: usize, f: &crate::model::Figure| match f.after_paragraph {
        Some(0) => 0,
        Some(n) if blocks_known => n.min(ends.len()),
        None if k == 0 => 0,
        _ => ends.len(),
    };
    let places: Vec<usize> = a.figures.iter().enumerate().map(|(k, f)| place(k, f)).collect();
    let mut cuts = places.clone();
    cuts.push(ends.len());
    cuts.sort_unstable();
    cuts.dedup();
    // The last part runs to the end of the body, whatever follows the last
    // block (footnotes): nothing of the story may be left out.
    let byte = |blocks: usize| match blocks {
        0 => 0,
        n if n >= ends.len() => body.len(),
        n => ends[n - 1].min(body.len()),
    };
    let mut parts = Vec::with_capacity(cuts.len());
    let mut from = 0;
    for cut in cuts {
        let to = byte(cut).max(from);
        let figures: Vec<FigureView> =
            a.figures.iter().zip(&places).filter(|&(_, &p)| p == cut).map(|(f, _)| figure_view(f, routes)).collect();
        let html = body.get(from..to).unwrap_or_default();
        if !html.is_empty() || !figures.is_empty() {
            parts.push(StoryPart { html, figures });
        }
        from = to;
    }
    parts
}

fn card(a: &Article, topics: Vec<TopicLink>, routes: &Routes, zone: Tz) -> ArticleCard {
    ArticleCard {
        slug: a.slug.clone(),
        url: routes.article(&a.slug).url,
        title: a.title.clone(),
        source: a.source.clone(),
        source_url: a.source_url.clone(),
        published: a.published.as_ref().map(|s| date_view(s, zone)),
        retrieved: a.retrieved.as_ref().map(|s| date_view(s, zone)),
        authors: a.authors.clone(),
        summary: cut(&a.summary, CARD_SUMMARY_CHARS),
        topics,
        image: a.figures.iter().find(|f| f.src.is_some()).map(|f| figure_view(f, routes)),
        draft: a.draft,
    }
}

/// Editions every page sees in `site.editions`: every page's context holds
/// a copy, and a site of years has hundreds.
const RECENT_EDITIONS: usize = 10;

/// Card summaries are cut here, once per article, not per listing.
const CARD_SUMMARY_CHARS: usize = 320;

/// `text` cut at a word boundary to at most `max` characters, with "…".
pub(crate) fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((end, _)) => {
            let head = &text[..end];
            let head = head.rfind(char::is_whitespace).map_or(head, |i| &head[..i]);
            format!("{}…", head.trim_end_matches([',', ';', ':', '.', ' ']))
        }
    }
}

fn note_view(n: &Note, zone: Tz, about: impl Fn(Target) -> AboutLink) -> NoteView {
    NoteView {
        slug: n.slug.clone(),
        title: n.title.clone(),
        date: n.date.as_ref().map(|s| date_view(s, zone)),
        author: n.author.clone(),
        body_html: n.body_html.clone(),
        about: n.about.iter().map(|&t| about(t)).collect(),
    }
}

/// What a note is about, with the title and address its card shows.
fn about_link(
    t: Target,
    site: &Site,
    routes: &Routes,
    topics: &IdVec<TopicId, TopicLink>,
    editions: &IdVec<EditionId, EditionLink>,
) -> AboutLink {
    match t {
        Target::Article(a) => {
            let a = &site.articles[a];
            AboutLink { kind: "article", title: a.title.clone(), url: routes.article(&a.slug).url }
        }
        Target::Topic(i) => AboutLink { kind: "topic", title: topics[i].title.clone(), url: topics[i].url.clone() },
        Target::Edition(e) => {
            AboutLink { kind: "edition", title: editions[e].title.clone(), url: editions[e].url.clone() }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn summaries_are_cut_at_words() {
        assert_eq!(super::cut("short", 10), "short");
        assert_eq!(super::cut("one two three four", 10), "one two…");
        assert_eq!(super::cut("Zürich, Genève, Bâle", 9), "Zürich…");
    }
}
