/* test-review-cli.c: `gloss-cli agree` and `gloss-cli adjudicate` on the sample corpus
 *
 * The outputs are compared with the files in data/review-golden/. After a
 * deliberate change, run the test with GLOSS_UPDATE_GOLDEN=1 to rewrite
 * them, and read the diff before committing it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include <gio/gio.h>

#include "gloss-document.h"
#include "gloss-review.h"
#include "gloss-sidecar.h"
#include "gloss-tagset.h"
#include "gloss-xml.h"

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
sample_corpus (void)
{
  const char *root = g_getenv ("GLOSS_SOURCE_ROOT");

  return root != NULL ? g_build_filename (root, "data", "sample-corpus", NULL) : NULL;
}

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

  g_ptr_array_add (argv, g_test_build_filename (G_TEST_BUILT, "..", "app", "cli", "gloss-cli", NULL));
  va_start (args, first);
  for (const char *a = first; a != NULL; a = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (a));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  envp = g_environ_setenv (envp, "LC_ALL", "C.UTF-8", TRUE);
  envp = g_environ_setenv (envp, "GLOSS_NO_PROGRESS", "1", TRUE);
  g_spawn_sync (NULL, (char **) argv->pdata, envp, G_SPAWN_DEFAULT, NULL, NULL,
                &run->out, &run->err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

static void
compare_golden (const char *output,
                const char *name)
{
  g_autofree char *path = g_build_filename (GLOSS_TEST_DATADIR, "review-golden", name, NULL);
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;

  if (g_getenv ("GLOSS_UPDATE_GOLDEN") != NULL)
    {
      g_file_set_contents (path, output, -1, &error);
      g_assert_no_error (error);
      return;
    }
  g_file_get_contents (path, &expected, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (output, ==, expected);
}

static void
test_agree_golden (gconstpointer data)
{
  const char * const *args = data;
  g_autofree char *corpus = sample_corpus ();
  Run run = { 0 };

  if (corpus == NULL)
    {
      g_test_skip ("GLOSS_SOURCE_ROOT is not set");
      return;
    }
  run_cli (&run, "agree", corpus, args[1], args[2], args[3], NULL);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  compare_golden (run.out, args[0]);
  run_clear (&run);
}

static void
test_agree_exit_codes (void)
{
  g_autofree char *corpus = sample_corpus ();
  g_autofree char *empty = NULL;
  g_autoptr(GError) error = NULL;
  Run run = { 0 };

  if (corpus == NULL)
    {
      g_test_skip ("GLOSS_SOURCE_ROOT is not set");
      return;
    }

  /* An annotator without sidecars: nothing to compare. */
  run_cli (&run, "agree", corpus, "--annotators", "alice,carol", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "no document has sidecars of two of the annotators"));
  run_clear (&run);

  /* A folder with one annotator only. */
  empty = g_dir_make_tmp ("gloss-agree-XXXXXX", &error);
  g_assert_no_error (error);
  run_cli (&run, "agree", empty, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "agreement needs at least two"));
  run_clear (&run);
  g_rmdir (empty);

  run_cli (&run, "agree", corpus, "--format", "xml", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);
  run_cli (&run, "agree", corpus, "--annotators", "alice", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);
  run_cli (&run, "agree", "/nonexistent/corpus", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);
  run_cli (&run, "agree", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  /* The order of --annotators is the order of the pairs: bob first makes
   * bob the reference, so precision and recall swap. */
  run_cli (&run, "agree", corpus, "--annotators", "bob,alice", "--format", "csv", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "(corpus),bob/alice,spans,(all),span-recall-exact,0.750,15\n"));
  run_clear (&run);
}

