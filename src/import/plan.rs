//! What an import changes, worked out against the loaded site before anything is written:
//! new task files, fields set on existing tasks, ledger entries and evaluation results
//! appended. A value that would overwrite one already in a file is an error at its cell
//! unless `--force`; a ledger entry already present (same task, date and text) is skipped.

use super::Problem;
use super::rows::{At, LedgerRow, ResultRow};
use super::sheet::Grid;
use super::yaml_edit;
use crate::diagnostics::{Text, suggest};
use crate::model::{Grade, Site, Status, Task, plain_number};
use crate::words;
use crate::yaml::quote as yaml_quote;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// One file import writes.
#[derive(Debug, Clone)]
pub struct FileChange {
    /// Relative to the site root, with `/`.
    pub path: String,
    /// The text now on disk, or `None` for a new file.
    pub old: Option<String>,
    pub new: String,
    /// What changes, one line each, for the report.
    pub notes: Vec<Text>,
    /// Ledger entries added (checked again after writing).
    pub entries_added: usize,
}

pub struct Planner<'a> {
    pub root: &'a Path,
    pub site: &'a Site,
    pub grid: &'a Grid,
    pub org: Option<&'a str>,
    pub force: bool,
    pub problems: Vec<Problem>,
    /// Rows that changed nothing (already in the site).
    pub unchanged: usize,
}

pub(super) fn read_file(root: &Path, path: &str) -> Result<String, Text> {
    std::fs::read_to_string(root.join(path)).map_err(|e| {
        words!(
            "publish_cannot_read",
            path = path,
            reason = crate::diagnostics::io_reason(&e)
        )
    })
}

