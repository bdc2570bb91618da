/* test-article-view.c: GlossArticleView under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "gloss-annotation-set.h"
#include "gloss-article-view.h"
#include "gloss-article-view-private.h"
#include "gloss-document.h"
#include "gloss-tagset.h"
#include "gloss-test-util.h"
#include "gloss-ui-test-util.h"

typedef struct
{
  GtkWidget          *window;
  GlossArticleView   *view;
  GlossAnnotationSet *set;
  guint               sel_start;
  guint               sel_end;
  guint               n_selection_changed;
  GlossAnnotation    *activated;
  GlossAnnotation    *edit_requested;
  GlossAnnotation    *menu_annotation;
  guint               n_menu;
} Fixture;

static const char *sample_text =
  "Angela Merkel met Emmanuel Macron in Paris on Monday.\n"
  "The minister said that the treaty would be ratified soon.\n";

/* Scrolling glides: waits until the view stops moving. */
static void
wait_scrolled (Fixture *f)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (f->view));
  double last = -1;

  for (int i = 0; i < 200; i++)
    {
      gloss_test_wait_frames (GTK_WIDGET (f->view), 1);
      if (gtk_adjustment_get_value (adjustment) == last)
        break;
      last = gtk_adjustment_get_value (adjustment);
    }
}

static void
on_selection_changed (GlossArticleView *view,
                      guint             start,
                      guint             end,
                      Fixture          *f)
{
  f->sel_start = start;
  f->sel_end = end;
  f->n_selection_changed++;
}

static void
on_activated (GlossArticleView *view,
              GlossAnnotation  *annotation,
              Fixture          *f)
{
  f->activated = annotation;
}

static void
on_edit_requested (GlossArticleView *view,
                   GlossAnnotation  *annotation,
                   Fixture          *f)
{
  f->edit_requested = annotation;
}

static void
on_menu (GlossArticleView *view,
         GlossAnnotation  *annotation,
         double            x,
         double            y,
         Fixture          *f)
{
  f->menu_annotation = annotation;
  f->n_menu++;
}

static GlossAnnotationSet *
set_for_text (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GlossDocument) document = gloss_document_new_from_bytes ("test.txt", bytes, &error);

  g_assert_no_error (error);
  return gloss_annotation_set_new (document, gloss_tagset_get_default (), "alice", "Alice");
}

static void
fixture_open (Fixture    *f,
              const char *text)
{
  f->set = set_for_text (text);
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 640, 360);
  f->view = GLOSS_ARTICLE_VIEW (gloss_article_view_new ());
  {
    GtkWidget *scrolled = gtk_scrolled_window_new ();

    gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (f->view));
    gtk_window_set_child (GTK_WINDOW (f->window), scrolled);
  }
  gloss_article_view_set_annotation_set (f->view, f->set);
  g_signal_connect (f->view, "selection-changed", G_CALLBACK (on_selection_changed), f);
  g_signal_connect (f->view, "annotation-activated", G_CALLBACK (on_activated), f);
  g_signal_connect (f->view, "annotation-edit-requested", G_CALLBACK (on_edit_requested), f);
  g_signal_connect (f->view, "context-menu-requested", G_CALLBACK (on_menu), f);
  gtk_window_present (GTK_WINDOW (f->window));
  gloss_test_wait_frames (GTK_WIDGET (f->view), 3);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  fixture_open (f, data != NULL ? data : sample_text);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->set);
  gloss_test_drain ();
}

/* Code-point offset of the first @needle in the document. */
static guint
offset_of (Fixture    *f,
           const char *needle)
{
  GlossDocument *document = gloss_annotation_set_get_document (f->set);
  const char *text = gloss_document_get_text (document, NULL);
  const char *hit = strstr (text, needle);

  g_assert_nonnull (hit);
  return g_utf8_pointer_to_offset (text, hit);
}

/* The centre of the character at @offset, in widget coordinates. */
static void
char_centre (Fixture *f,
             guint    offset,
             double  *x,
             double  *y)
{
  GdkRectangle rect;

  g_assert_true (gloss_article_view_get_span_rect (f->view, offset, offset + 1, &rect));
  *x = rect.x + rect.width / 2.0;
  *y = rect.y + rect.height / 2.0;
}

static void
click_at (Fixture *f,
          double   x,
          double   y)
{
  _gloss_article_view_press (f->view, GDK_BUTTON_PRIMARY, 1, 0, x, y);
  _gloss_article_view_release (f->view, x, y);
}

static void
click_char (Fixture *f,
            guint    offset)
{
  double x, y;

  char_centre (f, offset, &x, &y);
  click_at (f, x, y);
}

