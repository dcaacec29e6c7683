//! The HTTP side of `serve`: files of the last good build from its private folder through
//! tower-http's `ServeDir`, with what a preview needs on top: the live-reload script and the
//! error panel in HTML pages, the site's own `404.html` with status 404, content types a
//! static host would send, no caching (a reload must show the new build), a second,
//! stricter check that a request cannot leave the folder (encoded slashes, symlinks), and
//! no open-data download older than the pages (a request for one waits while the last
//! build's are being made, see `LiveReload::open_data_ready`), and no page from half a build (a
//! request finds its file while no build is being written, see `LiveReload::reading_pages`).

use super::overlay;
use super::reload::{self, LiveReload};
use crate::diagnostics::Severity;
use crate::model::Language;
use crate::words;
use axum::Router;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;
use tower_http::services::ServeDir;

/// Pages larger than this are sent without the script (no page of a real site is this big).
const MAX_INJECTED_PAGE: usize = 256 * 1024 * 1024;

/// How long a request for an open-data file waits for the files of the last build before
/// it is served what is there: they take a fraction of a second even on a 10,000-task site,
/// so this is only reached when something went badly wrong.
const OPEN_DATA_WAIT: Duration = Duration::from_secs(30);

#[derive(Clone)]
pub struct App {
    /// The served folder, canonical (so that symlinks can be checked against it).
    dir: PathBuf,
    live: Arc<LiveReload>,
    /// The language of what the server says in the terminal.
    language: Language,
}

pub fn router(dir: PathBuf, live: Arc<LiveReload>, language: Language) -> Router {
    let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
    let app = App {
        dir,
        live: live.clone(),
        language,
    };
    Router::new()
        .route(
            "/__livereload",
            get(reload::websocket).with_state(live.clone()),
        )
        .route("/__gongshi/errors", get(errors).with_state(live))
        .fallback(serve_file)
        .with_state(app)
}

/// `GET /__gongshi/errors`: the diagnostics as plain text (empty when the content is valid),
/// for tools and tests.
async fn errors(State(live): State<Arc<LiveReload>>) -> Response {
    let text = live.errors().unwrap_or_default();
    let mut response = text.into_response();
    set_header(
        response.headers_mut(),
        header::CONTENT_TYPE,
        "text/plain; charset=utf-8",
    );
    set_header(response.headers_mut(), header::CACHE_CONTROL, "no-store");
    response
}

async fn serve_file(State(app): State<App>, request: Request) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return plain(
            StatusCode::METHOD_NOT_ALLOWED,
            "only GET and HEAD are served\n",
        );
    }
    let path = request.uri().path().to_string();
    let Some(relative) = safe_relative_path(&path) else {
        return plain(StatusCode::BAD_REQUEST, "bad path\n");
    };
    if !stays_inside(&app.dir, &relative) {
        return not_found(&app).await;
    }
    if is_open_data_file(&relative) && !app.live.open_data_ready(OPEN_DATA_WAIT).await {
        let words = words!(
            "serve_open_data_late",
            seconds = OPEN_DATA_WAIT.as_secs().to_string(),
            path = path.as_str()
        );
        eprintln!(
            "{}: {}",
            Severity::Warning.label_in(app.language),
            words.in_language(app.language)
        );
    }
    let (mut parts, _) = request.into_parts();
    // A HEAD is answered as the GET would be, less the body (hyper leaves it out): asked
    // for HEAD, ServeDir gives an empty body, and the page would be measured as the
    // live-reload script alone.
    parts.method = Method::GET;
    // Every response is fresh: conditional requests would let a browser keep a page
    // without the error panel, or with an old one.
    for name in [
        header::IF_MODIFIED_SINCE,
        header::IF_NONE_MATCH,
        header::IF_UNMODIFIED_SINCE,
    ] {
        parts.headers.remove(name);
    }
    let request = Request::from_parts(parts, Body::empty());
    // The file is found and opened between two builds' writes, never during one; once open,
    // a file replaced by a later build (renamed over) is still read whole.
    let reading = app.live.reading_pages().await;
    let response = match ServeDir::new(&app.dir).try_call(request).await {
        Ok(response) => response,
        Err(e)
            if matches!(
                e.kind(),
                std::io::ErrorKind::NotFound | std::io::ErrorKind::PermissionDenied
            ) =>
        {
            return not_found(&app).await;
        }
        Err(e) => {
            return plain(
                StatusCode::INTERNAL_SERVER_ERROR,
                &format!("cannot read {path}: {e}\n"),
            );
        }
    };
    if response.status() == StatusCode::NOT_FOUND {
        return not_found(&app).await;
    }
    drop(reading);
    let (mut parts, body) = response.into_parts();
    let ends_in_folder = path.ends_with('/');
    let extension = if ends_in_folder {
        "html".to_string()
    } else {
        extension_of(&relative)
    };
    set_content_type(&mut parts.headers, &extension, &path);
    set_header(&mut parts.headers, header::CACHE_CONTROL, "no-store");
    parts.headers.remove(header::LAST_MODIFIED);
    if extension == "html" && parts.status == StatusCode::OK {
        let Ok(bytes) = axum::body::to_bytes(Body::new(body), MAX_INJECTED_PAGE).await else {
            return plain(StatusCode::INTERNAL_SERVER_ERROR, "cannot read the page\n");
        };
        let html = String::from_utf8_lossy(&bytes);
        return html_response(&app, parts.status, &html, Some(parts.headers));
    }
    Response::from_parts(parts, Body::new(body))
}

