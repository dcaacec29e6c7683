//! Watching the editors' files and rebuilding after each save. File events pass a debouncer
//! (a save is often several events: write a temporary, rename it over the file), then a
//! filter that drops reads and editor temporaries; what is left triggers one rebuild. Events
//! that arrive during a rebuild are gathered and trigger exactly one more rebuild after it.
//!
//! The events' paths are handed to the rebuild as the files to look at first
//! ([`Rebuilder::note_changes`]); which pages to render again is never decided from them: the
//! load finds what really changed (stats, and the folders listed again when a file came or
//! went), so atomic saves, renames, deleted folders and missed events are all handled the
//! same way.

use super::data::{DataJob, DataThread, DataWriter};
use super::rebuild::{Outcome, Rebuilder};
use super::reload::LiveReload;
use crate::render::SearchBuilt;
use notify_debouncer_full::notify::{
    self, Config, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher,
};
use notify_debouncer_full::{
    DebounceEventResult, DebouncedEvent, Debouncer, FileIdCache, NoCache, RecommendedCache,
    new_debouncer, new_debouncer_opt,
};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender, channel};
use std::time::{Duration, Instant};

/// How the debouncer turns one save into one rebuild, and what it costs in latency.
///
/// notify-debouncer-full (0.7) stamps each event with the time it arrives, and a thread
/// that wakes every `DEBOUNCE_TICK` hands over every event at least `DEBOUNCE` old. A later
/// event does not hold back an earlier one (there is no quiet period), so the latency is
/// `DEBOUNCE` plus up to one tick, and what keeps a save's events in one batch is mostly
/// the tick: a save whose relevant events span `s` is split over two batches with a
/// chance of about `s / DEBOUNCE_TICK`. Before that, the debouncer has already merged much
/// of a save into one event: a rename's two halves into one, at the time of the first;
/// a temporary's events move onto the file it is renamed over, keeping their times;
/// writes after a create are dropped; a file created and removed in between (Vim's `4913`
/// probe) leaves nothing. And since the rebuild reads the files at least `DEBOUNCE` after
/// the first event of a save, a save that takes less than that is read complete even when
/// split: the second batch then only costs a rebuild that changes nothing.
///
/// Measured with inotify here: the events that matter in an atomic save (temporary, fsync,
/// rename over the file) or a Vim save (`4913` probe, rename to the backup, write the new
/// file) all arrive within 0.1 ms; the fsync before the rename, or before the attribute
/// changes Vim makes last (ignored, see [`is_relevant`]), takes 1–4 ms, longer on a busy
/// machine. With 10 ms and a 5 ms tick every save gave exactly one rebuild — 20 of each
/// kind (atomic, Vim's, Vim writing in place, plain writes in place) on an idle machine,
/// 15 with both cores kept busy by other work. With 5 ms a slow fsync sometimes outlasted
/// the timeout and a save took two (1 in 20). Atomic saves whose temporary is not named like
/// one of [`is_editor_temporary`]'s (say `a.yaml.Ab12Cd`) took two in 2 of 15 on the busy
/// machine, as the temporary alone counts as a change: harmless, a wasted rebuild. So a
/// save reaches the rebuild 10–15 ms after it happened (50–62 ms with the 50 ms used before
/// and the debouncer's default tick, a quarter of the timeout).
const DEBOUNCE: Duration = Duration::from_millis(10);
/// How often the debouncer hands over events (see [`DEBOUNCE`]).
const DEBOUNCE_TICK: Duration = Duration::from_millis(5);

/// How often `--poll` looks at every file. notify's poller compares modification times in
/// whole seconds, so it also compares contents (else a second save within the same second
/// would go unseen); that reads every watched file on each pass, hence not more often.
const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// The search index is rebuilt once the editor has paused this long: indexing a large site
/// takes seconds of both cores, which would slow the rebuilds of a run of saves.
const SEARCH_AFTER_PAUSE: Duration = Duration::from_millis(1500);

/// The folders of a site root that hold what the site is built from.
pub const WATCHED: [&str; 3] = ["content", "themes", "templates"];

/// A debouncer of either kind, kept alive while watching (dropping it stops the watch).
enum FileWatcher {
    Native(Debouncer<RecommendedWatcher, RecommendedCache>),
    Poll(Debouncer<PollWatcher, NoCache>),
}

