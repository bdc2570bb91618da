/* test-review-mode.c: the window's review mode, driven through its actions and widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "gloss-agreement.h"
#include "gloss-application.h"
#include "gloss-article-view-private.h"
#include "gloss-review-comment.h"
#include "gloss-review-page.h"
#include "gloss-review-swatch.h"
#include "gloss-sidecar.h"
#include "gloss-window-private.h"
#include "gloss-test-util.h"
#include "gloss-ui-test-util.h"

/* Alice and bob annotated it with known differences (data/sample-corpus/README.md). */
#define ARTICLE "valmora-strike-gazette.txt"

typedef struct
{
  char             *corpus;
  GlossApplication *app;
  GlossWindow      *window;
  GlossReviewPage  *page;
} Fixture;

/* Main loop helpers (gloss-ui-test-util.h); the conditions take a Fixture. */

#define spin_until(f, condition, data, timeout_ms) \
  gloss_test_spin_until ((f), GLOSS_TEST_CONDITION (condition), (data), (timeout_ms))

static gboolean
has_session (Fixture *f,
             gpointer data)
{
  return gloss_window_get_session (f->window) != NULL;
}

static GFile *
corpus_file (Fixture    *f,
             const char *name)
{
  g_autofree char *path = g_build_filename (f->corpus, name, NULL);

  return g_file_new_for_path (path);
}

static GFile *
sidecar_of (Fixture    *f,
            const char *annotator)
{
  g_autofree char *name = gloss_sidecar_build_name (ARTICLE, annotator);

  return corpus_file (f, name);
}

static GlossReviewPage *
find_page (GtkWidget *root)
{
  if (GLOSS_IS_REVIEW_PAGE (root))
    return GLOSS_REVIEW_PAGE (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GlossReviewPage *found = find_page (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GSettings) settings = gloss_settings_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) article = NULL;
  static guint serial;
  g_autofree char *id = g_strdup_printf ("%s.ReviewTest%u", APP_ID, ++serial);

  g_settings_reset (settings, "annotator-id");
  g_settings_reset (settings, "annotator-name");
  g_settings_reset (settings, "show-side-panel");
  f->corpus = gloss_test_copy_sample_corpus ("gloss-review");
  f->app = gloss_application_new ();
  g_application_set_application_id (G_APPLICATION (f->app), id);
  g_application_register (G_APPLICATION (f->app), NULL, &error);
  g_assert_no_error (error);
  /* The reviewer has no sidecar of their own on this article. */
  gloss_application_set_identity (f->app, "carol", "Carol Reviewer");
  f->window = gloss_window_new (f->app);
  /* Short enough that the article scrolls. */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, data != NULL ? 800 : 560);
  gtk_window_present (GTK_WINDOW (f->window));

  article = corpus_file (f, ARTICLE);
  gloss_window_open (f->window, article);
  g_assert_true (spin_until (f, has_session, NULL, 10000));
  gloss_test_spin_ms (100);

  f->page = find_page (GTK_WIDGET (f->window));
  g_assert_nonnull (f->page);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "mode"));
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "mode", g_variant_new_string ("review"));
  gloss_test_spin_ms (100);
  g_assert_nonnull (gloss_review_page_get_review (f->page));
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  gloss_test_spin_ms (50);
  g_clear_object (&f->app);
  gloss_test_remove_sample_corpus (f->corpus);
  g_free (f->corpus);
}

/* The core's own review of the files on disk, for comparison. */
static GlossReview *
core_review (Fixture *f)
{
  GlossEditingSession *session = gloss_window_get_session (f->window);
  GlossAnnotationSet *sets[2];
  const char *ids[] = { "alice", "bob" };
  g_autoptr(GError) error = NULL;
  GlossReview *review;

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GFile) file = sidecar_of (f, ids[i]);

      sets[i] = gloss_sidecar_load (file, gloss_editing_session_get_document (session),
                                    gloss_editing_session_get_tagset (session), NULL, NULL, &error);
      g_assert_no_error (error);
    }
  review = gloss_review_new (sets, 2, &error);
  g_assert_no_error (error);
  g_object_unref (sets[0]);
  g_object_unref (sets[1]);
  return review;
}

static GlossAnnotationSet *
load_on_disk (Fixture    *f,
              const char *annotator)
{
  GlossEditingSession *session = gloss_window_get_session (f->window);
  g_autoptr(GFile) file = sidecar_of (f, annotator);
  g_autoptr(GError) error = NULL;
  GlossAnnotationSet *set;

  set = gloss_sidecar_load (file, gloss_editing_session_get_document (session),
                            gloss_editing_session_get_tagset (session), NULL, NULL, &error);
  g_assert_no_error (error);
  return set;
}

static void
flush (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gloss_review_page_flush (f->page, &error));
  g_assert_no_error (error);
}

/* The page's group of @status whose text starts at @phrase. */
static GlossReviewGroup *
find_group (Fixture                *f,
            GlossReviewDifferences  status,
            const char             *phrase)
{
  GlossReview *review = gloss_review_page_get_review (f->page);
  GListModel *groups = gloss_review_get_groups (review);
  const char *text = gloss_document_get_text (gloss_review_get_document (review), NULL);
  const char *at = strstr (text, phrase);
  guint start;

  g_assert_nonnull (at);
  start = g_utf8_pointer_to_offset (text, at);
  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(GlossReviewGroup) group = g_list_model_get_item (groups, i);

      if (gloss_review_group_get_status (group) == status && gloss_review_group_get_start (group) == start)
        return group;
    }
  g_assert_not_reached ();
  return NULL;
}

