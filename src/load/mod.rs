//! Load stage: walks `content/`, reads every file (in parallel), and decodes it into the
//! model, collecting every problem along the way. Semantic checks that need the whole site
//! (references, cycles, the `excellent` rule) live in `validate`.

mod cache;
pub mod decode;
pub mod files;
mod records;
mod settings;

use cache::{Kept, Stamp};
pub use cache::{LoadCache, stamp_is_racy};

/// One task file's decoder, as the loader calls it, for the fuzz targets in `fuzz/`.
pub use records::{claimed_task_id, decode_task};
pub use records::{decode_site_config, normalize_base_url};

use crate::diagnostics::{Diagnostic, Diagnostics, SourceMap, display_path};
use crate::model::{Document, EvaluationRound, Located, Site, SiteConfig, Task, Unreadable};
use crate::yaml::Pos;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use walkdir::WalkDir;

/// What loading produced: the model when it could be assembled at all, every problem found,
/// and the text of every file read (for quoting lines in messages).
pub struct Loaded {
    pub site: Option<Site>,
    pub diagnostics: Diagnostics,
    pub sources: SourceMap,
    pub files_read: usize,
}

/// The kinds of content file, by where they sit under `content/`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum FileKind {
    Task,
    Evaluation,
    Notice,
    Page,
}

/// Loads the site under `root` (the folder holding `content/`).
pub fn load_site(root: &Path) -> Loaded {
    load(root, None)
}

/// Loads the site like [`load_site`], decoding again only the files that changed since the
/// last load with the same cache (`serve` keeps one between rebuilds).
pub fn load_site_with_cache(root: &Path, cache: &mut LoadCache) -> Loaded {
    load(root, Some(cache))
}

