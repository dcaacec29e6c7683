//! The publications read back for the site's pages: each one's number, date, note and chain
//! hash, and its differences from the one before; and from those, each task's own changes.
//! Read once per build (and, in `serve`, again only when a publication file changes).

use super::canonical::Snapshot;
use super::chain::ChainCheck;
use super::diff::{Differences, diff};
use crate::model::Language;
use std::collections::HashMap;
use std::path::Path;
use std::time::SystemTime;

/// One publication as the pages show it.
#[derive(Clone, Debug)]
pub struct Publication {
    pub number: u32,
    /// The file name, `0002.json`.
    pub name: String,
    pub as_of: String,
    pub note: String,
    pub chain: String,
    /// How many tasks, evaluation rounds and notices it records.
    pub tasks: usize,
    pub rounds: usize,
    pub notices: usize,
    /// Its differences from the publication before; None for the first.
    pub differences: Option<Differences>,
}

/// Every publication, oldest first, and the chain's head.
#[derive(Clone, Debug, Default)]
pub struct Timeline {
    pub publications: Vec<Publication>,
    /// The newest publication's chain hash, when the chain is intact.
    pub head: Option<String>,
    /// The data of the newest publication, to tell what is not yet published.
    pub newest: Option<Snapshot>,
    /// The ids of the tasks the first publication records.
    pub first_tasks: Vec<String>,
}

/// A task's change in one publication.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskChange {
    pub number: u32,
    pub as_of: String,
    /// What changed, in the interface language; empty for the publication that first
    /// recorded the task.
    pub lines: Vec<String>,
}

/// What identifies the publication files' state: their names, sizes and modification
/// times. When it is unchanged, the timeline read last is still good.
pub type Stamp = Vec<(String, u64, Option<SystemTime>)>;

/// The stamp of the publication files under `root`.
pub fn stamp(root: &Path) -> Stamp {
    let Ok(listing) = super::list(root) else {
        return Vec::new();
    };
    listing
        .files
        .into_iter()
        .map(|(_, name, path)| {
            let meta = std::fs::metadata(&path).ok();
            (
                name,
                meta.as_ref().map_or(0, |m| m.len()),
                meta.and_then(|m| m.modified().ok()),
            )
        })
        .collect()
}

impl Timeline {
    /// Reads every publication under `root` and the differences between each and the one
    /// before, in `language`.
    pub fn load(root: &Path, language: Language) -> Result<Timeline, String> {
        let listing = super::list(root)
            .map_err(|e| format!("cannot read {}: {e}", super::folder(root).display()))?;
        let mut timeline = Timeline::default();
        let mut check = ChainCheck::default();
        let mut previous: Option<Snapshot> = None;
        for (number, name, path) in &listing.files {
            let bytes = std::fs::read(path)
                .map_err(|e| format!("cannot read {}: {e}", super::shown(name)))?;
            check.add(name, &bytes);
            let text = String::from_utf8_lossy(&bytes);
            let snapshot = Snapshot::from_text(&text);
            let field = |key: &str| {
                super::chain::top_level_field(text.as_bytes(), key)
                    .and_then(|(_, raw)| serde_json::from_slice::<String>(raw).ok())
                    .unwrap_or_default()
            };
            let differences = previous
                .as_ref()
                .map(|before| diff(before, &snapshot, language));
            if previous.is_none() {
                timeline.first_tasks = snapshot.tasks.keys().cloned().collect();
            }
            timeline.publications.push(Publication {
                number: *number,
                name: name.clone(),
                as_of: snapshot.as_of.clone(),
                note: field("note"),
                chain: field("chain"),
                tasks: snapshot.tasks.len(),
                rounds: snapshot.evaluations.len(),
                notices: snapshot.notices.len(),
                differences,
            });
            previous = Some(snapshot);
        }
        timeline.head = check.finish().head().map(|link| link.chain.clone());
        timeline.newest = previous;
        Ok(timeline)
    }

    /// The newest publication.
    pub fn newest_publication(&self) -> Option<&Publication> {
        self.publications.last()
    }

    /// Each task's changes, oldest first: the publication that first recorded it (no
    /// lines), then every later one that changed the task or a result about it.
    pub fn task_changes(&self, language: Language) -> HashMap<String, Vec<TaskChange>> {
        let mut out: HashMap<String, Vec<TaskChange>> = HashMap::new();
        let push = |out: &mut HashMap<String, Vec<TaskChange>>,
                    id: &str,
                    publication: &Publication,
                    line: Option<String>| {
            let changes = out.entry(id.to_string()).or_default();
            match changes.last_mut() {
                Some(last) if last.number == publication.number => last.lines.extend(line),
                _ => changes.push(TaskChange {
                    number: publication.number,
                    as_of: publication.as_of.clone(),
                    lines: line.into_iter().collect(),
                }),
            }
        };
        for publication in &self.publications {
            let Some(differences) = &publication.differences else {
                for id in &self.first_tasks {
                    push(&mut out, id, publication, None);
                }
                continue;
            };
            for added in &differences.tasks_added {
                push(&mut out, &added.id, publication, None);
            }
            for changed in &differences.tasks_changed {
                push(
                    &mut out,
                    &changed.id,
                    publication,
                    Some(changed.fields_text(language)),
                );
            }
            let results = differences
                .results_changed
                .iter()
                .chain(&differences.results_of_rounds_added);
            for result in results {
                let line = match &result.round {
                    Some(round) => format!("{round}: {}", result.fields_text(language)),
                    None => result.fields_text(language),
                };
                push(&mut out, &result.id, publication, Some(line));
            }
            for removed in &differences.tasks_removed {
                out.remove(&removed.id);
            }
        }
        out
    }
}
