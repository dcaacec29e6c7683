//! The personal-data check (个人信息保护法): a resident ID number, a mobile phone number or a
//! bank card number written out in full in any content file is an error, pointed at by line
//! and column and shown masked, in the message and in the quoted source line alike, so that
//! the report itself leaks nothing. The `feedback`
//! contact in site.yaml is published on purpose and not checked; `privacy: allow:` names
//! files (or numbers) that are.
//!
//! The check reads the files' text rather than the model, so it covers every field, the
//! Markdown and the attachment names alike. Digit runs are judged whole: a number inside a
//! longer run of digits is not a phone number, and an ID number needs a valid check digit
//! and birth date, so dates, amounts, ids and vote counts are not taken for personal data.

use super::memo::FileMemo;
use crate::diagnostics::{Diagnostic, Diagnostics, SourceMap, Text};
use crate::model::Site;
use crate::yaml::Pos;
use std::sync::Arc;

/// What kind of personal number was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    ResidentId,
    Mobile,
    BankCard,
}

impl Kind {
    /// The row of the message table that names this kind of number.
    fn name(self) -> &'static str {
        match self {
            Kind::ResidentId => "privacy_resident_id",
            Kind::Mobile => "privacy_mobile",
            Kind::BankCard => "privacy_bank_card",
        }
    }
}

/// A personal number in a line: where it starts and ends (byte offsets, separators
/// included), its digits, its kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub start: usize,
    pub end: usize,
    pub digits: String,
    pub kind: Kind,
}

impl Finding {
    /// How many leading and trailing digits stay visible.
    fn shown(&self) -> (usize, usize) {
        match self.kind {
            Kind::Mobile => (3, 4),
            Kind::ResidentId => (6, 4),
            Kind::BankCard => (4, 4),
        }
    }

    /// The number as written (`written` is its text, separators included) with the hidden
    /// digits starred in place: `138-****-5678`. Same length, so columns stay where they
    /// were.
    fn masked_in_place(&self, written: &str) -> String {
        let (head, tail) = self.shown();
        let hidden = head..self.digits.len().saturating_sub(tail);
        let mut digit = 0;
        written
            .chars()
            .map(|c| {
                if !c.is_ascii_alphanumeric() {
                    return c;
                }
                digit += 1;
                if hidden.contains(&(digit - 1)) {
                    '*'
                } else {
                    c
                }
            })
            .collect()
    }

    /// The form that may be published: `138****5678`, `620102********1234`.
    pub fn masked(&self) -> String {
        let d = &self.digits;
        let (head, tail) = self.shown();
        let hidden = d.len().saturating_sub(head + tail);
        format!(
            "{}{}{}",
            &d[..head],
            "*".repeat(hidden),
            &d[d.len() - tail..]
        )
    }
}

/// Fields whose value is a count or an amount, never a personal number: an 11-digit budget
/// (13.5 billion yuan) must not read as a phone number.
const NUMERIC_FIELDS: &[&str] = &[
    "planned",
    "spent",
    "target",
    "actual",
    "satisfied",
    "basically_satisfied",
    "dissatisfied",
    "for",
    "against",
    "abstain",
    "meetings",
    "opinions",
    "year",
];

/// Checks the text of every content file read, and masks each number it reports in
/// `sources` too, so that the line quoted under the error does not print it in full.
/// `memo` holds what the last check found in each file's text (see [`super::memo`]).
pub fn check(
    site: &Site,
    sources: &mut SourceMap,
    memo: &mut FileMemo<Vec<Reported>>,
) -> Diagnostics {
    let allow = &site.config.privacy_allow;
    let allowed_file = |path: &str| allow.iter().any(|a| a.value == path);
    let allowed_number = |digits: &str| {
        allow
            .iter()
            .any(|a| allow_entry_number(&a.value).is_some_and(|n| n == digits))
    };
    let files: Vec<(Arc<str>, Arc<str>)> = sources
        .shared_files()
        .filter(|(path, _)| path.starts_with("content/") && !allowed_file(path))
        .collect();
    let found = memo.scan(files, check_file);
    let mut out = Diagnostics::default();
    let mut masked_files = Vec::new();
    for (path, text, reported) in found {
        let reported: Vec<Reported> = reported
            .into_iter()
            .filter(|r| !allowed_number(&r.digits))
            .collect();
        if reported.is_empty() {
            continue;
        }
        let mut masked = String::with_capacity(text.len());
        let mut at = 0;
        for r in &reported {
            masked.push_str(&text[at..r.span.start]);
            masked.push_str(&r.masked);
            at = r.span.end;
        }
        masked.push_str(&text[at..]);
        masked_files.push((path, Arc::from(masked)));
        for r in reported {
            out.push(r.diagnostic);
        }
    }
    sources.extend(masked_files);
    out
}

