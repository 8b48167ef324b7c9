//! Load: walk `content/`, read every file, split front matter from body.
//! No interpretation happens here beyond knowing which folder means what.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::cache::memo::{key, FileMap};
use crate::error::{read_regular, read_text, Diagnostic};
use crate::paths::is_windows_reserved;

/// The folder of a site that holds its content.
pub const CONTENT_DIR: &str = "content";
/// `content/archive/`: raw articles already cleaned into Markdown (where
/// `broadsheet clean --write` moves them), kept for reference, never read.
pub const ARCHIVE_DIR: &str = "archive";

/// What a file in `content/` is, by its folder and extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    /// A Markdown article (`.md` under `articles/`).
    Article,
    /// A raw article: a text dump (`.txt`) or a saved page (`.html`).
    RawArticle,
    /// Fields for the raw article beside it (`.meta.yaml`).
    Sidecar,
    /// A topic (`topics/`).
    Topic,
    /// An editorial note (`notes/`).
    Note,
    /// An edition's title and intro (`editions/`).
    Edition,
}

/// A content file split into its parts.
#[derive(Debug, Clone)]
pub struct Document {
    /// What the file is, from its folder and extension.
    pub kind: Kind,
    /// Relative to the site root, e.g. `content/articles/x.md`.
    pub path: PathBuf,
    /// The name the file gives its item (file name without extensions).
    pub stem: String,
    /// YAML between the `---` lines (empty for raw articles).
    pub front_matter: String,
    /// Line of the file where the front matter starts.
    pub front_matter_line: usize,
    /// Everything after the front matter.
    pub body: String,
    /// Line of the file where the body starts.
    pub body_line: usize,
    /// Set when the file was left unread because the render cache knows
    /// it unchanged; its text is then empty (`Document::read_again`).
    pub unread: Option<Unread>,
}

/// A file left unread.
#[derive(Debug, Clone)]
pub struct Unread {
    /// Of the document it holds (`cache::memo::document_hash`).
    pub hash: u128,
    /// Where it is.
    pub full: PathBuf,
}

impl Document {
    /// A document left unread ([`Document::known`]) as the file holds it;
    /// `None` for one that was read.
    pub(crate) fn read_again(&self) -> Option<Result<Document, Diagnostic>> {
        let text = read_text(&self.unread.as_ref()?.full, &self.path);
        Some(text.and_then(|text| split(self.kind, self.path.clone(), self.stem.clone(), &text)))
    }

    /// The line of the file where top-level front-matter `key:` is set.
    pub(crate) fn key_line(&self, key: &str) -> Option<usize> {
        self.front_matter
            .lines()
            .position(|l| l.strip_prefix(key).is_some_and(|r| r.starts_with(':')))
            .map(|i| self.front_matter_line + i)
    }

    /// The line of the `nth` `key:` inside the list under `parent:` (the
    /// `src:` of the third figure), else the line of `parent`.
    pub(crate) fn nested_key_line(&self, parent: &str, key: &str, nth: usize) -> Option<usize> {
        let start = self.key_line(parent)? - self.front_matter_line;
        self.front_matter
            .lines()
            .enumerate()
            .skip(start + 1)
            .take_while(|(_, l)| l.starts_with([' ', '-', '\t']) || l.trim().is_empty())
            .filter(|(_, l)| {
                l.trim_start_matches([' ', '-', '\t']).strip_prefix(key).is_some_and(|r| r.starts_with(':'))
            })
            .nth(nth)
            .map(|(i, _)| self.front_matter_line + i)
            .or_else(|| self.key_line(parent))
    }

    /// The first front-matter line that mentions `needle` (for list items),
    /// else the line of `key`.
    pub(crate) fn value_line(&self, key: &str, needle: &str) -> Option<usize> {
        let start = self.key_line(key).map_or(0, |l| l - self.front_matter_line);
        self.front_matter
            .lines()
            .enumerate()
            .skip(start)
            .find(|(_, l)| l.contains(needle))
            .map(|(i, _)| self.front_matter_line + i)
            .or_else(|| self.key_line(key))
    }
}

/// What [`load_knowing`] found in `content/`.
#[derive(Debug, Default)]
pub(crate) struct Loaded {
    pub docs: Vec<Document>,
    /// Files that cannot be read or used: errors.
    pub problems: Vec<Diagnostic>,
    /// Files left out that an editor should hear of: warnings.
    pub skipped: Vec<Diagnostic>,
}

