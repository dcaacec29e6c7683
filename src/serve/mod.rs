//! `gongshi serve`: a live preview for editors. It builds the site into a private folder,
//! serves it over HTTP, rebuilds after every save and reloads the open tabs; while the
//! content has errors it keeps serving the last good build with the errors shown on every
//! page. Links point at the local address (the `base_url`'s host and sub-path are dropped
//! for the preview, consistently, so every link works).
//!
//! Threads: the rebuild loop runs on a thread of its own (rayon and blocking file work);
//! the open-data files are made after each rebuild on another (see [`open_data`]); the server
//! runs on a small tokio runtime; they share only [`reload::LiveReload`].

pub mod open_data;
pub mod output;
pub mod overlay;
pub mod rebuild;
pub mod reload;
pub mod server;
pub mod watch;

use crate::diagnostics::{Severity, Text, io_reason, message_language};
use crate::model::Language;
use crate::words;
use rebuild::Rebuilder;
use reload::LiveReload;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct ServeOptions {
    pub root: PathBuf,
    /// An IP address (`127.0.0.1`, `::1`, `0.0.0.0`) or `localhost`.
    pub bind: String,
    /// 0 picks a free port (the address is printed).
    pub port: u16,
    pub open: bool,
    pub poll: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(
        "no content folder at {0}: run gongshi serve in a site root (the folder holding content/), pass --root DIR, or create a site with `gongshi init DIR`"
    )]
    NoContent(PathBuf),
    #[error(
        "--bind `{0}` is not an IP address: use e.g. 127.0.0.1 (this computer only), ::1, or 0.0.0.0 (every network)"
    )]
    BadBind(String),
    #[error(
        "port {port} on {ip} is already in use (is another gongshi serve running?): pass another port, e.g. --port {next}"
    )]
    PortInUse { ip: IpAddr, port: u16, next: u16 },
    #[error("cannot listen on {addr}: {source}{hint}")]
    Bind {
        addr: SocketAddr,
        source: std::io::Error,
        hint: &'static str,
    },
    #[error("cannot create the preview folder in {dir}: {source}")]
    OutputFolder {
        dir: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "the preview folder {0} is inside the site's own folders (is TMPDIR set inside the site?)"
    )]
    OutputInsideSite(PathBuf),
    #[error(transparent)]
    Watch(#[from] watch::WatchError),
    #[error("cannot start the server: {0}")]
    Server(std::io::Error),
}

impl ServeError {
    /// What went wrong and what to do, in the words of the message table.
    pub fn words(&self) -> Text {
        let shown = |path: &Path| path.display().to_string();
        match self {
            ServeError::NoContent(path) => words!("serve_no_content", path = shown(path)),
            ServeError::BadBind(bind) => words!("serve_bad_bind", bind = bind),
            ServeError::PortInUse { ip, port, next } => words!(
                "serve_port_in_use",
                ip = ip.to_string(),
                port = port.to_string(),
                next = next.to_string()
            ),
            ServeError::Bind { addr, source, .. } => {
                let key = match source.kind() {
                    std::io::ErrorKind::PermissionDenied => "serve_bind_low_port",
                    std::io::ErrorKind::AddrNotAvailable => "serve_bind_no_such_address",
                    _ => "serve_cannot_listen",
                };
                Text::Row(
                    key,
                    vec![
                        ("addr", Text::from(addr.to_string())),
                        ("reason", io_reason(source)),
                    ],
                )
            }
            ServeError::OutputFolder { dir, source } => words!(
                "serve_preview_folder",
                dir = shown(dir),
                reason = io_reason(source)
            ),
            ServeError::OutputInsideSite(path) => {
                words!("serve_preview_inside_site", path = shown(path))
            }
            ServeError::Watch(error) => error.words(),
            ServeError::Server(source) => {
                words!("serve_cannot_start", reason = io_reason(source))
            }
        }
    }
}

