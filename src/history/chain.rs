//! The publication chain and its tamper check. Each publication file records the sha256 of
//! the file before it (`previous`) and its own chain hash (`chain`: the sha256 of its text
//! without the `chain` line), so that editing, removing or re-ordering any file breaks a
//! hash that names it. The check reads hashes and three top-level lines, never the JSON
//! tree, so that `check` stays fast with many large publications.

use crate::diagnostics::Text;
use crate::output::sha256_hex;
use crate::words;

/// Where publications live, under the site root and in the built site.
pub const FOLDER: &str = "publications";

/// One publication file that passed the check.
#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    pub number: u32,
    pub name: String,
    /// Its chain hash: the head of the chain when it is the newest.
    pub chain: String,
}

/// What no longer matches, located in one publication file.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// The file name (`0002.json`).
    pub file: String,
    pub line: u32,
    pub message: Text,
    pub help: Text,
}

/// The file name of publication `number`: `0001.json`.
pub fn file_name(number: u32) -> String {
    format!("{number:04}.json")
}

/// The number of a publication file name (`0012.json` → 12); None for other names.
pub fn number_of(name: &str) -> Option<u32> {
    let digits = name.strip_suffix(".json")?;
    if digits.len() < 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|n| *n > 0)
}

/// The text publication files are hashed as: line endings as written by `publish` (a copy
/// checked out with Windows line endings still verifies).
fn normalised(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
    if bytes.contains(&b'\r') {
        let mut out = Vec::with_capacity(bytes.len());
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
                continue;
            }
            out.push(bytes[i]);
            i += 1;
        }
        std::borrow::Cow::Owned(out)
    } else {
        std::borrow::Cow::Borrowed(bytes)
    }
}

/// The sha256 of a publication file, as the next one records it in `previous`.
pub fn file_hash(bytes: &[u8]) -> String {
    sha256_hex(&normalised(bytes))
}

const CHAIN_PREFIX: &[u8] = b"  \"chain\": \"";

/// The chain hash of a publication's canonical text without its `chain` line.
pub fn chain_hash(text_without_chain: &[u8]) -> String {
    sha256_hex(text_without_chain)
}

/// A top-level field of a canonical publication text: (1-based line, raw value without the
/// trailing comma). Top-level fields are the lines indented by exactly two spaces.
pub(super) fn top_level_field<'b>(text: &'b [u8], key: &str) -> Option<(u32, &'b [u8])> {
    let prefix = format!("  \"{key}\": ");
    for (i, line) in text.split(|b| *b == b'\n').enumerate() {
        if let Some(rest) = line.strip_prefix(prefix.as_bytes()) {
            let rest = rest.strip_suffix(b",").unwrap_or(rest);
            return Some((i as u32 + 1, rest));
        }
    }
    None
}

fn unquoted(raw: &[u8]) -> Option<&str> {
    let inner = raw.strip_prefix(b"\"")?.strip_suffix(b"\"")?;
    std::str::from_utf8(inner).ok()
}

/// Checks publication files one after the other, in number order.
#[derive(Default)]
pub struct ChainCheck {
    links: Vec<Link>,
    problems: Vec<Problem>,
    /// The name and file hash of the file before the next one.
    previous: Option<(String, String)>,
}

/// The outcome of a [`ChainCheck`].
#[derive(Clone, Debug, Default)]
pub struct Chain {
    pub links: Vec<Link>,
    pub problems: Vec<Problem>,
}

impl Chain {
    /// The newest publication, when the chain is intact.
    pub fn head(&self) -> Option<&Link> {
        if self.problems.is_empty() {
            self.links.last()
        } else {
            None
        }
    }
}

