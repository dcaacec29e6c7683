//! Load stage: walks `content/`, reads every file (in parallel), and decodes it into the
//! model, collecting every problem along the way. Semantic checks that need the whole site
//! (references, cycles, the `excellent` rule) live in `validate`.

mod cache;
pub mod decode;
pub mod files;
mod records;

pub use cache::LoadCache;

pub use records::normalize_base_url;

use crate::diagnostics::{Diagnostic, Diagnostics, SourceMap, display_path};
use crate::model::{Document, EvaluationRound, Site, SiteConfig, Task, Unreadable};
use crate::yaml::Pos;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
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

fn load(root: &Path, cache: Option<&mut LoadCache>) -> Loaded {
    let content = root.join("content");
    let mut diagnostics = Diagnostics::default();
    let mut sources = SourceMap::default();

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
            sources,
            files_read: 0,
        };
    }

    let mut files_read = 0;
    let mut read = |name: &str, diagnostics: &mut Diagnostics, sources: &mut SourceMap| {
        let path = content.join(name);
        let shown = display_path(root, &path);
        if !path.is_file() {
            diagnostics.push(
                Diagnostic::error(&shown, Pos { line: 1, col: 1 }, format!("missing required file {shown}"))
                    .with_help("every site needs content/site.yaml and content/orgs.yaml; `gongshi init DIR` writes both"),
            );
            return None;
        }
        files_read += 1;
        match files::read_text(&path, &shown) {
            Ok(text) => {
                let text: Arc<str> = Arc::from(text);
                sources.insert(&shown, text.clone());
                Some((shown, text))
            }
            Err(d) => {
                diagnostics.push(d);
                None
            }
        }
    };

    let config = read("site.yaml", &mut diagnostics, &mut sources).and_then(|(shown, text)| {
        let (config, d) = records::decode_site_config(&shown, &text);
        diagnostics.extend(d);
        config
    });
    let mut unreadable = Unreadable::default();
    let orgs = match read("orgs.yaml", &mut diagnostics, &mut sources) {
        Some((shown, text)) => {
            let (decoded, d) = records::decode_orgs(&shown, &text);
            diagnostics.extend(d);
            unreadable.org_ids = decoded.unreadable_ids;
            unreadable.all_orgs = decoded.unreadable_file;
            decoded.orgs
        }
        None => {
            unreadable.all_orgs = true;
            BTreeMap::new()
        }
    };

    let mut listed = list_content_files(root, &content, &mut diagnostics);
    listed.sort();
    files_read += listed.len();

    let decoded: Vec<DecodedFile> = match cache {
        Some(cache) => cache.decode_all(root, &listed),
        None => listed
            .par_iter()
            .map(|(kind, path)| decode_file(root, *kind, path))
            .collect(),
    };

    let mut tasks: BTreeMap<String, Arc<Task>> = BTreeMap::new();
    let mut evaluations: BTreeMap<String, EvaluationRound> = BTreeMap::new();
    let mut notices: BTreeMap<String, Document> = BTreeMap::new();
    let mut pages: BTreeMap<String, Document> = BTreeMap::new();
    for (shown, text, record, d) in decoded {
        if matches!(record, Decoded::Evaluation(_)) && d.error_count() > 0 {
            // A result that failed to load still means its task was evaluated.
            unreadable.some_evaluation = true;
        }
        diagnostics.extend(d);
        if let Some(text) = text {
            sources.insert(&shown, text);
        }
        match record {
            Decoded::Nothing => {}
            Decoded::UnreadableTask(id) => {
                unreadable.task_ids.insert(id);
            }
            Decoded::UnreadableEvaluation => unreadable.some_evaluation = true,
            Decoded::Task(task) => insert_unique(
                &mut tasks,
                task.id.value.clone(),
                task,
                "task",
                &mut diagnostics,
                |t| (&t.origin, t.id.pos),
            ),
            Decoded::Evaluation(round) => insert_unique(
                &mut evaluations,
                round.id.value.clone(),
                *round,
                "evaluation round",
                &mut diagnostics,
                |r| (&r.origin, r.id.pos),
            ),
            Decoded::Notice(doc) => insert_unique(
                &mut notices,
                doc.slug.clone(),
                *doc,
                "notice",
                &mut diagnostics,
                |d| (&d.origin, d.origin.pos),
            ),
            Decoded::Page(doc) => insert_unique(
                &mut pages,
                doc.slug.clone(),
                *doc,
                "page",
                &mut diagnostics,
                |d| (&d.origin, d.origin.pos),
            ),
        }
    }

    let static_files = list_static_files(root, &content.join("static"), &mut diagnostics);

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
        sources,
        files_read,
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
type DecodedFile = (String, Option<Arc<str>>, Decoded, Diagnostics);

