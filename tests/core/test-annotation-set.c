/* test-annotation-set.c: annotations, their validation, lists, queries and loading
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-test"

#include "config.h"

#include <malloc.h>
#include <string.h>
#include <time.h>

#include <valgrind/valgrind.h>

#include "gloss-annotation-private.h"
#include "gloss-annotation-set.h"
#include "gloss-document.h"
#include "gloss-tagset.h"
#include "gloss-test-util.h"

/*                       0         1         2         3         4         5         6     */
/*                       0123456789012345678901234567890123456789012345678901234567890123456 */
static const char *TEXT = "Port officials said on Monday that the strike would end by Friday.\n";

static GlossDocument *
document_new (const char *text)
{
  g_autoptr (GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr (GError) error = NULL;
  GlossDocument *document;

  document = gloss_document_new_from_bytes ("test.txt", bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (document);

  return document;
}

static GlossAnnotationSet *
set_new (const char *text)
{
  g_autoptr (GlossDocument) document = document_new (text);

  return gloss_annotation_set_new (document, gloss_tagset_get_default (), "alice", "Alice");
}

static GlossAnnotation *
add_relation (GlossAnnotationSet *set,
              const char         *type,
              GlossAnnotation    *from,
              GlossAnnotation    *to)
{
  g_autoptr (GError) error = NULL;
  GlossAnnotation *relation = gloss_annotation_set_add_relation (set, type, from, to, &error);

  g_assert_no_error (error);
  g_assert_nonnull (relation);

  return relation;
}

static GlossAnnotation *
nth (GListModel *model,
     guint       n)
{
  g_autoptr (GlossAnnotation) item = g_list_model_get_item (model, n);

  /* The set keeps its own reference. */
  return item;
}

/* A cheap fingerprint of everything observable, to check that a failed
 * mutation changed nothing. */
static char *
fingerprint_full (GlossAnnotationSet *set,
                  gboolean            with_history)
{
  GListModel *lists[] = {
    gloss_annotation_set_get_entities (set),
    gloss_annotation_set_get_claims (set),
    gloss_annotation_set_get_relations (set),
  };
  GString *out = g_string_new (NULL);

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      for (guint i = 0; i < g_list_model_get_n_items (lists[l]); i++)
        {
          GlossAnnotation *a = nth (lists[l], i);
          guint s = 0, e = 0;

          g_string_append_printf (out, "%s %s %u-%u note=%s link=%s parent=%s from=%s to=%s",
                                  gloss_annotation_get_id (a), gloss_annotation_get_type_id (a),
                                  gloss_annotation_get_start (a), gloss_annotation_get_end (a),
                                  gloss_annotation_get_note (a), gloss_annotation_get_link (a),
                                  gloss_annotation_get_parent (a), gloss_annotation_get_from (a),
                                  gloss_annotation_get_to (a));
          g_string_append_printf (out, " source=%d/%s", gloss_annotation_get_source_kind (a),
                                  gloss_annotation_get_source_entity (a));
          if (gloss_annotation_get_source_span (a, &s, &e))
            g_string_append_printf (out, "/%u-%u", s, e);
          if (gloss_annotation_get_cue (a, &s, &e))
            g_string_append_printf (out, " cue=%u-%u", s, e);
          for (guint k = 0; k < gloss_annotation_get_n_attributes (a); k++)
            {
              const char *name, *value;

              gloss_annotation_get_nth_attribute (a, k, &name, &value);
              g_string_append_printf (out, " %s=%s", name, value);
            }
          g_string_append_c (out, '\n');
        }
    }
  if (with_history)
    g_string_append_printf (out, "undo=%d redo=%d\n", gloss_annotation_set_can_undo (set),
                            gloss_annotation_set_can_redo (set));

  return g_string_free (out, FALSE);
}

static char *
fingerprint (GlossAnnotationSet *set)
{
  return fingerprint_full (set, TRUE);
}

#define assert_fails(set, call, code)                                  \
  G_STMT_START                                                         \
  {                                                                    \
    g_autofree char *before_ = fingerprint (set);                      \
    g_autofree char *after_ = NULL;                                    \
    g_autoptr (GError) error_ = NULL;                                  \
    GError **failure = &error_;                                        \
    g_assert_false ((call) != 0);                                      \
    g_assert_error (error_, GLOSS_ANNOTATION_ERROR, code);             \
    g_assert_nonnull (error_->message);                                \
    g_test_message ("expected error: %s", error_->message);            \
    after_ = fingerprint (set);                                        \
    g_assert_cmpstr (before_, ==, after_);                             \
  }                                                                    \
  G_STMT_END

static void
test_annotator_id (void)
{
  g_autofree char *long_id = g_strnfill (64, 'a');
  g_autofree char *too_long = g_strnfill (65, 'a');

  g_assert_true (gloss_annotator_id_is_valid ("alice"));
  g_assert_true (gloss_annotator_id_is_valid ("gold"));
  g_assert_true (gloss_annotator_id_is_valid ("a.b_c-d9"));
  g_assert_true (gloss_annotator_id_is_valid ("7"));
  g_assert_true (gloss_annotator_id_is_valid (long_id));
  g_assert_false (gloss_annotator_id_is_valid (too_long));
  g_assert_false (gloss_annotator_id_is_valid (""));
  g_assert_false (gloss_annotator_id_is_valid (NULL));
  g_assert_false (gloss_annotator_id_is_valid ("Alice"));
  g_assert_false (gloss_annotator_id_is_valid ("-alice"));
  g_assert_false (gloss_annotator_id_is_valid (".alice"));
  g_assert_false (gloss_annotator_id_is_valid ("al ice"));
  g_assert_false (gloss_annotator_id_is_valid ("al/ice"));
  g_assert_false (gloss_annotator_id_is_valid ("alicé"));
}

static void
test_new (void)
{
  g_autoptr (GlossAnnotationSet) set = set_new (TEXT);
  GlossTagset *tagset = gloss_tagset_get_default ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_assert_cmpstr (gloss_annotation_set_get_annotator_id (set), ==, "alice");
  g_assert_cmpstr (gloss_annotation_set_get_annotator_name (set), ==, "Alice");
  g_assert_cmpstr (gloss_annotation_set_get_tagset_id (set), ==, gloss_tagset_get_id (tagset));
  g_assert_cmpstr (gloss_annotation_set_get_tagset_version (set), ==,
                   gloss_tagset_get_version (tagset));
  g_assert_true (gloss_annotation_set_get_tagset (set) == tagset);
  g_assert_cmpint (ABS (gloss_annotation_set_get_created (set) - now), <=, 2);
  g_assert_cmpint (gloss_annotation_set_get_modified (set), ==,
                   gloss_annotation_set_get_created (set));
  g_assert_cmpuint (gloss_annotation_set_get_size (set), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (gloss_annotation_set_get_entities (set)), ==, 0);
  g_assert_true (g_list_model_get_item_type (gloss_annotation_set_get_claims (set)) ==
                 GLOSS_TYPE_ANNOTATION);
  g_assert_false (gloss_annotation_set_can_undo (set));
  g_assert_false (gloss_annotation_set_can_redo (set));
  g_assert_null (gloss_annotation_set_get_undo_label (set));

  gloss_annotation_set_set_annotator_name (set, "Alice Moreau");
  g_assert_cmpstr (gloss_annotation_set_get_annotator_name (set), ==, "Alice Moreau");
}

static void
test_add_entity (void)
{
  g_autoptr (GlossAnnotationSet) set = set_new (TEXT);
  GListModel *entities = gloss_annotation_set_get_entities (set);
  GlossAnnotation *monday, *port;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  monday = gloss_test_add_entity (set, "date", 23, 29);
  port = gloss_test_add_entity (set, "organisation", 0, 14);

  g_assert_cmpstr (gloss_annotation_get_id (monday), ==, "e1");
  g_assert_cmpstr (gloss_annotation_get_id (port), ==, "e2");
  g_assert_cmpint (gloss_annotation_get_kind (monday), ==, GLOSS_ANNOTATION_ENTITY);
  g_assert_cmpstr (gloss_annotation_get_type_id (monday), ==, "date");
  g_assert_cmpuint (gloss_annotation_get_start (monday), ==, 23);
  g_assert_cmpuint (gloss_annotation_get_end (monday), ==, 29);
  g_assert_cmpstr (gloss_annotation_get_annotator (monday), ==, "alice");
  g_assert_cmpint (ABS (gloss_annotation_get_created (monday) - now), <=, 2);
  g_assert_cmpint (gloss_annotation_get_modified (monday), ==,
                   gloss_annotation_get_created (monday));
  g_assert_cmpint (gloss_annotation_get_anchor_state (monday), ==, GLOSS_ANCHOR_OK);
  g_assert_null (gloss_annotation_get_note (monday));
  g_assert_null (gloss_annotation_get_stored_exact (monday));
  g_assert_cmpuint (gloss_annotation_get_n_attributes (monday), ==, 0);

  /* Sorted by position, not by creation. */
  g_assert_cmpuint (g_list_model_get_n_items (entities), ==, 2);
  g_assert_true (nth (entities, 0) == port);
  g_assert_true (nth (entities, 1) == monday);
  g_assert_true (gloss_annotation_set_lookup (set, "e1") == monday);
  g_assert_null (gloss_annotation_set_lookup (set, "e3"));
  g_assert_cmpuint (gloss_annotation_set_get_size (set), ==, 2);
  g_assert_true (gloss_annotation_set_can_undo (set));
  g_assert_cmpstr (gloss_annotation_set_get_undo_label (set), ==, "Add Organisation");

  assert_fails (set, gloss_annotation_set_add_entity (set, "planet", 0, 4, failure),
                GLOSS_ANNOTATION_ERROR_UNKNOWN_TYPE);
  assert_fails (set, gloss_annotation_set_add_entity (set, "claim", 0, 4, failure),
                GLOSS_ANNOTATION_ERROR_UNKNOWN_TYPE);
  assert_fails (set, gloss_annotation_set_add_entity (set, "person", 4, 4, failure),
                GLOSS_ANNOTATION_ERROR_OFFSETS);
  assert_fails (set, gloss_annotation_set_add_entity (set, "person", 5, 4, failure),
                GLOSS_ANNOTATION_ERROR_OFFSETS);
  assert_fails (set, gloss_annotation_set_add_entity (set, "person", 60, 68, failure),
                GLOSS_ANNOTATION_ERROR_OFFSETS);
  assert_fails (set,
                gloss_annotation_set_add_entity (set, "person", G_MAXUINT - 1, G_MAXUINT, failure),
                GLOSS_ANNOTATION_ERROR_OFFSETS);

  /* The whole text, to its last character, is fine. */
  gloss_test_add_entity (set, "event", 0, 67);
  g_assert_cmpuint (gloss_annotation_set_get_size (set), ==, 3);
}

static void
test_type_and_span (void)
{
  g_autoptr (GlossAnnotationSet) set = set_new (TEXT);
  GlossAnnotation *port = gloss_test_add_entity (set, "organisation", 0, 14);
  GlossAnnotation *claim = gloss_test_add_claim (set, 35, 65);
  GlossAnnotation *loc = gloss_test_add_entity (set, "location", 59, 65);
  GlossAnnotation *relation;
  g_autoptr (GError) error = NULL;

  g_assert_true (gloss_annotation_set_set_type (set, port, "person", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (gloss_annotation_get_type_id (port), ==, "person");
  g_assert_cmpstr (gloss_annotation_set_get_undo_label (set), ==, "Change Type");

  assert_fails (set, gloss_annotation_set_set_type (set, port, "planet", failure),
                GLOSS_ANNOTATION_ERROR_UNKNOWN_TYPE);
  assert_fails (set, gloss_annotation_set_set_type (set, claim, "person", failure),
                GLOSS_ANNOTATION_ERROR_WRONG_KIND);

  g_assert_true (gloss_annotation_set_set_span (set, port, 5, 14, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gloss_annotation_get_start (port), ==, 5);
  assert_fails (set, gloss_annotation_set_set_span (set, port, 14, 14, failure),
                GLOSS_ANNOTATION_ERROR_OFFSETS);
  assert_fails (set, gloss_annotation_set_set_span (set, port, 0, 100, failure),
                GLOSS_ANNOTATION_ERROR_OFFSETS);

  /* A person may be a member of an organisation, a location may not. */
  relation = add_relation (set, "located-in", port, loc);
  assert_fails (set, gloss_annotation_set_set_type (set, port, "date", failure),
                GLOSS_ANNOTATION_ERROR_WRONG_KIND);
  assert_fails (set, gloss_annotation_set_set_type (set, loc, "person", failure),
                GLOSS_ANNOTATION_ERROR_WRONG_KIND);
  g_assert_true (gloss_annotation_set_set_type (set, loc, "gpe", &error));
  g_assert_no_error (error);

  /* Relation types: the ends must fit the new type too. */
  assert_fails (set, gloss_annotation_set_set_type (set, relation, "supports", failure),
                GLOSS_ANNOTATION_ERROR_WRONG_KIND);
  assert_fails (set, gloss_annotation_set_set_type (set, relation, "person", failure),
                GLOSS_ANNOTATION_ERROR_UNKNOWN_TYPE);
  g_assert_true (gloss_annotation_set_set_type (set, relation, "part-of", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (gloss_annotation_get_type_id (relation), ==, "part-of");
  assert_fails (set, gloss_annotation_set_set_span (set, relation, 0, 4, failure),
                GLOSS_ANNOTATION_ERROR_WRONG_KIND);
}

static void
test_attributes (void)
{
  g_autoptr (GlossAnnotationSet) set = set_new (TEXT);
  GlossAnnotation *port = gloss_test_add_entity (set, "organisation", 0, 14);
  GlossAnnotation *claim = gloss_test_add_claim (set, 35, 65);
  GlossAnnotation *other = gloss_test_add_entity (set, "date", 23, 29);
  GlossAnnotation *relation = add_relation (set, "same-as", port, other);
  g_autoptr (GError) error = NULL;
  const char *name, *value;

  g_assert_true (gloss_annotation_set_set_attribute (set, claim, "stance", "predicts", &error));
  g_assert_true (gloss_annotation_set_set_attribute (set, claim, "certainty", "probable", &error));
  g_assert_true (gloss_annotation_set_set_attribute (set, port, "mention", "nominal", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (gloss_annotation_get_attribute (claim, "stance"), ==, "predicts");
  g_assert_cmpstr (gloss_annotation_get_attribute (claim, "certainty"), ==, "probable");
  g_assert_null (gloss_annotation_get_attribute (claim, "verdict"));
  g_assert_cmpuint (gloss_annotation_get_n_attributes (claim), ==, 2);
  gloss_annotation_get_nth_attribute (claim, 1, &name, &value);
  g_assert_cmpstr (name, ==, "certainty");
  g_assert_cmpstr (value, ==, "probable");
  g_assert_cmpstr (gloss_annotation_get_attribute (port, "mention"), ==, "nominal");
  g_assert_cmpstr (gloss_annotation_set_get_undo_label (set), ==, "Set Mention");

  /* Replace, then remove. */
  g_assert_true (gloss_annotation_set_set_attribute (set, claim, "stance", "denies", &error));
  g_assert_cmpstr (gloss_annotation_get_attribute (claim, "stance"), ==, "denies");
  g_assert_cmpuint (gloss_annotation_get_n_attributes (claim), ==, 2);
  g_assert_true (gloss_annotation_set_set_attribute (set, claim, "stance", NULL, &error));
  g_assert_null (gloss_annotation_get_attribute (claim, "stance"));
  g_assert_cmpuint (gloss_annotation_get_n_attributes (claim), ==, 1);
  g_assert_no_error (error);

  assert_fails (set, gloss_annotation_set_set_attribute (set, claim, "colour", "red", failure),
                GLOSS_ANNOTATION_ERROR_UNKNOWN_ATTRIBUTE);
  assert_fails (set, gloss_annotation_set_set_attribute (set, port, "stance", "asserts", failure),
                GLOSS_ANNOTATION_ERROR_UNKNOWN_ATTRIBUTE);
  assert_fails (set, gloss_annotation_set_set_attribute (set, claim, "mention", "name", failure),
                GLOSS_ANNOTATION_ERROR_UNKNOWN_ATTRIBUTE);
  assert_fails (set, gloss_annotation_set_set_attribute (set, relation, "mention", "name", failure),
                GLOSS_ANNOTATION_ERROR_UNKNOWN_ATTRIBUTE);
  assert_fails (set, gloss_annotation_set_set_attribute (set, claim, "stance", "shouts", failure),
                GLOSS_ANNOTATION_ERROR_BAD_VALUE);
  assert_fails (set, gloss_annotation_set_set_attribute (set, claim, "stance", "", failure),
                GLOSS_ANNOTATION_ERROR_BAD_VALUE);
}

static void
test_note_and_link (void)
{
  g_autoptr (GlossAnnotationSet) set = set_new (TEXT);
  GlossAnnotation *port = gloss_test_add_entity (set, "organisation", 0, 14);

  gloss_annotation_set_set_note (set, port, "Unnamed spokespeople.\nSecond line.");
  gloss_annotation_set_set_link (set, port, "wikidata:Q42");
  g_assert_cmpstr (gloss_annotation_get_note (port), ==, "Unnamed spokespeople.\nSecond line.");
  g_assert_cmpstr (gloss_annotation_get_link (port), ==, "wikidata:Q42");
  g_assert_cmpstr (gloss_annotation_set_get_undo_label (set), ==, "Edit Link");

  /* An empty note is no note. */
  gloss_annotation_set_set_note (set, port, "");
  g_assert_null (gloss_annotation_get_note (port));
  gloss_annotation_set_set_link (set, port, NULL);
  g_assert_null (gloss_annotation_get_link (port));
}

static void
test_claims (void)
{
  g_autoptr (GlossAnnotationSet) set = set_new (TEXT);
  GlossAnnotation *port = gloss_test_add_entity (set, "organisation", 0, 14);
  GlossAnnotation *claim = gloss_test_add_claim (set, 35, 65);
  GlossAnnotation *gone = gloss_test_add_entity (set, "date", 23, 29);
  GlossAnnotation *relation = add_relation (set, "same-as", port, gone);
  g_autoptr (GlossAnnotation) gone_ref = g_object_ref (gone);
  g_autoptr (GError) error = NULL;
  guint s = 0, e = 0;

  g_assert_cmpstr (gloss_annotation_get_id (claim), ==, "c1");
  g_assert_cmpint (gloss_annotation_get_kind (claim), ==, GLOSS_ANNOTATION_CLAIM);
  g_assert_cmpstr (gloss_annotation_get_type_id (claim), ==, "claim");
  g_assert_cmpint (gloss_annotation_get_source_kind (claim), ==, GLOSS_SOURCE_NONE);
  g_assert_false (gloss_annotation_get_cue (claim, NULL, NULL));
  g_assert_cmpstr (gloss_annotation_set_get_undo_label (set), ==, "Add Relation");

  g_assert_true (gloss_annotation_set_set_source_entity (set, claim, port, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gloss_annotation_get_source_kind (claim), ==, GLOSS_SOURCE_ENTITY);
  g_assert_cmpstr (gloss_annotation_get_source_entity (claim), ==, "e1");
  g_assert_false (gloss_annotation_get_source_span (claim, &s, &e));

  g_assert_true (gloss_annotation_set_set_source_span (set, claim, 0, 4, &error));
  g_assert_cmpint (gloss_annotation_get_source_kind (claim), ==, GLOSS_SOURCE_SPAN);
  g_assert_null (gloss_annotation_get_source_entity (claim));
  g_assert_true (gloss_annotation_get_source_span (claim, &s, &e));
  g_assert_cmpuint (s, ==, 0);
  g_assert_cmpuint (e, ==, 4);

  g_assert_true (gloss_annotation_set_set_source_article (set, claim, &error));
  g_assert_cmpint (gloss_annotation_get_source_kind (claim), ==, GLOSS_SOURCE_ARTICLE);
  g_assert_false (gloss_annotation_get_source_span (claim, NULL, NULL));

  g_assert_true (gloss_annotation_set_set_cue (set, claim, 15, 19, &error));
  g_assert_true (gloss_annotation_get_cue (claim, &s, &e));
  g_assert_cmpuint (s, ==, 15);
  g_assert_cmpuint (e, ==, 19);
  g_assert_cmpstr (gloss_annotation_set_get_undo_label (set), ==, "Set Cue");
  g_assert_true (gloss_annotation_set_set_cue (set, claim, GLOSS_OFFSET_NONE, GLOSS_OFFSET_NONE,
                                               &error));
  g_assert_false (gloss_annotation_get_cue (claim, NULL, NULL));
  g_assert_no_error (error);

  /* Wrong kinds. */
  assert_fails (set, gloss_annotation_set_set_cue (set, port, 15, 19, failure),
                GLOSS_ANNOTATION_ERROR_WRONG_KIND);
  assert_fails (set, gloss_annotation_set_set_source_article (set, port, failure),
                GLOSS_ANNOTATION_ERROR_WRONG_KIND);
  assert_fails (set, gloss_annotation_set_set_source_span (set, relation, 0, 4, failure),
                GLOSS_ANNOTATION_ERROR_WRONG_KIND);
  assert_fails (set, gloss_annotation_set_set_source_entity (set, port, port, failure),
                GLOSS_ANNOTATION_ERROR_WRONG_KIND);
  assert_fails (set, gloss_annotation_set_set_source_entity (set, claim, claim, failure),
                GLOSS_ANNOTATION_ERROR_WRONG_KIND);
  assert_fails (set, gloss_annotation_set_set_source_entity (set, claim, relation, failure),
                GLOSS_ANNOTATION_ERROR_WRONG_KIND);
  assert_fails (set, gloss_annotation_set_set_parent (set, port, claim, failure),
                GLOSS_ANNOTATION_ERROR_WRONG_KIND);

  /* Offsets. */
  assert_fails (set, gloss_annotation_set_set_cue (set, claim, 15, 15, failure),
                GLOSS_ANNOTATION_ERROR_OFFSETS);
  assert_fails (set, gloss_annotation_set_set_cue (set, claim, 15, GLOSS_OFFSET_NONE, failure),
                GLOSS_ANNOTATION_ERROR_OFFSETS);
  assert_fails (set, gloss_annotation_set_set_cue (set, claim, 60, 80, failure),
                GLOSS_ANNOTATION_ERROR_OFFSETS);
  assert_fails (set, gloss_annotation_set_set_source_span (set, claim, 9, 3, failure),
                GLOSS_ANNOTATION_ERROR_OFFSETS);
  assert_fails (set, gloss_annotation_set_set_source_span (set, claim, 0, 68, failure),
                GLOSS_ANNOTATION_ERROR_OFFSETS);
  assert_fails (set, gloss_annotation_set_add_claim (set, 10, 2, failure),
                GLOSS_ANNOTATION_ERROR_OFFSETS);

  /* A removed entity is no longer a possible source. */
  gloss_annotation_set_remove (set, gone);
  g_assert_null (gloss_annotation_set_lookup (set, "e2"));
  assert_fails (set, gloss_annotation_set_set_source_entity (set, claim, gone_ref, failure),
                GLOSS_ANNOTATION_ERROR_DANGLING_REFERENCE);
  assert_fails (set, gloss_annotation_set_add_relation (set, "same-as", port, gone_ref, failure),
                GLOSS_ANNOTATION_ERROR_DANGLING_REFERENCE);
}

static void
test_relations (void)
{
  g_autoptr (GlossAnnotationSet) set = set_new (TEXT);
  GlossAnnotation *person = gloss_test_add_entity (set, "person", 0, 4);
  GlossAnnotation *org = gloss_test_add_entity (set, "organisation", 5, 14);
  GlossAnnotation *monday = gloss_test_add_entity (set, "date", 23, 29);
  GlossAnnotation *loc = gloss_test_add_entity (set, "location", 59, 65);
  GlossAnnotation *c1 = gloss_test_add_claim (set, 35, 65);
  GlossAnnotation *c2 = gloss_test_add_claim (set, 0, 19);
  GListModel *relations = gloss_annotation_set_get_relations (set);
  GlossAnnotation *r;

  r = add_relation (set, "member-of", person, org);
  g_assert_cmpstr (gloss_annotation_get_id (r), ==, "r1");
  g_assert_cmpint (gloss_annotation_get_kind (r), ==, GLOSS_ANNOTATION_RELATION);
  g_assert_cmpstr (gloss_annotation_get_type_id (r), ==, "member-of");
  g_assert_cmpstr (gloss_annotation_get_from (r), ==, "e1");
  g_assert_cmpstr (gloss_annotation_get_to (r), ==, "e2");

  /* "claim" in a from/to list stands for any claim. */
  add_relation (set, "time-of", monday, c1);
  add_relation (set, "supports", c2, c1);
  add_relation (set, "about", c1, person);
  add_relation (set, "about", c1, c2);
  /* No list means anything. */
  add_relation (set, "part-of", loc, c2);
  add_relation (set, "same-as", c1, monday);

  assert_fails (set, gloss_annotation_set_add_relation (set, "member-of", loc, org, failure),
                GLOSS_ANNOTATION_ERROR_WRONG_KIND);
  assert_fails (set, gloss_annotation_set_add_relation (set, "member-of", person, loc, failure),
                GLOSS_ANNOTATION_ERROR_WRONG_KIND);
  assert_fails (set, gloss_annotation_set_add_relation (set, "time-of", monday, person, failure),
                GLOSS_ANNOTATION_ERROR_WRONG_KIND);
  assert_fails (set, gloss_annotation_set_add_relation (set, "time-of", c1, c2, failure),
                GLOSS_ANNOTATION_ERROR_WRONG_KIND);
  assert_fails (set, gloss_annotation_set_add_relation (set, "supports", c1, person, failure),
                GLOSS_ANNOTATION_ERROR_WRONG_KIND);
  assert_fails (set, gloss_annotation_set_add_relation (set, "about", person, c1, failure),
                GLOSS_ANNOTATION_ERROR_WRONG_KIND);
  assert_fails (set, gloss_annotation_set_add_relation (set, "part-of", r, c1, failure),
                GLOSS_ANNOTATION_ERROR_WRONG_KIND);
  assert_fails (set, gloss_annotation_set_add_relation (set, "part-of", c1, c1, failure),
                GLOSS_ANNOTATION_ERROR_WRONG_KIND);
  assert_fails (set, gloss_annotation_set_add_relation (set, "likes", person, org, failure),
                GLOSS_ANNOTATION_ERROR_UNKNOWN_TYPE);

  /* Relations are listed by id, with numbers compared as numbers. */
  for (guint i = 0; i < 5; i++)
    add_relation (set, "same-as", person, monday);
  g_assert_cmpuint (g_list_model_get_n_items (relations), ==, 12);
  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *id = g_strdup_printf ("r%u", i + 1);

      g_assert_cmpstr (gloss_annotation_get_id (nth (relations, i)), ==, id);
    }
}

static void
test_nesting (void)
{
  g_autoptr (GlossAnnotationSet) set = set_new (TEXT);
  GlossAnnotation *outer = gloss_test_add_claim (set, 0, 65);
  GlossAnnotation *middle = gloss_test_add_claim (set, 35, 65);
  GlossAnnotation *inner = gloss_test_add_claim (set, 39, 55);
  GlossAnnotation *beside = gloss_test_add_claim (set, 0, 10);
  GlossAnnotation *entity = gloss_test_add_entity (set, "date", 23, 29);
  g_autoptr (GError) error = NULL;

  g_assert_true (gloss_annotation_set_set_parent (set, middle, outer, &error));
  g_assert_true (gloss_annotation_set_set_parent (set, inner, middle, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (gloss_annotation_get_parent (inner), ==, "c2");
  g_assert_cmpstr (gloss_annotation_get_parent (middle), ==, "c1");

  assert_fails (set, gloss_annotation_set_set_parent (set, inner, beside, failure),
                GLOSS_ANNOTATION_ERROR_NESTING);
  assert_fails (set, gloss_annotation_set_set_parent (set, outer, middle, failure),
                GLOSS_ANNOTATION_ERROR_NESTING);
  assert_fails (set, gloss_annotation_set_set_parent (set, inner, inner, failure),
                GLOSS_ANNOTATION_ERROR_NESTING);
  assert_fails (set, gloss_annotation_set_set_parent (set, inner, entity, failure),
                GLOSS_ANNOTATION_ERROR_NESTING);

  /* A child may not leave its parent, a parent may not drop its child. */
  assert_fails (set, gloss_annotation_set_set_span (set, inner, 30, 55, failure),
                GLOSS_ANNOTATION_ERROR_NESTING);
  assert_fails (set, gloss_annotation_set_set_span (set, middle, 40, 65, failure),
                GLOSS_ANNOTATION_ERROR_NESTING);
  g_assert_true (gloss_annotation_set_set_span (set, middle, 36, 60, &error));
  g_assert_no_error (error);

  /* Equal spans contain each other: only the loop is refused. */
  {
    GlossAnnotation *twin_a = gloss_test_add_claim (set, 40, 50);
    GlossAnnotation *twin_b = gloss_test_add_claim (set, 40, 50);

    g_assert_true (gloss_annotation_set_set_parent (set, twin_a, twin_b, &error));
    g_assert_no_error (error);
    assert_fails (set, gloss_annotation_set_set_parent (set, twin_b, twin_a, failure),
                  GLOSS_ANNOTATION_ERROR_NESTING);
  }

  g_assert_true (gloss_annotation_set_set_parent (set, inner, NULL, &error));
  g_assert_null (gloss_annotation_get_parent (inner));
  g_assert_cmpstr (gloss_annotation_set_get_undo_label (set), ==, "Unnest Claim");
}

static void
test_remove_cascade (void)
{
  g_autoptr (GlossAnnotationSet) set = set_new (TEXT);
  GlossAnnotation *port = gloss_test_add_entity (set, "organisation", 0, 14);
  GlossAnnotation *monday = gloss_test_add_entity (set, "date", 23, 29);
  GlossAnnotation *outer = gloss_test_add_claim (set, 0, 65);
  GlossAnnotation *middle = gloss_test_add_claim (set, 35, 65);
  GlossAnnotation *inner = gloss_test_add_claim (set, 39, 55);
  GlossAnnotation *inner2 = gloss_test_add_claim (set, 56, 65);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autoptr (GError) error = NULL;
  guint s, e;

  g_assert_true (gloss_annotation_set_set_parent (set, middle, outer, &error));
  g_assert_true (gloss_annotation_set_set_parent (set, inner, middle, &error));
  g_assert_true (gloss_annotation_set_set_parent (set, inner2, middle, &error));
  g_assert_true (gloss_annotation_set_set_source_entity (set, middle, port, &error));
  g_assert_true (gloss_annotation_set_set_source_entity (set, inner, port, &error));
  add_relation (set, "same-as", port, monday);
  add_relation (set, "about", middle, port);
  add_relation (set, "time-of", monday, middle);
  add_relation (set, "supports", inner, middle);
  g_assert_no_error (error);

  /* Removing an entity: its relations go, claims keep their speaker as a span. */
  before = fingerprint_full (set, FALSE);
  gloss_annotation_set_remove (set, port);
  g_assert_null (gloss_annotation_set_lookup (set, "e1"));
  g_assert_null (gloss_annotation_set_lookup (set, "r1"));
  g_assert_null (gloss_annotation_set_lookup (set, "r2"));
  g_assert_nonnull (gloss_annotation_set_lookup (set, "r3"));
  g_assert_cmpint (gloss_annotation_get_source_kind (middle), ==, GLOSS_SOURCE_SPAN);
  g_assert_true (gloss_annotation_get_source_span (inner, &s, &e));
  g_assert_cmpuint (s, ==, 0);
  g_assert_cmpuint (e, ==, 14);
  g_assert_cmpstr (gloss_annotation_set_get_undo_label (set), ==, "Delete Organisation");

  /* One step undoes it all. */
  g_assert_true (gloss_annotation_set_undo (set));
  after = fingerprint_full (set, FALSE);
  g_assert_cmpstr (before, ==, after);
  g_assert_true (gloss_annotation_set_lookup (set, "e1") == port);
  g_assert_cmpstr (gloss_annotation_get_source_entity (inner), ==, "e1");
  g_assert_nonnull (gloss_annotation_set_lookup (set, "r1"));
  g_assert_nonnull (gloss_annotation_set_lookup (set, "r2"));
  g_assert_true (gloss_annotation_set_redo (set));
  g_assert_null (gloss_annotation_set_lookup (set, "e1"));
  g_assert_true (gloss_annotation_set_undo (set));

  /* Removing a claim: nested claims move up to its parent, its relations go. */
  gloss_annotation_set_remove (set, middle);
  g_assert_null (gloss_annotation_set_lookup (set, "c2"));
  g_assert_cmpstr (gloss_annotation_get_parent (inner), ==, "c1");
  g_assert_cmpstr (gloss_annotation_get_parent (inner2), ==, "c1");
  g_assert_null (gloss_annotation_set_lookup (set, "r2"));
  g_assert_null (gloss_annotation_set_lookup (set, "r3"));
  g_assert_null (gloss_annotation_set_lookup (set, "r4"));
  g_assert_nonnull (gloss_annotation_set_lookup (set, "r1"));
  g_assert_cmpstr (gloss_annotation_set_get_undo_label (set), ==, "Delete Claim");

  g_assert_true (gloss_annotation_set_undo (set));
  g_assert_cmpstr (gloss_annotation_get_parent (inner), ==, "c2");
  g_assert_cmpuint (g_list_model_get_n_items (gloss_annotation_set_get_relations (set)), ==, 4);

  /* A top-level claim's children become top-level. */
  gloss_annotation_set_remove (set, outer);
  g_assert_null (gloss_annotation_get_parent (middle));
  g_assert_cmpstr (gloss_annotation_get_parent (inner), ==, "c2");

  /* Removing a relation removes only it. */
  gloss_annotation_set_remove (set, gloss_annotation_set_lookup (set, "r1"));
  g_assert_cmpuint (gloss_annotation_set_get_size (set), ==, 2 + 3 + 3);
}

typedef struct
{
  guint position;
  guint removed;
  guint added;
} ItemsChanged;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GArray     *log)
{
  ItemsChanged change = { position, removed, added };

  g_array_append_val (log, change);
}

static void
assert_change (GArray *log,
               guint   index,
               guint   position,
               guint   removed,
               guint   added)
{
  ItemsChanged *change;

  g_assert_cmpuint (index, <, log->len);
  change = &g_array_index (log, ItemsChanged, index);
  g_assert_cmpuint (change->position, ==, position);
  g_assert_cmpuint (change->removed, ==, removed);
  g_assert_cmpuint (change->added, ==, added);
}

static void
assert_sorted (GListModel *model)
{
  for (guint i = 1; i < g_list_model_get_n_items (model); i++)
    {
      GlossAnnotation *a = nth (model, i - 1);
      GlossAnnotation *b = nth (model, i);

      g_assert_true (gloss_annotation_get_start (a) < gloss_annotation_get_start (b) ||
                     (gloss_annotation_get_start (a) == gloss_annotation_get_start (b) &&
                      gloss_annotation_get_end (a) <= gloss_annotation_get_end (b)));
    }
}

static void
on_annotation_changed (GlossAnnotationSet *set,
                       GlossAnnotation    *annotation,
                       const char         *what,
                       GPtrArray          *log)
{
  g_ptr_array_add (log, g_strdup_printf ("%s %s", gloss_annotation_get_id (annotation), what));
}

static void
on_annotation_added_removed (GlossAnnotationSet *set,
                             GlossAnnotation    *annotation,
                             GPtrArray          *log)
{
  const char *id = gloss_annotation_get_id (annotation);

  g_ptr_array_add (log, g_strdup_printf ("%s %s", id,
                                         gloss_annotation_set_lookup (set, id) != NULL
                                           ? "added"
                                           : "removed"));
}

static void
test_list_signals (void)
{
  g_autoptr (GlossAnnotationSet) set = set_new (TEXT);
  GListModel *entities = gloss_annotation_set_get_entities (set);
  g_autoptr (GArray) log = g_array_new (FALSE, FALSE, sizeof (ItemsChanged));
  g_autoptr (GPtrArray) events = g_ptr_array_new_with_free_func (g_free);
  GlossAnnotation *a, *b, *c;
  g_autoptr (GError) error = NULL;

  g_signal_connect (entities, "items-changed", G_CALLBACK (on_items_changed), log);
  g_signal_connect (set, "annotation-changed", G_CALLBACK (on_annotation_changed), events);
  g_signal_connect (set, "annotation-added", G_CALLBACK (on_annotation_added_removed), events);
  g_signal_connect (set, "annotation-removed", G_CALLBACK (on_annotation_added_removed), events);

  a = gloss_test_add_entity (set, "person", 20, 25);   /* [a] */
  b = gloss_test_add_entity (set, "person", 5, 10);    /* [b a] */
  c = gloss_test_add_entity (set, "person", 30, 35);   /* [b a c] */
  g_assert_cmpuint (log->len, ==, 3);
  assert_change (log, 0, 0, 0, 1);
  assert_change (log, 1, 0, 0, 1);
  assert_change (log, 2, 2, 0, 1);

  /* A change in place. */
  gloss_annotation_set_set_note (set, a, "x");
  g_assert_cmpuint (log->len, ==, 4);
  assert_change (log, 3, 1, 1, 1);

  /* A move: out of its old place, into its new one. */
  g_assert_true (gloss_annotation_set_set_span (set, b, 40, 45, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (log->len, ==, 6);
  assert_change (log, 4, 0, 1, 0);
  assert_change (log, 5, 2, 0, 1);
  g_assert_true (nth (entities, 0) == a);
  g_assert_true (nth (entities, 1) == c);
  g_assert_true (nth (entities, 2) == b);

  /* A span change that keeps the order is a change in place. */
  g_assert_true (gloss_annotation_set_set_span (set, c, 31, 36, &error));
  g_assert_cmpuint (log->len, ==, 7);
  assert_change (log, 6, 1, 1, 1);

  /* Same span, longer end: order by end, then id. */
  gloss_test_add_entity (set, "date", 20, 23);
  g_assert_cmpuint (log->len, ==, 8);
  assert_change (log, 7, 0, 0, 1);
  gloss_test_add_entity (set, "date", 20, 25);          /* e4 < e5 at the same span: after a (e1) */
  assert_change (log, 8, 2, 0, 1);
  assert_sorted (entities);

  gloss_annotation_set_remove (set, c);
  g_assert_cmpuint (log->len, ==, 10);
  assert_change (log, 9, 3, 1, 0);

  /* Undo emits the same kind of signals as the forward change. */
  g_assert_true (gloss_annotation_set_undo (set));
  assert_change (log, 10, 3, 0, 1);
  g_assert_true (gloss_annotation_set_undo (set));
  assert_change (log, 11, 2, 1, 0);
  g_assert_true (gloss_annotation_set_undo (set));
  assert_change (log, 12, 0, 1, 0);
  g_assert_true (gloss_annotation_set_undo (set));   /* c back to 30-35, in place */
  assert_change (log, 13, 1, 1, 1);
  g_assert_true (gloss_annotation_set_undo (set));   /* b back to 5-10 */
  assert_change (log, 14, 2, 1, 0);
  assert_change (log, 15, 0, 0, 1);
  g_assert_cmpuint (log->len, ==, 16);
  assert_sorted (entities);

  g_assert_cmpuint (events->len, ==, 14);
  g_assert_cmpstr (g_ptr_array_index (events, 0), ==, "e1 added");
  g_assert_cmpstr (g_ptr_array_index (events, 3), ==, "e1 note");
  g_assert_cmpstr (g_ptr_array_index (events, 4), ==, "e2 span");
  g_assert_cmpstr (g_ptr_array_index (events, 8), ==, "e3 removed");
  g_assert_cmpstr (g_ptr_array_index (events, 9), ==, "e3 added");
  g_assert_cmpstr (g_ptr_array_index (events, 10), ==, "e5 removed");
  g_assert_cmpstr (g_ptr_array_index (events, 12), ==, "e3 span");
  g_assert_cmpstr (g_ptr_array_index (events, 13), ==, "e2 span");
}

static int
compare_pointers (gconstpointer a,
                  gconstpointer b)
{
  guintptr x = (guintptr) * (gpointer *) a;
  guintptr y = (guintptr) * (gpointer *) b;

  return x < y ? -1 : x > y;
}

static void
test_query (void)
{
  g_autoptr (GString) text = g_string_new (NULL);
  g_autoptr (GlossAnnotationSet) set = NULL;
  GRand *rand = g_rand_new_with_seed (20261120);
  guint length = 3000;

  for (guint i = 0; i < length; i++)
    g_string_append_c (text, 'a' + i % 26);
  set = set_new (text->str);

  for (guint i = 0; i < 600; i++)
    {
      guint start = g_rand_int_range (rand, 0, length - 1);
      guint width = 1 + g_rand_int_range (rand, 0, i % 7 == 0 ? 800 : 30);
      guint end = MIN (length, start + width);

      if (i % 4 == 0)
        gloss_test_add_claim (set, start, end);
      else
        gloss_test_add_entity (set, "person", start, end);
    }

  /* Some removals and moves so that the index sees more than insertions. */
  for (guint i = 0; i < 100; i++)
    {
      GListModel *entities = gloss_annotation_set_get_entities (set);
      guint n = g_list_model_get_n_items (entities);
      GlossAnnotation *a = nth (entities, g_rand_int_range (rand, 0, n));

      if (i % 2 == 0)
        gloss_annotation_set_remove (set, a);
      else
        g_assert_true (gloss_annotation_set_set_span (set, a, 10 + i, 20 + 2 * i, NULL));
    }

  for (guint q = 0; q < 500; q++)
    {
      g_autoptr (GPtrArray) got = g_ptr_array_new ();
      g_autoptr (GPtrArray) want = g_ptr_array_new ();
      guint start = g_rand_int_range (rand, 0, length);
      guint width = g_rand_int_range (rand, 1, 300);
      guint end = q % 10 == 0 ? start : MIN (length, start + width);
      GListModel *lists[] = { gloss_annotation_set_get_entities (set),
                              gloss_annotation_set_get_claims (set) };

      gloss_annotation_set_query (set, start, end, got);

      for (guint l = 0; l < 2; l++)
        for (guint i = 0; i < g_list_model_get_n_items (lists[l]); i++)
          {
            GlossAnnotation *a = nth (lists[l], i);

            /* An empty range overlaps nothing. */
            if (start < end &&
                gloss_annotation_get_start (a) < end && start < gloss_annotation_get_end (a))
              g_ptr_array_add (want, a);
          }

      /* Ordered by (start, end)... */
      for (guint i = 1; i < got->len; i++)
        {
          GlossAnnotation *a = g_ptr_array_index (got, i - 1);
          GlossAnnotation *b = g_ptr_array_index (got, i);

          g_assert_true (gloss_annotation_get_start (a) < gloss_annotation_get_start (b) ||
                         (gloss_annotation_get_start (a) == gloss_annotation_get_start (b) &&
                          gloss_annotation_get_end (a) <= gloss_annotation_get_end (b)));
        }

      /* ...and exactly the overlapping ones. */
      g_assert_cmpuint (got->len, ==, want->len);
      g_ptr_array_sort (got, compare_pointers);
      g_ptr_array_sort (want, compare_pointers);
      for (guint i = 0; i < got->len; i++)
        g_assert_true (g_ptr_array_index (got, i) == g_ptr_array_index (want, i));
    }

  g_rand_free (rand);
}

static void
test_ids_not_reused (void)
{
  g_autoptr (GlossAnnotationSet) set = set_new (TEXT);
  GlossAnnotation *a;
  g_autofree char *next = NULL;

  gloss_test_add_entity (set, "person", 0, 4);
  gloss_test_add_entity (set, "person", 5, 14);
  a = gloss_test_add_entity (set, "person", 15, 19);
  g_assert_cmpstr (gloss_annotation_get_id (a), ==, "e3");

  gloss_annotation_set_remove (set, a);
  a = gloss_test_add_entity (set, "person", 15, 19);
  g_assert_cmpstr (gloss_annotation_get_id (a), ==, "e4");

  /* Even an undone addition keeps its number. */
  g_assert_true (gloss_annotation_set_undo (set));
  a = gloss_test_add_entity (set, "person", 15, 19);
  g_assert_cmpstr (gloss_annotation_get_id (a), ==, "e5");

  gloss_annotation_set_remove (set, gloss_annotation_set_lookup (set, "e1"));
  a = gloss_test_add_claim (set, 0, 4);
  g_assert_cmpstr (gloss_annotation_get_id (a), ==, "c1");
  next = _gloss_annotation_set_next_id (set, GLOSS_ANNOTATION_ENTITY);
  g_assert_cmpstr (next, ==, "e6");
}

static GlossAnnotationSet *
load_begin (const char *text)
{
  g_autoptr (GlossDocument) document = document_new (text);

  return _gloss_annotation_set_new_for_load (document, gloss_tagset_get_default (), "bob", "Bob",
                                             "news", "0.9", 1700000000, 1700000100);
}

static gboolean
insert (GlossAnnotationSet *set,
        GlossAnnotation    *annotation,
        GError            **error)
{
  return _gloss_annotation_set_insert_loaded (set, annotation, error);
}

static GlossAnnotation *
raw (GlossAnnotationKind kind,
     const char         *id,
     const char         *type,
     guint               start,
     guint               end)
{
  return _gloss_annotation_new (kind, id, type, start, end, NULL, 1700000000, 1700000050);
}

static void
test_load (void)
{
  g_autoptr (GlossAnnotationSet) set = load_begin (TEXT);
  g_autoptr (GError) error = NULL;
  GlossAnnotation *culprit = NULL;
  GlossAnnotation *claim, *relation, *e, *orphan;
  g_autofree char *next = NULL;
  GListModel *entities = gloss_annotation_set_get_entities (set);
  g_autoptr (GArray) log = g_array_new (FALSE, FALSE, sizeof (ItemsChanged));

  g_signal_connect (entities, "items-changed", G_CALLBACK (on_items_changed), log);

  g_assert_true (insert (set, raw (GLOSS_ANNOTATION_ENTITY, "e7", "date", 59, 65), &error));
  e = raw (GLOSS_ANNOTATION_ENTITY, "e2", "organisation", 0, 14);
  _gloss_annotation_set_attribute_raw (e, "mention", "nominal");
  _gloss_annotation_set_note_raw (e, "Port authority.");
  _gloss_annotation_add_extension (e, "<x:tag xmlns:x=\"urn:example\">kept</x:tag>");
  g_assert_true (insert (set, e, &error));
  g_assert_true (insert (set, raw (GLOSS_ANNOTATION_ENTITY, "ent-a", "date", 23, 29), &error));

  claim = raw (GLOSS_ANNOTATION_CLAIM, "c1", NULL, 35, 65);
  _gloss_annotation_set_source_raw (claim, GLOSS_SOURCE_ENTITY, "e2", 0, 0);
  _gloss_annotation_set_cue_raw (claim, 15, 19);
  g_assert_true (insert (set, claim, &error));
  relation = raw (GLOSS_ANNOTATION_RELATION, "r1", "time-of", 0, 0);
  _gloss_annotation_set_relation_raw (relation, "e7", "c1");
  g_assert_true (insert (set, relation, &error));

  /* The article changed: an orphaned span may lie outside it. */
  orphan = raw (GLOSS_ANNOTATION_ENTITY, "e3", "person", 60, 90);
  _gloss_annotation_set_anchor_raw (orphan, GLOSS_ANCHOR_ORPHANED, "by ", "Fridays and more", "");
  g_assert_true (insert (set, orphan, &error));
  g_assert_no_error (error);

  /* Refusals, each naming the annotation. */
  g_assert_false (insert (set, raw (GLOSS_ANNOTATION_ENTITY, "e2", "date", 0, 4), &error));
  g_assert_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_DUPLICATE_ID);
  g_assert_nonnull (strstr (error->message, "e2"));
  g_clear_error (&error);
  g_assert_false (insert (set, raw (GLOSS_ANNOTATION_ENTITY, "e9", "planet", 0, 4), &error));
  g_assert_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_UNKNOWN_TYPE);
  g_assert_nonnull (strstr (error->message, "e9"));
  g_assert_nonnull (strstr (error->message, "planet"));
  g_clear_error (&error);
  g_assert_false (insert (set, raw (GLOSS_ANNOTATION_RELATION, "r9", "loves", 0, 0), &error));
  g_assert_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_UNKNOWN_TYPE);
  g_clear_error (&error);
  g_assert_false (insert (set, raw (GLOSS_ANNOTATION_ENTITY, "e10", "date", 60, 90), &error));
  g_assert_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_OFFSETS);
  g_assert_nonnull (strstr (error->message, "e10"));
  g_clear_error (&error);
  g_assert_false (insert (set, raw (GLOSS_ANNOTATION_CLAIM, "c10", NULL, 9, 9), &error));
  g_assert_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_OFFSETS);
  g_clear_error (&error);
  claim = raw (GLOSS_ANNOTATION_CLAIM, "c11", NULL, 0, 9);
  _gloss_annotation_set_cue_raw (claim, 60, 99);
  g_assert_false (insert (set, claim, &error));
  g_assert_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_OFFSETS);
  g_clear_error (&error);

  _gloss_annotation_set_add_extension (set, "<x:meta xmlns:x=\"urn:example\"/>");

  g_assert_cmpuint (log->len, ==, 0);
  g_assert_true (_gloss_annotation_set_finish_load (set, &culprit, &error));
  g_assert_no_error (error);
  g_assert_null (culprit);

  /* Sorted once, announced once. */
  g_assert_cmpuint (log->len, ==, 1);
  assert_change (log, 0, 0, 0, 4);
  g_assert_cmpstr (gloss_annotation_get_id (nth (entities, 0)), ==, "e2");
  g_assert_cmpstr (gloss_annotation_get_id (nth (entities, 1)), ==, "ent-a");
  g_assert_cmpstr (gloss_annotation_get_id (nth (entities, 2)), ==, "e7");
  g_assert_cmpstr (gloss_annotation_get_id (nth (entities, 3)), ==, "e3");

  g_assert_cmpstr (gloss_annotation_set_get_tagset_version (set), ==, "0.9");
  g_assert_cmpint (gloss_annotation_set_get_created (set), ==, 1700000000);
  g_assert_cmpint (gloss_annotation_set_get_modified (set), ==, 1700000100);
  g_assert_cmpstr (gloss_annotation_get_annotator (e), ==, "bob");
  g_assert_cmpint (gloss_annotation_get_modified (e), ==, 1700000050);
  g_assert_cmpstr (((char **) _gloss_annotation_get_extensions (e)->pdata)[0], ==,
                   "<x:tag xmlns:x=\"urn:example\">kept</x:tag>");
  g_assert_cmpuint (_gloss_annotation_set_get_extensions (set)->len, ==, 1);
  g_assert_cmpint (gloss_annotation_get_anchor_state (orphan), ==, GLOSS_ANCHOR_ORPHANED);
  g_assert_cmpstr (gloss_annotation_get_stored_exact (orphan), ==, "Fridays and more");
  g_assert_cmpstr (_gloss_annotation_get_stored_prefix (orphan), ==, "by ");
  g_assert_cmpstr (_gloss_annotation_get_stored_suffix (orphan), ==, "");

  /* Queries work, the history is empty, ids continue after the largest. */
  {
    g_autoptr (GPtrArray) hits = g_ptr_array_new ();

    gloss_annotation_set_query (set, 60, 61, hits);
    g_assert_cmpuint (hits->len, ==, 3);
  }
  g_assert_false (gloss_annotation_set_can_undo (set));
  next = _gloss_annotation_set_next_id (set, GLOSS_ANNOTATION_ENTITY);
  g_assert_cmpstr (next, ==, "e8");
  g_assert_cmpstr (gloss_annotation_get_id (gloss_test_add_claim (set, 1, 3)), ==, "c2");

  /* Setting a span by hand puts the annotation back on the text. */
  g_assert_true (gloss_annotation_set_set_span (set, orphan, 60, 65, &error));
  g_assert_cmpint (gloss_annotation_get_anchor_state (orphan), ==, GLOSS_ANCHOR_OK);
  g_assert_null (gloss_annotation_get_stored_exact (orphan));
  g_assert_true (gloss_annotation_set_undo (set));
  g_assert_cmpint (gloss_annotation_get_anchor_state (orphan), ==, GLOSS_ANCHOR_ORPHANED);
  g_assert_cmpstr (gloss_annotation_get_stored_exact (orphan), ==, "Fridays and more");
}

typedef void (*BrokenFunc) (GlossAnnotationSet *set);

static void
broken_source (GlossAnnotationSet *set)
{
  GlossAnnotation *claim = raw (GLOSS_ANNOTATION_CLAIM, "c1", NULL, 35, 65);

  _gloss_annotation_set_source_raw (claim, GLOSS_SOURCE_ENTITY, "e99", 0, 0);
  g_assert_true (insert (set, claim, NULL));
}

static void
broken_source_kind (GlossAnnotationSet *set)
{
  GlossAnnotation *claim = raw (GLOSS_ANNOTATION_CLAIM, "c1", NULL, 35, 65);

  _gloss_annotation_set_source_raw (claim, GLOSS_SOURCE_ENTITY, "c2", 0, 0);
  g_assert_true (insert (set, claim, NULL));
  g_assert_true (insert (set, raw (GLOSS_ANNOTATION_CLAIM, "c2", NULL, 0, 4), NULL));
}

static void
broken_parent (GlossAnnotationSet *set)
{
  GlossAnnotation *claim = raw (GLOSS_ANNOTATION_CLAIM, "c1", NULL, 35, 65);

  _gloss_annotation_set_parent_raw (claim, "c2");
  g_assert_true (insert (set, claim, NULL));
  g_assert_true (insert (set, raw (GLOSS_ANNOTATION_CLAIM, "c2", NULL, 40, 67), NULL));
}

static void
broken_cycle (GlossAnnotationSet *set)
{
  GlossAnnotation *a = raw (GLOSS_ANNOTATION_CLAIM, "c1", NULL, 35, 65);
  GlossAnnotation *b = raw (GLOSS_ANNOTATION_CLAIM, "c2", NULL, 35, 65);
  GlossAnnotation *c = raw (GLOSS_ANNOTATION_CLAIM, "c3", NULL, 35, 65);

  _gloss_annotation_set_parent_raw (a, "c2");
  _gloss_annotation_set_parent_raw (b, "c3");
  _gloss_annotation_set_parent_raw (c, "c1");
  g_assert_true (insert (set, a, NULL));
  g_assert_true (insert (set, b, NULL));
  g_assert_true (insert (set, c, NULL));
}

static void
broken_relation_end (GlossAnnotationSet *set)
{
  GlossAnnotation *relation = raw (GLOSS_ANNOTATION_RELATION, "r1", "member-of", 0, 0);

  g_assert_true (insert (set, raw (GLOSS_ANNOTATION_ENTITY, "e1", "date", 23, 29), NULL));
  g_assert_true (insert (set, raw (GLOSS_ANNOTATION_ENTITY, "e2", "organisation", 0, 14), NULL));
  _gloss_annotation_set_relation_raw (relation, "e1", "e2");
  g_assert_true (insert (set, relation, NULL));
}

static void
broken_relation_missing (GlossAnnotationSet *set)
{
  GlossAnnotation *relation = raw (GLOSS_ANNOTATION_RELATION, "r1", "same-as", 0, 0);

  g_assert_true (insert (set, raw (GLOSS_ANNOTATION_ENTITY, "e1", "date", 23, 29), NULL));
  _gloss_annotation_set_relation_raw (relation, "e1", "e5");
  g_assert_true (insert (set, relation, NULL));
}

static void
test_load_refused (void)
{
  struct
  {
    BrokenFunc           func;
    GlossAnnotationError code;
    const char          *culprit;
  } cases[] = {
    { broken_source, GLOSS_ANNOTATION_ERROR_DANGLING_REFERENCE, "c1" },
    { broken_source_kind, GLOSS_ANNOTATION_ERROR_WRONG_KIND, "c1" },
    { broken_parent, GLOSS_ANNOTATION_ERROR_NESTING, "c1" },
    { broken_cycle, GLOSS_ANNOTATION_ERROR_NESTING, NULL },
    { broken_relation_end, GLOSS_ANNOTATION_ERROR_WRONG_KIND, "r1" },
    { broken_relation_missing, GLOSS_ANNOTATION_ERROR_DANGLING_REFERENCE, "r1" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (GlossAnnotationSet) set = load_begin (TEXT);
      g_autoptr (GError) error = NULL;
      GlossAnnotation *culprit = NULL;

      cases[i].func (set);
      g_assert_false (_gloss_annotation_set_finish_load (set, &culprit, &error));
      g_assert_error (error, GLOSS_ANNOTATION_ERROR, (int) cases[i].code);
      g_assert_nonnull (culprit);
      g_test_message ("refused: %s (culprit %s)", error->message,
                      gloss_annotation_get_id (culprit));
      if (cases[i].culprit != NULL)
        g_assert_cmpstr (gloss_annotation_get_id (culprit), ==, cases[i].culprit);
      g_assert_nonnull (strstr (error->message, gloss_annotation_get_id (culprit)));
    }
}

static void
test_validate (void)
{
  g_autoptr (GlossAnnotationSet) set = load_begin (TEXT);
  g_autoptr (GlossAnnotationSet) good = set_new (TEXT);
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr (GError) error = NULL;
  GlossAnnotation *a, *claim;
  gboolean found_bad_value = FALSE, found_unknown = FALSE, found_mismatch = FALSE;

  a = raw (GLOSS_ANNOTATION_ENTITY, "e1", "person", 0, 4);
  _gloss_annotation_set_attribute_raw (a, "mention", "shouted");
  _gloss_annotation_set_attribute_raw (a, "stance", "asserts");
  _gloss_annotation_set_attribute_raw (a, "flavour", "sweet");
  g_assert_true (insert (set, a, NULL));
  a = raw (GLOSS_ANNOTATION_ENTITY, "e2", "person", 5, 14);
  _gloss_annotation_set_anchor_raw (a, GLOSS_ANCHOR_MISMATCH, "Port ", "authorities", " said");
  g_assert_true (insert (set, a, NULL));
  claim = raw (GLOSS_ANNOTATION_CLAIM, "c1", NULL, 35, 65);
  _gloss_annotation_set_attribute_raw (claim, "certainty", "probable");
  g_assert_true (insert (set, claim, NULL));
  g_assert_true (_gloss_annotation_set_finish_load (set, NULL, &error));
  g_assert_no_error (error);

  g_assert_false (gloss_annotation_set_validate (set, problems));
  for (guint i = 0; i < problems->len; i++)
    {
      const char *problem = g_ptr_array_index (problems, i);

      g_test_message ("problem: %s", problem);
      g_assert_true (g_str_has_prefix (problem, "e1: ") || g_str_has_prefix (problem, "e2: "));
      found_bad_value |= strstr (problem, "shouted") != NULL;
      found_unknown |= strstr (problem, "flavour") != NULL;
      found_mismatch |= strstr (problem, "authorities") != NULL;
    }
  g_assert_cmpuint (problems->len, ==, 4);
  g_assert_true (found_bad_value && found_unknown && found_mismatch);

  /* A set built through the mutations is always valid. */
  g_ptr_array_set_size (problems, 0);
  claim = gloss_test_add_claim (good, 35, 65);
  g_assert_true (gloss_annotation_set_set_source_entity (good, claim,
                                                         gloss_test_add_entity (good, "person", 0, 4), NULL));
  g_assert_true (gloss_annotation_set_set_attribute (good, claim, "stance", "asserts", NULL));
  g_assert_true (gloss_annotation_set_validate (good, problems));
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
test_count_types (void)
{
  g_autoptr (GlossAnnotationSet) set = set_new (TEXT);
  g_autoptr (GHashTable) counts = NULL;
  GlossAnnotation *a = gloss_test_add_entity (set, "person", 0, 4);
  GlossAnnotation *b = gloss_test_add_entity (set, "person", 5, 14);
  GlossAnnotation *c = gloss_test_add_entity (set, "date", 23, 29);
  GlossAnnotation *claim = gloss_test_add_claim (set, 35, 65);

  add_relation (set, "same-as", a, b);
  add_relation (set, "same-as", b, c);
  add_relation (set, "time-of", c, claim);

  counts = gloss_annotation_set_count_types (set);
  g_assert_cmpuint (g_hash_table_size (counts), ==, 5);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, "person")), ==, 2);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, "date")), ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, "claim")), ==, 1);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, "relation:same-as")), ==, 2);
  g_assert_cmpuint (GPOINTER_TO_UINT (g_hash_table_lookup (counts, "relation:time-of")), ==, 1);
  g_assert_false (g_hash_table_contains (counts, "organisation"));
}

