//! What a publication records: every task, evaluation round and notice as the site publishes
//! it, each as its canonical JSON text (sorted keys, one field a line), so that the same data
//! always gives the same bytes, git diffs stay readable, and two publications are compared
//! record by record as text.

use crate::model::{Document, EvaluationRound, Located, Period, Site, Task};
use jiff::civil::Date;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// The data of a site at one moment, as a publication holds it: each record (task, round,
/// notice) by id, as its canonical JSON text. Records are compared as text, and only those
/// that differ are ever parsed, so reading and comparing a large publication stays cheap.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Snapshot {
    pub as_of: String,
    pub tasks: BTreeMap<String, String>,
    pub evaluations: BTreeMap<String, String>,
    pub notices: BTreeMap<String, String>,
}

/// The canonical text of one record as it stands in a publication (two levels deep: its
/// inner lines indented by four more spaces), without a final newline.
pub fn record_text(value: &Value) -> String {
    let mut text = String::new();
    write_value(value, 2, &mut text);
    text
}

/// A record's text read back as JSON (`null` if it is not JSON: a file the chain check
/// has already refused).
pub fn parse_record(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or(Value::Null)
}

impl Snapshot {
    /// The site as published: notices marked `draft` are not part of it.
    pub fn of_site(site: &Site) -> Snapshot {
        use rayon::prelude::*;
        let tasks: Vec<(String, String)> = site
            .tasks
            .par_iter()
            .map(|(id, task)| (id.clone(), record_text(&task_value(task))))
            .collect();
        Snapshot {
            as_of: site.as_of.to_string(),
            tasks: tasks.into_iter().collect(),
            evaluations: site
                .evaluations
                .iter()
                .map(|(id, round)| (id.clone(), record_text(&round_value(round))))
                .collect(),
            notices: site
                .notices
                .iter()
                .filter(|(_, notice)| !notice.draft)
                .map(|(slug, notice)| (slug.clone(), record_text(&notice_value(notice))))
                .collect(),
        }
    }

    /// Reads the data of a publication from its canonical text, without parsing the JSON
    /// tree: top-level fields are the lines indented by two spaces, records by four (a JSON
    /// string never holds a raw line break), and each record is one slice of the text.
    /// Fields it lacks are empty.
    pub fn from_text(text: &str) -> Snapshot {
        let text: std::borrow::Cow<'_, str> = if text.contains('\r') {
            text.replace("\r\n", "\n").into()
        } else {
            text.into()
        };
        let mut snapshot = Snapshot::default();
        // The map being read (tasks, evaluations, notices) and the record begun in it.
        let mut map: Option<&mut BTreeMap<String, String>> = None;
        let mut record: Option<(String, usize)> = None;
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let start = offset;
            offset += line.len();
            let line = line.strip_suffix('\n').unwrap_or(line);
            if let Some(records) = map.as_deref_mut() {
                let key = key_at(line, 4);
                if (key.is_some() || line.starts_with("  }"))
                    && let Some((id, from)) = record.take()
                {
                    let raw = text.get(from..start.saturating_sub(1)).unwrap_or("");
                    records.insert(id, raw.strip_suffix(',').unwrap_or(raw).to_string());
                }
                match key {
                    Some((id, value_at)) => record = Some((id, start + value_at)),
                    None if line.starts_with("  }") => map = None,
                    None => {}
                }
                continue;
            }
            let Some((key, value_at)) = key_at(line, 2) else {
                continue;
            };
            let rest = line.get(value_at..).unwrap_or("");
            match key.as_str() {
                "as_of" => {
                    let raw = rest.strip_suffix(',').unwrap_or(rest);
                    snapshot.as_of = serde_json::from_str(raw).unwrap_or_default();
                }
                "tasks" if rest == "{" => map = Some(&mut snapshot.tasks),
                "evaluations" if rest == "{" => map = Some(&mut snapshot.evaluations),
                "notices" if rest == "{" => map = Some(&mut snapshot.notices),
                _ => {}
            }
        }
        snapshot
    }
}

