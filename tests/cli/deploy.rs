//! `gongshi deploy` against real hosts: a folder, and a real S3-compatible server (moto's,
//! from PyPI, installed by `scripts/test.sh` in `tests/tools/.venv`) started on loopback by
//! the test. The stored objects are read back over HTTP, so the content types, cache headers
//! and hashes are what a bucket really holds, not what gongshi meant to send.

use crate::support::{SiteTest, free_loopback_port};
use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const KEY_ID: &str = "testing-key-id";
const SECRET: &str = "testing-secret-never-printed";
const AUTHORIZATION: &str = "AWS4-HMAC-SHA256 Credential=testing-key-id/20220101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0";

/// One run of `gongshi deploy` with the credentials in its environment.
struct Deployed {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Deployed {
    fn context(&self) -> String {
        format!(
            "exit code {}\n--- stdout\n{}\n--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }

    fn assert_ok(&self) -> &Self {
        assert_eq!(self.code, 0, "deploy failed\n{}", self.context());
        self
    }

    /// The paths a `--dry-run` lists as `upload` (or `delete`).
    fn listed(&self, action: &str) -> BTreeSet<String> {
        self.stdout
            .lines()
            .filter_map(|l| l.trim_start().strip_prefix(action))
            .map(|rest| rest.trim().split(" (").next().unwrap_or("").to_string())
            .collect()
    }
}

fn deploy(site: &SiteTest, extra: &[&str]) -> Deployed {
    deploy_with_env(site, extra, &[])
}

fn deploy_with_env(site: &SiteTest, extra: &[&str], env: &[(&str, &str)]) -> Deployed {
    let root = site.root().to_string_lossy().into_owned();
    let output = Command::new(env!("CARGO_BIN_EXE_gongshi"))
        .args(["deploy", "--root", &root])
        .args(extra)
        .envs(env.iter().copied())
        .env("GONGSHI_LANG", "en")
        .env("AWS_ACCESS_KEY_ID", KEY_ID)
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .env_remove("AWS_SESSION_TOKEN")
        .stdin(Stdio::null())
        .output()
        .expect("run gongshi deploy");
    let deployed = Deployed {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    };
    assert!(
        !deployed.stderr.contains("panicked") && !deployed.stdout.contains(SECRET),
        "deploy panicked or printed the secret\n{}",
        deployed.context()
    );
    assert!(!deployed.stderr.contains(SECRET), "the secret was printed");
    deployed
}

fn add_targets(site: &SiteTest, targets: &str) {
    let mut text = site.read("content/site.yaml");
    if !text.ends_with('\n') {
        text.push('\n');
    }
    site.write("content/site.yaml", format!("{text}deploy:\n{targets}"));
}

/// Every file under `dir`, relative, with its bytes.
fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut files = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("read folder").flatten() {
            let path = entry.path();
            if entry.file_type().expect("file type").is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).expect("inside").to_string_lossy();
                files.insert(
                    relative.replace('\\', "/"),
                    std::fs::read(&path).expect("read"),
                );
            }
        }
    }
    files
}

fn changed_files(
    before: &std::collections::BTreeMap<String, Vec<u8>>,
    after: &std::collections::BTreeMap<String, Vec<u8>>,
) -> BTreeSet<String> {
    after
        .iter()
        .filter(|(path, bytes)| before.get(*path) != Some(*bytes))
        .map(|(path, _)| path.clone())
        .collect()
}

