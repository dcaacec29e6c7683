//! Decoders for each kind of content file, field by field as SPEC §2 lists them.

use super::decode::{Fields, FileContext, as_amount, as_list, as_string, check_id};
use super::files::split_front_matter;
use super::settings;
use crate::diagnostics::Diagnostics;
use crate::model::*;
use crate::yaml::{self, Node, NodeKind, Pos, SyntaxErrorKind};
use std::collections::{BTreeMap, BTreeSet};

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
const GRADES: &[(&str, Grade)] = &[
    ("excellent", Grade::Excellent),
    ("good", Grade::Good),
    ("fair", Grade::Fair),
    ("poor", Grade::Poor),
];
const LEVELS: &[(&str, OrgLevel)] = &[
    ("district", OrgLevel::District),
    ("township", OrgLevel::Township),
    ("village", OrgLevel::Village),
    ("department", OrgLevel::Department),
];
const LANGUAGES: &[(&str, Language)] = &[("zh-CN", Language::ZhCn), ("en", Language::En)];

/// Parses a whole file as YAML, reporting a syntax error in the file's context.
fn parse_yaml(cx: &mut FileContext, text: &str) -> Option<Node> {
    match yaml::parse(text) {
        Ok(node) => Some(node),
        Err(err) => {
            let (message, help) = match &err.kind {
                SyntaxErrorKind::DuplicateKey(_) => {
                    (err.message.clone(), "remove one of the two, or merge them")
                }
                SyntaxErrorKind::TooComplex => (
                    format!("YAML too complex: {}", err.message),
                    "write the values out plainly: content files need neither deep nesting nor aliases (`&name`/`*name`)",
                ),
                SyntaxErrorKind::Syntax => (
                    format!("YAML syntax: {}", err.message.replace("`@'", "`@`")),
                    syntax_help(&err.message, text.lines().nth(err.pos.line as usize - 1)),
                ),
            };
            cx.error_with_help(err.pos, message, help);
            None
        }
    }
}

/// The likeliest remedy for a YAML syntax error, from the parser's message and the line
/// it points at. Editors' usual slips: a tab, a colon inside text, an unclosed bracket.
fn syntax_help(message: &str, line: Option<&str>) -> &'static str {
    let line = line.unwrap_or("");
    let indent = &line[..line.len() - line.trim_start().len()];
    if indent.contains('\t') {
        "YAML indents with spaces only: replace the tab at the start of this line with spaces"
    } else if message.contains("mapping values are not allowed") {
        "text that contains `: ` must be put in quotes, e.g. `title: \"西洞镇: 农房改造\"`; otherwise check this line's indentation"
    } else if message.contains("did not find expected key")
        || message.contains("did not find expected '-'")
    {
        "check this line's indentation: it must line up with the other fields at its level"
    } else if message.contains("flow mapping") || message.contains("flow sequence") {
        "a `{` or `[` opened here or on an earlier line is not closed; close it, or put text that starts with `{` or `[` in quotes"
    } else if message.contains("quote") || message.contains("quoted") {
        "close the quote with the same mark it was opened with, or remove it"
    } else if message.contains("unknown anchor") || message.contains("unexpected character") {
        "text that starts with `*`, `&`, `!`, `@` or a backquote must be put in quotes"
    } else {
        "check the indentation (spaces, not tabs) and that every `key: value` has a space after the colon; put text that starts with a special character such as `*`, `&`, `[` or `:` in quotes"
    }
}

pub fn decode_site_config(path: &str, text: &str) -> (Option<SiteConfig>, Diagnostics) {
    let mut cx = FileContext::new(path);
    let config = parse_yaml(&mut cx, text).and_then(|node| site_config(&mut cx, &node));
    (config, cx.diagnostics)
}

