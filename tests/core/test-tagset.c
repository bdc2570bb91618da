/* test-tagset.c: loading and checking tagsets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-tagset"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "gloss-tagset.h"

static char *
data_path (const char *name)
{
  return g_build_filename (GLOSS_TEST_DATADIR, name, NULL);
}

static GlossTagset *
load_data (const char  *name,
           char       **out_path,
           GError     **error)
{
  g_autofree char *path = data_path (name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GlossTagset *tagset = gloss_tagset_load (file, NULL, error);

  if (out_path != NULL)
    *out_path = g_file_get_parse_name (file);
  return tagset;
}

static GlossTagset *
load_string (const char  *text,
             GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  return gloss_tagset_new_from_bytes (bytes, "inline.xml", error);
}

static guint
strv_len0 (const char * const *strv)
{
  return strv != NULL ? g_strv_length ((char **) strv) : 0;
}

static void
assert_strv (const char * const *actual,
             const char         *expected)
{
  g_auto(GStrv) want = g_strsplit (expected, " ", -1);

  g_assert_nonnull (actual);
  g_assert_cmpuint (strv_len0 (actual), ==, g_strv_length (want));
  for (guint i = 0; want[i] != NULL; i++)
    g_assert_cmpstr (actual[i], ==, want[i]);
}

/* The line of @name that carries the ERROR-HERE marker. */
static int
marked_line (const char *name)
{
  g_autofree char *path = data_path (name);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], "ERROR-HERE") != NULL)
      return (int) i + 1;

  g_error ("%s has no ERROR-HERE marker", name);
  return 0;
}

static void
assert_error_at (const GError *error,
                 int           code,
                 const char   *filename,
                 int           line)
{
  g_autofree char *prefix = g_strdup_printf ("%s:%d: ", filename, line);

  if (error != NULL)
    g_test_message ("%s", error->message);
  g_assert_error (error, GLOSS_TAGSET_ERROR, code);
  if (!g_str_has_prefix (error->message, prefix))
    g_error ("expected a message starting with \"%s\", got \"%s\"", prefix, error->message);
  /* A problem, not just a place. */
  g_assert_cmpuint (strlen (error->message), >, strlen (prefix) + 8);
}

/* The built-in tagset */

static void
test_default_entity_types (void)
{
  static const struct { const char *id, *label; gunichar key; } expected[] = {
    { "person", "Person", 'p' },
    { "organisation", "Organisation", 'o' },
    { "gpe", "Geo-political entity", 'g' },
    { "location", "Location", 'l' },
    { "facility", "Facility", 'f' },
    { "group", "Nationality or group", 'n' },
    { "event", "Event", 'e' },
    { "law", "Law or treaty", 'w' },
    { "date", "Date or time", 'd' },
    { "quantity", "Quantity", 'q' },
  };
  GlossTagset *tagset = gloss_tagset_get_default ();
  g_autoptr(GHashTable) colours = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_true (GLOSS_IS_TAGSET (tagset));
  g_assert_true (gloss_tagset_get_default () == tagset);
  g_assert_cmpstr (gloss_tagset_get_id (tagset), ==, "news");
  g_assert_cmpstr (gloss_tagset_get_version (tagset), ==, "1");
  g_assert_nonnull (gloss_tagset_get_label (tagset));

  g_assert_cmpuint (gloss_tagset_get_n_entity_types (tagset), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const GlossEntityType *type = gloss_tagset_get_entity_type (tagset, i);

      g_assert_cmpstr (type->id, ==, expected[i].id);
      g_assert_cmpstr (type->label, ==, expected[i].label);
      g_assert_cmpuint (type->key, ==, expected[i].key);
      g_assert_nonnull (type->description);
      g_assert_cmpuint (strlen (type->colour), ==, 7);
      g_assert_true (type->colour[0] == '#');
      for (guint j = 1; j < 7; j++)
        g_assert_true (g_ascii_isxdigit (type->colour[j]) && !g_ascii_isupper (type->colour[j]));
      /* Every type can be told apart by its colour. */
      g_assert_true (g_hash_table_add (colours, (gpointer) type->colour));
      g_assert_true (gloss_tagset_lookup_entity_type (tagset, expected[i].id) == type);
    }
  g_assert_null (gloss_tagset_lookup_entity_type (tagset, "claim"));
  g_assert_null (gloss_tagset_lookup_entity_type (tagset, "Person"));
}

