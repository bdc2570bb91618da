/* test-article-view-input.c: GlossArticleView driven by real X input
 *
 * The other ui tests call the view's gesture handlers directly; this one
 * moves the X pointer and presses keys with xdotool, so that the gestures,
 * their phases and the key bindings are exercised as a person's mouse and
 * keyboard would. Skipped when xdotool is missing or the display is not X11.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "gloss-annotation-set.h"
#include "gloss-article-view.h"
#include "gloss-document.h"
#include "gloss-tagset.h"
#include "gloss-ui-test-util.h"

static const char *text =
  "Angela Merkel met Emmanuel Macron in Paris on Monday.\n"
  "The minister said that the treaty would be ratified soon.\n";

typedef struct
{
  GtkWidget          *window;
  GlossArticleView   *view;
  GlossAnnotationSet *set;
  gboolean            done;
} Fixture;

static void
on_child_exit (GPid     pid,
               int      status,
               gpointer user_data)
{
  gboolean *done = user_data;

  g_spawn_close_pid (pid);
  *done = TRUE;
}

/* Runs xdotool with @args while the main loop keeps the window alive. */
static void
xdotool (Fixture    *f,
         const char *args)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *command = g_strdup_printf ("xdotool %s", args);
  g_auto(GStrv) argv = NULL;
  gboolean done = FALSE;
  GPid pid;

  g_assert_true (g_shell_parse_argv (command, NULL, &argv, &error));
  g_assert_true (g_spawn_async (NULL, argv, NULL,
                                G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD,
                                NULL, NULL, &pid, &error));
  g_assert_no_error (error);
  g_child_watch_add (pid, on_child_exit, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  gloss_test_wait_frames (GTK_WIDGET (f->view), 2);
}

static guint
offset_of (Fixture    *f,
           const char *needle)
{
  const char *hit = strstr (text, needle);

  g_assert_nonnull (hit);
  return g_utf8_pointer_to_offset (text, hit);
}

/* Screen coordinates of the centre of the character at @offset. The window
 * is undecorated and, with no window manager, sits where xdotool says. */
static void
screen_point (Fixture *f,
              guint    offset,
              int     *sx,
              int     *sy)
{
  g_autofree char *out = NULL;
  GdkRectangle rect;
  double wx, wy, tx, ty;
  int x = 0, y = 0;
  const char *pos;

  g_assert_true (gloss_article_view_get_span_rect (f->view, offset, offset + 1, &rect));
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  g_assert_true (gtk_widget_translate_coordinates (GTK_WIDGET (f->view), f->window,
                                                   rect.x + rect.width / 2.0, rect.y + rect.height / 2.0,
                                                   &wx, &wy));
  G_GNUC_END_IGNORE_DEPRECATIONS
  gtk_native_get_surface_transform (GTK_NATIVE (f->window), &tx, &ty);

  g_assert_true (g_spawn_command_line_sync ("xdotool search --name ^gloss-input-test$ getwindowgeometry",
                                            &out, NULL, NULL, NULL));
  pos = strstr (out, "Position: ");
  g_assert_nonnull (pos);
  g_assert_cmpint (sscanf (pos, "Position: %d,%d", &x, &y), ==, 2);
  *sx = x + (int) (wx + tx);
  *sy = y + (int) (wy + ty);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(GlossDocument) document = gloss_document_new_from_bytes ("test.txt", bytes, &error);

  g_assert_no_error (error);
  f->set = gloss_annotation_set_new (document, gloss_tagset_get_default (), "alice", "Alice");
  f->window = gtk_window_new ();
  gtk_window_set_title (GTK_WINDOW (f->window), "gloss-input-test");
  gtk_window_set_decorated (GTK_WINDOW (f->window), FALSE);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 640, 300);
  f->view = GLOSS_ARTICLE_VIEW (gloss_article_view_new ());
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->view));
  gloss_article_view_set_annotation_set (f->view, f->set);
  gtk_window_present (GTK_WINDOW (f->window));
  gloss_test_wait_frames (GTK_WIDGET (f->view), 3);
  /* Let the X server map it before pointing at it. */
  xdotool (f, "search --sync --name ^gloss-input-test$");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->set);
  gloss_test_drain ();
}

static void
test_drag_snaps (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *args = NULL;
  int x0, y0, x1, y1;
  guint s, e;

  screen_point (f, offset_of (f, "Merkel") + 3, &x0, &y0);
  screen_point (f, offset_of (f, "Macron") + 2, &x1, &y1);
  args = g_strdup_printf ("mousemove %d %d mousedown 1 mousemove %d %d mousemove %d %d mouseup 1",
                          x0, y0, (x0 + x1) / 2, y0, x1, y1);
  xdotool (f, args);

  g_assert_true (gloss_article_view_get_selection (f->view, &s, &e));
  g_assert_cmpuint (s, ==, offset_of (f, "Merkel"));
  g_assert_cmpuint (e, ==, offset_of (f, "Macron") + 6);
}

static void
test_click_and_tab (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *args = NULL;
  GlossAnnotation *person, *paris, *claim;
  int x, y;

  person = gloss_annotation_set_add_entity (f->set, "person", 0, 13, &error);
  paris = gloss_annotation_set_add_entity (f->set, "gpe", offset_of (f, "Paris"), offset_of (f, "Paris") + 5, &error);
  claim = gloss_annotation_set_add_claim (f->set, offset_of (f, "the treaty"), offset_of (f, "soon") + 4, &error);
  g_assert_no_error (error);
  gloss_test_wait_frames (GTK_WIDGET (f->view), 2);

  screen_point (f, offset_of (f, "Paris") + 2, &x, &y);
  args = g_strdup_printf ("mousemove %d %d click 1", x, y);
  xdotool (f, args);
  g_assert_true (gloss_article_view_get_selected_annotation (f->view) == paris);

  xdotool (f, "key Tab");
  g_assert_true (gloss_article_view_get_selected_annotation (f->view) == claim);
  xdotool (f, "key shift+Tab");
  xdotool (f, "key shift+Tab");
  g_assert_true (gloss_article_view_get_selected_annotation (f->view) == person);
  xdotool (f, "key Escape");
  g_assert_null (gloss_article_view_get_selected_annotation (f->view));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *xdotool_path = g_find_program_in_path ("xdotool");

  g_test_init (&argc, &argv, NULL);
  gtk_init ();

  if (xdotool_path == NULL
      || !g_str_equal (G_OBJECT_TYPE_NAME (gdk_display_get_default ()), "GdkX11Display"))
    {
      g_test_skip ("needs xdotool and an X11 display");
      return g_test_run ();
    }

  g_test_add ("/article-view-input/drag-snaps", Fixture, NULL, fixture_setup, test_drag_snaps, fixture_teardown);
  g_test_add ("/article-view-input/click-and-tab", Fixture, NULL, fixture_setup, test_click_and_tab, fixture_teardown);

  return g_test_run ();
}