fn load(root: &Path, mut cache: Option<&mut LoadCache>) -> Loaded {
    let content = root.join("content");
    let mut diagnostics = Diagnostics::default();

    if !content.is_dir() {
        diagnostics.push(
            Diagnostic::error("content", Pos { line: 1, col: 1 }, format!(
                "no content folder at {}",
                content.display()
            ))
            .with_help("run gongshi in a site root (the folder holding content/), pass --root DIR, or create a site with `gongshi init DIR`"),
        );
        return Loaded {
            site: None,
            diagnostics,
            sources: SourceMap::default(),
            files_read: 0,
        };
    }

    // The text of every file read, gathered for the source map (built in one go at the end).
    let mut sources: Vec<(Arc<str>, Arc<str>)> = Vec::new();
    let mut files_read = 0;
    let mut required = |name: &str,
                        decode: DecodeRequired,
                        slot: Option<&mut Option<Kept<Required>>>| {
        let read = cache::read_required(root, &content.join(name), decode, slot);
        if let Some(read) = &read {
            files_read += 1;
            diagnostics.extend(read.diagnostics.clone());
            if let Some(text) = &read.text {
                sources.push((read.shown.clone(), text.clone()));
            }
        } else {
            let shown = display_path(root, &content.join(name));
            diagnostics.push(
                Diagnostic::error(&shown, Pos { line: 1, col: 1 }, format!("missing required file {shown}"))
                    .with_help("every site needs content/site.yaml and content/orgs.yaml; `gongshi init DIR` writes both"),
            );
        }
        read.map(|read| read.decoded)
    };
    let config = required(
        "site.yaml",
        decode_site_yaml,
        cache.as_deref_mut().map(|c| &mut c.site_yaml),
    )
    .and_then(|decoded| match decoded {
        Some(RequiredRecord::SiteConfig(config)) => config,
        _ => None,
    });
    let mut unreadable = Unreadable::default();
    let orgs = match required(
        "orgs.yaml",
        decode_orgs_yaml,
        cache.as_deref_mut().map(|c| &mut c.orgs_yaml),
    ) {
        Some(Some(RequiredRecord::Orgs(decoded))) => {
            unreadable.org_ids = decoded.unreadable_ids;
            unreadable.all_orgs = decoded.unreadable_file;
            decoded.orgs
        }
        _ => {
            unreadable.all_orgs = true;
            BTreeMap::new()
        }
    };

    if let Some(config) = &config
        && let Some(missing) = missing_theme(root, &content.join("site.yaml"), &config.theme)
    {
        diagnostics.push(missing);
    }

    let owned: Vec<DecodedFile>;
    let decoded: Vec<&DecodedFile> = match cache {
        Some(cache) => {
            files_read += cache.list_and_decode(root, &content, &mut diagnostics);
            cache.decoded().collect()
        }
        None => {
            let listed = list_content_files(root, &content, &mut diagnostics, false);
            files_read += listed.len();
            owned = listed
                .par_iter()
                .map(|file| decode_file(root, file.kind, &file.path))
                .collect();
            owned.iter().collect()
        }
    };

    // A file deleted between the listing and its reading (`serve` rebuilding while an editor
    // deletes it) is gone, not unreadable: it is left out, as the next listing will, and
    // `serve`'s cache looks at it again on the next load (an unread file is never settled).
    let decoded: Vec<&DecodedFile> = decoded
        .into_iter()
        .filter(|file| !vanished(root, file))
        .collect();

    // The task map and the texts for the source map, side by side: both mostly wait for
    // memory, one piece for each of ten thousand files.
    let ((tasks, duplicates), texts) = rayon::join(
        || task_map(&decoded),
        || {
            decoded
                .iter()
                .filter_map(|(shown, text, _, _)| {
                    text.as_ref().map(|text| (shown.clone(), text.clone()))
                })
                .collect::<Vec<_>>()
        },
    );
    sources.extend(texts);

    let mut evaluations: BTreeMap<String, EvaluationRound> = BTreeMap::new();
    let mut notices: BTreeMap<String, Document> = BTreeMap::new();
    let mut pages: BTreeMap<String, Document> = BTreeMap::new();
    let mut duplicates = duplicates.into_iter().peekable();
    for (i, (_, _, record, d)) in decoded.iter().enumerate() {
        if matches!(record, Decoded::Evaluation(_)) && d.error_count() > 0 {
            // A result that failed to load still means its task was evaluated.
            unreadable.some_evaluation = true;
        }
        if !d.is_empty() {
            diagnostics.extend(d.clone());
        }
        match record {
            Decoded::Nothing => {}
            Decoded::UnreadableTask(id) => {
                unreadable.task_ids.insert(id.clone());
            }
            Decoded::UnreadableEvaluation => unreadable.some_evaluation = true,
            Decoded::Task(task) => {
                if let Some((_, first)) = duplicates.next_if(|(file, _)| *file == i)
                    && let Decoded::Task(first) = &decoded[first].2
                {
                    diagnostics.push(duplicate_id(
                        "task",
                        &task.id.value,
                        (&first.origin, first.id.pos),
                        (&task.origin, task.id.pos),
                    ));
                }
            }
            Decoded::Evaluation(round) => insert_unique(
                &mut evaluations,
                round.id.value.clone(),
                (**round).clone(),
                "evaluation round",
                &mut diagnostics,
                |r| (&r.origin, r.id.pos),
            ),
            Decoded::Notice(doc) => insert_unique(
                &mut notices,
                doc.slug.clone(),
                (**doc).clone(),
                "notice",
                &mut diagnostics,
                |d| (&d.origin, d.origin.pos),
            ),
            Decoded::Page(doc) => insert_unique(
                &mut pages,
                doc.slug.clone(),
                (**doc).clone(),
                "page",
                &mut diagnostics,
                |d| (&d.origin, d.origin.pos),
            ),
        }
    }
    let mut source_map = SourceMap::default();
    source_map.extend(sources);

    let (static_files, static_links) =
        list_static_files(root, &content.join("static"), &mut diagnostics);
    unreadable.static_links = static_links;

    let site = config.map(|config: SiteConfig| {
        let as_of = config
            .as_of
            .unwrap_or_else(|| newest_recorded_date(&tasks, &evaluations, &notices));
        Site {
            config,
            orgs,
            tasks,
            evaluations,
            notices,
            pages,
            static_files,
            as_of,
            unreadable,
        }
    });

    Loaded {
        site,
        diagnostics,
        sources: source_map,
        files_read,
    }
}

