//! Every file of SPEC §5 is written, and the machine-readable ones parse and say what they
//! should: the Atom feed and the sitemap as XML, the open data as JSON and CSV, the data
//! package's sizes and hashes against the files themselves.

use super::{ROUND, VILLAGE_TASK};
use crate::built::Output;
use crate::support::SiteTest;
use sha2::{Digest, Sha256};

const BASE: &str = "https://gongshi.test/gongshi/";

#[test]
fn every_output_of_spec_section_5_is_written() {
    let site = SiteTest::minimal();
    let out = site.build();
    let expected = [
        "index.html",
        "tasks/index.html",
        "tasks/2022-xidong-01/index.html",
        "tasks/2022-nanzhuang-01/index.html",
        "tasks/stage/solve/index.html",
        "tasks/status/completed/index.html",
        "orgs/suzhou/index.html",
        "orgs/xidong/index.html",
        "orgs/nanzhuang/index.html",
        "categories/nong-fang-gai-zao/index.html",
        "evaluations/2022-year-end/index.html",
        "evaluations/2022-year-end/print/index.html",
        "notices/index.html",
        "notices/2022-12-22-publicity/index.html",
        "notices/2022-12-22-publicity/print/index.html",
        "about/index.html",
        "atom.xml",
        "sitemap.xml",
        "robots.txt",
        "404.html",
        "data/tasks.json",
        "data/tasks.csv",
        "data/evaluations.csv",
        "data/datapackage.json",
        "search/index.html",
        // content/static/ is copied as it is.
        "photos/xidong-0510.jpg",
    ];
    let missing: Vec<&str> = expected.into_iter().filter(|f| !out.exists(f)).collect();
    assert!(
        missing.is_empty(),
        "missing {missing:?}; the output holds {:#?}",
        out.files()
    );
    assert_eq!(
        out.bytes("photos/xidong-0510.jpg"),
        std::fs::read(site.path("content/static/photos/xidong-0510.jpg")).expect("fixture photo"),
        "a static file must be copied byte for byte"
    );
}

#[test]
fn every_page_is_a_whole_document_with_lang_title_and_one_h1() {
    let site = SiteTest::minimal();
    let out = site.build();
    let mut problems = Vec::new();
    for file in out.html_files() {
        let page = out.page(&file);
        if page.lang() != "zh-CN" {
            problems.push(format!("{file}: lang={:?}", page.lang()));
        }
        if page.all("head > title").len() != 1 || page.title().is_empty() {
            problems.push(format!("{file}: no title"));
        }
        if page.all("h1").len() != 1 {
            problems.push(format!("{file}: {} h1 elements", page.all("h1").len()));
        }
        if page.all("main").len() != 1 {
            problems.push(format!("{file}: {} main elements", page.all("main").len()));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn atom_feed_is_well_formed_with_ledger_entries_notices_and_rounds_newest_first() {
    let site = SiteTest::minimal();
    let out = site.build();
    let text = out.read("atom.xml");
    let doc = roxmltree::Document::parse(&text)
        .unwrap_or_else(|e| panic!("atom.xml is not well-formed XML: {e}\n{text}"));
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(
        feed.tag_name().namespace(),
        Some("http://www.w3.org/2005/Atom")
    );
    let child_text = |node: roxmltree::Node, name: &str| -> String {
        node.children()
            .find(|c| c.has_tag_name(name))
            .and_then(|c| c.text())
            .unwrap_or_default()
            .to_string()
    };
    let link_of = |node: roxmltree::Node, rel: &str| -> String {
        node.children()
            .filter(|c| c.has_tag_name("link"))
            .find(|c| c.attribute("rel").unwrap_or("alternate") == rel)
            .and_then(|c| c.attribute("href"))
            .unwrap_or_default()
            .to_string()
    };
    assert_eq!(link_of(feed, "self"), format!("{BASE}atom.xml"));
    assert_eq!(child_text(feed, "title"), "测试公开栏");

    let entries: Vec<roxmltree::Node> = feed
        .children()
        .filter(|c| c.has_tag_name("entry"))
        .collect();
    let links: Vec<String> = entries.iter().map(|e| link_of(*e, "alternate")).collect();
    // Three ledger entries (two on one task), one notice, one evaluation round.
    let mut sorted = links.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        [
            format!("{BASE}evaluations/2022-year-end/"),
            format!("{BASE}notices/2022-12-22-publicity/"),
            format!("{BASE}tasks/2022-nanzhuang-01/"),
            format!("{BASE}tasks/2022-xidong-01/"),
            format!("{BASE}tasks/2022-xidong-01/"),
        ],
        "feed entries"
    );
    let ids: std::collections::BTreeSet<String> =
        entries.iter().map(|e| child_text(*e, "id")).collect();
    assert_eq!(ids.len(), entries.len(), "entry ids must be unique");
    let updated: Vec<String> = entries.iter().map(|e| child_text(*e, "updated")).collect();
    assert!(
        updated.windows(2).all(|w| w[0] >= w[1]),
        "entries must be newest first: {updated:?}"
    );
    assert!(
        updated.iter().all(|u| u.len() >= 20 && u.contains('T')),
        "updated must be RFC 3339 timestamps: {updated:?}"
    );
    assert!(entries.iter().all(|e| !child_text(*e, "title").is_empty()));
}

#[test]
fn sitemap_lists_every_public_page_and_robots_txt_points_to_it() {
    let site = SiteTest::minimal();
    let out = site.build();
    let text = out.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&text)
        .unwrap_or_else(|e| panic!("sitemap.xml is not well-formed XML: {e}\n{text}"));
    assert_eq!(doc.root_element().tag_name().name(), "urlset");
    let listed: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("loc"))
        .filter_map(|n| n.text())
        .map(|loc| {
            let path = loc
                .strip_prefix(BASE)
                .unwrap_or_else(|| panic!("sitemap URL {loc} is not under {BASE}"));
            Output::file_of(path)
        })
        .collect();
    for file in &listed {
        assert!(
            out.exists(file),
            "the sitemap lists {file}, which is missing"
        );
    }
    let unlisted: Vec<String> = out
        .html_files()
        .into_iter()
        .filter(|f| f != "404.html" && !f.ends_with("/print/index.html"))
        .filter(|f| !listed.contains(f))
        .collect();
    assert!(
        unlisted.is_empty(),
        "pages missing from the sitemap: {unlisted:?}"
    );
    assert!(
        out.read("robots.txt")
            .lines()
            .any(|l| l == format!("Sitemap: {BASE}sitemap.xml")),
        "robots.txt:\n{}",
        out.read("robots.txt")
    );
}

