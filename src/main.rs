//! The command line: parse arguments, call the library, print errors once.

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use gongshi::cmd;
use gongshi::diagnostics::{Severity, Text, message_language};
use gongshi::model::Language;
use gongshi::words;
use std::io::IsTerminal as _;
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
    /// Validate the site, then build the public website into the output folder
    Build {
        /// The site root (the folder holding content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: <root>/public]
        #[arg(long)]
        output: Option<PathBuf>,
        /// Publish under this address instead of site.yaml's base_url
        #[arg(long)]
        base_url: Option<String>,
        /// Include notices and pages marked `draft: true`
        #[arg(long)]
        drafts: bool,
        /// Fail (exit 1, write nothing) on warnings too
        #[arg(long)]
        deny_warnings: bool,
        /// Print every warning (by default, beyond 20 of a kind the rest are counted)
        #[arg(long)]
        verbose: bool,
        /// Fail (exit 1, write nothing) while the content differs from the newest publication
        #[arg(long)]
        require_published: bool,
        /// Build even though tasks still hold the placeholder text `gongshi new task` wrote
        #[arg(long)]
        allow_placeholders: bool,
    },
    /// Record the site as it is now as the next publication (content/publications/NNNN.json),
    /// chained to the one before; the build shows what changed between publications
    Publish {
        /// The site root (the folder holding content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// A note to record with it (what this publication is for)
        #[arg(long)]
        note: Option<String>,
    },
    /// Check a deployed copy of the site, a folder or a web address, against its manifest.json
    /// and publication chain: exit 0 when it is intact, 1 when anything differs, 2 when it
    /// cannot be looked at
    Verify {
        /// The folder the site was copied to, or its web address (https://…)
        copy: String,
    },
    /// Create a new task ledger with every field present and explained
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
    /// Create a small working site in DIR
    Init {
        /// The folder to create the site in (created if missing)
        dir: PathBuf,
    },
    /// Preview the site: build, serve on this computer, rebuild on every save and reload
    /// the browser; errors are shown in the page
    Serve {
        /// The site root (the folder holding content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The address to listen on; 0.0.0.0 lets other computers on the network in
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// The port to listen on (0 picks a free one)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Open the preview in the default browser
        #[arg(long)]
        open: bool,
        /// Look for changes by polling (network drives, containers: where file events do not arrive)
        #[arg(long)]
        poll: bool,
    },
    /// Add tasks, ledger entries or evaluation results from a spreadsheet (.xlsx, .xls, .ods,
    /// .csv); every problem is reported at its cell and nothing is written while there is one
    Import {
        /// The workbook or CSV file
        file: PathBuf,
        /// The organisation of tasks without 责任单位; every row must belong to it or below it
        #[arg(long)]
        org: Option<String>,
        /// The sheet to read [default: the first]
        #[arg(long)]
        sheet: Option<String>,
        /// The evaluation round (an id in content/evaluations/) a results sheet goes into
        #[arg(long)]
        round: Option<String>,
        /// The site root (the folder holding content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Show what would be written, and write nothing
        #[arg(long)]
        dry_run: bool,
        /// Replace values already in the task files with the sheet's
        #[arg(long)]
        force: bool,
    },
    /// Write a workbook to fill in for `gongshi import`: headers, drop-down lists, an example row
    Template {
        /// The workbook to create (.xlsx)
        file: PathBuf,
    },
    /// Validate the site and report every problem with file, line and remedy
    Check {
        /// The site root (the folder holding content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Fail (exit 1) on warnings too
        #[arg(long)]
        deny_warnings: bool,
        /// Print every warning (by default, beyond 20 of a kind the rest are counted)
        #[arg(long)]
        verbose: bool,
    },
    /// Upload the built site to its web host (a folder or an S3-compatible bucket named in
    /// site.yaml's `deploy:`), changing only what differs
    Deploy {
        /// The site root (the folder holding content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The built site to upload [default: <root>/public]
        #[arg(long)]
        output: Option<PathBuf>,
        /// The deploy target's `name` [default: the first in site.yaml]
        #[arg(long)]
        target: Option<String>,
        /// Print what would be uploaded and deleted, and change nothing
        #[arg(long)]
        dry_run: bool,
        /// Delete even when more than 256 files on the target are not in the build
        #[arg(long)]
        force: bool,
    },
}

#[derive(Subcommand)]
enum NewCommand {
    /// A task ledger under content/tasks/<org>/
    Task {
        /// The organisation responsible (an id from content/orgs.yaml)
        #[arg(long)]
        org: String,
        /// The task's title
        #[arg(long)]
        title: String,
        /// The site root (the folder holding content/)
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

fn main() -> ExitCode {
    // Before the arguments are understood, the site they name (`--root`, or the current
    // folder) decides the language of help and of usage mistakes, as it does afterwards.
    let language = message_language(gongshi::check::site_language(&cmd::usage::named_root(
        std::env::args_os().skip(1),
    )));
    // `--help` in the reader's language: clap shows the strings it is given.
    let mut command = Cli::command();
    if language == Language::ZhCn {
        command = cmd::help::in_chinese(command);
    }
    let cli = match command
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches))
    {
        Ok(cli) => cli,
        Err(err) => return usage_error(&err, language),
    };
    // Once a site is named, its `language:` decides; for a command that names none (`verify`,
    // `template`, `init`), the site in the current folder, if there is one.
    let root = cli.command.root().unwrap_or(std::path::Path::new("."));
    let language = message_language(gongshi::check::site_language(root));
    match run(cli.command, language) {
        Ok(code) => code,
        Err(words) => {
            eprintln!(
                "{}: {}",
                Severity::Error.label_in(language),
                words.in_language(language)
            );
            ExitCode::from(1)
        }
    }
}

