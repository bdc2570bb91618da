/* gloss-window-private.h: what the ui tests look at and drive
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gloss-article-view.h"
#include "gloss-side-panel.h"
#include "gloss-window.h"

G_BEGIN_DECLS

typedef enum
{
  GLOSS_PICK_NONE,
  GLOSS_PICK_SOURCE,  /* a claim's source: an entity, words, or the article */
  GLOSS_PICK_CUE,     /* a claim's cue words */
  GLOSS_PICK_TARGET,  /* the target of a relation */
} GlossPickMode;

typedef enum
{
  GLOSS_BANNER_ERROR,
  GLOSS_BANNER_CONFLICT,
  GLOSS_BANNER_REPORT,
  GLOSS_BANNER_PICK,
} GlossBanner;

GlossArticleView *_gloss_window_get_article_view (GlossWindow *self);
GlossSidePanel   *_gloss_window_get_side_panel   (GlossWindow *self);
GtkWidget        *_gloss_window_get_corpus_list  (GlossWindow *self);
GtkWidget        *_gloss_window_get_mark_popover (GlossWindow *self);
GtkWidget        *_gloss_window_get_context_menu (GlossWindow *self);
/* The saved-state text under the title ("Saved", "Unsaved changes"…). */
const char       *_gloss_window_get_state_text   (GlossWindow *self);
/* The banner's text, or NULL when it is hidden. */
const char       *_gloss_window_get_banner       (GlossWindow *self,
                                                  GlossBanner  banner);
GlossPickMode     _gloss_window_get_pick_mode    (GlossWindow *self);
/* What the release of the mouse button after a drag in the text does:
 * offer the types beside the selection, or finish a pick. */
void              _gloss_window_pointer_released (GlossWindow *self);
/* The window's handling of a key press (type keys, Escape). */
gboolean          _gloss_window_key_pressed      (GlossWindow    *self,
                                                  guint           keyval,
                                                  GdkModifierType state);
/* Closes as the window's close button does; FALSE when it stays open
 * (a question was asked). */
gboolean          _gloss_window_try_close        (GlossWindow *self);

G_END_DECLS
