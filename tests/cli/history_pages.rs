//! The public history in the built site: the changes page, each task's own changes, an Atom
//! entry per publication, and the chain head (short form and QR code) on every printable
//! notice and on the changes page. One small site per behaviour.

use crate::built::{Page, text_of};
use crate::history::{publish, three_publications};
use crate::support::SiteTest;

/// The texts of the list items of publication `number` on the changes page.
fn lines_of(page: &Page, number: u32) -> Vec<String> {
    page.all(&format!("#p{number:04} li"))
        .into_iter()
        .map(text_of)
        .collect()
}

#[test]
fn a_chain_of_three_publications_renders_exactly_the_expected_differences() {
    let site = three_publications();
    let out = site.build();
    let changes = out.page("changes/");
    assert_eq!(changes.heading(), "公示记录");
    let order: Vec<String> = changes
        .all("section.publication")
        .into_iter()
        .filter_map(|s| s.attr("id").map(str::to_string))
        .collect();
    assert_eq!(order, ["p0003", "p0002", "p0001"], "newest first");
    assert_eq!(
        lines_of(&changes, 3),
        ["2022年度评议结果: 西洞镇农房改造: 等次 良好 → 优秀"]
    );
    assert_eq!(
        lines_of(&changes, 2),
        ["西洞镇农房改造: 完成农房改造 完成值 880 → 1320; 状态 推进中 → 已完成"]
    );
    assert!(lines_of(&changes, 1).is_empty());
    assert!(
        text_of(changes.one("#p0001")).contains("首次公示：记录任务 2 项、评议 1 轮、公告 1 则"),
        "{}",
        text_of(changes.one("#p0001"))
    );
    // The differences link to the task's page.
    let link = changes.one("#p0002 li a");
    assert_eq!(
        changes.resolve(link.attr("href").unwrap_or_default()),
        "/tasks/2022-xidong-01/"
    );

    // The task's own page: two changes since it was first published, newest first.
    let task = out.page("tasks/2022-xidong-01/");
    let history = task.section("公示记录");
    let text = text_of(history);
    assert!(text.contains("自首次公示以来修改 2 次"), "{text}");
    let items: Vec<String> = history
        .select(&crate::built::selector("li"))
        .map(text_of)
        .collect();
    assert_eq!(
        items,
        [
            "第 3 号公示 2022-12-25：2022年度评议结果: 等次 良好 → 优秀",
            "第 2 号公示 2022-12-25：完成农房改造 完成值 880 → 1320; 状态 推进中 → 已完成",
            "第 1 号公示 2022-12-25：首次公示",
        ]
    );
    let other = out.page("tasks/2022-nanzhuang-01/");
    assert!(
        text_of(other.section("公示记录")).contains("自首次公示以来没有修改"),
        "{}",
        other.main_text()
    );

    // One Atom entry per publication, dated by its own date, never the clock.
    let atom = out.read("atom.xml");
    let feed = roxmltree::Document::parse(&atom).expect("atom.xml is well-formed");
    let entries: Vec<(String, String, String)> = feed
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .filter_map(|entry| {
            let child = |name: &str| {
                entry
                    .children()
                    .find(|c| c.has_tag_name(name))
                    .and_then(|c| c.text())
                    .unwrap_or("")
                    .to_string()
            };
            child("title")
                .starts_with('第')
                .then(|| (child("title"), child("updated"), child("summary")))
        })
        .collect();
    let titles: Vec<&str> = entries.iter().map(|(t, _, _)| t.as_str()).collect();
    // Newest first, also when they share a date.
    assert_eq!(titles, ["第 3 号公示", "第 2 号公示", "第 1 号公示"]);
    assert!(
        entries
            .iter()
            .all(|(_, updated, _)| updated == "2022-12-25T00:00:00+08:00")
    );
    assert!(
        entries[1].2.contains("完成农房改造 完成值 880 → 1320"),
        "{}",
        entries[1].2
    );
}

