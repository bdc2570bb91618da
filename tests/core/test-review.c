/* test-review.c: grouping versions, telling disagreements apart, measuring agreement
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include <gio/gio.h>

#include "gloss-agreement.h"
#include "gloss-document.h"
#include "gloss-review.h"
#include "gloss-sidecar.h"
#include "gloss-tagset.h"
#include "gloss-xml.h"

/* ------------------------------------------------------------------ */
/* Helpers                                                             */

/*                     0         1         2         3         4
 *                     0123456789012345678901234567890123456789012345678 */
#define TEXT          "Alice Moreau met Bob Okafor in Paris on Monday.\n"

static GlossDocument *
make_document (const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  GlossDocument *doc = gloss_document_new_from_bytes ("test.txt", bytes, &error);

  g_assert_no_error (error);
  return doc;
}

static GlossAnnotationSet *
make_set (GlossDocument *doc,
          const char    *annotator)
{
  return gloss_annotation_set_new (doc, gloss_tagset_get_default (), annotator, NULL);
}

static GlossAnnotation *
entity (GlossAnnotationSet *set,
        const char         *type,
        guint               start,
        guint               end)
{
  g_autoptr(GError) error = NULL;
  GlossAnnotation *a = gloss_annotation_set_add_entity (set, type, start, end, &error);

  g_assert_no_error (error);
  return a;
}

static GlossReview *
review_of (GlossAnnotationSet *first,
           ...)
{
  g_autoptr(GPtrArray) sets = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  GlossReview *review;
  va_list args;

  va_start (args, first);
  for (GlossAnnotationSet *s = first; s != NULL; s = va_arg (args, GlossAnnotationSet *))
    g_ptr_array_add (sets, s);
  va_end (args);

  review = gloss_review_new ((GlossAnnotationSet * const *) sets->pdata, sets->len, &error);
  g_assert_no_error (error);
  return review;
}

/* The group of annotator @index's annotation spanning [start, end), kind @kind. */
static GlossReviewGroup *
group_at (GlossReview        *review,
          GlossAnnotationKind kind,
          guint               index,
          guint               start,
          guint               end)
{
  GListModel *groups = gloss_review_get_groups (review);

  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(GlossReviewGroup) g = g_list_model_get_item (groups, i);
      GlossAnnotation *a;

      if (gloss_review_group_get_kind (g) != kind)
        continue;
      a = gloss_review_group_get_annotation (g, index);
      if (a != NULL && gloss_annotation_get_start (a) == start && gloss_annotation_get_end (a) == end)
        return g;
    }
  return NULL;
}

static guint
n_groups (GlossReview *review)
{
  return g_list_model_get_n_items (gloss_review_get_groups (review));
}

/* ------------------------------------------------------------------ */
/* Crafted sets                                                        */

static void
test_categories (void)
{
  g_autoptr(GlossDocument) doc = make_document (TEXT);
  g_autoptr(GlossAnnotationSet) a = make_set (doc, "alice");
  g_autoptr(GlossAnnotationSet) b = make_set (doc, "bob");
  g_autoptr(GlossReview) review = NULL;
  GlossReviewGroup *g;

  entity (a, "person", 0, 12);      /* agreed */
  entity (b, "person", 0, 12);
  entity (a, "person", 17, 27);     /* type */
  entity (b, "organisation", 17, 27);
  entity (a, "gpe", 31, 36);        /* only alice */
  entity (a, "date", 40, 46);       /* boundary: "Monday" / "on Monday" */
  entity (b, "date", 37, 46);

  review = review_of (a, b, NULL);
  g_assert_cmpuint (n_groups (review), ==, 4);
  g_assert_cmpuint (g_list_model_get_n_items (gloss_review_get_disagreements (review)), ==, 3);

  g = group_at (review, GLOSS_ANNOTATION_ENTITY, 0, 0, 12);
  g_assert_nonnull (g);
  g_assert_true (gloss_review_group_is_agreed (g));
  g_assert_cmpint (gloss_review_group_get_status (g), ==, GLOSS_REVIEW_AGREED);
  g_assert_cmpuint (gloss_review_group_get_n_present (g), ==, 2);

  g = group_at (review, GLOSS_ANNOTATION_ENTITY, 0, 17, 27);
  g_assert_cmpint (gloss_review_group_get_status (g), ==, GLOSS_REVIEW_TYPE);
  g_assert_cmpstr (gloss_annotation_get_type_id (gloss_review_group_get_annotation (g, 1)), ==, "organisation");

  g = group_at (review, GLOSS_ANNOTATION_ENTITY, 0, 31, 36);
  g_assert_cmpint (gloss_review_group_get_status (g), ==, GLOSS_REVIEW_MISSING);
  g_assert_null (gloss_review_group_get_annotation (g, 1));
  g_assert_cmpstr (gloss_review_status_to_string (gloss_review_group_get_status (g),
                                                  GLOSS_ANNOTATION_ENTITY), ==, "missing");

  g = group_at (review, GLOSS_ANNOTATION_ENTITY, 0, 40, 46);
  g_assert_cmpint (gloss_review_group_get_status (g), ==, GLOSS_REVIEW_BOUNDARY);
  g_assert_cmpuint (gloss_review_group_get_start (g), ==, 37);
  g_assert_cmpuint (gloss_review_group_get_end (g), ==, 46);
  g_assert_true (g == group_at (review, GLOSS_ANNOTATION_ENTITY, 1, 37, 46));

  /* Groups are listed by place. */
  for (guint i = 1; i < n_groups (review); i++)
    {
      g_autoptr(GlossReviewGroup) prev = g_list_model_get_item (gloss_review_get_groups (review), i - 1);
      g_autoptr(GlossReviewGroup) next = g_list_model_get_item (gloss_review_get_groups (review), i);

      g_assert_cmpuint (gloss_review_group_get_start (prev), <=, gloss_review_group_get_start (next));
      g_assert_cmpuint (gloss_review_group_get_index (next), ==, i);
    }

  g_assert_cmpuint (gloss_review_count_status (review, GLOSS_ANNOTATION_ENTITY, GLOSS_REVIEW_AGREED), ==, 1);
  g_assert_cmpuint (gloss_review_count_status (review, GLOSS_ANNOTATION_ENTITY, GLOSS_REVIEW_MISSING), ==, 1);
  g_assert_cmpuint (gloss_review_count_status (review, GLOSS_ANNOTATION_ENTITY, GLOSS_REVIEW_TYPE), ==, 1);
  g_assert_cmpuint (gloss_review_count_status (review, GLOSS_ANNOTATION_ENTITY, GLOSS_REVIEW_BOUNDARY), ==, 1);
}

