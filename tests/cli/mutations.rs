//! Valid files, damaged the way an editor's hands damage them (a flipped byte, a line lost or
//! doubled, a stray `:` or full-width `：`, a tab, a wrong indent, a line of megabytes), then
//! checked in-process through the library. Whatever the damage, the check must not panic and
//! must either accept the site or say where each problem is: a file under `content/` and a
//! line and column inside it.
//!
//! A property test: proptest draws 256 damaged sites from a fixed seed, so every run (and
//! CI) checks the same ones; `PROPTEST_CASES` and `PROPTEST_RNG_SEED` explore further. The
//! fuzz targets in `fuzz/` search the same ground for hours; this keeps a fast slice of it in
//! the normal suite.

use crate::support::SiteTest;
use gongshi::check::check_site;
use proptest::prelude::*;
use proptest::sample::{Index, select};
use proptest::test_runner::{Config, RngSeed};

/// The files damaged: the site's settings, its organisations, both ledgers, the evaluation
/// round and a notice's front matter.
const FILES: &[&str] = &[
    "content/site.yaml",
    "content/orgs.yaml",
    "content/tasks/xidong/2022-xidong-01.yaml",
    "content/tasks/xidong/2022-nanzhuang-01.yaml",
    "content/evaluations/2022-year-end.yaml",
    "content/notices/2022-12-22-publicity.md",
];

/// Text that means something to YAML, or that editors paste by mistake.
const INSERTS: &[&str] = &[
    ":",
    ": ",
    "-",
    "- ",
    "'",
    "\"",
    "\t",
    "：",
    "，",
    "#",
    " #",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "!!str ",
    "!tag ",
    "|",
    ">",
    "? ",
    "%YAML 1.1\n",
    "---\n",
    "...\n",
    "\u{feff}",
    "\r",
    "\r\n",
    "\n",
    "~",
    "null",
    "1e9999",
    "-1",
    "0x",
    "2022-02-30",
    "\u{3000}",
    "\0",
    "\\",
    "<<: *a\n",
    "…",
];

#[derive(Clone, Debug)]
enum Damage {
    FlipBit {
        at: Index,
        bit: u8,
    },
    DeleteLine(Index),
    DuplicateLine(Index),
    Insert {
        at: Index,
        text: &'static str,
    },
    LongLine {
        at: Index,
        len: usize,
    },
    /// Adds (positive) or removes (negative) leading spaces of a line.
    Indent {
        line: Index,
        by: i8,
    },
    IndentWithTab(Index),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        (any::<Index>(), 0u8..8).prop_map(|(at, bit)| Damage::FlipBit { at, bit }),
        any::<Index>().prop_map(Damage::DeleteLine),
        any::<Index>().prop_map(Damage::DuplicateLine),
        (any::<Index>(), select(INSERTS)).prop_map(|(at, text)| Damage::Insert { at, text }),
        (any::<Index>(), 1_000usize..200_000).prop_map(|(at, len)| Damage::LongLine { at, len }),
        (any::<Index>(), -4i8..=4).prop_map(|(line, by)| Damage::Indent { line, by }),
        any::<Index>().prop_map(Damage::IndentWithTab),
    ]
}

fn apply(bytes: &mut Vec<u8>, damage: &Damage) {
    let mut lines: Vec<Vec<u8>> = bytes.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
    match damage {
        Damage::FlipBit { at, bit } => {
            if !bytes.is_empty() {
                let at = at.index(bytes.len());
                bytes[at] ^= 1 << bit;
            }
            return;
        }
        Damage::Insert { at, text } => {
            let at = at.index(bytes.len() + 1);
            bytes.splice(at..at, text.bytes());
            return;
        }
        Damage::LongLine { at, len } => {
            let at = at.index(bytes.len() + 1);
            let line = "长".repeat(len / 3) + "\n";
            bytes.splice(at..at, line.bytes());
            return;
        }
        Damage::DeleteLine(line) => {
            lines.remove(line.index(lines.len()));
        }
        Damage::DuplicateLine(line) => {
            let at = line.index(lines.len());
            lines.insert(at, lines[at].clone());
        }
        Damage::Indent { line, by } => {
            let at = line.index(lines.len());
            let line = &mut lines[at];
            if *by >= 0 {
                line.splice(0..0, std::iter::repeat_n(b' ', *by as usize));
            } else {
                let spaces = line.iter().take_while(|&&b| b == b' ').count();
                line.drain(..spaces.min(by.unsigned_abs() as usize));
            }
        }
        Damage::IndentWithTab(line) => {
            let at = line.index(lines.len());
            lines[at].insert(0, b'\t');
        }
    }
    *bytes = lines.join(&b'\n');
}

/// Lines as YAML counts them: a lone carriage return also ends one.
fn line_count(text: &[u8]) -> u32 {
    let breaks = text
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && text.get(i + 1) != Some(&b'\n')))
        .count();
    breaks as u32 + 1
}

/// The seed is fixed so that CI checks the same sites on every run.
fn config() -> Config {
    let default = Config::default();
    let rng_seed = match std::env::var_os("PROPTEST_RNG_SEED") {
        Some(_) => default.rng_seed,
        None => RngSeed::Fixed(0x0067_6f6e_6773_6869),
    };
    Config {
        rng_seed,
        ..default
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn damaged_site_files_are_accepted_or_every_problem_is_located(
        file in select(FILES),
        damages in prop::collection::vec(damage(), 1..=4),
    ) {
        let site = SiteTest::minimal();
        let mut bytes = std::fs::read(site.path(file)).expect("read the fixture");
        for damage in &damages {
            apply(&mut bytes, damage);
        }
        site.write(file, &bytes);

        let checked = check_site(site.root());
        let _ = checked.report();
        for diagnostic in checked.diagnostics.items() {
            prop_assert!(
                diagnostic.path.starts_with("content/")
                    && diagnostic.pos.line >= 1
                    && diagnostic.pos.col >= 1,
                "unlocated: {diagnostic:?}"
            );
            let text = std::fs::read(site.path(&diagnostic.path)).unwrap_or_default();
            prop_assert!(
                diagnostic.pos.line <= line_count(&text),
                "past the end of {} ({} lines): {diagnostic:?}",
                diagnostic.path,
                line_count(&text)
            );
        }
    }
}
