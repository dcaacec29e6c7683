//! Gate: the site on a real web host, as a publisher deploys it. Debian's nginx serves a
//! built site under the sub-path `/sub/` with the server block that README.md documents
//! (read from README.md itself, so the two cannot drift apart), and Debian's `linkchecker`
//! crawls the whole site from its front page: no link may be broken, and an address that
//! does not exist must answer 404 with the site's own not-found page.
//!
//! nginx runs as a child of the test, in the foreground, on a free loopback port, with its
//! pid file, logs and temporary folders in the test's own temporary folder.

use crate::built::{Output, build_sample};
use crate::support::http;
use crate::support::{SiteTest, free_loopback_port, require_tool};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The sub-path README's server block serves the site under.
pub(crate) const PREFIX: &str = "/sub/";
/// The folder README's block names in `alias`, replaced by the built site's.
const README_ALIAS: &str = "/var/www/gongshi/public/";
const README_LISTEN: &str = "listen 80;";
const PATIENCE: Duration = Duration::from_secs(60);

/// The `nginx` block of README.md's "Hosting on nginx" section.
fn readme_server_block() -> String {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("read README.md");
    let start = readme
        .find("```nginx\n")
        .expect("README.md has an ```nginx block (the \"Hosting on nginx\" section)");
    let block = &readme[start + "```nginx\n".len()..];
    let block = &block[..block.find("```").expect("the ```nginx block is closed")];
    for needed in [
        README_LISTEN,
        README_ALIAS,
        "location /sub/",
        "error_page 404 /sub/404.html",
    ] {
        assert!(
            block.contains(needed),
            "README.md's nginx block lacks `{needed}`, which this test replaces or relies on"
        );
    }
    block.to_string()
}

/// nginx serving one built site under `/sub/` with README's server block.
pub(crate) struct Nginx {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl Nginx {
    pub(crate) fn start(site: &Path, port: u16) -> Nginx {
        let nginx = require_tool("nginx", "nginx");
        let dir = tempfile::Builder::new()
            .prefix("gongshi-nginx-")
            .tempdir()
            .expect("create nginx's folder");
        let prefix = dir.path();
        let site = site.to_string_lossy();
        let server = readme_server_block()
            .replace(README_LISTEN, &format!("listen 127.0.0.1:{port};"))
            .replace(README_ALIAS, &format!("{}/", site.trim_end_matches('/')));
        // Run as root (CI does), nginx would hand its workers to `nobody`, who cannot read
        // the test's private temporary folders.
        let user = if running_as_root() { "user root;" } else { "" };
        let p = prefix.display();
        let config = format!(
            "{user}
worker_processes 1;
pid {p}/nginx.pid;
error_log {p}/error.log;
events {{ worker_connections 256; }}
http {{
    access_log {p}/access.log;
    client_body_temp_path {p}/client_body;
    proxy_temp_path {p}/proxy;
    fastcgi_temp_path {p}/fastcgi;
    uwsgi_temp_path {p}/uwsgi;
    scgi_temp_path {p}/scgi;
    # linkchecker waits 0.1-0.6 s between requests to a host unless the host sends this.
    add_header LinkChecker fast;
{server}
}}
"
        );
        let config_path = prefix.join("nginx.conf");
        std::fs::write(&config_path, config).expect("write nginx.conf");
        let child = Command::new(&nginx)
            .arg("-p")
            .arg(prefix)
            .arg("-c")
            .arg(&config_path)
            .arg("-e")
            .arg(prefix.join("error.log"))
            .args(["-g", "daemon off;"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("start {}: {e}", nginx.display()));
        let mut server = Nginx { child, port, dir };
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = server.child.try_wait() {
                panic!("nginx exited ({status}):\n{}", server.error_log());
            }
            assert!(
                started.elapsed() < PATIENCE,
                "nginx did not listen on 127.0.0.1:{port}:\n{}",
                server.error_log()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        server
    }

    fn error_log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("error.log")).unwrap_or_default()
    }

