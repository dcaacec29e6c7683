//! `gongshi build`: validate, then render the whole site into the output folder, swapped
//! in atomically. An invalid site writes nothing.

use crate::check::{Checked, check_site};
use crate::output::{self, OutputError};
use crate::render::{RenderError, RenderOptions, RenderSummary, render_site};
use std::path::PathBuf;

#[derive(Clone, Debug)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: Option<PathBuf>,
    pub base_url: Option<String>,
    pub drafts: bool,
    pub deny_warnings: bool,
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
    #[error("invalid --base-url `{url}`: {reason}")]
    BaseUrl { url: String, reason: String },
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error(transparent)]
    Output(#[from] OutputError),
}

pub struct Built {
    pub checked: Checked,
    pub summary: Option<RenderSummary>,
}

/// Checks the site and, when it passes, builds it. The check's report is returned in every
/// case, so the caller prints the same diagnostics as `check` does.
pub fn build_site(options: &BuildOptions) -> (Checked, Result<RenderSummary, BuildError>) {
    let checked = check_site(&options.root);
    let result = build_checked(options, &checked);
    (checked, result)
}

fn build_checked(options: &BuildOptions, checked: &Checked) -> Result<RenderSummary, BuildError> {
    let site = match &checked.site {
        Some(site) if !checked.diagnostics.fails(options.deny_warnings) => site,
        _ => return Err(BuildError::Invalid),
    };
    let base_url = match &options.base_url {
        Some(url) => {
            crate::load::normalize_base_url(url).map_err(|reason| BuildError::BaseUrl {
                url: url.clone(),
                reason,
            })?
        }
        None => site.config.base_url.clone(),
    };
    let output_dir = options.output_dir();
    output::check_output_location(&options.root, &output_dir)?;
    let render_options = RenderOptions {
        base_url,
        drafts: options.drafts,
    };
    output::replace_atomically(&output_dir, |sink| {
        render_site(&options.root, site, &render_options, sink).map_err(BuildError::from)
    })
}
