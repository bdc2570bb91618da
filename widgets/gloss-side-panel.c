/* gloss-side-panel.c: the type palette, the annotation lists and the editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-side-panel"

#include "config.h"

#include <glib/gi18n.h>

#include "gloss-annotation-editor.h"
#include "gloss-annotation-list-view.h"
#include "gloss-side-panel.h"
#include "gloss-type-palette.h"

/* While an annotation is in the editor, the list above it keeps at least
 * this much height (eight rows) unless the reviewer moves the split. */
#define LIST_MIN_HEIGHT 330
/* The editor never gets less than this by default. */
#define EDITOR_MIN_HEIGHT 80

/* The editor's height where the split was last put by hand, for every
 * panel of the session; -1: not moved yet. */
static int session_editor_height = -1;

struct _GlossSidePanel
{
  GtkWidget                parent_instance;

  GlossAnnotationSet      *set;
  GSignalGroup            *set_signals;
  GlossAnnotation         *selected;

  /* Template */
  GlossTypePalette        *palette;
  GtkSearchEntry          *filter_entry;
  GtkStack                *stack;
  GtkStackPage            *entities_page;
  GtkStackPage            *claims_page;
  GlossAnnotationListView *entity_list;
  GlossAnnotationListView *claim_list;
  GtkPaned                *split;
  GtkWidget               *editor_area;
  GlossAnnotationEditor   *editor;

  guint                    split_source;
  int                      placed_height; /* the split's height and position as last placed */
  int                      placed_position;
};

G_DEFINE_FINAL_TYPE (GlossSidePanel, gloss_side_panel, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_ANNOTATION_SET,
  PROP_SELECTED_ANNOTATION,
  PROP_CAN_MARK,
  N_PROPS
};

enum
{
  TYPE_CHOSEN,
  CLAIM_CHOSEN,
  ANNOTATION_ACTIVATED,
  PICK_SOURCE_REQUESTED,
  PICK_CUE_REQUESTED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
update_titles (GlossSidePanel *self)
{
  guint n_entities = gloss_annotation_list_view_get_n_annotations (self->entity_list);
  guint n_claims = gloss_annotation_list_view_get_n_annotations (self->claim_list);
  /* Translators: a page title with the number of entities */
  g_autofree char *entities = g_strdup_printf (_("Entities (%u)"), n_entities);
  /* Translators: a page title with the number of claims */
  g_autofree char *claims = g_strdup_printf (_("Claims (%u)"), n_claims);

  gtk_stack_page_set_title (self->entities_page, entities);
  gtk_stack_page_set_title (self->claims_page, claims);
}

static void
n_annotations_cb (GlossSidePanel *self)
{
  update_titles (self);
}

/* Puts the split where it was put last in this session, or where the
 * editor gets its natural height as long as the list keeps its rows. */
static void
place_split (GlossSidePanel *self)
{
  int height = gtk_widget_get_height (GTK_WIDGET (self->split));
  int editor;

  if (!gtk_widget_get_visible (self->editor_area) || height <= 0)
    return;
  if (session_editor_height >= 0)
    editor = session_editor_height;
  else
    {
      int natural = 0;

      gtk_widget_measure (self->editor_area, GTK_ORIENTATION_VERTICAL, gtk_widget_get_width (GTK_WIDGET (self->split)),
                          NULL, &natural, NULL, NULL);
      editor = MAX (MIN (natural, height - LIST_MIN_HEIGHT), EDITOR_MIN_HEIGHT);
    }
  self->placed_height = height;
  self->placed_position = MAX (height - editor, 0);
  gtk_paned_set_position (self->split, self->placed_position);
}

static gboolean
place_split_cb (gpointer user_data)
{
  GlossSidePanel *self = user_data;

  self->split_source = 0;
  place_split (self);
  return G_SOURCE_REMOVE;
}

/* The panel's height changed: placed after this allocation. */
static void
split_size_cb (GlossSidePanel *self)
{
  if (self->editor_area == NULL)
    return;
  /* By default the list keeps its rows at any height; a split moved by
   * hand is kept by the paned, once placed. */
  if ((session_editor_height < 0 || self->placed_height <= 0)
      && self->split_source == 0 && gtk_widget_get_visible (self->editor_area))
    self->split_source = g_idle_add (place_split_cb, self);
}

static void
split_position_cb (GlossSidePanel *self)
{
  int height, position;

  if (self->split == NULL || self->editor_area == NULL || !gtk_widget_get_visible (self->editor_area))
    return;
  height = gtk_widget_get_height (GTK_WIDGET (self->split));
  position = gtk_paned_get_position (self->split);
  /* Moved by hand: the panel kept its height, the split did not stay
   * where it was placed. (A new height moves it too, and the paned then
   * keeps the editor's height itself.) */
  if (height <= 0 || height != self->placed_height || position == self->placed_position)
    return;
  self->placed_position = position;
  session_editor_height = height - position;
}

static void
show_selected (GlossSidePanel *self)
{
  gboolean shown = gtk_widget_get_visible (self->editor_area);

  gloss_annotation_list_view_set_selected_annotation (self->entity_list, self->selected);
  gloss_annotation_list_view_set_selected_annotation (self->claim_list, self->selected);
  gloss_annotation_editor_set_annotation (self->editor, self->selected);
  gtk_widget_set_visible (self->editor_area, self->selected != NULL);
  if (self->selected != NULL && !shown)
    place_split (self);

  if (self->selected != NULL)
    gtk_stack_set_visible_child (self->stack,
                                 gloss_annotation_get_kind (self->selected) == GLOSS_ANNOTATION_CLAIM
                                 ? GTK_WIDGET (self->claim_list)
                                 : GTK_WIDGET (self->entity_list));
}

static gboolean
set_selected (GlossSidePanel  *self,
              GlossAnnotation *annotation)
{
  if (!g_set_object (&self->selected, annotation))
    return FALSE;

  show_selected (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ANNOTATION]);
  return TRUE;
}

