//! clap's answers to a mistyped command line (an unknown option, a missing `--title`, a
//! port that is not a number), in Chinese for a Chinese reader. clap writes them in English
//! from the error's parts (which argument, which value, what it suggests); the same parts
//! are put into the rows of the message table here, with the usage line clap gives. Which
//! language that is, the site the line names decides ([`named_root`]), read before clap
//! parses the line.

use crate::diagnostics::{Severity, Text};
use crate::model::Language;
use crate::words;
use clap::error::{ContextKind, ContextValue, ErrorKind};
use std::path::PathBuf;

/// The whole answer in Chinese, ending in a newline; `None` where clap's own text is the
/// answer (`--help`, `--version`) or the mistake is of a kind not translated here.
pub fn in_chinese(error: &clap::Error) -> Option<String> {
    let language = Language::ZhCn;
    let message = message(error)?;
    let mut text = format!(
        "{}: {}\n",
        Severity::Error.label_in(language),
        message.in_language(language)
    );
    for (kind, key) in [
        (ContextKind::SuggestedSubcommand, "cli_did_you_mean_command"),
        (ContextKind::SuggestedArg, "cli_did_you_mean_argument"),
        (ContextKind::SuggestedValue, "cli_did_you_mean_value"),
    ] {
        // clap gives one suggested argument or value, and a list of commands.
        let suggested = match error.get(kind) {
            Some(ContextValue::String(one)) => Some(one.clone()),
            Some(ContextValue::Strings(many)) if !many.is_empty() => Some(many.join("' / '")),
            _ => None,
        };
        if let Some(suggested) = suggested {
            let tip = Text::Row(key, vec![("suggested", Text::from(suggested))]);
            text.push_str(&format!("\n  {}\n", tip.in_language(language)));
        }
    }
    if let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) {
        let usage = usage.to_string();
        let usage = usage.strip_prefix("Usage: ").unwrap_or(&usage);
        text.push_str(&format!(
            "\n{}\n",
            words!("cli_usage", usage = usage).in_language(language)
        ));
    }
    text.push_str(&format!(
        "\n{}\n",
        Text::key("cli_more_help").in_language(language)
    ));
    Some(text)
}

/// The folder the command line names with `--root DIR` or `--root=DIR`, read before clap
/// parses it, so that a mistyped line is still answered in its site's language; the
/// current folder when it names none (or gives an option where the folder should be).
pub fn named_root(mut args: impl Iterator<Item = std::ffi::OsString>) -> PathBuf {
    let here = || PathBuf::from(".");
    while let Some(arg) = args.next() {
        let value = if arg == "--root" {
            args.next()
        } else {
            arg.to_str()
                .and_then(|a| a.strip_prefix("--root="))
                .map(std::ffi::OsString::from)
        };
        if let Some(value) = value {
            let is_folder = !value.is_empty() && !value.to_string_lossy().starts_with('-');
            return if is_folder {
                PathBuf::from(value)
            } else {
                here()
            };
        }
    }
    here()
}

