# test_review.py: resolving a disagreement in the real gloss. A reviewer
# opens an article that two colleagues annotated, switches to review with
# the header bar's switch, clicks one annotator's version in the text,
# accepts it with the pane's button (found by its accessible name) and
# finds it in the gold sidecar with the decision's provenance; Ctrl+Z,
# sent as real key events, takes the decision back out of the file.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import re

import gloss_e2e as e2e

ARTICLE = "valmora-strike-gazette.txt"
REVIEWER = "carol"


def gold_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def test():
    corpus = e2e.corpus_dir()
    article = os.path.join(corpus, ARTICLE)
    gold = e2e.sidecar_path(article, "gold")
    e2e.check(not os.path.exists(gold), "there is no gold sidecar yet")

    gloss = e2e.Gloss([corpus], annotator=REVIEWER, annotator_name="Carol Reviewer")
    gloss.open_article(ARTICLE)

    # --- Review mode, with the header bar's switch (GTK 4.8 names a
    # button with a mnemonic "_Review Review": match the end).
    gloss.click_widget(gloss.find("push button", re.compile(r"Review$")))
    view = gloss.find("text", "Article text with the annotators’ versions")
    text = e2e.text_of(view)
    e2e.check(text == e2e.read_article(article), "the review shows %s" % ARTICLE)
    e2e.screenshot("review-1-mode")

    # --- Alice marked "Port of Valmora" a facility, bob an organisation:
    # a click on the words shows both versions; accept alice's.
    start, end = e2e.phrase_offsets(text, "Port of Valmora")
    gloss.click_text(view, start + 2)
    accept = gloss.find("push button", re.compile(r"^Accept alice’s version"))
    gloss.find("push button", re.compile(r"^Accept bob’s version"))
    e2e.screenshot("review-2-versions")
    gloss.click_widget(accept)

    saved = e2e.wait_saved(gold, lambda s: s.entities_at(start, end, "facility"),
                           "alice's facility %d..%d in gold" % (start, end))
    e2e.check(len(saved.entities) == 1, "gold holds that one entity")
    e2e.check(saved.annotator == "gold", "the file is the gold sidecar")
    xml = gold_text(gold)
    decision = re.search(r"<rv:decision [^>]*>", xml)
    e2e.check(decision is not None, "the entity carries a review decision")
    for name, value in (("action", "accept"), ("reviewer", REVIEWER), ("annotator", "alice")):
        e2e.check('%s="%s"' % (name, value) in decision.group(0),
                  "the decision says %s=%s" % (name, value))
    e2e.check(re.search(r'<rv:alternative [^>]*annotator="bob"[^>]*type="organisation"', xml) is not None,
              "bob's version is kept as the alternative")
    e2e.screenshot("review-3-accepted")

    # --- Ctrl+Z undoes the decision, on disk too.
    gloss.key("ctrl+z")
    e2e.wait_saved(gold, lambda s: not s.entities_at(start, end),
                   "the decision taken back in gold")

    # --- Back to annotating: the reviewer's own text view again.
    gloss.click_widget(gloss.find("push button", re.compile(r"Annotate$")))
    e2e.wait_for(lambda: e2e.has_visible_state(gloss.article_view()),
                 message="the annotating view to show again")
    e2e.check(gloss.quit() == 0, "gloss quits cleanly")


if __name__ == "__main__":
    e2e.main(test)