/// Whether a request is for one of the open-data files, which are written after the reload.
fn is_open_data_file(relative: &Path) -> bool {
    crate::render::OPEN_DATA_PATHS
        .iter()
        .any(|data| relative == Path::new(data))
}

/// The site's `404.html` with status 404, or a placeholder when there is none yet.
async fn not_found(app: &App) -> Response {
    let page = tokio::fs::read_to_string(app.dir.join("404.html")).await;
    let html = match page {
        Ok(html) => html,
        Err(_) if app.live.errors().is_some() => overlay::placeholder_page(
            "内容有错误，网站尚未生成 · The site has not been built yet",
            "改正下面列出的错误后，这一页会自动刷新。Fix the errors listed above and this page reloads by itself.",
        ),
        Err(_) if !app.live.has_built() => overlay::placeholder_page(
            "正在生成网站… · Building the site…",
            "生成完成后这一页会自动刷新。This page reloads by itself when the build is done.",
        ),
        Err(_) => overlay::placeholder_page(
            "找不到这个页面 · Page not found",
            "这个地址没有页面。There is no page at this address.",
        ),
    };
    html_response(app, StatusCode::NOT_FOUND, &html, None)
}

/// An HTML page with the live-reload script, and the error panel while there are errors.
fn html_response(
    app: &App,
    status: StatusCode,
    html: &str,
    headers: Option<HeaderMap>,
) -> Response {
    let mut snippet = String::new();
    if let Some(report) = app.live.errors() {
        snippet.push_str(&overlay::error_panel(&report));
    }
    snippet.push_str(&reload::client_script(&app.live.state_token()));
    let page = overlay::inject(html, &snippet);
    let mut response = (status, page).into_response();
    if let Some(headers) = headers {
        for (name, value) in headers.iter() {
            if name != header::CONTENT_LENGTH && name != header::ACCEPT_RANGES {
                response.headers_mut().insert(name.clone(), value.clone());
            }
        }
    }
    set_header(
        response.headers_mut(),
        header::CONTENT_TYPE,
        "text/html; charset=utf-8",
    );
    set_header(response.headers_mut(), header::CACHE_CONTROL, "no-store");
    response
}

fn plain(status: StatusCode, text: &str) -> Response {
    let mut response = (status, text.to_string()).into_response();
    set_header(
        response.headers_mut(),
        header::CONTENT_TYPE,
        "text/plain; charset=utf-8",
    );
    response
}

fn set_header(headers: &mut HeaderMap, name: header::HeaderName, value: &'static str) {
    headers.insert(name, HeaderValue::from_static(value));
}

/// What a static host should send for the files gongshi writes; text gets its charset, so
/// Chinese in a CSV or a feed is never shown as mojibake.
fn content_type(extension: &str, path: &str) -> Option<&'static str> {
    Some(match extension {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "xml" if path.ends_with("atom.xml") => "application/atom+xml; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "wasm" => "application/wasm",
        // Pagefind's index and fragments are its own binary formats.
        "pagefind" | "pf_meta" | "pf_index" | "pf_fragment" => "application/octet-stream",
        _ => return None,
    })
}

fn set_content_type(headers: &mut HeaderMap, extension: &str, path: &str) {
    if let Some(value) = content_type(extension, path) {
        set_header(headers, header::CONTENT_TYPE, value);
    }
}

