//! The built site as deploy sees it: every file with its size and content hashes, the order
//! it goes up in, and the `Content-Type` and `Cache-Control` a web host should serve it with.

use rayon::prelude::*;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// One file of the built site.
#[derive(Clone, Debug)]
pub struct LocalFile {
    /// Relative to the output folder, with `/` separators.
    pub path: String,
    pub full_path: PathBuf,
    pub size: u64,
    /// Lower-case hex; what targets compare.
    pub sha256: String,
    /// Lower-case hex; equal to a plain S3 upload's ETag, which spares a request per object.
    pub md5: String,
}

impl LocalFile {
    pub fn rank(&self) -> Rank {
        rank(&self.path)
    }
}

/// The order files go up in, so that a reader never gets a page whose stylesheet or linked
/// page is not there yet: assets, then pages, then the entry points that link to them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rank {
    Asset,
    Page,
    Home,
    Feed,
    Sitemap,
    Manifest,
}

pub fn rank(path: &str) -> Rank {
    match path {
        // Each search index's entry (one per shard on a big site) names its hash-named
        // files, and the list of shards names the shards: they go up after what they name.
        _ if is_search_entry(path) => Rank::Page,
        "index.html" => Rank::Home,
        "sitemap.xml" => Rank::Sitemap,
        "manifest.json" => Rank::Manifest,
        _ if !path.contains('/') && path.ends_with(".xml") => Rank::Feed,
        _ if path.ends_with(".html") => Rank::Page,
        _ => Rank::Asset,
    }
}

/// `pagefind/pagefind-entry.json`, `pagefind/shard-2/pagefind-entry.json`, or the list of
/// shards: the files of the search bundle that name others.
fn is_search_entry(path: &str) -> bool {
    let Some(inside) = path
        .strip_prefix(crate::render::SEARCH_BUNDLE_DIR)
        .and_then(|rest| rest.strip_prefix('/'))
    else {
        return false;
    };
    let name = inside.rsplit('/').next().unwrap_or(inside);
    name == "pagefind-entry.json" || inside == crate::render::SEARCH_SHARDS_FILE
}

#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    #[error(
        "there is no built site in {0}: run `gongshi build` first (or name the folder with --output)"
    )]
    NotBuilt(PathBuf),
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl ScanError {
    /// What went wrong and what to do, in the words of the message table.
    pub fn words(&self) -> crate::diagnostics::Text {
        match self {
            ScanError::NotBuilt(path) => {
                crate::words!("deploy_not_built", path = path.display().to_string())
            }
            ScanError::Read { path, source } => crate::words!(
                "deploy_cannot_read",
                path = path.display().to_string(),
                reason = crate::diagnostics::io_reason(source)
            ),
        }
    }
}

/// Every file under `output`, sorted by path, hashed in parallel.
pub fn scan(output: &Path) -> Result<Vec<LocalFile>, ScanError> {
    if !output.join("index.html").is_file() {
        return Err(ScanError::NotBuilt(output.to_path_buf()));
    }
    let mut paths = Vec::new();
    for entry in WalkDir::new(output).sort_by_file_name() {
        let entry = entry.map_err(|err| ScanError::Read {
            path: err.path().unwrap_or(output).to_path_buf(),
            source: err.into(),
        })?;
        if !entry.file_type().is_file() {
            continue;
        }
        let relative = entry
            .path()
            .strip_prefix(output)
            .unwrap_or(entry.path())
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        paths.push((relative, entry.path().to_path_buf()));
    }
    paths
        .into_par_iter()
        .map(|(path, full_path)| {
            let bytes = std::fs::read(&full_path).map_err(|source| ScanError::Read {
                path: full_path.clone(),
                source,
            })?;
            Ok(LocalFile {
                path,
                size: bytes.len() as u64,
                sha256: sha256_hex(&bytes),
                md5: md5_hex(&bytes),
                full_path,
            })
        })
        .collect()
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(Sha256::digest(bytes).as_slice())
}

