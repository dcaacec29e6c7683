//! A task ledger, `content/tasks/**/*.yaml` (SPEC §2.3): leader, the five steps' records,
//! targets, budget, milestones and the dated ledger; and the id a broken file still claims.

use super::super::decode::{Fields, FileContext, as_amount, as_string, check_id};
use super::syntax::parse_yaml;
use crate::diagnostics::{Diagnostics, Text};
use crate::model::*;
use crate::yaml::{Node, NodeKind, Pos};

const STAGES: &[(&str, Stage)] = &[
    ("identify", Stage::Identify),
    ("discuss", Stage::Discuss),
    ("decide", Stage::Decide),
    ("solve", Stage::Solve),
    ("evaluate", Stage::Evaluate),
];
const STATUSES: &[(&str, Status)] = &[
    ("not_started", Status::NotStarted),
    ("in_progress", Status::InProgress),
    ("completed", Status::Completed),
    ("suspended", Status::Suspended),
];
const ENTRY_KINDS: &[(&str, EntryKind)] = &[
    ("progress", EntryKind::Progress),
    ("inspection", EntryKind::Inspection),
    ("notification", EntryKind::Notification),
    ("interview", EntryKind::Interview),
];

/// The id a task file claims even when it cannot be parsed: its top-level `id:` line,
/// else the file stem (the default id).
pub fn claimed_task_id(stem: &str, text: &str) -> String {
    text.lines()
        .find_map(|line| {
            let value = line.strip_prefix("id:")?.split(" #").next()?.trim();
            let value = value.trim_matches(|c| c == '"' || c == '\'');
            (!value.is_empty()).then(|| value.to_string())
        })
        .unwrap_or_else(|| stem.to_string())
}

pub fn decode_task(path: &str, stem: &str, text: &str) -> (Option<Task>, Diagnostics) {
    let mut cx = FileContext::new(path);
    let task = parse_yaml(&mut cx, text).and_then(|node| {
        if matches!(node.kind, NodeKind::Null) {
            cx.error_with_help(
                node.pos,
                Text::key("task_file_empty"),
                Text::key("task_file_empty_help"),
            );
            return None;
        }
        task(&mut cx, &node, stem)
    });
    (task, cx.diagnostics)
}

fn task(cx: &mut FileContext, node: &Node, stem: &str) -> Option<Task> {
    const KNOWN: &[&str] = &[
        "id",
        "title",
        "org",
        "leader",
        "category",
        "year",
        "stage",
        "status",
        "start",
        "deadline",
        "origin",
        "discussion",
        "decision",
        "plan",
        "targets",
        "budget",
        "milestones",
        "ledger",
    ];
    let mut f = Fields::new(cx, node, "task", KNOWN)?;
    let id = match f.get("id") {
        Some(n) => as_string(cx, n, "id").map(|s| Located::new(s, n.pos)),
        None => Some(Located::new(stem.to_string(), Pos { line: 1, col: 1 })),
    };
    let title = f.required_string(cx, "title");
    let org = f.required_string(cx, "org");
    let leader = f.required(cx, "leader").and_then(|n| leader(cx, n));
    let category = f.string(cx, "category").filter(|c| !c.trim().is_empty());
    let year = f.get("year").and_then(|n| match n.kind {
        NodeKind::Int(y) if (1900..=2999).contains(&y) => Some(y as i32),
        _ => {
            cx.error(n.pos, Text::key("invalid_year"));
            None
        }
    });
    let stage = f.choice(cx, "stage", STAGES, true);
    let status = f.choice(cx, "status", STATUSES, true);
    let start = f.date(cx, "start");
    let deadline = f.date(cx, "deadline");
    let origin_step = f.get("origin").and_then(|n| task_origin(cx, n));
    let discussion = f.get("discussion").and_then(|n| discussion(cx, n));
    let decision = f.get("decision").and_then(|n| decision(cx, n));
    let plan = f.required_string(cx, "plan");
    let targets = f
        .list(cx, "targets")
        .iter()
        .filter_map(|n| target(cx, n))
        .collect();
    let budget = f.get("budget").and_then(|n| budget(cx, n));
    let milestones = f
        .list(cx, "milestones")
        .iter()
        .filter_map(|n| milestone(cx, n))
        .collect();
    let ledger = f
        .list(cx, "ledger")
        .iter()
        .filter_map(|n| ledger_entry(cx, n))
        .collect();
    let pos = f.pos();
    f.finish(cx);
    let id = id?;
    if !check_id(cx, &id, "task id", true) {
        return None;
    }
    Some(Task {
        origin: Origin {
            path: cx.path.to_string(),
            pos,
        },
        id,
        title: title?.value,
        org: org?,
        leader: leader?,
        category,
        year,
        stage_pos: stage.as_ref().map(|s| s.pos).unwrap_or(pos),
        stage: stage?.value,
        status: status?,
        start,
        deadline,
        origin_step,
        discussion,
        decision,
        plan: plan?.value,
        targets,
        budget,
        milestones,
        ledger,
    })
}

