//! Open data: the whole site as JSON and CSV, and a Frictionless Data Package that lists
//! each file with its fields, size and sha256, so that anyone can check and reuse the
//! figures (and see that a download was not altered).

use super::urls::{Urls, paths};
use crate::model::{Site, Task};
use crate::output::sha256_hex;
use serde::Serialize;

#[derive(Serialize)]
struct TaskRecord<'a> {
    id: &'a str,
    title: &'a str,
    url: String,
    org: &'a str,
    org_name: &'a str,
    leader: &'a str,
    leader_role: Option<&'a str>,
    category: Option<&'a str>,
    year: Option<i32>,
    stage: &'static str,
    status: &'static str,
    start: Option<String>,
    deadline: Option<String>,
    progress: f64,
    overdue: bool,
    last_updated: Option<String>,
    targets: Vec<TargetRecord<'a>>,
    budget: Option<BudgetRecord>,
    milestones: Vec<MilestoneRecord<'a>>,
    ledger: Vec<LedgerRecord<'a>>,
}

#[derive(Serialize)]
struct TargetRecord<'a> {
    name: &'a str,
    unit: Option<&'a str>,
    target: f64,
    actual: f64,
}

#[derive(Serialize)]
struct BudgetRecord {
    planned: f64,
    spent: f64,
}

#[derive(Serialize)]
struct MilestoneRecord<'a> {
    title: &'a str,
    due: String,
    done: Option<String>,
}

#[derive(Serialize)]
struct LedgerRecord<'a> {
    date: String,
    kind: &'static str,
    text: &'a str,
    attachments: Vec<&'a str>,
}

/// Progress rounded to 4 decimals, so that the JSON does not show float noise.
fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

fn task_record<'a>(site: &'a Site, urls: &Urls, task: &'a Task) -> TaskRecord<'a> {
    TaskRecord {
        id: &task.id.value,
        title: &task.title,
        url: urls.absolute(&paths::task(&task.id.value)),
        org: &task.org.value,
        org_name: site
            .orgs
            .get(&task.org.value)
            .map(|o| o.name.as_str())
            .unwrap_or(""),
        leader: &task.leader.name,
        leader_role: task.leader.role.as_deref(),
        category: task.category.as_deref(),
        year: task.effective_year(),
        stage: task.stage.key(),
        status: task.status.value.key(),
        start: task.start.as_ref().map(|d| d.value.to_string()),
        deadline: task.deadline.as_ref().map(|d| d.value.to_string()),
        progress: round4(task.progress()),
        overdue: task.is_overdue(site.as_of),
        last_updated: task.last_updated().map(|d| d.to_string()),
        targets: task
            .targets
            .iter()
            .map(|t| TargetRecord {
                name: &t.name,
                unit: t.unit.as_deref(),
                target: t.target,
                actual: t.actual,
            })
            .collect(),
        budget: task.budget.map(|b| BudgetRecord {
            planned: b.planned,
            spent: b.spent,
        }),
        milestones: task
            .milestones
            .iter()
            .map(|m| MilestoneRecord {
                title: &m.title,
                due: m.due.value.to_string(),
                done: m.done.as_ref().map(|d| d.value.to_string()),
            })
            .collect(),
        ledger: task
            .ledger
            .iter()
            .map(|e| LedgerRecord {
                date: e.date.value.to_string(),
                kind: e.kind.key(),
                text: &e.text,
                attachments: e.attachments.iter().map(|a| a.value.as_str()).collect(),
            })
            .collect(),
    }
}

#[derive(Serialize)]
struct TasksDocument<'a> {
    title: &'a str,
    publisher: &'a str,
    as_of: String,
    tasks: Vec<TaskRecord<'a>>,
}

