//! Turning one page's view into bytes through the theme's templates: every page gets
//! `site`, `meta` and `page` (see `views`), and every task row is rendered once through
//! [`ROW_TEMPLATE`] however many lists show it.

use super::cache::PageHashes;
use super::jobs::{Job, ListJob};
use super::options::RenderError;
use super::pages::{ListScope, SiteScope};
use super::relative::relative_links;
use super::theme::error_chain;
use super::urls::paths;
use super::views::*;
use crate::model::EvaluationRound;
use crate::model::Site;
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

/// Renders pages. It holds no views: each page is built from what its kind of page may
/// see, [`SiteScope`] or (for a [`ListJob`] page) the [`ListScope`] alone.
pub(super) struct Renderer<'a> {
    tera: &'a tera::Tera,
    /// `site` as a template value, converted once: Tera values share their contents, so
    /// each page's context gets a handle, not a copy.
    site_value: tera::Value,
    /// With a [`RenderCache`]: pages whose template and data are as last time are skipped.
    unchanged: Option<&'a PageHashes<'a>>,
    /// What each round's pages share, made once for its pages and their print versions.
    evaluations: HashMap<&'a str, OnceLock<EvaluationRoundView>>,
    /// `/` or `/sub/`: links under it are made relative to their page (see `relative`).
    base_path: String,
}

/// The template every task row of every list is rendered with (see [`RowRef`]).
const ROW_TEMPLATE: &str = "partials/task_row.html";

/// The page a host serves for any address it does not have.
const NOT_FOUND: &str = "404.html";

fn template_error(path: &str, template: &'static str, e: &dyn std::error::Error) -> RenderError {
    RenderError::Template {
        path: path.to_string(),
        template,
        message: error_chain(e),
    }
}

/// `site` as a template value (see [`Renderer::site_value`]).
pub(super) fn site_value(tera_site: &SiteView) -> Result<tera::Value, RenderError> {
    tera::Value::try_from_serializable(tera_site).map_err(|e| template_error("", "base.html", &e))
}

/// A task row's HTML, from [`ROW_TEMPLATE`].
fn row_html(tera: &tera::Tera, site: &tera::Value, row: &TaskRow) -> Result<Arc<str>, RenderError> {
    let path = paths::task(&row.id);
    let fail = |e: &dyn std::error::Error| template_error(&path, ROW_TEMPLATE, e);
    let mut context = tera::Context::new();
    context.insert_value("site", site.clone());
    context.insert_value(
        "row",
        tera::Value::try_from_serializable(row).map_err(|e| fail(&e))?,
    );
    let html = tera.render(ROW_TEMPLATE, &context).map_err(|e| fail(&e))?;
    Ok(Arc::from(html.trim_end()))
}

/// Fills in the HTML of every row that has none yet, in parallel.
pub(super) fn fill_row_html(
    tera: &tera::Tera,
    site: &tera::Value,
    rows: &mut [RowRef],
) -> Result<(), RenderError> {
    let missing: Vec<(usize, Arc<TaskRow>)> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.html.is_none())
        .map(|(i, r)| (i, r.row.clone()))
        .collect();
    // Collected in order before the first error is taken, so a broken row template is
    // always reported at the same task.
    let rendered: Vec<Result<(usize, Arc<str>), RenderError>> = missing
        .into_par_iter()
        .map(|(i, row)| Ok((i, row_html(tera, site, &row)?)))
        .collect();
    let rendered: Vec<(usize, Arc<str>)> = rendered.into_iter().collect::<Result<_, _>>()?;
    for (i, html) in rendered {
        if let Some(row) = rows.get_mut(i) {
            row.html = Some(html);
        }
    }
    Ok(())
}

impl<'a> Renderer<'a> {
    pub(super) fn new(
        tera: &'a tera::Tera,
        site_value: tera::Value,
        unchanged: Option<&'a PageHashes<'a>>,
        site: &'a Site,
        base_path: &str,
    ) -> Self {
        Renderer {
            tera,
            site_value,
            unchanged,
            base_path: base_path.to_string(),
            evaluations: site
                .evaluations
                .keys()
                .map(|id| (id.as_str(), OnceLock::new()))
                .collect(),
        }
    }