pub fn md5_hex(bytes: &[u8]) -> String {
    hex(<md5::Md5 as md5::Digest>::digest(bytes).as_slice())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The media type, with `charset=utf-8` on every text type so that Chinese pages never
/// depend on a host's default encoding.
pub fn content_type(path: &str) -> &'static str {
    let extension = path
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "xml" if path.ends_with("atom.xml") => "application/atom+xml; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "wasm" => "application/wasm",
        "zip" => "application/zip",
        "doc" => "application/msword",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xls" => "application/vnd.ms-excel",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "mp4" => "video/mp4",
        _ => "application/octet-stream",
    }
}

/// How long browsers and CDNs may keep a file. The search index's fragments are named by
/// their content hash, so they never change under their name; pages and data change with
/// every publication and are kept briefly; theme assets keep their names across builds, and
/// so does the search's `wasm.<language>.pagefind`, named by language, not by content.
pub fn cache_control(path: &str) -> &'static str {
    const HASHED: &[&str] = &[".pf_fragment", ".pf_index", ".pf_filter", ".pf_meta"];
    if HASHED.iter().any(|e| path.ends_with(e)) {
        "public, max-age=31536000, immutable"
    } else if path.ends_with(".html")
        || path.ends_with(".xml")
        || path.ends_with(".json")
        || path.ends_with(".csv")
        || path.ends_with(".txt")
    {
        "public, max-age=300, must-revalidate"
    } else if path.starts_with("assets/") || path.starts_with("pagefind/") {
        "public, max-age=3600"
    } else {
        "public, max-age=86400"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_points_go_last_in_the_documented_order() {
        let mut paths = [
            "manifest.json",
            "sitemap.xml",
            "atom.xml",
            "index.html",
            "tasks/a/index.html",
            "assets/style.css",
            "data/tasks.json",
        ];
        paths.sort_by_key(|p| rank(p));
        assert_eq!(
            paths,
            [
                "assets/style.css",
                "data/tasks.json",
                "tasks/a/index.html",
                "index.html",
                "atom.xml",
                "sitemap.xml",
                "manifest.json"
            ]
        );
    }

    #[test]
    fn text_types_carry_the_charset() {
        for (path, expected) in [
            ("index.html", "text/html; charset=utf-8"),
            ("atom.xml", "application/atom+xml; charset=utf-8"),
            ("data/tasks.csv", "text/csv; charset=utf-8"),
            ("assets/site.js", "text/javascript; charset=utf-8"),
            ("photos/a.JPG", "image/jpeg"),
            (
                "pagefind/fragment/zh_1.pf_fragment",
                "application/octet-stream",
            ),
        ] {
            assert_eq!(content_type(path), expected, "{path}");
        }
    }

    #[test]
    fn pages_are_cached_briefly_and_hashed_search_files_for_a_year() {
        assert_eq!(
            cache_control("tasks/a/index.html"),
            "public, max-age=300, must-revalidate"
        );
        assert_eq!(
            cache_control("pagefind/fragment/zh_8a36be1.pf_fragment"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(cache_control("assets/style.css"), "public, max-age=3600");
        assert_eq!(cache_control("photos/x.jpg"), "public, max-age=86400");
    }

    #[test]
    fn the_search_wasm_is_not_kept_for_a_year_as_its_name_has_no_hash() {
        // A newer gongshi ships a newer search under the same name.
        for path in [
            "pagefind/wasm.unknown.pagefind",
            "pagefind/wasm.en.pagefind",
        ] {
            assert_eq!(cache_control(path), "public, max-age=3600", "{path}");
        }
    }

    #[test]
    fn the_search_entry_goes_up_after_the_index_files_it_names() {
        let mut paths = [
            "pagefind/pagefind-entry.json",
            "pagefind/shard-2/pagefind-entry.json",
            "pagefind/gongshi-shards.json",
            "pagefind/pagefind.zh_729518bf35.pf_meta",
            "pagefind/shard-2/pagefind.zh_1b0a9e0c2d.pf_meta",
            "pagefind/index/zh_4e6dd96.pf_index",
        ];
        paths.sort_by_key(|p| rank(p));
        for entry in &paths[3..] {
            assert_eq!(rank(entry), Rank::Page, "{entry}");
        }
        assert_eq!(
            rank("pagefind/shard-2/pagefind.zh_1b0a9e0c2d.pf_meta"),
            Rank::Asset
        );
        assert_eq!(rank("docs/pagefind-entry.json"), Rank::Asset);
        assert!(rank("pagefind/pagefind-entry.json") < rank("index.html"));
    }
}
