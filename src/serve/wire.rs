//! HTTP/1.1 on the wire, over `std::net`: one thread per connection, one
//! request per connection (every reply says `Connection: close`).
//!
//! Our own rather than tiny_http, which reads a request header of any size
//! in full, has no read timeout, and reads on a small thread pool, so that
//! a few dozen idle connections left real requests unanswered. Here a
//! request head is at most [`MAX_HEAD`] bytes and must arrive within
//! [`HEAD_TIME`]; idle connections cost one sleeping thread each, up to
//! [`MAX_CONNECTIONS`].

use std::io::{self, Read, Write};
use std::net::{IpAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use super::http::{self, Reply};
use super::Shared;

/// The largest request head (request line and headers) read.
pub(crate) const MAX_HEAD: usize = 16 * 1024;
/// How long a client has to send its whole request head.
pub(crate) const HEAD_TIME: Duration = Duration::from_secs(10);
/// How long writing a reply may stall.
const WRITE_TIME: Duration = Duration::from_secs(30);
/// Connections answered at once; past this, new ones get a 503.
pub(crate) const MAX_CONNECTIONS: usize = 512;

/// Which `Host` headers are answered: a page on another site whose name
/// resolves to this machine (DNS rebinding) must not read the preview.
#[derive(Debug, Clone)]
pub(crate) struct Hosts {
    /// The address listened on.
    bind: IpAddr,
}

impl Hosts {
    pub(crate) fn new(bind: IpAddr) -> Hosts {
        Hosts { bind }
    }

    /// Whether a request naming `host` (with or without a port) is
    /// answered: on a loopback address, only the loopback names and the
    /// address itself; once `--bind` opens the preview to other machines,
    /// any name, since they reach it by names of their own.
    pub(crate) fn allows(&self, host: &str) -> bool {
        if !self.bind.is_loopback() {
            return true;
        }
        let name = strip_port(host.trim()).to_ascii_lowercase();
        let name = name.strip_suffix('.').unwrap_or(&name);
        if name == "localhost" {
            return true;
        }
        let bare = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')).unwrap_or(name);
        bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback() || ip == self.bind)
    }
}

/// `host:port` → `host`; `[::1]:port` → `[::1]`.
fn strip_port(host: &str) -> &str {
    if host.starts_with('[') {
        return host.find(']').map_or(host, |end| &host[..=end]);
    }
    match host.rsplit_once(':') {
        Some((name, port)) if !name.contains(':') && port.bytes().all(|b| b.is_ascii_digit()) => name,
        _ => host,
    }
}

/// One request head as read from the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Head {
    pub method: String,
    pub target: String,
    /// `Host`, when the request has one.
    pub host: Option<String>,
    /// HTTP/1.0 requests need no `Host`.
    pub http10: bool,
    /// Whether the request says it carries a body (which is never read).
    pub has_body: bool,
}

/// Why a request head could not be read; each has the reply it gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Bad {
    TooLarge,
    TooSlow,
    Malformed(&'static str),
    /// The client closed or broke the connection: nothing to answer.
    Gone,
}

impl Bad {
    fn reply(&self) -> Option<Reply> {
        match self {
            Bad::TooLarge => Some(Reply::text(431, "request header too large\n")),
            Bad::TooSlow => Some(Reply::text(408, "request header not received in time\n")),
            Bad::Malformed(why) => Some(Reply::text(400, &format!("bad request: {why}\n"))),
            Bad::Gone => None,
        }
    }
}