/// A publication stays in the feed however many ledger entries come after it: the feed
/// keeps the 100 newest other entries, and every publication.
#[test]
fn every_publication_stays_in_the_feed_after_a_hundred_newer_ledger_entries() {
    let site = SiteTest::minimal();
    crate::history::publish(&site).assert_code(0);
    let task = "content/tasks/xidong/2022-xidong-01.yaml";
    let mut ledger = site.read(task);
    for day in 0..150 {
        let date = jiff::civil::date(2023, 1, 1) + jiff::Span::new().days(day);
        ledger.push_str(&format!(
            "  - date: {date}\n    text: 第 {day} 次入户回访。\n"
        ));
    }
    site.write(task, &ledger);
    site.replace(
        "content/site.yaml",
        "as_of: 2022-12-25",
        "as_of: 2023-06-30",
    );
    let out = site.build();
    let atom = out.read("atom.xml");
    let feed = roxmltree::Document::parse(&atom).expect("atom.xml is well-formed");
    let titles: Vec<&str> = feed
        .descendants()
        .filter(|n| n.has_tag_name("entry"))
        .filter_map(|entry| entry.children().find(|c| c.has_tag_name("title"))?.text())
        .collect();
    assert_eq!(titles.len(), 101, "{titles:?}");
    assert!(titles.contains(&"第 1 号公示"), "{titles:?}");
}

#[test]
fn a_result_in_a_round_published_later_is_listed_on_its_tasks_page() {
    let site = SiteTest::minimal();
    publish(&site).assert_code(0);
    site.write(
        "content/evaluations/2022-special.yaml",
        "id: 2022-special\ntitle: 2022年专项评议\nheld: 2022-12-21\nbody: 专项评议会\n\
         results:\n  - task: 2022-nanzhuang-01\n    \
         votes: {satisfied: 10, basically_satisfied: 2, dissatisfied: 1}\n    grade: good\n",
    );
    publish(&site).assert_code(0);
    let out = site.build();
    let task = out.page("tasks/2022-nanzhuang-01/");
    let history = text_of(task.section("公示记录"));
    assert!(history.contains("自首次公示以来修改 1 次"), "{history}");
    assert!(
        history.contains("第 2 号公示 2022-12-25：2022年专项评议: 等次 — → 良好; 满意 — → 10"),
        "{history}"
    );
    // The changes page names the new round once, not each of its results.
    assert_eq!(lines_of(&out.page("changes/"), 2), ["2022年专项评议"]);
}

#[test]
fn with_nothing_published_the_changes_page_says_so_and_is_linked_from_every_page() {
    let site = SiteTest::minimal();
    let out = site.build();
    let changes = out.page("changes/");
    assert!(
        changes.main_text().contains("尚未公示"),
        "{}",
        changes.main_text()
    );
    assert!(changes.all(".chain-mark").is_empty());
    for page in ["", "tasks/2022-xidong-01/", "about/"] {
        let shown = out.page(page);
        let footer_links: Vec<String> = shown
            .all("footer a")
            .into_iter()
            .filter_map(|a| a.attr("href").map(|href| shown.resolve(href)))
            .collect();
        assert!(
            footer_links.iter().any(|h| h == "/changes/"),
            "{page}: {footer_links:?}"
        );
    }
    assert!(out.read("sitemap.xml").contains("/changes/</loc>"));
    // No history section on a task page while nothing is published.
    assert!(
        !out.page("tasks/2022-xidong-01/")
            .main_text()
            .contains("公示记录")
    );
}

