/* gloss-review.h: the annotation sets of several annotators on one document, compared
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gloss-annotation-set.h"
#include "gloss-review-group.h"

G_BEGIN_DECLS

#define GLOSS_REVIEW_ERROR (gloss_review_error_quark ())

typedef enum
{
  GLOSS_REVIEW_ERROR_TOO_FEW,       /* fewer than two sets */
  GLOSS_REVIEW_ERROR_TOO_MANY,      /* more than GLOSS_REVIEW_MAX_ANNOTATORS */
  GLOSS_REVIEW_ERROR_DUPLICATE,     /* two sets of the same annotator */
  GLOSS_REVIEW_ERROR_DOCUMENT,      /* the sets annotate different texts */
  GLOSS_REVIEW_ERROR_DECISION,      /* an adjudication step that cannot be done */
} GlossReviewError;

#define GLOSS_REVIEW_MAX_ANNOTATORS 64

/* The namespace of review records kept in sidecar <extensions>. */
#define GLOSS_REVIEW_NAMESPACE "urn:gloss:review:1"

#define GLOSS_TYPE_REVIEW (gloss_review_get_type ())
G_DECLARE_FINAL_TYPE (GlossReview, gloss_review, GLOSS, REVIEW, GObject)

GQuark              gloss_review_error_quark        (void);

/* Compares @sets (2 to GLOSS_REVIEW_MAX_ANNOTATORS, distinct annotators,
 * all on the same text: same SHA-256). Their order is the order of the
 * annotators everywhere in the review. The review keeps a reference to
 * each set; after a set changed, call gloss_review_refresh(). */
GlossReview        *gloss_review_new                (GlossAnnotationSet * const *sets,
                                                     guint               n_sets,
                                                     GError            **error);

GlossDocument      *gloss_review_get_document       (GlossReview        *self);
guint               gloss_review_get_n_annotators   (GlossReview        *self);
const char         *gloss_review_get_annotator_id   (GlossReview        *self,
                                                     guint               index);
GlossAnnotationSet *gloss_review_get_set            (GlossReview        *self,
                                                     guint               index);
/* The index of @annotator_id, or -1. */
int                 gloss_review_find_annotator     (GlossReview        *self,
                                                     const char         *annotator_id);

/* GListModel of GlossReviewGroup: all groups, ordered by (start, end),
 * entities before claims before relations at the same place. */
GListModel         *gloss_review_get_groups         (GlossReview        *self);
/* The groups that are not agreed, in the same order. */
GListModel         *gloss_review_get_disagreements  (GlossReview        *self);
/* The group holding @annotation of annotator @index, or NULL. */
GlossReviewGroup   *gloss_review_find_group         (GlossReview        *self,
                                                     guint               index,
                                                     GlossAnnotation    *annotation);
GlossReviewGroup   *gloss_review_lookup_group       (GlossReview        *self,
                                                     const char         *annotator_id,
                                                     const char         *annotation_id);
/* How many groups of @kind have @status as their status. */
guint               gloss_review_count_status       (GlossReview        *self,
                                                     GlossAnnotationKind kind,
                                                     GlossReviewDifferences status);

/* Replaces the set of annotator @index (e.g. its sidecar changed on disk)
 * and compares again. The annotator id must stay the same. */
gboolean            gloss_review_replace_set        (GlossReview        *self,
                                                     guint               index,
                                                     GlossAnnotationSet *set,
                                                     GError            **error);
/* Compares again; the group lists are replaced in one items-changed each,
 * and "refreshed" is emitted. */
void                gloss_review_refresh            (GlossReview        *self);

/* The document's tokens (GlossTokenizer) as pairs of offsets:
 * [start0, end0, start1, end1, ...]; computed once, owned by @self. */
const guint        *gloss_review_get_tokens         (GlossReview        *self,
                                                     guint              *n_tokens);

/* "organisation “Port of Valmora” 159–174 mention=name", for lists and
 * messages; claims show source, cue and attributes. */
char               *gloss_review_describe           (GlossReview        *self,
                                                     guint               index,
                                                     GlossAnnotation    *annotation);

G_END_DECLS
