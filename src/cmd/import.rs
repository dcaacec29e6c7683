//! `gongshi import` and `gongshi template`: run the import and print what it found, what it
//! wrote (or, with `--dry-run`, would write), and the next step, in the site's language.

use crate::check::site_language;
use crate::diagnostics::{Severity, Text, message_language};
use crate::import::{ImportError, ImportOptions, Imported, import};
use crate::model::Language;
use crate::words;
use std::fmt::Write as _;
use std::path::Path;
use std::process::ExitCode;

/// Runs an import; returns the report to print and whether it succeeded. A failure before
/// any row is read is part of the report too, so that it is in the site's language.
pub fn run_import(options: &ImportOptions) -> Result<(String, bool), ImportError> {
    let language = message_language(site_language(&options.root));
    match import(options) {
        Ok(imported) => Ok((report(options, &imported, language), !imported.has_errors())),
        Err(err) => Ok((
            format!(
                "{}: {}\n",
                Severity::Error.label_in(language),
                err.words().in_language(language)
            ),
            false,
        )),
    }
}

fn count(n: usize, one: &'static str, many: &'static str) -> Text {
    Text::Row(
        if n == 1 { one } else { many },
        vec![("n", Text::from(n.to_string()))],
    )
}

fn report(options: &ImportOptions, imported: &Imported, language: Language) -> String {
    let file = options.file.display().to_string();
    let mut out = imported.render_problems(&file, language);
    let say = |text: Text| text.in_language(language);
    let error = Severity::Error.label_in(language);
    if let Some(check) = &imported.check_report {
        let _ = writeln!(
            out,
            "{check}{error}: {}",
            say(Text::key("import_site_would_fail"))
        );
        return out;
    }
    if imported.has_errors() {
        let errors = imported
            .problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .count();
        let _ = writeln!(
            out,
            "{}",
            say(words!(
                "import_refused",
                errors = count(errors, "one_error", "n_errors"),
                file = &file
            ))
        );
        return out;
    }
    for change in &imported.changes {
        let action = match (change.old.is_some(), options.dry_run) {
            (true, true) => "import_would_change_file",
            (true, false) => "import_change_file",
            (false, true) => "import_would_create_file",
            (false, false) => "import_create_file",
        };
        let line = Text::Row(action, vec![("path", Text::from(&change.path))]);
        let _ = writeln!(out, "{}", say(line));
        for note in &change.notes {
            let _ = writeln!(out, "  {}", say(note.clone()));
        }
    }
    let kind = imported.kind.map_or(Text::from(""), |k| k.words());
    let files = count(imported.changes.len(), "import_one_file", "import_n_files");
    let _ = write!(
        out,
        "{}",
        say(if options.dry_run {
            words!(
                "import_summary_dry_run",
                file = &file,
                sheet = &imported.sheet,
                kind = kind,
                files = files
            )
        } else {
            words!(
                "import_summary",
                file = &file,
                sheet = &imported.sheet,
                kind = kind,
                files = files
            )
        })
    );
    if imported.unchanged > 0 {
        let _ = write!(
            out,
            "{}",
            say(count(
                imported.unchanged,
                "import_one_row_present",
                "import_n_rows_present"
            ))
        );
    }
    out.push('\n');
    if options.dry_run {
        let _ = writeln!(out, "{}", say(Text::key("import_dry_run")));
    } else if imported.written {
        let _ = writeln!(
            out,
            "{}",
            say(words!(
                "import_next",
                root = options.root.display().to_string()
            ))
        );
    }
    out
}

/// Runs `gongshi template FILE.xlsx`: writes the workbook and says what to do with it; a
/// workbook that cannot be written comes back as the words to print after `error:`.
pub fn run_template(path: &Path, language: Language) -> Result<ExitCode, Text> {
    crate::import::template::write_template(path)?;
    let shown = path.display().to_string();
    println!(
        "{}",
        words!("import_template_written", path = &shown).in_language(language)
    );
    Ok(ExitCode::SUCCESS)
}