    fn evaluation(
        &self,
        lists: &ListScope,
        round: &EvaluationRound,
    ) -> Cow<'_, EvaluationRoundView> {
        match self.evaluations.get(round.id.value.as_str()) {
            Some(page) => Cow::Borrowed(page.get_or_init(|| lists.evaluation(round))),
            None => Cow::Owned(lists.evaluation(round)),
        }
    }

    fn render<T: Serialize>(
        &self,
        path: &str,
        template: &'static str,
        meta: PageMeta,
        page: T,
    ) -> Result<Option<Vec<u8>>, RenderError> {
        if let Some(hashes) = self.unchanged
            && hashes.unchanged(path, template, &meta, &page)
        {
            return Ok(None);
        }
        let fail = |e: &dyn std::error::Error| template_error(path, template, e);
        let mut context = tera::Context::new();
        context.insert_value("site", self.site_value.clone());
        context.insert_value(
            "meta",
            tera::Value::try_from_serializable(&meta).map_err(|e| fail(&e))?,
        );
        context.insert_value(
            "page",
            tera::Value::try_from_serializable(&page).map_err(|e| fail(&e))?,
        );
        let html = self.tera.render(template, &context).map_err(|e| fail(&e))?;
        // A host serves the 404 page at any depth: its links stay under the root.
        if path == NOT_FOUND {
            return Ok(Some(html.into_bytes()));
        }
        let html = relative_links(&html, &paths::file_of(path), &self.base_path);
        Ok(Some(html.into_bytes()))
    }

    /// The page's bytes, or None when they are the same as the cached render's.
    pub(super) fn page(
        &self,
        views: &SiteScope,
        job: &Job,
        path: &str,
    ) -> Result<Option<Vec<u8>>, RenderError> {
        let t = |key: &str| super::i18n::text(views.lang, key).to_string();
        match job {
            Job::Home => self.render(
                path,
                "index.html",
                views.meta(&t("dashboard"), path, "home", vec![]),
                views.home(),
            ),
            Job::Task(task) => {
                let history = views.history.task(&task.id.value);
                let (meta, page) = views.scope.task_page(task, path, history);
                self.render(path, "task.html", meta, page)
            }
            Job::Page(doc) => self.render(
                path,
                "page.html",
                views.meta(&doc.title, path, "", vec![]),
                views.document(doc, false),
            ),
            Job::List(listed) => {
                let print = matches!(
                    listed,
                    ListJob::EvaluationPrint(..) | ListJob::NoticePrint(_)
                );
                let chain = if print { views.chain_mark() } else { None };
                self.listed(&views.lists, listed, path, chain)
            }
            Job::Changes => {
                let mut meta = views.meta(&t("changes"), path, "", vec![views.home_crumb()]);
                meta.chain = views.chain_mark();
                self.render(path, "changes.html", meta, views.changes_page())
            }
            Job::Publication(publication) => {
                let page = views.publication_page(publication);
                let crumbs = vec![
                    views.home_crumb(),
                    Link {
                        label: t("changes"),
                        href: views.urls.link("changes/"),
                    },
                ];
                let meta = views.meta(&page.heading, path, "", crumbs);
                self.render(path, "changes.html", meta, page)
            }
        }
    }

    /// Page `n` of a list of tasks (all, one step, one status, one category): one template,
    /// titled with its page number.
    fn task_list(
        &self,
        v: &ListScope,
        path: &str,
        list: TaskListPage<'_>,
        n: usize,
    ) -> Result<Option<Vec<u8>>, RenderError> {
        let meta = v.meta(
            &v.list_title(&list.heading, n),
            path,
            "tasks",
            v.tasks_breadcrumbs(),
        );
        self.render(path, "tasks.html", meta, list)
    }

    /// A [`ListJob`] page: from the scope and the rows alone.
    /// `chain`: the chain head, for the printable notices.
    fn listed(
        &self,
        v: &ListScope,
        job: &ListJob,
        path: &str,
        chain: Option<ChainMark>,
    ) -> Result<Option<Vec<u8>>, RenderError> {
        let t = |key: &str| super::i18n::text(v.lang, key).to_string();
        match job {
            ListJob::TasksIndex(n) => self.task_list(v, path, v.tasks_index(*n), *n),
            ListJob::Stage(s, n) => self.task_list(v, path, v.stage_list(*s, *n), *n),
            ListJob::Status(s, n) => self.task_list(v, path, v.status_list(*s, *n), *n),
            ListJob::Category(name, n) => self.task_list(v, path, v.category_list(name, *n), *n),
            ListJob::CategoryIndex => {
                let items = v.category_facets();
                self.render(
                    path,
                    "categories.html",
                    v.meta(&t("categories"), path, "tasks", v.tasks_breadcrumbs()),
                    ListPage {
                        heading: t("categories"),
                        items,
                    },
                )
            }
            ListJob::OrgIndex => self.render(
                path,
                "orgs.html",
                v.meta(&t("col_org"), path, "tasks", v.tasks_breadcrumbs()),
                v.org_index(v.satisfaction_by_org()),
            ),
            ListJob::Org(org, n) => self.render(
                path,
                "org.html",
                v.meta(
                    &v.list_title(&org.name, *n),
                    path,
                    "tasks",
                    v.org_breadcrumbs(org),
                ),
                v.org(org, v.satisfaction_by_org(), *n),
            ),
            ListJob::EvaluationIndex => self.render(
                path,
                "evaluations.html",
                v.meta(&t("evaluations"), path, "evaluations", vec![]),
                v.evaluation_index(),
            ),
            ListJob::Evaluation(round, n) => {
                let crumbs = vec![
                    Link {
                        label: t("nav_home"),
                        href: v.urls.link(""),
                    },
                    Link {
                        label: t("nav_evaluations"),
                        href: v.urls.link("evaluations/"),
                    },
                ];
                let mut meta = v.article(
                    v.meta(&v.list_title(&round.title, *n), path, "evaluations", crumbs),
                    Some(round.held.value),
                    v.config.publisher.clone(),
                );
                meta.unpublished = v.unpublished.rounds.contains(&round.id.value);
                let view = self.evaluation(v, round);
                let page = v.evaluation_page(round, &view, *n);
                self.render(path, "evaluation.html", meta, page)
            }
            ListJob::EvaluationPrint(round, n) => {
                let title = v.list_title(&round.title, *n);
                let mut meta = v.article(
                    v.meta(&title, path, "evaluations", vec![]),
                    Some(round.held.value),
                    v.config.publisher.clone(),
                );
                meta.unpublished = v.unpublished.rounds.contains(&round.id.value);
                meta.chain = chain.clone();
                let view = self.evaluation(v, round);
                let page = v.evaluation_page(round, &view, *n);
                self.render(path, "evaluation_print.html", meta, page)
            }
            ListJob::NoticeIndex => self.render(
                path,
                "notices.html",
                v.meta(&t("notices"), path, "notices", vec![]),
                ListPage {
                    heading: t("notices"),
                    items: v.notice_rows(),
                },
            ),
            ListJob::Notice(doc) => {
                let crumbs = vec![
                    Link {
                        label: t("nav_home"),
                        href: v.urls.link(""),
                    },
                    Link {
                        label: t("nav_notices"),
                        href: v.urls.link("notices/"),
                    },
                ];
                let mut meta = v.article(
                    v.meta(&doc.title, path, "notices", crumbs),
                    doc.date.as_ref().map(|d| d.value),
                    v.config.publisher.clone(),
                );
                meta.unpublished = v.unpublished.notices.contains(&doc.slug);
                self.render(path, "notice.html", meta, v.document(doc, true))
            }
            ListJob::NoticePrint(doc) => {
                let mut meta = v.article(
                    v.meta(&doc.title, path, "notices", vec![]),
                    doc.date.as_ref().map(|d| d.value),
                    v.config.publisher.clone(),
                );
                meta.unpublished = v.unpublished.notices.contains(&doc.slug);
                meta.chain = chain.clone();
                self.render(path, "notice_print.html", meta, v.document(doc, true))
            }
            ListJob::OpenData => self.render(
                path,
                "data.html",
                v.meta(&t("open_data"), path, "data", vec![]),
                v.open_data_page(),
            ),
            ListJob::Search => self.render(
                path,
                "search.html",
                v.meta(&t("search"), path, "search", vec![]),
                EmptyPage {},
            ),
            ListJob::Accessibility => self.render(
                path,
                "page.html",
                v.meta(&t("a11y_statement"), path, "", vec![]),
                v.accessibility_statement(),
            ),
            ListJob::NotFound => {
                let mut meta = v.meta(&t("not_found_title"), path, "", vec![]);
                meta.canonical = v.urls.absolute("404.html");
                self.render(path, "404.html", meta, EmptyPage {})
            }
        }
    }
}
