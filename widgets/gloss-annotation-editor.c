/* gloss-annotation-editor.c: edits the selected annotation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-annotation-editor"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "gloss-annotation-editor.h"
#include "gloss-annotation-list-view.h"
#include "gloss-type-palette.h"

#define QUOTE_CHARS  280
#define CHOICE_CHARS 60

typedef struct
{
  const GlossAttributeDef *def;
  GtkWidget               *caption;
  GtkWidget               *control;  /* GtkDropDown, or GtkEntry for free text */
  gboolean                 dirty;
} AttributeRow;

struct _GlossAnnotationEditor
{
  GtkWidget           parent_instance;

  GlossAnnotationSet *set;
  GSignalGroup       *set_signals;
  GlossAnnotation    *annotation;
  char               *error;

  GArray             *attribute_rows;  /* AttributeRow */
  GlossTagset        *rows_tagset;
  int                 rows_kind;
  GtkSizeGroup       *captions;

  GtkFilterListModel *source_model;
  GtkCustomFilter    *source_filter;
  char               *source_search_fold;

  gboolean            updating;
  gboolean            note_dirty;
  gboolean            link_dirty;
  guint               note_timeout;

  /* Template */
  GtkStack           *stack;
  GtkWidget          *swatch;
  GtkBox             *heading_box;
  GtkLabel           *kind_label;
  GtkLabel           *id_label;
  GtkLabel           *quote_label;
  GtkLabel           *anchor_label;
  GtkGrid            *grid;
  GtkWidget          *type_caption;
  GtkDropDown        *type_dropdown;
  GtkWidget          *source_caption;
  GtkWidget          *source_box;
  GtkMenuButton      *source_button;
  GtkLabel           *source_value;
  GtkPopover         *source_popover;
  GtkSearchEntry     *source_search;
  GtkListView        *source_list;
  GtkWidget          *cue_caption;
  GtkWidget          *cue_box;
  GtkLabel           *cue_value;
  GtkWidget          *clear_cue_button;
  GtkWidget          *parent_caption;
  GtkLabel           *parent_value;
  GtkGrid            *attribute_grid;
  GtkWidget          *link_caption;
  GtkEntry           *link_entry;
  GtkWidget          *note_caption;
  GtkTextView        *note_view;
  GtkRevealer        *error_revealer;
  GtkLabel           *error_label;
  GtkButton          *delete_button;
};

G_DEFINE_FINAL_TYPE (GlossAnnotationEditor, gloss_annotation_editor, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_ANNOTATION_SET,
  PROP_ANNOTATION,
  N_PROPS
};

enum
{
  PICK_SOURCE_REQUESTED,
  PICK_CUE_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void refresh (GlossAnnotationEditor *self);

/* Errors */

static void
show_error (GlossAnnotationEditor *self,
            const GError          *error)
{
  g_free (self->error);
  self->error = error != NULL ? g_strdup (error->message) : NULL;
  gtk_label_set_text (self->error_label, self->error != NULL ? self->error : "");
  gtk_revealer_set_reveal_child (self->error_revealer, self->error != NULL);
}

/* Run after a mutation: shows its error, or clears the last one. */
static void
after_mutation (GlossAnnotationEditor *self,
                gboolean               ok,
                GError                *error)
{
  show_error (self, ok ? NULL : error);
  if (!ok)
    refresh (self);
}

static gboolean
annotation_is_live (GlossAnnotationEditor *self)
{
  return self->set != NULL && self->annotation != NULL &&
         gloss_annotation_set_lookup (self->set, gloss_annotation_get_id (self->annotation)) == self->annotation;
}

/* Typed edits */

static char *
note_text (GlossAnnotationEditor *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->note_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static gboolean
pending (GlossAnnotationEditor *self)
{
  if (self->note_dirty || self->link_dirty)
    return TRUE;
  for (guint i = 0; i < self->attribute_rows->len; i++)
    if (g_array_index (self->attribute_rows, AttributeRow, i).dirty)
      return TRUE;
  return FALSE;
}

void
gloss_annotation_editor_commit (GlossAnnotationEditor *self)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  g_return_if_fail (GLOSS_IS_ANNOTATION_EDITOR (self));

  g_clear_handle_id (&self->note_timeout, g_source_remove);

  if (!pending (self))
    return;

  if (!annotation_is_live (self))
    {
      self->note_dirty = self->link_dirty = FALSE;
      for (guint i = 0; i < self->attribute_rows->len; i++)
        g_array_index (self->attribute_rows, AttributeRow, i).dirty = FALSE;
      return;
    }

  /* Whatever was typed since the last commit is one step. */
  gloss_annotation_set_begin_group (self->set, _("Edit annotation"));

  if (self->note_dirty)
    {
      g_autofree char *note = note_text (self);

      self->note_dirty = FALSE;
      if (g_strcmp0 (note, gloss_annotation_get_note (self->annotation) ?: "") != 0)
        gloss_annotation_set_set_note (self->set, self->annotation, *note != '\0' ? note : NULL);
    }

  if (self->link_dirty)
    {
      g_autofree char *link = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->link_entry))));

      self->link_dirty = FALSE;
      if (g_strcmp0 (link, gloss_annotation_get_link (self->annotation) ?: "") != 0)
        gloss_annotation_set_set_link (self->set, self->annotation, *link != '\0' ? link : NULL);
    }

  for (guint i = 0; i < self->attribute_rows->len && ok; i++)
    {
      AttributeRow *row = &g_array_index (self->attribute_rows, AttributeRow, i);
      g_autofree char *value = NULL;

      if (!row->dirty)
        continue;
      row->dirty = FALSE;
      value = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row->control))));
      if (g_strcmp0 (value, gloss_annotation_get_attribute (self->annotation, row->def->id) ?: "") == 0)
        continue;
      ok = gloss_annotation_set_set_attribute (self->set, self->annotation, row->def->id,
                                               *value != '\0' ? value : NULL, &error);
    }

  gloss_annotation_set_end_group (self->set);
  after_mutation (self, ok, error);
}

