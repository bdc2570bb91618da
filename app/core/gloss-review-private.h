/* gloss-review-private.h: what the review's parts share inside the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gloss-review.h"

G_BEGIN_DECLS

/* Takes @members (n_annotators slots, NULL where absent) and refs them. */
GlossReviewGroup *_gloss_review_group_new           (GlossAnnotationKind    kind,
                                                     guint                  n_annotators,
                                                     GlossAnnotation      **members);
void              _gloss_review_group_set_span      (GlossReviewGroup      *self,
                                                     guint                  start,
                                                     guint                  end);
void              _gloss_review_group_set_index     (GlossReviewGroup      *self,
                                                     guint                  index);
void              _gloss_review_group_set_differences (GlossReviewGroup    *self,
                                                     GlossReviewDifferences differences);
void              _gloss_review_group_set_decision  (GlossReviewGroup      *self,
                                                     GlossReviewDecision    decision,
                                                     GlossAnnotation       *gold);
GlossAnnotation **_gloss_review_group_get_members   (GlossReviewGroup      *self);

/* Whether claims @a (of annotator @ia) and @b (of @ib) have the same
 * source as the review compares them. */
gboolean          _gloss_review_same_source         (GlossReview           *self,
                                                     guint                  ia,
                                                     GlossAnnotation       *a,
                                                     guint                  ib,
                                                     GlossAnnotation       *b);
/* Same as the set lists order ids: "e2" before "e10". */
int               _gloss_review_compare_id          (const char            *a,
                                                     const char            *b);
/* Appends @text escaped for an XML attribute (line breaks and tabs as
 * character references so that they survive) or for a text node. */
void              _gloss_review_append_escaped      (GString               *out,
                                                     const char            *text);
void              _gloss_review_append_escaped_text (GString               *out,
                                                     const char            *text);

G_END_DECLS
