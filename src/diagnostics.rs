//! Problems found in an editor's files, and how they are shown: `path:line:col: error: …`,
//! the source line, a caret under the offending text (measured in display columns, so it
//! sits right under Chinese text), and the remedy. The same text goes to the terminal and,
//! in `serve`, to the browser. The words come from one table per language ([`words`]): a
//! diagnostic holds a [`Text`], put into the reader's language when it is printed.

mod io_words;
mod text;
pub mod words;

pub use io_words::io_reason;
pub use text::{Text, message_language};

use crate::model::Language;
use crate::yaml::Pos;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use unicode_width::UnicodeWidthChar;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    /// The English word, as in `path:line:col: error: …`.
    pub fn label(self) -> &'static str {
        self.label_in(Language::En)
    }

    /// The word after `path:line:col: ` in `language`: `error`/`warning` or `错误`/`警告`,
    /// so that a script can tell errors from warnings in either language.
    pub fn label_in(self, language: Language) -> &'static str {
        match (self, language) {
            (Severity::Error, Language::En) => "error",
            (Severity::Warning, Language::En) => "warning",
            (Severity::Error, Language::ZhCn) => "错误",
            (Severity::Warning, Language::ZhCn) => "警告",
        }
    }
}

/// One problem in one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Path relative to the site root, written with `/`.
    pub path: String,
    pub pos: Pos,
    pub message: Text,
    /// What the editor can do about it, when the message alone does not say.
    pub help: Option<Text>,
    /// Another place that takes part in the problem (the first of two duplicate ids).
    pub related: Option<(String, Pos, Text)>,
    /// The name of the rule a warning comes from (`stale ledger`), under which warnings
    /// beyond [`WARNINGS_SHOWN_PER_KIND`] are counted rather than printed. Without one, a
    /// warning is of the kind of those with the same message.
    pub kind: Option<&'static str>,
    /// How many characters the caret underlines, when the check knows (a number inside a
    /// sentence); otherwise the YAML token at the column.
    pub width: Option<usize>,
}

impl Diagnostic {
    pub fn error(path: &str, pos: Pos, message: impl Into<Text>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.to_string(),
            pos,
            message: message.into(),
            help: None,
            related: None,
            kind: None,
            width: None,
        }
    }

    pub fn warning(path: &str, pos: Pos, message: impl Into<Text>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, pos, message)
        }
    }

    pub fn with_help(mut self, help: impl Into<Text>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_related(mut self, path: &str, pos: Pos, note: impl Into<Text>) -> Self {
        self.related = Some((path.to_string(), pos, note.into()));
        self
    }

    pub fn with_width(mut self, chars: usize) -> Self {
        self.width = Some(chars);
        self
    }

    pub fn with_kind(mut self, kind: &'static str) -> Self {
        self.kind = Some(kind);
        self
    }

    fn sort_key(&self) -> (&str, Pos, Severity, &Text) {
        (&self.path, self.pos, self.severity, &self.message)
    }
}

