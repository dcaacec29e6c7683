//! A task's page and its row in every list, built from the task and its [`TaskScope`] alone.

use super::TaskScope;
use crate::model::text::excerpt;
use crate::model::*;
use crate::render::charts::BarItem;
use crate::render::format::{money, number, pct, pct_text};
use crate::render::i18n;
use crate::render::urls::{anchors, paths};
use crate::render::views::*;
use std::sync::Arc;

impl<'s> TaskScope<'s> {
    /// A task's page and its meta: built from the task, this scope and the task's own
    /// publication history (`history`: its changes, and whether it differs from the newest
    /// publication) alone.
    pub fn task_page(
        &self,
        task: &Task,
        path: &str,
        history: (Option<Arc<TaskHistoryView>>, bool),
    ) -> (PageMeta, TaskPage) {
        let mut crumbs = self.tasks_breadcrumbs();
        crumbs.push(self.org_link(&task.org.value));
        let mut meta = self.meta(&task.title, path, "tasks", crumbs);
        meta.description = excerpt(&self.markdown.plain_text(&task.plan), 120);
        let date = task
            .last_updated()
            .or_else(|| task.start.as_ref().map(|d| d.value));
        let mut meta = self.article(meta, date, self.org_name(&task.org.value));
        let (changes, unpublished) = history;
        meta.unpublished = unpublished;
        let mut page = self.task(task);
        page.history = changes;
        (meta, page)
    }

    pub fn is_stale(&self, task: &Task) -> bool {
        Staleness::on(self.as_of).task_is_stale(task)
    }

    pub fn task_row(&self, task: &Task) -> TaskRow {
        let category = task.category.as_ref().map(|c| Link {
            label: c.clone(),
            href: self.urls.link(&paths::category(&self.categories[c])),
        });
        TaskRow {
            id: task.id.value.clone(),
            title: task.title.clone(),
            href: self.urls.link(&paths::task(&task.id.value)),
            org: self.org_link(&task.org.value),
            org_id: task.org.value.clone(),
            org_path: self.org_path(&task.org.value),
            leader: task.leader.name.clone(),
            category_name: task.category.clone().unwrap_or_default(),
            category,
            stage: Label {
                key: task.stage.key(),
                label: i18n::stage(self.lang, task.stage),
            },
            status: Label {
                key: task.status.value.key(),
                label: i18n::status(self.lang, task.status.value),
            },
            progress_pct: pct(task.progress()),
            overdue: task.is_overdue(self.as_of),
            stale: self.is_stale(task),
            deadline: task.deadline.as_ref().map(|d| d.value.to_string()),
            last_updated: task.last_updated().map(|d| d.to_string()),
        }
    }

    /// The headline progress: with several targets, it says it is their average and names
    /// the lowest share when it differs.
    fn progress_text(&self, task: &Task, average: u32) -> String {
        if task.targets.len() < 2 {
            return format!("{average}%");
        }
        let text = i18n::with_number(self.lang, "progress_average", task.targets.len())
            .replace("{pct}", &average.to_string());
        let lowest = task
            .targets
            .iter()
            .map(|t| pct(t.progress()))
            .min()
            .unwrap_or(average);
        if lowest == average {
            text
        } else {
            format!(
                "{text}{}",
                i18n::text(self.lang, "progress_lowest").replace("{pct}", &lowest.to_string())
            )
        }
    }

