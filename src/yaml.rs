//! The one place YAML is parsed. Everything else sees a [`Node`] tree in which every value
//! knows its line and column, so that semantic errors (an unknown org, a bad date) point at
//! the exact place in the editor's file, not only syntax errors.
//!
//! The parser is serde-saphyr (maintained, safe Rust, YAML 1.2) with an explicit budget that
//! rejects alias bombs and pathological nesting but accepts large legitimate ledgers. Plain
//! documents, nearly all of an editor's files, take a faster road ([`fast`]) over the same
//! parser's events; whatever it is unsure of goes through serde-saphyr.

pub mod fast;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;
use std::fmt;

/// A 1-based line and column (in characters) within a file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

/// A YAML value with the position where it was written.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub pos: Pos,
    pub kind: NodeKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl NodeKind {
    /// How the kind is named in "expected X, found Y" messages.
    pub fn describe(&self) -> &'static str {
        match self {
            NodeKind::Null => "nothing (null)",
            NodeKind::Bool(_) => "a boolean",
            NodeKind::Int(_) => "an integer",
            NodeKind::Float(_) => "a number",
            NodeKind::Str(_) => "text",
            NodeKind::Seq(_) => "a list",
            NodeKind::Map(_) => "a mapping",
        }
    }
}

/// A YAML document that could not be read at all.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    pub pos: Pos,
    /// What went wrong, in words for an editor (no parser internals, no location suffix).
    pub message: String,
    pub kind: SyntaxErrorKind,
}

/// Why a document was rejected, so that callers can offer the right remedy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SyntaxErrorKind {
    /// Malformed YAML: indentation, quoting, an unclosed bracket.
    Syntax,
    /// The same key twice in one mapping.
    DuplicateKey(String),
    /// Over one of the budget's limits: nesting, aliases, sheer size.
    TooComplex,
}

/// Limits chosen for editors' files: ledgers of several megabytes are legitimate (a village
/// that records every inspection for years), alias bombs and deep nesting are not.
fn budget() -> serde_saphyr::Budget {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_nodes = 5_000_000;
    budget.max_events = 20_000_000;
    budget.max_total_scalar_bytes = 256 * 1024 * 1024;
    // A ledger entry's attachment list is five levels deep; nothing in a content file needs
    // more than a few. The limit also bounds the parser's recursion, which must fit in a
    // 2 MiB thread stack even in a debug build (~35 KiB per level there): at 64 levels of
    // `- - - …` a rayon worker overflowed its stack and aborted the process.
    budget.max_depth = 24;
    budget.max_aliases = 10_000;
    budget.max_recorded_anchor_events = 100_000;
    budget.max_documents = 1;
    budget
}

fn options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget());
    options.with_snippet = false;
    options.crop_radius = 0;
    options.duplicate_keys = serde_saphyr::DuplicateKeyPolicy::Error;
    // Editors have no use for large alias expansions; the defaults (a million replayed
    // events) let a billion-laughs file run for seconds before it is refused.
    options.alias_limits.max_total_replayed_events = 100_000;
    // YAML 1.2: only `true`/`false` are booleans. A village called 安 spelt `on`, or a
    // remark `no`, stays text as the editor wrote it.
    options.strict_booleans = true;
    options
}

/// Parses one YAML document. An empty document (or one holding only comments) is `Null`.
pub fn parse(source: &str) -> Result<Node, SyntaxError> {
    if source.trim().is_empty() || source.lines().all(is_comment_or_blank) {
        return Ok(Node {
            pos: Pos { line: 1, col: 1 },
            kind: NodeKind::Null,
        });
    }
    let budget = budget();
    if let Some(node) = fast::parse(source, budget.max_depth, budget.max_nodes) {
        return Ok(node);
    }
    parse_with_serde(source)
}

/// The full treatment: serde-saphyr with the budget, for every document the fast road
/// declines, and for all error messages.
fn parse_with_serde(source: &str) -> Result<Node, SyntaxError> {
    serde_saphyr::from_str_with_options::<Node>(source, options()).map_err(|err| {
        let pos = err
            .location()
            .map(|loc| Pos {
                line: loc.line().clamp(1, u32::MAX as u64) as u32,
                col: loc.column().clamp(1, u32::MAX as u64) as u32,
            })
            .unwrap_or(Pos { line: 1, col: 1 });
        let (message, kind) = describe(&err);
        SyntaxError { pos, message, kind }
    })
}

fn is_comment_or_blank(line: &str) -> bool {
    let line = line.trim();
    line.is_empty() || line.starts_with('#') || line == "---" || line == "..."
}

