/* test-corpus.c: listing a folder, counting progress, following changes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "gloss-annotation-set.h"
#include "gloss-corpus.h"
#include "gloss-document.h"
#include "gloss-sidecar.h"
#include "gloss-tagset.h"
#include "gloss-test-util.h"

static const char * const sample_names[] = {
  "elsmere-food-weekend.txt",
  "lindmere-council-budget.txt",
  "marsa-zahra-desalination.txt",
  "valmora-strike-gazette.txt",
  "valmora-strike-wire.txt",
};

typedef struct
{
  GFile       *folder;
  GlossCorpus *corpus;
} Fixture;

static gboolean
wait_for (gboolean (*cond) (Fixture *), Fixture *f, guint timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!cond (f))
    {
      if (g_get_monotonic_time () > deadline)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

static gboolean
is_idle (Fixture *f)
{
  return !gloss_corpus_get_loading (f->corpus);
}

static void
write_file (GFile      *folder,
            const char *name,
            const char *contents,
            gssize      len)
{
  g_autoptr(GFile) file = g_file_get_child (folder, name);
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
}

static void
copy_sample_corpus (GFile *to)
{
  const char *root = g_getenv ("GLOSS_SOURCE_ROOT");
  g_autoptr(GFile) from = NULL;
  g_autoptr(GFileEnumerator) e = NULL;
  g_autoptr(GError) error = NULL;
  GFileInfo *info;
  GFile *child;

  g_assert_nonnull (root);
  from = g_file_new_build_filename (root, "data", "sample-corpus", NULL);
  e = g_file_enumerate_children (from, G_FILE_ATTRIBUTE_STANDARD_NAME, G_FILE_QUERY_INFO_NONE,
                                 NULL, &error);
  g_assert_no_error (error);
  while (g_file_enumerator_iterate (e, &info, &child, NULL, &error) && info != NULL)
    {
      g_autoptr(GFile) dest = g_file_get_child (to, g_file_info_get_name (info));

      g_file_copy (child, dest, G_FILE_COPY_NONE, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
    }
  g_assert_no_error (error);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gloss-corpus-XXXXXX", &error);

  g_assert_no_error (error);
  f->folder = g_file_new_for_path (dir);
  if (data != NULL)
    copy_sample_corpus (f->folder);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->corpus);
  /* Let cancelled workers report back. */
  for (guint i = 0; i < 20; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  gloss_test_remove_tree (g_file_peek_path (f->folder));
  g_clear_object (&f->folder);
}

static void
load_ready (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GError **out = user_data;

  if (gloss_corpus_load_finish (GLOSS_CORPUS (object), result, out))
    *out = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "listed");
}