impl FileWatcher {
    fn watch(&mut self, path: &Path, mode: RecursiveMode) -> notify::Result<()> {
        match self {
            FileWatcher::Native(d) => watch_with(d, path, mode),
            FileWatcher::Poll(d) => watch_with(d, path, mode),
        }
    }
}

fn watch_with<W: Watcher, C: FileIdCache>(
    debouncer: &mut Debouncer<W, C>,
    path: &Path,
    mode: RecursiveMode,
) -> notify::Result<()> {
    debouncer.watch(path, mode)
}

/// What the rebuild loop waits for.
enum LoopEvent {
    /// A debounced batch of file events.
    Files(DebounceEventResult),
    /// The search index finished building on its own thread.
    SearchBuilt(SearchBuilt),
}

/// Watches `root` and runs the rebuild loop.
pub struct WatchLoop {
    root: PathBuf,
    watcher: FileWatcher,
    events: Receiver<LoopEvent>,
    /// For the search indexer's thread to report back.
    sender: Sender<LoopEvent>,
    /// Which of [`WATCHED`] are being watched (a folder created later is added).
    watched: Vec<PathBuf>,
    /// Whether events name every changed path (not with `--poll`, whose passes are told
    /// apart by content only; see [`Rebuilder::note_changes`]).
    exact: bool,
}

