//! Output stage: one write path, two ways of using it. `build` writes a complete site into
//! a fresh folder beside the output and swaps it in, so a failed build leaves the old site
//! untouched; `serve` writes into its own folder in place and skips files whose bytes did
//! not change, so a browser only reloads what really changed. The sha256 of what is written
//! (for the manifest and the open-data package) is taken here too.

mod digest;
pub mod interrupt;

pub use digest::sha256_hex;

use crate::diagnostics::{Text, io_reason};
use crate::words;

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("refusing to write `{0}`: output paths must stay inside the output folder")]
    Escapes(String),
    #[error("cannot keep {0}: this output holds no earlier render")]
    NoEarlierRender(String),
    #[error("cannot keep {}: it was not written by an earlier render", .0.display())]
    NotRenderedBefore(PathBuf),
    #[error("cannot keep {0}: the last build did not write it")]
    NotInLastBuild(String),
    /// `serve` writes the open-data files after each build; a build may not (`action`:
    /// write, keep).
    #[error(
        "cannot {action} {path}: serve writes it after each build (is there a content/static/{path}?)"
    )]
    WrittenAfterBuild { action: &'static str, path: String },
    #[error("cannot write {0} after the build: it is written by the build itself")]
    WrittenByBuild(String),
    #[error(
        "refusing to use {} as the output folder: it holds the site's own files (it would be replaced on every build)",
        .0.display()
    )]
    HoldsSiteFiles(PathBuf),
    #[error(
        "refusing to use {} as the output folder: it is inside the site's content or themes",
        .0.display()
    )]
    InsideSite(PathBuf),
    #[error("{} is a file, not a folder", .0.display())]
    IsAFile(PathBuf),
    #[error(
        "refusing to replace {}: it is not empty and does not look like a built site (no index.html); pass an empty or new folder with --output",
        .0.display()
    )]
    NotABuiltSite(PathBuf),
    #[error("interrupted")]
    Interrupted,
}

impl OutputError {
    /// What went wrong and what to do, in the words of the message table.
    pub fn words(&self) -> Text {
        let shown = |path: &Path| path.display().to_string();
        match self {
            OutputError::Write { path, source } => {
                words!(
                    "output_cannot_write",
                    path = shown(path),
                    reason = io_reason(source)
                )
            }
            OutputError::Read { path, source } => {
                words!(
                    "output_cannot_read",
                    path = shown(path),
                    reason = io_reason(source)
                )
            }
            OutputError::Escapes(path) => words!("output_escapes", path = path),
            OutputError::NoEarlierRender(path) => words!("output_no_earlier_render", path = path),
            OutputError::NotRenderedBefore(path) => {
                words!("output_not_rendered_before", path = shown(path))
            }
            OutputError::NotInLastBuild(path) => words!("output_not_in_last_build", path = path),
            OutputError::WrittenAfterBuild { action, path } => words!(
                "output_written_after_build",
                action = Text::key(if *action == "keep" {
                    "output_action_keep"
                } else {
                    "output_action_write"
                }),
                path = path
            ),
            OutputError::WrittenByBuild(path) => words!("output_written_by_build", path = path),
            OutputError::HoldsSiteFiles(path) => {
                words!("output_holds_site_files", path = shown(path))
            }
            OutputError::InsideSite(path) => words!("output_inside_site", path = shown(path)),
            OutputError::IsAFile(path) => words!("output_is_a_file", path = shown(path)),
            OutputError::NotABuiltSite(path) => {
                words!("output_not_a_built_site", path = shown(path))
            }
            OutputError::Interrupted => Text::key("output_interrupted"),
        }
    }
}

/// Where rendered files go.
pub trait Sink: Sync {
    /// Writes `bytes` at `path` (relative to the output root, `/`-separated).
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), OutputError>;

    /// Keeps the file written at `path` by an earlier render into this sink, unchanged (a
    /// cached render skips pages whose data did not change). Sinks that hold no earlier
    /// render refuse.
    fn keep(&self, path: &str) -> Result<(), OutputError> {
        Err(OutputError::NoEarlierRender(path.to_string()))
    }

    /// Keeps every file in `paths` (see [`Sink::keep`]); sinks that can do it in one go
    /// (taking a lock once rather than once per file) say so.
    fn keep_all(&self, paths: &[String]) -> Result<(), OutputError> {
        paths.iter().try_for_each(|path| self.keep(path))
    }

    /// Keeps every file of the earlier render that this render does not write, as a whole:
    /// the caller vouches that this render makes the same files (so none is gone). Returns
    /// false when this sink cannot (then the caller keeps file by file).
    fn keep_previous(&self) -> Result<bool, OutputError> {
        Ok(false)
    }

    /// Told, before the pages are written, how many this render writes (a build's progress
    /// bar counts them); sinks that do not count ignore it.
    fn pages_planned(&self, _pages: usize) {}

    /// Copies a file from disk to `path`.
    fn copy_file(&self, path: &str, from: &Path) -> Result<(), OutputError> {
        let bytes = std::fs::read(from).map_err(|source| OutputError::Read {
            path: from.to_path_buf(),
            source,
        })?;
        self.write(path, &bytes)
    }
}

