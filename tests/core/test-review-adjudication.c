/* test-review-adjudication.c: deciding gold, with provenance, alternatives and undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "gloss-annotation-private.h"
#include "gloss-document.h"
#include "gloss-review.h"
#include "gloss-review-adjudication.h"
#include "gloss-review-comment.h"
#include "gloss-sidecar.h"
#include "gloss-tagset.h"
#include "gloss-xml.h"

typedef struct
{
  GlossDocument           *doc;
  GlossAnnotationSet      *alice;
  GlossAnnotationSet      *bob;
  GlossAnnotationSet      *gold;
  GlossReview             *review;
  GlossReviewAdjudication *adj;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  const char *root = g_getenv ("GLOSS_SOURCE_ROOT");
  g_autofree char *dir = NULL;
  g_autoptr(GFile) article = NULL;
  g_autoptr(GError) error = NULL;
  GlossAnnotationSet *sets[2];

  if (root == NULL)
    return;
  dir = g_build_filename (root, "data", "sample-corpus", NULL);
  article = g_file_new_build_filename (dir, "valmora-strike-gazette.txt", NULL);
  f->doc = gloss_document_load (article, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *name = gloss_sidecar_build_name ("valmora-strike-gazette.txt", i == 0 ? "alice" : "bob");
      g_autoptr(GFile) file = g_file_new_build_filename (dir, name, NULL);

      sets[i] = gloss_sidecar_load (file, f->doc, gloss_tagset_get_default (), NULL, NULL, &error);
      g_assert_no_error (error);
    }
  f->alice = sets[0];
  f->bob = sets[1];
  f->review = gloss_review_new (sets, 2, &error);
  g_assert_no_error (error);
  f->gold = gloss_annotation_set_new (f->doc, gloss_tagset_get_default (), GLOSS_ANNOTATOR_GOLD, NULL);
  f->adj = gloss_review_adjudication_new (f->review, f->gold, "carol", &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->adj);
  g_clear_object (&f->review);
  g_clear_object (&f->gold);
  g_clear_object (&f->alice);
  g_clear_object (&f->bob);
  g_clear_object (&f->doc);
}

static gboolean
skip_without_corpus (Fixture *f)
{
  if (f->adj == NULL)
    {
      g_test_skip ("GLOSS_SOURCE_ROOT is not set");
      return TRUE;
    }
  return FALSE;
}

static GlossReviewGroup *
group_at (GlossReview        *review,
          GlossAnnotationKind kind,
          guint               index,
          guint               start,
          guint               end)
{
  GListModel *groups = gloss_review_get_groups (review);

  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(GlossReviewGroup) g = g_list_model_get_item (groups, i);
      GlossAnnotation *a;

      if (gloss_review_group_get_kind (g) != kind)
        continue;
      a = gloss_review_group_get_annotation (g, index);
      if (a != NULL && gloss_annotation_get_start (a) == start && gloss_annotation_get_end (a) == end)
        return g;
    }
  return NULL;
}

static guint
n_items (GListModel *list)
{
  return g_list_model_get_n_items (list);
}

/* Everything alice and bob agree on, in one step: 15 entities and
 * Vasquell's denial. The relations wait for their ends (Teodora's
 * boundary, the claim with two sources). */
static void
test_accept_agreed (Fixture       *f,
                    gconstpointer  data)
{
  guint pending;

  if (skip_without_corpus (f))
    return;

  pending = gloss_review_adjudication_count_pending (f->adj);
  g_assert_cmpuint (gloss_review_adjudication_accept_agreed (f->adj), ==, 16);
  g_assert_cmpuint (n_items (gloss_annotation_set_get_entities (f->gold)), ==, 15);
  g_assert_cmpuint (n_items (gloss_annotation_set_get_claims (f->gold)), ==, 1);
  g_assert_cmpuint (n_items (gloss_annotation_set_get_relations (f->gold)), ==, 0);
  g_assert_cmpuint (gloss_review_adjudication_count_pending (f->adj), ==, pending - 16);
  /* Nothing left to accept the second time. */
  g_assert_cmpuint (gloss_review_adjudication_accept_agreed (f->adj), ==, 0);

  /* The claim's source is the gold copy of the agreed entity. */
  {
    g_autoptr(GlossAnnotation) c = g_list_model_get_item (gloss_annotation_set_get_claims (f->gold), 0);
    GlossAnnotation *src = gloss_annotation_set_lookup (f->gold, gloss_annotation_get_source_entity (c));

    g_assert_cmpint (gloss_annotation_get_source_kind (c), ==, GLOSS_SOURCE_ENTITY);
    g_assert_nonnull (src);
    g_assert_cmpuint (gloss_annotation_get_start (src), ==, 1256);
    g_assert_cmpstr (gloss_annotation_get_annotator (c), ==, GLOSS_ANNOTATOR_GOLD);
  }

  /* One undo step takes all of it away, one redo brings it back. */
  g_assert_true (gloss_review_adjudication_undo (f->adj));
  g_assert_cmpuint (gloss_annotation_set_get_size (f->gold), ==, 0);
  g_assert_cmpuint (gloss_review_adjudication_count_pending (f->adj), ==, pending);
  g_assert_false (gloss_review_adjudication_can_undo (f->adj));
  g_assert_true (gloss_review_adjudication_redo (f->adj));
  g_assert_cmpuint (gloss_annotation_set_get_size (f->gold), ==, 16);
  g_assert_cmpuint (gloss_review_adjudication_count_pending (f->adj), ==, pending - 16);
}