static void
drag_chars (Fixture *f,
            guint    from,
            guint    to)
{
  double x0, y0, x1, y1;

  char_centre (f, from, &x0, &y0);
  char_centre (f, to, &x1, &y1);
  _gloss_article_view_press (f->view, GDK_BUTTON_PRIMARY, 1, 0, x0, y0);
  _gloss_article_view_drag_to (f->view, (x0 + x1) / 2, (y0 + y1) / 2);
  _gloss_article_view_drag_to (f->view, x1, y1);
  _gloss_article_view_release (f->view, x1, y1);
}

/* Rendering */

typedef struct
{
  GdkTexture *texture;
  guchar     *pixels;
  gsize       stride;
  int         width;
  int         height;
} Render;

static void
render_view (Fixture *f,
             Render  *r)
{
  GtkWidget *widget = GTK_WIDGET (f->view);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;

  gloss_test_wait_frames (widget, 2);
  r->width = gtk_widget_get_width (widget);
  r->height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, r->width, r->height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  r->texture = gsk_renderer_render_texture (renderer, node,
                                            &GRAPHENE_RECT_INIT (0, 0, r->width, r->height));
  r->stride = r->width * 4;
  r->pixels = g_malloc (r->stride * r->height);
  gdk_texture_download (r->texture, r->pixels, r->stride);
}

static void
render_clear (Render *r)
{
  g_clear_object (&r->texture);
  g_clear_pointer (&r->pixels, g_free);
}

/* Un-premultiplied colour at (x, y); gdk_texture_download gives
 * native-endian premultiplied ARGB. */
static void
pixel_at (Render  *r,
          int      x,
          int      y,
          GdkRGBA *out)
{
  guint32 p;
  float a;

  g_assert_cmpint (x, >=, 0);
  g_assert_cmpint (y, >=, 0);
  g_assert_cmpint (x, <, r->width);
  g_assert_cmpint (y, <, r->height);
  memcpy (&p, r->pixels + y * r->stride + x * 4, 4);
  a = ((p >> 24) & 0xff) / 255.f;
  out->alpha = a;
  out->red = a > 0 ? ((p >> 16) & 0xff) / 255.f / a : 0;
  out->green = a > 0 ? ((p >> 8) & 0xff) / 255.f / a : 0;
  out->blue = a > 0 ? (p & 0xff) / 255.f / a : 0;
}

static gboolean
colour_near (const GdkRGBA *a,
             const GdkRGBA *b,
             float          tolerance)
{
  return fabsf (a->red - b->red) <= tolerance
      && fabsf (a->green - b->green) <= tolerance
      && fabsf (a->blue - b->blue) <= tolerance;
}

/* Some pixel on the row segment [x0, x1) at y is near @colour. */
static gboolean
row_has_colour (Render        *r,
                int            x0,
                int            x1,
                int            y,
                const GdkRGBA *colour)
{
  for (int x = MAX (x0, 0); x < MIN (x1, r->width); x++)
    {
      GdkRGBA p;

      pixel_at (r, x, y, &p);
      if (colour_near (&p, colour, 0.06f))
        return TRUE;
    }
  return FALSE;
}

static gboolean
all_row_has_colour (Render        *r,
                    int            x0,
                    int            x1,
                    int            y,
                    const GdkRGBA *colour)
{
  for (int x = MAX (x0, 0); x < MIN (x1, r->width); x++)
    {
      GdkRGBA p;

      pixel_at (r, x, y, &p);
      if (!colour_near (&p, colour, 0.06f))
        return FALSE;
    }
  return TRUE;
}

static void
save_png (Render     *r,
          const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                            name, NULL);

  g_assert_true (gdk_texture_save_to_png (r->texture, path));
  g_test_message ("screenshot: %s", path);
}

