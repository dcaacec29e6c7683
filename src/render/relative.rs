//! Links inside the site, rewritten relative to the page that holds them, so that a site
//! opened from disk (a double-click on `public/index.html`) is styled and every link works.
//!
//! Templates and Markdown write internal links from the host's root (`/sub/tasks/x/`); as a
//! page is written, every `href`, `src`, `srcset`, `action`, `formaction` and `poster` that
//! starts with the base path becomes relative to the page (`../x/index.html`). A link to a
//! folder gets its `index.html` spelled out: a browser opening files shows a folder as a
//! file listing, while every web host serves `folder/index.html` as it is, so one build
//! works both from disk and on a host, at any sub-path; a link to a folder that an editor
//! wrote relative to the page (`../feedback/`) gets its `index.html` too. Absolute
//! addresses (canonical, Open Graph, feed entries, QR codes) are left as they are. The 404
//! page is not rewritten: a host serves it at any depth, where only links from the root
//! work.

/// The attributes that hold an address.
const URL_ATTRIBUTES: &[&str] = &["href", "src", "srcset", "action", "formaction", "poster"];

/// Elements whose content is text up to their end tag, never markup.
const RAW_TEXT: &[&str] = &["script", "style", "textarea", "title"];

/// `html`, the page written at `page_file` (`tasks/x/index.html`, relative to the output
/// root), with its links under `base_path` (`/` or `/sub/`) made relative to the page.
pub fn relative_links(html: &str, page_file: &str, base_path: &str) -> String {
    let page_dir: Vec<&str> = match page_file.rsplit_once('/') {
        Some((dir, _)) => dir.split('/').collect(),
        None => Vec::new(),
    };
    let mut out = String::with_capacity(html.len() + html.len() / 16);
    let mut copied = 0;
    for (start, end, srcset) in url_values(html) {
        let value = &html[start..end];
        let rewritten = if srcset {
            Some(rewrite_srcset(value, &page_dir, base_path))
        } else {
            rewrite_url(value, &page_dir, base_path)
        };
        if let Some(rewritten) = rewritten
            && rewritten != value
        {
            out.push_str(&html[copied..start]);
            out.push_str(&rewritten);
            copied = end;
        }
    }
    out.push_str(&html[copied..]);
    out
}

