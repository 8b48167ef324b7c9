//! Templates a theme author may write but Tera cannot survive: Tera parses
//! and renders by recursion with no depth limit, so a template that
//! includes itself, a macro that calls itself, or thousands of nested
//! `{% if %}` or parentheses overflow the stack and abort the process. This
//! reads each template's tags before Tera does and refuses those shapes at
//! their file and line. The same reading finds includes of templates that
//! do not exist (or lie outside the theme), which Tera would report only
//! when rendering, without a line.

use std::collections::BTreeMap;

use crate::error::Diagnostic;

/// Deepest nesting of `{% if %}`, `{% for %}`, `{% block %}` … tags.
const MAX_BLOCK_DEPTH: usize = 64;
/// Deepest nesting of brackets inside one tag.
const MAX_EXPRESSION_DEPTH: usize = 32;

// `raw` is not among them: its content is skipped whole, its end tag too.
const OPENERS: [&str; 5] = ["if", "for", "block", "macro", "filter"];
const CLOSERS: [&str; 5] = ["endif", "endfor", "endblock", "endmacro", "endfilter"];

/// One template's source, as the build knows it.
pub(super) struct Source<'a> {
    pub name: &'a str,
    /// The file it came from, for messages (`themes/default/templates/a.html`).
    pub file: String,
    pub text: &'a str,
}

/// What rendering one template may render in turn, with the line that says so.
#[derive(Default)]
struct Calls {
    /// Templates included or extended.
    templates: Vec<(String, usize)>,
    /// Of those, the ones that must exist (not `ignore missing`).
    required: Vec<(String, usize)>,
    /// Namespace (`self` or an import's alias) → template name.
    imports: BTreeMap<String, String>,
    /// Macro defined here → macros it calls: (namespace, name, line).
    macros: BTreeMap<String, Vec<(String, String, usize)>>,
}

/// Every problem of this kind in `sources`: too deep, or recursive.
pub(super) fn check(sources: &[Source]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut calls = BTreeMap::new();
    for s in sources {
        match scan(s) {
            Ok(c) => {
                calls.insert(s.name, c);
            }
            Err(d) => problems.push(d),
        }
    }
    let file_of = |name: &str| sources.iter().find(|s| s.name == name).map_or(name.to_string(), |s| s.file.clone());
    for s in sources {
        let Some(c) = calls.get(s.name) else { continue };
        for (name, line) in &c.required {
            if !sources.iter().any(|t| t.name == name) {
                problems.push(missing_template(&s.file, *line, name));
            }
        }
    }
    problems.extend(template_cycle(&calls, &file_of));
    problems.extend(macro_cycle(&calls, &file_of));
    problems
}

/// The tags of one template: nesting checked, calls collected.
fn scan(source: &Source) -> Result<Calls, Diagnostic> {
    let text = source.text;
    let too_deep = |line: usize, what: &str| {
        Diagnostic::new(&source.file, Some(line), format!("{what} are nested too deeply for Tera"))
            .hint("split the template into smaller ones, or use a macro or a variable")
    };
    let mut calls = Calls::default();
    let mut depth = 0usize;
    let mut current_macro: Option<String> = None;
    let mut line = 1;
    let mut at = 0;
    while let Some(open) = text[at..].find('{').map(|i| at + i) {
        line += text[at..open].matches('\n').count();
        let Some(close) = closer(text, open) else {
            at = open + 1;
            continue;
        };
        let Some(end) = text[open + 2..].find(close).map(|i| open + 2 + i) else { break };
        let inner = text[open + 2..end].trim_matches(|c: char| c == '-' || c.is_whitespace());
        at = end + 2;
        if close == "#}" {
            line += text[open..at].matches('\n').count();
            continue;
        }
        if bracket_depth(inner) > MAX_EXPRESSION_DEPTH {
            return Err(too_deep(line, "brackets"));
        }
        let keyword = inner.split(|c: char| !c.is_alphanumeric() && c != '_').next().unwrap_or("");
        if close == "%}" {
            if OPENERS.contains(&keyword) {
                depth += 1;
                if depth > MAX_BLOCK_DEPTH {
                    return Err(too_deep(line, "`{% if %}`, `{% for %}` and other block tags"));
                }
            } else if CLOSERS.contains(&keyword) {
                depth = depth.saturating_sub(1);
            }
            match keyword {
                "raw" => {
                    // Nothing inside raw is a tag.
                    let Some(stop) = text[at..].find("endraw").map(|i| at + i) else { break };
                    line += text[open..stop].matches('\n').count();
                    at = stop;
                    continue;
                }
                "include" | "extends" => {
                    let names = quoted(inner);
                    // `include ["a.html", "b.html"]` needs only one of them.
                    if !inner.contains("ignore missing") && names.len() == 1 {
                        calls.required.push((names[0].clone(), line));
                    }
                    calls.templates.extend(names.into_iter().map(|t| (t, line)));
                }
                "import" => {
                    if let (Some(file), Some(alias)) = (quoted(inner).first(), inner.rsplit(" as ").next()) {
                        calls.imports.insert(alias.trim().to_string(), file.clone());
                    }
                }
                "macro" => current_macro = Some(word_after(inner, "macro")),
                "endmacro" => current_macro = None,
                _ => {}
            }
        }
        if let Some(name) = &current_macro {
            let called = macro_calls(inner).into_iter().map(|(ns, m)| (ns, m, line));
            calls.macros.entry(name.clone()).or_default().extend(called);
        }
        line += text[open..at].matches('\n').count();
    }
    Ok(calls)
}