static void
test_default_attributes (void)
{
  static const struct
  {
    const char *id;
    GlossAppliesTo applies_to;
    const char *default_value;
    const char *values;
  } expected[] = {
    { "stance", GLOSS_APPLIES_TO_CLAIM, "asserts", "asserts denies questions predicts" },
    { "certainty", GLOSS_APPLIES_TO_CLAIM, "unknown", "certain probable possible unknown" },
    { "attribution", GLOSS_APPLIES_TO_CLAIM, NULL, "direct indirect implied" },
    { "verdict", GLOSS_APPLIES_TO_CLAIM, "unverified", "unverified supported disputed false" },
    { "mention", GLOSS_APPLIES_TO_ENTITY, NULL, "name nominal pronoun" },
  };
  GlossTagset *tagset = gloss_tagset_get_default ();

  g_assert_cmpuint (gloss_tagset_get_n_attributes (tagset), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const GlossAttributeDef *def = gloss_tagset_get_attribute (tagset, i);

      g_assert_cmpstr (def->id, ==, expected[i].id);
      g_assert_nonnull (def->label);
      g_assert_cmpint (def->applies_to, ==, expected[i].applies_to);
      g_assert_cmpstr (def->default_value, ==, expected[i].default_value);
      assert_strv (def->values, expected[i].values);
      g_assert_cmpuint (strv_len0 (def->value_labels), ==, strv_len0 (def->values));
      for (guint j = 0; def->values[j] != NULL; j++)
        g_assert_true (gloss_attribute_def_allows (def, def->values[j]));
      g_assert_false (gloss_attribute_def_allows (def, "something-else"));
      g_assert_true (gloss_tagset_lookup_attribute (tagset, expected[i].id) == def);
    }
  g_assert_null (gloss_tagset_lookup_attribute (tagset, "colour"));
}

static void
test_default_relation_types (void)
{
  static const struct
  {
    const char *id;
    const char *from;
    const char *to;
    gboolean symmetric;
  } expected[] = {
    { "member-of", "person organisation group", "organisation group gpe", FALSE },
    { "located-in", "location facility organisation event person", "location gpe facility", FALSE },
    { "part-of", NULL, NULL, FALSE },
    { "same-as", NULL, NULL, TRUE },
    { "time-of", "date", "claim event", FALSE },
    { "about", "claim", NULL, FALSE },
    { "supports", "claim", "claim", FALSE },
    { "contradicts", "claim", "claim", TRUE },
  };
  GlossTagset *tagset = gloss_tagset_get_default ();

  g_assert_cmpuint (gloss_tagset_get_n_relation_types (tagset), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const GlossRelationType *type = gloss_tagset_get_relation_type (tagset, i);

      g_assert_cmpstr (type->id, ==, expected[i].id);
      g_assert_nonnull (type->label);
      if (expected[i].from != NULL)
        assert_strv (type->from_types, expected[i].from);
      else
        g_assert_null (type->from_types);
      if (expected[i].to != NULL)
        assert_strv (type->to_types, expected[i].to);
      else
        g_assert_null (type->to_types);
      g_assert_cmpint (type->symmetric, ==, expected[i].symmetric);
      g_assert_true (gloss_tagset_lookup_relation_type (tagset, expected[i].id) == type);
    }
  g_assert_null (gloss_tagset_lookup_relation_type (tagset, "member"));
}

