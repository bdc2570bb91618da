/* test-export-dialog.c: the Export dialog, driven through its controls
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "gloss-annotation-set.h"
#include "gloss-application.h"
#include "gloss-export-dialog.h"
#include "gloss-window.h"
#include "gloss-test-util.h"
#include "gloss-ui-test-util.h"

typedef struct
{
  char              *tmp;     /* everything the test writes */
  char              *corpus;  /* a copy of the sample corpus, or a generated one */
  char              *out;     /* an empty folder for the exports */
  GlossCorpus       *model;
  GlossExportDialog *dialog;
} Fixture;

/* Main loop helpers (gloss-ui-test-util.h); the conditions take a Fixture. */

#define spin_until(f, condition, data, timeout_ms) \
  gloss_test_spin_until ((f), GLOSS_TEST_CONDITION (condition), (data), (timeout_ms))

static gboolean
not_exporting (Fixture *f,
               gpointer data)
{
  return gloss_export_dialog_get_page (f->dialog) != GLOSS_EXPORT_DIALOG_PROGRESS;
}

static gboolean
corpus_loaded (Fixture *f,
               gpointer data)
{
  return !gloss_corpus_get_loading (f->model);
}

/* Files */

static void
write_file (const char *path,
            const char *contents,
            gssize      length)
{
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

static char *
read_file (const char *path,
           gsize      *length)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, length, &error);
  g_assert_no_error (error);
  return contents;
}

static char *
sample_path (const char *name)
{
  const char *root = g_getenv ("GLOSS_SOURCE_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, "data", "sample-corpus", name, NULL);
}

static void
copy_sample (const char *target)
{
  g_autofree char *source = sample_path (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (source, 0, &error);
  const char *name;

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (target, 0700), ==, 0);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *from = g_build_filename (source, name, NULL);
      g_autofree char *to = g_build_filename (target, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      contents = read_file (from, &length);
      write_file (to, contents, length);
    }
}

/* @n_copies of every annotated article of the sample, each with its
 * sidecars renamed to match. */
static void
generate_corpus (const char *target,
                 guint       n_copies)
{
  g_autofree char *source = sample_path (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (source, 0, &error);
  g_autoptr(GPtrArray) articles = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir (target, 0700), ==, 0);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".txt"))
      g_ptr_array_add (articles, g_strdup (name));

  for (guint i = 0; i < articles->len; i++)
    {
      const char *article = g_ptr_array_index (articles, i);
      g_autofree char *text_path = sample_path (article);
      g_autofree char *sidecar_name = g_strconcat (article, ".alice.gloss.xml", NULL);
      g_autofree char *sidecar_path = sample_path (sidecar_name);
      g_autofree char *text = NULL;
      g_autofree char *sidecar = NULL;
      g_autofree char *attribute = g_strdup_printf ("name=\"%s\"", article);
      gsize text_length;

      if (!g_file_test (sidecar_path, G_FILE_TEST_EXISTS))
        continue;
      text = read_file (text_path, &text_length);
      sidecar = read_file (sidecar_path, NULL);
      g_assert_nonnull (strstr (sidecar, attribute));

      for (guint n = 0; n < n_copies; n++)
        {
          g_autofree char *copy = g_strdup_printf ("doc-%03u-%s", n, article);
          g_autofree char *copy_attribute = g_strdup_printf ("name=\"%s\"", copy);
          g_autofree char *to = g_build_filename (target, copy, NULL);
          g_autofree char *to_sidecar = g_strconcat (to, ".alice.gloss.xml", NULL);
          g_auto(GStrv) parts = g_strsplit (sidecar, attribute, 2);
          g_autofree char *renamed = g_strjoinv (copy_attribute, parts);

          write_file (to, text, text_length);
          write_file (to_sidecar, renamed, -1);
        }
    }
}

