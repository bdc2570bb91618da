/* gloss-accessible.c: accessible names as a person reads them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-accessible"

#include "config.h"

#include "gloss-accessible.h"

#define WATCHED_KEY "gloss-accessible-watched"

char *
gloss_accessible_strip_mnemonic (const char *text)
{
  GString *out;

  if (text == NULL)
    return NULL;

  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0'; p++)
    {
      /* "__" is a literal underscore; a single one marks the mnemonic. */
      if (*p == '_')
        {
          if (p[1] == '_')
            {
              g_string_append_c (out, '_');
              p++;
            }
          continue;
        }
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* A button's name is its own label property followed by the names of its
 * children; the child label already says the text, so the button's own
 * property (set by GTK to the raw text) goes. */
static void
name_from_content (GtkWidget *button)
{
  gtk_accessible_reset_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL);
}

static void
set_name (GtkWidget  *widget,
          const char *raw)
{
  g_autofree char *name = gloss_accessible_strip_mnemonic (raw);

  if (name != NULL && name[0] != '\0')
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                    -1);
}

/* The button that a label is the face of, if any: labels nest at most a
 * box or two inside their button. */
static GtkWidget *
owning_button (GtkWidget *label)
{
  GtkWidget *w = gtk_widget_get_parent (label);

  for (int depth = 0; w != NULL && depth < 3; depth++, w = gtk_widget_get_parent (w))
    {
      if (GTK_IS_BUTTON (w))
        return gtk_button_get_label (GTK_BUTTON (w)) == NULL ? w : NULL;
      if (GTK_IS_CHECK_BUTTON (w))
        return gtk_check_button_get_label (GTK_CHECK_BUTTON (w)) == NULL ? w : NULL;
    }
  return NULL;
}

static void name_one (GtkWidget *widget);

static void
label_changed_cb (GtkWidget  *widget,
                  GParamSpec *pspec,
                  gpointer    user_data)
{
  name_one (widget);
}

static void
watch (GtkWidget *widget)
{
  if (g_object_get_data (G_OBJECT (widget), WATCHED_KEY) != NULL)
    return;
  g_object_set_data (G_OBJECT (widget), WATCHED_KEY, GINT_TO_POINTER (1));
  g_signal_connect (widget, "notify::label", G_CALLBACK (label_changed_cb), NULL);
  g_signal_connect (widget, "notify::use-underline", G_CALLBACK (label_changed_cb), NULL);
}

static void
name_one (GtkWidget *widget)
{
  if (GTK_IS_BUTTON (widget))
    {
      GtkButton *button = GTK_BUTTON (widget);

      watch (widget);
      if (gtk_button_get_use_underline (button) && gtk_button_get_label (button) != NULL)
        name_from_content (widget);
    }
  else if (GTK_IS_CHECK_BUTTON (widget))
    {
      GtkCheckButton *check = GTK_CHECK_BUTTON (widget);

      watch (widget);
      if (gtk_check_button_get_use_underline (check) && gtk_check_button_get_label (check) != NULL)
        name_from_content (widget);
    }
  else if (GTK_IS_LABEL (widget))
    {
      GtkLabel *label = GTK_LABEL (widget);

      watch (widget);
      if (gtk_label_get_use_underline (label))
        {
          GtkWidget *button = owning_button (widget);

          set_name (widget, gtk_label_get_label (label));
          if (button != NULL)
            name_from_content (button);
        }
    }
}

void
gloss_accessible_name_mnemonics (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  name_one (root);
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    gloss_accessible_name_mnemonics (child);
}

static void
window_mapped_cb (GtkWidget *window,
                  gpointer   user_data)
{
  /* Pages and popovers built after the window was created are named when
   * it shows again. */
  gloss_accessible_name_mnemonics (window);
}

void
gloss_accessible_follow_window (GtkWindow *window)
{
  g_return_if_fail (GTK_IS_WINDOW (window));

  gloss_accessible_name_mnemonics (GTK_WIDGET (window));
  g_signal_connect (window, "map", G_CALLBACK (window_mapped_cb), NULL);
}