/// Every problem found in a run, kept in the order they are printed: by file, then line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Keeps only the diagnostics for which `keep` holds.
    pub fn retain(&mut self, keep: impl FnMut(&Diagnostic) -> bool) {
        self.items.retain(keep);
    }

    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.items.dedup();
    }

    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Whether the run fails: any error, or any warning when warnings are denied.
    pub fn fails(&self, deny_warnings: bool) -> bool {
        self.error_count() > 0 || (deny_warnings && self.warning_count() > 0)
    }

    /// `3 errors, 1 warning in 2 files`, in `language`.
    pub fn summary(&self, files_checked: usize, language: Language) -> String {
        let files: std::collections::BTreeSet<&str> =
            self.items.iter().map(|d| d.path.as_str()).collect();
        if self.items.is_empty() {
            return crate::words!("summary_clean", n = files_checked.to_string())
                .in_language(language);
        }
        let count = |n: usize, one: &'static str, many: &'static str| {
            Text::Row(
                if n == 1 { one } else { many },
                vec![("n", Text::from(n.to_string()))],
            )
        };
        crate::words!(
            "summary",
            errors = count(self.error_count(), "one_error", "n_errors"),
            warnings = count(self.warning_count(), "one_warning", "n_warnings"),
            files = count(files.len(), "one_file", "n_files"),
        )
        .in_language(language)
    }

    /// All diagnostics rendered as text in `language`, each with its source line.
    pub fn render(&self, sources: &SourceMap, language: Language) -> String {
        self.render_with(sources, true, language)
    }

    /// The diagnostics rendered as text in `language`. Unless `verbose`, only the first
    /// [`WARNINGS_SHOWN_PER_KIND`] warnings of each kind are shown, and the rest counted in
    /// a line per kind at the end: a large site can have thousands of one warning, which
    /// would bury everything else. Errors are always shown, all of them.
    pub fn render_with(&self, sources: &SourceMap, verbose: bool, language: Language) -> String {
        let mut out = String::new();
        // How many warnings of each kind were met, and the kinds in the order first met: a
        // named kind by its name, any other by its words.
        let mut counts: HashMap<(String, bool), usize> = HashMap::new();
        let mut kinds: Vec<(String, bool)> = Vec::new();
        for diagnostic in &self.items {
            if !verbose && diagnostic.severity == Severity::Warning {
                let key = match diagnostic.kind {
                    Some(kind) => (Text::key(kind).in_language(language), true),
                    None => (diagnostic.message.in_language(language), false),
                };
                let count = counts.entry(key.clone()).or_insert_with(|| {
                    kinds.push(key);
                    0
                });
                *count += 1;
                if *count > WARNINGS_SHOWN_PER_KIND {
                    continue;
                }
            }
            out.push_str(&render_one(diagnostic, sources, language));
            out.push('\n');
        }
        for key in kinds {
            let hidden = counts[&key].saturating_sub(WARNINGS_SHOWN_PER_KIND);
            if hidden == 0 {
                continue;
            }
            let (what, named) = key;
            let row = match (named, hidden == 1) {
                (true, true) => "more_named_warning",
                (true, false) => "more_named_warnings",
                (false, true) => "more_warning",
                (false, false) => "more_warnings",
            };
            let line = Text::Row(
                row,
                vec![
                    ("n", Text::from(thousands(hidden))),
                    ("what", Text::from(what)),
                ],
            );
            let _ = writeln!(out, "{}", line.in_language(language));
        }
        out
    }
}

/// How many warnings of one kind are printed before the rest are only counted.
pub const WARNINGS_SHOWN_PER_KIND: usize = 20;

/// `8400` as `8,400`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The text of every file read, so that diagnostics can quote the offending line.
#[derive(Clone, Debug, Default)]
pub struct SourceMap {
    /// Paths and texts in the order added (texts shared with the loader, not copied).
    files: Vec<(Arc<str>, Arc<str>)>,
    /// Where each path's text is in `files` (the last one added for a path), built when a
    /// line is first asked for: a site without problems never needs it.
    index: OnceLock<HashMap<Arc<str>, usize>>,
}

impl SourceMap {
    /// Adds a file's text; a path added again keeps its last text.
    pub fn insert(&mut self, path: &str, text: Arc<str>) {
        self.extend([(Arc::from(path), text)]);
    }

    /// Adds many files at once, like [`SourceMap::insert`] for each in turn.
    pub fn extend(&mut self, files: impl IntoIterator<Item = (Arc<str>, Arc<str>)>) {
        self.files.extend(files);
        self.index = OnceLock::new();
    }

    fn index(&self) -> &HashMap<Arc<str>, usize> {
        self.index.get_or_init(|| {
            let mut index = HashMap::with_capacity(self.files.len());
            for (i, (path, _)) in self.files.iter().enumerate() {
                index.insert(path.clone(), i);
            }
            index
        })
    }

    pub fn line(&self, path: &str, line: u32) -> Option<&str> {
        let text = &self.files[*self.index().get(path)?].1;
        text.lines().nth(line.checked_sub(1)? as usize)
    }

