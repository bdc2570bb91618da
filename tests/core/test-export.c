/* test-export.c: the exporters, against golden files, their readers' rules
 * and an evaluator of our own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>
#include <gio/gio.h>

#include "gloss-annotation-set.h"
#include "gloss-document.h"
#include "gloss-export.h"
#include "gloss-sidecar.h"
#include "gloss-tagset.h"
#include "gloss-tokenizer.h"
#include "gloss-xml.h"
#include "gloss-test-util.h"

/* The base IRI of the golden W3C file: the same wherever the tree is. */
#define GOLDEN_BASE "file:///sample-corpus/"

static char *
sample_corpus (void)
{
  return gloss_test_source_path ("data", "sample-corpus", NULL);
}

static char *
make_tmp (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("gloss-export-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static GlossExportSummary *
export_sample (GlossExportFormat         format,
               const GlossExportOptions *options,
               const char               *out_path,
               GError                  **error)
{
  g_autofree char *corpus_path = sample_corpus ();
  g_autoptr(GFile) corpus = g_file_new_for_path (corpus_path);
  g_autoptr(GFile) out = g_file_new_for_path (out_path);

  return gloss_export_corpus (corpus, format, options, out, NULL, NULL, NULL, error);
}

static char *
read_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static char *
read_text_at (const char *folder,
              const char *name)
{
  g_autofree char *path = g_build_filename (folder, name, NULL);

  return read_text (path);
}

/* Runs /usr/bin/python3 on one of the checkers in tests/export. */
static void
run_checker (const char *script,
             const char *first_arg,
             ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;
  va_list args;

  if (!g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("/usr/bin/python3 is needed for the format checkers");
      return;
    }

  g_ptr_array_add (argv, g_strdup ("/usr/bin/python3"));
  g_ptr_array_add (argv, gloss_test_source_path ("tests", "export", script, NULL));
  va_start (args, first_arg);
  for (const char *a = first_arg; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (a));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &out, &err, &status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, NULL))
    g_test_message ("%s said:\n%s%s", script, out, err);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_test_message ("%s: %s", script, out);
}

/* ---- names ---------------------------------------------------------------- */

static void
test_format_names (void)
{
  static const char * const names[] = { "conll", "jsonl", "brat", "w3c", "webanno-tsv", "csv" };
  GlossExportFormat format;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_assert_true (gloss_export_format_from_string (names[i], &format));
      g_assert_cmpstr (gloss_export_format_to_string (format), ==, names[i]);
    }
  g_assert_false (gloss_export_format_from_string ("xml", &format));
  g_assert_true (gloss_export_format_is_folder (GLOSS_EXPORT_BRAT));
  g_assert_true (gloss_export_format_is_folder (GLOSS_EXPORT_WEBANNO_TSV));
  g_assert_false (gloss_export_format_is_folder (GLOSS_EXPORT_JSONL));
}

/* ---- golden files ----------------------------------------------------------- */

static const struct
{
  GlossExportFormat format;
  const char       *name;
} golden[] = {
  { GLOSS_EXPORT_CONLL, "sample.conll" },
  { GLOSS_EXPORT_JSONL, "sample.jsonl" },
  { GLOSS_EXPORT_CSV, "sample.csv" },
  { GLOSS_EXPORT_W3C, "sample.jsonld" },
  { GLOSS_EXPORT_BRAT, "brat" },
  { GLOSS_EXPORT_WEBANNO_TSV, "webanno-tsv" },
};

static void
golden_options (GlossExportOptions *options)
{
  GlossExportOptions defaults = GLOSS_EXPORT_OPTIONS_INIT;

  *options = defaults;
  options->partial = GLOSS_EXPORT_PARTIAL_SKIP;
  options->base = GOLDEN_BASE;
}

/* Compares two files or two folders byte for byte. */
static void
assert_same_tree (const char *expected,
                  const char *actual)
{
  if (g_file_test (expected, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = NULL;
      g_autoptr(GDir) other = NULL;
      const char *name;
      guint n_expected = 0, n_actual = 0;

      g_assert_true (g_file_test (actual, G_FILE_TEST_IS_DIR));
      dir = g_dir_open (expected, 0, NULL);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *a = g_build_filename (expected, name, NULL);
          g_autofree char *b = g_build_filename (actual, name, NULL);

          assert_same_tree (a, b);
          n_expected++;
        }
      other = g_dir_open (actual, 0, NULL);
      while (g_dir_read_name (other) != NULL)
        n_actual++;
      g_assert_cmpuint (n_actual, ==, n_expected);
    }
  else
    {
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;
      gsize la, lb;

      g_assert_true (g_file_get_contents (expected, &a, &la, NULL));
      if (!g_file_get_contents (actual, &b, &lb, NULL))
        g_error ("%s was not written", actual);
      if (la != lb || memcmp (a, b, la) != 0)
        g_error ("%s differs from the golden file %s (set GLOSS_UPDATE_GOLDEN=1 and run "
                 "the test to write the new output there, then review the difference)",
                 actual, expected);
    }
}

