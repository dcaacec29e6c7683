//! Every address on the site, in one place, so that a page and the links to it cannot
//! disagree, and every link carries the base path (`/` or `/sub/`) for sub-path hosting.

#[derive(Clone, Debug, Hash)]
pub struct Urls {
    /// `https://example.org/sub/`: for feeds, the sitemap, canonical links and QR codes.
    pub base_url: String,
    /// `/sub/`: the prefix of every internal link.
    pub base_path: String,
}

impl Urls {
    pub fn new(base_url: &str) -> Self {
        let base_url = if base_url.ends_with('/') {
            base_url.to_string()
        } else {
            format!("{base_url}/")
        };
        let after_scheme = base_url
            .split_once("://")
            .map(|(_, rest)| rest)
            .unwrap_or(&base_url);
        let base_path = match after_scheme.find('/') {
            Some(i) => after_scheme[i..].to_string(),
            None => "/".to_string(),
        };
        Urls {
            base_url,
            base_path,
        }
    }

    /// The link to an output path (`tasks/x/` or `atom.xml`).
    pub fn link(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path)
    }

    /// The full address of an output path.
    pub fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }
}

/// Output paths (relative to the output root) of each kind of page.
pub mod paths {
    pub fn task(id: &str) -> String {
        format!("tasks/{id}/")
    }
    pub fn org(id: &str) -> String {
        format!("orgs/{id}/")
    }
    pub fn category(slug: &str) -> String {
        format!("categories/{slug}/")
    }
    pub fn stage(key: &str) -> String {
        format!("tasks/stage/{key}/")
    }
    pub fn status(key: &str) -> String {
        format!("tasks/status/{key}/")
    }
    pub fn evaluation(id: &str) -> String {
        format!("evaluations/{id}/")
    }
    /// Page `number` of an evaluation round: its results, `page_size` a page.
    pub fn evaluation_page(id: &str, number: usize) -> String {
        list_page(&evaluation(id), number)
    }
    /// The printable notice of page `number` of a round: `print/` under that page.
    pub fn evaluation_print(id: &str, number: usize) -> String {
        format!("{}print/", evaluation_page(id, number))
    }
    /// The link to the row of the result at `index` (from 0) of a round, on the page that
    /// shows it.
    pub fn evaluation_result(id: &str, index: usize, page_size: usize, task_id: &str) -> String {
        format!(
            "{}#{}",
            evaluation_page(id, page_of_row(index, page_size)),
            super::anchors::result(task_id)
        )
    }
    pub fn notice(slug: &str) -> String {
        format!("notices/{slug}/")
    }
    pub fn notice_print(slug: &str) -> String {
        format!("notices/{slug}/print/")
    }
    pub fn page(slug: &str) -> String {
        format!("{slug}/")
    }
    /// The free page that holds the site's accessibility statement: the editor's own
    /// `content/pages/accessibility.md`, or else the built-in one.
    pub const ACCESSIBILITY_SLUG: &str = "accessibility";
    /// Page `number` of a list at `list` (`tasks/`): the first is the list's own address,
    /// the others `tasks/page/2/`, `tasks/page/3/` …
    pub fn list_page(list: &str, number: usize) -> String {
        if number <= 1 {
            list.to_string()
        } else {
            format!("{list}page/{number}/")
        }
    }
    /// The page (from 1) that shows the row at `index` (from 0) of a list of `page_size`
    /// rows a page. With [`rows_of_page`], the one rule for where a row of a paginated list
    /// (tasks, a round's results) is shown, so that a link to a row finds it.
    pub fn page_of_row(index: usize, page_size: usize) -> usize {
        index / page_size.max(1) + 1
    }
    /// The rows (indexes from 0) that page `number` of a list of `rows` rows shows.
    pub fn rows_of_page(number: usize, page_size: usize, rows: usize) -> std::ops::Range<usize> {
        let size = page_size.max(1);
        let from = number.saturating_sub(1).saturating_mul(size).min(rows);
        from..from.saturating_add(size).min(rows)
    }
    /// The file a page path is written to.
    pub fn file_of(path: &str) -> String {
        if path.is_empty() || path.ends_with('/') {
            format!("{path}index.html")
        } else {
            path.to_string()
        }
    }
}

