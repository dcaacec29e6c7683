//! Live reload: the rebuild loop tells open tabs over one WebSocket each (`/__livereload`)
//! that the site changed, that the content has errors, or that the errors are gone. Server-
//! sent events were not used: each would hold one of the browser's six connections per host,
//! and the seventh tab would hang.
//!
//! The protocol is a few words of text. On connecting a tab is told `hello <state>`; every
//! page is served with the state it shows, so a tab that missed a message (or was served a
//! moment before a rebuild finished) sees a different state and reloads. Then `reload`,
//! `errors` and `ok` follow as things happen; the tab reloads on each, and the server puts
//! the error panel in the page while there are errors.
//!
//! [`LiveReload`] is also where the rebuild thread and the server meet over the folder: the
//! gate that holds requests while a build is written, and the one that holds open-data
//! downloads until the build's data files are written.

use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::response::Response;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{broadcast, watch};

/// What tabs are told.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Signal {
    /// The site was rebuilt and some files changed.
    Reload,
    /// The content has (new) errors: the pages now carry the error panel.
    Errors,
    /// The errors are gone.
    Ok,
    /// The server is stopping: close the socket (the tab reconnects to the next server).
    Shutdown,
}

impl Signal {
    fn word(&self) -> &'static str {
        match self {
            Signal::Reload => "reload",
            Signal::Errors => "errors",
            Signal::Ok => "ok",
            Signal::Shutdown => "shutdown",
        }
    }
}

/// Shared by the rebuild loop (which publishes) and the server (which injects the state
/// into pages and runs the sockets).
pub struct LiveReload {
    /// Differs between runs of `serve`, so a tab left open across a restart reloads.
    instance: String,
    sender: broadcast::Sender<Signal>,
    state: Mutex<PreviewState>,
    open_data: watch::Sender<OpenDataState>,
    /// Written while a build is written into the folder, read while a request finds its
    /// file: a request sees the folder as it was before a build or after it, never half
    /// way (a home page linking to task pages not yet written).
    pages: tokio::sync::RwLock<()>,
}

/// Which build's open-data files are due and which are written, as numbers counting the
/// committed builds. The files are up to date when `written >= due`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct OpenDataState {
    due: u64,
    written: u64,
}

#[derive(Default)]
struct PreviewState {
    /// Bumped on every change a tab should see.
    generation: u64,
    /// The diagnostics shown in the pages, as printed in the terminal.
    errors: Option<String>,
    /// Whether a build ever succeeded (before that there is nothing to serve).
    built: bool,
}

impl Default for LiveReload {
    fn default() -> Self {
        LiveReload::new()
    }
}

impl LiveReload {
    pub fn new() -> Self {
        let (sender, _) = broadcast::channel(64);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        LiveReload {
            instance: format!("{:x}{:x}", std::process::id(), nanos % 0xffff_ffff),
            sender,
            state: Mutex::default(),
            open_data: watch::Sender::new(OpenDataState::default()),
            pages: tokio::sync::RwLock::new(()),
        }
    }