/// A mistyped command line: clap's answer, in Chinese for a Chinese reader (`--help` and
/// `--version` are not mistakes, and are printed as clap prints them).
fn usage_error(err: &clap::Error, language: Language) -> ExitCode {
    if language == Language::ZhCn
        && let Some(text) = cmd::usage::in_chinese(err)
    {
        eprint!("{text}");
        return ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(2));
    }
    err.exit()
}

/// An error of a command whose messages are not in the message table, in English: the
/// error and its causes, each once.
fn english(err: impl Into<anyhow::Error>) -> Text {
    Text::from(error_chain(&err.into()))
}

/// The error and its causes, each once: a message that already quotes its cause (`cannot
/// write PATH: No such file`) is not followed by the cause again.
fn error_chain(err: &anyhow::Error) -> String {
    let mut text = err.to_string();
    for cause in err.chain().skip(1) {
        let cause = cause.to_string();
        if !text.contains(&cause) {
            text.push_str(": ");
            text.push_str(&cause);
        }
    }
    text
}

impl Command {
    /// The site root the command works in, for those that have one.
    fn root(&self) -> Option<&std::path::Path> {
        match self {
            Command::Build { root, .. }
            | Command::Publish { root, .. }
            | Command::Serve { root, .. }
            | Command::Import { root, .. }
            | Command::Check { root, .. }
            | Command::Deploy { root, .. }
            | Command::New {
                what: NewCommand::Task { root, .. },
            } => Some(root),
            Command::Verify { .. } | Command::Init { .. } | Command::Template { .. } => None,
        }
    }
}

/// Runs the command; an error comes back as the words to print after `error:`.
fn run(command: Command, language: Language) -> Result<ExitCode, Text> {
    if let Some(message) = command
        .root()
        .and_then(cmd::site_folder::inside_content_folder)
    {
        return Err(Text::from(message));
    }
    let say = |words: Text| words.in_language(language);
    match command {
        Command::Serve {
            root,
            bind,
            port,
            open,
            poll,
        } => {
            let options = cmd::serve::ServeOptions {
                root,
                bind,
                port,
                open,
                poll,
            };
            cmd::serve::serve(&options).map_err(|e| e.words())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Check {
            root,
            deny_warnings,
            verbose,
        } => {
            let checked = cmd::check::check_with_history(&root);
            eprint!("{}", checked.report_with(verbose));
            Ok(exit_code(!checked.diagnostics.fails(deny_warnings)))
        }
        Command::Publish { root, note } => Ok(cmd::publish::run(&root, note.as_deref())),
        Command::Verify { copy } => Ok(cmd::verify::run(&copy, language)),
        Command::Import {
            file,
            org,
            sheet,
            round,
            root,
            dry_run,
            force,
        } => {
            let options = gongshi::import::ImportOptions {
                file,
                root,
                sheet,
                org,
                round,
                dry_run,
                force,
            };
            let (report, ok) = cmd::import::run_import(&options).map_err(english)?;
            eprint!("{report}");
            Ok(exit_code(ok))
        }
        Command::Template { file } => cmd::import::run_template(&file, language),
        Command::New {
            what: NewCommand::Task { org, title, root },
        } => match cmd::new::new_task(&root, &org, &title) {
            Ok(path) => {
                let path = path.display().to_string();
                println!("{}", say(words!("cli_created", path = path)));
                Ok(ExitCode::SUCCESS)
            }
            Err(err) => Err(err.words()),
        },
        Command::Init { dir } => {
            cmd::new::init_site(&dir).map_err(|e| e.words())?;
            let shown = dir.display().to_string();
            println!("{}", say(words!("site_created", dir = shown)));
            Ok(ExitCode::SUCCESS)
        }
        Command::Deploy {
            root,
            output,
            target,
            dry_run,
            force,
        } => {
            let options = gongshi::deploy::DeployOptions {
                root,
                output,
                target,
                dry_run,
                force,
            };
            match cmd::deploy::deploy_site(&options) {
                Ok(_) => Ok(ExitCode::SUCCESS),
                Err(err @ cmd::deploy::DeployCommandError::Invalid(_)) => {
                    if let cmd::deploy::DeployCommandError::Invalid(report) = &err {
                        eprint!("{report}");
                    }
                    Err(err.words())
                }
                Err(err) => Err(err.words()),
            }
        }
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            deny_warnings,
            verbose,
            require_published,
            allow_placeholders,
        } => {
            let options = cmd::build::BuildOptions {
                root,
                output,
                base_url,
                drafts,
                deny_warnings,
                progress: std::io::stderr().is_terminal(),
                require_published,
                allow_placeholders,
            };
            let started = std::time::Instant::now();
            gongshi::output::interrupt::remove_temporaries_on_interrupt(say(Text::key(
                "build_interrupted",
            )))
            .map_err(Text::from)?;
            let (checked, result) = cmd::build::build_site(&options);
            if !checked.diagnostics.is_empty() {
                eprint!("{}", checked.report_with(verbose));
            }
            match result {
                Ok(summary) => {
                    let line = words!(
                        "cli_built",
                        pages = summary.pages.to_string(),
                        files = summary.files.to_string(),
                        output = options.output_dir().display().to_string(),
                        ms = started.elapsed().as_millis().to_string()
                    );
                    eprintln!("{}", say(line));
                    Ok(ExitCode::SUCCESS)
                }
                Err(_) if gongshi::output::interrupt::interrupted() => {
                    gongshi::output::interrupt::finish_interrupted()
                }
                Err(err) => Err(err.words()),
            }
        }
    }
}

fn exit_code(ok: bool) -> ExitCode {
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
