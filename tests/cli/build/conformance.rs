//! Real checkers, not imitations: the Nu HTML Checker (vnu.jar, the W3C validator's engine)
//! on every HTML and CSS file of the built sample site, and axe-core in headless Chromium on
//! representative pages for WCAG 2.2 A and AA. Both come from npm into `tests/tools/`
//! (`scripts/test.sh` installs them); a missing tool fails the test, it never passes
//! silently. Each run includes a canary file with a known fault, so a checker that checked
//! nothing cannot pass either.

use crate::built::{Output, build_sample};
use crate::support::SiteTest;
use std::path::{Path, PathBuf};
use std::process::Command;

fn tools_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools")
}

fn require(path: PathBuf, what: &str) -> PathBuf {
    assert!(
        path.is_file(),
        "{what} is missing at {}: run ./scripts/test.sh, or `npm ci` in tests/tools",
        path.display()
    );
    path
}

/// Runs a tool, failing the test with a clear message when it cannot be started.
fn run_tool(command: &mut Command, what: &str) -> std::process::Output {
    command
        .output()
        .unwrap_or_else(|e| panic!("cannot run {what} ({command:?}): {e}; is it installed?"))
}

const HTML_CANARY: &str = "zz-vnu-canary.html";

#[test]
fn the_nu_html_checker_finds_no_errors_in_the_built_sites() {
    let vnu = require(
        tools_dir().join("node_modules/vnu-jar/build/dist/vnu.jar"),
        "vnu.jar (npm vnu-jar)",
    );
    // The sample site under a sub-path, and the minimal fixture in English.
    let (_temp, sample) = build_sample(&["--base-url", "https://example.org/sub/"]);
    // The English site has a publication history: its changes page, its task pages'
    // changes and its printable notices' chain head are checked too.
    let english = SiteTest::minimal();
    // One task a page, so that a paginated list, and a round of two pages with its printed
    // parts, are checked too.
    english.replace(
        "content/site.yaml",
        "as_of:",
        "language: en\npage_size: 1\nas_of:",
    );
    with_a_second_result(&english);
    with_two_publications(&english);
    let english_out = english.build();
    assert!(
        english_out
            .read("changes/index.html")
            .contains("chain-mark")
    );
    std::fs::write(
        sample.dir().join(HTML_CANARY),
        "<!DOCTYPE html><html lang=\"en\"><head><title>canary</title></head><body><p><div></span></body></html>",
    )
    .expect("write the canary");

    let result = run_tool(
        Command::new("java")
            .arg("-jar")
            .arg(&vnu)
            .args(["--errors-only", "--format", "json", "--stdout"])
            .args(["--skip-non-html", "--also-check-css"])
            .arg(sample.dir())
            .arg(english_out.dir()),
        "java (the Nu HTML Checker needs Java 11 or later)",
    );
    let report: serde_json::Value = serde_json::from_slice(&result.stdout).unwrap_or_else(|e| {
        panic!(
            "vnu printed no JSON report ({e}); exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
            result.status,
            String::from_utf8_lossy(&result.stdout),
            String::from_utf8_lossy(&result.stderr)
        )
    });
    let messages = report["messages"].as_array().cloned().unwrap_or_default();
    let describe = |m: &serde_json::Value| {
        let url = m["url"].as_str().unwrap_or("?");
        let file = [sample.dir(), english_out.dir()]
            .iter()
            .find_map(|d| url.strip_prefix(&format!("file:{}/", d.display())))
            .unwrap_or(url);
        format!(
            "{file}:{}: {} [{}]",
            m["lastLine"],
            m["message"].as_str().unwrap_or("?"),
            m["extract"].as_str().unwrap_or("").replace('\n', " ")
        )
    };
    let (canary, errors): (Vec<_>, Vec<_>) = messages
        .iter()
        .partition(|m| m["url"].as_str().is_some_and(|u| u.ends_with(HTML_CANARY)));
    assert!(
        !canary.is_empty(),
        "vnu reported nothing on the canary with a known error: did it check the files?\n{}",
        String::from_utf8_lossy(&result.stderr)
    );
    // Pagefind's own UI stylesheets are a dependency's, not ours to fix.
    let errors: Vec<String> = errors
        .into_iter()
        .filter(|m| !m["url"].as_str().unwrap_or("").contains("/pagefind/"))
        .map(describe)
        .collect();
    assert!(
        errors.is_empty(),
        "the Nu HTML Checker found {} errors:\n{}",
        errors.len(),
        errors.join("\n")
    );
}

/// A second result in the minimal fixture's round, so that at one result a page the round
/// takes two pages.
fn with_a_second_result(site: &SiteTest) {
    site.replace(
        "content/evaluations/2022-year-end.yaml",
        "    grade: excellent\n",
        "    grade: excellent\n  - task: 2022-nanzhuang-01\n    votes: {satisfied: 40, basically_satisfied: 10, dissatisfied: 5}\n    grade: good\n",
    );
}

/// Publishes `site`, edits a target figure and a grade, and publishes again.
fn with_two_publications(site: &SiteTest) {
    crate::history::publish(site).assert_code(0);
    site.replace(
        "content/tasks/xidong/2022-xidong-01.yaml",
        "target: 1320, actual: 1320",
        "target: 1320, actual: 1400",
    )
    .replace(
        "content/evaluations/2022-year-end.yaml",
        "grade: excellent",
        "grade: good",
    );
    crate::history::publish(site).assert_code(0);
}

const AXE_CANARY: &str = "zz-axe-canary.html";

