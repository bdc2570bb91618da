/* bench-sidecar.c: write and read a large sidecar, against xmllint's streaming parse
 *
 * Writes a 10 MB article and a sidecar of 100 000 annotations over it, then
 * times saving, loading and `xmllint --stream --noout` on the same file in
 * the same run, and measures the core's memory per annotation.
 * `--annotations N` changes the count (a tenth are claims) and the
 * article's size with it (10 000 over 1 MB, e.g. for a run under
 * callgrind); `--repeats R` the number of timed runs; `--keep` leaves the
 * article and the sidecar in place and prints their folder.
 *
 * Prints one line per figure: "figure: NAME = VALUE UNIT".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <malloc.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gio/gio.h>

#include "gloss-annotation-set.h"
#include "gloss-document.h"
#include "gloss-sidecar.h"
#include "gloss-tagset.h"
#include "gloss-xml.h"

/* 10 MB for 100 000 annotations; other counts keep that density. */
#define ARTICLE_BYTES_PER_100K (10 * 1024 * 1024)
#define MAX_REPEATS   101

/* Set from the command line; a tenth of the annotations are claims. */
static guint n_annotations = 100000;
static guint n_claims;
static guint repeats = 5;
static gboolean keep;
static gsize article_bytes;
static char suffix[16];

static const char *words[] = {
  "the", "minister", "said", "harbour", "strike", "would", "end", "by", "Friday",
  "union", "officials", "estimated", "that", "wages", "rose", "per", "cent", "in",
  "Valmora", "Zoë", "São", "Tomé", "Nguyễn", "القاهرة", "council", "budget", "🇺🇳",
  "👩‍🍳", "report", "denied", "claims", "about", "water", "plant", "opened", "on",
};

typedef struct
{
  guint start;
  guint end;
} Span;

static double
now (void)
{
  return g_get_monotonic_time () / 1e6;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* How many chunks the last load on this thread was read in (0: one reader). */
guint _gloss_sidecar_get_last_load_chunks (void);

static double
minimum (const double *values,
         guint         n)
{
  double m = values[0];

  for (guint i = 1; i < n; i++)
    m = MIN (m, values[i]);
  return m;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/* Builds the article and remembers where every word starts and ends in
 * code points, so that annotations land on words as a person's would. */
static GString *
make_article (GArray *spans)
{
  GString *text = g_string_sized_new (article_bytes + 64);
  GRand *rand = g_rand_new_with_seed (20261122);
  guint offset = 0;
  guint in_sentence = 0;

  while (text->len < article_bytes)
    {
      const char *word = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];
      Span span;

      span.start = offset;
      g_string_append (text, word);
      offset += g_utf8_strlen (word, -1);
      span.end = offset;
      g_array_append_val (spans, span);

      if (++in_sentence > 12 && g_rand_int_range (rand, 0, 6) == 0)
        {
          g_string_append (text, g_rand_int_range (rand, 0, 8) == 0 ? ".\n\n" : ". ");
          offset += text->str[text->len - 1] == '\n' ? 3 : 2;
          in_sentence = 0;
        }
      else
        {
          g_string_append_c (text, ' ');
          offset++;
        }
    }
  g_string_append_c (text, '\n');
  g_rand_free (rand);
  return text;
}

static int run_benchmark (void);

static gboolean
parse_options (int    *argc,
               char ***argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  int count = (int) n_annotations;
  int n_repeats = (int) repeats;
  GOptionEntry entries[] = {
    { "annotations", 'n', 0, G_OPTION_ARG_INT, &count,
      "Number of annotations (default 100000; at least 100)", "N" },
    { "repeats", 'r', 0, G_OPTION_ARG_INT, &n_repeats,
      "Timed runs of each step; the median is printed (default 5)", "R" },
    { "keep", 'k', 0, G_OPTION_ARG_NONE, &keep,
      "Leave the article and the sidecar and print their folder", NULL },
    { NULL }
  };

  context = g_option_context_new ("- time saving and loading a large sidecar");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }
  if (count < 100 || n_repeats < 1 || n_repeats > MAX_REPEATS)
    {
      g_printerr ("--annotations must be at least 100 and --repeats between 1 and %d\n",
                  MAX_REPEATS);
      return FALSE;
    }
  n_annotations = (guint) count;
  n_claims = n_annotations / 10;
  repeats = (guint) n_repeats;
  article_bytes = (gsize) ((guint64) ARTICLE_BYTES_PER_100K * n_annotations / 100000);
  if (n_annotations % 1000 == 0)
    g_snprintf (suffix, sizeof suffix, "%uk", n_annotations / 1000);
  else
    g_snprintf (suffix, sizeof suffix, "%u", n_annotations);
  return TRUE;
}

