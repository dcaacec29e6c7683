//! Watching the editors' files and rebuilding after each save. File events pass a debouncer
//! (a save is often several events: write a temporary, rename it over the file); the batches
//! that arrive before a rebuild starts are handed, all together, to
//! [`ChangeSet::from_events`], which decides whether they can change the site, what changed
//! and why (see [`crate::changes`]); one rebuild follows. Events that arrive during a rebuild
//! are gathered and trigger exactly one more rebuild after it.
//!
//! This module only gathers: it starts watching folders created later, prints the watcher's
//! errors, builds the search index when the editor pauses, and prints what each rebuild did
//! and why.

use super::open_data::{OpenDataJob, OpenDataThread, OpenDataWriter};
use super::rebuild::{Outcome, Rebuilder};
use super::reload::LiveReload;
use crate::changes::{Cause, ChangeSet, WATCHED};
use crate::diagnostics::{Severity, Text, message_language};
use crate::render::SearchBuilt;
use crate::words;
use notify_debouncer_full::notify::{
    self, Config, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher,
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
/// Measured with inotify here: the events that matter in an atomic save (temporary, fsync, rename
/// over the file) or a Vim save (`4913` probe, rename to the backup, write the new file) all arrive
/// within 0.1 ms; the fsync before the rename, or before the attribute changes Vim makes last
/// (ignored, see [`crate::changes::is_relevant`]), takes 1–4 ms, longer on a busy machine. With 10
/// ms and a 5 ms tick every save gave exactly one rebuild — 20 of each kind (atomic, Vim's, Vim
/// writing in place, plain writes in place) on an idle machine, 15 with both cores kept busy by
/// other work. With 5 ms a slow fsync sometimes outlasted the timeout and a save took two (1 in
/// 20). Atomic saves whose temporary is not named like one of
/// [`crate::changes::is_editor_temporary`]'s (say `a.yaml.Ab12Cd`) took two in 2 of 15 on the busy
/// machine, as the temporary alone counts as a change: harmless, a wasted rebuild. So a save
/// reaches the rebuild 10–15 ms after it happened (50–62 ms with the 50 ms used before and the
/// debouncer's default tick, a quarter of the timeout).
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
    /// Whether this is `--poll`'s watcher (see [`ChangeSet::from_events`]).
    poll: bool,
}

/// Why the site's folders cannot be watched.
#[derive(Debug, thiserror::Error)]
#[error("cannot watch {} for changes: {source}{hint}", path.display())]
pub struct WatchError {
    path: PathBuf,
    #[source]
    source: notify::Error,
    /// What to do about it, when there is something (starts with a space).
    hint: &'static str,
}

impl WatchError {
    /// The error in the words of the message table; the remedy is always to watch by
    /// polling, which works where file events do not arrive.
    pub fn words(&self) -> Text {
        let key = match self.source.kind {
            notify::ErrorKind::MaxFilesWatch => "serve_cannot_watch_limit",
            _ => "serve_cannot_watch",
        };
        Text::Row(
            key,
            vec![
                ("path", Text::from(self.path.display().to_string())),
                ("reason", Text::from(self.source.to_string())),
            ],
        )
    }
}

impl WatchLoop {
    /// Starts watching. `root` should be canonical: event paths are compared with it.
    pub fn start(root: &Path, poll: bool) -> Result<WatchLoop, WatchError> {
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
        .map_err(|source| WatchError {
            path: root.to_path_buf(),
            source,
            hint: "",
        })?;
        let mut watch = WatchLoop {
            root: root.to_path_buf(),
            watcher,
            events,
            sender,
            watched: Vec::new(),
            poll,
        };
        // The root itself, not recursively: to notice `templates/` or `themes/` created later.
        watch
            .watcher
            .watch(root, RecursiveMode::NonRecursive)
            .map_err(|e| watch_error(root, e))?;
        for name in WATCHED {
            watch.watch_folder(&root.join(name))?;
        }
        Ok(watch)
    }

