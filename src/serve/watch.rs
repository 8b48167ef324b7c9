//! File watching: the folders a build reads. Changes that come close
//! together (one save is often several file-system events; a `git checkout`
//! is many) make one batch, so one rebuild.
//!
//! Only changes count: notify also reports files being opened and read,
//! which every build does, and a rebuild on those would never stop.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::{EventKind, MetadataKind, ModifyKind};
use notify::{RecommendedWatcher, RecursiveMode, Watcher};

use crate::config::CONFIG_FILE;

/// The folders under the site root whose files a build reads.
pub(crate) const FOLDERS: [&str; 4] = ["content", "themes", "templates", "static"];

/// A batch ends when no change came for this long...
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(60);
/// ...or when it is this old, so that a steady stream of changes still
/// rebuilds now and then.
pub(crate) const MAX_BATCH: Duration = Duration::from_millis(1000);

/// What the watcher reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Change {
    /// A file or folder a build reads, relative to the root.
    Path(PathBuf),
    /// The watcher had a problem.
    Problem(String),
}

/// Watches the root (not recursively: it sees `site.toml` and folders that
/// come and go) and each of [`FOLDERS`] that exists, recursively.
pub(crate) struct Watch {
    root: PathBuf,
    watcher: RecommendedWatcher,
    watched: BTreeSet<PathBuf>,
    changes: Receiver<Change>,
}

impl Watch {
    pub(crate) fn start(root: &Path) -> Result<Watch, String> {
        let root = root.canonicalize().map_err(|e| format!("{}: {e}", root.display()))?;
        let (tx, changes) = channel();
        let base = root.clone();
        let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| match event {
            Ok(event) if is_change(&event.kind) => {
                for path in &event.paths {
                    let rel = path.strip_prefix(&base).unwrap_or(path);
                    if relevant(rel) {
                        let _ = tx.send(Change::Path(rel.to_path_buf()));
                    }
                }
            }
            Ok(_) => {}
            Err(e) => {
                let _ = tx.send(Change::Problem(e.to_string()));
            }
        })
        .map_err(|e| format!("cannot watch files: {e}"))?;
        watcher
            .watch(&root, RecursiveMode::NonRecursive)
            .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
        let mut watch = Watch { root, watcher, watched: BTreeSet::new(), changes };
        if let Some(problem) = watch.refresh().into_iter().next() {
            return Err(problem);
        }
        Ok(watch)
    }

    /// Waits for a change, then gathers those that follow it closely.
    /// `None` when the watcher has stopped.
    pub(crate) fn next_batch(&self) -> Option<Vec<Change>> {
        let first = self.changes.recv().ok()?;
        let started = Instant::now();
        let mut batch = vec![first];
        loop {
            let wait = DEBOUNCE.min(MAX_BATCH.saturating_sub(started.elapsed()));
            match self.changes.recv_timeout(wait) {
                Ok(change) => batch.push(change),
                Err(RecvTimeoutError::Timeout) => return Some(batch),
                Err(RecvTimeoutError::Disconnected) => return Some(batch),
            }
        }
    }

    /// Starts watching folders that appeared and forgets those that went;
    /// returns what could not be watched.
    pub(crate) fn refresh(&mut self) -> Vec<String> {
        let mut problems = Vec::new();
        for name in FOLDERS {
            let dir = self.root.join(name);
            let present = dir.is_dir();
            let watched = self.watched.contains(&dir);
            if present && !watched {
                match self.watcher.watch(&dir, RecursiveMode::Recursive) {
                    Ok(()) => {
                        self.watched.insert(dir);
                    }
                    Err(e) => problems.push(format!("cannot watch {name}/: {e}")),
                }
            } else if !present && watched {
                // The watch may be gone with the folder already.
                let _ = self.watcher.unwatch(&dir);
                self.watched.remove(&dir);
            }
        }
        problems
    }
}

/// Whether an event is a change: not an open, a read or a close after
/// reading, nor a new access time.
fn is_change(kind: &EventKind) -> bool {
    !matches!(kind, EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime)))
}

/// Whether a change at `rel` (relative to the site root) can change the
/// site: `site.toml` and anything in [`FOLDERS`], but not hidden files or
/// editors' backup, swap and lock files.
pub(crate) fn relevant(rel: &Path) -> bool {
    let mut parts = Vec::new();
    for c in rel.components() {
        match c {
            Component::Normal(s) => parts.push(s.to_string_lossy()),
            _ => return false,
        }
    }
    let Some(name) = parts.last() else { return false };
    if parts.iter().any(|p| p.starts_with('.')) || is_editor_temp(name) {
        return false;
    }
    match parts.as_slice() {
        [only] => only == CONFIG_FILE || FOLDERS.contains(&only.as_ref()),
        [first, ..] => FOLDERS.contains(&first.as_ref()),
        [] => false,
    }
}

fn is_editor_temp(name: &str) -> bool {
    name.ends_with('~')
        || name.starts_with('#')
        || [".swp", ".swo", ".swx", ".tmp", ".bak"].iter().any(|x| name.ends_with(x))
        // Vim writes and removes a file of this name to test a folder.
        || name == "4913"
}

#[cfg(test)]
mod tests {
    use super::relevant;
    use std::path::Path;

    #[test]
    fn what_a_build_reads_is_relevant() {
        for p in [
            "site.toml",
            "content",
            "content/articles/a.md",
            "content/articles/a.txt",
            "themes/default/templates/base.html",
            "templates",
            "templates/article.html",
            "static/logo.svg",
        ] {
            assert!(relevant(Path::new(p)), "{p}");
        }
    }

    #[test]
    fn output_hidden_and_editor_files_are_not() {
        for p in [
            "public/index.html",
            "README.md",
            "site.toml~",
            ".site.toml.swp",
            "content/articles/.a.md.swp",
            "content/articles/a.md~",
            "content/articles/#a.md#",
            "content/articles/4913",
            "content/.git/index",
            "../content/a.md",
            "",
        ] {
            assert!(!relevant(Path::new(p)), "{p}");
        }
    }
}
