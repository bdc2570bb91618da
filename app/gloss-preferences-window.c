/* gloss-preferences-window.c: annotator, text size and panels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss"

#include "config.h"

#include <glib/gi18n.h>

#include "gloss-accessible.h"
#include "gloss-preferences-window.h"

struct _GlossPreferencesWindow
{
  GtkWindow         parent_instance;

  GlossApplication *application;

  /* Template */
  GtkLabel         *annotator_label;
  GtkSpinButton    *font_spin;
  GtkSwitch        *corpus_switch;
  GtkSwitch        *side_switch;
};

G_DEFINE_FINAL_TYPE (GlossPreferencesWindow, gloss_preferences_window, GTK_TYPE_WINDOW)

static void
update_annotator (GlossPreferencesWindow *self)
{
  const char *id = gloss_application_get_annotator_id (self->application);
  const char *name = gloss_application_get_annotator_name (self->application);
  g_autofree char *text = NULL;

  if (id == NULL)
    text = g_strdup (_("Not set yet"));
  else if (g_strcmp0 (name, id) == 0)
    text = g_strdup (id);
  else
    /* Translators: the annotator's display name and, in brackets, the id */
    text = g_strdup_printf (_("%s (%s)"), name, id);
  gtk_label_set_text (self->annotator_label, text);
}

static void
change_annotator_cb (GlossPreferencesWindow *self)
{
  gloss_application_ask_identity (self->application, GTK_WINDOW (self));
}

/* The setting is a factor; the spin button shows per cent. */
static gboolean
scale_to_percent (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_double (variant) * 100.0);
  return TRUE;
}

static GVariant *
percent_to_scale (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  return g_variant_new_double (CLAMP (g_value_get_double (value) / 100.0, 0.5, 3.0));
}

static void
gloss_preferences_window_dispose (GObject *object)
{
  GlossPreferencesWindow *self = GLOSS_PREFERENCES_WINDOW (object);

  g_clear_object (&self->application);
  gtk_widget_dispose_template (GTK_WIDGET (self), GLOSS_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (gloss_preferences_window_parent_class)->dispose (object);
}

static void
gloss_preferences_window_class_init (GlossPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gloss_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/gloss-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GlossPreferencesWindow, annotator_label);
  gtk_widget_class_bind_template_child (widget_class, GlossPreferencesWindow, font_spin);
  gtk_widget_class_bind_template_child (widget_class, GlossPreferencesWindow, corpus_switch);
  gtk_widget_class_bind_template_child (widget_class, GlossPreferencesWindow, side_switch);
  gtk_widget_class_bind_template_callback (widget_class, change_annotator_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gloss_preferences_window_init (GlossPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gloss_accessible_follow_window (GTK_WINDOW (self));
}

GtkWidget *
gloss_preferences_window_new (GlossApplication *application)
{
  GlossPreferencesWindow *self;
  GSettings *settings;

  g_return_val_if_fail (GLOSS_IS_APPLICATION (application), NULL);

  self = g_object_new (GLOSS_TYPE_PREFERENCES_WINDOW, NULL);
  self->application = g_object_ref (application);
  settings = gloss_application_get_settings (application);

  g_settings_bind_with_mapping (settings, "font-scale", self->font_spin, "value",
                                G_SETTINGS_BIND_DEFAULT, scale_to_percent, percent_to_scale,
                                NULL, NULL);
  g_settings_bind (settings, "show-corpus-panel", self->corpus_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "show-side-panel", self->side_switch, "active", G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_object (application, "notify::annotator-id",
                           G_CALLBACK (update_annotator), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (application, "notify::annotator-name",
                           G_CALLBACK (update_annotator), self, G_CONNECT_SWAPPED);
  update_annotator (self);

  return GTK_WIDGET (self);
}
