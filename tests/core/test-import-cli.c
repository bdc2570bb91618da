/* test-import-cli.c: gloss-cli import, all or nothing, and round trips
 * through the exporters
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
#include "gloss-xml.h"
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

  g_ptr_array_add (argv, g_test_build_filename (G_TEST_BUILT, "..", "app", "cli", "gloss-cli",
                                                NULL));
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

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static char *
data_path (const char *name)
{
  return g_build_filename (GLOSS_TEST_DATADIR, name, NULL);
}

static char *
sample_corpus (void)
{
  const char *root = g_getenv ("GLOSS_SOURCE_ROOT");

  g_assert_nonnull (root);
  return g_build_filename (root, "data", "sample-corpus", NULL);
}

static void
write_file (const char *folder,
            const char *name,
            const char *contents)
{
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
}

static char *
read_file (const char *folder,
           const char *name)
{
  g_autofree char *path = g_build_filename (folder, name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static void
copy_file (const char *from,
           const char *folder,
           const char *name)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (from, &contents, NULL, &error);
  g_assert_no_error (error);
  write_file (folder, name, contents);
}

/* "name:sha256" of every entry of @folder (hidden ones too), sorted: what
 * "unchanged" means. */
static char *
snapshot (const char *folder)
{
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    return g_strdup ("(no folder)");
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autofree char *contents = NULL;
      gsize len = 0;
      g_autofree char *sum = NULL;

      g_file_get_contents (path, &contents, &len, NULL);
      sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, len);
      g_ptr_array_add (lines, g_strdup_printf ("%s:%s", name, contents != NULL ? sum : "dir"));
    }
  g_ptr_array_sort (lines, compare_strings);
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **) lines->pdata);
}

static char *
make_tmp (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("gloss-import-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

/* ---- usage ------------------------------------------------------------- */

static void
test_usage (void)
{
  Run run = { 0 };
  g_autofree char *brat = data_path ("import-brat");

  run_cli (&run, "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "import"));
  run_clear (&run);

  run_cli (&run, "import", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "--types-map"));
  g_assert_nonnull (strstr (run.out, "Exit status"));
  g_assert_nonnull (strstr (run.out, "html"));
  run_clear (&run);

  run_cli (&run, "import", "--format", "brat", "-a", "carol", brat, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "-o FOLDER"));
  run_clear (&run);

  run_cli (&run, "import", "--format", "docx", "-o", "/nonexistent", brat, NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  run_cli (&run, "import", "--format", "brat", "-o", "/nonexistent/x", brat, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--annotator"));
  run_clear (&run);

  run_cli (&run, "import", "--format", "brat", "-a", "Not Valid", "-o", "/nonexistent/x", brat,
           NULL);
  g_assert_cmpint (run.status, ==, 2);
  run_clear (&run);

  run_cli (&run, "import", "--format", "text", "-o", "/nonexistent/x", "/no/such/file.txt", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "/no/such/file.txt"));
  run_clear (&run);
}

/* ---- brat through the command ----------------------------------------- */

static void
test_brat (void)
{
  g_autofree char *tmp = make_tmp ();
  g_autofree char *corpus = g_build_filename (tmp, "corpus", NULL);
  g_autofree char *brat = data_path ("import-brat");
  g_autofree char *sidecar = g_build_filename (corpus, "news.txt.carol.gloss.xml", NULL);
  g_autofree char *article = NULL;
  g_autofree char *original = NULL;
  g_autofree char *listing = NULL;
  Run run = { 0 };

  run_cli (&run, "import", "--format", "brat", "--annotator", "carol",
           "--annotator-name", "Carol Ng", brat, "-o", corpus, NULL);
  if (run.status != 0)
    g_printerr ("%s", run.err);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "imported 1 article"));
  run_clear (&run);

  /* The article byte for byte, and a sidecar that validates. */
  article = read_file (corpus, "news.txt");
  original = read_file (brat, "news.txt");
  g_assert_cmpstr (article, ==, original);
  listing = snapshot (corpus);
  g_assert_null (strstr (listing, ".gloss-import"));

  run_cli (&run, "validate", sidecar, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "5 entities, 3 claims, 2 relations"));
  run_clear (&run);
  {
    g_autofree char *xml = read_file (corpus, "news.txt.carol.gloss.xml");

    g_assert_nonnull (strstr (xml, "name=\"Carol Ng\""));
  }

  gloss_test_remove_tree (tmp);
}

