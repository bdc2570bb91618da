/* test-cli.c: gloss-cli as a person or a script runs it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gio/gio.h>

#include "gloss-annotation-set.h"
#include "gloss-document.h"
#include "gloss-sidecar.h"
#include "gloss-tagset.h"
#include "gloss-test-util.h"

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

static char *
cli_path (void)
{
  return g_test_build_filename (G_TEST_BUILT, "..", "app", "cli", "gloss-cli", NULL);
}

/* Runs gloss-cli with the arguments (NULL-terminated) and collects its
 * exit status and output. */
static void
run_cli (Run        *run,
         const char *first,
         ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) envp = g_get_environ ();
  int wait_status;
  va_list args;

  g_ptr_array_add (argv, cli_path ());
  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (a));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);
  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

/* Sidecar file names of a folder, sorted. */
static GPtrArray *
list_sidecars (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, GLOSS_SIDECAR_SUFFIX))
      g_ptr_array_add (names, g_build_filename (folder, name, NULL));
  g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
  return names;
}

static void
test_usage (void)
{
  Run run = { 0 };

  run_cli (&run, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "Usage"));
  run_clear (&run);

  run_cli (&run, "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "validate"));
  g_assert_nonnull (strstr (run.out, "stats"));
  run_clear (&run);

  run_cli (&run, "--version", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "gloss-cli " PACKAGE_VERSION "\n");
  run_clear (&run);

  run_cli (&run, "frobnicate", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "frobnicate"));
  run_clear (&run);

  run_cli (&run, "validate", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "Exit status"));
  run_clear (&run);

  run_cli (&run, "validate", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  run_cli (&run, "stats", "--no-such-option", "x", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);
}

static void
test_validate_sample_corpus (void)
{
  g_autofree char *folder = gloss_test_source_path ("data", "sample-corpus", NULL);
  g_autoptr(GPtrArray) sidecars = list_sidecars (folder);

  g_assert_cmpuint (sidecars->len, >=, 5);
  for (guint i = 0; i < sidecars->len; i++)
    {
      Run run = { 0 };

      run_cli (&run, "validate", g_ptr_array_index (sidecars, i), NULL);
      if (run.status != 0)
        g_printerr ("%s", run.err);
      g_assert_cmpint (run.status, ==, 0);
      g_assert_nonnull (strstr (run.out, "valid ("));
      run_clear (&run);
    }
}

static void
test_validate_tagset (void)
{
  g_autofree char *tagset = gloss_test_source_path ("resources", "tagsets", "news.xml", NULL);
  Run run = { 0 };

  run_cli (&run, "validate", tagset, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "valid tagset"));
  g_assert_nonnull (strstr (run.out, "news"));
  run_clear (&run);
}

/* Replaces the first occurrence of @from in the file and returns the
 * 1-based line where it was. */
static int
edit_file (const char *path,
           const char *from,
           const char *to)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GString) edited = NULL;
  const char *at;
  int line = 1;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  at = strstr (contents, from);
  g_assert_nonnull (at);
  for (const char *p = contents; p < at; p++)
    if (*p == '\n')
      line++;
  edited = g_string_new_len (contents, at - contents);
  g_string_append (edited, to);
  g_string_append (edited, at + strlen (from));
  g_file_set_contents (path, edited->str, edited->len, &error);
  g_assert_no_error (error);
  return line;
}

static void
test_validate_findings (void)
{
  g_autofree char *folder = gloss_test_copy_sample_corpus ("gloss-cli");
  g_autoptr(GPtrArray) sidecars = list_sidecars (folder);
  const char *sidecar = g_ptr_array_index (sidecars, 0);
  g_autofree char *expected = NULL;
  g_autofree char *not_gloss = g_build_filename (folder, "other.xml", NULL);
  g_autofree char *missing = g_build_filename (folder, "missing.gloss.xml", NULL);
  Run run = { 0 };
  int line;

  /* An unknown type: the message names the file and the line. */
  line = edit_file (sidecar, "type=\"", "type=\"alien-");
  run_cli (&run, "validate", sidecar, NULL);
  g_assert_cmpint (run.status, ==, 1);
  expected = g_strdup_printf ("%s:%d:", sidecar, line);
  if (strstr (run.err, expected) == NULL)
    g_printerr ("expected %s in: %s", expected, run.err);
  g_assert_nonnull (strstr (run.err, expected));
  run_clear (&run);

  /* Not a Gloss file at all. */
  g_file_set_contents (not_gloss, "<?xml version=\"1.0\"?>\n<html/>\n", -1, NULL);
  run_cli (&run, "validate", not_gloss, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "other.xml:1:"));
  run_clear (&run);

  /* I/O error: exit 2, and the worst status wins over findings. */
  run_cli (&run, "validate", missing, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "missing.gloss.xml"));
  run_clear (&run);

  run_cli (&run, "validate", not_gloss, missing, NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  gloss_test_remove_sample_corpus (folder);
}