impl Planner<'_> {
    pub(super) fn error<T>(&mut self, at: &At<T>, message: Text, help: impl Into<Text>) {
        self.problems
            .push(Problem::error(self.grid, at.row, Some(at.col), message).with_help(help));
    }

    pub(super) fn file_error(&mut self, row: usize, message: Text) {
        self.problems
            .push(Problem::error(self.grid, row, None, message));
    }

    pub(super) fn known_task(&mut self, id: &At<String>) -> Option<&Task> {
        let site = self.site;
        match site.tasks.get(&id.value) {
            Some(task) => Some(task),
            None => {
                let hint = suggest(&id.value, site.tasks.keys().map(String::as_str))
                    .map_or(Text::from(""), |s| words!("import_did_you_mean", best = s));
                self.error(
                    id,
                    words!("import_unknown_task", id = &id.value, hint = hint),
                    Text::key("import_unknown_task_help"),
                );
                None
            }
        }
    }

    /// Whether `org` is `--org` or one of its sub-organisations.
    fn within_org(&self, org: &str) -> bool {
        let Some(scope) = self.org else { return true };
        let mut current = Some(org);
        let mut steps = 0;
        while let Some(id) = current
            && steps <= self.site.orgs.len()
        {
            if id == scope {
                return true;
            }
            current = self
                .site
                .orgs
                .get(id)
                .and_then(|o| o.parent.as_ref())
                .map(|p| p.value.as_str());
            steps += 1;
        }
        false
    }

    pub(super) fn check_scope(&mut self, id: &At<String>, task: &Task) {
        if !self.within_org(&task.org.value) {
            let org = self.org.unwrap_or_default().to_string();
            self.error(
                id,
                words!(
                    "import_outside_org",
                    id = &id.value,
                    org = &task.org.value,
                    scope = org
                ),
                Text::key("import_outside_org_help"),
            );
        }
    }

    /// The ledger entries of the sheet not yet in their tasks' ledgers, appended.
    pub fn ledger(&mut self, rows: &[LedgerRow]) -> Vec<FileChange> {
        let mut by_task: BTreeMap<String, Vec<&LedgerRow>> = BTreeMap::new();
        for row in rows {
            let Some(task) = self.known_task(&row.task) else {
                continue;
            };
            let task = task.clone();
            self.check_scope(&row.task, &task);
            by_task.entry(row.task.value.clone()).or_default().push(row);
        }
        let mut changes = Vec::new();
        for (id, rows) in by_task {
            let task = &self.site.tasks[&id];
            let mut seen: BTreeSet<(jiff::civil::Date, String)> = task
                .ledger
                .iter()
                .map(|e| (e.date.value, e.text.trim().to_string()))
                .collect();
            let mut new: Vec<&LedgerRow> = Vec::new();
            for row in rows {
                if seen.insert((row.date.value, row.text.value.trim().to_string())) {
                    new.push(row);
                } else {
                    self.unchanged += 1;
                }
            }
            if new.is_empty() {
                continue;
            }
            new.sort_by_key(|r| r.date.value);
            let path = task.origin.path.clone();
            let old = match read_file(self.root, &path) {
                Ok(text) => text,
                Err(e) => {
                    self.file_error(new[0].row, e);
                    continue;
                }
            };
            let appended = yaml_edit::append_items(&old, "ledger", new.len(), |i, dash| {
                let pad = " ".repeat(dash);
                let row = new[i];
                format!(
                    "{pad}- date: {}\n{pad}  kind: {}\n{pad}  text: {}\n",
                    row.date.value,
                    row.kind.key(),
                    yaml_quote(&row.text.value)
                )
            });
            match appended {
                Ok(text) => changes.push(FileChange {
                    notes: new
                        .iter()
                        .map(|r| {
                            words!(
                                "import_note_ledger",
                                date = r.date.value.to_string(),
                                kind = Text::label(r.kind),
                                text = short(&r.text.value)
                            )
                        })
                        .collect(),
                    entries_added: new.len(),
                    path,
                    old: Some(old),
                    new: text,
                }),
                Err(e) => self.file_error(new[0].row, cannot_change(&path, e)),
            }
        }
        changes
    }

    /// The results of the sheet in the evaluation round `round`.
    pub fn results(&mut self, rows: &[ResultRow], round: Option<&str>) -> Vec<FileChange> {
        let site = self.site;
        let rounds = || {
            site.evaluations
                .keys()
                .cloned()
                .collect::<Vec<_>>()
                .join(", ")
        };
        let Some(round_id) = round else {
            self.file_error(0, words!("import_round_needed", rounds = rounds()));
            return Vec::new();
        };
        let Some(round) = site.evaluations.get(round_id) else {
            self.file_error(
                0,
                words!("import_round_unknown", round = round_id, rounds = rounds()),
            );
            return Vec::new();
        };
        let path = round.origin.path.clone();
        let mut text = match read_file(self.root, &path) {
            Ok(text) => text,
            Err(e) => {
                self.file_error(0, e);
                return Vec::new();
            }
        };
        let old = text.clone();
        let mut notes = Vec::new();
        let mut appended: Vec<&ResultRow> = Vec::new();
        let mut first_row: BTreeMap<&str, usize> = BTreeMap::new();
        for row in rows {
            let Some(task) = self.known_task(&row.task) else {
                continue;
            };
            let task = task.clone();
            self.check_scope(&row.task, &task);
            if let Some(earlier) = first_row.insert(&row.task.value, row.row) {
                let line = self.grid.first_row as usize + earlier + 1;
                self.error(
                    &row.task,
                    words!(
                        "import_task_twice",
                        id = &row.task.value,
                        line = line.to_string()
                    ),
                    Text::key("import_task_twice_help"),
                );
                continue;
            }
            if row.grade.value == Grade::Excellent {
                self.excellent_rule(&row.grade, &task);
            }
            let existing = round
                .results
                .iter()
                .position(|r| r.task.value == row.task.value);
            match existing {
                None => appended.push(row),
                Some(i) => {
                    let r = &round.results[i];
                    let same = r.votes == row.votes
                        && r.grade.value == row.grade.value
                        && (row.remarks.is_none()
                            || r.remarks.as_deref().map(str::trim) == row.remarks.as_deref());
                    if same {
                        self.unchanged += 1;
                    } else if !self.force {
                        let recorded = format!(
                            "{} {}/{}/{}",
                            r.grade.value.key(),
                            r.votes.satisfied,
                            r.votes.basically_satisfied,
                            r.votes.dissatisfied
                        );
                        self.error(
                            &row.grade,
                            words!(
                                "import_result_differs",
                                round = round_id,
                                id = &row.task.value,
                                recorded = recorded
                            ),
                            words!("import_force_result_help", path = &path),
                        );
                    } else {
                        let remarks = row.remarks.clone().or_else(|| r.remarks.clone());
                        match yaml_edit::replace_item(&text, "results", i, |dash| {
                            result_item(row, remarks.as_deref(), dash)
                        }) {
                            Ok(t) => {
                                text = t;
                                notes.push(words!(
                                    "import_note_result_changed",
                                    id = &row.task.value,
                                    grade = Text::label(row.grade.value)
                                ));
                            }
                            Err(e) => self.file_error(row.row, cannot_change(&path, e)),
                        }
                    }
                }
            }
        }
        if !appended.is_empty() {
            match yaml_edit::append_items(&text, "results", appended.len(), |i, dash| {
                result_item(appended[i], appended[i].remarks.as_deref(), dash)
            }) {
                Ok(t) => text = t,
                Err(e) => self.file_error(appended[0].row, cannot_change(&path, e)),
            }
            notes.extend(appended.iter().map(|r| {
                words!(
                    "import_note_result",
                    id = &r.task.value,
                    grade = Text::label(r.grade.value)
                )
            }));
        }
        if text == old {
            return Vec::new();
        }
        vec![FileChange {
            path,
            old: Some(old),
            new: text,
            notes,
            entries_added: 0,
        }]
    }

    fn excellent_rule(&mut self, grade: &At<Grade>, task: &Task) {
        let reason = if task.status.value != Status::Completed {
            Some(words!(
                "import_excellent_status",
                status = task.status.value.key()
            ))
        } else {
            task.targets.iter().find(|t| !t.is_met()).map(|t| {
                words!(
                    "import_excellent_target",
                    name = &t.name,
                    actual = plain_number(t.actual),
                    target = plain_number(t.target)
                )
            })
        };
        if let Some(reason) = reason {
            self.error(
                grade,
                words!("import_excellent", id = &task.id.value, reason = reason),
                Text::key("import_excellent_help"),
            );
        }
    }
}

/// "cannot change PATH: why", for a file the sheet's rows could not be written into.
pub(super) fn cannot_change(path: &str, reason: impl Into<Text>) -> Text {
    words!("import_cannot_change", path = path, reason = reason.into())
}

pub(super) fn short(text: &str) -> String {
    let line = text.trim().lines().next().unwrap_or("");
    let mut out: String = line.chars().take(40).collect();
    if out.chars().count() < text.trim().chars().count() {
        out.push('…');
    }
    out
}

fn result_item(row: &ResultRow, remarks: Option<&str>, dash: usize) -> String {
    let pad = " ".repeat(dash);
    let mut item = format!(
        "{pad}- task: {}\n{pad}  votes: {{satisfied: {}, basically_satisfied: {}, dissatisfied: {}}}\n{pad}  grade: {}\n",
        row.task.value,
        row.votes.satisfied,
        row.votes.basically_satisfied,
        row.votes.dissatisfied,
        row.grade.value.key()
    );
    if let Some(remarks) = remarks {
        item.push_str(&format!("{pad}  remarks: {}\n", yaml_quote(remarks.trim())));
    }
    item
}
