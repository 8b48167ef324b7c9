//! Topic rules: which articles a topic claims when they carry no explicit
//! `topics`. Terms are words or phrases matched on word boundaries; a term
//! word written with a capital (a name) must match exactly, a lower-case
//! word matches in any case. Diacritics and curly quotes are normalised, so
//! "Russia’s" contains "Russia" and "Zürich" matches "Zurich".

use std::collections::HashMap;

use serde::Deserialize;
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// `match:` as written in a topic's front matter.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RulesMatter {
    /// Groups of terms; every group needs one of its terms.
    #[serde(default)]
    pub all: Vec<Vec<String>>,
    /// At least one of these terms.
    #[serde(default)]
    pub any: Vec<String>,
    /// None of these terms.
    #[serde(default)]
    pub none: Vec<String>,
    /// Mentions of the positive terms needed in all (default 1): weak terms
    /// mentioned once in passing do not file an article.
    pub min_mentions: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub text: String,
    words: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rules {
    pub all: Vec<Vec<Term>>,
    pub any: Vec<Term>,
    pub none: Vec<Term>,
    pub min_mentions: usize,
}

impl Rules {
    /// Validates the rules; `Err` names the offending term or key.
    pub(crate) fn from_matter(m: RulesMatter) -> Result<Rules, String> {
        let term = |t: String| Term::new(&t).ok_or_else(|| format!("match term \"{t}\" has no words"));
        let all = m
            .all
            .into_iter()
            .map(|g| {
                if g.is_empty() {
                    Err("`match.all` has an empty group".to_string())
                } else {
                    g.into_iter().map(term).collect()
                }
            })
            .collect::<Result<Vec<_>, _>>()?;
        let any = m.any.into_iter().map(term).collect::<Result<Vec<_>, _>>()?;
        let none = m.none.into_iter().map(term).collect::<Result<Vec<_>, _>>()?;
        if all.is_empty() && any.is_empty() {
            return Err("`match` needs `all` or `any` terms".to_string());
        }
        Ok(Rules { all, any, none, min_mentions: m.min_mentions.unwrap_or(1).max(1) })
    }
}

impl Term {
    pub(crate) fn new(text: &str) -> Option<Term> {
        let words: Vec<String> = words_of(&normalise(text)).map(str::to_string).collect();
        (!words.is_empty()).then(|| Term { text: text.trim().to_string(), words })
    }
}

/// Where in an article a term was found.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Mentions {
    pub title: usize,
    pub summary: usize,
    pub body: usize,
}

impl Mentions {
    pub(crate) fn total(&self) -> usize {
        self.title + self.summary + self.body
    }
}

/// An article's text, split into words once for every topic's rules.
#[derive(Debug, Clone, Default)]
pub(crate) struct Searchable {
    parts: [Words; 3],
}

#[derive(Debug, Clone, Default)]
struct Words {
    words: Vec<String>,
    /// Lower-cased word → positions.
    index: HashMap<String, Vec<usize>>,
}

impl Words {
    fn new(text: &str) -> Words {
        let normal = normalise(text);
        let words: Vec<String> = words_of(&normal).map(str::to_string).collect();
        let mut index: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, w) in words.iter().enumerate() {
            index.entry(w.to_lowercase()).or_default().push(i);
        }
        Words { words, index }
    }

    fn count(&self, term: &Term) -> usize {
        let Some(first) = term.words.first() else { return 0 };
        let Some(starts) = self.index.get(&first.to_lowercase()) else { return 0 };
        starts
            .iter()
            .filter(|&&s| {
                term.words.iter().enumerate().all(|(k, tw)| self.words.get(s + k).is_some_and(|w| word_matches(tw, w)))
            })
            .count()
    }
}

impl Searchable {
    pub(crate) fn new(title: &str, summary: &str, body: &str) -> Searchable {
        Searchable { parts: [Words::new(title), Words::new(summary), Words::new(body)] }
    }

    pub(crate) fn mentions(&self, term: &Term) -> Mentions {
        Mentions {
            title: self.parts[0].count(term),
            summary: self.parts[1].count(term),
            body: self.parts[2].count(term),
        }
    }
}

/// The outcome of one topic's rules on one article, with the evidence.
#[derive(Debug, Clone)]
pub(crate) struct Verdict {
    pub matched: bool,
    /// Per `all` group: each term with its mentions.
    pub all: Vec<Vec<(String, Mentions)>>,
    pub any: Vec<(String, Mentions)>,
    pub none: Vec<(String, Mentions)>,
    pub mentions: usize,
    /// Why it did not match, one reason per failed rule.
    pub failures: Vec<String>,
}

