//! The render's entry points: [`render_site`] for `build`, [`render_cached`] for `serve`.
//! A render lists the pages, keeps those its cache knows to be unchanged, renders the rest
//! in parallel beside the search index, the open data and the feeds, tells the sink what
//! it keeps, and copies the static files: one function below for each of those steps.

use super::cache::{PageHashes, RenderCache, SearchOutput};
use super::feeds;
use super::jobs::{Job, ListJob, jobs};
use super::open_data;
use super::options::{RenderError, RenderOptions, RenderSummary};
use super::output_keys::{OutputKeys, outputs_key};
use super::pages::{HistoryScope, SiteScope, TaskScope, unpublished};
use super::renderer::{Renderer, fill_row_html, site_value};
use super::search;
use super::static_files::copy_static_files;
use super::theme::Theme;
use super::urls::paths;
use crate::history::timeline::Timeline;
use crate::model::Site;
use crate::output::Sink;
use rayon::prelude::*;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Renders the whole site into `sink`.
pub fn render_site(
    root: &Path,
    site: &Site,
    options: &RenderOptions,
    sink: &dyn Sink,
) -> Result<RenderSummary, RenderError> {
    let theme = Theme::load(root, &site.config.theme.value)?;
    render_with_theme(root, site, &theme, options, sink)
}

/// Renders the whole site into `sink` with a theme loaded earlier.
pub fn render_with_theme(
    root: &Path,
    site: &Site,
    theme: &Theme,
    options: &RenderOptions,
    sink: &dyn Sink,
) -> Result<RenderSummary, RenderError> {
    let timeline = Timeline::load(root, site.config.language).map_err(RenderError::History)?;
    let mut views = SiteScope::new(site, &options.base_url, options.drafts);
    views.history = HistoryScope::new(
        Arc::new(timeline),
        &views.urls,
        views.lang,
        Default::default(),
    );
    render_views(root, site, theme, &mut views, None, sink).map(|(summary, _)| summary)
}

/// What a cached render ([`render_cached`]) brings to [`render_views`].
struct Cached<'a> {
    hashes: &'a PageHashes<'a>,
    /// Tasks whose page is surely as last time, as neither the task nor its
    /// [`TaskScope`] changed: their views are not even built.
    /// (For each task, in `site.tasks` order.)
    same_tasks: Vec<bool>,
    /// Whether the [`ListScope`](super::pages::ListScope) is surely as last time (neither
    /// the task scope nor any row changed): then every page made from it is kept without
    /// building its view.
    same_lists: bool,
    /// A hash of the list scope (see `RenderCache::same_lists`).
    lists_key: u128,
    /// What the last completed render made its outputs from.
    last: OutputKeys,
    /// The search index made elsewhere (see `RenderCache`); taken by the render.
    search: Option<SearchOutput>,
    /// False leaves the open-data files out (see `RenderCache::defer_open_data`).
    with_open_data: bool,
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
    let mut scope = TaskScope::new(site, &options.base_url, options.drafts, markdown, qr_codes);
    let timeline = cache.timeline(root, site.config.language)?;
    let (unpublished_tasks, unpublished_records) = if options.preview {
        unpublished(site, timeline.newest.as_ref())
    } else {
        Default::default()
    };
    scope.unpublished = unpublished_records;
    let history = HistoryScope::new(timeline, &scope.urls, scope.lang, unpublished_tasks);
    let search = if site.config.search {
        cache.search_output()
    } else {
        cache.search_off()
    };
    let with_open_data = !cache.open_data_deferred();
    let (rows, same_tasks) = cache.rows(site, &scope, theme.fingerprint, &history);
    let (lists_key, same_lists) = cache.same_lists(&rows);
    let last = cache.output_keys();
    let mut views = SiteScope::from_scope(scope, site, rows);
    views.history = history;
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
        with_open_data,
    };
    let (summary, keys) = render_views(root, site, theme, &mut views, Some(cached), sink)?;
    let same_pages = keys.pages.is_some() && keys.pages == last.pages;
    cache.keep_pages(hashes.into_hashes(), same_pages, keys);
    cache.keep_rows(site, &views);
    cache.keep_home_lists(lists_key, views.home_lists_made());
    Ok(summary)
}

/// Files to write: (path under the output root, bytes).
type Files = Vec<(String, Vec<u8>)>;

