//! Interface strings, in zh-CN and en, from one table: a missing translation is a missing
//! row, visible in review, and templates look strings up as `site.t.<key>`.

pub use crate::model::labels::{entry_kind, grade, level, stage, status};
use crate::model::{Language, PeriodState};
use std::collections::BTreeMap;

/// (key, zh-CN, en)
const STRINGS: &[(&str, &str, &str)] = &[
    ("skip_to_content", "跳到正文", "Skip to content"),
    ("colon", "：", ": "),
    ("date_long", "{y}年{m}月{d}日", "{iso}"),
    ("nav_home", "首页", "Home"),
    ("nav_tasks", "任务清单", "Tasks"),
    ("nav_evaluations", "评议结果", "Evaluations"),
    ("nav_notices", "通知公告", "Notices"),
    ("nav_search", "搜索", "Search"),
    ("nav_data", "开放数据", "Open data"),
    ("main_nav", "主导航", "Main navigation"),
    ("breadcrumb", "当前位置", "Breadcrumb"),
    ("data_as_of", "数据截至", "Data as of"),
    ("published_by", "发布单位", "Published by"),
    ("organiser", "主办单位", "Organised by"),
    ("contact", "联系方式", "Contact"),
    ("site_code", "政府网站标识码", "Government website code"),
    ("a11y_on", "适老化模式（大字体）", "Large text"),
    ("a11y_off", "退出适老化模式", "Standard text"),
    ("dashboard", "工作概况", "Overview"),
    ("tasks_total", "任务总数", "Tasks"),
    ("tasks_completed", "已完成", "Completed"),
    ("tasks_in_progress", "推进中", "In progress"),
    ("tasks_overdue", "已逾期", "Overdue"),
    (
        "tasks_stale",
        "台账超60天未更新",
        "Ledger not updated for 60+ days",
    ),
    ("completion_rate", "完成率", "Completion rate"),
    (
        "progress_by_township",
        "各乡镇完成情况",
        "Completion by township",
    ),
    ("five_steps", "五步破题进展", "The five steps"),
    ("recent_entries", "最新台账记录", "Latest ledger entries"),
    ("open_publicity", "正在公示", "Open for public comment"),
    (
        "no_open_publicity",
        "目前没有正在公示的事项。",
        "Nothing is open for public comment now.",
    ),
    ("all_tasks", "全部任务", "All tasks"),
    ("filter_tasks", "筛选任务", "Filter tasks"),
    ("filter_by_org", "按单位", "By organisation"),
    ("filter_by_category", "按类别", "By category"),
    ("filter_by_stage", "按步骤", "By step"),
    ("filter_by_status", "按状态", "By status"),
    ("filter_apply", "筛选", "Filter"),
    ("filter_any", "不限", "Any"),
    (
        "filter_none_match",
        "没有符合条件的任务。",
        "No task matches.",
    ),
    ("filter_reset", "清除筛选", "Clear filters"),
    ("showing_tasks", "共 {n} 项任务", "{n} tasks"),
    ("showing_tasks_one", "共 {n} 项任务", "{n} task"),
    (
        "showing_tasks_range",
        "共 {n} 项任务，本页为第 {from}—{to} 项",
        "{n} tasks; {from}–{to} on this page",
    ),
    (
        "showing_results_range",
        "共 {n} 项评议结果，本页为第 {from}—{to} 项",
        "{n} results; {from}–{to} on this page",
    ),
    (
        "print_results_part",
        "本公示共 {n} 项评议结果，分 {parts} 份张贴，本份为第 {part} 份（第 {from}—{to} 项）",
        "This notice lists {n} results in {parts} parts to post; this is part {part} (results {from}–{to})",
    ),
    (
        "filter_page_only",
        "本页 {n} 项符合（只筛选本页；按单位、类别、步骤、状态的链接可查看全部任务）",
        "{n} on this page match (this filters this page only; the links by organisation, category, step and status list all tasks)",
    ),
    ("pagination", "分页", "Pages"),
    ("page_prev", "上一页", "Previous page"),
    ("page_next", "下一页", "Next page"),
    (
        "page_of_total",
        "第 {n} 页，共 {total} 页",
        "Page {n} of {total}",
    ),
    ("col_task", "任务", "Task"),
    ("col_org", "责任单位", "Organisation"),
    ("col_leader", "责任领导", "Leader"),
    ("col_stage", "步骤", "Step"),
    ("col_status", "状态", "Status"),
    ("col_progress", "进度", "Progress"),
    ("col_deadline", "完成时限", "Deadline"),
    ("col_category", "类别", "Category"),
    ("col_updated", "最近更新", "Last updated"),
    ("leader", "责任领导", "Responsible leader"),
    ("category", "类别", "Category"),
    ("year", "年度", "Year"),
    ("start", "开始日期", "Start"),
    ("deadline", "完成时限", "Deadline"),
    ("last_updated", "最近更新", "Last updated"),
    ("never_updated", "尚无台账记录", "No ledger entries yet"),
    ("not_recorded", "暂无记录", "Not recorded"),
    ("days_left", "距时限还有 {n} 天", "{n} days left"),
    ("days_left_one", "距时限还有 {n} 天", "{n} day left"),
    ("days_overdue", "已逾期 {n} 天", "{n} days overdue"),
    ("days_overdue_one", "已逾期 {n} 天", "{n} day overdue"),
    ("due_today", "今天到期", "Due today"),
    ("completed_note", "已完成", "Completed"),
    ("overdue", "逾期", "Overdue"),
    ("stale", "台账未及时更新", "Ledger out of date"),
    (
        "step_identify",
        "点题：问题从哪里来",
        "Identify: where the problem came from",
    ),
    (
        "step_discuss",
        "议题：讨论情况",
        "Discuss: how it was discussed",
    ),
    (
        "step_decide",
        "定题：决定情况",
        "Decide: how it was decided",
    ),
    ("step_plan", "破题：工作方案", "Solve: the plan"),
    (
        "step_evaluate",
        "评题：评议结果",
        "Evaluate: how it was judged",
    ),
    ("current_step", "当前步骤", "Current step"),
    ("method", "方式", "Method"),
    ("date", "日期", "Date"),
    ("meetings", "会议场次", "Meetings"),
    ("opinions", "收集意见", "Opinions collected"),
    ("decided_by", "决定机构", "Decided by"),
    ("votes_for", "赞成", "For"),
    ("votes_against", "反对", "Against"),
    ("votes_abstain", "弃权", "Abstain"),
    ("decision_votes", "表决情况", "Vote"),
    ("targets", "量化目标", "Targets"),
    ("target", "目标", "Target"),
    ("actual", "完成", "Achieved"),
    ("target_met", "已达标", "Met"),
    ("target_not_met", "未达标", "Not met"),
    ("budget", "资金", "Budget"),
    ("budget_planned", "计划投入", "Planned"),
    ("budget_spent", "已投入", "Spent"),
    ("budget_pct", "资金使用比例", "Share spent"),
    ("milestones", "节点安排", "Milestones"),
    ("milestone_done", "已完成", "Done"),
    ("milestone_due", "待完成", "Due"),
    ("milestone_overdue", "已超期", "Overdue"),
    ("col_milestone", "节点", "Milestone"),
    ("col_due", "计划完成", "Due"),
    ("col_done", "实际完成", "Done"),
    ("ledger", "工作台账", "Ledger"),
    ("ledger_empty", "尚无台账记录。", "No ledger entries yet."),
    ("attachments", "附件", "Attachments"),
    ("evaluation_results", "评议结果", "Evaluation results"),
    ("not_evaluated", "尚未评议。", "Not evaluated yet."),
    ("satisfaction", "满意度", "Satisfaction"),
    ("satisfaction_rate", "满意率", "Satisfaction rate"),
    ("overall_satisfaction", "总体满意率", "Overall satisfaction"),
    ("tasks_evaluated", "评议任务数", "Tasks evaluated"),
    ("satisfied", "满意", "Satisfied"),
    ("basically_satisfied", "基本满意", "Basically satisfied"),
    ("dissatisfied", "不满意", "Dissatisfied"),
    ("total_votes", "总票数", "Total votes"),
    ("grade", "等次", "Grade"),
    ("grade_counts", "等次分布", "Grades"),
    ("remarks", "备注", "Remarks"),
    ("remarks_by_no", "备注（按序号）", "Remarks (by number)"),
    (
        "satisfaction_by_org",
        "各单位满意率",
        "Satisfaction by organisation",
    ),
    ("held", "评议时间", "Held on"),
    ("held_by", "评议会议", "Meeting"),
    ("publicity_period", "公示期", "Publicity period"),
    ("publicity_upcoming", "即将公示", "Upcoming"),
    ("publicity_open", "公示中", "Open"),
    ("publicity_closed", "公示已结束", "Closed"),
    ("publicity_days", "共 {n} 天", "{n} days"),
    ("publicity_days_one", "共 {n} 天", "{n} day"),
    ("publicity_heading", "公示", "Public notice"),
    ("period_to", "至", "to"),
    ("how_to_object", "意见反馈", "How to object"),
    (
        "object_intro",
        "公示期间，如对公示内容有异议，请通过以下方式反映：",
        "During the publicity period, objections may be sent to:",
    ),
    ("phone", "电话", "Phone"),
    ("email", "电子邮箱", "E-mail"),
    ("address", "地址", "Address"),
    ("hours", "受理时间", "Hours"),
    ("issuing_unit", "发布单位", "Issued by"),
    ("issue_date", "发布日期", "Date"),
    ("print_version", "打印公示", "Printable notice"),
    ("print_button", "打印本页", "Print this page"),
    ("back_to_online", "返回网页版", "Back to the online page"),
    ("col_no", "序号", "No."),
    (
        "basis_evaluation",
        "根据书记破题行动评议有关规定，{held}召开{meeting}，对各项任务完成情况进行满意度测评并评定等次。现将评议结果予以公示。",
        "Under the evaluation rules of the programme, the {meeting} held on {held} rated each task by a satisfaction vote and graded it. The results are published here for public comment.",
    ),
    (
        "basis_notice",
        "根据政务公开有关规定，现将有关事项予以公示。",
        "Under the rules on open government affairs, the following is published for public comment.",
    ),
    (
        "org_tasks",
        "本单位及下属单位任务",
        "Tasks of this organisation and its units",
    ),
    ("sub_orgs", "下属单位", "Units"),
    ("secretary", "书记", "Secretary"),
    ("parent_org", "上级单位", "Parent"),
    ("level", "层级", "Level"),
    ("related_tasks", "相关任务", "Related tasks"),
    ("related_notices", "相关通知公告", "Related notices"),
    ("notices", "通知公告", "Notices"),
    ("no_notices", "暂无通知公告。", "No notices yet."),
    ("evaluations", "评议结果", "Evaluation rounds"),
    (
        "no_evaluations",
        "暂无评议结果。",
        "No evaluation rounds yet.",
    ),
    ("categories", "任务类别", "Categories"),
    ("open_data", "开放数据", "Open data"),
    (
        "open_data_intro",
        "本站全部数据可下载，欢迎核对、引用。",
        "All data on this site can be downloaded, checked and reused.",
    ),
    ("col_file", "文件", "File"),
    ("col_format", "格式", "Format"),
    ("col_description", "说明", "Description"),
    ("feed", "订阅本站更新", "Follow this site's updates"),
    (
        "feed_help",
        "本站有新的工作进展、通知公告或评议结果时，订阅工具会自动告诉您，不必天天打开网站查看。把下面这个地址复制到订阅工具（支持 RSS 或 Atom 的阅读器）里即可：",
        "When this site adds progress, a notice or an evaluation result, a feed reader tells you, so you need not check the site every day. Copy this address into a feed reader (any app that reads RSS or Atom):",
    ),
    ("not_found_title", "页面不存在", "Page not found"),
    (
        "not_found_text",
        "您访问的页面不存在，可能已被删除或地址有误。",
        "The page you asked for does not exist; it may have been removed or the address is wrong.",
    ),
    ("back_home", "返回首页", "Back to the home page"),
    (
        "a11y_statement",
        "无障碍与适老化说明",
        "Accessibility statement",
    ),
    (
        "a11y_statement_body",
        "本站参照《互联网网站适老化通用设计规范》和《信息技术 互联网内容无障碍可访问性技术要求与测试方法》（GB/T 37668—2019）建设，方便老年人和残疾人阅读。\n\n\
- **适老化模式**：点击每页顶部的“适老化模式（大字体）”，文字放大、对比度提高、行距加宽；再点“退出适老化模式”恢复。不启用脚本也可使用；启用脚本时，本站会记住您的选择。\n\
- **正文行距**不小于1.5倍，文字与背景对比度不低于4.5:1，链接带下划线。\n\
- **键盘操作**：按 Tab 键可依次到达每个链接和按钮，每页第一个链接“跳到正文”可直接进入正文。\n\
- **读屏软件**：页面有清楚的标题层级、导航地标和图片替代文字；图表同时以表格列出数字。\n\
- **打印**：公示页面有 A4 打印版，字号适合张贴。\n\n\
如在使用中遇到困难，请通过页面底部的联系方式告诉我们。\n",
        "This site follows the Chinese guidelines for websites used by older people and GB/T 37668—2019 (accessibility of internet content), so that older and disabled readers can use it.\n\n\
- **Large text**: the link at the top of every page, “Large text”, enlarges the text, raises the contrast and widens the line spacing; “Standard text” turns it off. It works without JavaScript; with JavaScript the site remembers your choice.\n\
- **Body text** has line spacing of at least 1.5, a contrast with its background of at least 4.5:1, and underlined links.\n\
- **Keyboard**: the Tab key reaches every link and button in turn; the first link of every page, “Skip to content”, goes straight to the text.\n\
- **Screen readers**: pages have a clear heading outline, navigation landmarks and text alternatives for images; every chart also lists its figures in a table.\n\
- **Printing**: public notices have an A4 print version, in a size fit for a notice board.\n\n\
If anything on this site is hard to use, please tell us through the contact at the foot of the page.\n",
    ),
    ("chart_text", "图表数据", "Chart data"),
    ("search", "搜索", "Search"),
    (
        "search_placeholder",
        "输入关键词，如：农房",
        "Type a word, e.g. farmhouse",
    ),
    ("search_label", "搜索本站", "Search this site"),
    (
        "search_needs_server",
        "搜索只能在网站上使用：这份网站是从电脑文件直接打开的，浏览器不允许在这里搜索。请发布到网站后再搜索，或用 gongshi serve 预览。您也可以按单位、类别、步骤或状态浏览全部任务：",
        "Search works only on the web site: this copy was opened from files on a computer, where the browser does not allow it. Search once the site is published, or preview it with gongshi serve. You can also browse all tasks by organisation, category, step or status:",
    ),
    ("search_filter_kind", "类型", "Type"),
    (
        "publicity_title",
        "{unit}关于{matter}的公示",
        "Public notice of {unit}: {matter}",
    ),
    (
        "search_no_js",
        "搜索需要启用 JavaScript。您也可以按单位、类别、步骤或状态浏览全部任务：",
        "Search needs JavaScript. You can also browse all tasks by organisation, category, step or status:",
    ),
    (
        "qr_caption",
        "扫码查看网页版",
        "Scan to open this page online",
    ),
    ("seal", "（盖章）", "(Seal)"),
    ("basis", "公示依据", "Basis"),
    ("pages", "更多信息", "More"),
    ("progress_label", "完成进度", "Progress"),
    (
        "progress_average",
        "{n} 项目标平均 {pct}%",
        "{pct}% on average over {n} targets",
    ),
    (
        "progress_lowest",
        "，最低一项 {pct}%",
        "; the lowest at {pct}%",
    ),
    ("count", "数量", "Count"),
    (
        "stage_funnel_desc",
        "处于各步骤的任务数",
        "Tasks at each step",
    ),
    ("read_more", "查看详情", "Details"),
    ("page_of", "第 {n} 页", "Page {n}"),
    ("changes", "公示记录", "Publication history"),
    (
        "changes_intro",
        "每次公示都把当时公开的全部任务、评议结果和公告记录在案，并与上一次公示逐项比较。下面列出每次公示的变化，最新的在前。",
        "Each publication puts on record every task, evaluation result and notice published at that moment, compared item by item with the one before. Below is what each publication changed, newest first.",
    ),
    (
        "changes_none",
        "尚未公示：本网站的内容还没有记录过一次公示。",
        "Nothing has been published yet: no publication of this site's content is on record.",
    ),
    ("publication_n", "第 {n} 号公示", "Publication {n}"),
    (
        "changes_count",
        "与上一次公示相比有 {n} 处变化",
        "{n} changes from the publication before",
    ),
    (
        "changes_count_one",
        "与上一次公示相比有 {n} 处变化",
        "{n} change from the publication before",
    ),
    (
        "changes_more",
        "另有 {n} 处变化未在此列出",
        "{n} more changes are not listed here",
    ),
    (
        "changes_more_one",
        "另有 {n} 处变化未在此列出",
        "{n} more change is not listed here",
    ),
    ("changes_see_all", "查看全部变化", "See all changes"),
    ("publication_note", "说明", "Note"),
    ("publication_file", "公示数据文件", "Publication data file"),
    ("changes_tasks_changed", "任务变化", "Tasks changed"),
    (
        "changes_results_changed",
        "评议结果变化",
        "Evaluation results changed",
    ),
    ("changes_tasks_added", "新增任务", "Tasks added"),
    ("changes_tasks_removed", "删除任务", "Tasks removed"),
    (
        "changes_rounds_added",
        "新增评议",
        "Evaluation rounds added",
    ),
    (
        "changes_rounds_changed",
        "评议变化",
        "Evaluation rounds changed",
    ),
    (
        "changes_rounds_removed",
        "删除评议",
        "Evaluation rounds removed",
    ),
    ("changes_notices_added", "新增公告", "Notices added"),
    ("changes_notices_changed", "公告变化", "Notices changed"),
    ("changes_notices_removed", "删除公告", "Notices removed"),
    ("chain_label", "公示校验码", "Publication check code"),
    (
        "chain_heading",
        "核对公示校验码",
        "Check the publication code",
    ),
    (
        "chain_note",
        "这是第 {n} 号公示的校验码。请与张贴的纸质公示、网站“公示记录”页和 gongshi verify 显示的校验码核对，一致即说明网上内容与公示记录相符。",
        "This is the check code of publication {n}. Compare it with the paper notice, the site's publication history page and what gongshi verify shows: when they match, the site is what was put on record.",
    ),
    ("chain_full", "完整校验码", "Full code"),
    ("task_history", "公示记录", "Publication history"),
    (
        "task_changes_since_first",
        "自首次公示以来修改 {n} 次",
        "{n} changes since first published",
    ),
    (
        "task_changes_since_first_one",
        "自首次公示以来修改 {n} 次",
        "{n} change since first published",
    ),
    (
        "task_unchanged_since_first",
        "自首次公示以来没有修改",
        "Unchanged since first published",
    ),
    ("task_first_published", "首次公示", "First published"),
    (
        "task_not_published",
        "本任务尚未公示。",
        "This task has not been published yet.",
    ),
    (
        "unpublished_banner",
        "尚未公示的修改：本页内容与最新一次公示不同。运行 gongshi publish 记录后，此提示消失（只在本地预览中显示）。",
        "Not yet published: this page differs from the newest publication. Run gongshi publish to put it on record (shown in the preview only).",
    ),
];