#[test]
fn folder_deploy_copies_once_then_only_what_changed_and_removes_what_is_gone() {
    let site = SiteTest::minimal();
    let www = site.root().parent().expect("a parent").join("www");
    add_targets(
        &site,
        &format!(
            "  - name: www\n    kind: folder\n    path: {}\n",
            www.display()
        ),
    );
    site.build();
    let first = deploy(&site, &[]);
    first.assert_ok();
    assert_eq!(tree(&www), tree(&site.path("public")), "the copy differs");

    let second = deploy(&site, &[]);
    second.assert_ok();
    assert!(
        second.stdout.contains("is up to date") && second.stdout.contains("nothing to upload"),
        "the second deploy was not a no-op\n{}",
        second.context()
    );

    // One changed ledger: only the files whose bytes changed are copied, each by a rename
    // (a new inode), and a page the build no longer has is removed with its empty folder.
    let before = tree(&site.path("public"));
    let inode =
        |path: &PathBuf| std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(path).unwrap());
    let home = www.join("index.html");
    let home_inode = inode(&home);
    let task = "content/tasks/xidong/2022-xidong-01.yaml";
    let text = site.read(task);
    let ledger_text = text
        .lines()
        .find_map(|l| l.trim().strip_prefix("text: "))
        .expect("the fixture's task has a ledger entry with text")
        .to_string();
    site.replace(task, &ledger_text, "完成选址并开工，新增进度");
    site.remove("content/notices/2022-12-22-publicity.md");
    std::fs::write(www.join(".stale.html.gongshi-deploy-tmp"), "half").unwrap();
    site.build();
    let expected = changed_files(&before, &tree(&site.path("public")));
    let dry = deploy(&site, &["--dry-run"]);
    dry.assert_ok();
    assert_eq!(dry.listed("upload"), expected, "{}", dry.context());
    assert!(dry.stdout.contains("dry run: nothing was changed"));
    assert!(
        dry.listed("delete")
            .iter()
            .any(|p| p.starts_with("notices/2022-12-22")),
        "{}",
        dry.context()
    );
    deploy(&site, &[]).assert_ok();
    assert_eq!(tree(&www), tree(&site.path("public")), "the copy differs");
    assert!(!www.join("notices/2022-12-22-publicity").exists());
    if expected.contains("index.html") {
        assert_ne!(
            inode(&home),
            home_inode,
            "index.html was rewritten in place"
        );
    }
    let third = deploy(&site, &[]);
    assert!(
        third.assert_ok().stdout.contains("nothing to upload"),
        "the third deploy was not a no-op\n{}",
        third.context()
    );
}

/// The whole path a publisher takes to an nginx host: build for the host's address, deploy
/// to the folder nginx serves (README's server block, under a sub-path), and the public
/// reads every page with no broken link, `verify` over HTTP finds the copy intact, the same
/// deploy again sends nothing, and an edited ledger reaches the readers while nginx runs.
#[test]
fn a_folder_deploy_served_by_nginx_is_whole_verified_and_a_second_deploy_is_a_no_op() {
    use crate::host::{Nginx, PREFIX, broken_links, crawl, get};
    let site = SiteTest::minimal();
    let www = site.root().parent().expect("a parent").join("www");
    add_targets(
        &site,
        &format!(
            "  - name: www\n    kind: folder\n    path: {}\n",
            www.display()
        ),
    );
    let port = free_loopback_port();
    let base_url = format!("http://127.0.0.1:{port}{PREFIX}");
    site.build_with(&["--base-url", &base_url]).assert_code(0);
    deploy(&site, &[]).assert_ok();
    let nginx = Nginx::start(&www, port);

    let pages = site.output().html_files().len();
    let crawled = crawl(&nginx.base_url(), false);
    assert_eq!(
        crawled.errors,
        0,
        "broken links on the deployed copy:\n{}",
        broken_links(&crawled.report)
    );
    assert!(crawled.urls >= pages, "{}", crawled.report);
    site.run(&["verify", &nginx.base_url()]).assert_code(0);

    let again = deploy(&site, &[]);
    assert!(
        again.assert_ok().stdout.contains("nothing to upload"),
        "the second deploy was not a no-op\n{}",
        again.context()
    );

    let task = "content/tasks/xidong/2022-xidong-01.yaml";
    let ledger_text = site
        .read(task)
        .lines()
        .find_map(|l| l.trim().strip_prefix("text: "))
        .expect("the fixture's task has a ledger entry with text")
        .to_string();
    site.replace(task, &ledger_text, "示范点主体完工，进入验收");
    site.build_with(&["--base-url", &base_url]).assert_code(0);
    deploy(&site, &[]).assert_ok();
    let (status, _, body) = get(port, &format!("{PREFIX}tasks/2022-xidong-01/"), "");
    assert_eq!(status, 200);
    assert!(
        String::from_utf8_lossy(&body).contains("示范点主体完工，进入验收"),
        "nginx does not serve the edited ledger"
    );
    site.run(&["verify", &nginx.base_url()]).assert_code(0);
}

