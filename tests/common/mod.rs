//! Shared helpers: copy a fixture site to a temporary folder, build it, and
//! read the pages back with a real HTML parser.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use broadsheet::{build, BuildOptions, BuildSummary, Error};
use scraper::{Html, Selector};

pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    /// A private copy of `tests/fixtures/NAME`.
    pub fn new(name: &str) -> Fixture {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&src, dir.path());
        Fixture { dir }
    }

    /// A private copy of this repository's example site: `site.toml` and
    /// `content/` (the default theme is built in).
    pub fn example() -> Fixture {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().unwrap();
        fs::copy(repo.join("site.toml"), dir.path().join("site.toml")).unwrap();
        copy_dir(&repo.join("content"), &dir.path().join("content"));
        Fixture { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn out(&self) -> PathBuf {
        self.dir.path().join("public")
    }

    pub fn build(&self) -> Result<BuildSummary, Error> {
        build(&BuildOptions { root: self.root().to_path_buf(), ..Default::default() })
    }

    pub fn build_ok(&self) -> BuildSummary {
        self.build().unwrap_or_else(|e| panic!("build failed:\n{e}"))
    }

    pub fn write(&self, rel: &str, text: &str) {
        let p = self.root().join(rel);
        fs::create_dir_all(p.parent().unwrap()).unwrap();
        fs::write(p, text).unwrap();
    }

    pub fn remove(&self, rel: &str) {
        fs::remove_file(self.root().join(rel)).unwrap();
    }

    /// A built page, parsed.
    pub fn page(&self, rel: &str) -> Html {
        let text = fs::read_to_string(self.out().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        Html::parse_document(&text)
    }

    /// Every built HTML page, by path relative to the output.
    /// Newsletters are e-mails, not pages of the site: left out.
    pub fn html_pages(&self) -> Vec<(String, Html)> {
        let mut pages = Vec::new();
        for e in walkdir::WalkDir::new(self.out()).sort_by_file_name() {
            let e = e.unwrap();
            if e.path().extension().is_some_and(|x| x == "html") && e.file_name() != "newsletter.html" {
                let rel = e.path().strip_prefix(self.out()).unwrap().to_string_lossy().into_owned();
                pages.push((rel.clone(), self.page(&rel)));
            }
        }
        pages
    }
}

pub fn copy_dir(src: &Path, dst: &Path) {
    for e in walkdir::WalkDir::new(src) {
        let e = e.unwrap();
        let to = dst.join(e.path().strip_prefix(src).unwrap());
        if e.file_type().is_dir() {
            fs::create_dir_all(&to).unwrap();
        } else {
            fs::copy(e.path(), &to).unwrap();
        }
    }
}

/// All files under `dir` with their bytes, sorted by path.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files = Vec::new();
    for e in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let e = e.unwrap();
        if e.file_type().is_file() {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            files.push((rel, fs::read(e.path()).unwrap()));
        }
    }
    files
}

pub fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// Texts of the elements matching `selector`, whitespace collapsed.
pub fn texts(html: &Html, selector: &str) -> Vec<String> {
    html.select(&sel(selector)).map(|e| text_of(&e)).collect()
}

pub fn text_of(e: &scraper::ElementRef) -> String {
    e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// All `href` and `src` attribute values of a page.
pub fn links(html: &Html) -> Vec<String> {
    let mut out = Vec::new();
    for e in html.select(&sel("[href], [src]")) {
        for attr in ["href", "src"] {
            if let Some(v) = e.value().attr(attr) {
                out.push(v.to_string());
            }
        }
    }
    out
}
