//! Re-reading only what changed. `serve` rebuilds after every save, and decoding ten thousand
//! ledgers takes most of a second while one save changes one file; so each content file's
//! decoded record is kept with the file's size, modification time and a hash of its text,
//! and reused while they say the file is the same. The whole site is still assembled and
//! validated every time: only the per-file work is cached, so no dependency list can go stale.

use super::{DecodedFile, FileKind, decode_read, files};
use crate::diagnostics::display_path;
use rayon::prelude::*;
use std::collections::HashMap;
use std::hash::Hasher as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// A file whose modification time is this close to the moment it was read may be written
/// again within the same timestamp tick (coarse clocks on network and FAT file systems), so
/// its size and time alone do not prove it unchanged: its text is compared instead.
const RACY_WINDOW: Duration = Duration::from_secs(2);

/// Decoded content files from earlier loads, by path.
#[derive(Default)]
pub struct LoadCache {
    entries: HashMap<PathBuf, Entry>,
    /// Files decoded (not reused) by the last load, for `serve`'s timing line and tests.
    decoded_last: usize,
}

#[derive(Clone)]
struct Entry {
    kind: FileKind,
    stamp: Stamp,
    /// When the text was read: a modification time this close to it is not trusted.
    read_at: SystemTime,
    text_hash: u128,
    decoded: DecodedFile,
}

#[derive(Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl Stamp {
    fn of(path: &Path) -> Option<Stamp> {
        let meta = std::fs::metadata(path).ok()?;
        Some(Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
        })
    }
}

impl Entry {
    /// Whether the file is surely unchanged since it was read, without reading it.
    fn is_fresh(&self, kind: FileKind, stamp: Option<Stamp>) -> bool {
        let (Some(stamp), Some(modified)) = (stamp, self.stamp.modified) else {
            return false;
        };
        self.kind == kind && stamp == self.stamp && modified + RACY_WINDOW < self.read_at
    }
}

impl LoadCache {
    /// How many files the last load had to decode (the rest came from the cache).
    pub fn decoded_last(&self) -> usize {
        self.decoded_last
    }

    /// Decodes the listed files, reusing what is unchanged, and forgets files that are gone.
    pub(super) fn decode_all(
        &mut self,
        root: &Path,
        listed: &[(FileKind, PathBuf)],
    ) -> Vec<DecodedFile> {
        let results: Vec<(DecodedFile, Option<Entry>, bool)> = listed
            .par_iter()
            .map(|(kind, path)| self.decode_one(root, *kind, path))
            .collect();
        let mut entries = HashMap::with_capacity(results.len());
        let mut decoded = Vec::with_capacity(results.len());
        self.decoded_last = 0;
        for ((file, entry, was_decoded), (_, path)) in results.into_iter().zip(listed) {
            if was_decoded {
                self.decoded_last += 1;
            }
            if let Some(entry) = entry {
                entries.insert(path.clone(), entry);
            }
            decoded.push(file);
        }
        self.entries = entries;
        decoded
    }

    /// One file: from the cache when its stamp or its text says it is unchanged.
    /// Returns the decoded file, the entry to keep, and whether it had to be decoded.
    fn decode_one(
        &self,
        root: &Path,
        kind: FileKind,
        path: &Path,
    ) -> (DecodedFile, Option<Entry>, bool) {
        let cached = self.entries.get(path);
        let stamp = Stamp::of(path);
        if let Some(entry) = cached
            && entry.is_fresh(kind, stamp)
        {
            return (entry.decoded.clone(), Some(entry.clone()), false);
        }
        let shown = display_path(root, path);
        let read_at = SystemTime::now();
        let read = files::read_text(path, &shown);
        let Ok(text) = read else {
            // Unreadable files are rare and cheap to report again: never cached.
            return (decode_read(kind, path, shown, read), None, true);
        };
        let text_hash = hash_text(&text);
        let stamp = stamp.unwrap_or(Stamp {
            len: text.len() as u64,
            modified: None,
        });
        if let Some(entry) = cached
            && entry.kind == kind
            && entry.text_hash == text_hash
        {
            let entry = Entry {
                stamp,
                read_at,
                ..entry.clone()
            };
            return (entry.decoded.clone(), Some(entry), false);
        }
        let decoded = decode_read(kind, path, shown, Ok(text));
        let entry = Entry {
            kind,
            stamp,
            read_at,
            text_hash,
            decoded: decoded.clone(),
        };
        (decoded, Some(entry), true)
    }
}

fn hash_text(text: &str) -> u128 {
    let mut hasher = siphasher::sip128::SipHasher13::new();
    hasher.write(text.as_bytes());
    siphasher::sip128::Hasher128::finish128(&hasher).as_u128()
}

#[cfg(test)]
mod tests {
    use crate::load::{LoadCache, load_site, load_site_with_cache};
    use std::path::Path;

    fn write(root: &Path, relative: &str, text: &str) {
        let path = root.join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn site() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal/content");
        for entry in walkdir::WalkDir::new(&fixture) {
            let entry = entry.unwrap();
            let target = dir
                .path()
                .join("content")
                .join(entry.path().strip_prefix(&fixture).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
        dir
    }

    /// What a load reports, in a form that can be compared.
    fn summary(loaded: &crate::load::Loaded) -> (Vec<String>, String) {
        let ids = loaded
            .site
            .as_ref()
            .map(|s| {
                s.tasks
                    .values()
                    .map(|t| format!("{} {}", t.id.value, t.title))
                    .collect()
            })
            .unwrap_or_default();
        (ids, format!("{:?}", loaded.diagnostics))
    }

    #[test]
    fn a_cached_load_matches_a_fresh_one_after_edits_and_deletions() {
        let dir = site();
        let root = dir.path();
        let mut cache = LoadCache::default();
        let first = load_site_with_cache(root, &mut cache);
        assert_eq!(summary(&first), summary(&load_site(root)));
        assert!(cache.decoded_last() > 0);

        // Files just written are inside the racy window: their text is compared, not decoded.
        let again = load_site_with_cache(root, &mut cache);
        assert_eq!(summary(&again), summary(&first));
        assert_eq!(
            cache.decoded_last(),
            0,
            "unchanged files were decoded again"
        );

        let task = "content/tasks/xidong/2022-xidong-01.yaml";
        let text = std::fs::read_to_string(root.join(task)).unwrap();
        let title_line = text
            .lines()
            .find(|l| l.starts_with("title:"))
            .unwrap()
            .to_string();
        // Same length, so that only the text can tell the change.
        let edited = title_line.replacen("title: ", "title:_", 1);
        write(root, task, &text.replacen(&title_line, &edited, 1));
        let after_edit = load_site_with_cache(root, &mut cache);
        assert_eq!(cache.decoded_last(), 1);
        assert_eq!(summary(&after_edit), summary(&load_site(root)));

        std::fs::remove_file(root.join("content/tasks/xidong/2022-nanzhuang-01.yaml")).unwrap();
        let after_delete = load_site_with_cache(root, &mut cache);
        assert_eq!(summary(&after_delete), summary(&load_site(root)));
    }
}
