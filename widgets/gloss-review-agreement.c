/* gloss-review-agreement.c: agreement measures as a table and a chart
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-review"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "gloss-review-agreement.h"

#define CHART_ROW     22
#define CHART_LABEL   130
#define CHART_VALUE   48
#define CHART_MAX_PAIRS 6

struct _GlossReviewAgreement
{
  GtkWidget       parent_instance;

  GlossAgreement *agreement;
  GlossTagset    *tagset;
  GHashTable     *cells;   /* key -> GtkLabel (borrowed: children of the grids) */

  /* What the chart draws: per type (first "all"), per pair, F1. */
  GPtrArray      *chart_types;  /* char *: labels */
  GArray         *chart_exact;  /* double [type * n_pairs + pair] */
  GArray         *chart_overlap;
  guint           chart_pairs;

  GtkWidget      *scroller;
  GtkWidget      *box;
  GtkWidget      *message_label;
  GtkWidget      *summary_label;
  GtkWidget      *span_grid;
  GtkWidget      *chart;
  GtkWidget      *chart_legend;
  GtkWidget      *claim_grid;
  GtkWidget      *attribute_grid;
};

G_DEFINE_FINAL_TYPE (GlossReviewAgreement, gloss_review_agreement, GTK_TYPE_WIDGET)

static const char *
type_label (GlossReviewAgreement *self,
            const char           *type)
{
  const GlossEntityType *def;

  if (type == NULL)
    return _("All types");
  def = self->tagset != NULL ? gloss_tagset_lookup_entity_type (self->tagset, type) : NULL;
  return def != NULL ? def->label : type;
}

static const char *
attribute_label (GlossReviewAgreement *self,
                 const char           *name)
{
  const GlossAttributeDef *def = self->tagset != NULL ? gloss_tagset_lookup_attribute (self->tagset, name) : NULL;

  return def != NULL ? def->label : name;
}

static GtkWidget *
header (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "caption-heading");
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  return label;
}

static GtkWidget *
row_label (const char *text,
           gboolean    strong)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  if (strong)
    gtk_widget_add_css_class (label, "heading");
  return label;
}

/* A value cell, remembered under @key for tests and tooltips. */
static void
value_cell (GlossReviewAgreement *self,
            GtkGrid              *grid,
            int                   column,
            int                   row,
            const char           *key,
            double                value,
            const char           *tooltip)
{
  g_autofree char *text = gloss_agreement_format_value (value);
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_widget_add_css_class (label, "numeric");
  if (isnan (value))
    gtk_widget_add_css_class (label, "dim-label");
  if (tooltip != NULL)
    gtk_widget_set_tooltip_text (label, tooltip);
  gtk_grid_attach (grid, label, column, row, 1, 1);
  g_hash_table_insert (self->cells, g_strdup (key), label);
}

static GtkWidget *
new_grid (void)
{
  GtkWidget *grid = gtk_grid_new ();

  gtk_grid_set_column_spacing (GTK_GRID (grid), 14);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  gtk_widget_add_css_class (grid, "gloss-agreement-table");
  return grid;
}

static void
replace_grid (GlossReviewAgreement  *self,
              GtkWidget            **slot,
              GtkWidget             *grid)
{
  gtk_box_insert_child_after (GTK_BOX (self->box), grid, *slot);
  gtk_box_remove (GTK_BOX (self->box), *slot);
  *slot = grid;
}

static char *
pair_name (GlossAgreement *agreement,
           guint           a,
           guint           b)
{
  return g_strdup_printf ("%s – %s", gloss_agreement_get_annotator (agreement, a),
                          gloss_agreement_get_annotator (agreement, b));
}

static gboolean
type_is_used (GlossAgreement *agreement,
              const char     *type)
{
  guint n = gloss_agreement_get_n_annotators (agreement);

  for (guint a = 0; a < n; a++)
    for (guint b = a + 1; b < n; b++)
      {
        GlossSpanScore score;

        gloss_agreement_get_span_score (agreement, a, b, type, GLOSS_SPAN_MATCH_EXACT, &score);
        if (score.n_reference + score.n_other > 0)
          return TRUE;
      }
  return FALSE;
}

