//! Diagnostics: every problem names its file, its line where it has one,
//! what is wrong and what would fix it. A build collects all of them and
//! reports them together.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem found in the input (a warning is kept by the render cache,
/// to be told again by a build that has nothing to do).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct Diagnostic {
    /// The file at fault, relative to the site root where possible.
    pub path: PathBuf,
    /// 1-based line in that file, when the problem has one.
    pub line: Option<usize>,
    /// What is wrong, in a sentence.
    pub message: String,
    /// What the editor can do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A problem at `path` (and `line`); long messages are shortened.
    pub fn new(path: impl AsRef<Path>, line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic { path: path.as_ref().to_path_buf(), line, message: shorten(message.into()), hint: None }
    }

    /// Adds what the editor can do about it.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(shorten(hint.into()));
        self
    }
}

/// Longest message or hint kept whole: a bad value can be megabytes long,
/// and an error that quotes it whole is unreadable.
const MAX_MESSAGE: usize = 400;

fn shorten(text: String) -> String {
    if text.len() <= MAX_MESSAGE {
        return text;
    }
    let mut end = MAX_MESSAGE;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} more bytes not shown)", &text[..end], text.len() - end)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n    hint: {hint}")?;
        }
        Ok(())
    }
}

/// Everything that stopped a build, in a stable order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// Every problem, sorted by file and line, each once.
    pub diagnostics: Vec<Diagnostic>,
}

impl Error {
    /// The problems, sorted and without repeats.
    pub fn new(mut diagnostics: Vec<Diagnostic>) -> Self {
        diagnostics.sort();
        diagnostics.dedup();
        Error { diagnostics }
    }

    /// One problem.
    pub fn single(diagnostic: Diagnostic) -> Self {
        Error { diagnostics: vec![diagnostic] }
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::single(d)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.diagnostics.as_slice() {
            [one] => write!(f, "error: {one}"),
            many => {
                writeln!(f, "found {} errors:", many.len())?;
                for (i, d) in many.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{:>3}. {d}", i + 1)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for Error {}

pub(crate) type Result<T, E = Error> = std::result::Result<T, E>;

/// Collects diagnostics so that all problems of a stage are reported at once.
#[derive(Debug, Default)]
pub(crate) struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    pub(crate) fn push(&mut self, d: Diagnostic) {
        self.list.push(d);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// `Ok(value)` when nothing was collected, else every problem together.
    pub(crate) fn finish<T>(self, value: T) -> Result<T> {
        if self.list.is_empty() {
            Ok(value)
        } else {
            Err(Error::new(self.list))
        }
    }
}

/// Largest file Broadsheet reads. The longest news stories are a few
/// hundred kilobytes and a saved page a few megabytes; a build holds about
/// a dozen copies of a raw text while cleaning it, so the limit also bounds
/// memory.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

fn too_big(shown_as: &Path, size: u64) -> Diagnostic {
    Diagnostic::new(
        shown_as,
        None,
        format!("file is {} MiB; Broadsheet reads files up to {} MiB", size >> 20, MAX_FILE_BYTES >> 20),
    )
    .hint("is this really one article? split it, or keep only the story's text")
}

/// Reads a file as UTF-8, naming it in the error.
pub fn read_text(path: &Path, shown_as: &Path) -> Result<String, Diagnostic> {
    text(read_regular(path, shown_as)?, shown_as)
}

/// A file's bytes as UTF-8, naming it in the error.
pub(crate) fn text(bytes: Vec<u8>, shown_as: &Path) -> Result<String, Diagnostic> {
    String::from_utf8(bytes).map_err(|e| {
        let upto = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let line = upto.iter().filter(|&&b| b == b'\n').count() + 1;
        Diagnostic::new(shown_as, Some(line), "file is not valid UTF-8 text")
            .hint("save the file as UTF-8 (most editors offer this under \"Save with encoding\")")
    })
}

/// Reads a file the user supplied, refusing anything but a regular file
/// (followed through links): reading a named pipe blocks the build for
/// ever, and a device may never end.
pub fn read_regular(path: &Path, shown_as: &Path) -> Result<Vec<u8>, Diagnostic> {
    let cannot = |e: std::io::Error| Diagnostic::new(shown_as, None, format!("cannot read file: {e}"));
    let metadata = std::fs::metadata(path).map_err(cannot)?;
    if !metadata.file_type().is_file() {
        return Err(not_regular(shown_as, metadata.file_type()));
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(too_big(shown_as, metadata.len()));
    }
    // Read at most one byte past the limit: a file growing while it is read
    // is still refused rather than read without end.
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(cannot)?;
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(cannot)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(shown_as, bytes.len() as u64));
    }
    Ok(bytes)
}

/// The problem with a path that is not a regular file.
pub(crate) fn not_regular(shown_as: &Path, file_type: std::fs::FileType) -> Diagnostic {
    Diagnostic::new(shown_as, None, format!("is {}, not a regular file", file_kind(file_type)))
        .hint("Broadsheet reads only regular files: put an ordinary file here, or remove this")
}

/// What a file type is, in words.
pub(crate) fn file_kind(file_type: std::fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_socket() {
            return "a socket";
        }
        if file_type.is_block_device() || file_type.is_char_device() {
            return "a device";
        }
    }
    if file_type.is_dir() {
        "a folder"
    } else if file_type.is_symlink() {
        "a symbolic link"
    } else if file_type.is_file() {
        "a regular file"
    } else {
        "a special file"
    }
}

#[cfg(test)]
mod tests {
    use super::Diagnostic;

    #[test]
    fn a_huge_value_is_cut_in_the_message() {
        let value = "é".repeat(1_000_000);
        let d = Diagnostic::new("a.md", Some(3), format!("bad value \"{value}\"")).hint(value.clone());
        assert!(d.message.len() < 500 && d.message.ends_with("more bytes not shown)"), "{}", d.message.len());
        assert!(d.hint.unwrap().len() < 500);
        assert_eq!(Diagnostic::new("a.md", None, "short").message, "short");
    }
}
