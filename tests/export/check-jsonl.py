#!/usr/bin/python3
# check-jsonl.py OUT.jsonl CORPUS: checks a JSONL export against
# docs/export-formats.md and the articles it came from.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import re
import sys

from common import finish, problem, read_article

TOP = ["id", "text", "meta", "entities", "spans", "claims", "relations"]
META = ["article", "sha256", "annotator", "annotator_name", "tagset",
        "tagset_version", "created", "modified"]
SPAN = ["start", "end", "label", "id", "text", "attributes", "link", "note",
        "annotator", "created", "modified"]
CLAIM = ["id", "start", "end", "text", "source", "cue", "attributes", "parent",
         "link", "note", "annotator", "created", "modified"]
RELATION = ["id", "type", "from", "to", "note", "annotator", "created", "modified"]
TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def keys(where, obj, expected):
    if list(obj.keys()) != expected:
        problem(where, f"keys {list(obj.keys())}, expected {expected}")


def time(where, value):
    if value is not None and not TIME.match(value):
        problem(where, f"time {value!r}")


def span(where, text, obj):
    s, e = obj["start"], obj["end"]
    if not (isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text)):
        problem(where, f"offsets {s}-{e} outside the text ({len(text)})")
    elif text[s:e] != obj["text"]:
        problem(where, f"text {obj['text']!r} but the article has {text[s:e]!r}")


def check(path, corpus):
    seen = set()
    n_docs = n_spans = 0
    with open(path, encoding="utf-8", newline="") as f:
        data = f.read()
    if not data.endswith("\n"):
        problem(path, "does not end with a line feed")
    for number, line in enumerate(data.split("\n")[:-1], 1):
        where = f"{path}:{number}"
        doc = json.loads(line)
        keys(where, doc, TOP)
        keys(where + " meta", doc["meta"], META)
        meta = doc["meta"]
        text = read_article(corpus, doc["id"])
        if doc["text"] != text:
            problem(where, "text differs from the article")
        if meta["article"] != doc["id"]:
            problem(where, "meta.article differs from id")
        if not re.match(r"^[0-9a-f]{64}$", meta["sha256"]):
            problem(where, "sha256")
        time(where, meta["created"])
        time(where, meta["modified"])
        key = (doc["id"], meta["annotator"])
        if key in seen:
            problem(where, f"{key} twice")
        seen.add(key)
        n_docs += 1

        ids = set()
        if len(doc["entities"]) != len(doc["spans"]):
            problem(where, "entities and spans differ in number")
        for ent, sp in zip(doc["entities"], doc["spans"]):
            keys(where + " span", sp, SPAN)
            if ent != [sp["start"], sp["end"], sp["label"]]:
                problem(where, f"entity {ent} and span {sp['id']} differ")
            span(f"{where} span {sp['id']}", text, sp)
            time(where, sp["created"])
            time(where, sp["modified"])
            ids.add(sp["id"])
            n_spans += 1
        order = [(e[0], e[1]) for e in doc["entities"]]
        if order != sorted(order):
            problem(where, "entities not sorted by offsets")

        claim_ids = {c["id"] for c in doc["claims"]}
        for c in doc["claims"]:
            w = f"{where} claim {c['id']}"
            keys(w, c, CLAIM)
            span(w, text, c)
            src = c["source"]
            if isinstance(src, dict) and "entity" in src:
                if src["entity"] not in ids:
                    problem(w, f"source entity {src['entity']} is not exported")
            elif isinstance(src, dict):
                keys(w + " source", src, ["start", "end", "text"])
                span(w + " source", text, src)
            elif src not in ("article", None):
                problem(w, f"source {src!r}")
            if c["cue"] is not None:
                keys(w + " cue", c["cue"], ["start", "end", "text"])
                span(w + " cue", text, c["cue"])
            if c["parent"] is not None:
                parent = next((p for p in doc["claims"] if p["id"] == c["parent"]), None)
                if parent is None:
                    problem(w, "parent is not exported")
                elif not (parent["start"] <= c["start"] and c["end"] <= parent["end"]):
                    problem(w, "parent does not enclose it")
            if not all(isinstance(v, str) for v in c["attributes"].values()):
                problem(w, "attribute values are strings")
        for r in doc["relations"]:
            w = f"{where} relation {r['id']}"
            keys(w, r, RELATION)
            for end in (r["from"], r["to"]):
                if end not in ids and end not in claim_ids:
                    problem(w, f"end {end} is not exported")
    return n_docs, n_spans


n_docs, n_spans = check(sys.argv[1], sys.argv[2])
finish(f"{n_docs} documents, {n_spans} entities checked")
