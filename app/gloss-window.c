/* gloss-window.c: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss"

#include "config.h"

#include <glib/gi18n.h>

#include "gloss-annotation-set.h"
#include "gloss-document.h"
#include "gloss-sidecar.h"
#include "gloss-tagset.h"
#include "gloss-window.h"

struct _GlossWindow
{
  GtkApplicationWindow parent_instance;

  GFile               *corpus;
  GlossTagset         *tagset;
  GCancellable        *cancellable;

  /* Template children */
  GtkLabel            *title_label;
  GtkLabel            *subtitle_label;
  GtkRevealer         *error_revealer;
  GtkLabel            *error_label;
  GtkListBox          *article_list;
  GtkTextView         *text_view;
};

G_DEFINE_FINAL_TYPE (GlossWindow, gloss_window, GTK_TYPE_APPLICATION_WINDOW)

static void
show_error (GlossWindow *self,
            const char  *message)
{
  gtk_label_set_text (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

/* Annotators with a sidecar for @article_name in @names (sorted). */
static GStrv
annotators_for (GPtrArray  *names,
                const char *article_name)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *text_name = NULL;
      g_autofree char *annotator = NULL;

      if (gloss_sidecar_parse_name (g_ptr_array_index (names, i), &text_name, &annotator)
          && g_str_equal (text_name, article_name))
        g_strv_builder_add (builder, annotator);
    }
  return g_strv_builder_end (builder);
}

static GtkWidget *
article_row_new (const char         *name,
                 const char * const *annotators)
{
  g_autofree char *who = NULL;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (name);
  GtkWidget *subtitle;

  if (annotators[0] != NULL)
    who = g_strjoinv (", ", (char **) annotators);
  else
    who = g_strdup (_("not annotated yet"));
  subtitle = gtk_label_new (who);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_MIDDLE);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_widget_add_css_class (subtitle, "gloss-progress");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  g_object_set_data_full (G_OBJECT (row), "article-name", g_strdup (name), g_free);
  g_object_set_data_full (G_OBJECT (row), "annotators",
                          g_strdupv ((char **) annotators), (GDestroyNotify) g_strfreev);
  return row;
}

static void
paint_annotations (GlossWindow        *self,
                   GlossAnnotationSet *set)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
  GListModel *entities = gloss_annotation_set_get_entities (set);
  GListModel *claims = gloss_annotation_set_get_claims (set);
  guint n = g_list_model_get_n_items (entities);

  /* One shared tag per type: the article view of a later version paints
   * from the core's interval index instead. */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GlossAnnotation) entity = g_list_model_get_item (entities, i);
      const GlossEntityType *type;
      GtkTextTag *tag;
      GtkTextIter start, end;

      type = gloss_tagset_lookup_entity_type (self->tagset, gloss_annotation_get_type_id (entity));
      if (type == NULL)
        continue;
      tag = gtk_text_tag_table_lookup (table, type->id);
      if (tag == NULL)
        {
          GdkRGBA rgba;

          gdk_rgba_parse (&rgba, type->colour);
          rgba.alpha = 0.45;
          tag = gtk_text_buffer_create_tag (buffer, type->id, "background-rgba", &rgba, NULL);
        }
      gtk_text_buffer_get_iter_at_offset (buffer, &start, gloss_annotation_get_start (entity));
      gtk_text_buffer_get_iter_at_offset (buffer, &end, gloss_annotation_get_end (entity));
      gtk_text_buffer_apply_tag (buffer, tag, &start, &end);
    }

  n = g_list_model_get_n_items (claims);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GlossAnnotation) claim = g_list_model_get_item (claims, i);
      GtkTextTag *tag = gtk_text_tag_table_lookup (table, "gloss-claim");
      GtkTextIter start, end;

      if (tag == NULL)
        tag = gtk_text_buffer_create_tag (buffer, "gloss-claim",
                                          "underline", PANGO_UNDERLINE_SINGLE,
                                          NULL);
      gtk_text_buffer_get_iter_at_offset (buffer, &start, gloss_annotation_get_start (claim));
      gtk_text_buffer_get_iter_at_offset (buffer, &end, gloss_annotation_get_end (claim));
      gtk_text_buffer_apply_tag (buffer, tag, &start, &end);
    }
}

