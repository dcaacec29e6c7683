//! `gongshi check`: the site's check, and the publication chain's.

use crate::check::{Checked, check_site};
use std::path::Path;

/// Checks the site under `root` and its publication chain; the chain's problems are errors
/// like any other, sorted in with them.
pub fn check_with_history(root: &Path) -> Checked {
    let mut checked = check_site(root);
    if root.join("content").is_dir() {
        checked
            .diagnostics
            .extend(crate::history::diagnostics(root));
        checked.diagnostics.sort();
    }
    checked
}
