//! The words of a `check` report and of the messages about an editor's content files, and
//! what `build` and `serve` print around them.

/// (key, zh-CN, en)
pub(super) const WORDS: &[(&str, &str, &str)] = &[
    // How a report is laid out.
    ("help_label", "提示", "help"),
    ("note_label", "另见", "note"),
    (
        "summary_clean",
        "检查了 {n} 个文件，没有发现问题",
        "no problems in {n} files",
    ),
    (
        "summary",
        "{errors}，{warnings}，在 {files}中",
        "{errors}, {warnings} in {files}",
    ),
    ("one_error", "1 个错误", "1 error"),
    ("n_errors", "{n} 个错误", "{n} errors"),
    ("one_warning", "1 个警告", "1 warning"),
    ("n_warnings", "{n} 个警告", "{n} warnings"),
    ("one_file", "1 个文件", "1 file"),
    ("n_files", "{n} 个文件", "{n} files"),
    (
        "more_named_warning",
        "… 另有 {n} 条“{what}”警告未列出；加 --verbose 可全部列出",
        "… and {n} more `{what}` warning; --verbose shows all",
    ),
    (
        "more_named_warnings",
        "… 另有 {n} 条“{what}”警告未列出；加 --verbose 可全部列出",
        "… and {n} more `{what}` warnings; --verbose shows all",
    ),
    (
        "more_warning",
        "… 另有 {n} 条警告“{what}”未列出；加 --verbose 可全部列出",
        "… and {n} more warning “{what}”; --verbose shows all",
    ),
    (
        "more_warnings",
        "… 另有 {n} 条警告“{what}”未列出；加 --verbose 可全部列出",
        "… and {n} more warnings “{what}”; --verbose shows all",
    ),
    // The kinds of warnings, as counted beyond the first twenty.
    ("stale ledger", "台账未及时更新", "stale ledger"),
    (
        "ledger entry after the data date",
        "台账日期晚于数据截至日期",
        "ledger entry after the data date",
    ),
    (
        "milestone done after the data date",
        "节点完成日期晚于数据截至日期",
        "milestone done after the data date",
    ),
    (
        "evaluation after the data date",
        "评议日期晚于数据截至日期",
        "evaluation after the data date",
    ),
    (
        "notice after the data date",
        "公告日期晚于数据截至日期",
        "notice after the data date",
    ),
    (
        "no evaluation result",
        "没有评议结果",
        "no evaluation result",
    ),
    ("placeholder", "未填写的占位文字", "placeholder"),
    (
        "actual above target",
        "完成值超过目标值",
        "actual above target",
    ),
    ("example address", "示例网址", "example address"),
    // The records and values messages name.
    ("task", "任务", "task"),
    ("leader", "责任领导", "leader"),
    ("origin (step 1)", "点题（第一步）", "origin (step 1)"),
    (
        "discussion (step 2)",
        "议题（第二步）",
        "discussion (step 2)",
    ),
    ("decision (step 3)", "定题（第三步）", "decision (step 3)"),
    ("vote count", "表决票数", "vote count"),
    ("target", "量化目标", "target"),
    ("budget", "资金", "budget"),
    ("milestone", "节点", "milestone"),
    ("ledger entry", "台账记录", "ledger entry"),
    ("evaluation round", "评议", "evaluation round"),
    ("evaluation result", "评议结果", "evaluation result"),
    ("publicity period", "公示期", "publicity period"),
    ("organisation", "单位", "organisation"),
    ("organisation file", "组织架构文件", "organisation file"),
    ("site settings file", "站点设置文件", "site settings file"),
    ("notice", "公告", "notice"),
    ("page", "页面", "page"),
    ("task id", "任务编号", "task id"),
    ("evaluation round id", "评议编号", "evaluation round id"),
    ("org id", "单位 id", "org id"),
    ("notice file name", "公告文件名", "notice file name"),
    ("page file name", "页面文件名", "page file name"),
    ("org", "单位", "org"),
    ("parent org", "上级单位", "parent org"),
    ("kind_null", "空值", "nothing (null)"),
    ("kind_bool", "true/false", "a boolean"),
    ("kind_int", "整数", "an integer"),
    ("kind_float", "数字", "a number"),
    ("kind_text", "文字", "text"),
    ("kind_list", "列表", "a list"),
    ("kind_map", "一组字段", "a mapping"),
    ("found_text", "文字 `{text}`", "text `{text}`"),
    ("expected_bool", "`true` 或 `false`", "`true` or `false`"),
    ("expected_text", "文字", "text"),
    (
        "expected_list",
        "列表（每项一行，以 `- ` 开头）",
        "a list (lines starting with `- `)",
    ),
    (
        "expected_date",
        "日期，写成 YYYY-MM-DD",
        "a date written YYYY-MM-DD",
    ),
    ("expected_count", "整数", "a whole number"),
    ("expected_number", "数字", "a number"),
    (
        "did_you_mean",
        "（是不是要写 `{best}`？）",
        "(did you mean `{best}`?)",
    ),
    ("one_of", "（可以写：{list}）", "(expected one of {list})"),
    // Reading a record field by field.
    (
        "wrong_type",
        "`{field}` 应当是{expected}，这里写的是{found}",
        "`{field}` must be {expected}, found {found}",
    ),
    ("record_empty", "这个{what}是空的", "this {what} is empty"),
    (
        "record_empty_help",
        "写上它的字段，每行一个 `字段: 值`（见 docs/content-format.md）",
        "write its fields, one `field: value` per line (see the README's content format)",
    ),
    (
        "record_not_a_map",
        "{what}应当是一组字段，这里写的是{found}",
        "{article} {what} must be a mapping of fields, found {found}",
    ),
    (
        "record_not_a_map_help",
        "每行写一个 `字段: 值`",
        "write one `field: value` per line",
    ),
    (
        "missing_field",
        "这个{what}缺少必填字段 `{field}`",
        "missing required field `{field}` in this {what}",
    ),
    (
        "missing_field_help",
        "在这个{what}里加上 `{field}: …`",
        "add `{field}: …` to this {what}",
    ),
    (
        "unknown_field",
        "这个{what}里没有 `{field}` 这个字段 {remedy}",
        "unknown field `{field}` in this {what} {remedy}",
    ),
    (
        "field_empty",
        "`{field}` 不能为空",
        "`{field}` must not be empty",
    ),
    (
        "field_empty_help",
        "在 `{field}:` 后面写上内容；内容有多行时写 `{field}: |`，下面每行缩进两个空格",
        "write a value after `{field}:`; for several lines write `{field}: |` and the text below it, indented by two spaces",
    ),
    (
        "invalid_date",
        "`{field}` 的日期 `{text}` 不对：{reason}",
        "invalid date `{text}` in `{field}`: {reason}",
    ),
    (
        "invalid_date_help",
        "日期写成 YYYY-MM-DD，例如 2022-05-10",
        "write dates as YYYY-MM-DD, e.g. 2022-05-10",
    ),
    (
        "date_shape",
        "应当写成 YYYY-MM-DD",
        "expected the form YYYY-MM-DD",
    ),
    (
        "date_year_range",
        "年份 {year} 超出范围",
        "the year {year} is out of range",
    ),
    (
        "date_no_month",
        "没有 {month} 月",
        "there is no month {month}",
    ),
    (
        "date_no_day",
        "{year} 年 {month} 月没有 {day} 日",
        "there is no day {day} in month {month} of {year}",
    ),
    (
        "negative",
        "`{field}` 不能是负数，这里写的是 {value}",
        "`{field}` must not be negative, found {value}",
    ),
    (
        "not_finite",
        "`{field}` 应当是一个普通的数字",
        "`{field}` must be a finite number",
    ),
    (
        "choice_wrong_type",
        "`{field}` 应当是 {list} 之一，这里写的是{found}",
        "`{field}` must be one of {list}, found {found}",
    ),
    (
        "invalid_choice",
        "`{field}` 不能写 `{text}` {remedy}",
        "invalid {field} `{text}` {remedy}",
    ),
    (
        "invalid_id",
        "{what} `{id}` 不能用：只能用英文字母、数字、- 和 _，并以字母或数字开头",
        "invalid {what} `{id}`: use only Latin letters, digits, `-` and `_`, starting with a letter or digit",
    ),
    (
        "invalid_lower_id",
        "{what} `{id}` 不能用：只能用小写英文字母、数字和 -，并以字母或数字开头",
        "invalid {what} `{id}`: use only lowercase Latin letters, digits and `-`, starting with a letter or digit",
    ),
    (
        "invalid_id_help",
        "编号会成为网址的一部分，例如 2022-xidong-01",
        "ids become web addresses: use Latin letters, digits and hyphens, e.g. 2022-xidong-01",
    ),
    (
        "invalid_org_id_help",
        "单位 id 会成为网址的一部分，例如 xidong（西洞镇）",
        "ids become web addresses: use lowercase Latin letters, digits and hyphens, e.g. xidong",
    ),
    (
        "task_file_empty",
        "这个任务文件是空的",
        "this task file is empty",
    ),
    (
        "task_file_empty_help",
        "任务至少要有 title、org、leader、stage、status 和 plan；`gongshi new task` 会写好一个完整的任务文件",
        "a task needs at least title, org, leader, stage, status and plan; `gongshi new task` writes a complete one",
    ),
    (
        "invalid_year",
        "`year` 应当是年份，例如 2022",
        "`year` must be a year such as 2022",
    ),
    (
        "period_ends_before_start",
        "公示期的结束日期（{to}）早于开始日期（{from}）",
        "the publicity period ends ({to}) before it starts ({from})",
    ),
    (
        "front_matter_unclosed",
        "这个{what}开头的 `---` 设置区没有结束",
        "the front matter of this {what} is never closed",
    ),
    (
        "front_matter_unclosed_help",
        "在正文之前加一行只有 `---` 的行，结束设置区",
        "end the front matter with a line holding only `---`, before the text",
    ),
    (
        "front_matter_missing",
        "这个{what}开头没有 `---` 设置区",
        "this {what} has no front matter",
    ),
    (
        "front_matter_missing_help",
        "文件第一行写 `---`，然后写 `title: …`，再写一行 `---`，然后是正文",
        "start the file with a `---` line, then `title: …`, then another `---` line, then the text",
    ),
    (
        "front_matter_empty",
        "这个{what}的设置区是空的：至少要写 `title`",
        "the front matter of this {what} is empty: it needs at least `title`",
    ),
    // YAML that cannot be read, in the words of what the editor typed.
    (
        "duplicate_key",
        "字段 `{key}` 在同一处写了两次",
        "the field `{key}` is written twice in the same mapping",
    ),
    (
        "duplicate_key_help",
        "删掉其中一个，或者把两处合并",
        "remove one of the two, or merge them",
    ),
    (
        "yaml_too_complex",
        "文件结构太复杂（嵌套太深或别名太多）",
        "YAML too complex: {detail}",
    ),
    (
        "yaml_too_complex_help",
        "把内容直接写出来：内容文件不需要很深的嵌套，也不需要别名（`&name`/`*name`）",
        "write the values out plainly: content files need neither deep nesting nor aliases (`&name`/`*name`)",
    ),
    (
        "yaml_syntax",
        "这一行的格式不对，无法读取",
        "YAML syntax: {detail}",
    ),
    (
        "syntax_help",
        "检查缩进（只用空格，不用 Tab），每个 `字段: 值` 的英文冒号后面要有空格；以 `*`、`&`、`[`、`:` 等符号开头的文字要加引号",
        "check the indentation (spaces, not tabs) and that every `key: value` has a space after the colon; put text that starts with a special character such as `*`, `&`, `[` or `:` in quotes",
    ),
    (
        "syntax_colon_in_text",
        "这段文字里有“: ”（冒号加空格），会被当成另一个字段",
        "this text contains `: ` (a colon and a space), which YAML reads as the start of another field",
    ),
    (
        "syntax_colon_in_text_help",
        "含有“: ”的文字要加英文引号，例如 `title: \"西洞镇: 农房改造\"`；否则检查这一行的缩进",
        "text that contains `: ` must be put in quotes, e.g. `title: \"西洞镇: 农房改造\"`; otherwise check this line's indentation",
    ),
    (
        "syntax_not_a_field",
        "这一行不是 `字段: 值` 的写法，或者和上下同级的字段没有对齐",
        "this line is not a `field: value` pair lined up with the fields around it",
    ),
    (
        "syntax_indentation_help",
        "字段名后面用英文冒号 `:` 加一个空格；检查缩进：同一级的字段要左对齐（indentation）",
        "write the field's name, an English colon `:` and a space; check this line's indentation: it must line up with the other fields at its level",
    ),
    (
        "syntax_unclosed_bracket",
        "有一个 `{` 或 `[` 没有闭合",
        "a `{` or `[` is not closed",
    ),
    (
        "syntax_unclosed_bracket_help",
        "这一行或前面某行的 `{` 或 `[` 没有闭合（not closed）：补上 `}` 或 `]`；以 `{` 或 `[` 开头的文字要加引号",
        "a `{` or `[` opened here or on an earlier line is not closed; close it, or put text that starts with `{` or `[` in quotes",
    ),
    (
        "syntax_unclosed_quote",
        "有一个引号没有闭合",
        "a quote is not closed",
    ),
    (
        "syntax_unclosed_quote_help",
        "用开头同样的引号（quote）把文字结束，或者去掉引号",
        "close the quote with the same mark it was opened with, or remove it",
    ),
    (
        "syntax_special_character",
        "这段文字以 YAML 的特殊符号开头（`*`、`&`、`!`、`@` 或反引号）",
        "this text starts with a character YAML reserves (`*`, `&`, `!`, `@` or a backquote)",
    ),
    (
        "syntax_special_character_help",
        "以 `*`、`&`、`!`、`@` 或反引号开头的文字要加英文引号（quotes）",
        "text that starts with `*`, `&`, `!`, `@` or a backquote must be put in quotes",
    ),
    (
        "tab_indent",
        "这一行用 Tab 键缩进了：只能用空格缩进",
        "this line is indented with a tab: YAML indents with spaces only",
    ),
    (
        "tab_indent_help",
        "删掉行首的 Tab（tab），改用空格，和同一级的字段对齐",
        "replace the tab at the start of this line with spaces, lined up with the fields at the same level",
    ),
    (
        "full_width_colon",
        "字段名后面用了中文冒号“：”：要用英文冒号 `:`",
        "a Chinese full-width colon `：` after a field's name: use the English colon `:`",
    ),
    (
        "full_width_colon_help",
        "用英文冒号 `:`，后面加一个空格：`{fixed}`",
        "use the English colon `:` followed by a space: `{fixed}`",
    ),
    (
        "full_width_comma",
        "两个字段之间用了中文逗号“，”：要用英文逗号 `,`",
        "a Chinese full-width comma `，` between two fields: use the English comma `,`",
    ),
    (
        "full_width_comma_help",
        "在 `{ }` 里用英文逗号 `,` 加空格分隔字段，或者每个字段单独写一行",
        "separate fields inside `{ }` with the English comma `,` and a space, or write each field on its own line",
    ),
    (
        "number_commas",
        "数字 `{number}` 里有千位分隔符（逗号）",
        "the number `{number}` is written with thousands separators",
    ),
    (
        "number_commas_help",
        "数字不要加逗号，写成 `{plain}`",
        "write numbers without commas: `{plain}`",
    ),
    (
        "number_commas_split",
        "数字里有逗号：逗号后面的数字被当成了另一个字段",
        "a comma inside a number: the digits after it were read as another field",
    ),
    (
        "number_commas_split_help",
        "数字不要加逗号，例如写 `target: 1320`，不写 `target: 1,320`",
        "write numbers without commas, e.g. `target: 1320`, not `target: 1,320`",
    ),
    // References between files and the rules of the site.
    (
        "unknown_reference",
        "找不到{kind} `{value}`",
        "unknown {kind} `{value}`",
    ),
    (
        "unknown_reference_near",
        "找不到{kind} `{value}`（是不是要写 `{best}`？）",
        "unknown {kind} `{value}` (did you mean `{best}`?)",
    ),
    (
        "org_name_not_id",
        "`{value}` 是单位的名称，这里要写单位的 id（是不是要写 `{id}`（{name}）？）",
        "`{value}` is an organisation's name, not its id (did you mean `{id}` ({name})?)",
    ),
    (
        "unknown_org_help",
        "`org` 要写 content/orgs.yaml 里的单位 id",
        "`org` must be an id from content/orgs.yaml",
    ),
    (
        "unknown_parent_help",
        "`parent` 要写 orgs.yaml 里另一个单位的 id",
        "`parent` must be the id of another organisation in orgs.yaml",
    ),
    (
        "org_own_parent",
        "单位 `{org}` 把自己写成了上级单位",
        "org `{org}` names itself as its parent",
    ),
    (
        "org_cycle",
        "上级单位绕成了一个圈：{chain}",
        "org parent cycle: {chain}",
    ),
    (
        "org_cycle_help",
        "一个单位不能是自己的上级：改正圈里某一个 `parent`",
        "an organisation cannot be its own ancestor: fix one `parent` in the cycle",
    ),
    (
        "deadline_before_start",
        "完成时限 {deadline} 早于开始日期 {start}",
        "deadline {deadline} is before start {start}",
    ),
    (
        "milestone_after_as_of",
        "节点“{title}”的完成日期 {done} 晚于数据截至日期 {as_of}",
        "milestone `{title}` is marked done on {done}, after the data date {as_of}",
    ),
    (
        "entry_after_as_of",
        "台账记录的日期 {date} 晚于数据截至日期（as_of）{as_of}",
        "ledger entry dated {date} is after the data date (as_of) {as_of}",
    ),
    (
        "after_as_of_help",
        "检查日期，或者把 content/site.yaml 里的 `as_of` 往后改",
        "check the date, or move `as_of` in content/site.yaml forward",
    ),
    (
        "stale_ledger",
        "台账未及时更新：任务 `{task}` 正在推进，但最新一条台账（{last}）已是 {as_of} 之前 {days} 天",
        "stale ledger: task `{task}` is in progress but its newest entry ({last}) is {days} days before {as_of}",
    ),
    (
        "stale_ledger_help",
        "补记一条台账：台账超过 {days} 天未更新，督查时会扣分",
        "add a ledger entry: inspections deduct points for ledgers not updated for {days} days",
    ),
    (
        "stale_ledger_empty",
        "台账未及时更新：任务 `{task}` 正在推进，但还没有台账记录",
        "stale ledger: task `{task}` is in progress but has no ledger entry",
    ),
    (
        "stale_ledger_empty_help",
        "在 `ledger:` 下记一条进展，写明日期和内容",
        "record progress under `ledger:` with a date and text",
    ),
    (
        "no_evaluation_result",
        "任务 `{task}` 处于评题步骤，但没有任何评议结果",
        "task `{task}` is at stage `evaluate` but has no result in any evaluation round",
    ),
    (
        "no_evaluation_result_help",
        "在 content/evaluations/ 的评议文件里加上它的结果，或者把步骤改回 `solve`（破题）",
        "add its result to a file in content/evaluations/, or set its stage back to `solve`",
    ),
    (
        "backslash_path",
        "附件路径 `{path}` 用了反斜杠 `\\`：网址里要用 `/`",
        "the attachment path `{path}` is written with `\\`: use `/`, as web addresses do",
    ),
    ("backslash_path_help", "写成 `{fixed}`", "write `{fixed}`"),
    (
        "attachment_escapes",
        "附件路径 `{path}` 不对：要写 content/static/ 下的相对路径，不能有 `..`",
        "invalid attachment path `{path}`: it must be a relative path under content/static/ without `..`",
    ),
    (
        "attachment_is_link",
        "附件 `{path}` 在 content/static/ 下是一个快捷方式（符号链接）；快捷方式不会发布",
        "attachment `{path}` is a symbolic link (a shortcut) under content/static/; links are not published",
    ),
    (
        "attachment_is_link_help",
        "把文件本身复制到 content/static/，替换这个快捷方式",
        "copy the file itself into content/static/ in place of the link",
    ),
    (
        "attachment_in_linked_folder",
        "附件 `{path}` 所在的文件夹在 content/static/ 下是一个快捷方式（符号链接）；快捷方式不会发布",
        "attachment `{path}` lies in a folder that is a symbolic link (a shortcut) under content/static/; links are not published",
    ),
    (
        "attachment_in_linked_folder_help",
        "把文件夹本身复制到 content/static/，替换这个快捷方式",
        "copy the folder itself into content/static/ in place of the link",
    ),
    (
        "unknown_attachment",
        "找不到附件 `{path}`：content/static/ 下没有这个文件",
        "unknown attachment `{path}`: no such file under content/static/",
    ),
    (
        "unknown_attachment_near",
        "找不到附件 `{path}`：content/static/ 下没有这个文件（是不是要写 `{near}`？）",
        "unknown attachment `{path}`: no such file under content/static/ (did you mean `{near}`?)",
    ),
    (
        "unknown_attachment_help",
        "把文件放到 content/static/ 下，路径从这个文件夹写起",
        "put the file under content/static/ and write its path relative to that folder",
    ),
    (
        "unknown_task_help",
        "`task` 要写 content/tasks/ 下某个任务的编号",
        "`task` must be the id of a task ledger under content/tasks/",
    ),
    (
        "unknown_notice_task_help",
        "`tasks` 列出的是 content/tasks/ 下任务的编号",
        "`tasks` lists ids of task ledgers under content/tasks/",
    ),
    (
        "two_results",
        "任务 `{task}` 在这次评议里有两条结果",
        "task `{task}` has two results in this round",
    ),
    ("first_result_here", "第一条结果在这里", "first result here"),
    (
        "excellent_rule",
        "任务未完成或成效不明显的，不得评为“优秀”",
        "a task that is not completed, or whose results are not evident, cannot be graded `excellent`",
    ),
    (
        "excellent_not_completed",
        "任务 `{task}` 的状态是 `{status}`，却评为“优秀”：{rule}",
        "grade `excellent` for task `{task}` whose status is `{status}`: {rule}",
    ),
    (
        "excellent_not_completed_help",
        "评为“良好”或以下，或者在 {path} 里改正状态",
        "grade it `good` or lower, or correct the status in {path}",
    ),
    (
        "excellent_target_unmet",
        "任务 `{task}` 的目标“{target}”没有完成（{actual} / {of}），却评为“优秀”：{rule}",
        "grade `excellent` for task `{task}` whose target `{target}` is not met ({actual} of {of}): {rule}",
    ),
    (
        "excellent_target_unmet_help",
        "评为“良好”或以下；如果目标确实已完成，在 {path} 里改正 `actual`",
        "grade it `good` or lower; if the target was in fact met, correct `actual` in {path}",
    ),
    ("the_target", "目标", "the target"),
    (
        "evaluation_after_as_of",
        "评议会日期 {held} 晚于数据截至日期 {as_of}",
        "the evaluation conference is dated {held}, after the data date {as_of}",
    ),
    (
        "reserved_page_name",
        "页面名 `{slug}` 已被网站的固定栏目占用",
        "the page name `{slug}` is taken by a built-in section of the site",
    ),
    (
        "reserved_page_name_help",
        "给文件改个名，例如 about-tasks.md",
        "rename the file, e.g. to about-tasks.md",
    ),
    // What must not be published unfinished.
    (
        "placeholder_left",
        "{what}还没有改写：这是 `gongshi new task` 写的占位内容",
        "{what} is still the placeholder `gongshi new task` wrote",
    ),
    ("placeholder_text", "“{text}”", "“{text}”"),
    (
        "placeholder_votes",
        "表决票数 0/0/0",
        "the vote count 0/0/0",
    ),
    (
        "placeholder_help",
        "写上实际情况，或者删掉这一行；有占位内容时 `gongshi build` 不会生成网站，除非加 --allow-placeholders",
        "write what really happened, or delete the line; `gongshi build` refuses placeholders unless given --allow-placeholders",
    ),
    (
        "actual_above_target",
        "目标“{name}”的完成值 {actual} 远远超过了目标值 {target}",
        "`actual` {actual} is far above the target {target} of `{name}`",
    ),
    (
        "actual_above_target_help",
        "检查是否多打了数字（例如把 150 打成 1500）：网站会把这个目标显示为已完成",
        "check for a typing slip (1500 for 150): the site shows this target as reached",
    ),
    (
        "notice_after_as_of",
        "公告日期 {date} 晚于数据截至日期（as_of）{as_of}",
        "notice dated {date} is after the data date (as_of) {as_of}",
    ),
    (
        "example_base_url",
        "`base_url` 还是示例网址 {url}：打印的公示上的二维码会指向这个网址，而网站并不在那里",
        "`base_url` is still the example address {url}: QR codes on printed notices would point there, where the site is not",
    ),
    (
        "example_base_url_help",
        "写上网站实际发布的网址，例如 https://www.xxx.gov.cn/gongshi/",
        "write the address where the site will be published, e.g. https://www.example.gov.cn/gongshi/",
    ),
    (
        "site_created",
        "已在 {dir} 建好网站。下一步：gongshi serve --root {dir}（在浏览器里预览），填写方法见 {dir}/docs/填写说明.md",
        "created a site in {dir}; next: gongshi serve --root {dir} (a preview in your browser); how to fill it in: {dir}/docs/content-format.md",
    ),
    // Where there is no site to check.
    (
        "no_content_folder",
        "这里没有 content 文件夹，不是一个网站文件夹",
        "no content folder here: this is not a site folder",
    ),
    (
        "no_content_folder_help",
        "在网站文件夹（含有 content/ 的那个文件夹）里运行，或者加 --root 文件夹；新建网站用 `gongshi init 文件夹`",
        "run this in the site folder (the one that holds content/), pass --root DIR, or create a site with `gongshi init DIR`",
    ),
    (
        "missing_required_file",
        "缺少必需的文件 {path}",
        "missing required file {path}",
    ),
    (
        "missing_required_file_help",
        "每个网站都需要 content/site.yaml 和 content/orgs.yaml；`gongshi init 文件夹` 会写好这两个文件",
        "every site needs content/site.yaml and content/orgs.yaml; `gongshi init DIR` writes both",
    ),
    // What `new task` says when it writes nothing.
    (
        "new_unknown_org",
        "找不到单位 `{org}`{hint}：`--org` 要写 content/orgs.yaml 里的单位 id。可以写：\n{list}",
        "unknown org `{org}`{hint}: the org must be an id from content/orgs.yaml, one of:\n{list}",
    ),
    (
        "new_did_you_mean",
        "（是不是要写 `{best}`？）",
        " (did you mean `{best}`?)",
    ),
    (
        "new_org_is_a_name",
        "（这是单位的名称；是不是要写 `{id}`（{name}）？）",
        " (that is an organisation's name: did you mean `{id}` ({name})?)",
    ),
    // What `serve` says in the terminal.
    (
        "serve_listening_openly",
        "正在监听 {address}：局域网里的其他电脑也能打开这个预览；加 --bind 127.0.0.1 只在本机预览",
        "listening on {address}: other computers on the network can open this preview; use --bind 127.0.0.1 to keep it on this computer",
    ),
    (
        "serve_building",
        "正在把 {root} 生成到 {output}（预览结束后删除）",
        "building {root} into {output} (removed when serve stops)",
    ),
    (
        "serve_serving",
        "预览地址 {url}（按 Ctrl-C 结束）",
        "serving {url} (press Ctrl-C to stop)",
    ),
    (
        "serve_errors_last_good",
        "网站内容有错误：继续显示上一次成功生成的版本；错误显示在浏览器里",
        "the site has errors: still serving the last good build; the errors are shown in the browser",
    ),
    (
        "serve_errors_nothing_yet",
        "网站内容有错误：改正之前没有可以显示的页面；错误显示在浏览器里",
        "the site has errors: nothing to serve until they are fixed; the errors are shown in the browser",
    ),
    ("serve_stopping", "正在结束预览", "stopping"),
    ("serve_removing", "正在删除 {output}", "removing {output}"),
    // What `build` says when it writes nothing.
    (
        "site_has_errors",
        "网站内容有错误，没有生成任何文件",
        "the site has errors; nothing was written",
    ),
    (
        "warnings_denied",
        "网站内容有警告，而命令加了 --deny-warnings（把警告当错误），没有生成任何文件",
        "the site has warnings and --deny-warnings makes them errors; nothing was written",
    ),
    (
        "placeholders_refused",
        "任务里还有 {n} 处 `gongshi new task` 写的占位内容（见上面的警告），没有生成任何文件；改写后再生成，或者加 --allow-placeholders",
        "the tasks still hold {n} placeholders written by `gongshi new task` (see the warnings above); nothing was written: replace them, or build with --allow-placeholders",
    ),
];