    /// Every file's path and text, each path once (its last text), in no particular order.
    pub fn files(&self) -> impl Iterator<Item = (&str, &str)> {
        self.index()
            .values()
            .map(|&i| (&*self.files[i].0, &*self.files[i].1))
    }

    /// Like [`SourceMap::files`], each path and text shared rather than borrowed.
    pub fn shared_files(&self) -> impl Iterator<Item = (Arc<str>, Arc<str>)> + '_ {
        self.index()
            .values()
            .map(|&i| (self.files[i].0.clone(), self.files[i].1.clone()))
    }

    /// How many files (each path once).
    pub fn len(&self) -> usize {
        self.index().len()
    }

    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// Renders one diagnostic in the rustc/Hugo style:
///
/// ```text
/// content/tasks/xidong/01.yaml:3:6: error: unknown org `xidon` (did you mean `xidong`?)
///   |
/// 3 | org: xidon
///   |      ^^^^^
/// ```
/// In zh-CN the words change (`错误`, `提示`, `另见`), the shape does not.
pub fn render_one(diagnostic: &Diagnostic, sources: &SourceMap, language: Language) -> String {
    let mut out = String::new();
    // Line 0: the problem is the file or folder as a whole (one that is missing).
    let place = match diagnostic.pos.line {
        0 => diagnostic.path.clone(),
        line => format!("{}:{line}:{}", diagnostic.path, diagnostic.pos.col),
    };
    let _ = writeln!(
        out,
        "{place}: {}: {}",
        diagnostic.severity.label_in(language),
        diagnostic.message.in_language(language)
    );
    if let Some(line) = sources.line(&diagnostic.path, diagnostic.pos.line) {
        out.push_str(&snippet(line, diagnostic.pos, diagnostic.width));
    }
    if let Some(help) = &diagnostic.help {
        let label = Text::key("help_label").in_language(language);
        let _ = writeln!(out, "  = {label}: {}", help.in_language(language));
    }
    if let Some((path, pos, note)) = &diagnostic.related {
        let label = Text::key("note_label").in_language(language);
        let note = note.in_language(language);
        let _ = writeln!(out, "  = {label}: {note}: {path}:{}:{}", pos.line, pos.col);
    }
    out
}

/// Source lines wider than this are cropped around the caret (a minified or generated
/// file can have one line of megabytes).
const MAX_SNIPPET_WIDTH: usize = 100;

fn snippet(line: &str, pos: Pos, width: Option<usize>) -> String {
    let line = line.trim_end_matches('\r').replace('\t', " ");
    let number = pos.line.to_string();
    let gutter = " ".repeat(number.len());
    let chars: Vec<char> = line.chars().collect();
    let col = (pos.col.max(1) as usize - 1).min(chars.len());
    let token_len = width.unwrap_or_else(|| token_at(&chars[col..])).max(1);

    // Show a window of the line that holds the caret, marking what was cut with `…`.
    let width = |cs: &[char]| cs.iter().copied().map(char_width).sum::<usize>();
    let (mut start, mut end) = (0, chars.len());
    if width(&chars) > MAX_SNIPPET_WIDTH {
        start = col.saturating_sub(MAX_SNIPPET_WIDTH / 3);
        end = start;
        while end < chars.len() && width(&chars[start..=end]) <= MAX_SNIPPET_WIDTH {
            end += 1;
        }
    }
    let lead = if start > 0 { "…" } else { "" };
    let tail = if end < chars.len() { "…" } else { "" };
    let shown: String = chars[start..end].iter().collect();
    let before = lead.chars().count() + width(&chars[start..col]);
    let caret_end = (col + token_len).min(end).max(col);
    let caret_width = width(&chars[col..caret_end]).max(1);
    format!(
        "{gutter} |\n{number} | {lead}{shown}{tail}\n{gutter} | {}{}\n",
        " ".repeat(before),
        "^".repeat(caret_width)
    )
}

fn char_width(c: char) -> usize {
    c.width().unwrap_or(0)
}

