//! `site.toml`: the raw file as the publisher wrote it, and the validated
//! configuration the rest of the pipeline reads.

use std::path::{Path, PathBuf};

use chrono_tz::Tz;
use serde::Deserialize;

use crate::error::{Diagnostic, Error, Result};

/// How long one digest edition lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// One edition per day.
    Day,
    /// One edition per ISO week (Monday to Sunday).
    Week,
    /// One edition per calendar month.
    Month,
}

/// The validated site configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site's name.
    pub title: String,
    /// One line about the site, for pages and feeds.
    pub description: String,
    /// Absolute, always ending in `/`.
    pub base_url: String,
    /// The path part of `base_url`, always starting and ending in `/`.
    pub base_path: String,
    /// The language of the content (`lang` of every page).
    pub language: String,
    /// The zone dates without one are in, and dates are shown in.
    pub timezone: Tz,
    /// The theme: `default`, or a folder of `themes/`.
    pub theme: String,
    /// How long one edition runs.
    pub period: Period,
    /// Relative to the site root unless absolute.
    pub output_dir: PathBuf,
    /// How many related articles an article page lists.
    pub related_limit: usize,
    /// Articles per topic page; longer topics get `page/2/` and so on.
    pub per_page: usize,
    /// Raw HTML in notes and topic intros is kept only when trusted.
    pub trust_html: bool,
    /// Shown on every page; marks example content as such.
    pub notice: Option<String>,
    /// A custom domain for GitHub Pages, written to `CNAME`.
    pub cname: Option<String>,
    /// Entries per feed.
    pub feed_limit: usize,
    /// Lines of site.toml that set `theme` and `output_dir`, for errors
    /// found once the site folder is known.
    pub theme_line: Option<usize>,
    /// See `theme_line`.
    pub output_dir_line: Option<usize>,
    /// Whether figures of saved pages may show the outlet's image from the
    /// outlet's server (`[content] hotlink_images`; off by default).
    pub hotlink_images: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    base_url: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    language: Option<String>,
    #[serde(default)]
    timezone: Option<String>,
    #[serde(default)]
    theme: Option<String>,
    #[serde(default)]
    output_dir: Option<String>,
    #[serde(default)]
    trust_html: Option<bool>,
    #[serde(default)]
    notice: Option<String>,
    #[serde(default)]
    cname: Option<String>,
    #[serde(default)]
    digest: RawDigest,
    #[serde(default)]
    feeds: RawFeeds,
    #[serde(default)]
    content: RawContent,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContent {
    #[serde(default)]
    hotlink_images: Option<bool>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFeeds {
    #[serde(default)]
    limit: Option<usize>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDigest {
    #[serde(default)]
    period: Option<Period>,
    #[serde(default)]
    related: Option<usize>,
    #[serde(default)]
    per_page: Option<usize>,
}

pub(crate) const CONFIG_FILE: &str = "site.toml";

impl Config {
    /// Reads `site.toml` in `root`.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join(CONFIG_FILE);
        let text = crate::error::read_text(&path, Path::new(CONFIG_FILE)).map_err(|d| {
            if !path.exists() {
                Diagnostic::new(CONFIG_FILE, None, "no site.toml in the site folder")
                    .hint(format!("run inside a Broadsheet site, or pass --root (looked in {})", root.display()))
            } else {
                d
            }
        })?;
        let config = Config::parse(&text)?;
        if config.theme != crate::render::theme::DEFAULT
            && !crate::render::theme::theme_dir(root, &config.theme).is_dir()
        {
            return Err(crate::render::theme::not_found(&config.theme, config.theme_line).into());
        }
        Ok(config)
    }

    /// Parses and validates the text of `site.toml`.
    pub(crate) fn parse(text: &str) -> Result<Config> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| {
            let line = e.span().map(|s| line_of(text, s.start));
            let message = e.message().trim();
            let message = match e.span().and_then(|s| key_before(text, s.start)) {
                Some(key) => format!("{key}: {message}"),
                None => message.to_string(),
            };
            Diagnostic::new(CONFIG_FILE, line, message)
        })?;
        let at = |key: &str| find_key_line(text, key);
        let mut problems = Vec::new();

        let base_url = match normalise_base_url(&raw.base_url) {
            Ok(url) => url,
            Err(why) => {
                problems.push(
                    Diagnostic::new(CONFIG_FILE, at("base_url"), format!("base_url {why}"))
                        .hint("write an absolute URL such as \"https://user.github.io/repo/\""),
                );
                "http://localhost/".to_string()
            }
        };
        let timezone_name = raw.timezone.unwrap_or_else(|| "UTC".to_string());
        let timezone = timezone_name.parse::<Tz>().unwrap_or_else(|_| {
            problems.push(
                Diagnostic::new(
                    CONFIG_FILE,
                    at("timezone"),
                    format!("timezone \"{timezone_name}\" is not an IANA time zone name"),
                )
                .hint("use a name such as \"Europe/London\" or \"America/Toronto\""),
            );
            Tz::UTC
        });
        let language = raw.language.unwrap_or_else(|| "en".to_string());
        if language.is_empty() || !language.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            problems.push(
                Diagnostic::new(CONFIG_FILE, at("language"), format!("language \"{language}\" is not a language tag"))
                    .hint("use a BCP 47 tag such as \"en\" or \"pt-BR\""),
            );
        }
        let theme = raw.theme.unwrap_or_else(|| "default".to_string());
        if !crate::paths::is_safe_segment(&theme) {
            problems.push(Diagnostic::new(
                CONFIG_FILE,
                at("theme"),
                format!("theme \"{theme}\" must be a plain folder name under themes/"),
            ));
        }
        let cname = raw.cname.map(|c| c.trim().to_string()).filter(|c| !c.is_empty());
        if let Some(domain) = &cname {
            if let Err(why) = check_domain(domain) {
                problems.push(
                    Diagnostic::new(CONFIG_FILE, at("cname"), format!("cname \"{domain}\" {why}"))
                        .hint("write the bare domain, e.g. cname = \"news.example.org\" (no https://, no path)"),
                );
            }
        }
        if raw.digest.per_page == Some(0) {
            problems.push(Diagnostic::new(CONFIG_FILE, at("per_page"), "digest.per_page must be at least 1"));
        }
        if raw.feeds.limit == Some(0) {
            problems.push(Diagnostic::new(CONFIG_FILE, at("limit"), "feeds.limit must be at least 1"));
        }
        if raw.title.trim().is_empty() {
            problems.push(Diagnostic::new(CONFIG_FILE, at("title"), "title is empty"));
        }
        if !problems.is_empty() {
            return Err(Error::new(problems));
        }
        let base_path = base_path_of(&base_url);
        Ok(Config {
            title: raw.title.trim().to_string(),
            description: raw.description.unwrap_or_default(),
            base_url,
            base_path,
            language,
            timezone,
            theme,
            period: raw.digest.period.unwrap_or(Period::Week),
            output_dir: PathBuf::from(raw.output_dir.unwrap_or_else(|| "public".to_string())),
            related_limit: raw.digest.related.unwrap_or(5),
            per_page: raw.digest.per_page.unwrap_or(50),
            trust_html: raw.trust_html.unwrap_or(false),
            notice: raw.notice,
            cname,
            feed_limit: raw.feeds.limit.unwrap_or(50),
            theme_line: at("theme"),
            output_dir_line: at("output_dir"),
            hotlink_images: raw.content.hotlink_images.unwrap_or(false),
        })
    }

    /// Replaces the base URL (the `--base-url` flag).
    pub(crate) fn set_base_url(&mut self, url: &str) -> Result<()> {
        let url = normalise_base_url(url).map_err(|why| {
            Diagnostic::new("--base-url", None, format!("base URL {why}"))
                .hint("pass an absolute URL such as \"https://user.github.io/repo/\"")
        })?;
        self.base_path = base_path_of(&url);
        self.base_url = url;
        Ok(())
    }
}

