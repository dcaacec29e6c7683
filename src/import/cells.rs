//! What a spreadsheet cell holds, and how the values editors type are read: dates as Excel
//! stores them or as typed (`2022/5/10`, `2022年5月10日`, `2022.5.10`), numbers stored as text,
//! full-width digits, stray spaces, and the Chinese words the site shows for stage, status,
//! entry kind and grade. Each reader returns the remedy as its error, for the cell's message.

use crate::diagnostics::Text;
use crate::model::labels as i18n;
use crate::model::{EntryKind, Grade, Language, Stage, Status};
use crate::words;
use jiff::civil::Date;

/// One cell's value, whichever file format it came from.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    /// A cell Excel formats as a date.
    Date(Date),
    Bool(bool),
    /// An Excel error value such as `#REF!`.
    Error(String),
}

impl Cell {
    /// Whether the cell holds nothing but spaces.
    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(text) => normalize(text).is_empty(),
            _ => false,
        }
    }

    /// The value as the editor sees it, for messages.
    pub fn shown(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) => text.clone(),
            Cell::Number(n) => crate::model::plain_number(*n),
            Cell::Date(d) => d.to_string(),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }

    /// The text of the cell, trimmed; numbers as written (`120`, not `120.0`).
    pub fn text(&self) -> Result<String, Text> {
        match self {
            Cell::Error(e) => Err(words!("import_cell_error", error = e)),
            other => Ok(normalize_spaces(&other.shown())),
        }
    }
}

/// Full-width letters, digits and punctuation (as typed with a Chinese input method) turned
/// into their ASCII forms, and the ideographic space into a space; then trimmed.
pub fn normalize(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// Trims spaces (ASCII, ideographic, non-breaking) from both ends, keeping full-width
/// punctuation inside the text as the editor wrote it.
pub fn normalize_spaces(text: &str) -> String {
    text.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}')
        .replace("\r\n", "\n")
}

/// A date from a date cell, a text cell (`2022-05-10`, `2022/5/10`, `2022.5.10`,
/// `2022年5月10日`, `20220510`) or a number (an Excel serial day in a cell not formatted as
/// a date, or `20220510`).
pub fn date(cell: &Cell) -> Result<Date, Text> {
    const HELP: &str = "import_date_help";
    match cell {
        Cell::Date(d) => Ok(*d),
        Cell::Number(n) if n.fract() == 0.0 && (19_000_000.0..30_000_000.0).contains(n) => {
            date_from_digits(&format!("{n}")).ok_or_else(|| Text::key(HELP))
        }
        // Serial days 20000..80000 are the years 1954..2119.
        Cell::Number(n) if (20_000.0..80_000.0).contains(n) => {
            let days = n.floor() as i64;
            Date::new(1899, 12, 30)
                .ok()
                .and_then(|epoch| epoch.checked_add(jiff::Span::new().days(days)).ok())
                .ok_or_else(|| Text::key(HELP))
        }
        Cell::Text(text) => date_from_text(&normalize(text)),
        _ => Err(Text::key(HELP)),
    }
}

fn date_from_digits(digits: &str) -> Option<Date> {
    if digits.len() != 8 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let year = digits[0..4].parse().ok()?;
    let month = digits[4..6].parse().ok()?;
    let day = digits[6..8].parse().ok()?;
    Date::new(year, month, day).ok()
}

fn date_from_text(text: &str) -> Result<Date, Text> {
    const HELP: &str = "import_date_help";
    // An Excel date-time typed or exported as text: keep the day.
    let day_part = text.split([' ', 'T']).next().unwrap_or("");
    if let Some(date) = date_from_digits(day_part) {
        return Ok(date);
    }
    let parts: Vec<&str> = day_part
        .trim_end_matches('日')
        .trim_end_matches('号')
        .split(['-', '/', '.', '年', '月'])
        .collect();
    let [year, month, day] = parts[..] else {
        return Err(Text::key(HELP));
    };
    let (Ok(year), Ok(month), Ok(day)) =
        (year.parse::<i16>(), month.parse::<i8>(), day.parse::<i8>())
    else {
        return Err(Text::key(HELP));
    };
    if !(1900..=2999).contains(&year) {
        return Err(words!("import_no_year", year = year.to_string()));
    }
    if !(1..=12).contains(&month) {
        return Err(words!("import_no_month", month = month.to_string()));
    }
    Date::new(year, month, day).map_err(|_| {
        words!(
            "import_no_day",
            day = day.to_string(),
            month = month.to_string(),
            year = year.to_string()
        )
    })
}

/// A number from a number cell or from text (`1,320`, `１３２０`, ` 12.5 `).
pub fn number(cell: &Cell) -> Result<f64, Text> {
    const HELP: &str = "import_number_help";
    let value = match cell {
        Cell::Number(n) => *n,
        Cell::Text(text) => normalize(text)
            .replace([',', '，'], "")
            .parse::<f64>()
            .map_err(|_| Text::key(HELP))?,
        _ => return Err(Text::key(HELP)),
    };
    if !value.is_finite() {
        return Err(Text::key(HELP));
    }
    if value < 0.0 {
        return Err(Text::key("import_negative"));
    }
    Ok(value)
}

/// A whole number (a vote count, a year).
pub fn count(cell: &Cell) -> Result<u64, Text> {
    let value = number(cell).map_err(|_| Text::key("import_count_help"))?;
    if value.fract() != 0.0 || value >= 9e15 {
        return Err(Text::key("import_count_help"));
    }
    Ok(value as u64)
}

