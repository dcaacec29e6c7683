//! Renders every output of SPEC §5 for a validated site: enumerates the pages, renders them
//! in parallel through the theme's templates, and hands each file to the sink.

use super::cache::{OutputKeys, PageHashes, RenderCache, SearchOutput};
use super::data;
use super::feeds;
use super::pages::{Lists, Scope, Views};
use super::search;
use super::theme::{StaticSource, Theme, ThemeError, error_chain};
use super::urls::paths;
use super::views::*;
use crate::model::{Document, EvaluationRound, Org, Site, Stage, Status, Task};
use crate::output::{OutputError, Sink};
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashMap;
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
    /// Pages whose view was built, to be hashed or rendered: with a [`RenderCache`], pages
    /// known to be unchanged are kept without it.
    pub pages_built: usize,
}

/// One page to render.
enum Job<'a> {
    Home,
    Task(&'a Task),
    Page(&'a Document),
    /// A page made from the [`Lists`] alone.
    Listed(Listed<'a>),
}

/// A page made from the scope and the task rows alone (see [`Lists`]): while those are as
/// in the last render, `serve` keeps every such page without building its view.
enum Listed<'a> {
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
    Data,
    Search,
    NotFound,
}

impl Job<'_> {
    fn path(&self, lists: &Lists) -> String {
        match self {
            Job::Home => String::new(),
            Job::Task(t) => paths::task(&t.id.value),
            Job::Page(p) => paths::page(&p.slug),
            Job::Listed(listed) => match listed {
                Listed::TasksIndex => "tasks/".into(),
                Listed::Stage(s) => paths::stage(s.key()),
                Listed::Status(s) => paths::status(s.key()),
                Listed::CategoryIndex => "categories/".into(),
                Listed::Category(name) => paths::category(&lists.categories[*name]),
                Listed::OrgIndex => "orgs/".into(),
                Listed::Org(o) => paths::org(&o.id),
                Listed::EvaluationIndex => "evaluations/".into(),
                Listed::Evaluation(r) => paths::evaluation(&r.id.value),
                Listed::EvaluationPrint(r) => paths::evaluation_print(&r.id.value),
                Listed::NoticeIndex => "notices/".into(),
                Listed::Notice(n) => paths::notice(&n.slug),
                Listed::NoticePrint(n) => paths::notice_print(&n.slug),
                Listed::Data => "data/".into(),
                Listed::Search => "search/".into(),
                Listed::NotFound => "404.html".into(),
            },
        }
    }
}

/// Every page, in the order of the sitemap.
fn jobs<'a>(site: &'a Site, views: &'a Views) -> Vec<Job<'a>> {
    let lists = &views.lists;
    let mut jobs = vec![Job::Home];
    jobs.extend(
        [
            Listed::TasksIndex,
            Listed::CategoryIndex,
            Listed::OrgIndex,
            Listed::EvaluationIndex,
            Listed::NoticeIndex,
            Listed::Data,
            Listed::Search,
            Listed::NotFound,
        ]
        .into_iter()
        .map(Job::Listed),
    );
    jobs.extend(Stage::ALL.iter().map(|s| Job::Listed(Listed::Stage(*s))));
    jobs.extend(Status::ALL.iter().map(|s| Job::Listed(Listed::Status(*s))));
    jobs.extend(
        lists
            .categories
            .keys()
            .map(|c| Job::Listed(Listed::Category(c.as_str()))),
    );
    jobs.extend(site.tasks.values().map(|t| Job::Task(t)));
    jobs.extend(lists.orgs.values().map(|o| Job::Listed(Listed::Org(o))));
    for round in lists.evaluations().values() {
        jobs.push(Job::Listed(Listed::Evaluation(round)));
        if round.publicity.is_some() {
            jobs.push(Job::Listed(Listed::EvaluationPrint(round)));
        }
    }
    for notice in lists.visible_notices() {
        jobs.push(Job::Listed(Listed::Notice(notice)));
        if notice.publicity.is_some() {
            jobs.push(Job::Listed(Listed::NoticePrint(notice)));
        }
    }
    jobs.extend(views.visible_pages().into_iter().map(Job::Page));
    jobs
}

/// Renders pages. It holds no views: each page is built from what its kind of page may
/// see, [`Views`] or (for a [`Listed`] page) the [`Lists`] alone.
struct Renderer<'a> {
    tera: &'a tera::Tera,
    /// `site` as a template value, converted once: Tera values share their contents, so
    /// each page's context gets a handle, not a copy.
    site_value: tera::Value,
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
    rows: &mut [RowRef],
) -> Result<(), RenderError> {
    let missing: Vec<(usize, Arc<TaskRow>)> = rows
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
        if let Some(row) = rows.get_mut(i) {
            row.html = Some(html);
        }
    }
    Ok(())
}

