//! `gongshi verify DIR|URL`: check a deployed copy against its manifest and chain.

pub use crate::history::verify::{Report, Source, UsageError, verify};
