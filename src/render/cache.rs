//! What one render can lend the next, for `serve`: the Markdown and QR memos, and a hash of
//! every page's template and view data as last rendered. A page whose hash is unchanged is
//! not rendered again: the view data is everything a template can see, so equal hashes mean
//! equal bytes, whatever the page depends on. No list of which page depends on which record
//! is kept anywhere, so none can be forgotten.
//!
//! The search index is the exception to "render everything now": Pagefind takes seconds on
//! a large site, and even gathering its records takes a good part of a rebuild. So a cached
//! render keeps the last index, and the caller asks for a [`SearchJob`] when the editor
//! pauses, runs it on a thread of its own, and the next render writes the new index.

use super::markdown::Markdown;
use super::memo::Memo;
use super::options::RenderError;
use super::options::RenderOptions;
use super::output_keys::OutputKeys;
use super::pages::{HistoryScope, SiteScope, TaskScope};
use super::search::{SearchError, SearchRecord};
use super::urls::Urls;
use super::view_hash::{HashWriter, hash_of};
use super::views::{HomeLists, RowRef};
use crate::history::timeline::{Stamp, Timeline, stamp as history_stamp};
use crate::model::Task;
use crate::model::{Language, Site};
use siphasher::sip128::{Hasher128 as _, SipHasher13};
use std::collections::HashMap;
use std::hash::Hasher as _;
use std::path::Path;
use std::sync::{Arc, Mutex};

#[derive(Default)]
pub struct RenderCache {
    memos: Option<Memos>,
    /// Page path → hash of the theme, the template name and the page's view data.
    pages: HashMap<String, u128>,
    search: SearchCache,
    /// Leave the open-data files out of cached renders (see [`RenderCache::defer_open_data`]).
    defer_open_data: bool,
    /// What each task's row and page were last made from, and its row, in id order (the
    /// order of `site.tasks`).
    tasks: Vec<TaskEntry>,
    /// The scope fingerprint and the theme-and-`site` hash of the render in progress.
    keys: (u128, u128),
    /// The hash of each task's publication history in the render in progress (in
    /// `site.tasks` order).
    histories: Vec<u128>,
    /// A hash of the [`ListScope`](super::pages::ListScope) of the last completed render, and of
    /// the render in progress (see [`RenderCache::same_lists`]).
    lists: Option<u128>,
    pending_lists: Option<u128>,
    /// What the last completed render made its outputs from.
    outputs: OutputKeys,
    /// The dashboard's part made from the lists, and the hash of those lists.
    home: Option<(u128, Arc<HomeLists>)>,
    /// The publications as last read, with the stamp of their files and the language
    /// their differences are worded in.
    timeline: Option<(Stamp, Language, Arc<Timeline>)>,
}

/// A task as last rendered: the task (held, so that pointer equality means "the same
/// decoded file"), the [`TaskScope::fingerprint`] and the theme-and-`site` hash it was
/// rendered with, a hash of its own publication history, and its row with the row's HTML.
struct TaskEntry {
    id: String,
    task: Arc<Task>,
    scope: u128,
    shared: u128,
    history: u128,
    row: RowRef,
}

/// Files to write: (path under the output root, bytes).
type Files = Vec<(String, Vec<u8>)>;

/// The search index, built off the render path.
#[derive(Default)]
struct SearchCache {
    /// The hash of the records the files were built from, and the files.
    built: Option<(u128, Files)>,
    /// The paths of the built files (lent to each render that keeps them).
    paths: Arc<[String]>,
    /// Whether the built files are in the sink's last render (then they are kept, not
    /// written again).
    written: bool,
    /// Whether a render ran since the last job was made: the records may have changed.
    stale: bool,
}

/// What a cached render does with the search index.
pub(super) enum SearchOutput {
    /// Write these files (a newly built index, or none yet).
    Write(Files),
    /// Keep these files from the last render.
    Keep(Arc<[String]>),
}

