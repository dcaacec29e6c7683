//! Building the view of each page from the model. Figures shared by many pages (a task's
//! row, an org's totals) are computed once in [`Views::new`]; each page then takes what it
//! needs by reference, so no page holds a copy of the whole model.

use super::charts::{self, BarItem};
use super::format::{money, number, pct, pct_text};
use super::i18n;
use super::markdown::{Markdown, excerpt};
use super::memo::Memo;
use super::qr;
use super::urls::{Urls, anchors, paths};
use super::views::*;
use crate::model::*;
use jiff::civil::Date;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::sync::{Arc, OnceLock};

/// What a task's own page and row are made from, besides the task itself: everything in
/// the site but the other tasks (and the two things derived from all of them: the category
/// slugs and the "as of" date). `serve` keeps a task's page and row for as long as the task
/// and [`Scope::fingerprint`] are unchanged; this type is what makes that safe, since a
/// task page is built by [`Scope::task_page`], which has no way to reach another task.
pub struct Scope<'s> {
    pub lang: Language,
    pub urls: Urls,
    pub markdown: Arc<Markdown>,
    /// QR codes by address (drawing one is the most expensive part of a task page).
    qr_codes: Arc<Memo>,
    pub site_view: SiteView,
    /// Category name → slug.
    pub categories: BTreeMap<String, String>,
    pub drafts: bool,
    pub config: &'s SiteConfig,
    pub orgs: &'s BTreeMap<String, Org>,
    pub as_of: Date,
    evaluations: &'s BTreeMap<String, EvaluationRound>,
    notices: &'s BTreeMap<String, Document>,
    /// Task id → its results, in round order (from `evaluations`).
    results: HashMap<&'s str, Vec<(&'s EvaluationRound, &'s EvaluationResult)>>,
    /// Task id → the visible notices that name it, newest first (from `notices`).
    notices_by_task: HashMap<&'s str, Vec<&'s Document>>,
}

/// What the pages that list tasks are made from: the [`Scope`] (reached through `Deref`)
/// and every task's row, but not the tasks. The task lists, the org, category and
/// evaluation pages, the notices and the other pages built by [`Lists`]' methods can only
/// see the rows, so `serve` keeps all of them, unbuilt, while the scope and every row's
/// hash are as last time: a ledger entry's text is on its task's page and the dashboard,
/// not in any list.
pub struct Lists<'s> {
    pub scope: Scope<'s>,
    /// Every task's row, in id order (the order of `site.tasks`).
    pub rows: Vec<RowRef>,
    /// The facet links of task lists, with counts; worked out once per build, not per list.
    facet_groups: OnceLock<Vec<FacetGroup>>,
    /// Who-is-under-whom, worked out once per build: pages asking "the tasks of this org"
    /// would otherwise each scan the whole site, which made a 10,000-task build quadratic.
    index: OnceLock<SiteIndex<'s>>,
    /// Votes per org, worked out once per build (see [`Lists::satisfaction_by_org`]).
    satisfaction: OnceLock<BTreeMap<String, SatisfactionVotes>>,
}

/// Everything pages are built from: the [`Lists`] (reached through `Deref`, and through
/// them the [`Scope`]) and the whole site.
pub struct Views<'s> {
    pub lists: Lists<'s>,
    pub site: &'s Site,
    /// See [`Views::newest_ledger`].
    newest_ledger: OnceLock<Vec<NewestEntry<'s>>>,
    /// See [`Views::home`].
    home_lists: OnceLock<Arc<HomeLists>>,
}

/// A ledger entry with its task and its position in the task's ledger.
pub type NewestEntry<'s> = (&'s Task, usize, &'s LedgerEntry);

/// How many of the newest ledger entries [`Views::newest_ledger`] keeps (the feed's share;
/// the dashboard lists fewer).
pub const NEWEST_LEDGER: usize = 100;

impl<'s> std::ops::Deref for Lists<'s> {
    type Target = Scope<'s>;

    fn deref(&self) -> &Scope<'s> {
        &self.scope
    }
}

impl<'s> std::ops::Deref for Views<'s> {
    type Target = Lists<'s>;

    fn deref(&self) -> &Lists<'s> {
        &self.lists
    }
}

