//! The public history as the pages show it: `changes/index.html` (every publication, newest
//! first, with its differences from the one before), a page per publication whose
//! differences are too many for the index, each task's own changes, the chain head printed
//! on notices, and in `serve` which pages are not yet published.
//!
//! A long history stays a page a phone can open: the index shows at most
//! [`INDEX_LINES`] differences per publication and links to the publication's own page,
//! which shows at most [`PAGE_LINES`] and then the publication file itself.

use super::SiteScope;
use crate::history::canonical::{Snapshot, notice_value, record_text, round_value, task_value};
use crate::history::diff::{Changed, Differences, Named};
use crate::history::timeline::{Publication, TaskChange, Timeline};
use crate::model::{Language, Site};
use crate::render::i18n;
use crate::render::urls::{Urls, paths};
use crate::render::views::*;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

/// Differences per publication on the changes page.
pub const INDEX_LINES: usize = 10;

/// Differences on a publication's own page; past this, the page counts the rest and links
/// to the publication file (a 10,000-task import could change every task).
pub const PAGE_LINES: usize = 2000;

/// The history every page may show: the publications, each task's changes, and in `serve`
/// what is not yet published.
#[derive(Default)]
pub struct HistoryScope {
    pub timeline: Arc<Timeline>,
    /// Task id → its changes as its page shows them (tasks in no publication are absent).
    tasks: HashMap<String, Arc<TaskHistoryView>>,
    /// Shown on the page of a task no publication records yet.
    not_published: Option<Arc<TaskHistoryView>>,
    /// The tasks that differ from the newest publication (in `serve` only).
    unpublished_tasks: HashSet<String>,
}

/// The rounds and notices whose pages differ from the newest publication (in `serve`
/// only): part of what every list page is made from, so hashed with the task scope.
#[derive(Clone, Debug, Default, Hash, PartialEq)]
pub struct UnpublishedRecords {
    pub rounds: BTreeSet<String>,
    pub notices: BTreeSet<String>,
}

/// What in the site differs from the newest publication: the tasks, and the rounds and
/// notices. Nothing, when nothing was ever published: the site does not keep a history.
pub fn unpublished(
    site: &Site,
    newest: Option<&Snapshot>,
) -> (HashSet<String>, UnpublishedRecords) {
    use rayon::prelude::*;
    let Some(newest) = newest else {
        return Default::default();
    };
    let tasks = site
        .tasks
        .par_iter()
        .filter(|(id, task)| {
            newest
                .tasks
                .get(*id)
                .is_none_or(|published| *published != record_text(&task_value(task)))
        })
        .map(|(id, _)| id.clone())
        .collect();
    let rounds: std::collections::BTreeMap<String, String> = site
        .evaluations
        .iter()
        .map(|(id, round)| (id.clone(), record_text(&round_value(round))))
        .collect();
    let notices: std::collections::BTreeMap<String, String> = site
        .notices
        .iter()
        .filter(|(_, notice)| !notice.draft)
        .map(|(slug, notice)| (slug.clone(), record_text(&notice_value(notice))))
        .collect();
    let differs = |published: &std::collections::BTreeMap<String, String>,
                   now: &std::collections::BTreeMap<String, String>| {
        now.iter()
            .filter(|(id, text)| published.get(*id) != Some(*text))
            .map(|(id, _)| id.clone())
            .collect::<BTreeSet<String>>()
    };
    let mut records = UnpublishedRecords {
        rounds: differs(&newest.evaluations, &rounds),
        notices: differs(&newest.notices, &notices),
    };
    // A draft is not part of a publication: its page, shown in the preview, is unpublished.
    records.notices.extend(
        site.notices
            .values()
            .filter(|n| n.draft)
            .map(|n| n.slug.clone()),
    );
    (tasks, records)
}

impl HistoryScope {
    pub fn new(
        timeline: Arc<Timeline>,
        urls: &Urls,
        lang: Language,
        unpublished_tasks: HashSet<String>,
    ) -> Self {
        if timeline.publications.is_empty() {
            return HistoryScope {
                timeline,
                ..HistoryScope::default()
            };
        }
        let t = |key: &str| i18n::text(lang, key).to_string();
        let tasks = timeline
            .task_changes(lang)
            .into_iter()
            .map(|(id, changes)| (id, Arc::new(task_history(&changes, urls, lang))))
            .collect();
        HistoryScope {
            timeline,
            tasks,
            not_published: Some(Arc::new(TaskHistoryView {
                summary: t("task_not_published"),
                changes: Vec::new(),
            })),
            unpublished_tasks,
        }
    }

