//! Edits an editor's YAML file as text, so that everything import does not touch (comments,
//! blank lines, quoting, key order) stays byte for byte: items are appended after the last
//! line of a top-level list, and a replaced or added field is one top-level block. The
//! caller re-reads the result to make sure it says what was meant.

use crate::yaml::{NodeKind, parse};

/// A top-level key of a document: its name, the 0-based line of the key, and the value.
struct TopKey {
    name: String,
    line: usize,
    value: crate::yaml::Node,
}

fn top_keys(text: &str) -> Result<Vec<TopKey>, String> {
    let source = text.strip_prefix('\u{feff}').unwrap_or(text);
    let node =
        parse(source).map_err(|e| format!("the file cannot be read as YAML: {}", e.message))?;
    let NodeKind::Map(entries) = node.kind else {
        return Err("the file is not a list of `key: value` fields".to_string());
    };
    Ok(entries
        .into_iter()
        .filter_map(|(key, value)| match key.kind {
            NodeKind::Str(name) => Some(TopKey {
                name,
                line: key.pos.line.saturating_sub(1) as usize,
                value,
            }),
            _ => None,
        })
        .collect())
}

/// The file's lines, each with its line ending.
fn lines(text: &str) -> Vec<&str> {
    text.split_inclusive('\n').collect()
}

fn newline(text: &str) -> &'static str {
    if text.contains("\r\n") { "\r\n" } else { "\n" }
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Whether a line belongs to the block above it: not blank, and not a comment at the left
/// margin (such a comment introduces what follows).
fn is_content(line: &str) -> bool {
    let trimmed = line.trim();
    !trimmed.is_empty() && (indent(line) > 0 || !trimmed.starts_with('#'))
}

/// The lines `[start, end)` of the top-level key at `index`: from its key line to its last
/// content line before the next key.
fn block(keys: &[TopKey], index: usize, lines: &[&str]) -> (usize, usize) {
    let start = keys[index].line;
    let limit = keys
        .get(index + 1)
        .map_or(lines.len(), |k| k.line)
        .min(lines.len());
    let end = (start..limit)
        .rev()
        .find(|&i| i == start || is_content(lines[i]))
        .map_or(start + 1, |i| i + 1);
    (start, end)
}

/// `text` with `insert` placed before line `at` (or at the end), with a line break before
/// it when the file does not end with one.
fn insert_at(text: &str, lines: &[&str], at: usize, insert: &str) -> String {
    let offset: usize = lines[..at.min(lines.len())].iter().map(|l| l.len()).sum();
    let mut out = String::with_capacity(text.len() + insert.len() + 2);
    out.push_str(&text[..offset]);
    if !out.is_empty() && !out.ends_with('\n') {
        out.push_str(newline(text));
    }
    out.push_str(insert);
    out.push_str(&text[offset..]);
    out
}

fn with_newlines(block: &str, nl: &str) -> String {
    if nl == "\n" {
        block.to_string()
    } else {
        block.replace('\n', nl)
    }
}

/// Appends items to the top-level list `key` (created at the end of the file if absent).
/// `item` renders one item with its dash at the given indentation, ending with `\n`.
pub fn append_items(
    text: &str,
    key: &str,
    count: usize,
    item: impl Fn(usize, usize) -> String,
) -> Result<String, String> {
    let keys = top_keys(text)?;
    let all = lines(text);
    let nl = newline(text);
    let render = |dash: usize| -> String {
        (0..count)
            .map(|i| with_newlines(&item(i, dash), nl))
            .collect()
    };
    let Some(index) = keys.iter().position(|k| k.name == key) else {
        return Ok(insert_at(
            text,
            &all,
            all.len(),
            &format!("{key}:{nl}{}", render(2)),
        ));
    };
    let (start, end) = block(&keys, index, &all);
    match &keys[index].value.kind {
        NodeKind::Seq(items) if !items.is_empty() => {
            let first = items[0].pos.line.saturating_sub(1) as usize;
            let dash_line = all.get(first).copied().unwrap_or("");
            if first == start || !dash_line.trim_start().starts_with('-') {
                return Err(format!(
                    "`{key}` is written as a [ ] list on one line: write it as one `- ` item a line (see docs/content-format.md) so that import can add to it"
                ));
            }
            Ok(insert_at(text, &all, end, &render(indent(dash_line))))
        }
        NodeKind::Seq(_) | NodeKind::Null if end == start + 1 => {
            // `key: []` or `key:` alone: the key line becomes the head of a block list.
            let mut out = String::new();
            let offset: usize = all[..start].iter().map(|l| l.len()).sum();
            out.push_str(&text[..offset]);
            out.push_str(&format!("{key}:{nl}{}", render(2)));
            let after: usize = offset + all[start].len();
            out.push_str(&text[after..]);
            Ok(out)
        }
        _ => Err(format!(
            "`{key}` is not a list of `- ` items: correct it by hand, then import again"
        )),
    }
}