static void
list_activated_cb (GlossAnnotationListView *list,
                   GlossAnnotation         *annotation,
                   GlossSidePanel          *self)
{
  set_selected (self, annotation);
  g_signal_emit (self, signals[ANNOTATION_ACTIVATED], 0, annotation);
}

static void
annotation_removed_cb (GlossSidePanel  *self,
                       GlossAnnotation *annotation)
{
  if (annotation == self->selected)
    set_selected (self, NULL);
}

static void
filter_changed_cb (GlossSidePanel *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->filter_entry));

  gloss_annotation_list_view_set_filter_text (self->entity_list, text);
  gloss_annotation_list_view_set_filter_text (self->claim_list, text);
}

static void
filter_stop_cb (GlossSidePanel *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->filter_entry), "");
}

static void
palette_type_chosen_cb (GlossSidePanel *self,
                        const char     *type_id)
{
  g_signal_emit (self, signals[TYPE_CHOSEN], 0, type_id);
}

static void
palette_claim_chosen_cb (GlossSidePanel *self)
{
  g_signal_emit (self, signals[CLAIM_CHOSEN], 0);
}

static void
pick_source_cb (GlossSidePanel  *self,
                GlossAnnotation *claim)
{
  g_signal_emit (self, signals[PICK_SOURCE_REQUESTED], 0, claim);
}

static void
pick_cue_cb (GlossSidePanel  *self,
             GlossAnnotation *claim)
{
  g_signal_emit (self, signals[PICK_CUE_REQUESTED], 0, claim);
}

static void
palette_can_mark_cb (GlossSidePanel *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_MARK]);
}

/* Public API */

GtkWidget *
gloss_side_panel_new (void)
{
  return g_object_new (GLOSS_TYPE_SIDE_PANEL, NULL);
}

GlossAnnotationSet *
gloss_side_panel_get_annotation_set (GlossSidePanel *self)
{
  g_return_val_if_fail (GLOSS_IS_SIDE_PANEL (self), NULL);

  return self->set;
}

