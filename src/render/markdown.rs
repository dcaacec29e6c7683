//! Markdown from editors to safe HTML.
//!
//! comrak, not pulldown-cmark: Chinese text puts emphasis markers next to full-width
//! punctuation (`这是**重要的内容。**后续文字。`), which the CommonMark flanking rule leaves
//! as literal asterisks. pulldown-cmark 0.13.6 (the newest release) still does; comrak's
//! `cjk_friendly_emphasis` implements the CommonMark CJK-friendly amendment. A test below
//! keeps checking pulldown-cmark, so the day it is fixed we know.
//!
//! The HTML is then sanitised with ammonia: editors' harmless tags stay, scripts, event
//! handlers and `javascript:` URLs never reach the page.

use std::borrow::Cow;
use std::collections::HashSet;

pub struct Markdown {
    options: comrak::Options<'static>,
    sanitizer: ammonia::Builder<'static>,
    /// Rendering is a pure function of the source (for one base path), and the same text
    /// is rendered for several pages and, in `serve`, again on every rebuild.
    memo: super::memo::Memo,
}

impl Markdown {
    /// `base_path` (`/` or `/sub/`) prefixes root-relative links so that they keep working
    /// when the site is hosted under a sub-path.
    pub fn new(base_path: &str) -> Self {
        let mut options = comrak::Options::default();
        options.extension.strikethrough = true;
        options.extension.table = true;
        options.extension.autolink = true;
        options.extension.tasklist = true;
        options.extension.footnotes = true;
        options.extension.cjk_friendly_emphasis = true;
        options.extension.header_id_prefix = Some(String::new());
        options.render.r#unsafe = true; // raw HTML is passed on to ammonia, which cleans it

        let mut sanitizer = ammonia::Builder::default();
        sanitizer
            .add_generic_attributes(["id"])
            .add_tag_attributes("section", ["class"])
            .add_tag_attributes("a", ["class"])
            .add_tag_attributes("li", ["class"])
            .add_tag_attributes("sup", ["class"])
            .add_tag_attributes("td", ["align", "style"])
            .add_tag_attributes("th", ["align", "style"])
            .add_tags(["section"])
            .filter_style_properties(HashSet::from(["text-align"]))
            .link_rel(Some("noopener noreferrer"));
        sanitizer.url_relative(ammonia::UrlRelative::Custom(Box::new(BasePath(
            base_path.to_string(),
        ))));
        Markdown {
            options,
            sanitizer,
            memo: super::memo::Memo::default(),
        }
    }

    /// Renders Markdown to sanitised HTML.
    pub fn render(&self, source: &str) -> String {
        self.memo.get_or_make(&["html", source], || {
            let html = comrak::markdown_to_html(source, &self.options);
            let html = strip_heading_anchors(&html);
            let html = replace_task_checkboxes(&html);
            let html = join_cjk_lines(&html);
            self.sanitizer.clean(&html).to_string()
        })
    }

    /// Plain text of the Markdown (for feeds, search excerpts and `<meta>` descriptions).
    pub fn plain_text(&self, source: &str) -> String {
        self.memo
            .get_or_make(&["text", source], || html_to_text(&self.render(source)))
    }

    /// Forgets renderings not used since the last call (`serve` calls it once per rebuild).
    pub fn next_generation(&self) {
        self.memo.next_generation();
    }
}

/// Root-relative links get the base path; fragment and relative links stay as written.
struct BasePath(String);

impl<'a> ammonia::UrlRelativeEvaluate<'a> for BasePath {
    fn evaluate<'u>(&self, url: &'u str) -> Option<Cow<'u, str>> {
        if let Some(rest) = url.strip_prefix('/')
            && !url.starts_with("//")
        {
            return Some(Cow::Owned(format!("{}{rest}", self.0)));
        }
        Some(Cow::Borrowed(url))
    }
}

