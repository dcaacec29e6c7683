//! `gongshi verify DIR|URL`: check a deployed copy against its manifest and chain, and say
//! what differs in the reader's language (the site's in the current folder, if any, else the
//! computer's).

use crate::diagnostics::Severity;
pub use crate::history::verify::{Difference, Report, Source, UsageError, verify};
use crate::model::Language;
use crate::words;
use std::process::ExitCode;

/// The last line of the report: all files match, or how many differ, with the publication
/// the manifest names.
pub fn summary(copy: &str, report: &Report, language: Language) -> String {
    let head = match (&report.publication, &report.head) {
        (Some(n), Some(head)) => words!(
            "verify_head",
            number = n.to_string(),
            head = crate::history::chain::short(head),
        ),
        _ => crate::diagnostics::Text::key("verify_no_publication"),
    };
    if !report.manifest_read {
        words!("verify_not_checked", copy = copy)
    } else if report.problems.is_empty() {
        words!(
            "verify_clean",
            copy = copy,
            n = report.files_checked.to_string(),
            head = head,
        )
    } else {
        words!(
            "verify_differences",
            copy = copy,
            n = report.problems.len().to_string(),
            head = head,
        )
    }
    .in_language(language)
}

/// Runs `gongshi verify`: each difference on stdout, the summary on stderr; exit 0 when the
/// copy is intact, 1 when anything differs, 2 when it cannot be looked at.
pub fn run(copy: &str, language: Language) -> ExitCode {
    let source = match Source::parse(copy) {
        Ok(source) => source,
        Err(err) => {
            eprintln!(
                "{}: {}",
                Severity::Error.label_in(language),
                err.0.in_language(language)
            );
            return ExitCode::from(2);
        }
    };
    let report = verify(source);
    for problem in &report.problems {
        println!("{}", problem.line(language));
    }
    eprintln!("{}", summary(copy, &report, language));
    if report.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
