//! A built site on disk and its pages parsed by a real HTML parser (scraper), for the tests
//! of `gongshi build`: `site.build()` runs the command and returns the output folder,
//! `out.page("tasks/2022-xidong-01/")` parses one page.
//!
//! Pages are read the way a person reads them, by their labels and links (`<dt>` → `<dd>`,
//! links to task pages), not by the theme's class names, so that restyling the theme does
//! not break a test that is about content.

use crate::support::{Run, SiteTest};
use scraper::{ElementRef, Html, Selector};
use std::collections::BTreeSet;
use std::fs;
use std::marker::PhantomData;
use std::path::{Path, PathBuf};

impl SiteTest {
    /// `gongshi build --root <site> <extra…>`.
    pub fn build_with(&self, extra: &[&str]) -> Run {
        let root = self.root().to_string_lossy().into_owned();
        let mut args = vec!["build", "--root", root.as_str()];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    /// Builds into the default output folder (`<root>/public`), which must succeed.
    pub fn build(&self) -> Output<'_> {
        self.build_with(&[]).assert_code(0);
        self.output()
    }

    /// The default output folder, built or not. It borrows the site, so that the temporary
    /// folder cannot be removed while the output is read.
    pub fn output(&self) -> Output<'_> {
        Output {
            dir: self.path("public"),
            site: PhantomData,
        }
    }
}

/// The repository's own sample site (`content/` at the repository root), built with `args`
/// into a fresh temporary folder: for whole-site checks such as links and HTML validity.
pub fn build_sample(args: &[&str]) -> (tempfile::TempDir, Output<'static>) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let temp = tempfile::Builder::new()
        .prefix("gongshi-sample-")
        .tempdir()
        .expect("create a temporary folder");
    let out = temp.path().join("public");
    let root = repo.to_string_lossy().into_owned();
    let output = out.to_string_lossy().into_owned();
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_gongshi"));
    command
        .args(["build", "--root", &root, "--output", &output])
        .args(args)
        .env("NO_COLOR", "1")
        .env("GONGSHI_LANG", "en");
    let result = command
        .output()
        .expect("run gongshi build on the sample site");
    assert!(
        result.status.success(),
        "building the sample site failed ({:?})\n--- stderr\n{}",
        result.status,
        String::from_utf8_lossy(&result.stderr)
    );
    (temp, Output::at(out))
}

/// A built site's output folder, valid while the site it was built from lives.
pub struct Output<'site> {
    dir: PathBuf,
    site: PhantomData<&'site SiteTest>,
}

impl Output<'static> {
    /// Any folder, owned by the caller.
    pub fn at(dir: PathBuf) -> Output<'static> {
        Output {
            dir,
            site: PhantomData,
        }
    }
}

impl Output<'_> {
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file of a page path: `tasks/x/` is `tasks/x/index.html`, `` is `index.html`.
    pub fn file_of(page: &str) -> String {
        if page.is_empty() || page.ends_with('/') {
            format!("{page}index.html")
        } else {
            page.to_string()
        }
    }

    pub fn exists(&self, relative: &str) -> bool {
        self.dir.join(relative).is_file()
    }

    pub fn bytes(&self, relative: &str) -> Vec<u8> {
        let path = self.dir.join(relative);
        fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }

    pub fn read(&self, relative: &str) -> String {
        String::from_utf8(self.bytes(relative))
            .unwrap_or_else(|e| panic!("{relative} is not UTF-8: {e}"))
    }

    /// One page, parsed: `tasks/x/` or `404.html`.
    pub fn page(&self, page: &str) -> Page {
        let file = Output::file_of(page);
        Page::parse(&file, &self.read(&file))
    }

    /// Every file, relative and `/`-separated, sorted.
    pub fn files(&self) -> Vec<String> {
        let mut files = Vec::new();
        collect_files(&self.dir, &self.dir, &mut files);
        files.sort();
        files
    }

    /// Every `.html` file, relative, sorted.
    pub fn html_files(&self) -> Vec<String> {
        self.files()
            .into_iter()
            .filter(|f| f.ends_with(".html"))
            .collect()
    }
}

fn collect_files(root: &Path, dir: &Path, out: &mut Vec<String>) {
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display()));
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_files(root, &path, out);
        } else if let Ok(relative) = path.strip_prefix(root) {
            out.push(relative.to_string_lossy().replace('\\', "/"));
        }
    }
}

pub fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css:?}: {e}"))
}

/// An element's text with runs of white space collapsed to one space.
pub fn text_of(element: ElementRef) -> String {
    squash(&element.text().collect::<String>())
}

pub fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One parsed HTML page.
pub struct Page {
    pub file: String,
    pub html: Html,
}

impl Page {
    pub fn parse(file: &str, source: &str) -> Page {
        Page {
            file: file.to_string(),
            html: Html::parse_document(source),
        }
    }

