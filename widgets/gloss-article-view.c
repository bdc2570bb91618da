/* gloss-article-view.c: the article text, where analysts read and mark
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-article-view"

#include "config.h"

#include <math.h>

#include <glib/gi18n.h>

#include "gloss-article-view.h"
#include "gloss-article-view-private.h"
#include "gloss-tagset.h"
#include "gloss-tokenizer.h"

/* How painting stays cheap with 100 000 spans (see DESIGN.md, "Rendering
 * at scale"): no text tags at all. The spans are painted in the layer below
 * the text from the core's interval index, and only for the lines that are
 * on screen. What a paragraph needs (the rectangles of its spans, their
 * lanes, and a render node drawing them) is kept per paragraph line,
 * relative to the paragraph's top, so that a scrolled frame only looks up
 * each visible line's y and replays the node. A change to an annotation
 * drops the lines it touches; a change of width or style drops them all.
 *
 * A very long paragraph (a whole article on one line) is cut into bands
 * of BAND_HEIGHT pixels so that only the visible part of it is looked at. */

#define BAND_HEIGHT       1024
#define BAND_MARGIN       64
#define MAX_CACHED_LINES  1024
#define LANE_STEP         3
#define LANE_THICKNESS    2
#define MAX_LANES         3
#define LINE_GAP          (1 + LANE_STEP * MAX_LANES)
#define BASE_MARGIN       24
#define GUTTER_WIDTH      20
#define CLAIM_BAR_WIDTH   3
#define CLAIM_BAR_STEP    5
#define MAX_LINE_CHARS    78
#define FLASH_DURATION_US (1200 * 1000)

/* Rough heap cost of one colour or repeat node, for the cache estimate. */
#define NODE_BYTES        112

typedef enum
{
  PIECE_CLAIM   = 1 << 0,
  PIECE_FIRST   = 1 << 1, /* holds the first character of its span */
  PIECE_AGREED  = 1 << 2, /* review: the one painted version of an agreed group */
  PIECE_VERSION = 1 << 3, /* review: one annotator's version of a disagreement */
} PieceFlags;

/* One display-line piece of one annotation. */
typedef struct
{
  GlossAnnotation *annotation; /* borrowed: the set holds it while it is cached */
  graphene_rect_t  rect;       /* relative to the top of the paragraph */
  guint8           lane;
  guint8           claim_lane;
  guint8           flags;
  guint8           annotator;  /* review: the annotator's index */
} Piece;

typedef struct
{
  GArray        *pieces;       /* Piece; NULL until computed */
  GskRenderNode *node;         /* NULL when there is nothing to paint */
  guint          n_nodes;
} Band;

typedef struct
{
  guint  line;
  guint  last_used;
  guint  n_bands;
  Band  *bands;
} LineCache;

typedef struct
{
  GdkRGBA fill;
  GdkRGBA line;
} TypeColours;

typedef enum
{
  DRAG_NONE,
  DRAG_PENDING,   /* pressed, not moved far enough to select */
  DRAG_SELECTING,
} DragMode;

struct _GlossArticleView
{
  GtkTextView         parent_instance;

  GlossAnnotationSet *set;
  GlossReview        *review;    /* when set, painted instead of the set */
  GlossTokenizer     *tokenizer; /* made on first use: opening stays cheap */
  GSignalGroup       *set_signals;

  GlossAnnotation    *selected;
  GlossAnnotation    *hovered;
  GlossAnnotation    *flashing;
  gint64              flash_start;
  guint               flash_tick;

  GHashTable         *lines;     /* line number -> LineCache */
  guint               frame;
  int                 cached_width;
  int                 cached_margin;
  GdkRGBA             fg;
  gboolean            dark;
  GHashTable         *colours;   /* type id -> TypeColours */
  GdkRGBA             claim_colour;

  /* Pointer selection */
  DragMode            drag_mode;
  guint               anchor_start;
  guint               anchor_end;
  double              press_x;
  double              press_y;
  guint               press_button;
  GdkModifierType     press_state;
  int                 press_n;

  /* Clicking again at the same place selects the next annotation there */
  double              last_click_x;
  double              last_click_y;
  guint               last_click_index;

  guint               last_sel_start;
  guint               last_sel_end;
  guint               last_caret;
  char               *description;
  GtkTextMark        *scroll_mark;
};

G_DEFINE_FINAL_TYPE (GlossArticleView, gloss_article_view, GTK_TYPE_TEXT_VIEW)

