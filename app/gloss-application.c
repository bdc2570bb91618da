/* gloss-application.c: the GtkApplication
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss"

#include "config.h"

#include <glib/gi18n.h>

#include "gloss-application.h"
#include "gloss-window.h"

struct _GlossApplication
{
  GtkApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (GlossApplication, gloss_application, GTK_TYPE_APPLICATION)

/* The corpus shown when no folder is given: the installed sample corpus,
 * or the one in the source tree when running from a build directory. */
static GFile *
default_corpus (void)
{
  g_autofree char *installed = g_build_filename (PKGDATADIR, "sample-corpus", NULL);

  if (g_file_test (installed, G_FILE_TEST_IS_DIR))
    return g_file_new_for_path (installed);
  return g_file_new_for_path (SAMPLE_CORPUS_SRCDIR);
}

static void
gloss_application_activate (GApplication *app)
{
  g_autoptr(GFile) corpus = default_corpus ();
  GlossWindow *window;

  window = gloss_window_new (GLOSS_APPLICATION (app));
  gloss_window_open (window, corpus);
  gtk_window_present (GTK_WINDOW (window));
}

static void
gloss_application_open (GApplication  *app,
                        GFile        **files,
                        int            n_files,
                        const char    *hint)
{
  for (int i = 0; i < n_files; i++)
    {
      GlossWindow *window = gloss_window_new (GLOSS_APPLICATION (app));

      gloss_window_open (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
gloss_application_startup (GApplication *app)
{
  static const GActionEntry entries[] = {
    { "quit", quit_activated },
  };
  const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (gloss_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
}

static void
gloss_application_class_init (GlossApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = gloss_application_activate;
  app_class->open = gloss_application_open;
  app_class->startup = gloss_application_startup;
}

static void
gloss_application_init (GlossApplication *self)
{
}

GlossApplication *
gloss_application_new (void)
{
  return g_object_new (GLOSS_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", RESOURCE_PREFIX,
                       NULL);
}
