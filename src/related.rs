//! Related articles: the stories that share what is rare. Each article is
//! a bag of terms — words of its title, summary and body, lower-cased,
//! function words left out, plus multi-word names ("Kim Jong Un") as
//! single terms — weighted by TF-IDF. Its *key terms* are the few heaviest
//! terms that another article could share; two articles are as related as
//! the cosine of their key-term vectors, with a bonus for shared topics.
//! Below a floor nothing is listed: no related story beats a wrong one.
//!
//! Cost: each article is tokenised once; candidates come only through an
//! inverted index of key terms, and terms too common to say anything are
//! left out of it, so work is O(n·k·cap), linear in the site's size.

use std::sync::LazyLock;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::clean::lexicon::{is_stopword, is_stopword_bytes};
use crate::model::{Article, ArticleId, Id, TopicId};

/// A term: the hash of its lower-cased text (a stable hash, so output does
/// not depend on the Rust release or the run).
type Term = u64;

/// An article's terms with their field-weighted counts, sorted by term.
/// Kept by the render cache for articles whose file did not change: left
/// in the memo, with its hash, and read only when related coverage is
/// counted again ([`Profile::unpack`]); a rebuild whose coverage stands
/// needs only the hashes.
#[derive(Debug, Clone, Default)]
pub struct Profile {
    /// Empty while kept in the memo.
    terms: Vec<(Term, f32)>,
    /// Where the memo keeps the terms packed, and their hash.
    kept: Option<(u128, crate::cache::Stored)>,
}

/// Terms packed as 12 bytes each: the term, then the weight's bits,
/// little-endian.
const PACKED_TERM: usize = 12;

impl Profile {
    /// A profile the memo keeps, packed, with the hash of the packed bytes.
    pub(crate) fn kept(hash: u128, stored: crate::cache::Stored) -> Profile {
        Profile { terms: Vec::new(), kept: Some((hash, stored)) }
    }

    /// The terms packed, as the memo keeps them.
    pub(crate) fn pack(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(self.terms.len() * PACKED_TERM);
        for &(t, w) in &self.terms {
            bytes.extend_from_slice(&t.to_le_bytes());
            bytes.extend_from_slice(&w.to_bits().to_le_bytes());
        }
        bytes
    }

    /// Of the packed terms, however they are held.
    fn hash(&self) -> u128 {
        match &self.kept {
            Some((hash, _)) => *hash,
            None => crate::cache::hash::of_bytes(&self.pack()),
        }
    }

    /// Where the memo keeps it, if it has not been read: it is then
    /// copied from there when its memo file is written again.
    pub(crate) fn unread(&self) -> Option<&crate::cache::Stored> {
        self.kept.as_ref().filter(|_| self.terms.is_empty()).map(|(_, stored)| stored)
    }

    /// The terms of a profile the memo keeps, for counting coverage; read
    /// back only if they hash as they did when written.
    pub(crate) fn unpack(&mut self) {
        let Some(stored) = self.unread().cloned() else { return };
        let hash = self.hash();
        let bytes = stored.bytes().filter(|b| crate::cache::hash::of_bytes(b) == hash);
        match bytes.as_deref().and_then(unpacked) {
            Some(terms) => self.terms = terms,
            None => stored.mark_unreadable(),
        }
    }
}

/// Packed terms read back; `None` for bytes of a wrong length.
fn unpacked(bytes: &[u8]) -> Option<Vec<(Term, f32)>> {
    if bytes.len() % PACKED_TERM != 0 {
        return None;
    }
    let term = |c: &[u8]| {
        let (t, w) = c.split_at(8);
        (
            u64::from_le_bytes(t.try_into().unwrap_or_default()),
            f32::from_bits(u32::from_le_bytes(w.try_into().unwrap_or_default())),
        )
    };
    Some(bytes.chunks_exact(PACKED_TERM).map(term).collect())
}

