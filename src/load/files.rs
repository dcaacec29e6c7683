//! Reading editors' files safely: size limits, byte-order marks, CRLF line endings, text
//! that is not UTF-8 (a GB18030 export from Excel or WPS is the usual culprit), and the
//! front matter of Markdown files.

use crate::diagnostics::{Diagnostic, Text};
use crate::words;
use crate::yaml::Pos;
use std::path::Path;

/// Larger files are refused before parsing: a ledger of 16 MiB is decades of entries,
/// and refusing early keeps `check` fast on a mistaken drop of a video or database dump.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Reads a text file as UTF-8 with `\n` line endings and no byte-order mark.
pub fn read_text(path: &Path, shown: &str) -> Result<String, Diagnostic> {
    let start = Pos { line: 1, col: 1 };
    let unreadable = |e: std::io::Error| {
        Diagnostic::error(
            shown,
            start,
            words!(
                "files_unreadable",
                reason = crate::diagnostics::io_reason(&e)
            ),
        )
        .with_help(Text::key("files_unreadable_help"))
    };
    let metadata = std::fs::metadata(path).map_err(unreadable)?;
    if metadata.is_dir() {
        return Err(
            Diagnostic::error(shown, start, Text::key("files_folder_not_file"))
                .with_help(Text::key("files_folder_not_file_help")),
        );
    }
    let size = metadata.len();
    if size > MAX_FILE_BYTES {
        return Err(Diagnostic::error(
            shown,
            start,
            words!(
                "files_too_large",
                size = format!("{:.1}", size as f64 / (1024.0 * 1024.0)),
                limit = (MAX_FILE_BYTES / (1024 * 1024)).to_string(),
            ),
        )
        .with_help(Text::key("files_too_large_help")));
    }
    let bytes = std::fs::read(path).map_err(unreadable)?;
    decode_text(&bytes, shown)
}

pub fn decode_text(bytes: &[u8], shown: &str) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(
            Diagnostic::error(shown, Pos { line: 1, col: 1 }, Text::key("files_utf16"))
                .with_help(Text::key("files_save_as_utf8")),
        );
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => {
            let text = if text.contains('\r') {
                text.replace("\r\n", "\n").replace('\r', "\n")
            } else {
                text.to_string()
            };
            if let Some(offset) = text.find('\0') {
                return Err(Diagnostic::error(
                    shown,
                    pos_of_offset(&text, offset),
                    Text::key("files_nul_byte"),
                )
                .with_help(Text::key("files_nul_byte_help")));
            }
            Ok(text)
        }
        Err(err) => {
            let valid = &bytes[..err.valid_up_to()];
            let valid_text = std::str::from_utf8(valid).unwrap_or("");
            let pos = pos_of_offset(valid_text, valid_text.len());
            if err.error_len().is_none() {
                // Only the last character is incomplete: a cut-off copy, not another encoding.
                return Err(Diagnostic::error(shown, pos, Text::key("files_cut_off"))
                    .with_help(Text::key("files_cut_off_help")));
            }
            Err(Diagnostic::error(shown, pos, Text::key("files_not_utf8"))
                .with_help(Text::key("files_save_as_utf8")))
        }
    }
}

fn pos_of_offset(text: &str, offset: usize) -> Pos {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() as u32 + 1;
    let col = before.rsplit('\n').next().unwrap_or("").chars().count() as u32 + 1;
    Pos { line, col }
}

/// A Markdown file split into its YAML front matter and its body.
pub struct FrontMatter<'a> {
    pub yaml: &'a str,
    /// Lines before the YAML starts (the opening `---`), to shift YAML positions.
    pub yaml_line_offset: u32,
    pub body: &'a str,
    pub body_line: u32,
}

/// Splits `---\n<yaml>\n---\n<body>`. Returns None when the file has no front matter.
pub fn split_front_matter(text: &str) -> Option<FrontMatter<'_>> {
    let first = text.split_inclusive('\n').next()?;
    if first.trim_end() != "---" || !first.ends_with('\n') {
        return None;
    }
    let rest = &text[first.len()..];
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "---" {
            let yaml = &rest[..offset];
            let body = &rest[offset + line.len()..];
            let yaml_lines = yaml.matches('\n').count() as u32;
            return Some(FrontMatter {
                yaml,
                yaml_line_offset: 1,
                body,
                body_line: yaml_lines + 3,
            });
        }
        offset += line.len();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_and_crlf_are_accepted() {
        let text = decode_text(b"\xEF\xBB\xBFtitle: a\r\nyear: 1\r\n", "x").unwrap();
        assert_eq!(text, "title: a\nyear: 1\n");
    }

    #[test]
    fn gb18030_is_located() {
        // "title: " then 西洞 in GB18030.
        let err = decode_text(b"year: 1\ntitle: \xce\xf7\xb6\xb4\n", "t.yaml").unwrap_err();
        assert_eq!(err.pos, Pos { line: 2, col: 8 });
        assert!(err.message.to_string().contains("not valid UTF-8"));
    }

    #[test]
    fn undecodable_text_is_located_and_explained() {
        // (bytes, line, column, words the message must contain)
        let cases: &[(&[u8], u32, u32, &str)] = &[
            (b"a: 1\nb: \xff\n", 2, 4, "not valid UTF-8"),
            (b"title: \xe8\xa5", 1, 8, "cut off"),
            (b"\xff\xfet\x00i\x00", 1, 1, "UTF-16"),
            (b"\xfe\xff\x00t\x00i", 1, 1, "UTF-16"),
            (b"a: 1\nb: x\x00y\n", 2, 5, "NUL byte"),
            (b"\xEF\xBB\xBFa: 1\nb: \xc0\n", 2, 4, "not valid UTF-8"),
        ];
        for (bytes, line, col, words) in cases {
            let err = decode_text(bytes, "t.yaml").unwrap_err();
            assert_eq!(
                err.pos,
                Pos {
                    line: *line,
                    col: *col
                },
                "{bytes:?}"
            );
            assert!(
                err.message.to_string().contains(words),
                "{bytes:?}: {}",
                err.message
            );
        }
    }

    #[test]
    fn front_matter_is_split_with_line_numbers() {
        let fm = split_front_matter("---\ntitle: a\ndate: 2022-01-01\n---\n# Body\n").unwrap();
        assert_eq!(fm.yaml, "title: a\ndate: 2022-01-01\n");
        assert_eq!(fm.body, "# Body\n");
        assert_eq!(fm.body_line, 5);
        assert!(split_front_matter("# no front matter\n").is_none());
        assert!(split_front_matter("---\ntitle: unterminated\n").is_none());
        assert!(split_front_matter("---").is_none());
        assert!(
            split_front_matter("--- \ntitle: a\n---  \nbody").is_some_and(|fm| fm.body == "body")
        );
        assert!(split_front_matter("---\n---\n").is_some_and(|fm| fm.yaml.is_empty()));
    }
}
