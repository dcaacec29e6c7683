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
use crate::words;
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
    Unpublished(Text),
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
            BuildError::Placeholders(n) => words!("placeholders_refused", n = n.to_string()),
            BuildError::BaseUrl { url, reason } => {
                words!(
                    "build_bad_base_url",
                    url = url,
                    reason = base_url_reason(reason)
                )
            }
            BuildError::Unpublished(words) => words.clone(),
            BuildError::Render(error) => error.words(),
            BuildError::Output(error) => error.words(),
        }
    }
}

/// Why `--base-url` was refused, in the words of the message table when the reason is one
/// the address check gives; as it was given otherwise.
fn base_url_reason(reason: &str) -> Text {
    let key = match reason {
        "it must start with http:// or https://" => "build_base_url_scheme",
        "it has no host name" => "build_base_url_host",
        "it must not contain spaces, quotes, `?` or `#`" => "build_base_url_characters",
        _ => return Text::from(reason),
    };
    Text::key(key)
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
    let language = crate::diagnostics::message_language(Some(site.config.language));
    let bar = if options.progress {
        progress_bar(language)
    } else {
        ProgressBar::hidden()
    };
    let result = output::replace_atomically(&output_dir, |sink| {
        let counting = ProgressSink {
            inner: sink,
            bar: &bar,
            finishing: Text::key("build_progress_finishing").in_language(language),
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

fn progress_bar(language: crate::model::Language) -> ProgressBar {
    let bar = ProgressBar::new(0);
    let template = format!(
        "{} [{{bar:30}}] {{human_pos}}/{{human_len}} {{wide_msg}}",
        Text::key("build_progress_rendering").in_language(language)
    );
    if let Ok(style) = ProgressStyle::with_template(&template) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// Passes everything to the output folder, counting the pages written on the bar.
struct ProgressSink<'a> {
    inner: &'a DirSink,
    bar: &'a ProgressBar,
    /// Shown once the last page is written.
    finishing: String,
}

impl Sink for ProgressSink<'_> {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), OutputError> {
        self.inner.write(path, bytes)?;
        if path.ends_with(".html") {
            self.bar.inc(1);
            if Some(self.bar.position()) == self.bar.length() {
                self.bar.set_message(self.finishing.clone());
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
    let newest = history::newest(root).map_err(|e| BuildError::Unpublished(Text::from(e)))?;
    let Some((number, published)) = newest else {
        return Err(BuildError::Unpublished(Text::key(
            "build_nothing_published",
        )));
    };
    let now = Snapshot::of_site(site);
    let differences = history::diff::diff(&published, &now, site.config.language);
    if differences.is_empty() {
        return Ok(());
    }
    let mut what: Vec<Text> = differences
        .task_ids()
        .into_iter()
        .map(|id| match site.tasks.get(id).map(|t| t.title.trim()) {
            Some(title) if !title.is_empty() => {
                words!("build_unpublished_task", id = id, title = title)
            }
            _ => words!("build_unpublished_task_id", id = id),
        })
        .collect();
    let round = |id: &str| words!("build_unpublished_round", id = id);
    let notice = |id: &str| words!("build_unpublished_notice", id = id);
    what.extend(
        differences
            .rounds_added
            .iter()
            .chain(&differences.rounds_removed)
            .map(|n| round(&n.id)),
    );
    what.extend(differences.rounds_changed.iter().map(|c| round(&c.id)));
    what.extend(
        differences
            .notices_added
            .iter()
            .chain(&differences.notices_removed)
            .map(|n| notice(&n.id)),
    );
    what.extend(differences.notices_changed.iter().map(|c| notice(&c.id)));
    if what.is_empty() {
        what.push(Text::key("build_unpublished_as_of"));
    }
    Err(BuildError::Unpublished(words!(
        "build_unpublished",
        file = history::chain::file_name(number),
        what = listed(what)
    )))
}

/// `a, b, c` (`a、b、c` in Chinese): the parts one after the other.
fn listed(parts: Vec<Text>) -> Text {
    let mut parts = parts.into_iter().rev();
    let last = parts.next().unwrap_or_else(|| Text::from(""));
    parts.fold(last, |rest, first| {
        words!("build_list_more", first = first, rest = rest)
    })
}