/* ---- nothing half-written ---------------------------------------------- */

static void
test_failure_leaves_folder (void)
{
  g_autofree char *tmp = make_tmp ();
  g_autofree char *in = g_build_filename (tmp, "in", NULL);
  g_autofree char *corpus = g_build_filename (tmp, "corpus", NULL);
  g_autofree char *fresh = g_build_filename (tmp, "fresh", NULL);
  g_autofree char *news = data_path ("import-brat/news.txt");
  g_autofree char *news_ann = data_path ("import-brat/news.ann");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  Run run = { 0 };

  g_mkdir (in, 0755);
  g_mkdir (corpus, 0755);
  /* a.ann is fine, b.ann breaks on its second line: a must not appear. */
  copy_file (news, in, "a.txt");
  copy_file (news_ann, in, "a.ann");
  copy_file (news, in, "b.txt");
  write_file (in, "b.ann", "T1\tgpe 41 46\tCairo\nT2\tgpe 41 46\tParis\n");
  write_file (corpus, "keep.txt", "An article already here.\n");
  before = snapshot (corpus);

  run_cli (&run, "import", "-f", "brat", "-a", "carol", in, "-o", corpus, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "b.ann:2: T2"));
  g_assert_nonnull (strstr (run.err, "nothing was imported"));
  run_clear (&run);
  after = snapshot (corpus);
  g_assert_cmpstr (after, ==, before);

  /* A folder the import would have made is not left behind either. */
  run_cli (&run, "import", "-f", "brat", "-a", "carol", in, "-o", fresh, NULL);
  g_assert_cmpint (run.status, ==, 1);
  run_clear (&run);
  g_assert_false (g_file_test (fresh, G_FILE_TEST_EXISTS));

  /* Malformed inputs of the other formats: FILE:LINE, status 1, unchanged. */
  write_file (in, "bad.jsonl", "{\"text\": \"fine\"}\n{\"text\": 3}\n");
  {
    g_autofree char *jsonl = g_build_filename (in, "bad.jsonl", NULL);

    run_cli (&run, "import", "-f", "jsonl", "-a", "carol", jsonl, "-o", corpus, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "bad.jsonl:2: "));
    run_clear (&run);
  }
  write_file (in, "bad.conll", "A B-PER\n\nB O\nC I-PER\n");
  {
    g_autofree char *conll = g_build_filename (in, "bad.conll", NULL);

    run_cli (&run, "import", "-f", "conll", "-a", "carol", conll, "-o", corpus, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "bad.conll:4: "));
    run_clear (&run);
  }
  write_file (in, "bad.txt", "ok\n\xff\n");
  {
    g_autofree char *text = g_build_filename (in, "bad.txt", NULL);

    run_cli (&run, "import", "-f", "text", text, "-o", corpus, NULL);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, "bad.txt:2: "));
    run_clear (&run);
  }
  g_free (after);
  after = snapshot (corpus);
  g_assert_cmpstr (after, ==, before);

  gloss_test_remove_tree (tmp);
}

