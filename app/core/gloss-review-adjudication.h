/* gloss-review-adjudication.h: deciding the gold version of a reviewed document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gloss-review.h"

G_BEGIN_DECLS

/* A version as a review record names it (docs/review.md, "The gold file"). */
typedef struct
{
  char               *annotator;
  char               *annotation;  /* its id in the annotator's sidecar */
  GlossAnnotationKind kind;
  char               *type;
  guint               start;       /* relations: 0 */
  guint               end;
  char               *exact;       /* the quoted text; relations: NULL */
} GlossReviewVersion;

/* One decision on a gold annotation, or a rejection of a group. */
typedef struct
{
  char      *action;      /* "accept", "agreed", "edit" or "reject" */
  char      *reviewer;
  gint64     time;        /* unix seconds */
  char      *annotator;   /* the version chosen ("accept", "agreed"); else NULL */
  char      *annotation;
  char      *reason;      /* may be NULL */
  GPtrArray *alternatives; /* GlossReviewVersion: the versions not chosen */
} GlossReviewRecord;

#define GLOSS_TYPE_REVIEW_RECORD (gloss_review_record_get_type ())
GType              gloss_review_record_get_type (void) G_GNUC_CONST;
GlossReviewRecord *gloss_review_record_copy     (const GlossReviewRecord *record);
void               gloss_review_record_free     (GlossReviewRecord       *record);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossReviewRecord, gloss_review_record_free)

#define GLOSS_TYPE_REVIEW_ADJUDICATION (gloss_review_adjudication_get_type ())
G_DECLARE_FINAL_TYPE (GlossReviewAdjudication, gloss_review_adjudication, GLOSS, REVIEW_ADJUDICATION, GObject)

/* @gold is the set of annotator "gold" on the review's text (an empty new
 * set, or one loaded from the gold sidecar: its earlier decisions are read
 * back and shown on the groups). @reviewer_id names who decides. Every
 * change to @gold in review mode should go through this object (accept,
 * reject, edit) so that it carries provenance and takes part in undo. */
GlossReviewAdjudication *gloss_review_adjudication_new          (GlossReview             *review,
                                                                 GlossAnnotationSet      *gold,
                                                                 const char              *reviewer_id,
                                                                 GError                 **error);
GlossReview             *gloss_review_adjudication_get_review   (GlossReviewAdjudication *self);
GlossAnnotationSet      *gloss_review_adjudication_get_gold     (GlossReviewAdjudication *self);
const char              *gloss_review_adjudication_get_reviewer (GlossReviewAdjudication *self);

/* Copies annotator @annotator's version of @group into gold (a new gold id;
 * an earlier decision on the group is replaced in place, keeping the gold
 * id), with a record naming the version chosen and the others as
 * alternatives. A claim brings its source entity's group along (the same
 * annotator's version) unless that group was rejected; a relation needs
 * both its ends in gold. @reason may be NULL. One undo step. */
GlossAnnotation         *gloss_review_adjudication_accept       (GlossReviewAdjudication *self,
                                                                 GlossReviewGroup        *group,
                                                                 guint                    annotator,
                                                                 const char              *reason,
                                                                 GError                 **error);
/* None of the versions goes into gold (an earlier accepted one is removed);
 * all of them are kept in the record. One undo step. */
gboolean                 gloss_review_adjudication_reject       (GlossReviewAdjudication *self,
                                                                 GlossReviewGroup        *group,
                                                                 const char              *reason,
                                                                 GError                 **error);
/* Accepts every agreed group that has no decision yet, in one undo step.
 * Claims whose source entity, and relations whose ends, are not in gold
 * stay pending. Returns how many groups were accepted. */
guint                    gloss_review_adjudication_accept_agreed (GlossReviewAdjudication *self);
/* Brackets changes the reviewer makes by hand to @gold_annotation through
 * the GlossAnnotationSet API: they form one undo step and the annotation
 * records an "edit" decision. */
void                     gloss_review_adjudication_begin_edit   (GlossReviewAdjudication *self,
                                                                 GlossAnnotation         *gold_annotation,
                                                                 const char              *reason);
void                     gloss_review_adjudication_end_edit     (GlossReviewAdjudication *self);

/* Undo and redo of the steps above (properties "can-undo", "can-redo"). */
gboolean                 gloss_review_adjudication_can_undo     (GlossReviewAdjudication *self);
gboolean                 gloss_review_adjudication_can_redo     (GlossReviewAdjudication *self);
gboolean                 gloss_review_adjudication_undo         (GlossReviewAdjudication *self);
gboolean                 gloss_review_adjudication_redo         (GlossReviewAdjudication *self);

/* Records of a gold annotation, oldest first (GlossReviewRecord). */
GPtrArray               *gloss_review_adjudication_get_history  (GlossReviewAdjudication *self,
                                                                 GlossAnnotation         *gold_annotation);
/* The rejection of @group, or NULL. */
GlossReviewRecord       *gloss_review_adjudication_get_rejection (GlossReviewAdjudication *self,
                                                                 GlossReviewGroup        *group);
/* Groups without a decision. */
guint                    gloss_review_adjudication_count_pending (GlossReviewAdjudication *self);

G_END_DECLS