pub(crate) fn evaluate(rules: &Rules, text: &Searchable) -> Verdict {
    let count = |terms: &[Term]| terms.iter().map(|t| (t.text.clone(), text.mentions(t))).collect::<Vec<_>>();
    let all: Vec<Vec<(String, Mentions)>> = rules.all.iter().map(|g| count(g)).collect();
    let any = count(&rules.any);
    let none = count(&rules.none);
    let found = |list: &[(String, Mentions)]| {
        list.iter().filter(|(_, m)| m.total() > 0).map(|(t, _)| t.clone()).collect::<Vec<_>>()
    };
    let mut failures = Vec::new();
    for (group, terms) in all.iter().enumerate() {
        if found(terms).is_empty() {
            let names: Vec<&str> = terms.iter().map(|(t, _)| t.as_str()).collect();
            failures.push(format!("all[{}]: none of {} occurs", group + 1, names.join(", ")));
        }
    }
    if !any.is_empty() && found(&any).is_empty() {
        failures.push("any: none of the terms occurs".to_string());
    }
    let excluded = found(&none);
    if !excluded.is_empty() {
        failures.push(format!("none: {} occurs", excluded.join(", ")));
    }
    let mentions: usize = all.iter().flatten().chain(&any).map(|(_, m)| m.total()).sum();
    if failures.is_empty() && mentions < rules.min_mentions {
        failures.push(format!("min_mentions: {mentions} mentions, {} needed", rules.min_mentions));
    }
    Verdict { matched: failures.is_empty(), all, any, none, mentions, failures }
}

/// Compatibility decomposition without combining marks, with typographic
/// apostrophes and quotes made plain.
pub(crate) fn normalise(text: &str) -> String {
    text.nfkd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{02BC}' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            c => c,
        })
        .collect()
}

fn words_of(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty())
}

/// A term word with a capital must match exactly; a lower-case one
/// matches in any case.
fn word_matches(term_word: &str, word: &str) -> bool {
    if term_word.chars().any(char::is_uppercase) {
        term_word == word
    } else {
        term_word == word.to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(all: &[&[&str]], none: &[&str]) -> Rules {
        Rules::from_matter(RulesMatter {
            all: all.iter().map(|g| g.iter().map(|s| s.to_string()).collect()).collect(),
            none: none.iter().map(|s| s.to_string()).collect(),
            ..Default::default()
        })
        .unwrap()
    }

    fn matches(r: &Rules, body: &str) -> bool {
        evaluate(r, &Searchable::new("", "", body)).matched
    }

    #[test]
    fn all_groups_must_each_match() {
        let r = rules(
            &[&["Russia", "Moscow", "Kremlin", "Putin"], &["North Korea", "DPRK", "Pyongyang", "Kim Jong Un"]],
            &[],
        );
        assert!(matches(&r, "Kim Jong Un travelled to Moscow."));
        assert!(matches(&r, "Russia’s envoy left Pyongyang."));
        assert!(!matches(&r, "Moscow and Beijing signed a deal."));
        assert!(!matches(&r, "North Korean media said nothing."), "North Korean is not North Korea");
    }

    #[test]
    fn names_are_exact_common_words_are_not() {
        let r = rules(&[&["Turkey"]], &[]);
        assert!(!matches(&r, "A roast turkey for dinner."));
        assert!(matches(&r, "Turkey's president spoke."));
        let r = rules(&[&["interest rates"]], &[]);
        assert!(matches(&r, "Interest Rates rose."));
        assert!(!matches(&r, "interesting rates"));
    }

    #[test]
    fn diacritics_and_quotes_are_normalised() {
        let r = rules(&[&["Zurich"]], &[]);
        assert!(matches(&r, "Talks in Zürich ended."));
        let r = rules(&[&["Kim's"]], &[]);
        assert!(matches(&r, "Kim’s train arrived."));
    }

    #[test]
    fn none_and_min_mentions_exclude() {
        let r = rules(&[&["grain"]], &["football"]);
        assert!(!matches(&r, "grain and football"));
        let mut r = rules(&[&["grain", "wheat"]], &[]);
        r.min_mentions = 3;
        let v = evaluate(&r, &Searchable::new("Grain deal", "", "wheat prices; more wheat"));
        assert!(v.matched, "{:?}", v.failures);
        assert_eq!(v.mentions, 3);
        assert!(!matches(&r, "grain once"));
    }

    #[test]
    fn mentions_are_counted_where_they_are() {
        let t = Term::new("Putin").unwrap();
        let s = Searchable::new("Putin meets Kim", "Putin and Kim.", "Putin said. Putin left.");
        assert_eq!(s.mentions(&t), Mentions { title: 1, summary: 1, body: 2 });
    }
}
