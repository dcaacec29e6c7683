//! The public history, beside the pipeline: `publish` records what the site says at a
//! moment (`content/publications/NNNN.json`, chained by sha256), `check` and `build` verify
//! the chain, `diff` tells what changed between two publications, the build's manifest lists
//! the hash of every output file, and `verify` checks a deployed copy against it; the
//! timeline reads the publications back for the pages. It reads the model and the output's
//! sink; the render stage reads the timeline to show the history in the site.

pub mod canonical;
pub mod chain;
pub mod diff;
pub mod manifest;
pub mod publish;
pub mod timeline;
pub mod verify;

use crate::diagnostics::io_reason;
use crate::diagnostics::{Diagnostic, Diagnostics, Text};
use crate::words;
use crate::yaml::Pos;
use canonical::Snapshot;
use chain::{Chain, ChainCheck, FOLDER, Problem, number_of};
use std::path::{Path, PathBuf};

/// The publication files under `root/content/publications/`, in number order, and the
/// entries there that are not publication files.
pub struct Listing {
    pub files: Vec<(u32, String, PathBuf)>,
    pub strays: Vec<String>,
}

/// The folder publications are written to.
pub fn folder(root: &Path) -> PathBuf {
    root.join("content").join(FOLDER)
}

/// Lists the publication folder (an absent folder holds none).
pub fn list(root: &Path) -> Result<Listing, std::io::Error> {
    let dir = folder(root);
    let mut listing = Listing {
        files: Vec::new(),
        strays: Vec::new(),
    };
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(listing),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue; // a publication being written, or a hidden file
        }
        match number_of(&name) {
            Some(number) if entry.file_type()?.is_file() => {
                listing.files.push((number, name, entry.path()))
            }
            _ => listing.strays.push(name),
        }
    }
    listing.files.sort();
    listing.strays.sort();
    Ok(listing)
}

/// Checks the chain of the site's publications.
pub fn check_chain(root: &Path) -> Result<(Chain, Vec<String>), std::io::Error> {
    let listing = list(root)?;
    let mut check = ChainCheck::default();
    for (_, name, path) in &listing.files {
        match std::fs::read(path) {
            Ok(bytes) => check.add(name, &bytes),
            Err(e) => {
                let mut chain = check.finish();
                chain.problems.push(Problem {
                    file: name.clone(),
                    line: 1,
                    message: words!("publish_unreadable", reason = io_reason(&e)),
                    help: Text::key("files_unreadable_help"),
                });
                return Ok((chain, listing.strays));
            }
        }
    }
    Ok((check.finish(), listing.strays))
}

/// The site-root path of a publication file, as messages name it.
pub fn shown(name: &str) -> String {
    format!("content/{FOLDER}/{name}")
}

/// The problems of the publication chain as diagnostics of `check` and `build`.
pub fn diagnostics(root: &Path) -> Diagnostics {
    let mut out = Diagnostics::default();
    let start = Pos { line: 1, col: 1 };
    match check_chain(root) {
        Ok((chain, strays)) => {
            for problem in chain.problems {
                out.push(
                    Diagnostic::error(
                        &shown(&problem.file),
                        Pos {
                            line: problem.line,
                            col: 1,
                        },
                        problem.message,
                    )
                    .with_help(problem.help),
                );
            }
            for stray in strays {
                out.push(
                    Diagnostic::warning(&shown(&stray), start, Text::key("publish_stray"))
                        .with_help(Text::key("publish_stray_help")),
                );
            }
        }
        Err(e) => out.push(
            Diagnostic::error(
                &format!("content/{FOLDER}"),
                start,
                words!("publish_folder_unreadable", reason = io_reason(&e)),
            )
            .with_help(Text::key("files_unreadable_help")),
        ),
    }
    out
}

/// The newest publication's number and data, when there is one and it can be read.
pub fn newest(root: &Path) -> Result<Option<(u32, Snapshot)>, String> {
    let listing = list(root).map_err(|e| format!("cannot read {}: {e}", folder(root).display()))?;
    let Some((number, name, path)) = listing.files.last() else {
        return Ok(None);
    };
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", shown(name)))?;
    Ok(Some((
        *number,
        Snapshot::from_text(&String::from_utf8_lossy(&bytes)),
    )))
}