/// A sink that writes nothing and remembers what would have been written (for tests and
/// for `check`-like dry runs).
#[derive(Default)]
pub struct MemorySink {
    pub files: Mutex<std::collections::BTreeMap<String, Vec<u8>>>,
}

impl Sink for MemorySink {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), OutputError> {
        let path = checked_relative(path)?;
        if let Ok(mut files) = self.files.lock() {
            files.insert(path, bytes.to_vec());
        }
        Ok(())
    }
}

/// Output paths are made by gongshi from validated ids, but every sink checks anyway: no
/// absolute paths, no `..`, nothing that could land outside the output folder.
pub(crate) fn checked_relative(path: &str) -> Result<String, OutputError> {
    let candidate = Path::new(path);
    let ok = !path.is_empty()
        && !path.contains('\\')
        && candidate
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
    if ok {
        Ok(path.to_string())
    } else {
        Err(OutputError::Escapes(path.to_string()))
    }
}

/// Writes into a folder on disk.
pub struct DirSink {
    dir: PathBuf,
    skip_unchanged: bool,
    written: Mutex<BTreeSet<String>>,
    changed: Mutex<BTreeSet<String>>,
}

impl DirSink {
    pub fn new(dir: PathBuf, skip_unchanged: bool) -> Self {
        DirSink {
            dir,
            skip_unchanged,
            written: Mutex::default(),
            changed: Mutex::default(),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Every path written in this run.
    pub fn written(&self) -> BTreeSet<String> {
        self.written.lock().map(|w| w.clone()).unwrap_or_default()
    }

    /// Paths whose bytes changed (or were new) in this run.
    pub fn changed(&self) -> BTreeSet<String> {
        self.changed.lock().map(|w| w.clone()).unwrap_or_default()
    }

    /// Removes files from earlier runs that this run did not write (a deleted task's page),
    /// and the folders left empty. Returns the removed paths.
    pub fn remove_stale(&self) -> Result<Vec<String>, OutputError> {
        let written = self.written();
        let mut removed = Vec::new();
        let mut dirs = Vec::new();
        for entry in walkdir::WalkDir::new(&self.dir)
            .min_depth(1)
            .into_iter()
            .filter_map(Result::ok)
        {
            let relative = crate::diagnostics::display_path(&self.dir, entry.path());
            if entry.file_type().is_dir() {
                dirs.push(entry.path().to_path_buf());
            } else if !written.contains(&relative) {
                std::fs::remove_file(entry.path()).map_err(|source| OutputError::Write {
                    path: entry.path().to_path_buf(),
                    source,
                })?;
                removed.push(relative);
            }
        }
        // Deepest first, so that parents empty out after their children.
        dirs.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
        for dir in dirs {
            let _ = std::fs::remove_dir(&dir); // fails, harmlessly, when not empty
        }
        Ok(removed)
    }
}

impl Sink for DirSink {
    /// Keeps every file in the folder (so [`DirSink::remove_stale`] removes none).
    fn keep_previous(&self) -> Result<bool, OutputError> {
        let files: Vec<String> = walkdir::WalkDir::new(&self.dir)
            .min_depth(1)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| crate::diagnostics::display_path(&self.dir, e.path()))
            .collect();
        if let Ok(mut written) = self.written.lock() {
            written.extend(files);
        }
        Ok(true)
    }

    fn keep(&self, path: &str) -> Result<(), OutputError> {
        let relative = checked_relative(path)?;
        let target = self.dir.join(&relative);
        if !target.is_file() {
            return Err(OutputError::NotRenderedBefore(target));
        }
        if let Ok(mut written) = self.written.lock() {
            written.insert(relative);
        }
        Ok(())
    }

    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), OutputError> {
        if interrupt::interrupted() {
            return Err(OutputError::Interrupted);
        }
        let relative = checked_relative(path)?;
        let target = self.dir.join(&relative);
        if let Ok(mut written) = self.written.lock() {
            written.insert(relative.clone());
        }
        if self.skip_unchanged
            && let Ok(meta) = std::fs::metadata(&target)
            && meta.len() == bytes.len() as u64
            && std::fs::read(&target).is_ok_and(|existing| existing == bytes)
        {
            return Ok(());
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|source| OutputError::Write {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        std::fs::write(&target, bytes).map_err(|source| OutputError::Write {
            path: target.clone(),
            source,
        })?;
        if let Ok(mut changed) = self.changed.lock() {
            changed.insert(relative);
        }
        Ok(())
    }
}

/// Refuses output folders whose replacement would destroy the editors' own files.
pub fn check_output_location(root: &Path, output: &Path) -> Result<(), OutputError> {
    let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    let output_abs = absolute(output);
    let protected = [
        root.clone(),
        root.join("content"),
        root.join("themes"),
        root.join("templates"),
    ];
    for p in &protected {
        if output_abs == *p || p.starts_with(&output_abs) {
            return Err(OutputError::HoldsSiteFiles(output.to_path_buf()));
        }
    }
    if output_abs.starts_with(root.join("content")) || output_abs.starts_with(root.join("themes")) {
        return Err(OutputError::InsideSite(output.to_path_buf()));
    }
    if output.is_file() {
        return Err(OutputError::IsAFile(output.to_path_buf()));
    }
    if output.is_dir() {
        let mut entries = std::fs::read_dir(output).map_err(|source| OutputError::Read {
            path: output.to_path_buf(),
            source,
        })?;
        let non_empty = entries.next().is_some();
        if non_empty && !output.join("index.html").is_file() {
            return Err(OutputError::NotABuiltSite(output.to_path_buf()));
        }
    }
    Ok(())
}

fn absolute(path: &Path) -> PathBuf {
    if let Ok(canonical) = std::fs::canonicalize(path) {
        return canonical;
    }
    // Not there yet: canonicalise the parent and append the name.
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) => {
            let parent = if parent.as_os_str().is_empty() {
                Path::new(".")
            } else {
                parent
            };
            absolute(parent).join(name)
        }
        _ => std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf()),
    }
}

