//! The columns of the three kinds of sheet, by Chinese header or field name, and how a
//! sheet's header row and kind are found: the first row (of the first twenty, below any
//! merged title rows) whose cells name known columns.

use super::cells::normalize;
use super::sheet::Grid;

/// What one row of a sheet is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SheetKind {
    /// One row a task (or a further target of the task above).
    Tasks,
    /// One row a dated ledger entry.
    Ledger,
    /// One row a task's votes and grade in an evaluation round.
    Results,
}

impl SheetKind {
    pub fn name(self) -> &'static str {
        match self {
            SheetKind::Tasks => "任务清单/tasks",
            SheetKind::Ledger => "工作台账/ledger",
            SheetKind::Results => "评议结果/results",
        }
    }

    /// The kind of sheet in the reader's words.
    pub fn words(self) -> crate::diagnostics::Text {
        crate::diagnostics::Text::key(match self {
            SheetKind::Tasks => "import_kind_tasks",
            SheetKind::Ledger => "import_kind_ledger",
            SheetKind::Results => "import_kind_results",
        })
    }
}

/// A column: its field name, the Chinese header the template writes, and other headers
/// offices use for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    pub field: &'static str,
    pub header: &'static str,
    pub aliases: &'static [&'static str],
}

const fn col(
    field: &'static str,
    header: &'static str,
    aliases: &'static [&'static str],
) -> Column {
    Column {
        field,
        header,
        aliases,
    }
}

pub const TASK_COLUMNS: &[Column] = &[
    col("id", "任务编号", &["编号", "task"]),
    col("title", "任务名称", &["任务", "名称"]),
    col("org", "责任单位", &["单位"]),
    col("leader", "责任人", &["责任领导", "负责人"]),
    col("role", "职务", &[]),
    col("category", "类别", &["分类"]),
    col("year", "年度", &["年份"]),
    col("stage", "步骤", &["阶段"]),
    col("status", "状态", &["进展状态"]),
    col("start", "开始时间", &["开始日期"]),
    col("deadline", "完成时限", &["截止日期", "完成时间"]),
    col("target_name", "目标名称", &["目标"]),
    col("unit", "单位", &["计量单位"]),
    col("target", "目标值", &["目标数"]),
    col("actual", "完成值", &["完成数"]),
    col("plan", "方案", &["工作方案"]),
];

pub const LEDGER_COLUMNS: &[Column] = &[
    col("task", "任务编号", &["编号", "id"]),
    col("date", "日期", &["时间"]),
    col("kind", "类型", &["类别"]),
    col("text", "内容", &["工作内容", "进展情况"]),
];

pub const RESULT_COLUMNS: &[Column] = &[
    col("task", "任务编号", &["编号", "id"]),
    col("satisfied", "满意", &["满意票"]),
    col("basically_satisfied", "基本满意", &["基本满意票"]),
    col("dissatisfied", "不满意", &["不满意票"]),
    col("grade", "等次", &["评定等次", "等级"]),
    col("remarks", "备注", &[]),
];

impl SheetKind {
    pub fn columns(self) -> &'static [Column] {
        match self {
            SheetKind::Tasks => TASK_COLUMNS,
            SheetKind::Ledger => LEDGER_COLUMNS,
            SheetKind::Results => RESULT_COLUMNS,
        }
    }

    /// The columns a sheet of this kind cannot do without.
    pub fn required(self) -> &'static [&'static str] {
        match self {
            SheetKind::Tasks => &["id"],
            SheetKind::Ledger => &["task", "date", "text"],
            SheetKind::Results => &["task", "grade"],
        }
    }
}

/// A header as compared: full-width forms folded, spaces, `*` and "(必填)" removed, lower case.
fn header_key(text: &str) -> String {
    normalize(text)
        .replace("(必填)", "")
        .replace("（必填）", "")
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*')
        .collect::<String>()
        .to_lowercase()
}

fn find_column(columns: &[Column], header: &str) -> Option<Column> {
    let key = header_key(header);
    // Exact field names and the template's headers win over aliases (单位 is the unit in a
    // tasks sheet, not the org).
    columns
        .iter()
        .find(|c| c.field == key || header_key(c.header) == key)
        .or_else(|| {
            columns
                .iter()
                .find(|c| c.aliases.iter().any(|a| header_key(a) == key))
        })
        .copied()
}

/// The header row of a sheet and what it says.
#[derive(Debug)]
pub struct Header {
    pub kind: SheetKind,
    /// The grid row of the headers.
    pub row: usize,
    /// Each known column's field and its grid column.
    pub columns: Vec<(&'static str, usize)>,
    /// Headers not recognised, with their grid columns (warned about, then ignored).
    pub unknown: Vec<(String, usize)>,
}

impl Header {
    pub fn column(&self, field: &str) -> Option<usize> {
        self.columns
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, c)| *c)
    }
}

