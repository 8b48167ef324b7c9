//! Live reload: a build version that long-polls wait on, and the small
//! script injected into every served HTML page that polls it.
//!
//! The script asks `/__broadsheet/reload?since=N`, where N is the version of
//! the build that made the page. The server answers as soon as its version
//! differs from N (or after [`LONG_POLL`], with the same version); the page
//! reloads when the answer differs from N and polls again when it does not.
//! "Differs" rather than "is greater": a restarted server counts from 1
//! again, and open tabs still pick up its pages.

use std::sync::{Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// The URL path of the long-poll endpoint.
pub(crate) const ENDPOINT: &str = "/__broadsheet/reload";

/// How long a poll is held open before it is answered with no change.
pub(crate) const LONG_POLL: Duration = Duration::from_secs(25);

/// The current build version; waiters wake when it changes.
#[derive(Debug, Default)]
pub(crate) struct Version {
    current: Mutex<u64>,
    changed: Condvar,
}

impl Version {
    pub(crate) fn get(&self) -> u64 {
        *self.current.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Sets the version and wakes every waiting poll.
    pub(crate) fn set(&self, version: u64) {
        *self.current.lock().unwrap_or_else(PoisonError::into_inner) = version;
        self.changed.notify_all();
    }

    /// Blocks until the version differs from `since`, or `timeout` passes;
    /// returns the version then.
    pub(crate) fn wait_change(&self, since: u64, timeout: Duration) -> u64 {
        let deadline = Instant::now() + timeout;
        let mut current = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        while *current == since {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            current = self.changed.wait_timeout(current, left).unwrap_or_else(PoisonError::into_inner).0;
        }
        *current
    }
}

/// The script that reloads the page when a build other than `version` is
/// served. Plain ES5 so that any browser runs it.
pub(crate) fn script(version: u64) -> String {
    format!(
        "<script data-broadsheet-reload>(function(){{var v={version},d=250;\
function poll(){{fetch(\"{ENDPOINT}?since=\"+v,{{cache:\"no-store\"}})\
.then(function(r){{if(!r.ok)throw new Error(r.status);return r.text()}})\
.then(function(t){{d=250;if(parseInt(t,10)!==v){{location.reload()}}else{{poll()}}}})\
.catch(function(){{setTimeout(poll,d);d=Math.min(d*2,5000)}})}}poll()}})();</script>"
    )
}

/// `html` with the reload script inserted just before its last `</body>`,
/// or at its end when it has none.
pub(crate) fn inject(html: &[u8], version: u64) -> Vec<u8> {
    let script = script(version);
    let at = find_last_ci(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + script.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last_ci(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.len() > haystack.len() {
        return None;
    }
    (0..=haystack.len() - needle.len()).rev().find(|&i| haystack[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn the_script_goes_before_the_last_body_end() {
        let out = String::from_utf8(inject(b"<html><BODY><p>x</p></Body></html>", 7)).unwrap();
        assert!(out.starts_with("<html><BODY><p>x</p><script data-broadsheet-reload>"), "{out}");
        assert!(out.ends_with("</script></Body></html>"), "{out}");
        assert!(out.contains("var v=7,"), "{out}");
    }

    #[test]
    fn without_a_body_end_the_script_is_appended() {
        let out = String::from_utf8(inject(b"<p>bare", 1)).unwrap();
        assert!(out.starts_with("<p>bare<script"), "{out}");
    }

    #[test]
    fn a_wait_returns_at_once_when_the_version_already_differs() {
        let v = Version::default();
        v.set(3);
        assert_eq!(v.wait_change(5, Duration::from_secs(10)), 3);
    }

    #[test]
    fn a_wait_times_out_with_the_same_version() {
        let v = Version::default();
        v.set(2);
        assert_eq!(v.wait_change(2, Duration::from_millis(20)), 2);
    }

    #[test]
    fn a_wait_wakes_on_a_new_version() {
        let v = Arc::new(Version::default());
        v.set(1);
        let waiter = {
            let v = Arc::clone(&v);
            std::thread::spawn(move || v.wait_change(1, Duration::from_secs(10)))
        };
        std::thread::sleep(Duration::from_millis(20));
        v.set(2);
        assert_eq!(waiter.join().unwrap(), 2);
    }
}
