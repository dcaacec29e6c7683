//! The evaluation rounds: the list of rounds, and each round's page (also printed as a 公示)
//! with its results, votes per org and grades.

use super::{ListScope, page_count};
use crate::model::*;
use crate::render::charts::{self};
use crate::render::format::pct_text;
use crate::render::i18n;
use crate::render::urls::{anchors, paths};
use crate::render::views::*;
use std::collections::BTreeMap;

impl<'s> ListScope<'s> {
    /// What every page of a round shows, and all its result rows.
    pub fn evaluation(&self, round: &EvaluationRound) -> EvaluationRoundView {
        let lang = self.lang;
        let results: Vec<ResultRow> = round
            .results
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let row = self.row(&r.task.value);
                ResultRow {
                    anchor: anchors::result(&r.task.value),
                    number: i + 1,
                    task: self.task_link(&r.task.value),
                    org: row.map(|t| self.org_name(&t.org_id)).unwrap_or_default(),
                    leader: row.map(|t| t.leader.clone()).unwrap_or_default(),
                    satisfied: r.votes.satisfied,
                    basically_satisfied: r.votes.basically_satisfied,
                    dissatisfied: r.votes.dissatisfied,
                    total: r.votes.total(),
                    satisfaction_pct: pct_text(r.votes.satisfaction_rate()),
                    grade: Label {
                        key: r.grade.value.key(),
                        label: i18n::grade(lang, r.grade.value),
                    },
                    remarks_html: r.remarks.as_ref().map(|m| self.markdown.render(m)),
                }
            })
            .collect();
        let mut by_org: BTreeMap<String, (usize, SatisfactionVotes)> = BTreeMap::new();
        for r in &round.results {
            if let Some(row) = self.row(&r.task.value) {
                let entry = by_org.entry(row.org_id.clone()).or_default();
                entry.0 += 1;
                entry.1.add(&r.votes);
            }
        }
        let order: BTreeMap<&str, usize> = self
            .orgs
            .values()
            .map(|o| (o.id.as_str(), o.order))
            .collect();
        let mut by_org: Vec<(String, (usize, SatisfactionVotes))> = by_org.into_iter().collect();
        by_org.sort_by_key(|(id, _)| order.get(id.as_str()).copied().unwrap_or(usize::MAX));
        let total = round.total_votes();
        let grades = round
            .grade_counts()
            .into_iter()
            .map(|(g, count)| GradeCount {
                grade: Label {
                    key: g.key(),
                    label: i18n::grade(lang, g),
                },
                count,
            })
            .collect();
        let satisfaction_chart = ChartView {
            svg: charts::stacked_bar(
                self.t("satisfaction"),
                &[
                    (self.t("satisfied"), total.satisfied, "seg-satisfied"),
                    (
                        self.t("basically_satisfied"),
                        total.basically_satisfied,
                        "seg-basic",
                    ),
                    (
                        self.t("dissatisfied"),
                        total.dissatisfied,
                        "seg-dissatisfied",
                    ),
                ],
            ),
            caption: self.t("satisfaction").to_string(),
            headers: vec![self.t("satisfaction").into(), self.t("count").into()],
            rows: vec![
                vec![self.t("satisfied").into(), total.satisfied.to_string()],
                vec![
                    self.t("basically_satisfied").into(),
                    total.basically_satisfied.to_string(),
                ],
                vec![
                    self.t("dissatisfied").into(),
                    total.dissatisfied.to_string(),
                ],
            ],
        };
        EvaluationRoundView {
            title: round.title.clone(),
            held: round.held.value.to_string(),
            body: round.body.clone(),
            publicity: round.publicity.as_ref().map(|p| self.period_view(&p.value)),
            publicity_title: self.publicity_title(&round.title),
            issuing_unit: self.config.publisher.clone(),
            issue_date: round
                .publicity
                .as_ref()
                .map(|p| p.value.from)
                .unwrap_or(round.held.value)
                .to_string(),
            results_total: results.len(),
            results,
            by_org: by_org
                .into_iter()
                .map(|(id, (tasks, votes))| OrgSatisfaction {
                    org: self.org_link(&id),
                    tasks,
                    total: votes.total(),
                    satisfaction_pct: pct_text(votes.satisfaction_rate()),
                })
                .collect(),
            grades,
            overall_pct: pct_text(total.satisfaction_rate()),
            total_votes: total.total(),
            satisfaction_chart,
        }
    }

    /// How many pages a round's results take (see `paths::rows_of_page`).
    pub fn evaluation_pages(&self, round: &EvaluationRound) -> usize {
        page_count(round.results.len(), self.config.page_size)
    }

    /// Page `page` (from 1) of a round whose rows and totals are `view`: the same rule as a
    /// task list decides which results it shows, and the links to result rows follow it.
    pub fn evaluation_page<'v>(
        &self,
        round: &EvaluationRound,
        view: &'v EvaluationRoundView,
        page: usize,
    ) -> EvaluationPage<'v> {
        let id = &round.id.value;
        let total = view.results.len();
        let pages = page_count(total, self.config.page_size);
        let page = page.clamp(1, pages);
        let shown = paths::rows_of_page(page, self.config.page_size, total);
        let range = |key: &str| {
            i18n::with_number(self.lang, key, total)
                .replace("{from}", &(shown.start + 1).to_string())
                .replace("{to}", &shown.end.to_string())
                .replace("{part}", &page.to_string())
                .replace("{parts}", &pages.to_string())
        };
        let paginated = pages > 1;
        let url = self.urls.absolute(&paths::evaluation_page(id, page));
        EvaluationPage {
            round: view,
            results: view.results.get(shown.clone()).unwrap_or_default(),
            results_label: paginated.then(|| range("showing_results_range")),
            print_results_label: paginated.then(|| range("print_results_part")),
            pagination: paginated.then(|| self.pagination(&paths::evaluation(id), page, pages)),
            print_pagination: paginated
                .then(|| self.pagination_by(|n| paths::evaluation_print(id, n), page, pages)),
            print_href: self.urls.link(&paths::evaluation_print(id, page)),
            qr_svg: self.qr_svg(&url),
            url,
        }
    }

    /// The list of evaluation rounds, newest first.
    pub fn evaluation_index(&self) -> ListPage<EvaluationRow> {
        let items = self
            .evaluations()
            .values()
            .rev()
            .map(|r| EvaluationRow {
                title: r.title.clone(),
                href: self.urls.link(&paths::evaluation(&r.id.value)),
                held: r.held.value.to_string(),
                publicity: r.publicity.as_ref().map(|p| self.period_view(&p.value)),
                results: r.results.len(),
                overall_pct: pct_text(r.total_votes().satisfaction_rate()),
            })
            .collect();
        ListPage {
            heading: self.t("evaluations").to_string(),
            items,
        }
    }
}
