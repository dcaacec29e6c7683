//! What templates see: typed view structs built from the model, with every label, number
//! and link already worked out, so templates only lay things out. Each page gets
//! `site` (the same small struct on every page), `meta` (title, canonical address) and
//! `page` (one of the structs below).

use super::view_hash::hash_of;
use serde::{Serialize, Serializer};
use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Clone, Debug, Hash, Serialize)]
pub struct SiteView {
    pub title: String,
    pub publisher: String,
    pub lang: &'static str,
    pub base_path: String,
    pub base_url: String,
    pub as_of: String,
    pub feedback: Option<FeedbackView>,
    /// The footer's registration marks, when site.yaml has any.
    pub registration: Option<RegistrationView>,
    /// The host of `base_url`, for `<meta name="SiteDomain">`.
    pub domain: String,
    pub nav: Vec<Link>,
    /// Free pages, for the footer.
    pub pages: Vec<Link>,
    /// Interface strings by key: `site.t.nav_home`.
    pub t: BTreeMap<&'static str, &'static str>,
    pub css_href: String,
    pub js_href: String,
    pub print_css_href: String,
    /// The large-text, high-contrast stylesheet (适老化).
    pub a11y_css_href: String,
    /// The search page; None when the site has no search (`search: false`).
    pub search_href: Option<String>,
    pub feed_href: String,
    pub data_href: String,
    pub changes_href: String,
    pub home_href: String,
}

#[derive(Clone, Debug, Hash, Serialize)]
pub struct FeedbackView {
    pub phone: Option<String>,
    pub email: Option<String>,
    pub email_href: Option<String>,
    pub phone_href: Option<String>,
    pub address: Option<String>,
    pub hours: Option<String>,
}

#[derive(Clone, Debug, Hash, Serialize)]
pub struct RegistrationView {
    pub site_code: Option<String>,
    pub icp: Option<String>,
    pub police: Option<String>,
}

