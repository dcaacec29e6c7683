//! Notices and free pages, their 公示 titles, the open publicity periods, the notice list,
//! and the open-data page.

use super::ListScope;
use super::scope::visible_notices;
use crate::model::*;
use crate::render::urls::paths;
use crate::render::views::*;

impl<'s> ListScope<'s> {
    /// Evaluation rounds and notices whose publicity period is open on `as_of`.
    pub fn open_publicity(&self) -> Vec<PublicityItem> {
        let as_of = self.as_of;
        let mut items = Vec::new();
        for round in self.evaluations.values() {
            if let Some(p) = &round.publicity
                && p.value.state(as_of) == PeriodState::Open
            {
                items.push(PublicityItem {
                    title: round.title.clone(),
                    href: self.urls.link(&paths::evaluation(&round.id.value)),
                    print_href: self.urls.link(&paths::evaluation_print(&round.id.value, 1)),
                    period: self.period_view(&p.value),
                });
            }
        }
        for notice in self.visible_notices() {
            if let Some(p) = &notice.publicity
                && p.value.state(as_of) == PeriodState::Open
            {
                items.push(PublicityItem {
                    title: notice.title.clone(),
                    href: self.urls.link(&paths::notice(&notice.slug)),
                    print_href: self.urls.link(&paths::notice_print(&notice.slug)),
                    period: self.period_view(&p.value),
                });
            }
        }
        items
    }

    pub fn visible_notices(&self) -> Vec<&'s Document> {
        visible_notices(self.notices, self.drafts)
    }

    pub fn notice_rows(&self) -> Vec<NoticeRow> {
        self.visible_notices()
            .into_iter()
            .map(|n| NoticeRow {
                title: n.title.clone(),
                href: self.urls.link(&paths::notice(&n.slug)),
                date: n
                    .date
                    .as_ref()
                    .map(|d| d.value.to_string())
                    .unwrap_or_default(),
                publicity: n.publicity.as_ref().map(|p| self.period_view(&p.value)),
            })
            .collect()
    }

    /// The title a 公示 carries, as official documents are titled: issuing unit, matter,
    /// kind (`中共肃州区委组织部关于2022年度评议结果的公示`). A matter already written as
    /// `关于…的公示` is not wrapped twice, nor is one that already names the unit.
    pub fn publicity_title(&self, matter: &str) -> String {
        let unit = self.config.publisher.trim();
        let matter = matter.trim();
        let matter = matter
            .strip_prefix(unit)
            .map(str::trim_start)
            .unwrap_or(matter);
        let matter = matter.strip_prefix("关于").unwrap_or(matter);
        let matter = matter
            .strip_suffix("的公示")
            .or_else(|| matter.strip_suffix("公示"))
            .unwrap_or(matter);
        self.t("publicity_title")
            .replace("{unit}", unit)
            .replace("{matter}", matter)
    }

    pub fn document(&self, doc: &Document, is_notice: bool) -> DocumentPage {
        let path = if is_notice {
            paths::notice(&doc.slug)
        } else {
            paths::page(&doc.slug)
        };
        let url = self.urls.absolute(&path);
        let has_print = is_notice && doc.publicity.is_some();
        DocumentPage {
            title: doc.title.clone(),
            date: doc.date.as_ref().map(|d| d.value.to_string()),
            html: self.markdown.render(&doc.body),
            tasks: doc.tasks.iter().map(|t| self.task_link(&t.value)).collect(),
            publicity: doc.publicity.as_ref().map(|p| self.period_view(&p.value)),
            print_href: has_print.then(|| self.urls.link(&paths::notice_print(&doc.slug))),
            publicity_title: self.publicity_title(&doc.title),
            issuing_unit: self.config.publisher.clone(),
            qr_svg: has_print.then(|| self.qr_svg(&url)),
            url,
            says_publicity: says_publicity(&doc.body),
        }
    }

    /// The built-in accessibility statement, in the interface language: what the site does
    /// for older and disabled readers, and where to say what is hard to use.
    pub fn accessibility_statement(&self) -> DocumentPage {
        let title = self.t("a11y_statement").to_string();
        DocumentPage {
            publicity_title: self.publicity_title(&title),
            date: None,
            html: self.markdown.render(self.t("a11y_statement_body")),
            tasks: Vec::new(),
            publicity: None,
            print_href: None,
            issuing_unit: self.config.publisher.clone(),
            qr_svg: None,
            url: self.urls.absolute(&paths::page(paths::ACCESSIBILITY_SLUG)),
            says_publicity: false,
            title,
        }
    }

    /// The open-data page: each file for download, with what it holds.
    pub fn open_data_page(&self) -> OpenDataPage {
        let file = |name: &str, format: &str, description: &str| OpenDataFile {
            name: name.to_string(),
            href: self.urls.link(&format!("data/{name}")),
            format: format.to_string(),
            description: description.to_string(),
        };
        let zh = self.lang == crate::model::Language::ZhCn;
        let pick = |a: &str, b: &str| if zh { a.to_string() } else { b.to_string() };
        OpenDataPage {
            files: vec![
                file(
                    "tasks.csv",
                    "CSV",
                    &pick(
                        "全部任务一览（可用 Excel 打开）",
                        "All tasks, one row each (opens in Excel)",
                    ),
                ),
                file(
                    "tasks.json",
                    "JSON",
                    &pick(
                        "全部任务及其目标、节点和台账",
                        "All tasks with targets, milestones and ledgers",
                    ),
                ),
                file(
                    "evaluations.csv",
                    "CSV",
                    &pick("各轮评议结果", "Evaluation results of every round"),
                ),
                file(
                    "datapackage.json",
                    "JSON",
                    &pick(
                        "数据说明：各文件的字段、大小和 SHA-256 校验值",
                        "Data package: each file's fields, size and SHA-256",
                    ),
                ),
            ],
        }
    }
}