/* Port of Valmora: facility (alice) or organisation (bob). */
static void
test_accept_with_provenance (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = NULL;
  GlossReviewGroup *g;
  GlossAnnotation *gold, *again;
  GlossReviewRecord *r;
  GlossReviewVersion *v;

  if (skip_without_corpus (f))
    return;

  g = group_at (f->review, GLOSS_ANNOTATION_ENTITY, 0, 159, 174);
  gold = gloss_review_adjudication_accept (f->adj, g, 1, "The body that runs the port", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gloss_annotation_get_type_id (gold), ==, "organisation");
  g_assert_cmpstr (gloss_annotation_get_attribute (gold, "mention"), ==, "name");
  g_assert_cmpstr (gloss_annotation_get_note (gold), ==, "Read as the body that runs the port.");
  g_assert_cmpint (gloss_review_group_get_decision (g), ==, GLOSS_REVIEW_ACCEPTED);
  g_assert_true (gloss_review_group_get_gold (g) == gold);

  history = gloss_review_adjudication_get_history (f->adj, gold);
  g_assert_cmpuint (history->len, ==, 1);
  r = g_ptr_array_index (history, 0);
  g_assert_cmpstr (r->action, ==, "accept");
  g_assert_cmpstr (r->reviewer, ==, "carol");
  g_assert_cmpstr (r->annotator, ==, "bob");
  g_assert_cmpstr (r->annotation, ==, "e3");
  g_assert_cmpstr (r->reason, ==, "The body that runs the port");
  g_assert_cmpint (r->time, >, 1700000000);
  g_assert_cmpuint (r->alternatives->len, ==, 1);
  v = g_ptr_array_index (r->alternatives, 0);
  g_assert_cmpstr (v->annotator, ==, "alice");
  g_assert_cmpstr (v->annotation, ==, "e5");
  g_assert_cmpstr (v->type, ==, "facility");
  g_assert_cmpuint (v->start, ==, 159);
  g_assert_cmpstr (v->exact, ==, "Port of Valmora");
  g_clear_pointer (&history, g_ptr_array_unref);

  /* Changing one's mind keeps the gold annotation (and its id). */
  again = gloss_review_adjudication_accept (f->adj, g, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (again == gold);
  g_assert_cmpstr (gloss_annotation_get_type_id (gold), ==, "facility");
  g_assert_cmpstr (gloss_annotation_get_note (gold), ==, "The port as a place; its operator is e11.");
  history = gloss_review_adjudication_get_history (f->adj, gold);
  g_assert_cmpuint (history->len, ==, 2);
  g_assert_cmpstr (((GlossReviewRecord *) g_ptr_array_index (history, 1))->annotator, ==, "alice");
  g_clear_pointer (&history, g_ptr_array_unref);

  /* Undo brings back bob's version and its single record. */
  g_assert_true (gloss_review_adjudication_undo (f->adj));
  g_assert_cmpstr (gloss_annotation_get_type_id (gold), ==, "organisation");
  history = gloss_review_adjudication_get_history (f->adj, gold);
  g_assert_cmpuint (history->len, ==, 1);
  g_clear_pointer (&history, g_ptr_array_unref);
  g_assert_true (gloss_review_adjudication_redo (f->adj));
  history = gloss_review_adjudication_get_history (f->adj, gold);
  g_assert_cmpuint (history->len, ==, 2);

  /* No version to accept. */
  g = group_at (f->review, GLOSS_ANNOTATION_ENTITY, 0, 1535, 1541);
  g_assert_null (gloss_review_adjudication_accept (f->adj, g, 1, NULL, &error));
  g_assert_error (error, GLOSS_REVIEW_ERROR, GLOSS_REVIEW_ERROR_DECISION);
}

static void
test_reject (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossReviewRecord) r = NULL;
  GlossReviewGroup *g;

  if (skip_without_corpus (f))
    return;

  /* Gate 4: only alice marked it. */
  g = group_at (f->review, GLOSS_ANNOTATION_ENTITY, 0, 1535, 1541);
  g_assert_true (gloss_review_adjudication_reject (f->adj, g, "Not a named facility", &error));
  g_assert_no_error (error);
  g_assert_cmpint (gloss_review_group_get_decision (g), ==, GLOSS_REVIEW_REJECTED);
  g_assert_cmpuint (gloss_annotation_set_get_size (f->gold), ==, 0);
  r = gloss_review_adjudication_get_rejection (f->adj, g);
  g_assert_nonnull (r);
  g_assert_cmpstr (r->action, ==, "reject");
  g_assert_cmpstr (r->reason, ==, "Not a named facility");
  g_assert_cmpuint (r->alternatives->len, ==, 1);
  g_assert_cmpstr (((GlossReviewVersion *) g_ptr_array_index (r->alternatives, 0))->exact, ==, "Gate 4");

  g_assert_true (gloss_review_adjudication_undo (f->adj));
  g_assert_cmpint (gloss_review_group_get_decision (g), ==, GLOSS_REVIEW_PENDING);
  g_assert_true (gloss_review_adjudication_redo (f->adj));
  g_assert_cmpint (gloss_review_group_get_decision (g), ==, GLOSS_REVIEW_REJECTED);

  /* Rejecting what was accepted takes it out of gold. */
  g = group_at (f->review, GLOSS_ANNOTATION_ENTITY, 0, 159, 174);
  g_assert_nonnull (gloss_review_adjudication_accept (f->adj, g, 0, NULL, &error));
  g_assert_true (gloss_review_adjudication_reject (f->adj, g, NULL, &error));
  g_assert_cmpuint (gloss_annotation_set_get_size (f->gold), ==, 0);
  g_assert_true (gloss_review_adjudication_undo (f->adj));
  g_assert_cmpuint (gloss_annotation_set_get_size (f->gold), ==, 1);
  g_assert_cmpint (gloss_review_group_get_decision (g), ==, GLOSS_REVIEW_ACCEPTED);
}