enum
{
  PROP_0,
  PROP_ANNOTATION_SET,
  PROP_SELECTED_ANNOTATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SELECTION_CHANGED,
  ANNOTATION_ACTIVATED,
  ANNOTATION_EDIT_REQUESTED,
  CONTEXT_MENU_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void update_caret_description (GlossArticleView *self);

/* Small helpers */

static GtkTextBuffer *
get_buffer (GlossArticleView *self)
{
  return gtk_text_view_get_buffer (GTK_TEXT_VIEW (self));
}

static guint
buffer_length (GlossArticleView *self)
{
  return gtk_text_buffer_get_char_count (get_buffer (self));
}

static void
iter_at_offset (GlossArticleView *self,
                GtkTextIter      *iter,
                guint             offset)
{
  gtk_text_buffer_get_iter_at_offset (get_buffer (self), iter, (int) MIN (offset, G_MAXINT));
}

static guint
iter_offset (const GtkTextIter *iter)
{
  return (guint) gtk_text_iter_get_offset (iter);
}

static GlossTokenizer *
get_tokenizer (GlossArticleView *self)
{
  if (self->tokenizer == NULL && self->set != NULL)
    self->tokenizer = gloss_tokenizer_new (gloss_annotation_set_get_document (self->set));
  return self->tokenizer;
}

static gboolean
is_claim (GlossAnnotation *annotation)
{
  return gloss_annotation_get_kind (annotation) == GLOSS_ANNOTATION_CLAIM;
}

static guint
span_length (GlossAnnotation *annotation)
{
  return gloss_annotation_get_end (annotation) - gloss_annotation_get_start (annotation);
}

/* Innermost first: shorter spans, then entities before claims, then the
 * later start (the more deeply nested), then the set's order. */
static int
compare_innermost (gconstpointer a,
                   gconstpointer b)
{
  GlossAnnotation *x = *(GlossAnnotation **) a;
  GlossAnnotation *y = *(GlossAnnotation **) b;
  guint lx = span_length (x), ly = span_length (y);

  if (lx != ly)
    return lx < ly ? -1 : 1;
  if (is_claim (x) != is_claim (y))
    return is_claim (x) ? 1 : -1;
  if (gloss_annotation_get_start (x) != gloss_annotation_get_start (y))
    return gloss_annotation_get_start (x) > gloss_annotation_get_start (y) ? -1 : 1;
  return g_strcmp0 (gloss_annotation_get_id (x), gloss_annotation_get_id (y));
}

/* Lane order: outer spans first so that they keep the lane nearest the
 * text and what they enclose stacks below them. */
static int
compare_outer_first (gconstpointer a,
                     gconstpointer b)
{
  GlossAnnotation *x = *(GlossAnnotation **) a;
  GlossAnnotation *y = *(GlossAnnotation **) b;
  guint sx = gloss_annotation_get_start (x), sy = gloss_annotation_get_start (y);
  guint ex = gloss_annotation_get_end (x), ey = gloss_annotation_get_end (y);

  if (sx != sy)
    return sx < sy ? -1 : 1;
  if (ex != ey)
    return ex > ey ? -1 : 1;
  if (is_claim (x) != is_claim (y))
    return is_claim (x) ? -1 : 1;
  return g_strcmp0 (gloss_annotation_get_id (x), gloss_annotation_get_id (y));
}

/* Colours */

static void
shade (GdkRGBA       *out,
       const GdkRGBA *in,
       float          factor)
{
  out->red = in->red * factor;
  out->green = in->green * factor;
  out->blue = in->blue * factor;
  out->alpha = in->alpha;
}

static const TypeColours *
colours_for_type (GlossArticleView *self,
                  const char       *type_id)
{
  TypeColours *colours = g_hash_table_lookup (self->colours, type_id);
  const GlossEntityType *type = NULL;
  GdkRGBA base;

  if (colours != NULL)
    return colours;

  if (self->set != NULL)
    type = gloss_tagset_lookup_entity_type (gloss_annotation_set_get_tagset (self->set), type_id);
  if (type == NULL || !gdk_rgba_parse (&base, type->colour))
    gdk_rgba_parse (&base, "#c0bfbc");

  colours = g_new0 (TypeColours, 1);
  /* The tagset's colours are light tints: on a light background they fill
   * almost opaquely and the underline is a darker shade so that it shows;
   * on a dark background the tint is the line and a faint wash the fill. */
  if (self->dark)
    {
      colours->fill = base;
      colours->fill.alpha = 0.32f;
      colours->line = base;
    }
  else
    {
      colours->fill = base;
      colours->fill.alpha = 0.6f;
      shade (&colours->line, &base, 0.55f);
    }
  g_hash_table_insert (self->colours, g_strdup (type_id), colours);
  return colours;
}

/* Annotators of a review: hues far apart from each other, darker than
 * the type tints so that an underline shows on any fill. */
static const char * const annotator_colours[][2] = {
  { "#1a5fb4", "#99c1f1" },
  { "#c64600", "#ffbe6f" },
  { "#26a269", "#8ff0a4" },
  { "#813d9c", "#dc8add" },
  { "#a51d2d", "#f66151" },
  { "#865e3c", "#cdab8f" },
};

static void
annotator_colour (GlossArticleView *self,
                  guint             index,
                  GdkRGBA          *colour)
{
  gdk_rgba_parse (colour, annotator_colours[index % G_N_ELEMENTS (annotator_colours)][self->dark ? 1 : 0]);
}

static const GdkRGBA *
line_colour (GlossArticleView *self,
             GlossAnnotation  *annotation)
{
  if (is_claim (annotation))
    return &self->claim_colour;
  return &colours_for_type (self, gloss_annotation_get_type_id (annotation))->line;
}

/* The set @annotation belongs to: in review, one of the annotators'. */
static GlossAnnotationSet *
owner_set (GlossArticleView *self,
           GlossAnnotation  *annotation,
           int              *annotator)
{
  if (annotator != NULL)
    *annotator = -1;
  if (self->review != NULL)
    for (guint a = 0; a < gloss_review_get_n_annotators (self->review); a++)
      {
        GlossAnnotationSet *set = gloss_review_get_set (self->review, a);

        if (gloss_annotation_set_lookup (set, gloss_annotation_get_id (annotation)) == annotation)
          {
            if (annotator != NULL)
              *annotator = (int) a;
            return set;
          }
      }
  return self->set;
}

/* Cache */

static void
band_clear (Band *band)
{
  g_clear_pointer (&band->pieces, g_array_unref);
  g_clear_pointer (&band->node, gsk_render_node_unref);
  band->n_nodes = 0;
}

static void
line_cache_free (gpointer data)
{
  LineCache *lc = data;

  for (guint i = 0; i < lc->n_bands; i++)
    band_clear (&lc->bands[i]);
  g_free (lc->bands);
  g_free (lc);
}

static void
invalidate_all (GlossArticleView *self)
{
  g_hash_table_remove_all (self->lines);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
invalidate_range (GlossArticleView *self,
                  guint             start,
                  guint             end)
{
  GtkTextIter a, b;
  int first, last;

  iter_at_offset (self, &a, start);
  iter_at_offset (self, &b, end);
  first = gtk_text_iter_get_line (&a);
  last = gtk_text_iter_get_line (&b);
  for (int line = first; line <= last; line++)
    g_hash_table_remove (self->lines, GINT_TO_POINTER (line));
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static gboolean
line_mentions (gpointer key,
               gpointer value,
               gpointer user_data)
{
  LineCache *lc = value;

  for (guint b = 0; b < lc->n_bands; b++)
    {
      GArray *pieces = lc->bands[b].pieces;

      if (pieces == NULL)
        continue;
      for (guint i = 0; i < pieces->len; i++)
        if (g_array_index (pieces, Piece, i).annotation == user_data)
          return TRUE;
    }
  return FALSE;
}

/* Where it was painted before may not be where it is now. */
static void
invalidate_annotation (GlossArticleView *self,
                       GlossAnnotation  *annotation)
{
  g_hash_table_foreach_remove (self->lines, line_mentions, annotation);
  invalidate_range (self,
                    gloss_annotation_get_start (annotation),
                    gloss_annotation_get_end (annotation));
}

static void
evict_lines (GlossArticleView *self)
{
  GHashTableIter iter;
  gpointer value;

  if (g_hash_table_size (self->lines) <= MAX_CACHED_LINES)
    return;

  /* Keep what this frame painted; the rest is cheap to redo. */
  g_hash_table_iter_init (&iter, self->lines);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((LineCache *) value)->last_used != self->frame)
      g_hash_table_iter_remove (&iter);
}

/* Geometry */

/* Strong right-to-left characters, and the controls that start an RTL
 * run: where any of them occurs, spans are measured character by
 * character so that a span broken up by reordering paints in pieces. */
static gboolean
is_rtl_char (gunichar c)
{
  return (c >= 0x0590 && c <= 0x08FF)
      || (c >= 0xFB1D && c <= 0xFDFF)
      || (c >= 0xFE70 && c <= 0xFEFF)
      || (c >= 0x10800 && c <= 0x10FFF)
      || (c >= 0x1E800 && c <= 0x1EFFF)
      || c == 0x200F || c == 0x202B || c == 0x202E || c == 0x2067 || c == 0x061C;
}

static gboolean
range_has_rtl (GlossArticleView *self,
               guint             start,
               guint             end)
{
  GlossDocument *document;
  const char *p, *stop;
  gsize n_bytes;

  if (gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL)
    return TRUE;
  if (self->set == NULL || start >= end)
    return FALSE;

  document = gloss_annotation_set_get_document (self->set);
  p = gloss_document_get_slice (document, start, end, &n_bytes);
  stop = p + n_bytes;
  while (p < stop)
    {
      /* Everything below U+0590 is two bytes at most with a lead byte
       * below 0xD6: skip it without decoding. */
      if ((guchar) *p < 0xD6)
        {
          p++;
          continue;
        }
      if (is_rtl_char (g_utf8_get_char (p)))
        return TRUE;
      p = g_utf8_next_char (p);
    }
  return FALSE;
}

static void
add_rect (GArray *rects,
          float   x,
          float   y,
          float   width,
          float   height)
{
  graphene_rect_t r;

  if (width < 0)
    {
      x += width;
      width = -width;
    }

  if (rects->len > 0)
    {
      graphene_rect_t *last = &g_array_index (rects, graphene_rect_t, rects->len - 1);

      /* Touching pieces of the same display line become one. */
      if (last->origin.y == y && last->size.height == height
          && x <= last->origin.x + last->size.width + 0.5f
          && x + width >= last->origin.x - 0.5f)
        {
          float x0 = MIN (x, last->origin.x);
          float x1 = MAX (x + width, last->origin.x + last->size.width);

          last->origin.x = x0;
          last->size.width = x1 - x0;
          return;
        }
    }

  graphene_rect_init (&r, x, y, width, height);
  g_array_append_val (rects, r);
}

/* The rectangles (buffer coordinates, one per display line and visual
 * run) that [start, end) covers; both ends lie in one paragraph. */
static void
span_rects (GlossArticleView *self,
            guint             start,
            guint             end,
            gboolean          bidi,
            GArray           *rects)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GtkTextIter it, stop;

  if (start >= end)
    return;

  iter_at_offset (self, &it, start);
  iter_at_offset (self, &stop, end);

  if (bidi)
    {
      while (gtk_text_iter_compare (&it, &stop) < 0)
        {
          GdkRectangle r;

          gtk_text_view_get_iter_location (view, &it, &r);
          if (r.width != 0)
            add_rect (rects, r.x, r.y, r.width, r.height);
          gtk_text_iter_forward_char (&it);
        }
      return;
    }

  while (gtk_text_iter_compare (&it, &stop) < 0)
    {
      GtkTextIter next = it;
      GdkRectangle a, b;
      int x1;

      gtk_text_view_get_iter_location (view, &it, &a);
      if (!gtk_text_view_forward_display_line (view, &next)
          || gtk_text_iter_compare (&next, &stop) >= 0
          || gtk_text_iter_compare (&next, &it) <= 0)
        next = stop;

      gtk_text_view_get_iter_location (view, &next, &b);
      if (b.y == a.y && gtk_text_iter_equal (&next, &stop))
        {
          x1 = b.x;
        }
      else
        {
          /* The span goes on past a wrap: up to the end of the last
           * character on this display line. */
          GtkTextIter last = next;

          gtk_text_iter_backward_char (&last);
          gtk_text_view_get_iter_location (view, &last, &b);
          x1 = b.x + b.width;
        }
      add_rect (rects, a.x, a.y, x1 - a.x, a.height);
      it = next;
    }
}

static void
paragraph_bounds (const GtkTextIter *line_start,
                  guint             *start,
                  guint             *end)
{
  GtkTextIter e = *line_start;

  if (!gtk_text_iter_ends_line (&e))
    gtk_text_iter_forward_to_line_end (&e);
  *start = iter_offset (line_start);
  *end = iter_offset (&e);
}

/* The code-point offset of @iter, from its byte index in its paragraph:
 * GtkTextIter's own conversion walks the whole line. */
static guint
band_start_offset (GlossArticleView  *self,
                   const GtkTextIter *iter,
                   guint              para_start)
{
  GlossDocument *document = gloss_annotation_set_get_document (self->set);

  return gloss_document_byte_to_offset (document,
                                        gloss_document_offset_to_byte (document, para_start)
                                        + gtk_text_iter_get_line_index (iter));
}

static void
build_band_node (GlossArticleView *self,
                 Band             *band)
{
  GtkSnapshot *snapshot;
  float gutter_x;
  guint n_nodes = 0;

  g_clear_pointer (&band->node, gsk_render_node_unref);
  band->n_nodes = 0;
  if (band->pieces->len == 0)
    return;

  gutter_x = gtk_text_view_get_left_margin (GTK_TEXT_VIEW (self)) - GUTTER_WIDTH / 2;
  snapshot = gtk_snapshot_new ();

  for (guint i = 0; i < band->pieces->len; i++)
    {
      const Piece *p = &g_array_index (band->pieces, Piece, i);

      GdkRGBA fill;

      if (p->flags & PIECE_CLAIM)
        continue;
      fill = colours_for_type (self, gloss_annotation_get_type_id (p->annotation))->fill;
      /* Versions that differ overlap: each is a light wash, so that where
       * they coincide the fill deepens. */
      if (p->flags & PIECE_VERSION)
        fill.alpha *= 0.45f;
      gtk_snapshot_append_color (snapshot, &fill, &p->rect);
      n_nodes++;
    }

  for (guint i = 0; i < band->pieces->len; i++)
    {
      const Piece *p = &g_array_index (band->pieces, Piece, i);
      graphene_rect_t line;
      float y = p->rect.origin.y + p->rect.size.height + 1 + LANE_STEP * MIN (p->lane, MAX_LANES - 1);

      GdkRGBA version_colour;

      if (p->flags & PIECE_VERSION)
        annotator_colour (self, p->annotator, &version_colour);
      graphene_rect_init (&line, p->rect.origin.x, y, p->rect.size.width, LANE_THICKNESS);
      if (p->flags & PIECE_CLAIM)
        {
          graphene_rect_t dash, bar;

          /* Claims: a dashed underline, and a bar beside their lines. */
          graphene_rect_init (&dash, p->rect.origin.x, y, 4, LANE_THICKNESS);
          gtk_snapshot_push_repeat (snapshot, &line,
                                    &GRAPHENE_RECT_INIT (p->rect.origin.x, y, 7, LANE_THICKNESS));
          gtk_snapshot_append_color (snapshot,
                                     (p->flags & PIECE_VERSION) ? &version_colour : &self->claim_colour,
                                     &dash);
          gtk_snapshot_pop (snapshot);

          graphene_rect_init (&bar,
                              gutter_x - CLAIM_BAR_STEP * MIN (p->claim_lane, 3),
                              p->rect.origin.y,
                              CLAIM_BAR_WIDTH,
                              p->rect.size.height + LINE_GAP);
          gtk_snapshot_append_color (snapshot, &self->claim_colour, &bar);
          n_nodes += 3;
        }
      else if (p->flags & PIECE_VERSION)
        {
          gtk_snapshot_append_color (snapshot, &version_colour, &line);
          n_nodes++;
        }
      else if (!(p->flags & PIECE_AGREED))
        {
          gtk_snapshot_append_color (snapshot, line_colour (self, p->annotation), &line);
          n_nodes++;
        }
    }

  band->node = gtk_snapshot_free_to_node (snapshot);
  band->n_nodes = n_nodes + 1;
}

typedef struct
{
  GlossAnnotation *annotation;
  guint            start; /* clamped to the band */
  guint            end;
  guint8           lane;
  guint8           claim_lane;
  guint8           flags;     /* PIECE_AGREED, PIECE_VERSION */
  guint8           annotator;
} Span;

static void
add_piece (Band                  *band,
           const Span            *span,
           const graphene_rect_t *rect,
           int                    line_y,
           gboolean               first)
{
  Piece piece = {
    .annotation = span->annotation,
    .lane = span->lane,
    .claim_lane = span->claim_lane,
    .flags = (is_claim (span->annotation) ? PIECE_CLAIM : 0) | (first ? PIECE_FIRST : 0) | span->flags,
    .annotator = span->annotator,
  };

  graphene_rect_init (&piece.rect,
                      rect->origin.x, rect->origin.y - line_y,
                      rect->size.width, rect->size.height);
  g_array_append_val (band->pieces, piece);
}

/* Geometry of a long paragraph. GTK answers a position in a paragraph in
 * time proportional to its offset there (a millisecond or more deep into
 * a 200 000-character line), so here GTK is asked only where the band's
 * display lines break (cheap) and where its first character is; each
 * display line is then laid out again on its own, with the view's font
 * and the paragraph's direction, and measured locally. */
static void
long_band_geometry (GlossArticleView  *self,
                    Band              *band,
                    const GtkTextIter *band_start,
                    guint              para_start,
                    guint              para_end,
                    guint              start,
                    guint              end,
                    int                line_y,
                    GArray            *spans)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GlossDocument *document = gloss_annotation_set_get_document (self->set);
  const char *text = gloss_document_get_text (document, NULL);
  gsize para_byte = gloss_document_offset_to_byte (document, para_start);
  gsize para_end_byte = gloss_document_offset_to_byte (document, para_end);
  g_autoptr(GObject) context = G_OBJECT (gtk_widget_create_pango_context (GTK_WIDGET (self)));
  g_autoptr(PangoLayout) layout = NULL;
  PangoDirection dir;
  GtkTextIter line = *band_start;
  int para_line = gtk_text_iter_get_line (band_start);
  int spacing = gtk_text_view_get_pixels_inside_wrap (view);
  guint line_start = start;
  gsize line_start_byte;
  GdkRectangle first;
  float y, left_edge = 0, right_edge = 0;
  gboolean rtl;

  /* The paragraph's direction decides its alignment, as in GTK. */
  /* Deprecated, but what GTK 4.8 itself uses to decide. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  dir = pango_find_base_dir (text + para_byte, (int) MIN (para_end_byte - para_byte, 65536));
  G_GNUC_END_IGNORE_DEPRECATIONS
  if (dir == PANGO_DIRECTION_NEUTRAL)
    dir = gtk_widget_get_direction (GTK_WIDGET (self)) == GTK_TEXT_DIR_RTL
          ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR;
  rtl = dir == PANGO_DIRECTION_RTL;
  pango_context_set_base_dir (PANGO_CONTEXT (context), dir);
  layout = pango_layout_new (PANGO_CONTEXT (context));
  pango_layout_set_auto_dir (layout, FALSE);

  gtk_text_view_get_iter_location (view, &line, &first);
  y = first.y;
  line_start_byte = para_byte + gtk_text_iter_get_line_index (&line);

  for (guint k = 0;; k++)
    {
      GtkTextIter next = line;
      gboolean more;
      gsize next_byte;
      guint next_start;
      PangoLayoutLine *pl;
      PangoRectangle logical;
      float line_left;

      more = gtk_text_view_forward_display_line (view, &next)
             && gtk_text_iter_get_line (&next) == para_line;
      next_byte = more ? para_byte + gtk_text_iter_get_line_index (&next) : para_end_byte;
      next_start = more ? gloss_document_byte_to_offset (document, next_byte) : para_end;
      if (next_byte <= line_start_byte)
        break;

      pango_layout_set_text (layout, text + line_start_byte, (int) (next_byte - line_start_byte));
      pl = pango_layout_get_line_readonly (layout, 0);
      /* In Pango units: rounding each line to pixels would drift. */
      pango_layout_line_get_extents (pl, NULL, &logical);

      if (k == 0)
        {
          PangoRectangle pos;

          /* Where GTK put the first character fixes the line's edge. */
          pango_layout_index_to_pos (layout, 0, &pos);
          left_edge = first.x - roundf ((float) pos.x / PANGO_SCALE);
          right_edge = left_edge + (float) logical.width / PANGO_SCALE;
        }
      line_left = rtl ? right_edge - (float) logical.width / PANGO_SCALE : left_edge;

