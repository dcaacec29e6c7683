//! `gongshi import`: the spreadsheets offices already keep, into the site's YAML. A sheet
//! is read into cells ([`sheet`]), its header row and kind found ([`columns`]), its rows read
//! into tasks, ledger entries or results ([`rows`]), merged with the loaded site into file
//! changes ([`plan`], [`yaml_edit`]), checked as a whole site and only then written
//! ([`write`]). Every problem names its cell, `FILE:SHEET!C7`; while there is one, nothing is
//! written. `gongshi template` writes the workbook to start from ([`template`]).

pub mod cells;
pub mod columns;
mod plan;
pub mod rows;
pub mod sheet;
mod tasks;
pub mod template;
mod write;
mod yaml_edit;

pub use plan::FileChange;

use crate::diagnostics::{Severity, Text};
use crate::model::Language;
use crate::words;
use columns::SheetKind;
use rows::Records;
use sheet::Grid;
use std::fmt::Write as _;
use std::path::PathBuf;

/// What `gongshi import` was asked to do.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    pub file: PathBuf,
    pub root: PathBuf,
    /// The sheet to read (default: the first).
    pub sheet: Option<String>,
    /// The default org of a tasks sheet, and the org every row must belong to.
    pub org: Option<String>,
    /// The evaluation round a results sheet goes into.
    pub round: Option<String>,
    pub dry_run: bool,
    pub force: bool,
}

/// One problem in the sheet, at a cell when there is one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    /// 0-based sheet row and column (absolute, as Excel counts), for sorting.
    pub row: u32,
    pub col: Option<u32>,
    /// `C7`, or `7` for a whole row, or empty for the sheet.
    pub address: String,
    pub message: Text,
    pub help: Option<Text>,
}

impl Problem {
    pub fn error(grid: &Grid, row: usize, col: Option<usize>, message: impl Into<Text>) -> Self {
        Problem {
            severity: Severity::Error,
            row: grid.first_row + row as u32,
            col: col.map(|c| grid.first_col + c as u32),
            address: match col {
                Some(c) => grid.address(row, c),
                None if grid.rows.is_empty() => String::new(),
                None => (grid.first_row as usize + row + 1).to_string(),
            },
            message: message.into(),
            help: None,
        }
    }

    pub fn warning(grid: &Grid, row: usize, col: Option<usize>, message: impl Into<Text>) -> Self {
        Problem {
            severity: Severity::Warning,
            ..Problem::error(grid, row, col, message)
        }
    }

    pub fn with_help(mut self, help: impl Into<Text>) -> Self {
        self.help = Some(help.into());
        self
    }
}

/// What an import did, or would do with `--dry-run`.
#[derive(Debug, Default)]
pub struct Imported {
    pub kind: Option<SheetKind>,
    pub sheet: String,
    pub problems: Vec<Problem>,
    pub changes: Vec<FileChange>,
    /// Rows whose content is already in the site.
    pub unchanged: usize,
    /// Problems `check` finds in the site as it would be after the import, rendered.
    pub check_report: Option<String>,
    pub written: bool,
}

impl Imported {
    pub fn has_errors(&self) -> bool {
        self.problems.iter().any(|p| p.severity == Severity::Error) || self.check_report.is_some()
    }

    /// The problems as `FILE:SHEET!C7: error: …` lines with their remedies, sorted, in
    /// `language`.
    pub fn render_problems(&self, file: &str, language: Language) -> String {
        let mut out = String::new();
        for p in &self.problems {
            let at = if p.address.is_empty() {
                format!("{file}:{}", self.sheet)
            } else if p.col.is_some() {
                format!("{file}:{}!{}", self.sheet, p.address)
            } else {
                words!(
                    "import_at_row",
                    file = file,
                    sheet = &self.sheet,
                    row = &p.address
                )
                .in_language(language)
            };
            let _ = writeln!(
                out,
                "{at}: {}: {}",
                p.severity.label_in(language),
                p.message.in_language(language)
            );
            if let Some(help) = &p.help {
                let _ = writeln!(
                    out,
                    "  = {}: {}",
                    Text::key("help_label").in_language(language),
                    help.in_language(language)
                );
            }
        }
        out
    }
}