/// Reads every content file under `root/content`, in sorted order. Files
/// that cannot be read are reported as problems, and the rest still load,
/// so that one build reports every problem. The Markdown articles of
/// `known` (by path relative to `root`, with the hashes of their
/// documents) are left unread: the render cache knows them unchanged and
/// remembers what they make. Files in `read` (by the same paths) are
/// taken from there as they were read, not read again.
pub(crate) fn load_knowing(root: &Path, known: &FileMap<u128>, mut read: FileMap<Vec<u8>>) -> Loaded {
    let content = root.join(CONTENT_DIR);
    let mut loaded = Loaded::default();
    if !content.is_dir() {
        return loaded;
    }
    // Files are found, put in order, then read in parallel; what was found
    // is told in that order.
    enum Found {
        Problem(Diagnostic),
        Skipped(Diagnostic),
        File { full: PathBuf, path: PathBuf, kind: Kind, stem: String, bytes: Option<Vec<u8>> },
    }
    let mut found = Vec::new();
    for entry in WalkDir::new(&content) {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let path = e.path().map(|p| relative(root, p)).unwrap_or_else(|| PathBuf::from(CONTENT_DIR));
                found.push(Found::Problem(Diagnostic::new(path, None, format!("cannot read: {e}"))));
                continue;
            }
        };
        let file_type = entry.file_type();
        if file_type.is_dir() || is_hidden(entry.path(), &content) {
            continue;
        }
        let path = relative(root, entry.path());
        if !file_type.is_file() {
            found.extend(not_followed(entry.path(), &path, file_type).map(Found::Skipped));
            continue;
        }
        let Some((kind, stem)) = classify(&path) else {
            continue;
        };
        if let Some(d) = windows_reserved(&path) {
            found.push(Found::Problem(d));
            continue;
        }
        // Most rebuilds read nothing beforehand: no path is hashed then.
        let bytes = if read.is_empty() { None } else { read.remove(key(&path)) };
        found.push(Found::File { full: entry.path().to_path_buf(), path, kind, stem, bytes });
    }
    fn path_of(f: &Found) -> &Path {
        match f {
            Found::Problem(d) | Found::Skipped(d) => &d.path,
            Found::File { path, .. } => path,
        }
    }
    found.sort_by_cached_key(|f| walk_order(path_of(f)));
    let mut to_read = Vec::with_capacity(found.len());
    for f in found {
        match f {
            Found::Skipped(d) => loaded.skipped.push(d),
            f => to_read.push(f),
        }
    }
    let read: Vec<Result<Document, Diagnostic>> = to_read
        .into_par_iter()
        .map(|f| match f {
            Found::Problem(d) | Found::Skipped(d) => Err(d),
            Found::File { full, path, kind, stem, bytes } => {
                // An article the memo made from these bytes is not read.
                let remembered = if kind == Kind::Article { known.get(key(&path)).copied() } else { None };
                if let Some(hash) = remembered {
                    let unread = Some(Unread { hash, full });
                    let (front_matter, body) = (String::new(), String::new());
                    return Ok(Document {
                        kind,
                        path,
                        stem,
                        front_matter,
                        front_matter_line: 0,
                        body,
                        body_line: 0,
                        unread,
                    });
                }
                let bytes = match bytes {
                    Some(bytes) => Ok(bytes),
                    None => read_regular(&full, &path),
                };
                let text = if crate::html::is_page(&stem_name(&path)) {
                    // Pages are read in their own charset, not as UTF-8.
                    bytes.map(|bytes| crate::html::charset::decode(&bytes, None).0)
                } else {
                    bytes.and_then(|bytes| crate::error::text(bytes, &path))
                };
                text.and_then(|text| split(kind, path, stem, &text))
            }
        })
        .collect();
    for r in read {
        match r {
            Ok(doc) => loaded.docs.push(doc),
            Err(d) => loaded.problems.push(d),
        }
    }
    // The sidecar of a raw file that could not be read, or was left out, is
    // not an error of its own: the raw file's problem says what is wrong.
    let left_out: Vec<PathBuf> = loaded.problems.iter().chain(&loaded.skipped).map(|d| d.path.clone()).collect();
    loaded.docs.retain(|d| !matches!(d.kind, Kind::Sidecar) || !left_out.iter().any(|p| same_item(p, &d.path)));
    loaded
}

