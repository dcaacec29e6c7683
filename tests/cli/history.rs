//! The public history: `publish` and its chain of publication files, the tamper check in
//! `check` and `build`, `build --require-published`, the manifest, and `verify` on a folder
//! and over HTTP. One small site per behaviour.

use crate::support::{Run, SiteTest};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};

const TASK: &str = "content/tasks/xidong/2022-xidong-01.yaml";
const ROUND: &str = "content/evaluations/2022-year-end.yaml";

pub(crate) fn publish(site: &SiteTest) -> Run {
    let root = site.root().to_string_lossy().into_owned();
    site.run(&["publish", "--root", &root])
}

fn build(site: &SiteTest, extra: &[&str]) -> Run {
    let root = site.root().to_string_lossy().into_owned();
    let mut args = vec!["build", "--root", root.as_str()];
    args.extend_from_slice(extra);
    site.run(&args)
}

fn verify(site: &SiteTest, copy: &str) -> Run {
    site.run(&["verify", copy])
}

fn publications(site: &SiteTest) -> Vec<String> {
    site.files()
        .into_iter()
        .filter(|f| f.starts_with("content/publications/"))
        .collect()
}

/// The minimal site with three publications: the first as it is, the second after the
/// target figure and status changed, the third after the grade changed.
pub(crate) fn three_publications() -> SiteTest {
    let site = SiteTest::minimal();
    site.replace(
        TASK,
        "target: 1320, actual: 1320",
        "target: 1320, actual: 880",
    )
    .replace(TASK, "status: completed", "status: in_progress")
    .replace(ROUND, "grade: excellent", "grade: good");
    publish(&site).assert_code(0);
    site.replace(TASK, "actual: 880", "actual: 1320").replace(
        TASK,
        "status: in_progress",
        "status: completed",
    );
    publish(&site).assert_code(0);
    site.replace(ROUND, "grade: good", "grade: excellent");
    publish(&site).assert_code(0);
    assert_eq!(
        publications(&site),
        [
            "content/publications/0001.json",
            "content/publications/0002.json",
            "content/publications/0003.json"
        ]
    );
    site
}

#[test]
fn publishing_an_unchanged_site_writes_nothing() {
    let site = SiteTest::minimal();
    publish(&site).assert_code(0);
    let first = site.read("content/publications/0001.json");
    let files = site.files();
    let again = publish(&site);
    again.assert_code(0);
    assert!(
        again.stdout.contains("nothing changed since publication 1"),
        "{}",
        again.stdout
    );
    assert_eq!(site.files(), files);
    assert_eq!(site.read("content/publications/0001.json"), first);
    check_passes(&site);
}

fn check_passes(site: &SiteTest) {
    let run = site.check();
    run.assert_code(0);
    assert!(!run.stderr.contains("publications"), "{}", run.stderr);
}

#[test]
fn a_publication_records_the_site_in_canonical_json_with_its_note() {
    let site = SiteTest::minimal();
    let root = site.root().to_string_lossy().into_owned();
    site.run(&["publish", "--root", &root, "--note", "年中公示"])
        .assert_code(0);
    let text = site.read("content/publications/0001.json");
    let value: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    assert_eq!(value["number"], 1);
    assert_eq!(value["note"], "年中公示");
    assert_eq!(value["previous"], serde_json::Value::Null);
    assert_eq!(
        value["tasks"]["2022-xidong-01"]["targets"][0]["actual"],
        1320
    );
    assert_eq!(
        value["evaluations"]["2022-year-end"]["results"]["2022-xidong-01"]["grade"],
        "excellent"
    );
    // Sorted keys, one field a line.
    assert!(
        text.starts_with("{\n  \"as_of\": \"2022-12-25\",\n  \"chain\": \""),
        "{text}"
    );
    assert!(text.contains("\n          \"actual\": 1320,\n"), "{text}");
}

