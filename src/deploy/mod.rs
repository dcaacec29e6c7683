//! `gongshi deploy`: puts the built site on its host, a folder (an nginx root, a mounted
//! share) or an S3-compatible bucket (Aliyun OSS, Tencent COS), uploading only the files
//! whose bytes changed, in an order that never leaves a page pointing at a missing file,
//! and removing what the build no longer has. It reads the output folder and site.yaml's
//! `deploy:` targets; nothing in the build pipeline depends on it.

mod folder;
pub mod local;
mod s3;

use crate::diagnostics::{Severity, Text, message_language};
use crate::model::{DeployKind, DeployTarget, Language, SiteConfig};
use crate::words;
use local::{LocalFile, ScanError};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// More deletions than this in one deploy are refused without `--force`: a wrong `path` or
/// `prefix` would otherwise empty a folder or bucket that holds something else.
pub const DELETE_LIMIT: usize = 256;

#[derive(Clone, Debug)]
pub struct DeployOptions {
    pub root: PathBuf,
    /// The built site [default: <root>/public].
    pub output: Option<PathBuf>,
    pub target: Option<String>,
    pub dry_run: bool,
    pub force: bool,
}

impl DeployOptions {
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DeployError {
    #[error(
        "content/site.yaml has no `deploy:` targets; add one, e.g.\n  deploy:\n    - name: www\n      kind: folder\n      path: /var/www/gongshi\n(see the README's \"Deploying\" section)"
    )]
    NoTargets,
    #[error(
        "there is no deploy target named `{name}` in content/site.yaml (the targets are {known})"
    )]
    UnknownTarget { name: String, known: String },
    #[error(transparent)]
    Scan(#[from] ScanError),
    #[error("deploy target `{target}`: {message}")]
    Target { target: String, message: Text },
    #[error(
        "deploy target `{target}`: {count} files on the target are not in the build and would be deleted, more than {DELETE_LIMIT}; check `path`/`prefix` in content/site.yaml, look at the list with --dry-run, and run again with --force if they really are to go"
    )]
    TooManyDeletes { target: String, count: usize },
    #[error(
        "deploy target `{target}`: {failed} of {total} changes did not arrive (see the errors above); the target is partly updated: run `gongshi deploy` again to retry them"
    )]
    Incomplete {
        target: String,
        failed: usize,
        total: usize,
    },
}

impl DeployError {
    /// What went wrong and what to do, in the words of the message table.
    pub fn words(&self) -> Text {
        match self {
            DeployError::NoTargets => Text::key("deploy_no_targets"),
            DeployError::UnknownTarget { name, known } => {
                words!("deploy_unknown_target", name = name, known = known)
            }
            DeployError::Scan(error) => error.words(),
            DeployError::Target { target, message } => {
                words!(
                    "deploy_target_failed",
                    target = target,
                    message = message.clone()
                )
            }
            DeployError::TooManyDeletes { target, count } => words!(
                "deploy_too_many_deletes",
                target = target,
                count = count.to_string(),
                limit = DELETE_LIMIT.to_string()
            ),
            DeployError::Incomplete {
                target,
                failed,
                total,
            } => words!(
                "deploy_incomplete",
                target = target,
                failed = failed.to_string(),
                total = total.to_string()
            ),
        }
    }
}

/// What a target must change to match the build.
#[derive(Debug, Default)]
pub struct Plan {
    /// In upload order (by rank, then path).
    pub uploads: Vec<LocalFile>,
    /// Paths relative to the target's root, sorted.
    pub deletes: Vec<String>,
    pub unchanged: usize,
}

impl Plan {
    fn new(mut uploads: Vec<LocalFile>, mut deletes: Vec<String>, unchanged: usize) -> Plan {
        uploads.sort_by(|a, b| (a.rank(), &a.path).cmp(&(b.rank(), &b.path)));
        deletes.sort();
        Plan {
            uploads,
            deletes,
            unchanged,
        }
    }

    pub fn upload_bytes(&self) -> u64 {
        self.uploads.iter().map(|f| f.size).sum()
    }

    /// The uploads grouped by rank, in the order they go up.
    fn waves(&self) -> Vec<&[LocalFile]> {
        self.uploads.chunk_by(|a, b| a.rank() == b.rank()).collect()
    }
}

/// What a deploy did, for the summary line.
#[derive(Debug, Default)]
pub struct Outcome {
    pub uploaded: usize,
    pub deleted: usize,
    /// Each failed change: the path and what went wrong.
    pub failures: Vec<(String, Text)>,
}