/* Loads the corpus; returns once listed (counts may still be coming). */
static void
load_corpus (Fixture *f)
{
  GError *result = NULL;

  f->corpus = gloss_corpus_new (f->folder);
  gloss_corpus_load_async (f->corpus, NULL, load_ready, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (result, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_error_free (result);
}

static GlossCorpusItem *
item_at (Fixture *f,
         guint    position)
{
  GlossCorpusItem *item = g_list_model_get_item (G_LIST_MODEL (f->corpus), position);

  g_assert_nonnull (item);
  g_object_unref (item);  /* the corpus keeps it */
  return item;
}

/* Paragraphs counted here independently: blocks of non-blank lines. */
static guint
count_paragraphs (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  guint n = 0;
  gboolean in = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *stripped = g_strstrip (g_strdup (lines[i]));
      gboolean blank = *stripped == '\0';

      if (!blank && !in)
        n++;
      in = !blank;
    }
  return n;
}

static void
test_sample (Fixture       *f,
             gconstpointer  data)
{
  guint n_loaded = 0;

  load_corpus (f);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->corpus)), ==, G_N_ELEMENTS (sample_names));
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (f->corpus)) == GLOSS_TYPE_CORPUS_ITEM);
  for (guint i = 0; i < G_N_ELEMENTS (sample_names); i++)
    g_assert_cmpstr (gloss_corpus_item_get_name (item_at (f, i)), ==, sample_names[i]);

  g_assert_true (wait_for (is_idle, f, 10000));
  g_assert_null (gloss_corpus_get_error (f->corpus));
  g_assert_nonnull (gloss_corpus_get_tagset (f->corpus));

  for (guint i = 0; i < G_N_ELEMENTS (sample_names); i++)
    {
      GlossCorpusItem *item = item_at (f, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(GlossDocument) document = NULL;
      guint n_paragraphs;

      g_assert_true (gloss_corpus_item_get_loaded (item));
      g_assert_null (gloss_corpus_item_get_error (item));
      g_assert_false (gloss_corpus_item_has_problems (item));
      document = gloss_document_load (gloss_corpus_item_get_file (item), NULL, &error);
      g_assert_no_error (error);
      n_paragraphs = count_paragraphs (gloss_document_get_text (document, NULL));
      g_assert_cmpuint (gloss_corpus_item_get_n_paragraphs (item), ==, n_paragraphs);
      g_assert_cmpuint (gloss_corpus_item_get_n_annotators (item), ==,
                        i == 3 ? 2 : 1);

      for (guint j = 0; j < gloss_corpus_item_get_n_annotators (item); j++)
        {
          const GlossAnnotatorProgress *p = gloss_corpus_item_get_annotator (item, j);
          g_autoptr(GlossAnnotationSet) set = NULL;
          double fraction;

          g_assert_cmpstr (p->annotator_id, ==, j == 0 ? "alice" : "bob");
          g_assert_true (p->loaded);
          g_assert_true (p->counted);
          g_assert_null (p->error);
          g_assert_false (p->article_changed);
          set = gloss_sidecar_load (p->file, document, gloss_tagset_get_default (), NULL, NULL, &error);
          g_assert_no_error (error);
          g_assert_cmpuint (p->n_entities, ==,
                            g_list_model_get_n_items (gloss_annotation_set_get_entities (set)));
          g_assert_cmpuint (p->n_claims, ==,
                            g_list_model_get_n_items (gloss_annotation_set_get_claims (set)));
          g_assert_cmpuint (p->n_relations, ==,
                            g_list_model_get_n_items (gloss_annotation_set_get_relations (set)));
          g_assert_cmpuint (p->n_entities, >, 0);
          g_assert_cmpuint (p->n_claims, >, 0);
          g_assert_cmpuint (p->n_relations, >, 0);
          g_assert_cmpuint (p->n_paragraphs, ==, n_paragraphs);
          g_assert_cmpuint (p->n_paragraphs_annotated, >, 0);
          g_assert_cmpuint (p->n_paragraphs_annotated, <=, n_paragraphs);
          fraction = gloss_annotator_progress_get_fraction (p);
          g_assert_cmpfloat (fraction, >, 0.0);
          g_assert_cmpfloat (fraction, <=, 1.0);
          g_test_message ("%s %s: %u entities, %u claims, %u relations, %u/%u paragraphs",
                          sample_names[i], p->annotator_id, p->n_entities, p->n_claims,
                          p->n_relations, p->n_paragraphs_annotated, p->n_paragraphs);
          n_loaded++;
        }
      g_assert_true (gloss_corpus_item_lookup_annotator (item, "alice") ==
                     gloss_corpus_item_get_annotator (item, 0));
      g_assert_null (gloss_corpus_item_lookup_annotator (item, "carol"));
    }
  g_assert_cmpuint (n_loaded, ==, 6);
}

static void
test_progress_fraction (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GlossDocument) document = NULL;
  g_autoptr(GlossAnnotationSet) set = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *text = "One.\n\nTwo.\r\n   \r\nThree\nstill three.\n\n\nFour.";
  GlossCorpusItem *item;
  const GlossAnnotatorProgress *p;

  write_file (f->folder, "a.txt", text, -1);
  {
    g_autoptr(GBytes) t = g_bytes_new_static (text, strlen (text));

    document = gloss_document_new_from_bytes ("a.txt", t, &error);
    g_assert_no_error (error);
  }
  set = gloss_annotation_set_new (document, gloss_tagset_get_default (), "alice", NULL);
  /* "Two" (paragraph 2) and a span from "still" across to "Four" (3 and 4) */
  gloss_annotation_set_add_entity (set, "person", 6, 9, &error);
  g_assert_no_error (error);
  gloss_annotation_set_add_claim (set, 24, 42, &error);
  g_assert_no_error (error);
  bytes = gloss_sidecar_to_bytes (set, &error);
  g_assert_no_error (error);
  write_file (f->folder, "a.txt.alice.gloss.xml", g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  load_corpus (f);
  g_assert_true (wait_for (is_idle, f, 10000));
  item = item_at (f, 0);
  g_assert_cmpuint (gloss_corpus_item_get_n_paragraphs (item), ==, 4);
  p = gloss_corpus_item_get_annotator (item, 0);
  g_assert_cmpuint (p->n_entities, ==, 1);
  g_assert_cmpuint (p->n_claims, ==, 1);
  g_assert_cmpuint (p->n_paragraphs_annotated, ==, 3);
  g_assert_cmpfloat_with_epsilon (gloss_annotator_progress_get_fraction (p), 0.75, 1e-9);
}