static void
click (GtkWidget *button)
{
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static void
save_screenshot (Fixture    *f,
                 const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (f->window));
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width = gtk_widget_get_width (GTK_WIDGET (f->window));
  int height = gtk_widget_get_height (GTK_WIDGET (f->window));

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (f->window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_test_build_filename (G_TEST_BUILT, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/* Tests */

static void
test_disagreements (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GlossReview) expected = core_review (f);
  GlossReviewList *list = gloss_review_page_get_list (f->page);
  GListModel *model = gloss_review_list_get_model (list);
  GListModel *core = gloss_review_get_disagreements (expected);
  const char * const *compared = gloss_review_page_get_compared (f->page);
  guint n_missing = 0, n_type = 0, n_boundary = 0;

  /* Everyone with a sidecar, the reviewer (none) aside. */
  g_assert_cmpstr (compared[0], ==, "alice");
  g_assert_cmpstr (compared[1], ==, "bob");
  g_assert_null (compared[2]);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (f->page)))),
                   ==, "review");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (_gloss_window_get_side_panel (f->window))));

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, g_list_model_get_n_items (core));
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 5);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GlossReviewGroup) shown = g_list_model_get_item (model, i);
      g_autoptr(GlossReviewGroup) want = g_list_model_get_item (core, i);
      g_autofree char *row = gloss_review_list_dup_row_text (list, i);
      GlossReviewDifferences status = gloss_review_group_get_status (shown);

      g_assert_cmpint (status, ==, gloss_review_group_get_status (want));
      g_assert_cmpuint (gloss_review_group_get_start (shown), ==, gloss_review_group_get_start (want));
      g_assert_cmpuint (gloss_review_group_get_end (shown), ==, gloss_review_group_get_end (want));
      g_assert_true (g_str_has_prefix (row, gloss_review_status_label (status, gloss_review_group_get_kind (shown))));
      g_assert_nonnull (strstr (row, "alice"));
      g_assert_nonnull (strstr (row, "bob"));
      n_missing += status == GLOSS_REVIEW_MISSING;
      n_type += status == GLOSS_REVIEW_TYPE;
      n_boundary += status == GLOSS_REVIEW_BOUNDARY;
    }
  /* The kinds the sample is known for. */
  g_assert_cmpuint (n_missing, ==, gloss_review_count_status (expected, GLOSS_ANNOTATION_ENTITY, GLOSS_REVIEW_MISSING)
                                   + gloss_review_count_status (expected, GLOSS_ANNOTATION_CLAIM, GLOSS_REVIEW_MISSING)
                                   + gloss_review_count_status (expected, GLOSS_ANNOTATION_RELATION, GLOSS_REVIEW_MISSING));
  g_assert_cmpuint (n_type, >=, 1);
  g_assert_cmpuint (n_boundary, >=, 3);

  {
    /* A type disagreement's row names both types. */
    GlossReviewGroup *port = find_group (f, GLOSS_REVIEW_TYPE, "Port of Valmora");
    g_autofree char *row = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (model); i++)
      {
        g_autoptr(GlossReviewGroup) group = g_list_model_get_item (model, i);

        if (group == port)
          row = gloss_review_list_dup_row_text (list, i);
      }
    g_assert_nonnull (row);
    g_assert_nonnull (strstr (row, "“Port of Valmora”"));
    g_assert_nonnull (strstr (row, "alice Facility"));
    g_assert_nonnull (strstr (row, "bob Organisation"));
  }

  /* Back to annotating: the window's own view and panel again. */
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "mode", g_variant_new_string ("annotate"));
  g_assert_null (gloss_review_page_get_review (f->page));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (_gloss_window_get_side_panel (f->window))));
  /* And Ctrl+R's action back into review. */
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "toggle-review", NULL);
  g_assert_nonnull (gloss_review_page_get_review (f->page));
}