static void
test_existing_files (void)
{
  g_autofree char *tmp = make_tmp ();
  g_autofree char *corpus = g_build_filename (tmp, "corpus", NULL);
  g_autofree char *brat = data_path ("import-brat");
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  Run run = { 0 };

  run_cli (&run, "import", "-f", "brat", "-a", "carol", brat, "-o", corpus, NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  before = snapshot (corpus);

  /* The same again: carol's sidecar exists. */
  run_cli (&run, "import", "-f", "brat", "-a", "carol", brat, "-o", corpus, NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "news.txt.carol.gloss.xml: already exists"));
  g_assert_nonnull (strstr (run.err, "--force"));
  run_clear (&run);
  after = snapshot (corpus);
  g_assert_cmpstr (after, ==, before);

  /* Another annotator's work on the very same article comes in beside. */
  run_cli (&run, "import", "-f", "brat", "-a", "dave", brat, "-o", corpus, NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  g_assert_true (g_file_test (corpus, G_FILE_TEST_IS_DIR));
  {
    g_autofree char *dave = g_build_filename (corpus, "news.txt.dave.gloss.xml", NULL);

    g_assert_true (g_file_test (dave, G_FILE_TEST_EXISTS));
  }

  /* A different article under the same name is not replaced… */
  g_free (before);
  before = snapshot (corpus);
  write_file (tmp, "news.txt", "Another text.\n");
  {
    g_autofree char *text = g_build_filename (tmp, "news.txt", NULL);

    run_cli (&run, "import", "-f", "text", text, "-o", corpus, NULL);
    g_assert_cmpint (run.status, ==, 2);
    g_assert_nonnull (strstr (run.err, "news.txt: already exists"));
    run_clear (&run);
    g_free (after);
    after = snapshot (corpus);
    g_assert_cmpstr (after, ==, before);

    /* …unless forced. */
    run_cli (&run, "import", "-f", "text", "--force", text, "-o", corpus, NULL);
    g_assert_cmpint (run.status, ==, 0);
    run_clear (&run);
    g_free (after);
    after = read_file (corpus, "news.txt");
    g_assert_cmpstr (after, ==, "Another text.\n");
  }

  gloss_test_remove_tree (tmp);
}

/* ---- text and HTML through the command -------------------------------- */

static void
test_text_and_html (void)
{
  g_autofree char *tmp = make_tmp ();
  g_autofree char *corpus = g_build_filename (tmp, "corpus", NULL);
  g_autofree char *latin1 = data_path ("import-latin1.txt");
  g_autofree char *page = data_path ("import-page.html");
  g_autofree char *text = NULL;
  g_autofree char *origin = NULL;
  Run run = { 0 };

  run_cli (&run, "import", "-f", "text", latin1, "-o", corpus, NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "import-latin1.txt:1: invalid UTF-8"));
  run_clear (&run);

  run_cli (&run, "import", "-f", "text", "--encoding", "windows-1252", "-a", "carol", latin1,
           "-o", corpus, NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  text = read_file (corpus, "import-latin1.txt");
  g_assert_cmpstr (text, ==, "Café “Le Nord” reçoit\n");
  /* An empty sidecar, which loads against the converted text. */
  {
    g_autofree char *sidecar = g_build_filename (corpus, "import-latin1.txt.carol.gloss.xml", NULL);

    run_cli (&run, "validate", sidecar, NULL);
    g_assert_cmpint (run.status, ==, 0);
    run_clear (&run);
  }

  run_cli (&run, "import", "-f", "html", page, "-o", corpus, NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);
  g_free (text);
  text = read_file (corpus, "import-page.txt");
  g_assert_true (g_str_has_prefix (text, "Harbour strike ends after nine days\n\nDockworkers"));
  g_assert_null (strstr (text, "Home"));
  g_assert_null (strstr (text, "tracking"));
  origin = read_file (corpus, "import-page.txt.origin");
  g_assert_nonnull (strstr (origin, "url: https://gazette.example/2026/03/harbour-strike\n"));

  gloss_test_remove_tree (tmp);
}

/* ---- round trips ------------------------------------------------------- */

static void
describe_annotation (GString         *out,
                     GlossAnnotation *a)
{
  if (a == NULL)
    g_string_append (out, "(none)");
  else if (gloss_annotation_get_kind (a) == GLOSS_ANNOTATION_ENTITY)
    g_string_append_printf (out, "entity %u-%u %s", gloss_annotation_get_start (a),
                            gloss_annotation_get_end (a), gloss_annotation_get_type_id (a));
  else
    g_string_append_printf (out, "claim %u-%u", gloss_annotation_get_start (a),
                            gloss_annotation_get_end (a));
}

/* What brat cannot carry as it is: line breaks in notes, link spellings. */
static char *
normalise_for_brat (const char *text,
                    gboolean    is_link)
{
  char *copy;

  if (text == NULL)
    return g_strdup ("");
  if (is_link)
    {
      static const char *prefixes[] = { "https://www.wikidata.org/wiki/",
                                        "http://www.wikidata.org/entity/",
                                        "https://www.wikidata.org/entity/" };

      for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
        if (g_str_has_prefix (text, prefixes[i]))
          return g_strconcat ("wikidata:", text + strlen (prefixes[i]), NULL);
      return g_strdup (text);
    }
  copy = g_strdup (text);
  for (char *p = copy; *p != '\0'; p++)
    if (*p == '\n' || *p == '\r' || *p == '\t')
      *p = ' ';
  return copy;
}

/* One sorted line per annotation, with everything a round trip keeps
 * (ids are renumbered, so references are described by what they point at). */
static char *
describe_set (GlossAnnotationSet *set,
              gboolean            brat)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  GListModel *lists[] = { gloss_annotation_set_get_entities (set),
                          gloss_annotation_set_get_claims (set),
                          gloss_annotation_set_get_relations (set) };

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < g_list_model_get_n_items (lists[l]); i++)
      {
        g_autoptr(GlossAnnotation) a = g_list_model_get_item (lists[l], i);
        g_autofree char *note = NULL;
        g_autofree char *link = NULL;
        GString *line = g_string_new (NULL);
        guint s, e;

        if (gloss_annotation_get_kind (a) == GLOSS_ANNOTATION_RELATION)
          {
            g_string_append_printf (line, "relation %s from ", gloss_annotation_get_type_id (a));
            describe_annotation (line, gloss_annotation_set_lookup (set, gloss_annotation_get_from (a)));
            g_string_append (line, " to ");
            describe_annotation (line, gloss_annotation_set_lookup (set, gloss_annotation_get_to (a)));
          }
        else
          describe_annotation (line, a);

        if (gloss_annotation_get_kind (a) == GLOSS_ANNOTATION_CLAIM)
          {
            switch (gloss_annotation_get_source_kind (a))
              {
              case GLOSS_SOURCE_ENTITY:
                g_string_append (line, " source ");
                describe_annotation (line, gloss_annotation_set_lookup (set, gloss_annotation_get_source_entity (a)));
                break;
              case GLOSS_SOURCE_SPAN:
                gloss_annotation_get_source_span (a, &s, &e);
                g_string_append_printf (line, " source span %u-%u", s, e);
                break;
              case GLOSS_SOURCE_ARTICLE:
                g_string_append (line, " source article");
                break;
              case GLOSS_SOURCE_NONE:
              default:
                g_string_append (line, " source none");
                break;
              }
            if (gloss_annotation_get_cue (a, &s, &e))
              g_string_append_printf (line, " cue %u-%u", s, e);
            if (gloss_annotation_get_parent (a) != NULL)
              {
                g_string_append (line, " parent ");
                describe_annotation (line, gloss_annotation_set_lookup (set, gloss_annotation_get_parent (a)));
              }
          }

        for (guint k = 0; k < gloss_annotation_get_n_attributes (a); k++)
          {
            const char *name, *value;

            gloss_annotation_get_nth_attribute (a, k, &name, &value);
            g_string_append_printf (line, " %s=%s", name, value);
          }
        if (brat)
          {
            note = normalise_for_brat (gloss_annotation_get_note (a), FALSE);
            link = normalise_for_brat (gloss_annotation_get_link (a), TRUE);
          }
        else
          {
            note = g_strdup (gloss_annotation_get_note (a) ? gloss_annotation_get_note (a) : "");
            link = g_strdup (gloss_annotation_get_link (a) ? gloss_annotation_get_link (a) : "");
          }
        g_string_append_printf (line, " link=%s note=%s", link, note);
        g_ptr_array_add (lines, g_string_free (line, FALSE));
      }
  g_ptr_array_sort (lines, compare_strings);
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **) lines->pdata);
}

