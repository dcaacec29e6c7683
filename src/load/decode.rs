//! Turning a YAML [`Node`] into typed values while collecting every problem, instead of
//! stopping at the first one as serde derive would: an editor fixing a ledger wants to see
//! the unknown field *and* the bad date *and* the missing plan in one run.

use crate::diagnostics::{Diagnostic, Diagnostics, Text, suggest};
use crate::model::Located;
use crate::model::labels::Labelled;
use crate::words;
use crate::yaml::{Node, NodeKind, Pos};
use jiff::civil::Date;

/// The file being decoded and the problems found in it.
pub struct FileContext<'a> {
    pub path: &'a str,
    pub diagnostics: Diagnostics,
}

impl<'a> FileContext<'a> {
    pub fn new(path: &'a str) -> Self {
        FileContext {
            path,
            diagnostics: Diagnostics::default(),
        }
    }

    pub fn error(&mut self, pos: Pos, message: impl Into<Text>) {
        self.diagnostics
            .push(Diagnostic::error(self.path, pos, message));
    }

    pub fn error_with_help(&mut self, pos: Pos, message: impl Into<Text>, help: impl Into<Text>) {
        self.diagnostics
            .push(Diagnostic::error(self.path, pos, message).with_help(help));
    }

    pub fn warning_with_help(&mut self, pos: Pos, message: Text, help: Text) {
        self.diagnostics
            .push(Diagnostic::warning(self.path, pos, message).with_help(help));
    }

    fn wrong_type(&mut self, node: &Node, field: &str, expected: Text) {
        let message = words!(
            "wrong_type",
            field = field,
            expected = expected,
            found = found(node)
        );
        match super::keyboard::number_with_commas(node) {
            Some(help) => self.error_with_help(node.pos, message, help),
            None => self.error(node.pos, message),
        }
    }
}

/// What was written instead, for "expected X, found Y": the kind, and a short text
/// quoted, so that `meetings: six` reads "found text `six`".
fn found(node: &Node) -> Text {
    match &node.kind {
        NodeKind::Str(s) if s.chars().count() <= 40 && !s.contains('\n') => {
            words!("found_text", text = s)
        }
        other => kind_words(other),
    }
}

/// How a kind of value is named in "expected X, found Y" messages.
pub fn kind_words(kind: &NodeKind) -> Text {
    Text::key(match kind {
        NodeKind::Null => "kind_null",
        NodeKind::Bool(_) => "kind_bool",
        NodeKind::Int(_) => "kind_int",
        NodeKind::Float(_) => "kind_float",
        NodeKind::Str(_) => "kind_text",
        NodeKind::Seq(_) => "kind_list",
        NodeKind::Map(_) => "kind_map",
    })
}

/// "a" or "an", for messages that name a record ("an evaluation round").
pub fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// "(did you mean `x`?)" or "(expected one of `a`, `b`)".
pub fn remedy(word: &str, candidates: &[&str]) -> Text {
    match suggest(word, candidates.iter().copied()) {
        Some(best) => words!("did_you_mean", best = best),
        None => words!("one_of", list = quoted_list(candidates)),
    }
}

pub fn quoted_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The fields of one YAML mapping, read by name; whatever is left unread at the end is an
/// unknown field.
pub struct Fields<'n> {
    pos: Pos,
    entries: &'n [(Node, Node)],
    used: Vec<bool>,
    known: &'static [&'static str],
    what: &'static str,
}

