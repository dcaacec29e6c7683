//! [`ListScope`]: every task's row, and the task lists built from them (all tasks, by stage,
//! status and category) with their facet links.

use super::TaskScope;
use super::orgs::SiteIndex;
use crate::model::*;
use crate::render::i18n;
use crate::render::urls::paths;
use crate::render::views::*;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock};

/// What the pages that list tasks are made from: the [`TaskScope`] (reached through `Deref`)
/// and every task's row, but not the tasks. The task lists, the org, category and
/// evaluation pages, the notices and the other pages built by [`ListScope`]' methods can only
/// see the rows, so `serve` keeps all of them, unbuilt, while the scope and every row's
/// hash are as last time: a ledger entry's text is on its task's page and the dashboard,
/// not in any list.
pub struct ListScope<'s> {
    pub scope: TaskScope<'s>,
    /// Every task's row, in id order (the order of `site.tasks`).
    pub rows: Vec<RowRef>,
    /// The facet links of task lists, with counts; worked out once per build, not per list.
    pub(super) facet_groups: OnceLock<Vec<FacetGroup>>,
    /// Who-is-under-whom, worked out once per build: pages asking "the tasks of this org"
    /// would otherwise each scan the whole site, which made a 10,000-task build quadratic.
    pub(super) index: OnceLock<SiteIndex<'s>>,
    /// Votes per org, worked out once per build (see [`ListScope::satisfaction_by_org`]).
    pub(super) satisfaction: OnceLock<BTreeMap<String, SatisfactionVotes>>,
}

impl<'s> std::ops::Deref for ListScope<'s> {
    type Target = TaskScope<'s>;

    fn deref(&self) -> &TaskScope<'s> {
        &self.scope
    }
}

impl<'s> ListScope<'s> {
    pub fn new(scope: TaskScope<'s>, rows: Vec<RowRef>) -> Self {
        ListScope {
            scope,
            rows,
            facet_groups: OnceLock::new(),
            index: OnceLock::new(),
            satisfaction: OnceLock::new(),
        }
    }

    /// Works out, side by side, what the list pages share: the org index, the facets and
    /// the votes per org.
    pub fn prepare(&self) {
        rayon::join(
            || {
                self.index();
            },
            || {
                self.satisfaction_by_org();
                // Last: the org facets count through the index.
                self.facet_groups.get_or_init(|| self.all_facets());
            },
        );
    }

    /// The row of the task with this id.
    pub fn row(&self, id: &str) -> Option<&TaskRow> {
        self.rows
            .binary_search_by(|r| r.row.id.as_str().cmp(id))
            .ok()
            .map(|i| &*self.rows[i].row)
    }

    pub(super) fn task_link(&self, id: &str) -> Link {
        let label = self
            .row(id)
            .map(|r| r.title.clone())
            .unwrap_or_else(|| id.to_string());
        Link {
            label,
            href: self.urls.link(&paths::task(id)),
        }
    }

    /// Rows of the given tasks, in id order.
    pub(super) fn rows_at(&self, positions: impl Iterator<Item = usize>) -> Vec<&RowRef> {
        positions.filter_map(|i| self.rows.get(i)).collect()
    }

    /// Rows of the tasks that `keep` accepts, in id order.
    pub(super) fn rows_where(&self, keep: impl Fn(&TaskRow) -> bool) -> Vec<&RowRef> {
        self.rows.iter().filter(|r| keep(&r.row)).collect()
    }

    /// The facet links shown above every task list; `current` marks the page's own facet.
    pub(super) fn facets(&self, current: &str) -> Vec<FacetGroup> {
        let mut groups = self.facet_groups.get_or_init(|| self.all_facets()).clone();
        let current_href = self.urls.link(current);
        for facet in groups.iter_mut().flat_map(|g| g.facets.iter_mut()) {
            facet.current = !current.is_empty() && *facet.href == *current_href;
        }
        groups
    }

