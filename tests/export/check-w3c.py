#!/usr/bin/python3
# check-w3c.py OUT.jsonld CORPUS: checks a W3C Web Annotation export.
#
# The W3C's JSON schemas are not at hand offline, so this encodes the
# MUST rules of the Web Annotation Data Model that our output touches, in
# our own words, and checks the selectors against the articles.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import json
import re
import sys
import urllib.parse

from common import finish, problem, read_article

ANNO = "http://www.w3.org/ns/anno.jsonld"
MOTIVATIONS = {"assessing", "bookmarking", "classifying", "commenting", "describing",
               "editing", "highlighting", "identifying", "linking", "moderating",
               "questioning", "replying", "tagging"}
AGENTS = {"Person", "Organization", "Software"}
IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$")
TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")

path, corpus = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8") as f:
    collection = json.load(f)
texts = {}


def is_iri(value):
    return isinstance(value, str) and IRI.match(value) is not None


def article_text(iri):
    name = urllib.parse.unquote(iri.rsplit("/", 1)[-1])
    if name not in texts:
        texts[name] = read_article(corpus, name)
    return texts[name]


def check_selectors(where, source, selectors):
    if isinstance(selectors, dict):
        selectors = [selectors]
    text = article_text(source)
    position = quote = None
    for sel in selectors:
        kind = sel.get("type")
        if kind == "TextPositionSelector":
            s, e = sel.get("start"), sel.get("end")
            if not (isinstance(s, int) and isinstance(e, int) and 0 <= s <= e):
                problem(where, "TextPositionSelector needs start <= end, both non-negative integers")
                continue
            if e > len(text):
                problem(where, f"end {e} past the article ({len(text)})")
            position = (s, e)
        elif kind == "TextQuoteSelector":
            if not isinstance(sel.get("exact"), str):
                problem(where, "TextQuoteSelector needs exact")
                continue
            for k in ("prefix", "suffix"):
                if k in sel and not isinstance(sel[k], str):
                    problem(where, f"{k} is a string")
            quote = sel
        else:
            problem(where, f"selector type {kind!r}")
    if position and quote:
        s, e = position
        if text[s:e] != quote["exact"]:
            problem(where, f"exact {quote['exact']!r} but the article has {text[s:e]!r}")
        if text[max(0, s - len(quote["prefix"])):s] != quote["prefix"]:
            problem(where, "prefix does not precede the span")
        if text[e:e + len(quote["suffix"])] != quote["suffix"]:
            problem(where, "suffix does not follow the span")
    else:
        problem(where, "expected a TextPositionSelector and a TextQuoteSelector")


def check_body(where, body, ids_wanted):
    kind = body.get("type")
    purpose = body.get("purpose")
    if purpose is not None and purpose not in MOTIVATIONS:
        problem(where, f"purpose {purpose!r} is not a motivation of the model")
    if kind == "TextualBody":
        if not isinstance(body.get("value"), str):
            problem(where, "TextualBody needs a string value")
    elif kind == "SpecificResource":
        if not is_iri(body.get("source")):
            problem(where, "SpecificResource needs an IRI source")
        elif "selector" in body:
            check_selectors(where, body["source"], body["selector"])
        elif "#" in body["source"]:
            ids_wanted.append((where, body["source"]))
    else:
        problem(where, f"body type {kind!r}")


if collection.get("@context") != ANNO:
    problem(path, "the collection's @context is the anno context")
if collection.get("type") != "AnnotationCollection" or not is_iri(collection.get("id")):
    problem(path, "an AnnotationCollection with an IRI id")
page = collection.get("first", {})
if page.get("type") != "AnnotationPage" or not is_iri(page.get("id")):
    problem(path, "first is an AnnotationPage with an IRI id")
items = page.get("items", [])
if collection.get("total") != len(items):
    problem(path, f"total {collection.get('total')} but {len(items)} items")

ids = set()
ids_wanted = []
for n, a in enumerate(items):
    where = f"{path} item {n} {a.get('id')}"
    ctx = a.get("@context")
    if ctx != ANNO and not (isinstance(ctx, list) and ctx and ctx[0] == ANNO):
        problem(where, "@context is the anno context")
    if not is_iri(a.get("id")):
        problem(where, "id is an IRI")
    if a.get("id") in ids:
        problem(where, "id twice")
    ids.add(a.get("id"))
    if a.get("type") != "Annotation":
        problem(where, "type is Annotation")
    motivation = a.get("motivation")
    if motivation not in MOTIVATIONS:
        problem(where, f"motivation {motivation!r}")
    creator = a.get("creator")
    if not isinstance(creator, dict) or creator.get("type") not in AGENTS or \
            not any(isinstance(creator.get(k), str) for k in ("name", "nickname")):
        problem(where, "creator is an agent with a name or nickname")
    for k in ("created", "modified"):
        if k in a and not TIME.match(a[k]):
            problem(where, f"{k} is an xsd:dateTime with a time zone")
    bodies = a.get("body", [])
    if isinstance(bodies, dict):
        bodies = [bodies]
    for body in bodies:
        check_body(where, body, ids_wanted)
    target = a.get("target")
    if target is None:
        problem(where, "at least one target")
    elif isinstance(target, str):
        if not is_iri(target):
            problem(where, "a target is an IRI or a resource")
        ids_wanted.append((where, target))
    else:
        if not is_iri(target.get("source")):
            problem(where, "the target's source is an IRI")
        else:
            check_selectors(where, target["source"], target.get("selector", []))
    if motivation == "tagging" and not any(b.get("purpose") == "tagging" for b in bodies):
        problem(where, "a tagging annotation has a tagging body")

for where, iri in ids_wanted:
    if iri not in ids:
        problem(where, f"refers to {iri}, which is not in the collection")

finish(f"{len(items)} annotations checked")