fn site_config(cx: &mut FileContext, node: &Node) -> Option<SiteConfig> {
    const KNOWN: &[&str] = &[
        "title",
        "publisher",
        "base_url",
        "language",
        "as_of",
        "theme",
        "feedback",
        "currency",
        "deploy",
        "privacy",
        "registration",
    ];
    let mut f = Fields::new(cx, node, "site settings file", KNOWN)?;
    let title = f.required_string(cx, "title");
    let publisher = f.required_string(cx, "publisher");
    let base_url = f
        .required_string(cx, "base_url")
        .and_then(|url| check_base_url(cx, url));
    let language = f
        .choice(cx, "language", LANGUAGES, false)
        .map(|l| l.value)
        .unwrap_or(Language::ZhCn);
    let as_of = f.date(cx, "as_of").map(|d| d.value);
    // `None` when `theme` is there but not a string (already reported).
    let theme = match f.get("theme") {
        Some(node) => as_string(cx, node, "theme").map(|name| Located::new(name, node.pos)),
        None => Some(Located::new("default".to_string(), f.pos())),
    };
    let feedback = f
        .get("feedback")
        .and_then(|n| settings::feedback(cx, n))
        .unwrap_or_default();
    let currency = f
        .string(cx, "currency")
        .unwrap_or_else(|| "CNY".to_string());
    let deploy = settings::deploy_targets(cx, f.get("deploy"));
    let privacy_allow = settings::privacy_allow(cx, f.get("privacy"));
    let registration = settings::registration(cx, f.get("registration"));
    f.finish(cx);
    let theme = theme?;
    let name = &theme.value;
    if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        cx.error_with_help(
            theme.pos,
            format!("invalid theme `{name}`: it must be the name of a folder under themes/"),
            "write only the folder's name (e.g. `theme: default`), without `/` or `..`",
        );
        return None;
    }
    Some(SiteConfig {
        title: title?.value,
        publisher: publisher?.value,
        base_url: base_url?,
        language,
        as_of,
        theme,
        feedback,
        currency,
        deploy,
        privacy_allow,
        registration,
    })
}

/// `base_url` must be absolute http(s); it is stored with a trailing slash.
pub fn check_base_url(cx: &mut FileContext, url: Located<String>) -> Option<String> {
    match normalize_base_url(&url.value) {
        Ok(normalized) => Some(normalized),
        Err(reason) => {
            cx.error_with_help(
                url.pos,
                format!("invalid base_url `{}`: {reason}", url.value),
                "write the full address where the site is hosted, e.g. https://example.org/gongshi/",
            );
            None
        }
    }
}

/// Checks and normalises a base URL: `http(s)://host[:port][/path]`, ending in `/`.
pub fn normalize_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("it must start with http:// or https://")?;
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() {
        return Err("it has no host name".to_string());
    }
    if url.contains(['?', '#', ' ', '"', '<', '>', '\\']) {
        return Err("it must not contain spaces, quotes, `?` or `#`".to_string());
    }
    let mut normalized = url.to_string();
    if !normalized.ends_with('/') {
        normalized.push('/');
    }
    Ok(normalized)
}

/// orgs.yaml, decoded: the organisations that loaded, and the ids of those that did not.
#[derive(Clone)]
pub struct DecodedOrgs {
    pub orgs: BTreeMap<String, Org>,
    pub unreadable_ids: BTreeSet<String>,
    /// The file as a whole could not be read as a list of organisations.
    pub unreadable_file: bool,
}