/// How many characters the caret underlines: a quoted string whole, a YAML indicator
/// (`[`, `:`, `-` …) or a keyboard slip (a full-width `：` or `，`, a `\`) alone, otherwise the plain scalar up to `: `, ` #`, or a flow
/// indicator, the way YAML itself ends a plain scalar.
fn token_at(rest: &[char]) -> usize {
    let Some(&first) = rest.first() else {
        return 0;
    };
    if first == '"' || first == '\'' {
        return rest[1..]
            .iter()
            .position(|&c| c == first)
            .map_or(rest.len(), |i| i + 2);
    }
    let spaced = rest.get(1).is_none_or(|c| c.is_whitespace());
    if "[]{},#&*!|>%@`：，\\".contains(first) || ("-:?".contains(first) && spaced) {
        return 1;
    }
    let mut end = rest.len();
    for (i, &c) in rest.iter().enumerate() {
        let next = rest.get(i + 1).copied();
        let ends_key = c == ':' && next.is_none_or(char::is_whitespace);
        let starts_comment = c == '#' && i > 0 && rest[i - 1].is_whitespace();
        if ends_key || starts_comment || matches!(c, ',' | '[' | ']' | '{' | '}') {
            end = i;
            break;
        }
    }
    while end > 1 && rest[end - 1].is_whitespace() {
        end -= 1;
    }
    end
}

/// Writes a path relative to the site root with `/` separators, whatever the platform.
pub fn display_path(root: &Path, path: &Path) -> String {
    let relative: PathBuf = path.strip_prefix(root).unwrap_or(path).to_path_buf();
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/")
}

