//! `manifest.json`: the sha256 and size of every file a build writes (but itself), the
//! number of the newest publication and the chain's head hash. The build's sink is wrapped
//! so that each file is hashed as it is written, on the render's own threads.

use super::canonical::to_canonical;
use super::chain::Link;
use crate::output::sha256_hex;
use crate::output::{OutputError, Sink};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

pub const MANIFEST: &str = "manifest.json";

/// One listed file.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub sha256: String,
    pub size: u64,
}

/// A parsed manifest.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Manifest {
    pub files: BTreeMap<String, Entry>,
    pub publication: Option<u32>,
    pub head: Option<String>,
}

/// A sink that passes every write on and remembers the hash and size of what it wrote.
pub struct HashingSink<'s> {
    inner: &'s dyn Sink,
    files: Mutex<BTreeMap<String, Entry>>,
}

impl<'s> HashingSink<'s> {
    pub fn new(inner: &'s dyn Sink) -> Self {
        HashingSink {
            inner,
            files: Mutex::default(),
        }
    }

    /// How many files were written so far.
    pub fn count(&self) -> usize {
        self.files.lock().map(|f| f.len()).unwrap_or(0)
    }

    /// Writes `manifest.json` (listing everything written so far) to the wrapped sink.
    pub fn write_manifest(&self, head: Option<&Link>) -> Result<(), OutputError> {
        let files = self.files.lock().map(|f| f.clone()).unwrap_or_default();
        let manifest = Manifest {
            files,
            publication: head.map(|l| l.number),
            head: head.map(|l| l.chain.clone()),
        };
        self.inner.write(MANIFEST, &manifest.to_bytes())
    }
}

impl Sink for HashingSink<'_> {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<(), OutputError> {
        self.inner.write(path, bytes)?;
        let entry = Entry {
            sha256: sha256_hex(bytes),
            size: bytes.len() as u64,
        };
        if let Ok(mut files) = self.files.lock() {
            files.insert(path.to_string(), entry);
        }
        Ok(())
    }
    fn pages_planned(&self, pages: usize) {
        self.inner.pages_planned(pages);
    }
}

impl Manifest {
    pub fn to_bytes(&self) -> Vec<u8> {
        let files: Map<String, Value> = self
            .files
            .iter()
            .filter(|(path, _)| path.as_str() != MANIFEST)
            .map(|(path, e)| (path.clone(), json!({"sha256": e.sha256, "size": e.size})))
            .collect();
        let value = json!({
            "version": 1,
            "publication": self.publication,
            "head": self.head,
            "files": files,
        });
        to_canonical(&value).into_bytes()
    }

    /// Reads a manifest; the error says what is wrong with it.
    pub fn parse(bytes: &[u8]) -> Result<Manifest, String> {
        let value: Value = serde_json::from_slice(bytes)
            .map_err(|e| format!("line {}, column {}: {e}", e.line(), e.column()))?;
        let files = value
            .get("files")
            .and_then(Value::as_object)
            .ok_or("it has no `files` list")?;
        let mut manifest = Manifest {
            publication: value
                .get("publication")
                .and_then(Value::as_u64)
                .and_then(|n| u32::try_from(n).ok()),
            head: value
                .get("head")
                .and_then(Value::as_str)
                .map(str::to_string),
            ..Manifest::default()
        };
        for (path, entry) in files {
            let sha256 = entry.get("sha256").and_then(Value::as_str);
            let size = entry.get("size").and_then(Value::as_u64);
            let (Some(sha256), Some(size)) = (sha256, size) else {
                return Err(format!("the entry for `{path}` lacks its sha256 or size"));
            };
            manifest.files.insert(
                path.clone(),
                Entry {
                    sha256: sha256.to_string(),
                    size,
                },
            );
        }
        Ok(manifest)
    }
}

/// Copies the site's publication files into the output (`publications/NNNN.json`), so that
/// anyone can re-check the chain from the published site alone.
pub fn copy_publications(root: &Path, sink: &dyn Sink) -> Result<(), OutputError> {
    let listing = super::list(root).map_err(|source| OutputError::Read {
        path: super::folder(root),
        source,
    })?;
    for (_, name, path) in listing.files {
        sink.copy_file(&format!("{}/{name}", super::chain::FOLDER), &path)?;
    }
    Ok(())
}
