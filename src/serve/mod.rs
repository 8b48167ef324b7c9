//! `broadsheet serve`: a live preview. The site is built in memory (never
//! written to disk), served over HTTP from that memory, rebuilt whenever a
//! file it reads changes, and open browser tabs reload themselves.
//!
//! A failed build does not stop the server: every HTML page then shows the
//! problems, and the page comes back by itself once the file is fixed. Nor
//! does a build that panics: that too is shown as a problem.
//!
//! Threads: one accepts connections (`wire::accept`); one thread answers
//! each connection (long polls for reload block theirs); the caller's
//! thread runs [`Server::run`], the rebuild loop fed by the file watcher.

pub(crate) mod http;
pub(crate) mod reload;
pub(crate) mod watch;
pub(crate) mod wire;

use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, PoisonError, RwLock};
use std::thread;
use std::time::{Duration, Instant};

use crate::build::BuildOptions;
use crate::error::{Diagnostic, Error};
use crate::live::{LiveSite, PageMap};
use reload::Version;
use watch::{Change, Watch};

/// What `broadsheet serve` was asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder (holding `site.toml`).
    pub root: PathBuf,
    /// The address to listen on; the loopback address unless asked.
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Include drafts.
    pub drafts: bool,
    /// Include content dated in the future.
    pub future: bool,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            root: PathBuf::from("."),
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 1111,
            drafts: false,
            future: false,
        }
    }
}

/// One build of the preview.
#[derive(Debug, Clone)]
pub struct Rebuild {
    /// The files whose change caused it, relative to the root (empty for
    /// the first build).
    pub changed: Vec<PathBuf>,
    /// How long it took.
    pub elapsed: Duration,
    /// The number of pages rendered, or every problem found.
    pub outcome: Result<usize, Error>,
    /// Whether only the pages showing the changed file were rendered.
    pub incremental: bool,
    /// Content files left out (links, special files): warnings.
    pub skipped: Vec<Diagnostic>,
}

/// What the rebuild loop reports.
#[derive(Debug, Clone)]
pub enum Event {
    /// A build of the preview finished.
    Rebuilt(Rebuild),
    /// The file watcher had a problem; serving goes on.
    Watch(String),
}

/// One build as served: its pages, and its problems when it failed (the
/// pages are then the last good build's, for assets).
#[derive(Debug, Default)]
pub(crate) struct Snapshot {
    pub version: u64,
    pub pages: Arc<PageMap>,
    pub error: Option<Error>,
}

/// What the request threads share with the rebuild loop.
#[derive(Debug, Default)]
pub(crate) struct Shared {
    current: RwLock<Arc<Snapshot>>,
    pub version: Version,
}

impl Shared {
    pub(crate) fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.current.read().unwrap_or_else(PoisonError::into_inner))
    }

    /// Serves `snapshot` from now on, then wakes the reload polls: a poll
    /// that sees the new version always finds the new pages.
    fn publish(&self, snapshot: Snapshot) {
        let version = snapshot.version;
        *self.current.write().unwrap_or_else(PoisonError::into_inner) = Arc::new(snapshot);
        self.version.set(version);
    }
}

/// A running preview server.
pub struct Server {
    addr: SocketAddr,
    shared: Arc<Shared>,
    watch: Watch,
    live: LiveSite,
}

impl Server {
    /// Listens, starts watching, builds once and starts answering requests.
    /// A failing first build still starts the server (the returned
    /// [`Rebuild`] says what failed); only a port that cannot be had or a
    /// root that cannot be watched is an error.
    pub fn start(options: ServeOptions) -> Result<(Server, Rebuild), String> {
        if !options.root.is_dir() {
            return Err(format!("{} is not a folder", options.root.display()));
        }
        let wanted = SocketAddr::new(options.bind, options.port);
        let listener = TcpListener::bind(wanted).map_err(|e| {
            let hint = if options.port == 0 { "" } else { " (pick another with --port, or --port 0 for any)" };
            format!("cannot listen on {wanted}: {e}{hint}")
        })?;
        let addr = listener.local_addr().unwrap_or(wanted);
        let watch = Watch::start(&options.root)?;
        let live = LiveSite::new(BuildOptions {
            root: options.root.clone(),
            output: None,
            base_url: Some(format!("http://{addr}/")),
            drafts: options.drafts,
            future: options.future,
            now: None,
            cache: false,
            // It builds again on every change.
            exiting: false,
        });
        let mut server = Server { addr, shared: Arc::default(), watch, live };
        let first = server.rebuild(Vec::new());
        let shared = Arc::clone(&server.shared);
        let hosts = wire::Hosts::new(options.bind);
        thread::Builder::new()
            .name("broadsheet-http".into())
            .spawn(move || wire::accept(listener, hosts, shared))
            .map_err(|e| format!("cannot start the HTTP thread: {e}"))?;
        Ok((server, first))
    }