/// A `srcset` holds several addresses: `url 1x, url 2x`.
fn rewrite_srcset(value: &str, page_dir: &[&str], base_path: &str) -> String {
    value
        .split(',')
        .map(|candidate| {
            let trimmed = candidate.trim_start();
            let lead = &candidate[..candidate.len() - trimmed.len()];
            let (url, rest) = trimmed
                .split_once(char::is_whitespace)
                .map_or((trimmed, ""), |(u, r)| (u, r));
            match rewrite_url(url, page_dir, base_path) {
                Some(url) if rest.is_empty() => format!("{lead}{url}"),
                Some(url) => format!("{lead}{url} {rest}"),
                None => candidate.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// One address made relative to the page, or None when it does not point inside the site
/// from the root (another host, an absolute address, already relative, `mailto:`…).
fn rewrite_url(url: &str, page_dir: &[&str], base_path: &str) -> Option<String> {
    if url.starts_with("//") {
        return None;
    }
    let Some(inside) = url.strip_prefix(base_path) else {
        return folder_index(url, page_dir);
    };
    let split = inside.find(['?', '#']).unwrap_or(inside.len());
    let (path, suffix) = inside.split_at(split);
    let mut target: Vec<&str> = path.split('/').collect();
    if target.last().is_some_and(|last| last.is_empty()) {
        target.pop();
        target.push("index.html");
    }
    if target.iter().any(|s| *s == ".." || *s == ".") {
        return None;
    }
    // Folders shared with the page's own folder, then one `..` for each folder left.
    let (target_dirs, file) = target.split_at(target.len() - 1);
    let common = page_dir
        .iter()
        .zip(target_dirs)
        .take_while(|(a, b)| a == b)
        .count();
    let mut relative = "../".repeat(page_dir.len() - common);
    for dir in &target_dirs[common..] {
        relative.push_str(dir);
        relative.push('/');
    }
    relative.push_str(file[0]);
    relative.push_str(suffix);
    Some(relative)
}

/// A link an editor wrote relative to the page that names a folder inside the site
/// (`../feedback/`), with its `index.html` spelled out; None for anything else.
fn folder_index(url: &str, page_dir: &[&str]) -> Option<String> {
    let has_scheme = url
        .split_once(':')
        .is_some_and(|(scheme, _)| !scheme.contains(['/', '?', '#']));
    if url.starts_with('/') || has_scheme {
        return None;
    }
    let split = url.find(['?', '#']).unwrap_or(url.len());
    let (path, suffix) = url.split_at(split);
    let folder = path.ends_with('/') || path == "." || path == ".." || path.ends_with("/..");
    if !folder {
        return None;
    }
    // Inside the site: it never climbs above the output's root.
    let mut depth = page_dir.len();
    for segment in path.split('/') {
        match segment {
            ".." => depth = depth.checked_sub(1)?,
            "" | "." => {}
            _ => depth += 1,
        }
    }
    let slash = if path.ends_with('/') { "" } else { "/" };
    Some(format!("{path}{slash}index.html{suffix}"))
}

/// The byte ranges of every address attribute's value in `html`, in order, each with
/// whether it is a `srcset`. A small
/// tokenizer: it reads tags and their attributes and skips comments, doctypes, end tags,
/// text, and the content of `<script>`, `<style>`, `<textarea>` and `<title>`, so that
/// text that looks like an attribute is never touched.
fn url_values(html: &str) -> Vec<(usize, usize, bool)> {
    let bytes = html.as_bytes();
    let mut ranges = Vec::new();
    let mut i = 0;
    while let Some(offset) = html[i..].find('<') {
        let lt = i + offset;
        let rest = &html[lt..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(bytes.len(), |e| lt + e + 3);
            continue;
        }
        match bytes.get(lt + 1) {
            Some(b'/' | b'!' | b'?') => {
                i = rest.find('>').map_or(bytes.len(), |e| lt + e + 1);
            }
            Some(b) if b.is_ascii_alphabetic() => {
                let (end, name) = read_tag(html, lt + 1, &mut ranges);
                i = end;
                if RAW_TEXT.iter().any(|raw| raw.eq_ignore_ascii_case(name)) {
                    i = find_end_tag(html, i, name).unwrap_or(bytes.len());
                }
            }
            _ => i = lt + 1,
        }
    }
    ranges
}

/// Reads a start tag from its name at `i`: returns where it ends and its name, and adds the
/// ranges of its address attributes' values to `ranges`. Names are compared in place, with
/// no copy: this runs over every tag of every page.
fn read_tag<'h>(
    html: &'h str,
    mut i: usize,
    ranges: &mut Vec<(usize, usize, bool)>,
) -> (usize, &'h str) {
    let bytes = html.as_bytes();
    let is_name_end = |b: u8| b.is_ascii_whitespace() || b == b'>' || b == b'/' || b == b'=';
    let name_start = i;
    while i < bytes.len() && !is_name_end(bytes[i]) {
        i += 1;
    }
    let name = &html[name_start..i];
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            return (bytes.len(), name);
        }
        if bytes[i] == b'>' {
            return (i + 1, name);
        }
        let attr_start = i;
        while i < bytes.len() && !is_name_end(bytes[i]) {
            i += 1;
        }
        if i == attr_start {
            // A stray `=`: step over it.
            i += 1;
            continue;
        }
        let attr = &html[attr_start..i];
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let (start, end, next) = match bytes.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                let end = html[i + 1..]
                    .find(q as char)
                    .map_or(bytes.len(), |e| i + 1 + e);
                (i + 1, end, (end + 1).min(bytes.len()))
            }
            _ => {
                let mut end = i;
                while end < bytes.len() && !bytes[end].is_ascii_whitespace() && bytes[end] != b'>' {
                    end += 1;
                }
                (i, end, end)
            }
        };
        if URL_ATTRIBUTES.iter().any(|a| a.eq_ignore_ascii_case(attr)) {
            ranges.push((start, end, attr.eq_ignore_ascii_case("srcset")));
        }
        i = next;
    }
}

