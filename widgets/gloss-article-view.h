/* gloss-article-view.h: the article text, where analysts read and mark
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gloss-annotation-set.h"
#include "gloss-review.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_ARTICLE_VIEW (gloss_article_view_get_type ())
G_DECLARE_FINAL_TYPE (GlossArticleView, gloss_article_view, GLOSS, ARTICLE_VIEW, GtkTextView)

/* A read-only text view of one document that paints the annotations of
 * one GlossAnnotationSet under the text.
 *
 * Offsets are code points of the document, like everywhere in the core.
 * Coordinates (x, y) are in the widget's own coordinate space.
 *
 * Signals:
 *   selection-changed (guint start, guint end)
 *       the text selection changed; start == end when nothing is selected
 *   annotation-activated (GlossAnnotation *annotation)
 *       a click (or Tab) selected an annotation
 *   annotation-edit-requested (GlossAnnotation *annotation)
 *       a double-click on an annotation, or Return on the selected one
 *   context-menu-requested (GlossAnnotation *annotation or NULL, double x, double y)
 *       a right-click, Menu or Shift+F10; gloss_article_view_get_annotations_at()
 *       lists the other annotations under the point for a menu
 *
 * Actions (group "article"): article.next-annotation (Tab),
 * article.previous-annotation (Shift+Tab), article.edit-annotation (Return),
 * article.context-menu (Menu, Shift+F10), article.cycle-annotation (the next
 * annotation under the same place, Ctrl+Space), article.unselect (Escape),
 * article.select-next-word / article.select-previous-word (Ctrl+Shift+Right
 * / Left: extend the selection by whole tokens).
 */

GtkWidget          *gloss_article_view_new                     (void);

GlossAnnotationSet *gloss_article_view_get_annotation_set      (GlossArticleView   *self);
void                gloss_article_view_set_annotation_set      (GlossArticleView   *self,
                                                                GlossAnnotationSet *set);

GlossAnnotation    *gloss_article_view_get_selected_annotation (GlossArticleView   *self);
void                gloss_article_view_set_selected_annotation (GlossArticleView   *self,
                                                                GlossAnnotation    *annotation);

/* The text selection; FALSE (and start == end == the caret) when empty. */
gboolean            gloss_article_view_get_selection           (GlossArticleView   *self,
                                                                guint              *start,
                                                                guint              *end);
/* Selects [start, end) as given (no snapping); start == end places the caret. */
void                gloss_article_view_set_selection           (GlossArticleView   *self,
                                                                guint               start,
                                                                guint               end);

void                gloss_article_view_scroll_to_annotation    (GlossArticleView   *self,
                                                                GlossAnnotation    *annotation,
                                                                gboolean            flash);

/* Annotations under a point, innermost first (an underline lane that is hit
 * directly comes first). Returns: (transfer container) */
GPtrArray          *gloss_article_view_get_annotations_at      (GlossArticleView   *self,
                                                                double              x,
                                                                double              y);
/* The offset of the character under (x, y); FALSE outside the text. */
gboolean            gloss_article_view_get_offset_at           (GlossArticleView   *self,
                                                                double              x,
                                                                double              y,
                                                                guint              *offset);
/* Where the first display line of [start, end) is, in widget coordinates
 * (e.g. to point a popover at a selection). FALSE when out of the text. */
gboolean            gloss_article_view_get_span_rect           (GlossArticleView   *self,
                                                                guint               start,
                                                                guint               end,
                                                                GdkRectangle       *rect);

/* Review: while @review is set, the view paints the versions of its
 * annotators instead of the annotation set's own annotations (the set
 * still gives the text and the tagset; set it first, e.g. to the gold
 * set). A group that every annotator agrees on is painted once, as a
 * solid fill; the versions of any other group each get a light fill and
 * an underline in their annotator's colour, in their annotator's lane
 * (the first annotators get a lane each; later ones share the last).
 * Clicks, tooltips, the selected annotation and scrolling then work on
 * the annotators' annotations. The view follows the review's
 * "refreshed" signal. NULL paints the set again. */
GlossReview        *gloss_article_view_get_review              (GlossArticleView   *self);
void                gloss_article_view_set_review              (GlossArticleView   *self,
                                                                GlossReview        *review);
/* The colour of annotator @index of a review, as the view paints it in
 * its current style (lists show the same one). */
void                gloss_article_view_get_annotator_colour    (GlossArticleView   *self,
                                                                guint               index,
                                                                GdkRGBA            *colour);

/* Approximate heap memory of the view's paint caches, in bytes, and how
 * many painted spans they hold. */
gsize               gloss_article_view_get_cache_size          (GlossArticleView   *self,
                                                                guint              *n_pieces);

G_END_DECLS