/* Claims bring their source along; relations need their ends. */
static void
test_claims_and_relations (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GlossReviewGroup *claim, *teodora, *relation = NULL;
  GlossAnnotation *gold, *src;
  GListModel *groups;

  if (skip_without_corpus (f))
    return;

  /* Rook (alice) or the port authority (bob): take bob's. */
  claim = group_at (f->review, GLOSS_ANNOTATION_CLAIM, 0, 964, 1095);
  gold = gloss_review_adjudication_accept (f->adj, claim, 1, NULL, &error);
  g_assert_no_error (error);
  src = gloss_annotation_set_lookup (f->gold, gloss_annotation_get_source_entity (gold));
  g_assert_nonnull (src);
  g_assert_cmpuint (gloss_annotation_get_start (src), ==, 489);
  g_assert_cmpint (gloss_review_group_get_decision (group_at (f->review, GLOSS_ANNOTATION_ENTITY, 1, 489, 511)),
                   ==, GLOSS_REVIEW_ACCEPTED);
  {
    guint cs = 0, ce = 0;

    g_assert_true (gloss_annotation_get_cue (gold, &cs, &ce));
    g_assert_cmpuint (cs, ==, 959);
    g_assert_cmpuint (ce, ==, 963);
  }
  g_assert_cmpstr (gloss_annotation_get_attribute (gold, "verdict"), ==, "disputed");

  /* member-of Teodora Vasquell → the union: the person is still pending. */
  groups = gloss_review_get_groups (f->review);
  for (guint i = 0; i < g_list_model_get_n_items (groups) && relation == NULL; i++)
    {
      g_autoptr(GlossReviewGroup) g = g_list_model_get_item (groups, i);

      if (gloss_review_group_get_kind (g) == GLOSS_ANNOTATION_RELATION &&
          g_str_equal (gloss_annotation_get_type_id (gloss_review_group_get_annotation (g, 0)), "member-of") &&
          gloss_review_group_get_n_present (g) == 2)
        relation = g;
    }
  g_assert_nonnull (relation);
  g_assert_true (gloss_review_group_is_agreed (relation));
  g_assert_null (gloss_review_adjudication_accept (f->adj, relation, 0, NULL, &error));
  g_assert_error (error, GLOSS_REVIEW_ERROR, GLOSS_REVIEW_ERROR_DECISION);
  g_clear_error (&error);

  teodora = group_at (f->review, GLOSS_ANNOTATION_ENTITY, 0, 623, 639);
  g_assert_nonnull (gloss_review_adjudication_accept (f->adj, teodora, 1, NULL, &error));
  g_assert_nonnull (gloss_review_adjudication_accept (f->adj, group_at (f->review, GLOSS_ANNOTATION_ENTITY, 0, 205, 234),
                                                      0, NULL, &error));
  g_assert_nonnull (gloss_review_adjudication_accept (f->adj, relation, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_items (gloss_annotation_set_get_relations (f->gold)), ==, 1);
}

/* The gold file keeps decisions, alternatives and rejections, validates,
 * and a new adjudication reads them back. */
static void
test_save_and_reload (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GlossAnnotationSet) loaded = NULL;
  g_autoptr(GlossReviewAdjudication) again = NULL;
  g_autoptr(GlossSidecarReport) report = NULL;
  g_autoptr(GBytes) bytes2 = NULL;
  GlossReviewGroup *port, *gate;
  GlossAnnotation *gold;
  const char *xml;

  if (skip_without_corpus (f))
    return;

  gloss_review_adjudication_accept_agreed (f->adj);
  port = group_at (f->review, GLOSS_ANNOTATION_ENTITY, 0, 159, 174);
  gold = gloss_review_adjudication_accept (f->adj, port, 1, "Runs the port & the quays", &error);
  g_assert_no_error (error);
  gate = group_at (f->review, GLOSS_ANNOTATION_ENTITY, 0, 1535, 1541);
  gloss_review_adjudication_reject (f->adj, gate, "Line\nbreak", &error);
  g_assert_no_error (error);
  gloss_review_adjudication_begin_edit (f->adj, gold, "Mention is nominal here");
  gloss_annotation_set_set_attribute (f->gold, gold, "mention", "nominal", &error);
  g_assert_no_error (error);
  gloss_review_adjudication_end_edit (f->adj);
  g_assert_cmpint (gloss_review_group_get_decision (port), ==, GLOSS_REVIEW_EDITED);

  bytes = gloss_sidecar_to_bytes (f->gold, &error);
  g_assert_no_error (error);
  xml = g_bytes_get_data (bytes, NULL);
  g_assert_nonnull (strstr (xml, "urn:gloss:review:1"));
  g_assert_nonnull (strstr (xml, "<rv:rejection"));
  g_assert_nonnull (strstr (xml, "action=\"edit\""));

  loaded = gloss_sidecar_load_bytes (bytes, "gold.gloss.xml", f->doc, gloss_tagset_get_default (),
                                     &report, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gloss_annotation_set_get_size (loaded), ==, gloss_annotation_set_get_size (f->gold));

  /* Saving what was loaded gives the same bytes: records survive as they are. */
  bytes2 = gloss_sidecar_to_bytes (loaded, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (bytes, bytes2));

  g_clear_object (&f->adj);
  again = gloss_review_adjudication_new (f->review, loaded, "dave", &error);
  g_assert_no_error (error);
  g_assert_cmpint (gloss_review_group_get_decision (port), ==, GLOSS_REVIEW_EDITED);
  g_assert_cmpint (gloss_review_group_get_decision (gate), ==, GLOSS_REVIEW_REJECTED);
  {
    g_autoptr(GPtrArray) history = gloss_review_adjudication_get_history (again, gloss_review_group_get_gold (port));
    g_autoptr(GlossReviewRecord) rejection = gloss_review_adjudication_get_rejection (again, gate);
    GlossReviewRecord *first = g_ptr_array_index (history, 0);

    g_assert_cmpuint (history->len, ==, 2);
    g_assert_cmpstr (first->reason, ==, "Runs the port & the quays");
    g_assert_cmpstr (((GlossReviewRecord *) g_ptr_array_index (history, 1))->action, ==, "edit");
    g_assert_cmpstr (rejection->reason, ==, "Line\nbreak");
  }
  g_assert_cmpuint (gloss_review_adjudication_count_pending (again), ==,
                    n_items (gloss_review_get_groups (f->review)) - 16 - 2);
}

