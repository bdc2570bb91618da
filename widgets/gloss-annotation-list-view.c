/* gloss-annotation-list-view.c: the entities or the claims of a set, as a list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-annotation-list-view"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "gloss-annotation-list-view.h"
#include "gloss-type-palette.h"

/* GTK 4.8 has no section model, so the entity list is built as a
 * flattened list of groups, one per entity type in tagset order:
 *
 *   set entities ─▸ text filter ─┬▸ type filter (person) ─┐
 *                                ├▸ type filter (org)    ─┤  each group is
 *                                └▸ …                     │  [header] + rows
 *                                                         ▼
 *                                       flatten(flatten(header store, rows) …)
 *
 * The text filter runs once per item; each type filter only compares type
 * ids. A header is an item of its own (GlossEntityGroup) in a one-item
 * store that is emptied when its group has no rows, so that empty groups
 * take no room. Finding the row of an annotation is a binary search in its
 * group, since every filtered list keeps the core's (start, end) order. */

#define ROW_TEXT_CHARS   120
#define OTHER_COLOUR     "#c0bfbc"
#define CLAIM_COLOUR     "#9a9996"
#define MAX_DEPTH        8
#define INDENT_PER_LEVEL 16

/* Group headers */

#define GLOSS_TYPE_ENTITY_GROUP (gloss_entity_group_get_type ())
G_DECLARE_FINAL_TYPE (GlossEntityGroup, gloss_entity_group, GLOSS, ENTITY_GROUP, GObject)

struct _GlossEntityGroup
{
  GObject  parent_instance;
  char    *type_id;  /* NULL for the group of types the tagset lacks */
  char    *label;
  char    *colour;
  guint    count;
};

G_DEFINE_FINAL_TYPE (GlossEntityGroup, gloss_entity_group, G_TYPE_OBJECT)

enum
{
  GROUP_PROP_0,
  GROUP_PROP_TYPE_ID,
  GROUP_PROP_LABEL,
  GROUP_PROP_COLOUR,
  GROUP_PROP_COUNT,
  GROUP_N_PROPS
};

static GParamSpec *group_properties[GROUP_N_PROPS];

static void
gloss_entity_group_finalize (GObject *object)
{
  GlossEntityGroup *self = GLOSS_ENTITY_GROUP (object);

  g_free (self->type_id);
  g_free (self->label);
  g_free (self->colour);

  G_OBJECT_CLASS (gloss_entity_group_parent_class)->finalize (object);
}

static void
gloss_entity_group_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  GlossEntityGroup *self = GLOSS_ENTITY_GROUP (object);

  switch (prop_id)
    {
    case GROUP_PROP_TYPE_ID:
      g_value_set_string (value, self->type_id);
      break;

    case GROUP_PROP_LABEL:
      g_value_set_string (value, self->label);
      break;

    case GROUP_PROP_COLOUR:
      g_value_set_string (value, self->colour);
      break;

    case GROUP_PROP_COUNT:
      g_value_set_uint (value, self->count);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_entity_group_class_init (GlossEntityGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gloss_entity_group_finalize;
  object_class->get_property = gloss_entity_group_get_property;

  group_properties[GROUP_PROP_TYPE_ID] =
    g_param_spec_string ("type-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  group_properties[GROUP_PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  group_properties[GROUP_PROP_COLOUR] =
    g_param_spec_string ("colour", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  group_properties[GROUP_PROP_COUNT] =
    g_param_spec_uint ("count", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, GROUP_N_PROPS, group_properties);
}

static void
gloss_entity_group_init (GlossEntityGroup *self)
{
}

static GlossEntityGroup *
gloss_entity_group_new (const char *type_id,
                        const char *label,
                        const char *colour)
{
  GlossEntityGroup *self = g_object_new (GLOSS_TYPE_ENTITY_GROUP, NULL);

  self->type_id = g_strdup (type_id);
  self->label = g_strdup (label);
  self->colour = g_strdup (colour);

  return self;
}

static void
gloss_entity_group_set_count (GlossEntityGroup *self,
                              guint             count)
{
  if (self->count == count)
    return;

  self->count = count;
  g_object_notify_by_pspec (G_OBJECT (self), group_properties[GROUP_PROP_COUNT]);
}

/* Texts */

/* Copies at most @max_chars characters of @text, on one line. */
static char *
one_line (const char *text,
          guint       max_chars)
{
  GString *out = g_string_new (NULL);
  guint n = 0;
  gboolean space = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c))
        {
          space = out->len > 0;
          continue;
        }
      if (n >= max_chars)
        {
          g_string_append (out, "…");
          break;
        }
      if (space)
        {
          g_string_append_c (out, ' ');
          n++;
          space = FALSE;
        }
      g_string_append_unichar (out, c);
      n++;
    }

  return g_string_free (out, FALSE);
}

static char *
span_text (GlossDocument *document,
           guint          start,
           guint          end,
           guint          max_chars)
{
  guint length = gloss_document_get_length (document);
  g_autofree char *slice = NULL;

  start = MIN (start, length);
  end = MIN (end, length);
  if (end <= start)
    return g_strdup ("");

  /* Only look at as much text as is shown (a line break may be folded). */
  if (max_chars > 0 && end - start > 4 * max_chars)
    end = start + 4 * max_chars;
  slice = gloss_document_dup_slice (document, start, end);

  return one_line (slice, max_chars > 0 ? max_chars : G_MAXUINT);
}

char *
gloss_annotation_describe_text (GlossAnnotationSet *set,
                                GlossAnnotation    *annotation,
                                guint               max_chars)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (set), NULL);
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (annotation), NULL);

  /* An orphaned span has no text at its offsets any more: show what it
   * was made on. */
  if (gloss_annotation_get_anchor_state (annotation) == GLOSS_ANCHOR_ORPHANED &&
      gloss_annotation_get_stored_exact (annotation) != NULL)
    return one_line (gloss_annotation_get_stored_exact (annotation),
                     max_chars > 0 ? max_chars : G_MAXUINT);

  return span_text (gloss_annotation_set_get_document (set),
                    gloss_annotation_get_start (annotation),
                    gloss_annotation_get_end (annotation),
                    max_chars);
}

