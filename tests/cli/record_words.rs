//! The messages about the site's records in the site's language and in English: `publish`
//! and the publication chain, `verify`, personal numbers, `import` and `template`, the
//! content folder's files and site.yaml's settings. Each is snapshotted in both languages,
//! so that a change of wording is a reviewed change.

use crate::support::{Run, SiteTest};

const TASK: &str = "content/tasks/xidong/2022-xidong-01.yaml";
const ATTACHMENT: &str = "attachments: [photos/xidong-0510.jpg]";

/// `args` in English (`GONGSHI_LANG=en`, as every run of the tests) and as a clerk's
/// computer runs them (no override: the site's language, zh-CN).
fn in_both(site: &SiteTest, args: &[&str]) -> (Run, Run) {
    (site.run(args), site.run_in_locale("", args))
}

/// Transcripts of runs, one after the other, with every hash (12 hex digits or more)
/// written `[HASH]`: a hash changes with the theme, the wording must not.
fn transcripts(runs: &[&Run]) -> String {
    let text: String = runs.iter().map(|run| run.transcript()).collect();
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    for c in text.chars().chain(std::iter::once('\n')) {
        if c.is_ascii_hexdigit() && !c.is_ascii_uppercase() {
            run.push(c);
            continue;
        }
        if run.len() >= 12 {
            out.push_str("[HASH]");
        } else {
            out.push_str(&run);
        }
        run.clear();
        out.push(c);
    }
    out.pop();
    out
}

fn assert_chinese(run: &Run) {
    let all = format!("{}{}", run.stdout, run.stderr);
    for english in [
        "error:",
        "warning:",
        "cannot",
        "nothing",
        "published",
        "missing",
        "altered",
    ] {
        assert!(!all.contains(english), "`{english}` in\n{all}");
    }
}

#[test]
fn publish_says_what_it_wrote_or_why_it_refused_in_both_languages() {
    let site = SiteTest::minimal();
    let root = site.root().to_string_lossy().into_owned();
    let args = ["publish", "--root", root.as_str(), "--note", "年中"];
    let (en, zh_unchanged) = in_both(&site, &args);
    en.assert_code(0).assert_stdout_contains("published ");
    zh_unchanged
        .assert_code(0)
        .assert_stdout_contains("自第 1 次公示以来内容没有变化");
    site.replace(TASK, "text: 逐户验收完成。", "text: 逐户验收全部完成。");
    let zh = site.run_in_locale("", &args);
    zh.assert_code(0).assert_stdout_contains("已记录 ");
    assert_chinese(&zh_unchanged);
    assert_chinese(&zh);
    site.replace(
        "content/publications/0001.json",
        "\"actual\": 1320",
        "\"actual\": 1400",
    );
    let (en_edited, zh_edited) = in_both(&site, &args);
    en_edited.assert_code(1);
    zh_edited.assert_code(1);
    assert_chinese(&zh_edited);
    insta::assert_snapshot!("publish", transcripts(&[&en, &zh, &en_edited, &zh_edited]));
}

#[test]
fn verify_lists_each_difference_in_the_readers_language() {
    let site = SiteTest::minimal();
    let root = site.root().to_string_lossy().into_owned();
    site.run(&["publish", "--root", &root]).assert_code(0);
    site.run(&["build", "--root", &root]).assert_code(0);
    let public = site.path("public");
    let robots = public.join("robots.txt");
    let text = std::fs::read_to_string(&robots).expect("robots.txt");
    std::fs::write(&robots, text + "# altered\n").expect("alter a file");
    std::fs::remove_file(public.join("atom.xml")).expect("delete a file");
    std::fs::write(public.join("tasks/extra.html"), "<p>not built</p>").expect("add a file");
    let copy = public.to_string_lossy().into_owned();
    // Run from the site's folder, `verify` speaks the site's language whatever the
    // computer's locale (a clerk checking the copy just deployed).
    let from_site = std::process::Command::new(env!("CARGO_BIN_EXE_gongshi"))
        .args(["verify", &copy])
        .current_dir(site.root())
        .env("GONGSHI_LANG", "")
        .env("LC_ALL", "")
        .env("LC_MESSAGES", "")
        .env("LANG", "C.UTF-8")
        .output()
        .expect("run gongshi verify");
    let said = String::from_utf8_lossy(&from_site.stdout);
    assert_eq!(from_site.status.code(), Some(1));
    assert!(said.contains("atom.xml: 缺失"), "{said}");
    // Elsewhere `verify` has no site to take a language from: the computer's locale says.
    let en = site.run(&["verify", &copy]);
    let zh = site.run_in_locale("zh_CN.UTF-8", &["verify", &copy]);
    en.assert_code(1);
    zh.assert_code(1);
    assert_chinese(&zh);
    assert_eq!(zh.stdout.lines().count(), 3, "{}", zh.stdout);
    let usage = site.run_in_locale("zh_CN.UTF-8", &["verify", "ftp://gongshi.test/"]);
    usage.assert_code(2);
    assert_chinese(&usage);
    insta::assert_snapshot!("verify", transcripts(&[&en, &zh, &usage]));
}

#[test]
fn an_unmasked_mobile_number_is_shown_masked_in_both_languages() {
    let site = SiteTest::minimal();
    site.replace(
        TASK,
        "text: 首批示范点开工。",
        "text: 首批示范点开工，联系人 13812345678。",
    );
    let root = site.root().to_string_lossy().into_owned();
    let (en, zh) = in_both(&site, &["check", "--root", &root]);
    en.assert_code(1).assert_error_at(TASK, 24, 23);
    zh.assert_code(1);
    assert_chinese(&zh);
    for run in [&en, &zh] {
        assert!(run.stderr.contains("138****5678"), "{}", run.stderr);
        assert!(!run.stderr.contains("13812345678"), "{}", run.stderr);
    }
    insta::assert_snapshot!("privacy", transcripts(&[&en, &zh]));
}