static guint
count_entries (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* Compares two outputs, files or folder trees, byte for byte; returns
 * the bytes seen. */
static gsize
assert_same_output (const char *a,
                    const char *b)
{
  gsize total = 0;

  g_assert_true (g_file_test (a, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (b, G_FILE_TEST_EXISTS));
  if (g_file_test (a, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (a, 0, NULL);
      const char *name;

      g_assert_true (g_file_test (b, G_FILE_TEST_IS_DIR));
      g_assert_cmpuint (count_entries (a), ==, count_entries (b));
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *in_a = g_build_filename (a, name, NULL);
          g_autofree char *in_b = g_build_filename (b, name, NULL);

          total += assert_same_output (in_a, in_b);
        }
    }
  else
    {
      g_autofree char *contents_a = NULL;
      g_autofree char *contents_b = NULL;
      gsize length_a, length_b;

      contents_a = read_file (a, &length_a);
      contents_b = read_file (b, &length_b);
      g_assert_cmpmem (contents_a, length_a, contents_b, length_b);
      total += length_a;
    }
  return total;
}

/* Fixture */

static void
open_dialog (Fixture *f)
{
  g_autoptr(GFile) folder = g_file_new_for_path (f->corpus);
  g_autoptr(GError) error = NULL;

  f->model = gloss_corpus_new (folder);
  gloss_corpus_load_async (f->model, NULL, NULL, NULL);
  g_assert_true (spin_until (f, corpus_loaded, NULL, 20000));
  f->dialog = GLOSS_EXPORT_DIALOG (gloss_export_dialog_new (NULL, f->model));
  g_object_ref_sink (f->dialog);
  gtk_window_present (GTK_WINDOW (f->dialog));
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->tmp = g_dir_make_tmp ("gloss-export-dialog-XXXXXX", &error);
  g_assert_no_error (error);
  /* Named as the sample is: the suggested names start with it. */
  f->corpus = g_build_filename (f->tmp, "sample-corpus", NULL);
  f->out = g_build_filename (f->tmp, "out", NULL);
  g_assert_cmpint (g_mkdir (f->out, 0700), ==, 0);
  if (data != NULL)
    generate_corpus (f->corpus, GPOINTER_TO_UINT (data));
  else
    copy_sample (f->corpus);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->dialog != NULL)
    {
      gloss_export_dialog_cancel (f->dialog);
      spin_until (f, not_exporting, NULL, 20000);
      gtk_window_destroy (GTK_WINDOW (f->dialog));
      g_clear_object (&f->dialog);
    }
  g_clear_object (&f->model);
  gloss_test_remove_tree (f->tmp);
  g_free (f->tmp);
  g_free (f->corpus);
  g_free (f->out);
}

static char *
out_path (Fixture    *f,
          const char *name)
{
  return g_build_filename (f->out, name, NULL);
}

static void
set_destination (Fixture    *f,
                 const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);

  gloss_export_dialog_set_destination (f->dialog, file);
}

/* Tests */

