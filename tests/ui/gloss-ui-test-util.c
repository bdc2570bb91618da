/* gloss-ui-test-util.c: main-loop waits the widget and window tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gloss-ui-test-util.h"

static gboolean
wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
gloss_test_spin_until (gpointer           fixture,
                       GlossTestCondition condition,
                       gpointer           data,
                       guint              timeout_ms)
{
  gint64 until = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint wake = g_timeout_add (10, wake_cb, NULL);
  gboolean ok;

  while (!(ok = condition (fixture, data)) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
  return ok;
}

static gboolean
never (gpointer fixture,
       gpointer data)
{
  return FALSE;
}

void
gloss_test_spin_ms (guint ms)
{
  gloss_test_spin_until (NULL, never, NULL, ms);
}

void
gloss_test_drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

void
gloss_test_wait_frames (GtkWidget *widget,
                        int        n)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  g_assert_nonnull (clock);
  for (int i = 0; i < n; i++)
    {
      gint64 frame = gdk_frame_clock_get_frame_counter (clock);

      gtk_widget_queue_draw (widget);
      while (gdk_frame_clock_get_frame_counter (clock) == frame)
        g_main_context_iteration (NULL, TRUE);
    }
  gloss_test_drain ();
}
