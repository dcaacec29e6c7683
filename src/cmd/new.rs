//! `gongshi new task` and `gongshi init`: starting points that pass `check` as written, with
//! every field present and explained, so that editors copy from a correct file instead of
//! from memory.

use crate::diagnostics::{Text, io_reason, message_language, suggest};
use crate::load::load_site;
use crate::model::Language;
use crate::words;
use crate::yaml::quote as yaml_quote;
use jiff::civil::Date;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum NewError {
    #[error("cannot read the site at {}: run `gongshi check --root {}` to see why", .0.display(), .0.display())]
    NoSite(PathBuf),
    #[error("{}", .words)]
    UnknownOrg {
        /// The refusal, with the nearest id and every id the site has.
        words: Text,
        /// The language of the site, which the refusal is best read in.
        language: Language,
    },
    #[error("the title must not be empty")]
    EmptyTitle,
    #[error("{path} already exists")]
    Exists { path: PathBuf },
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

impl NewError {
    /// What went wrong and what to do, in the words of the message table.
    pub fn words(&self) -> Text {
        match self {
            NewError::NoSite(root) => words!("new_no_site", root = root.display().to_string()),
            NewError::UnknownOrg { words, .. } => words.clone(),
            NewError::EmptyTitle => Text::key("new_empty_title"),
            NewError::Exists { path } => {
                words!("new_exists", path = path.display().to_string())
            }
            NewError::Write { path, source } => words!(
                "new_cannot_write",
                path = path.display().to_string(),
                reason = io_reason(source)
            ),
        }
    }
}

fn write_new(path: &Path, text: &str) -> Result<(), NewError> {
    if path.exists() {
        return Err(NewError::Exists {
            path: path.to_path_buf(),
        });
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|source| NewError::Write {
            path: parent.to_path_buf(),
            source,
        })?;
    }
    std::fs::write(path, text).map_err(|source| NewError::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// The date new content is dated: the site's `as_of` when set (so that a new ledger entry is
/// never "after the data date"), otherwise today.
fn working_date(as_of: Option<Date>) -> Date {
    as_of.unwrap_or_else(|| jiff::ZonedDateTime::now().date())
}

/// Writes a new task ledger for `org`; returns its path.
pub fn new_task(root: &Path, org: &str, title: &str) -> Result<PathBuf, NewError> {
    let title = title.trim();
    if title.is_empty() {
        return Err(NewError::EmptyTitle);
    }
    let loaded = load_site(root);
    let Some(site) = loaded.site else {
        return Err(NewError::NoSite(root.to_path_buf()));
    };
    if !site.orgs.contains_key(org) {
        let orgs = site.orgs_in_order();
        let named = orgs.iter().find(|o| o.name.trim() == org.trim());
        let hint = match named {
            Some(o) => words!("new_org_is_a_name", id = &o.id, name = &o.name),
            None => match suggest(org, site.orgs.keys().map(String::as_str)) {
                Some(best) => words!("new_did_you_mean", best = best),
                None => Text::from(""),
            },
        };
        let list = orgs
            .iter()
            .map(|o| format!("  {} ({})", o.id, o.name))
            .collect::<Vec<_>>()
            .join("\n");
        return Err(NewError::UnknownOrg {
            words: words!("new_unknown_org", org = org, hint = hint, list = list),
            language: message_language(Some(site.config.language)),
        });
    }
    let date = working_date(site.config.as_of);
    let year = date.year();
    let folder = root.join("content").join("tasks").join(org);
    let mut n = 1;
    let id = loop {
        let candidate = format!("{year}-{org}-{n:02}");
        if !site.tasks.contains_key(&candidate)
            && !folder.join(format!("{candidate}.yaml")).exists()
        {
            break candidate;
        }
        n += 1;
    };
    let secretary = site.orgs[org]
        .secretary
        .clone()
        .unwrap_or_else(|| "（填写姓名）".to_string());
    let deadline = Date::new(year, 12, 31).unwrap_or(date);
    let text = task_template(&id, org, title, &secretary, year, date, deadline);
    let path = folder.join(format!("{id}.yaml"));
    write_new(&path, &text)?;
    Ok(path)
}

fn task_template(
    id: &str,
    org: &str,
    title: &str,
    leader: &str,
    year: i16,
    date: Date,
    deadline: Date,
) -> String {
    format!(
        r#"# 任务台账：一个任务、一名领导、一套方案、一本台账。
# 所有字段的说明见网站文件夹里的 docs/填写说明.md。以 # 开头的行是注释，不会发布。
id: {id}                       # 任务编号：字母、数字、- 和 _，全站唯一
title: {title}
org: {org}                     # 责任单位：content/orgs.yaml 中的 id
leader: {{name: {leader}, role: "党组织书记"}}   # 责任领导（姓名、职务）
category: "未分类"              # 类别：同类任务汇总成一页，如 农房改造
year: {year}
stage: identify                # 五步：identify 点题 | discuss 议题 | decide 定题 | solve 破题 | evaluate 评题
status: not_started            # not_started 未启动 | in_progress 推进中 | completed 已完成 | suspended 暂停
start: {date}                  # 开始日期 YYYY-MM-DD
deadline: {deadline}           # 完成时限；过期未完成的任务显示为“逾期”
origin:                        # 第一步 点题：问题从哪里来
  method: "走访座谈"
  date: {date}
  summary: |
    （写明群众和党员反映的问题。）
discussion:                    # 第二步 议题：会议场次和收集的意见数
  meetings: 0
  opinions: 0
decision:                      # 第三步 定题：党员大会表决情况
  date: {date}
  body: "党员大会"
  votes: {{for: 0, against: 0, abstain: 0}}
plan: |                        # 工作方案（必填，可用 Markdown）
  （写明工作目标、具体步骤、时间进度和保障措施。）
targets:                       # 量化目标：target 为目标值，actual 为已完成值
  - {{name: "（目标名称）", unit: "项", target: 1, actual: 0}}
budget: {{planned: 0, spent: 0}}   # 资金（元）：计划投入、已投入
milestones:                    # 节点安排：due 为计划完成日期，done 为实际完成日期
  - {{title: "制定方案", due: {deadline}}}
ledger:                        # 工作台账：每次进展记一条，最新的写在最后
  - date: {date}
    kind: progress             # progress 工作进展 | inspection 督查 | notification 通报 | interview 约谈
    text: 建立任务台账。
    attachments: []            # content/static/ 下的文件，如 photos/2022-05-10.jpg
"#,
        id = id,
        title = yaml_quote(title),
        org = org,
        leader = yaml_quote(leader),
        year = year,
        date = date,
        deadline = deadline,
    )
}

/// The content-format guide that `init` writes into the site, so that the comments of the
/// files it writes (and of `new task`'s) point at a file the editor has: in Chinese, as
/// the site is, and the English original beside it.
pub const GUIDE: &str = "docs/填写说明.md";
const GUIDE_TEXT: &str = include_str!("../../docs/填写说明.md");
pub const GUIDE_EN: &str = "docs/content-format.md";
const GUIDE_EN_TEXT: &str = include_str!("../../docs/content-format.md");

/// Creates a small working site in `dir` (which must not hold a site already).
pub fn init_site(dir: &Path) -> Result<Vec<PathBuf>, NewError> {
    if dir.join("content").exists() {
        return Err(NewError::Exists {
            path: dir.join("content"),
        });
    }
    let date = working_date(None);
    let year = date.year();
    let files: Vec<(&str, String)> = vec![
        ("content/site.yaml", format!(
            r#"# 站点设置。字段说明见网站文件夹里的 docs/填写说明.md。
title: 书记破题行动公开栏
publisher: 中共某某区委组织部
base_url: https://example.org/
language: zh-CN
as_of: {date}          # 数据截至日期；不填则取内容中最新的日期
feedback:              # 公示期间接受意见的渠道，显示在每个公示页面
  phone: "0000-0000000"
  email: feedback@example.org
  address: 某某区某某路1号
  hours: 工作日 9:00-17:00
# 政府网站的标识，显示在每页底部：填上主管部门核发的号码，再删掉下面四行开头的 # 号。
#registration:
#  site_code: "0000000000"              # 政府网站标识码（加引号）
#  icp: 某ICP备00000000号-1              # ICP 备案号，链接到工信部备案查询
#  police: 某公网安备00000000000000号     # 公安机关备案号
"#
        )),
        ("content/orgs.yaml", r#"# 组织架构：id 只用小写字母、数字和 -；parent 指向上级单位的 id。
orgs:
  - id: district
    name: 某某区
    level: district
  - id: town
    name: 某某镇
    level: township
    parent: district
    secretary: 张三
  - id: town-village
    name: 某某村
    level: village
    parent: town
    secretary: 李四
"#.to_string()),
        ("content/tasks/town/example-01.yaml", format!(
            r#"# 一个任务台账示例。复制本文件即可新建任务，或运行 gongshi new task --org town --title 标题
id: {year}-town-01
title: 示例任务：村内道路硬化
org: town-village
leader: {{name: 李四, role: 村党支部书记}}
category: 人居环境
year: {year}
stage: solve
status: in_progress
start: {date}
deadline: {year}-12-31
plan: |
  完成村内主干道路硬化，方便群众出行。
targets:
  - {{name: 道路硬化, unit: 公里, target: 2, actual: 0.5}}
ledger:
  - date: {date}
    kind: progress
    text: 完成道路勘测和施工方案。
"#
        )),
        ("content/notices/welcome.md", format!(
            "---\ntitle: 本站开通\ndate: {date}\n---\n\n本站公开书记破题行动的任务清单、工作台账和评议结果，欢迎监督。\n"
        )),
        ("content/pages/about.md", "---\ntitle: 关于本站\n---\n\n本站公开书记破题行动的任务清单、工作台账和评议结果，接受党员群众监督。对公开内容有意见或建议，请通过页面下方的联系方式反映。\n".to_string()),
        (".gitignore", "/public\n".to_string()),
        (GUIDE, GUIDE_TEXT.to_string()),
        (GUIDE_EN, GUIDE_EN_TEXT.to_string()),
    ];
    // Nothing is written unless everything can be: no half a site beside an old file.
    if let Some((path, _)) = files.iter().find(|(path, _)| dir.join(path).exists()) {
        return Err(NewError::Exists {
            path: dir.join(path),
        });
    }
    let mut written = Vec::new();
    for (path, text) in files {
        let full = dir.join(path);
        write_new(&full, &text)?;
        written.push(full);
    }
    std::fs::create_dir_all(dir.join("content/static")).map_err(|source| NewError::Write {
        path: dir.join("content/static"),
        source,
    })?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_survives_anything_an_editor_types() {
        for text in [
            "西洞镇: \"农房\" # 改造",
            "a\\b",
            "- [x] {y}",
            "line\nbreak",
            "*alias &anchor",
        ] {
            let yaml = format!("title: {}\n", yaml_quote(text));
            let node = crate::yaml::parse(&yaml).unwrap();
            let crate::yaml::NodeKind::Map(entries) = node.kind else {
                panic!()
            };
            assert_eq!(
                entries[0].1.kind,
                crate::yaml::NodeKind::Str(text.to_string()),
                "{yaml}"
            );
        }
    }

    /// The footer marks are there to fill in: with only the `#` of each line removed, as the
    /// comment says, the block is read as it is.
    #[test]
    fn init_shows_where_the_registration_numbers_go() {
        let dir = tempfile::tempdir().unwrap();
        init_site(dir.path()).unwrap();
        let path = dir.path().join("content/site.yaml");
        let text = std::fs::read_to_string(&path).unwrap();
        let uncommented: String = text
            .lines()
            .map(|line| match line.strip_prefix('#') {
                Some(rest) if rest.starts_with("registration:") || rest.starts_with("  ") => rest,
                _ => line,
            })
            .map(|line| format!("{line}\n"))
            .collect();
        assert_ne!(uncommented, text);
        std::fs::write(&path, uncommented).unwrap();
        let checked = crate::check::check_site(dir.path());
        assert_eq!(checked.diagnostics.error_count(), 0, "{}", checked.report());
        let registration = checked.site.unwrap().config.registration;
        assert_eq!(registration.site_code.as_deref(), Some("0000000000"));
        assert_eq!(registration.icp.as_deref(), Some("某ICP备00000000号-1"));
        assert!(registration.police.is_some());
    }

    #[test]
    fn init_then_new_task_pass_check() {
        let dir = tempfile::tempdir().unwrap();
        init_site(dir.path()).unwrap();
        let path = new_task(dir.path(), "town", "新任务：\"修桥\" #2").unwrap();
        assert!(path.ends_with(format!(
            "content/tasks/town/{}-town-02.yaml",
            working_date(None).year()
        )));
        let checked = crate::check::check_site(dir.path());
        // Only what is left for the editor to write: the placeholders and the address.
        assert!(
            checked.diagnostics.items().iter().all(|d| matches!(
                d.kind,
                Some(crate::validate::unfinished::PLACEHOLDER | "example address")
            )),
            "{}",
            checked.report()
        );
        assert_eq!(checked.diagnostics.error_count(), 0);
        assert!(
            checked
                .site
                .unwrap()
                .tasks
                .values()
                .any(|t| t.title == "新任务：\"修桥\" #2")
        );
        assert!(
            matches!(new_task(dir.path(), "twon", "x"), Err(NewError::UnknownOrg { words, .. }) if words.to_string().contains("(did you mean `town`?)"))
        );
        assert!(matches!(
            init_site(dir.path()),
            Err(NewError::Exists { .. })
        ));
    }
}
