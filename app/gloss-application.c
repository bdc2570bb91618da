/* gloss-application.c: the GtkApplication
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss"

#include "config.h"

#include <glib/gi18n.h>

#include "gloss-annotation-set.h"
#include "gloss-application.h"
#include "gloss-identity-dialog.h"
#include "gloss-preferences-window.h"
#include "gloss-window.h"

struct _GlossApplication
{
  GtkApplication  parent_instance;

  GSettings      *settings;
  GtkCssProvider *font_provider;

  char           *annotator_id;
  char           *annotator_name;
  /* Given for this run (--annotator, GLOSS_ANNOTATOR): not stored. */
  gboolean        identity_overridden;
};

G_DEFINE_FINAL_TYPE (GlossApplication, gloss_application, GTK_TYPE_APPLICATION)

enum
{
  PROP_0,
  PROP_ANNOTATOR_ID,
  PROP_ANNOTATOR_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GSettings *
gloss_settings_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);

#ifdef GLOSS_BUILD_SCHEMA_DIR
  /* Running from the build tree: resources/ holds the compiled schema. */
  if (schema == NULL)
    {
      g_autoptr(GSettingsSchemaSource) build_source = NULL;
      g_autoptr(GError) error = NULL;

      build_source = g_settings_schema_source_new_from_directory (GLOSS_BUILD_SCHEMA_DIR, source,
                                                                  FALSE, &error);
      if (build_source != NULL)
        schema = g_settings_schema_source_lookup (build_source, APP_ID, FALSE);
    }
#endif

  if (schema == NULL)
    g_error ("The settings schema %s is not installed; set GSETTINGS_SCHEMA_DIR "
             "to the folder that holds its gschemas.compiled", APP_ID);

  return g_settings_new_full (schema, NULL, NULL);
}

/* The corpus shown on first run: a copy of the bundled sample corpus in
 * the user's data folder, so that the annotations made there can be saved. */