#[test]
fn tasks_json_has_every_task_with_its_derived_fields() {
    let site = SiteTest::minimal();
    let out = site.build();
    let json: serde_json::Value =
        serde_json::from_slice(&out.bytes("data/tasks.json")).expect("tasks.json parses");
    assert_eq!(json["as_of"], "2022-12-25");
    let tasks = json["tasks"].as_array().expect("a tasks array");
    let ids: Vec<&str> = tasks.iter().filter_map(|t| t["id"].as_str()).collect();
    assert_eq!(ids, ["2022-nanzhuang-01", "2022-xidong-01"]);

    let town = &tasks[1];
    assert_eq!(town["title"], "西洞镇农房改造");
    assert_eq!(town["url"], format!("{BASE}tasks/2022-xidong-01/"));
    assert_eq!(town["org"], "xidong");
    assert_eq!(town["leader"], "王华");
    assert_eq!(town["stage"], "evaluate");
    assert_eq!(town["status"], "completed");
    assert_eq!(town["deadline"], "2022-11-30");
    assert_eq!(town["progress"], 1.0);
    assert_eq!(town["overdue"], false);
    assert_eq!(town["last_updated"], "2022-11-25");
    assert_eq!(town["targets"][0]["target"], 1320.0);
    assert_eq!(town["milestones"][0]["done"], "2022-04-20");
    assert_eq!(town["ledger"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        town["ledger"][0]["attachments"][0], "photos/xidong-0510.jpg",
        "attachments are listed"
    );

    let village = &tasks[0];
    assert_eq!(village["progress"], 0.6, "12 of 20 greenhouses");
    assert_eq!(village["category"], serde_json::Value::Null);
}

/// RFC 4180 fields: commas and line breaks inside double quotes, `""` for a quote.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', true) => quoted = false,
            ('"', false) if field.is_empty() => quoted = true,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    if !field.is_empty() || !row.is_empty() {
        row.push(field);
        rows.push(row);
    }
    rows
}

/// A CSV download: starts with a UTF-8 byte-order mark (so that Excel reads it as UTF-8),
/// and every row has as many fields as the header. Returns the rows as header → value maps.
fn read_csv(out: &Output<'_>, file: &str) -> (Vec<String>, Vec<Vec<(String, String)>>) {
    let bytes = out.bytes(file);
    let text = String::from_utf8(bytes).expect("CSV is UTF-8");
    let body = text
        .strip_prefix('\u{feff}')
        .unwrap_or_else(|| panic!("{file} must start with a UTF-8 byte-order mark"));
    let mut rows = parse_csv(body).into_iter();
    let header = rows.next().expect("a header row");
    let records = rows
        .enumerate()
        .map(|(i, row)| {
            assert_eq!(
                row.len(),
                header.len(),
                "{file} row {}: {row:?} against {header:?}",
                i + 2
            );
            header.iter().cloned().zip(row).collect()
        })
        .collect();
    (header, records)
}