/// A title word says more than a body word.
const TITLE_WEIGHT: f32 = 3.0;
/// The summary is the story in brief (often also the first paragraph).
const SUMMARY_WEIGHT: f32 = 1.5;
/// A multi-word name (capitalised words in a row: "Kim Jong Un", "North
/// Korea") counts as a term of its own, on top of its words: a shared full
/// name is stronger evidence than its words apart.
const NAME_WEIGHT: f32 = 2.0;
/// Words of the body read: a news story says what it is about first (the
/// inverted pyramid); the rest is background many stories share, and
/// reading it would be most of the cost.
const BODY_WORDS: usize = 350;
/// Key terms per article: enough for a story's names and subjects.
const KEY_TERMS: usize = 16;
/// Terms in more articles than this are not indexed: on a large site they
/// are the vocabulary of a whole beat, not of one story, and their posting
/// lists would make the work quadratic.
const MAX_POSTINGS: usize = 400;
/// Each shared topic adds this to the text score. A topic alone never
/// reaches the floor: a topic of a thousand articles says little about
/// which of them tell the same story.
const TOPIC_BONUS: f32 = 0.04;
/// The floor. A score is the cosine of TF-IDF key-term vectors, each
/// normalised by its article's heaviest terms (0 to 1), plus topic
/// bonuses. Articles on one story score 0.29–0.35 in the test fixture (short
/// texts) and 0.52 on the example site (the two Kim–Russia stories), while
/// stories sharing a place or a middling word ("korea" between a summit and
/// the Bank of Korea, "north" and a topic between a library and a derby)
/// score 0.02–0.08. 0.2 keeps the first and drops the second with a margin
/// on either side.
const FLOOR: f32 = 0.2;

/// Words that say when, or in what office, not what a story is about:
/// neither terms nor parts of names ("President Vladimir Putin" is the
/// name "Vladimir Putin"; two stories in March are not related by it).
#[rustfmt::skip]
const NOT_TERMS: &[&str] = &[
    // offices and titles
    "president", "prime", "minister", "secretary", "general", "chief", "leader", "mr", "mrs", "ms", "dr", "sir",
    "premier", "chancellor", "governor", "senator", "spokesperson", "spokesman", "spokeswoman",
    // the calendar
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
    "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "monday",
    "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today", "yesterday", "tomorrow",
    // wire credits
    "reuters", "afp", "ap", "photo", "file",
];

/// Words too common in news to carry a story, beyond the function words.
#[rustfmt::skip]
const NEWS_WORDS: &[&str] = &[
    // reporting
    "says", "say", "told", "tell", "according", "added", "statement", "expected",
    // time and number
    "new", "year", "years", "week", "weeks", "month", "months", "day", "days", "time", "two", "three", "first",
    "last", "next", "percent", "per", "cent",
    // filler
    "also", "like", "including", "since", "still", "even", "however", "although", "people", "other", "such",
    "been", "being", "only", "should", "much", "many", "well", "back", "made", "make", "take", "took",
];

