//! Assemble: validate what editors wrote and build the model's items.
//! Every problem is collected; the build stops only after all are known.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use rayon::prelude::*;
use regex::Regex;

use crate::cache::memo::{self, Memo};
use crate::clean::RawText;
use crate::config::Config;
use crate::dates::{parse_stamp, DATE_HINT};
use crate::error::{Diagnostic, Diagnostics, Result};
use crate::front_matter::{self, ArticleMatter, EditionMatter, NoteMatter, TopicMatter};
use crate::load::{Document, Kind};
use crate::markdown::{self, LinkContext};
use crate::model::{Article, ArticleId, Body, BodyParts, Figure, Id, Note, SourceLink, Stamp, Target, Topic, TopicId};

/// What to include in a build.
#[derive(Debug, Clone, Copy)]
pub struct Include {
    /// Whether drafts are included.
    pub drafts: bool,
    /// Content dated after `now` is held back unless this is set.
    pub future: bool,
    /// The moment that counts as now.
    pub now: chrono::DateTime<chrono::Utc>,
}

impl Include {
    /// When content with these dates is due, if it is held back until then.
    fn due(&self, stamps: &[Option<Stamp>]) -> Option<Stamp> {
        let last = stamps.iter().flatten().max().copied()?;
        (!self.future && last.at.with_timezone(&chrono::Utc) > self.now).then_some(last)
    }
}

/// What became of one article file.
enum Outcome {
    Included(Box<Article>),
    Draft,
    /// Dated in the future: held back until this moment.
    Scheduled(Stamp),
}

/// Items validated and ready for grouping. Note targets that are editions
/// stay as IDs: editions exist only once articles are grouped.
#[derive(Debug)]
pub(crate) struct Assembled {
    pub config: Config,
    pub articles: Vec<Article>,
    pub topics: Vec<Topic>,
    pub notes: Vec<PendingNote>,
    pub editions: Vec<EditionDoc>,
    /// When each article held back as scheduled is due, soonest first.
    pub scheduled: Vec<Stamp>,
    /// Slugs of articles left out as drafts or scheduled for later, so that
    /// a link to one can say why it is broken.
    pub held_back: HashSet<String>,
    /// Each article's terms for related coverage, when already known
    /// (remembered, with a [`Memo`]); empty when group counts them.
    pub profiles: Vec<crate::related::Profile>,
    /// With a memo: what the next build is to remember of the articles.
    pub keys: Option<memo::Keys>,
}

#[derive(Debug)]
pub(crate) struct PendingNote {
    pub note: Note,
    /// `(edition id as written, line)`.
    pub editions: Vec<(String, Option<usize>)>,
}

/// An editor's `content/editions/ID.md`.
#[derive(Debug)]
pub(crate) struct EditionDoc {
    pub id: String,
    pub file: PathBuf,
    pub title: Option<String>,
    pub intro_html: String,
    pub links: Vec<SourceLink>,
}

const RULES_HINT: &str =
    "write rules as `match: { all: [[Russia, Moscow], [North Korea, Pyongyang]], none: [football], min_mentions: 2 }`";

/// Summaries longer than this many words are cut at a word boundary.
const SUMMARY_WORDS: usize = 60;

pub(crate) fn assemble(config: Config, docs: Vec<Document>, include: Include) -> Result<Assembled> {
    assemble_with(config, docs, include, None).0
}

/// [`assemble`], taking unchanged Markdown articles out of `memo` (the
/// render cache's, or the live preview's); what is to be remembered of
/// this build's articles is in [`Assembled::keys`]. When the build fails,
/// gives back the memo of the articles it made (what was right stays known).
pub(crate) fn assemble_remembering(
    config: Config,
    docs: Vec<Document>,
    include: Include,
    memo: Memo,
) -> (Result<Assembled>, Memo) {
    let (assembled, memo) = assemble_with(config, docs, include, Some(memo));
    (assembled, memo.unwrap_or_default())
}