static void
test_find (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GFile) article = g_file_get_child (f->folder, "valmora-strike-gazette.txt");
  g_autoptr(GFile) sidecar = g_file_get_child (f->folder, "valmora-strike-wire.txt.alice.gloss.xml");
  g_autoptr(GFile) elsewhere = g_file_new_for_path ("/valmora-strike-gazette.txt");
  g_autoptr(GFile) missing = g_file_get_child (f->folder, "nothing.txt");
  guint position = G_MAXUINT;
  GlossCorpusItem *item;

  load_corpus (f);
  item = gloss_corpus_find (f->corpus, article, &position);
  g_assert_nonnull (item);
  g_assert_cmpuint (position, ==, 3);
  g_assert_true (item == item_at (f, 3));
  item = gloss_corpus_find (f->corpus, sidecar, &position);
  g_assert_cmpuint (position, ==, 4);
  g_assert_cmpstr (gloss_corpus_item_get_name (item), ==, "valmora-strike-wire.txt");
  g_assert_null (gloss_corpus_find (f->corpus, elsewhere, NULL));
  g_assert_null (gloss_corpus_find (f->corpus, missing, NULL));
}

static gboolean
has_six (Fixture *f)
{
  return g_list_model_get_n_items (G_LIST_MODEL (f->corpus)) == 6;
}

static gboolean
has_five (Fixture *f)
{
  return g_list_model_get_n_items (G_LIST_MODEL (f->corpus)) == 5;
}

static gboolean
first_has_counted_sidecar (Fixture *f)
{
  GlossCorpusItem *item = item_at (f, 0);
  const GlossAnnotatorProgress *p;

  if (gloss_corpus_item_get_n_annotators (item) != 1)
    return FALSE;
  p = gloss_corpus_item_get_annotator (item, 0);
  return p->counted && p->n_entities == 2;
}

static GlossCorpusItem *
item_named (Fixture    *f,
            const char *name)
{
  g_autoptr(GFile) file = g_file_get_child (f->folder, name);
  GlossCorpusItem *item = gloss_corpus_find (f->corpus, file, NULL);

  g_assert_nonnull (item);
  return item;
}

static gboolean
wire_has_carol (Fixture *f)
{
  return gloss_corpus_item_get_n_annotators (item_named (f, "valmora-strike-wire.txt")) == 2;
}

typedef struct
{
  guint added;
  guint removed;
  guint position;
} Changes;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *changes)
{
  changes->added += added;
  changes->removed += removed;
  changes->position = position;
}

