//! For the web host and for readers' tools: the Atom feed (ledger entries, notices,
//! evaluation rounds and publications, newest first), the sitemap and robots.txt.

use super::escape::escape_html as xml_escape;
use super::i18n;
use super::pages::{ListScope, NEWEST_LEDGER, SiteScope};
use super::urls::paths;
use jiff::civil::Date;
use std::fmt::Write as _;

/// Dates carry no time of day: the feed uses midnight China Standard Time.
fn timestamp(date: Date) -> String {
    format!("{date}T00:00:00+08:00")
}

struct FeedEntry<'a> {
    date: Date,
    /// A publication's number, so that two published on the same date are newest first;
    /// 0 for other entries.
    publication: u32,
    title: String,
    link: String,
    id: String,
    summary: Summary<'a>,
}

/// A summary is worked out only for the entries the feed keeps: a large site has tens of
/// thousands of ledger entries, and Markdown to text is the costly part.
enum Summary<'a> {
    Text(String),
    Markdown(&'a str),
    MarkdownExcerpt(&'a str),
}

impl Summary<'_> {
    fn text(&self, views: &SiteScope) -> String {
        match self {
            Summary::Text(text) => text.clone(),
            Summary::Markdown(source) => views.markdown.plain_text(source),
            Summary::MarkdownExcerpt(source) => {
                crate::model::text::excerpt(&views.markdown.plain_text(source), 300)
            }
        }
    }
}

/// How many entries besides publications the feed keeps: readers poll it, it need not
/// hold the whole history of ledger entries.
const FEED_LIMIT: usize = NEWEST_LEDGER;

/// How many differences a publication's feed entry lists.
const FEED_CHANGES: usize = 5;

pub fn atom(views: &SiteScope) -> Vec<u8> {
    let site = views.site;
    let lang = views.lang;
    // Ledger entries are many (100,000 on a 10,000-task site): only those that can be
    // among the newest are made into feed entries.
    let mut entries: Vec<FeedEntry> = Vec::new();
    for &(task, i, entry) in views.newest_ledger() {
        let link = views.urls.absolute(&paths::task(&task.id.value));
        entries.push(FeedEntry {
            date: entry.date.value,
            publication: 0,
            title: format!(
                "{}：{}（{}）",
                task.title,
                i18n::entry_kind(lang, entry.kind),
                entry.date.value
            ),
            id: format!("{link}#ledger-{i}"),
            link,
            summary: Summary::Markdown(&entry.text),
        });
    }
    for notice in views.visible_notices() {
        let link = views.urls.absolute(&paths::notice(&notice.slug));
        if let Some(date) = &notice.date {
            entries.push(FeedEntry {
                date: date.value,
                publication: 0,
                title: notice.title.clone(),
                id: link.clone(),
                link,
                summary: Summary::MarkdownExcerpt(&notice.body),
            });
        }
    }
    for round in site.evaluations.values() {
        let link = views.urls.absolute(&paths::evaluation(&round.id.value));
        entries.push(FeedEntry {
            date: round
                .publicity
                .as_ref()
                .map(|p| p.value.from)
                .unwrap_or(round.held.value),
            publication: 0,
            title: round.title.clone(),
            id: link.clone(),
            link,
            summary: Summary::Text(round.body.clone().unwrap_or_default()),
        });
    }
    // One entry per publication, dated by its own "as of" date.
    for publication in &views.history.timeline.publications {
        let Ok(date) = publication.as_of.parse::<Date>() else {
            continue;
        };
        let view = views.publication(publication, FEED_CHANGES);
        let link = views.urls.absolute(&format!("changes/#{}", view.anchor));
        let mut summary = vec![view.summary.clone()];
        for section in &view.sections {
            let lines: Vec<&str> = section.lines.iter().map(|l| l.text.as_str()).collect();
            summary.push(format!("{}: {}", section.heading, lines.join("; ")));
        }
        summary.extend(view.more.clone());
        entries.push(FeedEntry {
            date,
            publication: publication.number,
            title: if view.note.is_empty() {
                view.heading.clone()
            } else {
                format!("{}{}{}", view.heading, i18n::text(lang, "colon"), view.note)
            },
            id: link.clone(),
            link,
            summary: Summary::Text(summary.join("\n")),
        });
    }
    entries.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then(b.publication.cmp(&a.publication))
            .then(a.id.cmp(&b.id))
    });
    // Every publication stays in the feed, however many newer ledger entries there are:
    // the feed is where a reader's tool learns of each one.
    let mut others = 0;
    entries.retain(|entry| {
        others += usize::from(entry.publication == 0);
        entry.publication > 0 || others <= FEED_LIMIT
    });

    let mut xml = String::new();
    let _ = write!(
        xml,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n<title>{}</title>\n<author><name>{}</name></author>\n<link rel=\"self\" href=\"{}\"/>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<id>{}</id>\n<updated>{}</updated>\n",
        lang.code(),
        xml_escape(&site.config.title),
        xml_escape(&site.config.publisher),
        xml_escape(&views.urls.absolute("atom.xml")),
        xml_escape(&views.urls.base_url),
        xml_escape(&views.urls.base_url),
        timestamp(site.as_of)
    );
    for entry in entries {
        let _ = write!(
            xml,
            "<entry>\n<title>{}</title>\n<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n<id>{}</id>\n<updated>{}</updated>\n<summary>{}</summary>\n</entry>\n",
            xml_escape(&entry.title),
            xml_escape(&entry.link),
            xml_escape(&entry.id),
            timestamp(entry.date),
            xml_escape(&entry.summary.text(views))
        );
    }
    xml.push_str("</feed>\n");
    xml.into_bytes()
}

/// The sitemap lists every HTML page but the 404 page and print versions. It is made from
/// the rows (a task's last update) and the page paths alone: `serve` keeps it while those
/// are unchanged.
pub fn sitemap(lists: &ListScope, page_paths: &[String]) -> Vec<u8> {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in page_paths {
        if path.ends_with("print/") || path == "404.html" {
            continue;
        }
        let lastmod = path
            .strip_prefix("tasks/")
            .and_then(|rest| rest.strip_suffix('/'))
            .and_then(|id| lists.row(id))
            .and_then(|row| row.last_updated.as_deref());
        let _ = write!(
            xml,
            "<url><loc>{}</loc>",
            xml_escape(&lists.urls.absolute(path))
        );
        if let Some(date) = lastmod {
            let _ = write!(xml, "<lastmod>{date}</lastmod>");
        }
        xml.push_str("</url>\n");
    }
    xml.push_str("</urlset>\n");
    xml.into_bytes()
}

pub fn robots(views: &SiteScope) -> Vec<u8> {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}\n",
        views.urls.absolute("sitemap.xml")
    )
    .into_bytes()
}
