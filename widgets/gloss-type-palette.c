/* gloss-type-palette.c: buttons that mark the selection with a type
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-type-palette"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "gloss-type-palette.h"

#define N_COLUMNS 2

struct _GlossTypePalette
{
  GtkWidget    parent_instance;

  GlossTagset *tagset;
  gboolean     can_mark;
  GHashTable  *buttons;      /* type id (owned by the tagset) -> GtkButton */

  GtkGrid     *grid;
  GtkButton   *claim_button;
};

G_DEFINE_FINAL_TYPE (GlossTypePalette, gloss_type_palette, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_TAGSET,
  PROP_CAN_MARK,
  N_PROPS
};

enum
{
  TYPE_CHOSEN,
  CLAIM_CHOSEN,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* Swatches */

static GQuark swatch_quark;

static void
draw_swatch (GtkDrawingArea *area,
             cairo_t        *cr,
             int             width,
             int             height,
             gpointer        user_data)
{
  const GdkRGBA *rgba = g_object_get_qdata (G_OBJECT (area), swatch_quark);
  double radius = MIN (width, height) / 4.0;
  double x = 0.5, y = 0.5, w = width - 1.0, h = height - 1.0;

  if (rgba == NULL)
    return;

  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - radius, y + radius, radius, -G_PI / 2, 0);
  cairo_arc (cr, x + w - radius, y + h - radius, radius, 0, G_PI / 2);
  cairo_arc (cr, x + radius, y + h - radius, radius, G_PI / 2, G_PI);
  cairo_arc (cr, x + radius, y + radius, radius, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
  gdk_cairo_set_source_rgba (cr, rgba);
  cairo_fill_preserve (cr);
  /* A faint edge keeps pale colours visible on a light background. */
  cairo_set_source_rgba (cr, 0, 0, 0, 0.18);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);
}

GtkWidget *
gloss_type_swatch_new (const char *colour)
{
  GtkWidget *swatch = gtk_drawing_area_new ();

  if (swatch_quark == 0)
    swatch_quark = g_quark_from_static_string ("gloss-swatch-colour");

  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (swatch), 12);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (swatch), 12);
  gtk_widget_set_valign (swatch, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (swatch, "gloss-swatch");
  gtk_accessible_update_state (GTK_ACCESSIBLE (swatch), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (swatch), draw_swatch, NULL, NULL);
  gloss_type_swatch_set_colour (swatch, colour);

  return swatch;
}

void
gloss_type_swatch_set_colour (GtkWidget  *swatch,
                              const char *colour)
{
  GdkRGBA rgba;

  g_return_if_fail (GTK_IS_DRAWING_AREA (swatch));

  if (colour != NULL && gdk_rgba_parse (&rgba, colour))
    g_object_set_qdata_full (G_OBJECT (swatch), swatch_quark,
                             gdk_rgba_copy (&rgba), (GDestroyNotify) gdk_rgba_free);
  else
    g_object_set_qdata (G_OBJECT (swatch), swatch_quark, NULL);
  gtk_widget_queue_draw (swatch);
}

/* Palette */

static void
type_button_clicked_cb (GtkButton        *button,
                        GlossTypePalette *self)
{
  const char *type_id = g_object_get_data (G_OBJECT (button), "gloss-type-id");

  g_signal_emit (self, signals[TYPE_CHOSEN], 0, type_id);
}

static void
claim_button_clicked_cb (GlossTypePalette *self)
{
  g_signal_emit (self, signals[CLAIM_CHOSEN], 0);
}