/* An annotator who marked the same span twice: the version of the same type
 * as the others' is grouped with them, the other one stands alone. */
static void
test_same_span_twice (void)
{
  g_autoptr(GlossDocument) doc = make_document (TEXT);
  g_autoptr(GlossAnnotationSet) a = make_set (doc, "alice");
  g_autoptr(GlossAnnotationSet) b = make_set (doc, "bob");
  g_autoptr(GlossReview) review = NULL;
  GlossReviewGroup *g;

  entity (a, "facility", 31, 36);
  entity (a, "gpe", 31, 36);
  entity (b, "gpe", 31, 36);

  review = review_of (a, b, NULL);
  g_assert_cmpuint (n_groups (review), ==, 2);
  g = group_at (review, GLOSS_ANNOTATION_ENTITY, 1, 31, 36);
  g_assert_true (gloss_review_group_is_agreed (g));
  g_assert_cmpstr (gloss_annotation_get_type_id (gloss_review_group_get_annotation (g, 0)), ==, "gpe");
}

/* Three annotators, one span, two types: one group. */
static void
test_three_annotators (void)
{
  g_autoptr(GlossDocument) doc = make_document (TEXT);
  g_autoptr(GlossAnnotationSet) a = make_set (doc, "alice");
  g_autoptr(GlossAnnotationSet) b = make_set (doc, "bob");
  g_autoptr(GlossAnnotationSet) c = make_set (doc, "carol");
  g_autoptr(GlossReview) review = NULL;
  GlossReviewGroup *g;

  entity (a, "facility", 31, 36);
  entity (b, "gpe", 31, 36);
  entity (c, "gpe", 31, 36);
  /* Boundaries: carol's longer span joins the two shorter ones. */
  entity (a, "person", 0, 5);
  entity (b, "person", 0, 5);
  entity (c, "person", 0, 12);

  review = review_of (a, b, c, NULL);
  g_assert_cmpuint (n_groups (review), ==, 2);
  g = group_at (review, GLOSS_ANNOTATION_ENTITY, 0, 31, 36);
  g_assert_cmpuint (gloss_review_group_get_n_present (g), ==, 3);
  g_assert_cmpint (gloss_review_group_get_differences (g), ==, GLOSS_REVIEW_TYPE);
  g = group_at (review, GLOSS_ANNOTATION_ENTITY, 2, 0, 12);
  g_assert_cmpuint (gloss_review_group_get_n_present (g), ==, 3);
  g_assert_cmpint (gloss_review_group_get_differences (g), ==, GLOSS_REVIEW_BOUNDARY);
}

