//! What a person sees on the terminal: beyond 20 warnings of one kind the rest are counted,
//! not printed (`--verbose` prints them all); errors are always all printed; a build shows a
//! progress bar on a terminal and nothing of it when its output goes to a pipe or a file.

use crate::support::{SiteTest, require_tool};
use std::process::Command;

/// A generated site whose data date is moved half a year on: every task in progress then
/// has a stale ledger (its newest entry is months old), a warning of one kind, many times.
fn site_with_stale_ledgers() -> SiteTest {
    let site = SiteTest::generated(150);
    site.replace(
        "content/site.yaml",
        "as_of: 2022-12-25",
        "as_of: 2023-06-30",
    );
    site
}

fn stale_ledger_headers(stderr: &str) -> usize {
    stderr
        .lines()
        .filter(|l| l.contains(": warning: stale ledger: "))
        .count()
}

#[test]
fn beyond_twenty_stale_ledger_warnings_the_rest_are_counted() {
    let site = site_with_stale_ledgers();
    let all = site.check_with(&["--verbose"]);
    all.assert_code(0);
    let total = stale_ledger_headers(&all.stderr);
    assert!(
        total > 25,
        "the site should have many stale ledgers, has {total}"
    );
    assert!(
        !all.stderr.contains("--verbose shows all"),
        "{}",
        all.stderr
    );
    assert!(
        all.summary().contains(&format!("{total} warnings")),
        "{}",
        all.summary()
    );

    let capped = site.check();
    capped.assert_code(0);
    assert_eq!(
        stale_ledger_headers(&capped.stderr),
        20,
        "{}",
        capped.stderr
    );
    capped.assert_stderr_contains(&format!(
        "… and {} more `stale ledger` warnings; --verbose shows all\n",
        total - 20
    ));
    // The first twenty, in the same order as the full report, each with its source line.
    let first: Vec<String> = all.headers().into_iter().take(20).collect();
    assert_eq!(capped.headers(), first);
    // The summary still counts every warning.
    assert_eq!(capped.summary(), all.summary());

    // `build` prints the same capped report, and with --verbose all of it.
    let out = site.path("public");
    let out = out.to_string_lossy();
    let root = site.root().to_string_lossy().into_owned();
    let build = site.run(&["build", "--root", &root, "--output", &out]);
    build.assert_code(0);
    assert_eq!(stale_ledger_headers(&build.stderr), 20, "{}", build.stderr);
    build.assert_stderr_contains("more `stale ledger` warnings; --verbose shows all");
    let build_all = site.run(&["build", "--root", &root, "--output", &out, "--verbose"]);
    build_all.assert_code(0);
    assert_eq!(stale_ledger_headers(&build_all.stderr), total);
}

#[test]
fn errors_beyond_twenty_are_all_printed() {
    let site = SiteTest::minimal();
    let task = site.read("content/tasks/xidong/2022-xidong-01.yaml");
    for i in 1..=30 {
        let text = task
            .replace("id: 2022-xidong-01", &format!("id: 2022-extra-{i:02}"))
            .replace("org: xidong", "org: nowhere")
            .replace("stage: evaluate", "stage: solve");
        site.write(&format!("content/tasks/extra/2022-extra-{i:02}.yaml"), text);
    }
    let run = site.check();
    run.assert_code(1);
    let unknown = run
        .headers()
        .iter()
        .filter(|h| h.contains(": error: unknown org `nowhere`"))
        .count();
    assert_eq!(unknown, 30, "{}", run.stderr);
    assert!(
        !run.stderr.contains("--verbose shows all"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_build_into_a_pipe_shows_no_progress_bar() {
    let site = SiteTest::generated(30);
    let root = site.root().to_string_lossy().into_owned();
    let run = site.run(&["build", "--root", &root]);
    run.assert_code(0);
    assert!(
        !run.stderr.contains("rendering pages") && !run.stderr.contains('\r'),
        "a progress bar in piped output: {:?}",
        run.stderr
    );
    assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);
    assert!(
        run.stderr.starts_with("built "),
        "only the closing line is printed: {:?}",
        run.stderr
    );
}

#[test]
fn a_build_on_a_terminal_shows_its_progress() {
    // `script` runs the build on a pseudo-terminal and copies what it draws to stdout.
    let script = require_tool("script", "bsdutils");
    let site = SiteTest::generated(30);
    let command = format!(
        "'{}' build --root '{}'",
        env!("CARGO_BIN_EXE_gongshi"),
        site.root().display()
    );
    let output = Command::new(script)
        .args(["-qec", &command, "/dev/null"])
        .env("GONGSHI_LANG", "en")
        .output()
        .expect("run script");
    let shown = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{shown}");
    assert!(
        shown.contains("rendering pages"),
        "no progress bar: {shown:?}"
    );
    assert!(shown.contains("built "), "{shown:?}");
}
