/* gloss-agreement.c: how far annotators agree, per document and per corpus
 *
 * Everything here is pooled counts: a corpus adds up the counts of its
 * documents (matched spans, token confusion matrices, Fleiss sums,
 * Krippendorff coincidences) and computes each coefficient once from the
 * totals, never by averaging the coefficients of documents.
 *
 * Token labels: each token (GlossTokenizer) of the document gets, for each
 * annotator, the type of the outermost entity overlapping it (the one that
 * starts first, and of those the one that ends last; then the smaller type
 * id), or "O" when no entity overlaps it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-agreement"

#include "config.h"

#include <math.h>
#include <string.h>

#include "gloss-agreement.h"
#include "gloss-review-private.h"
#include "gloss-tagset.h"

#define OUTSIDE   "O"
#define NO_VALUE  "(none)"

/* ------------------------------------------------------------------ */
/* The coefficients                                                    */

/* Chance agreement of exactly 1 (or above, by rounding) leaves kappa
 * undefined; so does a total of zero. */
#define CHANCE_EPSILON 1e-12

double
gloss_agreement_cohen_kappa (const double *matrix,
                             guint         k,
                             double       *observed)
{
  double total = 0, diagonal = 0, chance = 0;
  g_autofree double *rows = NULL;
  g_autofree double *cols = NULL;

  g_return_val_if_fail (matrix != NULL || k == 0, NAN);

  if (observed != NULL)
    *observed = NAN;

  rows = g_new0 (double, MAX (k, 1));
  cols = g_new0 (double, MAX (k, 1));
  for (guint i = 0; i < k; i++)
    for (guint j = 0; j < k; j++)
      {
        double v = matrix[i * k + j];

        total += v;
        rows[i] += v;
        cols[j] += v;
        if (i == j)
          diagonal += v;
      }
  if (total <= 0)
    return NAN;

  for (guint i = 0; i < k; i++)
    chance += (rows[i] / total) * (cols[i] / total);
  if (observed != NULL)
    *observed = diagonal / total;
  if (chance >= 1 - CHANCE_EPSILON)
    return NAN;
  return (diagonal / total - chance) / (1 - chance);
}

/* Fleiss' sums: for N subjects with n ratings each, per category j the
 * total Σi nij and the sum of squares Σi nij². */
typedef struct
{
  double  n_subjects;
  guint   n_raters;
  guint   k;
  double *sum;
  double *sum_sq;
} FleissSums;

static double
fleiss_from_sums (double        n_subjects,
                  guint         n_raters,
                  const double *sum,
                  const double *sum_sq,
                  guint         k)
{
  double nn = n_subjects * n_raters;
  double observed_pairs = 0, chance = 0, p_bar;

  if (n_subjects <= 0 || n_raters < 2)
    return NAN;

  for (guint j = 0; j < k; j++)
    {
      double p = sum[j] / nn;

      observed_pairs += sum_sq[j];
      chance += p * p;
    }
  p_bar = (observed_pairs - nn) / (nn * (n_raters - 1));
  if (chance >= 1 - CHANCE_EPSILON)
    return NAN;
  return (p_bar - chance) / (1 - chance);
}

/* Category @j against all the others, from the same sums. */
static double
fleiss_binary_from_sums (double        n_subjects,
                         guint         n_raters,
                         const double *sum,
                         const double *sum_sq,
                         guint         j)
{
  double s[2], sq[2];

  s[0] = sum[j];
  sq[0] = sum_sq[j];
  s[1] = n_subjects * n_raters - sum[j];
  /* Σ (n - nij)² = N n² - 2 n Σ nij + Σ nij² */
  sq[1] = n_subjects * n_raters * (double) n_raters - 2.0 * n_raters * sum[j] + sum_sq[j];
  return fleiss_from_sums (n_subjects, n_raters, s, sq, 2);
}

double
gloss_agreement_fleiss_kappa (const double *counts,
                              guint         n_subjects,
                              guint         k)
{
  g_autofree double *sum = g_new0 (double, MAX (k, 1));
  g_autofree double *sum_sq = g_new0 (double, MAX (k, 1));
  double n_raters = -1;

  g_return_val_if_fail (counts != NULL || n_subjects == 0 || k == 0, NAN);

  for (guint i = 0; i < n_subjects; i++)
    {
      double row = 0;

      for (guint j = 0; j < k; j++)
        {
          double v = counts[i * k + j];

          row += v;
          sum[j] += v;
          sum_sq[j] += v * v;
        }
      if (n_raters < 0)
        n_raters = row;
      else if (row != n_raters)
        return NAN;
    }
  if (n_raters < 2 || n_raters != floor (n_raters))
    return NAN;
  return fleiss_from_sums (n_subjects, (guint) n_raters, sum, sum_sq, k);
}