    pub(crate) fn base_url(&self) -> String {
        format!("http://127.0.0.1:{}{PREFIX}", self.port)
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("--- nginx's error log\n{}", self.error_log());
        }
        // SIGQUIT: the master stops its worker too (SIGKILL would leave the worker behind).
        let _ = Command::new("kill")
            .args(["-QUIT", &self.child.id().to_string()])
            .status();
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(10) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn running_as_root() -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0)
}

/// What linkchecker found on one crawl.
pub(crate) struct Crawl {
    pub(crate) urls: usize,
    pub(crate) errors: usize,
    pub(crate) report: String,
}

/// Crawls the whole site from its front page (links to other hosts are not followed). With
/// `anchors`, the `#fragment`s are checked too, by linkchecker's AnchorCheck, which doubles
/// the crawl's time (the internal link checker, `links.rs`, checks them on every build).
pub(crate) fn crawl(start: &str, anchors: bool) -> Crawl {
    let linkchecker = require_tool("linkchecker", "linkchecker");
    // linkchecker run as root changes to `nobody`, who must be able to read its settings.
    let dir = tempfile::Builder::new()
        .prefix("gongshi-linkchecker-")
        .tempdir()
        .expect("create linkchecker's folder");
    set_mode(dir.path(), 0o755);
    let config = dir.path().join("linkcheckerrc");
    let mut settings = String::from("[checking]\nmaxrequestspersecond=1000\nthreads=4\n");
    if anchors {
        settings.push_str("[AnchorCheck]\n");
    }
    std::fs::write(&config, settings).expect("write linkchecker's settings");
    set_mode(&config, 0o644);
    let output = Command::new(&linkchecker)
        .arg("--config")
        .arg(&config)
        .args([
            "--no-status",
            "--output=text",
            "--recursion-level=-1",
            start,
        ])
        .env("HOME", dir.path())
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("run {}: {e}", linkchecker.display()));
    let report = String::from_utf8_lossy(&output.stdout).into_owned();
    // "That's it. 179 links in 179 URLs checked. 0 warnings found. 1 error found."
    let summary = report
        .lines()
        .find(|l| l.starts_with("That's it."))
        .map(str::to_string)
        .unwrap_or_else(|| {
            panic!(
                "linkchecker did not finish ({}):\n{report}\n{}",
                output.status,
                String::from_utf8_lossy(&output.stderr)
            )
        });
    let number_before = |word: &str| -> usize {
        let words: Vec<&str> = summary.split_whitespace().collect();
        words
            .windows(2)
            .find(|w| w[1].starts_with(word))
            .and_then(|w| w[0].parse().ok())
            .unwrap_or_else(|| panic!("no count of {word} in {summary:?}"))
    };
    let crawl = Crawl {
        urls: number_before("URLs"),
        errors: number_before("error"),
        report,
    };
    assert_eq!(
        output.status.code() == Some(0),
        crawl.errors == 0,
        "linkchecker's exit status ({}) disagrees with its summary {summary:?}",
        output.status
    );
    crawl
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
        .unwrap_or_else(|e| panic!("chmod {}: {e}", path.display()));
}

/// The part of linkchecker's report that lists the broken links (from "Start checking"
/// to the statistics).
pub(crate) fn broken_links(report: &str) -> &str {
    let start = report.find("Start checking").unwrap_or(0);
    let end = report.find("Statistics:").unwrap_or(report.len());
    &report[start..end]
}

/// A GET from nginx: (status, headers as `name: value` lines with lower-cased names, body).
pub(crate) fn get(port: u16, path: &str, extra_headers: &str) -> (u16, String, Vec<u8>) {
    let address = format!("127.0.0.1:{port}");
    let stream = TcpStream::connect(&address).expect("connect to nginx");
    let answer = http::exchange(stream, &address, "GET", path, extra_headers, PATIENCE)
        .unwrap_or_else(|e| panic!("GET {path} from nginx: {e}"));
    (answer.status, answer.head(), answer.bytes)
}