static void
test_select_scrolls (Fixture       *f,
                     gconstpointer  data)
{
  GlossReviewList *list = gloss_review_page_get_list (f->page);
  GListModel *model = gloss_review_list_get_model (list);
  GlossArticleView *view = gloss_review_page_get_article_view (f->page);
  GtkAdjustment *vadj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  GlossReviewVersions *versions = gloss_review_page_get_versions (f->page);
  g_autoptr(GlossReviewGroup) last = NULL;
  GlossAnnotation *shown;
  g_autofree char *alice = NULL;
  g_autofree char *bob = NULL;
  GdkRectangle rect;
  guint n = g_list_model_get_n_items (model);

  gloss_test_spin_ms (200);
  g_assert_cmpfloat (gtk_adjustment_get_upper (vadj), >, gtk_adjustment_get_page_size (vadj));
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj), ==, 0);

  /* The last disagreement is further down than the view shows at first. */
  last = g_list_model_get_item (model, n - 1);
  gloss_review_list_set_selected_group (list, last);
  gloss_test_spin_ms (300);
  g_assert_true (gloss_review_versions_get_group (versions) == last);
  g_assert_cmpfloat (gtk_adjustment_get_value (vadj), >, 0);
  shown = gloss_article_view_get_selected_annotation (view);
  if (gloss_review_group_get_kind (last) != GLOSS_ANNOTATION_RELATION)
    {
      g_assert_nonnull (shown);
      g_assert_true (gloss_article_view_get_span_rect (view, gloss_annotation_get_start (shown),
                                                       gloss_annotation_get_end (shown), &rect));
      g_assert_cmpint (rect.y, >=, 0);
      g_assert_cmpint (rect.y + rect.height, <=, gtk_widget_get_height (GTK_WIDGET (view)));
    }

  /* The versions side by side: a type disagreement. */
  gloss_review_page_select_group (f->page, find_group (f, GLOSS_REVIEW_TYPE, "Port of Valmora"));
  alice = gloss_review_versions_dup_column_text (versions, 0);
  bob = gloss_review_versions_dup_column_text (versions, 1);
  g_assert_true (g_str_has_prefix (alice, "alice\n"));
  g_assert_true (g_str_has_prefix (bob, "bob\n"));
  /* What differs is marked (" *"), what agrees is not. */
  g_assert_nonnull (strstr (alice, "Facility *"));
  g_assert_nonnull (strstr (bob, "Organisation *"));
  g_assert_nonnull (strstr (alice, "“Port of Valmora”\n"));
  g_assert_nonnull (strstr (alice, "159–174"));
  g_assert_true (gtk_widget_get_sensitive (gloss_review_versions_get_accept_button (versions, 0)));

  /* A claim whose source differs shows both sources. */
  {
    GlossReviewGroup *claim = find_group (f, GLOSS_REVIEW_SOURCE, "the rise amounted");
    g_autofree char *a = NULL;
    g_autofree char *b = NULL;

    gloss_review_page_select_group (f->page, claim);
    a = gloss_review_versions_dup_column_text (versions, 0);
    b = gloss_review_versions_dup_column_text (versions, 1);
    g_assert_nonnull (strstr (a, "Source: “Anselm Rook” *"));
    g_assert_nonnull (strstr (b, "Source: "));
    g_assert_null (strstr (b, "Source: “Anselm Rook”"));
    g_assert_nonnull (strstr (a, "Cue: “said”\n"));
  }

  /* A click on bob's version in the text selects its group. */
  {
    GlossReviewGroup *delegates = find_group (f, GLOSS_REVIEW_MISSING, "union delegates");
    GlossAnnotation *version = gloss_review_group_get_annotation (delegates, 1);
    double x, y;

    gloss_article_view_scroll_to_annotation (view, version, FALSE);
    gloss_test_spin_ms (200);
    g_assert_true (gloss_article_view_get_span_rect (view, gloss_annotation_get_start (version),
                                                     gloss_annotation_get_end (version), &rect));
    x = rect.x + rect.width / 2.0;
    y = rect.y + rect.height / 2.0;
    _gloss_article_view_press (view, GDK_BUTTON_PRIMARY, 1, 0, x, y);
    _gloss_article_view_release (view, x, y);
    g_assert_true (gloss_review_versions_get_group (versions) == delegates);
    g_assert_true (gloss_review_list_get_selected_group (list) == delegates);
  }
}

static void
test_decide (Fixture       *f,
             gconstpointer  data)
{
  GlossReviewVersions *versions = gloss_review_page_get_versions (f->page);
  GlossReviewGroup *port = find_group (f, GLOSS_REVIEW_TYPE, "Port of Valmora");
  GlossReviewGroup *delegates = find_group (f, GLOSS_REVIEW_MISSING, "union delegates");
  g_autoptr(GlossAnnotationSet) gold = NULL;
  g_autoptr(GlossReview) review = NULL;
  g_autoptr(GlossReviewAdjudication) adjudication = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GFile) gold_file = sidecar_of (f, "gold");
  GlossReviewRecord *record;
  GlossAnnotation *entity = NULL;
  GListModel *entities;

  g_assert_false (g_file_query_exists (gold_file, NULL));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "undo"));

  /* Accept alice's version, with a reason, as the pane's button does. */
  gloss_review_page_select_group (f->page, port);
  gtk_editable_set_text (GTK_EDITABLE (gloss_review_versions_get_reason_entry (versions)), "The quays, not the body");
  click (gloss_review_versions_get_accept_button (versions, 0));
  g_assert_cmpint (gloss_review_group_get_decision (port), ==, GLOSS_REVIEW_ACCEPTED);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "undo"));

  /* Reject bob's lone "union delegates". */
  gloss_review_page_select_group (f->page, delegates);
  click (gloss_review_versions_get_reject_button (versions));
  g_assert_cmpint (gloss_review_group_get_decision (delegates), ==, GLOSS_REVIEW_REJECTED);

  /* Saved on its own shortly after. */
  gloss_test_spin_ms (800);
  g_assert_true (g_file_query_exists (gold_file, NULL));
  flush (f);

  /* The gold file, as another program reads it. */
  gold = load_on_disk (f, "gold");
  entities = gloss_annotation_set_get_entities (gold);
  for (guint i = 0; i < g_list_model_get_n_items (entities); i++)
    {
      g_autoptr(GlossAnnotation) a = g_list_model_get_item (entities, i);

      if (gloss_annotation_get_start (a) == 159 && gloss_annotation_get_end (a) == 174)
        entity = a;
      g_assert_false (gloss_annotation_get_start (a) == gloss_review_group_get_start (delegates));
    }
  g_assert_nonnull (entity);
  g_assert_cmpstr (gloss_annotation_get_type_id (entity), ==, "facility");

  review = core_review (f);
  adjudication = gloss_review_adjudication_new (review, gold, "someone", &error);
  g_assert_no_error (error);
  history = gloss_review_adjudication_get_history (adjudication, entity);
  g_assert_cmpuint (history->len, ==, 1);
  record = g_ptr_array_index (history, 0);
  g_assert_cmpstr (record->action, ==, "accept");
  g_assert_cmpstr (record->reviewer, ==, "carol");
  g_assert_cmpstr (record->annotator, ==, "alice");
  g_assert_cmpstr (record->reason, ==, "The quays, not the body");
  g_assert_cmpuint (record->alternatives->len, ==, 1);
  {
    GlossReviewVersion *other = g_ptr_array_index (record->alternatives, 0);

    g_assert_cmpstr (other->annotator, ==, "bob");
    g_assert_cmpstr (other->type, ==, "organisation");
  }
  {
    GlossReviewGroup *group = gloss_review_lookup_group (review, "bob",
                                                         gloss_annotation_get_id (gloss_review_group_get_annotation (delegates, 1)));
    GlossReviewRecord *rejection;

    g_assert_nonnull (group);
    rejection = gloss_review_adjudication_get_rejection (adjudication, group);
    g_assert_nonnull (rejection);
    g_assert_cmpstr (rejection->reviewer, ==, "carol");
  }

  /* The pane says what was decided. */
  gloss_review_page_select_group (f->page, port);
  {
    g_autofree char *alice = gloss_review_versions_dup_column_text (versions, 0);

    g_assert_nonnull (alice);
  }

  /* Undo (Ctrl+Z is win.undo) takes back the rejection, then the accept. */
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "undo", NULL);
  g_assert_cmpint (gloss_review_group_get_decision (delegates), ==, GLOSS_REVIEW_PENDING);
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "undo", NULL);
  g_assert_cmpint (gloss_review_group_get_decision (port), ==, GLOSS_REVIEW_PENDING);
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "redo", NULL);
  g_assert_cmpint (gloss_review_group_get_decision (port), ==, GLOSS_REVIEW_ACCEPTED);
  flush (f);
  g_clear_object (&gold);
  gold = load_on_disk (f, "gold");
  g_assert_cmpuint (gloss_annotation_set_get_size (gold), ==, 1);
}

