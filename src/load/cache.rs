//! Re-reading only what changed. `serve` rebuilds after every save, and decoding ten thousand
//! ledgers takes most of a second while one save changes one file; so each content file's
//! decoded record is kept with the file's size, modification time and a hash of its text,
//! and reused while they say the file is the same. The whole site is still assembled and
//! validated every time: only the per-file work is cached, so no dependency list can go stale.
//!
//! Each load is handed the [`ChangeSet`] of the rebuild (`crate::changes` says how it is made
//! from the watcher's events). Unless it says the folders must be listed again, the load
//! brings the last listing up to date from the paths it names ([`listing::update_listing`]):
//! it takes the stamps of those files and of the ones not yet settled, and lists the folders
//! again when one of them came or went. Either way a file is decoded again only when its
//! stamp and its text say it changed, so a missed event costs time, not correctness.

use super::decoded::{DecodeRequired, DecodedFile, Required, decode_read, decode_required};
use super::files;
use super::listing::{self, ContentFile, FileKind, Stamp};
use crate::changes::{ChangeSet, Relist};
use crate::diagnostics::{Diagnostics, display_path};
use rayon::prelude::*;
use std::hash::Hasher as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// A file whose modification time is this close to the moment it was read may be written
/// again within the same timestamp tick (coarse clocks on network and FAT file systems), so
/// its size and time alone do not prove it unchanged: its text is compared instead. The
/// one rule for every cache that trusts stamps (serve's output compares copied files by it).
pub const RACY_WINDOW: Duration = Duration::from_secs(2);

/// Whether a file stamped `modified` when read at `read_at` may have changed since without
/// its stamp changing (see [`RACY_WINDOW`]).
pub fn stamp_is_racy(modified: SystemTime, read_at: SystemTime) -> bool {
    modified + RACY_WINDOW >= read_at
}

/// Decoded content files from earlier loads.
#[derive(Default)]
pub struct LoadCache {
    /// The content files of the last load, in its listing order (by kind, then path).
    entries: Vec<Entry>,
    pub(super) site_yaml: Option<Kept<Required>>,
    pub(super) orgs_yaml: Option<Kept<Required>>,
    /// Files decoded (not reused) by the last load, for `serve`'s timing line and tests.
    decoded_last: usize,
    /// The last listing of the content folders, with what it reported (files that do not
    /// belong there).
    listing: Option<(Vec<ContentFile>, Diagnostics)>,
    /// Why the last load listed the content folders again; `None` when it brought the last
    /// listing up to date instead.
    relisted_last: Option<Relist>,
    /// The positions (in the listing) of the entries whose stamp did not prove them
    /// unchanged at the last load: files read within seconds of a change, unreadable ones.
    /// They are looked at on every load, as a full pass would.
    unsettled: Vec<usize>,
}

/// One content file as the last load left it.
struct Entry {
    kind: FileKind,
    path: PathBuf,
    /// What says the file is unchanged; `None` for a file that could not be read, which is
    /// read again every time (rare, and cheap to report again).
    validity: Option<Validity>,
    decoded: DecodedFile,
}

/// A decoded site.yaml or orgs.yaml with what says it is unchanged.
pub(super) struct Kept<T> {
    validity: Validity,
    value: T,
}

#[derive(Clone, Copy)]
struct Validity {
    stamp: Stamp,
    /// When the text was read: a modification time this close to it is not trusted.
    read_at: SystemTime,
    text_hash: u128,
}

impl Validity {
    /// Whether the file is surely unchanged since it was read, without reading it.
    fn is_fresh(&self, stamp: Option<Stamp>) -> bool {
        let (Some(stamp), Some(modified)) = (stamp, self.stamp.modified) else {
            return false;
        };
        stamp == self.stamp && !stamp_is_racy(modified, self.read_at)
    }
}

/// What reading a file whose stamp did not prove it unchanged showed.
enum Reread {
    /// The same text as before (by hash): the kept record holds, with this validity.
    Same(Validity),
    /// Other text, to be decoded and kept with this validity.
    Changed(Result<String, crate::diagnostics::Diagnostic>, Validity),
    /// The file could not be read: decoded (as an error) and not kept.
    Unreadable(Result<String, crate::diagnostics::Diagnostic>),
}

