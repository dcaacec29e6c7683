//! Issue 5 as a reader meets it, in a real browser (Debian's Chromium, headless), on the
//! repository's own sample site served from 127.0.0.1 under a sub-path (`/sub/`): Chinese
//! search typed into the search box, a 公示 printed to PDF on one A4 page, and QR codes that
//! a phone would read back as the page's address. `search_xss` drives the same search UI over
//! a site whose every indexed field holds markup that must never run.

mod chromium;
mod search_xss;
pub mod server;
mod xss;

use crate::built::build_sample;
use crate::support::SiteTest;
use chromium::{Browser, keep_for_inspection, png_luminance, run_once};
use serde_json::Value;
use server::StaticServer;
use std::path::Path;

/// The sample site built for `http://127.0.0.1:PORT/sub/` and served there.
struct ServedSite {
    server: StaticServer,
    _temp: Option<tempfile::TempDir>,
}

impl ServedSite {
    fn sample() -> ServedSite {
        let mut server = StaticServer::bind("/sub/");
        let (temp, out) = build_sample(&["--base-url", &server.base_url()]);
        server.serve(out.dir());
        ServedSite {
            server,
            _temp: Some(temp),
        }
    }

    /// Builds `site` for the server's address into its default output folder and serves it.
    fn fixture(site: &SiteTest) -> ServedSite {
        let mut server = StaticServer::bind("/sub/");
        site.build_with(&["--base-url", &server.base_url()])
            .assert_code(0);
        server.serve(&site.path("public"));
        ServedSite {
            server,
            _temp: None,
        }
    }

    /// The full address of a page path (`tasks/x/`).
    fn url(&self, page: &str) -> String {
        format!("{}{page}", self.server.base_url())
    }
}