static void
test_accept_agreed_undo (Fixture       *f,
                         gconstpointer  data)
{
  GlossReviewAdjudication *adjudication = gloss_review_page_get_adjudication (f->page);
  GlossAnnotationSet *gold = gloss_review_adjudication_get_gold (adjudication);
  g_autoptr(GlossReview) review = core_review (f);
  g_autoptr(GlossAnnotationSet) fresh = NULL;
  g_autoptr(GlossReviewAdjudication) expected = NULL;
  g_autoptr(GlossAnnotationSet) on_disk = NULL;
  g_autoptr(GError) error = NULL;
  guint before = gloss_annotation_set_get_size (gold);
  guint n_expected, n_agreed = 0;
  GListModel *groups = gloss_review_get_groups (review);

  /* What the core does with the same files. */
  fresh = gloss_annotation_set_new (gloss_review_get_document (review),
                                    gloss_annotation_set_get_tagset (gloss_review_get_set (review, 0)),
                                    "gold", NULL);
  expected = gloss_review_adjudication_new (review, fresh, "carol", &error);
  g_assert_no_error (error);
  n_expected = gloss_review_adjudication_accept_agreed (expected);
  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(GlossReviewGroup) group = g_list_model_get_item (groups, i);

      n_agreed += gloss_review_group_is_agreed (group);
    }
  g_assert_cmpuint (n_expected, >, 0);
  g_assert_cmpuint (n_expected, <=, n_agreed);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "review.accept-agreed", NULL));
  g_assert_cmpuint (gloss_annotation_set_get_size (gold), ==, before + n_expected);
  flush (f);
  on_disk = load_on_disk (f, "gold");
  g_assert_cmpuint (gloss_annotation_set_get_size (on_disk), ==, before + n_expected);
  g_clear_object (&on_disk);

  /* One step: one undo takes it all back, on disk too. */
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "undo", NULL);
  g_assert_cmpuint (gloss_annotation_set_get_size (gold), ==, before);
  flush (f);
  on_disk = load_on_disk (f, "gold");
  g_assert_cmpuint (gloss_annotation_set_get_size (on_disk), ==, before);
}

static void
test_edit (Fixture       *f,
           gconstpointer  data)
{
  GlossReviewVersions *versions = gloss_review_page_get_versions (f->page);
  GlossReviewGroup *ships = find_group (f, GLOSS_REVIEW_BOUNDARY, "more than forty ships");
  GlossReviewAdjudication *adjudication = gloss_review_page_get_adjudication (f->page);
  GlossAnnotation *gold;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GError) error = NULL;

  gloss_review_page_select_group (f->page, ships);
  click (gloss_review_versions_get_edit_button (versions, 1));
  gold = gloss_review_group_get_gold (ships);
  g_assert_nonnull (gold);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_ancestor (gloss_review_page_get_editor (f->page),
                                                                                          GTK_TYPE_REVEALER))));
  /* A change in the editor's set, as the editor makes it. */
  gloss_annotation_set_set_note (gloss_review_adjudication_get_gold (adjudication), gold, "Rounded");
  g_assert_cmpstr (gloss_annotation_get_note (gold), ==, "Rounded");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "review.finish-edit", NULL));
  g_assert_cmpint (gloss_review_group_get_decision (ships), ==, GLOSS_REVIEW_EDITED);
  history = gloss_review_adjudication_get_history (adjudication, gold);
  g_assert_cmpstr (((GlossReviewRecord *) g_ptr_array_index (history, history->len - 1))->action, ==, "edit");

  /* One undo takes the edit back, the next the accept. */
  gloss_review_page_undo (f->page);
  g_assert_cmpint (gloss_review_group_get_decision (ships), ==, GLOSS_REVIEW_ACCEPTED);
  g_assert_null (gloss_annotation_get_note (gloss_review_group_get_gold (ships)));
  (void) error;
}