char *
gloss_annotation_describe_source (GlossAnnotationSet *set,
                                  GlossAnnotation    *claim,
                                  guint               max_chars)
{
  guint start, end;

  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (set), NULL);
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (claim), NULL);

  switch (gloss_annotation_get_source_kind (claim))
    {
    case GLOSS_SOURCE_ENTITY:
      {
        GlossAnnotation *entity =
          gloss_annotation_set_lookup (set, gloss_annotation_get_source_entity (claim));

        if (entity != NULL)
          return gloss_annotation_describe_text (set, entity, max_chars);
        return g_strdup (_("unknown source"));
      }

    case GLOSS_SOURCE_SPAN:
      if (gloss_annotation_get_source_span (claim, &start, &end))
        return span_text (gloss_annotation_set_get_document (set), start, end, max_chars);
      return g_strdup (_("unknown source"));

    case GLOSS_SOURCE_ARTICLE:
      return g_strdup (_("the article"));

    case GLOSS_SOURCE_NONE:
    default:
      return g_strdup (_("no source yet"));
    }
}

char *
gloss_annotation_describe_cue (GlossAnnotationSet *set,
                               GlossAnnotation    *claim,
                               guint               max_chars)
{
  guint start, end;

  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (set), NULL);
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (claim), NULL);

  if (!gloss_annotation_get_cue (claim, &start, &end))
    return g_strdup ("—");

  return span_text (gloss_annotation_set_get_document (set), start, end, max_chars);
}

/* Rows */

#define GLOSS_TYPE_ANNOTATION_ROW (gloss_annotation_row_get_type ())
G_DECLARE_FINAL_TYPE (GlossAnnotationRow, gloss_annotation_row, GLOSS, ANNOTATION_ROW, GtkWidget)

struct _GlossAnnotationRow
{
  GtkWidget  parent_instance;

  GObject   *item;      /* GlossAnnotation or GlossEntityGroup */
  gulong     count_handler;

  GtkWidget *swatch;
  GtkWidget *bar;
  GtkWidget *title;
  GtkWidget *subtitle;
  GtkWidget *detail;
  GtkWidget *count;
  GtkWidget *warning;
};

G_DEFINE_FINAL_TYPE (GlossAnnotationRow, gloss_annotation_row, GTK_TYPE_WIDGET)

static void
gloss_annotation_row_dispose (GObject *object)
{
  GlossAnnotationRow *self = GLOSS_ANNOTATION_ROW (object);
  GtkWidget *child;

  if (self->item != NULL && self->count_handler != 0)
    g_clear_signal_handler (&self->count_handler, self->item);
  g_clear_object (&self->item);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (gloss_annotation_row_parent_class)->dispose (object);
}

static void
gloss_annotation_row_class_init (GlossAnnotationRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gloss_annotation_row_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "glossannotationrow");
}

static void
gloss_annotation_row_init (GlossAnnotationRow *self)
{
  GtkWidget *box;

  gtk_box_layout_set_spacing (GTK_BOX_LAYOUT (gtk_widget_get_layout_manager (GTK_WIDGET (self))), 8);

  self->bar = gloss_type_swatch_new (NULL);
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (self->bar), 4);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self->bar), 16);
  gtk_widget_set_valign (self->bar, GTK_ALIGN_FILL);
  gtk_widget_add_css_class (self->bar, "gloss-row-bar");
  gtk_widget_set_parent (self->bar, GTK_WIDGET (self));

  self->swatch = gloss_type_swatch_new (NULL);
  gtk_widget_set_parent (self->swatch, GTK_WIDGET (self));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_hexpand (box, TRUE);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_parent (box, GTK_WIDGET (self));

  self->title = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->title), 0);
  /* Single lines only: a wrapping label would ask for more width when the
   * list measures rows for a given height, and widen the whole panel. */
  gtk_label_set_ellipsize (GTK_LABEL (self->title), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), self->title);

  self->subtitle = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (self->subtitle, "gloss-row-subtitle");
  gtk_box_append (GTK_BOX (box), self->subtitle);

  self->detail = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (self->detail), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (self->detail, "gloss-row-detail");
  gtk_box_append (GTK_BOX (box), self->detail);

  self->warning = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
  gtk_widget_add_css_class (self->warning, "warning");
  gtk_widget_set_tooltip_text (self->warning,
                               _("The article changed here since this was marked: "
                                 "check that it still covers the right words"));
  gtk_widget_set_parent (self->warning, GTK_WIDGET (self));

  self->count = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->count, "gloss-count");
  gtk_widget_set_valign (self->count, GTK_ALIGN_CENTER);
  gtk_widget_set_parent (self->count, GTK_WIDGET (self));
}

static void
row_update_count (GlossAnnotationRow *self)
{
  GlossEntityGroup *group = GLOSS_ENTITY_GROUP (self->item);
  g_autofree char *count = g_strdup_printf ("%u", group->count);
  /* Translators: the accessible name of a group header in the entity list */
  g_autofree char *name = g_strdup_printf (ngettext ("%s, %u entity", "%s, %u entities", group->count),
                                           group->label, group->count);

  gtk_label_set_text (GTK_LABEL (self->count), count);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
}

static void
group_count_notify_cb (GlossEntityGroup   *group,
                       GParamSpec         *pspec,
                       GlossAnnotationRow *self)
{
  row_update_count (self);
}

