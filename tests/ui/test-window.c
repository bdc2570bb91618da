/* test-window.c: the annotating window, driven through its actions and widgets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gtk/gtk.h>

#include "gloss-annotation-list-view.h"
#include "gloss-annotation-set.h"
#include "gloss-application.h"
#include "gloss-article-view-private.h"
#include "gloss-identity-dialog.h"
#include "gloss-sidecar.h"
#include "gloss-window-private.h"
#include "gloss-test-util.h"
#include "gloss-ui-test-util.h"

#define ARTICLE "valmora-strike-gazette.txt"

typedef struct
{
  char             *corpus;    /* a temporary copy of the sample corpus */
  GlossApplication *app;
  GlossWindow      *window;
} Fixture;

/* Main loop helpers (gloss-ui-test-util.h); the conditions take a Fixture. */

#define spin_until(f, condition, data, timeout_ms) \
  gloss_test_spin_until ((f), GLOSS_TEST_CONDITION (condition), (data), (timeout_ms))

static gboolean
has_session (Fixture *f,
             gpointer data)
{
  GlossEditingSession *session = gloss_window_get_session (f->window);

  if (session == NULL)
    return FALSE;
  if (data == NULL)
    return TRUE;
  return g_str_equal (gloss_document_get_name (gloss_editing_session_get_document (session)),
                      (const char *) data);
}

static gboolean
is_saved (Fixture *f,
          gpointer data)
{
  GlossEditingSession *session = gloss_window_get_session (f->window);

  return session != NULL && gloss_editing_session_get_state (session) == GLOSS_SESSION_STATE_SAVED;
}

static gboolean
in_state (Fixture *f,
          gpointer data)
{
  GlossEditingSession *session = gloss_window_get_session (f->window);

  return session != NULL && (int) gloss_editing_session_get_state (session) == GPOINTER_TO_INT (data);
}

static char *
corpus_path (Fixture    *f,
             const char *name)
{
  return g_build_filename (f->corpus, name, NULL);
}

/* Settings as on a first run (the memory backend lives as long as the
 * process does). */
static void
reset_settings (void)
{
  g_autoptr(GSettings) settings = gloss_settings_new ();
  static const char * const keys[] = {
    "annotator-id", "annotator-name", "recent-corpora", "last-corpus",
    "show-side-panel", "show-corpus-panel", "font-scale", "last-article",
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (settings, keys[i]);
}

/* Each test registers an application of its own: a session bus would
 * refuse a second one at the same object path. */
static void
make_unique (GlossApplication *app)
{
  static guint serial;
  g_autofree char *id = g_strdup_printf ("%s.Test%u", APP_ID, ++serial);

  g_application_set_application_id (G_APPLICATION (app), id);
}

static GlossApplication *
new_app (void)
{
  GlossApplication *app;
  g_autoptr(GError) error = NULL;

  reset_settings ();
  app = gloss_application_new ();
  make_unique (app);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  return app;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->corpus = gloss_test_copy_sample_corpus ("gloss-window");
  f->app = new_app ();
  /* Tests that need another annotator set it before opening. */
  if (g_strcmp0 (data, "alice") == 0)
    gloss_application_set_identity (f->app, "alice", "Alice Moreau");
  else
    gloss_application_set_identity (f->app, "carol", "Carol Test");
  f->window = gloss_window_new (f->app);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (f->window));
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

static void
open_article (Fixture    *f,
              const char *name)
{
  g_autofree char *path = corpus_path (f, name);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  gloss_window_open (f->window, file);
  g_assert_true (spin_until (f, has_session, (gpointer) name, 10000));
  gloss_test_spin_ms (50);
}

static GlossAnnotationSet *
window_set (Fixture *f)
{
  return gloss_editing_session_get_annotation_set (gloss_window_get_session (f->window));
}

static GlossArticleView *
view_of (Fixture *f)
{
  return _gloss_window_get_article_view (f->window);
}

/* The code-point span of @phrase (its @nth occurrence) in the open article. */
static void
find_phrase (Fixture    *f,
             const char *phrase,
             guint       nth,
             guint      *start,
             guint      *end)
{
  GlossDocument *document = gloss_editing_session_get_document (gloss_window_get_session (f->window));
  const char *text = gloss_document_get_text (document, NULL);
  const char *at = text;

  for (guint i = 0; i <= nth; i++)
    {
      at = strstr (i == 0 ? at : at + 1, phrase);
      g_assert_nonnull (at);
    }
  *start = g_utf8_pointer_to_offset (text, at);
  *end = *start + g_utf8_strlen (phrase, -1);
}

static void
select_phrase (Fixture    *f,
               const char *phrase,
               guint       nth)
{
  guint start, end;

  find_phrase (f, phrase, nth, &start, &end);
  gtk_widget_grab_focus (GTK_WIDGET (view_of (f)));
  gloss_article_view_set_selection (view_of (f), start, end);
}

static void
activate (Fixture    *f,
          const char *action,
          GVariant   *parameter)
{
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), action));
  g_action_group_activate_action (G_ACTION_GROUP (f->window), action, parameter);
}

static GlossAnnotation *
find_entity (GlossAnnotationSet *set,
             const char         *type_id,
             guint               start,
             guint               end)
{
  GListModel *entities = gloss_annotation_set_get_entities (set);

  for (guint i = 0; i < g_list_model_get_n_items (entities); i++)
    {
      g_autoptr(GlossAnnotation) a = g_list_model_get_item (entities, i);

      if (gloss_annotation_get_start (a) == start && gloss_annotation_get_end (a) == end
          && (type_id == NULL || g_str_equal (gloss_annotation_get_type_id (a), type_id)))
        return a;
    }
  return NULL;
}

static GlossAnnotation *
find_claim (GlossAnnotationSet *set,
            guint               start,
            guint               end)
{
  GListModel *claims = gloss_annotation_set_get_claims (set);

  for (guint i = 0; i < g_list_model_get_n_items (claims); i++)
    {
      g_autoptr(GlossAnnotation) a = g_list_model_get_item (claims, i);

      if (gloss_annotation_get_start (a) == start && gloss_annotation_get_end (a) == end)
        return a;
    }
  return NULL;
}

/* What is on disk: the sidecar as another program would read it, after at
 * most a second of main loop for the autosave. */