      for (guint i = 0; i < spans->len; i++)
        {
          const Span *span = &g_array_index (spans, Span, i);
          guint ps = MAX (span->start, line_start);
          guint pe = MIN (span->end, next_start);
          int *ranges = NULL;
          int n_ranges = 0;

          if (ps >= pe)
            continue;
          pango_layout_line_get_x_ranges (pl,
                                          (int) (gloss_document_offset_to_byte (document, ps) - line_start_byte),
                                          (int) (gloss_document_offset_to_byte (document, pe) - line_start_byte),
                                          &ranges, &n_ranges);
          for (int r = 0; r < n_ranges; r++)
            {
              graphene_rect_t rect;

              float x0 = roundf (line_left + (float) ranges[2 * r] / PANGO_SCALE);
              float x1 = roundf (line_left + (float) ranges[2 * r + 1] / PANGO_SCALE);

              /* Whole pixels, as GTK places characters. */
              graphene_rect_init (&rect, x0, roundf (y), x1 - x0,
                                  roundf ((float) logical.height / PANGO_SCALE));
              add_piece (band, span, &rect, line_y,
                         ps == gloss_annotation_get_start (span->annotation) && r == 0);
            }
          g_free (ranges);
        }

      y += (float) logical.height / PANGO_SCALE + spacing;
      if (!more || next_start >= end)
        break;
      line = next;
      line_start = next_start;
      line_start_byte = next_byte;
    }
}

#define LONG_PARAGRAPH 3000

/* What a band paints: an annotation, and in review whose it is. */
typedef struct
{
  GlossAnnotation *annotation; /* first: compare_outer_first() reads it */
  guint8           annotator;
  guint8           flags;
} Found;

static void
query_found (GlossArticleView *self,
             guint             start,
             guint             end,
             GArray           *found)
{
  g_autoptr(GPtrArray) hits = g_ptr_array_new ();

  if (self->review == NULL)
    {
      gloss_annotation_set_query (self->set, start, end, hits);
      for (guint i = 0; i < hits->len; i++)
        {
          Found f = { g_ptr_array_index (hits, i), 0, 0 };

          g_array_append_val (found, f);
        }
      return;
    }

  for (guint a = 0; a < gloss_review_get_n_annotators (self->review); a++)
    {
      g_ptr_array_set_size (hits, 0);
      gloss_annotation_set_query (gloss_review_get_set (self->review, a), start, end, hits);
      for (guint i = 0; i < hits->len; i++)
        {
          GlossAnnotation *annotation = g_ptr_array_index (hits, i);
          GlossReviewGroup *group = gloss_review_find_group (self->review, a, annotation);
          Found f = { annotation, (guint8) MIN (a, G_MAXUINT8), PIECE_VERSION };

          if (group != NULL && gloss_review_group_is_agreed (group))
            {
              /* Agreed: painted once, as the first version. */
              if (gloss_review_group_get_first_present (group) != a)
                continue;
              f.flags = PIECE_AGREED;
            }
          g_array_append_val (found, f);
        }
    }
}

static void
compute_band (GlossArticleView  *self,
              Band              *band,
              const GtkTextIter *band_start,
              guint              para_start,
              guint              para_end,
              guint              start,
              guint              end,
              int                line_y)
{
  g_autoptr(GArray) found = g_array_new (FALSE, FALSE, sizeof (Found));
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (Span));
  guint lane_end[32];
  guint claim_lane_end[32];
  guint n_lanes = 0, n_claim_lanes = 0;

  band->pieces = g_array_new (FALSE, FALSE, sizeof (Piece));
  if (self->set == NULL || start >= end)
    return;

  query_found (self, start, end, found);
  if (found->len == 0)
    return;
  /* Found starts with the annotation: the comparison reads it. Stable, so
   * that versions keep the order of their annotators. */
  g_array_sort (found, compare_outer_first);

  for (guint i = 0; i < found->len; i++)
    {
      const Found *f = &g_array_index (found, Found, i);
      GlossAnnotation *annotation = f->annotation;
      Span span = {
        .annotation = annotation,
        .start = MAX (gloss_annotation_get_start (annotation), start),
        .end = MIN (gloss_annotation_get_end (annotation), end),
        .flags = f->flags,
        .annotator = f->annotator,
      };
      guint lane, claim_lane = 0;

      if (span.start >= span.end)
        continue;

      if (f->flags & PIECE_VERSION)
        {
          /* Review: each annotator keeps a lane of their own. */
          lane = MIN (f->annotator, MAX_LANES - 1);
        }
      else
        {
          /* Greedy lanes: the lowest one free where this span starts. */
          for (lane = 0; lane < n_lanes; lane++)
            if (lane_end[lane] <= span.start)
              break;
          if (lane == n_lanes && n_lanes < G_N_ELEMENTS (lane_end))
            n_lanes++;
          lane = MIN (lane, G_N_ELEMENTS (lane_end) - 1);
          lane_end[lane] = span.end;
        }

      if (is_claim (annotation))
        {
          for (claim_lane = 0; claim_lane < n_claim_lanes; claim_lane++)
            if (claim_lane_end[claim_lane] <= span.start)
              break;
          if (claim_lane == n_claim_lanes && n_claim_lanes < G_N_ELEMENTS (claim_lane_end))
            n_claim_lanes++;
          claim_lane = MIN (claim_lane, G_N_ELEMENTS (claim_lane_end) - 1);
          claim_lane_end[claim_lane] = span.end;
        }
      span.lane = lane;
      span.claim_lane = claim_lane;
      g_array_append_val (spans, span);
    }

  if (para_end - para_start > LONG_PARAGRAPH)
    {
      long_band_geometry (self, band, band_start, para_start, para_end, start, end, line_y, spans);
    }
  else
    {
      g_autoptr(GArray) rects = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
      gboolean bidi = range_has_rtl (self, start, end);

      for (guint i = 0; i < spans->len; i++)
        {
          const Span *span = &g_array_index (spans, Span, i);

          g_array_set_size (rects, 0);
          span_rects (self, span->start, span->end, bidi, rects);
          for (guint r = 0; r < rects->len; r++)
            add_piece (band, span, &g_array_index (rects, graphene_rect_t, r), line_y,
                       r == 0 && span->start == gloss_annotation_get_start (span->annotation));
        }
    }
}

/* The cached band @band_index of the paragraph at @line_start, computed if
 * needed. */
static Band *
ensure_band (GlossArticleView  *self,
             const GtkTextIter *line_start,
             int                line_y,
             int                line_height,
             guint              band_index)
{
  int line = gtk_text_iter_get_line (line_start);
  guint n_bands = line_height > BAND_HEIGHT ? (guint) (line_height + BAND_HEIGHT - 1) / BAND_HEIGHT : 1;
  LineCache *lc = g_hash_table_lookup (self->lines, GINT_TO_POINTER (line));
  Band *band;

  if (lc != NULL && lc->n_bands != n_bands)
    {
      g_hash_table_remove (self->lines, GINT_TO_POINTER (line));
      lc = NULL;
    }
  if (lc == NULL)
    {
      lc = g_new0 (LineCache, 1);
      lc->line = line;
      lc->n_bands = n_bands;
      lc->bands = g_new0 (Band, n_bands);
      g_hash_table_insert (self->lines, GINT_TO_POINTER (line), lc);
    }
  lc->last_used = self->frame;

  band_index = MIN (band_index, n_bands - 1);
  band = &lc->bands[band_index];
  if (band->pieces == NULL)
    {
      GtkTextIter band_start = *line_start;
      guint para_start, para_end, start, end;

      paragraph_bounds (line_start, &para_start, &para_end);
      start = para_start;
      end = para_end;
      if (n_bands > 1)
        {
          if (band_index > 0)
            {
              gtk_text_view_get_iter_at_location (GTK_TEXT_VIEW (self), &band_start, 0,
                                                  line_y + band_index * BAND_HEIGHT);
              gtk_text_view_backward_display_line_start (GTK_TEXT_VIEW (self), &band_start);
              start = band_start_offset (self, &band_start, para_start);
            }
          if (band_index + 1 < n_bands)
            {
              GtkTextIter next;

              gtk_text_view_get_iter_at_location (GTK_TEXT_VIEW (self), &next, 0,
                                                  line_y + (band_index + 1) * BAND_HEIGHT);
              gtk_text_view_backward_display_line_start (GTK_TEXT_VIEW (self), &next);
              end = MIN (band_start_offset (self, &next, para_start), para_end);
            }
        }
      compute_band (self, band, &band_start, para_start, para_end, start, end, line_y);
      build_band_node (self, band);
    }
  return band;
}

typedef gboolean (*BandFunc) (GlossArticleView *self,
                              Band             *band,
                              int               line_y,
                              gpointer          user_data);

/* Calls @func for each band that meets buffer rows [top, bottom). */
static void
foreach_band (GlossArticleView *self,
              int               top,
              int               bottom,
              BandFunc          func,
              gpointer          user_data)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GtkTextIter iter;
  int line_top;

  if (self->set == NULL)
    return;

  gtk_text_view_get_line_at_y (view, &iter, MAX (top, 0), &line_top);
  for (;;)
    {
      int y, height;
      guint first = 0, last = 0;

      gtk_text_view_get_line_yrange (view, &iter, &y, &height);
      if (y >= bottom)
        break;
      if (height > BAND_HEIGHT)
        {
          first = MAX (top - y - BAND_MARGIN, 0) / BAND_HEIGHT;
          last = MAX (MIN (bottom - y + BAND_MARGIN, height - 1), 0) / BAND_HEIGHT;
        }
      for (guint b = first; b <= last; b++)
        if (!func (self, ensure_band (self, &iter, y, height, b), y, user_data))
          return;
      if (!gtk_text_iter_forward_line (&iter))
        break;
    }
}

/* Painting */

static gboolean
paint_band (GlossArticleView *self,
            Band             *band,
            int               line_y,
            gpointer          user_data)
{
  GtkSnapshot *snapshot = user_data;

  if (band->node == NULL)
    return TRUE;
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, line_y));
  gtk_snapshot_append_node (snapshot, band->node);
  gtk_snapshot_restore (snapshot);
  return TRUE;
}

typedef struct
{
  GlossAnnotation *annotation;
  GArray          *rects; /* graphene_rect_t, buffer coordinates */
} CollectRects;

static gboolean
collect_rects (GlossArticleView *self,
               Band             *band,
               int               line_y,
               gpointer          user_data)
{
  CollectRects *collect = user_data;

  for (guint i = 0; i < band->pieces->len; i++)
    {
      const Piece *p = &g_array_index (band->pieces, Piece, i);
      graphene_rect_t r;

      if (p->annotation != collect->annotation)
        continue;
      graphene_rect_offset_r (&p->rect, 0, line_y, &r);
      g_array_append_val (collect->rects, r);
    }
  return TRUE;
}

static void
outline_rects (GtkSnapshot   *snapshot,
               GArray        *rects,
               const GdkRGBA *colour,
               float          width)
{
  for (guint i = 0; i < rects->len; i++)
    {
      graphene_rect_t r = g_array_index (rects, graphene_rect_t, i);
      GskRoundedRect outline;
      GdkRGBA colours[4] = { *colour, *colour, *colour, *colour };
      float widths[4] = { width, width, width, width };

      graphene_rect_inset (&r, -width, -width / 2);
      gsk_rounded_rect_init_from_rect (&outline, &r, 2);
      gtk_snapshot_append_border (snapshot, &outline, widths, colours);
    }
}

/* Rectangles of an arbitrary span, paragraph by paragraph. */
static void
any_span_rects (GlossArticleView *self,
                guint             start,
                guint             end,
                GArray           *rects)
{
  GtkTextIter it;

  end = MIN (end, buffer_length (self));
  iter_at_offset (self, &it, start);
  while (iter_offset (&it) < end)
    {
      guint ps, pe;
      GtkTextIter line_start = it;

      gtk_text_iter_set_line_offset (&line_start, 0);
      paragraph_bounds (&line_start, &ps, &pe);
      ps = MAX (ps, start);
      pe = MIN (pe, end);
      span_rects (self, ps, pe, range_has_rtl (self, ps, pe), rects);
      if (!gtk_text_iter_forward_line (&it))
        break;
    }
}

