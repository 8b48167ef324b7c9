//! Write: put the rendered pages on disk without ever losing the previous
//! output. Pages go into a fresh folder beside the output, which is swapped
//! in only once everything is written. Files whose bytes did not change are
//! hard-linked from the old output, so they keep their times.
//!
//! The swap is one atomic exchange of names where the system has one
//! (Linux `renameat2`, macOS `renameatx_np`). Elsewhere, or on a file
//! system that refuses it, the old output is first moved aside to
//! `.NAME.old-PID`; a build killed right then leaves no output, and the
//! next build puts that copy back before anything else.

use rayon::prelude::*;
use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::{Diagnostic, Result};
#[cfg(test)]
use crate::{progress::Progress, render::Page};

/// Marks a folder as Broadsheet's output, so that it may be replaced.
pub(crate) const MARKER: &str = ".broadsheet-output";

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Files new or changed.
    pub written: usize,
    /// Files with the same bytes as before.
    pub unchanged: usize,
    /// Files of the previous output that are gone.
    pub removed: usize,
}

#[cfg(test)]
pub(crate) fn write(pages: &[Page], output: &Path, progress: &dyn Progress) -> Result<WriteReport> {
    write_from(pages, output, &|_| None, progress)
}

/// The content file a page was made from, by the page's path, when known:
/// a page that cannot be written is reported at that file.
pub(crate) type Origin<'a> = &'a (dyn Fn(&str) -> Option<PathBuf> + Sync);

/// [`write`], with a problem writing a page reported at its content file.
#[cfg(test)]
pub(crate) fn write_from(
    pages: &[Page],
    output: &Path,
    origin: Origin,
    progress: &dyn Progress,
) -> Result<WriteReport> {
    let staging = Staging::new(output, pages.iter().map(|p| p.path.as_str()), origin)?;
    use rayon::prelude::*;
    progress.start(crate::progress::Phase::Write, pages.len());
    let problems: Vec<Diagnostic> = pages
        .par_iter()
        .filter_map(|page| {
            progress.advance(1);
            staging.put(&page.path, &page.bytes).err()
        })
        .collect();
    match problems.into_iter().next() {
        Some(d) => Err(d.into()),
        None => staging.finish(),
    }
}

/// A new output being filled: a hidden folder beside the output that pages
/// are written into as they are rendered, from any thread. [`Staging::finish`]
/// swaps it in; dropped unfinished (a failed build), it is deleted and the
/// old output is untouched.
pub(crate) struct Staging<'a> {
    dir: PathBuf,
    output: PathBuf,
    parent: PathBuf,
    name: String,
    origin: Origin<'a>,
    /// Whether there was an output to compare pages with: a first build
    /// looks for no old file.
    old: bool,
    written: AtomicUsize,
    unchanged: AtomicUsize,
    finished: bool,
}

