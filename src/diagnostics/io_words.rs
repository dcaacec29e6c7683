//! What the operating system answers when a file cannot be read or written, in the reader's
//! language: "No such file or directory (os error 2)" is English whatever the site's
//! language, so the common answers are rows of the message table; the rest are shown as the
//! system wrote them.

use super::Text;
use std::io::ErrorKind;

/// Why a file operation failed, for `cannot write PATH: {reason}`. In English it is the
/// system's own sentence, as it always was.
pub fn io_reason(error: &std::io::Error) -> Text {
    let key = match error.kind() {
        ErrorKind::NotFound => "io_not_found",
        ErrorKind::PermissionDenied => "io_permission_denied",
        ErrorKind::AlreadyExists => "io_already_exists",
        ErrorKind::NotADirectory => "io_not_a_directory",
        ErrorKind::IsADirectory => "io_is_a_directory",
        ErrorKind::StorageFull => "io_storage_full",
        ErrorKind::ReadOnlyFilesystem => "io_read_only",
        ErrorKind::DirectoryNotEmpty => "io_directory_not_empty",
        ErrorKind::InvalidData => "io_invalid_data",
        _ => return Text::from(error.to_string()),
    };
    Text::Row(key, vec![("detail", Text::from(error.to_string()))])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Language;

    #[test]
    fn the_systems_answer_is_kept_in_english_and_translated_in_chinese() {
        let error = std::io::Error::from(ErrorKind::NotFound);
        let reason = io_reason(&error);
        assert_eq!(reason.in_language(Language::En), error.to_string());
        assert_eq!(reason.in_language(Language::ZhCn), "找不到这个文件或文件夹");
        let other = std::io::Error::other("disk on fire");
        assert_eq!(
            io_reason(&other).in_language(Language::ZhCn),
            "disk on fire"
        );
    }
}
