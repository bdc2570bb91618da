/* gloss-review-swatch.h: a dot in an annotator's review colour
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gloss-article-view.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_REVIEW_SWATCH (gloss_review_swatch_get_type ())
G_DECLARE_FINAL_TYPE (GlossReviewSwatch, gloss_review_swatch, GLOSS, REVIEW_SWATCH, GtkWidget)

/* A small dot in the colour @view paints annotator @annotator with (see
 * gloss_article_view_get_annotator_colour()): filled when the annotator
 * has a version, a ring when not. @view may be NULL (grey). */
GtkWidget  *gloss_review_swatch_new (GlossArticleView *view,
                                     guint             annotator,
                                     gboolean          filled);

/* What lists and panes call a status ("Type", "Boundary"…) and the icon
 * they show with it. */
const char *gloss_review_status_label (GlossReviewDifferences status,
                                       GlossAnnotationKind    kind);
const char *gloss_review_status_icon  (GlossReviewDifferences status);

/* What a group is about, for a row: the quoted text of an entity or a
 * claim, "from → to" for a relation (first version present). */
char       *gloss_review_format_group_text (GlossReview      *review,
                                            GlossReviewGroup *group);
/* The version's type in a word: the entity or relation type's label,
 * "claim"; "—" when @annotation is NULL. */
const char *gloss_review_format_version_type (GlossReview     *review,
                                              GlossAnnotation *annotation);
/* The comments among @comments (GlossReviewComment) on annotator
 * @annotator's version of @group: (transfer container), may be empty. */
GPtrArray  *gloss_review_find_comments     (GlossReview      *review,
                                            GlossReviewGroup *group,
                                            guint             annotator,
                                            GPtrArray        *comments);

G_END_DECLS