static void
build_spans (GlossReviewAgreement *self)
{
  GlossAgreement *agreement = self->agreement;
  guint n = gloss_agreement_get_n_annotators (agreement);
  const char * const *types = gloss_agreement_get_entity_types (agreement);
  GtkWidget *grid = new_grid ();
  int column = 1, row = 2;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  g_ptr_array_add (rows, NULL);
  for (guint t = 0; types != NULL && types[t] != NULL; t++)
    if (type_is_used (agreement, types[t]))
      g_ptr_array_add (rows, (gpointer) types[t]);

  g_ptr_array_set_size (self->chart_types, 0);
  g_array_set_size (self->chart_exact, 0);
  g_array_set_size (self->chart_overlap, 0);
  self->chart_pairs = 0;

  gtk_grid_attach (GTK_GRID (grid), row_label (_("Entity type"), TRUE), 0, 1, 1, 1);
  for (guint a = 0; a < n; a++)
    for (guint b = a + 1; b < n; b++)
      {
        g_autofree char *name = pair_name (agreement, a, b);
        GtkWidget *pair = gtk_label_new (name);

        gtk_widget_add_css_class (pair, "heading");
        gtk_grid_attach (GTK_GRID (grid), pair, column, 0, 3, 1);
        gtk_grid_attach (GTK_GRID (grid), header (_("F1 exact")), column, 1, 1, 1);
        gtk_grid_attach (GTK_GRID (grid), header (_("F1 overlap")), column + 1, 1, 1, 1);
        gtk_grid_attach (GTK_GRID (grid), header (_("Cohen κ")), column + 2, 1, 1, 1);
        column += 3;
        self->chart_pairs++;
      }
  {
    GtkWidget *all = gtk_label_new (_("All annotators"));

    gtk_widget_add_css_class (all, "heading");
    gtk_grid_attach (GTK_GRID (grid), all, column, 0, 2, 1);
    gtk_grid_attach (GTK_GRID (grid), header (_("Fleiss κ")), column, 1, 1, 1);
    gtk_grid_attach (GTK_GRID (grid), header (_("Krippendorff α")), column + 1, 1, 1, 1);
  }

  for (guint r = 0; r < rows->len; r++, row++)
    {
      const char *type = g_ptr_array_index (rows, r);
      const char *type_key = type != NULL ? type : "*";
      guint64 n_tokens = 0;
      double value;
      g_autofree char *fleiss_key = g_strdup_printf ("fleiss:%s", type_key);
      g_autofree char *alpha_key = g_strdup_printf ("alpha:%s", type_key);
      g_autofree char *tip = NULL;

      gtk_grid_attach (GTK_GRID (grid), row_label (type_label (self, type), type == NULL), 0, row, 1, 1);
      g_ptr_array_add (self->chart_types, (gpointer) type_label (self, type));
      column = 1;
      for (guint a = 0; a < n; a++)
        for (guint b = a + 1; b < n; b++)
          {
            const char *id_a = gloss_agreement_get_annotator (agreement, a);
            const char *id_b = gloss_agreement_get_annotator (agreement, b);
            GlossSpanScore exact, overlap;
            g_autofree char *exact_key = g_strdup_printf ("f1-exact:%s:%s:%s", id_a, id_b, type_key);
            g_autofree char *overlap_key = g_strdup_printf ("f1-overlap:%s:%s:%s", id_a, id_b, type_key);
            g_autofree char *kappa_key = g_strdup_printf ("kappa:%s:%s:%s", id_a, id_b, type_key);
            g_autofree char *exact_tip = NULL;
            g_autofree char *overlap_tip = NULL;
            g_autofree char *kappa_tip = NULL;
            double observed = NAN;

            gloss_agreement_get_span_score (agreement, a, b, type, GLOSS_SPAN_MATCH_EXACT, &exact);
            gloss_agreement_get_span_score (agreement, a, b, type, GLOSS_SPAN_MATCH_OVERLAP, &overlap);
            /* Translators: counts behind an F1 value */
            exact_tip = g_strdup_printf (_("%u matched; %s marked %u, %s marked %u"),
                                         exact.n_matched, id_a, exact.n_reference, id_b, exact.n_other);
            overlap_tip = g_strdup_printf (_("%u matched; %s marked %u, %s marked %u"),
                                           overlap.n_matched, id_a, overlap.n_reference, id_b, overlap.n_other);
            value_cell (self, GTK_GRID (grid), column, row, exact_key, exact.f1, exact_tip);
            value_cell (self, GTK_GRID (grid), column + 1, row, overlap_key, overlap.f1, overlap_tip);
            value = gloss_agreement_get_cohen_kappa (agreement, a, b, type, &observed, &n_tokens);
            {
              g_autofree char *obs = gloss_agreement_format_value (observed);

              /* Translators: what a Cohen's kappa rests on */
              kappa_tip = g_strdup_printf (_("%" G_GUINT64_FORMAT " tokens, observed agreement %s"),
                                           n_tokens, obs);
            }
            value_cell (self, GTK_GRID (grid), column + 2, row, kappa_key, value, kappa_tip);
            g_array_append_val (self->chart_exact, exact.f1);
            g_array_append_val (self->chart_overlap, overlap.f1);
            column += 3;
          }

      value = gloss_agreement_get_fleiss_kappa (agreement, type, &n_tokens);
      tip = g_strdup_printf (_("%" G_GUINT64_FORMAT " tokens"), n_tokens);
      value_cell (self, GTK_GRID (grid), column, row, fleiss_key, value, tip);
      g_free (tip);
      value = gloss_agreement_get_krippendorff_alpha (agreement, type, &n_tokens);
      tip = g_strdup_printf (_("%" G_GUINT64_FORMAT " tokens"), n_tokens);
      value_cell (self, GTK_GRID (grid), column + 1, row, alpha_key, value, tip);
    }

  replace_grid (self, &self->span_grid, grid);
  gtk_widget_set_size_request (self->chart, -1, (int) (self->chart_types->len * CHART_ROW + 8));
  gtk_widget_queue_draw (self->chart);
}