/// The number an entry of `privacy: allow:` names, as findings give it (`+86 139 0000 0000`
/// names `13900000000`); none for an entry that is a file.
fn allow_entry_number(entry: &str) -> Option<String> {
    // An ID number's check character may be X.
    let plain: String = entry
        .chars()
        .filter(|c| c.is_ascii_digit() || matches!(c, 'X' | 'x'))
        .collect();
    if plain.is_empty() || plain.len() * 2 <= entry.len() {
        return None;
    }
    match plain.strip_prefix("86") {
        Some(mobile) if plain.len() == 13 && is_mobile(mobile) => Some(mobile.to_string()),
        _ => Some(plain.to_ascii_uppercase()),
    }
}

/// One number found in a file, before the allow list is consulted.
#[derive(Clone)]
pub struct Reported {
    digits: String,
    diagnostic: Diagnostic,
    /// Where the number is in the file's text (bytes), and what replaces it when quoted.
    span: std::ops::Range<usize>,
    masked: String,
}

/// Each finding in one file, in the order of the text.
fn check_file(path: &str, text: &str) -> Vec<Reported> {
    let is_site_yaml = path == "content/site.yaml";
    let mut in_feedback = false;
    let mut out = Vec::new();
    let mut line_start = 0;
    for (index, raw_line) in text.split_inclusive('\n').enumerate() {
        let offset = line_start;
        line_start += raw_line.len();
        let line = raw_line.trim_end_matches('\n').trim_end_matches('\r');
        if is_site_yaml {
            // The feedback contact is published on purpose: its block runs from `feedback:`
            // to the next key at the left margin.
            let at_margin = !line.starts_with([' ', '\t', '#']) && !line.trim().is_empty();
            if at_margin {
                in_feedback = line.starts_with("feedback:");
            }
            if in_feedback {
                continue;
            }
        }
        for finding in find_in_line(line) {
            let col = line[..finding.start].chars().count() as u32 + 1;
            let pos = Pos {
                line: index as u32 + 1,
                col,
            };
            let diagnostic = Diagnostic::error(
                path,
                pos,
                crate::words!(
                    "privacy_unmasked",
                    kind = Text::key(finding.kind.name()),
                    masked = finding.masked(),
                ),
            )
            .with_help(crate::words!(
                "privacy_unmasked_help",
                masked = finding.masked(),
            ))
            .with_width(line[finding.start..finding.end].chars().count());
            out.push(Reported {
                span: offset + finding.start..offset + finding.end,
                masked: finding.masked_in_place(&line[finding.start..finding.end]),
                digits: finding.digits,
                diagnostic,
            });
        }
    }
    out
}

/// Every personal number in one line of text.
pub fn find_in_line(line: &str) -> Vec<Finding> {
    let bytes = line.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        // Only a run of 3 or 4 digits (the first group of a number written in groups) or
        // of 11 and more can begin a personal number; the years, days and counts that fill
        // a ledger are passed over without a closer look.
        let run = i - start;
        if !(run == 3 || run == 4 || run >= 11) {
            continue;
        }
        let mut end = i;
        // An 18-digit ID ends in X for a check value of 10.
        if end - start == 17 && matches!(bytes.get(end), Some(b'X' | b'x')) {
            end += 1;
        }
        let after_letter = bytes.get(end).is_some_and(u8::is_ascii_alphabetic);
        let fraction = start >= 2 && bytes[start - 1] == b'.' && bytes[start - 2].is_ascii_digit();
        if after_letter
            || fraction
            || money(line, start, end)
            || numeric_field_value(&line[..start])
        {
            i = end.max(i);
            continue;
        }
        if let Some(kind) = classify(&line[start..end]) {
            // `8613812345678`: the country code is not part of the number shown masked.
            let start = if kind == Kind::Mobile && end - start == 13 {
                start + 2
            } else {
                start
            };
            out.push(Finding {
                start,
                end,
                digits: line[start..end].to_ascii_uppercase(),
                kind,
            });
        } else if let Some(found) = grouped(line, start) {
            i = start + found.1;
            out.push(found.0);
            continue;
        }
        i = end.max(i);
    }
    out
}

