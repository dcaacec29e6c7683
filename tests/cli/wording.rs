//! What `build`, `serve`, `new` and `init` answer when they cannot do what was asked,
//! snapshotted as `check`'s diagnostics are in `check.rs`, so that a change of wording is a
//! reviewed change. The commands run from the temporary folder that holds the site, so
//! most paths print as the editor typed them (`site/…`); the rest are written `[ROOT]` and
//! `[TMP]`.

use crate::serve::Server;
use crate::support::{Run, SiteTest};
use std::path::PathBuf;

const TASK: &str = "content/tasks/xidong/2022-xidong-01.yaml";

/// Runs `args` from the site's temporary folder, checks the exit code and returns the
/// transcript (command, exit code, what it printed).
fn answer(site: &SiteTest, code: i32, args: &[&str]) -> String {
    let run: Run = site.run(args);
    run.assert_code(code);
    run.transcript()
}

/// [`answer`] for each command in turn, the transcripts one after the other.
fn answers(site: &SiteTest, code: i32, commands: &[&[&str]]) -> String {
    commands
        .iter()
        .map(|args| answer(site, code, args))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The temporary folder around the site root, where the commands run.
fn tmp(site: &SiteTest) -> PathBuf {
    site.root()
        .parent()
        .expect("the site root is in a temporary folder")
        .to_path_buf()
}

/// A failed build wrote nothing: no `out` folder beside the site.
fn assert_no_output(site: &SiteTest) {
    assert!(
        !tmp(site).join("out").exists(),
        "a failed build wrote its output folder"
    );
}

#[test]
fn build_refuses_an_output_folder_that_holds_the_site() {
    let site = SiteTest::minimal();
    let text = answers(
        &site,
        1,
        &[
            &["build", "--root", "site", "--output", "site/content/out"],
            &["build", "--root", "site", "--output", "site"],
            &["build", "--root", "site", "--output", "site/content"],
        ],
    );
    assert!(!site.path("content/out").exists());
    insta::assert_snapshot!(text);
}

#[test]
fn build_refuses_to_replace_a_folder_that_is_not_a_built_site() {
    let site = SiteTest::minimal();
    let folder = tmp(&site).join("documents");
    std::fs::create_dir(&folder).expect("create a folder");
    std::fs::write(folder.join("report.docx"), "x").expect("write a file");
    let text = answer(
        &site,
        1,
        &["build", "--root", "site", "--output", "documents"],
    );
    assert!(
        folder.join("report.docx").is_file(),
        "the folder was touched"
    );
    insta::assert_snapshot!(text);
}

#[test]
fn build_cannot_write_where_a_file_stands() {
    let site = SiteTest::minimal();
    std::fs::write(tmp(&site).join("notes.txt"), "x").expect("write a file");
    let text = answers(
        &site,
        1,
        &[
            &["build", "--root", "site", "--output", "notes.txt"],
            &["build", "--root", "site", "--output", "notes.txt/out"],
        ],
    );
    insta::assert_snapshot!(text);
}

#[test]
fn build_refuses_a_static_file_in_place_of_a_generated_page() {
    let site = SiteTest::minimal();
    site.write("content/static/tasks/index.html", "<p>old list</p>");
    let text = answer(&site, 1, &["build", "--root", "site", "--output", "out"]);
    assert_no_output(&site);
    insta::assert_snapshot!(text);
}

#[test]
fn build_with_deny_warnings_fails_on_a_warning() {
    let site = SiteTest::minimal();
    // Half a year after the village task's last ledger entry: a stale ledger, a warning.
    site.replace(
        "content/site.yaml",
        "as_of: 2022-12-25",
        "as_of: 2023-06-30",
    );
    let text = answer(
        &site,
        1,
        &[
            "build",
            "--root",
            "site",
            "--output",
            "out",
            "--deny-warnings",
        ],
    );
    assert_no_output(&site);
    insta::assert_snapshot!(text);
}

#[test]
fn build_of_a_site_with_errors_writes_nothing() {
    let site = SiteTest::minimal();
    site.replace(TASK, "org: xidong", "org: xidon");
    let text = answer(&site, 1, &["build", "--root", "site", "--output", "out"]);
    assert_no_output(&site);
    insta::assert_snapshot!(text);
}

#[test]
fn build_refuses_a_bad_base_url() {
    let site = SiteTest::minimal();
    let text = answers(
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
                "--base-url",
                "https://example.org/公 示?x",
            ],
        ],
    );
    assert_no_output(&site);
    insta::assert_snapshot!(text);
}

