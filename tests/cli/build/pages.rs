//! What each page shows its readers (issue 3, "Pages"): one fixture variant per behaviour,
//! read through labels, headings and links rather than the theme's class names.

use super::{ROUND, SITE, VILLAGE_TASK};
use crate::built::{Page, selector, text_of};
use crate::support::SiteTest;

/// The village task with three milestones (done, overdue on `as_of` 2022-12-25, still due)
/// and a ledger written out of date order.
fn village_task_in_detail(site: &SiteTest) {
    site.replace(
        VILLAGE_TASK,
        "targets:",
        "milestones:\n  - {title: 完成选址, due: 2022-04-30, done: 2022-04-20}\n  - {title: 主体完工, due: 2022-10-31}\n  - {title: 投产运营, due: 2023-05-31}\ntargets:",
    )
    .replace(
        VILLAGE_TASK,
        "ledger:\n",
        "ledger:\n  - date: 2022-06-01\n    text: 六月进展。\n",
    );
    let text = site.read(VILLAGE_TASK);
    site.write(
        VILLAGE_TASK,
        format!("{text}  - date: 2022-09-15\n    kind: interview\n    text: 九月约谈。\n"),
    );
}

fn ledger_dates(page: &Page) -> Vec<String> {
    page.section("工作台账")
        .select(&selector("time"))
        .map(|t| t.attr("datetime").unwrap_or_default().to_string())
        .collect()
}

#[test]
fn task_page_shows_leader_targets_milestones_newest_ledger_first_and_days_left() {
    let site = SiteTest::minimal();
    village_task_in_detail(&site);
    let out = site.build();
    let page = out.page("tasks/2022-nanzhuang-01/");

    assert_eq!(page.heading(), "南庄村集体经济增收");
    let leader = page.value("责任领导");
    assert!(
        leader.contains("李明") && leader.contains("村党支部书记"),
        "{leader}"
    );
    assert_eq!(page.value("最近更新"), "2022-12-10");
    // 2022-12-25 → 2023-06-30.
    assert!(
        page.value("完成时限").contains("距时限还有 187 天"),
        "{}",
        page.value("完成时限")
    );

    let targets = page.section("量化目标");
    let targets_text = text_of(targets);
    assert!(
        targets_text.contains("新建温室") && targets_text.contains("60%"),
        "{targets_text}"
    );
    let bar = targets
        .select(&selector("progress"))
        .next()
        .expect("a progress bar for the target");
    assert_eq!(bar.attr("value"), Some("60"));

    assert!(page.row("完成选址").contains("已完成"));
    assert!(
        page.row("主体完工").contains("已超期"),
        "{}",
        page.row("主体完工")
    );
    assert!(
        page.row("投产运营").contains("待完成"),
        "{}",
        page.row("投产运营")
    );

    assert_eq!(
        ledger_dates(&page),
        ["2022-12-10", "2022-09-15", "2022-06-01"],
        "the ledger is newest first"
    );
    let ledger = text_of(page.section("工作台账"));
    assert!(
        ledger.contains("约谈") && ledger.contains("督查"),
        "entry kinds: {ledger}"
    );
    assert!(
        page.main_text().contains("尚未评议"),
        "a task without a result says so"
    );
}

#[test]
fn task_page_shows_its_evaluation_result_and_attachments() {
    let site = SiteTest::minimal();
    let out = site.build();
    let page = out.page("tasks/2022-xidong-01/");
    assert_eq!(page.value("等次"), "优秀");
    assert_eq!(page.value("满意率"), "98.3%");
    assert!(
        !page
            .all("main a[href='../../evaluations/2022-year-end/index.html#result-2022-xidong-01']")
            .is_empty(),
        "the result links to its row in its round"
    );
    assert!(
        !page
            .all("main a[href='../../photos/xidong-0510.jpg']")
            .is_empty(),
        "the ledger entry links its attachment"
    );
    assert!(page.value("完成时限").contains("已完成"));
}

#[test]
fn an_overdue_task_says_by_how_many_days() {
    let site = SiteTest::minimal();
    site.replace(VILLAGE_TASK, "deadline: 2023-06-30", "deadline: 2022-11-30");
    let out = site.build();
    let page = out.page("tasks/2022-nanzhuang-01/");
    assert!(
        page.value("完成时限").contains("已逾期 25 天"),
        "{}",
        page.value("完成时限")
    );
}