static void
test_equal (void)
{
  g_autoptr (GlossAnnotation) a = raw (GLOSS_ANNOTATION_CLAIM, "c1", NULL, 35, 65);
  g_autoptr (GlossAnnotation) b = raw (GLOSS_ANNOTATION_CLAIM, "c1", NULL, 35, 65);
  g_autoptr (GlossAnnotation) long_id = raw (GLOSS_ANNOTATION_ENTITY,
                                             "an-id-that-does-not-fit-inline", "date", 0, 1);

  g_assert_true (gloss_annotation_equal (a, b));
  _gloss_annotation_set_attribute_raw (a, "stance", "asserts");
  _gloss_annotation_set_attribute_raw (a, "certainty", "possible");
  g_assert_false (gloss_annotation_equal (a, b));
  /* Attribute order does not matter. */
  _gloss_annotation_set_attribute_raw (b, "certainty", "possible");
  _gloss_annotation_set_attribute_raw (b, "stance", "asserts");
  g_assert_true (gloss_annotation_equal (a, b));
  _gloss_annotation_set_cue_raw (a, 1, 3);
  g_assert_false (gloss_annotation_equal (a, b));
  _gloss_annotation_set_cue_raw (b, 1, 3);
  _gloss_annotation_set_source_raw (a, GLOSS_SOURCE_SPAN, NULL, 0, 4);
  _gloss_annotation_set_source_raw (b, GLOSS_SOURCE_SPAN, NULL, 0, 5);
  g_assert_false (gloss_annotation_equal (a, b));
  _gloss_annotation_set_source_raw (b, GLOSS_SOURCE_SPAN, NULL, 0, 4);
  g_assert_true (gloss_annotation_equal (a, b));
  _gloss_annotation_set_note_raw (b, "n");
  g_assert_false (gloss_annotation_equal (a, b));
  _gloss_annotation_set_note_raw (b, NULL);
  g_assert_true (gloss_annotation_equal (a, b));

  g_assert_cmpstr (gloss_annotation_get_id (long_id), ==, "an-id-that-does-not-fit-inline");
  g_assert_false (gloss_annotation_equal (a, long_id));
}