impl<'a> Staging<'a> {
    /// Checks every path a build will write, and makes the staging folder
    /// with their folders and the [`MARKER`].
    pub(crate) fn new<'p>(
        output: &Path,
        paths: impl IntoIterator<Item = &'p str>,
        origin: Origin<'a>,
    ) -> Result<Staging<'a>> {
        let name = output.file_name().and_then(|n| n.to_str()).ok_or_else(|| {
            Diagnostic::new(output, None, "the output folder needs a name")
                .hint("pass --output with a folder such as public")
        })?;
        let parent = output.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let mut dirs = BTreeSet::from([""]);
        for path in paths {
            check_page_path(path)?;
            if let Some((dir, _)) = path.rsplit_once('/') {
                dirs.insert(dir);
            }
        }
        restore_interrupted(output);
        check_replaceable(output)?;
        fs::create_dir_all(parent).map_err(|e| Diagnostic::new(parent, None, format!("cannot write: {e}")))?;
        remove_leftovers(parent, name);
        let staging = Staging {
            dir: parent.join(format!(".{name}.new-{}", std::process::id())),
            output: output.to_path_buf(),
            parent: parent.to_path_buf(),
            name: name.to_string(),
            origin,
            old: output.is_dir(),
            written: AtomicUsize::new(0),
            unchanged: AtomicUsize::new(0),
            finished: false,
        };
        // A dropped `staging` removes what was made so far. A site has a
        // folder per page: they are made in parallel (each with its
        // parents), and the first that failed, in path order, is told.
        fs::create_dir_all(&staging.dir).map_err(|e| staging.cannot("", "create folder", e))?;
        let dirs: Vec<&str> = dirs.into_iter().collect();
        let made: Vec<io::Result<()>> = dirs.par_iter().map(|dir| fs::create_dir_all(staging.dir.join(dir))).collect();
        if let Some((dir, Err(e))) = dirs.iter().zip(made).find(|(_, r)| r.is_err()) {
            return Err(staging.cannot(dir, "create folder", e).into());
        }
        fs::write(staging.dir.join(MARKER), b"").map_err(|e| staging.cannot(MARKER, "write", e))?;
        Ok(staging)
    }

    /// Writes one page; bytes equal to the old output's file are
    /// hard-linked from it instead, so that the file keeps its time. Gives
    /// what the file system says of a file it wrote (the render cache
    /// records it: asking by path later walks the path again).
    pub(crate) fn put(&self, path: &str, bytes: &[u8]) -> Result<Option<fs::Metadata>, Diagnostic> {
        let old = self.output.join(path);
        let new = self.dir.join(path);
        let same = self.old
            && fs::metadata(&old).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
            && fs::read(&old).is_ok_and(|b| b == bytes);
        if same && fs::hard_link(&old, &new).is_ok() {
            self.unchanged.fetch_add(1, Ordering::Relaxed);
            return Ok(None);
        }
        let write = |path: &Path| -> io::Result<fs::Metadata> {
            let mut file = fs::File::create(path)?;
            io::Write::write_all(&mut file, bytes)?;
            file.metadata()
        };
        let meta = match write(&new) {
            Ok(meta) => meta,
            Err(e) => {
                // A path not given to `new`: its folder may be missing.
                let made = e.kind() == io::ErrorKind::NotFound
                    && check_page_path(path).is_ok()
                    && new.parent().is_some_and(|p| fs::create_dir_all(p).is_ok());
                if !made {
                    return Err(self.cannot(path, "write", e));
                }
                write(&new).map_err(|e| self.cannot(path, "write", e))?
            }
        };
        self.written.fetch_add(1, Ordering::Relaxed);
        Ok(Some(meta))
    }

    /// Swaps the filled folder in place of the output.
    pub(crate) fn finish(mut self) -> Result<WriteReport> {
        let removed = count_removed(&self.output, &self.dir);
        swap(&self.dir, &self.output, &self.parent, &self.name)
            .map_err(|e| Diagnostic::new(&self.output, None, format!("cannot write: {e}")))?;
        self.finished = true;
        Ok(WriteReport {
            written: self.written.load(Ordering::Relaxed),
            unchanged: self.unchanged.load(Ordering::Relaxed),
            removed,
        })
    }

    /// The staging folder is hidden and gone after the build: problems are
    /// told at the output path they were for, and at the content file when
    /// a page was made from one.
    fn cannot(&self, rel: &str, what: &str, e: io::Error) -> Diagnostic {
        let target = self.output.join(rel);
        let message = format!("cannot {what} {}: {}", target.display(), e);
        match (self.origin)(rel) {
            Some(file) => Diagnostic::new(file, None, message)
                .hint("the page for this file cannot be written: a shorter file name, or more disk space, may help"),
            None => Diagnostic::new(target, None, message),
        }
    }
}

impl Drop for Staging<'_> {
    fn drop(&mut self) {
        if !self.finished {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// A page path must stay inside the output folder.
pub(crate) fn check_page_path(path: &str) -> Result<(), Diagnostic> {
    let p = Path::new(path);
    let inside = !path.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_))) && !path.contains('\\');
    if inside {
        Ok(())
    } else {
        Err(Diagnostic::new(path, None, "refusing to write a file outside the output folder")
            .hint("rename the content or static file that produces this path"))
    }
}

/// Only an empty folder or an earlier Broadsheet output may be replaced:
/// pointing `--output` at a folder of one's own must not delete it.
pub(crate) fn check_replaceable(output: &Path) -> Result<(), Diagnostic> {
    if !output.exists() {
        return Ok(());
    }
    if !output.is_dir() {
        return Err(
            Diagnostic::new(output, None, "the output path exists and is not a folder").hint("choose another --output")
        );
    }
    let empty = fs::read_dir(output).map(|mut d| d.next().is_none()).unwrap_or(false);
    if empty || output.join(MARKER).exists() {
        Ok(())
    } else {
        Err(Diagnostic::new(
            output,
            None,
            "the output folder exists and was not made by Broadsheet; refusing to replace it",
        )
        .hint("choose another --output, or move that folder away first"))
    }
}

/// Files of the old output that the new one (`staging`) does not have.
fn count_removed(output: &Path, staging: &Path) -> usize {
    if !output.is_dir() {
        return 0;
    }
    walkdir::WalkDir::new(output)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .filter_map(|e| e.path().strip_prefix(output).ok().map(Path::to_path_buf))
        .filter(|p| p != Path::new(MARKER) && !staging.join(p).is_file())
        .count()
}