/* Overlap matching takes the best overlap and never hash order. */
static void
test_best_overlap (void)
{
  g_autoptr(GlossDocument) doc = make_document (TEXT);
  g_autoptr(GlossAnnotationSet) a = make_set (doc, "alice");
  g_autoptr(GlossAnnotationSet) b = make_set (doc, "bob");
  g_autoptr(GlossReview) review = NULL;
  g_autoptr(GlossReview) reversed = NULL;
  GlossReviewGroup *g;

  entity (a, "person", 0, 12);   /* "Alice Moreau" */
  entity (b, "person", 0, 5);    /* "Alice": 5/12 */
  entity (b, "person", 6, 12);   /* "Moreau": 6/12, the better match */
  entity (a, "person", 17, 20);  /* "Bob" */
  entity (b, "gpe", 17, 20);     /* same span, other type: beats any overlap */
  entity (b, "person", 17, 27);  /* "Bob Okafor": same type, overlaps */

  review = review_of (a, b, NULL);
  g = group_at (review, GLOSS_ANNOTATION_ENTITY, 0, 0, 12);
  g_assert_cmpuint (gloss_annotation_get_start (gloss_review_group_get_annotation (g, 1)), ==, 6);
  g = group_at (review, GLOSS_ANNOTATION_ENTITY, 1, 0, 5);
  g_assert_cmpint (gloss_review_group_get_status (g), ==, GLOSS_REVIEW_MISSING);
  g = group_at (review, GLOSS_ANNOTATION_ENTITY, 0, 17, 20);
  g_assert_cmpint (gloss_review_group_get_status (g), ==, GLOSS_REVIEW_TYPE);
  g = group_at (review, GLOSS_ANNOTATION_ENTITY, 1, 17, 27);
  g_assert_cmpint (gloss_review_group_get_status (g), ==, GLOSS_REVIEW_MISSING);

  /* The same groups whichever annotator comes first. */
  reversed = review_of (b, a, NULL);
  g_assert_cmpuint (n_groups (reversed), ==, n_groups (review));
  g = group_at (reversed, GLOSS_ANNOTATION_ENTITY, 1, 0, 12);
  g_assert_cmpuint (gloss_annotation_get_start (gloss_review_group_get_annotation (g, 0)), ==, 6);
}

static GlossAnnotation *
claim (GlossAnnotationSet *set,
       guint               start,
       guint               end,
       GlossAnnotation    *source,
       guint               cue_start,
       guint               cue_end,
       const char         *stance)
{
  g_autoptr(GError) error = NULL;
  GlossAnnotation *c = gloss_annotation_set_add_claim (set, start, end, &error);

  g_assert_no_error (error);
  if (source != NULL)
    gloss_annotation_set_set_source_entity (set, c, source, &error);
  g_assert_no_error (error);
  if (cue_start != GLOSS_OFFSET_NONE)
    gloss_annotation_set_set_cue (set, c, cue_start, cue_end, &error);
  g_assert_no_error (error);
  if (stance != NULL)
    gloss_annotation_set_set_attribute (set, c, "stance", stance, &error);
  g_assert_no_error (error);
  return c;
}

/*                          0         1         2         3         4         5         6
 *                          0123456789012345678901234567890123456789012345678901234567890123456789 */
#define CLAIM_TEXT         "Rook said the strike ended. Vasquell denied it. Rook and Vasquell agreed.\n"

static void
test_claims (void)
{
  g_autoptr(GlossDocument) doc = make_document (CLAIM_TEXT);
  g_autoptr(GlossAnnotationSet) a = make_set (doc, "alice");
  g_autoptr(GlossAnnotationSet) b = make_set (doc, "bob");
  g_autoptr(GlossReview) review = NULL;
  GlossAnnotation *rook_a, *rook_b, *vas_a, *vas_b, *rook2_b;
  GlossReviewGroup *g;
  g_autoptr(GError) error = NULL;

  rook_a = entity (a, "person", 0, 4);
  rook_b = entity (b, "person", 0, 4);
  vas_a = entity (a, "person", 28, 36);
  vas_b = entity (b, "person", 28, 36);
  rook2_b = entity (b, "person", 48, 52);
  entity (a, "person", 48, 52);

  /* Same content, same source (by entity group), same cue: agreed. */
  claim (a, 10, 26, rook_a, 5, 9, "asserts");
  claim (b, 10, 26, rook_b, 5, 9, "asserts");
  /* Same content, other source entity (another group). */
  claim (a, 44, 46, vas_a, 37, 43, "denies");
  claim (b, 44, 46, rook2_b, 37, 43, "denies");
  /* Same content, other cue and other stance. */
  claim (a, 53, 72, NULL, 66, 72, "asserts");
  claim (b, 53, 72, NULL, GLOSS_OFFSET_NONE, 0, "predicts");
  (void) vas_b;

  review = review_of (a, b, NULL);
  g = group_at (review, GLOSS_ANNOTATION_CLAIM, 0, 10, 26);
  g_assert_true (gloss_review_group_is_agreed (g));
  g = group_at (review, GLOSS_ANNOTATION_CLAIM, 0, 44, 46);
  g_assert_cmpint (gloss_review_group_get_differences (g), ==, GLOSS_REVIEW_SOURCE);
  g_assert_cmpstr (gloss_review_status_to_string (gloss_review_group_get_status (g),
                                                  GLOSS_ANNOTATION_CLAIM), ==, "claim-source");
  g = group_at (review, GLOSS_ANNOTATION_CLAIM, 0, 53, 72);
  g_assert_cmpint (gloss_review_group_get_differences (g), ==, GLOSS_REVIEW_CUE | GLOSS_REVIEW_ATTRIBUTE);
  g_assert_cmpint (gloss_review_group_get_status (g), ==, GLOSS_REVIEW_CUE);

  /* A span source against an entity source over the same text differs. */
  {
    GListModel *claims = gloss_annotation_set_get_claims (b);
    g_autoptr(GlossAnnotation) first = g_list_model_get_item (claims, 0);

    gloss_annotation_set_set_source_span (b, first, 0, 4, &error);
    g_assert_no_error (error);
    gloss_review_refresh (review);
    g = group_at (review, GLOSS_ANNOTATION_CLAIM, 0, 10, 26);
    g_assert_cmpint (gloss_review_group_get_status (g), ==, GLOSS_REVIEW_SOURCE);
  }
}

