//! Site search that needs no server and understands Chinese: a Pagefind bundle written into
//! `pagefind/`, built at render time from the model rather than by re-reading the rendered
//! pages, so the index holds what readers search for (titles, organisations, leaders, plans,
//! ledger entries, results) and none of the navigation repeated on every page.
//!
//! Each record is a small HTML document made here from the model and handed to Pagefind's
//! `add_html_file` (never written to disk): unlike `add_custom_record`, a document can weight
//! the title above the body and carry headings with ids, which Pagefind turns into sub-results
//! that link to a fragment of the page (a task's ledger entry, a result row of a round). The
//! record URLs are the site's own links, base path included, so the search page sets Pagefind's
//! `baseUrl` to `/`. Chinese is segmented at index time (Pagefind's `extended` feature).

use super::escape::escape_html as escape;
use super::i18n;
use super::pages::Views;
use super::urls::{anchors, paths};
use crate::model::{Document, EvaluationRound, Language, Task};
use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use std::fmt::Write as _;

/// The folder of the bundle in the output; the search page loads its scripts from here.
pub const BUNDLE_DIR: &str = "pagefind";

#[derive(Debug, thiserror::Error)]
#[error("building the search index: {0}")]
pub struct SearchError(String);

impl SearchError {
    pub fn new(message: &str) -> Self {
        SearchError(message.to_string())
    }
}

/// One searchable record: the page it leads to and the document Pagefind indexes.
#[derive(Clone, Debug, PartialEq)]
pub struct SearchRecord {
    /// The link to the page, base path included (`/gongshi/tasks/x/`).
    pub url: String,
    pub html: String,
}

/// Pagefind's language for the site: it picks the segmenter, and the browser picks the index
/// by `<html lang>` (`zh-CN` falls back to `zh`).
pub fn index_language(lang: Language) -> &'static str {
    match lang {
        Language::ZhCn => "zh",
        Language::En => "en",
    }
}

