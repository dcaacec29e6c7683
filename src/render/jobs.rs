//! The pages of a site, one [`Job`] each, in the order of the sitemap, and the output path
//! of each.

use super::pages::{ListScope, SiteScope, publication_path};
use super::urls::paths;
use crate::history::timeline::Publication;
use crate::model::{Document, EvaluationRound, Org, Site, Stage, Status, Task};

/// One page to render.
pub(super) enum Job<'a> {
    Home,
    Task(&'a Task),
    Page(&'a Document),
    /// A page made from the [`ListScope`] alone.
    List(ListJob<'a>),
    /// `changes/`: the publications.
    Changes,
    /// A publication with more differences than `changes/` shows.
    Publication(&'a Publication),
}

/// A page made from the scope and the task rows alone (see [`ListScope`]): while those are as
/// in the last render, `serve` keeps every such page without building its view.
pub(super) enum ListJob<'a> {
    TasksIndex,
    Stage(Stage),
    Status(Status),
    CategoryIndex,
    Category(&'a str),
    OrgIndex,
    Org(&'a Org),
    EvaluationIndex,
    Evaluation(&'a EvaluationRound),
    EvaluationPrint(&'a EvaluationRound),
    NoticeIndex,
    Notice(&'a Document),
    NoticePrint(&'a Document),
    OpenData,
    Search,
    NotFound,
    /// The built-in accessibility statement, for a site without a page of its own at
    /// [`paths::ACCESSIBILITY_SLUG`].
    Accessibility,
}

impl Job<'_> {
    pub(super) fn path(&self, lists: &ListScope) -> String {
        match self {
            Job::Home => String::new(),
            Job::Task(t) => paths::task(&t.id.value),
            Job::Page(p) => paths::page(&p.slug),
            Job::Changes => "changes/".into(),
            Job::Publication(p) => publication_path(p.number),
            Job::List(listed) => match listed {
                ListJob::TasksIndex => "tasks/".into(),
                ListJob::Stage(s) => paths::stage(s.key()),
                ListJob::Status(s) => paths::status(s.key()),
                ListJob::CategoryIndex => "categories/".into(),
                ListJob::Category(name) => paths::category(&lists.categories[*name]),
                ListJob::OrgIndex => "orgs/".into(),
                ListJob::Org(o) => paths::org(&o.id),
                ListJob::EvaluationIndex => "evaluations/".into(),
                ListJob::Evaluation(r) => paths::evaluation(&r.id.value),
                ListJob::EvaluationPrint(r) => paths::evaluation_print(&r.id.value),
                ListJob::NoticeIndex => "notices/".into(),
                ListJob::Notice(n) => paths::notice(&n.slug),
                ListJob::NoticePrint(n) => paths::notice_print(&n.slug),
                ListJob::OpenData => "data/".into(),
                ListJob::Search => "search/".into(),
                ListJob::NotFound => "404.html".into(),
                ListJob::Accessibility => paths::page(paths::ACCESSIBILITY_SLUG),
            },
        }
    }
}

/// Every page, in the order of the sitemap.
pub(super) fn jobs<'a>(site: &'a Site, views: &'a SiteScope) -> Vec<Job<'a>> {
    let lists = &views.lists;
    let mut jobs = vec![Job::Home];
    jobs.extend(
        [
            ListJob::TasksIndex,
            ListJob::CategoryIndex,
            ListJob::OrgIndex,
            ListJob::EvaluationIndex,
            ListJob::NoticeIndex,
            ListJob::OpenData,
            ListJob::Search,
            ListJob::NotFound,
        ]
        .into_iter()
        .map(Job::List),
    );
    jobs.extend(Stage::ALL.iter().map(|s| Job::List(ListJob::Stage(*s))));
    jobs.extend(Status::ALL.iter().map(|s| Job::List(ListJob::Status(*s))));
    jobs.extend(
        lists
            .categories
            .keys()
            .map(|c| Job::List(ListJob::Category(c.as_str()))),
    );
    jobs.extend(site.tasks.values().map(|t| Job::Task(t)));
    jobs.extend(lists.orgs.values().map(|o| Job::List(ListJob::Org(o))));
    for round in lists.evaluations().values() {
        jobs.push(Job::List(ListJob::Evaluation(round)));
        if round.publicity.is_some() {
            jobs.push(Job::List(ListJob::EvaluationPrint(round)));
        }
    }
    for notice in lists.visible_notices() {
        jobs.push(Job::List(ListJob::Notice(notice)));
        if notice.publicity.is_some() {
            jobs.push(Job::List(ListJob::NoticePrint(notice)));
        }
    }
    let pages = views.visible_pages();
    let statement_written = pages.iter().any(|p| p.slug == paths::ACCESSIBILITY_SLUG);
    jobs.extend(pages.into_iter().map(Job::Page));
    if !statement_written {
        jobs.push(Job::List(ListJob::Accessibility));
    }
    jobs.push(Job::Changes);
    jobs.extend(views.history.own_pages().map(Job::Publication));
    jobs
}