#[test]
fn dashboard_counts_tasks_completed_overdue_and_stale() {
    let site = SiteTest::minimal();
    // Overdue: in progress, deadline before as_of.
    site.replace(VILLAGE_TASK, "deadline: 2023-06-30", "deadline: 2022-12-01");
    // Stale: in progress, last ledger entry more than 60 days before as_of.
    site.write(
        "content/tasks/stale.yaml",
        "title: 久未更新的任务\norg: nanzhuang\nleader: {name: 赵六}\nstage: solve\nstatus: in_progress\nstart: 2022-03-01\ndeadline: 2023-03-01\nplan: 修路。\nledger:\n  - date: 2022-09-01\n    text: 开工。\n",
    );
    let out = site.build();
    let home = out.page("");
    assert_eq!(home.value("任务总数"), "3");
    assert_eq!(home.value("已完成"), "1");
    assert_eq!(home.value("已逾期"), "1");
    assert_eq!(home.value("台账超60天未更新"), "1");

    // The newest ledger entries, newest first.
    let recent = home.section("最新台账记录");
    let dates: Vec<String> = recent
        .select(&selector("time"))
        .filter_map(|t| t.attr("datetime").map(str::to_string))
        .collect();
    assert_eq!(dates[0], "2022-12-10");
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
}

#[test]
fn evaluation_page_shows_satisfaction_per_task_and_org_and_grade_counts() {
    let site = SiteTest::minimal();
    site.replace(
        ROUND,
        "    grade: excellent\n",
        "    grade: excellent\n  - task: 2022-nanzhuang-01\n    votes: {satisfied: 10, basically_satisfied: 5, dissatisfied: 5}\n    grade: fair\n",
    );
    let out = site.build();
    let page = out.page("evaluations/2022-year-end/");
    // (98 + 15 + 10 + 5) / (115 + 20)
    assert_eq!(page.value("总体满意率"), "94.8%");
    assert_eq!(page.value("总票数"), "135");
    // Per task: (98 + 15) / 115 and (10 + 5) / 20.
    let town = page.row("西洞镇农房改造");
    assert!(town.contains("98.3%") && town.contains("优秀"), "{town}");
    let village = page.row("南庄村集体经济增收");
    assert!(
        village.contains("75.0%") && village.contains("一般"),
        "{village}"
    );
    // Per org, each org's own tasks.
    let by_org = text_of(page.section("各单位满意率"));
    assert!(
        by_org.contains("西洞镇") && by_org.contains("南庄村"),
        "{by_org}"
    );
    let grades = text_of(page.section("满意度"));
    assert!(
        grades.contains("优秀 1") && grades.contains("一般 1") && grades.contains("良好 0"),
        "grade counts: {grades}"
    );
    // The issuing unit and the feedback contact.
    assert_eq!(page.value("发布单位"), "中共测试区委组织部");
    assert!(page.value("电话").contains("0937-0000000"));

    // The town's org page rolls the village's votes up: (98 + 15 + 10 + 5) / 135.
    let org = out.page("orgs/xidong/");
    assert_eq!(org.value("满意率"), "94.8%");
}

/// The round's and the notice's publicity period is 2022-12-22 to 2022-12-28.
fn publicity_on(as_of: &str) -> (String, String, Vec<String>) {
    let site = SiteTest::minimal();
    site.replace(SITE, "as_of: 2022-12-25", &format!("as_of: {as_of}"));
    let out = site.build();
    let round = out.page("evaluations/2022-year-end/").main_text();
    let notice = out.page("notices/2022-12-22-publicity/").main_text();
    let open_on_home: Vec<String> = out
        .page("")
        .section("正在公示")
        .select(&selector("a[href]"))
        .filter_map(|a| a.attr("href").map(str::to_string))
        .collect();
    (round, notice, open_on_home)
}

#[test]
fn publicity_period_is_upcoming_open_or_closed_on_as_of() {
    for (as_of, state, others) in [
        ("2022-12-21", "即将公示", ["公示中", "公示已结束"]),
        ("2022-12-22", "公示中", ["即将公示", "公示已结束"]),
        ("2022-12-28", "公示中", ["即将公示", "公示已结束"]),
        ("2022-12-29", "公示已结束", ["即将公示", "公示中"]),
    ] {
        let (round, notice, open_on_home) = publicity_on(as_of);
        for (what, text) in [("round", &round), ("notice", &notice)] {
            assert!(
                text.contains(state),
                "{what} on {as_of}: no {state:?} in {text}"
            );
            for other in others {
                assert!(
                    !text.contains(other),
                    "{what} on {as_of}: {other:?} shown beside {state:?}"
                );
            }
        }
        let listed = open_on_home
            .iter()
            .any(|h| h.ends_with("evaluations/2022-year-end/index.html"));
        assert_eq!(
            listed,
            state == "公示中",
            "on {as_of} the dashboard's open publicity list holds {open_on_home:?}"
        );
    }
}

