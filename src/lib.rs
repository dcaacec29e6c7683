//! gongshi: a static site generator for public-affairs disclosure.
//!
//! The pipeline, one module per stage: [`load`] reads `content/` into the [`model`],
//! [`validate`] checks the whole site ([`check`] runs both), and the commands in [`cmd`] tie
//! them together. What a `serve` rebuild redoes, and why, is decided in [`changes`]. Beside
//! the pipeline, [`history`] keeps the public record of publications and [`import`] reads
//! spreadsheets into the site's YAML; [`deploy`] puts a built site on its web host.

pub mod changes;
pub mod check;
pub mod cmd;
pub mod deploy;
pub mod diagnostics;
pub mod history;
pub mod import;
pub mod load;
pub mod model;
pub mod output;
pub mod render;
pub mod serve;
pub mod validate;
pub mod yaml;
