# test_accessible_names.py: every button and labelled control of the window
# reads to assistive technology as a person sees it: no mnemonic underscores,
# no name said twice.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import re

import gloss_e2e as e2e

ROLES = ("push button", "toggle button", "check box", "radio button", "label")
MNEMONIC = re.compile(r"(^|[^_])_[^_\s]")


def doubled(name):
    words = name.split()
    half = len(words) // 2
    return len(words) >= 2 and len(words) % 2 == 0 and words[:half] == words[half:]


def bad_names(root):
    bad = []
    for acc in e2e.find_all(root):
        if e2e.role_name(acc) not in ROLES:
            continue
        name = e2e.name_of(acc)
        if MNEMONIC.search(name) or doubled(name):
            bad.append("%s %r" % (e2e.role_name(acc), name))
    return bad


def test():
    corpus = e2e.corpus_dir()
    gloss = e2e.Gloss([corpus])
    gloss.find("text", "Article text")
    # The claim flow's banner (the article itself, skip) and the editor's
    # delete button are built with the window even while hidden.
    buttons = e2e.find_all(gloss.app, "push button")
    e2e.check(len(buttons) > 10, "the window has its buttons (%d)" % len(buttons))
    bad = bad_names(gloss.app)
    e2e.check(not bad, "accessible names without mnemonics or repetition: %s" % bad)
    e2e.key("ctrl+q")


if __name__ == "__main__":
    e2e.main(test)