void
gloss_agreement_add_unit (double    *o,
                          guint      k,
                          const int *values,
                          guint      n_values)
{
  guint m = 0;
  guint stack_counts[16];
  g_autofree guint *heap_counts = NULL;
  guint *counts;

  g_return_if_fail (o != NULL);
  g_return_if_fail (values != NULL || n_values == 0);

  counts = k <= G_N_ELEMENTS (stack_counts) ? stack_counts : (heap_counts = g_new (guint, k));
  memset (counts, 0, sizeof (guint) * k);
  for (guint i = 0; i < n_values; i++)
    if (values[i] >= 0 && (guint) values[i] < k)
      {
        counts[values[i]]++;
        m++;
      }
  if (m < 2)
    return;

  /* Each ordered pair of values of different coders counts 1/(m - 1). */
  for (guint c = 0; c < k; c++)
    {
      if (counts[c] == 0)
        continue;
      for (guint d = 0; d < k; d++)
        {
          double pairs = c == d ? (double) counts[c] * (counts[c] - 1)
                                : (double) counts[c] * counts[d];

          if (pairs > 0)
            o[c * k + d] += pairs / (m - 1);
        }
    }
}

double
gloss_agreement_krippendorff_alpha_from_coincidences (const double *o,
                                                      guint         k)
{
  g_autofree double *marginal = g_new0 (double, MAX (k, 1));
  double n = 0, disagree = 0, sum_sq = 0, expected;

  g_return_val_if_fail (o != NULL || k == 0, NAN);

  for (guint c = 0; c < k; c++)
    for (guint d = 0; d < k; d++)
      {
        marginal[c] += o[c * k + d];
        if (c != d)
          disagree += o[c * k + d];
      }
  for (guint c = 0; c < k; c++)
    {
      n += marginal[c];
      sum_sq += marginal[c] * marginal[c];
    }
  if (n <= 1)
    return NAN;

  /* alpha = 1 - Do/De with Do = Σc≠k o_ck / n and De = Σc≠k n_c n_k / (n (n - 1)). */
  expected = n * n - sum_sq;
  if (expected <= CHANCE_EPSILON * n * n)
    return NAN;
  return 1.0 - (n - 1) * disagree / expected;
}

double
gloss_agreement_krippendorff_alpha (const int *values,
                                    guint      n_coders,
                                    guint      n_units,
                                    guint      k)
{
  g_autofree double *o = g_new0 (double, MAX (k * k, 1));
  g_autofree int *unit = g_new (int, MAX (n_coders, 1));

  g_return_val_if_fail (values != NULL || n_coders == 0 || n_units == 0, NAN);

  for (guint u = 0; u < n_units; u++)
    {
      for (guint c = 0; c < n_coders; c++)
        unit[c] = values[c * n_units + u];
      gloss_agreement_add_unit (o, k, unit, n_coders);
    }
  return gloss_agreement_krippendorff_alpha_from_coincidences (o, k);
}

double
gloss_agreement_f1 (double precision,
                    double recall)
{
  if (isnan (precision) || isnan (recall))
    return NAN;
  if (precision + recall <= 0)
    return 0;
  return 2 * precision * recall / (precision + recall);
}

char *
gloss_agreement_format_value (double value)
{
  if (isnan (value))
    return g_strdup ("n/a");
  /* Not locale-dependent: files are read by scripts. */
  {
    char buf[G_ASCII_DTOSTR_BUF_SIZE];

    return g_strdup (g_ascii_formatd (buf, sizeof buf, "%.3f", value));
  }
}

static double
ratio (guint64 num,
       guint64 den)
{
  return den == 0 ? NAN : (double) num / (double) den;
}

/* ------------------------------------------------------------------ */
/* Growing square matrices of a category registry                      */

typedef struct
{
  GPtrArray  *names;  /* char *, index = category */
  GHashTable *index;  /* name -> index + 1 */
} Categories;

static void
categories_init (Categories *c)
{
  c->names = g_ptr_array_new_with_free_func (g_free);
  c->index = g_hash_table_new (g_str_hash, g_str_equal);
}

static void
categories_clear (Categories *c)
{
  g_clear_pointer (&c->index, g_hash_table_unref);
  g_clear_pointer (&c->names, g_ptr_array_unref);
}

static guint
categories_lookup (Categories *c,
                   const char *name,
                   gboolean   *added)
{
  guint i = GPOINTER_TO_UINT (g_hash_table_lookup (c->index, name));

  if (added != NULL)
    *added = FALSE;
  if (i > 0)
    return i - 1;
  g_ptr_array_add (c->names, g_strdup (name));
  g_hash_table_insert (c->index, g_ptr_array_index (c->names, c->names->len - 1),
                       GUINT_TO_POINTER (c->names->len));
  if (added != NULL)
    *added = TRUE;
  return c->names->len - 1;
}

static int
categories_find (Categories *c,
                 const char *name)
{
  return (int) GPOINTER_TO_UINT (g_hash_table_lookup (c->index, name)) - 1;
}

/* A k × k matrix that grows with the registry. */
typedef struct
{
  guint   k;
  double *m;
} Matrix;

