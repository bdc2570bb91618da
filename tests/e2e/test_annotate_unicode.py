# test_annotate_unicode.py: offsets are code points also where the text
# has emoji (flags, skin tones, ZWJ sequences) and names written with
# combining marks. Names marked after emoji, with the type key, the popover
# and the palette, and a claim that ends in an emoji sequence, are saved at
# the Python string offsets of the text read through AT-SPI, not at UTF-8
# or UTF-16 ones, and their quotes are the text as written (decomposed).
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import unicodedata

import gloss_e2e as e2e

ARTICLE = "elsmere-food-weekend.txt"
ANNOTATOR = "e2e"


def utf16_offset(text, offset):
    return len(text[:offset].encode("utf-16-le")) // 2


def utf8_offset(text, offset):
    return len(text[:offset].encode("utf-8"))


def decomposed(text, phrase):
    """@phrase as the article writes it (NFD), and its code-point span."""
    written = unicodedata.normalize("NFD", phrase)
    start, end = e2e.phrase_offsets(text, written)
    return written, start, end


def test():
    corpus = e2e.corpus_dir()
    article = os.path.join(corpus, ARTICLE)
    sidecar = e2e.sidecar_path(article, ANNOTATOR)

    gloss = e2e.Gloss([corpus], annotator=ANNOTATOR)
    view = gloss.open_article(ARTICLE)
    text = e2e.text_of(view)
    e2e.check(text == e2e.read_article(article),
              "AT-SPI gives the text as written, combining marks not composed")
    e2e.check(e2e.character_count(view) == len(text),
              "the character count is %d code points" % len(text))

    # After the flag and fire emoji: mark with the type key "p".
    chau, cs, ce = decomposed(text, "Trần Minh Châu")
    e2e.check("🇻🇳🔥" in text[:cs], "emoji come before %r" % chau)
    e2e.check((utf16_offset(text, cs), utf8_offset(text, cs)) != (cs, cs),
              "%r starts at code point %d, UTF-16 %d, UTF-8 %d"
              % (chau, cs, utf16_offset(text, cs), utf8_offset(text, cs)))
    gloss.select_text(view, cs, ce)
    gloss.mark_popover()
    gloss.key("p")
    saved = e2e.wait_saved(sidecar, lambda s: s.entities_at(cs, ce, "person"),
                           "the person %r at %d..%d (type key)" % (chau, cs, ce))
    e2e.check(saved.entities_at(cs, ce)[0].exact == chau,
              "its quote is the decomposed name")
    e2e.screenshot("unicode-1-key")

    # After many more emoji, with skin tones and ZWJ sequences.
    bao, bs, be = decomposed(text, "Đặng Quốc Bảo")
    e2e.check(utf16_offset(text, bs) - bs >= 15,
              "%r is %d UTF-16 units past its code-point offset %d"
              % (bao, utf16_offset(text, bs) - bs, bs))
    gloss.select_text(view, bs, be)
    gloss.click_widget(gloss.popover_button("Person"))
    saved = e2e.wait_saved(sidecar, lambda s: s.entities_at(bs, be, "person"),
                           "the person %r at %d..%d (popover)" % (bao, bs, be))
    e2e.check(saved.entities_at(bs, be)[0].exact == bao,
              "its quote is the decomposed name")
    e2e.screenshot("unicode-2-popover")

    renee, rs, re_ = decomposed(text, "Renée Castellan")
    gloss.select_text(view, rs, re_)
    gloss.mark_popover()
    gloss.click_widget(gloss.palette_button("Person"))
    saved = e2e.wait_saved(sidecar, lambda s: s.entities_at(rs, re_, "person"),
                           "the person %r at %d..%d (palette)" % (renee, rs, re_))
    renee_id = saved.entities_at(rs, re_, "person")[0].id

    # A claim whose content ends in a ZWJ emoji sequence: the drag ends on
    # its last code point; Renée is its source; no cue (Skip).
    content = "Lovely event, terrible planning 🤷🏾‍♀️"
    ks, ke = e2e.phrase_offsets(text, content)
    gloss.select_text(view, ks, ke)
    gloss.mark_popover()
    gloss.click_widget(gloss.palette_button("Claim"))
    gloss.banner_button("The Article Itself")
    gloss.click_text(view, rs + 2)
    skip = gloss.banner_button("Skip")
    e2e.screenshot("unicode-3-claim-cue-step")
    gloss.click_widget(skip)
    saved = e2e.wait_saved(sidecar,
                           lambda s: s.claims_at(ks, ke)
                           and s.claims_at(ks, ke)[0].source_entity == renee_id,
                           "the claim at %d..%d with source %s" % (ks, ke, renee_id))
    claim = saved.claims_at(ks, ke)[0]
    e2e.check(claim.exact == content, "the claim quotes %r" % claim.exact)
    e2e.check(claim.cue is None, "Skip leaves the claim without a cue")
    e2e.wait_for(lambda: not gloss.pick_banner_shown(), message="the banner to go after Skip")
    e2e.screenshot("unicode-4-claim")

    # Every span on disk is at code-point offsets of the text.
    e2e.check(saved.source_length == len(text),
              "the sidecar's source length %d is in code points" % saved.source_length)
    e2e.check(len(saved.entities) == 3 and len(saved.claims) == 1,
              "the sidecar holds three entities and a claim")
    for span in saved.entities + saved.claims:
        e2e.check(text[span.start:span.end] == span.exact,
                  "%s %d..%d is %r in the text" % (span.id, span.start, span.end, span.exact))

    status = gloss.quit()
    e2e.check(status == 0, "gloss exits with status 0 on Ctrl+Q (got %d)" % status)


if __name__ == "__main__":
    e2e.main(test)
