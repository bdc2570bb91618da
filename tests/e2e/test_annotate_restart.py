# test_annotate_restart.py: what is marked survives quitting. Three
# entities and two claims (one with an entity as its source and a cue, one
# with the article itself as its source) are marked in an article that
# starts with a byte-order mark; Ctrl+Q quits; a new gloss on the same
# folder shows them all in the corpus list, the side panel and its lists,
# and the sidecar holds them at the same code-point offsets.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re

import gloss_e2e as e2e

ARTICLE = "lindmere-council-budget.txt"
ANNOTATOR = "e2e"


def mark_entity(gloss, view, sidecar, text, phrase, type_id, how):
    """Mark @phrase as @type_id: with the popover's button, the palette's
    button (both by accessible name: @how is ("popover", LABEL) or
    ("palette", LABEL)) or a type key (("key", KEY))."""
    start, end = e2e.phrase_offsets(text, phrase)
    gloss.select_text(view, start, end)
    gloss.mark_popover()
    kind, what = how
    if kind == "popover":
        gloss.click_widget(gloss.popover_button(what))
    elif kind == "palette":
        gloss.click_widget(gloss.palette_button(what))
    else:
        gloss.key(what)
    saved = e2e.wait_saved(sidecar, lambda s: s.entities_at(start, end, type_id),
                           "%s %r at %d..%d (%s)" % (type_id, phrase, start, end, kind))
    return saved.entities_at(start, end, type_id)[0]


def side_panel_tabs(gloss):
    """The labels of the side panel's list switcher: "Entities (N)" and
    "Claims (N)" (other page tabs, such as review's, are left out)."""
    return sorted(e2e.name_of(t) for t in e2e.find_all(gloss.app, "page tab",
                                                       re.compile(r"^(Entities|Claims) \(")))


def list_rows(gloss, list_name):
    """The accessible names of the rows of the side panel's list
    @list_name: the row widget inside each list item carries it."""
    lst = gloss.find("list", list_name)
    names = []
    for item in e2e.find_all(lst, "list item"):
        named = [a for a in e2e.find_all(item, None, re.compile(r"\S"), max_depth=2)]
        names.append(e2e.name_of(named[0]) if named else "")
    return names


