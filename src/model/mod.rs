//! The site as plain data, immutable once loaded: organisations, task ledgers, evaluation
//! rounds, notices and pages, each stored by id in ordered maps so that everything built
//! from it comes out in the same order every time. Relations are ids, never pointers.
//! Figures that are derived (progress, overdue, satisfaction) are computed here from the
//! data and `as_of`, never written by hand and never read from the wall clock.

pub mod labels;
pub mod text;

use crate::yaml::Pos;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// A value together with where it was written, for messages that point at it.
#[derive(Clone, Debug, PartialEq, Hash)]
pub struct Located<T> {
    pub value: T,
    pub pos: Pos,
}

impl<T> Located<T> {
    pub fn new(value: T, pos: Pos) -> Self {
        Located { value, pos }
    }
}

/// Where a record comes from: its file (relative to the site root) and its first line.
#[derive(Clone, Debug, Default, PartialEq, Hash)]
pub struct Origin {
    pub path: String,
    pub pos: Pos,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Language {
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::ZhCn => "zh-CN",
            Language::En => "en",
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Hash, Serialize)]
pub struct Feedback {
    pub phone: Option<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    pub hours: Option<String>,
}

impl Feedback {
    pub fn is_empty(&self) -> bool {
        self.phone.is_none()
            && self.email.is_none()
            && self.address.is_none()
            && self.hours.is_none()
    }
}

/// `content/site.yaml`.
#[derive(Clone, Debug, PartialEq, Hash)]
pub struct SiteConfig {
    pub title: String,
    pub publisher: String,
    /// Always ends with `/`.
    pub base_url: String,
    pub language: Language,
    pub as_of: Option<Date>,
    /// A folder under `themes/`, or `default` (built in); where site.yaml names it.
    pub theme: Located<String>,
    pub feedback: Feedback,
    pub currency: String,
    /// Where `gongshi deploy` uploads the built site, in the order written.
    pub deploy: Vec<DeployTarget>,
    /// Files allowed to publish what the personal-data check would otherwise report.
    pub privacy_allow: Vec<Located<String>>,
    pub registration: Registration,
    /// Whether the site has full-text search (`search: false` leaves the index, the search
    /// page and the header's search box out).
    pub search: bool,
    /// How many tasks one page of a task list shows (`page_size`).
    pub page_size: usize,
}

/// Tasks per list page when site.yaml does not say: a page of 100 rows stays well under
/// 100 KB, small enough for a phone on a slow connection.
pub const DEFAULT_PAGE_SIZE: usize = 100;

/// The marks a government site carries in its footer (政府网站发展指引).
#[derive(Clone, Debug, Default, PartialEq, Hash)]
pub struct Registration {
    /// 政府网站标识码, also in `<meta name="SiteIDCode">`.
    pub site_code: Option<String>,
    /// ICP 备案号, linked to the MIIT registry.
    pub icp: Option<String>,
    /// 公安机关备案号.
    pub police: Option<String>,
}

/// One `deploy:` target in site.yaml. Credentials are never here: they come from the
/// environment at deploy time.
#[derive(Clone, Debug, PartialEq, Hash)]
pub struct DeployTarget {
    pub name: String,
    pub kind: DeployKind,
}