static gboolean
note_timeout_cb (gpointer user_data)
{
  GlossAnnotationEditor *self = user_data;

  self->note_timeout = 0;
  gloss_annotation_editor_commit (self);

  return G_SOURCE_REMOVE;
}

static void
note_changed_cb (GlossAnnotationEditor *self)
{
  if (self->updating)
    return;

  self->note_dirty = TRUE;
  g_clear_handle_id (&self->note_timeout, g_source_remove);
  self->note_timeout = g_timeout_add (GLOSS_ANNOTATION_EDITOR_NOTE_PAUSE_MS, note_timeout_cb, self);
}

static void
link_changed_cb (GlossAnnotationEditor *self)
{
  if (!self->updating)
    self->link_dirty = TRUE;
}

static void
commit_cb (GlossAnnotationEditor *self)
{
  gloss_annotation_editor_commit (self);
}

static void
attribute_entry_changed_cb (GtkEditable           *entry,
                            GlossAnnotationEditor *self)
{
  if (self->updating)
    return;

  for (guint i = 0; i < self->attribute_rows->len; i++)
    {
      AttributeRow *row = &g_array_index (self->attribute_rows, AttributeRow, i);

      if (row->control == GTK_WIDGET (entry))
        row->dirty = TRUE;
    }
}

/* Dropdowns */

static void
type_selected_cb (GlossAnnotationEditor *self)
{
  g_autoptr(GError) error = NULL;
  guint index = gtk_drop_down_get_selected (self->type_dropdown);
  const GlossEntityType *type;
  gboolean ok;

  if (self->updating || !annotation_is_live (self) || index == GTK_INVALID_LIST_POSITION)
    return;

  type = gloss_tagset_get_entity_type (gloss_annotation_set_get_tagset (self->set), index);
  if (type == NULL || g_strcmp0 (type->id, gloss_annotation_get_type_id (self->annotation)) == 0)
    return;

  gloss_annotation_editor_commit (self);
  ok = gloss_annotation_set_set_type (self->set, self->annotation, type->id, &error);
  after_mutation (self, ok, error);
}

static void
attribute_selected_cb (GtkDropDown           *dropdown,
                       GParamSpec            *pspec,
                       GlossAnnotationEditor *self)
{
  g_autoptr(GError) error = NULL;
  const AttributeRow *row = NULL;
  const char *value = NULL;
  guint index;
  gboolean ok;

  if (self->updating || !annotation_is_live (self))
    return;

  for (guint i = 0; i < self->attribute_rows->len; i++)
    if (g_array_index (self->attribute_rows, AttributeRow, i).control == GTK_WIDGET (dropdown))
      row = &g_array_index (self->attribute_rows, AttributeRow, i);
  if (row == NULL)
    return;

  index = gtk_drop_down_get_selected (dropdown);
  if (index == GTK_INVALID_LIST_POSITION)
    return;
  if (index > 0)
    value = row->def->values[index - 1];
  if (g_strcmp0 (value, gloss_annotation_get_attribute (self->annotation, row->def->id)) == 0)
    return;

  gloss_annotation_editor_commit (self);
  ok = gloss_annotation_set_set_attribute (self->set, self->annotation, row->def->id, value, &error);
  after_mutation (self, ok, error);
}

