//! Render stage: typed views from the model, through Tera templates, to output files.

pub mod cache;
pub mod charts;
pub mod data;
pub mod escape;
pub mod feeds;
pub mod format;
pub mod i18n;
pub mod markdown;
pub mod memo;
pub mod pages;
pub mod qr;
pub mod search;
pub mod site;
pub mod theme;
pub mod urls;
pub mod views;

pub use cache::RenderCache;
pub use site::{RenderError, RenderOptions, RenderSummary, render_cached, render_site};