static void
matrix_grow (Matrix *mx,
             guint   k)
{
  double *m;

  if (k <= mx->k)
    return;
  m = g_new0 (double, (gsize) k * k);
  for (guint i = 0; i < mx->k; i++)
    memcpy (m + (gsize) i * k, mx->m + (gsize) i * mx->k, sizeof (double) * mx->k);
  g_free (mx->m);
  mx->m = m;
  mx->k = k;
}

static void
matrix_clear (Matrix *mx)
{
  g_clear_pointer (&mx->m, g_free);
  mx->k = 0;
}

/* Category @j against everything else, as a 2 × 2 matrix. */
static void
matrix_collapse (const Matrix *mx,
                 guint         j,
                 double        out[4])
{
  memset (out, 0, sizeof (double) * 4);
  for (guint a = 0; a < mx->k; a++)
    for (guint b = 0; b < mx->k; b++)
      out[(a == j ? 0 : 2) + (b == j ? 0 : 1)] += mx->m[(gsize) a * mx->k + b];
}

/* ------------------------------------------------------------------ */
/* The study                                                           */

typedef struct
{
  guint n_reference;
  guint n_other;
  guint n_exact;
  guint n_overlap;
} TypeCounts;

typedef struct
{
  guint   n_documents;
  /* type name -> TypeCounts */
  GHashTable *types;
  Matrix  tokens;        /* labels: study category registry */
  guint64 n_tokens;

  guint   claims_reference;
  guint   claims_other;
  guint   claims_matched;
  guint   same_source;
  guint   same_cue;
  /* attribute name -> Matrix over the value registry */
  GHashTable *attributes;
} Pair;

struct _GlossAgreement
{
  GObject     parent_instance;

  GStrv       annotators;
  guint       n;
  guint       n_documents;
  Pair       *pairs;           /* n × n, only a < b used */

  Categories  labels;          /* "O" and entity types */
  Categories  values;          /* attribute values and "(none)" */
  GPtrArray  *attribute_names; /* char *, sorted on demand */
  GPtrArray  *type_names;      /* char * (entity types), sorted on demand */
  GHashTable *seen_types;
  GHashTable *seen_attributes;

  /* Fleiss: documents every annotator annotated. */
  double      fleiss_subjects;
  GArray     *fleiss_sum;      /* double per label */
  GArray     *fleiss_sum_sq;
  /* Krippendorff: all documents. */
  Matrix      coincidences;
  guint64     alpha_tokens;
};

G_DEFINE_FINAL_TYPE (GlossAgreement, gloss_agreement, G_TYPE_OBJECT)

static void
type_counts_free (gpointer p)
{
  g_free (p);
}

static void
matrix_free (gpointer p)
{
  Matrix *m = p;

  matrix_clear (m);
  g_free (m);
}

static void
gloss_agreement_finalize (GObject *object)
{
  GlossAgreement *self = GLOSS_AGREEMENT (object);

  for (guint i = 0; self->pairs != NULL && i < self->n * self->n; i++)
    {
      Pair *p = &self->pairs[i];

      g_clear_pointer (&p->types, g_hash_table_unref);
      g_clear_pointer (&p->attributes, g_hash_table_unref);
      matrix_clear (&p->tokens);
    }
  g_free (self->pairs);
  g_strfreev (self->annotators);
  categories_clear (&self->labels);
  categories_clear (&self->values);
  g_clear_pointer (&self->attribute_names, g_ptr_array_unref);
  g_clear_pointer (&self->type_names, g_ptr_array_unref);
  g_clear_pointer (&self->seen_types, g_hash_table_unref);
  g_clear_pointer (&self->seen_attributes, g_hash_table_unref);
  g_clear_pointer (&self->fleiss_sum, g_array_unref);
  g_clear_pointer (&self->fleiss_sum_sq, g_array_unref);
  matrix_clear (&self->coincidences);

  G_OBJECT_CLASS (gloss_agreement_parent_class)->finalize (object);
}

static void
gloss_agreement_class_init (GlossAgreementClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gloss_agreement_finalize;
}

static void
gloss_agreement_init (GlossAgreement *self)
{
  categories_init (&self->labels);
  categories_init (&self->values);
  categories_lookup (&self->labels, OUTSIDE, NULL);
  categories_lookup (&self->values, NO_VALUE, NULL);
  self->attribute_names = g_ptr_array_new_with_free_func (g_free);
  self->type_names = g_ptr_array_new_with_free_func (g_free);
  self->seen_types = g_hash_table_new (g_str_hash, g_str_equal);
  self->seen_attributes = g_hash_table_new (g_str_hash, g_str_equal);
  self->fleiss_sum = g_array_new (FALSE, TRUE, sizeof (double));
  self->fleiss_sum_sq = g_array_new (FALSE, TRUE, sizeof (double));
}