impl<'n> Fields<'n> {
    /// `what` names the mapping in messages ("task", "ledger entry").
    pub fn new(
        cx: &mut FileContext,
        node: &'n Node,
        what: &'static str,
        known: &'static [&'static str],
    ) -> Option<Fields<'n>> {
        match &node.kind {
            NodeKind::Map(entries) => Some(Fields {
                pos: node.pos,
                entries,
                used: vec![false; entries.len()],
                known,
                what,
            }),
            NodeKind::Null => {
                cx.error_with_help(
                    node.pos,
                    words!("record_empty", what = Text::key(what)),
                    Text::key("record_empty_help"),
                );
                None
            }
            other => {
                cx.error_with_help(
                    node.pos,
                    words!(
                        "record_not_a_map",
                        article = article(what),
                        what = Text::key(what),
                        found = kind_words(other),
                    ),
                    Text::key("record_not_a_map_help"),
                );
                None
            }
        }
    }

    pub fn pos(&self) -> Pos {
        self.pos
    }

    /// The value of `key`, unless it is absent or null.
    pub fn get(&mut self, key: &str) -> Option<&'n Node> {
        let index = self
            .entries
            .iter()
            .position(|(k, _)| matches!(&k.kind, NodeKind::Str(s) if s == key))?;
        self.used[index] = true;
        let value = &self.entries[index].1;
        (!matches!(value.kind, NodeKind::Null)).then_some(value)
    }

    /// The keys not read yet that `matches` picks out, with their places, marked read so
    /// that a caller with a better message than "unknown field" gives it instead.
    pub fn take_unread(&mut self, matches: impl Fn(&str) -> bool) -> Vec<(String, Pos)> {
        let mut taken = Vec::new();
        for (i, (key, _)) in self.entries.iter().enumerate() {
            if let NodeKind::Str(name) = &key.kind
                && !self.used[i]
                && matches(name)
            {
                self.used[i] = true;
                taken.push((name.clone(), key.pos));
            }
        }
        taken
    }

    pub fn required(&mut self, cx: &mut FileContext, key: &str) -> Option<&'n Node> {
        let found = self.get(key);
        let written = self
            .entries
            .iter()
            .find(|(k, _)| matches!(&k.kind, NodeKind::Str(s) if s == key));
        if let (None, Some((key_node, _))) = (found, written) {
            // `plan:` with nothing after it: point at that line, not at the mapping.
            cx.error_with_help(
                key_node.pos,
                words!("field_empty", field = key),
                words!("field_empty_help", field = key),
            );
        } else if found.is_none() {
            cx.error_with_help(
                self.pos,
                words!("missing_field", field = key, what = Text::key(self.what)),
                words!(
                    "missing_field_help",
                    field = key,
                    what = Text::key(self.what)
                ),
            );
        }
        found
    }

    /// Reports every field that was not read as unknown, with the nearest known name;
    /// whether there was none.
    pub fn finish(self, cx: &mut FileContext) -> bool {
        let clean = self.used.iter().all(|&used| used);
        for (i, (key, _)) in self.entries.iter().enumerate() {
            if self.used[i] {
                continue;
            }
            let name = match &key.kind {
                NodeKind::Str(s) => s.clone(),
                NodeKind::Int(i) => i.to_string(),
                other => other.describe().to_string(),
            };
            let message = words!(
                "unknown_field",
                field = &name,
                what = Text::key(self.what),
                remedy = remedy(&name, self.known),
            );
            // `target: 1,320` reads as the field `320` to YAML: say so instead.
            match super::keyboard::comma_split_number(key, &self.entries[..i]) {
                Some((pos, message, help)) => cx.error_with_help(pos, message, help),
                None => cx.error(key.pos, message),
            }
        }
        clean
    }

    pub fn string(&mut self, cx: &mut FileContext, key: &str) -> Option<String> {
        let node = self.get(key)?;
        as_string(cx, node, key)
    }

    pub fn required_string(&mut self, cx: &mut FileContext, key: &str) -> Option<Located<String>> {
        let node = self.required(cx, key)?;
        let text = as_string(cx, node, key)?;
        if text.trim().is_empty() {
            cx.error(node.pos, words!("field_empty", field = key));
            return None;
        }
        Some(Located::new(text, node.pos))
    }

    pub fn date(&mut self, cx: &mut FileContext, key: &str) -> Option<Located<Date>> {
        let node = self.get(key)?;
        as_date(cx, node, key)
    }

    pub fn required_date(&mut self, cx: &mut FileContext, key: &str) -> Option<Located<Date>> {
        let node = self.required(cx, key)?;
        as_date(cx, node, key)
    }

    pub fn count(&mut self, cx: &mut FileContext, key: &str) -> Option<u64> {
        let node = self.get(key)?;
        as_count(cx, node, key)
    }

    pub fn amount(&mut self, cx: &mut FileContext, key: &str) -> Option<f64> {
        let node = self.get(key)?;
        as_amount(cx, node, key)
    }

    pub fn bool(&mut self, cx: &mut FileContext, key: &str) -> Option<bool> {
        let node = self.get(key)?;
        match node.kind {
            NodeKind::Bool(b) => Some(b),
            _ => {
                cx.wrong_type(node, key, Text::key("expected_bool"));
                None
            }
        }
    }

    pub fn list(&mut self, cx: &mut FileContext, key: &str) -> &'n [Node] {
        match self.get(key) {
            None => &[],
            Some(node) => as_list(cx, node, key),
        }
    }

    /// A value from a fixed set, e.g. `stage`, by its name or by the label the site shows.
    pub fn choice<T: Labelled>(
        &mut self,
        cx: &mut FileContext,
        key: &str,
        choices: &[(&'static str, T)],
        required: bool,
    ) -> Option<Located<T>> {
        let node = if required {
            self.required(cx, key)?
        } else {
            self.get(key)?
        };
        as_choice(cx, node, key, choices)
    }
}

pub fn as_string(cx: &mut FileContext, node: &Node, field: &str) -> Option<String> {
    match &node.kind {
        NodeKind::Str(s) => Some(s.clone()),
        // `title: 2022` is text to an editor; accept plain numbers where text is expected.
        NodeKind::Int(i) => Some(i.to_string()),
        NodeKind::Float(f) => Some(f.to_string()),
        _ => {
            cx.wrong_type(node, field, Text::key("expected_text"));
            None
        }
    }
}

pub fn as_list<'n>(cx: &mut FileContext, node: &'n Node, field: &str) -> &'n [Node] {
    match &node.kind {
        NodeKind::Seq(items) => items,
        NodeKind::Null => &[],
        _ => {
            cx.wrong_type(node, field, Text::key("expected_list"));
            &[]
        }
    }
}