/// Deploys the built site to the chosen target, printing the plan and progress to `out`.
pub fn deploy(
    options: &DeployOptions,
    config: &SiteConfig,
    out: &mut dyn std::io::Write,
) -> Result<Outcome, DeployError> {
    let language = message_language(Some(config.language));
    let say = |words: Text| words.in_language(language);
    let target = choose_target(&config.deploy, options.target.as_deref())?;
    let output = options.output_dir();
    let local = local::scan(&output)?;
    let fail = |message: Text| DeployError::Target {
        target: target.name.clone(),
        message,
    };
    let host = match &target.kind {
        DeployKind::Folder { path } => {
            Host::Folder(folder::FolderHost::new(&options.root, &output, path).map_err(fail)?)
        }
        DeployKind::S3 { .. } => Host::S3(s3::S3Host::new(&target.kind).map_err(fail)?),
    };
    let plan = host.plan(&local).map_err(fail)?;
    let _ = writeln!(
        out,
        "{}",
        say(describe_plan(
            &plan,
            &target.name,
            &host.describe(),
            &output
        ))
    );
    if options.dry_run {
        let _ = write!(out, "{}", plan_listing(&plan, language));
        let _ = writeln!(out, "{}", say(Text::key("deploy_dry_run")));
        return Ok(Outcome::default());
    }
    if plan.deletes.len() > DELETE_LIMIT && !options.force {
        return Err(DeployError::TooManyDeletes {
            target: target.name.clone(),
            count: plan.deletes.len(),
        });
    }
    if plan.uploads.is_empty() && plan.deletes.is_empty() {
        return Ok(Outcome::default());
    }
    let outcome = host.apply(&plan);
    for (path, message) in &outcome.failures {
        let _ = writeln!(
            out,
            "{}: {path}: {}",
            Severity::Error.label_in(language),
            say(message.clone())
        );
    }
    if !outcome.failures.is_empty() {
        return Err(DeployError::Incomplete {
            target: target.name.clone(),
            failed: outcome.failures.len(),
            total: plan.uploads.len() + plan.deletes.len(),
        });
    }
    let _ = writeln!(
        out,
        "{}",
        say(words!(
            "deploy_done",
            uploaded = outcome.uploaded.to_string(),
            deleted = outcome.deleted.to_string(),
            target = &target.name
        ))
    );
    Ok(outcome)
}

fn choose_target<'t>(
    targets: &'t [DeployTarget],
    name: Option<&str>,
) -> Result<&'t DeployTarget, DeployError> {
    let first = targets.first().ok_or(DeployError::NoTargets)?;
    let Some(name) = name else {
        return Ok(first);
    };
    targets
        .iter()
        .find(|t| t.name == name)
        .ok_or_else(|| DeployError::UnknownTarget {
            name: name.to_string(),
            known: targets
                .iter()
                .map(|t| format!("`{}`", t.name))
                .collect::<Vec<_>>()
                .join(", "),
        })
}

enum Host {
    Folder(folder::FolderHost),
    S3(s3::S3Host),
}

impl Host {
    fn describe(&self) -> Text {
        match self {
            Host::Folder(h) => words!("deploy_folder", dir = h.dir().display().to_string()),
            Host::S3(h) => h.describe(),
        }
    }

    fn plan(&self, local: &[LocalFile]) -> Result<Plan, Text> {
        match self {
            Host::Folder(h) => h.plan(local),
            Host::S3(h) => h.plan(local),
        }
    }

    /// Uploads wave by wave and deletes last; a wave with a failure stops the deploy there,
    /// so that no page goes up before what it links to, and nothing is deleted that a page
    /// still on the target may need.
    fn apply(&self, plan: &Plan) -> Outcome {
        let mut outcome = Outcome::default();
        for wave in plan.waves() {
            let failures = match self {
                Host::Folder(h) => h.upload(wave),
                Host::S3(h) => h.upload(wave),
            };
            outcome.uploaded += wave.len() - failures.len();
            if !failures.is_empty() {
                outcome.failures = failures;
                return outcome;
            }
        }
        let failures = match self {
            Host::Folder(h) => h.delete(&plan.deletes),
            Host::S3(h) => h.delete(&plan.deletes),
        };
        outcome.deleted = plan.deletes.len() - failures.len();
        outcome.failures = failures;
        outcome
    }
}

fn describe_plan(plan: &Plan, name: &str, host: &Text, output: &Path) -> Text {
    if plan.uploads.is_empty() && plan.deletes.is_empty() {
        return words!(
            "deploy_up_to_date",
            name = name,
            host = host.clone(),
            output = output.display().to_string(),
            unchanged = plan.unchanged.to_string()
        );
    }
    words!(
        "deploy_plan",
        output = output.display().to_string(),
        name = name,
        host = host.clone(),
        uploads = plan.uploads.len().to_string(),
        size = human_bytes(plan.upload_bytes()),
        deletes = plan.deletes.len().to_string(),
        unchanged = plan.unchanged.to_string()
    )
}

/// One line a file, the uploads first: the verb in the reader's language, padded so that
/// the paths line up.
fn plan_listing(plan: &Plan, language: Language) -> String {
    let upload = Text::key("deploy_verb_upload").in_language(language);
    let delete = Text::key("deploy_verb_delete").in_language(language);
    let mut text = String::new();
    for file in &plan.uploads {
        let _ = writeln!(
            text,
            "  {upload}  {} ({})",
            file.path,
            human_bytes(file.size)
        );
    }
    for path in &plan.deletes {
        let _ = writeln!(text, "  {delete}  {path}");
    }
    text
}

/// A size in the units every language writes alike (a Chinese plan must not say "bytes").
fn human_bytes(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} B"),
        b if b < 1024 * 1024 => format!("{:.1} KB", b as f64 / 1024.0),
        b => format!("{:.1} MB", b as f64 / (1024.0 * 1024.0)),
    }
}

#[cfg(test)]
mod tests {
    use super::human_bytes;

    #[test]
    fn sizes_are_written_in_units_every_language_reads() {
        assert_eq!(human_bytes(0), "0 B");
        assert_eq!(human_bytes(738), "738 B");
        assert_eq!(human_bytes(2048), "2.0 KB");
        assert_eq!(human_bytes(3 * 1024 * 1024), "3.0 MB");
    }
}