static void
test_golden (void)
{
  g_autofree char *tmp = make_tmp ();
  g_autofree char *golden_dir = gloss_test_source_path ("tests", "core", "data", "export-golden", NULL);
  gboolean update = g_getenv ("GLOSS_UPDATE_GOLDEN") != NULL;

  for (guint i = 0; i < G_N_ELEMENTS (golden); i++)
    {
      g_autofree char *out = g_build_filename (update ? golden_dir : tmp, golden[i].name, NULL);
      g_autofree char *expected = g_build_filename (golden_dir, golden[i].name, NULL);
      g_autoptr(GlossExportSummary) summary = NULL;
      g_autoptr(GError) error = NULL;
      GlossExportOptions options;

      golden_options (&options);
      if (update)
        {
          gloss_test_remove_tree (out);
          g_mkdir_with_parents (golden_dir, 0755);
        }
      summary = export_sample (golden[i].format, &options, out, &error);
      g_assert_no_error (error);
      g_assert_nonnull (summary);
      /* Every sidecar of the sample corpus: alice's five and bob's one. */
      g_assert_cmpuint (summary->n_documents, ==, 6);
      if (!update)
        assert_same_tree (expected, out);

      /* A second export gives the same bytes: no clock, no addresses. */
      if (!update)
        {
          g_autofree char *again = g_build_filename (tmp, "again", NULL);
          g_autoptr(GlossExportSummary) summary2 = NULL;

          summary2 = export_sample (golden[i].format, &options, again, &error);
          g_assert_no_error (error);
          assert_same_tree (out, again);
          gloss_test_remove_tree (again);
        }
    }
  gloss_test_remove_tree (tmp);
}

/* ---- CoNLL: an evaluator after conlleval's chunk rules --------------------- */

typedef struct
{
  char tag;     /* 'O', 'B', 'I', 'E', 'S' */
  char type[64];
} Tag;

static void
split_tag (const char *text,
           Tag        *tag)
{
  tag->type[0] = '\0';
  tag->tag = text[0];
  if (text[0] != 'O' && text[1] == '-')
    g_strlcpy (tag->type, text + 2, sizeof tag->type);
}

/* Whether a chunk ended between the previous tag and this one. */
static gboolean
chunk_ends (const Tag *prev,
            const Tag *cur)
{
  if (prev->tag == 'E' || prev->tag == 'S')
    return TRUE;
  if ((prev->tag == 'B' || prev->tag == 'I') &&
      (cur->tag == 'B' || cur->tag == 'S' || cur->tag == 'O'))
    return TRUE;
  if (prev->tag != 'O' && strcmp (prev->type, cur->type) != 0)
    return TRUE;
  return FALSE;
}

/* Whether a chunk starts at this tag. */
static gboolean
chunk_starts (const Tag *prev,
              const Tag *cur)
{
  if (cur->tag == 'B' || cur->tag == 'S')
    return TRUE;
  if ((prev->tag == 'E' || prev->tag == 'S' || prev->tag == 'O') &&
      (cur->tag == 'I' || cur->tag == 'E'))
    return TRUE;
  if (cur->tag != 'O' && strcmp (prev->type, cur->type) != 0)
    return TRUE;
  return FALSE;
}

typedef struct
{
  guint correct;
  guint found_gold;
  guint found_guessed;
} Score;

/* Lines "TOKEN GOLD GUESS", blank lines between sentences. */
static Score
evaluate (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  Tag prev_gold = { 'O', "" }, prev_guess = { 'O', "" };
  gboolean in_correct = FALSE;
  Score score = { 0 };

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      Tag gold = { 'O', "" }, guess = { 'O', "" };
      gboolean gold_ends, guess_ends, gold_starts, guess_starts;
      guint n;

      if (lines[i][0] != '\0')
        {
          fields = g_strsplit (lines[i], " ", -1);
          n = g_strv_length (fields);
          g_assert_cmpuint (n, >=, 3);
          split_tag (fields[n - 2], &gold);
          split_tag (fields[n - 1], &guess);
        }

      gold_ends = chunk_ends (&prev_gold, &gold);
      guess_ends = chunk_ends (&prev_guess, &guess);
      gold_starts = lines[i][0] != '\0' && chunk_starts (&prev_gold, &gold);
      guess_starts = lines[i][0] != '\0' && chunk_starts (&prev_guess, &guess);

      if (in_correct)
        {
          if (gold_ends && guess_ends && strcmp (prev_gold.type, prev_guess.type) == 0)
            {
              in_correct = FALSE;
              score.correct++;
            }
          else if (gold_ends != guess_ends || strcmp (gold.type, guess.type) != 0)
            in_correct = FALSE;
        }
      if (gold_starts && guess_starts && strcmp (gold.type, guess.type) == 0)
        in_correct = TRUE;
      if (gold_starts)
        score.found_gold++;
      if (guess_starts)
        score.found_guessed++;

      prev_gold = gold;
      prev_guess = guess;
      if (lines[i][0] == '\0')
        {
          Tag o = { 'O', "" };

          prev_gold = o;
          prev_guess = o;
        }
    }
  if (in_correct)
    score.correct++;
  return score;
}

