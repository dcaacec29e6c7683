//! Templates and assets of the theme. The default theme is compiled into the binary, so a
//! site made with `gongshi init` anywhere works; a `themes/<name>/` folder in the site root
//! replaces it file by file, and `<root>/templates/` overrides single templates on top.

use crate::diagnostics::{Text, io_reason};
use crate::words;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../../themes/default/", $name)) as &[u8])),*]
    };
}

/// The default theme as shipped: (path under the theme folder, contents).
const DEFAULT_THEME: &[(&str, &[u8])] = embedded![
    "templates/base.html",
    "templates/index.html",
    "templates/tasks.html",
    "templates/task.html",
    "templates/org.html",
    "templates/orgs.html",
    "templates/categories.html",
    "templates/evaluations.html",
    "templates/evaluation.html",
    "templates/evaluation_print.html",
    "templates/notices.html",
    "templates/notice.html",
    "templates/notice_print.html",
    "templates/page.html",
    "templates/data.html",
    "templates/search.html",
    "templates/404.html",
    "templates/changes.html",
    "templates/partials/task_table.html",
    "templates/partials/task_row.html",
    "templates/partials/facets.html",
    "templates/partials/chart.html",
    "templates/partials/period.html",
    "templates/partials/feedback.html",
    "templates/partials/print_head.html",
    "templates/partials/marks_meta.html",
    "templates/partials/footer_marks.html",
    "templates/partials/print_foot.html",
    "templates/partials/sheet_tools.html",
    "templates/partials/sheet_contact.html",
    "templates/partials/sheet_sign.html",
    "templates/partials/qr.html",
    "templates/partials/publicity.html",
    "templates/partials/link_list.html",
    "templates/partials/section_links.html",
    "templates/partials/chain_mark.html",
    "templates/partials/pagination.html",
    "templates/partials/pagination_head.html",
    "static/assets/style.css",
    "static/assets/print.css",
    "static/assets/a11y.css",
    "static/assets/site.js",
];

#[derive(Debug, thiserror::Error)]
pub enum ThemeError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("template {name} is not UTF-8 text")]
    NotText { name: String },
    #[error("theme `{name}` not found: there is no folder {path}")]
    Missing { name: String, path: PathBuf },
    #[error("in the templates: {0}")]
    Template(String),
}

impl ThemeError {
    /// What went wrong and what to do, in the words of the message table.
    pub fn words(&self) -> Text {
        match self {
            ThemeError::Read { path, source } => words!(
                "theme_cannot_read",
                path = path.display().to_string(),
                reason = io_reason(source)
            ),
            ThemeError::NotText { name } => words!("theme_not_text", name = name),
            ThemeError::Missing { name, path } => words!(
                "theme_missing",
                name = name,
                path = path.display().to_string()
            ),
            ThemeError::Template(message) => words!("theme_template_error", message = message),
        }
    }
}

/// A theme's static file: where it goes in the output, and where its bytes come from.
#[derive(Clone, Debug)]
pub enum StaticSource {
    Embedded(&'static [u8]),
    File(PathBuf),
}

pub struct Theme {
    pub tera: tera::Tera,
    /// Output path (relative) → source.
    pub static_files: BTreeMap<String, StaticSource>,
    /// A hash of every template's name and text: equal fingerprints render equal pages
    /// from equal data (`serve` skips pages on that basis).
    pub fingerprint: u128,
}

impl Theme {
    /// Loads the theme named in site.yaml (from `<root>/themes/<name>` or, for `default`,
    /// from the binary) and the site's template overrides.
    pub fn load(root: &Path, name: &str) -> Result<Theme, ThemeError> {
        let mut templates: BTreeMap<String, String> = BTreeMap::new();
        let mut static_files: BTreeMap<String, StaticSource> = BTreeMap::new();
        if name == "default" {
            for (path, bytes) in DEFAULT_THEME {
                if let Some(template) = path.strip_prefix("templates/") {
                    let text = std::str::from_utf8(bytes).map_err(|_| ThemeError::NotText {
                        name: template.to_string(),
                    })?;
                    templates.insert(template.to_string(), text.to_string());
                } else if let Some(asset) = path.strip_prefix("static/") {
                    static_files.insert(asset.to_string(), StaticSource::Embedded(bytes));
                }
            }
        }
        let theme_dir = root.join("themes").join(name);
        if theme_dir.is_dir() {
            read_templates(&theme_dir.join("templates"), &mut templates)?;
            list_static(&theme_dir.join("static"), &mut static_files)?;
        } else if name != "default" {
            return Err(ThemeError::Missing {
                name: name.to_string(),
                path: theme_dir,
            });
        }
        read_templates(&root.join("templates"), &mut templates)?;

        let mut tera = tera::Tera::new();
        tera.autoescape_on(vec![".html", ".xml"]);
        tera.add_raw_templates(
            templates
                .iter()
                .map(|(n, t)| (n.as_str(), t.as_str()))
                .collect::<Vec<_>>(),
        )
        .map_err(|e| ThemeError::Template(error_chain(&e)))?;
        let fingerprint = super::memo::hash_inputs(
            &templates
                .iter()
                .flat_map(|(name, text)| [name.as_str(), text.as_str()])
                .collect::<Vec<_>>(),
        );
        Ok(Theme {
            tera,
            static_files,
            fingerprint,
        })
    }
}

fn read_templates(dir: &Path, templates: &mut BTreeMap<String, String>) -> Result<(), ThemeError> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
    {
        if !entry.file_type().is_file() || entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let name = crate::diagnostics::display_path(dir, entry.path());
        let text = std::fs::read_to_string(entry.path()).map_err(|source| ThemeError::Read {
            path: entry.path().to_path_buf(),
            source,
        })?;
        templates.insert(name, text);
    }
    Ok(())
}

fn list_static(dir: &Path, files: &mut BTreeMap<String, StaticSource>) -> Result<(), ThemeError> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| ThemeError::Read {
            path: e
                .path()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| dir.to_path_buf()),
            source: std::io::Error::other(e.to_string()),
        })?;
        if entry.file_type().is_file() && !entry.file_name().to_string_lossy().starts_with('.') {
            files.insert(
                crate::diagnostics::display_path(dir, entry.path()),
                StaticSource::File(entry.path().to_path_buf()),
            );
        }
    }
    Ok(())
}

/// A Tera error with its causes, each once.
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str("\ncaused by: ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}
