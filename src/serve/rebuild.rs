//! One rebuild of the site for `serve`: load (re-decoding only changed files), validate
//! everything, render with the page cache, and commit to the served folder. Everything that
//! makes a rebuild fast lives between rebuilds in [`Rebuilder`]. The watcher's paths tell
//! the load which files to look at first ([`Rebuilder::note_changes`]); files not yet
//! settled are looked at again on every rebuild, and the folders are listed again whenever
//! a file may have come or gone, so a missed or odd file event cannot leave the preview
//! stale after the next save.
//!
//! The open-data files are not part of a rebuild: they are made after it (see `data`).

use super::data::DataWriter;
use super::output::{Changes, ServeOutput};
use crate::check::{Checked, check_site_with_cache};
use crate::load::LoadCache;
use crate::model::Site;
use crate::render::OPEN_DATA_PATHS;
use crate::render::SearchError;
use crate::render::Theme;
use crate::render::{RenderCache, RenderError, RenderOptions, render_cached};
use crate::render::{SearchBuilt, SearchJob};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};
use walkdir::WalkDir;

pub struct Rebuilder {
    root: PathBuf,
    options: RenderOptions,
    load_cache: LoadCache,
    render_cache: RenderCache,
    theme: Option<LoadedTheme>,
    output: ServeOutput,
    /// The site of the last good build, for the search index and the open data.
    last_site: Option<Arc<Site>>,
}

struct LoadedTheme {
    name: String,
    stamp: u128,
    theme: Theme,
}

/// What a rebuild came to.
pub enum Outcome {
    /// The site is valid and the folder holds the new build.
    Built {
        changes: Changes,
        /// Warnings, printed like `check` prints them (empty when there are none).
        report: String,
        timings: Timings,
        /// The site built, for its open-data files (made after the reload).
        site: Arc<Site>,
    },
    /// The content has errors; the folder still holds the last good build. `report` is
    /// the text `check` prints.
    Invalid { report: String },
    /// Templates or writing failed; the folder still holds the last good build.
    Failed { message: String },
}

#[derive(Debug, Default)]
pub struct Timings {
    pub load_and_check: Duration,
    pub render: Duration,
    pub write: Duration,
    pub files_decoded: usize,
    /// Whether the content folders were listed again (see `LoadCache::note_changes`).
    pub folders_listed: bool,
    pub pages_rendered: usize,
    /// Pages whose view was built (the others were known to be unchanged).
    pub pages_built: usize,
    pub pages: usize,
}

