//! `gongshi serve` as an editor uses it: start it, keep a live-reload socket open like a
//! browser tab, save files, and look at what the server sends. Every wait polls with a
//! generous deadline, so the tests hold on a loaded two-core machine; the server is stopped
//! (SIGTERM, then killed) when a test ends, also when it fails.

use crate::support::SiteTest;
use crate::support::http::{self, HttpResponse};
use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Long enough for a first build in a debug binary on a busy machine.
const PATIENCE: Duration = Duration::from_secs(120);

const TASK: &str = "content/tasks/xidong/2022-xidong-01.yaml";
const TASK_PAGE: &str = "/tasks/2022-xidong-01/";

/// A running `gongshi serve` on a site.
pub(crate) struct Server {
    child: Child,
    host: String,
    port: u16,
    stderr: Arc<Mutex<String>>,
    /// The private folder it serves from (printed at start).
    output: PathBuf,
}

impl Server {
    pub(crate) fn start(site: &SiteTest) -> Server {
        Server::start_with(site, &[])
    }

    fn start_with(site: &SiteTest, extra: &[&str]) -> Server {
        let server = Server::launch(site, extra);
        server.wait_for_rebuilds(1);
        server
    }

    /// Starts the server and returns as soon as it listens, before its first build ends.
    fn launch(site: &SiteTest, extra: &[&str]) -> Server {
        // The private folder goes under the test's own temporary folder.
        let tmp = site
            .root()
            .parent()
            .expect("site root has a parent")
            .join("tmp");
        std::fs::create_dir_all(&tmp).expect("create TMPDIR");
        let root = site.root().to_string_lossy().into_owned();
        let mut args = vec!["serve", "--root", root.as_str(), "--port", "0"];
        args.extend_from_slice(extra);
        let mut child = Command::new(env!("CARGO_BIN_EXE_gongshi"))
            .args(&args)
            .env("TMPDIR", &tmp)
            .env("NO_COLOR", "1")
            .env("GONGSHI_LANG", "en")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start gongshi serve");
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut pipe = child.stderr.take().expect("stderr is piped");
        let sink = stderr.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                if let Ok(mut s) = sink.lock() {
                    s.push_str(&String::from_utf8_lossy(&buf[..n]));
                }
            }
        });
        let mut server = Server {
            child,
            host: String::new(),
            port: 0,
            stderr,
            output: PathBuf::new(),
        };
        let line = server.wait_for_line("serving http://");
        let address = line
            .trim_start_matches("serving http://")
            .split('/')
            .next()
            .unwrap_or_default()
            .to_string();
        let (host, port) = address.rsplit_once(':').expect("host:port");
        server.host = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_string();
        server.port = port.parse().expect("a port number");
        let building = server.wait_for_line("building ");
        let output = building
            .split(" into ")
            .nth(1)
            .and_then(|rest| rest.split(" (removed").next())
            .expect("the preview folder is printed");
        server.output = PathBuf::from(output);
        server
    }

    pub(crate) fn stderr(&self) -> String {
        self.stderr.lock().map(|s| s.clone()).unwrap_or_default()
    }

    /// Waits for a line of stderr starting with `start`, and returns it.
    fn wait_for_line(&mut self, start: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(line) = self.stderr().lines().find(|l| l.starts_with(start)) {
                return line.to_string();
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!(
                    "gongshi serve exited ({status}) before printing {start:?}:\n{}",
                    self.stderr()
                );
            }
            assert!(
                Instant::now() < deadline,
                "no {start:?} from gongshi serve:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Builds so far (good or not): lines that end a build.
    pub(crate) fn builds(&self) -> usize {
        self.stderr()
            .lines()
            .filter(|l| {
                l.starts_with("rebuilt in ")
                    || l.starts_with("the site has errors")
                    || l.starts_with("still serving")
            })
            .count()
    }

    fn wait_for_rebuilds(&self, count: usize) {
        let deadline = Instant::now() + PATIENCE;
        while self.builds() < count {
            assert!(
                Instant::now() < deadline,
                "no build from gongshi serve:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub(crate) fn address(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    /// `GET path` with the path sent exactly as given.
    fn get(&self, path: &str) -> HttpResponse {
        http::get(&self.address(), path)
    }

    /// A connection opened ahead, so that a request can be sent the moment something
    /// happens (see [`Connection::get`]).
    fn connect(&self) -> Connection {
        Connection {
            stream: TcpStream::connect(self.address()).expect("connect to the server"),
            address: self.address(),
        }
    }

    /// A live-reload socket, as a tab opens it; the greeting is read.
    fn tab(&self) -> Tab {
        let stream = TcpStream::connect(self.address()).expect("connect to the server");
        stream
            .set_read_timeout(Some(PATIENCE))
            .expect("set a read timeout");
        let url = format!("ws://{}/__livereload", self.address());
        let (socket, _) = tungstenite::client(url.as_str(), stream).expect("WebSocket handshake");
        // Short reads from now on, so that waiting loops can check their deadline.
        socket
            .get_ref()
            .set_read_timeout(Some(Duration::from_millis(200)))
            .expect("set a read timeout");
        let mut tab = Tab { socket };
        let hello = tab.next_message();
        assert!(hello.starts_with("hello "), "greeting: {hello:?}");
        tab
    }

    fn stop(&mut self) -> Option<std::process::ExitStatus> {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let deadline = Instant::now() + Duration::from_secs(20);
        while Instant::now() < deadline {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("--- gongshi serve's stderr\n{}", self.stderr());
        }
        if self.stop().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A browser tab's live-reload connection.
struct Tab {
    socket: tungstenite::WebSocket<TcpStream>,
}

impl Tab {
    fn next_message(&mut self) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            match self.socket.read() {
                Ok(tungstenite::Message::Text(text)) => return text.to_string(),
                Ok(_) => {}
                Err(tungstenite::Error::Io(e))
                    if matches!(
                        e.kind(),
                        std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                    ) => {}
                Err(e) => panic!("live-reload socket failed: {e}"),
            }
            assert!(Instant::now() < deadline, "no live-reload message");
        }
    }

    /// Reads messages until `word` arrives; the ones before it are returned.
    fn expect(&mut self, word: &str) -> Vec<String> {
        let mut before = Vec::new();
        loop {
            let message = self.next_message();
            if message == word {
                return before;
            }
            assert!(
                !(word == "reload" && message == "errors"),
                "the site got errors where a good rebuild was expected"
            );
            before.push(message);
        }
    }
}

/// An open connection to the server, for one request.
struct Connection {
    stream: TcpStream,
    address: String,
}

impl Connection {
    fn get(self, path: &str) -> HttpResponse {
        http::get_on(self.stream, &self.address, path)
    }
}

fn has_overlay(html: &str) -> bool {
    html.contains("id=\"gongshi-errors\"")
}

#[test]
fn serve_reloads_the_tab_after_a_ledger_edit_and_serves_the_new_text() {
    let site = SiteTest::minimal();
    let server = Server::start(&site);
    let page = server.get(TASK_PAGE);
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains("data-gongshi-livereload"),
        "no live-reload script"
    );
    assert!(!has_overlay(&page.body));
    // Links point at the local server, whatever site.yaml's base_url says.
    assert!(
        page.body.contains(&format!(
            "http://127.0.0.1:{}/tasks/2022-xidong-01/",
            server.port
        )),
        "the canonical address is not the local one"
    );

    let mut tab = server.tab();
    site.replace(TASK, "首批示范点开工。", "首批示范点开工，群众满意。");
    tab.expect("reload");
    let page = server.get(TASK_PAGE);
    assert!(
        page.body.contains("首批示范点开工，群众满意。"),
        "{}",
        page.body
    );
}

/// The open-data files are written after the reload, off the rebuild path; a download
/// asked for the moment the tab hears of the rebuild must still be the new one, and
/// datapackage.json must describe the tasks.json served beside it.
#[test]
fn serve_never_serves_open_data_older_than_the_reload() {
    let site = SiteTest::minimal();
    let server = Server::start(&site);
    // The first build writes them before it is reported.
    for path in [
        "data/tasks.json",
        "data/tasks.csv",
        "data/evaluations.csv",
        "data/datapackage.json",
    ] {
        assert!(server.output.join(path).is_file(), "{path} is missing");
    }
    let json = server.get("/data/tasks.json");
    assert_eq!(json.status, 200);
    assert!(json.body.contains("西洞镇农房改造"), "{}", json.body);
    assert_data_package_matches(&server, &json);

    let mut tab = server.tab();
    for title in ["西洞镇农房改造提升", "西洞镇农房改造二期"] {
        let ahead = server.connect();
        site.replace(TASK, "title: 西洞镇农房改造", &format!("title: {title}"));
        tab.expect("reload");
        // At once: the files are most likely still being made.
        let json = ahead.get("/data/tasks.json");
        assert_eq!(json.status, 200);
        assert!(
            json.body.contains(&format!("\"title\": \"{title}\"")),
            "an old tasks.json was served after the reload:\n{}",
            json.body
        );
        assert_data_package_matches(&server, &json);
        site.replace(TASK, &format!("title: {title}"), "title: 西洞镇农房改造");
        tab.expect("reload");
    }
    assert!(
        server.stderr().contains("data files written"),
        "{}",
        server.stderr()
    );
}

/// While the content has errors nothing new is built, so nothing is waited for: the last
/// good build's open data is served at once.
#[test]
fn serve_keeps_serving_the_last_good_open_data_while_the_content_has_errors() {
    let site = SiteTest::minimal();
    let server = Server::start(&site);
    let mut tab = server.tab();
    site.replace(TASK, "title: 西洞镇农房改造", "title: 西洞镇农房改造提升");
    tab.expect("reload");
    site.replace(TASK, "org: xidong", "org: xidon");
    site.replace(TASK, "title: 西洞镇农房改造提升", "title: 西洞镇危房改造");
    tab.expect("errors");
    for path in [
        "/data/tasks.json",
        "/data/datapackage.json",
        "/data/tasks.csv",
    ] {
        let asked = Instant::now();
        let response = server.get(path);
        // Far below the 30 s a request waits at most for files being made.
        assert!(
            asked.elapsed() < Duration::from_secs(10),
            "{path} waited {:?} while nothing was being built",
            asked.elapsed()
        );
        assert_eq!(response.status, 200, "{path}");
        assert!(
            !response.body.contains("危房"),
            "{path} shows the broken edit"
        );
    }
    let json = server.get("/data/tasks.json");
    assert!(json.body.contains("西洞镇农房改造提升"), "{}", json.body);
    assert_data_package_matches(&server, &json);
}

/// datapackage.json's size and sha256 of tasks.json are those of `tasks_json`.
fn assert_data_package_matches(server: &Server, tasks_json: &HttpResponse) {
    use sha2::Digest as _;
    let package = server.get("/data/datapackage.json");
    assert_eq!(package.status, 200);
    let package: serde_json::Value =
        serde_json::from_str(&package.body).expect("datapackage.json is JSON");
    let resource = package["resources"]
        .as_array()
        .expect("resources")
        .iter()
        .find(|r| r["path"] == "tasks.json")
        .expect("tasks.json is listed");
    let sha256: String = sha2::Sha256::digest(tasks_json.body.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(resource["hash"], format!("sha256:{sha256}"));
    assert_eq!(resource["bytes"], tasks_json.body.len());
}

#[test]
fn serve_shows_errors_in_every_page_until_they_are_fixed() {
    let site = SiteTest::minimal();
    let mut server = Server::start(&site);
    let mut tab = server.tab();

    site.replace(TASK, "org: xidong", "org: xidon");
    tab.expect("errors");
    for path in [TASK_PAGE, "/", "/tasks/"] {
        let page = server.get(path);
        assert_eq!(
            page.status, 200,
            "{path}: the last good build is still served"
        );
        assert!(has_overlay(&page.body), "{path}: no error panel");
        assert!(page.body.contains("role=\"alert\""));
        // The terminal's text: file:line:col, the source line, the caret, the remedy.
        assert!(
            page.body.contains(&format!(
                "{TASK}:3:6: error: unknown org `xidon` (did you mean `xidong`?)"
            )),
            "{}",
            page.body
        );
        // The offending text is marked, so that it can be seen.
        assert!(
            page.body.contains("3 | org: <mark>xidon</mark>"),
            "{}",
            page.body
        );
        assert!(page.body.contains("^^^^^"));
    }
    // The terminal says it too (read from the pipe by a thread: waited for, not assumed).
    server.wait_for_line(&format!("{TASK}:3:6: error: unknown org"));
    let errors = server.get("/__gongshi/errors");
    assert!(
        errors.body.starts_with(&format!("{TASK}:3:6: error:")),
        "{}",
        errors.body
    );

    // A YAML syntax error is located too.
    site.replace(TASK, "title: 西洞镇农房改造", "title: [西洞镇农房改造");
    tab.expect("errors");
    let page = server.get(TASK_PAGE);
    assert!(
        page.body
            .contains(&format!("{TASK}:3:4: error: YAML syntax")),
        "{}",
        page.body
    );

    site.replace(TASK, "title: [西洞镇农房改造", "title: 西洞镇农房改造");
    site.replace(TASK, "org: xidon", "org: xidong");
    tab.expect("ok");
    let page = server.get(TASK_PAGE);
    assert!(
        !has_overlay(&page.body),
        "the error panel stayed after the fix"
    );
    assert_eq!(server.get("/__gongshi/errors").body, "");
}

#[test]
fn serve_answers_404_with_the_site_page_for_a_deleted_task() {
    // A task no evaluation or notice refers to, so that deleting it leaves a valid site.
    const OTHER: &str = "content/tasks/xidong/2022-nanzhuang-01.yaml";
    const OTHER_PAGE: &str = "/tasks/2022-nanzhuang-01/";
    let site = SiteTest::minimal();
    let server = Server::start(&site);
    assert_eq!(server.get(OTHER_PAGE).status, 200);
    let mut tab = server.tab();
    site.remove(OTHER);
    let before = tab.expect("reload");
    assert!(before.is_empty(), "{before:?}\n{}", server.stderr());
    let page = server.get(OTHER_PAGE);
    assert_eq!(page.status, 404);
    assert!(
        page.body.contains("data-gongshi-livereload"),
        "a 404 page must reload too"
    );
    let own_404 =
        std::fs::read_to_string(server.output.join("404.html")).expect("404.html is built");
    let title = own_404
        .split("<title>")
        .nth(1)
        .and_then(|t| t.split("</title>").next())
        .expect("404.html has a title");
    assert!(page.body.contains(title), "not the site's own 404 page");
    assert!(
        !server.output.join("tasks/2022-nanzhuang-01").exists(),
        "the page's folder is left"
    );
    assert_eq!(server.get("/no/such/page/").status, 404);
}

#[test]
fn serve_rebuilds_after_atomic_saves_new_folders_and_a_templates_folder_made_later() {
    let site = SiteTest::minimal();
    let server = Server::start(&site);
    let mut tab = server.tab();

    // An editor's atomic save: write a temporary beside the file, rename it over the file.
    let text = site
        .read(TASK)
        .replace("逐户验收完成。", "逐户验收完成，资料归档。");
    site.write("content/tasks/xidong/.2022-xidong-01.yaml.tmp", &text);
    std::fs::rename(
        site.path("content/tasks/xidong/.2022-xidong-01.yaml.tmp"),
        site.path(TASK),
    )
    .expect("rename over the ledger");
    tab.expect("reload");
    assert!(server.get(TASK_PAGE).body.contains("资料归档"));

    // A new folder with a new ledger in it.
    let new_task = site
        .read(TASK)
        .replace("id: 2022-xidong-01", "id: 2022-xidong-09")
        .replace("title: 西洞镇农房改造", "title: 西洞镇道路硬化");
    site.write("content/tasks/xidong/roads/2022-xidong-09.yaml", new_task);
    tab.expect("reload");
    let deadline = Instant::now() + PATIENCE;
    while server.get("/tasks/2022-xidong-09/").status != 200 {
        // Two saves in a row may come as two rebuilds; the second reloads again.
        assert!(
            Instant::now() < deadline,
            "the new task's page never appeared"
        );
        tab.expect("reload");
    }
    assert!(
        server
            .get("/tasks/2022-xidong-09/")
            .body
            .contains("西洞镇道路硬化")
    );

    // templates/ did not exist when serve started.
    assert!(!site.path("templates").exists());
    std::fs::create_dir(site.path("templates")).expect("create templates/");
    site.write(
        "templates/404.html",
        "<!doctype html><html><head><title>gone</title></head><body><p>OVERRIDDEN 404</p></body></html>",
    );
    tab.expect("reload");
    let deadline = Instant::now() + PATIENCE;
    while !server.get("/missing/").body.contains("OVERRIDDEN 404") {
        assert!(Instant::now() < deadline, "the new template was not used");
        tab.expect("reload");
    }
}

#[test]
fn serve_rebuilds_once_for_a_burst_of_saves() {
    let site = SiteTest::minimal();
    let server = Server::start(&site);
    let before = server.builds();
    for i in 0..5 {
        site.replace(TASK, "首批示范点开工", &format!("首批示范点开工{i}"));
    }
    let deadline = Instant::now() + PATIENCE;
    while !server.get(TASK_PAGE).body.contains("首批示范点开工43210") {
        assert!(
            Instant::now() < deadline,
            "the last save never showed:\n{}",
            server.stderr()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    std::thread::sleep(Duration::from_secs(2));
    let rebuilds = server.builds() - before;
    // One on an idle machine; two if the burst straddled the debounce window (the first
    // may even have read a file half-written, as editors that save in place allow).
    assert!(
        (1..=2).contains(&rebuilds),
        "{rebuilds} rebuilds for one burst:\n{}",
        server.stderr()
    );
}

#[test]
fn serve_editor_temporaries_do_not_trigger_a_rebuild() {
    let site = SiteTest::minimal();
    let server = Server::start(&site);
    let before = server.builds();
    site.write("content/tasks/xidong/.2022-xidong-01.yaml.swp", "swap");
    site.write("content/tasks/xidong/2022-xidong-01.yaml~", "backup");
    site.write("content/tasks/xidong/4913", "");
    site.write("content/tasks/xidong/.#2022-xidong-01.yaml", "lock");
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(server.builds(), before, "{}", server.stderr());
}

#[test]
fn serve_keeps_every_request_inside_its_folder() {
    let site = SiteTest::minimal();
    site.write(
        "content/static/docs/plan.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.write("content/static/docs/viewer.wasm", b"\0asm\x01\0\0\0");
    let server = Server::start(&site);
    let secret_dir = site.root().parent().expect("parent").join("secret");
    std::fs::create_dir_all(&secret_dir).expect("create a folder outside");
    std::fs::write(secret_dir.join("secret.txt"), "TOP SECRET").expect("write a secret");
    std::os::unix::fs::symlink(
        secret_dir.join("secret.txt"),
        server.output.join("leak.txt"),
    )
    .expect("symlink a file");
    std::os::unix::fs::symlink(&secret_dir, server.output.join("leakdir"))
        .expect("symlink a folder");

    for path in [
        "/../secret/secret.txt",
        "/../../etc/passwd",
        "/%2e%2e/secret/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/tasks/..%2f..%2f..%2fsecret%2fsecret.txt",
        "/..%5c..%5csecret%5csecret.txt",
        "/tasks/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/leak.txt",
        "/leakdir/secret.txt",
        "//etc/passwd",
        "/%00",
    ] {
        let response = server.get(path);
        assert!(
            [400, 404].contains(&response.status),
            "{path}: status {}",
            response.status
        );
        assert!(
            !response.body.contains("TOP SECRET"),
            "{path} leaked a file"
        );
        assert!(
            !response.body.contains("root:"),
            "{path} leaked /etc/passwd"
        );
    }
    assert!(server.get("/index.html").status == 200);
}

#[test]
fn serve_sends_the_content_types_a_static_host_would() {
    let site = SiteTest::minimal();
    site.write(
        "content/static/docs/plan.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.write("content/static/docs/viewer.wasm", b"\0asm\x01\0\0\0");
    let server = Server::start(&site);
    for (path, expected) in [
        ("/", "text/html; charset=utf-8"),
        (TASK_PAGE, "text/html; charset=utf-8"),
        ("/data/tasks.csv", "text/csv; charset=utf-8"),
        ("/data/tasks.json", "application/json"),
        ("/atom.xml", "application/atom+xml; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/assets/style.css", "text/css; charset=utf-8"),
        ("/docs/plan.svg", "image/svg+xml"),
        ("/docs/viewer.wasm", "application/wasm"),
    ] {
        let response = server.get(path);
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(response.header("content-type"), Some(expected), "{path}");
        assert_eq!(response.header("cache-control"), Some("no-store"), "{path}");
    }
    // Only HTML pages get the script.
    assert!(!server.get("/data/tasks.csv").body.contains("livereload"));
    // A folder without its slash is redirected to it.
    let response = server.get("/tasks");
    assert!(
        [301, 307, 308].contains(&response.status),
        "{}",
        response.status
    );
}

#[test]
fn serve_answers_head_with_the_headers_of_the_get_and_no_body() {
    let site = SiteTest::minimal();
    let server = Server::start(&site);
    for path in ["/", TASK_PAGE, "/assets/style.css", "/no-such-page/"] {
        let get = server.get(path);
        let stream = TcpStream::connect(server.address()).expect("connect to the server");
        let head = http::exchange(stream, &server.address(), "HEAD", path, "", PATIENCE)
            .unwrap_or_else(|e| panic!("HEAD {path}: {e}"));
        assert!(head.bytes.is_empty(), "HEAD {path} sent a body");
        assert_eq!(head.status, get.status, "HEAD {path}: {}", head.head());
        let length = head.header("content-length").unwrap_or_default();
        assert_eq!(
            length,
            get.body.len().to_string(),
            "HEAD {path}: Content-Length differs from the GET's body"
        );
    }
}

#[test]
fn build_output_never_contains_the_livereload_script() {
    let site = SiteTest::minimal();
    let out = site.root().parent().expect("parent").join("out");
    let out_arg = out.to_string_lossy().into_owned();
    let root = site.root().to_string_lossy().into_owned();
    site.run(&["build", "--root", &root, "--output", &out_arg])
        .assert_code(0);
    let mut pages = 0;
    for entry in walk(&out) {
        if entry.extension().is_some_and(|e| e == "html") {
            pages += 1;
            let html = std::fs::read_to_string(&entry).expect("read a page");
            assert!(
                !html.contains("livereload"),
                "{} has the script",
                entry.display()
            );
            assert!(!html.contains("gongshi-errors"), "{}", entry.display());
        }
    }
    assert!(pages > 5);
}

#[test]
fn serve_on_a_busy_port_says_to_pick_another() {
    let site = SiteTest::minimal();
    let taken = TcpListener::bind("127.0.0.1:0").expect("take a port");
    let port = taken.local_addr().expect("address").port().to_string();
    let root = site.root().to_string_lossy().into_owned();
    let run = site.run(&["serve", "--root", &root, "--port", &port]);
    run.assert_code(1)
        .assert_stderr_contains(&format!("port {port} on 127.0.0.1 is already in use"))
        .assert_stderr_contains("--port");
}

#[test]
fn serve_without_a_site_explains_what_to_do() {
    let site = SiteTest::empty();
    let root = site.root().to_string_lossy().into_owned();
    site.run(&["serve", "--root", &root, "--port", "0"])
        .assert_code(1)
        .assert_stderr_contains("no content folder")
        .assert_stderr_contains("--root");
}

#[test]
fn serve_works_on_ipv6_loopback() {
    if TcpListener::bind("[::1]:0").is_err() {
        eprintln!("no IPv6 loopback here: skipped");
        return;
    }
    let site = SiteTest::minimal();
    let server = Server::start_with(&site, &["--bind", "::1"]);
    assert_eq!(server.host, "::1");
    let page = server.get(TASK_PAGE);
    assert_eq!(page.status, 200);
    assert!(page.body.contains(&format!(
        "http://[::1]:{}/tasks/2022-xidong-01/",
        server.port
    )));
    let mut tab = server.tab();
    site.replace(TASK, "首批示范点开工。", "首批示范点开工（IPv6）。");
    tab.expect("reload");
    assert!(
        server
            .get(TASK_PAGE)
            .body
            .contains("首批示范点开工（IPv6）。")
    );
}

#[test]
fn serve_stops_on_sigterm_and_removes_its_folder() {
    let site = SiteTest::minimal();
    let mut server = Server::start(&site);
    let _tab = server.tab();
    assert!(server.output.join("index.html").is_file());
    let status = server.stop().expect("serve stops within 20 s of SIGTERM");
    assert!(status.success(), "{status}\n{}", server.stderr());
    assert!(
        !server.output.exists(),
        "the preview folder was left behind"
    );
}

#[test]
fn serve_with_poll_notices_edits() {
    let site = SiteTest::minimal();
    let server = Server::start_with(&site, &["--poll"]);
    let mut tab = server.tab();
    site.replace(TASK, "首批示范点开工。", "首批示范点开工（轮询）。");
    tab.expect("reload");
    assert!(
        server
            .get(TASK_PAGE)
            .body
            .contains("首批示范点开工（轮询）。")
    );
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// The internal links of a page in `folder` (`/` or `/tasks/`), as addresses from the
/// root (`../x/index.html` from `/tasks/y/` is `/tasks/x/index.html`), without fragments,
/// each once.
fn links_in(html: &str, folder: &str) -> Vec<String> {
    let mut links: Vec<String> = html
        .split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|link| !link.starts_with("//") && !link.starts_with('#') && !link.contains(':'))
        .map(|link| link.split('#').next().unwrap_or(link))
        .map(|link| {
            if link.starts_with('/') {
                return link.to_string();
            }
            let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
            for segment in link.split('/') {
                match segment {
                    ".." => {
                        parts.pop();
                    }
                    "." => {}
                    s => parts.push(s),
                }
            }
            format!("/{}", parts.join("/"))
        })
        .collect();
    links.sort();
    links.dedup();
    links
}

/// Regression: during the first build of a 2,000-task site, `/` answered 200 for a moment
/// while the task pages it links to still answered 404: the build became visible file by
/// file. Now a request waits while a build is written, so the first page served has every
/// page it links to.
#[test]
fn serve_never_shows_half_a_site_during_the_first_build() {
    let site = SiteTest::generated(2000);
    let server = Server::launch(&site, &[]);
    let deadline = Instant::now() + PATIENCE;
    let home = loop {
        let home = server.get("/");
        if home.status == 200 {
            break home;
        }
        assert!(Instant::now() < deadline, "the first build never finished");
        std::thread::sleep(Duration::from_millis(2));
    };
    // Straight away, before the rest of a half-written build could appear: the home page's
    // links, then the pages of every task on the task list.
    let mut checked = 0;
    let mut missing = Vec::new();
    for link in links_in(&home.body, "/") {
        checked += 1;
        let status = server.get(&link).status;
        if status != 200 {
            missing.push(format!("{link}: {status}"));
        }
    }
    let list = server.get("/tasks/");
    assert_eq!(list.status, 200, "/tasks/ right after / answered 200");
    for link in links_in(&list.body, "/tasks/")
        .into_iter()
        .filter(|l| l.starts_with("/tasks/") && l.matches('/').count() == 3)
        .rev()
        .take(200)
    {
        checked += 1;
        let status = server.get(&link).status;
        if status != 200 {
            missing.push(format!("{link}: {status}"));
        }
    }
    assert!(checked > 100, "only {checked} links were checked");
    assert!(
        missing.is_empty(),
        "{} of {checked} linked pages were not there yet: {:?}",
        missing.len(),
        &missing[..missing.len().min(10)]
    );
}

const BANNER: &str = "unpublished-banner";

/// In `serve`, a page whose content differs from the newest publication says so; after
/// `gongshi publish` it no longer does, and pages that were never edited never did.
#[test]
fn serve_marks_an_unpublished_edit_until_it_is_published() {
    let site = SiteTest::minimal();
    crate::history::publish(&site).assert_code(0);
    let server = Server::start(&site);
    let page = server.get(TASK_PAGE);
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(!page.body.contains(BANNER), "published, yet marked");

    site.replace(TASK, "首批示范点开工。", "首批示范点开工，群众满意。");
    let page = server.eventually(TASK_PAGE, |body| body.contains("群众满意"));
    assert!(page.contains(BANNER), "an unpublished edit is not marked");
    assert!(page.contains("尚未公示的修改"));
    let other = server.get("/tasks/2022-nanzhuang-01/");
    assert!(!other.body.contains(BANNER), "an unedited task is marked");

    crate::history::publish(&site).assert_code(0);
    let page = server.eventually(TASK_PAGE, |body| body.contains("自首次公示以来修改 1 次"));
    assert!(!page.contains(BANNER), "still marked after publish");
}

impl Server {
    /// The body of `path` once `ready` holds for it (the rebuild after an edit is done);
    /// fails the test past the patience.
    fn eventually(&self, path: &str, ready: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let page = self.get(path);
            if ready(&page.body) {
                return page.body;
            }
            assert!(
                Instant::now() < deadline,
                "{path} never became ready:\n{}\n--- stderr\n{}",
                page.body,
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

/// `build` never marks a page "not yet published", however far the content is ahead of
/// the newest publication.
#[test]
fn build_output_never_has_the_unpublished_banner() {
    let site = SiteTest::minimal();
    crate::history::publish(&site).assert_code(0);
    site.replace(TASK, "首批示范点开工。", "首批示范点开工，群众满意。")
        .replace(
            "content/notices/2022-12-22-publicity.md",
            "请来电反映。",
            "请来电或来信反映。",
        );
    let out = site.root().parent().expect("parent").join("out");
    let out_arg = out.to_string_lossy().into_owned();
    let root = site.root().to_string_lossy().into_owned();
    site.run(&["build", "--root", &root, "--output", &out_arg])
        .assert_code(0);
    let mut pages = 0;
    for entry in walk(&out) {
        if entry.extension().is_some_and(|e| e == "html") {
            pages += 1;
            let html = std::fs::read_to_string(&entry).expect("read a page");
            assert!(!html.contains(BANNER), "{} has the banner", entry.display());
        }
    }
    assert!(pages > 5);
}
