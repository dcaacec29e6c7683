//! `gongshi build` (SPEC §5): each behaviour on a small fixture, asserted on the files and
//! on pages parsed by a real HTML parser; whole-site checks (links, determinism, HTML and
//! accessibility checkers) on the repository's own sample site.

mod conformance;
mod outputs;
mod pages;
mod publishing;
mod sanitise;

/// The minimal fixture's files that tests change.
const TASK: &str = "content/tasks/xidong/2022-xidong-01.yaml";
const VILLAGE_TASK: &str = "content/tasks/xidong/2022-nanzhuang-01.yaml";
const ROUND: &str = "content/evaluations/2022-year-end.yaml";
const NOTICE: &str = "content/notices/2022-12-22-publicity.md";
const PAGE: &str = "content/pages/about.md";
const SITE: &str = "content/site.yaml";
