//! Checks that need the whole site: references between files, the organisation tree, the
//! `excellent` rule, and the warnings that inspections care about (stale ledgers). Every
//! problem is collected; nothing here stops at the first.

use crate::diagnostics::{Diagnostic, Diagnostics, suggest};
use crate::model::{
    EvaluationResult, Grade, LedgerEntry, STALE_AFTER_DAYS, Site, Stage, Staleness, Status, Task,
    days_between, plain_number,
};
use crate::yaml::Pos;
use jiff::civil::Date;
use rayon::prelude::*;
use std::collections::BTreeSet;

pub mod privacy;

/// Output folders that free pages cannot take as their slug.
pub const RESERVED_SLUGS: &[&str] = &[
    "tasks",
    "orgs",
    "categories",
    "evaluations",
    "notices",
    "data",
    "search",
    "changes",
    "publications",
    "pagefind",
    "assets",
    "404",
];

pub fn validate(site: &Site) -> Diagnostics {
    let mut out = Diagnostics::default();
    check_orgs(site, &mut out);
    check_tasks(site, &mut out);
    check_evaluations(site, &mut out);
    check_documents(site, &mut out);
    out
}

/// "unknown org `x`", with the nearest known id when one is close. `known` is walked in
/// order, so that of two equally near ids the same one is named every time.
fn unknown_reference<'k>(
    kind: &str,
    value: &str,
    known: impl IntoIterator<Item = &'k String>,
) -> String {
    match suggest(value, known.into_iter().map(String::as_str)) {
        Some(best) => format!("unknown {kind} `{value}` (did you mean `{best}`?)"),
        None => format!("unknown {kind} `{value}`"),
    }
}

fn check_orgs(site: &Site, out: &mut Diagnostics) {
    for org in site.orgs_in_order() {
        let Some(parent) = &org.parent else { continue };
        if !site.orgs.contains_key(&parent.value) && !site.unreadable.has_org(&parent.value) {
            out.push(
                Diagnostic::error(
                    &org.origin.path,
                    parent.pos,
                    unknown_reference("parent org", &parent.value, site.orgs.keys()),
                )
                .with_help("`parent` must be the id of another organisation in orgs.yaml"),
            );
        } else if parent.value == org.id {
            out.push(Diagnostic::error(
                &org.origin.path,
                parent.pos,
                format!("org `{}` names itself as its parent", org.id),
            ));
        }
    }
    // A cycle is reported once, at the org of the cycle written first in the file.
    let mut reported: BTreeSet<String> = BTreeSet::new();
    for org in site.orgs_in_order() {
        let mut chain = vec![org.id.clone()];
        let mut current = org;
        while let Some(parent) = current
            .parent
            .as_ref()
            .and_then(|p| site.orgs.get(&p.value))
        {
            if parent.id == org.id {
                if parent.id
                    != org
                        .parent
                        .as_ref()
                        .map(|p| p.value.clone())
                        .unwrap_or_default()
                    && !chain.iter().any(|id| reported.contains(id))
                {
                    chain.push(org.id.clone());
                    let pos = org.parent.as_ref().map(|p| p.pos).unwrap_or(org.origin.pos);
                    out.push(
                        Diagnostic::error(&org.origin.path, pos, format!("org parent cycle: {}", chain.join(" → ")))
                            .with_help("an organisation cannot be its own ancestor: fix one `parent` in the cycle"),
                    );
                    reported.extend(chain.iter().cloned());
                }
                break;
            }
            if chain.contains(&parent.id) || chain.len() > site.orgs.len() {
                break;
            }
            chain.push(parent.id.clone());
            current = parent;
        }
    }
}

/// Tasks per parallel batch: enough to outweigh scheduling, few enough to share the work.
const TASKS_PER_BATCH: usize = 256;

fn check_tasks(site: &Site, out: &mut Diagnostics) {
    // Ids with a result in some round, sorted for binary search.
    let mut evaluated: Vec<&str> = site
        .evaluations
        .values()
        .flat_map(|r| r.results.iter().map(|res| res.task.value.as_str()))
        .collect();
    evaluated.sort_unstable();
    evaluated.dedup();
    let context = TaskChecks {
        site,
        evaluated,
        staleness: Staleness::on(site.as_of),
    };
    // Tasks are checked in parallel batches; the batches' findings are joined in task order.
    let tasks: Vec<&Task> = site.tasks.values().map(|t| &**t).collect();
    let found: Vec<Diagnostics> = tasks
        .par_chunks(TASKS_PER_BATCH)
        .map(|batch| {
            let mut found = Diagnostics::default();
            let mut orgs = KnownOrgs::default();
            fetch_ahead(batch);
            for task in batch {
                context.check(task, &mut orgs, &mut found);
            }
            found
        })
        .collect();
    for found in found {
        out.extend(found);
    }
}

