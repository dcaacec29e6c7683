//! What one render can lend the next, for `serve`: the Markdown and QR memos, and a hash of
//! every page's template and view data as last rendered. A page whose hash is unchanged is
//! not rendered again: the view data is everything a template can see, so equal hashes mean
//! equal bytes, whatever the page depends on. No list of which page depends on which record
//! is kept anywhere, so none can be forgotten.
//!
//! The search index is the exception to "render everything now": Pagefind takes seconds on
//! a large site, so a cached render reuses the last index and leaves a [`SearchJob`] for the
//! caller to run on a thread of its own; the next render then includes the new index.

use super::markdown::Markdown;
use super::memo::Memo;
use super::pages::Views;
use super::search::{SearchError, SearchRecord};
use super::urls::Urls;
use crate::model::Language;
use siphasher::sip128::{Hasher128 as _, SipHasher13};
use std::collections::HashMap;
use std::hash::Hasher as _;
use std::sync::{Arc, Mutex};

#[derive(Default)]
pub struct RenderCache {
    memos: Option<Memos>,
    /// Page path → hash of the theme, the template name and the page's view data.
    pages: HashMap<String, u128>,
    search: SearchCache,
}

/// Files to write: (path under the output root, bytes).
type Files = Vec<(String, Vec<u8>)>;

/// The search index, built off the render path.
#[derive(Default)]
struct SearchCache {
    /// The hash of the records the files were built from, and the files.
    built: Option<(u128, Files)>,
    /// Records newer than the built files, waiting for [`RenderCache::take_search_job`].
    pending: Option<SearchJob>,
}

/// Building the search index for a set of records: `Send`, to run on any thread.
pub struct SearchJob {
    hash: u128,
    records: Vec<SearchRecord>,
    lang: Language,
}

/// A finished [`SearchJob`], for [`RenderCache::search_built`].
pub struct SearchBuilt {
    hash: u128,
    files: Result<Files, SearchError>,
}

impl SearchJob {
    pub fn run(self) -> SearchBuilt {
        SearchBuilt {
            hash: self.hash,
            files: super::search::bundle_records(self.records, self.lang),
        }
    }
}

/// Memos valid for one base path.
struct Memos {
    base_path: String,
    markdown: Arc<Markdown>,
    qr_codes: Arc<Memo>,
}

impl RenderCache {
    /// The memos for `base_url`, starting a new generation of each.
    pub(super) fn memos(&mut self, base_url: &str) -> (Arc<Markdown>, Arc<Memo>) {
        let base_path = Urls::new(base_url).base_path;
        let memos = match self.memos.take() {
            Some(m) if m.base_path == base_path => m,
            _ => Memos {
                markdown: Arc::new(Markdown::new(&base_path)),
                qr_codes: Arc::default(),
                base_path,
            },
        };
        memos.markdown.next_generation();
        memos.qr_codes.next_generation();
        let lent = (memos.markdown.clone(), memos.qr_codes.clone());
        self.memos = Some(memos);
        lent
    }

    /// Hashes for one render with `theme`; `site` (the part of the view data every page
    /// shares) is hashed once here rather than once per page.
    pub(super) fn page_hashes(&self, theme: u128, site: &impl serde::Serialize) -> PageHashes<'_> {
        let mut writer = HashWriter(SipHasher13::new());
        writer.0.write_u128(theme);
        let shared = match serde_json::to_writer(&mut writer, site) {
            Ok(()) => Some(writer.0.finish128().as_u128()),
            Err(_) => None,
        };
        PageHashes {
            shared,
            previous: &self.pages,
            current: Mutex::default(),
        }
    }

    /// Keeps the hashes of a render that completed (a failed one keeps the old hashes, as
    /// the pages it did not finish were not written).
    pub(super) fn keep_pages(&mut self, pages: HashMap<String, u128>) {
        self.pages = pages;
    }

    /// Forgets the page hashes, so that the next render renders every page (after the
    /// rendered files were lost, e.g. a failed write).
    pub fn forget_pages(&mut self) {
        self.pages.clear();
    }

    /// The search files to write in this render: the last built index (none before the
    /// first job finished). When the records changed, a job is left for
    /// [`RenderCache::take_search_job`].
    pub(super) fn search_files(&mut self, views: &Views) -> Files {
        let records = super::search::records(views);
        let mut hasher = SipHasher13::new();
        for record in &records {
            for part in [&record.url, &record.html] {
                hasher.write_u64(part.len() as u64);
                hasher.write(part.as_bytes());
            }
        }
        hasher.write_u8(views.lang as u8);
        let hash = hasher.finish128().as_u128();
        let search = &mut self.search;
        match &search.built {
            Some((built, _)) if *built == hash => search.pending = None,
            _ => {
                search.pending = Some(SearchJob {
                    hash,
                    records,
                    lang: views.lang,
                })
            }
        }
        search
            .built
            .as_ref()
            .map(|(_, files)| files.clone())
            .unwrap_or_default()
    }

    /// The search index to build, if the last render's records are newer than the index.
    pub fn take_search_job(&mut self) -> Option<SearchJob> {
        self.search.pending.take()
    }

    /// Keeps a finished index for the next render (an older one than the newest records is
    /// still better than none; the newer job is still pending).
    pub fn search_built(&mut self, built: SearchBuilt) -> Result<(), SearchError> {
        let files = built.files?;
        self.search.built = Some((built.hash, files));
        Ok(())
    }

    /// Whether the index is built from the last render's records.
    pub fn search_is_current(&self) -> bool {
        self.search.pending.is_none() && self.search.built.is_some()
    }
}

/// The page hashes of one render in progress.
pub(super) struct PageHashes<'a> {
    /// Hash of the theme and the shared view data; None when they cannot be hashed (then
    /// every page is rendered).
    shared: Option<u128>,
    previous: &'a HashMap<String, u128>,
    current: Mutex<HashMap<String, u128>>,
}

impl PageHashes<'_> {
    /// Records the hash of a page about to be rendered; true when the previous render had
    /// the same template and data for this path, so its bytes can be kept.
    pub(super) fn unchanged(
        &self,
        path: &str,
        template: &str,
        meta: &impl serde::Serialize,
        page: &impl serde::Serialize,
    ) -> bool {
        let Some(shared) = self.shared else {
            return false;
        };
        let mut writer = HashWriter(SipHasher13::new());
        writer.0.write_u128(shared);
        writer.0.write(template.as_bytes());
        writer.0.write_u8(0);
        if serde_json::to_writer(&mut writer, meta).is_err()
            || serde_json::to_writer(&mut writer, page).is_err()
        {
            return false; // the render will report the problem
        }
        let hash = writer.0.finish128().as_u128();
        if let Ok(mut current) = self.current.lock() {
            current.insert(path.to_string(), hash);
        }
        self.previous.get(path) == Some(&hash)
    }

    pub(super) fn into_hashes(self) -> HashMap<String, u128> {
        self.current.into_inner().unwrap_or_default()
    }
}

/// Feeds serialised view data straight into the hasher, without building the JSON text.
struct HashWriter(SipHasher13);

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.write(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
