//! A built site opened from disk, as a clerk double-clicking `public/index.html` opens it:
//! every `href`, `src`, `srcset`, `action`, `formaction` and `poster` of every page is
//! followed as a file path from the page's folder, and must name a file of the output (a
//! link to a folder shows a file listing in a browser, not the folder's `index.html`).
//! The addresses that leave the page (canonical, sitemap, feed) stay absolute, and the 404
//! page, which a host serves at any address, keeps links that work from any depth.

use crate::browser::server::{StaticServer, get, percent_decode};
use crate::built::{Output, Page, build_sample, selector};
use crate::support::SiteTest;

/// The attributes that hold an address a browser follows or loads.
const URL_ATTRIBUTES: &[&str] = &["href", "src", "srcset", "action", "formaction", "poster"];

/// The addresses in one page's address attributes (each `srcset` candidate on its own).
fn urls_of(page: &Page) -> Vec<(String, String)> {
    let mut urls = Vec::new();
    for element in page.html.select(&selector("*")) {
        for (name, value) in element.value().attrs() {
            if !URL_ATTRIBUTES.contains(&name) {
                continue;
            }
            if name == "srcset" {
                for candidate in value.split(',') {
                    if let Some(url) = candidate.split_whitespace().next() {
                        urls.push((name.to_string(), url.to_string()));
                    }
                }
            } else {
                urls.push((name.to_string(), value.to_string()));
            }
        }
    }
    urls
}

/// Whether `url` leaves the files: another scheme (`https:`, `mailto:`) or another host.
fn leaves_the_files(url: &str) -> bool {
    url.starts_with("//")
        || url.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        })
}

/// What goes wrong when `url`, on the page at `page_file`, is followed as a file path in
/// the folder `out`; None when it opens a file.
fn follow_on_disk(out: &Output<'_>, page_file: &str, url: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() {
        return Some("an empty address".into());
    }
    if leaves_the_files(url) || url.starts_with('#') {
        return None;
    }
    if url.starts_with('/') {
        return Some("starts with `/`: from disk that is the root of the drive".into());
    }
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let mut parts: Vec<String> = page_file.split('/').map(str::to_string).collect();
    parts.pop();
    for segment in percent_decode(path).split('/') {
        match segment {
            ".." => {
                if parts.pop().is_none() {
                    return Some("climbs above the output folder".into());
                }
            }
            "." => {}
            s => parts.push(s.to_string()),
        }
    }
    let relative = parts.join("/");
    let target = out.dir().join(&relative);
    if path.is_empty() {
        None
    } else if path.ends_with('/') || target.is_dir() {
        Some(format!(
            "names the folder {relative}: from disk a browser lists it, it does not open its index.html"
        ))
    } else if !target.is_file() {
        Some(format!("no such file: {relative}"))
    } else {
        None
    }
}

/// Every link of every page of `out` but the 404 page, followed on disk: the problems, and
/// how many addresses were followed.
fn problems_from_disk(out: &Output<'_>) -> (Vec<String>, usize) {
    let mut problems = Vec::new();
    let mut followed = 0;
    for file in out.html_files() {
        if file == "404.html" {
            continue;
        }
        let page = Page::parse(&file, &out.read(&file));
        for (attr, url) in urls_of(&page) {
            followed += 1;
            if let Some(problem) = follow_on_disk(out, &file, &url) {
                problems.push(format!("{file}: {attr}=\"{url}\": {problem}"));
            }
        }
    }
    (problems, followed)
}