/// Dates are written `YYYY-MM-DD`; anything else, or an impossible day, is an error.
pub fn as_date(cx: &mut FileContext, node: &Node, field: &str) -> Option<Located<Date>> {
    let text = match &node.kind {
        NodeKind::Str(s) => s.trim(),
        _ => {
            cx.wrong_type(node, field, Text::key("expected_date"));
            return None;
        }
    };
    match parse_date(text) {
        Ok(date) => Some(Located::new(date, node.pos)),
        Err(reason) => {
            cx.error_with_help(
                node.pos,
                words!("invalid_date", text = text, field = field, reason = reason),
                Text::key("invalid_date_help"),
            );
            None
        }
    }
}

/// Parses `YYYY-MM-DD` strictly (four-digit year, two-digit month and day).
pub fn parse_date(text: &str) -> Result<Date, Text> {
    if !crate::yaml::fast::has_date_shape(text) {
        return Err(Text::key("date_shape"));
    }
    let number = |range: std::ops::Range<usize>| text[range].parse::<i16>().unwrap_or(0);
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    if !(1900..=2999).contains(&year) {
        return Err(words!("date_year_range", year = year.to_string()));
    }
    Date::new(year, month as i8, day as i8).map_err(|_| {
        if !(1..=12).contains(&month) {
            words!("date_no_month", month = month.to_string())
        } else {
            words!(
                "date_no_day",
                day = day.to_string(),
                month = month.to_string(),
                year = year.to_string()
            )
        }
    })
}