/// A run of digits judged whole.
fn classify(run: &str) -> Option<Kind> {
    let n = run.len();
    if (n == 18 && resident_id_18(run)) || (n == 15 && resident_id_15(run)) {
        return Some(Kind::ResidentId);
    }
    if n == 11 && is_mobile(run) {
        return Some(Kind::Mobile);
    }
    if n == 13 && run.starts_with("86") && is_mobile(&run[2..]) {
        return Some(Kind::Mobile);
    }
    if (16..=19).contains(&n) && run.bytes().all(|b| b.is_ascii_digit()) && luhn(run) {
        return Some(Kind::BankCard);
    }
    None
}

/// A mobile number written in groups (`138 1234 5678`, `138-1234-5678`) or a card number in
/// fours (`6222 0212 3456 7890`), starting at `start`; the finding and its length in bytes.
fn grouped(line: &str, start: usize) -> Option<(Finding, usize)> {
    let rest = &line[start..];
    let groups = |sep: u8, sizes: &[usize]| -> Option<(String, usize)> {
        let bytes = rest.as_bytes();
        let mut at = 0;
        for (k, &size) in sizes.iter().enumerate() {
            if k > 0 {
                if bytes.get(at) != Some(&sep) {
                    return None;
                }
                at += 1;
            }
            let group = bytes.get(at..at + size)?;
            if !group.iter().all(u8::is_ascii_digit) {
                return None;
            }
            at += size;
        }
        if bytes.get(at).is_some_and(u8::is_ascii_digit) {
            return None;
        }
        // Digits and separators only: the digits are what is left without the separators.
        let digits = rest[..at].chars().filter(char::is_ascii_digit).collect();
        Some((digits, at))
    };
    for sep in [b' ', b'-'] {
        if let Some((digits, len)) = groups(sep, &[3, 4, 4])
            && is_mobile(&digits)
        {
            return Some((
                Finding {
                    start,
                    end: start + len,
                    digits,
                    kind: Kind::Mobile,
                },
                len,
            ));
        }
    }
    const CARD_GROUPS: [&[usize]; 4] = [
        &[4, 4, 4, 4, 3],
        &[4, 4, 4, 4, 2],
        &[4, 4, 4, 4, 1],
        &[4, 4, 4, 4],
    ];
    for sizes in CARD_GROUPS {
        if let Some((digits, len)) = groups(b' ', sizes)
            && luhn(&digits)
        {
            return Some((
                Finding {
                    start,
                    end: start + len,
                    digits,
                    kind: Kind::BankCard,
                },
                len,
            ));
        }
    }
    None
}

/// `13500000000元`, `￥13500000000`: a sum of money written in a sentence (not a number
/// followed by 元旦, 元月 or 元宵, which are days, not yuan).
fn money(line: &str, start: usize, end: usize) -> bool {
    let after = line[end..].trim_start_matches(' ');
    let before = line[..start].trim_end_matches(' ');
    let yuan = ["元", "万元", "亿元"].iter().any(|unit| {
        after
            .strip_prefix(unit)
            .is_some_and(|rest| !rest.starts_with(['旦', '月', '宵']))
    });
    yuan || ['¥', '￥'].iter().any(|sign| before.ends_with(*sign))
}

/// `planned: 13500000000`: the value of a count or amount field.
fn numeric_field_value(before: &str) -> bool {
    let before = before.trim_end();
    let Some(key) = before.strip_suffix(':') else {
        return false;
    };
    let key = key.trim_end();
    let name_start = key
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_ascii_alphanumeric() || c == '_'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    NUMERIC_FIELDS.contains(&&key[name_start..])
}

fn is_mobile(digits: &str) -> bool {
    let b = digits.as_bytes();
    b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1])
}

