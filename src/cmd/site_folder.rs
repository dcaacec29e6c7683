//! Finding the site folder when a command is run from inside `content/`: a clerk who opened
//! a terminal next to the YAML files is told where to run it instead of "no content folder".

use std::path::{Path, PathBuf};

/// When `root` has no `content/` folder but lies inside a site's `content/` (at any depth),
/// the message that says where to run the command instead.
pub fn inside_content_folder(root: &Path) -> Option<String> {
    if root.join("content").is_dir() {
        return None;
    }
    let absolute = std::fs::canonicalize(root).ok()?;
    let site = absolute
        .ancestors()
        .skip(1)
        .find(|folder| folder.join("content/site.yaml").is_file())?;
    if !absolute.starts_with(site.join("content")) {
        return None;
    }
    let language = crate::diagnostics::message_language(crate::check::site_language(site));
    let english = language == crate::model::Language::En;
    let depth = absolute.components().count() - site.components().count();
    Some(message(root, site, depth, english))
}

fn message(root: &Path, site: &Path, depth: usize, english: bool) -> String {
    let here = root == Path::new(".");
    let up: PathBuf = std::iter::repeat_n("..", depth).collect();
    let site = site.display();
    match (english, here) {
        (true, true) => format!(
            "this folder is inside content/: run this in the site folder, the one that holds content/ ({site}): type `cd {}` first, or add `--root {site}`",
            up.display()
        ),
        (true, false) => format!(
            "{} is inside content/: run this in the site folder, the one that holds content/: use `--root {site}`",
            root.display()
        ),
        (false, true) => format!(
            "当前文件夹在 content/ 里面：请在网站文件夹（包含 content/ 的那个文件夹，{site}）中运行。先输入 `cd {}`，或加上 `--root {site}`",
            up.display()
        ),
        (false, false) => format!(
            "{} 在 content/ 里面：请在网站文件夹（包含 content/ 的那个文件夹）中运行，改用 `--root {site}`",
            root.display()
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inside_content_at_any_depth_names_the_site_folder() {
        let temp = tempfile::tempdir().expect("temporary folder");
        let site = std::fs::canonicalize(temp.path()).expect("canonical");
        std::fs::create_dir_all(site.join("content/tasks/xidong")).expect("folders");
        std::fs::write(site.join("content/site.yaml"), "title: x\nlanguage: en\n").expect("write");
        assert_eq!(inside_content_folder(&site), None, "the site folder itself");
        let inside = inside_content_folder(&site.join("content/tasks/xidong"))
            .expect("inside content/tasks/xidong");
        assert!(inside.contains("run this in the site folder"), "{inside}");
        assert!(
            inside.contains(&format!("--root {}", site.display())),
            "{inside}"
        );
        std::fs::write(site.join("content/site.yaml"), "title: x\n").expect("write");
        let zh = inside_content_folder(&site.join("content")).expect("inside content");
        assert!(zh.contains("请在网站文件夹"), "{zh}");
        assert_eq!(inside_content_folder(&site.join("nowhere")), None);
    }

    #[test]
    fn from_the_folder_itself_it_says_how_far_up_to_go() {
        let text = message(Path::new("."), Path::new("/s"), 2, true);
        assert!(
            text.contains(&format!("cd {}", Path::new("../..").display())),
            "{text}"
        );
    }
}
