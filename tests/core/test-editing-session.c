/* test-editing-session.c: opening, autosave, failed saves, conflicts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gstdio.h>
#include <gio/gio.h>

#include "gloss-annotation-set.h"
#include "gloss-editing-session.h"
#include "gloss-review-comment.h"
#include "gloss-sidecar.h"
#include "gloss-tagset.h"
#include "gloss-test-util.h"

#define ARTICLE_TEXT \
  "Harbour strike ends\n" \
  "\n" \
  "Dockworkers in Valmora voted on Wednesday to end a nine-day strike.\n" \
  "\n" \
  "The port authority said ships would move again by Friday.\n"

typedef struct
{
  char                *dir;
  GFile               *folder;
  GFile               *article;
  GlossEditingSession *session;
  guint                n_external;
  guint                n_article_changed;
  guint                n_conflict_states;
  gint64               saving_since;  /* when the state last became SAVING */
} Fixture;

/* Runs the main loop until @cond holds or @timeout_ms pass. */
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

/* Runs the main loop for @ms milliseconds. */
static void
spin (guint ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static gboolean
is_saved (Fixture *f)
{
  return gloss_editing_session_get_state (f->session) == GLOSS_SESSION_STATE_SAVED;
}

static gboolean
is_error (Fixture *f)
{
  return gloss_editing_session_get_state (f->session) == GLOSS_SESSION_STATE_ERROR;
}

static gboolean
is_conflict (Fixture *f)
{
  return gloss_editing_session_get_state (f->session) == GLOSS_SESSION_STATE_CONFLICT;
}

static gboolean
article_changed (Fixture *f)
{
  return f->n_article_changed > 0;
}

static void
on_external_change (GlossEditingSession *session,
                    Fixture             *f)
{
  f->n_external++;
}

static void
on_article_changed (GlossEditingSession *session,
                    Fixture             *f)
{
  f->n_article_changed++;
}

static void
on_state (GlossEditingSession *session,
          GParamSpec          *pspec,
          Fixture             *f)
{
  if (gloss_editing_session_get_state (session) == GLOSS_SESSION_STATE_CONFLICT)
    f->n_conflict_states++;
  if (gloss_editing_session_get_state (session) == GLOSS_SESSION_STATE_SAVING)
    f->saving_since = g_get_monotonic_time ();
}

static void
write_file (GFile      *file,
            const char *contents,
            gssize      len)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_file_get_path (file);

  g_file_set_contents (path, contents, len, &error);
  g_assert_no_error (error);
}

static GBytes *
read_bytes (GFile *file)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = g_file_load_bytes (file, NULL, NULL, &error);

  g_assert_no_error (error);
  return bytes;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("gloss-session-XXXXXX", &error);
  g_assert_no_error (error);
  f->folder = g_file_new_for_path (f->dir);
  f->article = g_file_get_child (f->folder, "strike.txt");
  write_file (f->article, ARTICLE_TEXT, -1);
}

static void
open_session (Fixture    *f,
              const char *annotator_id)
{
  g_autoptr(GError) error = NULL;

  f->session = gloss_editing_session_open (f->article, annotator_id, "Alice Example",
                                           gloss_tagset_get_default (),
                                           GLOSS_EDITING_SESSION_FLAGS_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->session);
  g_signal_connect (f->session, "external-change", G_CALLBACK (on_external_change), f);
  g_signal_connect (f->session, "article-changed", G_CALLBACK (on_article_changed), f);
  g_signal_connect (f->session, "notify::state", G_CALLBACK (on_state), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (f->session, f);
      /* Let pending writes and checks finish before the folder goes. */
      spin (50);
      g_clear_object (&f->session);
    }
  gloss_test_remove_tree (g_file_peek_path (f->folder));
  g_clear_object (&f->article);
  g_clear_object (&f->folder);
  g_free (f->dir);
}

