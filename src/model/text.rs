//! Short forms of editors' texts, as the pages and the publication history show them.

/// The first `max` characters of `text`, with `…` when it was cut.
pub fn excerpt(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(max).collect();
    cut.push('…');
    cut
}