impl WatchLoop {
    /// Starts watching. `root` should be canonical: event paths are compared with it.
    pub fn start(root: &Path, poll: bool) -> Result<WatchLoop, String> {
        let (sender, events) = channel();
        let files = sender.clone();
        let handler = move |batch: DebounceEventResult| {
            let _ = files.send(LoopEvent::Files(batch));
        };
        let watcher = if poll {
            let config = Config::default()
                .with_poll_interval(POLL_INTERVAL)
                .with_compare_contents(true);
            new_debouncer_opt::<_, PollWatcher, NoCache>(
                DEBOUNCE,
                Some(DEBOUNCE_TICK),
                handler,
                NoCache,
                config,
            )
            .map(FileWatcher::Poll)
        } else {
            new_debouncer(DEBOUNCE, Some(DEBOUNCE_TICK), handler).map(FileWatcher::Native)
        }
        .map_err(|e| format!("cannot watch {} for changes: {e}", root.display()))?;
        let mut watch = WatchLoop {
            root: root.to_path_buf(),
            watcher,
            events,
            sender,
            watched: Vec::new(),
            exact: !poll,
        };
        // The root itself, not recursively: to notice `templates/` or `themes/` created later.
        watch
            .watcher
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| watch_error(root, &e))?;
        for name in WATCHED {
            watch.watch_folder(&root.join(name))?;
        }
        Ok(watch)
    }

    fn watch_folder(&mut self, dir: &Path) -> Result<(), String> {
        if !dir.is_dir() || self.watched.iter().any(|w| w == dir) {
            return Ok(());
        }
        self.watcher
            .watch(dir, RecursiveMode::Recursive)
            .map_err(|e| watch_error(dir, &e))?;
        self.watched.push(dir.to_path_buf());
        Ok(())
    }

    /// Builds, then rebuilds after every relevant batch of events until `stop` is set.
    pub fn run(mut self, mut rebuilder: Rebuilder, live: &Arc<LiveReload>, stop: &Arc<AtomicBool>) {
        // The first build's open-data files are written before it is reported; later
        // builds' after the reload, on a thread of their own.
        let mut data = DataFiles::Now(rebuilder.data_writer());
        rebuild_and_report(&mut rebuilder, live, Reason::Start, &mut data);
        data = data.on_a_thread(&mut rebuilder, live, stop);
        let mut indexing = self.start_search_job(&mut rebuilder, false);
        let mut last_rebuild = Instant::now();
        while !stop.load(Ordering::Relaxed) {
            let first = match self.events.recv_timeout(Duration::from_millis(100)) {
                Ok(event) => event,
                Err(RecvTimeoutError::Timeout) => {
                    if last_rebuild.elapsed() > SEARCH_AFTER_PAUSE {
                        indexing = self.start_search_job(&mut rebuilder, indexing);
                    }
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => return,
            };
            let mut files_changed = false;
            let mut index_ready = false;
            // The paths the events name, when they surely name all that changed.
            let mut changed = self.exact.then(Vec::new);
            // Everything already queued (a change during the last rebuild, a burst of
            // saves) goes into this one rebuild.
            let mut next = Some(first);
            while let Some(event) = next {
                match event {
                    LoopEvent::Files(batch) => files_changed |= self.take(batch, &mut changed),
                    LoopEvent::SearchBuilt(built) => {
                        indexing = false;
                        match rebuilder.search_built(built) {
                            Ok(()) => index_ready = true,
                            Err(e) => eprintln!("warning: {e}"),
                        }
                    }
                }
                next = self.events.try_recv().ok();
            }
            if stop.load(Ordering::Relaxed) {
                break;
            }
            if files_changed {
                if let Some(paths) = changed {
                    rebuilder.note_changes(paths);
                }
                rebuild_and_report(&mut rebuilder, live, Reason::Files, &mut data);
                last_rebuild = Instant::now();
            } else if index_ready && live.errors().is_none() {
                // (With errors, the next good rebuild writes the index.)
                rebuild_and_report(&mut rebuilder, live, Reason::SearchIndex, &mut data);
            }
        }
    }

    /// Starts building the search index on a thread of its own, unless one is running
    /// (its result is used, and the newer job waits for the next turn). Returns whether
    /// one is running.
    fn start_search_job(&self, rebuilder: &mut Rebuilder, running: bool) -> bool {
        if running {
            return true;
        }
        let Some(job) = rebuilder.take_search_job() else {
            return false;
        };
        let sender = self.sender.clone();
        std::thread::Builder::new()
            .name("gongshi-search-index".into())
            .spawn(move || {
                let _ = sender.send(LoopEvent::SearchBuilt(job.run()));
            })
            .is_ok()
    }

    /// Whether a batch holds a change worth a rebuild; also starts watching watched
    /// folders that were just created, and adds the paths its events name to `changed`
    /// (or sets it to None when the watcher may have missed some).
    fn take(&mut self, batch: DebounceEventResult, changed: &mut Option<Vec<PathBuf>>) -> bool {
        match batch {
            Ok(events) => {
                let mut relevant = false;
                for event in &events {
                    self.notice_new_folders(event);
                    relevant |= is_relevant(&self.root, event);
                    if event.need_rescan() || matches!(event.kind, EventKind::Other) {
                        *changed = None;
                    } else if let Some(paths) = changed
                        && !event.kind.is_access()
                    {
                        paths.extend(event.paths.iter().cloned());
                    }
                }
                relevant
            }
            Err(errors) => {
                for error in errors {
                    eprintln!("warning: while watching for changes: {error}");
                }
                // Something may have been missed: a rebuild finds out, looking at all.
                *changed = None;
                true
            }
        }
    }

    fn notice_new_folders(&mut self, event: &DebouncedEvent) {
        if event.kind.is_access() {
            return;
        }
        for path in &event.paths {
            let is_watched_name = path.parent() == Some(self.root.as_path())
                && path
                    .file_name()
                    .is_some_and(|n| WATCHED.iter().any(|w| n == *w));
            if is_watched_name && path.is_dir() {
                // A folder that was deleted and made again needs a new watch too.
                self.watched.retain(|w| w != path);
                if let Err(message) = self.watch_folder(path) {
                    eprintln!("warning: {message}");
                }
            }
        }
    }
}

fn watch_error(path: &Path, error: &notify::Error) -> String {
    let hint = match &error.kind {
        notify::ErrorKind::MaxFilesWatch => {
            " (the system's limit of watched folders is reached: raise fs.inotify.max_user_watches, or run with --poll)"
        }
        _ => "",
    };
    format!("cannot watch {} for changes: {error}{hint}", path.display())
}

/// Why a rebuild runs.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    Start,
    Files,
    /// The search index was rebuilt off the rebuild path: only its files change.
    SearchIndex,
}

/// Where the open-data files of a committed build are made.
pub enum DataFiles {
    /// On the rebuild thread, before the build is reported.
    Now(DataWriter),
    /// On a thread of their own, after the reload.
    Later(DataThread),
}

impl DataFiles {
    /// From now on on a thread of their own (or still here, if no thread can be started).
    fn on_a_thread(
        self,
        rebuilder: &mut Rebuilder,
        live: &Arc<LiveReload>,
        stop: &Arc<AtomicBool>,
    ) -> DataFiles {
        let DataFiles::Now(writer) = self else {
            return self;
        };
        match DataThread::spawn(writer, live.clone(), stop.clone()) {
            Ok(thread) => DataFiles::Later(thread),
            Err(e) => {
                eprintln!(
                    "warning: cannot start a thread for the open-data files ({e}): they are made before each reload"
                );
                // The writer was lost with the thread; a new one writes every file once.
                DataFiles::Now(rebuilder.data_writer())
            }
        }
    }
}

