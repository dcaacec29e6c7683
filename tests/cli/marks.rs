//! The marks a government site carries (政府网站发展指引): the registration numbers and the
//! publisher in every page's footer (printable notices included), the site and column meta tags on every page, the
//! article meta tags with the page's own date on task, notice and evaluation pages, and
//! the switch to the mode for older readers (适老化) that works without JavaScript.

use crate::support::SiteTest;

fn meta<'a>(html: &'a str, name: &str) -> Option<&'a str> {
    let start = html.find(&format!("<meta name=\"{name}\" content=\""))?;
    let rest = &html[start + name.len() + 23..];
    rest.split('"').next()
}

#[test]
fn every_page_carries_the_footer_marks_and_site_meta_and_articles_their_own_date() {
    let site = SiteTest::minimal();
    let text = site.read("content/site.yaml");
    site.write(
        "content/site.yaml",
        format!(
            "{text}registration:\n  site_code: \"6209000001\"\n  icp: 陇ICP备12345678号-1\n  police: 甘公网安备62090202000001号\n"
        ),
    );
    let out = site.build();
    let pages = out.html_files();
    assert!(pages.len() > 10);
    for page in &pages {
        let html = out.read(page);
        assert_eq!(meta(&html, "SiteName"), Some("测试公开栏"), "{page}");
        assert_eq!(meta(&html, "SiteDomain"), Some("gongshi.test"), "{page}");
        assert_eq!(meta(&html, "SiteIDCode"), Some("6209000001"), "{page}");
        assert!(
            meta(&html, "ColumnName").is_some_and(|c| !c.is_empty()),
            "{page}"
        );
        assert!(
            html.contains(
                "<a href=\"https://beian.miit.gov.cn/\" rel=\"noopener\">陇ICP备12345678号-1</a>"
            ) && html.contains("甘公网安备62090202000001号")
                && html.contains("主办单位：中共测试区委组织部")
                && html.contains("政府网站标识码：6209000001"),
            "{page} lacks the footer marks"
        );
        if page.contains("/print/") {
            continue;
        }
        assert!(
            html.contains("href=\"#a11y\"") && html.contains("assets/a11y.css"),
            "{page} lacks the switch for older readers"
        );
    }
    let article = |page: &str| {
        let html = out.read(page);
        (
            meta(&html, "ArticleTitle").map(str::to_string),
            meta(&html, "PubDate").map(str::to_string),
            meta(&html, "ContentSource").map(str::to_string),
        )
    };
    let (title, date, source) = article("notices/2022-12-22-publicity/index.html");
    assert_eq!(title.as_deref(), Some("评议结果公示"));
    assert_eq!(date.as_deref(), Some("2022-12-22"));
    assert_eq!(source.as_deref(), Some("中共测试区委组织部"));
    let (_, date, _) = article("evaluations/2022-year-end/index.html");
    assert_eq!(date.as_deref(), Some("2022-12-20"));
    // A printable notice is the same article as its page, on a page of its own.
    let (title, date, source) = article("notices/2022-12-22-publicity/print/index.html");
    assert_eq!(title.as_deref(), Some("评议结果公示"));
    assert_eq!(date.as_deref(), Some("2022-12-22"));
    assert_eq!(source.as_deref(), Some("中共测试区委组织部"));
    let (title, date, source) = article("evaluations/2022-year-end/print/index.html");
    assert!(title.is_some() && source.is_some());
    assert_eq!(date.as_deref(), Some("2022-12-20"));
    let (title, date, source) = article("tasks/2022-xidong-01/index.html");
    assert!(title.is_some() && date.is_some() && source.as_deref() == Some("西洞镇"));
    assert_eq!(article("tasks/index.html"), (None, None, None));
    assert!(out.exists("assets/a11y.css"));
}

#[test]
fn without_registration_the_footer_has_no_empty_marks() {
    let site = SiteTest::minimal();
    let out = site.build();
    let html = out.read("index.html");
    assert!(meta(&html, "SiteIDCode").is_none());
    assert!(!html.contains("beian.miit.gov.cn") && !html.contains("footer-marks"));
}

/// Every site has an accessibility statement, linked from every page's footer: the
/// built-in one, in the site's language, until the editor writes `content/pages/
/// accessibility.md`, which then takes its place (one link, the editor's words).
#[test]
fn every_site_has_an_accessibility_statement_linked_from_every_page() {
    use crate::built::text_of;
    let footer_links = |out: &crate::built::Output<'_>, page: &str| -> Vec<(String, String)> {
        let page = out.page(page);
        page.all(".footer-pages a")
            .into_iter()
            .map(|a| {
                let href = page.resolve(a.value().attr("href").unwrap_or_default());
                (text_of(a), href)
            })
            .collect()
    };
    let site = SiteTest::minimal();
    let out = site.build();
    let statement = out.page("accessibility/");
    assert_eq!(text_of(statement.one("h1")), "无障碍与适老化说明");
    let text = statement.main_text();
    assert!(
        text.contains("适老化模式") && text.contains("GB/T 37668"),
        "{text}"
    );
    for page in out.html_files() {
        if page.contains("/print/") || page == "404.html" {
            continue;
        }
        let links = footer_links(&out, &page);
        assert!(
            links
                .iter()
                .any(|(label, href)| label == "无障碍与适老化说明" && href == "/accessibility/"),
            "{page}: {links:?}"
        );
    }

    // In English, the statement speaks English.
    let config = site.read("content/site.yaml");
    site.write("content/site.yaml", format!("{config}language: en\n"));
    let out = site.build();
    assert_eq!(
        text_of(out.page("accessibility/").one("h1")),
        "Accessibility statement"
    );

    // The editor's own page replaces the built-in one, with one footer link.
    site.write("content/site.yaml", &config);
    site.write(
        "content/pages/accessibility.md",
        "---\ntitle: 本站无障碍说明\n---\n\n本站由区委组织部维护。\n",
    );
    let out = site.build();
    let statement = out.page("accessibility/");
    assert_eq!(text_of(statement.one("h1")), "本站无障碍说明");
    let links = footer_links(&out, "index.html");
    let to_statement: Vec<_> = links
        .iter()
        .filter(|(_, href)| href == "/accessibility/")
        .collect();
    assert_eq!(to_statement.len(), 1, "{links:?}");
    assert_eq!(to_statement[0].0, "本站无障碍说明");
}
