//! [`SiteScope`]: the whole site, for the pages made from more than the rows (the dashboard,
//! the free pages, the feed and the search index); and the dashboard itself.

use super::orgs::figures_of_rows;
use super::{ListScope, TaskScope};
use crate::model::text::excerpt;
use crate::model::*;
use crate::render::charts::BarItem;
use crate::render::i18n;
use crate::render::markdown::Markdown;
use crate::render::memo::Memo;
use crate::render::urls::{Urls, paths};
use crate::render::views::*;
use jiff::civil::Date;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// Everything pages are built from: the [`ListScope`] (reached through `Deref`, and through
/// them the [`TaskScope`]) and the whole site.
pub struct SiteScope<'s> {
    pub lists: ListScope<'s>,
    pub site: &'s Site,
    /// See [`SiteScope::newest_ledger`].
    newest_ledger: OnceLock<Vec<NewestEntry<'s>>>,
    /// See [`SiteScope::home`].
    home_lists: OnceLock<Arc<HomeLists>>,
    /// The publications and each task's changes.
    pub history: super::HistoryScope,
}

/// A ledger entry with its task and its position in the task's ledger.
pub type NewestEntry<'s> = (&'s Task, usize, &'s LedgerEntry);

/// How many of the newest ledger entries [`SiteScope::newest_ledger`] keeps (the feed's share;
/// the dashboard lists fewer).
pub const NEWEST_LEDGER: usize = 100;

/// How many ledger entries the dashboard lists.
const RECENT_ENTRIES: usize = 10;

impl<'s> std::ops::Deref for SiteScope<'s> {
    type Target = ListScope<'s>;

    fn deref(&self) -> &ListScope<'s> {
        &self.lists
    }
}

/// The items that can be among the `n` newest (by `date`): every item dated on or after
/// the `n`-th newest date, ties included, in their original order. Sorting that short list
/// then gives the same first `n` as sorting all of them, as long as the sort puts newer
/// dates first: a 10,000-task site has 100,000 ledger entries, and the dashboard and the
/// feed want the newest few.
pub fn newest<T>(mut items: Vec<T>, n: usize, date: impl Fn(&T) -> Date) -> Vec<T> {
    if n == 0 || items.len() <= n {
        return items;
    }
    let mut dates: Vec<Date> = items.iter().map(&date).collect();
    let (_, nth, _) = dates.select_nth_unstable_by(n - 1, |a, b| b.cmp(a));
    let threshold = *nth;
    items.retain(|item| date(item) >= threshold);
    items
}

impl<'s> SiteScope<'s> {
    /// A scope for one render, as `build` makes. Its QR codes are not remembered: a page's
    /// code is of its own address, drawn once (only the chain head's, on the few printable
    /// notices, is drawn for each).
    pub fn new(site: &'s Site, base_url: &str, drafts: bool) -> Self {
        let markdown = Arc::new(Markdown::new(&Urls::new(base_url).base_path));
        let qr_codes = Arc::new(Memo::forgetful());
        SiteScope::with_memos(site, base_url, drafts, markdown, qr_codes)
    }

    /// SiteScope that reuse the Markdown renderings and QR codes of earlier builds (`serve`).
    /// `markdown` must have been made for `base_url`'s base path. Rows have no HTML yet
    /// (see [`RowRef`]).
    pub fn with_memos(
        site: &'s Site,
        base_url: &str,
        drafts: bool,
        markdown: Arc<Markdown>,
        qr_codes: Arc<Memo>,
    ) -> Self {
        let scope = TaskScope::new(site, base_url, drafts, markdown, qr_codes);
        let rows = site
            .tasks
            .values()
            .map(|task| RowRef::new(scope.task_row(task), task))
            .collect();
        SiteScope::from_scope(scope, site, rows)
    }

    /// SiteScope with rows made elsewhere (a cache's): every task's, in `site.tasks` order.
    pub fn from_scope(scope: TaskScope<'s>, site: &'s Site, rows: Vec<RowRef>) -> Self {
        SiteScope {
            lists: ListScope::new(scope, rows),
            site,
            newest_ledger: OnceLock::new(),
            home_lists: OnceLock::new(),
            history: super::HistoryScope::default(),
        }
    }

    /// Works out, side by side, what many pages share (the org index, the facets, the
    /// newest ledger entries, the votes per org), so that the pages that need it first do
    /// not each hold the others up.
    /// `lists`: whether pages made from the lists will be built (not when all of them are
    /// kept from the last render).
    pub fn prepare(&self, lists: bool) {
        if lists {
            rayon::join(
                || self.lists.prepare(),
                || {
                    self.newest_ledger();
                },
            );
        } else {
            self.newest_ledger();
        }
    }

    /// The ledger entries that can be among the [`NEWEST_LEDGER`] newest (every entry dated
    /// on or after the newest few's oldest date, ties included), in site order; worked out
    /// once per build for the dashboard and the feed.
    pub fn newest_ledger(&self) -> &[NewestEntry<'s>] {
        self.newest_ledger.get_or_init(|| {
            let site: &'s Site = self.site;
            // Only tasks updated on or after the NEWEST_LEDGER-th newest last update can
            // hold one of the newest entries: that many tasks have an entry that new.
            let updated: Vec<Date> = self.rows.iter().filter_map(|r| r.updated).collect();
            let since = newest(updated, NEWEST_LEDGER, |d| *d).into_iter().min();
            let candidates: Vec<NewestEntry<'s>> = site
                .tasks
                .values()
                .zip(&self.rows)
                .filter(|(_, row)| since.is_some_and(|since| row.updated >= Some(since)))
                .flat_map(|(t, _)| t.ledger.iter().enumerate().map(move |(i, e)| (&**t, i, e)))
                .collect();
            newest(candidates, NEWEST_LEDGER, |(_, _, e)| e.date.value)
        })
    }

