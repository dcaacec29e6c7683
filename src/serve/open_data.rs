//! The open-data files (`render::OPEN_DATA_PATHS`), made off the reload path. On a
//! 10,000-task site `data/tasks.json` is 34 MB: serialising it, hashing it (sha256 for
//! `datapackage.json`, and serve's own hash to skip unchanged files) and writing it takes a
//! few hundred milliseconds, more than all the rest of a rebuild may. So `serve` renders
//! without them (`RenderCache::defer_open_data`), commits and tells the tabs, and only then makes
//! them from the site just built, byte for byte as `gongshi build` does, on a thread of its
//! own. Meanwhile `LiveReload`'s gate holds requests for them (see `server`), so a download
//! is never older than the pages.
//!
//! One thread makes them, for one build at a time and only for the newest: when a build is
//! committed while an older build's files are being made, those are dropped unwritten, so
//! an older build's files never overwrite a newer one's. A rebuild that fails (the content
//! has errors) commits nothing and posts nothing: the last good build's files are finished
//! and served. The first build writes them before it is reported, on the rebuild thread.

use super::output::LateWriter;
use super::reload::LiveReload;
use crate::diagnostics::{Severity, message_language};
use crate::model::Site;
use crate::render::Urls;
use crate::render::open_data_files;
use crate::words;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

/// The open-data files of one committed build, to make and write.
pub struct OpenDataJob {
    /// From [`LiveReload::open_data_due`], to open the gate with once written.
    pub generation: u64,
    pub site: Arc<Site>,
    /// When the rebuild began, for the log line.
    pub started: Instant,
}

/// Makes the open-data files and writes those that changed.
pub struct OpenDataWriter {
    urls: Urls,
    output: LateWriter,
}

impl OpenDataWriter {
    pub fn new(output: LateWriter, base_url: &str) -> Self {
        OpenDataWriter {
            urls: Urls::new(base_url),
            output,
        }
    }

    /// Makes and writes the files of `job`, reports them, and opens the gate.
    pub fn run(&mut self, job: &OpenDataJob, live: &LiveReload) {
        let made = self.make(&job.site);
        self.write(made, job, live);
    }

    fn make(&self, site: &Site) -> Made {
        let started = Instant::now();
        let files = open_data_files(site, &self.urls);
        Made {
            files,
            took: started.elapsed(),
        }
    }

    fn write(&mut self, made: Made, job: &OpenDataJob, live: &LiveReload) {
        let started = Instant::now();
        let language = message_language(Some(job.site.config.language));
        match self.output.write(&made.files) {
            Ok(written) => {
                let line = words!(
                    "serve_data_written",
                    ms = job.started.elapsed().as_millis().to_string(),
                    changed = written.len().to_string(),
                    files = made.files.len().to_string(),
                    made_ms = made.took.as_millis().to_string(),
                    write_ms = started.elapsed().as_millis().to_string(),
                );
                eprintln!("{}", line.in_language(language));
            }
            Err(e) => eprintln!(
                "{}: {}",
                Severity::Warning.label_in(language),
                words!("serve_data_not_written", error = e.words()).in_language(language)
            ),
        }
        // Also after an error: a request should not wait for files that will not come.
        live.open_data_written(job.generation);
    }
}

struct Made {
    files: Vec<(String, Vec<u8>)>,
    took: Duration,
}

/// The thread that makes the open-data files after each commit. Dropping it lets the
/// thread finish the file it is writing and waits for it (a few seconds at most).
pub struct OpenDataThread {
    jobs: Option<Sender<OpenDataJob>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl OpenDataThread {
    pub fn spawn(
        mut writer: OpenDataWriter,
        live: Arc<LiveReload>,
        stop: Arc<AtomicBool>,
    ) -> std::io::Result<OpenDataThread> {
        let (jobs, received) = channel();
        let thread = std::thread::Builder::new()
            .name("gongshi-open-data".into())
            .spawn(move || work(&mut writer, &received, &live, &stop))?;
        Ok(OpenDataThread {
            jobs: Some(jobs),
            thread: Some(thread),
        })
    }

    /// Hands a committed build's files to the thread; returns the job if the thread is gone.
    pub fn post(&self, job: OpenDataJob) -> Result<(), OpenDataJob> {
        match &self.jobs {
            Some(jobs) => jobs.send(job).map_err(|e| e.0),
            None => Err(job),
        }
    }
}

impl Drop for OpenDataThread {
    fn drop(&mut self) {
        self.jobs = None; // ends the thread's loop
        if let Some(thread) = self.thread.take() {
            super::wait_for(thread, Duration::from_secs(5));
        }
    }
}

fn work(
    writer: &mut OpenDataWriter,
    jobs: &Receiver<OpenDataJob>,
    live: &LiveReload,
    stop: &AtomicBool,
) {
    let mut next = None;
    loop {
        let Some(mut job) = next.take().or_else(|| jobs.recv().ok()) else {
            return;
        };
        // Only the newest build's files are made.
        while let Ok(newer) = jobs.try_recv() {
            job = newer;
        }
        if stop.load(Ordering::Relaxed) {
            return;
        }
        let made = writer.make(&job.site);
        // A build committed meanwhile: these files are already out of date, and writing them
        // would only delay the newer build's, which come next.
        if let Ok(newer) = jobs.try_recv() {
            next = Some(newer);
            continue;
        }
        if stop.load(Ordering::Relaxed) {
            return;
        }
        writer.write(made, &job, live);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::serve::output::ServeOutput;

    fn site() -> Arc<Site> {
        let fixture =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        Arc::new(
            crate::load::load_site(&fixture)
                .site
                .expect("the fixture loads"),
        )
    }

    /// The files are those `build` writes, and those of the newest build posted: jobs the
    /// thread has not got to when a newer one comes are skipped, never written late.
    #[test]
    fn the_thread_writes_the_newest_build_s_files() {
        let dir = tempfile::tempdir().expect("a folder");
        let mut output = ServeOutput::new(dir.path().to_path_buf());
        let base_url = "http://127.0.0.1:1111/";
        let writer = OpenDataWriter::new(
            output.late_writer(&crate::render::OPEN_DATA_PATHS),
            base_url,
        );
        let live = Arc::new(LiveReload::new());
        let stop = Arc::new(AtomicBool::new(false));
        let thread = OpenDataThread::spawn(writer, live.clone(), stop).expect("spawn");
        let sites: Vec<Arc<Site>> = (0..6)
            .map(|i| {
                let mut site = (*site()).clone();
                for task in site.tasks.values_mut() {
                    Arc::make_mut(task).title.push_str(&format!(" {i}"));
                }
                Arc::new(site)
            })
            .collect();
        for site in &sites {
            let job = OpenDataJob {
                generation: live.open_data_due(),
                site: site.clone(),
                started: Instant::now(),
            };
            assert!(thread.post(job).is_ok());
        }
        let deadline = Instant::now() + Duration::from_secs(60);
        while live.open_data_pending() {
            assert!(
                Instant::now() < deadline,
                "the data files were never written"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        drop(thread);
        let newest = sites.last().expect("sites");
        for (path, bytes) in open_data_files(newest, &Urls::new(base_url)) {
            let on_disk = std::fs::read(dir.path().join(&path)).expect("written");
            assert!(
                on_disk == bytes,
                "{path} is not the newest build's, as build writes it"
            );
        }
    }
}