GlossAgreement *
gloss_agreement_new (const char * const *annotators)
{
  GlossAgreement *self;
  guint n;

  g_return_val_if_fail (annotators != NULL, NULL);
  n = g_strv_length ((char **) annotators);
  g_return_val_if_fail (n >= 2 && n <= GLOSS_REVIEW_MAX_ANNOTATORS, NULL);

  self = g_object_new (GLOSS_TYPE_AGREEMENT, NULL);
  self->annotators = g_strdupv ((char **) annotators);
  self->n = n;
  self->pairs = g_new0 (Pair, (gsize) n * n);
  for (guint i = 0; i < n * n; i++)
    {
      self->pairs[i].types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, type_counts_free);
      self->pairs[i].attributes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, matrix_free);
    }
  return self;
}

static Pair *
pair_at (GlossAgreement *self,
         guint           a,
         guint           b)
{
  return &self->pairs[MIN (a, b) * self->n + MAX (a, b)];
}

static TypeCounts *
type_counts (Pair       *p,
             const char *type)
{
  TypeCounts *tc = g_hash_table_lookup (p->types, type);

  if (tc == NULL)
    {
      tc = g_new0 (TypeCounts, 1);
      g_hash_table_insert (p->types, g_strdup (type), tc);
    }
  return tc;
}

static void
note_type (GlossAgreement *self,
           const char     *type)
{
  if (!g_hash_table_contains (self->seen_types, type))
    {
      char *copy = g_strdup (type);

      g_ptr_array_add (self->type_names, copy);
      g_hash_table_add (self->seen_types, copy);
    }
}

static void
note_attribute (GlossAgreement *self,
                const char     *name)
{
  if (!g_hash_table_contains (self->seen_attributes, name))
    {
      char *copy = g_strdup (name);

      g_ptr_array_add (self->attribute_names, copy);
      g_hash_table_add (self->seen_attributes, copy);
    }
}

/* Span matching of one pair of sets. */

typedef struct
{
  guint       start;
  guint       end;
  const char *type;
  guint       used;
} Span;

static int
compare_spans (gconstpointer pa,
               gconstpointer pb)
{
  const Span *a = pa;
  const Span *b = pb;
  int c;

  if ((c = strcmp (a->type, b->type)) != 0)
    return c;
  if (a->start != b->start)
    return a->start < b->start ? -1 : 1;
  return a->end < b->end ? -1 : (a->end > b->end);
}

static GArray *
spans_of (GlossAnnotationSet *set)
{
  GListModel *list = gloss_annotation_set_get_entities (set);
  guint n = g_list_model_get_n_items (list);
  GArray *spans = g_array_sized_new (FALSE, FALSE, sizeof (Span), n);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GlossAnnotation) a = g_list_model_get_item (list, i);
      Span s = { gloss_annotation_get_start (a), gloss_annotation_get_end (a),
                 gloss_annotation_get_type_id (a), 0 };

      g_array_append_val (spans, s);
    }
  g_array_sort (spans, compare_spans);
  return spans;
}

typedef struct
{
  guint a;
  guint b;
  guint shared;
  guint joint;
} OverlapCandidate;

static int
compare_overlap_candidates (gconstpointer pa,
                            gconstpointer pb)
{
  const OverlapCandidate *x = pa;
  const OverlapCandidate *y = pb;
  guint64 rx = (guint64) x->shared * y->joint;
  guint64 ry = (guint64) y->shared * x->joint;

  if (rx != ry)
    return rx > ry ? -1 : 1;
  if (x->a != y->a)
    return x->a < y->a ? -1 : 1;
  return x->b < y->b ? -1 : (x->b > y->b);
}

/* Counts matches of one type: spans a[a0, a1) and b[b0, b1), each sorted
 * by (start, end). Exact: the size of the multiset intersection. Overlap:
 * a greedy one-to-one matching, largest overlap ratio first. */
static void
match_type (Span       *a,
            guint       na,
            Span       *b,
            guint       nb,
            TypeCounts *tc,
            GArray     *candidates)
{
  guint i = 0, j = 0;

  tc->n_reference += na;
  tc->n_other += nb;

  while (i < na && j < nb)
    {
      if (a[i].start == b[j].start && a[i].end == b[j].end)
        {
          tc->n_exact++;
          i++;
          j++;
        }
      else if (a[i].start < b[j].start || (a[i].start == b[j].start && a[i].end < b[j].end))
        i++;
      else
        j++;
    }

  /* Both lists are sorted by start: a b that overlaps a[i] starts at most
   * (longest b) before a[i] does, and that bound only moves forward. */
  g_array_set_size (candidates, 0);
  {
    guint longest = 0, first_b = 0;

    for (j = 0; j < nb; j++)
      longest = MAX (longest, b[j].end - b[j].start);
    for (i = 0; i < na; i++)
      {
        while (first_b < nb && b[first_b].start + longest <= a[i].start)
          first_b++;
        for (j = first_b; j < nb && b[j].start < a[i].end; j++)
          {
            OverlapCandidate c;

            if (b[j].end <= a[i].start)
              continue;
            c.a = i;
            c.b = j;
            c.shared = MIN (a[i].end, b[j].end) - MAX (a[i].start, b[j].start);
            c.joint = MAX (a[i].end, b[j].end) - MIN (a[i].start, b[j].start);
            g_array_append_val (candidates, c);
          }
      }
  }
  g_array_sort (candidates, compare_overlap_candidates);
  for (i = 0; i < na; i++)
    a[i].used = 0;
  for (j = 0; j < nb; j++)
    b[j].used = 0;
  for (guint k = 0; k < candidates->len; k++)
    {
      OverlapCandidate *c = &g_array_index (candidates, OverlapCandidate, k);

      if (a[c->a].used || b[c->b].used)
        continue;
      a[c->a].used = b[c->b].used = 1;
      tc->n_overlap++;
    }
}