static void
connect_rects (GtkSnapshot           *snapshot,
               const graphene_rect_t *from,
               const graphene_rect_t *to,
               const GdkRGBA         *colour)
{
  graphene_rect_t bounds;
  cairo_t *cr;
  double x0 = from->origin.x + from->size.width / 2;
  double y0 = from->origin.y + from->size.height;
  double x1 = to->origin.x + MIN (to->size.width / 2, 8);
  double y1 = to->origin.y + to->size.height;

  graphene_rect_union (from, to, &bounds);
  graphene_rect_inset (&bounds, -40, -40);
  cr = gtk_snapshot_append_cairo (snapshot, &bounds);
  gdk_cairo_set_source_rgba (cr, colour);
  cairo_set_line_width (cr, 1.5);
  cairo_move_to (cr, x0, y0);
  cairo_curve_to (cr, x0, y0 + 24, x1, y1 + 24, x1, y1);
  cairo_stroke (cr);
  cairo_arc (cr, x1, y1, 2.5, 0, 2 * G_PI);
  cairo_fill (cr);
  cairo_destroy (cr);
}

/* A claim shows who says it and how: its source and cue are outlined and
 * tied to its content while it is selected or under the pointer. */
static void
paint_claim_ties (GlossArticleView      *self,
                  GtkSnapshot           *snapshot,
                  GlossAnnotation       *claim,
                  const graphene_rect_t *visible)
{
  g_autoptr(GArray) content = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
  g_autoptr(GArray) rects = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
  graphene_rect_t near;
  guint start, end;

  graphene_rect_inset_r (visible, 0, -visible->size.height, &near);
  span_rects (self, gloss_annotation_get_start (claim),
              MIN (gloss_annotation_get_end (claim), gloss_annotation_get_start (claim) + 1),
              FALSE, content);
  if (content->len == 0)
    return;

  for (guint pass = 0; pass < 2; pass++)
    {
      gboolean have = FALSE;

      g_array_set_size (rects, 0);
      if (pass == 0 && gloss_annotation_get_cue (claim, &start, &end))
        have = TRUE;
      else if (pass == 1 && gloss_annotation_get_source_kind (claim) == GLOSS_SOURCE_SPAN)
        have = gloss_annotation_get_source_span (claim, &start, &end);
      else if (pass == 1 && gloss_annotation_get_source_kind (claim) == GLOSS_SOURCE_ENTITY)
        {
          GlossAnnotation *source = gloss_annotation_set_lookup (owner_set (self, claim, NULL),
                                                                 gloss_annotation_get_source_entity (claim));

          if (source != NULL)
            {
              start = gloss_annotation_get_start (source);
              end = gloss_annotation_get_end (source);
              have = TRUE;
            }
        }
      if (!have)
        continue;

      any_span_rects (self, start, end, rects);
      if (rects->len == 0)
        continue;
      outline_rects (snapshot, rects, &self->claim_colour, pass == 0 ? 1.5f : 2.0f);
      if (graphene_rect_intersection (&g_array_index (rects, graphene_rect_t, 0), &near, NULL)
          || graphene_rect_intersection (&g_array_index (content, graphene_rect_t, 0), &near, NULL))
        connect_rects (snapshot, &g_array_index (rects, graphene_rect_t, 0),
                       &g_array_index (content, graphene_rect_t, 0), &self->claim_colour);
    }
}

static void
update_style (GlossArticleView *self)
{
  GdkRGBA fg;
  gboolean dark;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), &fg);
  G_GNUC_END_IGNORE_DEPRECATIONS

  if (gdk_rgba_equal (&fg, &self->fg))
    return;

  /* Light text means a dark style. */
  dark = 0.2126 * fg.red + 0.7152 * fg.green + 0.0722 * fg.blue > 0.5;
  self->fg = fg;
  self->dark = dark;
  gdk_rgba_parse (&self->claim_colour, dark ? "#dc8add" : "#813d9c");
  g_hash_table_remove_all (self->colours);
  g_hash_table_remove_all (self->lines);
}

static void
gloss_article_view_snapshot_layer (GtkTextView      *view,
                                   GtkTextViewLayer  layer,
                                   GtkSnapshot      *snapshot)
{
  GlossArticleView *self = GLOSS_ARTICLE_VIEW (view);
  GdkRectangle visible;
  graphene_rect_t visible_f;

  if (layer != GTK_TEXT_VIEW_LAYER_BELOW_TEXT || self->set == NULL)
    return;

  update_style (self);
  self->frame++;
  gtk_text_view_get_visible_rect (view, &visible);
  graphene_rect_init (&visible_f, visible.x, visible.y, visible.width, visible.height);

  foreach_band (self, visible.y, visible.y + visible.height, paint_band, snapshot);

  if (self->flashing != NULL)
    {
      g_autoptr(GArray) rects = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
      CollectRects collect = { self->flashing, rects };
      double t = (double) (g_get_monotonic_time () - self->flash_start) / FLASH_DURATION_US;
      GdkRGBA colour = *line_colour (self, self->flashing);

      foreach_band (self, visible.y, visible.y + visible.height, collect_rects, &collect);
      /* Two pulses that fade out. */
      colour.alpha = 0.45 * (1 - t) * (0.5 - 0.5 * cos (4 * G_PI * MIN (t, 1)));
      for (guint i = 0; i < rects->len; i++)
        {
          graphene_rect_t r = g_array_index (rects, graphene_rect_t, i);

          graphene_rect_inset (&r, -3, -2);
          gtk_snapshot_append_color (snapshot, &colour, &r);
        }
    }

  if (self->selected != NULL)
    {
      g_autoptr(GArray) rects = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
      CollectRects collect = { self->selected, rects };

      foreach_band (self, visible.y, visible.y + visible.height, collect_rects, &collect);
      outline_rects (snapshot, rects, line_colour (self, self->selected), 2.0f);
      if (is_claim (self->selected))
        paint_claim_ties (self, snapshot, self->selected, &visible_f);
    }

  if (self->hovered != NULL && self->hovered != self->selected && is_claim (self->hovered))
    paint_claim_ties (self, snapshot, self->hovered, &visible_f);

  evict_lines (self);
}

/* Hit testing */

gboolean
gloss_article_view_get_offset_at (GlossArticleView *self,
                                  double            x,
                                  double            y,
                                  guint            *offset)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GtkTextIter iter;
  GdkRectangle r;
  int bx, by, trailing;

  g_return_val_if_fail (GLOSS_IS_ARTICLE_VIEW (self), FALSE);

  gtk_text_view_window_to_buffer_coords (view, GTK_TEXT_WINDOW_WIDGET, (int) x, (int) y, &bx, &by);
  if (!gtk_text_view_get_iter_at_position (view, &iter, &trailing, bx, by))
    return FALSE;
  if (gtk_text_iter_ends_line (&iter))
    return FALSE;
  gtk_text_view_get_iter_location (view, &iter, &r);
  if (r.width < 0)
    {
      r.x += r.width;
      r.width = -r.width;
    }
  if (bx < r.x - 1 || bx > r.x + r.width + 1 || by < r.y || by >= r.y + r.height)
    return FALSE;
  if (offset != NULL)
    *offset = iter_offset (&iter);
  return TRUE;
}

/* The offset under (x, y) for selecting: the nearest character, so that a
 * drag past the end of a line or the text still selects up to it. */
static guint
nearest_offset (GlossArticleView *self,
                double            x,
                double            y,
                gboolean          boundary)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GtkTextIter iter;
  int bx, by, trailing;

  gtk_text_view_window_to_buffer_coords (view, GTK_TEXT_WINDOW_WIDGET, (int) x, (int) y, &bx, &by);
  gtk_text_view_get_iter_at_position (view, &iter, &trailing, bx, by);
  if (boundary)
    gtk_text_iter_forward_chars (&iter, trailing);
  return iter_offset (&iter);
}

typedef struct
{
  int        bx;
  int        by;
  GPtrArray *inside;
  GPtrArray *lanes;
} HitTest;

static gboolean
hit_band (GlossArticleView *self,
          Band             *band,
          int               line_y,
          gpointer          user_data)
{
  HitTest *hit = user_data;

  for (guint i = 0; i < band->pieces->len; i++)
    {
      const Piece *p = &g_array_index (band->pieces, Piece, i);
      float x0 = p->rect.origin.x, x1 = x0 + p->rect.size.width;
      float top = line_y + p->rect.origin.y;
      float bottom = top + p->rect.size.height;
      float lane_y = bottom + 1 + LANE_STEP * MIN (p->lane, MAX_LANES - 1);

      if (hit->bx < x0 || hit->bx >= x1)
        continue;
      if (hit->by >= top && hit->by < bottom)
        {
          if (!g_ptr_array_find (hit->inside, p->annotation, NULL))
            g_ptr_array_add (hit->inside, p->annotation);
        }
      else if (hit->by >= lane_y - 1 && hit->by < lane_y + LANE_THICKNESS + 1)
        {
          if (!g_ptr_array_find (hit->lanes, p->annotation, NULL))
            g_ptr_array_add (hit->lanes, p->annotation);
        }
    }
  return TRUE;
}

GPtrArray *
gloss_article_view_get_annotations_at (GlossArticleView *self,
                                       double            x,
                                       double            y)
{
  GPtrArray *result = g_ptr_array_new ();
  g_autoptr(GPtrArray) lanes = g_ptr_array_new ();
  HitTest hit;
  int bx, by;

  g_return_val_if_fail (GLOSS_IS_ARTICLE_VIEW (self), result);

  if (self->set == NULL)
    return result;

  gtk_text_view_window_to_buffer_coords (GTK_TEXT_VIEW (self), GTK_TEXT_WINDOW_WIDGET,
                                         (int) x, (int) y, &bx, &by);
  hit = (HitTest) { bx, by, result, lanes };
  /* The underline lanes of a line hang below it: look at the line above
   * the point too. */
  foreach_band (self, by - LINE_GAP, by + 1, hit_band, &hit);

  g_ptr_array_sort (result, compare_innermost);
  g_ptr_array_sort (lanes, compare_innermost);
  /* A lane hit directly names its annotation: it comes first. */
  for (guint i = lanes->len; i > 0; i--)
    {
      GlossAnnotation *annotation = g_ptr_array_index (lanes, i - 1);
      guint index;

      if (g_ptr_array_find (result, annotation, &index))
        g_ptr_array_remove_index (result, index);
      g_ptr_array_insert (result, 0, annotation);
    }
  return result;
}

static GPtrArray *
annotations_at_offset (GlossArticleView *self,
                       guint             offset)
{
  GPtrArray *found = g_ptr_array_new ();

  if (self->set != NULL && offset < buffer_length (self))
    gloss_annotation_set_query (self->set, offset, offset + 1, found);
  g_ptr_array_sort (found, compare_innermost);
  return found;
}

gboolean
gloss_article_view_get_span_rect (GlossArticleView *self,
                                  guint             start,
                                  guint             end,
                                  GdkRectangle     *rect)
{
  g_autoptr(GArray) rects = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
  const graphene_rect_t *first;
  int wx, wy;

  g_return_val_if_fail (GLOSS_IS_ARTICLE_VIEW (self), FALSE);
  g_return_val_if_fail (rect != NULL, FALSE);

  if (start > end || end > buffer_length (self))
    return FALSE;

  if (start == end)
    {
      GtkTextIter iter;
      GdkRectangle r;

      iter_at_offset (self, &iter, start);
      gtk_text_view_get_iter_location (GTK_TEXT_VIEW (self), &iter, &r);
      gtk_text_view_buffer_to_window_coords (GTK_TEXT_VIEW (self), GTK_TEXT_WINDOW_WIDGET,
                                             r.x, r.y, &wx, &wy);
      *rect = (GdkRectangle) { wx, wy, 0, r.height };
      return TRUE;
    }

  any_span_rects (self, start, end, rects);
  if (rects->len == 0)
    return FALSE;
  first = &g_array_index (rects, graphene_rect_t, 0);
  gtk_text_view_buffer_to_window_coords (GTK_TEXT_VIEW (self), GTK_TEXT_WINDOW_WIDGET,
                                         (int) first->origin.x, (int) first->origin.y, &wx, &wy);
  *rect = (GdkRectangle) { wx, wy, (int) ceilf (first->size.width), (int) first->size.height };
  return TRUE;
}

/* Selection */

static void
emit_selection_if_changed (GlossArticleView *self)
{
  GtkTextIter a, b;
  guint s, e;

  gtk_text_buffer_get_selection_bounds (get_buffer (self), &a, &b);
  s = iter_offset (&a);
  e = iter_offset (&b);
  if (s == self->last_sel_start && e == self->last_sel_end)
    return;
  self->last_sel_start = s;
  self->last_sel_end = e;
  g_signal_emit (self, signals[SELECTION_CHANGED], 0, s, e);
}

static void
on_mark_set (GtkTextBuffer     *buffer,
             const GtkTextIter *location,
             GtkTextMark       *mark,
             GlossArticleView  *self)
{
  if (mark != gtk_text_buffer_get_insert (buffer)
      && mark != gtk_text_buffer_get_selection_bound (buffer))
    return;
  emit_selection_if_changed (self);
  if (mark == gtk_text_buffer_get_insert (buffer))
    update_caret_description (self);
}