static gsize
heap_in_use (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return info.uordblks + info.hblkhd;
}

int
main (int    argc,
      char **argv)
{
  /* GObjects come from GSlice's own pools unless told otherwise; those
   * pools hide memory from mallinfo2(). Must be set before the first
   * allocation, hence a constructor-free re-exec. */
  if (g_getenv ("G_SLICE") == NULL)
    {
      g_setenv ("G_SLICE", "always-malloc", TRUE);
      execv ("/proc/self/exe", argv);
    }

  if (!parse_options (&argc, &argv))
    return 2;
  return run_benchmark ();
}

static int
run_benchmark (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (Span));
  g_autofree char *dir = g_dir_make_tmp ("gloss-bench-XXXXXX", &error);
  g_autofree char *article_path = NULL;
  g_autofree char *sidecar_path = NULL;
  g_autoptr(GFile) article_file = NULL;
  g_autoptr(GFile) sidecar_file = NULL;
  g_autoptr(GlossDocument) document = NULL;
  g_autoptr(GlossAnnotationSet) set = NULL;
  GlossTagset *tagset;
  GString *text;
  double save_times[MAX_REPEATS], bytes_times[MAX_REPEATS], load_times[MAX_REPEATS];
  double lint_times[MAX_REPEATS], doc_times[MAX_REPEATS], pair_ratios[MAX_REPEATS];
  double t0;
  guint n_types;
  guint stride;
  gsize heap_before, heap_after, sidecar_size;
  GStatBuf st;

  g_assert_no_error (error);
  gloss_xml_init ();
  tagset = gloss_tagset_get_default ();
  n_types = gloss_tagset_get_n_entity_types (tagset);

  /* The article. */
  text = make_article (spans);
  article_path = g_build_filename (dir, "bench.txt", NULL);
  g_file_set_contents (article_path, text->str, text->len, &error);
  g_assert_no_error (error);
  article_file = g_file_new_for_path (article_path);
  g_print ("figure: article-size = %.2f MB\n", text->len / 1048576.0);
  g_print ("figure: article-words = %u words\n", spans->len);

  for (guint r = 0; r < repeats; r++)
    {
      g_clear_object (&document);
      t0 = now ();
      document = gloss_document_load (article_file, NULL, &error);
      doc_times[r] = now () - t0;
      g_assert_no_error (error);
    }
  g_print ("figure: document-load-%s = %.3f s\n", suffix, median (doc_times, repeats));

  /* 90 000 entities on words spread over the text, then 10 000 claims
   * whose content runs over the next few words, each with an entity as its
   * source, a cue word and attributes. */
  set = gloss_annotation_set_new (document, tagset, "bench", "Benchmark");
  stride = spans->len / n_annotations;
  g_assert_cmpuint (stride, >=, 2);
  for (guint i = 0; i < n_annotations - n_claims; i++)
    {
      Span *s = &g_array_index (spans, Span, (gsize) i * stride);
      const GlossEntityType *type = gloss_tagset_get_entity_type (tagset, i % n_types);

      gloss_annotation_set_add_entity (set, type->id, s->start, s->end, &error);
      g_assert_no_error (error);
    }
  for (guint i = 0; i < n_claims; i++)
    {
      guint w = (n_annotations - n_claims + i) * stride;
      Span *content_start = &g_array_index (spans, Span, w + 1);
      Span *content_end = &g_array_index (spans, Span, w + stride - 1);
      Span *cue = &g_array_index (spans, Span, w);
      g_autofree char *source_id = g_strdup_printf ("e%u", 1 + (i * 7) % (n_annotations - n_claims));
      GlossAnnotation *claim;

      claim = gloss_annotation_set_add_claim (set, content_start->start, content_end->end, &error);
      g_assert_no_error (error);
      gloss_annotation_set_set_source_entity (set, claim, gloss_annotation_set_lookup (set, source_id), &error);
      g_assert_no_error (error);
      gloss_annotation_set_set_cue (set, claim, cue->start, cue->end, &error);
      g_assert_no_error (error);
      gloss_annotation_set_set_attribute (set, claim, "stance", "asserts", &error);
      g_assert_no_error (error);
      gloss_annotation_set_set_attribute (set, claim, "certainty", "probable", &error);
      g_assert_no_error (error);
    }
  gloss_annotation_set_clear_history (set);
  g_assert_cmpuint (gloss_annotation_set_get_size (set), ==, n_annotations);

  /* Save: generating the bytes alone, then the whole durable save. */
  for (guint r = 0; r < repeats; r++)
    {
      g_autoptr(GBytes) bytes = NULL;

      t0 = now ();
      bytes = gloss_sidecar_to_bytes (set, &error);
      bytes_times[r] = now () - t0;
      g_assert_no_error (error);
    }
  sidecar_path = g_build_filename (dir, "bench.txt.bench.gloss.xml", NULL);
  sidecar_file = g_file_new_for_path (sidecar_path);
  for (guint r = 0; r < repeats; r++)
    {
      t0 = now ();
      gloss_sidecar_save (set, sidecar_file, NULL, &error);
      save_times[r] = now () - t0;
      g_assert_no_error (error);
    }
  g_stat (sidecar_path, &st);
  sidecar_size = st.st_size;
  g_clear_object (&set);

  /* Load, and xmllint's streaming parse of the same file, interleaved so
   * that both see the same machine state. */
  for (guint r = 0; r < repeats; r++)
    {
      g_autoptr(GlossAnnotationSet) loaded = NULL;
      g_autoptr(GlossSidecarReport) report = NULL;
      const char *lint_argv[] = { "xmllint", "--stream", "--noout", sidecar_path, NULL };
      int status;

      t0 = now ();
      loaded = gloss_sidecar_load (sidecar_file, document, tagset, &report, NULL, &error);
      load_times[r] = now () - t0;
      g_assert_no_error (error);
      g_assert_cmpuint (gloss_annotation_set_get_size (loaded), ==, n_annotations);

      t0 = now ();
      if (!g_spawn_sync (NULL, (char **) lint_argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                         NULL, NULL, &status, &error))
        g_error ("xmllint is needed as the baseline: %s", error->message);
      lint_times[r] = now () - t0;
      g_assert_true (g_spawn_check_wait_status (status, NULL));
      pair_ratios[r] = load_times[r] / lint_times[r];
    }

  /* Memory the core holds for the annotations: heap growth over one load,
   * with the document already in memory. */
  malloc_trim (0);
  heap_before = heap_in_use ();
  set = gloss_sidecar_load (sidecar_file, document, tagset, NULL, NULL, &error);
  g_assert_no_error (error);
  malloc_trim (0);
  heap_after = heap_in_use ();

  g_print ("figure: sidecar-size-%s = %.2f MB\n", suffix, sidecar_size / 1048576.0);
  g_print ("figure: sidecar-to-bytes-%s = %.3f s\n", suffix, median (bytes_times, repeats));
  g_print ("figure: sidecar-save-%s = %.3f s\n", suffix, median (save_times, repeats));
  /* The minimum is the figure least disturbed by other work on a shared
   * machine; the load average says how busy it was. */
  {
    double loadavg[3];

    if (getloadavg (loadavg, 3) == 3)
      g_print ("figure: load-average = %.2f\n", loadavg[0]);
  }
  g_print ("figure: load-chunks-%s = %u\n", suffix, _gloss_sidecar_get_last_load_chunks ());
  g_print ("figure: sidecar-load-min-%s = %.3f s\n", suffix, minimum (load_times, repeats));
  g_print ("figure: xmllint-stream-min-%s = %.3f s\n", suffix, minimum (lint_times, repeats));
  g_print ("figure: load-ratio-min-%s = %.2f x\n", suffix,
           minimum (load_times, repeats) / minimum (lint_times, repeats));
  g_print ("figure: sidecar-load-%s = %.3f s\n", suffix, median (load_times, repeats));
  g_print ("figure: xmllint-stream-%s = %.3f s\n", suffix, median (lint_times, repeats));
  g_print ("figure: load-ratio-%s = %.2f x\n", suffix,
           median (load_times, repeats) / median (lint_times, repeats));
  /* Each load is timed right before its xmllint run, so a pair sees the
   * same state of the machine: the median of the pairs' ratios is the
   * steadiest of the three ratios. */
  g_print ("figure: load-ratio-pairs-%s = %.2f x\n", suffix, median (pair_ratios, repeats));
  g_print ("figure: core-bytes-per-annotation-%s = %.0f B\n", suffix,
           (double) (heap_after - heap_before) / n_annotations);
  g_print ("figure: core-reported-bytes-per-annotation-%s = %.0f B\n", suffix,
           (double) gloss_annotation_set_get_memory_size (set) / n_annotations);

  g_clear_object (&set);
  g_string_free (text, TRUE);
  if (keep)
    {
      g_print ("kept in %s\n", dir);
      return 0;
    }
  g_unlink (sidecar_path);
  g_unlink (article_path);
  g_rmdir (dir);
  return 0;
}
