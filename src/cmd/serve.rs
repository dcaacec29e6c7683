//! `gongshi serve`: the preview server lives in [`crate::serve`]; this only starts it.

pub use crate::serve::{ServeError, ServeOptions};

/// Serves the site until Ctrl-C.
pub fn serve(options: &ServeOptions) -> Result<(), ServeError> {
    crate::serve::run(options)
}