pub fn decode_orgs(path: &str, text: &str) -> (DecodedOrgs, Diagnostics) {
    let mut cx = FileContext::new(path);
    let mut decoded = DecodedOrgs {
        orgs: BTreeMap::new(),
        unreadable_ids: BTreeSet::new(),
        unreadable_file: true,
    };
    if let Some(node) = parse_yaml(&mut cx, text)
        && let Some(mut f) = Fields::new(&mut cx, &node, "organisation file", &["orgs"])
    {
        let list = f.required(&mut cx, "orgs");
        decoded.unreadable_file = list.is_none();
        let list = list.map(|n| as_list(&mut cx, n, "orgs")).unwrap_or(&[]);
        f.finish(&mut cx);
        let mut first_seen: BTreeMap<String, Pos> = BTreeMap::new();
        for (order, item) in list.iter().enumerate() {
            let Some(org) = org(&mut cx, item, order) else {
                decoded.unreadable_ids.extend(written_id(item));
                continue;
            };
            if let Some(first) = first_seen.get(&org.id) {
                let diagnostic = crate::diagnostics::Diagnostic::error(
                    path,
                    org.origin.pos,
                    format!("duplicate org id `{}`", org.id),
                )
                .with_related(path, *first, "first defined here")
                .with_help("each organisation needs its own id");
                cx.diagnostics.push(diagnostic);
                continue;
            }
            first_seen.insert(org.id.clone(), org.origin.pos);
            decoded.orgs.insert(org.id.clone(), org);
        }
    }
    (decoded, cx.diagnostics)
}

/// The `id` written in a mapping, if any, even when the rest of the mapping is broken.
fn written_id(node: &Node) -> Option<String> {
    let NodeKind::Map(entries) = &node.kind else {
        return None;
    };
    entries.iter().find_map(|(k, v)| match (&k.kind, &v.kind) {
        (NodeKind::Str(k), NodeKind::Str(v)) if k == "id" => Some(v.clone()),
        (NodeKind::Str(k), NodeKind::Int(v)) if k == "id" => Some(v.to_string()),
        _ => None,
    })
}

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

fn org(cx: &mut FileContext, node: &Node, order: usize) -> Option<Org> {
    const KNOWN: &[&str] = &["id", "name", "level", "parent", "secretary"];
    let mut f = Fields::new(cx, node, "organisation", KNOWN)?;
    let id = f.required_string(cx, "id");
    let name = f.required_string(cx, "name");
    let level = f.choice(cx, "level", LEVELS, true);
    let parent = f
        .get("parent")
        .and_then(|n| as_string(cx, n, "parent").map(|s| Located::new(s, n.pos)));
    let secretary = f.string(cx, "secretary");
    f.finish(cx);
    let id = id?;
    let origin = Origin {
        path: cx.path.to_string(),
        pos: id.pos,
    };
    if !check_id(cx, &id, "org id", false) {
        return None;
    }
    Some(Org {
        id: id.value,
        name: name?.value,
        level: level?.value,
        parent,
        secretary,
        order,
        origin,
    })
}