/// The parser's error in an editor's words. Budget breaches and alias errors would
/// otherwise print Rust debug output such as `RecordedAnchorEvents { … }`.
fn describe(err: &serde_saphyr::Error) -> (String, SyntaxErrorKind) {
    use serde_saphyr::Error as E;
    use serde_saphyr::budget::BudgetBreach as B;
    let too_complex = |what: &str| (what.to_string(), SyntaxErrorKind::TooComplex);
    match err {
        E::AliasError { error, .. } | E::WithSnippet { error, .. } => describe(error),
        E::DuplicateMappingKey { key, .. } => {
            let key = key.clone().unwrap_or_else(|| "?".to_string());
            (
                format!("the field `{key}` is written twice in the same mapping"),
                SyntaxErrorKind::DuplicateKey(key),
            )
        }
        E::Budget { breach, .. } => match breach {
            B::Depth { .. } => too_complex(&format!(
                "values are nested more than {} levels deep",
                budget().max_depth
            )),
            B::Aliases { .. }
            | B::Anchors { .. }
            | B::AliasAnchorRatio { .. }
            | B::RecordedAnchorEvents { .. }
            | B::RecordedAnchorBytes { .. }
            | B::MergeKeys { .. } => {
                too_complex("aliases (`*name`) expand to too much data (an alias bomb?)")
            }
            B::Documents { .. } => (
                "a content file holds one YAML document, but this one has several (a second `---` line?)"
                    .to_string(),
                SyntaxErrorKind::Syntax,
            ),
            _ => too_complex("the file holds more values than gongshi accepts in one file"),
        },
        E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. }
        | E::AliasReplayCounterOverflow { .. } => {
            too_complex("aliases (`*name`) expand to too much data (an alias bomb?)")
        }
        _ => {
            let message = plain_message(err);
            if message.contains("recursion limit exceeded") {
                too_complex("brackets are nested too deeply")
            } else {
                (message, SyntaxErrorKind::Syntax)
            }
        }
    }
}

/// The parser's message without its own " at line X column Y" suffix: we print locations
/// ourselves, in the `path:line:col` form editors' tools understand.
fn plain_message(err: &serde_saphyr::Error) -> String {
    let options = serde_saphyr::render_options! {
        snippets: serde_saphyr::SnippetMode::Off,
    };
    let text = err.render_with_options(options);
    let text = text.lines().next().unwrap_or("").trim().to_string();
    strip_location_suffix(&text)
}

fn strip_location_suffix(text: &str) -> String {
    for marker in [" at line ", " at position ", " at "] {
        if let Some(idx) = text.rfind(marker) {
            let tail = &text[idx + marker.len()..];
            if tail.chars().next().is_some_and(|c| c.is_ascii_digit())
                && tail.chars().all(|c| {
                    c.is_ascii_digit() || c.is_whitespace() || c == ',' || c.is_ascii_alphabetic()
                })
            {
                return text[..idx].trim_end_matches(',').to_string();
            }
        }
    }
    text.to_string()
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = Spanned::<NodeKind>::deserialize(deserializer)?;
        Ok(Node {
            pos: Pos {
                line: spanned.referenced.line() as u32,
                col: spanned.referenced.column() as u32,
            },
            kind: spanned.value,
        })
    }
}

impl<'de> Deserialize<'de> for NodeKind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(KindVisitor)
    }
}

struct KindVisitor;