/* A custom tagset */

static void
test_custom_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossTagset) tagset = load_data ("tagset-custom.xml", NULL, &error);
  const GlossEntityType *type;
  const GlossAttributeDef *def;
  const GlossRelationType *rel;

  g_assert_no_error (error);
  g_assert_cmpstr (gloss_tagset_get_id (tagset), ==, "lab-ner");
  g_assert_cmpstr (gloss_tagset_get_version (tagset), ==, "2026.3");
  g_assert_cmpstr (gloss_tagset_get_label (tagset), ==, "Lab & field NER");

  g_assert_cmpuint (gloss_tagset_get_n_entity_types (tagset), ==, 3);
  type = gloss_tagset_get_entity_type (tagset, 0);
  g_assert_cmpstr (type->id, ==, "person");
  g_assert_cmpstr (type->label, ==, "Person");
  g_assert_cmpstr (type->colour, ==, "#77aadd");
  g_assert_cmpuint (type->key, ==, 'P');
  g_assert_cmpstr (type->description, ==, "A human being, living or dead.");
  type = gloss_tagset_get_entity_type (tagset, 1);
  g_assert_cmpstr (type->id, ==, "site");
  g_assert_cmpstr (type->colour, ==, "#44bb99");
  g_assert_cmpuint (type->key, ==, 0xE9); /* é */
  g_assert_null (type->description);
  type = gloss_tagset_lookup_entity_type (tagset, "été");
  g_assert_nonnull (type);
  g_assert_true (type == gloss_tagset_get_entity_type (tagset, 2));
  g_assert_cmpstr (type->label, ==, "Summer event");
  g_assert_cmpuint (type->key, ==, 0);

  g_assert_cmpuint (gloss_tagset_get_n_attributes (tagset), ==, 3);
  def = gloss_tagset_get_attribute (tagset, 0);
  g_assert_cmpstr (def->id, ==, "stance");
  g_assert_cmpstr (def->label, ==, "Stance");
  g_assert_cmpint (def->applies_to, ==, GLOSS_APPLIES_TO_CLAIM);
  g_assert_cmpstr (def->default_value, ==, "asserts");
  assert_strv (def->values, "asserts denies");
  assert_strv (def->value_labels, "Asserts Denies");
  g_assert_true (gloss_attribute_def_allows (def, "denies"));
  g_assert_false (gloss_attribute_def_allows (def, "Denies"));
  g_assert_false (gloss_attribute_def_allows (def, ""));
  g_assert_false (gloss_attribute_def_allows (def, NULL));

  def = gloss_tagset_lookup_attribute (tagset, "comment");
  g_assert_nonnull (def);
  g_assert_cmpint (def->applies_to, ==, GLOSS_APPLIES_TO_ENTITY | GLOSS_APPLIES_TO_CLAIM);
  g_assert_cmpstr (def->default_value, ==, "none given");
  g_assert_null (def->values);
  g_assert_null (def->value_labels);
  g_assert_true (gloss_attribute_def_allows (def, "anything at all"));
  g_assert_false (gloss_attribute_def_allows (def, ""));
  g_assert_false (gloss_attribute_def_allows (def, NULL));

  def = gloss_tagset_lookup_attribute (tagset, "form");
  g_assert_cmpint (def->applies_to, ==, GLOSS_APPLIES_TO_ENTITY);
  g_assert_null (def->default_value);
  assert_strv (def->values, "name");

  g_assert_cmpuint (gloss_tagset_get_n_relation_types (tagset), ==, 4);
  rel = gloss_tagset_get_relation_type (tagset, 0);
  g_assert_cmpstr (rel->id, ==, "works-at");
  g_assert_cmpstr (rel->label, ==, "Works at");
  assert_strv (rel->from_types, "person");
  assert_strv (rel->to_types, "site été");
  g_assert_false (rel->symmetric);
  /* "entity" stands for every entity type. */
  rel = gloss_tagset_lookup_relation_type (tagset, "mentions");
  assert_strv (rel->from_types, "claim");
  assert_strv (rel->to_types, "person site été");
  rel = gloss_tagset_lookup_relation_type (tagset, "same-as");
  g_assert_null (rel->from_types);
  g_assert_null (rel->to_types);
  g_assert_true (rel->symmetric);
  /* Repeated names count once. */
  rel = gloss_tagset_lookup_relation_type (tagset, "cites");
  assert_strv (rel->from_types, "claim");
  assert_strv (rel->to_types, "claim");
  g_assert_false (rel->symmetric);
}