/// Building the search index for a set of records: `Send`, to run on any thread.
pub struct SearchJob {
    hash: u128,
    records: Vec<SearchRecord>,
    lang: Language,
}

/// A finished [`SearchJob`], for [`RenderCache::search_built`].
pub struct SearchBuilt {
    hash: u128,
    files: Result<Files, SearchError>,
}

impl SearchJob {
    pub fn run(self) -> SearchBuilt {
        SearchBuilt {
            hash: self.hash,
            files: super::search::bundle_records(self.records, self.lang),
        }
    }
}

/// Memos valid for one base path.
struct Memos {
    base_path: String,
    markdown: Arc<Markdown>,
    qr_codes: Arc<Memo>,
}

impl RenderCache {
    /// From now on, cached renders leave out the open-data files ([`super::open_data::OPEN_DATA_PATHS`]):
    /// at 10,000 tasks they are tens of megabytes to serialise, hash and write, so `serve`
    /// makes them after the pages, with [`super::open_data::open_data_files`], off the reload path.
    pub fn defer_open_data(&mut self) {
        self.defer_open_data = true;
    }

    pub(super) fn open_data_deferred(&self) -> bool {
        self.defer_open_data
    }

    /// The publications under `root`, read again only when a publication file changed.
    pub(super) fn timeline(
        &mut self,
        root: &Path,
        language: Language,
    ) -> Result<Arc<Timeline>, RenderError> {
        let stamp = history_stamp(root);
        if let Some((kept, lang, timeline)) = &self.timeline
            && *kept == stamp
            && *lang == language
        {
            return Ok(timeline.clone());
        }
        let timeline = Arc::new(Timeline::load(root, language).map_err(RenderError::History)?);
        self.timeline = Some((stamp, language, timeline.clone()));
        Ok(timeline)
    }

    /// The memos for `base_url`; a render starts a new generation of each (`render`), so
    /// that what it did not use is dropped at the next.
    pub(super) fn memos(&mut self, base_url: &str, render: bool) -> (Arc<Markdown>, Arc<Memo>) {
        let base_path = Urls::new(base_url).base_path;
        let memos = match self.memos.take() {
            Some(m) if m.base_path == base_path => m,
            _ => Memos {
                markdown: Arc::new(Markdown::new(&base_path)),
                qr_codes: Arc::default(),
                base_path,
            },
        };
        if render {
            memos.markdown.next_generation();
            memos.qr_codes.next_generation();
        }
        let lent = (memos.markdown.clone(), memos.qr_codes.clone());
        self.memos = Some(memos);
        lent
    }

    /// Every task's row for a render with `scope` and the theme `theme`, and for each task
    /// (in `site.tasks` order) whether its page is surely unchanged. A task's row and page are functions of
    /// the task and the scope (that is what [`TaskScope`] is for), and a row's HTML of the row,
    /// the theme and `site`; so an entry is reused when those are the same, and a row is
    /// built anew otherwise (keeping its HTML when the row came out the same).
    pub(super) fn rows(
        &mut self,
        site: &Site,
        scope: &TaskScope,
        theme: u128,
        history: &HistoryScope,
    ) -> (Vec<RowRef>, Vec<bool>) {
        let fingerprint = scope.fingerprint();
        let shared = hash_of(&(theme, &scope.site_view));
        self.keys = (fingerprint, shared);
        self.histories = site
            .tasks
            .keys()
            .map(|id| hash_of(&history.task(id)))
            .collect();
        let mut same = Vec::with_capacity(site.tasks.len());
        let rows = site
            .tasks
            .iter()
            .enumerate()
            .map(|(i, (id, task))| {
                let entry = self.entry(i, id);
                if let Some(e) = entry
                    && Arc::ptr_eq(&e.task, task)
                    && e.scope == fingerprint
                    && e.shared == shared
                    && e.history == self.histories[i]
                {
                    same.push(true);
                    return e.row.clone();
                }
                same.push(false);
                let mut row = RowRef::new(scope.task_row(task), task);
                if let Some(e) = entry
                    && e.shared == shared
                    && e.row.hash == row.hash
                {
                    row.html = e.row.html.clone();
                }
                row
            })
            .collect();
        (rows, same)
    }

