/* test-import.c: the import readers, from bytes to annotations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "gloss-annotation-set.h"
#include "gloss-document.h"
#include "gloss-import.h"
#include "gloss-tagset.h"
#include "gloss-xml.h"

/* ---- helpers ----------------------------------------------------------- */

static gboolean
collect (GlossImportedDocument *document,
         gpointer               user_data,
         GError               **error)
{
  g_ptr_array_add (user_data, document);
  return TRUE;
}

static GPtrArray *
new_results (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_imported_document_free);
}

static void
init_options (GlossImportOptions *options)
{
  memset (options, 0, sizeof *options);
  options->tagset = gloss_tagset_get_default ();
  options->annotator_id = "carol";
}

static GBytes *
data_bytes (const char *name)
{
  g_autofree char *path = g_build_filename (GLOSS_TEST_DATADIR, name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents;
  gsize len;

  g_file_get_contents (path, &contents, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, len);
}

static GBytes *
str_bytes (const char *text)
{
  return g_bytes_new (text, strlen (text));
}

/* The text an annotation covers. */
static char *
covered (GlossImportedDocument *doc,
         GlossAnnotation       *a)
{
  return gloss_document_dup_slice (doc->document, gloss_annotation_get_start (a),
                                   gloss_annotation_get_end (a));
}

static GlossAnnotation *
nth (GListModel *list,
     guint       n)
{
  GlossAnnotation *a = g_list_model_get_item (list, n);

  /* The set keeps a reference; the borrowed pointer stays valid. */
  g_object_unref (a);
  return a;
}

/* The entity (or claim) of @doc covering exactly @text. */
static GlossAnnotation *
find_by_text (GlossImportedDocument *doc,
              GListModel            *list,
              const char            *text)
{
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      GlossAnnotation *a = nth (list, i);
      g_autofree char *t = covered (doc, a);

      if (g_str_equal (t, text))
        return a;
    }
  return NULL;
}

static char *
slice_of (GlossImportedDocument *doc,
          guint                  start,
          guint                  end)
{
  return gloss_document_dup_slice (doc->document, start, end);
}

/* Imports the brat pair news.txt + @ann and returns the error, if any. */
static GError *
brat_error (const char               *ann,
            const GlossImportOptions *options,
            GPtrArray                *results)
{
  g_autoptr(GBytes) text = data_bytes ("import-brat/news.txt");
  g_autoptr(GBytes) ann_bytes = str_bytes (ann);
  GError *error = NULL;

  if (gloss_import_brat (text, "in/news.txt", ann_bytes, "in/news.ann", options, collect,
                         results, &error))
    g_assert_no_error (error);
  return error;
}

static void
assert_error (GError     *error,
              int         code,
              const char *prefix,
              const char *fragment)
{
  g_assert_nonnull (error);
  if (!g_str_has_prefix (error->message, prefix) || strstr (error->message, fragment) == NULL)
    g_error ("expected “%s…%s”, got “%s”", prefix, fragment, error->message);
  g_assert_error (error, GLOSS_IMPORT_ERROR, code);
}

/* ---- brat -------------------------------------------------------------- */