/// Whether a notice's own text says that it is put up for public comment, in the words
/// notices use for it ("现将评议结果予以公示", "现予公示", "公示如下", "for public comment").
fn says_publicity(body: &str) -> bool {
    const WORDS: &[&str] = &[
        "予以公示",
        "现予公示",
        "进行公示",
        "公示如下",
        "特此公示",
        "for public comment",
    ];
    let text = body.to_lowercase();
    WORDS.iter().any(|words| text.contains(words))
}

#[cfg(test)]
mod tests {
    use super::says_publicity;
    use crate::render::pages::SiteScope;

    #[test]
    fn a_publicity_title_names_the_unit_the_matter_and_the_kind_once() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/minimal");
        let site = crate::load::load_site(&root)
            .site
            .expect("the fixture loads");
        let views = SiteScope::new(&site, "https://example.org/", false);
        for (matter, title) in [
            (
                "2022年度评议结果",
                "中共测试区委组织部关于2022年度评议结果的公示",
            ),
            (
                "关于2022年度评议结果的公示",
                "中共测试区委组织部关于2022年度评议结果的公示",
            ),
            (
                "2022年度评议结果公示",
                "中共测试区委组织部关于2022年度评议结果的公示",
            ),
            (
                "中共测试区委组织部关于2022年度评议结果的公示",
                "中共测试区委组织部关于2022年度评议结果的公示",
            ),
        ] {
            assert_eq!(views.publicity_title(matter), title, "{matter}");
        }
    }

    #[test]
    fn a_notice_that_says_it_is_put_up_for_comment_is_recognised() {
        for (body, says) in [
            ("现将评议结果予以公示，公示期为5天。", true),
            ("现予公示。", true),
            ("名单公示如下：", true),
            ("The results are published here for Public Comment.", true),
            ("2022年12月20日召开评议会。", false),
            ("公示期为2022年12月22日至28日。", false),
        ] {
            assert_eq!(says_publicity(body), says, "{body}");
        }
    }
}
