//! One rebuild of the site for `serve`: load (re-decoding only the files that changed,
//! looking first where the [`ChangeSet`] points), validate everything, render with the page
//! cache, and commit to the served folder. What changed and why, and what each stage redoes
//! because of it, is decided and explained in [`crate::changes`]; this runs the stages in
//! order and keeps between rebuilds, in [`Rebuilder`], what makes the next one fast: the check
//! cache (the decoded files and what the checks of their text found in each), the render
//! cache, the loaded theme and the state of the served folder.
//!
//! The open-data files are not part of a rebuild: they are made after it (see
//! [`super::open_data`]).

use super::open_data::OpenDataWriter;
use super::output::{Committed, ServeOutput};
use crate::changes::{ChangeSet, Relist};
use crate::check::{CheckCache, Checked, check_site_changed};
use crate::model::Site;
use crate::output::OutputError;
use crate::render::{OPEN_DATA_PATHS, SearchBuilt, SearchError, SearchJob, Theme, ThemeError};
use crate::render::{RenderCache, RenderError, RenderOptions, render_cached};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};
use walkdir::WalkDir;

pub struct Rebuilder {
    root: PathBuf,
    options: RenderOptions,
    check_cache: CheckCache,
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
        /// What the commit wrote into the folder and removed from it.
        committed: Committed,
        /// Warnings, printed like `check` prints them (empty when there are none).
        report: String,
        timings: Timings,
        /// The site built, for its open-data files (made after the reload).
        site: Arc<Site>,
    },
    /// The content has errors; the folder still holds the last good build. `report` is
    /// the text `check` prints.
    Invalid {
        report: String,
        /// The language the report is in, for the lines printed around it.
        language: crate::model::Language,
    },
    /// Templates or writing failed; the folder still holds the last good build.
    Failed(RebuildError),
}

