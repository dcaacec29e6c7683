//! `serve`'s own output folder and the sink that fills it. A rebuild is staged in memory and
//! written only when the whole render succeeded, so a template error half-way never leaves a
//! mix of old and new pages: the browser keeps the last good build. Only files whose bytes
//! changed are written (each through a temporary name and a rename, so a request never reads
//! half a file), and files the new build no longer has (a deleted task's page) are removed.
//!
//! Some files are written after the commit, apart from the build, by a [`LateWriter`]
//! (serve's open data, tens of megabytes on a large site, made off the reload path): a
//! staged build carries them over as they are, never writes them and never removes them.

use crate::load::stamp_is_racy;
use crate::output::{OutputError, Sink, checked_relative};
use rayon::prelude::*;
use siphasher::sip128::{Hasher128 as _, SipHasher13};
use std::collections::{BTreeSet, HashMap};
use std::hash::Hasher as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::SystemTime;

/// The files of the last good build, as written into `dir`.
pub struct ServeOutput {
    dir: PathBuf,
    files: HashMap<String, FileState>,
    /// Paths a [`LateWriter`] writes; builds leave them alone.
    late: BTreeSet<String>,
}

#[derive(Clone)]
struct FileState {
    hash: u128,
    /// For files copied from disk: the source and its stamp when it was read.
    source: Option<Source>,
}

#[derive(Clone, PartialEq, Eq)]
struct Source {
    path: PathBuf,
    len: u64,
    modified: SystemTime,
    read_at: SystemTime,
}

/// What a commit changed in the folder.
#[derive(Debug, Default)]
pub struct Committed {
    pub written: Vec<String>,
    pub removed: Vec<String>,
}

impl Committed {
    pub fn is_empty(&self) -> bool {
        self.written.is_empty() && self.removed.is_empty()
    }
}

impl ServeOutput {
    pub fn new(dir: PathBuf) -> Self {
        ServeOutput {
            dir,
            files: HashMap::new(),
            late: BTreeSet::new(),
        }
    }

    /// Hands `paths` over to a writer of their own, for files written after the commits
    /// (from any thread): from now on a staged build carries them over as they are on disk,
    /// and refuses to write them itself.
    pub fn late_writer(&mut self, paths: &[&str]) -> LateWriter {
        let paths: BTreeSet<String> = paths.iter().map(|p| p.to_string()).collect();
        self.late.extend(paths.iter().cloned());
        LateWriter {
            dir: self.dir.clone(),
            paths,
            files: HashMap::new(),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A sink for one rebuild; nothing reaches the folder until [`ServeOutput::commit`].
    pub fn stage(&self) -> Staging<'_> {
        Staging {
            output: self,
            staged: Mutex::default(),
            seen: Mutex::default(),
            carry: AtomicBool::new(false),
        }
    }

    /// Writes what changed and removes what the build no longer has. On a write error the
    /// folder may be half updated: the state is reset so that the next build writes all.
    pub fn commit(&mut self, build: StagedBuild) -> Result<Committed, OutputError> {
        let StagedBuild {
            staged,
            seen,
            carry,
        } = build;
        // A build that carries the last one over removes nothing.
        let result = self.apply(staged, (!carry).then_some(&seen));
        match &result {
            Ok(_) if carry => self.files.extend(seen),
            Ok(_) => self.files = seen,
            Err(_) => self.files.clear(),
        }
        result
    }

    /// Writes `staged`, and removes the files not in `seen` (all there are, if given).
    fn apply(
        &self,
        staged: Vec<(String, Vec<u8>)>,
        seen: Option<&HashMap<String, FileState>>,
    ) -> Result<Committed, OutputError> {
        staged
            .par_iter()
            .try_for_each(|(path, bytes)| write_atomically(&self.dir.join(path), bytes))?;
        let mut removed: Vec<String> = match seen {
            Some(seen) => self
                .files
                .keys()
                .filter(|path| !seen.contains_key(*path))
                .cloned()
                .collect(),
            None => Vec::new(),
        };
        removed.sort();
        let mut parents = BTreeSet::new();
        for path in &removed {
            let target = self.dir.join(path);
            match std::fs::remove_file(&target) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(source) => {
                    return Err(OutputError::Write {
                        path: target,
                        source,
                    });
                }
            }
            let mut parent = target.parent();
            while let Some(dir) = parent.filter(|d| *d != self.dir) {
                parents.insert(dir.to_path_buf());
                parent = dir.parent();
            }
        }
        // Deepest first; a folder that still holds files stays.
        for dir in parents.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
        let mut written: Vec<String> = staged.into_iter().map(|(path, _)| path).collect();
        written.sort();
        Ok(Committed { written, removed })
    }
}

