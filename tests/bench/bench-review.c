/* bench-review.c: comparing two annotators with 100 000 annotations each
 *
 * Generates a 10 MB article and two annotation sets over it: the first
 * with 100 000 annotations (a twentieth of them claims with an entity
 * source and a cue), the second a copy with about 10 % changed: a third
 * of those with moved boundaries, a third with another type (claims:
 * another stance), a third left out. Then times the comparison: grouping
 * the versions (gloss_review_new) and the agreement of the pair
 * (tokenizing the article and counting spans, token labels and claims).
 * The goal is 1 s for both together.
 *
 * Usage: bench-review [--annotations N] [--repeats R] [--seed S]
 * Prints one line per figure: "figure: NAME = VALUE UNIT".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <sys/resource.h>

#include <gio/gio.h>

#include "gloss-agreement.h"
#include "gloss-annotation-private.h"
#include "gloss-annotation-set.h"
#include "gloss-document.h"
#include "gloss-review.h"
#include "gloss-tagset.h"
#include "gloss-xml.h"

#define ARTICLE_BYTES_PER_100K (10 * 1024 * 1024)
#define MAX_REPEATS 21

static const char *words[] = {
  "the", "minister", "said", "harbour", "strike", "would", "end", "by", "Friday",
  "union", "officials", "estimated", "that", "wages", "rose", "per", "cent", "in",
  "Valmora", "council", "budget", "report", "denied", "claims", "about", "water",
  "plant", "opened", "on", "Monday", "delegates", "voted", "to", "accept", "offer",
};

static const char *types[] = {
  "person", "organisation", "gpe", "location", "facility",
  "group", "event", "law", "date", "quantity",
};

static const char *stances[] = { "asserts", "denies", "questions", "predicts" };

/* Word starts and ends (code points; the text is ASCII). */
typedef struct
{
  GArray *starts;
  GArray *ends;
} Words;

static GString *
make_text (GRand *rand,
           gsize  bytes,
           Words *w)
{
  GString *text = g_string_sized_new (bytes + 64);
  guint in_paragraph = 0;

  w->starts = g_array_new (FALSE, FALSE, sizeof (guint));
  w->ends = g_array_new (FALSE, FALSE, sizeof (guint));
  while (text->len < bytes)
    {
      const char *word = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];
      guint start = text->len;
      guint end;

      g_string_append (text, word);
      end = text->len;
      g_array_append_val (w->starts, start);
      g_array_append_val (w->ends, end);
      if (++in_paragraph == 120)
        {
          g_string_append (text, ".\n\n");
          in_paragraph = 0;
        }
      else
        g_string_append_c (text, ' ');
    }
  g_string_append_c (text, '\n');
  return text;
}

typedef struct
{
  guint       kind;     /* 0 entity, 1 claim */
  guint       first;    /* word index */
  guint       n_words;
  const char *type;     /* entity type or claim stance */
  guint       source;   /* claims: index of the entity spec that speaks */
} Spec;