/* A 10 MB article with 100 000 entities, the size the memory goal names. */
#define BIG_LENGTH   (10 * 1000 * 1000)
#define BIG_ENTITIES 100000

static GlossDocument *
big_document (void)
{
  static const char words[] = "The minister said the harbour strike would end on Friday. ";
  GString *text = g_string_sized_new (BIG_LENGTH + sizeof words);
  g_autoptr (GBytes) bytes = NULL;
  g_autoptr (GError) error = NULL;
  GlossDocument *document;

  while (text->len < BIG_LENGTH)
    g_string_append (text, words);
  g_string_truncate (text, BIG_LENGTH);
  bytes = g_string_free_to_bytes (text);
  document = gloss_document_new_from_bytes ("big.txt", bytes, &error);
  g_assert_no_error (error);

  return document;
}

static const char *entity_types[] = { "person", "organisation", "gpe", "date", "quantity" };

/* "e" and the decimal number, without printf's cost. */
static void
format_id (char  *buf,
           guint  n)
{
  char digits[12];
  guint len = 0;

  do
    {
      digits[len++] = '0' + n % 10;
      n /= 10;
    }
  while (n > 0);

  *buf++ = 'e';
  while (len > 0)
    *buf++ = digits[--len];
  *buf = '\0';
}

static GlossAnnotationSet *
load_big (GlossDocument *document,
          gboolean       shuffled)
{
  GlossAnnotationSet *set;
  g_autoptr (GError) error = NULL;
  char id[16];

  set = _gloss_annotation_set_new_for_load (document, gloss_tagset_get_default (), "alice",
                                            "Alice", "news", "1", 1700000000, 1700000000);
  for (guint i = 0; i < BIG_ENTITIES; i++)
    {
      /* Shuffled as a file written by another tool might be, or in the
       * order Gloss writes. */
      guint n = shuffled ? (i * 7919u) % BIG_ENTITIES : i;
      guint start = n * (BIG_LENGTH / BIG_ENTITIES);

      format_id (id, n + 1);
      if (!_gloss_annotation_set_insert_loaded (set,
                                                _gloss_annotation_new (GLOSS_ANNOTATION_ENTITY, id,
                                                                       entity_types[n % 5],
                                                                       start, start + 4 + n % 20,
                                                                       NULL, 1700000000,
                                                                       1700000000),
                                                &error))
        g_error ("%s", error->message);
    }
  if (!_gloss_annotation_set_finish_load (set, NULL, &error))
    g_error ("%s", error->message);

  return set;
}