/// comrak appends `<a … class="anchor"></a>` to headings; an empty link with an English
/// label helps no reader of a Chinese page, so only the `id` on the heading is kept.
fn strip_heading_anchors(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<a href=\"#") {
        let candidate = &rest[start..];
        let end = candidate.find("</a>").map(|e| e + 4);
        match end {
            Some(end) if candidate[..end].contains("class=\"anchor\"") => {
                out.push_str(&rest[..start]);
                rest = &candidate[end..];
            }
            _ => {
                out.push_str(&rest[..start + 1]);
                rest = &rest[start + 1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Task-list checkboxes become ☑/☐: a disabled, unlabelled form control is noise to
/// screen readers, a symbol is not.
fn replace_task_checkboxes(html: &str) -> String {
    html.replace(
        "<input type=\"checkbox\" checked=\"\" disabled=\"\" /> ",
        "☑ ",
    )
    .replace("<input type=\"checkbox\" disabled=\"\" /> ", "☐ ")
}

/// A line break inside a Chinese paragraph is not a space: browsers would show "杂乱、 上下水"
/// for text an editor wrapped in the file. Line breaks between two CJK characters are joined.
fn join_cjk_lines(html: &str) -> String {
    let chars: Vec<char> = html.chars().collect();
    let mut out = String::with_capacity(html.len());
    for (i, c) in chars.iter().enumerate() {
        if *c == '\n'
            && i > 0
            && is_cjk(chars[i - 1])
            && chars.get(i + 1).is_some_and(|n| is_cjk(*n))
        {
            continue;
        }
        out.push(*c);
    }
    out
}

/// Text content of sanitised HTML: tags dropped, entities decoded, whitespace folded.
pub fn html_to_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => {
                in_tag = true;
                text.push(' ');
            }
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    let text = text
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    let mut folded = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        let joins_cjk =
            folded.chars().last().is_some_and(is_cjk) && word.chars().next().is_some_and(is_cjk);
        if !folded.is_empty() && !joins_cjk {
            folded.push(' ');
        }
        folded.push_str(word);
    }
    folded
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{FF00}'..='\u{FFEF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn md(source: &str) -> String {
        Markdown::new("/sub/").render(source)
    }

    #[test]
    fn chinese_emphasis_next_to_full_width_punctuation_is_strong() {
        let html = md("这是**重要的内容。**后续文字。");
        assert!(html.contains("<strong>重要的内容。</strong>"), "{html}");
    }

    #[test]
    fn pulldown_cmark_still_leaves_chinese_emphasis_literal() {
        // When this fails, pulldown-cmark handles CJK emphasis and could replace comrak.
        let parser = pulldown_cmark::Parser::new("这是**重要的内容。**后续文字。");
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, parser);
        assert!(html.contains("**"), "{html}");
    }

    #[test]
    fn tables_footnotes_strikethrough_and_task_lists() {
        let html = md(
            "| 项目 | 户数 |\n|---|---:|\n| 农房 | 6475 |\n\n~~旧~~ 新[^1]\n\n[^1]: 注释\n\n- [x] 选址\n- [ ] 验收\n",
        );
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<del>旧</del>"), "{html}");
        assert!(html.contains("footnote"), "{html}");
        assert!(html.contains("☑ 选址") && html.contains("☐ 验收"), "{html}");
    }

    #[test]
    fn chinese_heading_ids_are_stable_and_anchor_links_dropped() {
        let html = md("## 工作目标\n\n## 工作目标\n");
        assert!(html.contains("<h2 id=\"工作目标\">工作目标</h2>"), "{html}");
        assert!(html.contains("<h2 id=\"工作目标-1\">"), "{html}");
        assert!(!html.contains("class=\"anchor\""), "{html}");
    }

    #[test]
    fn scripts_handlers_and_javascript_urls_are_removed() {
        let html = md(
            "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[点我](javascript:alert(1)) <a href=\"JaVaScRiPt:alert(1)\">x</a>\n\n<b onclick=\"x()\">粗</b>",
        );
        let lower = html.to_lowercase();
        assert!(!lower.contains("<script"), "{html}");
        assert!(
            !lower.contains("onerror") && !lower.contains("onclick"),
            "{html}"
        );
        assert!(!lower.contains("javascript:"), "{html}");
        assert!(html.contains("<b>粗</b>"), "{html}");
    }

    #[test]
    fn links_keep_working_under_a_sub_path() {
        let html =
            md("[附件](/photos/a.jpg) [外链](https://example.org/x) [相对](photos/b.jpg) [锚](#x)");
        assert!(html.contains("href=\"/sub/photos/a.jpg\""), "{html}");
        assert!(html.contains("href=\"https://example.org/x\""), "{html}");
        assert!(html.contains("href=\"photos/b.jpg\""), "{html}");
        assert!(html.contains("href=\"#x\""), "{html}");
    }

    #[test]
    fn a_line_break_inside_chinese_text_is_not_a_space() {
        let html = md("院落杂乱、\n上下水不通\nand English\nwords");
        assert!(
            html.contains("院落杂乱、上下水不通\nand English\nwords"),
            "{html}"
        );
    }

    #[test]
    fn plain_text_joins_chinese_without_spaces() {
        let text = Markdown::new("/").plain_text("**农房**改造\n\n- 116 个示范点");
        assert_eq!(text, "农房改造 116 个示范点");
    }
}
