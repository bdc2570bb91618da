/* test-agreement.c: the agreement coefficients against published worked examples
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>

#include <glib.h>

#include "gloss-agreement.h"

#define TOLERANCE 1e-3

/* Cohen's kappa, two raters, two categories.
 *
 * Source: Wikipedia, "Cohen's kappa", section "Examples", first example
 * (https://en.wikipedia.org/wiki/Cohen%27s_kappa, as of 2024): 50 grant
 * proposals read by readers A and B; both yes 20, A yes and B no 5, A no
 * and B yes 10, both no 15. The article works it out to p_o = 0.7,
 * p_e = 0.5 and kappa = 0.4. */
static void
test_cohen_wikipedia (void)
{
  const double matrix[] = {
    20, 5,
    10, 15,
  };
  double observed;
  double kappa = gloss_agreement_cohen_kappa (matrix, 2, &observed);

  g_assert_cmpfloat_with_epsilon (observed, 0.7, TOLERANCE);
  g_assert_cmpfloat_with_epsilon (kappa, 0.4, TOLERANCE);
}

/* Cohen's kappa: the same observed agreement, different chance agreement.
 *
 * Source: Wikipedia, "Cohen's kappa", section "Examples", subsection "Same
 * percentages but very different numbers" (as of 2024): two 2 × 2 tables of
 * 100 items, both with p_o = 0.60; the first (45, 15 / 25, 15) gives
 * kappa = 0.1304, the second (25, 35 / 5, 35) kappa = 0.2593. */
static void
test_cohen_same_percentages (void)
{
  const double first[] = {
    45, 15,
    25, 15,
  };
  const double second[] = {
    25, 35,
    5, 35,
  };
  double observed;

  g_assert_cmpfloat_with_epsilon (gloss_agreement_cohen_kappa (first, 2, &observed), 0.1304, TOLERANCE);
  g_assert_cmpfloat_with_epsilon (observed, 0.60, TOLERANCE);
  g_assert_cmpfloat_with_epsilon (gloss_agreement_cohen_kappa (second, 2, &observed), 0.2593, TOLERANCE);
  g_assert_cmpfloat_with_epsilon (observed, 0.60, TOLERANCE);
}

/* Fleiss' kappa.
 *
 * Source: Wikipedia, "Fleiss' kappa", section "Worked example"
 * (https://en.wikipedia.org/wiki/Fleiss%27_kappa, as of 2024), which
 * illustrates Fleiss, J. L. (1971), "Measuring nominal scale agreement
 * among many raters", Psychological Bulletin 76(5), p. 378–382: 10
 * subjects, 14 raters, 5 categories; P-bar = 0.378, P-bar-e = 0.213,
 * kappa = 0.210. */
static void
test_fleiss_wikipedia (void)
{
  const double counts[] = {
    0, 0, 0, 0, 14,
    0, 2, 6, 4, 2,
    0, 0, 3, 5, 6,
    0, 3, 9, 2, 0,
    2, 2, 8, 1, 1,
    7, 7, 0, 0, 0,
    3, 2, 6, 3, 0,
    2, 5, 3, 2, 2,
    6, 5, 2, 1, 0,
    0, 2, 2, 3, 7,
  };

  g_assert_cmpfloat_with_epsilon (gloss_agreement_fleiss_kappa (counts, 10, 5), 0.210, TOLERANCE);
}

/* Krippendorff's alpha, nominal data, four observers, missing values.
 *
 * Source: Krippendorff, K. (2011), "Computing Krippendorff's
 * Alpha-Reliability", Annenberg School for Communication, University of
 * Pennsylvania (https://repository.upenn.edu/asc_papers/43), section C,
 * "Nominal data, any number of observers, missing data": 4 observers,
 * 12 units, alpha = 0.743 (n = 40 pairable values). */
static void
test_krippendorff_2011 (void)
{
  /* Categories 1..5 as 0..4; -1 where an observer gave no value. */
  const int values[] = {
    /* A */ 0, 1, 2, 2, 1, 0, 3, 0, 1, -1, -1, -1,
    /* B */ 0, 1, 2, 2, 1, 1, 3, 0, 1, 4, -1, 2,
    /* C */ -1, 2, 2, 2, 1, 2, 3, 1, 1, 4, 0, -1,
    /* D */ 0, 1, 2, 2, 1, 3, 3, 0, 1, 4, 0, -1,
  };
  const double marginals[] = { 9, 13, 10, 5, 3 };
  double o[25] = { 0 };
  double n = 0;

  g_assert_cmpfloat_with_epsilon (gloss_agreement_krippendorff_alpha (values, 4, 12, 5),
                                  0.743, TOLERANCE);

  /* The paper's coincidence matrix: n = 40 pairable values, with the
   * marginals n_1..n_5 = 9, 13, 10, 5, 3. */
  for (guint u = 0; u < 12; u++)
    {
      int unit[4];

      for (guint c = 0; c < 4; c++)
        unit[c] = values[c * 12 + u];
      gloss_agreement_add_unit (o, 5, unit, 4);
    }
  for (guint c = 0; c < 5; c++)
    {
      double marginal = 0;

      for (guint k = 0; k < 5; k++)
        marginal += o[c * 5 + k];
      g_assert_cmpfloat_with_epsilon (marginal, marginals[c], TOLERANCE);
      n += marginal;
    }
  g_assert_cmpfloat_with_epsilon (n, 40, TOLERANCE);
  g_assert_cmpfloat_with_epsilon (gloss_agreement_krippendorff_alpha_from_coincidences (o, 5),
                                  0.743, TOLERANCE);
}

