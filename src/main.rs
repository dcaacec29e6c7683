//! The command line: parse arguments, call the library, print errors once.

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "gongshi", version, about = "公示 — a static site generator for public-affairs disclosure", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Validate the site and report every problem with file, line and remedy
    Check {
        /// The site root (the folder holding content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Fail (exit 1) on warnings too
        #[arg(long)]
        deny_warnings: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Check {
            root,
            deny_warnings,
        } => {
            let checked = gongshi::cmd::check::check_site(&root);
            eprint!("{}", checked.report());
            if checked.diagnostics.fails(deny_warnings) {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}
