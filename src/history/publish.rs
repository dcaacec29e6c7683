//! `gongshi publish`: records the site as it is now as the next publication file, chained to
//! the one before. A file once written is never rewritten: the number is claimed with an
//! exclusive link, so two runs at the same time cannot both write the same number.

use super::canonical::{Snapshot, records_text, string};
use super::chain::{chain_hash, file_hash, file_name};
use crate::diagnostics::Text;
use crate::diagnostics::io_reason;
use crate::model::Site;
use crate::words;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What `publish` did.
#[derive(Debug, PartialEq)]
pub enum Published {
    /// A new publication file was written.
    New {
        number: u32,
        path: PathBuf,
        chain: String,
    },
    /// Nothing changed since publication `number`: nothing was written.
    Unchanged { number: u32 },
}

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error(
        "{name} was just written by another `gongshi publish` running at the same time, so this one wrote nothing: run `gongshi publish` again if your changes are not in it"
    )]
    Taken { name: String },
}

impl PublishError {
    /// The message in the reader's words, with its remedy.
    pub fn words(&self) -> Text {
        match self {
            PublishError::Read { path, source } => words!(
                "publish_cannot_read",
                path = path,
                reason = io_reason(source)
            ),
            PublishError::Write { path, source } => words!(
                "publish_cannot_write",
                path = path.display().to_string(),
                reason = io_reason(source)
            ),
            PublishError::Taken { name } => words!("publish_taken", name = name),
        }
    }
}

/// The text of publication `number` of `snapshot`, with its chain hash. It is the
/// canonical JSON of the whole publication (keys in order), assembled from the records'
/// canonical texts.
pub fn publication_text(
    number: u32,
    snapshot: &Snapshot,
    note: &str,
    previous: Option<&str>,
) -> (String, String) {
    let text = |chain: Option<&str>| {
        let mut fields = vec![format!("  \"as_of\": {}", string(&snapshot.as_of))];
        if let Some(chain) = chain {
            fields.push(format!("  \"chain\": {}", string(chain)));
        }
        fields.extend([
            format!("  \"evaluations\": {}", records_text(&snapshot.evaluations)),
            format!("  \"note\": {}", string(note)),
            format!("  \"notices\": {}", records_text(&snapshot.notices)),
            format!("  \"number\": {number}"),
            format!(
                "  \"previous\": {}",
                previous.map_or("null".to_string(), string)
            ),
            format!("  \"tasks\": {}", records_text(&snapshot.tasks)),
            "  \"version\": 1".to_string(),
        ]);
        format!("{{\n{}\n}}\n", fields.join(",\n"))
    };
    let chain = chain_hash(text(None).as_bytes());
    (text(Some(&chain)), chain)
}

/// Records `site` (already checked, its chain intact) as the next publication under `root`.
pub fn publish(root: &Path, site: &Site, note: Option<&str>) -> Result<Published, PublishError> {
    let snapshot = Snapshot::of_site(site);
    let listing = super::list(root).map_err(|source| PublishError::Read {
        path: super::folder(root).display().to_string(),
        source,
    })?;
    let previous = match listing.files.last() {
        Some((number, name, path)) => {
            let bytes = std::fs::read(path).map_err(|source| PublishError::Read {
                path: super::shown(name),
                source,
            })?;
            if Snapshot::from_text(&String::from_utf8_lossy(&bytes)) == snapshot {
                return Ok(Published::Unchanged { number: *number });
            }
            Some((*number, file_hash(&bytes)))
        }
        None => None,
    };
    let number = previous.as_ref().map_or(1, |(n, _)| n + 1);
    let (text, chain) = publication_text(
        number,
        &snapshot,
        note.unwrap_or("").trim(),
        previous.as_ref().map(|(_, hash)| hash.as_str()),
    );
    let dir = super::folder(root);
    std::fs::create_dir_all(&dir).map_err(|source| PublishError::Write {
        path: dir.clone(),
        source,
    })?;
    let name = file_name(number);
    let path = dir.join(&name);
    write_exclusive(&dir, &path, &name, text.as_bytes())?;
    Ok(Published::New {
        number,
        path,
        chain,
    })
}

