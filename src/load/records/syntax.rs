//! The YAML parse every record decoder starts with, and the words for a syntax error: a
//! keyboard slip found in the text ([`super::super::keyboard`]), or else the parser's message turned
//! into what the editor likely did (a colon inside text, an unclosed bracket) and how to fix it.

use super::super::decode::FileContext;
use super::super::keyboard::syntax_slip;
use crate::diagnostics::Text;
use crate::words;
use crate::yaml::{self, Node, SyntaxErrorKind};

/// Parses a whole file as YAML, reporting a syntax error in the file's context.
pub(super) fn parse_yaml(cx: &mut FileContext, text: &str) -> Option<Node> {
    match yaml::parse(text) {
        Ok(node) => Some(node),
        Err(err) => {
            let digits = |key: &str| !key.is_empty() && key.chars().all(|c| c.is_ascii_digit());
            let slip = match &err.kind {
                SyntaxErrorKind::Syntax => syntax_slip(text, err.pos),
                SyntaxErrorKind::DuplicateKey(key) if digits(key) => syntax_slip(text, err.pos),
                _ => None,
            };
            if let Some(slip) = slip {
                cx.error_with_help(slip.pos, slip.message, slip.help);
                return None;
            }
            let (message, help) = match &err.kind {
                SyntaxErrorKind::DuplicateKey(key) => (
                    words!("duplicate_key", key = key),
                    Text::key("duplicate_key_help"),
                ),
                SyntaxErrorKind::TooComplex => (
                    words!("yaml_too_complex", detail = &err.message),
                    Text::key("yaml_too_complex_help"),
                ),
                SyntaxErrorKind::Syntax => {
                    let line = text.lines().nth(err.pos.line as usize - 1);
                    let (message, help) = syntax_words(&err.message, line);
                    let message = match message {
                        Some(row) => Text::key(row),
                        None => words!("yaml_syntax", detail = err.message.replace("`@'", "`@`")),
                    };
                    (message, Text::key(help))
                }
            };
            cx.error_with_help(err.pos, message, help);
            None
        }
    }
}

/// What the editor likely did, and the remedy, from the parser's message and the line it
/// points at (rows of the message table). Editors' usual slips: a tab, a colon inside text,
/// an unclosed bracket or quote. No row for the message when the parser's own words are
/// the best there is.
fn syntax_words(message: &str, line: Option<&str>) -> (Option<&'static str>, &'static str) {
    let line = line.unwrap_or("");
    let indent = &line[..line.len() - line.trim_start().len()];
    if indent.contains('\t') || message.contains("found a tab") {
        (Some("tab_indent"), "tab_indent_help")
    } else if message.contains("mapping values are not allowed") {
        (Some("syntax_colon_in_text"), "syntax_colon_in_text_help")
    } else if message.contains("did not find expected key")
        || message.contains("did not find expected '-'")
        || message.contains("expected ':'")
    {
        (Some("syntax_not_a_field"), "syntax_indentation_help")
    } else if message.contains("flow mapping") || message.contains("flow sequence") {
        (
            Some("syntax_unclosed_bracket"),
            "syntax_unclosed_bracket_help",
        )
    } else if message.contains("quote") || message.contains("quoted") {
        (Some("syntax_unclosed_quote"), "syntax_unclosed_quote_help")
    } else if message.contains("unknown anchor") || message.contains("unexpected character") {
        (
            Some("syntax_special_character"),
            "syntax_special_character_help",
        )
    } else {
        (None, "syntax_help")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_help_fits_the_slip() {
        for (message, line, words) in [
            ("did not find expected key", "\tcategory: x", "tab"),
            ("simple key expected ':'", "category：x", "indentation"),
            (
                "mapping values are not allowed in this context",
                "title: a: b",
                "quotes",
            ),
            (
                "did not find expected key",
                "   opinions: 85",
                "indentation",
            ),
            (
                "while parsing a flow mapping, did not find expected ',' or '}'",
                "a: b",
                "not closed",
            ),
            ("unclosed quote", "a: 'x", "quote"),
            ("unexpected character: `@'", "a: @x", "quotes"),
            ("something new", "a: b", "indentation"),
        ] {
            let (_, help) = syntax_words(message, Some(line));
            let help = Text::key(help).to_string();
            assert!(help.contains(words), "{message:?} on {line:?}: {help}");
        }
    }
}
