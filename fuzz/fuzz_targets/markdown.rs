//! The Markdown renderer and sanitiser that every notice, page and task body goes through.
//! No input may panic or hang; the first byte picks the base path links are rewritten
//! against, as a site hosted at `/` or under a sub-path would.

#![no_main]

use gongshi::render::{Markdown, excerpt, html_to_text};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let Some((&first, rest)) = bytes.split_first() else {
        return;
    };
    let base = if first & 1 == 0 { "/" } else { "/sub/" };
    let source = String::from_utf8_lossy(rest);
    let markdown = Markdown::new(base);
    let html = markdown.render(&source);
    let text = markdown.plain_text(&source);
    assert_eq!(text, html_to_text(&html));
    let _ = excerpt(&text, usize::from(first));
});