/// Reads a little of what checking each of `tasks` reads first: the task, its org id, its
/// first milestone and a few ledger entries. Ten thousand tasks lie scattered over the heap,
/// and waiting for each piece in turn was most of what validation cost; asked for together,
/// in a loop that does nothing else, many are fetched at once.
fn fetch_ahead(tasks: &[&Task]) {
    let mut sum = 0usize;
    for task in tasks {
        sum = sum
            .wrapping_add(task.org.value.len())
            .wrapping_add(task.milestones.len())
            .wrapping_add(task.ledger.len());
    }
    for task in tasks {
        let ledger = &task.ledger;
        let line =
            |entry: Option<&LedgerEntry>| entry.map_or(0, |entry| entry.date.pos.line as usize);
        sum = sum
            .wrapping_add(usize::from(
                task.org.value.as_bytes().first().copied().unwrap_or(0),
            ))
            .wrapping_add(
                task.milestones
                    .first()
                    .map_or(0, |m| m.due.pos.line as usize),
            )
            .wrapping_add(line(ledger.first()))
            .wrapping_add(line(ledger.get(ledger.len() / 2)))
            .wrapping_add(line(ledger.last()));
    }
    // Keeps the reads from being optimised away.
    std::hint::black_box(sum);
}

/// What every task's checks share.
struct TaskChecks<'a> {
    site: &'a Site,
    evaluated: Vec<&'a str>,
    staleness: Staleness,
}

/// Whether an org id can be referred to, remembered for the last id asked: tasks come in id
/// order, and neighbouring tasks nearly always belong to the same org.
#[derive(Default)]
struct KnownOrgs<'a> {
    last: Option<(&'a str, bool)>,
}

impl<'a> KnownOrgs<'a> {
    fn is_known(&mut self, site: &Site, id: &'a str) -> bool {
        if let Some((last, known)) = self.last
            && last == id
        {
            return known;
        }
        let known = site.orgs.contains_key(id) || site.unreadable.has_org(id);
        self.last = Some((id, known));
        known
    }
}

impl<'a> TaskChecks<'a> {
    fn check(&self, task: &'a Task, orgs: &mut KnownOrgs<'a>, out: &mut Diagnostics) {
        let site = self.site;
        let path = task.origin.path.as_str();
        if !orgs.is_known(site, &task.org.value) {
            out.push(
                Diagnostic::error(
                    path,
                    task.org.pos,
                    unknown_reference("org", &task.org.value, site.orgs.keys()),
                )
                .with_help("`org` must be an id from content/orgs.yaml"),
            );
        }
        if let (Some(start), Some(deadline)) = (&task.start, &task.deadline)
            && deadline.value < start.value
        {
            out.push(Diagnostic::error(
                path,
                deadline.pos,
                format!(
                    "deadline {} is before start {}",
                    deadline.value, start.value
                ),
            ));
        }
        for milestone in &task.milestones {
            if let Some(done) = &milestone.done
                && done.value > site.as_of
            {
                out.push(
                    Diagnostic::warning(
                        path,
                        done.pos,
                        format!(
                            "milestone `{}` is marked done on {}, after the data date {}",
                            milestone.title, done.value, site.as_of
                        ),
                    )
                    .with_kind("milestone done after the data date"),
                );
            }
        }
        // The newest ledger date (`Task::last_updated`), found on the same pass.
        let mut last_updated: Option<Date> = None;
        for entry in &task.ledger {
            if entry.date.value > site.as_of {
                out.push(
                    Diagnostic::warning(
                        path,
                        entry.date.pos,
                        format!(
                            "ledger entry dated {} is after the data date (as_of) {}",
                            entry.date.value, site.as_of
                        ),
                    )
                    .with_help("check the date, or move `as_of` in content/site.yaml forward")
                    .with_kind("ledger entry after the data date"),
                );
            }
            for attachment in &entry.attachments {
                check_attachment(site, path, &attachment.value, attachment.pos, out);
            }
            last_updated = last_updated.max(Some(entry.date.value));
        }
        if task.status.value == Status::InProgress {
            match last_updated {
                Some(last) if self.staleness.is_stale_since(last) => out.push(
                    Diagnostic::warning(
                        path,
                        task.status.pos,
                        format!(
                            "stale ledger: task `{}` is in progress but its newest entry ({last}) is {} days before {}",
                            task.id.value,
                            days_between(last, site.as_of),
                            site.as_of
                        ),
                    )
                    .with_help(format!("add a ledger entry: inspections deduct points for ledgers not updated for {STALE_AFTER_DAYS} days"))
                    .with_kind("stale ledger"),
                ),
                None => out.push(
                    Diagnostic::warning(path, task.status.pos, format!("stale ledger: task `{}` is in progress but has no ledger entry", task.id.value))
                        .with_help("record progress under `ledger:` with a date and text")
                        .with_kind("stale ledger"),
                ),
                _ => {}
            }
        }
        if task.stage == Stage::Evaluate
            && !site.unreadable.some_evaluation
            && self
                .evaluated
                .binary_search(&task.id.value.as_str())
                .is_err()
        {
            out.push(
                Diagnostic::warning(path, task.stage_pos, format!("task `{}` is at stage `evaluate` but has no result in any evaluation round", task.id.value))
                    .with_help("add its result to a file in content/evaluations/, or set its stage back to `solve`")
                    .with_kind("no evaluation result"),
            );
        }
    }
}

