//! The tests' one HTTP/1.1 client: a request on a fresh connection (`Connection: close`),
//! the whole answer read, a chunked body put back together. Enough to talk to `serve`
//! and to nginx without a client library.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// How long a test waits for an answer before it fails.
pub const PATIENCE: Duration = Duration::from_secs(120);

/// One answer.
pub struct HttpResponse {
    pub status: u16,
    /// As sent, in order; look one up with [`HttpResponse::header`].
    pub headers: Vec<(String, String)>,
    /// The body as text (invalid UTF-8 replaced), for `contains` checks.
    pub body: String,
    /// The body's bytes, for comparing files.
    pub bytes: Vec<u8>,
}

impl HttpResponse {
    /// The first header of that name, whatever its case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The headers as `name: value` lines with lower-cased names, for failure messages and
    /// substring checks.
    pub fn head(&self) -> String {
        self.headers
            .iter()
            .map(|(n, v)| format!("{}: {v}", n.to_ascii_lowercase()))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// `GET path` from `address` (`host:port`), the path sent exactly as given; a failure
/// fails the test.
pub fn get(address: &str, path: &str) -> HttpResponse {
    let stream =
        TcpStream::connect(address).unwrap_or_else(|e| panic!("connect to {address}: {e}"));
    get_on(stream, address, path)
}

/// `GET path` on a connection opened beforehand; a failure fails the test.
pub fn get_on(stream: TcpStream, address: &str, path: &str) -> HttpResponse {
    exchange(stream, address, "GET", path, "", PATIENCE)
        .unwrap_or_else(|e| panic!("GET {path} from {address}: {e}"))
}

/// Sends `method path` with `extra_headers` (each line ending in `\r\n`) over `stream`
/// and reads the answer, or says what went wrong.
pub fn exchange(
    mut stream: TcpStream,
    host: &str,
    method: &str,
    path: &str,
    extra_headers: &str,
    timeout: Duration,
) -> Result<HttpResponse, String> {
    stream
        .set_read_timeout(Some(timeout))
        .map_err(|e| format!("set a read timeout: {e}"))?;
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\n{extra_headers}Connection: close\r\n\r\n"
    )
    .map_err(|e| format!("send: {e}"))?;
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .map_err(|e| format!("read: {e}"))?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| format!("no complete response head in {} bytes", raw.len()))?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("no status line: {head:?}"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut bytes = raw[split + 4..].to_vec();
    if headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"))
    {
        bytes = unchunk(&bytes);
    }
    Ok(HttpResponse {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
        bytes,
    })
}

fn unchunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = data.windows(2).position(|w| w == b"\r\n") {
        let size_text = String::from_utf8_lossy(&data[..end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("0").trim(), 16)
            .unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = end + 2;
        out.extend_from_slice(&data[start..(start + size).min(data.len())]);
        data = &data[(start + size + 2).min(data.len())..];
    }
    out
}