    pub fn all(&self, css: &str) -> Vec<ElementRef<'_>> {
        self.html.select(&selector(css)).collect()
    }

    /// The first element matching `css`; a missing one fails the test.
    pub fn one(&self, css: &str) -> ElementRef<'_> {
        self.html
            .select(&selector(css))
            .next()
            .unwrap_or_else(|| panic!("{}: no element matches {css:?}", self.file))
    }

    /// The text of `<main>`, white space collapsed.
    pub fn main_text(&self) -> String {
        text_of(self.one("main"))
    }

    pub fn title(&self) -> String {
        text_of(self.one("head > title"))
    }

    pub fn lang(&self) -> String {
        self.one("html")
            .attr("lang")
            .unwrap_or_default()
            .to_string()
    }

    /// The `<h1>`'s text.
    pub fn heading(&self) -> String {
        text_of(self.one("h1"))
    }

    /// The values (`<dd>` texts) labelled `label` (`<dt>` text) in `<main>`, in page order.
    pub fn values(&self, label: &str) -> Vec<String> {
        self.one("main")
            .select(&selector("dt"))
            .filter(|dt| text_of(*dt) == label)
            .filter_map(|dt| dt.next_siblings().find_map(ElementRef::wrap))
            .filter(|dd| dd.value().name() == "dd")
            .map(text_of)
            .collect()
    }

    /// The first value labelled `label`; a missing one fails the test with the labels found.
    pub fn value(&self, label: &str) -> String {
        self.values(label).into_iter().next().unwrap_or_else(|| {
            let labels: Vec<String> = self.all("main dt").into_iter().map(text_of).collect();
            panic!(
                "{}: no value labelled {label:?}; labels are {labels:?}",
                self.file
            )
        })
    }

    /// The ids of the tasks whose pages `<main>` links to (`…/tasks/<id>/`), in page order
    /// without repeats.
    pub fn linked_tasks(&self) -> Vec<String> {
        let mut seen = BTreeSet::new();
        self.one("main")
            .select(&selector("a[href]"))
            .filter_map(|a| task_id_of(&self.resolve(a.attr("href").unwrap_or_default())))
            .filter(|id| seen.insert(id.clone()))
            .collect()
    }

    /// A link of this page as an address from the host's root: a link relative to the
    /// page (`../x/index.html`, as pages are written) is joined to the page's folder and
    /// loses its `index.html`, so tests read `/tasks/x/`; other links are returned as they are.
    pub fn resolve(&self, href: &str) -> String {
        if href.starts_with('/') || href.starts_with('#') || href.contains(':') {
            return href.to_string();
        }
        let mut parts: Vec<&str> = self.file.split('/').collect();
        parts.pop();
        for segment in href.split('/') {
            match segment {
                ".." => {
                    parts.pop();
                }
                "." => {}
                s => parts.push(s),
            }
        }
        let joined = format!("/{}", parts.join("/"));
        let (path, rest) = joined.split_at(joined.find(['?', '#']).unwrap_or(joined.len()));
        match path.strip_suffix("index.html") {
            Some(folder) => format!("{folder}{rest}"),
            None => joined.clone(),
        }
    }

    /// The part of the page under the heading (`<h2>`/`<h3>`) that reads `heading`: the
    /// heading's parent, usually a `<section>`.
    pub fn section(&self, heading: &str) -> ElementRef<'_> {
        self.html
            .select(&selector("main h2, main h3"))
            .find(|h| text_of(*h) == heading)
            .and_then(|h| h.parent())
            .and_then(ElementRef::wrap)
            .unwrap_or_else(|| {
                let headings = self.texts("h2, h3");
                panic!(
                    "{}: no heading {heading:?}; headings are {headings:?}",
                    self.file
                )
            })
    }

    /// The text of the innermost table row or list item in `<main>` that mentions `text`.
    pub fn row(&self, text: &str) -> String {
        let rows = selector("tr, li");
        let mentions = |e: &ElementRef| text_of(*e).contains(text);
        self.one("main")
            .select(&rows)
            .filter(mentions)
            .find(|e| !e.select(&rows).any(|inner| mentions(&inner)))
            .map(text_of)
            .unwrap_or_else(|| panic!("{}: no row mentions {text:?}", self.file))
    }

    /// The texts of the elements matching `css` inside `<main>`.
    pub fn texts(&self, css: &str) -> Vec<String> {
        self.one("main")
            .select(&selector(css))
            .map(text_of)
            .collect()
    }
}

/// `…/tasks/<id>/` → `<id>` (not the facet pages `tasks/stage/…` and `tasks/status/…`).
fn task_id_of(href: &str) -> Option<String> {
    let (_, rest) = href.rsplit_once("/tasks/")?;
    let id = rest.strip_suffix('/')?;
    (!id.is_empty() && !id.contains('/')).then(|| id.to_string())
}
