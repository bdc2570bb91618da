/* bench-export.c: export a generated corpus to every format, against
 * xmllint's streaming parse of the same sidecars
 *
 * Writes N articles of about 5 KB (default 10 000) with 50 annotations
 * each (40 entities, 8 claims with a source and a cue, 2 relations)
 * through the core into a temporary folder, then times, in the same run:
 * `xmllint --stream --noout` over all the sidecars in one process, and
 * gloss_export_corpus() to each format. Goal: every format within 2x of
 * xmllint.
 *
 * Options: --documents N, --formats conll,jsonl,…, --repeats R (median of
 * R runs, each paired with an xmllint run), --keep (leave the folder and
 * print its name), --output-dir DIR (where the exports are written; by
 * default a memory file system, /dev/shm, when there is one: the figure is
 * then the exporter's own cost, as xmllint's is its parser's with the
 * sidecars in the page cache, and not that of creating tens of thousands
 * of files on whatever disk the machine has).
 *
 * Prints one line per figure: "figure: NAME = VALUE UNIT".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gio/gio.h>

#include "gloss-annotation-set.h"
#include "gloss-document.h"
#include "gloss-export.h"
#include "gloss-sidecar.h"
#include "gloss-tagset.h"
#include "gloss-xml.h"
#include "gloss-test-util.h"

#define ARTICLE_BYTES 5000
#define N_ENTITIES    40
#define N_CLAIMS      8
#define N_RELATIONS   2
#define MAX_REPEATS   15

static const char *words[] = {
  "the", "minister", "said", "harbour", "strike", "would", "end", "by", "Friday",
  "union", "officials", "estimated", "that", "wages", "rose", "per", "cent", "in",
  "Valmora", "Zoë", "São", "Tomé", "Nguyễn", "القاهرة", "council", "budget", "🇺🇳",
  "👩‍🍳", "report", "denied", "claims", "about", "water", "plant", "opened", "on",
};

static const char *types[] = {
  "person", "organisation", "gpe", "location", "date", "quantity", "event", "law",
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

static double
median (double *values,
        int     n)
{
  qsort (values, n, sizeof (double), compare_doubles);
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/* An article of words, sentences and paragraphs; @spans gets every word's
 * code-point span so that annotations land on words. */
static GString *
make_article (GRand  *rand,
              GArray *spans)
{
  GString *text = g_string_sized_new (ARTICLE_BYTES + 64);
  guint offset = 0;
  guint in_sentence = 0;

  while (text->len < ARTICLE_BYTES)
    {
      const char *word = words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))];
      Span span = { offset, offset + (guint) g_utf8_strlen (word, -1) };

      g_string_append (text, word);
      g_array_append_val (spans, span);
      offset = span.end;
      if (++in_sentence > 8 && g_rand_int_range (rand, 0, 6) == 0)
        {
          g_string_append (text, g_rand_int_range (rand, 0, 4) == 0 ? ".\n\n" : ". ");
          offset += text->str[text->len - 1] == '\n' ? 3 : 2;
          in_sentence = 0;
        }
      else
        {
          g_string_append_c (text, ' ');
          offset++;
        }
    }
  g_string_append (text, ".\n");
  return text;
}

