//! `gongshi deploy`: reads site.yaml's `deploy:` targets and hands the built site to
//! [`crate::deploy`].

use crate::deploy::{DeployError, DeployOptions, Outcome, deploy};
use crate::diagnostics::{SourceMap, Text, io_reason, message_language};
use crate::load::decode_site_config;
use crate::words;

#[derive(Debug, thiserror::Error)]
pub enum DeployCommandError {
    #[error("cannot read {path}: {source}")]
    SiteYaml {
        path: String,
        source: std::io::Error,
    },
    /// site.yaml has errors; the report holds them, rendered like `check`'s.
    #[error("{0}content/site.yaml has errors; nothing was deployed")]
    Invalid(String),
    #[error(transparent)]
    Deploy(#[from] DeployError),
}

impl DeployCommandError {
    /// What went wrong and what to do, in the words of the message table (for `Invalid`,
    /// the line under the report).
    pub fn words(&self) -> Text {
        match self {
            DeployCommandError::SiteYaml { path, source } => words!(
                "deploy_cannot_read",
                path = path,
                reason = io_reason(source)
            ),
            DeployCommandError::Invalid(_) => Text::key("deploy_site_yaml_has_errors"),
            DeployCommandError::Deploy(error) => error.words(),
        }
    }
}

/// Deploys `<root>/public` (or `--output`) to the chosen target, printing the plan and the
/// progress on stdout.
pub fn deploy_site(options: &DeployOptions) -> Result<Outcome, DeployCommandError> {
    let path = options.root.join("content/site.yaml");
    let text = std::fs::read_to_string(&path).map_err(|source| DeployCommandError::SiteYaml {
        path: path.display().to_string(),
        source,
    })?;
    let shown = "content/site.yaml";
    let (config, diagnostics) = decode_site_config(shown, &text);
    let config = match config {
        Some(config) if diagnostics.error_count() == 0 => config,
        _ => {
            let mut sources = SourceMap::default();
            sources.insert(shown, text.into());
            return Err(DeployCommandError::Invalid(diagnostics.render(
                &sources,
                message_language(crate::check::site_language(&options.root)),
            )));
        }
    };
    let mut stdout = std::io::stdout().lock();
    Ok(deploy(options, &config, &mut stdout)?)
}
