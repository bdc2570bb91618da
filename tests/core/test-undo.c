/* test-undo.c: undo and redo of annotation changes, against a reference model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-test"

#include "config.h"

#include <string.h>

#include "gloss-annotation-private.h"
#include "gloss-annotation-set.h"
#include "gloss-document.h"
#include "gloss-tagset.h"

static const char *TEXT =
  "Port officials said on Monday that the strike would end by Friday. "
  "The union denied it, and the minister said she expects talks to resume. "
  "Analysts at the central bank estimate losses of 40 million euros a day, "
  "while shipping lines in Rotterdam and Antwerp report delays.\n";

static GlossAnnotationSet *
set_new (void)
{
  g_autoptr (GBytes) bytes = g_bytes_new_static (TEXT, strlen (TEXT));
  g_autoptr (GlossDocument) document = NULL;
  g_autoptr (GError) error = NULL;

  document = gloss_document_new_from_bytes ("undo.txt", bytes, &error);
  g_assert_no_error (error);

  return gloss_annotation_set_new (document, gloss_tagset_get_default (), "alice", NULL);
}

static GlossAnnotation *
nth (GListModel *model,
     guint       n)
{
  g_autoptr (GlossAnnotation) item = g_list_model_get_item (model, n);

  return item;
}

static void
append_extensions (GString         *out,
                   const GPtrArray *list)
{
  if (list == NULL)
    return;
  /* Emptied lists go back to NULL, as if they never had anything. */
  g_assert_cmpuint (list->len, >, 0);
  g_string_append (out, " ext=");
  for (guint i = 0; i < list->len; i++)
    g_string_append_printf (out, "%s%s", i > 0 ? "|" : "", (char *) g_ptr_array_index (list, i));
}

/* Everything undo must restore, in list order: ids, kinds, types, spans,
 * who and when, attributes in order, notes, links, sources, cues, parents,
 * relation ends, anchoring, extensions; and the set's own extensions. */
static char *
canonical (GlossAnnotationSet *set)
{
  GListModel *lists[] = {
    gloss_annotation_set_get_entities (set),
    gloss_annotation_set_get_claims (set),
    gloss_annotation_set_get_relations (set),
  };
  GString *out = g_string_new (NULL);

  g_string_append (out, "[root]");
  append_extensions (out, _gloss_annotation_set_get_extensions (set));
  g_string_append_c (out, '\n');

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      g_string_append_printf (out, "[list %u: %u]\n", l, g_list_model_get_n_items (lists[l]));
      for (guint i = 0; i < g_list_model_get_n_items (lists[l]); i++)
        {
          GlossAnnotation *a = nth (lists[l], i);
          guint s, e;

          g_string_append_printf (out, "%s kind=%d type=%s span=%u-%u by=%s at=%" G_GINT64_FORMAT
                                  "/%" G_GINT64_FORMAT,
                                  gloss_annotation_get_id (a), gloss_annotation_get_kind (a),
                                  gloss_annotation_get_type_id (a), gloss_annotation_get_start (a),
                                  gloss_annotation_get_end (a), gloss_annotation_get_annotator (a),
                                  gloss_annotation_get_created (a),
                                  gloss_annotation_get_modified (a));
          for (guint k = 0; k < gloss_annotation_get_n_attributes (a); k++)
            {
              const char *name, *value;

              gloss_annotation_get_nth_attribute (a, k, &name, &value);
              g_string_append_printf (out, " @%s=%s", name, value);
            }
          if (gloss_annotation_get_note (a) != NULL)
            g_string_append_printf (out, " note=%s", gloss_annotation_get_note (a));
          if (gloss_annotation_get_link (a) != NULL)
            g_string_append_printf (out, " link=%s", gloss_annotation_get_link (a));
          g_string_append_printf (out, " source=%d", gloss_annotation_get_source_kind (a));
          if (gloss_annotation_get_source_entity (a) != NULL)
            g_string_append_printf (out, ":%s", gloss_annotation_get_source_entity (a));
          if (gloss_annotation_get_source_span (a, &s, &e))
            g_string_append_printf (out, ":%u-%u", s, e);
          if (gloss_annotation_get_cue (a, &s, &e))
            g_string_append_printf (out, " cue=%u-%u", s, e);
          if (gloss_annotation_get_parent (a) != NULL)
            g_string_append_printf (out, " parent=%s", gloss_annotation_get_parent (a));
          if (gloss_annotation_get_from (a) != NULL)
            g_string_append_printf (out, " ends=%s>%s", gloss_annotation_get_from (a),
                                    gloss_annotation_get_to (a));
          g_string_append_printf (out, " anchor=%d", gloss_annotation_get_anchor_state (a));
          append_extensions (out, _gloss_annotation_get_extensions (a));
          g_string_append_c (out, '\n');

          /* The id table agrees with the lists. */
          g_assert_true (gloss_annotation_set_lookup (set, gloss_annotation_get_id (a)) == a);
        }
    }

  g_assert_cmpuint (gloss_annotation_set_get_size (set), ==,
                    g_list_model_get_n_items (lists[0]) + g_list_model_get_n_items (lists[1]) +
                      g_list_model_get_n_items (lists[2]));

  return g_string_free (out, FALSE);
}

