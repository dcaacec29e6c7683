//! A small site in a temporary folder and the real `gongshi` binary run on it, after
//! mdBook's `BookTest`: start from a fixture under `tests/fixtures/`, change one file, run
//! a command, look at the exit code and what it printed.
//!
//! ```ignore
//! let site = SiteTest::minimal();
//! site.replace("content/tasks/xidong/2022-xidong-01.yaml", "org: xidong", "org: xidon");
//! let run = site.check();
//! run.assert_code(1).assert_error_at("content/tasks/xidong/2022-xidong-01.yaml", 3, 6);
//! ```

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A run that takes longer than this is killed and fails the test: "never hangs".
const KILL_AFTER: Duration = Duration::from_secs(120);

/// A site under construction in its own temporary folder (removed when dropped).
pub struct SiteTest {
    dir: tempfile::TempDir,
    root: PathBuf,
}

impl SiteTest {
    /// A copy of `tests/fixtures/<name>/`.
    pub fn from_fixture(name: &str) -> SiteTest {
        let site = SiteTest::empty();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(name);
        copy_dir(&fixture, &site.root);
        site
    }

    /// The smallest complete site: three orgs, two tasks, an evaluation round, a notice and
    /// a page, without a single warning.
    pub fn minimal() -> SiteTest {
        SiteTest::from_fixture("minimal")
    }

    /// An empty site root (no `content/`).
    pub fn empty() -> SiteTest {
        let dir = tempfile::Builder::new()
            .prefix("gongshi-test-")
            .tempdir()
            .expect("create a temporary folder");
        let root = dir.path().join("site");
        fs::create_dir(&root).expect("create the site root");
        SiteTest { dir, root }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    /// Writes (or overwrites) one file, creating its folders.
    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) -> &Self {
        let path = self.path(relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).expect("create folders");
        }
        fs::write(&path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        self
    }

    pub fn read(&self, relative: &str) -> String {
        let path = self.path(relative);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }

    /// Replaces `from` by `to` in one file; `from` must occur, so that a fixture edited
    /// later cannot silently turn a test into one that checks nothing.
    pub fn replace(&self, relative: &str, from: &str, to: &str) -> &Self {
        let text = self.read(relative);
        assert!(
            text.contains(from),
            "{relative} does not contain {from:?}; was the fixture changed?"
        );
        self.write(relative, text.replacen(from, to, 1))
    }

    pub fn remove(&self, relative: &str) -> &Self {
        let path = self.path(relative);
        fs::remove_file(&path).unwrap_or_else(|e| panic!("remove {}: {e}", path.display()));
        self
    }

    /// Every file under the site root, relative, sorted: to show a command wrote nothing.
    pub fn files(&self) -> Vec<String> {
        let mut files = Vec::new();
        list_files(&self.root, &self.root, &mut files);
        files.sort();
        files
    }

    /// Runs `gongshi <args>` in the temporary folder (outside the site root).
    pub fn run(&self, args: &[&str]) -> Run {
        let stdout_path = self.dir.path().join("stdout");
        let stderr_path = self.dir.path().join("stderr");
        let started = Instant::now();
        let mut child = Command::new(env!("CARGO_BIN_EXE_gongshi"))
            .args(args)
            .current_dir(self.dir.path())
            .env("NO_COLOR", "1")
            .env("RUST_BACKTRACE", "0")
            .stdin(Stdio::null())
            .stdout(fs::File::create(&stdout_path).expect("create stdout file"))
            .stderr(fs::File::create(&stderr_path).expect("create stderr file"))
            .spawn()
            .expect("start gongshi");
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait for gongshi") {
                break status;
            }
            if started.elapsed() > KILL_AFTER {
                let _ = child.kill();
                panic!("gongshi {args:?} did not finish within {KILL_AFTER:?}");
            }
            std::thread::sleep(Duration::from_millis(5));
        };
        let elapsed = started.elapsed();
        let read =
            |path: &Path| String::from_utf8_lossy(&fs::read(path).unwrap_or_default()).into_owned();
        Run {
            code: status.code().unwrap_or(-1),
            stdout: read(&stdout_path),
            stderr: read(&stderr_path),
            elapsed,
            root: self.root.clone(),
            args: args.iter().map(|a| a.to_string()).collect(),
        }
    }

    /// `gongshi check --root <site> <extra…>`.
    pub fn check_with(&self, extra: &[&str]) -> Run {
        let root = self.root.to_string_lossy().into_owned();
        let mut args = vec!["check", "--root", root.as_str()];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    pub fn check(&self) -> Run {
        self.check_with(&[])
    }
}

