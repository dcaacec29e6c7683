//! What a Chinese keyboard types into YAML, recognised before the parser's own words are
//! shown: a full-width colon or comma (`category："农房改造"`), a number with thousands
//! separators (`target: 1,320`), a tab in the indentation, a Windows path in double quotes
//! (`"photos\xidong.jpg"`, whose `\x` YAML reads as an escape). Each is located at the
//! character itself, with what to type instead.

use crate::diagnostics::Text;
use crate::words;
use crate::yaml::{Node, NodeKind, Pos};

/// A slip found in the text of a file YAML could not read: where, what, and the remedy.
pub struct Slip {
    pub pos: Pos,
    pub message: Text,
    pub help: Text,
}

/// The likeliest keyboard slip behind a syntax error reported at `at`: a tab in the
/// indentation near that line (the parser often reports the line above), then a full-width
/// colon or comma, or a number with commas, on any line up to the one after it.
pub fn syntax_slip(text: &str, at: Pos) -> Option<Slip> {
    let lines: Vec<&str> = text.lines().collect();
    let line = at.line.max(1) as usize;
    for n in [line, line + 1, line.saturating_sub(1)] {
        if let Some(slip) = n
            .checked_sub(1)
            .and_then(|i| lines.get(i))
            .and_then(|l| tab(l, n))
        {
            return Some(slip);
        }
    }
    let last = (line + 1).min(lines.len());
    lines[..last]
        .iter()
        .enumerate()
        .find_map(|(i, l)| full_width(l, i + 1))
        .or_else(|| {
            let i = line.checked_sub(1)?;
            number_in_line(lines.get(i)?, line)
        })
        .or_else(|| {
            let i = line.checked_sub(1)?;
            quoted_backslash(lines.get(i)?, line)
        })
}

