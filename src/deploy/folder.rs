//! A `kind: folder` target: a folder a web server serves (an nginx root) or a mounted share.
//! Files are compared by content hash; each new file is written under a temporary name in
//! its own folder and renamed into place, so a reader never gets half a page.

use super::Plan;
use super::local::{LocalFile, sha256_hex};
use crate::diagnostics::{Text, io_reason};
use crate::words;
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use walkdir::WalkDir;

/// The ending of a file being written; one left by an interrupted deploy is removed.
const TEMPORARY: &str = ".gongshi-deploy-tmp";

pub struct FolderHost {
    dir: PathBuf,
}

impl FolderHost {
    /// `path` is relative to the site root unless absolute. A target that holds the site
    /// itself or the build would be emptied by "remove what is gone", so it is refused.
    pub fn new(root: &Path, output: &Path, path: &str) -> Result<FolderHost, Text> {
        let dir = root.join(path);
        let resolved = resolve(&dir);
        let output = resolve(output);
        let root = resolve(root);
        if resolved == output || resolved.starts_with(&output) || output.starts_with(&resolved) {
            return Err(words!(
                "deploy_folder_overlaps_build",
                dir = dir.display().to_string(),
                output = output.display().to_string()
            ));
        }
        let inside_site = ["content", "themes", "templates"]
            .iter()
            .any(|sub| resolved.starts_with(root.join(sub)));
        if root.starts_with(&resolved) || inside_site {
            return Err(words!(
                "deploy_folder_holds_site",
                dir = dir.display().to_string()
            ));
        }
        if dir.exists() && !dir.is_dir() {
            return Err(words!(
                "deploy_folder_is_a_file",
                dir = dir.display().to_string()
            ));
        }
        Ok(FolderHost { dir })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn plan(&self, local: &[LocalFile]) -> Result<Plan, Text> {
        let present = self.present()?;
        let wanted: BTreeMap<&str, &LocalFile> =
            local.iter().map(|f| (f.path.as_str(), f)).collect();
        let hashes: Vec<(String, Option<String>)> = present
            .into_par_iter()
            .map(|(relative, full)| {
                let wanted_here = wanted.contains_key(relative.as_str());
                // Only a file the build also has needs reading.
                let hash = wanted_here
                    .then(|| std::fs::read(&full).ok().map(|b| sha256_hex(&b)))
                    .flatten();
                (relative, hash)
            })
            .collect();
        let mut on_target = BTreeMap::new();
        let mut deletes = Vec::new();
        for (relative, hash) in hashes {
            if wanted.contains_key(relative.as_str()) {
                on_target.insert(relative, hash);
            } else {
                deletes.push(relative);
            }
        }
        let mut uploads = Vec::new();
        let mut unchanged = 0;
        for file in local {
            match on_target.get(&file.path) {
                Some(Some(hash)) if *hash == file.sha256 => unchanged += 1,
                _ => uploads.push(file.clone()),
            }
        }
        Ok(Plan::new(uploads, deletes, unchanged))
    }

    /// Every file (and link) under the folder, relative, with its full path; never follows
    /// a link, so a link out of the folder is replaced or removed, never what it points at.
    fn present(&self) -> Result<Vec<(String, PathBuf)>, Text> {
        if !self.dir.exists() {
            return Ok(Vec::new());
        }
        let mut files = Vec::new();
        for entry in WalkDir::new(&self.dir).follow_links(false) {
            let entry = entry.map_err(|err| {
                words!(
                    "deploy_cannot_read",
                    path = self.dir.display().to_string(),
                    reason = err.to_string()
                )
            })?;
            if entry.file_type().is_dir() {
                continue;
            }
            let relative = entry
                .path()
                .strip_prefix(&self.dir)
                .unwrap_or(entry.path())
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            files.push((relative, entry.path().to_path_buf()));
        }
        Ok(files)
    }

    pub fn upload(&self, files: &[LocalFile]) -> Vec<(String, Text)> {
        files
            .par_iter()
            .filter_map(|file| {
                self.copy(file)
                    .err()
                    .map(|message| (file.path.clone(), message))
            })
            .collect()
    }

    fn copy(&self, file: &LocalFile) -> Result<(), Text> {
        let destination = self.dir.join(&file.path);
        let parent = destination.parent().unwrap_or(&self.dir);
        std::fs::create_dir_all(parent).map_err(|err| {
            words!(
                "deploy_cannot_create_folder",
                path = parent.display().to_string(),
                reason = io_reason(&err)
            )
        })?;
        let name = destination
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let temporary = parent.join(format!(".{name}{TEMPORARY}"));
        std::fs::copy(&file.full_path, &temporary).map_err(|err| {
            words!(
                "deploy_cannot_copy",
                from = file.full_path.display().to_string(),
                to = temporary.display().to_string(),
                reason = io_reason(&err)
            )
        })?;
        std::fs::rename(&temporary, &destination).map_err(|err| {
            let _ = std::fs::remove_file(&temporary);
            words!(
                "deploy_cannot_put_in_place",
                path = destination.display().to_string(),
                reason = io_reason(&err)
            )
        })
    }

    /// Removes the files, then every folder left empty by that.
    pub fn delete(&self, paths: &[String]) -> Vec<(String, Text)> {
        let mut failures = Vec::new();
        for path in paths {
            let full = self.dir.join(path);
            if let Err(err) = std::fs::remove_file(&full) {
                failures.push((
                    path.clone(),
                    words!(
                        "deploy_cannot_remove",
                        path = full.display().to_string(),
                        reason = io_reason(&err)
                    ),
                ));
                continue;
            }
            let mut folder = full.parent();
            while let Some(dir) = folder {
                if dir == self.dir || std::fs::remove_dir(dir).is_err() {
                    break;
                }
                folder = dir.parent();
            }
        }
        failures
    }
}

/// The absolute form of a path whose last parts may not exist yet.
fn resolve(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(real) = existing.canonicalize() {
            return rest
                .iter()
                .rev()
                .fold(real, |p: PathBuf, part| p.join(part));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return absolute,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_holding_the_site_or_the_build_is_refused() {
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        std::fs::create_dir_all(root.join("public")).unwrap();
        let output = root.join("public");
        for path in [".", "public", "public/www", "content/www", ".."] {
            assert!(
                FolderHost::new(root, &output, path).is_err(),
                "{path} was accepted"
            );
        }
        assert!(FolderHost::new(root, &output, "www").is_ok());
    }
}