/// Writes `bytes` at `path` unless something is there already. The file is written under a
/// hidden name and then linked to its own, which fails when the name is taken, so a reader
/// never sees half a publication; where links are not supported, it is created exclusively.
fn write_exclusive(dir: &Path, path: &Path, name: &str, bytes: &[u8]) -> Result<(), PublishError> {
    let temporary = dir.join(format!(".{name}.{}.writing", std::process::id()));
    let write_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source| PublishError::Write { path, source }
    };
    let taken = || PublishError::Taken {
        name: super::shown(name),
    };
    let mut file = std::fs::File::create(&temporary).map_err(write_err(&temporary))?;
    let written = file
        .write_all(bytes)
        .and_then(|()| file.sync_all())
        .map_err(write_err(&temporary));
    drop(file);
    if let Err(err) = written {
        let _ = std::fs::remove_file(&temporary);
        return Err(err);
    }
    let linked = std::fs::hard_link(&temporary, path);
    let _ = std::fs::remove_file(&temporary);
    match linked {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(taken()),
        Err(_) => {
            let mut file = match std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
            {
                Ok(file) => file,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(taken()),
                Err(source) => {
                    return Err(PublishError::Write {
                        path: path.to_path_buf(),
                        source,
                    });
                }
            };
            file.write_all(bytes)
                .and_then(|()| file.sync_all())
                .map_err(write_err(path))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::canonical::{record_text, to_canonical};
    use super::super::chain::ChainCheck;
    use super::*;

    #[test]
    fn a_publication_is_the_canonical_json_of_its_fields() {
        let mut snapshot = Snapshot {
            as_of: "2022-12-25".into(),
            ..Snapshot::default()
        };
        for (id, title) in [("a", "西洞镇"), ("b\"q", "x")] {
            let value = serde_json::json!({"title": title, "targets": [{"actual": 1}], "none": {}});
            snapshot.tasks.insert(id.into(), record_text(&value));
        }
        let (text, _) = publication_text(2, &snapshot, "年中", Some("ab"));
        let parsed: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(to_canonical(&parsed), text);
        assert_eq!(Snapshot::from_text(&text), snapshot);
    }

    #[test]
    fn a_chain_written_by_publish_passes_the_check_and_an_edit_is_caught() {
        let mut snapshot = Snapshot {
            as_of: "2022-12-25".into(),
            ..Snapshot::default()
        };
        let task = |n: u32| record_text(&serde_json::json!({"title": "农房改造", "n": n}));
        snapshot.tasks.insert("t1".into(), task(3120));
        let (first, _) = publication_text(1, &snapshot, "", None);
        assert_eq!(Snapshot::from_text(&first), snapshot);
        snapshot.tasks.insert("t1".into(), task(4200));
        let (second, chain) =
            publication_text(2, &snapshot, "年中", Some(&file_hash(first.as_bytes())));
        let mut check = ChainCheck::default();
        check.add("0001.json", first.as_bytes());
        check.add("0002.json", second.as_bytes());
        let intact = check.finish();
        assert!(intact.problems.is_empty(), "{:?}", intact.problems);
        assert_eq!(
            intact.head().map(|l| l.chain.as_str()),
            Some(chain.as_str())
        );

        let edited = first.replace("3120", "3121");
        let mut check = ChainCheck::default();
        check.add("0001.json", edited.as_bytes());
        check.add("0002.json", second.as_bytes());
        let broken = check.finish();
        let files: Vec<&str> = broken.problems.iter().map(|p| p.file.as_str()).collect();
        assert_eq!(files, ["0001.json", "0002.json"], "{:?}", broken.problems);
        assert!(broken.problems[1].message.to_string().contains("0001.json"));
        assert!(broken.head().is_none());
    }
}