/* carol comments on alice's and bob's annotations in her own sidecar. */
static void
test_comments (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotationSet) carol = NULL;
  g_autoptr(GlossAnnotationSet) loaded = NULL;
  g_autoptr(GlossReviewComment) first = NULL;
  g_autoptr(GlossReviewComment) second = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) bytes2 = NULL;
  GlossAnnotation *gate, *claim;
  GlossReviewComment *c;

  if (skip_without_corpus (f))
    return;

  carol = gloss_annotation_set_new (f->doc, gloss_tagset_get_default (), "carol", "Carol");
  gate = gloss_annotation_set_lookup (f->alice, "e22");
  claim = gloss_annotation_set_lookup (f->bob, "c2");
  first = gloss_review_comment_add (carol, f->alice, gate, "Gate 4 is a place, \"not\" a facility?", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first->id, ==, "k1");
  second = gloss_review_comment_add (carol, f->bob, claim, "Quote or paraphrase?\nCheck the audio.", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (second->id, ==, "k2");
  g_assert_null (gloss_review_comment_add (carol, f->bob, gate, "wrong set", &error));
  g_assert_error (error, GLOSS_REVIEW_ERROR, GLOSS_REVIEW_ERROR_DECISION);
  g_clear_error (&error);
  g_assert_null (gloss_review_comment_add (carol, f->bob, claim, "  ", &error));
  g_clear_error (&error);

  /* Kept in carol's sidecar, read back by anyone. */
  bytes = gloss_sidecar_to_bytes (carol, &error);
  g_assert_no_error (error);
  loaded = gloss_sidecar_load_bytes (bytes, "carol.gloss.xml", f->doc, gloss_tagset_get_default (), NULL, &error);
  g_assert_no_error (error);
  bytes2 = gloss_sidecar_to_bytes (loaded, &error);
  g_assert_true (g_bytes_equal (bytes, bytes2));
  list = gloss_review_comment_list (loaded);
  g_assert_cmpuint (list->len, ==, 2);
  c = g_ptr_array_index (list, 0);
  g_assert_cmpstr (c->author, ==, "carol");
  g_assert_cmpstr (c->annotator, ==, "alice");
  g_assert_cmpstr (c->annotation, ==, "e22");
  g_assert_cmpint (c->kind, ==, GLOSS_ANNOTATION_ENTITY);
  g_assert_cmpuint (c->start, ==, 1535);
  g_assert_cmpstr (c->exact, ==, "Gate 4");
  g_assert_cmpstr (c->text, ==, "Gate 4 is a place, \"not\" a facility?");
  g_assert_true (gloss_review_comment_find_target (c, f->alice) == gate);
  c = g_ptr_array_index (list, 1);
  g_assert_cmpstr (c->text, ==, "Quote or paraphrase?\nCheck the audio.");
  g_assert_cmpint (c->kind, ==, GLOSS_ANNOTATION_CLAIM);
  g_assert_true (gloss_review_comment_find_target (c, f->bob) == claim);

  /* The annotation is gone: the comment stays, with its quote. */
  gloss_annotation_set_remove (f->alice, gate);
  g_assert_null (gloss_review_comment_find_target (g_ptr_array_index (list, 0), f->alice));

  g_assert_true (gloss_review_comment_remove (loaded, "k1"));
  g_assert_false (gloss_review_comment_remove (loaded, "k1"));
  g_clear_pointer (&list, g_ptr_array_unref);
  list = gloss_review_comment_list (loaded);
  g_assert_cmpuint (list->len, ==, 1);
  g_clear_pointer (&second, gloss_review_comment_free);
  second = gloss_review_comment_add (loaded, f->bob, claim, "Another", &error);
  g_assert_cmpstr (second->id, ==, "k3");
}

