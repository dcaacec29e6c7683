//! Reads one sheet of a workbook (`.xlsx`, `.xlsm`, `.xls`, `.ods` through calamine) or a
//! `.csv` file into a grid of [`Cell`]s that remembers where it sits in the sheet, so that
//! every message can name the cell (`C7`) the editor sees.
//!
//! A CSV file is read as UTF-8 (with or without a byte-order mark), as UTF-16 when it starts
//! with a UTF-16 byte-order mark (Excel's "Unicode text"), and otherwise as GB18030, the
//! encoding Chinese Excel uses for "CSV (comma delimited)".

use super::cells::Cell;
use crate::diagnostics::Text;
use crate::words;
use calamine::{Data, Reader};
use jiff::civil::Date;
use std::path::Path;

/// One sheet's cells. `rows[r][c]` is the cell at 0-based sheet row `first_row + r` and
/// column `first_col + c`.
#[derive(Debug)]
pub struct Grid {
    pub sheet: String,
    pub rows: Vec<Vec<Cell>>,
    pub first_row: u32,
    pub first_col: u32,
}

impl Grid {
    /// The cell at a grid row and column (empty past the end of a short row).
    pub fn cell(&self, row: usize, col: usize) -> &Cell {
        self.rows
            .get(row)
            .and_then(|r| r.get(col))
            .unwrap_or(&Cell::Empty)
    }

    /// The address the editor sees, `C7`, of a grid row and column.
    pub fn address(&self, row: usize, col: usize) -> String {
        format!(
            "{}{}",
            super::cells::column_letters(self.first_col + col as u32),
            self.first_row as usize + row + 1
        )
    }
}

/// Reads the sheet named `sheet` (or the first one) of the file at `path`.
pub fn read(path: &Path, sheet: Option<&str>) -> Result<Grid, Text> {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "csv" | "txt" => {
            let bytes = std::fs::read(path).map_err(|e| {
                words!(
                    "files_unreadable",
                    reason = crate::diagnostics::io_reason(&e)
                )
            })?;
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            read_csv(&bytes, &name)
        }
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => read_workbook(path, sheet),
        _ => Err(Text::key("import_file_kind")),
    }
}

fn read_workbook(path: &Path, sheet: Option<&str>) -> Result<Grid, Text> {
    let mut workbook = calamine::open_workbook_auto(path)
        .map_err(|e| words!("import_workbook_unreadable", reason = e.to_string()))?;
    let names = workbook.sheet_names();
    let name = match sheet {
        Some(wanted) => names
            .iter()
            .find(|n| n.as_str() == wanted || n.trim() == wanted.trim())
            .cloned()
            .ok_or_else(|| {
                words!(
                    "import_no_such_sheet",
                    sheet = wanted,
                    sheets = names.join(", ")
                )
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| Text::key("import_no_sheets"))?,
    };
    let range = workbook.worksheet_range(&name).map_err(|e| {
        words!(
            "import_sheet_unreadable",
            sheet = &name,
            reason = e.to_string()
        )
    })?;
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let rows = range
        .rows()
        .map(|row| row.iter().map(cell_of).collect())
        .collect();
    Ok(Grid {
        sheet: name,
        rows,
        first_row,
        first_col,
    })
}

fn cell_of(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (year, month, day, ..) = dt.to_ymd_hms_milli();
            match Date::new(year as i16, month as i8, day as i8) {
                Ok(date) => Cell::Date(date),
                Err(_) => Cell::Number(dt.as_f64()),
            }
        }
        Data::DateTime(dt) => Cell::Number(dt.as_f64()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(format!("{e}")),
    }
}

/// Decodes CSV bytes (see the module comment for the encodings) and splits them into cells.
pub fn read_csv(bytes: &[u8], sheet: &str) -> Result<Grid, Text> {
    let text = decode(bytes)?;
    // Excel's "Unicode text" is tab-separated; a first line with tabs and no commas is too.
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if first_line.contains('\t') && !first_line.contains(',') {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            words!(
                "import_csv_line",
                line = (n + 1).to_string(),
                reason = e.to_string()
            )
        })?;
        rows.push(
            record
                .iter()
                .map(|field| {
                    if field.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(field.to_string())
                    }
                })
                .collect(),
        );
    }
    Ok(Grid {
        sheet: sheet.to_string(),
        rows,
        first_row: 0,
        first_col: 0,
    })
}

/// The text of a CSV file: UTF-8, UTF-16 with a byte-order mark, or GB18030.
pub fn decode(bytes: &[u8]) -> Result<String, Text> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8(rest.to_vec()).map_err(|_| Text::key("import_csv_bad_utf8"));
    }
    for (bom, encoding) in [
        (&b"\xFF\xFE"[..], encoding_rs::UTF_16LE),
        (&b"\xFE\xFF"[..], encoding_rs::UTF_16BE),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            return encoding
                .decode_without_bom_handling_and_without_replacement(rest)
                .map(|text| text.into_owned())
                .ok_or_else(|| Text::key("import_csv_bad_utf16"));
        }
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_string());
    }
    encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| text.into_owned())
        .ok_or_else(|| Text::key("import_csv_encoding"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_in_every_encoding_excel_saves() {
        let text = "任务编号,日期,内容\n2022-xidong-01,2022/5/10,开工\n";
        let (gb, _, _) = encoding_rs::GB18030.encode(text);
        let mut bom = b"\xEF\xBB\xBF".to_vec();
        bom.extend_from_slice(text.as_bytes());
        let mut utf16 = vec![0xFF, 0xFE];
        for unit in text.replace(',', "\t").encode_utf16() {
            utf16.extend_from_slice(&unit.to_le_bytes());
        }
        for bytes in [text.as_bytes().to_vec(), bom, gb.into_owned(), utf16] {
            let grid = read_csv(&bytes, "ledger").unwrap();
            assert_eq!(grid.rows.len(), 2);
            assert_eq!(grid.cell(0, 2), &Cell::Text("内容".to_string()));
            assert_eq!(grid.cell(1, 2), &Cell::Text("开工".to_string()));
            assert_eq!(grid.address(1, 2), "C2");
        }
    }

    #[test]
    fn bytes_of_no_known_encoding_are_refused_with_a_remedy() {
        let err = decode(&[0x81, 0x20, 0xFF, 0xFF]).unwrap_err().to_string();
        assert!(err.contains("CSV UTF-8"), "{err}");
    }
}
