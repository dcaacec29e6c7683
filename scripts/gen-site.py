#!/usr/bin/env python3
"""Generate a large, valid gongshi sample site (content/ only, no theme).

    python3 scripts/gen-site.py OUT_DIR --tasks N [--seed S] [--force]

Writes OUT_DIR/content/ with site.yaml, orgs.yaml (1 district, 2 departments,
10 townships, 200 villages), N task ledgers under tasks/<township>/, one
evaluation round (results for every task at stage `evaluate`, about N/4),
20 notices, 2 pages and a few small static attachments.

The output is deterministic for a given (N, seed) and obeys the content rules
of SPEC.md sections 2-3 without warnings:

* every task, notice and page is marked as 示例数据 (sample data);
* all dates are YYYY-MM-DD and none is after as_of (2022-12-25), except
  deadlines, milestone due dates and the end of publicity periods;
* deadline >= start; budgets, counts and targets are non-negative;
* `excellent` only for completed tasks whose every target is met;
* every in_progress task has a ledger entry within 60 days of as_of;
* every task at stage `evaluate` has a result in the evaluation round.

Only the standard library is used; 10,000 tasks take a few seconds.
"""

import argparse
import datetime as dt
import json
import os
import random
import shutil
import struct
import sys

AS_OF = dt.date(2022, 12, 25)
YEAR_START = dt.date(2022, 1, 1)
STALE_LIMIT = AS_OF - dt.timedelta(days=50)  # keep well inside the 60-day rule
SAMPLE_LINE = "> 示例数据：本任务由 scripts/gen-site.py 随机生成，人名、村名和数字均为虚构。"