static void
test_free_text_without_default (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossTagset) tagset = NULL;
  const GlossAttributeDef *def;

  tagset = load_string ("<tagset xmlns='urn:gloss:tagset:1' id='x' version='1' label='X'>"
                        "<entity-types><entity-type id='a' label='A' colour='#000'/></entity-types>"
                        "<attributes><attribute id='note' label='Note' applies-to='entity'/></attributes>"
                        "</tagset>", &error);
  g_assert_no_error (error);
  def = gloss_tagset_lookup_attribute (tagset, "note");
  g_assert_null (def->default_value);
  g_assert_null (def->values);
  g_assert_true (gloss_attribute_def_allows (def, "x"));
  g_assert_cmpuint (gloss_tagset_get_n_relation_types (tagset), ==, 0);
  g_assert_cmpstr (gloss_tagset_get_entity_type (tagset, 0)->colour, ==, "#000000");
}

/* Errors */

typedef struct
{
  const char *file;
  GlossTagsetError code;
  int first_line; /* a duplicate names where the id was first used, or 0 */
  gboolean not_tagset;
} ErrorCase;

static const ErrorCase error_cases[] = {
  { "tagset-duplicate-type.xml", GLOSS_TAGSET_ERROR_DUPLICATE_ID, 4 },
  { "tagset-duplicate-attribute.xml", GLOSS_TAGSET_ERROR_DUPLICATE_ID, 8 },
  { "tagset-duplicate-relation.xml", GLOSS_TAGSET_ERROR_DUPLICATE_ID, 14 },
  { "tagset-duplicate-value.xml", GLOSS_TAGSET_ERROR_DUPLICATE_ID, 9 },
  { "tagset-reserved-id.xml", GLOSS_TAGSET_ERROR_DUPLICATE_ID, 0 },
  { "tagset-dangling-from.xml", GLOSS_TAGSET_ERROR_DANGLING_REFERENCE, 0 },
  { "tagset-dangling-to.xml", GLOSS_TAGSET_ERROR_DANGLING_REFERENCE, 0 },
  { "tagset-dangling-default.xml", GLOSS_TAGSET_ERROR_DANGLING_REFERENCE, 0 },
  { "tagset-bad-colour.xml", GLOSS_TAGSET_ERROR_BAD_COLOUR, 0 },
  { "tagset-bad-key.xml", GLOSS_TAGSET_ERROR_BAD_KEY, 0 },
  { "tagset-space-key.xml", GLOSS_TAGSET_ERROR_BAD_KEY, 0 },
  { "tagset-duplicate-key.xml", GLOSS_TAGSET_ERROR_BAD_KEY, 4 },
  { "tagset-invalid-applies-to.xml", GLOSS_TAGSET_ERROR_INVALID, 0 },
  { "tagset-unknown-element.xml", GLOSS_TAGSET_ERROR_INVALID, 0 },
  { "tagset-missing-colour.xml", GLOSS_TAGSET_ERROR_INVALID, 0 },
  { "tagset-no-namespace.xml", GLOSS_TAGSET_ERROR_INVALID, 0, TRUE },
  { "tagset-foreign-root.xml", GLOSS_TAGSET_ERROR_INVALID, 0, TRUE },
  { "tagset-doctype.xml", GLOSS_TAGSET_ERROR_PARSE, 0 },
};

