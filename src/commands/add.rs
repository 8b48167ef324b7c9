//! `broadsheet add URL…`: fetch pages into `content/articles/` as saved
//! pages (`SLUG.html`, the original kept so a rebuild needs no network)
//! with a sidecar recording where and when each was fetched.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use broadsheet::config::Config;
use broadsheet::html::{self, charset, fetch};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Web pages to add (http:// or https://)
    urls: Vec<String>,
    /// A file of URLs, one a line (`#` starts a comment; `-` reads stdin)
    #[arg(long)]
    from: Option<PathBuf>,
    /// File the new articles under this topic
    #[arg(long)]
    topic: Option<String>,
    /// Seconds allowed for each page, redirects included
    #[arg(long, default_value_t = 30)]
    timeout: u64,
    /// The site folder, holding site.toml
    #[arg(long, default_value = ".")]
    root: PathBuf,
}

pub fn run(args: Args) -> Result<ExitCode, String> {
    let config = Config::load(&args.root).map_err(|e| e.to_string())?;
    let mut urls = args.urls.clone();
    if let Some(from) = &args.from {
        let text = if from.as_os_str() == "-" {
            std::io::read_to_string(std::io::stdin()).map_err(|e| format!("stdin: {e}"))?
        } else {
            broadsheet::error::read_text(from, from).map_err(|d| d.to_string())?
        };
        urls.extend(text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')).map(str::to_string));
    }
    if urls.is_empty() {
        return Err("no URL given\n    hint: broadsheet add https://www.example.com/news/story".into());
    }
    let articles = args.root.join("content").join("articles");
    std::fs::create_dir_all(&articles).map_err(|e| format!("{}: cannot create: {e}", articles.display()))?;
    let today = chrono::Utc::now().with_timezone(&config.timezone).date_naive().to_string();
    let timeout = Duration::from_secs(args.timeout.max(1));
    let mut failed = 0;
    for (i, url) in urls.iter().enumerate() {
        if urls.len() > 1 {
            eprintln!("[{}/{}] {url}", i + 1, urls.len());
        }
        match add_one(url, &articles, &today, args.topic.as_deref(), timeout) {
            Ok(report) => print!("{report}"),
            Err(e) => {
                failed += 1;
                eprintln!("error: {url}: {e}");
            }
        }
    }
    if urls.len() > 1 {
        eprintln!("{} added, {failed} failed", urls.len() - failed);
    }
    Ok(if failed > 0 { ExitCode::FAILURE } else { ExitCode::SUCCESS })
}

fn add_one(url: &str, dir: &Path, today: &str, topic: Option<&str>, timeout: Duration) -> Result<String, String> {
    let page = fetch::fetch(url, timeout)?;
    let header_charset = page.content_type.as_deref().and_then(charset::charset_param);
    let (text, used) = charset::decode(&page.bytes, page.content_type.as_deref());
    // Saved as the server sent it, unless only the HTTP header named the
    // charset: then as UTF-8 with a BOM, so a rebuild decodes it alike.
    let stored: Vec<u8> = if header_charset.is_some() && charset::decode(&page.bytes, None).1 != used {
        [&b"\xef\xbb\xbf"[..], text.as_bytes()].concat()
    } else {
        page.bytes.clone()
    };
    let cleaned = html::clean(&text, Some(&page.url));
    let a = &cleaned.article;
    let title = a.title.clone().ok_or("no headline found on the page; save it by hand and add a sidecar")?;
    if a.body.is_empty() {
        return Err("no story text found on the page".into());
    }
    let slug = slug::slugify(&title);
    let slug = if slug.is_empty() { "article".to_string() } else { slug.chars().take(80).collect() };
    let slug = slug.trim_end_matches('-').to_string();
    for ext in ["html", "htm", "txt", "md", "meta.yaml"] {
        let p = dir.join(format!("{slug}.{ext}"));
        if p.exists() {
            return Err(format!("{} already exists: not overwritten", p.display()));
        }
    }
    let source_url = cleaned.source_url.clone().unwrap_or_else(|| page.url.clone());
    let mut sidecar = format!("source_url: {}\nretrieved: {today}\n", yaml_string(&source_url));
    // The build reads the page without its address: a credit that only
    // the address gave is written down.
    if html::clean(&text, None).article.source.is_none() {
        if let Some(source) = &a.source {
            sidecar.push_str(&format!("source: {}\n", yaml_string(source)));
        }
    }
    if let Some(t) = topic {
        sidecar.push_str(&format!("topics: [{}]\n", yaml_string(t)));
    }
    let html_path = dir.join(format!("{slug}.html"));
    write_new(&html_path, &stored)?;
    write_new(&dir.join(format!("{slug}.meta.yaml")), sidecar.as_bytes())?;
    let show = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    Ok(format!(
        "added {}\n  title:     {title}\n  source:    {}\n  published: {}\n  authors:   {}\n  body:      {} paragraphs, {} figures\n",
        html_path.display(),
        show(&a.source),
        show(&a.published),
        a.authors.join(", "),
        a.body.len(),
        a.figures.len()
    ))
}

/// Creates `path`, refusing to replace anything already there.
fn write_new(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| format!("{}: cannot create: {e}", path.display()))?;
    f.write_all(bytes).map_err(|e| format!("{}: cannot write: {e}", path.display()))
}

fn yaml_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".into())
}