static double
cpu_ms (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);

  return ts.tv_sec * 1000.0 + ts.tv_nsec / 1.0e6;
}

static void
test_load_speed (void)
{
  g_autoptr (GlossDocument) document = big_document ();

  for (guint shuffled = 0; shuffled < 2; shuffled++)
    {
      g_autoptr (GlossAnnotationSet) set = NULL;
      gint64 begin, end;
      double cpu_begin, cpu_end;

      begin = g_get_monotonic_time ();
      cpu_begin = cpu_ms ();
      set = load_big (document, shuffled);
      cpu_end = cpu_ms ();
      end = g_get_monotonic_time ();

      g_assert_cmpuint (gloss_annotation_set_get_size (set), ==, BIG_ENTITIES);
      g_assert_cmpuint (g_list_model_get_n_items (gloss_annotation_set_get_entities (set)), ==,
                        BIG_ENTITIES);
      assert_sorted (gloss_annotation_set_get_entities (set));
      g_test_message ("figure: load_100k_entities%s = %.1f ms (%.1f ms of CPU)",
                      shuffled ? "_shuffled" : "", (end - begin) / 1000.0, cpu_end - cpu_begin);
    }
}

static gboolean
malloc_is_measurable (void)
{
#if defined(__SANITIZE_ADDRESS__)
  return FALSE;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
  return FALSE;
#endif
#endif
  return !RUNNING_ON_VALGRIND;
}

