//! [`TaskScope`]: what every page shares (the language, addresses, `site`, orgs, rounds,
//! notices), and what a task's own page and row are made from besides the task itself.

use crate::model::*;
use crate::render::charts::{self, BarItem};
use crate::render::i18n;
use crate::render::markdown::Markdown;
use crate::render::memo::Memo;
use crate::render::qr;
use crate::render::urls::{Urls, paths};
use crate::render::views::*;
use jiff::civil::Date;
use siphasher::sip128::{Hasher128 as _, SipHasher13};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::Hash as _;
use std::sync::Arc;

/// What a task's own page and row are made from, besides the task itself: everything in
/// the site but the other tasks (and the two things derived from all of them: the category
/// slugs and the "as of" date). `serve` keeps a task's page and row for as long as the task
/// and [`TaskScope::fingerprint`] are unchanged; this type is what makes that safe, since a
/// task page is built by [`TaskScope::task_page`], which has no way to reach another task.
pub struct TaskScope<'s> {
    pub lang: Language,
    pub urls: Urls,
    pub markdown: Arc<Markdown>,
    /// QR codes by address (drawing one is the most expensive part of a task page).
    pub(super) qr_codes: Arc<Memo>,
    pub site_view: SiteView,
    /// Category name → slug.
    pub categories: BTreeMap<String, String>,
    pub drafts: bool,
    pub config: &'s SiteConfig,
    pub orgs: &'s BTreeMap<String, Org>,
    pub as_of: Date,
    pub(super) evaluations: &'s BTreeMap<String, EvaluationRound>,
    pub(super) notices: &'s BTreeMap<String, Document>,
    /// Task id → its results, in round order, each with its place in its round (from
    /// `evaluations`).
    pub(super) results: HashMap<&'s str, Vec<(&'s EvaluationRound, usize, &'s EvaluationResult)>>,
    /// Task id → the visible notices that name it, newest first (from `notices`).
    pub(super) notices_by_task: HashMap<&'s str, Vec<&'s Document>>,
    /// In `serve`: the rounds and notices whose pages differ from the newest publication.
    pub unpublished: super::UnpublishedRecords,
}

impl<'s> TaskScope<'s> {
    pub fn new(
        site: &'s Site,
        base_url: &str,
        drafts: bool,
        markdown: Arc<Markdown>,
        qr_codes: Arc<Memo>,
    ) -> Self {
        let lang = site.config.language;
        let urls = Urls::new(base_url);
        let categories = category_slugs(site.tasks.values().filter_map(|t| t.category.as_deref()));
        let t = i18n::strings(lang);
        let nav = vec![
            Link {
                label: t["nav_home"].to_string(),
                href: urls.link(""),
            },
            Link {
                label: t["nav_tasks"].to_string(),
                href: urls.link("tasks/"),
            },
            Link {
                label: t["nav_evaluations"].to_string(),
                href: urls.link("evaluations/"),
            },
            Link {
                label: t["nav_notices"].to_string(),
                href: urls.link("notices/"),
            },
            Link {
                label: t["nav_data"].to_string(),
                href: urls.link("data/"),
            },
        ];
        let mut pages: Vec<Link> = site
            .pages
            .values()
            .filter(|p| drafts || !p.draft)
            .map(|p| Link {
                label: p.title.clone(),
                href: urls.link(&paths::page(&p.slug)),
            })
            .collect();
        let statement = urls.link(&paths::page(paths::ACCESSIBILITY_SLUG));
        if !pages.iter().any(|p| p.href == statement) {
            pages.push(Link {
                label: t["a11y_statement"].to_string(),
                href: statement,
            });
        }
        let feedback =
            (!site.config.feedback.is_empty()).then(|| feedback_view(&site.config.feedback));
        let marks = &site.config.registration;
        let registration = (*marks != Registration::default()).then(|| RegistrationView {
            site_code: marks.site_code.clone(),
            icp: marks.icp.clone(),
            police: marks.police.clone(),
        });
        let domain = urls
            .base_url
            .split("://")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .unwrap_or_default()
            .to_string();
        let site_view = SiteView {
            title: site.config.title.clone(),
            publisher: site.config.publisher.clone(),
            lang: lang.code(),
            base_path: urls.base_path.clone(),
            base_url: urls.base_url.clone(),
            as_of: site.as_of.to_string(),
            feedback,
            registration,
            domain,
            nav,
            pages,
            t,
            css_href: urls.link("assets/style.css"),
            js_href: urls.link("assets/site.js"),
            print_css_href: urls.link("assets/print.css"),
            a11y_css_href: urls.link("assets/a11y.css"),
            search_href: site.config.search.then(|| urls.link("search/")),
            feed_href: urls.link("atom.xml"),
            data_href: urls.link("data/"),
            changes_href: urls.link("changes/"),
            home_href: urls.link(""),
        };
        let mut results: HashMap<&str, Vec<_>> = HashMap::new();
        for round in site.evaluations.values() {
            for (index, result) in round.results.iter().enumerate() {
                results
                    .entry(result.task.value.as_str())
                    .or_default()
                    .push((round, index, result));
            }
        }
        let mut notices_by_task: HashMap<&str, Vec<&Document>> = HashMap::new();
        for notice in visible_notices(&site.notices, drafts) {
            let named: BTreeSet<&str> = notice.tasks.iter().map(|t| t.value.as_str()).collect();
            for task in named {
                notices_by_task.entry(task).or_default().push(notice);
            }
        }
        TaskScope {
            lang,
            urls,
            markdown,
            qr_codes,
            site_view,
            categories,
            drafts,
            config: &site.config,
            orgs: &site.orgs,
            as_of: site.as_of,
            evaluations: &site.evaluations,
            notices: &site.notices,
            results,
            notices_by_task,
            unpublished: super::UnpublishedRecords::default(),
        }
    }