static GlossAnnotationSet *
load_sidecar (Fixture    *f,
              const char *annotator)
{
  GlossEditingSession *session = gloss_window_get_session (f->window);
  g_autofree char *name = gloss_sidecar_build_name (ARTICLE, annotator);
  g_autofree char *path = corpus_path (f, name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  GlossAnnotationSet *set;

  set = gloss_sidecar_load (file, gloss_editing_session_get_document (session),
                            gloss_editing_session_get_tagset (session), NULL, NULL, &error);
  g_assert_no_error (error);
  return set;
}

static GlossAnnotationSet *
sidecar_after_autosave (Fixture    *f,
                        const char *annotator)
{
  gloss_test_spin_ms (1000);
  g_assert_true (is_saved (f, NULL));
  return load_sidecar (f, annotator);
}

/* Clicks (press and release without moving) in the middle of a span, as
 * the view's gestures would. */
static void
click_span (Fixture *f,
            guint    start,
            guint    end)
{
  GdkRectangle rect;
  double x, y;

  g_assert_true (gloss_article_view_get_span_rect (view_of (f), start, end, &rect));
  x = rect.x + rect.width / 2.0;
  y = rect.y + rect.height / 2.0;
  _gloss_article_view_press (view_of (f), GDK_BUTTON_PRIMARY, 1, 0, x, y);
  _gloss_article_view_release (view_of (f), x, y);
  _gloss_window_pointer_released (f->window);
}

static void
show_span (Fixture *f,
           guint    start)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view_of (f)));
  GtkTextIter iter;

  gtk_text_buffer_get_iter_at_offset (buffer, &iter, start);
  gtk_text_view_scroll_to_iter (GTK_TEXT_VIEW (view_of (f)), &iter, 0.0, TRUE, 0.0, 0.3);
  gloss_test_spin_ms (100);
}

static GtkWidget *
find_by_name (GtkWidget  *root,
              const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_name (child, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Tests */

static void
test_open_folder (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GFile) folder = g_file_new_for_path (f->corpus);
  GlossCorpus *corpus;
  GtkSelectionModel *selection;
  g_auto(GStrv) recent = NULL;

  gloss_window_open (f->window, folder);
  g_assert_true (spin_until (f, has_session, NULL, 10000));

  corpus = gloss_window_get_corpus (f->window);
  g_assert_nonnull (corpus);
  g_assert_true (g_file_equal (gloss_corpus_get_folder (corpus), folder));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (corpus)), ==, 5);

  /* The first article opens; the list view shows the corpus. */
  g_assert_true (has_session (f, "elsmere-food-weekend.txt"));
  selection = gtk_list_view_get_model (GTK_LIST_VIEW (_gloss_window_get_corpus_list (f->window)));
  g_assert_true (gtk_selection_model_is_selected (selection, 0));
  g_assert_cmpstr (_gloss_window_get_state_text (f->window), ==, "Saved");
  g_assert_true (g_str_has_prefix (gtk_window_get_title (GTK_WINDOW (f->window)), "elsmere-food-weekend.txt"));

  /* carol has no sidecar yet: an empty set, nothing written by opening. */
  g_assert_cmpuint (gloss_annotation_set_get_size (window_set (f)), ==, 0);
  {
    g_autofree char *sidecar = corpus_path (f, "elsmere-food-weekend.txt.carol.gloss.xml");

    g_assert_false (g_file_test (sidecar, G_FILE_TEST_EXISTS));
  }

  /* Another article by the list's selection. */
  gtk_selection_model_select_item (selection, 3, TRUE);
  g_assert_true (spin_until (f, has_session, ARTICLE, 10000));

  /* Next / previous article. */
  activate (f, "next-article", NULL);
  g_assert_true (spin_until (f, has_session, "valmora-strike-wire.txt", 10000));
  activate (f, "previous-article", NULL);
  g_assert_true (spin_until (f, has_session, ARTICLE, 10000));

  /* Remembered as the last and a recent corpus. */
  recent = g_settings_get_strv (gloss_application_get_settings (f->app), "recent-corpora");
  g_assert_cmpuint (g_strv_length (recent), >=, 1);
  g_assert_cmpstr (recent[0], ==, f->corpus);
}

static void
test_open_file (Fixture       *f,
                gconstpointer  data)
{
  GtkSelectionModel *selection;

  open_article (f, "valmora-strike-wire.txt");
  selection = gtk_list_view_get_model (GTK_LIST_VIEW (_gloss_window_get_corpus_list (f->window)));
  g_assert_true (gtk_selection_model_is_selected (selection, 4));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gloss_window_get_corpus (f->window))), ==, 5);

  /* Another file of the same folder: selected in place. */
  open_article (f, ARTICLE);
  g_assert_true (gtk_selection_model_is_selected (selection, 3));

  /* A missing file: an error in the window that names it. */
  {
    g_autofree char *path = corpus_path (f, "no-such-article.txt");
    g_autoptr(GFile) file = g_file_new_for_path (path);
    const char *banner;

    gloss_window_open (f->window, file);
    banner = _gloss_window_get_banner (f->window, GLOSS_BANNER_ERROR);
    g_assert_nonnull (banner);
    g_assert_nonnull (strstr (banner, "no-such-article.txt"));
    g_assert_true (has_session (f, ARTICLE));
  }
}

static void
test_mark_entity (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GlossAnnotationSet) on_disk = NULL;
  GtkWidget *popover;
  GlossAnnotation *entity;
  guint start, end;

  open_article (f, ARTICLE);
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "mark-entity"));

  /* A drag ends: the popover beside the selection offers the types. */
  find_phrase (f, "Teodora Vasquell", 0, &start, &end);
  show_span (f, start);
  gloss_article_view_set_selection (view_of (f), start, end);
  g_assert_true (gloss_side_panel_get_can_mark (_gloss_window_get_side_panel (f->window)));
  _gloss_window_pointer_released (f->window);
  popover = _gloss_window_get_mark_popover (f->window);
  g_assert_true (gtk_widget_get_visible (popover));

  activate (f, "mark-entity", g_variant_new_string ("person"));
  g_assert_false (gtk_widget_get_visible (popover));
  entity = find_entity (window_set (f), "person", start, end);
  g_assert_nonnull (entity);
  g_assert_true (gloss_article_view_get_selected_annotation (view_of (f)) == entity);
  g_assert_true (gloss_side_panel_get_selected_annotation (_gloss_window_get_side_panel (f->window)) == entity);
  g_assert_false (gloss_article_view_get_selection (view_of (f), NULL, NULL));
  g_assert_cmpstr (_gloss_window_get_state_text (f->window), ==, "Unsaved changes");

  on_disk = sidecar_after_autosave (f, "carol");
  g_assert_nonnull (find_entity (on_disk, "person", start, end));
  g_assert_cmpuint (gloss_annotation_set_get_size (on_disk), ==, 1);
  g_assert_cmpstr (_gloss_window_get_state_text (f->window), ==, "Saved");

  /* The side panel's palette does the same. */
  find_phrase (f, "Anselm Rook", 0, &start, &end);
  gloss_article_view_set_selection (view_of (f), start, end);
  g_signal_emit_by_name (_gloss_window_get_side_panel (f->window), "type-chosen", "person");
  g_assert_nonnull (find_entity (window_set (f), "person", start, end));

  /* A refused mark (no such type) is explained in the window. */
  find_phrase (f, "Harbour Hall", 0, &start, &end);
  gloss_article_view_set_selection (view_of (f), start, end);
  activate (f, "mark-entity", g_variant_new_string ("no-such-type"));
  g_assert_nonnull (_gloss_window_get_banner (f->window, GLOSS_BANNER_ERROR));
  g_assert_null (find_entity (window_set (f), NULL, start, end));
}