/// Fragment ids of things that are linked to inside a page (from search results).
pub mod anchors {
    use crate::model::{LedgerEntry, Task};
    use std::collections::BTreeMap;

    /// A task's ledger entries, newest first, each with its fragment id on the task page:
    /// `ledger-2022-05-10`, and `ledger-2022-05-10-2` for a second entry of the same day (in
    /// the order written), so that ids stay put when later entries are added.
    pub fn ledger(task: &Task) -> Vec<(String, &LedgerEntry)> {
        let mut seen: BTreeMap<String, usize> = BTreeMap::new();
        let ids: Vec<String> = task
            .ledger
            .iter()
            .map(|entry| {
                let date = entry.date.value.to_string();
                let n = seen.entry(date.clone()).or_insert(0);
                *n += 1;
                if *n == 1 {
                    format!("ledger-{date}")
                } else {
                    format!("ledger-{date}-{n}")
                }
            })
            .collect();
        task.ledger_newest_first_indexed()
            .into_iter()
            .map(|(i, entry)| (ids.get(i).cloned().unwrap_or_default(), entry))
            .collect()
    }

    /// The fragment id of a task's row in an evaluation round's results table.
    pub fn result(task_id: &str) -> String {
        format!("result-{task_id}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_comes_from_the_base_url() {
        assert_eq!(
            Urls::new("https://example.org/gongshi/").base_path,
            "/gongshi/"
        );
        assert_eq!(Urls::new("https://example.org").base_path, "/");
        assert_eq!(
            Urls::new("http://127.0.0.1:1111/").link("tasks/"),
            "/tasks/"
        );
        assert_eq!(
            Urls::new("https://example.org/a/b").absolute("atom.xml"),
            "https://example.org/a/b/atom.xml"
        );
    }

    /// Every row is on exactly the page that `page_of_row` names, so a link to a row on
    /// page 2 finds it there.
    #[test]
    fn each_row_is_on_the_page_its_links_name() {
        for (rows, size) in [
            (0_usize, 100_usize),
            (1, 100),
            (100, 100),
            (101, 100),
            (250, 100),
            (7, 1),
            (7, 3),
        ] {
            let pages = rows.div_ceil(size).max(1);
            let mut seen = Vec::new();
            for number in 1..=pages {
                for index in paths::rows_of_page(number, size, rows) {
                    assert_eq!(
                        paths::page_of_row(index, size),
                        number,
                        "{rows} rows, {size} a page"
                    );
                    seen.push(index);
                }
            }
            assert_eq!(
                seen,
                (0..rows).collect::<Vec<_>>(),
                "{rows} rows, {size} a page"
            );
            assert!(paths::rows_of_page(pages + 1, size, rows).is_empty());
        }
        assert_eq!(
            paths::evaluation_result("2022-year-end", 100, 100, "2022-xidong-01"),
            "evaluations/2022-year-end/page/2/#result-2022-xidong-01"
        );
        assert_eq!(
            paths::evaluation_print("2022-year-end", 2),
            "evaluations/2022-year-end/page/2/print/"
        );
        assert_eq!(
            paths::evaluation_print("2022-year-end", 1),
            "evaluations/2022-year-end/print/"
        );
    }

    #[test]
    fn ledger_anchors_are_dated_and_unique_and_stay_put() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        let site = crate::load::load_site(&root)
            .site
            .expect("the fixture loads");
        let mut task = (*site.tasks["2022-xidong-01"]).clone();
        let mut same_day = task.ledger[1].clone();
        same_day.text = "同日第二条".into();
        task.ledger.push(same_day);
        let ids: Vec<(String, &str)> = anchors::ledger(&task)
            .into_iter()
            .map(|(id, e)| (id, e.text.as_str()))
            .collect();
        assert_eq!(
            ids,
            [
                ("ledger-2022-11-25-2".to_string(), "同日第二条"),
                ("ledger-2022-11-25".to_string(), "逐户验收完成。"),
                ("ledger-2022-05-10".to_string(), "首批示范点开工。"),
            ]
        );
    }
}