fn check_attachment(site: &Site, path: &str, attachment: &str, pos: Pos, out: &mut Diagnostics) {
    // `trim_start_matches("static/")`, without building a substring searcher for each path.
    let mut normalized = attachment;
    while let Some(rest) = normalized.strip_prefix("static/") {
        normalized = rest;
    }
    let escapes = attachment.starts_with('/')
        || attachment.contains('\\')
        || attachment
            .split('/')
            .any(|part| part == ".." || part == ".");
    if escapes {
        out.push(Diagnostic::error(path, pos, format!("invalid attachment path `{attachment}`: it must be a relative path under content/static/ without `..`")));
        return;
    }
    // The link itself, or a folder link the path goes through (`photos` for `photos/a.jpg`).
    let is_link = site.unreadable.static_links.contains(normalized);
    let in_linked_folder = site.unreadable.static_links.iter().any(|link| {
        normalized
            .strip_prefix(link.as_str())
            .is_some_and(|rest| rest.starts_with('/'))
    });
    if is_link || in_linked_folder {
        let (what, help) = if is_link {
            (
                "is a symbolic link (a shortcut)",
                "copy the file itself into content/static/ in place of the link",
            )
        } else {
            (
                "lies in a folder that is a symbolic link (a shortcut)",
                "copy the folder itself into content/static/ in place of the link",
            )
        };
        out.push(
            Diagnostic::error(
                path,
                pos,
                format!("attachment `{attachment}` {what} under content/static/; links are not published"),
            )
            .with_help(help),
        );
        return;
    }
    if !site.static_files.contains(normalized) {
        let name = normalized.rsplit('/').next().unwrap_or(normalized);
        let near = site
            .static_files
            .iter()
            .find(|f| f.rsplit('/').next() == Some(name))
            .cloned()
            .or_else(|| {
                suggest(normalized, site.static_files.iter().map(String::as_str))
                    .map(str::to_string)
            });
        let message = match near {
            Some(near) => format!(
                "unknown attachment `{attachment}`: no such file under content/static/ (did you mean `{near}`?)"
            ),
            None => {
                format!("unknown attachment `{attachment}`: no such file under content/static/")
            }
        };
        out.push(Diagnostic::error(path, pos, message).with_help(
            "put the file under content/static/ and write its path relative to that folder",
        ));
    }
}

