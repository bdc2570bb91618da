#!/usr/bin/python3
# check-csv.py OUT.csv CORPUS: reads a CSV export with Python's csv module
# (RFC 4180 dialect) and checks each claim's text against its article.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import csv
import sys

from common import finish, problem, read_article

HEADER = ["document", "claim", "text", "source", "cue", "stance", "certainty",
          "attribution", "verdict", "start", "end", "annotator"]

path, corpus = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8", newline="") as f:
    raw = f.read()
if not raw.endswith("\r\n"):
    problem(path, "the last record does not end with CRLF")
with open(path, encoding="utf-8", newline="") as f:
    rows = list(csv.reader(f, strict=True))
if rows[0] != HEADER:
    problem(path, f"header {rows[0]}")
texts = {}
for number, row in enumerate(rows[1:], 2):
    if len(row) != len(HEADER):
        problem(f"{path}:{number}", f"{len(row)} fields")
        continue
    rec = dict(zip(HEADER, row))
    text = texts.setdefault(rec["document"], read_article(corpus, rec["document"]))
    s, e = int(rec["start"]), int(rec["end"])
    if text[s:e] != rec["text"]:
        problem(f"{path}:{number}", f"{rec['text']!r} is not {text[s:e]!r}")
    for column in ("source", "cue"):
        if rec[column] and rec[column] != "(article)" and rec[column] not in text:
            problem(f"{path}:{number}", f"{column} {rec[column]!r} not in the article")
finish(f"{len(rows) - 1} claims checked")
