//! Making content inert for the search index: the five characters that make markup become
//! their full-width look-alikes, in plain text and in the text and attribute values of
//! sanitised HTML (see the `search` module comment for why).

/// The full-width look-alike of a character that makes markup (`<` → `＜`, `&` → `＆`…).
fn look_alike(c: char) -> char {
    match c {
        '<' => '＜',
        '>' => '＞',
        '&' => '＆',
        '"' => '＂',
        '\'' => '＇',
        c => c,
    }
}

/// Plain text from content, inert however a search UI shows it (as text or as HTML, before
/// or after decoding entities): `<`, `>`, `&`, `"` and `'` become their full-width
/// look-alikes, so the text holds nothing to escape and nothing to decode.
pub(super) fn inert(text: &str) -> String {
    text.chars().map(look_alike).collect()
}

/// The entities a sanitised HTML text or attribute value may hold (ammonia writes `&amp;`,
/// `&lt;`, `&gt;`, `&nbsp;` in text and `&quot;` in values; the rest are here in case it
/// ever writes them), and the character each stands for.
const ENTITIES: [(&str, char); 8] = [
    ("&amp;", '&'),
    ("&lt;", '<'),
    ("&gt;", '>'),
    ("&quot;", '"'),
    ("&#39;", '\''),
    ("&#x27;", '\''),
    ("&apos;", '\''),
    ("&nbsp;", '\u{a0}'),
];

/// Text or an attribute value of sanitised HTML, inert: its entities decoded, then the
/// markup characters replaced as by [`inert`]. Any other `&` is taken as an ampersand, so
/// no `&` is left for Pagefind to decode.
fn inert_html_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&inert(&rest[..at]));
        let from = &rest[at..];
        let (c, len) = ENTITIES
            .iter()
            .find(|(entity, _)| from.starts_with(entity))
            .map_or(('&', 1), |(entity, c)| (*c, entity.len()));
        out.push(look_alike(c));
        rest = &from[len..];
    }
    out.push_str(&inert(rest));
    out
}

/// Sanitised HTML (the site's rendered Markdown) with its structure kept (headings keep their
/// ids, so they still become sub-results) and its text and attribute values made inert.
pub(super) fn inert_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&inert_html_text(&rest[..start]));
        let tag = &rest[start..];
        // The tag ends at the first `>` outside a quoted attribute value.
        let mut quote = None;
        let mut end = None;
        for (i, c) in tag.char_indices().skip(1) {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), _) if c == q => quote = None,
                (None, '>') => {
                    end = Some(i + 1);
                    break;
                }
                _ => {}
            }
        }
        let Some(end) = end else {
            // Not a tag after all (sanitised HTML has none such): text.
            out.push_str(&inert_html_text(tag));
            return out;
        };
        let mut value_start = None;
        for (i, c) in tag[..end].char_indices() {
            match value_start {
                None if c == '"' || c == '\'' => {
                    out.push('"');
                    value_start = Some((i + 1, c));
                }
                None => out.push(c),
                Some((from, q)) if c == q => {
                    out.push_str(&inert_html_text(&tag[from..i]));
                    out.push('"');
                    value_start = None;
                }
                Some(_) => {}
            }
        }
        rest = &tag[end..];
    }
    out.push_str(&inert_html_text(rest));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inert_html_keeps_tags_and_makes_text_and_values_inert() {
        assert_eq!(
            inert_html("<p title=\"a&quot;b>c\">x &lt;y&gt; &amp;lt; \"q\" 'r' &nbsp;</p>"),
            "<p title=\"a＂b＞c\">x ＜y＞ ＆lt; ＂q＂ ＇r＇ \u{a0}</p>"
        );
        assert_eq!(inert_html("a < b"), "a ＜ b");
        assert_eq!(inert("<b>\"A&B\"</b>'"), "＜b＞＂A＆B＂＜/b＞＇");
    }
}
