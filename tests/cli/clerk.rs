//! What a township clerk meets on a zh-CN site: messages in the site's language (and in
//! English for an en reader), the slips a Chinese keyboard makes located at the character,
//! the site's own words accepted in the files, and nothing unfinished published. Each
//! mistake's message is snapshotted in both languages, so that a change of wording is a
//! reviewed change.

use crate::support::{Run, SiteTest};

const TASK: &str = "content/tasks/xidong/2022-xidong-01.yaml";
const ROUND: &str = "content/evaluations/2022-year-end.yaml";

/// `check` in English (`GONGSHI_LANG=en`, as every run of the tests) and as a clerk's
/// computer runs it (no override, `LANG` unset: the site's language, zh-CN).
fn check_in_both(site: &SiteTest) -> (Run, Run) {
    let root = site.root().to_string_lossy().into_owned();
    let en = site.check();
    let zh = site.run_in_locale("", &["check", "--root", &root]);
    (en, zh)
}

/// One mistake per row: (name, file, text replaced, what the clerk typed, line, column of
/// the offending character).
const MISTAKES: &[(&str, &str, &str, &str, u32, u32)] = &[
    (
        "full_width_colon",
        TASK,
        "category: 农房改造",
        "category：\"农房改造\"",
        5,
        9,
    ),
    (
        "full_width_comma",
        TASK,
        "  - {name: 完成农房改造, unit: 户, target: 1320, actual: 1320}",
        "  - name: 完成农房改造\n    target: 1320，actual: 860",
        18,
        17,
    ),
    (
        "thousands_separator_in_a_flow_mapping",
        TASK,
        "target: 1320, actual: 1320}",
        "target: 1,320, actual: 1320}",
        17,
        38,
    ),
    (
        "thousands_separators_twice",
        TASK,
        "budget: {planned: 132000000",
        "budget: {planned: 132,000,000",
        18,
        22,
    ),
    (
        "thousands_separator_in_a_block_mapping",
        TASK,
        "  - {name: 完成农房改造, unit: 户, target: 1320, actual: 1320}",
        "  - name: 完成农房改造\n    target: 1,320",
        18,
        13,
    ),
    (
        "tab_indentation",
        TASK,
        "  meetings: 6",
        "\tmeetings: 6",
        12,
        1,
    ),
    (
        "empty_plan",
        TASK,
        "plan: |\n  分批改造，逐户验收。",
        "plan:",
        14,
        1,
    ),
    (
        "windows_path",
        TASK,
        "photos/xidong-0510.jpg",
        "photos\\xidong-0510.jpg",
        25,
        25,
    ),
    (
        "org_name_for_its_id",
        TASK,
        "org: xidong",
        "org: 西洞镇",
        3,
        6,
    ),
    (
        "task_id_in_chinese",
        TASK,
        "id: 2022-xidong-01",
        "id: 2022-西洞-01",
        1,
        5,
    ),
];

#[test]
fn each_keyboard_slip_is_located_at_its_character_in_both_languages() {
    for (name, file, from, to, line, col) in MISTAKES {
        let site = SiteTest::minimal();
        site.replace(file, from, to);
        let (en, zh) = check_in_both(&site);
        en.assert_code(1).assert_error_at(file, *line, *col);
        zh.assert_code(1);
        let header = format!("{file}:{line}:{col}: 错误: ");
        assert!(
            zh.stderr.lines().any(|l| l.starts_with(&header)),
            "{name}: no {header:?} in\n{}",
            zh.stderr
        );
        for jargon in ["simple key", "scanning", "must match", "[A-Za-z0-9]"] {
            assert!(!en.stderr.contains(jargon), "{name}: {}", en.stderr);
            assert!(!zh.stderr.contains(jargon), "{name}: {}", zh.stderr);
        }
        insta::assert_snapshot!(
            format!("mistake_{name}"),
            format!("--- en\n{}--- zh-CN\n{}", en.stderr(), zh.stderr())
        );
    }
}

#[test]
fn a_clean_site_says_so_in_its_language() {
    let site = SiteTest::minimal();
    let (en, zh) = check_in_both(&site);
    en.assert_code(0);
    zh.assert_code(0);
    assert_eq!(en.stderr, "no problems in 7 files\n");
    assert_eq!(zh.stderr, "检查了 7 个文件，没有发现问题\n");
    // An en site reads English on a Chinese computer; GONGSHI_LANG overrides both.
    site.replace("content/site.yaml", "as_of:", "language: en\nas_of:");
    let root = site.root().to_string_lossy().into_owned();
    let run = site.run_in_locale("zh_CN.UTF-8", &["check", "--root", &root]);
    assert_eq!(run.stderr, "no problems in 7 files\n");
}