static void
test_adjudicate_list (void)
{
  g_autofree char *corpus = sample_corpus ();
  g_autofree char *article = NULL;
  Run run = { 0 };

  if (corpus == NULL)
    {
      g_test_skip ("GLOSS_SOURCE_ROOT is not set");
      return;
    }
  article = g_build_filename (corpus, "valmora-strike-gazette.txt", NULL);
  run_cli (&run, "adjudicate", article, "--list", NULL);
  /* Everything is undecided without a gold sidecar. */
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "36 of 36 groups undecided"));
  compare_golden (run.out, "adjudicate-list.txt");
  run_clear (&run);

  run_cli (&run, "adjudicate", article, "--accept-agreed", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);
  run_cli (&run, "adjudicate", article, "--annotators", "alice,zoe", NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);
}

/* On a copy: the agreed annotations go into a valid gold sidecar once. */
static void
test_adjudicate_accept_agreed (void)
{
  g_autofree char *corpus = sample_corpus ();
  g_autofree char *dir = NULL;
  g_autofree char *article = NULL;
  g_autofree char *gold = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  const char *names[] = { "valmora-strike-gazette.txt", "valmora-strike-gazette.txt.alice.gloss.xml",
                          "valmora-strike-gazette.txt.bob.gloss.xml" };
  Run run = { 0 };

  if (corpus == NULL)
    {
      g_test_skip ("GLOSS_SOURCE_ROOT is not set");
      return;
    }
  dir = g_dir_make_tmp ("gloss-adjudicate-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *from = g_build_filename (corpus, names[i], NULL);
      g_autofree char *to = g_build_filename (dir, names[i], NULL);
      g_autofree char *data = NULL;
      gsize len;

      g_file_get_contents (from, &data, &len, &error);
      g_assert_no_error (error);
      g_file_set_contents (to, data, len, &error);
      g_assert_no_error (error);
    }
  article = g_build_filename (dir, names[0], NULL);
  gold = g_build_filename (dir, "valmora-strike-gazette.txt.gold.gloss.xml", NULL);

  run_cli (&run, "adjudicate", article, "--reviewer", "carol", "--accept-agreed", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "accepted 16 agreed annotations"));
  g_assert_nonnull (strstr (run.err, "20 of 36 groups undecided"));
  run_clear (&run);

  g_file_get_contents (gold, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (contents, "<annotator id=\"gold\""));
  g_assert_nonnull (strstr (contents, "reviewer=\"carol\""));
  run_cli (&run, "validate", gold, NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);

  /* Again: nothing new, the decisions are read back. */
  run_cli (&run, "adjudicate", article, "--reviewer", "carol", "--accept-agreed", NULL);
  g_assert_nonnull (strstr (run.err, "accepted 0 agreed annotations"));
  g_assert_nonnull (strstr (run.err, "20 of 36 groups undecided"));
  run_clear (&run);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = g_build_filename (dir, names[i], NULL);

      g_unlink (path);
    }
  g_unlink (gold);
  g_rmdir (dir);
}

int
main (int    argc,
      char **argv)
{
  static const char *table[] = { "agree.txt", NULL, NULL, NULL };
  static const char *json[] = { "agree.json", "--format", "json", NULL };
  static const char *csv[] = { "agree.csv", "--format", "csv", NULL };
  static const char *per_doc[] = { "agree-per-document.txt", "--per-document", NULL, NULL };

  g_test_init (&argc, &argv, NULL);
  gloss_xml_init ();

  g_test_add_data_func ("/review-cli/agree/table", table, test_agree_golden);
  g_test_add_data_func ("/review-cli/agree/json", json, test_agree_golden);
  g_test_add_data_func ("/review-cli/agree/csv", csv, test_agree_golden);
  g_test_add_data_func ("/review-cli/agree/per-document", per_doc, test_agree_golden);
  g_test_add_func ("/review-cli/agree/exit-codes", test_agree_exit_codes);
  g_test_add_func ("/review-cli/adjudicate/list", test_adjudicate_list);
  g_test_add_func ("/review-cli/adjudicate/accept-agreed", test_adjudicate_accept_agreed);

  return g_test_run ();
}