static void
test_comment (Fixture       *f,
              gconstpointer  data)
{
  GlossReviewVersions *versions = gloss_review_page_get_versions (f->page);
  GlossReviewList *list = gloss_review_page_get_list (f->page);
  GlossReviewGroup *delegates = find_group (f, GLOSS_REVIEW_MISSING, "union delegates");
  GlossEditingSession *session = gloss_window_get_session (f->window);
  g_autoptr(GlossAnnotationSet) carol = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  g_autofree char *column = NULL;
  GlossReviewComment *comment;
  GListModel *model;

  gloss_review_page_select_group (f->page, delegates);
  g_signal_emit_by_name (versions, "comment", 1, "Delegates are people, not a group?");
  g_assert_null (gloss_review_page_get_error (f->page));

  /* In the reviewer's own sidecar, written by their session. */
  carol = load_on_disk (f, "carol");
  comments = gloss_review_comment_list (carol);
  g_assert_cmpuint (comments->len, ==, 1);
  comment = g_ptr_array_index (comments, 0);
  g_assert_cmpstr (comment->author, ==, "carol");
  g_assert_cmpstr (comment->annotator, ==, "bob");
  g_assert_cmpstr (comment->text, ==, "Delegates are people, not a group?");
  g_assert_cmpstr (comment->exact, ==, "union delegates");
  g_assert_cmpint (gloss_annotation_set_get_size (carol), ==, 0);
  gloss_test_spin_ms (300);
  g_assert_cmpint (gloss_editing_session_get_state (session), ==, GLOSS_SESSION_STATE_SAVED);

  /* Shown with the version and as a marker on the row. */
  column = gloss_review_versions_dup_column_text (versions, 1);
  g_assert_nonnull (strstr (column, "carol: Delegates are people, not a group?"));
  model = gloss_review_list_get_model (list);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GlossReviewGroup) group = g_list_model_get_item (model, i);
      g_autofree char *row = gloss_review_list_dup_row_text (list, i);

      g_assert_true ((strstr (row, "Delegates are people") != NULL) == (group == delegates));
    }
  /* carol's sidecar holds only comments: she is still not compared. */
  g_assert_null (gloss_review_page_get_compared (f->page)[2]);
}

static gboolean
disagreements_are (Fixture *f,
                   gpointer data)
{
  return g_list_model_get_n_items (gloss_review_list_get_model (gloss_review_page_get_list (f->page)))
         == GPOINTER_TO_UINT (data);
}

static void
test_live (Fixture       *f,
           gconstpointer  data)
{
  GlossReviewList *list = gloss_review_page_get_list (f->page);
  GlossReviewGroup *port = find_group (f, GLOSS_REVIEW_TYPE, "Port of Valmora");
  guint n = g_list_model_get_n_items (gloss_review_list_get_model (list));
  g_autoptr(GlossAnnotationSet) bob = NULL;
  g_autoptr(GFile) file = sidecar_of (f, "bob");
  g_autoptr(GError) error = NULL;
  GListModel *entities;
  GlossAnnotation *delegates = NULL;

  g_assert_nonnull (gloss_review_page_accept (f->page, port, 1, NULL, &error) ? port : NULL);
  g_assert_no_error (error);

  /* Bob takes back "union delegates" and pushes; the file changes under us. */
  bob = load_on_disk (f, "bob");
  entities = gloss_annotation_set_get_entities (bob);
  for (guint i = 0; i < g_list_model_get_n_items (entities); i++)
    {
      g_autoptr(GlossAnnotation) a = g_list_model_get_item (entities, i);

      if (g_str_equal (gloss_annotation_get_type_id (a), "group") && gloss_annotation_get_start (a) == 424)
        delegates = a;
    }
  g_assert_nonnull (delegates);
  gloss_annotation_set_remove (bob, delegates);
  g_assert_true (gloss_sidecar_save (bob, file, NULL, &error));
  g_assert_no_error (error);

  g_assert_true (spin_until (f, disagreements_are, GUINT_TO_POINTER (n - 1), 5000));
  /* The decision taken before is still there, on the new group. */
  port = find_group (f, GLOSS_REVIEW_TYPE, "Port of Valmora");
  g_assert_cmpint (gloss_review_group_get_decision (port), ==, GLOSS_REVIEW_ACCEPTED);
  g_assert_cmpstr (gloss_annotation_get_type_id (gloss_review_group_get_gold (port)), ==, "organisation");
  g_assert_null (gloss_review_page_get_error (f->page));
}

/* Bob's file changing under the reviewer is compared in the same review:
 * what they decided before can still be undone. */
