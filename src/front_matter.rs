//! Front matter as editors write it. `deny_unknown_fields` everywhere: a typo
//! in a key is an error, not a silently ignored field.

use serde::{Deserialize, Deserializer};

use crate::error::Diagnostic;
use crate::load::Document;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
/// An article's front matter (or a raw article's sidecar) as written: unknown keys are errors.
pub struct ArticleMatter {
    /// The headline.
    pub title: Option<String>,
    /// The credit: the outlet, or agency, that published it.
    pub source: Option<String>,
    /// The original article's address.
    pub source_url: Option<String>,
    /// When the source published it (a date, or a date and time).
    pub published: Option<String>,
    /// When it was collected.
    pub retrieved: Option<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    /// One name or a list.
    pub authors: Vec<String>,
    #[serde(default, deserialize_with = "one_or_many")]
    /// Topic slugs, one or a list.
    pub topics: Vec<String>,
    /// Shown in listings; else the first paragraph.
    pub summary: Option<String>,
    #[serde(default)]
    /// Photos with their captions and credits.
    pub figures: Vec<FigureMatter>,
    #[serde(default)]
    /// Left out of builds unless asked for.
    pub draft: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
/// One figure as written.
pub struct FigureMatter {
    /// An http(s) URL or a path under `static/`.
    pub src: Option<String>,
    /// Text for readers who cannot see the image.
    pub alt: Option<String>,
    /// What the photo shows.
    pub caption: Option<String>,
    /// The photographer or agency.
    pub credit: Option<String>,
    /// Shown after this many paragraphs of the body (0: before it).
    pub after_paragraph: Option<usize>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct TopicMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    #[serde(default)]
    pub weight: i64,
    #[serde(rename = "match")]
    pub rules: Option<crate::rules::RulesMatter>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NoteMatter {
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
pub(crate) struct EditionMatter {
    pub title: Option<String>,
}

/// Parses a document's front matter, turning YAML errors into diagnostics
/// with the line in the file (not in the front matter).
pub fn parse<T: serde::de::DeserializeOwned>(doc: &Document) -> Result<T, Diagnostic> {
    check_depth(doc)?;
    let yaml = if doc.front_matter.trim().is_empty() { "{}" } else { doc.front_matter.as_str() };
    serde_yaml::from_str(yaml).map_err(|e| yaml_error(doc, &e))
}

/// An article's front matter: [`parse`], with front matter of the plainest
/// form read without the YAML parser (its run was 5% of a full build's
/// instructions at 10,000 articles): the same fields either way.
pub(crate) fn parse_article(doc: &Document) -> Result<ArticleMatter, Diagnostic> {
    // Plain front matter nests one flow list at most: never too deep.
    match plain_article(&doc.front_matter) {
        Some(matter) => Ok(matter),
        None => parse(doc),
    }
}

/// Front matter in which every line is `key: value` for a field of its
/// own, each value of a form YAML reads one way only: a double-quoted text
/// with nothing to unescape or fold, a date (and time) written plainly, a
/// flow list of those or of plain slugs, or `true`/`false` for `draft`.
/// `None` for anything else, errors included: the YAML parser decides.
fn plain_article(yaml: &str) -> Option<ArticleMatter> {
    let mut matter = ArticleMatter::default();
    let mut seen = Vec::new();
    for line in yaml.lines().filter(|l| !l.is_empty()) {
        let (key, value) = line.split_once(": ")?;
        if seen.contains(&key) {
            return None;
        }
        seen.push(key);
        let text = || plain_text(value).map(str::to_string);
        match key {
            "title" => matter.title = Some(text()?),
            "source" => matter.source = Some(text()?),
            "source_url" => matter.source_url = Some(text()?),
            "published" => matter.published = Some(text()?),
            "retrieved" => matter.retrieved = Some(text()?),
            "summary" => matter.summary = Some(text()?),
            "authors" => matter.authors = plain_list(value)?,
            "topics" => matter.topics = plain_list(value)?,
            "draft" => matter.draft = value.parse().ok()?,
            _ => return None,
        }
    }
    Some(matter)
}

/// `"text"` with no quote, backslash, control character or YAML line
/// break inside; or a date such as `2024-03-01` or `2024-03-01T08:00:00Z`.
fn plain_text(value: &str) -> Option<&str> {
    if let Some(inner) = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
        let unsure = |c: char| {
            matches!(c, '"' | '\\' | '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}') || c.is_control()
        };
        return (!inner.contains(unsure)).then_some(inner);
    }
    let b = value.as_bytes();
    let date = b.len() >= 10
        && b[..10].iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() })
        && b[10..].iter().all(|c| c.is_ascii_digit() || b":.TZ+-".contains(c))
        && !value.ends_with(':');
    date.then_some(value)
}

