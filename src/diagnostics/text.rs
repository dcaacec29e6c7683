//! Words shown to an editor, kept apart from the language they are read in: a [`Text`] names
//! a row of the message table ([`super::words`]) with its arguments, and becomes a sentence
//! only when printed, in the language of the site (or of the computer, before there is one).

use crate::model::Language;
use crate::model::labels::Labelled;
use std::fmt;

/// A message, a remedy, or a part of one (a field's name, a suggestion).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Text {
    /// Words the same in every language: a file's path, an editor's own value.
    Literal(String),
    /// A row of the message table, and the values of its `{placeholders}`.
    Row(&'static str, Vec<(&'static str, Text)>),
    /// A value of the model as the site shows it (`工作进展` / `Progress`), in either language.
    Label { zh: &'static str, en: &'static str },
}

impl Text {
    /// A row of the table without arguments.
    pub fn key(key: &'static str) -> Text {
        Text::Row(key, Vec::new())
    }

    /// A value of the model (a ledger entry's kind, a grade) by its label in the reader's
    /// language, as the pages show it.
    pub fn label(value: impl Labelled) -> Text {
        Text::Label {
            zh: value.label(Language::ZhCn),
            en: value.label(Language::En),
        }
    }

    /// The sentence in `language`. A row missing from the table is shown by its key, and a
    /// placeholder without a value as written, so that a gap is visible rather than silent.
    pub fn in_language(&self, language: Language) -> String {
        match self {
            Text::Literal(text) => text.clone(),
            Text::Label { zh, en } => match language {
                Language::ZhCn => zh.to_string(),
                Language::En => en.to_string(),
            },
            Text::Row(key, args) => {
                let pattern = super::words::lookup(key, language).unwrap_or(key);
                fill(pattern, args, language)
            }
        }
    }
}

/// `pattern` with each `{name}` that has a value in `args` replaced by it; any other brace
/// (a YAML example such as `{name: 王华}`) stays as written.
fn fill(pattern: &str, args: &[(&'static str, Text)], language: Language) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            let (_, value) = args.iter().find(|(n, _)| *n == name)?;
            Some((close, value))
        });
        match value {
            Some((close, value)) => {
                out.push_str(&value.in_language(language));
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// English: the language of logs, tests and `{:?}`-free error chains.
impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.in_language(Language::En))
    }
}

impl From<String> for Text {
    fn from(text: String) -> Text {
        Text::Literal(text)
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text::Literal(text.to_string())
    }
}

impl From<&String> for Text {
    fn from(text: &String) -> Text {
        Text::Literal(text.clone())
    }
}

/// A row of the message table with its arguments:
/// `words!("unknown_reference", kind = Text::key("org"), value = &value)`.
#[macro_export]
macro_rules! words {
    ($key:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::diagnostics::Text::Row(
            $key,
            vec![$((stringify!($name), $crate::diagnostics::Text::from($value))),*],
        )
    };
}

/// The language messages are written in, in this order: `GONGSHI_LANG` (`en` or `zh-CN`, for
/// a reader of the other language, such as a support desk), the site's `language`, the
/// computer's locale (`LC_ALL`, `LC_MESSAGES`, `LANG`), and zh-CN.
pub fn message_language(site: Option<Language>) -> Language {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    if let Some(language) = var("GONGSHI_LANG").and_then(|v| parse_locale(&v)) {
        return language;
    }
    if let Some(language) = site {
        return language;
    }
    ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .find_map(var)
        .and_then(|v| parse_locale(&v))
        .unwrap_or(Language::ZhCn)
}

/// `zh_CN.UTF-8`, `zh-CN`, `zh` → zh-CN; `en_US.UTF-8`, `en`, `C`, `POSIX` → en.
fn parse_locale(value: &str) -> Option<Language> {
    let value = value.trim().to_ascii_lowercase();
    if value.starts_with("zh") {
        Some(Language::ZhCn)
    } else if value.starts_with("en") || value == "c" || value.starts_with("c.") || value == "posix"
    {
        Some(Language::En)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_filled_and_other_braces_kept() {
        let args = vec![("org", Text::from("xidon")), ("n", Text::from("3"))];
        assert_eq!(
            fill("unknown org `{org}`: {n} of {n}", &args, Language::En),
            "unknown org `xidon`: 3 of 3"
        );
        assert_eq!(
            fill("write `leader: {name: 王华}` {org}", &args, Language::En),
            "write `leader: {name: 王华}` xidon"
        );
        assert_eq!(fill("{unclosed", &args, Language::En), "{unclosed");
    }

    #[test]
    fn locales_name_a_language() {
        for (value, language) in [
            ("zh_CN.UTF-8", Some(Language::ZhCn)),
            ("zh-CN", Some(Language::ZhCn)),
            ("en_US.UTF-8", Some(Language::En)),
            ("C.UTF-8", Some(Language::En)),
            ("POSIX", Some(Language::En)),
            ("de_DE.UTF-8", None),
        ] {
            assert_eq!(parse_locale(value), language, "{value}");
        }
    }
}

#[cfg(test)]
mod table_tests {
    use super::super::words::{lookup, rows};
    use crate::model::Language;
    use std::collections::BTreeSet;

    fn placeholders(pattern: &str) -> BTreeSet<&str> {
        let mut names = BTreeSet::new();
        let mut rest = pattern;
        while let Some(open) = rest.find('{') {
            rest = &rest[open + 1..];
            if let Some(close) = rest.find('}') {
                let name = &rest[..close];
                if !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
                    names.insert(name);
                }
            }
        }
        names
    }

    #[test]
    fn every_row_is_unique_and_names_the_same_values_in_both_languages() {
        let mut keys = BTreeSet::new();
        for (key, zh, en) in rows() {
            assert!(keys.insert(*key), "`{key}` twice");
            let mut in_en = placeholders(en);
            in_en.remove("article");
            in_en.remove("detail");
            assert_eq!(
                placeholders(zh).difference(&in_en).count(),
                0,
                "{key}: {zh}"
            );
            assert!(!zh.is_empty() && !en.is_empty(), "{key}");
        }
    }

    /// Every row the code names is in the table: a message without one would be shown to
    /// the editor as its bare key.
    #[test]
    fn every_row_named_in_the_code_is_in_the_table() {
        let mut missing = Vec::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut stack = vec![root];
        while let Some(dir) = stack.pop() {
            for entry in std::fs::read_dir(&dir).expect("src").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    stack.push(path);
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                for marker in ["words!(", "Text::key(", "Text::Row("] {
                    for (at, _) in text.match_indices(marker) {
                        let rest = text[at + marker.len()..].trim_start();
                        let Some(literal) = rest.strip_prefix('"') else {
                            continue;
                        };
                        let key = &literal[..literal.find('"').unwrap_or(0)];
                        if lookup(key, Language::En).is_none() {
                            missing.push(format!("{}: {key}", path.display()));
                        }
                    }
                }
            }
        }
        missing.retain(|m| !m.contains("text.rs:") && !m.contains("words.rs:"));
        assert!(
            missing.is_empty(),
            "rows missing from the table: {missing:#?}"
        );
    }
}