fn check_evaluations(site: &Site, out: &mut Diagnostics) {
    for round in site.evaluations.values() {
        let path = round.origin.path.as_str();
        let tasks: Vec<Option<&Task>> = round
            .results
            .par_iter()
            .map(|result| site.tasks.get(&result.task.value).map(|t| &**t))
            .collect();
        let previous = previous_results(&round.results);
        for ((result, task), previous) in round.results.iter().zip(tasks).zip(previous) {
            let Some(task) = task else {
                if site.unreadable.has_task(&result.task.value) {
                    continue;
                }
                out.push(
                    Diagnostic::error(
                        path,
                        result.task.pos,
                        unknown_reference("task", &result.task.value, site.tasks.keys()),
                    )
                    .with_help("`task` must be the id of a task ledger under content/tasks/"),
                );
                continue;
            };
            if let Some(first) = previous {
                out.push(
                    Diagnostic::error(
                        path,
                        result.task.pos,
                        format!("task `{}` has two results in this round", result.task.value),
                    )
                    .with_related(path, first, "first result here"),
                );
            }
            if result.grade.value == Grade::Excellent {
                let rule = "a task that is not completed, or whose results are not evident, cannot be graded `excellent`";
                if task.status.value != Status::Completed {
                    out.push(
                        Diagnostic::error(
                            path,
                            result.grade.pos,
                            format!(
                                "grade `excellent` for task `{}` whose status is `{}`: {rule}",
                                task.id.value,
                                task.status.value.key()
                            ),
                        )
                        .with_help(format!(
                            "grade it `good` or lower, or correct the status in {}",
                            task.origin.path
                        )),
                    );
                } else if let Some(target) = task.targets.iter().find(|t| !t.is_met()) {
                    out.push(
                        Diagnostic::error(
                            path,
                            result.grade.pos,
                            format!(
                                "grade `excellent` for task `{}` whose target `{}` is not met ({} of {}): {rule}",
                                task.id.value,
                                target.name,
                                plain_number(target.actual),
                                plain_number(target.target)
                            ),
                        )
                        .with_related(&task.origin.path, target.pos, "the target")
                        .with_help(format!(
                            "grade it `good` or lower; if the target was in fact met, correct `actual` in {}",
                            task.origin.path
                        )),
                    );
                }
            }
        }
        if round.held.value > site.as_of {
            out.push(
                Diagnostic::warning(
                    path,
                    round.held.pos,
                    format!(
                        "the evaluation conference is dated {}, after the data date {}",
                        round.held.value, site.as_of
                    ),
                )
                .with_kind("evaluation after the data date"),
            );
        }
    }
}

/// For each result of a round, where the nearest earlier result for the same task is written.
fn previous_results(results: &[EvaluationResult]) -> Vec<Option<Pos>> {
    let mut order: Vec<usize> = (0..results.len()).collect();
    // Stable: the results for one task stay in the order written.
    order.sort_by(|&a, &b| results[a].task.value.cmp(&results[b].task.value));
    let mut previous = vec![None; results.len()];
    for pair in order.windows(2) {
        let (earlier, later) = (&results[pair[0]], pair[1]);
        if earlier.task.value == results[later].task.value {
            previous[later] = Some(earlier.task.pos);
        }
    }
    previous
}

fn check_documents(site: &Site, out: &mut Diagnostics) {
    for doc in site.notices.values().chain(site.pages.values()) {
        for task in &doc.tasks {
            if !site.tasks.contains_key(&task.value) && !site.unreadable.has_task(&task.value) {
                out.push(
                    Diagnostic::error(
                        &doc.origin.path,
                        task.pos,
                        unknown_reference("task", &task.value, site.tasks.keys()),
                    )
                    .with_help("`tasks` lists ids of task ledgers under content/tasks/"),
                );
            }
        }
    }
    for page in site.pages.values() {
        if RESERVED_SLUGS.contains(&page.slug.as_str()) {
            out.push(
                Diagnostic::error(
                    &page.origin.path,
                    page.origin.pos,
                    format!(
                        "the page name `{}` is taken by a built-in section of the site",
                        page.slug
                    ),
                )
                .with_help("rename the file, e.g. to about-tasks.md"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Located, SatisfactionVotes};

    #[test]
    fn a_repeated_result_names_the_one_before_it() {
        let result = |task: &str, line: u32| EvaluationResult {
            task: Located::new(task.to_string(), Pos { line, col: 9 }),
            votes: SatisfactionVotes::default(),
            grade: Located::new(Grade::Good, Pos { line, col: 1 }),
            remarks: None,
        };
        let results = [
            result("a", 1),
            result("b", 2),
            result("a", 3),
            result("c", 4),
            result("a", 5),
        ];
        let pos = |line| Some(Pos { line, col: 9 });
        assert_eq!(
            previous_results(&results),
            [None, None, pos(1), None, pos(3)]
        );
    }
}