/// Writes a set of files into the served folder after a commit, each through a temporary
/// name and a rename like a commit does, and only those whose bytes changed since it last
/// wrote them. It remembers what it wrote; builds never touch these files (see
/// [`ServeOutput::late_writer`]).
pub struct LateWriter {
    dir: PathBuf,
    paths: BTreeSet<String>,
    /// Path → hash of the bytes last written there.
    files: HashMap<String, u128>,
}

impl LateWriter {
    /// Writes the files whose bytes changed and returns their paths, sorted. On an error
    /// the files that were not written are forgotten, so that the next call writes them.
    pub fn write(&mut self, files: &[(String, Vec<u8>)]) -> Result<Vec<String>, OutputError> {
        for (path, _) in files {
            if !self.paths.contains(path) {
                return Err(OutputError::WrittenByBuild(path.clone()));
            }
        }
        let changed: Vec<(&str, &[u8], u128)> = files
            .par_iter()
            .map(|(path, bytes)| (path.as_str(), bytes.as_slice(), hash_bytes(bytes)))
            .filter(|(path, _, hash)| self.files.get(*path) != Some(hash))
            .collect();
        let results: Vec<Result<(), OutputError>> = changed
            .par_iter()
            .map(|(path, bytes, _)| write_atomically(&self.dir.join(path), bytes))
            .collect();
        let mut written = Vec::new();
        let mut failed = None;
        for ((path, _, hash), result) in changed.into_iter().zip(results) {
            match result {
                Ok(()) => {
                    self.files.insert(path.to_string(), hash);
                    written.push(path.to_string());
                }
                Err(e) => {
                    self.files.remove(path);
                    failed.get_or_insert(e);
                }
            }
        }
        match failed {
            Some(e) => Err(e),
            None => {
                written.sort();
                Ok(written)
            }
        }
    }
}

fn write_atomically(target: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let fail = |path: &Path| {
        let path = path.to_path_buf();
        move |source| OutputError::Write { path, source }
    };
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(fail(parent))?;
    }
    let mut temp = target.as_os_str().to_owned();
    temp.push(".gongshi-partial");
    let temp = PathBuf::from(temp);
    std::fs::write(&temp, bytes).map_err(fail(&temp))?;
    std::fs::rename(&temp, target).map_err(|source| {
        let _ = std::fs::remove_file(&temp);
        OutputError::Write {
            path: target.to_path_buf(),
            source,
        }
    })
}

/// A finished staged build, ready to commit.
pub struct StagedBuild {
    staged: Vec<(String, Vec<u8>)>,
    seen: HashMap<String, FileState>,
    /// Every file of the last build not in `seen` is kept (see [`Sink::keep_previous`]).
    carry: bool,
}

/// The sink of one rebuild.
pub struct Staging<'a> {
    output: &'a ServeOutput,
    staged: Mutex<Vec<(String, Vec<u8>)>>,
    seen: Mutex<HashMap<String, FileState>>,
    carry: AtomicBool,
}

impl Staging<'_> {
    pub fn finish(self) -> StagedBuild {
        StagedBuild {
            staged: self.staged.into_inner().unwrap_or_default(),
            seen: self.seen.into_inner().unwrap_or_default(),
            carry: self.carry.into_inner(),
        }
    }

    fn record(
        &self,
        path: String,
        state: FileState,
        bytes: Option<&[u8]>,
    ) -> Result<(), OutputError> {
        if self.output.late.contains(&path) {
            return Err(OutputError::WrittenAfterBuild {
                action: "write",
                path,
            });
        }
        let unchanged = self
            .output
            .files
            .get(&path)
            .is_some_and(|old| old.hash == state.hash);
        if !unchanged && let (Some(bytes), Ok(mut staged)) = (bytes, self.staged.lock()) {
            staged.push((path.clone(), bytes.to_vec()));
        }
        if let Ok(mut seen) = self.seen.lock() {
            seen.insert(path, state);
        }
        Ok(())
    }
}

