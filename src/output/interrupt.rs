//! Ctrl-C (or a `kill`) during `build`: the half-written folder beside the output is removed
//! before the process ends, so an interrupted build leaves the output as it was and no
//! `.public.tmp-…` folder behind.
//!
//! A signal arrives on a thread of its own at any moment, so what it must clean up is
//! registered here, process-wide, by [`super::replace_atomically`] while it works, with
//! the words the process ends with: the global state of the output stage, because a signal
//! is itself process-wide.

use crate::diagnostics::Text;
use crate::model::Language;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, OnceLock, PoisonError};
use std::time::Duration;

/// Set once an interrupt has arrived: writes into a build folder are refused from then on,
/// so that no writer re-creates a folder the handler has just removed.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// The folders an interrupt must remove. Held by the swap of a finished build too, so that
/// an interrupt waits for the swap rather than cutting it in half, and held by the handler
/// until the process ends, so that no swap starts after an interrupt.
static TEMPORARIES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// The exit status of a process ended by Ctrl-C, as shells report it (128 + SIGINT).
pub const INTERRUPTED_EXIT: i32 = 130;

/// Removes the registered folders and ends the process when Ctrl-C (or SIGTERM, SIGHUP)
/// arrives. Called once, by a command that builds into a temporary folder.
///
/// The handler keeps the registry locked from before it removes anything until the process
/// ends: a swap in progress finishes first (the lock is the swap's too), and none can start
/// after, so a half-deleted folder is never swapped in.
/// `message` is what the process says as it ends, in the reader's language.
pub fn remove_temporaries_on_interrupt(message: String) -> Result<(), String> {
    // Set once: a second call keeps the first command's words.
    let _ = MESSAGE.set(message);
    ctrlc::set_handler(|| {
        INTERRUPTED.store(true, Ordering::SeqCst);
        finish_interrupted();
    })
    .map_err(|e| format!("cannot handle Ctrl-C: {e}"))
}

/// Removes the registered folders, says so and ends the process with
/// [`INTERRUPTED_EXIT`]. The handler calls it; so does a command whose build stopped because
/// of the interrupt, so that whichever comes first cleans up and the other waits for the
/// end (the registry stays locked until then).
pub fn finish_interrupted() -> ! {
    let folders = lock();
    for folder in folders.iter() {
        remove_folder(folder);
    }
    eprintln!(
        "{}",
        MESSAGE.get().map_or_else(
            || Text::key("build_interrupted").in_language(Language::En),
            String::clone
        )
    );
    std::process::exit(INTERRUPTED_EXIT);
}

/// What an interrupted build says, in the reader's language, when the command gave it.
static MESSAGE: OnceLock<String> = OnceLock::new();

/// Whether an interrupt has arrived (writers stop when it has).
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// The registry, locked; a panic elsewhere while it was held does not make it unusable.
pub(super) fn lock() -> MutexGuard<'static, Vec<PathBuf>> {
    TEMPORARIES.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Registers `folder` for removal on interrupt until the returned guard is dropped.
pub(super) fn register(folder: &Path) -> Registered {
    lock().push(folder.to_path_buf());
    Registered(folder.to_path_buf())
}

/// A registration, withdrawn when dropped.
pub(super) struct Registered(PathBuf);

impl Drop for Registered {
    fn drop(&mut self) {
        lock().retain(|f| f != &self.0);
    }
}

/// Removes `folder` and everything in it. A writer that was already past its check when
/// the interrupt came may still add a file (and its folders) while or just after the folder
/// is removed; the folder must stay gone for a moment before it counts as removed.
fn remove_folder(folder: &Path) {
    let mut gone_for = 0;
    for _ in 0..100 {
        let _ = std::fs::remove_dir_all(folder);
        std::thread::sleep(Duration::from_millis(20));
        if folder.exists() {
            gone_for = 0;
        } else {
            gone_for += 1;
            if gone_for == 3 {
                return;
            }
        }
    }
}