static char *
attribute_summary (GlossTagset     *tagset,
                   GlossAnnotation *annotation)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint n = gloss_annotation_get_n_attributes (annotation);

  for (guint i = 0; i < n; i++)
    {
      const char *name, *value;
      const GlossAttributeDef *def;
      const char *shown;

      gloss_annotation_get_nth_attribute (annotation, i, &name, &value);
      def = gloss_tagset_lookup_attribute (tagset, name);
      shown = value;
      if (def != NULL && def->values != NULL)
        for (guint j = 0; def->values[j] != NULL; j++)
          if (g_strcmp0 (def->values[j], value) == 0)
            shown = def->value_labels[j];
      if (out->len > 0)
        g_string_append (out, " · ");
      g_string_append (out, shown);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static guint
claim_depth (GlossAnnotationSet *set,
             GlossAnnotation    *claim)
{
  guint depth = 0;

  while (depth < MAX_DEPTH && gloss_annotation_get_parent (claim) != NULL)
    {
      claim = gloss_annotation_set_lookup (set, gloss_annotation_get_parent (claim));
      if (claim == NULL)
        break;
      depth++;
    }

  return depth;
}

static void
row_update (GlossAnnotationRow *self,
            GlossAnnotationSet *set)
{
  GlossAnnotation *annotation;
  GlossTagset *tagset;
  g_autofree char *text = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *accessible = NULL;

  if (GLOSS_IS_ENTITY_GROUP (self->item))
    {
      GlossEntityGroup *group = GLOSS_ENTITY_GROUP (self->item);

      gtk_widget_add_css_class (GTK_WIDGET (self), "gloss-group-header");
      gtk_widget_set_visible (self->bar, FALSE);
      gtk_widget_set_visible (self->swatch, TRUE);
      gtk_widget_set_visible (self->subtitle, FALSE);
      gtk_widget_set_visible (self->detail, FALSE);
      gtk_widget_set_visible (self->warning, FALSE);
      gtk_widget_set_visible (self->count, TRUE);
      gtk_widget_set_margin_start (GTK_WIDGET (self), 0);
      gloss_type_swatch_set_colour (self->swatch, group->colour);
      gtk_label_set_text (GTK_LABEL (self->title), group->label);
      row_update_count (self);
      return;
    }

  annotation = GLOSS_ANNOTATION (self->item);
  tagset = gloss_annotation_set_get_tagset (set);
  gtk_widget_remove_css_class (GTK_WIDGET (self), "gloss-group-header");
  gtk_widget_set_visible (self->bar, TRUE);
  gtk_widget_set_visible (self->swatch, FALSE);
  gtk_widget_set_visible (self->count, FALSE);
  gtk_widget_set_visible (self->warning,
                          gloss_annotation_get_anchor_state (annotation) != GLOSS_ANCHOR_OK);
  text = gloss_annotation_describe_text (set, annotation, ROW_TEXT_CHARS);

  if (gloss_annotation_get_kind (annotation) == GLOSS_ANNOTATION_CLAIM)
    {
      g_autofree char *source = gloss_annotation_describe_source (set, annotation, 40);
      g_autofree char *cue = gloss_annotation_describe_cue (set, annotation, 30);
      g_autofree char *markup = NULL;
      guint depth = claim_depth (set, annotation);

      gloss_type_swatch_set_colour (self->bar, CLAIM_COLOUR);
      gtk_widget_set_margin_start (GTK_WIDGET (self), depth * INDENT_PER_LEVEL);
      /* Translators: a claim in the list, first line: source → cue → */
      markup = g_markup_printf_escaped (_("<b>%s</b> → %s →"), source, cue);
      gtk_label_set_markup (GTK_LABEL (self->title), markup);
      /* Translators: a claim in the list, second line: the content in quotes */
      subtitle = g_strdup_printf (_("“%s”"), text);
      detail = attribute_summary (tagset, annotation);
      /* Translators: the accessible name of a claim row: source, cue, content */
      accessible = g_strdup_printf (_("%s, %s: %s"), source, cue, text);
    }
  else
    {
      const GlossEntityType *type =
        gloss_tagset_lookup_entity_type (tagset, gloss_annotation_get_type_id (annotation));
      const char *note = gloss_annotation_get_note (annotation);
      const char *link = gloss_annotation_get_link (annotation);

      gloss_type_swatch_set_colour (self->bar, type != NULL ? type->colour : OTHER_COLOUR);
      gtk_widget_set_margin_start (GTK_WIDGET (self), 0);
      gtk_label_set_text (GTK_LABEL (self->title), text);
      if (note != NULL && *note != '\0')
        subtitle = one_line (note, 80);
      else if (link != NULL && *link != '\0')
        subtitle = g_strdup (link);
      accessible = g_strdup_printf ("%s, %s", text,
                                    type != NULL ? type->label : gloss_annotation_get_type_id (annotation));
    }

  gtk_label_set_text (GTK_LABEL (self->subtitle), subtitle != NULL ? subtitle : "");
  gtk_widget_set_visible (self->subtitle, subtitle != NULL && *subtitle != '\0');
  gtk_label_set_text (GTK_LABEL (self->detail), detail != NULL ? detail : "");
  gtk_widget_set_visible (self->detail, detail != NULL && *detail != '\0');
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

static void
row_set_item (GlossAnnotationRow *self,
              GObject            *item,
              GlossAnnotationSet *set)
{
  if (self->item != NULL && self->count_handler != 0)
    g_clear_signal_handler (&self->count_handler, self->item);
  g_set_object (&self->item, item);

  if (item == NULL)
    return;

  if (GLOSS_IS_ENTITY_GROUP (item))
    self->count_handler = g_signal_connect (item, "notify::count",
                                            G_CALLBACK (group_count_notify_cb), self);
  row_update (self, set);
}

/* The list view */

typedef struct
{
  GlossEntityGroup   *header;
  GListStore         *header_store;
  GtkFilterListModel *model;
  GtkFlattenListModel *section;
  gulong              items_changed_handler;
} Group;

struct _GlossAnnotationListView
{
  GtkWidget            parent_instance;

  GlossAnnotationKind  kind;
  GlossAnnotationSet  *set;
  GSignalGroup        *set_signals;
  GlossAnnotation     *selected;
  char                *filter_text;
  char                *filter_fold;   /* NULL when nothing is filtered */

  GtkCustomFilter     *text_filter;
  GtkFilterListModel  *filtered;
  GArray              *groups;        /* Group */
  GHashTable          *group_by_type; /* type id -> index + 1 */
  GListModel          *rows;
  GtkSingleSelection  *selection;
  GHashTable          *bound_rows;
  guint                n_shown;
  gboolean             syncing;

  GtkWidget           *popover;

  /* Template */
  GtkStack            *stack;
  GtkListView         *list_view;
  GtkLabel            *empty_title;
  GtkLabel            *empty_description;
};

G_DEFINE_FINAL_TYPE (GlossAnnotationListView, gloss_annotation_list_view, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_KIND,
  PROP_ANNOTATION_SET,
  PROP_FILTER_TEXT,
  PROP_SELECTED_ANNOTATION,
  PROP_N_ANNOTATIONS,
  PROP_N_SHOWN,
  N_PROPS
};

enum
{
  ANNOTATION_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
contains_folded (const char *haystack,
                 gssize      len,
                 const char *needle_fold)
{
  g_autofree char *fold = NULL;

  if (haystack == NULL || (len < 0 && *haystack == '\0') || len == 0)
    return FALSE;
  fold = g_utf8_casefold (haystack, len);

  return strstr (fold, needle_fold) != NULL;
}

static gboolean
span_contains (GlossDocument *document,
               guint          start,
               guint          end,
               const char    *needle_fold)
{
  guint length = gloss_document_get_length (document);
  const char *slice;
  gsize n_bytes;

  start = MIN (start, length);
  end = MIN (end, length);
  if (end <= start)
    return FALSE;
  slice = gloss_document_get_slice (document, start, end, &n_bytes);

  return contains_folded (slice, n_bytes, needle_fold);
}

static gboolean
text_filter_func (gpointer item,
                  gpointer user_data)
{
  GlossAnnotationListView *self = user_data;
  GlossAnnotation *annotation = item;
  GlossDocument *document = gloss_annotation_set_get_document (self->set);
  const char *needle = self->filter_fold;

  if (needle == NULL)
    return TRUE;

  if (span_contains (document, gloss_annotation_get_start (annotation),
                     gloss_annotation_get_end (annotation), needle) ||
      contains_folded (gloss_annotation_get_note (annotation), -1, needle) ||
      contains_folded (gloss_annotation_get_link (annotation), -1, needle))
    return TRUE;

  if (gloss_annotation_get_kind (annotation) == GLOSS_ANNOTATION_CLAIM)
    {
      g_autofree char *source = gloss_annotation_describe_source (self->set, annotation, 0);
      guint start, end;

      if (contains_folded (source, -1, needle))
        return TRUE;
      if (gloss_annotation_get_cue (annotation, &start, &end) &&
          span_contains (document, start, end, needle))
        return TRUE;
    }
  else
    {
      const GlossEntityType *type =
        gloss_tagset_lookup_entity_type (gloss_annotation_set_get_tagset (self->set),
                                         gloss_annotation_get_type_id (annotation));

      if (contains_folded (type != NULL ? type->label : gloss_annotation_get_type_id (annotation),
                           -1, needle))
        return TRUE;
    }

  return FALSE;
}

static gboolean
type_filter_func (gpointer item,
                  gpointer user_data)
{
  GlossEntityGroup *header = user_data;
  const char *type_id = gloss_annotation_get_type_id (item);

  return g_strcmp0 (type_id, header->type_id) == 0;
}

static gboolean
other_filter_func (gpointer item,
                   gpointer user_data)
{
  GlossTagset *tagset = user_data;

  return gloss_tagset_lookup_entity_type (tagset, gloss_annotation_get_type_id (item)) == NULL;
}

static void
update_empty_state (GlossAnnotationListView *self)
{
  guint total = gloss_annotation_list_view_get_n_annotations (self);

  if (self->n_shown > 0)
    {
      gtk_stack_set_visible_child_name (self->stack, "list");
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "empty");
  if (self->set == NULL)
    {
      gtk_label_set_text (self->empty_title, _("No Article"));
      gtk_label_set_text (self->empty_description, _("Open an article to see its annotations."));
    }
  else if (total > 0)
    {
      gtk_label_set_text (self->empty_title, _("No Matches"));
      gtk_label_set_text (self->empty_description, _("Nothing matches the filter."));
    }
  else if (self->kind == GLOSS_ANNOTATION_CLAIM)
    {
      gtk_label_set_text (self->empty_title, _("No Claims"));
      gtk_label_set_text (self->empty_description,
                          _("Select what is claimed in the text and choose “Claim”."));
    }
  else
    {
      gtk_label_set_text (self->empty_title, _("No Entities"));
      gtk_label_set_text (self->empty_description,
                          _("Select words in the text and choose a type."));
    }
}

static void
update_n_shown (GlossAnnotationListView *self)
{
  guint n_shown = self->filtered != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) : 0;

  if (n_shown != self->n_shown)
    {
      self->n_shown = n_shown;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SHOWN]);
    }
  update_empty_state (self);
}

