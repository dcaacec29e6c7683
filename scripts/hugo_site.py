"""Turns a site made by scripts/gen-site.py into the equivalent Hugo site, for the build
benchmark (scripts/bench.py): one Markdown page per task with the same fields and body (the
plan, then the ledger), a task layout with the targets table and the milestones, a list of all
tasks, one list per organisation (a taxonomy whose term pages carry the organisation's name),
and taxonomies for categories, stages and statuses. The layouts are plain and written into
the Hugo site, so the benchmark needs no theme.

    python3 scripts/hugo_site.py GONGSHI_SITE HUGO_SITE

No YAML library is needed: the ledgers are read with a small reader that understands only
what gen-site.py writes (top-level keys, `key: value` under one level of nesting, block
scalars, and lists of flow mappings whose strings are JSON-quoted). It is a benchmark aid,
not a converter of hand-written sites.
"""

import json
import os
import re
import shutil
import sys

TAXONOMIES = {"org": "orgs", "category": "categories", "stage": "stages", "status": "statuses"}

# A `key: value` pair inside a flow mapping as gen-site.py writes them: values are
# JSON strings, numbers or dates.
FLOW_PAIR = re.compile(r'(\w+): ("(?:[^"\\]|\\.)*"|[^,}]+)')


def scalar(text):
    """A plain or JSON-quoted YAML scalar as gen-site.py writes it, as a Python value."""
    text = text.strip()
    if text.startswith('"'):
        return json.loads(text)
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    return text


def flow_map(text):
    """`{name: "x", target: 3}` as a dict."""
    return {key: scalar(value) for key, value in FLOW_PAIR.findall(text)}


def read_task(text):
    """One task ledger written by gen-site.py, as a dict of its fields."""
    task = {"targets": [], "milestones": [], "ledger": []}
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line.strip() or line.startswith("#") or line.startswith(" "):
            continue
        key, _, value = line.partition(":")
        value = value.strip()
        if value == "|":
            block = []
            while i < len(lines) and (lines[i].startswith("  ") or not lines[i].strip()):
                block.append(lines[i][2:])
                i += 1
            task[key] = "\n".join(block).rstrip("\n") + "\n"
        elif value.startswith("{"):
            task[key] = flow_map(value)
        elif value:
            task[key] = scalar(value)
        elif key in ("targets", "milestones"):
            while i < len(lines) and lines[i].startswith("  - {"):
                task[key].append(flow_map(lines[i][4:]))
                i += 1
        elif key == "ledger":
            while i < len(lines) and lines[i].startswith("  "):
                item = lines[i]
                if item.startswith("  - "):
                    task["ledger"].append({})
                field, _, field_value = item[4:].partition(":")
                field_value = field_value.strip()
                if field == "attachments":
                    field_value = [a.strip() for a in field_value.strip("[]").split(",")]
                else:
                    field_value = scalar(field_value)
                task["ledger"][-1][field] = field_value
                i += 1
        else:  # a nested map one level deep (origin, discussion, decision)
            nested = {}
            while i < len(lines) and lines[i].startswith("  "):
                field, _, field_value = lines[i].strip().partition(":")
                field_value = field_value.strip()
                nested[field] = flow_map(field_value) if field_value.startswith("{") else scalar(field_value)
                i += 1
            task[key] = nested
    return task


def read_orgs(text):
    """orgs.yaml as written by gen-site.py: a list of dicts."""
    orgs = []
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped.startswith("- id:"):
            orgs.append({"id": scalar(stripped[5:])})
        elif orgs and line.startswith("    ") and ":" in stripped:
            key, _, value = stripped.partition(":")
            orgs[-1][key] = scalar(value)
    return orgs


KIND_NAMES = {"progress": "进展", "inspection": "督查", "notification": "通报", "interview": "约谈"}


def task_page(task):
    """The Hugo page of one task: JSON front matter, then the plan and the ledger."""
    front = {
        "title": task.get("title", task["id"]),
        "slug": task["id"],
        "date": str(task.get("start", "")),
        "leader": task.get("leader", {}),
        "year": task.get("year"),
        "start": str(task.get("start", "")),
        "deadline": str(task.get("deadline", "")),
        "origin": task.get("origin", {}),
        "discussion": task.get("discussion", {}),
        "decision": task.get("decision", {}),
        "budget": task.get("budget", {}),
        "targets": task["targets"],
        "milestones": task["milestones"],
    }
    for field, taxonomy in TAXONOMIES.items():
        front[taxonomy] = [task.get(field, "")]
    body = [task.get("plan", ""), "## 工作台账", ""]
    for entry in reversed(task["ledger"]):
        kind = KIND_NAMES.get(entry.get("kind", "progress"), "进展")
        line = f"- **{entry.get('date', '')}** （{kind}）{entry.get('text', '')}"
        for attachment in entry.get("attachments", []):
            line += f" [附件](/{attachment})"
        body.append(line)
    return json.dumps(front, ensure_ascii=False, indent=1) + "\n\n" + "\n".join(body) + "\n"