/// The error for a `theme:` that names no folder under `themes/` (`default` is built in,
/// so it needs none), with the folders there are.
fn missing_theme(root: &Path, site_yaml: &Path, theme: &Located<String>) -> Option<Diagnostic> {
    let themes = root.join("themes");
    if theme.value == "default" || themes.join(&theme.value).is_dir() {
        return None;
    }
    let mut names: Vec<String> = std::fs::read_dir(&themes)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|entry| entry.file_type().is_ok_and(|t| t.is_dir()))
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| !name.starts_with('.'))
        .collect();
    names.sort();
    let help = if names.is_empty() {
        "remove the `theme:` line to use the built-in theme, or create the folder themes/<name>/ in the site folder".to_string()
    } else {
        format!(
            "the themes/ folder has: {}; or remove the `theme:` line to use the built-in theme",
            names.join(", ")
        )
    };
    let name = &theme.value;
    Some(
        Diagnostic::error(
            &display_path(root, site_yaml),
            theme.pos,
            format!("theme `{name}` not found: there is no folder themes/{name}/"),
        )
        .with_help(help),
    )
}

/// The tasks by id, and the task files whose id an earlier file already has, as (the later
/// file, the first file) in listing order: of two files with one id, the first keeps it.
fn task_map(decoded: &[&DecodedFile]) -> (BTreeMap<String, Arc<Task>>, Vec<Duplicate>) {
    // The ids are first copied side by side, so that sorting compares nearby bytes instead
    // of following ten thousand pointers into as many tasks.
    let mut ids = String::new();
    let mut keys: Vec<(Range<usize>, usize)> = Vec::new();
    for (i, (_, _, record, _)) in decoded.iter().enumerate() {
        if let Decoded::Task(task) = record {
            let start = ids.len();
            ids.push_str(&task.id.value);
            keys.push((start..ids.len(), i));
        }
    }
    // Stable, so that the files of one id stay in listing order.
    keys.sort_by(|a, b| ids[a.0.clone()].cmp(&ids[b.0.clone()]));
    let mut tasks: Vec<(String, Arc<Task>)> = Vec::with_capacity(keys.len());
    let mut duplicates: Vec<Duplicate> = Vec::new();
    for same_id in keys.chunk_by(|a, b| ids[a.0.clone()] == ids[b.0.clone()]) {
        let (id, first) = &same_id[0];
        if let Decoded::Task(task) = &decoded[*first].2 {
            tasks.push((ids[id.clone()].to_string(), task.clone()));
        }
        duplicates.extend(same_id[1..].iter().map(|(_, later)| (*later, *first)));
    }
    duplicates.sort_unstable();
    // In id order already: the map is built in one go rather than key by key.
    (tasks.into_iter().collect(), duplicates)
}

/// A file whose task id an earlier file already has: (its index, the first file's index).
type Duplicate = (usize, usize);

/// site.yaml or orgs.yaml after reading: its text when it could be read, what decoding it
/// gave, and its problems.
#[derive(Clone)]
struct Required {
    shown: Arc<str>,
    text: Option<Arc<str>>,
    /// `None` when the file could not be read.
    decoded: Option<RequiredRecord>,
    diagnostics: Diagnostics,
}

#[derive(Clone)]
// One of each per load, moved once: boxing the settings would gain nothing.
#[allow(clippy::large_enum_variant)]
enum RequiredRecord {
    SiteConfig(Option<SiteConfig>),
    Orgs(records::DecodedOrgs),
}

/// Decodes the text of site.yaml or orgs.yaml.
type DecodeRequired = fn(&str, &str) -> (RequiredRecord, Diagnostics);

fn decode_site_yaml(shown: &str, text: &str) -> (RequiredRecord, Diagnostics) {
    let (config, d) = records::decode_site_config(shown, text);
    (RequiredRecord::SiteConfig(config), d)
}

fn decode_orgs_yaml(shown: &str, text: &str) -> (RequiredRecord, Diagnostics) {
    let (orgs, d) = records::decode_orgs(shown, text);
    (RequiredRecord::Orgs(orgs), d)
}