static void
test_type_keys (Fixture       *f,
                gconstpointer  data)
{
  GlossAnnotation *claim;
  guint start, end;

  open_article (f, ARTICLE);

  /* With a selection in the text, a type's key marks it. */
  select_phrase (f, "Anselm Rook", 0);
  find_phrase (f, "Anselm Rook", 0, &start, &end);
  g_assert_true (_gloss_window_key_pressed (f->window, GDK_KEY_p, 0));
  g_assert_nonnull (find_entity (window_set (f), "person", start, end));

  select_phrase (f, "Harbour Hall", 0);
  find_phrase (f, "Harbour Hall", 0, &start, &end);
  g_assert_true (_gloss_window_key_pressed (f->window, GDK_KEY_F, GDK_SHIFT_MASK));
  g_assert_nonnull (find_entity (window_set (f), "facility", start, end));

  /* Without a selection, or with Control, keys are left alone. */
  g_assert_false (_gloss_window_key_pressed (f->window, GDK_KEY_o, 0));
  select_phrase (f, "Valmora Port Authority", 0);
  g_assert_false (_gloss_window_key_pressed (f->window, GDK_KEY_o, GDK_CONTROL_MASK));
  /* Nor when the focus is elsewhere (typing a note). */
  gloss_side_panel_focus_filter (_gloss_window_get_side_panel (f->window));
  g_assert_false (_gloss_window_key_pressed (f->window, GDK_KEY_o, 0));
  g_assert_cmpuint (gloss_annotation_set_get_size (window_set (f)), ==, 2);

  /* 'c' starts a claim; Escape cancels the pick that follows. */
  select_phrase (f, "the strike had cost the port about 120 million crowns", 0);
  find_phrase (f, "the strike had cost the port about 120 million crowns", 0, &start, &end);
  g_assert_true (_gloss_window_key_pressed (f->window, GDK_KEY_c, 0));
  claim = find_claim (window_set (f), start, end);
  g_assert_nonnull (claim);
  g_assert_cmpint (_gloss_window_get_pick_mode (f->window), ==, GLOSS_PICK_SOURCE);
  g_assert_true (_gloss_window_key_pressed (f->window, GDK_KEY_Escape, 0));
  g_assert_cmpint (_gloss_window_get_pick_mode (f->window), ==, GLOSS_PICK_NONE);
  g_assert_null (_gloss_window_get_banner (f->window, GLOSS_BANNER_PICK));
  g_assert_cmpint (gloss_annotation_get_source_kind (claim), ==, GLOSS_SOURCE_NONE);
}

static void
test_claim_entity_source (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GlossAnnotationSet) on_disk = NULL;
  GlossAnnotation *rook, *claim, *saved;
  guint rs, re, cs, ce, qs, qe, s, e;
  const char *content = "the rise amounted to five per cent spread over two years";

  open_article (f, ARTICLE);
  find_phrase (f, "Anselm Rook", 0, &rs, &re);
  gloss_article_view_set_selection (view_of (f), rs, re);
  activate (f, "mark-entity", g_variant_new_string ("person"));
  rook = find_entity (window_set (f), "person", rs, re);

  /* Claim: the selection becomes the content, then the source is picked. */
  find_phrase (f, content, 0, &cs, &ce);
  gloss_article_view_set_selection (view_of (f), cs, ce);
  activate (f, "mark-claim", NULL);
  claim = find_claim (window_set (f), cs, ce);
  g_assert_nonnull (claim);
  g_assert_cmpint (_gloss_window_get_pick_mode (f->window), ==, GLOSS_PICK_SOURCE);
  g_assert_nonnull (strstr (_gloss_window_get_banner (f->window, GLOSS_BANNER_PICK),
                            "Click the entity who makes this claim"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "pick-article"));

  /* A click on the entity in the text. */
  show_span (f, rs);
  click_span (f, rs, re);
  g_assert_cmpint (gloss_annotation_get_source_kind (claim), ==, GLOSS_SOURCE_ENTITY);
  g_assert_cmpstr (gloss_annotation_get_source_entity (claim), ==, gloss_annotation_get_id (rook));
  g_assert_true (gloss_side_panel_get_selected_annotation (_gloss_window_get_side_panel (f->window)) == claim);

  /* Then the cue: the word "said" before the content. */
  g_assert_cmpint (_gloss_window_get_pick_mode (f->window), ==, GLOSS_PICK_CUE);
  find_phrase (f, "said the rise", 0, &qs, &qe);
  qe = qs + 4;
  gloss_article_view_set_selection (view_of (f), qs, qe);
  _gloss_window_pointer_released (f->window);
  g_assert_cmpint (_gloss_window_get_pick_mode (f->window), ==, GLOSS_PICK_NONE);
  g_assert_true (gloss_annotation_get_cue (claim, &s, &e));
  g_assert_cmpuint (s, ==, qs);
  g_assert_cmpuint (e, ==, qe);

  /* Stance and certainty in the panel's editor (an attribute edit). */
  {
    GtkWidget *editor = gloss_side_panel_get_editor (_gloss_window_get_side_panel (f->window));
    GtkDropDown *stance = GTK_DROP_DOWN (find_by_name (editor, "stance"));

    g_assert_nonnull (stance);
    gtk_drop_down_set_selected (stance, 2); /* denies */
    g_assert_cmpstr (gloss_annotation_get_attribute (claim, "stance"), ==, "denies");
  }

  on_disk = sidecar_after_autosave (f, "carol");
  saved = find_claim (on_disk, cs, ce);
  g_assert_nonnull (saved);
  g_assert_cmpstr (gloss_annotation_get_source_entity (saved), ==, gloss_annotation_get_id (rook));
  g_assert_true (gloss_annotation_get_cue (saved, &s, &e));
  g_assert_cmpuint (s, ==, qs);
  g_assert_cmpstr (gloss_annotation_get_attribute (saved, "stance"), ==, "denies");

  /* Undo takes back the attribute edit, and the file follows. */
  activate (f, "undo", NULL);
  g_assert_cmpstr (gloss_annotation_get_attribute (claim, "stance"), !=, "denies");
  g_clear_object (&on_disk);
  on_disk = sidecar_after_autosave (f, "carol");
  g_assert_cmpstr (gloss_annotation_get_attribute (find_claim (on_disk, cs, ce), "stance"), !=, "denies");
}