/// Every record of the site: tasks (with their ledgers), visible notices, evaluation rounds
/// and visible free pages, in a fixed order.
pub fn records(views: &Views) -> Vec<SearchRecord> {
    let site = views.site;
    let mut records = Vec::with_capacity(site.tasks.len() + site.evaluations.len() + 16);
    records.extend(site.tasks.values().map(|t| task_record(views, t)));
    records.extend(site.evaluations.values().map(|r| round_record(views, r)));
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

/// Builds the Pagefind bundle: `(path under the output root, bytes)` for every file, sorted.
pub fn bundle(views: &Views) -> Result<Vec<(String, Vec<u8>)>, SearchError> {
    bundle_records(records(views), views.lang)
}

/// Builds the bundle from records made earlier (`serve` indexes on a thread of its own,
/// after the pages are up).
pub fn bundle_records(
    records: Vec<SearchRecord>,
    lang: Language,
) -> Result<Vec<(String, Vec<u8>)>, SearchError> {
    let language = index_language(lang).to_string();
    // Pagefind's API is async (it hops onto tokio's blocking pool); a private current-thread
    // runtime keeps the render stage synchronous and works whether or not the caller is
    // itself inside a runtime, because this runs on a thread of its own (see `site.rs`).
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| SearchError(format!("cannot start the indexer: {e}")))?;
    let files = runtime.block_on(async move {
        let config = PagefindServiceConfig::builder()
            .force_language(language)
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(chain)?;
        for record in records {
            index
                .add_html_file(None, Some(record.url.clone()), record.html)
                .await
                .map_err(|e| SearchError(format!("{}: {}", record.url, chain(e).0)))?;
        }
        index.get_files().await.map_err(chain)
    })?;
    let mut out: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .map(|file| {
            let relative = file
                .filename
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            (format!("{BUNDLE_DIR}/{relative}"), file.contents)
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

fn chain(error: anyhow::Error) -> SearchError {
    SearchError(format!("{error:#}"))
}

/// A record document under construction.
struct Doc {
    html: String,
}

impl Doc {
    /// Starts a document whose title (weighted highest, and shown as the result's title) is
    /// `title`, filed under `kind` in the search page's filter.
    fn new(views: &Views, title: &str, kind: &str) -> Doc {
        let mut html = String::with_capacity(1024);
        let _ = write!(
            html,
            "<html lang=\"{}\"><body><h1 data-pagefind-meta=\"title\">{}</h1>\
             <div data-pagefind-filter=\"{}:{}\"></div>",
            index_language(views.lang),
            escape(title),
            escape(i18n::text(views.lang, "search_filter_kind")),
            escape(kind),
        );
        Doc { html }
    }

    /// A short line that says what the record is about (org, leader…), weighted above the body.
    fn facts(&mut self, facts: &[&str]) {
        let facts: Vec<String> = facts
            .iter()
            .filter(|f| !f.trim().is_empty())
            .map(|f| escape(f))
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
                escape(name),
                escape(value)
            );
        }
    }

    fn text(&mut self, text: &str) {
        if !text.trim().is_empty() {
            let _ = write!(self.html, "<p>{}</p>", escape(text));
        }
    }

    /// Markdown rendered by the site's own renderer (already sanitised): its headings keep
    /// the ids they have on the page, so they become sub-results that link there.
    fn markdown(&mut self, views: &Views, source: &str) {
        if !source.trim().is_empty() {
            let _ = write!(self.html, "<div>{}</div>", views.markdown.render(source));
        }
    }

    /// A heading with the id of an element on the page: a sub-result linking to it. It
    /// weighs as body text, so that a round listing many farmhouse tasks does not outrank
    /// the farmhouse tasks themselves.
    fn section(&mut self, anchor: &str, heading: &str) {
        let _ = write!(
            self.html,
            "<div data-pagefind-weight=\"1\"><h2 id=\"{}\">{}</h2></div>",
            escape(anchor),
            escape(heading)
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

fn task_record(views: &Views, task: &Task) -> SearchRecord {
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
            super::format::number(target.target),
            t("actual"),
            super::format::number(target.actual),
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
    for (anchor, entry) in anchors::ledger(task) {
        doc.section(
            &anchor,
            &format!(
                "{} {}",
                entry.date.value,
                i18n::entry_kind(lang, entry.kind)
            ),
        );
        doc.markdown(views, &entry.text);
    }
    doc.finish(views.urls.link(&paths::task(&task.id.value)))
}

fn round_record(views: &Views, round: &EvaluationRound) -> SearchRecord {
    let lang = views.lang;
    let t = |key: &str| i18n::text(lang, key);
    let mut doc = Doc::new(views, &round.title, t("evaluations"));
    doc.facts(&[&round.held.value.to_string()]);
    doc.text(round.body.as_deref().unwrap_or_default());
    for result in &round.results {
        let task = views.site.tasks.get(&result.task.value);
        let title = task
            .map(|t| t.title.as_str())
            .unwrap_or(result.task.value.as_str());
        doc.section(&anchors::result(&result.task.value), title);
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
            super::format::pct_text(result.votes.satisfaction_rate())
        ));
        doc.markdown(views, result.remarks.as_deref().unwrap_or_default());
    }
    doc.finish(views.urls.link(&paths::evaluation(&round.id.value)))
}

fn document_record(views: &Views, document: &Document, is_notice: bool) -> SearchRecord {
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
        let views = Views::new(&site, "https://example.org/sub/", false);
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

    #[test]
    fn text_from_content_is_escaped() {
        assert_eq!(
            escape(r#"<b>"A&B"</b>"#),
            "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;"
        );
    }

    #[test]
    fn the_index_language_follows_the_site() {
        assert_eq!(index_language(Language::ZhCn), "zh");
        assert_eq!(index_language(Language::En), "en");
    }
}
