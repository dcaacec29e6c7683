//! A fast path for the plain YAML that editors write: parser events straight into a
//! [`Node`] tree, skipping serde. It handles only documents whose meaning is beyond doubt
//! (no anchors, aliases, tags or merge keys; scalars that are clearly text, a whole number,
//! a decimal or a date) and gives up on anything else, which then goes through
//! serde-saphyr, the authority on YAML's finer points, its budgets and its error messages.
//! Editors' ledgers are almost always plain, and this halves the time `check` spends on a
//! large site.

use super::{Node, NodeKind, Pos};
use serde_saphyr::granit_parser::{Event, Marker, Options, Parser, ScalarStyle};

/// Builds the tree, or `None` when the document needs serde-saphyr's full treatment.
pub fn parse(source: &str, max_depth: usize, max_nodes: usize) -> Option<Node> {
    // Open collections: the node being built and, for mappings, a pending key.
    let mut stack: Vec<(Node, Option<Node>)> = Vec::new();
    let mut root: Option<Node> = None;
    let mut nodes = 0usize;
    let mut documents = 0usize;
    let mut options = Options::default();
    options.set_emit_comments(false);
    for item in Parser::new_from_str_with_options(source, options) {
        let (event, span) = item.ok()?;
        let pos = pos_of(&span.start);
        let finished = match event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd => continue,
            Event::DocumentStart(..) => {
                documents += 1;
                if documents > 1 {
                    return None;
                }
                continue;
            }
            Event::Scalar(value, style, anchor, tag) => {
                if anchor != 0 || tag.is_some() {
                    return None;
                }
                nodes += 1;
                Node {
                    pos,
                    kind: scalar(&value, style)?,
                }
            }
            Event::SequenceStart(_, anchor, ref tag) | Event::MappingStart(_, anchor, ref tag) => {
                if anchor != 0 || tag.is_some() || stack.len() >= max_depth {
                    return None;
                }
                nodes += 1;
                let kind = if matches!(event, Event::SequenceStart(..)) {
                    NodeKind::Seq(Vec::new())
                } else {
                    NodeKind::Map(Vec::new())
                };
                stack.push((Node { pos, kind }, None));
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (node, pending_key) = stack.pop()?;
                if pending_key.is_some() {
                    return None;
                }
                node
            }
            _ => return None,
        };
        if nodes > max_nodes {
            return None;
        }
        match stack.last_mut() {
            None => {
                if root.is_some() {
                    return None;
                }
                root = Some(finished);
            }
            Some((
                Node {
                    kind: NodeKind::Seq(items),
                    ..
                },
                _,
            )) => items.push(finished),
            Some((
                Node {
                    kind: NodeKind::Map(entries),
                    ..
                },
                pending,
            )) => match pending.take() {
                None => {
                    // A key: text only, not `<<`, not seen before in this mapping.
                    let NodeKind::Str(key) = &finished.kind else {
                        return None;
                    };
                    if key == "<<"
                        || entries
                            .iter()
                            .any(|(k, _)| matches!(&k.kind, NodeKind::Str(s) if s == key))
                    {
                        return None;
                    }
                    *pending = Some(finished);
                }
                Some(key) => entries.push((key, finished)),
            },
            Some(_) => return None,
        }
    }
    if !stack.is_empty() {
        return None;
    }
    root
}

fn pos_of(marker: &Marker) -> Pos {
    Pos {
        line: u32::try_from(marker.line()).unwrap_or(u32::MAX).max(1),
        col: u32::try_from(marker.col() + 1).unwrap_or(u32::MAX),
    }
}

/// The value of a scalar when it is beyond doubt; `None` for spellings whose reading
/// depends on YAML 1.1/1.2 rules (`yes`, `~`, `0x1F`, `1e3`, `.inf`, `007` …).
fn scalar(value: &str, style: ScalarStyle) -> Option<NodeKind> {
    if value.is_empty() {
        return None;
    }
    if style != ScalarStyle::Plain {
        return Some(NodeKind::Str(value.to_string()));
    }
    let first = value.as_bytes()[0];
    if matches!(first, b'0'..=b'9' | b'+' | b'-' | b'.') {
        return number_or_date(value);
    }
    if is_keyword(value) {
        return None;
    }
    Some(NodeKind::Str(value.to_string()))
}

fn number_or_date(value: &str) -> Option<NodeKind> {
    let bytes = value.as_bytes();
    let digits = |b: &[u8]| !b.is_empty() && b.iter().all(u8::is_ascii_digit);
    let (negative, unsigned) = match bytes.first() {
        Some(b'-') => (true, &bytes[1..]),
        _ => (false, bytes),
    };
    let no_leading_zero = |b: &[u8]| b.len() == 1 || b[0] != b'0';
    if digits(unsigned) && no_leading_zero(unsigned) && unsigned.len() <= 18 {
        let magnitude: i64 = std::str::from_utf8(unsigned).ok()?.parse().ok()?;
        return Some(NodeKind::Int(if negative { -magnitude } else { magnitude }));
    }
    if let Some(dot) = unsigned.iter().position(|&b| b == b'.') {
        let (whole, fraction) = (&unsigned[..dot], &unsigned[dot + 1..]);
        if digits(whole) && no_leading_zero(whole) && digits(fraction) && unsigned.len() <= 18 {
            return Some(NodeKind::Float(value.parse().ok()?));
        }
    }
    if has_date_shape(value) {
        return Some(NodeKind::Str(value.to_string()));
    }
    // Anything else that could still be read as a number (`0x1F`, `1e3`, `1_000`, `.inf`,
    // `1:30`) goes to serde-saphyr; a character no number has makes it text (`2022-xidong-01`).
    let numeric_char = |c: char| c.is_ascii_hexdigit() || "xXoO+-._:eEiInNfFaA".contains(c);
    (!value.chars().all(numeric_char)).then(|| NodeKind::Str(value.to_string()))
}

/// Plain words that YAML (1.1 or 1.2) may read as a boolean or null.
/// `YYYY-MM-DD` digits and dashes (whether the day exists is for the loader to say).
pub fn has_date_shape(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit())
}

fn is_keyword(value: &str) -> bool {
    value.len() <= 5
        && matches!(
            value.to_ascii_lowercase().as_str(),
            "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null" | "~"
        )
}
