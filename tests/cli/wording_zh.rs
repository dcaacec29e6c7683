//! What `build`, `serve`, `new`, `init`, `deploy` and the command line itself answer on a
//! Chinese site (the minimal fixture has no `language:`, so zh-CN) or, before there is a
//! site, on a computer without a locale: the same failures as `wording.rs`, read as a
//! township clerk reads them. Besides the snapshot, every message line must hold Chinese:
//! an English sentence left in a Chinese answer fails here even when the snapshot is
//! accepted carelessly.

use crate::support::SiteTest;
use std::path::PathBuf;

/// Runs `args` in Chinese from the site's temporary folder, checks the exit code, that the
/// answer is in Chinese, and returns the transcript.
fn answer(site: &SiteTest, code: i32, args: &[&str]) -> String {
    let run = site.run_in_locale("", args);
    run.assert_code(code);
    let text = run.transcript();
    assert_in_chinese(&text, &[]);
    text
}

/// [`answer`] for each command in turn, the transcripts one after the other.
fn answers(site: &SiteTest, code: i32, commands: &[&[&str]]) -> String {
    commands
        .iter()
        .map(|args| answer(site, code, args))
        .collect::<Vec<_>>()
        .join("\n")
}

fn tmp(site: &SiteTest) -> PathBuf {
    site.root()
        .parent()
        .expect("the site root is in a temporary folder")
        .to_path_buf()
}

/// Every message of what the command printed holds a Chinese character: the words after
/// `错误: `, `警告: ` or `= 提示: `, and every other line that is a sentence (not the
/// transcript's own lines, not an indented source excerpt or list, not a line quoted from
/// elsewhere, which starts with one of `quoted`). A line in English (`error: …`) has none.
fn assert_in_chinese(transcript: &str, quoted: &[&str]) {
    let has_cjk = |text: &str| text.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let is_sentence = |line: &str| {
        !line.trim().is_empty()
            && !line.starts_with(char::is_whitespace)
            && !line.starts_with("$ gongshi")
            && !line.starts_with("exit code")
            && !line.starts_with("--- std")
            && !line.starts_with(|c: char| c.is_ascii_digit() || c == '|')
    };
    let english: Vec<&str> = transcript
        .lines()
        .filter_map(|line| {
            let message = ["错误: ", "警告: ", "= 提示: "]
                .iter()
                .find_map(|label| line.split_once(label).map(|(_, message)| message));
            match message {
                Some(message) => Some(message),
                None if is_sentence(line) => Some(line),
                None => None,
            }
        })
        .filter(|message| !quoted.iter().any(|q| message.starts_with(q)) && !has_cjk(message))
        .collect();
    assert!(
        english.is_empty(),
        "messages not in Chinese: {english:#?}\n{transcript}"
    );
}

