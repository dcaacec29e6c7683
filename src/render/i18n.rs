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
    (
        "showing_tasks_range",
        "共 {n} 项任务，本页为第 {from}—{to} 项",
        "{n} tasks; {from}–{to} on this page",
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
    ("days_overdue", "已逾期 {n} 天", "{n} days overdue"),
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
    ("feed", "订阅更新（Atom）", "Subscribe (Atom feed)"),
    ("not_found_title", "页面不存在", "Page not found"),
    (
        "not_found_text",
        "您访问的页面不存在，可能已被删除或地址有误。",
        "The page you asked for does not exist; it may have been removed or the address is wrong.",
    ),
    ("back_home", "返回首页", "Back to the home page"),
    ("chart_text", "图表数据", "Chart data"),
    ("search", "搜索", "Search"),
    (
        "search_placeholder",
        "输入关键词，如：农房",
        "Type a word, e.g. farmhouse",
    ),
    ("search_label", "搜索本站", "Search this site"),
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
    ("count", "数量", "Count"),
    (
        "stage_funnel_desc",
        "处于各步骤的任务数",
        "Tasks at each step",
    ),
    ("read_more", "查看详情", "Details"),
    ("page_of", "第 {n} 页", "Page {n}"),
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
}