/// The interface strings of one language, by key.
pub fn strings(language: Language) -> BTreeMap<&'static str, &'static str> {
    STRINGS
        .iter()
        .map(|(key, zh, en)| (*key, if language == Language::En { *en } else { *zh }))
        .collect()
}

/// Looks up one string (the key itself if missing, so a gap shows in review, not a panic).
pub fn text(language: Language, key: &str) -> &'static str {
    STRINGS
        .iter()
        .find(|(k, _, _)| *k == key)
        .map(|(_, zh, en)| if language == Language::En { *en } else { *zh })
        .unwrap_or("")
}

/// A string with `{n}` replaced.
pub fn with_number(language: Language, key: &str, n: impl std::fmt::Display) -> String {
    text(language, key).replace("{n}", &n.to_string())
}

/// A count of things with `{n}` replaced, from the row `<key>_one` when there is one thing
/// and that row exists (English says "1 change", not "1 changes").
pub fn counted(language: Language, key: &str, n: usize) -> String {
    let one = format!("{key}_one");
    if n == 1 && STRINGS.iter().any(|(k, _, _)| *k == one) {
        with_number(language, &one, n)
    } else {
        with_number(language, key, n)
    }
}

pub fn period_state(language: Language, state: PeriodState) -> &'static str {
    text(
        language,
        match state {
            PeriodState::Upcoming => "publicity_upcoming",
            PeriodState::Open => "publicity_open",
            PeriodState::Closed => "publicity_closed",
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_is_unique_and_translated() {
        let mut seen = std::collections::BTreeSet::new();
        for (key, zh, en) in STRINGS {
            assert!(seen.insert(*key), "duplicate key {key}");
            assert!(!zh.is_empty() && !en.is_empty(), "untranslated {key}");
        }
    }

    #[test]
    fn one_thing_is_counted_in_the_singular_in_english() {
        assert_eq!(
            counted(Language::En, "changes_count", 1),
            "1 change from the publication before"
        );
        assert_eq!(
            counted(Language::En, "changes_count", 2),
            "2 changes from the publication before"
        );
        assert_eq!(
            counted(Language::En, "task_changes_since_first", 1),
            "1 change since first published"
        );
        assert_eq!(
            counted(Language::En, "changes_more", 1),
            "1 more change is not listed here"
        );
        assert_eq!(
            counted(Language::ZhCn, "changes_count", 1),
            "与上一次公示相比有 1 处变化"
        );
        for (key, one) in [
            ("showing_tasks", "1 task"),
            ("days_left", "1 day left"),
            ("days_overdue", "1 day overdue"),
            ("publicity_days", "1 day"),
        ] {
            assert_eq!(counted(Language::En, key, 1), one);
            assert_eq!(
                counted(Language::En, key, 2),
                one.replacen('1', "2", 1)
                    .replacen("day", "days", 1)
                    .replacen("task", "tasks", 1)
            );
        }
    }
}
