//! The check of a whole site: load it, then validate it, with every problem sorted. `check`
//! prints the report; `build` and `serve` build only a site that passes.

use crate::changes::ChangeSet;
use crate::diagnostics::{Diagnostics, SourceMap};
use crate::load::{LoadCache, load_changed, load_site};
use crate::model::Site;
use crate::validate::validate;
use std::path::Path;

/// The outcome of loading and validating a site.
pub struct Checked {
    pub site: Option<Site>,
    pub diagnostics: Diagnostics,
    pub sources: SourceMap,
    pub files_read: usize,
}

impl Checked {
    /// The report to print: every error, the first warnings of each kind and a count of
    /// the rest (see [`Diagnostics::render_with`]), then the summary line.
    pub fn report(&self) -> String {
        self.report_with(false)
    }

    /// The report, with every warning when `verbose`.
    pub fn report_with(&self, verbose: bool) -> String {
        let mut text = self.diagnostics.render_with(&self.sources, verbose);
        text.push_str(&self.diagnostics.summary(self.files_read));
        text.push('\n');
        text
    }
}

/// Loads and validates the site under `root`.
pub fn check_site(root: &Path) -> Checked {
    checked(load_site(root))
}

/// Like [`check_site`], decoding only the files changed since the cache's last load, looking
/// first where `changes` points (see [`crate::changes`]); the whole site is validated every
/// time.
pub fn check_site_changed(root: &Path, cache: &mut LoadCache, changes: &ChangeSet) -> Checked {
    checked(load_changed(root, cache, changes))
}

fn checked(loaded: crate::load::Loaded) -> Checked {
    let mut diagnostics = loaded.diagnostics;
    let mut sources = loaded.sources;
    if let Some(site) = &loaded.site {
        diagnostics.extend(validate(site));
        diagnostics.extend(crate::validate::privacy::check(site, &mut sources));
    }
    diagnostics.sort();
    Checked {
        site: loaded.site,
        diagnostics,
        sources,
        files_read: loaded.files_read,
    }
}