static void
add_spans (GlossAgreement *self,
           Pair           *p,
           GArray         *sa,
           GArray         *sb)
{
  Span *a = (Span *) sa->data;
  Span *b = (Span *) sb->data;
  guint i = 0, j = 0;
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (OverlapCandidate));

  /* Both sorted by type first: walk the types of either side. */
  while (i < sa->len || j < sb->len)
    {
      const char *type;
      guint i1 = i, j1 = j;
      int c;

      if (i >= sa->len)
        c = 1;
      else if (j >= sb->len)
        c = -1;
      else
        c = strcmp (a[i].type, b[j].type);
      type = c <= 0 ? a[i].type : b[j].type;

      while (i1 < sa->len && strcmp (a[i1].type, type) == 0)
        i1++;
      while (j1 < sb->len && strcmp (b[j1].type, type) == 0)
        j1++;
      note_type (self, type);
      match_type (a + i, i1 - i, b + j, j1 - j, type_counts (p, type), candidates);
      i = i1;
      j = j1;
    }
}

/* Token labels of one set: indices into self->labels. */
typedef struct
{
  guint start;
  guint end;
  guint label;
} Labelled;

static int
compare_labelled_outer_last (gconstpointer pa,
                             gconstpointer pb)
{
  const Labelled *a = pa;
  const Labelled *b = pb;

  /* Later writes win: the outermost (earliest start, then latest end,
   * then smallest type name) must come last. */
  if (a->start != b->start)
    return a->start > b->start ? -1 : 1;
  if (a->end != b->end)
    return a->end < b->end ? -1 : 1;
  return b->label < a->label ? -1 : (b->label > a->label);
}