/* Runs after the flattened models took the change in. */
static void
group_items_changed_cb (GListModel *model,
                        guint       position,
                        guint       removed,
                        guint       added,
                        Group      *group)
{
  guint count = g_list_model_get_n_items (model);
  guint n_headers = g_list_model_get_n_items (G_LIST_MODEL (group->header_store));

  gloss_entity_group_set_count (group->header, count);
  if (count > 0 && n_headers == 0)
    g_list_store_append (group->header_store, group->header);
  else if (count == 0 && n_headers > 0)
    g_list_store_remove_all (group->header_store);
}

static guint
lower_bound (GListModel      *model,
             GlossAnnotation *annotation)
{
  guint start = gloss_annotation_get_start (annotation);
  guint end = gloss_annotation_get_end (annotation);
  guint lo = 0, hi = g_list_model_get_n_items (model);

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      g_autoptr(GlossAnnotation) item = g_list_model_get_item (model, mid);
      guint s = gloss_annotation_get_start (item);
      guint e = gloss_annotation_get_end (item);

      if (s < start || (s == start && e < end))
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/* Position of @annotation in @model (sorted by span), or G_MAXUINT. */
static guint
find_in_sorted (GListModel      *model,
                GlossAnnotation *annotation)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = lower_bound (model, annotation); i < n; i++)
    {
      g_autoptr(GlossAnnotation) item = g_list_model_get_item (model, i);

      if (item == annotation)
        return i;
      if (gloss_annotation_get_start (item) != gloss_annotation_get_start (annotation) ||
          gloss_annotation_get_end (item) != gloss_annotation_get_end (annotation))
        break;
    }

  return G_MAXUINT;
}