/// Titles of the sample site's tasks whose title contains `word`, from the content files.
fn sample_task_titles_containing(word: &str) -> Vec<String> {
    let tasks = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/tasks");
    let mut titles = Vec::new();
    for entry in walk(&tasks) {
        let text = std::fs::read_to_string(&entry).unwrap_or_default();
        for line in text.lines() {
            if let Some(title) = line.strip_prefix("title:") {
                let title = title.trim().trim_matches('"').to_string();
                if title.contains(word) {
                    titles.push(title);
                }
            }
        }
    }
    titles.sort();
    titles
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

/// The Pagefind results on the page once all are shown (pressing "load more" as a reader
/// would, one press at a time, each time after the shown results have loaded): the
/// (title, link) of each result, and the links of their sub-results.
fn all_results(browser: &mut Browser) -> (Vec<(String, String)>, Vec<String>) {
    const STATE: &str = "(() => {
        const message = document.querySelector('.pagefind-ui__message');
        const count = message && message.textContent.match(/\\d+/);
        if (!count) return false;
        const items = [...document.querySelectorAll('.pagefind-ui__result')];
        const loaded = items.filter(li => {
            const a = li.querySelector('.pagefind-ui__result-link');
            return a && a.textContent.trim() && a.getAttribute('href');
        });
        if (loaded.length !== items.length) return false;
        return { total: +count[0], shown: items.length,
                 more: !!document.querySelector('.pagefind-ui__button') };
    })()";
    loop {
        let state = browser.wait_for("the search results to load", STATE);
        let total = state["total"].as_u64().unwrap_or(0);
        let shown = state["shown"].as_u64().unwrap_or(0);
        if shown >= total || state["more"] != Value::Bool(true) {
            assert_eq!(
                shown, total,
                "the page says {total} results but shows {shown}"
            );
            break;
        }
        browser
            .eval("document.querySelector('.pagefind-ui__button').click()")
            .ok();
        browser.wait_for(
            "more results after pressing the load-more button",
            &format!("document.querySelectorAll('.pagefind-ui__result').length > {shown}"),
        );
    }
    let results = browser
        .eval(
            "[...document.querySelectorAll('.pagefind-ui__result')].map(li => {
                 const a = li.querySelector('.pagefind-ui__result-link');
                 return [a.textContent.trim(), a.href]; })",
        )
        .expect("read the results");
    let results = results
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .map(|pair| {
            (
                pair[0].as_str().unwrap_or("").to_string(),
                pair[1].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let nested = browser
        .eval("[...document.querySelectorAll('.pagefind-ui__result-nested a')].map(a => a.href)")
        .expect("read the sub-results");
    let nested = nested
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    (results, nested)
}

/// Every result link is under the site's sub-path and serves a page that has what the
/// result says: its title, and the element a fragment points at.
fn assert_links_resolve(site: &ServedSite, links: &[String]) {
    let base = site.server.base_url();
    for link in links {
        assert!(
            link.starts_with(&base),
            "result link {link} is not under the site's address {base}"
        );
        let (status, body) = server::get(link);
        assert_eq!(status, 200, "result link {link} answers {status}");
        if let Some((_, fragment)) = link.split_once('#') {
            let fragment = server::percent_decode(fragment);
            let body = String::from_utf8_lossy(&body);
            assert!(
                body.contains(&format!("id=\"{fragment}\"")),
                "result link {link}: the page has no element with id `{fragment}`"
            );
        }
    }
}

fn assert_farmhouse_results(results: &[(String, String)], expected: &[String]) {
    let titles: Vec<&str> = results.iter().map(|(t, _)| t.as_str()).collect();
    for title in expected {
        assert!(
            titles.contains(&title.as_str()),
            "searching 农房 did not list the task {title}; results: {titles:?}"
        );
    }
    assert!(
        titles.first().is_some_and(|t| t.contains("农房")),
        "the best result for 农房 should be a farmhouse task; results: {titles:?}"
    );
}

#[test]
fn typing_nongfang_in_the_search_box_lists_the_farmhouse_tasks_and_their_links_work() {
    let expected = sample_task_titles_containing("农房改造");
    assert!(
        expected.len() >= 5,
        "the sample site should have farmhouse tasks, found {expected:?}"
    );
    let site = ServedSite::sample();
    let mut browser = Browser::launch(1280, 900, 1.0);

    // The search box in the header of every page: type, press Enter.
    browser.open(&site.url("tasks/"));
    browser
        .eval("document.querySelector('#site-search').focus()")
        .ok();
    browser.wait_for(
        "the header search box to have focus",
        "document.activeElement && document.activeElement.id === 'site-search'",
    );
    browser.type_text("农房");
    browser.send(
        "Input.dispatchKeyEvent",
        serde_json::json!({ "type": "keyDown", "key": "Enter", "code": "Enter",
                            "windowsVirtualKeyCode": 13, "text": "\r" }),
    );
    browser.send(
        "Input.dispatchKeyEvent",
        serde_json::json!({ "type": "keyUp", "key": "Enter", "code": "Enter",
                            "windowsVirtualKeyCode": 13 }),
    );
    let landed = browser.wait_for(
        "the search page after submitting the header form",
        "location.pathname.endsWith('/sub/search/index.html') && location.href",
    );
    assert!(
        landed
            .as_str()
            .unwrap_or("")
            .contains("q=%E5%86%9C%E6%88%BF"),
        "the header form should submit q=农房, landed on {landed}"
    );
    let (results, nested) = all_results(&mut browser);
    assert_farmhouse_results(&results, &expected);
    let links: Vec<String> = results.iter().map(|(_, l)| l.clone()).collect();
    assert_links_resolve(&site, &links);
    assert_links_resolve(&site, &nested);
    assert!(
        nested.iter().any(|l| l.contains("#ledger-")),
        "a farmhouse task's ledger entries should show as sub-results linking to the entry: {nested:?}"
    );

    // The search page's own box, typed into directly.
    browser.open(&site.url("search/"));
    browser.wait_for(
        "the Pagefind search box",
        "(() => { const i = document.querySelector('.pagefind-ui__search-input');
                  if (!i) return false; i.focus(); return document.activeElement === i; })()",
    );
    browser.type_text("农房");
    let (results, _) = all_results(&mut browser);
    assert_farmhouse_results(&results, &expected);

    // Following the first result opens that task's page.
    let (title, link) = results[0].clone();
    browser
        .eval("document.querySelector('.pagefind-ui__result-link').click()")
        .ok();
    let heading = browser.wait_for(
        &format!("the page of the first result ({link})"),
        &format!(
            "location.href === {} && document.readyState === 'complete' && document.querySelector('h1') && document.querySelector('h1').textContent.trim()",
            serde_json::json!(link)
        ),
    );
    assert_eq!(heading.as_str(), Some(title.as_str()));
}