/// Four tasks that differ in org, category, stage and status.
fn four_tasks(site: &SiteTest) {
    site.write(
        "content/tasks/a.yaml",
        "title: 甲\norg: xidong\nleader: {name: 甲}\ncategory: 道路\nstage: decide\nstatus: not_started\nplan: 甲。\n",
    )
    .write(
        "content/tasks/b.yaml",
        "title: 乙\norg: nanzhuang\nleader: {name: 乙}\ncategory: 道路\nstage: solve\nstatus: suspended\nplan: 乙。\n",
    );
}

#[test]
fn filter_pages_list_exactly_their_tasks() {
    let site = SiteTest::minimal();
    four_tasks(&site);
    let out = site.build();
    let listed = |page: &str| {
        let mut ids = out.page(page).linked_tasks();
        ids.sort();
        ids
    };
    let cases: &[(&str, &[&str])] = &[
        ("tasks/", &["2022-nanzhuang-01", "2022-xidong-01", "a", "b"]),
        ("tasks/stage/identify/", &[]),
        ("tasks/stage/decide/", &["a"]),
        ("tasks/stage/solve/", &["2022-nanzhuang-01", "b"]),
        ("tasks/stage/evaluate/", &["2022-xidong-01"]),
        ("tasks/status/not_started/", &["a"]),
        ("tasks/status/in_progress/", &["2022-nanzhuang-01"]),
        ("tasks/status/completed/", &["2022-xidong-01"]),
        ("tasks/status/suspended/", &["b"]),
        ("categories/nong-fang-gai-zao/", &["2022-xidong-01"]),
        ("categories/dao-lu/", &["a", "b"]),
        // An org page rolls up its villages' tasks.
        (
            "orgs/suzhou/",
            &["2022-nanzhuang-01", "2022-xidong-01", "a", "b"],
        ),
        (
            "orgs/xidong/",
            &["2022-nanzhuang-01", "2022-xidong-01", "a", "b"],
        ),
        ("orgs/nanzhuang/", &["2022-nanzhuang-01", "b"]),
    ];
    let wrong: Vec<String> = cases
        .iter()
        .filter(|(page, want)| listed(page) != *want)
        .map(|(page, want)| format!("{page}: lists {:?}, want {want:?}", listed(page)))
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn org_page_totals_include_its_villages_and_list_them() {
    let site = SiteTest::minimal();
    let out = site.build();
    let town = out.page("orgs/xidong/");
    assert_eq!(town.heading(), "西洞镇");
    assert_eq!(town.value("任务总数"), "2");
    assert_eq!(town.value("已完成"), "1");
    let village_row = town.row("南庄村");
    assert!(
        !town
            .all("main a[href='../nanzhuang/index.html']")
            .is_empty(),
        "the town page links its village: {village_row}"
    );
    let village = out.page("orgs/nanzhuang/");
    assert_eq!(village.value("任务总数"), "1");
    assert_eq!(village.value("已完成"), "0");
}

#[test]
fn interface_language_follows_site_language() {
    let zh_site = SiteTest::minimal();
    let zh = zh_site.build();
    let en_site = SiteTest::minimal();
    en_site.replace(SITE, "as_of:", "language: en\nas_of:");
    let en = en_site.build();
    for file in zh.html_files() {
        assert_eq!(zh.page(&file).lang(), "zh-CN", "{file}");
    }
    for file in en.html_files() {
        assert_eq!(en.page(&file).lang(), "en", "{file}");
    }

    let (zh_task, en_task) = (
        zh.page("tasks/2022-xidong-01/"),
        en.page("tasks/2022-xidong-01/"),
    );
    assert!(zh_task.value("责任领导").contains("王华"));
    assert!(en_task.value("Responsible leader").contains("王华"));
    en_task.section("Ledger");
    zh_task.section("工作台账");
    let en_nav = text_of(en_task.one("nav"));
    assert!(en_nav.contains("Tasks"), "{en_nav}");
    assert!(
        !en_task.main_text().contains("工作台账"),
        "no Chinese interface strings on an English page"
    );
    // Content stays as written.
    assert_eq!(en_task.heading(), "西洞镇农房改造");
    assert_eq!(en.page("").value("Tasks"), "2");
    assert!(
        en.read("atom.xml").contains("xml:lang=\"en\""),
        "the feed's language"
    );
}