static void
test_paint_type_colour (Fixture       *f,
                        gconstpointer  data)
{
  GlossAnnotation *person = gloss_test_add_entity (f->set, "person", 0, 13);
  Render r = { 0 };
  graphene_rect_t lane;
  GdkRectangle span, after;
  GdkRGBA fill, line, p, background;

  render_view (f, &r);
  _gloss_article_view_get_type_colours (f->view, "person", &fill, &line);
  g_assert_true (_gloss_article_view_get_lane_rect (f->view, person, &lane));
  g_assert_true (gloss_article_view_get_span_rect (f->view, 0, 13, &span));
  g_assert_true (gloss_article_view_get_span_rect (f->view, offset_of (f, "met"), offset_of (f, "met") + 3, &after));

  /* The underline runs under the whole span in the type's colour... */
  g_assert_true (all_row_has_colour (&r, span.x + 1, span.x + span.width - 1, (int) lane.origin.y, &line));
  /* ...and not under the next word, nor before the span. */
  g_assert_false (row_has_colour (&r, after.x, after.x + after.width, (int) lane.origin.y, &line));
  g_assert_false (row_has_colour (&r, 0, span.x - 3, (int) lane.origin.y, &line));

  /* The fill tints the span's top row (above the glyphs) toward the type
   * colour; the same row after the span is the plain background. */
  pixel_at (&r, after.x + after.width / 2, span.y + 1, &background);
  pixel_at (&r, span.x + span.width / 2, span.y + 1, &p);
  g_assert_false (colour_near (&p, &background, 0.05f));
  {
    GdkRGBA expected = {
      fill.red * fill.alpha + background.red * (1 - fill.alpha),
      fill.green * fill.alpha + background.green * (1 - fill.alpha),
      fill.blue * fill.alpha + background.blue * (1 - fill.alpha),
      1,
    };

    g_assert_true (colour_near (&p, &expected, 0.06f));
  }

  save_png (&r, "article-view-entity.png");
  render_clear (&r);

  /* Removing the annotation removes its paint. */
  gloss_annotation_set_remove (f->set, person);
  render_view (f, &r);
  g_assert_false (row_has_colour (&r, span.x, span.x + span.width, (int) lane.origin.y, &line));
  render_clear (&r);
}

static void
test_overlapping_visible (Fixture       *f,
                          gconstpointer  data)
{
  /* "Emmanuel Macron" (person) overlaps "Macron in Paris" (organisation,
   * made up to overlap) and nests "Paris" (gpe). */
  guint emmanuel = offset_of (f, "Emmanuel");
  guint macron = offset_of (f, "Macron");
  guint paris = offset_of (f, "Paris");
  GlossAnnotation *a = gloss_test_add_entity (f->set, "person", emmanuel, macron + 6);
  GlossAnnotation *b = gloss_test_add_entity (f->set, "organisation", macron, paris + 5);
  GlossAnnotation *c = gloss_test_add_entity (f->set, "gpe", paris, paris + 5);
  Render r = { 0 };
  graphene_rect_t la, lb, lc;
  GdkRectangle overlap, nested;
  GdkRGBA fill, line_a, line_b, line_c;

  render_view (f, &r);
  g_assert_true (_gloss_article_view_get_lane_rect (f->view, a, &la));
  g_assert_true (_gloss_article_view_get_lane_rect (f->view, b, &lb));
  g_assert_true (_gloss_article_view_get_lane_rect (f->view, c, &lc));
  _gloss_article_view_get_type_colours (f->view, "person", &fill, &line_a);
  _gloss_article_view_get_type_colours (f->view, "organisation", &fill, &line_b);
  _gloss_article_view_get_type_colours (f->view, "gpe", &fill, &line_c);

  /* Different lanes for spans that meet... */
  g_assert_cmpfloat (la.origin.y, !=, lb.origin.y);
  g_assert_cmpfloat (lb.origin.y, !=, lc.origin.y);

  /* ...so that where they overlap ("Macron") both colours show. */
  g_assert_true (gloss_article_view_get_span_rect (f->view, macron, macron + 6, &overlap));
  g_assert_true (all_row_has_colour (&r, overlap.x + 1, overlap.x + overlap.width - 1, (int) la.origin.y, &line_a));
  g_assert_true (all_row_has_colour (&r, overlap.x + 1, overlap.x + overlap.width - 1, (int) lb.origin.y, &line_b));
  /* and the nested "Paris" shows its own and its container's. */
  g_assert_true (gloss_article_view_get_span_rect (f->view, paris, paris + 5, &nested));
  g_assert_true (all_row_has_colour (&r, nested.x + 1, nested.x + nested.width - 1, (int) lb.origin.y, &line_b));
  g_assert_true (all_row_has_colour (&r, nested.x + 1, nested.x + nested.width - 1, (int) lc.origin.y, &line_c));

  save_png (&r, "article-view-overlap.png");
  render_clear (&r);
}

