//! The site model: plain data, built once by `assemble` and `group`, read
//! (never changed) by `render`.

use std::collections::{BTreeMap, HashSet};
use std::marker::PhantomData;
use std::ops::{Index, IndexMut};
use std::path::PathBuf;

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::config::Config;

/// An id: the position of an item in its list, of one kind only, so that
/// an article's id cannot look up a topic.
pub trait Id: Copy {
    /// The id of the item at `index` of its list.
    fn new(index: usize) -> Self;
    /// The position of the item in its list.
    fn index(self) -> usize;
}

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(u32);

        impl Id for $name {
            /// Panics past `u32::MAX` items, which no site in memory reaches.
            fn new(index: usize) -> Self {
                $name(u32::try_from(index).expect("fewer than 2^32 items"))
            }
            fn index(self) -> usize {
                self.0 as usize
            }
        }
    )*};
}

ids! {
    /// An article's place in `Site::articles`.
    ArticleId;
    /// A topic's place in `Site::topics`.
    TopicId;
    /// A note's place in `Site::notes`.
    NoteId;
    /// An edition's place in `Site::editions`.
    EditionId;
}

/// A list indexed by one kind of id: `site.articles[topic_id]` does not
/// compile, and neither does an index that is a bare number.
///
/// ```
/// # use broadsheet::model::{ArticleId, Site};
/// fn title(site: &Site, id: ArticleId) -> &str {
///     &site.articles[id].title
/// }
/// ```
///
/// ```compile_fail
/// # use broadsheet::model::{Site, TopicId};
/// fn title(site: &Site, id: TopicId) -> &str {
///     &site.articles[id].title
/// }
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct IdVec<I, T> {
    items: Vec<T>,
    id: PhantomData<fn(I) -> I>,
}

impl<I: Id, T> IdVec<I, T> {
    /// An empty list.
    pub fn new() -> Self {
        Self::from(Vec::new())
    }

    /// How many items.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The item with this id, if there is one.
    pub fn get(&self, id: I) -> Option<&T> {
        self.items.get(id.index())
    }

    /// The items, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.items.iter()
    }

    /// Every id, in order.
    pub fn ids(&self) -> impl DoubleEndedIterator<Item = I> + ExactSizeIterator {
        (0..self.items.len()).map(I::new)
    }

    /// Every item with its id, in order.
    pub fn iter_ids(&self) -> impl DoubleEndedIterator<Item = (I, &T)> + ExactSizeIterator + '_ {
        self.items.iter().enumerate().map(|(i, t)| (I::new(i), t))
    }

    /// The id of the first item that `f` accepts.
    pub fn position(&self, f: impl FnMut(&T) -> bool) -> Option<I> {
        self.items.iter().position(f).map(I::new)
    }

    /// Adds an item, returning its id.
    pub fn push(&mut self, item: T) -> I {
        self.items.push(item);
        I::new(self.items.len() - 1)
    }

    /// The items, in order, by position.
    pub fn as_slice(&self) -> &[T] {
        &self.items
    }

    /// The items, without their ids.
    pub fn into_vec(self) -> Vec<T> {
        self.items
    }
}

impl<I: Id, T> Default for IdVec<I, T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<I, T> From<Vec<T>> for IdVec<I, T> {
    fn from(items: Vec<T>) -> Self {
        IdVec { items, id: PhantomData }
    }
}

impl<I, T> FromIterator<T> for IdVec<I, T> {
    fn from_iter<It: IntoIterator<Item = T>>(iter: It) -> Self {
        Self::from(iter.into_iter().collect::<Vec<T>>())
    }
}

impl<I: Id, T> Index<I> for IdVec<I, T> {
    type Output = T;
    fn index(&self, id: I) -> &T {
        &self.items[id.index()]
    }
}

impl<I: Id, T> IndexMut<I> for IdVec<I, T> {
    fn index_mut(&mut self, id: I) -> &mut T {
        &mut self.items[id.index()]
    }
}

impl<'a, I, T> IntoIterator for &'a IdVec<I, T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl<I, T> IntoIterator for IdVec<I, T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl<I, T: std::fmt::Debug> std::fmt::Debug for IdVec<I, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(&self.items).finish()
    }
}

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
    /// The file it was written in, relative to the site root.
    pub file: PathBuf,
    /// 1-based line in that file.
    pub line: usize,
}

