//! The structure drawn from the imports: every `crate::`, `super::` and `self::` path in
//! `src/` is an arrow from the file that writes it to the module it names. The pipeline's
//! stages are ranked (the table below); an arrow must point down the ranks, and inside a
//! module no files import each other in a circle. A new top-level module fails here until it
//! is given its place in the table.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The crate's top-level modules, from the top of the pipeline down. An arrow may only point
/// to a module further down this list. Modules on one line are side by side and must not
/// import each other.
const LAYERS: &[&[&str]] = &[
    &["main"],
    &["cmd"],
    &["serve", "import", "deploy"],
    &["check"],
    &["render"],
    &["history"],
    &["validate"],
    &["load"],
    &["output", "changes"],
    &["diagnostics"],
    &["model"],
    &["yaml"],
];

/// No source file is longer than this.
const MAX_LINES: usize = 800;

#[test]
fn every_import_points_down_the_pipeline_and_none_goes_in_a_circle() {
    let sources = Sources::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    let arrows = sources.arrows();
    assert!(
        arrows.len() > 100,
        "the import scan found only {} arrows: it no longer reads the sources",
        arrows.len()
    );

    let rank = |module: &str| LAYERS.iter().position(|layer| layer.contains(&module));
    let mut wrong = Vec::new();
    for arrow in &arrows {
        let (from, to) = (&arrow.from[0], &arrow.to[0]);
        if from == to {
            continue;
        }
        match (rank(from), rank(to)) {
            (Some(a), Some(b)) if a < b => {}
            (Some(_), Some(_)) => wrong.push(format!(
                "{}: `{from}` imports `{to}`, which is not below it",
                arrow.place
            )),
            _ => wrong.push(format!(
                "{}: `{from}` or `{to}` has no place in LAYERS (tests/cli/architecture.rs)",
                arrow.place
            )),
        }
    }
    assert!(
        wrong.is_empty(),
        "arrows running up the pipeline:\n{}",
        wrong.join("\n")
    );

    let circles = circles(&arrows);
    assert!(
        circles.is_empty(),
        "files that import each other in a circle:\n{}",
        circles.join("\n")
    );
}