struct SiteIndex<'s> {
    /// Org id → the ids of the org and every org below it.
    subtree_orgs: HashMap<&'s str, Vec<&'s str>>,
    /// Org id → the positions (in `site.tasks`, so in `Views::rows`) of the tasks of the
    /// org and every org below it, in id order.
    subtree_tasks: HashMap<&'s str, Vec<usize>>,
    /// Org id → the headline figures of those tasks (each org's are shown on its page, its
    /// parent's, the org index and the dashboard).
    figures: HashMap<&'s str, HeadlineFigures>,
}

impl<'s> SiteIndex<'s> {
    fn new(lists: &Lists<'s>) -> Self {
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
fn figures_of_rows<'r>(rows: impl Iterator<Item = &'r RowRef>) -> HeadlineFigures {
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

/// How many ledger entries the dashboard lists.
const RECENT_ENTRIES: usize = 10;

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

/// Category names become ASCII slugs (Chinese is transliterated to pinyin); names that
/// collide get `-2`, `-3`… in name order, so slugs stay stable as categories are added.
pub fn category_slugs<'a>(names: impl Iterator<Item = &'a str>) -> BTreeMap<String, String> {
    let names: BTreeSet<&str> = names.collect();
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut slugs = BTreeMap::new();
    for name in names {
        let mut base = slug::slugify(name);
        if base.is_empty() {
            base = "category".to_string();
        }
        let mut candidate = base.clone();
        let mut n = 2;
        while taken.contains(&candidate) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        taken.insert(candidate.clone());
        slugs.insert(name.to_string(), candidate);
    }
    slugs
}

impl<'s> Scope<'s> {
    pub fn new(
        site: &'s Site,
        base_url: &str,
        drafts: bool,
        markdown: Arc<Markdown>,
        qr_codes: Arc<Memo>,
    ) -> Self {
        let lang = site.config.language;
        let urls = Urls::new(base_url);
        let categories = category_slugs(site.tasks.values().filter_map(|t| t.category.as_deref()));
        let t = i18n::strings(lang);
        let nav = vec![
            Link {
                label: t["nav_home"].to_string(),
                href: urls.link(""),
            },
            Link {
                label: t["nav_tasks"].to_string(),
                href: urls.link("tasks/"),
            },
            Link {
                label: t["nav_evaluations"].to_string(),
                href: urls.link("evaluations/"),
            },
            Link {
                label: t["nav_notices"].to_string(),
                href: urls.link("notices/"),
            },
            Link {
                label: t["nav_data"].to_string(),
                href: urls.link("data/"),
            },
        ];
        let pages = site
            .pages
            .values()
            .filter(|p| drafts || !p.draft)
            .map(|p| Link {
                label: p.title.clone(),
                href: urls.link(&paths::page(&p.slug)),
            })
            .collect();
        let feedback =
            (!site.config.feedback.is_empty()).then(|| feedback_view(&site.config.feedback));
        let marks = &site.config.registration;
        let registration = (*marks != Registration::default()).then(|| RegistrationView {
            site_code: marks.site_code.clone(),
            icp: marks.icp.clone(),
            police: marks.police.clone(),
        });
        let domain = urls
            .base_url
            .split("://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_default()
            .to_string();
        let site_view = SiteView {
            title: site.config.title.clone(),
            publisher: site.config.publisher.clone(),
            lang: lang.code(),
            base_path: urls.base_path.clone(),
            base_url: urls.base_url.clone(),
            as_of: site.as_of.to_string(),
            feedback,
            registration,
            domain,
            nav,
            pages,
            t,
            css_href: urls.link("assets/style.css"),
            js_href: urls.link("assets/site.js"),
            print_css_href: urls.link("assets/print.css"),
            a11y_css_href: urls.link("assets/a11y.css"),
            search_href: urls.link("search/"),
            feed_href: urls.link("atom.xml"),
            data_href: urls.link("data/"),
            home_href: urls.link(""),
        };
        let mut results: HashMap<&str, Vec<_>> = HashMap::new();
        for round in site.evaluations.values() {
            for result in &round.results {
                results
                    .entry(result.task.value.as_str())
                    .or_default()
                    .push((round, result));
            }
        }
        let mut notices_by_task: HashMap<&str, Vec<&Document>> = HashMap::new();
        for notice in visible_notices(&site.notices, drafts) {
            let named: BTreeSet<&str> = notice.tasks.iter().map(|t| t.value.as_str()).collect();
            for task in named {
                notices_by_task.entry(task).or_default().push(notice);
            }
        }
        Scope {
            lang,
            urls,
            markdown,
            qr_codes,
            site_view,
            categories,
            drafts,
            config: &site.config,
            orgs: &site.orgs,
            as_of: site.as_of,
            evaluations: &site.evaluations,
            notices: &site.notices,
            results,
            notices_by_task,
        }
    }

    /// A hash of everything a task page or row can see besides its task. The memos are
    /// left out: they are caches of pure functions of their keys (and the base path, which
    /// `urls` holds). Every field is named here, so a field added to [`Scope`] cannot be
    /// forgotten: this does not compile until it is hashed or said to be derived.
    pub fn fingerprint(&self) -> u128 {
        let Scope {
            lang,
            urls,
            markdown: _,
            qr_codes: _,
            site_view,
            categories,
            drafts,
            config,
            orgs,
            as_of,
            evaluations,
            notices,
            results: _,         // from `evaluations`
            notices_by_task: _, // from `notices` and `drafts`
        } = self;
        let mut hasher = DebugHasher::default();
        // Debug output names every field of every record, so nothing is left out.
        let _ = write!(
            hasher,
            "{lang:?}|{urls:?}|{site_view:?}|{categories:?}|{drafts:?}|{config:?}|{orgs:?}|{as_of:?}|{evaluations:?}|{notices:?}"
        );
        hasher.finish()
    }

    /// A task's page and its meta: built from the task and this scope alone.
    pub fn task_page(&self, task: &Task, path: &str) -> (PageMeta, TaskPage) {
        let mut crumbs = self.tasks_breadcrumbs();
        crumbs.push(self.org_link(&task.org.value));
        let mut meta = self.meta(&task.title, path, "tasks", crumbs);
        meta.description = excerpt(&self.markdown.plain_text(&task.plan), 120);
        let date = task
            .last_updated()
            .or_else(|| task.start.as_ref().map(|d| d.value));
        let meta = self.article(meta, date, self.org_name(&task.org.value));
        (meta, self.task(task))
    }

    /// The evaluation rounds, by id.
    pub fn evaluations(&self) -> &'s BTreeMap<String, EvaluationRound> {
        self.evaluations
    }