    pub(super) fn all_facets(&self) -> Vec<FacetGroup> {
        // One pass over the rows for every count.
        let mut by_category: HashMap<&str, usize> = HashMap::new();
        let mut by_stage: HashMap<&str, usize> = HashMap::new();
        let mut by_status: HashMap<&str, usize> = HashMap::new();
        for row in &self.rows {
            let row = &row.row;
            if row.category.is_some() {
                *by_category.entry(&row.category_name).or_default() += 1;
            }
            *by_stage.entry(row.stage.key).or_default() += 1;
            *by_status.entry(row.status.key).or_default() += 1;
        }
        let facet = |label: &str, href: &str, count: usize, value: &str| Facet {
            label: Arc::from(label),
            href: Arc::from(self.urls.link(href)),
            count,
            current: false,
            value: Arc::from(value),
        };
        let orgs = self
            .orgs_in_order()
            .into_iter()
            .filter(|o| o.level != OrgLevel::Village)
            .map(|o| {
                let count = self.subtree_tasks(&o.id).len();
                facet(&o.name, &paths::org(&o.id), count, &o.id)
            })
            .filter(|f| f.count > 0)
            .collect();
        let categories = self
            .categories
            .iter()
            .map(|(name, slug)| {
                let count = by_category.get(name.as_str()).copied().unwrap_or(0);
                facet(name, &paths::category(slug), count, name)
            })
            .collect();
        let stages = Stage::ALL
            .iter()
            .map(|s| {
                let count = by_stage.get(s.key()).copied().unwrap_or(0);
                facet(
                    i18n::stage(self.lang, *s),
                    &paths::stage(s.key()),
                    count,
                    s.key(),
                )
            })
            .collect();
        let statuses = Status::ALL
            .iter()
            .map(|s| {
                let count = by_status.get(s.key()).copied().unwrap_or(0);
                facet(
                    i18n::status(self.lang, *s),
                    &paths::status(s.key()),
                    count,
                    s.key(),
                )
            })
            .collect();
        vec![
            FacetGroup {
                key: "org",
                label: self.t("filter_by_org"),
                facets: orgs,
            },
            FacetGroup {
                key: "category",
                label: self.t("filter_by_category"),
                facets: categories,
            },
            FacetGroup {
                key: "stage",
                label: self.t("filter_by_stage"),
                facets: stages,
            },
            FacetGroup {
                key: "status",
                label: self.t("filter_by_status"),
                facets: statuses,
            },
        ]
    }

    pub(super) fn task_list<'v>(
        &'v self,
        heading: String,
        intro: Option<String>,
        rows: Vec<&'v RowRef>,
        current: &str,
    ) -> TaskListPage<'v> {
        TaskListPage {
            heading,
            intro,
            count_label: i18n::with_number(self.lang, "showing_tasks", rows.len()),
            rows,
            facets: self.facets(current),
            all_href: self.urls.link("tasks/"),
        }
    }

    pub fn tasks_index(&self) -> TaskListPage<'_> {
        self.task_list(
            self.t("all_tasks").to_string(),
            None,
            self.rows.iter().collect(),
            "tasks/",
        )
    }

    pub fn stage_list(&self, stage: Stage) -> TaskListPage<'_> {
        let rows = self.rows_where(|r| r.stage.key == stage.key());
        let heading = format!("{}：{}", self.t("col_stage"), i18n::stage(self.lang, stage));
        self.task_list(heading, None, rows, &paths::stage(stage.key()))
    }

    pub fn status_list(&self, status: Status) -> TaskListPage<'_> {
        let rows = self.rows_where(|r| r.status.key == status.key());
        let heading = format!(
            "{}：{}",
            self.t("col_status"),
            i18n::status(self.lang, status)
        );
        self.task_list(heading, None, rows, &paths::status(status.key()))
    }

    pub fn category_list(&self, name: &str) -> TaskListPage<'_> {
        let rows = self.rows_where(|r| r.category.is_some() && r.category_name == name);
        let heading = format!("{}：{}", self.t("category"), name);
        self.task_list(
            heading,
            None,
            rows,
            &paths::category(&self.categories[name]),
        )
    }

    /// The categories with their task counts, as the category facet lists them.
    pub fn category_facets(&self) -> Vec<Facet> {
        self.facets("")
            .into_iter()
            .find(|g| g.key == "category")
            .map(|g| g.facets)
            .unwrap_or_default()
    }
}