pub fn decode_task(path: &str, stem: &str, text: &str) -> (Option<Task>, Diagnostics) {
    let mut cx = FileContext::new(path);
    let task = parse_yaml(&mut cx, text).and_then(|node| {
        if matches!(node.kind, NodeKind::Null) {
            cx.error_with_help(node.pos, "this task file is empty", "a task needs at least title, org, leader, stage, status and plan; `gongshi new task` writes a complete one");
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
            cx.error(n.pos, "`year` must be a year such as 2022");
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
    f.finish(cx);
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

fn period(cx: &mut FileContext, node: &Node) -> Option<Located<Period>> {
    let mut f = Fields::new(cx, node, "publicity period", &["from", "to"])?;
    let from = f.required_date(cx, "from");
    let to = f.required_date(cx, "to");
    f.finish(cx);
    let (from, to) = (from?, to?);
    if to.value < from.value {
        cx.error(
            to.pos,
            format!(
                "the publicity period ends ({}) before it starts ({})",
                to.value, from.value
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

/// Notices and pages: front matter, then Markdown.
pub fn decode_document(
    path: &str,
    stem: &str,
    text: &str,
    is_notice: bool,
) -> (Option<Document>, Diagnostics) {
    let mut cx = FileContext::new(path);
    let what = if is_notice { "notice" } else { "page" };
    let Some(front) = split_front_matter(text) else {
        if text.starts_with("---") {
            cx.error_with_help(
                Pos { line: 1, col: 1 },
                format!("the front matter of this {what} is never closed"),
                "end the front matter with a line holding only `---`, before the text",
            );
        } else {
            cx.error_with_help(
                Pos { line: 1, col: 1 },
                format!("this {what} has no front matter"),
                "start the file with a `---` line, then `title: …`, then another `---` line, then the text",
            );
        }
        return (None, cx.diagnostics);
    };
    // Pad so that YAML lines keep the numbers they have in the file.
    let padded = format!(
        "{}{}",
        "\n".repeat(front.yaml_line_offset as usize),
        front.yaml
    );
    let doc = parse_yaml(&mut cx, &padded).and_then(|node| {
        if matches!(node.kind, NodeKind::Null) {
            cx.error(
                Pos { line: 1, col: 1 },
                format!("the front matter of this {what} is empty: it needs at least `title`"),
            );
            return None;
        }
        document(&mut cx, &node, stem, is_notice, front.body, front.body_line)
    });
    (doc, cx.diagnostics)
}

fn document(
    cx: &mut FileContext,
    node: &Node,
    stem: &str,
    is_notice: bool,
    body: &str,
    body_line: u32,
) -> Option<Document> {
    const KNOWN: &[&str] = &["title", "date", "tasks", "publicity", "draft"];
    let what = if is_notice { "notice" } else { "page" };
    let mut f = Fields::new(cx, node, what, KNOWN)?;
    let title = f.required_string(cx, "title");
    let date = if is_notice {
        f.required_date(cx, "date")
    } else {
        f.date(cx, "date")
    };
    let tasks = f
        .list(cx, "tasks")
        .iter()
        .filter_map(|n| as_string(cx, n, "tasks").map(|s| Located::new(s, n.pos)))
        .collect();
    let publicity = f.get("publicity").and_then(|n| period(cx, n));
    let draft = f.bool(cx, "draft").unwrap_or(false);
    f.finish(cx);
    let slug = Located::new(stem.to_string(), Pos { line: 1, col: 1 });
    if !check_id(cx, &slug, &format!("{what} file name"), true) {
        return None;
    }
    if is_notice && date.is_none() {
        return None;
    }
    Some(Document {
        slug: slug.value,
        title: title?.value,
        date,
        tasks,
        publicity,
        draft,
        body: body.to_string(),
        body_line,
        origin: Origin {
            path: cx.path.to_string(),
            pos: Pos { line: 1, col: 1 },
        },
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

    #[test]
    fn syntax_help_fits_the_slip() {
        for (message, line, words) in [
            ("did not find expected key", "\tcategory: x", "tab"),
            (
                "mapping values are not allowed in this context",
                "title: a: b",
                "quotes",
            ),
            (
                "did not find expected key",
                "   opinions: 85",
                "indentation",
            ),
            (
                "while parsing a flow mapping, did not find expected ',' or '}'",
                "a: b",
                "not closed",
            ),
            ("unclosed quote", "a: 'x", "quote"),
            ("unexpected character: `@'", "a: @x", "quotes"),
            ("something new", "a: b", "indentation"),
        ] {
            let help = syntax_help(message, Some(line));
            assert!(help.contains(words), "{message:?} on {line:?}: {help}");
        }
    }

    #[test]
    fn a_broken_org_entry_keeps_its_id_for_later_checks() {
        let text = "orgs:\n  - id: ok\n    name: 好\n    level: district\n  - id: broken\n    level: township\n";
        let (decoded, diagnostics) = decode_orgs("content/orgs.yaml", text);
        assert_eq!(decoded.orgs.keys().collect::<Vec<_>>(), ["ok"]);
        assert!(decoded.unreadable_ids.contains("broken"));
        assert!(!decoded.unreadable_file);
        assert_eq!(diagnostics.error_count(), 1);
        let (decoded, _) = decode_orgs("content/orgs.yaml", "orgs: [\n");
        assert!(decoded.unreadable_file);
    }
}