/// `"photos\xidong.jpg"`: a backslash in double quotes that YAML cannot read as an escape,
/// so the file does not parse; the editor meant a folder, as Windows writes it.
fn quoted_backslash(line: &str, n: usize) -> Option<Slip> {
    let chars: Vec<char> = line.chars().collect();
    let mut open: Option<usize> = None;
    let mut i = 0;
    while i < chars.len() {
        match (chars[i], open) {
            ('#', None) if i == 0 || chars[i - 1] == ' ' => return None,
            ('"', None) => open = Some(i),
            ('"', Some(_)) => open = None,
            ('\\', Some(start)) => {
                if !valid_escape(&chars[i + 1..]) {
                    let end = chars[start + 1..]
                        .iter()
                        .position(|&c| c == '"')
                        .map_or(chars.len(), |p| start + 1 + p);
                    let written: String = chars[start + 1..end].iter().collect();
                    return Some(Slip {
                        pos: pos(n, i),
                        message: words!("backslash_path", path = &written),
                        help: words!("backslash_path_help", fixed = written.replace('\\', "/")),
                    });
                }
                i += 1; // the escaped character
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Whether the characters after a backslash in double quotes make an escape YAML knows.
fn valid_escape(after: &[char]) -> bool {
    let hex = |n: usize| after.len() > n && after[1..=n].iter().all(char::is_ascii_hexdigit);
    match after.first() {
        Some('x') => hex(2),
        Some('u') => hex(4),
        Some('U') => hex(8),
        Some(c) => "0abtnvfre \"/\\N_LP\t".contains(*c),
        None => true,
    }
}

/// A path as the editor typed it, when YAML read backslashes in double quotes as escapes
/// (`"photos\new.jpg"` holds a line break): the control character put back as `\` and its
/// letter. `None` when the path holds no such character.
pub fn escaped_path(path: &str) -> Option<String> {
    let letter = |c: char| match c {
        '\0' => Some('0'),
        '\u{7}' => Some('a'),
        '\u{8}' => Some('b'),
        '\t' => Some('t'),
        '\n' => Some('n'),
        '\u{b}' => Some('v'),
        '\u{c}' => Some('f'),
        '\r' => Some('r'),
        '\u{1b}' => Some('e'),
        '\u{85}' => Some('N'),
        '\u{a0}' => Some('_'),
        '\u{2028}' => Some('L'),
        '\u{2029}' => Some('P'),
        _ => None,
    };
    if !path.chars().any(|c| letter(c).is_some()) {
        return None;
    }
    let mut out = String::with_capacity(path.len() + 4);
    for c in path.chars() {
        match letter(c) {
            Some(l) => {
                out.push('\\');
                out.push(l);
            }
            None => out.push(c),
        }
    }
    Some(out)
}

fn tab(line: &str, n: usize) -> Option<Slip> {
    let indent = &line[..line.len() - line.trim_start().len()];
    let col = indent.chars().position(|c| c == '\t')?;
    Some(Slip {
        pos: pos(n, col),
        message: Text::key("tab_indent"),
        help: Text::key("tab_indent_help"),
    })
}

/// `category："农房改造"` or `target: 1320，actual: 860`: a full-width mark right after a
/// field name, or before the next one. A full-width colon inside Chinese text is left alone.
fn full_width(line: &str, n: usize) -> Option<Slip> {
    if line.trim_start().starts_with('#') {
        return None;
    }
    let chars: Vec<char> = line.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let after_name = i > 0 && is_name_char(chars[i - 1]) && {
            let start = chars[..i]
                .iter()
                .rposition(|&c| !is_name_char(c))
                .map_or(0, |p| p + 1);
            start == 0 || matches!(chars[start - 1], ' ' | '{' | ',' | '-' | '，')
        };
        if c == '：' && after_name {
            let fixed: String = line.trim().replacen('：', ": ", 1).replace(":  ", ": ");
            return Some(Slip {
                pos: pos(n, i),
                message: Text::key("full_width_colon"),
                help: words!("full_width_colon_help", fixed = fixed),
            });
        }
        if c == '，' {
            let rest: String = chars[i + 1..].iter().collect();
            let rest = rest.trim_start();
            let name_len = rest.chars().take_while(|&c| is_name_char(c)).count();
            let next = rest.chars().nth(name_len);
            if name_len > 0 && matches!(next, Some(':' | '：')) {
                return Some(Slip {
                    pos: pos(n, i),
                    message: Text::key("full_width_comma"),
                    help: Text::key("full_width_comma_help"),
                });
            }
        }
    }
    None
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// `132,000,000` on this line, written as a value: at its first comma.
fn number_in_line(line: &str, n: usize) -> Option<Slip> {
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let starts = chars[i].is_ascii_digit() && (i == 0 || !is_name_char(chars[i - 1]));
        if !starts {
            i += 1;
            continue;
        }
        let mut end = i;
        while end < chars.len() && (chars[end].is_ascii_digit() || chars[end] == ',') {
            end += 1;
        }
        let number: String = chars[i..end].iter().collect::<String>();
        let number = number.trim_end_matches(',');
        if is_grouped(number) {
            let comma = i + number.find(',').unwrap_or(0);
            return Some(commas(pos(n, comma), number));
        }
        i = end.max(i + 1);
    }
    None
}

/// `1,320`, `132,000,000`: digits in groups of three after the first.
fn is_grouped(text: &str) -> bool {
    let mut groups = text.split(',');
    let first = groups.next().unwrap_or("");
    let rest: Vec<&str> = groups.collect();
    !rest.is_empty()
        && (1..=3).contains(&first.len())
        && first.chars().all(|c| c.is_ascii_digit())
        && rest
            .iter()
            .all(|g| g.len() == 3 && g.chars().all(|c| c.is_ascii_digit()))
}

fn commas(pos: Pos, number: &str) -> Slip {
    Slip {
        pos,
        message: words!("number_commas", number = number),
        help: words!("number_commas_help", plain = number.replace(',', "")),
    }
}

/// The remedy when text stands where a number belongs and the text is a number with
/// thousands separators (`target: 1,320` in a block mapping).
pub fn number_with_commas(node: &Node) -> Option<Text> {
    let NodeKind::Str(text) = &node.kind else {
        return None;
    };
    let number = text.trim();
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    (is_grouped(whole) && fraction.chars().all(|c| c.is_ascii_digit()))
        .then(|| words!("number_commas_help", plain = number.replace(',', "")))
}

/// `{target: 1,320}` reads to YAML as `target: 1` and a field named `320`: that field,
/// right after a number, is the rest of a number split at its comma. Reported at the comma.
pub fn comma_split_number(key: &Node, before: &[(Node, Node)]) -> Option<(Pos, Text, Text)> {
    let (_, previous) = before.last()?;
    let digits = match &key.kind {
        NodeKind::Int(_) => true,
        NodeKind::Str(s) => s.len() == 3 && s.chars().all(|c| c.is_ascii_digit()),
        _ => false,
    };
    let after_number = matches!(previous.kind, NodeKind::Int(_) | NodeKind::Float(_));
    if !(digits && after_number && previous.pos.line == key.pos.line) {
        return None;
    }
    let at = Pos {
        line: key.pos.line,
        col: key.pos.col.saturating_sub(1).max(1),
    };
    Some((
        at,
        Text::key("number_commas_split"),
        Text::key("number_commas_split_help"),
    ))
}

fn pos(line: usize, index: usize) -> Pos {
    Pos {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        col: u32::try_from(index + 1).unwrap_or(u32::MAX),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slips_are_found_at_their_character() {
        // (text, where the parser stopped, where the slip is, the message's row)
        let cases = [
            (
                "title: x\ncategory：\"农房改造\"\n",
                3,
                (2, 9),
                "full_width_colon",
            ),
            (
                "a: 1\ntarget: 1320，actual: 860\n",
                2,
                (2, 13),
                "full_width_comma",
            ),
            ("a:\n  b: 1\n\tc: 2\n", 2, (3, 1), "tab_indent"),
            ("a: {planned: 132,000,000}\n", 1, (1, 17), "number_commas"),
        ];
        for (text, line, (l, c), row) in cases {
            let slip = syntax_slip(text, Pos { line, col: 1 }).expect(text);
            assert_eq!(slip.pos, Pos { line: l, col: c }, "{text}");
            assert!(
                matches!(slip.message, Text::Row(key, _) if key == row),
                "{text}"
            );
        }
        assert!(syntax_slip("title: 西洞镇：农房改造: x\n", Pos { line: 1, col: 1 }).is_none());
        let slip = syntax_slip(
            "a: 1\nattachments: [\"photos\\xidong.jpg\"]\n",
            Pos { line: 2, col: 1 },
        )
        .expect("a Windows path in double quotes");
        assert_eq!(slip.pos, Pos { line: 2, col: 22 });
        assert_eq!(
            slip.message.to_string(),
            "the attachment path `photos\\xidong.jpg` is written with `\\`: use `/`, as web addresses do"
        );
        assert!(syntax_slip("a: \"tab\\there \\u00e9 \\\\\"\n", Pos { line: 1, col: 1 }).is_none());
    }

    #[test]
    fn escapes_in_a_path_are_put_back_as_typed() {
        assert_eq!(
            escaped_path("photos\new.jpg").as_deref(),
            Some("photos\\new.jpg")
        );
        assert_eq!(
            escaped_path("photos\u{7}.png").as_deref(),
            Some("photos\\a.png")
        );
        assert_eq!(escaped_path("photos/a.png"), None);
    }

    #[test]
    fn grouped_numbers_are_told_from_lists() {
        assert!(is_grouped("1,320") && is_grouped("132,000,000"));
        assert!(!is_grouped("1,32") && !is_grouped("1320") && !is_grouped("1,2,3"));
    }
}