static void
test_form (Fixture       *f,
           gconstpointer  data)
{
  g_auto(GStrv) sidecars = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *path = NULL;
  GlossExportOptions options;
  static const char * const kept[] = { "person", "claim", NULL };

  open_dialog (f);
  g_assert_cmpint (gloss_export_dialog_get_page (f->dialog), ==, GLOSS_EXPORT_DIALOG_FORM);

  /* Every annotator of the corpus, after "every annotator"; no gold. */
  sidecars = gloss_export_dialog_list_sidecars (f->dialog);
  g_assert_cmpstrv (sidecars, ((const char * const[]) { "", "alice", "bob", NULL }));
  g_assert_false (gloss_export_dialog_select_sidecars (f->dialog, GLOSS_ANNOTATOR_GOLD));
  g_assert_false (gloss_export_dialog_select_sidecars (f->dialog, "carol"));

  /* The suggested destination follows the format and the annotator. */
  g_assert_cmpint (gloss_export_dialog_get_format (f->dialog), ==, GLOSS_EXPORT_JSONL);
  path = g_file_get_path (gloss_export_dialog_get_destination (f->dialog));
  expected = g_build_filename (f->tmp, "sample-corpus.jsonl", NULL);
  g_assert_cmpstr (path, ==, expected);
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&expected, g_free);

  gloss_export_dialog_set_format (f->dialog, GLOSS_EXPORT_BRAT);
  g_assert_true (gloss_export_dialog_select_sidecars (f->dialog, "alice"));
  path = g_file_get_path (gloss_export_dialog_get_destination (f->dialog));
  expected = g_build_filename (f->tmp, "sample-corpus-alice-brat", NULL);
  g_assert_cmpstr (path, ==, expected);
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&expected, g_free);

  /* A chosen name keeps its stem and takes the format's suffix. */
  expected = out_path (f, "mine.jsonl");
  set_destination (f, expected);
  g_clear_pointer (&expected, g_free);
  gloss_export_dialog_set_format (f->dialog, GLOSS_EXPORT_CONLL);
  path = g_file_get_path (gloss_export_dialog_get_destination (f->dialog));
  expected = out_path (f, "mine.conll");
  g_assert_cmpstr (path, ==, expected);

  /* The options are those of the controls. */
  gloss_export_dialog_get_options (f->dialog, &options);
  g_assert_cmpstr (options.annotator, ==, "alice");
  g_assert_false (options.gold);
  g_assert_null (options.types);
  g_assert_cmpint (options.scheme, ==, GLOSS_EXPORT_SCHEME_IOB2);
  g_assert_cmpint (options.partial, ==, GLOSS_EXPORT_PARTIAL_SKIP);
  g_assert_false (options.bom);

  /* …and the controls those of the options. */
  options.scheme = GLOSS_EXPORT_SCHEME_BIOES;
  options.partial = GLOSS_EXPORT_PARTIAL_ERROR;
  options.bom = TRUE;
  options.annotator = "bob";
  gloss_export_dialog_set_options (f->dialog, &options);
  gloss_export_dialog_get_options (f->dialog, &options);
  g_assert_cmpstr (options.annotator, ==, "bob");
  g_assert_cmpint (options.scheme, ==, GLOSS_EXPORT_SCHEME_BIOES);
  g_assert_cmpint (options.partial, ==, GLOSS_EXPORT_PARTIAL_ERROR);
  g_assert_true (options.bom);

  gloss_export_dialog_set_types (f->dialog, kept);
  g_assert_true (gloss_export_dialog_select_sidecars (f->dialog, NULL));
  gloss_export_dialog_get_options (f->dialog, &options);
  g_assert_null (options.annotator);
  g_assert_cmpstrv (options.types, kept);

  /* With no type ticked there is nothing to export. */
  gloss_export_dialog_set_types (f->dialog, (const char * const[]) { NULL });
  g_assert_false (gloss_export_dialog_export (f->dialog));
  g_assert_cmpint (gloss_export_dialog_get_page (f->dialog), ==, GLOSS_EXPORT_DIALOG_FORM);
  gloss_export_dialog_set_types (f->dialog, NULL);
  gloss_export_dialog_get_options (f->dialog, &options);
  g_assert_null (options.types);
}

/* A folder format refuses a folder that holds something already. */
static void
test_destination_not_empty (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *folder = out_path (f, "busy");
  g_autofree char *inside = g_build_filename (folder, "keep.txt", NULL);

  open_dialog (f);
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  write_file (inside, "mine", -1);
  gloss_export_dialog_set_format (f->dialog, GLOSS_EXPORT_BRAT);
  set_destination (f, folder);
  g_assert_false (gloss_export_dialog_export (f->dialog));
  g_assert_cmpint (gloss_export_dialog_get_page (f->dialog), ==, GLOSS_EXPORT_DIALOG_FORM);

  /* A file format cannot write over a folder either. */
  gloss_export_dialog_set_format (f->dialog, GLOSS_EXPORT_CSV);
  set_destination (f, folder);
  g_assert_false (gloss_export_dialog_export (f->dialog));
  g_assert_cmpuint (count_entries (folder), ==, 1);
}

/* Exports in @format with what the form holds and checks the result
 * against the core's own export with the same options. */