fn assemble_with(
    config: Config,
    mut docs: Vec<Document>,
    include: Include,
    memo: Option<Memo>,
) -> (Result<Assembled>, Option<Memo>) {
    // Each Markdown article's text goes to the worker that renders it and
    // is freed there, rather than held until every article is made (on a
    // large site the texts and the articles would not fit together).
    let mut bodies: Vec<Option<String>> =
        docs.iter_mut().filter(|d| d.kind == Kind::Article).map(|d| Some(std::mem::take(&mut d.body))).collect();
    let mut problems = Diagnostics::default();
    let links = LinkContext { base_path: &config.base_path, trust_html: config.trust_html };
    let by_kind = |kind: Kind| docs.iter().filter(move |d| d.kind == kind);
    // Slugs must be unique whether or not the files are otherwise valid.
    for (kinds, what) in
        [(&[Kind::Article, Kind::RawArticle][..], "article"), (&[Kind::Topic], "topic"), (&[Kind::Note], "note")]
    {
        let slugs: Vec<(String, &PathBuf)> =
            docs.iter().filter(|d| kinds.contains(&d.kind)).map(|d| (slug_of(d), &d.path)).collect();
        check_unique(slugs.iter().map(|(s, p)| (s.as_str(), *p)), what, &mut problems);
    }

    let mut topics = collect(by_kind(Kind::Topic).map(|d| topic(d, &links)), &mut problems);
    topics
        .sort_by(|a, b| a.weight.cmp(&b.weight).then_with(|| a.title.cmp(&b.title)).then_with(|| a.slug.cmp(&b.slug)));
    let topic_index: HashMap<&str, TopicId> =
        topics.iter().enumerate().map(|(i, t)| (t.slug.as_str(), TopicId::new(i))).collect();

    let raw_docs: Vec<&Document> = by_kind(Kind::RawArticle).collect();
    let cleaned = clean_raw(&raw_docs, config.hotlink_images);
    let sidecars: HashMap<&str, &Document> = by_kind(Kind::Sidecar).map(|d| (d.stem.as_str(), d)).collect();
    for sidecar in sidecars.values() {
        if !raw_docs.iter().any(|d| d.stem == sidecar.stem) {
            problems.push(Diagnostic::new(&sidecar.path, None, "this sidecar has no raw article beside it").hint(
                format!(
                    "a sidecar overrides fields of {0}.txt or {0}.html; for a Markdown article put the fields in its front matter",
                    sidecar.stem
                ),
            ));
        }
    }
    let article_inputs: Vec<ArticleInput> = by_kind(Kind::Article)
        .map(ArticleInput::Markdown)
        .chain(
            raw_docs
                .iter()
                .zip(cleaned)
                .map(|(d, c)| ArticleInput::Raw(d, Box::new(c), sidecars.get(d.stem.as_str()).copied())),
        )
        .collect();
    let context = memo::context(&config, include.drafts);
    bodies.resize_with(article_inputs.len(), || None);
    // What each Markdown file made last time, taken out of the memo (it
    // goes into the site as it is: the memo keeps no copy).
    let keep = memo.is_some();
    let mut memo = memo;
    let entries: Vec<Option<memo::Entry>> = article_inputs
        .iter()
        .map(|input| match (&mut memo, input) {
            (Some(memo), ArticleInput::Markdown(doc)) => memo.take(&doc.path, context),
            _ => None,
        })
        .collect();
    drop(memo);
    let results: Vec<Made> = article_inputs
        .par_iter()
        .zip(bodies.into_par_iter())
        .zip(entries.into_par_iter())
        .map(|((input, body), entry)| match input {
            ArticleInput::Markdown(doc) if keep => {
                let hash = memo::document_hash(doc, body.as_deref().unwrap_or(&doc.body));
                let remembered =
                    entry.filter(|e| e.hash == hash).and_then(|e| remembered(e.made, &topic_index, include));
                let make = |input: &ArticleInput, body, hash| {
                    let outcome = article(input, body, &config, &links, &topic_index, include);
                    Made { outcome, profile: None, hash: Some(hash) }
                };
                match remembered {
                    Some((outcome, profile)) => Made { outcome: Ok(outcome), profile, hash: Some(hash) },
                    // A file left unread that is not remembered after all is read now.
                    None => match doc.read_again() {
                        Some(Ok(mut doc)) => {
                            let body = std::mem::take(&mut doc.body);
                            let hash = memo::document_hash(&doc, &body);
                            make(&ArticleInput::Markdown(&doc), Some(body), hash)
                        }
                        Some(Err(d)) => Made { outcome: Err(vec![d]), profile: None, hash: None },
                        None => make(input, body, hash),
                    },
                }
            }
            _ => {
                let outcome = article(input, body, &config, &links, &topic_index, include);
                Made { outcome, profile: None, hash: None }
            }
        })
        .collect();
    let mut made = Vec::with_capacity(results.len());
    let mut draft_slugs = HashSet::new();
    let mut scheduled = Vec::new();
    let mut remembered_drafts = Vec::new();
    for (input, mut result) in article_inputs.iter().zip(results) {
        match std::mem::replace(&mut result.outcome, Ok(Outcome::Draft)) {
            Ok(Outcome::Included(a)) => made.push((a, result)),
            Ok(held) => {
                match held {
                    Outcome::Scheduled(due) => scheduled.push(due),
                    _ => remembered_drafts.extend(result.hash.map(|h| (input.doc().path.clone(), h))),
                }
                draft_slugs.insert(slug_of(input.doc()));
            }
            Err(ds) => ds.into_iter().for_each(|d| problems.push(d)),
        }
    }
    scheduled.sort();
    // Boxed until they are in order: an article is large, and each move of
    // the whole list would be fresh memory.
    made.sort_by(|(a, _), (b, _)| b.sort_key().cmp(&a.sort_key()).then_with(|| a.slug.cmp(&b.slug)));
    let (profiles, keys) = if keep {
        let profiles = profiles(&mut made);
        let hashes = made.iter().map(|(_, m)| m.hash).collect();
        (profiles, Some(memo::Keys { context, articles: hashes, drafts: remembered_drafts }))
    } else {
        (Vec::new(), None)
    };
    let articles: Vec<Article> = made.into_iter().map(|(a, _)| *a).collect();

    let article_index: HashMap<&str, ArticleId> =
        articles.iter().enumerate().map(|(i, a)| (a.slug.as_str(), ArticleId::new(i))).collect();
    let refs = References { articles: &article_index, topics: &topic_index, draft_articles: &draft_slugs };
    let mut notes: Vec<PendingNote> = by_kind(Kind::Note)
        .filter_map(|d| match note(d, &config, &links, &refs, include) {
            Ok(n) => n,
            Err(ds) => {
                ds.into_iter().for_each(|d| problems.push(d));
                None
            }
        })
        .collect();
    notes.sort_by(|a, b| note_order(&a.note, &b.note));

    let editions = collect(by_kind(Kind::Edition).map(|d| edition_doc(d, &links)), &mut problems);
    // A build that fails keeps what was right, for the next (the preview's).
    let (articles, profiles, keys, memo) = match keys {
        Some(keys) if !problems.is_empty() => {
            (Vec::new(), Vec::new(), None, Some(Memo::of_articles(articles, &topics, keys, profiles)))
        }
        keys => (articles, profiles, keys, None),
    };
    let assembled =
        Assembled { config, articles, topics, notes, editions, scheduled, held_back: draft_slugs, profiles, keys };
    (problems.finish(assembled), memo)
}