/// What reading site.yaml or orgs.yaml gave, decoded (a pure function of the path and the
/// text, like [`decode_read`]).
fn decode_required(
    shown: String,
    read: Result<String, Diagnostic>,
    decode: DecodeRequired,
) -> Required {
    let shown: Arc<str> = Arc::from(shown);
    let text = match read {
        Ok(text) => Arc::<str>::from(text),
        Err(d) => {
            let mut diagnostics = Diagnostics::default();
            diagnostics.push(d);
            return Required {
                shown,
                text: None,
                decoded: None,
                diagnostics,
            };
        }
    };
    let (decoded, diagnostics) = decode(&shown, &text);
    Required {
        shown,
        text: Some(text),
        decoded: Some(decoded),
        diagnostics,
    }
}

#[derive(Clone)]
enum Decoded {
    Nothing,
    /// A task file that failed to load, with the id it claims.
    UnreadableTask(String),
    UnreadableEvaluation,
    Task(Arc<Task>),
    Evaluation(Box<EvaluationRound>),
    Notice(Box<Document>),
    Page(Box<Document>),
}

/// One content file after decoding: its shown path, its text (when it could be read), the
/// record and the file's own problems.
type DecodedFile = (Arc<str>, Option<Arc<str>>, Decoded, Diagnostics);

fn decode_file(root: &Path, kind: FileKind, path: &Path) -> DecodedFile {
    let shown = display_path(root, path);
    decode_read(kind, path, shown.clone(), files::read_text(path, &shown))
}

/// Whether `file` could not be read because it no longer exists (deleted after the listing
/// saw it).
fn vanished(root: &Path, (shown, text, ..): &DecodedFile) -> bool {
    text.is_none()
        && std::fs::symlink_metadata(root.join(&**shown))
            .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
}

/// Decodes what reading a file gave: a pure function of the path and the text, so that
/// [`LoadCache`] can keep its result for as long as the text stays the same.
fn decode_read(
    kind: FileKind,
    path: &Path,
    shown: String,
    read: Result<String, Diagnostic>,
) -> DecodedFile {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let text = match read {
        Ok(text) => Arc::<str>::from(text),
        Err(d) => {
            let mut diagnostics = Diagnostics::default();
            diagnostics.push(d);
            let unreadable = match kind {
                FileKind::Task => Decoded::UnreadableTask(stem),
                FileKind::Evaluation => Decoded::UnreadableEvaluation,
                FileKind::Notice | FileKind::Page => Decoded::Nothing,
            };
            return (Arc::from(shown), None, unreadable, diagnostics);
        }
    };
    let (record, diagnostics) = match kind {
        FileKind::Task => {
            let (task, d) = records::decode_task(&shown, &stem, &text);
            let record = match task {
                Some(task) => Decoded::Task(Arc::new(task)),
                None => Decoded::UnreadableTask(records::claimed_task_id(&stem, &text)),
            };
            (Some(record), d)
        }
        FileKind::Evaluation => {
            let (round, d) = records::decode_evaluation(&shown, &stem, &text);
            let record = match round {
                Some(round) => Decoded::Evaluation(Box::new(round)),
                None => Decoded::UnreadableEvaluation,
            };
            (Some(record), d)
        }
        FileKind::Notice => {
            let (doc, d) = records::decode_document(&shown, &stem, &text, true);
            (doc.map(|d| Decoded::Notice(Box::new(d))), d)
        }
        FileKind::Page => {
            let (doc, d) = records::decode_document(&shown, &stem, &text, false);
            (doc.map(|d| Decoded::Page(Box::new(d))), d)
        }
    };
    (
        Arc::from(shown),
        Some(text),
        record.unwrap_or(Decoded::Nothing),
        diagnostics,
    )
}

/// Inserts a record unless its id is taken; a duplicate names both places.
fn insert_unique<T>(
    map: &mut BTreeMap<String, T>,
    id: String,
    record: T,
    what: &str,
    diagnostics: &mut Diagnostics,
    place: impl Fn(&T) -> (&crate::model::Origin, Pos),
) {
    if let Some(existing) = map.get(&id) {
        diagnostics.push(duplicate_id(what, &id, place(existing), place(&record)));
        return;
    }
    map.insert(id, record);
}