/* @insert is the moving end, @bound the one that stays. */
static void
select_offsets (GlossArticleView *self,
                guint             insert,
                guint             bound)
{
  GtkTextIter a, b;

  iter_at_offset (self, &a, insert);
  iter_at_offset (self, &b, bound);
  gtk_text_buffer_select_range (get_buffer (self), &a, &b);
}

void
gloss_article_view_set_selection (GlossArticleView *self,
                                  guint             start,
                                  guint             end)
{
  g_return_if_fail (GLOSS_IS_ARTICLE_VIEW (self));
  g_return_if_fail (start <= end);

  select_offsets (self, end, start);
}

gboolean
gloss_article_view_get_selection (GlossArticleView *self,
                                  guint            *start,
                                  guint            *end)
{
  GtkTextIter a, b;
  gboolean any;

  g_return_val_if_fail (GLOSS_IS_ARTICLE_VIEW (self), FALSE);

  any = gtk_text_buffer_get_selection_bounds (get_buffer (self), &a, &b);
  if (start != NULL)
    *start = iter_offset (&a);
  if (end != NULL)
    *end = iter_offset (&b);
  return any;
}

/* Whole tokens covering [start, end); FALSE when it is all white space. */
static gboolean
snap (GlossArticleView *self,
      guint             start,
      guint             end,
      guint            *snapped_start,
      guint            *snapped_end)
{
  GlossTokenizer *tokenizer = get_tokenizer (self);

  if (tokenizer == NULL)
    return FALSE;
  end = MIN (end, buffer_length (self));
  if (start >= end)
    return FALSE;
  return gloss_tokenizer_snap (tokenizer, start, end, snapped_start, snapped_end);
}

/* Selects the tokens from the anchor to the character at @offset, the
 * moving end on the side of @offset. */
static void
select_to (GlossArticleView *self,
           guint             offset)
{
  guint lo = MIN (self->anchor_start, offset);
  guint hi = MAX (self->anchor_end, offset + 1);
  guint s, e;

  if (!snap (self, lo, hi, &s, &e))
    {
      select_offsets (self, self->anchor_start, self->anchor_start);
      return;
    }
  if (offset < self->anchor_start)
    select_offsets (self, s, e);
  else
    select_offsets (self, e, s);
}

static void
set_anchor (GlossArticleView *self,
            guint             offset)
{
  guint s, e;

  if (snap (self, offset, offset + 1, &s, &e) && s <= offset && offset < e)
    {
      self->anchor_start = s;
      self->anchor_end = e;
    }
  else
    {
      self->anchor_start = self->anchor_end = offset;
    }
}

static void
select_annotation_and_activate (GlossArticleView *self,
                                GlossAnnotation  *annotation)
{
  gloss_article_view_set_selected_annotation (self, annotation);
  if (annotation != NULL)
    g_signal_emit (self, signals[ANNOTATION_ACTIVATED], 0, annotation);
}

void
_gloss_article_view_press (GlossArticleView *self,
                           guint             button,
                           int               n_press,
                           GdkModifierType   state,
                           double            x,
                           double            y)
{
  g_autoptr(GPtrArray) hits = NULL;
  guint offset;

  g_return_if_fail (GLOSS_IS_ARTICLE_VIEW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self));
  self->press_x = x;
  self->press_y = y;
  self->press_button = button;
  self->press_state = state;
  self->press_n = n_press;
  self->drag_mode = DRAG_NONE;

  if (button == GDK_BUTTON_SECONDARY)
    {
      GlossAnnotation *annotation = NULL;

      hits = gloss_article_view_get_annotations_at (self, x, y);
      if (hits->len > 0)
        {
          annotation = g_ptr_array_index (hits, 0);
          if (self->selected != NULL && g_ptr_array_find (hits, self->selected, NULL))
            annotation = self->selected;
          gloss_article_view_set_selected_annotation (self, annotation);
        }
      g_signal_emit (self, signals[CONTEXT_MENU_REQUESTED], 0, annotation, x, y);
      return;
    }

  if (button != GDK_BUTTON_PRIMARY)
    return;

  if (n_press == 2)
    {
      guint s, e;

      hits = gloss_article_view_get_annotations_at (self, x, y);
      if (hits->len > 0)
        {
          GlossAnnotation *annotation = g_ptr_array_index (hits, 0);

          if (self->selected != NULL && g_ptr_array_find (hits, self->selected, NULL))
            annotation = self->selected;
          gloss_article_view_set_selected_annotation (self, annotation);
          g_signal_emit (self, signals[ANNOTATION_EDIT_REQUESTED], 0, annotation);
          return;
        }
      /* A word; dragging on from here goes on by words. */
      offset = nearest_offset (self, x, y, FALSE);
      set_anchor (self, offset);
      if (snap (self, offset, offset + 1, &s, &e))
        select_offsets (self, e, s);
      self->drag_mode = DRAG_SELECTING;
      return;
    }

  if (n_press >= 3)
    {
      GtkTextIter a, b;
      guint s = 0, e = 0;

      /* The paragraph. */
      iter_at_offset (self, &a, nearest_offset (self, x, y, FALSE));
      gtk_text_iter_set_line_offset (&a, 0);
      b = a;
      if (!gtk_text_iter_ends_line (&b))
        gtk_text_iter_forward_to_line_end (&b);
      if (snap (self, iter_offset (&a), iter_offset (&b), &s, &e))
        {
          select_offsets (self, e, s);
          self->anchor_start = s;
          self->anchor_end = e;
          self->drag_mode = DRAG_SELECTING;
        }
      return;
    }

  offset = nearest_offset (self, x, y, FALSE);
  if (state & GDK_SHIFT_MASK)
    {
      guint s, e;

      /* Extend: what was selected stays the anchor. */
      if (gloss_article_view_get_selection (self, &s, &e))
        {
          if (offset < s)
            self->anchor_start = self->anchor_end = e;
          else
            self->anchor_start = self->anchor_end = s;
        }
      else
        {
          set_anchor (self, s);
        }
      select_to (self, offset);
      self->drag_mode = DRAG_SELECTING;
      return;
    }

  set_anchor (self, offset);
  {
    GtkTextIter caret;

    iter_at_offset (self, &caret, nearest_offset (self, x, y, TRUE));
    gtk_text_buffer_place_cursor (get_buffer (self), &caret);
  }
  self->drag_mode = DRAG_PENDING;
}

void
_gloss_article_view_drag_to (GlossArticleView *self,
                             double            x,
                             double            y)
{
  g_return_if_fail (GLOSS_IS_ARTICLE_VIEW (self));

  if (self->drag_mode == DRAG_NONE)
    return;
  if (self->drag_mode == DRAG_PENDING)
    {
      if (!gtk_drag_check_threshold (GTK_WIDGET (self), (int) self->press_x, (int) self->press_y,
                                     (int) x, (int) y))
        return;
      self->drag_mode = DRAG_SELECTING;
    }

  select_to (self, nearest_offset (self, x, y, FALSE));
  gtk_text_view_scroll_mark_onscreen (GTK_TEXT_VIEW (self), gtk_text_buffer_get_insert (get_buffer (self)));
}

void
_gloss_article_view_release (GlossArticleView *self,
                             double            x,
                             double            y)
{
  g_autoptr(GPtrArray) hits = NULL;
  GlossAnnotation *annotation = NULL;
  DragMode mode;

  g_return_if_fail (GLOSS_IS_ARTICLE_VIEW (self));

  mode = self->drag_mode;
  self->drag_mode = DRAG_NONE;
  if (mode != DRAG_PENDING)
    return;

  /* A click: select the innermost annotation there, or, clicking again
   * at the same place, the next one out. */
  hits = gloss_article_view_get_annotations_at (self, x, y);
  if (hits->len > 0)
    {
      guint index = 0;

      if (self->selected != NULL
          && fabs (x - self->last_click_x) < 4 && fabs (y - self->last_click_y) < 4
          && g_ptr_array_find (hits, self->selected, &index))
        index = (index + 1) % hits->len;
      else
        index = 0;
      annotation = g_ptr_array_index (hits, index);
      self->last_click_index = index;
    }
  self->last_click_x = x;
  self->last_click_y = y;
  select_annotation_and_activate (self, annotation);
}

static void
on_click_pressed (GtkGestureClick  *gesture,
                  int               n_press,
                  double            x,
                  double            y,
                  GlossArticleView *self)
{
  guint button = gtk_gesture_single_get_current_button (GTK_GESTURE_SINGLE (gesture));
  GdkModifierType state = gtk_event_controller_get_current_event_state (GTK_EVENT_CONTROLLER (gesture));

  if (self->set == NULL)
    return;
  /* Nobody builds a menu: leave the right button to the text view's own
   * (copy, select all). */
  if (button == GDK_BUTTON_SECONDARY
      && !g_signal_has_handler_pending (self, signals[CONTEXT_MENU_REQUESTED], 0, TRUE))
    return;
  /* Ours alone: the text view's own gestures would select by characters. */
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  _gloss_article_view_press (self, button, n_press, state, x, y);
}

static void
on_drag_update (GtkGestureDrag   *gesture,
                double            dx,
                double            dy,
                GlossArticleView *self)
{
  double x, y;

  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  _gloss_article_view_drag_to (self, x + dx, y + dy);
}

static void
on_drag_end (GtkGestureDrag   *gesture,
             double            dx,
             double            dy,
             GlossArticleView *self)
{
  double x, y;

  gtk_gesture_drag_get_start_point (gesture, &x, &y);
  _gloss_article_view_release (self, x + dx, y + dy);
}

/* Hover and tooltips */

void
_gloss_article_view_hover (GlossArticleView *self,
                           double            x,
                           double            y)
{
  g_autoptr(GPtrArray) hits = NULL;
  GlossAnnotation *hovered = NULL;

  g_return_if_fail (GLOSS_IS_ARTICLE_VIEW (self));

  if (x >= 0 && y >= 0)
    {
      hits = gloss_article_view_get_annotations_at (self, x, y);
      /* Claims show their ties on hover: prefer a claim under the point. */
      for (guint i = 0; i < hits->len && hovered == NULL; i++)
        if (is_claim (g_ptr_array_index (hits, i)))
          hovered = g_ptr_array_index (hits, i);
      if (hovered == NULL && hits->len > 0)
        hovered = g_ptr_array_index (hits, 0);
    }

  if (hovered == self->hovered)
    return;
  if ((hovered != NULL && is_claim (hovered))
      || (self->hovered != NULL && is_claim (self->hovered)))
    gtk_widget_queue_draw (GTK_WIDGET (self));
  self->hovered = hovered;
}

static void
on_motion (GtkEventControllerMotion *motion,
           double                    x,
           double                    y,
           GlossArticleView         *self)
{
  _gloss_article_view_hover (self, x, y);
}

static void
on_leave (GtkEventControllerMotion *motion,
          GlossArticleView         *self)
{
  _gloss_article_view_hover (self, -1, -1);
}

static char *
dup_quote (GlossArticleView *self,
           guint             start,
           guint             end)
{
  GlossDocument *document = gloss_annotation_set_get_document (self->set);
  g_autofree char *text = NULL;

  if (end > start + 60)
    {
      g_autofree char *head = gloss_document_dup_slice (document, start, start + 28);
      g_autofree char *tail = gloss_document_dup_slice (document, end - 28, end);

      text = g_strconcat (head, " … ", tail, NULL);
    }
  else
    {
      text = gloss_document_dup_slice (document, start, end);
    }
  g_strdelimit (text, "\r\n\t", ' ');
  return g_strdup_printf ("“%s”", text);
}

static const char *
type_label (GlossArticleView *self,
            GlossAnnotation  *annotation)
{
  const GlossEntityType *type;

  if (is_claim (annotation))
    return _("Claim");
  type = gloss_tagset_lookup_entity_type (gloss_annotation_set_get_tagset (self->set),
                                          gloss_annotation_get_type_id (annotation));
  return type != NULL ? type->label : gloss_annotation_get_type_id (annotation);
}

static void
append_attributes (GlossArticleView *self,
                   GlossAnnotation  *annotation,
                   GString          *out,
                   gboolean          markup)
{
  GlossTagset *tagset = gloss_annotation_set_get_tagset (self->set);

  for (guint i = 0; i < gloss_annotation_get_n_attributes (annotation); i++)
    {
      const GlossAttributeDef *def;
      const char *name, *value;
      const char *name_label, *value_label;
      g_autofree char *line = NULL;

      gloss_annotation_get_nth_attribute (annotation, i, &name, &value);
      def = gloss_tagset_lookup_attribute (tagset, name);
      name_label = def != NULL ? def->label : name;
      value_label = value;
      if (def != NULL && def->values != NULL)
        for (guint v = 0; def->values[v] != NULL; v++)
          if (g_str_equal (def->values[v], value))
            value_label = def->value_labels[v];
      line = g_strdup_printf ("%s: %s", name_label, value_label);
      if (markup)
        {
          g_autofree char *escaped = g_markup_escape_text (line, -1);

          g_string_append_printf (out, "\n%s", escaped);
        }
      else
        {
          g_string_append_printf (out, ", %s", line);
        }
    }
}