static void
test_validate_changed_article (void)
{
  g_autofree char *folder = gloss_test_copy_sample_corpus ("gloss-cli");
  g_autoptr(GPtrArray) sidecars = list_sidecars (folder);
  const char *sidecar = g_ptr_array_index (sidecars, 0);
  g_autofree char *text_name = NULL;
  g_autofree char *annotator = NULL;
  g_autofree char *base = g_path_get_basename (sidecar);
  g_autofree char *article = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *before = NULL;
  g_autofree char *edited = NULL;
  Run run = { 0 };

  g_assert_true (gloss_sidecar_parse_name (base, &text_name, &annotator));
  article = g_build_filename (folder, text_name, NULL);
  g_file_get_contents (sidecar, &before, NULL, NULL);

  /* Insert text at the start: every span now sits on other text. */
  g_file_get_contents (article, &contents, NULL, NULL);
  edited = g_strconcat ("UPDATED: ", contents, NULL);
  g_file_set_contents (article, edited, -1, NULL);

  run_cli (&run, "validate", sidecar, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "changed"));
  g_assert_nonnull (strstr (run.err, "do not"));
  run_clear (&run);

  /* Validation never writes. */
  {
    g_autofree char *after = NULL;

    g_file_get_contents (sidecar, &after, NULL, NULL);
    g_assert_cmpstr (before, ==, after);
  }

  gloss_test_remove_sample_corpus (folder);
}

/* Counts computed here through the core must match what stats prints. */
static void
test_stats (void)
{
  g_autofree char *folder = gloss_test_source_path ("data", "sample-corpus", NULL);
  g_autoptr(GPtrArray) sidecars = list_sidecars (folder);
  g_autoptr(GHashTable) totals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) annotators = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GFile) dir = g_file_new_for_path (folder);
  g_autoptr(GlossTagset) tagset = gloss_tagset_load_for_folder (dir, NULL, NULL);
  g_auto(GStrv) lines = NULL;
  GHashTableIter iter;
  gpointer key, value;
  Run run = { 0 };

  for (guint i = 0; i < sidecars->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GFile) file = g_file_new_for_path (g_ptr_array_index (sidecars, i));
      g_autofree char *base = g_file_get_basename (file);
      g_autofree char *text_name = NULL;
      g_autofree char *annotator = NULL;
      g_autoptr(GFile) article = NULL;
      g_autoptr(GlossDocument) document = NULL;
      g_autoptr(GlossAnnotationSet) set = NULL;
      g_autoptr(GHashTable) counts = NULL;

      g_assert_true (gloss_sidecar_parse_name (base, &text_name, &annotator));
      article = g_file_get_child (dir, text_name);
      document = gloss_document_load (article, NULL, &error);
      g_assert_no_error (error);
      set = gloss_sidecar_load (file, document, tagset, NULL, NULL, &error);
      g_assert_no_error (error);
      g_hash_table_add (annotators, (gpointer) g_intern_string (annotator));

      counts = gloss_annotation_set_count_types (set);
      g_hash_table_iter_init (&iter, counts);
      while (g_hash_table_iter_next (&iter, &key, &value))
        {
          guint old = GPOINTER_TO_UINT (g_hash_table_lookup (totals, key));
          g_hash_table_replace (totals, g_strdup (key),
                                GUINT_TO_POINTER (old + GPOINTER_TO_UINT (value)));
        }
    }

  run_cli (&run, "stats", "--tsv", folder, NULL);
  g_assert_cmpint (run.status, ==, 0);
  lines = g_strsplit (run.out, "\n", -1);

  /* Header: type, one column per annotator, total. */
  {
    g_auto(GStrv) header = g_strsplit (lines[0], "\t", -1);

    g_assert_cmpstr (header[0], ==, "type");
    g_assert_cmpuint (g_strv_length (header), ==, g_hash_table_size (annotators) + 2);
    g_assert_cmpstr (header[g_strv_length (header) - 1], ==, "total");
  }

  g_hash_table_iter_init (&iter, totals);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gboolean found = FALSE;

      for (guint i = 1; lines[i] != NULL; i++)
        {
          g_auto(GStrv) cells = g_strsplit (lines[i], "\t", -1);
          guint n = g_strv_length (cells);

          if (n > 1 && g_str_equal (cells[0], key))
            {
              g_assert_cmpuint (g_ascii_strtoull (cells[n - 1], NULL, 10), ==,
                                GPOINTER_TO_UINT (value));
              found = TRUE;
            }
        }
      if (!found)
        g_printerr ("no row for %s in:\n%s", (const char *) key, run.out);
      g_assert_true (found);
    }
  run_clear (&run);

  run_cli (&run, "stats", "/nonexistent/gloss", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/usage", test_usage);
  g_test_add_func ("/cli/validate/sample-corpus", test_validate_sample_corpus);
  g_test_add_func ("/cli/validate/tagset", test_validate_tagset);
  g_test_add_func ("/cli/validate/findings", test_validate_findings);
  g_test_add_func ("/cli/validate/changed-article", test_validate_changed_article);
  g_test_add_func ("/cli/stats", test_stats);

  return g_test_run ();
}