/// A photo shown with an article: always credited when shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Figure {
    /// An http(s) URL or a site path; `None` when the photo is not reproduced.
    pub src: Option<String>,
    /// Text for readers who cannot see the image.
    pub alt: Option<String>,
    /// What the photo shows.
    pub caption: Option<String>,
    /// The photographer or agency.
    pub credit: Option<String>,
    /// How many of the body's blocks come before it (0: before the story),
    /// when the editor or the cleaner knows where the story had it.
    pub after_paragraph: Option<usize>,
}

/// A news article: the editor's Markdown or a cleaned raw file.
/// Serialisable for the render cache, which keeps the articles a build
/// made from unchanged files.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Article {
    /// The name in its URL, from its file name.
    pub slug: String,
    /// The file it came from, relative to the site root.
    pub file: PathBuf,
    /// The headline.
    pub title: String,
    /// The credit shown wherever the article is shown.
    pub source: String,
    /// The original article's address, when known.
    pub source_url: Option<String>,
    /// When the source published it.
    pub published: Option<Stamp>,
    /// When it was collected.
    pub retrieved: Option<Stamp>,
    /// Bylines, in order.
    pub authors: Vec<String>,
    /// Plain text: the editor's summary, else the first paragraph.
    pub summary: String,
    /// Photos, in order.
    pub figures: Vec<Figure>,
    /// The story. Not serialised with the article: the render cache keeps
    /// bodies apart from the rest and reads one only when it is needed.
    #[serde(skip)]
    pub body: Body,
    /// Explicit topics from front matter, in the editor's order.
    pub topics: Vec<TopicId>,
    /// Whether it is a draft (only in builds with drafts).
    pub draft: bool,
    /// Whether this article was cleaned from a raw text dump.
    pub cleaned: bool,
    /// Every link in the body, with where it was written.
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

/// An article's story, rendered once and reused by every page and feed.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BodyParts {
    /// The story as HTML.
    pub html: String,
    /// Where each top-level block ends in `html` (empty when unknown).
    pub blocks: Vec<usize>,
    /// Plain text, for topic rules, relatedness and search.
    pub text: String,
}

/// An article's body: made by this build, or, for an article the render
/// cache remembers, made again from its file the first time a page needs
/// it. A rebuild after an edit renders a few pages, so it makes a few
/// bodies, not every article's.
#[derive(Debug, Clone)]
pub struct Body(BodyState);

#[derive(Debug, Clone)]
enum BodyState {
    /// With the byte length of its lead ([`Body::lead`]), found once: a
    /// build with the cache asks for it three times.
    Made(BodyParts, usize),
    Remembered {
        lead: String,
        parts: std::sync::OnceLock<BodyParts>,
        source: crate::cache::BodySource,
    },
}

impl Default for Body {
    fn default() -> Body {
        Body::new(BodyParts::default())
    }
}

impl Body {
    /// A body made by this build.
    pub fn new(parts: BodyParts) -> Body {
        let lead = crate::render::outputs::lead(&parts.text, LEAD_WORDS).len();
        Body(BodyState::Made(parts, lead))
    }

    /// The body of an article the render cache remembers: `lead` is
    /// [`Body::lead`] of it.
    pub(crate) fn remembered(lead: String, source: crate::cache::BodySource) -> Body {
        Body(BodyState::Remembered { lead, parts: std::sync::OnceLock::new(), source })
    }

    /// All of it, made the first time it is asked for.
    pub fn parts(&self) -> &BodyParts {
        match &self.0 {
            BodyState::Made(parts, _) => parts,
            BodyState::Remembered { parts, source, .. } => parts.get_or_init(|| source.make()),
        }
    }

    /// [`BodyParts::html`].
    pub fn html(&self) -> &str {
        &self.parts().html
    }

    /// [`BodyParts::blocks`].
    pub fn blocks(&self) -> &[usize] {
        &self.parts().blocks
    }

    /// [`BodyParts::text`].
    pub fn text(&self) -> &str {
        &self.parts().text
    }

    /// The first [`LEAD_WORDS`] words of the text, which the search index
    /// takes; known without making a remembered body.
    pub fn lead(&self) -> &str {
        match &self.0 {
            BodyState::Made(parts, lead) => parts.text.get(..*lead).unwrap_or(&parts.text),
            BodyState::Remembered { lead, .. } => lead,
        }
    }
}