/// Checks that `url` is an absolute http(s) URL and gives it a trailing `/`.
fn normalise_base_url(url: &str) -> std::result::Result<String, String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("\"{url}\" is not an absolute http(s) URL"))?;
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() || host.contains(|c: char| c.is_whitespace() || c == '@') {
        return Err(format!("\"{url}\" has no valid host"));
    }
    if url.contains(['?', '#', '"', '<', '>', ' ']) {
        return Err(format!("\"{url}\" must not contain a query, fragment, quotes or spaces"));
    }
    let mut url = url.to_string();
    if !url.ends_with('/') {
        url.push('/');
    }
    Ok(url)
}

/// A custom domain is a bare host name: GitHub Pages rejects anything else.
fn check_domain(domain: &str) -> std::result::Result<(), String> {
    if domain.contains("://") {
        return Err("has a scheme".to_string());
    }
    if domain.contains('/') {
        return Err("has a path".to_string());
    }
    let labels_ok = domain.split('.').all(|l| {
        !l.is_empty()
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    });
    if !labels_ok || !domain.contains('.') {
        return Err("is not a domain name".to_string());
    }
    Ok(())
}

fn base_path_of(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map(|(_, r)| r).unwrap_or(base_url);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_string(),
        None => "/".to_string(),
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The key whose value starts at `offset` (`title = 5`: `title`), with its
/// table (`[topics.x]`) when inside one: TOML's type errors name the value
/// but not what it was for.
fn key_before(text: &str, offset: usize) -> Option<String> {
    let before = text.get(..offset)?;
    let line = &before[before.rfind('\n').map_or(0, |i| i + 1)..];
    let key = line.trim_end().strip_suffix('=')?.trim();
    let plain = |k: &str| !k.is_empty() && k.chars().all(|c| c.is_alphanumeric() || "_-.\"' ".contains(c));
    if !plain(key) {
        return None;
    }
    let table = before
        .lines()
        .rev()
        .skip(1)
        .map(str::trim)
        .find(|l| l.starts_with('[') && l.ends_with(']'))
        .map(|l| l.trim_matches(|c| c == '[' || c == ']').trim());
    Some(match table {
        Some(t) if plain(t) => format!("{t}.{key}"),
        _ => key.to_string(),
    })
}

/// The line where `key = …` is set, for errors about its value.
fn find_key_line(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            l.strip_prefix(key).is_some_and(|r| r.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_of_the_wrong_type_names_its_key() {
        let e = Config::parse("title = 5\nbase_url = \"https://u.github.io/\"\n").unwrap_err();
        let d = &e.diagnostics[0];
        assert_eq!(d.line, Some(1));
        assert!(d.message.starts_with("title: "), "{}", d.message);
        let e = Config::parse("title = \"T\"\nbase_url = \"https://u.github.io/\"\n\n[feeds]\nlimit = \"ten\"\n")
            .unwrap_err();
        assert!(e.diagnostics[0].message.starts_with("feeds.limit: "), "{}", e.diagnostics[0].message);
    }

    #[test]
    fn base_path_comes_from_base_url() {
        let c = Config::parse("title = \"T\"\nbase_url = \"https://u.github.io/repo\"\n").unwrap();
        assert_eq!(c.base_url, "https://u.github.io/repo/");
        assert_eq!(c.base_path, "/repo/");
    }

    #[test]
    fn unknown_key_is_named() {
        let e = Config::parse("title = \"T\"\nbase_url = \"https://x.org/\"\ncolour = 1\n").unwrap_err();
        let text = e.to_string();
        assert!(text.contains("colour"), "{text}");
        assert!(text.contains("site.toml:3"), "{text}");
    }

    #[test]
    fn bad_values_name_their_key_and_line() {
        let e = Config::parse("title = \"T\"\nbase_url = \"ftp://x\"\ntimezone = \"Mars/Base\"\n").unwrap_err();
        assert_eq!(e.diagnostics.len(), 2);
        assert_eq!(e.diagnostics[0].line, Some(2));
        assert!(e.diagnostics[1].message.contains("Mars/Base"));
    }

    #[test]
    fn cname_must_be_a_bare_domain() {
        let base = "title = \"T\"\nbase_url = \"https://x.org/\"\n";
        assert_eq!(
            Config::parse(&format!("{base}cname = \"news.example.org\"\n")).unwrap().cname.as_deref(),
            Some("news.example.org")
        );
        for bad in ["https://news.example.org", "news.example.org/digest", "localhost", "bad_domain.org"] {
            let e = Config::parse(&format!("{base}cname = \"{bad}\"\n")).unwrap_err();
            assert!(e.to_string().contains("site.toml:3: cname"), "{bad}: {e}");
        }
    }

    #[test]
    fn bad_period_is_an_error() {
        let e =
            Config::parse("title = \"T\"\nbase_url = \"https://x.org/\"\n[digest]\nperiod = \"year\"\n").unwrap_err();
        assert!(e.to_string().contains("site.toml:4"), "{e}");
    }
}