/* The default dropdown factory does not ellipsize: a long value label
 * would make the whole panel wider. */
static void
value_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
value_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      gtk_string_object_get_string (gtk_list_item_get_item (item)));
}

static void
type_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               GlossAnnotationEditor    *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *label = gtk_label_new (NULL);

  gtk_box_append (GTK_BOX (box), gloss_type_swatch_new (NULL));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_item_set_child (item, box);
}

static void
type_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              GlossAnnotationEditor    *self)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *swatch = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_next_sibling (swatch);
  GtkStringObject *string = gtk_list_item_get_item (item);
  const GlossEntityType *type = NULL;

  if (self->set != NULL)
    type = gloss_tagset_get_entity_type (gloss_annotation_set_get_tagset (self->set),
                                         gtk_list_item_get_position (item));
  gloss_type_swatch_set_colour (swatch, type != NULL ? type->colour : NULL);
  gtk_label_set_text (GTK_LABEL (label), gtk_string_object_get_string (string));
}

/* Attribute rows, rebuilt when the tagset or the kind changes */

static void
clear_attribute_rows (GlossAnnotationEditor *self)
{
  for (guint i = 0; i < self->attribute_rows->len; i++)
    {
      AttributeRow *row = &g_array_index (self->attribute_rows, AttributeRow, i);

      gtk_size_group_remove_widget (self->captions, row->caption);
      gtk_grid_remove (self->attribute_grid, row->caption);
      gtk_grid_remove (self->attribute_grid, row->control);
    }
  g_array_set_size (self->attribute_rows, 0);
  self->rows_tagset = NULL;
  self->rows_kind = -1;
}

static GtkWidget *
caption_new (const char *text)
{
  GtkWidget *caption = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (caption), 1);
  gtk_widget_add_css_class (caption, "gloss-caption");
  return caption;
}

static void
build_attribute_rows (GlossAnnotationEditor *self,
                      GlossTagset           *tagset,
                      GlossAnnotationKind    kind)
{
  GlossAppliesTo mask = kind == GLOSS_ANNOTATION_CLAIM ? GLOSS_APPLIES_TO_CLAIM : GLOSS_APPLIES_TO_ENTITY;
  guint n = gloss_tagset_get_n_attributes (tagset);

  if (self->rows_tagset == tagset && self->rows_kind == (int) kind)
    return;

  clear_attribute_rows (self);
  self->rows_tagset = tagset;
  self->rows_kind = kind;

  for (guint i = 0; i < n; i++)
    {
      const GlossAttributeDef *def = gloss_tagset_get_attribute (tagset, i);
      AttributeRow row = { def, NULL, NULL, FALSE };

      if ((def->applies_to & mask) == 0)
        continue;

      row.caption = caption_new (def->label);
      gtk_size_group_add_widget (self->captions, row.caption);

      if (def->values != NULL)
        {
          g_autoptr(GtkStringList) strings = gtk_string_list_new (NULL);
          g_autofree char *unset = NULL;

          if (def->default_value != NULL)
            {
              const char *default_label = def->default_value;

              for (guint j = 0; def->values[j] != NULL; j++)
                if (g_strcmp0 (def->values[j], def->default_value) == 0)
                  default_label = def->value_labels[j];
              /* Translators: an attribute that is not set, and the value it means then */
              unset = g_strdup_printf (_("Not set (%s)"), default_label);
            }
          else
            {
              unset = g_strdup (_("Not set"));
            }
          gtk_string_list_append (strings, unset);
          for (guint j = 0; def->values[j] != NULL; j++)
            gtk_string_list_append (strings, def->value_labels[j]);

          g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

          g_signal_connect (factory, "setup", G_CALLBACK (value_setup_cb), NULL);
          g_signal_connect (factory, "bind", G_CALLBACK (value_bind_cb), NULL);
          row.control = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&strings)), NULL);
          gtk_drop_down_set_factory (GTK_DROP_DOWN (row.control), factory);
          g_signal_connect (row.control, "notify::selected", G_CALLBACK (attribute_selected_cb), self);
        }
      else
        {
          GtkEventController *focus = gtk_event_controller_focus_new ();

          row.control = gtk_entry_new ();
          g_signal_connect (row.control, "changed", G_CALLBACK (attribute_entry_changed_cb), self);
          g_signal_connect_swapped (row.control, "activate", G_CALLBACK (commit_cb), self);
          g_signal_connect_swapped (focus, "leave", G_CALLBACK (commit_cb), self);
          gtk_widget_add_controller (row.control, focus);
        }

      gtk_widget_set_hexpand (row.control, TRUE);
      gtk_widget_set_name (row.control, def->id);
      gtk_accessible_update_property (GTK_ACCESSIBLE (row.control),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, def->label,
                                      -1);
      gtk_grid_attach (self->attribute_grid, row.caption, 0, self->attribute_rows->len, 1, 1);
      gtk_grid_attach (self->attribute_grid, row.control, 1, self->attribute_rows->len, 1, 1);
      g_array_append_val (self->attribute_rows, row);
    }
}