/// Puts the finished folder in place of the output: in one step when the
/// system can exchange two names, else by moving the old output aside
/// first (and back if the second rename fails).
fn swap(staging: &Path, output: &Path, parent: &Path, name: &str) -> io::Result<()> {
    if !output.exists() {
        return fs::rename(staging, output);
    }
    if exchange(staging, output) {
        // `staging` now holds the old output; what cannot be removed now
        // is removed by the next build.
        let _ = fs::remove_dir_all(staging);
        return Ok(());
    }
    swap_in_two_steps(staging, output, parent, name)
}

fn swap_in_two_steps(staging: &Path, output: &Path, parent: &Path, name: &str) -> io::Result<()> {
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    if old.exists() {
        fs::remove_dir_all(&old)?;
    }
    fs::rename(output, &old)?;
    // Killed here, the output is missing: `restore_interrupted` mends it.
    if let Err(e) = fs::rename(staging, output) {
        let _ = fs::rename(&old, output);
        return Err(e);
    }
    // The new output is in place: an old copy that cannot be removed now
    // is removed by the next build.
    let _ = fs::remove_dir_all(&old);
    Ok(())
}

/// Exchanges the two names atomically; `false` where the system or the
/// file system cannot (the caller falls back on two renames).
#[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
fn exchange(a: &Path, b: &Path) -> bool {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).is_ok()
}

#[cfg(not(any(target_os = "linux", target_os = "android", target_os = "macos")))]
fn exchange(_: &Path, _: &Path) -> bool {
    false
}

/// A build killed between the two renames of [`swap_in_two_steps`] left
/// no output and the old one as `.NAME.old-PID`: put the newest such copy
/// back (it carries the [`MARKER`]), so that the published site is never
/// lost and is not deleted as a leftover.
pub(crate) fn restore_interrupted(output: &Path) {
    if output.exists() {
        return;
    }
    let Some(name) = output.file_name().and_then(|n| n.to_str()) else { return };
    let parent = output.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let newest = leftovers(parent, &format!(".{name}.old-"))
        .into_iter()
        .filter(|p| p.join(MARKER).is_file())
        .max_by_key(|p| fs::metadata(p).and_then(|m| m.modified()).ok());
    if let Some(old) = newest {
        let _ = fs::rename(old, output);
    }
}

/// The folders beside the output named `PREFIX` + a process id.
fn leftovers(parent: &Path, prefix: &str) -> Vec<PathBuf> {
    let Ok(entries) = fs::read_dir(parent) else { return Vec::new() };
    entries
        .flatten()
        .filter(|entry| {
            let file_name = entry.file_name();
            let pid = file_name.to_str().and_then(|n| n.strip_prefix(prefix));
            pid.is_some_and(|pid| !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()))
        })
        .map(|entry| entry.path())
        .filter(|path| path.is_dir())
        .collect()
}

