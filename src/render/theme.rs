//! Where a theme's files come from: the default theme compiled into the
//! binary, overridden file by file by the site's `themes/NAME/` folder.

use std::path::{Path, PathBuf};

use include_dir::{include_dir, Dir};
use walkdir::WalkDir;

use crate::error::{read_regular, Diagnostic, Diagnostics, Result};

static DEFAULT_THEME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

pub(crate) const DEFAULT: &str = "default";

/// The site's folder of themes.
pub(crate) const THEMES_DIR: &str = "themes";
/// A theme's (and a site's own) folder of templates.
pub(crate) const TEMPLATES_DIR: &str = "templates";
/// A theme's (and a site's own) folder of files copied as they are.
pub(crate) const STATIC_DIR: &str = "static";

/// A file of a theme: its path inside `templates/` or `static/`, and bytes.
pub(crate) type ThemeFile = (String, Vec<u8>);

/// One source of a theme's files, and the folder they are shown as.
pub(crate) struct Layer {
    pub folder: String,
    pub files: Vec<ThemeFile>,
}

/// The theme's files under `part` (`templates` or `static`), in layers
/// that override the ones before: the default theme compiled into the
/// binary, then the theme's own folder (when the site has one; for any
/// theme but the default, it must). A theme holds only what it changes.
pub(crate) fn layers(root: &Path, theme: &str, part: &str) -> Result<Vec<Layer>> {
    let mut builtin = Vec::new();
    if let Some(d) = DEFAULT_THEME.get_dir(part) {
        embedded(d, part, &mut builtin);
    }
    builtin.sort();
    let mut layers = vec![Layer { folder: format!("{THEMES_DIR}/{DEFAULT}/{part}"), files: builtin }];
    let dir = theme_dir(root, theme);
    if dir.is_dir() {
        layers
            .push(Layer { folder: format!("{THEMES_DIR}/{theme}/{part}"), files: read_folder(root, &dir.join(part))? });
    } else if theme != DEFAULT {
        return Err(not_found(theme, None).into());
    }
    Ok(layers)
}

/// A `theme` in site.toml (set at `line`) with no folder.
pub(crate) fn not_found(theme: &str, line: Option<usize>) -> Diagnostic {
    Diagnostic::new(
        crate::config::CONFIG_FILE,
        line,
        format!("theme \"{theme}\" not found: there is no folder themes/{theme}"),
    )
    .hint("set `theme` in site.toml to a folder under themes/, or to \"default\"")
}

/// The site's own files under `folder` (e.g. `templates/`, `static/`).
pub(crate) fn read_folder(root: &Path, dir: &Path) -> Result<Vec<ThemeFile>> {
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

pub(crate) fn theme_dir(root: &Path, theme: &str) -> PathBuf {
    root.join(THEMES_DIR).join(theme)
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