/// One article file's outcome, with its terms when remembered, and the
/// hash of its document when a memo is kept.
struct Made {
    outcome: Result<Outcome, Vec<Diagnostic>>,
    profile: Option<crate::related::Profile>,
    hash: Option<u128>,
}

/// What a remembered file makes now: its topics looked up again (`None`,
/// to be assembled anew with its errors, when one is gone), and held back
/// if it is dated later than now.
fn remembered(
    made: memo::Made,
    topics: &HashMap<&str, TopicId>,
    include: Include,
) -> Option<(Outcome, Option<crate::related::Profile>)> {
    match made {
        memo::Made::Draft => Some((Outcome::Draft, None)),
        memo::Made::Article { mut article, topics: slugs, profile } => {
            let ids: Option<Vec<TopicId>> = slugs.iter().map(|s| topics.get(s.as_str()).copied()).collect();
            if let Some(due) = include.due(&[article.published, article.retrieved]) {
                return Some((Outcome::Scheduled(due), None));
            }
            article.topics = ids?;
            Some((Outcome::Included(article), profile))
        }
    }
}

/// Each article's terms: remembered, else counted now.
fn profiles(made: &mut [(Box<Article>, Made)]) -> Vec<crate::related::Profile> {
    made.par_iter_mut().map(|(a, m)| m.profile.take().unwrap_or_else(|| crate::related::profile(a))).collect()
}

enum ArticleInput<'a> {
    Markdown(&'a Document),
    /// A text dump or saved page, cleaned, with the page's canonical URL.
    Raw(&'a Document, Box<crate::html::Page>, Option<&'a Document>),
}

impl ArticleInput<'_> {
    fn doc(&self) -> &Document {
        match self {
            ArticleInput::Markdown(d) | ArticleInput::Raw(d, ..) => d,
        }
    }
}

fn collect<T>(results: impl Iterator<Item = Result<T, Diagnostic>>, problems: &mut Diagnostics) -> Vec<T> {
    let mut items = Vec::new();
    for r in results {
        match r {
            Ok(item) => items.push(item),
            Err(d) => problems.push(d),
        }
    }
    items
}

fn slug_of(doc: &Document) -> String {
    crate::paths::slugify(&doc.stem)
}

/// Longest slug: file systems allow names of 255 bytes, and a slug
/// shorter than that leaves room for suffixes.
const MAX_SLUG: usize = 200;

/// The slug a file gives its item: its name made URL- and file-safe
/// ("Kim Putin Meeting.md" → `kim-putin-meeting`), so that no name can
/// write outside the output folder.
fn checked_slug(doc: &Document) -> Result<String, Diagnostic> {
    let slug = slug_of(doc);
    if slug.is_empty() {
        return Err(Diagnostic::new(&doc.path, None, "the file name gives no usable slug")
            .hint("rename the file to words joined by hyphens, e.g. `kim-putin-meeting.md`"));
    }
    // Pages are folders named after the slug: a name the file system
    // refuses would fail only at the write, far from this file.
    if slug.len() > MAX_SLUG {
        return Err(Diagnostic::new(
            &doc.path,
            None,
            format!("the file name gives a slug of {} characters, longer than a folder name may be", slug.len()),
        )
        .hint(format!("rename the file to at most {MAX_SLUG} characters")));
    }
    // `Con!.md` is a fine name, but its page would be `articles/con/`.
    if crate::paths::is_windows_reserved(&slug) {
        return Err(Diagnostic::new(
            &doc.path,
            None,
            format!("the slug \"{slug}\" is a reserved name on Windows: the built site could not be checked out there"),
        )
        .hint(format!("rename the file, e.g. to `{slug}-1.{}`", extension(&doc.path))));
    }
    Ok(slug)
}

/// `md` for `a.md`, `meta.yaml` for `a.meta.yaml`.
fn extension(path: &Path) -> &str {
    path.file_name().and_then(|n| n.to_str()).and_then(|n| n.split_once('.')).map_or("md", |(_, e)| e)
}

