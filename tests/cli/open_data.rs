//! The open data checked by the reference implementation of its standard: `frictionless
//! validate` (frictionless 5, Python) on the sample site's `data/datapackage.json`, which reads
//! every file the package lists and checks its size, hash and, for the CSV files, every row
//! against the schema. `scripts/test.sh` installs the validator in `tests/tools/.venv`.

use crate::built::build_sample;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The validator installed by `scripts/test.sh`; a machine without it is set up wrong, so
/// the test fails and says how to install it rather than passing without checking.
fn frictionless() -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/.venv/bin/frictionless");
    assert!(
        path.is_file(),
        "the Frictionless validator is not installed ({} is missing): run the tests with \
         `scripts/test.sh`, which installs it from tests/tools/requirements.txt",
        path.display()
    );
    path
}

#[test]
fn frictionless_validates_the_data_package_without_reading_tasks_json_as_an_inquiry() {
    let validator = frictionless();
    let (_temp, out) = build_sample(&[]);
    let package = out.dir().join("data/datapackage.json");
    let run = Command::new(&validator)
        .args(["validate", "--json"])
        .arg(&package)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", validator.display()));
    let stdout = String::from_utf8_lossy(&run.stdout);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "frictionless printed no JSON report ({e}):\n{stdout}\n{}",
            String::from_utf8_lossy(&run.stderr)
        )
    });
    assert!(
        report["valid"] == true && run.status.success(),
        "frictionless finds the data package invalid:\n{report:#}"
    );
    // Every listed file was read as what it is.
    let tasks: Vec<(String, String)> = report["tasks"]
        .as_array()
        .expect("a task per resource")
        .iter()
        .map(|t| {
            (
                t["name"].as_str().unwrap_or("").to_string(),
                t["type"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let expected = [
        ("tasks-json", "json"),
        ("tasks", "table"),
        ("evaluations", "table"),
    ]
    .map(|(n, t)| (n.to_string(), t.to_string()));
    assert_eq!(tasks, expected, "{report:#}");
}
