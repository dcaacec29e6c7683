//! What `serve` adds to every HTML page it sends: the live-reload script and, while the
//! content has errors, a panel with the same diagnostics the terminal shows (file, line, the
//! source line with a caret, the remedy). The panel is styled inline, so no theme can hide
//! it, and is a `role="alert"` region that reads at 360 px: messages and remedies wrap, while
//! the quoted source lines scroll sideways instead, so the caret stays under the right
//! character.

use crate::render::escape_html as escape;

/// The panel for a diagnostics report (plain text, as printed in the terminal).
pub fn error_panel(report: &str) -> String {
    let errors = report
        .lines()
        .filter(|l| l.contains(": error: ") || l.contains(": 错误: "))
        .count()
        .max(1);
    format!(
        r#"<div id="gongshi-errors" role="alert" aria-labelledby="gongshi-errors-title" lang="zh-CN" style="position:fixed;z-index:2147483647;left:0;right:0;top:0;max-height:70vh;overflow:auto;box-sizing:border-box;margin:0;padding:12px 14px;background:#fff5f5;color:#1a1a1a;border-bottom:4px solid #b00020;box-shadow:0 4px 16px rgba(0,0,0,.35);font:15px/1.5 system-ui,-apple-system,'PingFang SC','Microsoft YaHei',sans-serif">
<details open style="margin:0">
<summary id="gongshi-errors-title" style="cursor:pointer;font-weight:700;color:#b00020;font-size:16px">内容有 {errors} 处错误：页面仍是上一次成功生成的版本。改正后会自动刷新。<span lang="en" style="display:block;font-weight:400;font-size:14px;color:#444">The content has errors; this is the last good build. It reloads by itself once they are fixed.</span></summary>
<div style="margin:10px 0 0;padding:10px;background:#fff;border:1px solid #e3b5b5;font:14px/1.45 ui-monospace,'SFMono-Regular',Menlo,Consolas,'Noto Sans Mono CJK SC',monospace;color:#1a1a1a">{}</div>
</details>
</div>"#,
        report_html(report)
    )
}

/// The report as HTML: runs of quoted source lines (`3 | org: xidon`, the caret line) in a
/// `<pre>` that scrolls sideways; every other line (the `path:line:col: error:` heading, the
/// help, the summary) wraps.
fn report_html(report: &str) -> String {
    const WRAPPED: &str = "margin:0;white-space:pre-wrap;overflow-wrap:anywhere";
    const SOURCE: &str = "margin:0;white-space:pre;overflow-x:auto";
    let mut html = String::new();
    let mut source = String::new();
    let flush = |source: &mut String, html: &mut String| {
        if !source.is_empty() {
            html.push_str(&format!(
                "<pre style=\"{SOURCE}\">{}</pre>",
                marked_source(source.trim_end_matches('\n'))
            ));
            source.clear();
        }
    };
    for line in report.trim_end().lines() {
        if is_source_line(line) {
            source.push_str(line);
            source.push('\n');
        } else {
            flush(&mut source, &mut html);
            let text = if line.is_empty() { " " } else { line };
            html.push_str(&format!("<p style=\"{WRAPPED}\">{}</p>", escape(text)));
        }
    }
    flush(&mut source, &mut html);
    html
}

/// Quoted source lines, escaped, with the text above each caret line in a `<mark>`: a
/// full-width colon looks like the English one until it is highlighted.
fn marked_source(block: &str) -> String {
    let lines: Vec<&str> = block.lines().collect();
    let mut out = Vec::with_capacity(lines.len());
    for (i, line) in lines.iter().enumerate() {
        let carets = lines.get(i + 1).and_then(|next| caret_span(next));
        match (carets, line.find(" | ")) {
            (Some((start, end)), Some(bar)) if !line.trim_start().starts_with('|') => {
                out.push(mark_columns(line, bar + 3, start, end));
            }
            _ => out.push(escape(line)),
        }
    }
    out.join("\n")
}

