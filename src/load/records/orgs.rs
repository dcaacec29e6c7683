//! `content/orgs.yaml`: the organisation tree (SPEC §2.2). An entry that fails to decode
//! still leaves its id behind, so that the references to it are not reported twice.

use super::super::decode::{Fields, FileContext, as_list, as_string, check_id};
use super::syntax::parse_yaml;
use crate::diagnostics::Diagnostics;
use crate::model::*;
use crate::yaml::{Node, NodeKind, Pos};
use std::collections::{BTreeMap, BTreeSet};

const LEVELS: &[(&str, OrgLevel)] = &[
    ("district", OrgLevel::District),
    ("township", OrgLevel::Township),
    ("village", OrgLevel::Village),
    ("department", OrgLevel::Department),
];

/// orgs.yaml, decoded: the organisations that loaded, and the ids of those that did not.
#[derive(Clone)]
pub struct DecodedOrgs {
    pub orgs: BTreeMap<String, Org>,
    pub unreadable_ids: BTreeSet<String>,
    /// The file as a whole could not be read as a list of organisations.
    pub unreadable_file: bool,
}

pub fn decode_orgs(path: &str, text: &str) -> (DecodedOrgs, Diagnostics) {
    let mut cx = FileContext::new(path);
    let mut decoded = DecodedOrgs {
        orgs: BTreeMap::new(),
        unreadable_ids: BTreeSet::new(),
        unreadable_file: true,
    };
    if let Some(node) = parse_yaml(&mut cx, text)
        && let Some(mut f) = Fields::new(&mut cx, &node, "organisation file", &["orgs"])
    {
        let list = f.required(&mut cx, "orgs");
        decoded.unreadable_file = list.is_none();
        let list = list.map(|n| as_list(&mut cx, n, "orgs")).unwrap_or(&[]);
        f.finish(&mut cx);
        let mut first_seen: BTreeMap<String, Pos> = BTreeMap::new();
        for (order, item) in list.iter().enumerate() {
            let Some(org) = org(&mut cx, item, order) else {
                decoded.unreadable_ids.extend(written_id(item));
                continue;
            };
            if let Some(first) = first_seen.get(&org.id) {
                let diagnostic = crate::diagnostics::Diagnostic::error(
                    path,
                    org.origin.pos,
                    format!("duplicate org id `{}`", org.id),
                )
                .with_related(path, *first, "first defined here")
                .with_help("each organisation needs its own id");
                cx.diagnostics.push(diagnostic);
                continue;
            }
            first_seen.insert(org.id.clone(), org.origin.pos);
            decoded.orgs.insert(org.id.clone(), org);
        }
    }
    (decoded, cx.diagnostics)
}

/// The `id` written in a mapping, if any, even when the rest of the mapping is broken.
fn written_id(node: &Node) -> Option<String> {
    let NodeKind::Map(entries) = &node.kind else {
        return None;
    };
    entries.iter().find_map(|(k, v)| match (&k.kind, &v.kind) {
        (NodeKind::Str(k), NodeKind::Str(v)) if k == "id" => Some(v.clone()),
        (NodeKind::Str(k), NodeKind::Int(v)) if k == "id" => Some(v.to_string()),
        _ => None,
    })
}

fn org(cx: &mut FileContext, node: &Node, order: usize) -> Option<Org> {
    const KNOWN: &[&str] = &["id", "name", "level", "parent", "secretary"];
    let mut f = Fields::new(cx, node, "organisation", KNOWN)?;
    let id = f.required_string(cx, "id");
    let name = f.required_string(cx, "name");
    let level = f.choice(cx, "level", LEVELS, true);
    let parent = f
        .get("parent")
        .and_then(|n| as_string(cx, n, "parent").map(|s| Located::new(s, n.pos)));
    let secretary = f.string(cx, "secretary");
    f.finish(cx);
    let id = id?;
    let origin = Origin {
        path: cx.path.to_string(),
        pos: id.pos,
    };
    if !check_id(cx, &id, "org id", false) {
        return None;
    }
    Some(Org {
        id: id.value,
        name: name?.value,
        level: level?.value,
        parent,
        secretary,
        order,
        origin,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_org_entry_keeps_its_id_for_later_checks() {
        let text = "orgs:\n  - id: ok\n    name: 好\n    level: district\n  - id: broken\n    level: township\n";
        let (decoded, diagnostics) = decode_orgs("content/orgs.yaml", text);
        assert_eq!(decoded.orgs.keys().collect::<Vec<_>>(), ["ok"]);
        assert!(decoded.unreadable_ids.contains("broken"));
        assert!(!decoded.unreadable_file);
        assert_eq!(diagnostics.error_count(), 1);
        let (decoded, _) = decode_orgs("content/orgs.yaml", "orgs: [\n");
        assert!(decoded.unreadable_file);
    }
}