/// `[a, b]`: each item [`plain_text`] or a slug of lower-case letters,
/// digits and hyphens that YAML cannot take for anything but text.
fn plain_list(value: &str) -> Option<Vec<String>> {
    let inner = value.strip_prefix('[')?.strip_suffix(']')?;
    if inner.is_empty() {
        return Some(Vec::new());
    }
    let slug = |s: &str| {
        s.starts_with(|c: char| c.is_ascii_lowercase())
            && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !matches!(s, "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null")
    };
    inner
        .split(", ")
        .map(|item| match item.starts_with('"') {
            true => plain_text(item).map(str::to_string),
            false => slug(item).then(|| item.to_string()),
        })
        .collect()
}

/// Deepest `[`/`{` nesting front matter may use. The YAML parser's time
/// grows with the square of the depth (200,000 `[` ran for minutes), and no
/// field of ours nests more than two deep.
const MAX_FLOW_DEPTH: usize = 32;

/// Refuses front matter nested deeper than any field needs, before the
/// YAML parser sees it, at the line where it gets too deep.
pub(crate) fn check_depth(doc: &Document) -> Result<(), Diagnostic> {
    let (mut depth, mut quote, mut line) = (0usize, None, doc.front_matter_line);
    // A quote opens a quoted scalar only where a value starts: the
    // apostrophe of `title: Russia's` is text.
    let mut value_starts = true;
    for c in doc.front_matter.chars() {
        if c == '\n' {
            line += 1;
        }
        let starts = value_starts;
        if !c.is_whitespace() {
            value_starts = matches!(c, ':' | '[' | '{' | ',' | '-');
        } else if c == '\n' {
            value_starts = true;
        }
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') if starts => quote = Some(c),
            (None, '[' | '{') => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Err(Diagnostic::new(
                        &doc.path,
                        Some(line),
                        "front matter: lists or maps are nested too deeply",
                    )
                    .hint(format!("no field needs more than a few levels; this goes past {MAX_FLOW_DEPTH}")));
                }
            }
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(())
}

pub(crate) fn yaml_error(doc: &Document, e: &serde_yaml::Error) -> Diagnostic {
    let to_file_line = |l: usize| doc.front_matter_line + yaml_line_to_line(&doc.front_matter, l).saturating_sub(1);
    let (message, lines) = file_lines_in(&e.to_string(), to_file_line);
    // libyaml adds the construct it was reading ("while scanning a quoted
    // scalar at line 2"): where it starts is where the fix is, but for a
    // block list or map it is the line that broke it.
    let construct = if message.contains("while parsing a block") { lines.first() } else { lines.last() };
    let line = duplicate_line(doc, &message, lines.last().copied())
        .or_else(|| control_character_line(doc, &message))
        .or_else(|| construct.copied())
        .or_else(|| field_line(doc, &message))
        .or_else(|| e.location().map(|l| to_file_line(l.line())))
        .or_else(|| alias_line(doc, &message))
        .or_else(|| second_document_line(doc, &message))
        // Whatever else has no place is at least in the front matter.
        .or(Some(doc.front_matter_line));
    // A value given through an alias is reported where its anchor is: the
    // field that uses it comes later.
    let line = match (line, field_line(doc, &message)) {
        (Some(at), Some(field)) if at < field => Some(field),
        (line, _) => line,
    };
    let field = message.split_once(": ").map_or("", |(f, _)| f.split(['.', '[']).next().unwrap_or(f));
    let hint = if message.contains("unknown field") {
        "check the spelling of the field; the allowed fields are listed above"
    } else if message.contains("quoted scalar") {
        "a quoted value is never closed: add the closing quote"
    } else if message.contains("duplicate field") {
        "a field is given twice: keep one of them"
    } else if message.contains("control characters") {
        "remove the invisible control character from this line"
    } else if message.contains("recursion limit") || message.contains("repetition limit") {
        "YAML aliases (`*name`) expand too far: write the values out"
    } else {
        match field {
            "topics" => "`topics` is a list of topic slugs: `topics: [russia-north-korea-relations]`",
            "authors" => "`authors` is a list of names: `authors: [\"Jane Doe\", \"John Roe\"]`",
            "about" => "`about` lists what the note is about: `about: [articles/SLUG, topics/SLUG]`",
            _ => "check the YAML syntax: `key: value`, quote values that contain `: ` or start with a quote or `[`",
        }
    };
    Diagnostic::new(&doc.path, line, format!("front matter: {message}")).hint(hint)
}

