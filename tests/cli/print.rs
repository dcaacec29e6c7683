//! Printable publicity notices (公示) and QR codes, read from the built files: each print page
//! carries everything a notice on a village board must (title naming the unit and the
//! matter, basis, content or results, period, how to object, issuing unit and date, room for
//! the seal) and a QR code whose modules decode back to the online page's address. Whether
//! they fit one A4 page is measured in a real browser (`browser.rs`).

use crate::built::{Output, Page, selector, text_of};
use crate::support::SiteTest;

const ROUND: &str = "content/evaluations/2022-year-end.yaml";

/// The minimal fixture with every way to object filled in.
fn site_with_full_feedback() -> SiteTest {
    let site = SiteTest::minimal();
    site.replace(
        "content/site.yaml",
        "feedback:\n  phone: 0937-0000000",
        "feedback:\n  phone: 0937-0000000\n  email: gongshi@example.org\n  address: 测试区解放路1号\n  hours: 工作日 9:00—18:00",
    );
    site
}

/// Rasterises the QR code `svg.qr` of a page (its path is one `M x y h w v1 h-w z` run of
/// dark modules per row segment, in module units) and decodes it with rqrr.
pub(crate) fn decode_qr(page: &Page, file: &str) -> String {
    let svg = page
        .all("svg.qr")
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("{file} has no QR code (svg.qr)"));
    let view_box = svg.value().attr("viewBox").expect("the QR code's viewBox");
    let size: usize = view_box
        .split_whitespace()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .expect("a square viewBox");
    let path = svg
        .select(&selector("path"))
        .next()
        .and_then(|p| p.value().attr("d"))
        .expect("the QR code's path");
    let scale = 4;
    let side = size * scale;
    let mut pixels = vec![255u8; side * side];
    for run in path.split('M').filter(|r| !r.is_empty()) {
        let numbers: Vec<usize> = run
            .split(|c: char| !c.is_ascii_digit())
            .filter(|n| !n.is_empty())
            .filter_map(|n| n.parse().ok())
            .collect();
        let (x, y, width) = (numbers[0], numbers[1], numbers[2]);
        for dy in 0..scale {
            for dx in 0..width * scale {
                pixels[(y * scale + dy) * side + x * scale + dx] = 0;
            }
        }
    }
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| pixels[y * side + x]);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "{file}: one QR code should be found");
    grids[0]
        .decode()
        .map(|(_, text)| text)
        .unwrap_or_else(|e| panic!("{file}: the QR code does not decode: {e}"))
}

fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What every printed 公示 carries, whatever its content.
fn assert_carries_what_a_notice_must(
    out: &Output<'_>,
    print_page: &str,
    online: &str,
    title: &str,
) {
    let file = Output::file_of(print_page);
    let page = out.page(print_page);
    let text = squash(&text_of(page.one("main")));
    assert_eq!(
        squash(&text_of(page.one("h1"))),
        title,
        "{file}: the title should name the issuing unit, the matter and 公示"
    );
    for (what, expected) in [
        ("the basis", "公示依据"),
        ("the period", "2022-12-22"),
        ("the period's end", "2022-12-28"),
        ("how to object", "意见反馈"),
        ("the phone number", "0937-0000000"),
        ("the e-mail address", "gongshi@example.org"),
        ("the postal address", "测试区解放路1号"),
        ("the hours", "工作日 9:00—18:00"),
        ("the issuing unit", "中共测试区委组织部"),
        ("the issue date", "2022年12月22日"),
        ("room for the seal", "（盖章）"),
        ("the online address", online),
    ] {
        assert!(
            text.contains(expected),
            "{file} lacks {what} ({expected}):\n{text}"
        );
    }
    assert_eq!(
        decode_qr(&page, &file),
        online,
        "{file}: the QR code should lead to the online page"
    );
}

#[test]
fn the_printed_evaluation_notice_carries_the_results_and_everything_a_notice_must() {
    let site = site_with_full_feedback();
    let out = site.build();
    assert_carries_what_a_notice_must(
        &out,
        "evaluations/2022-year-end/print/",
        "https://gongshi.test/gongshi/evaluations/2022-year-end/",
        "中共测试区委组织部关于2022年度评议结果的公示",
    );
    let page = out.page("evaluations/2022-year-end/print/");
    let rows: Vec<String> = page
        .all("table tbody tr")
        .into_iter()
        .map(|r| squash(&text_of(r)))
        .collect();
    assert_eq!(rows.len(), 1, "one row per result: {rows:?}");
    for expected in [
        "西洞镇农房改造",
        "西洞镇",
        "王华",
        "98",
        "15",
        "2",
        "115",
        "优秀",
    ] {
        assert!(
            rows[0].contains(expected),
            "the result row lacks {expected}: {}",
            rows[0]
        );
    }
    // The online evaluation page links to its printable notice.
    let online = out.read("evaluations/2022-year-end/index.html");
    assert!(online.contains("href=\"print/index.html\""));
}

#[test]
fn the_printed_publicity_notice_carries_its_text_and_everything_a_notice_must() {
    let site = site_with_full_feedback();
    let out = site.build();
    assert_carries_what_a_notice_must(
        &out,
        "notices/2022-12-22-publicity/print/",
        "https://gongshi.test/gongshi/notices/2022-12-22-publicity/",
        "中共测试区委组织部关于评议结果的公示",
    );
    let text = squash(&text_of(
        out.page("notices/2022-12-22-publicity/print/").one("main"),
    ));
    assert!(text.contains("公示期内如有异议，请来电反映。"), "{text}");
}

#[test]
fn only_rounds_and_notices_with_a_publicity_period_get_a_print_page() {
    let site = SiteTest::minimal();
    site.replace(ROUND, "publicity: {from: 2022-12-22, to: 2022-12-28}\n", "");
    let out = site.build();
    assert!(!out.exists("evaluations/2022-year-end/print/index.html"));
    assert!(out.exists("notices/2022-12-22-publicity/print/index.html"));
}

#[test]
fn print_pages_are_laid_out_for_a4_portrait() {
    let site = SiteTest::minimal();
    let out = site.build();
    let css = out.read("assets/print.css");
    let page_rule = css
        .split("@page")
        .nth(1)
        .and_then(|rest| rest.split('}').next())
        .expect("print.css has an @page rule");
    assert!(
        squash(page_rule).contains("size: A4 portrait"),
        "the @page rule should ask for A4 portrait: {page_rule}"
    );
    let page = out.read("evaluations/2022-year-end/print/index.html");
    assert!(
        page.contains("assets/print.css\" media=\"all\""),
        "the print page uses the print stylesheet on screen too, so it looks like the paper"
    );
}

#[test]
fn every_task_page_has_a_qr_code_to_itself_under_the_base_url() {
    let site = SiteTest::minimal();
    let out = site.build();
    for id in ["2022-xidong-01", "2022-nanzhuang-01"] {
        let page_path = format!("tasks/{id}/");
        let page = out.page(&page_path);
        assert_eq!(
            decode_qr(&page, &page_path),
            format!("https://gongshi.test/gongshi/tasks/{id}/")
        );
        let label = page
            .all("svg.qr")
            .first()
            .and_then(|svg| svg.value().attr("aria-label").map(str::to_string))
            .unwrap_or_default();
        assert!(
            !label.is_empty(),
            "{page_path}: the QR code has no accessible label"
        );
    }
}