static void
build_claims (GlossReviewAgreement *self)
{
  GlossAgreement *agreement = self->agreement;
  guint n = gloss_agreement_get_n_annotators (agreement);
  GtkWidget *grid = new_grid ();
  int row = 1;

  gtk_grid_attach (GTK_GRID (grid), row_label (_("Claims"), TRUE), 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), header (_("Precision")), 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), header (_("Recall")), 2, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), header (_("F1")), 3, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), header (_("Same source")), 4, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), header (_("Same cue")), 5, 0, 1, 1);

  for (guint a = 0; a < n; a++)
    for (guint b = a + 1; b < n; b++, row++)
      {
        const char *id_a = gloss_agreement_get_annotator (agreement, a);
        const char *id_b = gloss_agreement_get_annotator (agreement, b);
        g_autofree char *name = pair_name (agreement, a, b);
        g_autofree char *key = NULL;
        g_autofree char *tip = NULL;
        GlossClaimScore score;

        gloss_agreement_get_claim_score (agreement, a, b, &score);
        tip = g_strdup_printf (_("%u matched; %s marked %u, %s marked %u"),
                               score.n_matched, id_a, score.n_reference, id_b, score.n_other);
        gtk_grid_attach (GTK_GRID (grid), row_label (name, FALSE), 0, row, 1, 1);
        key = g_strdup_printf ("claim-precision:%s:%s", id_a, id_b);
        value_cell (self, GTK_GRID (grid), 1, row, key, score.precision, tip);
        g_free (key);
        key = g_strdup_printf ("claim-recall:%s:%s", id_a, id_b);
        value_cell (self, GTK_GRID (grid), 2, row, key, score.recall, tip);
        g_free (key);
        key = g_strdup_printf ("claim-f1:%s:%s", id_a, id_b);
        value_cell (self, GTK_GRID (grid), 3, row, key, score.f1, tip);
        g_free (key);
        g_free (tip);
        tip = g_strdup_printf (_("%u of %u matched claims"), score.n_same_source, score.n_matched);
        key = g_strdup_printf ("claim-source:%s:%s", id_a, id_b);
        value_cell (self, GTK_GRID (grid), 4, row, key, score.source_agreement, tip);
        g_free (key);
        g_free (tip);
        tip = g_strdup_printf (_("%u of %u matched claims"), score.n_same_cue, score.n_matched);
        key = g_strdup_printf ("claim-cue:%s:%s", id_a, id_b);
        value_cell (self, GTK_GRID (grid), 5, row, key, score.cue_agreement, tip);
      }
  replace_grid (self, &self->claim_grid, grid);
}