static void
make_corpus (const char *folder,
             guint       n_documents)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  GlossTagset *tagset = gloss_tagset_get_default ();

  for (guint d = 0; d < n_documents; d++)
    {
      g_autofree char *name = g_strdup_printf ("article-%05u.txt", d);
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autofree char *sidecar_name = gloss_sidecar_build_name (name, "bench");
      g_autofree char *sidecar_path = g_build_filename (folder, sidecar_name, NULL);
      g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (Span));
      g_autoptr(GString) text = make_article (rand, spans);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GFile) sidecar = g_file_new_for_path (sidecar_path);
      g_autoptr(GlossDocument) document = NULL;
      g_autoptr(GlossAnnotationSet) set = NULL;
      g_autoptr(GPtrArray) entities = g_ptr_array_new ();
      g_autoptr(GPtrArray) claims = g_ptr_array_new ();
      g_autoptr(GError) error = NULL;
      guint stride = spans->len / (N_ENTITIES + N_CLAIMS * 4 + 4);

      if (!g_file_set_contents (path, text->str, text->len, &error))
        g_error ("%s", error->message);
      document = gloss_document_load (file, NULL, &error);
      if (document == NULL)
        g_error ("%s", error->message);
      set = gloss_annotation_set_new (document, tagset, "bench", "Bench Mark");

      /* Entities on one or two words, claims over a few words with the
       * word before as cue and an entity as source. */
      for (guint k = 0, w = 0; k < N_ENTITIES + N_CLAIMS; k++)
        {
          Span first = g_array_index (spans, Span, w);
          Span last;

          if (k < N_ENTITIES)
            {
              GlossAnnotation *e;

              last = g_array_index (spans, Span, w + (k % 3 == 0 ? 1 : 0));
              e = gloss_annotation_set_add_entity (set, types[k % G_N_ELEMENTS (types)],
                                                   first.start, last.end, &error);
              if (e == NULL)
                g_error ("%s", error->message);
              g_ptr_array_add (entities, e);
              w += stride;
            }
          else
            {
              Span cue = g_array_index (spans, Span, w + 1);
              GlossAnnotation *c;

              first = g_array_index (spans, Span, w + 2);
              last = g_array_index (spans, Span, w + 5);
              c = gloss_annotation_set_add_claim (set, first.start, last.end, &error);
              if (c == NULL ||
                  !gloss_annotation_set_set_cue (set, c, cue.start, cue.end, &error) ||
                  !gloss_annotation_set_set_source_entity (set, c,
                                                           g_ptr_array_index (entities, k - N_ENTITIES),
                                                           &error) ||
                  !gloss_annotation_set_set_attribute (set, c, "stance", "asserts", &error) ||
                  !gloss_annotation_set_set_attribute (set, c, "certainty", "probable", &error))
                g_error ("%s", error->message);
              g_ptr_array_add (claims, c);
              w += stride * 4;
            }
        }
      for (guint r = 0; r < N_RELATIONS; r++)
        if (gloss_annotation_set_add_relation (set, "same-as", g_ptr_array_index (entities, 2 * r),
                                               g_ptr_array_index (entities, 2 * r + 1),
                                               &error) == NULL)
          g_error ("%s", error->message);

      if (!gloss_sidecar_save (set, sidecar, NULL, &error))
        g_error ("%s", error->message);
    }
}

static gsize
folder_bytes (const char *folder,
              gsize      *sidecar_bytes)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  const char *name;
  gsize total = 0;

  *sidecar_bytes = 0;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      GStatBuf st;

      if (g_stat (path, &st) == 0)
        {
          total += st.st_size;
          if (g_str_has_suffix (name, GLOSS_SIDECAR_SUFFIX))
            *sidecar_bytes += st.st_size;
        }
    }
  return total;
}