    fn watch_folder(&mut self, dir: &Path) -> Result<(), WatchError> {
        if !dir.is_dir() || self.watched.iter().any(|w| w == dir) {
            return Ok(());
        }
        self.watcher
            .watch(dir, RecursiveMode::Recursive)
            .map_err(|e| watch_error(dir, e))?;
        self.watched.push(dir.to_path_buf());
        Ok(())
    }

    /// Builds, then rebuilds after every relevant batch of events until `stop` is set.
    pub fn run(mut self, mut rebuilder: Rebuilder, live: &Arc<LiveReload>, stop: &Arc<AtomicBool>) {
        // The first build's open-data files are written before it is reported; later
        // builds' after the reload, on a thread of their own.
        let mut open_data = OpenDataFiles::Now(rebuilder.open_data_writer());
        let first = ChangeSet::first_build();
        rebuild_and_report(&mut rebuilder, live, &first, &mut open_data);
        open_data = open_data.on_a_thread(&mut rebuilder, live, stop);
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
            let mut batches = Vec::new();
            let mut index_ready = false;
            // Everything already queued (a change during the last rebuild, a burst of
            // saves) goes into this one rebuild.
            let mut next = Some(first);
            while let Some(event) = next {
                match event {
                    LoopEvent::Files(batch) => {
                        self.take(&batch);
                        batches.push(batch);
                    }
                    LoopEvent::SearchBuilt(built) => {
                        indexing = false;
                        match rebuilder.search_built(built) {
                            Ok(()) => index_ready = true,
                            Err(e) => warn(
                                rebuilder.root(),
                                words!("serve_search_failed", error = e.reason()),
                            ),
                        }
                    }
                }
                next = self.events.try_recv().ok();
            }
            if stop.load(Ordering::Relaxed) {
                break;
            }
            if let Some(changes) = ChangeSet::from_events(&self.root, self.poll, &batches) {
                rebuild_and_report(&mut rebuilder, live, &changes, &mut open_data);
                last_rebuild = Instant::now();
            } else if index_ready && live.errors().is_none() {
                // (With errors, the next good rebuild writes the index.)
                let changes = ChangeSet::search_index();
                rebuild_and_report(&mut rebuilder, live, &changes, &mut open_data);
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

    /// Starts watching watched folders that a batch shows were just created, and prints the
    /// watcher's errors (what the batch changed is for [`ChangeSet::from_events`]).
    fn take(&mut self, batch: &DebounceEventResult) {
        match batch {
            Ok(events) => {
                for event in events {
                    self.notice_new_folders(event);
                }
            }
            Err(errors) => {
                for error in errors {
                    warn(
                        &self.root,
                        words!("serve_watch_warning", error = error.to_string()),
                    );
                }
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
                if let Err(e) = self.watch_folder(path) {
                    warn(&self.root, e.words());
                }
            }
        }
    }
}

fn watch_error(path: &Path, source: notify::Error) -> WatchError {
    let hint = match &source.kind {
        notify::ErrorKind::MaxFilesWatch => {
            " (the system's limit of watched folders is reached: raise fs.inotify.max_user_watches, or run with --poll)"
        }
        _ => "",
    };
    WatchError {
        path: path.to_path_buf(),
        source,
        hint,
    }
}

/// Where the open-data files of a committed build are made.
pub enum OpenDataFiles {
    /// On the rebuild thread, before the build is reported.
    Now(OpenDataWriter),
    /// On a thread of their own, after the reload.
    Later(OpenDataThread),
}

impl OpenDataFiles {
    /// From now on on a thread of their own (or still here, if no thread can be started).
    fn on_a_thread(
        self,
        rebuilder: &mut Rebuilder,
        live: &Arc<LiveReload>,
        stop: &Arc<AtomicBool>,
    ) -> OpenDataFiles {
        let OpenDataFiles::Now(writer) = self else {
            return self;
        };
        match OpenDataThread::spawn(writer, live.clone(), stop.clone()) {
            Ok(thread) => OpenDataFiles::Later(thread),
            Err(e) => {
                warn(
                    rebuilder.root(),
                    words!("serve_open_data_thread", error = e.to_string()),
                );
                // The writer was lost with the thread; a new one writes every file once.
                OpenDataFiles::Now(rebuilder.open_data_writer())
            }
        }
    }
}

/// Runs one rebuild, prints what it did, and tells the open tabs; a good one's open-data
/// files are made after that (the first build's before).
pub fn rebuild_and_report(
    rebuilder: &mut Rebuilder,
    live: &LiveReload,
    changes: &ChangeSet,
    open_data: &mut OpenDataFiles,
) {
    let started = Instant::now();
    let language = message_language(crate::check::site_language(rebuilder.root()));
    // From the moment the first page of a build is written, a download waits for the
    // build's open-data files.
    let mut generation = None;
    // Requests wait while the build is written, so none sees half of it.
    let outcome = rebuilder.rebuild_then_commit(changes, || {
        generation = Some(live.open_data_due());
        live.writing_pages()
    });
    if let Some(generation) = generation
        && !matches!(outcome, Outcome::Built { .. })
    {
        // The commit failed: there is nothing new to wait for.
        live.open_data_not_due(generation);
    }
    match outcome {
        Outcome::Built {
            committed,
            report,
            timings,
            site,
        } => {
            let job = OpenDataJob {
                generation: generation.unwrap_or_else(|| live.open_data_due()),
                site,
                started,
            };
            let job = match open_data {
                OpenDataFiles::Now(writer) => {
                    writer.run(&job, live);
                    None
                }
                OpenDataFiles::Later(_) => Some(job),
            };
            // A tab need not reload for a new search index: the next search uses it.
            let search_dir = format!("{}/", crate::render::SEARCH_BUNDLE_DIR);
            let pages_changed = committed
                .written
                .iter()
                .chain(&committed.removed)
                .any(|path| !path.starts_with(&search_dir));
            if *changes.cause() == Cause::SearchIndex && !pages_changed {
                let line = words!(
                    "serve_search_updated",
                    written = committed.written.len().to_string(),
                    removed = committed.removed.len().to_string(),
                    ms = started.elapsed().as_millis().to_string()
                );
                eprintln!("{}", line.in_language(language));
            } else {
                eprint!("{report}");
                let line = words!(
                    "serve_rebuilt",
                    ms = started.elapsed().as_millis().to_string(),
                    cause = changes.cause().words(),
                    rendered = timings.pages_rendered.to_string(),
                    pages = timings.pages.to_string(),
                    built = timings.pages_built.to_string(),
                    written = committed.written.len().to_string(),
                    removed = committed.removed.len().to_string(),
                    check_ms = timings.load_and_check.as_millis().to_string(),
                    render_ms = timings.render.as_millis().to_string(),
                    write_ms = timings.write.as_millis().to_string(),
                    reread = timings.files_decoded.to_string(),
                    relisted = match &timings.relisted {
                        Some(why) => format!(", folders listed: {why}"),
                        None => String::new(),
                    },
                );
                eprintln!("{}", line.in_language(language));
            }
            live.built(pages_changed);
            if let (OpenDataFiles::Later(thread), Some(job)) = (&*open_data, job)
                && let Err(job) = thread.post(job)
            {
                warn(rebuilder.root(), Text::key("serve_open_data_stopped"));
                // Requests must not wait for files that will not come.
                live.open_data_written(job.generation);
            }
        }
        Outcome::Invalid { report, language } => {
            eprint!("{report}");
            let row = if live.has_built() {
                "serve_errors_last_good"
            } else {
                "serve_errors_nothing_yet"
            };
            eprintln!(
                "{}",
                crate::diagnostics::Text::key(row).in_language(language)
            );
            live.failed(&report);
        }
        Outcome::Failed(error) => {
            let message = format!(
                "{}: {}\n",
                Severity::Error.label_in(language),
                error.words().in_language(language)
            );
            eprint!("{message}");
            eprintln!(
                "{}",
                Text::key("serve_failed_last_good").in_language(language)
            );
            live.failed(&message);
        }
    }
}

/// Prints a warning in the language of the site at `root`.
fn warn(root: &Path, words: Text) {
    let language = message_language(crate::check::site_language(root));
    eprintln!(
        "{}: {}",
        Severity::Warning.label_in(language),
        words.in_language(language)
    );
}

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
