//! The benchmark's scripts (`scripts/bench.py`, `scripts/hugo_site.py`): their Python tests,
//! which need only Python (Hugo and Pagefind are not run), so that a change to the generated
//! sites cannot break the benchmark unnoticed.

use std::path::Path;
use std::process::Command;

#[test]
fn the_benchmark_scripts_pass_their_python_tests() {
    let scripts = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts");
    let output = Command::new("python3")
        .args(["-m", "unittest", "discover", "-s"])
        .arg(&scripts)
        .args(["-p", "test_*.py"])
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .output()
        .expect("run python3 -m unittest");
    let report = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{report}");
    // unittest reports what ran: a discovery that found nothing would pass silently.
    assert!(
        report.contains("Ran ") && !report.contains("Ran 0 tests"),
        "{report}"
    );
}