/* The first token whose end is after @offset. */
static guint
token_search (const guint *tokens,
              guint        n_tokens,
              guint        offset)
{
  guint lo = 0, hi = n_tokens;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (tokens[2 * mid + 1] <= offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static guint16 *
label_tokens (GlossAgreement     *self,
              GlossAnnotationSet *set,
              const guint        *tokens,
              guint               n_tokens)
{
  GListModel *list = gloss_annotation_set_get_entities (set);
  guint n = g_list_model_get_n_items (list);
  g_autoptr(GArray) ents = g_array_sized_new (FALSE, FALSE, sizeof (Labelled), n);
  guint16 *labels = g_new0 (guint16, MAX (n_tokens, 1));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GlossAnnotation) a = g_list_model_get_item (list, i);
      Labelled l = { gloss_annotation_get_start (a), gloss_annotation_get_end (a),
                     categories_lookup (&self->labels, gloss_annotation_get_type_id (a), NULL) };

      g_array_append_val (ents, l);
    }
  g_array_sort (ents, compare_labelled_outer_last);

  for (guint i = 0; i < ents->len; i++)
    {
      Labelled *l = &g_array_index (ents, Labelled, i);

      for (guint t = token_search (tokens, n_tokens, l->start);
           t < n_tokens && tokens[2 * t] < l->end; t++)
        labels[t] = (guint16) l->label;
    }
  return labels;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
add_claims (GlossAgreement *self,
            GlossReview    *review,
            Pair           *p,
            guint           ra,
            guint           rb)
{
  GListModel *groups = gloss_review_get_groups (review);
  guint n_groups = g_list_model_get_n_items (groups);

  for (guint g = 0; g < n_groups; g++)
    {
      g_autoptr(GlossReviewGroup) group = g_list_model_get_item (groups, g);
      GlossAnnotation *a, *b;

      if (gloss_review_group_get_kind (group) != GLOSS_ANNOTATION_CLAIM)
        continue;
      a = gloss_review_group_get_annotation (group, ra);
      b = gloss_review_group_get_annotation (group, rb);
      p->claims_reference += a != NULL;
      p->claims_other += b != NULL;
      if (a == NULL || b == NULL)
        continue;

      p->claims_matched++;
      if (_gloss_review_same_source (review, ra, a, rb, b))
        p->same_source++;
      {
        guint sa = 0, ea = 0, sb = 0, eb = 0;
        gboolean ca = gloss_annotation_get_cue (a, &sa, &ea);
        gboolean cb = gloss_annotation_get_cue (b, &sb, &eb);

        if (ca == cb && (!ca || (sa == sb && ea == eb)))
          p->same_cue++;
      }

      for (guint k = 0; k < self->attribute_names->len; k++)
        {
          const char *name = g_ptr_array_index (self->attribute_names, k);
          const char *va = gloss_annotation_get_attribute (a, name);
          const char *vb = gloss_annotation_get_attribute (b, name);
          Matrix *m = g_hash_table_lookup (p->attributes, name);
          guint ia = categories_lookup (&self->values, va != NULL ? va : NO_VALUE, NULL);
          guint ib = categories_lookup (&self->values, vb != NULL ? vb : NO_VALUE, NULL);

          if (m == NULL)
            {
              m = g_new0 (Matrix, 1);
              g_hash_table_insert (p->attributes, g_strdup (name), m);
            }
          matrix_grow (m, self->values.names->len);
          m->m[(gsize) ia * m->k + ib] += 1;
        }
    }
}

/* The claim attributes: those the tagset defines for claims and those
 * found on claims. Must be known before claims are counted, so that a
 * pair counts "(none)" against a value for every attribute. */
static void
collect_attributes (GlossAgreement *self,
                    GlossReview    *review)
{
  GlossTagset *tagset = gloss_annotation_set_get_tagset (gloss_review_get_set (review, 0));

  for (guint i = 0; i < gloss_tagset_get_n_attributes (tagset); i++)
    {
      const GlossAttributeDef *def = gloss_tagset_get_attribute (tagset, i);

      if (def->applies_to & GLOSS_APPLIES_TO_CLAIM)
        note_attribute (self, def->id);
    }
  for (guint s = 0; s < gloss_review_get_n_annotators (review); s++)
    {
      GListModel *claims = gloss_annotation_set_get_claims (gloss_review_get_set (review, s));

      for (guint c = 0; c < g_list_model_get_n_items (claims); c++)
        {
          g_autoptr(GlossAnnotation) a = g_list_model_get_item (claims, c);

          for (guint k = 0; k < gloss_annotation_get_n_attributes (a); k++)
            {
              const char *name, *value;

              gloss_annotation_get_nth_attribute (a, k, &name, &value);
              note_attribute (self, name);
            }
        }
    }
}

void
gloss_agreement_add_review (GlossAgreement *self,
                            GlossReview    *review)
{
  guint nr;
  g_autofree int *map = NULL;         /* review index -> study index */
  g_autofree int *back = NULL;        /* study index -> review index, or -1 */
  g_autoptr(GPtrArray) spans = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  const guint *tokens;
  guint n_tokens, n_present = 0, k;

  g_return_if_fail (GLOSS_IS_AGREEMENT (self));
  g_return_if_fail (GLOSS_IS_REVIEW (review));

  nr = gloss_review_get_n_annotators (review);
  map = g_new (int, nr);
  back = g_new (int, self->n);
  for (guint i = 0; i < self->n; i++)
    back[i] = -1;
  for (guint r = 0; r < nr; r++)
    {
      map[r] = -1;
      for (guint i = 0; i < self->n; i++)
        if (g_strcmp0 (self->annotators[i], gloss_review_get_annotator_id (review, r)) == 0)
          {
            map[r] = (int) i;
            back[i] = (int) r;
            n_present++;
          }
    }
  if (n_present < 2)
    return;
  self->n_documents++;

  collect_attributes (self, review);
  tokens = gloss_review_get_tokens (review, &n_tokens);
  for (guint i = 0; i < self->n; i++)
    {
      GlossAnnotationSet *set = back[i] >= 0 ? gloss_review_get_set (review, back[i]) : NULL;

      g_ptr_array_add (spans, set != NULL ? spans_of (set) : NULL);
      g_ptr_array_add (labels, set != NULL ? label_tokens (self, set, tokens, n_tokens) : NULL);
    }
  k = self->labels.names->len;
  g_assert (k <= G_MAXUINT16);

  for (guint a = 0; a < self->n; a++)
    for (guint b = a + 1; b < self->n; b++)
      {
        Pair *p = pair_at (self, a, b);
        guint16 *la = g_ptr_array_index (labels, a);
        guint16 *lb = g_ptr_array_index (labels, b);

        if (back[a] < 0 || back[b] < 0)
          continue;
        p->n_documents++;
        add_spans (self, p, g_ptr_array_index (spans, a), g_ptr_array_index (spans, b));
        matrix_grow (&p->tokens, k);
        for (guint t = 0; t < n_tokens; t++)
          p->tokens.m[(gsize) la[t] * p->tokens.k + lb[t]] += 1;
        p->n_tokens += n_tokens;
        add_claims (self, review, p, back[a], back[b]);
      }

  /* Fleiss: every annotator of the study must have judged every token. */
  if (n_present == self->n)
    {
      guint16 *counts = g_new0 (guint16, k);

      if (self->fleiss_sum->len < k)
        {
          g_array_set_size (self->fleiss_sum, k);
          g_array_set_size (self->fleiss_sum_sq, k);
        }
      for (guint t = 0; t < n_tokens; t++)
        {
          memset (counts, 0, sizeof (guint16) * k);
          for (guint a = 0; a < self->n; a++)
            counts[((guint16 *) g_ptr_array_index (labels, a))[t]]++;
          for (guint c = 0; c < k; c++)
            if (counts[c] > 0)
              {
                g_array_index (self->fleiss_sum, double, c) += counts[c];
                g_array_index (self->fleiss_sum_sq, double, c) += (double) counts[c] * counts[c];
              }
        }
      self->fleiss_subjects += n_tokens;
      g_free (counts);
    }

  /* Krippendorff: absent annotators are missing values. */
  {
    g_autofree int *unit = g_new (int, self->n);

    matrix_grow (&self->coincidences, k);
    for (guint t = 0; t < n_tokens; t++)
      {
        for (guint a = 0; a < self->n; a++)
          {
            guint16 *l = g_ptr_array_index (labels, a);

            unit[a] = l != NULL ? l[t] : -1;
          }
        gloss_agreement_add_unit (self->coincidences.m, self->coincidences.k, unit, self->n);
      }
    self->alpha_tokens += n_tokens;
  }
}

guint
gloss_agreement_get_n_annotators (GlossAgreement *self)
{
  g_return_val_if_fail (GLOSS_IS_AGREEMENT (self), 0);
  return self->n;
}

const char *
gloss_agreement_get_annotator (GlossAgreement *self,
                               guint           index)
{
  g_return_val_if_fail (GLOSS_IS_AGREEMENT (self), NULL);
  g_return_val_if_fail (index < self->n, NULL);
  return self->annotators[index];
}

guint
gloss_agreement_get_n_documents (GlossAgreement *self)
{
  g_return_val_if_fail (GLOSS_IS_AGREEMENT (self), 0);
  return self->n_documents;
}

guint
gloss_agreement_get_n_pair_documents (GlossAgreement *self,
                                      guint           a,
                                      guint           b)
{
  g_return_val_if_fail (GLOSS_IS_AGREEMENT (self), 0);
  g_return_val_if_fail (a < self->n && b < self->n && a != b, 0);
  return pair_at (self, a, b)->n_documents;
}

const char * const *
gloss_agreement_get_entity_types (GlossAgreement *self)
{
  g_return_val_if_fail (GLOSS_IS_AGREEMENT (self), NULL);

  /* Keep the array NULL-terminated and sorted. */
  g_ptr_array_remove (self->type_names, NULL);
  g_ptr_array_sort (self->type_names, compare_strings);
  g_ptr_array_add (self->type_names, NULL);
  g_ptr_array_set_size (self->type_names, self->type_names->len - 1);
  return (const char * const *) self->type_names->pdata;
}

const char * const *
gloss_agreement_get_claim_attributes (GlossAgreement *self)
{
  g_return_val_if_fail (GLOSS_IS_AGREEMENT (self), NULL);

  g_ptr_array_sort (self->attribute_names, compare_strings);
  g_ptr_array_add (self->attribute_names, NULL);
  g_ptr_array_set_size (self->attribute_names, self->attribute_names->len - 1);
  return (const char * const *) self->attribute_names->pdata;
}

void
gloss_agreement_get_span_score (GlossAgreement *self,
                                guint           reference,
                                guint           other,
                                const char     *type,
                                GlossSpanMatch  match,
                                GlossSpanScore *score)
{
  Pair *p;
  TypeCounts total = { 0 };

  g_return_if_fail (GLOSS_IS_AGREEMENT (self));
  g_return_if_fail (reference < self->n && other < self->n && reference != other);
  g_return_if_fail (score != NULL);

  p = pair_at (self, reference, other);
  if (type != NULL)
    {
      TypeCounts *tc = g_hash_table_lookup (p->types, type);

      if (tc != NULL)
        total = *tc;
    }
  else
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, p->types);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        {
          TypeCounts *tc = value;

          total.n_reference += tc->n_reference;
          total.n_other += tc->n_other;
          total.n_exact += tc->n_exact;
          total.n_overlap += tc->n_overlap;
        }
    }

  /* The pair is stored as (lower, higher): swap for the other reference. */
  if (reference > other)
    {
      guint t = total.n_reference;

      total.n_reference = total.n_other;
      total.n_other = t;
    }
  score->n_reference = total.n_reference;
  score->n_other = total.n_other;
  score->n_matched = match == GLOSS_SPAN_MATCH_EXACT ? total.n_exact : total.n_overlap;
  score->precision = ratio (score->n_matched, score->n_other);
  score->recall = ratio (score->n_matched, score->n_reference);
  score->f1 = gloss_agreement_f1 (score->precision, score->recall);
  /* Nothing on either side: F1 is undefined, not 0. */
  if (score->n_reference == 0 && score->n_other == 0)
    score->f1 = NAN;
  else if (isnan (score->f1))
    score->f1 = 0;
}

