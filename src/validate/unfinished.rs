//! What must not reach the public unfinished: the placeholder text `gongshi new task` writes
//! (（目标名称）, （写明…）, a decision with 0/0/0 votes, 建立任务台账。), an `actual` far above
//! its `target` (a typo such as 1500 for 150 would be published as "100% reached"), and a
//! notice dated after the data date. All are warnings; `build` refuses placeholders on its own.

use super::memo::FileMemo;
use crate::diagnostics::{Diagnostic, Diagnostics, SourceMap, Text};
use crate::model::{Site, plain_number};
use crate::words;
use crate::yaml::Pos;
use std::sync::Arc;

/// How far above its target an `actual` may go before it is questioned: work is often
/// done beyond the plan (超额完成) by a few percent, while a slip of the keyboard (a digit
/// typed twice, two digits swapped) makes it several times the target. Small counts are
/// left alone: 2 of a planned 1 is a second village done, not a typo.
const PLAUSIBLE_EXCESS: f64 = 1.5;
const PLAUSIBLE_EXCESS_COUNT: f64 = 1.0;

/// The kind of the placeholder warnings, which `build` refuses unless told to allow them.
pub const PLACEHOLDER: &str = "placeholder";

/// The text `gongshi new task` writes for the editor to replace (see `cmd::new`), as it
/// stands in the file.
const PLACEHOLDERS: &[&str] = &[
    "（目标名称）",
    "（写明",
    "（填写姓名）",
    "建立任务台账。",
    "{for: 0, against: 0, abstain: 0}",
];

/// The warnings for `site`, whose files' text is in `sources`; `memo` holds what the last
/// check found in each file's text (see [`super::memo`]).
pub fn check(site: &Site, sources: &SourceMap, memo: &mut FileMemo<Diagnostics>) -> Diagnostics {
    let files: Vec<(Arc<str>, Arc<str>)> = sources
        .shared_files()
        .filter(|(path, _)| path.starts_with("content/tasks/") && path.ends_with(".yaml"))
        .collect();
    let mut out = Diagnostics::default();
    for (_, _, found) in memo.scan(files, |path, text| {
        let mut found = Diagnostics::default();
        if PLACEHOLDERS.iter().any(|p| text.contains(p)) {
            placeholders(path, text, &mut found);
        }
        found
    }) {
        out.extend(found);
    }
    for task in site.tasks.values() {
        for target in &task.targets {
            if target.actual > target.target * PLAUSIBLE_EXCESS
                && target.actual - target.target > PLAUSIBLE_EXCESS_COUNT
                && target.target > 0.0
            {
                out.push(
                    Diagnostic::warning(
                        &task.origin.path,
                        target.pos,
                        words!(
                            "actual_above_target",
                            name = &target.name,
                            actual = plain_number(target.actual),
                            target = plain_number(target.target)
                        ),
                    )
                    .with_help(Text::key("actual_above_target_help"))
                    .with_kind("actual above target"),
                );
            }
        }
    }
    for notice in site.notices.values() {
        if let Some(date) = &notice.date
            && date.value > site.as_of
        {
            out.push(
                Diagnostic::warning(
                    &notice.origin.path,
                    date.pos,
                    words!(
                        "notice_after_as_of",
                        date = date.value.to_string(),
                        as_of = site.as_of.to_string()
                    ),
                )
                .with_help(Text::key("after_as_of_help"))
                .with_kind("notice after the data date"),
            );
        }
    }
    out
}

/// Every placeholder in a task file's text, at its line and column; comments are skipped.
/// `check` calls it only for the files whose text holds a placeholder somewhere: one quick
/// search of the whole text each, rather than five searches of every line of ten thousand
/// finished ledgers.
fn placeholders(path: &str, text: &str, out: &mut Diagnostics) {
    for (n, line) in text.lines().enumerate() {
        let code = match line.find(" #") {
            Some(comment) => &line[..comment],
            None if line.trim_start().starts_with('#') => continue,
            None => line,
        };
        for placeholder in PLACEHOLDERS {
            let Some(at) = code.find(placeholder) else {
                continue;
            };
            let pos = Pos {
                line: u32::try_from(n + 1).unwrap_or(u32::MAX),
                col: u32::try_from(code[..at].chars().count() + 1).unwrap_or(u32::MAX),
            };
            let shown = if placeholder.starts_with('{') {
                Text::key("placeholder_votes")
            } else {
                words!("placeholder_text", text = *placeholder)
            };
            out.push(
                Diagnostic::warning(path, pos, words!("placeholder_left", what = shown))
                    .with_help(Text::key("placeholder_help"))
                    .with_kind(PLACEHOLDER),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_where_they_stand_and_not_in_comments() {
        let text = "title: x\nplan: |\n  （写明工作目标。）\n# （目标名称） in a comment\n  - {name: \"（目标名称）\", target: 1}\n  votes: {for: 0, against: 0, abstain: 0}\n    text: 建立任务台账。 # 建立任务台账。\n";
        let mut out = Diagnostics::default();
        placeholders("t.yaml", text, &mut out);
        let at: Vec<(u32, u32)> = out
            .items()
            .iter()
            .map(|d| (d.pos.line, d.pos.col))
            .collect();
        assert_eq!(at, vec![(3, 3), (5, 13), (6, 10), (7, 11)]);
    }
}