static void
test_relations (void)
{
  g_autoptr(GlossDocument) doc = make_document (CLAIM_TEXT);
  g_autoptr(GlossAnnotationSet) a = make_set (doc, "alice");
  g_autoptr(GlossAnnotationSet) b = make_set (doc, "bob");
  g_autoptr(GlossReview) review = NULL;
  g_autoptr(GError) error = NULL;
  GlossAnnotation *ca1, *ca2, *cb1, *cb2;
  GListModel *groups;
  guint n_rel = 0, n_agreed = 0, n_missing = 0;

  ca1 = claim (a, 10, 26, NULL, GLOSS_OFFSET_NONE, 0, NULL);
  ca2 = claim (a, 44, 46, NULL, GLOSS_OFFSET_NONE, 0, NULL);
  cb1 = claim (b, 10, 26, NULL, GLOSS_OFFSET_NONE, 0, NULL);
  cb2 = claim (b, 44, 46, NULL, GLOSS_OFFSET_NONE, 0, NULL);
  /* "contradicts" is symmetric: the two directions are the same relation. */
  gloss_annotation_set_add_relation (a, "contradicts", ca1, ca2, &error);
  g_assert_no_error (error);
  gloss_annotation_set_add_relation (b, "contradicts", cb2, cb1, &error);
  g_assert_no_error (error);
  /* "supports" only for bob. */
  gloss_annotation_set_add_relation (b, "supports", cb1, cb2, &error);
  g_assert_no_error (error);

  review = review_of (a, b, NULL);
  groups = gloss_review_get_groups (review);
  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(GlossReviewGroup) g = g_list_model_get_item (groups, i);

      if (gloss_review_group_get_kind (g) != GLOSS_ANNOTATION_RELATION)
        continue;
      n_rel++;
      n_agreed += gloss_review_group_is_agreed (g);
      n_missing += gloss_review_group_get_status (g) == GLOSS_REVIEW_MISSING;
      g_assert_cmpuint (gloss_review_group_get_start (g), ==, 10);
      g_assert_cmpuint (gloss_review_group_get_end (g), ==, 46);
    }
  g_assert_cmpuint (n_rel, ==, 2);
  g_assert_cmpuint (n_agreed, ==, 1);
  g_assert_cmpuint (n_missing, ==, 1);
}

static void
test_errors (void)
{
  g_autoptr(GlossDocument) doc = make_document (TEXT);
  g_autoptr(GlossDocument) other = make_document ("Another text.\n");
  g_autoptr(GlossAnnotationSet) a = make_set (doc, "alice");
  g_autoptr(GlossAnnotationSet) a2 = make_set (doc, "alice");
  g_autoptr(GlossAnnotationSet) b = make_set (other, "bob");
  g_autoptr(GError) error = NULL;
  GlossAnnotationSet *one[] = { a };
  GlossAnnotationSet *dup[] = { a, a2 };
  GlossAnnotationSet *mixed[] = { a, b };

  g_assert_null (gloss_review_new (one, 1, &error));
  g_assert_error (error, GLOSS_REVIEW_ERROR, GLOSS_REVIEW_ERROR_TOO_FEW);
  g_clear_error (&error);
  g_assert_null (gloss_review_new (dup, 2, &error));
  g_assert_error (error, GLOSS_REVIEW_ERROR, GLOSS_REVIEW_ERROR_DUPLICATE);
  g_clear_error (&error);
  g_assert_null (gloss_review_new (mixed, 2, &error));
  g_assert_error (error, GLOSS_REVIEW_ERROR, GLOSS_REVIEW_ERROR_DOCUMENT);
}