impl Renderer<'_> {
    fn evaluation(&self, lists: &Lists, round: &EvaluationRound) -> Cow<'_, EvaluationPage> {
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
        Ok(Some(html.into_bytes()))
    }

    /// The page's bytes, or None when they are the same as the cached render's.
    fn page(&self, views: &Views, job: &Job, path: &str) -> Result<Option<Vec<u8>>, RenderError> {
        let t = |key: &str| super::i18n::text(views.lang, key).to_string();
        match job {
            Job::Home => self.render(
                path,
                "index.html",
                views.meta(&t("dashboard"), path, "home", vec![]),
                views.home(),
            ),
            Job::Task(task) => {
                let (meta, page) = views.scope.task_page(task, path);
                self.render(path, "task.html", meta, page)
            }
            Job::Page(doc) => self.render(
                path,
                "page.html",
                views.meta(&doc.title, path, "", vec![]),
                views.document(doc, false),
            ),
            Job::Listed(listed) => self.listed(&views.lists, listed, path),
        }
    }

    /// A [`Listed`] page: from the scope and the rows alone.
    fn listed(&self, v: &Lists, job: &Listed, path: &str) -> Result<Option<Vec<u8>>, RenderError> {
        let t = |key: &str| super::i18n::text(v.lang, key).to_string();
        match job {
            Listed::TasksIndex => self.render(
                path,
                "tasks.html",
                v.meta(&t("all_tasks"), path, "tasks", v.tasks_breadcrumbs()),
                v.tasks_index(),
            ),
            Listed::Stage(s) => {
                let list = v.stage_list(*s);
                self.render(
                    path,
                    "tasks.html",
                    v.meta(&list.heading, path, "tasks", v.tasks_breadcrumbs()),
                    list,
                )
            }
            Listed::Status(s) => {
                let list = v.status_list(*s);
                self.render(
                    path,
                    "tasks.html",
                    v.meta(&list.heading, path, "tasks", v.tasks_breadcrumbs()),
                    list,
                )
            }
            Listed::Category(name) => {
                let list = v.category_list(name);
                self.render(
                    path,
                    "tasks.html",
                    v.meta(&list.heading, path, "tasks", v.tasks_breadcrumbs()),
                    list,
                )
            }
            Listed::CategoryIndex => {
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
            Listed::OrgIndex => self.render(
                path,
                "orgs.html",
                v.meta(&t("col_org"), path, "tasks", v.tasks_breadcrumbs()),
                v.org_index(v.satisfaction_by_org()),
            ),
            Listed::Org(org) => self.render(
                path,
                "org.html",
                v.meta(&org.name, path, "tasks", v.org_breadcrumbs(org)),
                v.org(org, v.satisfaction_by_org()),
            ),
            Listed::EvaluationIndex => {
                let items: Vec<EvaluationRow> = v
                    .evaluations()
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
            Listed::Evaluation(round) => {
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
                    self.evaluation(v, round),
                )
            }
            Listed::EvaluationPrint(round) => self.render(
                path,
                "evaluation_print.html",
                v.meta(&round.title, path, "evaluations", vec![]),
                self.evaluation(v, round),
            ),
            Listed::NoticeIndex => self.render(
                path,
                "notices.html",
                v.meta(&t("notices"), path, "notices", vec![]),
                ListPage {
                    heading: t("notices"),
                    items: v.notice_rows(),
                },
            ),
            Listed::Notice(doc) => {
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
            Listed::NoticePrint(doc) => self.render(
                path,
                "notice_print.html",
                v.meta(&doc.title, path, "notices", vec![]),
                v.document(doc, true),
            ),
            Listed::Data => self.render(
                path,
                "data.html",
                v.meta(&t("open_data"), path, "data", vec![]),
                data_page(v),
            ),
            Listed::Search => self.render(
                path,
                "search.html",
                v.meta(&t("search"), path, "search", vec![]),
                EmptyPage {},
            ),
            Listed::NotFound => {
                let mut meta = v.meta(&t("not_found_title"), path, "", vec![]);
                meta.canonical = v.urls.absolute("404.html");
                self.render(path, "404.html", meta, EmptyPage {})
            }
        }
    }
}

fn data_page(v: &Lists) -> DataPage {
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
    let theme = Theme::load(root, &site.config.theme.value)?;
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
    render_views(root, site, theme, &mut views, None, sink).map(|(summary, _)| summary)
}

/// What a cached render ([`render_cached`]) brings to [`render_views`].
struct Cached<'a> {
    hashes: &'a PageHashes<'a>,
    /// Tasks whose page is surely as last time, as neither the task nor its
    /// [`Scope`] changed: their views are not even built.
    /// (For each task, in `site.tasks` order.)
    same_tasks: Vec<bool>,
    /// Whether the [`Lists`] are surely as last time (neither the scope nor any row
    /// changed): then every [`Listed`] page is kept without building its view.
    same_lists: bool,
    /// A hash of the [`Lists`] (see `RenderCache::same_lists`).
    lists_key: u128,
    /// What the last completed render made its outputs from.
    last: OutputKeys,
    /// The search index made elsewhere (see `RenderCache`); taken by the render.
    search: Option<SearchOutput>,
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
    let (lists_key, same_lists) = cache.same_lists(&rows);
    let last = cache.output_keys();
    let views = Views::from_scope(scope, site, rows);
    if same_lists && let Some(home) = cache.home_lists(lists_key) {
        views.keep_home_lists(home);
    }
    let mut views = views;
    let hashes = cache.page_hashes(theme.fingerprint, &views.site_view);
    let cached = Cached {
        hashes: &hashes,
        same_tasks,
        same_lists,
        lists_key,
        last,
        search: Some(search),
        with_data,
    };
    let (summary, keys) = render_views(root, site, theme, &mut views, Some(cached), sink)?;
    let same_pages = keys.pages.is_some() && keys.pages == last.pages;
    cache.keep_pages(hashes.into_hashes(), same_pages, keys);
    cache.keep_rows(site, &views);
    cache.keep_home_lists(lists_key, views.home_lists_made());
    Ok(summary)
}