/* The reference model: the canonical text of every state, kept in two
 * stacks the obvious way. */
typedef struct
{
  GPtrArray *undo;
  GPtrArray *redo;
  char      *current;
  /* Open groups: the state before the outermost one, and whether anything
   * inside changed the set. */
  guint      depth;
  char      *group_start;
  gboolean   group_dirty;
} Model;

static void
model_init (Model              *model,
            GlossAnnotationSet *set)
{
  model->undo = g_ptr_array_new_with_free_func (g_free);
  model->redo = g_ptr_array_new_with_free_func (g_free);
  model->current = canonical (set);
  model->depth = 0;
  model->group_start = NULL;
  model->group_dirty = FALSE;
}

static void
model_clear (Model *model)
{
  g_ptr_array_unref (model->undo);
  g_ptr_array_unref (model->redo);
  g_free (model->current);
  g_free (model->group_start);
}

static void
model_push (Model *model,
            char  *before)
{
  g_assert_nonnull (before);
  g_ptr_array_add (model->undo, before);
  if (model->undo->len > GLOSS_UNDO_DEPTH)
    g_ptr_array_remove_index (model->undo, 0);
  g_ptr_array_set_size (model->redo, 0);
}

/* After a mutation: @changed says whether the state moved. */
static void
model_mutated (Model              *model,
               GlossAnnotationSet *set)
{
  char *now = canonical (set);

  if (g_str_equal (now, model->current))
    {
      g_free (now);
      return;
    }

  if (model->depth > 0)
    model->group_dirty = TRUE;
  else
    model_push (model, g_steal_pointer (&model->current));

  g_free (model->current);
  model->current = now;
}