double
gloss_agreement_get_cohen_kappa (GlossAgreement *self,
                                 guint           a,
                                 guint           b,
                                 const char     *type,
                                 double         *observed,
                                 guint64        *n_tokens)
{
  Pair *p;
  Matrix *m;
  double kappa;

  g_return_val_if_fail (GLOSS_IS_AGREEMENT (self), NAN);
  g_return_val_if_fail (a < self->n && b < self->n && a != b, NAN);

  p = pair_at (self, a, b);
  m = &p->tokens;
  if (n_tokens != NULL)
    *n_tokens = p->n_tokens;

  /* Kappa is symmetric: the matrix stored for (lower, higher) serves both. */
  if (type != NULL)
    {
      int j = categories_find (&self->labels, type);
      double two[4];

      if (j < 0 || (guint) j >= m->k)
        {
          /* Nobody used the type: every token is "not that type". */
          two[0] = two[1] = two[2] = 0;
          two[3] = p->n_tokens;
        }
      else
        matrix_collapse (m, j, two);
      kappa = gloss_agreement_cohen_kappa (two, 2, observed);
    }
  else
    kappa = gloss_agreement_cohen_kappa (m->m, m->k, observed);
  return kappa;
}

double
gloss_agreement_get_fleiss_kappa (GlossAgreement *self,
                                  const char     *type,
                                  guint64        *n_tokens)
{
  guint k;
  const double *sum, *sum_sq;

  g_return_val_if_fail (GLOSS_IS_AGREEMENT (self), NAN);

  if (n_tokens != NULL)
    *n_tokens = (guint64) self->fleiss_subjects;
  k = self->fleiss_sum->len;
  sum = (const double *) (void *) self->fleiss_sum->data;
  sum_sq = (const double *) (void *) self->fleiss_sum_sq->data;
  if (type != NULL)
    {
      int j = categories_find (&self->labels, type);

      if (j < 0 || (guint) j >= k)
        return NAN;
      return fleiss_binary_from_sums (self->fleiss_subjects, self->n, sum, sum_sq, j);
    }
  return fleiss_from_sums (self->fleiss_subjects, self->n, sum, sum_sq, k);
}

