//! The tasks sheet's part of the plan: a new task file for each new 任务编号, and on an
//! existing task the fields the sheet carries, set where absent, refused where they differ
//! (unless `--force`), and new targets appended.

use super::Problem;
use super::columns::{SheetKind, header_for};
use super::plan::{FileChange, Planner, cannot_change, read_file, short};
use super::rows::{At, TargetRow, TaskRow};
use super::yaml_edit;
use crate::diagnostics::{Text, suggest};
use crate::model::{Task, plain_number};
use crate::words;
use crate::yaml::quote as yaml_quote;

impl Planner<'_> {
    /// New task files and fields set on existing tasks.
    pub fn tasks(&mut self, rows: &[TaskRow]) -> Vec<FileChange> {
        let mut groups: Vec<(At<String>, Vec<&TaskRow>)> = Vec::new();
        for row in rows {
            let Some(id) = &row.id else { continue };
            if !valid_id(&id.value) {
                self.error(
                    id,
                    words!("import_invalid_id", id = &id.value),
                    Text::key("import_invalid_id_help"),
                );
                continue;
            }
            match groups.iter_mut().find(|(g, _)| g.value == id.value) {
                Some((_, rows)) => rows.push(row),
                None => groups.push((id.clone(), vec![row])),
            }
        }
        let mut changes = Vec::new();
        for (id, rows) in groups {
            let merged = self.merge_rows(&rows);
            let change = match self.site.tasks.get(&id.value) {
                Some(task) => {
                    let task = task.clone();
                    self.check_scope(&id, &task);
                    self.update_task(&task, &merged)
                }
                None => self.new_task(&id, &merged),
            };
            changes.extend(change);
        }
        changes
    }

    /// One task's rows as one: the first row's fields, and every row's target.
    fn merge_rows(&mut self, rows: &[&TaskRow]) -> (TaskRow, Vec<TargetRow>) {
        let first = rows[0].clone();
        let targets = rows.iter().filter_map(|r| r.target.clone()).collect();
        for row in &rows[1..] {
            let line = self.grid.first_row as usize + first.row + 1;
            let mut differs = |a: Option<String>, b: Option<String>, at: Option<(usize, usize)>| {
                if let (Some(a), Some(b), Some((r, c))) = (a, b, at)
                    && a != b
                {
                    self.problems.push(
                        Problem::error(
                            self.grid,
                            r,
                            Some(c),
                            words!(
                                "import_row_differs",
                                value = &b,
                                line = line.to_string(),
                                first = &a
                            ),
                        )
                        .with_help(Text::key("import_row_differs_help")),
                    );
                }
            };
            macro_rules! compare {
                ($($field:ident),*) => {$(
                    differs(
                        first.$field.as_ref().map(|v| format!("{:?}", v.value)),
                        row.$field.as_ref().map(|v| format!("{:?}", v.value)),
                        row.$field.as_ref().map(|v| (v.row, v.col)),
                    );
                )*};
            }
            compare!(
                title, org, leader, role, category, year, stage, status, start, deadline, plan
            );
        }
        (first, targets)
    }

    fn resolve_org(&mut self, row: &TaskRow) -> Option<String> {
        let site = self.site;
        let Some(org) = &row.org else {
            if let Some(org) = self.org {
                return Some(org.to_string());
            }
            let header = header_for(SheetKind::Tasks, "org");
            let at = row.id.clone()?;
            self.error(
                &at,
                words!("import_no_org", id = &at.value, header = header),
                words!("import_no_org_help", header = header),
            );
            return None;
        };
        if site.orgs.contains_key(&org.value) {
            return Some(org.value.clone());
        }
        let by_name: Vec<&String> = site
            .orgs
            .values()
            .filter(|o| o.name == org.value)
            .map(|o| &o.id)
            .collect();
        if let [id] = by_name[..] {
            return Some(id.clone());
        }
        let hint = suggest(&org.value, site.orgs.keys().map(String::as_str))
            .map_or(Text::from(""), |s| words!("import_did_you_mean", best = s));
        self.error(
            org,
            words!("import_unknown_org", org = &org.value, hint = hint),
            Text::key("import_unknown_org_help"),
        );
        None
    }

    fn new_task(
        &mut self,
        id: &At<String>,
        (row, targets): &(TaskRow, Vec<TargetRow>),
    ) -> Option<FileChange> {
        let org = self.resolve_org(row);
        let mut missing = |field: &str, present: bool| {
            if !present {
                let header = header_for(SheetKind::Tasks, field);
                self.error(
                    id,
                    words!(
                        "import_new_task_lacks",
                        id = &id.value,
                        header = header,
                        field = field
                    ),
                    words!("import_new_task_lacks_help", header = header),
                );
            }
        };
        missing("title", row.title.is_some());
        missing("leader", row.leader.is_some());
        missing("stage", row.stage.is_some());
        missing("status", row.status.is_some());
        missing("plan", row.plan.is_some());
        for target in targets {
            if target.target.is_none() {
                let header = header_for(SheetKind::Tasks, "target");
                self.error(
                    &target.name,
                    words!(
                        "import_target_lacks_value",
                        name = &target.name.value,
                        header = header
                    ),
                    words!("import_fill_in", header = header),
                );
            }
        }
        let org = org?;
        let (title, leader, stage, status, plan) = (
            row.title.as_ref()?,
            row.leader.as_ref()?,
            row.stage.as_ref()?,
            row.status.as_ref()?,
            row.plan.as_ref()?,
        );
        let path = format!("content/tasks/{org}/{}.yaml", id.value);
        if self.root.join(&path).exists() {
            self.error(
                id,
                words!("import_path_taken", path = &path),
                Text::key("import_path_taken_help"),
            );
            return None;
        }
        let mut text = format!(
            "id: {}\ntitle: {}\norg: {org}\n",
            id.value,
            yaml_quote(&title.value)
        );
        text.push_str(&leader_block(
            &leader.value,
            row.role.as_ref().map(|r| r.value.as_str()),
        ));
        if let Some(c) = &row.category {
            text.push_str(&format!("category: {}\n", yaml_quote(&c.value)));
        }
        if let Some(y) = &row.year {
            text.push_str(&format!("year: {}\n", y.value));
        }
        text.push_str(&format!(
            "stage: {}\nstatus: {}\n",
            stage.value.key(),
            status.value.key()
        ));
        if let Some(d) = &row.start {
            text.push_str(&format!("start: {}\n", d.value));
        }
        if let Some(d) = &row.deadline {
            text.push_str(&format!("deadline: {}\n", d.value));
        }
        text.push_str(&plan_block(&plan.value));
        if !targets.is_empty() {
            text.push_str("targets:\n");
            for t in targets {
                text.push_str(&target_item(t, 2));
            }
        }
        Some(FileChange {
            notes: vec![words!(
                "import_note_task",
                id = &id.value,
                title = &title.value
            )],
            path,
            old: None,
            new: text,
            entries_added: 0,
        })
    }

    fn update_task(
        &mut self,
        task: &Task,
        (row, targets): &(TaskRow, Vec<TargetRow>),
    ) -> Option<FileChange> {
        let path = task.origin.path.clone();
        let old = match read_file(self.root, &path) {
            Ok(t) => t,
            Err(e) => {
                self.file_error(row.row, e);
                return None;
            }
        };
        let mut text = old.clone();
        let mut notes = Vec::new();
        let mut set = |planner: &mut Self,
                       key: &str,
                       field: &str,
                       at: (usize, usize),
                       old_value: Option<String>,
                       new_value: String,
                       block: String| {
            if old_value.as_deref() == Some(new_value.as_str()) {
                return;
            }
            if let Some(old_value) = &old_value
                && !planner.force
            {
                let header = header_for(SheetKind::Tasks, field);
                let at = At {
                    value: (),
                    row: at.0,
                    col: at.1,
                };
                planner.error(
                    &at,
                    words!(
                        "import_field_differs",
                        id = &task.id.value,
                        header = header,
                        field = field,
                        old = old_value,
                        new = &new_value
                    ),
                    words!("import_force_help", path = &path),
                );
                return;
            }
            match yaml_edit::set_field(&text, key, &block) {
                Ok(t) => {
                    text = t;
                    notes.push(words!("import_note_field", key = key, value = &new_value));
                }
                Err(e) => planner.file_error(at.0, cannot_change(&path, e)),
            }
        };
        if let Some(v) = &row.title {
            set(
                self,
                "title",
                "title",
                (v.row, v.col),
                Some(task.title.clone()),
                v.value.clone(),
                format!("title: {}\n", yaml_quote(&v.value)),
            );
        }
        if let Some(v) = &row.org
            && let Some(org) = self.resolve_org(row)
        {
            set(
                self,
                "org",
                "org",
                (v.row, v.col),
                Some(task.org.value.clone()),
                org.clone(),
                format!("org: {org}\n"),
            );
        }
        if row.leader.is_some() || row.role.is_some() {
            let name = row
                .leader
                .as_ref()
                .map_or(task.leader.name.clone(), |l| l.value.clone());
            let role = row
                .role
                .as_ref()
                .map(|r| r.value.clone())
                .or_else(|| task.leader.role.clone());
            let at = row
                .leader
                .as_ref()
                .or(row.role.as_ref())
                .map(|v| (v.row, v.col))
                .unwrap_or((row.row, 0));
            let shown = |n: &str, r: Option<&str>| format!("{n}（{}）", r.unwrap_or(""));
            set(
                self,
                "leader",
                "leader",
                at,
                Some(shown(&task.leader.name, task.leader.role.as_deref())),
                shown(&name, role.as_deref()),
                leader_block(&name, role.as_deref()),
            );
        }
        if let Some(v) = &row.category {
            set(
                self,
                "category",
                "category",
                (v.row, v.col),
                task.category.clone(),
                v.value.clone(),
                format!("category: {}\n", yaml_quote(&v.value)),
            );
        }
        if let Some(v) = &row.year {
            set(
                self,
                "year",
                "year",
                (v.row, v.col),
                task.year.map(|y| y.to_string()),
                v.value.to_string(),
                format!("year: {}\n", v.value),
            );
        }
        if let Some(v) = &row.stage {
            set(
                self,
                "stage",
                "stage",
                (v.row, v.col),
                Some(task.stage.key().to_string()),
                v.value.key().to_string(),
                format!("stage: {}\n", v.value.key()),
            );
        }
        if let Some(v) = &row.status {
            set(
                self,
                "status",
                "status",
                (v.row, v.col),
                Some(task.status.value.key().to_string()),
                v.value.key().to_string(),
                format!("status: {}\n", v.value.key()),
            );
        }
        if let Some(v) = &row.start {
            set(
                self,
                "start",
                "start",
                (v.row, v.col),
                task.start.as_ref().map(|d| d.value.to_string()),
                v.value.to_string(),
                format!("start: {}\n", v.value),
            );
        }
        if let Some(v) = &row.deadline {
            set(
                self,
                "deadline",
                "deadline",
                (v.row, v.col),
                task.deadline.as_ref().map(|d| d.value.to_string()),
                v.value.to_string(),
                format!("deadline: {}\n", v.value),
            );
        }
        if let Some(v) = &row.plan
            && v.value.trim() != task.plan.trim()
        {
            set(
                self,
                "plan",
                "plan",
                (v.row, v.col),
                Some(short(&task.plan)),
                short(&v.value),
                plan_block(&v.value),
            );
        }
        self.update_targets(task, targets, &mut text, &mut notes, &path);
        if text == old {
            self.unchanged += 1;
            return None;
        }
        Some(FileChange {
            path,
            old: Some(old),
            new: text,
            notes,
            entries_added: 0,
        })
    }

    fn update_targets(
        &mut self,
        task: &Task,
        targets: &[TargetRow],
        text: &mut String,
        notes: &mut Vec<Text>,
        path: &str,
    ) {
        let mut merged: Vec<TargetRow> = Vec::new();
        let mut changed = false;
        let mut added = Vec::new();
        for existing in &task.targets {
            let row = targets.iter().find(|t| t.name.value == existing.name);
            let mut updated = TargetRow {
                name: At {
                    value: existing.name.clone(),
                    row: 0,
                    col: 0,
                },
                unit: existing.unit.clone(),
                target: Some(At {
                    value: existing.target,
                    row: 0,
                    col: 0,
                }),
                actual: Some(At {
                    value: existing.actual,
                    row: 0,
                    col: 0,
                }),
            };
            if let Some(row) = row {
                for (new, old, field) in [
                    (&row.target, existing.target, "target"),
                    (&row.actual, existing.actual, "actual"),
                ] {
                    if let Some(new) = new
                        && new.value != old
                    {
                        if self.force {
                            changed = true;
                            *if field == "target" {
                                &mut updated.target
                            } else {
                                &mut updated.actual
                            } = Some(new.clone());
                            notes.push(words!(
                                "import_note_target_changed",
                                name = &existing.name,
                                field = field,
                                old = plain_number(old),
                                new = plain_number(new.value)
                            ));
                        } else {
                            let header = header_for(SheetKind::Tasks, field);
                            self.error(
                                new,
                                words!(
                                    "import_target_differs",
                                    id = &task.id.value,
                                    header = header,
                                    field = field,
                                    old = plain_number(old),
                                    name = &existing.name,
                                    new = plain_number(new.value)
                                ),
                                words!("import_force_help", path = path),
                            );
                        }
                    }
                }
                if let Some(unit) = &row.unit
                    && existing.unit.as_deref() != Some(unit.as_str())
                {
                    if self.force || existing.unit.is_none() {
                        changed = true;
                        updated.unit = Some(unit.clone());
                    } else {
                        let at = row.name.clone();
                        self.error(
                            &at,
                            words!(
                                "import_unit_differs",
                                id = &task.id.value,
                                old = existing.unit.clone().unwrap_or_default(),
                                name = &existing.name,
                                new = unit
                            ),
                            words!("import_force_help", path = path),
                        );
                    }
                }
            }
            merged.push(updated);
        }
        for row in targets {
            if task.targets.iter().any(|t| t.name == row.name.value)
                || added
                    .iter()
                    .any(|t: &TargetRow| t.name.value == row.name.value)
            {
                continue;
            }
            if row.target.is_none() {
                let header = header_for(SheetKind::Tasks, "target");
                self.error(
                    &row.name,
                    words!(
                        "import_new_target_lacks_value",
                        name = &row.name.value,
                        header = header
                    ),
                    words!("import_fill_in", header = header),
                );
                continue;
            }
            notes.push(words!("import_note_target", name = &row.name.value));
            added.push(row.clone());
        }
        let result = if changed {
            merged.extend(added);
            let mut block = String::from("targets:\n");
            for t in &merged {
                block.push_str(&target_item(t, 2));
            }
            yaml_edit::set_field(text, "targets", &block)
        } else if !added.is_empty() {
            yaml_edit::append_items(text, "targets", added.len(), |i, dash| {
                target_item(&added[i], dash)
            })
        } else {
            return;
        };
        match result {
            Ok(t) => *text = t,
            Err(e) => self.file_error(targets[0].name.row, cannot_change(path, e)),
        }
    }
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && id
            .chars()
            .enumerate()
            .all(|(i, c)| c.is_ascii_alphanumeric() || (i > 0 && (c == '-' || c == '_')))
}

