//! Publishing (issue 3, item 7): the output is swapped in whole or not at all, never lands
//! on the editors' own files, is byte-identical on rebuild, and every internal link works at
//! the root of a host and under a sub-path. Drafts, static files and `--base-url`.

use super::{NOTICE, PAGE, TASK};
use crate::built::{Output, build_sample};
use crate::links::{check_links, count_urls};
use crate::support::SiteTest;
use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

/// Every file of a folder with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let out = Output::at(dir.to_path_buf());
    out.files()
        .into_iter()
        .map(|f| {
            let bytes = out.bytes(&f);
            (f, bytes)
        })
        .collect()
}

/// The names in a folder, sorted: to see that no temporary folder was left beside the output.
fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The first difference between two snapshots, or `None`.
fn first_difference(
    a: &BTreeMap<String, Vec<u8>>,
    b: &BTreeMap<String, Vec<u8>>,
) -> Option<String> {
    let names_a: Vec<&String> = a.keys().collect();
    let names_b: Vec<&String> = b.keys().collect();
    if names_a != names_b {
        let only_a: Vec<_> = names_a.iter().filter(|n| !b.contains_key(**n)).collect();
        let only_b: Vec<_> = names_b.iter().filter(|n| !a.contains_key(**n)).collect();
        return Some(format!(
            "file lists differ: only in the first {only_a:?}, only in the second {only_b:?}"
        ));
    }
    a.iter()
        .find(|(name, bytes)| b[*name] != **bytes)
        .map(|(name, bytes)| {
            let other = &b[name];
            let at = bytes
                .iter()
                .zip(other.iter())
                .take_while(|(x, y)| x == y)
                .count();
            let context = |v: &[u8]| {
                String::from_utf8_lossy(&v[at.saturating_sub(60)..(at + 60).min(v.len())])
                    .into_owned()
            };
            format!(
                "{name} differs at byte {at}:\n--- first\n{}\n--- second\n{}",
                context(bytes),
                context(other)
            )
        })
}

#[test]
fn an_invalid_site_leaves_the_previous_output_untouched() {
    let site = SiteTest::minimal();
    let out = site.build();
    let before = snapshot(out.dir());
    site.replace(TASK, "org: xidong", "org: xidon");
    site.build_with(&[])
        .assert_code(1)
        .assert_stderr_contains("unknown org `xidon`");
    assert!(
        snapshot(out.dir()) == before,
        "the old output changed after a failed build"
    );
    assert_eq!(names_in(site.root()), ["content", "public"]);
}

#[test]
fn a_template_syntax_error_names_the_template_and_leaves_the_old_output() {
    let site = SiteTest::minimal();
    let out = site.build();
    let before = snapshot(out.dir());
    site.write(
        "templates/task.html",
        "{% extends \"base.html\" %}\n{% block main %}{% if %}{% endblock %}\n",
    );
    let run = site.build_with(&[]);
    run.assert_code(1).assert_stderr_contains("task.html");
    assert!(snapshot(out.dir()) == before, "the old output changed");
    assert_eq!(names_in(site.root()), ["content", "public", "templates"]);
}

#[test]
fn a_template_that_fails_while_rendering_leaves_the_old_output() {
    let site = SiteTest::minimal();
    let out = site.build();
    let before = snapshot(out.dir());
    // Valid syntax, but a variable no page has: fails on the first task page rendered,
    // after other pages were written into the temporary folder.
    site.write(
        "templates/task.html",
        "<p>{{ page.no_such_field.deeper }}</p>\n",
    );
    let run = site.build_with(&[]);
    run.assert_code(1).assert_stderr_contains("task.html");
    assert!(snapshot(out.dir()) == before, "the old output changed");
    assert_eq!(names_in(site.root()), ["content", "public", "templates"]);
}

