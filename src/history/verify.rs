//! `gongshi verify DIR|URL`: checks a deployed copy of a site against its `manifest.json`:
//! every listed file present and unaltered, no file that is not listed (in a folder; a web
//! server cannot be listed), and the publication chain copied into the site intact, its head
//! the one the manifest names. Over HTTP(S) the files are fetched in parallel, each with a
//! timeout, and each unreachable file is reported on its own.

use super::chain::{ChainCheck, FOLDER, number_of, short};
use super::manifest::{MANIFEST, Manifest};
use crate::diagnostics::Text;
use crate::diagnostics::io_reason;
use crate::output::sha256_hex;
use crate::words;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Where the copy is.
#[derive(Clone, Debug, PartialEq)]
pub enum Source {
    Folder(PathBuf),
    /// A base URL ending in `/`.
    Web(String),
}

/// How long one file may take to arrive.
const TIMEOUT: Duration = Duration::from_secs(30);
/// Files fetched at the same time.
const WORKERS: usize = 8;

/// A usage error: the copy cannot be looked at at all (exit 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub Text);

impl Source {
    pub fn parse(arg: &str) -> Result<Source, UsageError> {
        let lower = arg.to_ascii_lowercase();
        if lower.starts_with("http://") || lower.starts_with("https://") {
            let mut base = arg.to_string();
            if let Some(stripped) = base.strip_suffix(MANIFEST) {
                base = stripped.to_string();
            }
            if !base.ends_with('/') {
                base.push('/');
            }
            if base.parse::<ureq::http::Uri>().is_err() {
                return Err(UsageError(words!("verify_bad_address", arg = arg)));
            }
            return Ok(Source::Web(base));
        }
        if lower.contains("://") {
            return Err(UsageError(words!("verify_bad_scheme", arg = arg)));
        }
        let path = PathBuf::from(arg);
        if !path.is_dir() {
            return Err(UsageError(words!(
                "verify_no_folder",
                path = path.display().to_string()
            )));
        }
        Ok(Source::Folder(path))
    }
}

/// One difference between the copy and its manifest: the file, and what is wrong with it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Difference {
    /// The file's path in the site (`tasks/x/index.html`).
    pub path: String,
    pub what: Text,
}

impl Difference {
    fn new(path: impl Into<String>, what: Text) -> Difference {
        Difference {
            path: path.into(),
            what,
        }
    }

    /// `path: what`, in `language`.
    pub fn line(&self, language: crate::model::Language) -> String {
        format!("{}: {}", self.path, self.what.in_language(language))
    }
}

/// What `verify` found.
#[derive(Debug, Default)]
pub struct Report {
    /// One difference per file, sorted by file.
    pub problems: Vec<Difference>,
    pub files_checked: usize,
    /// Whether the manifest was read: without it nothing else could be compared.
    pub manifest_read: bool,
    pub publication: Option<u32>,
    pub head: Option<String>,
}

/// A file that could not be read or fetched.
enum Fetched {
    Bytes(Vec<u8>),
    Missing,
    Failed(Text),
}

/// A path from a manifest is used only when it stays inside the copy.
fn safe(path: &str) -> bool {
    !path.is_empty()
        && !path.contains('\\')
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// Percent-encodes a relative path for a URL, keeping `/`.
fn encode(path: &str) -> String {
    let mut out = String::new();
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

struct Fetcher {
    source: Source,
    agent: ureq::Agent,
}

impl Fetcher {
    fn new(source: Source) -> Fetcher {
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(TIMEOUT))
            .build()
            .new_agent();
        Fetcher { source, agent }
    }

    fn fetch(&self, path: &str) -> Fetched {
        match &self.source {
            Source::Folder(dir) => match std::fs::read(dir.join(path)) {
                Ok(bytes) => Fetched::Bytes(bytes),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Fetched::Missing,
                Err(e) => Fetched::Failed(words!("verify_unreadable", reason = io_reason(&e))),
            },
            Source::Web(base) => {
                let url = format!("{base}{}", encode(path));
                match self.agent.get(&url).call() {
                    Ok(mut response) => match response
                        .body_mut()
                        .with_config()
                        .limit(1 << 30)
                        .read_to_vec()
                    {
                        Ok(bytes) => Fetched::Bytes(bytes),
                        Err(e) => Fetched::Failed(words!(
                            "verify_url_unreadable",
                            url = &url,
                            reason = network_reason(&e)
                        )),
                    },
                    Err(ureq::Error::StatusCode(404 | 410)) => Fetched::Missing,
                    Err(ureq::Error::StatusCode(code)) => Fetched::Failed(words!(
                        "verify_url_status",
                        url = &url,
                        code = code.to_string()
                    )),
                    Err(ureq::Error::Timeout(_)) => Fetched::Failed(words!(
                        "verify_url_timeout",
                        url = &url,
                        seconds = TIMEOUT.as_secs().to_string()
                    )),
                    Err(e) => Fetched::Failed(words!(
                        "verify_url_unreachable",
                        url = &url,
                        reason = network_reason(&e)
                    )),
                }
            }
        }
    }
}

/// Why a web request failed, in words a clerk can act on where the cause is a common one
/// (nothing at that address, a name that does not resolve); otherwise the client's own.
fn network_reason(error: &ureq::Error) -> Text {
    match error {
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
            Text::key("verify_connection_refused")
        }
        // The system's resolver says so only in words: std gives this error no kind.
        ureq::Error::Io(e) if e.to_string().starts_with("failed to lookup address") => {
            Text::key("verify_host_not_found")
        }
        ureq::Error::Io(e) => io_reason(e),
        ureq::Error::HostNotFound => Text::key("verify_host_not_found"),
        ureq::Error::ConnectionFailed => Text::key("verify_connection_failed"),
        other => Text::from(other.to_string()),
    }
}

