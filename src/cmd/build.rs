//! `gongshi build`: validate (the site and its publication chain), then render the whole
//! site into the output folder, swapped in atomically, with the publications and a manifest
//! of every file's hash. An invalid site writes nothing. On a terminal, a progress bar counts
//! the pages as they are written.

use super::check::check_with_history;
use crate::check::Checked;
use crate::diagnostics::Text;
use crate::history::{self, canonical::Snapshot, manifest::HashingSink};
use crate::output::{self, DirSink, OutputError, Sink};
use crate::render::{RenderError, RenderOptions, RenderSummary, render_site};
use indicatif::{ProgressBar, ProgressStyle};
use std::path::Path;
use std::path::PathBuf;

#[derive(Clone, Debug)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub deny_warnings: bool,
    /// Show a progress bar on standard error (only where a person watches: a terminal).
    pub progress: bool,
    /// Fail while the content differs from the newest publication.
    pub require_published: bool,
    /// Publish the placeholder text `gongshi new task` writes, instead of refusing it.
    pub allow_placeholders: bool,
}

impl BuildOptions {
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("the site has errors; nothing was written")]
    Invalid,
    #[error("the site has warnings and --deny-warnings makes them errors; nothing was written")]
    WarningsDenied,
    #[error("the tasks still hold {0} placeholders written by `gongshi new task`")]
    Placeholders(usize),
    #[error("invalid --base-url `{url}`: {reason}")]
    BaseUrl { url: String, reason: String },
    #[error("{0}")]
    Unpublished(String),
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error(transparent)]
    Output(#[from] OutputError),
}

impl BuildError {
    /// The refusal in the words of the message table, for the reader's language.
    pub fn words(&self) -> Text {
        match self {
            BuildError::Invalid => Text::key("site_has_errors"),
            BuildError::WarningsDenied => Text::key("warnings_denied"),
            BuildError::Placeholders(n) => crate::words!("placeholders_refused", n = n.to_string()),
            other => Text::from(other.to_string()),
        }
    }
}

pub struct Built {
    pub checked: Checked,
    pub summary: Option<RenderSummary>,
}

/// Checks the site and, when it passes, builds it. The check's report is returned in every
/// case, so the caller prints the same diagnostics as `check` does.
pub fn build_site(options: &BuildOptions) -> (Checked, Result<RenderSummary, BuildError>) {
    let mut checked = check_with_history(&options.root);
    // Built for another address than site.yaml's: its example address is not published.
    if let Some(url) = &options.base_url
        && !crate::load::is_example_address(url)
    {
        checked
            .diagnostics
            .retain(|d| d.kind != Some("example address"));
    }
    let result = build_checked(options, &checked);
    (checked, result)
}

fn build_checked(options: &BuildOptions, checked: &Checked) -> Result<RenderSummary, BuildError> {
    let site = match &checked.site {
        Some(site) if checked.diagnostics.error_count() == 0 => site,
        _ => return Err(BuildError::Invalid),
    };
    if checked.diagnostics.fails(options.deny_warnings) {
        return Err(BuildError::WarningsDenied);
    }
    let placeholders = checked
        .diagnostics
        .items()
        .iter()
        .filter(|d| d.kind == Some(crate::validate::unfinished::PLACEHOLDER))
        .count();
    if placeholders > 0 && !options.allow_placeholders {
        return Err(BuildError::Placeholders(placeholders));
    }
    let base_url = match &options.base_url {
        Some(url) => {
            crate::load::normalize_base_url(url).map_err(|reason| BuildError::BaseUrl {
                url: url.clone(),
                reason,
            })?
        }
        None => site.config.base_url.clone(),
    };
    if options.require_published {
        require_published(&options.root, site)?;
    }
    let output_dir = options.output_dir();
    output::check_output_location(&options.root, &output_dir)?;
    let head = history::check_chain(&options.root)
        .ok()
        .and_then(|(chain, _)| chain.head().cloned());
    let render_options = RenderOptions {
        preview: false,
        base_url,
        drafts: options.drafts,
    };
    let bar = if options.progress {
        progress_bar()
    } else {
        ProgressBar::hidden()
    };
    let result = output::replace_atomically(&output_dir, |sink| {
        let counting = ProgressSink {
            inner: sink,
            bar: &bar,
        };
        let hashing = HashingSink::new(&counting);
        let mut summary = render_site(&options.root, site, &render_options, &hashing)?;
        history::manifest::copy_publications(&options.root, &hashing)?;
        hashing.write_manifest(head.as_ref())?;
        summary.files = hashing.count() + 1;
        Ok(summary)
    });
    bar.finish_and_clear();
    result
}