#[test]
fn publish_refuses_while_check_has_errors() {
    let site = SiteTest::minimal();
    site.replace(TASK, "org: xidong", "org: xidon");
    publish(&site)
        .assert_code(1)
        .assert_error_at(TASK, 3, 6)
        .assert_stderr_contains("nothing was published");
    assert!(publications(&site).is_empty());
}

#[test]
fn an_edited_middle_publication_is_caught_with_its_file_named() {
    let site = three_publications();
    site.replace(
        "content/publications/0002.json",
        "\"actual\": 1320",
        "\"actual\": 1300",
    );
    site.check()
        .assert_code(1)
        .assert_error_at("content/publications/0002.json", 3, 1)
        .assert_stderr_contains("changed after it was published")
        .assert_stderr_contains("0002.json no longer matches the sha256 recorded here");
    let run = build(&site, &[]);
    run.assert_code(1)
        .assert_error_at("content/publications/0002.json", 3, 1);
    assert!(!site.path("public").exists());
    // The newest file's record of its predecessor is what names the edit.
    assert!(
        run.headers()
            .iter()
            .any(|h| h.starts_with("content/publications/0003.json:") && h.contains("0002.json")),
        "{:?}",
        run.headers()
    );
}

#[test]
fn a_removed_publication_is_a_gap_named_in_the_chain() {
    let site = three_publications();
    site.remove("content/publications/0002.json");
    site.check()
        .assert_code(1)
        .assert_error_at("content/publications/0003.json", 1, 1)
        .assert_stderr_contains("0002.json is missing before 0003.json");
    publish(&site)
        .assert_code(1)
        .assert_stderr_contains("nothing was published");
}

#[test]
fn a_removed_first_publication_is_one_gap_not_one_per_file_after_it() {
    let site = three_publications();
    site.remove("content/publications/0001.json");
    let run = site.check();
    run.assert_code(1)
        .assert_error_at("content/publications/0002.json", 1, 1)
        .assert_stderr_contains("0001.json is missing before 0002.json");
    assert!(
        !run.stderr.contains("content/publications/0003.json"),
        "0003.json follows 0002.json as it should:\n{}",
        run.stderr
    );
}

#[test]
fn re_ordered_publications_are_caught() {
    let site = three_publications();
    let second = site.read("content/publications/0002.json");
    let third = site.read("content/publications/0003.json");
    site.write("content/publications/0002.json", third)
        .write("content/publications/0003.json", second);
    let run = site.check();
    run.assert_code(1)
        .assert_stderr_contains("this file says it is publication 3, but it is named 0002.json");
    run.assert_located_error("content/publications/0003.json");
}

#[test]
fn require_published_fails_until_the_content_is_published() {
    let site = SiteTest::minimal();
    build(&site, &["--require-published"])
        .assert_code(1)
        .assert_stderr_contains("nothing has been published yet");
    publish(&site).assert_code(0);
    build(&site, &["--require-published"]).assert_code(0);
    site.replace(TASK, "actual: 1320", "actual: 1319")
        .replace(TASK, "status: completed", "status: in_progress")
        .replace(ROUND, "grade: excellent", "grade: good");
    let run = build(&site, &["--require-published"]);
    run.assert_code(1).assert_stderr_contains(
        "differs from publication 0001.json in: task `2022-xidong-01` 西洞镇农房改造",
    );
    assert!(!run.stderr.contains("2022-nanzhuang-01"), "{}", run.stderr);
    build(&site, &[]).assert_code(0);
    publish(&site).assert_code(0);
    build(&site, &["--require-published"]).assert_code(0);
}

#[test]
fn concurrent_publish_runs_never_write_the_same_number_twice() {
    let site = SiteTest::minimal();
    let root = site.root().to_string_lossy().into_owned();
    let runs: Vec<Run> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|_| scope.spawn(|| site.run(&["publish", "--root", &root])))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a run"))
            .collect()
    });
    for run in &runs {
        run.assert_no_panic();
        if run.code != 0 {
            run.assert_stderr_contains("running at the same time");
        }
    }
    assert_eq!(publications(&site), ["content/publications/0001.json"]);
    check_passes(&site);
}