fn check_unique<'a>(items: impl Iterator<Item = (&'a str, &'a PathBuf)>, what: &str, problems: &mut Diagnostics) {
    let mut seen: BTreeMap<&str, &PathBuf> = BTreeMap::new();
    for (slug, file) in items {
        if let Some(first) = seen.insert(slug, file) {
            problems.push(
                Diagnostic::new(
                    file,
                    None,
                    format!("duplicate {what} slug \"{slug}\" (also used by {})", first.display()),
                )
                .hint(if is_raw(file) != is_raw(first) {
                    "a Markdown article and a raw one of the same name are the same story twice: move the raw \
                     .txt (and its .meta.yaml) to content/archive/, as `broadsheet clean --write` does"
                } else {
                    "rename one of the two files: each slug names one page"
                }),
            );
        }
    }
}

fn is_raw(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "txt")
}

fn required(value: Option<String>, doc: &Document, key: &str, hint: &str) -> Result<String, Diagnostic> {
    match value.map(|v| v.trim().to_string()) {
        Some(v) if !v.is_empty() => Ok(v),
        Some(_) => Err(Diagnostic::new(&doc.path, doc.key_line(key), format!("`{key}` is empty")).hint(hint)),
        // Written but empty (a sidecar's `title: ""`, which the merge with
        // the cleaner's fields leaves out): the line that emptied it.
        None if doc.key_line(key).is_some() => {
            Err(Diagnostic::new(&doc.path, doc.key_line(key), format!("`{key}` is empty")).hint(hint))
        }
        None => Err(Diagnostic::new(
            &doc.path,
            Some(doc.front_matter_line.saturating_sub(1).max(1)),
            format!("`{key}` is missing"),
        )
        .hint(hint)),
    }
}

fn stamp(value: Option<&str>, doc: &Document, key: &str, config: &Config) -> Result<Option<Stamp>, Diagnostic> {
    value
        .map(|v| {
            parse_stamp(v, config.timezone)
                .map_err(|why| Diagnostic::new(&doc.path, doc.key_line(key), format!("`{key}`: {why}")).hint(DATE_HINT))
        })
        .transpose()
}

fn topic(doc: &Document, links: &LinkContext) -> Result<Topic, Diagnostic> {
    let slug = checked_slug(doc)?;
    let matter: TopicMatter = front_matter::parse(doc)?;
    let title =
        required(matter.title, doc, "title", "add `title: \"Russia–North Korea relations\"`: the topic's name")?;
    let rules = matter
        .rules
        .map(crate::rules::Rules::from_matter)
        .transpose()
        .map_err(|why| Diagnostic::new(&doc.path, doc.key_line("match"), why).hint(RULES_HINT))?;
    let intro = markdown::render(&doc.body, links);
    Ok(Topic {
        slug,
        file: doc.path.clone(),
        description: matter
            .description
            .map(|d| d.trim().to_string())
            .unwrap_or_else(|| summary_of(&intro.first_paragraph)),
        title,
        weight: matter.weight,
        links: source_links(doc, &intro),
        intro_html: intro.html,
        rules,
    })
}

/// The cleaner runs on all raw articles at once: repeated lines across files
/// of one site are evidence of template.
/// A saved page's images are shown from the outlet's server only when the
/// site allows hot-linking.
fn clean_raw(docs: &[&Document], hotlink_images: bool) -> Vec<crate::html::Page> {
    let inputs: Vec<RawText> =
        docs.iter().map(|d| RawText { name: d.path.display().to_string(), text: d.body.clone() }).collect();
    let mut pages = crate::html::clean_all(&inputs);
    if !hotlink_images {
        pages.iter_mut().for_each(|p| p.figure_images.clear());
    }
    pages
}

/// A cleaned article as front matter, with the sidecar's fields on top.
fn raw_matter(
    doc: &Document,
    page: &crate::html::Page,
    sidecar: Option<&Document>,
) -> Result<ArticleMatter, Diagnostic> {
    if let Some(sidecar) = sidecar {
        // Read alone first (depth checked before the YAML parser sees it),
        // so that a misspelt field or a bad value is reported at its line
        // of the sidecar.
        front_matter::parse::<ArticleMatter>(sidecar)?;
    }
    let overrides = sidecar.map(|s| s.front_matter.as_str());
    let map = raw_front_matter(page, overrides).map_err(|e| match sidecar {
        Some(s) => front_matter::yaml_error(s, &e),
        None => Diagnostic::new(&doc.path, None, format!("front matter: {e}")),
    })?;
    let shown = sidecar.map_or(&doc.path, |s| &s.path);
    serde_yaml::from_value(serde_yaml::Value::Mapping(map)).map_err(|e| {
        Diagnostic::new(shown, None, format!("front matter: {e}"))
            .hint("check the field names and values in the sidecar")
    })
}

/// Front-matter fields in the order editors read them.
const FIELD_ORDER: [&str; 10] =
    ["title", "source", "source_url", "published", "retrieved", "authors", "topics", "summary", "figures", "draft"];