    /// A task's history as its page shows it (None when nothing was ever published), and
    /// whether the task differs from the newest publication.
    pub fn task(&self, id: &str) -> (Option<Arc<TaskHistoryView>>, bool) {
        let view = self.tasks.get(id).or(self.not_published.as_ref()).cloned();
        (view, self.unpublished_tasks.contains(id))
    }

    /// The publications that get a page of their own: those with more differences than
    /// the index shows.
    pub fn own_pages(&self) -> impl Iterator<Item = &Publication> {
        self.timeline.publications.iter().filter(|p| {
            p.differences
                .as_ref()
                .is_some_and(|d| count(d) > INDEX_LINES)
        })
    }
}

/// Where publication `number` is shown: its own page, or its place on the changes page.
pub fn publication_path(number: u32) -> String {
    format!("changes/{number:04}/")
}

fn anchor(number: u32) -> String {
    format!("p{number:04}")
}

fn task_history(changes: &[TaskChange], urls: &Urls, lang: Language) -> TaskHistoryView {
    let edits = changes.iter().filter(|c| !c.lines.is_empty()).count();
    let summary = match edits {
        0 => i18n::text(lang, "task_unchanged_since_first").to_string(),
        n => i18n::counted(lang, "task_changes_since_first", n),
    };
    let first = i18n::text(lang, "task_first_published");
    TaskHistoryView {
        summary,
        changes: changes
            .iter()
            .rev()
            .map(|c| TaskChangeView {
                label: i18n::with_number(lang, "publication_n", c.number),
                date: c.as_of.clone(),
                href: urls.link(&format!("changes/#{}", anchor(c.number))),
                lines: if c.lines.is_empty() {
                    vec![first.to_string()]
                } else {
                    c.lines.clone()
                },
            })
            .collect(),
    }
}

/// How many lines a publication's differences make.
fn count(d: &Differences) -> usize {
    usize::from(d.as_of.is_some())
        + d.tasks_added.len()
        + d.tasks_removed.len()
        + d.tasks_changed.len()
        + d.results_changed.len()
        + d.rounds_added.len()
        + d.rounds_removed.len()
        + d.rounds_changed.len()
        + d.notices_added.len()
        + d.notices_removed.len()
        + d.notices_changed.len()
}

