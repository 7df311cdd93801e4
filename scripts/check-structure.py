#!/usr/bin/env python3
"""The house rules a newcomer relies on, checked in CI (scripts/test-all.sh):

  1. no import circle between the Rust files of a crate (`use crate::a::b` / `crate::a::b::f()`
     in one file pointing at another, and `super::`), in crates/core, crates/server, crates/cli,
     crates/demo and src-tauri;
  2. no hand-written source file over 800 lines (Rust, TypeScript; generated bindings, the
     generated 繁體 texts and migrations excluded).

    python3 scripts/check-structure.py          # prints the circles and long files, exit 1 if any
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CRATES = ["crates/core/src", "crates/server/src", "crates/cli/src", "crates/demo/src", "src-tauri/src"]
MAX_LINES = 800
GENERATED = {"ui/src/bindings.ts", "ui/src/i18n.zh-TW.ts"}


def module_files(src):
    """Map module path (tuple) -> file, for every .rs file under src."""
    mods = {}
    for dirpath, _, files in os.walk(src):
        for f in files:
            if not f.endswith(".rs"):
                continue
            rel = os.path.relpath(os.path.join(dirpath, f), src)
            parts = rel[:-3].split(os.sep)
            if parts[-1] in ("mod", "lib", "main"):
                parts = parts[:-1]
            mods[tuple(parts)] = os.path.join(dirpath, f)
    return mods


def strip_tests(text):
    """Drops `#[cfg(test)] mod tests { ... }` blocks: a test module may use what it likes."""
    out = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        if lines[i].strip() == "#[cfg(test)]" and i + 1 < len(lines) and re.match(r"\s*(pub\s+)?mod \w+\s*\{", lines[i + 1]):
            depth = 0
            j = i + 1
            while j < len(lines):
                depth += lines[j].count("{") - lines[j].count("}")
                if depth <= 0 and "{" in "".join(lines[i + 1 : j + 1]):
                    break
                j += 1
            i = j + 1
            continue
        out.append(lines[i])
        i += 1
    return "\n".join(out)


def strip_comments(text):
    text = re.sub(r"//[^\n]*", "", text)
    return re.sub(r'"(\\.|[^"\\])*"', '""', text)


def paths_used(text, here):
    """Absolute module paths (tuples) a file names through crate::, super:: and use-trees."""
    found = []
    # Expand `use crate::{a, b::{c, d}}` trees into crate::a, crate::b::c ...
    for m in re.finditer(r"\buse\s+((?:crate|super|self)(?:::\w+)*)::\{", text):
        start = m.end()
        depth = 1
        k = start
        while k < len(text) and depth:
            depth += {"{": 1, "}": -1}.get(text[k], 0)
            k += 1
        inner = text[start : k - 1]
        for item in split_tree(inner):
            found.append(m.group(1) + "::" + item)
    for m in re.finditer(r"\b((?:crate|super)(?:::\w+)+)", text):
        found.append(m.group(1))
    out = []
    for p in found:
        parts = p.replace(" ", "").split("::")
        base = []
        if parts[0] == "crate":
            parts = parts[1:]
        elif parts[0] in ("super", "self"):
            base = list(here)
            while parts and parts[0] in ("super", "self"):
                if parts[0] == "super":
                    base = base[:-1]
                parts = parts[1:]
        out.append(tuple(base + [x for x in parts if x and x != "self"]))
    return out


def split_tree(inner):
    items, depth, cur = [], 0, ""
    for ch in inner:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        if ch == "," and depth == 0:
            items.append(cur.strip())
            cur = ""
        else:
            cur += ch
    if cur.strip():
        items.append(cur.strip())
    res = []
    for it in items:
        m = re.match(r"([\w:]+)::\{(.*)\}$", it, re.S)
        if m:
            res += [m.group(1) + "::" + x for x in split_tree(m.group(2))]
        else:
            res.append(re.sub(r"\s+as\s+\w+$", "", it))
    return res


def resolve(path, mods):
    """The longest prefix of `path` that is a module with its own file."""
    for n in range(len(path), 0, -1):
        if path[:n] in mods:
            return path[:n]
    return None


def reexports_of(m, mods):
    """Names a module re-exports (`pub use a::b::{X, Y}` / `pub use a::*`), mapped to the module
    that defines them, so `crate::m::X` counts as a use of that module, not of `m`."""
    text = strip_comments(open(mods[m], encoding="utf-8").read())
    out = {}
    for u in re.finditer(r"pub(?:\(crate\))? use ([^;]+);", text):
        for p in paths_used("use " + u.group(1) + ";", m + ("_",)):
            target = resolve(p, mods)
            if target is None or target == m:
                continue
            if p[-1] == "*":
                body = open(mods[target], encoding="utf-8").read()
                for n in re.findall(r"pub (?:struct|enum|fn|const|type|trait|static) (\w+)", body):
                    out[n] = target
            else:
                out[p[-1]] = target
    return out


def expand(tree):
    m = re.match(r"([\w:]*?)::\{(.*)\}$", tree, re.S)
    if not m:
        return [tree]
    return [m.group(1) + "::" + x for x in split_tree(m.group(2))]


def circles(src):
    mods = module_files(src)
    reexports = {m: reexports_of(m, mods) for m in mods}
    edges = {m: set() for m in mods}
    for m, f in mods.items():
        text = strip_comments(strip_tests(open(f, encoding="utf-8").read()))
        here = m if not f.endswith(("mod.rs", "lib.rs", "main.rs")) else m + ("_",)
        own = re.sub(r"pub(?:\(crate\))? use [^;]+;", "", text)
        for p in paths_used(own, here):
            t = resolve(p, mods)
            # Through re-exports to the module that defines the name.
            seen = set()
            while t is not None and len(p) > len(t) and p[len(t)] in reexports.get(t, {}) and t not in seen:
                seen.add(t)
                t = reexports[t][p[len(t)]]
            if t is None or t == m or t == ():
                continue
            edges[m].add(t)
        # A parent's own code naming a child by a relative path (`child::f()`, `use child::X`).
        for child in mods:
            if len(child) == len(m) + 1 and child[: len(m)] == m:
                if re.search(r"(?<![:\w])" + child[-1] + r"::", own):
                    edges[m].add(child)
    return tarjan(edges)


def tarjan(edges):
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in list(edges):
        if v not in index:
            visit(v)
    return out, edges


def long_files():
    out = []
    for top in ["crates", "src-tauri/src", "tests", "ui/src", "fuzz"]:
        for dirpath, dirs, files in os.walk(os.path.join(ROOT, top)):
            dirs[:] = [d for d in dirs if d not in ("target", "node_modules", "fixtures")]
            for f in files:
                if not f.endswith((".rs", ".ts", ".tsx")):
                    continue
                path = os.path.join(dirpath, f)
                rel = os.path.relpath(path, ROOT)
                if rel in GENERATED:
                    continue
                n = sum(1 for _ in open(path, encoding="utf-8"))
                if n > MAX_LINES:
                    out.append((n, rel))
    return sorted(out, reverse=True)


def main():
    bad = 0
    for c in CRATES:
        src = os.path.join(ROOT, c)
        if not os.path.isdir(src):
            continue
        comps, edges = circles(src)
        n_edges = sum(len(v) for v in edges.values())
        print(f"{c}: {len(edges)} files, {n_edges} imports between them, {len(comps)} circles")
        for comp in comps:
            bad += 1
            names = ["::".join(m) or "(root)" for m in comp]
            print("  circle: " + " ↔ ".join(names))
            if "-v" in sys.argv:
                for m in comp:
                    print("    " + "::".join(m) + " → " + ", ".join("::".join(t) for t in sorted(edges[m]) if t in comp))
    longs = long_files()
    print(f"hand-written files over {MAX_LINES} lines: {len(longs)}")
    for n, rel in longs:
        bad += 1
        print(f"  {n:5d} {rel}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