    /// A hash of everything a task page or row can see besides its task. The memos are
    /// left out: they are caches of pure functions of their keys (and the base path, which
    /// `urls` holds). Every field is named here, so a field added to [`TaskScope`] cannot be
    /// forgotten: this does not compile until it is hashed or said to be derived.
    pub fn fingerprint(&self) -> u128 {
        let TaskScope {
            lang,
            urls,
            markdown: _,
            qr_codes: _,
            site_view,
            categories,
            drafts,
            config,
            orgs,
            as_of,
            evaluations,
            notices,
            results: _,         // from `evaluations`
            notices_by_task: _, // from `notices` and `drafts`
            unpublished,
        } = self;
        // Where the site is deployed and which numbers the privacy check lets through are
        // settings of commands, not of pages: editing them keeps every task page.
        let SiteConfig {
            title,
            publisher,
            base_url,
            language,
            as_of: config_as_of,
            theme,
            feedback,
            currency,
            deploy: _,
            privacy_allow: _,
            registration,
            search,
            page_size,
        } = config;
        let mut hasher = SipHasher13::new();
        // Each part hashes every field it has (derived `Hash`), Markdown sources and
        // source positions included.
        (
            lang,
            urls,
            site_view,
            categories,
            drafts,
            (title, publisher, base_url, language, config_as_of, theme),
            (feedback, currency, registration, search, page_size),
            orgs,
            as_of,
            evaluations,
            notices,
            unpublished,
        )
            .hash(&mut hasher);
        hasher.finish128().as_u128()
    }

