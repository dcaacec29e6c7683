//! gongshi: a static site generator for public-affairs disclosure.
//!
//! The pipeline, one module per stage: [`load`] reads `content/` into the [`model`],
//! [`validate`] checks the whole site ([`check`] runs both), and the commands in [`cmd`] tie
//! them together. Beside the pipeline, [`import`] reads spreadsheets into the site's YAML.

pub mod check;
pub mod cmd;
pub mod diagnostics;
pub mod import;
pub mod load;
pub mod model;
pub mod output;
pub mod render;
pub mod serve;
pub mod validate;
pub mod yaml;
