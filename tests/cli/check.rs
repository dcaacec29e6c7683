//! `gongshi check`: one small change to the minimal fixture per rule of SPEC §3, asserting
//! the exit code, the file, line and column, and snapshotting the full message so that a
//! change of wording is a reviewed change.

use crate::support::SiteTest;

const TASK: &str = "content/tasks/xidong/2022-xidong-01.yaml";
const VILLAGE_TASK: &str = "content/tasks/xidong/2022-nanzhuang-01.yaml";
const ROUND: &str = "content/evaluations/2022-year-end.yaml";
const NOTICE: &str = "content/notices/2022-12-22-publicity.md";
const ORGS: &str = "content/orgs.yaml";

#[test]
fn the_minimal_fixture_is_clean_and_check_writes_nothing() {
    let site = SiteTest::minimal();
    let before = site.files();
    let run = site.check_with(&["--deny-warnings"]);
    run.assert_code(0);
    assert_eq!(run.stderr, "no problems in 7 files\n");
    assert_eq!(run.stdout, "");
    assert_eq!(site.files(), before, "check must not write into the site");
}

#[test]
fn yaml_syntax_error_points_at_the_character_under_chinese_text() {
    let site = SiteTest::minimal();
    site.replace(TASK, "title: 西洞镇农房改造", "title: 西洞镇: 农房改造");
    let run = site.check();
    run.assert_code(1).assert_error_at(TASK, 2, 11);
    // The caret sits under the second colon: 7 columns of "title: ", 6 of 西洞镇.
    run.assert_stderr_contains("2 | title: 西洞镇: 农房改造\n  |              ^\n");
    insta::assert_snapshot!(run.stderr());
}

#[test]
fn missing_required_fields_are_named() {
    let site = SiteTest::minimal();
    site.replace(TASK, "plan: |\n  分批改造，逐户验收。\n", "")
        .replace(
            TASK,
            "leader: {name: 王华, role: 镇党委书记}",
            "leader: {role: 镇党委书记}",
        );
    let run = site.check();
    run.assert_code(1)
        .assert_error_at(TASK, 1, 1)
        .assert_error_at(TASK, 4, 9)
        .assert_stderr_contains("missing required field `plan` in this task")
        .assert_stderr_contains("missing required field `name` in this leader");
    insta::assert_snapshot!(run.stderr());
}

#[test]
fn unknown_field_suggests_the_nearest_known_one() {
    let site = SiteTest::minimal();
    site.replace(TASK, "deadline: 2022-11-30", "deadlin: 2022-11-30");
    let run = site.check();
    run.assert_code(1)
        .assert_error_at(TASK, 10, 1)
        .assert_stderr_contains("unknown field `deadlin` in this task (did you mean `deadline`?)");
    insta::assert_snapshot!(run.stderr());
}

#[test]
fn wrong_type_says_what_was_expected_and_found() {
    let site = SiteTest::minimal();
    site.replace(TASK, "meetings: 6", "meetings: six").replace(
        TASK,
        "targets:\n  - {",
        "targets:\n  {",
    );
    let run = site.check();
    run.assert_code(1)
        .assert_error_at(TASK, 12, 13)
        .assert_error_at(TASK, 17, 3)
        .assert_stderr_contains("`meetings` must be a whole number, found text `six`");
    insta::assert_snapshot!(run.stderr());
}

#[test]
fn invalid_enum_value_suggests_or_lists_the_choices() {
    let site = SiteTest::minimal();
    site.replace(TASK, "stage: evaluate", "stage: evalute")
        .replace(TASK, "status: completed", "status: 完工");
    let run = site.check();
    run.assert_code(1)
        .assert_error_at(TASK, 7, 8)
        .assert_error_at(TASK, 8, 9)
        .assert_stderr_contains("invalid stage `evalute` (did you mean `evaluate`?)")
        .assert_stderr_contains("`not_started`, `in_progress`, `completed`, `suspended`");
    insta::assert_snapshot!(run.stderr());
}

#[test]
fn invalid_dates_are_rejected_with_the_reason() {
    let site = SiteTest::minimal();
    site.replace(TASK, "start: 2022-01-15", "start: 2022-02-30")
        .replace(TASK, "deadline: 2022-11-30", "deadline: 2022-5-1");
    let run = site.check();
    run.assert_code(1)
        .assert_error_at(TASK, 9, 8)
        .assert_error_at(TASK, 10, 11)
        .assert_stderr_contains("there is no day 30 in month 2 of 2022")
        .assert_stderr_contains("expected the form YYYY-MM-DD");
    insta::assert_snapshot!(run.stderr());
}