static void
test_claim_article_source (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GlossAnnotationSet) on_disk = NULL;
  GlossAnnotation *claim, *span_claim;
  guint cs, ce, ss, se, s, e;

  open_article (f, ARTICLE);
  find_phrase (f, "The agreement still has to be signed by both sides", 0, &cs, &ce);
  gloss_article_view_set_selection (view_of (f), cs, ce);
  /* The palette's Claim button. */
  g_signal_emit_by_name (_gloss_window_get_side_panel (f->window), "claim-chosen");
  claim = find_claim (window_set (f), cs, ce);
  g_assert_nonnull (claim);

  activate (f, "pick-article", NULL);
  g_assert_cmpint (gloss_annotation_get_source_kind (claim), ==, GLOSS_SOURCE_ARTICLE);
  g_assert_cmpint (_gloss_window_get_pick_mode (f->window), ==, GLOSS_PICK_CUE);
  activate (f, "pick-skip", NULL);
  g_assert_cmpint (_gloss_window_get_pick_mode (f->window), ==, GLOSS_PICK_NONE);
  g_assert_false (gloss_annotation_get_cue (claim, NULL, NULL));

  /* Words that are not an entity as the source. */
  find_phrase (f, "it could take two weeks to clear the backlog", 0, &cs, &ce);
  gloss_article_view_set_selection (view_of (f), cs, ce);
  activate (f, "mark-claim", NULL);
  span_claim = find_claim (window_set (f), cs, ce);
  find_phrase (f, "Shipping agents in the old town", 0, &ss, &se);
  gloss_article_view_set_selection (view_of (f), ss, se);
  _gloss_window_pointer_released (f->window);
  g_assert_cmpint (gloss_annotation_get_source_kind (span_claim), ==, GLOSS_SOURCE_SPAN);
  g_assert_true (gloss_annotation_get_source_span (span_claim, &s, &e));
  g_assert_cmpuint (s, ==, ss);
  g_assert_cmpuint (e, ==, se);
  activate (f, "pick-skip", NULL);

  on_disk = sidecar_after_autosave (f, "carol");
  g_assert_cmpint (gloss_annotation_get_source_kind (find_claim (on_disk, cs, ce)), ==, GLOSS_SOURCE_SPAN);
  find_phrase (f, "The agreement still has to be signed by both sides", 0, &cs, &ce);
  g_assert_cmpint (gloss_annotation_get_source_kind (find_claim (on_disk, cs, ce)), ==, GLOSS_SOURCE_ARTICLE);
}

static void
test_nested_claim (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GlossAnnotationSet) on_disk = NULL;
  GlossAnnotation *outer, *inner;
  guint os, oe, is, ie;

  open_article (f, ARTICLE);
  find_phrase (f, "the authority's negotiators had acknowledged during the talks that "
               "twelve-hour night shifts were unsafe", 0, &os, &oe);
  gloss_article_view_set_selection (view_of (f), os, oe);
  activate (f, "mark-claim", NULL);
  activate (f, "pick-cancel", NULL);
  outer = find_claim (window_set (f), os, oe);

  find_phrase (f, "twelve-hour night shifts were unsafe", 0, &is, &ie);
  gloss_article_view_set_selection (view_of (f), is, ie);
  activate (f, "mark-claim", NULL);
  activate (f, "pick-cancel", NULL);
  inner = find_claim (window_set (f), is, ie);
  g_assert_nonnull (inner);
  g_assert_cmpstr (gloss_annotation_get_parent (inner), ==, gloss_annotation_get_id (outer));

  on_disk = sidecar_after_autosave (f, "carol");
  g_assert_cmpstr (gloss_annotation_get_parent (find_claim (on_disk, is, ie)), ==,
                   gloss_annotation_get_id (outer));

  /* Adding and nesting are one step to undo. */
  activate (f, "undo", NULL);
  g_assert_null (find_claim (window_set (f), is, ie));
  g_assert_nonnull (find_claim (window_set (f), os, oe));
  activate (f, "redo", NULL);
  inner = find_claim (window_set (f), is, ie);
  g_assert_cmpstr (gloss_annotation_get_parent (inner), ==, gloss_annotation_get_id (outer));
}

static gboolean
menu_has_label (GMenuModel *model,
                const char *label,
                GMenuModel **submenu)
{
  for (int i = 0; i < g_menu_model_get_n_items (model); i++)
    {
      g_autofree char *text = NULL;
      GMenuModel *link;

      if (g_menu_model_get_item_attribute (model, i, G_MENU_ATTRIBUTE_LABEL, "s", &text)
          && g_str_equal (text, label))
        {
          if (submenu != NULL)
            *submenu = g_menu_model_get_item_link (model, i, G_MENU_LINK_SUBMENU);
          return TRUE;
        }
      link = g_menu_model_get_item_link (model, i, G_MENU_LINK_SECTION);
      if (link != NULL)
        {
          gboolean found = menu_has_label (link, label, submenu);

          g_object_unref (link);
          if (found)
            return TRUE;
        }
    }
  return FALSE;
}