impl<'de> Visitor<'de> for KindVisitor {
    type Value = NodeKind;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<NodeKind, E> {
        Ok(NodeKind::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<NodeKind, E> {
        Ok(NodeKind::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<NodeKind, E> {
        match i64::try_from(v) {
            Ok(v) => Ok(NodeKind::Int(v)),
            Err(_) => Ok(NodeKind::Float(v as f64)),
        }
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<NodeKind, E> {
        match i64::try_from(v) {
            Ok(v) => Ok(NodeKind::Int(v)),
            Err(_) => Ok(NodeKind::Float(v as f64)),
        }
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<NodeKind, E> {
        match i64::try_from(v) {
            Ok(v) => Ok(NodeKind::Int(v)),
            Err(_) => Ok(NodeKind::Float(v as f64)),
        }
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<NodeKind, E> {
        Ok(NodeKind::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<NodeKind, E> {
        Ok(NodeKind::Str(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<NodeKind, E> {
        Ok(NodeKind::Str(v))
    }
    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<NodeKind, E> {
        Ok(NodeKind::Str(String::from_utf8_lossy(v).into_owned()))
    }
    fn visit_none<E: de::Error>(self) -> Result<NodeKind, E> {
        Ok(NodeKind::Null)
    }
    fn visit_unit<E: de::Error>(self) -> Result<NodeKind, E> {
        Ok(NodeKind::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<NodeKind, D::Error> {
        NodeKind::deserialize(d)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<NodeKind, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Node>()? {
            items.push(item);
        }
        Ok(NodeKind::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<NodeKind, A::Error> {
        let mut entries = Vec::new();
        while let Some((key, value)) = map.next_entry::<Node, Node>()? {
            entries.push((key, value));
        }
        Ok(NodeKind::Map(entries))
    }
}

/// A YAML double-quoted scalar: safe for any text an editor types.
pub fn quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_carry_their_positions() {
        let node =
            parse("title: 西洞镇农房改造\nyear: 2022\nstart: 2022-01-15\ntags: [a, b]\n").unwrap();
        let NodeKind::Map(entries) = node.kind else {
            panic!("expected a map")
        };
        assert_eq!(entries.len(), 4);
        assert_eq!(entries[0].0.kind, NodeKind::Str("title".into()));
        assert_eq!(entries[0].0.pos, Pos { line: 1, col: 1 });
        assert_eq!(entries[0].1.pos, Pos { line: 1, col: 8 });
        assert_eq!(entries[1].1.kind, NodeKind::Int(2022));
        assert_eq!(entries[2].1.kind, NodeKind::Str("2022-01-15".into()));
        assert_eq!(entries[2].1.pos.line, 3);
        let NodeKind::Seq(items) = &entries[3].1.kind else {
            panic!("expected a list")
        };
        assert_eq!(items[1].pos, Pos { line: 4, col: 11 });
    }

    #[test]
    fn syntax_errors_are_located() {
        let err = parse("a: 1\nb: [1, 2\nc: 3\n").unwrap_err();
        eprintln!("{err:?}");
        assert!(err.pos.line >= 2, "{err:?}");
        assert!(!err.message.contains(" at line "), "{err:?}");
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let err = parse("a: 1\na: 2\n").unwrap_err();
        eprintln!("{err:?}");
        assert_eq!(err.pos.line, 2);
    }

    /// Regression: 64 levels of block nesting overflowed a 2 MiB stack in a debug build.
    /// Parsed on a thread with that stack, as the loader's rayon workers have.
    #[test]
    fn nesting_is_bounded_before_it_can_overflow_the_stack() {
        let limit = budget().max_depth;
        type Shape = (&'static str, fn(usize) -> String);
        let shapes: [Shape; 4] = [
            ("block list", |n| format!("{}x\n", "- ".repeat(n))),
            ("block map", |n| {
                (0..n)
                    .map(|i| format!("{}a:\n", " ".repeat(i)))
                    .collect::<String>()
                    + &" ".repeat(n)
                    + "x\n"
            }),
            ("flow list", |n| {
                format!("{}{}", "[".repeat(n), "]".repeat(n))
            }),
            ("flow map", |n| {
                format!("{}1{}", "{a: ".repeat(n), "}".repeat(n))
            }),
        ];
        for (name, make) in shapes {
            let (at_limit, over) = (make(limit), make(limit * 200));
            let outcome = std::thread::Builder::new()
                .stack_size(2 * 1024 * 1024)
                .spawn(move || (parse(&at_limit).is_ok(), parse(&over)))
                .expect("spawn")
                .join()
                .expect("no stack overflow, no panic");
            assert!(outcome.0, "{name}: {limit} levels should parse");
            let err = outcome.1.expect_err(name);
            assert_eq!(err.kind, SyntaxErrorKind::TooComplex, "{name}: {err:?}");
        }
    }

    #[test]
    fn alias_bombs_are_refused_with_words_not_debug_output() {
        let mut text = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
        for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
            .iter()
            .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
        {
            text.push_str(&format!(
                "{name}: &{name} [{}]\n",
                vec![format!("*{prev}"); 9].join(",")
            ));
        }
        let err = parse(&text).unwrap_err();
        assert_eq!(err.kind, SyntaxErrorKind::TooComplex, "{err:?}");
        assert!(
            err.message.contains("alias") && !err.message.contains('{'),
            "{err:?}"
        );
    }

    /// The fast road must build exactly the tree serde-saphyr builds, positions included,
    /// or decline. Checked on snippets and on every YAML file of the fixtures and the
    /// sample site.
    #[test]
    fn the_fast_road_agrees_with_serde_saphyr_or_declines() {
        let fast = |source: &str| fast::parse(source, budget().max_depth, budget().max_nodes);
        let taken = [
            "id: 2022-xidong-01\ntitle: 西洞镇农房改造\nyear: 2022\nstart: 2022-01-15\n",
            "a: -5\nb: 0\nc: 12.50\nd: -0.5\ne: 123456789012345678\nf: -1.0\n",
            "a: 2022-02-30\nb: 2022-xidong-01\nc: 2022年度\nd: 3号楼\ne: 1.5万元\n",
            "a: Yesterday\nb: nothing\nc: offset\nd: in_progress\ne: 中文\n",
            "leader: {name: 王华, role: 镇党委书记}\ntags: [a, 'b', \"c d\", 1, -2]\n",
            "plan: |\n  第一行\n  第二行\nsummary: >\n  folded\n  text\n",
            "text: a plain scalar\n  over two lines\nnext: x # comment\n",
            "ledger:\n  - date: 2022-05-10\n    text: 开工\n    attachments: [photos/a.jpg]\n  - {date: 2022-06-01, text: b}\n",
            "- a\n- - b\n  - c\n- {x: [1, {k: z}]}\n",
            "just text",
            "'quoted root'",
            "title: \"西洞镇: 农房改造\"\nx: 'it''s'\nkey:    spaced value   \n",
        ];
        for source in taken {
            let built = fast(source).unwrap_or_else(|| panic!("declined: {source}"));
            assert_eq!(Ok(built), parse_with_serde(source), "{source}");
        }
        let declined = [
            "e: 007",
            "f: 1e3",
            "g: 0x1F",
            "h: .inf",
            "i: 1_000",
            "a: 2022-5-1",
            "c: 12:30",
            "e: 0937-0000000",
            "f: +1",
            "a: yes",
            "b: No",
            "c: ~",
            "d: null",
            "e: true",
            "f: on",
            "g:",
            "h: ''",
            "a: &x 1\nb: *x\n",
            "a: !!str 1",
            "<<: {a: 1}\nb: 2\n",
            "a: 1\na: 2\n",
            "? [complex]\n: key\n",
            "1: one",
            "--- a\n--- b\n",
            "a: [unclosed\n",
            "a: 1\n\tbad: tab\n",
        ];
        for source in declined {
            assert_eq!(fast(source), None, "{source}");
        }
        let mut files = Vec::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for dir in ["tests/fixtures", "content"] {
            collect_yaml(&root.join(dir), &mut files);
        }
        for source in &files {
            if let Some(built) = fast(source) {
                assert_eq!(Ok(built), parse_with_serde(source), "{source}");
            }
        }
    }

    fn collect_yaml(dir: &std::path::Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                collect_yaml(&path, out);
            } else if path.extension().is_some_and(|e| e == "yaml")
                && let Ok(text) = std::fs::read_to_string(&path)
            {
                out.push(text);
            }
        }
    }

    #[test]
    fn the_fast_road_takes_plain_ledgers_and_declines_doubtful_scalars() {
        let ledger = "id: 2022-xidong-01\ntargets:\n  - {name: 户, target: 1320, actual: 1046.5}\n";
        assert!(fast::parse(ledger, 24, 1000).is_some());
        for doubtful in [
            "a: yes",
            "a: ~",
            "a: 0x1F",
            "a: 1e3",
            "a: 007",
            "a: .inf",
            "a: &x 1",
            "a: !!str 1",
            "a: ''",
        ] {
            assert!(fast::parse(doubtful, 24, 1000).is_none(), "{doubtful}");
        }
        assert!(fast::parse("a: [[[1]]]", 3, 1000).is_none(), "depth");
        assert!(fast::parse("a: [1, 2, 3]", 24, 3).is_none(), "nodes");
    }

    #[test]
    fn yaml_1_1_booleans_stay_text() {
        let node = parse("a: yes\nb: on\nc: n\nd: true\n").unwrap();
        let NodeKind::Map(entries) = node.kind else {
            panic!("expected a map")
        };
        assert_eq!(entries[0].1.kind, NodeKind::Str("yes".into()));
        assert_eq!(entries[1].1.kind, NodeKind::Str("on".into()));
        assert_eq!(entries[2].1.kind, NodeKind::Str("n".into()));
        assert_eq!(entries[3].1.kind, NodeKind::Bool(true));
    }

    #[test]
    fn empty_and_comment_only_documents_are_null() {
        assert_eq!(parse("").unwrap().kind, NodeKind::Null);
        assert_eq!(parse("# nothing\n\n").unwrap().kind, NodeKind::Null);
    }
}
