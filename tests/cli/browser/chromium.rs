//! Debian's Chromium, headless, driven the way a reader's browser is: over the DevTools
//! protocol (a WebSocket, `tungstenite`) for the interactive checks, and from its command
//! line for printing to PDF. No chromedriver: one process less to start and keep in step
//! with the browser's version.
//!
//! Built to hold on a loaded two-core machine: every wait polls against a generous deadline
//! and says what it was waiting for when it gives up; each browser gets a fresh profile; the
//! browser is closed (and, failing that, killed by its own process id) when dropped.
//!
//! A missing Chromium fails the test with the remedy: the test command (`scripts/test.sh`)
//! installs it, so a machine without it is set up wrong, not exempt.

use serde_json::{Value, json};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tungstenite::{Message, WebSocket};

/// How long any one wait may take before the test fails. Long, because CI machines are busy.
pub const PATIENCE: Duration = Duration::from_secs(90);

/// The flags every Chromium run gets (root user, so no sandbox; nothing that talks to the
/// network on its own).
const FLAGS: &[&str] = &[
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--mute-audio",
];

/// The Chromium binary: `$GONGSHI_CHROMIUM`, else `chromium` on the PATH.
pub fn binary() -> PathBuf {
    if let Some(path) = std::env::var_os("GONGSHI_CHROMIUM") {
        return PathBuf::from(path);
    }
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("chromium"))
            .find(|candidate| candidate.is_file())
    });
    found.unwrap_or_else(|| {
        panic!(
            "Chromium is not installed, and the browser tests need it: run the tests with \
             `scripts/test.sh` (it installs Debian's `chromium`), or `apt-get install chromium`, \
             or point GONGSHI_CHROMIUM at a Chromium binary"
        )
    })
}

/// A fresh, empty profile folder for one browser run.
fn profile() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("gongshi-chromium-")
        .tempdir()
        .expect("create a profile folder")
}