static void
test_live_keeps_undo (Fixture       *f,
                      gconstpointer  data)
{
  GlossReviewList *list = gloss_review_page_get_list (f->page);
  GlossReviewGroup *port = find_group (f, GLOSS_REVIEW_TYPE, "Port of Valmora");
  guint n = g_list_model_get_n_items (gloss_review_list_get_model (list));
  GlossReview *review = gloss_review_page_get_review (f->page);
  g_autoptr(GlossAnnotationSet) bob = NULL;
  g_autoptr(GFile) file = sidecar_of (f, "bob");
  g_autoptr(GError) error = NULL;
  GListModel *entities;
  GlossAnnotation *delegates = NULL;

  gloss_review_page_select_group (f->page, port);
  g_assert_true (gloss_review_page_accept (f->page, port, 0, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "undo"));

  bob = load_on_disk (f, "bob");
  entities = gloss_annotation_set_get_entities (bob);
  for (guint i = 0; i < g_list_model_get_n_items (entities); i++)
    {
      g_autoptr(GlossAnnotation) a = g_list_model_get_item (entities, i);

      if (g_str_equal (gloss_annotation_get_type_id (a), "group") && gloss_annotation_get_start (a) == 424)
        delegates = a;
    }
  g_assert_nonnull (delegates);
  gloss_annotation_set_remove (bob, delegates);
  g_assert_true (gloss_sidecar_save (bob, file, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (spin_until (f, disagreements_are, GUINT_TO_POINTER (n - 1), 5000));

  /* The same review, compared again, with the decision still undoable. */
  g_assert_true (gloss_review_page_get_review (f->page) == review);
  g_assert_true (gloss_review_get_set (review, 1) != gloss_review_get_set (review, 0));
  g_assert_cmpuint (gloss_annotation_set_get_size (gloss_review_get_set (review, 1)), ==,
                    gloss_annotation_set_get_size (bob));
  port = find_group (f, GLOSS_REVIEW_TYPE, "Port of Valmora");
  g_assert_cmpint (gloss_review_group_get_decision (port), ==, GLOSS_REVIEW_ACCEPTED);
  /* The selection followed the group to its new place. */
  g_assert_true (gloss_review_versions_get_group (gloss_review_page_get_versions (f->page)) == port);

  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "undo"));
  g_action_group_activate_action (G_ACTION_GROUP (f->window), "undo", NULL);
  g_assert_cmpint (gloss_review_group_get_decision (port), ==, GLOSS_REVIEW_PENDING);
  g_assert_null (gloss_review_group_get_gold (port));
  g_assert_null (gloss_review_page_get_error (f->page));
}

static gboolean
row_has (GlossReviewList  *list,
         GlossReviewGroup *group,
         const char       *text)
{
  GListModel *model = gloss_review_list_get_model (list);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GlossReviewGroup) item = g_list_model_get_item (model, i);

      if (item == group)
        {
          g_autofree char *row = gloss_review_list_dup_row_text (list, i);

          return strstr (row, text) != NULL;
        }
    }
  g_assert_not_reached ();
  return FALSE;
}

static gboolean
gold_rejects_nothing (Fixture *f,
                      gpointer data)
{
  g_autoptr(GFile) file = sidecar_of (f, "gold");
  g_autoptr(GBytes) bytes = g_file_load_bytes (file, NULL, NULL, NULL);

  return bytes != NULL && g_strstr_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "reject") == NULL;
}

/* Undoing a rejection or a comment through the sets themselves changes
 * no annotation, only extensions: the page shows and saves it all the same. */
static void
test_extensions_undo (Fixture       *f,
                      gconstpointer  data)
{
  GlossReviewList *list = gloss_review_page_get_list (f->page);
  GlossReviewGroup *delegates = find_group (f, GLOSS_REVIEW_MISSING, "union delegates");
  GlossAnnotationSet *gold = gloss_review_adjudication_get_gold (gloss_review_page_get_adjudication (f->page));
  GlossEditingSession *session = gloss_window_get_session (f->window);
  GlossAnnotationSet *own = gloss_editing_session_get_annotation_set (session);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GFile) gold_file = sidecar_of (f, "gold");

  g_assert_true (gloss_review_page_reject (f->page, delegates, "Not an entity", &error));
  g_assert_no_error (error);
  flush (f);
  bytes = g_file_load_bytes (gold_file, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), "reject"));
  g_assert_true (row_has (list, delegates, "Rejected"));

  gloss_annotation_set_undo (gold);
  g_assert_cmpint (gloss_review_group_get_decision (delegates), ==, GLOSS_REVIEW_PENDING);
  g_assert_false (row_has (list, delegates, "Rejected"));
  /* Saved on its own, as a decision is. */
  g_assert_true (spin_until (f, gold_rejects_nothing, NULL, 3000));

  /* A comment, taken back through the reviewer's own set. */
  g_assert_true (gloss_review_page_add_comment (f->page, delegates, 1, "People, surely", &error));
  g_assert_no_error (error);
  g_assert_true (row_has (list, delegates, "People, surely"));
  gloss_annotation_set_undo (own);
  gloss_test_spin_ms (100);
  g_assert_cmpuint (gloss_review_page_get_comments (f->page)->len, ==, 0);
  g_assert_false (row_has (list, delegates, "People, surely"));
  g_assert_null (gloss_review_page_get_error (f->page));
}