static void
test_error_case (gconstpointer data)
{
  const ErrorCase *ec = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GlossTagset) tagset = load_data (ec->file, &path, &error);

  g_assert_null (tagset);
  assert_error_at (error, ec->code, path, marked_line (ec->file));
  if (ec->not_tagset)
    g_assert_nonnull (strstr (error->message, "not a Gloss tagset"));
  if (ec->first_line > 0)
    {
      g_autofree char *where = g_strdup_printf ("line %d", ec->first_line);

      g_assert_nonnull (strstr (error->message, where));
    }
}

static void
test_truncated (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GlossTagset) tagset = NULL;
  int last_line = 1;

  tagset = load_data ("tagset-truncated.xml", &path, &error);
  g_assert_null (tagset);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  for (const char *p = contents; *p; p++)
    if (*p == '\n')
      last_line++;
  /* Cut in the middle of the attributes: the problem is at the end. */
  g_assert_cmpint (last_line, >, 8);
  assert_error_at (error, GLOSS_TAGSET_ERROR_PARSE, path, last_line);
  g_assert_nonnull (strstr (error->message, "cut short"));
}

static void
test_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GlossTagset) tagset = load_data ("tagset-empty.xml", &path, &error);

  g_assert_null (tagset);
  assert_error_at (error, GLOSS_TAGSET_ERROR_PARSE, path, 1);

  g_clear_error (&error);
  tagset = load_string ("  \n\n", &error);
  g_assert_null (tagset);
  g_assert_error (error, GLOSS_TAGSET_ERROR, GLOSS_TAGSET_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "inline.xml:"));
}

static void
test_not_well_formed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossTagset) tagset = NULL;

  tagset = load_string ("<tagset xmlns='urn:gloss:tagset:1' id='x' version='1' label='X'>\n"
                        "<entity-types>\n"
                        "<entity-type id='a' label='A' colour='#000'>\n"
                        "</entity-types>\n"
                        "</tagset>\n", &error);
  g_assert_null (tagset);
  assert_error_at (error, GLOSS_TAGSET_ERROR_PARSE, "inline.xml", 4);
}

/* Problems with an element whose start tag spans lines are reported on the
 * line where the tag ends (libxml2 numbers elements so), here the line of
 * the faulty attribute; a byte-order mark does not shift lines. */
static void
test_multi_line_start_tag (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossTagset) tagset = NULL;

  tagset = load_string ("\xEF\xBB\xBF<tagset xmlns='urn:gloss:tagset:1' id='x' version='1' label='X'>\n"
                        "<entity-types>\n"
                        "<entity-type id='a' label='A' colour='#000'/>\n"
                        "</entity-types>\n"
                        "<relation-types>\n"
                        "<relation-type id='r'\n"
                        "               label='R'\n"
                        "               from='a b'/>\n"
                        "</relation-types>\n"
                        "</tagset>\n", &error);
  g_assert_null (tagset);
  assert_error_at (error, GLOSS_TAGSET_ERROR_DANGLING_REFERENCE, "inline.xml", 8);
}

/* An id repeated in another kind of thing is not a duplicate: entity types,
 * attributes and relation types are separate name spaces. */
static void
test_ids_per_kind (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossTagset) tagset = NULL;

  tagset = load_string ("<tagset xmlns='urn:gloss:tagset:1' id='x' version='1' label='X'>"
                        "<entity-types><entity-type id='date' label='Date' colour='#000'/></entity-types>"
                        "<attributes><attribute id='date' label='Date' applies-to='claim'>"
                        "<value id='date' label='Date'/></attribute></attributes>"
                        "<relation-types><relation-type id='date' label='Date'/></relation-types>"
                        "</tagset>", &error);
  g_assert_no_error (error);
  g_assert_nonnull (gloss_tagset_lookup_entity_type (tagset, "date"));
  g_assert_nonnull (gloss_tagset_lookup_attribute (tagset, "date"));
  g_assert_nonnull (gloss_tagset_lookup_relation_type (tagset, "date"));
}