#[test]
fn negative_counts_and_amounts_are_rejected() {
    let site = SiteTest::minimal();
    site.replace(TASK, "meetings: 6", "meetings: -6").replace(
        TASK,
        "spent: 129650000",
        "spent: -5",
    );
    let run = site.check();
    run.assert_code(1)
        .assert_error_at(TASK, 12, 13)
        .assert_error_at(TASK, 18, 37);
    insta::assert_snapshot!(run.stderr());
}

#[test]
fn duplicate_task_id_names_both_files() {
    let site = SiteTest::minimal();
    site.write("content/tasks/copy.yaml", site.read(TASK));
    let run = site.check();
    run.assert_code(1)
        .assert_error_at(TASK, 1, 5)
        .assert_stderr_contains("duplicate task id `2022-xidong-01`")
        .assert_stderr_contains("content/tasks/copy.yaml:1:5");
    insta::assert_snapshot!(run.stderr());
}

#[test]
fn unknown_org_suggests_the_nearest_id() {
    let site = SiteTest::minimal();
    site.replace(TASK, "org: xidong", "org: xidon");
    let run = site.check();
    run.assert_code(1)
        .assert_error_at(TASK, 3, 6)
        .assert_stderr_contains("unknown org `xidon` (did you mean `xidong`?)");
    insta::assert_snapshot!(run.stderr());
}

#[test]
fn unknown_task_in_an_evaluation_result() {
    let site = SiteTest::minimal();
    site.replace(ROUND, "task: 2022-xidong-01", "task: 2022-xidong-1");
    let run = site.check();
    run.assert_code(1)
        .assert_error_at(ROUND, 7, 11)
        .assert_stderr_contains("unknown task `2022-xidong-1` (did you mean `2022-xidong-01`?)");
    insta::assert_snapshot!(run.stderr());
}

#[test]
fn unknown_task_in_a_notice() {
    let site = SiteTest::minimal();
    site.replace(
        NOTICE,
        "tasks: [2022-xidong-01]",
        "tasks: [2022-xidong-01, 2022-qingshui-09]",
    );
    let run = site.check();
    run.assert_code(1)
        .assert_error_at(NOTICE, 4, 25)
        .assert_stderr_contains("unknown task `2022-qingshui-09`");
    insta::assert_snapshot!(run.stderr());
}

#[test]
fn unknown_attachment_suggests_a_near_file() {
    let site = SiteTest::minimal();
    site.replace(TASK, "photos/xidong-0510.jpg", "photos/xidong-0511.jpg");
    let run = site.check();
    run.assert_code(1)
        .assert_error_at(TASK, 25, 19)
        .assert_stderr_contains("(did you mean `photos/xidong-0510.jpg`?)");
    insta::assert_snapshot!(run.stderr());
}

#[test]
fn org_parent_cycle_is_reported_once_with_its_path() {
    let site = SiteTest::minimal();
    site.replace(
        ORGS,
        "level: district\n",
        "level: district\n    parent: nanzhuang\n",
    );
    let run = site.check();
    run.assert_code(1)
        .assert_error_at(ORGS, 5, 13)
        .assert_stderr_contains("org parent cycle: suzhou → nanzhuang → xidong → suzhou");
    assert_eq!(run.headers().len(), 1, "{}", run.stderr);
    insta::assert_snapshot!(run.stderr());
}

#[test]
fn unknown_parent_org_suggests_the_nearest_id() {
    let site = SiteTest::minimal();
    site.replace(ORGS, "parent: suzhou", "parent: suzhuo");
    let run = site.check();
    run.assert_code(1)
        .assert_error_at(ORGS, 8, 13)
        .assert_stderr_contains("unknown parent org `suzhuo` (did you mean `suzhou`?)");
    insta::assert_snapshot!(run.stderr());
}

#[test]
fn deadline_before_start_is_an_error() {
    let site = SiteTest::minimal();
    site.replace(TASK, "deadline: 2022-11-30", "deadline: 2021-11-30");
    let run = site.check();
    run.assert_code(1)
        .assert_error_at(TASK, 10, 11)
        .assert_stderr_contains("deadline 2021-11-30 is before start 2022-01-15");
    insta::assert_snapshot!(run.stderr());
}

#[test]
fn excellent_grade_on_a_task_not_completed_names_the_rule() {
    let site = SiteTest::minimal();
    site.replace(TASK, "status: completed", "status: in_progress");
    let run = site.check();
    run.assert_code(1)
        .assert_error_at(ROUND, 9, 12)
        .assert_stderr_contains("cannot be graded `excellent`")
        .assert_stderr_contains("`in_progress`");
    insta::assert_snapshot!(run.stderr());
}

#[test]
fn excellent_grade_on_a_completed_task_with_an_unmet_target_names_the_rule() {
    let site = SiteTest::minimal();
    site.replace(
        TASK,
        "target: 1320, actual: 1320",
        "target: 1320, actual: 1046",
    );
    let run = site.check();
    run.assert_code(1)
        .assert_error_at(ROUND, 9, 12)
        .assert_stderr_contains("target `完成农房改造` is not met (1046 of 1320)")
        .assert_stderr_contains("cannot be graded `excellent`")
        .assert_stderr_contains(&format!("{TASK}:17:5"));
    insta::assert_snapshot!(run.stderr());
}

