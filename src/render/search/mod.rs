//! Site search that needs no server and understands Chinese: a Pagefind bundle written into
//! `pagefind/`, built at render time from the model rather than by re-reading the rendered
//! pages, so the index holds what readers search for (titles, organisations, leaders, plans,
//! ledger entries, results) and none of the navigation repeated on every page.
//!
//! Each record is a small HTML document made here from the model and handed to Pagefind's
//! `add_html_file` (never written to disk): unlike `add_custom_record`, a document can weight
//! the title above the body and carry headings with ids, which Pagefind turns into sub-results
//! that link to a fragment of the page (a task's ledger entry, a result row of a round). The
//! record URLs are the site's own links, base path included, so the search page sets Pagefind's
//! `baseUrl` to `/`. Chinese is segmented at index time (Pagefind's `extended` feature).
//!
//! Nothing in a record can become markup again: Pagefind decodes the HTML entities of every
//! filter, meta value, heading and text it reads, and its default UI draws filter labels and
//! titles with `innerHTML`, so an escaped `&lt;img onerror=…&gt;` in an org name would run as
//! script on the search page. What content puts in a record therefore holds none of the five
//! characters that make markup, only their full-width look-alikes (`inert`).
//!
//! Pagefind's indexing time grows with the square of a record's size (each occurrence of a
//! word is checked against the earlier ones), so what grows without bound is cut into runs
//! of at most `records::RECORD_TEXT_BYTES` of text (`records::record_runs`): a long ledger, or a round with
//! thousands of results, continues in further records of the same page, each linking to its
//! first part; a single text longer than that is indexed from its start up to that size.

mod inert;
mod records;

pub use records::records;

use super::pages::SiteScope;
use crate::model::Language;
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;

/// The folder of the bundle in the output; the search page loads its scripts from here.
pub const BUNDLE_DIR: &str = "pagefind";

#[derive(Debug, thiserror::Error)]
#[error("building the search index: {0}")]
pub struct SearchError(String);

impl SearchError {
    pub fn new(message: &str) -> Self {
        SearchError(message.to_string())
    }
}

/// One searchable record: the page it leads to and the document Pagefind indexes.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchRecord {
    /// The link to the page, base path included (`/gongshi/tasks/x/`).
    pub url: String,
    pub html: String,
}

/// Pagefind's language for the site: it picks the segmenter, and the browser picks the index
/// by `<html lang>` (`zh-CN` falls back to `zh`).
pub fn index_language(lang: Language) -> &'static str {
    match lang {
        Language::ZhCn => "zh",
        Language::En => "en",
    }
}

/// Builds the Pagefind bundle: `(path under the output root, bytes)` for every file, sorted.
pub fn bundle(views: &SiteScope) -> Result<Vec<(String, Vec<u8>)>, SearchError> {
    bundle_records(records(views), views.lang)
}

/// Builds the bundle from records made earlier (`serve` indexes on a thread of its own,
/// after the pages are up).
pub fn bundle_records(
    records: Vec<SearchRecord>,
    lang: Language,
) -> Result<Vec<(String, Vec<u8>)>, SearchError> {
    let language = index_language(lang).to_string();
    // Pagefind's API is async (it hops onto tokio's blocking pool); a private current-thread
    // runtime keeps the render stage synchronous and works whether or not the caller is
    // itself inside a runtime, because this runs on a thread of its own (see `site.rs`).
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| SearchError(format!("cannot start the indexer: {e}")))?;
    let files = runtime.block_on(async move {
        let config = PagefindServiceConfig::builder()
            .force_language(language)
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(chain)?;
        for record in records {
            index
                .add_html_file(None, Some(record.url.clone()), record.html)
                .await
                .map_err(|e| SearchError(format!("{}: {}", record.url, chain(e).0)))?;
        }
        index.get_files().await.map_err(chain)
    })?;
    let mut out: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .map(|file| {
            let relative = file
                .filename
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            (format!("{BUNDLE_DIR}/{relative}"), file.contents)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

fn chain(error: anyhow::Error) -> SearchError {
    SearchError(format!("{error:#}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_index_language_follows_the_site() {
        assert_eq!(index_language(Language::ZhCn), "zh");
        assert_eq!(index_language(Language::En), "en");
    }
}