#[test]
fn build_refuses_an_output_folder_in_chinese() {
    let site = SiteTest::minimal();
    std::fs::write(tmp(&site).join("notes.txt"), "x").expect("write a file");
    let folder = tmp(&site).join("documents");
    std::fs::create_dir(&folder).expect("create a folder");
    std::fs::write(folder.join("report.docx"), "x").expect("write a file");
    let text = answers(
        &site,
        1,
        &[
            &["build", "--root", "site", "--output", "site"],
            &["build", "--root", "site", "--output", "site/content/out"],
            &["build", "--root", "site", "--output", "notes.txt"],
            &["build", "--root", "site", "--output", "notes.txt/out"],
            &["build", "--root", "site", "--output", "documents"],
        ],
    );
    assert!(
        folder.join("report.docx").is_file(),
        "the folder was touched"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn build_refusals_of_the_site_itself_in_chinese() {
    let site = SiteTest::minimal();
    let build: &[&str] = &["build", "--root", "site", "--output", "out"];
    let mut text = vec![answers(
        &site,
        1,
        &[
            &[
                "build",
                "--root",
                "site",
                "--output",
                "out",
                "--base-url",
                "example.org/gongshi/",
            ],
            &[
                "build",
                "--root",
                "site",
                "--output",
                "out",
                "--base-url",
                "https://",
            ],
            &[
                "build",
                "--root",
                "site",
                "--output",
                "out",
                "--require-published",
            ],
        ],
    )];
    site.write("content/static/tasks/index.html", "<p>old list</p>");
    text.push(answer(&site, 1, build));
    assert!(!tmp(&site).join("out").exists(), "a refused build wrote");
    insta::assert_snapshot!(text.join("\n"));
}

#[test]
fn build_frames_a_template_error_in_chinese_and_keeps_teras_excerpt() {
    let site = SiteTest::minimal();
    site.write(
        "templates/task.html",
        "{% extends \"base.html\" %}\n{% block content %}\n<h1>{{ page.row.title }</h1>\n{% endblock content %}\n",
    );
    let run = site.run_in_locale("", &["build", "--root", "site", "--output", "out"]);
    run.assert_code(1);
    let text = run.transcript();
    // Tera's own line, which points at the column, is quoted as Tera wrote it.
    assert_in_chinese(&text, &["error: Found"]);
    assert!(text.contains(" --> task.html:3:23"), "{text}");
    insta::assert_snapshot!(text);
}

#[test]
fn a_built_site_is_reported_in_chinese() {
    let site = SiteTest::minimal();
    let run = site.run_in_locale("", &["build", "--root", "site", "--output", "out"]);
    run.assert_code(0);
    let text = run.transcript();
    assert_in_chinese(&text, &[]);
    let line = text
        .lines()
        .find(|l| l.starts_with("已生成 "))
        .unwrap_or_else(|| panic!("no line says what was built:\n{text}"));
    assert!(line.contains("个页面") && line.contains("out"), "{line}");
}

#[test]
fn serve_refusals_in_chinese() {
    let site = SiteTest::minimal();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("take a port");
    let port = taken.local_addr().expect("its address").port();
    let text = answers(
        &site,
        1,
        &[
            &["serve", "--root", "nowhere", "--port", "0"],
            &[
                "serve",
                "--root",
                "site",
                "--bind",
                "my-computer",
                "--port",
                "0",
            ],
            // 192.0.2.0/24 is for documentation: no computer has it.
            &[
                "serve",
                "--root",
                "site",
                "--bind",
                "192.0.2.1",
                "--port",
                "0",
            ],
            &["serve", "--root", "site", "--port", &port.to_string()],
        ],
    );
    let next = port.checked_add(1).unwrap_or(1111);
    let text = text
        .replace(&format!("--port {next}"), "--port [PORT+1]")
        .replace(&port.to_string(), "[PORT]");
    insta::assert_snapshot!(text);
}

#[test]
fn new_and_init_refusals_in_chinese() {
    let site = SiteTest::minimal();
    let before = site.files();
    let mut text = vec![answers(
        &site,
        1,
        &[
            &[
                "new", "task", "--root", "site", "--org", "xidong", "--title", "  ",
            ],
            &["init", "site"],
        ],
    )];
    assert_eq!(site.files(), before, "a refused command wrote a file");
    let empty = SiteTest::empty();
    std::fs::write(tmp(&empty).join("notes.txt"), "x").expect("write a file");
    text.push(answers(
        &empty,
        1,
        &[
            &[
                "new",
                "task",
                "--root",
                "site",
                "--org",
                "xidong",
                "--title",
                "道路硬化",
            ],
            &["init", "notes.txt"],
        ],
    ));
    insta::assert_snapshot!(text.join("\n"));
}

#[test]
fn new_task_says_what_it_created_in_chinese() {
    let site = SiteTest::minimal();
    let text = answer(
        &site,
        0,
        &[
            "new",
            "task",
            "--root",
            "site",
            "--org",
            "xidong",
            "--title",
            "道路硬化",
        ],
    );
    assert!(text.contains("已新建 site/content/tasks/xidong/"), "{text}");
}

#[test]
fn command_line_mistakes_in_chinese_keep_exit_code_2_and_the_usage_line() {
    let site = SiteTest::minimal();
    let text = answers(
        &site,
        2,
        &[
            &["buld", "--root", "site"],
            &["build", "--root", "site", "--ouput", "out"],
            &["new", "task", "--root", "site", "--org", "xidong"],
            &["new", "notice"],
            &["serve", "--root", "site", "--port", "abc"],
            &["serve", "--root", "site", "--port"],
            &["check", "--root", "site", "--root", "site"],
        ],
    );
    assert!(text.contains("用法：gongshi new task --org"), "{text}");
    insta::assert_snapshot!(text);
}

/// A clerk's computer often has no Chinese locale: a mistyped command line that names a
/// Chinese site (`--root DIR` or `--root=DIR`) is answered in the site's language, as the
/// command would have been, with clap's "did you mean" kept.
#[test]
fn command_line_mistakes_on_a_chinese_site_are_in_chinese_on_an_english_computer() {
    let site = SiteTest::minimal();
    for args in [["buld", "--root", "site"], ["buld", "--root=site", "-v"]] {
        let run = site.run_in_locale("C.UTF-8", &args);
        run.assert_code(2);
        let text = run.transcript();
        assert_in_chinese(&text, &[]);
        assert!(text.contains("没有 'buld' 这个命令"), "{text}");
        assert!(text.contains("是不是要写 'build'"), "{text}");
    }
    // Without a site to go by, the computer's language decides.
    let run = site.run_in_locale("C.UTF-8", &["buld"]);
    run.assert_code(2);
    assert!(
        run.stderr.contains("unrecognized subcommand 'buld'"),
        "{}",
        run.stderr
    );
}

#[test]
fn deploy_refusals_and_plan_in_chinese() {
    let site = SiteTest::minimal();
    let mut text = vec![answer(&site, 1, &["deploy", "--root", "site"])];
    site.replace(
        "content/site.yaml",
        "as_of: 2022-12-25",
        "as_of: 2022-12-25\ndeploy:\n  - name: www\n    kind: folder\n    path: ../www",
    );
    text.push(answer(&site, 1, &["deploy", "--root", "site"]));
    text.push(answer(
        &site,
        1,
        &["deploy", "--root", "site", "--target", "ww"],
    ));
    site.replace("content/site.yaml", "publisher:", "publisherr:");
    text.push(answer(&site, 1, &["deploy", "--root", "site"]));
    site.replace("content/site.yaml", "publisherr:", "publisher:");
    site.run(&["build", "--root", "site"]).assert_code(0);
    let dry = site.run_in_locale("", &["deploy", "--root", "site", "--dry-run"]);
    dry.assert_code(0);
    assert_in_chinese(&dry.transcript(), &[]);
    assert!(
        dry.stdout.contains("  上传  index.html ("),
        "{}",
        dry.stdout
    );
    assert!(
        dry.stdout.contains("只是预演（--dry-run）：什么都没有改"),
        "{}",
        dry.stdout
    );
    let done = site.run_in_locale("", &["deploy", "--root", "site"]);
    done.assert_code(0);
    assert_in_chinese(&done.transcript(), &[]);
    assert!(done.stdout.contains("完成：上传 "), "{}", done.stdout);
    // A target folder that is the build itself would be emptied: refused, in Chinese.
    site.replace("content/site.yaml", "path: ../www", "path: public");
    let overlap = site.run_in_locale("", &["deploy", "--root", "site"]);
    overlap.assert_code(1);
    assert_in_chinese(&overlap.transcript(), &[]);
    assert!(overlap.stderr.contains("重叠了"), "{}", overlap.stderr);
    insta::assert_snapshot!(text.join("\n"));
}

/// `serve` on a Chinese site: what it prints while it starts, builds and rebuilds after a
/// save, until it is stopped.
#[test]
fn serve_speaks_chinese_in_the_terminal() {
    let site = SiteTest::minimal();
    let tmp = tmp(&site);
    let preview = tmp.join("tmp");
    std::fs::create_dir_all(&preview).expect("create TMPDIR");
    let log = tmp.join("serve-stderr");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gongshi"))
        .args(["serve", "--root", "site", "--port", "0"])
        .current_dir(&tmp)
        .env("TMPDIR", &preview)
        .env("NO_COLOR", "1")
        .env("GONGSHI_LANG", "")
        .env("LC_ALL", "")
        .env("LC_MESSAGES", "")
        .env("LANG", "")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::fs::File::create(&log).expect("create the log"))
        .spawn()
        .expect("start gongshi serve");
    // Waits for a rebuild line that says `why` (another rebuild may come between, such as
    // one for files written just before serve started).
    let rebuilt = |why: &str| {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
        loop {
            let text = std::fs::read_to_string(&log).unwrap_or_default();
            if text
                .lines()
                .any(|l| l.starts_with("已重新生成") && l.contains(why))
            {
                return text;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "no rebuild for {why} from gongshi serve:\n{text}"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    };
    let first = rebuilt("：第一次生成；");
    site.replace(
        "content/tasks/xidong/2022-xidong-01.yaml",
        "首批示范点开工。",
        "首批示范点开工，进展顺利。",
    );
    let text = rebuilt("：content/tasks/xidong/2022-xidong-01.yaml 有改动；");
    let _ = child.kill();
    let _ = child.wait();
    assert!(first.contains("正在把 "), "{first}");
    assert!(first.contains("预览地址 http://127.0.0.1:"), "{first}");
    assert_in_chinese(&text, &[]);
}