static void
test_monitor (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GlossDocument) document = NULL;
  g_autoptr(GlossAnnotationSet) set = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) gone = g_file_get_child (f->folder, "marsa-zahra-desalination.txt");
  g_autoptr(GFile) wire = g_file_get_child (f->folder, "valmora-strike-wire.txt.alice.gloss.xml");
  g_autoptr(GFile) carol = g_file_get_child (f->folder, "valmora-strike-wire.txt.carol.gloss.xml");
  Changes changes = { 0 };
  const char *article = "A new article.\n\nWith two paragraphs.\n";

  load_corpus (f);
  g_assert_true (wait_for (is_idle, f, 10000));
  g_signal_connect (f->corpus, "items-changed", G_CALLBACK (on_items_changed), &changes);

  /* A new article sorts first. */
  write_file (f->folder, "aardvark.txt", article, -1);
  g_assert_true (wait_for (has_six, f, 5000));
  g_assert_cmpuint (changes.added, ==, 1);
  g_assert_cmpuint (changes.position, ==, 0);
  g_assert_cmpstr (gloss_corpus_item_get_name (item_at (f, 0)), ==, "aardvark.txt");
  g_assert_cmpuint (gloss_corpus_item_get_n_annotators (item_at (f, 0)), ==, 0);

  /* Its first sidecar */
  text = g_bytes_new_static (article, strlen (article));
  document = gloss_document_new_from_bytes ("aardvark.txt", text, &error);
  g_assert_no_error (error);
  set = gloss_annotation_set_new (document, gloss_tagset_get_default (), "dana", NULL);
  gloss_annotation_set_add_entity (set, "person", 2, 5, &error);
  gloss_annotation_set_add_entity (set, "person", 16, 20, &error);
  g_assert_no_error (error);
  bytes = gloss_sidecar_to_bytes (set, &error);
  g_assert_no_error (error);
  write_file (f->folder, "aardvark.txt.dana.gloss.xml", g_bytes_get_data (bytes, NULL),
              g_bytes_get_size (bytes));
  g_assert_true (wait_for (first_has_counted_sidecar, f, 5000));
  g_assert_cmpuint (gloss_corpus_item_get_annotator (item_at (f, 0), 0)->n_paragraphs_annotated, ==, 2);

  /* Another annotator starts on an article */
  g_assert_true (g_file_copy (wire, carol, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  g_assert_true (wait_for (wire_has_carol, f, 5000));
  g_assert_true (wait_for (is_idle, f, 10000));
  {
    GlossCorpusItem *item = item_named (f, "valmora-strike-wire.txt");
    const GlossAnnotatorProgress *p = gloss_corpus_item_get_annotator (item, 1);

    /* The file says alice inside: reported, not hidden. */
    g_assert_cmpstr (p->annotator_id, ==, "carol");
    g_assert_nonnull (p->error);
    g_assert_nonnull (strstr (p->error, "valmora-strike-wire.txt.carol.gloss.xml"));
    g_assert_true (gloss_corpus_item_has_problems (item));
  }

  /* An article that goes away */
  changes.removed = 0;
  g_assert_true (g_file_delete (gone, NULL, &error));
  g_assert_true (wait_for (has_five, f, 5000));
  g_assert_cmpuint (changes.removed, ==, 1);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpstr (gloss_corpus_item_get_name (item_at (f, i)), !=, "marsa-zahra-desalination.txt");
}

static gboolean
gazette_bob_broken (Fixture *f)
{
  const GlossAnnotatorProgress *p = gloss_corpus_item_lookup_annotator (item_at (f, 3), "bob");

  return p != NULL && p->error != NULL;
}

static void
test_broken_sidecar (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GFile) bob = g_file_get_child (f->folder, "valmora-strike-gazette.txt.bob.gloss.xml");
  g_autoptr(GBytes) good = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRegex) regex = NULL;
  g_autofree char *expected = NULL;
  const GlossAnnotatorProgress *p;
  GlossCorpusItem *item;
  gsize size;
  const char *data_;

  /* Cut the file in the middle of an element. */
  good = g_file_load_bytes (bob, NULL, NULL, &error);
  g_assert_no_error (error);
  data_ = g_bytes_get_data (good, &size);
  write_file (f->folder, "valmora-strike-gazette.txt.bob.gloss.xml", data_, size / 2);

  load_corpus (f);
  g_assert_true (wait_for (is_idle, f, 10000));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->corpus)), ==, 5);
  item = item_at (f, 3);
  g_assert_true (gloss_corpus_item_get_loaded (item));
  g_assert_true (gloss_corpus_item_has_problems (item));
  p = gloss_corpus_item_lookup_annotator (item, "bob");
  g_assert_nonnull (p->error);
  g_assert_false (p->counted);
  g_test_message ("%s", p->error);
  expected = g_strdup_printf ("^%s:[0-9]+: ", g_file_peek_path (bob));
  regex = g_regex_new (expected, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_true (g_regex_match (regex, p->error, 0, NULL));
  /* alice's file beside it is fine */
  p = gloss_corpus_item_lookup_annotator (item, "alice");
  g_assert_null (p->error);
  g_assert_true (p->counted);
  g_assert_false (gloss_corpus_item_has_problems (item_at (f, 4)));

  /* Mended on disk: the item follows. */
  write_file (f->folder, "valmora-strike-gazette.txt.bob.gloss.xml", data_, size);
  {
    gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

    while (gazette_bob_broken (f) && g_get_monotonic_time () < deadline)
      {
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
  }
  p = gloss_corpus_item_lookup_annotator (item, "bob");
  g_assert_null (p->error);
  g_assert_true (p->counted);
  g_assert_cmpuint (p->n_entities, >, 0);
}

static void
test_broken_tagset (Fixture       *f,
                    gconstpointer  data)
{
  const GlossAnnotatorProgress *p;

  write_file (f->folder, GLOSS_TAGSET_FILENAME, "<tagset", -1);
  load_corpus (f);
  g_assert_true (wait_for (is_idle, f, 10000));
  g_assert_nonnull (gloss_corpus_get_error (f->corpus));
  g_assert_nonnull (strstr (gloss_corpus_get_error (f->corpus), GLOSS_TAGSET_FILENAME));
  g_assert_null (gloss_corpus_get_tagset (f->corpus));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->corpus)), ==, 5);
  /* Sidecars are still listed and their headers checked. */
  p = gloss_corpus_item_get_annotator (item_at (f, 0), 0);
  g_assert_true (p->loaded);
  g_assert_false (p->counted);
  g_assert_null (p->error);
}

