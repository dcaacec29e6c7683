//! Listing the content folders: which files a load reads, of which kind, in which order (by
//! kind, then path), with their size and modification time when `serve` asks for them; and
//! the warnings for what does not belong there (stray files, links, pipes). A listing can be
//! brought up to date after a few changed paths instead of being made again.

use crate::changes::{MAX_CHANGED, Relist, is_editor_temporary};
use crate::diagnostics::{Diagnostic, Diagnostics, Text, display_path};
use crate::yaml::Pos;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::SystemTime;
use walkdir::WalkDir;

/// The kinds of content file, by where they sit under `content/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum FileKind {
    Task,
    Evaluation,
    Notice,
    Page,
}

/// A file's size and modification time.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) struct Stamp {
    pub(super) len: u64,
    pub(super) modified: Option<SystemTime>,
}

impl Stamp {
    pub(super) fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        Some(Stamp::of_metadata(&meta))
    }

    pub(super) fn of_metadata(meta: &std::fs::Metadata) -> Stamp {
        Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
        }
    }
}

/// A content file found by the listing, with its size and modification time when asked for.
pub(super) struct ContentFile {
    pub(super) kind: FileKind,
    pub(super) path: PathBuf,
    pub(super) stamp: Option<Stamp>,
}

/// The content folders: where each kind of file lives, its extensions (the first is the one
/// named in messages), and whether subfolders are read.
const CONTENT_FOLDERS: [(&str, FileKind, &[&str], bool); 4] = [
    ("tasks", FileKind::Task, &["yaml", "yml"], true),
    ("evaluations", FileKind::Evaluation, &["yaml", "yml"], false),
    ("notices", FileKind::Notice, &["md", "markdown"], false),
    ("pages", FileKind::Page, &["md", "markdown"], false),
];

/// How deep under `content/tasks/` files are looked for.
const MAX_TASK_DEPTH: usize = 32;

/// Brings a listing up to date after changes to `paths` (as a file watcher names them):
/// the stamps of changed files are taken again, and their positions in the listing
/// returned. When the listing itself may have changed (a file or folder came or went in a
/// content folder), or too many paths changed to look at one by one, it says why the
/// folders must be listed again instead.
pub(super) fn update_listing(
    listed: &mut [ContentFile],
    root: &Path,
    content: &Path,
    paths: &[PathBuf],
) -> Result<Vec<usize>, Relist> {
    if paths.len() > MAX_CHANGED {
        return Err(Relist::TooMany(paths.len()));
    }
    let came_or_went = |path: &Path| Relist::CameOrWent(display_path(root, path));
    let mut changed = Vec::new();
    let folders: Vec<PathBuf> = CONTENT_FOLDERS
        .iter()
        .map(|(folder, ..)| content.join(folder))
        .collect();
    for path in paths {
        if folders.iter().any(|folder| folder.starts_with(path)) {
            return Err(came_or_went(path)); // a content folder itself, or a folder above it
        }
        if !folders.iter().any(|folder| path.starts_with(folder)) {
            continue; // not in a content folder: not in the listing either way
        }
        let meta = std::fs::symlink_metadata(path);
        // As bytes (`Path`'s equality parses both into components): event paths are the
        // watched root joined with names, as listed paths are.
        match listed
            .iter_mut()
            .position(|l| l.path.as_os_str() == path.as_os_str())
        {
            Some(i) => match meta {
                // As the listing takes them: `lstat`, a regular file.
                Ok(meta) if meta.is_file() => {
                    listed[i].stamp = Some(Stamp::of_metadata(&meta));
                    changed.push(i);
                }
                _ => return Err(came_or_went(path)), // gone, or no longer a file
            },
            None => match meta {
                // Gone without having been listed (a temporary file), unless it was a
                // folder of listed files.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    let mut folder = path.as_os_str().as_encoded_bytes().to_vec();
                    folder.extend_from_slice(std::path::MAIN_SEPARATOR_STR.as_bytes());
                    let under = |l: &ContentFile| {
                        l.path.as_os_str().as_encoded_bytes().starts_with(&folder)
                    };
                    if listed.iter().any(under) {
                        return Err(came_or_went(path));
                    }
                }
                // A file the listing leaves out by its name (hidden, an editor's).
                Ok(meta)
                    if meta.is_file()
                        && path
                            .file_name()
                            .is_some_and(|n| is_editor_temporary(&n.to_string_lossy())) => {}
                _ => return Err(came_or_went(path)),
            },
        }
    }
    Ok(changed)
}

