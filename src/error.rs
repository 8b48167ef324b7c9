//! Diagnostics: every problem names its file, its line where it has one,
//! what is wrong and what would fix it. A build collects all of them and
//! reports them together.

use std::fmt;
use std::path::{Path, PathBuf};

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Diagnostic {
    /// The file at fault, relative to the site root where possible.
    pub path: PathBuf,
    /// 1-based line in that file, when the problem has one.
    pub line: Option<usize>,
    pub message: String,
    /// What the editor can do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(path: impl AsRef<Path>, line: Option<usize>, message: impl Into<String>) -> Self {
        Diagnostic { path: path.as_ref().to_path_buf(), line, message: message.into(), hint: None }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
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
    pub diagnostics: Vec<Diagnostic>,
}

impl Error {
    pub fn new(mut diagnostics: Vec<Diagnostic>) -> Self {
        diagnostics.sort();
        diagnostics.dedup();
        Error { diagnostics }
    }

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

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Collects diagnostics so that all problems of a stage are reported at once.
#[derive(Debug, Default)]
pub struct Diagnostics {
    list: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.list.push(d);
    }

    pub fn extend(&mut self, e: Error) {
        self.list.extend(e.diagnostics);
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// `Ok(value)` when nothing was collected, else every problem together.
    pub fn finish<T>(self, value: T) -> Result<T> {
        if self.list.is_empty() {
            Ok(value)
        } else {
            Err(Error::new(self.list))
        }
    }
}

/// Reads a file as UTF-8, naming it in the error.
pub fn read_text(path: &Path, shown_as: &Path) -> Result<String, Diagnostic> {
    let bytes = read_regular(path, shown_as)?;
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
    let file_type = std::fs::metadata(path).map_err(cannot)?.file_type();
    if !file_type.is_file() {
        return Err(not_regular(shown_as, file_type));
    }
    std::fs::read(path).map_err(cannot)
}

/// The problem with a path that is not a regular file.
pub fn not_regular(shown_as: &Path, file_type: std::fs::FileType) -> Diagnostic {
    Diagnostic::new(shown_as, None, format!("is {}, not a regular file", file_kind(file_type)))
        .hint("Broadsheet reads only regular files: put an ordinary file here, or remove this")
}

/// What a file type is, in words.
pub fn file_kind(file_type: std::fs::FileType) -> &'static str {
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