/* Nothing annotated: no groups, every measure undefined, nothing crashes. */
static void
test_empty (void)
{
  g_autoptr(GlossDocument) doc = make_document (TEXT);
  g_autoptr(GlossAnnotationSet) a = make_set (doc, "alice");
  g_autoptr(GlossAnnotationSet) b = make_set (doc, "bob");
  g_autoptr(GlossReview) review = review_of (a, b, NULL);
  const char *names[] = { "alice", "bob", NULL };
  g_autoptr(GlossAgreement) agreement = gloss_agreement_new (names);
  GlossSpanScore span;
  GlossClaimScore cs;
  double observed;

  g_assert_cmpuint (n_groups (review), ==, 0);
  gloss_agreement_add_review (agreement, review);
  gloss_agreement_get_span_score (agreement, 0, 1, NULL, GLOSS_SPAN_MATCH_EXACT, &span);
  g_assert_cmpuint (span.n_matched, ==, 0);
  g_assert_true (isnan (span.precision) && isnan (span.recall) && isnan (span.f1));
  /* Every token "O" for both: chance agreement 1, kappa undefined. */
  g_assert_true (isnan (gloss_agreement_get_cohen_kappa (agreement, 0, 1, NULL, &observed, NULL)));
  g_assert_cmpfloat (observed, ==, 1.0);
  g_assert_true (isnan (gloss_agreement_get_fleiss_kappa (agreement, NULL, NULL)));
  g_assert_true (isnan (gloss_agreement_get_krippendorff_alpha (agreement, NULL, NULL)));
  g_assert_true (isnan (gloss_agreement_get_krippendorff_alpha (agreement, "person", NULL)));
  gloss_agreement_get_claim_score (agreement, 0, 1, &cs);
  g_assert_true (isnan (cs.f1) && isnan (cs.source_agreement));
}

static void
test_token_kappa (void)
{
  /* Four tokens, two annotators:
   *   alice: person, O, organisation, O
   *   bob:   person, O, person, O
   * Confusion (alice × bob) over O, person, organisation: O/O 2, person/person 1,
   * organisation/person 1. p_o = 3/4; p_e = (2·2 + 1·2 + 1·0) / 16 = 0.375;
   * kappa = (0.75 - 0.375) / 0.625 = 0.6.
   * Fleiss with two raters: P-bar = (14 - 8) / 8 = 0.75, P-bar-e = 0.40625,
   * kappa = 0.5789. Alpha = 1 - (1 - 0.5789) · 7/8 = 0.6316. */
  g_autoptr(GlossDocument) doc = make_document ("w1 w2 w3 w4");
  g_autoptr(GlossAnnotationSet) a = make_set (doc, "alice");
  g_autoptr(GlossAnnotationSet) b = make_set (doc, "bob");
  g_autoptr(GlossReview) review = NULL;
  const char *names[] = { "alice", "bob", NULL };
  g_autoptr(GlossAgreement) agreement = gloss_agreement_new (names);
  guint n_tokens;
  guint64 n_counted;
  double observed;

  entity (a, "person", 0, 2);
  entity (a, "organisation", 6, 8);
  entity (b, "person", 0, 2);
  entity (b, "person", 6, 8);
  review = review_of (a, b, NULL);
  gloss_review_get_tokens (review, &n_tokens);
  g_assert_cmpuint (n_tokens, ==, 4);

  gloss_agreement_add_review (agreement, review);
  g_assert_cmpfloat_with_epsilon (gloss_agreement_get_cohen_kappa (agreement, 0, 1, NULL, &observed, &n_counted),
                                  0.6, 1e-9);
  g_assert_cmpfloat_with_epsilon (observed, 0.75, 1e-9);
  g_assert_cmpuint (n_counted, ==, 4);
  g_assert_cmpfloat_with_epsilon (gloss_agreement_get_cohen_kappa (agreement, 1, 0, NULL, NULL, NULL),
                                  0.6, 1e-9);
  g_assert_cmpfloat_with_epsilon (gloss_agreement_get_fleiss_kappa (agreement, NULL, NULL),
                                  0.578947, 1e-6);
  g_assert_cmpfloat_with_epsilon (gloss_agreement_get_krippendorff_alpha (agreement, NULL, NULL),
                                  1 - (1 - 0.578947368) * 7 / 8, 1e-6);
  /* Person against the rest: alice P O O O, bob P O P O:
   * p_o = 3/4, p_e = (1·2 + 3·2)/16 = 0.5, kappa = 0.5. */
  g_assert_cmpfloat_with_epsilon (gloss_agreement_get_cohen_kappa (agreement, 0, 1, "person", NULL, NULL),
                                  0.5, 1e-9);

  /* Pooling a second copy of the same document changes no coefficient but
   * doubles the counts: pooled, not averaged. */
  gloss_agreement_add_review (agreement, review);
  g_assert_cmpfloat_with_epsilon (gloss_agreement_get_cohen_kappa (agreement, 0, 1, NULL, NULL, &n_counted),
                                  0.6, 1e-9);
  g_assert_cmpuint (n_counted, ==, 8);
  g_assert_cmpuint (gloss_agreement_get_n_documents (agreement), ==, 2);
}

