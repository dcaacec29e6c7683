//! The words of the messages about the site's records beyond the content files: publications
//! and their chain, `verify`, the privacy rules, spreadsheets read by `import`.

/// (key, zh-CN, en)
pub(super) const WORDS: &[(&str, &str, &str)] = &[];