static GlossAnnotation *
add_entity (Fixture *f,
            guint    start,
            guint    end)
{
  g_autoptr(GError) error = NULL;
  GlossAnnotationSet *set = gloss_editing_session_get_annotation_set (f->session);
  GlossAnnotation *a = gloss_annotation_set_add_entity (set, "organisation", start, end, &error);

  g_assert_no_error (error);
  return a;
}

/* The sidecar as another program would read it. */
static GlossAnnotationSet *
load_sidecar (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GlossAnnotationSet *set;

  set = gloss_sidecar_load (gloss_editing_session_get_sidecar_file (f->session),
                            gloss_editing_session_get_document (f->session),
                            gloss_tagset_get_default (), NULL, NULL, &error);
  g_assert_no_error (error);
  return set;
}

static guint
n_entities_on_disk (Fixture *f)
{
  g_autoptr(GlossAnnotationSet) set = load_sidecar (f);

  return g_list_model_get_n_items (gloss_annotation_set_get_entities (set));
}

static gboolean
same_entities (GlossAnnotationSet *a,
               GlossAnnotationSet *b)
{
  GListModel *x = gloss_annotation_set_get_entities (a);
  GListModel *y = gloss_annotation_set_get_entities (b);

  if (g_list_model_get_n_items (x) != g_list_model_get_n_items (y))
    return FALSE;
  for (guint i = 0; i < g_list_model_get_n_items (x); i++)
    {
      g_autoptr(GlossAnnotation) p = g_list_model_get_item (x, i);
      g_autoptr(GlossAnnotation) q = g_list_model_get_item (y, i);

      if (gloss_annotation_get_start (p) != gloss_annotation_get_start (q)
          || gloss_annotation_get_end (p) != gloss_annotation_get_end (q)
          || g_strcmp0 (gloss_annotation_get_type_id (p), gloss_annotation_get_type_id (q)) != 0
          || g_strcmp0 (gloss_annotation_get_id (p), gloss_annotation_get_id (q)) != 0)
        return FALSE;
    }
  return TRUE;
}

/* Writes a sidecar for the same annotator with other content, as a
 * colleague's checkout or another Gloss would. */