static GlossAnnotationSet *
load_set (const char *folder,
          const char *article,
          const char *annotator)
{
  g_autofree char *text_path = g_build_filename (folder, article, NULL);
  g_autofree char *name = gloss_sidecar_build_name (article, annotator);
  g_autofree char *sidecar_path = g_build_filename (folder, name, NULL);
  g_autoptr(GFile) text_file = g_file_new_for_path (text_path);
  g_autoptr(GFile) sidecar_file = g_file_new_for_path (sidecar_path);
  g_autoptr(GlossDocument) document = NULL;
  g_autoptr(GError) error = NULL;
  GlossAnnotationSet *set;

  document = gloss_document_load (text_file, NULL, &error);
  g_assert_no_error (error);
  set = gloss_sidecar_load (sidecar_file, document, gloss_tagset_get_default (), NULL, NULL,
                            &error);
  g_assert_no_error (error);
  return set;
}

/* The sample corpus's articles that alice annotated. */
static GPtrArray *
alice_articles (void)
{
  g_autofree char *folder = sample_corpus ();
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_suffix (name, ".txt.alice.gloss.xml"))
      g_ptr_array_add (names, g_strndup (name, strlen (name) - strlen (".alice.gloss.xml")));
  g_ptr_array_sort (names, compare_strings);
  g_assert_cmpuint (names->len, >=, 5);
  return names;
}

