//! `gongshi publish`: check the site, then record it as the next publication, and say what
//! was done in the site's language.

use super::check::check_with_history;
use crate::check::Checked;
use crate::diagnostics::{Severity, Text};
use crate::history::publish::{PublishError, Published, publish};
use crate::words;
use std::path::Path;
use std::process::ExitCode;

#[derive(Debug, thiserror::Error)]
pub enum PublishCommandError {
    #[error(
        "the site has errors (listed above), so nothing was published: correct them and run `gongshi publish` again"
    )]
    Invalid,
    #[error(transparent)]
    Publish(#[from] PublishError),
}

impl PublishCommandError {
    /// The message in the reader's words, with its remedy.
    pub fn words(&self) -> Text {
        match self {
            PublishCommandError::Invalid => Text::key("publish_refused"),
            PublishCommandError::Publish(err) => err.words(),
        }
    }
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

/// What `gongshi publish` did, as the line it prints, in `checked`'s language.
pub fn outcome(checked: &Checked, result: &Result<Published, PublishCommandError>) -> String {
    let language = checked.language;
    match result {
        Ok(Published::New {
            number,
            path,
            chain,
        }) => words!(
            "publish_written",
            path = path.display().to_string(),
            number = number.to_string(),
            head = crate::history::chain::short(chain),
        )
        .in_language(language),
        Ok(Published::Unchanged { number }) => {
            words!("publish_unchanged", number = number.to_string()).in_language(language)
        }
        Err(err) => format!(
            "{}: {}",
            Severity::Error.label_in(language),
            err.words().in_language(language)
        ),
    }
}

/// Runs `gongshi publish`: the check's report and any error on stderr, what was written on
/// stdout; exit 1 when nothing could be published.
pub fn run(root: &Path, note: Option<&str>) -> ExitCode {
    let (checked, result) = publish_site(root, note);
    if !checked.diagnostics.is_empty() {
        eprint!("{}", checked.report());
    }
    let line = outcome(&checked, &result);
    if result.is_ok() {
        println!("{line}");
        ExitCode::SUCCESS
    } else {
        eprintln!("{line}");
        ExitCode::from(1)
    }
}