impl ChainCheck {
    /// Checks the next file, `name` (a publication file name) holding `bytes`.
    pub fn add(&mut self, name: &str, bytes: &[u8]) {
        let problem = |line: u32, message: Text| Problem {
            file: name.to_string(),
            line,
            message,
            help: Text::key("publish_restore_help"),
        };
        let number = number_of(name).unwrap_or(0);
        // The number after the file before, not after how many came before: a gap is
        // reported once, at the file after it, and the files after that still link up.
        let expected = self.links.last().map_or(1, |link| link.number + 1);
        let mut gap = false;
        if number != expected && self.problems.iter().all(|p| p.file != name) {
            let missing = if number > expected {
                (expected..number)
                    .map(file_name)
                    .collect::<Vec<_>>()
                    .join(", ")
            } else {
                file_name(expected)
            };
            self.problems.push(problem(
                1,
                words!("publish_chain_gap", missing = missing, name = name),
            ));
            gap = true;
        }
        let text = normalised(bytes);
        let hash = sha256_hex(&text);
        let chain_line = text
            .split(|b| *b == b'\n')
            .position(|line| line.starts_with(CHAIN_PREFIX));
        let recorded_chain = top_level_field(&text, "chain").and_then(|(_, raw)| unquoted(raw));
        let (Some(chain_line), Some(recorded_chain)) = (chain_line, recorded_chain) else {
            self.problems
                .push(problem(1, Text::key("publish_no_chain_hash")));
            self.links.push(Link {
                number,
                name: name.to_string(),
                chain: String::new(),
            });
            self.previous = Some((name.to_string(), hash));
            return;
        };
        let mut lines: Vec<&[u8]> = text.split(|b| *b == b'\n').collect();
        lines.remove(chain_line);
        let without = lines.join(&b"\n"[..]);
        let computed = chain_hash(&without);
        if computed != recorded_chain {
            self.problems.push(problem(
                chain_line as u32 + 1,
                words!("publish_edited", hash = short(recorded_chain)),
            ));
        }
        match top_level_field(&text, "number") {
            Some((line, raw)) if raw != number.to_string().as_bytes() => {
                self.problems.push(problem(
                    line,
                    words!(
                        "publish_renamed",
                        number = String::from_utf8_lossy(raw).into_owned(),
                        name = name,
                    ),
                ));
            }
            Some(_) => {}
            None => self.problems.push(problem(
                1,
                words!("publish_field_missing", field = "number"),
            )),
        }
        let previous_field = top_level_field(&text, "previous");
        match (&self.previous, previous_field) {
            (_, None) => self.problems.push(problem(
                1,
                words!("publish_field_missing", field = "previous"),
            )),
            (None, Some((line, raw))) => {
                if raw != b"null" && !gap {
                    self.problems
                        .push(problem(line, Text::key("publish_first_removed")));
                }
            }
            (Some((previous_name, previous_hash)), Some((line, raw))) => {
                let recorded = unquoted(raw).unwrap_or("");
                if recorded != previous_hash && !gap {
                    self.problems.push(problem(
                        line,
                        words!(
                            "publish_previous_changed",
                            previous = previous_name,
                            recorded = short(recorded),
                            found = short(previous_hash),
                        ),
                    ));
                }
            }
        }
        self.links.push(Link {
            number,
            name: name.to_string(),
            chain: recorded_chain.to_string(),
        });
        self.previous = Some((name.to_string(), hash));
    }

    pub fn finish(self) -> Chain {
        Chain {
            links: self.links,
            problems: self.problems,
        }
    }
}

/// The short form of a hash, as printed on paper: its first 12 hex digits.
pub fn short(hash: &str) -> &str {
    hash.get(..12).unwrap_or(hash)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A publication file as `publish` writes it, chained to `previous`.
    fn publication(number: u32, previous: Option<&str>) -> String {
        let previous = previous.map_or("null".to_string(), |p| format!("\"{p}\""));
        let without = format!(
            "{{\n  \"number\": {number},\n  \"previous\": {previous},\n  \"version\": 1\n}}\n"
        );
        let chain = chain_hash(without.as_bytes());
        without.replacen("{\n", &format!("{{\n  \"chain\": \"{chain}\",\n"), 1)
    }

    #[test]
    fn a_removed_first_publication_is_one_gap_not_one_per_file_after_it() {
        let first = publication(1, None);
        let second = publication(2, Some(&file_hash(first.as_bytes())));
        let third = publication(3, Some(&file_hash(second.as_bytes())));
        let mut whole = ChainCheck::default();
        for (name, text) in [
            ("0001.json", &first),
            ("0002.json", &second),
            ("0003.json", &third),
        ] {
            whole.add(name, text.as_bytes());
        }
        assert_eq!(whole.finish().problems, []);
        let mut check = ChainCheck::default();
        check.add("0002.json", second.as_bytes());
        check.add("0003.json", third.as_bytes());
        let problems = check.finish().problems;
        let files: Vec<&str> = problems.iter().map(|p| p.file.as_str()).collect();
        assert_eq!(files, ["0002.json"], "{problems:?}");
    }

    #[test]
    fn publication_names_are_four_or_more_digits_from_one() {
        for (name, number) in [
            ("0001.json", Some(1)),
            ("0012.json", Some(12)),
            ("12345.json", Some(12345)),
            ("0000.json", None),
            ("001.json", None),
            ("0001.json.tmp", None),
            ("abcd.json", None),
            ("0001.yaml", None),
        ] {
            assert_eq!(number_of(name), number, "{name}");
        }
    }
}
