//! Why a rebuild runs, and where it looks first. `serve`'s watcher hands every batch of file
//! events to [`ChangeSet::from_events`], the one place that reads them: which events can
//! change the site at all, which paths changed, whether the content folders must be listed
//! again, and the reason the terminal prints (`rebuilt in 41 ms — content/tasks/a.yaml
//! changed — …`). The change set goes to the load, and nowhere else.
//!
//! What a rebuild redoes, from the change set down:
//!
//! 1. **Which files are decoded again** (`load::cache`): the files the change set names, and
//!    those not yet settled, have their size and modification time taken again; a file is
//!    decoded again when they differ and its text does too. When the change set says so
//!    ([`Relist`]: the first build, missed events, `--poll`, more than [`MAX_CHANGED`]
//!    paths), or when a named path turns out to have come or gone, every content folder is
//!    listed again and every file looked at. So a missed event costs a listing, never a
//!    stale preview: correctness rests on the files' stamps and texts, the change set only
//!    says where to look first.
//! 2. **Which pages are rendered again** (`render::cache`): the whole site is validated
//!    every time, and a page is rendered again when the hash of its template and view data
//!    differs from the last render's. The change set plays no part there, so no list of
//!    which page depends on which file can go stale.
//! 3. **Which files are written** (`serve::output`): those whose bytes differ.
//!
//! The theme is loaded again when a stamp of its templates changes (`serve::rebuild`),
//! whatever the events said.

use crate::diagnostics::Text;
use crate::words;
use notify_debouncer_full::DebouncedEvent;
use notify_debouncer_full::notify::{self, EventKind};
use std::fmt;
use std::path::{Path, PathBuf};

/// The folders of a site root that hold what the site is built from.
pub const WATCHED: [&str; 3] = ["content", "themes", "templates"];

/// Past this many changed paths (a checkout, a copied folder), listing the content folders
/// is as quick as looking at the paths one by one.
pub const MAX_CHANGED: usize = 64;

/// What changed since the last build began, as far as the file watcher can tell, and why
/// the next build runs.
#[derive(Clone, Debug)]
pub struct ChangeSet {
    /// Every path the events named but reads: the files to look at first.
    paths: Vec<PathBuf>,
    /// Why every content folder must be listed again, if it must; else the last listing is
    /// brought up to date from `paths`.
    relist: Option<Relist>,
    /// Why the build runs, for the rebuild line.
    cause: Cause,
}

/// Why a build runs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cause {
    /// `serve` started.
    FirstBuild,
    /// The search index finished building on its own thread: only its files change.
    SearchIndex,
    /// A file of the site changed: the first one named (relative to the root, `/`-separated),
    /// how many more, and whether a template or theme file is among them.
    Saved {
        first: String,
        more: usize,
        theme: bool,
    },
    /// The watcher reported an error or a lost batch: something may have changed unseen.
    MissedEvents,
    /// Not from a watcher (a caller that does not know what changed).
    Unknown,
}

/// Why the content folders are listed again instead of bringing the last listing up to date.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Relist {
    /// Nothing was listed yet.
    FirstBuild,
    /// The watcher may have missed events (an error, a queue overflow, an event of no known
    /// kind), or the caller was not told what changed.
    MissedEvents,
    /// `--poll`: the poller tells passes apart by content, so its paths are not trusted to
    /// name every change.
    Poll,
    /// More than [`MAX_CHANGED`] paths changed (the number).
    TooMany(usize),
    /// A file or folder came or went in a content folder (relative to the root): found by
    /// the load, which takes the named paths' stamps.
    CameOrWent(String),
}

impl ChangeSet {
    /// The first build: everything is listed and read.
    pub fn first_build() -> ChangeSet {
        ChangeSet {
            paths: Vec::new(),
            relist: Some(Relist::FirstBuild),
            cause: Cause::FirstBuild,
        }
    }

    /// A build for the search index finished off the rebuild path. No file event says what
    /// changed since the last build, so the folders are listed again as a full load would.
    pub fn search_index() -> ChangeSet {
        ChangeSet {
            paths: Vec::new(),
            relist: Some(Relist::MissedEvents),
            cause: Cause::SearchIndex,
        }
    }

    /// A build whose caller does not know what changed: everything is listed and looked at.
    pub fn unknown() -> ChangeSet {
        ChangeSet {
            paths: Vec::new(),
            relist: Some(Relist::MissedEvents),
            cause: Cause::Unknown,
        }
    }

