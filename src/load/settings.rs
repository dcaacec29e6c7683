//! The sections of site.yaml beyond the basic settings: the feedback contact, the footer's
//! `registration:` marks, the `deploy:` targets and the `privacy:` exceptions, each decoded
//! field by field like the rest.

use super::decode::{Fields, FileContext, as_list, as_string, quoted_list};
use crate::diagnostics::Text;
use crate::model::{DeployKind, DeployTarget, Feedback, Located, Registration};
use crate::words;
use crate::yaml::Node;
use std::collections::BTreeSet;

pub fn feedback(cx: &mut FileContext, node: &Node) -> Option<Feedback> {
    const KNOWN: &[&str] = &["phone", "email", "address", "hours"];
    let mut f = Fields::new(cx, node, "feedback contact", KNOWN)?;
    let feedback = Feedback {
        phone: f.string(cx, "phone"),
        email: f.string(cx, "email"),
        address: f.string(cx, "address"),
        hours: f.string(cx, "hours"),
    };
    f.finish(cx);
    Some(feedback)
}

/// `registration: {site_code, icp, police}`.
pub fn registration(cx: &mut FileContext, node: Option<&Node>) -> Registration {
    const KNOWN: &[&str] = &["site_code", "icp", "police"];
    let Some(mut f) = node.and_then(|n| Fields::new(cx, n, "registration", KNOWN)) else {
        return Registration::default();
    };
    let registration = Registration {
        site_code: f.string(cx, "site_code"),
        icp: f.string(cx, "icp"),
        police: f.string(cx, "police"),
    };
    f.finish(cx);
    registration
}

const KINDS: &[&str] = &["folder", "s3"];

/// `deploy:`, a list of targets; a target with a problem is reported and left out.
pub fn deploy_targets(cx: &mut FileContext, node: Option<&Node>) -> Vec<DeployTarget> {
    let Some(node) = node else {
        return Vec::new();
    };
    let mut names = BTreeSet::new();
    let mut targets = Vec::new();
    for item in as_list(cx, node, "deploy") {
        if let Some(target) = deploy_target(cx, item) {
            if names.insert(target.name.clone()) {
                targets.push(target);
            } else {
                cx.error_with_help(
                    item.pos,
                    words!("settings_deploy_name_twice", name = &target.name),
                    Text::key("settings_deploy_name_twice_help"),
                );
            }
        }
    }
    targets
}

fn deploy_target(cx: &mut FileContext, node: &Node) -> Option<DeployTarget> {
    const KNOWN: &[&str] = &[
        "name",
        "kind",
        "path",
        "endpoint",
        "bucket",
        "prefix",
        "region",
        "path_style",
    ];
    let mut f = Fields::new(cx, node, "deploy target", KNOWN)?;
    let name = f.required_string(cx, "name");
    let kind_node = f.required(cx, "kind");
    let kind = kind_node.and_then(|n| as_string(cx, n, "kind").map(|k| (k, n.pos)));
    let kind = match kind {
        Some((kind, pos)) if !KINDS.contains(&kind.as_str()) => {
            cx.error_with_help(
                pos,
                words!("settings_deploy_kind", kind = kind),
                words!("settings_deploy_kind_help", list = quoted_list(KINDS)),
            );
            None
        }
        other => other.map(|(kind, _)| kind),
    };
    let target = match kind.as_deref() {
        Some("folder") => {
            let path = f.required_string(cx, "path");
            path.map(|p| DeployKind::Folder { path: p.value })
        }
        Some("s3") => {
            let endpoint = f.string(cx, "endpoint");
            let bucket = f.required_string(cx, "bucket");
            let prefix = f.string(cx, "prefix").unwrap_or_default();
            let region = f.string(cx, "region");
            let path_style = f.bool(cx, "path_style").unwrap_or(false);
            if let Some(endpoint) = &endpoint
                && !(endpoint.starts_with("https://") || endpoint.starts_with("http://"))
            {
                cx.error_with_help(
                    f.pos(),
                    words!("settings_deploy_endpoint", endpoint = endpoint),
                    Text::key("settings_deploy_endpoint_help"),
                );
                return None;
            }
            bucket.map(|bucket| DeployKind::S3 {
                endpoint,
                bucket: bucket.value,
                prefix: prefix.trim_matches('/').to_string(),
                region: region.unwrap_or_else(|| "us-east-1".to_string()),
                path_style,
            })
        }
        _ => None,
    };
    for (key, pos) in f.take_unread(is_credential_key) {
        cx.error_with_help(
            pos,
            words!("settings_deploy_credential", field = key),
            Text::key("settings_deploy_credential_help"),
        );
    }
    // Fields that belong to the other kind are unknown to this one: mark them read only when
    // the kind itself is unreadable, so that one mistake gives one message.
    if target.is_none() {
        for key in KNOWN {
            f.get(key);
        }
    }
    f.finish(cx);
    Some(DeployTarget {
        name: name?.value,
        kind: target?,
    })
}