LAYOUT_BASEOF = """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{{ .Title }} - {{ site.Title }}</title></head>
<body><nav><a href="{{ "/" | relURL }}">首页</a> <a href="{{ "/tasks/" | relURL }}">全部任务</a></nav>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ site.Params.publisher }}</footer></body></html>
"""

LAYOUT_SINGLE = """{{ define "main" }}<article data-pagefind-body>
<h1>{{ .Title }}</h1>
<dl>
<dt>责任单位</dt><dd>{{ range .GetTerms "orgs" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</dd>
<dt>责任领导</dt><dd>{{ .Params.leader.name }}（{{ .Params.leader.role }}）</dd>
<dt>类别</dt><dd>{{ range .GetTerms "categories" }}<a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a>{{ end }}</dd>
<dt>步骤</dt><dd>{{ index .Params.stages 0 }}</dd><dt>状态</dt><dd>{{ index .Params.statuses 0 }}</dd>
<dt>时限</dt><dd>{{ .Params.start }} 至 {{ .Params.deadline }}</dd>
<dt>预算</dt><dd>{{ .Params.budget.spent }} / {{ .Params.budget.planned }}</dd>
</dl>
<h2>量化目标</h2>
<table><thead><tr><th>目标</th><th>单位</th><th>目标值</th><th>完成值</th><th>进度</th></tr></thead><tbody>
{{ range .Params.targets }}<tr><td>{{ .name }}</td><td>{{ .unit }}</td><td>{{ .target }}</td><td>{{ .actual }}</td>
<td>{{ if gt .target 0 }}<progress max="{{ .target }}" value="{{ .actual }}"></progress> {{ div (mul .actual 100) .target }}%{{ end }}</td></tr>
{{ end }}</tbody></table>
<h2>节点</h2>
<ol>{{ range .Params.milestones }}<li>{{ .title }}：计划 {{ .due }}{{ with .done }}，完成 {{ . }}{{ else }}，未完成{{ end }}</li>{{ end }}</ol>
<h2>实施方案</h2>
{{ .Content }}
</article>{{ end }}
"""

LAYOUT_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>
<table><thead><tr><th>任务</th><th>责任领导</th><th>步骤</th><th>状态</th></tr></thead><tbody>
{{ range .Pages }}<tr><td><a href="{{ .RelPermalink }}">{{ .Title }}</a></td><td>{{ .Params.leader.name }}</td><td>{{ index .Params.stages 0 }}</td><td>{{ index .Params.statuses 0 }}</td></tr>
{{ end }}</tbody></table>{{ end }}
"""

LAYOUT_TAXONOMY = """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a> {{ len .Pages }}</li>{{ end }}</ul>{{ end }}
"""

LAYOUT_HOME = """{{ define "main" }}<h1>{{ site.Title }}</h1>
<p>任务 {{ len (where site.RegularPages "Section" "tasks") }} 项</p>
<ul>{{ range site.Taxonomies.orgs }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.LinkTitle }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def convert(source, target):
    """Writes the Hugo site for the gongshi site at `source` into `target` (replaced).
    Returns the number of task pages written."""
    if os.path.exists(target):
        shutil.rmtree(target)
    content = os.path.join(source, "content")
    write(os.path.join(target, "hugo.json"), json.dumps({
        "baseURL": "https://example.org/gongshi/",
        "languageCode": "zh-CN",
        "defaultContentLanguage": "zh-cn",
        "hasCJKLanguage": True,
        "title": "肃州区书记破题行动公开栏（生成的示例数据）",
        "params": {"publisher": "中共肃州区委组织部"},
        "taxonomies": TAXONOMIES,
        "disableKinds": ["rss"],
    }, ensure_ascii=False, indent=1) + "\n")
    layouts = {"baseof.html": LAYOUT_BASEOF, "single.html": LAYOUT_SINGLE, "list.html": LAYOUT_LIST,
               "taxonomy.html": LAYOUT_TAXONOMY, "home.html": LAYOUT_HOME}
    for name, text in layouts.items():
        write(os.path.join(target, "layouts", name), text)
    write(os.path.join(target, "content", "tasks", "_index.md"), '{"title": "全部任务"}\n')
    with open(os.path.join(content, "orgs.yaml"), encoding="utf-8") as f:
        orgs = read_orgs(f.read())
    for org in orgs:
        # The term page of each organisation, so that its list carries its name.
        write(os.path.join(target, "content", "orgs", org["id"], "_index.md"),
              json.dumps({"title": org.get("name", org["id"])}, ensure_ascii=False) + "\n")
    static = os.path.join(content, "static")
    if os.path.isdir(static):
        shutil.copytree(static, os.path.join(target, "static"))
    count = 0
    for folder, dirs, files in os.walk(os.path.join(content, "tasks")):
        dirs.sort()
        for name in sorted(files):
            if not name.endswith(".yaml"):
                continue
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                task = read_task(f.read())
            task.setdefault("id", name[:-5])
            write(os.path.join(target, "content", "tasks", task["id"] + ".md"), task_page(task))
            count += 1
    return count


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: python3 scripts/hugo_site.py GONGSHI_SITE HUGO_SITE")
    count = convert(sys.argv[1], sys.argv[2])
    print(f"wrote {count} task pages into {sys.argv[2]}")


if __name__ == "__main__":
    main()