#[test]
fn search_without_javascript_says_how_to_browse_instead() {
    let site = ServedSite::sample();
    let (status, body) = server::get(&site.url("search/"));
    assert_eq!(status, 200);
    let html = String::from_utf8_lossy(&body);
    let noscript = html
        .split("<noscript>")
        .nth(1)
        .and_then(|rest| rest.split("</noscript>").next())
        .expect("the search page has a <noscript> part");
    assert!(
        noscript.contains("\"../tasks/index.html\""),
        "without JavaScript the search page should link to the task lists: {noscript}"
    );
}

/// (width, height) in points of each page of a PDF, read from its page objects.
fn pdf_pages(pdf: &[u8]) -> Vec<(f64, f64)> {
    let text = String::from_utf8_lossy(pdf);
    let mut pages = Vec::new();
    for object in text.split("endobj") {
        let is_page = object
            .match_indices("/Type /Page")
            .any(|(i, m)| !object[i + m.len()..].starts_with('s'))
            || object
                .match_indices("/Type/Page")
                .any(|(i, m)| !object[i + m.len()..].starts_with('s'));
        if !is_page {
            continue;
        }
        let media_box = object
            .split("/MediaBox")
            .nth(1)
            .and_then(|rest| rest.split(']').next())
            .map(|inside| {
                inside
                    .trim_start_matches([' ', '['])
                    .split_whitespace()
                    .filter_map(|n| n.parse::<f64>().ok())
                    .collect::<Vec<f64>>()
            })
            .unwrap_or_default();
        assert_eq!(media_box.len(), 4, "a page without a MediaBox: {object}");
        pages.push((media_box[2] - media_box[0], media_box[3] - media_box[1]));
    }
    let count = text
        .split("/Count ")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse::<usize>().ok());
    assert_eq!(
        count,
        Some(pages.len()),
        "the page tree's /Count disagrees with the page objects found"
    );
    pages
}

/// Prints `url` to PDF with Chromium's own print path (as "Save as PDF" does) and returns
/// the size of each page; the PDF is kept for a person to look at.
fn print_to_pdf(url: &str, name: &str) -> Vec<(f64, f64)> {
    require_a_chinese_font();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let pdf = dir.path().join("out.pdf");
    run_once(&[
        "--no-pdf-header-footer".to_string(),
        format!("--print-to-pdf={}", pdf.display()),
        url.to_string(),
    ]);
    let bytes = std::fs::read(&pdf).unwrap_or_else(|e| panic!("chromium wrote no PDF: {e}"));
    let kept = keep_for_inspection(name, &bytes);
    let pages = pdf_pages(&bytes);
    eprintln!("{url}: {} page(s), kept at {}", pages.len(), kept.display());
    pages
}

/// Without a Chinese font the notice would be laid out in empty boxes, and "fits one page"
/// would be measured on something no reader sees.
fn require_a_chinese_font() {
    let fonts = std::process::Command::new("fc-list")
        .args([":lang=zh", "family"])
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    assert!(
        !fonts.trim().is_empty(),
        "no Chinese font is installed, so a printed notice cannot be measured as readers see \
         it: run the tests with `scripts/test.sh` (it installs Debian's fonts-noto-cjk)"
    );
}

