//! Renders every output of SPEC §5 for a validated site: enumerates the pages, renders them
//! in parallel through the theme's templates, and hands each file to the sink.

use super::cache::{PageHashes, RenderCache, SearchOutput};
use super::data;
use super::feeds;
use super::pages::{Scope, Views};
use super::search;
use super::theme::{StaticSource, Theme, ThemeError, error_chain};
use super::urls::paths;
use super::views::*;
use crate::model::{Document, EvaluationRound, Org, Site, Stage, Status, Task};
use crate::output::{OutputError, Sink};
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::{Arc, OnceLock};

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(transparent)]
    Theme(#[from] ThemeError),
    #[error("rendering {path} with template {template}:\n{message}")]
    Template {
        path: String,
        template: &'static str,
        message: String,
    },
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error(transparent)]
    Search(#[from] super::search::SearchError),
    #[error("content/static/{0} would overwrite a page that gongshi generates; rename or move it")]
    StaticCollision(String),
}

#[derive(Clone, Debug)]
pub struct RenderOptions {
    /// The base URL to publish under (site.yaml's, or `--base-url`).
    pub base_url: String,
    pub drafts: bool,
}

/// What a render produced.
#[derive(Clone, Debug, Default)]
pub struct RenderSummary {
    pub pages: usize,
    pub files: usize,
    /// Pages rendered through the templates (fewer than `pages` with a [`RenderCache`]).
    pub pages_rendered: usize,
}