/// Lists the content files in order (by kind, then path), warning about files that do not
/// belong; with `take_stamps`, each file is also stat'ed (`serve` compares the stamps with
/// its cache). Folders are read in parallel; if any entry cannot be read, everything is
/// listed again by [`walk_content_files`], which reports the problem.
pub(super) fn list_content_files(
    root: &Path,
    content: &Path,
    diagnostics: &mut Diagnostics,
    take_stamps: bool,
) -> Vec<ContentFile> {
    let mut found = Vec::new();
    let mut ignored = Vec::new();
    for (folder, kind, extensions, recursive) in CONTENT_FOLDERS {
        let dir = content.join(folder);
        if !dir.is_dir() {
            continue;
        }
        let max_depth = if recursive { MAX_TASK_DEPTH } else { 1 };
        let Some(files) = read_folder(&dir, 0, max_depth, extensions, take_stamps) else {
            return walk_content_files(root, content, diagnostics, take_stamps);
        };
        for file in files {
            match file {
                Found::Content(path, stamp) => found.push(ContentFile { kind, path, stamp }),
                Found::Ignored(path) => ignored.push((folder, extensions, path)),
                Found::NotAFile(path, what) => {
                    diagnostics.push(not_a_file(root, &path, what));
                }
            }
        }
    }
    for (folder, extensions, path) in ignored {
        diagnostics.push(ignored_file(root, folder, extensions, &path));
    }
    debug_assert!(found.is_sorted_by(|a, b| (a.kind, &a.path) <= (b.kind, &b.path)));
    found
}

/// A file in a content folder: one to load (with its stamp when taken), one that does not
/// belong there, or an entry that is not a regular file and is skipped.
enum Found {
    Content(PathBuf, Option<Stamp>),
    Ignored(PathBuf),
    NotAFile(PathBuf, NotAFile),
}

/// What a skipped entry of a content folder is instead of a regular file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NotAFile {
    /// A symbolic link: it may point anywhere on the computer, so it is never followed.
    Link,
    /// A named pipe, socket or device: reading it could wait forever.
    Special,
}

impl NotAFile {
    /// What `file_type` is, for an entry that is neither a regular file nor a folder.
    fn of(file_type: std::fs::FileType) -> NotAFile {
        if file_type.is_symlink() {
            NotAFile::Link
        } else {
            NotAFile::Special
        }
    }
}

/// Why walking a folder failed: the system's reason, in the reader's words where it has one.
fn walk_reason(err: &walkdir::Error) -> Text {
    match err.io_error() {
        Some(e) => crate::diagnostics::io_reason(e),
        None => Text::from(err.to_string()),
    }
}

/// The warning for an entry of a content folder that is skipped because it is not a
/// regular file (a symbolic link, a named pipe).
fn not_a_file(root: &Path, path: &Path, what: NotAFile) -> Diagnostic {
    let shown = display_path(root, path);
    let pos = Pos { line: 1, col: 1 };
    match what {
        NotAFile::Link => Diagnostic::warning(&shown, pos, Text::key("files_symlink"))
            .with_help(Text::key("files_symlink_help")),
        NotAFile::Special => Diagnostic::warning(&shown, pos, Text::key("files_special"))
            .with_help(Text::key("files_special_help")),
    }
}

/// The files under `dir` in the order of `WalkDir::new(dir).sort_by_file_name()`, without
/// hidden entries and editors' temporary files, down to `max_depth` (`dir` is at `depth`);
/// `None` when an entry cannot be read.
fn read_folder(
    dir: &Path,
    depth: usize,
    max_depth: usize,
    extensions: &[&str],
    take_stamps: bool,
) -> Option<Vec<Found>> {
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(dir).ok()? {
        let entry = entry.ok()?;
        let path = entry.path();
        if path
            .file_name()
            .is_some_and(|name| name.as_encoded_bytes().starts_with(b"."))
        {
            continue;
        }
        let file_type = entry.file_type().ok()?;
        entries.push((path, file_type, entry));
    }
    // By name: every path is `dir` joined with a name, so whole paths compare as names do.
    entries.sort_unstable_by(|a, b| a.0.as_os_str().cmp(b.0.as_os_str()));
    let within: Vec<Within> = entries
        .into_par_iter()
        .map(|(path, file_type, entry)| {
            if file_type.is_file() {
                let name = path.file_name().unwrap_or_default().to_string_lossy();
                if is_editor_temporary(&name) {
                    return Within::Nothing;
                }
                if !has_extension(&path, extensions) {
                    return Within::File(Found::Ignored(path));
                }
                // A listed file is a regular file, so the `lstat` that `DirEntry` gives
                // (relative to the open folder) says what `stat` would.
                let stamp = take_stamps
                    .then(|| entry.metadata().ok().map(|m| Stamp::of_metadata(&m)))
                    .flatten();
                Within::File(Found::Content(path, stamp))
            } else if file_type.is_dir() {
                if depth + 1 < max_depth {
                    Within::Folder(read_folder(
                        &path,
                        depth + 1,
                        max_depth,
                        extensions,
                        take_stamps,
                    ))
                } else {
                    Within::Nothing
                }
            } else {
                let name = path.file_name().unwrap_or_default().to_string_lossy();
                if is_editor_temporary(&name) {
                    return Within::Nothing;
                }
                Within::File(Found::NotAFile(path, NotAFile::of(file_type)))
            }
        })
        .collect();
    let mut files = Vec::with_capacity(within.len());
    for within in within {
        match within {
            Within::Nothing => {}
            Within::File(file) => files.push(file),
            Within::Folder(found) => files.extend(found?),
        }
    }
    Some(files)
}