    /// The preview's URL, also the base URL of the pages it serves, so
    /// that every link's path starts at `/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// Rebuilds whenever a watched file changes, reporting each rebuild.
    /// Returns only when the watcher stops.
    pub fn run(mut self, mut on_event: impl FnMut(Event)) -> Result<(), String> {
        loop {
            let batch = self.watch.next_batch().ok_or("the file watcher stopped")?;
            let mut changed = BTreeSet::new();
            for change in batch {
                match change {
                    Change::Path(path) => {
                        changed.insert(path);
                    }
                    Change::Problem(problem) => on_event(Event::Watch(problem)),
                }
            }
            for problem in self.watch.refresh() {
                on_event(Event::Watch(problem));
            }
            if !changed.is_empty() {
                on_event(Event::Rebuilt(self.rebuild(changed.into_iter().collect())));
            }
        }
    }

    /// Brings the pages up to date in memory — only those showing the
    /// changed file when that is enough — then serves them. On failure the
    /// previous pages stay for assets and HTML requests get the error page.
    fn rebuild(&mut self, changed: Vec<PathBuf>) -> Rebuild {
        let started = Instant::now();
        // A bug in any stage must not take the preview down: the editor
        // sees it on the error page, and the next save tries again.
        let result = panic::catch_unwind(AssertUnwindSafe(|| self.live.update(&changed))).unwrap_or_else(|payload| {
            self.live.forget();
            Err(internal_error(&crate::live::relevant(&changed), payload.as_ref()))
        });
        let elapsed = started.elapsed();
        let previous = self.shared.snapshot();
        let version = previous.version + 1;
        let incremental = result.as_ref().is_ok_and(|u| u.incremental);
        let (snapshot, outcome, skipped) = match result {
            Ok(update) => (Snapshot { version, pages: update.pages, error: None }, Ok(update.rendered), update.skipped),
            Err(e) => {
                let pages = Arc::clone(&previous.pages);
                (Snapshot { version, pages, error: Some(e.clone()) }, Err(e), Vec::new())
            }
        };
        self.shared.publish(snapshot);
        // Name the files that mattered, not an editor's temporary files.
        let read = crate::live::relevant(&changed);
        let changed = if read.is_empty() { changed } else { read };
        Rebuild { changed, elapsed, outcome, incremental, skipped }
    }
}

/// A build that panicked, as a problem shown like any other: at the file
/// whose change set it off, when there is one.
fn internal_error(changed: &[PathBuf], payload: &(dyn std::any::Any + Send)) -> Error {
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string());
    let place = changed.first().map_or(Path::new(crate::config::CONFIG_FILE), PathBuf::as_path);
    Error::single(
        Diagnostic::new(place, None, format!("internal error while building: {message} — please report it"))
            .hint("this is a bug in Broadsheet; the preview keeps running and builds again on the next save"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_a_problem_at_the_changed_file() {
        let payload = panic::catch_unwind(|| panic!("boom {}", 7)).unwrap_err();
        let e = internal_error(&[PathBuf::from("content/articles/a.md")], payload.as_ref());
        let d = &e.diagnostics[0];
        assert_eq!(d.path, Path::new("content/articles/a.md"));
        assert_eq!(d.message, "internal error while building: boom 7 — please report it");
        let payload = panic::catch_unwind(|| panic!("plain")).unwrap_err();
        let e = internal_error(&[], payload.as_ref());
        assert_eq!(e.diagnostics[0].path, Path::new("site.toml"));
        assert!(e.diagnostics[0].message.contains(": plain —"));
    }
}
