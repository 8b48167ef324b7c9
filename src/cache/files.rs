//! What folders hold, file by file: size, times and inode, and a hash of
//! the bytes. A file whose size, times and inode are as recorded holds the
//! recorded bytes (as git's index assumes), unless it was changed within
//! moments of being recorded, when the times may not tell; any other is
//! read and hashed again.

use rustc_hash::FxHashMap;
use std::fs;
use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use walkdir::WalkDir;

use crate::error::MAX_FILE_BYTES;

/// What the file system says of a file without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Stat {
    pub len: u64,
    /// Modification time, nanoseconds since 1970.
    pub modified: i128,
    /// Change time and inode where the system has them (0 elsewhere): a
    /// file replaced, or changed and its time set back, differs there.
    pub changed: i128,
    pub inode: u64,
}

impl Stat {
    pub(crate) fn of(meta: &fs::Metadata) -> Stat {
        let nanos = |t: std::io::Result<std::time::SystemTime>| {
            t.ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok()).map_or(0, |d| d.as_nanos() as i128)
        };
        #[cfg(unix)]
        let (changed, inode) = {
            use std::os::unix::fs::MetadataExt;
            (i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec()), meta.ino())
        };
        #[cfg(not(unix))]
        let (changed, inode) = (0, 0);
        Stat { len: meta.len(), modified: nanos(meta.modified()), changed, inode }
    }
}

/// One file, by its `/`-separated path under the folder scanned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct File {
    pub path: String,
    pub stat: Stat,
    pub hash: u128,
}

/// Times closer than this to the moment a file was recorded do not vouch
/// for its bytes: file systems keep times in ticks of up to a few
/// milliseconds, and an edit in the same tick keeps the time.
const TICK_NANOS: i128 = 2_000_000_000;

/// The files under `root` at these `parts` (files or folders, relative to
/// `root`; missing ones are skipped), sorted by path, hashed where
/// `known` (recorded at `recorded_at`, nanoseconds) does not vouch for
/// them. `None` when a folder cannot be read: the caller then trusts
/// nothing.
pub(crate) fn scan(root: &Path, parts: &[&str], known: &[File], recorded_at: i128) -> Option<Vec<File>> {
    scan_keeping(root, parts, known, recorded_at, |_| false).map(|(files, _)| files)
}

/// A file's path, as [`File`] has it, and the bytes read from it.
pub(crate) type Read = (String, Vec<u8>);

/// [`scan`], with the bytes of the files it read whose paths `keep`
/// accepts (within [`MAX_FILE_BYTES`]): the build reads the content files
/// next, and on a build from scratch reading each a second time was a
/// third of its system calls (50,000 at 10,000 articles).
pub(crate) fn scan_keeping(
    root: &Path,
    parts: &[&str],
    known: &[File],
    recorded_at: i128,
    keep: impl Fn(&str) -> bool + Sync,
) -> Option<(Vec<File>, Vec<Read>)> {
    // Listed in any order (the files are sorted by path at the end), then
    // looked at in parallel: on a large site the stat calls are most of a
    // rebuild with nothing to do.
    let mut found: Vec<(String, std::path::PathBuf)> = Vec::new();
    // Every path walked starts with the bytes of `root`: cut there, rather
    // than by `strip_prefix`, which parses both paths' components (a
    // third of the scan's instructions at 10,000 articles).
    let root_len = root.as_os_str().len();
    for part in parts {
        let start = root.join(part);
        if fs::symlink_metadata(&start).is_err() {
            continue;
        }
        for entry in WalkDir::new(&start) {
            let entry = entry.ok()?;
            if entry.file_type().is_dir() {
                continue;
            }
            let rel = entry.path().as_os_str().as_encoded_bytes().get(root_len..)?;
            let rel = std::str::from_utf8(rel).ok()?.trim_start_matches(std::path::is_separator);
            let path = rel.replace('\\', "/");
            found.push((path, entry.into_path()));
        }
    }
    let known: FxHashMap<&str, &File> = known.iter().map(|f| (f.path.as_str(), f)).collect();
    let scanned: Option<Vec<(File, Option<Vec<u8>>)>> = found
        .into_par_iter()
        .map(|(path, full)| {
            let meta = fs::symlink_metadata(&full).ok()?;
            let (stat, kind) = (Stat::of(&meta), meta.file_type());
            let vouched = known.get(path.as_str()).filter(|k| k.stat == stat && vouched(&stat, recorded_at));
            let (hash, bytes) = match vouched {
                Some(k) => (k.hash, None),
                None => {
                    let (hash, bytes) = contents(&full, kind)?;
                    (hash, bytes.filter(|b| b.len() as u64 <= MAX_FILE_BYTES && keep(&path)))
                }
            };
            Some((File { path, stat, hash }, bytes))
        })
        .collect();
    let scanned = scanned?;
    let (mut files, mut read) = (Vec::with_capacity(scanned.len()), Vec::new());
    for (file, bytes) in scanned {
        if let Some(bytes) = bytes {
            read.push((file.path.clone(), bytes));
        }
        files.push(file);
    }
    files.sort_unstable_by(|a, b| a.path.cmp(&b.path));
    Some((files, read))
}

/// The hash of a file's bytes, of a link's target; a named pipe or a
/// device is never read (it could block): its stat stands for it, and the
/// build says what is wrong with it. A file's bytes come with it.
fn contents(path: &Path, kind: fs::FileType) -> Option<(u128, Option<Vec<u8>>)> {
    if kind.is_file() {
        let bytes = fs::read(path).ok()?;
        Some((super::hash::of_bytes(&bytes), Some(bytes)))
    } else if kind.is_symlink() {
        Some((super::hash::of_bytes(fs::read_link(path).ok()?.to_string_lossy().as_bytes()), None))
    } else {
        Some((0, None))
    }
}

/// Whether a file with this stat, recorded at `recorded_at`, holds the
/// bytes recorded (while its stat stays the same).
pub(crate) fn vouched(stat: &Stat, recorded_at: i128) -> bool {
    stat.modified.max(stat.changed) < recorded_at - TICK_NANOS
}

/// Whether two scans found the same files with the same bytes.
pub(crate) fn same_bytes(a: &[File], b: &[File]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.path == y.path && x.hash == y.hash)
}

/// Nanoseconds since 1970, now.
pub(crate) fn now_nanos() -> i128 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos() as i128)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scan_keeps_the_bytes_it_read_of_the_paths_asked_for_only() {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("content/articles")).unwrap();
        fs::write(dir.path().join("content/articles/a.md"), "A").unwrap();
        fs::write(dir.path().join("site.toml"), "t").unwrap();
        let parts = ["site.toml", "content"];
        let keep = |p: &str| p.starts_with("content/");
        let (files, read) = scan_keeping(dir.path(), &parts, &[], 0, keep).unwrap();
        assert_eq!(files.len(), 2);
        assert_eq!(read, vec![("content/articles/a.md".to_string(), b"A".to_vec())]);
        assert_eq!(scan(dir.path(), &parts, &[], 0), Some(files.clone()));
        // Files the record vouches for are not read, so nothing is kept.
        let later = now_nanos() + 10 * TICK_NANOS;
        let (again, read) = scan_keeping(dir.path(), &parts, &files, later, keep).unwrap();
        assert!(same_bytes(&again, &files));
        assert!(read.is_empty());
    }
}