/// Runs one rebuild, prints what it did, and tells the open tabs; a good one's open-data
/// files are made after that (the first build's before).
pub fn rebuild_and_report(
    rebuilder: &mut Rebuilder,
    live: &LiveReload,
    reason: Reason,
    data: &mut DataFiles,
) {
    let started = Instant::now();
    // From the moment the first page of a build is written, a download waits for the
    // build's open-data files.
    let mut generation = None;
    // Requests wait while the build is written, so none sees half of it.
    let outcome = rebuilder.rebuild_then_commit(|| {
        generation = Some(live.data_due());
        live.writing_pages()
    });
    if let Some(generation) = generation
        && !matches!(outcome, Outcome::Built { .. })
    {
        // The commit failed: there is nothing new to wait for.
        live.data_not_due(generation);
    }
    match outcome {
        Outcome::Built {
            changes,
            report,
            timings,
            site,
        } => {
            let job = DataJob {
                generation: generation.unwrap_or_else(|| live.data_due()),
                site,
                started,
            };
            let job = match data {
                DataFiles::Now(writer) => {
                    writer.run(&job, live);
                    None
                }
                DataFiles::Later(_) => Some(job),
            };
            // A tab need not reload for a new search index: the next search uses it.
            let search_dir = format!("{}/", crate::render::SEARCH_BUNDLE_DIR);
            let pages_changed = changes
                .written
                .iter()
                .chain(&changes.removed)
                .any(|path| !path.starts_with(&search_dir));
            if reason == Reason::SearchIndex && !pages_changed {
                eprintln!(
                    "search index updated: {} files written, {} removed ({} ms)",
                    changes.written.len(),
                    changes.removed.len(),
                    started.elapsed().as_millis()
                );
            } else {
                eprint!("{report}");
                eprintln!(
                    "rebuilt in {} ms: {} of {} pages rendered ({} built), {} files written, {} removed (load and check {} ms, render {} ms, write {} ms; {} files re-read{})",
                    started.elapsed().as_millis(),
                    timings.pages_rendered,
                    timings.pages,
                    timings.pages_built,
                    changes.written.len(),
                    changes.removed.len(),
                    timings.load_and_check.as_millis(),
                    timings.render.as_millis(),
                    timings.write.as_millis(),
                    timings.files_decoded,
                    if timings.folders_listed {
                        ", folders listed"
                    } else {
                        ""
                    },
                );
            }
            live.built(pages_changed);
            if let (DataFiles::Later(thread), Some(job)) = (&*data, job)
                && let Err(job) = thread.post(job)
            {
                eprintln!(
                    "warning: the thread that makes the open-data files stopped: serving them as they are"
                );
                // Requests must not wait for files that will not come.
                live.data_written(job.generation);
            }
        }
        Outcome::Invalid { report } => {
            eprint!("{report}");
            if live.has_built() {
                eprintln!(
                    "the site has errors: still serving the last good build; the errors are shown in the browser"
                );
            } else {
                eprintln!(
                    "the site has errors: nothing to serve until they are fixed; the errors are shown in the browser"
                );
            }
            live.failed(&report);
        }
        Outcome::Failed { message } => {
            eprintln!("error: {message}");
            eprintln!("still serving the last good build; the error is shown in the browser");
            live.failed(&format!("error: {message}\n"));
        }
    }
}

/// Whether an event can change the site: not a read or a change of attributes alone,
/// inside one of the watched folders, and not an editor's temporary file or a hidden file.
pub fn is_relevant(root: &Path, event: &DebouncedEvent) -> bool {
    if matches!(event.kind, EventKind::Access(_)) || is_attribute_change(&event.kind) {
        return false;
    }
    event.paths.iter().any(|path| is_source_path(root, path))
}

