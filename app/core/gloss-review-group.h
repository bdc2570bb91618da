/* gloss-review-group.h: the versions of one annotation by several annotators
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "gloss-annotation.h"

G_BEGIN_DECLS

/* How the versions of a group differ. A group can differ in several ways
 * at once; its status is the first of its differences in this order. */
typedef enum
{
  GLOSS_REVIEW_AGREED    = 0,
  GLOSS_REVIEW_MISSING   = 1 << 0, /* some annotators have no version */
  GLOSS_REVIEW_BOUNDARY  = 1 << 1, /* overlapping spans with other boundaries */
  GLOSS_REVIEW_TYPE      = 1 << 2, /* same span (or ends), another type */
  GLOSS_REVIEW_SOURCE    = 1 << 3, /* claims: another source */
  GLOSS_REVIEW_CUE       = 1 << 4, /* claims: another cue */
  GLOSS_REVIEW_ATTRIBUTE = 1 << 5, /* another attribute value (or one left out) */
} GlossReviewDifferences;

/* What the reviewer decided for a group (see GlossReviewAdjudication). */
typedef enum
{
  GLOSS_REVIEW_PENDING,
  GLOSS_REVIEW_ACCEPTED, /* a version was copied into gold */
  GLOSS_REVIEW_EDITED,   /* ...and then changed there */
  GLOSS_REVIEW_REJECTED, /* none of the versions is in gold */
} GlossReviewDecision;

#define GLOSS_TYPE_REVIEW_DIFFERENCES (gloss_review_differences_get_type ())
GType gloss_review_differences_get_type (void) G_GNUC_CONST;
#define GLOSS_TYPE_REVIEW_DECISION (gloss_review_decision_get_type ())
GType gloss_review_decision_get_type (void) G_GNUC_CONST;

/* "agreed", "missing", "boundary", "type", "claim-source", "claim-cue",
 * "attribute" (one flag; for a claim "claim-attribute"). */
const char *gloss_review_status_to_string   (GlossReviewDifferences status,
                                             GlossAnnotationKind    kind);
const char *gloss_review_decision_to_string (GlossReviewDecision    decision);

#define GLOSS_TYPE_REVIEW_GROUP (gloss_review_group_get_type ())
G_DECLARE_FINAL_TYPE (GlossReviewGroup, gloss_review_group, GLOSS, REVIEW_GROUP, GObject)

/* Properties: "status", "differences", "decision" and "gold" (notified when
 * the adjudication changes them). */
GlossAnnotationKind    gloss_review_group_get_kind        (GlossReviewGroup *self);
/* Position in the review's list of all groups. */
guint                  gloss_review_group_get_index       (GlossReviewGroup *self);
/* Smallest start and largest end of its versions (relations: of their ends). */
guint                  gloss_review_group_get_start       (GlossReviewGroup *self);
guint                  gloss_review_group_get_end         (GlossReviewGroup *self);
GlossReviewDifferences gloss_review_group_get_status      (GlossReviewGroup *self);
GlossReviewDifferences gloss_review_group_get_differences (GlossReviewGroup *self);
gboolean               gloss_review_group_is_agreed       (GlossReviewGroup *self);
/* One slot per annotator of the review, in its order; NULL where that
 * annotator has no version. */
guint                  gloss_review_group_get_n_annotators (GlossReviewGroup *self);
guint                  gloss_review_group_get_n_present   (GlossReviewGroup *self);
GlossAnnotation       *gloss_review_group_get_annotation  (GlossReviewGroup *self,
                                                           guint             annotator);
/* The first annotator (in the review's order) that has a version. */
guint                  gloss_review_group_get_first_present (GlossReviewGroup *self);
GlossReviewDecision    gloss_review_group_get_decision    (GlossReviewGroup *self);
/* The annotation in the gold set that stands for this group, or NULL. */
GlossAnnotation       *gloss_review_group_get_gold        (GlossReviewGroup *self);

G_END_DECLS
