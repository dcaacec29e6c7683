//! What a render is asked for ([`RenderOptions`]), what it reports ([`RenderSummary`]) and
//! how it fails ([`RenderError`]): the types `build` and `serve` share with the render.

use super::search::SearchError;
use super::theme::ThemeError;
use crate::diagnostics::Text;
use crate::output::OutputError;
use crate::words;

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(transparent)]
    Theme(#[from] ThemeError),
    #[error("rendering {path} with template {template}:\n{message}")]
    Template {
        path: String,
        template: &'static str,
        message: String,
    },
    #[error(transparent)]
    Output(#[from] OutputError),
    #[error(transparent)]
    Search(#[from] SearchError),
    #[error("content/static/{0} would overwrite a page that gongshi generates; rename or move it")]
    StaticCollision(String),
    #[error("{0}")]
    History(String),
}

impl RenderError {
    /// What went wrong and what to do, in the words of the message table; a template's
    /// error keeps Tera's own excerpt, which points at the line and column.
    pub fn words(&self) -> Text {
        match self {
            RenderError::Theme(error) => error.words(),
            RenderError::Template {
                path,
                template,
                message,
            } => words!(
                "render_template_failed",
                path = path,
                template = *template,
                message = message
            ),
            RenderError::Output(error) => error.words(),
            RenderError::Search(error) => {
                words!("render_search_failed", message = error.reason())
            }
            RenderError::StaticCollision(path) => words!("render_static_collision", path = path),
            RenderError::History(message) => Text::from(message),
        }
    }
}

#[derive(Clone, Debug)]
pub struct RenderOptions {
    /// The base URL to publish under (site.yaml's, or `--base-url`).
    pub base_url: String,
    pub drafts: bool,
    /// A preview (`serve`): pages that differ from the newest publication say so.
    pub preview: bool,
}

/// What a render produced.
#[derive(Clone, Debug, Default)]
pub struct RenderSummary {
    pub pages: usize,
    pub files: usize,
    /// Pages rendered through the templates (fewer than `pages` with a [`RenderCache`]).
    pub pages_rendered: usize,
    /// Pages whose view was built, to be hashed or rendered: with a [`RenderCache`], pages
    /// known to be unchanged are kept without it.
    pub pages_built: usize,
}