/// "duplicate task id `x`", at the second record, naming the first.
fn duplicate_id(
    what: &str,
    id: &str,
    (first, first_pos): (&crate::model::Origin, Pos),
    (second, second_pos): (&crate::model::Origin, Pos),
) -> Diagnostic {
    Diagnostic::error(
        &second.path,
        second_pos,
        format!("duplicate {what} id `{id}`"),
    )
    .with_related(&first.path, first_pos, "first defined here")
    .with_help(format!("each {what} needs its own id: rename one of them"))
}

/// Files editors make while saving (Vim's `4913` probe, swap files and backups, Emacs
/// auto-saves and lock files, JetBrains' safe-write copies) and hidden files: no build
/// reads them, and `serve` does not rebuild for them.
pub fn is_editor_temporary(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name == "4913"
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
}

/// A content file found by the listing, with its size and modification time when asked for.
struct Listed {
    kind: FileKind,
    path: PathBuf,
    stamp: Option<Stamp>,
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

/// Brings a listing up to date after changes to `paths` (as a file watcher reports them):
/// the stamps of changed files are taken again. Returns their positions in the listing, or
/// None when the listing itself may have changed (a file or folder came or went in a
/// content folder, or too many changed to look at one by one): then the folders must be
/// listed again.
fn update_listing(listed: &mut [Listed], content: &Path, paths: &[PathBuf]) -> Option<Vec<usize>> {
    /// Past this many changed paths (a checkout, a copied folder), listing is as quick.
    const MAX_CHANGED: usize = 64;
    if paths.len() > MAX_CHANGED {
        return None;
    }
    let mut changed = Vec::new();
    let folders: Vec<PathBuf> = CONTENT_FOLDERS
        .iter()
        .map(|(folder, ..)| content.join(folder))
        .collect();
    for path in paths {
        if folders.iter().any(|folder| folder.starts_with(path)) {
            return None; // a content folder itself, or a folder above it
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
                _ => return None, // gone, or no longer a file
            },
            None => match meta {
                // Gone without having been listed (a temporary file), unless it was a
                // folder of listed files.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    let mut folder = path.as_os_str().as_encoded_bytes().to_vec();
                    folder.extend_from_slice(std::path::MAIN_SEPARATOR_STR.as_bytes());
                    let under =
                        |l: &Listed| l.path.as_os_str().as_encoded_bytes().starts_with(&folder);
                    if listed.iter().any(under) {
                        return None;
                    }
                }
                // A file the listing leaves out by its name (hidden, an editor's).
                Ok(meta)
                    if meta.is_file()
                        && path
                            .file_name()
                            .is_some_and(|n| is_editor_temporary(&n.to_string_lossy())) => {}
                _ => return None,
            },
        }
    }
    Some(changed)
}