static GBytes *
write_external (Fixture *f,
                guint    n_entities)
{
  g_autoptr(GlossAnnotationSet) other = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GFile *sidecar = gloss_editing_session_get_sidecar_file (f->session);

  other = gloss_annotation_set_new (gloss_editing_session_get_document (f->session),
                                    gloss_tagset_get_default (), "alice", "Alice Elsewhere");
  for (guint i = 0; i < n_entities; i++)
    {
      gloss_annotation_set_add_entity (other, "person", 23 + i, 24 + i, &error);
      g_assert_no_error (error);
    }
  bytes = gloss_sidecar_to_bytes (other, &error);
  g_assert_no_error (error);
  write_file (sidecar, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  return g_steal_pointer (&bytes);
}

/* ------------------------------------------------------------------ */

static void
test_open_new (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *name = NULL;

  open_session (f, "alice");
  g_assert_cmpint (gloss_editing_session_get_state (f->session), ==, GLOSS_SESSION_STATE_SAVED);
  g_assert_cmpuint (gloss_annotation_set_get_size (gloss_editing_session_get_annotation_set (f->session)),
                    ==, 0);
  g_assert_null (gloss_editing_session_get_report (f->session));
  g_assert_cmpstr (gloss_editing_session_get_annotator_id (f->session), ==, "alice");
  name = g_file_get_basename (gloss_editing_session_get_sidecar_file (f->session));
  g_assert_cmpstr (name, ==, "strike.txt.alice.gloss.xml");
  /* Nothing is written until there is something to write. */
  spin (100);
  g_assert_false (g_file_query_exists (gloss_editing_session_get_sidecar_file (f->session), NULL));
  g_assert_cmpuint (gloss_editing_session_get_n_saves (f->session), ==, 0);
}

static void
open_ready (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_open_existing_async (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossEditingSession) session = NULL;
  const GlossSidecarReport *report;

  open_session (f, "alice");
  add_entity (f, 23, 34);
  add_entity (f, 60, 69);
  g_assert_true (gloss_editing_session_flush (f->session, &error));
  g_assert_no_error (error);

  gloss_editing_session_open_async (f->article, "alice", NULL, NULL,
                                    GLOSS_EDITING_SESSION_FLAGS_NONE, NULL, open_ready, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  session = gloss_editing_session_open_finish (result, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gloss_annotation_set_get_size (gloss_editing_session_get_annotation_set (session)),
                    ==, 2);
  g_assert_true (same_entities (gloss_editing_session_get_annotation_set (session),
                                gloss_editing_session_get_annotation_set (f->session)));
  report = gloss_editing_session_get_report (session);
  g_assert_nonnull (report);
  g_assert_false (report->source_changed);
  g_assert_cmpuint (report->n_anchored, ==, 2);
  g_assert_cmpint (gloss_editing_session_get_state (session), ==, GLOSS_SESSION_STATE_SAVED);
  g_assert_cmpstr (gloss_annotation_set_get_annotator_name (gloss_editing_session_get_annotation_set (session)),
                   ==, "Alice Example");
}

static void
test_open_refusals (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossEditingSession) gold = NULL;
  g_autoptr(GFile) alice = g_file_get_child (f->folder, "strike.txt.alice.gloss.xml");
  g_autoptr(GFile) bob = g_file_get_child (f->folder, "strike.txt.bob.gloss.xml");
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  GlossEditingSession *session;

  /* "gold" only with the flag */
  session = gloss_editing_session_open (f->article, "gold", NULL, NULL,
                                        GLOSS_EDITING_SESSION_FLAGS_NONE, NULL, &error);
  g_assert_error (error, GLOSS_EDITING_SESSION_ERROR, GLOSS_EDITING_SESSION_ERROR_ANNOTATOR);
  g_assert_null (session);
  g_clear_error (&error);
  gold = gloss_editing_session_open (f->article, "gold", NULL, NULL,
                                     GLOSS_EDITING_SESSION_FLAGS_ALLOW_GOLD, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (gold);

  session = gloss_editing_session_open (f->article, "Not Valid", NULL, NULL,
                                        GLOSS_EDITING_SESSION_FLAGS_NONE, NULL, &error);
  g_assert_error (error, GLOSS_EDITING_SESSION_ERROR, GLOSS_EDITING_SESSION_ERROR_ANNOTATOR);
  g_assert_null (session);
  g_clear_error (&error);

  /* bob's file under alice's name is not alice's to write */
  f->session = gloss_editing_session_open (f->article, "bob", NULL, NULL,
                                           GLOSS_EDITING_SESSION_FLAGS_NONE, NULL, &error);
  g_assert_no_error (error);
  add_entity (f, 23, 34);
  g_assert_true (gloss_editing_session_flush (f->session, &error));
  g_assert_true (g_file_copy (bob, alice, G_FILE_COPY_NONE, NULL, NULL, NULL, &error));
  session = gloss_editing_session_open (f->article, "alice", NULL, NULL,
                                        GLOSS_EDITING_SESSION_FLAGS_NONE, NULL, &error);
  g_assert_error (error, GLOSS_EDITING_SESSION_ERROR, GLOSS_EDITING_SESSION_ERROR_FOREIGN);
  g_assert_nonnull (strstr (error->message, "strike.txt.alice.gloss.xml"));
  g_assert_null (session);
  g_clear_error (&error);

  /* A broken sidecar fails the open with file and line, and stays as it is. */
  write_file (alice, "<?xml version=\"1.0\"?>\n<gloss xmlns=\"urn:gloss:sidecar:1\" version=\"1\">\n  <source\n", -1);
  before = read_bytes (alice);
  session = gloss_editing_session_open (f->article, "alice", NULL, NULL,
                                        GLOSS_EDITING_SESSION_FLAGS_NONE, NULL, &error);
  g_assert_error (error, GLOSS_SIDECAR_ERROR, GLOSS_SIDECAR_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "strike.txt.alice.gloss.xml:"));
  g_assert_null (session);
  after = read_bytes (alice);
  g_assert_true (g_bytes_equal (before, after));
}

static void
test_autosave_single (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GlossAnnotationSet) on_disk = NULL;
  gint64 start;
  gint64 elapsed_ms;
  gint64 began_ms;

  open_session (f, "alice");
  g_assert_cmpuint (gloss_editing_session_get_autosave_delay (f->session), ==, 500);

  start = g_get_monotonic_time ();
  add_entity (f, 23, 34);
  g_assert_cmpint (gloss_editing_session_get_state (f->session), ==, GLOSS_SESSION_STATE_MODIFIED);
  g_assert_true (gloss_editing_session_has_unsaved_changes (f->session));
  g_assert_true (wait_for (is_saved, f, 3000));
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  began_ms = (f->saving_since - start) / 1000;
  g_test_message ("write began %" G_GINT64_FORMAT " ms and was done %" G_GINT64_FORMAT
                  " ms after the change", began_ms, elapsed_ms);
  g_assert_cmpint (began_ms, >=, 400);  /* debounced, not immediate */
  g_assert_cmpint (began_ms, <=, 1000);
  /* The write itself (fsync included) may take a while on a loaded machine. */
  g_assert_cmpint (elapsed_ms, <=, 1000 + 1000);
  g_assert_cmpuint (gloss_editing_session_get_n_saves (f->session), ==, 1);
  g_assert_false (gloss_editing_session_has_unsaved_changes (f->session));

  on_disk = load_sidecar (f);
  g_assert_true (same_entities (on_disk, gloss_editing_session_get_annotation_set (f->session)));
  g_assert_cmpuint (g_list_model_get_n_items (gloss_annotation_set_get_entities (on_disk)), ==, 1);
  g_assert_nonnull (gloss_annotation_set_lookup (on_disk, "e1"));
  g_assert_cmpuint (f->n_external, ==, 0);
}

