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
//! A large site is indexed as several Pagefind indexes side by side (`SHARD_RECORDS`
//! records each), which the search page merges in the browser, so that indexing uses every
//! core and its memory does not grow with the site.
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
use crate::output::Sink;
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use std::sync::Mutex;
use std::sync::atomic::Ordering;

/// The folder of the bundle in the output; the search page loads its scripts from here.
pub const BUNDLE_DIR: &str = "pagefind";

#[derive(Debug, thiserror::Error)]
#[error("building the search index: {0}")]
pub struct SearchError(String);

impl SearchError {
    /// What the indexer said, without the framing.
    pub fn reason(&self) -> &str {
        &self.0
    }

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

/// Builds the Pagefind bundle from the model and writes each index's files into `sink` as
/// soon as that index is made (a 50,000-task site's bundle is a quarter of a gigabyte,
/// which the build need not hold). Returns the paths written, sorted.
pub fn write_bundle(views: &SiteScope, sink: &dyn Sink) -> Result<Vec<String>, SearchError> {
    let paths = Mutex::new(Vec::new());
    bundle_shards(records(views), views.lang, SHARD_RECORDS, true, &|files| {
        for (path, bytes) in &files {
            sink.write(path, bytes)
                .map_err(|e| SearchError(e.to_string()))?;
        }
        if let Ok(mut paths) = paths.lock() {
            paths.extend(files.into_iter().map(|(path, _)| path));
        }
        Ok(())
    })?;
    let mut paths = paths.into_inner().unwrap_or_default();
    paths.sort();
    Ok(paths)
}

/// How many records one Pagefind index holds. Pagefind keeps every record of an index in
/// memory, with each word twice, until the index is written (some 280 KB a record of a
/// generated task), and indexes one record at a time: a site with more records is indexed
/// as several indexes, as many at once as there are cores, each written as soon as it is
/// done, so that the memory of a build stays flat however many tasks the site has and
/// both cores index. The search page merges them in the browser (Pagefind's `mergeIndex`).
/// Each index a query searches costs a few requests (its entry, its metadata, the part of
/// its word list with the query's words, and its 56 KB WebAssembly): a few thousand
/// records an index keeps that to a handful of indexes at 10,000 tasks.
pub const SHARD_RECORDS: usize = 2_500;

/// The list of the further indexes' folders (relative to the bundle), which the search
/// page reads to merge them: `{"bundles":["shard-2/"]}`.
pub const SHARDS_FILE: &str = "gongshi-shards.json";

/// Builds the bundle from records made earlier (`serve` indexes on a thread of its own,
/// after the pages are up, and keeps the files for its next renders): `(path under the
/// output root, bytes)` for every file, sorted.
pub fn bundle_records(
    records: Vec<SearchRecord>,
    lang: Language,
) -> Result<Vec<(String, Vec<u8>)>, SearchError> {
    collect_shards(records, lang, SHARD_RECORDS)
}

/// [`bundle_shards`] into memory, one index after another: `serve` runs this while the
/// editor pauses, and its next rebuild must find the cores free.
fn collect_shards(
    records: Vec<SearchRecord>,
    lang: Language,
    shard_records: usize,
) -> Result<Vec<(String, Vec<u8>)>, SearchError> {
    let out = Mutex::new(Vec::new());
    bundle_shards(records, lang, shard_records, false, &|files| {
        if let Ok(mut out) = out.lock() {
            out.extend(files);
        }
        Ok(())
    })?;
    let mut out = out.into_inner().unwrap_or_default();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// Where the files of each index go as it is made.
type Emit<'a> = dyn Fn(Vec<(String, Vec<u8>)>) -> Result<(), SearchError> + Sync + 'a;

/// Indexes `records` in runs of `shard_records`: the first run in `pagefind/`, each further
/// one in `pagefind/shard-N/`, and the list of those in [`SHARDS_FILE`]; each index's
/// files go to `emit` as soon as it is made. `parallel` builds as many at once as there
/// are cores; otherwise one after another.
fn bundle_shards(
    records: Vec<SearchRecord>,
    lang: Language,
    shard_records: usize,
    parallel: bool,
    emit: &Emit,
) -> Result<(), SearchError> {
    let shard_records = shard_records.max(1);
    let mut shards: Vec<Vec<SearchRecord>> = Vec::new();
    let mut records = records.into_iter().peekable();
    while records.peek().is_some() {
        shards.push(records.by_ref().take(shard_records).collect());
    }
    if shards.is_empty() {
        shards.push(Vec::new());
    }
    let folders: Vec<String> = (0..shards.len()).map(shard_folder).collect();
    // Each index takes its records and drops them, and Pagefind's working memory, when
    // its files are handed on.
    let one = |(i, (records, folder)): (usize, (Vec<SearchRecord>, &String))| {
        emit(index_files(records, lang, i == 0, folder)?)
    };
    if parallel {
        let queue = Mutex::new(shards.into_iter().zip(folders.iter()).enumerate());
        in_parallel(&queue, one)?;
    } else {
        shards
            .into_iter()
            .zip(folders.iter())
            .enumerate()
            .try_for_each(one)?;
    }
    let further: Vec<String> = folders
        .iter()
        .skip(1)
        .map(|f| format!("{}/", &f[BUNDLE_DIR.len() + 1..]))
        .collect();
    let list = serde_json::json!({ "bundles": further }).to_string();
    emit(vec![(
        format!("{BUNDLE_DIR}/{SHARDS_FILE}"),
        list.into_bytes(),
    )])
}

/// Runs `one` on every item of `queue`, as many at once as rayon has threads, on threads
/// of their own rather than rayon's: a build renders its pages on rayon's threads at the
/// same time, and indexes queued behind the pages would start only when the last page is
/// written, leaving a core idle while the last index is made. Stops taking items after
/// the first error, which it returns.
fn in_parallel<I: Iterator + Send>(
    queue: &Mutex<I>,
    one: impl Fn(I::Item) -> Result<(), SearchError> + Sync,
) -> Result<(), SearchError> {
    let failed = std::sync::atomic::AtomicBool::new(false);
    let work = || -> Result<(), SearchError> {
        while !failed.load(Ordering::Relaxed) {
            let Some(item) = queue.lock().ok().and_then(|mut q| q.next()) else {
                break;
            };
            if let Err(error) = one(item) {
                failed.store(true, Ordering::Relaxed);
                return Err(error);
            }
        }
        Ok(())
    };
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..rayon::current_num_threads().max(1))
            .map(|_| scope.spawn(work))
            .collect();
        workers.into_iter().try_for_each(|worker| {
            worker.join().unwrap_or_else(|_| {
                Err(SearchError::new(
                    "an indexer stopped unexpectedly (a bug in gongshi or Pagefind)",
                ))
            })
        })
    })
}