#[test]
fn a_folder_target_holding_the_site_is_refused_and_nothing_is_deleted() {
    let site = SiteTest::minimal();
    add_targets(&site, "  - name: oops\n    kind: folder\n    path: .\n");
    site.build();
    let files = site.files();
    let run = deploy(&site, &[]);
    assert_eq!(run.code, 1, "{}", run.context());
    assert!(
        run.stderr.contains("deploy target `oops`")
            && run.stderr.contains("deploy to a folder of its own"),
        "{}",
        run.context()
    );
    assert_eq!(site.files(), files);
}

#[test]
fn deploy_without_targets_or_a_build_says_what_to_do() {
    let site = SiteTest::minimal();
    let run = deploy(&site, &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("no `deploy:` targets"),
        "{}",
        run.context()
    );
    add_targets(&site, "  - name: www\n    kind: folder\n    path: ../www\n");
    let run = deploy(&site, &["--target", "ww"]);
    assert!(
        run.stderr.contains("no deploy target named `ww`"),
        "{}",
        run.context()
    );
    let run = deploy(&site, &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("run `gongshi build` first"),
        "{}",
        run.context()
    );
}

#[test]
fn a_deploy_target_with_a_mistake_is_reported_in_site_yaml() {
    let site = SiteTest::minimal();
    add_targets(&site, "  - name: oss\n    kind: s4\n    bucket: b\n");
    site.check()
        .assert_code(1)
        .assert_stderr_contains("unknown deploy kind `s4`");
}

#[test]
fn a_secret_written_in_site_yaml_is_refused_and_never_printed() {
    let site = SiteTest::minimal();
    add_targets(
        &site,
        &format!(
            "  - name: oss\n    kind: s3\n    bucket: b\n    access_key_id: {KEY_ID}\n    secret_access_key: {SECRET}\n"
        ),
    );
    let run = site.check();
    run.assert_code(1)
        .assert_stderr_contains("an access key does not belong in site.yaml")
        .assert_stderr_contains("export AWS_ACCESS_KEY_ID=");
    for printed in [&run.stdout, &run.stderr] {
        assert!(
            !printed.contains(SECRET) && !printed.contains(KEY_ID),
            "the report prints the key\n--- stdout\n{}\n--- stderr\n{}",
            run.stdout,
            run.stderr
        );
    }
}

/// moto's S3 server on a free loopback port, stopped when dropped.
struct Moto {
    child: Child,
    port: u16,
}

impl Moto {
    fn start() -> Moto {
        let program =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/.venv/bin/moto_server");
        assert!(
            program.is_file(),
            "moto's S3 server is not installed ({} is missing): run the tests with \
             `scripts/test.sh`, which installs it from tests/tools/requirements.txt",
            program.display()
        );
        let port = free_loopback_port();
        let child = Command::new(program)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start moto_server");
        let moto = Moto { child, port };
        let started = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "moto_server did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        moto
    }

    fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// One plain HTTP request; the status line and headers, lower-cased names, and the body.
    /// moto checks no signature, but serves private objects only to a request that has one.
    fn request(
        &self,
        method: &str,
        path: &str,
        body: &str,
    ) -> (String, Vec<(String, String)>, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).expect("connect to moto");
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nAuthorization: {AUTHORIZATION}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            self.port,
            body.len()
        )
        .expect("send");
        let mut response = Vec::new();
        stream.read_to_end(&mut response).expect("read");
        let response = String::from_utf8_lossy(&response).into_owned();
        let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
        let mut lines = head.lines();
        let status = lines.next().unwrap_or("").to_string();
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
            .collect();
        (status, headers, body.to_string())
    }

    fn header(&self, key: &str, name: &str) -> String {
        let (status, headers, _) = self.request("HEAD", &format!("/site-bucket/{key}"), "");
        assert!(status.contains(" 200 "), "HEAD {key}: {status}");
        headers
            .into_iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v)
            .unwrap_or_else(|| panic!("{key} has no {name}"))
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn s3_deploy_uploads_once_then_only_changed_bytes_with_types_cache_headers_and_a_delete_guard() {
    let moto = Moto::start();
    let (status, _, _) = moto.request("PUT", "/site-bucket", "");
    assert!(status.contains(" 200 "), "create the bucket: {status}");
    let site = SiteTest::minimal();
    add_targets(
        &site,
        &format!(
            "  - name: oss\n    kind: s3\n    endpoint: {}\n    bucket: site-bucket\n    prefix: gongshi/\n    region: cn-hangzhou\n    path_style: true\n",
            moto.endpoint()
        ),
    );
    site.build();
    let built = tree(&site.path("public"));

    let first = deploy(&site, &[]);
    first.assert_ok();
    assert!(
        first.stdout.contains(&format!("{} to upload", built.len())),
        "the first deploy did not upload every file\n{}",
        first.context()
    );
    let home = "gongshi/index.html";
    assert_eq!(
        moto.header(home, "content-type"),
        "text/html; charset=utf-8"
    );
    assert_eq!(
        moto.header(home, "cache-control"),
        "public, max-age=300, must-revalidate"
    );
    assert_eq!(
        moto.header("gongshi/assets/style.css", "content-type"),
        "text/css; charset=utf-8"
    );
    assert_eq!(
        moto.header("gongshi/atom.xml", "content-type"),
        "application/atom+xml; charset=utf-8"
    );
    let fragment = built
        .keys()
        .find(|p| p.ends_with(".pf_fragment"))
        .expect("the build has a search fragment");
    assert_eq!(
        moto.header(&format!("gongshi/{fragment}"), "cache-control"),
        "public, max-age=31536000, immutable"
    );
    let stored_hash = moto.header(home, "x-amz-meta-gongshi-sha256");
    assert_eq!(
        stored_hash.len(),
        64,
        "the content hash is stored with the object"
    );
    let (_, _, body) = moto.request("GET", &format!("/site-bucket/{home}"), "");
    assert_eq!(body.as_bytes(), built["index.html"].as_slice());

    let second = deploy(&site, &[]);
    second.assert_ok();
    assert!(
        second.stdout.contains("nothing to upload"),
        "the second deploy uploaded something\n{}",
        second.context()
    );

    // One ledger edited: the upload list is exactly the files whose bytes changed.
    let task = "content/tasks/xidong/2022-xidong-01.yaml";
    let ledger_text = site
        .read(task)
        .lines()
        .find_map(|l| l.trim().strip_prefix("text: "))
        .expect("a ledger entry with text")
        .to_string();
    site.replace(task, &ledger_text, "完成选址并开工，新增进度");
    site.build();
    let expected = changed_files(&built, &tree(&site.path("public")));
    assert!(!expected.is_empty() && expected.len() < built.len() / 2);
    let dry = deploy(&site, &["--dry-run"]);
    dry.assert_ok();
    assert_eq!(dry.listed("upload"), expected, "{}", dry.context());
    deploy(&site, &[]).assert_ok();
    assert!(
        deploy(&site, &[])
            .assert_ok()
            .stdout
            .contains("nothing to upload")
    );

    // 300 stray objects under the prefix: refused without --force, deleted with it.
    for i in 0..300 {
        let (status, _, _) =
            moto.request("PUT", &format!("/site-bucket/gongshi/old/{i}.html"), "x");
        assert!(status.contains(" 200 "), "{status}");
    }
    let guarded = deploy(&site, &[]);
    assert_eq!(guarded.code, 1, "{}", guarded.context());
    assert!(
        guarded
            .stderr
            .contains("300 files on the target are not in the build")
    );
    assert!(
        moto.request("HEAD", "/site-bucket/gongshi/old/7.html", "")
            .0
            .contains(" 200 "),
        "an object was deleted despite the refusal"
    );
    deploy(&site, &["--force"]).assert_ok();
    assert!(
        moto.request("HEAD", "/site-bucket/gongshi/old/7.html", "")
            .0
            .contains(" 404 ")
    );
    let last = deploy(&site, &[]);
    last.assert_ok();
    assert!(
        last.stdout.contains("nothing to upload"),
        "{}",
        last.context()
    );
}