/// A regression test too: `days_between` returned 0 for every pair of dates, so no ledger
/// was ever stale.
#[test]
fn stale_in_progress_ledger_warns_and_fails_only_with_deny_warnings() {
    let site = SiteTest::minimal();
    site.replace(VILLAGE_TASK, "date: 2022-12-10", "date: 2022-09-10");
    let run = site.check();
    run.assert_code(0)
        .assert_warning_at(VILLAGE_TASK, 6, 9)
        .assert_stderr_contains("is 106 days before 2022-12-25");
    insta::assert_snapshot!(run.stderr());
    // Sixty days exactly is not stale yet.
    site.replace(VILLAGE_TASK, "date: 2022-09-10", "date: 2022-10-26");
    site.check_with(&["--deny-warnings"]).assert_code(0);
    site.replace(VILLAGE_TASK, "date: 2022-10-26", "date: 2022-10-25");
    let denied = site.check_with(&["--deny-warnings"]);
    denied.assert_code(1).assert_warning_at(VILLAGE_TASK, 6, 9);
}

#[test]
fn stage_evaluate_without_a_result_warns() {
    let site = SiteTest::minimal();
    site.replace(VILLAGE_TASK, "stage: solve", "stage: evaluate");
    let run = site.check();
    run.assert_code(0)
        .assert_warning_at(VILLAGE_TASK, 5, 8)
        .assert_stderr_contains("has no result in any evaluation round");
    insta::assert_snapshot!(run.stderr());
    site.check_with(&["--deny-warnings"]).assert_code(1);
}

#[test]
fn ledger_entry_after_as_of_warns() {
    let site = SiteTest::minimal();
    site.replace(VILLAGE_TASK, "date: 2022-12-10", "date: 2023-01-10");
    let run = site.check();
    run.assert_code(0)
        .assert_warning_at(VILLAGE_TASK, 13, 11)
        .assert_stderr_contains("after the data date (as_of) 2022-12-25");
    insta::assert_snapshot!(run.stderr());
    site.check_with(&["--deny-warnings"]).assert_code(1);
}

#[test]
fn every_error_in_two_files_is_reported_sorted_by_file_then_line() {
    let site = SiteTest::minimal();
    site.replace(TASK, "org: xidong", "org: xidon")
        .replace(TASK, "deadline: 2022-11-30", "deadline: 2021-11-30")
        .replace(TASK, "opinions: 85", "opinions: many")
        .replace(TASK, "kind: progress", "kind: prgress")
        .replace(ROUND, "dissatisfied: 2", "dissatisfied: -2")
        .replace(ROUND, "held: 2022-12-20", "held: 2022-12-32");
    let run = site.check();
    run.assert_code(1);
    let places: Vec<String> = run
        .headers()
        .iter()
        .map(|h| h.split(": ").next().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        places,
        [
            format!("{ROUND}:3:7"),
            format!("{ROUND}:8:67"),
            format!("{TASK}:3:6"),
            format!("{TASK}:10:11"),
            format!("{TASK}:13:13"),
            format!("{TASK}:23:11"),
        ],
        "{}",
        run.stderr
    );
    assert_eq!(run.summary(), "6 errors, 0 warnings in 2 files");
    insta::assert_snapshot!(run.stderr());
}

/// Regression: a task file with one mistake also made every evaluation result and notice
/// that names the task report "unknown task", burying the real error.
#[test]
fn a_broken_task_file_is_not_also_reported_unknown_where_it_is_referenced() {
    let site = SiteTest::minimal();
    site.replace(TASK, "plan: |", "plan: |\n  - [broken");
    site.replace(TASK, "stage: evaluate", "stage: [evaluate");
    let run = site.check();
    run.assert_code(1).assert_located_error(TASK);
    assert_eq!(run.headers().len(), 1, "{}", run.stderr);

    let site = SiteTest::minimal();
    site.replace(TASK, "plan: |\n  分批改造，逐户验收。\n", "");
    let run = site.check();
    run.assert_code(1).assert_error_at(TASK, 1, 1);
    assert_eq!(run.headers().len(), 1, "{}", run.stderr);
}