fn decode_file(root: &Path, kind: FileKind, path: &Path) -> DecodedFile {
    let shown = display_path(root, path);
    decode_read(kind, path, shown.clone(), files::read_text(path, &shown))
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
            return (shown, None, unreadable, diagnostics);
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
        shown,
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
        let (first, first_pos) = place(existing);
        let (second, second_pos) = place(&record);
        diagnostics.push(
            Diagnostic::error(
                &second.path,
                second_pos,
                format!("duplicate {what} id `{id}`"),
            )
            .with_related(&first.path, first_pos, "first defined here")
            .with_help(format!("each {what} needs its own id: rename one of them")),
        );
        return;
    }
    map.insert(id, record);
}

fn is_editor_temporary(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name == "4913"
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
}

fn list_content_files(
    root: &Path,
    content: &Path,
    diagnostics: &mut Diagnostics,
) -> Vec<(FileKind, PathBuf)> {
    let mut found = Vec::new();
    let folders: [(&str, FileKind, &[&str], bool); 4] = [
        ("tasks", FileKind::Task, &["yaml", "yml"], true),
        ("evaluations", FileKind::Evaluation, &["yaml", "yml"], false),
        ("notices", FileKind::Notice, &["md", "markdown"], false),
        ("pages", FileKind::Page, &["md", "markdown"], false),
    ];
    for (folder, kind, extensions, recursive) in folders {
        let dir = content.join(folder);
        if !dir.is_dir() {
            continue;
        }
        let walker = WalkDir::new(&dir)
            .sort_by_file_name()
            .max_depth(if recursive { 32 } else { 1 });
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
            if !entry.file_type().is_file() {
                continue;
            }
            let name = entry.file_name().to_string_lossy();
            if is_editor_temporary(&name) {
                continue;
            }
            let extension = entry
                .path()
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .unwrap_or_default();
            if extensions.contains(&extension.as_str()) {
                found.push((kind, entry.path().to_path_buf()));
            } else {
                diagnostics.push(
                    Diagnostic::warning(
                        &display_path(root, entry.path()),
                        Pos { line: 1, col: 1 },
                        format!(
                            "this file is ignored: files in content/{folder}/ must end in .{}",
                            extensions[0]
                        ),
                    )
                    .with_help("rename the file, or move attachments to content/static/"),
                );
            }
        }
    }
    found
}

fn list_static_files(root: &Path, dir: &Path, diagnostics: &mut Diagnostics) -> BTreeSet<String> {
    let mut files = BTreeSet::new();
    if !dir.is_dir() {
        return files;
    }
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let Ok(entry) = entry else { continue };
        if entry.path_is_symlink() {
            diagnostics.push(
                Diagnostic::warning(
                    &display_path(root, entry.path()),
                    Pos { line: 1, col: 1 },
                    "symbolic links under content/static/ are not published",
                )
                .with_help("copy the file itself into content/static/"),
            );
            continue;
        }
        if entry.file_type().is_file() {
            let name = entry.file_name().to_string_lossy();
            if is_editor_temporary(&name) {
                continue;
            }
            files.insert(display_path(dir, entry.path()));
        }
    }
    files
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
