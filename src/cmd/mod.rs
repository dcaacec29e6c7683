//! One function per command; `main.rs` only parses arguments and calls these.

pub mod build;
pub mod check;
pub mod deploy;
pub mod help;
pub mod import;
pub mod new;
pub mod publish;
pub mod serve;
pub mod site_folder;
pub mod usage;
pub mod verify;