static void
test_click_picks_innermost (Fixture       *f,
                            gconstpointer  data)
{
  guint merkel = offset_of (f, "Merkel");
  guint met = offset_of (f, "met");
  GlossAnnotation *person = gloss_test_add_entity (f->set, "person", 0, 13);
  GlossAnnotation *claim = gloss_test_add_claim (f->set, 0, offset_of (f, "Monday") + 6);
  GlossAnnotation *date = gloss_test_add_entity (f->set, "date", offset_of (f, "Monday"), offset_of (f, "Monday") + 6);
  double x, y;

  gloss_test_wait_frames (GTK_WIDGET (f->view), 1);

  /* Inside the person, inside the claim: the person. */
  click_char (f, merkel + 2);
  g_assert_true (gloss_article_view_get_selected_annotation (f->view) == person);
  g_assert_true (f->activated == person);

  /* Clicking there again reaches the claim around it, then back. */
  click_char (f, merkel + 2);
  g_assert_true (gloss_article_view_get_selected_annotation (f->view) == claim);
  click_char (f, merkel + 2);
  g_assert_true (gloss_article_view_get_selected_annotation (f->view) == person);

  /* Only the claim covers "met". */
  click_char (f, met + 1);
  g_assert_true (gloss_article_view_get_selected_annotation (f->view) == claim);

  click_char (f, offset_of (f, "Monday") + 1);
  g_assert_true (gloss_article_view_get_selected_annotation (f->view) == date);

  /* The second line has nothing: a click there unselects. */
  f->activated = NULL;
  click_char (f, offset_of (f, "minister") + 2);
  g_assert_null (gloss_article_view_get_selected_annotation (f->view));
  g_assert_null (f->activated);

  /* The list for a menu: innermost first. */
  {
    g_autoptr(GPtrArray) hits = NULL;

    char_centre (f, merkel + 2, &x, &y);
    hits = gloss_article_view_get_annotations_at (f->view, x, y);
    g_assert_cmpuint (hits->len, ==, 2);
    g_assert_true (g_ptr_array_index (hits, 0) == person);
    g_assert_true (g_ptr_array_index (hits, 1) == claim);
  }

  /* Double-click asks to edit; right-click asks for a menu. */
  _gloss_article_view_press (f->view, GDK_BUTTON_PRIMARY, 1, 0, x, y);
  _gloss_article_view_release (f->view, x, y);
  _gloss_article_view_press (f->view, GDK_BUTTON_PRIMARY, 2, 0, x, y);
  _gloss_article_view_release (f->view, x, y);
  g_assert_true (f->edit_requested == person);

  char_centre (f, met + 1, &x, &y);
  _gloss_article_view_press (f->view, GDK_BUTTON_SECONDARY, 1, 0, x, y);
  g_assert_cmpuint (f->n_menu, ==, 1);
  g_assert_true (f->menu_annotation == claim);

  char_centre (f, offset_of (f, "minister") + 2, &x, &y);
  _gloss_article_view_press (f->view, GDK_BUTTON_SECONDARY, 1, 0, x, y);
  g_assert_cmpuint (f->n_menu, ==, 2);
  g_assert_null (f->menu_annotation);

  /* The tooltip names the type and quotes the text. */
  {
    g_autofree char *tip = NULL;

    char_centre (f, merkel + 2, &x, &y);
    tip = _gloss_article_view_dup_tooltip (f->view, x, y);
    g_assert_nonnull (tip);
    g_assert_nonnull (strstr (tip, "Person"));
    g_assert_nonnull (strstr (tip, "Angela Merkel"));
    g_assert_nonnull (strstr (tip, "Claim"));
    g_assert_nonnull (strstr (tip, "alice"));
  }
}