    /// The evaluation rounds, by id.
    pub fn evaluations(&self) -> &'s BTreeMap<String, EvaluationRound> {
        self.evaluations
    }

    /// The orgs in their display order.
    pub fn orgs_in_order(&self) -> Vec<&'s Org> {
        crate::model::orgs_in_order(self.orgs)
    }

    /// The orgs directly under `org_id`, in display order.
    pub fn children_of(&self, org_id: &str) -> Vec<&'s Org> {
        crate::model::children_of(self.orgs, org_id)
    }

    /// A bar chart with the same figures as a table; `title` and `headers` are text keys.
    pub(super) fn bar_chart(
        &self,
        title: &str,
        items: &[BarItem],
        headers: &[&str],
        rows: Vec<Vec<String>>,
    ) -> ChartView {
        ChartView {
            svg: charts::horizontal_bars(self.t(title), items),
            caption: self.t(title).to_string(),
            headers: headers.iter().map(|h| self.t(h).to_string()).collect(),
            rows,
        }
    }

    pub fn t(&self, key: &str) -> &'static str {
        i18n::text(self.lang, key)
    }

    pub fn meta(
        &self,
        title: &str,
        path: &str,
        section: &'static str,
        breadcrumbs: Vec<Link>,
    ) -> PageMeta {
        PageMeta {
            title: title.to_string(),
            description: format!("{} — {}", title, self.config.title),
            canonical: self.urls.absolute(path),
            section,
            breadcrumbs,
            path: path.to_string(),
            column: match section {
                "home" => self.t("nav_home").to_string(),
                "tasks" => self.t("nav_tasks").to_string(),
                "evaluations" => self.t("nav_evaluations").to_string(),
                "notices" => self.t("nav_notices").to_string(),
                "data" => self.t("nav_data").to_string(),
                "search" => self.t("nav_search").to_string(),
                _ => title.to_string(),
            },
            pub_date: None,
            content_source: None,
            unpublished: false,
            chain: None,
        }
    }

    /// The article marks of a page with a date of its own (a task, a notice, a round): the
    /// date is the page's, never the clock's.
    pub fn article(&self, mut meta: PageMeta, date: Option<Date>, source: String) -> PageMeta {
        meta.pub_date = date.map(|d| d.to_string());
        meta.content_source = Some(source);
        meta
    }

    pub fn home_crumb(&self) -> Link {
        Link {
            label: self.t("nav_home").to_string(),
            href: self.urls.link(""),
        }
    }

    pub fn org_name(&self, id: &str) -> String {
        self.orgs
            .get(id)
            .map(|o| o.name.clone())
            .unwrap_or_else(|| id.to_string())
    }

    pub fn org_link(&self, id: &str) -> Link {
        Link {
            label: self.org_name(id),
            href: self.urls.link(&paths::org(id)),
        }
    }

    /// The org and its ancestors, nearest first (cycle-safe).
    pub fn org_path(&self, org_id: &str) -> Vec<String> {
        let mut path = Vec::new();
        let mut current = self.orgs.get(org_id);
        while let Some(org) = current {
            if path.contains(&org.id) {
                break;
            }
            path.push(org.id.clone());
            current = org.parent.as_ref().and_then(|p| self.orgs.get(&p.value));
        }
        if path.is_empty() {
            path.push(org_id.to_string());
        }
        path
    }

    pub fn period_view(&self, period: &Period) -> PeriodView {
        let state = period.state(self.as_of);
        PeriodView {
            from: period.from.to_string(),
            to: period.to.to_string(),
            state: match state {
                PeriodState::Upcoming => "upcoming",
                PeriodState::Open => "open",
                PeriodState::Closed => "closed",
            },
            state_label: i18n::period_state(self.lang, state),
            days_label: i18n::counted(
                self.lang,
                "publicity_days",
                period.days().unsigned_abs() as usize,
            ),
        }
    }

    /// A QR code leading to `url`.
    pub fn qr_svg(&self, url: &str) -> String {
        let label = self.t("qr_caption");
        self.qr_codes
            .get_or_make(&[url, label], || qr::svg(url, label))
    }

    pub fn tasks_breadcrumbs(&self) -> Vec<Link> {
        vec![
            self.home_crumb(),
            Link {
                label: self.t("nav_tasks").to_string(),
                href: self.urls.link("tasks/"),
            },
        ]
    }
}

/// Category names become ASCII slugs (Chinese is transliterated to pinyin); names that
/// collide get `-2`, `-3`… in name order, so slugs stay stable as categories are added.
pub fn category_slugs<'a>(names: impl Iterator<Item = &'a str>) -> BTreeMap<String, String> {
    let names: BTreeSet<&str> = names.collect();
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut slugs = BTreeMap::new();
    for name in names {
        let mut base = slug::slugify(name);
        if base.is_empty() {
            base = "category".to_string();
        }
        let mut candidate = base.clone();
        let mut n = 2;
        while taken.contains(&candidate) {
            candidate = format!("{base}-{n}");
            n += 1;
        }
        taken.insert(candidate.clone());
        slugs.insert(name.to_string(), candidate);
    }
    slugs
}

/// The notices a reader sees (drafts only in a preview), newest first.
pub(super) fn visible_notices(
    notices: &BTreeMap<String, Document>,
    drafts: bool,
) -> Vec<&Document> {
    let mut notices: Vec<&Document> = notices.values().filter(|n| drafts || !n.draft).collect();
    notices.sort_by(|a, b| {
        b.date
            .as_ref()
            .map(|d| d.value)
            .cmp(&a.date.as_ref().map(|d| d.value))
            .then(a.slug.cmp(&b.slug))
    });
    notices
}