/// Serves the built site `out` (built for `port`) with README's block, crawls it, and checks
/// the not-found page and the headers README promises. Returns the number of URLs crawled.
fn assert_hosted_on_nginx(out: &Output<'_>, port: u16, what: &str, anchors: bool) -> usize {
    let started = Instant::now();
    let nginx = Nginx::start(out.dir(), port);
    let crawl = crawl(&nginx.base_url(), anchors);
    let pages = out.html_files().len();
    eprintln!(
        "{what} on nginx under {PREFIX}: linkchecker crawled {} URLs ({pages} HTML files \
         in the output), {} broken, in {:.1} s",
        crawl.urls,
        crawl.errors,
        started.elapsed().as_secs_f64()
    );
    assert_eq!(
        crawl.errors,
        0,
        "linkchecker found broken links on {what} served by nginx:\n{}",
        broken_links(&crawl.report)
    );
    assert!(
        crawl.urls >= pages,
        "linkchecker checked {} URLs, fewer than the {pages} pages built: the crawl did not \
         reach the whole site\n{}",
        crawl.urls,
        crawl.report
    );

    // A missing address: 404, with the site's own page as the body.
    let not_found_page = out.bytes("404.html");
    for missing in [
        "/sub/no-such-page/",
        "/sub/tasks/no-such-task/",
        "/sub/no-such-file.css",
    ] {
        let (status, headers, body) = get(port, missing, "");
        assert_eq!(status, 404, "GET {missing} on nginx\n{headers}");
        assert!(
            body == not_found_page,
            "GET {missing} on nginx answered 404 but not with the site's 404.html ({} bytes \
             instead of {})",
            body.len(),
            not_found_page.len()
        );
    }
    // What README says the block does: UTF-8 text, compressed, redirects that keep the host.
    let (status, headers, _) = get(port, "/sub/tasks", "");
    assert_eq!(status, 301, "GET /sub/tasks\n{headers}");
    assert!(
        headers.contains("location: /sub/tasks/") || headers.contains("/sub/tasks/\n"),
        "GET /sub/tasks redirects elsewhere:\n{headers}"
    );
    for (path, content_type) in [
        ("/sub/", "text/html; charset=utf-8"),
        ("/sub/atom.xml", "charset=utf-8"),
        ("/sub/data/tasks.csv", "text/csv; charset=utf-8"),
        ("/sub/data/tasks.json", "application/json; charset=utf-8"),
    ] {
        let (status, headers, _) = get(port, path, "Accept-Encoding: gzip\r\n");
        assert_eq!(status, 200, "GET {path}\n{headers}");
        assert!(
            headers.contains(&format!("content-type: {content_type}"))
                || (content_type.starts_with("charset")
                    && headers
                        .lines()
                        .any(|l| l.starts_with("content-type:") && l.contains(content_type))),
            "GET {path}: expected Content-Type {content_type}\n{headers}"
        );
        assert!(
            headers.contains("content-encoding: gzip"),
            "GET {path} with Accept-Encoding: gzip was not compressed\n{headers}"
        );
    }
    crawl.urls
}

#[test]
fn nginx_serves_the_sample_site_under_a_sub_path_with_no_broken_links() {
    let port = free_loopback_port();
    let base_url = format!("http://127.0.0.1:{port}{PREFIX}");
    let (_temp, out) = build_sample(&["--base-url", &base_url]);
    assert_hosted_on_nginx(&out, port, "the sample site (fragments checked)", true);
}

#[test]
fn nginx_serves_a_generated_200_task_site_under_a_sub_path_with_no_broken_links() {
    let site = SiteTest::generated(200);
    let port = free_loopback_port();
    let base_url = format!("http://127.0.0.1:{port}{PREFIX}");
    site.build_with(&["--base-url", &base_url]).assert_code(0);
    let out = site.output();
    assert!(
        out.html_files().len() > 200,
        "the generated site has fewer pages than tasks"
    );
    assert_hosted_on_nginx(&out, port, "a generated 200-task site", false);
}