static void
describe (GlossArticleView *self,
          GlossAnnotation  *annotation,
          GString          *out,
          gboolean          markup)
{
  g_autofree char *quote = dup_quote (self, gloss_annotation_get_start (annotation),
                                      gloss_annotation_get_end (annotation));
  const char *label = type_label (self, annotation);

  if (markup)
    {
      g_autofree char *line = g_markup_printf_escaped ("<b>%s</b> %s", label, quote);

      g_string_append (out, line);
    }
  else
    {
      g_string_append_printf (out, "%s %s", label, quote);
    }

  if (is_claim (annotation))
    {
      g_autofree char *source = NULL;
      guint s, e;

      switch (gloss_annotation_get_source_kind (annotation))
        {
        case GLOSS_SOURCE_ENTITY:
          {
            GlossAnnotation *entity = gloss_annotation_set_lookup (owner_set (self, annotation, NULL),
                                                                   gloss_annotation_get_source_entity (annotation));

            if (entity != NULL)
              source = dup_quote (self, gloss_annotation_get_start (entity), gloss_annotation_get_end (entity));
          }
          break;
        case GLOSS_SOURCE_SPAN:
          if (gloss_annotation_get_source_span (annotation, &s, &e))
            source = dup_quote (self, s, e);
          break;
        case GLOSS_SOURCE_ARTICLE:
          source = g_strdup (_("the article"));
          break;
        case GLOSS_SOURCE_NONE:
        default:
          break;
        }
      if (source != NULL)
        {
          g_autofree char *line = g_strdup_printf (_("Source: %s"), source);
          g_autofree char *escaped = markup ? g_markup_escape_text (line, -1) : g_strdup (line);

          g_string_append_printf (out, markup ? "\n%s" : ", %s", escaped);
        }
      if (gloss_annotation_get_cue (annotation, &s, &e))
        {
          g_autofree char *cue = dup_quote (self, s, e);
          g_autofree char *line = g_strdup_printf (_("Cue: %s"), cue);
          g_autofree char *escaped = markup ? g_markup_escape_text (line, -1) : g_strdup (line);

          g_string_append_printf (out, markup ? "\n%s" : ", %s", escaped);
        }
    }

  append_attributes (self, annotation, out, markup);

  if (markup && self->review != NULL)
    {
      int index;
      GlossReviewGroup *group = NULL;
      g_autofree char *line = NULL;

      owner_set (self, annotation, &index);
      if (index >= 0)
        group = gloss_review_find_group (self->review, (guint) index, annotation);
      if (group != NULL)
        {
          GlossReviewDifferences status = gloss_review_group_get_status (group);

          /* Translators: the annotator of a version in review, and how
           * the versions differ ("agreed", "type", "boundary"…) */
          line = g_markup_printf_escaped (_("\n<small>%s — %s</small>"),
                                          gloss_review_get_annotator_id (self->review, (guint) index),
                                          gloss_review_status_to_string (status, gloss_review_group_get_kind (group)));
          g_string_append (out, line);
        }
    }
  else if (markup && gloss_annotation_get_annotator (annotation) != NULL)
    {
      g_autofree char *line = g_markup_printf_escaped ("\n<small>%s</small>",
                                                       gloss_annotation_get_annotator (annotation));

      g_string_append (out, line);
    }
}

char *
_gloss_article_view_dup_tooltip (GlossArticleView *self,
                                 double            x,
                                 double            y)
{
  g_autoptr(GPtrArray) hits = NULL;
  GString *out;

  g_return_val_if_fail (GLOSS_IS_ARTICLE_VIEW (self), NULL);

  hits = gloss_article_view_get_annotations_at (self, x, y);
  if (hits->len == 0)
    return NULL;

  out = g_string_new (NULL);
  for (guint i = 0; i < hits->len && i < 4; i++)
    {
      if (i > 0)
        g_string_append (out, "\n\n");
      describe (self, g_ptr_array_index (hits, i), out, TRUE);
    }
  if (hits->len > 1)
    g_string_append_printf (out, "\n\n<i>%s</i>",
                            _("Click again for the next annotation here"));
  return g_string_free (out, FALSE);
}

static gboolean
gloss_article_view_query_tooltip (GtkWidget  *widget,
                                  int         x,
                                  int         y,
                                  gboolean    keyboard_mode,
                                  GtkTooltip *tooltip)
{
  GlossArticleView *self = GLOSS_ARTICLE_VIEW (widget);
  g_autofree char *text = NULL;

  if (keyboard_mode)
    {
      GtkTextIter caret;
      g_autoptr(GPtrArray) hits = NULL;
      GString *out;

      gtk_text_buffer_get_iter_at_mark (get_buffer (self), &caret,
                                        gtk_text_buffer_get_insert (get_buffer (self)));
      hits = annotations_at_offset (self, iter_offset (&caret));
      if (hits->len == 0)
        return FALSE;
      out = g_string_new (NULL);
      describe (self, g_ptr_array_index (hits, 0), out, TRUE);
      gtk_tooltip_set_markup (tooltip, out->str);
      g_string_free (out, TRUE);
      return TRUE;
    }

  text = _gloss_article_view_dup_tooltip (self, x, y);
  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_markup (tooltip, text);
  /* Anchor it at the character under the pointer; moving off it asks
   * again. */
  {
    GdkRectangle area = { x - 2, y - 2, 4, 4 };
    guint offset;

    if (gloss_article_view_get_offset_at (self, x, y, &offset))
      gloss_article_view_get_span_rect (self, offset, offset + 1, &area);
    gtk_tooltip_set_tip_area (tooltip, &area);
  }
  return TRUE;
}

/* Keyboard */