static char *
tagset_with_colour (const char *colour)
{
  return g_strdup_printf ("<tagset xmlns='urn:gloss:tagset:1' id='x' version='1' label='X'>\n"
                          "<entity-types>\n"
                          "<entity-type id='a' label='A' colour='#123456'/>\n"
                          "<entity-type id='b' label='B' colour='%s'/>\n"
                          "</entity-types>\n"
                          "</tagset>\n", colour);
}

static void
test_colour_normalisation (void)
{
  static const struct { const char *in, *out; } good[] = {
    { "#abc", "#aabbcc" },
    { "#ABC", "#aabbcc" },
    { "#0f9", "#00ff99" },
    { "#A1b2C3", "#a1b2c3" },
    { "#ffffff", "#ffffff" },
  };
  static const char *bad[] = {
    "red", "#12", "#1234", "#12345", "#1234567", "#12345g", "#ggg", "", "#",
    "abc", "##abc", " #abc", "#abc ", "aabbcc", "#-12345", "#\xc3\xa9\xc3\xa9\xc3\xa9",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *text = tagset_with_colour (good[i].in);
      g_autoptr(GError) error = NULL;
      g_autoptr(GlossTagset) tagset = load_string (text, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (gloss_tagset_lookup_entity_type (tagset, "b")->colour, ==, good[i].out);
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *text = tagset_with_colour (bad[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(GlossTagset) tagset = load_string (text, &error);

      g_test_message ("colour \"%s\"", bad[i]);
      g_assert_null (tagset);
      assert_error_at (error, GLOSS_TAGSET_ERROR_BAD_COLOUR, "inline.xml", 4);
      g_assert_nonnull (strstr (error->message, "\"b\""));
    }
}

static void
test_keys (void)
{
  static const struct { const char *a, *b; gboolean ok; } cases[] = {
    { "a", "b", TRUE },
    { "a", "A", FALSE },
    { "\xc3\xa9", "\xc3\x89", FALSE }, /* é, É */
    { "1", "!", TRUE },
    { "a", "ab", FALSE },
    { "a", "&#9;", FALSE },
    { "a", "&#160;", FALSE }, /* no-break space */
    { "a", "e\xcc\x81", FALSE }, /* e + combining acute: two characters */
    { "a", "\xe2\x82\xac", TRUE }, /* € */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GlossTagset) tagset = NULL;

      text = g_strdup_printf ("<tagset xmlns='urn:gloss:tagset:1' id='x' version='1' label='X'>\n"
                              "<entity-types>\n"
                              "<entity-type id='a' label='A' colour='#123456' key='%s'/>\n"
                              "<entity-type id='b' label='B' colour='#654321' key='%s'/>\n"
                              "</entity-types>\n"
                              "</tagset>\n", cases[i].a, cases[i].b);
      g_test_message ("keys \"%s\" and \"%s\"", cases[i].a, cases[i].b);
      tagset = load_string (text, &error);
      if (cases[i].ok)
        {
          g_assert_no_error (error);
          g_assert_cmpuint (gloss_tagset_lookup_entity_type (tagset, "b")->key, ==,
                            g_utf8_get_char (cases[i].b));
        }
      else
        {
          g_assert_null (tagset);
          assert_error_at (error, GLOSS_TAGSET_ERROR_BAD_KEY, "inline.xml", 4);
        }
    }
}

static void
test_reserved_entity (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossTagset) tagset = NULL;

  tagset = load_string ("<tagset xmlns='urn:gloss:tagset:1' id='x' version='1' label='X'>\n"
                        "<entity-types>\n"
                        "<entity-type id='entity' label='Thing' colour='#000'/>\n"
                        "</entity-types></tagset>", &error);
  g_assert_null (tagset);
  assert_error_at (error, GLOSS_TAGSET_ERROR_DUPLICATE_ID, "inline.xml", 3);
  g_assert_nonnull (strstr (error->message, "reserved"));
}

static void
test_schema_strictness (void)
{
  static const char *bodies[] = {
    /* no entity types */
    "<entity-types/>",
    /* an id with a space, with a colon, starting with a digit */
    "<entity-types><entity-type id='a b' label='A' colour='#000'/></entity-types>",
    "<entity-types><entity-type id='a:b' label='A' colour='#000'/></entity-types>",
    "<entity-types><entity-type id='1a' label='A' colour='#000'/></entity-types>",
    /* an empty label */
    "<entity-types><entity-type id='a' label='  ' colour='#000'/></entity-types>",
    /* an unknown attribute */
    "<entity-types><entity-type id='a' label='A' colour='#000' size='2'/></entity-types>",
    /* sections out of order */
    "<attributes><attribute id='n' label='N' applies-to='claim'/></attributes>"
    "<entity-types><entity-type id='a' label='A' colour='#000'/></entity-types>",
    /* symmetric that is not true or false */
    "<entity-types><entity-type id='a' label='A' colour='#000'/></entity-types>"
    "<relation-types><relation-type id='r' label='R' symmetric='yes'/></relation-types>",
    /* an empty end list */
    "<entity-types><entity-type id='a' label='A' colour='#000'/></entity-types>"
    "<relation-types><relation-type id='r' label='R' from=' '/></relation-types>",
    /* text where none belongs */
    "<entity-types>hello<entity-type id='a' label='A' colour='#000'/></entity-types>",
    /* a foreign element */
    "<entity-types><entity-type id='a' label='A' colour='#000'/></entity-types>"
    "<x:extra xmlns:x='urn:other'/>",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autofree char *text = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GlossTagset) tagset = NULL;

      text = g_strdup_printf ("<tagset xmlns='urn:gloss:tagset:1' id='x' version='1' label='X'>%s</tagset>",
                              bodies[i]);
      g_test_message ("%s", text);
      tagset = load_string (text, &error);
      g_assert_null (tagset);
      g_assert_error (error, GLOSS_TAGSET_ERROR, GLOSS_TAGSET_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, "inline.xml:1: "));
    }
}

