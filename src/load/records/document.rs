//! Notices and free pages, `content/notices/*.md` and `content/pages/*.md` (SPEC §2.5): YAML
//! front matter between `---` lines, then Markdown.

use super::super::decode::{Fields, FileContext, as_string, check_id};
use super::super::files::split_front_matter;
use super::evaluation::period;
use super::syntax::parse_yaml;
use crate::diagnostics::{Diagnostics, Text};
use crate::model::*;
use crate::words;
use crate::yaml::{Node, NodeKind, Pos};

/// Notices and pages: front matter, then Markdown.
pub fn decode_document(
    path: &str,
    stem: &str,
    text: &str,
    is_notice: bool,
) -> (Option<Document>, Diagnostics) {
    let mut cx = FileContext::new(path);
    let what = if is_notice { "notice" } else { "page" };
    let Some(front) = split_front_matter(text) else {
        if text.starts_with("---") {
            cx.error_with_help(
                Pos { line: 1, col: 1 },
                words!("front_matter_unclosed", what = Text::key(what)),
                Text::key("front_matter_unclosed_help"),
            );
        } else {
            cx.error_with_help(
                Pos { line: 1, col: 1 },
                words!("front_matter_missing", what = Text::key(what)),
                Text::key("front_matter_missing_help"),
            );
        }
        return (None, cx.diagnostics);
    };
    // Pad so that YAML lines keep the numbers they have in the file.
    let padded = format!(
        "{}{}",
        "\n".repeat(front.yaml_line_offset as usize),
        front.yaml
    );
    let doc = parse_yaml(&mut cx, &padded).and_then(|node| {
        if matches!(node.kind, NodeKind::Null) {
            cx.error(
                Pos { line: 1, col: 1 },
                words!("front_matter_empty", what = Text::key(what)),
            );
            return None;
        }
        document(&mut cx, &node, stem, is_notice, front.body, front.body_line)
    });
    (doc, cx.diagnostics)
}

fn document(
    cx: &mut FileContext,
    node: &Node,
    stem: &str,
    is_notice: bool,
    body: &str,
    body_line: u32,
) -> Option<Document> {
    const KNOWN: &[&str] = &["title", "date", "tasks", "publicity", "draft"];
    let what = if is_notice { "notice" } else { "page" };
    let mut f = Fields::new(cx, node, what, KNOWN)?;
    let title = f.required_string(cx, "title");
    let date = if is_notice {
        f.required_date(cx, "date")
    } else {
        f.date(cx, "date")
    };
    let tasks = f
        .list(cx, "tasks")
        .iter()
        .filter_map(|n| as_string(cx, n, "tasks").map(|s| Located::new(s, n.pos)))
        .collect();
    let publicity = f.get("publicity").and_then(|n| period(cx, n));
    let draft = f.bool(cx, "draft").unwrap_or(false);
    f.finish(cx);
    let slug = Located::new(stem.to_string(), Pos { line: 1, col: 1 });
    let slug_name = if is_notice {
        "notice file name"
    } else {
        "page file name"
    };
    if !check_id(cx, &slug, slug_name, true) {
        return None;
    }
    if is_notice && date.is_none() {
        return None;
    }
    Some(Document {
        slug: slug.value,
        title: title?.value,
        date,
        tasks,
        publicity,
        draft,
        body: body.to_string(),
        body_line,
        origin: Origin {
            path: cx.path.to_string(),
            pos: Pos { line: 1, col: 1 },
        },
    })
}