guint
gloss_annotation_list_view_find (GlossAnnotationListView *self,
                                 GlossAnnotation         *annotation)
{
  guint offset = 0;
  guint index;
  guint pos;

  g_return_val_if_fail (GLOSS_IS_ANNOTATION_LIST_VIEW (self), GTK_INVALID_LIST_POSITION);
  g_return_val_if_fail (annotation == NULL || GLOSS_IS_ANNOTATION (annotation), GTK_INVALID_LIST_POSITION);

  if (annotation == NULL || self->set == NULL ||
      gloss_annotation_get_kind (annotation) != self->kind)
    return GTK_INVALID_LIST_POSITION;

  if (self->kind != GLOSS_ANNOTATION_ENTITY)
    {
      pos = find_in_sorted (G_LIST_MODEL (self->filtered), annotation);
      return pos == G_MAXUINT ? GTK_INVALID_LIST_POSITION : pos;
    }

  index = GPOINTER_TO_UINT (g_hash_table_lookup (self->group_by_type,
                                                 gloss_annotation_get_type_id (annotation)));
  /* Types the tagset lacks are in the last group. */
  index = index == 0 ? self->groups->len - 1 : index - 1;

  for (guint i = 0; i < index; i++)
    offset += g_list_model_get_n_items (G_LIST_MODEL (g_array_index (self->groups, Group, i).section));

  pos = find_in_sorted (G_LIST_MODEL (g_array_index (self->groups, Group, index).model), annotation);
  if (pos == G_MAXUINT)
    return GTK_INVALID_LIST_POSITION;

  return offset + 1 + pos;
}

static void
sync_selection (GlossAnnotationListView *self,
                gboolean                 scroll)
{
  guint pos = gloss_annotation_list_view_find (self, self->selected);

  if (self->selection == NULL)
    return;

  self->syncing = TRUE;
  if (pos != GTK_INVALID_LIST_POSITION)
    {
      if (gtk_single_selection_get_selected (self->selection) != pos)
        gtk_single_selection_set_selected (self->selection, pos);
      if (scroll)
        gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", pos);
    }
  else
    {
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
    }
  self->syncing = FALSE;
}

static void
set_selected (GlossAnnotationListView *self,
              GlossAnnotation         *annotation)
{
  if (!g_set_object (&self->selected, annotation))
    return;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "annotation-list.delete", annotation != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ANNOTATION]);
}

static void
selection_changed_cb (GtkSingleSelection      *selection,
                      GParamSpec              *pspec,
                      GlossAnnotationListView *self)
{
  gpointer item;

  if (self->syncing)
    return;

  /* Only a person's choice of a row counts: a row that scrolls out of the
   * filter leaves the selected annotation as it is. */
  item = gtk_single_selection_get_selected_item (selection);
  if (!GLOSS_IS_ANNOTATION (item) || item == (gpointer) self->selected)
    return;

  set_selected (self, item);
  g_signal_emit (self, signals[ANNOTATION_ACTIVATED], 0, item);
}

static void
rows_changed_after_cb (GListModel              *model,
                       guint                    position,
                       guint                    removed,
                       guint                    added,
                       GlossAnnotationListView *self)
{
  update_n_shown (self);

  if (self->selected != NULL &&
      gtk_single_selection_get_selected_item (self->selection) != (gpointer) self->selected)
    sync_selection (self, FALSE);
}

static void
refresh_bound_rows (GlossAnnotationListView *self)
{
  GHashTableIter iter;
  gpointer row;

  g_hash_table_iter_init (&iter, self->bound_rows);
  while (g_hash_table_iter_next (&iter, &row, NULL))
    row_update (row, self->set);
}

static void
annotation_changed_cb (GlossAnnotationListView *self,
                       GlossAnnotation         *annotation)
{
  /* Only the rows on screen are bound: refreshing all of them also catches
   * claims whose source entity changed. */
  refresh_bound_rows (self);
}

static void
annotation_removed_cb (GlossAnnotationListView *self,
                       GlossAnnotation         *annotation)
{
  if (annotation == self->selected)
    set_selected (self, NULL);
  refresh_bound_rows (self);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          GlossAnnotationListView  *self)
{
  gtk_list_item_set_child (item, g_object_new (GLOSS_TYPE_ANNOTATION_ROW, NULL));
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         GlossAnnotationListView  *self)
{
  GtkWidget *row = gtk_list_item_get_child (item);
  GObject *object = gtk_list_item_get_item (item);
  gboolean header = GLOSS_IS_ENTITY_GROUP (object);

  gtk_list_item_set_selectable (item, !header);
  gtk_list_item_set_activatable (item, !header);
  row_set_item (GLOSS_ANNOTATION_ROW (row), object, self->set);
  g_hash_table_add (self->bound_rows, row);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           GlossAnnotationListView  *self)
{
  GtkWidget *row = gtk_list_item_get_child (item);

  g_hash_table_remove (self->bound_rows, row);
  row_set_item (GLOSS_ANNOTATION_ROW (row), NULL, NULL);
}

static void
clear_groups (GlossAnnotationListView *self)
{
  for (guint i = 0; i < self->groups->len; i++)
    {
      Group *group = &g_array_index (self->groups, Group, i);

      g_clear_signal_handler (&group->items_changed_handler, group->model);
      g_clear_object (&group->header);
      g_clear_object (&group->header_store);
      g_clear_object (&group->model);
      g_clear_object (&group->section);
    }
  g_array_set_size (self->groups, 0);
  g_hash_table_remove_all (self->group_by_type);
}

static void
add_group (GlossAnnotationListView *self,
           GListStore              *sections,
           GlossEntityGroup        *header,
           GtkCustomFilter         *filter)
{
  Group group = { 0 };
  GListStore *parts = g_list_store_new (G_TYPE_LIST_MODEL);

  group.header = header;
  group.header_store = g_list_store_new (G_TYPE_OBJECT);
  group.model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->filtered)),
                                           GTK_FILTER (filter));
  if (g_list_model_get_n_items (G_LIST_MODEL (group.model)) > 0)
    g_list_store_append (group.header_store, header);
  gloss_entity_group_set_count (header, g_list_model_get_n_items (G_LIST_MODEL (group.model)));

  g_list_store_append (parts, group.header_store);
  g_list_store_append (parts, group.model);
  group.section = gtk_flatten_list_model_new (G_LIST_MODEL (parts));
  g_list_store_append (sections, group.section);

  g_array_append_val (self->groups, group);
}