fn built(site: &SiteTest) -> PathBuf {
    build(site, &[]).assert_code(0);
    site.path("public")
}

#[test]
fn the_manifest_lists_every_file_and_the_chain_head() {
    let site = SiteTest::minimal();
    publish(&site).assert_code(0);
    let public = built(&site);
    let manifest: serde_json::Value =
        serde_json::from_str(&site.read("public/manifest.json")).expect("valid manifest");
    let publication: serde_json::Value =
        serde_json::from_str(&site.read("content/publications/0001.json")).expect("valid");
    assert_eq!(manifest["publication"], 1);
    assert_eq!(manifest["head"], publication["chain"]);
    let files = manifest["files"].as_object().expect("files");
    let on_disk: Vec<String> = walk(&public)
        .into_iter()
        .filter(|f| f != "manifest.json")
        .collect();
    assert_eq!(files.keys().cloned().collect::<Vec<_>>(), on_disk);
    let index = std::fs::read(public.join("index.html")).expect("index.html");
    assert_eq!(files["index.html"]["size"], index.len());
    assert!(files.contains_key("publications/0001.json"));
}

fn walk(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .expect("under the folder")
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    files.sort();
    files
}

#[test]
fn verify_passes_an_untouched_build_and_lists_each_difference_in_a_folder() {
    let site = SiteTest::minimal();
    publish(&site).assert_code(0);
    let public = built(&site);
    let copy = public.to_string_lossy().into_owned();
    verify(&site, &copy)
        .assert_code(0)
        .assert_stderr_contains("match the manifest (publication 1, chain head ");

    let page = public.join("tasks/2022-xidong-01/index.html");
    let html = std::fs::read_to_string(&page).expect("task page");
    std::fs::write(&page, html + "<!-- altered -->").expect("alter the page");
    std::fs::remove_file(public.join("atom.xml")).expect("delete a file");
    std::fs::write(public.join("tasks/extra.html"), "<p>not built</p>").expect("add a file");
    let run = verify(&site, &copy);
    run.assert_code(1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", run.stdout);
    assert!(lines[0].starts_with("atom.xml: missing"), "{}", run.stdout);
    assert!(
        lines[1].starts_with("tasks/2022-xidong-01/index.html: altered"),
        "{}",
        run.stdout
    );
    assert!(
        lines[2].starts_with("tasks/extra.html: extra"),
        "{}",
        run.stdout
    );
}

#[test]
fn verify_rechecks_the_chain_copied_into_the_site() {
    let site = SiteTest::minimal();
    publish(&site).assert_code(0);
    site.replace(TASK, "actual: 1320", "actual: 1319")
        .replace(TASK, "status: completed", "status: in_progress")
        .replace(ROUND, "grade: excellent", "grade: good");
    publish(&site).assert_code(0);
    let public = built(&site);
    let copy = public.to_string_lossy().into_owned();
    verify(&site, &copy).assert_code(0);
    // A copy whose manifest and publication agree, but whose chain no longer holds.
    let old = public.join("publications/0001.json");
    let text = std::fs::read_to_string(&old).expect("publication");
    std::fs::write(&old, text.replace("\"actual\": 1320", "\"actual\": 1400")).expect("edit");
    let run = verify(&site, &copy);
    run.assert_code(1);
    assert!(
        run.stdout.contains("publications/0001.json: altered")
            && run
                .stdout
                .contains("publications/0001.json:3: this publication was changed"),
        "{}",
        run.stdout
    );
}

#[test]
fn verify_without_a_copy_to_look_at_is_a_usage_error() {
    let site = SiteTest::minimal();
    verify(&site, "no-such-folder")
        .assert_code(2)
        .assert_stderr_contains("there is no folder no-such-folder");
    verify(&site, "ftp://example.org/")
        .assert_code(2)
        .assert_stderr_contains("only http:// and https://");
    // A folder that is not a built site: its manifest is missing.
    let content = site.path("content").to_string_lossy().into_owned();
    verify(&site, &content)
        .assert_code(1)
        .assert_stdout_contains("manifest.json: missing");
}

/// Serves `dir` on loopback, one request a connection, answering 404 for `missing`.
fn serve_folder(dir: PathBuf, missing: &'static str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind on loopback");
    let address = listener.local_addr().expect("address");
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let dir = dir.clone();
            std::thread::spawn(move || {
                let mut line = String::new();
                let mut reader = BufReader::new(&stream);
                if reader.read_line(&mut line).is_err() {
                    return;
                }
                loop {
                    let mut header = String::new();
                    match reader.read_line(&mut header) {
                        Ok(n) if n > 2 => continue,
                        _ => break,
                    }
                }
                let path = line.split_whitespace().nth(1).unwrap_or("/");
                let relative = path.trim_start_matches("/site/");
                let body = if relative == missing || relative.contains("..") {
                    None
                } else {
                    std::fs::read(dir.join(relative)).ok()
                };
                let (status, body) = match body {
                    Some(body) => ("200 OK", body),
                    None => ("404 Not Found", b"not found".to_vec()),
                };
                let head = format!(
                    "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes());
                let _ = stream.write_all(&body);
            });
        }
    });
    format!("http://{address}/site/")
}

