//! Field-level differences between two publications, in the interface language: "完成农房改造
//! 完成值 3120 → 4200; 状态 推进中 → 已完成", tasks added and removed, grades and votes changed,
//! notices added. Records that are equal as a whole are skipped without a look inside, so a
//! site of ten thousand tasks diffs in milliseconds.

use super::canonical::{Snapshot, parse_record};
use crate::model::labels as i18n;
use crate::model::{EntryKind, Grade, Language, Stage, Status};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// A record (task, round, notice) by id and title.
#[derive(Clone, Debug, PartialEq)]
pub struct Named {
    pub id: String,
    pub title: String,
}

/// How one field changed.
#[derive(Clone, Debug, PartialEq)]
pub enum Change {
    Set {
        before: String,
        after: String,
    },
    Added(String),
    Removed(String),
    /// A long text (a plan, a notice's body) was edited.
    Edited,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FieldChange {
    pub label: String,
    pub change: Change,
}

/// A record whose fields changed.
#[derive(Clone, Debug, PartialEq)]
pub struct Changed {
    pub id: String,
    pub title: String,
    /// For a result: the title of its round.
    pub round: Option<String>,
    pub fields: Vec<FieldChange>,
}

/// Everything that differs between two publications.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Differences {
    pub as_of: Option<(String, String)>,
    pub tasks_added: Vec<Named>,
    pub tasks_removed: Vec<Named>,
    pub tasks_changed: Vec<Changed>,
    pub rounds_added: Vec<Named>,
    pub rounds_removed: Vec<Named>,
    pub rounds_changed: Vec<Changed>,
    /// Results of a round, one per task: `id` is the task's id, `title` "round: task".
    pub results_changed: Vec<Changed>,
    /// The results of the rounds added, one per task, as `results_changed`: each task's
    /// page lists its own, while the changes page names the new round once.
    pub results_of_rounds_added: Vec<Changed>,
    pub notices_added: Vec<Named>,
    pub notices_removed: Vec<Named>,
    pub notices_changed: Vec<Changed>,
}

impl Differences {
    pub fn is_empty(&self) -> bool {
        *self == Differences::default()
    }

    /// Ids of the tasks whose own data, or a result about them in a round that both
    /// publications hold, differs (a round added whole is named once, as a round).
    pub fn task_ids(&self) -> BTreeSet<&str> {
        self.tasks_added
            .iter()
            .chain(&self.tasks_removed)
            .map(|n| n.id.as_str())
            .chain(self.tasks_changed.iter().map(|c| c.id.as_str()))
            .chain(self.results_changed.iter().map(|c| c.id.as_str()))
            .collect()
    }
}

/// (key, zh-CN, en): the names of fields as the site shows them.
const LABELS: &[(&str, &str, &str)] = &[
    ("title", "名称", "title"),
    ("org", "责任单位", "organisation"),
    ("leader.name", "责任人", "leader"),
    ("leader.role", "职务", "role"),
    ("category", "类别", "category"),
    ("year", "年度", "year"),
    ("stage", "步骤", "step"),
    ("status", "状态", "status"),
    ("start", "开始时间", "start"),
    ("deadline", "完成时限", "deadline"),
    ("plan", "方案", "plan"),
    ("target", "目标值", "target"),
    ("actual", "完成值", "actual"),
    ("unit", "单位", "unit"),
    ("targets", "目标", "target"),
    ("budget.planned", "计划投资", "planned budget"),
    ("budget.spent", "已投资", "spent"),
    ("origin.method", "点题方式", "identified by"),
    ("origin.date", "点题日期", "identified on"),
    ("origin.summary", "点题说明", "problem summary"),
    ("discussion.meetings", "议题会议", "meetings"),
    ("discussion.opinions", "征集意见", "opinions"),
    ("discussion.summary", "议题说明", "discussion summary"),
    ("decision.date", "定题日期", "decided on"),
    ("decision.body", "定题会议", "decided by"),
    (
        "decision.votes",
        "表决（赞成/反对/弃权）",
        "vote (for/against/abstain)",
    ),
    ("milestones", "节点", "milestone"),
    ("due", "计划完成", "due"),
    ("done", "实际完成", "done"),
    ("ledger", "台账", "ledger"),
    ("held", "评议日期", "held on"),
    ("body", "评议会议", "held by"),
    ("publicity", "公示期", "publicity period"),
    ("result", "评议结果", "result"),
    ("grade", "等次", "grade"),
    ("satisfied", "满意", "satisfied"),
    ("basically_satisfied", "基本满意", "basically satisfied"),
    ("dissatisfied", "不满意", "dissatisfied"),
    ("remarks", "备注", "remarks"),
    ("date", "日期", "date"),
    ("tasks", "相关任务", "tasks"),
    ("text", "正文", "text"),
    ("added", "新增", "added"),
    ("removed", "删除", "removed"),
    ("edited", "已修改", "edited"),
    ("as_of", "数据截至", "data as of"),
];

