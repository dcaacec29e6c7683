//! `gongshi import` and `gongshi template` on the minimal fixture: workbooks made here with
//! rust_xlsxwriter hold what real sheets hold (title rows, Excel and typed dates, numbers as
//! text, full-width digits, stray spaces, Chinese words), and each import must leave a site
//! that passes `check`, report every bad cell by its address, and change nothing when run
//! again.

use crate::support::SiteTest;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::collections::BTreeMap;
use std::path::Path;

/// A cell written by the tests.
#[derive(Clone)]
enum V {
    T(&'static str),
    S(String),
    N(f64),
    D(u16, u8, u8),
    Blank,
}
use V::*;

/// Writes a workbook: each sheet a name, rows of cells starting at A1.
fn workbook(path: &Path, sheets: &[(&str, Vec<Vec<V>>)]) {
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy/m/d");
    for (name, rows) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(*name).expect("a valid sheet name");
        for (r, row) in rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                match cell {
                    T(text) => sheet.write_string(r, c, *text).map(|_| ()),
                    S(text) => sheet.write_string(r, c, text).map(|_| ()),
                    N(n) => sheet.write_number(r, c, *n).map(|_| ()),
                    D(y, m, d) => sheet
                        .write_datetime_with_format(
                            r,
                            c,
                            ExcelDateTime::from_ymd(*y, *m, *d).expect("a valid date"),
                            &date,
                        )
                        .map(|_| ()),
                    Blank => Ok(()),
                }
                .expect("write a cell");
            }
        }
    }
    book.save(path).expect("save the workbook");
}

/// Every file under the site root with its bytes.
fn snapshot(site: &SiteTest) -> BTreeMap<String, Vec<u8>> {
    site.files()
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(site.path(&f)).expect("read a site file");
            (f, bytes)
        })
        .collect()
}

fn import(site: &SiteTest, file: &str, extra: &[&str]) -> crate::support::Run {
    let root = site.root().to_string_lossy().into_owned();
    let file = site.path(file).to_string_lossy().into_owned();
    let mut args = vec!["import", file.as_str(), "--root", root.as_str()];
    args.extend_from_slice(extra);
    site.run(&args)
}

const LEDGER: &str = "content/tasks/xidong/2022-nanzhuang-01.yaml";

fn ledger_sheet() -> Vec<Vec<V>> {
    vec![
        // A title row above the header (merged in real sheets), then an empty row.
        vec![T("南庄村破题工作台账（2022年）")],
        vec![],
        // Any column order, an extra column, headers with stray spaces.
        vec![
            T("日期"),
            T(" 任务编号 "),
            T("填报人"),
            T("类型"),
            T("内容"),
        ],
        vec![
            D(2022, 12, 11),
            T("2022-nanzhuang-01"),
            T("张"),
            T("督查"),
            T("镇督查组第二次查看大棚建设。"),
        ],
        vec![
            T("2022/12/12"),
            T("2022-nanzhuang-01 "),
            Blank,
            T("通报"),
            T("通报大棚建设进度。  "),
        ],
        vec![],
        vec![
            T("2022年12月13日"),
            T("2022-nanzhuang-01"),
            Blank,
            Blank,
            T("新建温室完成14座。"),
        ],
        vec![
            T("２０２２.１２.１４"),
            T("2022-xidong-01"),
            Blank,
            T("工作进展"),
            T("整理验收资料。"),
        ],
    ]
}