/// Checks the copy at `source`.
pub fn verify(source: Source) -> Report {
    let fetcher = Fetcher::new(source.clone());
    let mut report = Report::default();
    let manifest = match fetcher.fetch(MANIFEST) {
        Fetched::Bytes(bytes) => match Manifest::parse(&bytes) {
            Ok(manifest) => manifest,
            Err(e) => {
                report.problems.push(Difference::new(
                    MANIFEST,
                    words!("verify_manifest_unreadable", reason = e),
                ));
                return report;
            }
        },
        Fetched::Missing => {
            report.problems.push(Difference::new(
                MANIFEST,
                Text::key("verify_manifest_missing"),
            ));
            return report;
        }
        Fetched::Failed(e) => {
            report.problems.push(Difference::new(MANIFEST, e));
            return report;
        }
    };
    report.manifest_read = true;
    report.publication = manifest.publication;
    report.head = manifest.head.clone();
    let paths: Vec<&String> = manifest.files.keys().collect();
    let publications: Mutex<Vec<(u32, String, Vec<u8>)>> = Mutex::default();
    let problems: Mutex<Vec<Difference>> = Mutex::default();
    let next = AtomicUsize::new(0);
    let workers = match source {
        Source::Folder(_) => rayon::current_num_threads().max(1),
        Source::Web(_) => WORKERS,
    };
    std::thread::scope(|scope| {
        for _ in 0..workers.min(paths.len().max(1)) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(path) = paths.get(i) else { break };
                    let entry = &manifest.files[path.as_str()];
                    let problem = if !safe(path) {
                        Some(Difference::new(path.as_str(), Text::key("verify_outside")))
                    } else {
                        match fetcher.fetch(path) {
                            Fetched::Bytes(bytes) => {
                                let hash = sha256_hex(&bytes);
                                if let Some(name) = path.strip_prefix(&format!("{FOLDER}/"))
                                    && let Some(number) = number_of(name)
                                    && let Ok(mut list) = publications.lock()
                                {
                                    list.push((number, name.to_string(), bytes.clone()));
                                }
                                if hash != entry.sha256 || bytes.len() as u64 != entry.size {
                                    Some(Difference::new(
                                        path.as_str(),
                                        words!(
                                            "verify_altered",
                                            size = bytes.len().to_string(),
                                            hash = short(&hash),
                                            listed_size = entry.size.to_string(),
                                            listed_hash = short(&entry.sha256),
                                        ),
                                    ))
                                } else {
                                    None
                                }
                            }
                            Fetched::Missing => {
                                Some(Difference::new(path.as_str(), Text::key("verify_missing")))
                            }
                            Fetched::Failed(e) => Some(Difference::new(path.as_str(), e)),
                        }
                    };
                    if let Some(problem) = problem
                        && let Ok(mut list) = problems.lock()
                    {
                        list.push(problem);
                    }
                }
            });
        }
    });
    report.files_checked = paths.len();
    let mut problems = problems.into_inner().unwrap_or_default();
    if let Source::Folder(dir) = &source {
        for entry in walkdir::WalkDir::new(dir)
            .min_depth(1)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| !e.file_type().is_dir())
        {
            let relative = crate::diagnostics::display_path(dir, entry.path());
            if relative != MANIFEST && !manifest.files.contains_key(&relative) {
                problems.push(Difference::new(relative, Text::key("verify_extra")));
            }
        }
    }
    problems.sort();
    problems.extend(check_chain(
        &manifest,
        publications.into_inner().unwrap_or_default(),
    ));
    report.problems = problems;
    report
}

/// Re-checks the publication chain copied into the site, and that its head is the one the
/// manifest names.
fn check_chain(
    manifest: &Manifest,
    mut publications: Vec<(u32, String, Vec<u8>)>,
) -> Vec<Difference> {
    publications.sort();
    let mut check = ChainCheck::default();
    for (_, name, bytes) in &publications {
        check.add(name, bytes);
    }
    let chain = check.finish();
    let intact = chain.problems.is_empty();
    let newest = chain.links.last();
    let (found_head, found_number) = (newest.map(|l| l.chain.clone()), newest.map(|l| l.number));
    let mut problems: Vec<Difference> = chain
        .problems
        .into_iter()
        .map(|p| Difference::new(format!("{FOLDER}/{}:{}", p.file, p.line), p.message))
        .collect();
    if intact && (found_head != manifest.head || found_number != manifest.publication) {
        let none = || Text::key("verify_none");
        problems.push(Difference::new(
            MANIFEST,
            words!(
                "verify_head_mismatch",
                number = manifest
                    .publication
                    .map_or_else(none, |n| n.to_string().into()),
                head = manifest
                    .head
                    .as_deref()
                    .map_or_else(none, |h| short(h).into()),
                found_number = found_number.map_or_else(none, |n| n.to_string().into()),
                found_head = found_head.as_deref().map_or_else(none, |h| short(h).into()),
            ),
        ));
    }
    problems
}
