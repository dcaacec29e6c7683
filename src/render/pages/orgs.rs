//! The organisation pages and index: who is under whom, and the totals of each org's tasks
//! (counted from the rows) and of its votes.

use super::ListScope;
use crate::model::*;
use crate::render::format::{pct, pct_text};
use crate::render::i18n;
use crate::render::urls::paths;
use crate::render::views::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};

pub(super) struct SiteIndex<'s> {
    /// Org id → the ids of the org and every org below it.
    subtree_orgs: HashMap<&'s str, Vec<&'s str>>,
    /// Org id → the positions (in `site.tasks`, so in `SiteScope::rows`) of the tasks of the
    /// org and every org below it, in id order.
    subtree_tasks: HashMap<&'s str, Vec<usize>>,
    /// Org id → the headline figures of those tasks (each org's are shown on its page, its
    /// parent's, the org index and the dashboard).
    figures: HashMap<&'s str, HeadlineFigures>,
}

impl<'s> SiteIndex<'s> {
    pub(super) fn new(lists: &ListScope<'s>) -> Self {
        let orgs: &'s BTreeMap<String, Org> = lists.scope.orgs;
        let mut subtree_orgs: HashMap<&str, Vec<&str>> = HashMap::new();
        for org in orgs.values() {
            for ancestor in org_and_ancestors(orgs, &org.id) {
                subtree_orgs.entry(ancestor).or_default().push(&org.id);
            }
        }
        // Each org's chain of ancestors is worked out once, not once per task.
        let mut chains: HashMap<&str, Vec<&'s str>> = HashMap::new();
        let mut subtree_tasks: HashMap<&'s str, Vec<usize>> = HashMap::new();
        for (i, row) in lists.rows.iter().enumerate() {
            let org = row.row.org_id.as_str();
            let chain = match chains.get(org) {
                Some(chain) => chain,
                None => {
                    let chain = match orgs.get_key_value(org) {
                        Some((id, _)) => org_and_ancestors(orgs, id),
                        // An unknown org (validation reports it): the task is under no org.
                        None => Vec::new(),
                    };
                    chains.entry(org).or_insert(chain)
                }
            };
            for ancestor in chain.iter() {
                subtree_tasks.entry(ancestor).or_default().push(i);
            }
        }
        // From the rows, where each task's status and flags are already worked out.
        let figures = subtree_tasks
            .iter()
            .map(|(org, positions)| {
                let rows = positions.iter().filter_map(|&i| lists.rows.get(i));
                (*org, figures_of_rows(rows))
            })
            .collect();
        SiteIndex {
            subtree_orgs,
            subtree_tasks,
            figures,
        }
    }
}

/// An org id, then its parent, grandparent… (stops at an unknown org or a cycle).
fn org_and_ancestors<'s>(orgs: &'s BTreeMap<String, Org>, id: &'s str) -> Vec<&'s str> {
    let mut chain = vec![id];
    let mut current = orgs.get(id);
    while let Some(parent) = current
        .and_then(|o| o.parent.as_ref())
        .and_then(|p| orgs.get(&p.value))
    {
        if chain.contains(&parent.id.as_str()) {
            break;
        }
        chain.push(&parent.id);
        current = Some(parent);
    }
    chain
}

/// The headline figures of the tasks whose rows these are.
pub(super) fn figures_of_rows<'r>(rows: impl Iterator<Item = &'r RowRef>) -> HeadlineFigures {
    let (mut total, mut completed, mut in_progress, mut overdue, mut stale) = (0, 0, 0, 0, 0);
    for r in rows {
        total += 1;
        let status = r.row.status.key;
        completed += usize::from(status == Status::Completed.key());
        in_progress += usize::from(status == Status::InProgress.key());
        overdue += usize::from(r.row.overdue);
        stale += usize::from(r.row.stale);
    }
    HeadlineFigures {
        total,
        completed,
        in_progress,
        overdue,
        stale,
        completion_pct: if total == 0 {
            0
        } else {
            pct(completed as f64 / total as f64)
        },
    }
}

