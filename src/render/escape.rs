//! Escaping for text that gongshi writes into HTML, SVG and XML itself (outside Tera, which
//! escapes on its own): text nodes and double- or single-quoted attributes alike.

pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_and_quotes_are_escaped() {
        assert_eq!(
            super::escape_html(r#"<a href="x">'农房' & co</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;农房&#39; &amp; co&lt;/a&gt;"
        );
    }
}