static double
f1 (Score s)
{
  double p = s.found_guessed ? (double) s.correct / s.found_guessed : 0;
  double r = s.found_gold ? (double) s.correct / s.found_gold : 0;

  return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

/* Turns the export into the evaluation script's input (token, gold, guess)
 * with guess = gold, or with the first entity dropped from the guesses. */
static char *
to_evaluation (const char *conll,
               gboolean    spoil)
{
  g_auto(GStrv) lines = g_strsplit (conll, "\n", -1);
  GString *out = g_string_new (NULL);
  gboolean spoiled = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;

      if (g_str_has_prefix (lines[i], "-DOCSTART-"))
        continue;
      if (lines[i][0] == '\0')
        {
          if (out->len > 0 && out->str[out->len - 1] != '\n')
            g_string_append_c (out, '\n');
          else if (out->len > 1 && out->str[out->len - 2] != '\n')
            g_string_append_c (out, '\n');
          continue;
        }
      fields = g_strsplit (lines[i], " ", -1);
      g_assert_cmpuint (g_strv_length (fields), ==, 2);
      if (spoil && !spoiled && fields[1][0] == 'B')
        {
          g_string_append_printf (out, "%s %s O\n", fields[0], fields[1]);
          spoiled = TRUE;
        }
      else
        g_string_append_printf (out, "%s %s %s\n", fields[0], fields[1], fields[1]);
    }
  return g_string_free (out, FALSE);
}

static void
test_conll_evaluates (void)
{
  g_autofree char *tmp = make_tmp ();
  g_autofree char *out = g_build_filename (tmp, "alice.conll", NULL);
  g_autofree char *conll = NULL;
  g_autofree char *evaluation = NULL;
  g_autofree char *spoiled = NULL;
  g_autoptr(GlossExportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  GlossExportOptions options = GLOSS_EXPORT_OPTIONS_INIT;
  Score score;

  options.annotator = "alice";
  options.partial = GLOSS_EXPORT_PARTIAL_SKIP;
  summary = export_sample (GLOSS_EXPORT_CONLL, &options, out, &error);
  g_assert_no_error (error);
  conll = read_text (out);

  evaluation = to_evaluation (conll, FALSE);
  score = evaluate (evaluation);
  g_assert_cmpuint (score.found_gold, ==, summary->n_entities);
  g_assert_cmpuint (score.found_guessed, ==, summary->n_entities);
  g_assert_cmpuint (score.correct, ==, summary->n_entities);
  g_assert_cmpfloat (f1 (score), ==, 1.0);

  /* The evaluator can tell a wrong guess. */
  spoiled = to_evaluation (conll, TRUE);
  score = evaluate (spoiled);
  g_assert_cmpuint (score.correct, ==, summary->n_entities - 1);
  g_assert_cmpfloat (f1 (score), <, 1.0);

  gloss_test_remove_tree (tmp);
}

/* Each document's token lines are the tokenizer's tokens, and each chunk
 * is an entity of the sidecar with the same type and text span. */
typedef struct
{
  GlossDocument *document;
  GPtrArray     *texts;
  GArray        *starts;
  GArray        *ends;
} TokenTexts;

static gboolean
collect_token_text (guint    start,
                    guint    end,
                    gboolean starts_sentence,
                    gpointer user_data)
{
  TokenTexts *t = user_data;

  g_ptr_array_add (t->texts, gloss_document_dup_slice (t->document, start, end));
  g_array_append_val (t->starts, start);
  g_array_append_val (t->ends, end);
  return TRUE;
}

static void
test_conll_tokens (void)
{
  static const char * const articles[] = {
    "elsmere-food-weekend.txt", "lindmere-council-budget.txt", "marsa-zahra-desalination.txt",
    "valmora-strike-gazette.txt", "valmora-strike-wire.txt",
  };
  g_autofree char *tmp = make_tmp ();
  g_autofree char *out = g_build_filename (tmp, "alice.conll", NULL);
  g_autofree char *corpus_path = sample_corpus ();
  g_autofree char *conll = NULL;
  g_auto(GStrv) docs = NULL;
  g_autoptr(GlossExportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  GlossExportOptions options = GLOSS_EXPORT_OPTIONS_INIT;
  guint n_chunks = 0;

  options.annotator = "alice";
  options.partial = GLOSS_EXPORT_PARTIAL_SKIP;
  options.scheme = GLOSS_EXPORT_SCHEME_BIOES;
  summary = export_sample (GLOSS_EXPORT_CONLL, &options, out, &error);
  g_assert_no_error (error);
  conll = read_text (out);

  docs = g_strsplit (conll, "-DOCSTART- O\n\n", -1);
  g_assert_cmpstr (docs[0], ==, "");
  g_assert_cmpuint (g_strv_length (docs), ==, G_N_ELEMENTS (articles) + 1);

  for (guint d = 0; d < G_N_ELEMENTS (articles); d++)
    {
      g_autofree char *path = g_build_filename (corpus_path, articles[d], NULL);
      g_autofree char *sidecar_path = g_strconcat (path, ".alice.gloss.xml", NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GFile) sidecar = g_file_new_for_path (sidecar_path);
      g_autoptr(GlossDocument) document = gloss_document_load (file, NULL, &error);
      g_autoptr(GlossTokenizer) tokenizer = NULL;
      g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GlossAnnotationSet) set = NULL;
      g_auto(GStrv) lines = g_strsplit (docs[d + 1], "\n", -1);
      TokenTexts t;
      guint k = 0;
      guint chunk_first = 0;
      char chunk_type[64] = "";
      g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint));
      g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (guint));

      g_assert_no_error (error);
      set = gloss_sidecar_load (sidecar, document, gloss_tagset_get_default (), NULL, NULL, &error);
      g_assert_no_error (error);
      tokenizer = gloss_tokenizer_new (document);
      t.document = document;
      t.texts = texts;
      t.starts = starts;
      t.ends = ends;
      gloss_tokenizer_foreach (tokenizer, 0, gloss_document_get_length (document),
                               collect_token_text, &t);

      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_auto(GStrv) fields = NULL;

          if (lines[i][0] == '\0')
            continue;
          fields = g_strsplit (lines[i], " ", -1);
          g_assert_cmpuint (k, <, texts->len);
          g_assert_cmpstr (fields[0], ==, g_ptr_array_index (texts, k));

          if (fields[1][0] == 'B' || fields[1][0] == 'S')
            {
              chunk_first = k;
              g_strlcpy (chunk_type, fields[1] + 2, sizeof chunk_type);
            }
          if (fields[1][0] == 'E' || fields[1][0] == 'S')
            {
              guint start = g_array_index (starts, guint, chunk_first);
              guint end = g_array_index (ends, guint, k);
              g_autoptr(GPtrArray) found = g_ptr_array_new ();
              gboolean match = FALSE;

              g_assert_cmpstr (fields[1] + 2, ==, chunk_type);
              gloss_annotation_set_query (set, start, end, found);
              for (guint f = 0; f < found->len; f++)
                {
                  GlossAnnotation *a = g_ptr_array_index (found, f);

                  match |= gloss_annotation_get_kind (a) == GLOSS_ANNOTATION_ENTITY &&
                           gloss_annotation_get_start (a) == start &&
                           gloss_annotation_get_end (a) == end &&
                           g_str_equal (gloss_annotation_get_type_id (a), chunk_type);
                }
              g_assert_true (match);
              n_chunks++;
            }
          k++;
        }
      g_assert_cmpuint (k, ==, texts->len);
    }
  g_assert_cmpuint (n_chunks, ==, summary->n_entities);
  gloss_test_remove_tree (tmp);
}