/// What one run of the binary did.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
    root: PathBuf,
    args: Vec<String>,
}

impl Run {
    /// stderr with the temporary site root written as `[ROOT]`, fit for a snapshot.
    pub fn stderr(&self) -> String {
        let root = self.root.to_string_lossy();
        self.stderr.replace(root.as_ref(), "[ROOT]")
    }

    fn context(&self) -> String {
        format!(
            "gongshi {:?}\nexit code {}\n--- stdout\n{}\n--- stderr\n{}",
            self.args, self.code, self.stdout, self.stderr
        )
    }

    pub fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "unexpected exit code\n{}", self.context());
        self.assert_no_panic()
    }

    /// No panic, no abort (a stack overflow kills the process with a signal: code -1).
    pub fn assert_no_panic(&self) -> &Self {
        assert!(
            !self.stderr.contains("panicked")
                && !self.stderr.contains("overflowed its stack")
                && (0..=2).contains(&self.code),
            "gongshi panicked or aborted\n{}",
            self.context()
        );
        self
    }

    pub fn assert_stderr_contains(&self, text: &str) -> &Self {
        assert!(
            self.stderr.contains(text),
            "stderr lacks {text:?}\n{}",
            self.context()
        );
        self
    }

    /// A diagnostic headed `path:line:col: error:` is printed.
    pub fn assert_error_at(&self, path: &str, line: u32, col: u32) -> &Self {
        self.assert_header(&format!("{path}:{line}:{col}: error: "))
    }

    pub fn assert_warning_at(&self, path: &str, line: u32, col: u32) -> &Self {
        self.assert_header(&format!("{path}:{line}:{col}: warning: "))
    }

    fn assert_header(&self, start: &str) -> &Self {
        assert!(
            self.stderr.lines().any(|l| l.starts_with(start)),
            "no diagnostic headed {start:?}\n{}",
            self.context()
        );
        self
    }

    /// Some diagnostic for `path` is located (`path:LINE:COL: error:` with numbers ≥ 1);
    /// returns the line and column.
    pub fn assert_located_error(&self, path: &str) -> (u32, u32) {
        let prefix = format!("{path}:");
        for line in self.stderr.lines() {
            let Some(rest) = line.strip_prefix(&prefix) else {
                continue;
            };
            let mut parts = rest.splitn(3, ':');
            let (Some(l), Some(c), Some(tail)) = (parts.next(), parts.next(), parts.next()) else {
                continue;
            };
            if let (Ok(l), Ok(c)) = (l.parse::<u32>(), c.parse::<u32>())
                && l >= 1
                && c >= 1
                && tail.starts_with(" error: ")
            {
                return (l, c);
            }
        }
        panic!("no located error for {path}\n{}", self.context());
    }

    /// The headers of all diagnostics (`path:line:col: severity: message`), in order.
    pub fn headers(&self) -> Vec<String> {
        self.stderr
            .lines()
            .filter(|l| l.contains(": error: ") || l.contains(": warning: "))
            .filter(|l| !l.starts_with(' ') && !l.contains(" | "))
            .map(str::to_string)
            .collect()
    }

    /// The last line: `N errors, M warnings in K files`.
    pub fn summary(&self) -> &str {
        self.stderr.lines().last().unwrap_or("")
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create folder");
    for entry in fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display())) {
        let entry = entry.expect("read folder entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy fixture file");
        }
    }
}

fn list_files(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for entry in fs::read_dir(dir).expect("read folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            list_files(root, &path, out);
        } else if let Ok(relative) = path.strip_prefix(root) {
            out.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}