/* The outermost entity labels a token. */
static void
test_outermost_label (void)
{
  g_autoptr(GlossDocument) doc = make_document ("w1 w2 w3 w4");
  g_autoptr(GlossAnnotationSet) a = make_set (doc, "alice");
  g_autoptr(GlossAnnotationSet) b = make_set (doc, "bob");
  g_autoptr(GlossReview) review = NULL;
  const char *names[] = { "alice", "bob", NULL };
  g_autoptr(GlossAgreement) agreement = gloss_agreement_new (names);

  entity (a, "organisation", 0, 5);
  entity (a, "person", 0, 2);
  entity (b, "organisation", 0, 5);
  review = review_of (a, b, NULL);
  gloss_agreement_add_review (agreement, review);
  /* Both: organisation organisation O O. */
  g_assert_cmpfloat_with_epsilon (gloss_agreement_get_cohen_kappa (agreement, 0, 1, NULL, NULL, NULL),
                                  1.0, 1e-9);
}

/* ------------------------------------------------------------------ */
/* The sample corpus: alice and bob on the Valmora Gazette article      */

typedef struct
{
  GlossDocument      *doc;
  GlossAnnotationSet *alice;
  GlossAnnotationSet *bob;
  GlossReview        *review;
} Sample;

static gboolean
load_sample (Sample *s)
{
  const char *root = g_getenv ("GLOSS_SOURCE_ROOT");
  g_autofree char *dir = NULL;
  g_autoptr(GFile) article = NULL;
  g_autoptr(GError) error = NULL;
  GlossAnnotationSet *sets[2];

  if (root == NULL)
    {
      g_test_skip ("GLOSS_SOURCE_ROOT is not set");
      return FALSE;
    }
  dir = g_build_filename (root, "data", "sample-corpus", NULL);
  article = g_file_new_build_filename (dir, "valmora-strike-gazette.txt", NULL);
  s->doc = gloss_document_load (article, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      const char *who = i == 0 ? "alice" : "bob";
      g_autofree char *name = gloss_sidecar_build_name ("valmora-strike-gazette.txt", who);
      g_autoptr(GFile) file = g_file_new_build_filename (dir, name, NULL);

      sets[i] = gloss_sidecar_load (file, s->doc, gloss_tagset_get_default (), NULL, NULL, &error);
      g_assert_no_error (error);
    }
  s->alice = sets[0];
  s->bob = sets[1];
  s->review = gloss_review_new (sets, 2, &error);
  g_assert_no_error (error);
  return TRUE;
}

static void
free_sample (Sample *s)
{
  g_clear_object (&s->review);
  g_clear_object (&s->alice);
  g_clear_object (&s->bob);
  g_clear_object (&s->doc);
}

