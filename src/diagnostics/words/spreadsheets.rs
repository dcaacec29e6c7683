//! The words of the messages about spreadsheets: `gongshi import` (each problem at its cell,
//! what was or would be written) and `gongshi template`.

/// (key, zh-CN, en)
pub(super) const WORDS: &[(&str, &str, &str)] = &[
    (
        "import_at_row",
        "{file}:{sheet} 第 {row} 行",
        "{file}:{sheet} row {row}",
    ),
    ("import_kind_tasks", "任务清单", "任务清单/tasks"),
    ("import_kind_ledger", "工作台账", "工作台账/ledger"),
    ("import_kind_results", "评议结果", "评议结果/results"),
    (
        "import_did_you_mean",
        "（是不是要写 `{best}`？）",
        " (did you mean `{best}`?)",
    ),
    (
        "import_columns_ignored",
        "这些列不会导入：{names}",
        "columns not imported: {names}",
    ),
    (
        "import_columns_of_kind",
        "{kind}表的列是：{columns}",
        "the columns of a {kind} sheet are {columns}",
    ),
    (
        "import_column_missing",
        "表里没有“{header}”（{field}）这一列",
        "the sheet has no column {header} ({field})",
    ),
    (
        "import_column_missing_help",
        "在表头那一行加上这一列",
        "add the column to the header row",
    ),
    (
        "import_unknown_org_option",
        "没有 `{org}` 这个单位（--org）：应当写 content/orgs.yaml 里的单位 id",
        "unknown org `{org}` (--org): it must be an id from content/orgs.yaml",
    ),
    (
        "import_cell_error",
        "这个单元格显示的是表格错误 `{error}`：请改正公式，或者直接填写数值",
        "the cell shows the spreadsheet error `{error}`: correct the formula or type the value",
    ),
    (
        "import_date_help",
        "日期写成 2022-05-10、2022/5/10 或 2022年5月10日",
        "type the date as 2022-05-10, 2022/5/10 or 2022年5月10日",
    ),
    (
        "import_no_year",
        "年份 {year} 不对；日期写成 2022-05-10、2022/5/10 或 2022年5月10日",
        "the year {year} is out of range; type the date as 2022-05-10, 2022/5/10 or 2022年5月10日",
    ),
    (
        "import_no_month",
        "没有 {month} 月；日期写成 2022-05-10、2022/5/10 或 2022年5月10日",
        "there is no month {month}; type the date as 2022-05-10, 2022/5/10 or 2022年5月10日",
    ),
    (
        "import_no_day",
        "{year} 年 {month} 月没有 {day} 日",
        "there is no day {day} in month {month} of {year}",
    ),
    (
        "import_number_help",
        "填一个数字，例如 1320 或 12.5，不要带单位",
        "type a number such as 1320 or 12.5, without units",
    ),
    (
        "import_negative",
        "数字不能是负数",
        "the number must not be negative",
    ),
    (
        "import_count_help",
        "填一个整数，例如 98",
        "type a whole number such as 98",
    ),
    (
        "import_year_help",
        "填年份，例如 2022",
        "type a year such as 2022",
    ),
    (
        "import_choose",
        "从这些里选一个：{list}",
        "choose one of {list}",
    ),
    (
        "import_invalid_cell",
        "“{header}”（{field}）填的 `{value}` 不对",
        "invalid {header} ({field}) `{value}`",
    ),
    (
        "import_cell_empty",
        "“{header}”（{field}）没有填",
        "{header} ({field}) is empty",
    ),
    (
        "import_cell_empty_help",
        "填上“{header}”，或者删掉这一行",
        "fill in {header}, or delete the row",
    ),
    (
        "import_target_without_name",
        "这一行有目标数值，却没有“{header}”（target_name）",
        "a target value without {header} (target_name)",
    ),
    (
        "import_target_without_name_help",
        "在这一行填上“{header}”，或者清空这个数值",
        "fill in {header} in this row, or clear the value",
    ),
    (
        "import_unknown_task",
        "没有编号为 `{id}` 的任务{hint}",
        "unknown task `{id}`{hint}",
    ),
    (
        "import_unknown_task_help",
        "任务编号应当是 content/tasks/ 里某个任务的编号；新任务请先导入任务清单表",
        "任务编号 must be the id of a task in content/tasks/; import the tasks sheet first to add new tasks",
    ),
    (
        "import_outside_org",
        "任务 `{id}` 属于 `{org}`，不属于 `{scope}`（--org）",
        "task `{id}` belongs to `{org}`, not to `{scope}` (--org)",
    ),
    (
        "import_outside_org_help",
        "每个单位的表用它自己的 --org 分别导入，或者不写 --org",
        "import each office's sheet with its own --org, or leave --org out",
    ),
    (
        "import_round_needed",
        "评议结果表要导入到某一次评议里：加上 --round 评议编号（content/evaluations/ 里有：{rounds}）",
        "a results sheet goes into an evaluation round: pass --round ID (rounds in content/evaluations/: {rounds})",
    ),
    (
        "import_round_unknown",
        "没有编号为 `{round}` 的评议：先建立 content/evaluations/{round}.yaml，写上标题（title）和评议日期（held）（见 docs/填写说明.md），再导入（已有的评议：{rounds}）",
        "there is no evaluation round `{round}`: create content/evaluations/{round}.yaml with its title and held date (see docs/content-format.md), then import again (rounds: {rounds})",
    ),
    (
        "import_task_twice",
        "任务 `{id}` 在第 {line} 行已经有了",
        "task `{id}` is already in row {line}",
    ),
    (
        "import_task_twice_help",
        "每个任务只留一行",
        "keep one row a task",
    ),
    (
        "import_result_differs",
        "评议 `{round}` 里任务 `{id}` 已经有不同的结果（{recorded}）",
        "round `{round}` already has a different result for task `{id}` ({recorded})",
    ),
    (
        "import_force_result_help",
        "改正这一行；如果表里的才是对的，加上 --force 重新导入，替换 {path} 里的结果",
        "correct the row, or run again with --force to replace the result in {path}",
    ),
    (
        "import_force_help",
        "改正这个单元格；如果表里的才是对的，加上 --force 重新导入，替换 {path} 里的内容",
        "correct the cell, or run again with --force to replace it in {path}",
    ),
    (
        "import_excellent",
        "任务 `{id}` 不能评为优秀：{reason}",
        "task `{id}` cannot be graded 优秀: {reason}",
    ),
    (
        "import_excellent_status",
        "它的状态是 {status}",
        "its status is {status}",
    ),
    (
        "import_excellent_target",
        "目标“{name}”只完成了 {actual}（目标 {target}）",
        "its target {name} is {actual} of {target}",
    ),
    (
        "import_excellent_help",
        "任务未完成或成效不明显的，不能评为优秀：请选良好或以下，或者先把任务台账更新到最新",
        "a task that is not completed, or whose results are not evident, cannot be graded 优秀 (excellent): choose 良好 or lower, or bring the task's ledger up to date first",
    ),
    (
        "import_cannot_change",
        "无法修改 {path}：{reason}",
        "cannot change {path}: {reason}",
    ),
    (
        "import_invalid_id",
        "任务编号 `{id}` 不对",
        "invalid 任务编号 (id) `{id}`",
    ),
    (
        "import_invalid_id_help",
        "任务编号会成为网址的一部分：只用英文字母、数字和连字符 -，例如 2023-xidong-01",
        "ids become web addresses: use Latin letters, digits and hyphens, e.g. 2023-xidong-01",
    ),
    (
        "import_row_differs",
        "`{value}` 和同一任务第 {line} 行写的（`{first}`）不一样",
        "`{value}` differs from row {line} of the same task (`{first}`)",
    ),
    (
        "import_row_differs_help",
        "同一任务的后面几行只用来添加目标：其他单元格留空，或者和第一行一样",
        "a task's further rows add targets: leave its other cells empty or equal to its first row",
    ),
    (
        "import_no_org",
        "任务 `{id}` 没有填“{header}”（org）",
        "task `{id}` has no {header} (org)",
    ),
    (
        "import_no_org_help",
        "填上“{header}”（content/orgs.yaml 里的单位 id 或单位名称），或者导入时加上 --org",
        "fill in {header} (an id from content/orgs.yaml or the organisation's name), or pass --org",
    ),
    (
        "import_unknown_org",
        "没有 `{org}` 这个单位{hint}",
        "unknown org `{org}`{hint}",
    ),
    (
        "import_unknown_org_help",
        "责任单位应当填 content/orgs.yaml 里的单位 id 或单位名称",
        "责任单位 must be an id from content/orgs.yaml or an organisation's name there",
    ),
    (
        "import_new_task_lacks",
        "新任务 `{id}` 没有填“{header}”（{field}）",
        "new task `{id}` has no {header} ({field})",
    ),
    (
        "import_new_task_lacks_help",
        "新任务必须有“{header}”：填上这个单元格（表里没有这一列就加上）",
        "a new task needs {header}: fill in the cell (add the column if the sheet has none)",
    ),
    (
        "import_target_lacks_value",
        "目标“{name}”没有填“{header}”（target）",
        "target `{name}` has no {header} (target)",
    ),
    (
        "import_new_target_lacks_value",
        "新目标“{name}”没有填“{header}”（target）",
        "new target `{name}` has no {header} (target)",
    ),
    ("import_fill_in", "填上“{header}”", "fill in {header}"),
    (
        "import_path_taken",
        "{path} 已经存在，但里面是另一个任务",
        "{path} already exists but holds another task id",
    ),
    (
        "import_path_taken_help",
        "给这个任务换一个任务编号，或者改正那个文件里的编号",
        "give the task another 任务编号, or correct the id in that file",
    ),
    (
        "import_field_differs",
        "任务 `{id}` 的“{header}”（{field}）已经是 `{old}`，表里写的是 `{new}`",
        "task `{id}` already has {header} ({field}) `{old}`; the sheet says `{new}`",
    ),
    (
        "import_target_differs",
        "任务 `{id}` 的目标“{name}”的“{header}”（{field}）已经是 {old}，表里写的是 {new}",
        "task `{id}` already has {header} ({field}) {old} for target `{name}`; the sheet says {new}",
    ),
    (
        "import_unit_differs",
        "任务 `{id}` 的目标“{name}”的单位已经是 `{old}`，表里写的是 `{new}`",
        "task `{id}` already has 单位 (unit) `{old}` for target `{name}`; the sheet says `{new}`",
    ),
    (
        "import_no_header",
        "找不到表头：表里要有一行列名，例如台账表的 {ledger}，任务清单的 {tasks}，评议结果表的 {results}；`gongshi template 文件名.xlsx` 可以生成带好表头的表格",
        "cannot find the header row: the sheet needs a row of column headers, such as {ledger} for a ledger, {tasks} for tasks, or {results} for evaluation results; `gongshi template FILE.xlsx` writes a workbook with them",
    ),
    (
        "import_file_kind",
        "gongshi 能导入 .xlsx、.xls、.ods 和 .csv 文件：请把表格另存为其中一种格式",
        "gongshi imports .xlsx, .xls, .ods and .csv files: save the sheet in one of these formats",
    ),
    (
        "import_workbook_unreadable",
        "打不开这个表格文件（{reason}）：它是 Excel 或 WPS 表格文件吗？请先在 Excel/WPS 里关闭它再导入",
        "cannot open the workbook ({reason}): is it an Excel or OpenDocument file, and is it closed in Excel?",
    ),
    (
        "import_no_such_sheet",
        "没有名为 `{sheet}` 的工作表；表格里的工作表有：{sheets}",
        "there is no sheet `{sheet}`; the sheets are: {sheets}",
    ),
    (
        "import_no_sheets",
        "这个表格文件里没有工作表",
        "the workbook has no sheets",
    ),
    (
        "import_sheet_unreadable",
        "无法读取工作表 `{sheet}`：{reason}",
        "cannot read the sheet `{sheet}`: {reason}",
    ),
    (
        "import_csv_line",
        "无法读取 CSV 文件的第 {line} 行：{reason}",
        "cannot read line {line} of the CSV file: {reason}",
    ),
    (
        "import_csv_bad_utf8",
        "文件开头像 UTF-8，后面却不是：请在 Excel 里重新另存为“CSV UTF-8（逗号分隔）”",
        "the file starts like UTF-8 but is not: save it again as \"CSV UTF-8\"",
    ),
    (
        "import_csv_bad_utf16",
        "文件是损坏的 UTF-16 文本：请在 Excel 里重新另存为“CSV UTF-8（逗号分隔）”",
        "the file is damaged UTF-16 text: save it again as \"CSV UTF-8\"",
    ),
    (
        "import_csv_encoding",
        "文件既不是 UTF-8 也不是 GB18030（GBK）文本：请用 Excel 打开，另存为“CSV UTF-8（逗号分隔）”",
        "the file is neither UTF-8 nor GB18030 (GBK) text: open it in Excel and save it as \"CSV UTF-8\"",
    ),
    (
        "import_sheet_error",
        "{file}：{message}",
        "{file}: {message}",
    ),
    (
        "import_site_invalid",
        "{root} 里的站点有错误；先运行 `gongshi check --root {root}` 并改正：\n{report}",
        "the site at {root} has errors; run `gongshi check --root {root}` and correct them first:\n{report}",
    ),
    ("import_not_written", "{reason}", "{reason}"),
    (
        "import_site_would_fail",
        "导入后站点会出现上面这些错误；请改正表格（什么也没有写入）",
        "after this import the site would have the errors above; correct the sheet (nothing was written)",
    ),
    (
        "import_refused",
        "{file} 里有 {errors}；什么也没有写入",
        "{errors} in {file}; nothing was written",
    ),
    ("import_change_file", "修改 {path}", "change {path}"),
    (
        "import_would_change_file",
        "将修改 {path}",
        "would change {path}",
    ),
    ("import_create_file", "新建 {path}", "create {path}"),
    (
        "import_would_create_file",
        "将新建 {path}",
        "would create {path}",
    ),
    ("import_one_file", "1 个文件", "1 file"),
    ("import_n_files", "{n} 个文件", "{n} files"),
    (
        "import_summary",
        "{file}:{sheet}（{kind}）：修改了 {files}",
        "{file}:{sheet} ({kind}): {files} changed",
    ),
    (
        "import_summary_dry_run",
        "{file}:{sheet}（{kind}）：将修改 {files}",
        "{file}:{sheet} ({kind}): {files} would change",
    ),
    (
        "import_one_row_present",
        "，另有 1 行已经在站点里",
        ", 1 row already in the site",
    ),
    (
        "import_n_rows_present",
        "，另有 {n} 行已经在站点里",
        ", {n} rows already in the site",
    ),
    (
        "import_dry_run",
        "什么也没有写入（--dry-run 只是预览）",
        "nothing was written (--dry-run)",
    ),
    (
        "import_next",
        "下一步：gongshi check --root {root}，然后 gongshi build",
        "next: gongshi check --root {root}, then gongshi build",
    ),
    (
        "import_template_exists",
        "{path} 已经存在：换一个文件名，或者先删掉它",
        "{path} already exists: choose another name, or delete it first",
    ),
    (
        "import_template_unmade",
        "无法生成表格：{reason}",
        "cannot make the workbook: {reason}",
    ),
    (
        "import_template_unwritten",
        "无法写入 {path}：{reason}",
        "cannot write {path}: {reason}",
    ),
    (
        "import_template_written",
        "已生成 {path}：填好一张表，然后运行 gongshi import {path}",
        "created {path}: fill in a sheet, then gongshi import {path}",
    ),
    // The lines of the plan under each file it changes.
    (
        "import_note_ledger",
        "+ 台账 {date} {kind}：{text}",
        "+ ledger {date} {kind}: {text}",
    ),
    (
        "import_note_result",
        "+ 评议结果 {id}：{grade}",
        "+ result {id}: {grade}",
    ),
    (
        "import_note_result_changed",
        "~ 评议结果 {id}：{grade}",
        "~ result {id}: {grade}",
    ),
    (
        "import_note_task",
        "+ 任务 {id}：{title}",
        "+ task {id}: {title}",
    ),
    ("import_note_field", "~ {key}：{value}", "~ {key}: {value}"),
    (
        "import_note_target_changed",
        "~ 目标 {name} {field}：{old} → {new}",
        "~ target {name} {field}: {old} → {new}",
    ),
    ("import_note_target", "+ 目标 {name}", "+ target {name}"),
];
