//! Render stage: typed views from the model, through Tera templates, to output files.
//!
//! The public face is below: the entry points and their options for `build` and `serve`,
//! the cache `serve` keeps between renders, the theme, the search job `serve` runs off the
//! reload path, and the open-data files it makes after the pages. Everything else is
//! private to the stage.

mod cache;
mod charts;
mod escape;
mod feeds;
mod format;
mod i18n;
mod jobs;
mod markdown;
mod memo;
mod open_data;
mod options;
mod output_keys;
mod pages;
mod qr;
mod relative;
mod renderer;
mod search;
mod site;
mod static_files;
mod theme;
mod urls;
mod view_hash;
mod views;

pub use cache::{RenderCache, SearchBuilt, SearchJob};
pub use escape::escape_html;
pub use markdown::{Markdown, html_to_text};
pub use memo::hash_inputs;
pub use open_data::{OPEN_DATA_PATHS, open_data_files};
pub use options::{RenderError, RenderOptions, RenderSummary};
pub use search::{BUNDLE_DIR as SEARCH_BUNDLE_DIR, SHARDS_FILE as SEARCH_SHARDS_FILE, SearchError};
pub use site::{render_cached, render_site, render_with_theme};
pub use theme::{Theme, ThemeError};
pub use urls::Urls;
