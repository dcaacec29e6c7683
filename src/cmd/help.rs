//! `--help` in Chinese. clap's help text is whatever strings it is given, so for a zh-CN
//! reader (see [`crate::diagnostics::message_language`]) the command line's descriptions are
//! swapped for the ones below before arguments are parsed, with Chinese headings. clap's own
//! answers to a mistyped command line are put into Chinese in [`super::usage`].

use clap::{Arg, ArgAction, Command};

/// (command, argument, zh-CN). An empty argument is the command's own description.
const HELP_ZH: &[(&str, &str, &str)] = &[
    ("gongshi", "", "公示：把任务台账和评议结果生成公开网站"),
    ("build", "", "检查网站内容，然后生成公开网站到输出文件夹"),
    ("build", "root", "网站文件夹（含有 content/ 的那个文件夹）"),
    (
        "build",
        "output",
        "网站生成到哪里 [默认：<网站文件夹>/public]",
    ),
    (
        "build",
        "base_url",
        "用这个网址发布，代替 site.yaml 的 base_url",
    ),
    (
        "build",
        "drafts",
        "把标了 `draft: true` 的公告和页面也生成出来",
    ),
    (
        "build",
        "deny_warnings",
        "有警告也算失败（退出码 1，不生成任何文件）",
    ),
    (
        "build",
        "verbose",
        "列出每一条警告（默认同一类超过 20 条只计数）",
    ),
    (
        "build",
        "require_published",
        "内容和最近一次存档（publish）不同时失败",
    ),
    (
        "build",
        "allow_placeholders",
        "任务里还有 `gongshi new task` 写的占位内容时也生成网站",
    ),
    (
        "publish",
        "",
        "把网站现在的内容存档为下一次发布记录（content/publications/NNNN.json），网站会显示每次发布之间的变化",
    ),
    (
        "publish",
        "root",
        "网站文件夹（含有 content/ 的那个文件夹）",
    ),
    ("publish", "note", "这次发布的说明"),
    (
        "verify",
        "",
        "核对已发布的网站（文件夹或网址）与它的 manifest.json 和发布记录是否一致：一致退出码 0，有不同退出码 1，无法查看退出码 2",
    ),
    (
        "verify",
        "copy",
        "网站复制到的文件夹，或网站的网址（https://…）",
    ),
    ("new", "", "新建一个任务台账，每个字段都写好并附说明"),
    ("task", "", "在 content/tasks/<单位>/ 下新建任务台账"),
    ("task", "org", "责任单位（content/orgs.yaml 里的 id）"),
    ("task", "title", "任务名称"),
    ("task", "root", "网站文件夹（含有 content/ 的那个文件夹）"),
    ("init", "", "在 DIR 文件夹新建一个可以直接使用的小网站"),
    ("init", "dir", "新网站所在的文件夹（没有会自动创建）"),
    (
        "serve",
        "",
        "预览网站：生成后在本机打开，每次保存自动重新生成并刷新浏览器；错误显示在页面上",
    ),
    ("serve", "root", "网站文件夹（含有 content/ 的那个文件夹）"),
    (
        "serve",
        "bind",
        "监听的地址；0.0.0.0 会让局域网里的其他电脑也能打开",
    ),
    ("serve", "port", "端口（0 表示自动选一个空闲端口）"),
    ("serve", "open", "在默认浏览器里打开预览"),
    (
        "serve",
        "poll",
        "定时查看文件有没有改动（网络盘、容器里收不到文件变动通知时用）",
    ),
    (
        "import",
        "",
        "从表格（.xlsx、.xls、.ods、.csv）导入任务、台账或评议结果；每个问题都指出单元格，有问题时不写入任何内容",
    ),
    ("import", "file", "表格文件"),
    (
        "import",
        "org",
        "没有填“责任单位”的任务属于哪个单位；每一行都要属于它或它的下级",
    ),
    ("import", "sheet", "读取哪一张工作表 [默认：第一张]"),
    (
        "import",
        "round",
        "评议结果导入到哪一次评议（content/evaluations/ 里的 id）",
    ),
    ("import", "root", "网站文件夹（含有 content/ 的那个文件夹）"),
    ("import", "dry_run", "只显示将要写入的内容，不写入"),
    ("import", "force", "用表格里的值替换任务文件里已有的值"),
    (
        "template",
        "",
        "生成一个供 `gongshi import` 填写的表格：表头、下拉选项和一行示例",
    ),
    ("template", "file", "要生成的表格文件（.xlsx）"),
    (
        "check",
        "",
        "检查网站内容，列出每个问题所在的文件、行和改法",
    ),
    ("check", "root", "网站文件夹（含有 content/ 的那个文件夹）"),
    ("check", "deny_warnings", "有警告也算失败（退出码 1）"),
    (
        "check",
        "verbose",
        "列出每一条警告（默认同一类超过 20 条只计数）",
    ),
    (
        "deploy",
        "",
        "把生成好的网站上传到网站服务器（site.yaml 的 `deploy:` 里写的文件夹或 S3 兼容存储），只上传有变化的文件",
    ),
    ("deploy", "root", "网站文件夹（含有 content/ 的那个文件夹）"),
    (
        "deploy",
        "output",
        "要上传的网站 [默认：<网站文件夹>/public]",
    ),
    (
        "deploy",
        "target",
        "上传目标的 `name` [默认：site.yaml 里的第一个]",
    ),
    ("deploy", "dry_run", "只显示将要上传和删除的文件，不做改动"),
    (
        "deploy",
        "force",
        "服务器上不在本次生成结果里的文件超过 256 个时也删除",
    ),
];

/// `command` with its descriptions, its subcommands' and their arguments' in Chinese.
pub fn in_chinese(command: Command) -> Command {
    localize(command, true)
}

fn localize(mut command: Command, top: bool) -> Command {
    let name = command.get_name().to_string();
    for (_, arg, zh) in HELP_ZH.iter().filter(|(c, _, _)| *c == name) {
        if arg.is_empty() {
            command = command.about(*zh).long_about(None);
        } else if command.get_arguments().any(|a| a.get_id() == *arg) {
            command = command.mut_arg(*arg, |a| {
                let heading = if a.is_positional() {
                    "参数"
                } else {
                    "选项"
                };
                let defaults: Vec<String> = a
                    .get_default_values()
                    .iter()
                    .map(|v| v.to_string_lossy().into_owned())
                    .collect();
                let help = match defaults.as_slice() {
                    [] => zh.to_string(),
                    values => format!("{zh} [默认：{}]", values.join(", ")),
                };
                a.help(help).help_heading(heading).hide_default_value(true)
            });
        }
    }
    let names: Vec<String> = command
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for sub in names {
        command = command.mut_subcommand(sub, |s| localize(s, false));
    }
    command = command
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .help_template("{about}\n\n用法：{usage}\n\n{all-args}{after-help}")
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示帮助")
                .help_heading("选项"),
        );
    if top {
        command = command.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本")
                .help_heading("选项"),
        );
    }
    command
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_are_swapped_by_command_and_argument() {
        let root = Command::new("gongshi")
            .subcommand(Command::new("build").arg(Arg::new("root").long("root")));
        let localized = in_chinese(root);
        let build = localized.find_subcommand("build").expect("build");
        let root = build.get_arguments().find(|a| a.get_id() == "root");
        assert_eq!(
            root.and_then(|a| a.get_help()).map(|h| h.to_string()),
            Some("网站文件夹（含有 content/ 的那个文件夹）".to_string())
        );
    }
}