def test():
    corpus = e2e.corpus_dir()
    article = os.path.join(corpus, ARTICLE)
    sidecar = e2e.sidecar_path(article, ANNOTATOR)
    with open(article, "rb") as f:
        e2e.check(f.read(3) == b"\xef\xbb\xbf", "%s starts with a byte-order mark" % ARTICLE)

    gloss = e2e.Gloss([corpus], annotator=ANNOTATOR)
    view = gloss.open_article(ARTICLE)
    text = e2e.text_of(view)
    e2e.check(text == e2e.read_article(article), "AT-SPI gives the text without the mark")
    e2e.check(gloss.corpus_counts(ARTICLE, ANNOTATOR) is None,
              "the corpus list shows no work of %s yet" % ANNOTATOR)

    council = mark_entity(gloss, view, sidecar, text, "Lindmere District Council",
                          "organisation", ("key", "o"))
    leader = mark_entity(gloss, view, sidecar, text, "Gideon Ashworth-Pryce",
                         "person", ("popover", "Person"))
    hall = mark_entity(gloss, view, sidecar, text, "Corn Exchange",
                       "facility", ("palette", "Facility"))
    e2e.screenshot("restart-1-entities")

    # A claim by the council leader, with its cue.
    content = "the road money was long overdue"
    cs, ce = e2e.phrase_offsets(text, content)
    said_s = text.index("said", text.index("Gideon Ashworth-Pryce"))
    said_e = said_s + len("said")
    e2e.check(said_e <= cs, "the cue %r comes before the content" % text[said_s:said_e])
    gloss.select_text(view, cs, ce)
    gloss.click_widget(gloss.popover_button("Claim"))
    gloss.banner_button("The Article Itself")
    gloss.click_text(view, leader.start + 3)
    gloss.banner_button("Skip")
    gloss.drag_text(view, said_s, said_e)
    saved = e2e.wait_saved(sidecar,
                           lambda s: s.claims_at(cs, ce) and s.claims_at(cs, ce)[0].cue is not None,
                           "the claim %r with its cue" % content)
    e2e.wait_for(lambda: not gloss.pick_banner_shown(), message="the pick banner to go")

    # The headline, from the first character after the byte-order mark:
    # the article itself says it.
    headline = text.splitlines()[0]
    hs, he = 0, len(headline)
    gloss.select_text(view, hs, he)
    gloss.mark_popover()
    gloss.click_widget(gloss.palette_button("Claim"))
    gloss.click_widget(gloss.banner_button("The Article Itself"))
    gloss.click_widget(gloss.banner_button("Skip"))
    saved = e2e.wait_saved(sidecar,
                           lambda s: s.claims_at(hs, he) and s.claims_at(hs, he)[0].source_article,
                           "the headline claim with the article as its source")
    e2e.wait_for(lambda: not gloss.pick_banner_shown(), message="the pick banner to go")
    e2e.screenshot("restart-2-marked")

    expected_entities = sorted((e.start, e.end, e.type) for e in (council, leader, hall))
    before = saved

    def summary(s):
        return (sorted((e.start, e.end, e.type, e.exact) for e in s.entities),
                sorted((c.start, c.end, c.exact, c.source_article,
                        (s.entity(c.source_entity).start, s.entity(c.source_entity).end)
                        if c.source_entity else None,
                        (c.cue.start, c.cue.end) if c.cue else None) for c in s.claims))

    e2e.check(sorted((e.start, e.end, e.type) for e in before.entities) == expected_entities,
              "the sidecar holds the three entities")
    claim = before.claims_at(cs, ce)[0]
    e2e.check(claim.source_entity == leader.id and (claim.cue.start, claim.cue.end)
              == (said_s, said_e), "the first claim's source is %s and its cue %r"
              % (leader.exact, claim.cue.exact))
    e2e.wait_for(lambda: gloss.corpus_counts(ARTICLE, ANNOTATOR) == "3 · 2",
                 message="the corpus list to count 3 · 2 (%r before waiting)"
                 % gloss.corpus_counts(ARTICLE, ANNOTATOR))

    status = gloss.quit()
    e2e.check(status == 0, "gloss exits with status 0 on Ctrl+Q (got %d)" % status)
    e2e.check(summary(e2e.read_sidecar(sidecar)) == summary(before),
              "quitting leaves the sidecar as it was")

    # A new gloss on the same folder.
    gloss = e2e.Gloss([corpus], annotator=ANNOTATOR)
    e2e.wait_for(lambda: gloss.corpus_counts(ARTICLE, ANNOTATOR) == "3 · 2",
                 message="the new gloss's corpus list to count 3 · 2 for %s (%r before waiting)"
                 % (ANNOTATOR, gloss.corpus_counts(ARTICLE, ANNOTATOR)))
    view = gloss.open_article(ARTICLE)
    e2e.wait_for(lambda: side_panel_tabs(gloss) == ["Claims (2)", "Entities (3)"],
                 message="the side panel to count Entities (3) and Claims (2) (%s before waiting)"
                 % side_panel_tabs(gloss))
    entity_rows = e2e.wait_for(lambda: list_rows(gloss, "Entities") or None,
                               message="rows in the side panel's entity list")
    labels = {"organisation": "Organisation", "person": "Person", "facility": "Facility"}
    for e in (council, leader, hall):
        row = "%s, %s" % (e.exact, labels[e.type])
        e2e.check(row in entity_rows, "the entity list has the row %r" % row)
    e2e.check(len([r for r in entity_rows if r.endswith(", 1 entity")]) == 3,
              "the entity list groups them under three types: %s" % entity_rows)
    e2e.screenshot("restart-3-reopened")

    gloss.click_widget(e2e.find(gloss.app, "page tab", "Claims (2)"))
    claim_rows = e2e.wait_for(lambda: list_rows(gloss, "Claims") or None,
                              message="rows in the side panel's claim list")
    e2e.check(len(claim_rows) == 2, "the claim list has two rows: %s" % claim_rows)
    e2e.check(any(row.startswith(leader.exact) and row.endswith(content) for row in claim_rows),
              "the claim list shows %r from %s" % (content, leader.exact))
    e2e.check(any(row.endswith(headline) and not row.startswith(leader.exact)
                  for row in claim_rows),
              "the claim list shows the headline claim")
    e2e.screenshot("restart-4-claims")

    after = e2e.read_sidecar(sidecar)
    e2e.check(summary(after) == summary(before),
              "the sidecar still holds the same three entities and two claims")
    status = gloss.quit()
    e2e.check(status == 0, "the second gloss exits with status 0 (got %d)" % status)


if __name__ == "__main__":
    e2e.main(test)
