//! Front matter as editors write it. `deny_unknown_fields` everywhere: a typo
//! in a key is an error, not a silently ignored field.

use serde::{Deserialize, Deserializer};

use crate::error::Diagnostic;
use crate::load::Document;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ArticleMatter {
    pub title: Option<String>,
    pub source: Option<String>,
    pub source_url: Option<String>,
    pub published: Option<String>,
    pub retrieved: Option<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub authors: Vec<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub topics: Vec<String>,
    pub summary: Option<String>,
    #[serde(default)]
    pub figures: Vec<FigureMatter>,
    #[serde(default)]
    pub draft: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FigureMatter {
    pub src: Option<String>,
    pub alt: Option<String>,
    pub caption: Option<String>,
    pub credit: Option<String>,
    /// Shown after this many paragraphs of the body (0: before it).
    pub after_paragraph: Option<usize>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    #[serde(default)]
    pub weight: i64,
    #[serde(rename = "match")]
    pub rules: Option<crate::rules::RulesMatter>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteMatter {
    pub title: Option<String>,
    pub date: Option<String>,
    pub author: Option<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    pub about: Vec<String>,
    #[serde(default)]
    pub draft: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EditionMatter {
    pub title: Option<String>,
}

/// Parses a document's front matter, turning YAML errors into diagnostics
/// with the line in the file (not in the front matter).
pub fn parse<T: serde::de::DeserializeOwned>(doc: &Document) -> Result<T, Diagnostic> {
    let yaml = if doc.front_matter.trim().is_empty() { "{}" } else { doc.front_matter.as_str() };
    serde_yaml::from_str(yaml).map_err(|e| yaml_error(doc, &e))
}

pub fn yaml_error(doc: &Document, e: &serde_yaml::Error) -> Diagnostic {
    let to_file_line = |l: usize| doc.front_matter_line + l.saturating_sub(1);
    let (message, lines) = file_lines_in(&e.to_string(), to_file_line);
    // libyaml adds the construct it was reading ("while scanning a quoted
    // scalar at line 2"): where it starts is where the fix is.
    let line = lines.last().copied().or_else(|| e.location().map(|l| to_file_line(l.line())));
    let hint = if message.contains("unknown field") {
        "check the spelling of the field; the allowed fields are listed above"
    } else if message.contains("quoted scalar") {
        "a quoted value is never closed: add the closing quote"
    } else {
        "check the YAML syntax: `key: value`, quote values that contain `: ` or start with a quote or `[`"
    };
    Diagnostic::new(&doc.path, line, format!("front matter: {message}")).hint(hint)
}

/// Rewrites libyaml's "at line L column C" (counted from the front matter)
/// into lines of the file, returning the new message and those lines.
fn file_lines_in(message: &str, to_file_line: impl Fn(usize) -> usize) -> (String, Vec<usize>) {
    const MARK: &str = " at line ";
    let mut out = String::with_capacity(message.len());
    let mut lines = Vec::new();
    let mut rest = message;
    while let Some(i) = rest.find(MARK) {
        out.push_str(&rest[..i]);
        let after = &rest[i + MARK.len()..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let Ok(n) = after[..digits].parse::<usize>() else {
            out.push_str(MARK);
            rest = after;
            continue;
        };
        let line = to_file_line(n);
        lines.push(line);
        out.push_str(&format!(" at line {line}"));
        rest = &after[digits..];
    }
    out.push_str(rest);
    (out, lines)
}

/// Accepts `authors: "A"` as well as `authors: [A, B]`.
fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
        Nothing(()),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(s) => vec![s],
        OneOrMany::Many(v) => v,
        OneOrMany::Nothing(()) => Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn yaml_lines_become_file_lines() {
        let (m, lines) =
            super::file_lines_in("found end at line 3 column 1, while scanning at line 1 column 8", |l| l + 1);
        assert_eq!(m, "found end at line 4 column 1, while scanning at line 2 column 8");
        assert_eq!(lines, vec![4, 2]);
    }
}
