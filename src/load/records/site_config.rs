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
            words!("settings_theme_invalid", name = name),
            Text::key("settings_theme_invalid_help"),
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
                Text::key("settings_page_size"),
                words!("settings_page_size_help", n = DEFAULT_PAGE_SIZE.to_string()),
            );
            DEFAULT_PAGE_SIZE
        }
        None => DEFAULT_PAGE_SIZE,
    }
}

/// `base_url` must be absolute http(s); it is stored with a trailing slash.
pub fn check_base_url(cx: &mut FileContext, url: Located<String>) -> Option<String> {
    match base_url_problem(&url.value) {
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
                words!(
                    "settings_base_url_invalid",
                    url = &url.value,
                    reason = Text::key(reason)
                ),
                Text::key("settings_base_url_invalid_help"),
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

/// Checks and normalises a base URL: `http(s)://host[:port][/path]`, ending in `/`. The
/// reason it is refused is in English; [`base_url_problem`] names its row of the table.
pub fn normalize_base_url(url: &str) -> Result<String, String> {
    base_url_problem(url).map_err(|key| Text::key(key).to_string())
}

/// [`normalize_base_url`], refusing with the key of the reason's row of the message table.
pub fn base_url_problem(url: &str) -> Result<String, &'static str> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or("settings_base_url_scheme")?;
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() {
        return Err("settings_base_url_host");
    }
    if url.contains(['?', '#', ' ', '"', '<', '>', '\\']) {
        return Err("settings_base_url_characters");
    }
    let mut normalized = url.to_string();
    if !normalized.ends_with('/') {
        normalized.push('/');
    }
    Ok(normalized)
}