/// Whether two content files are of one item: same folder, same name up to
/// the first dot (`a.txt` and `a.meta.yaml`).
fn same_item(a: &Path, b: &Path) -> bool {
    let stem = |p: &Path| p.file_name().and_then(|n| n.to_str()).map(|n| n.split('.').next().unwrap_or(n).to_string());
    a.parent() == b.parent() && stem(a) == stem(b)
}

/// A link or special file where content could be: skipped, with a word
/// (links are not followed, so that a site reads only its own files; a
/// named pipe would block the build). Other files nobody reads are not
/// worth one.
fn not_followed(full: &Path, path: &Path, file_type: std::fs::FileType) -> Option<Diagnostic> {
    if file_type.is_symlink() {
        let to_folder = std::fs::metadata(full).is_ok_and(|m| m.is_dir());
        (to_folder || classify(path).is_some()).then(|| {
            Diagnostic::new(path, None, "is a symbolic link: skipped")
                .hint("Broadsheet does not follow links in content/; move or copy the file itself here")
        })
    } else {
        classify(path).map(|_| {
            let d = crate::error::not_regular(path, file_type);
            Diagnostic { message: format!("{}: skipped", d.message), ..d }
        })
    }
}

/// A file or folder name that Windows refuses (`CON.md`, `nul/`) would
/// break a checkout of the site there: refused, naming a way out.
fn windows_reserved(path: &Path) -> Option<Diagnostic> {
    let name = path.components().skip(1).filter_map(|c| c.as_os_str().to_str()).find(|n| is_windows_reserved(n))?;
    let (base, rest) = name.split_once('.').map_or((name, ""), |(b, r)| (b, r));
    let suggestion = if rest.is_empty() { format!("{base}-1") } else { format!("{base}-1.{rest}") };
    Some(
        Diagnostic::new(
            path,
            None,
            format!("`{name}` is a reserved name on Windows: the site could not be checked out there"),
        )
        .hint(format!("rename it, e.g. to `{}`", suggestion.to_ascii_lowercase())),
    )
}

/// Which kind a content path is, and its stem; `None` for files Broadsheet
/// does not read (images, notes to self in other formats).
pub(crate) fn classify(path: &Path) -> Option<(Kind, String)> {
    let mut parts = path.components().skip(1); // "content"
    let folder = parts.next()?.as_os_str().to_str()?;
    if folder == ARCHIVE_DIR {
        return None;
    }
    let name = path.file_name()?.to_str()?;
    let (stem, kind) = if let Some(stem) = name.strip_suffix(".meta.yaml") {
        (stem, Kind::Sidecar)
    } else if let Some(stem) = name.strip_suffix(".md") {
        let kind = match folder {
            "articles" => Kind::Article,
            "topics" => Kind::Topic,
            "notes" => Kind::Note,
            "editions" => Kind::Edition,
            _ => return None,
        };
        (stem, kind)
    } else if let Some(stem) = name.strip_suffix(".txt") {
        (stem, Kind::RawArticle)
    } else if let Some(stem) = name.strip_suffix(".html").or_else(|| name.strip_suffix(".htm")) {
        // A saved web page: cleaned like a text dump, by the HTML front-end.
        (stem, Kind::RawArticle)
    } else {
        return None;
    };
    let allowed = match kind {
        Kind::Sidecar | Kind::RawArticle => folder == "articles",
        _ => true,
    };
    allowed.then(|| (kind, stem.to_string()))
}

fn stem_name(path: &Path) -> String {
    path.file_name().and_then(|n| n.to_str()).unwrap_or("").to_string()
}

