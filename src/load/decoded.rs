//! One content file from its text to its record: which decoder a file's kind calls, what an
//! unreadable file still tells (the id a broken task claims), and site.yaml and orgs.yaml
//! the same way. Each is a pure function of the path and the text, so that the load cache
//! can keep a result for as long as the text stays the same.

use super::files;
use super::listing::FileKind;
use super::records;
use crate::diagnostics::{Diagnostic, Diagnostics, display_path};
use crate::model::{Document, EvaluationRound, SiteConfig, Task};
use std::path::Path;
use std::sync::Arc;

/// site.yaml or orgs.yaml after reading: its text when it could be read, what decoding it
/// gave, and its problems.
#[derive(Clone)]
pub(super) struct Required {
    pub(super) shown: Arc<str>,
    pub(super) text: Option<Arc<str>>,
    /// `None` when the file could not be read.
    pub(super) decoded: Option<RequiredRecord>,
    pub(super) diagnostics: Diagnostics,
}

#[derive(Clone)]
// One of each per load, moved once: boxing the settings would gain nothing.
#[allow(clippy::large_enum_variant)]
pub(super) enum RequiredRecord {
    SiteConfig(Option<SiteConfig>),
    Orgs(records::DecodedOrgs),
}

/// Decodes the text of site.yaml or orgs.yaml.
pub(super) type DecodeRequired = fn(&str, &str) -> (RequiredRecord, Diagnostics);

pub(super) fn decode_site_yaml(shown: &str, text: &str) -> (RequiredRecord, Diagnostics) {
    let (config, d) = records::decode_site_config(shown, text);
    (RequiredRecord::SiteConfig(config), d)
}

pub(super) fn decode_orgs_yaml(shown: &str, text: &str) -> (RequiredRecord, Diagnostics) {
    let (orgs, d) = records::decode_orgs(shown, text);
    (RequiredRecord::Orgs(orgs), d)
}

/// What reading site.yaml or orgs.yaml gave, decoded (a pure function of the path and the
/// text, like [`decode_read`]).
pub(super) fn decode_required(
    shown: String,
    read: Result<String, Diagnostic>,
    decode: DecodeRequired,
) -> Required {
    let shown: Arc<str> = Arc::from(shown);
    let text = match read {
        Ok(text) => Arc::<str>::from(text),
        Err(d) => {
            let mut diagnostics = Diagnostics::default();
            diagnostics.push(d);
            return Required {
                shown,
                text: None,
                decoded: None,
                diagnostics,
            };
        }
    };
    let (decoded, diagnostics) = decode(&shown, &text);
    Required {
        shown,
        text: Some(text),
        decoded: Some(decoded),
        diagnostics,
    }
}

#[derive(Clone)]
pub(super) enum Decoded {
    Nothing,
    /// A task file that failed to load, with the id it claims.
    UnreadableTask(String),
    UnreadableEvaluation,
    Task(Arc<Task>),
    Evaluation(Box<EvaluationRound>),
    Notice(Box<Document>),
    Page(Box<Document>),
}

/// One content file after decoding: its shown path, its text (when it could be read), the
/// record and the file's own problems.
pub(super) type DecodedFile = (Arc<str>, Option<Arc<str>>, Decoded, Diagnostics);

pub(super) fn decode_file(root: &Path, kind: FileKind, path: &Path) -> DecodedFile {
    let shown = display_path(root, path);
    decode_read(kind, path, shown.clone(), files::read_text(path, &shown))
}

/// Whether `file` could not be read because it no longer exists (deleted after the listing
/// saw it).
pub(super) fn vanished(root: &Path, (shown, text, ..): &DecodedFile) -> bool {
    text.is_none()
        && std::fs::symlink_metadata(root.join(&**shown))
            .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
}

/// Decodes what reading a file gave: a pure function of the path and the text, so that
/// [`LoadCache`] can keep its result for as long as the text stays the same.
pub(super) fn decode_read(
    kind: FileKind,
    path: &Path,
    shown: String,
    read: Result<String, Diagnostic>,
) -> DecodedFile {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let text = match read {
        Ok(text) => Arc::<str>::from(text),
        Err(d) => {
            let mut diagnostics = Diagnostics::default();
            diagnostics.push(d);
            let unreadable = match kind {
                FileKind::Task => Decoded::UnreadableTask(stem),
                FileKind::Evaluation => Decoded::UnreadableEvaluation,
                FileKind::Notice | FileKind::Page => Decoded::Nothing,
            };
            return (Arc::from(shown), None, unreadable, diagnostics);
        }
    };
    let (record, diagnostics) = match kind {
        FileKind::Task => {
            let (task, d) = records::decode_task(&shown, &stem, &text);
            let record = match task {
                Some(task) => Decoded::Task(Arc::new(task)),
                None => Decoded::UnreadableTask(records::claimed_task_id(&stem, &text)),
            };
            (Some(record), d)
        }
        FileKind::Evaluation => {
            let (round, d) = records::decode_evaluation(&shown, &stem, &text);
            let record = match round {
                Some(round) => Decoded::Evaluation(Box::new(round)),
                None => Decoded::UnreadableEvaluation,
            };
            (Some(record), d)
        }
        FileKind::Notice => {
            let (doc, d) = records::decode_document(&shown, &stem, &text, true);
            (doc.map(|d| Decoded::Notice(Box::new(d))), d)
        }
        FileKind::Page => {
            let (doc, d) = records::decode_document(&shown, &stem, &text, false);
            (doc.map(|d| Decoded::Page(Box::new(d))), d)
        }
    };
    (
        Arc::from(shown),
        Some(text),
        record.unwrap_or(Decoded::Nothing),
        diagnostics,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::listing::list_content_files;
    use crate::load::tests::write;

    /// Regression: a task file deleted while `serve` was rebuilding (after the listing saw
    /// it, before it was read) was reported as "cannot read this file: No such file", and
    /// the preview showed an error for a plain deletion.
    #[test]
    fn a_file_deleted_between_listing_and_reading_is_gone_not_unreadable() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "content/tasks/a.yaml", "id: a\n");
        write(root, "content/tasks/bad.yaml", "title: \u{0}\n");
        let listed = list_content_files(
            root,
            &root.join("content"),
            &mut Diagnostics::default(),
            false,
        );
        std::fs::remove_file(root.join("content/tasks/a.yaml")).unwrap();
        let decoded: Vec<DecodedFile> = listed
            .iter()
            .map(|file| decode_file(root, file.kind, &file.path))
            .collect();
        assert_eq!(decoded.len(), 2);
        let gone: Vec<bool> = decoded.iter().map(|file| vanished(root, file)).collect();
        // The deleted file is gone; the unreadable one (a NUL byte) is still an error.
        assert_eq!(gone, [true, false]);
        assert!(decoded[1].3.error_count() > 0);
    }
}