#[test]
fn no_source_file_is_over_the_line_limit() {
    let sources = Sources::read(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    assert!(sources.files.len() > 20, "found too few source files");
    let long: Vec<String> = sources
        .files
        .iter()
        .filter(|file| file.text.lines().count() > MAX_LINES)
        .map(|file| {
            format!(
                "{} ({} lines)",
                file.path.display(),
                file.text.lines().count()
            )
        })
        .collect();
    assert!(long.is_empty(), "files over {MAX_LINES} lines: {long:?}");
}

#[test]
fn the_scan_sees_an_arrow_up_and_a_circle() {
    // The checks above pass only if the scan is blind; make sure it is not.
    let sources = Sources {
        files: vec![
            SourceFile::new("load/mod.rs", "mod a;\nmod b;\n"),
            SourceFile::new("load/a.rs", "use super::b::Thing;\n"),
            SourceFile::new(
                "load/b.rs",
                "use super::{a::Other, c};\nfn f() { crate::render::go(); }\n",
            ),
            SourceFile::new("load/c.rs", "// use super::a;\n"),
            SourceFile::new("render/mod.rs", "pub fn go() {}\n"),
        ],
    };
    let arrows = sources.arrows();
    let names: BTreeSet<String> = arrows
        .iter()
        .map(|a| format!("{} -> {}", a.from.join("::"), a.to.join("::")))
        .collect();
    assert_eq!(
        names,
        BTreeSet::from([
            "load::a -> load::b".to_string(),
            "load::b -> load::a".to_string(),
            "load::b -> load::c".to_string(),
            "load::b -> render".to_string(),
        ])
    );
    assert_eq!(circles(&arrows).len(), 1, "{:?}", circles(&arrows));
}

struct SourceFile {
    path: PathBuf,
    /// The module the file is: `render/site.rs` is `[render, site]`, `load/mod.rs` is
    /// `[load]`, `main.rs` is `[main]`.
    module: Vec<String>,
    text: String,
}

impl SourceFile {
    fn new(relative: &str, text: &str) -> SourceFile {
        let mut module: Vec<String> = relative
            .trim_end_matches(".rs")
            .split('/')
            .map(str::to_string)
            .collect();
        if module
            .last()
            .is_some_and(|last| last == "mod" || last == "lib")
        {
            module.pop();
        }
        SourceFile {
            path: PathBuf::from(relative),
            module,
            text: text.to_string(),
        }
    }
}

struct Sources {
    files: Vec<SourceFile>,
}

struct Arrow {
    from: Vec<String>,
    to: Vec<String>,
    place: String,
}

impl Sources {
    fn read(src: &Path) -> Sources {
        let mut files = Vec::new();
        for entry in walkdir::WalkDir::new(src).sort_by_file_name() {
            let entry = entry.expect("the source folder can be read");
            if entry.path().extension().is_some_and(|e| e == "rs") {
                let relative = entry.path().strip_prefix(src).expect("under src");
                let text = std::fs::read_to_string(entry.path()).expect("a source file");
                files.push(SourceFile::new(
                    &relative.to_string_lossy().replace('\\', "/"),
                    &text,
                ));
            }
        }
        Sources { files }
    }

    fn modules(&self) -> BTreeSet<Vec<String>> {
        self.files.iter().map(|f| f.module.clone()).collect()
    }

    /// Every arrow between two different file modules, resolved to the deepest file module
    /// the path names. Arrows from a module to one of its ancestors (a child using what its
    /// parent re-exports) or descendants are left out: they cannot make a circle of siblings.
    fn arrows(&self) -> Vec<Arrow> {
        let modules = self.modules();
        let mut arrows: BTreeMap<(Vec<String>, Vec<String>), String> = BTreeMap::new();
        for file in &self.files {
            for (line, path) in paths(&file.text) {
                let Some(to) = resolve(&file.module, &path, &modules) else {
                    continue;
                };
                let related = to.starts_with(&file.module) || file.module.starts_with(&to);
                if !related {
                    arrows
                        .entry((file.module.clone(), to))
                        .or_insert_with(|| format!("src/{}:{line}", file.path.display()));
                }
            }
        }
        arrows
            .into_iter()
            .map(|((from, to), place)| Arrow { from, to, place })
            .collect()
    }
}

/// The module paths a source text names: `(line, segments)`, the first segment being
/// `crate`, `super` or `self`. Comments and string literals are skipped; `use` trees with
/// braces are expanded.
fn paths(text: &str) -> Vec<(usize, Vec<String>)> {
    let code = strip_comments_and_strings(text);
    let mut found = Vec::new();
    let bytes = code.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let word_start = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_');
        if word_start && code[i..].starts_with("use ") {
            let end = code[i..].find(';').map_or(code.len(), |e| i + e);
            let line = code[..i].matches('\n').count() + 1;
            for path in expand_use_tree(code[i + 4..end].trim()) {
                if matches!(
                    path.first().map(String::as_str),
                    Some("crate" | "super" | "self")
                ) {
                    found.push((line, path));
                }
            }
            i = end;
            continue;
        }
        if word_start
            && ["crate::", "super::", "self::"]
                .iter()
                .any(|p| code[i..].starts_with(p))
        {
            let end = code[i..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
                .map_or(code.len(), |e| i + e);
            let line = code[..i].matches('\n').count() + 1;
            let path: Vec<String> = code[i..end]
                .split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            found.push((line, path));
            i = end;
            continue;
        }
        i += code[i..].chars().next().map_or(1, char::len_utf8);
    }
    found
}

/// `crate::{a::{b, c}, d as e}` → `[crate, a, b]`, `[crate, a, c]`, `[crate, d]`.
fn expand_use_tree(tree: &str) -> Vec<Vec<String>> {
    let tree: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
    let mut out = Vec::new();
    expand_into(&tree, &mut Vec::new(), &mut out);
    out
}

fn expand_into(tree: &str, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
    let Some(open) = tree.find('{') else {
        let tree = tree.split("as").next().unwrap_or(tree);
        let tree = tree.strip_prefix("::").unwrap_or(tree);
        let mut path = prefix.clone();
        path.extend(
            tree.split("::")
                .filter(|s| !s.is_empty())
                .map(str::to_string),
        );
        out.push(path);
        return;
    };
    let head = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let added: Vec<String> = head
        .split("::")
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let depth = prefix.len();
    prefix.extend(added);
    for part in split_top_level(inner) {
        if !part.is_empty() {
            expand_into(part, prefix, out);
        }
    }
    prefix.truncate(depth);
}

fn split_top_level(list: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in list.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                parts.push(&list[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&list[start..]);
    parts
}

/// The deepest file module that `path`, written in `module`, names.
fn resolve(
    module: &[String],
    path: &[String],
    modules: &BTreeSet<Vec<String>>,
) -> Option<Vec<String>> {
    let mut at: Vec<String> = match path.first()?.as_str() {
        "crate" => Vec::new(),
        "self" => module.to_vec(),
        "super" => module[..module.len().checked_sub(1)?].to_vec(),
        _ => return None,
    };
    for segment in &path[1..] {
        match segment.as_str() {
            "super" => {
                at.pop();
            }
            "self" => {}
            name => {
                at.push(name.to_string());
                if !modules.contains(&at) {
                    at.pop();
                    break;
                }
            }
        }
    }
    // `crate::x` from the binary's `main.rs` names the library, whose root is `lib.rs`.
    (!at.is_empty()).then_some(at)
}

/// Circles among sibling files: each arrow is lifted to the two children of the modules'
/// common ancestor it joins, and every strongly connected group of more than one child is a
/// circle.
fn circles(arrows: &[Arrow]) -> Vec<String> {
    let mut graphs: BTreeMap<Vec<String>, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for arrow in arrows {
        let common = arrow
            .from
            .iter()
            .zip(&arrow.to)
            .take_while(|(a, b)| a == b)
            .count();
        let (Some(from), Some(to)) = (arrow.from.get(common), arrow.to.get(common)) else {
            continue;
        };
        let graph = graphs.entry(arrow.from[..common].to_vec()).or_default();
        graph.entry(from.clone()).or_default().insert(to.clone());
        graph.entry(to.clone()).or_default();
    }
    let mut found = Vec::new();
    for (parent, graph) in &graphs {
        for group in strongly_connected(graph) {
            if group.len() > 1 {
                let names: Vec<String> = group
                    .iter()
                    .map(|m| {
                        parent
                            .iter()
                            .chain([m])
                            .cloned()
                            .collect::<Vec<_>>()
                            .join("::")
                    })
                    .collect();
                found.push(names.join(" ↔ "));
            }
        }
    }
    found
}

/// Groups of nodes that reach each other (Kosaraju's two passes).
fn strongly_connected(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    fn visit<'g>(
        node: &'g str,
        graph: &'g BTreeMap<String, BTreeSet<String>>,
        seen: &mut BTreeSet<&'g str>,
        order: &mut Vec<&'g str>,
    ) {
        if seen.insert(node) {
            for next in &graph[node] {
                visit(next, graph, seen, order);
            }
            order.push(node);
        }
    }
    let mut order = Vec::new();
    let mut seen = BTreeSet::new();
    for node in graph.keys() {
        visit(node, graph, &mut seen, &mut order);
    }
    let mut reversed: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (from, tos) in graph {
        reversed.entry(from.clone()).or_default();
        for to in tos {
            reversed.entry(to.clone()).or_default().insert(from.clone());
        }
    }
    let mut groups = Vec::new();
    let mut assigned = BTreeSet::new();
    for node in order.into_iter().rev() {
        let mut group = Vec::new();
        visit(node, &reversed, &mut assigned, &mut group);
        if !group.is_empty() {
            group.sort();
            groups.push(group.into_iter().map(str::to_string).collect());
        }
    }
    groups
}

/// The source with comments and the contents of string and character literals blanked
/// (newlines kept, so line numbers stay right).
fn strip_comments_and_strings(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                if chars[i] == '\n' {
                    out.push('\n');
                }
                i += 1;
            }
            i += 2;
        } else if c == 'r' && matches!(next, Some('#' | '"')) && is_raw_string(&chars, i) {
            let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
            i += 2 + hashes;
            let closing: String = std::iter::once('"')
                .chain("#".repeat(hashes).chars())
                .collect();
            let closing: Vec<char> = closing.chars().collect();
            while i < chars.len() && !chars[i..].starts_with(&closing) {
                if chars[i] == '\n' {
                    out.push('\n');
                }
                i += 1;
            }
            i += closing.len();
            out.push_str("\"\"");
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    i += 1;
                }
                if chars.get(i) == Some(&'\n') {
                    out.push('\n');
                }
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' && is_char_literal(&chars, i) {
            i += 1;
            while i < chars.len() && chars[i] != '\'' {
                if chars[i] == '\\' {
                    i += 1;
                }
                i += 1;
            }
            i += 1;
            out.push_str("' '");
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn is_raw_string(chars: &[char], i: usize) -> bool {
    let before_ok = i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
    let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
    before_ok && chars.get(i + 1 + hashes) == Some(&'"')
}

/// `'a'`, `'\n'`, `'\''` rather than a lifetime `'a`.
fn is_char_literal(chars: &[char], i: usize) -> bool {
    match chars.get(i + 1) {
        Some('\\') => true,
        Some(_) => chars.get(i + 2) == Some(&'\''),
        None => false,
    }
}
