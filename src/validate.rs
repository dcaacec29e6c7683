//! Checks that need the whole site: references between files, the organisation tree, the
//! `excellent` rule, and the warnings that inspections care about (stale ledgers). Every
//! problem is collected; nothing here stops at the first.

use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::load::decode::suggest;
use crate::model::{Grade, Site, Stage, Status, days_between};
use crate::yaml::Pos;
use std::collections::{BTreeMap, BTreeSet};

/// A ledger not updated for this many days is stale: inspections deduct points for columns
/// not updated for two months.
pub const STALE_AFTER_DAYS: i64 = 60;

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

fn unknown_reference(
    kind: &str,
    value: &str,
    known: impl IntoIterator<Item = impl AsRef<str>>,
) -> String {
    let known: Vec<String> = known.into_iter().map(|k| k.as_ref().to_string()).collect();
    match suggest(value, known.iter().map(String::as_str)) {
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

fn check_tasks(site: &Site, out: &mut Diagnostics) {
    let evaluated: BTreeSet<&str> = site
        .evaluations
        .values()
        .flat_map(|r| r.results.iter().map(|res| res.task.value.as_str()))
        .collect();
    for task in site.tasks.values() {
        let path = task.origin.path.as_str();
        if !site.orgs.contains_key(&task.org.value) && !site.unreadable.has_org(&task.org.value) {
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
                out.push(Diagnostic::warning(
                    path,
                    done.pos,
                    format!(
                        "milestone `{}` is marked done on {}, after the data date {}",
                        milestone.title, done.value, site.as_of
                    ),
                ));
            }
        }
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
                    .with_help("check the date, or move `as_of` in content/site.yaml forward"),
                );
            }
            for attachment in &entry.attachments {
                check_attachment(site, path, &attachment.value, attachment.pos, out);
            }
        }
        if task.status.value == Status::InProgress {
            match task.last_updated() {
                Some(last) if days_between(last, site.as_of) > STALE_AFTER_DAYS => out.push(
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
                    .with_help(format!("add a ledger entry: inspections deduct points for ledgers not updated for {STALE_AFTER_DAYS} days")),
                ),
                None => out.push(
                    Diagnostic::warning(path, task.status.pos, format!("stale ledger: task `{}` is in progress but has no ledger entry", task.id.value))
                        .with_help("record progress under `ledger:` with a date and text"),
                ),
                _ => {}
            }
        }
        if task.stage == Stage::Evaluate
            && !evaluated.contains(task.id.value.as_str())
            && !site.unreadable.some_evaluation
        {
            out.push(
                Diagnostic::warning(path, task.stage_pos, format!("task `{}` is at stage `evaluate` but has no result in any evaluation round", task.id.value))
                    .with_help("add its result to a file in content/evaluations/, or set its stage back to `solve`"),
            );
        }
    }
}

fn check_attachment(site: &Site, path: &str, attachment: &str, pos: Pos, out: &mut Diagnostics) {
    let normalized = attachment.trim_start_matches("static/");
    let escapes = attachment.starts_with('/')
        || attachment.contains('\\')
        || attachment
            .split('/')
            .any(|part| part == ".." || part == ".");
    if escapes {
        out.push(Diagnostic::error(path, pos, format!("invalid attachment path `{attachment}`: it must be a relative path under content/static/ without `..`")));
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
        let mut seen: BTreeMap<&str, Pos> = BTreeMap::new();
        for result in &round.results {
            let Some(task) = site.tasks.get(&result.task.value) else {
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
            if let Some(first) = seen.get(result.task.value.as_str()) {
                out.push(
                    Diagnostic::error(
                        path,
                        result.task.pos,
                        format!("task `{}` has two results in this round", result.task.value),
                    )
                    .with_related(path, *first, "first result here"),
                );
            }
            seen.insert(&result.task.value, result.task.pos);
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
                                format_number(target.actual),
                                format_number(target.target)
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
            out.push(Diagnostic::warning(
                path,
                round.held.pos,
                format!(
                    "the evaluation conference is dated {}, after the data date {}",
                    round.held.value, site.as_of
                ),
            ));
        }
    }
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

/// Numbers as editors wrote them: no trailing `.0`.
pub fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}
