//! A few pages changed in an output that is otherwise as the last build
//! left it: those files are replaced where they are, and nothing else is
//! touched (no staging folder, no swap, the marker kept).
//!
//! Each new file is first written beside its place under a hidden name;
//! only when all are written are they renamed over the old ones, so a
//! failure to write (a full disk) changes nothing. Every file is always
//! whole; a build killed during the renames leaves some pages new and
//! some old, which the next build sees (the files differ from what the
//! cache recorded) and puts right.

use std::fs;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::error::{Diagnostic, Result};
use crate::render::Page;

/// Writes `pages` into `output` and removes the files at `removed`
/// (paths relative to it), and the folders that leaves empty.
pub(super) fn apply(output: &Path, pages: &[&Page], removed: &[String]) -> Result<()> {
    for page in pages {
        crate::write::check_page_path(&page.path)?;
    }
    let cannot = |path: &Path, what: &str, e: std::io::Error| {
        Diagnostic::new(path, None, format!("cannot {what} {}: {e}", path.display()))
    };
    let written: Vec<std::result::Result<PathBuf, Diagnostic>> = pages
        .par_iter()
        .map(|page| {
            let target = output.join(&page.path);
            let temp = beside(&target);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent).map_err(|e| cannot(parent, "create folder", e))?;
            }
            fs::write(&temp, &page.bytes).map_err(|e| {
                let _ = fs::remove_file(&temp);
                cannot(&target, "write", e)
            })?;
            Ok(temp)
        })
        .collect();
    if let Some(problem) = written.iter().find_map(|w| w.as_ref().err()) {
        let problem = problem.clone();
        written.into_iter().flatten().for_each(|temp| {
            let _ = fs::remove_file(temp);
        });
        return Err(problem.into());
    }
    for (page, temp) in pages.iter().zip(written.into_iter().flatten()) {
        let target = output.join(&page.path);
        fs::rename(&temp, &target).map_err(|e| {
            let _ = fs::remove_file(&temp);
            cannot(&target, "write", e)
        })?;
    }
    for path in removed {
        crate::write::check_page_path(path)?;
        let target = output.join(path);
        match fs::remove_file(&target) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(cannot(&target, "remove", e).into()),
        }
        // A page's folder goes with its last file, as a full build leaves it out.
        let mut dir = target.parent();
        while let Some(d) = dir.filter(|d| *d != output && d.starts_with(output)) {
            if fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
    }
    Ok(())
}

/// A hidden name beside `target` that no page has.
fn beside(target: &Path) -> PathBuf {
    let name = target.file_name().and_then(|n| n.to_str()).unwrap_or("page");
    target.with_file_name(format!(".{name}.broadsheet-new-{}", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, text: &str) -> Page {
        Page { path: path.into(), bytes: text.as_bytes().to_vec() }
    }

    #[test]
    fn changes_only_the_pages_given_and_removes_what_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        fs::create_dir_all(out.join("a")).unwrap();
        fs::create_dir_all(out.join("gone/deep")).unwrap();
        fs::write(out.join("a/index.html"), "old").unwrap();
        fs::write(out.join("kept.html"), "kept").unwrap();
        fs::write(out.join("gone/deep/index.html"), "x").unwrap();
        apply(out, &[&page("a/index.html", "new"), &page("b/c/index.html", "added")], &["gone/deep/index.html".into()])
            .unwrap();
        assert_eq!(fs::read_to_string(out.join("a/index.html")).unwrap(), "new");
        assert_eq!(fs::read_to_string(out.join("b/c/index.html")).unwrap(), "added");
        assert_eq!(fs::read_to_string(out.join("kept.html")).unwrap(), "kept");
        assert!(!out.join("gone").exists(), "emptied folders go too");
        let names: Vec<_> = walkdir::WalkDir::new(out).into_iter().map(|e| e.unwrap().file_name().to_owned()).collect();
        assert!(!names.iter().any(|n| n.to_string_lossy().contains("broadsheet-new")), "{names:?}");
    }

    #[test]
    fn a_page_that_cannot_be_written_changes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        fs::write(out.join("a.html"), "old").unwrap();
        // A file where the page's folder would be.
        fs::write(out.join("blocked"), "").unwrap();
        let e = apply(out, &[&page("a.html", "new"), &page("blocked/index.html", "x")], &[]).unwrap_err();
        assert!(e.to_string().contains("blocked"), "{e}");
        assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "old");
        assert_eq!(fs::read_dir(out).unwrap().count(), 2, "no file left beside");
    }
}
