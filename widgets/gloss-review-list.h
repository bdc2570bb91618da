/* gloss-review-list.h: the groups of a review that need a decision
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gloss-article-view.h"
#include "gloss-review.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_REVIEW_LIST (gloss_review_list_get_type ())
G_DECLARE_FINAL_TYPE (GlossReviewList, gloss_review_list, GLOSS, REVIEW_LIST, GtkWidget)

/* A list of a review's disagreements (or all of its groups): per row the
 * status (icon and label), the text, who marked what in their review
 * colour, the decision taken, and a marker when a version has comments.
 *
 * Properties:
 *   review          (GlossReview *)      the review listed
 *   selected-group  (GlossReviewGroup *) the row selected, or NULL
 *   show-agreed     (gboolean)           list agreed groups too
 */

GtkWidget        *gloss_review_list_new                (void);

GlossReview      *gloss_review_list_get_review         (GlossReviewList  *self);
void              gloss_review_list_set_review         (GlossReviewList  *self,
                                                        GlossReview      *review);
/* The view whose annotator colours the rows show (weak). */
void              gloss_review_list_set_colours        (GlossReviewList  *self,
                                                        GlossArticleView *view);
gboolean          gloss_review_list_get_show_agreed    (GlossReviewList  *self);
void              gloss_review_list_set_show_agreed    (GlossReviewList  *self,
                                                        gboolean          show_agreed);
/* The comments (GlossReviewComment) of every sidecar beside the article:
 * a row shows a marker, and the comments as its tooltip, when one of its
 * versions is commented on. */
void              gloss_review_list_set_comments       (GlossReviewList  *self,
                                                        GPtrArray        *comments);

/* The groups listed (GlossReviewGroup). */
GListModel       *gloss_review_list_get_model          (GlossReviewList  *self);
GlossReviewGroup *gloss_review_list_get_selected_group (GlossReviewList  *self);
/* Selects @group (NULL: nothing) and scrolls its row into view. */
void              gloss_review_list_set_selected_group (GlossReviewList  *self,
                                                        GlossReviewGroup *group);

/* The text of row @position as it is shown (status, text, who, decision,
 * comments), one line each: for tests and the row's accessible name. */
char             *gloss_review_list_dup_row_text       (GlossReviewList  *self,
                                                        guint             position);

G_END_DECLS
