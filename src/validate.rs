//! Checks that need the whole site: references between files, the organisation tree, the
//! `excellent` rule, and the warnings that inspections care about (stale ledgers). Every
//! problem is collected; nothing here stops at the first.

use crate::diagnostics::{Diagnostic, Diagnostics, Text, suggest};
use crate::model::{
    EvaluationResult, Grade, LedgerEntry, STALE_AFTER_DAYS, Site, Stage, Staleness, Status, Task,
    days_between, plain_number,
};
use crate::words;
use crate::yaml::Pos;
use jiff::civil::Date;
use rayon::prelude::*;
use std::collections::BTreeSet;

mod memo;
pub mod privacy;
pub mod unfinished;

/// What the checks of the files' text (placeholders, personal numbers) found in each file,
/// kept by `serve` from one check to the next (see [`memo`]).
#[derive(Default)]
pub struct TextMemos {
    pub(crate) placeholders: memo::FileMemo<Diagnostics>,
    pub(crate) personal: memo::FileMemo<Vec<privacy::Reported>>,
}

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
    kind: &'static str,
    value: &str,
    known: impl IntoIterator<Item = &'k String>,
) -> Text {
    match suggest(value, known.into_iter().map(String::as_str)) {
        Some(best) => words!(
            "unknown_reference_near",
            kind = Text::key(kind),
            value = value,
            best = best
        ),
        None => words!("unknown_reference", kind = Text::key(kind), value = value),
    }
}

/// "unknown org", or, when the editor wrote an org's name (`org: 西洞镇`), the id to write.
fn unknown_org(site: &Site, kind: &'static str, value: &str) -> Text {
    let named = site
        .orgs_in_order()
        .into_iter()
        .find(|org| org.name.trim() == value.trim());
    match named {
        Some(org) => words!(
            "org_name_not_id",
            value = value,
            id = &org.id,
            name = &org.name
        ),
        None => unknown_reference(kind, value, site.orgs.keys()),
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
                    unknown_org(site, "parent org", &parent.value),
                )
                .with_help(Text::key("unknown_parent_help")),
            );
        } else if parent.value == org.id {
            out.push(Diagnostic::error(
                &org.origin.path,
                parent.pos,
                words!("org_own_parent", org = &org.id),
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
                        Diagnostic::error(
                            &org.origin.path,
                            pos,
                            words!("org_cycle", chain = chain.join(" → ")),
                        )
                        .with_help(Text::key("org_cycle_help")),
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
                    unknown_org(site, "org", &task.org.value),
                )
                .with_help(Text::key("unknown_org_help")),
            );
        }
        if let (Some(start), Some(deadline)) = (&task.start, &task.deadline)
            && deadline.value < start.value
        {
            out.push(Diagnostic::error(
                path,
                deadline.pos,
                words!(
                    "deadline_before_start",
                    deadline = deadline.value.to_string(),
                    start = start.value.to_string()
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
                        words!(
                            "milestone_after_as_of",
                            title = &milestone.title,
                            done = done.value.to_string(),
                            as_of = site.as_of.to_string()
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
                        words!(
                            "entry_after_as_of",
                            date = entry.date.value.to_string(),
                            as_of = site.as_of.to_string()
                        ),
                    )
                    .with_help(Text::key("after_as_of_help"))
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
                        words!(
                            "stale_ledger",
                            task = &task.id.value,
                            last = last.to_string(),
                            days = days_between(last, site.as_of).to_string(),
                            as_of = site.as_of.to_string()
                        ),
                    )
                    .with_help(words!(
                        "stale_ledger_help",
                        days = STALE_AFTER_DAYS.to_string()
                    ))
                    .with_kind("stale ledger"),
                ),
                None => out.push(
                    Diagnostic::warning(
                        path,
                        task.status.pos,
                        words!("stale_ledger_empty", task = &task.id.value),
                    )
                    .with_help(Text::key("stale_ledger_empty_help"))
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
                Diagnostic::warning(
                    path,
                    task.stage_pos,
                    words!("no_evaluation_result", task = &task.id.value),
                )
                .with_help(Text::key("no_evaluation_result_help"))
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
    // Written in double quotes, `"photos\new.jpg"`: YAML read the backslash as an escape.
    if let Some(written) = crate::load::escaped_path(attachment) {
        out.push(
            Diagnostic::error(path, pos, words!("backslash_path", path = &written)).with_help(
                words!("backslash_path_help", fixed = written.replace('\\', "/")),
            ),
        );
        return;
    }
    if let Some(index) = attachment.find('\\') {
        let at = Pos {
            line: pos.line,
            col: pos.col + attachment[..index].chars().count() as u32,
        };
        out.push(
            Diagnostic::error(path, at, words!("backslash_path", path = attachment)).with_help(
                words!("backslash_path_help", fixed = attachment.replace('\\', "/")),
            ),
        );
        return;
    }
    let escapes = attachment.starts_with('/')
        || attachment
            .split('/')
            .any(|part| part == ".." || part == ".");
    if escapes {
        out.push(Diagnostic::error(
            path,
            pos,
            words!("attachment_escapes", path = attachment),
        ));
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
        let (message, help) = if is_link {
            ("attachment_is_link", "attachment_is_link_help")
        } else {
            (
                "attachment_in_linked_folder",
                "attachment_in_linked_folder_help",
            )
        };
        out.push(
            Diagnostic::error(
                path,
                pos,
                Text::Row(message, vec![("path", Text::from(attachment))]),
            )
            .with_help(Text::key(help)),
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
            Some(near) => words!("unknown_attachment_near", path = attachment, near = near),
            None => words!("unknown_attachment", path = attachment),
        };
        out.push(
            Diagnostic::error(path, pos, message).with_help(Text::key("unknown_attachment_help")),
        );
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
                    .with_help(Text::key("unknown_task_help")),
                );
                continue;
            };
            if let Some(first) = previous {
                out.push(
                    Diagnostic::error(
                        path,
                        result.task.pos,
                        words!("two_results", task = &result.task.value),
                    )
                    .with_related(path, first, Text::key("first_result_here")),
                );
            }
            if result.grade.value == Grade::Excellent {
                if task.status.value != Status::Completed {
                    out.push(
                        Diagnostic::error(
                            path,
                            result.grade.pos,
                            words!(
                                "excellent_not_completed",
                                task = &task.id.value,
                                status = task.status.value.key(),
                                rule = Text::key("excellent_rule")
                            ),
                        )
                        .with_help(words!(
                            "excellent_not_completed_help",
                            path = &task.origin.path
                        )),
                    );
                } else if let Some(target) = task.targets.iter().find(|t| !t.is_met()) {
                    out.push(
                        Diagnostic::error(
                            path,
                            result.grade.pos,
                            words!(
                                "excellent_target_unmet",
                                task = &task.id.value,
                                target = &target.name,
                                actual = plain_number(target.actual),
                                of = plain_number(target.target),
                                rule = Text::key("excellent_rule")
                            ),
                        )
                        .with_related(&task.origin.path, target.pos, Text::key("the_target"))
                        .with_help(words!(
                            "excellent_target_unmet_help",
                            path = &task.origin.path
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
                    words!(
                        "evaluation_after_as_of",
                        held = round.held.value.to_string(),
                        as_of = site.as_of.to_string()
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
                    .with_help(Text::key("unknown_notice_task_help")),
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
                    words!("reserved_page_name", slug = &page.slug),
                )
                .with_help(Text::key("reserved_page_name_help")),
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