#[derive(Clone, Debug, Hash, Serialize)]
pub struct Link {
    pub label: String,
    pub href: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct PageMeta {
    /// `<title>` (without the site title).
    pub title: String,
    pub description: String,
    pub canonical: String,
    /// Which main navigation entry is current: home, tasks, evaluations, notices, search, data.
    pub section: &'static str,
    pub breadcrumbs: Vec<Link>,
    /// Output path of the page (for the search index and tests).
    pub path: String,
    /// `<meta name="ColumnName">`: the section of the site the page belongs to.
    pub column: String,
    /// The article marks of task, notice and evaluation pages: `<meta name="PubDate">` (the
    /// page's own date) and `ContentSource` (who is responsible for the content).
    pub pub_date: Option<String>,
    pub content_source: Option<String>,
    /// In `serve` only: the page shows content that differs from the newest publication.
    pub unpublished: bool,
    /// The publication chain's head, on printable notices and the changes page.
    pub chain: Option<ChainMark>,
}

/// The head of the publication chain as a reader compares it: its short form (as on paper),
/// the full hash and a QR code of it.
#[derive(Clone, Debug, Serialize)]
pub struct ChainMark {
    pub number: u32,
    pub short: String,
    pub full: String,
    pub qr_svg: String,
    /// One line saying what the code is for.
    pub note: String,
    pub changes_href: String,
}

/// One line of a publication's differences, linked to the page it is about when that page
/// exists.
#[derive(Clone, Debug, Serialize)]
pub struct ChangeLine {
    pub text: String,
    pub href: Option<String>,
}

/// The differences of one kind (tasks changed, results changed…) in a publication.
#[derive(Clone, Debug, Serialize)]
pub struct ChangeSection {
    pub heading: String,
    pub lines: Vec<ChangeLine>,
}

/// One publication on the changes page.
#[derive(Clone, Debug, Serialize)]
pub struct PublicationView {
    pub number: u32,
    /// Its anchor on the changes page.
    pub anchor: String,
    pub heading: String,
    pub as_of: String,
    pub note: String,
    pub chain_short: String,
    pub chain: String,
    /// "记录任务 12 项…" for the first, "5 处变化" for the others.
    pub summary: String,
    pub sections: Vec<ChangeSection>,
    /// Differences not shown here, and where to see them.
    pub more: Option<String>,
    pub more_href: Option<String>,
    /// The publication file, for download.
    pub file_href: String,
}

/// `changes/index.html` and a publication's own page.
#[derive(Clone, Debug, Serialize)]
pub struct ChangesPage {
    pub heading: String,
    pub publications: Vec<PublicationView>,
}

/// A task's publication history on its page.
#[derive(Clone, Debug, Serialize)]
pub struct TaskHistoryView {
    /// "自首次公示以来修改 2 次" or "本任务尚未公示".
    pub summary: String,
    /// Newest first.
    pub changes: Vec<TaskChangeView>,
}

#[derive(Clone, Debug, Serialize)]
pub struct TaskChangeView {
    pub label: String,
    pub date: String,
    pub href: String,
    pub lines: Vec<String>,
}

/// A labelled enum value: `key` for CSS classes, `label` for people.
#[derive(Clone, Debug, Serialize)]
pub struct Label {
    pub key: &'static str,
    pub label: &'static str,
}

/// One task in a list.
#[derive(Clone, Debug, Serialize)]
pub struct TaskRow {
    pub id: String,
    pub title: String,
    pub href: String,
    pub org: Link,
    pub org_id: String,
    /// The ids of the task's org and every org above it: a filter by township also finds
    /// its villages' tasks.
    pub org_path: Vec<String>,
    pub leader: String,
    pub category: Option<Link>,
    pub category_name: String,
    pub stage: Label,
    pub status: Label,
    pub progress_pct: u32,
    pub overdue: bool,
    pub stale: bool,
    pub deadline: Option<String>,
    pub last_updated: Option<String>,
}

/// A task's row as every list shows it: the row, a hash of it, and its HTML, rendered once
/// through `partials/task_row.html` (with `site` and `row`) however many lists show the
/// task. Lists are where a large site's pages get long: the all-tasks page of a
/// 10,000-task site has 10,000 rows, and the task is also in its stage's, status's,
/// category's and orgs' lists. Templates, and so the page hashes, see `{ html }`.
#[derive(Clone, Debug)]
pub struct RowRef {
    pub row: Arc<TaskRow>,
    /// A hash of everything in `row` (see [`hash_of`]).
    pub hash: u128,
    /// None until the render fills it in.
    pub html: Option<Arc<str>>,
    /// The task's last ledger date (what `row.last_updated` shows), for picking the newest
    /// entries without reading every ledger.
    pub updated: Option<jiff::civil::Date>,
}

impl RowRef {
    /// The row of `task`, made by `TaskScope::task_row`, without its HTML yet.
    pub fn new(row: TaskRow, task: &crate::model::Task) -> Self {
        RowRef {
            hash: hash_of(&row),
            row: Arc::new(row),
            html: None,
            updated: task.last_updated(),
        }
    }
}

impl Serialize for RowRef {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct as _;
        let mut row = serializer.serialize_struct("RowRef", 1)?;
        row.serialize_field("html", self.html.as_deref().unwrap_or_default())?;
        row.end()
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Facet {
    // Shared text: the facets are the same on every list page, but for `current`.
    pub label: Arc<str>,
    pub href: Arc<str>,
    pub count: usize,
    pub current: bool,
    /// The value used by the optional client-side filter.
    pub value: Arc<str>,
}

#[derive(Clone, Debug, Serialize)]
pub struct FacetGroup {
    pub key: &'static str,
    pub label: &'static str,
    pub facets: Vec<Facet>,
}

#[derive(Clone, Debug, Serialize)]
pub struct TaskListPage<'a> {
    pub heading: String,
    pub intro: Option<String>,
    pub count_label: String,
    /// Borrowed from the views: a 10,000-task site's lists hold 70,000 rows.
    pub rows: Vec<&'a RowRef>,
    pub facets: Vec<FacetGroup>,
    pub all_href: String,
    /// The links to the list's other pages, when it has more than one.
    pub pagination: Option<Pagination>,
    /// Whether the optional client-side filter is offered (the all-tasks list).
    pub filterable: bool,
}

/// The way through a list of many pages: each page links to the one before and after it,
/// the first and the last, and those near it, as plain links that need no JavaScript.
#[derive(Clone, Debug, Serialize)]
pub struct Pagination {
    /// `第 2 页，共 5 页`.
    pub label: String,
    pub prev_href: Option<String>,
    pub next_href: Option<String>,
    /// The numbered links in order; None marks a gap between them (`…`).
    pub links: Vec<Option<PageLink>>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PageLink {
    pub number: usize,
    pub href: String,
    pub current: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct HeadlineFigures {
    pub total: usize,
    pub completed: usize,
    pub in_progress: usize,
    pub overdue: usize,
    pub stale: usize,
    pub completion_pct: u32,
}

#[derive(Clone, Debug, Serialize)]
pub struct Bar {
    pub label: String,
    pub href: String,
    pub total: usize,
    pub completed: usize,
    pub pct: u32,
}

#[derive(Clone, Debug, Serialize)]
pub struct FunnelStep {
    pub stage: Label,
    pub count: usize,
    pub href: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct RecentEntry {
    pub date: String,
    pub kind: Label,
    pub task: Link,
    pub org: String,
    pub excerpt: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct PublicityItem {
    pub title: String,
    pub href: String,
    pub print_href: String,
    pub period: PeriodView,
}

#[derive(Clone, Debug, Serialize)]
pub struct PeriodView {
    pub from: String,
    pub to: String,
    pub state: &'static str,
    pub state_label: &'static str,
    pub days_label: String,
}

/// A chart: inline SVG and the same figures as a table for those who cannot see it.
#[derive(Clone, Debug, Serialize)]
pub struct ChartView {
    pub svg: String,
    pub caption: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The dashboard: the newest ledger entries, and the rest, made from the lists alone.
#[derive(Clone, Debug, Serialize)]
pub struct HomePage<'a> {
    #[serde(flatten)]
    pub lists: &'a HomeLists,
    pub recent: Vec<RecentEntry>,
}

/// The part of the dashboard made from the list scope alone (see
/// `render::pages::ListScope`): `serve` keeps it from one render to the next while they are
/// unchanged.
#[derive(Clone, Debug, Serialize)]
pub struct HomeLists {
    pub figures: HeadlineFigures,
    pub township_bars: Vec<Bar>,
    pub township_chart: Option<ChartView>,
    pub funnel: Vec<FunnelStep>,
    pub funnel_chart: ChartView,
    pub open_publicity: Vec<PublicityItem>,
    pub evaluations: Vec<Link>,
    pub notices: Vec<NoticeRow>,
    pub categories: Vec<Facet>,
}

#[derive(Clone, Debug, Serialize)]
pub struct TargetView {
    pub name: String,
    pub unit: String,
    pub target: String,
    pub actual: String,
    pub pct: u32,
    pub met: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct BudgetView {
    pub planned: String,
    pub spent: String,
    pub pct: u32,
}

#[derive(Clone, Debug, Serialize)]
pub struct MilestoneView {
    pub title: String,
    pub due: String,
    pub done: Option<String>,
    pub state: Label,
}

#[derive(Clone, Debug, Serialize)]
pub struct LedgerEntryView {
    /// Fragment id on the task page (`ledger-2022-05-10`): search results link to it.
    pub anchor: String,
    pub date: String,
    pub kind: Label,
    pub html: String,
    pub attachments: Vec<Link>,
}

#[derive(Clone, Debug, Serialize)]
pub struct OriginView {
    pub method: Option<String>,
    pub date: Option<String>,
    pub html: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct DiscussionView {
    pub meetings: Option<u64>,
    pub opinions: Option<u64>,
    pub html: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct DecisionView {
    pub date: Option<String>,
    pub body: Option<String>,
    pub votes_for: Option<u64>,
    pub votes_against: Option<u64>,
    pub votes_abstain: Option<u64>,
}

#[derive(Clone, Debug, Serialize)]
pub struct TaskResultView {
    pub round: Link,
    pub grade: Label,
    pub satisfaction_pct: String,
    pub satisfied: u64,
    pub basically_satisfied: u64,
    pub dissatisfied: u64,
    pub total: u64,
    pub remarks_html: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct TaskPage {
    pub row: Arc<TaskRow>,
    pub leader_role: Option<String>,
    pub year: Option<i32>,
    pub start: Option<String>,
    pub deadline_note: Option<String>,
    /// The headline progress in words: "83%", or with several targets what it averages,
    /// "3 项目标平均 83%，最低一项 65%", so the average is not read as one target's share.
    pub progress_text: String,
    pub last_updated_label: String,
    pub plan_html: String,
    pub origin: Option<OriginView>,
    pub discussion: Option<DiscussionView>,
    pub decision: Option<DecisionView>,
    pub targets: Vec<TargetView>,
    pub targets_chart: Option<ChartView>,
    pub budget: Option<BudgetView>,
    pub milestones: Vec<MilestoneView>,
    pub ledger: Vec<LedgerEntryView>,
    pub results: Vec<TaskResultView>,
    pub notices: Vec<Link>,
    pub history: Option<Arc<TaskHistoryView>>,
    pub qr_svg: String,
    pub url: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct OrgSummary {
    pub name: String,
    pub href: String,
    pub level: Label,
    pub total: usize,
    pub completed: usize,
    pub overdue: usize,
    pub pct: u32,
    pub satisfaction_pct: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct OrgPage<'a> {
    pub summary: OrgSummary,
    pub secretary: Option<String>,
    pub parent: Option<Link>,
    pub children: Vec<OrgSummary>,
    pub tasks: TaskListPage<'a>,
}

#[derive(Clone, Debug, Serialize)]
pub struct OrgIndexPage {
    pub orgs: Vec<OrgTreeItem>,
}

#[derive(Clone, Debug, Serialize)]
pub struct OrgTreeItem {
    pub summary: OrgSummary,
    pub depth: usize,
}

#[derive(Clone, Debug, Serialize)]
pub struct ResultRow {
    /// Fragment id of the row (`result-<task id>`): search results link to it.
    pub anchor: String,
    /// Its number in the round (from 1), which the printed notice shows on every part.
    pub number: usize,
    pub task: Link,
    pub org: String,
    pub leader: String,
    pub satisfied: u64,
    pub basically_satisfied: u64,
    pub dissatisfied: u64,
    pub total: u64,
    pub satisfaction_pct: String,
    pub grade: Label,
    pub remarks_html: Option<String>,
}

#[derive(Clone, Debug, Serialize)]
pub struct OrgSatisfaction {
    pub org: Link,
    pub tasks: usize,
    pub total: u64,
    pub satisfaction_pct: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct GradeCount {
    pub grade: Label,
    pub count: usize,
}

/// What every page of a round shows, made once per round: the facts, the publicity period,
/// the totals of the whole round, and (not serialised) every result row, of which each page
/// shows its share.
#[derive(Clone, Debug, Serialize)]
pub struct EvaluationRoundView {
    pub title: String,
    /// The heading of the printed notice: issuing unit + matter + 公示.
    pub publicity_title: String,
    pub held: String,
    pub body: Option<String>,
    pub publicity: Option<PeriodView>,
    pub issuing_unit: String,
    pub issue_date: String,
    #[serde(skip)]
    pub results: Vec<ResultRow>,
    /// How many results the round has, on all its pages.
    pub results_total: usize,
    pub by_org: Vec<OrgSatisfaction>,
    pub grades: Vec<GradeCount>,
    pub overall_pct: String,
    pub total_votes: u64,
    pub satisfaction_chart: ChartView,
}

/// One page of a round (and its printable notice): the round's own parts and the results
/// on this page.
#[derive(Clone, Debug, Serialize)]
pub struct EvaluationPage<'a> {
    #[serde(flatten)]
    pub round: &'a EvaluationRoundView,
    pub results: &'a [ResultRow],
    /// Which results this page shows, when the round has more than one page (共 2534 项评议
    /// 结果，本页为第 101—200 项), and on the printed notice, which part of how many.
    pub results_label: Option<String>,
    pub print_results_label: Option<String>,
    pub pagination: Option<Pagination>,
    /// The way through the printed parts, on screen only.
    pub print_pagination: Option<Pagination>,
    pub print_href: String,
    /// The full address of this page, which the printed part's QR code leads to.
    pub url: String,
    pub qr_svg: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct NoticeRow {
    pub title: String,
    pub href: String,
    pub date: String,
    pub publicity: Option<PeriodView>,
}

#[derive(Clone, Debug, Serialize)]
pub struct ListPage<T> {
    pub heading: String,
    pub items: Vec<T>,
}

#[derive(Clone, Debug, Serialize)]
pub struct DocumentPage {
    pub title: String,
    /// The heading of the printed notice: issuing unit + matter + 公示.
    pub publicity_title: String,
    pub date: Option<String>,
    pub html: String,
    pub tasks: Vec<Link>,
    pub publicity: Option<PeriodView>,
    pub print_href: Option<String>,
    pub issuing_unit: String,
    pub url: String,
    pub qr_svg: Option<String>,
    /// The editor's own text already says that it is put up for public comment
    /// ("现将……予以公示"): the printed notice then adds no stock sentence of its own.
    pub says_publicity: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct OpenDataFile {
    pub name: String,
    pub href: String,
    pub format: String,
    pub description: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct OpenDataPage {
    pub files: Vec<OpenDataFile>,
}

#[derive(Clone, Debug, Serialize)]
pub struct EmptyPage {}

#[derive(Clone, Debug, Serialize)]
pub struct EvaluationRow {
    pub title: String,
    pub href: String,
    pub held: String,
    pub publicity: Option<PeriodView>,
    pub results: usize,
    pub overall_pct: String,
}
