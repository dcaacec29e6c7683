//! What a cached render's outputs were made from, as hashes of paths: the next render
//! compares them to keep the sitemap, and the whole set of files, without redoing them.

use super::theme::Theme;
use crate::model::Site;
use siphasher::sip128::{Hasher128 as _, SipHasher13};
use std::hash::Hasher as _;

/// Hashes of what a cached render made its outputs from, for the next one to compare.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct OutputKeys {
    /// The page paths, in order.
    pub pages: Option<u128>,
    /// What the sitemap is made from: the lists (the rows' last-updated dates, the base
    /// URL) and the page paths.
    pub sitemap: Option<u128>,
    /// Every output path: the pages, the generated files, the search index, the static
    /// files. The same as last time means that no file of the last render is gone.
    pub outputs: Option<u128>,
}

impl OutputKeys {
    /// The keys of the pages and the sitemap, from the page paths and the hash of the lists
    /// (see `RenderCache::same_lists`); the outputs' key comes later, with [`outputs_key`].
    pub(super) fn of_pages(page_paths: &[String], lists_key: u128) -> OutputKeys {
        let mut pages = PathsHasher::new(0);
        page_paths.iter().for_each(|p| pages.add(p));
        let pages = pages.finish();
        // The sitemap: the lists and the pages, both already hashed.
        let mut sitemap = PathsHasher::new(lists_key);
        sitemap.add_key(pages);
        OutputKeys {
            pages: Some(pages),
            sitemap: Some(sitemap.finish()),
            outputs: None,
        }
    }
}

/// The key of every output path: the pages' key, then the generated files' paths (in the
/// order made), then the static files of the theme and of the site.
pub(super) fn outputs_key<'p>(
    pages: u128,
    generated: impl Iterator<Item = &'p str>,
    theme: &Theme,
    site: &Site,
) -> u128 {
    let mut outputs = PathsHasher::new(pages);
    for path in generated {
        outputs.add(path);
    }
    for path in theme.static_files.keys().chain(&site.static_files) {
        outputs.add(path);
    }
    outputs.finish()
}

/// Hashes a sequence of paths.
struct PathsHasher(SipHasher13);

impl PathsHasher {
    fn new(seed: u128) -> Self {
        let mut hasher = SipHasher13::new();
        hasher.write_u128(seed);
        PathsHasher(hasher)
    }

    fn add(&mut self, path: &str) {
        self.0.write_usize(path.len());
        self.0.write(path.as_bytes());
    }

    fn add_key(&mut self, key: u128) {
        self.0.write_u128(key);
    }

    fn finish(&self) -> u128 {
        self.0.finish128().as_u128()
    }
}
