//! `content/site.yaml`: the site settings (SPEC §2.1), and the check of a base URL that
//! `build --base-url` shares.

use super::super::decode::{Fields, FileContext, as_count, as_string};
use super::super::settings;
use super::syntax::parse_yaml;
use crate::diagnostics::{Diagnostic, Diagnostics, Text};
use crate::model::*;
use crate::words;
use crate::yaml::Node;

const LANGUAGES: &[(&str, Language)] = &[("zh-CN", Language::ZhCn), ("en", Language::En)];

pub fn decode_site_config(path: &str, text: &str) -> (Option<SiteConfig>, Diagnostics) {
    let mut cx = FileContext::new(path);
    let config = parse_yaml(&mut cx, text).and_then(|node| site_config(&mut cx, &node));
    (config, cx.diagnostics)
}

fn site_config(cx: &mut FileContext, node: &Node) -> Option<SiteConfig> {
    const KNOWN: &[&str] = &[
        "title",
        "publisher",
        "base_url",
        "language",
        "as_of",
        "theme",
        "feedback",
        "currency",
        "deploy",
        "privacy",
        "registration",
        "search",
        "page_size",
    ];
    let mut f = Fields::new(cx, node, "site settings file", KNOWN)?;
    let title = f.required_string(cx, "title");
    let publisher = f.required_string(cx, "publisher");
    let base_url = f
        .required_string(cx, "base_url")
        .and_then(|url| check_base_url(cx, url));
    let language = f
        .choice(cx, "language", LANGUAGES, false)
        .map(|l| l.value)
        .unwrap_or(Language::ZhCn);
    let as_of = f.date(cx, "as_of").map(|d| d.value);
    // `None` when `theme` is there but not a string (already reported).
    let theme = match f.get("theme") {
        Some(node) => as_string(cx, node, "theme").map(|name| Located::new(name, node.pos)),
        None => Some(Located::new("default".to_string(), f.pos())),
    };
    let feedback = f
        .get("feedback")
        .and_then(|n| settings::feedback(cx, n))
        .unwrap_or_default();
    let currency = f
        .string(cx, "currency")
        .unwrap_or_else(|| "CNY".to_string());
    let deploy = settings::deploy_targets(cx, f.get("deploy"));
    let privacy_allow = settings::privacy_allow(cx, f.get("privacy"));
    let registration = settings::registration(cx, f.get("registration"));
    let search = f.bool(cx, "search").unwrap_or(true);
    let page_size = page_size(cx, f.get("page_size"));
    f.finish(cx);
    let theme = theme?;
    let name = &theme.value;
    if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        cx.error_with_help(
            theme.pos,
            format!("invalid theme `{name}`: it must be the name of a folder under themes/"),
            "write only the folder's name (e.g. `theme: default`), without `/` or `..`",
        );
        return None;
    }
    Some(SiteConfig {
        title: title?.value,
        publisher: publisher?.value,
        base_url: base_url?,
        language,
        as_of,
        theme,
        feedback,
        currency,
        deploy,
        privacy_allow,
        registration,
        search,
        page_size,
    })
}

/// `page_size`: how many tasks a list page shows before it continues on `page/2/`.
fn page_size(cx: &mut FileContext, node: Option<&Node>) -> usize {
    let Some(node) = node else {
        return DEFAULT_PAGE_SIZE;
    };
    match as_count(cx, node, "page_size") {
        Some(n) if n >= 1 => usize::try_from(n).unwrap_or(usize::MAX),
        Some(_) => {
            cx.error_with_help(
                node.pos,
                "`page_size` must be at least 1",
                format!("write how many tasks one list page shows, e.g. `page_size: {DEFAULT_PAGE_SIZE}`"),
            );
            DEFAULT_PAGE_SIZE
        }
        None => DEFAULT_PAGE_SIZE,
    }
}

/// `base_url` must be absolute http(s); it is stored with a trailing slash.
pub fn check_base_url(cx: &mut FileContext, url: Located<String>) -> Option<String> {
    match normalize_base_url(&url.value) {
        Ok(normalized) => {
            if is_example_address(&normalized) {
                cx.diagnostics.push(
                    Diagnostic::warning(
                        cx.path,
                        url.pos,
                        words!("example_base_url", url = &normalized),
                    )
                    .with_help(Text::key("example_base_url_help"))
                    .with_kind("example address"),
                );
            }
            Some(normalized)
        }
        Err(reason) => {
            cx.error_with_help(
                url.pos,
                format!("invalid base_url `{}`: {reason}", url.value),
                "write the full address where the site is hosted, e.g. https://example.org/gongshi/",
            );
            None
        }
    }
}

/// Whether `url` (normalised) is on the example domains `gongshi init` writes, which no
/// site is published at: example.org, example.com, example.net.
pub fn is_example_address(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let host = rest
        .split(['/', ':'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    matches!(host, "example.org" | "example.com" | "example.net")
}

/// Checks and normalises a base URL: `http(s)://host[:port][/path]`, ending in `/`.
pub fn normalize_base_url(url: &str) -> Result<String, String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("it must start with http:// or https://")?;
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() {
        return Err("it has no host name".to_string());
    }
    if url.contains(['?', '#', ' ', '"', '<', '>', '\\']) {
        return Err("it must not contain spaces, quotes, `?` or `#`".to_string());
    }
    let mut normalized = url.to_string();
    if !normalized.ends_with('/') {
        normalized.push('/');
    }
    Ok(normalized)
}