static void
test_relation (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GlossAnnotationSet) on_disk = NULL;
  g_autoptr(GMenuModel) link_menu = NULL;
  GlossAnnotation *vasquell, *union_entity;
  GtkWidget *menu;
  GListModel *relations;
  GdkRectangle rect;
  guint vs, ve, us, ue;

  open_article (f, ARTICLE);
  find_phrase (f, "Teodora Vasquell", 0, &vs, &ve);
  gloss_article_view_set_selection (view_of (f), vs, ve);
  activate (f, "mark-entity", g_variant_new_string ("person"));
  vasquell = find_entity (window_set (f), "person", vs, ve);
  find_phrase (f, "Dockworkers' Union of Valmora", 0, &us, &ue);
  gloss_article_view_set_selection (view_of (f), us, ue);
  activate (f, "mark-entity", g_variant_new_string ("organisation"));
  union_entity = find_entity (window_set (f), "organisation", us, ue);

  /* The context menu of the person offers "Link to…" with the relation
   * types a person may start. */
  show_span (f, vs);
  g_assert_true (gloss_article_view_get_span_rect (view_of (f), vs, ve, &rect));
  g_signal_emit_by_name (view_of (f), "context-menu-requested", vasquell,
                         (double) rect.x + 2, (double) rect.y + rect.height / 2.0);
  menu = _gloss_window_get_context_menu (f->window);
  g_assert_true (gtk_widget_get_visible (menu));
  g_assert_true (menu_has_label (gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (menu)), "_Delete", NULL));
  g_assert_true (menu_has_label (gtk_popover_menu_get_menu_model (GTK_POPOVER_MENU (menu)), "_Link to…", &link_menu));
  g_assert_nonnull (link_menu);
  g_assert_true (menu_has_label (link_menu, "Member of", NULL));
  g_assert_false (menu_has_label (link_menu, "Supports", NULL)); /* claims only */
  gtk_popover_popdown (GTK_POPOVER (menu));

  /* Link to… then click the target. */
  gloss_article_view_set_selected_annotation (view_of (f), vasquell);
  activate (f, "link-to", g_variant_new_string ("member-of"));
  g_assert_cmpint (_gloss_window_get_pick_mode (f->window), ==, GLOSS_PICK_TARGET);
  g_assert_nonnull (strstr (_gloss_window_get_banner (f->window, GLOSS_BANNER_PICK), "Member of"));
  show_span (f, us);
  click_span (f, us, ue);
  g_assert_cmpint (_gloss_window_get_pick_mode (f->window), ==, GLOSS_PICK_NONE);

  relations = gloss_annotation_set_get_relations (window_set (f));
  g_assert_cmpuint (g_list_model_get_n_items (relations), ==, 1);
  {
    g_autoptr(GlossAnnotation) relation = g_list_model_get_item (relations, 0);

    g_assert_cmpstr (gloss_annotation_get_type_id (relation), ==, "member-of");
    g_assert_cmpstr (gloss_annotation_get_from (relation), ==, gloss_annotation_get_id (vasquell));
    g_assert_cmpstr (gloss_annotation_get_to (relation), ==, gloss_annotation_get_id (union_entity));
  }
  on_disk = sidecar_after_autosave (f, "carol");
  g_assert_cmpuint (g_list_model_get_n_items (gloss_annotation_set_get_relations (on_disk)), ==, 1);
}

static void
test_delete_undo_redo (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GlossAnnotationSet) on_disk = NULL;
  GlossAnnotation *entity;
  GtkWidget *editor;
  GtkDropDown *mention;
  guint s, e;

  open_article (f, ARTICLE);
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "undo"));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "delete-annotation"));

  find_phrase (f, "Benedek Sarova", 0, &s, &e);
  gloss_article_view_set_selection (view_of (f), s, e);
  activate (f, "mark-entity", g_variant_new_string ("person"));
  entity = find_entity (window_set (f), "person", s, e);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "undo"));

  /* An attribute edit in the editor is a step of its own. */
  editor = gloss_side_panel_get_editor (_gloss_window_get_side_panel (f->window));
  mention = GTK_DROP_DOWN (find_by_name (editor, "mention"));
  g_assert_nonnull (mention);
  gtk_drop_down_set_selected (mention, 1);
  g_assert_nonnull (gloss_annotation_get_attribute (entity, "mention"));

  /* Delete, as the Delete key in the text does. */
  gtk_widget_grab_focus (GTK_WIDGET (view_of (f)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (view_of (f)), "win.delete-annotation", NULL));
  g_assert_null (find_entity (window_set (f), "person", s, e));
  g_assert_null (gloss_side_panel_get_selected_annotation (_gloss_window_get_side_panel (f->window)));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "delete-annotation"));
  on_disk = sidecar_after_autosave (f, "carol");
  g_assert_null (find_entity (on_disk, "person", s, e));
  g_clear_object (&on_disk);

  /* Undo brings it back with its attribute; the file follows. */
  activate (f, "undo", NULL);
  entity = find_entity (window_set (f), "person", s, e);
  g_assert_nonnull (entity);
  g_assert_nonnull (gloss_annotation_get_attribute (entity, "mention"));
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "redo"));
  on_disk = sidecar_after_autosave (f, "carol");
  g_assert_nonnull (find_entity (on_disk, "person", s, e));
  g_clear_object (&on_disk);

  /* Undo the attribute, then redo both. */
  activate (f, "undo", NULL);
  g_assert_null (gloss_annotation_get_attribute (entity, "mention"));
  activate (f, "redo", NULL);
  g_assert_nonnull (gloss_annotation_get_attribute (entity, "mention"));
  activate (f, "redo", NULL);
  g_assert_null (find_entity (window_set (f), "person", s, e));
  g_assert_false (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "redo"));
  on_disk = sidecar_after_autosave (f, "carol");
  g_assert_null (find_entity (on_disk, "person", s, e));
}

static void
test_title_state (Fixture       *f,
                  gconstpointer  data)
{
  guint s, e;

  open_article (f, ARTICLE);
  g_assert_cmpstr (_gloss_window_get_state_text (f->window), ==, "Saved");
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (f->window)), "Saved"));

  find_phrase (f, "Gate 4", 0, &s, &e);
  gloss_article_view_set_selection (view_of (f), s, e);
  activate (f, "mark-entity", g_variant_new_string ("facility"));
  g_assert_cmpstr (_gloss_window_get_state_text (f->window), ==, "Unsaved changes");
  g_assert_nonnull (strstr (gtk_window_get_title (GTK_WINDOW (f->window)), "Unsaved changes"));
  g_assert_true (spin_until (f, is_saved, NULL, 1000));
  g_assert_cmpstr (_gloss_window_get_state_text (f->window), ==, "Saved");
}

/* Another program writes the sidecar: load what is on disk, add an
 * entity, save it as that program would. */
static void
write_theirs (Fixture    *f,
              const char *phrase,
              guint      *start,
              guint      *end)
{
  g_autoptr(GlossAnnotationSet) theirs = load_sidecar (f, "alice");
  g_autofree char *name = gloss_sidecar_build_name (ARTICLE, "alice");
  g_autofree char *path = corpus_path (f, name);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  find_phrase (f, phrase, 0, start, end);
  g_assert_nonnull (gloss_annotation_set_add_entity (theirs, "event", *start, *end, &error));
  g_assert_no_error (error);
  g_assert_true (gloss_sidecar_save (theirs, file, NULL, &error));
  g_assert_no_error (error);
}