/// Hashes a sequence of paths, for [`OutputKeys`].
struct PathsHasher(siphasher::sip128::SipHasher13);

impl PathsHasher {
    fn new(seed: u128) -> Self {
        use std::hash::Hasher as _;
        let mut hasher = siphasher::sip128::SipHasher13::new();
        hasher.write_u128(seed);
        PathsHasher(hasher)
    }

    fn add(&mut self, path: &str) {
        use std::hash::Hasher as _;
        self.0.write_usize(path.len());
        self.0.write(path.as_bytes());
    }

    fn add_key(&mut self, key: u128) {
        use std::hash::Hasher as _;
        self.0.write_u128(key);
    }

    fn finish(&self) -> u128 {
        use siphasher::sip128::Hasher128 as _;
        self.0.finish128().as_u128()
    }
}

/// Renders the pages of `views`; with `cached`, also says what its outputs were made from
/// (see [`OutputKeys`]).
fn render_views(
    root: &Path,
    site: &Site,
    theme: &Theme,
    views: &mut Views,
    // None renders everything, the search index and the open data included.
    mut cached: Option<Cached>,
    sink: &dyn Sink,
) -> Result<(RenderSummary, OutputKeys), RenderError> {
    // The search files to write (None: build the index now), and those to keep.
    let (search_files, kept_search) = match cached.as_mut().and_then(|c| c.search.take()) {
        Some(SearchOutput::Write(files)) => (Some(files), None),
        Some(SearchOutput::Keep(paths)) => (Some(Vec::new()), Some(paths)),
        None => (None, None),
    };
    let (unchanged, same_tasks, same_lists, with_data) = match &cached {
        Some(c) => (
            Some(c.hashes),
            c.same_tasks.as_slice(),
            c.same_lists,
            c.with_data,
        ),
        None => (None, [].as_slice(), false, true),
    };
    let site_value = site_value(&views.site_view)?;
    fill_row_html(&theme.tera, &site_value, &mut views.lists.rows)?;
    let views = &*views;
    views.prepare(!same_lists);
    let renderer = Renderer {
        tera: &theme.tera,
        site_value,
        unchanged,
        evaluations: site
            .evaluations
            .keys()
            .map(|id| (id.as_str(), OnceLock::new()))
            .collect(),
    };
    let jobs = jobs(site, views);
    let page_paths: Vec<String> = jobs.par_iter().map(|j| j.path(views)).collect();
    // Pages known to be unchanged are kept in one go, before the others render.
    let mut kept = vec![false; jobs.len()];
    if let Some(hashes) = unchanged {
        // The task jobs come in `site.tasks` order, as `same_tasks` does.
        let first_task = jobs.iter().position(|j| matches!(j, Job::Task(_)));
        let mut candidates: Vec<usize> = first_task
            .map(|first| {
                site.tasks
                    .values()
                    .zip(same_tasks)
                    .enumerate()
                    .filter(|(i, (task, same))| {
                        **same
                            && matches!(jobs.get(first + i), Some(Job::Task(t)) if std::ptr::eq(*t, &***task))
                    })
                    .map(|(i, _)| first + i)
                    .collect()
            })
            .unwrap_or_default();
        if same_lists {
            candidates.extend((0..jobs.len()).filter(|&i| matches!(jobs[i], Job::Listed(_))));
        }
        let kept_now = hashes.rendered(candidates.iter().map(|&i| page_paths[i].as_str()));
        for &i in &kept_now {
            kept[candidates[i]] = true;
        }
    }
    // What the outputs are made from (see `OutputKeys`); the sitemap is kept when what it
    // is made from is as last time.
    let mut keys = OutputKeys::default();
    if let Some(c) = &cached {
        let mut pages = PathsHasher::new(0);
        page_paths.iter().for_each(|p| pages.add(p));
        let pages = pages.finish();
        keys.pages = Some(pages);
        // The sitemap: the lists and the pages, both already hashed.
        let mut sitemap = PathsHasher::new(c.lists_key);
        sitemap.add_key(pages);
        keys.sitemap = Some(sitemap.finish());
    }
    let keep_sitemap =
        keys.sitemap.is_some() && keys.sitemap == cached.as_ref().and_then(|c| c.last.sitemap);
    let pages_rendered = std::sync::atomic::AtomicUsize::new(0);
    let pages_built = kept.iter().filter(|k| !**k).count();
    sink.pages_planned(pages_built);

    // The search index is built from the model on a thread of its own while the pages
    // render: Pagefind indexes one record at a time, so overlapping it with the parallel
    // page rendering hides most of its cost. A thread of its own also keeps its private
    // tokio runtime away from any runtime the caller (`serve`) may be running in.
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
            let atom = feeds::atom(views);
            let mut feeds = vec![
                ("atom.xml".to_string(), atom),
                ("robots.txt".to_string(), feeds::robots(views)),
            ];
            if !keep_sitemap {
                let sitemap = feeds::sitemap(&views.lists, &page_paths);
                feeds.push(("sitemap.xml".to_string(), sitemap));
            }
            (data, feeds)
        });
        let pages = jobs
            .par_iter()
            .zip(page_paths.par_iter())
            .zip(kept.par_iter())
            .filter(|(_, kept)| !**kept)
            .try_for_each(|((job, path), _)| {
                match renderer.page(views, job, path)? {
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
    let mut kept_generated: Vec<&str> = Vec::new();
    if keep_sitemap {
        sink.keep("sitemap.xml")?;
        kept_generated.push("sitemap.xml");
        files += 1;
    }
    if let Some(paths) = &kept_search {
        kept_generated.extend(paths.iter().map(String::as_str));
    }
    if let (Some(c), Some(pages)) = (&cached, keys.pages) {
        // Every file of this render, in the order made; when they are the files of the
        // last render, the sink keeps that render's files as a whole rather than one by one
        // (10,000 pages and as many search files on a large site).
        let mut outputs = PathsHasher::new(pages);
        for path in generated
            .iter()
            .map(|(p, _)| p.as_str())
            .chain(kept_generated.iter().copied())
        {
            outputs.add(path);
        }
        for path in theme.static_files.keys().chain(&site.static_files) {
            outputs.add(path);
        }
        keys.outputs = Some(outputs.finish());
        let carried = keys.outputs == c.last.outputs && sink.keep_previous()?;
        if !carried {
            let kept_files: Vec<String> = (0..jobs.len())
                .into_par_iter()
                .filter(|&i| kept[i])
                .map(|i| paths::file_of(&page_paths[i]))
                .collect();
            sink.keep_all(&kept_files)?;
            if let Some(paths) = &kept_search {
                sink.keep_all(paths)?;
            }
        }
        // The page hashes of the kept pages, carried over as a whole when the pages are
        // the same as last time.
        if keys.pages != c.last.pages {
            c.hashes.keep_rendered(
                (0..jobs.len())
                    .filter(|&i| kept[i])
                    .map(|i| page_paths[i].as_str()),
            );
        }
    }

    // Theme assets first; a site's own content/static/assets/style.css replaces the theme's.
    // (The set of generated files is made only when there are static files to check.)
    let page_files: std::collections::HashSet<String> = if site.static_files.is_empty() {
        Default::default()
    } else {
        page_paths
            .iter()
            .map(|p| paths::file_of(p))
            .chain(generated.iter().map(|(p, _)| p.clone()))
            .chain(kept_generated.iter().map(|p| p.to_string()))
            .collect()
    };
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
    let summary = RenderSummary {
        pages: page_paths.len(),
        files,
        pages_rendered: pages_rendered.into_inner(),
        pages_built,
    };
    Ok((summary, keys))
}
