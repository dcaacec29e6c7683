//! The words of the commands themselves: what `build`, `serve`, `init`, `new`, `deploy` and
//! the command line print about what they did or could not do.

/// (key, zh-CN, en)
pub(super) const WORDS: &[(&str, &str, &str)] = &[
    // What the computer says when a file cannot be read or written (`{detail}` is its own
    // English sentence).
    ("io_not_found", "找不到这个文件或文件夹", "{detail}"),
    (
        "io_permission_denied",
        "没有权限（请换一个自己有权限的文件夹，或者请管理员开通权限）",
        "{detail}",
    ),
    ("io_already_exists", "已经有同名的文件或文件夹", "{detail}"),
    (
        "io_not_a_directory",
        "路径中有一段是文件，不是文件夹",
        "{detail}",
    ),
    ("io_is_a_directory", "这是一个文件夹，不是文件", "{detail}"),
    ("io_storage_full", "磁盘已满：请先清理出空间", "{detail}"),
    ("io_read_only", "这个磁盘只能读、不能写", "{detail}"),
    ("io_directory_not_empty", "文件夹不是空的", "{detail}"),
    ("io_invalid_data", "文件内容无法识别", "{detail}"),
    // The output folder.
    (
        "output_cannot_write",
        "无法写入 {path}：{reason}",
        "cannot write {path}: {reason}",
    ),
    (
        "output_cannot_read",
        "无法读取 {path}：{reason}",
        "cannot read {path}: {reason}",
    ),
    (
        "output_escapes",
        "拒绝写入 `{path}`：生成的文件只能放在输出文件夹里面",
        "refusing to write `{path}`: output paths must stay inside the output folder",
    ),
    (
        "output_no_earlier_render",
        "无法保留 {path}：这个输出文件夹里没有上一次生成的网站",
        "cannot keep {path}: this output holds no earlier render",
    ),
    (
        "output_not_rendered_before",
        "无法保留 {path}：上一次生成时没有写这个文件",
        "cannot keep {path}: it was not written by an earlier render",
    ),
    (
        "output_not_in_last_build",
        "无法保留 {path}：上一次生成时没有写这个文件",
        "cannot keep {path}: the last build did not write it",
    ),
    (
        "output_written_after_build",
        "无法{action} {path}：预览在每次生成之后才写这个文件（是不是有一个 content/static/{path}？有的话请改名）",
        "cannot {action} {path}: serve writes it after each build (is there a content/static/{path}?)",
    ),
    ("output_action_keep", "保留", "keep"),
    ("output_action_write", "写入", "write"),
    (
        "output_written_by_build",
        "生成之后不能再写 {path}：这个文件由生成过程自己写",
        "cannot write {path} after the build: it is written by the build itself",
    ),
    (
        "output_holds_site_files",
        "不能把 {path} 当作输出文件夹：里面有网站自己的文件，每次生成都会被替换掉。请用 --output 指定一个新的文件夹，例如 public",
        "refusing to use {path} as the output folder: it holds the site's own files (it would be replaced on every build)",
    ),
    (
        "output_inside_site",
        "不能把 {path} 当作输出文件夹：它在网站的 content 或 themes 文件夹里面。请用 --output 指定 content 和 themes 以外的文件夹，例如 public",
        "refusing to use {path} as the output folder: it is inside the site's content or themes",
    ),
    (
        "output_is_a_file",
        "{path} 是一个文件，不是文件夹：请用 --output 指定一个文件夹",
        "{path} is a file, not a folder",
    ),
    (
        "output_not_a_built_site",
        "不会替换 {path}：这个文件夹不是空的，也不像是生成的网站（没有 index.html），以免删掉里面的文件。请用 --output 指定一个空的或新的文件夹",
        "refusing to replace {path}: it is not empty and does not look like a built site (no index.html); pass an empty or new folder with --output",
    ),
    ("output_interrupted", "已中断", "interrupted"),
    (
        "serve_open_data_late",
        "开放数据文件等了 {seconds} 秒还没有更新好：这次先提供更新前的 {path}",
        "the open-data files were not ready after {seconds} s: serving {path} as it is",
    ),
    (
        "build_interrupted",
        "已中断：生成被停止了；输出文件夹里仍是上一次完整生成的网站",
        "interrupted: the build was stopped; the output folder holds the last complete build",
    ),
    // Templates and themes: Tera's own message, which points at the line, follows.
    (
        "render_template_failed",
        "生成页面 {path} 时模板 {template} 出错（模板在 templates/ 或 themes/ 文件夹里；改正下面指出的那一行，或者删掉这个模板，改用自带的模板）：\n{message}",
        "rendering {path} with template {template}:\n{message}",
    ),
    (
        "render_search_failed",
        "生成搜索索引时出错：{message}",
        "building the search index: {message}",
    ),
    (
        "render_static_collision",
        "content/static/{path} 会覆盖网站自动生成的页面：请给这个文件改名，或者移到别的文件夹",
        "content/static/{path} would overwrite a page that gongshi generates; rename or move it",
    ),
    (
        "theme_cannot_read",
        "无法读取 {path}：{reason}",
        "cannot read {path}: {reason}",
    ),
    (
        "theme_not_text",
        "模板 {name} 不是 UTF-8 文本：请用记事本或 WPS 另存为 UTF-8 编码",
        "template {name} is not UTF-8 text",
    ),
    (
        "theme_missing",
        "找不到主题 `{name}`：没有文件夹 {path}",
        "theme `{name}` not found: there is no folder {path}",
    ),
    (
        "theme_template_error",
        "模板有错误（模板在 templates/ 或 themes/ 文件夹里；改正下面指出的那一行，或者删掉这个模板，改用自带的模板）：\n{message}",
        "in the templates: {message}",
    ),
    // What `build` says.
    (
        "build_bad_base_url",
        "--base-url 写的 `{url}` 不是有效的网址：{reason}",
        "invalid --base-url `{url}`: {reason}",
    ),
    (
        "build_base_url_scheme",
        "网址要以 http:// 或 https:// 开头，例如 https://www.xxx.gov.cn/gongshi/",
        "it must start with http:// or https://",
    ),
    (
        "build_base_url_host",
        "网址缺少域名，例如 https://www.xxx.gov.cn/gongshi/",
        "it has no host name",
    ),
    (
        "build_base_url_characters",
        "网址里不能有空格、引号、`?` 或 `#`",
        "it must not contain spaces, quotes, `?` or `#`",
    ),
    (
        "build_nothing_published",
        "--require-published：还没有存档过任何一次发布；请先运行 `gongshi publish`",
        "--require-published: nothing has been published yet; run `gongshi publish` first",
    ),
    (
        "build_unpublished",
        "--require-published：内容和存档 {file} 不一致，不同之处在：{what}。请运行 `gongshi publish` 把这些改动存档，然后再生成",
        "--require-published: the content differs from publication {file} in: {what}; run `gongshi publish` to put these changes on record, then build again",
    ),
    (
        "build_unpublished_task",
        "任务 `{id}` {title}",
        "task `{id}` {title}",
    ),
    ("build_unpublished_task_id", "任务 `{id}`", "task `{id}`"),
    (
        "build_unpublished_round",
        "评议 `{id}`",
        "evaluation round `{id}`",
    ),
    ("build_unpublished_notice", "公告 `{id}`", "notice `{id}`"),
    (
        "build_unpublished_as_of",
        "数据截至日期",
        "the data-as-of date",
    ),
    ("build_list_more", "{first}、{rest}", "{first}, {rest}"),
    (
        "build_progress_rendering",
        "正在生成页面",
        "rendering pages",
    ),
    (
        "build_progress_finishing",
        "页面已生成，正在完成搜索索引和数据文件",
        "pages done; finishing the search index and data files",
    ),
    // What `new task` and `init` say.
    (
        "new_no_site",
        "无法读取 {root} 的网站内容：请运行 `gongshi check --root {root}` 查看原因",
        "cannot read the site at {root}: run `gongshi check --root {root}` to see why",
    ),
    (
        "new_empty_title",
        "任务名称不能是空的：在 --title 后面写上任务名称，例如 --title 农房改造",
        "the title must not be empty",
    ),
    (
        "new_exists",
        "{path} 已经存在，什么都没有写：请换一个新的文件夹，或者先把它移走",
        "{path} already exists",
    ),
    (
        "new_cannot_write",
        "无法写入 {path}：{reason}",
        "cannot write {path}: {reason}",
    ),
    // What `serve` says in the terminal.
    (
        "serve_no_content",
        "{path} 不存在：请在网站文件夹（包含 content/ 的那个文件夹）里运行 gongshi serve，或者加 --root 网站文件夹；新建网站用 `gongshi init 文件夹`",
        "no content folder at {path}: run gongshi serve in a site root (the folder holding content/), pass --root DIR, or create a site with `gongshi init DIR`",
    ),
    (
        "serve_bad_bind",
        "--bind 写的 `{bind}` 不是 IP 地址：只在本机预览写 127.0.0.1，让局域网里的电脑也能打开写 0.0.0.0",
        "--bind `{bind}` is not an IP address: use e.g. 127.0.0.1 (this computer only), ::1, or 0.0.0.0 (every network)",
    ),
    (
        "serve_port_in_use",
        "{ip} 的端口 {port} 已经被占用（是不是另一个 gongshi serve 还开着？）：关掉它，或者换一个端口，例如 --port {next}",
        "port {port} on {ip} is already in use (is another gongshi serve running?): pass another port, e.g. --port {next}",
    ),
    (
        "serve_bind_low_port",
        "无法在 {addr} 上监听：{reason}（1024 以下的端口要管理员权限，请换一个端口，例如 --port 1111）",
        "cannot listen on {addr}: {reason} (ports below 1024 need administrator rights: use e.g. --port 1111)",
    ),
    (
        "serve_bind_no_such_address",
        "无法在 {addr} 上监听：这台电脑没有这个地址。请写 --bind 127.0.0.1（只在本机预览）或 --bind 0.0.0.0",
        "cannot listen on {addr}: {reason} (this computer has no such address: use 127.0.0.1 or 0.0.0.0)",
    ),
    (
        "serve_cannot_listen",
        "无法在 {addr} 上监听：{reason}",
        "cannot listen on {addr}: {reason}",
    ),
    (
        "serve_preview_folder",
        "无法在 {dir} 里建立预览用的临时文件夹：{reason}",
        "cannot create the preview folder in {dir}: {reason}",
    ),
    (
        "serve_preview_inside_site",
        "预览用的临时文件夹 {path} 在网站自己的文件夹里面（TMPDIR 是不是设在了网站里？）",
        "the preview folder {path} is inside the site's own folders (is TMPDIR set inside the site?)",
    ),
    (
        "serve_cannot_start",
        "无法启动预览：{reason}",
        "cannot start the server: {reason}",
    ),
    (
        "serve_cannot_watch",
        "无法监视 {path} 里的改动：{reason}。请加 --poll 再试",
        "cannot watch {path} for changes: {reason}",
    ),
    (
        "serve_cannot_watch_limit",
        "无法监视 {path} 里的改动：已达到系统能监视的文件夹数量上限。请加 --poll 再试",
        "cannot watch {path} for changes: {reason} (the system's limit of watched folders is reached: raise fs.inotify.max_user_watches, or run with --poll)",
    ),
    (
        "serve_watch_warning",
        "监视改动时出错：{error}；如果保存后页面没有更新，请加 --poll 重新运行",
        "while watching for changes: {error}",
    ),
    (
        "serve_search_failed",
        "搜索索引没有生成：{error}",
        "building the search index: {error}",
    ),
    (
        "serve_open_data_thread",
        "无法为开放数据文件另开线程（{error}）：改为每次刷新前生成",
        "cannot start a thread for the open-data files ({error}): they are made before each reload",
    ),
    (
        "serve_open_data_stopped",
        "生成开放数据文件的线程停止了：这些文件保持原样",
        "the thread that makes the open-data files stopped: serving them as they are",
    ),
    (
        "serve_data_written",
        "数据文件已更新（{changed} 个有变化，共 {files} 个）",
        "data files written {ms} ms after the rebuild began: {changed} of {files} changed (made in {made_ms} ms, written in {write_ms} ms)",
    ),
    (
        "serve_data_not_written",
        "开放数据文件没有写成（{error}）：继续使用原来的",
        "the open-data files could not be written ({error}): serving what is there",
    ),
    (
        "serve_search_updated",
        "搜索索引已更新（{ms} 毫秒）",
        "search index updated: {written} files written, {removed} removed ({ms} ms)",
    ),
    (
        "serve_rebuilt",
        "已重新生成（{ms} 毫秒）：{cause}；{rendered} 个页面有变化，共 {pages} 个页面",
        "rebuilt in {ms} ms — {cause} — {rendered} of {pages} pages rendered ({built} built), {written} files written, {removed} removed (load and check {check_ms} ms, render {render_ms} ms, write {write_ms} ms; {reread} files re-read{relisted})",
    ),
    ("serve_cause_first_build", "第一次生成", "first build"),
    (
        "serve_cause_search_index",
        "搜索索引已就绪",
        "search index ready",
    ),
    ("serve_cause_saved", "{first} 有改动", "{first} changed"),
    (
        "serve_cause_saved_and_one",
        "{first} 等 2 个文件有改动",
        "{first} and 1 more file changed",
    ),
    (
        "serve_cause_saved_and_more",
        "{first} 等多个文件有改动（另有 {n} 个）",
        "{first} and {n} more files changed",
    ),
    (
        "serve_cause_theme",
        "模板有改动：{saved}",
        "theme changed: {saved}",
    ),
    (
        "serve_cause_missed_events",
        "可能有没察觉到的改动",
        "the watcher may have missed events",
    ),
    (
        "serve_cause_unknown",
        "文件可能有改动",
        "files may have changed",
    ),
    (
        "serve_failed_last_good",
        "继续显示上一次成功生成的版本；错误显示在浏览器里",
        "still serving the last good build; the error is shown in the browser",
    ),
    (
        "serve_cannot_remove",
        "无法删除预览用的临时文件夹 {output}：{reason}；可以手动删除",
        "could not remove the preview folder {output}: {reason}",
    ),
    (
        "serve_no_browser",
        "无法自动打开浏览器：请自己在浏览器里打开 {url}",
        "could not open a browser ({program}{reason}): open {url} yourself",
    ),
    // What `deploy` says.
    (
        "deploy_no_targets",
        "content/site.yaml 里没有 `deploy:`（发布到哪里）：请加上一个，例如\n  deploy:\n    - name: www\n      kind: folder\n      path: /var/www/gongshi\n（见 README 的“Deploying”一节）",
        "content/site.yaml has no `deploy:` targets; add one, e.g.\n  deploy:\n    - name: www\n      kind: folder\n      path: /var/www/gongshi\n(see the README's \"Deploying\" section)",
    ),
    (
        "deploy_unknown_target",
        "content/site.yaml 里没有名为 `{name}` 的发布目标（可以写：{known}）",
        "there is no deploy target named `{name}` in content/site.yaml (the targets are {known})",
    ),
    (
        "deploy_target_failed",
        "发布目标 `{target}`：{message}",
        "deploy target `{target}`: {message}",
    ),
    (
        "deploy_too_many_deletes",
        "发布目标 `{target}`：上面有 {count} 个文件不在这次生成的网站里，会被删除，超过了 {limit} 个的上限，什么都没有改。请检查 content/site.yaml 里的 `path`/`prefix` 是否写对，用 --dry-run 看看要删的是哪些；确实要删，再加 --force 运行",
        "deploy target `{target}`: {count} files on the target are not in the build and would be deleted, more than {limit}; check `path`/`prefix` in content/site.yaml, look at the list with --dry-run, and run again with --force if they really are to go",
    ),
    (
        "deploy_incomplete",
        "发布目标 `{target}`：{total} 处改动中有 {failed} 处没有成功（见上面的错误），网站只更新了一部分：请再运行一次 `gongshi deploy` 补上",
        "deploy target `{target}`: {failed} of {total} changes did not arrive (see the errors above); the target is partly updated: run `gongshi deploy` again to retry them",
    ),
    (
        "deploy_not_built",
        "{path} 里没有生成好的网站：请先运行 `gongshi build`（或者用 --output 指定网站所在的文件夹）",
        "there is no built site in {path}: run `gongshi build` first (or name the folder with --output)",
    ),
    (
        "deploy_cannot_read",
        "无法读取 {path}：{reason}",
        "cannot read {path}: {reason}",
    ),
    (
        "deploy_site_yaml_has_errors",
        "content/site.yaml 有错误，什么都没有发布：请按上面的提示改正",
        "content/site.yaml has errors; nothing was deployed",
    ),
    (
        "deploy_up_to_date",
        "`{name}`（{host}）已经和 {output} 一致：{unchanged} 个文件没有变化，不需要上传",
        "`{name}` ({host}) is up to date with {output}: {unchanged} files unchanged, nothing to upload",
    ),
    (
        "deploy_plan",
        "正在把 {output} 发布到 `{name}`（{host}）：上传 {uploads} 个（{size}），删除 {deletes} 个，{unchanged} 个不变",
        "deploying {output} to `{name}` ({host}): {uploads} to upload ({size}), {deletes} to delete, {unchanged} unchanged",
    ),
    ("deploy_folder", "文件夹 {dir}", "folder {dir}"),
    (
        "deploy_folder_overlaps_build",
        "文件夹 {dir} 和生成的网站 {output} 重叠了：请发布到一个单独的文件夹（例如 /var/www/gongshi），改 content/site.yaml 里的 `path`",
        "the folder {dir} overlaps the built site {output}; deploy to a folder of its own (e.g. /var/www/gongshi)",
    ),
    (
        "deploy_folder_holds_site",
        "文件夹 {dir} 里有网站自己的文件，发布时会被删掉：请发布到一个单独的文件夹（例如 /var/www/gongshi），改 content/site.yaml 里的 `path`",
        "the folder {dir} holds the site's own files, which deploying would delete; deploy to a folder of its own (e.g. /var/www/gongshi)",
    ),
    (
        "deploy_folder_is_a_file",
        "{dir} 是一个文件，不是文件夹：请把 content/site.yaml 里的 `path` 改成一个文件夹",
        "{dir} is a file, not a folder; set `path` to a folder",
    ),
    (
        "deploy_cannot_create_folder",
        "无法建立文件夹 {path}：{reason}",
        "cannot create the folder {path}: {reason}",
    ),
    (
        "deploy_cannot_copy",
        "无法把 {from} 复制到 {to}：{reason}",
        "cannot copy {from} to {to}: {reason}",
    ),
    (
        "deploy_cannot_put_in_place",
        "无法放好 {path}：{reason}",
        "cannot put {path} in place: {reason}",
    ),
    (
        "deploy_cannot_remove",
        "无法删除 {path}：{reason}",
        "cannot remove {path}: {reason}",
    ),
    (
        "deploy_s3_bucket",
        "{endpoint} 上的存储桶 `{bucket}`",
        "bucket `{bucket}` at {endpoint}",
    ),
    (
        "deploy_s3_bucket_folder",
        "{endpoint} 上的存储桶 `{bucket}`（文件夹 {prefix}/）",
        "bucket `{bucket}` (folder {prefix}/) at {endpoint}",
    ),
    (
        "deploy_s3_cannot_connect",
        "无法连接到 {endpoint}：{reason}；请检查 content/site.yaml 里的 `endpoint`",
        "cannot set up the connection to {endpoint}: {reason}",
    ),
    (
        "deploy_s3_no_client",
        "无法启动网络连接：{reason}",
        "cannot start the network client: {reason}",
    ),
    (
        "deploy_s3_cannot_list",
        "无法读取 {what} 里的文件列表（{reason}）：请检查 content/site.yaml 里的 `endpoint`、`bucket` 和 `region`，检查网络，以及 AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY 是否正确",
        "cannot list the {what}: {reason}; check `endpoint`, `bucket` and `region` in content/site.yaml, the network, and AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY",
    ),
    (
        "deploy_s3_upload_failed",
        "上传失败：{reason}",
        "upload failed: {reason}",
    ),
    (
        "deploy_s3_delete_failed",
        "删除失败：{reason}",
        "delete failed: {reason}",
    ),
    (
        "deploy_s3_no_credential",
        "没有设置 {name}：请在环境变量里给出存储的访问密钥（export AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=…），不要写在 site.yaml 里",
        "{name} is not set: give the storage's access key in the environment (export AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=…), never in site.yaml",
    ),
    ("deploy_verb_upload", "上传", "upload"),
    ("deploy_verb_delete", "删除", "delete"),
    (
        "deploy_dry_run",
        "只是预演（--dry-run）：什么都没有改",
        "dry run: nothing was changed",
    ),
    (
        "deploy_done",
        "完成：上传 {uploaded} 个，删除 {deleted} 个；`{target}` 现在和生成的网站一致",
        "done: {uploaded} uploaded, {deleted} deleted; `{target}` now matches the build",
    ),
    // What the command line prints.
    ("cli_created", "已新建 {path}", "created {path}"),
    (
        "cli_built",
        "已生成 {pages} 个页面（共 {files} 个文件），放在 {output}（{ms} 毫秒）",
        "built {pages} pages ({files} files) into {output} in {ms} ms",
    ),
    // A mistyped command line.
    (
        "cli_unknown_argument",
        "不认识的参数 '{arg}'",
        "unexpected argument '{arg}' found",
    ),
    (
        "cli_unknown_command",
        "没有 '{command}' 这个命令",
        "unrecognized subcommand '{command}'",
    ),
    (
        "cli_missing_argument",
        "缺少必须写的参数：{args}",
        "the following required arguments were not provided:{args}",
    ),
    (
        "cli_missing_command",
        "'{command}' 后面要写一个命令，可以写：{valid}",
        "'{command}' requires a subcommand but one was not provided: {valid}",
    ),
    (
        "cli_value_missing",
        "'{arg}' 后面要写一个值",
        "a value is required for '{arg}' but none was supplied",
    ),
    (
        "cli_invalid_value",
        "'{arg}' 的值 '{value}' 不对",
        "invalid value '{value}' for '{arg}'",
    ),
    (
        "cli_possible_values",
        "{wrong}，可以写：{valid}",
        "{wrong}; possible values: {valid}",
    ),
    (
        "cli_not_a_number",
        "{wrong}：这里要写一个数字（0 到 65535 之间的整数）",
        "{wrong}: a whole number is expected",
    ),
    (
        "cli_conflict",
        "参数 '{arg}' 不能和 '{prior}' 一起用",
        "the argument '{arg}' cannot be used with '{prior}'",
    ),
    (
        "cli_given_twice",
        "参数 '{arg}' 只能写一次",
        "the argument '{arg}' cannot be used multiple times",
    ),
    (
        "cli_too_many_values",
        "'{arg}' 只能写一个值，多出了 '{value}'（值里有空格时请加引号）",
        "unexpected value '{value}' for '{arg}' found; no more were expected",
    ),
    (
        "cli_invalid_utf8",
        "命令行里有无法识别的字符（不是 UTF-8 编码）",
        "invalid UTF-8 was detected in one or more arguments",
    ),
    (
        "cli_did_you_mean_command",
        "是不是要写 '{suggested}'？",
        "tip: a similar subcommand exists: '{suggested}'",
    ),
    (
        "cli_did_you_mean_argument",
        "是不是要写 '{suggested}'？",
        "tip: a similar argument exists: '{suggested}'",
    ),
    (
        "cli_did_you_mean_value",
        "是不是要写 '{suggested}'？",
        "tip: a similar value exists: '{suggested}'",
    ),
    ("cli_usage", "用法：{usage}", "Usage: {usage}"),
    (
        "cli_more_help",
        "在命令后面加 --help 可以看到每个参数的说明",
        "For more information, try '--help'.",
    ),
];
