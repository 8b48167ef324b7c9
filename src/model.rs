//! The site model: plain data, built once by `assemble` and `group`, read
//! (never changed) by `render`.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::config::Config;

/// Index of an article in `Site::articles`.
pub type ArticleId = usize;
/// Index of a topic in `Site::topics`.
pub type TopicId = usize;
/// Index of a note in `Site::notes`.
pub type NoteId = usize;
/// Index of an edition in `Site::editions`.
pub type EditionId = usize;

/// A point in time as the editor wrote it: a date alone, or a date and time.
/// Equal and ordered by the instant, whatever offset it was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Stamp {
    /// The instant in the offset it was written with; a time without a
    /// zone, or a date alone (at midnight), has the site zone's offset.
    pub at: DateTime<FixedOffset>,
    /// Whether a time of day was given.
    pub has_time: bool,
}

impl Stamp {
    /// The calendar date as written (in the writer's offset, not the site's).
    pub fn date(&self) -> NaiveDate {
        self.at.date_naive()
    }

    /// Whether two stamps are written alike, offset included (`==` compares
    /// instants; the offset decides the date shown and the edition).
    pub fn same_as(&self, other: &Stamp) -> bool {
        self == other && self.at.offset() == other.at.offset()
    }
}

/// A link an editor wrote, with where it was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceLink {
    /// As rendered (content references already resolved).
    pub url: String,
    /// As the editor wrote it (`@/articles/slug`).
    pub written: String,
    pub file: PathBuf,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    pub src: Option<String>,
    pub alt: Option<String>,
    pub caption: Option<String>,
    pub credit: Option<String>,
    /// How many of the body's blocks come before it (0: before the story),
    /// when the editor or the cleaner knows where the story had it.
    pub after_paragraph: Option<usize>,
}

/// Serialisable for the render cache, which keeps the articles a build
/// made from unchanged files.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Article {
    pub slug: String,
    /// The file it came from, relative to the site root.
    pub file: PathBuf,
    pub title: String,
    /// The credit shown wherever the article is shown.
    pub source: String,
    pub source_url: Option<String>,
    pub published: Option<Stamp>,
    pub retrieved: Option<Stamp>,
    pub authors: Vec<String>,
    /// Plain text: the editor's summary, else the first paragraph.
    pub summary: String,
    pub figures: Vec<Figure>,
    /// Rendered once, reused by every page and feed.
    pub body_html: String,
    /// Where each top-level block ends in `body_html` (empty when unknown).
    pub body_blocks: Vec<usize>,
    /// Plain text of the body, for topic rules and relatedness.
    pub body_text: String,
    /// Explicit topics from front matter, in the editor's order.
    pub topics: Vec<TopicId>,
    pub draft: bool,
    /// Whether this article was cleaned from a raw text dump.
    pub cleaned: bool,
    pub links: Vec<SourceLink>,
}

impl Article {
    /// `retrieved`, else `published`: what puts the article in an edition.
    pub fn filed(&self) -> Option<Stamp> {
        self.retrieved.or(self.published)
    }

    /// The date an article is sorted by: newest first.
    pub fn sort_key(&self) -> Option<Stamp> {
        self.published.or(self.retrieved)
    }
}

#[derive(Debug, Clone)]
pub struct Topic {
    pub slug: String,
    pub file: PathBuf,
    pub title: String,
    pub description: String,
    pub weight: i64,
    pub intro_html: String,
    /// Rules that claim articles without explicit topics.
    pub rules: Option<crate::rules::Rules>,
    pub links: Vec<SourceLink>,
}

/// What a note is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    Article(ArticleId),
    Topic(TopicId),
    Edition(EditionId),
}

#[derive(Debug, Clone)]
pub struct Note {
    pub slug: String,
    pub file: PathBuf,
    pub title: String,
    pub date: Option<Stamp>,
    pub author: Option<String>,
    pub body_html: String,
    pub about: Vec<Target>,
    pub draft: bool,
    pub links: Vec<SourceLink>,
}

/// The articles of one topic within a listing; `topic: None` is "Other news".
#[derive(Debug, Clone)]
pub struct TopicGroup {
    pub topic: Option<TopicId>,
    pub articles: Vec<ArticleId>,
}

#[derive(Debug, Clone)]
pub struct Edition {
    /// As editors write it: `2024-W48`, `2024-11-25`, `2024-11`.
    pub id: String,
    /// Lower-case, for URLs: `2024-w48`.
    pub slug: String,
    /// From `content/editions/ID.md`, else derived from the period.
    pub title: String,
    /// A readable name of the period, e.g. "Week of 25 November 2024".
    pub period_label: String,
    pub start: NaiveDate,
    /// Inclusive.
    pub end: NaiveDate,
    pub intro_html: String,
    pub file: Option<PathBuf>,
    /// Articles grouped by topic, groups in topic order, articles newest first.
    pub groups: Vec<TopicGroup>,
    pub links: Vec<SourceLink>,
}

/// The whole site, resolved.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    /// Sorted newest first (then by slug).
    pub articles: Vec<Article>,
    /// Sorted by weight, then title.
    pub topics: Vec<Topic>,
    /// Sorted newest first.
    pub notes: Vec<Note>,
    /// Sorted newest first.
    pub editions: Vec<Edition>,
    /// The topics each article is filed under (explicit or by rule).
    pub article_topics: Vec<Vec<TopicId>>,
    /// The edition each article falls into, when it has a date.
    pub article_edition: Vec<Option<EditionId>>,
    /// Articles per topic, newest first.
    pub topic_articles: Vec<Vec<ArticleId>>,
    /// Related articles per article, best first.
    pub related: Vec<Vec<ArticleId>>,
    /// Notes per thing they are about, newest first.
    pub notes_about: BTreeMap<Target, Vec<NoteId>>,
    /// When each article held back as scheduled (dated in the future) is
    /// due, soonest first: the build says so rather than drop it silently.
    pub scheduled: Vec<Stamp>,
    /// Slugs of articles left out as drafts or for later: a link to one
    /// is broken, and says why.
    pub held_back: HashSet<String>,
}

impl Site {
    /// Every link editors wrote, with where they wrote it.
    pub fn source_links(&self) -> impl Iterator<Item = &SourceLink> {
        let pages = self.articles.iter().flat_map(|a| &a.links).chain(self.topics.iter().flat_map(|t| &t.links));
        pages.chain(self.notes.iter().flat_map(|n| &n.links)).chain(self.editions.iter().flat_map(|e| &e.links))
    }

    /// The edition the home page shows: the latest that has articles (an
    /// editor may have written an intro for a week still to come).
    pub fn latest_edition(&self) -> Option<EditionId> {
        self.editions.iter().position(|e| !e.groups.is_empty())
    }

    pub fn notes_for(&self, target: Target) -> &[NoteId] {
        self.notes_about.get(&target).map_or(&[], |v| v.as_slice())
    }
}
