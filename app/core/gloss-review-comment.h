/* gloss-review-comment.h: a reviewer's comments on anyone's annotations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gloss-annotation-set.h"

G_BEGIN_DECLS

/* A comment is kept in its author's own sidecar (docs/review.md,
 * "Comments") and names what it is about by annotator, annotation id,
 * kind, span and quoted text, so that it can still be shown when the
 * annotation has moved or gone. */
typedef struct
{
  char               *id;         /* "k1", unique in the author's sidecar */
  char               *author;     /* the annotator id of the sidecar it is kept in */
  gint64              time;       /* unix seconds */
  char               *annotator;  /* whose annotation it is about */
  char               *annotation; /* that annotation's id */
  GlossAnnotationKind kind;
  guint               start;      /* its span when the comment was made (relations: 0) */
  guint               end;
  char               *exact;      /* the text of that span; relations: NULL */
  char               *text;
} GlossReviewComment;

#define GLOSS_TYPE_REVIEW_COMMENT (gloss_review_comment_get_type ())
GType               gloss_review_comment_get_type    (void) G_GNUC_CONST;
GlossReviewComment *gloss_review_comment_copy        (const GlossReviewComment *comment);
void                gloss_review_comment_free        (GlossReviewComment       *comment);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossReviewComment, gloss_review_comment_free)

/* Adds a comment by @own's annotator on @target, an annotation of
 * @target_set (any annotator's, the author's own included; both sets on
 * the same text). One undo step of @own, announced by its
 * "extensions-changed" signal (so an editing session of @own saves it).
 * Returns a copy. */
GlossReviewComment *gloss_review_comment_add         (GlossAnnotationSet *own,
                                                      GlossAnnotationSet *target_set,
                                                      GlossAnnotation    *target,
                                                      const char         *text,
                                                      GError            **error);
/* The comments kept in @set (GlossReviewComment), in the order they were
 * made. */
GPtrArray          *gloss_review_comment_list        (GlossAnnotationSet *set);
/* Removes the comment @id from @own: one undo step, announced like an
 * addition. FALSE when there is no such comment. */
gboolean            gloss_review_comment_remove      (GlossAnnotationSet *own,
                                                      const char         *id);
/* The annotation of @target_set the comment is about: the one with its id
 * while it still has the recorded kind and span, else one of that kind
 * with the recorded span, else NULL (then show the comment with its quote). */
GlossAnnotation    *gloss_review_comment_find_target (const GlossReviewComment *comment,
                                                      GlossAnnotationSet       *target_set);

G_END_DECLS