/// What one entry of a folder holds.
enum Within {
    Nothing,
    File(Found),
    Folder(Option<Vec<Found>>),
}

/// Whether `path` ends in one of `extensions` (lower case), in any case.
fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    let Some(extension) = path.extension() else {
        return false;
    };
    let extension = extension.to_string_lossy();
    if extension.is_ascii() {
        extensions.iter().any(|e| extension.eq_ignore_ascii_case(e))
    } else {
        extensions.contains(&extension.to_lowercase().as_str())
    }
}

/// The warning for a file in a content folder that is not of the folder's kind.
fn ignored_file(root: &Path, folder: &str, extensions: &[&str], path: &Path) -> Diagnostic {
    Diagnostic::warning(
        &display_path(root, path),
        Pos { line: 1, col: 1 },
        crate::words!("files_ignored", folder = folder, extension = extensions[0]),
    )
    .with_help(Text::key("files_ignored_help"))
}

/// Lists the content files with `walkdir`, reporting folders and entries that cannot be read.
fn walk_content_files(
    root: &Path,
    content: &Path,
    diagnostics: &mut Diagnostics,
    take_stamps: bool,
) -> Vec<ContentFile> {
    let mut found = Vec::new();
    for (folder, kind, extensions, recursive) in CONTENT_FOLDERS {
        let dir = content.join(folder);
        if !dir.is_dir() {
            continue;
        }
        let walker = WalkDir::new(&dir)
            .sort_by_file_name()
            .max_depth(if recursive { MAX_TASK_DEPTH } else { 1 });
        for entry in walker
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        {
            let entry = match entry {
                Ok(entry) => entry,
                Err(err) => {
                    let shown = err
                        .path()
                        .map(|p| display_path(root, p))
                        .unwrap_or_else(|| folder.to_string());
                    diagnostics.push(
                        Diagnostic::error(
                            &shown,
                            Pos { line: 1, col: 1 },
                            crate::words!("files_folder_unreadable", reason = walk_reason(&err)),
                        )
                        .with_help(Text::key("files_unreadable_help")),
                    );
                    continue;
                }
            };
            let file_type = entry.file_type();
            if file_type.is_dir() {
                continue;
            }
            let name = entry.file_name().to_string_lossy();
            if is_editor_temporary(&name) {
                continue;
            }
            if !file_type.is_file() {
                diagnostics.push(not_a_file(root, entry.path(), NotAFile::of(file_type)));
                continue;
            }
            if has_extension(entry.path(), extensions) {
                found.push(ContentFile {
                    kind,
                    path: entry.path().to_path_buf(),
                    stamp: None,
                });
            } else {
                diagnostics.push(ignored_file(root, folder, extensions, entry.path()));
            }
        }
    }
    found.sort_by(|a, b| (a.kind, &a.path).cmp(&(b.kind, &b.path)));
    if take_stamps {
        found
            .par_iter_mut()
            .for_each(|file| file.stamp = Stamp::of(&file.path));
    }
    found
}