/// The display columns `^` covers in a caret line (`  |      ^^^^^`), counted from the
/// text after `| `.
fn caret_span(line: &str) -> Option<(usize, usize)> {
    let text = line.trim_start().strip_prefix("| ")?;
    let start = text.find('^')?;
    let len = text[start..].chars().take_while(|&c| c == '^').count();
    text[..start]
        .chars()
        .all(|c| c == ' ')
        .then_some((start, start + len))
}

/// `line` escaped, with the characters from display column `start` to `end` (counted from
/// byte `from`) in a `<mark>`.
fn mark_columns(line: &str, from: usize, start: usize, end: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    let (head, text) = line.split_at(from.min(line.len()));
    let (mut before, mut marked, mut after) = (String::new(), String::new(), String::new());
    let mut column = 0;
    for c in text.chars() {
        let part = if column < start {
            &mut before
        } else if column < end {
            &mut marked
        } else {
            &mut after
        };
        part.push(c);
        column += c.width().unwrap_or(0);
    }
    if marked.is_empty() {
        return escape(line);
    }
    format!(
        "{}{}<mark>{}</mark>{}",
        escape(head),
        escape(&before),
        escape(&marked),
        escape(&after)
    )
}

/// `  |`, `3 | org: xidon`, `  |      ^^^^^`: the lines whose columns must line up.
fn is_source_line(line: &str) -> bool {
    let rest = line.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ');
    rest.starts_with('|') && line.len() > rest.len()
}

/// Puts `snippet` before the last `</body>` (any case), or at the end of the page.
pub fn inject(html: &str, snippet: &str) -> String {
    let mut out = String::with_capacity(html.len() + snippet.len());
    match rfind_ascii_case_insensitive(html, "</body>") {
        Some(at) => {
            out.push_str(&html[..at]);
            out.push_str(snippet);
            out.push_str(&html[at..]);
        }
        None => {
            out.push_str(html);
            out.push_str(snippet);
        }
    }
    out
}

fn rfind_ascii_case_insensitive(haystack: &str, needle: &str) -> Option<usize> {
    let hay = haystack.as_bytes();
    let needle = needle.as_bytes();
    (0..=hay.len().checked_sub(needle.len())?)
        .rev()
        .find(|&i| hay[i..i + needle.len()].eq_ignore_ascii_case(needle))
}

/// The page `serve` sends when there is no page to send: nothing built yet (the content had
/// errors from the start), or a path that was never built and no `404.html`.
pub fn placeholder_page(title: &str, text: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title></head>\n<body style=\"font:16px/1.6 system-ui,sans-serif;margin:0;padding:40vh 16px 16px\"><h1 style=\"font-size:20px\">{}</h1><p>{}</p></body></html>\n",
        escape(title),
        escape(title),
        escape(text)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_snippet_goes_before_the_last_body_end_tag() {
        assert_eq!(
            inject("<p>a</p></BODY></html>", "S"),
            "<p>a</p>S</BODY></html>"
        );
        assert_eq!(
            inject("<pre></body></pre><p></p></body>", "S"),
            "<pre></body></pre><p></p>S</body>"
        );
        assert_eq!(inject("no body", "S"), "no bodyS");
        assert_eq!(inject("", "S"), "S");
    }

    #[test]
    fn the_panel_escapes_the_report() {
        let panel = error_panel(
            "content/tasks/a.yaml:3:6: error: unknown org `<script>`\n3 | org: <script>\n",
        );
        assert!(panel.contains("content/tasks/a.yaml:3:6: error: unknown org `&lt;script&gt;`"));
        assert!(!panel.contains("<script>"));
        assert!(panel.contains("white-space:pre;overflow-x:auto\">3 | org: &lt;script&gt;</pre>"));
        assert!(panel.contains("role=\"alert\""));
        assert!(panel.contains("内容有 1 处错误"));
    }

    #[test]
    fn the_character_under_the_caret_is_marked() {
        let panel = error_panel(
            "content/tasks/a.yaml:5:9: 错误: 字段名后面用了中文冒号“：”\n  |\n5 | category：\"农房<改造>\"\n  |         ^\n",
        );
        assert!(
            panel.contains("5 | category<mark>：</mark>&quot;农房&lt;改造&gt;&quot;"),
            "{panel}"
        );
        assert!(panel.contains("内容有 1 处错误"));
    }
}