/* A span cutting through a token: an error that names it and leaves no
 * output, or a warning with --partial=skip. */
static void
test_conll_partial (void)
{
  g_autofree char *tmp = make_tmp ();
  g_autofree char *out = g_build_filename (tmp, "out.conll", NULL);
  g_autoptr(GlossExportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  GlossExportOptions options = GLOSS_EXPORT_OPTIONS_INIT;

  options.annotator = "alice";
  summary = export_sample (GLOSS_EXPORT_CONLL, &options, out, &error);
  g_assert_null (summary);
  g_assert_error (error, GLOSS_EXPORT_ERROR, GLOSS_EXPORT_ERROR_PARTIAL_TOKEN);
  g_assert_nonnull (strstr (error->message, "valmora-strike-wire.txt.alice.gloss.xml"));
  g_assert_nonnull (strstr (error->message, "e4"));
  g_assert_nonnull (strstr (error->message, "“Castaldia's”"));
  /* How to go on is the caller's to say, in its own terms. */
  g_assert_null (strstr (error->message, "--partial"));
  /* Nothing half-written: not the output, not a temporary file. */
  dir = g_dir_open (tmp, 0, NULL);
  g_assert_null (g_dir_read_name (dir));
  g_clear_error (&error);

  options.partial = GLOSS_EXPORT_PARTIAL_SKIP;
  summary = export_sample (GLOSS_EXPORT_CONLL, &options, out, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->n_left_out, ==, 1);
  g_assert_cmpuint (summary->warnings->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (summary->warnings, 0), "e4"));
  gloss_test_remove_tree (tmp);
}

/* Nested entities: the outer one in the first column, the inner in the
 * second with --layers 2, left out with a warning with one column. */
static void
test_conll_layers (void)
{
  g_autofree char *tmp = make_tmp ();
  g_autofree char *article = g_build_filename (tmp, "nested.txt", NULL);
  g_autofree char *sidecar = g_build_filename (tmp, "nested.txt.ann.gloss.xml", NULL);
  g_autofree char *out = g_build_filename (tmp, "out", NULL);
  g_autofree char *conll = NULL;
  g_autoptr(GFile) article_file = NULL;
  g_autoptr(GFile) sidecar_file = NULL;
  g_autoptr(GFile) corpus = g_file_new_for_path (tmp);
  g_autoptr(GFile) out_file = g_file_new_for_path (out);
  g_autoptr(GlossDocument) document = NULL;
  g_autoptr(GlossAnnotationSet) set = NULL;
  g_autoptr(GlossExportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  GlossExportOptions options = GLOSS_EXPORT_OPTIONS_INIT;
  const char *text = "The Bank of Valmora said so.\n";

  g_assert_true (g_file_set_contents (article, text, -1, NULL));
  article_file = g_file_new_for_path (article);
  document = gloss_document_load (article_file, NULL, &error);
  g_assert_no_error (error);
  set = gloss_annotation_set_new (document, gloss_tagset_get_default (), "ann", NULL);
  g_assert_nonnull (gloss_annotation_set_add_entity (set, "organisation", 4, 19, &error));
  g_assert_nonnull (gloss_annotation_set_add_entity (set, "gpe", 12, 19, &error));
  g_assert_no_error (error);
  sidecar_file = g_file_new_for_path (sidecar);
  g_assert_true (gloss_sidecar_save (set, sidecar_file, NULL, &error));

  summary = gloss_export_corpus (corpus, GLOSS_EXPORT_CONLL, &options, out_file, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->n_entities, ==, 1);
  g_assert_cmpuint (summary->n_left_out, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (summary->warnings, 0), "entity e2"));
  conll = read_text (out);
  g_assert_cmpstr (conll, ==,
                   "-DOCSTART- O\n\nThe O\nBank B-organisation\nof I-organisation\n"
                   "Valmora I-organisation\nsaid O\nso O\n. O\n\n");
  g_clear_pointer (&conll, g_free);
  g_clear_pointer (&summary, gloss_export_summary_free);

  options.layers = 2;
  options.scheme = GLOSS_EXPORT_SCHEME_BIOES;
  summary = gloss_export_corpus (corpus, GLOSS_EXPORT_CONLL, &options, out_file, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->n_entities, ==, 2);
  g_assert_cmpuint (summary->n_left_out, ==, 0);
  conll = read_text (out);
  g_assert_cmpstr (conll, ==,
                   "-DOCSTART- O O\n\nThe O O\nBank B-organisation O\nof I-organisation O\n"
                   "Valmora E-organisation S-gpe\nsaid O O\nso O O\n. O O\n\n");
  gloss_test_remove_tree (tmp);
}