#[test]
fn build_without_a_site_says_where_it_looked() {
    let site = SiteTest::empty();
    let text = answers(
        &site,
        1,
        &[
            &["build", "--root", "site", "--output", "out"],
            &["build", "--root", "nowhere", "--output", "out"],
        ],
    );
    assert_no_output(&site);
    insta::assert_snapshot!(text);
}

#[test]
fn build_reports_a_broken_site_template_at_its_line() {
    let site = SiteTest::minimal();
    let template = |body: &str| {
        format!(
            "{{% extends \"base.html\" %}}\n{{% block content %}}\n{body}\n{{% endblock content %}}\n"
        )
    };
    let build: &[&str] = &["build", "--root", "site", "--output", "out"];
    let mut text = Vec::new();
    for body in [
        "<h1>{{ page.row.title }</h1>",
        "{% include \"partials/no_such_partial.html\" %}",
        "<h1>{{ page.row.title | no_such_filter }}</h1>",
    ] {
        site.write("templates/task.html", template(body));
        text.push(answer(&site, 1, build));
    }
    // Two pages use page.html (the free page and the accessibility statement): the one
    // reported is the first in page order, whichever fails first in time.
    site.remove("templates/task.html");
    site.write(
        "templates/page.html",
        template("<h1>{{ page.no_such_field }}</h1>"),
    );
    text.push(answer(&site, 1, build));
    assert_no_output(&site);
    insta::assert_snapshot!(text.join("\n"));
}

#[test]
fn build_reports_what_a_site_theme_lacks_or_breaks() {
    let site = SiteTest::minimal();
    site.replace(
        "content/site.yaml",
        "as_of: 2022-12-25",
        "as_of: 2022-12-25\ntheme: civic",
    );
    let build: &[&str] = &["build", "--root", "site", "--output", "out"];
    // A theme of one template, its base missing.
    site.write(
        "themes/civic/templates/notice.html",
        "{% extends \"base.html\" %}\n{% block content %}<h1>{{ page.title }}</h1>{% endblock content %}\n",
    );
    let mut text = vec![answer(&site, 1, build)];
    // The same template with a syntax error.
    site.write(
        "themes/civic/templates/notice.html",
        "{% extends \"base.html\" %}\n{% block content %}<h1>{{ page.title }</h1>{% endblock content %}\n",
    );
    text.push(answer(&site, 1, build));
    // A theme named in site.yaml but not there.
    site.replace("content/site.yaml", "theme: civic", "theme: civics");
    text.push(answer(&site, 1, build));
    assert_no_output(&site);
    insta::assert_snapshot!(text.join("\n"));
}

#[test]
fn serve_on_a_busy_port_says_which_port_to_try() {
    let site = SiteTest::minimal();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("take a port");
    let port = taken.local_addr().expect("its address").port();
    let text = answer(
        &site,
        1,
        &["serve", "--root", "site", "--port", &port.to_string()],
    );
    let next = port.checked_add(1).unwrap_or(1111);
    let text = text
        .replace(&format!("--port {next}"), "--port [PORT+1]")
        .replace(&port.to_string(), "[PORT]");
    insta::assert_snapshot!(text);
}