static void
export_and_compare (Fixture           *f,
                    GlossExportFormat  format,
                    const char        *annotator)
{
  g_autofree char *name = g_strdup_printf ("%s-%s", gloss_export_format_to_string (format),
                                           annotator != NULL ? annotator : "all");
  g_autofree char *reference_name = g_strconcat ("reference-", name, NULL);
  g_autofree char *path = out_path (f, name);
  g_autofree char *reference = out_path (f, reference_name);
  g_autoptr(GFile) folder = g_file_new_for_path (f->corpus);
  g_autoptr(GFile) reference_file = g_file_new_for_path (reference);
  g_autoptr(GlossExportSummary) expected = NULL;
  g_autoptr(GError) error = NULL;
  const GlossExportSummary *summary;
  GlossExportOptions options;
  const char *message;

  gloss_export_dialog_set_format (f->dialog, format);
  g_assert_true (gloss_export_dialog_select_sidecars (f->dialog, annotator));
  set_destination (f, path);
  g_assert_true (gloss_export_dialog_export (f->dialog));
  g_assert_cmpint (gloss_export_dialog_get_page (f->dialog), ==, GLOSS_EXPORT_DIALOG_PROGRESS);
  g_assert_true (spin_until (f, not_exporting, NULL, 60000));

  gloss_export_dialog_get_options (f->dialog, &options);
  expected = gloss_export_corpus (folder, format, &options, reference_file, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (expected);

  g_assert_cmpint (gloss_export_dialog_get_page (f->dialog), ==, GLOSS_EXPORT_DIALOG_RESULT);
  summary = gloss_export_dialog_get_summary (f->dialog);
  g_assert_nonnull (summary);
  g_assert_cmpuint (summary->n_documents, >, 0);
  g_assert_cmpuint (summary->n_documents, ==, expected->n_documents);
  g_assert_cmpuint (summary->n_entities, ==, expected->n_entities);
  g_assert_cmpuint (summary->n_claims, ==, expected->n_claims);
  g_assert_cmpuint (summary->n_bytes, ==, expected->n_bytes);
  g_assert_cmpuint (assert_same_output (path, reference), >, 0);

  message = gloss_export_dialog_get_message (f->dialog);
  g_assert_nonnull (strstr (message, path));
  g_assert_true (g_str_has_prefix (message, "Exported "));

  gloss_export_dialog_back (f->dialog);
  g_assert_cmpint (gloss_export_dialog_get_page (f->dialog), ==, GLOSS_EXPORT_DIALOG_FORM);
}

static void
test_formats (Fixture       *f,
              gconstpointer  data)
{
  open_dialog (f);
  for (guint format = 0; format < GLOSS_EXPORT_N_FORMATS; format++)
    {
      g_test_message ("format %s", gloss_export_format_to_string (format));
      export_and_compare (f, format, NULL);
      export_and_compare (f, format, "alice");
    }
  export_and_compare (f, GLOSS_EXPORT_JSONL, "bob");

  /* The format options reach the export. */
  {
    GlossExportOptions options = GLOSS_EXPORT_OPTIONS_INIT;
    static const char * const kept[] = { "person", "claim", NULL };

    options.scheme = GLOSS_EXPORT_SCHEME_BIOES;
    options.partial = GLOSS_EXPORT_PARTIAL_SKIP;
    options.bom = TRUE;
    options.types = kept;
    gloss_export_dialog_set_options (f->dialog, &options);
    export_and_compare (f, GLOSS_EXPORT_CONLL, "alice");
    export_and_compare (f, GLOSS_EXPORT_CSV, NULL);
  }
}

/* A gold sidecar shows in the list, is chosen first, and exports. */
static void
test_gold (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *alice = g_build_filename (f->corpus, "valmora-strike-wire.txt.alice.gloss.xml", NULL);
  g_autofree char *gold = g_build_filename (f->corpus, "valmora-strike-wire.txt.gold.gloss.xml", NULL);
  g_autofree char *contents = read_file (alice, NULL);
  g_auto(GStrv) parts = g_strsplit (contents, "<annotator id=\"alice\"", 2);
  g_autofree char *renamed = g_strjoinv ("<annotator id=\"gold\"", parts);
  g_auto(GStrv) sidecars = NULL;
  GlossExportOptions options;

  write_file (gold, renamed, -1);
  open_dialog (f);
  sidecars = gloss_export_dialog_list_sidecars (f->dialog);
  g_assert_cmpstrv (sidecars, ((const char * const[]) { "", "alice", "bob", GLOSS_ANNOTATOR_GOLD, NULL }));
  gloss_export_dialog_get_options (f->dialog, &options);
  g_assert_true (options.gold);
  g_assert_null (options.annotator);

  export_and_compare (f, GLOSS_EXPORT_JSONL, GLOSS_ANNOTATOR_GOLD);
  g_assert_cmpuint (gloss_export_dialog_get_summary (f->dialog)->n_documents, ==, 1);
}

static gboolean
made_progress (Fixture *f,
               gpointer data)
{
  const char *message = gloss_export_dialog_get_message (f->dialog);

  return gloss_export_dialog_get_page (f->dialog) != GLOSS_EXPORT_DIALOG_PROGRESS
         || (message != NULL && strstr (message, " of ") != NULL && !g_str_has_prefix (message, "0 of"));
}

static void
cancel_midway (Fixture           *f,
               GlossExportFormat  format)
{
  g_autofree char *path = out_path (f, gloss_export_format_to_string (format));
  const char *message;

  gloss_export_dialog_set_format (f->dialog, format);
  set_destination (f, path);
  g_assert_true (gloss_export_dialog_export (f->dialog));
  g_assert_true (spin_until (f, made_progress, NULL, 60000));
  g_assert_cmpint (gloss_export_dialog_get_page (f->dialog), ==, GLOSS_EXPORT_DIALOG_PROGRESS);
  gloss_export_dialog_cancel (f->dialog);
  g_assert_true (spin_until (f, not_exporting, NULL, 60000));

  /* Back on the form, and nothing at the destination or beside it. */
  g_assert_cmpint (gloss_export_dialog_get_page (f->dialog), ==, GLOSS_EXPORT_DIALOG_FORM);
  message = gloss_export_dialog_get_message (f->dialog);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "cancelled"));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_entries (f->out), ==, 0);
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  open_dialog (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, 300);
  cancel_midway (f, GLOSS_EXPORT_JSONL);
  cancel_midway (f, GLOSS_EXPORT_BRAT);

  /* The form works again after a cancel. */
  export_and_compare (f, GLOSS_EXPORT_CSV, "alice");
  g_assert_cmpuint (gloss_export_dialog_get_summary (f->dialog)->n_documents, ==, 300);
}