fn label(language: Language, key: &str) -> &'static str {
    LABELS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, zh, en)| if language == Language::En { *en } else { *zh })
        .unwrap_or("")
}

impl FieldChange {
    /// "完成值 3120 → 4200", in `language`.
    pub fn text(&self, language: Language) -> String {
        match &self.change {
            Change::Set { before, after } => format!("{} {before} → {after}", self.label),
            Change::Added(what) => format!("{} {} {what}", self.label, label(language, "added")),
            Change::Removed(what) => {
                format!("{} {} {what}", self.label, label(language, "removed"))
            }
            Change::Edited => format!("{} {}", self.label, label(language, "edited")),
        }
    }
}

impl Changed {
    /// "西洞镇农房改造: 完成农房改造 完成值 3120 → 4200; 状态 推进中 → 已完成".
    pub fn text(&self, language: Language) -> String {
        format!("{}: {}", self.title, self.fields_text(language))
    }

    /// The changes alone: "完成农房改造 完成值 3120 → 4200; 状态 推进中 → 已完成".
    pub fn fields_text(&self, language: Language) -> String {
        let fields: Vec<String> = self.fields.iter().map(|f| f.text(language)).collect();
        fields.join("; ")
    }
}

/// The differences from `before` to `after`.
pub fn diff(before: &Snapshot, after: &Snapshot, language: Language) -> Differences {
    let mut out = Differences::default();
    if before.as_of != after.as_of {
        out.as_of = Some((before.as_of.clone(), after.as_of.clone()));
    }
    let differ = Differ { language };
    let title = |text: &str| str_of(parse_record(text).get("title")).to_string();
    let records = |before: &BTreeMap<String, String>,
                   after: &BTreeMap<String, String>,
                   fields: &dyn Fn(&Value) -> Vec<(String, Flat)>|
     -> (Vec<Named>, Vec<Named>, Vec<Changed>) {
        let (mut added, mut removed, mut changed) = (Vec::new(), Vec::new(), Vec::new());
        for (id, old) in before {
            match after.get(id) {
                None => removed.push(Named {
                    id: id.clone(),
                    title: title(old),
                }),
                Some(new) if new != old => {
                    let (old, new) = (parse_record(old), parse_record(new));
                    let fields = differ.compare(&fields(&old), &fields(&new));
                    if !fields.is_empty() {
                        changed.push(Changed {
                            id: id.clone(),
                            title: str_of(new.get("title")).to_string(),
                            round: None,
                            fields,
                        });
                    }
                }
                Some(_) => {}
            }
        }
        for (id, new) in after {
            if !before.contains_key(id) {
                added.push(Named {
                    id: id.clone(),
                    title: title(new),
                });
            }
        }
        (added, removed, changed)
    };
    (out.tasks_added, out.tasks_removed, out.tasks_changed) =
        records(&before.tasks, &after.tasks, &|v| differ.task_fields(v));
    (out.rounds_added, out.rounds_removed, out.rounds_changed) =
        records(&before.evaluations, &after.evaluations, &|v| {
            differ.round_fields(v)
        });
    (out.notices_added, out.notices_removed, out.notices_changed) =
        records(&before.notices, &after.notices, &|v| {
            differ.notice_fields(v)
        });
    let empty = serde_json::Map::new();
    let task_title = |id: &str| {
        after
            .tasks
            .get(id)
            .or_else(|| before.tasks.get(id))
            .map_or_else(|| id.to_string(), |t| title(t))
    };
    for (round_id, new_round) in &after.evaluations {
        let Some(old_round) = before.evaluations.get(round_id) else {
            let new_round = parse_record(new_round);
            let round_title = str_of(new_round.get("title")).to_string();
            let results = new_round.get("results").and_then(Value::as_object);
            for (id, result) in results.into_iter().flatten() {
                let fields = differ.compare(&[], &differ.result_fields(result));
                out.results_of_rounds_added.push(Changed {
                    id: id.clone(),
                    title: format!("{round_title}: {}", task_title(id)),
                    round: Some(round_title.clone()),
                    fields,
                });
            }
            continue;
        };
        if old_round == new_round {
            continue;
        }
        let (old_round, new_round) = (parse_record(old_round), parse_record(new_round));
        let results = |round: &Value| {
            round
                .get("results")
                .and_then(Value::as_object)
                .unwrap_or(&empty)
                .clone()
        };
        let (old, new) = (results(&old_round), results(&new_round));
        if old == new {
            continue;
        }
        let ids: BTreeSet<&String> = old.keys().chain(new.keys()).collect();
        for id in ids {
            let fields = match (old.get(id), new.get(id)) {
                (Some(o), Some(n)) if o == n => continue,
                (o, n) => differ.compare(
                    &o.map(|v| differ.result_fields(v)).unwrap_or_default(),
                    &n.map(|v| differ.result_fields(v)).unwrap_or_default(),
                ),
            };
            if !fields.is_empty() {
                out.results_changed.push(Changed {
                    id: id.clone(),
                    title: format!("{}: {}", str_of(new_round.get("title")), task_title(id)),
                    round: Some(str_of(new_round.get("title")).to_string()),
                    fields,
                });
            }
        }
    }
    out
}