static char *
read_sidecar_bytes (Fixture *f)
{
  g_autofree char *name = gloss_sidecar_build_name (ARTICLE, "alice");
  g_autofree char *path = corpus_path (f, name);
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

static void
test_conflict (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GlossAnnotationSet) on_disk = NULL;
  g_autofree char *theirs_bytes = NULL;
  g_autofree char *after = NULL;
  guint ts, te, ms, me;
  const char *banner;

  open_article (f, ARTICLE);
  write_theirs (f, "ceremony planned for Monday", &ts, &te);
  theirs_bytes = read_sidecar_bytes (f);

  /* The window notices and offers to reload; nothing is overwritten. */
  g_assert_true (spin_until (f, in_state, GINT_TO_POINTER (GLOSS_SESSION_STATE_CONFLICT), 5000));
  banner = _gloss_window_get_banner (f->window, GLOSS_BANNER_CONFLICT);
  g_assert_nonnull (banner);
  g_assert_nonnull (strstr (banner, "was changed by another program"));
  g_assert_nonnull (strstr (banner, "valmora-strike-gazette.txt.alice.gloss.xml"));
  g_assert_cmpstr (_gloss_window_get_state_text (f->window), ==, "Changed on disk");
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "reload"));

  find_phrase (f, "old town", 0, &ms, &me);
  gloss_article_view_set_selection (view_of (f), ms, me);
  activate (f, "mark-entity", g_variant_new_string ("location"));
  gloss_test_spin_ms (1000);
  after = read_sidecar_bytes (f);
  g_assert_cmpstr (after, ==, theirs_bytes);

  /* Closing asks first and does not write either. */
  g_assert_false (_gloss_window_try_close (f->window));
  g_clear_pointer (&after, g_free);
  after = read_sidecar_bytes (f);
  g_assert_cmpstr (after, ==, theirs_bytes);

  /* Reload takes theirs: their entity, not ours. */
  activate (f, "reload", NULL);
  g_assert_true (spin_until (f, is_saved, NULL, 5000));
  g_assert_nonnull (find_entity (window_set (f), "event", ts, te));
  g_assert_null (find_entity (window_set (f), "location", ms, me));
  g_assert_null (_gloss_window_get_banner (f->window, GLOSS_BANNER_CONFLICT));
  g_assert_true (gloss_article_view_get_annotation_set (view_of (f)) == window_set (f));
  g_assert_true (gloss_side_panel_get_annotation_set (_gloss_window_get_side_panel (f->window)) == window_set (f));

  /* Again, and this time keep ours. */
  write_theirs (f, "Eastern Quays", &ts, &te);
  g_assert_true (spin_until (f, in_state, GINT_TO_POINTER (GLOSS_SESSION_STATE_CONFLICT), 5000));
  gloss_article_view_set_selection (view_of (f), ms, me);
  activate (f, "mark-entity", g_variant_new_string ("location"));
  activate (f, "keep-mine", NULL);
  g_assert_true (spin_until (f, is_saved, NULL, 5000));
  on_disk = load_sidecar (f, "alice");
  g_assert_nonnull (find_entity (on_disk, "location", ms, me));
  g_assert_null (find_entity (on_disk, "event", ts, te));
}

static void
test_close_flushes (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GlossAnnotationSet) on_disk = NULL;
  guint s, e;

  open_article (f, ARTICLE);
  gloss_editing_session_set_autosave_delay (gloss_window_get_session (f->window), GLOSS_AUTOSAVE_DELAY_MAX);
  find_phrase (f, "Harbour Hall", 0, &s, &e);
  gloss_article_view_set_selection (view_of (f), s, e);
  activate (f, "mark-entity", g_variant_new_string ("facility"));
  g_assert_true (gloss_editing_session_has_unsaved_changes (gloss_window_get_session (f->window)));

  /* Closed before the autosave: the close writes it. */
  on_disk = NULL;
  {
    g_autofree char *name = gloss_sidecar_build_name (ARTICLE, "carol");
    g_autofree char *path = corpus_path (f, name);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GlossEditingSession) session = g_object_ref (gloss_window_get_session (f->window));
    g_autoptr(GError) error = NULL;

    g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
    activate (f, "close", NULL);
    g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
    on_disk = gloss_sidecar_load (file, gloss_editing_session_get_document (session),
                                  gloss_editing_session_get_tagset (session), NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_nonnull (find_entity (on_disk, "facility", s, e));
  }
  f->window = NULL;
}

/* The identity: asked when unknown, skipped with --annotator. */

static void
test_identity_dialog (void)
{
  g_autofree char *corpus = gloss_test_copy_sample_corpus ("gloss-window");
  g_autoptr(GlossApplication) app = new_app ();
  g_autofree char *path = g_build_filename (corpus, ARTICLE, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  GSettings *settings = gloss_application_get_settings (app);
  GlossIdentityDialog *dialog = NULL;
  GlossWindow *window;
  g_autofree char *stored = NULL;
  g_autofree char *suggested = NULL;
  GListModel *toplevels;
  Fixture f = { 0 };

  g_assert_null (gloss_application_get_annotator_id (app));
  g_application_open (G_APPLICATION (app), &file, 1, "");
  window = GLOSS_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_nonnull (window);
  f.window = window;

  /* No session until the person says who they are. */
  gloss_test_spin_ms (300);
  g_assert_null (gloss_window_get_session (window));
  toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (GLOSS_IS_IDENTITY_DIALOG (toplevel))
        dialog = GLOSS_IDENTITY_DIALOG (toplevel);
    }
  g_assert_nonnull (dialog);
  g_assert_false (gloss_identity_dialog_accept (dialog, "gold", "Nobody"));
  g_assert_false (gloss_identity_dialog_accept (dialog, "Has Spaces", "Nobody"));
  g_assert_true (gloss_identity_dialog_accept (dialog, "erin", "Erin Example"));

  stored = g_settings_get_string (settings, "annotator-id");
  g_assert_cmpstr (stored, ==, "erin");
  g_assert_true (spin_until (&f, has_session, ARTICLE, 10000));
  g_assert_cmpstr (gloss_editing_session_get_annotator_id (gloss_window_get_session (window)), ==, "erin");

  suggested = gloss_identity_suggest_id ("Zoë Ångström", "zoe");
  g_assert_cmpstr (suggested, ==, "zoe");
  g_clear_pointer (&suggested, g_free);
  suggested = gloss_identity_suggest_id ("Unknown", "J.Smith");
  g_assert_cmpstr (suggested, ==, "j.smith");

  gtk_window_destroy (GTK_WINDOW (window));
  gloss_test_spin_ms (50);
  gloss_test_remove_sample_corpus (corpus);
}

typedef struct
{
  GApplication *app;
  gboolean saw_dialog;
  gboolean saw_session;
  char    *annotator;
} RunState;