#[test]
fn a_ledger_sheet_as_offices_keep_it_is_appended_keeping_comments_and_passes_check() {
    let site = SiteTest::minimal();
    site.replace(
        LEDGER,
        "ledger:\n",
        "# 台账按日期记录\nledger:   # 最新的写在最后\n",
    );
    site.write(LEDGER, format!("{}# 文件结束\n", site.read(LEDGER)));
    let before = site.read(LEDGER);
    workbook(&site.path("ledger.xlsx"), &[("台账", ledger_sheet())]);

    let run = import(&site, "ledger.xlsx", &[]);
    run.assert_code(0);
    let stderr = run.stderr();
    assert!(
        stderr
            .contains("[ROOT]/ledger.xlsx:台账 row 3: warning: columns not imported: 填报人 (C3)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("change content/tasks/xidong/2022-nanzhuang-01.yaml"),
        "{stderr}"
    );

    let after = site.read(LEDGER);
    let (kept, added) = after.split_at(before.len() - "# 文件结束\n".len());
    assert!(
        before.starts_with(kept),
        "the file's text before the new entries is unchanged"
    );
    assert_eq!(
        added,
        "  - date: 2022-12-11\n    kind: inspection\n    text: \"镇督查组第二次查看大棚建设。\"\n  - date: 2022-12-12\n    kind: notification\n    text: \"通报大棚建设进度。\"\n  - date: 2022-12-13\n    kind: progress\n    text: \"新建温室完成14座。\"\n# 文件结束\n"
    );
    assert!(after.contains("# 台账按日期记录\nledger:   # 最新的写在最后\n"));
    assert!(
        site.read("content/tasks/xidong/2022-xidong-01.yaml")
            .contains("  - date: 2022-12-14\n    kind: progress\n    text: \"整理验收资料。\"\n")
    );
    site.check()
        .assert_code(0)
        .assert_stderr_contains("no problems");

    // Importing the same sheet again changes no byte.
    let files = snapshot(&site);
    let again = import(&site, "ledger.xlsx", &[]);
    again
        .assert_code(0)
        .assert_stderr_contains("0 files changed, 4 rows already in the site");
    assert!(files == snapshot(&site), "a second import changed files");
}

#[test]
fn dry_run_prints_what_would_be_written_and_writes_nothing() {
    let site = SiteTest::minimal();
    workbook(&site.path("ledger.xlsx"), &[("台账", ledger_sheet())]);
    let files = snapshot(&site);
    let run = import(&site, "ledger.xlsx", &["--dry-run"]);
    run.assert_code(0);
    let stderr = run.stderr();
    assert!(stderr.contains("would change content/tasks/xidong/2022-nanzhuang-01.yaml\n  + ledger 2022-12-11 Inspection: 镇督查组第二次查看大棚建设。\n"), "{stderr}");
    assert!(
        stderr.contains("nothing was written (--dry-run)"),
        "{stderr}"
    );
    assert!(files == snapshot(&site), "--dry-run wrote files");
}

#[test]
fn every_bad_cell_is_reported_at_its_address_and_nothing_is_written() {
    let site = SiteTest::minimal();
    workbook(
        &site.path("bad.xlsx"),
        &[(
            "台账",
            vec![
                vec![T("任务编号"), T("日期"), T("类型"), T("内容")],
                vec![
                    T("2022-nanzhuang-01"),
                    T("2022/13/5"),
                    T("督察"),
                    T("查看大棚。"),
                ],
                vec![
                    T("2022-nanzhaung-01"),
                    D(2022, 12, 1),
                    T("通报"),
                    T("通报进度。"),
                ],
                vec![T("2022-nanzhuang-01"), T("十二月一日"), Blank, Blank],
                vec![Blank, D(2022, 12, 2), Blank, T("没有任务编号的一行。")],
                vec![
                    T("2022-nanzhuang-01"),
                    D(2022, 12, 3),
                    Blank,
                    T("这一行没有问题。"),
                ],
            ],
        )],
    );
    let files = snapshot(&site);
    let run = import(&site, "bad.xlsx", &[]);
    run.assert_code(1);
    insta::assert_snapshot!(run.stderr(), @r"
    [ROOT]/bad.xlsx:台账!B2: error: invalid 日期 (date) `2022/13/5`
      = help: there is no month 13; type the date as 2022-05-10, 2022/5/10 or 2022年5月10日
    [ROOT]/bad.xlsx:台账!C2: error: invalid 类型 (kind) `督察`
      = help: choose one of 工作进展、督查、通报、约谈
    [ROOT]/bad.xlsx:台账!A3: error: unknown task `2022-nanzhaung-01` (did you mean `2022-nanzhuang-01`?)
      = help: 任务编号 must be the id of a task in content/tasks/; import the tasks sheet first to add new tasks
    [ROOT]/bad.xlsx:台账!B4: error: invalid 日期 (date) `十二月一日`
      = help: type the date as 2022-05-10, 2022/5/10 or 2022年5月10日
    [ROOT]/bad.xlsx:台账!D4: error: 内容 (text) is empty
      = help: fill in 内容, or delete the row
    [ROOT]/bad.xlsx:台账!A5: error: 任务编号 (task) is empty
      = help: fill in 任务编号, or delete the row
    6 errors in [ROOT]/bad.xlsx; nothing was written
    ");
    assert!(
        files == snapshot(&site),
        "a sheet with errors changed files"
    );
}

#[test]
fn a_gb18030_csv_saved_by_chinese_excel_is_read() {
    let site = SiteTest::minimal();
    let text = "任务编号,日期,类型,内容\r\n2022-nanzhuang-01,2022/12/11,约谈,镇党委约谈南庄村党支部书记。\r\n";
    let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the test file must not be UTF-8"
    );
    site.write("台账.csv", &bytes);
    import(&site, "台账.csv", &[]).assert_code(0);
    assert!(site.read(LEDGER).ends_with(
        "  - date: 2022-12-11\n    kind: interview\n    text: \"镇党委约谈南庄村党支部书记。\"\n"
    ));
    site.check().assert_code(0);
}

fn tasks_sheet(status: &'static str, actual: V) -> Vec<Vec<V>> {
    vec![
        vec![T("2023年任务清单")],
        vec![
            T("任务编号"),
            T("任务名称"),
            T("责任单位"),
            T("责任人"),
            T("职务"),
            T("年度"),
            T("步骤"),
            T("状态"),
            T("开始时间"),
            T("完成时限"),
            T("目标名称"),
            T("单位"),
            T("目标值"),
            T("完成值"),
            T("方案"),
        ],
        vec![
            T("2023-nanzhuang-01"),
            T("南庄村道路硬化 "),
            T("南庄村"),
            T("李明"),
            T("村党支部书记"),
            T("２０２３"),
            T("破题"),
            T(status),
            D(2023, 3, 1),
            T("2023年12月31日"),
            T("道路硬化"),
            T("公里"),
            T("2"),
            actual,
            T("完成村内主干道路硬化。"),
        ],
        vec![
            T("2023-nanzhuang-01"),
            Blank,
            Blank,
            Blank,
            Blank,
            Blank,
            Blank,
            Blank,
            Blank,
            Blank,
            T("路灯安装"),
            T("盏"),
            N(40.0),
            T("0"),
        ],
    ]
}

#[test]
fn a_tasks_sheet_creates_a_task_file_that_passes_check_and_needs_force_to_change_it() {
    let site = SiteTest::minimal();
    site.replace(
        "content/site.yaml",
        "as_of: 2022-12-25",
        "as_of: 2023-06-30",
    );
    workbook(
        &site.path("tasks.xlsx"),
        &[("任务", tasks_sheet("推进中", T("１.５")))],
    );
    import(&site, "tasks.xlsx", &[]).assert_code(0);
    let path = "content/tasks/nanzhuang/2023-nanzhuang-01.yaml";
    assert_eq!(
        site.read(path),
        "id: 2023-nanzhuang-01\ntitle: \"南庄村道路硬化\"\norg: nanzhuang\nleader: {name: \"李明\", role: \"村党支部书记\"}\nyear: 2023\nstage: solve\nstatus: in_progress\nstart: 2023-03-01\ndeadline: 2023-12-31\nplan: \"完成村内主干道路硬化。\"\ntargets:\n  - {name: \"道路硬化\", unit: \"公里\", target: 2, actual: 1.5}\n  - {name: \"路灯安装\", unit: \"盏\", target: 40, actual: 0}\n"
    );
    site.check().assert_code(0);
    let files = snapshot(&site);
    import(&site, "tasks.xlsx", &[]).assert_code(0);
    assert!(files == snapshot(&site), "a second import changed files");

    // A month later the office updates status and progress: refused without --force.
    workbook(
        &site.path("tasks.xlsx"),
        &[("任务", tasks_sheet("已完成", N(2.0)))],
    );
    let files = snapshot(&site);
    let run = import(&site, "tasks.xlsx", &[]);
    run.assert_code(1);
    let stderr = run.stderr();
    assert!(stderr.contains("tasks.xlsx:任务!H3: error: task `2023-nanzhuang-01` already has 状态 (status) `in_progress`; the sheet says `completed`"), "{stderr}");
    assert!(stderr.contains("tasks.xlsx:任务!N3: error: task `2023-nanzhuang-01` already has 完成值 (actual) 1.5 for target `道路硬化`; the sheet says 2"), "{stderr}");
    assert!(files == snapshot(&site), "a refused import changed files");
    import(&site, "tasks.xlsx", &["--force"]).assert_code(0);
    let text = site.read(path);
    assert!(
        text.contains("status: completed\n") && text.contains("target: 2, actual: 2}"),
        "{text}"
    );
    site.check().assert_code(0);
}

#[test]
fn a_results_sheet_goes_into_its_round_and_excellent_needs_a_completed_task() {
    let site = SiteTest::minimal();
    let sheet = |grade: &'static str| {
        vec![
            vec![
                T("任务编号"),
                T("满意"),
                T("基本满意"),
                T("不满意"),
                T("等次"),
                T("备注"),
            ],
            vec![
                T("2022-nanzhuang-01"),
                T("60"),
                N(8.0),
                Blank,
                T(grade),
                T("大棚年内未全部建成。"),
            ],
        ]
    };
    workbook(&site.path("results.xlsx"), &[("评议", sheet("优秀"))]);
    let run = import(&site, "results.xlsx", &[]);
    run.assert_code(1)
        .assert_stderr_contains("pass --round ID (rounds in content/evaluations/: 2022-year-end)");
    let run = import(&site, "results.xlsx", &["--round", "2022-year-end"]);
    run.assert_code(1).assert_stderr_contains(
        "results.xlsx:评议!E2: error: task `2022-nanzhuang-01` cannot be graded 优秀: its status is in_progress",
    );
    workbook(&site.path("results.xlsx"), &[("评议", sheet("良好"))]);
    import(&site, "results.xlsx", &["--round", "2022-year-end"]).assert_code(0);
    assert!(site.read("content/evaluations/2022-year-end.yaml").ends_with(
        "  - task: 2022-nanzhuang-01\n    votes: {satisfied: 60, basically_satisfied: 8, dissatisfied: 0}\n    grade: good\n    remarks: \"大棚年内未全部建成。\"\n"
    ));
    site.check().assert_code(0);
    let files = snapshot(&site);
    import(&site, "results.xlsx", &["--round", "2022-year-end"]).assert_code(0);
    assert!(files == snapshot(&site), "a second import changed files");
}