/* The source chooser */

static gboolean
source_filter_func (gpointer item,
                    gpointer user_data)
{
  GlossAnnotationEditor *self = user_data;
  g_autofree char *text = NULL;
  g_autofree char *fold = NULL;
  const GlossEntityType *type;

  if (self->source_search_fold == NULL || self->set == NULL)
    return TRUE;

  text = gloss_annotation_describe_text (self->set, item, 200);
  fold = g_utf8_casefold (text, -1);
  if (strstr (fold, self->source_search_fold) != NULL)
    return TRUE;

  type = gloss_tagset_lookup_entity_type (gloss_annotation_set_get_tagset (self->set),
                                          gloss_annotation_get_type_id (item));
  if (type != NULL)
    {
      g_autofree char *type_fold = g_utf8_casefold (type->label, -1);

      return strstr (type_fold, self->source_search_fold) != NULL;
    }

  return FALSE;
}

static void
source_search_changed_cb (GlossAnnotationEditor *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->source_search));

  g_clear_pointer (&self->source_search_fold, g_free);
  if (text != NULL && *text != '\0')
    self->source_search_fold = g_utf8_casefold (text, -1);
  gtk_filter_changed (GTK_FILTER (self->source_filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
source_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 GlossAnnotationEditor    *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *label = gtk_label_new (NULL);
  GtkWidget *type = gtk_label_new (NULL);

  gtk_box_append (GTK_BOX (box), gloss_type_swatch_new (NULL));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_widget_add_css_class (type, "dim-label");
  gtk_box_append (GTK_BOX (box), type);
  gtk_list_item_set_child (item, box);
}

static void
source_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                GlossAnnotationEditor    *self)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *swatch = gtk_widget_get_first_child (box);
  GtkWidget *label = gtk_widget_get_next_sibling (swatch);
  GtkWidget *type_label = gtk_widget_get_next_sibling (label);
  GlossAnnotation *entity = gtk_list_item_get_item (item);
  g_autofree char *text = NULL;
  const GlossEntityType *type;

  if (self->set == NULL)
    return;

  type = gloss_tagset_lookup_entity_type (gloss_annotation_set_get_tagset (self->set),
                                          gloss_annotation_get_type_id (entity));
  text = gloss_annotation_describe_text (self->set, entity, CHOICE_CHARS);
  gloss_type_swatch_set_colour (swatch, type != NULL ? type->colour : NULL);
  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_label_set_text (GTK_LABEL (type_label),
                      type != NULL ? type->label : gloss_annotation_get_type_id (entity));
}

static void
source_activated_cb (GtkListView           *list,
                     guint                  position,
                     GlossAnnotationEditor *self)
{
  g_autoptr(GlossAnnotation) entity = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  gtk_popover_popdown (self->source_popover);
  if (!annotation_is_live (self))
    return;

  entity = g_list_model_get_item (G_LIST_MODEL (self->source_model), position);
  if (entity == NULL)
    return;

  gloss_annotation_editor_commit (self);
  ok = gloss_annotation_set_set_source_entity (self->set, self->annotation, entity, &error);
  after_mutation (self, ok, error);
}

static void
article_source_clicked_cb (GlossAnnotationEditor *self)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  gtk_popover_popdown (self->source_popover);
  if (!annotation_is_live (self))
    return;

  gloss_annotation_editor_commit (self);
  ok = gloss_annotation_set_set_source_article (self->set, self->annotation, &error);
  after_mutation (self, ok, error);
}

static void
source_popover_show_cb (GlossAnnotationEditor *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->source_search), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->source_search));
}

static void
pick_source_clicked_cb (GlossAnnotationEditor *self)
{
  if (annotation_is_live (self))
    {
      gloss_annotation_editor_commit (self);
      g_signal_emit (self, signals[PICK_SOURCE_REQUESTED], 0, self->annotation);
    }
}

