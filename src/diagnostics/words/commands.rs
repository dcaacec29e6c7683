//! The words of the commands themselves: what `build`, `serve`, `init`, `new`, `deploy` and
//! the command line print about what they did or could not do.

/// (key, zh-CN, en)
pub(super) const WORDS: &[(&str, &str, &str)] = &[];
