//! Where a theme's files come from: the site's own `themes/NAME/` folder
//! when it exists, else the default theme compiled into the binary.

use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use walkdir::WalkDir;

use crate::error::{read_regular, Diagnostic, Diagnostics, Result};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

pub const DEFAULT: &str = "default";

/// A file of a theme: its path inside `templates/` or `static/`, and bytes.
pub type ThemeFile = (String, Vec<u8>);

/// The theme's files under `part` (`templates` or `static`), sorted by path.
pub fn files(root: &Path, theme: &str, part: &str) -> Result<Vec<ThemeFile>> {
    let dir = theme_dir(root, theme);
    if dir.is_dir() {
        return read_folder(root, &dir.join(part));
    }
    if theme != DEFAULT {
        return Err(not_found(theme, None).into());
    }
    let mut out = Vec::new();
    if let Some(d) = DEFAULT_THEME.get_dir(part) {
        embedded(d, part, &mut out);
    }
    out.sort();
    Ok(out)
}

/// A `theme` in site.toml (set at `line`) with no folder.
pub fn not_found(theme: &str, line: Option<usize>) -> Diagnostic {
    Diagnostic::new(
        crate::config::CONFIG_FILE,
        line,
        format!("theme \"{theme}\" not found: there is no folder themes/{theme}"),
    )
    .hint("set `theme` in site.toml to a folder under themes/, or to \"default\"")
}

/// The site's own files under `folder` (e.g. `templates/`, `static/`).
pub fn read_folder(root: &Path, dir: &Path) -> Result<Vec<ThemeFile>> {
    let mut problems = Diagnostics::default();
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                problems.push(Diagnostic::new(
                    dir.strip_prefix(root).unwrap_or(dir),
                    None,
                    format!("cannot read: {e}"),
                ));
                continue;
            }
        };
        let file_type = entry.file_type();
        if file_type.is_dir() || file_type.is_symlink() {
            continue;
        }
        let path = entry.path();
        let shown = path.strip_prefix(root).unwrap_or(path);
        let name = path.strip_prefix(dir).unwrap_or(path).to_string_lossy().replace('\\', "/");
        match read_regular(path, shown) {
            Ok(bytes) => out.push((name, bytes)),
            Err(d) => problems.push(d),
        }
    }
    problems.finish(out)
}

pub fn theme_dir(root: &Path, theme: &str) -> PathBuf {
    root.join("themes").join(theme)
}

fn embedded(dir: &Dir, part: &str, out: &mut Vec<ThemeFile>) {
    for f in dir.files() {
        let rel = f.path().strip_prefix(part).unwrap_or(f.path());
        out.push((rel.to_string_lossy().replace('\\', "/"), f.contents().to_vec()));
    }
    for d in dir.dirs() {
        embedded(d, part, out);
    }
}