static void
pick_cue_clicked_cb (GlossAnnotationEditor *self)
{
  if (annotation_is_live (self))
    {
      gloss_annotation_editor_commit (self);
      g_signal_emit (self, signals[PICK_CUE_REQUESTED], 0, self->annotation);
    }
}

static void
clear_cue_clicked_cb (GlossAnnotationEditor *self)
{
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (!annotation_is_live (self))
    return;

  gloss_annotation_editor_commit (self);
  ok = gloss_annotation_set_set_cue (self->set, self->annotation,
                                     GLOSS_OFFSET_NONE, GLOSS_OFFSET_NONE, &error);
  after_mutation (self, ok, error);
}

static void
delete_clicked_cb (GlossAnnotationEditor *self)
{
  g_autoptr(GlossAnnotation) annotation = NULL;

  if (!annotation_is_live (self))
    return;

  gloss_annotation_editor_commit (self);
  annotation = g_object_ref (self->annotation);
  gloss_annotation_set_remove (self->set, annotation);
}

/* Showing the annotation */

static void
set_row_visible (GtkWidget *caption,
                 GtkWidget *control,
                 gboolean   visible)
{
  gtk_widget_set_visible (caption, visible);
  gtk_widget_set_visible (control, visible);
}

static void
refresh (GlossAnnotationEditor *self)
{
  GlossAnnotation *annotation = self->annotation;
  GlossTagset *tagset;
  GlossAnnotationKind kind;
  gboolean is_claim;
  g_autofree char *quote = NULL;
  g_autofree char *quoted = NULL;

  if (annotation == NULL || self->set == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  self->updating = TRUE;
  gtk_stack_set_visible_child_name (self->stack, "editor");

  tagset = gloss_annotation_set_get_tagset (self->set);
  kind = gloss_annotation_get_kind (annotation);
  is_claim = kind == GLOSS_ANNOTATION_CLAIM;
  build_attribute_rows (self, tagset, kind);

  /* Heading */
  if (is_claim)
    {
      gtk_label_set_text (self->kind_label, _("Claim"));
      gloss_type_swatch_set_colour (self->swatch, "#9a9996");
    }
  else
    {
      const GlossEntityType *type =
        gloss_tagset_lookup_entity_type (tagset, gloss_annotation_get_type_id (annotation));

      gtk_label_set_text (self->kind_label,
                          type != NULL ? type->label : gloss_annotation_get_type_id (annotation));
      gloss_type_swatch_set_colour (self->swatch, type != NULL ? type->colour : NULL);
    }
  gtk_label_set_text (self->id_label, gloss_annotation_get_id (annotation));
  quote = gloss_annotation_describe_text (self->set, annotation, QUOTE_CHARS);
  quoted = g_strdup_printf ("“%s”", quote);
  gtk_label_set_text (self->quote_label, quoted);

  switch (gloss_annotation_get_anchor_state (annotation))
    {
    case GLOSS_ANCHOR_MISMATCH:
      {
        g_autofree char *was = g_strdup_printf (_("The article changed here. This was marked on “%s”."),
                                                gloss_annotation_get_stored_exact (annotation) ?: "");
        gtk_label_set_text (self->anchor_label, was);
        gtk_widget_set_visible (GTK_WIDGET (self->anchor_label), TRUE);
      }
      break;

    case GLOSS_ANCHOR_ORPHANED:
      gtk_label_set_text (self->anchor_label,
                          _("The article changed and this text is no longer in it."));
      gtk_widget_set_visible (GTK_WIDGET (self->anchor_label), TRUE);
      break;

    case GLOSS_ANCHOR_OK:
    default:
      gtk_widget_set_visible (GTK_WIDGET (self->anchor_label), FALSE);
    }

  /* Type */
  set_row_visible (self->type_caption, GTK_WIDGET (self->type_dropdown), !is_claim);
  if (!is_claim)
    {
      g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
      guint n = gloss_tagset_get_n_entity_types (tagset);
      guint selected = GTK_INVALID_LIST_POSITION;
      GListModel *model = gtk_drop_down_get_model (self->type_dropdown);
      gboolean same = model != NULL && g_list_model_get_n_items (model) == n;

      for (guint i = 0; i < n; i++)
        {
          const GlossEntityType *type = gloss_tagset_get_entity_type (tagset, i);

          gtk_string_list_append (labels, type->label);
          if (g_strcmp0 (type->id, gloss_annotation_get_type_id (annotation)) == 0)
            selected = i;
          if (same)
            {
              g_autoptr(GtkStringObject) shown = g_list_model_get_item (model, i);

              same = g_strcmp0 (gtk_string_object_get_string (shown), type->label) == 0;
            }
        }
      if (!same)
        gtk_drop_down_set_model (self->type_dropdown, G_LIST_MODEL (labels));
      gtk_drop_down_set_selected (self->type_dropdown, selected);
    }

  /* Source, cue, parent */
  set_row_visible (self->source_caption, self->source_box, is_claim);
  set_row_visible (self->cue_caption, self->cue_box, is_claim);
  set_row_visible (self->parent_caption, GTK_WIDGET (self->parent_value), is_claim);
  if (is_claim)
    {
      g_autofree char *source = gloss_annotation_describe_source (self->set, annotation, CHOICE_CHARS);
      g_autofree char *cue = NULL;
      GlossAnnotation *parent = NULL;
      guint start, end;
      gboolean has_cue = gloss_annotation_get_cue (annotation, &start, &end);

      switch (gloss_annotation_get_source_kind (annotation))
        {
        case GLOSS_SOURCE_ARTICLE:
          gtk_label_set_text (self->source_value, _("The article itself"));
          break;

        case GLOSS_SOURCE_NONE:
          gtk_label_set_text (self->source_value, _("Choose…"));
          break;

        case GLOSS_SOURCE_SPAN:
          {
            /* Translators: a claim's source that is a span of text, not an entity */
            g_autofree char *span = g_strdup_printf (_("“%s” (text)"), source);
            gtk_label_set_text (self->source_value, span);
          }
          break;

        case GLOSS_SOURCE_ENTITY:
        default:
          gtk_label_set_text (self->source_value, source);
        }

      cue = has_cue ? gloss_annotation_describe_cue (self->set, annotation, CHOICE_CHARS) : NULL;
      gtk_label_set_text (self->cue_value, has_cue ? cue : _("None"));
      gtk_widget_set_sensitive (self->clear_cue_button, has_cue);
      if (has_cue)
        gtk_widget_remove_css_class (GTK_WIDGET (self->cue_value), "dim-label");
      else
        gtk_widget_add_css_class (GTK_WIDGET (self->cue_value), "dim-label");

      if (gloss_annotation_get_parent (annotation) != NULL)
        parent = gloss_annotation_set_lookup (self->set, gloss_annotation_get_parent (annotation));
      if (parent != NULL)
        {
          g_autofree char *text = gloss_annotation_describe_text (self->set, parent, CHOICE_CHARS);
          g_autofree char *shown = g_strdup_printf ("“%s”", text);

          gtk_label_set_text (self->parent_value, shown);
          gtk_widget_remove_css_class (GTK_WIDGET (self->parent_value), "dim-label");
        }
      else
        {
          gtk_label_set_text (self->parent_value, _("None (top level)"));
          gtk_widget_add_css_class (GTK_WIDGET (self->parent_value), "dim-label");
        }
    }

  /* Attributes */
  for (guint i = 0; i < self->attribute_rows->len; i++)
    {
      AttributeRow *row = &g_array_index (self->attribute_rows, AttributeRow, i);
      const char *value = gloss_annotation_get_attribute (annotation, row->def->id);

      if (GTK_IS_DROP_DOWN (row->control))
        {
          guint selected = 0;

          for (guint j = 0; value != NULL && row->def->values[j] != NULL; j++)
            if (g_strcmp0 (row->def->values[j], value) == 0)
              selected = j + 1;
          gtk_drop_down_set_selected (GTK_DROP_DOWN (row->control), selected);
        }
      else if (!row->dirty)
        {
          gtk_editable_set_text (GTK_EDITABLE (row->control), value != NULL ? value : "");
        }
    }

  /* Link and note: what is being typed wins over what is stored. */
  if (!self->link_dirty)
    gtk_editable_set_text (GTK_EDITABLE (self->link_entry),
                           gloss_annotation_get_link (annotation) ?: "");
  if (!self->note_dirty)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->note_view),
                              gloss_annotation_get_note (annotation) ?: "", -1);

  gtk_button_set_label (self->delete_button, is_claim ? _("_Delete Claim") : _("_Delete Entity"));

  self->updating = FALSE;
}