fn feedback_view(feedback: &Feedback) -> FeedbackView {
    FeedbackView {
        phone: feedback.phone.clone(),
        phone_href: feedback.phone.as_ref().map(|p| {
            let digits: String = p
                .chars()
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect();
            format!("tel:{digits}")
        }),
        email: feedback.email.clone(),
        email_href: feedback.email.as_ref().map(|e| format!("mailto:{e}")),
        address: feedback.address.clone(),
        hours: feedback.hours.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fingerprint(site: &Site, base_url: &str, drafts: bool) -> u128 {
        let markdown = Arc::new(Markdown::new(&Urls::new(base_url).base_path));
        TaskScope::new(site, base_url, drafts, markdown, Arc::default()).fingerprint()
    }

    /// Every kind of input a task page sees besides its task changes the fingerprint: were
    /// one left out of the hash, its edit would leave the fingerprint as it was, and `serve`
    /// would keep task pages that show the old value.
    #[test]
    fn a_change_to_any_input_of_the_task_scope_changes_its_fingerprint() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        let site = crate::load::load_site(&root)
            .site
            .expect("the fixture loads");
        let url = "https://example.org/";
        let base = fingerprint(&site, url, false);
        assert_eq!(base, fingerprint(&site.clone(), url, false), "same inputs");
        assert_ne!(
            base,
            fingerprint(&site, "https://example.org/sub/", false),
            "base URL"
        );
        assert_ne!(base, fingerprint(&site, url, true), "drafts");
        type Edit = (&'static str, fn(&mut Site));
        let edits: Vec<Edit> = vec![
            ("language", |s| s.config.language = Language::En),
            ("site title", |s| s.config.title.push('!')),
            ("publisher", |s| s.config.publisher.push('!')),
            ("currency", |s| s.config.currency = "USD".into()),
            ("feedback", |s| {
                s.config.feedback.hours = Some("9:00-17:00".into())
            }),
            ("as of", |s| s.as_of = s.as_of.tomorrow().unwrap()),
            ("org name", |s| first(&mut s.orgs).name.push('!')),
            ("org secretary", |s| {
                first(&mut s.orgs).secretary = Some("李四".into())
            }),
            ("new category", |s| {
                Arc::make_mut(first(&mut s.tasks)).category = Some("新类别".into())
            }),
            ("votes", |s| {
                first(&mut s.evaluations).results[0].votes.dissatisfied += 1
            }),
            ("remarks", |s| {
                first(&mut s.evaluations).results[0].remarks = Some("好".into())
            }),
            ("round title", |s| first(&mut s.evaluations).title.push('!')),
            ("notice title", |s| first(&mut s.notices).title.push('!')),
            ("notice body", |s| first(&mut s.notices).body.push('!')),
            ("notice draft", |s| first(&mut s.notices).draft = true),
            ("free page title", |s| first(&mut s.pages).title.push('!')),
            ("registration", |s| {
                s.config.registration.icp = Some("陇ICP备00000000号-1".into())
            }),
        ];
        for (what, edit) in edits {
            let mut edited = site.clone();
            edit(&mut edited);
            assert_ne!(base, fingerprint(&edited, url, false), "{what}");
        }
        // What no page shows leaves every task page as it was.
        let kept: Vec<Edit> = vec![
            ("deploy target", |s| {
                s.config.deploy.push(crate::model::DeployTarget {
                    name: "www".into(),
                    kind: crate::model::DeployKind::Folder {
                        path: "/srv/www".into(),
                    },
                })
            }),
            ("privacy exception", |s| {
                s.config.privacy_allow.push(crate::model::Located::new(
                    "13900000000".into(),
                    crate::yaml::Pos::default(),
                ))
            }),
        ];
        for (what, edit) in kept {
            let mut edited = site.clone();
            edit(&mut edited);
            assert_eq!(base, fingerprint(&edited, url, false), "{what}");
        }
    }

    fn first<T>(map: &mut BTreeMap<String, T>) -> &mut T {
        map.values_mut().next().expect("the fixture has one")
    }

    #[test]
    fn category_slugs_are_pinyin_and_unique() {
        let slugs =
            category_slugs(["农房改造", "村集体经济", "Nong Fang Gai Zao", "！！"].into_iter());
        // Names are taken in byte order: the Latin spelling sorts first and keeps the base.
        assert_eq!(slugs["Nong Fang Gai Zao"], "nong-fang-gai-zao");
        assert_eq!(slugs["农房改造"], "nong-fang-gai-zao-2");
        assert_eq!(slugs["村集体经济"], "cun-ji-ti-jing-ji");
        assert_eq!(slugs["！！"], "category");
    }
}