/// Why a valid site could not be built; the served folder keeps the last good build.
#[derive(Debug, thiserror::Error)]
pub enum RebuildError {
    #[error("{0}")]
    Theme(#[source] ThemeError),
    #[error("{0}")]
    Render(#[source] RenderError),
    #[error("{0}")]
    Output(#[source] OutputError),
}

impl RebuildError {
    /// The error in the words of the message table.
    pub fn words(&self) -> crate::diagnostics::Text {
        match self {
            RebuildError::Theme(error) => error.words(),
            RebuildError::Render(error) => error.words(),
            RebuildError::Output(error) => error.words(),
        }
    }
}

#[derive(Debug, Default)]
pub struct Timings {
    pub load_and_check: Duration,
    pub render: Duration,
    pub write: Duration,
    pub files_decoded: usize,
    /// Why the content folders were listed again, if they were (see [`crate::changes`]).
    pub relisted: Option<Relist>,
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
                preview: true,
                base_url,
                // A preview shows drafts: that is what an editor saves them to see.
                drafts: true,
            },
            check_cache: CheckCache::default(),
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
    pub fn open_data_writer(&mut self) -> OpenDataWriter {
        OpenDataWriter::new(
            self.output.late_writer(&OPEN_DATA_PATHS),
            &self.options.base_url,
        )
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

    /// Rebuilds after `changes` (see [`crate::changes`]).
    pub fn rebuild(&mut self, changes: &ChangeSet) -> Outcome {
        self.rebuild_then_commit(changes, || ())
    }

    /// Like [`Rebuilder::rebuild`], calling `before_commit` once the new build is ready to
    /// be written into the folder, and only then, and holding what it returns while the
    /// build is written (`serve` closes the gate for the open-data files there, so that none
    /// is served older than the pages, and holds requests until every page is written).
    pub fn rebuild_then_commit<Hold>(
        &mut self,
        changes: &ChangeSet,
        before_commit: impl FnOnce() -> Hold,
    ) -> Outcome {
        let started = Instant::now();
        let mut checked = check_site_changed(&self.root, &mut self.check_cache, changes);
        let mut timings = Timings {
            load_and_check: started.elapsed(),
            files_decoded: self.check_cache.load.decoded_last(),
            relisted: self.check_cache.load.relisted_last().cloned(),
            ..Timings::default()
        };
        let site = match checked.site.take() {
            Some(site) if !checked.diagnostics.fails(false) => Arc::new(site),
            _ => {
                return Outcome::Invalid {
                    report: checked.report(),
                    language: checked.language,
                };
            }
        };
        // `build` refuses these as colliding with the generated files; a render without
        // the open data would copy them (and the data written later overwrite them).
        if let Some(path) = OPEN_DATA_PATHS
            .iter()
            .find(|p| site.static_files.contains(**p))
        {
            return Outcome::Failed(RebuildError::Render(RenderError::StaticCollision(
                path.to_string(),
            )));
        }
        let theme = match load_theme(&mut self.theme, &self.root, &site.config.theme.value) {
            Ok(theme) => theme,
            Err(e) => return Outcome::Failed(RebuildError::Theme(e)),
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
            Err(e) => return Outcome::Failed(RebuildError::Render(e)),
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
            Ok(committed) => {
                let report = warnings_report(&checked);
                self.last_site = Some(site.clone());
                Outcome::Built {
                    committed,
                    report,
                    timings,
                    site,
                }
            }
            Err(e) => {
                self.render_cache.forget_pages();
                Outcome::Failed(RebuildError::Output(e))
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
) -> Result<&'a Theme, ThemeError> {
    let stamp = theme_stamp(root, name);
    let theme = match loaded.take() {
        Some(kept) if kept.name == name && kept.stamp == stamp => kept,
        _ => LoadedTheme {
            name: name.to_string(),
            stamp,
            theme: Theme::load(root, name)?,
        },
    };
    Ok(&loaded.insert(theme).theme)
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::SystemTime;

    /// A site copied from the `minimal` fixture, its files dated an hour ago (as files saved
    /// a while before `serve` started), and a rebuilder whose first build has run.
    struct Preview {
        site: tempfile::TempDir,
        served: tempfile::TempDir,
        rebuilder: Rebuilder,
    }

    const TASK: &str = "content/tasks/xidong/2022-xidong-01.yaml";
    const TASK_PAGE: &str = "tasks/2022-xidong-01/index.html";

    impl Preview {
        fn start() -> Preview {
            let site = tempfile::tempdir().unwrap();
            let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
            let an_hour_ago = SystemTime::now() - Duration::from_secs(3600);
            for entry in WalkDir::new(&fixture) {
                let entry = entry.unwrap();
                let target = site
                    .path()
                    .join(entry.path().strip_prefix(&fixture).unwrap());
                if entry.file_type().is_dir() {
                    std::fs::create_dir_all(&target).unwrap();
                } else {
                    std::fs::copy(entry.path(), &target).unwrap();
                    let file = std::fs::File::options().write(true).open(&target).unwrap();
                    file.set_modified(an_hour_ago).unwrap();
                }
            }
            let served = tempfile::tempdir().unwrap();
            let root = site.path().to_path_buf();
            let mut rebuilder = Rebuilder::new(
                root,
                "http://127.0.0.1:1111/".to_string(),
                served.path().to_path_buf(),
            );
            match rebuilder.rebuild(&ChangeSet::first_build()) {
                Outcome::Built { timings, .. } => {
                    assert_eq!(timings.relisted, Some(Relist::FirstBuild));
                    assert!(timings.files_decoded > 0);
                }
                _ => panic!("the fixture did not build"),
            }
            Preview {
                site,
                served,
                rebuilder,
            }
        }

        fn root(&self) -> &Path {
            self.site.path()
        }

        fn write(&self, relative: &str, text: &str) {
            let path = self.root().join(relative);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }

        fn read(&self, relative: &str) -> String {
            std::fs::read_to_string(self.root().join(relative)).unwrap()
        }

        fn served(&self, relative: &str) -> Option<String> {
            std::fs::read_to_string(self.served.path().join(relative)).ok()
        }

        /// Rebuilds after the watcher named `paths` (relative to the root).
        fn rebuild(&mut self, paths: &[&str]) -> (ChangeSet, Outcome) {
            let paths = paths.iter().map(|p| self.root().join(p)).collect();
            let changes = ChangeSet::paths_changed(self.root(), paths);
            let outcome = self.rebuilder.rebuild(&changes);
            (changes, outcome)
        }
    }

    #[test]
    fn an_edited_ledger_is_the_only_file_decoded_and_the_reason_names_it() {
        let mut preview = Preview::start();
        let text = preview.read(TASK);
        preview.write(
            TASK,
            &text.replacen("title: 西洞镇农房改造", "title: 西洞镇农房改造二期", 1),
        );
        let (changes, outcome) = preview.rebuild(&[TASK]);
        let Outcome::Built {
            timings, committed, ..
        } = outcome
        else {
            panic!("the edit did not build");
        };
        assert_eq!(changes.cause().to_string(), format!("{TASK} changed"));
        assert_eq!(timings.files_decoded, 1);
        assert_eq!(
            timings.relisted, None,
            "the folders were listed for an edit"
        );
        assert!(committed.written.iter().any(|p| p == TASK_PAGE));
        assert!(
            preview
                .served(TASK_PAGE)
                .unwrap()
                .contains("西洞镇农房改造二期")
        );
    }

    /// A file saved and deleted again before the watcher's event for the deletion arrives:
    /// the next rebuild (for another save) finds it gone and removes its page.
    #[test]
    fn a_file_deleted_before_its_event_is_found_gone() {
        let mut preview = Preview::start();
        let new = "content/tasks/xidong/2022-new-01.yaml";
        let text = preview.read(TASK);
        preview.write(
            new,
            &text.replacen("id: 2022-xidong-01", "id: 2022-new-01", 1),
        );
        let (_, outcome) = preview.rebuild(&[new]);
        assert!(matches!(outcome, Outcome::Built { .. }));
        assert!(preview.served("tasks/2022-new-01/index.html").is_some());

        std::fs::remove_file(preview.root().join(new)).unwrap();
        let (_, outcome) = preview.rebuild(&[]);
        let Outcome::Built {
            timings, committed, ..
        } = outcome
        else {
            panic!("the deletion did not build");
        };
        assert_eq!(
            timings.relisted,
            Some(Relist::CameOrWent(new.to_string())),
            "the deleted file went unnoticed"
        );
        assert!(
            committed
                .removed
                .iter()
                .any(|p| p == "tasks/2022-new-01/index.html")
        );
        assert!(preview.served("tasks/2022-new-01/index.html").is_none());
    }

    #[test]
    fn a_template_edit_is_a_theme_change_and_reaches_the_pages() {
        let mut preview = Preview::start();
        let before = preview.served("404.html").unwrap();
        preview.write("templates/404.html", "not here: {{ site.title }}");
        let (changes, outcome) = preview.rebuild(&["templates/404.html"]);
        assert!(matches!(outcome, Outcome::Built { .. }));
        assert_eq!(
            changes.cause().to_string(),
            "theme changed: templates/404.html changed"
        );
        let after = preview.served("404.html").unwrap();
        assert_ne!(after, before);
        assert!(after.starts_with("not here: "), "{after}");

        // A template edit the watcher did not report is found by the theme's stamp.
        preview.write("templates/404.html", "still not here: {{ site.title }}");
        let (_, outcome) = preview.rebuild(&[]);
        assert!(matches!(outcome, Outcome::Built { .. }));
        assert!(
            preview
                .served("404.html")
                .unwrap()
                .starts_with("still not here: ")
        );
    }

    #[test]
    fn an_invalid_edit_keeps_the_last_good_build() {
        let mut preview = Preview::start();
        let good = preview.served(TASK_PAGE).unwrap();
        let text = preview.read(TASK);
        preview.write(TASK, &text.replacen("org: xidong", "org: xidon", 1));
        let (_, outcome) = preview.rebuild(&[TASK]);
        let Outcome::Invalid { report, .. } = outcome else {
            panic!("an unknown org was built");
        };
        assert!(report.contains("`xidon`"), "{report}");
        assert_eq!(preview.served(TASK_PAGE).unwrap(), good);

        // Fixed again, the site builds.
        preview.write(TASK, &text);
        let (_, outcome) = preview.rebuild(&[TASK]);
        assert!(matches!(outcome, Outcome::Built { .. }));
    }

    /// What the checks of the files' text find stays reported while its file is unchanged,
    /// and goes when the file is fixed.
    #[test]
    fn text_findings_hold_across_rebuilds_until_their_file_changes() {
        let mut preview = Preview::start();
        let text = preview.read(TASK);
        let title = "title: 西洞镇农房改造";
        preview.write(
            TASK,
            &text.replacen(title, "title: 西洞镇农房改造 13812345678", 1),
        );
        for paths in [&[TASK][..], &[]] {
            let (_, outcome) = preview.rebuild(paths);
            let Outcome::Invalid { report, .. } = outcome else {
                panic!("a phone number was built ({paths:?})");
            };
            assert!(report.contains("138****5678"), "{report}");
        }

        preview.write(TASK, &text.replacen(title, "title: （目标名称）", 1));
        for paths in [&[TASK][..], &[]] {
            let (_, outcome) = preview.rebuild(paths);
            let Outcome::Built { report, .. } = outcome else {
                panic!("a placeholder stopped the preview ({paths:?})");
            };
            assert!(report.contains("（目标名称）"), "{report}");
        }

        preview.write(TASK, &text);
        let (_, outcome) = preview.rebuild(&[TASK]);
        let Outcome::Built { report, .. } = outcome else {
            panic!("the fixed file did not build");
        };
        assert!(!report.contains("（目标名称）"), "{report}");
    }

    #[test]
    fn a_broken_template_fails_with_its_cause_and_keeps_the_last_good_build() {
        let mut preview = Preview::start();
        let good = preview.served("404.html").unwrap();
        preview.write("templates/404.html", "{% if %}");
        let (_, outcome) = preview.rebuild(&["templates/404.html"]);
        let Outcome::Failed(error) = outcome else {
            panic!("a broken template was built");
        };
        assert!(matches!(error, RebuildError::Theme(_)), "{error:?}");
        assert!(std::error::Error::source(&error).is_some());
        assert_eq!(preview.served("404.html").unwrap(), good);
    }
}
