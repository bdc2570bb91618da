/* gloss-article-view-private.h: entry points the ui tests drive directly
 *
 * The gestures of GlossArticleView call these with the button, click count
 * and modifiers of the real event; tests call them with made-up ones, as a
 * person's mouse would, since GTK offers no way to synthesise pointer events.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gloss-article-view.h"

G_BEGIN_DECLS

void     _gloss_article_view_press       (GlossArticleView *self,
                                          guint             button,
                                          int               n_press,
                                          GdkModifierType   state,
                                          double            x,
                                          double            y);
void     _gloss_article_view_drag_to     (GlossArticleView *self,
                                          double            x,
                                          double            y);
void     _gloss_article_view_release     (GlossArticleView *self,
                                          double            x,
                                          double            y);
/* The annotation drawn as hovered (claims show their source and cue). */
void     _gloss_article_view_hover       (GlossArticleView *self,
                                          double            x,
                                          double            y);
/* The tooltip text at (x, y), or NULL. */
char    *_gloss_article_view_dup_tooltip (GlossArticleView *self,
                                          double            x,
                                          double            y);
/* The colours a span of @type_id is painted with (fill and underline). */
void     _gloss_article_view_get_type_colours (GlossArticleView *self,
                                          const char       *type_id,
                                          GdkRGBA          *fill,
                                          GdkRGBA          *line);
/* Where the underline lane of @annotation lies on the display line of its
 * first character, in widget coordinates. FALSE when it is not painted. */
gboolean _gloss_article_view_get_lane_rect (GlossArticleView *self,
                                          GlossAnnotation  *annotation,
                                          graphene_rect_t  *rect);

/* What the view last told assistive technology about the caret. */
const char *_gloss_article_view_get_description (GlossArticleView *self);

G_END_DECLS
