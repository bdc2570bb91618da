/* gloss-agreement.h: how far annotators agree, per document and per corpus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gloss-review.h"

G_BEGIN_DECLS

/* Every measure that is undefined for its data (nothing to compare, every
 * judgement in one and the same category so that chance agreement is 1)
 * is NAN; gloss_agreement_format_value() prints it as "n/a". No measure
 * divides by zero. docs/review.md gives each definition and formula. */

/* The coefficients on their own, for counts gathered elsewhere. */

/* Cohen's kappa from a @n_categories × @n_categories matrix of counts:
 * @matrix[i * n + j] items that the first rater put in category i and the
 * second in j. @observed (optional) receives the observed agreement. */
double      gloss_agreement_cohen_kappa          (const double *matrix,
                                                  guint         n_categories,
                                                  double       *observed);
/* Fleiss' kappa from @counts[i * n_categories + j], the number of raters who
 * put subject i in category j. Every subject must have the same number of
 * ratings, at least two; otherwise NAN. */
double      gloss_agreement_fleiss_kappa         (const double *counts,
                                                  guint         n_subjects,
                                                  guint         n_categories);
/* Krippendorff's alpha for nominal data from reliability data:
 * @values[coder * n_units + unit] is a category in [0, n_categories), or
 * negative when that coder did not judge that unit (missing). */
double      gloss_agreement_krippendorff_alpha   (const int    *values,
                                                  guint         n_coders,
                                                  guint         n_units,
                                                  guint         n_categories);
/* The same from a coincidence matrix (n_categories × n_categories). */
double      gloss_agreement_krippendorff_alpha_from_coincidences (const double *coincidences,
                                                  guint         n_categories);
/* Adds one unit's values (negative = missing) to a coincidence matrix;
 * a unit with fewer than two values adds nothing. */
void        gloss_agreement_add_unit             (double       *coincidences,
                                                  guint         n_categories,
                                                  const int    *values,
                                                  guint         n_values);
/* 2PR / (P + R); NAN when either is NAN, 0 when both are 0. */
double      gloss_agreement_f1                   (double        precision,
                                                  double        recall);
/* "0.734" with three decimals, "n/a" for NAN. Newly allocated. */
char       *gloss_agreement_format_value         (double        value);

/* Pooled agreement over the documents of a study. */

typedef enum
{
  GLOSS_SPAN_MATCH_EXACT,   /* same start, end and type */
  GLOSS_SPAN_MATCH_OVERLAP, /* overlapping spans of the same type, one to one */
} GlossSpanMatch;

/* Spans of a pair, the first annotator being the reference:
 * precision = matched / n_other, recall = matched / n_reference. */
typedef struct
{
  guint  n_reference;
  guint  n_other;
  guint  n_matched;
  double precision;
  double recall;
  double f1;
} GlossSpanScore;

/* Claims of a pair, matched as the review groups them (content overlap);
 * the agreements are shares of the matched pairs. */
typedef struct
{
  guint  n_reference;
  guint  n_other;
  guint  n_matched;
  double precision;
  double recall;
  double f1;
  guint  n_same_source;
  double source_agreement;
  guint  n_same_cue;
  double cue_agreement;
} GlossClaimScore;

/* One claim attribute over the matched claims of a pair ("(none)" counts
 * as a value). */
typedef struct
{
  guint  n_compared;
  guint  n_same;
  double observed;
  double kappa;
} GlossAttributeScore;

#define GLOSS_TYPE_AGREEMENT (gloss_agreement_get_type ())
G_DECLARE_FINAL_TYPE (GlossAgreement, gloss_agreement, GLOSS, AGREEMENT, GObject)

/* @annotators: the study's annotators (NULL-terminated, at least two,
 * distinct). Add the review of each document; a review may hold a subset
 * of them (at least two). */
GlossAgreement     *gloss_agreement_new                 (const char * const *annotators);
void                gloss_agreement_add_review          (GlossAgreement     *self,
                                                         GlossReview        *review);

guint               gloss_agreement_get_n_annotators    (GlossAgreement     *self);
const char         *gloss_agreement_get_annotator       (GlossAgreement     *self,
                                                         guint               index);
guint               gloss_agreement_get_n_documents     (GlossAgreement     *self);
/* Documents that both annotators of the pair annotated. */
guint               gloss_agreement_get_n_pair_documents (GlossAgreement    *self,
                                                         guint               a,
                                                         guint               b);
/* Entity types and claim attributes seen in any annotation or the tagset,
 * sorted; NULL-terminated, owned by @self until the next add_review. */
const char * const *gloss_agreement_get_entity_types    (GlossAgreement     *self);
const char * const *gloss_agreement_get_claim_attributes (GlossAgreement    *self);

/* @type NULL: all types (micro average: the pooled counts). */
void                gloss_agreement_get_span_score      (GlossAgreement     *self,
                                                         guint               reference,
                                                         guint               other,
                                                         const char         *type,
                                                         GlossSpanMatch      match,
                                                         GlossSpanScore     *score);
/* Token labels (see docs/review.md). @type NULL: all labels; a type: that
 * type against everything else. @observed and @n_tokens may be NULL. */
double              gloss_agreement_get_cohen_kappa     (GlossAgreement     *self,
                                                         guint               a,
                                                         guint               b,
                                                         const char         *type,
                                                         double             *observed,
                                                         guint64            *n_tokens);
/* Over the documents that every annotator of the study annotated. */
double              gloss_agreement_get_fleiss_kappa    (GlossAgreement     *self,
                                                         const char         *type,
                                                         guint64            *n_tokens);
/* Over every document; an annotator without a sidecar is missing data. */
double              gloss_agreement_get_krippendorff_alpha (GlossAgreement  *self,
                                                         const char         *type,
                                                         guint64            *n_tokens);
void                gloss_agreement_get_claim_score     (GlossAgreement     *self,
                                                         guint               reference,
                                                         guint               other,
                                                         GlossClaimScore    *score);
void                gloss_agreement_get_attribute_score (GlossAgreement     *self,
                                                         guint               a,
                                                         guint               b,
                                                         const char         *attribute,
                                                         GlossAttributeScore *score);

G_END_DECLS