impl Rebuilder {
    pub fn new(root: PathBuf, base_url: String, output_dir: PathBuf) -> Self {
        let mut render_cache = RenderCache::default();
        render_cache.defer_open_data();
        Rebuilder {
            root,
            options: RenderOptions {
                base_url,
                // A preview shows drafts: that is what an editor saves them to see.
                drafts: true,
            },
            load_cache: LoadCache::default(),
            render_cache,
            theme: None,
            output: ServeOutput::new(output_dir),
            last_site: None,
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The writer of the open-data files, which rebuilds leave out: they are made after
    /// each good rebuild from the site it built. It writes every file the first time.
    pub fn data_writer(&mut self) -> DataWriter {
        DataWriter::new(
            self.output.late_writer(&OPEN_DATA_PATHS),
            &self.options.base_url,
        )
    }

    /// The paths a file watcher saw change since the last rebuild began (see
    /// `LoadCache::note_changes`): the next rebuild looks at those files only, unless one
    /// came or went.
    pub fn note_changes(&mut self, paths: Vec<PathBuf>) {
        self.load_cache.note_changes(paths);
    }

    /// The search index to build off the rebuild path, if the content changed since the
    /// last one (see `render::RenderCache`). Takes a while on a large site: call it when idle.
    pub fn take_search_job(&mut self) -> Option<SearchJob> {
        let site = self.last_site.as_ref()?;
        self.render_cache.search_job(site, &self.options)
    }

    /// Keeps a finished search index; the next rebuild writes it.
    pub fn search_built(&mut self, built: SearchBuilt) -> Result<(), SearchError> {
        self.render_cache.search_built(built)
    }

    pub fn rebuild(&mut self) -> Outcome {
        self.rebuild_then_commit(|| ())
    }

    /// Like [`Rebuilder::rebuild`], calling `before_commit` once the new build is ready to
    /// be written into the folder, and only then, and holding what it returns while the
    /// build is written (`serve` closes the gate for the open-data files there, so that none
    /// is served older than the pages, and holds requests until every page is written).
    pub fn rebuild_then_commit<Hold>(&mut self, before_commit: impl FnOnce() -> Hold) -> Outcome {
        let started = Instant::now();
        let mut checked = check_site_with_cache(&self.root, &mut self.load_cache);
        let mut timings = Timings {
            load_and_check: started.elapsed(),
            files_decoded: self.load_cache.decoded_last(),
            folders_listed: self.load_cache.listed_last(),
            ..Timings::default()
        };
        let site = match checked.site.take() {
            Some(site) if !checked.diagnostics.fails(false) => Arc::new(site),
            _ => {
                return Outcome::Invalid {
                    report: checked.report(),
                };
            }
        };
        // `build` refuses these as colliding with the generated files; a render without
        // the open data would copy them (and the data written later overwrite them).
        if let Some(path) = OPEN_DATA_PATHS
            .iter()
            .find(|p| site.static_files.contains(**p))
        {
            return Outcome::Failed {
                message: RenderError::StaticCollision(path.to_string()).to_string(),
            };
        }
        let theme = match load_theme(&mut self.theme, &self.root, &site.config.theme.value) {
            Ok(theme) => theme,
            Err(message) => return Outcome::Failed { message },
        };
        let render_started = Instant::now();
        let staging = self.output.stage();
        let rendered = render_cached(
            &self.root,
            &site,
            theme,
            &self.options,
            &staging,
            &mut self.render_cache,
        );
        let staged = staging.finish();
        timings.render = render_started.elapsed();
        let summary = match rendered {
            Ok(summary) => summary,
            Err(e) => {
                return Outcome::Failed {
                    message: e.to_string(),
                };
            }
        };
        timings.pages = summary.pages;
        timings.pages_rendered = summary.pages_rendered;
        timings.pages_built = summary.pages_built;
        let hold = before_commit();
        let write_started = Instant::now();
        let committed = self.output.commit(staged);
        drop(hold);
        timings.write = write_started.elapsed();
        match committed {
            Ok(changes) => {
                let report = warnings_report(&checked);
                self.last_site = Some(site.clone());
                Outcome::Built {
                    changes,
                    report,
                    timings,
                    site,
                }
            }
            Err(e) => {
                self.render_cache.forget_pages();
                Outcome::Failed {
                    message: e.to_string(),
                }
            }
        }
    }
}

/// The theme, loaded again only when a file of it changed (by a stamp of its files, so not
/// even a missed file event leaves an old template in use).
fn load_theme<'a>(
    loaded: &'a mut Option<LoadedTheme>,
    root: &Path,
    name: &str,
) -> Result<&'a Theme, String> {
    let stamp = theme_stamp(root, name);
    let reuse = loaded
        .as_ref()
        .is_some_and(|t| t.name == name && t.stamp == stamp);
    if !reuse {
        *loaded = None;
        let theme = Theme::load(root, name).map_err(|e| e.to_string())?;
        *loaded = Some(LoadedTheme {
            name: name.to_string(),
            stamp,
            theme,
        });
    }
    match loaded {
        Some(t) => Ok(&t.theme),
        None => Err("the theme could not be loaded".to_string()),
    }
}

fn warnings_report(checked: &Checked) -> String {
    if checked.diagnostics.is_empty() {
        String::new()
    } else {
        checked.report()
    }
}

/// A hash of every template (name and text) and of the names of the theme's other files.
/// Templates are read each time (a few small files): a save within the same timestamp tick
/// still counts; assets are compared by the output sink when copied.
fn theme_stamp(root: &Path, name: &str) -> u128 {
    let theme_dir = root.join("themes").join(name);
    let mut parts: Vec<String> = Vec::new();
    for dir in [theme_dir.clone(), root.join("templates")] {
        for entry in WalkDir::new(&dir).sort_by_file_name().into_iter().flatten() {
            parts.push(entry.path().display().to_string());
            let is_template = entry.path().starts_with(theme_dir.join("templates"))
                || entry.path().starts_with(root.join("templates"));
            if is_template && entry.file_type().is_file() {
                let text = std::fs::read(entry.path()).unwrap_or_default();
                parts.push(String::from_utf8_lossy(&text).into_owned());
            }
        }
    }
    let parts: Vec<&str> = parts.iter().map(String::as_str).collect();
    crate::render::hash_inputs(&parts)
}