typedef struct
{
  GPtrArray *whats;        /* what of every annotation-changed */
  guint      n_extensions; /* extensions-changed, any target */
  guint      n_root;       /* extensions-changed of the root */
  gboolean   odd_note;     /* a note that is not text was seen */
} GoldLog;

static void
on_gold_annotation_changed (GlossAnnotationSet *set,
                            GlossAnnotation    *annotation,
                            const char         *what,
                            GoldLog            *log)
{
  const char *note = gloss_annotation_get_note (annotation);

  g_ptr_array_add (log->whats, g_strdup (what));
  if (note != NULL && g_utf8_get_char (note) < 0x20 && g_utf8_get_char (note) != '\n')
    log->odd_note = TRUE;
}

static void
on_gold_extensions_changed (GlossAnnotationSet *set,
                            GlossAnnotation    *annotation,
                            GoldLog            *log)
{
  log->n_extensions++;
  log->n_root += annotation == NULL;
}

static guint
count_whats (GoldLog    *log,
             const char *what)
{
  guint n = 0;

  for (guint i = 0; i < log->whats->len; i++)
    n += g_str_equal (g_ptr_array_index (log->whats, i), what);
  return n;
}

/* Records go into gold as changes of extensions: no detour through the
 * note, and every decision is one step of the gold set's own history. */
