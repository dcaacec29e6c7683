//! Load stage: lists `content/` ([`listing`]), reads every file (in parallel), decodes each
//! into its record ([`decoded`], [`records`]) and assembles the model, collecting every
//! problem along the way. `serve` keeps a [`LoadCache`] between rebuilds so that only changed
//! files are decoded again. Semantic checks that need the whole site (references, cycles, the
//! `excellent` rule) live in `validate`.

mod cache;
pub mod decode;
mod decoded;
pub mod files;
mod keyboard;
mod listing;
mod records;
mod settings;

use cache::Kept;
pub use cache::{LoadCache, stamp_is_racy};
use decoded::{
    DecodeRequired, Decoded, DecodedFile, Required, RequiredRecord, decode_file, decode_orgs_yaml,
    decode_site_yaml, vanished,
};
use listing::{list_content_files, list_static_files};

pub use keyboard::escaped_path;
/// One task file's decoder, as the loader calls it, for the fuzz targets in `fuzz/`.
pub use records::{claimed_task_id, decode_task};
pub use records::{decode_site_config, is_example_address, normalize_base_url};

use crate::changes::ChangeSet;
use crate::diagnostics::{Diagnostic, Diagnostics, SourceMap, Text, display_path};
use crate::model::{Document, EvaluationRound, Located, Site, SiteConfig, Task, Unreadable};
use crate::yaml::Pos;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::Path;
use std::sync::Arc;

/// What loading produced: the model when it could be assembled at all, every problem found,
/// and the text of every file read (for quoting lines in messages).
pub struct Loaded {
    pub site: Option<Site>,
    pub diagnostics: Diagnostics,
    pub sources: SourceMap,
    pub files_read: usize,
}

/// Loads the site under `root` (the folder holding `content/`).
pub fn load_site(root: &Path) -> Loaded {
    load(root, None)
}

/// Loads the site like [`load_site`], decoding again only the files that changed since the
/// last load with the same cache, looking at every file (see [`load_changed`]).
pub fn load_site_with_cache(root: &Path, cache: &mut LoadCache) -> Loaded {
    load_changed(root, cache, &ChangeSet::unknown())
}

/// Loads the site like [`load_site`], decoding again only the files that changed since the
/// last load with the same cache (`serve` keeps one between rebuilds): the paths `changes`
/// names are looked at first, and the folders listed again when it says so or when a file
/// came or went (see [`crate::changes`]).
pub fn load_changed(root: &Path, cache: &mut LoadCache, changes: &ChangeSet) -> Loaded {
    load(root, Some((cache, changes)))
}

fn load(root: &Path, mut cache: Option<(&mut LoadCache, &ChangeSet)>) -> Loaded {
    let content = root.join("content");
    let mut diagnostics = Diagnostics::default();

    if !content.is_dir() {
        // Not a place in a file: reported at the folder, without a line.
        diagnostics.push(
            Diagnostic::error(
                &root.display().to_string(),
                Pos { line: 0, col: 0 },
                Text::key("no_content_folder"),
            )
            .with_help(Text::key("no_content_folder_help")),
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
    let mut required =
        |name: &str, decode: DecodeRequired, slot: Option<&mut Option<Kept<Required>>>| {
            let read = cache::read_required(root, &content.join(name), decode, slot);
            if let Some(read) = &read {
                files_read += 1;
                diagnostics.extend(read.diagnostics.clone());
                if let Some(text) = &read.text {
                    // A secret written in site.yaml by mistake is not quoted back in full.
                    let hidden = (name == "site.yaml")
                        .then(|| settings::hide_credentials(text))
                        .flatten();
                    let text = hidden.map_or_else(|| text.clone(), Arc::from);
                    sources.push((read.shown.clone(), text));
                }
            } else if content.join(name).is_dir() {
                let shown = display_path(root, &content.join(name));
                diagnostics.push(
                    Diagnostic::error(
                        &shown,
                        Pos { line: 0, col: 0 },
                        Text::key("files_folder_not_file"),
                    )
                    .with_help(Text::key("files_folder_not_file_help")),
                );
            } else {
                let shown = display_path(root, &content.join(name));
                diagnostics.push(
                    Diagnostic::error(
                        &shown,
                        Pos { line: 0, col: 0 },
                        crate::words!("missing_required_file", path = &shown),
                    )
                    .with_help(Text::key("missing_required_file_help")),
                );
            }
            read.map(|read| read.decoded)
        };
    let config = required(
        "site.yaml",
        decode_site_yaml,
        cache.as_mut().map(|(c, _)| &mut c.site_yaml),
    )
    .and_then(|decoded| match decoded {
        Some(RequiredRecord::SiteConfig(config)) => config,
        _ => None,
    });
    let mut unreadable = Unreadable::default();
    let orgs = match required(
        "orgs.yaml",
        decode_orgs_yaml,
        cache.as_mut().map(|(c, _)| &mut c.orgs_yaml),
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
        Some((cache, changes)) => {
            files_read += cache.list_and_decode(root, &content, changes, &mut diagnostics);
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
        Text::key("settings_theme_missing_help")
    } else {
        crate::words!("settings_theme_missing_others", names = names.join(", "))
    };
    let name = &theme.value;
    Some(
        Diagnostic::error(
            &display_path(root, site_yaml),
            theme.pos,
            crate::words!("settings_theme_missing", name = name),
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

/// Inserts a record unless its id is taken; a duplicate names both places.
fn insert_unique<T>(
    map: &mut BTreeMap<String, T>,
    id: String,
    record: T,
    what: &'static str,
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
    what: &'static str,
    id: &str,
    (first, first_pos): (&crate::model::Origin, Pos),
    (second, second_pos): (&crate::model::Origin, Pos),
) -> Diagnostic {
    Diagnostic::error(
        &second.path,
        second_pos,
        crate::words!("files_duplicate_id", what = Text::key(what), id = id),
    )
    .with_related(
        &first.path,
        first_pos,
        Text::key("files_duplicate_id_first"),
    )
    .with_help(crate::words!(
        "files_duplicate_id_help",
        what = Text::key(what)
    ))
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
}