static void
build_attributes (GlossReviewAgreement *self)
{
  GlossAgreement *agreement = self->agreement;
  guint n = gloss_agreement_get_n_annotators (agreement);
  const char * const *names = gloss_agreement_get_claim_attributes (agreement);
  GtkWidget *grid = new_grid ();
  int column = 1;

  gtk_grid_attach (GTK_GRID (grid), row_label (_("Claim attribute"), TRUE), 0, 1, 1, 1);
  for (guint a = 0; a < n; a++)
    for (guint b = a + 1; b < n; b++, column += 2)
      {
        g_autofree char *name = pair_name (agreement, a, b);
        GtkWidget *pair = gtk_label_new (name);

        gtk_widget_add_css_class (pair, "heading");
        gtk_grid_attach (GTK_GRID (grid), pair, column, 0, 2, 1);
        gtk_grid_attach (GTK_GRID (grid), header (_("Observed")), column, 1, 1, 1);
        gtk_grid_attach (GTK_GRID (grid), header (_("Cohen κ")), column + 1, 1, 1, 1);
      }

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      int row = (int) i + 2;

      column = 1;
      gtk_grid_attach (GTK_GRID (grid), row_label (attribute_label (self, names[i]), FALSE), 0, row, 1, 1);
      for (guint a = 0; a < n; a++)
        for (guint b = a + 1; b < n; b++, column += 2)
          {
            const char *id_a = gloss_agreement_get_annotator (agreement, a);
            const char *id_b = gloss_agreement_get_annotator (agreement, b);
            GlossAttributeScore score;
            g_autofree char *key = NULL;
            g_autofree char *tip = NULL;

            gloss_agreement_get_attribute_score (agreement, a, b, names[i], &score);
            tip = g_strdup_printf (_("%u of %u matched claims have the same value"), score.n_same, score.n_compared);
            key = g_strdup_printf ("attribute-observed:%s:%s:%s", id_a, id_b, names[i]);
            value_cell (self, GTK_GRID (grid), column, row, key, score.observed, tip);
            g_free (key);
            key = g_strdup_printf ("attribute-kappa:%s:%s:%s", id_a, id_b, names[i]);
            value_cell (self, GTK_GRID (grid), column + 1, row, key, score.kappa, tip);
          }
    }
  replace_grid (self, &self->attribute_grid, grid);
}

/* The chart: per type, a bar per pair for the F1 with overlap matching,
 * and a tick where the F1 with exact matching is. */

static void
pair_colour (guint    pair,
             gboolean dark,
             GdkRGBA *colour)
{
  static const char * const light[] = { "#3584e4", "#e66100", "#2ec27e", "#9141ac", "#c01c28", "#986a44" };
  static const char * const darkc[] = { "#62a0ea", "#ffa348", "#57e389", "#c061cb", "#ed333b", "#cdab8f" };

  gdk_rgba_parse (colour, (dark ? darkc : light)[pair % G_N_ELEMENTS (light)]);
}

