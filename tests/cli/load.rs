//! Gate: `gongshi serve` under load while it rebuilds. Debian's `wrk` sends requests for
//! 10 s to a generated 200-task site on 127.0.0.1 while the test saves a ledger again and
//! again (each save renames the task, so its page, the lists, its organisations' pages and
//! the dashboard are rewritten). No request may fail, and no page may be half-written:
//! wrk's Lua `response()` hook and, beside it, checker threads with a plain HTTP client
//! look at every HTML body (a `<!DOCTYPE`, an end at `</html>`, as long as it says).

use crate::serve::Server;
use crate::support::http::{self, HttpResponse};
use crate::support::{SiteTest, require_tool};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const LOAD: Duration = Duration::from_secs(10);
/// Time between two saves of the ledger during the load.
const SAVE_EVERY: Duration = Duration::from_millis(400);
const CHECKER_THREADS: usize = 2;

/// wrk's script: requests go round the site's pages; every HTML body is checked, and the
/// counts of all threads are printed at the end on one line the test reads.
const WRK_SCRIPT: &str = r#"
local counter = 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  html = 0
  incomplete = 0
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function response(status, headers, body)
  local content_type = ""
  for name, value in pairs(headers) do
    if string.lower(name) == "content-type" then content_type = value end
  end
  if status == 200 and string.find(content_type, "text/html", 1, true) then
    html = html + 1
    local head = string.lower(string.sub(body, 1, 64))
    if not (string.find(head, "^%s*<!doctype html") and string.find(body, "</html>%s*$")) then
      incomplete = incomplete + 1
    end
  end
end

function done(summary, latency, requests)
  local html_total, incomplete_total = 0, 0
  for _, thread in ipairs(threads) do
    html_total = html_total + thread:get("html")
    incomplete_total = incomplete_total + thread:get("incomplete")
  end
  io.write(string.format("html-bodies %d incomplete %d\n", html_total, incomplete_total))
end
"#;

/// What one GET brought back, or why it failed.
fn fetch(address: &str, path: &str) -> Result<HttpResponse, String> {
    let stream = TcpStream::connect(address).map_err(|e| format!("connect: {e}"))?;
    http::exchange(stream, address, "GET", path, "", Duration::from_secs(30))
}

/// Why an answer for an HTML page is not a whole page, if it is not.
fn incomplete_page(answer: &HttpResponse) -> Option<String> {
    let (status, body) = (answer.status, &answer.bytes);
    let header = |name: &str| answer.header(name);
    if status != 200 {
        return Some(format!("status {status}"));
    }
    if header("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        return Some("chunked body (cannot check its length)".into());
    }
    let Some(length) = header("content-length").and_then(|v| v.parse::<usize>().ok()) else {
        return Some("no Content-Length".into());
    };
    if length != body.len() {
        return Some(format!(
            "Content-Length {length} but {} bytes came",
            body.len()
        ));
    }
    if !header("content-type").is_some_and(|v| v.starts_with("text/html")) {
        return None; // the checker asks only for pages, but a data file is not a page
    }
    let text = String::from_utf8_lossy(body);
    let start = text
        .trim_start()
        .get(..15)
        .unwrap_or("")
        .to_ascii_lowercase();
    if start != "<!doctype html>" {
        return Some(format!("begins {:?}", text.get(..40).unwrap_or(&text)));
    }
    if !text.trim_end().ends_with("</html>") {
        let tail: String = text
            .chars()
            .rev()
            .take(40)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        return Some(format!("ends {tail:?} ({} bytes)", body.len()));
    }
    None
}

/// The path part of every page in the sitemap `serve` writes (it names the local address).
fn sitemap_paths(address: &str) -> Vec<String> {
    let answer = fetch(address, "/sitemap.xml").expect("GET /sitemap.xml");
    assert_eq!(answer.status, 200, "GET /sitemap.xml");
    let text = &answer.body;
    let prefix = format!("http://{address}");
    text.split("<loc>")
        .skip(1)
        .filter_map(|part| part.split("</loc>").next())
        .map(|url| url.strip_prefix(&prefix).unwrap_or(url).to_string())
        .collect()
}

