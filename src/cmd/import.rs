//! `gongshi import` and `gongshi template`: run the import and print what it found, what it
//! wrote (or, with `--dry-run`, would write), and the next step.

use crate::import::{ImportError, ImportOptions, Imported, import};
use std::fmt::Write as _;

/// Runs an import; returns the report to print and whether it succeeded.
pub fn run_import(options: &ImportOptions) -> Result<(String, bool), ImportError> {
    let imported = import(options)?;
    Ok((report(options, &imported), !imported.has_errors()))
}

fn report(options: &ImportOptions, imported: &Imported) -> String {
    let file = options.file.display().to_string();
    let mut out = imported.render_problems(&file);
    if let Some(check) = &imported.check_report {
        let _ = writeln!(
            out,
            "{check}error: after this import the site would have the errors above; correct the sheet (nothing was written)"
        );
        return out;
    }
    if imported.has_errors() {
        let errors = imported
            .problems
            .iter()
            .filter(|p| p.severity == crate::diagnostics::Severity::Error)
            .count();
        let _ = writeln!(
            out,
            "{errors} error{} in {file}; nothing was written",
            if errors == 1 { "" } else { "s" }
        );
        return out;
    }
    let verb = if options.dry_run { "would " } else { "" };
    for change in &imported.changes {
        let action = if change.old.is_some() {
            "change"
        } else {
            "create"
        };
        let _ = writeln!(out, "{verb}{action} {}", change.path);
        for note in &change.notes {
            let _ = writeln!(out, "  {note}");
        }
    }
    let kind = imported.kind.map_or("", |k| k.name());
    let _ = write!(
        out,
        "{file}:{} ({kind}): {} file{} {}",
        imported.sheet,
        imported.changes.len(),
        if imported.changes.len() == 1 { "" } else { "s" },
        if options.dry_run {
            "would change"
        } else {
            "changed"
        }
    );
    if imported.unchanged > 0 {
        let _ = write!(
            out,
            ", {} row{} already in the site",
            imported.unchanged,
            if imported.unchanged == 1 { "" } else { "s" }
        );
    }
    out.push('\n');
    if options.dry_run {
        out.push_str("nothing was written (--dry-run)\n");
    } else if imported.written {
        let _ = writeln!(
            out,
            "next: gongshi check --root {}, then gongshi build",
            options.root.display()
        );
    }
    out
}