static void
test_autosave_burst (Fixture       *f,
                     gconstpointer  data)
{
  gint64 last;

  open_session (f, "alice");
  /* 50 changes over about a second: more than the debounce delay, so the
   * cap on waiting applies too. */
  for (guint i = 0; i < 50; i++)
    {
      add_entity (f, 23 + i % 40, 24 + i % 40 + i / 40);
      spin (20);
    }
  last = g_get_monotonic_time ();
  g_assert_true (wait_for (is_saved, f, 3000));
  g_assert_cmpint ((f->saving_since - last) / 1000, <=, 1000);
  g_test_message ("50 changes, %u saves", gloss_editing_session_get_n_saves (f->session));
  g_assert_cmpuint (gloss_editing_session_get_n_saves (f->session), >=, 1);
  g_assert_cmpuint (gloss_editing_session_get_n_saves (f->session), <=, 4);
  g_assert_cmpuint (n_entities_on_disk (f), ==, 50);

  /* Fifty changes at once are one save. */
  for (guint i = 0; i < 50; i++)
    gloss_annotation_set_undo (gloss_editing_session_get_annotation_set (f->session));
  g_assert_true (wait_for (is_saved, f, 3000));
  g_assert_cmpuint (n_entities_on_disk (f), ==, 0);
  g_assert_cmpuint (f->n_external, ==, 0);
}

static void
test_autosave_undo_redo (Fixture       *f,
                         gconstpointer  data)
{
  GlossAnnotationSet *set;
  guint saves;

  open_session (f, "alice");
  set = gloss_editing_session_get_annotation_set (f->session);
  add_entity (f, 23, 34);
  g_assert_true (wait_for (is_saved, f, 3000));
  g_assert_cmpuint (n_entities_on_disk (f), ==, 1);
  saves = gloss_editing_session_get_n_saves (f->session);

  g_assert_true (gloss_annotation_set_undo (set));
  g_assert_cmpint (gloss_editing_session_get_state (f->session), ==, GLOSS_SESSION_STATE_MODIFIED);
  g_assert_true (wait_for (is_saved, f, 3000));
  g_assert_cmpuint (gloss_editing_session_get_n_saves (f->session), ==, saves + 1);
  g_assert_cmpuint (n_entities_on_disk (f), ==, 0);

  g_assert_true (gloss_annotation_set_redo (set));
  g_assert_true (wait_for (is_saved, f, 3000));
  g_assert_cmpuint (n_entities_on_disk (f), ==, 1);
}