static void
show_article (GlossWindow        *self,
              const char         *name,
              const char * const *annotators)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_get_child (self->corpus, name);
  g_autoptr(GlossDocument) document = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  gsize n_bytes;
  const char *text;

  show_error (self, NULL);
  gtk_text_buffer_set_text (buffer, "", 0);

  document = gloss_document_load (file, NULL, &error);
  if (document == NULL)
    {
      show_error (self, error->message);
      return;
    }

  text = gloss_document_get_text (document, &n_bytes);
  gtk_text_buffer_set_text (buffer, text, (int) n_bytes);
  gtk_label_set_text (self->title_label, name);

  if (annotators != NULL && annotators[0] != NULL)
    {
      g_autofree char *sidecar_name = gloss_sidecar_build_name (name, annotators[0]);
      g_autoptr(GFile) sidecar = g_file_get_child (self->corpus, sidecar_name);
      g_autoptr(GlossAnnotationSet) set = NULL;
      g_autoptr(GlossSidecarReport) report = NULL;

      set = gloss_sidecar_load (sidecar, document, self->tagset, &report, NULL, &error);
      if (set == NULL)
        show_error (self, error->message);
      else
        paint_annotations (self, set);
    }
}

static void
article_row_selected_cb (GlossWindow   *self,
                         GtkListBoxRow *row)
{
  if (row == NULL)
    return;
  show_article (self,
                g_object_get_data (G_OBJECT (row), "article-name"),
                g_object_get_data (G_OBJECT (row), "annotators"));
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_utf8_collate (*(const char * const *) a, *(const char * const *) b);
}

void
gloss_window_open (GlossWindow *self,
                   GFile       *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GFile) corpus = NULL;
  g_autofree char *selected = NULL;
  g_autofree char *display = NULL;
  GtkWidget *child;

  g_return_if_fail (GLOSS_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  if (g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
    corpus = g_object_ref (file);
  else
    {
      corpus = g_file_get_parent (file);
      selected = g_file_get_basename (file);
    }

  g_set_object (&self->corpus, corpus);
  display = g_file_get_parse_name (corpus);
  gtk_label_set_text (self->subtitle_label, display);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->article_list))) != NULL)
    gtk_list_box_remove (self->article_list, child);

  g_clear_object (&self->tagset);
  self->tagset = gloss_tagset_load_for_folder (corpus, NULL, &error);
  if (self->tagset == NULL)
    {
      show_error (self, error->message);
      self->tagset = g_object_ref (gloss_tagset_get_default ());
      g_clear_error (&error);
    }

  enumerator = g_file_enumerate_children (corpus, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                          G_FILE_QUERY_INFO_NONE, NULL, &error);
  if (enumerator == NULL)
    {
      show_error (self, error->message);
      return;
    }
  for (;;)
    {
      GFileInfo *info;

      if (!g_file_enumerator_iterate (enumerator, &info, NULL, NULL, &error))
        {
          show_error (self, error->message);
          return;
        }
      if (info == NULL)
        break;
      g_ptr_array_add (names, g_strdup (g_file_info_get_name (info)));
    }
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_auto(GStrv) annotators = NULL;
      GtkWidget *row;

      if (!g_str_has_suffix (name, ".txt"))
        continue;
      annotators = annotators_for (names, name);
      row = article_row_new (name, (const char * const *) annotators);
      gtk_list_box_append (self->article_list, row);
      if (selected == NULL)
        selected = g_strdup (name);
      if (g_str_equal (selected, name))
        gtk_list_box_select_row (self->article_list, GTK_LIST_BOX_ROW (row));
    }
}

static void
gloss_window_dispose (GObject *object)
{
  GlossWindow *self = GLOSS_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->corpus);
  g_clear_object (&self->tagset);

  gtk_widget_dispose_template (GTK_WIDGET (self), GLOSS_TYPE_WINDOW);

  G_OBJECT_CLASS (gloss_window_parent_class)->dispose (object);
}

static void
gloss_window_class_init (GlossWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gloss_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/gloss-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, article_list);
  gtk_widget_class_bind_template_child (widget_class, GlossWindow, text_view);
  gtk_widget_class_bind_template_callback (widget_class, article_row_selected_cb);
}

static void
gloss_window_init (GlossWindow *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GlossWindow *
gloss_window_new (GlossApplication *application)
{
  return g_object_new (GLOSS_TYPE_WINDOW, "application", application, NULL);
}
