/* gloss-corpus-row.c: one article of the corpus sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss"

#include "config.h"

#include <glib/gi18n.h>

#include "gloss-corpus-row.h"

struct _GlossCorpusRow
{
  GtkWidget        parent_instance;

  GlossCorpusItem *item;
  gulong           changed_id;
  char            *annotator_id;

  GtkWidget       *box;
  GtkWidget       *title;
  GtkWidget       *problem;
  GtkWidget       *annotators;
};

G_DEFINE_FINAL_TYPE (GlossCorpusRow, gloss_corpus_row, GTK_TYPE_WIDGET)

static GtkWidget *
progress_line (const GlossAnnotatorProgress *progress,
               gboolean                      is_current)
{
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *who = gtk_label_new (progress->annotator_id);
  GtkWidget *bar = gtk_progress_bar_new ();
  GtkWidget *counts;
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;
  double fraction = gloss_annotator_progress_get_fraction (progress);

  if (progress->error != NULL)
    {
      text = g_strdup (_("cannot read"));
      tooltip = g_strdup (progress->error);
    }
  else if (!progress->counted)
    {
      text = g_strdup ("…");
    }
  else
    {
      /* Translators: entity and claim counts in the corpus sidebar, e.g. "23 · 7" */
      text = g_strdup_printf (_("%u · %u"), progress->n_entities, progress->n_claims);
      /* Translators: a tooltip on an annotator's progress in the corpus sidebar */
      tooltip = g_strdup_printf (_("%s: %u entities, %u claims, %u of %u paragraphs annotated"),
                                 progress->annotator_id, progress->n_entities, progress->n_claims,
                                 progress->n_paragraphs_annotated, progress->n_paragraphs);
    }
  counts = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (who), 0);
  gtk_label_set_width_chars (GTK_LABEL (who), 6);
  gtk_label_set_max_width_chars (GTK_LABEL (who), 10);
  gtk_label_set_ellipsize (GTK_LABEL (who), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (who, "gloss-annotator");
  if (is_current)
    gtk_widget_add_css_class (who, "gloss-current-annotator");

  gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (bar), fraction);
  gtk_widget_set_hexpand (bar, TRUE);
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (bar, "gloss-progress-bar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (bar),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, progress->annotator_id,
                                  -1);

  gtk_label_set_xalign (GTK_LABEL (counts), 1);
  gtk_label_set_width_chars (GTK_LABEL (counts), 7);
  gtk_widget_add_css_class (counts, "gloss-progress");
  if (progress->error != NULL)
    gtk_widget_add_css_class (counts, "error");
  if (tooltip != NULL)
    gtk_widget_set_tooltip_text (line, tooltip);

  gtk_box_append (GTK_BOX (line), who);
  gtk_box_append (GTK_BOX (line), bar);
  gtk_box_append (GTK_BOX (line), counts);
  return line;
}

static void
rebuild (GlossCorpusRow *self)
{
  GtkWidget *child;
  const GlossAnnotatorProgress *current = NULL;
  const char *error;
  guint n;

  while ((child = gtk_widget_get_first_child (self->annotators)) != NULL)
    gtk_box_remove (GTK_BOX (self->annotators), child);

  if (self->item == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->title), "");
      return;
    }

  gtk_label_set_text (GTK_LABEL (self->title), gloss_corpus_item_get_name (self->item));
  error = gloss_corpus_item_get_error (self->item);
  gtk_widget_set_visible (self->problem, error != NULL);
  gtk_widget_set_tooltip_text (self->problem, error);

  n = gloss_corpus_item_get_n_annotators (self->item);
  if (self->annotator_id != NULL)
    current = gloss_corpus_item_lookup_annotator (self->item, self->annotator_id);
  if (current != NULL)
    gtk_box_append (GTK_BOX (self->annotators), progress_line (current, TRUE));
  for (guint i = 0; i < n; i++)
    {
      const GlossAnnotatorProgress *progress = gloss_corpus_item_get_annotator (self->item, i);

      if (progress != current)
        gtk_box_append (GTK_BOX (self->annotators), progress_line (progress, FALSE));
    }
  if (n == 0 && error == NULL)
    {
      GtkWidget *none = gtk_label_new (_("Not annotated yet"));

      gtk_label_set_xalign (GTK_LABEL (none), 0);
      gtk_widget_add_css_class (none, "gloss-progress");
      gtk_box_append (GTK_BOX (self->annotators), none);
    }
}

void
gloss_corpus_row_set_item (GlossCorpusRow  *self,
                           GlossCorpusItem *item)
{
  g_return_if_fail (GLOSS_IS_CORPUS_ROW (self));

  if (self->item != NULL)
    {
      g_clear_signal_handler (&self->changed_id, self->item);
      g_clear_object (&self->item);
    }
  if (item != NULL)
    {
      self->item = g_object_ref (item);
      self->changed_id = g_signal_connect_object (item, "changed", G_CALLBACK (rebuild),
                                                  self, G_CONNECT_SWAPPED);
    }
  rebuild (self);
}

void
gloss_corpus_row_set_annotator (GlossCorpusRow *self,
                                const char     *annotator_id)
{
  g_return_if_fail (GLOSS_IS_CORPUS_ROW (self));

  if (g_strcmp0 (self->annotator_id, annotator_id) == 0)
    return;
  g_free (self->annotator_id);
  self->annotator_id = g_strdup (annotator_id);
  rebuild (self);
}

static void
gloss_corpus_row_dispose (GObject *object)
{
  GlossCorpusRow *self = GLOSS_CORPUS_ROW (object);

  gloss_corpus_row_set_item (self, NULL);
  g_clear_pointer (&self->box, gtk_widget_unparent);

  G_OBJECT_CLASS (gloss_corpus_row_parent_class)->dispose (object);
}

static void
gloss_corpus_row_finalize (GObject *object)
{
  GlossCorpusRow *self = GLOSS_CORPUS_ROW (object);

  g_free (self->annotator_id);

  G_OBJECT_CLASS (gloss_corpus_row_parent_class)->finalize (object);
}

static void
gloss_corpus_row_class_init (GlossCorpusRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gloss_corpus_row_dispose;
  object_class->finalize = gloss_corpus_row_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "glosscorpusrow");
}

static void
gloss_corpus_row_init (GlossCorpusRow *self)
{
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));

  self->title = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->title), PANGO_ELLIPSIZE_MIDDLE);
  gtk_widget_set_hexpand (self->title, TRUE);
  gtk_widget_add_css_class (self->title, "gloss-article-name");

  self->problem = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_widget_set_visible (self->problem, FALSE);
  gtk_widget_add_css_class (self->problem, "warning");

  gtk_box_append (GTK_BOX (header), self->title);
  gtk_box_append (GTK_BOX (header), self->problem);
  gtk_box_append (GTK_BOX (self->box), header);

  self->annotators = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  gtk_box_append (GTK_BOX (self->box), self->annotators);
}

GtkWidget *
gloss_corpus_row_new (void)
{
  return g_object_new (GLOSS_TYPE_CORPUS_ROW, NULL);
}