pub fn as_count(cx: &mut FileContext, node: &Node, field: &str) -> Option<u64> {
    match node.kind {
        NodeKind::Int(i) if i >= 0 => Some(i as u64),
        NodeKind::Int(i) => {
            cx.error(
                node.pos,
                words!("negative", field = field, value = i.to_string()),
            );
            None
        }
        NodeKind::Float(f) if f >= 0.0 && f.fract() == 0.0 && f < 9e15 => Some(f as u64),
        NodeKind::Float(f) if f < 0.0 => {
            cx.error(
                node.pos,
                words!("negative", field = field, value = f.to_string()),
            );
            None
        }
        _ => {
            cx.wrong_type(node, field, Text::key("expected_count"));
            None
        }
    }
}

pub fn as_amount(cx: &mut FileContext, node: &Node, field: &str) -> Option<f64> {
    let value = match node.kind {
        NodeKind::Int(i) => i as f64,
        NodeKind::Float(f) => f,
        _ => {
            cx.wrong_type(node, field, Text::key("expected_number"));
            return None;
        }
    };
    if !value.is_finite() {
        cx.error(node.pos, words!("not_finite", field = field));
        return None;
    }
    if value < 0.0 {
        cx.error(
            node.pos,
            words!("negative", field = field, value = value.to_string()),
        );
        return None;
    }
    Some(value)
}

pub fn as_choice<T: Labelled>(
    cx: &mut FileContext,
    node: &Node,
    field: &str,
    choices: &[(&'static str, T)],
) -> Option<Located<T>> {
    let names: Vec<&str> = choices.iter().map(|(name, _)| *name).collect();
    let NodeKind::Str(text) = &node.kind else {
        cx.error(
            node.pos,
            words!(
                "choice_wrong_type",
                field = field,
                list = quoted_list(&names),
                found = found(node)
            ),
        );
        return None;
    };
    let found = choices
        .iter()
        .find(|(name, _)| name == text)
        .or_else(|| choices.iter().find(|(_, value)| value.is_labelled(text)));
    match found {
        Some((_, value)) => Some(Located::new(*value, node.pos)),
        None => {
            cx.error(
                node.pos,
                words!(
                    "invalid_choice",
                    field = field,
                    text = text,
                    remedy = remedy(text, &names)
                ),
            );
            None
        }
    }
}

/// Identifiers that become folder names in URLs.
pub fn check_id(
    cx: &mut FileContext,
    id: &Located<String>,
    what: &'static str,
    allow_upper: bool,
) -> bool {
    let ok = id.value.chars().enumerate().all(|(i, c)| {
        c.is_ascii_digit()
            || c.is_ascii_lowercase()
            || (allow_upper && c.is_ascii_uppercase())
            || (i > 0 && (c == '-' || (allow_upper && c == '_')))
    }) && !id.value.is_empty()
        && id.value.len() <= 100;
    if !ok {
        let (message, help) = if allow_upper {
            ("invalid_id", "invalid_id_help")
        } else {
            ("invalid_lower_id", "invalid_org_id_help")
        };
        let args = vec![("what", Text::key(what)), ("id", Text::from(&id.value))];
        cx.error_with_help(id.pos, Text::Row(message, args), Text::key(help));
    }
    ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_strict() {
        assert!(parse_date("2022-05-10").is_ok());
        for (text, reason) in [
            ("2022-5-10", "YYYY-MM-DD"),
            ("2022-02-30", "no day 30"),
            ("2022-13-01", "no month 13"),
            ("10/05/2022", "YYYY-MM-DD"),
            ("0022-01-01", "out of range"),
        ] {
            let err = parse_date(text).unwrap_err().to_string();
            assert!(err.contains(reason), "{text}: {err}");
        }
    }

    #[test]
    fn suggestions_pick_near_misses_only() {
        assert_eq!(suggest("xidon", ["xidong", "qingshui"]), Some("xidong"));
        assert_eq!(suggest("deadlin", ["deadline", "start"]), Some("deadline"));
        assert_eq!(suggest("zzz", ["xidong", "qingshui"]), None);
    }
}
