/* gloss-review-versions.h: the versions of one review group, side by side
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gloss-article-view.h"
#include "gloss-review-adjudication.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_REVIEW_VERSIONS (gloss_review_versions_get_type ())
G_DECLARE_FINAL_TYPE (GlossReviewVersions, gloss_review_versions, GLOSS, REVIEW_VERSIONS, GtkWidget)

/* One column per annotator of the review: their colour and id, the type,
 * the text, the attributes, for a claim its source and cue (what differs
 * is highlighted), the comments on that version, and buttons to accept,
 * edit or comment on it. Below: what was decided (from the gold file's
 * records), an optional reason, and a button to reject every version.
 * The pane decides nothing itself; it asks through signals:
 *
 *   accept  (guint annotator, const char *reason or NULL)
 *   edit    (guint annotator, const char *reason or NULL)
 *   reject  (const char *reason or NULL)
 *   comment (guint annotator, const char *text)
 */

GtkWidget        *gloss_review_versions_new            (void);

void              gloss_review_versions_set_adjudication (GlossReviewVersions     *self,
                                                          GlossReviewAdjudication *adjudication);
void              gloss_review_versions_set_colours    (GlossReviewVersions *self,
                                                        GlossArticleView    *view);
/* As for gloss_review_list_set_comments(). */
void              gloss_review_versions_set_comments   (GlossReviewVersions *self,
                                                        GPtrArray           *comments);
GlossReviewGroup *gloss_review_versions_get_group      (GlossReviewVersions *self);
void              gloss_review_versions_set_group      (GlossReviewVersions *self,
                                                        GlossReviewGroup    *group);
/* Shows the group again (after a decision or a comment). */
void              gloss_review_versions_update         (GlossReviewVersions *self);

/* The button that accepts (or edits, or comments on) annotator
 * @annotator's version, and the reject button: for tests. */
GtkWidget        *gloss_review_versions_get_accept_button  (GlossReviewVersions *self,
                                                            guint                annotator);
GtkWidget        *gloss_review_versions_get_edit_button    (GlossReviewVersions *self,
                                                            guint                annotator);
GtkWidget        *gloss_review_versions_get_reject_button  (GlossReviewVersions *self);
GtkWidget        *gloss_review_versions_get_reason_entry   (GlossReviewVersions *self);
/* The text shown in annotator @annotator's column, one line per field. */
char             *gloss_review_versions_dup_column_text    (GlossReviewVersions *self,
                                                            guint                annotator);

G_END_DECLS