/// Reads up to the blank line that ends a request head, never more than
/// [`MAX_HEAD`] bytes and never past `deadline`.
fn read_head(stream: &mut TcpStream, deadline: Instant) -> Result<Vec<u8>, Bad> {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Bad::TooSlow);
        }
        stream.set_read_timeout(Some(left)).map_err(|_| Bad::Gone)?;
        let room = (MAX_HEAD + 1 - head.len()).min(chunk.len());
        let n = match stream.read(&mut chunk[..room]) {
            Ok(0) => return Err(Bad::Gone),
            Ok(n) => n,
            Err(e) if matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut) => {
                return Err(Bad::TooSlow)
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(_) => return Err(Bad::Gone),
        };
        // Only the bytes just read, and the three before, can complete
        // the blank line.
        let from = head.len().saturating_sub(3);
        head.extend_from_slice(&chunk[..n]);
        if let Some(end) = find(&head[from..], b"\r\n\r\n").map(|i| from + i + 4) {
            head.truncate(end);
            return Ok(head);
        }
        if head.len() > MAX_HEAD {
            return Err(Bad::TooLarge);
        }
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Parses a request head (ending in the blank line).
pub(crate) fn parse_head(raw: &[u8]) -> Result<Head, Bad> {
    let text = std::str::from_utf8(raw).map_err(|_| Bad::Malformed("the request header is not UTF-8"))?;
    let mut lines = text.split("\r\n");
    let request_line = lines.next().unwrap_or("");
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Bad::Malformed("the request line is not `METHOD TARGET HTTP/1.1`"));
    };
    let http10 = match version {
        "HTTP/1.1" => false,
        "HTTP/1.0" => true,
        _ => return Err(Bad::Malformed("only HTTP/1.0 and HTTP/1.1 are spoken here")),
    };
    if method.is_empty() || target.is_empty() {
        return Err(Bad::Malformed("the request line is not `METHOD TARGET HTTP/1.1`"));
    }
    let mut host = None;
    let mut has_body = false;
    for line in lines.take_while(|l| !l.is_empty()) {
        let (name, value) = line.split_once(':').ok_or(Bad::Malformed("a header line without `:`"))?;
        let value = value.trim();
        if name.eq_ignore_ascii_case("host") {
            if host.is_some() {
                return Err(Bad::Malformed("more than one Host header"));
            }
            host = Some(value.to_string());
        } else if name.eq_ignore_ascii_case("transfer-encoding")
            || (name.eq_ignore_ascii_case("content-length") && value != "0")
        {
            has_body = true;
        }
    }
    Ok(Head { method: method.to_string(), target: target.to_string(), host, http10, has_body })
}