fn extension_of(relative: &Path) -> String {
    relative
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// The request path as a relative path of plain names, or None for anything that is not:
/// `..` or `.` segments (also percent-encoded), encoded slashes or backslashes, NUL bytes,
/// text that is not UTF-8. `ServeDir` refuses most of these itself; this makes the rule
/// ours and testable.
pub fn safe_relative_path(uri_path: &str) -> Option<PathBuf> {
    let mut relative = PathBuf::new();
    for raw in uri_path.split('/') {
        if raw.is_empty() {
            continue;
        }
        let segment = percent_decode(raw)?;
        if segment == "."
            || segment == ".."
            || segment.contains(['/', '\\', '\0'])
            || segment.contains(':')
        {
            return None;
        }
        relative.push(segment);
    }
    Some(relative)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Whether the file a path names (after following symlinks) is inside the served folder.
/// A path that does not exist passes: `ServeDir` answers 404 for it.
fn stays_inside(dir: &Path, relative: &Path) -> bool {
    match std::fs::canonicalize(dir.join(relative)) {
        Ok(real) => real.starts_with(dir),
        Err(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn get(app: &App, path: &str) -> (StatusCode, String) {
        let request = Request::builder()
            .uri(path)
            .body(Body::empty())
            .expect("a request");
        let response = serve_file(State(app.clone()), request).await;
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), usize::MAX)
            .await
            .expect("the body");
        (status, String::from_utf8_lossy(&bytes).into_owned())
    }

    /// While the open-data files of a committed build are being made, a request for one
    /// waits and then gets the new file; other files are served at once.
    #[test]
    fn a_data_file_is_served_only_once_the_last_build_wrote_it() {
        let dir = tempfile::tempdir().expect("a folder");
        std::fs::create_dir_all(dir.path().join("data")).expect("data/");
        std::fs::write(dir.path().join("data/tasks.json"), "old").expect("write");
        std::fs::write(dir.path().join("robots.txt"), "robots").expect("write");
        let live = Arc::new(LiveReload::new());
        let app = App {
            dir: std::fs::canonicalize(dir.path()).expect("canonical"),
            live: live.clone(),
            language: Language::En,
        };
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("a tokio runtime");
        runtime.block_on(async {
            assert_eq!(get(&app, "/data/tasks.json").await.1, "old");

            let generation = live.open_data_due();
            let request = tokio::spawn({
                let app = app.clone();
                async move { get(&app, "/data/tasks.json").await }
            });
            // Other files do not wait.
            let other = tokio::time::timeout(Duration::from_secs(5), get(&app, "/robots.txt"));
            assert_eq!(other.await.expect("robots.txt waited").1, "robots");
            tokio::time::sleep(Duration::from_millis(200)).await;
            assert!(
                !request.is_finished(),
                "the data file was served before it was written"
            );

            std::fs::write(dir.path().join("data/tasks.json"), "new").expect("write");
            live.open_data_written(generation);
            let served = tokio::time::timeout(Duration::from_secs(5), request)
                .await
                .expect("the request still waits after the files were written")
                .expect("the request task");
            assert_eq!(served, (StatusCode::OK, "new".to_string()));
        });
    }

    #[test]
    fn paths_that_could_leave_the_folder_are_refused() {
        for bad in [
            "/../Cargo.toml",
            "/%2e%2e/Cargo.toml",
            "/%2E%2E/%2e%2e/etc/passwd",
            "/tasks/..%2f..%2fetc/passwd",
            "/a%5c..%5cb",
            "/a%00b",
            "/%ff",
            "/c:/windows",
            "/./index.html",
            "/%zz",
        ] {
            assert_eq!(safe_relative_path(bad), None, "{bad}");
        }
        assert_eq!(
            safe_relative_path("/tasks/2022-xidong-01/"),
            Some(PathBuf::from("tasks/2022-xidong-01"))
        );
        assert_eq!(
            safe_relative_path("/%E5%8D%97/a.html"),
            Some(PathBuf::from("南/a.html"))
        );
        assert_eq!(safe_relative_path("/"), Some(PathBuf::new()));
    }

    #[test]
    fn text_files_say_their_charset() {
        assert_eq!(
            content_type("csv", "data/tasks.csv"),
            Some("text/csv; charset=utf-8")
        );
        assert_eq!(content_type("svg", "a.svg"), Some("image/svg+xml"));
        assert_eq!(content_type("wasm", "a.wasm"), Some("application/wasm"));
        assert_eq!(
            content_type("xml", "atom.xml"),
            Some("application/atom+xml; charset=utf-8")
        );
        assert_eq!(content_type("jpg", "a.jpg"), None);
    }
}