/* ---- the other formats' readers' rules -------------------------------------- */

static void
test_jsonl (void)
{
  g_autofree char *tmp = make_tmp ();
  g_autofree char *out = g_build_filename (tmp, "out.jsonl", NULL);
  g_autofree char *corpus = sample_corpus ();
  g_autoptr(GlossExportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  summary = export_sample (GLOSS_EXPORT_JSONL, NULL, out, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->n_documents, ==, 6);
  run_checker ("check-jsonl.py", out, corpus, NULL);
  gloss_test_remove_tree (tmp);
}

static void
test_jsonl_types (void)
{
  static const char * const types[] = { "person", NULL };
  g_autofree char *tmp = make_tmp ();
  g_autofree char *out = g_build_filename (tmp, "out.jsonl", NULL);
  g_autofree char *corpus = sample_corpus ();
  g_autofree char *text = NULL;
  g_autoptr(GlossExportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  GlossExportOptions options = GLOSS_EXPORT_OPTIONS_INIT;

  options.annotator = "alice";
  options.types = types;
  summary = export_sample (GLOSS_EXPORT_JSONL, &options, out, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (summary->n_documents, ==, 5);
  g_assert_cmpuint (summary->n_claims, ==, 0);
  g_assert_cmpuint (summary->n_entities, >, 0);
  text = read_text (out);
  g_assert_null (strstr (text, "\"organisation\""));
  g_assert_null (strstr (text, "\"claims\":[{"));
  g_assert_nonnull (strstr (text, "\"person\""));
  run_checker ("check-jsonl.py", out, corpus, NULL);
  gloss_test_remove_tree (tmp);
}

static void
test_brat (void)
{
  g_autofree char *tmp = make_tmp ();
  g_autofree char *out = g_build_filename (tmp, "brat", NULL);
  g_autofree char *corpus = sample_corpus ();
  g_autofree char *txt = NULL;
  g_autofree char *lindmere = NULL;
  g_autoptr(GlossExportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GlossDocument) document = NULL;
  gsize len, text_len;
  const char *text;

  summary = export_sample (GLOSS_EXPORT_BRAT, NULL, out, &error);
  g_assert_no_error (error);
  /* Two annotators: one sub-folder each, the configuration above them. */
  {
    g_autofree char *conf = g_build_filename (out, "annotation.conf", NULL);
    g_autofree char *bob_ann = g_build_filename (out, "bob", "valmora-strike-gazette.ann", NULL);

    g_assert_true (g_file_test (conf, G_FILE_TEST_IS_REGULAR));
    g_assert_true (g_file_test (bob_ann, G_FILE_TEST_IS_REGULAR));
  }

  /* The text is the article's, byte-order mark dropped, CRLF kept. */
  lindmere = g_build_filename (corpus, "lindmere-council-budget.txt", NULL);
  file = g_file_new_for_path (lindmere);
  document = gloss_document_load (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (gloss_document_has_bom (document));
  {
    g_autofree char *exported = g_build_filename (out, "alice", "lindmere-council-budget.txt", NULL);

    g_assert_true (g_file_get_contents (exported, &txt, &len, NULL));
  }
  text = gloss_document_get_text (document, &text_len);
  g_assert_cmpmem (txt, len, text, text_len);
  g_assert_nonnull (strstr (txt, "\r\n"));
  g_assert_false (g_str_has_prefix (txt, "\xEF\xBB\xBF"));

  run_checker ("check-brat.py", out, NULL);
  gloss_test_remove_tree (tmp);
}

/* brat forbids a line break in a text field: a span across one is written
 * as fragments, which its rules accept. */
static void
test_brat_fragments (void)
{
  g_autofree char *tmp = make_tmp ();
  g_autofree char *article = g_build_filename (tmp, "lines.txt", NULL);
  g_autofree char *sidecar = g_build_filename (tmp, "lines.txt.ann.gloss.xml", NULL);
  g_autofree char *out = g_build_filename (tmp, "brat", NULL);
  g_autofree char *ann = NULL;
  g_autoptr(GFile) article_file = NULL;
  g_autoptr(GFile) sidecar_file = NULL;
  g_autoptr(GFile) corpus = g_file_new_for_path (tmp);
  g_autoptr(GFile) out_file = g_file_new_for_path (out);
  g_autoptr(GlossDocument) document = NULL;
  g_autoptr(GlossAnnotationSet) set = NULL;
  g_autoptr(GlossExportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  GlossAnnotation *entity;

  g_assert_true (g_file_set_contents (article, "The Port of\r\nValmora said so.\n", -1, NULL));
  article_file = g_file_new_for_path (article);
  document = gloss_document_load (article_file, NULL, &error);
  g_assert_no_error (error);
  set = gloss_annotation_set_new (document, gloss_tagset_get_default (), "ann", NULL);
  entity = gloss_annotation_set_add_entity (set, "organisation", 4, 20, &error);
  g_assert_no_error (error);
  gloss_annotation_set_set_note (set, entity, "two\nlines");
  sidecar_file = g_file_new_for_path (sidecar);
  g_assert_true (gloss_sidecar_save (set, sidecar_file, NULL, &error));

  summary = gloss_export_corpus (corpus, GLOSS_EXPORT_BRAT, NULL, out_file, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  ann = read_text_at (out, "lines.ann");
  g_assert_cmpstr (ann, ==,
                   "T1\torganisation 4 11;13 20\tPort of Valmora\n"
                   "#1\tAnnotatorNotes T1\ttwo lines\n");
  run_checker ("check-brat.py", out, NULL);
  gloss_test_remove_tree (tmp);
}

static void
test_w3c (void)
{
  g_autofree char *tmp = make_tmp ();
  g_autofree char *out = g_build_filename (tmp, "out.jsonld", NULL);
  g_autofree char *corpus = sample_corpus ();
  g_autoptr(GlossExportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  summary = export_sample (GLOSS_EXPORT_W3C, NULL, out, &error);
  g_assert_no_error (error);
  run_checker ("check-w3c.py", out, corpus, NULL);
  gloss_test_remove_tree (tmp);
}

static void
test_webanno (void)
{
  g_autofree char *tmp = make_tmp ();
  g_autofree char *out = g_build_filename (tmp, "tsv", NULL);
  g_autofree char *corpus = sample_corpus ();
  g_autofree char *elsmere = NULL;
  g_autoptr(GlossExportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  GlossExportOptions options = GLOSS_EXPORT_OPTIONS_INIT;

  options.annotator = "alice";
  options.partial = GLOSS_EXPORT_PARTIAL_SKIP;
  summary = export_sample (GLOSS_EXPORT_WEBANNO_TSV, &options, out, &error);
  g_assert_no_error (error);

  /* UTF-16: the flag 🇻🇳 (two regional indicators outside the BMP) spans
   * four code units, where it spans two code points. */
  elsmere = read_text_at (out, "elsmere-food-weekend.tsv");
  g_assert_nonnull (strstr (elsmere, "\t573-577\t🇻🇳\t"));

  run_checker ("check-webanno.py", out, corpus, NULL);
  gloss_test_remove_tree (tmp);
}

static void
test_csv (void)
{
  g_autofree char *tmp = make_tmp ();
  g_autofree char *out = g_build_filename (tmp, "out.csv", NULL);
  g_autofree char *corpus = sample_corpus ();
  g_autofree char *text = NULL;
  g_autoptr(GlossExportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  GlossExportOptions options = GLOSS_EXPORT_OPTIONS_INIT;

  summary = export_sample (GLOSS_EXPORT_CSV, &options, out, &error);
  g_assert_no_error (error);
  text = read_text (out);
  g_assert_true (g_str_has_prefix (text, "document,claim,text,source,cue,stance,"));
  run_checker ("check-csv.py", out, corpus, NULL);
  g_clear_pointer (&summary, gloss_export_summary_free);
  g_clear_pointer (&text, g_free);

  options.bom = TRUE;
  summary = export_sample (GLOSS_EXPORT_CSV, &options, out, &error);
  g_assert_no_error (error);
  text = read_text (out);
  g_assert_true (g_str_has_prefix (text, "\xEF\xBB\xBF" "document,claim,"));
  gloss_test_remove_tree (tmp);
}

/* ---- streaming, atomicity, cancelling ---------------------------------------- */

static void
test_existing_folder_refused (void)
{
  g_autofree char *tmp = make_tmp ();
  g_autofree char *out = g_build_filename (tmp, "brat", NULL);
  g_autofree char *keep = g_build_filename (out, "keep.txt", NULL);
  g_autoptr(GlossExportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;

  g_mkdir (out, 0755);
  g_assert_true (g_file_set_contents (keep, "mine", -1, NULL));
  summary = export_sample (GLOSS_EXPORT_BRAT, NULL, out, &error);
  g_assert_null (summary);
  g_assert_error (error, GLOSS_EXPORT_ERROR, GLOSS_EXPORT_ERROR_EXISTS);
  g_assert_true (g_file_test (keep, G_FILE_TEST_IS_REGULAR));
  g_clear_error (&error);

  /* An empty folder is fine. */
  g_unlink (keep);
  summary = export_sample (GLOSS_EXPORT_BRAT, NULL, out, &error);
  g_assert_no_error (error);
  gloss_test_remove_tree (tmp);
}

static void
test_exporter_free_discards (void)
{
  g_autofree char *tmp = make_tmp ();
  g_autofree char *out_path = g_build_filename (tmp, "out.jsonl", NULL);
  g_autoptr(GFile) out = g_file_new_for_path (out_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GlossDocument) document = NULL;
  g_autoptr(GlossAnnotationSet) set = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static ("Hello world.\n", 13);
  GlossExporter *exporter;

  /* An existing file stays as it was until the export finishes. */
  g_assert_true (g_file_set_contents (out_path, "old", -1, NULL));
  document = gloss_document_new_from_bytes ("hello.txt", bytes, &error);
  g_assert_no_error (error);
  set = gloss_annotation_set_new (document, gloss_tagset_get_default (), "alice", NULL);
  exporter = gloss_exporter_new (GLOSS_EXPORT_JSONL, NULL, out, &error);
  g_assert_no_error (error);
  g_assert_true (gloss_exporter_add (exporter, set, &error));
  gloss_exporter_free (exporter);

  dir = g_dir_open (tmp, 0, NULL);
  g_assert_cmpstr (g_dir_read_name (dir), ==, "out.jsonl");
  g_assert_null (g_dir_read_name (dir));
  {
    g_autofree char *kept = read_text (out_path);
    g_assert_cmpstr (kept, ==, "old");
  }

  exporter = gloss_exporter_new (GLOSS_EXPORT_JSONL, NULL, out, &error);
  g_assert_true (gloss_exporter_add (exporter, set, &error));
  g_assert_true (gloss_exporter_finish (exporter, &error));
  g_assert_no_error (error);
  gloss_exporter_free (exporter);
  {
    g_autofree char *written = read_text (out_path);
    g_assert_true (g_str_has_prefix (written, "{\"id\":\"hello.txt\",\"text\":\"Hello world.\\n\""));
  }
  gloss_test_remove_tree (tmp);
}

typedef struct
{
  GMainLoop          *loop;
  GCancellable       *cancellable;
  GlossExportSummary *summary;
  GError             *error;
  guint               n_progress;
  guint               last_done;
  guint               last_total;
  GThread            *main_thread;
  gboolean            cancel_on_progress;
} AsyncRun;

static void
async_progress (guint       done,
                guint       total,
                const char *article,
                gpointer    user_data)
{
  AsyncRun *run = user_data;

  /* Delivered in the caller's main context. */
  g_assert_true (g_thread_self () == run->main_thread);
  g_assert_cmpuint (done, <=, total);
  run->n_progress++;
  run->last_done = done;
  run->last_total = total;
  if (run->cancel_on_progress)
    g_cancellable_cancel (run->cancellable);
}

static void
async_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  AsyncRun *run = user_data;

  run->summary = gloss_export_corpus_finish (result, &run->error);
  g_main_loop_quit (run->loop);
}

static void
test_async (void)
{
  g_autofree char *tmp = make_tmp ();
  g_autofree char *out_path = g_build_filename (tmp, "out", NULL);
  g_autofree char *corpus_path = sample_corpus ();
  g_autoptr(GFile) corpus = g_file_new_for_path (corpus_path);
  g_autoptr(GFile) out = g_file_new_for_path (out_path);
  g_autoptr(GDir) dir = NULL;
  AsyncRun run = { 0 };

  run.loop = g_main_loop_new (NULL, FALSE);
  run.main_thread = g_thread_self ();
  run.cancellable = g_cancellable_new ();

  gloss_export_corpus_async (corpus, GLOSS_EXPORT_BRAT, NULL, out, async_progress, &run, NULL,
                             run.cancellable, async_done, &run);
  g_main_loop_run (run.loop);
  g_assert_no_error (run.error);
  g_assert_nonnull (run.summary);
  g_assert_cmpuint (run.summary->n_documents, ==, 6);
  g_assert_true (g_file_test (out_path, G_FILE_TEST_IS_DIR));
  /* Progress may coalesce, but it arrives and ends at the total. */
  while (g_main_context_iteration (NULL, FALSE));
  g_assert_cmpuint (run.n_progress, >, 0);
  g_assert_cmpuint (run.last_done, ==, run.last_total);
  g_clear_pointer (&run.summary, gloss_export_summary_free);
  gloss_test_remove_tree (out_path);

  /* Cancelled at the first progress. The progress reaches this thread
   * through its main loop, so the export may have finished by then: either
   * way the result must match what is on disk. */
  run.cancel_on_progress = TRUE;
  gloss_export_corpus_async (corpus, GLOSS_EXPORT_BRAT, NULL, out, async_progress, &run, NULL,
                             run.cancellable, async_done, &run);
  g_main_loop_run (run.loop);
  dir = g_dir_open (tmp, 0, NULL);
  if (run.summary == NULL)
    {
      g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_null (g_dir_read_name (dir));
    }
  else
    {
      g_assert_no_error (run.error);
      g_assert_cmpuint (run.summary->n_documents, ==, 6);
      g_assert_true (g_file_test (out_path, G_FILE_TEST_IS_DIR));
      g_clear_pointer (&run.summary, gloss_export_summary_free);
    }
  g_clear_pointer (&dir, g_dir_close);
  gloss_test_remove_tree (out_path);

  /* Cancelled before it starts: an error, and no output at all. */
  g_clear_error (&run.error);
  gloss_export_corpus_async (corpus, GLOSS_EXPORT_BRAT, NULL, out, async_progress, &run, NULL,
                             run.cancellable, async_done, &run);
  g_main_loop_run (run.loop);
  g_assert_error (run.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (run.summary);
  dir = g_dir_open (tmp, 0, NULL);
  g_assert_null (g_dir_read_name (dir));

  g_clear_error (&run.error);
  g_object_unref (run.cancellable);
  g_main_loop_unref (run.loop);
  gloss_test_remove_tree (tmp);
}

/* The synchronous export reports progress on its own thread, so a Cancel
 * from the first progress stops it before the second document: an error,
 * and nothing written. */
static void
cancel_at_first (guint       done,
                 guint       total,
                 const char *article,
                 gpointer    user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_cancel_midway (void)
{
  g_autofree char *tmp = make_tmp ();
  g_autofree char *out_path = g_build_filename (tmp, "out", NULL);
  g_autofree char *corpus_path = sample_corpus ();
  g_autoptr(GFile) corpus = g_file_new_for_path (corpus_path);
  g_autoptr(GFile) out = g_file_new_for_path (out_path);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GlossExportSummary) summary = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;

  for (guint format = 0; format < GLOSS_EXPORT_N_FORMATS; format++)
    {
      g_cancellable_reset (cancellable);
      summary = gloss_export_corpus (corpus, format, NULL, out, cancel_at_first, cancellable,
                                     cancellable, &error);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_null (summary);
      g_clear_error (&error);
      dir = g_dir_open (tmp, 0, NULL);
      g_assert_null (g_dir_read_name (dir));
      g_clear_pointer (&dir, g_dir_close);
    }
  gloss_test_remove_tree (tmp);
}

/* ---- gloss-cli export ------------------------------------------------------ */

static int
run_cli (char **out,
         char **err,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  int status;
  va_list args;

  g_ptr_array_add (argv, g_test_build_filename (G_TEST_BUILT, "..", "app", "cli", "gloss-cli", NULL));
  g_ptr_array_add (argv, g_strdup ("export"));
  va_start (args, err);
  for (const char *a = va_arg (args, const char *); a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (a));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);
  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL, out, err,
                &status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (status));
  return WEXITSTATUS (status);
}

static void
test_cli (void)
{
  g_autofree char *tmp = make_tmp ();
  g_autofree char *corpus = sample_corpus ();
  g_autofree char *out_path = g_build_filename (tmp, "out.jsonl", NULL);
  g_autofree char *golden_jsonl = gloss_test_source_path ("tests", "core", "data", "export-golden", "sample.jsonl", NULL);
  g_autofree char *golden_text = read_text (golden_jsonl);
  char *out = NULL, *err = NULL;

  g_assert_cmpint (run_cli (&out, &err, "--help", NULL), ==, 0);
  for (guint i = 0; i < GLOSS_EXPORT_N_FORMATS; i++)
    g_assert_nonnull (strstr (out, gloss_export_format_to_string (i)));
  g_assert_nonnull (strstr (out, "--annotator"));
  g_assert_nonnull (strstr (out, "--partial"));
  g_assert_nonnull (strstr (out, "Exit status"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Usage errors. */
  g_assert_cmpint (run_cli (&out, &err, corpus, "-o", out_path, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "--format"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&out, &err, "--format", "xml", corpus, "-o", out_path, NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&out, &err, "--format", "jsonl", "--annotator", "alice", "--gold",
                            corpus, "-o", out_path, NULL), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* A span through a token: 2 and nothing written; skipped: 1. */
  g_assert_cmpint (run_cli (&out, &err, "--format", "conll", corpus, "-o", out_path, NULL), ==, 2);
  g_assert_nonnull (strstr (err, "cuts through the token"));
  g_assert_nonnull (strstr (err, "(--partial=skip leaves such spans out)\n"));
  g_assert_false (g_file_test (out_path, G_FILE_TEST_EXISTS));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (run_cli (&out, &err, "--format", "conll", "--partial=skip", corpus,
                            "-o", out_path, NULL), ==, 1);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Standard output, the same bytes as the golden file (whose export used
   * every annotator too). */
  g_assert_cmpint (run_cli (&out, &err, "--format", "jsonl", corpus, "-o", "-", NULL), ==, 0);
  g_assert_cmpstr (out, ==, golden_text);
  g_assert_nonnull (strstr (err, "6 documents"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  /* Gold: the sample corpus has none. */
  g_assert_cmpint (run_cli (&out, &err, "--format", "jsonl", "--gold", corpus, "-o", out_path, NULL), ==, 0);
  g_assert_nonnull (strstr (err, "0 documents"));
  g_assert_nonnull (strstr (err, "5 articles without a sidecar of gold"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  gloss_test_remove_tree (tmp);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gloss_xml_init ();

  g_test_add_func ("/export/format-names", test_format_names);
  g_test_add_func ("/export/golden", test_golden);
  g_test_add_func ("/export/conll/evaluates", test_conll_evaluates);
  g_test_add_func ("/export/conll/tokens", test_conll_tokens);
  g_test_add_func ("/export/conll/partial", test_conll_partial);
  g_test_add_func ("/export/conll/layers", test_conll_layers);
  g_test_add_func ("/export/jsonl", test_jsonl);
  g_test_add_func ("/export/jsonl/types", test_jsonl_types);
  g_test_add_func ("/export/brat", test_brat);
  g_test_add_func ("/export/brat/fragments", test_brat_fragments);
  g_test_add_func ("/export/w3c", test_w3c);
  g_test_add_func ("/export/webanno-tsv", test_webanno);
  g_test_add_func ("/export/csv", test_csv);
  g_test_add_func ("/export/existing-folder", test_existing_folder_refused);
  g_test_add_func ("/export/exporter-free-discards", test_exporter_free_discards);
  g_test_add_func ("/export/async", test_async);
  g_test_add_func ("/export/cancel-midway", test_cancel_midway);
  g_test_add_func ("/export/cli", test_cli);

  return g_test_run ();
}