fn assert_one_a4_portrait_page(pages: &[(f64, f64)], what: &str) {
    assert_eq!(
        pages.len(),
        1,
        "{what} should print on one page, got {pages:?}"
    );
    let (width, height) = pages[0];
    // A4 is 210 × 297 mm = 595.3 × 841.9 pt.
    assert!(
        (width - 595.3).abs() < 2.0 && (height - 841.9).abs() < 2.0,
        "{what} should print on A4 portrait (595 × 842 pt), got {width} × {height}"
    );
}

#[test]
fn printing_the_year_end_evaluation_notice_gives_one_a4_page() {
    let site = ServedSite::sample();
    let pages = print_to_pdf(
        &site.url("evaluations/2022-year-end/print/"),
        "year-end-evaluation.pdf",
    );
    assert_one_a4_portrait_page(&pages, "the year-end evaluation notice");
}

#[test]
fn printing_the_year_end_publicity_notice_gives_one_a4_page() {
    let site = ServedSite::sample();
    let pages = print_to_pdf(
        &site.url("notices/2022-12-22-evaluation-publicity/print/"),
        "year-end-notice.pdf",
    );
    assert_one_a4_portrait_page(&pages, "the year-end publicity notice");
}

/// The minimal fixture with a round of `n` results, each on its own task with a title of
/// ordinary length, a few of them with remarks, and a full feedback contact.
fn site_with_a_round_of(n: usize) -> SiteTest {
    let site = SiteTest::minimal();
    site.replace(
        "content/site.yaml",
        "feedback:\n  phone: 0937-0000000",
        "feedback:\n  phone: 0937-0000000\n  email: gongshi@example.org\n  address: 测试区委组织部基层组织科（测试区解放路1号）\n  hours: 工作日 9:00—12:00，14:30—18:00",
    );
    let villages = [
        "东湾", "西湾", "南坪", "北坪", "上庄", "下庄", "中寨", "石桥", "杏花", "梨园",
    ];
    let works = [
        "农房改造及示范点建设",
        "村级集体经济项目",
        "人居环境整治提升",
        "巷道硬化和路灯安装",
    ];
    let mut results = String::new();
    for i in 0..n {
        let id = format!("2022-round-{:02}", i + 1);
        let title = format!(
            "{}村{}",
            villages[i % villages.len()],
            works[i % works.len()]
        );
        site.write(
            &format!("content/tasks/xidong/{id}.yaml"),
            format!(
                "id: {id}\ntitle: {title}\norg: xidong\nleader: {{name: 王华{i}, role: 村党支部书记}}\n\
                 stage: evaluate\nstatus: completed\nstart: 2022-02-01\ndeadline: 2022-11-30\n\
                 plan: |\n  按计划推进。\nledger:\n  - date: 2022-11-20\n    text: 已完成。\n"
            ),
        );
        let remarks = if i % 5 == 0 {
            "    remarks: 任务全部完成，群众满意度较高，台账资料齐全，验收合格。\n"
        } else {
            ""
        };
        results.push_str(&format!(
            "  - task: {id}\n    votes: {{satisfied: {}, basically_satisfied: {}, dissatisfied: {}}}\n    grade: good\n{remarks}",
            100 + i,
            20 + i,
            i % 7
        ));
    }
    site.write(
        "content/evaluations/2022-year-end.yaml",
        format!(
            "id: 2022-year-end\ntitle: 2022年度书记破题行动评议结果\nheld: 2022-12-20\n\
             body: 镇村两级党组织书记破题述职评议会\npublicity: {{from: 2022-12-22, to: 2022-12-28}}\n\
             results:\n{results}"
        ),
    );
    site
}