    /// The entry of the task `id`, the `i`-th task of the site: found at the same place
    /// when no task was added or removed before it, else by a search.
    fn entry(&self, i: usize, id: &str) -> Option<&TaskEntry> {
        match self.tasks.get(i) {
            Some(e) if e.id == id => Some(e),
            _ => self
                .tasks
                .binary_search_by(|e| e.id.as_str().cmp(id))
                .ok()
                .map(|i| &self.tasks[i]),
        }
    }

    /// Keeps the rows of a render that completed.
    /// Updated in place when the tasks are the same: on a typical save all but one entry
    /// are as they were.
    pub(super) fn keep_rows(&mut self, site: &Site, views: &SiteScope) {
        let (scope, shared) = self.keys;
        let histories = std::mem::take(&mut self.histories);
        let entry = |id: &String, task: &Arc<Task>, history: u128, row: &RowRef| TaskEntry {
            id: id.clone(),
            task: task.clone(),
            scope,
            shared,
            history,
            row: row.clone(),
        };
        let same_ids = self.tasks.len() == site.tasks.len()
            && self
                .tasks
                .iter()
                .zip(site.tasks.keys())
                .all(|(e, id)| e.id == *id);
        if !same_ids {
            self.tasks = site
                .tasks
                .iter()
                .zip(&views.rows)
                .zip(&histories)
                .map(|(((id, task), row), history)| entry(id, task, *history, row))
                .collect();
            return;
        }
        for ((e, ((id, task), row)), history) in self
            .tasks
            .iter_mut()
            .zip(site.tasks.iter().zip(&views.rows))
            .zip(&histories)
        {
            let same = Arc::ptr_eq(&e.task, task)
                && e.scope == scope
                && e.shared == shared
                && e.history == *history
                && Arc::ptr_eq(&e.row.row, &row.row);
            if !same {
                *e = entry(id, task, *history, row);
            }
        }
    }

    /// A hash of the [`ListScope`](super::pages::ListScope) of the render in progress (made by
    /// [`RenderCache::rows`]), and whether it is the last completed render's. The lists are
    /// the scope and the rows; the scope is hashed by its fingerprint, each row by its
    /// hash, and the rows' HTML is a function of the row, the theme and `site`; so equal
    /// hashes mean that every page made from the lists alone is as last time.
    pub(super) fn same_lists(&mut self, rows: &[RowRef]) -> (u128, bool) {
        let (scope, shared) = self.keys;
        let mut hasher = SipHasher13::new();
        hasher.write_u128(scope);
        hasher.write_u128(shared);
        hasher.write_usize(rows.len());
        for row in rows {
            hasher.write_u128(row.hash);
        }
        let key = hasher.finish128().as_u128();
        self.pending_lists = Some(key);
        (key, self.lists == Some(key))
    }

    /// What the last completed render made its outputs from.
    pub(super) fn output_keys(&self) -> OutputKeys {
        self.outputs
    }

    /// The dashboard's part made from the lists whose hash is `lists`, if the last
    /// completed render made it.
    pub(super) fn home_lists(&self, lists: u128) -> Option<Arc<HomeLists>> {
        match &self.home {
            Some((key, home)) if *key == lists => Some(home.clone()),
            _ => None,
        }
    }

    /// Keeps the dashboard's part made from the lists whose hash is `lists`.
    pub(super) fn keep_home_lists(&mut self, lists: u128, home: Option<Arc<HomeLists>>) {
        self.home = home.map(|home| (lists, home));
    }