void
gloss_side_panel_set_annotation_set (GlossSidePanel     *self,
                                     GlossAnnotationSet *set)
{
  g_return_if_fail (GLOSS_IS_SIDE_PANEL (self));
  g_return_if_fail (set == NULL || GLOSS_IS_ANNOTATION_SET (set));

  if (self->set == set)
    return;

  set_selected (self, NULL);
  g_set_object (&self->set, set);
  g_signal_group_set_target (self->set_signals, set);
  gloss_type_palette_set_tagset (self->palette, set != NULL ? gloss_annotation_set_get_tagset (set) : NULL);
  gloss_annotation_list_view_set_annotation_set (self->entity_list, set);
  gloss_annotation_list_view_set_annotation_set (self->claim_list, set);
  gloss_annotation_editor_set_annotation_set (self->editor, set);
  update_titles (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANNOTATION_SET]);
}

GlossAnnotation *
gloss_side_panel_get_selected_annotation (GlossSidePanel *self)
{
  g_return_val_if_fail (GLOSS_IS_SIDE_PANEL (self), NULL);

  return self->selected;
}

void
gloss_side_panel_set_selected_annotation (GlossSidePanel  *self,
                                          GlossAnnotation *annotation)
{
  g_return_if_fail (GLOSS_IS_SIDE_PANEL (self));
  g_return_if_fail (annotation == NULL || GLOSS_IS_ANNOTATION (annotation));

  /* Relations have no row here. */
  if (annotation != NULL && gloss_annotation_get_kind (annotation) == GLOSS_ANNOTATION_RELATION)
    annotation = NULL;

  if (!set_selected (self, annotation))
    show_selected (self); /* scroll to it again */
}

gboolean
gloss_side_panel_get_can_mark (GlossSidePanel *self)
{
  g_return_val_if_fail (GLOSS_IS_SIDE_PANEL (self), FALSE);

  return gloss_type_palette_get_can_mark (self->palette);
}

void
gloss_side_panel_set_can_mark (GlossSidePanel *self,
                               gboolean        can_mark)
{
  g_return_if_fail (GLOSS_IS_SIDE_PANEL (self));

  gloss_type_palette_set_can_mark (self->palette, can_mark);
}

void
gloss_side_panel_focus_filter (GlossSidePanel *self)
{
  g_return_if_fail (GLOSS_IS_SIDE_PANEL (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->filter_entry));
}

GtkWidget *
gloss_side_panel_get_palette (GlossSidePanel *self)
{
  g_return_val_if_fail (GLOSS_IS_SIDE_PANEL (self), NULL);

  return GTK_WIDGET (self->palette);
}

GtkWidget *
gloss_side_panel_get_entity_list (GlossSidePanel *self)
{
  g_return_val_if_fail (GLOSS_IS_SIDE_PANEL (self), NULL);

  return GTK_WIDGET (self->entity_list);
}

GtkWidget *
gloss_side_panel_get_claim_list (GlossSidePanel *self)
{
  g_return_val_if_fail (GLOSS_IS_SIDE_PANEL (self), NULL);

  return GTK_WIDGET (self->claim_list);
}

GtkWidget *
gloss_side_panel_get_editor (GlossSidePanel *self)
{
  g_return_val_if_fail (GLOSS_IS_SIDE_PANEL (self), NULL);

  return GTK_WIDGET (self->editor);
}

/* GObject */

