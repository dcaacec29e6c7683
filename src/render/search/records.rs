//! The search records of the site, made from the model: one per task (its ledger continued
//! in further records past [`RECORD_TEXT_BYTES`]), per evaluation round (likewise its
//! results, each record holding the results of one page of the round), per visible notice
//! and per visible free page.

use super::inert::{inert, inert_html};
use super::{SearchRecord, index_language};
use crate::model::{Document, EvaluationResult, EvaluationRound, LedgerEntry, Task};
use crate::render::i18n;
use crate::render::pages::{SiteScope, page_count};
use crate::render::urls::{anchors, paths};
use std::fmt::Write as _;

/// Every record of the site: tasks (with their ledgers, a long ledger over several records),
/// visible notices, evaluation rounds and visible free pages, in a fixed order.
pub fn records(views: &SiteScope) -> Vec<SearchRecord> {
    let site = views.site;
    let mut records = Vec::with_capacity(site.tasks.len() + site.evaluations.len() + 16);
    records.extend(site.tasks.values().flat_map(|t| task_records(views, t)));
    records.extend(
        site.evaluations
            .values()
            .flat_map(|r| round_records(views, r)),
    );
    records.extend(
        views
            .visible_notices()
            .into_iter()
            .map(|n| document_record(views, n, true)),
    );
    records.extend(
        views
            .visible_pages()
            .into_iter()
            .map(|p| document_record(views, p, false)),
    );
    records
}

/// A record document under construction.
struct Doc {
    html: String,
}

impl Doc {
    /// Starts a document whose title (weighted highest, and shown as the result's title) is
    /// `title`, filed under `kind` in the search page's filter.
    fn new(views: &SiteScope, title: &str, kind: &str) -> Doc {
        let mut html = String::with_capacity(1024);
        let _ = write!(
            html,
            "<html lang=\"{}\"><body><h1 data-pagefind-meta=\"title\">{}</h1>\
             <div data-pagefind-filter=\"{}:{}\"></div>",
            index_language(views.lang),
            inert(title),
            inert(i18n::text(views.lang, "search_filter_kind")),
            inert(kind),
        );
        Doc { html }
    }

    /// Starts a document titled `title` in search results, with the title itself not
    /// indexed (a further record of a long ledger).
    fn untitled(views: &SiteScope, title: &str, kind: &str) -> Doc {
        let mut html = String::with_capacity(RECORD_TEXT_BYTES + 1024);
        let _ = write!(
            html,
            "<html lang=\"{}\"><body><div data-pagefind-meta=\"title:{}\"></div>\
             <div data-pagefind-filter=\"{}:{}\"></div>",
            index_language(views.lang),
            inert(title),
            inert(i18n::text(views.lang, "search_filter_kind")),
            inert(kind),
        );
        Doc { html }
    }

    /// A short line that says what the record is about (org, leader…), weighted above the body.
    fn facts(&mut self, facts: &[&str]) {
        let facts: Vec<String> = facts
            .iter()
            .filter(|f| !f.trim().is_empty())
            .map(|f| inert(f))
            .collect();
        if !facts.is_empty() {
            let _ = write!(
                self.html,
                "<p data-pagefind-weight=\"3\">{}</p>",
                facts.join(" · ")
            );
        }
    }

    fn filter(&mut self, name: &str, value: &str) {
        if !value.trim().is_empty() {
            let _ = write!(
                self.html,
                "<div data-pagefind-filter=\"{}:{}\"></div>",
                inert(name),
                inert(value)
            );
        }
    }

    fn text(&mut self, text: &str) {
        if !text.trim().is_empty() {
            let _ = write!(self.html, "<p>{}</p>", inert(indexed_part(text)));
        }
    }

    /// Markdown rendered by the site's own renderer (already sanitised), made inert: its
    /// headings keep the ids they have on the page, so they become sub-results that link there.
    fn markdown(&mut self, views: &SiteScope, source: &str) {
        if !source.trim().is_empty() {
            let html = inert_html(&views.markdown.render(indexed_part(source)));
            let _ = write!(self.html, "<div>{html}</div>");
        }
    }

    /// A heading with the id of an element on the page: a sub-result linking to it. It
    /// weighs as body text, so that a round listing many farmhouse tasks does not outrank
    /// the farmhouse tasks themselves.
    fn section(&mut self, anchor: &str, heading: &str) {
        let _ = write!(
            self.html,
            "<div data-pagefind-weight=\"1\"><h2 id=\"{}\">{}</h2></div>",
            inert(anchor),
            inert(heading)
        );
    }