static void
test_selection_snaps (Fixture       *f,
                      gconstpointer  data)
{
  guint angela = offset_of (f, "Angela");
  guint macron = offset_of (f, "Macron");
  guint merkel = offset_of (f, "Merkel");
  guint treaty = offset_of (f, "treaty");
  guint s, e;

  /* From the middle of one word to the middle of another: whole words. */
  drag_chars (f, angela + 2, macron + 3);
  g_assert_true (gloss_article_view_get_selection (f->view, &s, &e));
  g_assert_cmpuint (s, ==, angela);
  g_assert_cmpuint (e, ==, macron + 6);
  g_assert_cmpuint (f->sel_start, ==, s);
  g_assert_cmpuint (f->sel_end, ==, e);

  /* Backwards too. */
  drag_chars (f, macron + 3, merkel + 1);
  g_assert_true (gloss_article_view_get_selection (f->view, &s, &e));
  g_assert_cmpuint (s, ==, merkel);
  g_assert_cmpuint (e, ==, macron + 6);

  /* Across lines. */
  drag_chars (f, offset_of (f, "Paris") + 1, treaty + 2);
  g_assert_true (gloss_article_view_get_selection (f->view, &s, &e));
  g_assert_cmpuint (s, ==, offset_of (f, "Paris"));
  g_assert_cmpuint (e, ==, treaty + 6);

  /* Punctuation is a token of its own: ending on the full stop takes it. */
  drag_chars (f, offset_of (f, "Monday") + 1, offset_of (f, "Monday") + 6);
  g_assert_true (gloss_article_view_get_selection (f->view, &s, &e));
  g_assert_cmpuint (s, ==, offset_of (f, "Monday"));
  g_assert_cmpuint (e, ==, offset_of (f, "Monday") + 7);

  /* Double-click selects a word. */
  {
    double x, y;

    char_centre (f, treaty + 3, &x, &y);
    _gloss_article_view_press (f->view, GDK_BUTTON_PRIMARY, 1, 0, x, y);
    _gloss_article_view_release (f->view, x, y);
    _gloss_article_view_press (f->view, GDK_BUTTON_PRIMARY, 2, 0, x, y);
    _gloss_article_view_release (f->view, x, y);
    g_assert_true (gloss_article_view_get_selection (f->view, &s, &e));
    g_assert_cmpuint (s, ==, treaty);
    g_assert_cmpuint (e, ==, treaty + 6);

    /* Shift-click extends it to the word clicked, snapped. */
    char_centre (f, offset_of (f, "ratified") + 4, &x, &y);
    _gloss_article_view_press (f->view, GDK_BUTTON_PRIMARY, 1, GDK_SHIFT_MASK, x, y);
    _gloss_article_view_release (f->view, x, y);
    g_assert_true (gloss_article_view_get_selection (f->view, &s, &e));
    g_assert_cmpuint (s, ==, treaty);
    g_assert_cmpuint (e, ==, offset_of (f, "ratified") + 8);
  }

  /* A plain click clears the selection. */
  click_char (f, angela + 1);
  g_assert_false (gloss_article_view_get_selection (f->view, &s, &e));
  g_assert_cmpuint (f->sel_start, ==, f->sel_end);

  /* Keyboard (Ctrl+Shift+Right/Left): whole tokens, from inside a word too. */
  gloss_article_view_set_selection (f->view, merkel + 2, merkel + 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "article.select-next-word", NULL));
  g_assert_true (gloss_article_view_get_selection (f->view, &s, &e));
  g_assert_cmpuint (s, ==, merkel);
  g_assert_cmpuint (e, ==, merkel + 6);
  gtk_widget_activate_action (GTK_WIDGET (f->view), "article.select-next-word", NULL);
  g_assert_true (gloss_article_view_get_selection (f->view, &s, &e));
  g_assert_cmpuint (s, ==, merkel);
  g_assert_cmpuint (e, ==, offset_of (f, "met") + 3);
  gtk_widget_activate_action (GTK_WIDGET (f->view), "article.select-previous-word", NULL);
  g_assert_true (gloss_article_view_get_selection (f->view, &s, &e));
  g_assert_cmpuint (s, ==, merkel);
  g_assert_cmpuint (e, ==, offset_of (f, "met"));
  g_assert_cmpuint (f->sel_end, ==, e);
}

static const char *intl_text =
  "👍🏽 Café e\u0301te\u0301 Zoë met Ana.\n"
  "שלום עולם היום and English words\n"
  "قال الوزير إن المعاهدة ستتم\n";

static void
test_rtl_and_emoji_offsets (Fixture       *f,
                            gconstpointer  data)
{
  guint cafe = offset_of (f, "Café");
  guint ete = offset_of (f, "e\u0301te\u0301");
  guint zoe = offset_of (f, "Zoë");
  guint shalom = offset_of (f, "שלום");
  guint olam = offset_of (f, "עולם");
  guint wazir = offset_of (f, "الوزير");
  GlossAnnotation *person, *hebrew, *arabic;
  guint s, e, at;
  double x, y;
  Render r = { 0 };
  GdkRGBA fill, line;
  GdkRectangle rect;
  graphene_rect_t lane;

  /* An emoji with a skin tone is two code points, "Café" four. */
  g_assert_cmpuint (cafe, ==, 3);
  g_assert_cmpuint (ete, ==, 8);
  g_assert_cmpuint (zoe, ==, 14);

  person = gloss_test_add_entity (f->set, "person", zoe, zoe + 3);
  hebrew = gloss_test_add_entity (f->set, "gpe", olam, olam + 4);
  arabic = gloss_test_add_entity (f->set, "person", wazir, wazir + 6);
  gloss_test_wait_frames (GTK_WIDGET (f->view), 1);

  /* Clicks map to the right code points after emoji and combining marks. */
  char_centre (f, zoe + 1, &x, &y);
  g_assert_true (gloss_article_view_get_offset_at (f->view, x, y, &at));
  g_assert_cmpuint (at, ==, zoe + 1);
  click_at (f, x, y);
  g_assert_true (gloss_article_view_get_selected_annotation (f->view) == person);

  /* A word with combining accents is selected whole. */
  drag_chars (f, ete + 1, ete + 3);
  g_assert_true (gloss_article_view_get_selection (f->view, &s, &e));
  g_assert_cmpuint (s, ==, ete);
  g_assert_cmpuint (e, ==, ete + 5);

  /* Right to left: a drag from the first Hebrew word to the second selects
   * both, whatever the direction on screen. */
  drag_chars (f, shalom + 1, olam + 2);
  g_assert_true (gloss_article_view_get_selection (f->view, &s, &e));
  g_assert_cmpuint (s, ==, shalom);
  g_assert_cmpuint (e, ==, olam + 4);

  /* Clicking the Hebrew and the Arabic words picks their entities. */
  click_char (f, olam + 1);
  g_assert_true (gloss_article_view_get_selected_annotation (f->view) == hebrew);
  click_char (f, wazir + 2);
  g_assert_true (gloss_article_view_get_selected_annotation (f->view) == arabic);
  gloss_article_view_set_selected_annotation (f->view, NULL);

  /* ...and they are painted where the words are: on screen, "עולם" lies
   * left of "שלום". */
  render_view (f, &r);
  _gloss_article_view_get_type_colours (f->view, "gpe", &fill, &line);
  g_assert_true (_gloss_article_view_get_lane_rect (f->view, hebrew, &lane));
  g_assert_true (gloss_article_view_get_span_rect (f->view, olam, olam + 4, &rect));
  g_assert_true (all_row_has_colour (&r, rect.x + 1, rect.x + rect.width - 1, (int) lane.origin.y, &line));
  g_assert_true (gloss_article_view_get_span_rect (f->view, shalom, shalom + 4, &rect));
  g_assert_false (row_has_colour (&r, rect.x + 1, rect.x + rect.width - 1, (int) lane.origin.y, &line));
  save_png (&r, "article-view-intl.png");
  render_clear (&r);
}