/// Runs Chromium once from its command line (`--print-to-pdf=…`, `--screenshot=…`) and
/// waits for it, killing it if it outlives [`PATIENCE`]. Returns its stderr.
pub fn run_once(args: &[String]) -> String {
    let profile = profile();
    let log = profile.path().join("stderr.txt");
    let mut child = Command::new(binary())
        .args(FLAGS)
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).expect("create a log file"))
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary().display()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for chromium") {
            break status;
        }
        if started.elapsed() > PATIENCE {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium {args:?} did not finish within {PATIENCE:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let stderr = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(
        status.success(),
        "chromium {args:?} failed ({status}):\n{stderr}"
    );
    stderr
}

/// A running headless Chromium with one tab, driven over the DevTools protocol.
pub struct Browser {
    child: Child,
    socket: WebSocket<TcpStream>,
    session: String,
    next_id: u64,
    /// The JavaScript dialogs (`alert`, `confirm`, `prompt`, `beforeunload`) the page
    /// opened, each dismissed at once: "type: message (url)".
    dialogs: Vec<String>,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts Chromium and opens a tab of `width`×`height` CSS pixels at `scale` device
    /// pixels per CSS pixel (3 is a phone's screen).
    pub fn launch(width: u32, height: u32, scale: f64) -> Browser {
        let profile = profile();
        let child = Command::new(binary())
            .args(FLAGS)
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("--remote-debugging-port=0")
            .arg(format!("--window-size={width},{height}"))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary().display()));
        let mut child = KillOnDrop(Some(child));
        // Chromium writes the port it chose, and the browser's WebSocket path, into the profile.
        let active_port = profile.path().join("DevToolsActivePort");
        let started = Instant::now();
        let (port, path) = loop {
            if let Ok(text) = std::fs::read_to_string(&active_port) {
                let mut lines = text.lines();
                if let (Some(port), Some(path)) = (lines.next(), lines.next()) {
                    break (port.trim().to_string(), path.trim().to_string());
                }
            }
            if let Some(Ok(Some(status))) = child.0.as_mut().map(Child::try_wait) {
                panic!("chromium exited before it opened its DevTools port ({status})");
            }
            assert!(
                started.elapsed() < PATIENCE,
                "chromium did not open its DevTools port within {PATIENCE:?}"
            );
            std::thread::sleep(Duration::from_millis(50));
        };
        let stream = TcpStream::connect(("127.0.0.1", port.parse::<u16>().expect("a port")))
            .expect("connect to chromium's DevTools port");
        stream
            .set_read_timeout(Some(PATIENCE))
            .expect("set a read timeout");
        let url = format!("ws://127.0.0.1:{port}{path}");
        let (socket, _) = tungstenite::client(url.as_str(), stream)
            .unwrap_or_else(|e| panic!("DevTools WebSocket handshake with {url}: {e}"));
        // From now on reads return every 200 ms, so that waits can check their deadline.
        socket
            .get_ref()
            .set_read_timeout(Some(Duration::from_millis(200)))
            .expect("set a read timeout");
        let mut browser = Browser {
            child: child.0.take().expect("the child process"),
            socket,
            session: String::new(),
            next_id: 0,
            dialogs: Vec::new(),
            _profile: profile,
        };
        let target = browser.call(None, "Target.createTarget", json!({ "url": "about:blank" }));
        let target_id = target["targetId"]
            .as_str()
            .expect("a target id")
            .to_string();
        let attached = browser.call(
            None,
            "Target.attachToTarget",
            json!({ "targetId": target_id, "flatten": true }),
        );
        browser.session = attached["sessionId"]
            .as_str()
            .expect("a session id")
            .to_string();
        browser.send("Page.enable", json!({}));
        browser.send("Runtime.enable", json!({}));
        browser.send(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": scale, "mobile": false }),
        );
        browser
    }

    /// Sends a command to the tab and returns its result; a protocol error fails the test.
    pub fn send(&mut self, method: &str, params: Value) -> Value {
        let session = self.session.clone();
        self.call(Some(&session), method, params)
    }

    fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Value {
        match self.try_call(session, method, params) {
            Ok(result) => result,
            Err(error) => panic!("chromium refused {method}: {error}"),
        }
    }

    /// Like `call`, but a protocol error is returned rather than failing the test.
    fn try_call(
        &mut self,
        session: Option<&str>,
        method: &str,
        params: Value,
    ) -> Result<Value, Value> {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        self.socket
            .send(Message::text(message.to_string()))
            .unwrap_or_else(|e| panic!("send {method} to chromium: {e}"));
        let started = Instant::now();
        loop {
            assert!(
                started.elapsed() < PATIENCE,
                "chromium did not answer {method} within {PATIENCE:?}"
            );
            let message = match self.socket.read() {
                Ok(message) => message,
                Err(tungstenite::Error::Io(e))
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) =>
                {
                    continue;
                }
                Err(e) => panic!("reading chromium's answer to {method}: {e}"),
            };
            let Message::Text(text) = message else {
                continue;
            };
            let Ok(reply) = serde_json::from_str::<Value>(text.as_str()) else {
                continue;
            };
            if reply["method"] == "Page.javascriptDialogOpening" {
                self.dismiss_dialog(&reply);
                continue;
            }
            if reply["id"].as_u64() != Some(id) {
                continue; // an event, or the answer to something else
            }
            if let Some(error) = reply.get("error") {
                return Err(error.clone());
            }
            return Ok(reply["result"].clone());
        }
    }

    /// Records a dialog the page opened and dismisses it without waiting for the answer
    /// (a dialog left open would block the page, and every later command with it).
    fn dismiss_dialog(&mut self, event: &Value) {
        let params = &event["params"];
        self.dialogs.push(format!(
            "{}: {} ({})",
            params["type"].as_str().unwrap_or("dialog"),
            params["message"].as_str().unwrap_or(""),
            params["url"].as_str().unwrap_or("")
        ));
        self.next_id += 1;
        let mut dismiss = json!({
            "id": self.next_id,
            "method": "Page.handleJavaScriptDialog",
            "params": { "accept": false },
        });
        if let Some(session) = event["sessionId"].as_str() {
            dismiss["sessionId"] = json!(session);
        }
        let _ = self.socket.send(Message::text(dismiss.to_string()));
    }

    /// The dialogs the page opened so far, each dismissed: "type: message (url)".
    pub fn dialogs(&self) -> &[String] {
        &self.dialogs
    }

    /// Evaluates a JavaScript expression in the page (promises awaited) and returns its value,
    /// or the exception's description.
    /// A page that navigates while the expression runs (a search result that is followed, a
    /// form that is submitted) is an `Err` too, so that `wait_for` tries again on the new page.
    pub fn eval(&mut self, expression: &str) -> Result<Value, String> {
        let session = self.session.clone();
        let result = self
            .try_call(
                Some(&session),
                "Runtime.evaluate",
                json!({ "expression": expression, "returnByValue": true, "awaitPromise": true }),
            )
            .map_err(|error| format!("chromium refused Runtime.evaluate: {error}"))?;
        if let Some(exception) = result.get("exceptionDetails") {
            return Err(exception["exception"]["description"]
                .as_str()
                .or(exception["text"].as_str())
                .unwrap_or("exception")
                .to_string());
        }
        Ok(result["result"]["value"].clone())
    }

    /// Polls `expression` until it returns something other than null/false/undefined, and
    /// returns that; fails the test after [`PATIENCE`], saying what it waited for.
    pub fn wait_for(&mut self, what: &str, expression: &str) -> Value {
        let started = Instant::now();
        let mut last = String::new();
        loop {
            match self.eval(expression) {
                Ok(Value::Null) | Ok(Value::Bool(false)) => {}
                Ok(value) => return value,
                Err(e) => last = e,
            }
            if started.elapsed() > PATIENCE {
                let url = self.eval("location.href").unwrap_or_default();
                panic!("waited {PATIENCE:?} for {what} on {url}; last error: {last}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// Opens `url` and waits until it has loaded.
    pub fn open(&mut self, url: &str) {
        let navigated = self.send("Page.navigate", json!({ "url": url }));
        if let Some(error) = navigated.get("errorText") {
            panic!("chromium could not open {url}: {error}");
        }
        self.wait_for(
            &format!("{url} to load"),
            &format!(
                "document.readyState === 'complete' && location.href === {}",
                json!(url)
            ),
        );
    }

    /// Types text into the focused element the way an input method commits it (Chinese is
    /// typed through one): `input` events fire as for a person typing.
    pub fn type_text(&mut self, text: &str) {
        self.send("Input.insertText", json!({ "text": text }));
    }

    /// "screen" or "print": which CSS media the page is laid out for.
    pub fn emulate_media(&mut self, media: &str) {
        self.send("Emulation.setEmulatedMedia", json!({ "media": media }));
    }

    /// A PNG screenshot of the CSS-pixel rectangle (at the tab's device scale).
    pub fn screenshot(&mut self, x: f64, y: f64, width: f64, height: f64) -> Vec<u8> {
        let shot = self.send(
            "Page.captureScreenshot",
            json!({
                "format": "png",
                "captureBeyondViewport": true,
                "clip": { "x": x, "y": y, "width": width, "height": height, "scale": 1 },
            }),
        );
        base64_decode(shot["data"].as_str().expect("screenshot data"))
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Ask politely, then make sure: only this test's own browser process is ended.
        let close = json!({ "id": u32::MAX, "method": "Browser.close" });
        let _ = self.socket.send(Message::text(close.to_string()));
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(5) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Kills a child started by this test if launching fails half-way.
struct KillOnDrop(Option<Child>);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        if let Some(child) = self.0.as_mut() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| -> Option<u32> {
        match c {
            b'A'..=b'Z' => Some(u32::from(c - b'A')),
            b'a'..=b'z' => Some(u32::from(c - b'a') + 26),
            b'0'..=b'9' => Some(u32::from(c - b'0') + 52),
            b'+' => Some(62),
            b'/' => Some(63),
            _ => None,
        }
    };
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.bytes().filter_map(value) {
        buffer = (buffer << 6) | c;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    out
}

/// Decodes a PNG into (width, height, luminance row by row).
pub fn png_luminance(png_bytes: &[u8]) -> (usize, usize, Vec<u8>) {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(png_bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().expect("a PNG");
    let mut buffer = vec![0; reader.output_buffer_size().expect("a PNG size")];
    let info = reader.next_frame(&mut buffer).expect("a PNG frame");
    let channels = info.color_type.samples();
    let (width, height) = (info.width as usize, info.height as usize);
    let mut luma = Vec::with_capacity(width * height);
    for pixel in buffer[..info.buffer_size()].chunks(channels) {
        let value = match channels {
            1 | 2 => u32::from(pixel[0]),
            _ => {
                (299 * u32::from(pixel[0]) + 587 * u32::from(pixel[1]) + 114 * u32::from(pixel[2]))
                    / 1000
            }
        };
        luma.push(value as u8);
    }
    (width, height, luma)
}

/// Saves a file next to the test output for a person to look at when a test fails.
pub fn keep_for_inspection(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser");
    std::fs::create_dir_all(&dir).expect("create the inspection folder");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("save the file for inspection");
    path
}