    /// Holds every request until the guard is dropped (and waits for those that are finding
    /// their file now): the rebuild thread writes a build into the folder under it. Not for
    /// use on the server's runtime.
    pub fn writing_pages(&self) -> tokio::sync::RwLockWriteGuard<'_, ()> {
        self.pages.blocking_write()
    }

    /// Waits while a build is being written into the folder; a request finds (opens) its
    /// file under the guard, so it reads one build's file, whole.
    pub async fn reading_pages(&self) -> tokio::sync::RwLockReadGuard<'_, ()> {
        self.pages.read().await
    }

    /// The state pages are served with: `<instance>-<generation>`.
    pub fn state_token(&self) -> String {
        let generation = self.state.lock().map(|s| s.generation).unwrap_or(0);
        format!("{}-{generation}", self.instance)
    }

    /// The error text to show in pages, if the content has errors.
    pub fn errors(&self) -> Option<String> {
        self.state.lock().ok().and_then(|s| s.errors.clone())
    }

    /// Whether a build ever succeeded.
    pub fn has_built(&self) -> bool {
        self.state.lock().is_ok_and(|s| s.built)
    }

    /// After a good rebuild: `ok` if there were errors, `reload` if files changed.
    pub fn built(&self, changed: bool) {
        let mut signals = Vec::new();
        if let Ok(mut state) = self.state.lock() {
            state.built = true;
            if state.errors.take().is_some() {
                signals.push(Signal::Ok);
            }
            if changed {
                signals.push(Signal::Reload);
            }
            if !signals.is_empty() {
                state.generation += 1;
            }
        }
        for signal in signals {
            let _ = self.sender.send(signal); // no tab open is fine
        }
    }

    /// After a failed rebuild: `errors` unless the same errors are already shown.
    pub fn failed(&self, report: &str) {
        let changed = match self.state.lock() {
            Ok(mut state) if state.errors.as_deref() != Some(report) => {
                state.errors = Some(report.to_string());
                state.generation += 1;
                true
            }
            _ => false,
        };
        if changed {
            let _ = self.sender.send(Signal::Errors);
        }
    }

    /// A build is about to be committed and its open-data files are not written yet:
    /// requests for them wait from now on. Call it before the first page of the build is
    /// written (so that no download is older than a page served), and pass the number
    /// returned to [`LiveReload::open_data_written`] once the files are on disk, or to
    /// [`LiveReload::open_data_not_due`] if the commit failed.
    pub fn open_data_due(&self) -> u64 {
        let mut due = 0;
        self.open_data.send_modify(|state| {
            state.due += 1;
            due = state.due;
        });
        due
    }

    /// The build numbered `generation` was not committed after all: its files are not
    /// waited for (an earlier build's still are, if they are being made).
    pub fn open_data_not_due(&self, generation: u64) {
        self.open_data.send_if_modified(|state| {
            let undo = state.due == generation && generation > 0;
            if undo {
                state.due -= 1;
            }
            undo
        });
    }

    /// The open-data files of build `generation` are on disk (or could not be written:
    /// then what is there is served). Requests wait on only while a later build's are due.
    pub fn open_data_written(&self, generation: u64) {
        self.open_data.send_if_modified(|state| {
            let advanced = generation > state.written;
            state.written = state.written.max(generation);
            advanced
        });
    }

    /// Whether the open-data files of the last committed build are still being made.
    pub fn open_data_pending(&self) -> bool {
        let state = *self.open_data.borrow();
        state.written < state.due
    }

    /// Waits until the open-data files of the last committed build are written, at most
    /// `limit`; false when the limit ran out (then the caller serves what is there).
    pub async fn open_data_ready(&self, limit: Duration) -> bool {
        let mut states = self.open_data.subscribe();
        let ready = states.wait_for(|state| state.written >= state.due);
        matches!(tokio::time::timeout(limit, ready).await, Ok(Ok(_)))
    }

    pub fn shutdown(&self) {
        let _ = self.sender.send(Signal::Shutdown);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Signal> {
        self.sender.subscribe()
    }
}

/// `GET /__livereload`.
pub async fn websocket(State(live): State<Arc<LiveReload>>, upgrade: WebSocketUpgrade) -> Response {
    upgrade.on_upgrade(move |socket| run_socket(socket, live))
}

async fn run_socket(mut socket: WebSocket, live: Arc<LiveReload>) {
    let mut signals = live.subscribe();
    let hello = format!("hello {}", live.state_token());
    if socket.send(Message::Text(hello.into())).await.is_err() {
        return;
    }
    loop {
        tokio::select! {
            signal = signals.recv() => {
                let signal = match signal {
                    Ok(signal) => signal,
                    // Missed messages: the tab's state is out of date either way.
                    Err(broadcast::error::RecvError::Lagged(_)) => Signal::Reload,
                    Err(broadcast::error::RecvError::Closed) => Signal::Shutdown,
                };
                if signal == Signal::Shutdown {
                    let _ = socket.send(Message::Close(None)).await;
                    return;
                }
                if socket.send(Message::Text(signal.word().into())).await.is_err() {
                    return;
                }
            }
            incoming = socket.recv() => match incoming {
                // Tabs send nothing but pings and the close; any end of the stream ends it.
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => return,
                Some(Ok(_)) => {}
            }
        }
    }
}