#[test]
fn serve_without_a_site_says_what_to_do() {
    let site = SiteTest::empty();
    let text = answers(
        &site,
        1,
        &[
            &["serve", "--root", "nowhere", "--port", "0"],
            &["serve", "--root", "site", "--port", "0"],
        ],
    );
    insta::assert_snapshot!(text);
}

#[test]
fn serve_refuses_an_address_it_cannot_listen_on() {
    let site = SiteTest::minimal();
    let text = answers(
        &site,
        1,
        &[
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
        ],
    );
    insta::assert_snapshot!(text);
}

#[test]
fn serve_starting_on_a_site_with_errors_prints_them_and_keeps_running() {
    let site = SiteTest::minimal();
    site.replace(TASK, "org: xidong", "org: xidon");
    let server = Server::start(&site);
    let stderr = server.stderr();
    let root = std::fs::canonicalize(site.root()).expect("the site root");
    let preview = stderr
        .lines()
        .find_map(|l| l.split(" into ").nth(1)?.split(" (removed").next())
        .expect("the preview folder is printed")
        .to_string();
    // The address line comes from another thread than the build's: its place varies.
    let text = stderr
        .lines()
        .filter(|l| !l.starts_with("serving http://"))
        .collect::<Vec<_>>()
        .join("\n")
        .replace(&preview, "[PREVIEW]")
        .replace(root.to_string_lossy().as_ref(), "[ROOT]");
    insta::assert_snapshot!(text);
}

#[test]
fn new_task_names_the_org_it_does_not_know() {
    let site = SiteTest::minimal();
    let before = site.files();
    let text = answers(
        &site,
        1,
        &[
            &[
                "new",
                "task",
                "--root",
                "site",
                "--org",
                "xidon",
                "--title",
                "道路硬化",
            ],
            &[
                "new",
                "task",
                "--root",
                "site",
                "--org",
                "zzz",
                "--title",
                "道路硬化",
            ],
        ],
    );
    assert_eq!(site.files(), before, "a refused `new task` wrote a file");
    insta::assert_snapshot!(text);
}

#[test]
fn new_task_needs_a_title_and_a_site() {
    let site = SiteTest::minimal();
    let before = site.files();
    let mut text = vec![answer(
        &site,
        1,
        &[
            "new", "task", "--root", "site", "--org", "xidong", "--title", "  ",
        ],
    )];
    assert_eq!(site.files(), before, "a refused `new task` wrote a file");
    let empty = SiteTest::empty();
    text.push(answer(
        &empty,
        1,
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
    ));
    insta::assert_snapshot!(text.join("\n"));
}

#[test]
fn new_with_an_unknown_kind_or_a_missing_argument_shows_the_usage() {
    let site = SiteTest::minimal();
    let text = answers(
        &site,
        2,
        &[
            &["new", "notice", "--root", "site"],
            &["new", "task", "--root", "site", "--org", "xidong"],
        ],
    );
    insta::assert_snapshot!(text);
}

#[test]
fn init_refuses_a_folder_that_holds_a_site() {
    let site = SiteTest::minimal();
    let before = site.files();
    let text = answer(&site, 1, &["init", "site"]);
    assert_eq!(site.files(), before, "init changed an existing site");
    insta::assert_snapshot!(text);
}

#[test]
fn init_cannot_write_where_a_file_stands() {
    let site = SiteTest::empty();
    std::fs::write(tmp(&site).join("notes.txt"), "x").expect("write a file");
    let text = answer(&site, 1, &["init", "notes.txt"]);
    insta::assert_snapshot!(text);
}

#[test]
fn init_refuses_to_overwrite_a_file_of_the_new_site() {
    let site = SiteTest::empty();
    site.write(".gitignore", "*.bak\n");
    let text = answer(&site, 1, &["init", "site"]);
    assert_eq!(
        site.read(".gitignore"),
        "*.bak\n",
        "init overwrote .gitignore"
    );
    insta::assert_snapshot!(text);
}