/// The first line: what is wrong with the command line.
fn message(error: &clap::Error) -> Option<Text> {
    let string = |kind| match error.get(kind) {
        Some(ContextValue::String(value)) => Some(value.clone()),
        _ => None,
    };
    let strings = |kind| match error.get(kind) {
        Some(ContextValue::Strings(values)) => Some(values.clone()),
        _ => None,
    };
    let arg = string(ContextKind::InvalidArg);
    let value = string(ContextKind::InvalidValue);
    let message = match error.kind() {
        ErrorKind::UnknownArgument => words!("cli_unknown_argument", arg = arg?),
        ErrorKind::InvalidSubcommand => {
            words!(
                "cli_unknown_command",
                command = string(ContextKind::InvalidSubcommand)?
            )
        }
        ErrorKind::MissingRequiredArgument => {
            let missing = strings(ContextKind::InvalidArg)?
                .iter()
                .map(|arg| format!("\n  {arg}"))
                .collect::<String>();
            words!("cli_missing_argument", args = missing)
        }
        ErrorKind::MissingSubcommand => words!(
            "cli_missing_command",
            command = string(ContextKind::InvalidSubcommand)?,
            valid = strings(ContextKind::ValidSubcommand)
                .unwrap_or_default()
                .join("、")
        ),
        ErrorKind::InvalidValue if value.as_deref() == Some("") => {
            words!("cli_value_missing", arg = arg?)
        }
        ErrorKind::InvalidValue => {
            let valid = strings(ContextKind::ValidValue).unwrap_or_default();
            let wrong = words!("cli_invalid_value", arg = arg?, value = value?);
            if valid.is_empty() {
                wrong
            } else {
                words!(
                    "cli_possible_values",
                    wrong = wrong,
                    valid = valid.join("、")
                )
            }
        }
        ErrorKind::ValueValidation => {
            let wrong = words!("cli_invalid_value", arg = arg?, value = value?);
            let is_number = std::error::Error::source(error)
                .is_some_and(|source| source.is::<std::num::ParseIntError>());
            if is_number {
                words!("cli_not_a_number", wrong = wrong)
            } else {
                wrong
            }
        }
        ErrorKind::ArgumentConflict => {
            let arg = arg?;
            match error.get(ContextKind::PriorArg) {
                Some(ContextValue::String(prior)) if *prior != arg => {
                    words!("cli_conflict", arg = arg, prior = prior)
                }
                _ => words!("cli_given_twice", arg = arg),
            }
        }
        ErrorKind::TooManyValues => words!("cli_too_many_values", arg = arg?, value = value?),
        ErrorKind::InvalidUtf8 => Text::key("cli_invalid_utf8"),
        _ => return None,
    };
    Some(message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::{Arg, Command};

    fn command() -> Command {
        Command::new("gongshi").subcommand(
            Command::new("serve")
                .arg(
                    Arg::new("port")
                        .long("port")
                        .value_parser(clap::value_parser!(u16)),
                )
                .arg(Arg::new("root").long("root").required(true)),
        )
    }

    fn answer(args: &[&str]) -> String {
        let error = command()
            .try_get_matches_from(args)
            .expect_err("a mistyped command line");
        in_chinese(&error).expect("a translated answer")
    }

    #[test]
    fn mistakes_are_told_in_chinese_with_the_usage_line() {
        let text = answer(&["gongshi", "serve", "--root", ".", "--prot", "1"]);
        assert!(text.starts_with("错误: 不认识的参数 '--prot'"), "{text}");
        assert!(text.contains("'--port'"), "{text}");
        assert!(text.contains("用法：gongshi serve"), "{text}");
        let text = answer(&["gongshi", "serve", "--root", ".", "--port", "abc"]);
        assert!(text.contains("'abc'") && text.contains("数字"), "{text}");
        let text = answer(&["gongshi", "serv"]);
        assert!(text.starts_with("错误: 没有 'serv' 这个命令"), "{text}");
        assert!(text.contains("是不是要写 'serve'"), "{text}");
        let text = answer(&["gongshi", "serve"]);
        assert!(text.contains("--root <root>"), "{text}");
        assert!(!text.contains("Usage"), "{text}");
    }

    #[test]
    fn the_root_is_read_from_a_line_clap_has_not_parsed() {
        for (line, root) in [
            ("buld --root site", "site"),
            ("buld --root=site -v", "site"),
            ("check --outptu x --root a/b", "a/b"),
            ("buld", "."),
            ("buld --root", "."),
            ("buld --root=", "."),
            ("buld --root --output x", "."),
            ("buld --root --root site", "."),
        ] {
            let args = line.split(' ').map(std::ffi::OsString::from);
            assert_eq!(named_root(args), PathBuf::from(root), "{line}");
        }
    }

    #[test]
    fn help_and_version_are_left_to_clap() {
        let error = command()
            .version("1")
            .try_get_matches_from(["gongshi", "--version"])
            .expect_err("--version ends parsing");
        assert_eq!(in_chinese(&error), None);
    }
}