static void
draw_chart (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  GlossReviewAgreement *self = user_data;
  GdkRGBA fg;
  gboolean dark;
  double bar_width = MAX (width - CHART_LABEL - CHART_VALUE, 40);
  guint pairs = MIN (self->chart_pairs, CHART_MAX_PAIRS);
  PangoLayout *layout;

  if (self->chart_types->len == 0 || pairs == 0)
    return;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (area)), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS
  dark = 0.2126 * fg.red + 0.7152 * fg.green + 0.0722 * fg.blue > 0.5;
  layout = gtk_widget_create_pango_layout (GTK_WIDGET (area), NULL);

  for (guint t = 0; t < self->chart_types->len; t++)
    {
      double y = 4 + t * CHART_ROW;
      double slot = (CHART_ROW - 6) / (double) pairs;
      int tw, th;

      pango_layout_set_text (layout, g_ptr_array_index (self->chart_types, t), -1);
      pango_layout_set_width (layout, (CHART_LABEL - 8) * PANGO_SCALE);
      pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
      pango_layout_get_pixel_size (layout, &tw, &th);
      gdk_cairo_set_source_rgba (cr, &fg);
      cairo_move_to (cr, 0, y + (CHART_ROW - 6 - th) / 2.0);
      pango_cairo_show_layout (cr, layout);

      /* The track: where 1.0 would end. */
      cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.08);
      cairo_rectangle (cr, CHART_LABEL, y, bar_width, CHART_ROW - 6);
      cairo_fill (cr);

      for (guint p = 0; p < pairs; p++)
        {
          double overlap = g_array_index (self->chart_overlap, double, t * self->chart_pairs + p);
          double exact = g_array_index (self->chart_exact, double, t * self->chart_pairs + p);
          GdkRGBA colour;

          pair_colour (p, dark, &colour);
          if (!isnan (overlap))
            {
              gdk_cairo_set_source_rgba (cr, &colour);
              cairo_rectangle (cr, CHART_LABEL, y + p * slot, bar_width * CLAMP (overlap, 0, 1), slot - 1);
              cairo_fill (cr);
            }
          if (!isnan (exact))
            {
              cairo_set_source_rgba (cr, fg.red, fg.green, fg.blue, 0.85);
              cairo_rectangle (cr, CHART_LABEL + bar_width * CLAMP (exact, 0, 1) - 1, y + p * slot, 2, slot - 1);
              cairo_fill (cr);
            }
          if (p == 0)
            {
              g_autofree char *text = gloss_agreement_format_value (overlap);

              pango_layout_set_width (layout, -1);
              pango_layout_set_text (layout, text, -1);
              pango_layout_get_pixel_size (layout, &tw, &th);
              gdk_cairo_set_source_rgba (cr, &fg);
              cairo_move_to (cr, CHART_LABEL + bar_width + 6, y + (CHART_ROW - 6 - th) / 2.0);
              pango_cairo_show_layout (cr, layout);
            }
        }
    }
  g_object_unref (layout);
}

static void
update_legend (GlossReviewAgreement *self)
{
  GString *text = g_string_new (NULL);
  guint n = self->agreement != NULL ? gloss_agreement_get_n_annotators (self->agreement) : 0;
  guint p = 0;

  for (guint a = 0; a < n; a++)
    for (guint b = a + 1; b < n && p < CHART_MAX_PAIRS; b++, p++)
      {
        g_autofree char *name = pair_name (self->agreement, a, b);
        GdkRGBA colour;
        g_autofree char *hex = NULL;
        g_autofree char *escaped = g_markup_escape_text (name, -1);

        pair_colour (p, FALSE, &colour);
        hex = g_strdup_printf ("#%02x%02x%02x", (int) (colour.red * 255), (int) (colour.green * 255),
                               (int) (colour.blue * 255));
        g_string_append_printf (text, "%s<span foreground=\"%s\">■</span> %s", text->len > 0 ? "   " : "",
                                hex, escaped);
      }
  /* Translators: the chart's key; the bars and the tick */
  g_string_append_printf (text, "   %s", _("bar: F1 with overlap · tick: F1 exact"));
  gtk_label_set_markup (GTK_LABEL (self->chart_legend), text->str);
  g_string_free (text, TRUE);
}

/* API */

GtkWidget *
gloss_review_agreement_new (void)
{
  return g_object_new (GLOSS_TYPE_REVIEW_AGREEMENT, NULL);
}

void
gloss_review_agreement_set_agreement (GlossReviewAgreement *self,
                                      GlossAgreement       *agreement,
                                      GlossTagset          *tagset,
                                      const char           *message)
{
  g_return_if_fail (GLOSS_IS_REVIEW_AGREEMENT (self));
  g_return_if_fail (agreement == NULL || GLOSS_IS_AGREEMENT (agreement));

  g_set_object (&self->agreement, agreement);
  g_set_object (&self->tagset, tagset);
  g_hash_table_remove_all (self->cells);

  gtk_widget_set_visible (self->message_label, agreement == NULL);
  gtk_widget_set_visible (self->scroller, agreement != NULL);
  gtk_label_set_text (GTK_LABEL (self->message_label), message != NULL ? message : "");
  if (agreement == NULL)
    {
      g_ptr_array_set_size (self->chart_types, 0);
      return;
    }

  {
    guint docs = gloss_agreement_get_n_documents (agreement);
    g_autofree char *summary = NULL;

    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u document compared", "%u documents compared", docs),
                               docs);
    gtk_label_set_text (GTK_LABEL (self->summary_label), summary);
  }
  build_spans (self);
  build_claims (self);
  build_attributes (self);
  update_legend (self);
}