static GtkWidget *
create_type_button (GlossTypePalette      *self,
                    const GlossEntityType *type)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *label = gtk_label_new (type->label);
  g_autofree char *tooltip = NULL;

  gtk_box_append (GTK_BOX (box), gloss_type_swatch_new (type->colour));

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (box), label);

  if (type->key != 0)
    {
      char buf[8] = { 0 };
      GtkWidget *key;

      g_unichar_to_utf8 (g_unichar_toupper (type->key), buf);
      key = gtk_label_new (buf);
      gtk_widget_add_css_class (key, "gloss-key");
      gtk_accessible_update_state (GTK_ACCESSIBLE (key), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
      gtk_box_append (GTK_BOX (box), key);

      /* Translators: a tooltip: a type's description, then its key */
      tooltip = g_strdup_printf (_("%s\nKey: %s"),
                                 type->description != NULL ? type->description : type->label,
                                 buf);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                      GTK_ACCESSIBLE_PROPERTY_KEY_SHORTCUTS, buf,
                                      -1);
    }
  else
    {
      tooltip = g_strdup (type->description != NULL ? type->description : type->label);
    }

  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "gloss-type-button");
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_name (button, type->id);
  /* The label, not the tooltip, is what a screen reader announces. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, type->label,
                                  -1);
  if (type->description != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, type->description,
                                    -1);
  g_object_set_data (G_OBJECT (button), "gloss-type-id", (gpointer) type->id);
  g_signal_connect (button, "clicked", G_CALLBACK (type_button_clicked_cb), self);

  return button;
}

static void
rebuild (GlossTypePalette *self)
{
  GtkWidget *child;
  guint n;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->grid))) != NULL)
    gtk_grid_remove (self->grid, child);
  g_hash_table_remove_all (self->buttons);

  if (self->tagset == NULL)
    return;

  n = gloss_tagset_get_n_entity_types (self->tagset);
  for (guint i = 0; i < n; i++)
    {
      const GlossEntityType *type = gloss_tagset_get_entity_type (self->tagset, i);
      GtkWidget *button = create_type_button (self, type);

      gtk_widget_set_sensitive (button, self->can_mark);
      gtk_grid_attach (self->grid, button, i % N_COLUMNS, i / N_COLUMNS, 1, 1);
      g_hash_table_insert (self->buttons, (char *) type->id, button);
    }
}

static void
update_sensitivity (GlossTypePalette *self)
{
  GHashTableIter iter;
  gpointer button;

  g_hash_table_iter_init (&iter, self->buttons);
  while (g_hash_table_iter_next (&iter, NULL, &button))
    gtk_widget_set_sensitive (button, self->can_mark);
  gtk_widget_set_sensitive (GTK_WIDGET (self->claim_button), self->can_mark);
}

GtkWidget *
gloss_type_palette_new (void)
{
  return g_object_new (GLOSS_TYPE_TYPE_PALETTE, NULL);
}

GlossTagset *
gloss_type_palette_get_tagset (GlossTypePalette *self)
{
  g_return_val_if_fail (GLOSS_IS_TYPE_PALETTE (self), NULL);

  return self->tagset;
}

void
gloss_type_palette_set_tagset (GlossTypePalette *self,
                               GlossTagset      *tagset)
{
  g_return_if_fail (GLOSS_IS_TYPE_PALETTE (self));
  g_return_if_fail (tagset == NULL || GLOSS_IS_TAGSET (tagset));

  if (!g_set_object (&self->tagset, tagset))
    return;

  rebuild (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAGSET]);
}

gboolean
gloss_type_palette_get_can_mark (GlossTypePalette *self)
{
  g_return_val_if_fail (GLOSS_IS_TYPE_PALETTE (self), FALSE);

  return self->can_mark;
}

void
gloss_type_palette_set_can_mark (GlossTypePalette *self,
                                 gboolean          can_mark)
{
  g_return_if_fail (GLOSS_IS_TYPE_PALETTE (self));

  can_mark = !!can_mark;
  if (self->can_mark == can_mark)
    return;

  self->can_mark = can_mark;
  update_sensitivity (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_MARK]);
}

GtkWidget *
gloss_type_palette_get_button (GlossTypePalette *self,
                               const char       *type_id)
{
  g_return_val_if_fail (GLOSS_IS_TYPE_PALETTE (self), NULL);
  g_return_val_if_fail (type_id != NULL, NULL);

  if (g_strcmp0 (type_id, "claim") == 0)
    return GTK_WIDGET (self->claim_button);

  return g_hash_table_lookup (self->buttons, type_id);
}

static void
gloss_type_palette_dispose (GObject *object)
{
  GlossTypePalette *self = GLOSS_TYPE_PALETTE (object);
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (self), GLOSS_TYPE_TYPE_PALETTE);
  /* The template's unnamed root is not a bound child: unparent it too. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  if (self->buttons != NULL)
    g_hash_table_remove_all (self->buttons);
  g_clear_object (&self->tagset);

  G_OBJECT_CLASS (gloss_type_palette_parent_class)->dispose (object);
}

static void
gloss_type_palette_finalize (GObject *object)
{
  GlossTypePalette *self = GLOSS_TYPE_PALETTE (object);

  g_clear_pointer (&self->buttons, g_hash_table_unref);

  G_OBJECT_CLASS (gloss_type_palette_parent_class)->finalize (object);
}

static void
gloss_type_palette_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  GlossTypePalette *self = GLOSS_TYPE_PALETTE (object);

  switch (prop_id)
    {
    case PROP_TAGSET:
      g_value_set_object (value, self->tagset);
      break;

    case PROP_CAN_MARK:
      g_value_set_boolean (value, self->can_mark);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_type_palette_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  GlossTypePalette *self = GLOSS_TYPE_PALETTE (object);

  switch (prop_id)
    {
    case PROP_TAGSET:
      gloss_type_palette_set_tagset (self, g_value_get_object (value));
      break;

    case PROP_CAN_MARK:
      gloss_type_palette_set_can_mark (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_type_palette_class_init (GlossTypePaletteClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gloss_type_palette_dispose;
  object_class->finalize = gloss_type_palette_finalize;
  object_class->get_property = gloss_type_palette_get_property;
  object_class->set_property = gloss_type_palette_set_property;

  properties[PROP_TAGSET] =
    g_param_spec_object ("tagset", NULL, NULL, GLOSS_TYPE_TAGSET,
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

  gtk_widget_class_set_template_from_resource (widget_class, "/io/gloss/Gloss/ui/gloss-type-palette.ui");
  gtk_widget_class_bind_template_child (widget_class, GlossTypePalette, grid);
  gtk_widget_class_bind_template_child (widget_class, GlossTypePalette, claim_button);
  gtk_widget_class_bind_template_callback (widget_class, claim_button_clicked_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "glosstypepalette");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
gloss_type_palette_init (GlossTypePalette *self)
{
  self->buttons = g_hash_table_new (g_str_hash, g_str_equal);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_sensitive (GTK_WIDGET (self->claim_button), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Annotation types"),
                                  -1);
}
