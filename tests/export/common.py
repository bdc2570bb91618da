# common.py: what the export checkers share
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import sys

problems = []


def problem(where, message):
    problems.append(f"{where}: {message}")


def read_article(corpus, name):
    """The article as Gloss counts it: UTF-8, byte-order mark dropped,
    line endings kept."""
    with open(os.path.join(corpus, name), encoding="utf-8", newline="") as f:
        text = f.read()
    return text[1:] if text.startswith("\ufeff") else text


def finish(what):
    for p in problems[:50]:
        print(p, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problems", file=sys.stderr)
        sys.exit(1)
    print(what)
