//! A tiny static file server on 127.0.0.1 for the browser tests: it serves a built site under
//! a sub-path (`/sub/` maps to the output folder), so that the browser sees what a reader on
//! a sub-path host sees. Pagefind must be fetched over HTTP (`file://` does not work).
//!
//! The port is taken first (`127.0.0.1:0`), so that the site can be built with a base URL
//! that names it, and the server then starts on that same socket.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

pub struct StaticServer {
    listener: Option<TcpListener>,
    port: u16,
    prefix: String,
    stop: Arc<AtomicBool>,
}

impl StaticServer {
    /// Takes a free port; `prefix` is the sub-path (`/sub/`) under which the site is served.
    pub fn bind(prefix: &str) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a port on 127.0.0.1");
        let port = listener.local_addr().expect("local address").port();
        StaticServer {
            listener: Some(listener),
            port,
            prefix: prefix.to_string(),
            stop: Arc::new(AtomicBool::new(false)),
        }
    }

    /// `http://127.0.0.1:PORT/sub/`.
    pub fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}{}", self.port, self.prefix)
    }

    /// Serves `dir` under the prefix until the server is dropped.
    pub fn serve(&mut self, dir: &Path) {
        let listener = self.listener.take().expect("serve is called once");
        let dir = dir.to_path_buf();
        let prefix = self.prefix.clone();
        let stop = Arc::clone(&self.stop);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let dir = dir.clone();
                let prefix = prefix.clone();
                std::thread::spawn(move || {
                    let _ = answer(stream, &dir, &prefix);
                });
            }
        });
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn answer(mut stream: TcpStream, dir: &Path, prefix: &str) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let path = percent_decode(path);

    let (status, content_type, body, location) = match resolve(dir, prefix, &path) {
        Resolved::File(file) => match std::fs::read(&file) {
            Ok(bytes) => ("200 OK", content_type(&file), bytes, None),
            Err(_) => not_found(),
        },
        Resolved::Redirect(to) => ("301 Moved Permanently", "text/plain", Vec::new(), Some(to)),
        Resolved::Missing => not_found(),
    };
    let mut head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\nCache-Control: no-store\r\n",
        body.len()
    );
    if let Some(location) = location {
        head.push_str(&format!("Location: {location}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(&body)?;
    }
    stream.flush()
}

fn not_found() -> (&'static str, &'static str, Vec<u8>, Option<String>) {
    ("404 Not Found", "text/plain", b"not found".to_vec(), None)
}

enum Resolved {
    File(PathBuf),
    Redirect(String),
    Missing,
}

/// `/sub/tasks/x/` → `<dir>/tasks/x/index.html`; `/sub/tasks/x` → redirect to the slash
/// form, as static hosts do; anything outside the prefix or with `..` is missing.
fn resolve(dir: &Path, prefix: &str, path: &str) -> Resolved {
    let Some(rest) = path.strip_prefix(prefix) else {
        return if format!("{path}/") == prefix {
            Resolved::Redirect(prefix.to_string())
        } else {
            Resolved::Missing
        };
    };
    if rest.split('/').any(|part| part == ".." || part == ".") {
        return Resolved::Missing;
    }
    let file = dir.join(rest);
    if rest.is_empty() || rest.ends_with('/') {
        let index = file.join("index.html");
        return if index.is_file() {
            Resolved::File(index)
        } else {
            Resolved::Missing
        };
    }
    if file.is_dir() {
        return Resolved::Redirect(format!("{path}/"));
    }
    if file.is_file() {
        Resolved::File(file)
    } else {
        Resolved::Missing
    }
}

fn content_type(file: &Path) -> &'static str {
    match file.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "wasm" => "application/wasm",
        _ => "application/octet-stream",
    }
}

/// `%E5%86%9C` → `农`.
pub fn percent_decode(text: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%' && i + 2 < bytes.len())
            .then(|| Some(hex(bytes[i + 1])? * 16 + hex(bytes[i + 2])?))
            .flatten();
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A plain GET against the server, for checking that a link resolves: (status code, body).
pub fn get(url: &str) -> (u16, Vec<u8>) {
    let rest = url
        .strip_prefix("http://")
        .unwrap_or_else(|| panic!("not an http URL: {url}"));
    let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
    let mut stream = TcpStream::connect(host).unwrap_or_else(|e| panic!("connect {host}: {e}"));
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .expect("set a timeout");
    let path = path.split('#').next().unwrap_or("");
    write!(
        stream,
        "GET /{path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .expect("send the request");
    let mut response = Vec::new();
    std::io::Read::read_to_end(&mut stream, &mut response).expect("read the response");
    let text = String::from_utf8_lossy(&response);
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = match response.windows(4).position(|w| w == b"\r\n\r\n") {
        Some(i) => response[i + 4..].to_vec(),
        None => Vec::new(),
    };
    (status, body)
}