static void
annotation_changed_cb (GlossAnnotationEditor *self,
                       GlossAnnotation       *annotation,
                       const char            *what)
{
  /* A claim shows its source entity's text: any change may matter. */
  if (self->annotation != NULL &&
      (annotation == self->annotation ||
       gloss_annotation_get_kind (self->annotation) == GLOSS_ANNOTATION_CLAIM))
    refresh (self);
}

static void
annotation_removed_cb (GlossAnnotationEditor *self,
                       GlossAnnotation       *annotation)
{
  if (annotation == self->annotation)
    {
      /* Typed edits for a removed annotation have nowhere to go. */
      self->note_dirty = self->link_dirty = FALSE;
      for (guint i = 0; i < self->attribute_rows->len; i++)
        g_array_index (self->attribute_rows, AttributeRow, i).dirty = FALSE;
      gloss_annotation_editor_set_annotation (self, NULL);
    }
  else if (self->annotation != NULL &&
           gloss_annotation_get_kind (self->annotation) == GLOSS_ANNOTATION_CLAIM)
    {
      refresh (self);
    }
}

/* Public API */

GtkWidget *
gloss_annotation_editor_new (void)
{
  return g_object_new (GLOSS_TYPE_ANNOTATION_EDITOR, NULL);
}

GlossAnnotationSet *
gloss_annotation_editor_get_annotation_set (GlossAnnotationEditor *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_EDITOR (self), NULL);

  return self->set;
}