/// Sets a top-level field: its whole block is replaced by `block` (`key: value` lines ending
/// with `\n`), or `block` is added at the end of the file when the key is absent.
pub fn set_field(text: &str, key: &str, block_text: &str) -> Result<String, String> {
    let keys = top_keys(text)?;
    let all = lines(text);
    let block_text = with_newlines(block_text, newline(text));
    let Some(index) = keys.iter().position(|k| k.name == key) else {
        return Ok(insert_at(text, &all, all.len(), &block_text));
    };
    let (start, end) = block(&keys, index, &all);
    let from: usize = all[..start].iter().map(|l| l.len()).sum();
    let to: usize = all[..end].iter().map(|l| l.len()).sum();
    let mut out = String::with_capacity(text.len() + block_text.len());
    out.push_str(&text[..from]);
    out.push_str(&block_text);
    out.push_str(&text[to..]);
    Ok(out)
}

/// Replaces item `index` of the top-level list `key` with `item` rendered at the list's
/// dash indentation.
pub fn replace_item(
    text: &str,
    key: &str,
    index: usize,
    item: impl Fn(usize) -> String,
) -> Result<String, String> {
    let keys = top_keys(text)?;
    let all = lines(text);
    let position = keys.iter().position(|k| k.name == key);
    let (Some(k), NodeKind::Seq(items)) = (
        position,
        position
            .map(|k| &keys[k].value.kind)
            .unwrap_or(&NodeKind::Null),
    ) else {
        return Err(format!("there is no list `{key}` in the file"));
    };
    let (_, end) = block(&keys, k, &all);
    let line_of = |i: usize| items[i].pos.line.saturating_sub(1) as usize;
    let start = line_of(index);
    let stop = if index + 1 < items.len() {
        line_of(index + 1)
    } else {
        end
    };
    let dash_line = all.get(start).copied().unwrap_or("");
    if stop <= start || !dash_line.trim_start().starts_with('-') {
        return Err(format!(
            "`{key}` is not written one `- ` item a line: correct it by hand, then import again"
        ));
    }
    let from: usize = all[..start].iter().map(|l| l.len()).sum();
    let to: usize = all[..stop].iter().map(|l| l.len()).sum();
    Ok(format!(
        "{}{}{}",
        &text[..from],
        with_newlines(&item(indent(dash_line)), newline(text)),
        &text[to..]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(i: usize, dash: usize) -> String {
        let pad = " ".repeat(dash);
        format!("{pad}- date: 2022-06-0{}\n{pad}  text: 新{i}\n", i + 1)
    }

    #[test]
    fn items_go_after_the_last_item_keeping_comments_and_what_follows() {
        let text = "# 台账\nid: a # 编号\nledger:\n  # 第一条\n  - date: 2022-05-10\n    text: |\n      开工\n\n      # 标题\n\n# 以下为附录\nplan: x\n";
        let out = append_items(text, "ledger", 2, entry).unwrap();
        assert_eq!(
            out,
            "# 台账\nid: a # 编号\nledger:\n  # 第一条\n  - date: 2022-05-10\n    text: |\n      开工\n\n      # 标题\n  - date: 2022-06-01\n    text: 新0\n  - date: 2022-06-02\n    text: 新1\n\n# 以下为附录\nplan: x\n"
        );
    }

    #[test]
    fn a_list_at_the_margin_and_crlf_line_endings_are_kept() {
        let text = "ledger:\r\n- date: 2022-05-10\r\n  text: a\r\n";
        let out = append_items(text, "ledger", 1, entry).unwrap();
        assert_eq!(
            out,
            "ledger:\r\n- date: 2022-05-10\r\n  text: a\r\n- date: 2022-06-01\r\n  text: 新0\r\n"
        );
    }

    #[test]
    fn a_missing_or_empty_list_is_started() {
        assert_eq!(
            append_items("id: a", "ledger", 1, entry).unwrap(),
            "id: a\nledger:\n  - date: 2022-06-01\n    text: 新0\n"
        );
        assert_eq!(
            append_items("ledger: []\nid: a\n", "ledger", 1, entry).unwrap(),
            "ledger:\n  - date: 2022-06-01\n    text: 新0\nid: a\n"
        );
        assert!(append_items("ledger: [{date: 2022-05-10}]\n", "ledger", 1, entry).is_err());
    }

    #[test]
    fn a_field_is_replaced_as_one_block_or_added() {
        let text = "id: a\nstatus: in_progress   # 状态\nplan: |\n  一\n  二\n# 注\nledger: []\n";
        assert_eq!(
            set_field(text, "status", "status: completed\n").unwrap(),
            "id: a\nstatus: completed\nplan: |\n  一\n  二\n# 注\nledger: []\n"
        );
        assert_eq!(
            set_field(text, "plan", "plan: 三\n").unwrap(),
            "id: a\nstatus: in_progress   # 状态\nplan: 三\n# 注\nledger: []\n"
        );
        assert!(
            set_field(text, "category", "category: 农房\n")
                .unwrap()
                .ends_with("ledger: []\ncategory: 农房\n")
        );
    }

    #[test]
    fn an_item_is_replaced_in_place() {
        let text = "results:\n  - task: a\n    grade: good\n  - task: b\n    grade: fair\n";
        let out = replace_item(text, "results", 0, |d| {
            format!(
                "{}- task: a\n{}  grade: excellent\n",
                " ".repeat(d),
                " ".repeat(d)
            )
        })
        .unwrap();
        assert_eq!(
            out,
            "results:\n  - task: a\n    grade: excellent\n  - task: b\n    grade: fair\n"
        );
    }
}
