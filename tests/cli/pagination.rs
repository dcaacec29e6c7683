//! Long task lists, and the results of a large evaluation round, are cut into pages a phone
//! can open: the first at the list's own address, the others at `page/2/`, `page/3/` …,
//! linked both ways with plain links and `<link rel=prev/next>`, every one in the sitemap,
//! links to a result row landing on the page that shows it, and no page of a large site over
//! the size a phone can take.

use crate::built::Output;
use crate::support::SiteTest;

/// The task ids a list page shows, in order.
fn listed(out: &Output<'_>, page: &str) -> Vec<String> {
    out.page(page).linked_tasks()
}

fn hrefs(out: &Output<'_>, page: &str, css: &str) -> Vec<String> {
    let page = out.page(page);
    page.all(css)
        .into_iter()
        .filter_map(|a| a.value().attr("href").map(|href| page.resolve(href)))
        .collect()
}

#[test]
fn a_list_longer_than_page_size_continues_on_linked_pages() {
    let site = SiteTest::minimal();
    site.replace(
        "content/site.yaml",
        "as_of: 2022-12-25\n",
        "as_of: 2022-12-25\npage_size: 1\n",
    );
    let out = site.build();

    // All tasks: two tasks, one a page, the first at tasks/ and the second at tasks/page/2/.
    let first = listed(&out, "tasks/");
    let second = listed(&out, "tasks/page/2/");
    assert_eq!(first, vec!["2022-nanzhuang-01"]);
    assert_eq!(second, vec!["2022-xidong-01"]);
    assert!(
        !out.exists("tasks/page/3/index.html"),
        "an empty third page"
    );
    assert!(
        !out.exists("tasks/page/1/index.html"),
        "page 1 has two addresses"
    );

    // The pages link to each other without JavaScript, and say so to browsers.
    assert_eq!(
        hrefs(&out, "tasks/", "head link[rel=next]"),
        vec!["/tasks/page/2/"]
    );
    assert!(hrefs(&out, "tasks/", "head link[rel=prev]").is_empty());
    assert_eq!(
        hrefs(&out, "tasks/page/2/", "head link[rel=prev]"),
        vec!["/tasks/"]
    );
    assert_eq!(
        hrefs(&out, "tasks/page/2/", "nav.pagination a[rel=prev]"),
        vec!["/tasks/"]
    );
    assert_eq!(
        hrefs(&out, "tasks/", "nav.pagination a[aria-current=page]"),
        vec!["/tasks/"]
    );
    let page_two = out.page("tasks/page/2/");
    assert!(page_two.title().contains("第 2 页"), "{}", page_two.title());
    assert!(
        page_two.main_text().contains("第 2 页，共 2 页"),
        "{}",
        page_two.main_text()
    );

    // An org's page is paginated the same way (xidong holds both tasks, nanzhuang one).
    assert_eq!(listed(&out, "orgs/xidong/page/2/").len(), 1);
    assert!(!out.exists("orgs/nanzhuang/page/2/index.html"));

    // Every page is in the sitemap, and every link resolves.
    let sitemap = out.read("sitemap.xml");
    for page in [
        "tasks/page/2/",
        "orgs/xidong/page/2/",
        "orgs/suzhou/page/2/",
    ] {
        assert!(
            sitemap.contains(&format!("https://gongshi.test/gongshi/{page}")),
            "{page} is not in the sitemap"
        );
    }
    let problems = crate::links::check_links(&out, "https://gongshi.test/gongshi/");
    assert!(problems.is_empty(), "{problems:#?}");
}

/// On a list of several pages the optional filter says it filters the page shown, and the
/// facet links, which filter the whole list, stay.
#[test]
fn the_filter_of_a_paginated_list_says_it_filters_this_page_only() {
    let site = SiteTest::minimal();
    site.replace(
        "content/site.yaml",
        "as_of: 2022-12-25\n",
        "as_of: 2022-12-25\npage_size: 1\n",
    );
    let out = site.build();
    let page = out.page("tasks/");
    let container = page.one("[data-task-filter]");
    assert!(container.value().attr("data-page-only").is_some());
    let template = container.value().attr("data-count-template").unwrap_or("");
    assert!(template.contains("只筛选本页"), "{template}");

    let unpaginated = SiteTest::minimal();
    let out = unpaginated.build();
    let page = out.page("tasks/");
    let container = page.one("[data-task-filter]");
    assert!(container.value().attr("data-page-only").is_none());
    assert!(page.all("nav.pagination").is_empty());
}

/// The size bound of SPEC §9 (500 KB at 50,000 tasks and 100 a page), scaled to a site a
/// test can build: 400 tasks at 10 a page. The lists and the round's results (and its
/// printed notice) are what grew with the site before they were paginated.
#[test]
fn no_list_page_of_a_large_site_outgrows_a_phone() {
    let site = SiteTest::generated(400);
    site.replace(
        "content/site.yaml",
        "language: zh-CN\n",
        "language: zh-CN\nsearch: false\npage_size: 10\n",
    );
    let out = site.build();
    let mut largest = (0, String::new());
    for file in out.html_files() {
        let parts: Vec<&str> = file.split('/').collect();
        let task_page = parts.len() == 3 && parts[0] == "tasks";
        // One task, the tree of organisations: not lists that grow with the tasks.
        if task_page || file == "orgs/index.html" {
            continue;
        }
        let size = out.bytes(&file).len();
        if size > largest.0 {
            largest = (size, file);
        }
    }
    assert!(largest.0 < 60_000, "{} is {} bytes", largest.1, largest.0);
    let rows = out.page("tasks/").all("tbody tr").len();
    assert_eq!(rows, 10, "the first page shows page_size tasks");
    assert!(out.exists("tasks/page/40/index.html"));
    assert!(!out.exists("tasks/page/41/index.html"));
}