static void
gloss_side_panel_dispose (GObject *object)
{
  GlossSidePanel *self = GLOSS_SIDE_PANEL (object);
  GtkWidget *child;

  if (self->set_signals != NULL)
    g_signal_group_set_target (self->set_signals, NULL);
  g_clear_handle_id (&self->split_source, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), GLOSS_TYPE_SIDE_PANEL);
  /* The template's unnamed root is not a bound child: unparent it too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->selected);
  g_clear_object (&self->set);
  g_clear_object (&self->set_signals);

  G_OBJECT_CLASS (gloss_side_panel_parent_class)->dispose (object);
}

static void
gloss_side_panel_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GlossSidePanel *self = GLOSS_SIDE_PANEL (object);

  switch (prop_id)
    {
    case PROP_ANNOTATION_SET:
      g_value_set_object (value, self->set);
      break;

    case PROP_SELECTED_ANNOTATION:
      g_value_set_object (value, self->selected);
      break;

    case PROP_CAN_MARK:
      g_value_set_boolean (value, gloss_side_panel_get_can_mark (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_side_panel_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  GlossSidePanel *self = GLOSS_SIDE_PANEL (object);

  switch (prop_id)
    {
    case PROP_ANNOTATION_SET:
      gloss_side_panel_set_annotation_set (self, g_value_get_object (value));
      break;

    case PROP_SELECTED_ANNOTATION:
      gloss_side_panel_set_selected_annotation (self, g_value_get_object (value));
      break;

    case PROP_CAN_MARK:
      gloss_side_panel_set_can_mark (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_side_panel_class_init (GlossSidePanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gloss_side_panel_dispose;
  object_class->get_property = gloss_side_panel_get_property;
  object_class->set_property = gloss_side_panel_set_property;

  properties[PROP_ANNOTATION_SET] =
    g_param_spec_object ("annotation-set", NULL, NULL, GLOSS_TYPE_ANNOTATION_SET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_ANNOTATION] =
    g_param_spec_object ("selected-annotation", NULL, NULL, GLOSS_TYPE_ANNOTATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_MARK] =
    g_param_spec_boolean ("can-mark", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[TYPE_CHOSEN] =
    g_signal_new ("type-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals[CLAIM_CHOSEN] =
    g_signal_new ("claim-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[ANNOTATION_ACTIVATED] =
    g_signal_new ("annotation-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, GLOSS_TYPE_ANNOTATION);
  signals[PICK_SOURCE_REQUESTED] =
    g_signal_new ("pick-source-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, GLOSS_TYPE_ANNOTATION);
  signals[PICK_CUE_REQUESTED] =
    g_signal_new ("pick-cue-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, GLOSS_TYPE_ANNOTATION);

  g_type_ensure (GLOSS_TYPE_TYPE_PALETTE);
  g_type_ensure (GLOSS_TYPE_ANNOTATION_LIST_VIEW);
  g_type_ensure (GLOSS_TYPE_ANNOTATION_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/gloss/Gloss/ui/gloss-side-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, GlossSidePanel, palette);
  gtk_widget_class_bind_template_child (widget_class, GlossSidePanel, filter_entry);
  gtk_widget_class_bind_template_child (widget_class, GlossSidePanel, stack);
  gtk_widget_class_bind_template_child (widget_class, GlossSidePanel, entities_page);
  gtk_widget_class_bind_template_child (widget_class, GlossSidePanel, claims_page);
  gtk_widget_class_bind_template_child (widget_class, GlossSidePanel, entity_list);
  gtk_widget_class_bind_template_child (widget_class, GlossSidePanel, claim_list);
  gtk_widget_class_bind_template_child (widget_class, GlossSidePanel, split);
  gtk_widget_class_bind_template_child (widget_class, GlossSidePanel, editor_area);
  gtk_widget_class_bind_template_child (widget_class, GlossSidePanel, editor);
  gtk_widget_class_bind_template_callback (widget_class, list_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, n_annotations_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_stop_cb);
  gtk_widget_class_bind_template_callback (widget_class, palette_type_chosen_cb);
  gtk_widget_class_bind_template_callback (widget_class, palette_claim_chosen_cb);
  gtk_widget_class_bind_template_callback (widget_class, palette_can_mark_cb);
  gtk_widget_class_bind_template_callback (widget_class, pick_source_cb);
  gtk_widget_class_bind_template_callback (widget_class, pick_cue_cb);
  gtk_widget_class_bind_template_callback (widget_class, split_position_cb);
  gtk_widget_class_bind_template_callback (widget_class, split_size_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "glosssidepanel");
}

static void
gloss_side_panel_init (GlossSidePanel *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->set_signals = g_signal_group_new (GLOSS_TYPE_ANNOTATION_SET);
  g_signal_group_connect_swapped (self->set_signals, "annotation-removed",
                                  G_CALLBACK (annotation_removed_cb), self);
  update_titles (self);
}