/// libyaml counts NEL, LS and PS (U+0085, U+2028, U+2029) and a lone CR
/// as line breaks; the file's lines are counted by `\n` alone. The 1-based
/// front-matter line of libyaml's 1-based `line`.
fn yaml_line_to_line(front_matter: &str, line: usize) -> usize {
    let mut yaml_line = 1;
    let mut file_line = 1;
    let mut chars = front_matter.chars().peekable();
    while yaml_line < line {
        let Some(c) = chars.next() else { break };
        match c {
            '\n' => {
                yaml_line += 1;
                file_line += 1;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => yaml_line += 1,
            _ => {}
        }
    }
    file_line
}

/// "duplicate field `title`": the second `title:` is the one to remove. In
/// a nested map ("figures[0]: duplicate field `alt` at line 5"), the second
/// one from the line where that map starts.
fn duplicate_line(doc: &Document, message: &str, reported: Option<usize>) -> Option<usize> {
    let key = message.split("duplicate field `").nth(1)?.split('`').next()?;
    if !message.starts_with("duplicate field") {
        let from = reported?.checked_sub(doc.front_matter_line)?;
        let sets_key = |l: &str| {
            let l = l.trim_start().trim_start_matches("- ").trim_start();
            l.strip_prefix(key).is_some_and(|r| r.trim_start().starts_with(':'))
        };
        let mut lines = doc.front_matter.lines().enumerate().skip(from).filter(|(_, l)| sets_key(l));
        return lines.nth(1).map(|(i, _)| doc.front_matter_line + i);
    }
    top_level_key_lines(doc, key).nth(1)
}

/// libyaml reports a control character by its position only.
fn control_character_line(doc: &Document, message: &str) -> Option<usize> {
    if !message.contains("control characters are not allowed") {
        return None;
    }
    let bad = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{85}');
    doc.front_matter.lines().position(|l| l.contains(bad)).map(|i| doc.front_matter_line + i)
}

/// Aliases that expand too far ("billion laughs") come with no position:
/// the first alias is where the expansion starts.
fn alias_line(doc: &Document, message: &str) -> Option<usize> {
    if !message.contains("repetition limit") && !message.contains("recursion limit") {
        return None;
    }
    let is_alias = |l: &str| {
        l.match_indices('*').any(|(i, _)| {
            let before = l[..i].chars().next_back();
            let after = l[i + 1..].chars().next();
            before.is_none_or(|c| c.is_whitespace() || "[,{:-".contains(c)) && after.is_some_and(char::is_alphanumeric)
        })
    };
    doc.front_matter.lines().position(is_alias).map(|i| doc.front_matter_line + i)
}

/// A `---` or `...` inside the front matter starts another YAML document.
fn second_document_line(doc: &Document, message: &str) -> Option<usize> {
    if !message.contains("more than one document") {
        return None;
    }
    let starts = |l: &str| l.starts_with("---") || l.starts_with("...");
    doc.front_matter.lines().position(starts).map(|i| doc.front_matter_line + i)
}

/// "topics: invalid type: …": the line of the field the message names.
fn field_line(doc: &Document, message: &str) -> Option<usize> {
    let key = message.split_once(": ")?.0.split(['.', '[']).next()?;
    top_level_key_lines(doc, key).next()
}

fn top_level_key_lines<'a>(doc: &'a Document, key: &'a str) -> impl Iterator<Item = usize> + 'a {
    doc.front_matter
        .lines()
        .enumerate()
        .filter(move |(_, l)| l.strip_prefix(key).is_some_and(|r| r.trim_start().starts_with(':')))
        .map(|(i, _)| doc.front_matter_line + i)
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

/// Accepts `authors: "A"` as well as `authors: [A, B]`. A visitor rather
/// than an untagged enum: serde's untagged error ("did not match any
/// variant") says neither what was expected nor where.
fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    struct OneOrMany;
    impl<'de> serde::de::Visitor<'de> for OneOrMany {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a text or a list of texts")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(vec![v.to_string()])
        }
        fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_none<E: serde::de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some(item) = seq.next_element::<String>()? {
                out.push(item);
            }
            Ok(out)
        }
    }
    d.deserialize_any(OneOrMany)
}

