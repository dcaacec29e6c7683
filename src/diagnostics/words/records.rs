//! The words of the messages about the site's records beyond the content files: publications
//! and their chain, `verify`, the privacy rules, reading the content folder's files, and the
//! settings in site.yaml. Spreadsheets have their own part, `spreadsheets`.

/// (key, zh-CN, en)
pub(super) const WORDS: &[(&str, &str, &str)] = &[
    // Reading files and folders.
    (
        "files_unreadable",
        "无法读取这个文件：{reason}",
        "cannot read this file: {reason}",
    ),
    (
        "files_unreadable_help",
        "确认文件还在、没有被其他程序（Excel、WPS、杀毒软件）占用，并且当前用户有权限读取它",
        "check that the file is still there, not held open by another program (Excel, WPS, an antivirus), and that your user may read it",
    ),
    (
        "files_folder_unreadable",
        "无法读取这个文件夹：{reason}",
        "cannot read this folder: {reason}",
    ),
    (
        "files_folder_not_file",
        "这里应当是一个文件，却是一个文件夹",
        "this is a folder where a file belongs",
    ),
    (
        "files_folder_not_file_help",
        "把这个文件夹改名或移走，再在这里放上同名的文件",
        "rename or move the folder, and put the file of this name here",
    ),
    (
        "files_too_large",
        "这个文件有 {size} MiB，内容文件最大 {limit} MiB",
        "this file is {size} MiB; content files may be at most {limit} MiB",
    ),
    (
        "files_too_large_help",
        "把很长的台账按年度拆成几个文件，大的文档放到 content/static/ 下",
        "split a long ledger into one file per year, or put large documents under content/static/",
    ),
    (
        "files_utf16",
        "这个文件的编码是 UTF-16，gongshi 只读 UTF-8",
        "this file is saved as UTF-16; gongshi reads UTF-8",
    ),
    (
        "files_save_as_utf8",
        "在编辑器里把文件另存为 UTF-8 编码（记事本/WPS：另存为 → 编码选 UTF-8）",
        "save the file as \"UTF-8\" in your editor (记事本/WPS: 另存为 → 编码 UTF-8)",
    ),
    (
        "files_nul_byte",
        "这个文件里有 NUL 字节：它像是一个二进制文件（图片、Word 文档），不是文本",
        "this file contains a NUL byte: it looks like a binary file, not text",
    ),
    (
        "files_nul_byte_help",
        "照片和文档放到 content/static/ 下；这里只放用记事本等编辑的文本文件",
        "put photos and documents under content/static/; this folder holds text files only",
    ),
    (
        "files_cut_off",
        "这个文件在一个字的中间就结束了：看起来没有复制完整",
        "this file ends in the middle of a character: it looks cut off",
    ),
    (
        "files_cut_off_help",
        "从完整的副本恢复这个文件，或者删掉最后那行残缺的文字",
        "restore the file from a complete copy, or delete the broken last line",
    ),
    (
        "files_not_utf8",
        "这个文件不是 UTF-8 编码（可能保存成了 GBK/GB18030）",
        "this file is not valid UTF-8 (it may be saved as GBK/GB18030)",
    ),
    (
        "files_symlink",
        "这是一个符号链接（快捷方式），已跳过：链接可能指向站点以外的地方",
        "this is a symbolic link (a shortcut): it is skipped, because a link may point outside the site",
    ),
    (
        "files_symlink_help",
        "把文件或文件夹本身复制到这里，替换这个链接",
        "copy the file or folder itself here in place of the link",
    ),
    (
        "files_special",
        "这不是普通文件（命名管道、套接字或设备），已跳过",
        "this is not a regular file (a named pipe, socket or device): it is skipped",
    ),
    (
        "files_special_help",
        "把它移出 content 文件夹；这里只读文本文件",
        "remove it from the content folder; only text files are read",
    ),
    (
        "files_ignored",
        "这个文件不会被读取：content/{folder}/ 里的文件名应当以 .{extension} 结尾",
        "this file is ignored: files in content/{folder}/ must end in .{extension}",
    ),
    (
        "files_ignored_help",
        "给文件改名，或者把附件移到 content/static/ 下",
        "rename the file, or move attachments to content/static/",
    ),
    (
        "files_static_symlink",
        "content/static/ 下的符号链接不会被发布",
        "symbolic links under content/static/ are not published",
    ),
    (
        "files_static_symlink_help",
        "把文件本身复制到 content/static/ 下",
        "copy the file itself into content/static/",
    ),
    (
        "files_duplicate_id",
        "{what}编号 `{id}` 重复了",
        "duplicate {what} id `{id}`",
    ),
    (
        "files_duplicate_id_first",
        "第一次出现在这里",
        "first defined here",
    ),
    (
        "files_duplicate_id_help",
        "每个{what}都要有自己的编号：给其中一个改个编号",
        "each {what} needs its own id: rename one of them",
    ),
    // The settings in site.yaml.
    ("feedback contact", "意见反馈联系方式", "feedback contact"),
    ("registration", "备案信息", "registration"),
    ("deploy target", "发布目标", "deploy target"),
    ("privacy settings", "隐私设置", "privacy settings"),
    (
        "settings_theme_invalid",
        "主题名 `{name}` 不对：它应当是 themes/ 下一个文件夹的名字",
        "invalid theme `{name}`: it must be the name of a folder under themes/",
    ),
    (
        "settings_theme_invalid_help",
        "只写文件夹的名字（例如 `theme: default`），不要写 `/` 或 `..`",
        "write only the folder's name (e.g. `theme: default`), without `/` or `..`",
    ),
    (
        "settings_theme_missing",
        "找不到主题 `{name}`：没有 themes/{name}/ 这个文件夹",
        "theme `{name}` not found: there is no folder themes/{name}/",
    ),
    (
        "settings_theme_missing_help",
        "删掉 `theme:` 这一行就会用自带的主题；或者在站点文件夹里建立 themes/<主题名>/ 文件夹",
        "remove the `theme:` line to use the built-in theme, or create the folder themes/<name>/ in the site folder",
    ),
    (
        "settings_theme_missing_others",
        "themes/ 文件夹里有：{names}；或者删掉 `theme:` 这一行，使用自带的主题",
        "the themes/ folder has: {names}; or remove the `theme:` line to use the built-in theme",
    ),
    (
        "settings_page_size",
        "`page_size` 至少是 1",
        "`page_size` must be at least 1",
    ),
    (
        "settings_page_size_help",
        "写一页列表显示多少个任务，例如 `page_size: {n}`",
        "write how many tasks one list page shows, e.g. `page_size: {n}`",
    ),
    (
        "settings_base_url_invalid",
        "网址 base_url `{url}` 不对：{reason}",
        "invalid base_url `{url}`: {reason}",
    ),
    (
        "settings_base_url_invalid_help",
        "写网站上线后的完整网址，例如 https://example.org/gongshi/",
        "write the full address where the site is hosted, e.g. https://example.org/gongshi/",
    ),
    (
        "settings_base_url_scheme",
        "应当以 http:// 或 https:// 开头",
        "it must start with http:// or https://",
    ),
    ("settings_base_url_host", "缺少域名", "it has no host name"),
    (
        "settings_base_url_characters",
        "不能含有空格、引号、`?` 或 `#`",
        "it must not contain spaces, quotes, `?` or `#`",
    ),
    (
        "settings_deploy_name_twice",
        "有两个发布目标都叫 `{name}`",
        "two deploy targets are named `{name}`",
    ),
    (
        "settings_deploy_name_twice_help",
        "给每个发布目标起不同的 `name`，这样 `gongshi deploy --target 名字` 才能区分它们",
        "give each target its own `name`, so that `gongshi deploy --target NAME` can tell them apart",
    ),
    (
        "settings_deploy_kind",
        "不认识的发布方式 `{kind}`",
        "unknown deploy kind `{kind}`",
    ),
    (
        "settings_deploy_kind_help",
        "写 {list} 之一：`folder` 复制到一个文件夹（例如 nginx 的网站目录），`s3` 上传到对象存储（阿里云 OSS、腾讯云 COS 等）",
        "write one of {list}: `folder` copies to a folder (an nginx root), `s3` uploads to a bucket",
    ),
    (
        "settings_deploy_endpoint",
        "这个发布目标的存储地址 `{endpoint}` 不对",
        "invalid endpoint `{endpoint}` in this deploy target",
    ),
    (
        "settings_deploy_endpoint_help",
        "写上存储服务的地址，以 https:// 开头，例如 https://oss-cn-hangzhou.aliyuncs.com",
        "write the storage's address with https://, e.g. https://oss-cn-hangzhou.aliyuncs.com",
    ),
    (
        "settings_deploy_credential",
        "访问密钥不能写在 site.yaml 里：删掉 `{field}` 这一行",
        "an access key does not belong in site.yaml: delete the `{field}` line",
    ),
    (
        "settings_deploy_credential_help",
        "密钥只从环境变量读取：export AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=…；写进过文件的密钥可能已经泄露，请到存储服务的控制台换一个新的",
        "keys are read from the environment only: export AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=…; a key that was written in a file may have leaked, so make a new one in the storage's console",
    ),
    // Personal numbers.
    (
        "privacy_resident_id",
        "身份证号",
        "resident ID number (身份证号)",
    ),
    ("privacy_mobile", "手机号", "mobile phone number (手机号)"),
    (
        "privacy_bank_card",
        "银行卡号",
        "bank card number (银行卡号)",
    ),
    (
        "privacy_unmasked",
        "这里公开了完整的{kind}：{masked}",
        "an unmasked {kind} is published here: {masked}",
    ),
    (
        "privacy_unmasked_help",
        "个人信息不能完整公开：改写成 {masked} 这样中间打星号的形式，或者删掉；如果是面向群众公开的办公号码，可以在 content/site.yaml 的 `privacy:` 下 `allow:` 里列出这个号码或这个文件",
        "personal information must not be published in full: write it masked ({masked}), or leave it out; an official number meant for the public can be allowed under `privacy: allow:` in content/site.yaml",
    ),
    // Publications and their chain.
    (
        "publish_restore_help",
        "公示记录文件不能修改、改名或删除：从站点的版本记录（git）或备份中恢复它；要更正数字，请修改内容后重新运行 `gongshi publish`，让更正也留下记录",
        "publication files are never edited, renamed or removed: restore it from the site's version history (git) or a backup; to correct a figure, edit the content and run `gongshi publish` again, so the correction is on record",
    ),
    (
        "publish_chain_gap",
        "公示记录缺了一环：{name} 之前少了 {missing}",
        "the chain of publications has a gap: {missing} is missing before {name}",
    ),
    (
        "publish_no_chain_hash",
        "这不是 `gongshi publish` 写的公示记录：里面没有链哈希（chain）",
        "this is not a publication written by `gongshi publish`: it has no chain hash",
    ),
    (
        "publish_edited",
        "这份公示记录在发布后被改动过：内容和它的链哈希 `{hash}` 对不上了",
        "this publication was changed after it was published: its content no longer matches its chain hash `{hash}`",
    ),
    (
        "publish_renamed",
        "文件里写的是第 {number} 次公示，文件名却是 {name}：公示记录文件被改名或调换了顺序",
        "this file says it is publication {number}, but it is named {name}: publication files were renamed or re-ordered",
    ),
    (
        "publish_field_missing",
        "这份公示记录缺少 `{field}`",
        "this publication has no `{field}`",
    ),
    (
        "publish_first_removed",
        "这份公示记录写着前面还有一份，但它已经是第一份了：更早的公示记录文件被删掉了",
        "this publication records a previous one, but it is the first: an earlier publication file was removed",
    ),
    (
        "publish_previous_changed",
        "{previous} 和这里记录的 sha256 对不上（记录的是 `{recorded}`，实际是 `{found}`）：{previous} 被改动、替换或调换了顺序",
        "{previous} no longer matches the sha256 recorded here (`{recorded}` recorded, `{found}` found): {previous} was edited, replaced or re-ordered",
    ),
    (
        "publish_unreadable",
        "无法读取这份公示记录：{reason}",
        "cannot read this publication: {reason}",
    ),
    (
        "publish_folder_unreadable",
        "无法读取公示记录文件夹：{reason}",
        "cannot read the publications folder: {reason}",
    ),
    (
        "publish_stray",
        "这不是公示记录文件（公示记录由 `gongshi publish` 写出，名为 0001.json、0002.json……），已忽略",
        "this is not a publication file (they are named 0001.json, 0002.json, … and written by `gongshi publish`): it is ignored",
    ),
    (
        "publish_stray_help",
        "把它移出 content/publications/ 文件夹",
        "move it out of content/publications/",
    ),
    // `gongshi publish`.
    (
        "publish_refused",
        "站点有错误（见上面），所以没有公示任何内容：改正后再运行 `gongshi publish`",
        "the site has errors (listed above), so nothing was published: correct them and run `gongshi publish` again",
    ),
    (
        "publish_written",
        "已记录 {path}（第 {number} 次公示，链头 {head}）；重新生成并上传网站后，公众就能看到",
        "published {path} (publication {number}, chain head {head}); build and deploy the site to show it",
    ),
    (
        "publish_unchanged",
        "自第 {number} 次公示以来内容没有变化：没有写入新的记录",
        "nothing changed since publication {number}: nothing was written",
    ),
    (
        "publish_cannot_read",
        "无法读取 {path}：{reason}",
        "cannot read {path}: {reason}",
    ),
    (
        "publish_cannot_write",
        "无法写入 {path}：{reason}；没有写入新的公示记录",
        "cannot write {path}: {reason}; no publication was written",
    ),
    (
        "publish_taken",
        "{name} 刚刚被同时运行的另一个 `gongshi publish` 写出，这一次什么也没写：如果你的修改不在其中，请再运行一次 `gongshi publish`",
        "{name} was just written by another `gongshi publish` running at the same time, so this one wrote nothing: run `gongshi publish` again if your changes are not in it",
    ),
    // `gongshi verify`.
    (
        "verify_bad_address",
        "`{arg}` 不是能访问的网址；请写网站的地址，例如 https://example.org/gongshi/",
        "`{arg}` is not a web address gongshi can fetch; give the site's address, e.g. https://example.org/gongshi/",
    ),
    (
        "verify_bad_scheme",
        "`{arg}`：只能核验 http:// 或 https:// 网址，或者一个文件夹",
        "`{arg}`: only http:// and https:// addresses, or a folder, can be verified",
    ),
    (
        "verify_no_folder",
        "没有 {path} 这个文件夹：请写网站被复制到的文件夹，或者网站的网址",
        "there is no folder {path}: give the folder the site was copied to, or its web address",
    ),
    (
        "verify_unreadable",
        "无法读取：{reason}",
        "cannot be read: {reason}",
    ),
    (
        "verify_url_unreadable",
        "无法访问：{url} 没有读完（{reason}）",
        "unreachable: {url} could not be read: {reason}",
    ),
    (
        "verify_url_status",
        "无法访问：{url} 返回了 HTTP {code}",
        "unreachable: {url} answered HTTP {code}",
    ),
    (
        "verify_url_timeout",
        "无法访问：{url} 在 {seconds} 秒内没有响应",
        "unreachable: {url} did not arrive within {seconds} seconds",
    ),
    (
        "verify_url_unreachable",
        "无法访问：{url}（{reason}）",
        "unreachable: {url} ({reason})",
    ),
    (
        "verify_connection_refused",
        "服务器拒绝连接：这个地址上没有网站在运行，请检查网址和端口",
        "the server refused the connection: no web site is running at that address; check the address and port",
    ),
    (
        "verify_host_not_found",
        "找不到这个网址的服务器：请检查网址是否写对，这台电脑能否上网",
        "no server of that name was found: check the address, and that this computer is online",
    ),
    (
        "verify_connection_failed",
        "连接不上服务器：请检查网址，以及这台电脑能否上网",
        "could not connect to the server: check the address, and that this computer is online",
    ),
    (
        "verify_manifest_unreadable",
        "被改动：这不是 `gongshi build` 生成的清单（{reason}）",
        "altered: it is not a manifest written by `gongshi build` ({reason})",
    ),
    (
        "verify_manifest_missing",
        "缺失：这份副本没有清单文件；请用 `gongshi build` 生成网站，并完整复制整个输出文件夹",
        "missing: this copy has no manifest; build the site with `gongshi build` and copy all of it",
    ),
    (
        "verify_outside",
        "清单列出了站点以外的路径，没有去核对它",
        "the manifest lists a path outside the site; it was not looked at",
    ),
    (
        "verify_altered",
        "被改动：现在是 {size} 字节、sha256 {hash}，清单记录的是 {listed_size} 字节、sha256 {listed_hash}",
        "altered: {size} bytes with sha256 {hash}, the manifest lists {listed_size} bytes with sha256 {listed_hash}",
    ),
    ("verify_missing", "缺失", "missing"),
    (
        "verify_extra",
        "多出来的：清单里没有它（不是生成的网站的一部分）",
        "extra: not in the manifest (not part of the built site)",
    ),
    ("verify_none", "无", "none"),
    (
        "verify_head_mismatch",
        "链头对不上：清单写的是第 {number} 次公示、链头 {head}，网站里的公示记录到第 {found_number} 次、链头 {found_head} 为止",
        "the chain head does not match: the manifest names publication {number} with head {head}, the publications in the site end at {found_number} with head {found_head}",
    ),
    (
        "verify_head",
        "第 {number} 次公示，链头 {head}",
        "publication {number}, chain head {head}",
    ),
    (
        "verify_no_publication",
        "尚无公示记录",
        "no publication yet",
    ),
    (
        "verify_clean",
        "已核验 {copy}：全部 {n} 个文件都与清单一致（{head}）",
        "verified {copy}: all {n} files match the manifest ({head})",
    ),
    (
        "verify_not_checked",
        "{copy}：没有取得清单文件 manifest.json，什么也没有核对，还不知道这份副本是否完好",
        "{copy}: its manifest.json could not be read, so nothing was checked: whether the copy is intact is not known",
    ),
    (
        "verify_differences",
        "{copy}：有 {n} 处与清单不同（{head}）；这份副本不是生成时的网站",
        "{copy}: {n} difference(s) from the manifest ({head}); the copy is not the site as built",
    ),
];