/// GB 11643: 6-digit region, 8-digit birth date, 3-digit sequence, ISO 7064 MOD 11-2 check.
fn resident_id_18(id: &str) -> bool {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let b = id.as_bytes();
    if !b[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let sum: u32 = b[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    let expected = CHECK[(sum % 11) as usize];
    b[17].to_ascii_uppercase() == expected && plausible_birth(&id[6..10], &id[10..12], &id[12..14])
}

/// The 15-digit form before 1999: 6-digit region, YYMMDD birth date, 3-digit sequence.
fn resident_id_15(id: &str) -> bool {
    id.bytes().all(|b| b.is_ascii_digit())
        && plausible_birth(&format!("19{}", &id[6..8]), &id[8..10], &id[10..12])
}

fn plausible_birth(year: &str, month: &str, day: &str) -> bool {
    let (Ok(y), Ok(m), Ok(d)) = (year.parse::<i16>(), month.parse::<i8>(), day.parse::<i8>())
    else {
        return false;
    };
    (1900..=2100).contains(&y) && jiff::civil::Date::new(y, m, d).is_ok()
}

fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                if d * 2 > 9 { d * 2 - 9 } else { d * 2 }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(line: &str) -> Vec<(Kind, String)> {
        find_in_line(line)
            .into_iter()
            .map(|f| (f.kind, f.masked()))
            .collect()
    }

    #[test]
    fn personal_numbers_are_found_and_masked() {
        let cases: &[(&str, Kind, &str)] = &[
            ("联系人手机13812345678。", Kind::Mobile, "138****5678"),
            ("电话：138-1234-5678", Kind::Mobile, "138****5678"),
            ("电话 138 1234 5678 ", Kind::Mobile, "138****5678"),
            ("+8613812345678", Kind::Mobile, "138****5678"),
            (
                "身份证11010519491231002X号",
                Kind::ResidentId,
                "110105********002X",
            ),
            ("id 110105491231002", Kind::ResidentId, "110105*****1002"),
            (
                "卡号6222021234567890128",
                Kind::BankCard,
                "6222***********0128",
            ),
            (
                "卡号 4111 1111 1111 1111",
                Kind::BankCard,
                "4111********1111",
            ),
            (
                "值班电话13812345678元旦照常接听",
                Kind::Mobile,
                "138****5678",
            ),
            ("联系13812345678元宵节后", Kind::Mobile, "138****5678"),
        ];
        for (line, kind, masked) in cases {
            let found = kinds(line);
            let expected = vec![(*kind, masked.to_string())];
            assert_eq!(found, expected, "{line}");
        }
    }

    /// The quoted source line hides the same digits as the message and keeps its columns.
    #[test]
    fn numbers_are_starred_in_place_keeping_their_separators() {
        for (line, starred) in [
            ("手机13812345678。", "138****5678"),
            ("电话：138-1234-5678", "138-****-5678"),
            ("+8613812345678", "138****5678"),
            ("身份证11010519491231002X号", "110105********002X"),
            ("卡号 6222 0212 3456 7890 128", "6222 **** **** ***0 128"),
        ] {
            let found = find_in_line(line);
            let [finding] = found.as_slice() else {
                panic!("one number in {line}: {found:?}")
            };
            let written = &line[finding.start..finding.end];
            assert_eq!(finding.masked_in_place(written), starred, "{line}");
            assert_eq!(written.chars().count(), starred.chars().count(), "{line}");
        }
    }

    #[test]
    fn dates_amounts_ids_and_counts_are_not_personal_numbers() {
        for line in [
            "date: 2022-05-10",
            "start: 2022-01-15 deadline: 2022-12-31",
            "budget: {planned: 13500000000, spent: 13812345678}",
            "  actual: 13812345678",
            "id: 2022-xidong-01",
            "votes: {for: 41, against: 0, abstain: 2}",
            "编号 138123456789",
            "phone: 0937-0000000",
            "身份证11010519491231002 3",
            "18-digit wrong check 110105194912310021",
            "bad birth date 110105194913310029",
            "not luhn 6222021234567890123",
            "photos/img13812345678a.jpg",
            "ratio 0.13812345678",
            "2022 1234 5678 9012",
            "- **电话**：0937-0000000（示例号码，工作日 9:00—12:00）",
            "说明—13:00",
            "金额13500000000元，合计 13500000000 元",
            "预算￥13812345678，另 ¥ 13812345678",
        ] {
            assert_eq!(kinds(line), vec![], "{line}");
        }
    }

    #[test]
    fn an_allowed_number_may_be_written_as_it_is_published() {
        for entry in [
            "13900000000",
            "139-0000-0000",
            "+86 139 0000 0000",
            "+8613900000000",
        ] {
            assert_eq!(
                allow_entry_number(entry).as_deref(),
                Some("13900000000"),
                "{entry}"
            );
        }
        assert_eq!(
            allow_entry_number("11010519491231002x").as_deref(),
            Some("11010519491231002X")
        );
        assert_eq!(allow_entry_number("content/notices/a.md"), None);
    }

    #[test]
    fn the_caret_underlines_the_number_alone() {
        let text = "title: 身份证620102198503121235 西洞镇农房改造\n";
        let found = check_file("content/tasks/a.yaml", text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].diagnostic.width, Some(18));
    }

    #[test]
    fn the_feedback_contact_in_site_yaml_is_not_checked() {
        let text = "title: t\nfeedback:\n  phone: 13812345678\ncurrency: CNY\nnote: 13912345678\n";
        let found = check_file("content/site.yaml", text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].diagnostic.pos, Pos { line: 5, col: 7 });
    }
}