/// One field flattened for comparison: a short value shown as it is, a long text (only
/// said to be edited), or an item of a list (only said to be added or removed).
#[derive(Clone, Debug, PartialEq)]
enum Flat {
    Short(String),
    Long(String),
    Item(String),
}

struct Differ {
    language: Language,
}

fn str_of(value: Option<&Value>) -> &str {
    value.and_then(Value::as_str).unwrap_or("")
}

fn shown(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => "—".to_string(),
        Some(Value::String(s)) if s.is_empty() => "—".to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Array(items)) if items.is_empty() => "—".to_string(),
        Some(Value::Array(items)) => items
            .iter()
            .map(|i| shown(Some(i)))
            .collect::<Vec<_>>()
            .join(", "),
        Some(other) => other.to_string(),
    }
}

impl Differ {
    fn label(&self, key: &str) -> String {
        label(self.language, key).to_string()
    }

    fn enum_word(&self, key: &str, value: Option<&Value>) -> String {
        let raw = str_of(value);
        let word = match key {
            "stage" => Stage::ALL
                .into_iter()
                .find(|s| s.key() == raw)
                .map(|s| i18n::stage(self.language, s)),
            "status" => Status::ALL
                .into_iter()
                .find(|s| s.key() == raw)
                .map(|s| i18n::status(self.language, s)),
            "grade" => Grade::ALL
                .into_iter()
                .find(|g| g.key() == raw)
                .map(|g| i18n::grade(self.language, g)),
            _ => [
                EntryKind::Progress,
                EntryKind::Inspection,
                EntryKind::Notification,
                EntryKind::Interview,
            ]
            .into_iter()
            .find(|k| k.key() == raw)
            .map(|k| i18n::entry_kind(self.language, k)),
        };
        word.map_or_else(|| shown(value), str::to_string)
    }

    fn task_fields(&self, task: &Value) -> Vec<(String, Flat)> {
        let mut out = Vec::new();
        let short = |out: &mut Vec<(String, Flat)>, key: &str, value: Option<&Value>| {
            out.push((self.label(key), Flat::Short(shown(value))));
        };
        let at = |path: &str| path.split('.').try_fold(task, |v, k| v.get(k));
        let list = |key: &str| {
            task.get(key)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
        };
        for target in list("targets") {
            let name = str_of(target.get("name"));
            out.push((self.label("targets"), Flat::Item(name.to_string())));
            for key in ["target", "actual", "unit"] {
                out.push((
                    format!("{name} {}", self.label(key)),
                    Flat::Short(shown(target.get(key))),
                ));
            }
        }
        for key in [
            "title",
            "org",
            "leader.name",
            "leader.role",
            "category",
            "year",
        ] {
            short(&mut out, key, at(key));
        }
        for key in ["stage", "status"] {
            out.push((
                self.label(key),
                Flat::Short(self.enum_word(key, task.get(key))),
            ));
        }
        for key in [
            "start",
            "deadline",
            "budget.planned",
            "budget.spent",
            "origin.method",
            "origin.date",
            "discussion.meetings",
            "discussion.opinions",
            "decision.date",
            "decision.body",
        ] {
            short(&mut out, key, at(key));
        }
        let votes = at("decision.votes").map(|v| {
            Value::from(format!(
                "{}/{}/{}",
                shown(v.get("for")),
                shown(v.get("against")),
                shown(v.get("abstain"))
            ))
        });
        short(&mut out, "decision.votes", votes.as_ref());
        for key in ["plan", "origin.summary", "discussion.summary"] {
            out.push((self.label(key), Flat::Long(shown(at(key)))));
        }
        for milestone in list("milestones") {
            let title = str_of(milestone.get("title"));
            out.push((self.label("milestones"), Flat::Item(title.to_string())));
            for key in ["due", "done"] {
                out.push((
                    format!("{} {title} {}", self.label("milestones"), self.label(key)),
                    Flat::Short(shown(milestone.get(key))),
                ));
            }
        }
        for entry in list("ledger") {
            let text = crate::model::text::excerpt(str_of(entry.get("text")), 40);
            out.push((
                self.label("ledger"),
                Flat::Item(format!(
                    "{} {} {text}",
                    str_of(entry.get("date")),
                    self.enum_word("kind", entry.get("kind"))
                )),
            ));
        }
        out
    }