    /// Hashes for one render with `theme`; `site` (the part of the view data every page
    /// shares) is hashed once here rather than once per page.
    pub(super) fn page_hashes(&self, theme: u128, site: &impl serde::Serialize) -> PageHashes<'_> {
        let mut writer = HashWriter(SipHasher13::new());
        writer.0.write_u128(theme);
        let shared = match serde_json::to_writer(&mut writer, site) {
            Ok(()) => Some(writer.0.finish128().as_u128()),
            Err(_) => None,
        };
        PageHashes {
            shared,
            previous: &self.pages,
            current: Mutex::default(),
        }
    }

    /// Keeps the hashes of a render that completed (a failed one keeps the old hashes, as
    /// the pages it did not finish were not written); the search index is in it too.
    /// `same_pages`: the render had the same pages as the last, and `pages` holds the
    /// hashes of those it built (the others are as last time); else `pages` holds them all.
    pub(super) fn keep_pages(
        &mut self,
        pages: HashMap<String, u128>,
        same_pages: bool,
        outputs: OutputKeys,
    ) {
        if same_pages {
            self.pages.extend(pages);
        } else {
            self.pages = pages;
        }
        self.lists = self.pending_lists.take();
        self.outputs = outputs;
        self.search.written = self.search.built.is_some();
    }

    /// Forgets the page hashes, so that the next render renders every page (after the
    /// rendered files were lost, e.g. a failed write).
    pub fn forget_pages(&mut self) {
        self.pages.clear();
        self.lists = None;
        self.outputs = OutputKeys::default();
        self.home = None;
        self.search.written = false;
    }

    /// The search files of a render of a site without search: none, and the built index,
    /// if any, is no longer in the sink (it is written again when search comes back on).
    pub(super) fn search_off(&mut self) -> SearchOutput {
        self.search.written = false;
        SearchOutput::Write(Vec::new())
    }

    /// The search files of this render: the last built index.
    pub(super) fn search_output(&mut self) -> SearchOutput {
        let search = &mut self.search;
        search.stale = true;
        match &search.built {
            Some(_) if search.written => SearchOutput::Keep(search.paths.clone()),
            Some((_, files)) => SearchOutput::Write(files.clone()),
            None => SearchOutput::Write(Vec::new()),
        }
    }

    /// The search index to build for `site` (the last one rendered), if its records
    /// differ from the built index's. Gathering the records is much of a rebuild's work on
    /// a large site: call this when the editor pauses.
    pub fn search_job(&mut self, site: &Site, options: &RenderOptions) -> Option<SearchJob> {
        if !self.search.stale || !site.config.search {
            return None;
        }
        self.search.stale = false;
        let (markdown, qr_codes) = self.memos(&options.base_url, false);
        let views =
            SiteScope::with_memos(site, &options.base_url, options.drafts, markdown, qr_codes);
        let records = super::search::records(&views);
        let mut hasher = SipHasher13::new();
        for record in &records {
            for part in [&record.url, &record.html] {
                hasher.write_u64(part.len() as u64);
                hasher.write(part.as_bytes());
            }
        }
        hasher.write_u8(views.lang as u8);
        let hash = hasher.finish128().as_u128();
        if self
            .search
            .built
            .as_ref()
            .is_some_and(|(built, _)| *built == hash)
        {
            return None;
        }
        Some(SearchJob {
            hash,
            records,
            lang: views.lang,
        })
    }

    /// Keeps a finished index for the next render.
    pub fn search_built(&mut self, built: SearchBuilt) -> Result<(), SearchError> {
        let files = built.files?;
        self.search.paths = files.iter().map(|(path, _)| path.clone()).collect();
        self.search.built = Some((built.hash, files));
        self.search.written = false;
        Ok(())
    }
}

/// The page hashes of one render in progress.
pub(super) struct PageHashes<'a> {
    /// Hash of the theme and the shared view data; None when they cannot be hashed (then
    /// every page is rendered).
    shared: Option<u128>,
    previous: &'a HashMap<String, u128>,
    current: Mutex<HashMap<String, u128>>,
}

