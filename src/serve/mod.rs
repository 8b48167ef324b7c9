//! `broadsheet serve`: a live preview. The site is built in memory (never
//! written to disk), served over HTTP from that memory, rebuilt whenever a
//! file it reads changes, and open browser tabs reload themselves.
//!
//! A failed build does not stop the server: every HTML page then shows the
//! problems, and the page comes back by itself once the file is fixed.
//!
//! Threads: `tiny_http` accepts connections; one thread answers each request
//! (long polls for reload block theirs); the caller's thread runs
//! [`Server::run`], the rebuild loop fed by the file watcher.

pub mod http;
pub mod reload;
pub mod watch;

use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, PoisonError, RwLock};
use std::thread;
use std::time::{Duration, Instant};

use crate::build::BuildOptions;
use crate::error::Error;
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
    pub elapsed: Duration,
    /// The number of pages rendered, or every problem found.
    pub outcome: Result<usize, Error>,
    /// Whether only the pages showing the changed file were rendered.
    pub incremental: bool,
}

/// What the rebuild loop reports.
#[derive(Debug, Clone)]
pub enum Event {
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
    pub fn snapshot(&self) -> Arc<Snapshot> {
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
        let listener = tiny_http::Server::http(wanted).map_err(|e| {
            let hint = if options.port == 0 { "" } else { " (pick another with --port, or --port 0 for any)" };
            format!("cannot listen on {wanted}: {e}{hint}")
        })?;
        let addr = listener.server_addr().to_ip().unwrap_or(wanted);
        let watch = Watch::start(&options.root)?;
        let live = LiveSite::new(BuildOptions {
            root: options.root.clone(),
            output: None,
            base_url: Some(format!("http://{addr}/")),
            drafts: options.drafts,
            future: options.future,
            now: None,
        });
        let mut server = Server { addr, shared: Arc::default(), watch, live };
        let first = server.rebuild(Vec::new());
        let shared = Arc::clone(&server.shared);
        thread::Builder::new()
            .name("broadsheet-http".into())
            .spawn(move || {
                for request in listener.incoming_requests() {
                    let shared = Arc::clone(&shared);
                    // A thread per request: a reload poll blocks its own.
                    // Should spawning fail, the dropped request gets a 500.
                    let _ = thread::Builder::new().spawn(move || http::handle(request, &shared));
                }
            })
            .map_err(|e| format!("cannot start the HTTP thread: {e}"))?;
        Ok((server, first))
    }

    /// The address actually listened on (the real port for port 0).
    pub fn addr(&self) -> SocketAddr {
        self.addr
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
        let result = self.live.update(&changed);
        let elapsed = started.elapsed();
        let previous = self.shared.snapshot();
        let version = previous.version + 1;
        let incremental = result.as_ref().is_ok_and(|u| u.incremental);
        let (snapshot, outcome) = match result {
            Ok(update) => (Snapshot { version, pages: update.pages, error: None }, Ok(update.rendered)),
            Err(e) => (Snapshot { version, pages: Arc::clone(&previous.pages), error: Some(e.clone()) }, Err(e)),
        };
        self.shared.publish(snapshot);
        // Name the files that mattered, not an editor's temporary files.
        let read = crate::live::relevant(&changed);
        let changed = if read.is_empty() { changed } else { read };
        Rebuild { changed, elapsed, outcome, incremental }
    }
}