static void
test_records_in_gold_history (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = NULL;
  GoldLog log = { g_ptr_array_new_with_free_func (g_free), 0, 0, FALSE };
  GlossReviewGroup *port, *gate;
  GlossAnnotation *gold;

  if (skip_without_corpus (f))
    return;

  g_signal_connect (f->gold, "annotation-changed", G_CALLBACK (on_gold_annotation_changed), &log);
  g_signal_connect (f->gold, "extensions-changed", G_CALLBACK (on_gold_extensions_changed), &log);

  port = group_at (f->review, GLOSS_ANNOTATION_ENTITY, 0, 159, 174);
  gold = gloss_review_adjudication_accept (f->adj, port, 1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_whats (&log, "extensions"), ==, 1);
  g_assert_cmpuint (log.n_extensions, ==, 1);

  /* Changing one's mind on an annotation already in gold: one record
   * more, and the note changes once, to the chosen version's. */
  g_ptr_array_set_size (log.whats, 0);
  g_assert_nonnull (gloss_review_adjudication_accept (f->adj, port, 0, NULL, &error));
  g_assert_cmpuint (count_whats (&log, "extensions"), ==, 1);
  g_assert_cmpuint (count_whats (&log, "note"), ==, 1);
  g_assert_false (log.odd_note);
  g_assert_cmpuint (log.n_extensions, ==, 2);
  history = gloss_review_adjudication_get_history (f->adj, gold);
  g_assert_cmpuint (history->len, ==, 2);
  g_clear_pointer (&history, g_ptr_array_unref);

  /* Each decision is one step of the gold set: undoing it there (as a
   * window's undo might) takes the record out, and the groups follow. */
  g_assert_true (gloss_annotation_set_can_undo (f->gold));
  g_assert_true (gloss_annotation_set_undo (f->gold));
  history = gloss_review_adjudication_get_history (f->adj, gold);
  g_assert_cmpuint (history->len, ==, 1);
  g_clear_pointer (&history, g_ptr_array_unref);
  g_assert_cmpstr (gloss_annotation_get_type_id (gold), ==, "organisation");
  g_assert_true (gloss_annotation_set_redo (f->gold));

  /* A rejection of a group without a gold annotation is a change of the
   * root's extensions, in the same history. */
  gate = group_at (f->review, GLOSS_ANNOTATION_ENTITY, 0, 1535, 1541);
  g_assert_true (gloss_review_adjudication_reject (f->adj, gate, NULL, &error));
  g_assert_cmpuint (log.n_root, ==, 1);
  g_assert_cmpstr (gloss_annotation_set_get_undo_label (f->gold), ==, "Reject Annotation");
  g_assert_true (gloss_annotation_set_undo (f->gold));
  g_assert_cmpuint (log.n_root, ==, 2);
  g_assert_cmpint (gloss_review_group_get_decision (gate), ==, GLOSS_REVIEW_PENDING);
  g_assert_null (gloss_review_adjudication_get_rejection (f->adj, gate));
  g_assert_true (gloss_annotation_set_redo (f->gold));
  g_assert_cmpint (gloss_review_group_get_decision (gate), ==, GLOSS_REVIEW_REJECTED);

  /* The adjudication's own undo goes through the same steps. */
  g_assert_true (gloss_review_adjudication_undo (f->adj));
  g_assert_cmpint (gloss_review_group_get_decision (gate), ==, GLOSS_REVIEW_PENDING);
  g_assert_true (gloss_review_adjudication_undo (f->adj));
  g_assert_true (gloss_review_adjudication_undo (f->adj));
  g_assert_false (gloss_review_adjudication_can_undo (f->adj));
  g_assert_false (gloss_annotation_set_can_undo (f->gold));
  g_assert_cmpuint (gloss_annotation_set_get_size (f->gold), ==, 0);
  g_assert_null (_gloss_annotation_set_get_extensions (f->gold));
  g_assert_cmpint (gloss_review_group_get_decision (port), ==, GLOSS_REVIEW_PENDING);
  for (guint i = 0; i < 3; i++)
    g_assert_true (gloss_review_adjudication_redo (f->adj));
  g_assert_cmpint (gloss_review_group_get_decision (gate), ==, GLOSS_REVIEW_REJECTED);
  g_assert_cmpint (gloss_review_group_get_decision (port), ==, GLOSS_REVIEW_ACCEPTED);
  g_assert_cmpstr (gloss_annotation_get_type_id (gloss_review_group_get_gold (port)), ==, "facility");

  g_ptr_array_unref (log.whats);
}