/// Whether a key names an access key or secret (`secret_access_key`, OSS's
/// `AccessKeySecret`, COS's `SecretId`), which the environment gives, never site.yaml.
pub fn is_credential_key(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    ["key", "secret", "token", "password", "credential"]
        .iter()
        .any(|word| key.contains(word))
}

/// site.yaml's text as it may be quoted under an error: the value of every credential
/// key starred out, so that a report does not print a secret written there by mistake,
/// whether in block form (`secret_access_key: abc` on a line of its own) or in flow form
/// (`deploy: [{name: oss, secret_access_key: abc}]`). The lines stay where they were, so
/// that other errors are still quoted at their lines.
pub fn hide_credentials(text: &str) -> Option<String> {
    let mut hidden = false;
    let out: String = text
        .split_inclusive('\n')
        .map(|line| {
            let (line, was_hidden) = hide_in_line(line);
            hidden |= was_hidden;
            line
        })
        .collect();
    hidden.then_some(out)
}

/// One line with each credential value replaced by `****`: a key is a run of letters,
/// digits and `_`/`-` that starts the line's content or follows `{`, `,` or a space, and
/// is followed by `:`; its value runs to the next `,`, `}` or `]` (a quoted value to its
/// closing quote), or to the end of the line.
fn hide_in_line(line: &str) -> (String, bool) {
    let is_key_char = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    let mut out = String::with_capacity(line.len());
    let mut hidden = false;
    let mut rest = line;
    while let Some(colon) = rest.find(':') {
        let before = &rest[..colon];
        let key_start = before
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_key_char(c))
            .last()
            .map_or(colon, |(i, _)| i);
        let key = &before[key_start..];
        let starts_key = before[..key_start]
            .chars()
            .next_back()
            .is_none_or(|c| matches!(c, '{' | ',' | ' ' | '\t' | '-'));
        let after = &rest[colon + 1..];
        if key.is_empty() || !starts_key || !is_credential_key(key) {
            out.push_str(&rest[..=colon]);
            rest = after;
            continue;
        }
        let value_len = value_length(after);
        if after[..value_len].trim().is_empty() {
            out.push_str(&rest[..=colon]);
            rest = after;
            continue;
        }
        hidden = true;
        out.push_str(&rest[..=colon]);
        out.push_str(" ****");
        rest = &after[value_len..];
    }
    out.push_str(rest);
    (out, hidden)
}

/// The length of the value that starts `text` (after a key's `:`): to a quoted value's
/// closing quote, else to the next `,`, `}`, `]`, ` #` or the end of the line.
fn value_length(text: &str) -> usize {
    let end_of_line = text.len() - text.trim_end_matches(['\n', '\r']).len();
    let line = &text[..text.len() - end_of_line];
    let trimmed = line.trim_start();
    let lead = line.len() - trimmed.len();
    if let Some(quote) = trimmed.chars().next().filter(|c| matches!(c, '"' | '\''))
        && let Some(close) = trimmed[1..].find(quote)
    {
        return lead + close + 2;
    }
    line.find([',', '}', ']'])
        .or_else(|| line.find(" #"))
        .unwrap_or(line.len())
}

/// `privacy: {allow: [content/notices/x.md, …]}`: files whose personal numbers are published
/// deliberately (a notice that must name a contact's mobile number).
pub fn privacy_allow(cx: &mut FileContext, node: Option<&Node>) -> Vec<Located<String>> {
    const KNOWN: &[&str] = &["allow"];
    let Some(node) = node else {
        return Vec::new();
    };
    let Some(mut f) = Fields::new(cx, node, "privacy settings", KNOWN) else {
        return Vec::new();
    };
    let allow = f
        .list(cx, "allow")
        .iter()
        .filter_map(|item| {
            as_string(cx, item, "allow").map(|path| {
                let path = path.trim().trim_start_matches("./").to_string();
                Located::new(path, item.pos)
            })
        })
        .collect();
    f.finish(cx);
    allow
}

#[cfg(test)]
mod tests {
    use super::hide_credentials;

    #[test]
    fn a_secret_is_starred_in_block_and_flow_form_and_nothing_else_is() {
        let text = "title: 公开栏\ndeploy:\n  - name: oss\n    secret_access_key: abc123\n    AccessKeySecret: \"x,y\" # note\ndeploy2: [{name: oss, kind: s3, secret_access_key: s3cr3t, bucket: b}]\nother: {token: 't0k3n', path: a}\n";
        let hidden = hide_credentials(text).expect("secrets found");
        for secret in ["abc123", "x,y", "s3cr3t", "t0k3n"] {
            assert!(!hidden.contains(secret), "{secret} shown in\n{hidden}");
        }
        for kept in [
            "title: 公开栏",
            "name: oss, kind: s3",
            "bucket: b}]",
            "path: a}",
            "# note",
        ] {
            assert!(hidden.contains(kept), "{kept} lost in\n{hidden}");
        }
        assert_eq!(hidden.lines().count(), text.lines().count());
        assert_eq!(
            hide_credentials("title: a\nmonkey_business:\n  - 1\n"),
            None
        );
    }
}
