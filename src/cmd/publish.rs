//! `gongshi publish`: check the site, then record it as the next publication.

use super::check::check_with_history;
use crate::check::Checked;
use crate::history::publish::{PublishError, Published, publish};
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum PublishCommandError {
    #[error(
        "the site has errors (listed above), so nothing was published: correct them and run `gongshi publish` again"
    )]
    Invalid,
    #[error(transparent)]
    Publish(#[from] PublishError),
}

/// Checks the site and, when it passes, publishes it. The check's report is returned in
/// every case, for the caller to print.
pub fn publish_site(
    root: &Path,
    note: Option<&str>,
) -> (Checked, Result<Published, PublishCommandError>) {
    let checked = check_with_history(root);
    let result = match &checked.site {
        Some(site) if checked.diagnostics.error_count() == 0 => {
            publish(root, site, note).map_err(PublishCommandError::from)
        }
        _ => Err(PublishCommandError::Invalid),
    };
    (checked, result)
}