/// The files under `content/static/` (relative to it), and the symbolic links there, which
/// are not published (each gets a warning; an attachment naming one is told why).
pub(super) fn list_static_files(
    root: &Path,
    dir: &Path,
    diagnostics: &mut Diagnostics,
) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut files = BTreeSet::new();
    let mut links = BTreeSet::new();
    if !dir.is_dir() {
        return (files, links);
    }
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        let file_type = entry.file_type();
        if file_type.is_dir() {
            continue;
        }
        let name = entry.file_name().to_string_lossy();
        if is_editor_temporary(&name) {
            continue;
        }
        if file_type.is_file() {
            files.insert(display_path(dir, entry.path()));
            continue;
        }
        let what = NotAFile::of(file_type);
        diagnostics.push(match what {
            NotAFile::Link => Diagnostic::warning(
                &display_path(root, entry.path()),
                Pos { line: 1, col: 1 },
                Text::key("files_static_symlink"),
            )
            .with_help(Text::key("files_static_symlink_help")),
            NotAFile::Special => not_a_file(root, entry.path(), what),
        });
        if what == NotAFile::Link {
            links.insert(display_path(dir, entry.path()));
        }
    }
    (files, links)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::tests::write;

    #[test]
    fn the_fast_listing_matches_walkdir() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for file in [
            "tasks/a.yaml",
            "tasks/a/b.yaml",
            "tasks/a-b/c.yml",
            "tasks/a.b/d.YAML",
            "tasks/A/e.yaml",
            "tasks/x/y/z/deep.yaml",
            "tasks/x/notes.txt",
            "tasks/x/no-extension",
            "tasks/x/.hidden.yaml",
            "tasks/x/.git/inside.yaml",
            "tasks/x/saved.yaml~",
            "tasks/x/4913",
            "tasks/x/.x.yaml.swp",
            // Emacs' auto-save, JetBrains' safe-write copy: not content, not warned about.
            "tasks/x/#draft.yaml#",
            "tasks/x/a.yaml___jb_tmp___",
            "evaluations/2022.yaml",
            "evaluations/sub/ignored.yaml",
            "evaluations/readme.md",
            "notices/n.md",
            "notices/n.MarkDown",
            // KELVIN SIGN: `to_lowercase` makes it `k`.
            "notices/kelvin.mar\u{212A}down",
            "pages/about.md",
            "pages/image.png",
        ] {
            write(&root.join("content"), file, "x");
        }
        std::os::unix::fs::symlink(
            root.join("content/tasks/a.yaml"),
            root.join("content/tasks/link.yaml"),
        )
        .unwrap();
        std::os::unix::fs::symlink(root.join("content/tasks/x"), root.join("content/tasks/dir"))
            .unwrap();
        let content = root.join("content");
        let summary = |listed: Vec<ContentFile>, diagnostics: Diagnostics| {
            let files: Vec<(FileKind, PathBuf, bool)> = listed
                .into_iter()
                .map(|f| {
                    let stamped = f.stamp.is_some_and(|s| Some(s) == Stamp::of(&f.path));
                    (f.kind, f.path, stamped)
                })
                .collect();
            (files, format!("{diagnostics:?}"))
        };
        for take_stamps in [false, true] {
            let mut fast = Diagnostics::default();
            let listed = list_content_files(root, &content, &mut fast, take_stamps);
            let mut walked = Diagnostics::default();
            let expected = walk_content_files(root, &content, &mut walked, take_stamps);
            assert_eq!(summary(listed, fast), summary(expected, walked));
        }
        let mut diagnostics = Diagnostics::default();
        let listed = list_content_files(root, &content, &mut diagnostics, false);
        let shown: Vec<String> = listed
            .iter()
            .map(|f| display_path(&content, &f.path))
            .collect();
        assert_eq!(
            shown,
            [
                "tasks/A/e.yaml",
                "tasks/a/b.yaml",
                "tasks/a-b/c.yml",
                "tasks/a.b/d.YAML",
                "tasks/a.yaml",
                "tasks/x/y/z/deep.yaml",
                "evaluations/2022.yaml",
                "notices/kelvin.mar\u{212A}down",
                "notices/n.MarkDown",
                "notices/n.md",
                "pages/about.md",
            ]
        );
        // notes.txt, no-extension, readme.md, image.png; and the two links, each said to be
        // a link rather than silently left out.
        assert_eq!(diagnostics.warning_count(), 6, "{diagnostics:?}");
        let mut links: Vec<&str> = diagnostics
            .items()
            .iter()
            .filter(|d| d.message.to_string().contains("symbolic link"))
            .map(|d| d.path.as_str())
            .collect();
        links.sort();
        assert_eq!(links, ["content/tasks/dir", "content/tasks/link.yaml"]);
    }

    #[test]
    fn extensions_are_matched_in_any_case() {
        for (name, yes) in [
            ("a.yaml", true),
            ("a.YML", true),
            ("a.Yaml", true),
            ("a.yaml.txt", false),
            ("yaml", false),
            ("a.", false),
            // KELVIN SIGN lowercases to `k`, as `to_lowercase` has always taken it.
            ("a.mar\u{212A}down", true),
        ] {
            assert_eq!(
                has_extension(Path::new(name), &["yaml", "yml", "markdown"]),
                yes,
                "{name}"
            );
        }
    }
}