static gboolean
pointer_is_null (Fixture *f,
                 gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* Closing the window while exporting cancels and leaves nothing. */
static void
test_close_while_exporting (Fixture       *f,
                            gconstpointer  data)
{
  g_autofree char *path = out_path (f, "closed.jsonl");
  GtkWidget *dialog;

  open_dialog (f);
  set_destination (f, path);
  g_assert_true (gloss_export_dialog_export (f->dialog));
  g_assert_true (spin_until (f, made_progress, NULL, 60000));
  /* Only the export itself holds the window from now on. */
  dialog = GTK_WIDGET (f->dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_clear_object (&f->dialog);
  gtk_window_close (GTK_WINDOW (dialog));
  g_assert_nonnull (dialog);
  g_assert_false (gtk_widget_get_visible (dialog));
  g_assert_true (spin_until (f, pointer_is_null, &dialog, 60000));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_entries (f->out), ==, 0);
}

static void
assert_export_fails (Fixture           *f,
                     GlossExportFormat  format,
                     const char        *path)
{
  const char *message;

  gloss_export_dialog_set_format (f->dialog, format);
  set_destination (f, path);
  g_assert_true (gloss_export_dialog_export (f->dialog));
  g_assert_true (spin_until (f, not_exporting, NULL, 60000));
  g_assert_cmpint (gloss_export_dialog_get_page (f->dialog), ==, GLOSS_EXPORT_DIALOG_ERROR);
  message = gloss_export_dialog_get_message (f->dialog);
  g_test_message ("error: %s", message);
  g_assert_nonnull (strstr (message, path));
  g_assert_null (gloss_export_dialog_get_summary (f->dialog));

  /* Back to the form, with the choices kept. */
  gloss_export_dialog_back (f->dialog);
  g_assert_cmpint (gloss_export_dialog_get_page (f->dialog), ==, GLOSS_EXPORT_DIALOG_FORM);
  g_assert_cmpint (gloss_export_dialog_get_format (f->dialog), ==, format);
}

static void
test_error (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *blocker = out_path (f, "a-file");
  g_autofree char *under_file = g_build_filename (blocker, "out.jsonl", NULL);
  g_autofree char *folder_under_file = g_build_filename (blocker, "out-brat", NULL);

  write_file (blocker, "not a folder", -1);
  open_dialog (f);
  assert_export_fails (f, GLOSS_EXPORT_JSONL, under_file);
  assert_export_fails (f, GLOSS_EXPORT_BRAT, folder_under_file);
  g_assert_cmpuint (count_entries (f->out), ==, 1);

  /* A span cutting a word stops a CoNLL export when asked to, naming
   * the sidecar and the annotation. */
  {
    GlossExportOptions options = GLOSS_EXPORT_OPTIONS_INIT;
    g_autofree char *conll = out_path (f, "strict.conll");
    const char *message;

    options.partial = GLOSS_EXPORT_PARTIAL_ERROR;
    gloss_export_dialog_set_options (f->dialog, &options);
    gloss_export_dialog_set_format (f->dialog, GLOSS_EXPORT_CONLL);
    set_destination (f, conll);
    g_assert_true (gloss_export_dialog_export (f->dialog));
    g_assert_true (spin_until (f, not_exporting, NULL, 60000));
    g_assert_cmpint (gloss_export_dialog_get_page (f->dialog), ==, GLOSS_EXPORT_DIALOG_ERROR);
    message = gloss_export_dialog_get_message (f->dialog);
    g_assert_nonnull (strstr (message, ".gloss.xml"));
    g_assert_nonnull (strstr (message, conll));
    /* The way on in the dialog's words, not the command line's. */
    g_assert_null (strstr (message, "--partial"));
    g_assert_nonnull (strstr (message, "Leave them out with a warning"));
    g_assert_false (g_file_test (conll, G_FILE_TEST_EXISTS));
    gloss_export_dialog_back (f->dialog);
  }
  g_assert_cmpuint (count_entries (f->out), ==, 1);

  /* After the error the same dialog exports to a good place. */
  export_and_compare (f, GLOSS_EXPORT_W3C, NULL);
}

static void
record_open (GtkWindow *parent,
             GFile     *folder,
             gpointer   user_data)
{
  GPtrArray *opened = user_data;

  g_assert_true (GLOSS_IS_EXPORT_DIALOG (parent));
  g_ptr_array_add (opened, g_file_get_path (folder));
}

static void
export_to (Fixture           *f,
           GlossExportFormat  format,
           const char        *path)
{
  gloss_export_dialog_set_format (f->dialog, format);
  set_destination (f, path);
  g_assert_true (gloss_export_dialog_export (f->dialog));
  g_assert_true (spin_until (f, not_exporting, NULL, 60000));
  g_assert_cmpint (gloss_export_dialog_get_page (f->dialog), ==, GLOSS_EXPORT_DIALOG_RESULT);
}

static void
test_open_folder (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) opened = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *csv = out_path (f, "claims.csv");
  g_autofree char *brat = out_path (f, "brat-all");

  open_dialog (f);
  gloss_export_dialog_set_open_func (f->dialog, record_open, opened);

  /* Nothing to open before an export. */
  gloss_export_dialog_open_folder (f->dialog);
  g_assert_cmpuint (opened->len, ==, 0);

  /* A file's folder… */
  export_to (f, GLOSS_EXPORT_CSV, csv);
  gloss_export_dialog_open_folder (f->dialog);
  g_assert_cmpuint (opened->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (opened, 0), ==, f->out);

  /* …and a folder export itself. */
  gloss_export_dialog_back (f->dialog);
  export_to (f, GLOSS_EXPORT_BRAT, brat);
  gloss_export_dialog_open_folder (f->dialog);
  g_assert_cmpuint (opened->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (opened, 1), ==, brat);
}

