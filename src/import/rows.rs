//! The rows of a sheet read into records of its kind: tasks, ledger entries or evaluation
//! results, each value with the cell it came from. Every bad cell is reported (none stops
//! the reading of the others); empty rows are skipped.

use super::Problem;
use super::cells::{self, Cell};
use super::columns::{Header, SheetKind, header_for};
use super::sheet::Grid;
use crate::diagnostics::Text;
use crate::model::{EntryKind, Grade, SatisfactionVotes, Stage, Status};
use jiff::civil::Date;

/// A value and the grid cell (row, column) it was read from.
#[derive(Clone, Debug, PartialEq)]
pub struct At<T> {
    pub value: T,
    pub row: usize,
    pub col: usize,
}

/// One row of a tasks sheet.
#[derive(Clone, Debug, Default)]
pub struct TaskRow {
    pub row: usize,
    pub id: Option<At<String>>,
    pub title: Option<At<String>>,
    pub org: Option<At<String>>,
    pub leader: Option<At<String>>,
    pub role: Option<At<String>>,
    pub category: Option<At<String>>,
    pub year: Option<At<i32>>,
    pub stage: Option<At<Stage>>,
    pub status: Option<At<Status>>,
    pub start: Option<At<Date>>,
    pub deadline: Option<At<Date>>,
    pub plan: Option<At<String>>,
    pub target: Option<TargetRow>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct TargetRow {
    pub name: At<String>,
    pub unit: Option<String>,
    pub target: Option<At<f64>>,
    pub actual: Option<At<f64>>,
}

/// One row of a ledger sheet.
#[derive(Clone, Debug)]
pub struct LedgerRow {
    pub row: usize,
    pub task: At<String>,
    pub date: At<Date>,
    pub kind: EntryKind,
    pub text: At<String>,
}

/// One row of a results sheet.
#[derive(Clone, Debug)]
pub struct ResultRow {
    pub row: usize,
    pub task: At<String>,
    pub votes: SatisfactionVotes,
    pub grade: At<Grade>,
    pub remarks: Option<String>,
}

/// The records of a sheet, by kind.
#[derive(Debug)]
pub enum Records {
    Tasks(Vec<TaskRow>),
    Ledger(Vec<LedgerRow>),
    Results(Vec<ResultRow>),
}

/// Reads the cells of one row, reporting each bad one.
struct RowReader<'a> {
    grid: &'a Grid,
    header: &'a Header,
    row: usize,
    problems: &'a mut Vec<Problem>,
}

impl RowReader<'_> {
    fn cell(&self, field: &str) -> Option<(usize, &Cell)> {
        let col = self.header.column(field)?;
        let cell = self.grid.cell(self.row, col);
        (!cell.is_blank()).then_some((col, cell))
    }

    fn error(&mut self, col: usize, message: Text, help: impl Into<Text>) {
        self.problems
            .push(Problem::error(self.grid, self.row, Some(col), message).with_help(help));
    }

    /// A field read by `read`; `None` when the column is absent, the cell blank or bad.
    fn parsed<T>(&mut self, field: &str, read: fn(&Cell) -> Result<T, Text>) -> Option<At<T>> {
        let (col, cell) = self.cell(field)?;
        let shown = cell.shown();
        match read(cell) {
            Ok(value) => Some(At {
                value,
                row: self.row,
                col,
            }),
            Err(remedy) => {
                let header = header_for(self.header.kind, field);
                self.error(
                    col,
                    crate::words!(
                        "import_invalid_cell",
                        header = header,
                        field = field,
                        value = shown.trim()
                    ),
                    remedy,
                );
                None
            }
        }
    }

    fn text(&mut self, field: &str) -> Option<At<String>> {
        self.parsed(field, Cell::text)
    }

    /// A field that must be filled in: reported at its cell when blank.
    fn required<T>(&mut self, field: &str, read: fn(&Cell) -> Result<T, Text>) -> Option<At<T>> {
        if let Some(col) = self.header.column(field)
            && self.cell(field).is_none()
        {
            let header = header_for(self.header.kind, field);
            self.error(
                col,
                crate::words!("import_cell_empty", header = header, field = field),
                crate::words!("import_cell_empty_help", header = header),
            );
            return None;
        }
        self.parsed(field, read)
    }
}