void
gloss_annotation_editor_set_annotation_set (GlossAnnotationEditor *self,
                                            GlossAnnotationSet    *set)
{
  g_return_if_fail (GLOSS_IS_ANNOTATION_EDITOR (self));
  g_return_if_fail (set == NULL || GLOSS_IS_ANNOTATION_SET (set));

  if (self->set == set)
    return;

  gloss_annotation_editor_set_annotation (self, NULL);
  clear_attribute_rows (self);
  g_set_object (&self->set, set);
  g_signal_group_set_target (self->set_signals, set);
  gtk_filter_list_model_set_model (self->source_model,
                                   set != NULL ? gloss_annotation_set_get_entities (set) : NULL);
  show_error (self, NULL);
  refresh (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANNOTATION_SET]);
}

GlossAnnotation *
gloss_annotation_editor_get_annotation (GlossAnnotationEditor *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_EDITOR (self), NULL);

  return self->annotation;
}

void
gloss_annotation_editor_set_annotation (GlossAnnotationEditor *self,
                                        GlossAnnotation       *annotation)
{
  g_return_if_fail (GLOSS_IS_ANNOTATION_EDITOR (self));
  g_return_if_fail (annotation == NULL || GLOSS_IS_ANNOTATION (annotation));

  if (self->annotation == annotation)
    return;

  /* What was typed belongs to the annotation it was typed for. */
  gloss_annotation_editor_commit (self);

  g_set_object (&self->annotation, annotation);
  show_error (self, NULL);
  refresh (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANNOTATION]);
}

const char *
gloss_annotation_editor_get_error (GlossAnnotationEditor *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_EDITOR (self), NULL);

  return self->error;
}

/* GObject */