/* A control may also take its name from a label inside it, as buttons with
 * a mnemonic do (see gloss-accessible.c). */
static gboolean
named_by_content (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_LABEL (child) && gtk_label_get_text (GTK_LABEL (child))[0] != '\0'
          && gtk_widget_get_visible (child))
        return TRUE;
      if (named_by_content (child))
        return TRUE;
    }
  return FALSE;
}

/* Every control the person can reach has a name for screen readers. */
static guint
assert_named (GtkWidget *widget)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += assert_named (child);

  if (!GTK_IS_BUTTON (widget) && !GTK_IS_DROP_DOWN (widget) && !GTK_IS_MENU_BUTTON (widget)
      && !GTK_IS_CHECK_BUTTON (widget) && !GTK_IS_PROGRESS_BAR (widget))
    return n;
  /* The parts inside a composite control are named by the control. */
  if (GTK_IS_MENU_BUTTON (parent)
      || (parent != NULL && gtk_widget_get_ancestor (parent, GTK_TYPE_DROP_DOWN) != NULL))
    return n;
  if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL)
      && !named_by_content (widget))
    g_error ("%s “%s” has no accessible name", G_OBJECT_TYPE_NAME (widget),
             GTK_IS_BUTTON (widget) ? gtk_button_get_label (GTK_BUTTON (widget)) : "");
  return n + 1;
}

