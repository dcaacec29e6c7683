//! SPEC §3: editors' raw HTML keeps its harmless parts, but scripts, event handlers and
//! `javascript:` URLs never reach the output; every string from YAML is escaped. Checked on
//! the parsed output of every page, so a new template that forgets `| safe` hygiene or an
//! escape is caught wherever it shows the text.

use super::{NOTICE, PAGE, ROUND, TASK};
use crate::built::{Output, Page, text_of};
use crate::support::SiteTest;

/// Raw HTML an editor (or an attacker who got into the content) might write.
const HOSTILE_MARKDOWN: &str = r#"正文开头<b>加粗保留</b>。

<script>alert("script")</script>
<img src="x.jpg" onerror="alert('onerror')" alt="图">
<div onclick="alert('onclick')" onmouseover="alert('over')">点击</div>
<a href="javascript:alert('js')">脚本链接</a>
<a href="JaVaScRiPt&#58;alert('entity')">大小写混写</a>
<a href=" javascript:alert('space')">前导空格</a>
<iframe src="https://evil.example/"></iframe>
<style>body { display: none }</style>
<svg><script>alert("svg")</script></svg>
<form action="https://evil.example/"><input name="x"></form>
<object data="evil.swf"></object><embed src="evil.swf">
<p style="position:fixed">样式属性</p>