static void
update_caret_description (GlossArticleView *self)
{
  GtkTextIter caret;
  g_autoptr(GPtrArray) hits = NULL;
  GString *out;

  if (self->set == NULL)
    return;

  gtk_text_buffer_get_iter_at_mark (get_buffer (self), &caret,
                                    gtk_text_buffer_get_insert (get_buffer (self)));
  if (iter_offset (&caret) == self->last_caret && self->description != NULL)
    return;
  self->last_caret = iter_offset (&caret);

  hits = annotations_at_offset (self, iter_offset (&caret));
  if (self->selected != NULL && !g_ptr_array_find (hits, self->selected, NULL))
    g_ptr_array_insert (hits, 0, self->selected);

  out = g_string_new (NULL);
  for (guint i = 0; i < hits->len; i++)
    {
      if (i > 0)
        g_string_append (out, "; ");
      if (g_ptr_array_index (hits, i) == self->selected)
        g_string_append (out, _("Selected: "));
      describe (self, g_ptr_array_index (hits, i), out, FALSE);
    }

  if (g_strcmp0 (out->str, self->description) == 0)
    {
      g_string_free (out, TRUE);
      return;
    }
  g_free (self->description);
  self->description = g_string_free (out, FALSE);
  if (self->description[0] != '\0')
    gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, self->description,
                                    -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

static int
compare_order (GlossAnnotation *a,
               GlossAnnotation *b)
{
  guint sa = gloss_annotation_get_start (a), sb = gloss_annotation_get_start (b);
  guint ea = gloss_annotation_get_end (a), eb = gloss_annotation_get_end (b);

  if (sa != sb)
    return sa < sb ? -1 : 1;
  if (ea != eb)
    return ea < eb ? -1 : 1;
  if (is_claim (a) != is_claim (b))
    return is_claim (a) ? 1 : -1;
  return g_strcmp0 (gloss_annotation_get_id (a), gloss_annotation_get_id (b));
}

/* First position in @model (sorted by start) whose start is >= @offset. */
static guint
lower_bound (GListModel *model,
             guint       offset)
{
  guint lo = 0, hi = g_list_model_get_n_items (model);

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      g_autoptr(GlossAnnotation) item = g_list_model_get_item (model, mid);

      if (gloss_annotation_get_start (item) < offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

/* The next (or previous) annotation in text order after @from, or after
 * (before) the caret offset when @from is NULL. */
static GlossAnnotation *
neighbour (GlossArticleView *self,
           GlossAnnotation  *from,
           guint             caret,
           gboolean          forward)
{
  GListModel *models[2];
  GlossAnnotation *best = NULL;

  models[0] = gloss_annotation_set_get_entities (self->set);
  models[1] = gloss_annotation_set_get_claims (self->set);

  for (guint m = 0; m < G_N_ELEMENTS (models); m++)
    {
      guint n = g_list_model_get_n_items (models[m]);
      guint key = from != NULL ? gloss_annotation_get_start (from) : caret;
      guint pos = lower_bound (models[m], key);

      if (forward)
        {
          for (guint i = pos; i < n; i++)
            {
              g_autoptr(GlossAnnotation) item = g_list_model_get_item (models[m], i);

              if (from != NULL && compare_order (item, from) <= 0)
                continue;
              if (best == NULL || compare_order (item, best) < 0)
                best = item;
              break;
            }
        }
      else
        {
          /* Items sharing @from's start may come before it in order. */
          guint i = pos;

          if (from != NULL)
            while (i < n)
              {
                g_autoptr(GlossAnnotation) item = g_list_model_get_item (models[m], i);

                if (gloss_annotation_get_start (item) != key)
                  break;
                if (compare_order (item, from) >= 0)
                  break;
                i++;
              }
          if (i > 0)
            {
              g_autoptr(GlossAnnotation) item = g_list_model_get_item (models[m], i - 1);

              if (best == NULL || compare_order (item, best) > 0)
                best = item;
            }
        }
    }
  return best;
}

static gboolean
move_to_annotation (GlossArticleView *self,
                    gboolean          forward)
{
  GtkTextIter caret;
  GlossAnnotation *next;

  if (self->set == NULL)
    return FALSE;

  gtk_text_buffer_get_iter_at_mark (get_buffer (self), &caret,
                                    gtk_text_buffer_get_insert (get_buffer (self)));
  next = neighbour (self, self->selected, iter_offset (&caret), forward);
  if (next == NULL)
    return FALSE;

  gloss_article_view_set_selected_annotation (self, next);
  iter_at_offset (self, &caret, gloss_annotation_get_start (next));
  gtk_text_buffer_place_cursor (get_buffer (self), &caret);
  gloss_article_view_scroll_to_annotation (self, next, FALSE);
  g_signal_emit (self, signals[ANNOTATION_ACTIVATED], 0, next);
  return TRUE;
}

static gboolean
shortcut_next (GtkWidget *widget,
               GVariant  *args,
               gpointer   user_data)
{
  /* At the last one Tab goes on to the next widget. */
  return move_to_annotation (GLOSS_ARTICLE_VIEW (widget), TRUE);
}

static gboolean
shortcut_previous (GtkWidget *widget,
                   GVariant  *args,
                   gpointer   user_data)
{
  return move_to_annotation (GLOSS_ARTICLE_VIEW (widget), FALSE);
}

static gboolean
shortcut_edit (GtkWidget *widget,
               GVariant  *args,
               gpointer   user_data)
{
  GlossArticleView *self = GLOSS_ARTICLE_VIEW (widget);

  if (self->selected == NULL)
    return FALSE;
  g_signal_emit (self, signals[ANNOTATION_EDIT_REQUESTED], 0, self->selected);
  return TRUE;
}

static gboolean
shortcut_context_menu (GtkWidget *widget,
                       GVariant  *args,
                       gpointer   user_data)
{
  GlossArticleView *self = GLOSS_ARTICLE_VIEW (widget);
  GlossAnnotation *annotation = self->selected;
  GdkRectangle rect;
  GtkTextIter caret;
  guint offset;

  if (!g_signal_has_handler_pending (self, signals[CONTEXT_MENU_REQUESTED], 0, TRUE))
    return FALSE;
  gtk_text_buffer_get_iter_at_mark (get_buffer (self), &caret,
                                    gtk_text_buffer_get_insert (get_buffer (self)));
  offset = annotation != NULL ? gloss_annotation_get_start (annotation) : iter_offset (&caret);
  if (annotation == NULL)
    {
      g_autoptr(GPtrArray) hits = annotations_at_offset (self, offset);

      if (hits->len > 0)
        annotation = g_ptr_array_index (hits, 0);
    }
  if (!gloss_article_view_get_span_rect (self, offset, offset, &rect))
    rect = (GdkRectangle) { 0, 0, 0, 0 };
  g_signal_emit (self, signals[CONTEXT_MENU_REQUESTED], 0, annotation,
                 (double) rect.x, (double) (rect.y + rect.height));
  return TRUE;
}

static gboolean
shortcut_cycle (GtkWidget *widget,
                GVariant  *args,
                gpointer   user_data)
{
  GlossArticleView *self = GLOSS_ARTICLE_VIEW (widget);
  g_autoptr(GPtrArray) hits = NULL;
  GtkTextIter caret;
  guint offset, index = 0;

  gtk_text_buffer_get_iter_at_mark (get_buffer (self), &caret,
                                    gtk_text_buffer_get_insert (get_buffer (self)));
  offset = iter_offset (&caret);
  hits = annotations_at_offset (self, offset);
  if (hits->len == 0)
    return FALSE;
  if (self->selected != NULL && g_ptr_array_find (hits, self->selected, &index))
    index = (index + 1) % hits->len;
  else
    index = 0;
  select_annotation_and_activate (self, g_ptr_array_index (hits, index));
  return TRUE;
}

static gboolean
shortcut_unselect (GtkWidget *widget,
                   GVariant  *args,
                   gpointer   user_data)
{
  GlossArticleView *self = GLOSS_ARTICLE_VIEW (widget);
  guint s, e;

  if (self->selected == NULL && !gloss_article_view_get_selection (self, &s, &e))
    return FALSE;
  gloss_article_view_set_selected_annotation (self, NULL);
  if (gloss_article_view_get_selection (self, &s, &e))
    select_offsets (self, e, e);
  return TRUE;
}

/* Ctrl+Shift+Left/Right: extend the selection by whole tokens. */
static gboolean
shortcut_extend_word (GtkWidget *widget,
                      GVariant  *args,
                      gpointer   user_data)
{
  GlossArticleView *self = GLOSS_ARTICLE_VIEW (widget);
  GlossTokenizer *tokenizer = get_tokenizer (self);
  gboolean forward = g_variant_get_boolean (args);
  GtkTextBuffer *buffer = get_buffer (self);
  GtkTextIter insert, bound;
  guint at, s, e, target;

  if (tokenizer == NULL)
    return FALSE;

  gtk_text_buffer_get_iter_at_mark (buffer, &insert, gtk_text_buffer_get_insert (buffer));
  gtk_text_buffer_get_iter_at_mark (buffer, &bound, gtk_text_buffer_get_selection_bound (buffer));
  at = iter_offset (&insert);

  if (forward)
    {
      if (gloss_tokenizer_token_at (tokenizer, at, &s, &e) && s < at)
        target = e;
      else if (gloss_tokenizer_next_token (tokenizer, at, &s, &e))
        target = e;
      else
        target = buffer_length (self);
    }
  else
    {
      if (at > 0 && gloss_tokenizer_token_at (tokenizer, at - 1, &s, &e) && s < at)
        target = s;
      else if (gloss_tokenizer_prev_token (tokenizer, at, &s, &e))
        target = s;
      else
        target = 0;
    }

  /* A selection that starts inside a token snaps its anchor out too. */
  s = iter_offset (&bound);
  {
    guint ts, te;

    if (gloss_tokenizer_token_at (tokenizer, s, &ts, &te) && ts < s)
      s = target >= s ? ts : te;
  }
  select_offsets (self, target, s);
  gtk_text_view_scroll_mark_onscreen (GTK_TEXT_VIEW (self), gtk_text_buffer_get_insert (buffer));
  return TRUE;
}

static void
action_next (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  move_to_annotation (GLOSS_ARTICLE_VIEW (widget), TRUE);
}

static void
action_previous (GtkWidget  *widget,
                 const char *name,
                 GVariant   *param)
{
  move_to_annotation (GLOSS_ARTICLE_VIEW (widget), FALSE);
}

static void
action_edit (GtkWidget  *widget,
             const char *name,
             GVariant   *param)
{
  shortcut_edit (widget, NULL, NULL);
}

static void
action_context_menu (GtkWidget  *widget,
                     const char *name,
                     GVariant   *param)
{
  shortcut_context_menu (widget, NULL, NULL);
}

static void
action_cycle (GtkWidget  *widget,
              const char *name,
              GVariant   *param)
{
  shortcut_cycle (widget, NULL, NULL);
}

static void
action_unselect (GtkWidget  *widget,
                 const char *name,
                 GVariant   *param)
{
  shortcut_unselect (widget, NULL, NULL);
}

static void
action_select_word (GtkWidget  *widget,
                    const char *name,
                    GVariant   *param)
{
  g_autoptr(GVariant) forward = g_variant_ref_sink (g_variant_new_boolean (g_str_equal (name, "article.select-next-word")));

  shortcut_extend_word (widget, forward, NULL);
}

static void
add_shortcut (GtkShortcutController *controller,
              guint                  key,
              GdkModifierType        mods,
              GtkShortcutFunc        func,
              GVariant              *args)
{
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (key, mods),
                                            gtk_callback_action_new (func, NULL, NULL));

  if (args != NULL)
    gtk_shortcut_set_arguments (shortcut, args);
  gtk_shortcut_controller_add_shortcut (controller, shortcut);
}

/* Flashing and scrolling */

static gboolean
flash_tick (GtkWidget     *widget,
            GdkFrameClock *clock,
            gpointer       user_data)
{
  GlossArticleView *self = GLOSS_ARTICLE_VIEW (widget);

  gtk_widget_queue_draw (widget);
  if (self->flashing == NULL
      || g_get_monotonic_time () - self->flash_start > FLASH_DURATION_US)
    {
      self->flashing = NULL;
      self->flash_tick = 0;
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
stop_flash (GlossArticleView *self)
{
  if (self->flash_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->flash_tick);
  self->flash_tick = 0;
  self->flashing = NULL;
}

void
gloss_article_view_scroll_to_annotation (GlossArticleView *self,
                                         GlossAnnotation  *annotation,
                                         gboolean          flash)
{
  GtkTextIter iter;

  g_return_if_fail (GLOSS_IS_ARTICLE_VIEW (self));
  g_return_if_fail (GLOSS_IS_ANNOTATION (annotation));

  iter_at_offset (self, &iter, gloss_annotation_get_start (annotation));
  if (self->scroll_mark == NULL)
    self->scroll_mark = gtk_text_buffer_create_mark (get_buffer (self), NULL, &iter, TRUE);
  else
    gtk_text_buffer_move_mark (get_buffer (self), self->scroll_mark, &iter);
  /* Through a mark: the lines on the way may not be laid out yet. */
  gtk_text_view_scroll_to_mark (GTK_TEXT_VIEW (self), self->scroll_mark, 0.1, FALSE, 0.0, 0.3);

  if (flash)
    {
      stop_flash (self);
      self->flashing = annotation;
      self->flash_start = g_get_monotonic_time ();
      self->flash_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self), flash_tick, NULL, NULL);
    }
}

/* The annotation set */

static void
on_annotation_added (GlossAnnotationSet *set,
                     GlossAnnotation    *annotation,
                     GlossArticleView   *self)
{
  if (gloss_annotation_get_kind (annotation) == GLOSS_ANNOTATION_RELATION)
    return;
  invalidate_range (self, gloss_annotation_get_start (annotation), gloss_annotation_get_end (annotation));
  self->last_caret = G_MAXUINT;
  update_caret_description (self);
}

static void
on_annotation_removed (GlossAnnotationSet *set,
                       GlossAnnotation    *annotation,
                       GlossArticleView   *self)
{
  if (gloss_annotation_get_kind (annotation) == GLOSS_ANNOTATION_RELATION)
    return;
  if (self->selected == annotation)
    gloss_article_view_set_selected_annotation (self, NULL);
  if (self->hovered == annotation)
    self->hovered = NULL;
  if (self->flashing == annotation)
    stop_flash (self);
  invalidate_annotation (self, annotation);
  self->last_caret = G_MAXUINT;
  update_caret_description (self);
}

static void
on_annotation_changed (GlossAnnotationSet *set,
                       GlossAnnotation    *annotation,
                       const char         *what,
                       GlossArticleView   *self)
{
  if (gloss_annotation_get_kind (annotation) == GLOSS_ANNOTATION_RELATION)
    return;
  invalidate_annotation (self, annotation);
  self->last_caret = G_MAXUINT;
  update_caret_description (self);
}

GlossAnnotationSet *
gloss_article_view_get_annotation_set (GlossArticleView *self)
{
  g_return_val_if_fail (GLOSS_IS_ARTICLE_VIEW (self), NULL);

  return self->set;
}

void
gloss_article_view_set_annotation_set (GlossArticleView   *self,
                                       GlossAnnotationSet *set)
{
  GtkTextBuffer *buffer;
  GtkTextIter start;

  g_return_if_fail (GLOSS_IS_ARTICLE_VIEW (self));
  g_return_if_fail (set == NULL || GLOSS_IS_ANNOTATION_SET (set));

  if (self->set == set)
    return;

  gloss_article_view_set_selected_annotation (self, NULL);
  stop_flash (self);
  self->hovered = NULL;
  self->drag_mode = DRAG_NONE;
  g_clear_object (&self->tokenizer);
  g_hash_table_remove_all (self->lines);
  g_hash_table_remove_all (self->colours);

  g_set_object (&self->set, set);
  g_signal_group_set_target (self->set_signals, set);

  buffer = get_buffer (self);
  if (set != NULL)
    {
      gsize n_bytes;
      const char *text = gloss_document_get_text (gloss_annotation_set_get_document (set), &n_bytes);

      gtk_text_buffer_set_text (buffer, text, (int) n_bytes);
    }
  else
    {
      gtk_text_buffer_set_text (buffer, "", 0);
    }
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_place_cursor (buffer, &start);
  self->last_caret = G_MAXUINT;
  g_clear_pointer (&self->description, g_free);
  update_caret_description (self);

  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANNOTATION_SET]);
}

GlossAnnotation *
gloss_article_view_get_selected_annotation (GlossArticleView *self)
{
  g_return_val_if_fail (GLOSS_IS_ARTICLE_VIEW (self), NULL);

  return self->selected;
}

void
gloss_article_view_set_selected_annotation (GlossArticleView *self,
                                            GlossAnnotation  *annotation)
{
  g_return_if_fail (GLOSS_IS_ARTICLE_VIEW (self));
  g_return_if_fail (annotation == NULL || GLOSS_IS_ANNOTATION (annotation));

  if (annotation != NULL && gloss_annotation_get_kind (annotation) == GLOSS_ANNOTATION_RELATION)
    annotation = NULL;
  if (self->selected == annotation)
    return;

  /* Borrowed, like the cache: the set tells us before it lets go. */
  self->selected = annotation;
  gtk_widget_queue_draw (GTK_WIDGET (self));
  self->last_caret = G_MAXUINT;
  update_caret_description (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_ANNOTATION]);
}

/* Review */

static void
on_review_refreshed (GlossArticleView *self)
{
  /* The groups, and maybe the sets, are new: nothing borrowed survives. */
  stop_flash (self);
  self->hovered = NULL;
  gloss_article_view_set_selected_annotation (self, NULL);
  invalidate_all (self);
}

GlossReview *
gloss_article_view_get_review (GlossArticleView *self)
{
  g_return_val_if_fail (GLOSS_IS_ARTICLE_VIEW (self), NULL);

  return self->review;
}

void
gloss_article_view_set_review (GlossArticleView *self,
                               GlossReview      *review)
{
  g_return_if_fail (GLOSS_IS_ARTICLE_VIEW (self));
  g_return_if_fail (review == NULL || GLOSS_IS_REVIEW (review));

  if (self->review == review)
    return;

  if (self->review != NULL)
    g_signal_handlers_disconnect_by_func (self->review, on_review_refreshed, self);
  g_set_object (&self->review, review);
  if (review != NULL)
    g_signal_connect_object (review, "refreshed", G_CALLBACK (on_review_refreshed), self,
                             G_CONNECT_SWAPPED);
  on_review_refreshed (self);
}

void
gloss_article_view_get_annotator_colour (GlossArticleView *self,
                                         guint             index,
                                         GdkRGBA          *colour)
{
  g_return_if_fail (GLOSS_IS_ARTICLE_VIEW (self));
  g_return_if_fail (colour != NULL);

  update_style (self);
  annotator_colour (self, index, colour);
}