TOWNSHIPS = [
    ("xidong", "西洞镇"), ("qingshui", "清水镇"), ("zongzhai", "总寨镇"),
    ("jinfo", "金佛寺镇"), ("yinda", "银达镇"), ("shangba", "上坝镇"),
    ("sandun", "三墩镇"), ("guoyuan", "果园镇"), ("quanhu", "泉湖镇"),
    ("xifeng", "西峰镇"),
]
DEPARTMENTS = [
    ("zuzhibu", "区委组织部", "区委常委、组织部部长"),
    ("nongye", "区农业农村局", "局党组书记、局长"),
]
VILLAGE_A = "东西南北新红金银双三上下前后中大小丰永兴"
VILLAGE_B = ["庄", "河", "泉", "沟", "湾", "坝", "渠", "桥", "营", "堡", "湖", "滩"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢"
GIVEN = "建国华明军平志强永红海立新春玉兰文斌学德福天晓燕丽娟静伟芳敏杰涛刚勇毅鹏辉霞桂英"

ORIGIN_METHODS = ["小板凳民情恳谈", "走访调研", "座谈交流会", "书记“论道评比”活动",
                  "乡村振兴“大比武大培训”活动", "“两代表一委员”座谈"]

# category -> (title suffixes, targets (name, unit, lo, hi))
CATEGORIES = {
    "农房改造": (["农房改造", "农房改造示范点建设", "老旧农房抗震改造"],
             [("完成农房改造", "户", 40, 400), ("建成农房改造示范点", "个", 1, 8)]),
    "村集体经济": (["集体经济增收项目", "土地流转经营", "集中养殖小区建设", "农产品销售服务站",
               "交易仓储冷链设施", "花卉种子种苗研发"],
              [("村集体经济年收入", "元", 100000, 300000), ("带动群众务工", "人", 10, 80)]),
    "高标准农田": (["高标准农田建设", "农田水利配套"],
              [("建设高标准农田", "亩", 1000, 8000), ("配套节水灌溉", "亩", 300, 3000)]),
    "粮食生产": (["小麦连片种植基地", "粮食稳产保供"],
             [("建成连片种植基地", "个", 1, 6), ("粮食播种面积", "亩", 5000, 30000)]),
    "种业": (["标准化制种基地", "种子试验研发基地"],
           [("建成标准化制种基地", "亩", 200, 3000)]),
    "设施农业": (["日光温室建设", "钢架拱棚建设"],
             [("新建日光温室", "座", 10, 120), ("新建钢架拱棚", "亩", 100, 1500)]),
    "人居环境": (["人居环境整治", "巷道硬化和路灯安装", "生活污水治理"],
             [("清理整治点位", "处", 50, 600), ("硬化巷道", "米", 500, 6000)]),
    "党建品牌": (["党建品牌创建", "党建示范点打造"],
             [("打造党建示范点", "个", 1, 6), ("开展主题党日活动", "场", 4, 24)]),
    "特色产业": (["林果提质增效", "生态文化旅游", "特色蔬菜基地"],
             [("发展特色产业", "亩", 100, 2000), ("培训农户", "人次", 50, 500)]),
}
CATEGORY_NAMES = list(CATEGORIES)

STAGES = ["identify", "discuss", "decide", "solve", "evaluate"]
# (stage, status) combinations forced at the start so that small sites cover everything
COVER = [("evaluate", "completed"), ("solve", "in_progress"), ("identify", "not_started"),
         ("discuss", "not_started"), ("decide", "not_started"), ("solve", "suspended"),
         ("evaluate", "in_progress"), ("decide", "in_progress"), ("solve", "completed"),
         ("evaluate", "suspended")]

PROGRESS_TEXTS = ["召开专题推进会，研究解决施工中遇到的{n}个问题。",
                  "党员志愿服务队入户宣传政策，走访群众{n}户。",
                  "本周完成阶段性工作量的{p}%，进度与计划基本一致。",
                  "村务监督委员会对资金使用情况进行核查，未发现问题。",
                  "组织群众代表到现场查看，收集意见建议{n}条。",
                  "完成阶段性验收，{n}项整改问题全部销号。"]
INSPECTION_TEXTS = ["区委组织部督查组实地督查，指出{n}个问题，要求限期整改。",
                    "镇纪委开展专项督查，抽查台账和现场，整体推进正常。"]
NOTIFICATION_TEXTS = ["全区书记破题行动推进情况通报中，本任务进度位列全镇第{n}位。",
                      "镇党委通报各村进度，本任务被列为重点督办任务。"]
INTERVIEW_TEXTS = ["上级党组织约谈责任领导，要求制定倒排工期表，明确完成时限。",
                   "因进度滞后，镇党委书记约谈村党支部书记，督促落实整改措施。"]
EARLY_TEXTS = ["召开“小板凳”民情恳谈会，收集群众意见{n}条。",
               "支委会专题研究，梳理问题清单{n}项。",
               "入户走访群众{n}户，了解需求和意愿。",
               "召开党员大会讨论初步方案，党员提出修改意见{n}条。",
               "村务公开栏公示初步题目，征求群众意见。"]

PHOTOS = ["photos/gen-site-1.jpg", "photos/gen-site-2.jpg", "photos/gen-site-3.jpg"]
DOCS = ["docs/gen-site-tongbao.pdf"]


# ---------------------------------------------------------------- helpers

def q(s):
    """A YAML 1.2 double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


def d(x):
    return x.isoformat()


def rand_date(rng, lo, hi):
    if hi <= lo:
        return lo
    return lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))


def person(rng):
    given = rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.7 else "")
    return rng.choice(SURNAMES) + given


def block(text, indent):
    pad = " " * indent
    return "\n".join((pad + line) if line else "" for line in text.split("\n"))


# ---------------------------------------------------------------- binary files

def tiny_jpeg(colors):
    """Baseline JPEG where every 8x8 block is one colour (DC coefficients only)."""
    dc_lum_bits = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
    dc_chr_bits = [0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0]
    vals = list(range(12))

    def codes(bits):
        table, code, k = {}, 0, 0
        for length in range(1, 17):
            for _ in range(bits[length - 1]):
                table[vals[k]] = (code, length)
                code += 1
                k += 1
            code <<= 1
        return table

    dc = [codes(dc_lum_bits), codes(dc_chr_bits)]
    h, w = len(colors) * 8, len(colors[0]) * 8
    out = bytearray(b"\xff\xd8")
    out += b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    for tid in (0, 1):
        out += b"\xff\xdb" + struct.pack(">H", 67) + bytes([tid]) + bytes([1] * 64)
    out += b"\xff\xc0" + struct.pack(">HBHHB", 17, 8, h, w, 3)
    out += bytes([1, 0x11, 0, 2, 0x11, 1, 3, 0x11, 1])

    def dht(cls_id, bits, values):
        body = bytes([cls_id]) + bytes(bits) + bytes(values)
        return b"\xff\xc4" + struct.pack(">H", 2 + len(body)) + body

    ac_bits = [1] + [0] * 15  # a single code: EOB
    out += dht(0x00, dc_lum_bits, vals) + dht(0x01, dc_chr_bits, vals)
    out += dht(0x10, ac_bits, [0]) + dht(0x11, ac_bits, [0])
    out += b"\xff\xda" + struct.pack(">HB", 12, 3) + bytes([1, 0x00, 2, 0x11, 3, 0x11, 0, 63, 0])
    state = {"acc": 0, "n": 0}
    data = bytearray()

    def put(code, length):
        state["acc"] = (state["acc"] << length) | code
        state["n"] += length
        while state["n"] >= 8:
            state["n"] -= 8
            byte = (state["acc"] >> state["n"]) & 0xFF
            data.append(byte)
            if byte == 0xFF:
                data.append(0)
        state["acc"] &= (1 << state["n"]) - 1

    pred = [0, 0, 0]
    for row in colors:
        for (r, g, b) in row:
            ycc = (0.299 * r + 0.587 * g + 0.114 * b,
                   128 - 0.168736 * r - 0.331264 * g + 0.5 * b,
                   128 + 0.5 * r - 0.418688 * g - 0.081312 * b)
            for ci, v in enumerate(ycc):
                coef = max(-1024, min(1016, int(round(8 * (v - 128)))))
                diff = coef - pred[ci]
                pred[ci] = coef
                size = abs(diff).bit_length()
                put(*dc[0 if ci == 0 else 1][size])
                if size:
                    put(diff if diff > 0 else diff + (1 << size) - 1, size)
                put(0, 1)  # EOB
    if state["n"]:
        pad = 8 - state["n"]
        put((1 << pad) - 1, pad)
    out += data + b"\xff\xd9"
    return bytes(out)


def scene(sky, ground, wall, roof, width=8, height=6):
    rows = []
    for y in range(height):
        row = []
        for x in range(width):
            if y == 1 and 2 <= x <= 4:
                row.append(roof)
            elif y == 2 and 2 <= x <= 4:
                row.append(wall)
            elif y < 2:
                row.append(sky)
            else:
                row.append(ground)
        rows.append(row)
    return rows


def tiny_pdf(lines):
    """A one-page PDF with ASCII text lines."""
    text = "BT /F1 14 Tf 56 780 Td 18 TL " + " ".join(
        "(%s) '" % ln.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") for ln in lines) + " ET"
    stream = text.encode("ascii")
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


# ---------------------------------------------------------------- content

def make_orgs(rng):
    orgs = [("suzhou", "肃州区", "district", None, person(rng))]
    for oid, name, _role in DEPARTMENTS:
        orgs.append((oid, name, "department", "suzhou", person(rng)))
    for tid, tname in TOWNSHIPS:
        orgs.append((tid, tname, "township", "suzhou", person(rng)))
    combos = [a + b for a in VILLAGE_A for b in VILLAGE_B]
    for tid, _tname in TOWNSHIPS:
        names = rng.sample(combos, 20)
        for j, vname in enumerate(names, 1):
            orgs.append(("%s-c%02d" % (tid, j), vname + "村", "village", tid, person(rng)))
    return orgs


def write_orgs(path, orgs):
    out = ["# 示例数据：由 scripts/gen-site.py 生成，组织名称和书记姓名均为虚构。", "orgs:"]
    for oid, name, level, parent, sec in orgs:
        out.append("  - id: %s" % oid)
        out.append("    name: %s" % q(name))
        out.append("    level: %s" % level)
        if parent:
            out.append("    parent: %s" % parent)
        out.append("    secretary: %s" % q(sec))
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")


def pick_stage_status(rng, i):
    if i < len(COVER):
        return COVER[i]
    r = rng.random()
    if r < 0.25:
        return "evaluate", rng.choices(["completed", "in_progress", "suspended"], [75, 15, 10])[0]
    if r < 0.70:
        return "solve", rng.choices(["in_progress", "completed", "suspended"], [70, 15, 15])[0]
    if r < 0.82:
        return "decide", rng.choices(["not_started", "in_progress"], [70, 30])[0]
    if r < 0.92:
        return "discuss", "not_started"
    return "identify", "not_started"


def make_task(rng, i, org, leader, role, org_name, ids_seen):
    oid = org[0]
    n = ids_seen.get(oid, 0) + 1
    ids_seen[oid] = n
    tid = "2022-%s-%02d" % (oid, n)
    stage, status = pick_stage_status(rng, i)
    cat = rng.choice(CATEGORY_NAMES)
    suffixes, target_defs = CATEGORIES[cat]
    title = org_name + rng.choice(suffixes)
    early = stage in ("identify", "discuss") or (stage == "decide" and status == "not_started")

    # dates ------------------------------------------------------------
    if early:
        origin_date = rand_date(rng, dt.date(2022, 9, 1), dt.date(2022, 11, 20))
        start = rand_date(rng, origin_date, dt.date(2022, 12, 10))
        deadline = rand_date(rng, dt.date(2023, 3, 31), dt.date(2023, 12, 31))
    else:
        origin_date = rand_date(rng, dt.date(2022, 1, 5), dt.date(2022, 2, 20))
        start = rand_date(rng, dt.date(2022, 3, 1), dt.date(2022, 5, 15))
        if status == "in_progress" and rng.random() < 0.6:
            deadline = rand_date(rng, dt.date(2022, 12, 31), dt.date(2023, 9, 30))
        else:
            deadline = rand_date(rng, dt.date(2022, 9, 30), dt.date(2022, 12, 31))
    assert deadline >= start

    # targets -----------------------------------------------------------
    all_met = True
    targets = []
    for name, unit, lo, hi in rng.sample(target_defs, rng.randint(1, len(target_defs))):
        target = rng.randint(lo, hi)
        if status == "not_started":
            actual = 0
        elif status == "completed":
            actual = target + (rng.randint(0, max(1, target // 10)) if rng.random() < 0.3 else 0)
            if rng.random() < 0.15:
                actual = int(target * rng.uniform(0.7, 0.99))
        elif status == "in_progress":
            actual = int(target * rng.uniform(0.1, 0.95))
        else:  # suspended
            actual = int(target * rng.uniform(0.0, 0.4))
        if actual < target:
            all_met = False
        targets.append((name, unit, target, actual))

    # ledger ------------------------------------------------------------
    k = rng.randint(5, 15)
    lo = start
    hi = AS_OF - dt.timedelta(days=1)
    if status == "completed":
        hi = min(hi, max(deadline, start + dt.timedelta(days=30)))
    dates = sorted(rand_date(rng, lo, hi) for _ in range(k))
    if status == "in_progress" and dates[-1] < STALE_LIMIT:
        dates[-1] = rand_date(rng, STALE_LIMIT, AS_OF - dt.timedelta(days=1))
    ledger = []
    for j, day in enumerate(dates):
        if early:
            kind, text = "progress", rng.choice(EARLY_TEXTS)
        else:
            kind = rng.choices(["progress", "inspection", "notification", "interview"], [70, 15, 10, 5])[0]
            pool = {"progress": PROGRESS_TEXTS, "inspection": INSPECTION_TEXTS,
                    "notification": NOTIFICATION_TEXTS, "interview": INTERVIEW_TEXTS}[kind]
            text = rng.choice(pool)
        text = text.format(n=rng.randint(2, 40), p=rng.randint(10, 95))
        att = None
        if kind == "progress" and rng.random() < 0.08:
            att = rng.choice(PHOTOS)
        elif kind == "notification" and rng.random() < 0.3:
            att = DOCS[0]
        ledger.append((day, kind, text, att))
    if status == "completed":
        ledger.append((dates[-1], "progress", "任务全部完成，通过验收。", None))
    elif status == "suspended":
        ledger.append((dates[-1], "progress", "因用地手续等原因暂停实施，待问题解决后恢复。", None))

    # milestones ----------------------------------------------------------
    milestones = []
    span = max(1, (deadline - start).days)
    m = rng.randint(2, 4)
    for j in range(m):
        due = start + dt.timedelta(days=span * (j + 1) // m)
        done = None
        if status == "completed" or (status != "not_started" and due < AS_OF and rng.random() < 0.7):
            done = min(due + dt.timedelta(days=rng.randint(-10, 10)), AS_OF - dt.timedelta(days=1))
            done = max(done, start)
        milestones.append(("第%d阶段工作" % (j + 1), due, done))

    planned = rng.randint(5, 500) * 10000
    if status == "not_started":
        spent = 0
    elif status == "completed":
        spent = int(planned * rng.uniform(0.85, 1.0))
    else:
        spent = int(planned * rng.uniform(0.05, 0.8))

    # text ----------------------------------------------------------------
    out = ["# 示例数据：由 scripts/gen-site.py 生成。",
           "id: %s" % tid,
           "title: %s" % q(title),
           "org: %s" % oid,
           "leader: {name: %s, role: %s}" % (q(leader), q(role)),
           "category: %s" % q(cat),
           "year: 2022",
           "stage: %s" % stage,
           "status: %s" % status,
           "start: %s" % d(start),
           "deadline: %s" % d(deadline),
           "origin:",
           "  method: %s" % q(rng.choice(ORIGIN_METHODS)),
           "  date: %s" % d(min(origin_date, start)),
           "  summary: %s" % q("群众反映%s相关问题，建议列入书记破题任务。" % cat)]
    if stage != "identify":
        out += ["discussion:",
                "  meetings: %d" % rng.randint(1, 12),
                "  opinions: %d" % rng.randint(5, 90)]
    if stage in ("decide", "solve", "evaluate"):
        dec = rand_date(rng, min(origin_date, start), start)
        members = rng.randint(15, 60)
        against = rng.randint(0, 2)
        abstain = rng.randint(0, 3)
        out += ["decision:",
                "  date: %s" % d(dec),
                "  body: %s" % q("党员大会" if org[2] == "village" else "党委会议"),
                "  votes: {for: %d, against: %d, abstain: %d}" % (members, against, abstain)]
    plan = "\n".join([
        SAMPLE_LINE, "",
        "%s由%s牵头，按照“一个任务、一名领导、一套方案、一本台账”推进：" % (title, leader), "",
        "- 摸清底数，建立问题清单；",
        "- 党员带头，群众参与；",
        "- 每月调度一次，台账动态更新。", "",
        "| 指标 | 单位 | 目标 |", "|---|---|---|"] +
        ["| %s | %s | %d |" % (t[0], t[1], t[2]) for t in targets])
    out += ["plan: |", block(plan, 2), "targets:"]
    for name, unit, target, actual in targets:
        out.append("  - {name: %s, unit: %s, target: %d, actual: %d}" % (q(name), q(unit), target, actual))
    out.append("budget: {planned: %d, spent: %d}" % (planned, spent))
    out.append("milestones:")
    for title_m, due, done in milestones:
        if done:
            out.append("  - {title: %s, due: %s, done: %s}" % (q(title_m), d(due), d(done)))
        else:
            out.append("  - {title: %s, due: %s}" % (q(title_m), d(due)))
    out.append("ledger:")
    for day, kind, text, att in ledger:
        out += ["  - date: %s" % d(day), "    kind: %s" % kind, "    text: %s" % q(text)]
        if att:
            out.append("    attachments: [%s]" % att)
    info = {"id": tid, "stage": stage, "status": status, "all_met": all_met, "title": title}
    return tid, "\n".join(out) + "\n", info


def grade_for(rng, info):
    if info["status"] == "completed":
        if info["all_met"]:
            return rng.choices(["excellent", "good"], [60, 40])[0]
        return rng.choice(["good", "fair"])
    if info["status"] == "in_progress":
        return rng.choice(["fair", "poor"])
    return "poor"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out_dir")
    ap.add_argument("--tasks", type=int, default=200, help="number of task ledgers (default 200)")
    ap.add_argument("--seed", type=int, default=2022, help="random seed (default 2022)")
    ap.add_argument("--force", action="store_true", help="replace an existing OUT_DIR/content")
    args = ap.parse_args(argv)
    if args.tasks < 0:
        ap.error("--tasks must be >= 0")

    rng = random.Random(args.seed)
    content = os.path.join(args.out_dir, "content")
    if os.path.exists(content):
        if not args.force:
            sys.exit("error: %s exists (use --force to replace it)" % content)
        shutil.rmtree(content)
    for sub in ["tasks", "evaluations", "notices", "pages", "static/photos", "static/docs"]:
        os.makedirs(os.path.join(content, sub), exist_ok=True)

    with open(os.path.join(content, "site.yaml"), "w", encoding="utf-8") as f:
        f.write("\n".join([
            "# 示例数据：由 scripts/gen-site.py 生成。",
            "title: 肃州区书记破题行动公开栏（生成的示例数据）",
            "publisher: 中共肃州区委组织部",
            "base_url: https://gongshi.test/gongshi/",
            "language: zh-CN",
            "as_of: %s" % d(AS_OF),
            "feedback:",
            "  phone: 0937-0000000（示例号码）",
            "  email: gongshi@example.org",
            "  address: 肃州区委组织部（示例地址）",
            "  hours: 工作日 9:00—18:00",
            "currency: CNY", ""]))

    orgs = make_orgs(rng)
    write_orgs(os.path.join(content, "orgs.yaml"), orgs)

    # static attachments
    palettes = [((135, 190, 235), (120, 160, 80), (220, 200, 170), (170, 60, 50)),
                ((200, 215, 230), (190, 170, 120), (235, 235, 225), (60, 90, 150)),
                ((150, 200, 240), (90, 140, 70), (210, 180, 140), (120, 50, 40))]
    for rel, pal in zip(PHOTOS, palettes):
        with open(os.path.join(content, "static", rel), "wb") as f:
            f.write(tiny_jpeg(scene(*pal)))
    with open(os.path.join(content, "static", DOCS[0]), "wb") as f:
        f.write(tiny_pdf(["Sample data (gongshi gen-site.py)", "Progress notification scan placeholder"]))

    # tasks: spread over villages, townships and departments
    by_id = {o[0]: o for o in orgs}
    assignable = [o for o in orgs if o[2] != "district"]
    roles = {"village": "村党支部书记", "township": "镇党委书记"}
    dept_roles = {oid: role for oid, _n, role in DEPARTMENTS}
    ids_seen = {}
    infos = []
    for i in range(args.tasks):
        org = assignable[rng.randrange(len(assignable))] if i >= 3 else \
            [by_id["xidong-c01"], by_id["qingshui"], by_id["nongye"]][i]
        oid, oname, level, parent, sec = org
        role = dept_roles.get(oid) or roles[level]
        folder = parent if level == "village" else (oid if level == "township" else "suzhou")
        display = (by_id[parent][1] + oname) if level == "village" else oname
        tid, text, info = make_task(rng, i, org, sec, role, display, ids_seen)
        tdir = os.path.join(content, "tasks", folder)
        os.makedirs(tdir, exist_ok=True)
        with open(os.path.join(tdir, tid + ".yaml"), "w", encoding="utf-8") as f:
            f.write(text)
        infos.append(info)

    # evaluation round: every task at stage evaluate, and only those
    evaluated = [x for x in infos if x["stage"] == "evaluate"]
    out = ["# 示例数据：由 scripts/gen-site.py 生成。",
           "id: 2022-year-end",
           "title: 2022年度书记破题行动评议结果",
           "held: 2022-12-20",
           "body: 镇村两级党组织书记破题述职评议会（示例数据）",
           "publicity: {from: 2022-12-22, to: 2022-12-28}"]
    if evaluated:
        out.append("results:")
    else:
        out.append("results: []")
    grades = {"excellent": 0, "good": 0, "fair": 0, "poor": 0}
    for x in evaluated:
        g = grade_for(rng, x)
        grades[g] += 1
        total = rng.randint(30, 180)
        share = {"excellent": 0.9, "good": 0.78, "fair": 0.6, "poor": 0.35}[g]
        sat = int(total * share * rng.uniform(0.9, 1.0))
        basic = int((total - sat) * rng.uniform(0.4, 0.8))
        out += ["  - task: %s" % x["id"],
                "    votes: {satisfied: %d, basically_satisfied: %d, dissatisfied: %d}"
                % (sat, basic, total - sat - basic),
                "    grade: %s" % g]
        if g in ("fair", "poor") and x["status"] != "completed":
            out.append("    remarks: %s" % q("任务未完成，按规定不得评为优秀。"))
    with open(os.path.join(content, "evaluations", "2022-year-end.yaml"), "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")

    # notices
    all_ids = [x["id"] for x in infos]
    for j in range(20):
        day = YEAR_START + dt.timedelta(days=15 + j * 17)
        fm = ["---"]
        body = ["", "> 示例数据：本通知由 scripts/gen-site.py 生成。", ""]
        if j == 19:
            fm += ["title: 关于2022年度书记破题行动评议结果的公示", "date: 2022-12-22",
                   "publicity: {from: 2022-12-22, to: 2022-12-28}"]
            refs = [x["id"] for x in evaluated[:50]]
            body.append("评议结果：优秀%d项、良好%d项、一般%d项、较差%d项。公示期为2022年12月22日至12月28日。"
                        % (grades["excellent"], grades["good"], grades["fair"], grades["poor"]))
        else:
            fm += ["title: %s" % q("书记破题行动工作通报（第%d期）" % (j + 1)), "date: %s" % d(day)]
            refs = rng.sample(all_ids, min(len(all_ids), rng.randint(0, 5)))
            body.append("现将近期各地书记破题任务推进情况通报如下。")
            if j == 18:
                fm.append("draft: true")
            if j == 2:
                fm.append("publicity: {from: %s, to: %s}" % (d(day), d(day + dt.timedelta(days=6))))
        if refs:
            fm.append("tasks:")
            fm += ["  - %s" % r for r in refs]
        fm.append("---")
        name = "%s-%02d.md" % (d(day) if j != 19 else "2022-12-22", j + 1)
        with open(os.path.join(content, "notices", name), "w", encoding="utf-8") as f:
            f.write("\n".join(fm + body) + "\n")

    pages = {
        "about.md": ["---", "title: 关于本站", "---", "",
                     "> **示例数据**：本站内容由 scripts/gen-site.py 随机生成，用于测试 gongshi 的性能和正确性，"
                     "人名、村名和数字均为虚构。", "",
                     "本站共有%d项任务，%d项参加年度评议。" % (len(infos), len(evaluated))],
        "feedback.md": ["---", "title: 意见反馈", "---", "",
                        "> 示例数据：联系方式为虚构。", "",
                        "- 电话：0937-0000000", "- 电子邮件：gongshi@example.org"],
    }
    for name, lines in pages.items():
        with open(os.path.join(content, "pages", name), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")

    print("wrote %s: %d tasks, %d evaluated, %d orgs" % (content, len(infos), len(evaluated), len(orgs)))


if __name__ == "__main__":
    main()
