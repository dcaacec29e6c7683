//! The check of a whole site: load it, then validate it, with every problem sorted. `check`
//! prints the report; `build` and `serve` build only a site that passes.

use crate::changes::ChangeSet;
use crate::diagnostics::{Diagnostics, SourceMap, message_language};
use crate::load::{LoadCache, load_changed, load_site};
use crate::model::{Language, Site};
use crate::validate::{TextMemos, validate};
use std::path::Path;

/// The outcome of loading and validating a site.
pub struct Checked {
    pub site: Option<Site>,
    pub diagnostics: Diagnostics,
    pub sources: SourceMap,
    pub files_read: usize,
    /// The language the report is written in (see [`message_language`]).
    pub language: Language,
}

impl Checked {
    /// The report to print: every error, the first warnings of each kind and a count of
    /// the rest (see [`Diagnostics::render_with`]), then the summary line.
    pub fn report(&self) -> String {
        self.report_with(false)
    }

    /// The report, with every warning when `verbose`.
    pub fn report_with(&self, verbose: bool) -> String {
        let mut text = self
            .diagnostics
            .render_with(&self.sources, verbose, self.language);
        text.push_str(&self.diagnostics.summary(self.files_read, self.language));
        text.push('\n');
        text
    }
}

/// What `serve` keeps from one check to the next: the decoded files, and what the checks of
/// the files' text found in each (both redone only for files that changed).
#[derive(Default)]
pub struct CheckCache {
    pub load: LoadCache,
    texts: TextMemos,
}

/// Loads and validates the site under `root`.
pub fn check_site(root: &Path) -> Checked {
    checked(load_site(root), &mut TextMemos::default())
}

/// Like [`check_site`], decoding and scanning only the files changed since the cache's last
/// check, looking first where `changes` points (see [`crate::changes`]); the whole site is
/// validated every time.
pub fn check_site_changed(root: &Path, cache: &mut CheckCache, changes: &ChangeSet) -> Checked {
    checked(
        load_changed(root, &mut cache.load, changes),
        &mut cache.texts,
    )
}

fn checked(loaded: crate::load::Loaded, texts: &mut TextMemos) -> Checked {
    let mut diagnostics = loaded.diagnostics;
    let mut sources = loaded.sources;
    if let Some(site) = &loaded.site {
        diagnostics.extend(validate(site));
        diagnostics.extend(crate::validate::unfinished::check(
            site,
            &sources,
            &mut texts.placeholders,
        ));
        diagnostics.extend(crate::validate::privacy::check(
            site,
            &mut sources,
            &mut texts.personal,
        ));
    }
    diagnostics.sort();
    let language = message_language(
        loaded
            .site
            .as_ref()
            .map(|site| site.config.language)
            .or_else(|| written_language(&sources)),
    );
    Checked {
        site: loaded.site,
        diagnostics,
        sources,
        files_read: loaded.files_read,
        language,
    }
}

/// The `language:` line of a site.yaml that could not be read whole, so that its errors
/// are still reported in the site's language.
fn written_language(sources: &SourceMap) -> Option<Language> {
    let (_, text) = sources
        .files()
        .find(|(path, _)| *path == "content/site.yaml")?;
    language_line(text)
}

/// The site's language as its site.yaml says, read without loading the site: for what a
/// command prints before the site is loaded. A site.yaml without a `language:` line is a
/// zh-CN site, as the loaded site would be; `None` when there is no site.yaml to read or
/// its `language:` is not one gongshi speaks.
pub fn site_language(root: &Path) -> Option<Language> {
    let text = std::fs::read_to_string(root.join("content/site.yaml")).ok()?;
    match language_line(&text) {
        None if !text.lines().any(|line| line.starts_with("language:")) => Some(Language::ZhCn),
        language => language,
    }
}

fn language_line(text: &str) -> Option<Language> {
    text.lines().find_map(|line| {
        let value = line.strip_prefix("language:")?.split(" #").next()?.trim();
        match value.trim_matches(|c| c == '"' || c == '\'') {
            "en" => Some(Language::En),
            "zh-CN" => Some(Language::ZhCn),
            _ => None,
        }
    })
}