static void
test_accessible (Fixture       *f,
                 gconstpointer  data)
{
  GlossTagset *tagset;

  open_dialog (f);
  tagset = gloss_corpus_get_tagset (f->model);
  g_assert_nonnull (tagset);
  /* Cancel, Export, Close; four drop-downs, the types with a box each
   * (every entity type and claims), the byte-order mark, the destination;
   * the progress bar and its Cancel; Open Folder; Back. */
  g_assert_cmpuint (assert_named (GTK_WIDGET (f->dialog)), ==,
                    3 + 4 + 1 + gloss_tagset_get_n_entity_types (tagset) + 1 + 1 + 1 + 2 + 1 + 1);
}

typedef struct
{
  GdkPaintable  *paintable;
  GskRenderNode *node;
  int            width;
  int            height;
} AfterPaint;

static void
after_paint_cb (GdkFrameClock *clock,
                AfterPaint    *after)
{
  g_autoptr(GtkSnapshot) snapshot = NULL;

  if (after->node != NULL)
    return;
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (after->paintable, snapshot, after->width, after->height);
  after->node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
}

static void
save_screenshot (Fixture    *f,
                 const char *name,
                 guint       n_frames)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GtkWidget *widget = GTK_WIDGET (f->dialog);
  int width, height;
  GtkStack *stack = GTK_STACK (gtk_window_get_child (GTK_WINDOW (widget)));

  /* Let the window take its size and draw, and the pages cross-fade. */
  for (guint i = 0; i < n_frames || gtk_stack_get_transition_running (stack); i++)
    {
      g_usleep (5000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 300);
  g_assert_cmpint (height, >, 150);
  paintable = gtk_widget_paintable_new (widget);
  /* Right after a paint the layout is done: a widget waiting for its new
   * size would draw nothing. */
  {
    AfterPaint after = { paintable, NULL, width, height };
    GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);
    gulong handler = g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), &after);

    gtk_widget_queue_draw (widget);
    for (guint i = 0; i < 400 && after.node == NULL; i++)
      g_main_context_iteration (NULL, TRUE);
    g_signal_handler_disconnect (clock, handler);
    node = after.node;
    width = after.width;
    height = after.height;
  }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_test_build_filename (G_TEST_BUILT, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

static void
test_screenshot (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *path = out_path (f, "sample-corpus.conll");
  g_autofree char *blocker = out_path (f, "a-file");
  g_autofree char *under_file = g_build_filename (blocker, "sample-corpus.jsonl", NULL);

  open_dialog (f);
  gloss_export_dialog_set_format (f->dialog, GLOSS_EXPORT_CONLL);
  set_destination (f, path);
  save_screenshot (f, "screenshot-export-form.png", 30);

  /* A span that cuts a word is left out with a warning. */
  g_assert_true (gloss_export_dialog_export (f->dialog));
  /* A picture of the progress page, if the export is still running. */
  save_screenshot (f, "screenshot-export-progress.png", 10);
  if (gloss_export_dialog_get_page (f->dialog) != GLOSS_EXPORT_DIALOG_PROGRESS)
    g_test_message ("the export ended before the progress page was drawn");
  g_assert_true (spin_until (f, not_exporting, NULL, 60000));
  g_assert_cmpint (gloss_export_dialog_get_page (f->dialog), ==, GLOSS_EXPORT_DIALOG_RESULT);
  g_assert_cmpuint (gloss_export_dialog_get_summary (f->dialog)->warnings->len, >, 0);
  save_screenshot (f, "screenshot-export-result.png", 30);

  write_file (blocker, "not a folder", -1);
  gloss_export_dialog_back (f->dialog);
  gloss_export_dialog_set_format (f->dialog, GLOSS_EXPORT_JSONL);
  set_destination (f, under_file);
  g_assert_true (gloss_export_dialog_export (f->dialog));
  g_assert_true (spin_until (f, not_exporting, NULL, 60000));
  save_screenshot (f, "screenshot-export-error.png", 30);
}

/* The dialog goes away cleanly whoever holds it last. */
static void
test_lifecycle (Fixture       *f,
                gconstpointer  data)
{
  open_dialog (f);
  gtk_window_destroy (GTK_WINDOW (f->dialog));
  g_clear_object (&f->dialog);
}

static gboolean
window_has_corpus (Fixture *f,
                   gpointer data)
{
  GlossCorpus *corpus = gloss_window_get_corpus (data);

  return corpus != NULL && !gloss_corpus_get_loading (corpus)
         && g_action_group_get_action_enabled (G_ACTION_GROUP (data), "export");
}

static GlossExportDialog *
find_export_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (GLOSS_IS_EXPORT_DIALOG (window))
        return GLOSS_EXPORT_DIALOG (window);
    }
  return NULL;
}