static GlossExportSummary *
export_sample (GlossExportFormat format,
               const char        *out_path)
{
  g_autofree char *folder = sample_corpus ();
  g_autoptr(GFile) corpus = g_file_new_for_path (folder);
  g_autoptr(GFile) out = g_file_new_for_path (out_path);
  g_autoptr(GError) error = NULL;
  GlossExportOptions options = GLOSS_EXPORT_OPTIONS_INIT;
  GlossExportSummary *summary;

  options.annotator = "alice";
  options.partial = GLOSS_EXPORT_PARTIAL_SKIP;
  summary = gloss_export_corpus (corpus, format, &options, out, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (summary);
  return summary;
}

static void
round_trip (GlossExportFormat  format,
            const char        *format_name,
            const char        *out_name)
{
  g_autofree char *tmp = make_tmp ();
  g_autofree char *out = g_build_filename (tmp, out_name, NULL);
  g_autofree char *corpus = g_build_filename (tmp, "corpus", NULL);
  g_autofree char *sample = sample_corpus ();
  g_autoptr(GlossExportSummary) summary = export_sample (format, out);
  g_autoptr(GPtrArray) articles = alice_articles ();
  gboolean brat = format == GLOSS_EXPORT_BRAT;
  guint n_compared = 0;
  Run run = { 0 };

  g_assert_cmpuint (summary->n_left_out, ==, 0);
  g_assert_cmpuint (summary->n_documents, ==, articles->len);
  g_assert_cmpuint (summary->n_claims, >, 0);

  /* The export's own annotator (JSONL) or the one given. */
  if (brat)
    run_cli (&run, "import", "-f", format_name, "-a", "alice", out, "-o", corpus, NULL);
  else
    run_cli (&run, "import", "-f", format_name, out, "-o", corpus, NULL);
  if (run.status != 0)
    g_printerr ("%s", run.err);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  run_clear (&run);

  for (guint i = 0; i < articles->len; i++)
    {
      const char *article = g_ptr_array_index (articles, i);
      g_autoptr(GlossAnnotationSet) before = load_set (sample, article, "alice");
      g_autoptr(GlossAnnotationSet) after = load_set (corpus, article, "alice");
      g_autofree char *a = describe_set (before, brat);
      g_autofree char *b = describe_set (after, brat);

      /* The same text; brat and JSONL carry no byte-order mark, so an
       * article that had one comes back without it, at the same offsets. */
      g_assert_cmpstr (gloss_document_get_text (gloss_annotation_set_get_document (after), NULL), ==,
                       gloss_document_get_text (gloss_annotation_set_get_document (before), NULL));
      g_assert_cmpstr (b, ==, a);
      g_assert_cmpuint (gloss_annotation_set_get_size (after), >, 0);
      n_compared += gloss_annotation_set_get_size (after);
    }
  g_assert_cmpuint (n_compared, ==, summary->n_entities + summary->n_claims + summary->n_relations);

  gloss_test_remove_tree (out);
  gloss_test_remove_tree (tmp);
}

static void
test_round_trip_brat (void)
{
  round_trip (GLOSS_EXPORT_BRAT, "brat", "brat");
}

static void
test_round_trip_jsonl (void)
{
  round_trip (GLOSS_EXPORT_JSONL, "jsonl", "sample.jsonl");
}

/* Text without white space: the CoNLL text is rebuilt from tokens. */
static char *
squash (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      g_string_append_unichar (out, g_utf8_get_char (p));
  return g_string_free (out, FALSE);
}

static void
test_round_trip_conll (void)
{
  g_autofree char *tmp = make_tmp ();
  g_autofree char *out = g_build_filename (tmp, "sample.conll", NULL);
  g_autofree char *corpus = g_build_filename (tmp, "corpus", NULL);
  g_autofree char *sample = sample_corpus ();
  g_autoptr(GlossExportSummary) summary = export_sample (GLOSS_EXPORT_CONLL, out);
  g_autoptr(GPtrArray) articles = alice_articles ();
  guint n_matched = 0;
  Run run = { 0 };

  run_cli (&run, "import", "-f", "conll", "-a", "alice", out, "-o", corpus, NULL);
  g_assert_cmpint (run.status, ==, 0);
  run_clear (&run);

  /* Documents in the export's order, named after the file. */
  for (guint i = 0; i < articles->len; i++)
    {
      g_autofree char *name = g_strdup_printf ("sample-%u.txt", i + 1);
      g_autoptr(GlossAnnotationSet) before = load_set (sample, g_ptr_array_index (articles, i), "alice");
      g_autoptr(GlossAnnotationSet) after = load_set (corpus, name, "alice");
      GListModel *was = gloss_annotation_set_get_entities (before);
      GListModel *now = gloss_annotation_set_get_entities (after);
      GlossDocument *doc_was = gloss_annotation_set_get_document (before);
      GlossDocument *doc_now = gloss_annotation_set_get_document (after);
      guint k = 0;

      g_assert_cmpuint (g_list_model_get_n_items (now), >, 0);
      /* Every entity that came back is one that went out, in order, with
       * its type and its words; the rest were left out by the export
       * (partial tokens, overlaps) and counted there. */
      for (guint j = 0; j < g_list_model_get_n_items (now); j++)
        {
          g_autoptr(GlossAnnotation) a = g_list_model_get_item (now, j);
          g_autofree char *ta = gloss_document_dup_slice (doc_now, gloss_annotation_get_start (a),
                                                          gloss_annotation_get_end (a));
          g_autofree char *sa = squash (ta);
          gboolean found = FALSE;

          for (; k < g_list_model_get_n_items (was) && !found; k++)
            {
              g_autoptr(GlossAnnotation) b = g_list_model_get_item (was, k);
              g_autofree char *tb = gloss_document_dup_slice (doc_was, gloss_annotation_get_start (b),
                                                              gloss_annotation_get_end (b));
              g_autofree char *sb = squash (tb);

              found = g_str_equal (sa, sb)
                      && g_str_equal (gloss_annotation_get_type_id (a), gloss_annotation_get_type_id (b));
            }
          if (!found)
            g_error ("%s: entity “%s” (%s) did not go out", name, ta, gloss_annotation_get_type_id (a));
          n_matched++;
        }
    }
  g_assert_cmpuint (n_matched, ==, summary->n_entities);

  gloss_test_remove_tree (tmp);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gloss_xml_init ();

  g_test_add_func ("/import-cli/usage", test_usage);
  g_test_add_func ("/import-cli/brat", test_brat);
  g_test_add_func ("/import-cli/failure-leaves-folder", test_failure_leaves_folder);
  g_test_add_func ("/import-cli/existing-files", test_existing_files);
  g_test_add_func ("/import-cli/text-and-html", test_text_and_html);
  g_test_add_func ("/import-cli/round-trip/brat", test_round_trip_brat);
  g_test_add_func ("/import-cli/round-trip/jsonl", test_round_trip_jsonl);
  g_test_add_func ("/import-cli/round-trip/conll", test_round_trip_conll);

  return g_test_run ();
}