#[test]
fn verify_over_http_reports_each_missing_file() {
    let site = SiteTest::minimal();
    publish(&site).assert_code(0);
    let public = built(&site);
    let url = serve_folder(public.clone(), "");
    verify(&site, &url)
        .assert_code(0)
        .assert_stderr_contains("match the manifest");
    let url = serve_folder(public, "atom.xml");
    let run = verify(&site, &url);
    run.assert_code(1);
    assert_eq!(run.stdout, "atom.xml: missing\n", "{}", run.stderr);
}

#[test]
fn verify_of_a_server_that_is_not_there_says_nothing_was_checked() {
    let site = SiteTest::minimal();
    // A port nothing listens on any more.
    let address = TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port on loopback");
    let run = verify(&site, &format!("http://{address}/"));
    run.assert_code(1)
        .assert_stdout_contains("manifest.json: unreachable")
        .assert_stdout_contains("the server refused the connection")
        .assert_stderr_contains("nothing was checked");
    assert!(!run.stdout.contains("os error"), "{}", run.stdout);
    assert!(!run.stderr.contains("difference"), "{}", run.stderr);
}

/// Run by hand (`cargo test --release --test cli -- --ignored ten_thousand`): generating the
/// site takes longer than the rest of the tests.
#[test]
#[ignore]
fn the_diff_of_two_publications_of_ten_thousand_tasks_takes_well_under_a_second() {
    use gongshi::history::{canonical::Snapshot, diff::diff, publish::publication_text};
    let site = SiteTest::generated(10_000);
    let load = || {
        let checked = gongshi::check::check_site(site.root());
        checked.site.expect("the generated site loads")
    };
    let before = Snapshot::of_site(&load());
    let (text, _) = publication_text(1, &before, "", None);
    let mut edited = 0;
    for file in site.files() {
        if edited < 100 && file.starts_with("content/tasks/") {
            let yaml = site.read(&file);
            if yaml.contains("status: in_progress") {
                site.replace(&file, "status: in_progress", "status: completed");
                edited += 1;
            }
        }
    }
    let after = Snapshot::of_site(&load());
    let started = std::time::Instant::now();
    let published = Snapshot::from_text(&text);
    let read = started.elapsed();
    let differences = diff(&published, &after, gongshi::model::Language::ZhCn);
    let elapsed = started.elapsed();
    eprintln!(
        "publication of {} bytes read in {read:?}; read and diffed in {elapsed:?}",
        text.len()
    );
    assert_eq!(differences.tasks_changed.len(), 100);
    assert!(elapsed < std::time::Duration::from_secs(1), "{elapsed:?}");
}