impl PageHashes<'_> {
    /// Records the hash of a page about to be rendered; true when the previous render had
    /// the same template and data for this path, so its bytes can be kept.
    pub(super) fn unchanged(
        &self,
        path: &str,
        template: &str,
        meta: &impl serde::Serialize,
        page: &impl serde::Serialize,
    ) -> bool {
        let Some(shared) = self.shared else {
            return false;
        };
        let mut writer = HashWriter(SipHasher13::new());
        writer.0.write_u128(shared);
        writer.0.write(template.as_bytes());
        writer.0.write_u8(0);
        let written =
            serde_json::to_writer(&mut writer, meta).and(serde_json::to_writer(&mut writer, page));
        if written.is_err() {
            return false; // the render will report the problem
        }
        let hash = writer.0.finish128().as_u128();
        if let Ok(mut current) = self.current.lock() {
            current.insert(path.to_string(), hash);
        }
        self.previous.get(path) == Some(&hash)
    }

    /// The positions in `paths` of the pages the previous render made (pages known to be
    /// unchanged without building their view, see `Cached::same_tasks`, can be kept
    /// where it did).
    pub(super) fn rendered<'p>(&self, paths: impl Iterator<Item = &'p str>) -> Vec<usize> {
        paths
            .enumerate()
            .filter(|(_, path)| self.previous.contains_key(*path))
            .map(|(i, _)| i)
            .collect()
    }

    /// Records the hashes of pages kept as the previous render made them.
    pub(super) fn keep_rendered<'p>(&self, paths: impl Iterator<Item = &'p str>) {
        if let Ok(mut current) = self.current.lock() {
            for path in paths {
                if let Some(hash) = self.previous.get(path) {
                    current.insert(path.to_string(), *hash);
                }
            }
        }
    }

    pub(super) fn into_hashes(self) -> HashMap<String, u128> {
        self.current.into_inner().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use crate::load::load_site;
    use crate::output::{DirSink, MemorySink};
    use crate::render::RenderCache;
    use crate::render::{RenderOptions, Theme, render_cached, render_with_theme};
    use std::collections::BTreeMap;
    use std::path::Path;

    fn copy_fixture(to: &Path) {
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        for entry in walkdir::WalkDir::new(&fixture) {
            let entry = entry.unwrap();
            let target = to.join(entry.path().strip_prefix(&fixture).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
    }

    /// Every file of a folder, but the search index (a cached render writes the index
    /// built off the render path, see the module doc).
    fn files_of(dir: &Path) -> BTreeMap<String, Vec<u8>> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let path = crate::diagnostics::display_path(dir, e.path());
                (path, std::fs::read(e.path()).unwrap())
            })
            .filter(|(path, _)| !path.starts_with("pagefind/"))
            .collect()
    }

    /// A cached render after edits gives byte for byte what a fresh render of the edited
    /// site gives: the page hashes may skip work, never a change.
    #[test]
    fn a_cached_render_after_edits_equals_a_fresh_render() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        copy_fixture(&root);
        let out = dir.path().join("out");
        std::fs::create_dir_all(&out).unwrap();
        let options = RenderOptions {
            preview: false,
            base_url: "http://127.0.0.1:1111/".into(),
            drafts: true,
        };
        let mut cache = RenderCache::default();
        // Loaded as `serve` loads: unchanged files give the same decoded tasks, which is
        // what lets a cached render keep a task's page without building it.
        let mut load_cache = crate::load::LoadCache::default();
        let mut render = |cache: &mut RenderCache| {
            let site = crate::load::load_site_with_cache(&root, &mut load_cache)
                .site
                .unwrap();
            let theme = Theme::load(&root, &site.config.theme.value).unwrap();
            let sink = DirSink::new(out.clone(), true);
            let summary = render_cached(&root, &site, &theme, &options, &sink, cache).unwrap();
            sink.remove_stale().unwrap();
            summary
        };
        let first = render(&mut cache);
        assert_eq!(first.pages_rendered, first.pages);
        let again = render(&mut cache);
        assert_eq!(
            again.pages_rendered, 0,
            "nothing changed, yet pages were rendered"
        );

        let fresh_files = || {
            let site = load_site(&root).site.unwrap();
            let theme = Theme::load(&root, &site.config.theme.value).unwrap();
            let fresh = MemorySink::default();
            render_with_theme(&root, &site, &theme, &options, &fresh).unwrap();
            fresh
                .files
                .into_inner()
                .unwrap()
                .into_iter()
                .filter(|(path, _)| !path.starts_with("pagefind/"))
                .collect::<BTreeMap<String, Vec<u8>>>()
        };
        // Each edit reaches other pages by another road: a ledger entry (the task page
        // only), a title (every list showing the task), a category (a new category page and
        // slug), an org's name and an evaluation (what every task page shares, the scope),
        // a notice naming a task, a deleted task, the row template.
        let edit = |relative: &str, from: &str, to: &str| {
            let path = root.join(relative);
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(text.contains(from), "{relative} has no {from:?}");
            std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
        };
        let task = "content/tasks/xidong/2022-xidong-01.yaml";
        type Edit<'a> = (&'a str, Box<dyn Fn() + 'a>);
        let edits: Vec<Edit> = vec![
            (
                "ledger entry",
                Box::new(|| edit(task, "首批示范点开工。", "首批示范点开工，进展顺利。")),
            ),
            (
                "title",
                Box::new(|| edit(task, "title: 西洞镇农房改造", "title: 西洞镇农房改造提升")),
            ),
            (
                "category",
                Box::new(|| edit(task, "category: 农房改造", "category: 人居环境")),
            ),
            (
                "org name",
                Box::new(|| edit("content/orgs.yaml", "name: 西洞镇", "name: 西洞镇人民政府")),
            ),
            (
                "evaluation",
                Box::new(|| {
                    edit(
                        "content/evaluations/2022-year-end.yaml",
                        "satisfied: 98",
                        "satisfied: 97",
                    )
                }),
            ),
            (
                "notice",
                Box::new(|| {
                    edit(
                        "content/notices/2022-12-22-publicity.md",
                        "title: ",
                        "title: 更正：",
                    )
                }),
            ),
            (
                "deleted task",
                Box::new(|| {
                    std::fs::remove_file(root.join("content/tasks/xidong/2022-nanzhuang-01.yaml"))
                        .unwrap()
                }),
            ),
            (
                "row template",
                Box::new(|| {
                    let theme =
                        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates");
                    let row =
                        std::fs::read_to_string(theme.join("partials/task_row.html")).unwrap();
                    std::fs::create_dir_all(root.join("templates/partials")).unwrap();
                    std::fs::write(
                        root.join("templates/partials/task_row.html"),
                        row.replace("<th scope=\"row\">", "<th scope=\"row\" class=\"t\">"),
                    )
                    .unwrap();
                }),
            ),
        ];
        for (what, apply) in &edits {
            apply();
            let edited = render(&mut cache);
            assert!(edited.pages_rendered > 0, "{what}: nothing rendered");
            if *what == "ledger entry" {
                // No row changed: only the task's page, the dashboard, the site's own
                // pages (made from the whole site) and the pages of the publication
                // history (the changes page and the two printable notices, which carry
                // the chain head) are built; every list is kept.
                let pages = load_site(&root).site.unwrap().pages.len();
                assert_eq!(edited.pages_built, 2 + pages + 3, "{what}: pages built");
            }
            let fresh = fresh_files();
            let cached = files_of(&out);
            assert_eq!(
                cached.keys().collect::<Vec<_>>(),
                fresh.keys().collect::<Vec<_>>(),
                "{what}"
            );
            for (path, bytes) in &fresh {
                assert!(
                    cached[path] == *bytes,
                    "after the {what} edit, {path} differs from a fresh render"
                );
            }
        }
        let ledger_only = render(&mut cache);
        assert_eq!(
            ledger_only.pages_rendered, 0,
            "nothing changed, yet pages were rendered"
        );

        // Any template changes: every page is rendered again.
        std::fs::write(root.join("templates/404.html"), "<p>gone</p>").unwrap();
        let retemplated = render(&mut cache);
        assert_eq!(retemplated.pages_rendered, retemplated.pages);
    }
}