/// Lists the content files in order (by kind, then path), warning about files that do not
/// belong; with `take_stamps`, each file is also stat'ed (`serve` compares the stamps with
/// its cache). Folders are read in parallel; if any entry cannot be read, everything is
/// listed again by [`walk_content_files`], which reports the problem.
fn list_content_files(
    root: &Path,
    content: &Path,
    diagnostics: &mut Diagnostics,
    take_stamps: bool,
) -> Vec<Listed> {
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
                Found::Content(path, stamp) => found.push(Listed { kind, path, stamp }),
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

/// The warning for an entry of a content folder that is skipped because it is not a
/// regular file (a symbolic link, a named pipe).
fn not_a_file(root: &Path, path: &Path, what: NotAFile) -> Diagnostic {
    let shown = display_path(root, path);
    let pos = Pos { line: 1, col: 1 };
    match what {
        NotAFile::Link => Diagnostic::warning(
            &shown,
            pos,
            "this is a symbolic link (a shortcut): it is skipped, because a link may point outside the site",
        )
        .with_help("copy the file or folder itself here in place of the link"),
        NotAFile::Special => Diagnostic::warning(
            &shown,
            pos,
            "this is not a regular file (a named pipe, socket or device): it is skipped",
        )
        .with_help("remove it from the content folder; only text files are read"),
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
        format!(
            "this file is ignored: files in content/{folder}/ must end in .{}",
            extensions[0]
        ),
    )
    .with_help("rename the file, or move attachments to content/static/")
}

/// Lists the content files with `walkdir`, reporting folders and entries that cannot be read.
fn walk_content_files(
    root: &Path,
    content: &Path,
    diagnostics: &mut Diagnostics,
    take_stamps: bool,
) -> Vec<Listed> {
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
                    diagnostics.push(Diagnostic::error(
                        &shown,
                        Pos { line: 1, col: 1 },
                        format!("cannot read this folder: {err}"),
                    ));
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
                found.push(Listed {
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
fn list_static_files(
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
                "symbolic links under content/static/ are not published",
            )
            .with_help("copy the file itself into content/static/"),
            NotAFile::Special => not_a_file(root, entry.path(), what),
        });
        if what == NotAFile::Link {
            links.insert(display_path(dir, entry.path()));
        }
    }
    (files, links)
}

/// The newest date on which something was recorded: a ledger entry, a finished milestone,
/// an evaluation conference, a notice. Deadlines and publicity ends are plans, not records,
/// and would push "as of" into the future.
fn newest_recorded_date(
    tasks: &BTreeMap<String, Arc<Task>>,
    evaluations: &BTreeMap<String, EvaluationRound>,
    notices: &BTreeMap<String, Document>,
) -> jiff::civil::Date {
    let task_dates = tasks.values().flat_map(|t| {
        t.ledger
            .iter()
            .map(|e| e.date.value)
            .chain(
                t.milestones
                    .iter()
                    .filter_map(|m| m.done.as_ref().map(|d| d.value)),
            )
            .chain(
                t.origin_step
                    .iter()
                    .filter_map(|o| o.date.as_ref().map(|d| d.value)),
            )
            .chain(
                t.decision
                    .iter()
                    .filter_map(|d| d.date.as_ref().map(|d| d.value)),
            )
    });
    let round_dates = evaluations.values().map(|r| r.held.value);
    let notice_dates = notices
        .values()
        .filter(|n| !n.draft)
        .filter_map(|n| n.date.as_ref().map(|d| d.value));
    task_dates
        .chain(round_dates)
        .chain(notice_dates)
        .max()
        .unwrap_or(jiff::civil::date(2000, 1, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `text` at `relative` under `root`, making the folders (also for `cache`'s tests).
    pub(super) fn write(root: &Path, relative: &str, text: &str) {
        let path = root.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

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
        let summary = |listed: Vec<Listed>, diagnostics: Diagnostics| {
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
            .filter(|d| d.message.contains("symbolic link"))
            .map(|d| d.path.as_str())
            .collect();
        links.sort();
        assert_eq!(links, ["content/tasks/dir", "content/tasks/link.yaml"]);
    }

    /// Regression: a task file deleted while `serve` was rebuilding (after the listing saw
    /// it, before it was read) was reported as "cannot read this file: No such file", and
    /// the preview showed an error for a plain deletion.
    #[test]
    fn a_file_deleted_between_listing_and_reading_is_gone_not_unreadable() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "content/tasks/a.yaml", "id: a\n");
        write(root, "content/tasks/bad.yaml", "title: \u{0}\n");
        let listed = list_content_files(
            root,
            &root.join("content"),
            &mut Diagnostics::default(),
            false,
        );
        std::fs::remove_file(root.join("content/tasks/a.yaml")).unwrap();
        let decoded: Vec<DecodedFile> = listed
            .iter()
            .map(|file| decode_file(root, file.kind, &file.path))
            .collect();
        assert_eq!(decoded.len(), 2);
        let gone: Vec<bool> = decoded.iter().map(|file| vanished(root, file)).collect();
        // The deleted file is gone; the unreadable one (a NUL byte) is still an error.
        assert_eq!(gone, [true, false]);
        assert!(decoded[1].3.error_count() > 0);
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