/// Runs the preview until Ctrl-C (or SIGTERM); then removes the private folder.
pub fn run(options: &ServeOptions) -> Result<(), ServeError> {
    let root = std::fs::canonicalize(&options.root)
        .map_err(|_| ServeError::NoContent(options.root.join("content")))?;
    if !root.join("content").is_dir() {
        return Err(ServeError::NoContent(root.join("content")));
    }
    let ip = parse_bind(&options.bind)?;
    // Bind before the first build: a busy port is reported at once, not after it.
    let listener = bind(SocketAddr::new(ip, options.port))?;
    let local = listener.local_addr().map_err(ServeError::Server)?;
    let language = message_language(crate::check::site_language(&root));
    let say = |text: Text| text.in_language(language);
    if !ip.is_loopback() {
        eprintln!(
            "{}: {}",
            Severity::Warning.label_in(language),
            say(words!(
                "serve_listening_openly",
                address = local.to_string()
            ))
        );
    }
    let base_url = base_url(local);

    let temp_dir = std::env::temp_dir();
    let output = tempfile::Builder::new()
        .prefix("gongshi-serve-")
        .tempdir()
        .map_err(|source| ServeError::OutputFolder {
            dir: temp_dir.clone(),
            source,
        })?;
    let output_dir = std::fs::canonicalize(output.path()).unwrap_or(output.path().to_path_buf());
    if crate::changes::WATCHED
        .iter()
        .any(|w| output_dir.starts_with(root.join(w)))
    {
        return Err(ServeError::OutputInsideSite(output_dir));
    }
    eprintln!(
        "{}",
        say(words!(
            "serve_building",
            root = root.display().to_string(),
            output = output_dir.display().to_string()
        ))
    );

    let live = Arc::new(LiveReload::new());
    let rebuilder = Rebuilder::new(root.clone(), base_url.clone(), output_dir.clone());
    // Watching starts before the first build, so a save during it is not lost.
    let watcher = watch::WatchLoop::start(&root, options.poll).map_err(ServeError::Watch)?;

    // The first build runs on the rebuild thread while the server already answers (with a
    // "building" page that reloads when it is done), so Ctrl-C works from the start.
    let stop = Arc::new(AtomicBool::new(false));
    let rebuild_thread =
        watch::spawn(watcher, rebuilder, live.clone(), stop.clone()).map_err(ServeError::Server)?;
    let served = serve_until_stopped(listener, &output_dir, &live, &base_url, options, language);

    stop.store(true, Ordering::Relaxed);
    wait_for(rebuild_thread, Duration::from_secs(10));
    eprintln!(
        "{}",
        say(words!(
            "serve_removing",
            output = output_dir.display().to_string()
        ))
    );
    if let Err(e) = output.close() {
        eprintln!(
            "{}: {}",
            Severity::Warning.label_in(language),
            say(words!(
                "serve_cannot_remove",
                output = output_dir.display().to_string(),
                reason = io_reason(&e)
            ))
        );
    }
    served
}

fn serve_until_stopped(
    listener: std::net::TcpListener,
    output_dir: &Path,
    live: &Arc<LiveReload>,
    base_url: &str,
    options: &ServeOptions,
    language: Language,
) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("gongshi-serve")
        .enable_all()
        .build()
        .map_err(ServeError::Server)?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::from_std(listener).map_err(ServeError::Server)?;
        let app = server::router(output_dir.to_path_buf(), live.clone(), language);
        eprintln!(
            "{}",
            words!("serve_serving", url = base_url).in_language(language)
        );
        if options.open {
            open_browser(base_url, language);
        }
        let (stopping, stopped) = tokio::sync::oneshot::channel::<()>();
        let server = axum::serve(listener, app).with_graceful_shutdown(async {
            let _ = stopped.await;
        });
        let live = live.clone();
        tokio::select! {
            result = server => result.map_err(ServeError::Server),
            () = async move {
                stop_signal().await;
                eprintln!("{}", Text::key("serve_stopping").in_language(language));
                live.shutdown();
                let _ = stopping.send(());
                // Open connections get a moment to finish, no more.
                tokio::time::sleep(Duration::from_secs(3)).await;
            } => Ok(()),
        }
    })
}