gsize
gloss_article_view_get_cache_size (GlossArticleView *self,
                                   guint            *n_pieces)
{
  GHashTableIter iter;
  gpointer value;
  gsize size;
  guint pieces = 0;

  g_return_val_if_fail (GLOSS_IS_ARTICLE_VIEW (self), 0);

  /* A hash table node is three pointers and a hash. */
  size = 64 + g_hash_table_size (self->lines) * (3 * sizeof (gpointer) + sizeof (guint));
  g_hash_table_iter_init (&iter, self->lines);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      LineCache *lc = value;

      size += sizeof (LineCache) + lc->n_bands * sizeof (Band);
      for (guint b = 0; b < lc->n_bands; b++)
        {
          Band *band = &lc->bands[b];

          if (band->pieces == NULL)
            continue;
          size += sizeof (GArray) + 2 * sizeof (gpointer) + band->pieces->len * sizeof (Piece);
          size += band->n_nodes * NODE_BYTES;
          pieces += band->pieces->len;
        }
    }
  if (n_pieces != NULL)
    *n_pieces = pieces;
  return size;
}

void
_gloss_article_view_get_type_colours (GlossArticleView *self,
                                      const char       *type_id,
                                      GdkRGBA          *fill,
                                      GdkRGBA          *line)
{
  const TypeColours *colours;

  g_return_if_fail (GLOSS_IS_ARTICLE_VIEW (self));

  update_style (self);
  if (g_strcmp0 (type_id, "claim") == 0)
    {
      *fill = (GdkRGBA) { 0, 0, 0, 0 };
      *line = self->claim_colour;
      return;
    }
  colours = colours_for_type (self, type_id);
  *fill = colours->fill;
  *line = colours->line;
}

typedef struct
{
  GlossAnnotation *annotation;
  graphene_rect_t *rect;
  gboolean         found;
} FindLane;

static gboolean
find_lane (GlossArticleView *self,
           Band             *band,
           int               line_y,
           gpointer          user_data)
{
  FindLane *find = user_data;

  for (guint i = 0; i < band->pieces->len; i++)
    {
      const Piece *p = &g_array_index (band->pieces, Piece, i);
      int wx, wy;

      if (p->annotation != find->annotation || !(p->flags & PIECE_FIRST))
        continue;
      gtk_text_view_buffer_to_window_coords (GTK_TEXT_VIEW (self), GTK_TEXT_WINDOW_WIDGET,
                                             (int) p->rect.origin.x,
                                             (int) (line_y + p->rect.origin.y + p->rect.size.height
                                                    + 1 + LANE_STEP * MIN (p->lane, MAX_LANES - 1)),
                                             &wx, &wy);
      graphene_rect_init (find->rect, wx, wy, p->rect.size.width, LANE_THICKNESS);
      find->found = TRUE;
      return FALSE;
    }
  return TRUE;
}

gboolean
_gloss_article_view_get_lane_rect (GlossArticleView *self,
                                   GlossAnnotation  *annotation,
                                   graphene_rect_t  *rect)
{
  GtkTextIter iter;
  GdkRectangle r;
  FindLane find = { annotation, rect, FALSE };

  g_return_val_if_fail (GLOSS_IS_ARTICLE_VIEW (self), FALSE);

  iter_at_offset (self, &iter, gloss_annotation_get_start (annotation));
  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (self), &iter, &r);
  foreach_band (self, r.y, r.y + r.height, find_lane, &find);
  return find.found;
}

const char *
_gloss_article_view_get_description (GlossArticleView *self)
{
  g_return_val_if_fail (GLOSS_IS_ARTICLE_VIEW (self), NULL);

  return self->description;
}

/* Layout: a comfortable measure on wide windows */

static void
gloss_article_view_size_allocate (GtkWidget *widget,
                                  int        width,
                                  int        height,
                                  int        baseline)
{
  GlossArticleView *self = GLOSS_ARTICLE_VIEW (widget);
  PangoContext *context = gtk_widget_get_pango_context (widget);
  PangoFontMetrics *metrics = pango_context_get_metrics (context, NULL, NULL);
  int char_width = pango_font_metrics_get_approximate_char_width (metrics) / PANGO_SCALE;
  int measure = MAX (char_width, 4) * MAX_LINE_CHARS;
  int extra = MAX (0, (width - 2 * BASE_MARGIN - GUTTER_WIDTH - measure) / 2);

  pango_font_metrics_unref (metrics);

  if (extra != self->cached_margin)
    {
      self->cached_margin = extra;
      gtk_text_view_set_left_margin (GTK_TEXT_VIEW (self), BASE_MARGIN + GUTTER_WIDTH + extra);
      gtk_text_view_set_right_margin (GTK_TEXT_VIEW (self), BASE_MARGIN + extra);
    }
  if (width != self->cached_width)
    {
      self->cached_width = width;
      g_hash_table_remove_all (self->lines);
    }

  GTK_WIDGET_CLASS (gloss_article_view_parent_class)->size_allocate (widget, width, height, baseline);
}

static void
gloss_article_view_direction_changed (GtkWidget        *widget,
                                      GtkTextDirection  previous)
{
  GTK_WIDGET_CLASS (gloss_article_view_parent_class)->direction_changed (widget, previous);
  invalidate_all (GLOSS_ARTICLE_VIEW (widget));
}

/* GObject */

static void
gloss_article_view_dispose (GObject *object)
{
  GlossArticleView *self = GLOSS_ARTICLE_VIEW (object);

  stop_flash (self);
  self->selected = NULL;
  self->hovered = NULL;
  if (self->set_signals != NULL)
    g_signal_group_set_target (self->set_signals, NULL);
  g_clear_object (&self->set_signals);
  g_clear_object (&self->tokenizer);
  if (self->review != NULL)
    g_signal_handlers_disconnect_by_func (self->review, on_review_refreshed, self);
  g_clear_object (&self->review);
  g_clear_object (&self->set);
  if (self->lines != NULL)
    g_hash_table_remove_all (self->lines);

  G_OBJECT_CLASS (gloss_article_view_parent_class)->dispose (object);
}

static void
gloss_article_view_finalize (GObject *object)
{
  GlossArticleView *self = GLOSS_ARTICLE_VIEW (object);

  g_clear_pointer (&self->lines, g_hash_table_unref);
  g_clear_pointer (&self->colours, g_hash_table_unref);
  g_clear_pointer (&self->description, g_free);

  G_OBJECT_CLASS (gloss_article_view_parent_class)->finalize (object);
}

static void
gloss_article_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  GlossArticleView *self = GLOSS_ARTICLE_VIEW (object);

  switch (prop_id)
    {
    case PROP_ANNOTATION_SET:
      g_value_set_object (value, self->set);
      break;

    case PROP_SELECTED_ANNOTATION:
      g_value_set_object (value, self->selected);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_article_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  GlossArticleView *self = GLOSS_ARTICLE_VIEW (object);

  switch (prop_id)
    {
    case PROP_ANNOTATION_SET:
      gloss_article_view_set_annotation_set (self, g_value_get_object (value));
      break;

    case PROP_SELECTED_ANNOTATION:
      gloss_article_view_set_selected_annotation (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_article_view_class_init (GlossArticleViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkTextViewClass *text_view_class = GTK_TEXT_VIEW_CLASS (klass);

  object_class->dispose = gloss_article_view_dispose;
  object_class->finalize = gloss_article_view_finalize;
  object_class->get_property = gloss_article_view_get_property;
  object_class->set_property = gloss_article_view_set_property;

  widget_class->size_allocate = gloss_article_view_size_allocate;
  widget_class->query_tooltip = gloss_article_view_query_tooltip;
  widget_class->direction_changed = gloss_article_view_direction_changed;

  text_view_class->snapshot_layer = gloss_article_view_snapshot_layer;

  properties[PROP_ANNOTATION_SET] =
    g_param_spec_object ("annotation-set", NULL, NULL,
                         GLOSS_TYPE_ANNOTATION_SET,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_ANNOTATION] =
    g_param_spec_object ("selected-annotation", NULL, NULL,
                         GLOSS_TYPE_ANNOTATION,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SELECTION_CHANGED] =
    g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  signals[ANNOTATION_ACTIVATED] =
    g_signal_new ("annotation-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, GLOSS_TYPE_ANNOTATION);
  signals[ANNOTATION_EDIT_REQUESTED] =
    g_signal_new ("annotation-edit-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, GLOSS_TYPE_ANNOTATION);
  signals[CONTEXT_MENU_REQUESTED] =
    g_signal_new ("context-menu-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 3,
                  GLOSS_TYPE_ANNOTATION, G_TYPE_DOUBLE, G_TYPE_DOUBLE);

  gtk_widget_class_install_action (widget_class, "article.next-annotation", NULL, action_next);
  gtk_widget_class_install_action (widget_class, "article.previous-annotation", NULL, action_previous);
  gtk_widget_class_install_action (widget_class, "article.edit-annotation", NULL, action_edit);
  gtk_widget_class_install_action (widget_class, "article.context-menu", NULL, action_context_menu);
  gtk_widget_class_install_action (widget_class, "article.cycle-annotation", NULL, action_cycle);
  gtk_widget_class_install_action (widget_class, "article.unselect", NULL, action_unselect);
  gtk_widget_class_install_action (widget_class, "article.select-next-word", NULL, action_select_word);
  gtk_widget_class_install_action (widget_class, "article.select-previous-word", NULL, action_select_word);
}

static void
gloss_article_view_init (GlossArticleView *self)
{
  GtkTextView *view = GTK_TEXT_VIEW (self);
  GtkGesture *click, *drag;
  GtkEventController *motion, *shortcuts;
  GtkTextBuffer *buffer;

  self->lines = g_hash_table_new_full (NULL, NULL, NULL, line_cache_free);
  self->colours = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->cached_margin = -1;
  self->last_caret = G_MAXUINT;
  gdk_rgba_parse (&self->claim_colour, "#813d9c");

  gtk_widget_add_css_class (GTK_WIDGET (self), "gloss-article");
  gtk_text_view_set_editable (view, FALSE);
  /* A caret for reading with the keyboard. */
  gtk_text_view_set_cursor_visible (view, TRUE);
  gtk_text_view_set_wrap_mode (view, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_left_margin (view, BASE_MARGIN + GUTTER_WIDTH);
  gtk_text_view_set_right_margin (view, BASE_MARGIN);
  gtk_text_view_set_top_margin (view, BASE_MARGIN);
  gtk_text_view_set_bottom_margin (view, BASE_MARGIN);
  /* The gap between lines holds the stacked underlines. */
  gtk_text_view_set_pixels_inside_wrap (view, LINE_GAP);
  gtk_text_view_set_pixels_below_lines (view, LINE_GAP + 4);
  gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);

  buffer = get_buffer (self);
  gtk_text_buffer_set_enable_undo (buffer, FALSE);
  g_signal_connect_object (buffer, "mark-set", G_CALLBACK (on_mark_set), self, 0);

  self->set_signals = g_signal_group_new (GLOSS_TYPE_ANNOTATION_SET);
  g_signal_group_connect_object (self->set_signals, "annotation-added",
                                 G_CALLBACK (on_annotation_added), self, 0);
  g_signal_group_connect_object (self->set_signals, "annotation-removed",
                                 G_CALLBACK (on_annotation_removed), self, 0);
  g_signal_group_connect_object (self->set_signals, "annotation-changed",
                                 G_CALLBACK (on_annotation_changed), self, 0);

  /* Pointer selection snaps to tokens: these run before the text view's
   * own gestures and claim the sequence. */
  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), 0);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "pressed", G_CALLBACK (on_click_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));

  drag = gtk_gesture_drag_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (drag), GDK_BUTTON_PRIMARY);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drag), GTK_PHASE_CAPTURE);
  g_signal_connect (drag, "drag-update", G_CALLBACK (on_drag_update), self);
  g_signal_connect (drag, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drag));
  gtk_gesture_group (click, drag);

  motion = gtk_event_controller_motion_new ();
  g_signal_connect (motion, "motion", G_CALLBACK (on_motion), self);
  g_signal_connect (motion, "leave", G_CALLBACK (on_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), motion);

  /* Before the text view's own keys: Tab moves between annotations. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_Tab, 0, shortcut_next, NULL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_KP_Tab, 0, shortcut_next, NULL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_ISO_Left_Tab, GDK_SHIFT_MASK, shortcut_previous, NULL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_Tab, GDK_SHIFT_MASK, shortcut_previous, NULL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_Return, 0, shortcut_edit, NULL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_KP_Enter, 0, shortcut_edit, NULL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_Menu, 0, shortcut_context_menu, NULL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_F10, GDK_SHIFT_MASK, shortcut_context_menu, NULL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_Escape, 0, shortcut_unselect, NULL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_space, GDK_CONTROL_MASK, shortcut_cycle, NULL);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_Right, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                shortcut_extend_word, g_variant_new_boolean (TRUE));
  add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_Left, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                shortcut_extend_word, g_variant_new_boolean (FALSE));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}

GtkWidget *
gloss_article_view_new (void)
{
  return g_object_new (GLOSS_TYPE_ARTICLE_VIEW, NULL);
}