    /// The dashboard. Its part made from the lists is made once per render (or kept from
    /// the last one: see [`SiteScope::keep_home_lists`]).
    pub fn home(&self) -> HomePage<'_> {
        let lists = self
            .home_lists
            .get_or_init(|| Arc::new(self.lists.home_lists()));
        // The newest ledger entries, ties included, in site order: a stable sort of them
        // gives the same first few as a sort of every entry.
        let mut entries: Vec<(&Task, &LedgerEntry)> = self
            .newest_ledger()
            .iter()
            .map(|(t, _, e)| (*t, *e))
            .collect();
        entries.sort_by(|(ta, a), (tb, b)| {
            b.date
                .value
                .cmp(&a.date.value)
                .then(ta.id.value.cmp(&tb.id.value))
        });
        let recent = entries
            .iter()
            .take(RECENT_ENTRIES)
            .map(|(task, entry)| RecentEntry {
                date: entry.date.value.to_string(),
                kind: Label {
                    key: entry.kind.key(),
                    label: i18n::entry_kind(self.lang, entry.kind),
                },
                task: self.task_link(&task.id.value),
                org: self.org_name(&task.org.value),
                excerpt: excerpt(&self.markdown.plain_text(&entry.text), 80),
            })
            .collect();
        HomePage { lists, recent }
    }

    /// Gives the dashboard the part made from these lists by an earlier render: the
    /// caller vouches that its lists were the same (see `RenderCache::same_lists`).
    pub fn keep_home_lists(&self, home: Arc<HomeLists>) {
        let _ = self.home_lists.set(home);
    }

    /// The dashboard's part made from the lists, if this render made or kept it.
    pub fn home_lists_made(&self) -> Option<Arc<HomeLists>> {
        self.home_lists.get().cloned()
    }

    pub fn visible_pages(&self) -> Vec<&'s Document> {
        self.site
            .pages
            .values()
            .filter(|p| self.drafts || !p.draft)
            .collect()
    }
}

impl<'s> ListScope<'s> {
    /// The part of the dashboard made from the lists alone.
    pub fn home_lists(&self) -> HomeLists {
        let figures = figures_of_rows(self.rows.iter());
        let townships: Vec<&Org> = self
            .orgs_in_order()
            .into_iter()
            .filter(|o| o.level == OrgLevel::Township)
            .collect();
        let satisfaction = self.satisfaction_by_org();
        let township_bars: Vec<Bar> = townships
            .iter()
            .map(|o| {
                let s = self.org_summary(o, satisfaction);
                Bar {
                    label: s.name,
                    href: s.href,
                    total: s.total,
                    completed: s.completed,
                    pct: s.pct,
                }
            })
            .filter(|b| b.total > 0)
            .collect();
        let township_chart = (!township_bars.is_empty()).then(|| {
            let items: Vec<BarItem> = township_bars
                .iter()
                .map(|b| BarItem {
                    label: &b.label,
                    share: b.pct as f64 / 100.0,
                    value_label: format!("{}/{}（{}%）", b.completed, b.total, b.pct),
                })
                .collect();
            let rows = township_bars
                .iter()
                .map(|b| {
                    vec![
                        b.label.clone(),
                        b.total.to_string(),
                        b.completed.to_string(),
                        format!("{}%", b.pct),
                    ]
                })
                .collect();
            let headers = [
                "col_org",
                "tasks_total",
                "tasks_completed",
                "completion_rate",
            ];
            self.bar_chart("progress_by_township", &items, &headers, rows)
        });
        let mut by_stage: HashMap<&str, usize> = HashMap::new();
        for row in &self.rows {
            *by_stage.entry(row.row.stage.key).or_default() += 1;
        }
        let funnel: Vec<FunnelStep> = Stage::ALL
            .iter()
            .map(|s| FunnelStep {
                stage: Label {
                    key: s.key(),
                    label: i18n::stage(self.lang, *s),
                },
                count: by_stage.get(s.key()).copied().unwrap_or(0),
                href: self.urls.link(&paths::stage(s.key())),
            })
            .collect();
        let max = funnel.iter().map(|f| f.count).max().unwrap_or(0).max(1);
        let funnel_items: Vec<BarItem> = funnel
            .iter()
            .map(|f| BarItem {
                label: f.stage.label,
                share: f.count as f64 / max as f64,
                value_label: f.count.to_string(),
            })
            .collect();
        let funnel_rows = funnel
            .iter()
            .map(|f| vec![f.stage.label.to_string(), f.count.to_string()])
            .collect();
        let funnel_chart = self.bar_chart(
            "stage_funnel_desc",
            &funnel_items,
            &["col_stage", "count"],
            funnel_rows,
        );
        HomeLists {
            figures,
            township_bars,
            township_chart,
            funnel,
            funnel_chart,
            open_publicity: self.open_publicity(),
            evaluations: self
                .evaluations
                .values()
                .rev()
                .map(|r| Link {
                    label: r.title.clone(),
                    href: self.urls.link(&paths::evaluation(&r.id.value)),
                })
                .collect(),
            notices: self.notice_rows().into_iter().take(5).collect(),
            categories: self.category_facets(),
        }
    }
}