/// Builds into `<output>.tmp-<pid>` with `fill`, then swaps it in place of `output`.
/// On any error the temporary folder is removed and `output` is left as it was; so it is on
/// an interrupt, where [`interrupt::remove_temporaries_on_interrupt`] is in force.
pub fn replace_atomically<T, E: From<OutputError>>(
    output: &Path,
    fill: impl FnOnce(&DirSink) -> Result<T, E>,
) -> Result<T, E> {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".to_string());
    let parent = output
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|source| OutputError::Write {
        path: parent.to_path_buf(),
        source,
    })?;
    let temp = parent.join(format!(".{name}.tmp-{}", std::process::id()));
    let old = parent.join(format!(".{name}.old-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&temp);
    let _registered = (interrupt::register(&temp), interrupt::register(&old));
    std::fs::create_dir_all(&temp).map_err(|source| OutputError::Write {
        path: temp.clone(),
        source,
    })?;
    let sink = DirSink::new(temp.clone(), false);
    let result = match fill(&sink) {
        Ok(value) => value,
        Err(err) => {
            let _ = std::fs::remove_dir_all(&temp);
            return Err(err);
        }
    };
    // An interrupt from here on waits for the swap to finish, then removes what is left;
    // one that came before must not see its half-removed folder swapped in.
    let _swapping = interrupt::lock();
    if interrupt::interrupted() {
        let _ = std::fs::remove_dir_all(&temp);
        return Err(OutputError::Interrupted.into());
    }
    let had_old = output.exists();
    if had_old {
        std::fs::rename(output, &old).map_err(|source| {
            let _ = std::fs::remove_dir_all(&temp);
            OutputError::Write {
                path: output.to_path_buf(),
                source,
            }
        })?;
    }
    if let Err(source) = std::fs::rename(&temp, output) {
        if had_old {
            let _ = std::fs::rename(&old, output);
        }
        let _ = std::fs::remove_dir_all(&temp);
        return Err(OutputError::Write {
            path: output.to_path_buf(),
            source,
        }
        .into());
    }
    if had_old {
        let _ = std::fs::remove_dir_all(&old);
    }
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_escape_are_refused() {
        for bad in ["../x", "/etc/passwd", "a/../../b", "", "a\\b", "./a"] {
            assert!(checked_relative(bad).is_err(), "{bad}");
        }
        assert!(checked_relative("tasks/x/index.html").is_ok());
    }

    #[test]
    fn a_failed_fill_leaves_the_old_output() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("public");
        std::fs::create_dir_all(&output).unwrap();
        std::fs::write(output.join("index.html"), "old").unwrap();
        let result: Result<(), OutputError> = replace_atomically(&output, |sink| {
            sink.write("index.html", b"new")?;
            Err(OutputError::Escapes("boom".into()))
        });
        assert!(result.is_err());
        assert_eq!(
            std::fs::read_to_string(output.join("index.html")).unwrap(),
            "old"
        );
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "temporary folder left behind"
        );
        replace_atomically::<(), OutputError>(&output, |sink| sink.write("index.html", b"new"))
            .unwrap();
        assert_eq!(
            std::fs::read_to_string(output.join("index.html")).unwrap(),
            "new"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn the_site_root_and_foreign_folders_are_never_outputs() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        assert!(check_output_location(dir.path(), dir.path()).is_err());
        assert!(check_output_location(dir.path(), &dir.path().join("content")).is_err());
        let foreign = dir.path().join("docs");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("thesis.docx"), "x").unwrap();
        assert!(check_output_location(dir.path(), &foreign).is_err());
        assert!(check_output_location(dir.path(), &dir.path().join("public")).is_ok());
    }
}