/// Body words the search index takes per article: its lead, which says
/// what it is about (all of it would take a 10,000-article index past 2 MB).
pub const LEAD_WORDS: usize = 80;

#[derive(Debug, Clone)]
/// A topic: a page of its articles, and a group in each edition.
pub struct Topic {
    /// The name in its URL, from its file name.
    pub slug: String,
    /// The file it came from, relative to the site root.
    pub file: PathBuf,
    /// The topic's name.
    pub title: String,
    /// One line about it.
    pub description: String,
    /// Lower weights come first.
    pub weight: i64,
    /// The editor's intro, rendered.
    pub intro_html: String,
    /// Rules that claim articles without explicit topics.
    pub rules: Option<crate::rules::Rules>,
    /// Every link in the intro, with where it was written.
    pub links: Vec<SourceLink>,
}

/// What a note is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    /// An article page.
    Article(ArticleId),
    /// A topic page.
    Topic(TopicId),
    /// An edition page (and the home page, for the latest).
    Edition(EditionId),
}

#[derive(Debug, Clone)]
/// An editorial note, shown on the pages it is about.
pub struct Note {
    /// The name in its anchor, from its file name.
    pub slug: String,
    /// The file it came from, relative to the site root.
    pub file: PathBuf,
    /// The note's heading.
    pub title: String,
    /// When it was written.
    pub date: Option<Stamp>,
    /// Who wrote it.
    pub author: Option<String>,
    /// The body, rendered.
    pub body_html: String,
    /// The pages it appears on.
    pub about: Vec<Target>,
    /// Whether it is a draft (only in builds with drafts).
    pub draft: bool,
    /// Every link in the body, with where it was written.
    pub links: Vec<SourceLink>,
}

/// The articles of one topic within a listing; `topic: None` is "Other news".
#[derive(Debug, Clone)]
pub struct TopicGroup {
    /// The topic, or `None` for "Other news".
    pub topic: Option<TopicId>,
    /// The articles, newest first.
    pub articles: Vec<ArticleId>,
}

#[derive(Debug, Clone)]
/// One digest edition: the articles of one period.
pub struct Edition {
    /// As editors write it: `2024-W48`, `2024-11-25`, `2024-11`.
    pub id: String,
    /// Lower-case, for URLs: `2024-w48`.
    pub slug: String,
    /// From `content/editions/ID.md`, else derived from the period.
    pub title: String,
    /// A readable name of the period, e.g. "Week of 25 November 2024".
    pub period_label: String,
    /// The period's first day.
    pub start: NaiveDate,
    /// Inclusive.
    pub end: NaiveDate,
    /// The editor's intro, rendered (empty without an edition file).
    pub intro_html: String,
    /// The edition file, when there is one.
    pub file: Option<PathBuf>,
    /// Articles grouped by topic, groups in topic order, articles newest first.
    pub groups: Vec<TopicGroup>,
    /// Every link in the intro, with where it was written.
    pub links: Vec<SourceLink>,
}

/// The whole site, resolved.
#[derive(Debug, Clone)]
pub struct Site {
    /// The site's configuration (`site.toml`).
    pub config: Config,
    /// Sorted newest first (then by slug).
    pub articles: IdVec<ArticleId, Article>,
    /// Sorted by weight, then title.
    pub topics: IdVec<TopicId, Topic>,
    /// Sorted newest first.
    pub notes: IdVec<NoteId, Note>,
    /// Sorted newest first.
    pub editions: IdVec<EditionId, Edition>,
    /// The topics each article is filed under (explicit or by rule).
    pub article_topics: IdVec<ArticleId, Vec<TopicId>>,
    /// The edition each article falls into, when it has a date.
    pub article_edition: IdVec<ArticleId, Option<EditionId>>,
    /// Articles per topic, newest first.
    pub topic_articles: IdVec<TopicId, Vec<ArticleId>>,
    /// Related articles per article, best first.
    pub related: IdVec<ArticleId, Vec<ArticleId>>,
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
        self.editions.iter_ids().find(|(_, e)| !e.groups.is_empty()).map(|(id, _)| id)
    }

    /// The notes about `target`, newest first.
    pub fn notes_for(&self, target: Target) -> &[NoteId] {
        self.notes_about.get(&target).map_or(&[], |v| v.as_slice())
    }
}