[Markdown 脚本链接](javascript:alert('md'))
[正常链接](https://example.com/ok)
"#;

/// A YAML string with markup in it: must show as text, never become elements.
const HOSTILE_TITLE: &str = r#"标题<b>粗</b>"><script>alert('title')</script>"#;

fn markdown_block(indent: &str) -> String {
    HOSTILE_MARKDOWN
        .lines()
        .map(|l| format!("{indent}{l}\n"))
        .collect()
}

/// The minimal fixture with hostile text in every Markdown field and markup in the YAML
/// strings that pages show.
fn hostile_site() -> SiteTest {
    let site = SiteTest::minimal();
    let yaml_title = HOSTILE_TITLE.replace('\'', "''");
    site.replace(
        TASK,
        "title: 西洞镇农房改造",
        &format!("title: '{yaml_title}'"),
    )
    .replace(
        TASK,
        "leader: {name: 王华, role: 镇党委书记}",
        "leader: {name: '王华\"><img src=x onerror=alert(1)>', role: '<i>镇党委书记</i>'}",
    )
    .replace(TASK, "category: 农房改造", "category: '农房<script>改造</script>'")
    .replace(
        TASK,
        "plan: |\n  分批改造，逐户验收。\n",
        &format!("plan: |\n{}", markdown_block("  ")),
    )
    .replace(
        TASK,
        "{name: 完成农房改造, unit: 户,",
        "{name: '完成<script>alert(1)</script>改造', unit: '<b>户</b>',",
    )
    .replace(
        TASK,
        "    text: 逐户验收完成。\n",
        &format!("    text: |\n{}", markdown_block("      ")),
    )
    .replace(
        ROUND,
        "    grade: excellent\n",
        &format!("    grade: excellent\n    remarks: |\n{}", markdown_block("      ")),
    )
    .replace(ROUND, "body: 书记破题述职评议会", "body: '评议会<script>x</script>'")
    .replace(NOTICE, "公示期内如有异议，请来电反映。", HOSTILE_MARKDOWN)
    .replace(NOTICE, "title: 评议结果公示", &format!("title: '{yaml_title}'"))
    .replace(PAGE, "本站为测试数据。", HOSTILE_MARKDOWN)
    .replace(
        "content/orgs.yaml",
        "name: 南庄村",
        "name: '南庄村<img src=x onerror=alert(2)>'",
    )
    .replace(
        "content/site.yaml",
        "phone: 0937-0000000",
        "phone: '0937\"><script>alert(3)</script>'\n  email: 'a@example.org\"onmouseover=\"alert(4)'",
    );
    site
}

/// Everything on one page that could run script: returned as readable problems.
fn script_vectors(page: &Page, base_path: &str) -> Vec<String> {
    let mut problems = Vec::new();
    for script in page.all("script") {
        let src = script.attr("src").unwrap_or_default();
        // The theme's own scripts: its assets, the search UI, and the search page's inline
        // start-up script.
        // From the host's root (the 404 page) or relative to the page (every other page).
        let from_root = match src.strip_prefix(base_path) {
            Some(inside) => inside.to_string(),
            None if !src.is_empty() && !src.starts_with('/') && !src.contains(':') => {
                page.resolve(src).trim_start_matches('/').to_string()
            }
            None => src.to_string(),
        };
        let known = from_root.starts_with("assets/")
            || from_root.starts_with("pagefind/")
            || (src.is_empty() && page.file == "search/index.html");
        if !known {
            problems.push(format!("a <script> {}", script.html()));
        }
    }
    for css in [
        "iframe",
        "frame",
        "object",
        "embed",
        "style",
        "form[action*='evil']",
        "base",
    ] {
        for element in page.all(css) {
            problems.push(format!("a <{css}>: {}", element.html()));
        }
    }
    for element in page.all("*") {
        for (name, value) in element.value().attrs() {
            if name.to_ascii_lowercase().starts_with("on") {
                problems.push(format!(
                    "an event handler {name}={value:?} on <{}>",
                    element.value().name()
                ));
            }
            let compact: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            if compact.starts_with("javascript:") || compact.starts_with("vbscript:") {
                problems.push(format!("a script URL {name}={value:?}"));
            }
        }
    }
    problems
}

fn all_script_vectors(out: &Output<'_>) -> Vec<String> {
    out.html_files()
        .iter()
        .flat_map(|file| {
            script_vectors(&out.page(file), "/gongshi/")
                .into_iter()
                .map(move |p| format!("{file}: {p}"))
        })
        .collect()
}

#[test]
fn scripts_handlers_and_script_urls_in_content_never_reach_any_page() {
    let site = hostile_site();
    let out = site.build();
    // The hostile text is really on these pages (else the check below proves nothing).
    for page in [
        "tasks/2022-xidong-01/",
        "evaluations/2022-year-end/",
        "notices/2022-12-22-publicity/",
        "about/",
    ] {
        let text = out.page(page).main_text();
        assert!(
            text.contains("正文开头"),
            "{page} does not show the content: {text}"
        );
    }
    let problems = all_script_vectors(&out);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn harmless_html_and_links_in_content_survive_sanitising() {
    let site = hostile_site();
    let out = site.build();
    for page in ["notices/2022-12-22-publicity/", "about/"] {
        let page = out.page(page);
        let bold: Vec<String> = page.texts("b");
        assert!(
            bold.contains(&"加粗保留".to_string()),
            "{}: <b> kept: {bold:?}",
            page.file
        );
        assert!(
            !page.all("main a[href='https://example.com/ok']").is_empty(),
            "{}: a normal link keeps working",
            page.file
        );
        let text = page.main_text();
        assert!(text.contains("正文开头") && text.contains("点击"), "{text}");
    }
}

#[test]
fn markup_in_yaml_strings_is_shown_as_text() {
    let site = hostile_site();
    let out = site.build();
    let task = out.page("tasks/2022-xidong-01/");
    let h1 = task.one("h1");
    assert_eq!(text_of(h1), HOSTILE_TITLE, "the title reads as written");
    assert_eq!(
        h1.child_elements().count(),
        0,
        "no element made from the title: {}",
        h1.html()
    );
    assert!(
        task.title().starts_with(HOSTILE_TITLE),
        "<title>: {}",
        task.title()
    );
    assert!(
        task.value("责任领导").contains("<i>镇党委书记</i>"),
        "{}",
        task.value("责任领导")
    );
    let notice = out.page("notices/2022-12-22-publicity/");
    assert_eq!(notice.heading(), HOSTILE_TITLE);
    // The lists that repeat the title escape it too.
    for list in ["tasks/", "", "notices/"] {
        let page = out.page(list);
        for b in page.all("main b") {
            assert_ne!(
                text_of(b),
                "粗",
                "{}: the title's <b> became an element",
                page.file
            );
        }
    }
}

#[test]
fn hostile_titles_keep_the_feed_and_sitemap_well_formed() {
    let site = hostile_site();
    let out = site.build();
    for file in ["atom.xml", "sitemap.xml"] {
        let text = out.read(file);
        let doc = roxmltree::Document::parse(&text)
            .unwrap_or_else(|e| panic!("{file} is not well-formed: {e}\n{text}"));
        assert!(
            doc.descendants().all(|n| !n.has_tag_name("script")),
            "{file}"
        );
    }
    assert!(out.read("atom.xml").contains("&lt;script&gt;"));
}