#[test]
fn an_unreachable_endpoint_is_a_clear_error_and_a_failure() {
    let site = SiteTest::minimal();
    let port = free_loopback_port();
    add_targets(
        &site,
        &format!(
            "  - name: oss\n    kind: s3\n    endpoint: http://127.0.0.1:{port}\n    bucket: gov-site\n    path_style: true\n"
        ),
    );
    site.build();
    let run = deploy(&site, &[]);
    assert_eq!(run.code, 1, "{}", run.context());
    assert!(
        run.stderr
            .contains("deploy target `oss`: cannot list the bucket `gov-site`")
            && run.stderr.contains(&format!("127.0.0.1:{port}")),
        "{}",
        run.context()
    );
}

/// Aliyun OSS and Tencent COS take only virtual-hosted addresses: the bucket in the host
/// name (`site-bucket.s3.gongshi.test`), never in the path. No such name resolves here, so
/// the requests go to moto through it as an HTTP proxy (`HTTP_PROXY`, which the deploy's
/// client honours as browsers and curl do); moto takes the bucket from the Host header, so
/// a path-style request would have named a bucket `s3` and failed.
#[test]
fn a_virtual_hosted_bucket_is_addressed_by_its_host_name() {
    let moto = Moto::start();
    let (status, _, _) = moto.request("PUT", "/site-bucket", "");
    assert!(status.contains(" 200 "), "create the bucket: {status}");
    let site = SiteTest::minimal();
    add_targets(
        &site,
        &format!(
            "  - name: cos\n    kind: s3\n    endpoint: http://s3.gongshi.test:{}\n    bucket: site-bucket\n    region: ap-beijing\n",
            moto.port
        ),
    );
    site.build();
    let built = tree(&site.path("public"));
    let proxy = moto.endpoint();
    let env = [
        ("HTTP_PROXY", proxy.as_str()),
        ("http_proxy", proxy.as_str()),
        ("NO_PROXY", ""),
        ("no_proxy", ""),
    ];
    let first = deploy_with_env(&site, &[], &env);
    first.assert_ok();
    assert!(
        first.stdout.contains("site-bucket.s3.gongshi.test"),
        "the deploy does not name the bucket's own address\n{}",
        first.context()
    );
    let (status, _, body) = moto.request("GET", "/site-bucket/index.html", "");
    assert!(status.contains(" 200 "), "GET index.html: {status}");
    assert_eq!(body.as_bytes(), built["index.html"].as_slice());
    let (_, _, buckets) = moto.request("GET", "/", "");
    assert!(
        !buckets.contains("<Name>s3</Name>"),
        "a request went path-style: {buckets}"
    );
    let second = deploy_with_env(&site, &[], &env);
    assert!(
        second.assert_ok().stdout.contains("nothing to upload"),
        "{}",
        second.context()
    );
}