/// Splits `---` front matter from the body.
pub fn split(kind: Kind, path: PathBuf, stem: String, text: &str) -> Result<Document, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if matches!(kind, Kind::RawArticle | Kind::Sidecar) {
        let (front_matter, body) = match kind {
            Kind::Sidecar => (text.to_string(), String::new()),
            _ => (String::new(), text.to_string()),
        };
        return Ok(Document { kind, path, stem, front_matter, front_matter_line: 1, body, body_line: 1, unread: None });
    }
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(Diagnostic::new(&path, Some(1), "the file does not start with front matter")
            .hint("start the file with a line `---`, then fields such as `title: \"…\"`, then another `---` line"));
    }
    let mut offset = first.len();
    for (i, line) in lines.enumerate() {
        if matches!(line.trim_end(), "---" | "...") {
            let front_matter = text[first.len()..offset].to_string();
            let body = text[offset + line.len()..].to_string();
            let body_line = i + 3;
            return Ok(Document {
                kind,
                path,
                stem,
                front_matter,
                front_matter_line: 2,
                body,
                body_line,
                unread: None,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::new(&path, Some(1), "the front matter is never closed")
        .hint("did you forget the closing `---` line after the front matter?"))
}

/// What sorts paths in the order of a walk that lists each folder by
/// name, depth first: by names, folder by folder — the path's bytes with
/// the separator made the lowest (a path holds no 0 byte). Sorting once by
/// these costs far less than walkdir's sort, which takes each name from
/// its path at every comparison.
fn walk_order(path: &Path) -> Vec<u8> {
    let bytes = path.as_os_str().as_encoded_bytes();
    bytes.iter().map(|&c| if std::path::is_separator(char::from(c)) { 0 } else { c }).collect()
}

fn relative(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root).unwrap_or(path).to_path_buf()
}

/// Editors' tools leave hidden files (`.DS_Store`, `.x.swp`); skip them.
fn is_hidden(path: &Path, base: &Path) -> bool {
    path.strip_prefix(base)
        .unwrap_or(path)
        .components()
        .any(|c| c.as_os_str().to_str().is_some_and(|s| s.starts_with('.') || s.ends_with('~')))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Result<Document, Diagnostic> {
        split(Kind::Article, "content/articles/a.md".into(), "a".into(), text)
    }

    #[test]
    fn splits_front_matter_and_counts_lines() {
        let d = doc("---\ntitle: x\nsource: y\n---\nBody\n").unwrap();
        assert_eq!(d.front_matter, "title: x\nsource: y\n");
        assert_eq!(d.body, "Body\n");
        assert_eq!(d.body_line, 5);
        assert_eq!(d.key_line("source"), Some(3));
    }

    #[test]
    fn missing_or_unclosed_front_matter_is_explained() {
        assert!(doc("title: x\n").unwrap_err().message.contains("does not start"));
        assert!(doc("---\ntitle: x\n").unwrap_err().message.contains("never closed"));
    }

    #[test]
    fn classifies_by_folder() {
        assert_eq!(classify(Path::new("content/articles/a.txt")), Some((Kind::RawArticle, "a".into())));
        assert_eq!(classify(Path::new("content/articles/a.meta.yaml")), Some((Kind::Sidecar, "a".into())));
        assert_eq!(classify(Path::new("content/notes/n.md")), Some((Kind::Note, "n".into())));
        assert_eq!(classify(Path::new("content/notes/n.txt")), None);
        assert_eq!(classify(Path::new("content/articles/p.html")), Some((Kind::RawArticle, "p".into())));
        assert_eq!(classify(Path::new("content/notes/p.html")), None);
        assert_eq!(classify(Path::new("content/articles/pic.jpg")), None);
        // Raw articles already cleaned into Markdown are kept, not read.
        assert_eq!(classify(Path::new("content/archive/a.txt")), None);
        assert_eq!(classify(Path::new("content/archive/a.md")), None);
        assert_eq!(classify(Path::new("content/archive/a.meta.yaml")), None);
    }

    /// Files come in the order of a walk listing each folder by name.
    #[test]
    fn files_load_in_the_order_of_a_sorted_walk() {
        let dir = tempfile::tempdir().unwrap();
        let names = ["a.md", "a/b.md", "a-b.md", "ab.md", "a/a/z.md", "b.md", "A.md", "é.md", "a0.md"];
        for name in names {
            let path = dir.path().join("content/articles").join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, "---\ntitle: t\n---\n").unwrap();
        }
        let loaded = load_knowing(dir.path(), &FileMap::default(), FileMap::default());
        let got: Vec<PathBuf> = loaded.docs.iter().map(|d| d.path.clone()).collect();
        let walked: Vec<PathBuf> = WalkDir::new(dir.path().join("content"))
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| relative(dir.path(), e.path()))
            .collect();
        assert_eq!(got, walked);
        assert_eq!(got.len(), names.len());
    }
}
