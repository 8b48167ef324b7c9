//! Progress of a long build, for the binary to show on a terminal. The
//! library only reports; it never prints.

/// A stage of a build that reports progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Rendering pages.
    Render,
    /// Writing files.
    Write,
}

impl Phase {
    /// The phase in words, for a progress bar.
    pub fn name(self) -> &'static str {
        match self {
            Phase::Render => "rendering",
            Phase::Write => "writing",
        }
    }
}

/// Receives progress; every method may be called from several threads.
pub trait Progress: Sync {
    /// A phase begins with `total` items.
    fn start(&self, _phase: Phase, _total: usize) {}
    /// `n` more items of the current phase are done.
    fn advance(&self, _n: usize) {}
}

/// Reports nothing.
pub struct Silent;

impl Progress for Silent {}