    fn round_fields(&self, round: &Value) -> Vec<(String, Flat)> {
        let period = round.get("publicity").map(|p| {
            Value::from(format!(
                "{} – {}",
                str_of(p.get("from")),
                str_of(p.get("to"))
            ))
        });
        vec![
            (self.label("title"), Flat::Short(shown(round.get("title")))),
            (self.label("held"), Flat::Short(shown(round.get("held")))),
            (self.label("body"), Flat::Short(shown(round.get("body")))),
            (self.label("publicity"), Flat::Short(shown(period.as_ref()))),
        ]
    }

    fn result_fields(&self, result: &Value) -> Vec<(String, Flat)> {
        let mut out = vec![(
            self.label("grade"),
            Flat::Short(self.enum_word("grade", result.get("grade"))),
        )];
        for key in ["satisfied", "basically_satisfied", "dissatisfied"] {
            out.push((
                self.label(key),
                Flat::Short(shown(result.get("votes").and_then(|v| v.get(key)))),
            ));
        }
        out.push((
            self.label("remarks"),
            Flat::Long(shown(result.get("remarks"))),
        ));
        out
    }

    fn notice_fields(&self, notice: &Value) -> Vec<(String, Flat)> {
        let period = notice.get("publicity").map(|p| {
            Value::from(format!(
                "{} – {}",
                str_of(p.get("from")),
                str_of(p.get("to"))
            ))
        });
        vec![
            (self.label("title"), Flat::Short(shown(notice.get("title")))),
            (self.label("date"), Flat::Short(shown(notice.get("date")))),
            (self.label("tasks"), Flat::Short(shown(notice.get("tasks")))),
            (self.label("publicity"), Flat::Short(shown(period.as_ref()))),
            (self.label("text"), Flat::Long(shown(notice.get("body")))),
        ]
    }