static void
flush_ready (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GError **out = user_data;
  gboolean ok;

  ok = gloss_editing_session_flush_finish (GLOSS_EDITING_SESSION (object), result, out);
  if (ok)
    *out = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_EXISTS, "ok");
}

static void
test_flush (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GError *async_result = NULL;

  open_session (f, "alice");
  gloss_editing_session_set_autosave_delay (f->session, 5000);
  g_assert_cmpuint (gloss_editing_session_get_autosave_delay (f->session), ==, GLOSS_AUTOSAVE_DELAY_MAX);

  /* Closing right after a change: nothing waits for the timer. */
  add_entity (f, 23, 34);
  g_assert_true (gloss_editing_session_flush (f->session, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gloss_editing_session_get_state (f->session), ==, GLOSS_SESSION_STATE_SAVED);
  g_assert_cmpuint (n_entities_on_disk (f), ==, 1);

  /* While a write runs in a thread */
  add_entity (f, 60, 69);
  gloss_editing_session_retry (f->session);  /* no error: nothing to retry */
  add_entity (f, 80, 84);
  gloss_editing_session_flush_async (f->session, NULL, flush_ready, &async_result);
  while (async_result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (async_result, G_IO_ERROR, G_IO_ERROR_EXISTS);  /* i.e. TRUE */
  g_clear_error (&async_result);
  g_assert_cmpuint (n_entities_on_disk (f), ==, 3);
  g_assert_cmpint (gloss_editing_session_get_state (f->session), ==, GLOSS_SESSION_STATE_SAVED);

  /* Disposing with unsaved changes writes them too. */
  add_entity (f, 90, 95);
  g_signal_handlers_disconnect_by_data (f->session, f);
  {
    g_autoptr(GFile) sidecar = g_object_ref (gloss_editing_session_get_sidecar_file (f->session));
    g_autoptr(GlossDocument) document = g_object_ref (gloss_editing_session_get_document (f->session));
    g_autoptr(GlossAnnotationSet) set = NULL;

    GlossEditingSession *weak = f->session;

    /* Checks in worker threads may hold it a little longer. */
    g_object_add_weak_pointer (G_OBJECT (weak), (gpointer *) &weak);
    g_clear_object (&f->session);
    while (weak != NULL)
      g_main_context_iteration (NULL, TRUE);
    set = gloss_sidecar_load (sidecar, document, gloss_tagset_get_default (), NULL, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (gloss_annotation_set_get_size (set), ==, 4);
  }
}

/* Root ignores permissions: the folder is replaced by a regular file, so
 * that nothing can be created inside it. */
static void
break_folder (Fixture    *f,
              const char *moved)
{
  g_assert_cmpint (g_rename (f->dir, moved), ==, 0);
  g_assert_true (g_file_set_contents (f->dir, "not a folder", -1, NULL));
}

static void
mend_folder (Fixture    *f,
             const char *moved)
{
  g_assert_cmpint (g_unlink (f->dir), ==, 0);
  g_assert_cmpint (g_rename (moved, f->dir), ==, 0);
}

static void
test_save_failure (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *moved = g_strconcat (f->dir, ".moved", NULL);
  g_autofree char *sidecar_name = NULL;
  GlossAnnotationSet *set;
  const char *message;

  open_session (f, "alice");
  set = gloss_editing_session_get_annotation_set (f->session);
  add_entity (f, 23, 34);
  g_assert_true (wait_for (is_saved, f, 3000));

  break_folder (f, moved);
  add_entity (f, 60, 69);
  g_assert_true (wait_for (is_error, f, 3000));
  message = gloss_editing_session_get_last_error (f->session);
  g_test_message ("%s", message);
  sidecar_name = g_file_get_parse_name (gloss_editing_session_get_sidecar_file (f->session));
  g_assert_true (g_str_has_prefix (message, "Could not save "));
  g_assert_nonnull (strstr (message, sidecar_name));
  g_assert_nonnull (strstr (message, g_strerror (ENOTDIR)));
  /* Nothing lost: still in memory, still to be saved. */
  g_assert_cmpuint (gloss_annotation_set_get_size (set), ==, 2);
  g_assert_true (gloss_editing_session_has_unsaved_changes (f->session));
  g_assert_false (gloss_editing_session_flush (f->session, NULL));
  g_assert_cmpuint (f->n_external, ==, 0);

  /* Recovery on the next change */
  mend_folder (f, moved);
  add_entity (f, 80, 84);
  g_assert_true (wait_for (is_saved, f, 3000));
  g_assert_null (gloss_editing_session_get_last_error (f->session));
  g_assert_cmpuint (n_entities_on_disk (f), ==, 3);

  /* Recovery by an explicit retry */
  break_folder (f, moved);
  add_entity (f, 90, 95);
  g_assert_true (wait_for (is_error, f, 3000));
  mend_folder (f, moved);
  spin (200);
  g_assert_cmpint (gloss_editing_session_get_state (f->session), ==, GLOSS_SESSION_STATE_ERROR);
  gloss_editing_session_retry (f->session);
  g_assert_true (wait_for (is_saved, f, 3000));
  g_assert_cmpuint (n_entities_on_disk (f), ==, 4);
  g_assert_cmpuint (f->n_external, ==, 0);
}

static void
reload_ready (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  int *out = user_data;
  g_autoptr(GError) error = NULL;

  *out = gloss_editing_session_reload_finish (GLOSS_EDITING_SESSION (object), result, &error) ? 1 : -1;
  g_assert_no_error (error);
}

static void
enter_conflict (Fixture  *f,
                GBytes  **theirs)
{
  open_session (f, "alice");
  add_entity (f, 23, 34);
  g_assert_true (wait_for (is_saved, f, 3000));

  *theirs = write_external (f, 3);
  g_assert_true (wait_for (is_conflict, f, 3000));
  g_assert_cmpuint (f->n_external, ==, 1);
  g_assert_nonnull (strstr (gloss_editing_session_get_last_error (f->session),
                            "strike.txt.alice.gloss.xml"));
}

static void
test_conflict_reload (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GBytes) theirs = NULL;
  g_autoptr(GBytes) now = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotationSet) on_disk = NULL;
  GlossAnnotationSet *set;
  int reloaded = 0;

  enter_conflict (f, &theirs);

  /* Further work is kept in memory but never written over theirs. */
  add_entity (f, 60, 69);
  add_entity (f, 80, 84);
  g_assert_false (gloss_editing_session_flush (f->session, &error));
  g_assert_error (error, GLOSS_EDITING_SESSION_ERROR, GLOSS_EDITING_SESSION_ERROR_CONFLICT);
  spin (1500);
  now = read_bytes (gloss_editing_session_get_sidecar_file (f->session));
  g_assert_true (g_bytes_equal (now, theirs));
  g_assert_cmpint (gloss_editing_session_get_state (f->session), ==, GLOSS_SESSION_STATE_CONFLICT);

  gloss_editing_session_reload_async (f->session, NULL, reload_ready, &reloaded);
  while (reloaded == 0)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (reloaded, ==, 1);

  set = gloss_editing_session_get_annotation_set (f->session);
  on_disk = load_sidecar (f);
  g_assert_true (same_entities (set, on_disk));
  g_assert_cmpuint (gloss_annotation_set_get_size (set), ==, 3);
  g_assert_false (gloss_annotation_set_can_undo (set));
  g_assert_cmpint (gloss_editing_session_get_state (f->session), ==, GLOSS_SESSION_STATE_SAVED);
  g_assert_null (gloss_editing_session_get_last_error (f->session));

  /* Autosave works again, on top of their version. */
  add_entity (f, 60, 69);
  g_assert_true (wait_for (is_saved, f, 3000));
  g_assert_cmpuint (n_entities_on_disk (f), ==, 4);
  g_assert_cmpuint (f->n_external, ==, 1);
}

static void
test_conflict_keep_mine (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GBytes) theirs = NULL;
  g_autoptr(GlossAnnotationSet) on_disk = NULL;

  enter_conflict (f, &theirs);
  add_entity (f, 60, 69);
  gloss_editing_session_keep_mine (f->session);
  g_assert_true (wait_for (is_saved, f, 3000));

  on_disk = load_sidecar (f);
  g_assert_true (same_entities (on_disk, gloss_editing_session_get_annotation_set (f->session)));
  g_assert_cmpuint (gloss_annotation_set_get_size (on_disk), ==, 2);
  g_assert_cmpstr (gloss_annotation_set_get_annotator_name (on_disk), ==, "Alice Example");
  /* The undo history is ours still. */
  g_assert_true (gloss_annotation_set_can_undo (gloss_editing_session_get_annotation_set (f->session)));
  spin (300);
  g_assert_cmpint (gloss_editing_session_get_state (f->session), ==, GLOSS_SESSION_STATE_SAVED);
  g_assert_cmpuint (f->n_external, ==, 1);
}