/// A cleaned article's fields (a saved page's canonical URL and, when the
/// site allows hot-linking, its images among them) with a sidecar's (YAML
/// text) on top, as the
/// front matter of the same article written in Markdown: fields in
/// `FIELD_ORDER`, empty ones (`null`, `""`, `[]`) left out, so that a
/// sidecar's `published: null` removes the cleaner's date. The build and
/// `broadsheet clean --write` both read raw articles through this.
pub fn raw_front_matter(
    page: &crate::html::Page,
    sidecar: Option<&str>,
) -> Result<serde_yaml::Mapping, serde_yaml::Error> {
    use serde_yaml::{Mapping, Value};
    let mut map = Mapping::new();
    let opt = |v: &Option<String>| v.clone().map_or(Value::Null, Value::from);
    let (cleaned, source_url) = (&page.article, &page.source_url);
    map.insert("title".into(), opt(&cleaned.title));
    map.insert("source".into(), opt(&cleaned.source));
    map.insert("source_url".into(), opt(source_url));
    map.insert("published".into(), opt(&cleaned.published));
    map.insert("retrieved".into(), opt(&cleaned.retrieved));
    map.insert("authors".into(), Value::Sequence(cleaned.authors.iter().cloned().map(Value::from).collect()));
    let figures = cleaned
        .figures
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let mut m = Mapping::new();
            if let Some(Some(src)) = page.figure_images.get(i) {
                m.insert("src".into(), Value::from(src.clone()));
            }
            m.insert("alt".into(), opt(&f.alt));
            m.insert("caption".into(), opt(&f.caption));
            m.insert("credit".into(), opt(&f.credit));
            if let Some(n) = f.after_paragraph {
                m.insert("after_paragraph".into(), Value::from(n as u64));
            }
            Value::Mapping(m)
        })
        .collect();
    map.insert("figures".into(), Value::Sequence(figures));
    if let Some(text) = sidecar.filter(|t| !t.trim().is_empty()) {
        let overrides: Mapping = serde_yaml::from_str(text)?;
        for (k, v) in overrides {
            map.insert(k, v);
        }
    }
    let mut ordered = Mapping::new();
    for key in FIELD_ORDER {
        if let Some(v) = map.remove(key) {
            ordered.insert(key.into(), v);
        }
    }
    // Unknown keys stay, so that the build names them.
    ordered.extend(map);
    Ok(without_empty(ordered))
}

/// `map` without `null`, empty-string and empty-list values, in nested
/// mappings (figures) too.
fn without_empty(map: serde_yaml::Mapping) -> serde_yaml::Mapping {
    use serde_yaml::Value;
    let prune = |v: Value| match v {
        Value::Mapping(m) => Value::Mapping(without_empty(m)),
        Value::Sequence(items) => Value::Sequence(
            items
                .into_iter()
                .map(|i| if let Value::Mapping(m) = i { Value::Mapping(without_empty(m)) } else { i })
                .collect(),
        ),
        v => v,
    };
    map.into_iter()
        .map(|(k, v)| (k, prune(v)))
        .filter(|(_, v)| match v {
            Value::Null => false,
            Value::String(s) => !s.trim().is_empty(),
            Value::Sequence(items) => !items.is_empty(),
            Value::Mapping(m) => !m.is_empty(),
            _ => true,
        })
        .collect()
}

struct ArticleParts<'a> {
    matter: ArticleMatter,
    body_html: String,
    body_blocks: Vec<usize>,
    first_paragraph: String,
    text: String,
    links: Vec<SourceLink>,
    /// Where field errors point: the sidecar if fields come from one.
    fields_doc: &'a Document,
    cleaned: bool,
}

/// `body`: a Markdown article's text, when taken out of its document.
fn article_parts<'a>(
    input: &'a ArticleInput,
    body: Option<String>,
    links: &LinkContext,
) -> Result<ArticleParts<'a>, Vec<Diagnostic>> {
    match input {
        ArticleInput::Markdown(doc) => {
            let matter = front_matter::parse_article(doc).map_err(|d| vec![d])?;
            let body = markdown::render(body.as_deref().unwrap_or(&doc.body), links);
            Ok(ArticleParts {
                links: source_links(doc, &body),
                matter,
                body_html: body.html,
                body_blocks: body.block_ends,
                first_paragraph: body.first_paragraph,
                text: body.text,
                fields_doc: doc,
                cleaned: false,
            })
        }
        ArticleInput::Raw(doc, cleaned, sidecar) => {
            let matter = raw_matter(doc, cleaned, *sidecar).map_err(|d| vec![d])?;
            let fields_doc = sidecar.unwrap_or(doc);
            let cleaned = &cleaned.article;
            // A saved page's paragraphs mark lists, quotes and subheadings.
            let page = crate::html::is_page(&doc.path.to_string_lossy());
            let (body_html, body_blocks) =
                if page { markdown::structured_html(&cleaned.body) } else { markdown::paragraphs_html(&cleaned.body) };
            let plain = |p: &String| if page { crate::html::marker(p).1.to_string() } else { p.clone() };
            Ok(ArticleParts {
                matter,
                body_html,
                body_blocks,
                first_paragraph: cleaned.body.first().map(plain).unwrap_or_default(),
                text: cleaned.body.iter().map(plain).collect::<Vec<_>>().join("\n"),
                fields_doc,
                cleaned: true,
                links: Vec::new(),
            })
        }
    }
}