impl SiteScope<'_> {
    /// The chain head as printed on notices and the changes page, when the chain is intact.
    pub fn chain_mark(&self) -> Option<ChainMark> {
        let timeline = &self.history.timeline;
        let head = timeline.head.as_ref()?;
        let number = timeline.newest_publication()?.number;
        let label = self.t("chain_label");
        Some(ChainMark {
            number,
            short: crate::history::chain::short(head).to_string(),
            full: head.clone(),
            qr_svg: self
                .qr_codes
                .get_or_make(&[head, label], || crate::render::qr::svg(head, label)),
            note: i18n::with_number(self.lang, "chain_note", number),
            changes_href: self.urls.link("changes/"),
        })
    }

    /// `changes/index.html`: every publication, newest first, at most [`INDEX_LINES`]
    /// differences each.
    pub fn changes_page(&self) -> ChangesPage {
        ChangesPage {
            heading: self.t("changes").to_string(),
            publications: self
                .history
                .timeline
                .publications
                .iter()
                .rev()
                .map(|p| self.publication(p, INDEX_LINES))
                .collect(),
        }
    }

    /// A publication's own page: at most [`PAGE_LINES`] differences.
    pub fn publication_page(&self, publication: &Publication) -> ChangesPage {
        ChangesPage {
            heading: i18n::with_number(self.lang, "publication_n", publication.number),
            publications: vec![self.publication(publication, PAGE_LINES)],
        }
    }

    /// A publication with at most `limit` of its differences.
    pub fn publication(&self, p: &Publication, limit: usize) -> PublicationView {
        let lang = self.lang;
        let mut sections = Vec::new();
        let mut more = None;
        let mut more_href = None;
        let file_href = self
            .urls
            .link(&format!("{}/{}", crate::history::chain::FOLDER, p.name));
        let summary = match &p.differences {
            None => counts_text(lang, p.tasks, p.rounds, p.notices),
            Some(d) => {
                let total = count(d);
                let mut left = limit;
                for (heading, lines) in self.sections(d) {
                    if left == 0 {
                        break;
                    }
                    let lines: Vec<ChangeLine> = lines.into_iter().take(left).collect();
                    left -= lines.len();
                    sections.push(ChangeSection {
                        heading: self.t(heading).to_string(),
                        lines,
                    });
                }
                let shown = limit.min(total);
                if shown < total {
                    more = Some(i18n::counted(lang, "changes_more", total - shown));
                    more_href = Some(if limit == INDEX_LINES {
                        self.urls.link(&publication_path(p.number))
                    } else {
                        file_href.clone()
                    });
                }
                i18n::counted(lang, "changes_count", total)
            }
        };
        PublicationView {
            number: p.number,
            anchor: anchor(p.number),
            heading: i18n::with_number(lang, "publication_n", p.number),
            as_of: p.as_of.clone(),
            note: p.note.clone(),
            chain_short: crate::history::chain::short(&p.chain).to_string(),
            chain: p.chain.clone(),
            summary,
            sections,
            more,
            more_href,
            file_href,
        }
    }

    /// The differences by kind, each line linked to the page it is about when there is one.
    fn sections(&self, d: &Differences) -> Vec<(&'static str, Vec<ChangeLine>)> {
        let lang = self.lang;
        let site = self.site;
        let task_href = |id: &str| {
            site.tasks
                .contains_key(id)
                .then(|| self.urls.link(&paths::task(id)))
        };
        let round_href = |id: &str| {
            site.evaluations
                .contains_key(id)
                .then(|| self.urls.link(&paths::evaluation(id)))
        };
        let notice_href = |id: &str| {
            site.notices
                .get(id)
                .filter(|n| self.drafts || !n.draft)
                .map(|_| self.urls.link(&paths::notice(id)))
        };
        let named = |items: &[Named], href: &dyn Fn(&str) -> Option<String>| -> Vec<ChangeLine> {
            items
                .iter()
                .map(|n| ChangeLine {
                    text: if n.title.is_empty() {
                        n.id.clone()
                    } else {
                        n.title.clone()
                    },
                    href: href(&n.id),
                })
                .collect()
        };
        let changed =
            |items: &[Changed], href: &dyn Fn(&str) -> Option<String>| -> Vec<ChangeLine> {
                items
                    .iter()
                    .map(|c| ChangeLine {
                        text: c.text(lang),
                        href: href(&c.id),
                    })
                    .collect()
            };
        let mut out = Vec::new();
        if let Some((before, after)) = &d.as_of {
            out.push((
                "data_as_of",
                vec![ChangeLine {
                    text: format!("{before} → {after}"),
                    href: None,
                }],
            ));
        }
        out.extend([
            (
                "changes_tasks_changed",
                changed(&d.tasks_changed, &task_href),
            ),
            (
                "changes_results_changed",
                changed(&d.results_changed, &task_href),
            ),
            ("changes_tasks_added", named(&d.tasks_added, &task_href)),
            ("changes_tasks_removed", named(&d.tasks_removed, &|_| None)),
            ("changes_rounds_added", named(&d.rounds_added, &round_href)),
            (
                "changes_rounds_changed",
                changed(&d.rounds_changed, &round_href),
            ),
            (
                "changes_rounds_removed",
                named(&d.rounds_removed, &|_| None),
            ),
            (
                "changes_notices_added",
                named(&d.notices_added, &notice_href),
            ),
            (
                "changes_notices_changed",
                changed(&d.notices_changed, &notice_href),
            ),
            (
                "changes_notices_removed",
                named(&d.notices_removed, &|_| None),
            ),
        ]);
        out.retain(|(_, lines)| !lines.is_empty());
        out
    }
}

/// "记录任务 12 项、评议 1 轮、公告 2 则": what the first publication holds.
pub fn counts_text(lang: Language, tasks: usize, rounds: usize, notices: usize) -> String {
    match lang {
        Language::En => {
            let count = |n: usize, one: &str, many: &str| {
                format!("{n} {}", if n == 1 { one } else { many })
            };
            format!(
                "First publication: {}, {}, {}",
                count(tasks, "task", "tasks"),
                count(rounds, "evaluation round", "evaluation rounds"),
                count(notices, "notice", "notices"),
            )
        }
        _ => format!("首次公示：记录任务 {tasks} 项、评议 {rounds} 轮、公告 {notices} 则"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_publication_counts_one_thing_in_the_singular() {
        assert_eq!(
            counts_text(Language::En, 25, 1, 3),
            "First publication: 25 tasks, 1 evaluation round, 3 notices"
        );
        assert_eq!(
            counts_text(Language::En, 1, 0, 1),
            "First publication: 1 task, 0 evaluation rounds, 1 notice"
        );
        assert_eq!(
            counts_text(Language::ZhCn, 25, 1, 3),
            "首次公示：记录任务 25 项、评议 1 轮、公告 3 则"
        );
    }
}