/// The folder of the `i`th index (from 0): `pagefind`, then `pagefind/shard-2` …
fn shard_folder(i: usize) -> String {
    if i == 0 {
        BUNDLE_DIR.to_string()
    } else {
        format!("{BUNDLE_DIR}/shard-{}", i + 1)
    }
}

/// One Pagefind index of `records`, its files under `folder`. Only the first (`primary`)
/// keeps Pagefind's scripts and styles: the browser loads those once, from there.
fn index_files(
    records: Vec<SearchRecord>,
    lang: Language,
    primary: bool,
    folder: &str,
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
    Ok(files
        .into_iter()
        .map(|file| {
            let relative = file
                .filename
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            (relative, file.contents)
        })
        .filter(|(relative, _)| primary || !is_script_or_style(relative))
        .map(|(relative, contents)| (format!("{folder}/{relative}"), contents))
        .collect())
}

/// Pagefind's scripts and styles (`pagefind.js`, `pagefind-ui.css` …), as opposed to an
/// index's own files (its entry, metadata, words, fragments, filters and WebAssembly).
fn is_script_or_style(relative: &str) -> bool {
    !relative.contains('/')
        && relative.starts_with("pagefind")
        && (relative.ends_with(".js") || relative.ends_with(".css"))
}

fn chain(error: anyhow::Error) -> SearchError {
    SearchError(format!("{error:#}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(i: usize) -> SearchRecord {
        SearchRecord {
            url: format!("/tasks/t{i}/"),
            html: format!(
                "<html lang=\"zh\"><body><h1 data-pagefind-meta=\"title\">任务{i}</h1><p>农房改造 第{i}户</p></body></html>"
            ),
        }
    }

    /// Five records at two an index: three indexes, the first with Pagefind's scripts,
    /// the others listed for the search page to merge, each with its own entry and words.
    #[test]
    fn a_site_with_more_records_than_an_index_holds_gets_several_indexes() {
        let files = collect_shards((0..5).map(record).collect(), Language::ZhCn, 2).unwrap();
        let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
        for folder in ["pagefind", "pagefind/shard-2", "pagefind/shard-3"] {
            let entry = format!("{folder}/pagefind-entry.json");
            assert!(
                paths.contains(&entry.as_str()),
                "{entry} missing: {paths:?}"
            );
            assert!(
                paths
                    .iter()
                    .any(|p| p.starts_with(&format!("{folder}/fragment/"))),
                "{folder} has no records"
            );
        }
        assert!(!paths.iter().any(|p| p.starts_with("pagefind/shard-4")));
        assert!(paths.contains(&"pagefind/pagefind-ui.js"));
        assert!(!paths.contains(&"pagefind/shard-2/pagefind-ui.js"));
        let list = files
            .iter()
            .find(|(p, _)| p == "pagefind/gongshi-shards.json")
            .map(|(_, bytes)| String::from_utf8_lossy(bytes).into_owned());
        assert_eq!(
            list.as_deref(),
            Some(r#"{"bundles":["shard-2/","shard-3/"]}"#)
        );
        let fragments = |folder: &str| {
            paths
                .iter()
                .filter(|p| p.starts_with(&format!("{folder}/fragment/")))
                .count()
        };
        assert_eq!(fragments("pagefind/shard-3"), 1);
    }

    /// Built side by side (as `build` does), the indexes are made on threads of their
    /// own, not on rayon's, which the pages fill at the same time; and they are the same
    /// files as one after another.
    #[test]
    fn indexes_built_side_by_side_are_made_off_rayons_threads_and_are_the_same() {
        let on_rayon = std::sync::atomic::AtomicBool::new(false);
        let out = Mutex::new(Vec::new());
        let records: Vec<SearchRecord> = (0..5).map(record).collect();
        bundle_shards(records.clone(), Language::ZhCn, 2, true, &|files| {
            if rayon::current_thread_index().is_some() {
                on_rayon.store(true, Ordering::Relaxed);
            }
            out.lock().unwrap().extend(files);
            Ok(())
        })
        .unwrap();
        assert!(
            !on_rayon.into_inner(),
            "an index was made on rayon's threads"
        );
        let mut side_by_side = out.into_inner().unwrap();
        side_by_side.sort_by(|a, b| a.0.cmp(&b.0));
        assert_eq!(
            side_by_side,
            collect_shards(records, Language::ZhCn, 2).unwrap()
        );
    }

    /// Up to one index's worth, one index and an empty list: the bundle as before.
    #[test]
    fn a_small_site_has_one_index() {
        let files = collect_shards((0..3).map(record).collect(), Language::ZhCn, 3).unwrap();
        assert!(!files.iter().any(|(p, _)| p.contains("/shard-")));
        assert!(
            files
                .iter()
                .any(|(p, b)| p == "pagefind/gongshi-shards.json" && b == br#"{"bundles":[]}"#)
        );
    }

    #[test]
    fn the_index_language_follows_the_site() {
        assert_eq!(index_language(Language::ZhCn), "zh");
        assert_eq!(index_language(Language::En), "en");
    }
}