/// Reads the file at `path` and compares its text with what was kept.
fn reread(path: &Path, shown: &str, stamp: Option<Stamp>, kept: Option<&Validity>) -> Reread {
    let read_at = SystemTime::now();
    let read = files::read_text(path, shown);
    let Ok(text) = &read else {
        return Reread::Unreadable(read);
    };
    let validity = Validity {
        stamp: stamp.unwrap_or(Stamp {
            len: text.len() as u64,
            modified: None,
        }),
        read_at,
        text_hash: hash_text(text),
    };
    match kept {
        Some(kept) if kept.text_hash == validity.text_hash => Reread::Same(validity),
        _ => Reread::Changed(read, validity),
    }
}

impl Entry {
    fn new(file: &ContentFile) -> Entry {
        Entry {
            kind: file.kind,
            path: file.path.clone(),
            validity: None,
            decoded: (
                Arc::from(""),
                None,
                super::decoded::Decoded::Nothing,
                Diagnostics::default(),
            ),
        }
    }

    /// Brings the entry up to date with its file, given the file's current stamp: reused
    /// when the stamp or the text says it is unchanged. Returns whether it was decoded.
    fn refresh(&mut self, root: &Path, stamp: Option<Stamp>) -> bool {
        if let Some(validity) = &self.validity
            && validity.is_fresh(stamp)
        {
            return false;
        }
        let shown = display_path(root, &self.path);
        match reread(&self.path, &shown, stamp, self.validity.as_ref()) {
            Reread::Same(validity) => {
                self.validity = Some(validity);
                false
            }
            Reread::Changed(read, validity) => {
                self.decoded = decode_read(self.kind, &self.path, shown, read);
                self.validity = Some(validity);
                true
            }
            Reread::Unreadable(read) => {
                self.decoded = decode_read(self.kind, &self.path, shown, read);
                self.validity = None;
                true
            }
        }
    }
}

impl LoadCache {
    /// How many files the last load had to decode (the rest came from the cache).
    pub fn decoded_last(&self) -> usize {
        self.decoded_last
    }

    /// Why the last load listed the content folders again, if it did.
    pub fn relisted_last(&self) -> Option<&Relist> {
        self.relisted_last.as_ref()
    }

    /// Lists the content files, or brings the last listing up to date from what `changes`
    /// names, and decodes those that changed. Returns how many files are listed.
    pub(super) fn list_and_decode(
        &mut self,
        root: &Path,
        content: &Path,
        changes: &ChangeSet,
        diagnostics: &mut Diagnostics,
    ) -> usize {
        let mut listing = self.listing.take();
        let updated = match (changes.relist(), &mut listing) {
            (Some(why), _) => Err(why.clone()),
            (None, None) => Err(Relist::FirstBuild),
            (None, Some((listed, _))) => {
                // The files not settled at the last load are looked at again anyway; taking
                // their stamps first notices one deleted before its event arrived.
                let mut paths = changes.paths().to_vec();
                paths.extend(
                    self.unsettled
                        .iter()
                        .filter_map(|&i| listed.get(i))
                        .map(|file| file.path.clone()),
                );
                listing::update_listing(listed, root, content, &paths)
            }
        };
        let (listed, reported) = match listing {
            Some(listing) if updated.is_ok() => listing,
            _ => {
                let mut reported = Diagnostics::default();
                let listed = listing::list_content_files(root, content, &mut reported, true);
                (listed, reported)
            }
        };
        self.relisted_last = updated.as_ref().err().cloned();
        diagnostics.extend(reported.clone());
        self.decode_all(root, &listed, updated.ok());
        let count = listed.len();
        self.listing = Some((listed, reported));
        count
    }

