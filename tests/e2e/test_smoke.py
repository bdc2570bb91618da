# test_smoke.py: the real gloss opens a corpus, shows articles, switches
# between them on a click, selects text on a mouse drag and quits on Ctrl+Q.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import hashlib
import os
import unicodedata

import gloss_e2e as e2e


def corpus_state(corpus):
    """Name → SHA-256 of every file in @corpus."""
    state = {}
    for name in sorted(os.listdir(corpus)):
        with open(os.path.join(corpus, name), "rb") as f:
            state[name] = hashlib.sha256(f.read()).hexdigest()
    return state


def check_drag_selects(gloss, text_acc, text, phrase):
    """Drag across @phrase and check the selection covers it, no more than
    its line, and is reported at the phrase's code-point offsets."""
    start, end = e2e.phrase_offsets(text, phrase)
    gloss.drag_text(text_acc, start, end)
    selected = e2e.wait_for(lambda: e2e.selection(text_acc),
                            message="a selection after dragging over %r" % phrase)
    e2e.check(selected[0] <= start and selected[1] >= end,
              "the selection %d..%d covers %r at %d..%d"
              % (selected[0], selected[1], phrase, start, end))
    covered = text[selected[0]:selected[1]]
    e2e.check("\n" not in covered and len(covered) < len(phrase) + 40,
              "the selection %r stays close to the phrase" % covered)
    return selected


def test():
    corpus = e2e.corpus_dir()
    before = corpus_state(corpus)
    articles = sorted(n for n in os.listdir(corpus) if n.endswith(".txt"))
    e2e.check(len(articles) >= 2, "the corpus has at least two articles")

    gloss = e2e.Gloss([corpus])

    # The article list, one row per article, by its accessible name.
    article_list = gloss.find("list", "Articles")
    text_view = gloss.find("text", "Article text")
    rows = e2e.wait_for(lambda: e2e.find_all(article_list, "list item") or None,
                        message="rows in the article list")
    names = [e2e.name_of(r) for r in rows]
    e2e.check(names == articles, "the list shows the corpus's articles in order: %s" % names)

    # The first article is shown at start, as stored minus the BOM.
    first = e2e.read_article(os.path.join(corpus, articles[0]))
    e2e.wait_for(lambda: e2e.text_of(text_view) == first,
                 message="the text view to show %s" % articles[0])
    e2e.check(e2e.character_count(text_view) == len(first),
              "the text view holds %d code points, as %s" % (len(first), articles[0]))

    # Offsets through AT-SPI are code points: select a name in decomposed
    # form that comes after emoji (elsmere) or any phrase of another article.
    phrase = "Đặng Quốc Bảo"
    phrase_nfd = unicodedata.normalize("NFD", phrase)
    if phrase_nfd in first:
        check_drag_selects(gloss, text_view, first, phrase_nfd)
    else:
        words = first.split()
        check_drag_selects(gloss, text_view, first, " ".join(words[2:4]))
    e2e.screenshot("smoke-1-first-article")

    # A click on another row shows that article.
    target_name = "valmora-strike-wire.txt" if "valmora-strike-wire.txt" in articles \
        else articles[-1]
    target_row = rows[names.index(target_name)]
    target = e2e.read_article(os.path.join(corpus, target_name))
    e2e.check(target != first, "%s differs from %s" % (target_name, articles[0]))
    gloss.click_widget(target_row)
    e2e.wait_for(lambda: e2e.text_of(text_view) == target,
                 message="the text view to show %s after the click" % target_name)
    e2e.check(True, "a click on the %s row shows it" % target_name)
    e2e.check(e2e.selection(text_view) is None, "the new article starts unselected")

    # Drags select text, near the top and further down (scrolling there).
    if target_name == "valmora-strike-wire.txt":
        near, far = "the Port of Valmora", "at least 27 vessels waited outside the harbour"
    else:
        words = target.split()
        near, far = " ".join(words[3:6]), " ".join(words[-4:-1])
    check_drag_selects(gloss, text_view, target, near)
    e2e.screenshot("smoke-2-selection")
    check_drag_selects(gloss, text_view, target, far)
    e2e.screenshot("smoke-3-selection-scrolled")

    # Reading and selecting writes nothing.
    e2e.check(corpus_state(corpus) == before, "the corpus files are unchanged")

    # Ctrl+Q quits.
    quit_and_check(gloss)

    # A FILE argument opens that article; a phrase far down is reached by
    # scrolling with the mouse wheel before the drag.
    folder = os.path.join(e2e.env_path("GLOSS_E2E_TMPDIR"), "long")
    os.makedirs(folder)
    paragraphs = ["Paragraph %d of a long article: the harbour board met again "
                  "on day %d and the minutes say little." % (i, i) for i in range(1, 61)]
    paragraphs.append("The last paragraph names Ilse Marrow, the harbour clerk.")
    long_text = "\n\n".join(paragraphs) + "\n"
    long_path = os.path.join(folder, "long-article.txt")
    with open(long_path, "w", encoding="utf-8") as f:
        f.write(long_text)
    gloss = e2e.Gloss([long_path])
    text_view = gloss.find("text", "Article text")
    e2e.wait_for(lambda: e2e.text_of(text_view) == long_text,
                 message="the text view to show long-article.txt")
    e2e.check(True, "gloss FILE shows that file")
    far_start, _ = e2e.phrase_offsets(long_text, "Ilse Marrow")
    e2e.check(not gloss.is_visible(text_view, far_start),
              "the last paragraph starts out of view")
    check_drag_selects(gloss, text_view, long_text, "Ilse Marrow")
    e2e.screenshot("smoke-4-long-article-scrolled")
    quit_and_check(gloss)


def quit_and_check(gloss):
    status = gloss.quit()
    e2e.check(status == 0, "gloss exits with status 0 on Ctrl+Q (got %d)" % status)
    e2e.check(not gloss.running(), "no gloss process is left")


if __name__ == "__main__":
    e2e.main(test)