fn progress_bar() -> ProgressBar {
    let bar = ProgressBar::new(0);
    if let Ok(style) = ProgressStyle::with_template(
        "rendering pages [{bar:30}] {human_pos}/{human_len} {wide_msg}",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// Passes everything to the output folder, counting the pages written on the bar.
struct ProgressSink<'a> {
    inner: &'a DirSink,
    bar: &'a ProgressBar,
}

impl Sink for ProgressSink<'_> {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), OutputError> {
        self.inner.write(path, bytes)?;
        if path.ends_with(".html") {
            self.bar.inc(1);
            if Some(self.bar.position()) == self.bar.length() {
                self.bar
                    .set_message("pages done; finishing the search index and data files");
            }
        }
        Ok(())
    }

    fn keep(&self, path: &str) -> Result<(), OutputError> {
        self.inner.keep(path)
    }

    fn keep_all(&self, paths: &[String]) -> Result<(), OutputError> {
        self.inner.keep_all(paths)
    }

    fn keep_previous(&self) -> Result<bool, OutputError> {
        self.inner.keep_previous()
    }

    fn pages_planned(&self, pages: usize) {
        self.bar.set_length(pages as u64);
    }

    fn copy_file(&self, path: &str, from: &Path) -> Result<(), OutputError> {
        self.inner.copy_file(path, from)
    }
}

/// `--require-published`: the content must be what the newest publication records.
fn require_published(root: &std::path::Path, site: &crate::model::Site) -> Result<(), BuildError> {
    let Some((number, published)) = history::newest(root).map_err(BuildError::Unpublished)? else {
        return Err(BuildError::Unpublished(
            "--require-published: nothing has been published yet; run `gongshi publish` first"
                .to_string(),
        ));
    };
    let now = Snapshot::of_site(site);
    let differences = history::diff::diff(&published, &now, site.config.language);
    if differences.is_empty() {
        return Ok(());
    }
    let mut what: Vec<String> = differences
        .task_ids()
        .into_iter()
        .map(|id| {
            let title = site.tasks.get(id).map(|t| t.title.as_str()).unwrap_or("");
            format!("task `{id}` {title}").trim_end().to_string()
        })
        .collect();
    what.extend(
        differences
            .rounds_added
            .iter()
            .chain(&differences.rounds_removed)
            .map(|n| format!("evaluation round `{}`", n.id)),
    );
    what.extend(
        differences
            .rounds_changed
            .iter()
            .map(|c| format!("evaluation round `{}`", c.id)),
    );
    what.extend(
        differences
            .notices_added
            .iter()
            .chain(&differences.notices_removed)
            .map(|n| format!("notice `{}`", n.id)),
    );
    what.extend(
        differences
            .notices_changed
            .iter()
            .map(|c| format!("notice `{}`", c.id)),
    );
    if what.is_empty() {
        what.push("the data-as-of date".to_string());
    }
    Err(BuildError::Unpublished(format!(
        "--require-published: the content differs from publication {} in: {}; run `gongshi publish` to put these changes on record, then build again",
        history::chain::file_name(number),
        what.join(", ")
    )))
}