#[test]
fn import_names_each_cell_and_what_it_would_write_in_both_languages() {
    let site = SiteTest::minimal();
    site.write(
        "台账.csv",
        "任务编号,日期,类型,内容\n\
         2022-xidong-01,2022/13/5,进展,开工\n\
         2022-xidong-1,2022-06-01,督查,检查\n\
         2022-xidong-01,2022-06-02,好,整改\n",
    );
    site.write(
        "好台账.csv",
        "任务编号,日期,类型,内容\n2022-xidong-01,2022/6/1,督查,镇纪委督查。\n",
    );
    let root = site.root().to_string_lossy().into_owned();
    let bad = site.path("台账.csv").to_string_lossy().into_owned();
    let good = site.path("好台账.csv").to_string_lossy().into_owned();
    let (en, zh) = in_both(&site, &["import", &bad, "--root", &root]);
    en.assert_code(1);
    zh.assert_code(1);
    assert_chinese(&zh);
    for cell in ["!B2:", "!A3:", "!C4:"] {
        assert!(zh.stderr.contains(cell), "{cell} in\n{}", zh.stderr);
    }
    let files = site.files();
    let (en_plan, zh_plan) = in_both(&site, &["import", &good, "--root", &root, "--dry-run"]);
    en_plan.assert_code(0);
    zh_plan.assert_code(0);
    assert_chinese(&zh_plan);
    assert_eq!(site.files(), files, "a refused import or a dry run wrote");
    let template = site.path("模板.xlsx").to_string_lossy().into_owned();
    site.run_in_locale("", &["template", &template])
        .assert_code(0);
    let again = site.run_in_locale("", &["template", &template]);
    again.assert_code(1);
    assert_chinese(&again);
    // A folder that is not there: the system's refusal in Chinese too.
    let nowhere = site
        .path("没有的文件夹/模板.xlsx")
        .to_string_lossy()
        .into_owned();
    let refused = site.run_in_locale("", &["template", &nowhere]);
    refused.assert_code(1);
    assert_chinese(&refused);
    assert!(!refused.stderr.contains("os error"), "{}", refused.stderr);
    insta::assert_snapshot!(
        "import",
        transcripts(&[&en, &zh, &en_plan, &zh_plan, &again])
    );
}

#[test]
fn unreadable_files_and_wrong_settings_are_explained_in_both_languages() {
    let site = SiteTest::minimal();
    site.replace(
        "content/site.yaml",
        "as_of:",
        "theme: ../mine\npage_size: 0\ndeploy:\n  - {name: web, kind: ftp}\nas_of:",
    );
    // A notice saved by a Windows editor as "Unicode" (UTF-16), a picture in the pages
    // folder, and the organisations file unpacked into a folder of its name.
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "---\ntitle: 通知\n---\n".encode_utf16() {
        utf16.extend_from_slice(&unit.to_le_bytes());
    }
    site.write("content/notices/2022-12-01-通知.md", utf16);
    site.write("content/pages/photo.jpg", [0xFF, 0xD8, 0xFF]);
    let orgs = site.read("content/orgs.yaml");
    site.remove("content/orgs.yaml");
    std::fs::create_dir_all(site.path("content/orgs.yaml/orgs")).expect("a folder");
    site.write("content/orgs.yaml/orgs/orgs.yaml", orgs);
    let root = site.root().to_string_lossy().into_owned();
    let (en, zh) = in_both(&site, &["check", "--root", &root]);
    en.assert_code(1);
    zh.assert_code(1);
    assert_chinese(&zh);
    insta::assert_snapshot!("files_and_settings", transcripts(&[&en, &zh]));
}

#[test]
fn a_windows_path_in_quotes_gets_use_slash_like_the_unquoted_one() {
    // (what the clerk typed, where the `\` is, or the opening quote when YAML read the
    // backslash as an escape; a single-quoted path is located at its line only)
    let cases = [
        ("attachments: [\"photos\\xidong-0510.jpg\"]", 25, Some(26)),
        ("attachments: [\"photos\\new.jpg\"]", 25, Some(19)),
        ("attachments: ['photos\\xidong-0510.jpg']", 25, None),
    ];
    let mut shown = Vec::new();
    for (typed, line, col) in cases {
        let site = SiteTest::minimal();
        site.replace(TASK, ATTACHMENT, typed);
        let root = site.root().to_string_lossy().into_owned();
        let (en, zh) = in_both(&site, &["check", "--root", &root]);
        en.assert_code(1);
        let at = match col {
            Some(col) => format!("{TASK}:{line}:{col}: error: "),
            None => format!("{TASK}:{line}:"),
        };
        assert!(
            en.stderr.lines().any(|l| l.starts_with(&at)),
            "{typed}: no {at:?} in\n{}",
            en.stderr
        );
        zh.assert_code(1);
        assert!(en.stderr.contains("use `/`"), "{typed}: {}", en.stderr);
        assert!(
            zh.stderr.contains("网址里要用 `/`"),
            "{typed}: {}",
            zh.stderr
        );
        shown.push(en);
        shown.push(zh);
    }
    let runs: Vec<&Run> = shown.iter().collect();
    insta::assert_snapshot!("quoted_windows_path", transcripts(&runs));
}