/// Decodes the QR code of an SVG drawn by gongshi (one path of `M{x} {y}h{n}v1h-{n}z`
/// runs) by drawing it into a greyscale image.
fn decode_svg_qr(svg: &str) -> Vec<String> {
    let after = |text: &str, start: &str| -> String {
        let from = text.find(start).expect("the mark") + start.len();
        text[from..].to_string()
    };
    let size: usize = after(svg, "viewBox=\"0 0 ")
        .split(' ')
        .next()
        .and_then(|s| s.parse().ok())
        .expect("a viewBox");
    let d = after(svg, " d=\"");
    let d = d.split('"').next().unwrap_or("");
    let scale = 4;
    let width = size * scale;
    let mut luma = vec![255u8; width * width];
    for run in d.split('z').filter(|r| !r.is_empty()) {
        let run = run.strip_prefix('M').expect("a move");
        let (xy, rest) = run.split_once('h').expect("a run");
        let (x, y) = xy.split_once(' ').expect("x y");
        let number = |text: &str| -> usize { text.parse().expect("a number in the path") };
        let (x, y) = (number(x), number(y));
        let n = number(rest.split_once('v').expect("v1").0);
        for py in y * scale..(y + 1) * scale {
            for px in x * scale..(x + n) * scale {
                luma[py * width + px] = 0;
            }
        }
    }
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(width, width, |x, y| luma[y * width + x]);
    image
        .detect_grids()
        .into_iter()
        .filter_map(|grid| grid.decode().ok().map(|(_, text)| text))
        .collect()
}

#[test]
fn the_hash_and_qr_code_on_printable_notices_and_the_changes_page_are_the_chain_head() {
    let site = SiteTest::minimal();
    publish(&site).assert_code(0);
    site.replace(
        "content/tasks/xidong/2022-xidong-01.yaml",
        "逐户验收完成。",
        "逐户验收完成，张榜公示。",
    );
    publish(&site).assert_code(0);
    let out = site.build();
    let manifest: serde_json::Value =
        serde_json::from_str(&out.read("manifest.json")).expect("a manifest");
    let head = manifest["head"]
        .as_str()
        .expect("the chain head")
        .to_string();
    assert_eq!(head.len(), 64);
    let printable: Vec<String> = out
        .html_files()
        .into_iter()
        .filter(|f| f.ends_with("print/index.html"))
        .collect();
    assert_eq!(printable.len(), 2, "{printable:?}");
    for file in printable
        .iter()
        .map(String::as_str)
        .chain(["changes/index.html"])
    {
        let page = Page::parse(file, &out.read(file));
        let mark = page.one(".chain-mark");
        assert_eq!(text_of(page.one(".chain-short")), head[..12], "{file}");
        assert!(text_of(mark).contains(&head), "{file}: no full code");
        assert!(text_of(mark).contains("第 2 号公示"), "{file}");
        assert!(text_of(mark).contains("gongshi verify"), "{file}");
        let svg = page.one(".chain-mark svg.qr").html();
        assert_eq!(decode_svg_qr(&svg), [head.as_str()], "{file}");
    }
}

/// The changes page of a large publication shows a few differences and links to the
/// publication's own page, which shows the rest.
#[test]
fn a_publication_with_many_differences_is_summed_up_on_the_changes_page() {
    let site = SiteTest::minimal();
    publish(&site).assert_code(0);
    for n in 0..12 {
        site.write(
            &format!("content/tasks/xidong/2022-extra-{n:02}.yaml"),
            format!(
                "title: 新增任务{n}\norg: xidong\nleader: {{name: 王华}}\nstage: solve\nstatus: in_progress\nplan: 计划。\n"
            ),
        );
    }
    publish(&site).assert_code(0);
    let out = site.build();
    let changes = out.page("changes/");
    assert_eq!(lines_of(&changes, 2).len(), 10);
    let more = text_of(changes.one("#p0002 .more"));
    assert!(more.contains("另有 2 处变化"), "{more}");
    assert_eq!(
        changes.resolve(
            changes
                .one("#p0002 .more a")
                .attr("href")
                .unwrap_or_default()
        ),
        "/changes/0002/"
    );
    let own: Page = out.page("changes/0002/");
    assert_eq!(lines_of(&own, 2).len(), 12);
    assert!(out.read("sitemap.xml").contains("/changes/0002/</loc>"));
}