fn article(
    input: &ArticleInput,
    body: Option<String>,
    config: &Config,
    links: &LinkContext,
    topics: &HashMap<&str, TopicId>,
    include: Include,
) -> Result<Outcome, Vec<Diagnostic>> {
    let doc = input.doc();
    let slug = checked_slug(doc).map_err(|d| vec![d])?;
    let parts = article_parts(input, body, links)?;
    let m = parts.matter;
    if m.draft && !include.drafts {
        return Ok(Outcome::Draft);
    }
    let at = parts.fields_doc;
    let raw_hint = |field: &str| {
        if parts.cleaned {
            format!(" — the cleaner found none: add `{field}: …` to {}.meta.yaml beside the raw file", doc.stem)
        } else {
            String::new()
        }
    };
    let mut problems = Vec::new();
    if parts.text.trim().is_empty() {
        problems.push(no_body(doc, parts.cleaned));
    }
    let title = required(m.title, at, "title", &format!("add `title: \"…\"` with the headline{}", raw_hint("title")))
        .map_err(|d| problems.push(d))
        .unwrap_or_default();
    let source = required(
        m.source,
        at,
        "source",
        &format!("add `source: \"Outlet name\"`: the credit shown wherever the article is shown{}", raw_hint("source")),
    )
    .map_err(|d| problems.push(d))
    .unwrap_or_default();
    let published = stamp(m.published.as_deref(), at, "published", config).map_err(|d| problems.push(d)).ok().flatten();
    let retrieved = stamp(m.retrieved.as_deref(), at, "retrieved", config).map_err(|d| problems.push(d)).ok().flatten();
    if let Some(due) = include.due(&[published, retrieved]).filter(|_| problems.is_empty()) {
        return Ok(Outcome::Scheduled(due));
    }
    if let Some(url) = &m.source_url {
        if !(url.starts_with("https://") || url.starts_with("http://")) || url.contains(char::is_whitespace) {
            problems.push(
                Diagnostic::new(
                    &at.path,
                    at.key_line("source_url"),
                    format!("`source_url` \"{url}\" is not an absolute http(s) URL"),
                )
                .hint("link the original article, e.g. `source_url: \"https://www.example.com/news/story\"`"),
            );
        }
    }
    let mut bad_figures = Capped::new(at, "figures");
    for (nth, src) in m.figures.iter().filter_map(|f| f.src.as_deref()).enumerate() {
        if !crate::escape::is_safe_image(src) || src.contains(char::is_whitespace) {
            bad_figures.push(&mut problems, || {
                Diagnostic::new(&at.path, at.nested_key_line("figures", "src", nth), format!("figure `src` \"{src}\" is not an http(s) URL or a site path"))
                    .hint("give `src: \"https://…/photo.jpg\"`, or put the image in static/ and write `src: \"images/photo.jpg\"`")
            });
        }
    }
    bad_figures.finish(&mut problems);
    let mut article_topics = Vec::new();
    let mut unknowns = Capped::new(at, "topics");
    for t in &m.topics {
        match topics.get(t.as_str()) {
            Some(&i) if !article_topics.contains(&i) => article_topics.push(i),
            Some(_) => {}
            None => unknowns.push(&mut problems, || unknown(at, "topics", t, "topic", topics.keys().copied())),
        }
    }
    unknowns.finish(&mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let summary = m
        .summary
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| summary_of(strip_dateline(&parts.first_paragraph)));
    Ok(Outcome::Included(Box::new(Article {
        slug,
        file: doc.path.clone(),
        title,
        source,
        source_url: m.source_url,
        published,
        retrieved,
        authors: m.authors.into_iter().map(|a| a.trim().to_string()).filter(|a| !a.is_empty()).collect(),
        summary,
        figures: m
            .figures
            .into_iter()
            .map(|f| Figure {
                src: f.src,
                alt: f.alt,
                caption: f.caption,
                credit: f.credit,
                after_paragraph: f.after_paragraph,
            })
            .collect(),
        body: Body::new(BodyParts { html: parts.body_html, blocks: parts.body_blocks, text: parts.text }),
        topics: article_topics,
        draft: m.draft,
        cleaned: parts.cleaned,
        links: parts.links,
    })))
}

/// An article with no story text: an empty file, only a headline, only
/// boilerplate or binary data. Publishing it would give an empty page.
fn no_body(doc: &Document, cleaned: bool) -> Diagnostic {
    let file = doc.path.display();
    if cleaned {
        Diagnostic::new(&doc.path, None, "the cleaner found no story text in this file").hint(format!(
            "check that the file holds the story, not only a headline or the page's navigation; \
             `broadsheet clean --explain {file}` shows why each line was dropped, and \
             `broadsheet clean --write {file}` makes a Markdown article whose body you can write"
        ))
    } else {
        Diagnostic::new(&doc.path, Some(doc.body_line), "the article has no body")
            .hint("write the story's text below the front matter's closing `---`")
    }
}

/// The line of each entry of the list under top-level `key`, in one pass
/// over the front matter (a line per entry, or all on the key's line).
fn entry_lines(doc: &Document, key: &str) -> HashMap<String, usize> {
    let mut lines = HashMap::new();
    let Some(start) = doc.key_line(key) else { return lines };
    let unquote = |e: &str| e.trim().trim_matches(['"', '\'']).trim().to_string();
    let mut rest = doc.front_matter.lines().skip(start - doc.front_matter_line);
    if let Some(first) = rest.next() {
        let flow = first.split_once(':').map_or("", |(_, v)| v).trim().trim_start_matches('[').trim_end_matches(']');
        for entry in flow.split(',').filter(|e| !e.trim().is_empty()) {
            lines.entry(unquote(entry)).or_insert(start);
        }
    }
    for (i, l) in rest.enumerate() {
        if !l.starts_with([' ', '-', '\t']) {
            break;
        }
        let entry = l.trim_start().trim_start_matches('-');
        lines.entry(unquote(entry)).or_insert(start + 1 + i);
    }
    lines
}