#[test]
fn the_template_filled_in_imports_cleanly() {
    let site = SiteTest::minimal();
    let template = site.path("模板.xlsx");
    let run = site.run(&["template", &template.to_string_lossy()]);
    run.assert_code(0);
    // Fill it in as an office would: keep the headers, replace the example rows.
    let mut book: calamine::Xlsx<_> = calamine::open_workbook(&template).unwrap();
    use calamine::Reader;
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).unwrap();
        let headers: Vec<V> = range
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|c| S(c.to_string()))
            .collect();
        let filled: Vec<V> = match name.as_str() {
            "任务清单" => [
                "2022-nanzhuang-02",
                "南庄村饮水安全",
                "nanzhuang",
                "李明",
                "村党支部书记",
                "民生",
                "2022",
                "破题",
                "推进中",
                "2022-04-01",
                "2022-12-31",
                "入户管网",
                "户",
                "120",
                "80",
                "更换入户管网。",
            ]
            .into_iter()
            .map(|s| S(s.to_string()))
            .collect(),
            "工作台账" => vec![
                T("2022-nanzhuang-02"),
                D(2022, 12, 20),
                T("工作进展"),
                T("完成入户管网80户。"),
            ],
            _ => vec![
                T("2022-nanzhuang-02"),
                N(50.0),
                N(5.0),
                N(1.0),
                T("良好"),
                T(""),
            ],
        };
        sheets.push((name, vec![headers, filled]));
    }
    let sheets: Vec<(&str, Vec<Vec<V>>)> = sheets
        .iter()
        .map(|(n, r)| (n.as_str(), r.clone()))
        .collect();
    workbook(&site.path("filled.xlsx"), &sheets);
    import(&site, "filled.xlsx", &[]).assert_code(0);
    import(&site, "filled.xlsx", &["--sheet", "工作台账"]).assert_code(0);
    import(
        &site,
        "filled.xlsx",
        &["--sheet", "评议结果", "--round", "2022-year-end"],
    )
    .assert_code(0);
    let task = site.read("content/tasks/nanzhuang/2022-nanzhuang-02.yaml");
    assert!(
        task.contains(
            "ledger:\n  - date: 2022-12-20\n    kind: progress\n    text: \"完成入户管网80户。\"\n"
        ),
        "{task}"
    );
    site.check()
        .assert_code(0)
        .assert_stderr_contains("no problems");
    // The template is not overwritten.
    site.run(&["template", &template.to_string_lossy()])
        .assert_code(1)
        .assert_stderr_contains("already exists");
}

#[test]
fn a_10000_row_ledger_sheet_imports_in_seconds() {
    let site = SiteTest::generated(500);
    let mut ids: Vec<String> = site
        .files()
        .into_iter()
        .filter(|f| f.starts_with("content/tasks/"))
        .map(|f| {
            Path::new(&f)
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    ids.sort();
    let mut csv = String::from("任务编号,日期,类型,内容\n");
    for i in 0..10_000 {
        let day = 1 + i % 20;
        csv.push_str(&format!(
            "{},2022-12-{day:02},督查,第{i}次督查：查看现场，核对台账。\n",
            ids[i % ids.len()]
        ));
    }
    site.write("ledger.csv", csv);
    let run = import(&site, "ledger.csv", &[]);
    run.assert_code(0)
        .assert_stderr_contains("500 files changed");
    eprintln!(
        "imported 10,000 ledger rows into 500 tasks in {:?}",
        run.elapsed
    );
    assert!(run.elapsed.as_secs() < 60, "took {:?}", run.elapsed);
    site.check().assert_code(0);
}