/// The first task ledger of the site (sorted by path) and its page path.
fn first_task(site: &SiteTest) -> (PathBuf, String) {
    let mut files = Vec::new();
    collect_yaml(&site.path("content/tasks"), &mut files);
    files.sort();
    let file = files.into_iter().next().expect("a task ledger");
    let text = std::fs::read_to_string(&file).expect("read the ledger");
    let id = text
        .lines()
        .find_map(|l| l.strip_prefix("id:"))
        .map(|id| id.trim().trim_matches('"').to_string())
        .or_else(|| {
            file.file_stem()
                .map(|stem| stem.to_string_lossy().into_owned())
        })
        .expect("a task id");
    (file, format!("/tasks/{id}/"))
}

fn collect_yaml(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_yaml(&path, out);
        } else if path.extension().is_some_and(|e| e == "yaml") {
            out.push(path);
        }
    }
}

/// What wrk printed: requests, socket errors, non-2xx/3xx answers, and its body counts.
struct WrkReport {
    requests: u64,
    socket_errors: u64,
    bad_status: u64,
    html_bodies: u64,
    incomplete: u64,
    text: String,
}

fn parse_wrk(text: &str) -> WrkReport {
    let number_after = |line: &str, key: &str| -> u64 {
        line.split(key)
            .nth(1)
            .and_then(|rest| {
                rest.trim_start()
                    .split(|c: char| !c.is_ascii_digit())
                    .next()
            })
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    let mut report = WrkReport {
        requests: 0,
        socket_errors: 0,
        bad_status: 0,
        html_bodies: 0,
        incomplete: 0,
        text: text.to_string(),
    };
    for line in text.lines() {
        let line = line.trim();
        if line.contains(" requests in ") {
            report.requests = number_after(&format!(" {line}"), " ");
        } else if line.starts_with("Socket errors:") {
            report.socket_errors = ["connect", "read", "write", "timeout"]
                .iter()
                .map(|key| number_after(line, key))
                .sum();
        } else if line.starts_with("Non-2xx or 3xx responses:") {
            report.bad_status = number_after(line, ":");
        } else if line.starts_with("html-bodies ") {
            report.html_bodies = number_after(line, "html-bodies");
            report.incomplete = number_after(line, "incomplete");
        }
    }
    report
}

#[test]
fn serve_under_wrk_load_while_rebuilding_answers_every_request_with_a_whole_page() {
    let wrk = require_tool("wrk", "wrk");
    let site = SiteTest::generated(200);
    let server = Server::start(&site);
    let address = server.address();
    let paths = sitemap_paths(&address);
    assert!(
        paths.len() > 200,
        "the sitemap lists {} pages, fewer than the tasks",
        paths.len()
    );
    let (ledger, task_page) = first_task(&site);
    assert!(
        paths.contains(&task_page),
        "{task_page} is not in the sitemap"
    );

    // wrk's script, with the site's pages (the edited task's page among them).
    let script_dir = tempfile::Builder::new()
        .prefix("gongshi-wrk-")
        .tempdir()
        .expect("create a folder for wrk's script");
    let list = paths
        .iter()
        .map(|p| format!("{p:?}"))
        .collect::<Vec<_>>()
        .join(",\n  ");
    let script = script_dir.path().join("pages.lua");
    std::fs::write(&script, format!("paths = {{\n  {list}\n}}\n{WRK_SCRIPT}"))
        .expect("write wrk's script");

    let builds_before = server.builds();
    let started = Instant::now();
    let stop = Arc::new(AtomicBool::new(false));

    // The editor: renames the task on every save, as an editor fixing a title would.
    let original = std::fs::read_to_string(&ledger).expect("read the ledger");
    let title_line = original
        .lines()
        .find(|l| l.starts_with("title:"))
        .expect("the ledger has a title line")
        .to_string();
    let saves = Arc::new(AtomicUsize::new(0));
    let editor = {
        let (stop, saves, ledger) = (Arc::clone(&stop), Arc::clone(&saves), ledger.clone());
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let n = saves.fetch_add(1, Ordering::Relaxed) + 1;
                let edited =
                    original.replacen(&title_line, &format!("{title_line}（第{n}次修改）"), 1);
                std::fs::write(&ledger, edited).expect("save the ledger");
                std::thread::sleep(SAVE_EVERY);
            }
        })
    };

    // The checkers: plain GETs of every page in turn, each body looked at.
    let checked = Arc::new(AtomicUsize::new(0));
    let failures = Arc::new(Mutex::new(Vec::<String>::new()));
    let checkers: Vec<_> = (0..CHECKER_THREADS)
        .map(|offset| {
            let (stop, checked, failures) = (
                Arc::clone(&stop),
                Arc::clone(&checked),
                Arc::clone(&failures),
            );
            let (address, paths, task_page) = (address.clone(), paths.clone(), task_page.clone());
            std::thread::spawn(move || {
                let mut i = offset;
                while !stop.load(Ordering::Relaxed) {
                    // Every other request is for the page being edited.
                    let path = if i % 2 == 0 {
                        &task_page
                    } else {
                        &paths[(i / 2) % paths.len()]
                    };
                    let problem = match fetch(&address, path) {
                        Ok(answer) => incomplete_page(&answer),
                        Err(e) => Some(e),
                    };
                    checked.fetch_add(1, Ordering::Relaxed);
                    if let Some(problem) = problem
                        && let Ok(mut failures) = failures.lock()
                    {
                        failures.push(format!("GET {path}: {problem}"));
                    }
                    i += CHECKER_THREADS;
                }
            })
        })
        .collect();

    let output = Command::new(&wrk)
        .args(["--threads", "2", "--connections", "8", "--timeout", "10s"])
        .arg(format!("--duration={}s", LOAD.as_secs()))
        .arg("--script")
        .arg(&script)
        .arg(format!("http://{address}/"))
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("run {}: {e}", wrk.display()));
    stop.store(true, Ordering::Relaxed);
    editor.join().expect("the editor thread");
    for checker in checkers {
        checker.join().expect("a checker thread");
    }
    let elapsed = started.elapsed();
    let wrk_report = parse_wrk(&String::from_utf8_lossy(&output.stdout));
    let rebuilds = server.builds() - builds_before;
    let checked = checked.load(Ordering::Relaxed);
    let failures = failures.lock().map(|f| f.clone()).unwrap_or_default();
    eprintln!(
        "serve under load for {:.1} s on a 200-task site ({} pages): {} saves, {rebuilds} \
         rebuilds; wrk: {} requests ({:.0}/s), {} socket errors, {} non-2xx/3xx, {} HTML \
         bodies checked, {} incomplete; checkers: {checked} requests, {} failed",
        elapsed.as_secs_f64(),
        paths.len(),
        saves.load(Ordering::Relaxed),
        wrk_report.requests,
        wrk_report.requests as f64 / LOAD.as_secs_f64(),
        wrk_report.socket_errors,
        wrk_report.bad_status,
        wrk_report.html_bodies,
        wrk_report.incomplete,
        failures.len()
    );

    assert!(
        output.status.success(),
        "wrk failed ({}):\n{}\n{}",
        output.status,
        wrk_report.text,
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        wrk_report.requests > 0 && wrk_report.html_bodies > 0,
        "wrk's report was not understood:\n{}",
        wrk_report.text
    );
    assert!(
        rebuilds >= 3,
        "only {rebuilds} rebuilds ran during the load: the test did not load a rebuilding \
         server\n{}",
        server.stderr()
    );
    assert_eq!(
        (
            wrk_report.socket_errors,
            wrk_report.bad_status,
            wrk_report.incomplete
        ),
        (0, 0, 0),
        "wrk saw socket errors, non-2xx/3xx answers or half-written pages (errors, bad \
         status, incomplete bodies):\n{}",
        wrk_report.text
    );
    assert!(checked > 0, "the checker threads made no request");
    assert!(
        failures.is_empty(),
        "{} of {checked} checked answers were not whole pages, e.g.:\n{}",
        failures.len(),
        failures
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