/// [`NOT_TERMS`] and [`NEWS_WORDS`] by hash: every word of the site is
/// looked up, and the hash is computed for counting anyway. A hash is
/// already well mixed, so its low bits index the table directly.
static LEFT_OUT: LazyLock<TermTable<LeftOut>> = LazyLock::new(|| {
    let mut table = TermTable::with_slots(256);
    for w in NEWS_WORDS {
        table.insert(hash(w.as_bytes()), LeftOut::News);
    }
    for w in NOT_TERMS {
        table.insert(hash(w.as_bytes()), LeftOut::Office);
    }
    table
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LeftOut {
    /// Not a term, but may be part of a name ("New Delhi").
    News,
    /// Neither a term nor part of a name.
    Office,
}

/// The terms of an article, counted once per article at build time.
pub(crate) fn profile(article: &Article) -> Profile {
    let mut counts = Counts::default();
    add_words(&article.title, TITLE_WEIGHT, false, usize::MAX, &mut counts);
    add_words(&article.summary, SUMMARY_WEIGHT, true, usize::MAX, &mut counts);
    add_words(article.body.text(), 1.0, true, BODY_WORDS, &mut counts);
    Profile { terms: counts.into_sorted(), kept: None }
}

/// Profiles of every article, in parallel.
pub(crate) fn profiles(articles: &[Article]) -> Vec<Profile> {
    articles.par_iter().map(profile).collect()
}

/// Of everything [`related`] reads: equal keys give equal answers, so an
/// edit that leaves every article's terms and topics as they were (a word
/// past the body words read) need not count coverage again.
pub(crate) fn key(profiles: &[Profile], article_topics: &[Vec<TopicId>], limit: usize) -> u128 {
    let each: Vec<u128> = profiles
        .par_iter()
        .zip(article_topics)
        .map(|(p, topics)| {
            let mut f = crate::cache::hash::Fingerprint::new();
            f.bytes(&p.hash().to_le_bytes());
            f.u64(topics.len() as u64);
            topics.iter().for_each(|t| f.u64(t.index() as u64));
            f.finish128()
        })
        .collect();
    let mut f = crate::cache::hash::Fingerprint::new();
    f.u64(limit as u64);
    f.u64(each.len() as u64);
    each.iter().for_each(|h| f.bytes(&h.to_le_bytes()));
    f.finish128()
}

/// Up to `limit` related articles per article, best first (ties: site
/// order, i.e. newest first), each scoring at least [`FLOOR`]. Profiles
/// read back packed are unpacked first ([`Profile::unpack`]).
pub(crate) fn related(profiles: &[Profile], article_topics: &[Vec<TopicId>], limit: usize) -> Vec<Vec<ArticleId>> {
    let n = profiles.len();
    if n < 2 || limit == 0 {
        return vec![Vec::new(); n];
    }
    // A term in one article relates nothing; one in over half the site (or
    // over MAX_POSTINGS articles) relates everything. A small site still
    // indexes terms two articles share, but never one that all have.
    let cap = (n / 2).max(2).min(n - 1).min(MAX_POSTINGS) as u32;
    let df = TermStats::count(profiles, cap);
    let keys: Vec<Vec<(u32, f32)>> = profiles
        .par_iter()
        .map(|p| {
            // (dense id, or u32::MAX when not indexed; weight)
            let mut weighted: Vec<(u32, f32)> = p
                .terms
                .iter()
                .map(|&(t, tf)| {
                    let s = df.get(t);
                    (s.id, (1.0 + tf.ln()) * s.idf)
                })
                .collect();
            // Normalised by the KEY_TERMS heaviest terms of the whole
            // vector, shareable or not: sharing the one indexable word
            // of a text is not a perfect match, and a long story is
            // not penalised for its many minor words.
            let heaviest = KEY_TERMS.min(weighted.len());
            if heaviest < weighted.len() {
                weighted.select_nth_unstable_by(heaviest, |a, b| b.1.total_cmp(&a.1));
            }
            let norm = weighted[..heaviest].iter().map(|(_, w)| w * w).sum::<f32>().sqrt().max(f32::MIN_POSITIVE);
            weighted.retain(|&(id, _)| id != u32::MAX);
            weighted.iter_mut().for_each(|(_, w)| *w /= norm);
            // Heaviest first; equal weights by term id, for determinism.
            weighted.sort_unstable_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            weighted.truncate(KEY_TERMS);
            weighted
        })
        .collect();
    let terms = keys.iter().flatten().map(|&(t, _)| t as usize + 1).max().unwrap_or(0);
    // Articles by position here; ids only in the answer.
    let mut postings: Vec<Vec<(usize, f32)>> = vec![Vec::new(); terms];
    for (a, k) in keys.iter().enumerate() {
        for &(t, w) in k {
            postings[t as usize].push((a, w));
        }
    }
    (0..n)
        .into_par_iter()
        .map_init(
            // Per thread: a score per article, and which ones were touched.
            || (vec![0f32; n], Vec::new()),
            |(score, touched), me| {
                for &(t, w) in &keys[me] {
                    for &(o, wo) in &postings[t as usize] {
                        if o != me {
                            if score[o] == 0.0 {
                                touched.push(o);
                            }
                            score[o] += w * wo;
                        }
                    }
                }
                // No bonus reaches beyond this one; below the floor with
                // it, an article's topics need not be compared.
                let most_bonus = TOPIC_BONUS * article_topics[me].len() as f32;
                let mut ranked: Vec<(usize, f32)> = touched
                    .drain(..)
                    .filter_map(|o| {
                        let s = std::mem::take(&mut score[o]);
                        if s + most_bonus < FLOOR {
                            return None;
                        }
                        let s = s + TOPIC_BONUS * shared(&article_topics[me], &article_topics[o]) as f32;
                        (s >= FLOOR).then_some((o, s))
                    })
                    .collect();
                ranked.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
                ranked.into_iter().take(limit).map(|(a, _)| ArticleId::new(a)).collect()
            },
        )
        .collect()
}

/// What [`related`] needs of a term: in how many articles it is, a dense
/// id if it is worth indexing (`u32::MAX` if not) and its inverse
/// document frequency.
#[derive(Debug, Clone, Copy)]
struct TermStat {
    df: u32,
    id: u32,
    idf: f32,
    /// Where the term is first met, counting every term of every profile
    /// in order: ids go in that order, as the ties in [`related`] need.
    first: usize,
}

/// Every term's [`TermStat`], in tables split by the term's top bits, one
/// per worker: counting is most of the cost of finding related coverage
/// besides the scores, and one table would count on one core alone.
struct TermStats {
    /// Low bits of a term that tell its table: `64 - shift` of them.
    shift: u32,
    tables: Vec<FxHashMap<Term, TermStat>>,
}

impl TermStats {
    fn count(profiles: &[Profile], cap: u32) -> TermStats {
        let bits = rayon::current_num_threads().clamp(1, 64).next_power_of_two().trailing_zeros();
        let shift = 64 - bits;
        let table_of = |t: Term| table_of(t, shift);
        let starts: Vec<usize> = profiles
            .iter()
            .scan(0, |next, p| {
                let start = *next;
                *next += p.terms.len();
                Some(start)
            })
            .collect();
        let nf = profiles.len() as f32;
        let mut tables: Vec<FxHashMap<Term, TermStat>> = (0..1usize << bits)
            .into_par_iter()
            .map(|table| {
                let mut stats: FxHashMap<Term, TermStat> = FxHashMap::default();
                for (p, &start) in profiles.iter().zip(&starts) {
                    for (k, &(t, _)) in p.terms.iter().enumerate() {
                        if table_of(t) == table {
                            let new = TermStat { df: 0, id: u32::MAX, idf: 0.0, first: start + k };
                            stats.entry(t).or_insert(new).df += 1;
                        }
                    }
                }
                for s in stats.values_mut() {
                    s.idf = (nf / s.df as f32).ln();
                }
                stats
            })
            .collect();
        // Ids in the order terms are first met.
        let mut indexed: Vec<(usize, Term)> = tables
            .par_iter()
            .flat_map_iter(|stats| stats.iter().filter(|(_, s)| (2..=cap).contains(&s.df)).map(|(&t, s)| (s.first, t)))
            .collect();
        indexed.par_sort_unstable();
        for (id, &(_, t)) in indexed.iter().enumerate() {
            if let Some(s) = tables[table_of(t)].get_mut(&t) {
                s.id = id as u32;
            }
        }
        TermStats { shift, tables }
    }

    /// Of a term of one of the profiles counted.
    fn get(&self, t: Term) -> TermStat {
        let table = table_of(t, self.shift);
        self.tables[table].get(&t).copied().unwrap_or(TermStat { df: 0, id: u32::MAX, idf: 0.0, first: 0 })
    }
}

/// Which of [`TermStats`]' tables holds a term: its top `64 - shift` bits.
fn table_of(t: Term, shift: u32) -> usize {
    // With one table, no bit tells it (a shift by 64 would overflow).
    t.checked_shr(shift).unwrap_or(0) as usize
}

fn shared(a: &[TopicId], b: &[TopicId]) -> usize {
    a.iter().filter(|t| b.contains(t)).count()
}

/// Adds the first `max_words` words of `text`, and with `names` its
/// multi-word names, to `counts`. One pass over the bytes: an ASCII word
/// is lower-cased, hashed and packed for the function-word test as it is
/// read; only a word with other characters is lower-cased into a string.
fn add_words(text: &str, weight: f32, names: bool, max_words: usize, counts: &mut Counts) {
    let left_out_words = &*LEFT_OUT;
    let mut words = 0;
    let mut lower = String::new();
    // The name being read: its hash and how many words it has.
    let mut name: (u64, usize) = (NAME_SEED, 0);
    let end_name = |name: &mut (u64, usize), counts: &mut Counts| {
        if name.1 >= 2 {
            counts.add(finish(name.0), weight * NAME_WEIGHT);
        }
        *name = (NAME_SEED, 0);
    };
    // The word being read: where it starts, whether it is all ASCII (and
    // then its lower-case FNV state and first 8 lower-case bytes) and all
    // digits.
    let mut word_start = None;
    let (mut ascii, mut digits, mut fnv, mut packed) = (true, true, FNV_OFFSET, [0u8; 8]);
    let mut gap_ok = true;
    // Characters decoded only past ASCII; the end of the text ends the
    // last word and name like a full stop.
    let bytes = text.as_bytes();
    let mut i = 0;
    loop {
        let (alphanumeric, space, len) = match bytes.get(i) {
            None => (false, false, 0),
            Some(&b) if b.is_ascii() => {
                if WORD_BYTES[usize::from(b)] != 0 {
                    let start = *word_start.get_or_insert_with(|| {
                        (ascii, digits, fnv) = (true, true, FNV_OFFSET);
                        i
                    });
                    // The rest of the ASCII run in one tight loop, a table
                    // look-up a byte (every byte of the words read is here).
                    let (mut h, mut d) = (fnv, digits);
                    while let Some(&c) = bytes.get(i) {
                        let l = WORD_BYTES[usize::from(c)];
                        if l == 0 {
                            break;
                        }
                        h = (h ^ u64::from(l)).wrapping_mul(PRIME);
                        if let Some(slot) = packed.get_mut(i - start) {
                            *slot = l;
                        }
                        // Digits are below every lower-case letter.
                        d &= l <= b'9';
                        i += 1;
                    }
                    (fnv, digits) = (h, d);
                    continue;
                }
                (false, b == b' ', 1)
            }
            Some(_) => match text.get(i..).and_then(|t| t.chars().next()) {
                Some(c) => (c.is_alphanumeric(), false, c.len_utf8()),
                None => break,
            },
        };
        if alphanumeric {
            word_start.get_or_insert(i);
            (ascii, digits) = (false, false);
            i += len;
            continue;
        }
        if let Some(start) = word_start.take() {
            words += 1;
            if words > max_words {
                break;
            }
            let (h, capital, function, counted) = if ascii {
                let n = i - start;
                let function = n <= packed.len() && is_stopword_bytes(&packed[..n]);
                (finish(fnv), bytes[start].is_ascii_uppercase(), function, n >= 2 && !digits)
            } else {
                let word = &text[start..i];
                lower.clear();
                lower.extend(word.chars().flat_map(char::to_lowercase));
                let counted = lower.chars().nth(1).is_some() && !lower.bytes().all(|b| b.is_ascii_digit());
                let capital = word.chars().next().is_some_and(char::is_uppercase);
                (hash(lower.as_bytes()), capital, is_stopword(&lower), counted)
            };
            let left_out = left_out_words.get(h);
            let office = left_out == Some(LeftOut::Office);
            if counted && left_out.is_none() && !function {
                counts.add(h, weight);
            }
            if names {
                // Not NEWS_WORDS: "New" begins "New Delhi". A capital at a
                // sentence start may begin a name ("North Korea said"), but
                // a function word ("The") may only continue one ("Kim Jong
                // Un"). A name continues over spaces only.
                let name_word = capital && !office && (!function || (name.1 > 0 && gap_ok));
                if name_word && gap_ok {
                    name = (name.0.wrapping_mul(PRIME) ^ h, name.1 + 1);
                } else {
                    end_name(&mut name, counts);
                    if name_word {
                        name = (NAME_SEED.wrapping_mul(PRIME) ^ h, 1);
                    }
                }
            }
            gap_ok = true;
        }
        if !space {
            gap_ok = false;
        }
        if len == 0 {
            break;
        }
        i += len;
    }
    end_name(&mut name, counts);
}

/// Each ASCII letter or digit lower-cased; 0 for every other byte.
static WORD_BYTES: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 128 {
        if (b as u8).is_ascii_alphanumeric() {
            t[b] = (b as u8).to_ascii_lowercase();
        }
        b += 1;
    }
    t
};

/// A map from terms, open-addressed on the term itself (already a
/// well-mixed hash): every word of the site goes through one, and a
/// general hash map's hashing and probing were most of the word's cost.
#[derive(Debug, Clone)]
struct TermTable<V> {
    slots: Vec<Option<(Term, V)>>,
    len: usize,
}

impl<V: Copy> TermTable<V> {
    /// `slots` is a power of two.
    fn with_slots(slots: usize) -> TermTable<V> {
        TermTable { slots: vec![None; slots], len: 0 }
    }

    fn index(&self, t: Term) -> usize {
        t as usize & (self.slots.len() - 1)
    }

    fn get(&self, t: Term) -> Option<V> {
        let mut i = self.index(t);
        loop {
            match self.slots[i] {
                None => return None,
                Some((k, v)) if k == t => return Some(v),
                Some(_) => i = (i + 1) & (self.slots.len() - 1),
            }
        }
    }

    /// The value of `t`, inserted as `new` if missing; kept at most half
    /// full, so that probes stay short.
    fn entry(&mut self, t: Term, new: V) -> &mut V {
        if (self.len + 1) * 2 > self.slots.len() {
            let grown = vec![None; self.slots.len() * 2];
            let old = std::mem::replace(&mut self.slots, grown);
            self.len = 0;
            for (k, v) in old.into_iter().flatten() {
                self.insert(k, v);
            }
        }
        let mut i = self.index(t);
        while self.slots[i].is_some_and(|(k, _)| k != t) {
            i = (i + 1) & (self.slots.len() - 1);
        }
        let slot = &mut self.slots[i];
        if slot.is_none() {
            self.len += 1;
        }
        &mut slot.get_or_insert((t, new)).1
    }

    fn insert(&mut self, t: Term, v: V) {
        *self.entry(t, v) = v;
    }
}

/// An article's term counts as its words are read.
#[derive(Debug)]
struct Counts(TermTable<f32>);

impl Default for Counts {
    fn default() -> Counts {
        // Room for the title, summary and BODY_WORDS words without growing.
        Counts(TermTable::with_slots(1024))
    }
}

impl Counts {
    fn add(&mut self, t: Term, weight: f32) {
        *self.0.entry(t, 0.0) += weight;
    }

    /// Sorted by term.
    fn into_sorted(self) -> Vec<(Term, f32)> {
        let mut terms: Vec<(Term, f32)> = self.0.slots.into_iter().flatten().collect();
        terms.sort_unstable_by_key(|&(t, _)| t);
        terms
    }
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const NAME_SEED: u64 = 0x9e37_79b9_7f4a_7c15;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a, then a mix: stable across runs, platforms and Rust releases.
fn hash(bytes: &[u8]) -> u64 {
    let mut h: u64 = FNV_OFFSET;
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(PRIME);
    }
    finish(h)
}

fn finish(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str) -> FxHashMap<Term, f32> {
        let mut counts = Counts::default();
        add_words(text, 1.0, true, usize::MAX, &mut counts);
        counts.into_sorted().into_iter().collect()
    }

    fn name(words: &[&str]) -> Term {
        finish(words.iter().fold(NAME_SEED, |h, w| h.wrapping_mul(PRIME) ^ hash(w.as_bytes())))
    }

    #[test]
    fn words_are_lower_cased_and_function_words_left_out() {
        let t = terms("The Kremlin said the kremlin had met.");
        assert_eq!(t.get(&hash(b"kremlin")), Some(&2.0));
        assert!(!t.contains_key(&hash(b"the")));
        assert!(!t.contains_key(&hash(b"said")));
    }

    #[test]
    fn multi_word_names_are_terms_titles_and_months_are_not_part_of_them() {
        let t = terms("Russian President Vladimir Putin met Kim Jong Un in September, North Korea said.");
        assert!(t.contains_key(&name(&["vladimir", "putin"])), "vladimir putin");
        assert!(t.contains_key(&name(&["kim", "jong", "un"])), "kim jong un");
        assert!(t.contains_key(&name(&["north", "korea"])), "north korea");
        assert!(!t.contains_key(&name(&["president", "vladimir", "putin"])));
        assert!(!t.contains_key(&name(&["russian", "president"])));
        // A comma ends a name.
        let t = terms("Moscow, Pyongyang");
        assert!(!t.contains_key(&name(&["moscow", "pyongyang"])));
    }

    #[test]
    fn counts_grow_past_their_first_table_and_keep_every_term() {
        // Far more distinct words than the table first has room for.
        let words: Vec<String> = (0..3000).map(|i| format!("w{i}x")).collect();
        let text = format!("{} {}", words.join(" "), words[..10].join(" "));
        let t = terms(&text);
        assert_eq!(t.len(), words.len());
        assert_eq!(t.get(&hash(b"w5x")), Some(&2.0));
        assert_eq!(t.get(&hash(b"w2999x")), Some(&1.0));
        // A word with characters past ASCII is lower-cased like the rest.
        assert_eq!(terms("Émile ÉMILE émile").get(&hash("émile".as_bytes())), Some(&3.0));
    }

    fn positions(related: Vec<Vec<ArticleId>>) -> Vec<Vec<usize>> {
        related.into_iter().map(|r| r.into_iter().map(Id::index).collect()).collect()
    }

    fn p(text: &str) -> Profile {
        let mut terms: Vec<(Term, f32)> = terms(text).into_iter().collect();
        terms.sort_unstable_by_key(|&(t, _)| t);
        Profile { terms, kept: None }
    }

    #[test]
    fn shared_rare_terms_relate_and_a_floor_keeps_the_rest_out() {
        let profiles = vec![
            p("Vladivostok summit: Zhukov and Lavrenko met over artillery shells."),
            p("Zhukov and Lavrenko left Vladivostok; the artillery deal stands."),
            p("Coffee prices rose in March as drought hit Brazil."),
            p("Grain exports fell in March, the ministry said."),
            p("Chip exports were curbed in March."),
        ];
        let topics = vec![vec![]; 5];
        let related = positions(related(&profiles, &topics, 3));
        assert_eq!(related[0], vec![1]);
        assert_eq!(related[1], vec![0]);
        assert!(related[2].is_empty(), "{:?}", related[2]);
    }

    #[test]
    fn packed_terms_unpack_to_the_same_terms_and_a_wrong_length_is_refused() {
        let counted = p("Zhukov met Lavrenko in Vladivostok; Émile and the Kremlin.");
        let packed = counted.pack();
        assert_eq!(counted.hash(), crate::cache::hash::of_bytes(&packed));
        assert_eq!(unpacked(&packed), Some(counted.terms.clone()));
        assert_eq!(unpacked(&packed[..packed.len() - 1]), None);
    }

    #[test]
    fn the_key_changes_with_any_term_weight_topic_or_limit() {
        let profiles = vec![p("Zhukov met Lavrenko."), p("Coffee prices rose.")];
        let topics = vec![vec![], vec![TopicId::new(0)]];
        let k = key(&profiles, &topics, 5);
        assert_eq!(k, key(&profiles.clone(), &topics.clone(), 5));
        assert_ne!(k, key(&[p("Zhukov met Lavrenko."), p("Coffee prices fell.")], &topics, 5));
        assert_ne!(k, key(&[p("Zhukov met Lavrenko Lavrenko."), p("Coffee prices rose.")], &topics, 5));
        assert_ne!(k, key(&profiles, &[vec![], vec![TopicId::new(1)]], 5));
        assert_ne!(k, key(&profiles, &topics, 4));
        assert_ne!(k, key(&[profiles[1].clone(), profiles[0].clone()], &[topics[1].clone(), topics[0].clone()], 5));
    }

    #[test]
    fn a_small_site_relates_too_and_nothing_panics() {
        let profiles = vec![
            p("Zhukov and Lavrenko met in Vladivostok."),
            p("Coffee prices rose."),
            p("Lavrenko and Zhukov left Vladivostok."),
        ];
        assert_eq!(positions(related(&profiles, &[vec![], vec![], vec![]], 5)), vec![vec![2], vec![], vec![0]]);
        assert_eq!(positions(related(&[p("Alone.")], &[vec![]], 5)), vec![Vec::<usize>::new()]);
        assert_eq!(positions(related(&[p(""), p("")], &[vec![], vec![]], 5)), vec![Vec::<usize>::new(); 2]);
    }
}
