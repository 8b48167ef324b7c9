//! A deterministic news corpus for the build benchmark, written both as a
//! Broadsheet site and as an equivalent Hugo site.
//!
//! Every article is a pure function of its index (its own seeded PRNG), so
//! the 1,000-article corpus is the first 1,000 articles of the 10,000 one,
//! and a corpus is byte-identical from run to run and machine to machine.
//! The text comes from the fixed vocabulary in `words.rs`.

pub mod raw;
pub mod words;

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use words::*;

/// Bump when the generated text changes, so cached corpora are rebuilt.
pub const VERSION: &str = "broadsheet-bench-corpus 2";
const SEED: u64 = 0x00b5_ead5_4ee7_2026;
/// Notes are "a few", whatever the corpus size.
const NOTES: usize = 8;
/// The first day articles are published on (2024-01-01) and the span.
const FIRST_YEAR: i64 = 2024;
const SPAN_DAYS: u64 = 731;

/// SplitMix64: tiny, fast, and good enough for text generation.
pub struct Rng(u64);

impl Rng {
    /// A generator for item `index` of stream `stream` (articles, topics,
    /// raw dumps…): independent of how many items are generated.
    pub fn for_item(stream: u64, index: u64) -> Rng {
        let mut r = Rng(SEED ^ stream.wrapping_mul(0xA076_1D64_78BD_642F));
        r.0 ^= r.next_u64().wrapping_add(index.wrapping_mul(0xE703_7ED1_A0B4_28DB));
        r
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`.
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    pub fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below((hi - lo + 1) as u64) as usize
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len() as u64) as usize]
    }
}

/// Sentences from the vocabulary, flavoured by a topic's keywords.
pub struct Writer<'a> {
    pub rng: &'a mut Rng,
    pub keywords: &'a [&'static str],
}

impl Writer<'_> {
    fn keyword(&mut self) -> &'static str {
        if self.keywords.is_empty() || self.rng.chance(40) {
            self.rng.pick(NOUNS)
        } else {
            self.rng.pick(self.keywords)
        }
    }

    pub fn name(&mut self) -> String {
        format!("{} {}", self.rng.pick(FIRST_NAMES), self.rng.pick(SURNAMES))
    }

    fn number(&mut self) -> String {
        match self.rng.below(4) {
            0 => format!("{}%", self.rng.between(2, 60)),
            1 => format!("{},{:03}", self.rng.between(1, 90), self.rng.between(0, 999)),
            2 => format!("about {}", self.rng.between(12, 900)),
            _ => format!("{} million", self.rng.between(2, 40)),
        }
    }

    /// A quoted remark's inside, without the quotation marks.
    fn remark(&mut self) -> String {
        let r = &mut *self.rng;
        match r.below(3) {
            0 => {
                format!("The {} {} {} more than anyone expected", r.pick(NOUNS), r.pick(VERBS_PRESENT), r.pick(PLURALS))
            }
            1 => format!(
                "We {} the {} {}, and we are ready to do it again",
                r.pick(VERBS_PAST),
                r.pick(NOUNS),
                r.pick(TIME_PHRASES)
            ),
            _ => format!(
                "Nobody in {} believes the {} {} will hold for long",
                r.pick(PLACES),
                r.pick(ADJECTIVES),
                r.pick(NOUNS)
            ),
        }
    }

    /// One plain sentence, 10–30 words, ending with a full stop.
    pub fn sentence(&mut self) -> String {
        let kw = self.keyword();
        let kw2 = self.keyword();
        let s = match self.rng.below(8) {
            0 => {
                let r = &mut *self.rng;
                format!(
                    "the {} {} {} the {} {} {} {} {}.",
                    r.pick(ADJECTIVES),
                    r.pick(NOUNS),
                    r.pick(VERBS_PAST),
                    kw,
                    r.pick(NOUNS),
                    r.pick(PREPOSITIONS),
                    r.pick(PLACES),
                    r.pick(TIME_PHRASES)
                )
            }
            1 => {
                let r = &mut *self.rng;
                format!(
                    "{} {} {} {} {} the {}, {} the {} {} {} {} the {}.",
                    r.pick(PLURALS),
                    r.pick(PREPOSITIONS),
                    r.pick(PLACES),
                    r.pick(ADVERBS),
                    r.pick(VERBS_PAST),
                    kw,
                    r.pick(CONNECTORS),
                    r.pick(ADJECTIVES),
                    r.pick(NOUNS),
                    r.pick(VERBS_PRESENT),
                    r.pick(PLURALS),
                    kw2
                )
            }
            2 => {
                let remark = self.remark();
                let name = self.name();
                let r = &mut *self.rng;
                format!("“{remark},” said {name}, {} {}.", r.pick(ROLES), r.pick(ORGS))
            }
            3 => {
                let r = &mut *self.rng;
                format!(
                    "according to {}, the {} {} the {} {} {}, {} {} {} the {} {}.",
                    r.pick(ORGS),
                    r.pick(NOUNS),
                    r.pick(VERBS_PAST),
                    r.pick(ADJECTIVES),
                    kw,
                    r.pick(TIME_PHRASES),
                    r.pick(CONNECTORS),
                    r.pick(PLURALS),
                    r.pick(VERBS_PAST),
                    r.pick(ADJECTIVES),
                    kw2
                )
            }
            4 => {
                let name = self.name();
                let r = &mut *self.rng;
                format!(
                    "the {} {} {} in {}, {} told reporters {}.",
                    kw,
                    r.pick(VERBS_PRESENT),
                    r.pick(PLURALS),
                    r.pick(PLACES),
                    name,
                    r.pick(TIME_PHRASES)
                )
            }
            5 => {
                let name = self.name();
                let r = &mut *self.rng;
                format!(
                    "{} said the {} {} had been {} {} {} the {} {} the {} {} {}.",
                    name,
                    r.pick(ADJECTIVES),
                    r.pick(NOUNS),
                    r.pick(VERBS_PAST),
                    r.pick(TIME_PHRASES),
                    r.pick(CONNECTORS),
                    kw,
                    r.pick(VERBS_PRESENT),
                    r.pick(ADJECTIVES),
                    r.pick(NOUNS),
                    r.pick(TIME_PHRASES)
                )
            }
            6 => {
                let n = self.number();
                let r = &mut *self.rng;
                format!(
                    "figures from the {} show {} {} {} the {} {}, up from last year.",
                    r.pick(NOUNS),
                    n,
                    r.pick(PLURALS),
                    r.pick(VERBS_PAST),
                    kw,
                    r.pick(TIME_PHRASES)
                )
            }
            _ => {
                let r = &mut *self.rng;
                format!(
                    "it was not clear whether the {} would {} the {} {} {}, or how {} {} {} would respond.",
                    r.pick(NOUNS),
                    r.pick(&["delay", "limit", "change", "extend", "review", "block"]),
                    r.pick(ADJECTIVES),
                    kw,
                    r.pick(TIME_PHRASES),
                    r.pick(PLURALS),
                    r.pick(PREPOSITIONS),
                    r.pick(PLACES)
                )
            }
        };
        capitalise(&s)
    }

    /// A paragraph of at least `words` words.
    pub fn paragraph(&mut self, words: usize) -> String {
        let mut p = String::new();
        while count_words(&p) < words {
            if !p.is_empty() {
                p.push(' ');
            }
            p.push_str(&self.sentence());
        }
        p
    }

    /// A headline of 6–11 words, without a full stop.
    pub fn headline(&mut self) -> String {
        let kw = self.keyword();
        let r = &mut *self.rng;
        let h = match r.below(4) {
            0 => format!(
                "{} in {} {} {} {} {}",
                r.pick(PLURALS),
                r.pick(PLACES),
                r.pick(VERBS_PAST),
                r.pick(ADJECTIVES),
                kw,
                r.pick(NOUNS)
            ),
            1 => format!(
                "{} {} {} after {} {} {}",
                r.pick(PLACES),
                r.pick(NOUNS),
                r.pick(VERBS_PAST),
                r.pick(ADJECTIVES),
                kw,
                r.pick(NOUNS)
            ),
            2 => format!("{} {} {} {} {}", r.pick(ORGS), r.pick(VERBS_PAST), kw, r.pick(NOUNS), r.pick(TIME_PHRASES)),
            _ => format!(
                "{} {} as {} {} {}",
                kw,
                r.pick(VERBS_PRESENT),
                r.pick(PLURALS),
                r.pick(PREPOSITIONS),
                r.pick(PLACES)
            ),
        };
        capitalise(&h)
    }
}

pub fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Words, not Markdown markers such as `-`, `>` or `—`.
pub fn count_words(s: &str) -> usize {
    s.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count()
}

/// Lower-case ASCII words joined by single hyphens.
fn slugify(s: &str) -> String {
    let mut out = String::new();
    for word in s.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(&word.to_ascii_lowercase());
    }
    out
}

/// (year, month, day) of a day count since 1970-01-01 (H. Hinnant's algorithm).
pub fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Days since 1970-01-01 of a civil date.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub fn iso_date(days: i64) -> String {
    let (y, m, d) = civil(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// One generated article, as both sites write it.
pub struct Article {
    pub slug: String,
    pub title: String,
    pub source: &'static str,
    pub source_url: String,
    /// RFC 3339 or a bare date.
    pub published: String,
    pub retrieved: String,
    pub authors: Vec<String>,
    pub topics: Vec<usize>,
    pub summary: Option<String>,
    /// Markdown: paragraphs separated by blank lines.
    pub body: String,
    pub words: usize,
    pub paragraphs: usize,
    pub has_list: bool,
    pub has_quote: bool,
}

/// Topic `k` (0-based) with probability ∝ 1/(k+1): Zipf with s = 1.
fn zipf_topic(rng: &mut Rng) -> usize {
    let n = TOPICS.len();
    let total: f64 = (1..=n).map(|k| 1.0 / k as f64).sum();
    let mut x = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * total;
    for k in 0..n {
        x -= 1.0 / (k + 1) as f64;
        if x < 0.0 {
            return k;
        }
    }
    n - 1
}

pub fn article(index: usize) -> Article {
    let mut rng = Rng::for_item(1, index as u64);
    let mut topics = vec![zipf_topic(&mut rng)];
    if rng.chance(45) {
        let second = zipf_topic(&mut rng);
        if second != topics[0] {
            topics.push(second);
        }
    }
    let (outlet, host) = rng.pick(OUTLETS);
    let day = days_from_civil(FIRST_YEAR, 1, 1) + rng.below(SPAN_DAYS) as i64;
    let published = if rng.chance(20) {
        iso_date(day)
    } else {
        let zone = rng.pick(&["+00:00", "-05:00", "+01:00", "+09:00", "-08:00"]);
        format!("{}T{:02}:{:02}:00{zone}", iso_date(day), rng.between(5, 22), rng.between(0, 59))
    };
    let retrieved = iso_date(day + rng.between(0, 2) as i64);
    let words_target = rng.between(500, 800);
    let paragraphs = rng.between(8, 14);
    let has_list = rng.chance(30);
    let has_quote = rng.chance(30);
    let list_at = rng.between(2, paragraphs - 2);
    let mut quote_at = rng.between(1, paragraphs - 1);
    if quote_at == list_at {
        quote_at -= 1;
    }
    let n_authors = rng.between(0, 2);
    let summary_wanted = rng.chance(50);

    let keywords: Vec<&'static str> = topics.iter().flat_map(|&t| TOPICS[t].3.iter().copied()).collect();
    let mut w = Writer { rng: &mut rng, keywords: &keywords };
    let title = w.headline();
    let authors: Vec<String> = (0..n_authors).map(|_| w.name()).collect();
    let summary = summary_wanted.then(|| w.sentence());
    // The quote and the list first, then plain paragraphs sharing the rest
    // of the word budget; then whole sentences are moved so that the body
    // lands in 500–800 words.
    let mut special: Vec<(usize, String)> = Vec::new();
    if has_quote {
        let remark = w.remark();
        let name = w.name();
        special.push((quote_at, format!("> “{remark}. {}”\n>\n> — {name}", w.sentence())));
    }
    if has_list {
        let mut list = format!("{} The main points:\n", w.sentence().trim_end_matches('.'));
        for _ in 0..w.rng.between(3, 5) {
            let _ = write!(list, "\n- {}", w.sentence());
        }
        special.push((list_at, list));
    }
    let plain_count = paragraphs - special.len();
    let mut budget = words_target.saturating_sub(special.iter().map(|(_, b)| count_words(b)).sum::<usize>());
    let mut plain: Vec<Vec<String>> = Vec::with_capacity(plain_count);
    for k in 0..plain_count {
        let share = (budget / (plain_count - k)).max(20);
        let mut sentences = Vec::new();
        let mut words = 0;
        while words == 0 || words + 8 < share {
            let sentence = w.sentence();
            words += count_words(&sentence);
            sentences.push(sentence);
        }
        budget = budget.saturating_sub(words);
        plain.push(sentences);
    }
    let words_of = |p: &[String]| p.iter().map(|s| count_words(s)).sum::<usize>();
    let total = |plain: &[Vec<String>]| {
        plain.iter().map(|p| words_of(p)).sum::<usize>() + special.iter().map(|(_, b)| count_words(b)).sum::<usize>()
    };
    while total(&plain) > 800 {
        let Some(p) = plain.iter_mut().filter(|p| p.len() > 1).max_by_key(|p| words_of(p)) else { break };
        p.pop();
    }
    while total(&plain) < 500 {
        let sentence = w.sentence();
        if let Some(p) = plain.iter_mut().min_by_key(|p| words_of(p)) {
            p.push(sentence);
        }
    }
    let mut plain = plain.into_iter();
    let mut body = String::new();
    for k in 0..paragraphs {
        if k > 0 {
            body.push_str("\n\n");
        }
        match special.iter().find(|(at, _)| *at == k) {
            Some((_, block)) => body.push_str(block),
            None => body.push_str(&plain.next().unwrap_or_default().join(" ")),
        }
    }
    body.push('\n');
    let slug = format!("{}-{}", slugify(&title.split_whitespace().take(7).collect::<Vec<_>>().join(" ")), index + 1);
    let (y, m, _) = civil(day);
    Article {
        source_url: format!("https://www.{host}/{y}/{m:02}/{slug}"),
        slug,
        title,
        source: outlet,
        published,
        retrieved,
        authors,
        topics,
        summary,
        words: count_words(&body),
        body,
        paragraphs,
        has_list,
        has_quote,
    }
}

/// A YAML double-quoted scalar (the vocabulary has no `"` or `\`).
fn q(s: &str) -> String {
    debug_assert!(!s.contains(['"', '\\']));
    format!("\"{s}\"")
}

fn yaml_list(items: &[String]) -> String {
    format!("[{}]", items.iter().map(|s| q(s)).collect::<Vec<_>>().join(", "))
}

fn topic_slugs(a: &Article) -> String {
    format!("[{}]", a.topics.iter().map(|&t| TOPICS[t].0).collect::<Vec<_>>().join(", "))
}

pub fn broadsheet_article(a: &Article) -> String {
    let mut s = String::with_capacity(a.body.len() + 512);
    s.push_str("---\n");
    let _ = writeln!(s, "title: {}", q(&a.title));
    let _ = writeln!(s, "source: {}", q(a.source));
    let _ = writeln!(s, "source_url: {}", q(&a.source_url));
    let _ = writeln!(s, "published: {}", a.published);
    let _ = writeln!(s, "retrieved: {}", a.retrieved);
    let _ = writeln!(s, "authors: {}", yaml_list(&a.authors));
    let _ = writeln!(s, "topics: {}", topic_slugs(a));
    if let Some(summary) = &a.summary {
        let _ = writeln!(s, "summary: {}", q(summary));
    }
    s.push_str("---\n");
    s.push_str(&a.body);
    s
}

pub fn hugo_article(a: &Article) -> String {
    let mut s = String::with_capacity(a.body.len() + 512);
    s.push_str("---\n");
    let _ = writeln!(s, "title: {}", q(&a.title));
    let _ = writeln!(s, "date: {}", a.published);
    let _ = writeln!(s, "retrieved: {}", a.retrieved);
    let _ = writeln!(s, "source: {}", q(a.source));
    let _ = writeln!(s, "source_url: {}", q(&a.source_url));
    let _ = writeln!(s, "authors: {}", yaml_list(&a.authors));
    let _ = writeln!(s, "topics: {}", topic_slugs(a));
    if let Some(summary) = &a.summary {
        let _ = writeln!(s, "summary: {}", q(summary));
    }
    s.push_str("---\n");
    s.push_str(&a.body);
    s
}

/// A topic's front matter fields and editorial introduction.
fn topic_intro(k: usize) -> String {
    let mut rng = Rng::for_item(2, k as u64);
    let mut w = Writer { rng: &mut rng, keywords: TOPICS[k].3 };
    let mut s = String::new();
    for i in 0..w.rng.between(2, 3) {
        if i > 0 {
            s.push_str("\n\n");
        }
        s.push_str(&w.paragraph(45));
    }
    s.push('\n');
    s
}

const BROADSHEET_SITE: &str = r#"title = "Broadsheet Bench Digest"
description = "A generated corpus for the build benchmark: invented articles from a fixed vocabulary."
base_url = "https://bench.example.org/digest/"
language = "en"
timezone = "UTC"
theme = "default"

[digest]
period = "week"
"#;

/// What was generated, for the report.
#[derive(Default)]
pub struct Stats {
    pub articles: usize,
    pub words: usize,
    pub min_words: usize,
    pub max_words: usize,
    pub paragraphs: usize,
    pub lists: usize,
    pub quotes: usize,
    pub per_topic: Vec<usize>,
    pub bytes: u64,
}

pub struct Sites {
    pub broadsheet: PathBuf,
    pub hugo: PathBuf,
}

/// Writes (or reuses, when the stamp matches) both sites of `n` articles
/// under `dir`. `hugo_template` is the folder copied as the Hugo site.
pub fn write_sites(dir: &Path, n: usize, hugo_template: &Path) -> io::Result<(Sites, Option<Stats>)> {
    let sites = Sites { broadsheet: dir.join("broadsheet"), hugo: dir.join("hugo") };
    let stamp = dir.join("corpus.stamp");
    let want = format!("{VERSION}\narticles {n}\nnotes {NOTES}\n");
    if fs::read_to_string(&stamp).ok().as_deref() == Some(want.as_str()) {
        // Refresh the Hugo layouts, which may have been edited since.
        copy_dir(hugo_template, &sites.hugo)?;
        return Ok((sites, None));
    }
    for d in [&sites.broadsheet, &sites.hugo] {
        if d.exists() {
            fs::remove_dir_all(d)?;
        }
    }
    let _ = fs::remove_file(&stamp);
    let b_articles = sites.broadsheet.join("content/articles");
    let b_topics = sites.broadsheet.join("content/topics");
    let b_notes = sites.broadsheet.join("content/notes");
    let h_articles = sites.hugo.join("content/articles");
    for d in [&b_articles, &b_topics, &b_notes, &h_articles] {
        fs::create_dir_all(d)?;
    }
    fs::write(sites.broadsheet.join("site.toml"), BROADSHEET_SITE)?;
    copy_dir(hugo_template, &sites.hugo)?;

    for (k, (slug, title, description, _)) in TOPICS.iter().enumerate() {
        let intro = topic_intro(k);
        let front = format!("---\ntitle: {}\ndescription: {}\nweight: {}\n---\n", q(title), q(description), k + 1);
        fs::write(b_topics.join(format!("{slug}.md")), format!("{front}{intro}"))?;
        let term = sites.hugo.join("content/topics").join(slug);
        fs::create_dir_all(&term)?;
        fs::write(term.join("_index.md"), format!("{front}{intro}"))?;
    }

    let mut stats = Stats { per_topic: vec![0; TOPICS.len()], min_words: usize::MAX, ..Default::default() };
    let mut slugs = Vec::with_capacity(n);
    for i in 0..n {
        let a = article(i);
        let b = broadsheet_article(&a);
        let h = hugo_article(&a);
        stats.bytes += b.len() as u64;
        fs::write(b_articles.join(format!("{}.md", a.slug)), b)?;
        fs::write(h_articles.join(format!("{}.md", a.slug)), h)?;
        stats.articles += 1;
        stats.words += a.words;
        stats.min_words = stats.min_words.min(a.words);
        stats.max_words = stats.max_words.max(a.words);
        stats.paragraphs += a.paragraphs;
        stats.lists += usize::from(a.has_list);
        stats.quotes += usize::from(a.has_quote);
        for &t in &a.topics {
            stats.per_topic[t] += 1;
        }
        slugs.push(a.slug);
    }

    // A few editorial notes about articles and topics (Broadsheet only: Hugo
    // has no equivalent), each linking to another article.
    for j in 0..NOTES.min(n) {
        let mut rng = Rng::for_item(3, j as u64);
        let about = &slugs[(j * 7919) % n];
        let link = &slugs[(j * 104_729 + 1) % n];
        let topic = TOPICS[j % TOPICS.len()].0;
        let mut w = Writer { rng: &mut rng, keywords: &[] };
        let body = format!("{} See also [this report](@/articles/{link}).\n\n{}\n", w.paragraph(40), w.paragraph(30));
        let note = format!(
            "---\ntitle: {}\ndate: 2025-{:02}-15\nauthor: \"Bench desk\"\nabout:\n  - articles/{about}\n  - topics/{topic}\n---\n{body}",
            q(&w.headline()),
            j % 12 + 1
        );
        fs::write(b_notes.join(format!("note-{}.md", j + 1)), note)?;
    }
    fs::write(&stamp, want)?;
    Ok((sites, Some(stats)))
}

/// Copies a folder's files into `to`, creating folders as needed.
pub fn copy_dir(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}
