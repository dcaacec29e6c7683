//! What the checks that read the files' text (placeholders, personal numbers) found in each
//! file, kept between the checks `serve` runs after each save. The loader shares an unchanged
//! file's text from one load to the next, so a file whose text is the very text scanned last
//! time (the same shared allocation, held here) is not scanned again: a save costs a scan of
//! the file saved, not of ten thousand. Any other text is scanned, so a stale finding cannot
//! outlive the text it was found in.

use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// What one check found in each file's text, by path, with the text it was found in.
pub struct FileMemo<T> {
    kept: HashMap<Arc<str>, (Arc<str>, T)>,
}

impl<T> Default for FileMemo<T> {
    fn default() -> Self {
        FileMemo {
            kept: HashMap::new(),
        }
    }
}

impl<T: Clone + Send + Sync> FileMemo<T> {
    /// What `scan` finds in each file (path, text), taken from the last call for a text
    /// that is the same shared text as then, and scanned (on both cores) otherwise. Files
    /// not in `files` are forgotten.
    pub fn scan(
        &mut self,
        files: Vec<(Arc<str>, Arc<str>)>,
        scan: impl Fn(&str, &str) -> T + Sync,
    ) -> Vec<(Arc<str>, Arc<str>, T)> {
        let kept = std::mem::take(&mut self.kept);
        let found: Vec<(Arc<str>, Arc<str>, T)> = files
            .into_par_iter()
            .map(|(path, text)| {
                let found = match kept.get(&*path) {
                    Some((seen, found)) if Arc::ptr_eq(seen, &text) => found.clone(),
                    _ => scan(&path, &text),
                };
                (path, text, found)
            })
            .collect();
        self.kept = found
            .iter()
            .map(|(path, text, found)| (path.clone(), (text.clone(), found.clone())))
            .collect();
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn only_new_texts_are_scanned_and_each_gets_its_own_findings() {
        let mut memo = FileMemo::<usize>::default();
        let scans = AtomicUsize::new(0);
        let count = |_: &str, text: &str| {
            scans.fetch_add(1, Ordering::Relaxed);
            text.len()
        };
        let a: Arc<str> = Arc::from("a.yaml");
        let b: Arc<str> = Arc::from("b.yaml");
        let one: Arc<str> = Arc::from("x");
        let two: Arc<str> = Arc::from("yy");
        let files = vec![(a.clone(), one.clone()), (b.clone(), two.clone())];
        let lengths = |found: Vec<(Arc<str>, Arc<str>, usize)>| -> Vec<usize> {
            found.into_iter().map(|(_, _, n)| n).collect()
        };
        assert_eq!(lengths(memo.scan(files.clone(), count)), [1, 2]);
        assert_eq!(scans.load(Ordering::Relaxed), 2);

        // The same shared texts: nothing is scanned again.
        assert_eq!(lengths(memo.scan(files, count)), [1, 2]);
        assert_eq!(scans.load(Ordering::Relaxed), 2);

        // Equal text read anew (another allocation) is scanned, as is a changed one.
        let again: Arc<str> = Arc::from("x");
        let longer: Arc<str> = Arc::from("zzz");
        let files = vec![(a, again), (b, longer)];
        assert_eq!(lengths(memo.scan(files, count)), [1, 3]);
        assert_eq!(scans.load(Ordering::Relaxed), 4);
    }
}