static void
test_keyboard_navigation (Fixture       *f,
                          gconstpointer  data)
{
  GlossAnnotation *person = gloss_test_add_entity (f->set, "person", 0, 13);
  GlossAnnotation *macron = gloss_test_add_entity (f->set, "person", offset_of (f, "Emmanuel"), offset_of (f, "Macron") + 6);
  GlossAnnotation *claim = gloss_test_add_claim (f->set, offset_of (f, "The minister"), offset_of (f, "soon") + 4);
  GlossAnnotation *paris = gloss_test_add_entity (f->set, "gpe", offset_of (f, "Paris"), offset_of (f, "Paris") + 5);
  GtkWidget *widget = GTK_WIDGET (f->view);
  GtkTextIter caret;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (f->view));

  gtk_widget_grab_focus (widget);
  g_assert_true (gtk_widget_activate_action (widget, "article.next-annotation", NULL));
  g_assert_true (gloss_article_view_get_selected_annotation (f->view) == person);
  gtk_widget_activate_action (widget, "article.next-annotation", NULL);
  g_assert_true (gloss_article_view_get_selected_annotation (f->view) == macron);
  gtk_widget_activate_action (widget, "article.next-annotation", NULL);
  g_assert_true (gloss_article_view_get_selected_annotation (f->view) == paris);
  gtk_widget_activate_action (widget, "article.next-annotation", NULL);
  g_assert_true (gloss_article_view_get_selected_annotation (f->view) == claim);
  /* At the end it stays (Tab then leaves the view). */
  gtk_widget_activate_action (widget, "article.next-annotation", NULL);
  g_assert_true (gloss_article_view_get_selected_annotation (f->view) == claim);

  gtk_widget_activate_action (widget, "article.previous-annotation", NULL);
  g_assert_true (gloss_article_view_get_selected_annotation (f->view) == paris);
  g_assert_true (f->activated == paris);

  /* The caret follows, and assistive technology hears what is there. */
  gtk_text_buffer_get_iter_at_mark (buffer, &caret, gtk_text_buffer_get_insert (buffer));
  g_assert_cmpint (gtk_text_iter_get_offset (&caret), ==, (int) offset_of (f, "Paris"));
  g_assert_nonnull (_gloss_article_view_get_description (f->view));
  g_assert_nonnull (strstr (_gloss_article_view_get_description (f->view), "Paris"));
  g_assert_nonnull (strstr (_gloss_article_view_get_description (f->view), "Geo-political"));

  /* Return asks to edit the selected one; Escape unselects. */
  gtk_widget_activate_action (widget, "article.edit-annotation", NULL);
  g_assert_true (f->edit_requested == paris);
  gtk_widget_activate_action (widget, "article.unselect", NULL);
  g_assert_null (gloss_article_view_get_selected_annotation (f->view));

  /* With nothing selected, Tab starts from the caret. */
  gloss_article_view_set_selection (f->view, offset_of (f, "in Paris"), offset_of (f, "in Paris"));
  gtk_widget_activate_action (widget, "article.next-annotation", NULL);
  g_assert_true (gloss_article_view_get_selected_annotation (f->view) == paris);

  /* The caret in a plain word describes nothing. */
  gloss_article_view_set_selected_annotation (f->view, NULL);
  gloss_article_view_set_selection (f->view, offset_of (f, "met") + 1, offset_of (f, "met") + 1);
  g_assert_true (_gloss_article_view_get_description (f->view) == NULL
                 || _gloss_article_view_get_description (f->view)[0] == '\0');
  gloss_article_view_set_selection (f->view, offset_of (f, "minister"), offset_of (f, "minister"));
  g_assert_nonnull (strstr (_gloss_article_view_get_description (f->view), "Claim"));
}