    /// The change set for these changed paths (absolute, under `root`), as a watcher that
    /// misses nothing would name them.
    pub fn paths_changed(root: &Path, paths: Vec<PathBuf>) -> ChangeSet {
        let relevant: Vec<&PathBuf> = paths.iter().filter(|p| is_source_path(root, p)).collect();
        let cause = saved(root, &relevant).unwrap_or(Cause::Unknown);
        let relist = (paths.len() > MAX_CHANGED).then_some(Relist::TooMany(paths.len()));
        ChangeSet {
            paths,
            relist,
            cause,
        }
    }

    /// The change set of the batches of events a watcher of `root` handed over since the
    /// last build began (`poll`: from `--poll`'s watcher); `None` when none can change the
    /// site (reads, attribute changes, editors' temporaries, files outside [`WATCHED`]).
    pub fn from_events(
        root: &Path,
        poll: bool,
        batches: &[Result<Vec<DebouncedEvent>, Vec<notify::Error>>],
    ) -> Option<ChangeSet> {
        let mut paths = Vec::new();
        let mut relevant: Vec<&PathBuf> = Vec::new();
        // An error batch may hide any change: it triggers a build of its own.
        let mut failed = false;
        let mut missed = false;
        for batch in batches {
            let Ok(events) = batch else {
                failed = true;
                continue;
            };
            for event in events {
                if is_relevant(root, event) {
                    relevant.extend(event.paths.iter().filter(|p| is_source_path(root, p)));
                }
                if event.need_rescan() || matches!(event.kind, EventKind::Other) {
                    missed = true;
                } else if !event.kind.is_access() {
                    paths.extend(event.paths.iter().cloned());
                }
            }
        }
        if relevant.is_empty() && !failed {
            return None;
        }
        missed |= failed;
        let cause = match saved(root, &relevant) {
            Some(saved) if !missed => saved,
            _ => Cause::MissedEvents,
        };
        let relist = if missed {
            Some(Relist::MissedEvents)
        } else if poll {
            Some(Relist::Poll)
        } else if paths.len() > MAX_CHANGED {
            Some(Relist::TooMany(paths.len()))
        } else {
            None
        };
        Some(ChangeSet {
            paths,
            relist,
            cause,
        })
    }

    /// The paths the events named (reads left out): the files the load looks at first.
    pub fn paths(&self) -> &[PathBuf] {
        &self.paths
    }

    /// Why the content folders must be listed again, if they must whatever the paths.
    pub fn relist(&self) -> Option<&Relist> {
        self.relist.as_ref()
    }

    pub fn cause(&self) -> &Cause {
        &self.cause
    }
}

/// A save of the `relevant` paths (site files named by events), with a theme or template
/// file named first when there is one: it is what changes the most pages.
fn saved(root: &Path, relevant: &[&PathBuf]) -> Option<Cause> {
    let mut shown: Vec<String> = relevant
        .iter()
        .map(|p| crate::diagnostics::display_path(root, p))
        .collect();
    shown.sort();
    shown.dedup();
    let is_theme = |p: &String| !p.starts_with("content/");
    let theme = shown.iter().any(is_theme);
    let first = shown
        .iter()
        .find(|p| is_theme(p))
        .or(shown.first())?
        .clone();
    Some(Cause::Saved {
        first,
        more: shown.len() - 1,
        theme,
    })
}

impl fmt::Display for Cause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Cause::FirstBuild => f.write_str("first build"),
            Cause::SearchIndex => f.write_str("search index ready"),
            Cause::Saved { first, more, theme } => {
                if *theme {
                    f.write_str("theme changed: ")?;
                }
                match more {
                    0 => write!(f, "{first} changed"),
                    1 => write!(f, "{first} and 1 more file changed"),
                    n => write!(f, "{first} and {n} more files changed"),
                }
            }
            Cause::MissedEvents => f.write_str("the watcher may have missed events"),
            Cause::Unknown => f.write_str("files may have changed"),
        }
    }
}

impl Cause {
    /// What set off a rebuild, in the words of the message table (the English row is the
    /// [`fmt::Display`] text).
    pub fn words(&self) -> Text {
        match self {
            Cause::FirstBuild => Text::key("serve_cause_first_build"),
            Cause::SearchIndex => Text::key("serve_cause_search_index"),
            Cause::Saved { first, more, theme } => {
                let saved = match more {
                    0 => words!("serve_cause_saved", first = first),
                    1 => words!("serve_cause_saved_and_one", first = first),
                    n => words!(
                        "serve_cause_saved_and_more",
                        first = first,
                        n = n.to_string()
                    ),
                };
                if *theme {
                    words!("serve_cause_theme", saved = saved)
                } else {
                    saved
                }
            }
            Cause::MissedEvents => Text::key("serve_cause_missed_events"),
            Cause::Unknown => Text::key("serve_cause_unknown"),
        }
    }
}

