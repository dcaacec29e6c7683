//! Copying the static files into the output: the theme's assets, then the site's own
//! `content/static/` (which replaces a theme asset of the same path, and may not take the
//! place of a file gongshi generates).

use super::options::RenderError;
use super::theme::{StaticSource, Theme};
use crate::model::Site;
use crate::output::Sink;
use std::collections::HashSet;
use std::path::Path;

/// Writes the static files; returns how many. `generated` lists every other file of the
/// render (its pages and generated files), for the collision check; it is called only when
/// the site has static files of its own.
pub(super) fn copy_static_files(
    root: &Path,
    site: &Site,
    theme: &Theme,
    generated: impl FnOnce() -> HashSet<String>,
    sink: &dyn Sink,
) -> Result<usize, RenderError> {
    let mut files = 0;
    let generated = if site.static_files.is_empty() {
        HashSet::new()
    } else {
        generated()
    };
    let content_static = root.join("content").join("static");
    for (path, source) in &theme.static_files {
        if site.static_files.contains(path) {
            continue;
        }
        match source {
            StaticSource::Embedded(bytes) => sink.write(path, bytes)?,
            StaticSource::File(from) => sink.copy_file(path, from)?,
        }
        files += 1;
    }
    for path in &site.static_files {
        if generated.contains(path) {
            return Err(RenderError::StaticCollision(path.clone()));
        }
        sink.copy_file(path, &content_static.join(path))?;
        files += 1;
    }
    Ok(files)
}