static void
test_conflict_on_removal (Fixture       *f,
                          gconstpointer  data)
{
  open_session (f, "alice");
  add_entity (f, 23, 34);
  g_assert_true (wait_for (is_saved, f, 3000));

  g_assert_true (g_file_delete (gloss_editing_session_get_sidecar_file (f->session), NULL, NULL));
  g_assert_true (wait_for (is_conflict, f, 3000));
  add_entity (f, 60, 69);
  spin (1200);
  g_assert_false (g_file_query_exists (gloss_editing_session_get_sidecar_file (f->session), NULL));

  gloss_editing_session_keep_mine (f->session);
  g_assert_true (wait_for (is_saved, f, 3000));
  g_assert_cmpuint (n_entities_on_disk (f), ==, 2);
}

static void
test_own_saves_are_not_conflicts (Fixture       *f,
                                  gconstpointer  data)
{
  open_session (f, "alice");
  gloss_editing_session_set_autosave_delay (f->session, 0);

  for (guint i = 0; i < 20; i++)
    {
      add_entity (f, 23 + i, 25 + i);
      g_assert_true (wait_for (is_saved, f, 3000));
      /* Give the monitor time to report the write and the check to run. */
      spin (150);
      g_assert_cmpint (gloss_editing_session_get_state (f->session), ==, GLOSS_SESSION_STATE_SAVED);
    }
  g_assert_cmpuint (gloss_editing_session_get_n_saves (f->session), ==, 20);
  g_assert_cmpuint (f->n_external, ==, 0);
  g_assert_cmpuint (f->n_conflict_states, ==, 0);
  g_assert_cmpuint (n_entities_on_disk (f), ==, 20);
}