impl fmt::Display for Relist {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Relist::FirstBuild => f.write_str("first build"),
            Relist::MissedEvents => f.write_str("events may have been missed"),
            Relist::Poll => f.write_str("--poll"),
            Relist::TooMany(n) => write!(f, "more than {MAX_CHANGED} paths changed ({n})"),
            Relist::CameOrWent(path) => write!(f, "{path} came or went"),
        }
    }
}

/// Whether an event can change the site: not a read or a change of attributes alone,
/// inside one of the watched folders, and not an editor's temporary file or a hidden file.
pub fn is_relevant(root: &Path, event: &DebouncedEvent) -> bool {
    if matches!(event.kind, EventKind::Access(_)) || is_attribute_change(&event.kind) {
        return false;
    }
    event.paths.iter().any(|path| is_source_path(root, path))
}

/// A change of a file's attributes alone (inotify's `IN_ATTRIB`: permissions, owner,
/// times, extended attributes) leaves its bytes, and so the site, as they were. Editors
/// make such changes right after saving (Vim restores permissions after its fsync, 1–4 ms
/// after the write), and they would often arrive as a batch of their own and cost a
/// second rebuild. PollWatcher reports a new modification time (`WriteTime`) when the
/// contents changed: that one counts. (So does `touch` then not rebuild, nor `chmod` on a
/// file the build could not read; the next save does.)
fn is_attribute_change(kind: &EventKind) -> bool {
    use notify::event::{MetadataKind, ModifyKind};
    matches!(
        kind,
        EventKind::Modify(ModifyKind::Metadata(
            MetadataKind::Any
                | MetadataKind::AccessTime
                | MetadataKind::Permissions
                | MetadataKind::Ownership
                | MetadataKind::Extended
        ))
    )
}

/// Whether `path` is in one of the [`WATCHED`] folders of `root` and neither it nor a
/// folder it is in is hidden or an editor's temporary.
pub fn is_source_path(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let mut names = relative.iter().map(|n| n.to_string_lossy());
    let Some(top) = names.next() else {
        return false;
    };
    if !WATCHED.contains(&top.as_ref()) {
        return false;
    }
    relative
        .iter()
        .skip(1)
        .all(|name| !is_editor_temporary(&name.to_string_lossy()))
}

