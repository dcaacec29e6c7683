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
//!
//! Nothing in a record can become markup again: Pagefind decodes the HTML entities of every
//! filter, meta value, heading and text it reads, and its default UI draws filter labels and
//! titles with `innerHTML`, so an escaped `&lt;img onerror=…&gt;` in an org name would run as
//! script on the search page. What content puts in a record therefore holds none of the five
//! characters that make markup, only their full-width look-alikes ([`inert`]).

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

/// The full-width look-alike of a character that makes markup (`<` → `＜`, `&` → `＆`…).
fn look_alike(c: char) -> char {
    match c {
        '<' => '＜',
        '>' => '＞',
        '&' => '＆',
        '"' => '＂',
        '\'' => '＇',
        c => c,
    }
}

/// Plain text from content, inert however a search UI shows it (as text or as HTML, before
/// or after decoding entities): `<`, `>`, `&`, `"` and `'` become their full-width
/// look-alikes, so the text holds nothing to escape and nothing to decode.
fn inert(text: &str) -> String {
    text.chars().map(look_alike).collect()
}

/// The entities a sanitised HTML text or attribute value may hold (ammonia writes `&amp;`,
/// `&lt;`, `&gt;`, `&nbsp;` in text and `&quot;` in values; the rest are here in case it
/// ever writes them), and the character each stands for.
const ENTITIES: [(&str, char); 8] = [
    ("&amp;", '&'),
    ("&lt;", '<'),
    ("&gt;", '>'),
    ("&quot;", '"'),
    ("&#39;", '\''),
    ("&#x27;", '\''),
    ("&apos;", '\''),
    ("&nbsp;", '\u{a0}'),
];

/// Text or an attribute value of sanitised HTML, inert: its entities decoded, then the
/// markup characters replaced as by [`inert`]. Any other `&` is taken as an ampersand, so
/// no `&` is left for Pagefind to decode.
fn inert_html_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&inert(&rest[..at]));
        let from = &rest[at..];
        let (c, len) = ENTITIES
            .iter()
            .find(|(entity, _)| from.starts_with(entity))
            .map_or(('&', 1), |(entity, c)| (*c, entity.len()));
        out.push(look_alike(c));
        rest = &from[len..];
    }
    out.push_str(&inert(rest));
    out
}

/// Sanitised HTML (the site's rendered Markdown) with its structure kept (headings keep their
/// ids, so they still become sub-results) and its text and attribute values made inert.
fn inert_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&inert_html_text(&rest[..start]));
        let tag = &rest[start..];
        // The tag ends at the first `>` outside a quoted attribute value.
        let mut quote = None;
        let mut end = None;
        for (i, c) in tag.char_indices().skip(1) {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), _) if c == q => quote = None,
                (None, '>') => {
                    end = Some(i + 1);
                    break;
                }
                _ => {}
            }
        }
        let Some(end) = end else {
            // Not a tag after all (sanitised HTML has none such): text.
            out.push_str(&inert_html_text(tag));
            return out;
        };
        let mut value_start = None;
        for (i, c) in tag[..end].char_indices() {
            match value_start {
                None if c == '"' || c == '\'' => {
                    out.push('"');
                    value_start = Some((i + 1, c));
                }
                None => out.push(c),
                Some((from, q)) if c == q => {
                    out.push_str(&inert_html_text(&tag[from..i]));
                    out.push('"');
                    value_start = None;
                }
                Some(_) => {}
            }
        }
        rest = &tag[end..];
    }
    out.push_str(&inert_html_text(rest));
    out
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
            let _ = write!(self.html, "<p>{}</p>", inert(text));
        }
    }

    /// Markdown rendered by the site's own renderer (already sanitised), made inert: its
    /// headings keep the ids they have on the page, so they become sub-results that link there.
    fn markdown(&mut self, views: &Views, source: &str) {
        if !source.trim().is_empty() {
            let html = inert_html(&views.markdown.render(source));
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
        let views = Views::new(&site, "https://example.org/sub/", false);
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
    fn inert_html_keeps_tags_and_makes_text_and_values_inert() {
        assert_eq!(
            inert_html("<p title=\"a&quot;b>c\">x &lt;y&gt; &amp;lt; \"q\" 'r' &nbsp;</p>"),
            "<p title=\"a＂b＞c\">x ＜y＞ ＆lt; ＂q＂ ＇r＇ \u{a0}</p>"
        );
        assert_eq!(inert_html("a < b"), "a ＜ b");
        assert_eq!(inert("<b>\"A&B\"</b>'"), "＜b＞＂A＆B＂＜/b＞＇");
    }

    #[test]
    fn the_index_language_follows_the_site() {
        assert_eq!(index_language(Language::ZhCn), "zh");
        assert_eq!(index_language(Language::En), "en");
    }
}
