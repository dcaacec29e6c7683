//! `gongshi template FILE.xlsx`: a workbook to start from, with one sheet per kind of import
//! (tasks, ledger, results), the Chinese headers `import` recognises, drop-down lists of the
//! words the site shows for stage, status, entry kind and grade, date-formatted date
//! columns, and an example row to overwrite.

use super::cells::ENTRY_KINDS;
use super::columns::{Column, LEDGER_COLUMNS, RESULT_COLUMNS, TASK_COLUMNS};
use crate::model::labels as i18n;
use crate::model::{Grade, Language, Stage, Status};
use rust_xlsxwriter::{DataValidation, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use std::path::Path;

/// The sheets of the template, in order: name, columns, example row.
pub const SHEETS: [(&str, &[Column]); 3] = [
    ("任务清单", TASK_COLUMNS),
    ("工作台账", LEDGER_COLUMNS),
    ("评议结果", RESULT_COLUMNS),
];

/// Rows with drop-down lists and date formats below the header.
const ROWS: u32 = 2000;

enum Example {
    Text(&'static str),
    Number(f64),
    Date(u16, u8, u8),
}

fn example(field: &str, sheet: &str) -> Example {
    use Example::*;
    match (sheet, field) {
        ("任务清单", "id") => Text("2023-example-01"),
        (_, "task") => Text("2023-example-01"),
        (_, "title") => Text("示例：村内道路硬化（请改为本单位任务）"),
        (_, "org") => Text("（组织编号或名称）"),
        (_, "leader") => Text("张三"),
        (_, "role") => Text("村党支部书记"),
        (_, "category") => Text("人居环境"),
        (_, "year") => Number(2023.0),
        (_, "stage") => Text(i18n::stage(Language::ZhCn, Stage::Solve)),
        (_, "status") => Text(i18n::status(Language::ZhCn, Status::InProgress)),
        (_, "start") => Date(2023, 3, 1),
        (_, "deadline") => Date(2023, 12, 31),
        (_, "target_name") => Text("道路硬化"),
        (_, "unit") => Text("公里"),
        (_, "target") => Number(2.0),
        (_, "actual") => Number(0.5),
        (_, "plan") => Text("完成村内主干道路硬化，方便群众出行。"),
        (_, "date") => Date(2023, 5, 10),
        (_, "kind") => Text(i18n::entry_kind(
            Language::ZhCn,
            crate::model::EntryKind::Progress,
        )),
        (_, "text") => Text("完成道路勘测和施工方案。"),
        (_, "satisfied") => Number(98.0),
        (_, "basically_satisfied") => Number(15.0),
        (_, "dissatisfied") => Number(2.0),
        (_, "grade") => Text(i18n::grade(Language::ZhCn, Grade::Good)),
        _ => Text(""),
    }
}

/// The words of a drop-down list for a field, if it has one.
pub fn choices(field: &str) -> Option<Vec<&'static str>> {
    let zh = Language::ZhCn;
    match field {
        "stage" => Some(Stage::ALL.iter().map(|s| i18n::stage(zh, *s)).collect()),
        "status" => Some(Status::ALL.iter().map(|s| i18n::status(zh, *s)).collect()),
        "kind" => Some(
            ENTRY_KINDS
                .iter()
                .map(|k| i18n::entry_kind(zh, *k))
                .collect(),
        ),
        "grade" => Some(Grade::ALL.iter().map(|g| i18n::grade(zh, *g)).collect()),
        _ => None,
    }
}

fn is_date(field: &str) -> bool {
    matches!(field, "start" | "deadline" | "date")
}

/// Writes the template workbook to `path` (which must not exist).
pub fn write_template(path: &Path) -> Result<(), crate::diagnostics::Text> {
    use crate::words;
    let shown = path.display().to_string();
    if path.exists() {
        return Err(words!("import_template_exists", path = &shown));
    }
    let mut workbook =
        template().map_err(|e| words!("import_template_unmade", reason = e.to_string()))?;
    workbook.save(path).map_err(|e| {
        // The system's refusal (no such folder, no permission) in the reader's words.
        let reason = match &e {
            rust_xlsxwriter::XlsxError::IoError(io) => crate::diagnostics::io_reason(io),
            other => crate::diagnostics::Text::from(other.to_string()),
        };
        words!("import_template_unwritten", path = &shown, reason = reason)
    })
}

fn template() -> Result<Workbook, XlsxError> {
    let mut workbook = Workbook::new();
    let header = Format::new().set_bold().set_background_color("#DDEBF7");
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let example_text = Format::new().set_font_color("#7F7F7F");
    let example_date = Format::new()
        .set_num_format("yyyy-mm-dd")
        .set_font_color("#7F7F7F");
    for (name, columns) in SHEETS {
        let sheet: &mut Worksheet = workbook.add_worksheet();
        sheet.set_name(name)?;
        for (c, column) in columns.iter().enumerate() {
            let c = c as u16;
            let width = if matches!(column.field, "title" | "plan" | "text" | "remarks") {
                40
            } else {
                14
            };
            sheet.set_column_width(c, width)?;
            if is_date(column.field) {
                sheet.set_column_format(c, &date)?;
            }
            sheet.write_string_with_format(0, c, column.header, &header)?;
            match example(column.field, name) {
                Example::Text(text) => {
                    sheet.write_string_with_format(1, c, text, &example_text)?;
                }
                Example::Number(n) => {
                    sheet.write_number_with_format(1, c, n, &example_text)?;
                }
                Example::Date(y, m, d) => {
                    sheet.write_datetime_with_format(
                        1,
                        c,
                        ExcelDateTime::from_ymd(y, m, d)?,
                        &example_date,
                    )?;
                }
            }
            if let Some(words) = choices(column.field) {
                let validation = DataValidation::new()
                    .allow_list_strings(&words)?
                    .set_error_message(format!("请从下拉列表中选择：{}", words.join("、")))?;
                sheet.add_data_validation(1, c, ROWS, c, &validation)?;
            }
        }
        sheet.set_freeze_panes(1, 0)?;
    }
    Ok(workbook)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sheet_has_its_headers_lists_and_an_example_row() {
        let bytes = template().and_then(|mut w| w.save_to_buffer()).unwrap();
        let mut workbook: calamine::Xlsx<_> =
            calamine::open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
        use calamine::Reader;
        assert_eq!(
            workbook.sheet_names(),
            vec!["任务清单", "工作台账", "评议结果"]
        );
        for (name, columns) in SHEETS {
            let range = workbook.worksheet_range(name).unwrap();
            let headers: Vec<String> = range
                .rows()
                .next()
                .unwrap()
                .iter()
                .map(|c| c.to_string())
                .collect();
            let expected: Vec<&str> = columns.iter().map(|c| c.header).collect();
            assert_eq!(headers, expected);
            assert_eq!(range.height(), 2, "{name}: header and example row");
        }
        assert_eq!(
            choices("grade").unwrap(),
            vec!["优秀", "良好", "一般", "较差"]
        );
        assert_eq!(
            choices("status").unwrap(),
            vec!["未启动", "推进中", "已完成", "暂停"]
        );
    }
}