/// Renders the pages of `views`; with `cached`, also says what its outputs were made from
/// (see [`OutputKeys`]). Without it, everything is rendered, the search index and the open
/// data included.
fn render_views(
    root: &Path,
    site: &Site,
    theme: &Theme,
    views: &mut SiteScope,
    mut cached: Option<Cached>,
    sink: &dyn Sink,
) -> Result<(RenderSummary, OutputKeys), RenderError> {
    // The search files to write (None: build the index now), and those to keep.
    let (search_files, kept_search) = match cached.as_mut().and_then(|c| c.search.take()) {
        Some(SearchOutput::Write(files)) => (Some(files), None),
        Some(SearchOutput::Keep(paths)) => (Some(Vec::new()), Some(paths)),
        None => (None, None),
    };
    let site_value = site_value(&views.site_view)?;
    fill_row_html(&theme.tera, &site_value, &mut views.lists.rows)?;
    let views = &*views;
    views.prepare(!cached.as_ref().is_some_and(|c| c.same_lists));
    let renderer = Renderer::new(
        &theme.tera,
        site_value,
        cached.as_ref().map(|c| c.hashes),
        site,
        &views.site_view.base_path,
    );
    let jobs = jobs(site, views);
    let page_paths: Vec<String> = jobs.par_iter().map(|j| j.path(views)).collect();
    let kept = match &cached {
        Some(c) => kept_pages(site, &jobs, &page_paths, c),
        None => vec![false; jobs.len()],
    };
    let mut keys = match &cached {
        Some(c) => OutputKeys::of_pages(&page_paths, c.lists_key),
        None => OutputKeys::default(),
    };
    // The sitemap is kept when what it is made from is as last time.
    let keep_sitemap =
        keys.sitemap.is_some() && keys.sitemap == cached.as_ref().and_then(|c| c.last.sitemap);
    sink.pages_planned(kept.iter().filter(|k| !**k).count());
    let pages = Pages {
        jobs: &jobs,
        paths: &page_paths,
        kept: &kept,
    };
    let besides = Besides {
        search_files,
        with_open_data: cached.as_ref().is_none_or(|c| c.with_open_data),
        with_sitemap: !keep_sitemap,
    };
    let (pages_rendered, generated, search_paths) =
        render_in_parallel(site, views, &renderer, &pages, besides, sink)?;

    let mut files = page_paths.len();
    for (path, bytes) in &generated {
        sink.write(path, bytes)?;
    }
    files += generated.len() + search_paths.len();
    let mut kept_generated: Vec<&str> = Vec::new();
    if keep_sitemap {
        sink.keep("sitemap.xml")?;
        kept_generated.push("sitemap.xml");
        files += 1;
    }
    if let Some(paths) = &kept_search {
        kept_generated.extend(paths.iter().map(String::as_str));
    }
    if let (Some(c), Some(pages_key)) = (&cached, keys.pages) {
        let made = generated
            .iter()
            .map(|(p, _)| p.as_str())
            .chain(search_paths.iter().map(String::as_str))
            .chain(kept_generated.iter().copied());
        keys.outputs = Some(outputs_key(pages_key, made, theme, site));
        let carried = keys.outputs == c.last.outputs && sink.keep_previous()?;
        if !carried {
            keep_files(&pages, kept_search.as_deref(), sink)?;
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

    // Every file the render made, for the static files' collision check.
    let made_files = || {
        page_paths
            .iter()
            .map(|p| paths::file_of(p))
            .chain(generated.iter().map(|(p, _)| p.clone()))
            .chain(search_paths.iter().cloned())
            .chain(kept_generated.iter().map(|p| p.to_string()))
            .collect()
    };
    files += copy_static_files(root, site, theme, made_files, sink)?;
    let summary = RenderSummary {
        pages: page_paths.len(),
        files,
        pages_rendered,
        pages_built: kept.iter().filter(|k| !**k).count(),
    };
    Ok((summary, keys))
}

/// For each page, whether it is kept without building its view: a task page whose task and
/// scope are unchanged, or any page made from an unchanged list scope, when the last render
/// made it.
fn kept_pages(site: &Site, jobs: &[Job], page_paths: &[String], cached: &Cached) -> Vec<bool> {
    let mut kept = vec![false; jobs.len()];
    // The task jobs come in `site.tasks` order, as `same_tasks` does.
    let first_task = jobs.iter().position(|j| matches!(j, Job::Task(_)));
    let mut candidates: Vec<usize> = first_task
        .map(|first| {
            site.tasks
                .values()
                .zip(&cached.same_tasks)
                .enumerate()
                .filter(|(i, (task, same))| {
                    **same
                        && matches!(jobs.get(first + i), Some(Job::Task(t)) if std::ptr::eq(*t, &***task))
                })
                .map(|(i, _)| first + i)
                .collect()
        })
        .unwrap_or_default();
    if cached.same_lists {
        // The printable notices carry the chain head, which the list scope does not hold:
        // they are always built.
        candidates.extend((0..jobs.len()).filter(|&i| {
            matches!(&jobs[i], Job::List(job) if !matches!(job, ListJob::EvaluationPrint(..) | ListJob::NoticePrint(_)))
        }));
    }
    let kept_now = cached
        .hashes
        .rendered(candidates.iter().map(|&i| page_paths[i].as_str()));
    for &i in &kept_now {
        kept[candidates[i]] = true;
    }
    kept
}

/// The pages of a render: each job, its path, and whether it is kept.
struct Pages<'a, 'j> {
    jobs: &'a [Job<'j>],
    paths: &'a [String],
    kept: &'a [bool],
}

/// What is made beside the pages.
struct Besides {
    /// The search index's files made elsewhere; None builds the index now.
    search_files: Option<Files>,
    with_open_data: bool,
    with_sitemap: bool,
}

/// Renders the pages that are not kept, writing each to the sink, while the search index
/// (written as it is made), the open data and the feeds are made beside them. Returns how
/// many pages went through the templates, the other files made (open data, then feeds), and
/// the paths of the search index's files.
fn render_in_parallel(
    site: &Site,
    views: &SiteScope,
    renderer: &Renderer,
    pages: &Pages,
    besides: Besides,
    sink: &dyn Sink,
) -> Result<(usize, Files, Vec<String>), RenderError> {
    let Besides {
        search_files,
        with_open_data,
        with_sitemap,
    } = besides;
    let pages_rendered = AtomicUsize::new(0);
    // The search index is built from the model on a thread of its own while the pages
    // render: Pagefind indexes one record at a time, so overlapping it with the parallel
    // page rendering hides most of its cost. A thread of its own also keeps its private
    // tokio runtime away from any runtime the caller (`serve`) may be running in.
    let (rendered, search_bundle, open_data_and_feeds) = std::thread::scope(|scope| {
        // Its files are written as they are made; it returns their paths.
        let indexer = scope.spawn(move || match search_files {
            Some(files) => {
                for (path, bytes) in &files {
                    sink.write(path, bytes)?;
                }
                Ok(files.into_iter().map(|(path, _)| path).collect())
            }
            None if site.config.search => Ok(search::write_bundle(views, sink)?),
            None => Ok(Vec::new()),
        });
        // The open data and the feeds are single long serialisations: made beside the
        // pages, they take no extra wall-clock time on a large site.
        let writer = scope.spawn(|| {
            let open_data = if with_open_data {
                open_data::open_data_files(site, &views.urls)
            } else {
                Vec::new()
            };
            let atom = feeds::atom(views);
            let mut feeds = vec![
                ("atom.xml".to_string(), atom),
                ("robots.txt".to_string(), feeds::robots(views)),
            ];
            if with_sitemap {
                let sitemap = feeds::sitemap(&views.lists, pages.paths);
                feeds.push(("sitemap.xml".to_string(), sitemap));
            }
            (open_data, feeds)
        });
        // When pages fail, the one reported is the first failing page in page order, not
        // the first to fail in time, so the same broken site always gives the same message:
        // pages after a known failure are skipped, pages before it still run.
        let first_failure = AtomicUsize::new(usize::MAX);
        let failure: Mutex<Option<(usize, RenderError)>> = Mutex::new(None);
        (0..pages.jobs.len())
            .into_par_iter()
            .filter(|&i| !pages.kept[i])
            .for_each(|i| {
                if i > first_failure.load(Ordering::Relaxed) {
                    return;
                }
                let path = &pages.paths[i];
                let done = renderer
                    .page(views, &pages.jobs[i], path)
                    .and_then(|page| match page {
                        Some(bytes) => {
                            pages_rendered.fetch_add(1, Ordering::Relaxed);
                            Ok(sink.write(&paths::file_of(path), &bytes)?)
                        }
                        None => Ok(sink.keep(&paths::file_of(path))?),
                    });
                if let Err(error) = done {
                    first_failure.fetch_min(i, Ordering::Relaxed);
                    let mut failure = failure.lock().unwrap_or_else(|p| p.into_inner());
                    if failure.as_ref().is_none_or(|(at, _)| i < *at) {
                        *failure = Some((i, error));
                    }
                }
            });
        let rendered = match failure.into_inner().unwrap_or_else(|p| p.into_inner()) {
            Some((_, error)) => Err(error),
            None => Ok(()),
        };
        let bundle: Result<Vec<String>, RenderError> = indexer.join().unwrap_or_else(|_| {
            Err(search::SearchError::new(
                "the indexer stopped unexpectedly (a bug in gongshi or Pagefind)",
            )
            .into())
        });
        (rendered, bundle, writer.join())
    });
    rendered?;
    // A panic there is a bug: report it where it happened.
    let (open_data_files, feed_files) =
        open_data_and_feeds.unwrap_or_else(|panic| std::panic::resume_unwind(panic));
    let mut generated = open_data_files;
    generated.extend(feed_files);
    Ok((pages_rendered.into_inner(), generated, search_bundle?))
}

/// Tells the sink to keep the kept pages and search files of the last render one by one,
/// when it could not keep that render's files as a whole (10,000 pages and as many search
/// files on a large site).
fn keep_files(
    pages: &Pages,
    kept_search: Option<&[String]>,
    sink: &dyn Sink,
) -> Result<(), RenderError> {
    let kept_files: Vec<String> = (0..pages.jobs.len())
        .into_par_iter()
        .filter(|&i| pages.kept[i])
        .map(|i| paths::file_of(&pages.paths[i]))
        .collect();
    sink.keep_all(&kept_files)?;
    if let Some(paths) = kept_search {
        sink.keep_all(paths)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{MemorySink, OutputError};
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::PathBuf;
    use std::sync::Mutex;

    fn fixture() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal")
    }

    /// The minimal fixture, copied where a test may edit it.
    fn fixture_copy(to: &Path) {
        let from = fixture();
        for entry in walkdir::WalkDir::new(&from) {
            let entry = entry.unwrap();
            let target = to.join(entry.path().strip_prefix(&from).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }

    fn options() -> RenderOptions {
        RenderOptions {
            preview: false,
            base_url: "https://example.org/sub/".into(),
            drafts: false,
        }
    }

    /// A sink that remembers which files a render wrote and which it kept.
    #[derive(Default)]
    struct Recorder {
        written: Mutex<BTreeSet<String>>,
        kept: Mutex<BTreeSet<String>>,
    }

    impl Sink for Recorder {
        fn write(&self, path: &str, _bytes: &[u8]) -> Result<(), OutputError> {
            self.written.lock().unwrap().insert(path.to_string());
            Ok(())
        }

        fn keep(&self, path: &str) -> Result<(), OutputError> {
            self.kept.lock().unwrap().insert(path.to_string());
            Ok(())
        }

        fn keep_all(&self, paths: &[String]) -> Result<(), OutputError> {
            self.kept.lock().unwrap().extend(paths.iter().cloned());
            Ok(())
        }
    }

    impl Recorder {
        /// The pages (not assets, not the search index) written since the last call.
        fn take_written_pages(&self) -> BTreeSet<String> {
            std::mem::take(&mut *self.written.lock().unwrap())
                .into_iter()
                .filter(|p| p.ends_with(".html") && !p.starts_with("pagefind/"))
                .collect()
        }
    }

    #[test]
    fn a_site_renders_every_output_into_the_sink_under_the_base_path() {
        let root = fixture();
        let site = crate::load::load_site(&root)
            .site
            .expect("the fixture loads");
        let sink = MemorySink::default();
        let summary = render_site(&root, &site, &options(), &sink).unwrap();
        let files: BTreeMap<String, Vec<u8>> = sink.files.into_inner().unwrap();
        for path in [
            "index.html",
            "tasks/index.html",
            "tasks/2022-xidong-01/index.html",
            "orgs/index.html",
            "orgs/xidong/index.html",
            "categories/index.html",
            "evaluations/index.html",
            "evaluations/2022-year-end/index.html",
            "notices/index.html",
            "notices/2022-12-22-publicity/index.html",
            "about/index.html",
            "search/index.html",
            "data/index.html",
            "data/tasks.json",
            "data/tasks.csv",
            "data/evaluations.csv",
            "data/datapackage.json",
            "atom.xml",
            "sitemap.xml",
            "robots.txt",
            "404.html",
            "assets/style.css",
            "photos/xidong-0510.jpg",
        ] {
            assert!(files.contains_key(path), "{path} was not rendered");
        }
        assert!(files.keys().any(|p| p.starts_with("pagefind/")));
        assert!(
            files
                .keys()
                .any(|p| p.starts_with("categories/") && p != "categories/index.html"),
            "no category page"
        );
        assert_eq!(summary.files, files.len());
        assert_eq!(summary.pages_rendered, summary.pages);
        let task = String::from_utf8(files["tasks/2022-xidong-01/index.html"].clone()).unwrap();
        assert!(task.contains("西洞镇农房改造"));
        assert!(task.contains("分批改造，逐户验收。"));
        assert!(
            task.contains("href=\"../index.html\""),
            "links are relative to the page"
        );
        let not_found = String::from_utf8(files["404.html"].clone()).unwrap();
        assert!(
            not_found.contains("href=\"/sub/tasks/\""),
            "the 404 page's links carry the base path"
        );
    }

    /// An edit to a task's plan, which only the task's own page shows, re-renders that page
    /// and keeps every other one.
    #[test]
    fn a_cached_render_rerenders_exactly_the_page_whose_input_changed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        fixture_copy(&root);
        let mut load_cache = crate::load::LoadCache::default();
        let mut cache = RenderCache::default();
        let sink = Recorder::default();
        let mut render = |cache: &mut RenderCache| {
            let site = crate::load::load_site_with_cache(&root, &mut load_cache)
                .site
                .expect("the site loads");
            let theme = Theme::load(&root, &site.config.theme.value).unwrap();
            render_cached(&root, &site, &theme, &options(), &sink, cache).unwrap()
        };
        let first = render(&mut cache);
        let pages = sink.take_written_pages();
        assert_eq!(pages.len(), first.pages);
        assert!(pages.contains("tasks/2022-xidong-01/index.html"));

        let again = render(&mut cache);
        assert_eq!(again.pages_rendered, 0);
        assert_eq!(sink.take_written_pages(), BTreeSet::new());

        let task = root.join("content/tasks/xidong/2022-xidong-01.yaml");
        let text = std::fs::read_to_string(&task).unwrap();
        std::fs::write(
            &task,
            text.replace("逐户验收。\n", "逐户验收，张榜公示。\n"),
        )
        .unwrap();
        sink.kept.lock().unwrap().clear();
        let edited = render(&mut cache);
        assert_eq!(edited.pages_rendered, 1);
        let changed = BTreeSet::from(["tasks/2022-xidong-01/index.html".to_string()]);
        assert_eq!(sink.take_written_pages(), changed);
        let kept = sink.kept.lock().unwrap();
        for page in pages.difference(&changed) {
            assert!(kept.contains(page), "{page} was neither rendered nor kept");
        }
    }

    /// A publication changes the history of the tasks it records differently: in a
    /// preview, exactly the edited task's page (its changes and its "not yet published"
    /// banner), the changes page and the printable notices (the chain head) are rendered
    /// again; every other page is kept.
    #[test]
    fn a_publication_rerenders_exactly_the_pages_whose_history_changed() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        fixture_copy(&root);
        let mut load_cache = crate::load::LoadCache::default();
        let mut cache = RenderCache::default();
        let sink = Recorder::default();
        let preview = RenderOptions {
            preview: true,
            ..options()
        };
        let mut render = |cache: &mut RenderCache, publish: bool| {
            let site = crate::load::load_site_with_cache(&root, &mut load_cache)
                .site
                .expect("the site loads");
            if publish {
                crate::history::publish::publish(&root, &site, None).unwrap();
            }
            let theme = Theme::load(&root, &site.config.theme.value).unwrap();
            render_cached(&root, &site, &theme, &preview, &sink, cache).unwrap();
            sink.take_written_pages()
        };
        render(&mut cache, true);
        render(&mut cache, false);
        let task = root.join("content/tasks/xidong/2022-xidong-01.yaml");
        let text = std::fs::read_to_string(&task).unwrap();
        std::fs::write(
            &task,
            text.replace("逐户验收。\n", "逐户验收，张榜公示。\n"),
        )
        .unwrap();
        let edited = render(&mut cache, false);
        assert_eq!(
            edited,
            BTreeSet::from(["tasks/2022-xidong-01/index.html".to_string()])
        );
        let published = render(&mut cache, true);
        let expected: BTreeSet<String> = [
            "tasks/2022-xidong-01/index.html",
            "changes/index.html",
            "evaluations/2022-year-end/print/index.html",
            "notices/2022-12-22-publicity/print/index.html",
        ]
        .into_iter()
        .map(str::to_string)
        .collect();
        assert_eq!(published, expected);
    }

    #[test]
    fn a_static_file_in_place_of_a_generated_page_is_an_error_that_names_it() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        fixture_copy(&root);
        let shadow = root.join("content/static/tasks/index.html");
        std::fs::create_dir_all(shadow.parent().unwrap()).unwrap();
        std::fs::write(&shadow, "<p>mine</p>").unwrap();
        let site = crate::load::load_site(&root).site.expect("the site loads");
        let error = render_site(&root, &site, &options(), &MemorySink::default()).unwrap_err();
        assert!(
            matches!(&error, RenderError::StaticCollision(path) if path == "tasks/index.html"),
            "{error}"
        );
        assert!(
            error
                .to_string()
                .contains("content/static/tasks/index.html")
        );
    }
}