/// The closest of `candidates` to `word`, if close enough to be a likely typo.
pub fn suggest<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(word, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caret_sits_under_chinese_text() {
        let rendered = snippet("title: 西洞镇 org: xidon", Pos { line: 7, col: 17 }, None);
        let lines: Vec<&str> = rendered.lines().collect();
        assert_eq!(lines[1], "7 | title: 西洞镇 org: xidon");
        // "title: " is 7 columns, 西洞镇 is 6, " org: " is 6: the caret starts at column 19.
        assert_eq!(lines[2], format!("  | {}^^^^^", " ".repeat(19)));
    }

    #[test]
    fn caret_underlines_a_quoted_string_whole() {
        let rendered = snippet(r#"org: "西洞" # note"#, Pos { line: 1, col: 6 }, None);
        assert!(rendered.ends_with("  |      ^^^^^^\n"), "{rendered}");
    }

    #[test]
    fn caret_width_follows_the_yaml_token() {
        // (line, column, expected caret line)
        let cases = [
            ("deadlin: 2022-11-30", 1, "  | ^^^^^^^"),
            ("org: xidon # typo", 6, "  |      ^^^^^"),
            ("tasks: [a-1, b-2]", 14, "  |              ^^^"),
            ("status: completed", 7, "  |       ^"),
            ("  - [unclosed", 5, "  |     ^"),
            ("url: http://x.org/a:b", 6, "  |      ^^^^^^^^^^^^^^^^"),
            ("text: 首批示范点开工。", 7, "  |       ^^^^^^^^^^^^^^^^"),
            ("", 1, "  | ^"),
            ("  meetings: -6", 13, "  |             ^^"),
            ("  - date: 2022", 3, "  |   ^"),
            ("short", 40, "  |      ^"),
            ("category：\"农房改造\"", 9, "  |         ^^"),
            ("  target: 1320，actual: 860", 15, "  |               ^^"),
            (
                "attachments: [photos\\a.png]",
                21,
                "  |                     ^",
            ),
        ];
        for (line, col, expected) in cases {
            let rendered = snippet(line, Pos { line: 1, col }, None);
            let caret = rendered.lines().nth(2).unwrap_or("");
            assert_eq!(caret.trim_end(), expected, "{line:?} at {col}");
        }
    }

    #[test]
    fn long_lines_are_cropped_around_the_caret() {
        let line = format!("{}x{}", "[".repeat(3000), "]".repeat(3000));
        let rendered = snippet(&line, Pos { line: 1, col: 3001 }, None);
        let lines: Vec<&str> = rendered.lines().collect();
        assert!(
            lines[1].chars().count() < MAX_SNIPPET_WIDTH + 10,
            "{}",
            lines[1]
        );
        assert!(lines[1].starts_with("1 | …[[[") && lines[1].ends_with("]]]…"));
        let caret = lines[2].find('^').unwrap_or(0);
        assert_eq!(lines[1].chars().nth(caret), Some('x'), "{rendered}");
    }

    #[test]
    fn a_source_added_again_keeps_its_last_text() {
        let mut sources = SourceMap::default();
        assert!(sources.is_empty());
        sources.insert("a.yaml", Arc::from("one\ntwo\n"));
        assert_eq!(sources.line("a.yaml", 2), Some("two"));
        sources.extend([
            (Arc::from("b.yaml"), Arc::from("b\n")),
            (Arc::from("a.yaml"), Arc::from("three\nfour\n")),
        ]);
        assert_eq!(sources.line("a.yaml", 2), Some("four"));
        assert_eq!(sources.line("b.yaml", 1), Some("b"));
        assert_eq!(sources.line("b.yaml", 0), None);
        assert_eq!(sources.line("c.yaml", 1), None);
        assert_eq!(sources.len(), 2);
        assert!(!sources.is_empty());
    }

    #[test]
    fn beyond_twenty_warnings_of_a_kind_the_rest_are_counted() {
        let mut d = Diagnostics::default();
        for line in 1..=25 {
            let pos = Pos { line, col: 1 };
            d.push(
                Diagnostic::warning("a.yaml", pos, format!("stale {line}"))
                    .with_kind("stale ledger"),
            );
            d.push(Diagnostic::error("a.yaml", pos, format!("bad {line}")));
            d.push(Diagnostic::warning("b.yaml", pos, "same words"));
        }
        d.push(Diagnostic::warning(
            "c.yaml",
            Pos { line: 1, col: 1 },
            "once",
        ));
        d.sort();
        let sources = SourceMap::default();
        let capped = d.render_with(&sources, false, Language::En);
        let count = |text: &str, needle: &str| {
            text.lines()
                .filter(|l| l.contains(needle) && !l.starts_with('…'))
                .count()
        };
        assert_eq!(count(&capped, ": warning: stale "), 20);
        assert_eq!(count(&capped, ": warning: same words"), 20);
        assert_eq!(count(&capped, ": warning: once"), 1);
        assert_eq!(count(&capped, ": error: bad "), 25);
        assert!(
            capped.ends_with(
                "… and 5 more `stale ledger` warnings; --verbose shows all\n\
             … and 5 more warnings “same words”; --verbose shows all\n"
            ),
            "{capped}"
        );
        let all = d.render_with(&sources, true, Language::En);
        assert_eq!(count(&all, ": warning: stale "), 25);
        assert_eq!(count(&all, ": warning: same words"), 25);
        assert!(!all.contains("--verbose"));
        assert_eq!(all, d.render(&sources, Language::En));
    }

    #[test]
    fn counts_are_written_with_thousands_separators() {
        let cases = [
            (0, "0"),
            (20, "20"),
            (999, "999"),
            (1000, "1,000"),
            (8400, "8,400"),
            (1234567, "1,234,567"),
        ];
        for (n, text) in cases {
            assert_eq!(thousands(n), text);
        }
    }

    #[test]
    fn summary_counts_files_with_problems() {
        let mut d = Diagnostics::default();
        d.push(Diagnostic::error("a.yaml", Pos { line: 1, col: 1 }, "x"));
        d.push(Diagnostic::error("a.yaml", Pos { line: 2, col: 1 }, "y"));
        d.push(Diagnostic::warning("b.yaml", Pos { line: 1, col: 1 }, "z"));
        assert_eq!(d.summary(9, Language::En), "2 errors, 1 warning in 2 files");
        assert_eq!(
            d.summary(9, Language::ZhCn),
            "2 个错误，1 个警告，在 2 个文件中"
        );
        assert_eq!(
            Diagnostics::default().summary(9, Language::En),
            "no problems in 9 files"
        );
    }
}