impl Sink for Staging<'_> {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let path = checked_relative(path)?;
        let state = FileState {
            hash: hash_bytes(bytes),
            source: None,
        };
        self.record(path, state, Some(bytes))
    }

    fn keep(&self, path: &str) -> Result<(), OutputError> {
        self.keep_all(&[path.to_string()])
    }

    /// Keeps the last build as a whole: the commit then removes nothing, and a 10,000-page
    /// site's save does not go through 10,000 kept files.
    fn keep_previous(&self) -> Result<bool, OutputError> {
        self.carry.store(true, Ordering::Relaxed);
        Ok(true)
    }

    /// Keeps each path, taking the lock once: a 10,000-task site keeps about 10,000 pages
    /// on every save (`keep` is this for one path).
    fn keep_all(&self, paths: &[String]) -> Result<(), OutputError> {
        let mut kept = Vec::with_capacity(paths.len());
        for path in paths {
            let path = checked_relative(path)?;
            if self.output.late.contains(&path) {
                return Err(OutputError::WrittenAfterBuild {
                    action: "keep",
                    path,
                });
            }
            let Some(state) = self.output.files.get(&path) else {
                return Err(OutputError::NotInLastBuild(path));
            };
            kept.push((path, state.clone()));
        }
        if let Ok(mut seen) = self.seen.lock() {
            seen.extend(kept);
        }
        Ok(())
    }

    /// Photos and scanned documents can be large: a source whose size and time are as when
    /// it was last copied (and not racily recent) is not read again.
    fn copy_file(&self, path: &str, from: &Path) -> Result<(), OutputError> {
        let path = checked_relative(path)?;
        let read_err = |source| OutputError::Read {
            path: from.to_path_buf(),
            source,
        };
        let meta = std::fs::metadata(from).map_err(read_err)?;
        let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
        if let Some(old) = self.output.files.get(&path)
            && let Some(source) = &old.source
            && source.path == from
            && source.len == meta.len()
            && source.modified == modified
            && !stamp_is_racy(modified, source.read_at)
        {
            return self.record(path, old.clone(), None);
        }
        let read_at = SystemTime::now();
        let bytes = std::fs::read(from).map_err(read_err)?;
        let state = FileState {
            hash: hash_bytes(&bytes),
            source: Some(Source {
                path: from.to_path_buf(),
                len: meta.len(),
                modified,
                read_at,
            }),
        };
        self.record(path, state, Some(&bytes))
    }
}

fn hash_bytes(bytes: &[u8]) -> u128 {
    let mut hasher = SipHasher13::new();
    hasher.write(bytes);
    hasher.finish128().as_u128()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_changed_files_are_written_and_vanished_ones_removed() {
        let dir = tempfile::tempdir().unwrap();
        let mut output = ServeOutput::new(dir.path().to_path_buf());
        let staging = output.stage();
        staging.write("index.html", b"home").unwrap();
        staging.write("tasks/a/index.html", b"a").unwrap();
        staging.write("tasks/b/index.html", b"b").unwrap();
        let changes = output.commit(staging.finish()).unwrap();
        assert_eq!(changes.written.len(), 3);

        let staging = output.stage();
        staging.keep("index.html").unwrap();
        staging.write("tasks/a/index.html", b"a").unwrap();
        assert!(staging.keep("tasks/c/index.html").is_err());
        let changes = output.commit(staging.finish()).unwrap();
        assert!(changes.written.is_empty(), "{changes:?}");
        assert_eq!(changes.removed, ["tasks/b/index.html"]);
        assert!(!dir.path().join("tasks/b").exists(), "empty folder left");
        assert_eq!(
            std::fs::read(dir.path().join("index.html")).unwrap(),
            b"home"
        );
    }

    #[test]
    fn a_staged_build_that_is_dropped_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let mut output = ServeOutput::new(dir.path().to_path_buf());
        let staging = output.stage();
        staging.write("index.html", b"old").unwrap();
        output.commit(staging.finish()).unwrap();
        let staging = output.stage();
        staging.write("index.html", b"new").unwrap();
        drop(staging);
        assert_eq!(
            std::fs::read(dir.path().join("index.html")).unwrap(),
            b"old"
        );
        assert!(output.stage().write("../x", b"").is_err());
    }

    #[test]
    fn late_files_outlive_commits_and_are_written_only_when_changed() {
        let dir = tempfile::tempdir().unwrap();
        let mut output = ServeOutput::new(dir.path().to_path_buf());
        let mut late = output.late_writer(&["data/a.json", "data/b.csv"]);
        let staging = output.stage();
        staging.write("index.html", b"home").unwrap();
        output.commit(staging.finish()).unwrap();
        let files = |a: &str, b: &str| {
            vec![
                ("data/a.json".to_string(), a.as_bytes().to_vec()),
                ("data/b.csv".to_string(), b.as_bytes().to_vec()),
            ]
        };
        assert_eq!(
            late.write(&files("a1", "b1")).unwrap(),
            ["data/a.json", "data/b.csv"]
        );

        // A build that does not know of them neither removes nor rewrites them.
        let staging = output.stage();
        staging.keep("index.html").unwrap();
        assert!(staging.write("data/a.json", b"static").is_err());
        let changes = output.commit(staging.finish()).unwrap();
        assert!(changes.is_empty(), "{changes:?}");
        assert_eq!(
            std::fs::read(dir.path().join("data/a.json")).unwrap(),
            b"a1"
        );

        assert_eq!(late.write(&files("a1", "b2")).unwrap(), ["data/b.csv"]);
        assert!(late.write(&files("a1", "b2")).unwrap().is_empty());
        assert_eq!(std::fs::read(dir.path().join("data/b.csv")).unwrap(), b"b2");
        assert!(
            late.write(&[("index.html".to_string(), b"x".to_vec())])
                .is_err()
        );
        assert!(!dir.path().join("data/b.csv.gongshi-partial").exists());
    }
}