static void
test_brat_happy (void)
{
  g_autoptr(GBytes) text = data_bytes ("import-brat/news.txt");
  g_autoptr(GBytes) ann = data_bytes ("import-brat/news.ann");
  g_autoptr(GPtrArray) results = new_results ();
  g_autoptr(GError) error = NULL;
  GlossImportOptions options;
  GlossImportedDocument *doc;
  GListModel *entities, *claims, *relations;
  GlossAnnotation *zoe, *cairo, *pm, *c1, *c2, *c3, *r;
  g_autofree char *flag = NULL;
  guint s, e;

  init_options (&options);
  g_assert_true (gloss_import_brat (text, "in/news.txt", ann, "in/news.ann", &options, collect,
                                    results, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 1);
  doc = g_ptr_array_index (results, 0);
  g_assert_cmpstr (doc->name, ==, "news.txt");
  g_assert_cmpuint (doc->warnings->len, ==, 0);
  g_assert_nonnull (doc->annotations);
  g_assert_cmpstr (gloss_annotation_set_get_annotator_id (doc->annotations), ==, "carol");
  g_assert_false (gloss_annotation_set_can_undo (doc->annotations));
  /* The article's bytes, CRLF included, are kept. */
  {
    gsize n;
    const char *t = gloss_document_get_text (doc->document, &n);

    g_assert_cmpmem (t, n, g_bytes_get_data (text, NULL), g_bytes_get_size (text));
  }
  g_assert_cmpuint (gloss_document_get_length (doc->document), ==, 119);

  entities = gloss_annotation_set_get_entities (doc->annotations);
  claims = gloss_annotation_set_get_claims (doc->annotations);
  relations = gloss_annotation_set_get_relations (doc->annotations);
  /* Cue and Claim spans are not entities. */
  g_assert_cmpuint (g_list_model_get_n_items (entities), ==, 5);
  g_assert_cmpuint (g_list_model_get_n_items (claims), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (relations), ==, 2);

  /* "Person" and "GPE" are the tagset's person and gpe; the combining
   * mark counts one code point. */
  zoe = find_by_text (doc, entities, "Zoe\xCC\x88 Ndiaye");
  g_assert_nonnull (zoe);
  g_assert_cmpstr (gloss_annotation_get_type_id (zoe), ==, "person");
  g_assert_cmpuint (gloss_annotation_get_start (zoe), ==, 0);
  g_assert_cmpuint (gloss_annotation_get_end (zoe), ==, 11);
  g_assert_cmpstr (gloss_annotation_get_attribute (zoe, "mention"), ==, "name");
  g_assert_cmpstr (gloss_annotation_get_note (zoe), ==, "The envoy's spokesperson.");

  flag = covered (doc, nth (entities, 1));
  g_assert_cmpstr (flag, ==, "\xF0\x9F\x87\xBA\xF0\x9F\x87\xB3");
  g_assert_cmpstr (gloss_annotation_get_type_id (nth (entities, 1)), ==, "organisation");

  cairo = find_by_text (doc, entities, "Cairo");
  g_assert_nonnull (cairo);
  g_assert_cmpstr (gloss_annotation_get_type_id (cairo), ==, "gpe");
  g_assert_cmpstr (gloss_annotation_get_link (cairo), ==, "wikidata:Q85");

  /* Right-to-left text after a CRLF. */
  pm = find_by_text (doc, entities, "رئيس الوزراء");
  g_assert_nonnull (pm);
  g_assert_cmpuint (gloss_annotation_get_start (pm), ==, 49);

  c1 = find_by_text (doc, claims, "the \xF0\x9F\x87\xBA\xF0\x9F\x87\xB3 envoy arrived in Cairo");
  g_assert_nonnull (c1);
  g_assert_cmpint (gloss_annotation_get_source_kind (c1), ==, GLOSS_SOURCE_ENTITY);
  g_assert_cmpstr (gloss_annotation_get_source_entity (c1), ==, gloss_annotation_get_id (zoe));
  g_assert_true (gloss_annotation_get_cue (c1, &s, &e));
  {
    g_autofree char *cue = slice_of (doc, s, e);
    g_assert_cmpstr (cue, ==, "said");
  }
  g_assert_cmpstr (gloss_annotation_get_attribute (c1, "stance"), ==, "asserts");
  g_assert_cmpstr (gloss_annotation_get_attribute (c1, "certainty"), ==, "probable");

  c2 = find_by_text (doc, claims, "المحادثات ستنتهي");
  g_assert_nonnull (c2);
  g_assert_cmpstr (gloss_annotation_get_source_entity (c2), ==, gloss_annotation_get_id (pm));
  g_assert_true (gloss_annotation_get_cue (c2, &s, &e));
  {
    g_autofree char *cue = slice_of (doc, s, e);
    g_assert_cmpstr (cue, ==, "قال");
  }

  c3 = find_by_text (doc, claims, "it \xF0\x9F\x91\xA9\xE2\x80\x8D\xE2\x9A\x95\xEF\xB8\x8F");
  g_assert_nonnull (c3);
  g_assert_cmpint (gloss_annotation_get_source_kind (c3), ==, GLOSS_SOURCE_ARTICLE);
  g_assert_cmpstr (gloss_annotation_get_attribute (c3, "stance"), ==, "denies");

  r = nth (relations, 0);
  g_assert_cmpstr (gloss_annotation_get_type_id (r), ==, "located-in");
  g_assert_cmpstr (gloss_annotation_get_from (r), ==, gloss_annotation_get_id (zoe));
  g_assert_cmpstr (gloss_annotation_get_to (r), ==, gloss_annotation_get_id (cairo));
  r = nth (relations, 1);
  g_assert_cmpstr (gloss_annotation_get_type_id (r), ==, "about");
  g_assert_cmpstr (gloss_annotation_get_from (r), ==, gloss_annotation_get_id (c1));

  /* What was read is a valid set. */
  {
    g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

    g_assert_true (gloss_annotation_set_validate (doc->annotations, problems));
  }
}

static void
test_brat_errors (void)
{
  static const struct
  {
    const char *ann;
    int         code;
    const char *prefix;
    const char *fragment;
  } cases[] = {
    /* offsets past the end (119 code points) */
    { "T1\tperson 0 11\tZoe\xCC\x88 Ndiaye\nT2\tperson 110 130\tx\n",
      GLOSS_IMPORT_ERROR_OFFSETS, "in/news.ann:2: ", "119 characters" },
    /* quoted text differs: counting bytes instead of code points */
    { "\nT1\tgpe 44 49\tCairo\n", GLOSS_IMPORT_ERROR_MISMATCH, "in/news.ann:2: ", "“Cairo”" },
    { "T1\tperson 0 11\tZoe Ndiaye\n", GLOSS_IMPORT_ERROR_MISMATCH, "in/news.ann:1: ", "T1" },
    /* unknown type, with what to do */
    { "T1\tperson 0 11\tZoe\xCC\x88 Ndiaye\r\nT2\tSpaceship 41 46\tCairo\r\n",
      GLOSS_IMPORT_ERROR_UNKNOWN_TYPE, "in/news.ann:2: ", "--skip-unknown" },
    { "T1\tperson 0 11\n", GLOSS_IMPORT_ERROR_UNKNOWN_TYPE, "", "" },
    { "T1\tperson zero 11\tx\n", GLOSS_IMPORT_ERROR_MALFORMED, "in/news.ann:1: ", "offsets" },
    { "T1\tperson\n", GLOSS_IMPORT_ERROR_MALFORMED, "in/news.ann:1: ", "TYPE START END" },
    { "T1\tgpe 41 46\tCairo\nT1\tgpe 41 46\tCairo\n", GLOSS_IMPORT_ERROR_MALFORMED,
      "in/news.ann:2: ", "twice" },
    { "X1\tfoo\n", GLOSS_IMPORT_ERROR_MALFORMED, "in/news.ann:1: ", "not a brat annotation id" },
    { "T1\tgpe 41 46\tCairo\nR1\tlocated-in Arg1:T1 Arg2:T9\n", GLOSS_IMPORT_ERROR_MALFORMED,
      "in/news.ann:2: ", "T9" },
    { "T1\tgpe 41 46\tCairo\nA1\tcolour T1 blue\n", GLOSS_IMPORT_ERROR_UNKNOWN_TYPE,
      "in/news.ann:2: ", "colour" },
    { "T1\tgpe 41 46\tCairo\nA1\tmention T1 shouted\n", GLOSS_IMPORT_ERROR_UNKNOWN_TYPE,
      "in/news.ann:2: ", "allowed" },
    { "T1\tgpe 41 46\tCairo\nE1\tClaim:T1 Speaker:T1\n", GLOSS_IMPORT_ERROR_MALFORMED,
      "in/news.ann:2: ", "Speaker" },
    { "T1\tevent 41 46\tCairo\nE1\tEvent:T1\n", GLOSS_IMPORT_ERROR_UNKNOWN_TYPE,
      "in/news.ann:2: ", "not a claim" },
    /* a relation the tagset does not allow between these types */
    { "T1\tdate 41 46\tCairo\nT2\tperson 0 11\tZoe\xCC\x88 Ndiaye\n"
      "R1\tmember-of Arg1:T1 Arg2:T2\n", GLOSS_IMPORT_ERROR_MALFORMED, "in/news.ann:3: ", "R1" },
    { "T1\tgpe 41 46\tCairo\nR1\tfriends-with Arg1:T1 Arg2:T1\n",
      GLOSS_IMPORT_ERROR_UNKNOWN_TYPE, "in/news.ann:2: ", "friends-with" },
    { "T1\tgpe 41 46\tCai\xffro\n", GLOSS_IMPORT_ERROR_ENCODING, "in/news.ann:1: ", "UTF-8" },
    /* Found by fuzzing: no offsets, no id, a claim that is its own cue. */
    { "T1\tperson \n", GLOSS_IMPORT_ERROR_MALFORMED, "in/news.ann:1: ", "TYPE START END" },
    { "T1\tgpe 41 46\tCairo\n\tClaim:T1\n", GLOSS_IMPORT_ERROR_MALFORMED, "in/news.ann:2: ",
      "annotation id" },
    { "T3\tClaim 17 46\tthe \xF0\x9F\x87\xBA\xF0\x9F\x87\xB3 envoy arrived in Cairo\n"
      "E1\tClaim:T3 Cue:T3\n", GLOSS_IMPORT_ERROR_MALFORMED, "in/news.ann:2: ", "content of a claim" },
    { "T1\tgpe 41 46\tCairo\nR1\t\n", GLOSS_IMPORT_ERROR_MALFORMED, "in/news.ann:2: ", "Arg1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) results = new_results ();
      g_autoptr(GError) error = NULL;
      GlossImportOptions options;

      init_options (&options);
      error = brat_error (cases[i].ann, &options, results);
      if (cases[i].code == GLOSS_IMPORT_ERROR_UNKNOWN_TYPE && cases[i].prefix[0] == '\0')
        {
          /* No text field: nothing to check, and fine. */
          g_assert_no_error (error);
          continue;
        }
      assert_error (error, cases[i].code, cases[i].prefix, cases[i].fragment);
      g_assert_cmpuint (results->len, ==, 0);
    }
}

static void
test_brat_no_annotator (void)
{
  g_autoptr(GPtrArray) results = new_results ();
  g_autoptr(GError) error = NULL;
  GlossImportOptions options;

  init_options (&options);
  options.annotator_id = NULL;
  error = brat_error ("T1\tgpe 41 46\tCairo\n", &options, results);
  assert_error (error, GLOSS_IMPORT_ERROR_MALFORMED, "in/news.ann", "--annotator");
}

static void
test_brat_fragments (void)
{
  /* Fragments across the CRLF are one span again, silently. */
  const char *across = "T1\tevent 41 47;49 52\tCairo. رئي\n";
  GlossImportOptions options;

  {
    g_autoptr(GPtrArray) results = new_results ();
    g_autoptr(GError) error = NULL;
    GlossImportedDocument *doc;
    GlossAnnotation *a;

    init_options (&options);
    error = brat_error (across, &options, results);
    g_assert_no_error (error);
    doc = g_ptr_array_index (results, 0);
    g_assert_cmpuint (doc->warnings->len, ==, 0);
    a = nth (gloss_annotation_set_get_entities (doc->annotations), 0);
    g_assert_cmpuint (gloss_annotation_get_start (a), ==, 41);
    g_assert_cmpuint (gloss_annotation_get_end (a), ==, 52);
  }
  {
    /* The quoted text must match each fragment. */
    g_autoptr(GPtrArray) results = new_results ();
    g_autoptr(GError) error = NULL;

    error = brat_error ("T1\tperson 0 3;5 11\tZoX Ndiaye\n", &options, results);
    assert_error (error, GLOSS_IMPORT_ERROR_MISMATCH, "in/news.ann:1: ", "T1");
  }
  {
    /* A real gap: refused by default, naming the way out. */
    g_autoptr(GPtrArray) results = new_results ();
    g_autoptr(GError) error = NULL;

    error = brat_error ("T1\tperson 0 4;5 11\tZoe\xCC\x88 Ndiaye\n", &options, results);
    assert_error (error, GLOSS_IMPORT_ERROR_UNSUPPORTED, "in/news.ann:1: ", "--discontinuous=cover");
  }
  {
    g_autoptr(GPtrArray) results = new_results ();
    g_autoptr(GError) error = NULL;
    GlossImportedDocument *doc;
    GlossAnnotation *a;

    options.cover_discontinuous = TRUE;
    error = brat_error ("T1\tperson 0 3;5 11\tZoe Ndiaye\n", &options, results);
    g_assert_no_error (error);
    doc = g_ptr_array_index (results, 0);
    g_assert_cmpuint (doc->warnings->len, ==, 1);
    g_assert_true (g_str_has_prefix (g_ptr_array_index (doc->warnings, 0), "in/news.ann:1: "));
    a = nth (gloss_annotation_set_get_entities (doc->annotations), 0);
    g_assert_cmpuint (gloss_annotation_get_start (a), ==, 0);
    g_assert_cmpuint (gloss_annotation_get_end (a), ==, 11);
  }
}

static void
test_brat_map_and_skip (void)
{
  const char *ann = "T1\tSpaceship 41 46\tCairo\nT2\tPER 0 11\tZoe\xCC\x88 Ndiaye\n"
                    "R1\tlocated-in Arg1:T2 Arg2:T1\n";
  GlossImportOptions options;
  g_autoptr(GHashTable) map = gloss_import_type_map_new ();

  init_options (&options);
  {
    g_autoptr(GPtrArray) results = new_results ();
    g_autoptr(GError) error = NULL;
    GlossImportedDocument *doc;

    options.skip_unknown_types = TRUE;
    error = brat_error (ann, &options, results);
    g_assert_no_error (error);
    doc = g_ptr_array_index (results, 0);
    /* The unknown type and the relation that needed it, each a warning. */
    g_assert_cmpuint (doc->warnings->len, ==, 2);
    g_assert_true (g_str_has_prefix (g_ptr_array_index (doc->warnings, 0), "in/news.ann:1: "));
    g_assert_true (g_str_has_prefix (g_ptr_array_index (doc->warnings, 1), "in/news.ann:3: "));
    g_assert_cmpuint (g_list_model_get_n_items (gloss_annotation_set_get_entities (doc->annotations)), ==, 1);
    /* PER is the usual name of person. */
    g_assert_cmpstr (gloss_annotation_get_type_id (nth (gloss_annotation_set_get_entities (doc->annotations), 0)),
                     ==, "person");
  }
  {
    g_autoptr(GPtrArray) results = new_results ();
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) map_file = str_bytes ("# spaceships are places here\nSpaceship = location\n");
    GlossImportedDocument *doc;

    options.skip_unknown_types = FALSE;
    g_assert_true (gloss_import_parse_type_map (map, map_file, "map.txt", &error));
    options.type_map = map;
    error = brat_error (ann, &options, results);
    g_assert_no_error (error);
    doc = g_ptr_array_index (results, 0);
    g_assert_cmpuint (doc->warnings->len, ==, 0);
    g_assert_cmpstr (gloss_annotation_get_type_id (nth (gloss_annotation_set_get_entities (doc->annotations), 1)),
                     ==, "location");
    g_assert_cmpuint (g_list_model_get_n_items (gloss_annotation_set_get_relations (doc->annotations)), ==, 1);
  }
  {
    g_autoptr(GPtrArray) results = new_results ();
    g_autoptr(GError) error = NULL;

    g_hash_table_replace (map, g_strdup ("Spaceship"), g_strdup ("starship"));
    error = brat_error (ann, &options, results);
    assert_error (error, GLOSS_IMPORT_ERROR_UNKNOWN_TYPE, "in/news.ann:1: ", "starship");
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bad = str_bytes ("a = b\nno separator here\n");

    g_assert_false (gloss_import_parse_type_map (map, bad, "map.txt", &error));
    assert_error (error, GLOSS_IMPORT_ERROR_MALFORMED, "map.txt:2: ", "FOREIGN");
  }
}

/* ---- JSONL ------------------------------------------------------------- */

static void
test_jsonl_happy (void)
{
  g_autoptr(GBytes) bytes = data_bytes ("import-sample.jsonl");
  g_autoptr(GPtrArray) results = new_results ();
  g_autoptr(GError) error = NULL;
  GlossImportOptions options;
  GlossImportedDocument *doc;
  GListModel *entities, *claims, *relations;
  GlossAnnotation *zoe, *cairo, *c;
  guint s, e;

  init_options (&options);
  options.annotator_id = NULL; /* meta.annotator, else fails */
  g_assert_false (gloss_import_jsonl (bytes, "in/sample.jsonl", &options, collect, results, &error));
  assert_error (error, GLOSS_IMPORT_ERROR_MALFORMED, "in/sample.jsonl:2: ", "--annotator");
  g_clear_error (&error);
  g_ptr_array_set_size (results, 0);

  init_options (&options);
  g_assert_true (gloss_import_jsonl (bytes, "in/sample.jsonl", &options, collect, results, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 4);

  /* Gloss's own shape: spans with details, claims, relations. */
  doc = g_ptr_array_index (results, 0);
  g_assert_cmpstr (doc->name, ==, "news.txt");
  g_assert_cmpuint (gloss_document_get_length (doc->document), ==, 119);
  entities = gloss_annotation_set_get_entities (doc->annotations);
  claims = gloss_annotation_set_get_claims (doc->annotations);
  relations = gloss_annotation_set_get_relations (doc->annotations);
  g_assert_cmpuint (g_list_model_get_n_items (entities), ==, 5);
  g_assert_cmpuint (g_list_model_get_n_items (claims), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (relations), ==, 2);
  zoe = find_by_text (doc, entities, "Zoe\xCC\x88 Ndiaye");
  g_assert_nonnull (zoe);
  g_assert_cmpstr (gloss_annotation_get_attribute (zoe, "mention"), ==, "name");
  g_assert_cmpstr (gloss_annotation_get_note (zoe), ==, "The envoy's spokesperson.");
  cairo = find_by_text (doc, entities, "Cairo");
  g_assert_cmpstr (gloss_annotation_get_link (cairo), ==, "wikidata:Q85");

  c = find_by_text (doc, claims, "the \xF0\x9F\x87\xBA\xF0\x9F\x87\xB3 envoy arrived in Cairo");
  g_assert_nonnull (c);
  g_assert_cmpstr (gloss_annotation_get_source_entity (c), ==, gloss_annotation_get_id (zoe));
  g_assert_true (gloss_annotation_get_cue (c, &s, &e));
  {
    g_autofree char *cue = slice_of (doc, s, e);
    g_assert_cmpstr (cue, ==, "said");
  }
  g_assert_cmpstr (gloss_annotation_get_attribute (c, "certainty"), ==, "probable");

  c = find_by_text (doc, claims, "المحادثات ستنتهي");
  g_assert_cmpint (gloss_annotation_get_source_kind (c), ==, GLOSS_SOURCE_SPAN);
  g_assert_true (gloss_annotation_get_source_span (c, &s, &e));
  {
    g_autofree char *source = slice_of (doc, s, e);
    g_assert_cmpstr (source, ==, "Amélie");
  }
  c = find_by_text (doc, claims, "it \xF0\x9F\x91\xA9\xE2\x80\x8D\xE2\x9A\x95\xEF\xB8\x8F");
  g_assert_cmpint (gloss_annotation_get_source_kind (c), ==, GLOSS_SOURCE_ARTICLE);
  g_assert_cmpstr (gloss_annotation_get_note (nth (relations, 0)), ==, "seen there");

  /* spaCy: PER, LOC, DATE through the usual names. */
  doc = g_ptr_array_index (results, 1);
  g_assert_cmpstr (doc->name, ==, "sample-2.txt");
  entities = gloss_annotation_set_get_entities (doc->annotations);
  g_assert_cmpuint (g_list_model_get_n_items (entities), ==, 3);
  g_assert_cmpstr (gloss_annotation_get_type_id (nth (entities, 0)), ==, "person");
  g_assert_cmpstr (gloss_annotation_get_type_id (nth (entities, 1)), ==, "location");
  g_assert_cmpstr (gloss_annotation_get_type_id (nth (entities, 2)), ==, "date");

  /* doccano: "label", an integer id. */
  doc = g_ptr_array_index (results, 2);
  g_assert_cmpstr (doc->name, ==, "sample-7.txt");
  entities = gloss_annotation_set_get_entities (doc->annotations);
  g_assert_cmpuint (g_list_model_get_n_items (entities), ==, 2);
  g_assert_cmpstr (gloss_annotation_get_type_id (nth (entities, 1)), ==, "quantity");

  /* Prodigy: spans after an emoji (one code point). */
  doc = g_ptr_array_index (results, 3);
  entities = gloss_annotation_set_get_entities (doc->annotations);
  {
    g_autofree char *lagos = covered (doc, nth (entities, 0));
    g_assert_cmpstr (lagos, ==, "Lagos");
  }
}

static void
test_jsonl_errors (void)
{
  static const struct
  {
    const char *jsonl;
    int         code;
    const char *prefix;
    const char *fragment;
  } cases[] = {
    { "{\"text\": \"abc\"}\n{\"text\": \"abc\", \n", GLOSS_IMPORT_ERROR_MALFORMED,
      "x.jsonl:2: ", "not valid JSON" },
    { "\n\n[1, 2]\n", GLOSS_IMPORT_ERROR_MALFORMED, "x.jsonl:3: ", "one JSON object" },
    { "{\"txt\": \"abc\"}\n", GLOSS_IMPORT_ERROR_MALFORMED, "x.jsonl:1: ", "text" },
    { "{\"text\": \"abc\", \"entities\": [[0, 4, \"PER\"]]}\n", GLOSS_IMPORT_ERROR_OFFSETS,
      "x.jsonl:1: ", "entities[0]" },
    { "{\"text\": \"abc\", \"entities\": [[2, 1, \"PER\"]]}\n", GLOSS_IMPORT_ERROR_OFFSETS,
      "x.jsonl:1: ", "2–1" },
    { "{\"text\": \"abc\", \"entities\": [[0, 1.5, \"PER\"]]}\n", GLOSS_IMPORT_ERROR_MALFORMED,
      "x.jsonl:1: ", "whole number" },
    { "{\"text\": \"abc\", \"entities\": [[0, 1, \"WIDGET\"]]}\n", GLOSS_IMPORT_ERROR_UNKNOWN_TYPE,
      "x.jsonl:1: ", "WIDGET" },
    { "{\"text\": \"\xF0\x9F\x98\x80 ab\", \"spans\": [{\"start\": 2, \"end\": 4, \"label\": \"person\", "
      "\"text\": \" a\"}]}\n", GLOSS_IMPORT_ERROR_MISMATCH, "x.jsonl:1: ", "“ a”" },
    { "{\"text\": \"ab\", \"claims\": [{\"start\": 0, \"end\": 1, \"source\": {\"entity\": \"e9\"}}]}\n",
      GLOSS_IMPORT_ERROR_MALFORMED, "x.jsonl:1: ", "e9" },
    { "{\"text\": \"ab\", \"claims\": [{\"start\": 0, \"end\": 1, \"attributes\": {\"stance\": \"shouts\"}}]}\n",
      GLOSS_IMPORT_ERROR_UNKNOWN_TYPE, "x.jsonl:1: ", "stance" },
    { "{\"text\": \"a\\u0000b\"}\n", GLOSS_IMPORT_ERROR_ENCODING, "x.jsonl:1: ", "NUL" },
    { "{\"text\": \"ab\", \"x\": [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}\n",
      GLOSS_IMPORT_ERROR_MALFORMED, "x.jsonl:1: ", "nested" },
    { "{\"text\": \"ab\", \"relations\": [{\"type\": \"same-as\", \"from\": \"a\", \"to\": \"b\"}]}\n",
      GLOSS_IMPORT_ERROR_MALFORMED, "x.jsonl:1: ", "“a”" },
    { "{\"text\": \"ab\"}\n{\"text\": \"c\xff\"}\n", GLOSS_IMPORT_ERROR_ENCODING, "x.jsonl:2: ", "UTF-8" },
    { "\n  \n", GLOSS_IMPORT_ERROR_MALFORMED, "x.jsonl: ", "no documents" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) results = new_results ();
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = str_bytes (cases[i].jsonl);
      GlossImportOptions options;

      init_options (&options);
      g_assert_false (gloss_import_jsonl (bytes, "x.jsonl", &options, collect, results, &error));
      assert_error (error, cases[i].code, cases[i].prefix, cases[i].fragment);
    }
}

/* ---- CoNLL ------------------------------------------------------------- */

static void
test_conll_iob2 (void)
{
  g_autoptr(GBytes) bytes = data_bytes ("import-iob2.conll");
  g_autoptr(GPtrArray) results = new_results ();
  g_autoptr(GError) error = NULL;
  GlossImportOptions options;
  GlossImportedDocument *doc;
  GListModel *entities;

  init_options (&options);
  g_assert_true (gloss_import_conll (bytes, "in/news.conll", &options, collect, results, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 2);

  /* Tokens joined by spaces, sentences by line breaks. */
  doc = g_ptr_array_index (results, 0);
  g_assert_cmpstr (doc->name, ==, "news-1.txt");
  g_assert_cmpstr (gloss_document_get_text (doc->document, NULL), ==,
                   "Zoe\xCC\x88 Ndiaye visited São Paulo .\nThe \xF0\x9F\x87\xBA\xF0\x9F\x87\xB3 agreed .\n");
  entities = gloss_annotation_set_get_entities (doc->annotations);
  g_assert_cmpuint (g_list_model_get_n_items (entities), ==, 3);
  {
    g_autofree char *a = covered (doc, nth (entities, 0));
    g_autofree char *b = covered (doc, nth (entities, 1));
    g_autofree char *c = covered (doc, nth (entities, 2));

    g_assert_cmpstr (a, ==, "Zoe\xCC\x88 Ndiaye");
    g_assert_cmpstr (b, ==, "São Paulo");
    g_assert_cmpstr (c, ==, "\xF0\x9F\x87\xBA\xF0\x9F\x87\xB3");
  }
  g_assert_cmpstr (gloss_annotation_get_type_id (nth (entities, 1)), ==, "location");
  g_assert_cmpuint (gloss_annotation_get_start (nth (entities, 2)), ==, 36);

  doc = g_ptr_array_index (results, 1);
  g_assert_cmpstr (doc->name, ==, "news-2.txt");
  g_assert_cmpstr (gloss_document_get_text (doc->document, NULL), ==, "Acme Corp hired 200 workers\n");
  entities = gloss_annotation_set_get_entities (doc->annotations);
  g_assert_cmpuint (g_list_model_get_n_items (entities), ==, 2);
  g_assert_cmpstr (gloss_annotation_get_type_id (nth (entities, 0)), ==, "organisation");
  g_assert_cmpstr (gloss_annotation_get_type_id (nth (entities, 1)), ==, "quantity");
}

static void
test_conll_bioes (void)
{
  g_autoptr(GBytes) bytes = data_bytes ("import-bioes.conll");
  g_autoptr(GPtrArray) results = new_results ();
  g_autoptr(GError) error = NULL;
  GlossImportOptions options;
  GlossImportedDocument *doc;
  GListModel *entities;

  init_options (&options);
  g_assert_true (gloss_import_conll (bytes, "bioes.conll", &options, collect, results, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (results->len, ==, 1);
  doc = g_ptr_array_index (results, 0);
  g_assert_cmpstr (doc->name, ==, "bioes.txt");
  entities = gloss_annotation_set_get_entities (doc->annotations);
  g_assert_cmpuint (g_list_model_get_n_items (entities), ==, 3);
  {
    g_autofree char *a = covered (doc, nth (entities, 0));
    g_autofree char *b = covered (doc, nth (entities, 1));
    g_autofree char *c = covered (doc, nth (entities, 2));

    g_assert_cmpstr (a, ==, "Angela");
    g_assert_cmpstr (b, ==, "the World Bank");
    g_assert_cmpstr (c, ==, "Berlin");
  }
}

static void
test_conll_errors (void)
{
  static const struct
  {
    const char *conll;
    const char *prefix;
    const char *fragment;
  } cases[] = {
    { "A O\nB I-PER\n", "t.conll:2: ", "B-PER" },
    { "-DOCSTART- O\n\nA B-ORG\nB I-PER\n", "t.conll:4: ", "follows a ORG" },
    { "A O\n\nB E-PER\n", "t.conll:3: ", "B-PER" },
    { "A O\nB X-PER\n", "t.conll:2: ", "not a tag" },
    { "A O\nlonely\n", "t.conll:2: ", "token and its tag" },
    { "A O\nB B-WIDGET\n", "t.conll:2: ", "WIDGET" },
  };
  GlossImportOptions options;

  init_options (&options);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) results = new_results ();
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = str_bytes (cases[i].conll);

      g_assert_false (gloss_import_conll (bytes, "t.conll", &options, collect, results, &error));
      g_assert_nonnull (error);
      if (!g_str_has_prefix (error->message, cases[i].prefix)
          || strstr (error->message, cases[i].fragment) == NULL)
        g_error ("case %u: got “%s”", i, error->message);
    }

  /* The conlleval convention: I- without B- starts an entity. */
  {
    g_autoptr(GPtrArray) results = new_results ();
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = str_bytes ("A O\nB I-PER\nC I-PER\nD I-ORG\n");
    GlossImportedDocument *doc;
    GListModel *entities;

    options.conll_lenient = TRUE;
    g_assert_true (gloss_import_conll (bytes, "t.conll", &options, collect, results, &error));
    g_assert_no_error (error);
    doc = g_ptr_array_index (results, 0);
    entities = gloss_annotation_set_get_entities (doc->annotations);
    g_assert_cmpuint (g_list_model_get_n_items (entities), ==, 2);
    {
      g_autofree char *a = covered (doc, nth (entities, 0));
      g_assert_cmpstr (a, ==, "B C");
    }
  }

  /* The tag in a chosen column (conlleval: token, gold, predicted). */
  {
    g_autoptr(GPtrArray) results = new_results ();
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = str_bytes ("Ann B-PER O\nsmiled O O\n");
    GlossImportedDocument *doc;

    options.conll_lenient = FALSE;
    options.conll_column = 2;
    g_assert_true (gloss_import_conll (bytes, "t.conll", &options, collect, results, &error));
    doc = g_ptr_array_index (results, 0);
    g_assert_cmpuint (gloss_annotation_set_get_size (doc->annotations), ==, 1);
    options.conll_column = 4;
    g_ptr_array_set_size (results, 0);
    g_assert_false (gloss_import_conll (bytes, "t.conll", &options, collect, results, &error));
    g_assert_true (g_str_has_prefix (error->message, "t.conll:1: "));
  }
}

/* ---- text -------------------------------------------------------------- */

static void
test_text (void)
{
  GlossImportOptions options;

  init_options (&options);
  options.annotator_id = NULL;
  {
    g_autoptr(GPtrArray) results = new_results ();
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = str_bytes ("\xEF\xBB\xBFOne\r\nTwo \xF0\x9F\x98\x80\n");
    GlossImportedDocument *doc;

    g_assert_true (gloss_import_text (bytes, "dir/notes.md", &options, collect, results, &error));
    doc = g_ptr_array_index (results, 0);
    g_assert_cmpstr (doc->name, ==, "notes.md.txt");
    g_assert_null (doc->annotations);
    g_assert_true (gloss_document_has_bom (doc->document));
    g_assert_cmpuint (gloss_document_get_length (doc->document), ==, 11);
  }
  {
    g_autoptr(GPtrArray) results = new_results ();
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = str_bytes ("fine\nstill fine\nbad \xe9 byte\n");

    g_assert_false (gloss_import_text (bytes, "dir/a.txt", &options, collect, results, &error));
    assert_error (error, GLOSS_IMPORT_ERROR_ENCODING, "dir/a.txt:3: ", "--encoding");
  }
  {
    g_autoptr(GPtrArray) results = new_results ();
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = data_bytes ("import-latin1.txt");
    GlossImportedDocument *doc;

    options.encoding = "windows-1252";
    options.annotator_id = "carol";
    g_assert_true (gloss_import_text (bytes, "import-latin1.txt", &options, collect, results, &error));
    g_assert_no_error (error);
    doc = g_ptr_array_index (results, 0);
    g_assert_cmpstr (gloss_document_get_text (doc->document, NULL), ==,
                     "Café “Le Nord” reçoit\n");
    /* Its hash is that of the UTF-8 that will be written. */
    {
      g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                                            "Café “Le Nord” reçoit\n", -1);

      g_assert_cmpstr (gloss_document_get_sha256 (doc->document), ==, sha);
    }
    g_assert_nonnull (doc->annotations);
    g_assert_cmpuint (gloss_annotation_set_get_size (doc->annotations), ==, 0);
  }
}

/* ---- HTML -------------------------------------------------------------- */

static void
test_html_page (void)
{
  g_autoptr(GBytes) bytes = data_bytes ("import-page.html");
  g_autoptr(GPtrArray) results = new_results ();
  g_autoptr(GError) error = NULL;
  GlossImportOptions options;
  GlossImportedDocument *doc;

  init_options (&options);
  options.annotator_id = NULL;
  g_assert_true (gloss_import_html (bytes, "web/import-page.html", &options, collect, results,
                                    &error));
  g_assert_no_error (error);
  doc = g_ptr_array_index (results, 0);
  g_assert_cmpstr (doc->name, ==, "import-page.txt");
  g_assert_null (doc->annotations);
  g_assert_cmpstr (gloss_document_get_text (doc->document, NULL), ==,
                   "Harbour strike ends after nine days\n"
                   "\n"
                   "Dockworkers & port officials signed a deal on Wednesday, café owners said.\n"
                   "\n"
                   "The union leader called it a fair result.\n"
                   "Others disagreed.\n"
                   "\n"
                   "\xF0\x9F\x87\xBA\xF0\x9F\x87\xB3 observers were present.\n"
                   "\n"
                   "First point\n"
                   "\n"
                   "Second <point>\n"
                   "\n"
                   "Share\n"
                   "\n"
                   "Background\n"
                   "\n"
                   "The strike began on 3 March.\n");
  g_assert_cmpstr (doc->origin, ==,
                   "file: import-page.html\n"
                   "url: https://gazette.example/2026/03/harbour-strike\n"
                   "date: 2026-03-12T08:00:00Z\n"
                   "title: Harbour strike ends | The Valmora Gazette\n");
}

static void
test_html_odd (void)
{
  GlossImportOptions options;

  init_options (&options);
  options.annotator_id = NULL;

  /* No <h1>: the title; og:url and <time> when nothing better. */
  {
    g_autoptr(GPtrArray) results = new_results ();
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = str_bytes (
      "<title> Only &amp; title </title><meta property='og:url' content='https://x.example/a'>"
      "<p>Body <b>bold<p>Second<time datetime='2026-01-02'>2 Jan</time>");
    GlossImportedDocument *doc;

    g_assert_true (gloss_import_html (bytes, "a.htm", &options, collect, results, &error));
    doc = g_ptr_array_index (results, 0);
    g_assert_cmpstr (doc->name, ==, "a.txt");
    g_assert_cmpstr (gloss_document_get_text (doc->document, NULL), ==,
                     "Only & title\n\nBody bold\n\nSecond2 Jan\n");
    g_assert_cmpstr (doc->origin, ==, "file: a.htm\nurl: https://x.example/a\n"
                                      "date: 2026-01-02\ntitle: Only & title\n");
  }
  /* Nothing but furniture: an error naming the file. */
  {
    g_autoptr(GPtrArray) results = new_results ();
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = str_bytes ("<nav>Home</nav><script>x()</script>");

    g_assert_false (gloss_import_html (bytes, "b.html", &options, collect, results, &error));
    assert_error (error, GLOSS_IMPORT_ERROR_MALFORMED, "b.html", "no text");
  }
  {
    g_autoptr(GPtrArray) results = new_results ();
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = str_bytes ("");

    g_assert_false (gloss_import_html (bytes, "c.html", &options, collect, results, &error));
    g_assert_true (g_str_has_prefix (error->message, "c.html"));
  }
  /* Deep nesting does not exhaust the stack; external entities are not read. */
  {
    g_autoptr(GPtrArray) results = new_results ();
    g_autoptr(GError) error = NULL;
    GString *deep = g_string_new ("<!DOCTYPE html SYSTEM \"file:///etc/passwd\"><p>");
    g_autoptr(GBytes) bytes = NULL;
    GlossImportedDocument *doc;

    for (int i = 0; i < 200; i++)
      g_string_append (deep, "<span>");
    g_string_append (deep, "deep &unknown; &#0; text");
    bytes = g_string_free_to_bytes (deep);
    g_assert_true (gloss_import_html (bytes, "d.html", &options, collect, results, &error));
    g_assert_no_error (error);
    doc = g_ptr_array_index (results, 0);
    g_assert_nonnull (strstr (gloss_document_get_text (doc->document, NULL), "deep"));
    g_assert_null (strstr (gloss_document_get_text (doc->document, NULL), "root:"));
  }
  {
    /* Deeper than libxml2 goes: it stops there, and so does the page. */
    g_autoptr(GPtrArray) results = new_results ();
    g_autoptr(GError) error = NULL;
    GString *deep = g_string_new ("<p>");
    g_autoptr(GBytes) bytes = NULL;

    for (int i = 0; i < 50000; i++)
      g_string_append (deep, "<span>");
    g_string_append (deep, "lost");
    bytes = g_string_free_to_bytes (deep);
    if (!gloss_import_html (bytes, "f.html", &options, collect, results, &error))
      g_assert_true (g_str_has_prefix (error->message, "f.html"));
  }
  /* A declared legacy encoding. */
  {
    g_autoptr(GPtrArray) results = new_results ();
    g_autoptr(GError) error = NULL;
    g_autoptr(GBytes) bytes = str_bytes ("<meta charset=\"iso-8859-1\"><h1>Caf\xe9</h1>");
    GlossImportedDocument *doc;

    g_assert_true (gloss_import_html (bytes, "e.html", &options, collect, results, &error));
    doc = g_ptr_array_index (results, 0);
    g_assert_cmpstr (gloss_document_get_text (doc->document, NULL), ==, "Café\n");
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gloss_xml_init ();

  g_test_add_func ("/import/brat/happy", test_brat_happy);
  g_test_add_func ("/import/brat/errors", test_brat_errors);
  g_test_add_func ("/import/brat/no-annotator", test_brat_no_annotator);
  g_test_add_func ("/import/brat/fragments", test_brat_fragments);
  g_test_add_func ("/import/brat/map-and-skip", test_brat_map_and_skip);
  g_test_add_func ("/import/jsonl/happy", test_jsonl_happy);
  g_test_add_func ("/import/jsonl/errors", test_jsonl_errors);
  g_test_add_func ("/import/conll/iob2", test_conll_iob2);
  g_test_add_func ("/import/conll/bioes", test_conll_bioes);
  g_test_add_func ("/import/conll/errors", test_conll_errors);
  g_test_add_func ("/import/text", test_text);
  g_test_add_func ("/import/html/page", test_html_page);
  g_test_add_func ("/import/html/odd", test_html_odd);

  return g_test_run ();
}