    fn finish(mut self, url: String) -> SearchRecord {
        self.html.push_str("</body></html>");
        SearchRecord {
            url,
            html: self.html,
        }
    }
}

/// How many bytes of Markdown one record hands Pagefind, at most. Indexing a record takes
/// time with the square of its size (a 4 MB ledger in one record took 14 s, 15 MB 7 minutes);
/// records of 64 KB take milliseconds each, and a ledger of a few hundred entries, the most
/// a real task has, still fits in its task's record.
pub const RECORD_TEXT_BYTES: usize = 64 * 1024;

/// The part of a text that is indexed: all of it up to [`RECORD_TEXT_BYTES`], else its start
/// (cut at a character boundary).
fn indexed_part(text: &str) -> &str {
    if text.len() <= RECORD_TEXT_BYTES {
        return text;
    }
    let mut end = RECORD_TEXT_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Parts of one page (a task's ledger entries newest first, a round's results), each with its
/// anchor, in runs of at most [`RECORD_TEXT_BYTES`] of text each (a part longer than that is
/// a run of its own); the first run goes into the page's own record, each further run into a
/// record of its own.
fn record_runs<T>(entries: &[(String, T)], size: impl Fn(&T) -> usize) -> Vec<&[(String, T)]> {
    let mut chunks = Vec::new();
    let (mut start, mut bytes) = (0, 0);
    for (i, (anchor, entry)) in entries.iter().enumerate() {
        let entry_bytes = size(entry) + anchor.len();
        if i > start && bytes + entry_bytes > RECORD_TEXT_BYTES {
            chunks.push(&entries[start..i]);
            (start, bytes) = (i, 0);
        }
        bytes += entry_bytes;
    }
    if start < entries.len() {
        chunks.push(&entries[start..]);
    }
    chunks
}

fn task_records(views: &SiteScope, task: &Task) -> Vec<SearchRecord> {
    let lang = views.lang;
    let t = |key: &str| i18n::text(lang, key);
    let org = views
        .site
        .orgs
        .get(&task.org.value)
        .map(|o| o.name.as_str())
        .unwrap_or(task.org.value.as_str());
    let category = task.category.as_deref().unwrap_or_default();
    let year = task.effective_year().map(|y| y.to_string());
    let leader = match &task.leader.role {
        Some(role) => format!("{} {}", task.leader.name, role),
        None => task.leader.name.clone(),
    };
    let url = views.urls.link(&paths::task(&task.id.value));
    let mut doc = Doc::new(views, &task.title, t("col_task"));
    doc.filter(t("col_org"), org);
    doc.filter(t("category"), category);
    doc.facts(&[
        org,
        &leader,
        category,
        i18n::stage(lang, task.stage),
        i18n::status(lang, task.status.value),
        year.as_deref().unwrap_or_default(),
    ]);
    if let Some(origin) = &task.origin_step {
        doc.text(origin.method.as_deref().unwrap_or_default());
        doc.markdown(views, origin.summary.as_deref().unwrap_or_default());
    }
    if let Some(discussion) = &task.discussion {
        doc.markdown(views, discussion.summary.as_deref().unwrap_or_default());
    }
    if let Some(decision) = &task.decision {
        doc.text(decision.body.as_deref().unwrap_or_default());
    }
    doc.markdown(views, &task.plan);
    for target in &task.targets {
        let unit = target.unit.as_deref().unwrap_or_default();
        doc.text(&format!(
            "{} {} {}{unit}，{} {}{unit}",
            target.name,
            t("target"),
            crate::render::format::number(target.target),
            t("actual"),
            crate::render::format::number(target.actual),
        ));
    }
    for milestone in &task.milestones {
        doc.text(&milestone.title);
    }
    for (round, result) in views.site.results_for_task(&task.id.value) {
        doc.text(&format!(
            "{} {} {}",
            round.title,
            t("grade"),
            i18n::grade(lang, result.grade.value)
        ));
        doc.markdown(views, result.remarks.as_deref().unwrap_or_default());
    }
    let entries = anchors::ledger(task);
    let chunks = record_runs(&entries, |entry| entry.text.len());
    let mut chunks = chunks.into_iter();
    let ledger_entries = |doc: &mut Doc, chunk: &[(String, &LedgerEntry)]| {
        for (anchor, entry) in chunk {
            doc.section(
                anchor,
                &format!(
                    "{} {}",
                    entry.date.value,
                    i18n::entry_kind(lang, entry.kind)
                ),
            );
            doc.markdown(views, &entry.text);
        }
    };
    if let Some(newest) = chunks.next() {
        ledger_entries(&mut doc, newest);
    }
    let mut records = vec![doc.finish(url.clone())];
    // The older entries of a long ledger: records titled with the task and the dates they
    // cover, leading to their newest entry, filed under the task's org and category. Their
    // title is meta only, so that a search for the task's name lists the task once.
    for chunk in chunks {
        let (Some((anchor, newest)), Some((_, oldest))) = (chunk.first(), chunk.last()) else {
            continue;
        };
        let title = format!(
            "{} · {} {}—{}",
            task.title,
            t("ledger"),
            oldest.date.value,
            newest.date.value
        );
        let mut doc = Doc::untitled(views, &title, t("col_task"));
        doc.filter(t("col_org"), org);
        doc.filter(t("category"), category);
        ledger_entries(&mut doc, chunk);
        records.push(doc.finish(format!("{url}#{anchor}")));
    }
    records
}

fn round_records(views: &SiteScope, round: &EvaluationRound) -> Vec<SearchRecord> {
    let lang = views.lang;
    let t = |key: &str| i18n::text(lang, key);
    let url = views.urls.link(&paths::evaluation(&round.id.value));
    let mut doc = Doc::new(views, &round.title, t("evaluations"));
    doc.facts(&[&round.held.value.to_string()]);
    doc.text(round.body.as_deref().unwrap_or_default());
    let results: Vec<(String, (usize, &EvaluationResult))> = round
        .results
        .iter()
        .enumerate()
        .map(|(i, result)| (anchors::result(&result.task.value), (i, result)))
        .collect();
    // A result's text: its task's title, org and leader, the grade line and the remarks.
    let size = |(_, result): &(usize, &EvaluationResult)| {
        128 + result.remarks.as_deref().map_or(0, str::len)
    };
    let add_results = |doc: &mut Doc, run: &[(String, (usize, &EvaluationResult))]| {
        for (anchor, (_, result)) in run {
            let task = views.site.tasks.get(&result.task.value);
            let title = task
                .map(|t| t.title.as_str())
                .unwrap_or(result.task.value.as_str());
            doc.section(anchor, title);
            if let Some(task) = task {
                let org = views
                    .site
                    .orgs
                    .get(&task.org.value)
                    .map(|o| o.name.as_str())
                    .unwrap_or_default();
                doc.text(&format!("{org} {}", task.leader.name));
            }
            doc.text(&format!(
                "{} {} {} {}",
                t("grade"),
                i18n::grade(lang, result.grade.value),
                t("satisfaction_rate"),
                crate::render::format::pct_text(result.votes.satisfaction_rate())
            ));
            doc.markdown(views, result.remarks.as_deref().unwrap_or_default());
        }
    };
    // A record's sub-results link to its headings' ids on the record's own page, so no run
    // may hold results of two pages: each page's results are cut into runs of their own.
    let page_size = views.site.config.page_size;
    let pages = page_count(results.len(), page_size);
    let mut runs = (1..=pages).flat_map(|n| {
        let page = results
            .get(paths::rows_of_page(n, page_size, results.len()))
            .unwrap_or_default();
        record_runs(page, size).into_iter().map(move |run| (n, run))
    });
    if let Some((_, first)) = runs.next() {
        add_results(&mut doc, first);
    }
    let mut records = vec![doc.finish(url)];
    // The further results of a large round: records titled with the round and the numbers
    // of the results they hold, leading to their first result on the page that shows it.
    for (n, run) in runs {
        let (Some((anchor, (first, _))), Some((_, (last, _)))) = (run.first(), run.last()) else {
            continue;
        };
        let title = format!("{} · {}–{}", round.title, first + 1, last + 1);
        let mut doc = Doc::untitled(views, &title, t("evaluations"));
        add_results(&mut doc, run);
        let page = views.urls.link(&paths::evaluation_page(&round.id.value, n));
        records.push(doc.finish(format!("{page}#{anchor}")));
    }
    records
}

fn document_record(views: &SiteScope, document: &Document, is_notice: bool) -> SearchRecord {
    let lang = views.lang;
    let t = |key: &str| i18n::text(lang, key);
    let (kind, path) = if is_notice {
        (t("notices"), paths::notice(&document.slug))
    } else {
        (t("pages"), paths::page(&document.slug))
    };
    let mut doc = Doc::new(views, &document.title, kind);
    let date = document.date.as_ref().map(|d| d.value.to_string());
    doc.facts(&[date.as_deref().unwrap_or_default()]);
    doc.markdown(views, &document.body);
    let related: Vec<&str> = document
        .tasks
        .iter()
        .filter_map(|id| views.site.tasks.get(&id.value))
        .map(|task| task.title.as_str())
        .collect();
    doc.text(&related.join("，"));
    doc.finish(views.urls.link(&path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Site;

    fn minimal_site() -> Site {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        crate::load::load_site(&root)
            .site
            .expect("the minimal fixture loads")
    }

    #[test]
    fn records_link_under_the_base_path_with_the_title_as_meta() {
        let site = minimal_site();
        let views = SiteScope::new(&site, "https://example.org/sub/", false);
        let records = records(&views);
        let urls: Vec<&str> = records.iter().map(|r| r.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "/sub/tasks/2022-nanzhuang-01/",
                "/sub/tasks/2022-xidong-01/",
                "/sub/evaluations/2022-year-end/",
                "/sub/notices/2022-12-22-publicity/",
                "/sub/about/",
            ]
        );
        let task = &records[1].html;
        assert!(task.contains("<h1 data-pagefind-meta=\"title\">西洞镇农房改造</h1>"));
        assert!(task.contains("data-pagefind-filter=\"类型:任务\""));
        assert!(task.contains("<h2 id=\"ledger-2022-11-25\">"));
        let round = &records[2].html;
        assert!(round.contains("<h2 id=\"result-2022-xidong-01\">西洞镇农房改造</h2>"));
    }

    /// A payload in every field from content that reaches a record, in the forms an editor
    /// could write it: as text, as entities Markdown decodes, and as raw HTML in Markdown.
    const PAYLOAD: &str =
        "<img src=x onerror=alert(1)>&lt;script&gt;alert(2)&lt;/script&gt;\"'&amp;lt;b&amp;gt;";

    fn site_with_payloads() -> Site {
        let mut site = minimal_site();
        let with = |text: &str| format!("{text}{PAYLOAD}");
        for org in site.orgs.values_mut() {
            org.name = with(&org.name);
        }
        for task in site.tasks.values_mut() {
            let task = std::sync::Arc::make_mut(task);
            task.title = with(&task.title);
            task.category = Some(with("农房改造"));
            task.leader.name = with(&task.leader.name);
            task.leader.role = Some(with("书记"));
            task.plan = with(&task.plan);
            for entry in &mut task.ledger {
                entry.text = format!(
                    "## 标题{PAYLOAD}\n\n{}{PAYLOAD} <img src=x alt=\"a&quot;b\" title='t>x'>",
                    entry.text
                );
            }
        }
        for round in site.evaluations.values_mut() {
            round.title = with(&round.title);
            for result in &mut round.results {
                result.remarks = Some(with("备注"));
            }
        }
        for document in site.notices.values_mut().chain(site.pages.values_mut()) {
            document.title = with(&document.title);
            document.body = with(&document.body);
        }
        site
    }

    /// Every text and attribute value of a record as an HTML parser reads it (entities
    /// decoded once, as Pagefind decodes them), with where it was found.
    fn texts_and_values(html: &str) -> Vec<(String, String)> {
        let document = scraper::Html::parse_document(html);
        let mut found = Vec::new();
        for node in document.tree.nodes() {
            match node.value() {
                scraper::Node::Text(text) => found.push(("text".to_string(), text.to_string())),
                scraper::Node::Element(element) => {
                    for (name, value) in element.attrs() {
                        found.push((format!("{}[{name}]", element.name()), value.to_string()));
                    }
                }
                _ => {}
            }
        }
        found
    }

    #[test]
    fn markup_in_content_reaches_the_search_index_only_as_full_width_look_alikes() {
        let site = site_with_payloads();
        let views = SiteScope::new(&site, "https://example.org/sub/", false);
        let records = records(&views);
        assert_eq!(records.len(), 5);
        for record in &records {
            // What Pagefind reads back, after decoding entities once, holds no markup
            // character, so no UI can turn it into an element or an attribute.
            for (place, value) in texts_and_values(&record.html) {
                assert!(
                    !value.contains(['<', '>', '&', '"', '\'']),
                    "{}: {place} holds a markup character after decoding: {value:?}\n{}",
                    record.url,
                    record.html
                );
            }
            assert!(
                record.html.contains("＜img src=x onerror=alert(1)＞"),
                "{}: the payload should stay readable as text: {}",
                record.url,
                record.html
            );
        }
        let task = &records[1].html;
        // Raw HTML in Markdown is sanitised first, then made inert; entities written by the
        // editor decode once, as on the page, and no further.
        assert!(task.contains("＜script＞alert(2)＜/script＞"), "{task}");
        assert!(task.contains("＂＇＆lt;b＆gt;"), "{task}");
        assert!(task.contains("alt=\"a＂b\""), "{task}");
        assert!(task.contains("title=\"t＞x\""), "{task}");
        assert!(
            task.contains("data-pagefind-filter=\"责任单位:西洞镇＜img src=x onerror=alert(1)＞"),
            "{task}"
        );
        // Headings in Markdown keep their ids, so they still become sub-results.
        assert!(task.contains("<h2 id=\"标题"), "{task}");
    }

    #[test]
    fn a_long_ledger_is_cut_into_runs_of_bounded_size_in_order() {
        let run_lengths = |sizes: &[usize]| -> Vec<usize> {
            let entries: Vec<(String, usize)> =
                sizes.iter().map(|s| ("a".to_string(), *s)).collect();
            record_runs(&entries, |s| *s)
                .iter()
                .map(|c| c.len())
                .collect()
        };
        let quarter = RECORD_TEXT_BYTES / 4;
        // (entry sizes, entries per run): the anchor's byte counts too.
        let cases: [(Vec<usize>, Vec<usize>); 5] = [
            (vec![], vec![]),
            (vec![100; 3], vec![3]),
            (vec![quarter; 10], vec![3, 3, 3, 1]),
            (vec![10, RECORD_TEXT_BYTES * 2, 10], vec![1, 1, 1]),
            (vec![RECORD_TEXT_BYTES - 1], vec![1]),
        ];
        for (sizes, expected) in cases {
            assert_eq!(run_lengths(&sizes), expected, "sizes {sizes:?}");
        }
        let entries: Vec<(String, usize)> = (0..1000).map(|i| (format!("e{i}"), 700)).collect();
        let chunks = record_runs(&entries, |s| *s);
        let rejoined: Vec<&(String, usize)> = chunks.iter().flat_map(|c| c.iter()).collect();
        assert_eq!(
            rejoined,
            entries.iter().collect::<Vec<_>>(),
            "every entry once, in order"
        );
        for chunk in chunks {
            let bytes: usize = chunk.iter().map(|(a, s)| a.len() + s).sum();
            assert!(bytes <= RECORD_TEXT_BYTES, "a run of {bytes} bytes");
        }
    }

    /// Review of issue 15, defect 4: a round with thousands of results (a whole district's
    /// year end) was one record, as quadratic to index as a long ledger.
    #[test]
    fn a_round_of_thousands_of_results_continues_in_records_that_lead_to_its_results() {
        let mut site = minimal_site();
        let round = site
            .evaluations
            .get_mut("2022-year-end")
            .expect("the year-end round");
        let first = round.results[0].clone();
        for i in 0..3000 {
            let mut result = first.clone();
            result.remarks = Some(format!(
                "第{i}条评议意见：群众对改造质量总体满意，建议加快进度。"
            ));
            round.results.push(result);
        }
        let views = SiteScope::new(&site, "https://example.org/sub/", false);
        let records: Vec<SearchRecord> = records(&views)
            .into_iter()
            .filter(|r| r.url.starts_with("/sub/evaluations/2022-year-end/"))
            .collect();
        assert!(records.len() > 3, "{} records", records.len());
        let (own, further) = records.split_first().expect("the round's own record");
        assert_eq!(own.url, "/sub/evaluations/2022-year-end/");
        let mut remarks = 0;
        for record in &records {
            assert!(
                record.html.len() < RECORD_TEXT_BYTES * 2,
                "{}: {} bytes",
                record.url,
                record.html.len()
            );
            remarks += record.html.matches("评议意见").count();
        }
        assert_eq!(remarks, 3000, "every result's remarks, once");
        // 3,001 results at 100 a page: the own record holds page 1, and each further page
        // its own record at that page, so that its sub-results link to rows it shows.
        assert_eq!(own.html.matches("<h2 id=\"result-").count(), 100);
        let urls: Vec<&str> = further.iter().map(|r| r.url.as_str()).collect();
        let pages: Vec<String> = (2..=31)
            .map(|n| format!("/sub/evaluations/2022-year-end/page/{n}/#result-2022-xidong-01"))
            .collect();
        assert_eq!(urls, pages);
        for record in further {
            assert!(!record.html.contains("<h1"), "{}", record.url);
            assert!(record.html.contains("data-pagefind-meta=\"title:"));
        }
    }

    /// A result shown on page 2 of its round is found at page 2, not at the round's first
    /// page, where its row is not.
    #[test]
    fn the_record_of_a_result_on_page_two_leads_to_page_two() {
        let mut site = minimal_site();
        site.config.page_size = 1;
        let round = site
            .evaluations
            .get_mut("2022-year-end")
            .expect("the year-end round");
        let mut second = round.results[0].clone();
        second.task.value = "2022-nanzhuang-01".into();
        round.results.push(second);
        let views = SiteScope::new(&site, "https://example.org/sub/", false);
        let records: Vec<SearchRecord> = records(&views)
            .into_iter()
            .filter(|r| r.url.contains("/evaluations/"))
            .collect();
        let urls: Vec<&str> = records.iter().map(|r| r.url.as_str()).collect();
        assert_eq!(
            urls,
            [
                "/sub/evaluations/2022-year-end/",
                "/sub/evaluations/2022-year-end/page/2/#result-2022-nanzhuang-01",
            ]
        );
        assert!(records[0].html.contains("id=\"result-2022-xidong-01\""));
        assert!(!records[0].html.contains("id=\"result-2022-nanzhuang-01\""));
        assert!(records[1].html.contains("id=\"result-2022-nanzhuang-01\""));
    }

    #[test]
    fn a_long_ledger_continues_in_records_that_lead_to_its_entries() {
        let mut site = minimal_site();
        let task = site
            .tasks
            .get_mut("2022-nanzhuang-01")
            .map(std::sync::Arc::make_mut)
            .expect("the village task");
        let first = task.ledger[0].clone();
        for i in 0..3000 {
            let mut entry = first.clone();
            entry.text = format!("第{i}条：镇督查组实地查看大棚建设，记录施工进度和资金使用情况。");
            task.ledger.push(entry);
        }
        let views = SiteScope::new(&site, "https://example.org/sub/", false);
        let records: Vec<SearchRecord> = records(&views)
            .into_iter()
            .filter(|r| r.url.starts_with("/sub/tasks/2022-nanzhuang-01/"))
            .collect();
        assert!(records.len() > 3, "{} records", records.len());
        let (own, further) = records.split_first().expect("the task's own record");
        assert_eq!(own.url, "/sub/tasks/2022-nanzhuang-01/");
        assert!(
            own.html
                .contains("<h1 data-pagefind-meta=\"title\">南庄村集体经济增收</h1>")
        );
        let mut anchors = Vec::new();
        for record in &records {
            assert!(
                record.html.len() < RECORD_TEXT_BYTES * 2,
                "{}: {} bytes",
                record.url,
                record.html.len()
            );
            let ids: Vec<&str> = record
                .html
                .split("<h2 id=\"")
                .skip(1)
                .filter_map(|rest| rest.split('"').next())
                .collect();
            anchors.extend(ids);
        }
        for record in further {
            let first_id = record
                .html
                .split("<h2 id=\"")
                .nth(1)
                .and_then(|r| r.split('"').next());
            assert_eq!(
                Some(record.url.as_str()),
                first_id
                    .map(|id| format!("/sub/tasks/2022-nanzhuang-01/#{id}"))
                    .as_deref(),
                "a further record leads to its newest entry"
            );
            assert!(!record.html.contains("<h1"), "{}", record.url);
            assert!(
                record.html.contains("data-pagefind-meta=\"title:南庄村集体经济增收 · 工作台账 2022-12-10—2022-12-10\""),
                "{}",
                &record.html[..300]
            );
        }
        let expected: Vec<String> = anchors::ledger(&site.tasks["2022-nanzhuang-01"])
            .into_iter()
            .map(|(a, _)| a)
            .collect();
        assert_eq!(
            anchors, expected,
            "every entry is in one record, newest first"
        );
    }
}