/* What data/sample-corpus/README.md says differs. */
static void
test_sample_disagreements (void)
{
  Sample s = { 0 };
  GlossReviewGroup *g;

  if (!load_sample (&s))
    return;

  /* Only alice: Gate 4 (1535–1541). Only bob: union delegates (424–439). */
  g = group_at (s.review, GLOSS_ANNOTATION_ENTITY, 0, 1535, 1541);
  g_assert_cmpint (gloss_review_group_get_status (g), ==, GLOSS_REVIEW_MISSING);
  g = group_at (s.review, GLOSS_ANNOTATION_ENTITY, 1, 424, 439);
  g_assert_cmpint (gloss_review_group_get_status (g), ==, GLOSS_REVIEW_MISSING);
  g_assert_null (gloss_review_group_get_annotation (g, 0));

  /* Port of Valmora: facility / organisation. */
  g = group_at (s.review, GLOSS_ANNOTATION_ENTITY, 0, 159, 174);
  g_assert_cmpint (gloss_review_group_get_status (g), ==, GLOSS_REVIEW_TYPE);

  /* Boundaries. */
  g = group_at (s.review, GLOSS_ANNOTATION_ENTITY, 0, 623, 639);
  g_assert_cmpint (gloss_review_group_get_status (g), ==, GLOSS_REVIEW_BOUNDARY);
  g_assert_true (g == group_at (s.review, GLOSS_ANNOTATION_ENTITY, 1, 623, 670));
  g = group_at (s.review, GLOSS_ANNOTATION_ENTITY, 0, 1202, 1226);
  g_assert_true (g == group_at (s.review, GLOSS_ANNOTATION_ENTITY, 1, 1208, 1226));
  g_assert_cmpint (gloss_review_group_get_status (g), ==, GLOSS_REVIEW_BOUNDARY);
  g = group_at (s.review, GLOSS_ANNOTATION_ENTITY, 0, 269, 290);
  g_assert_true (g == group_at (s.review, GLOSS_ANNOTATION_ENTITY, 1, 279, 290));

  /* The claim by Rook or by the port authority. */
  g = group_at (s.review, GLOSS_ANNOTATION_CLAIM, 0, 964, 1095);
  g_assert_true (gloss_review_group_get_differences (g) & GLOSS_REVIEW_SOURCE);
  g_assert_cmpint (gloss_review_group_get_status (g), ==, GLOSS_REVIEW_SOURCE);
  /* The claim only bob marked. */
  g = group_at (s.review, GLOSS_ANNOTATION_CLAIM, 1, 711, 768);
  g_assert_cmpint (gloss_review_group_get_status (g), ==, GLOSS_REVIEW_MISSING);
  /* Vasquell's denial: sources are entities in a boundary group, which
   * still counts as the same source. */
  g = group_at (s.review, GLOSS_ANNOTATION_CLAIM, 0, 1277, 1322);
  g_assert_true (gloss_review_group_is_agreed (g));
  g = group_at (s.review, GLOSS_ANNOTATION_CLAIM, 0, 531, 615);
  g_assert_false (gloss_review_group_get_differences (g) & GLOSS_REVIEW_SOURCE);
  g_assert_cmpint (gloss_review_group_get_status (g), ==, GLOSS_REVIEW_ATTRIBUTE);

  /* 23 and 20 entities: 15 agreed, 1 type, 3 boundary, 4 + 1 missing. */
  g_assert_cmpuint (gloss_review_count_status (s.review, GLOSS_ANNOTATION_ENTITY, GLOSS_REVIEW_AGREED), ==, 15);
  g_assert_cmpuint (gloss_review_count_status (s.review, GLOSS_ANNOTATION_ENTITY, GLOSS_REVIEW_TYPE), ==, 1);
  g_assert_cmpuint (gloss_review_count_status (s.review, GLOSS_ANNOTATION_ENTITY, GLOSS_REVIEW_BOUNDARY), ==, 3);
  g_assert_cmpuint (gloss_review_count_status (s.review, GLOSS_ANNOTATION_ENTITY, GLOSS_REVIEW_MISSING), ==, 5);

  /* A change to a set shows after a refresh. */
  gloss_annotation_set_remove (s.alice, gloss_review_group_get_annotation (
    group_at (s.review, GLOSS_ANNOTATION_ENTITY, 0, 1535, 1541), 0));
  gloss_review_refresh (s.review);
  g_assert_cmpuint (gloss_review_count_status (s.review, GLOSS_ANNOTATION_ENTITY, GLOSS_REVIEW_MISSING), ==, 4);

  free_sample (&s);
}

static void
test_sample_agreement (void)
{
  Sample s = { 0 };
  const char *names[] = { "alice", "bob", NULL };
  g_autoptr(GlossAgreement) agreement = gloss_agreement_new (names);
  GlossSpanScore span;
  GlossClaimScore cs;
  GlossAttributeScore as;
  double kappa;

  if (!load_sample (&s))
    return;
  gloss_agreement_add_review (agreement, s.review);

  /* 15 exact matches of 23 (alice) and 20 (bob). */
  gloss_agreement_get_span_score (agreement, 0, 1, NULL, GLOSS_SPAN_MATCH_EXACT, &span);
  g_assert_cmpuint (span.n_reference, ==, 23);
  g_assert_cmpuint (span.n_other, ==, 20);
  g_assert_cmpuint (span.n_matched, ==, 15);
  g_assert_cmpfloat_with_epsilon (span.precision, 15.0 / 20, 1e-9);
  g_assert_cmpfloat_with_epsilon (span.recall, 15.0 / 23, 1e-9);
  g_assert_cmpfloat_with_epsilon (span.f1, 30.0 / 43, 1e-9);
  /* With bob as the reference precision and recall swap. */
  gloss_agreement_get_span_score (agreement, 1, 0, NULL, GLOSS_SPAN_MATCH_EXACT, &span);
  g_assert_cmpfloat_with_epsilon (span.recall, 15.0 / 20, 1e-9);
  /* Overlap adds the three boundary pairs (the type pair never matches). */
  gloss_agreement_get_span_score (agreement, 0, 1, NULL, GLOSS_SPAN_MATCH_OVERLAP, &span);
  g_assert_cmpuint (span.n_matched, ==, 18);
  /* Per type: quantity 2 of 4 exact (alice), 4 overlapping. */
  gloss_agreement_get_span_score (agreement, 0, 1, "quantity", GLOSS_SPAN_MATCH_EXACT, &span);
  g_assert_cmpuint (span.n_reference, ==, 4);
  g_assert_cmpuint (span.n_matched, ==, 2);
  gloss_agreement_get_span_score (agreement, 0, 1, "quantity", GLOSS_SPAN_MATCH_OVERLAP, &span);
  g_assert_cmpuint (span.n_matched, ==, 4);

  /* Claims: 6 and 6, 5 matched; 4 of 5 same source, 5 same cue. */
  gloss_agreement_get_claim_score (agreement, 0, 1, &cs);
  g_assert_cmpuint (cs.n_reference, ==, 6);
  g_assert_cmpuint (cs.n_other, ==, 6);
  g_assert_cmpuint (cs.n_matched, ==, 5);
  g_assert_cmpfloat_with_epsilon (cs.source_agreement, 0.8, 1e-9);
  g_assert_cmpfloat_with_epsilon (cs.cue_agreement, 1.0, 1e-9);
  /* Verdict: disputed/unverified, unverified/(none), (none)/(none),
   * disputed/disputed, (none)/(none): 3 of 5. */
  gloss_agreement_get_attribute_score (agreement, 0, 1, "verdict", &as);
  g_assert_cmpuint (as.n_compared, ==, 5);
  g_assert_cmpuint (as.n_same, ==, 3);
  g_assert_cmpfloat_with_epsilon (as.observed, 0.6, 1e-9);

  kappa = gloss_agreement_get_cohen_kappa (agreement, 0, 1, NULL, NULL, NULL);
  g_assert_cmpfloat (kappa, >, 0.5);
  g_assert_cmpfloat (kappa, <, 1.0);
  /* Two annotators, nothing missing: alpha and Fleiss are tied by n. */
  {
    guint64 n;
    double fleiss = gloss_agreement_get_fleiss_kappa (agreement, NULL, &n);
    double alpha = gloss_agreement_get_krippendorff_alpha (agreement, NULL, NULL);

    g_assert_cmpfloat_with_epsilon (alpha, 1 - (1 - fleiss) * (2.0 * n - 1) / (2.0 * n), 1e-9);
  }

  free_sample (&s);
}