/// A failure that stops the import before any row is read (the file or the site cannot be
/// read at all).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{file}: {message}")]
    Sheet { file: String, message: Text },
    #[error(
        "the site at {root} has errors; run `gongshi check --root {root}` and correct them first:\n{report}"
    )]
    Site { root: String, report: String },
    #[error("{0}")]
    Write(String),
}

impl ImportError {
    /// The message in the reader's words, with its remedy.
    pub fn words(&self) -> Text {
        match self {
            ImportError::Sheet { file, message } => {
                words!("import_sheet_error", file = file, message = message.clone())
            }
            ImportError::Site { root, report } => {
                words!("import_site_invalid", root = root, report = report)
            }
            ImportError::Write(reason) => words!("import_not_written", reason = reason),
        }
    }
}

/// Reads the sheet, works out the changes, checks the site as it would be, and writes the
/// changes unless there is a problem or `dry_run` is set.
pub fn import(options: &ImportOptions) -> Result<Imported, ImportError> {
    let file = options.file.display().to_string();
    let grid = sheet::read(&options.file, options.sheet.as_deref()).map_err(|message| {
        ImportError::Sheet {
            file: file.clone(),
            message,
        }
    })?;
    let mut imported = Imported {
        sheet: grid.sheet.clone(),
        ..Imported::default()
    };
    let header = match columns::find_header(&grid) {
        Ok(header) => header,
        Err(message) => {
            imported
                .problems
                .push(Problem::error(&grid, 0, None, message));
            return Ok(imported);
        }
    };
    imported.kind = Some(header.kind);
    if !header.unknown.is_empty() {
        let names: Vec<String> = header
            .unknown
            .iter()
            .map(|(name, col)| format!("{name} ({})", grid.address(header.row, *col)))
            .collect();
        imported.problems.push(
            Problem::warning(
                &grid,
                header.row,
                None,
                words!("import_columns_ignored", names = names.join(", ")),
            )
            .with_help(words!(
                "import_columns_of_kind",
                kind = header.kind.words(),
                columns = columns::headers_of(header.kind.columns())
            )),
        );
    }
    for field in header.kind.required() {
        if header.column(field).is_none() {
            imported.problems.push(
                Problem::error(
                    &grid,
                    header.row,
                    None,
                    words!(
                        "import_column_missing",
                        header = columns::header_for(header.kind, field),
                        field = *field
                    ),
                )
                .with_help(Text::key("import_column_missing_help")),
            );
        }
    }
    let records = rows::read_rows(&grid, &header, &mut imported.problems);

    let before = crate::check::check_site(&options.root);
    let Some(site) = &before.site else {
        return Err(ImportError::Site {
            root: options.root.display().to_string(),
            report: before.report(),
        });
    };
    let mut planner = plan::Planner {
        root: &options.root,
        site,
        grid: &grid,
        org: options.org.as_deref(),
        force: options.force,
        problems: Vec::new(),
        unchanged: 0,
    };
    if let Some(org) = options.org.as_deref()
        && !site.orgs.contains_key(org)
    {
        planner.problems.push(Problem::error(
            &grid,
            0,
            None,
            words!("import_unknown_org_option", org = org),
        ));
    }
    let changes = match &records {
        Records::Tasks(rows) => planner.tasks(rows),
        Records::Ledger(rows) => planner.ledger(rows),
        Records::Results(rows) => planner.results(rows, options.round.as_deref()),
    };
    imported.unchanged = planner.unchanged;
    imported.problems.extend(planner.problems);
    imported.problems.sort_by(|a, b| {
        (a.row, a.col, a.severity, &a.message).cmp(&(b.row, b.col, b.severity, &b.message))
    });
    imported.problems.dedup();
    imported.changes = changes;
    if imported.has_errors() || imported.changes.is_empty() {
        return Ok(imported);
    }
    imported.check_report =
        write::verify(&options.root, &before, &imported.changes).map_err(ImportError::Write)?;
    if imported.check_report.is_none() && !options.dry_run {
        write::write_all(&options.root, &imported.changes).map_err(ImportError::Write)?;
        imported.written = true;
    }
    Ok(imported)
}
