# test_annotate.py: marking with the mouse in the real gloss. A drag over
# a phrase and a click on a type button, found by its accessible name, save
# that entity at the phrase's code-point offsets; a claim takes an entity
# as its source by a click on the entity's words and a cue by a drag; each
# Ctrl+Z, sent as real key events, takes one step back in the sidecar.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os

import gloss_e2e as e2e

ARTICLE = "valmora-strike-wire.txt"
ANNOTATOR = "e2e"


def test():
    corpus = e2e.corpus_dir()
    article = os.path.join(corpus, ARTICLE)
    sidecar = e2e.sidecar_path(article, ANNOTATOR)
    e2e.check(not os.path.exists(sidecar), "there is no %s sidecar yet" % ANNOTATOR)

    gloss = e2e.Gloss([corpus], annotator=ANNOTATOR)
    view = gloss.open_article(ARTICLE)
    text = e2e.text_of(view)
    e2e.check(text == e2e.read_article(article),
              "the text read through AT-SPI is %s (%d code points)" % (ARTICLE, len(text)))
    e2e.screenshot("annotate-1-article")

    # --- An entity: drag over the name, then the popover's "Person".
    name = "Lidia Ferrant"
    ns, ne = e2e.phrase_offsets(text, name)
    gloss.select_text(view, ns, ne)
    person = gloss.popover_button("Person")
    e2e.screenshot("annotate-2-popover")
    gloss.click_widget(person)
    saved = e2e.wait_saved(sidecar, lambda s: s.entities_at(ns, ne, "person"),
                           "the person %r at %d..%d" % (name, ns, ne))
    e2e.check(len(saved.entities) == 1 and not saved.claims,
              "the sidecar holds that one entity and nothing else")
    entity = saved.entities_at(ns, ne, "person")[0]
    e2e.check(entity.exact == name, "its quote is %r (got %r)" % (name, entity.exact))
    e2e.check(saved.annotator == ANNOTATOR and saved.source_name == ARTICLE,
              "the sidecar names annotator %s and source %s" % (ANNOTATOR, ARTICLE))
    e2e.check(saved.source_length == len(text),
              "the sidecar's source length is %d code points" % len(text))
    e2e.wait_for(lambda: not gloss.mark_popover_shown(), message="the popover to close")
    e2e.check(e2e.selection(view) is None, "marking clears the selection")
    e2e.screenshot("annotate-3-person")

    # --- A second entity with the side panel's palette button.
    org = "Institute for Coastal Trade"
    os_, oe = e2e.phrase_offsets(text, org)
    gloss.select_text(view, os_, oe)
    gloss.mark_popover()
    gloss.click_widget(gloss.palette_button("Organisation"))
    saved = e2e.wait_saved(sidecar, lambda s: s.entities_at(os_, oe, "organisation"),
                           "the organisation %r at %d..%d" % (org, os_, oe))
    e2e.check(len(saved.entities) == 2, "the sidecar holds two entities")
    e2e.wait_for(lambda: not gloss.mark_popover_shown(),
                 message="the popover to close after the palette's button")
    e2e.screenshot("annotate-4-organisation")

    # --- A claim: its content, "Claim", a click on its source's words,
    # then the cue word.
    content = ("This agreement was reached because the government insisted that "
               "both parties stay at the table")
    cs, ce = e2e.phrase_offsets(text, content)
    # The cue: "said" in 'table," Ferrant said.'
    after, _ = e2e.phrase_offsets(text, 'table," Ferrant said')
    cue_s = text.index("said", after)
    cue_e = cue_s + len("said")
    gloss.select_text(view, cs, ce)
    gloss.click_widget(gloss.popover_button("Claim"))
    saved = e2e.wait_saved(sidecar, lambda s: s.claims_at(cs, ce),
                           "the claim at %d..%d" % (cs, ce))
    e2e.check(saved.claims_at(cs, ce)[0].source_entity is None,
              "the new claim has no source yet")
    gloss.banner_button("The Article Itself")
    e2e.screenshot("annotate-5-pick-source")

    gloss.click_text(view, ns + len(name) // 2)
    saved = e2e.wait_saved(sidecar,
                           lambda s: s.claims_at(cs, ce)
                           and s.claims_at(cs, ce)[0].source_entity == entity.id,
                           "the claim's source, entity %s (%s)" % (entity.id, name))
    gloss.banner_button("Skip")
    e2e.screenshot("annotate-6-pick-cue")

    # In a pick the selection is taken at once: drag, do not wait for it.
    gloss.drag_text(view, cue_s, cue_e)
    saved = e2e.wait_saved(sidecar,
                           lambda s: s.claims_at(cs, ce) and s.claims_at(cs, ce)[0].cue
                           and (s.claims_at(cs, ce)[0].cue.start,
                                s.claims_at(cs, ce)[0].cue.end) == (cue_s, cue_e),
                           "the claim's cue %r at %d..%d" % ("said", cue_s, cue_e))
    claim = saved.claims_at(cs, ce)[0]
    e2e.check(claim.exact == content, "the claim quotes its content")
    e2e.check(claim.source_entity == saved.entities_at(ns, ne, "person")[0].id,
              "the claim's source is the entity at %d..%d" % (ns, ne))
    e2e.check(claim.cue.exact == "said", "the cue quotes %r" % claim.cue.exact)
    e2e.check(len(saved.claims) == 1 and len(saved.entities) == 2,
              "the sidecar holds two entities and one claim")
    e2e.wait_for(lambda: not gloss.pick_banner_shown(), message="the pick banner to go")
    e2e.wait_for(lambda: gloss.corpus_counts(ARTICLE, ANNOTATOR) == "2 · 1",
                 message="the corpus list to count 2 entities and 1 claim of %s (%r before waiting)"
                 % (ANNOTATOR, gloss.corpus_counts(ARTICLE, ANNOTATOR)))
    e2e.screenshot("annotate-7-claim")

    # --- Undo with real Ctrl+Z key events: each step of the claim is one
    # step back (cue, source, the claim itself), then the entities.
    gloss.key("ctrl+z")
    saved = e2e.wait_saved(sidecar,
                           lambda s: s.claims_at(cs, ce) and s.claims_at(cs, ce)[0].cue is None,
                           "the claim without its cue after Ctrl+Z")
    e2e.check(saved.claims_at(cs, ce)[0].source_entity == entity.id,
              "the first Ctrl+Z keeps the source")
    gloss.key("ctrl+z")
    saved = e2e.wait_saved(sidecar,
                           lambda s: s.claims_at(cs, ce)
                           and s.claims_at(cs, ce)[0].source_entity is None,
                           "the claim without its source after Ctrl+Z")
    gloss.key("ctrl+z")
    saved = e2e.wait_saved(sidecar, lambda s: not s.claims,
                           "the sidecar without the claim after Ctrl+Z")
    e2e.check(len(saved.entities) == 2, "both entities stay")
    e2e.wait_for(lambda: gloss.corpus_counts(ARTICLE, ANNOTATOR) == "2 · 0",
                 message="the corpus list to count 2 entities, no claim of %s (%r before waiting)"
                 % (ANNOTATOR, gloss.corpus_counts(ARTICLE, ANNOTATOR)))
    e2e.screenshot("annotate-8-claim-undone")
    gloss.key("ctrl+z")
    saved = e2e.wait_saved(sidecar, lambda s: not s.entities_at(os_, oe),
                           "the sidecar without the organisation after Ctrl+Z")
    e2e.check([(e.start, e.end, e.type) for e in saved.entities] == [(ns, ne, "person")],
              "only the person is left")

    # Redo (Ctrl+Shift+Z) brings the organisation back.
    gloss.key("ctrl+shift+z")
    e2e.wait_saved(sidecar, lambda s: s.entities_at(os_, oe, "organisation"),
                   "the organisation again after Ctrl+Shift+Z")
    e2e.screenshot("annotate-9-redo")

    status = gloss.quit()
    e2e.check(status == 0, "gloss exits with status 0 on Ctrl+Q (got %d)" % status)
    final = e2e.read_sidecar(sidecar)
    e2e.check(len(final.entities) == 2 and not final.claims,
              "the sidecar keeps the last state after quitting")


if __name__ == "__main__":
    e2e.main(test)