static void
test_claims_and_screenshot (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GlossAnnotation *minister, *claim, *treaty;
  guint said = offset_of (f, "said");
  Render r = { 0 };
  GdkRectangle content;
  GdkRGBA fill, claim_line;
  int left_margin;
  gboolean bar = FALSE;

  gloss_test_add_entity (f->set, "person", 0, 13);
  gloss_test_add_entity (f->set, "person", offset_of (f, "Emmanuel"), offset_of (f, "Macron") + 6);
  gloss_test_add_entity (f->set, "gpe", offset_of (f, "Paris"), offset_of (f, "Paris") + 5);
  gloss_test_add_entity (f->set, "date", offset_of (f, "Monday"), offset_of (f, "Monday") + 6);
  minister = gloss_test_add_entity (f->set, "person", offset_of (f, "The minister"), offset_of (f, "minister") + 8);
  treaty = gloss_test_add_entity (f->set, "law", offset_of (f, "the treaty"), offset_of (f, "treaty") + 6);
  claim = gloss_test_add_claim (f->set, offset_of (f, "the treaty"), offset_of (f, "soon") + 4);
  g_assert_true (gloss_annotation_set_set_source_entity (f->set, claim, minister, &error));
  g_assert_no_error (error);
  g_assert_true (gloss_annotation_set_set_cue (f->set, claim, said, said + 4, &error));
  g_assert_no_error (error);
  g_assert_nonnull (treaty);

  gloss_article_view_set_selected_annotation (f->view, claim);
  render_view (f, &r);
  save_png (&r, "article-view.png");

  /* The claim's lines have a bar in the gutter left of the text. */
  _gloss_article_view_get_type_colours (f->view, "claim", &fill, &claim_line);
  g_assert_true (gloss_article_view_get_span_rect (f->view, offset_of (f, "the treaty"),
                                                   offset_of (f, "soon") + 4, &content));
  left_margin = gtk_text_view_get_left_margin (GTK_TEXT_VIEW (f->view));
  for (int x = 0; x < left_margin && !bar; x++)
    {
      GdkRGBA p;

      pixel_at (&r, x, content.y + content.height / 2, &p);
      bar = colour_near (&p, &claim_line, 0.06f);
    }
  g_assert_true (bar);
  /* Lines without a claim have none. */
  {
    GdkRectangle first;

    g_assert_true (gloss_article_view_get_span_rect (f->view, 0, 1, &first));
    g_assert_false (row_has_colour (&r, 0, first.x - 2, first.y + first.height / 2, &claim_line));
  }

  /* The selected claim outlines its cue "said" in the claim colour. */
  {
    GdkRectangle cue;

    g_assert_true (gloss_article_view_get_span_rect (f->view, said, said + 4, &cue));
    g_assert_true (row_has_colour (&r, cue.x - 3, cue.x + cue.width + 3, cue.y, &claim_line)
                   || row_has_colour (&r, cue.x - 3, cue.x + cue.width + 3, cue.y - 1, &claim_line));
  }
  render_clear (&r);

  /* The dark style: the text turns light, the paint follows. */
  {
    GtkSettings *settings = gtk_settings_get_default ();
    GdkRGBA dark_fill, dark_line, light_fill, light_line, p;
    GdkRectangle person;

    _gloss_article_view_get_type_colours (f->view, "person", &light_fill, &light_line);
    g_object_set (settings, "gtk-application-prefer-dark-theme", TRUE, NULL);
    render_view (f, &r);
    save_png (&r, "article-view-dark.png");
    _gloss_article_view_get_type_colours (f->view, "person", &dark_fill, &dark_line);
    g_assert_false (gdk_rgba_equal (&dark_fill, &light_fill));
    g_assert_false (gdk_rgba_equal (&dark_line, &light_line));
    /* The background is dark now, and the person's fill shows on it. */
    g_assert_true (gloss_article_view_get_span_rect (f->view, 0, 13, &person));
    pixel_at (&r, r.width - 20, person.y + 1, &p);
    g_assert_cmpfloat (p.red + p.green + p.blue, <, 1.0);
    pixel_at (&r, person.x + person.width / 2, person.y + 1, &p);
    g_assert_cmpfloat (p.blue, >, p.red);
    g_object_set (settings, "gtk-application-prefer-dark-theme", FALSE, NULL);
    render_clear (&r);
  }
}