pub fn tasks_json(site: &Site, urls: &Urls) -> Vec<u8> {
    let doc = TasksDocument {
        title: &site.config.title,
        publisher: &site.config.publisher,
        as_of: site.as_of.to_string(),
        tasks: site
            .tasks
            .values()
            .map(|t| task_record(site, urls, t))
            .collect(),
    };
    let mut bytes = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// (column name, Table Schema type, description)
pub const TASK_FIELDS: &[(&str, &str, &str)] = &[
    ("id", "string", "task id"),
    ("title", "string", "task title"),
    ("org", "string", "organisation id"),
    ("org_name", "string", "organisation name"),
    ("leader", "string", "responsible leader"),
    ("leader_role", "string", "the leader's position"),
    ("category", "string", "category"),
    ("year", "integer", "year of the task"),
    (
        "stage",
        "string",
        "five-step stage: identify, discuss, decide, solve, evaluate",
    ),
    (
        "status",
        "string",
        "not_started, in_progress, completed or suspended",
    ),
    ("start", "date", "start date"),
    ("deadline", "date", "deadline"),
    ("progress", "number", "mean progress of the targets, 0 to 1"),
    (
        "overdue",
        "boolean",
        "deadline before the data date and not completed",
    ),
    ("last_updated", "date", "newest ledger entry"),
    (
        "budget_planned",
        "number",
        "planned funds, in the site currency",
    ),
    (
        "budget_spent",
        "number",
        "funds spent, in the site currency",
    ),
    ("url", "string", "the task's page"),
];

pub const EVALUATION_FIELDS: &[(&str, &str, &str)] = &[
    ("round", "string", "evaluation round id"),
    ("round_title", "string", "evaluation round title"),
    ("held", "date", "date of the evaluation conference"),
    ("task", "string", "task id"),
    ("task_title", "string", "task title"),
    ("org", "string", "organisation id"),
    ("org_name", "string", "organisation name"),
    ("satisfied", "integer", "votes: satisfied"),
    (
        "basically_satisfied",
        "integer",
        "votes: basically satisfied",
    ),
    ("dissatisfied", "integer", "votes: dissatisfied"),
    ("total", "integer", "all votes"),
    (
        "satisfaction_rate",
        "number",
        "(satisfied + basically satisfied) / all votes",
    ),
    ("grade", "string", "excellent, good, fair or poor"),
    ("remarks", "string", "remarks"),
];

/// One CSV cell: quoted when needed; text that a spreadsheet would run as a formula is
/// prefixed with `'` (CSV injection).
fn cell(value: &str, is_text: bool) -> String {
    let value = if is_text && value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_string()
    };
    if value.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

fn csv(fields: &[(&str, &str, &str)], rows: Vec<Vec<String>>) -> Vec<u8> {
    let mut out = String::from("\u{FEFF}");
    out.push_str(&fields.iter().map(|f| f.0).collect::<Vec<_>>().join(","));
    out.push_str("\r\n");
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .zip(fields)
            .map(|(v, f)| cell(v, f.1 == "string"))
            .collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

fn num(x: f64) -> String {
    crate::model::plain_number(round4(x))
}

pub fn tasks_csv(site: &Site, urls: &Urls) -> Vec<u8> {
    let rows = site
        .tasks
        .values()
        .map(|t| {
            let r = task_record(site, urls, t);
            vec![
                r.id.to_string(),
                r.title.to_string(),
                r.org.to_string(),
                r.org_name.to_string(),
                r.leader.to_string(),
                r.leader_role.unwrap_or("").to_string(),
                r.category.unwrap_or("").to_string(),
                r.year.map(|y| y.to_string()).unwrap_or_default(),
                r.stage.to_string(),
                r.status.to_string(),
                r.start.unwrap_or_default(),
                r.deadline.unwrap_or_default(),
                num(r.progress),
                r.overdue.to_string(),
                r.last_updated.unwrap_or_default(),
                r.budget
                    .as_ref()
                    .map(|b| num(b.planned))
                    .unwrap_or_default(),
                r.budget.as_ref().map(|b| num(b.spent)).unwrap_or_default(),
                r.url,
            ]
        })
        .collect();
    csv(TASK_FIELDS, rows)
}

pub fn evaluations_csv(site: &Site) -> Vec<u8> {
    let mut rows = Vec::new();
    for round in site.evaluations.values() {
        for r in &round.results {
            let task = site.tasks.get(&r.task.value);
            let org = task.map(|t| t.org.value.as_str()).unwrap_or("");
            rows.push(vec![
                round.id.value.clone(),
                round.title.clone(),
                round.held.value.to_string(),
                r.task.value.clone(),
                task.map(|t| t.title.clone()).unwrap_or_default(),
                org.to_string(),
                site.orgs
                    .get(org)
                    .map(|o| o.name.clone())
                    .unwrap_or_default(),
                r.votes.satisfied.to_string(),
                r.votes.basically_satisfied.to_string(),
                r.votes.dissatisfied.to_string(),
                r.votes.total().to_string(),
                r.votes.satisfaction_rate().map(num).unwrap_or_default(),
                r.grade.value.key().to_string(),
                r.remarks.clone().unwrap_or_default(),
            ]);
        }
    }
    csv(EVALUATION_FIELDS, rows)
}

#[derive(Serialize)]
struct Package<'a> {
    profile: &'static str,
    name: String,
    title: &'a str,
    description: String,
    homepage: String,
    version: String,
    resources: Vec<Resource>,
}

/// One file of the package. `profile` says what it is in Data Package v1 (the package's
/// version: it declares no `$schema`); `type` is what the reference validator, frictionless 5,
/// reads (v2 names only `table`; v1 allows extra properties). Without `type: json`,
/// frictionless guesses a JSON file's kind from its top-level keys and reads tasks.json (a
/// `tasks` key) as an "inquiry", a list of validation tasks, and rejects every task in it.
#[derive(Serialize)]
struct Resource {
    name: &'static str,
    path: &'static str,
    #[serde(rename = "type")]
    resource_type: &'static str,
    profile: &'static str,
    format: &'static str,
    mediatype: &'static str,
    encoding: &'static str,
    bytes: usize,
    hash: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    schema: Option<Schema>,
}

#[derive(Serialize)]
struct Schema {
    fields: Vec<Field>,
}

#[derive(Serialize)]
struct Field {
    name: &'static str,
    #[serde(rename = "type")]
    field_type: &'static str,
    description: &'static str,
}

fn schema(fields: &[(&'static str, &'static str, &'static str)]) -> Schema {
    Schema {
        fields: fields
            .iter()
            .map(|(name, t, d)| Field {
                name,
                field_type: t,
                description: d,
            })
            .collect(),
    }
}

/// The output paths of the open-data files, as [`open_data_files`] makes them.
pub const OPEN_DATA_PATHS: [&str; 4] = [
    "data/tasks.json",
    "data/tasks.csv",
    "data/evaluations.csv",
    "data/datapackage.json",
];

/// All open-data files: (output path, bytes), the package last since it describes the rest.
pub fn open_data_files(site: &Site, urls: &Urls) -> Vec<(String, Vec<u8>)> {
    let json = tasks_json(site, urls);
    let tasks_csv = tasks_csv(site, urls);
    let evaluations_csv = evaluations_csv(site);
    let resources = vec![
        Resource {
            name: "tasks-json",
            path: "tasks.json",
            resource_type: "json",
            profile: "data-resource",
            format: "json",
            mediatype: "application/json",
            encoding: "utf-8",
            bytes: json.len(),
            hash: format!("sha256:{}", sha256_hex(&json)),
            schema: None,
        },
        Resource {
            name: "tasks",
            path: "tasks.csv",
            resource_type: "table",
            profile: "tabular-data-resource",
            format: "csv",
            mediatype: "text/csv",
            encoding: "utf-8-sig",
            bytes: tasks_csv.len(),
            hash: format!("sha256:{}", sha256_hex(&tasks_csv)),
            schema: Some(schema(TASK_FIELDS)),
        },
        Resource {
            name: "evaluations",
            path: "evaluations.csv",
            resource_type: "table",
            profile: "tabular-data-resource",
            format: "csv",
            mediatype: "text/csv",
            encoding: "utf-8-sig",
            bytes: evaluations_csv.len(),
            hash: format!("sha256:{}", sha256_hex(&evaluations_csv)),
            schema: Some(schema(EVALUATION_FIELDS)),
        },
    ];
    let package = Package {
        profile: "data-package",
        name: slug::slugify(urls.base_url.split("://").nth(1).unwrap_or("gongshi")),
        title: &site.config.title,
        description: format!(
            "{} — {} ({})",
            site.config.title, site.config.publisher, site.as_of
        ),
        homepage: urls.base_url.clone(),
        version: site.as_of.to_string(),
        resources,
    };
    let mut package_json = serde_json::to_vec_pretty(&package).unwrap_or_default();
    package_json.push(b'\n');
    let [json_path, csv_path, evaluations_path, package_path] = OPEN_DATA_PATHS.map(String::from);
    vec![
        (json_path, json),
        (csv_path, tasks_csv),
        (evaluations_path, evaluations_csv),
        (package_path, package_json),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_quoted_and_formulas_defused() {
        assert_eq!(cell("a,b", true), "\"a,b\"");
        assert_eq!(cell("say \"hi\"", true), "\"say \"\"hi\"\"\"");
        assert_eq!(cell("=SUM(A1)", true), "'=SUM(A1)");
        assert_eq!(cell("-3", false), "-3");
    }
}