/// Folders an interrupted build left beside the output (`.public.new-PID`,
/// `.public.old-PID`): only Broadsheet makes names of that shape.
fn remove_leftovers(parent: &Path, name: &str) {
    for prefix in [format!(".{name}.new-"), format!(".{name}.old-")] {
        for path in leftovers(parent, &prefix) {
            let _ = fs::remove_dir_all(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(path: &str, text: &str) -> Page {
        Page { path: path.into(), bytes: text.as_bytes().to_vec() }
    }

    #[test]
    fn paths_outside_the_output_are_refused() {
        for bad in ["../x", "/etc/passwd", "a/../../b", "", "a\\..\\b"] {
            assert!(check_page_path(bad).is_err(), "{bad}");
        }
        assert!(check_page_path("articles/a/index.html").is_ok());
    }

    #[test]
    fn rewrites_only_what_changed_and_removes_what_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let r = write(&[page("a.html", "A"), page("b/c.html", "C")], &out, &crate::progress::Silent).unwrap();
        assert_eq!((r.written, r.unchanged, r.removed), (2, 0, 0));
        let r = write(&[page("a.html", "A"), page("d.html", "D")], &out, &crate::progress::Silent).unwrap();
        assert_eq!((r.written, r.unchanged, r.removed), (1, 1, 1));
        assert!(!out.join("b/c.html").exists());
        assert_eq!(fs::read_to_string(out.join("d.html")).unwrap(), "D");
        // Nothing is left beside the output.
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn leftovers_of_an_interrupted_build_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        fs::create_dir_all(dir.path().join(".public.new-99999/articles")).unwrap();
        fs::create_dir_all(dir.path().join(".public.new-notapid")).unwrap();
        write(&[page("a.html", "A")], &out, &crate::progress::Silent).unwrap();
        assert!(!dir.path().join(".public.new-99999").exists());
        assert!(dir.path().join(".public.new-notapid").exists(), "only names Broadsheet makes");
    }

    #[test]
    fn both_ways_of_swapping_replace_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&[page("a.html", "A")], &out, &crate::progress::Silent).unwrap();
        for (i, two_steps) in [false, true].into_iter().enumerate() {
            let staging = dir.path().join(format!(".public.new-{i}"));
            fs::create_dir_all(&staging).unwrap();
            fs::write(staging.join(MARKER), "").unwrap();
            fs::write(staging.join("a.html"), format!("A{i}")).unwrap();
            if two_steps {
                swap_in_two_steps(&staging, &out, dir.path(), "public").unwrap();
            } else {
                swap(&staging, &out, dir.path(), "public").unwrap();
            }
            assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), format!("A{i}"));
            let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
            assert_eq!(names, vec![std::ffi::OsString::from("public")], "two steps: {two_steps}");
        }
    }

    /// Linux's usual file systems (ext4, tmpfs, btrfs, xfs) exchange names.
    #[test]
    #[cfg(target_os = "linux")]
    fn linux_exchanges_two_folders_in_one_step() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("a")).unwrap();
        fs::create_dir(dir.path().join("b")).unwrap();
        fs::write(dir.path().join("a/x"), "").unwrap();
        assert!(exchange(&dir.path().join("a"), &dir.path().join("b")));
        assert!(dir.path().join("b/x").exists() && !dir.path().join("a/x").exists());
    }

    #[test]
    fn a_build_killed_mid_swap_gets_its_output_back() {
        // What a build killed between the two renames leaves: no output,
        // the old one moved aside.
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let old = dir.path().join(".public.old-123");
        fs::create_dir_all(old.join("b")).unwrap();
        fs::write(old.join(MARKER), "").unwrap();
        fs::write(old.join("a.html"), "A").unwrap();
        fs::write(old.join("b/c.html"), "C").unwrap();
        fs::create_dir_all(dir.path().join(".public.new-123")).unwrap();

        restore_interrupted(&out);
        assert_eq!(fs::read_to_string(out.join("b/c.html")).unwrap(), "C", "the old output is back");
        assert!(!old.exists());

        // The next build then starts from it, like any other.
        fs::remove_dir_all(&out).unwrap();
        fs::create_dir_all(&old).unwrap();
        fs::write(old.join(MARKER), "").unwrap();
        fs::write(old.join("a.html"), "A").unwrap();
        fs::write(old.join("z.html"), "Z").unwrap();
        let r = write(&[page("a.html", "A")], &out, &crate::progress::Silent).unwrap();
        assert_eq!((r.written, r.unchanged, r.removed), (0, 1, 1), "compared against the restored copy");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn a_page_that_cannot_be_written_is_told_at_its_output_path_or_content_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // Longer than any path the system takes.
        let deep = format!("{}index.html", "folder/".repeat(700));
        let e = write(&[page(&deep, "A")], &out, &crate::progress::Silent).unwrap_err();
        let d = &e.diagnostics[0];
        assert!(d.path.starts_with(&out), "{}", d.path.display());
        assert!(!e.to_string().contains(".public.new"), "names the hidden staging folder: {e}");
        let origin = |p: &str| p.starts_with("folder/").then(|| PathBuf::from("content/articles/deep.md"));
        let e = write_from(&[page(&deep, "A")], &out, &origin, &crate::progress::Silent).unwrap_err();
        assert_eq!(e.diagnostics[0].path, Path::new("content/articles/deep.md"), "{e}");
        assert!(!e.to_string().contains(".public.new"), "{e}");
        assert!(!out.exists() && fs::read_dir(dir.path()).unwrap().next().is_none(), "nothing left behind");
    }

    #[test]
    fn an_unfinished_staging_folder_is_removed_and_the_output_kept() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&[page("a.html", "A")], &out, &crate::progress::Silent).unwrap();
        let staging = Staging::new(&out, ["a.html"], &|_| None).unwrap();
        staging.put("a.html", b"new").unwrap();
        drop(staging);
        assert_eq!(fs::read_to_string(out.join("a.html")).unwrap(), "A");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn a_folder_not_made_by_broadsheet_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("precious.txt"), "mine").unwrap();
        let e = write(&[page("a.html", "A")], dir.path(), &crate::progress::Silent).unwrap_err();
        assert!(e.to_string().contains("refusing to replace"), "{e}");
        assert!(dir.path().join("precious.txt").exists());
    }
}