static void
test_unreadable_folder (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GFile) missing = g_file_get_child (f->folder, "no-such-folder");
  g_autoptr(GlossCorpus) corpus = gloss_corpus_new (missing);
  GError *result = NULL;

  gloss_corpus_load_async (corpus, NULL, load_ready, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (result, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (result->message, "no-such-folder"));
  g_assert_nonnull (gloss_corpus_get_error (corpus));
  g_error_free (result);
}

static void
test_many (Fixture       *f,
           gconstpointer  data)
{
  const guint n = 3000;
  gint64 start, listed, counted;
  g_autofree char *name = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *article = g_strdup_printf ("article-%u.txt", i);

      write_file (f->folder, article, "Paragraph one.\n\nParagraph two.\n", -1);
    }

  start = g_get_monotonic_time ();
  load_corpus (f);
  listed = g_get_monotonic_time ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->corpus)), ==, n);
  g_assert_true (wait_for (is_idle, f, 60000));
  counted = g_get_monotonic_time ();
  g_test_message ("figure: corpus_list_%u = %.1f ms", n, (listed - start) / 1000.0);
  g_test_message ("figure: corpus_count_%u = %.1f ms", n, (counted - start) / 1000.0);

  /* Sorted as a file manager sorts: numbers by value. */
  g_assert_cmpstr (gloss_corpus_item_get_name (item_at (f, 0)), ==, "article-0.txt");
  g_assert_cmpstr (gloss_corpus_item_get_name (item_at (f, 2)), ==, "article-2.txt");
  g_assert_cmpstr (gloss_corpus_item_get_name (item_at (f, 10)), ==, "article-10.txt");
  name = g_strdup_printf ("article-%u.txt", n - 1);
  g_assert_cmpstr (gloss_corpus_item_get_name (item_at (f, n - 1)), ==, name);
  for (guint i = 0; i < n; i++)
    {
      GlossCorpusItem *item = item_at (f, i);

      g_assert_true (gloss_corpus_item_get_loaded (item));
      g_assert_cmpuint (gloss_corpus_item_get_n_paragraphs (item), ==, 2);
    }
}

static void
test_drop_while_counting (Fixture       *f,
                          gconstpointer  data)
{
  GlossCorpus *weak;

  for (guint i = 0; i < 500; i++)
    {
      g_autofree char *article = g_strdup_printf ("article-%u.txt", i);

      write_file (f->folder, article, "Paragraph.\n", -1);
    }
  load_corpus (f);
  g_assert_true (gloss_corpus_get_loading (f->corpus));

  /* Workers do not hold the corpus: it goes at once, and they stop. */
  weak = f->corpus;
  g_object_add_weak_pointer (G_OBJECT (weak), (gpointer *) &weak);
  g_clear_object (&f->corpus);
  g_assert_null (weak);
  for (guint i = 0; i < 50; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, sample, func) \
  g_test_add ("/corpus/" path, Fixture, (sample) ? "sample" : NULL, fixture_set_up, func, \
              fixture_tear_down)

  ADD ("sample", TRUE, test_sample);
  ADD ("progress-fraction", FALSE, test_progress_fraction);
  ADD ("find", TRUE, test_find);
  ADD ("monitor", TRUE, test_monitor);
  ADD ("broken-sidecar", TRUE, test_broken_sidecar);
  ADD ("broken-tagset", TRUE, test_broken_tagset);
  ADD ("unreadable-folder", FALSE, test_unreadable_folder);
  ADD ("many", FALSE, test_many);
  ADD ("drop-while-counting", FALSE, test_drop_while_counting);

#undef ADD

  return g_test_run ();
}