#[cfg(test)]
mod tests {
    /// Whatever front matter [`super::plain_article`] reads, the YAML
    /// parser reads the same.
    fn same_as_yaml(yaml: &str) -> bool {
        let Some(plain) = super::plain_article(yaml) else { return false };
        let parsed: super::ArticleMatter = serde_yaml::from_str(if yaml.trim().is_empty() { "{}" } else { yaml })
            .unwrap_or_else(|e| panic!("read plainly, refused by YAML: {e}\n{yaml}"));
        assert_eq!(format!("{plain:?}"), format!("{parsed:?}"), "{yaml}");
        true
    }

    #[test]
    fn plain_front_matter_is_read_as_yaml_reads_it() {
        let plain = "title: \"A: B — C's\"\npublished: 2022-05-16T08:08:59Z\nretrieved: 2022-05-17\n\
            source: \"The Daily\"\nsource_url: \"https://x.org/a?b=1#c\"\nauthors: [\"Ben Dubois\", \"Ann\"]\n\
            topics: [climate-policy, elections]\nsummary: \"#1 [x] {y} & *z*\"\ndraft: true\n";
        assert!(same_as_yaml(plain));
        assert!(same_as_yaml(""));
        assert!(same_as_yaml("topics: []\r\nauthors: [\"\"]\r\n\ndraft: false"));
        assert!(same_as_yaml("title: 2024-01-02T03:04:05+01:00\ntopics: [a1, b-2, \"No\"]"));
        // Left to the YAML parser: escapes, comments, other forms, repeats, unknown keys.
        for yaml in [
            "title: \"a\\tb\"",
            "title: \"a\" # note",
            "title: plain words",
            "title: 'single'",
            "title: \"a\"\ntitle: \"b\"",
            "figures: []",
            "topics: [yes, no]",
            "topics: [a,b]",
            "topics: x",
            "authors: [\"Smith, John\", x]",
            "draft: \"true\"",
            "title: \"a\u{2028}b\"",
            "published: 2024-01-02:",
            " title: \"x\"",
        ] {
            assert!(super::plain_article(yaml).is_none(), "{yaml}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_line_read_plainly_is_read_as_yaml_reads_it(
            lines in proptest::collection::vec(
                (
                    proptest::sample::select(vec!["title", "source", "published", "summary", "authors", "topics", "draft"]),
                    proptest::sample::select(vec![
                        "\"x\"", "\"\"", "\" a \"", "\"a\\\"b\"", "\"ü #: [\"", "2024-01-02", "2024-01-02T03:04:05Z",
                        "2024-01-02 03:04", "-1", "12", "true", "false", "null", "~", "[]", "[a]", "[\"a\", b-c]",
                        "[y]", "[null]", "[1]", "[a, [b]]", "[\"a\"]", "{}", "\"x\" ", "",
                    ]),
                ),
                0..5,
            )
        ) {
            let yaml: String = lines.iter().map(|(k, v)| format!("{k}: {v}\n")).collect();
            let _ = same_as_yaml(&yaml);
        }
    }

    #[test]
    fn yaml_lines_become_file_lines() {
        let (m, lines) =
            super::file_lines_in("found end at line 3 column 1, while scanning at line 1 column 8", |l| l + 1);
        assert_eq!(m, "found end at line 4 column 1, while scanning at line 2 column 8");
        assert_eq!(lines, vec![4, 2]);
    }

    #[test]
    fn aliases_that_expand_without_end_are_found_at_the_first_alias() {
        let mut fm = String::from("title: x\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        let mut prev = 'a';
        for n in 'b'..='j' {
            fm.push_str(&format!("{n}: &{n} [{}]\n", vec![format!("*{prev}"); 9].join(", ")));
            prev = n;
        }
        let text = format!("---\n{fm}---\nBody.\n");
        let doc = crate::load::split(crate::load::Kind::Article, "content/articles/lol.md".into(), "lol".into(), &text)
            .unwrap();
        let e = super::parse::<serde_yaml::Value>(&doc).unwrap_err();
        assert!(e.message.contains("repetition limit"), "{}", e.message);
        assert_eq!(e.line, Some(4), "{e}");
    }

    #[test]
    fn yaml_line_breaks_are_not_file_lines() {
        let fm = "a: \"x\u{2028}y\u{85}z\"\nb: 1\r\nc: [\n";
        assert_eq!(super::yaml_line_to_line(fm, 1), 1);
        assert_eq!(super::yaml_line_to_line(fm, 4), 2);
        assert_eq!(super::yaml_line_to_line(fm, 5), 3);
    }
}