static void
test_scroll_to_annotation (Fixture       *f,
                           gconstpointer  data)
{
  GString *text = g_string_new (NULL);
  GlossAnnotation *far;
  GdkRectangle visible, location;
  GtkTextIter iter;

  fixture_teardown (f, NULL);
  memset (f, 0, sizeof *f);
  for (int i = 0; i < 400; i++)
    g_string_append_printf (text, "Paragraph %d says little of interest to anyone.\n", i);
  fixture_open (f, text->str);
  g_string_free (text, TRUE);

  far = gloss_test_add_entity (f->set, "event", offset_of (f, "Paragraph 350 "), offset_of (f, "Paragraph 350 ") + 13);
  gloss_article_view_scroll_to_annotation (f->view, far, TRUE);
  wait_scrolled (f);
  gtk_text_view_get_visible_rect (GTK_TEXT_VIEW (f->view), &visible);
  gtk_text_buffer_get_iter_at_offset (gtk_text_view_get_buffer (GTK_TEXT_VIEW (f->view)), &iter,
                                      gloss_annotation_get_start (far));
  gtk_text_view_get_iter_location (GTK_TEXT_VIEW (f->view), &iter, &location);
  g_assert_cmpint (location.y, >=, visible.y);
  g_assert_cmpint (location.y + location.height, <=, visible.y + visible.height);
}

/* A paragraph long enough to be measured line by line by the view itself
 * must still paint exactly where GTK puts the characters. */
static void
test_long_paragraph (Fixture       *f,
                     gconstpointer  data)
{
  GString *text = g_string_new (NULL);
  GlossAnnotation *far, *wrapped;
  Render r = { 0 };
  graphene_rect_t lane;
  GdkRectangle span;
  GdkRGBA fill, line;
  guint start;

  fixture_teardown (f, NULL);
  memset (f, 0, sizeof *f);
  for (int i = 0; text->len < 12000; i++)
    g_string_append_printf (text, "Sentence %d of a long paragraph that never ends. ", i);
  g_string_append_c (text, '\n');
  fixture_open (f, text->str);
  g_string_free (text, TRUE);

  start = offset_of (f, "Sentence 180 ");
  far = gloss_test_add_entity (f->set, "organisation", start + 9, start + 12);
  wrapped = gloss_test_add_entity (f->set, "event", offset_of (f, "Sentence 181 "), offset_of (f, "Sentence 184 "));
  gloss_article_view_scroll_to_annotation (f->view, far, FALSE);
  wait_scrolled (f);

  render_view (f, &r);
  _gloss_article_view_get_type_colours (f->view, "organisation", &fill, &line);
  g_assert_true (_gloss_article_view_get_lane_rect (f->view, far, &lane));
  g_assert_true (gloss_article_view_get_span_rect (f->view, start + 9, start + 12, &span));
  g_assert_cmpfloat (fabsf (lane.origin.x - span.x), <=, 1);
  g_assert_cmpfloat (fabsf (lane.size.width - span.width), <=, 2);
  g_assert_cmpfloat (lane.origin.y, >=, span.y + span.height);
  g_assert_cmpfloat (lane.origin.y, <=, span.y + span.height + 12);
  g_assert_true (all_row_has_colour (&r, span.x + 1, span.x + span.width - 1, (int) lane.origin.y, &line));
  g_assert_false (row_has_colour (&r, span.x + span.width + 3, span.x + span.width + 40, (int) lane.origin.y, &line));
  save_png (&r, "article-view-long.png");
  render_clear (&r);

  click_char (f, start + 10);
  g_assert_true (gloss_article_view_get_selected_annotation (f->view) == far);
  click_char (f, offset_of (f, "Sentence 183 ") + 2);
  g_assert_true (gloss_article_view_get_selected_annotation (f->view) == wrapped);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_init ();

#define ADD(path, func, text) \
  g_test_add ("/article-view/" path, Fixture, text, fixture_setup, func, fixture_teardown)

  ADD ("paint-type-colour", test_paint_type_colour, NULL);
  ADD ("overlapping-visible", test_overlapping_visible, NULL);
  ADD ("click-picks-innermost", test_click_picks_innermost, NULL);
  ADD ("selection-snaps", test_selection_snaps, NULL);
  ADD ("rtl-and-emoji-offsets", test_rtl_and_emoji_offsets, intl_text);
  ADD ("keyboard-navigation", test_keyboard_navigation, NULL);
  ADD ("claims-and-screenshot", test_claims_and_screenshot, NULL);
  ADD ("scroll-to-annotation", test_scroll_to_annotation, NULL);
  ADD ("long-paragraph", test_long_paragraph, NULL);

#undef ADD

  return g_test_run ();
}