/// A line `"key": value` indented by exactly `indent` spaces: the key and where the value
/// starts in the line.
fn key_at(line: &str, indent: usize) -> Option<(String, usize)> {
    let bytes = line.as_bytes();
    if bytes.get(indent) != Some(&b'"') || !bytes[..indent].iter().all(|b| *b == b' ') {
        return None;
    }
    // The key's closing quote: the first `"` not escaped by a backslash.
    let mut end = indent + 1;
    while end < bytes.len() {
        match bytes[end] {
            b'\\' => end += 2,
            b'"' => break,
            _ => end += 1,
        }
    }
    let key: String = serde_json::from_str(line.get(indent..=end)?).ok()?;
    line.get(end + 1..)?
        .starts_with(": ")
        .then_some((key, end + 3))
}

/// The canonical text of a map of records (as a field one level deep in a publication).
pub fn records_text(records: &BTreeMap<String, String>) -> String {
    if records.is_empty() {
        return "{}".to_string();
    }
    let size: usize = records.iter().map(|(k, t)| k.len() + t.len() + 10).sum();
    let mut out = String::with_capacity(size + 4);
    out.push_str("{\n");
    for (i, (key, text)) in records.iter().enumerate() {
        out.push_str("    ");
        out.push_str(&string(key));
        out.push_str(": ");
        out.push_str(text);
        if i + 1 < records.len() {
            out.push(',');
        }
        out.push('\n');
    }
    out.push_str("  }");
    out
}

/// A number as JSON: whole numbers as integers (`3120`, not `3120.0`), so that the text is
/// what an editor wrote and reads back to the same value.
pub fn number(value: f64) -> Value {
    if value.fract() == 0.0 && value.abs() < 9_007_199_254_740_992.0 {
        Value::from(value as i64)
    } else {
        serde_json::Number::from_f64(value).map_or(Value::Null, Value::Number)
    }
}

fn date(value: &Located<Date>) -> Value {
    Value::String(value.value.to_string())
}

fn period(value: &Located<Period>) -> Value {
    json!({"from": value.value.from.to_string(), "to": value.value.to.to_string()})
}