static GFile *
sample_corpus (void)
{
  g_autofree char *installed = g_build_filename (PKGDATADIR, "sample-corpus", NULL);
  g_autofree char *copy_path = g_build_filename (g_get_user_data_dir (), "gloss", "sample-corpus", NULL);
  g_autoptr(GFile) bundled = NULL;
  g_autoptr(GFile) copy = g_file_new_for_path (copy_path);
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GError) error = NULL;

  if (g_file_test (copy_path, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&copy);

  if (g_file_test (installed, G_FILE_TEST_IS_DIR))
    bundled = g_file_new_for_path (installed);
  else
    bundled = g_file_new_for_path (SAMPLE_CORPUS_SRCDIR);

  if (g_mkdir_with_parents (copy_path, 0755) != 0)
    return g_steal_pointer (&bundled);

  enumerator = g_file_enumerate_children (bundled, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                          G_FILE_QUERY_INFO_NONE, NULL, &error);
  if (enumerator == NULL)
    {
      g_warning ("Could not copy the sample corpus: %s", error->message);
      return g_steal_pointer (&bundled);
    }
  for (;;)
    {
      GFileInfo *info;
      GFile *child;
      g_autoptr(GFile) target = NULL;

      if (!g_file_enumerator_iterate (enumerator, &info, &child, NULL, &error) || info == NULL)
        break;
      if (g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
        continue;
      target = g_file_get_child (copy, g_file_info_get_name (info));
      if (!g_file_copy (child, target, G_FILE_COPY_NONE, NULL, NULL, NULL, &error))
        {
          g_warning ("Could not copy the sample corpus: %s", error->message);
          return g_steal_pointer (&bundled);
        }
    }

  return g_steal_pointer (&copy);
}

static GFile *
default_corpus (GlossApplication *self)
{
  g_autofree char *last = g_settings_get_string (self->settings, "last-corpus");

  if (last[0] != '\0' && g_file_test (last, G_FILE_TEST_IS_DIR))
    return g_file_new_for_path (last);
  return sample_corpus ();
}

static GlossWindow *
get_window (GlossApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (GLOSS_IS_WINDOW (window))
    return GLOSS_WINDOW (window);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    if (GLOSS_IS_WINDOW (l->data))
      return l->data;
  return NULL;
}

static void
present_and_ask (GlossApplication *self,
                 GlossWindow      *window)
{
  gtk_window_present (GTK_WINDOW (window));
  if (self->annotator_id == NULL)
    gloss_application_ask_identity (self, GTK_WINDOW (window));
}

static void
gloss_application_activate (GApplication *app)
{
  GlossApplication *self = GLOSS_APPLICATION (app);
  GlossWindow *window = get_window (self);

  if (window == NULL)
    {
      g_autoptr(GFile) corpus = default_corpus (self);

      window = gloss_window_new (self);
      gloss_window_open (window, corpus);
    }
  present_and_ask (self, window);
}

static void
gloss_application_open (GApplication  *app,
                        GFile        **files,
                        int            n_files,
                        const char    *hint)
{
  GlossApplication *self = GLOSS_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    {
      GlossWindow *window = gloss_window_new (self);

      gloss_window_open (window, files[i]);
      present_and_ask (self, window);
    }
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GlossApplication *self = GLOSS_APPLICATION (user_data);
  g_autoptr(GList) windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));

  /* Each window saves, or asks, before it goes; the application ends
   * with the last one. */
  for (GList *l = windows; l != NULL; l = l->next)
    if (GLOSS_IS_WINDOW (l->data))
      gtk_window_close (GTK_WINDOW (l->data));
    else
      gtk_window_destroy (GTK_WINDOW (l->data));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  GlossApplication *self = GLOSS_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *prefs = gloss_preferences_window_new (self);

  gtk_window_set_transient_for (GTK_WINDOW (prefs), parent);
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
identity_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  gloss_application_ask_identity (GLOSS_APPLICATION (user_data), NULL);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GlossApplication *self = GLOSS_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  gtk_show_about_dialog (parent,
                         "program-name", _("Gloss"),
                         "logo-icon-name", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Annotate news articles with entities and claims"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "copyright", _("© The Gloss authors"),
                         /* Translators: put your names here, one per line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
update_font_scale (GlossApplication *self)
{
  double scale = g_settings_get_double (self->settings, "font-scale");
  g_autofree char *css = NULL;
  char number[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (number, sizeof number, "%.0f", scale * 100.0);
  css = g_strdup_printf ("textview.gloss-article { font-size: %s%%; }", number);
  gtk_css_provider_load_from_data (self->font_provider, css, -1);
}

static void
gloss_application_startup (GApplication *app)
{
  GlossApplication *self = GLOSS_APPLICATION (app);
  static const GActionEntry entries[] = {
    { "quit", quit_activated },
    { "preferences", preferences_activated },
    { "identity", identity_activated },
    { "about", about_activated },
  };
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "win.open-folder", { "<Control>o", NULL } },
    { "win.open-file", { "<Control><Shift>o", NULL } },
    { "win.close", { "<Control>w", NULL } },
    { "win.undo", { "<Control>z", NULL } },
    { "win.redo", { "<Control><Shift>z", "<Control>y", NULL } },
    { "win.find", { "<Control>f", NULL } },
    { "win.export", { "<Control>e", NULL } },
    { "win.show-corpus-panel", { "F9", NULL } },
    { "win.show-side-panel", { "<Shift>F9", NULL } },
    { "win.next-article", { "<Alt>Down", NULL } },
    { "win.previous-article", { "<Alt>Up", NULL } },
  };

  G_APPLICATION_CLASS (gloss_application_parent_class)->startup (app);

  gtk_window_set_default_icon_name (APP_ID);

  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action, accels[i].accels);

  self->font_provider = gtk_css_provider_new ();
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (self->font_provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION + 1);
  g_signal_connect_object (self->settings, "changed::font-scale",
                           G_CALLBACK (update_font_scale), self, G_CONNECT_SWAPPED);
  update_font_scale (self);
}

static void
load_identity (GlossApplication *self)
{
  g_autofree char *id = NULL;
  g_autofree char *name = NULL;

  if (self->identity_overridden)
    return;

  id = g_settings_get_string (self->settings, "annotator-id");
  name = g_settings_get_string (self->settings, "annotator-name");
  if (!gloss_annotator_id_is_valid (id) || g_str_equal (id, GLOSS_ANNOTATOR_GOLD))
    return;

  g_free (self->annotator_id);
  self->annotator_id = g_steal_pointer (&id);
  g_free (self->annotator_name);
  self->annotator_name = name[0] != '\0' ? g_steal_pointer (&name) : g_strdup (self->annotator_id);
}

static gboolean
override_identity (GlossApplication *self,
                   const char       *id,
                   const char       *name,
                   const char       *what)
{
  if (!gloss_annotator_id_is_valid (id) || g_str_equal (id, GLOSS_ANNOTATOR_GOLD))
    {
      /* Translators: %s is the annotator id given, the second %s where it came from */
      g_printerr (_("“%s” (%s) is not a valid annotator id: use lower-case letters, "
                    "digits, “.”, “_” and “-”, at most 64 characters, not “gold”.\n"),
                  id, what);
      return FALSE;
    }

  g_free (self->annotator_id);
  self->annotator_id = g_strdup (id);
  g_free (self->annotator_name);
  if (name != NULL && name[0] != '\0')
    self->annotator_name = g_strdup (name);
  else
    {
      g_autofree char *stored_id = g_settings_get_string (self->settings, "annotator-id");
      g_autofree char *stored_name = g_settings_get_string (self->settings, "annotator-name");

      if (g_str_equal (stored_id, id) && stored_name[0] != '\0')
        self->annotator_name = g_steal_pointer (&stored_name);
      else
        self->annotator_name = g_strdup (id);
    }
  self->identity_overridden = TRUE;
  return TRUE;
}