fn field<'a>(record: &'a [(String, String)], name: &str) -> &'a str {
    record
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
        .unwrap_or_else(|| panic!("no column {name:?}"))
}

#[test]
fn tasks_csv_has_a_bom_a_header_and_one_row_per_task_quoted_where_needed() {
    let site = SiteTest::minimal();
    site.replace(
        VILLAGE_TASK,
        "title: 南庄村集体经济增收",
        r#"title: '南庄村集体经济增收, 第一期 "大棚"'"#,
    );
    let out = site.build();
    let (header, records) = read_csv(&out, "data/tasks.csv");
    for column in [
        "id", "title", "org", "leader", "stage", "status", "progress",
    ] {
        assert!(
            header.iter().any(|h| h == column),
            "no {column} in {header:?}"
        );
    }
    let ids: Vec<&str> = records.iter().map(|r| field(r, "id")).collect();
    assert_eq!(ids, ["2022-nanzhuang-01", "2022-xidong-01"]);
    assert_eq!(
        field(&records[0], "title"),
        r#"南庄村集体经济增收, 第一期 "大棚""#
    );
    assert_eq!(field(&records[1], "status"), "completed");
    assert_eq!(field(&records[1], "org"), "xidong");
}

#[test]
fn evaluations_csv_has_one_row_per_result_with_the_satisfaction_rate() {
    let site = SiteTest::minimal();
    site.replace(
        ROUND,
        "    grade: excellent\n",
        "    grade: excellent\n  - task: 2022-nanzhuang-01\n    votes: {satisfied: 10, basically_satisfied: 5, dissatisfied: 5}\n    grade: fair\n",
    );
    let out = site.build();
    let (_, records) = read_csv(&out, "data/evaluations.csv");
    assert_eq!(records.len(), 2, "one row per result");
    let town = records
        .iter()
        .find(|r| field(r, "task") == "2022-xidong-01")
        .expect("the town task's row");
    assert_eq!(field(town, "satisfied"), "98");
    assert_eq!(field(town, "grade"), "excellent");
    let rate: f64 = field(town, "satisfaction_rate").parse().expect("a number");
    assert!((rate - 113.0 / 115.0).abs() < 0.001, "rate {rate}");
}

#[test]
fn datapackage_lists_each_data_file_with_its_true_size_hash_and_columns() {
    let site = SiteTest::minimal();
    let out = site.build();
    let package: serde_json::Value =
        serde_json::from_slice(&out.bytes("data/datapackage.json")).expect("datapackage parses");
    let resources = package["resources"].as_array().expect("resources");
    let mut paths: Vec<&str> = resources
        .iter()
        .filter_map(|r| r["path"].as_str())
        .collect();
    paths.sort();
    assert_eq!(paths, ["evaluations.csv", "tasks.csv", "tasks.json"]);
    for resource in resources {
        let path = resource["path"].as_str().expect("a path");
        let bytes = out.bytes(&format!("data/{path}"));
        assert_eq!(resource["bytes"], bytes.len(), "{path}: size");
        let sha: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(resource["hash"], format!("sha256:{sha}"), "{path}: hash");
        // What the file is, stated rather than left to a validator to guess from its keys.
        let kind = if path.ends_with(".json") {
            "json"
        } else {
            "table"
        };
        assert_eq!(resource["type"], kind, "{path}: type");
        if path.ends_with(".csv") {
            let (header, _) = read_csv(&out, &format!("data/{path}"));
            let fields: Vec<&str> = resource["schema"]["fields"]
                .as_array()
                .expect("a CSV resource has a schema")
                .iter()
                .filter_map(|f| f["name"].as_str())
                .collect();
            assert_eq!(fields, header, "{path}: schema fields against the header");
        }
    }
}

#[test]
fn a_task_without_optional_fields_still_gets_every_output() {
    let site = SiteTest::minimal();
    site.write(
        "content/tasks/bare.yaml",
        "title: 只有必填项的任务\norg: nanzhuang\nleader: {name: 赵六}\nstage: identify\nstatus: not_started\nplan: 待定。\n",
    );
    let out = site.build();
    let page = out.page("tasks/bare/");
    assert_eq!(page.heading(), "只有必填项的任务");
    assert!(
        out.page("tasks/stage/identify/").linked_tasks() == ["bare"],
        "the identify page lists the bare task"
    );
}
