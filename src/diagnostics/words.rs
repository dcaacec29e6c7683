//! The wording of every message shown to an editor, in zh-CN and en, from one table like the
//! interface strings: a missing translation is a missing row, visible in review. The table is
//! kept in parts by subject; a key is unique across all of them. `{name}` is filled from the
//! message's arguments; a row's two languages name the same ones (checked, with every row the
//! code names being in the table, in `text`'s tests).

mod commands;
mod records;
mod report;
mod spreadsheets;

use crate::model::Language;

/// One row: (key, zh-CN, en).
pub(super) type Row = (&'static str, &'static str, &'static str);

const TABLES: &[&[Row]] = &[
    report::WORDS,
    commands::WORDS,
    records::WORDS,
    spreadsheets::WORDS,
];

/// Every row of every part of the table.
pub(super) fn rows() -> impl Iterator<Item = &'static Row> {
    TABLES.iter().flat_map(|table| table.iter())
}

/// The row `key` in `language`, if the table has it.
pub fn lookup(key: &str, language: Language) -> Option<&'static str> {
    rows()
        .find(|(k, _, _)| *k == key)
        .map(|(_, zh, en)| match language {
            Language::ZhCn => *zh,
            Language::En => *en,
        })
}