static gsize
malloc_in_use (void)
{
  struct mallinfo2 info = mallinfo2 ();

  /* Large blocks (the list and hash arrays) are mmap'd, small ones are not. */
  return info.uordblks + info.hblkhd;
}

/* Memory is measured in a fresh process: GLib's slice allocator keeps
 * the blocks that earlier tests freed and would hide the new ones. The
 * child's figures reach the TAP stream as comments through its stdout. */
#define figure(...)                 \
  G_STMT_START                      \
  {                                 \
    g_autofree char *line_ = g_strdup_printf (__VA_ARGS__); \
    g_test_message ("%s", line_);   \
    g_print ("# %s\n", line_);      \
  }                                 \
  G_STMT_END

static void
run_in_subprocess (const char *path)
{
  g_test_trap_subprocess (path, 0, G_TEST_SUBPROCESS_INHERIT_STDOUT);
  g_test_trap_assert_passed ();
}

static void
measure_loaded_memory (void)
{
  g_autoptr (GlossDocument) document = NULL;
  g_autoptr (GlossAnnotationSet) set = NULL;
  g_autoptr (GPtrArray) hits = g_ptr_array_new ();
  gsize before, after, estimate;
  double per_annotation;

  document = big_document ();
  /* Touch what is set up once per process. */
  g_assert_nonnull (gloss_tagset_get_default ());
  g_intern_string ("alice");
  for (guint i = 0; i < G_N_ELEMENTS (entity_types); i++)
    g_intern_string (entity_types[i]);

  malloc_trim (0);
  before = malloc_in_use ();
  set = load_big (document, TRUE);
  after = malloc_in_use ();

  per_annotation = (double) (after - before) / BIG_ENTITIES;
  estimate = gloss_annotation_set_get_memory_size (set);
  figure ("figure: memory_per_entity = %.1f bytes (mallinfo2), %.1f bytes (estimate)",
          per_annotation, (double) estimate / BIG_ENTITIES);
  g_assert_cmpfloat (per_annotation, <=, 300.0);
  /* The estimate is honest: within a third of what malloc saw. */
  g_assert_cmpfloat ((double) estimate, >=, (after - before) * 0.66);
  g_assert_cmpfloat ((double) estimate, <=, (after - before) * 1.5);

  gloss_annotation_set_query (set, 5000000, 5000200, hits);
  g_assert_cmpuint (hits->len, >, 0);
}