    /// Brings the cache up to date with the listed files (sorted by kind, then path, and
    /// stamped): reuses what is unchanged, decodes the rest, and forgets files that are gone.
    /// With `changed`, `listed` is the listing of the last call with new stamps for the
    /// files at those positions only: then only those files and the ones that were not
    /// settled then (see [`LoadCache::unsettled`]) are looked at.
    fn decode_all(&mut self, root: &Path, listed: &[ContentFile], changed: Option<Vec<usize>>) {
        if let Some(mut todo) = changed
            && self.entries.len() == listed.len()
        {
            todo.extend_from_slice(&self.unsettled);
            todo.sort_unstable();
            todo.dedup();
            let mut decoded = 0;
            for &i in &todo {
                if let (Some(entry), Some(file)) = (self.entries.get_mut(i), listed.get(i)) {
                    decoded += usize::from(entry.refresh(root, file.stamp));
                }
            }
            self.decoded_last = decoded;
            todo.retain(|&i| !self.settled(listed, i));
            self.unsettled = todo;
            return;
        }
        let same_files = self.entries.len() == listed.len()
            && self
                .entries
                .par_iter()
                .zip(listed)
                // As bytes: both come from the same listing code, and `Path`'s own
                // equality parses every path into components.
                .all(|(entry, file)| {
                    entry.kind == file.kind && entry.path.as_os_str() == file.path.as_os_str()
                });
        if !same_files {
            self.entries = self.follow_listing(listed);
        }
        self.decoded_last = self
            .entries
            .par_iter_mut()
            .zip(listed)
            .map(|(entry, file)| usize::from(entry.refresh(root, file.stamp)))
            .sum();
        self.unsettled = (0..listed.len())
            .into_par_iter()
            .filter(|&i| !self.settled(listed, i))
            .collect();
    }

    /// Whether the entry at `i` is surely as the listed file is (its stamp proves it): then
    /// it need not be looked at again until the file's stamp changes.
    fn settled(&self, listed: &[ContentFile], i: usize) -> bool {
        match (self.entries.get(i), listed.get(i)) {
            (Some(entry), Some(file)) => entry
                .validity
                .as_ref()
                .is_some_and(|v| v.is_fresh(file.stamp)),
            _ => false,
        }
    }

    /// The entries for a listing that differs from the last one: the kept entry of each file
    /// that was there before, a new one for each new file.
    fn follow_listing(&mut self, listed: &[ContentFile]) -> Vec<Entry> {
        let mut kept = std::mem::take(&mut self.entries).into_iter().peekable();
        listed
            .iter()
            .map(|file| {
                // Both are in listing order: skip the entries of files that are gone.
                while kept
                    .next_if(|e| (e.kind, e.path.as_path()) < (file.kind, file.path.as_path()))
                    .is_some()
                {}
                kept.next_if(|e| e.kind == file.kind && e.path == file.path)
                    .unwrap_or_else(|| Entry::new(file))
            })
            .collect()
    }

    /// The decoded content files, in listing order.
    pub(super) fn decoded(&self) -> impl Iterator<Item = &DecodedFile> {
        self.entries.iter().map(|entry| &entry.decoded)
    }
}

/// Reads site.yaml or orgs.yaml at `path` like a content file, reusing `slot` (when caching)
/// while the file is unchanged. `None` when there is no such file.
pub(super) fn read_required(
    root: &Path,
    path: &Path,
    decode: DecodeRequired,
    slot: Option<&mut Option<Kept<Required>>>,
) -> Option<Required> {
    let Some(meta) = std::fs::metadata(path).ok().filter(|m| m.is_file()) else {
        if let Some(slot) = slot {
            *slot = None;
        }
        return None;
    };
    let Some(slot) = slot else {
        let shown = display_path(root, path);
        let read = files::read_text(path, &shown);
        return Some(decode_required(shown, read, decode));
    };
    let stamp = Some(Stamp::of_metadata(&meta));
    if let Some(kept) = slot
        && kept.validity.is_fresh(stamp)
    {
        return Some(kept.value.clone());
    }
    let shown = display_path(root, path);
    match reread(path, &shown, stamp, slot.as_ref().map(|k| &k.validity)) {
        Reread::Same(validity) => slot.as_mut().map(|kept| {
            kept.validity = validity;
            kept.value.clone()
        }),
        Reread::Changed(read, validity) => {
            let value = decode_required(shown, read, decode);
            *slot = Some(Kept {
                validity,
                value: value.clone(),
            });
            Some(value)
        }
        Reread::Unreadable(read) => {
            *slot = None;
            Some(decode_required(shown, read, decode))
        }
    }
}

fn hash_text(text: &str) -> u128 {
    let mut hasher = siphasher::sip128::SipHasher13::new();
    hasher.write(text.as_bytes());
    siphasher::sip128::Hasher128::finish128(&hasher).as_u128()
}