/// The script put into every page `serve` sends (never into `build` output). It reloads the
/// page on any news, and after the server comes back from a restart; it retries with a
/// growing pause so a stopped server is not hammered.
pub fn client_script(state_token: &str) -> String {
    format!(
        r#"<script data-gongshi-livereload>
(() => {{
  const served = "{state_token}";
  let pause = 250, lost = false, reloading = false;
  const reload = () => {{ if (!reloading) {{ reloading = true; location.reload(); }} }};
  const connect = () => {{
    const scheme = location.protocol === "https:" ? "wss://" : "ws://";
    const socket = new WebSocket(scheme + location.host + "/__livereload");
    socket.onopen = () => {{ pause = 250; if (lost) reload(); }};
    socket.onmessage = (event) => {{
      const [word, state] = String(event.data).split(" ");
      if (word === "hello") {{ if (state !== served) reload(); }}
      else if (word === "reload" || word === "errors" || word === "ok") reload();
    }};
    socket.onclose = () => {{
      if (reloading) return;
      lost = true;
      setTimeout(connect, pause);
      pause = Math.min(pause * 2, 5000);
    }};
  }};
  connect();
}})();
</script>"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_announced_once_and_their_end_too() {
        let live = LiveReload::new();
        let mut rx = live.subscribe();
        let first = live.state_token();
        live.failed("a.yaml:1:1: error: x");
        live.failed("a.yaml:1:1: error: x");
        assert_eq!(rx.try_recv().ok(), Some(Signal::Errors));
        assert!(
            rx.try_recv().is_err(),
            "the same errors were announced twice"
        );
        assert_ne!(live.state_token(), first);
        live.built(false);
        assert_eq!(rx.try_recv().ok(), Some(Signal::Ok));
        assert!(live.errors().is_none());
        live.built(false);
        assert!(
            rx.try_recv().is_err(),
            "a rebuild that changed nothing reloads tabs"
        );
        live.built(true);
        assert_eq!(rx.try_recv().ok(), Some(Signal::Reload));
    }

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("a tokio runtime")
    }

    /// A request for a data file waits while a committed build's files are due, and goes
    /// on as soon as they are written; files of an older build do not let it through.
    #[test]
    fn data_requests_wait_for_the_files_of_the_last_committed_build() {
        runtime().block_on(async {
            let live = Arc::new(LiveReload::new());
            assert!(
                !live.open_data_pending(),
                "nothing is due before the first build"
            );
            assert!(live.open_data_ready(Duration::from_millis(1)).await);

            let first = live.open_data_due();
            let second = live.open_data_due();
            assert!(live.open_data_pending());
            let waiting = tokio::spawn({
                let live = live.clone();
                async move { live.open_data_ready(Duration::from_secs(30)).await }
            });
            tokio::time::sleep(Duration::from_millis(100)).await;
            assert!(!waiting.is_finished(), "the request did not wait");

            // The older build's files are written late: still not the latest.
            live.open_data_written(first);
            tokio::time::sleep(Duration::from_millis(100)).await;
            assert!(
                !waiting.is_finished(),
                "an older build's files let the request through"
            );
            assert!(live.open_data_pending());

            live.open_data_written(second);
            let ready = tokio::time::timeout(Duration::from_secs(5), waiting).await;
            assert!(matches!(ready, Ok(Ok(true))), "{ready:?}");
            assert!(!live.open_data_pending());
            // Written out of order: the gate stays open.
            live.open_data_written(first);
            assert!(!live.open_data_pending());

            // A build whose commit failed: nothing more to wait for.
            let failed = live.open_data_due();
            assert!(live.open_data_pending());
            live.open_data_not_due(failed);
            assert!(!live.open_data_pending());
            assert!(live.open_data_ready(Duration::from_millis(1)).await);
        });
    }

    #[test]
    fn a_data_request_gives_up_waiting_after_the_limit() {
        runtime().block_on(async {
            let live = LiveReload::new();
            live.open_data_due();
            let started = std::time::Instant::now();
            assert!(!live.open_data_ready(Duration::from_millis(50)).await);
            assert!(started.elapsed() >= Duration::from_millis(50));
        });
    }
}