double
gloss_agreement_get_krippendorff_alpha (GlossAgreement *self,
                                        const char     *type,
                                        guint64        *n_tokens)
{
  g_return_val_if_fail (GLOSS_IS_AGREEMENT (self), NAN);

  if (n_tokens != NULL)
    *n_tokens = self->alpha_tokens;
  if (type != NULL)
    {
      int j = categories_find (&self->labels, type);
      double two[4];

      if (j < 0 || (guint) j >= self->coincidences.k)
        return NAN;
      matrix_collapse (&self->coincidences, j, two);
      return gloss_agreement_krippendorff_alpha_from_coincidences (two, 2);
    }
  return gloss_agreement_krippendorff_alpha_from_coincidences (self->coincidences.m,
                                                               self->coincidences.k);
}

void
gloss_agreement_get_claim_score (GlossAgreement  *self,
                                 guint            reference,
                                 guint            other,
                                 GlossClaimScore *score)
{
  Pair *p;

  g_return_if_fail (GLOSS_IS_AGREEMENT (self));
  g_return_if_fail (reference < self->n && other < self->n && reference != other);
  g_return_if_fail (score != NULL);

  p = pair_at (self, reference, other);
  score->n_reference = reference < other ? p->claims_reference : p->claims_other;
  score->n_other = reference < other ? p->claims_other : p->claims_reference;
  score->n_matched = p->claims_matched;
  score->precision = ratio (score->n_matched, score->n_other);
  score->recall = ratio (score->n_matched, score->n_reference);
  score->f1 = gloss_agreement_f1 (score->precision, score->recall);
  if (score->n_reference == 0 && score->n_other == 0)
    score->f1 = NAN;
  else if (isnan (score->f1))
    score->f1 = 0;
  score->n_same_source = p->same_source;
  score->source_agreement = ratio (p->same_source, p->claims_matched);
  score->n_same_cue = p->same_cue;
  score->cue_agreement = ratio (p->same_cue, p->claims_matched);
}

void
gloss_agreement_get_attribute_score (GlossAgreement      *self,
                                     guint                a,
                                     guint                b,
                                     const char          *attribute,
                                     GlossAttributeScore *score)
{
  Pair *p;
  Matrix *m;
  double total = 0, diagonal = 0;

  g_return_if_fail (GLOSS_IS_AGREEMENT (self));
  g_return_if_fail (a < self->n && b < self->n && a != b);
  g_return_if_fail (attribute != NULL && score != NULL);

  p = pair_at (self, a, b);
  m = g_hash_table_lookup (p->attributes, attribute);
  memset (score, 0, sizeof *score);
  score->observed = score->kappa = NAN;
  if (m == NULL)
    return;
  for (guint i = 0; i < m->k; i++)
    for (guint j = 0; j < m->k; j++)
      {
        total += m->m[(gsize) i * m->k + j];
        if (i == j)
          diagonal += m->m[(gsize) i * m->k + j];
      }
  score->n_compared = (guint) total;
  score->n_same = (guint) diagonal;
  score->kappa = gloss_agreement_cohen_kappa (m->m, m->k, &score->observed);
}