/// Reads every data row below the header.
pub fn read_rows(grid: &Grid, header: &Header, problems: &mut Vec<Problem>) -> Records {
    let data_rows =
        (header.row + 1..grid.rows.len()).filter(|&r| !grid.rows[r].iter().all(Cell::is_blank));
    match header.kind {
        SheetKind::Tasks => Records::Tasks(
            data_rows
                .map(|row| {
                    task_row(&mut RowReader {
                        grid,
                        header,
                        row,
                        problems,
                    })
                })
                .collect(),
        ),
        SheetKind::Ledger => Records::Ledger(
            data_rows
                .filter_map(|row| {
                    ledger_row(&mut RowReader {
                        grid,
                        header,
                        row,
                        problems,
                    })
                })
                .collect(),
        ),
        SheetKind::Results => Records::Results(
            data_rows
                .filter_map(|row| {
                    result_row(&mut RowReader {
                        grid,
                        header,
                        row,
                        problems,
                    })
                })
                .collect(),
        ),
    }
}

fn year(cell: &Cell) -> Result<i32, Text> {
    match cells::count(cell) {
        Ok(y) if (1900..=2999).contains(&y) => Ok(y as i32),
        _ => Err(Text::key("import_year_help")),
    }
}

fn task_row(r: &mut RowReader) -> TaskRow {
    let target = target_row(r);
    TaskRow {
        row: r.row,
        id: r.required("id", Cell::text),
        title: r.text("title"),
        org: r.text("org"),
        leader: r.text("leader"),
        role: r.text("role"),
        category: r.text("category"),
        year: r.parsed("year", year),
        stage: r.parsed("stage", cells::stage),
        status: r.parsed("status", cells::status),
        start: r.parsed("start", cells::date),
        deadline: r.parsed("deadline", cells::date),
        plan: r.text("plan"),
        target,
    }
}

fn target_row(r: &mut RowReader) -> Option<TargetRow> {
    let name = r.text("target_name");
    let unit = r.text("unit").map(|u| u.value);
    let target = r.parsed("target", cells::number);
    let actual = r.parsed("actual", cells::number);
    match name {
        Some(name) => Some(TargetRow {
            name,
            unit,
            target,
            actual,
        }),
        None => {
            if let Some(value) = target.as_ref().or(actual.as_ref()) {
                let header = header_for(SheetKind::Tasks, "target_name");
                r.error(
                    value.col,
                    crate::words!("import_target_without_name", header = header),
                    crate::words!("import_target_without_name_help", header = header),
                );
            }
            None
        }
    }
}

fn ledger_row(r: &mut RowReader) -> Option<LedgerRow> {
    let task = r.required("task", Cell::text);
    let date = r.required("date", cells::date);
    let kind = r
        .parsed("kind", cells::entry_kind)
        .map_or(EntryKind::Progress, |k| k.value);
    let text = r.required("text", Cell::text);
    Some(LedgerRow {
        row: r.row,
        task: task?,
        date: date?,
        kind,
        text: text?,
    })
}

fn result_row(r: &mut RowReader) -> Option<ResultRow> {
    let task = r.required("task", Cell::text);
    let mut vote = |field: &str| r.parsed(field, cells::count).map_or(0, |v| v.value);
    let votes = SatisfactionVotes {
        satisfied: vote("satisfied"),
        basically_satisfied: vote("basically_satisfied"),
        dissatisfied: vote("dissatisfied"),
    };
    let grade = r.required("grade", cells::grade);
    let remarks = r.text("remarks").map(|t| t.value);
    Some(ResultRow {
        row: r.row,
        task: task?,
        votes,
        grade: grade?,
        remarks,
    })
}