    /// The changes from the flattened fields `old` to `new`. Short fields and long texts
    /// are matched by label; list items by their text, so an item added or removed is named
    /// once and the others are left alone.
    fn compare(&self, old: &[(String, Flat)], new: &[(String, Flat)]) -> Vec<FieldChange> {
        let mut out = Vec::new();
        let fields = |flat: &[(String, Flat)]| -> BTreeMap<String, Flat> {
            flat.iter()
                .filter(|(_, f)| !matches!(f, Flat::Item(_)))
                .map(|(l, f)| (l.clone(), f.clone()))
                .collect()
        };
        let items = |flat: &[(String, Flat)]| -> Vec<(String, String)> {
            flat.iter()
                .filter_map(|(l, f)| match f {
                    Flat::Item(text) => Some((l.clone(), text.clone())),
                    _ => None,
                })
                .collect()
        };
        let (old_fields, new_fields) = (fields(old), fields(new));
        let (old_items, new_items) = (items(old), items(new));
        for (label, item) in &old_items {
            if !new_items.contains(&(label.clone(), item.clone())) {
                out.push(FieldChange {
                    label: label.clone(),
                    change: Change::Removed(item.clone()),
                });
            }
        }
        for (label, item) in &new_items {
            if !old_items.contains(&(label.clone(), item.clone())) {
                out.push(FieldChange {
                    label: label.clone(),
                    change: Change::Added(item.clone()),
                });
            }
        }
        // In the order the record shows its fields.
        for (label, flat) in new.iter().chain(old) {
            if matches!(flat, Flat::Item(_)) || out.iter().any(|c| &c.label == label) {
                continue;
            }
            let (before, after) = (old_fields.get(label), new_fields.get(label));
            if before == after {
                continue;
            }
            let change = match (before, after) {
                (Some(Flat::Long(_)), Some(Flat::Long(_))) => Change::Edited,
                (before, after) => {
                    let text = |f: Option<&Flat>| match f {
                        Some(Flat::Short(s) | Flat::Long(s) | Flat::Item(s)) => s.clone(),
                        None => "—".to_string(),
                    };
                    let (before, after) = (text(before), text(after));
                    if before == after {
                        continue;
                    }
                    Change::Set { before, after }
                }
            };
            out.push(FieldChange {
                label: label.clone(),
                change,
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn snapshot(tasks: Value) -> Snapshot {
        Snapshot {
            as_of: "2022-12-25".into(),
            tasks: tasks
                .as_object()
                .map(|m| {
                    m.iter()
                        .map(|(k, v)| (k.clone(), super::super::canonical::record_text(v)))
                        .collect()
                })
                .unwrap_or_default(),
            ..Snapshot::default()
        }
    }

    #[test]
    fn a_changed_target_and_status_read_as_the_site_says_them() {
        let before = snapshot(
            json!({"x": {"title": "西洞镇农房改造", "status": "in_progress",
            "targets": [{"name": "完成农房改造", "unit": "户", "target": 6475, "actual": 3120}]}}),
        );
        let after = snapshot(
            json!({"x": {"title": "西洞镇农房改造", "status": "completed",
            "targets": [{"name": "完成农房改造", "unit": "户", "target": 6475, "actual": 4200}]}}),
        );
        let d = diff(&before, &after, Language::ZhCn);
        assert_eq!(d.tasks_changed.len(), 1);
        assert_eq!(
            d.tasks_changed[0].text(Language::ZhCn),
            "西洞镇农房改造: 完成农房改造 完成值 3120 → 4200; 状态 推进中 → 已完成"
        );
        assert!(diff(&after, &after, Language::ZhCn).is_empty());
    }

    #[test]
    fn a_changed_grade_and_votes_are_named_with_the_round_and_task() {
        let mut before = snapshot(json!({"x": {"title": "西洞镇农房改造"}}));
        let round = |grade: &str, satisfied: u64| {
            super::super::canonical::record_text(&json!({"title": "2022年度评议结果",
                "results": {"x": {"grade": grade, "votes": {"satisfied": satisfied,
                "basically_satisfied": 15, "dissatisfied": 2}}}}))
        };
        let mut after = before.clone();
        before.evaluations.insert("r".into(), round("good", 90));
        after.evaluations.insert("r".into(), round("excellent", 98));
        let d = diff(&before, &after, Language::ZhCn);
        assert!(d.rounds_changed.is_empty() && d.tasks_changed.is_empty());
        assert_eq!(d.results_changed.len(), 1);
        assert_eq!(
            d.results_changed[0].text(Language::ZhCn),
            "2022年度评议结果: 西洞镇农房改造: 等次 良好 → 优秀; 满意 90 → 98"
        );
        assert_eq!(d.task_ids().into_iter().collect::<Vec<_>>(), ["x"]);
    }

    #[test]
    fn the_results_of_a_new_round_are_kept_apart_for_each_tasks_page() {
        let before = snapshot(json!({"x": {"title": "西洞镇农房改造"}}));
        let mut after = before.clone();
        after.evaluations.insert(
            "r".into(),
            super::super::canonical::record_text(&json!({"title": "专项评议",
                "results": {"x": {"grade": "good", "votes": {"satisfied": 10,
                "basically_satisfied": 2, "dissatisfied": 1}}}})),
        );
        let d = diff(&before, &after, Language::ZhCn);
        assert_eq!(d.rounds_added.len(), 1);
        assert!(d.results_changed.is_empty());
        assert_eq!(d.results_of_rounds_added.len(), 1);
        assert_eq!(
            d.results_of_rounds_added[0].text(Language::ZhCn),
            "专项评议: 西洞镇农房改造: 等次 — → 良好; 满意 — → 10; 基本满意 — → 2; 不满意 — → 1"
        );
    }
}