/// Likewise for an organisation whose entry in orgs.yaml is broken, and for a missing
/// orgs.yaml: the tasks of that org are not each reported.
#[test]
fn a_broken_org_is_not_also_reported_unknown_in_every_task() {
    let site = SiteTest::minimal();
    site.replace(ORGS, "    name: 西洞镇\n", "");
    let run = site.check();
    run.assert_code(1)
        .assert_error_at(ORGS, 5, 5)
        .assert_stderr_contains("missing required field `name` in this organisation");
    assert_eq!(run.headers().len(), 1, "{}", run.stderr);

    let site = SiteTest::minimal();
    site.remove(ORGS);
    let run = site.check();
    // Reported at the missing file, without a line.
    run.assert_code(1)
        .assert_stderr_contains(&format!("{ORGS}: error: missing required file {ORGS}"));
    assert_eq!(run.headers().len(), 1, "{}", run.stderr);
    insta::assert_snapshot!(run.stderr());
}

#[test]
fn a_folder_without_content_is_explained() {
    let site = SiteTest::empty();
    let run = site.check();
    run.assert_code(1).assert_stderr_contains(
        "[ROOT]: error: no content folder here"
            .replace("[ROOT]", &site.root().to_string_lossy())
            .as_str(),
    );
    insta::assert_snapshot!(run.stderr());
}

/// Regression: a task file that is a symbolic link (even to a valid task) or a named pipe
/// was skipped without a word, unlike `readme.txt`, which is warned about.
#[test]
fn a_symlinked_task_file_and_a_named_pipe_are_reported_not_silently_skipped() {
    let site = SiteTest::minimal();
    std::os::unix::fs::symlink(site.path(TASK), site.path("content/tasks/link.yaml"))
        .expect("make a symbolic link");
    let fifo = site.path("content/tasks/pipe.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("run mkfifo");
    assert!(made.success(), "mkfifo {}", fifo.display());
    let run = site.check();
    run.assert_code(0)
        .assert_warning_at("content/tasks/link.yaml", 1, 1)
        .assert_warning_at("content/tasks/pipe.yaml", 1, 1)
        .assert_stderr_contains("symbolic link")
        .assert_stderr_contains("named pipe");
    insta::assert_snapshot!(run.stderr());
}

/// Regression: an attachment that is a symbolic link under content/static/ was reported as
/// "no such file", which sends the editor looking for a file that is there.
#[test]
fn an_attachment_that_is_a_symlink_is_called_a_link_not_a_missing_file() {
    let site = SiteTest::minimal();
    std::os::unix::fs::symlink(
        site.path("content/static/photos/xidong-0510.jpg"),
        site.path("content/static/photos/link.jpg"),
    )
    .expect("make a symbolic link");
    site.replace(
        TASK,
        "attachments: [photos/xidong-0510.jpg]",
        "attachments: [photos/link.jpg]",
    );
    let run = site.check();
    run.assert_code(1)
        .assert_error_at(TASK, 25, 19)
        .assert_warning_at("content/static/photos/link.jpg", 1, 1);
    assert!(
        !run.stderr.contains("no such file"),
        "a link is not a missing file:\n{}",
        run.stderr
    );
    insta::assert_snapshot!(run.stderr());

    // A folder that is a link: the attachment goes through it.
    std::os::unix::fs::symlink(
        site.path("content/static/photos"),
        site.path("content/static/scans"),
    )
    .expect("make a folder link");
    site.replace(
        TASK,
        "attachments: [photos/link.jpg]",
        "attachments: [scans/xidong-0510.jpg]",
    );
    let run = site.check();
    run.assert_code(1)
        .assert_error_at(TASK, 25, 19)
        .assert_stderr_contains("lies in a folder that is a symbolic link");
}

/// Regression: an invalid `theme:` was reported at site.yaml:1:1 instead of at its line.
#[test]
fn an_invalid_theme_is_reported_at_its_line() {
    let site = SiteTest::minimal();
    site.replace(
        "content/site.yaml",
        "as_of: 2022-12-25",
        "as_of: 2022-12-25\ntheme: ../elsewhere",
    );
    let run = site.check();
    run.assert_code(1)
        .assert_error_at("content/site.yaml", 5, 8)
        .assert_stderr_contains("invalid theme `../elsewhere`");
    insta::assert_snapshot!(run.stderr());
}

/// A `theme:` with no folder under themes/ passed `check` and failed `build` with no
/// location; it is an error of `check`, at its line, naming the folders there are.
#[test]
fn a_theme_with_no_folder_is_an_error_of_check_at_its_line() {
    let site = SiteTest::minimal();
    site.replace(
        "content/site.yaml",
        "as_of: 2022-12-25",
        "as_of: 2022-12-25\ntheme: civic",
    );
    std::fs::create_dir_all(site.path("themes/plain")).expect("make a theme folder");
    let run = site.check();
    run.assert_code(1)
        .assert_error_at("content/site.yaml", 5, 8)
        .assert_stderr_contains("theme `civic` not found")
        .assert_stderr_contains("the themes/ folder has: plain");
    insta::assert_snapshot!(run.stderr());
    site.build_with(&[])
        .assert_code(1)
        .assert_error_at("content/site.yaml", 5, 8);
}