static void
model_check (Model              *model,
             GlossAnnotationSet *set)
{
  g_autofree char *now = canonical (set);
  g_autoptr (GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpstr (now, ==, model->current);
  if (model->depth == 0)
    {
      g_assert_cmpint (gloss_annotation_set_can_undo (set), ==, model->undo->len > 0);
      g_assert_cmpint (gloss_annotation_set_can_redo (set), ==, model->redo->len > 0);
    }

  /* A set that only ever went through validated changes stays valid. */
  if (!gloss_annotation_set_validate (set, problems))
    g_error ("invalid after a change: %s", (char *) g_ptr_array_index (problems, 0));
}

static GlossAnnotation *
random_annotation (GlossAnnotationSet *set,
                   GRand              *rand,
                   int                 kind)
{
  GListModel *lists[] = {
    gloss_annotation_set_get_entities (set),
    gloss_annotation_set_get_claims (set),
    gloss_annotation_set_get_relations (set),
  };
  guint n;

  if (kind < 0)
    {
      guint total = 0;
      guint pick;

      for (guint l = 0; l < 3; l++)
        total += g_list_model_get_n_items (lists[l]);
      if (total == 0)
        return NULL;
      pick = g_rand_int_range (rand, 0, total);
      for (guint l = 0; l < 3; l++)
        {
          if (pick < g_list_model_get_n_items (lists[l]))
            return nth (lists[l], pick);
          pick -= g_list_model_get_n_items (lists[l]);
        }
      g_assert_not_reached ();
    }

  n = g_list_model_get_n_items (lists[kind]);

  return n > 0 ? nth (lists[kind], g_rand_int_range (rand, 0, n)) : NULL;
}

static void
random_span (GRand *rand,
             guint *start,
             guint *end)
{
  guint length = g_utf8_strlen (TEXT, -1);

  if (g_rand_int_range (rand, 0, 20) == 0)
    {
      /* Something invalid now and then. */
      *start = g_rand_int_range (rand, 0, length + 5);
      *end = g_rand_int_range (rand, 0, length + 10);
      return;
    }

  *start = g_rand_int_range (rand, 0, length - 1);
  *end = MIN (length, *start + 1 + (guint) g_rand_int_range (rand, 0, 40));
}

static const char *
pick (GRand              *rand,
      const char * const *choices,
      guint               n)
{
  return choices[g_rand_int_range (rand, 0, n)];
}

static const char * const entity_types[] = {
  "person", "organisation", "gpe", "location", "date", "quantity", "event", "law", "planet",
};
static const char * const relation_types[] = {
  "member-of", "located-in", "part-of", "same-as", "time-of", "about", "supports", "contradicts",
  "likes",
};
static const char * const attribute_names[] = {
  "stance", "certainty", "attribution", "verdict", "mention", "flavour",
};
static const char * const attribute_values[] = {
  "asserts", "denies", "predicts", "certain", "possible", "direct", "implied", "supported",
  "false", "name", "pronoun", "nominal", "loud", NULL,
};
static const char * const texts[] = {
  NULL, "", "first", "second", "wikidata:Q42",
};

static const char * const extension_texts[] = {
  "<x:a xmlns:x=\"urn:example\"/>",
  "<x:b xmlns:x=\"urn:example\">text</x:b>",
  "<rv:comment xmlns:rv=\"urn:gloss:review:1\" id=\"k1\">Check</rv:comment>",
  "<c/>",
};

/* One change of the extensions, of the root or of an annotation; returns
 * whether it was accepted. */
static gboolean
random_extension_change (GlossAnnotationSet *set,
                         GRand              *rand)
{
  GlossAnnotation *a = NULL;
  const GPtrArray *list;
  guint n, index;
  const char *xml = pick (rand, extension_texts, G_N_ELEMENTS (extension_texts));
  const char *other = pick (rand, extension_texts, G_N_ELEMENTS (extension_texts));

  if (g_rand_int_range (rand, 0, 3) != 0 && (a = random_annotation (set, rand, -1)) == NULL)
    return FALSE;
  list = a != NULL ? _gloss_annotation_get_extensions (a) : _gloss_annotation_set_get_extensions (set);
  n = list != NULL ? list->len : 0;
  /* Now and then one past the end, which is refused. */
  index = g_rand_int_range (rand, 0, n + 2);

  switch (g_rand_int_range (rand, 0, 6))
    {
    case 0:
      _gloss_annotation_set_append_extension (set, a, xml);
      return TRUE;
    case 1:
      return _gloss_annotation_set_insert_extension (set, a, index, xml);
    case 2:
      return _gloss_annotation_set_remove_extension (set, a, index);
    case 3:
      return _gloss_annotation_set_replace_extension (set, a, index, xml);
    case 4:
      return _gloss_annotation_set_remove_extension_xml (set, a, xml);
    case 5:
    default:
      return _gloss_annotation_set_replace_extension_xml (set, a, xml, other);
    }
}

static int
maybe_any (GRand *rand,
           int    kind)
{
  return g_rand_int_range (rand, 0, 5) == 0 ? -1 : kind;
}

/* One random mutation; returns whether it was accepted. */
static gboolean
random_mutation (GlossAnnotationSet *set,
                 GRand              *rand)
{
  g_autoptr (GError) error = NULL;
  GlossAnnotation *a = NULL;
  GlossAnnotation *b = NULL;
  guint start, end;
  gboolean ok = TRUE;

  switch (g_rand_int_range (rand, 0, 17))
    {
    case 0:
    case 1:
      random_span (rand, &start, &end);
      ok = gloss_annotation_set_add_entity (set,
                                            pick (rand, entity_types, G_N_ELEMENTS (entity_types)),
                                            start, end, &error) != NULL;
      break;

    case 2:
      random_span (rand, &start, &end);
      ok = gloss_annotation_set_add_claim (set, start, end, &error) != NULL;
      break;

    case 3:
      a = random_annotation (set, rand, -1);
      b = random_annotation (set, rand, -1);
      if (a == NULL || b == NULL)
        return FALSE;
      ok = gloss_annotation_set_add_relation (set, pick (rand, relation_types,
                                                         G_N_ELEMENTS (relation_types)),
                                              a, b, &error) != NULL;
      break;

    case 4:
      if ((a = random_annotation (set, rand, -1)) == NULL)
        return FALSE;
      gloss_annotation_set_remove (set, a);
      break;

    case 5:
      if ((a = random_annotation (set, rand, -1)) == NULL)
        return FALSE;
      if (gloss_annotation_get_kind (a) == GLOSS_ANNOTATION_RELATION)
        ok = gloss_annotation_set_set_type (set, a,
                                            pick (rand, relation_types,
                                                  G_N_ELEMENTS (relation_types)),
                                            &error);
      else
        ok = gloss_annotation_set_set_type (set, a,
                                            pick (rand, entity_types, G_N_ELEMENTS (entity_types)),
                                            &error);
      break;

    case 6:
      if ((a = random_annotation (set, rand, -1)) == NULL)
        return FALSE;
      random_span (rand, &start, &end);
      ok = gloss_annotation_set_set_span (set, a, start, end, &error);
      break;

    case 7:
      if ((a = random_annotation (set, rand, -1)) == NULL)
        return FALSE;
      ok = gloss_annotation_set_set_attribute (set, a,
                                               pick (rand, attribute_names,
                                                     G_N_ELEMENTS (attribute_names)),
                                               pick (rand, attribute_values,
                                                     G_N_ELEMENTS (attribute_values)),
                                               &error);
      break;

    case 8:
      if ((a = random_annotation (set, rand, -1)) == NULL)
        return FALSE;
      if (g_rand_boolean (rand))
        gloss_annotation_set_set_note (set, a, pick (rand, texts, G_N_ELEMENTS (texts)));
      else
        gloss_annotation_set_set_link (set, a, pick (rand, texts, G_N_ELEMENTS (texts)));
      break;

    case 9:
      /* Mostly a claim and an entity, sometimes anything. */
      a = random_annotation (set, rand, maybe_any (rand, GLOSS_ANNOTATION_CLAIM));
      b = random_annotation (set, rand, maybe_any (rand, GLOSS_ANNOTATION_ENTITY));
      if (a == NULL || b == NULL)
        return FALSE;
      ok = gloss_annotation_set_set_source_entity (set, a, b, &error);
      break;

    case 10:
      if ((a = random_annotation (set, rand, GLOSS_ANNOTATION_CLAIM)) == NULL)
        return FALSE;
      if (g_rand_boolean (rand))
        {
          random_span (rand, &start, &end);
          ok = gloss_annotation_set_set_source_span (set, a, start, end, &error);
        }
      else
        {
          ok = gloss_annotation_set_set_source_article (set, a, &error);
        }
      break;

    case 11:
      a = random_annotation (set, rand, maybe_any (rand, GLOSS_ANNOTATION_CLAIM));
      if (a == NULL)
        return FALSE;
      if (g_rand_int_range (rand, 0, 3) == 0)
        start = end = GLOSS_OFFSET_NONE;
      else
        random_span (rand, &start, &end);
      ok = gloss_annotation_set_set_cue (set, a, start, end, &error);
      break;

    case 12:
    case 13:
      /* Nest: pick a claim and a claim that contains it, often enough to
       * build real trees. */
      if ((a = random_annotation (set, rand, GLOSS_ANNOTATION_CLAIM)) == NULL)
        return FALSE;
      if (g_rand_int_range (rand, 0, 4) == 0)
        {
          b = NULL;
        }
      else
        {
          GListModel *claims = gloss_annotation_set_get_claims (set);
          g_autoptr (GPtrArray) around = g_ptr_array_new ();

          for (guint i = 0; i < g_list_model_get_n_items (claims); i++)
            {
              GlossAnnotation *c = nth (claims, i);

              if (c != a && gloss_annotation_get_start (c) <= gloss_annotation_get_start (a) &&
                  gloss_annotation_get_end (c) >= gloss_annotation_get_end (a))
                g_ptr_array_add (around, c);
            }
          if (around->len > 0 && g_rand_int_range (rand, 0, 5) != 0)
            b = g_ptr_array_index (around, g_rand_int_range (rand, 0, around->len));
          else
            b = random_annotation (set, rand, -1);
        }
      ok = gloss_annotation_set_set_parent (set, a, b, &error);
      break;

    case 14:
      /* Claims that are wide enough to hold others. */
      start = g_rand_int_range (rand, 0, 100);
      end = start + 60 + g_rand_int_range (rand, 0, 100);
      ok = gloss_annotation_set_add_claim (set, start, end, &error) != NULL;
      break;

    case 15:
    case 16:
      /* Refusals here report no error: they only say FALSE. */
      return random_extension_change (set, rand);

    default:
      g_assert_not_reached ();
    }

  if (!ok)
    {
      g_assert_nonnull (error);
      g_assert_true (error->domain == GLOSS_ANNOTATION_ERROR);
    }
  else
    g_assert_no_error (error);

  return ok;
}

static void
run_model (guint32 seed,
           guint   steps)
{
  g_autoptr (GlossAnnotationSet) set = set_new ();
  GRand *rand = g_rand_new_with_seed (seed);
  Model model;
  guint n_undo = 0, n_redo = 0, n_groups = 0, n_refused = 0, n_accepted = 0;

  model_init (&model, set);

  for (guint step = 0; step < steps; step++)
    {
      guint what = g_rand_int_range (rand, 0, 100);
      gboolean open = model.depth > 0;

      if (!open && what < 15)
        {
          gboolean done = gloss_annotation_set_undo (set);

          g_assert_cmpint (done, ==, model.undo->len > 0);
          if (done)
            {
              g_ptr_array_add (model.redo, g_steal_pointer (&model.current));
              model.current = g_ptr_array_steal_index (model.undo, model.undo->len - 1);
              n_undo++;
            }
          model_check (&model, set);
        }
      else if (!open && what < 25)
        {
          gboolean done = gloss_annotation_set_redo (set);

          g_assert_cmpint (done, ==, model.redo->len > 0);
          if (done)
            {
              g_ptr_array_add (model.undo, g_steal_pointer (&model.current));
              model.current = g_ptr_array_steal_index (model.redo, model.redo->len - 1);
              n_redo++;
            }
          model_check (&model, set);
        }
      else if ((!open && what < 30) || (open && what < 4 && model.depth < 3))
        {
          gloss_annotation_set_begin_group (set, g_rand_boolean (rand) ? "Group" : NULL);
          if (model.depth++ == 0)
            {
              model.group_start = g_strdup (model.current);
              model.group_dirty = FALSE;
            }
        }
      else if (open && what < 12)
        {
          gloss_annotation_set_end_group (set);
          if (--model.depth == 0)
            {
              if (model.group_dirty)
                model_push (&model, g_steal_pointer (&model.group_start));
              g_clear_pointer (&model.group_start, g_free);
              n_groups++;
            }
          model_check (&model, set);
        }
      else
        {
          g_autofree char *before = g_strdup (model.current);

          if (random_mutation (set, rand))
            {
              n_accepted++;
              model_mutated (&model, set);
            }
          else
            {
              /* A refused change leaves everything as it was. */
              n_refused++;
              model_check (&model, set);
              g_assert_cmpstr (before, ==, model.current);
            }
        }
    }

  while (model.depth > 0)
    {
      gloss_annotation_set_end_group (set);
      if (--model.depth == 0)
        {
          if (model.group_dirty)
            model_push (&model, g_steal_pointer (&model.group_start));
          g_clear_pointer (&model.group_start, g_free);
        }
    }
  model_check (&model, set);

  /* Unwind everything and replay it. */
  while (model.undo->len > 0)
    {
      g_assert_true (gloss_annotation_set_undo (set));
      g_ptr_array_add (model.redo, g_steal_pointer (&model.current));
      model.current = g_ptr_array_steal_index (model.undo, model.undo->len - 1);
      model_check (&model, set);
    }
  g_assert_false (gloss_annotation_set_undo (set));
  while (model.redo->len > 0)
    {
      g_assert_true (gloss_annotation_set_redo (set));
      g_ptr_array_add (model.undo, g_steal_pointer (&model.current));
      model.current = g_ptr_array_steal_index (model.redo, model.redo->len - 1);
      model_check (&model, set);
    }

  g_test_message ("seed %u: %u accepted, %u refused, %u undos, %u redos, %u groups, %u annotations",
                  seed, n_accepted, n_refused, n_undo, n_redo, n_groups,
                  gloss_annotation_set_get_size (set));
  g_assert_cmpuint (n_accepted, >, steps / 4);
  g_assert_cmpuint (n_undo, >, 0);

  model_clear (&model);
  g_rand_free (rand);
}

static void
test_against_model (void)
{
  static const guint32 seeds[] = { 1, 2, 3, 42, 1234, 20261120, 99991, 7 };

  for (guint i = 0; i < G_N_ELEMENTS (seeds); i++)
    run_model (seeds[i], g_test_slow () ? 5000 : 1500);
}

static void
test_depth (void)
{
  g_autoptr (GlossAnnotationSet) set = set_new ();
  GlossAnnotation *a;
  g_autofree char *after_first = NULL;
  g_autofree char *oldest = NULL;
  guint undone = 0;

  a = gloss_annotation_set_add_entity (set, "person", 0, 4, NULL);
  after_first = canonical (set);
  for (guint i = 0; i < GLOSS_UNDO_DEPTH + 10; i++)
    {
      g_autofree char *note = g_strdup_printf ("note %u", i);

      gloss_annotation_set_set_note (set, a, note);
    }

  while (gloss_annotation_set_undo (set))
    undone++;

  /* Only the last GLOSS_UNDO_DEPTH steps are kept; the oldest went first. */
  g_assert_cmpuint (undone, ==, GLOSS_UNDO_DEPTH);
  g_assert_false (gloss_annotation_set_can_undo (set));
  g_assert_true (gloss_annotation_set_lookup (set, "e1") == a);
  g_assert_cmpstr (gloss_annotation_get_note (a), ==, "note 9");
  oldest = canonical (set);
  g_assert_cmpstr (after_first, !=, oldest);

  undone = 0;
  while (gloss_annotation_set_redo (set))
    undone++;
  g_assert_cmpuint (undone, ==, GLOSS_UNDO_DEPTH);
  g_assert_cmpstr (gloss_annotation_get_note (a), ==, "note 1009");
}

static void
test_redo_cleared (void)
{
  g_autoptr (GlossAnnotationSet) set = set_new ();
  GlossAnnotation *a = gloss_annotation_set_add_entity (set, "person", 0, 4, NULL);
  g_autoptr (GError) error = NULL;

  gloss_annotation_set_set_note (set, a, "one");
  g_assert_true (gloss_annotation_set_undo (set));
  g_assert_true (gloss_annotation_set_can_redo (set));
  g_assert_cmpstr (gloss_annotation_set_get_redo_label (set), ==, "Edit Note");
  g_assert_cmpstr (gloss_annotation_set_get_undo_label (set), ==, "Add Person");

  /* A refused change does not count as a change. */
  g_assert_false (gloss_annotation_set_set_span (set, a, 9, 2, &error));
  g_assert_true (gloss_annotation_set_can_redo (set));
  /* Nor does one that changes nothing. */
  gloss_annotation_set_set_note (set, a, NULL);
  g_assert_true (gloss_annotation_set_can_redo (set));

  gloss_annotation_set_set_link (set, a, "wikidata:Q1");
  g_assert_false (gloss_annotation_set_can_redo (set));
  g_assert_false (gloss_annotation_set_redo (set));
  g_assert_null (gloss_annotation_get_note (a));
  g_assert_null (gloss_annotation_set_get_redo_label (set));

  gloss_annotation_set_clear_history (set);
  g_assert_false (gloss_annotation_set_can_undo (set));
  g_assert_false (gloss_annotation_set_undo (set));
  g_assert_cmpstr (gloss_annotation_get_link (a), ==, "wikidata:Q1");
}

static void
test_groups (void)
{
  g_autoptr (GlossAnnotationSet) set = set_new ();
  g_autofree char *empty = canonical (set);
  GlossAnnotation *claim;

  gloss_annotation_set_begin_group (set, "Mark Quote");
  claim = gloss_annotation_set_add_claim (set, 35, 65, NULL);
  gloss_annotation_set_begin_group (set, "Inner");
  gloss_annotation_set_set_cue (set, claim, 15, 19, NULL);
  gloss_annotation_set_set_source_entity (set, claim,
                                          gloss_annotation_set_add_entity (set, "organisation",
                                                                           0, 14, NULL),
                                          NULL);
  gloss_annotation_set_end_group (set);
  /* Nothing is undoable while the group is open. */
  g_assert_false (gloss_annotation_set_can_undo (set));
  gloss_annotation_set_set_attribute (set, claim, "stance", "predicts", NULL);
  gloss_annotation_set_end_group (set);

  g_assert_true (gloss_annotation_set_can_undo (set));
  g_assert_cmpstr (gloss_annotation_set_get_undo_label (set), ==, "Mark Quote");
  g_assert_true (gloss_annotation_set_undo (set));
  {
    g_autofree char *now = canonical (set);

    g_assert_cmpstr (now, ==, empty);
  }
  g_assert_false (gloss_annotation_set_can_undo (set));
  g_assert_cmpstr (gloss_annotation_set_get_redo_label (set), ==, "Mark Quote");

  g_assert_true (gloss_annotation_set_redo (set));
  g_assert_true (gloss_annotation_set_lookup (set, "c1") == claim);
  g_assert_cmpstr (gloss_annotation_get_source_entity (claim), ==, "e1");
  g_assert_cmpstr (gloss_annotation_get_attribute (claim, "stance"), ==, "predicts");

  /* An empty group leaves no step; a group without a label takes the
   * label of its first change. */
  gloss_annotation_set_begin_group (set, "Nothing");
  gloss_annotation_set_end_group (set);
  g_assert_cmpstr (gloss_annotation_set_get_undo_label (set), ==, "Mark Quote");

  gloss_annotation_set_begin_group (set, NULL);
  gloss_annotation_set_set_note (set, claim, "n");
  gloss_annotation_set_set_link (set, claim, "l");
  gloss_annotation_set_end_group (set);
  g_assert_cmpstr (gloss_annotation_set_get_undo_label (set), ==, "Edit Note");
  g_assert_true (gloss_annotation_set_undo (set));
  g_assert_null (gloss_annotation_get_note (claim));
  g_assert_null (gloss_annotation_get_link (claim));
}

typedef struct
{
  guint added;
  guint removed;
  guint changed;
  guint can_undo;
  guint can_redo;
  guint items_changed;
  char *last_what;
} Counts;

static void
on_added (GlossAnnotationSet *set,
          GlossAnnotation    *a,
          Counts             *counts)
{
  counts->added++;
}

static void
on_removed (GlossAnnotationSet *set,
            GlossAnnotation    *a,
            Counts             *counts)
{
  counts->removed++;
}

static void
on_changed (GlossAnnotationSet *set,
            GlossAnnotation    *a,
            const char         *what,
            Counts             *counts)
{
  counts->changed++;
  g_free (counts->last_what);
  counts->last_what = g_strdup (what);
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           Counts     *counts)
{
  if (g_str_equal (pspec->name, "can-undo"))
    counts->can_undo++;
  else
    counts->can_redo++;
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Counts     *counts)
{
  counts->items_changed++;
}

static void
test_signals (void)
{
  g_autoptr (GlossAnnotationSet) set = set_new ();
  Counts counts = { 0 };
  GlossAnnotation *person, *org;
  gboolean can_undo;

  g_signal_connect (set, "annotation-added", G_CALLBACK (on_added), &counts);
  g_signal_connect (set, "annotation-removed", G_CALLBACK (on_removed), &counts);
  g_signal_connect (set, "annotation-changed", G_CALLBACK (on_changed), &counts);
  g_signal_connect (set, "notify::can-undo", G_CALLBACK (on_notify), &counts);
  g_signal_connect (set, "notify::can-redo", G_CALLBACK (on_notify), &counts);
  g_signal_connect (gloss_annotation_set_get_entities (set), "items-changed",
                    G_CALLBACK (on_items_changed), &counts);

  person = gloss_annotation_set_add_entity (set, "person", 0, 4, NULL);
  org = gloss_annotation_set_add_entity (set, "organisation", 5, 14, NULL);
  gloss_annotation_set_add_relation (set, "member-of", person, org, NULL);
  g_assert_cmpuint (counts.added, ==, 3);
  g_assert_cmpuint (counts.can_undo, ==, 1);   /* only the first change flips it */
  g_assert_cmpuint (counts.items_changed, ==, 2);
  g_object_get (set, "can-undo", &can_undo, NULL);
  g_assert_true (can_undo);

  /* Undoing a removal with its cascade re-adds both, with the signals of
   * an addition. */
  gloss_annotation_set_remove (set, org);
  g_assert_cmpuint (counts.removed, ==, 2);
  g_assert_true (gloss_annotation_set_undo (set));
  g_assert_cmpuint (counts.added, ==, 5);
  g_assert_cmpuint (counts.can_redo, ==, 1);
  g_assert_true (gloss_annotation_set_redo (set));
  g_assert_cmpuint (counts.removed, ==, 4);
  g_assert_cmpuint (counts.can_redo, ==, 2);
  g_assert_true (gloss_annotation_set_undo (set));

  gloss_annotation_set_set_span (set, person, 1, 4, NULL);
  g_assert_cmpuint (counts.changed, ==, 1);
  g_assert_cmpstr (counts.last_what, ==, "span");
  g_assert_true (gloss_annotation_set_undo (set));
  g_assert_cmpuint (counts.changed, ==, 2);
  g_assert_cmpstr (counts.last_what, ==, "span");
  g_assert_cmpuint (gloss_annotation_get_start (person), ==, 0);

  gloss_annotation_set_set_type (set, person, "group", NULL);
  g_assert_true (gloss_annotation_set_undo (set));
  g_assert_cmpstr (counts.last_what, ==, "type");
  g_assert_cmpstr (gloss_annotation_get_type_id (person), ==, "person");

  /* Unwinding everything flips can-undo back once. */
  while (gloss_annotation_set_undo (set))
    ;
  g_assert_cmpuint (counts.can_undo, ==, 2);
  g_assert_cmpuint (gloss_annotation_set_get_size (set), ==, 0);

  g_free (counts.last_what);
}

static void
test_times_restored (void)
{
  g_autoptr (GlossAnnotationSet) set = NULL;
  g_autoptr (GBytes) bytes = g_bytes_new_static (TEXT, strlen (TEXT));
  g_autoptr (GlossDocument) document = gloss_document_new_from_bytes ("t.txt", bytes, NULL);
  g_autoptr (GError) error = NULL;
  GlossAnnotation *a;

  set = _gloss_annotation_set_new_for_load (document, gloss_tagset_get_default (), "alice", NULL,
                                            "news", "1", 1000, 2000);
  a = _gloss_annotation_new (GLOSS_ANNOTATION_ENTITY, "e1", "person", 0, 4, "bob", 1500, 1600);
  g_assert_true (_gloss_annotation_set_insert_loaded (set, a, &error));
  g_assert_true (_gloss_annotation_set_finish_load (set, NULL, &error));
  g_assert_no_error (error);

  gloss_annotation_set_set_note (set, a, "checked");
  g_assert_cmpint (gloss_annotation_get_modified (a), >, 1600);
  g_assert_cmpint (gloss_annotation_set_get_modified (set), >, 2000);
  g_assert_cmpstr (gloss_annotation_get_annotator (a), ==, "bob");

  g_assert_true (gloss_annotation_set_undo (set));
  g_assert_cmpint (gloss_annotation_get_created (a), ==, 1500);
  g_assert_cmpint (gloss_annotation_get_modified (a), ==, 1600);
  g_assert_null (gloss_annotation_get_note (a));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/undo/against-model", test_against_model);
  g_test_add_func ("/undo/depth", test_depth);
  g_test_add_func ("/undo/redo-cleared", test_redo_cleared);
  g_test_add_func ("/undo/groups", test_groups);
  g_test_add_func ("/undo/signals", test_signals);
  g_test_add_func ("/undo/times-restored", test_times_restored);

  return g_test_run ();
}
