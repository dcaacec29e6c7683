//! A whole site: the minimal test fixture, with one of its files (the first byte picks which)
//! replaced by the rest of the input, checked and, when it passes, built. No input may
//! panic; every problem must be located (`content/…`, line and column within the file);
//! and nothing may be written anywhere but the site's output folder.

#![no_main]

use gongshi::cmd::build::{BuildOptions, build_site};
use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

macro_rules! fixture {
    ($path:literal) => {
        (
            $path,
            include_bytes!(concat!("../../tests/fixtures/minimal/", $path)).as_slice(),
        )
    };
}

/// The files the input can replace, then the rest of the fixture.
const FILES: &[(&str, &[u8])] = &[
    fixture!("content/site.yaml"),
    fixture!("content/orgs.yaml"),
    fixture!("content/tasks/xidong/2022-xidong-01.yaml"),
    fixture!("content/tasks/xidong/2022-nanzhuang-01.yaml"),
    fixture!("content/evaluations/2022-year-end.yaml"),
    fixture!("content/notices/2022-12-22-publicity.md"),
    fixture!("content/pages/about.md"),
];
const STATIC: &[(&str, &[u8])] = &[fixture!("content/static/photos/xidong-0510.jpg")];

/// A folder of this process's own: each input's site is made inside it and removed after,
/// so anything else found in it was written outside the site.
fn sandbox() -> &'static Path {
    static SANDBOX: OnceLock<tempfile::TempDir> = OnceLock::new();
    SANDBOX
        .get_or_init(|| tempfile::tempdir().expect("a temporary folder"))
        .path()
}

fn listing(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("list the sandbox")
        .map(|e| e.expect("read the sandbox").path())
        .collect();
    entries.sort();
    entries
}

/// Lines as YAML counts them: a lone carriage return also ends one.
fn line_count(text: &[u8]) -> u32 {
    let breaks = text
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && text.get(i + 1) != Some(&b'\n')))
        .count();
    breaks as u32 + 1
}

fuzz_target!(|bytes: &[u8]| {
    let Some((&which, replacement)) = bytes.split_first() else {
        return;
    };
    let replaced = usize::from(which) % FILES.len();
    let site = tempfile::tempdir_in(sandbox()).expect("a site folder");
    let root = site.path();
    for (i, (path, contents)) in FILES.iter().chain(STATIC).enumerate() {
        let target = root.join(path);
        std::fs::create_dir_all(target.parent().expect("a parent")).expect("create a folder");
        let contents = if i == replaced { replacement } else { contents };
        std::fs::write(&target, contents).expect("write a fixture file");
    }

    let output = root.join("public");
    let options = BuildOptions {
        root: root.to_path_buf(),
        output: Some(output.clone()),
        base_url: None,
        drafts: false,
        deny_warnings: false,
    };
    let (checked, built) = build_site(&options);
    let _ = checked.report();
    for diagnostic in checked.diagnostics.items() {
        let located = diagnostic.path.starts_with("content/")
            && diagnostic.pos.line >= 1
            && diagnostic.pos.col >= 1;
        assert!(located, "unlocated: {diagnostic:?}");
        if let Some(i) = FILES.iter().position(|(path, _)| *path == diagnostic.path) {
            let text = if i == replaced {
                replacement
            } else {
                FILES[i].1
            };
            let lines = line_count(text);
            assert!(
                diagnostic.pos.line <= lines,
                "past the end of the file ({lines} lines): {diagnostic:?}"
            );
        }
    }
    assert_eq!(
        built.is_ok(),
        checked.diagnostics.error_count() == 0,
        "a site builds exactly when it has no errors: {:?}",
        built.err()
    );

    let mut expected = vec![root.join("content")];
    if output.exists() {
        expected.push(output);
    }
    expected.sort();
    assert_eq!(listing(root), expected, "written beside the output folder");
    assert_eq!(
        listing(sandbox()),
        vec![root.to_path_buf()],
        "written outside the site"
    );
});