GlossAgreement *
gloss_review_agreement_get_agreement (GlossReviewAgreement *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_AGREEMENT (self), NULL);

  return self->agreement;
}

const char *
gloss_review_agreement_get_cell_text (GlossReviewAgreement *self,
                                      const char           *key)
{
  GtkLabel *label;

  g_return_val_if_fail (GLOSS_IS_REVIEW_AGREEMENT (self), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  label = g_hash_table_lookup (self->cells, key);
  return label != NULL ? gtk_label_get_text (label) : NULL;
}

GtkWidget *
gloss_review_agreement_get_chart (GlossReviewAgreement *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_AGREEMENT (self), NULL);

  return self->chart;
}

/* GObject */

static void
gloss_review_agreement_dispose (GObject *object)
{
  GlossReviewAgreement *self = GLOSS_REVIEW_AGREEMENT (object);

  if (self->cells != NULL)
    g_hash_table_remove_all (self->cells);
  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  g_clear_pointer (&self->message_label, gtk_widget_unparent);
  g_clear_object (&self->agreement);
  g_clear_object (&self->tagset);

  G_OBJECT_CLASS (gloss_review_agreement_parent_class)->dispose (object);
}

static void
gloss_review_agreement_finalize (GObject *object)
{
  GlossReviewAgreement *self = GLOSS_REVIEW_AGREEMENT (object);

  g_clear_pointer (&self->cells, g_hash_table_unref);
  g_clear_pointer (&self->chart_types, g_ptr_array_unref);
  g_clear_pointer (&self->chart_exact, g_array_unref);
  g_clear_pointer (&self->chart_overlap, g_array_unref);

  G_OBJECT_CLASS (gloss_review_agreement_parent_class)->finalize (object);
}

static void
gloss_review_agreement_class_init (GlossReviewAgreementClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gloss_review_agreement_dispose;
  object_class->finalize = gloss_review_agreement_finalize;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "glossreviewagreement");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static GtkWidget *
section_title (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "title-4");
  gtk_widget_set_margin_top (label, 12);
  return label;
}

static void
gloss_review_agreement_init (GlossReviewAgreement *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  self->cells = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->chart_types = g_ptr_array_new ();
  self->chart_exact = g_array_new (FALSE, FALSE, sizeof (double));
  self->chart_overlap = g_array_new (FALSE, FALSE, sizeof (double));

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (self->box, 14);
  gtk_widget_set_margin_end (self->box, 14);
  gtk_widget_set_margin_top (self->box, 8);
  gtk_widget_set_margin_bottom (self->box, 14);

  self->summary_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->summary_label), 0);
  gtk_widget_add_css_class (self->summary_label, "dim-label");
  gtk_box_append (GTK_BOX (self->box), self->summary_label);

  gtk_box_append (GTK_BOX (self->box), section_title (_("Entity spans")));
  self->span_grid = new_grid ();
  gtk_box_append (GTK_BOX (self->box), self->span_grid);

  gtk_box_append (GTK_BOX (self->box), section_title (_("F1 per type")));
  self->chart = gtk_drawing_area_new ();
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->chart), draw_chart, self, NULL);
  gtk_widget_set_hexpand (self->chart, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->chart),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Chart of the F1 per entity type"),
                                  -1);
  gtk_box_append (GTK_BOX (self->box), self->chart);
  self->chart_legend = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->chart_legend), 0);
  gtk_label_set_wrap (GTK_LABEL (self->chart_legend), TRUE);
  gtk_widget_add_css_class (self->chart_legend, "caption");
  gtk_box_append (GTK_BOX (self->box), self->chart_legend);

  gtk_box_append (GTK_BOX (self->box), section_title (_("Claims")));
  self->claim_grid = new_grid ();
  gtk_box_append (GTK_BOX (self->box), self->claim_grid);
  self->attribute_grid = new_grid ();
  gtk_box_append (GTK_BOX (self->box), self->attribute_grid);

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (self->scroller, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), self->box);
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));
  gtk_widget_set_visible (self->scroller, FALSE);

  self->message_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->message_label, "dim-label");
  gtk_widget_set_vexpand (self->message_label, TRUE);
  gtk_label_set_wrap (GTK_LABEL (self->message_label), TRUE);
  gtk_widget_set_parent (self->message_label, GTK_WIDGET (self));
}