/// The reply to a request head: the host check first, then the site.
fn answer(head: &Head, hosts: &Hosts, shared: &Shared) -> Reply {
    match &head.host {
        None if !head.http10 => return Reply::text(400, "bad request: an HTTP/1.1 request needs a Host header\n"),
        Some(host) if !hosts.allows(host) => {
            return Reply::text(
                403,
                "this preview answers only requests for localhost (or the address it listens on); \
to open it to other names, start it with --bind\n",
            )
        }
        _ => {}
    }
    if head.has_body {
        return Reply::text(405, "method not allowed: the preview serves GET and HEAD only\n");
    }
    http::respond(shared, &head.method, &head.target)
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// Writes `reply` (without its body for HEAD), then closes.
fn send(stream: &mut TcpStream, reply: &Reply, with_body: bool) -> io::Result<()> {
    let _ = stream.set_write_timeout(Some(WRITE_TIME));
    let mut head = format!(
        "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\nCache-Control: no-store\r\n\
X-Content-Type-Options: nosniff\r\nConnection: close\r\n",
        reply.status,
        reason(reply.status),
        reply.content_type,
        reply.body.len()
    );
    if let Some(location) = &reply.location {
        // `resolve` makes every location printable ASCII.
        head.push_str(&format!("Location: {location}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if with_body {
        stream.write_all(&reply.body)?;
    }
    stream.flush()?;
    stream.shutdown(std::net::Shutdown::Write)
}

/// Reads one request from `stream` and answers it.
fn serve_connection(mut stream: TcpStream, hosts: &Hosts, shared: &Shared) {
    let deadline = Instant::now() + HEAD_TIME;
    let (reply, with_body) = match read_head(&mut stream, deadline).and_then(|raw| parse_head(&raw)) {
        Ok(head) => (answer(&head, hosts, shared), head.method != "HEAD"),
        Err(bad) => match bad.reply() {
            Some(reply) => (reply, true),
            None => return,
        },
    };
    // A client that went away is no one's problem.
    let _ = send(&mut stream, &reply, with_body);
}

/// Counts a connection while it is being answered.
struct Slot(Arc<AtomicUsize>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Accepts connections for ever, a thread for each.
pub(crate) fn accept(listener: TcpListener, hosts: Hosts, shared: Arc<Shared>) {
    let open = Arc::new(AtomicUsize::new(0));
    let hosts = Arc::new(hosts);
    for stream in listener.incoming() {
        let mut stream = match stream {
            Ok(s) => s,
            // Out of file descriptors, most likely: let some close.
            Err(_) => {
                thread::sleep(Duration::from_millis(50));
                continue;
            }
        };
        if open.fetch_add(1, Ordering::AcqRel) >= MAX_CONNECTIONS {
            open.fetch_sub(1, Ordering::AcqRel);
            let _ = send(&mut stream, &Reply::text(503, "too many connections; try again\n"), true);
            continue;
        }
        let slot = Slot(Arc::clone(&open));
        let (hosts, shared) = (Arc::clone(&hosts), Arc::clone(&shared));
        // Should spawning fail, the connection is dropped and the slot freed.
        let _ = thread::Builder::new().name("broadsheet-conn".into()).spawn(move || {
            let _slot = slot;
            serve_connection(stream, &hosts, &shared);
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    #[test]
    fn loopback_previews_answer_loopback_names_only() {
        let hosts = Hosts::new(IpAddr::V4(Ipv4Addr::LOCALHOST));
        for ok in ["localhost", "localhost:1111", "LOCALHOST.", "127.0.0.1", "127.0.0.1:80", "[::1]", "[::1]:1111"] {
            assert!(hosts.allows(ok), "{ok}");
        }
        for bad in ["evil.example", "evil.example:1111", "localhost.evil.example", "10.0.0.1", "", "[::1"] {
            assert!(!hosts.allows(bad), "{bad}");
        }
        let other = Hosts::new("127.0.0.2".parse().unwrap());
        assert!(other.allows("127.0.0.2:8000"));
        let open = Hosts::new(IpAddr::V4(Ipv4Addr::UNSPECIFIED));
        assert!(open.allows("my-laptop.lan:1111"), "--bind 0.0.0.0 answers any name");
    }

    #[test]
    fn request_heads_parse() {
        let h = parse_head(b"GET /a/?q=1 HTTP/1.1\r\nhost: localhost:1\r\nAccept: */*\r\n\r\n").unwrap();
        assert_eq!((h.method.as_str(), h.target.as_str(), h.host.as_deref()), ("GET", "/a/?q=1", Some("localhost:1")));
        assert!(!h.http10 && !h.has_body);
        assert!(parse_head(b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n").unwrap().has_body);
        assert!(parse_head(b"GET / HTTP/1.0\r\n\r\n").unwrap().http10);
        for bad in [
            &b"GET /\r\n\r\n"[..],
            b"GET / HTTP/2\r\n\r\n",
            b"GET  / HTTP/1.1\r\n\r\n",
            b"GET / HTTP/1.1\r\nno colon\r\n\r\n",
            b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
            b"GET /\xff HTTP/1.1\r\n\r\n",
        ] {
            assert!(matches!(parse_head(bad), Err(Bad::Malformed(_))), "{}", String::from_utf8_lossy(bad));
        }
    }

    /// A connected pair: what the client writes, the server reads.
    fn pair() -> (TcpStream, TcpStream) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        (client, listener.accept().unwrap().0)
    }

    #[test]
    fn a_head_is_read_up_to_its_blank_line_within_bounds() {
        let soon = || Instant::now() + Duration::from_secs(5);
        let (mut client, mut server) = pair();
        client.write_all(b"GET / HTTP/1.1\r\nHost: a\r").unwrap();
        client.write_all(b"\n\r\nleftover").unwrap();
        client.flush().unwrap();
        thread::sleep(Duration::from_millis(50));
        assert_eq!(read_head(&mut server, soon()).unwrap(), b"GET / HTTP/1.1\r\nHost: a\r\n\r\n");

        let (mut client, mut server) = pair();
        let writer = thread::spawn(move || {
            let _ = client.write_all(b"GET / HTTP/1.1\r\nX: ");
            let _ = client.write_all(&vec![b'a'; MAX_HEAD * 4]);
            client
        });
        assert_eq!(read_head(&mut server, soon()), Err(Bad::TooLarge));
        drop(server);
        drop(writer.join());

        let (mut client, mut server) = pair();
        client.write_all(b"GET / HTTP/1.1\r\n").unwrap();
        let started = Instant::now();
        assert_eq!(read_head(&mut server, Instant::now() + Duration::from_millis(200)), Err(Bad::TooSlow));
        assert!(started.elapsed() < Duration::from_secs(5));

        let (client, mut server) = pair();
        drop(client);
        assert_eq!(read_head(&mut server, soon()), Err(Bad::Gone));
    }

    #[test]
    fn ports_are_stripped() {
        assert_eq!(strip_port("a:1"), "a");
        assert_eq!(strip_port("[::1]:2"), "[::1]");
        assert_eq!(strip_port("::1"), "::1");
        assert_eq!(strip_port("a:b"), "a:b");
    }
}
