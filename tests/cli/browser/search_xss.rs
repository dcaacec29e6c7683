//! Issue 15, defect 1: markup in content ran as script on the search page. Pagefind decodes
//! the entities of what it indexes and its UI draws filter labels, titles and excerpts with
//! `innerHTML`, so an org name such as `西洞镇<img src=x onerror=…>` became a live element on
//! `/search/`. Every field that reaches the search index carries a payload here; the search UI
//! is driven as a reader drives it, in Chromium.

use super::chromium::Browser;
use super::{ServedSite, all_results};
use crate::support::SiteTest;

const TASK: &str = "content/tasks/xidong/2022-xidong-01.yaml";

/// A payload that, if it ever becomes an element, sets `window.__xss` to `marker` (so a
/// failure says which field leaked): as raw HTML and as the entities Markdown decodes.
fn payload(marker: u32) -> String {
    format!("<img src=x onerror=window.__xss={marker}>")
}

fn markdown_payload(marker: u32) -> String {
    format!(
        "&lt;img src=x onerror=window.__xss={marker}&gt; <img src=x onerror=window.__xss={marker}> &amp;lt;script&amp;gt;window.__xss={marker}&amp;lt;/script&amp;gt;"
    )
}

/// The minimal site with a payload in every field that reaches the search index.
fn site_with_payloads() -> SiteTest {
    let site = SiteTest::minimal();
    let quoted = |text: String| serde_json::to_string(&text).expect("a JSON string");
    site.replace(
        "content/orgs.yaml",
        "name: 西洞镇",
        &format!("name: {}", quoted(format!("西洞镇{}", payload(1)))),
    );
    site.replace(
        TASK,
        "category: 农房改造",
        &format!("category: {}", quoted(format!("农房改造{}", payload(2)))),
    )
    .replace(
        TASK,
        "title: 西洞镇农房改造",
        &format!("title: {}", quoted(format!("西洞镇农房改造{}", payload(3)))),
    )
    .replace(
        TASK,
        "leader: {name: 王华, role: 镇党委书记}",
        &format!(
            "leader: {{name: {}, role: {}}}",
            quoted(format!("王华{}", payload(4))),
            quoted(format!("镇党委书记{}", payload(5)))
        ),
    )
    .replace(
        TASK,
        "text: 逐户验收完成。",
        &format!(
            "text: {}",
            quoted(format!("逐户验收完成。{}", markdown_payload(6)))
        ),
    )
    .replace(
        TASK,
        "分批改造，逐户验收。",
        &format!("分批改造，逐户验收。{}", markdown_payload(7)),
    );
    site.replace(
        "content/evaluations/2022-year-end.yaml",
        "grade: excellent",
        &format!(
            "grade: excellent\n    remarks: {}",
            quoted(format!("群众认可农房改造。{}", markdown_payload(8)))
        ),
    );
    site.replace(
        "content/notices/2022-12-22-publicity.md",
        "title: 评议结果公示",
        &format!("title: {}", quoted(format!("评议结果公示{}", payload(9)))),
    )
    .replace(
        "content/notices/2022-12-22-publicity.md",
        "公示期内如有异议，请来电反映。",
        &format!(
            "农房改造公示期内如有异议，请来电反映。{}",
            markdown_payload(10)
        ),
    );
    site
}

#[test]
fn markup_in_org_names_categories_and_records_does_not_run_on_the_search_page() {
    let site = site_with_payloads();
    let served = ServedSite::fixture(&site);
    let mut browser = Browser::launch(1280, 900, 1.0);
    browser.open(&served.url("search/?q=%E5%86%9C%E6%88%BF")); // ?q=农房
    let (results, nested) = all_results(&mut browser);
    let titles: Vec<&str> = results.iter().map(|(t, _)| t.as_str()).collect();
    assert!(
        results.len() >= 3,
        "searching 农房 should list the task, the round and the notice: {titles:?}"
    );
    assert!(
        !nested.is_empty(),
        "the task's ledger entries should show as sub-results"
    );
    // The filters (kind, org, category) are drawn once their counts arrive.
    let labels = browser.wait_for(
        "the search filters with the org and category values",
        "(() => { const v = [...document.querySelectorAll('#search .pagefind-ui__filter-value')]
                  .map(e => e.textContent.trim());
                  return v.some(t => t.includes('西洞镇')) && v.some(t => t.includes('农房改造')) && v; })()",
    );
    // An image that failed to load has fired its error handler by the time it is complete.
    browser.wait_for(
        "every image on the page to finish loading or failing",
        "[...document.images].every(i => i.complete) && new Promise(r => setTimeout(() => r(true), 500))",
    );

    let marker = browser
        .eval("window.__xss === undefined ? null : String(window.__xss)")
        .expect("read the marker");
    assert!(
        marker.is_null(),
        "a payload ran on the search page (marker {marker}: 1 org, 2 category, 3 title, \
         4 leader, 5 role, 6 ledger, 7 plan, 8 remarks, 9 notice title, 10 notice body)"
    );
    let injected = browser
        .eval(
            "[...document.querySelectorAll('#search *')]
                .filter(e => ['IMG', 'SCRIPT', 'IFRAME', 'OBJECT', 'EMBED'].includes(e.tagName)
                             || [...e.attributes].some(a => a.name.startsWith('on')))
                .map(e => e.outerHTML)",
        )
        .expect("list the elements in the search UI");
    assert_eq!(
        injected,
        serde_json::json!([]),
        "elements from content were created inside the search UI"
    );
    // The payloads were shown, as text: the test reached the places that draw with innerHTML.
    let labels = labels.to_string();
    assert!(
        labels.contains("西洞镇＜img src=x onerror=window.__xss=1＞"),
        "the org filter should show the org's name as text: {labels}"
    );
    assert!(
        titles
            .iter()
            .any(|t| t.contains("＜img src=x onerror=window.__xss=3＞")),
        "the task's title should be shown as text: {titles:?}"
    );
}