static GlossAnnotationSet *
build_set (GlossDocument *doc,
           GlossTagset   *tagset,
           const char    *annotator,
           Words         *w,
           GArray        *specs)
{
  GlossAnnotationSet *set = _gloss_annotation_set_new_for_load (doc, tagset, annotator, NULL,
                                                                "news", "1", 0, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char **ids = g_new0 (char *, specs->len);

  for (guint i = 0; i < specs->len; i++)
    {
      Spec *s = &g_array_index (specs, Spec, i);
      guint start, end;
      GlossAnnotation *a;

      if (s->type == NULL)
        continue;
      start = g_array_index (w->starts, guint, s->first);
      end = g_array_index (w->ends, guint, s->first + s->n_words - 1);
      ids[i] = g_strdup_printf ("%c%u", s->kind == 0 ? 'e' : 'c', i + 1);
      if (s->kind == 0)
        a = _gloss_annotation_new (GLOSS_ANNOTATION_ENTITY, ids[i], s->type, start, end, annotator, 0, 0);
      else
        {
          Spec *src = &g_array_index (specs, Spec, s->source);
          guint cue = s->first > 0 ? s->first - 1 : s->first;

          a = _gloss_annotation_new (GLOSS_ANNOTATION_CLAIM, ids[i], "claim", start, end, annotator, 0, 0);
          if (src->type != NULL)
            _gloss_annotation_set_source_raw (a, GLOSS_SOURCE_ENTITY, ids[s->source], GLOSS_OFFSET_NONE,
                                              GLOSS_OFFSET_NONE);
          if (cue < s->first)
            _gloss_annotation_set_cue_raw (a, g_array_index (w->starts, guint, cue),
                                           g_array_index (w->ends, guint, cue));
          _gloss_annotation_set_attribute_raw (a, "stance", s->type);
        }
      if (!_gloss_annotation_set_insert_loaded (set, a, &error))
        g_error ("%s", error->message);
    }
  if (!_gloss_annotation_set_finish_load (set, NULL, &error))
    g_error ("%s", error->message);
  for (guint i = 0; i < specs->len; i++)
    g_free (ids[i]);
  return set;
}

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

/* Processor time of the whole process (all threads), in seconds: steadier
 * than wall time on a busy machine. */
static double
cpu (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static double
median (double *v,
        guint   n)
{
  qsort (v, n, sizeof (double), compare_doubles);
  return v[n / 2];
}

static void
figure (const char *name,
        double      value,
        const char *unit)
{
  g_print ("figure: %s = %.*f %s\n", name, value < 10 ? 2 : 1, value, unit);
}

int
main (int    argc,
      char **argv)
{
  guint n_annotations = 100000;
  guint repeats = 5;
  guint seed = 20260313;
  g_autoptr(GOptionContext) context = g_option_context_new ("— time the comparison of two annotators");
  g_autoptr(GError) error = NULL;
  const GOptionEntry entries[] = {
    { "annotations", 'n', 0, G_OPTION_ARG_INT, &n_annotations, "Annotations per annotator (100000)", "N" },
    { "repeats", 'r', 0, G_OPTION_ARG_INT, &repeats, "Timed runs (5)", "R" },
    { "seed", 's', 0, G_OPTION_ARG_INT, &seed, "Random seed", "S" },
    { NULL }
  };
  g_autoptr(GRand) rand = NULL;
  g_autoptr(GString) text = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GlossDocument) doc = NULL;
  GlossTagset *tagset;
  g_autoptr(GArray) specs_a = g_array_new (FALSE, TRUE, sizeof (Spec));
  g_autoptr(GArray) specs_b = NULL;
  g_autoptr(GlossAnnotationSet) a = NULL;
  g_autoptr(GlossAnnotationSet) b = NULL;
  Words w;
  guint per_slot;
  double t_groups[MAX_REPEATS], t_tokens[MAX_REPEATS], t_agree[MAX_REPEATS], t_total[MAX_REPEATS];
  double c_groups[MAX_REPEATS], c_tokens[MAX_REPEATS], c_agree[MAX_REPEATS];
  guint n_groups = 0, n_disagreements = 0;
  double f1 = NAN, kappa = NAN;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  repeats = CLAMP (repeats, 1, MAX_REPEATS);
  n_annotations = MAX (n_annotations, 100);
  gloss_xml_init ();
  rand = g_rand_new_with_seed (seed);

  text = make_text (rand, (gsize) ARTICLE_BYTES_PER_100K / 100000 * n_annotations, &w);
  bytes = g_bytes_new (text->str, text->len);
  doc = gloss_document_new_from_bytes ("bench.txt", bytes, &error);
  g_assert_no_error (error);
  tagset = gloss_tagset_get_default ();

  /* One annotation per slot of words, so that spans rarely overlap. */
  per_slot = w.starts->len / n_annotations;
  g_assert (per_slot >= 4);
  for (guint i = 0; i < n_annotations; i++)
    {
      Spec s = { 0 };

      s.first = i * per_slot + 1;
      if (i % 20 == 19)
        {
          s.kind = 1;
          s.n_words = per_slot - 2;
          s.type = stances[g_rand_int_range (rand, 0, G_N_ELEMENTS (stances))];
          s.source = i - 1;
        }
      else
        {
          s.n_words = g_rand_int_range (rand, 1, 4);
          s.type = types[g_rand_int_range (rand, 0, G_N_ELEMENTS (types))];
        }
      g_array_append_val (specs_a, s);
    }

  /* The second annotator: about 10 % changed. */
  specs_b = g_array_copy (specs_a);
  for (guint i = 0; i < specs_b->len; i++)
    {
      Spec *s = &g_array_index (specs_b, Spec, i);
      guint r = g_rand_int_range (rand, 0, 30);

      if (r == 0)
        s->n_words = s->n_words > 1 ? s->n_words - 1 : s->n_words + 1;  /* boundary */
      else if (r == 1)
        {
          const char **choices = s->kind == 0 ? types : stances;
          guint n = s->kind == 0 ? G_N_ELEMENTS (types) : G_N_ELEMENTS (stances);
          const char *old = s->type;

          while (s->type == old)                                             /* type */
            s->type = choices[g_rand_int_range (rand, 0, n)];
        }
      else if (r == 2 && s->kind == 0)
        s->type = NULL;                                                     /* missing */
    }

  a = build_set (doc, tagset, "alice", &w, specs_a);
  b = build_set (doc, tagset, "bob", &w, specs_b);

  for (guint r = 0; r < repeats; r++)
    {
      GlossAnnotationSet *sets[] = { a, b };
      const char *names[] = { "alice", "bob", NULL };
      g_autoptr(GlossReview) review = NULL;
      g_autoptr(GlossAgreement) agreement = NULL;
      GlossSpanScore score;
      guint n_tokens;
      double t0, t1, t2, t3, c0, c1, c2, c3;

      c0 = cpu ();
      t0 = now ();
      review = gloss_review_new (sets, 2, &error);
      g_assert_no_error (error);
      t1 = now ();
      c1 = cpu ();
      gloss_review_get_tokens (review, &n_tokens);
      t2 = now ();
      c2 = cpu ();
      agreement = gloss_agreement_new (names);
      gloss_agreement_add_review (agreement, review);
      gloss_agreement_get_span_score (agreement, 0, 1, NULL, GLOSS_SPAN_MATCH_OVERLAP, &score);
      kappa = gloss_agreement_get_cohen_kappa (agreement, 0, 1, NULL, NULL, NULL);
      t3 = now ();
      c3 = cpu ();
      c_groups[r] = (c1 - c0) * 1000;
      c_tokens[r] = (c2 - c1) * 1000;
      c_agree[r] = (c3 - c2) * 1000;

      f1 = score.f1;
      n_groups = g_list_model_get_n_items (gloss_review_get_groups (review));
      n_disagreements = g_list_model_get_n_items (gloss_review_get_disagreements (review));
      t_groups[r] = (t1 - t0) * 1000;
      t_tokens[r] = (t2 - t1) * 1000;
      t_agree[r] = (t3 - t2) * 1000;
      t_total[r] = (t3 - t0) * 1000;
    }

  g_print ("# %u annotations each over %zu bytes (%u words); %u groups, %u disagreements; "
           "overlap F1 %.3f, token kappa %.3f; median of %u runs\n",
           n_annotations, text->len, w.starts->len, n_groups, n_disagreements, f1, kappa, repeats);
  figure ("review-groups", median (t_groups, repeats), "ms");
  figure ("review-tokenize", median (t_tokens, repeats), "ms");
  figure ("review-agreement", median (t_agree, repeats), "ms");
  figure ("review-total", median (t_total, repeats), "ms");
  figure ("review-total-goal", 1000, "ms");
  figure ("review-groups-cpu", median (c_groups, repeats), "ms");
  figure ("review-tokenize-cpu", median (c_tokens, repeats), "ms");
  figure ("review-agreement-cpu", median (c_agree, repeats), "ms");
  figure ("review-processors", g_get_num_processors (), "");

  g_array_unref (w.starts);
  g_array_unref (w.ends);
  return 0;
}