/// A change of a file's attributes alone (inotify's `IN_ATTRIB`: permissions, owner,
/// times, extended attributes) leaves its bytes, and so the site, as they were. Editors
/// make such changes right after saving (Vim restores permissions after its fsync, 1–4 ms
/// after the write), and they would often arrive as a batch of their own and cost a
/// second rebuild. PollWatcher reports a new modification time (`WriteTime`) when the
/// contents changed: that one counts. (So does `touch` then not rebuild, nor `chmod` on a
/// file the build could not read; the next save does.)
fn is_attribute_change(kind: &EventKind) -> bool {
    use notify::event::{MetadataKind, ModifyKind};
    matches!(
        kind,
        EventKind::Modify(ModifyKind::Metadata(
            MetadataKind::Any
                | MetadataKind::AccessTime
                | MetadataKind::Permissions
                | MetadataKind::Ownership
                | MetadataKind::Extended
        ))
    )
}

pub fn is_source_path(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let mut names = relative.iter().map(|n| n.to_string_lossy());
    let Some(top) = names.next() else {
        return false;
    };
    if !WATCHED.contains(&top.as_ref()) {
        return false;
    }
    relative
        .iter()
        .skip(1)
        .all(|name| !is_editor_temporary(&name.to_string_lossy()))
}

pub use crate::load::is_editor_temporary;

/// Spawns the rebuild loop on a thread of its own (it runs rayon and blocking file work,
/// which must stay off the server's async threads).
pub fn spawn(
    watch: WatchLoop,
    rebuilder: Rebuilder,
    live: Arc<LiveReload>,
    stop: Arc<AtomicBool>,
) -> std::io::Result<std::thread::JoinHandle<()>> {
    std::thread::Builder::new()
        .name("gongshi-rebuild".into())
        .spawn(move || watch.run(rebuilder, &live, &stop))
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, CreateKind, ModifyKind, RemoveKind, RenameMode};

    fn event(kind: EventKind, paths: &[&str]) -> DebouncedEvent {
        let mut event = notify::Event::new(kind);
        for p in paths {
            event = event.add_path(PathBuf::from(p));
        }
        DebouncedEvent::new(event, Instant::now())
    }

    #[test]
    fn reads_temporaries_and_foreign_paths_do_not_trigger_a_rebuild() {
        let root = Path::new("/site");
        let modify = EventKind::Modify(ModifyKind::Any);
        let cases: &[(EventKind, &[&str], bool)] = &[
            (modify, &["/site/content/tasks/a.yaml"], true),
            (
                EventKind::Access(AccessKind::Any),
                &["/site/content/tasks/a.yaml"],
                false,
            ),
            (modify, &["/site/content/tasks/.a.yaml.swp"], false),
            (modify, &["/site/content/tasks/.a.yaml.swx"], false),
            (modify, &["/site/content/tasks/a.yaml~"], false),
            (modify, &["/site/content/tasks/4913"], false),
            (modify, &["/site/content/tasks/.#a.yaml"], false),
            (modify, &["/site/content/.git/index"], false),
            (modify, &["/site/public/index.html"], false),
            (modify, &["/elsewhere/content/a.yaml"], false),
            (modify, &["/site/templates/task.html"], true),
            (modify, &["/site/themes/mine/static/a.css"], true),
            // inotify's attribute changes (Vim makes some after each save) change nothing.
            (
                EventKind::Modify(ModifyKind::Metadata(notify::event::MetadataKind::Any)),
                &["/site/content/tasks/a.yaml"],
                false,
            ),
            (
                EventKind::Modify(ModifyKind::Metadata(
                    notify::event::MetadataKind::Permissions,
                )),
                &["/site/templates/task.html"],
                false,
            ),
            // PollWatcher reports an edit as a metadata change.
            (
                EventKind::Modify(ModifyKind::Metadata(notify::event::MetadataKind::WriteTime)),
                &["/site/content/tasks/a.yaml"],
                true,
            ),
            // An atomic save: the temporary renamed over the file.
            (
                EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
                &[
                    "/site/content/tasks/.a.yaml.tmp123",
                    "/site/content/tasks/a.yaml",
                ],
                true,
            ),
            (
                EventKind::Remove(RemoveKind::Folder),
                &["/site/content/tasks/xidong"],
                true,
            ),
            (
                EventKind::Create(CreateKind::Folder),
                &["/site/templates"],
                true,
            ),
            (
                EventKind::Create(CreateKind::File),
                &["/site/README.md"],
                false,
            ),
        ];
        for (kind, paths, expected) in cases {
            assert_eq!(
                is_relevant(root, &event(*kind, paths)),
                *expected,
                "{kind:?} {paths:?}"
            );
        }
    }
}
