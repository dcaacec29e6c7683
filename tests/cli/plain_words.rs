//! What a villager reads and what a clerk is handed: the feed offered in plain words, a
//! printed notice that does not repeat the editor's own "现将……予以公示", a task's progress
//! that says what it averages, the content guide that `init` writes beside the site, and
//! where to run a command when the clerk is inside `content/`.

use crate::built::text_of;
use crate::support::SiteTest;
use std::path::Path;

#[test]
fn the_feed_is_offered_in_plain_words_with_what_it_does() {
    let site = SiteTest::minimal();
    let out = site.build();
    let home = out.page("");
    let footer = text_of(home.one("footer"));
    assert!(footer.contains("订阅本站更新"), "{footer}");
    assert!(!footer.contains("Atom"), "jargon in the footer: {footer}");
    let link = home
        .all("footer a")
        .into_iter()
        .find(|a| text_of(*a) == "订阅本站更新")
        .and_then(|a| a.attr("href"))
        .unwrap_or_default()
        .to_string();
    assert_eq!(link, "data/index.html#subscribe");
    let data = out.page("data/");
    let section = text_of(data.section("订阅本站更新"));
    assert!(section.contains("订阅工具会自动告诉您"), "{section}");
    assert!(
        section.contains("https://gongshi.test/gongshi/atom.xml"),
        "the address to copy: {section}"
    );
}

#[test]
fn a_printed_notice_adds_no_stock_sentence_when_the_editor_wrote_one() {
    let site = SiteTest::minimal();
    let notice = "content/notices/2022-12-22-publicity.md";
    let out = site.build();
    let print = out.page("notices/2022-12-22-publicity/print/");
    assert_eq!(
        print.all(".sheet-basis").len(),
        1,
        "a notice without its own sentence gets the stock one"
    );

    site.replace(
        notice,
        "公示期内如有异议",
        "现将评议结果予以公示。公示期内如有异议",
    );
    let out = site.build();
    let print = out.page("notices/2022-12-22-publicity/print/");
    let text = text_of(print.one("main"));
    assert_eq!(
        text.matches("予以公示").count(),
        1,
        "the notice says 予以公示 once, in the editor's words: {text}"
    );
    assert!(print.all(".sheet-basis").is_empty(), "{text}");
}

#[test]
fn a_task_with_several_targets_says_its_progress_is_their_average_and_the_lowest() {
    let site = SiteTest::minimal();
    let task = "content/tasks/xidong/2022-nanzhuang-01.yaml";
    let out = site.build();
    let one = out.page("tasks/2022-nanzhuang-01/").value("完成进度");
    assert_eq!(one, "60%", "one target: its own share");

    site.replace(
        task,
        "  - {name: 新建温室, unit: 座, target: 20, actual: 12}",
        "  - {name: 新建温室, unit: 座, target: 20, actual: 12}\n  - {name: 带动农户, unit: 户, target: 100, actual: 100}\n  - {name: 集体增收, unit: 万元, target: 10, actual: 9}",
    );
    let out = site.build();
    let three = out.page("tasks/2022-nanzhuang-01/").value("完成进度");
    // (60% + 100% + 90%) / 3 = 83%, the lowest 60%.
    assert_eq!(three, "3 项目标平均 83%，最低一项 60%");
}

/// `init` writes the content guide into the site, and every `docs/…` that a comment of
/// `init`'s or `new task`'s files points at is there.
#[test]
fn the_guide_travels_with_the_site_and_the_comments_point_at_it() {
    let site = SiteTest::empty();
    let root = site.root().to_string_lossy().into_owned();
    site.run(&["init", &root]).assert_code(0);
    site.run(&[
        "new", "task", "--org", "town", "--title", "修桥", "--root", &root,
    ])
    .assert_code(0);
    let guide = site.read("docs/填写说明.md");
    assert!(guide.starts_with("# 内容填写说明"), "{guide}");
    assert!(
        site.read("docs/content-format.md")
            .starts_with("# The content format")
    );
    let mut pointed = 0;
    for file in site.files() {
        if !(file.ends_with(".yaml") || file.ends_with(".md")) || file.starts_with("docs/") {
            continue;
        }
        for comment in site.read(&file).lines().filter_map(|l| l.split_once('#')) {
            for word in comment
                .1
                .split(|c: char| c.is_whitespace() || "，。、（）".contains(c))
            {
                if let Some(at) = word.find("docs/") {
                    let path = word[at..].trim_end_matches(['.', ',']);
                    assert!(
                        site.path(path).is_file(),
                        "{file} points at {path}, which init did not write"
                    );
                    pointed += 1;
                }
            }
        }
    }
    assert!(
        pointed >= 2,
        "the site's and the new task's comments name the guide"
    );
}

/// The guide in Chinese covers every section of the English original.
#[test]
fn the_chinese_guide_has_a_section_for_each_of_the_original() {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs");
    let read = |name: &str| std::fs::read_to_string(docs.join(name)).expect("the guide");
    let headings = |text: &str| text.lines().filter(|l| l.starts_with("## ")).count();
    let (en, zh) = (read("content-format.md"), read("填写说明.md"));
    assert_eq!(headings(&en), headings(&zh));
    let tables = |text: &str| text.lines().filter(|l| l.starts_with("|---")).count();
    assert_eq!(tables(&en), tables(&zh));
}

#[test]
fn a_command_run_inside_content_says_to_run_it_in_the_site_folder() {
    let site = SiteTest::minimal();
    let inside = site.path("content/tasks");
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_gongshi"))
            .args(args)
            .current_dir(&inside)
            .env("NO_COLOR", "1")
            .output()
            .expect("run gongshi")
    };
    let root = std::fs::canonicalize(site.root()).expect("the site folder");
    for args in [
        &["check"][..],
        &["build"],
        &["new", "task", "--org", "xidong", "--title", "x"],
    ] {
        let output = run(args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains("请在网站文件夹"), "{args:?}: {stderr}");
        assert!(
            stderr.contains(&format!("--root {}", root.display())) && stderr.contains("cd .."),
            "{args:?}: {stderr}"
        );
    }
    assert!(!site.path("content/tasks/public").exists());
    assert!(!site.path("content/public").exists());
}