static int
gloss_application_handle_local_options (GApplication *app,
                                        GVariantDict *options)
{
  GlossApplication *self = GLOSS_APPLICATION (app);
  const char *annotator = NULL;
  const char *env;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "annotator", "&s", &annotator))
    {
      if (!override_identity (self, annotator, g_getenv ("GLOSS_ANNOTATOR_NAME"), "--annotator"))
        return 2;
    }
  else if ((env = g_getenv ("GLOSS_ANNOTATOR")) != NULL && env[0] != '\0')
    {
      if (!override_identity (self, env, g_getenv ("GLOSS_ANNOTATOR_NAME"), "GLOSS_ANNOTATOR"))
        return 2;
    }

  return -1;
}

static void
gloss_application_dispose (GObject *object)
{
  GlossApplication *self = GLOSS_APPLICATION (object);

  if (self->font_provider != NULL && gdk_display_get_default () != NULL)
    gtk_style_context_remove_provider_for_display (gdk_display_get_default (),
                                                   GTK_STYLE_PROVIDER (self->font_provider));
  g_clear_object (&self->font_provider);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (gloss_application_parent_class)->dispose (object);
}

static void
gloss_application_finalize (GObject *object)
{
  GlossApplication *self = GLOSS_APPLICATION (object);

  g_free (self->annotator_id);
  g_free (self->annotator_name);

  G_OBJECT_CLASS (gloss_application_parent_class)->finalize (object);
}