/* xmllint --stream --noout over every sidecar, in one process. */
static double
time_xmllint (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  const char *name;
  int status;
  double t0;

  g_ptr_array_add (argv, g_strdup ("xmllint"));
  g_ptr_array_add (argv, g_strdup ("--stream"));
  g_ptr_array_add (argv, g_strdup ("--noout"));
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, GLOSS_SIDECAR_SUFFIX))
      g_ptr_array_add (argv, g_strdup (name));
  g_ptr_array_add (argv, NULL);

  t0 = now ();
  if (!g_spawn_sync (folder, (char **) argv->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     NULL, NULL, &status, &error))
    {
      g_printerr ("xmllint: %s (apt-get install libxml2-utils)\n", error->message);
      return -1;
    }
  if (!g_spawn_check_wait_status (status, &error))
    g_printerr ("xmllint: %s\n", error->message);
  return now () - t0;
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— time exports of a generated corpus");
  g_autoptr(GError) error = NULL;
  g_autofree char *formats_arg = NULL;
  g_autofree char *output_dir = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *out_folder = NULL;
  g_auto(GStrv) formats = NULL;
  g_autoptr(GFile) corpus = NULL;
  int n_documents = 10000;
  int repeats = 3;
  gboolean keep = FALSE;
  gsize total_bytes, sidecar_bytes;
  double xmllint, t0;
  gboolean all_within = TRUE;
  const GOptionEntry entries[] = {
    { "documents", 'n', 0, G_OPTION_ARG_INT, &n_documents, "Articles to generate (10000)", "N" },
    { "formats", 'f', 0, G_OPTION_ARG_STRING, &formats_arg, "Formats to time (all)", "F,…" },
    { "repeats", 'r', 0, G_OPTION_ARG_INT, &repeats, "Timed runs per figure (3)", "R" },
    { "output-dir", 'o', 0, G_OPTION_ARG_FILENAME, &output_dir,
      "Where the exports go (default: the temporary folder)", "DIR" },
    { "keep", 'k', 0, G_OPTION_ARG_NONE, &keep, "Keep the generated corpus", NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || n_documents < 1 ||
      repeats < 1 || repeats > MAX_REPEATS)
    {
      g_printerr ("bench-export: %s\n", error != NULL ? error->message
                  : "--documents is at least 1, --repeats 1 to 15");
      return 2;
    }
  gloss_xml_init ();
  formats = g_strsplit (formats_arg != NULL ? formats_arg : "conll,jsonl,brat,w3c,webanno-tsv,csv",
                        ",", -1);

  folder = g_dir_make_tmp ("bench-export-XXXXXX", &error);
  g_assert_no_error (error);
  if (output_dir != NULL)
    {
      out_folder = g_build_filename (output_dir, "bench-export-out-XXXXXX", NULL);
      if (g_mkdtemp (out_folder) == NULL)
        g_error ("%s: cannot create a folder there", output_dir);
    }
  else if (g_access ("/dev/shm", W_OK) == 0)
    {
      out_folder = g_build_filename ("/dev/shm", "bench-export-out-XXXXXX", NULL);
      if (g_mkdtemp (out_folder) == NULL)
        g_error ("/dev/shm: cannot create a folder there");
    }
  else
    {
      out_folder = g_dir_make_tmp ("bench-export-out-XXXXXX", &error);
      g_assert_no_error (error);
    }
  g_print ("exports written to %s\n", out_folder);

  t0 = now ();
  make_corpus (folder, (guint) n_documents);
  g_print ("figure: generate = %.2f s\n", now () - t0);
  total_bytes = folder_bytes (folder, &sidecar_bytes);
  g_print ("figure: corpus-documents = %d documents\n", n_documents);
  g_print ("figure: corpus-size = %.1f MB\n", total_bytes / 1e6);
  g_print ("figure: corpus-sidecars = %.1f MB\n", sidecar_bytes / 1e6);

  /* Warm the page cache, so that every run reads from memory. */
  xmllint = time_xmllint (folder);
  if (xmllint > 0)
    {
      double runs[MAX_REPEATS];

      for (int r = 0; r < repeats; r++)
        runs[r] = time_xmllint (folder);
      xmllint = median (runs, repeats);
      g_print ("figure: xmllint-stream = %.3f s\n", xmllint);
      g_print ("figure: xmllint-stream-rate = %.0f documents/s\n", n_documents / xmllint);
      g_print ("figure: xmllint-stream-throughput = %.1f MB/s\n", sidecar_bytes / 1e6 / xmllint);
    }

  corpus = g_file_new_for_path (folder);
  for (guint i = 0; formats[i] != NULL; i++)
    {
      g_autofree char *out_path = g_build_filename (out_folder, formats[i], NULL);
      g_autoptr(GFile) out = g_file_new_for_path (out_path);
      GlossExportOptions options = GLOSS_EXPORT_OPTIONS_INIT;
      GlossExportFormat format;
      double runs[MAX_REPEATS], ratios[MAX_REPEATS];
      double seconds, ratio = 0;
      guint64 n_bytes = 0;

      if (!gloss_export_format_from_string (formats[i], &format))
        {
          g_printerr ("bench-export: unknown format %s\n", formats[i]);
          return 2;
        }
      options.annotator = "bench";

      /* The machine's load drifts: each export run is paired with an
       * xmllint run just before it, and the ratio is the median of the
       * pairs' ratios. */
      for (int r = 0; r < repeats; r++)
        {
          g_autoptr(GlossExportSummary) summary = NULL;
          double x = xmllint > 0 ? time_xmllint (folder) : 0;

          t0 = now ();
          summary = gloss_export_corpus (corpus, format, &options, out, NULL, NULL, NULL, &error);
          runs[r] = now () - t0;
          if (summary == NULL)
            g_error ("%s: %s", formats[i], error->message);
          g_assert_cmpuint (summary->n_documents, ==, (guint) n_documents);
          n_bytes = summary->n_bytes;
          ratios[r] = x > 0 ? runs[r] / x : 0;
          gloss_test_remove_tree (out_path);
        }
      seconds = median (runs, repeats);
      ratio = median (ratios, repeats);

      g_print ("figure: export-%s = %.3f s\n", formats[i], seconds);
      g_print ("figure: export-%s-rate = %.0f documents/s\n", formats[i], n_documents / seconds);
      /* Input read (articles and sidecars) per second. */
      g_print ("figure: export-%s-throughput = %.1f MB/s\n", formats[i], total_bytes / 1e6 / seconds);
      g_print ("figure: export-%s-output = %.1f MB\n", formats[i], n_bytes / 1e6);
      if (xmllint > 0)
        {
          g_print ("figure: export-%s-vs-xmllint = %.2f x\n", formats[i], ratio);
          all_within &= ratio <= 2;
        }
    }
  if (xmllint > 0)
    g_print ("figure: all-within-2x-of-xmllint = %d bool\n", all_within);

  gloss_test_remove_tree (out_folder);
  if (keep)
    g_print ("corpus kept in %s\n", folder);
  else
    gloss_test_remove_tree (folder);
  return 0;
}
