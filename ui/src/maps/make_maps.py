#!/usr/bin/env python3
"""Builds china.json (招商地图's boundaries) from the map data of the echarts@4.9.0 npm package.

    npm pack echarts@4.9.0 && tar xzf echarts-4.9.0.tgz
    python3 make_maps.py package/map/json ../../../crates/core/data/divisions.tsv > china.json

Keeps ECharts' compressed coordinates (UTF8Encoding, scale 1024) as they are; only the keys
change: every feature gets `adcode` (its current GB/T 2260 code, as the ledger stores origins)
and `name` (that code's name in the ledger's divisions.tsv). See README.md for the changes.
"""
import json
import os
import sys

SCALE = 1024
# Province file names in echarts (by the province's code's first two digits).
FILES = {
    "11": "beijing", "12": "tianjin", "13": "hebei", "14": "shanxi", "15": "neimenggu",
    "21": "liaoning", "22": "jilin", "23": "heilongjiang", "31": "shanghai", "32": "jiangsu",
    "33": "zhejiang", "34": "anhui", "35": "fujian", "36": "jiangxi", "37": "shandong",
    "41": "henan", "42": "hubei", "43": "hunan", "44": "guangdong", "45": "guangxi",
    "46": "hainan", "50": "chongqing", "51": "sichuan", "52": "guizhou", "53": "yunnan",
    "54": "xizang", "61": "shanxi1", "62": "gansu", "63": "qinghai", "64": "ningxia",
    "65": "xinjiang", # 台湾, 香港, 澳门: no prefecture codes in the ledger's divisions, no drill-down.
}
# Codes changed since the data was drawn (and features without an id), by old code or name.
RECODE = {
    "371200": "370100",  # 莱芜市 → 济南市 (merged 2019): drawn as part of 济南
    "542400": "540600",  # 那曲地区 → 那曲市
    "500228": "500155",  # 梁平县 → 梁平区
    "500232": "500156",  # 武隆县 → 武隆区
    "652200": "650500",  # 哈密地区 → 哈密市
    "崇明区": "310151",
    "山南市": "540500",  # xizang.json draws 山南 twice (second part without an id)
}


def decode_ring(s, off):
    x, y = off
    out = []
    for i in range(0, len(s), 2):
        dx, dy = ord(s[i]) - 64, ord(s[i + 1]) - 64
        dx = (dx >> 1) ^ (-(dx & 1))
        dy = (dy >> 1) ^ (-(dy & 1))
        x, y = x + dx, y + dy
        out.append((x, y))
    return out


def encode_ring(pts):
    x0, y0 = pts[0]
    chars = []
    px, py = x0, y0
    for x, y in pts:
        for d in (x - px, y - py):
            z = (d << 1) ^ (d >> 31) if d >= 0 else ((-d) << 1) - 1
            c = z + 64
            assert c < 0xD800, "delta too large for the encoding"
            chars.append(chr(c))
        px, py = x, y
    return "".join(chars), [x0, y0]


def polygons(feature, encoded):
    """The feature's polygons as lists of rings of integer (x, y) at SCALE."""
    g = feature["geometry"]
    polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
    if not encoded:
        return [[[(round(x * SCALE), round(y * SCALE)) for x, y in ring] for ring in p] for p in polys]
    offs = g["encodeOffsets"] if g["type"] == "MultiPolygon" else [g["encodeOffsets"]]
    return [[decode_ring(r, o) for r, o in zip(p, po)] for p, po in zip(polys, offs)]


def geometry(polys):
    coords, offsets = [], []
    for p in polys:
        rings = [encode_ring(r) for r in p if len(r) >= 3]
        if rings:
            coords.append([r for r, _ in rings])
            offsets.append([o for _, o in rings])
    return {"type": "MultiPolygon", "coordinates": coords, "encodeOffsets": offsets}


def collection(features, names, parent=None):
    merged = {}
    order = []
    for f, encoded in features:
        old = f.get("id") or f["properties"].get("id")
        name = f["properties"]["name"]
        code = RECODE.get(old) or (RECODE.get(name) if not old else None) or old
        key = code or name
        if key not in merged:
            merged[key] = (code, name, [])
            order.append(key)
        merged[key][2].extend(polygons(f, encoded))
    out = []
    for key in order:
        code, name, polys = merged[key]
        props = {"name": names.get(code, name), "adcode": code}
        if parent:
            props["parent"] = parent
        out.append({"type": "Feature", "properties": props, "geometry": geometry(polys)})
    return {"type": "FeatureCollection", "UTF8Encoding": True, "UTF8Scale": SCALE, "features": out}


def main(src, divisions):
    names = {}
    for line in open(divisions, encoding="utf-8"):
        code, name = line.rstrip("\n").split("\t")[:2]
        names[code] = name
    china = json.load(open(os.path.join(src, "china.json"), encoding="utf-8"))
    provinces = collection([(f, True) for f in china["features"]], names)
    cities = []
    for prefix, file in FILES.items():
        d = json.load(open(os.path.join(src, "province", file + ".json"), encoding="utf-8"))
        fc = collection([(f, bool(d.get("UTF8Encoding"))) for f in d["features"]], names, prefix + "0000")
        cities.extend(fc["features"])
    out = {"provinces": provinces, "cities": {**provinces, "features": cities}}
    json.dump(out, sys.stdout, ensure_ascii=False, separators=(",", ":"))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