    pub fn task(&self, task: &Task) -> TaskPage {
        let as_of = self.as_of;
        let lang = self.lang;
        let row = Arc::new(self.task_row(task));
        let deadline_note = match (task.status.value, task.days_left(as_of)) {
            (Status::Completed, _) => Some(self.t("completed_note").to_string()),
            (_, Some(0)) => Some(self.t("due_today").to_string()),
            (_, Some(d)) if d > 0 => {
                Some(i18n::counted(lang, "days_left", d.unsigned_abs() as usize))
            }
            (_, Some(d)) => Some(i18n::counted(
                lang,
                "days_overdue",
                d.unsigned_abs() as usize,
            )),
            (_, None) => None,
        };
        let targets: Vec<TargetView> = task
            .targets
            .iter()
            .map(|t| TargetView {
                name: t.name.clone(),
                unit: t.unit.clone().unwrap_or_default(),
                target: number(t.target),
                actual: number(t.actual),
                pct: pct(t.progress()),
                met: t.is_met(),
            })
            .collect();
        let targets_chart = (!targets.is_empty()).then(|| {
            let items: Vec<BarItem> = task
                .targets
                .iter()
                .zip(&targets)
                .map(|(t, v)| BarItem {
                    label: &t.name,
                    share: t.progress(),
                    value_label: format!("{}%", v.pct),
                })
                .collect();
            let rows = targets
                .iter()
                .map(|t| {
                    vec![
                        t.name.clone(),
                        format!("{} {}", t.target, t.unit),
                        format!("{} {}", t.actual, t.unit),
                        format!("{}%", t.pct),
                    ]
                })
                .collect();
            let headers = ["targets", "target", "actual", "col_progress"];
            self.bar_chart("targets", &items, &headers, rows)
        });
        let currency = &self.config.currency;
        let budget = task.budget.map(|b| BudgetView {
            planned: money(b.planned, currency, lang),
            spent: money(b.spent, currency, lang),
            pct: if b.planned > 0.0 {
                pct(b.spent / b.planned)
            } else {
                0
            },
        });
        let milestones = task
            .milestones
            .iter()
            .map(|m| {
                let key = match &m.done {
                    Some(_) => "milestone_done",
                    None if m.due.value < as_of => "milestone_overdue",
                    None => "milestone_due",
                };
                MilestoneView {
                    title: m.title.clone(),
                    due: m.due.value.to_string(),
                    done: m.done.as_ref().map(|d| d.value.to_string()),
                    state: Label {
                        key: key.trim_start_matches("milestone_"),
                        label: self.t(key),
                    },
                }
            })
            .collect();
        let ledger = anchors::ledger(task)
            .into_iter()
            .map(|(anchor, e)| LedgerEntryView {
                anchor,
                date: e.date.value.to_string(),
                kind: Label {
                    key: e.kind.key(),
                    label: i18n::entry_kind(lang, e.kind),
                },
                html: self.markdown.render(&e.text),
                attachments: e
                    .attachments
                    .iter()
                    .map(|a| {
                        let path = a.value.trim_start_matches("static/");
                        Link {
                            label: path.rsplit('/').next().unwrap_or(path).to_string(),
                            href: self.urls.link(path),
                        }
                    })
                    .collect(),
            })
            .collect();
        let results = self
            .results
            .get(task.id.value.as_str())
            .into_iter()
            .flatten()
            .map(|(round, index, r)| TaskResultView {
                // The round's page that shows this task's row, at the row.
                round: Link {
                    label: round.title.clone(),
                    href: self.urls.link(&paths::evaluation_result(
                        &round.id.value,
                        *index,
                        self.config.page_size,
                        &task.id.value,
                    )),
                },
                grade: Label {
                    key: r.grade.value.key(),
                    label: i18n::grade(lang, r.grade.value),
                },
                satisfaction_pct: pct_text(r.votes.satisfaction_rate()),
                satisfied: r.votes.satisfied,
                basically_satisfied: r.votes.basically_satisfied,
                dissatisfied: r.votes.dissatisfied,
                total: r.votes.total(),
                remarks_html: r.remarks.as_ref().map(|m| self.markdown.render(m)),
            })
            .collect();
        let notices = self
            .notices_by_task
            .get(task.id.value.as_str())
            .into_iter()
            .flatten()
            .map(|n| Link {
                label: n.title.clone(),
                href: self.urls.link(&paths::notice(&n.slug)),
            })
            .collect();
        let url = self.urls.absolute(&paths::task(&task.id.value));
        let progress_text = self.progress_text(task, row.progress_pct);
        TaskPage {
            row,
            leader_role: task.leader.role.clone(),
            year: task.effective_year(),
            start: task.start.as_ref().map(|d| d.value.to_string()),
            deadline_note,
            progress_text,
            last_updated_label: task
                .last_updated()
                .map(|d| d.to_string())
                .unwrap_or_else(|| self.t("never_updated").to_string()),
            plan_html: self.markdown.render(&task.plan),
            origin: task.origin_step.as_ref().map(|o| OriginView {
                method: o.method.clone(),
                date: o.date.as_ref().map(|d| d.value.to_string()),
                html: o.summary.as_ref().map(|s| self.markdown.render(s)),
            }),
            discussion: task.discussion.as_ref().map(|d| DiscussionView {
                meetings: d.meetings,
                opinions: d.opinions,
                html: d.summary.as_ref().map(|s| self.markdown.render(s)),
            }),
            decision: task.decision.as_ref().map(|d| DecisionView {
                date: d.date.as_ref().map(|d| d.value.to_string()),
                body: d.body.clone(),
                votes_for: d.votes.map(|v| v.in_favour),
                votes_against: d.votes.map(|v| v.against),
                votes_abstain: d.votes.map(|v| v.abstain),
            }),
            targets,
            targets_chart,
            budget,
            milestones,
            ledger,
            results,
            notices,
            history: None,
            qr_svg: self.qr_svg(&url),
            url,
        }
    }
}
