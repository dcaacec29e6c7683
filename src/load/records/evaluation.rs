//! An evaluation round, `content/evaluations/*.yaml` (SPEC §2.4): the conference, its
//! publicity period and each task's votes and grade.

use super::super::decode::{Fields, FileContext, as_string, check_id};
use super::syntax::parse_yaml;
use crate::diagnostics::Diagnostics;
use crate::model::*;
use crate::words;
use crate::yaml::{Node, Pos};

const GRADES: &[(&str, Grade)] = &[
    ("excellent", Grade::Excellent),
    ("good", Grade::Good),
    ("fair", Grade::Fair),
    ("poor", Grade::Poor),
];

pub fn decode_evaluation(
    path: &str,
    stem: &str,
    text: &str,
) -> (Option<EvaluationRound>, Diagnostics) {
    let mut cx = FileContext::new(path);
    let round = parse_yaml(&mut cx, text).and_then(|node| evaluation(&mut cx, &node, stem));
    (round, cx.diagnostics)
}

fn evaluation(cx: &mut FileContext, node: &Node, stem: &str) -> Option<EvaluationRound> {
    const KNOWN: &[&str] = &["id", "title", "held", "body", "publicity", "results"];
    let mut f = Fields::new(cx, node, "evaluation round", KNOWN)?;
    let id = match f.get("id") {
        Some(n) => as_string(cx, n, "id").map(|s| Located::new(s, n.pos)),
        None => Some(Located::new(stem.to_string(), Pos { line: 1, col: 1 })),
    };
    let title = f.required_string(cx, "title");
    let held = f.required_date(cx, "held");
    let body = f.string(cx, "body");
    let publicity = f.get("publicity").and_then(|n| period(cx, n));
    let results = f
        .list(cx, "results")
        .iter()
        .filter_map(|n| evaluation_result(cx, n))
        .collect();
    let pos = f.pos();
    f.finish(cx);
    let id = id?;
    if !check_id(cx, &id, "evaluation round id", true) {
        return None;
    }
    Some(EvaluationRound {
        origin: Origin {
            path: cx.path.to_string(),
            pos,
        },
        id,
        title: title?.value,
        held: held?,
        body,
        publicity,
        results,
    })
}

pub(super) fn period(cx: &mut FileContext, node: &Node) -> Option<Located<Period>> {
    let mut f = Fields::new(cx, node, "publicity period", &["from", "to"])?;
    let from = f.required_date(cx, "from");
    let to = f.required_date(cx, "to");
    f.finish(cx);
    let (from, to) = (from?, to?);
    if to.value < from.value {
        cx.error(
            to.pos,
            words!(
                "period_ends_before_start",
                to = to.value.to_string(),
                from = from.value.to_string()
            ),
        );
        return None;
    }
    Some(Located::new(
        Period {
            from: from.value,
            to: to.value,
        },
        node.pos,
    ))
}

fn evaluation_result(cx: &mut FileContext, node: &Node) -> Option<EvaluationResult> {
    let mut f = Fields::new(
        cx,
        node,
        "evaluation result",
        &["task", "votes", "grade", "remarks"],
    )?;
    let task = f.required_string(cx, "task");
    let votes = f.required(cx, "votes").and_then(|n| {
        let mut v = Fields::new(
            cx,
            n,
            "vote count",
            &["satisfied", "basically_satisfied", "dissatisfied"],
        )?;
        let votes = SatisfactionVotes {
            satisfied: v.count(cx, "satisfied").unwrap_or(0),
            basically_satisfied: v.count(cx, "basically_satisfied").unwrap_or(0),
            dissatisfied: v.count(cx, "dissatisfied").unwrap_or(0),
        };
        v.finish(cx);
        Some(votes)
    });
    let grade = f.choice(cx, "grade", GRADES, true);
    let remarks = f.string(cx, "remarks");
    f.finish(cx);
    Some(EvaluationResult {
        task: task?,
        votes: votes?,
        grade: grade?,
        remarks,
    })
}