fn leader_block(name: &str, role: Option<&str>) -> String {
    match role {
        Some(role) => format!(
            "leader: {{name: {}, role: {}}}\n",
            yaml_quote(name),
            yaml_quote(role)
        ),
        None => format!("leader: {{name: {}}}\n", yaml_quote(name)),
    }
}

fn plan_block(plan: &str) -> String {
    let plan = plan.trim();
    if !plan.contains('\n') {
        return format!("plan: {}\n", yaml_quote(plan));
    }
    let mut block = String::from("plan: |\n");
    for line in plan.lines() {
        if line.trim().is_empty() {
            block.push('\n');
        } else {
            block.push_str("  ");
            block.push_str(line.trim_end());
            block.push('\n');
        }
    }
    block
}

fn target_item(t: &TargetRow, dash: usize) -> String {
    let unit = t
        .unit
        .as_ref()
        .map(|u| format!(", unit: {}", yaml_quote(u)))
        .unwrap_or_default();
    format!(
        "{}- {{name: {}{unit}, target: {}, actual: {}}}\n",
        " ".repeat(dash),
        yaml_quote(&t.name.value),
        plain_number(t.target.as_ref().map_or(0.0, |v| v.value)),
        plain_number(t.actual.as_ref().map_or(0.0, |v| v.value)),
    )
}