/// Files editors make while saving (Vim's `4913` probe, swap files and backups, Emacs
/// auto-saves and lock files, JetBrains' safe-write copies) and hidden files: no build
/// reads them, and `serve` does not rebuild for them.
pub fn is_editor_temporary(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name == "4913"
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || (name.len() > 1 && name.starts_with('#') && name.ends_with('#'))
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{AccessKind, CreateKind, ModifyKind, RemoveKind, RenameMode};
    use std::time::Instant;

    fn event(kind: EventKind, paths: &[&str]) -> DebouncedEvent {
        let mut event = notify::Event::new(kind);
        for p in paths {
            event = event.add_path(PathBuf::from(p));
        }
        DebouncedEvent::new(event, Instant::now())
    }

    #[test]
    fn reads_temporaries_and_foreign_paths_do_not_trigger_a_rebuild() {
        let root = Path::new("/site");
        let modify = EventKind::Modify(ModifyKind::Any);
        let cases: &[(EventKind, &[&str], bool)] = &[
            (modify, &["/site/content/tasks/a.yaml"], true),
            (
                EventKind::Access(AccessKind::Any),
                &["/site/content/tasks/a.yaml"],
                false,
            ),
            (modify, &["/site/content/tasks/.a.yaml.swp"], false),
            (modify, &["/site/content/tasks/.a.yaml.swx"], false),
            (modify, &["/site/content/tasks/a.yaml~"], false),
            (modify, &["/site/content/tasks/4913"], false),
            (modify, &["/site/content/tasks/.#a.yaml"], false),
            (modify, &["/site/content/.git/index"], false),
            (modify, &["/site/public/index.html"], false),
            (modify, &["/elsewhere/content/a.yaml"], false),
            (modify, &["/site/templates/task.html"], true),
            (modify, &["/site/themes/mine/static/a.css"], true),
            // inotify's attribute changes (Vim makes some after each save) change nothing.
            (
                EventKind::Modify(ModifyKind::Metadata(notify::event::MetadataKind::Any)),
                &["/site/content/tasks/a.yaml"],
                false,
            ),
            (
                EventKind::Modify(ModifyKind::Metadata(
                    notify::event::MetadataKind::Permissions,
                )),
                &["/site/templates/task.html"],
                false,
            ),
            // PollWatcher reports an edit as a metadata change.
            (
                EventKind::Modify(ModifyKind::Metadata(notify::event::MetadataKind::WriteTime)),
                &["/site/content/tasks/a.yaml"],
                true,
            ),
            // An atomic save: the temporary renamed over the file.
            (
                EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
                &[
                    "/site/content/tasks/.a.yaml.tmp123",
                    "/site/content/tasks/a.yaml",
                ],
                true,
            ),
            (
                EventKind::Remove(RemoveKind::Folder),
                &["/site/content/tasks/xidong"],
                true,
            ),
            (
                EventKind::Create(CreateKind::Folder),
                &["/site/templates"],
                true,
            ),
            (
                EventKind::Create(CreateKind::File),
                &["/site/README.md"],
                false,
            ),
        ];
        for (kind, paths, expected) in cases {
            assert_eq!(
                is_relevant(root, &event(*kind, paths)),
                *expected,
                "{kind:?} {paths:?}"
            );
        }
    }

    /// The reason a rebuild gives, and whether the folders must be listed whatever the
    /// paths, for the batches a watcher hands over.
    #[test]
    fn a_change_set_says_why_from_the_events() {
        let root = Path::new("/site");
        let modify = EventKind::Modify(ModifyKind::Any);
        let rename = EventKind::Modify(ModifyKind::Name(RenameMode::Both));
        let why = |poll: bool, batches: Vec<Result<Vec<DebouncedEvent>, Vec<notify::Error>>>| {
            ChangeSet::from_events(root, poll, &batches)
                .map(|c| (c.cause().to_string(), c.relist().map(|r| r.to_string())))
        };
        // The events of one batch, and (the reason, why the folders are listed) or None
        // when the batch cannot change the site.
        type Case = (
            Vec<DebouncedEvent>,
            Option<(&'static str, Option<&'static str>)>,
        );
        let cases: Vec<Case> = vec![
            (
                vec![event(
                    rename,
                    &[
                        "/site/content/tasks/.a.yaml.tmp1",
                        "/site/content/tasks/a.yaml",
                    ],
                )],
                Some(("content/tasks/a.yaml changed", None)),
            ),
            (
                vec![
                    event(modify, &["/site/content/tasks/b.yaml"]),
                    event(modify, &["/site/content/tasks/a.yaml"]),
                    event(modify, &["/site/content/tasks/a.yaml"]),
                ],
                Some(("content/tasks/a.yaml and 1 more file changed", None)),
            ),
            (
                vec![
                    event(modify, &["/site/content/tasks/a.yaml"]),
                    event(modify, &["/site/themes/mine/templates/task.html"]),
                ],
                Some((
                    "theme changed: themes/mine/templates/task.html and 1 more file changed",
                    None,
                )),
            ),
            (
                vec![event(EventKind::Other, &["/site/content"])],
                Some((
                    "the watcher may have missed events",
                    Some("events may have been missed"),
                )),
            ),
            (
                vec![event(
                    EventKind::Access(AccessKind::Any),
                    &["/site/content/tasks/a.yaml"],
                )],
                None,
            ),
            (vec![event(modify, &["/site/content/tasks/4913"])], None),
        ];
        for (events, expected) in cases {
            let expected = expected.map(|(c, r)| (c.to_string(), r.map(str::to_string)));
            assert_eq!(why(false, vec![Ok(events.clone())]), expected, "{events:?}");
        }
        let one = || vec![Ok(vec![event(modify, &["/site/content/tasks/a.yaml"])])];
        assert_eq!(why(true, one()).unwrap().1.as_deref(), Some("--poll"));
        let many: Vec<DebouncedEvent> = (0..=MAX_CHANGED)
            .map(|i| event(modify, &[&format!("/site/content/tasks/{i}.yaml")]))
            .collect();
        assert_eq!(
            why(false, vec![Ok(many)]).unwrap().1.as_deref(),
            Some("more than 64 paths changed (65)")
        );
        let error = notify::Error::generic("queue overflow");
        assert_eq!(
            why(false, vec![Ok(Vec::new()), Err(vec![error])]),
            Some((
                "the watcher may have missed events".to_string(),
                Some("events may have been missed".to_string())
            ))
        );
    }
}