static void
measure_added_memory (void)
{
  g_autoptr (GlossDocument) document = NULL;
  g_autoptr (GlossAnnotationSet) set = NULL;
  gsize before, after;
  double per_annotation;

  document = big_document ();
  set = gloss_annotation_set_new (document, gloss_tagset_get_default (), "alice", NULL);

  malloc_trim (0);
  before = malloc_in_use ();
  for (guint i = 0; i < BIG_ENTITIES; i++)
    {
      guint start = i * (BIG_LENGTH / BIG_ENTITIES);

      if (gloss_annotation_set_add_entity (set, entity_types[i % 5], start, start + 5, NULL) ==
          NULL)
        g_error ("could not add entity %u", i);
    }
  after = malloc_in_use ();

  /* The history keeps the last GLOSS_UNDO_DEPTH additions; that is part of
   * what an editing session holds. */
  per_annotation = (double) (after - before) / BIG_ENTITIES;
  figure ("figure: memory_per_entity_added = %.1f bytes (mallinfo2), %.1f bytes (estimate)",
          per_annotation, (double) gloss_annotation_set_get_memory_size (set) / BIG_ENTITIES);
  g_assert_cmpfloat (per_annotation, <=, 300.0);
}

static void
test_memory (gconstpointer data)
{
  const char *path = data;

  if (!malloc_is_measurable ())
    {
      g_test_skip ("malloc statistics are not meaningful under a sanitizer or valgrind");
      return;
    }

  if (!g_test_subprocess ())
    {
      run_in_subprocess (path);
      return;
    }

  if (strstr (path, "by-hand") != NULL)
    measure_added_memory ();
  else
    measure_loaded_memory ();
}

