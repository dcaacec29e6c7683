//! The personal-data check through `gongshi check`: each kind of number planted in a
//! different place is caught at its line and column and shown masked, the feedback contact
//! and `privacy: allow:` are respected, and neither the sample site nor a generated
//! 10,000-task site (dates, amounts, ids, vote counts by the thousand) raises a false alarm.

use crate::support::SiteTest;
use std::path::Path;
use std::process::Command;

const TASK: &str = "content/tasks/xidong/2022-xidong-01.yaml";
const NOTICE: &str = "content/notices/2022-12-22-publicity.md";

#[test]
fn each_planted_personal_number_is_an_error_at_its_place_shown_masked() {
    let site = SiteTest::minimal();
    site.replace(
        TASK,
        "首批示范点开工。",
        "首批示范点开工，联系人手机13812345678。",
    );
    let ledger_line = site
        .read(TASK)
        .lines()
        .position(|l| l.contains("13812345678"))
        .expect("planted")
        + 1;
    let notice = site.read(NOTICE);
    site.write(
        NOTICE,
        format!(
            "{notice}\n申请人身份证号 11010519491231002X，收款卡号 6222 0212 3456 7890 128。\n"
        ),
    );
    let notice_line = site.read(NOTICE).lines().count();
    let run = site.check();
    run.assert_code(1);
    let col = "    text: 首批示范点开工，联系人手机".chars().count() as u32 + 1;
    run.assert_error_at(TASK, ledger_line as u32, col);
    run.assert_error_at(NOTICE, notice_line as u32, 9);
    let stderr = run.stderr();
    for masked in ["138****5678", "110105********002X", "6222***********0128"] {
        assert!(stderr.contains(masked), "{masked} not shown\n{stderr}");
    }
    // The report names the masked form only, in the messages and in the quoted source
    // lines alike (a report pasted into a chat group leaks nothing), and the caret still
    // sits under the number.
    for full in [
        "13812345678",
        "11010519491231002X",
        "6222021234567890128",
        "6222 0212 3456 7890 128",
    ] {
        assert!(
            !stderr.contains(full),
            "the report repeats {full}\n{stderr}"
        );
    }
    assert!(
        stderr.contains("| 申请人身份证号 110105********002X，收款卡号 6222 **** **** ***0 128。"),
        "the quoted line is masked\n{stderr}"
    );
    assert!(
        stderr.contains("联系人手机138****5678。"),
        "the quoted ledger line is masked\n{stderr}"
    );
    // Nothing is built while personal data would be published.
    site.build_with(&[]).assert_code(1);
    assert!(!site.path("public").exists());
}

#[test]
fn the_feedback_contact_and_allowed_files_are_not_reported() {
    let site = SiteTest::minimal();
    site.replace(
        "content/site.yaml",
        "phone: 0937-0000000",
        "phone: 13912345678",
    );
    site.replace(
        TASK,
        "首批示范点开工。",
        "首批示范点开工，服务热线13800001111。",
    );
    site.check()
        .assert_code(1)
        .assert_stderr_contains("138****1111");
    let text = site.read("content/site.yaml");
    site.write(
        "content/site.yaml",
        format!("{text}privacy:\n  allow:\n    - {TASK}\n"),
    );
    site.check().assert_code(0);
    let site = SiteTest::minimal();
    site.replace(
        TASK,
        "首批示范点开工。",
        "首批示范点开工，服务热线13800001111。",
    );
    let text = site.read("content/site.yaml");
    site.write(
        "content/site.yaml",
        format!("{text}privacy:\n  allow: [\"13800001111\"]\n"),
    );
    site.check().assert_code(0);
}

#[test]
fn the_sample_site_has_no_personal_numbers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let output = Command::new(env!("CARGO_BIN_EXE_gongshi"))
        .args(["check", "--root"])
        .env("GONGSHI_LANG", "en")
        .arg(root)
        .output()
        .expect("run gongshi check");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && !stderr.contains("unmasked"),
        "{stderr}"
    );
}

#[test]
fn a_generated_ten_thousand_task_site_has_no_false_alarms() {
    let site = SiteTest::generated(10_000);
    let run = site.check();
    assert!(
        !run.stderr.contains("unmasked"),
        "false alarms on generated data:\n{}",
        run.stderr.lines().take(40).collect::<Vec<_>>().join("\n")
    );
    run.assert_code(0);
}
