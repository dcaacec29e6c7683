"""Tests of the benchmark's parts that need nothing installed: the Hugo site made from a
generated gongshi site (scripts/hugo_site.py), the checks of each tool's output and the table
(scripts/bench.py). Hugo and Pagefind themselves are not run here.

    python3 -m unittest discover -s scripts -p 'test_*.py'
"""

import json
import os
import re
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
sys.dont_write_bytecode = True
sys.path.insert(0, str(SCRIPTS))
import bench  # noqa: E402
import hugo_site  # noqa: E402

TASKS = 20


def front_matter(text):
    """The JSON front matter of a Hugo page written by hugo_site, and its body."""
    decoder = json.JSONDecoder()
    front, end = decoder.raw_decode(text)
    return front, text[end:]


class HugoSiteFromGeneratedTasks(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.gongshi = Path(cls.tmp.name) / "gongshi"
        cls.hugo = Path(cls.tmp.name) / "hugo"
        subprocess.run([sys.executable, str(SCRIPTS / "gen-site.py"), str(cls.gongshi), "--tasks", str(TASKS)],
                       check=True, stdout=subprocess.DEVNULL)
        cls.written = hugo_site.convert(str(cls.gongshi), str(cls.hugo))
        cls.ledgers = sorted((cls.gongshi / "content" / "tasks").rglob("*.yaml"))

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def page(self, ledger):
        return (self.hugo / "content" / "tasks" / (ledger.stem + ".md")).read_text(encoding="utf-8")

    def test_one_page_per_task(self):
        self.assertEqual(self.written, TASKS)
        self.assertEqual(len(self.ledgers), TASKS)
        pages = sorted(p.stem for p in (self.hugo / "content" / "tasks").glob("*.md") if p.stem != "_index")
        self.assertEqual(pages, sorted(p.stem for p in self.ledgers))

    def test_every_field_is_carried_over(self):
        for ledger in self.ledgers:
            text = ledger.read_text(encoding="utf-8")
            front, body = front_matter(self.page(ledger))

            def field(name):
                return re.search(rf"^{name}: (.*)$", text, re.M).group(1)

            self.assertEqual(front["title"], json.loads(field("title")))
            self.assertEqual(front["orgs"], [field("org")])
            self.assertEqual(front["stages"], [field("stage")])
            self.assertEqual(front["statuses"], [field("status")])
            self.assertEqual(front["deadline"], field("deadline"))
            self.assertEqual(len(front["targets"]), len(re.findall(r"^  - \{name: ", text, re.M)))
            self.assertEqual(len(front["milestones"]), len(re.findall(r"^  - \{title: ", text, re.M)))
            for target in front["targets"]:
                self.assertIsInstance(target["target"], int)
                self.assertIsInstance(target["actual"], int)
                self.assertIn(f'{json.dumps(target["name"], ensure_ascii=False)}', text)
            # The body: the plan, then every ledger entry, newest first.
            self.assertIn("按照“一个任务、一名领导、一套方案、一本台账”推进", body)
            entries = re.findall(r"^    text: (.*)$", text, re.M)
            self.assertEqual(body.count("\n- **"), len(entries))
            for entry in entries:
                self.assertIn(json.loads(entry), body)

    def test_layouts_lists_and_organisation_names(self):
        layouts = self.hugo / "layouts"
        for name in ("baseof.html", "single.html", "list.html", "taxonomy.html", "home.html"):
            self.assertTrue((layouts / name).exists(), name)
        single = (layouts / "single.html").read_text(encoding="utf-8")
        self.assertIn("range .Params.targets", single)
        self.assertIn("range .Params.milestones", single)
        config = json.loads((self.hugo / "hugo.json").read_text(encoding="utf-8"))
        self.assertEqual(config["taxonomies"]["org"], "orgs")
        orgs = hugo_site.read_orgs((self.gongshi / "content" / "orgs.yaml").read_text(encoding="utf-8"))
        self.assertEqual(len(orgs), 213)
        xidong = json.loads((self.hugo / "content" / "orgs" / "xidong" / "_index.md").read_text(encoding="utf-8"))
        self.assertEqual(xidong["title"], "西洞镇")


class OutputChecks(unittest.TestCase):
    def test_a_run_that_wrote_too_few_pages_is_refused(self):
        with tempfile.TemporaryDirectory() as out:
            for task in ("a", "b"):
                os.makedirs(f"{out}/tasks/{task}")
                Path(f"{out}/tasks/{task}/index.html").write_text("x")
            Path(f"{out}/tasks/index.html").write_text("x")
            os.makedirs(f"{out}/orgs/o")
            Path(f"{out}/orgs/o/index.html").write_text("x")
            self.assertIsNone(bench.check_hugo(out, 2, 1))
            self.assertIn("wrote 2 task pages, expected 3", bench.check_hugo(out, 3, 1))
            self.assertIn("no pagefind-entry.json", bench.check_pagefind(out, 2))
            self.assertIn("no search index", bench.check_gongshi(out, 2))
            self.assertIsNone(bench.check_gongshi(out, 2, search=False))
            os.makedirs(f"{out}/pagefind")
            entry = {"languages": {"zh-cn": {"page_count": 1}}}
            Path(f"{out}/pagefind/pagefind-entry.json").write_text(json.dumps(entry))
            self.assertIn("indexed 1 pages, expected 2", bench.check_pagefind(out, 2))

    def test_the_table_gives_medians_and_ratios(self):
        def runs(*walls):
            return [{"wall": w, "cpu": 2 * w, "rss_mb": 100 * w} for w in walls]

        table = bench.table({1000: {"gongshi build": runs(1, 2, 9), "Hugo": runs(4, 4, 4),
                                    "Hugo + Pagefind": runs(8, 8, 8), bench.NO_SEARCH: runs(1, 1, 1)}})
        self.assertIn("| 1,000 | gongshi build | 2.00 (1.00–9.00) | 4.00 | 200% | 200 |", table)
        self.assertIn("| 1,000 | **gongshi build ÷ Hugo + Pagefind** | **0.25×** | 0.25× | | **0.25×** |", table)
        self.assertIn("| 1,000 | **gongshi build ÷ Hugo** | **0.50×** | 0.50× | | **0.50×** |", table)
        self.assertIn("| 1,000 | **gongshi build (search: false) ÷ Hugo** | **0.25×** | 0.25× | | **0.25×** |",
                      table)

    def test_a_run_is_measured_in_a_child_of_its_own(self):
        with tempfile.TemporaryDirectory() as tmp:
            result = bench.measure([sys.executable, "-c", "x = bytearray(64 << 20); print('ok')"],
                                   Path(tmp) / "log")
            self.assertEqual(result["code"], 0)
            self.assertGreater(result["rss_mb"], 60)
            self.assertGreater(result["wall"], 0)
            self.assertEqual((Path(tmp) / "log").read_text(), "ok\n")


if __name__ == "__main__":
    unittest.main()