/* Extensions */

typedef struct
{
  GPtrArray *events;  /* char *: "ext:ID", "ext:root", "changed:ID:WHAT" */
} ExtensionLog;

static void
on_extensions_changed (GlossAnnotationSet *set,
                       GlossAnnotation    *annotation,
                       ExtensionLog       *log)
{
  g_ptr_array_add (log->events,
                   g_strdup_printf ("ext:%s", annotation != NULL
                                                ? gloss_annotation_get_id (annotation)
                                                : "root"));
}

static void
on_annotation_changed_log (GlossAnnotationSet *set,
                           GlossAnnotation    *annotation,
                           const char         *what,
                           ExtensionLog       *log)
{
  g_ptr_array_add (log->events,
                   g_strdup_printf ("changed:%s:%s", gloss_annotation_get_id (annotation), what));
}

/* The extensions joined with "|", "-" for none (NULL). */
static char *
extensions_text (const GPtrArray *list)
{
  GString *out;

  if (list == NULL)
    return g_strdup ("-");
  /* Emptied lists go back to NULL. */
  g_assert_cmpuint (list->len, >, 0);
  out = g_string_new (NULL);
  for (guint i = 0; i < list->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, '|');
      g_string_append (out, g_ptr_array_index (list, i));
    }

  return g_string_free (out, FALSE);
}

static void
assert_root (GlossAnnotationSet *set,
             const char         *expected)
{
  g_autofree char *text = extensions_text (_gloss_annotation_set_get_extensions (set));

  g_assert_cmpstr (text, ==, expected);
}

static void
assert_own (GlossAnnotation *annotation,
            const char      *expected)
{
  g_autofree char *text = extensions_text (_gloss_annotation_get_extensions (annotation));

  g_assert_cmpstr (text, ==, expected);
}

static GlossAnnotationSet *
loaded_set_with_entity (GlossAnnotation **entity)
{
  GlossAnnotationSet *set = load_begin (TEXT);
  g_autoptr (GError) error = NULL;

  *entity = raw (GLOSS_ANNOTATION_ENTITY, "e1", "date", 23, 29);
  g_assert_true (insert (set, *entity, &error));
  g_assert_true (_gloss_annotation_set_finish_load (set, NULL, &error));
  g_assert_no_error (error);

  return set;
}