/// An include or extends of a template the theme does not have.
fn missing_template(file: &str, line: usize, name: &str) -> Diagnostic {
    let outside = name.starts_with('/') || name.contains('\\') || name.split('/').any(|part| part == "..");
    if outside {
        Diagnostic::new(file, Some(line), format!("includes \"{name}\", which is outside the theme's templates"))
            .hint("templates include other templates of the theme by name, e.g. \"partials/card.html\"")
    } else {
        Diagnostic::new(file, Some(line), format!("includes \"{name}\", but there is no such template"))
            .hint("check the name against the theme's templates/ and the site's templates/ folder")
    }
}

/// A template that renders itself again, through includes and extends.
fn template_cycle(calls: &BTreeMap<&str, Calls>, file_of: &dyn Fn(&str) -> String) -> Option<Diagnostic> {
    let edges = |name: &str| -> Vec<(String, usize)> { calls.get(name).map_or(Vec::new(), |c| c.templates.clone()) };
    let (cycle, line) = find_cycle(calls.keys().map(|k| k.to_string()).collect(), &edges)?;
    Some(
        Diagnostic::new(file_of(&cycle[0]), Some(line), format!("templates include each other: {}", cycle.join(" → ")))
            .hint("a template cannot include or extend itself, directly or through others"),
    )
}

/// A macro that calls itself, directly or through others.
fn macro_cycle(calls: &BTreeMap<&str, Calls>, file_of: &dyn Fn(&str) -> String) -> Option<Diagnostic> {
    let node = |file: &str, m: &str| format!("{file}::{m}");
    let edges = |key: &str| -> Vec<(String, usize)> {
        let Some((file, name)) = key.split_once("::") else { return Vec::new() };
        let Some(c) = calls.get(file) else { return Vec::new() };
        let targets = c.macros.get(name).map_or(&[][..], Vec::as_slice);
        targets
            .iter()
            .filter_map(|(ns, m, line)| {
                let target = if ns == "self" { Some(file.to_string()) } else { c.imports.get(ns).cloned() };
                target.map(|t| (node(&t, m), *line))
            })
            .collect()
    };
    let starts: Vec<String> = calls.iter().flat_map(|(f, c)| c.macros.keys().map(|m| node(f, m))).collect();
    let (cycle, line) = find_cycle(starts, &edges)?;
    let file = cycle[0].split_once("::").map_or(cycle[0].as_str(), |(f, _)| f);
    Some(
        Diagnostic::new(
            file_of(file),
            Some(line),
            format!("macros call each other without end: {}", cycle.join(" → ")),
        )
        .hint("Tera has no limit on recursion, so Broadsheet refuses recursive macros: use a loop"),
    )
}

/// The first cycle reachable from `starts` (in order), as the path around
/// it, with the line of its first edge. Iterative, so a long chain cannot
/// overflow our own stack either.
fn find_cycle(starts: Vec<String>, edges: &dyn Fn(&str) -> Vec<(String, usize)>) -> Option<(Vec<String>, usize)> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    let mut marks: BTreeMap<String, Mark> = BTreeMap::new();
    for start in starts {
        if marks.contains_key(&start) {
            continue;
        }
        // Each frame: node, its edges, next edge to follow, line it was reached by.
        let mut stack = vec![(start.clone(), edges(&start), 0usize, 0usize)];
        marks.insert(start, Mark::Open);
        while let Some(top) = stack.last_mut() {
            let Some((next, line)) = top.1.get(top.2).cloned() else {
                marks.insert(top.0.clone(), Mark::Done);
                stack.pop();
                continue;
            };
            top.2 += 1;
            match marks.get(&next) {
                Some(Mark::Open) => {
                    let from = stack.iter().position(|f| f.0 == next).unwrap_or(0);
                    let mut path: Vec<String> = stack[from..].iter().map(|f| f.0.clone()).collect();
                    path.push(next);
                    let first_line = stack.get(from + 1).map_or(line, |f| f.3);
                    return Some((path, first_line));
                }
                Some(Mark::Done) => {}
                None => {
                    marks.insert(next.clone(), Mark::Open);
                    let next_edges = edges(&next);
                    stack.push((next, next_edges, 0, line));
                }
            }
        }
    }
    None
}

/// The end of the tag that a `{` at `open` starts (`{{`, `{%`, `{#`), if
/// it starts one.
pub(super) fn closer(text: &str, open: usize) -> Option<&'static str> {
    match text.get(open + 1..open + 2) {
        Some("{") => Some("}}"),
        Some("%") => Some("%}"),
        Some("#") => Some("#}"),
        _ => None,
    }
}

