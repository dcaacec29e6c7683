//! Long task lists are cut into pages a phone can open: the first at the list's own address,
//! the others at `page/2/`, `page/3/` …, linked both ways with plain links and
//! `<link rel=prev/next>`, every one in the sitemap, and no page of a large site over the
//! size a phone can take.

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
/// test can build: 400 tasks at 10 a page. The lists are what grew with the site before
/// they were paginated.
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
        // One task, one round's results, the tree of organisations: not task lists.
        if task_page || file.starts_with("evaluations/") || file == "orgs/index.html" {
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