/* The complete example of docs/tagset-format.md loads as described. */
static void
test_docs_example (void)
{
  const char *root = g_getenv ("GLOSS_SOURCE_ROOT");
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossTagset) tagset = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const GlossRelationType *rel;
  const char *start;
  const char *end;

  if (root == NULL)
    {
      g_test_skip ("GLOSS_SOURCE_ROOT is not set");
      return;
    }
  path = g_build_filename (root, "docs", "tagset-format.md", NULL);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  start = strstr (contents, "```xml\n");
  g_assert_nonnull (start);
  start += strlen ("```xml\n");
  end = strstr (start, "```");
  g_assert_nonnull (end);

  bytes = g_bytes_new (start, end - start);
  tagset = gloss_tagset_new_from_bytes (bytes, "example", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gloss_tagset_get_id (tagset), ==, "courts");
  g_assert_cmpuint (gloss_tagset_get_n_entity_types (tagset), ==, 4);
  g_assert_cmpstr (gloss_tagset_lookup_entity_type (tagset, "date")->colour, ==, "#dddddd");
  g_assert_null (gloss_tagset_lookup_attribute (tagset, "docket")->values);
  rel = gloss_tagset_lookup_relation_type (tagset, "date-of");
  assert_strv (rel->to_types, "party court law date claim");
}

/* Folders */

static char *
make_temp_folder (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("gloss-tagset-XXXXXX", &error);

  g_assert_no_error (error);
  return dir;
}