/// Deepest bracket nesting in a tag, outside string literals.
fn bracket_depth(tag: &str) -> usize {
    let (mut depth, mut deepest, mut quote) = (0usize, 0usize, None);
    for c in tag.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'' | '`') => quote = Some(c),
            (None, '(' | '[' | '{') => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            (None, ')' | ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// The string literals of a tag (`include ["a.html", "b.html"]`).
fn quoted(tag: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = tag;
    while let Some(start) = rest.find(['"', '\'']) {
        let q = rest.as_bytes()[start] as char;
        let Some(len) = rest[start + 1..].find(q) else { break };
        out.push(rest[start + 1..start + 1 + len].to_string());
        rest = &rest[start + 2 + len..];
    }
    out
}

fn word_after(tag: &str, keyword: &str) -> String {
    let rest = tag.strip_prefix(keyword).unwrap_or(tag).trim_start();
    rest.split(|c: char| !c.is_alphanumeric() && c != '_').next().unwrap_or("").to_string()
}

/// `ns::name(` calls in a tag.
fn macro_calls(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = tag;
    while let Some(i) = rest.find("::") {
        let ns: String = rest[..i].chars().rev().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        let ns: String = ns.chars().rev().collect();
        let name = word_after(&rest[i + 2..], "");
        if !ns.is_empty() && !name.is_empty() && rest[i + 2 + name.len()..].trim_start().starts_with('(') {
            out.push((ns, name));
        }
        rest = &rest[i + 2..];
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(templates: &[(&str, &str)]) -> Vec<String> {
        let sources: Vec<Source> =
            templates.iter().map(|(name, text)| Source { name, file: format!("templates/{name}"), text }).collect();
        check(&sources).iter().map(|d| d.to_string()).collect()
    }

    #[test]
    fn ordinary_templates_pass() {
        let base = "{% import \"m.html\" as m %}<p>{{ m::card(x=(1 + (2))) }}</p>{% block main %}{% endblock %}";
        let macros = "{% macro card(x) %}{% if x %}{{ self::badge(y=x) }}{% endif %}{% endmacro %}\n{% macro badge(y) %}{{ y }}{% endmacro %}";
        let page = "{% extends \"base.html\" %}{% block main %}{% include \"part.html\" %}{% endblock %}";
        let raw = "{% raw %}{% include \"part.html\" %}{{ ((((((((((((((((((((((((((((((((((x)))))))))))))))))))))))))))))))))) }}{% endraw %}";
        assert!(
            problems(&[("base.html", base), ("m.html", macros), ("page.html", page), ("part.html", raw)]).is_empty()
        );
    }

    #[test]
    fn include_cycles_are_found_at_their_line() {
        assert_eq!(
            problems(&[("a.html", "x\n{% include \"a.html\" %}")]),
            ["templates/a.html:2: templates include each other: a.html → a.html\n    hint: a template cannot include or extend itself, directly or through others"]
        );
        let found = problems(&[("a.html", "{% include \"b.html\" %}"), ("b.html", "\n\n{% extends \"a.html\" %}")]);
        assert!(
            found[0].starts_with("templates/a.html:1: templates include each other: a.html → b.html → a.html"),
            "{found:?}"
        );
    }

    #[test]
    fn missing_and_outside_includes_are_found_at_their_line() {
        let found = problems(&[("a.html", "x\n{% include \"../../etc/passwd\" %}\n{% include \"nope.html\" %}")]);
        assert!(
            found[0].starts_with("templates/a.html:2: includes \"../../etc/passwd\", which is outside"),
            "{found:?}"
        );
        assert!(found[1].starts_with("templates/a.html:3: includes \"nope.html\", but there is no such"), "{found:?}");
        assert!(problems(&[("a.html", "{% include \"nope.html\" ignore missing %}")]).is_empty());
    }

    #[test]
    fn recursive_macros_are_refused() {
        let found = problems(&[("m.html", "{% macro f(n) %}\n{{ self::f(n=n) }}{% endmacro %}")]);
        assert!(
            found[0].starts_with("templates/m.html:2: macros call each other without end: m.html::f → m.html::f"),
            "{found:?}"
        );
        let mutual = "{% import \"m.html\" as me %}{% macro f() %}{{ me::g() }}{% endmacro %}{% macro g() %}{{ self::f() }}{% endmacro %}";
        assert_eq!(problems(&[("m.html", mutual)]).len(), 1);
    }

    #[test]
    fn deep_nesting_is_refused_not_parsed() {
        let parens = format!("line\n{{{{ {}x{} }}}}", "(".repeat(20_000), ")".repeat(20_000));
        assert!(problems(&[("p.html", &parens)])[0].starts_with("templates/p.html:2: brackets are nested too deeply"));
        let ifs = format!("{}x{}", "{% if a %}".repeat(5_000), "{% endif %}".repeat(5_000));
        assert!(problems(&[("i.html", &ifs)])[0].contains("nested too deeply"));
        // Raw blocks one after another nest nothing.
        let raws = "{% raw %}{{ x }}{% endraw %}".repeat(100);
        assert!(problems(&[("r.html", &raws)]).is_empty());
    }
}