fn assert_opens_from_disk(out: &Output<'_>, what: &str) {
    let (problems, followed) = problems_from_disk(out);
    let pages = out.html_files().len();
    assert!(
        followed > pages * 10,
        "only {followed} addresses in {pages} pages of {what}: is the test reading them?"
    );
    assert!(
        problems.is_empty(),
        "{} of {followed} links of {what} do not open from disk:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

/// The follower itself, on hand-made pages: it must catch each way a link fails from disk.
#[test]
fn following_links_on_disk_catches_root_links_folders_and_missing_files() {
    let temp = tempfile::tempdir().expect("temporary folder");
    let out = Output::at(temp.path().to_path_buf());
    std::fs::create_dir_all(temp.path().join("tasks/a")).expect("folders");
    std::fs::write(temp.path().join("tasks/a/index.html"), "").expect("write");
    let follow = |url: &str| follow_on_disk(&out, "notices/n/index.html", url);
    assert_eq!(follow("../../tasks/a/index.html#x"), None);
    assert_eq!(follow("https://example.org/tasks/"), None);
    assert_eq!(follow("mailto:a@example.org"), None);
    assert_eq!(follow("#main"), None);
    for (url, problem) in [
        ("/tasks/a/", "starts with `/`"),
        ("../../tasks/a/", "names the folder tasks/a"),
        ("../../tasks/a", "names the folder tasks/a"),
        (
            "../../tasks/b/index.html",
            "no such file: tasks/b/index.html",
        ),
        ("", "an empty address"),
        ("../../../x.png", "climbs above"),
    ] {
        let found = follow(url).unwrap_or_default();
        assert!(found.contains(problem), "{url:?}: {found:?}");
    }
}

#[test]
fn every_link_of_the_sample_site_opens_from_disk() {
    let (_temp, out) = build_sample(&["--base-url", "https://example.org/sub/"]);
    assert_opens_from_disk(&out, "the sample site");
    // The stylesheet is linked relatively, so the page is styled from disk.
    let home = out.page("");
    let css = home
        .one("link[rel=stylesheet]")
        .attr("href")
        .unwrap_or_default()
        .to_string();
    assert_eq!(css, "assets/style.css");
}

#[test]
fn every_link_of_a_site_made_by_init_opens_from_disk() {
    let site = SiteTest::empty();
    let root = site.root().to_string_lossy().into_owned();
    site.run(&["init", &root]).assert_code(0);
    let out = site.build();
    assert_opens_from_disk(&out, "a site made by init");
}

#[test]
fn addresses_that_leave_the_page_stay_absolute() {
    let base = "https://example.org/sub/";
    let (_temp, out) = build_sample(&["--base-url", base]);
    for file in out.html_files() {
        let page = Page::parse(&file, &out.read(&file));
        for css in ["link[rel=canonical]", "link[rel=alternate]"] {
            for link in page.all(css) {
                let href = link.attr("href").unwrap_or_default();
                assert!(href.starts_with(base), "{file}: {css} is {href:?}");
            }
        }
        for meta in page.all("meta[property='og:url']") {
            let content = meta.attr("content").unwrap_or_default();
            assert!(content.starts_with(base), "{file}: og:url is {content:?}");
        }
    }
    let sitemap = out.read("sitemap.xml");
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .filter_map(|rest| rest.split("</loc>").next())
        .collect();
    assert!(locs.len() > 20, "the sitemap lists {} pages", locs.len());
    assert!(
        locs.iter().all(|loc| loc.starts_with(base)),
        "sitemap: {locs:?}"
    );
    let atom = out.read("atom.xml");
    for part in atom.split("href=\"").skip(1) {
        let href = part.split('"').next().unwrap_or_default();
        assert!(href.starts_with(base), "atom.xml links to {href:?}");
    }
}

/// A host serves the 404 page at whatever address was asked for: every link on it must
/// work from a deep address under the sub-path, `/sub/a/b/c`.
#[test]
fn the_404_page_links_work_from_any_depth() {
    let mut server = StaticServer::bind("/sub/");
    let (_temp, out) = build_sample(&["--base-url", &server.base_url()]);
    server.serve(out.dir());
    let page = out.page("404.html");
    let deep = format!("{}a/b/c", server.base_url());
    let origin = server.base_url().trim_end_matches("/sub/").to_string();
    let mut followed = 0;
    for (attr, url) in urls_of(&page) {
        if url.starts_with('#') || url.starts_with("mailto:") || url.starts_with("tel:") {
            continue;
        }
        // Resolved as a browser at `deep` resolves it.
        let absolute = if url.starts_with("http") {
            url.clone()
        } else if url.starts_with('/') {
            format!("{origin}{url}")
        } else {
            let folder = deep.rsplit_once('/').map_or(deep.as_str(), |(f, _)| f);
            format!("{folder}/{url}")
        };
        if !absolute.starts_with(&origin) {
            continue;
        }
        let absolute = absolute.split('#').next().unwrap_or_default().to_string();
        let (status, _) = get(&absolute);
        assert_eq!(
            status, 200,
            "404.html {attr}=\"{url}\", opened at {deep}, asks for {absolute}"
        );
        followed += 1;
    }
    assert!(
        followed >= 8,
        "only {followed} links followed on the 404 page"
    );
}

/// Opened from disk the search index cannot load: the search page says so in plain words
/// (the browser test checks that it shows).
#[test]
fn the_search_page_says_it_needs_the_web_site_when_opened_from_files() {
    let site = SiteTest::minimal();
    let out = site.build();
    let page = out.page("search/");
    let offline = page.one("#search-offline");
    assert!(offline.attr("hidden").is_some(), "shown only from files");
    assert!(
        crate::built::text_of(offline).contains("搜索只能在网站上使用"),
        "{}",
        crate::built::text_of(offline)
    );
    assert!(
        out.read("search/index.html")
            .contains("protocol === \"file:\"")
    );
}