/// Most problems told one by one for one list of a file (`topics`,
/// `about`): a list of thousands of bad entries would bury everything else,
/// and finding each one's line would take time with the square of its
/// length.
const MAX_LISTED: usize = 20;

/// Collects a list's problems up to [`MAX_LISTED`], then counts the rest.
struct Capped<'a> {
    doc: &'a Document,
    key: &'a str,
    shown: usize,
    more: usize,
}

impl<'a> Capped<'a> {
    fn new(doc: &'a Document, key: &'a str) -> Self {
        Capped { doc, key, shown: 0, more: 0 }
    }

    fn push(&mut self, problems: &mut Vec<Diagnostic>, problem: impl FnOnce() -> Diagnostic) {
        if self.shown < MAX_LISTED {
            problems.push(problem());
            self.shown += 1;
        } else {
            self.more += 1;
        }
    }

    fn finish(self, problems: &mut Vec<Diagnostic>) {
        if self.more > 0 {
            problems.push(
                Diagnostic::new(
                    &self.doc.path,
                    self.doc.key_line(self.key),
                    format!("… and {} more entries of `{}` like those", self.more, self.key),
                )
                .hint("fix the entries above first"),
            );
        }
    }
}

/// An "unknown X" diagnostic that suggests the closest known name.
fn unknown<'a>(doc: &Document, key: &str, value: &str, what: &str, known: impl Iterator<Item = &'a str>) -> Diagnostic {
    let mut known: Vec<&str> = known.collect();
    known.sort();
    let hint = match known.iter().min_by_key(|k| edit_distance(k, value)) {
        Some(best) if edit_distance(best, value) <= 3 => format!("did you mean \"{best}\"?"),
        _ if known.is_empty() => {
            format!("there are no {what}s yet: create content/{what}s/{value}.md")
        }
        _ => format!("known {what}s: {}", known.join(", ")),
    };
    Diagnostic::new(&doc.path, doc.value_line(key, value), format!("unknown {what} \"{value}\"")).hint(hint)
}

pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

/// The links of a rendered body, with lines of the file.
fn source_links(doc: &Document, rendered: &markdown::Rendered) -> Vec<SourceLink> {
    rendered
        .links
        .iter()
        .map(|l| SourceLink {
            url: l.url.clone(),
            written: l.written.clone(),
            file: doc.path.clone(),
            line: doc.body_line + l.line - 1,
        })
        .collect()
}

/// A wire dateline opening a story: "AMSTERDAM, Jan 14 (Northgate) - ",
/// "SEOUL (AP) — ", "WASHINGTON — ". A city in capitals, then a date or
/// region after a comma, or an agency in brackets, or a long dash.
static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Lu}[\p{Lu}\p{M} .'’-]{1,40}?(,[^()\-–—]{1,40}?)?(\s*\([^()]{1,40}\))?\s*([-–—]{1,2})\s+\S")
        .expect("valid regex")
});

/// The text without a leading dateline, which says nothing in a summary.
/// Only ever applied to a summary made from the body, never to the body.
pub(crate) fn strip_dateline(text: &str) -> &str {
    if !may_open_with_dateline(text) {
        return text;
    }
    let Some(c) = DATELINE.captures(text) else { return text };
    let plain_hyphen = c.get(3).is_some_and(|d| d.as_str() == "-");
    // "US - China talks": a bare hyphen counts only after a date or agency.
    if plain_hyphen && c.get(1).is_none() && c.get(2).is_none() {
        return text;
    }
    let end = c.get(0).map_or(0, |m| m.end());
    // The match ends on the first character of the story: keep it.
    let start = text[..end].char_indices().last().map_or(0, |(i, _)| i);
    &text[start..]
}

/// Whether [`DATELINE`] may match: its first two characters can be a
/// dateline's and a dash follows. Most summaries fail this, and then the
/// regex (its Unicode classes take 15–25 ms to compile) is never built: a
/// one-article rebuild spent 6% of its instructions on it.
fn may_open_with_dateline(text: &str) -> bool {
    // An ASCII character is in `\p{Lu}` only as A–Z, and never in `\p{M}`.
    let mut chars = text.chars();
    let first = chars.next().is_some_and(|c| !c.is_ascii() || c.is_ascii_uppercase());
    let second = chars.next().is_some_and(|c| !c.is_ascii() || c.is_ascii_uppercase() || " .'-".contains(c));
    first && second && text.contains(['-', '–', '—'])
}

/// A plain-text summary: the first paragraph, cut to a readable length.
pub(crate) fn summary_of(text: &str) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= SUMMARY_WORDS {
        return words.join(" ");
    }
    format!("{}…", words[..SUMMARY_WORDS].join(" ").trim_end_matches([',', ';', ':', '.']))
}

/// Notes are listed newest first, then by slug.
pub(crate) fn note_order(a: &Note, b: &Note) -> std::cmp::Ordering {
    b.date.cmp(&a.date).then_with(|| a.slug.cmp(&b.slug))
}