static void
build_models (GlossAnnotationListView *self)
{
  GListModel *source;
  GListModel *rows;

  g_clear_pointer (&self->rows, g_object_unref);
  clear_groups (self);
  g_clear_object (&self->filtered);
  self->n_shown = 0;

  if (self->set == NULL)
    {
      gtk_list_view_set_model (self->list_view, NULL);
      g_clear_object (&self->selection);
      return;
    }

  source = self->kind == GLOSS_ANNOTATION_CLAIM
    ? gloss_annotation_set_get_claims (self->set)
    : gloss_annotation_set_get_entities (self->set);
  self->filtered = gtk_filter_list_model_new (g_object_ref (source),
                                              self->filter_fold != NULL
                                              ? g_object_ref (GTK_FILTER (self->text_filter))
                                              : NULL);

  if (self->kind == GLOSS_ANNOTATION_ENTITY)
    {
      GlossTagset *tagset = gloss_annotation_set_get_tagset (self->set);
      GListStore *sections = g_list_store_new (G_TYPE_LIST_MODEL);
      guint n = gloss_tagset_get_n_entity_types (tagset);

      for (guint i = 0; i < n; i++)
        {
          const GlossEntityType *type = gloss_tagset_get_entity_type (tagset, i);
          GlossEntityGroup *header = gloss_entity_group_new (type->id, type->label, type->colour);

          add_group (self, sections, header,
                     gtk_custom_filter_new (type_filter_func, header, NULL));
          g_hash_table_insert (self->group_by_type, g_strdup (type->id), GUINT_TO_POINTER (i + 1));
        }
      add_group (self, sections,
                 gloss_entity_group_new (NULL, _("Other"), OTHER_COLOUR),
                 gtk_custom_filter_new (other_filter_func, tagset, NULL));

      rows = G_LIST_MODEL (gtk_flatten_list_model_new (G_LIST_MODEL (sections)));

      /* Connected last so that the flattened models have taken the change in. */
      for (guint i = 0; i < self->groups->len; i++)
        {
          Group *group = &g_array_index (self->groups, Group, i);

          group->items_changed_handler =
            g_signal_connect_after (group->model, "items-changed",
                                    G_CALLBACK (group_items_changed_cb), group);
        }
    }
  else
    {
      rows = g_object_ref (G_LIST_MODEL (self->filtered));
    }

  self->rows = g_object_ref (rows);
  g_clear_object (&self->selection);
  self->selection = gtk_single_selection_new (rows);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  g_signal_connect (self->selection, "notify::selected",
                    G_CALLBACK (selection_changed_cb), self);
  g_signal_connect_object (self->rows, "items-changed",
                           G_CALLBACK (rows_changed_after_cb), self, G_CONNECT_AFTER);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  update_n_shown (self);
}

static void
set_items_changed_cb (GListModel              *model,
                      guint                    position,
                      guint                    removed,
                      guint                    added,
                      GlossAnnotationListView *self)
{
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ANNOTATIONS]);
}

/* Context menu and actions */

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  GlossAnnotationListView *self = GLOSS_ANNOTATION_LIST_VIEW (widget);

  if (self->set != NULL && self->selected != NULL)
    gloss_annotation_set_remove (self->set, self->selected);
}

static void
popup_menu_at (GlossAnnotationListView *self,
               GtkWidget               *from,
               double                   x,
               double                   y)
{
  graphene_point_t point;

  if (!gtk_widget_compute_point (from, GTK_WIDGET (self), &GRAPHENE_POINT_INIT (x, y), &point))
    point = GRAPHENE_POINT_INIT (0, 0);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover),
                               &(GdkRectangle) { (int) point.x, (int) point.y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->popover));
}

static void
context_click_cb (GtkGestureClick         *gesture,
                  int                      n_press,
                  double                   x,
                  double                   y,
                  GlossAnnotationListView *self)
{
  GtkWidget *list_view = GTK_WIDGET (self->list_view);
  GtkWidget *picked = gtk_widget_pick (list_view, x, y, GTK_PICK_DEFAULT);
  GtkWidget *row = picked != NULL
    ? gtk_widget_get_ancestor (picked, GLOSS_TYPE_ANNOTATION_ROW)
    : NULL;
  GObject *item;
  guint pos;

  if (row == NULL)
    return;
  item = GLOSS_ANNOTATION_ROW (row)->item;
  if (!GLOSS_IS_ANNOTATION (item))
    return;

  /* The menu acts on the row under the pointer: select it as a click would. */
  pos = gloss_annotation_list_view_find (self, GLOSS_ANNOTATION (item));
  if (pos != GTK_INVALID_LIST_POSITION)
    gtk_single_selection_set_selected (self->selection, pos);

  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  popup_menu_at (self, list_view, x, y);
}

static void
menu_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  GlossAnnotationListView *self = GLOSS_ANNOTATION_LIST_VIEW (widget);
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

  if (self->selected == NULL)
    return;

  if (focus != NULL && gtk_widget_is_ancestor (focus, widget))
    popup_menu_at (self, focus, 12, 12);
  else
    popup_menu_at (self, widget, 12, 12);
}

/* Public API */

GtkWidget *
gloss_annotation_list_view_new (GlossAnnotationKind kind)
{
  return g_object_new (GLOSS_TYPE_ANNOTATION_LIST_VIEW, "kind", kind, NULL);
}

GlossAnnotationKind
gloss_annotation_list_view_get_kind (GlossAnnotationListView *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_LIST_VIEW (self), GLOSS_ANNOTATION_ENTITY);

  return self->kind;
}

GlossAnnotationSet *
gloss_annotation_list_view_get_annotation_set (GlossAnnotationListView *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_LIST_VIEW (self), NULL);

  return self->set;
}

