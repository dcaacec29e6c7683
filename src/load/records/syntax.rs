//! The YAML parse every record decoder starts with, and the help for a syntax error: the
//! parser's message turned into what the editor likely did (a tab, a colon inside text, an
//! unclosed bracket) and how to fix it.

use super::super::decode::FileContext;
use crate::yaml::{self, Node, SyntaxErrorKind};

/// Parses a whole file as YAML, reporting a syntax error in the file's context.
pub(super) fn parse_yaml(cx: &mut FileContext, text: &str) -> Option<Node> {
    match yaml::parse(text) {
        Ok(node) => Some(node),
        Err(err) => {
            let (message, help) = match &err.kind {
                SyntaxErrorKind::DuplicateKey(_) => {
                    (err.message.clone(), "remove one of the two, or merge them")
                }
                SyntaxErrorKind::TooComplex => (
                    format!("YAML too complex: {}", err.message),
                    "write the values out plainly: content files need neither deep nesting nor aliases (`&name`/`*name`)",
                ),
                SyntaxErrorKind::Syntax => (
                    format!("YAML syntax: {}", err.message.replace("`@'", "`@`")),
                    syntax_help(&err.message, text.lines().nth(err.pos.line as usize - 1)),
                ),
            };
            cx.error_with_help(err.pos, message, help);
            None
        }
    }
}

/// The likeliest remedy for a YAML syntax error, from the parser's message and the line
/// it points at. Editors' usual slips: a tab, a colon inside text, an unclosed bracket.
fn syntax_help(message: &str, line: Option<&str>) -> &'static str {
    let line = line.unwrap_or("");
    let indent = &line[..line.len() - line.trim_start().len()];
    if indent.contains('\t') {
        "YAML indents with spaces only: replace the tab at the start of this line with spaces"
    } else if message.contains("mapping values are not allowed") {
        "text that contains `: ` must be put in quotes, e.g. `title: \"西洞镇: 农房改造\"`; otherwise check this line's indentation"
    } else if message.contains("did not find expected key")
        || message.contains("did not find expected '-'")
    {
        "check this line's indentation: it must line up with the other fields at its level"
    } else if message.contains("flow mapping") || message.contains("flow sequence") {
        "a `{` or `[` opened here or on an earlier line is not closed; close it, or put text that starts with `{` or `[` in quotes"
    } else if message.contains("quote") || message.contains("quoted") {
        "close the quote with the same mark it was opened with, or remove it"
    } else if message.contains("unknown anchor") || message.contains("unexpected character") {
        "text that starts with `*`, `&`, `!`, `@` or a backquote must be put in quotes"
    } else {
        "check the indentation (spaces, not tabs) and that every `key: value` has a space after the colon; put text that starts with a special character such as `*`, `&`, `[` or `:` in quotes"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_help_fits_the_slip() {
        for (message, line, words) in [
            ("did not find expected key", "\tcategory: x", "tab"),
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
            let help = syntax_help(message, Some(line));
            assert!(help.contains(words), "{message:?} on {line:?}: {help}");
        }
    }
}