/// An object of the fields that are present: absent optional fields are left out, not null.
fn object(fields: impl IntoIterator<Item = (&'static str, Option<Value>)>) -> Value {
    let mut map = Map::new();
    for (key, value) in fields {
        if let Some(value) = value {
            map.insert(key.to_string(), value);
        }
    }
    Value::Object(map)
}

fn text(value: &Option<String>) -> Option<Value> {
    value.as_ref().map(|s| Value::String(s.clone()))
}

pub fn task_value(task: &Task) -> Value {
    object([
        ("title", Some(Value::from(task.title.as_str()))),
        ("org", Some(Value::from(task.org.value.as_str()))),
        (
            "leader",
            Some(object([
                ("name", Some(Value::from(task.leader.name.as_str()))),
                ("role", text(&task.leader.role)),
            ])),
        ),
        ("category", text(&task.category)),
        ("year", task.year.map(Value::from)),
        ("stage", Some(Value::from(task.stage.key()))),
        ("status", Some(Value::from(task.status.value.key()))),
        ("start", task.start.as_ref().map(date)),
        ("deadline", task.deadline.as_ref().map(date)),
        (
            "origin",
            task.origin_step.as_ref().map(|o| {
                object([
                    ("method", text(&o.method)),
                    ("date", o.date.as_ref().map(date)),
                    ("summary", text(&o.summary)),
                ])
            }),
        ),
        (
            "discussion",
            task.discussion.as_ref().map(|d| {
                object([
                    ("meetings", d.meetings.map(Value::from)),
                    ("opinions", d.opinions.map(Value::from)),
                    ("summary", text(&d.summary)),
                ])
            }),
        ),
        (
            "decision",
            task.decision.as_ref().map(|d| {
                object([
                    ("date", d.date.as_ref().map(date)),
                    ("body", text(&d.body)),
                    (
                        "votes",
                        d.votes.map(|v| {
                            json!({"for": v.in_favour, "against": v.against, "abstain": v.abstain})
                        }),
                    ),
                ])
            }),
        ),
        ("plan", Some(Value::from(task.plan.as_str()))),
        (
            "targets",
            Some(Value::Array(
                task.targets
                    .iter()
                    .map(|t| {
                        object([
                            ("name", Some(Value::from(t.name.as_str()))),
                            ("unit", text(&t.unit)),
                            ("target", Some(number(t.target))),
                            ("actual", Some(number(t.actual))),
                        ])
                    })
                    .collect(),
            )),
        ),
        (
            "budget",
            task.budget
                .map(|b| json!({"planned": number(b.planned), "spent": number(b.spent)})),
        ),
        (
            "milestones",
            Some(Value::Array(
                task.milestones
                    .iter()
                    .map(|m| {
                        object([
                            ("title", Some(Value::from(m.title.as_str()))),
                            ("due", Some(date(&m.due))),
                            ("done", m.done.as_ref().map(date)),
                        ])
                    })
                    .collect(),
            )),
        ),
        (
            "ledger",
            Some(Value::Array(
                task.ledger
                    .iter()
                    .map(|e| {
                        json!({
                            "date": e.date.value.to_string(),
                            "kind": e.kind.key(),
                            "text": e.text,
                            "attachments": e.attachments.iter().map(|a| a.value.clone()).collect::<Vec<_>>(),
                        })
                    })
                    .collect(),
            )),
        ),
    ])
}

pub fn round_value(round: &EvaluationRound) -> Value {
    let results: Map<String, Value> = round
        .results
        .iter()
        .map(|r| {
            (
                r.task.value.clone(),
                object([
                    (
                        "votes",
                        Some(json!({
                            "satisfied": r.votes.satisfied,
                            "basically_satisfied": r.votes.basically_satisfied,
                            "dissatisfied": r.votes.dissatisfied,
                        })),
                    ),
                    ("grade", Some(Value::from(r.grade.value.key()))),
                    ("remarks", text(&r.remarks)),
                ]),
            )
        })
        .collect();
    object([
        ("title", Some(Value::from(round.title.as_str()))),
        ("held", Some(date(&round.held))),
        ("body", text(&round.body)),
        ("publicity", round.publicity.as_ref().map(period)),
        ("results", Some(Value::Object(results))),
    ])
}

pub fn notice_value(notice: &Document) -> Value {
    object([
        ("title", Some(Value::from(notice.title.as_str()))),
        ("date", notice.date.as_ref().map(date)),
        (
            "tasks",
            Some(Value::Array(
                notice
                    .tasks
                    .iter()
                    .map(|t| Value::from(t.value.as_str()))
                    .collect(),
            )),
        ),
        ("publicity", notice.publicity.as_ref().map(period)),
        ("body", Some(Value::from(notice.body.as_str()))),
    ])
}

/// The canonical text of a JSON value: keys sorted, two-space indentation, one field or
/// array element a line, a final newline.
pub fn to_canonical(value: &Value) -> String {
    let mut out = String::new();
    write_value(value, 0, &mut out);
    out.push('\n');
    out
}

fn write_value(value: &Value, indent: usize, out: &mut String) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push_str("{\n");
            for (i, key) in keys.iter().enumerate() {
                push_indent(indent + 1, out);
                out.push_str(&string(key));
                out.push_str(": ");
                write_value(&map[key.as_str()], indent + 1, out);
                if i + 1 < keys.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            push_indent(indent, out);
            out.push('}');
        }
        Value::Array(items) if !items.is_empty() => {
            out.push_str("[\n");
            for (i, item) in items.iter().enumerate() {
                push_indent(indent + 1, out);
                write_value(item, indent + 1, out);
                if i + 1 < items.len() {
                    out.push(',');
                }
                out.push('\n');
            }
            push_indent(indent, out);
            out.push(']');
        }
        Value::Object(_) => out.push_str("{}"),
        Value::Array(_) => out.push_str("[]"),
        Value::String(s) => out.push_str(&string(s)),
        Value::Number(n) => match n.as_f64() {
            Some(f) if n.is_f64() => match number(f) {
                Value::Number(n) => out.push_str(&n.to_string()),
                _ => out.push_str("null"),
            },
            _ => out.push_str(&n.to_string()),
        },
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Null => out.push_str("null"),
    }
}

pub fn string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string())
}

fn push_indent(level: usize, out: &mut String) {
    for _ in 0..level {
        out.push_str("  ");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_text_sorts_keys_and_reads_back_to_itself() {
        let value = json!({"b": [1, 2.5, 3120.0], "a": {"y": "西洞\n镇", "x": []}, "c": null});
        let text = to_canonical(&value);
        assert_eq!(
            text,
            "{\n  \"a\": {\n    \"x\": [],\n    \"y\": \"西洞\\n镇\"\n  },\n  \"b\": [\n    1,\n    2.5,\n    3120\n  ],\n  \"c\": null\n}\n"
        );
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(to_canonical(&back), text);
    }
}
