//! The words the site shows for the model's values (a stage, a status, a grade…), in each
//! interface language: one table that the pages, the publication history and the spreadsheet
//! import all read.

use super::{EntryKind, Grade, Language, OrgLevel, Stage, Status};

/// The name of a step of the five steps.
pub fn stage(language: Language, stage: Stage) -> &'static str {
    match (language, stage) {
        (Language::ZhCn, Stage::Identify) => "点题",
        (Language::ZhCn, Stage::Discuss) => "议题",
        (Language::ZhCn, Stage::Decide) => "定题",
        (Language::ZhCn, Stage::Solve) => "破题",
        (Language::ZhCn, Stage::Evaluate) => "评题",
        (Language::En, Stage::Identify) => "Identify",
        (Language::En, Stage::Discuss) => "Discuss",
        (Language::En, Stage::Decide) => "Decide",
        (Language::En, Stage::Solve) => "Solve",
        (Language::En, Stage::Evaluate) => "Evaluate",
    }
}

/// A task's status.
pub fn status(language: Language, status: Status) -> &'static str {
    match (language, status) {
        (Language::ZhCn, Status::NotStarted) => "未启动",
        (Language::ZhCn, Status::InProgress) => "推进中",
        (Language::ZhCn, Status::Completed) => "已完成",
        (Language::ZhCn, Status::Suspended) => "暂停",
        (Language::En, Status::NotStarted) => "Not started",
        (Language::En, Status::InProgress) => "In progress",
        (Language::En, Status::Completed) => "Completed",
        (Language::En, Status::Suspended) => "Suspended",
    }
}

/// The kind of a ledger entry.
pub fn entry_kind(language: Language, kind: EntryKind) -> &'static str {
    match (language, kind) {
        (Language::ZhCn, EntryKind::Progress) => "工作进展",
        (Language::ZhCn, EntryKind::Inspection) => "督查",
        (Language::ZhCn, EntryKind::Notification) => "通报",
        (Language::ZhCn, EntryKind::Interview) => "约谈",
        (Language::En, EntryKind::Progress) => "Progress",
        (Language::En, EntryKind::Inspection) => "Inspection",
        (Language::En, EntryKind::Notification) => "Notification",
        (Language::En, EntryKind::Interview) => "Interview",
    }
}

/// An evaluation grade.
pub fn grade(language: Language, grade: Grade) -> &'static str {
    match (language, grade) {
        (Language::ZhCn, Grade::Excellent) => "优秀",
        (Language::ZhCn, Grade::Good) => "良好",
        (Language::ZhCn, Grade::Fair) => "一般",
        (Language::ZhCn, Grade::Poor) => "较差",
        (Language::En, Grade::Excellent) => "Excellent",
        (Language::En, Grade::Good) => "Good",
        (Language::En, Grade::Fair) => "Fair",
        (Language::En, Grade::Poor) => "Poor",
    }
}

/// An organisation's level.
pub fn level(language: Language, level: OrgLevel) -> &'static str {
    match (language, level) {
        (Language::ZhCn, OrgLevel::District) => "区",
        (Language::ZhCn, OrgLevel::Township) => "乡镇",
        (Language::ZhCn, OrgLevel::Village) => "村",
        (Language::ZhCn, OrgLevel::Department) => "部门",
        (Language::En, OrgLevel::District) => "District",
        (Language::En, OrgLevel::Township) => "Township",
        (Language::En, OrgLevel::Village) => "Village",
        (Language::En, OrgLevel::Department) => "Department",
    }
}

/// A value the site shows by a label: the files accept the label, in either language, for
/// the value (`status: 推进中` as `status: in_progress`).
pub trait Labelled: Copy {
    fn label(self, language: Language) -> &'static str;

    /// Whether `text` is this value's label in some language (English in any case).
    fn is_labelled(self, text: &str) -> bool {
        let text = text.trim();
        [Language::ZhCn, Language::En]
            .into_iter()
            .any(|language| self.label(language).eq_ignore_ascii_case(text))
    }
}

impl Labelled for Stage {
    fn label(self, language: Language) -> &'static str {
        stage(language, self)
    }
}

impl Labelled for Status {
    fn label(self, language: Language) -> &'static str {
        status(language, self)
    }
}

impl Labelled for EntryKind {
    fn label(self, language: Language) -> &'static str {
        entry_kind(language, self)
    }
}

impl Labelled for Grade {
    fn label(self, language: Language) -> &'static str {
        grade(language, self)
    }
}

impl Labelled for OrgLevel {
    fn label(self, language: Language) -> &'static str {
        level(language, self)
    }
}

impl Labelled for Language {
    fn label(self, _: Language) -> &'static str {
        self.code()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_in_either_language_name_their_value() {
        assert!(Status::InProgress.is_labelled("推进中"));
        assert!(Status::InProgress.is_labelled("in progress"));
        assert!(Stage::Solve.is_labelled("破题"));
        assert!(EntryKind::Inspection.is_labelled("督查"));
        assert!(Grade::Excellent.is_labelled(" 优秀 "));
        assert!(!Grade::Good.is_labelled("优秀"));
    }
}