static void
gloss_application_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GlossApplication *self = GLOSS_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_ANNOTATOR_ID:
      g_value_set_string (value, self->annotator_id);
      break;

    case PROP_ANNOTATOR_NAME:
      g_value_set_string (value, self->annotator_name);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_application_class_init (GlossApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = gloss_application_dispose;
  object_class->finalize = gloss_application_finalize;
  object_class->get_property = gloss_application_get_property;

  app_class->activate = gloss_application_activate;
  app_class->open = gloss_application_open;
  app_class->startup = gloss_application_startup;
  app_class->handle_local_options = gloss_application_handle_local_options;

  properties[PROP_ANNOTATOR_ID] =
    g_param_spec_string ("annotator-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ANNOTATOR_NAME] =
    g_param_spec_string ("annotator-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gloss_application_init (GlossApplication *self)
{
  static const GOptionEntry options[] = {
    { "annotator", 'a', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
      N_("Annotate as ID for this run, without changing the stored identity"), N_("ID") },
    { "version", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
      N_("Show the version and quit"), NULL },
    { NULL }
  };

  self->settings = gloss_settings_new ();
  load_identity (self);

  g_application_add_main_option_entries (G_APPLICATION (self), options);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[FILE | FOLDER]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Annotate news articles with entities and claims.\n\n"
                                              "Opens a corpus folder, or an article with its folder "
                                              "selected; without one, the last corpus."));
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

GSettings *
gloss_application_get_settings (GlossApplication *self)
{
  g_return_val_if_fail (GLOSS_IS_APPLICATION (self), NULL);

  return self->settings;
}

const char *
gloss_application_get_annotator_id (GlossApplication *self)
{
  g_return_val_if_fail (GLOSS_IS_APPLICATION (self), NULL);

  return self->annotator_id;
}

const char *
gloss_application_get_annotator_name (GlossApplication *self)
{
  g_return_val_if_fail (GLOSS_IS_APPLICATION (self), NULL);

  return self->annotator_name;
}

void
gloss_application_set_identity (GlossApplication *self,
                                const char       *annotator_id,
                                const char       *annotator_name)
{
  gboolean id_changed, name_changed;

  g_return_if_fail (GLOSS_IS_APPLICATION (self));
  g_return_if_fail (gloss_annotator_id_is_valid (annotator_id));

  if (annotator_name == NULL || annotator_name[0] == '\0')
    annotator_name = annotator_id;

  if (!self->identity_overridden)
    {
      g_settings_set_string (self->settings, "annotator-id", annotator_id);
      g_settings_set_string (self->settings, "annotator-name", annotator_name);
    }

  id_changed = g_strcmp0 (self->annotator_id, annotator_id) != 0;
  name_changed = g_strcmp0 (self->annotator_name, annotator_name) != 0;
  g_free (self->annotator_id);
  self->annotator_id = g_strdup (annotator_id);
  g_free (self->annotator_name);
  self->annotator_name = g_strdup (annotator_name);

  /* Name first: a window that reopens on the id change uses both. */
  if (name_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANNOTATOR_NAME]);
  if (id_changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANNOTATOR_ID]);
}

void
gloss_application_add_recent_corpus (GlossApplication *self,
                                     GFile            *folder)
{
  g_autofree char *path = NULL;
  g_auto(GStrv) recent = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  guint n = 1;

  g_return_if_fail (GLOSS_IS_APPLICATION (self));
  g_return_if_fail (G_IS_FILE (folder));

  path = g_file_get_path (folder);
  if (path == NULL)
    return;

  g_settings_set_string (self->settings, "last-corpus", path);

  recent = g_settings_get_strv (self->settings, "recent-corpora");
  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, path);
  for (guint i = 0; recent[i] != NULL && n < GLOSS_MAX_RECENT_CORPORA; i++)
    if (!g_str_equal (recent[i], path))
      {
        g_strv_builder_add (builder, recent[i]);
        n++;
      }
  g_strfreev (recent);
  recent = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-corpora", (const char * const *) recent);
}

void
gloss_application_ask_identity (GlossApplication *self,
                                GtkWindow        *parent)
{
  GtkWidget *dialog;

  g_return_if_fail (GLOSS_IS_APPLICATION (self));

  if (parent == NULL)
    parent = gtk_application_get_active_window (GTK_APPLICATION (self));

  dialog = gloss_identity_dialog_new (self);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), parent);
  gtk_window_present (GTK_WINDOW (dialog));
}
