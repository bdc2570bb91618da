/* gloss-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gloss-application.h"
#include "gloss-corpus.h"
#include "gloss-editing-session.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_WINDOW (gloss_window_get_type ())
G_DECLARE_FINAL_TYPE (GlossWindow, gloss_window, GLOSS, WINDOW, GtkApplicationWindow)

/* The annotating window: the corpus on the left, the article in the
 * middle, the annotations and their editor on the right.
 *
 * Properties:
 *   corpus  (GlossCorpus *, read-only)          the folder shown
 *   session (GlossEditingSession *, read-only)  the article being annotated
 *
 * Window actions (win.*): open-folder, open-file, open-recent(s), close,
 * undo, redo, find, mark-entity(s type id), mark-claim, delete-annotation,
 * edit-annotation, link-to(s relation type id), select-annotation(s id),
 * pick-article, pick-skip, pick-cancel, retry, reload, keep-mine, reopen,
 * next-article, previous-article, show-corpus-panel, show-side-panel. */

GlossWindow         *gloss_window_new         (GlossApplication *application);
/* Opens a corpus folder, or an article with its folder (the article
 * selected). */
void                 gloss_window_open        (GlossWindow      *self,
                                               GFile            *file);
GlossCorpus         *gloss_window_get_corpus  (GlossWindow      *self);
GlossEditingSession *gloss_window_get_session (GlossWindow      *self);

G_END_DECLS