#[test]
fn without_a_site_messages_follow_the_computers_language() {
    let site = SiteTest::empty();
    let root = site.root().to_string_lossy().into_owned();
    let zh = site.run_in_locale("zh_CN.UTF-8", &["check", "--root", &root]);
    let en = site.run_in_locale("en_US.UTF-8", &["check", "--root", &root]);
    zh.assert_code(1)
        .assert_stderr_contains("错误: 这里没有 content 文件夹");
    en.assert_code(1)
        .assert_stderr_contains("error: no content folder here");
    // Reported at the folder, not at a line 1 of a file that does not exist.
    assert!(!en.stderr.contains("content:1:1"), "{}", en.stderr);
}

#[test]
fn help_is_in_chinese_for_a_chinese_reader() {
    let site = SiteTest::empty();
    let zh = site.run_in_locale("zh_CN.UTF-8", &["build", "--help"]);
    zh.assert_code(0);
    let options: Vec<&str> = zh
        .stdout
        .lines()
        .filter(|l| l.trim_start().starts_with('-'))
        .collect();
    assert!(options.len() >= 8, "{}", zh.stdout);
    for line in options {
        assert!(
            line.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
            "an option without Chinese help: {line}"
        );
    }
    assert!(zh.stdout.contains("用法：gongshi build"), "{}", zh.stdout);
    let en = site.run_in_locale("en_US.UTF-8", &["build", "--help"]);
    assert!(en.stdout.contains("The site root"), "{}", en.stdout);
}

/// The labels the site shows, in either language, are the same values as the ids: the
/// built site is byte for byte the same.
#[test]
fn the_sites_own_words_build_the_same_pages_as_the_ids() {
    let ids = SiteTest::minimal();
    let words = SiteTest::minimal();
    words
        .replace(TASK, "stage: evaluate", "stage: 评题")
        .replace(TASK, "status: completed", "status: 已完成")
        .replace(TASK, "kind: progress", "kind: 工作进展")
        .replace(
            "content/tasks/xidong/2022-nanzhuang-01.yaml",
            "stage: solve",
            "stage: 破题",
        )
        .replace(
            "content/tasks/xidong/2022-nanzhuang-01.yaml",
            "status: in_progress",
            "status: In progress",
        )
        .replace(
            "content/tasks/xidong/2022-nanzhuang-01.yaml",
            "kind: inspection",
            "kind: 督查",
        )
        .replace(ROUND, "grade: excellent", "grade: 优秀")
        .replace("content/orgs.yaml", "level: village", "level: 村");
    words.check().assert_code(0);
    let (a, b) = (ids.build(), words.build());
    let files = a.files();
    assert!(files.len() > 20);
    assert_eq!(files, b.files());
    for file in &files {
        assert!(a.bytes(file) == b.bytes(file), "{file} differs");
    }
}

#[test]
fn new_task_with_an_orgs_name_lists_the_ids_with_their_names() {
    let site = SiteTest::minimal();
    let root = site.root().to_string_lossy().into_owned();
    let args = [
        "new",
        "task",
        "--org",
        "西洞镇",
        "--title",
        "修路",
        "--root",
        &root,
    ];
    let en = site.run(&args);
    let zh = site.run_in_locale("", &args);
    en.assert_code(1)
        .assert_stderr_contains("did you mean `xidong` (西洞镇)?")
        .assert_stderr_contains("  nanzhuang (南庄村)");
    zh.assert_code(1)
        .assert_stderr_contains("是不是要写 `xidong`（西洞镇）")
        .assert_stderr_contains("  nanzhuang (南庄村)");
    insta::assert_snapshot!(format!(
        "--- en\n{}--- zh-CN\n{}",
        en.transcript(),
        zh.transcript()
    ));
}

