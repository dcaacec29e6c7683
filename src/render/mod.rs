//! Render stage: typed views from the model, through Tera templates, to output files.

pub mod charts;
pub mod format;
pub mod i18n;
pub mod markdown;
pub mod pages;
pub mod qr;
pub mod urls;
pub mod views;