static gboolean
check_and_close (gpointer user_data)
{
  RunState *state = user_data;
  GApplication *app = state->app;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  GListModel *toplevels = gtk_window_get_toplevels ();

  if (window == NULL || gloss_window_get_session (GLOSS_WINDOW (window)) == NULL)
    return G_SOURCE_CONTINUE;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) toplevel = g_list_model_get_item (toplevels, i);

      if (GLOSS_IS_IDENTITY_DIALOG (toplevel))
        state->saw_dialog = TRUE;
    }
  state->saw_session = TRUE;
  state->annotator = g_strdup (gloss_editing_session_get_annotator_id (gloss_window_get_session (GLOSS_WINDOW (window))));
  g_action_group_activate_action (G_ACTION_GROUP (app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static void
test_annotator_option (void)
{
  g_autofree char *corpus = gloss_test_copy_sample_corpus ("gloss-window");
  g_autoptr(GlossApplication) app = NULL;
  g_autofree char *stored = NULL;
  char *argv[] = { (char *) "gloss", (char *) "--annotator", (char *) "dave", corpus, NULL };
  RunState state = { 0 };
  int status;

  reset_settings ();
  app = gloss_application_new ();
  make_unique (app);
  state.app = G_APPLICATION (app);
  g_timeout_add (50, check_and_close, &state);
  status = g_application_run (G_APPLICATION (app), 4, argv);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (state.saw_session);
  g_assert_false (state.saw_dialog);
  g_assert_cmpstr (state.annotator, ==, "dave");
  /* For this run only. */
  stored = g_settings_get_string (gloss_application_get_settings (app), "annotator-id");
  g_assert_cmpstr (stored, ==, "");
  g_free (state.annotator);
  gloss_test_remove_sample_corpus (corpus);
}

static void
test_help (void)
{
  g_autofree char *gloss = g_test_build_filename (G_TEST_BUILT, "..", "app", "gloss", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { gloss, "--help", NULL };
  int status;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  g_assert_nonnull (strstr (out, "--annotator"));
  g_assert_nonnull (strstr (out, "FILE | FOLDER"));
}

static GtkWidget *
find_descendant (GtkWidget *root,
                 GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = find_descendant (child, type)) != NULL)
        return found;
    }
  return NULL;
}

/* The rows of @list_view shown whole in its scrolled window. */
static guint
count_visible_rows (GtkWidget *list_view)
{
  GtkWidget *list = find_descendant (list_view, GTK_TYPE_LIST_VIEW);
  GtkWidget *scroller = gtk_widget_get_ancestor (list, GTK_TYPE_SCROLLED_WINDOW);
  int height = gtk_widget_get_height (scroller);
  guint n = 0;

  g_assert_cmpint (height, >, 0);
  for (GtkWidget *row = gtk_widget_get_first_child (list); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      graphene_rect_t bounds;

      if (!gtk_widget_get_mapped (row) || !gtk_widget_compute_bounds (row, scroller, &bounds))
        continue;
      if (bounds.size.height > 0 && bounds.origin.y >= 0 && bounds.origin.y + bounds.size.height <= height)
        n++;
    }
  return n;
}

static GlossAnnotation *
nth_entity (Fixture *f,
            guint    n)
{
  g_autoptr(GlossAnnotation) entity = g_list_model_get_item (gloss_annotation_set_get_entities (window_set (f)), n);

  g_assert_nonnull (entity);
  return entity;
}

/* With an annotation in the editor, the list above it keeps room for
 * several rows; the split between them can be moved and stays where it
 * was put for the rest of the session. */
static void
test_side_panel_split (Fixture       *f,
                       gconstpointer  data)
{
  GlossSidePanel *panel;
  GtkWidget *editor;
  GtkWidget *split;
  int moved;

  open_article (f, ARTICLE);
  panel = _gloss_window_get_side_panel (f->window);
  editor = gloss_side_panel_get_editor (panel);
  g_signal_emit_by_name (panel, "annotation-activated", nth_entity (f, 0));
  gloss_test_spin_ms (500);
  g_assert_true (gtk_widget_get_mapped (editor));
  g_assert_cmpuint (count_visible_rows (gloss_side_panel_get_entity_list (panel)), >=, 8);

  split = gtk_widget_get_ancestor (editor, GTK_TYPE_PANED);
  g_assert_nonnull (split);
  g_assert_cmpint (gtk_orientable_get_orientation (GTK_ORIENTABLE (split)), ==, GTK_ORIENTATION_VERTICAL);
  g_assert_true (gtk_widget_is_ancestor (gloss_side_panel_get_entity_list (panel), split));

  /* Moved by hand, it stays there when the editor comes and goes … */
  moved = gtk_paned_get_position (GTK_PANED (split)) - 60;
  gtk_paned_set_position (GTK_PANED (split), moved);
  gloss_test_spin_ms (100);
  gloss_side_panel_set_selected_annotation (panel, NULL);
  gloss_test_spin_ms (100);
  g_assert_false (gtk_widget_get_mapped (editor));
  g_signal_emit_by_name (panel, "annotation-activated", nth_entity (f, 3));
  gloss_test_spin_ms (300);
  g_assert_cmpint (gtk_paned_get_position (GTK_PANED (split)), ==, moved);

  /* … and in the next article, and in a new window. */
  open_article (f, "valmora-strike-wire.txt");
  g_signal_emit_by_name (panel, "annotation-activated", nth_entity (f, 0));
  gloss_test_spin_ms (300);
  g_assert_cmpint (gtk_paned_get_position (GTK_PANED (split)), ==, moved);

  gtk_window_destroy (GTK_WINDOW (f->window));
  f->window = gloss_window_new (f->app);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  open_article (f, ARTICLE);
  panel = _gloss_window_get_side_panel (f->window);
  g_signal_emit_by_name (panel, "annotation-activated", nth_entity (f, 0));
  gloss_test_spin_ms (300);
  split = gtk_widget_get_ancestor (gloss_side_panel_get_editor (panel), GTK_TYPE_PANED);
  g_assert_cmpint (gtk_paned_get_position (GTK_PANED (split)), ==, moved);
}

static gboolean
strv_has (char       **strv,
          const char  *value)
{
  return strv != NULL && g_strv_contains ((const char * const *) strv, value);
}

/* Ctrl+E is the application's accelerator for win.export, the only
 * action on it, and the shortcuts window shows it from there. */