#[cfg(test)]
mod tests {
    use crate::changes::ChangeSet;
    use crate::load::tests::write;
    use crate::load::{LoadCache, load_changed, load_site, load_site_with_cache};
    use std::path::Path;

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
                    .chain(s.orgs.keys().cloned())
                    .collect()
            })
            .unwrap_or_default();
        let files = (loaded.files_read, loaded.sources.len());
        (ids, format!("{:?} {files:?}", loaded.diagnostics))
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

    /// With the changed paths told (as `serve`'s watcher tells them), a load looks at
    /// those files only while no file comes or goes, and lists the folders again when one
    /// does; either way it loads what a fresh load loads.
    #[test]
    fn a_load_told_the_changed_paths_matches_a_fresh_one() {
        let dir = site();
        let root = dir.path();
        // Files dated well before the load, and each edit dated a minute later than the
        // last: their size and time alone then tell whether they changed, as for files
        // saved a while ago (files changed within seconds are compared by content).
        use std::time::{Duration, SystemTime};
        let now = SystemTime::now();
        let mut minutes = 0;
        let mut date = |paths: &[&str]| {
            minutes += 1;
            let when = now - Duration::from_secs(3600) + Duration::from_secs(60 * minutes);
            for path in paths {
                let file = std::fs::File::options().write(true).open(root.join(path));
                if let Ok(file) = file {
                    file.set_modified(when).unwrap();
                }
            }
        };
        let all: Vec<String> = walkdir::WalkDir::new(root)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(root).unwrap().display().to_string())
            .collect();
        date(&all.iter().map(String::as_str).collect::<Vec<_>>());
        let mut cache = LoadCache::default();
        load_site_with_cache(root, &mut cache);
        assert!(cache.relisted_last().is_some());
        let mut step = |what: &str, paths: &[&str], lists: bool| {
            date(paths);
            let changes =
                ChangeSet::paths_changed(root, paths.iter().map(|p| root.join(p)).collect());
            let loaded = load_changed(root, &mut cache, &changes);
            assert_eq!(
                cache.relisted_last().is_some(),
                lists,
                "{what}: folders listed"
            );
            assert_eq!(summary(&loaded), summary(&load_site(root)), "{what}");
        };
        let task = "content/tasks/xidong/2022-xidong-01.yaml";
        let text = std::fs::read_to_string(root.join(task)).unwrap();
        // Same length, so that only the time can tell the change.
        write(root, task, &text.replacen("title: ", "title:_", 1));
        step("an edit", &[task], false);
        // An atomic save: a temporary file renamed over the task.
        let temp = "content/tasks/xidong/.2022-xidong-01.yaml.swp";
        write(root, temp, &text.replacen("title: ", "title: 再改 ", 1));
        std::fs::rename(root.join(temp), root.join(task)).unwrap();
        step("an atomic save", &[temp, task], false);
        // Outside the content folders: site.yaml is looked at on every load anyway.
        let site_yaml = std::fs::read_to_string(root.join("content/site.yaml")).unwrap();
        write(
            root,
            "content/site.yaml",
            &site_yaml.replacen("title: ", "title: 新 ", 1),
        );
        step("site.yaml", &["content/site.yaml"], false);
        write(
            root,
            "content/tasks/xidong/new.yaml",
            &text.replacen("id: ", "id: new-", 1),
        );
        step("a new file", &["content/tasks/xidong/new.yaml"], true);
        write(root, "content/tasks/xidong/notes.txt", "stray");
        step("a stray file", &["content/tasks/xidong/notes.txt"], true);
        step("nothing changed", &[], false);
        std::fs::remove_file(root.join("content/tasks/xidong/new.yaml")).unwrap();
        step("a deleted file", &["content/tasks/xidong/new.yaml"], true);
        std::fs::create_dir_all(root.join("content/tasks/new-town")).unwrap();
        write(
            root,
            "content/tasks/new-town/a.yaml",
            &text.replacen("id: ", "id: a-", 1),
        );
        step("a new folder", &["content/tasks/new-town"], true);
        std::fs::remove_dir_all(root.join("content/tasks/new-town")).unwrap();
        step("a deleted folder", &["content/tasks/new-town"], true);
        // Not told: every folder is listed.
        let loaded = load_site_with_cache(root, &mut cache);
        assert!(cache.relisted_last().is_some());
        assert_eq!(summary(&loaded), summary(&load_site(root)));

        // A file saved just now is not settled: deleted before its event arrives, it is
        // found gone (the folders are listed), not reported as unreadable.
        write(
            root,
            "content/tasks/xidong/fresh.yaml",
            &text.replacen("id: ", "id: fresh-", 1),
        );
        let fresh = vec![root.join("content/tasks/xidong/fresh.yaml")];
        let loaded = load_changed(root, &mut cache, &ChangeSet::paths_changed(root, fresh));
        assert_eq!(summary(&loaded), summary(&load_site(root)));
        std::fs::remove_file(root.join("content/tasks/xidong/fresh.yaml")).unwrap();
        let loaded = load_changed(
            root,
            &mut cache,
            &ChangeSet::paths_changed(root, Vec::new()),
        );
        assert_eq!(
            cache.relisted_last().map(ToString::to_string).as_deref(),
            Some("content/tasks/xidong/fresh.yaml came or went"),
            "a deleted unsettled file went unnoticed"
        );
        assert_eq!(summary(&loaded), summary(&load_site(root)));
    }

    #[test]
    fn a_cached_load_matches_a_fresh_one_after_additions_and_changes_to_required_files() {
        let dir = site();
        let root = dir.path();
        let mut cache = LoadCache::default();
        load_site_with_cache(root, &mut cache);

        // Two copies claim the id of a task (one listed before it, one after), a broken file
        // and a stray one join them.
        let task = "content/tasks/xidong/2022-xidong-01.yaml";
        let text = std::fs::read_to_string(root.join(task)).unwrap();
        write(root, "content/tasks/aa/copy.yaml", &text);
        write(root, "content/tasks/zz/copy.yaml", &text);
        write(
            root,
            "content/tasks/xidong/broken.yaml",
            "id: broken\ntitle: [\n",
        );
        write(root, "content/tasks/xidong/notes.txt", "stray");
        let added = load_site_with_cache(root, &mut cache);
        assert_eq!(cache.decoded_last(), 3);
        assert_eq!(summary(&added), summary(&load_site(root)));
        let duplicates: Vec<(&str, &str)> = added
            .diagnostics
            .items()
            .iter()
            .filter(|d| d.message.to_string().starts_with("duplicate task id"))
            .map(|d| (d.path.as_str(), d.related.as_ref().unwrap().0.as_str()))
            .collect();
        // The first file listed keeps the id; each later one names it.
        assert_eq!(
            duplicates,
            [
                (
                    "content/tasks/xidong/2022-xidong-01.yaml",
                    "content/tasks/aa/copy.yaml"
                ),
                ("content/tasks/zz/copy.yaml", "content/tasks/aa/copy.yaml"),
            ]
        );

        // orgs.yaml and site.yaml are reused while unchanged, and read again when they change.
        let orgs = std::fs::read_to_string(root.join("content/orgs.yaml")).unwrap();
        write(
            root,
            "content/orgs.yaml",
            &orgs.replacen("id: nanzhuang", "id: nanzhuanx", 1),
        );
        let edited = load_site_with_cache(root, &mut cache);
        assert_eq!(summary(&edited), summary(&load_site(root)));
        assert!(edited.site.as_ref().unwrap().orgs.contains_key("nanzhuanx"));
        write(root, "content/orgs.yaml", "orgs: [\n");
        let broken = load_site_with_cache(root, &mut cache);
        assert_eq!(summary(&broken), summary(&load_site(root)));
        std::fs::remove_file(root.join("content/site.yaml")).unwrap();
        let missing = load_site_with_cache(root, &mut cache);
        assert!(missing.site.is_none());
        assert_eq!(summary(&missing), summary(&load_site(root)));
        write(root, "content/orgs.yaml", &orgs);
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal/content/site.yaml"),
            root.join("content/site.yaml"),
        )
        .unwrap();
        let restored = load_site_with_cache(root, &mut cache);
        assert_eq!(summary(&restored), summary(&load_site(root)));
        assert!(restored.site.is_some());
    }
}
