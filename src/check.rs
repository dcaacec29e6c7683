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

/// The `language:` of a site.yaml that could not be read whole, so that its errors are
/// still reported in the site's language.
fn written_language(sources: &SourceMap) -> Option<Language> {
    let (_, text) = sources
        .files()
        .find(|(path, _)| *path == "content/site.yaml")?;
    language_written(text)
}

/// The site's language as its site.yaml says, read without loading the site: for what a
/// command prints before the site is loaded. `None` when there is no site.yaml to read.
pub fn site_language(root: &Path) -> Option<Language> {
    language_written(&std::fs::read_to_string(root.join("content/site.yaml")).ok()?)
}

/// The one reading of site.yaml's `language:` line by line, for a file that may not load:
/// `en` or `zh-CN` (in any case, quoted or not, after a byte-order mark); a site.yaml
/// without the line is a zh-CN site, as the loaded site would be; `None` for a value
/// gongshi does not speak, so that the computer's language decides.
fn language_written(text: &str) -> Option<Language> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value = text.lines().find_map(|line| {
        let (key, value) = line.split_once(':')?;
        (key.trim() == "language").then(|| value.split(" #").next().unwrap_or(value))
    });
    let Some(value) = value else {
        return Some(Language::ZhCn);
    };
    match value
        .trim()
        .trim_matches(['"', '\''])
        .to_ascii_lowercase()
        .as_str()
    {
        "en" => Some(Language::En),
        "zh-cn" => Some(Language::ZhCn),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::language_written;
    use crate::model::Language::{En, ZhCn};

    #[test]
    fn the_language_line_is_read_one_way_for_every_command() {
        for (text, language) in [
            ("title: x\nlanguage: en\n", Some(En)),
            ("\u{feff}language: en\n", Some(En)),
            ("language : \"EN\"  # English\n", Some(En)),
            ("language: zh-CN\n", Some(ZhCn)),
            ("title: x\n", Some(ZhCn)),
            ("language: fr\n", None),
        ] {
            assert_eq!(language_written(text), language, "{text:?}");
        }
    }
}