#[derive(Clone, Debug, PartialEq, Hash)]
pub enum DeployKind {
    /// A folder on this computer or a mounted share (an nginx root); relative to the site root.
    Folder { path: String },
    /// An S3-compatible bucket (Aliyun OSS, Tencent COS, MinIO, AWS).
    S3 {
        endpoint: Option<String>,
        bucket: String,
        prefix: String,
        region: String,
        path_style: bool,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgLevel {
    District,
    Township,
    Village,
    Department,
}

#[derive(Clone, Debug, PartialEq, Hash)]
pub struct Org {
    pub id: String,
    pub name: String,
    pub level: OrgLevel,
    pub parent: Option<Located<String>>,
    pub secretary: Option<String>,
    /// Position in orgs.yaml: organisations are listed in the order editors wrote them.
    pub order: usize,
    pub origin: Origin,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    Identify,
    Discuss,
    Decide,
    Solve,
    Evaluate,
}

impl Stage {
    pub const ALL: [Stage; 5] = [
        Stage::Identify,
        Stage::Discuss,
        Stage::Decide,
        Stage::Solve,
        Stage::Evaluate,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Stage::Identify => "identify",
            Stage::Discuss => "discuss",
            Stage::Decide => "decide",
            Stage::Solve => "solve",
            Stage::Evaluate => "evaluate",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    NotStarted,
    InProgress,
    Completed,
    Suspended,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::NotStarted,
        Status::InProgress,
        Status::Completed,
        Status::Suspended,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Status::NotStarted => "not_started",
            Status::InProgress => "in_progress",
            Status::Completed => "completed",
            Status::Suspended => "suspended",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Progress,
    Inspection,
    Notification,
    Interview,
}

impl EntryKind {
    pub fn key(self) -> &'static str {
        match self {
            EntryKind::Progress => "progress",
            EntryKind::Inspection => "inspection",
            EntryKind::Notification => "notification",
            EntryKind::Interview => "interview",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    Excellent,
    Good,
    Fair,
    Poor,
}

impl Grade {
    pub const ALL: [Grade; 4] = [Grade::Excellent, Grade::Good, Grade::Fair, Grade::Poor];

    pub fn key(self) -> &'static str {
        match self {
            Grade::Excellent => "excellent",
            Grade::Good => "good",
            Grade::Fair => "fair",
            Grade::Poor => "poor",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Leader {
    pub name: String,
    pub role: Option<String>,
}

/// Step 1 (点题): where the problem came from.
#[derive(Clone, Debug, PartialEq)]
pub struct TaskOrigin {
    pub method: Option<String>,
    pub date: Option<Located<Date>>,
    pub summary: Option<String>,
}

/// Step 2 (议题).
#[derive(Clone, Debug, PartialEq)]
pub struct Discussion {
    pub meetings: Option<u64>,
    pub opinions: Option<u64>,
    pub summary: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct DecisionVotes {
    #[serde(rename = "for")]
    pub in_favour: u64,
    pub against: u64,
    pub abstain: u64,
}

/// Step 3 (定题).
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    pub date: Option<Located<Date>>,
    pub body: Option<String>,
    pub votes: Option<DecisionVotes>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    pub name: String,
    pub unit: Option<String>,
    pub target: f64,
    pub actual: f64,
    pub pos: Pos,
}

impl Target {
    /// actual / target, capped at 1 for bars; a zero target counts as met.
    pub fn progress(&self) -> f64 {
        if self.target <= 0.0 {
            1.0
        } else {
            (self.actual / self.target).clamp(0.0, 1.0)
        }
    }

    pub fn is_met(&self) -> bool {
        self.actual >= self.target
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Budget {
    pub planned: f64,
    pub spent: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Milestone {
    pub title: String,
    pub due: Located<Date>,
    pub done: Option<Located<Date>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct LedgerEntry {
    pub date: Located<Date>,
    pub kind: EntryKind,
    pub text: String,
    /// Paths under `content/static/`.
    pub attachments: Vec<Located<String>>,
}

/// One task ledger (台账): one task, one leader, one plan, one ledger.
#[derive(Clone, Debug, PartialEq)]
pub struct Task {
    pub id: Located<String>,
    pub title: String,
    pub org: Located<String>,
    pub leader: Leader,
    pub category: Option<String>,
    pub year: Option<i32>,
    pub stage: Stage,
    /// Where `stage` is written, for the "evaluate without a result" warning.
    pub stage_pos: Pos,
    pub status: Located<Status>,
    pub start: Option<Located<Date>>,
    pub deadline: Option<Located<Date>>,
    pub origin_step: Option<TaskOrigin>,
    pub discussion: Option<Discussion>,
    pub decision: Option<Decision>,
    pub plan: String,
    pub targets: Vec<Target>,
    pub budget: Option<Budget>,
    pub milestones: Vec<Milestone>,
    /// In the order written; views sort newest first.
    pub ledger: Vec<LedgerEntry>,
    pub origin: Origin,
}

impl Task {
    /// Mean progress of the targets; without targets, 1 when completed and 0 otherwise.
    pub fn progress(&self) -> f64 {
        if self.targets.is_empty() {
            return if self.status.value == Status::Completed {
                1.0
            } else {
                0.0
            };
        }
        self.targets.iter().map(Target::progress).sum::<f64>() / self.targets.len() as f64
    }

    /// Deadline before `as_of` and not completed.
    pub fn is_overdue(&self, as_of: Date) -> bool {
        self.status.value != Status::Completed
            && self.deadline.as_ref().is_some_and(|d| d.value < as_of)
    }

    /// Days from `as_of` to the deadline: negative when past.
    pub fn days_left(&self, as_of: Date) -> Option<i64> {
        let deadline = self.deadline.as_ref()?.value;
        Some(days_between(as_of, deadline))
    }

    /// The newest ledger date: "last updated".
    pub fn last_updated(&self) -> Option<Date> {
        self.ledger.iter().map(|e| e.date.value).max()
    }

    /// The year a task belongs to: written, else the year of its start or deadline.
    pub fn effective_year(&self) -> Option<i32> {
        self.year
            .or_else(|| self.start.as_ref().map(|d| d.value.year() as i32))
            .or_else(|| self.deadline.as_ref().map(|d| d.value.year() as i32))
    }

    /// Ledger entries newest first (stable for entries of the same day: later-written first).
    pub fn ledger_newest_first(&self) -> Vec<&LedgerEntry> {
        self.ledger_newest_first_indexed()
            .into_iter()
            .map(|(_, e)| e)
            .collect()
    }

    /// [`Task::ledger_newest_first`], each entry with its position in the ledger as written.
    pub fn ledger_newest_first_indexed(&self) -> Vec<(usize, &LedgerEntry)> {
        let mut entries: Vec<(usize, &LedgerEntry)> = self.ledger.iter().enumerate().collect();
        entries.sort_by(|(ia, a), (ib, b)| b.date.value.cmp(&a.date.value).then(ib.cmp(ia)));
        entries
    }
}

/// A ledger not updated for this many days is stale: inspections deduct points for columns
/// not updated for two months.
pub const STALE_AFTER_DAYS: i64 = 60;

/// The stale-ledger rule on one "as of" date: a ledger is stale when its newest entry is more
/// than [`STALE_AFTER_DAYS`] before `as_of`. Validation warns about it and the pages flag it,
/// both through this one rule.
#[derive(Clone, Copy, Debug)]
pub struct Staleness {
    as_of: Date,
    /// Entries before this date are stale (`None` only at the edge of the calendar).
    before: Option<Date>,
}

impl Staleness {
    pub fn on(as_of: Date) -> Staleness {
        let before = as_of
            .checked_sub(jiff::Span::new().days(STALE_AFTER_DAYS))
            .ok();
        Staleness { as_of, before }
    }

    /// Whether a ledger whose newest entry is dated `last` is stale:
    /// `days_between(last, as_of) > STALE_AFTER_DAYS`, told by one date comparison.
    pub fn is_stale_since(&self, last: Date) -> bool {
        match self.before {
            Some(before) => last < before,
            None => days_between(last, self.as_of) > STALE_AFTER_DAYS,
        }
    }

    /// Whether `task` is in progress with a stale ledger, or none.
    pub fn task_is_stale(&self, task: &Task) -> bool {
        task.status.value == Status::InProgress
            && task
                .last_updated()
                .is_none_or(|last| self.is_stale_since(last))
    }
}

/// A number as an editor writes it: `1320`, not `1320.0`; fractions as they are.
pub fn plain_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

/// Whole days from `from` to `to` (negative when `to` is earlier).
pub fn days_between(from: Date, to: Date) -> i64 {
    // A civil-date span in days is exact; `Span::total(Day)` would need a relative date
    // (days are calendar units in jiff) and silently failed, making every gap 0 days.
    from.until((jiff::Unit::Day, to))
        .map(|span| i64::from(span.get_days()))
        .unwrap_or(0)
}

#[derive(Clone, Copy, Debug, PartialEq, Hash)]
pub struct Period {
    pub from: Date,
    pub to: Date,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodState {
    Upcoming,
    Open,
    Closed,
}

impl Period {
    pub fn state(&self, as_of: Date) -> PeriodState {
        if as_of < self.from {
            PeriodState::Upcoming
        } else if as_of <= self.to {
            PeriodState::Open
        } else {
            PeriodState::Closed
        }
    }

    /// Calendar days in the period, both ends included.
    pub fn days(&self) -> i64 {
        days_between(self.from, self.to) + 1
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
pub struct SatisfactionVotes {
    pub satisfied: u64,
    pub basically_satisfied: u64,
    pub dissatisfied: u64,
}

impl SatisfactionVotes {
    pub fn total(&self) -> u64 {
        self.satisfied + self.basically_satisfied + self.dissatisfied
    }

    /// (satisfied + basically satisfied) / all votes; None without votes.
    pub fn satisfaction_rate(&self) -> Option<f64> {
        let total = self.total();
        (total > 0).then(|| (self.satisfied + self.basically_satisfied) as f64 / total as f64)
    }

    pub fn add(&mut self, other: &SatisfactionVotes) {
        self.satisfied += other.satisfied;
        self.basically_satisfied += other.basically_satisfied;
        self.dissatisfied += other.dissatisfied;
    }
}

#[derive(Clone, Debug, PartialEq, Hash)]
pub struct EvaluationResult {
    pub task: Located<String>,
    pub votes: SatisfactionVotes,
    pub grade: Located<Grade>,
    pub remarks: Option<String>,
}

/// One evaluation round (评题), e.g. the year-end review.
#[derive(Clone, Debug, PartialEq, Hash)]
pub struct EvaluationRound {
    pub id: Located<String>,
    pub title: String,
    pub held: Located<Date>,
    pub body: Option<String>,
    pub publicity: Option<Located<Period>>,
    pub results: Vec<EvaluationResult>,
    pub origin: Origin,
}

impl EvaluationRound {
    pub fn total_votes(&self) -> SatisfactionVotes {
        let mut total = SatisfactionVotes::default();
        for result in &self.results {
            total.add(&result.votes);
        }
        total
    }

    pub fn grade_counts(&self) -> BTreeMap<Grade, usize> {
        let mut counts: BTreeMap<Grade, usize> = Grade::ALL.iter().map(|g| (*g, 0)).collect();
        for result in &self.results {
            *counts.entry(result.grade.value).or_default() += 1;
        }
        counts
    }
}

/// A notice (announcement) or a free page: Markdown with front matter.
#[derive(Clone, Debug, PartialEq, Hash)]
pub struct Document {
    pub slug: String,
    pub title: String,
    pub date: Option<Located<Date>>,
    pub tasks: Vec<Located<String>>,
    pub publicity: Option<Located<Period>>,
    pub draft: bool,
    /// Markdown source of the body.
    pub body: String,
    /// Line in the file where the body starts, for messages about it.
    pub body_line: u32,
    pub origin: Origin,
}

/// The whole site, as loaded and validated.
#[derive(Clone, Debug)]
pub struct Site {
    pub config: SiteConfig,
    pub orgs: BTreeMap<String, Org>,
    pub tasks: BTreeMap<String, Arc<Task>>,
    pub evaluations: BTreeMap<String, EvaluationRound>,
    pub notices: BTreeMap<String, Document>,
    pub pages: BTreeMap<String, Document>,
    /// Files under `content/static/`, relative to it, with `/` separators.
    pub static_files: BTreeSet<String>,
    /// The "data as of" date: site.yaml's, or the newest date something was recorded.
    pub as_of: Date,
    /// Records whose files exist but could not be loaded (each with its own error).
    pub unreadable: Unreadable,
}

/// What the loader found but could not load, so that validation does not pile "unknown
/// task `x`" onto every reference to a task whose file merely has a syntax error.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Unreadable {
    /// Ids of task files that failed to load (the `id:` line, else the file stem).
    pub task_ids: BTreeSet<String>,
    /// Ids of organisations in orgs.yaml whose entry failed to load.
    pub org_ids: BTreeSet<String>,
    /// orgs.yaml could not be read at all: no org reference can be checked.
    pub all_orgs: bool,
    /// Some evaluation round failed to load: "no result in any round" cannot be judged.
    pub some_evaluation: bool,
    /// Symbolic links under `content/static/` (relative to it): not published, so an
    /// attachment naming one is told it is a link rather than that there is no such file.
    pub static_links: BTreeSet<String>,
}

impl Unreadable {
    pub fn has_task(&self, id: &str) -> bool {
        self.task_ids.contains(id)
    }

    pub fn has_org(&self, id: &str) -> bool {
        self.all_orgs || self.org_ids.contains(id)
    }
}

/// The orgs in their display order (`order`, then id).
pub fn orgs_in_order(orgs: &BTreeMap<String, Org>) -> Vec<&Org> {
    let mut orgs: Vec<&Org> = orgs.values().collect();
    orgs.sort_by_key(|o| o.order);
    orgs
}

/// The orgs directly under `org_id`, in display order.
pub fn children_of<'o>(orgs: &'o BTreeMap<String, Org>, org_id: &str) -> Vec<&'o Org> {
    orgs_in_order(orgs)
        .into_iter()
        .filter(|o| o.parent.as_ref().is_some_and(|p| p.value == org_id))
        .collect()
}

impl Site {
    /// Organisations in the order written in orgs.yaml.
    pub fn orgs_in_order(&self) -> Vec<&Org> {
        orgs_in_order(&self.orgs)
    }

    pub fn children_of(&self, org_id: &str) -> Vec<&Org> {
        children_of(&self.orgs, org_id)
    }

    /// The org and all its descendants (cycle-safe: validation rejects cycles, and the walk
    /// stops at an org already seen in any case).
    pub fn org_and_descendants(&self, org_id: &str) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![org_id.to_string()];
        while let Some(id) = stack.pop() {
            if !seen.insert(id.clone()) {
                continue;
            }
            for child in self.children_of(&id) {
                stack.push(child.id.clone());
            }
        }
        seen
    }

    /// Results of every round for one task, in round order.
    pub fn results_for_task<'a>(
        &'a self,
        task_id: &'a str,
    ) -> impl Iterator<Item = (&'a EvaluationRound, &'a EvaluationResult)> + 'a {
        self.evaluations.values().flat_map(move |round| {
            round
                .results
                .iter()
                .filter(move |r| r.task.value == task_id)
                .map(move |r| (round, r))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::ToSpan;
    use jiff::civil::date;

    #[test]
    fn staleness_by_one_comparison_agrees_with_counting_days() {
        for as_of in [
            date(2022, 12, 25),
            date(2024, 3, 1),
            date(2023, 3, 1),
            date(2000, 1, 1),
            date(-9999, 2, 1),
            date(9999, 12, 31),
        ] {
            for back in -5..200 {
                let Ok(last) = as_of.checked_sub(back.days()) else {
                    continue;
                };
                assert_eq!(
                    Staleness::on(as_of).is_stale_since(last),
                    days_between(last, as_of) > STALE_AFTER_DAYS,
                    "{last} {as_of}"
                );
            }
        }
        assert!(Staleness::on(date(-9999, 2, 1)).before.is_none());
    }

    #[test]
    fn days_between_counts_calendar_days() {
        for (from, to, days) in [
            (date(2022, 9, 10), date(2022, 12, 25), 106),
            (date(2022, 12, 25), date(2022, 9, 10), -106),
            (date(2022, 2, 28), date(2022, 3, 1), 1),
            (date(2021, 12, 31), date(2023, 1, 1), 366),
            (date(2022, 5, 1), date(2022, 5, 1), 0),
        ] {
            assert_eq!(days_between(from, to), days, "{from} → {to}");
        }
    }
}
