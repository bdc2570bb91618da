/* gloss-identity-dialog.c: asks who is annotating
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "gloss-accessible.h"
#include "gloss-annotation-set.h"
#include "gloss-identity-dialog.h"

struct _GlossIdentityDialog
{
  GtkWindow         parent_instance;

  GlossApplication *application;

  /* Template */
  GtkEntry         *id_entry;
  GtkEntry         *name_entry;
  GtkLabel         *problem_label;
  GtkButton        *continue_button;
};

G_DEFINE_FINAL_TYPE (GlossIdentityDialog, gloss_identity_dialog, GTK_TYPE_WINDOW)

/* Keeps what an id allows of @text, lower-cased and transliterated. */
static char *
id_from (const char *text)
{
  g_autofree char *ascii = NULL;
  GString *id;

  if (text == NULL || text[0] == '\0')
    return NULL;

  ascii = g_str_to_ascii (text, NULL);
  id = g_string_new (NULL);
  for (const char *p = ascii; *p != '\0' && id->len < 64; p++)
    {
      char c = g_ascii_tolower (*p);

      if (g_ascii_islower (c) || g_ascii_isdigit (c))
        g_string_append_c (id, c);
      else if ((c == '.' || c == '_' || c == '-') && id->len > 0)
        g_string_append_c (id, c);
    }
  if (id->len == 0 || !gloss_annotator_id_is_valid (id->str)
      || g_str_equal (id->str, GLOSS_ANNOTATOR_GOLD))
    {
      g_string_free (id, TRUE);
      return NULL;
    }
  return g_string_free (id, FALSE);
}

char *
gloss_identity_suggest_id (const char *real_name,
                           const char *user_name)
{
  char *id = NULL;

  /* The first word of the real name ("Alice Moreau" -> "alice"), as
   * teams tend to name each other; else the login. */
  if (real_name != NULL && real_name[0] != '\0' && g_strcmp0 (real_name, "Unknown") != 0)
    {
      g_auto(GStrv) words = g_strsplit_set (real_name, " \t", -1);

      for (guint i = 0; words[i] != NULL && id == NULL; i++)
        id = id_from (words[i]);
    }
  if (id == NULL)
    id = id_from (user_name);
  return id;
}

static const char *
check (GlossIdentityDialog *self)
{
  const char *id = gtk_editable_get_text (GTK_EDITABLE (self->id_entry));

  if (id[0] == '\0')
    return _("Choose an id: it names your annotation files.");
  if (g_str_equal (id, GLOSS_ANNOTATOR_GOLD))
    return _("“gold” is kept for the adjudicated version: choose another id.");
  if (!gloss_annotator_id_is_valid (id))
    return _("Use lower-case letters, digits, “.”, “_” and “-”; start with a letter or a digit.");
  return NULL;
}

static void
changed_cb (GlossIdentityDialog *self)
{
  const char *problem = check (self);

  gtk_label_set_text (self->problem_label, problem != NULL ? problem : "");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), problem != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->continue_button), problem == NULL);
  if (problem != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->id_entry), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->id_entry), "error");
}

static void
continue_cb (GlossIdentityDialog *self)
{
  const char *id = gtk_editable_get_text (GTK_EDITABLE (self->id_entry));
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (name));

  if (check (self) != NULL)
    return;
  gloss_application_set_identity (self->application, id, stripped);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
cancel_cb (GlossIdentityDialog *self)
{
  gtk_window_destroy (GTK_WINDOW (self));
}

gboolean
gloss_identity_dialog_accept (GlossIdentityDialog *self,
                              const char          *annotator_id,
                              const char          *annotator_name)
{
  g_return_val_if_fail (GLOSS_IS_IDENTITY_DIALOG (self), FALSE);

  gtk_editable_set_text (GTK_EDITABLE (self->id_entry), annotator_id);
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), annotator_name);
  if (check (self) != NULL)
    return FALSE;
  continue_cb (self);
  return TRUE;
}

static void
gloss_identity_dialog_dispose (GObject *object)
{
  GlossIdentityDialog *self = GLOSS_IDENTITY_DIALOG (object);

  g_clear_object (&self->application);
  gtk_widget_dispose_template (GTK_WIDGET (self), GLOSS_TYPE_IDENTITY_DIALOG);

  G_OBJECT_CLASS (gloss_identity_dialog_parent_class)->dispose (object);
}

static void
gloss_identity_dialog_class_init (GlossIdentityDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gloss_identity_dialog_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/gloss-identity-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GlossIdentityDialog, id_entry);
  gtk_widget_class_bind_template_child (widget_class, GlossIdentityDialog, name_entry);
  gtk_widget_class_bind_template_child (widget_class, GlossIdentityDialog, problem_label);
  gtk_widget_class_bind_template_child (widget_class, GlossIdentityDialog, continue_button);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, continue_cb);
  gtk_widget_class_bind_template_callback (widget_class, cancel_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gloss_identity_dialog_init (GlossIdentityDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gloss_accessible_follow_window (GTK_WINDOW (self));
}

GtkWidget *
gloss_identity_dialog_new (GlossApplication *application)
{
  GlossIdentityDialog *self;
  const char *id, *name;
  g_autofree char *suggested = NULL;

  g_return_val_if_fail (GLOSS_IS_APPLICATION (application), NULL);

  self = g_object_new (GLOSS_TYPE_IDENTITY_DIALOG, NULL);
  self->application = g_object_ref (application);

  id = gloss_application_get_annotator_id (application);
  name = gloss_application_get_annotator_name (application);
  if (id == NULL)
    {
      const char *real_name = g_get_real_name ();

      suggested = gloss_identity_suggest_id (real_name, g_get_user_name ());
      id = suggested != NULL ? suggested : "";
      name = g_strcmp0 (real_name, "Unknown") != 0 ? real_name : "";
    }
  gtk_editable_set_text (GTK_EDITABLE (self->id_entry), id);
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), name != NULL ? name : "");
  changed_cb (self);

  return GTK_WIDGET (self);
}