static void
test_extensions_root (void)
{
  GlossAnnotation *e;
  g_autoptr (GlossAnnotationSet) set = loaded_set_with_entity (&e);
  ExtensionLog log = { g_ptr_array_new_with_free_func (g_free) };

  g_signal_connect (set, "extensions-changed", G_CALLBACK (on_extensions_changed), &log);
  g_signal_connect (set, "annotation-changed", G_CALLBACK (on_annotation_changed_log), &log);

  assert_root (set, "-");
  g_assert_false (gloss_annotation_set_can_undo (set));

  _gloss_annotation_set_append_extension (set, NULL, "<a/>");
  /* The set's modified time moves on from the loaded one. */
  g_assert_cmpint (gloss_annotation_set_get_modified (set), >, 1700000100);
  g_assert_true (gloss_annotation_set_can_undo (set));
  g_assert_cmpstr (gloss_annotation_set_get_undo_label (set), ==, "Add Extension");
  _gloss_annotation_set_append_extension (set, NULL, "<b/>");
  g_assert_true (_gloss_annotation_set_insert_extension (set, NULL, 1, "<c/>"));
  assert_root (set, "<a/>|<c/>|<b/>");
  g_assert_cmpuint (log.events->len, ==, 3);
  for (guint i = 0; i < log.events->len; i++)
    g_assert_cmpstr (g_ptr_array_index (log.events, i), ==, "ext:root");

  /* Refusals change nothing and record nothing. */
  g_assert_false (_gloss_annotation_set_insert_extension (set, NULL, 4, "<d/>"));
  g_assert_false (_gloss_annotation_set_remove_extension (set, NULL, 3));
  g_assert_false (_gloss_annotation_set_replace_extension (set, NULL, 3, "<d/>"));
  g_assert_false (_gloss_annotation_set_remove_extension_xml (set, NULL, "<zz/>"));
  g_assert_false (_gloss_annotation_set_replace_extension_xml (set, NULL, "<zz/>", "<d/>"));
  /* The same text again is no change. */
  g_assert_true (_gloss_annotation_set_replace_extension (set, NULL, 0, "<a/>"));
  g_assert_cmpuint (log.events->len, ==, 3);
  assert_root (set, "<a/>|<c/>|<b/>");

  g_assert_cmpint (_gloss_annotation_set_find_extension (set, NULL, "<c/>"), ==, 1);
  g_assert_cmpint (_gloss_annotation_set_find_extension (set, NULL, "<zz/>"), ==, -1);
  g_assert_true (_gloss_annotation_set_replace_extension_xml (set, NULL, "<c/>", "<d/>"));
  g_assert_cmpstr (gloss_annotation_set_get_undo_label (set), ==, "Change Extension");
  assert_root (set, "<a/>|<d/>|<b/>");
  g_assert_true (_gloss_annotation_set_remove_extension_xml (set, NULL, "<a/>"));
  g_assert_cmpstr (gloss_annotation_set_get_undo_label (set), ==, "Remove Extension");
  assert_root (set, "<d/>|<b/>");
  g_assert_true (_gloss_annotation_set_remove_extension (set, NULL, 1));
  assert_root (set, "<d/>");
  g_assert_cmpuint (log.events->len, ==, 6);

  /* Every change is its own step, undone and redone in place. */
  g_assert_true (gloss_annotation_set_undo (set));
  assert_root (set, "<d/>|<b/>");
  g_assert_true (gloss_annotation_set_undo (set));
  assert_root (set, "<a/>|<d/>|<b/>");
  g_assert_true (gloss_annotation_set_undo (set));
  assert_root (set, "<a/>|<c/>|<b/>");
  g_assert_true (gloss_annotation_set_undo (set));
  assert_root (set, "<a/>|<b/>");
  g_assert_true (gloss_annotation_set_undo (set));
  g_assert_true (gloss_annotation_set_undo (set));
  assert_root (set, "-");
  g_assert_false (gloss_annotation_set_can_undo (set));
  g_assert_cmpuint (log.events->len, ==, 12);
  for (guint i = 0; i < 6; i++)
    g_assert_true (gloss_annotation_set_redo (set));
  assert_root (set, "<d/>");
  g_assert_cmpuint (log.events->len, ==, 18);
  for (guint i = 0; i < log.events->len; i++)
    g_assert_cmpstr (g_ptr_array_index (log.events, i), ==, "ext:root");

  /* Inside a group with other changes: one step. */
  gloss_annotation_set_begin_group (set, "Reject");
  gloss_annotation_set_remove (set, e);
  _gloss_annotation_set_append_extension (set, NULL, "<rejected id=\"e1\"/>");
  gloss_annotation_set_end_group (set);
  g_assert_cmpstr (gloss_annotation_set_get_undo_label (set), ==, "Reject");
  g_assert_null (gloss_annotation_set_lookup (set, "e1"));
  assert_root (set, "<d/>|<rejected id=\"e1\"/>");
  g_assert_true (gloss_annotation_set_undo (set));
  g_assert_true (gloss_annotation_set_lookup (set, "e1") == e);
  assert_root (set, "<d/>");
  g_assert_true (gloss_annotation_set_redo (set));
  g_assert_null (gloss_annotation_set_lookup (set, "e1"));
  assert_root (set, "<d/>|<rejected id=\"e1\"/>");

  /* A new change clears what could be redone. */
  g_assert_true (gloss_annotation_set_undo (set));
  g_assert_true (gloss_annotation_set_can_redo (set));
  _gloss_annotation_set_append_extension (set, NULL, "<e/>");
  g_assert_false (gloss_annotation_set_can_redo (set));
  assert_root (set, "<d/>|<e/>");

  g_ptr_array_unref (log.events);
}

static void
test_extensions_annotation (void)
{
  GlossAnnotation *e;
  g_autoptr (GlossAnnotationSet) set = loaded_set_with_entity (&e);
  /* Loading gives an annotation without an annotator the set's own. */
  g_autoptr (GlossAnnotation) other = _gloss_annotation_new (GLOSS_ANNOTATION_ENTITY, "e1", "date",
                                                             23, 29, "bob", 1700000000,
                                                             1700000050);
  ExtensionLog log = { g_ptr_array_new_with_free_func (g_free) };
  gsize plain_size;

  g_signal_connect (set, "extensions-changed", G_CALLBACK (on_extensions_changed), &log);
  g_signal_connect (set, "annotation-changed", G_CALLBACK (on_annotation_changed_log), &log);

  plain_size = gloss_annotation_set_get_memory_size (set);
  g_assert_true (gloss_annotation_equal (e, other));

  _gloss_annotation_set_append_extension (set, e, "<x:a xmlns:x=\"urn:example\"/>");
  assert_own (e, "<x:a xmlns:x=\"urn:example\"/>");
  assert_root (set, "-");
  /* Both the annotation and the set were modified. */
  g_assert_cmpint (gloss_annotation_get_modified (e), >, 1700000050);
  g_assert_cmpint (gloss_annotation_set_get_modified (set), >, 1700000100);
  g_assert_cmpuint (log.events->len, ==, 2);
  g_assert_cmpstr (g_ptr_array_index (log.events, 0), ==, "changed:e1:extensions");
  g_assert_cmpstr (g_ptr_array_index (log.events, 1), ==, "ext:e1");

  g_assert_true (_gloss_annotation_set_insert_extension (set, e, 0, "<b/>"));
  g_assert_true (_gloss_annotation_set_replace_extension (set, e, 1, "<c/>"));
  assert_own (e, "<b/>|<c/>");
  g_assert_false (_gloss_annotation_set_remove_extension (set, e, 2));
  g_assert_false (_gloss_annotation_set_replace_extension_xml (set, e, "<x:a xmlns:x=\"urn:example\"/>",
                                                               "<d/>"));
  g_assert_cmpint (_gloss_annotation_set_find_extension (set, e, "<c/>"), ==, 1);
  g_assert_cmpint (_gloss_annotation_set_find_extension (set, NULL, "<c/>"), ==, -1);
  g_assert_true (_gloss_annotation_set_remove_extension_xml (set, e, "<b/>"));
  assert_own (e, "<c/>");
  g_assert_cmpuint (log.events->len, ==, 8);

  /* Removing the last one leaves the annotation as it was before: equal
   * to one never given any, and as small once the history is gone. */
  g_assert_true (_gloss_annotation_set_remove_extension (set, e, 0));
  assert_own (e, "-");
  g_assert_cmpuint (log.events->len, ==, 10);

  /* Undo and redo go through the same announcements. */
  g_assert_true (gloss_annotation_set_undo (set));
  assert_own (e, "<c/>");
  g_assert_cmpstr (g_ptr_array_index (log.events, 10), ==, "changed:e1:extensions");
  g_assert_cmpstr (g_ptr_array_index (log.events, 11), ==, "ext:e1");
  g_assert_true (gloss_annotation_set_undo (set));
  assert_own (e, "<b/>|<c/>");
  g_assert_true (gloss_annotation_set_undo (set));
  assert_own (e, "<b/>|<x:a xmlns:x=\"urn:example\"/>");
  g_assert_true (gloss_annotation_set_undo (set));
  g_assert_true (gloss_annotation_set_undo (set));
  assert_own (e, "-");
  g_assert_cmpint (gloss_annotation_get_modified (e), ==, 1700000050);
  g_assert_true (gloss_annotation_equal (e, other));
  g_assert_false (gloss_annotation_set_can_undo (set));
  g_assert_cmpuint (log.events->len, ==, 20);
  g_assert_true (gloss_annotation_set_redo (set));
  g_assert_true (gloss_annotation_set_redo (set));
  assert_own (e, "<b/>|<x:a xmlns:x=\"urn:example\"/>");

  /* A change and a record in one group: one step. */
  gloss_annotation_set_begin_group (set, "Decide");
  gloss_annotation_set_set_note (set, e, "decided");
  _gloss_annotation_set_append_extension (set, e, "<rec/>");
  gloss_annotation_set_end_group (set);
  assert_own (e, "<b/>|<x:a xmlns:x=\"urn:example\"/>|<rec/>");
  g_assert_true (gloss_annotation_set_undo (set));
  assert_own (e, "<b/>|<x:a xmlns:x=\"urn:example\"/>");
  g_assert_null (gloss_annotation_get_note (e));
  g_assert_true (gloss_annotation_set_redo (set));
  assert_own (e, "<b/>|<x:a xmlns:x=\"urn:example\"/>|<rec/>");
  g_assert_cmpstr (gloss_annotation_get_note (e), ==, "decided");

  /* An annotation that left the set takes no changes. */
  gloss_annotation_set_remove (set, e);
  if (g_test_undefined ())
    {
      g_test_expect_message ("gloss-annotation-set", G_LOG_LEVEL_CRITICAL, "*is_member*");
      _gloss_annotation_set_append_extension (set, e, "<late/>");
      g_test_assert_expected_messages ();
      assert_own (e, "<b/>|<x:a xmlns:x=\"urn:example\"/>|<rec/>");
    }

  /* Back to plain: no extension memory left behind. */
  g_assert_true (gloss_annotation_set_undo (set));
  g_assert_true (gloss_annotation_set_undo (set));
  g_assert_true (gloss_annotation_set_undo (set));
  g_assert_true (gloss_annotation_set_undo (set));
  assert_own (e, "-");
  gloss_annotation_set_clear_history (set);
  g_assert_cmpuint (gloss_annotation_set_get_memory_size (set), ==, plain_size);

  g_ptr_array_unref (log.events);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/annotation-set/annotator-id", test_annotator_id);
  g_test_add_func ("/annotation-set/new", test_new);
  g_test_add_func ("/annotation-set/add-entity", test_add_entity);
  g_test_add_func ("/annotation-set/type-and-span", test_type_and_span);
  g_test_add_func ("/annotation-set/attributes", test_attributes);
  g_test_add_func ("/annotation-set/note-and-link", test_note_and_link);
  g_test_add_func ("/annotation-set/claims", test_claims);
  g_test_add_func ("/annotation-set/relations", test_relations);
  g_test_add_func ("/annotation-set/nesting", test_nesting);
  g_test_add_func ("/annotation-set/remove-cascade", test_remove_cascade);
  g_test_add_func ("/annotation-set/list-signals", test_list_signals);
  g_test_add_func ("/annotation-set/query", test_query);
  g_test_add_func ("/annotation-set/ids-not-reused", test_ids_not_reused);
  g_test_add_func ("/annotation-set/load", test_load);
  g_test_add_func ("/annotation-set/load-refused", test_load_refused);
  g_test_add_func ("/annotation-set/validate", test_validate);
  g_test_add_func ("/annotation-set/count-types", test_count_types);
  g_test_add_func ("/annotation-set/equal", test_equal);
  g_test_add_func ("/annotation-set/extensions/root", test_extensions_root);
  g_test_add_func ("/annotation-set/extensions/annotation", test_extensions_annotation);
  g_test_add_func ("/annotation-set/load-speed", test_load_speed);
  g_test_add_data_func ("/annotation-set/memory", "/annotation-set/memory/subprocess",
                        test_memory);
  g_test_add_data_func ("/annotation-set/memory/subprocess", "/annotation-set/memory/subprocess",
                        test_memory);
  g_test_add_data_func ("/annotation-set/memory-by-hand",
                        "/annotation-set/memory-by-hand/subprocess", test_memory);
  g_test_add_data_func ("/annotation-set/memory-by-hand/subprocess",
                        "/annotation-set/memory-by-hand/subprocess", test_memory);

  return g_test_run ();
}