/// One page to render.
enum Job<'a> {
    Home,
    TasksIndex,
    Stage(Stage),
    Status(Status),
    CategoryIndex,
    Category(&'a str),
    Task(&'a Task),
    OrgIndex,
    Org(&'a Org),
    EvaluationIndex,
    Evaluation(&'a EvaluationRound),
    EvaluationPrint(&'a EvaluationRound),
    NoticeIndex,
    Notice(&'a Document),
    NoticePrint(&'a Document),
    Page(&'a Document),
    Data,
    Search,
    NotFound,
}

impl Job<'_> {
    fn path(&self) -> String {
        match self {
            Job::Home => String::new(),
            Job::TasksIndex => "tasks/".into(),
            Job::Stage(s) => paths::stage(s.key()),
            Job::Status(s) => paths::status(s.key()),
            Job::CategoryIndex => "categories/".into(),
            Job::Category(_) => String::new(), // needs the slug table: see `job_path`
            Job::Task(t) => paths::task(&t.id.value),
            Job::OrgIndex => "orgs/".into(),
            Job::Org(o) => paths::org(&o.id),
            Job::EvaluationIndex => "evaluations/".into(),
            Job::Evaluation(r) => paths::evaluation(&r.id.value),
            Job::EvaluationPrint(r) => paths::evaluation_print(&r.id.value),
            Job::NoticeIndex => "notices/".into(),
            Job::Notice(n) => paths::notice(&n.slug),
            Job::NoticePrint(n) => paths::notice_print(&n.slug),
            Job::Page(p) => paths::page(&p.slug),
            Job::Data => "data/".into(),
            Job::Search => "search/".into(),
            Job::NotFound => "404.html".into(),
        }
    }
}

fn job_path(job: &Job, views: &Views) -> String {
    match job {
        Job::Category(name) => paths::category(&views.categories[*name]),
        other => other.path(),
    }
}

fn jobs<'a, 's: 'a>(site: &'a Site, views: &'a Views<'s>) -> Vec<Job<'a>> {
    let mut jobs = vec![
        Job::Home,
        Job::TasksIndex,
        Job::CategoryIndex,
        Job::OrgIndex,
        Job::EvaluationIndex,
        Job::NoticeIndex,
        Job::Data,
        Job::Search,
        Job::NotFound,
    ];
    jobs.extend(Stage::ALL.iter().map(|s| Job::Stage(*s)));
    jobs.extend(Status::ALL.iter().map(|s| Job::Status(*s)));
    jobs.extend(views.categories.keys().map(|c| Job::Category(c.as_str())));
    jobs.extend(site.tasks.values().map(|t| Job::Task(t)));
    jobs.extend(site.orgs.values().map(Job::Org));
    for round in site.evaluations.values() {
        jobs.push(Job::Evaluation(round));
        if round.publicity.is_some() {
            jobs.push(Job::EvaluationPrint(round));
        }
    }
    for notice in views.visible_notices() {
        jobs.push(Job::Notice(notice));
        if notice.publicity.is_some() {
            jobs.push(Job::NoticePrint(notice));
        }
    }
    jobs.extend(views.visible_pages().into_iter().map(Job::Page));
    jobs
}

struct Renderer<'a, 's> {
    tera: &'a tera::Tera,
    views: &'a Views<'s>,
    /// `site` as a template value, converted once: Tera values share their contents, so
    /// each page's context gets a handle, not a copy.
    site_value: tera::Value,
    satisfaction: &'a BTreeMap<String, crate::model::SatisfactionVotes>,
    /// With a [`RenderCache`]: pages whose template and data are as last time are skipped.
    unchanged: Option<&'a PageHashes<'a>>,
    /// Each round's page view, made once for its page and its print version.
    evaluations: HashMap<&'a str, OnceLock<EvaluationPage>>,
}

/// The template every task row of every list is rendered with (see [`RowRef`]).
const ROW_TEMPLATE: &str = "partials/task_row.html";

fn template_error(path: &str, template: &'static str, e: &dyn std::error::Error) -> RenderError {
    RenderError::Template {
        path: path.to_string(),
        template,
        message: error_chain(e),
    }
}

/// `site` as a template value (see [`Renderer::site_value`]).
fn site_value(tera_site: &SiteView) -> Result<tera::Value, RenderError> {
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
fn fill_row_html(
    tera: &tera::Tera,
    site: &tera::Value,
    views: &mut Views,
) -> Result<(), RenderError> {
    let missing: Vec<(usize, Arc<TaskRow>)> = views
        .rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.html.is_none())
        .map(|(i, r)| (i, r.row.clone()))
        .collect();
    let rendered: Vec<(usize, Arc<str>)> = missing
        .into_par_iter()
        .map(|(i, row)| Ok((i, row_html(tera, site, &row)?)))
        .collect::<Result<_, RenderError>>()?;
    for (i, html) in rendered {
        if let Some(row) = views.rows.get_mut(i) {
            row.html = Some(html);
        }
    }
    Ok(())
}

impl Renderer<'_, '_> {
    fn evaluation(&self, round: &EvaluationRound) -> Cow<'_, EvaluationPage> {
        match self.evaluations.get(round.id.value.as_str()) {
            Some(page) => Cow::Borrowed(page.get_or_init(|| self.views.evaluation(round))),
            None => Cow::Owned(self.views.evaluation(round)),
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
        Ok(Some(html.into_bytes()))
    }

    /// The page's bytes, or None when they are the same as the cached render's.
    fn page(&self, job: &Job, path: &str) -> Result<Option<Vec<u8>>, RenderError> {
        let v = self.views;
        let t = |key: &str| super::i18n::text(v.lang, key).to_string();
        match job {
            Job::Home => self.render(
                path,
                "index.html",
                v.meta(&t("dashboard"), path, "home", vec![]),
                v.home(),
            ),
            Job::TasksIndex => self.render(
                path,
                "tasks.html",
                v.meta(&t("all_tasks"), path, "tasks", v.tasks_breadcrumbs()),
                v.tasks_index(),
            ),
            Job::Stage(s) => {
                let list = v.stage_list(*s);
                self.render(
                    path,
                    "tasks.html",
                    v.meta(&list.heading, path, "tasks", v.tasks_breadcrumbs()),
                    list,
                )
            }
            Job::Status(s) => {
                let list = v.status_list(*s);
                self.render(
                    path,
                    "tasks.html",
                    v.meta(&list.heading, path, "tasks", v.tasks_breadcrumbs()),
                    list,
                )
            }
            Job::Category(name) => {
                let list = v.category_list(name);
                self.render(
                    path,
                    "tasks.html",
                    v.meta(&list.heading, path, "tasks", v.tasks_breadcrumbs()),
                    list,
                )
            }
            Job::CategoryIndex => {
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
            Job::Task(task) => {
                let (meta, page) = v.task_page(task, path);
                self.render(path, "task.html", meta, page)
            }
            Job::OrgIndex => self.render(
                path,
                "orgs.html",
                v.meta(&t("col_org"), path, "tasks", v.tasks_breadcrumbs()),
                v.org_index(self.satisfaction),
            ),
            Job::Org(org) => self.render(
                path,
                "org.html",
                v.meta(&org.name, path, "tasks", v.org_breadcrumbs(org)),
                v.org(org, self.satisfaction),
            ),
            Job::EvaluationIndex => {
                let items: Vec<EvaluationRow> = v
                    .site
                    .evaluations
                    .values()
                    .rev()
                    .map(|r| EvaluationRow {
                        title: r.title.clone(),
                        href: v.urls.link(&paths::evaluation(&r.id.value)),
                        held: r.held.value.to_string(),
                        publicity: r.publicity.as_ref().map(|p| v.period_view(&p.value)),
                        results: r.results.len(),
                        overall_pct: super::format::pct_text(r.total_votes().satisfaction_rate()),
                    })
                    .collect();
                self.render(
                    path,
                    "evaluations.html",
                    v.meta(&t("evaluations"), path, "evaluations", vec![]),
                    ListPage {
                        heading: t("evaluations"),
                        items,
                    },
                )
            }
            Job::Evaluation(round) => {
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
                self.render(
                    path,
                    "evaluation.html",
                    v.meta(&round.title, path, "evaluations", crumbs),
                    self.evaluation(round),
                )
            }
            Job::EvaluationPrint(round) => self.render(
                path,
                "evaluation_print.html",
                v.meta(&round.title, path, "evaluations", vec![]),
                self.evaluation(round),
            ),
            Job::NoticeIndex => self.render(
                path,
                "notices.html",
                v.meta(&t("notices"), path, "notices", vec![]),
                ListPage {
                    heading: t("notices"),
                    items: v.notice_rows(),
                },
            ),
            Job::Notice(doc) => {
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
                self.render(
                    path,
                    "notice.html",
                    v.meta(&doc.title, path, "notices", crumbs),
                    v.document(doc, true),
                )
            }
            Job::NoticePrint(doc) => self.render(
                path,
                "notice_print.html",
                v.meta(&doc.title, path, "notices", vec![]),
                v.document(doc, true),
            ),
            Job::Page(doc) => self.render(
                path,
                "page.html",
                v.meta(&doc.title, path, "", vec![]),
                v.document(doc, false),
            ),
            Job::Data => self.render(
                path,
                "data.html",
                v.meta(&t("open_data"), path, "data", vec![]),
                data_page(v),
            ),
            Job::Search => self.render(
                path,
                "search.html",
                v.meta(&t("search"), path, "search", vec![]),
                EmptyPage {},
            ),
            Job::NotFound => {
                let mut meta = v.meta(&t("not_found_title"), path, "", vec![]);
                meta.canonical = v.urls.absolute("404.html");
                self.render(path, "404.html", meta, EmptyPage {})
            }
        }
    }
}

fn data_page(v: &Views) -> DataPage {
    let file = |name: &str, format: &str, description: &str| DataFile {
        name: name.to_string(),
        href: v.urls.link(&format!("data/{name}")),
        format: format.to_string(),
        description: description.to_string(),
    };
    let zh = v.lang == crate::model::Language::ZhCn;
    let pick = |a: &str, b: &str| if zh { a.to_string() } else { b.to_string() };
    DataPage {
        files: vec![
            file(
                "tasks.csv",
                "CSV",
                &pick(
                    "全部任务一览（可用 Excel 打开）",
                    "All tasks, one row each (opens in Excel)",
                ),
            ),
            file(
                "tasks.json",
                "JSON",
                &pick(
                    "全部任务及其目标、节点和台账",
                    "All tasks with targets, milestones and ledgers",
                ),
            ),
            file(
                "evaluations.csv",
                "CSV",
                &pick("各轮评议结果", "Evaluation results of every round"),
            ),
            file(
                "datapackage.json",
                "JSON",
                &pick(
                    "数据说明：各文件的字段、大小和 SHA-256 校验值",
                    "Data package: each file's fields, size and SHA-256",
                ),
            ),
        ],
    }
}

/// Renders the whole site into `sink`. Returns the page paths written, in order.
pub fn render_site(
    root: &Path,
    site: &Site,
    options: &RenderOptions,
    sink: &dyn Sink,
) -> Result<RenderSummary, RenderError> {
    let theme = Theme::load(root, &site.config.theme)?;
    render_with_theme(root, site, &theme, options, sink)
}

pub fn render_with_theme(
    root: &Path,
    site: &Site,
    theme: &Theme,
    options: &RenderOptions,
    sink: &dyn Sink,
) -> Result<RenderSummary, RenderError> {
    let mut views = Views::new(site, &options.base_url, options.drafts);
    render_views(root, site, theme, &mut views, None, sink)
}

/// What a cached render ([`render_cached`]) brings to [`render_views`].
struct Cached<'a> {
    hashes: &'a PageHashes<'a>,
    /// Tasks whose page is surely as last time, as neither the task nor its
    /// [`Scope`] changed: their views are not even built.
    /// (For each task, in `site.tasks` order.)
    same_tasks: Vec<bool>,
    /// The search index made elsewhere (see `RenderCache`).
    search: SearchOutput,
    /// False leaves the open-data files out (see `RenderCache::defer_data`).
    with_data: bool,
}

/// Renders like [`render_with_theme`], but pages whose template and view data are the same
/// as in the cache's last render are not rendered: the sink is told to keep them
/// ([`Sink::keep`]). For `serve`, whose sink holds the last render's files.
pub fn render_cached(
    root: &Path,
    site: &Site,
    theme: &Theme,
    options: &RenderOptions,
    sink: &dyn Sink,
    cache: &mut RenderCache,
) -> Result<RenderSummary, RenderError> {
    let (markdown, qr_codes) = cache.memos(&options.base_url, true);
    let scope = Scope::new(site, &options.base_url, options.drafts, markdown, qr_codes);
    let search = cache.search_output();
    let with_data = !cache.data_deferred();
    let (rows, same_tasks) = cache.rows(site, &scope, theme.fingerprint);
    let mut views = Views::from_scope(scope, site, rows);
    let hashes = cache.page_hashes(theme.fingerprint, &views.site_view);
    let cached = Cached {
        hashes: &hashes,
        same_tasks,
        search,
        with_data,
    };
    let summary = render_views(root, site, theme, &mut views, Some(cached), sink)?;
    let hashes = hashes.into_hashes();
    cache.keep_pages(hashes);
    cache.keep_rows(site, &views);
    Ok(summary)
}

fn render_views(
    root: &Path,
    site: &Site,
    theme: &Theme,
    views: &mut Views,
    // None renders everything, the search index and the open data included.
    cached: Option<Cached>,
    sink: &dyn Sink,
) -> Result<RenderSummary, RenderError> {
    let (unchanged, same_tasks, search, with_data) = match cached {
        Some(c) => (Some(c.hashes), c.same_tasks, Some(c.search), c.with_data),
        None => (None, Vec::new(), None, true),
    };
    let site_value = site_value(&views.site_view)?;
    fill_row_html(&theme.tera, &site_value, views)?;
    let views = &*views;
    views.prepare();
    let renderer = Renderer {
        tera: &theme.tera,
        views,
        site_value,
        satisfaction: views.satisfaction_by_org(),
        unchanged,
        evaluations: site
            .evaluations
            .keys()
            .map(|id| (id.as_str(), OnceLock::new()))
            .collect(),
    };
    let jobs = jobs(site, views);
    let page_paths: Vec<String> = jobs.par_iter().map(|j| job_path(j, views)).collect();
    // Pages known to be unchanged are kept in one go, before the others render.
    let mut kept = vec![false; jobs.len()];
    if let Some(hashes) = unchanged {
        // The task jobs come in `site.tasks` order, as `same_tasks` does.
        let first_task = jobs.iter().position(|j| matches!(j, Job::Task(_)));
        let candidates: Vec<usize> = first_task
            .map(|first| {
                site.tasks
                    .values()
                    .zip(&same_tasks)
                    .enumerate()
                    .filter(|(i, (task, same))| {
                        **same
                            && matches!(jobs.get(first + i), Some(Job::Task(t)) if std::ptr::eq(*t, &***task))
                    })
                    .map(|(i, _)| first + i)
                    .collect()
            })
            .unwrap_or_default();
        let kept_now = hashes.keep_rendered(candidates.iter().map(|&i| page_paths[i].as_str()));
        for &i in &kept_now {
            kept[candidates[i]] = true;
        }
        let files: Vec<String> = kept_now
            .par_iter()
            .map(|&i| paths::file_of(&page_paths[candidates[i]]))
            .collect();
        sink.keep_all(&files)?;
    }
    let pages_rendered = std::sync::atomic::AtomicUsize::new(0);

    // The search index is built from the model on a thread of its own while the pages
    // render: Pagefind indexes one record at a time, so overlapping it with the parallel
    // page rendering hides most of its cost. A thread of its own also keeps its private
    // tokio runtime away from any runtime the caller (`serve`) may be running in.
    let search_files = match search {
        Some(SearchOutput::Write(files)) => Some(files),
        Some(SearchOutput::Keep(paths)) => {
            for path in &paths {
                sink.keep(path)?;
            }
            Some(Vec::new())
        }
        None => None,
    };
    let (pages, search_bundle, data_and_feeds) = std::thread::scope(|scope| {
        let indexer = scope.spawn(move || match search_files {
            Some(files) => Ok(files),
            None => search::bundle(views),
        });
        // The open data and the feeds are single long serialisations: made beside the
        // pages, they take no extra wall-clock time on a large site.
        let writer = scope.spawn(|| {
            let data = if with_data {
                data::data_files(site, &views.urls)
            } else {
                Vec::new()
            };
            let feeds = vec![
                ("atom.xml".to_string(), feeds::atom(views)),
                (
                    "sitemap.xml".to_string(),
                    feeds::sitemap(views, &page_paths),
                ),
                ("robots.txt".to_string(), feeds::robots(views)),
            ];
            (data, feeds)
        });
        let pages = jobs
            .par_iter()
            .zip(page_paths.par_iter())
            .zip(kept.par_iter())
            .filter(|(_, kept)| !**kept)
            .try_for_each(|((job, path), _)| {
                match renderer.page(job, path)? {
                    Some(bytes) => {
                        pages_rendered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        sink.write(&paths::file_of(path), &bytes)?
                    }
                    None => sink.keep(&paths::file_of(path))?,
                }
                Ok::<(), RenderError>(())
            });
        let bundle = indexer.join().unwrap_or_else(|_| {
            Err(search::SearchError::new(
                "the indexer stopped unexpectedly (a bug in gongshi or Pagefind)",
            ))
        });
        (pages, bundle, writer.join())
    });
    pages?;
    // A panic there is a bug: report it where it happened.
    let (data_files, feed_files) =
        data_and_feeds.unwrap_or_else(|panic| std::panic::resume_unwind(panic));

    let mut files = page_paths.len();
    let mut generated: Vec<(String, Vec<u8>)> = data_files;
    generated.extend(search_bundle?);
    generated.extend(feed_files);
    for (path, bytes) in &generated {
        sink.write(path, bytes)?;
    }
    files += generated.len();

    // Theme assets first; a site's own content/static/assets/style.css replaces the theme's.
    let page_files: std::collections::BTreeSet<String> = page_paths
        .iter()
        .map(|p| paths::file_of(p))
        .chain(generated.iter().map(|(p, _)| p.clone()))
        .collect();
    let content_static = root.join("content").join("static");
    for (path, source) in &theme.static_files {
        if site.static_files.contains(path) {
            continue;
        }
        match source {
            StaticSource::Embedded(bytes) => sink.write(path, bytes)?,
            StaticSource::File(from) => sink.copy_file(path, from)?,
        }
        files += 1;
    }
    for path in &site.static_files {
        if page_files.contains(path) {
            return Err(RenderError::StaticCollision(path.clone()));
        }
        sink.copy_file(path, &content_static.join(path))?;
        files += 1;
    }
    Ok(RenderSummary {
        pages: page_paths.len(),
        files,
        pages_rendered: pages_rendered.into_inner(),
    })
}