/// The kind told by a row's headers, from the columns only that kind has.
fn kind_of(texts: &[String]) -> Option<SheetKind> {
    let has = |columns: &[Column], field: &str| {
        texts
            .iter()
            .any(|t| find_column(columns, t).is_some_and(|c| c.field == field))
    };
    if has(RESULT_COLUMNS, "grade") || has(RESULT_COLUMNS, "satisfied") {
        Some(SheetKind::Results)
    } else if has(TASK_COLUMNS, "title") {
        Some(SheetKind::Tasks)
    } else if has(LEDGER_COLUMNS, "date") && has(LEDGER_COLUMNS, "text") {
        Some(SheetKind::Ledger)
    } else {
        None
    }
}

/// Finds the header row among the first rows of the sheet.
pub fn find_header(grid: &Grid) -> Result<Header, crate::diagnostics::Text> {
    for (r, row) in grid.rows.iter().enumerate().take(20) {
        let texts: Vec<String> = row.iter().map(|c| c.shown()).collect();
        let Some(kind) = kind_of(&texts) else {
            continue;
        };
        let mut columns: Vec<(&'static str, usize)> = Vec::new();
        let mut unknown = Vec::new();
        for (c, text) in texts.iter().enumerate() {
            if header_key(text).is_empty() {
                continue;
            }
            match find_column(kind.columns(), text) {
                Some(column) if !columns.iter().any(|(f, _)| *f == column.field) => {
                    columns.push((column.field, c))
                }
                _ => unknown.push((normalize(text), c)),
            }
        }
        return Ok(Header {
            kind,
            row: r,
            columns,
            unknown,
        });
    }
    Err(crate::words!(
        "import_no_header",
        ledger = headers_of(LEDGER_COLUMNS),
        tasks = headers_of(&TASK_COLUMNS[..3]),
        results = headers_of(RESULT_COLUMNS),
    ))
}

pub fn headers_of(columns: &[Column]) -> String {
    columns
        .iter()
        .map(|c| c.header)
        .collect::<Vec<_>>()
        .join("、")
}

/// The header the template writes for a field of a kind.
pub fn header_for(kind: SheetKind, field: &str) -> &'static str {
    kind.columns()
        .iter()
        .find(|c| c.field == field)
        .map_or("", |c| c.header)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::cells::Cell;

    fn grid(rows: &[&[&str]]) -> Grid {
        Grid {
            sheet: "Sheet1".to_string(),
            rows: rows
                .iter()
                .map(|r| {
                    r.iter()
                        .map(|t| {
                            if t.is_empty() {
                                Cell::Empty
                            } else {
                                Cell::Text(t.to_string())
                            }
                        })
                        .collect()
                })
                .collect(),
            first_row: 0,
            first_col: 0,
        }
    }

    #[test]
    fn the_header_row_is_found_below_a_title_row() {
        let g = grid(&[
            &["西洞镇2022年破题工作台账", "", ""],
            &[],
            &["序号", " 日期 ", "任务编号", "内容*", "填报人"],
        ]);
        let header = find_header(&g).unwrap();
        assert_eq!(header.kind, SheetKind::Ledger);
        assert_eq!(header.row, 2);
        assert_eq!(header.column("date"), Some(1));
        assert_eq!(header.column("task"), Some(2));
        assert_eq!(header.column("text"), Some(3));
        assert_eq!(
            header.unknown,
            vec![("序号".to_string(), 0), ("填报人".to_string(), 4)]
        );
    }

    #[test]
    fn kinds_are_told_from_chinese_headers_or_field_names() {
        let cases: [(&[&str], SheetKind); 4] = [
            (&["task", "date", "kind", "text"], SheetKind::Ledger),
            (
                &["任务编号", "任务名称", "责任单位", "单位"],
                SheetKind::Tasks,
            ),
            (
                &["任务编号", "满意", "基本满意", "不满意", "等次"],
                SheetKind::Results,
            ),
            (&["id", "title", "org"], SheetKind::Tasks),
        ];
        for (row, kind) in cases {
            let header = find_header(&grid(&[row])).unwrap();
            assert_eq!(header.kind, kind, "{row:?}");
        }
        let tasks = find_header(&grid(&[&["任务编号", "任务名称", "责任单位", "单位"]])).unwrap();
        assert_eq!(tasks.column("org"), Some(2));
        assert_eq!(tasks.column("unit"), Some(3));
        assert!(find_header(&grid(&[&["姓名", "电话"]])).is_err());
    }
}
