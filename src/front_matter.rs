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
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    #[serde(default)]
    pub weight: i64,
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
    let yaml = if doc.front_matter.trim().is_empty() {
        "{}"
    } else {
        doc.front_matter.as_str()
    };
    serde_yaml::from_str(yaml).map_err(|e| yaml_error(doc, &e))
}

pub fn yaml_error(doc: &Document, e: &serde_yaml::Error) -> Diagnostic {
    let line = e
        .location()
        .map(|l| doc.front_matter_line + l.line().saturating_sub(1));
    let message = e.to_string();
    // serde_yaml appends " at line L column C", which counts from the front
    // matter; the diagnostic carries the file's line instead.
    let message = match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    };
    let hint = if message.contains("unknown field") {
        "check the spelling of the field; the allowed fields are listed above"
    } else {
        "check the YAML syntax: `key: value`, quote values that contain `: ` or start with a quote or `[`"
    };
    Diagnostic::new(&doc.path, line, format!("front matter: {message}")).hint(hint)
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