static void
remove_temp_folder (const char *dir)
{
  g_autofree char *file = g_build_filename (dir, GLOSS_TAGSET_FILENAME, NULL);

  g_unlink (file);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

static void
test_folder_without_tagset (void)
{
  g_autofree char *dir = make_temp_folder ();
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GError) error = NULL;
  GlossTagset *tagset;

  tagset = gloss_tagset_load_for_folder (folder, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (tagset == gloss_tagset_get_default ());
  /* The caller owns a reference: dropping it keeps the default alive. */
  g_object_unref (tagset);
  g_assert_cmpstr (gloss_tagset_get_id (gloss_tagset_get_default ()), ==, "news");

  remove_temp_folder (dir);
}

static void
test_folder_with_tagset (void)
{
  g_autofree char *dir = make_temp_folder ();
  g_autofree char *custom = data_path ("tagset-custom.xml");
  g_autofree char *contents = NULL;
  g_autofree char *target = g_build_filename (dir, GLOSS_TAGSET_FILENAME, NULL);
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossTagset) tagset = NULL;

  g_assert_true (g_file_get_contents (custom, &contents, NULL, NULL));
  g_assert_true (g_file_set_contents (target, contents, -1, NULL));

  tagset = gloss_tagset_load_for_folder (folder, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gloss_tagset_get_id (tagset), ==, "lab-ner");
  g_clear_object (&tagset);

  /* A broken tagset is an error, not a silent fall-back to the default. */
  g_assert_true (g_file_set_contents (target, "<tagset xmlns='urn:gloss:tagset:1' id='x' version='1' label='X'>\n<", -1, NULL));
  tagset = gloss_tagset_load_for_folder (folder, NULL, &error);
  g_assert_null (tagset);
  g_assert_error (error, GLOSS_TAGSET_ERROR, GLOSS_TAGSET_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, GLOSS_TAGSET_FILENAME ":"));

  remove_temp_folder (dir);
}

static void
test_missing_file (void)
{
  g_autoptr(GFile) file = g_file_new_for_path ("/nonexistent/gloss-tagset.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossTagset) tagset = gloss_tagset_load (file, NULL, &error);

  g_assert_null (tagset);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tagset/default/entity-types", test_default_entity_types);
  g_test_add_func ("/tagset/default/attributes", test_default_attributes);
  g_test_add_func ("/tagset/default/relation-types", test_default_relation_types);
  g_test_add_func ("/tagset/custom/round-trip", test_custom_round_trip);
  g_test_add_func ("/tagset/custom/free-text", test_free_text_without_default);
  g_test_add_func ("/tagset/custom/ids-per-kind", test_ids_per_kind);
  g_test_add_func ("/tagset/custom/docs-example", test_docs_example);
  for (guint i = 0; i < G_N_ELEMENTS (error_cases); i++)
    {
      g_autofree char *name = g_strdup_printf ("/tagset/error/%s", error_cases[i].file);

      g_test_add_data_func (name, &error_cases[i], test_error_case);
    }
  g_test_add_func ("/tagset/error/truncated", test_truncated);
  g_test_add_func ("/tagset/error/empty", test_empty);
  g_test_add_func ("/tagset/error/not-well-formed", test_not_well_formed);
  g_test_add_func ("/tagset/error/reserved-entity", test_reserved_entity);
  g_test_add_func ("/tagset/error/multi-line-tag", test_multi_line_start_tag);
  g_test_add_func ("/tagset/error/schema", test_schema_strictness);
  g_test_add_func ("/tagset/colour", test_colour_normalisation);
  g_test_add_func ("/tagset/keys", test_keys);
  g_test_add_func ("/tagset/folder/without-tagset", test_folder_without_tagset);
  g_test_add_func ("/tagset/folder/with-tagset", test_folder_with_tagset);
  g_test_add_func ("/tagset/missing-file", test_missing_file);

  return g_test_run ();
}