/// The first page under `prefix` (`tasks/` → `tasks/<id>/`), leaving out the facet pages.
fn first_page(out: &Output<'_>, prefix: &str, suffix: &str) -> String {
    out.html_files()
        .into_iter()
        .filter_map(|f| f.strip_suffix("index.html").map(str::to_string))
        .filter(|p| p.starts_with(prefix) && p.ends_with(suffix) && p.len() > prefix.len())
        .filter(|p| !p.contains("/stage/") && !p.contains("/status/"))
        .find(|p| suffix == "print/" || !p.ends_with("print/"))
        .unwrap_or_else(|| panic!("the sample site has no page under {prefix}"))
}

#[test]
fn axe_finds_no_wcag_2_2_a_or_aa_violations_on_representative_pages() {
    let script = require(tools_dir().join("axe.mjs"), "tests/tools/axe.mjs");
    require(
        tools_dir().join("node_modules/axe-core/axe.min.js"),
        "axe-core (npm)",
    );
    require(
        tools_dir().join("node_modules/playwright-core/package.json"),
        "playwright-core (npm)",
    );
    let (_temp, out) = build_sample(&["--base-url", "http://example.org/"]);
    let mut pages: Vec<String> = vec![
        String::new(),
        "tasks/".into(),
        first_page(&out, "tasks/", "/"),
        first_page(&out, "orgs/", "/"),
        first_page(&out, "evaluations/", "/"),
        first_page(&out, "evaluations/", "print/"),
        first_page(&out, "notices/", "/"),
        first_page(&out, "notices/", "print/"),
        "data/".into(),
        "search/?q=%E5%86%9C%E6%88%BF".into(), // 农房, so that results are shown
        "changes/".into(),
    ];
    // A paginated list: the sample's lists fit on one page, so the second page of the
    // minimal fixture's (one task a page), built for the same host, joins them.
    // The second page of a round and its printed part likewise.
    let paginated = SiteTest::minimal();
    paginated.replace("content/site.yaml", "as_of:", "page_size: 1\nas_of:");
    with_a_second_result(&paginated);
    paginated
        .build_with(&["--base-url", "http://example.org/"])
        .assert_code(0);
    let paginated_out = paginated.output();
    for page in [
        "tasks/page/2/",
        "evaluations/2022-year-end/page/2/",
        "evaluations/2022-year-end/page/2/print/",
    ] {
        let folder = out.dir().join(page);
        std::fs::create_dir_all(&folder).unwrap_or_else(|e| panic!("make {page}: {e}"));
        std::fs::copy(
            paginated_out.dir().join(page).join("index.html"),
            folder.join("index.html"),
        )
        .unwrap_or_else(|e| panic!("copy {page}: {e}"));
        pages.push(page.into());
    }
    pages.push("404.html".into());
    let mut violations = axe_violations(&script, &out, &pages);

    // The publication history: the changes page with differences and the chain head, a
    // task's changes, and a printable notice with the chain head.
    let history = SiteTest::minimal();
    with_two_publications(&history);
    history
        .build_with(&["--base-url", "http://example.org/"])
        .assert_code(0);
    let history_out = history.output();
    let pages: Vec<String> = [
        "changes/",
        "tasks/2022-xidong-01/",
        "evaluations/2022-year-end/print/",
    ]
    .map(String::from)
    .to_vec();
    violations.extend(axe_violations(&script, &history_out, &pages));
    assert!(
        violations.is_empty(),
        "axe found {} WCAG 2.2 A/AA violations:\n{}",
        violations.len(),
        violations.join("\n")
    );
}

/// Runs axe on `pages` of `out`, and on a canary page with a known fault, which it must
/// catch; returns the violations on `pages`.
fn axe_violations(script: &Path, out: &Output<'_>, pages: &[String]) -> Vec<String> {
    std::fs::write(
        out.dir().join(AXE_CANARY),
        "<!DOCTYPE html><html lang=\"en\"><head><title>canary</title></head><body><main><img src=\"x.png\"></main></body></html>",
    )
    .expect("write the canary");

    let urls: Vec<String> = pages
        .iter()
        .map(String::as_str)
        .chain([AXE_CANARY])
        .map(|p| format!("/{p}"))
        .collect();

    let result = run_tool(
        Command::new("node")
            .arg(script)
            .arg(out.dir())
            .args(&urls)
            .current_dir(tools_dir()),
        "node (Node.js)",
    );
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        result.status.success(),
        "axe could not run (exit {:?}):\n{stderr}",
        result.status
    );
    let report: serde_json::Value = serde_json::from_slice(&result.stdout)
        .unwrap_or_else(|e| panic!("axe.mjs printed no JSON ({e}):\n{stderr}"));
    let mut violations = Vec::new();
    let mut canary_caught = false;
    for page in report["pages"].as_array().cloned().unwrap_or_default() {
        let path = page["path"].as_str().unwrap_or("?");
        for violation in page["violations"].as_array().cloned().unwrap_or_default() {
            let id = violation["id"].as_str().unwrap_or("?");
            if path.ends_with(AXE_CANARY) {
                canary_caught |= id == "image-alt";
                continue;
            }
            for node in violation["nodes"].as_array().cloned().unwrap_or_default() {
                violations.push(format!(
                    "{path} at {} px: {id} ({}) on `{}`\n    {}",
                    page["width"],
                    violation["help"].as_str().unwrap_or(""),
                    node["target"].as_str().unwrap_or("?"),
                    node["summary"]
                        .as_str()
                        .unwrap_or("")
                        .replace('\n', "\n    ")
                ));
            }
        }
    }
    assert!(
        canary_caught,
        "axe did not report the canary's image without alt text: did it run?\n{stderr}"
    );
    violations
}