static void
test_article_changed (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *text = NULL;

  open_session (f, "alice");
  add_entity (f, 23, 34);
  g_assert_true (wait_for (is_saved, f, 3000));
  g_assert_false (gloss_editing_session_get_article_changed (f->session));

  write_file (f->article, ARTICLE_TEXT "A late paragraph.\n", -1);
  g_assert_true (wait_for (article_changed, f, 3000));
  g_assert_true (gloss_editing_session_get_article_changed (f->session));
  /* Nothing else happens: the document and the work stay. */
  text = g_strdup (gloss_document_get_text (gloss_editing_session_get_document (f->session), NULL));
  g_assert_cmpstr (text, ==, ARTICLE_TEXT);
  g_assert_cmpint (gloss_editing_session_get_state (f->session), ==, GLOSS_SESSION_STATE_SAVED);
  g_assert_cmpuint (f->n_external, ==, 0);
}

static guint
n_comments_on_disk (Fixture *f)
{
  g_autoptr(GlossAnnotationSet) set = load_sidecar (f);
  g_autoptr(GPtrArray) comments = gloss_review_comment_list (set);

  return comments->len;
}

/* A reviewer's comment changes no annotation of their set, only its
 * extensions: it is saved like any other change. */
static void
test_autosave_comment (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotationSet) alice = NULL;
  g_autoptr(GlossReviewComment) comment = NULL;
  g_autoptr(GlossAnnotationSet) on_disk = NULL;
  g_autoptr(GPtrArray) comments = NULL;
  GlossAnnotationSet *own;
  GlossAnnotation *target;
  gint64 start, began_ms;

  open_session (f, "carol");
  own = gloss_editing_session_get_annotation_set (f->session);
  alice = gloss_annotation_set_new (gloss_editing_session_get_document (f->session),
                                    gloss_tagset_get_default (), "alice", NULL);
  target = gloss_annotation_set_add_entity (alice, "gpe", 35, 42, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  comment = gloss_review_comment_add (own, alice, target, "Valmora is a city, not a port.", &error);
  g_assert_no_error (error);
  g_assert_cmpint (gloss_editing_session_get_state (f->session), ==, GLOSS_SESSION_STATE_MODIFIED);
  g_assert_true (gloss_editing_session_has_unsaved_changes (f->session));
  g_assert_true (wait_for (is_saved, f, 3000));
  began_ms = (f->saving_since - start) / 1000;
  g_test_message ("write began %" G_GINT64_FORMAT " ms after the comment", began_ms);
  g_assert_cmpint (began_ms, <=, 1000);
  g_assert_cmpuint (gloss_editing_session_get_n_saves (f->session), ==, 1);

  on_disk = load_sidecar (f);
  g_assert_cmpuint (gloss_annotation_set_get_size (on_disk), ==, 0);
  comments = gloss_review_comment_list (on_disk);
  g_assert_cmpuint (comments->len, ==, 1);
  g_assert_cmpstr (((GlossReviewComment *) g_ptr_array_index (comments, 0))->text, ==,
                   "Valmora is a city, not a port.");
  g_assert_cmpstr (((GlossReviewComment *) g_ptr_array_index (comments, 0))->annotation, ==, "e1");

  /* Removing it, and undoing that, are saved too. */
  g_assert_true (gloss_review_comment_remove (own, comment->id));
  g_assert_true (gloss_editing_session_has_unsaved_changes (f->session));
  g_assert_true (wait_for (is_saved, f, 3000));
  g_assert_cmpuint (n_comments_on_disk (f), ==, 0);
  g_assert_true (gloss_annotation_set_undo (own));
  g_assert_true (gloss_editing_session_has_unsaved_changes (f->session));
  g_assert_true (wait_for (is_saved, f, 3000));
  g_assert_cmpuint (n_comments_on_disk (f), ==, 1);
  g_assert_cmpuint (gloss_editing_session_get_n_saves (f->session), ==, 3);
  g_assert_cmpuint (f->n_external, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/editing-session/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("open/new", test_open_new);
  ADD ("open/existing-async", test_open_existing_async);
  ADD ("open/refusals", test_open_refusals);
  ADD ("autosave/single", test_autosave_single);
  ADD ("autosave/burst", test_autosave_burst);
  ADD ("autosave/undo-redo", test_autosave_undo_redo);
  ADD ("autosave/comment", test_autosave_comment);
  ADD ("flush", test_flush);
  ADD ("save-failure", test_save_failure);
  ADD ("conflict/reload", test_conflict_reload);
  ADD ("conflict/keep-mine", test_conflict_keep_mine);
  ADD ("conflict/removal", test_conflict_on_removal);
  ADD ("own-saves-are-not-conflicts", test_own_saves_are_not_conflicts);
  ADD ("article-changed", test_article_changed);

#undef ADD

  return g_test_run ();
}
