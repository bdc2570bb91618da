#!/usr/bin/python3
# check-webanno.py FOLDER CORPUS: checks a WebAnno TSV 3.3 export as
# INCEpTION reads it: the header, #Text lines, token lines whose offsets
# are UTF-16 code units of the article, the same number of columns on
# every line, and disambiguation numbers that name one annotation each.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re
import sys

from common import finish, problem, read_article

ROOT, CORPUS = sys.argv[1], sys.argv[2]
n_docs = n_tokens = 0

for folder, _, files in sorted(os.walk(ROOT)):
    for name in sorted(files):
        if not name.endswith(".tsv"):
            problem(os.path.join(folder, name), "not a .tsv")
            continue
        path = os.path.join(folder, name)
        text = read_article(CORPUS, name[:-4] + ".txt")
        units = text.encode("utf-16-le")
        with open(path, encoding="utf-8", newline="") as f:
            data = f.read()
        lines = data.split("\n")
        if lines[0] != "#FORMAT=WebAnno TSV 3.3":
            problem(path, "first line")
        columns = 0
        i = 1
        while lines[i].startswith("#T_"):
            m = re.match(r"^#T_(SP|RL)=([\w.]+)((\|[^|]*)+)$", lines[i])
            if not m:
                problem(f"{path}:{i + 1}", "layer header")
            else:
                columns += len(m.group(3).split("|")) - 1
            i += 1
        if lines[i] != "" or lines[i + 1] != "":
            problem(path, "two empty lines after the header")
        expected_sentence = 1
        spans = {}
        previous_end = 0
        for number, line in enumerate(lines[i + 2:], i + 3):
            where = f"{path}:{number}"
            if line == "" or line.startswith("#Text="):
                continue
            fields = line.split("\t")
            if fields[-1] != "" or len(fields) != 3 + columns + 1:
                problem(where, f"{len(fields)} fields for {columns} feature columns")
                continue
            sent, tok = (int(x) for x in fields[0].split("-"))
            if tok == 1:
                if sent != expected_sentence:
                    problem(where, f"sentence {sent}, expected {expected_sentence}")
                expected_sentence = sent + 1
            begin, end = (int(x) for x in fields[1].split("-"))
            if begin < previous_end or end <= begin:
                problem(where, "token offsets out of order")
            previous_end = end
            covered = units[2 * begin:2 * end].decode("utf-16-le", errors="replace")
            if covered != fields[2]:
                problem(where, f"token {fields[2]!r} but UTF-16 {begin}-{end} is {covered!r}")
            n_tokens += 1
            for col, value in enumerate(fields[3:-1]):
                if value == "_":
                    continue
                for part in re.split(r"(?<!\\)\|", value):
                    m = re.search(r"\[(\d+)(_\d+)?\]$", part)
                    if m and not m.group(2):
                        spans.setdefault((col, int(m.group(1))), []).append(n_tokens)
        # A numbered annotation covers a run of consecutive tokens.
        for (col, ident), where_ in spans.items():
            if where_ != list(range(where_[0], where_[0] + len(where_))):
                problem(path, f"[{ident}] in column {col + 4} is not on consecutive tokens")
        if expected_sentence == 1:
            problem(path, "no sentences")
        n_docs += 1

finish(f"{n_docs} documents, {n_tokens} tokens checked")