/// One of an enumeration, by its field name (`in_progress`), its Chinese word on the site
/// (`推进中`), its English word (`In progress`) or a common synonym.
fn choice<T: Copy>(cell: &Cell, words: &[(T, &[&str])]) -> Result<T, Text> {
    let typed = normalize(&cell.shown()).to_lowercase().replace(' ', "_");
    for (value, names) in words {
        if names
            .iter()
            .any(|name| name.to_lowercase().replace(' ', "_") == typed)
        {
            return Ok(*value);
        }
    }
    let listed: Vec<&str> = words.iter().map(|(_, names)| names[1]).collect();
    Err(crate::words!("import_choose", list = listed.join("、")))
}

fn words<T: Copy, const N: usize>(
    all: [T; N],
    key: fn(T) -> &'static str,
    label: fn(Language, T) -> &'static str,
    synonyms: fn(T) -> &'static [&'static str],
) -> Vec<(T, Vec<&'static str>)> {
    all.iter()
        .map(|&v| {
            let mut names = vec![key(v), label(Language::ZhCn, v), label(Language::En, v)];
            names.extend_from_slice(synonyms(v));
            (v, names)
        })
        .collect()
}

fn pick<T: Copy>(cell: &Cell, table: Vec<(T, Vec<&'static str>)>) -> Result<T, Text> {
    let borrowed: Vec<(T, &[&str])> = table.iter().map(|(v, n)| (*v, n.as_slice())).collect();
    choice(cell, &borrowed)
}

pub fn stage(cell: &Cell) -> Result<Stage, Text> {
    pick(
        cell,
        words(Stage::ALL, Stage::key, i18n::stage, |_| &[] as &[&str]),
    )
}

pub fn status(cell: &Cell) -> Result<Status, Text> {
    pick(
        cell,
        words(Status::ALL, Status::key, i18n::status, |s| match s {
            Status::NotStarted => &["未开始"],
            Status::InProgress => &["进行中", "正在推进"],
            Status::Completed => &["完成"],
            Status::Suspended => &["已暂停"],
        }),
    )
}

pub const ENTRY_KINDS: [EntryKind; 4] = [
    EntryKind::Progress,
    EntryKind::Inspection,
    EntryKind::Notification,
    EntryKind::Interview,
];

pub fn entry_kind(cell: &Cell) -> Result<EntryKind, Text> {
    pick(
        cell,
        words(ENTRY_KINDS, EntryKind::key, i18n::entry_kind, |k| match k {
            EntryKind::Progress => &["进展"],
            _ => &[],
        }),
    )
}

pub fn grade(cell: &Cell) -> Result<Grade, Text> {
    pick(
        cell,
        words(Grade::ALL, Grade::key, i18n::grade, |_| &[] as &[&str]),
    )
}

/// The column letters of a 0-based column number: 0 → A, 26 → AA.
pub fn column_letters(mut col: u32) -> String {
    let mut letters = Vec::new();
    loop {
        letters.push((b'A' + (col % 26) as u8) as char);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    letters.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    #[test]
    fn dates_as_editors_type_them() {
        let may10 = Date::new(2022, 5, 10).unwrap();
        for cell in [
            Cell::Date(may10),
            text("2022-05-10"),
            text("2022/5/10"),
            text("2022.5.10"),
            text("2022年5月10日"),
            text(" 2022-5-10 "),
            text("２０２２／５／１０"),
            text("2022-05-10 00:00:00"),
            text("20220510"),
            Cell::Number(20220510.0),
            Cell::Number(44691.0),
        ] {
            assert_eq!(date(&cell), Ok(may10), "{cell:?}");
        }
        for (cell, remedy) in [
            (text("2022/13/5"), "there is no month 13"),
            (text("2022/2/30"), "there is no day 30 in month 2 of 2022"),
            (text("五月十日"), "type the date as"),
            (Cell::Number(12.0), "type the date as"),
            (Cell::Empty, "type the date as"),
        ] {
            let err = date(&cell).unwrap_err().to_string();
            assert!(err.contains(remedy), "{cell:?}: {err}");
        }
    }

    #[test]
    fn numbers_stored_as_text_and_full_width_digits() {
        assert_eq!(number(&text(" 1,320 ")), Ok(1320.0));
        assert_eq!(number(&text("１２.５")), Ok(12.5));
        assert_eq!(number(&Cell::Number(7.0)), Ok(7.0));
        assert!(number(&text("12户")).is_err());
        assert!(
            number(&text("-3"))
                .unwrap_err()
                .to_string()
                .contains("negative")
        );
        assert_eq!(count(&text("98")), Ok(98));
        assert!(count(&text("9.5")).is_err());
    }

    #[test]
    fn enumerations_by_field_name_chinese_word_or_english() {
        assert_eq!(status(&text("推进中")), Ok(Status::InProgress));
        assert_eq!(status(&text("in_progress")), Ok(Status::InProgress));
        assert_eq!(status(&text("In progress")), Ok(Status::InProgress));
        assert_eq!(status(&text(" 已完成 ")), Ok(Status::Completed));
        assert_eq!(stage(&text("破题")), Ok(Stage::Solve));
        assert_eq!(entry_kind(&text("督查")), Ok(EntryKind::Inspection));
        assert_eq!(entry_kind(&text("工作进展")), Ok(EntryKind::Progress));
        assert_eq!(grade(&text("优秀")), Ok(Grade::Excellent));
        assert_eq!(grade(&text("Good")), Ok(Grade::Good));
        let err = grade(&text("好")).unwrap_err().to_string();
        assert_eq!(err, "choose one of 优秀、良好、一般、较差");
    }

    #[test]
    fn column_letters_like_excel() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }
}