/// `init`, then `new task`: the placeholders and the example address are each named, and
/// `build` refuses the placeholders until they are replaced or explicitly allowed.
#[test]
fn a_new_task_is_not_published_with_its_placeholders() {
    let site = SiteTest::empty();
    let tmp = site
        .root()
        .parent()
        .expect("temporary folder")
        .to_path_buf();
    let dir = tmp.join("town-site");
    let dir_arg = dir.to_string_lossy().into_owned();
    site.run(&["init", &dir_arg]).assert_code(0);
    site.run(&[
        "new", "task", "--org", "town", "--title", "修桥", "--root", &dir_arg,
    ])
    .assert_code(0);
    let zh = site.run_in_locale("", &["check", "--root", &dir_arg]);
    zh.assert_code(0);
    for placeholder in ["（目标名称）", "（写明", "建立任务台账。", "表决票数 0/0/0"]
    {
        assert!(
            zh.stderr.contains(placeholder),
            "{placeholder}: {}",
            zh.stderr
        );
    }
    assert!(
        zh.stderr.contains("示例网址 https://example.org/"),
        "{}",
        zh.stderr
    );
    let out = tmp.join("town-out").to_string_lossy().into_owned();
    let refused = site.run_in_locale("", &["build", "--root", &dir_arg, "--output", &out]);
    refused.assert_code(1);
    assert!(
        refused.stderr.ends_with(
            "错误: 任务里还有 5 处 `gongshi new task` 写的占位内容（见上面的警告），没有生成任何文件；改写后再生成，或者加 --allow-placeholders\n"
        ),
        "{}",
        refused.stderr
    );
    assert!(!tmp.join("town-out").exists());
    site.run(&[
        "build",
        "--root",
        &dir_arg,
        "--output",
        &out,
        "--allow-placeholders",
    ])
    .assert_code(0);
    // The address is an error only when warnings are denied, and then the words say so.
    let denied = site.run(&[
        "build",
        "--root",
        &dir_arg,
        "--output",
        &out,
        "--allow-placeholders",
        "--deny-warnings",
    ]);
    denied
        .assert_code(1)
        .assert_stderr_contains("warning: `base_url` is still the example address https://example.org/")
        .assert_stderr_contains(
            "error: the site has warnings and --deny-warnings makes them errors; nothing was written",
        );
    // Published under its real address, the example one is no longer a warning.
    let real = site.run(&[
        "build",
        "--root",
        &dir_arg,
        "--output",
        &out,
        "--allow-placeholders",
        "--deny-warnings",
        "--base-url",
        "https://gongshi.test/town/",
    ]);
    assert!(!real.stderr.contains("example address"), "{}", real.stderr);
    // init's pages speak to the public, not of command lines.
    let about = std::fs::read_to_string(dir.join("content/pages/about.md")).expect("about");
    assert!(!about.contains("gongshi"), "{about}");
}

#[test]
fn an_actual_above_its_target_and_a_notice_after_the_data_date_warn() {
    let site = SiteTest::minimal();
    site.replace(
        "content/tasks/xidong/2022-nanzhuang-01.yaml",
        "target: 20, actual: 12",
        "target: 20, actual: 120",
    )
    .replace(
        "content/notices/2022-12-22-publicity.md",
        "date: 2022-12-22",
        "date: 2023-01-05",
    );
    let (en, zh) = check_in_both(&site);
    en.assert_code(0)
        .assert_warning_at("content/tasks/xidong/2022-nanzhuang-01.yaml", 11, 5)
        .assert_stderr_contains("`actual` 120 is far above the target 20 of `新建温室`")
        .assert_stderr_contains(
            "notice dated 2023-01-05 is after the data date (as_of) 2022-12-25",
        );
    zh.assert_code(0)
        .assert_stderr_contains("目标“新建温室”的完成值 120 远远超过了目标值 20");
    site.check_with(&["--deny-warnings"]).assert_code(1);
    // Work done a little beyond the plan is not questioned.
    site.replace(
        "content/tasks/xidong/2022-nanzhuang-01.yaml",
        "actual: 120",
        "actual: 22",
    )
    .replace(
        "content/notices/2022-12-22-publicity.md",
        "date: 2023-01-05",
        "date: 2022-12-22",
    );
    site.check_with(&["--deny-warnings"]).assert_code(0);
    // Nor is a small count twice its target: 2 greenhouses of a planned 1.
    site.replace(
        "content/tasks/xidong/2022-nanzhuang-01.yaml",
        "target: 20, actual: 22",
        "target: 1, actual: 2",
    );
    site.check_with(&["--deny-warnings"]).assert_code(0);
}

#[test]
fn init_over_a_folder_with_a_gitignore_writes_nothing() {
    let site = SiteTest::empty();
    let tmp = site
        .root()
        .parent()
        .expect("temporary folder")
        .to_path_buf();
    let dir = tmp.join("kept");
    std::fs::create_dir(&dir).expect("create folder");
    std::fs::write(dir.join(".gitignore"), "mine\n").expect("write .gitignore");
    site.run(&["init", &dir.to_string_lossy()]).assert_code(1);
    assert!(!dir.join("content").exists(), "init wrote half a site");
    assert_eq!(
        std::fs::read_to_string(dir.join(".gitignore")).expect("read"),
        "mine\n"
    );
}