static void
test_export_accel (Fixture       *f,
                   gconstpointer  data)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (f->app), "win.export");
  g_auto(GStrv) actions = gtk_application_get_actions_for_accel (GTK_APPLICATION (f->app), "<Control>e");
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/gloss/Gloss/gtk/help-overlay.ui");
  GSList *objects = gtk_builder_get_objects (builder);
  gboolean found = FALSE;

  g_assert_true (strv_has (accels, "<Control>e"));
  g_assert_nonnull (actions);
  g_assert_cmpuint (g_strv_length (actions), ==, 1);
  g_assert_cmpstr (actions[0], ==, "win.export");

  for (GSList *l = objects; l != NULL; l = l->next)
    if (GTK_IS_SHORTCUTS_SHORTCUT (l->data))
      {
        g_autofree char *action = NULL;
        g_autofree char *accelerator = NULL;
        g_autofree char *title = NULL;

        g_object_get (l->data, "action-name", &action, "accelerator", &accelerator, "title", &title, NULL);
        if (g_strcmp0 (action, "win.export") == 0)
          {
            found = TRUE;
            /* No key written into the overlay: it follows the application's. */
            g_assert_true (accelerator == NULL || accelerator[0] == '\0');
          }
        else
          g_assert_null (strstr (title, "Export"));
      }
  g_slist_free (objects);
  g_assert_true (found);

  /* The key opens the dialog, once the corpus is there. */
  open_article (f, ARTICLE);
  g_assert_true (g_action_group_get_action_enabled (G_ACTION_GROUP (f->window), "export"));
}

static gboolean
no_window_but (Fixture *f,
               gpointer data)
{
  return g_list_length (gtk_application_get_windows (GTK_APPLICATION (f->app))) == 1;
}

/* Gloss opened again on the corpus shows the article open last, not the
 * first of the folder. */
static void
test_last_article (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GSettings) settings = gloss_settings_new ();
  g_autofree char *expected = corpus_path (f, "valmora-strike-wire.txt");
  g_autofree char *first = NULL;
  g_autoptr(GFile) folder = g_file_new_for_path (f->corpus);
  GlossEditingSession *session;
  g_autofree char *opened = NULL;

  /* A folder never seen opens on its first article. */
  gloss_window_open (f->window, folder);
  g_assert_true (spin_until (f, has_session, NULL, 10000));
  first = g_file_get_basename (gloss_editing_session_get_article_file (gloss_window_get_session (f->window)));
  g_assert_cmpstr (first, !=, "valmora-strike-wire.txt");

  open_article (f, "valmora-strike-wire.txt");
  {
    g_autofree char *last = g_settings_get_string (settings, "last-article");

    g_assert_cmpstr (last, ==, expected);
  }

  gtk_window_destroy (GTK_WINDOW (f->window));
  gloss_test_spin_ms (50);
  f->window = gloss_window_new (f->app);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  gtk_window_present (GTK_WINDOW (f->window));
  g_assert_true (spin_until (f, no_window_but, NULL, 1000));
  gloss_window_open (f->window, folder);
  g_assert_true (spin_until (f, has_session, NULL, 10000));
  session = gloss_window_get_session (f->window);
  opened = g_file_get_path (gloss_editing_session_get_article_file (session));
  g_assert_cmpstr (opened, ==, expected);

  /* An article that is gone: the first again, and no error. */
  gtk_window_destroy (GTK_WINDOW (f->window));
  gloss_test_spin_ms (50);
  g_assert_cmpint (g_unlink (expected), ==, 0);
  f->window = gloss_window_new (f->app);
  gtk_window_present (GTK_WINDOW (f->window));
  gloss_window_open (f->window, folder);
  g_assert_true (spin_until (f, has_session, NULL, 10000));
  g_clear_pointer (&opened, g_free);
  opened = g_file_get_basename (gloss_editing_session_get_article_file (gloss_window_get_session (f->window)));
  g_assert_cmpstr (opened, ==, first);
  g_assert_null (_gloss_window_get_banner (f->window, GLOSS_BANNER_ERROR));
}

/* A picture of the window as a person sees it, for looking at. */
static void
test_screenshot (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  GlossAnnotation *claim = NULL;
  GListModel *claims;
  int width, height;
  guint s, e;

  open_article (f, ARTICLE);
  claims = gloss_annotation_set_get_claims (window_set (f));
  for (guint i = 0; i < g_list_model_get_n_items (claims) && claim == NULL; i++)
    {
      g_autoptr(GlossAnnotation) a = g_list_model_get_item (claims, i);

      if (gloss_annotation_get_source_kind (a) == GLOSS_SOURCE_ENTITY && gloss_annotation_get_cue (a, NULL, NULL))
        claim = a;
    }
  g_assert_nonnull (claim);
  g_signal_emit_by_name (_gloss_window_get_side_panel (f->window), "annotation-activated", claim);
  find_phrase (f, "Benedek Sarova", 0, &s, &e);
  gloss_test_spin_ms (500);

  width = gtk_widget_get_width (GTK_WIDGET (f->window));
  height = gtk_widget_get_height (GTK_WIDGET (f->window));
  g_assert_cmpint (width, >=, 1000);
  paintable = gtk_widget_paintable_new (GTK_WIDGET (f->window));
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (GTK_NATIVE (f->window));
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_test_build_filename (G_TEST_BUILT, "screenshot-window.png", NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

int
main (int   argc,
      char *argv[])
{
  g_unsetenv ("GLOSS_ANNOTATOR");
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_test_init (&argc, &argv, NULL);
  gtk_init ();

#define ADD(path, func, annotator) \
  g_test_add ("/window/" path, Fixture, annotator, fixture_setup, func, fixture_teardown)

  ADD ("open-folder", test_open_folder, NULL);
  ADD ("open-file", test_open_file, NULL);
  ADD ("mark-entity", test_mark_entity, NULL);
  ADD ("type-keys", test_type_keys, NULL);
  ADD ("claim-entity-source", test_claim_entity_source, NULL);
  ADD ("claim-article-source", test_claim_article_source, NULL);
  ADD ("nested-claim", test_nested_claim, NULL);
  ADD ("relation", test_relation, NULL);
  ADD ("delete-undo-redo", test_delete_undo_redo, NULL);
  ADD ("title-state", test_title_state, NULL);
  ADD ("conflict", test_conflict, "alice");
  ADD ("close-flushes", test_close_flushes, NULL);
  ADD ("export-accel", test_export_accel, NULL);
  ADD ("last-article", test_last_article, "alice");
  ADD ("screenshot", test_screenshot, "alice");
  /* Last: the split it moves stays so for the rest of the process. */
  ADD ("side-panel-split", test_side_panel_split, "alice");
  g_test_add_func ("/window/identity-dialog", test_identity_dialog);
  g_test_add_func ("/window/annotator-option", test_annotator_option);
  g_test_add_func ("/window/help", test_help);

#undef ADD

  return g_test_run ();
}