void
gloss_annotation_list_view_set_annotation_set (GlossAnnotationListView *self,
                                               GlossAnnotationSet      *set)
{
  g_return_if_fail (GLOSS_IS_ANNOTATION_LIST_VIEW (self));
  g_return_if_fail (set == NULL || GLOSS_IS_ANNOTATION_SET (set));

  if (self->set == set)
    return;

  if (self->set != NULL)
    g_signal_handlers_disconnect_by_func (self->kind == GLOSS_ANNOTATION_CLAIM
                                          ? gloss_annotation_set_get_claims (self->set)
                                          : gloss_annotation_set_get_entities (self->set),
                                          set_items_changed_cb, self);
  set_selected (self, NULL);
  g_set_object (&self->set, set);
  g_signal_group_set_target (self->set_signals, set);
  if (set != NULL)
    g_signal_connect (self->kind == GLOSS_ANNOTATION_CLAIM
                      ? gloss_annotation_set_get_claims (set)
                      : gloss_annotation_set_get_entities (set),
                      "items-changed", G_CALLBACK (set_items_changed_cb), self);
  build_models (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANNOTATION_SET]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ANNOTATIONS]);
}

const char *
gloss_annotation_list_view_get_filter_text (GlossAnnotationListView *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_LIST_VIEW (self), NULL);

  return self->filter_text != NULL ? self->filter_text : "";
}

void
gloss_annotation_list_view_set_filter_text (GlossAnnotationListView *self,
                                            const char              *text)
{
  g_autofree char *stripped = NULL;
  g_autofree char *old_fold = NULL;
  GtkFilterChange change;

  g_return_if_fail (GLOSS_IS_ANNOTATION_LIST_VIEW (self));

  if (g_strcmp0 (text, self->filter_text) == 0)
    return;

  g_free (self->filter_text);
  self->filter_text = g_strdup (text);

  stripped = g_strstrip (g_strdup (text != NULL ? text : ""));
  old_fold = g_steal_pointer (&self->filter_fold);
  if (*stripped != '\0')
    self->filter_fold = g_utf8_casefold (stripped, -1);

  if (g_strcmp0 (old_fold, self->filter_fold) != 0 && self->filtered != NULL)
    {
      if (self->filter_fold == NULL)
        {
          gtk_filter_list_model_set_filter (self->filtered, NULL);
        }
      else if (old_fold == NULL)
        {
          gtk_filter_list_model_set_filter (self->filtered, GTK_FILTER (self->text_filter));
        }
      else
        {
          if (strstr (self->filter_fold, old_fold) != NULL)
            change = GTK_FILTER_CHANGE_MORE_STRICT;
          else if (strstr (old_fold, self->filter_fold) != NULL)
            change = GTK_FILTER_CHANGE_LESS_STRICT;
          else
            change = GTK_FILTER_CHANGE_DIFFERENT;
          gtk_filter_changed (GTK_FILTER (self->text_filter), change);
        }
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER_TEXT]);
}

GlossAnnotation *
gloss_annotation_list_view_get_selected_annotation (GlossAnnotationListView *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_LIST_VIEW (self), NULL);

  return self->selected;
}

void
gloss_annotation_list_view_set_selected_annotation (GlossAnnotationListView *self,
                                                    GlossAnnotation         *annotation)
{
  g_return_if_fail (GLOSS_IS_ANNOTATION_LIST_VIEW (self));
  g_return_if_fail (annotation == NULL || GLOSS_IS_ANNOTATION (annotation));

  /* An annotation of the other kind clears this list's selection. */
  if (annotation != NULL && gloss_annotation_get_kind (annotation) != self->kind)
    annotation = NULL;

  set_selected (self, annotation);
  sync_selection (self, annotation != NULL);
}

guint
gloss_annotation_list_view_get_n_annotations (GlossAnnotationListView *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_LIST_VIEW (self), 0);

  if (self->set == NULL)
    return 0;

  return g_list_model_get_n_items (self->kind == GLOSS_ANNOTATION_CLAIM
                                   ? gloss_annotation_set_get_claims (self->set)
                                   : gloss_annotation_set_get_entities (self->set));
}

guint
gloss_annotation_list_view_get_n_shown (GlossAnnotationListView *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_LIST_VIEW (self), 0);

  return self->n_shown;
}

GListModel *
gloss_annotation_list_view_get_model (GlossAnnotationListView *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_LIST_VIEW (self), NULL);

  return self->rows;
}

/* GObject */

static void
gloss_annotation_list_view_measure (GtkWidget      *widget,
                                    GtkOrientation  orientation,
                                    int             for_size,
                                    int            *minimum,
                                    int            *natural,
                                    int            *minimum_baseline,
                                    int            *natural_baseline)
{
  GlossAnnotationListView *self = GLOSS_ANNOTATION_LIST_VIEW (widget);

  gtk_widget_measure (GTK_WIDGET (self->stack), orientation, for_size,
                      minimum, natural, minimum_baseline, natural_baseline);
}

static void
gloss_annotation_list_view_size_allocate (GtkWidget *widget,
                                          int        width,
                                          int        height,
                                          int        baseline)
{
  GlossAnnotationListView *self = GLOSS_ANNOTATION_LIST_VIEW (widget);

  gtk_widget_allocate (GTK_WIDGET (self->stack), width, height, baseline, NULL);
  if (self->popover != NULL)
    gtk_popover_present (GTK_POPOVER (self->popover));
}

static void
gloss_annotation_list_view_constructed (GObject *object)
{
  GlossAnnotationListView *self = GLOSS_ANNOTATION_LIST_VIEW (object);

  G_OBJECT_CLASS (gloss_annotation_list_view_parent_class)->constructed (object);

  gtk_widget_add_css_class (GTK_WIDGET (self),
                            self->kind == GLOSS_ANNOTATION_CLAIM ? "claims" : "entities");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->kind == GLOSS_ANNOTATION_CLAIM ? _("Claims") : _("Entities"),
                                  -1);
  update_empty_state (self);
}