/// Ctrl-C, or SIGTERM on Unix.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

fn parse_bind(bind: &str) -> Result<IpAddr, ServeError> {
    if bind.eq_ignore_ascii_case("localhost") {
        return Ok(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    let bare = bind.trim_start_matches('[').trim_end_matches(']');
    bare.parse()
        .map_err(|_| ServeError::BadBind(bind.to_string()))
}

fn bind(addr: SocketAddr) -> Result<std::net::TcpListener, ServeError> {
    let listener = std::net::TcpListener::bind(addr).map_err(|source| match source.kind() {
        std::io::ErrorKind::AddrInUse => ServeError::PortInUse {
            ip: addr.ip(),
            port: addr.port(),
            next: addr.port().checked_add(1).unwrap_or(1111),
        },
        std::io::ErrorKind::PermissionDenied => ServeError::Bind {
            addr,
            source,
            hint: " (ports below 1024 need administrator rights: use e.g. --port 1111)",
        },
        std::io::ErrorKind::AddrNotAvailable => ServeError::Bind {
            addr,
            source,
            hint: " (this computer has no such address: use 127.0.0.1 or 0.0.0.0)",
        },
        _ => ServeError::Bind {
            addr,
            source,
            hint: "",
        },
    })?;
    listener.set_nonblocking(true).map_err(ServeError::Server)?;
    Ok(listener)
}

/// The address links point at: the bound one, with a loopback address in place of "every
/// network" (`0.0.0.0` cannot be opened), and IPv6 in brackets.
fn base_url(local: SocketAddr) -> String {
    let ip = match local.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, local.port()))
}

fn open_browser(url: &str, language: Language) {
    let (program, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    let child = std::process::Command::new(program)
        .args(&args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    let url = url.to_string();
    let cannot = move |reason: String| {
        let words = words!(
            "serve_no_browser",
            program = program,
            reason = reason,
            url = &url
        );
        eprintln!(
            "{}: {}",
            Severity::Warning.label_in(language),
            words.in_language(language)
        );
    };
    match child {
        Ok(mut child) => {
            // Reaped on a thread, so a failing opener is still reported.
            let _ = std::thread::Builder::new().spawn(move || {
                if child.wait().is_ok_and(|status| !status.success()) {
                    cannot(" failed".to_string());
                }
            });
        }
        Err(e) => cannot(format!(": {e}")),
    }
}

/// Waits for a thread to end, at most `limit` (a rebuild in progress is not interrupted).
fn wait_for(thread: std::thread::JoinHandle<()>, limit: Duration) {
    let deadline = std::time::Instant::now() + limit;
    while !thread.is_finished() && std::time::Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    if thread.is_finished() {
        let _ = thread.join();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_point_at_an_address_a_browser_can_open() {
        let url = |s: &str| base_url(s.parse().unwrap());
        assert_eq!(url("127.0.0.1:1111"), "http://127.0.0.1:1111/");
        assert_eq!(url("[::1]:1111"), "http://[::1]:1111/");
        assert_eq!(url("0.0.0.0:8080"), "http://127.0.0.1:8080/");
        assert_eq!(url("[::]:8080"), "http://[::1]:8080/");
        assert_eq!(url("192.168.1.5:1111"), "http://192.168.1.5:1111/");
    }

    #[test]
    fn bind_takes_addresses_and_localhost() {
        assert_eq!(
            parse_bind("localhost").unwrap(),
            IpAddr::V4(Ipv4Addr::LOCALHOST)
        );
        assert_eq!(
            parse_bind("[::1]").unwrap(),
            IpAddr::V6(Ipv6Addr::LOCALHOST)
        );
        assert_eq!(parse_bind("::1").unwrap(), IpAddr::V6(Ipv6Addr::LOCALHOST));
        assert!(matches!(
            parse_bind("example.org"),
            Err(ServeError::BadBind(_))
        ));
    }
}
