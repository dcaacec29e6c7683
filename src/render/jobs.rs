//! The pages of a site, one [`Job`] each, in the order of the sitemap, and the output path
//! of each.

use super::pages::{ListScope, SiteScope, page_count, publication_path};
use super::urls::paths;
use crate::history::timeline::Publication;
use crate::model::{Document, EvaluationRound, Org, Site, Stage, Status, Task};
use std::collections::HashMap;

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
/// The task lists and the rounds carry the number of their page (from 1; see
/// `paths::list_page`).
pub(super) enum ListJob<'a> {
    TasksIndex(usize),
    Stage(Stage, usize),
    Status(Status, usize),
    CategoryIndex,
    Category(&'a str, usize),
    OrgIndex,
    Org(&'a Org, usize),
    EvaluationIndex,
    Evaluation(&'a EvaluationRound, usize),
    EvaluationPrint(&'a EvaluationRound, usize),
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
                ListJob::TasksIndex(n) => paths::list_page("tasks/", *n),
                ListJob::Stage(s, n) => paths::list_page(&paths::stage(s.key()), *n),
                ListJob::Status(s, n) => paths::list_page(&paths::status(s.key()), *n),
                ListJob::CategoryIndex => "categories/".into(),
                ListJob::Category(name, n) => {
                    paths::list_page(&paths::category(&lists.categories[*name]), *n)
                }
                ListJob::OrgIndex => "orgs/".into(),
                ListJob::Org(o, n) => paths::list_page(&paths::org(&o.id), *n),
                ListJob::EvaluationIndex => "evaluations/".into(),
                ListJob::Evaluation(r, n) => paths::evaluation_page(&r.id.value, *n),
                ListJob::EvaluationPrint(r, n) => paths::evaluation_print(&r.id.value, *n),
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

/// Every page, in the order of the sitemap; a long task list, and a round of many results,
/// as many pages as it takes.
pub(super) fn jobs<'a>(site: &'a Site, views: &'a SiteScope) -> Vec<Job<'a>> {
    let lists = &views.lists;
    let lengths = lists.list_lengths();
    let pages = |rows: usize| 1..=page_count(rows, site.config.page_size);
    let mut jobs = vec![Job::Home];
    jobs.extend(pages(lengths.all).map(|n| Job::List(ListJob::TasksIndex(n))));
    jobs.extend(
        [
            ListJob::CategoryIndex,
            ListJob::OrgIndex,
            ListJob::EvaluationIndex,
            ListJob::NoticeIndex,
            ListJob::OpenData,
            ListJob::Search,
            ListJob::NotFound,
        ]
        .into_iter()
        .filter(|job| site.config.search || !matches!(job, ListJob::Search))
        .map(Job::List),
    );
    let count = |by: &HashMap<&str, usize>, key: &str| by.get(key).copied().unwrap_or(0);
    for s in Stage::ALL {
        let rows = count(&lengths.stage, s.key());
        jobs.extend(pages(rows).map(|n| Job::List(ListJob::Stage(s, n))));
    }
    for s in Status::ALL {
        let rows = count(&lengths.status, s.key());
        jobs.extend(pages(rows).map(|n| Job::List(ListJob::Status(s, n))));
    }
    for c in lists.categories.keys() {
        let rows = count(&lengths.category, c);
        jobs.extend(pages(rows).map(|n| Job::List(ListJob::Category(c.as_str(), n))));
    }
    jobs.extend(site.tasks.values().map(|t| Job::Task(t)));
    for o in lists.orgs.values() {
        let rows = lists.subtree_tasks(&o.id).len();
        jobs.extend(pages(rows).map(|n| Job::List(ListJob::Org(o, n))));
    }
    for round in lists.evaluations().values() {
        for n in 1..=lists.evaluation_pages(round) {
            jobs.push(Job::List(ListJob::Evaluation(round, n)));
            if round.publicity.is_some() {
                jobs.push(Job::List(ListJob::EvaluationPrint(round, n)));
            }
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
