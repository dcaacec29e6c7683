//! Import's last two steps. [`verify`] checks the site as it would be after the import, in a
//! private copy under the site root (files hard-linked, the changed ones written), with the
//! same check as `gongshi check`; [`write_all`] then writes each file whole, through a
//! temporary name, so that an editor or `serve` never sees half a file.

use super::FileChange;
use crate::check::{Checked, check_site};
use crate::diagnostics::Severity;
use std::collections::BTreeSet;
use std::path::Path;
use walkdir::WalkDir;

/// Checks the site with `changes` applied. `Ok(None)` when the changes bring no new error,
/// `Ok(Some(report))` with the new errors otherwise.
pub fn verify(
    root: &Path,
    before: &Checked,
    changes: &[FileChange],
) -> Result<Option<String>, String> {
    for change in changes {
        if change.entries_added > 0 {
            verify_ledger(change)?;
        }
    }
    let copy = tempfile::Builder::new()
        .prefix(".gongshi-import-")
        .tempdir_in(root)
        .map_err(|e| format!("cannot create a working folder in {}: {e}", root.display()))?;
    for folder in ["content", "themes"] {
        mirror(&root.join(folder), &copy.path().join(folder))?;
    }
    for change in changes {
        let path = copy.path().join(&change.path);
        let _ = std::fs::remove_file(&path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        std::fs::write(&path, &change.new)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    let after = check_site(copy.path());
    let known: BTreeSet<(&str, &crate::diagnostics::Text)> = before
        .diagnostics
        .items()
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.path.as_str(), &d.message))
        .collect();
    let mut new_errors = crate::diagnostics::Diagnostics::default();
    for d in after.diagnostics.items() {
        if d.severity == Severity::Error && !known.contains(&(d.path.as_str(), &d.message)) {
            new_errors.push(d.clone());
        }
    }
    if new_errors.is_empty() {
        Ok(None)
    } else {
        Ok(Some(new_errors.render(&after.sources, after.language)))
    }
}

/// A ledger appended to reads back with every old entry and every new one.
fn verify_ledger(change: &FileChange) -> Result<(), String> {
    let count = |text: &str| {
        let stem = Path::new(&change.path)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        crate::load::decode_task(&change.path, &stem, text)
            .0
            .map(|t| t.ledger.len())
    };
    let old = change.old.as_deref().map(count);
    match (old, count(&change.new)) {
        (Some(Some(old)), Some(new)) if new == old + change.entries_added => Ok(()),
        _ => Err(format!(
            "{}: the entries could not be added without changing what the file says; add them by hand (nothing was written)",
            change.path
        )),
    }
}

/// `to` as a copy of the folder `from`: files hard-linked where the file system allows it,
/// copied otherwise; links kept as links.
fn mirror(from: &Path, to: &Path) -> Result<(), String> {
    if !from.is_dir() {
        return Ok(());
    }
    for entry in WalkDir::new(from).follow_links(false) {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", from.display()))?;
        let relative = entry.path().strip_prefix(from).unwrap_or(entry.path());
        let target = to.join(relative);
        let kind = entry.file_type();
        let result = if kind.is_dir() {
            std::fs::create_dir_all(&target)
        } else if kind.is_symlink() {
            symlink(entry.path(), &target)
        } else {
            std::fs::hard_link(entry.path(), &target)
                .or_else(|_| std::fs::copy(entry.path(), &target).map(|_| ()))
        };
        result.map_err(|e| format!("cannot copy {} for the check: {e}", entry.path().display()))?;
    }
    Ok(())
}

#[cfg(unix)]
fn symlink(link: &Path, target: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(std::fs::read_link(link)?, target)
}

#[cfg(not(unix))]
fn symlink(_link: &Path, _target: &Path) -> std::io::Result<()> {
    Ok(())
}

/// Writes every change: each file through a temporary name in its folder, then renamed.
pub fn write_all(root: &Path, changes: &[FileChange]) -> Result<(), String> {
    for change in changes {
        let path = root.join(&change.path);
        let parent = path.parent().unwrap_or(root);
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        let mut temporary = tempfile::Builder::new()
            .prefix(".gongshi-import-")
            .tempfile_in(parent)
            .map_err(|e| format!("cannot write in {}: {e}", parent.display()))?;
        std::io::Write::write_all(&mut temporary, change.new.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        if let Ok(meta) = std::fs::metadata(&path) {
            let _ = std::fs::set_permissions(temporary.path(), meta.permissions());
        }
        temporary
            .persist(&path)
            .map_err(|e| format!("cannot write {}: {}", path.display(), e.error))?;
    }
    Ok(())
}