#[test]
fn a_successful_rebuild_replaces_the_output_whole() {
    let site = SiteTest::minimal();
    let out = site.build();
    // A file left from an earlier build (a deleted task's page) must not survive.
    fs::write(out.dir().join("stale.html"), "old").expect("write");
    site.replace(
        TASK,
        "title: 西洞镇农房改造",
        "title: 西洞镇农房改造（二期）",
    );
    site.build();
    assert!(
        !out.exists("stale.html"),
        "a stale file survived the rebuild"
    );
    assert_eq!(
        out.page("tasks/2022-xidong-01/").heading(),
        "西洞镇农房改造（二期）"
    );
    assert_eq!(names_in(site.root()), ["content", "public"]);
}

/// Regression: Ctrl-C during `build` left the half-written `.public.tmp-PID` folder beside
/// the output (51 MB at 2,000 tasks). It is removed, and the previous output stays whole.
#[test]
fn ctrl_c_during_build_removes_the_half_written_folder_and_keeps_the_old_output() {
    let site = SiteTest::generated(1500);
    let out = site.build();
    let before = snapshot(out.dir());
    let root = site.root().to_string_lossy().into_owned();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gongshi"))
        .args(["build", "--root", &root])
        .env("GONGSHI_LANG", "zh-CN")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start gongshi build");
    let temp = site.path(&format!(".public.tmp-{}", child.id()));
    // Interrupt once the new site is being written (files in the temporary folder).
    let started = std::time::Instant::now();
    while fs::read_dir(&temp).map_or(0, |d| d.count()) < 3 {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "the build never started writing into {}",
            temp.display()
        );
        assert!(
            child.try_wait().expect("poll the build").is_none(),
            "the build ended before it could be interrupted"
        );
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    let killed = std::process::Command::new("kill")
        .args(["-INT", &child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(killed.success());
    let ended = child.wait_with_output().expect("wait for the build");
    let stderr = String::from_utf8_lossy(&ended.stderr);
    assert_eq!(ended.status.code(), Some(130), "{stderr}");
    assert!(
        stderr.contains("已中断：生成被停止了；输出文件夹里仍是上一次完整生成的网站"),
        "{stderr}"
    );
    assert_eq!(names_in(site.root()), ["content", "public"]);
    assert!(snapshot(out.dir()) == before, "the previous output changed");
}

#[test]
fn the_site_root_its_content_and_foreign_folders_are_refused_as_output() {
    let site = SiteTest::minimal();
    let before = site.files();
    let root = site.root().to_string_lossy().into_owned();
    let content = site.path("content").to_string_lossy().into_owned();
    for output in [root.as_str(), content.as_str()] {
        site.build_with(&["--output", output])
            .assert_code(1)
            .assert_stderr_contains("refusing");
        assert_eq!(site.files(), before, "--output {output} touched the site");
    }
    // A folder of someone's own files.
    site.write("../documents/thesis.docx", "my thesis");
    let documents = site.path("../documents").to_string_lossy().into_owned();
    site.build_with(&["--output", &documents])
        .assert_code(1)
        .assert_stderr_contains("not empty");
    assert_eq!(
        fs::read_to_string(site.path("../documents/thesis.docx")).expect("still there"),
        "my thesis"
    );
    // An empty folder, or a missing one, is fine.
    fs::create_dir_all(site.path("../empty")).expect("create");
    let empty = site.path("../empty").to_string_lossy().into_owned();
    site.build_with(&["--output", &empty]).assert_code(0);
    assert!(site.path("../empty/index.html").is_file());
}

#[test]
fn drafts_are_built_only_with_the_drafts_flag() {
    let site = SiteTest::minimal();
    site.replace(
        NOTICE,
        "title: 评议结果公示",
        "title: 评议结果公示\ndraft: true",
    )
    .replace(PAGE, "title: 关于本站", "title: 关于本站\ndraft: true");
    let out = site.build();
    for file in [
        "notices/2022-12-22-publicity/index.html",
        "about/index.html",
    ] {
        assert!(!out.exists(file), "draft {file} was published");
    }
    let everywhere: String = out
        .files()
        .iter()
        .filter(|f| f.ends_with(".html") || f.ends_with(".xml"))
        .map(|f| out.read(f))
        .collect();
    assert!(
        !everywhere.contains("2022-12-22-publicity") && !everywhere.contains("/about/"),
        "a draft is linked or listed somewhere"
    );

    site.build_with(&["--drafts"]).assert_code(0);
    for file in [
        "notices/2022-12-22-publicity/index.html",
        "about/index.html",
    ] {
        assert!(out.exists(file), "--drafts did not build {file}");
    }
    assert!(out.page("notices/").main_text().contains("评议结果公示"));
}

#[test]
fn content_static_is_copied_and_may_replace_a_theme_asset() {
    let site = SiteTest::minimal();
    site.write("content/static/docs/通报.pdf", b"%PDF-1.4 test")
        .write("content/static/assets/style.css", "body { color: black }\n");
    let out = site.build();
    assert_eq!(out.bytes("docs/通报.pdf"), b"%PDF-1.4 test");
    assert_eq!(out.read("assets/style.css"), "body { color: black }\n");
}

#[test]
fn a_static_file_that_would_overwrite_a_generated_page_is_an_error() {
    let site = SiteTest::minimal();
    let out = site.build();
    let before = snapshot(out.dir());
    site.write("content/static/tasks/index.html", "<p>mine</p>");
    site.build_with(&[])
        .assert_code(1)
        .assert_stderr_contains("tasks/index.html");
    assert!(snapshot(out.dir()) == before, "the old output changed");
}

#[test]
fn base_url_flag_overrides_site_yaml() {
    let site = SiteTest::minimal();
    site.build_with(&["--base-url", "https://other.example/pub/"])
        .assert_code(0);
    let out = site.output();
    let page = out.page("tasks/2022-xidong-01/");
    let canonical = page
        .one("link[rel=canonical]")
        .attr("href")
        .unwrap_or_default()
        .to_string();
    assert_eq!(canonical, "https://other.example/pub/tasks/2022-xidong-01/");
    assert!(
        out.read("sitemap.xml")
            .contains("<loc>https://other.example/pub/</loc>")
    );
    assert!(!out.read("atom.xml").contains("example.org/gongshi"));
    let problems = check_links(&out, "https://other.example/pub/");
    assert!(problems.is_empty(), "{}", problems.join("\n"));

    site.build_with(&["--base-url", "not a url"])
        .assert_code(1)
        .assert_stderr_contains("--base-url");
}

/// Builds the sample site for `base_url` and checks every internal link of every page.
fn assert_sample_links_resolve(base_url: &str) {
    let (_temp, out) = build_sample(&["--base-url", base_url]);
    let (checked, pages) = (count_urls(&out), out.html_files().len());
    assert!(
        checked > pages * 10,
        "only {checked} URLs in {pages} pages: is the checker reading them?"
    );
    let problems = check_links(&out, base_url);
    assert!(
        problems.is_empty(),
        "{} broken internal links (of {checked}) with base URL {base_url}:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn every_internal_link_of_the_sample_site_resolves_at_the_root_of_a_host() {
    assert_sample_links_resolve("http://example.org/");
}

#[test]
fn every_internal_link_of_the_sample_site_resolves_under_a_sub_path() {
    assert_sample_links_resolve("https://example.org/sub/");
}

#[test]
fn every_internal_link_of_the_minimal_fixture_resolves() {
    let site = SiteTest::minimal();
    let out = site.build();
    assert!(
        count_urls(&out) > out.html_files().len() * 10,
        "too few links found"
    );
    let problems = check_links(&out, "https://gongshi.test/gongshi/");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn building_the_sample_twice_gives_byte_identical_output() {
    let (_a, first) = build_sample(&[]);
    let (_b, second) = build_sample(&[]);
    let (first, second) = (snapshot(first.dir()), snapshot(second.dir()));
    assert!(first.contains_key("index.html"), "the sample did not build");
    if let Some(difference) = first_difference(&first, &second) {
        panic!("two builds of the same input differ: {difference}");
    }
}