#[test]
fn a_round_of_twenty_results_prints_on_one_a4_page() {
    let site = site_with_a_round_of(20);
    let served = ServedSite::fixture(&site);
    let pages = print_to_pdf(
        &served.url("evaluations/2022-year-end/print/"),
        "round-of-20.pdf",
    );
    assert_one_a4_portrait_page(&pages, "a round of 20 results");
}

/// Decodes the QR codes in a greyscale image with rqrr.
fn decode_qr(width: usize, height: usize, luma: &[u8]) -> Vec<String> {
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| luma[y * width + x]);
    image
        .detect_grids()
        .into_iter()
        .filter_map(|grid| grid.decode().ok().map(|(_, text)| text))
        .collect()
}

/// Screenshots the first `svg.qr` on the open page, as rendered, with a margin around it,
/// and decodes it. Returns (decoded texts, the code's width in CSS pixels).
fn screenshot_and_decode_qr(browser: &mut Browser, name: &str) -> (Vec<String>, f64) {
    let rect = browser.wait_for(
        "the QR code",
        "(() => { const q = document.querySelector('svg.qr'); if (!q) return false;
                  q.scrollIntoView({block: 'center'});
                  const r = q.getBoundingClientRect();
                  return r.width > 0 && [r.left + scrollX, r.top + scrollY, r.width, r.height]; })()",
    );
    let r: Vec<f64> = rect
        .as_array()
        .expect("a rectangle")
        .iter()
        .filter_map(Value::as_f64)
        .collect();
    let margin = 12.0;
    let png = browser.screenshot(
        (r[0] - margin).max(0.0),
        (r[1] - margin).max(0.0),
        r[2] + 2.0 * margin,
        r[3] + 2.0 * margin,
    );
    let kept = keep_for_inspection(name, &png);
    let (width, height, luma) = png_luminance(&png);
    let texts = decode_qr(width, height, &luma);
    eprintln!(
        "{name}: {texts:?} ({width}×{height} px, kept at {})",
        kept.display()
    );
    (texts, r[2])
}

#[test]
fn the_qr_code_on_a_task_page_decodes_to_the_page_address_small_on_screen_larger_in_print() {
    let site = ServedSite::sample();
    let page = site.url("tasks/2022-xidong-01/");
    // A phone: 390 CSS pixels wide, 3 device pixels per CSS pixel.
    let mut browser = Browser::launch(390, 844, 3.0);
    browser.open(&page);
    let (texts, screen_width) = screenshot_and_decode_qr(&mut browser, "task-qr-screen.png");
    assert_eq!(
        texts,
        vec![page.clone()],
        "the task page's QR code, as shown on screen"
    );

    browser.emulate_media("print");
    let (texts, print_width) = screenshot_and_decode_qr(&mut browser, "task-qr-print.png");
    assert_eq!(texts, vec![page], "the task page's QR code, as printed");
    assert!(
        screen_width <= 128.0,
        "the QR code should be small on screen, it is {screen_width} px wide"
    );
    assert!(
        print_width > screen_width * 1.05,
        "the QR code should be larger in print ({print_width} px) than on screen ({screen_width} px)"
    );
}

#[test]
fn the_qr_code_on_the_printed_evaluation_notice_decodes_to_the_online_page() {
    let site = ServedSite::sample();
    let mut browser = Browser::launch(900, 1200, 2.0);
    browser.open(&site.url("evaluations/2022-year-end/print/"));
    browser.emulate_media("print");
    let (texts, _) = screenshot_and_decode_qr(&mut browser, "evaluation-qr-print.png");
    assert_eq!(
        texts,
        vec![site.url("evaluations/2022-year-end/")],
        "the printed notice's QR code should lead to the online evaluation page"
    );
}

