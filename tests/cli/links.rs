//! The internal link checker: every `href`, `src`, `srcset`, `action` and `poster` in every
//! HTML file of a built site (the `<link>` and `<script>` assets included) that points inside
//! the site must resolve to a file of the output, and a `#fragment` to an element with that
//! id. "Inside" is judged against the base URL the site was built for: root-relative links
//! must start with its path (`/sub/`), absolute links to its host must lie under it.
//! Links to other hosts, `mailto:`, `tel:` and `data:` are not followed.

use crate::built::{Output, Page, selector};
use std::collections::{BTreeMap, BTreeSet};

/// The attributes that hold a URL, by element (`*`: any element).
const URL_ATTRIBUTES: &[(&str, &str)] = &[
    ("*", "href"),
    ("*", "src"),
    ("*", "srcset"),
    ("*", "action"),
    ("*", "formaction"),
    ("*", "poster"),
    ("object", "data"),
    ("*", "xlink:href"),
];

/// A base URL split into what the checker needs: `https://example.org/sub/` has the origin
/// `https://example.org` and the path `/sub/`.
struct Base {
    origin: String,
    path: String,
}

impl Base {
    fn scheme(&self) -> &str {
        self.origin.split("://").next().unwrap_or("https")
    }

    fn parse(base_url: &str) -> Base {
        let (scheme, rest) = base_url
            .split_once("://")
            .unwrap_or_else(|| panic!("base URL {base_url:?} has no scheme"));
        let (host, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        let mut path = path.to_string();
        if !path.ends_with('/') {
            path.push('/');
        }
        Base {
            origin: format!("{scheme}://{host}"),
            path,
        }
    }
}

/// Every problem with the internal links of `out`, one line each:
/// `file: <attr>="value": what is wrong`. Empty when all is well.
pub fn check_links(out: &Output<'_>, base_url: &str) -> Vec<String> {
    let base = Base::parse(base_url);
    let files: BTreeSet<String> = out.files().into_iter().collect();
    let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut pages = Vec::new();
    for file in files.iter().filter(|f| f.ends_with(".html")) {
        let page = Page::parse(file, &out.read(file));
        ids.insert(file.clone(), ids_of(&page));
        pages.push(page);
    }
    let mut problems = Vec::new();
    for page in &pages {
        for (attr, value) in urls_of(page) {
            if let Err(reason) = check_one(&base, &files, &ids, &page.file, &value) {
                problems.push(format!("{}: {attr}=\"{value}\": {reason}", page.file));
            }
        }
    }
    problems
}

/// The number of URLs `check_links` looks at: a test that checks nothing is no test.
pub fn count_urls(out: &Output<'_>) -> usize {
    out.html_files()
        .iter()
        .map(|file| urls_of(&Page::parse(file, &out.read(file))).len())
        .sum()
}

fn ids_of(page: &Page) -> BTreeSet<String> {
    let mut ids: BTreeSet<String> = page
        .html
        .select(&selector("[id]"))
        .filter_map(|e| e.attr("id").map(str::to_string))
        .collect();
    ids.extend(
        page.html
            .select(&selector("a[name]"))
            .filter_map(|e| e.attr("name").map(str::to_string)),
    );
    ids
}

fn urls_of(page: &Page) -> Vec<(String, String)> {
    let mut urls = Vec::new();
    for element in page.html.select(&selector("*")) {
        for (name, value) in element.value().attrs() {
            let wanted = URL_ATTRIBUTES
                .iter()
                .any(|(el, attr)| *attr == name && (*el == "*" || *el == element.value().name()));
            if !wanted {
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

fn check_one(
    base: &Base,
    files: &BTreeSet<String>,
    ids: &BTreeMap<String, BTreeSet<String>>,
    page_file: &str,
    value: &str,
) -> Result<(), String> {
    let url = value.trim();
    match scheme_of(url).as_deref() {
        Some("javascript" | "vbscript") => return Err("a script URL".into()),
        Some("mailto" | "tel" | "sms" | "data") => return Ok(()),
        _ => {}
    }
    if url.is_empty() {
        return Err("an empty URL".into());
    }
    let (without_fragment, fragment) = match url.split_once('#') {
        Some((u, f)) => (u, Some(f)),
        None => (url, None),
    };
    let without_query = without_fragment
        .split_once('?')
        .map_or(without_fragment, |(u, _)| u);

    // The target as a path on the host, beginning with `/`.
    let target_path = if without_query.is_empty() {
        // `#x` or `?q`: this very page.
        format!("{}{}", base.path, page_file)
    } else if without_query.starts_with("//") || scheme_of(url).is_some() {
        let absolute = match without_query.strip_prefix("//") {
            Some(rest) => format!("{}://{rest}", base.scheme()),
            None => without_query.to_string(),
        };
        if !matches!(
            scheme_of(url).as_deref(),
            None | Some("http") | Some("https")
        ) {
            return Err("a URL with a scheme that is neither http nor https".into());
        }
        match absolute.strip_prefix(&base.origin) {
            Some("") => "/".to_string(),
            Some(path) if path.starts_with('/') => path.to_string(),
            _ => return Ok(()), // another host
        }
    } else if without_query.starts_with('/') {
        without_query.to_string()
    } else {
        if page_file == "404.html" {
            return Err("a relative link on the 404 page, which hosts serve at any address".into());
        }
        let page_dir = match page_file.rsplit_once('/') {
            Some((dir, _)) => format!("{}{dir}/", base.path),
            None => base.path.clone(),
        };
        format!("{page_dir}{without_query}")
    };

    let normalised = normalise(&percent_decode(&target_path))
        .ok_or_else(|| "climbs above the host's root".to_string())?;
    let Some(inside) = normalised.strip_prefix(&base.path) else {
        return Err(format!(
            "points outside the site's base path {} (to {normalised})",
            base.path
        ));
    };
    let file = Output::file_of(inside);
    if !files.contains(&file) {
        return Err(format!("no such file in the output: {file}"));
    }
    if let Some(fragment) = fragment.filter(|f| !f.is_empty())
        && let Some(targets) = ids.get(&file)
    {
        let fragment = percent_decode(fragment);
        if !targets.contains(&fragment) {
            return Err(format!("{file} has no element with id `{fragment}`"));
        }
    }
    Ok(())
}

/// Resolves `.` and `..` segments; `None` when the path climbs above `/`.
fn normalise(path: &str) -> Option<String> {
    let mut segments: Vec<&str> = Vec::new();
    let trailing = path.ends_with('/') || path.ends_with("/.") || path.ends_with("/..");
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop()?;
            }
            s => segments.push(s),
        }
    }
    let mut out = format!("/{}", segments.join("/"));
    if trailing && !out.ends_with('/') {
        out.push('/');
    }
    Some(out)
}

/// The URL's scheme, lower-cased (`https`, `mailto`), if it has one.
fn scheme_of(url: &str) -> Option<String> {
    let (scheme, _) = url.split_once(':')?;
    let mut chars = scheme.chars();
    let valid = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c));
    valid.then(|| scheme.to_ascii_lowercase())
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (
            bytes[i],
            bytes.get(i + 1).and_then(|b| hex(*b)),
            bytes.get(i + 2).and_then(|b| hex(*b)),
        ) {
            (b'%', Some(high), Some(low)) => {
                out.push((high * 16 + low) as u8);
                i += 3;
            }
            (byte, _, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The checker itself, on a hand-made output folder: it must find each kind of broken link
/// and accept each kind of good one, or the whole-site tests prove nothing.
#[test]
fn the_link_checker_finds_broken_links_and_accepts_good_ones() {
    let temp = tempfile::tempdir().expect("temporary folder");
    let dir = temp.path().to_path_buf();
    let write = |relative: &str, text: &str| {
        let path = dir.join(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folders");
        std::fs::write(path, text).expect("write");
    };
    write("assets/style.css", "");
    write("tasks/a/index.html", r#"<p id="ledger">x</p>"#);
    write(
        "index.html",
        r##"<html><head><link rel="stylesheet" href="/sub/assets/style.css">
        <script src="/sub/assets/missing.js"></script></head><body id="top">
        <a href="/sub/tasks/a/">ok</a> <a href="tasks/a/#ledger">ok</a> <a href="#top">ok</a>
        <a href="https://example.org/sub/tasks/a/">ok</a> <a href="https://other.example/x">ok</a>
        <a href="mailto:a@example.org">ok</a> <a href="tel:123">ok</a>
        <a href="/tasks/a/">outside</a> <a href="/sub/tasks/b/">missing</a>
        <a href="tasks/a/#nope">no id</a> <a href="#nowhere">no id</a>
        <a href="javascript:alert(1)">script</a> <img src="../../x.png" alt="">
        <a href="https://example.org/other/">outside</a>
        </body></html>"##,
    );
    let out = Output::at(dir.clone());
    let problems = check_links(&out, "https://example.org/sub/");
    let joined = problems.join("\n");
    for expected in [
        "src=\"/sub/assets/missing.js\": no such file",
        "href=\"/tasks/a/\": points outside",
        "href=\"/sub/tasks/b/\": no such file",
        "href=\"tasks/a/#nope\": tasks/a/index.html has no element with id `nope`",
        "href=\"#nowhere\": index.html has no element with id `nowhere`",
        "href=\"javascript:alert(1)\": a script URL",
        "src=\"../../x.png\": climbs above",
        "href=\"https://example.org/other/\": points outside",
    ] {
        assert!(
            joined.contains(expected),
            "the checker missed {expected:?}; it found:\n{joined}"
        );
    }
    assert_eq!(problems.len(), 8, "false alarms among:\n{joined}");
}