/// Where the text of a raw-text element that began at `i` ends: just before `</name`.
fn find_end_tag(html: &str, i: usize, name: &str) -> Option<usize> {
    let mut from = i;
    while let Some(offset) = html[from..].find("</") {
        let at = from + offset;
        let candidate = html.as_bytes().get(at + 2..at + 2 + name.len())?;
        if candidate.eq_ignore_ascii_case(name.as_bytes()) {
            return Some(at);
        }
        from = at + 2;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::relative_links;

    #[test]
    fn root_links_become_relative_to_the_page_with_index_html_for_folders() {
        let cases = [
            ("index.html", "/", "index.html"),
            ("index.html", "/tasks/", "tasks/index.html"),
            ("index.html", "/assets/style.css", "assets/style.css"),
            ("tasks/x/index.html", "/", "../../index.html"),
            ("tasks/x/index.html", "/tasks/", "../index.html"),
            ("tasks/x/index.html", "/tasks/x/", "index.html"),
            (
                "tasks/x/index.html",
                "/tasks/y/#ledger",
                "../y/index.html#ledger",
            ),
            (
                "tasks/x/index.html",
                "/search/?q=路",
                "../../search/index.html?q=路",
            ),
            ("tasks/x/index.html", "/orgs/a/", "../../orgs/a/index.html"),
            (
                "tasks/page/2/index.html",
                "/tasks/page/3/",
                "../3/index.html",
            ),
            ("search/index.html", "/pagefind/ui.js", "../pagefind/ui.js"),
        ];
        for (page, link, expected) in cases {
            let html = format!(r#"<a href="{link}">x</a>"#);
            assert_eq!(
                relative_links(&html, page, "/"),
                format!(r#"<a href="{expected}">x</a>"#),
                "{link} from {page}"
            );
        }
    }

    #[test]
    fn an_editors_relative_link_to_a_folder_gets_its_index_html() {
        for (link, expected) in [
            ("../feedback/", "../feedback/index.html"),
            ("../feedback/#phone", "../feedback/index.html#phone"),
            ("sub/", "sub/index.html"),
            ("..", "../index.html"),
            ("../../..", "../../.."),
            ("../a.pdf", "../a.pdf"),
            ("../feedback", "../feedback"),
            ("#top", "#top"),
            ("https://example.org/x/", "https://example.org/x/"),
        ] {
            let html = format!(r#"<a href="{link}">x</a>"#);
            assert_eq!(
                relative_links(&html, "about/index.html", "/"),
                format!(r#"<a href="{expected}">x</a>"#),
                "{link}"
            );
        }
    }

    #[test]
    fn a_sub_path_is_the_root_of_the_site_and_links_outside_it_stay() {
        let html = r#"<a href="/gs/tasks/">a</a><a href="/other/">b</a><img src="/gs/p.png">"#;
        assert_eq!(
            relative_links(html, "tasks/index.html", "/gs/"),
            r#"<a href="index.html">a</a><a href="/other/">b</a><img src="../p.png">"#
        );
    }

    #[test]
    fn absolute_addresses_fragments_and_other_schemes_stay() {
        let html = concat!(
            r#"<link rel="canonical" href="https://example.org/tasks/">"#,
            r#"<meta property="og:url" content="/tasks/">"#,
            r##"<a href="//cdn.example/x">a</a><a href="#main">b</a><a href="mailto:a@b">c</a>"##,
        );
        assert_eq!(relative_links(html, "tasks/x/index.html", "/"), html);
    }

    #[test]
    fn every_address_attribute_is_rewritten_in_any_quoting() {
        let html = concat!(
            r#"<form action='/search/'><button formaction=/data/>x</button></form>"#,
            r#"<img srcset="/a.png 1x, /b.png 2x" SRC="/a.png"><video poster="/v.jpg"></video>"#,
        );
        assert_eq!(
            relative_links(html, "notices/n/index.html", "/"),
            concat!(
                r#"<form action='../../search/index.html'><button formaction=../../data/index.html>x</button></form>"#,
                r#"<img srcset="../../a.png 1x, ../../b.png 2x" SRC="../../a.png"><video poster="../../v.jpg"></video>"#,
            )
        );
    }

    #[test]
    fn text_comments_and_scripts_that_look_like_links_are_left_alone() {
        let html = concat!(
            r#"<p>write href="/tasks/" in a page</p><!-- <a href="/x/"> -->"#,
            r#"<script>var a = '<a href="/tasks/">';</script><a href="/tasks/">t</a>"#,
            r#"<title>href="/t/"</title><textarea><a href="/t/"></textarea>"#,
        );
        assert_eq!(
            relative_links(html, "index.html", "/"),
            html.replacen(r#"href="/tasks/">t"#, r#"href="tasks/index.html">t"#, 1)
        );
    }

    #[test]
    fn broken_markup_neither_panics_nor_loses_text() {
        for html in [
            "<",
            "<a",
            "<a href",
            "<a href=",
            r#"<a href="/x"#,
            "<a =/x>",
            "<script>",
            "<!--",
            "</",
            "<a href='/'>é</a><",
        ] {
            let out = relative_links(html, "a/b/index.html", "/");
            assert!(out.len() >= html.len() - 1, "{html:?} became {out:?}");
        }
    }
}