/* With two coders and no missing data, alpha and Scott's pi (which is
 * Fleiss' kappa for two raters) differ only by a small-sample factor:
 * alpha = 1 - (1 - pi)(n - 1)/n for n values (Krippendorff 2011, section
 * A, "Binary or dichotomous data, two observers, no missing data"). */
static void
test_alpha_two_coders_matches_fleiss (void)
{
  /* 10 units, two coders, 3 categories. */
  const int values[] = {
    0, 0, 1, 1, 2, 2, 0, 1, 2, 0,
    0, 1, 1, 1, 2, 0, 0, 1, 2, 2,
  };
  double counts[10 * 3] = { 0 };
  double kappa, alpha, n = 20;

  for (guint u = 0; u < 10; u++)
    {
      counts[u * 3 + values[u]]++;
      counts[u * 3 + values[10 + u]]++;
    }
  kappa = gloss_agreement_fleiss_kappa (counts, 10, 3);
  alpha = gloss_agreement_krippendorff_alpha (values, 2, 10, 3);
  g_assert_cmpfloat_with_epsilon (alpha, 1 - (1 - kappa) * (n - 1) / n, 1e-9);
}

static void
test_edge_cases (void)
{
  const double empty[4] = { 0 };
  const double one_category[4] = { 12, 0, 0, 0 };
  const double fleiss_one[] = { 3, 0, 3, 0 };
  const double fleiss_uneven[] = { 3, 0, 2, 0 };
  const int alpha_one[] = { 0, 0, 0, 0, 0, 0 };
  const int alpha_lonely[] = { 0, -1, 1, -1, 2, -1 };
  double observed = 0;
  g_autofree char *na = gloss_agreement_format_value (NAN);
  g_autofree char *num = gloss_agreement_format_value (0.74299);

  /* No items at all. */
  g_assert_true (isnan (gloss_agreement_cohen_kappa (empty, 2, &observed)));
  g_assert_true (isnan (observed));
  g_assert_true (isnan (gloss_agreement_cohen_kappa (NULL, 0, NULL)));
  /* Both raters always chose the same single category: chance agreement
   * is 1, kappa undefined, observed agreement 1. */
  g_assert_true (isnan (gloss_agreement_cohen_kappa (one_category, 2, &observed)));
  g_assert_cmpfloat (observed, ==, 1.0);
  g_assert_true (isnan (gloss_agreement_fleiss_kappa (fleiss_one, 2, 2)));
  g_assert_true (isnan (gloss_agreement_fleiss_kappa (fleiss_uneven, 2, 2)));
  g_assert_true (isnan (gloss_agreement_fleiss_kappa (NULL, 0, 0)));
  g_assert_true (isnan (gloss_agreement_krippendorff_alpha (alpha_one, 2, 3, 1)));
  /* No unit has two values: nothing pairable. */
  g_assert_true (isnan (gloss_agreement_krippendorff_alpha (alpha_lonely, 2, 3, 3)));

  g_assert_true (isnan (gloss_agreement_f1 (NAN, 0.5)));
  g_assert_cmpfloat (gloss_agreement_f1 (0, 0), ==, 0);
  g_assert_cmpfloat_with_epsilon (gloss_agreement_f1 (0.5, 1.0), 2.0 / 3, 1e-12);

  g_assert_cmpstr (na, ==, "n/a");
  g_assert_cmpstr (num, ==, "0.743");
}

/* Perfect agreement and systematic disagreement. */
static void
test_extremes (void)
{
  const double perfect[] = { 5, 0, 0, 7 };
  const double opposite[] = { 0, 5, 5, 0 };

  g_assert_cmpfloat_with_epsilon (gloss_agreement_cohen_kappa (perfect, 2, NULL), 1.0, 1e-12);
  g_assert_cmpfloat_with_epsilon (gloss_agreement_cohen_kappa (opposite, 2, NULL), -1.0, 1e-12);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/agreement/cohen/wikipedia", test_cohen_wikipedia);
  g_test_add_func ("/agreement/cohen/same-percentages", test_cohen_same_percentages);
  g_test_add_func ("/agreement/fleiss/wikipedia", test_fleiss_wikipedia);
  g_test_add_func ("/agreement/krippendorff/2011", test_krippendorff_2011);
  g_test_add_func ("/agreement/krippendorff/two-coders", test_alpha_two_coders_matches_fleiss);
  g_test_add_func ("/agreement/edge-cases", test_edge_cases);
  g_test_add_func ("/agreement/extremes", test_extremes);

  return g_test_run ();
}