static void
gloss_annotation_editor_dispose (GObject *object)
{
  GlossAnnotationEditor *self = GLOSS_ANNOTATION_EDITOR (object);
  GtkWidget *child;

  /* Nothing typed is lost when the panel goes away. */
  if (self->set != NULL)
    gloss_annotation_editor_commit (self);
  g_clear_handle_id (&self->note_timeout, g_source_remove);
  if (self->set_signals != NULL)
    g_signal_group_set_target (self->set_signals, NULL);
  if (self->attribute_rows != NULL && self->attribute_grid != NULL)
    clear_attribute_rows (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), GLOSS_TYPE_ANNOTATION_EDITOR);
  /* The template's unnamed root is not a bound child: unparent it too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->annotation);
  g_clear_object (&self->set);
  g_clear_object (&self->set_signals);
  g_clear_object (&self->source_model);
  g_clear_object (&self->source_filter);
  g_clear_object (&self->captions);

  G_OBJECT_CLASS (gloss_annotation_editor_parent_class)->dispose (object);
}

static void
gloss_annotation_editor_finalize (GObject *object)
{
  GlossAnnotationEditor *self = GLOSS_ANNOTATION_EDITOR (object);

  g_clear_pointer (&self->attribute_rows, g_array_unref);
  g_free (self->error);
  g_free (self->source_search_fold);

  G_OBJECT_CLASS (gloss_annotation_editor_parent_class)->finalize (object);
}

static void
gloss_annotation_editor_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  GlossAnnotationEditor *self = GLOSS_ANNOTATION_EDITOR (object);

  switch (prop_id)
    {
    case PROP_ANNOTATION_SET:
      g_value_set_object (value, self->set);
      break;

    case PROP_ANNOTATION:
      g_value_set_object (value, self->annotation);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_annotation_editor_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  GlossAnnotationEditor *self = GLOSS_ANNOTATION_EDITOR (object);

  switch (prop_id)
    {
    case PROP_ANNOTATION_SET:
      gloss_annotation_editor_set_annotation_set (self, g_value_get_object (value));
      break;

    case PROP_ANNOTATION:
      gloss_annotation_editor_set_annotation (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_annotation_editor_class_init (GlossAnnotationEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gloss_annotation_editor_dispose;
  object_class->finalize = gloss_annotation_editor_finalize;
  object_class->get_property = gloss_annotation_editor_get_property;
  object_class->set_property = gloss_annotation_editor_set_property;

  properties[PROP_ANNOTATION_SET] =
    g_param_spec_object ("annotation-set", NULL, NULL, GLOSS_TYPE_ANNOTATION_SET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ANNOTATION] =
    g_param_spec_object ("annotation", NULL, NULL, GLOSS_TYPE_ANNOTATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[PICK_SOURCE_REQUESTED] =
    g_signal_new ("pick-source-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, GLOSS_TYPE_ANNOTATION);
  signals[PICK_CUE_REQUESTED] =
    g_signal_new ("pick-cue-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, GLOSS_TYPE_ANNOTATION);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/gloss/Gloss/ui/gloss-annotation-editor.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, GlossAnnotationEditor, name)
  CHILD (stack);
  CHILD (heading_box);
  CHILD (kind_label);
  CHILD (id_label);
  CHILD (quote_label);
  CHILD (anchor_label);
  CHILD (grid);
  CHILD (type_caption);
  CHILD (type_dropdown);
  CHILD (source_caption);
  CHILD (source_box);
  CHILD (source_button);
  CHILD (source_value);
  CHILD (source_popover);
  CHILD (source_search);
  CHILD (source_list);
  CHILD (cue_caption);
  CHILD (cue_box);
  CHILD (cue_value);
  CHILD (clear_cue_button);
  CHILD (parent_caption);
  CHILD (parent_value);
  CHILD (attribute_grid);
  CHILD (link_caption);
  CHILD (link_entry);
  CHILD (note_caption);
  CHILD (note_view);
  CHILD (error_revealer);
  CHILD (error_label);
  CHILD (delete_button);
#undef CHILD
  gtk_widget_class_bind_template_callback (widget_class, type_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, type_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, type_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, source_setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, source_bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, source_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, source_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, source_popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, article_source_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, pick_source_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, pick_cue_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_cue_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, link_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, commit_cb);
  gtk_widget_class_bind_template_callback (widget_class, delete_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "glossannotationeditor");
}

static void
gloss_annotation_editor_init (GlossAnnotationEditor *self)
{
  GtkEventController *focus;
  g_autoptr(GtkNoSelection) selection = NULL;

  self->attribute_rows = g_array_new (FALSE, TRUE, sizeof (AttributeRow));
  self->rows_kind = -1;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->swatch = gloss_type_swatch_new (NULL);
  gtk_box_prepend (self->heading_box, self->swatch);

  self->captions = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  gtk_size_group_add_widget (self->captions, self->type_caption);
  gtk_size_group_add_widget (self->captions, self->source_caption);
  gtk_size_group_add_widget (self->captions, self->cue_caption);
  gtk_size_group_add_widget (self->captions, self->parent_caption);
  gtk_size_group_add_widget (self->captions, self->link_caption);

  self->set_signals = g_signal_group_new (GLOSS_TYPE_ANNOTATION_SET);
  g_signal_group_connect_swapped (self->set_signals, "annotation-changed",
                                  G_CALLBACK (annotation_changed_cb), self);
  g_signal_group_connect_swapped (self->set_signals, "annotation-removed",
                                  G_CALLBACK (annotation_removed_cb), self);

  self->source_filter = gtk_custom_filter_new (source_filter_func, self, NULL);
  self->source_model = gtk_filter_list_model_new (NULL, g_object_ref (GTK_FILTER (self->source_filter)));
  selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->source_model)));
  gtk_list_view_set_model (self->source_list, GTK_SELECTION_MODEL (selection));

  g_signal_connect_swapped (gtk_text_view_get_buffer (self->note_view), "changed",
                            G_CALLBACK (note_changed_cb), self);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (commit_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->note_view), focus);
  focus = gtk_event_controller_focus_new ();
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (commit_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->link_entry), focus);

  refresh (self);
}
