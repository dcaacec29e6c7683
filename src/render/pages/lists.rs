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

    /// Page `page` (from 1) of a task list whose first page is at `current`.
    pub(super) fn task_list<'v>(
        &'v self,
        heading: String,
        intro: Option<String>,
        rows: Vec<&'v RowRef>,
        current: &str,
        page: usize,
    ) -> TaskListPage<'v> {
        let total = rows.len();
        let size = self.config.page_size.max(1);
        let pages = page_count(total, size);
        let page = page.clamp(1, pages);
        let shown = paths::rows_of_page(page, size, total);
        let (from, to) = (shown.start, shown.end);
        let (count_label, pagination) = if pages > 1 {
            let label = i18n::with_number(self.lang, "showing_tasks_range", total)
                .replace("{from}", &(from + 1).to_string())
                .replace("{to}", &to.to_string());
            (label, Some(self.pagination(current, page, pages)))
        } else {
            (i18n::counted(self.lang, "showing_tasks", total), None)
        };
        let rows = rows.into_iter().skip(from).take(to - from).collect();
        TaskListPage {
            heading,
            intro,
            count_label,
            rows,
            facets: self.facets(current),
            all_href: self.urls.link("tasks/"),
            pagination,
            filterable: false,
        }
    }

    /// The links from page `page` of `pages` of the list at `list` to its other pages: the
    /// first, the last, and two either side of this one, so that a reader can step through
    /// 500 pages without 500 links on each.
    pub(super) fn pagination(&self, list: &str, page: usize, pages: usize) -> Pagination {
        self.pagination_by(|n| paths::list_page(list, n), page, pages)
    }

    /// As [`Self::pagination`], to pages at the paths `path_of` gives for each number.
    pub(super) fn pagination_by(
        &self,
        path_of: impl Fn(usize) -> String,
        page: usize,
        pages: usize,
    ) -> Pagination {
        let href = |n: usize| self.urls.link(&path_of(n));
        let mut links = Vec::new();
        let mut last_shown = 0;
        for n in 1..=pages {
            let near = n + 2 >= page && n <= page + 2;
            if n == 1 || n == pages || near {
                if n > last_shown + 1 {
                    links.push(None);
                }
                links.push(Some(PageLink {
                    number: n,
                    href: href(n),
                    current: n == page,
                }));
                last_shown = n;
            }
        }
        Pagination {
            label: i18n::with_number(self.lang, "page_of_total", page)
                .replace("{total}", &pages.to_string()),
            prev_href: (page > 1).then(|| href(page - 1)),
            next_href: (page < pages).then(|| href(page + 1)),
            links,
        }
    }

    /// The `<title>` of page `page` of a list headed `heading`.
    pub fn list_title(&self, heading: &str, page: usize) -> String {
        if page <= 1 {
            heading.to_string()
        } else {
            format!(
                "{heading} - {}",
                i18n::with_number(self.lang, "page_of", page)
            )
        }
    }

    /// How many pages each task list has (see [`page_count`]): the all-tasks list, by
    /// stage, status and category key; one pass over the rows.
    pub(crate) fn list_lengths(&self) -> ListLengths<'_> {
        let mut lengths = ListLengths {
            all: self.rows.len(),
            ..ListLengths::default()
        };
        for row in &self.rows {
            let row = &row.row;
            if row.category.is_some() {
                *lengths.category.entry(&row.category_name).or_default() += 1;
            }
            *lengths.stage.entry(row.stage.key).or_default() += 1;
            *lengths.status.entry(row.status.key).or_default() += 1;
        }
        lengths
    }

    pub fn tasks_index(&self, page: usize) -> TaskListPage<'_> {
        let mut list = self.task_list(
            self.t("all_tasks").to_string(),
            None,
            self.rows.iter().collect(),
            "tasks/",
            page,
        );
        list.filterable = true;
        list
    }

    pub fn stage_list(&self, stage: Stage, page: usize) -> TaskListPage<'_> {
        let rows = self.rows_where(|r| r.stage.key == stage.key());
        let heading = format!("{}：{}", self.t("col_stage"), i18n::stage(self.lang, stage));
        self.task_list(heading, None, rows, &paths::stage(stage.key()), page)
    }

    pub fn status_list(&self, status: Status, page: usize) -> TaskListPage<'_> {
        let rows = self.rows_where(|r| r.status.key == status.key());
        let heading = format!(
            "{}：{}",
            self.t("col_status"),
            i18n::status(self.lang, status)
        );
        self.task_list(heading, None, rows, &paths::status(status.key()), page)
    }

    pub fn category_list(&self, name: &str, page: usize) -> TaskListPage<'_> {
        let rows = self.rows_where(|r| r.category.is_some() && r.category_name == name);
        let heading = format!("{}：{}", self.t("category"), name);
        self.task_list(
            heading,
            None,
            rows,
            &paths::category(&self.categories[name]),
            page,
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

/// How many tasks each task list holds (see [`ListScope::list_lengths`]).
#[derive(Default)]
pub(crate) struct ListLengths<'a> {
    pub all: usize,
    pub stage: HashMap<&'a str, usize>,
    pub status: HashMap<&'a str, usize>,
    pub category: HashMap<&'a str, usize>,
}

/// How many pages a list of `rows` tasks takes at `size` a page: at least one, so that an
/// empty list still has its page.
pub(crate) fn page_count(rows: usize, size: usize) -> usize {
    rows.div_ceil(size.max(1)).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_takes_as_many_pages_as_its_rows_need_and_never_none() {
        for (rows, size, pages) in [
            (0, 100, 1),
            (1, 100, 1),
            (100, 100, 1),
            (101, 100, 2),
            (50_000, 100, 500),
            (7, 0, 7),
        ] {
            assert_eq!(page_count(rows, size), pages, "{rows} rows at {size}");
        }
    }
}
