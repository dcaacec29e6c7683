#!/usr/bin/env python3
"""Turns a gongshi site (content/tasks/**/*.yaml) into an equivalent Hugo site, for the
side-by-side build benchmark: one page per task with its plan, targets and ledger, list pages
and taxonomy pages for organisations, categories, stages and statuses.

Usage: python3 scripts/hugo-site.py GONGSHI_SITE HUGO_SITE
Needs no YAML library: the generated ledgers are read with a tiny line-based reader that
understands only what scripts/gen-site.py writes (it is a benchmark aid, not a converter).
"""
import json
import os
import shutil
import sys


def read_task(path):
    task = {"ledger": [], "targets": [], "plan": []}
    section = None
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = raw.rstrip("\n")
            if line.startswith("#") or not line.strip():
                continue
            if not line.startswith(" ") and ":" in line:
                key, _, value = line.partition(":")
                section = key
                value = value.strip()
                if value and value != "|":
                    task[key] = value.strip('"')
                continue
            if section == "plan":
                task["plan"].append(line.strip())
            elif section == "ledger":
                stripped = line.strip()
                if stripped.startswith("- date:"):
                    task["ledger"].append({"date": stripped.split(":", 1)[1].strip()})
                elif stripped.startswith("text:") and task["ledger"]:
                    task["ledger"][-1]["text"] = stripped.split(":", 1)[1].strip()
            elif section == "targets":
                task["targets"].append(line.strip().lstrip("- "))
    return task


LAYOUT_BASE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><nav><a href="{{ "/" | relURL }}">首页</a></nav><main>{{ block "main" . }}{{ end }}</main></body></html>"""
LAYOUT_SINGLE = """{{ define "main" }}<h1>{{ .Title }}</h1>
<dl><dt>责任单位</dt><dd>{{ range .Params.orgs }}<a href="{{ (printf "/orgs/%s/" (urlize .)) | relURL }}">{{ . }}</a>{{ end }}</dd>
<dt>责任领导</dt><dd>{{ .Params.leader }}</dd><dt>步骤</dt><dd>{{ .Params.stage }}</dd><dt>状态</dt><dd>{{ .Params.status }}</dd></dl>
{{ .Content }}{{ end }}"""
LAYOUT_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><table><tbody>
{{ range .Pages }}<tr><td><a href="{{ .RelPermalink }}">{{ .Title }}</a></td><td>{{ .Params.leader }}</td><td>{{ .Params.stage }}</td><td>{{ .Params.status }}</td></tr>{{ end }}
</tbody></table>{{ end }}"""


def main():
    source, target = sys.argv[1], sys.argv[2]
    if os.path.exists(target):
        shutil.rmtree(target)
    os.makedirs(os.path.join(target, "content", "tasks"))
    os.makedirs(os.path.join(target, "layouts", "_default"))
    with open(os.path.join(target, "config.json"), "w") as f:
        json.dump({
            "baseURL": "https://example.org/",
            "languageCode": "zh-CN",
            "title": "benchmark",
            "taxonomies": {"org": "orgs", "category": "categories", "stage": "stages", "status": "statuses"},
            "disableKinds": ["RSS"],
        }, f)
    for name, text in [("baseof.html", LAYOUT_BASE), ("single.html", LAYOUT_SINGLE), ("list.html", LAYOUT_LIST)]:
        with open(os.path.join(target, "layouts", "_default", name), "w") as f:
            f.write(text)
    tasks_dir = os.path.join(source, "content", "tasks")
    count = 0
    for folder, _, files in sorted(os.walk(tasks_dir)):
        for name in sorted(files):
            if not name.endswith(".yaml"):
                continue
            task = read_task(os.path.join(folder, name))
            front = {
                "title": task.get("title", name),
                "orgs": [task.get("org", "")],
                "categories": [task.get("category", "")],
                "stages": [task.get("stage", "")],
                "statuses": [task.get("status", "")],
                "leader": task.get("leader", ""),
            }
            body = ["\n".join(task["plan"]), "", "## 量化目标", ""]
            body += ["- " + t for t in task["targets"]]
            body += ["", "## 工作台账", ""]
            for entry in reversed(task["ledger"]):
                body.append(f"- **{entry.get('date', '')}** {entry.get('text', '')}")
            with open(os.path.join(target, "content", "tasks", name[:-5] + ".md"), "w", encoding="utf-8") as f:
                f.write(json.dumps(front, ensure_ascii=False) + "\n\n" + "\n".join(body) + "\n")
            count += 1
    print(f"wrote {count} task pages into {target}")


if __name__ == "__main__":
    main()
