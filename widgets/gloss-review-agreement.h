/* gloss-review-agreement.h: agreement measures as a table and a chart
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gloss-agreement.h"
#include "gloss-tagset.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_REVIEW_AGREEMENT (gloss_review_agreement_get_type ())
G_DECLARE_FINAL_TYPE (GlossReviewAgreement, gloss_review_agreement, GLOSS, REVIEW_AGREEMENT, GtkWidget)

/* Shows a GlossAgreement (docs/review.md, "Agreement measures"): entity
 * spans per type and over all types (F1 with exact and with overlap
 * matching and Cohen's kappa for each pair, Fleiss' kappa and
 * Krippendorff's alpha over all annotators), a bar chart of the F1 per
 * type, claims (F1, source and cue agreement per pair) and claim
 * attributes (observed agreement and kappa per pair). Counts are in each
 * value's tooltip. */

GtkWidget      *gloss_review_agreement_new            (void);

/* @agreement NULL shows @message instead (e.g. "Computing…"). @tagset
 * (may be NULL) names the types. */
void            gloss_review_agreement_set_agreement  (GlossReviewAgreement *self,
                                                       GlossAgreement       *agreement,
                                                       GlossTagset          *tagset,
                                                       const char           *message);
GlossAgreement *gloss_review_agreement_get_agreement  (GlossReviewAgreement *self);

/* The text of one value as shown, or NULL when there is no such cell.
 * Keys: "f1-exact:A:B:TYPE", "f1-overlap:A:B:TYPE", "kappa:A:B:TYPE",
 * "fleiss:TYPE", "alpha:TYPE" (TYPE "*" for all types); "claim-f1:A:B",
 * "claim-source:A:B", "claim-cue:A:B"; "attribute-observed:A:B:NAME",
 * "attribute-kappa:A:B:NAME" — A and B annotator ids. */
const char     *gloss_review_agreement_get_cell_text  (GlossReviewAgreement *self,
                                                       const char           *key);
/* The chart, for screenshots. */
GtkWidget      *gloss_review_agreement_get_chart      (GlossReviewAgreement *self);

G_END_DECLS
