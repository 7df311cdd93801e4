#!/usr/bin/env python3
"""Builds divisions.tsv and region_groups.tsv from a pca-code.json (province → city → county,
as published in modood/Administrative-divisions-of-China, dist/pca-code.json).

usage: make_divisions.py path/to/pca-code.json   (writes next to this script; no network)
"""
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
tree = json.load(open(sys.argv[1], encoding="utf-8"))
rows = {}
for p in tree:
    pcode = p["code"] + "0000"
    rows[pcode] = (p["name"], 1)
    for c in p["children"]:
        ccode = c["code"] + "00"
        name = c["name"]
        if name in ("市辖区", "县"):
            # 直辖市: the city-level row carries the city's own name (重庆's 县 part gets a
            # 500200 重庆市 row from the parent rule below).
            name = p["name"]
            ccode = p["code"] + "0100"
        rows.setdefault(ccode, (name, 2))
        for a in c["children"]:
            code = a["code"]
            if len(code) != 6:
                # 不设区的地级市 (东莞, 中山, 儋州, 嘉峪关) list towns (9 digits) here: no county level.
                continue
            rows[code] = (a["name"].strip(), 3)
# Hong Kong, Macao, Taiwan as province-level rows.
rows["710000"] = ("台湾省", 1)
rows["810000"] = ("香港特别行政区", 1)
rows["820000"] = ("澳门特别行政区", 1)
# Every county needs a level-2 row at code[:4]+"00".
for code, (name, level) in list(rows.items()):
    if level == 3:
        parent = code[:4] + "00"
        if parent not in rows:
            prov = rows[code[:2] + "0000"][0]
            if code[:2] in ("11", "12", "31", "50"):
                rows[parent] = (prov, 2)
            else:
                rows[parent] = ("省直辖县级行政区划", 2)
with open(os.path.join(here, "divisions.tsv"), "w", encoding="utf-8") as out:
    for code in sorted(rows):
        name, level = rows[code]
        out.write(f"{code}\t{name}\t{level}\n")

groups = {}
for code, (name, level) in rows.items():
    if level != 2:
        continue
    pre = code[:2]
    if code in ("110100", "120100") or pre == "13":
        groups[code] = "京津冀"
    elif code == "310100" or pre in ("32", "33", "34"):
        groups[code] = "长三角"
    elif code in ("440100", "440300", "440400", "440600", "441300", "441900", "442000", "440700", "441200"):
        groups[code] = "珠三角"
    elif pre in ("21", "22", "23"):
        groups[code] = "东北"
with open(os.path.join(here, "region_groups.tsv"), "w", encoding="utf-8") as out:
    for code in sorted(groups):
        out.write(f"{code}\t{groups[code]}\n")
