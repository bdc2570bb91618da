#!/usr/bin/python3
# check-brat.py FOLDER: checks a brat export by brat's rules: every .ann
# beside its .txt, ids unique, offsets inside the text, the text field
# equal to the text at the offsets (fragments joined by a space), no line
# break inside a fragment, references to ids that exist, and types,
# relations and attributes declared in annotation.conf.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import sys

from common import finish, problem

ROOT = sys.argv[1]


def read_conf(path):
    sections = {}
    current = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            m = re.match(r"^\[(\w+)\]$", line)
            if m:
                current = sections.setdefault(m.group(1), {})
                continue
            name, _, rest = line.partition("\t")
            current[name.strip()] = rest
    return sections


conf = read_conf(os.path.join(ROOT, "annotation.conf"))
for section in ("entities", "relations", "events", "attributes"):
    if section not in conf:
        problem("annotation.conf", f"no [{section}]")
entity_types = set(conf["entities"])
event_types = set(conf["events"])
attributes = {}
for name, spec in conf["attributes"].items():
    m = re.search(r"Value:([^,]+)", spec)
    attributes[name] = set(m.group(1).split("|")) if m else None

with open(os.path.join(ROOT, "visual.conf"), encoding="utf-8") as f:
    visual = f.read()
for t in entity_types:
    if f"\n{t} | " not in "\n" + visual:
        problem("visual.conf", f"no label for {t}")

n_docs = n_lines = 0
for folder, _, files in sorted(os.walk(ROOT)):
    for name in sorted(files):
        if not name.endswith(".ann"):
            continue
        ann = os.path.join(folder, name)
        txt = ann[:-4] + ".txt"
        if not os.path.exists(txt):
            problem(ann, "no .txt beside it")
            continue
        with open(txt, encoding="utf-8", newline="") as f:
            text = f.read()
        if text.startswith("\ufeff"):
            problem(txt, "begins with a byte-order mark")
        ids = {}
        lines = []
        with open(ann, encoding="utf-8", newline="") as f:
            for number, line in enumerate(f, 1):
                if not line.endswith("\n") or "\r" in line:
                    problem(f"{ann}:{number}", "line does not end with a lone line feed")
                lines.append((number, line.rstrip("\n")))
        for number, line in lines:
            where = f"{ann}:{number}"
            ident = line.split("\t", 1)[0]
            if not re.match(r"^([TERAN]\d+|#\d+)$", ident):
                problem(where, f"bad id {ident!r}")
            if ident in ids:
                problem(where, f"id {ident} twice")
            ids[ident] = line
        for number, line in lines:
            where = f"{ann}:{number}"
            fields = line.split("\t")
            ident = fields[0]
            n_lines += 1
            kind = ident[0]
            if kind == "T":
                if len(fields) != 3:
                    problem(where, "a T line has three fields")
                    continue
                type_, _, spans = fields[1].partition(" ")
                if type_ not in entity_types and type_ not in event_types:
                    problem(where, f"type {type_} not in annotation.conf")
                parts = []
                last_end = -1
                for frag in spans.split(";"):
                    s, e = (int(x) for x in frag.split(" "))
                    if not (0 <= s < e <= len(text)) or s < last_end:
                        problem(where, f"fragment {s}-{e} outside the text or out of order")
                        continue
                    if "\n" in text[s:e] or "\r" in text[s:e]:
                        problem(where, f"fragment {s}-{e} holds a line break")
                    parts.append(text[s:e])
                    last_end = e
                if " ".join(parts) != fields[2]:
                    problem(where, f"text {fields[2]!r} but the file has {' '.join(parts)!r}")
            elif kind == "E":
                args = fields[1].split(" ")
                type_, _, trigger = args[0].partition(":")
                if type_ not in event_types:
                    problem(where, f"event type {type_} not in annotation.conf")
                if not ids.get(trigger, "").split("\t")[1:2] or \
                        ids[trigger].split("\t")[1].split(" ")[0] != type_:
                    problem(where, f"trigger {trigger} missing or of another type")
                for arg in args[1:]:
                    role, _, target = arg.partition(":")
                    if role not in ("Source", "Cue", "Parent") or target not in ids:
                        problem(where, f"argument {arg}")
            elif kind == "A":
                parts = fields[1].split(" ")
                if parts[0] not in attributes:
                    problem(where, f"attribute {parts[0]} not in annotation.conf")
                elif attributes[parts[0]] is not None and \
                        (len(parts) != 3 or parts[2] not in attributes[parts[0]]):
                    problem(where, f"value of {parts[0]}")
                if parts[1] not in ids:
                    problem(where, f"{parts[1]} does not exist")
            elif kind == "R":
                parts = fields[1].split(" ")
                if parts[0] not in conf["relations"]:
                    problem(where, f"relation {parts[0]} not in annotation.conf")
                if [p.split(":")[0] for p in parts[1:]] != ["Arg1", "Arg2"]:
                    problem(where, "arguments are Arg1 and Arg2")
                for p in parts[1:]:
                    if p.split(":")[1] not in ids:
                        problem(where, f"{p} does not exist")
            elif kind == "N":
                parts = fields[1].split(" ")
                if parts[0] != "Reference" or parts[1] not in ids or \
                        not re.match(r"^[\w-]+:\S+$", parts[2]) or len(fields) != 3:
                    problem(where, "N lines are Reference ID DB:KEY<TAB>TEXT")
            elif kind == "#":
                parts = fields[1].split(" ")
                if parts[0] != "AnnotatorNotes" or parts[1] not in ids or len(fields) != 3:
                    problem(where, "notes are AnnotatorNotes ID<TAB>NOTE")
        n_docs += 1

if n_docs == 0:
    problem(ROOT, "no documents")
finish(f"{n_docs} documents, {n_lines} annotation lines checked")