fn leader(cx: &mut FileContext, node: &Node) -> Option<Leader> {
    let mut f = Fields::new(cx, node, "leader", &["name", "role"])?;
    let name = f.required_string(cx, "name");
    let role = f.string(cx, "role");
    f.finish(cx);
    Some(Leader {
        name: name?.value,
        role,
    })
}

fn task_origin(cx: &mut FileContext, node: &Node) -> Option<TaskOrigin> {
    let mut f = Fields::new(cx, node, "origin (step 1)", &["method", "date", "summary"])?;
    let origin = TaskOrigin {
        method: f.string(cx, "method"),
        date: f.date(cx, "date"),
        summary: f.string(cx, "summary"),
    };
    f.finish(cx);
    Some(origin)
}

fn discussion(cx: &mut FileContext, node: &Node) -> Option<Discussion> {
    let mut f = Fields::new(
        cx,
        node,
        "discussion (step 2)",
        &["meetings", "opinions", "summary"],
    )?;
    let discussion = Discussion {
        meetings: f.count(cx, "meetings"),
        opinions: f.count(cx, "opinions"),
        summary: f.string(cx, "summary"),
    };
    f.finish(cx);
    Some(discussion)
}

fn decision(cx: &mut FileContext, node: &Node) -> Option<Decision> {
    let mut f = Fields::new(cx, node, "decision (step 3)", &["date", "body", "votes"])?;
    let date = f.date(cx, "date");
    let body = f.string(cx, "body");
    let votes = f.get("votes").and_then(|n| {
        let mut v = Fields::new(cx, n, "vote count", &["for", "against", "abstain"])?;
        let votes = DecisionVotes {
            in_favour: v.count(cx, "for").unwrap_or(0),
            against: v.count(cx, "against").unwrap_or(0),
            abstain: v.count(cx, "abstain").unwrap_or(0),
        };
        v.finish(cx);
        Some(votes)
    });
    f.finish(cx);
    Some(Decision { date, body, votes })
}

fn target(cx: &mut FileContext, node: &Node) -> Option<Target> {
    let mut f = Fields::new(cx, node, "target", &["name", "unit", "target", "actual"])?;
    let name = f.required_string(cx, "name");
    let unit = f.string(cx, "unit");
    let target = f
        .required(cx, "target")
        .and_then(|n| as_amount(cx, n, "target"));
    let actual = f.get("actual").map(|n| as_amount(cx, n, "actual"));
    // A target with a stray field (`target: 1,320` in braces reads as `target: 1` and a
    // field `320`) is not judged further: its numbers are not what was meant.
    if !f.finish(cx) {
        return None;
    }
    Some(Target {
        name: name?.value,
        unit,
        target: target?,
        actual: actual.unwrap_or(Some(0.0))?,
        pos: node.pos,
    })
}

fn budget(cx: &mut FileContext, node: &Node) -> Option<Budget> {
    let mut f = Fields::new(cx, node, "budget", &["planned", "spent"])?;
    let planned = f
        .required(cx, "planned")
        .and_then(|n| as_amount(cx, n, "planned"));
    let spent = f.get("spent").map(|n| as_amount(cx, n, "spent"));
    f.finish(cx);
    Some(Budget {
        planned: planned?,
        spent: spent.unwrap_or(Some(0.0))?,
    })
}

fn milestone(cx: &mut FileContext, node: &Node) -> Option<Milestone> {
    let mut f = Fields::new(cx, node, "milestone", &["title", "due", "done"])?;
    let title = f.required_string(cx, "title");
    let due = f.required_date(cx, "due");
    let done = f.date(cx, "done");
    f.finish(cx);
    Some(Milestone {
        title: title?.value,
        due: due?,
        done,
    })
}

fn ledger_entry(cx: &mut FileContext, node: &Node) -> Option<LedgerEntry> {
    let mut f = Fields::new(
        cx,
        node,
        "ledger entry",
        &["date", "kind", "text", "attachments"],
    )?;
    let date = f.required_date(cx, "date");
    let kind = f
        .choice(cx, "kind", ENTRY_KINDS, false)
        .map(|k| k.value)
        .unwrap_or(EntryKind::Progress);
    let text = f.required_string(cx, "text");
    let attachments = f
        .list(cx, "attachments")
        .iter()
        .filter_map(|n| as_string(cx, n, "attachments").map(|s| Located::new(s, n.pos)))
        .collect();
    f.finish(cx);
    Some(LedgerEntry {
        date: date?,
        kind,
        text: text?.value,
        attachments,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_task_file_still_claims_its_id() {
        for (stem, text, id) in [
            (
                "stem",
                "id: 2022-xidong-01\ntitle: [broken\n",
                "2022-xidong-01",
            ),
            ("stem", "title: x\nid: \"quoted-id\" # note\n", "quoted-id"),
            ("stem", "title: [broken\n", "stem"),
            ("stem", "  id: nested-not-top-level\n", "stem"),
            ("stem", "id:\n", "stem"),
        ] {
            assert_eq!(claimed_task_id(stem, text), id, "{text:?}");
        }
    }
}