/* Replacing a colleague's set (a live update) keeps every other set alive
 * and swaps exactly one reference. */
static void
test_replace_set (void)
{
  g_autoptr(GlossDocument) doc = make_document (TEXT);
  g_autoptr(GlossAnnotationSet) a = make_set (doc, "alice");
  g_autoptr(GlossAnnotationSet) b = make_set (doc, "bob");
  g_autoptr(GlossAnnotationSet) b2 = make_set (doc, "bob");
  g_autoptr(GlossAnnotationSet) intruder = make_set (doc, "carol");
  g_autoptr(GError) error = NULL;
  GlossReview *review;

  g_assert_nonnull (gloss_annotation_set_add_entity (a, "person", 0, 12, &error));
  g_assert_nonnull (gloss_annotation_set_add_entity (b2, "person", 0, 12, &error));
  review = review_of (a, b, NULL);
  g_assert_cmpuint (G_OBJECT (a)->ref_count, ==, 2);
  g_assert_cmpuint (G_OBJECT (b)->ref_count, ==, 2);

  g_assert_true (gloss_review_replace_set (review, 1, b2, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (G_OBJECT (a)->ref_count, ==, 2);
  g_assert_cmpuint (G_OBJECT (b)->ref_count, ==, 1);
  g_assert_cmpuint (G_OBJECT (b2)->ref_count, ==, 2);
  g_assert_cmpuint (n_groups (review), ==, 1);

  /* Refused: another annotator's set; nothing changes. */
  g_assert_false (gloss_review_replace_set (review, 1, intruder, &error));
  g_assert_nonnull (error);
  g_assert_cmpuint (G_OBJECT (b2)->ref_count, ==, 2);
  g_assert_cmpuint (G_OBJECT (intruder)->ref_count, ==, 1);

  g_object_unref (review);
  g_assert_cmpuint (G_OBJECT (a)->ref_count, ==, 1);
  g_assert_cmpuint (G_OBJECT (b2)->ref_count, ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gloss_xml_init ();

  g_test_add_func ("/review/categories", test_categories);
  g_test_add_func ("/review/same-span-twice", test_same_span_twice);
  g_test_add_func ("/review/three-annotators", test_three_annotators);
  g_test_add_func ("/review/best-overlap", test_best_overlap);
  g_test_add_func ("/review/claims", test_claims);
  g_test_add_func ("/review/relations", test_relations);
  g_test_add_func ("/review/errors", test_errors);
  g_test_add_func ("/review/empty", test_empty);
  g_test_add_func ("/review/replace-set", test_replace_set);
  g_test_add_func ("/review/token-kappa", test_token_kappa);
  g_test_add_func ("/review/outermost-label", test_outermost_label);
  g_test_add_func ("/review/sample/disagreements", test_sample_disagreements);
  g_test_add_func ("/review/sample/agreement", test_sample_agreement);

  return g_test_run ();
}