/// The minimal fixture with `page_size: 1` and a second result in its round, so that the
/// round's results take two pages: 2022-xidong-01 on the first, 2022-nanzhuang-01 on the
/// second.
fn round_of_two_pages() -> SiteTest {
    let site = SiteTest::minimal();
    site.replace(
        "content/site.yaml",
        "as_of: 2022-12-25\n",
        "as_of: 2022-12-25\npage_size: 1\n",
    );
    site.replace(
        "content/evaluations/2022-year-end.yaml",
        "    grade: excellent\n",
        "    grade: excellent\n  - task: 2022-nanzhuang-01\n    votes: {satisfied: 40, basically_satisfied: 10, dissatisfied: 5}\n    grade: good\n    remarks: 大棚已建成，尚未投产。\n",
    );
    site
}

const ROUND_PAGE: &str = "evaluations/2022-year-end/";
const ROUND_PAGE_TWO: &str = "evaluations/2022-year-end/page/2/";

#[test]
fn a_round_with_more_results_than_page_size_continues_on_linked_pages() {
    let site = round_of_two_pages();
    let out = site.build();

    // The first page at the round's own address, the second at page/2/, no third.
    let rows = |page: &str| -> Vec<String> {
        out.page(page)
            .all("table.results-table tbody tr")
            .into_iter()
            .filter_map(|tr| tr.value().attr("id").map(str::to_string))
            .collect()
    };
    assert_eq!(rows(ROUND_PAGE), vec!["result-2022-xidong-01"]);
    assert_eq!(rows(ROUND_PAGE_TWO), vec!["result-2022-nanzhuang-01"]);
    assert!(!out.exists("evaluations/2022-year-end/page/1/index.html"));
    assert!(!out.exists("evaluations/2022-year-end/page/3/index.html"));

    // Linked both ways without JavaScript, and in the head for browsers.
    assert_eq!(
        hrefs(&out, ROUND_PAGE, "head link[rel=next]"),
        vec!["/evaluations/2022-year-end/page/2/"]
    );
    assert_eq!(
        hrefs(&out, ROUND_PAGE, "nav.pagination a[rel=next]"),
        vec!["/evaluations/2022-year-end/page/2/"]
    );
    assert_eq!(
        hrefs(&out, ROUND_PAGE_TWO, "head link[rel=prev]"),
        vec!["/evaluations/2022-year-end/"]
    );
    assert_eq!(
        hrefs(&out, ROUND_PAGE_TWO, "nav.pagination a[rel=prev]"),
        vec!["/evaluations/2022-year-end/"]
    );
    let two = out.page(ROUND_PAGE_TWO);
    assert!(two.title().contains("第 2 页"), "{}", two.title());
    let text = two.main_text();
    assert!(text.contains("共 2 项评议结果，本页为第 2—2 项"), "{text}");
    // The round's totals are the whole round's on every page.
    assert_eq!(two.value("评议任务数"), "2", "{text}");

    // Every page is in the sitemap; the print versions are not.
    let sitemap = out.read("sitemap.xml");
    assert!(sitemap.contains("https://gongshi.test/gongshi/evaluations/2022-year-end/page/2/"));
    assert!(!sitemap.contains("print/"), "{sitemap}");

    // A task page links to its result's row on the page that shows it.
    assert_eq!(
        hrefs(&out, "tasks/2022-nanzhuang-01/", "main a[href*='#result-']"),
        vec!["/evaluations/2022-year-end/page/2/#result-2022-nanzhuang-01"]
    );
    assert_eq!(
        hrefs(&out, "tasks/2022-xidong-01/", "main a[href*='#result-']"),
        vec!["/evaluations/2022-year-end/#result-2022-xidong-01"]
    );
    // Every link resolves, fragments included.
    let problems = crate::links::check_links(&out, "https://gongshi.test/gongshi/");
    assert!(problems.is_empty(), "{problems:#?}");
}

/// The printed notice of a round of several pages is posted in parts, one a page: each part
/// numbers its results as the whole notice does, says which part it is, and its QR code
/// leads to the online page with the same results.
#[test]
fn a_large_round_is_printed_in_parts_that_number_on() {
    let site = round_of_two_pages();
    let out = site.build();
    let part = out.page("evaluations/2022-year-end/page/2/print/");
    let numbers = part.texts("td.sheet-no");
    assert_eq!(numbers, vec!["※2"], "the second result is numbered 2");
    assert_eq!(
        part.all("ol.sheet-notes li")
            .into_iter()
            .filter_map(|li| li.value().attr("value").map(str::to_string))
            .collect::<Vec<_>>(),
        vec!["2"]
    );
    let text = part.main_text();
    assert!(
        text.contains("分 2 份张贴，本份为第 2 份（第 2—2 项）"),
        "{text}"
    );
    assert!(text.contains("2022年度评议结果的公示"), "{text}");
    assert_eq!(
        hrefs(
            &out,
            "evaluations/2022-year-end/page/2/print/",
            "nav.pagination a[rel=prev]"
        ),
        vec!["/evaluations/2022-year-end/print/"]
    );
    assert_eq!(
        crate::print::decode_qr(&part, "evaluations/2022-year-end/page/2/print/"),
        "https://gongshi.test/gongshi/evaluations/2022-year-end/page/2/"
    );
    let first = out.page("evaluations/2022-year-end/print/");
    assert_eq!(first.texts("td.sheet-no"), vec!["1"]);
}