struct References<'a> {
    articles: &'a HashMap<&'a str, ArticleId>,
    topics: &'a HashMap<&'a str, TopicId>,
    draft_articles: &'a HashSet<String>,
}

fn note(
    doc: &Document,
    config: &Config,
    links: &LinkContext,
    refs: &References,
    include: Include,
) -> Result<Option<PendingNote>, Vec<Diagnostic>> {
    let slug = checked_slug(doc).map_err(|d| vec![d])?;
    let m: NoteMatter = front_matter::parse(doc).map_err(|d| vec![d])?;
    if m.draft && !include.drafts {
        return Ok(None);
    }
    let mut problems = Vec::new();
    let title = required(m.title, doc, "title", "add `title: \"…\"` to the note")
        .map_err(|d| problems.push(d))
        .unwrap_or_default();
    let date = stamp(m.date.as_deref(), doc, "date", config).map_err(|d| problems.push(d)).ok().flatten();
    if problems.is_empty() && include.due(&[date]).is_some() {
        return Ok(None);
    }
    if m.about.is_empty() {
        problems.push(
            Diagnostic::new(&doc.path, doc.key_line("about").or(Some(1)), "the note is not about anything")
                .hint("add `about: [articles/SLUG]` (or topics/SLUG, editions/2024-W48): the pages it appears on"),
        );
    }
    let mut about = Vec::new();
    let mut editions: Vec<(String, Option<usize>)> = Vec::new();
    let mut unknowns = Capped::new(doc, "about");
    let lines = entry_lines(doc, "about");
    let line_of = |target: &str| lines.get(target.trim()).copied().or_else(|| doc.key_line("about"));
    // The same target written twice is one.
    let mut seen = HashSet::new();
    for target in m.about.iter().filter(|t| seen.insert(t.as_str())) {
        let (kind, name) = target.trim().trim_end_matches('/').split_once('/').unwrap_or(("", target));
        let name = name.trim_end_matches(".md");
        match kind {
            "articles" => match refs.articles.get(name) {
                Some(&i) => about.push(Target::Article(i)),
                None if refs.draft_articles.contains(name) => {}
                None => unknowns
                    .push(&mut problems, || unknown(doc, "about", name, "article", refs.articles.keys().copied())),
            },
            "topics" => match refs.topics.get(name) {
                Some(&i) => about.push(Target::Topic(i)),
                None => {
                    unknowns.push(&mut problems, || unknown(doc, "about", name, "topic", refs.topics.keys().copied()))
                }
            },
            "editions" => editions.push((name.to_string(), line_of(target))),
            _ => unknowns.push(&mut problems, || {
                Diagnostic::new(&doc.path, line_of(target), format!("`about` entry \"{target}\" is not articles/…, topics/… or editions/…"))
                    .hint("write e.g. `about: [articles/kim-putin-meeting, topics/russia-north-korea-relations, editions/2024-W48]`")
            }),
        }
    }
    let mut kept = HashSet::new();
    about.retain(|t| kept.insert(*t));
    unknowns.finish(&mut problems);
    if !problems.is_empty() {
        return Err(problems);
    }
    let body = markdown::render(&doc.body, links);
    Ok(Some(PendingNote {
        note: Note {
            slug,
            file: doc.path.clone(),
            title,
            date,
            author: m.author.map(|a| a.trim().to_string()).filter(|a| !a.is_empty()),
            links: source_links(doc, &body),
            body_html: body.html,
            about,
            draft: m.draft,
        },
        editions,
    }))
}

fn edition_doc(doc: &Document, links: &LinkContext) -> Result<EditionDoc, Diagnostic> {
    let m: EditionMatter = front_matter::parse(doc)?;
    let intro = markdown::render(&doc.body, links);
    Ok(EditionDoc {
        id: doc.stem.clone(),
        file: doc.path.clone(),
        title: m.title.map(|t| t.trim().to_string()).filter(|t| !t.is_empty()),
        links: source_links(doc, &intro),
        intro_html: intro.html,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_are_cut_at_words() {
        let long = "word ".repeat(100);
        let s = summary_of(&long);
        assert!(s.ends_with('…'));
        assert_eq!(s.split_whitespace().count(), SUMMARY_WORDS);
        assert_eq!(summary_of("  short   text "), "short text");
    }

    #[test]
    fn datelines_leave_summaries() {
        for (text, rest) in [
            ("AMSTERDAM, Jan 14 (Northgate) - The Dutch government said", "The Dutch government said"),
            ("SEOUL (AP) — Rates held", "Rates held"),
            ("WASHINGTON — Officials said", "Officials said"),
            ("SÃO PAULO, Brazil, Jan. 3 (Wire) -- Coffee rose", "Coffee rose"),
            ("KYIV, Oct 8 (Wire) - Ukraine's ports shipped", "Ukraine's ports shipped"),
        ] {
            assert_eq!(strip_dateline(text), rest, "{text}");
        }
        for kept in [
            "US - China talks resumed on Monday",
            "The Dutch government said on Tuesday",
            "NATO said - in a statement - that",
            "",
        ] {
            assert_eq!(strip_dateline(kept), kept);
        }
    }

    #[test]
    fn edit_distance_counts_changes() {
        assert_eq!(edit_distance("russia", "rusia"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