static void
gloss_annotation_list_view_dispose (GObject *object)
{
  GlossAnnotationListView *self = GLOSS_ANNOTATION_LIST_VIEW (object);
  GtkWidget *child;

  if (self->set != NULL)
    gloss_annotation_list_view_set_annotation_set (self, NULL);
  g_clear_pointer (&self->popover, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), GLOSS_TYPE_ANNOTATION_LIST_VIEW);
  /* The template's unnamed root is not a bound child: unparent it too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  if (self->groups != NULL)
    clear_groups (self);
  g_clear_object (&self->rows);
  g_clear_object (&self->filtered);
  g_clear_object (&self->selection);
  g_clear_object (&self->selected);
  g_clear_object (&self->text_filter);
  g_clear_object (&self->set_signals);

  G_OBJECT_CLASS (gloss_annotation_list_view_parent_class)->dispose (object);
}

static void
gloss_annotation_list_view_finalize (GObject *object)
{
  GlossAnnotationListView *self = GLOSS_ANNOTATION_LIST_VIEW (object);

  g_clear_pointer (&self->groups, g_array_unref);
  g_clear_pointer (&self->group_by_type, g_hash_table_unref);
  g_clear_pointer (&self->bound_rows, g_hash_table_unref);
  g_free (self->filter_text);
  g_free (self->filter_fold);

  G_OBJECT_CLASS (gloss_annotation_list_view_parent_class)->finalize (object);
}

static void
gloss_annotation_list_view_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  GlossAnnotationListView *self = GLOSS_ANNOTATION_LIST_VIEW (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_int (value, self->kind);
      break;

    case PROP_ANNOTATION_SET:
      g_value_set_object (value, self->set);
      break;

    case PROP_FILTER_TEXT:
      g_value_set_string (value, gloss_annotation_list_view_get_filter_text (self));
      break;

    case PROP_SELECTED_ANNOTATION:
      g_value_set_object (value, self->selected);
      break;

    case PROP_N_ANNOTATIONS:
      g_value_set_uint (value, gloss_annotation_list_view_get_n_annotations (self));
      break;

    case PROP_N_SHOWN:
      g_value_set_uint (value, self->n_shown);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_annotation_list_view_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  GlossAnnotationListView *self = GLOSS_ANNOTATION_LIST_VIEW (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_int (value);
      break;

    case PROP_ANNOTATION_SET:
      gloss_annotation_list_view_set_annotation_set (self, g_value_get_object (value));
      break;

    case PROP_FILTER_TEXT:
      gloss_annotation_list_view_set_filter_text (self, g_value_get_string (value));
      break;

    case PROP_SELECTED_ANNOTATION:
      gloss_annotation_list_view_set_selected_annotation (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_annotation_list_view_class_init (GlossAnnotationListViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = gloss_annotation_list_view_constructed;
  object_class->dispose = gloss_annotation_list_view_dispose;
  object_class->finalize = gloss_annotation_list_view_finalize;
  object_class->get_property = gloss_annotation_list_view_get_property;
  object_class->set_property = gloss_annotation_list_view_set_property;

  widget_class->measure = gloss_annotation_list_view_measure;
  widget_class->size_allocate = gloss_annotation_list_view_size_allocate;

  /* GlossAnnotationKind has no registered enum type: an int it is. */
  properties[PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL,
                      GLOSS_ANNOTATION_ENTITY, GLOSS_ANNOTATION_CLAIM, GLOSS_ANNOTATION_ENTITY,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ANNOTATION_SET] =
    g_param_spec_object ("annotation-set", NULL, NULL, GLOSS_TYPE_ANNOTATION_SET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILTER_TEXT] =
    g_param_spec_string ("filter-text", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_ANNOTATION] =
    g_param_spec_object ("selected-annotation", NULL, NULL, GLOSS_TYPE_ANNOTATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ANNOTATIONS] =
    g_param_spec_uint ("n-annotations", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_SHOWN] =
    g_param_spec_uint ("n-shown", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ANNOTATION_ACTIVATED] =
    g_signal_new ("annotation-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, GLOSS_TYPE_ANNOTATION);

  gtk_widget_class_install_action (widget_class, "annotation-list.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "annotation-list.menu", NULL, menu_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "annotation-list.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "annotation-list.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "annotation-list.menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, "annotation-list.menu", NULL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/gloss/Gloss/ui/gloss-annotation-list-view.ui");
  gtk_widget_class_bind_template_child (widget_class, GlossAnnotationListView, stack);
  gtk_widget_class_bind_template_child (widget_class, GlossAnnotationListView, list_view);
  gtk_widget_class_bind_template_child (widget_class, GlossAnnotationListView, empty_title);
  gtk_widget_class_bind_template_child (widget_class, GlossAnnotationListView, empty_description);
  gtk_widget_class_bind_template_callback (widget_class, setup_cb);
  gtk_widget_class_bind_template_callback (widget_class, bind_cb);
  gtk_widget_class_bind_template_callback (widget_class, unbind_cb);

  gtk_widget_class_set_css_name (widget_class, "glossannotationlistview");
}

static void
gloss_annotation_list_view_init (GlossAnnotationListView *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  GtkGesture *gesture;

  self->groups = g_array_new (FALSE, TRUE, sizeof (Group));
  self->group_by_type = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->bound_rows = g_hash_table_new (NULL, NULL);
  self->text_filter = gtk_custom_filter_new (text_filter_func, self, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  self->set_signals = g_signal_group_new (GLOSS_TYPE_ANNOTATION_SET);
  g_signal_group_connect_swapped (self->set_signals, "annotation-changed",
                                  G_CALLBACK (annotation_changed_cb), self);
  g_signal_group_connect_swapped (self->set_signals, "annotation-removed",
                                  G_CALLBACK (annotation_removed_cb), self);

  g_menu_append (menu, _("_Delete"), "annotation-list.delete");
  self->popover = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_popover_set_has_arrow (GTK_POPOVER (self->popover), FALSE);
  gtk_widget_set_halign (self->popover, GTK_ALIGN_START);
  gtk_widget_set_parent (self->popover, GTK_WIDGET (self));

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (context_click_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->list_view), GTK_EVENT_CONTROLLER (gesture));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "annotation-list.delete", FALSE);
}