/// On a phone (390 CSS pixels wide) the printable results show each result's grade and
/// votes on the screen, labelled, without scrolling sideways; paper keeps the table.
#[test]
fn on_a_phone_the_printable_results_show_grade_and_votes_without_scrolling_sideways() {
    let site = ServedSite::sample();
    let mut browser = Browser::launch(390, 844, 1.0);
    browser.open(&site.url("evaluations/2022-year-end/print/"));
    let seen = browser
        .eval(
            r#"(() => {
  const width = document.documentElement.clientWidth;
  const row = document.querySelector('.sheet-table tbody tr');
  const inside = (cell) => {
    const r = cell.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= width + 0.5;
  };
  const label = (cell) => getComputedStyle(cell, '::before').content;
  const grade = row.querySelector('.sheet-grade');
  const votes = [...row.querySelectorAll('td.num[data-label]')];
  const wrap = document.querySelector('.sheet-table-wrap');
  return {
    grade: grade.textContent.trim(),
    gradeInside: inside(grade),
    gradeLabel: label(grade),
    votesInside: votes.length >= 4 && votes.every(inside),
    votesLabel: label(votes[0]),
    scrollsSideways: wrap.scrollWidth > wrap.clientWidth + 1
      || document.documentElement.scrollWidth > width + 1,
  };
})()"#,
        )
        .expect("the print page's table");
    let png = browser.screenshot(0.0, 0.0, 390.0, 844.0);
    let kept = keep_for_inspection("phone-print-table.png", &png);
    let why = format!("{seen} (screenshot: {})", kept.display());
    assert_eq!(seen["gradeInside"], true, "the grade is off screen: {why}");
    assert_eq!(seen["votesInside"], true, "votes are off screen: {why}");
    assert_eq!(seen["scrollsSideways"], false, "{why}");
    assert_eq!(seen["gradeLabel"], "\"等次\"", "{why}");
    assert_eq!(seen["votesLabel"], "\"满意\"", "{why}");
    assert!(
        !seen["grade"].as_str().unwrap_or_default().is_empty(),
        "{why}"
    );

    // Printed, it is still one table row a result.
    browser.emulate_media("print");
    let display = browser
        .eval("getComputedStyle(document.querySelector('.sheet-table tbody tr')).display")
        .expect("the row's display");
    assert_eq!(display, "table-row");
}

/// A clerk double-clicks `public/index.html`: the page is styled, a link opens the page it
/// names, and the search page says plainly that search needs the web site.
#[test]
fn opened_from_disk_the_site_is_styled_links_open_and_search_says_it_needs_the_web_site() {
    let (_temp, out) = build_sample(&[]);
    let mut browser = Browser::launch(1024, 800, 1.0);
    let folder = format!("file://{}", out.dir().display());
    browser.open(&format!("{folder}/index.html"));
    let styled = "getComputedStyle(document.querySelector('.skip-link')).position === 'absolute'";
    assert_eq!(
        browser.eval(styled),
        Ok(Value::Bool(true)),
        "home is not styled"
    );
    // The click navigates away while it is evaluated: its answer is not waited for.
    let _ =
        browser.eval("document.querySelector('.main-nav a[href=\"tasks/index.html\"]').click()");
    let tasks = format!("{folder}/tasks/index.html");
    browser.wait_for(
        "the task list to open from disk",
        &format!(
            "location.href === {} && document.readyState === 'complete' && document.querySelectorAll('main a[href$=\"/index.html\"]').length > 10",
            serde_json::json!(tasks)
        ),
    );
    assert_eq!(
        browser.eval(styled),
        Ok(Value::Bool(true)),
        "the list is not styled"
    );

    browser.open(&format!("{folder}/search/index.html"));
    let said = browser.wait_for(
        "the search page to say it needs the web site",
        "!document.getElementById('search-offline').hidden && document.getElementById('search-offline').innerText",
    );
    assert!(
        said.as_str()
            .unwrap_or_default()
            .contains("搜索只能在网站上使用"),
        "{said}"
    );
}