static char *
read_gold_bytes (Fixture *f)
{
  g_autoptr(GFile) file = sidecar_of (f, "gold");
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_load_contents (file, NULL, &contents, NULL, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* Another reviewer's version of gold: the first entity gets a note. */
static char *
write_their_gold (Fixture    *f,
                  const char *note)
{
  g_autoptr(GlossAnnotationSet) theirs = load_on_disk (f, "gold");
  g_autoptr(GFile) file = sidecar_of (f, "gold");
  g_autoptr(GlossAnnotation) first = g_list_model_get_item (gloss_annotation_set_get_entities (theirs), 0);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (first);
  gloss_annotation_set_set_note (theirs, first, note);
  g_assert_true (gloss_sidecar_save (theirs, file, NULL, &error));
  g_assert_no_error (error);
  return read_gold_bytes (f);
}

static gboolean
has_conflict (Fixture *f,
              gpointer data)
{
  return gloss_review_page_get_conflict (f->page) != NULL;
}

/* Gold changed on disk by someone else: the page offers to reload it or
 * keep the reviewer's decisions, and never overwrites it on its own. */
static void
test_gold_conflict (Fixture       *f,
                    gconstpointer  data)
{
  GlossReviewGroup *port = find_group (f, GLOSS_REVIEW_TYPE, "Port of Valmora");
  GlossReviewGroup *delegates = find_group (f, GLOSS_REVIEW_MISSING, "union delegates");
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotationSet) on_disk = NULL;
  g_autofree char *theirs = NULL;
  g_autofree char *after = NULL;
  GlossAnnotationSet *gold;
  g_autoptr(GlossAnnotation) first = NULL;

  g_assert_true (gloss_review_page_accept (f->page, port, 0, NULL, &error));
  g_assert_no_error (error);
  flush (f);
  gloss_test_spin_ms (800);
  g_assert_false (has_conflict (f, NULL));

  theirs = write_their_gold (f, "Checked by dana");
  g_assert_true (spin_until (f, has_conflict, NULL, 5000));
  g_assert_nonnull (strstr (gloss_review_page_get_conflict (f->page), "was changed by another program"));
  g_assert_nonnull (strstr (gloss_review_page_get_conflict (f->page), ARTICLE ".gold.gloss.xml"));
  g_assert_null (gloss_review_page_get_error (f->page));

  /* A decision now is not written over theirs, on its own or on leaving. */
  g_assert_true (gloss_review_page_reject (f->page, delegates, NULL, &error));
  g_assert_no_error (error);
  gloss_test_spin_ms (800);
  after = read_gold_bytes (f);
  g_assert_cmpstr (after, ==, theirs);
  g_assert_false (gloss_review_page_flush (f->page, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS);
  g_clear_error (&error);
  g_clear_pointer (&after, g_free);
  after = read_gold_bytes (f);
  g_assert_cmpstr (after, ==, theirs);

  /* Reload takes theirs: their note, without the later rejection. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "review.reload-gold", NULL));
  g_assert_null (gloss_review_page_get_conflict (f->page));
  g_assert_null (gloss_review_page_get_error (f->page));
  gold = gloss_review_adjudication_get_gold (gloss_review_page_get_adjudication (f->page));
  first = g_list_model_get_item (gloss_annotation_set_get_entities (gold), 0);
  g_assert_cmpstr (gloss_annotation_get_note (first), ==, "Checked by dana");
  g_assert_cmpint (gloss_review_group_get_decision (find_group (f, GLOSS_REVIEW_TYPE, "Port of Valmora")), ==,
                   GLOSS_REVIEW_ACCEPTED);
  g_assert_cmpint (gloss_review_group_get_decision (find_group (f, GLOSS_REVIEW_MISSING, "union delegates")), ==,
                   GLOSS_REVIEW_PENDING);
  g_assert_true (gloss_article_view_get_annotation_set (gloss_review_page_get_article_view (f->page)) == gold);

  /* Again, and this time keep the reviewer's decisions. */
  g_clear_pointer (&theirs, g_free);
  theirs = write_their_gold (f, "Checked twice");
  g_assert_true (spin_until (f, has_conflict, NULL, 5000));
  delegates = find_group (f, GLOSS_REVIEW_MISSING, "union delegates");
  g_assert_true (gloss_review_page_reject (f->page, delegates, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->page), "review.keep-gold", NULL));
  g_assert_null (gloss_review_page_get_conflict (f->page));
  flush (f);
  g_clear_pointer (&after, g_free);
  after = read_gold_bytes (f);
  g_assert_cmpstr (after, !=, theirs);
  g_assert_null (strstr (after, "Checked twice"));
  g_assert_nonnull (strstr (after, "Checked by dana"));
  g_assert_nonnull (strstr (after, "reject"));
  /* Our own save is not taken for someone else's. */
  gloss_test_spin_ms (800);
  g_assert_null (gloss_review_page_get_conflict (f->page));
}

static void
compare_cells (GlossReviewAgreement *table,
               GlossAgreement       *agreement,
               const char           *type)
{
  GlossSpanScore score;
  const char *key_type = type != NULL ? type : "*";
  g_autofree char *key = NULL;
  g_autofree char *want = NULL;

  gloss_agreement_get_span_score (agreement, 0, 1, type, GLOSS_SPAN_MATCH_EXACT, &score);
  key = g_strdup_printf ("f1-exact:alice:bob:%s", key_type);
  want = gloss_agreement_format_value (score.f1);
  g_assert_cmpstr (gloss_review_agreement_get_cell_text (table, key), ==, want);
  g_free (key);
  g_free (want);

  gloss_agreement_get_span_score (agreement, 0, 1, type, GLOSS_SPAN_MATCH_OVERLAP, &score);
  key = g_strdup_printf ("f1-overlap:alice:bob:%s", key_type);
  want = gloss_agreement_format_value (score.f1);
  g_assert_cmpstr (gloss_review_agreement_get_cell_text (table, key), ==, want);
  g_free (key);
  g_free (want);

  key = g_strdup_printf ("kappa:alice:bob:%s", key_type);
  want = gloss_agreement_format_value (gloss_agreement_get_cohen_kappa (agreement, 0, 1, type, NULL, NULL));
  g_assert_cmpstr (gloss_review_agreement_get_cell_text (table, key), ==, want);
  g_free (key);
  g_free (want);

  key = g_strdup_printf ("fleiss:%s", key_type);
  want = gloss_agreement_format_value (gloss_agreement_get_fleiss_kappa (agreement, type, NULL));
  g_assert_cmpstr (gloss_review_agreement_get_cell_text (table, key), ==, want);
  g_free (key);
  g_free (want);

  key = g_strdup_printf ("alpha:%s", key_type);
  want = gloss_agreement_format_value (gloss_agreement_get_krippendorff_alpha (agreement, type, NULL));
  g_assert_cmpstr (gloss_review_agreement_get_cell_text (table, key), ==, want);
}

static gboolean
not_busy (Fixture *f,
          gpointer data)
{
  return !gloss_review_page_get_busy (f->page);
}

static void
test_agreement (Fixture       *f,
                gconstpointer  data)
{
  static const char * const ids[] = { "alice", "bob", NULL };
  GlossReviewAgreement *table = gloss_review_page_get_agreement (f->page);
  g_autoptr(GlossReview) review = core_review (f);
  g_autoptr(GlossAgreement) agreement = gloss_agreement_new (ids);
  GlossClaimScore claims;
  g_autofree char *want = NULL;
  GtkStack *stack = GTK_STACK (gtk_widget_get_ancestor (GTK_WIDGET (table), GTK_TYPE_STACK));

  gloss_agreement_add_review (agreement, review);
  compare_cells (table, agreement, NULL);
  compare_cells (table, agreement, "person");
  compare_cells (table, agreement, "organisation");
  compare_cells (table, agreement, "quantity");

  gloss_agreement_get_claim_score (agreement, 0, 1, &claims);
  want = gloss_agreement_format_value (claims.f1);
  g_assert_cmpstr (gloss_review_agreement_get_cell_text (table, "claim-f1:alice:bob"), ==, want);
  g_free (want);
  want = gloss_agreement_format_value (claims.source_agreement);
  g_assert_cmpstr (gloss_review_agreement_get_cell_text (table, "claim-source:alice:bob"), ==, want);
  g_free (want);
  {
    GlossAttributeScore score;

    gloss_agreement_get_attribute_score (agreement, 0, 1, "certainty", &score);
    want = gloss_agreement_format_value (score.kappa);
    g_assert_cmpstr (gloss_review_agreement_get_cell_text (table, "attribute-kappa:alice:bob:certainty"), ==, want);
  }

  /* A picture of the table and its chart. */
  gtk_stack_set_visible_child_name (stack, "agreement");
  gloss_test_spin_ms (300);
  save_screenshot (f, "screenshot-review-agreement.png");

  /* The whole folder, in a worker: only this article has two annotators,
   * so the pooled figures are this article's. */
  gloss_review_page_show_corpus_agreement (f->page, TRUE);
  g_assert_true (gloss_review_page_get_busy (f->page));
  g_assert_null (gloss_review_agreement_get_cell_text (table, "f1-exact:alice:bob:*"));
  g_assert_true (spin_until (f, not_busy, NULL, 10000));
  g_assert_cmpuint (gloss_agreement_get_n_documents (gloss_review_agreement_get_agreement (table)), ==, 1);
  compare_cells (table, agreement, NULL);
  compare_cells (table, agreement, "person");
}

static void
test_screenshot (Fixture       *f,
                 gconstpointer  data)
{
  GlossReviewVersions *versions = gloss_review_page_get_versions (f->page);
  GlossReviewGroup *claim = find_group (f, GLOSS_REVIEW_SOURCE, "the rise amounted");
  GlossReviewGroup *port = find_group (f, GLOSS_REVIEW_TYPE, "Port of Valmora");

  gloss_review_page_select_group (f->page, port);
  click (gloss_review_versions_get_accept_button (versions, 1));
  gloss_review_page_add_comment (f->page, claim, 1, "Rook said it, per the wire copy", NULL);
  gloss_review_page_select_group (f->page, find_group (f, GLOSS_REVIEW_TYPE, "Port of Valmora"));
  gloss_test_spin_ms (1500);
  save_screenshot (f, "screenshot-review.png");
  claim = find_group (f, GLOSS_REVIEW_SOURCE, "the rise amounted");
  gloss_review_page_select_group (f->page, claim);
  gloss_test_spin_ms (1500);
  save_screenshot (f, "screenshot-review-claim.png");
}

int
main (int   argc,
      char *argv[])
{
  g_unsetenv ("GLOSS_ANNOTATOR");
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_test_init (&argc, &argv, NULL);
  gtk_init ();

#define ADD(path, func, tall) \
  g_test_add ("/review-mode/" path, Fixture, tall, fixture_setup, func, fixture_teardown)

  ADD ("disagreements", test_disagreements, NULL);
  ADD ("select-scrolls", test_select_scrolls, NULL);
  ADD ("decide", test_decide, NULL);
  ADD ("accept-agreed-undo", test_accept_agreed_undo, NULL);
  ADD ("edit", test_edit, NULL);
  ADD ("comment", test_comment, NULL);
  ADD ("live", test_live, NULL);
  ADD ("live-keeps-undo", test_live_keeps_undo, NULL);
  ADD ("extensions-undo", test_extensions_undo, NULL);
  ADD ("gold-conflict", test_gold_conflict, NULL);
  ADD ("agreement", test_agreement, "tall");
  ADD ("screenshot", test_screenshot, "tall");

#undef ADD

  return g_test_run ();
}