/* The window's Export action opens the dialog on its corpus. */
static void
test_window_action (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GlossApplication) app = gloss_application_new ();
  g_autoptr(GFile) folder = g_file_new_for_path (f->corpus);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) sidecars = NULL;
  GlossExportDialog *dialog;
  GlossWindow *window;

  g_application_set_application_id (G_APPLICATION (app), APP_ID ".ExportTest");
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  gloss_application_set_identity (app, "bob", "Bob Test");
  window = gloss_window_new (app);
  gtk_window_present (GTK_WINDOW (window));

  /* Nothing to export before a corpus is open. */
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (window), "export"));
  gloss_window_open (window, folder);
  g_assert_true (spin_until (f, window_has_corpus, window, 20000));
  g_assert_null (find_export_dialog ());

  g_action_group_activate_action (G_ACTION_GROUP (window), "export", NULL);
  dialog = find_export_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  g_assert_true (gtk_window_get_modal (GTK_WINDOW (dialog)));
  g_assert_cmpint (gloss_export_dialog_get_page (dialog), ==, GLOSS_EXPORT_DIALOG_FORM);

  /* Without gold, the person's own annotations come first. */
  sidecars = gloss_export_dialog_list_sidecars (dialog);
  g_assert_true (g_strv_contains ((const char * const *) sidecars, "bob"));
  {
    GlossExportOptions options;

    gloss_export_dialog_get_options (dialog, &options);
    g_assert_cmpstr (options.annotator, ==, "bob");
  }

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_unsetenv ("GLOSS_ANNOTATOR");
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "test", TRUE);
  g_test_init (&argc, &argv, NULL);
  gtk_init ();

#define ADD(path, func, data) \
  g_test_add ("/export-dialog/" path, Fixture, data, fixture_setup, func, fixture_teardown)

  ADD ("lifecycle", test_lifecycle, NULL);
  ADD ("form", test_form, NULL);
  ADD ("destination-not-empty", test_destination_not_empty, NULL);
  ADD ("formats", test_formats, NULL);
  ADD ("gold", test_gold, NULL);
  ADD ("cancel", test_cancel, GUINT_TO_POINTER (60));
  ADD ("close-while-exporting", test_close_while_exporting, GUINT_TO_POINTER (60));
  ADD ("error", test_error, NULL);
  ADD ("open-folder", test_open_folder, NULL);
  ADD ("accessible", test_accessible, NULL);
  ADD ("window-action", test_window_action, NULL);
  ADD ("screenshot", test_screenshot, GUINT_TO_POINTER (300));

#undef ADD

  return g_test_run ();
}