impl<'s> ListScope<'s> {
    pub(super) fn index(&self) -> &SiteIndex<'s> {
        self.index.get_or_init(|| SiteIndex::new(self))
    }

    /// The tasks of an org and every org below it, in id order.
    pub(crate) fn subtree_tasks(&self, org_id: &str) -> &[usize] {
        self.index()
            .subtree_tasks
            .get(org_id)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    /// Totals of an org and everything under it.
    pub fn org_summary(
        &self,
        org: &Org,
        satisfaction: &BTreeMap<String, SatisfactionVotes>,
    ) -> OrgSummary {
        let figures = match self.index().figures.get(org.id.as_str()) {
            Some(figures) => figures.clone(),
            None => figures_of_rows(std::iter::empty()),
        };
        let mut votes = SatisfactionVotes::default();
        for id in self
            .index()
            .subtree_orgs
            .get(org.id.as_str())
            .into_iter()
            .flatten()
        {
            if let Some(v) = satisfaction.get(*id) {
                votes.add(v);
            }
        }
        OrgSummary {
            name: org.name.clone(),
            href: self.urls.link(&paths::org(&org.id)),
            level: Label {
                key: level_key(org.level),
                label: i18n::level(self.lang, org.level),
            },
            total: figures.total,
            completed: figures.completed,
            overdue: figures.overdue,
            pct: figures.completion_pct,
            satisfaction_pct: votes.satisfaction_rate().map(|r| pct_text(Some(r))),
        }
    }

    /// Votes of all rounds, per org that owns the evaluated task.
    pub fn satisfaction_by_org(&self) -> &BTreeMap<String, SatisfactionVotes> {
        self.satisfaction.get_or_init(|| self.count_satisfaction())
    }

    pub(super) fn count_satisfaction(&self) -> BTreeMap<String, SatisfactionVotes> {
        let mut by_org: BTreeMap<String, SatisfactionVotes> = BTreeMap::new();
        for round in self.evaluations.values() {
            for result in &round.results {
                if let Some(row) = self.row(&result.task.value) {
                    by_org
                        .entry(row.org_id.clone())
                        .or_default()
                        .add(&result.votes);
                }
            }
        }
        by_org
    }

    pub fn org_breadcrumbs(&self, org: &Org) -> Vec<Link> {
        let mut chain = Vec::new();
        let mut seen = BTreeSet::new();
        let mut current = org.parent.as_ref().and_then(|p| self.orgs.get(&p.value));
        while let Some(parent) = current {
            if !seen.insert(parent.id.clone()) {
                break;
            }
            chain.push(self.org_link(&parent.id));
            current = parent.parent.as_ref().and_then(|p| self.orgs.get(&p.value));
        }
        chain.push(self.home_crumb());
        chain.reverse();
        chain
    }

    /// Page `page` (from 1) of an org's page: its figures and sub-organisations on each,
    /// and that page of its tasks.
    pub fn org(
        &self,
        org: &Org,
        satisfaction: &BTreeMap<String, SatisfactionVotes>,
        page: usize,
    ) -> OrgPage<'_> {
        let rows = self.rows_at(self.subtree_tasks(&org.id).iter().copied());
        OrgPage {
            summary: self.org_summary(org, satisfaction),
            secretary: org.secretary.clone(),
            parent: org.parent.as_ref().map(|p| self.org_link(&p.value)),
            children: self
                .children_of(&org.id)
                .into_iter()
                .map(|c| self.org_summary(c, satisfaction))
                .collect(),
            tasks: self.task_list(
                self.t("org_tasks").to_string(),
                None,
                rows,
                &paths::org(&org.id),
                page,
            ),
        }
    }

    pub fn org_index(&self, satisfaction: &BTreeMap<String, SatisfactionVotes>) -> OrgIndexPage {
        let mut items = Vec::new();
        let roots: Vec<&Org> = self
            .orgs_in_order()
            .into_iter()
            .filter(|o| {
                o.parent
                    .as_ref()
                    .is_none_or(|p| !self.orgs.contains_key(&p.value))
            })
            .collect();
        let mut stack: Vec<(&Org, usize)> = roots.into_iter().rev().map(|o| (o, 0)).collect();
        let mut seen = BTreeSet::new();
        while let Some((org, depth)) = stack.pop() {
            if !seen.insert(org.id.clone()) {
                continue;
            }
            items.push(OrgTreeItem {
                summary: self.org_summary(org, satisfaction),
                depth,
            });
            for child in self.children_of(&org.id).into_iter().rev() {
                stack.push((child, depth + 1));
            }
        }
        OrgIndexPage { orgs: items }
    }
}

fn level_key(level: OrgLevel) -> &'static str {
    match level {
        OrgLevel::District => "district",
        OrgLevel::Township => "township",
        OrgLevel::Village => "village",
        OrgLevel::Department => "department",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::pages::SiteScope;

    /// The figures counted from the tasks themselves, as a reference for the rows.
    fn figures(views: &SiteScope, tasks: &[&Task]) -> HeadlineFigures {
        let as_of = views.site.as_of;
        let total = tasks.len();
        let completed = tasks
            .iter()
            .filter(|t| t.status.value == Status::Completed)
            .count();
        HeadlineFigures {
            total,
            completed,
            in_progress: tasks
                .iter()
                .filter(|t| t.status.value == Status::InProgress)
                .count(),
            overdue: tasks.iter().filter(|t| t.is_overdue(as_of)).count(),
            stale: tasks.iter().filter(|t| views.is_stale(t)).count(),
            completion_pct: if total == 0 {
                0
            } else {
                pct(completed as f64 / total as f64)
            },
        }
    }

    /// Org figures are counted from rows; they must agree with counting the tasks.
    #[test]
    fn figures_from_rows_equal_figures_from_tasks() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let site = crate::load::load_site(root).site.unwrap();
        let views = SiteScope::new(&site, "https://example.org/", false);
        let tasks: Vec<&Task> = site.tasks.values().map(|t| &**t).collect();
        let json = |f: &HeadlineFigures| serde_json::to_string(f).unwrap();
        let all = figures_of_rows(views.rows.iter());
        assert_eq!(json(&all), json(&figures(&views, &tasks)));
        assert!(all.completed > 0 && all.in_progress > 0 && all.overdue + all.stale > 0);
        for org in site.orgs.values() {
            let positions = views.subtree_tasks(&org.id);
            let subtree: Vec<&Task> = positions.iter().map(|&i| tasks[i]).collect();
            let from_rows = views.index().figures.get(org.id.as_str()).cloned();
            let from_tasks = (!subtree.is_empty()).then(|| figures(&views, &subtree));
            assert_eq!(
                from_rows.as_ref().map(json),
                from_tasks.as_ref().map(json),
                "{}",
                org.id
            );
        }
    }
}