    /// The orgs in their display order.
    pub fn orgs_in_order(&self) -> Vec<&'s Org> {
        crate::model::orgs_in_order(self.orgs)
    }

    /// The orgs directly under `org_id`, in display order.
    pub fn children_of(&self, org_id: &str) -> Vec<&'s Org> {
        crate::model::children_of(self.orgs, org_id)
    }

    /// A bar chart with the same figures as a table; `title` and `headers` are text keys.
    fn bar_chart(
        &self,
        title: &str,
        items: &[BarItem],
        headers: &[&str],
        rows: Vec<Vec<String>>,
    ) -> ChartView {
        ChartView {
            svg: charts::horizontal_bars(self.t(title), items),
            caption: self.t(title).to_string(),
            headers: headers.iter().map(|h| self.t(h).to_string()).collect(),
            rows,
        }
    }

    pub fn t(&self, key: &str) -> &'static str {
        i18n::text(self.lang, key)
    }

    pub fn meta(
        &self,
        title: &str,
        path: &str,
        section: &'static str,
        breadcrumbs: Vec<Link>,
    ) -> PageMeta {
        PageMeta {
            title: title.to_string(),
            description: format!("{} — {}", title, self.config.title),
            canonical: self.urls.absolute(path),
            section,
            breadcrumbs,
            path: path.to_string(),
            column: match section {
                "home" => self.t("nav_home").to_string(),
                "tasks" => self.t("nav_tasks").to_string(),
                "evaluations" => self.t("nav_evaluations").to_string(),
                "notices" => self.t("nav_notices").to_string(),
                "data" => self.t("nav_data").to_string(),
                "search" => self.t("nav_search").to_string(),
                _ => title.to_string(),
            },
            pub_date: None,
            content_source: None,
        }
    }

    /// The article marks of a page with a date of its own (a task, a notice, a round): the
    /// date is the page's, never the clock's.
    pub fn article(&self, mut meta: PageMeta, date: Option<Date>, source: String) -> PageMeta {
        meta.pub_date = date.map(|d| d.to_string());
        meta.content_source = Some(source);
        meta
    }

    pub fn home_crumb(&self) -> Link {
        Link {
            label: self.t("nav_home").to_string(),
            href: self.urls.link(""),
        }
    }

    pub fn org_name(&self, id: &str) -> String {
        self.orgs
            .get(id)
            .map(|o| o.name.clone())
            .unwrap_or_else(|| id.to_string())
    }

    pub fn org_link(&self, id: &str) -> Link {
        Link {
            label: self.org_name(id),
            href: self.urls.link(&paths::org(id)),
        }
    }

    /// The org and its ancestors, nearest first (cycle-safe).
    pub fn org_path(&self, org_id: &str) -> Vec<String> {
        let mut path = Vec::new();
        let mut current = self.orgs.get(org_id);
        while let Some(org) = current {
            if path.contains(&org.id) {
                break;
            }
            path.push(org.id.clone());
            current = org.parent.as_ref().and_then(|p| self.orgs.get(&p.value));
        }
        if path.is_empty() {
            path.push(org_id.to_string());
        }
        path
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

    pub fn period_view(&self, period: &Period) -> PeriodView {
        let state = period.state(self.as_of);
        PeriodView {
            from: period.from.to_string(),
            to: period.to.to_string(),
            state: match state {
                PeriodState::Upcoming => "upcoming",
                PeriodState::Open => "open",
                PeriodState::Closed => "closed",
            },
            state_label: i18n::period_state(self.lang, state),
            days_label: i18n::with_number(self.lang, "publicity_days", period.days()),
        }
    }

    /// A QR code leading to `url`.
    pub fn qr_svg(&self, url: &str) -> String {
        let label = self.t("qr_caption");
        self.qr_codes
            .get_or_make(&[url, label], || qr::svg(url, label))
    }

    pub fn tasks_breadcrumbs(&self) -> Vec<Link> {
        vec![
            self.home_crumb(),
            Link {
                label: self.t("nav_tasks").to_string(),
                href: self.urls.link("tasks/"),
            },
        ]
    }

    pub fn task(&self, task: &Task) -> TaskPage {
        let as_of = self.as_of;
        let lang = self.lang;
        let row = Arc::new(self.task_row(task));
        let deadline_note = match (task.status.value, task.days_left(as_of)) {
            (Status::Completed, _) => Some(self.t("completed_note").to_string()),
            (_, Some(0)) => Some(self.t("due_today").to_string()),
            (_, Some(d)) if d > 0 => Some(i18n::with_number(lang, "days_left", d)),
            (_, Some(d)) => Some(i18n::with_number(lang, "days_overdue", -d)),
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
            .map(|(round, r)| TaskResultView {
                round: Link {
                    label: round.title.clone(),
                    href: self.urls.link(&paths::evaluation(&round.id.value)),
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
        TaskPage {
            row,
            leader_role: task.leader.role.clone(),
            year: task.effective_year(),
            start: task.start.as_ref().map(|d| d.value.to_string()),
            deadline_note,
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
            qr_svg: self.qr_svg(&url),
            url,
        }
    }
}

/// Feeds formatted text into a hasher, without building the text.
#[derive(Default)]
struct DebugHasher(siphasher::sip128::SipHasher13);

impl DebugHasher {
    fn finish(&self) -> u128 {
        use siphasher::sip128::Hasher128 as _;
        self.0.finish128().as_u128()
    }
}

impl std::fmt::Write for DebugHasher {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        use std::hash::Hasher as _;
        self.0.write(s.as_bytes());
        Ok(())
    }
}

/// The notices a reader sees (drafts only in a preview), newest first.
fn visible_notices(notices: &BTreeMap<String, Document>, drafts: bool) -> Vec<&Document> {
    let mut notices: Vec<&Document> = notices.values().filter(|n| drafts || !n.draft).collect();
    notices.sort_by(|a, b| {
        b.date
            .as_ref()
            .map(|d| d.value)
            .cmp(&a.date.as_ref().map(|d| d.value))
            .then(a.slug.cmp(&b.slug))
    });
    notices
}

impl<'s> Views<'s> {
    pub fn new(site: &'s Site, base_url: &str, drafts: bool) -> Self {
        let markdown = Arc::new(Markdown::new(&Urls::new(base_url).base_path));
        Views::with_memos(site, base_url, drafts, markdown, Arc::default())
    }

    /// Views that reuse the Markdown renderings and QR codes of earlier builds (`serve`).
    /// `markdown` must have been made for `base_url`'s base path. Rows have no HTML yet
    /// (see [`RowRef`]).
    pub fn with_memos(
        site: &'s Site,
        base_url: &str,
        drafts: bool,
        markdown: Arc<Markdown>,
        qr_codes: Arc<Memo>,
    ) -> Self {
        let scope = Scope::new(site, base_url, drafts, markdown, qr_codes);
        let rows = site
            .tasks
            .values()
            .map(|task| RowRef::new(scope.task_row(task), task))
            .collect();
        Views::from_scope(scope, site, rows)
    }

    /// Views with rows made elsewhere (a cache's): every task's, in `site.tasks` order.
    pub fn from_scope(scope: Scope<'s>, site: &'s Site, rows: Vec<RowRef>) -> Self {
        Views {
            lists: Lists::new(scope, rows),
            site,
            newest_ledger: OnceLock::new(),
            home_lists: OnceLock::new(),
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
    /// the last one: see [`Views::keep_home_lists`]).
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

impl<'s> Lists<'s> {
    pub fn new(scope: Scope<'s>, rows: Vec<RowRef>) -> Self {
        Lists {
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

    fn index(&self) -> &SiteIndex<'s> {
        self.index.get_or_init(|| SiteIndex::new(self))
    }

    /// The tasks of an org and every org below it, in id order.
    fn subtree_tasks(&self, org_id: &str) -> &[usize] {
        self.index()
            .subtree_tasks
            .get(org_id)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    fn task_link(&self, id: &str) -> Link {
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
    fn rows_at(&self, positions: impl Iterator<Item = usize>) -> Vec<&RowRef> {
        positions.filter_map(|i| self.rows.get(i)).collect()
    }

    /// Rows of the tasks that `keep` accepts, in id order.
    fn rows_where(&self, keep: impl Fn(&TaskRow) -> bool) -> Vec<&RowRef> {
        self.rows.iter().filter(|r| keep(&r.row)).collect()
    }

    /// The facet links shown above every task list; `current` marks the page's own facet.
    fn facets(&self, current: &str) -> Vec<FacetGroup> {
        let mut groups = self.facet_groups.get_or_init(|| self.all_facets()).clone();
        let current_href = self.urls.link(current);
        for facet in groups.iter_mut().flat_map(|g| g.facets.iter_mut()) {
            facet.current = !current.is_empty() && *facet.href == *current_href;
        }
        groups
    }

    fn all_facets(&self) -> Vec<FacetGroup> {
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

    fn task_list<'v>(
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

    fn count_satisfaction(&self) -> BTreeMap<String, SatisfactionVotes> {
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

    /// The categories with their task counts, as the category facet lists them.
    pub fn category_facets(&self) -> Vec<Facet> {
        self.facets("")
            .into_iter()
            .find(|g| g.key == "category")
            .map(|g| g.facets)
            .unwrap_or_default()
    }

    /// Evaluation rounds and notices whose publicity period is open on `as_of`.
    pub fn open_publicity(&self) -> Vec<PublicityItem> {
        let as_of = self.as_of;
        let mut items = Vec::new();
        for round in self.evaluations.values() {
            if let Some(p) = &round.publicity
                && p.value.state(as_of) == PeriodState::Open
            {
                items.push(PublicityItem {
                    title: round.title.clone(),
                    href: self.urls.link(&paths::evaluation(&round.id.value)),
                    print_href: self.urls.link(&paths::evaluation_print(&round.id.value)),
                    period: self.period_view(&p.value),
                });
            }
        }
        for notice in self.visible_notices() {
            if let Some(p) = &notice.publicity
                && p.value.state(as_of) == PeriodState::Open
            {
                items.push(PublicityItem {
                    title: notice.title.clone(),
                    href: self.urls.link(&paths::notice(&notice.slug)),
                    print_href: self.urls.link(&paths::notice_print(&notice.slug)),
                    period: self.period_view(&p.value),
                });
            }
        }
        items
    }

    pub fn visible_notices(&self) -> Vec<&'s Document> {
        visible_notices(self.notices, self.drafts)
    }

    pub fn notice_rows(&self) -> Vec<NoticeRow> {
        self.visible_notices()
            .into_iter()
            .map(|n| NoticeRow {
                title: n.title.clone(),
                href: self.urls.link(&paths::notice(&n.slug)),
                date: n
                    .date
                    .as_ref()
                    .map(|d| d.value.to_string())
                    .unwrap_or_default(),
                publicity: n.publicity.as_ref().map(|p| self.period_view(&p.value)),
            })
            .collect()
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

    pub fn org(
        &self,
        org: &Org,
        satisfaction: &BTreeMap<String, SatisfactionVotes>,
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

    pub fn evaluation(&self, round: &EvaluationRound) -> EvaluationPage {
        let lang = self.lang;
        let results: Vec<ResultRow> = round
            .results
            .iter()
            .map(|r| {
                let row = self.row(&r.task.value);
                ResultRow {
                    anchor: anchors::result(&r.task.value),
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
        let url = self.urls.absolute(&paths::evaluation(&round.id.value));
        EvaluationPage {
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
            print_href: self.urls.link(&paths::evaluation_print(&round.id.value)),
            qr_svg: self.qr_svg(&url),
            url,
        }
    }

    /// The title a 公示 carries, as official documents are titled: issuing unit, matter,
    /// kind (`中共肃州区委组织部关于2022年度评议结果的公示`). A matter already written as
    /// `关于…的公示` is not wrapped twice, nor is one that already names the unit.
    pub fn publicity_title(&self, matter: &str) -> String {
        let unit = self.config.publisher.trim();
        let matter = matter.trim();
        let matter = matter
            .strip_prefix(unit)
            .map(str::trim_start)
            .unwrap_or(matter);
        let matter = matter.strip_prefix("关于").unwrap_or(matter);
        let matter = matter
            .strip_suffix("的公示")
            .or_else(|| matter.strip_suffix("公示"))
            .unwrap_or(matter);
        self.t("publicity_title")
            .replace("{unit}", unit)
            .replace("{matter}", matter)
    }

    pub fn document(&self, doc: &Document, is_notice: bool) -> DocumentPage {
        let path = if is_notice {
            paths::notice(&doc.slug)
        } else {
            paths::page(&doc.slug)
        };
        let url = self.urls.absolute(&path);
        let has_print = is_notice && doc.publicity.is_some();
        DocumentPage {
            title: doc.title.clone(),
            date: doc.date.as_ref().map(|d| d.value.to_string()),
            html: self.markdown.render(&doc.body),
            tasks: doc.tasks.iter().map(|t| self.task_link(&t.value)).collect(),
            publicity: doc.publicity.as_ref().map(|p| self.period_view(&p.value)),
            print_href: has_print.then(|| self.urls.link(&paths::notice_print(&doc.slug))),
            publicity_title: self.publicity_title(&doc.title),
            issuing_unit: self.config.publisher.clone(),
            qr_svg: has_print.then(|| self.qr_svg(&url)),
            url,
        }
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

fn feedback_view(feedback: &Feedback) -> FeedbackView {
    FeedbackView {
        phone: feedback.phone.clone(),
        phone_href: feedback.phone.as_ref().map(|p| {
            let digits: String = p
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect();
            format!("tel:{digits}")
        }),
        email: feedback.email.clone(),
        email_href: feedback.email.as_ref().map(|e| format!("mailto:{e}")),
        address: feedback.address.clone(),
        hours: feedback.hours.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The figures counted from the tasks themselves, as a reference for the rows.
    fn figures(views: &Views, tasks: &[&Task]) -> HeadlineFigures {
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
        let views = Views::new(&site, "https://example.org/", false);
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

    #[test]
    fn category_slugs_are_pinyin_and_unique() {
        let slugs =
            category_slugs(["农房改造", "村集体经济", "Nong Fang Gai Zao", "！！"].into_iter());
        // Names are taken in byte order: the Latin spelling sorts first and keeps the base.
        assert_eq!(slugs["Nong Fang Gai Zao"], "nong-fang-gai-zao");
        assert_eq!(slugs["农房改造"], "nong-fang-gai-zao-2");
        assert_eq!(slugs["村集体经济"], "cun-ji-ti-jing-ji");
        assert_eq!(slugs["！！"], "category");
    }

    #[test]
    fn a_publicity_title_names_the_unit_the_matter_and_the_kind_once() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        let site = crate::load::load_site(&root)
            .site
            .expect("the fixture loads");
        let views = Views::new(&site, "https://example.org/", false);
        for (matter, title) in [
            (
                "2022年度评议结果",
                "中共测试区委组织部关于2022年度评议结果的公示",
            ),
            (
                "关于2022年度评议结果的公示",
                "中共测试区委组织部关于2022年度评议结果的公示",
            ),
            (
                "2022年度评议结果公示",
                "中共测试区委组织部关于2022年度评议结果的公示",
            ),
            (
                "中共测试区委组织部关于2022年度评议结果的公示",
                "中共测试区委组织部关于2022年度评议结果的公示",
            ),
        ] {
            assert_eq!(views.publicity_title(matter), title, "{matter}");
        }
    }
}