/* Comments are changes of their author's set: announced and undoable. */
static void
test_comments_undoable (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotationSet) carol = NULL;
  g_autoptr(GlossReviewComment) first = NULL;
  g_autoptr(GPtrArray) list = NULL;
  GoldLog log = { g_ptr_array_new_with_free_func (g_free), 0, 0, FALSE };

  if (skip_without_corpus (f))
    return;

  carol = gloss_annotation_set_new (f->doc, gloss_tagset_get_default (), "carol", "Carol");
  g_signal_connect (carol, "extensions-changed", G_CALLBACK (on_gold_extensions_changed), &log);
  first = gloss_review_comment_add (carol, f->alice, gloss_annotation_set_lookup (f->alice, "e22"),
                                    "A place?", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (log.n_root, ==, 1);
  g_assert_cmpstr (gloss_annotation_set_get_undo_label (carol), ==, "Add Comment");

  g_assert_true (gloss_review_comment_remove (carol, "k1"));
  g_assert_cmpuint (log.n_root, ==, 2);
  g_assert_cmpstr (gloss_annotation_set_get_undo_label (carol), ==, "Remove Comment");
  list = gloss_review_comment_list (carol);
  g_assert_cmpuint (list->len, ==, 0);
  g_clear_pointer (&list, g_ptr_array_unref);

  g_assert_true (gloss_annotation_set_undo (carol));
  list = gloss_review_comment_list (carol);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((GlossReviewComment *) g_ptr_array_index (list, 0))->text, ==, "A place?");
  g_clear_pointer (&list, g_ptr_array_unref);
  g_assert_true (gloss_annotation_set_undo (carol));
  list = gloss_review_comment_list (carol);
  g_assert_cmpuint (list->len, ==, 0);
  g_assert_false (gloss_annotation_set_can_undo (carol));
  g_assert_cmpuint (log.n_root, ==, 4);

  g_ptr_array_unref (log.whats);
}

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  if (skip_without_corpus (f))
    return;

  g_assert_null (gloss_review_adjudication_new (f->review, f->alice, "carol", &error));
  g_assert_error (error, GLOSS_REVIEW_ERROR, GLOSS_REVIEW_ERROR_DECISION);
  g_clear_error (&error);
  g_assert_null (gloss_review_adjudication_new (f->review, f->gold, "Not An Id", &error));
  g_assert_error (error, GLOSS_REVIEW_ERROR, GLOSS_REVIEW_ERROR_DECISION);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  gloss_xml_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/review-adjudication/accept-agreed", test_accept_agreed);
  ADD ("/review-adjudication/accept-with-provenance", test_accept_with_provenance);
  ADD ("/review-adjudication/reject", test_reject);
  ADD ("/review-adjudication/claims-and-relations", test_claims_and_relations);
  ADD ("/review-adjudication/save-and-reload", test_save_and_reload);
  ADD ("/review-adjudication/comments", test_comments);
  ADD ("/review-adjudication/errors", test_errors);
  ADD ("/review-adjudication/records-in-gold-history", test_records_in_gold_history);
  ADD ("/review-adjudication/comments-undoable", test_comments_undoable);
#undef ADD

  return g_test_run ();
}
