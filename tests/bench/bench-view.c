/* bench-view.c: GlossArticleView against a bare GtkTextView
 *
 * Run under Xvfb with the cairo renderer:
 *   GSK_RENDERER=cairo xvfb-run -a -s "-screen 0 1280x800x24" build/tests/bench/bench-view
 * Options: --quick (1 MB only), --no-10mb.
 *
 * Prints one "figure: NAME = VALUE UNIT" line per figure. Frame times are
 * the work of a frame: from the frame clock's before-paint to its
 * after-paint (update, layout, snapshot and cairo rendering), not the wait
 * for the next frame slot.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <malloc.h>
#include <string.h>

#include <gtk/gtk.h>

#include "gloss-annotation-set.h"
#include "gloss-article-view.h"
#include "gloss-article-view-private.h"
#include "gloss-document.h"
#include "gloss-tagset.h"

#define WINDOW_WIDTH  1000
#define WINDOW_HEIGHT 760
#define OPEN_RUNS     3

static void
figure (const char *name,
        double      value,
        const char *unit)
{
  g_print ("figure: %s = %.3g %s\n", name, value, unit);
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y ? 1 : 0;
}

static double
percentile (GArray *values,
            double  p)
{
  g_autoptr(GArray) sorted = NULL;
  guint index;

  if (values->len == 0)
    return 0;
  sorted = g_array_copy (values);
  g_array_sort (sorted, compare_double);
  index = (guint) (p * (sorted->len - 1) + 0.5);
  return g_array_index (sorted, double, MIN (index, sorted->len - 1));
}

/* Text and annotations */

static const char *vocabulary[] = {
  "the", "minister", "said", "that", "treaty", "would", "be", "ratified", "by", "parliament",
  "before", "summer", "according", "to", "officials", "in", "capital", "who", "spoke", "on",
  "condition", "of", "anonymity", "government", "announced", "new", "measures", "against",
  "inflation", "which", "rose", "percent", "last", "year", "while", "opposition", "leaders",
  "criticised", "plan", "as", "too", "little", "late", "agency", "reported", "growth",
  "exports", "fell", "sharply", "during", "third", "quarter", "central", "bank", "kept",
  "interest", "rates", "unchanged", "analysts", "expect", "further", "cuts", "next", "month",
  "committee", "will", "meet", "again", "Tuesday", "council", "voted", "with", "majority",
  "Angela", "Merkel", "Emmanuel", "Macron", "Paris", "Berlin", "Brussels", "European", "Union",
  "United", "Nations", "court", "ruled", "appeal", "judges", "evidence", "prosecutor", "denied",
  "allegations", "company", "shares", "investors", "market", "prices", "energy", "gas", "oil",
};

typedef struct
{
  GString *text;
  GArray  *words; /* guint pairs: start, end code points */
  guint    length;
} Generated;

static guint32 rng_state = 0x9e3779b9;

static guint32
rng (void)
{
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 17;
  rng_state ^= rng_state << 5;
  return rng_state;
}

/* Paragraphs of sentences of words (ASCII, so bytes are code points).
 * @single_paragraph: no line breaks at all. */
static void
generate_text (Generated *g,
               gsize      n_bytes,
               gboolean   single_paragraph)
{
  guint sentence = 0, in_sentence = 0, sentence_len = 12;

  g->text = g_string_sized_new (n_bytes + 64);
  g->words = g_array_new (FALSE, FALSE, sizeof (guint) * 2);

  while (g->text->len < n_bytes)
    {
      const char *w = vocabulary[rng () % G_N_ELEMENTS (vocabulary)];
      guint pair[2];

      if (in_sentence > 0)
        g_string_append_c (g->text, ' ');
      pair[0] = g->text->len;
      g_string_append (g->text, w);
      if (in_sentence == 0)
        g->text->str[pair[0]] = g_ascii_toupper (g->text->str[pair[0]]);
      pair[1] = g->text->len;
      g_array_append_val (g->words, pair);
      in_sentence++;
      if (in_sentence >= sentence_len)
        {
          g_string_append_c (g->text, '.');
          in_sentence = 0;
          sentence_len = 8 + rng () % 18;
          sentence++;
          g_string_append_c (g->text, !single_paragraph && sentence % 5 == 0 ? '\n' : ' ');
        }
    }
  g_string_append_c (g->text, '\n');
  g->length = g->text->len;
}

static const char *entity_types[] = {
  "person", "organisation", "gpe", "location", "facility", "group", "event", "law", "date", "quantity",
};

/* @n_spans annotations spread over the text: entities of 1-3 words, one in
 * ten with a one-word entity nested at its start, one in twenty a claim of
 * about ten words. */
static GlossAnnotationSet *
generate_set (Generated *g,
              guint      n_spans)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new (g->text->str, g->text->len);
  g_autoptr(GlossDocument) document = gloss_document_new_from_bytes ("bench.txt", bytes, &error);
  GlossAnnotationSet *set;
  guint n_words = g->words->len;
  guint step, added = 0;

  g_assert_no_error (error);
  set = gloss_annotation_set_new (document, gloss_tagset_get_default (), "bench", "Bench");
  /* One position in twenty also takes a nested entity. */
  step = MAX ((n_words - 12) / (n_spans * 20 / 21), 2);

  for (guint w = 0; w + 12 < n_words && added < n_spans; w += step)
    {
      guint *first = &g_array_index (g->words, guint, 2 * w);
      guint k = 1 + rng () % 3;
      guint *last = &g_array_index (g->words, guint, 2 * (w + k - 1));

      if (added % 20 == 19)
        {
          guint *end = &g_array_index (g->words, guint, 2 * (w + 10));

          if (gloss_annotation_set_add_claim (set, first[0], end[1], &error) == NULL)
            g_error ("%s", error->message);
        }
      else
        {
          if (gloss_annotation_set_add_entity (set, entity_types[rng () % G_N_ELEMENTS (entity_types)],
                                               first[0], last[1], &error) == NULL)
            g_error ("%s", error->message);
          if (added % 10 == 5 && k > 1 && added + 1 < n_spans)
            {
              if (gloss_annotation_set_add_entity (set, "person", first[0], first[1], &error) == NULL)
                g_error ("%s", error->message);
              added++;
            }
        }
      added++;
    }
  gloss_annotation_set_clear_history (set);
  return set;
}

/* Frames */

/* The article view's typography (margins, spacing), read from it once, so
 * that a "styled" bare view lays out exactly as many lines. */
typedef struct
{
  gboolean known;
  int      left, right, top, bottom, inside_wrap, below_lines;
} Typography;

static Typography typography;

static void
read_typography (GtkTextView *view)
{
  typography.known = TRUE;
  typography.left = gtk_text_view_get_left_margin (view);
  typography.right = gtk_text_view_get_right_margin (view);
  typography.top = gtk_text_view_get_top_margin (view);
  typography.bottom = gtk_text_view_get_bottom_margin (view);
  typography.inside_wrap = gtk_text_view_get_pixels_inside_wrap (view);
  typography.below_lines = gtk_text_view_get_pixels_below_lines (view);
}

typedef enum
{
  VIEW_BARE,
  VIEW_BARE_STYLED,
  VIEW_ARTICLE,
} ViewKind;

typedef struct
{
  GtkWidget     *window;
  GtkWidget     *scrolled;
  GtkTextView   *view;
  GdkFrameClock *clock;
  double         frame_start;
  double         last_after_paint;
  guint          n_frames;
  GArray        *frame_times; /* ms, while recording */
  gsize          peak_cache;
  guint          peak_pieces;
} Harness;

static void
on_before_paint (GdkFrameClock *clock,
                 Harness       *h)
{
  h->frame_start = now_ms ();
}

static void
on_after_paint (GdkFrameClock *clock,
                Harness       *h)
{
  double t = now_ms ();

  h->last_after_paint = t;
  h->n_frames++;
  if (h->frame_times != NULL && h->frame_start > 0)
    {
      double dt = t - h->frame_start;

      g_array_append_val (h->frame_times, dt);
    }
}

static void
spin (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
wait_frame (Harness *h)
{
  guint n = h->n_frames;

  gtk_widget_queue_draw (GTK_WIDGET (h->view));
  while (h->n_frames == n)
    g_main_context_iteration (NULL, TRUE);
}

/* Opens a window showing @text in a bare view (@set NULL) or @set in a
 * GlossArticleView; returns the milliseconds to the first frame. */
static double
harness_open_kind (Harness            *h,
                   ViewKind            kind,
                   const char         *text,
                   gsize               n_bytes,
                   GlossAnnotationSet *set)
{
  double t0;

  memset (h, 0, sizeof *h);
  t0 = now_ms ();
  h->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (h->window), WINDOW_WIDTH, WINDOW_HEIGHT);
  h->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (h->scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_window_set_child (GTK_WINDOW (h->window), h->scrolled);

  if (set == NULL)
    {
      GtkTextBuffer *buffer;

      h->view = GTK_TEXT_VIEW (gtk_text_view_new ());
      buffer = gtk_text_view_get_buffer (h->view);
      /* What any read-only viewer does (the article view does too). */
      gtk_text_buffer_set_enable_undo (buffer, FALSE);
      gtk_text_view_set_editable (h->view, FALSE);
      gtk_text_view_set_wrap_mode (h->view, GTK_WRAP_WORD_CHAR);
      if (kind == VIEW_BARE_STYLED && typography.known)
        {
          gtk_text_view_set_left_margin (h->view, typography.left);
          gtk_text_view_set_right_margin (h->view, typography.right);
          gtk_text_view_set_top_margin (h->view, typography.top);
          gtk_text_view_set_bottom_margin (h->view, typography.bottom);
          gtk_text_view_set_pixels_inside_wrap (h->view, typography.inside_wrap);
          gtk_text_view_set_pixels_below_lines (h->view, typography.below_lines);
        }
      gtk_text_buffer_set_text (buffer, text, (int) n_bytes);
    }
  else
    {
      h->view = GTK_TEXT_VIEW (gloss_article_view_new ());
      gloss_article_view_set_annotation_set (GLOSS_ARTICLE_VIEW (h->view), set);
    }
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (h->scrolled), GTK_WIDGET (h->view));
  gtk_window_present (GTK_WINDOW (h->window));

  h->clock = gtk_widget_get_frame_clock (h->window);
  g_assert_nonnull (h->clock);
  g_signal_connect (h->clock, "before-paint", G_CALLBACK (on_before_paint), h);
  g_signal_connect (h->clock, "after-paint", G_CALLBACK (on_after_paint), h);
  while (h->n_frames == 0)
    g_main_context_iteration (NULL, TRUE);
  return h->last_after_paint - t0;
}

static double
harness_open (Harness            *h,
              const char         *text,
              gsize               n_bytes,
              GlossAnnotationSet *set)
{
  return harness_open_kind (h, set != NULL ? VIEW_ARTICLE : VIEW_BARE, text, n_bytes, set);
}

static void
harness_close (Harness *h)
{
  g_signal_handlers_disconnect_by_data (h->clock, h);
  gtk_window_destroy (GTK_WINDOW (h->window));
  g_clear_pointer (&h->frame_times, g_array_unref);
  spin ();
}

static GtkAdjustment *
vadjustment (Harness *h)
{
  return gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (h->view));
}

/* Scrolls from the top to the bottom a page per frame; frame times in ms.
 * @max_pages 0 means all. */
static GArray *
scroll_through (Harness *h,
                guint    max_pages)
{
  GtkAdjustment *adj = vadjustment (h);
  guint pages = 0;

  gtk_adjustment_set_value (adj, 0);
  wait_frame (h);
  wait_frame (h);
  h->frame_times = g_array_new (FALSE, FALSE, sizeof (double));
  for (;;)
    {
      double value = gtk_adjustment_get_value (adj);
      double page = gtk_adjustment_get_page_size (adj);
      guint n = h->n_frames;

      if (value + page >= gtk_adjustment_get_upper (adj) - 1 || (max_pages > 0 && pages >= max_pages))
        break;
      gtk_adjustment_set_value (adj, value + page);
      while (h->n_frames == n)
        g_main_context_iteration (NULL, TRUE);
      pages++;
      if (GLOSS_IS_ARTICLE_VIEW (h->view) && pages % 16 == 0)
        {
          guint pieces;
          gsize size = gloss_article_view_get_cache_size (GLOSS_ARTICLE_VIEW (h->view), &pieces);

          if (size > h->peak_cache)
            {
              h->peak_cache = size;
              h->peak_pieces = pieces;
            }
        }
    }
  return g_steal_pointer (&h->frame_times);
}

/* Figures */

static void
bench_open (const char         *tag,
            Generated          *g,
            GlossAnnotationSet *set)
{
  g_autoptr(GArray) bare = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) gloss = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) styled = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *name = NULL;
  double b, a, st;

  /* Interleaved so that drift in the machine hits both alike. */
  for (guint run = 0; run < OPEN_RUNS; run++)
    {
      Harness h;
      double t;

      t = harness_open (&h, g->text->str, g->text->len, NULL);
      g_array_append_val (bare, t);
      harness_close (&h);

      t = harness_open (&h, NULL, 0, set);
      g_array_append_val (gloss, t);
      harness_close (&h);

      t = harness_open_kind (&h, VIEW_BARE_STYLED, g->text->str, g->text->len, NULL);
      g_array_append_val (styled, t);
      harness_close (&h);
    }
  b = percentile (bare, 0.5);
  a = percentile (gloss, 0.5);
  name = g_strdup_printf ("open-bare-%s", tag);
  figure (name, b, "ms");
  g_free (name);
  name = g_strdup_printf ("open-view-%s", tag);
  figure (name, a, "ms");
  g_free (name);
  name = g_strdup_printf ("open-ratio-%s", tag);
  figure (name, a / b, "x");
  g_free (name);
  st = percentile (styled, 0.5);
  name = g_strdup_printf ("open-bare-styled-%s", tag);
  figure (name, st, "ms");
  g_free (name);
  name = g_strdup_printf ("open-ratio-styled-%s", tag);
  figure (name, a / st, "x");
}

static void
bench_view (const char         *tag,
            Generated          *g,
            GlossAnnotationSet *set,
            gboolean            full_scroll)
{
  Harness h;
  g_autoptr(GArray) bare_frames = NULL;
  g_autoptr(GArray) styled_frames = NULL;
  g_autoptr(GArray) frames = NULL;
  g_autoptr(GArray) add_work = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) add_wall = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *name = NULL;
  GtkAdjustment *adj;
  gsize cache;
  guint pieces;
  guint max_pages = full_scroll ? 0 : 300;

  /* Scrolling, bare first. */
  harness_open (&h, g->text->str, g->text->len, NULL);
  bare_frames = scroll_through (&h, max_pages);
  harness_close (&h);
  harness_open_kind (&h, VIEW_BARE_STYLED, g->text->str, g->text->len, NULL);
  styled_frames = scroll_through (&h, max_pages);
  harness_close (&h);

  harness_open (&h, NULL, 0, set);
  frames = scroll_through (&h, max_pages);

#define FIG(fmt, value, unit) \
  G_STMT_START { \
    g_free (name); \
    name = g_strdup_printf (fmt, tag); \
    figure (name, value, unit); \
  } G_STMT_END

  FIG ("scroll-pages-%s", frames->len, "pages");
  FIG ("scroll-bare-p50-%s", percentile (bare_frames, 0.5), "ms");
  FIG ("scroll-bare-p95-%s", percentile (bare_frames, 0.95), "ms");
  FIG ("scroll-bare-styled-p50-%s", percentile (styled_frames, 0.5), "ms");
  FIG ("scroll-bare-styled-p95-%s", percentile (styled_frames, 0.95), "ms");
  FIG ("scroll-p50-%s", percentile (frames, 0.5), "ms");
  FIG ("scroll-p95-%s", percentile (frames, 0.95), "ms");
  FIG ("scroll-max-%s", percentile (frames, 1.0), "ms");

  /* The caches at their largest while scrolling through. */
  cache = h.peak_cache;
  pieces = h.peak_pieces;
  FIG ("cache-peak-bytes-%s", (double) cache, "bytes");
  FIG ("cache-bytes-per-cached-span-%s", pieces > 0 ? (double) cache / pieces : 0, "bytes");
  FIG ("cache-bytes-per-annotation-%s", (double) cache / gloss_annotation_set_get_size (set), "bytes");

  /* Add one annotation where the reader is, and wait for it to be painted. */
  adj = vadjustment (&h);
  for (guint i = 0; i < 20; i++)
    {
      double value = (gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj)) * (i + 1) / 22.0;
      GtkTextIter iter;
      guint start, n;
      double t0, t_added, work, wall;
      g_autoptr(GError) error = NULL;
      GlossAnnotation *added;

      gtk_adjustment_set_value (adj, value);
      wait_frame (&h);
      wait_frame (&h);
      gtk_text_view_get_iter_at_location (h.view, &iter, 100,
                                          (int) (gtk_adjustment_get_value (adj)
                                                 + gtk_adjustment_get_page_size (adj) / 2));
      start = gtk_text_iter_get_offset (&iter);
      /* A word start near there. */
      while (start > 0 && g->text->str[start - 1] != ' ' && g->text->str[start - 1] != '\n')
        start--;

      n = h.n_frames;
      t0 = now_ms ();
      added = gloss_annotation_set_add_entity (set, "event", start, start + 3, &error);
      g_assert_no_error (error);
      t_added = now_ms ();
      while (h.n_frames == n)
        g_main_context_iteration (NULL, TRUE);
      work = (t_added - t0) + (h.last_after_paint - h.frame_start);
      wall = h.last_after_paint - t0;
      g_array_append_val (add_work, work);
      g_array_append_val (add_wall, wall);
      gloss_annotation_set_remove (set, added);
      wait_frame (&h);
    }
  gloss_annotation_set_clear_history (set);
  FIG ("add-paint-%s", percentile (add_work, 0.5), "ms");
  FIG ("add-paint-p95-%s", percentile (add_work, 0.95), "ms");
  FIG ("add-paint-wall-%s", percentile (add_wall, 0.5), "ms");

#undef FIG

  harness_close (&h);
}

/* A whole article as one paragraph: GTK lays a paragraph out whole. */
static void
bench_single_paragraph (void)
{
  Generated g;
  g_autoptr(GlossAnnotationSet) set = NULL;
  g_autoptr(GArray) bare_frames = NULL;
  g_autoptr(GArray) frames = NULL;
  Harness h;
  double bare_open, open, t0, t1;
  guint words_before;
  GdkRectangle a, b;
  guint s, e;

  generate_text (&g, 200000, TRUE);
  set = generate_set (&g, 4000);
  figure ("para-chars", g.length, "chars");

  bare_open = harness_open (&h, g.text->str, g.text->len, NULL);
  bare_frames = scroll_through (&h, 60);
  /* The same drag in the bare view: GTK's own cost of moving a selection
   * in a long paragraph. */
  gtk_adjustment_set_value (vadjustment (&h), gtk_adjustment_get_upper (vadjustment (&h)) / 2);
  wait_frame (&h);
  wait_frame (&h);
  {
    GdkRectangle visible;
    GtkTextIter anchor, iter;
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (h.view);

    gtk_text_view_get_visible_rect (h.view, &visible);
    gtk_text_view_get_iter_at_location (h.view, &anchor, visible.x + 120, visible.y + 100);
    t0 = now_ms ();
    for (int i = 1; i <= 10; i++)
      {
        gtk_text_view_get_iter_at_location (h.view, &iter, visible.x + 120 + 18 * i, visible.y + 100 + 10 * i);
        gtk_text_buffer_select_range (buffer, &iter, &anchor);
        wait_frame (&h);
      }
    t1 = now_ms ();
    figure ("para-select-drag-step-bare-200k", (t1 - t0) / 10, "ms");
  }
  harness_close (&h);

  if (typography.known)
    {
      double styled = harness_open_kind (&h, VIEW_BARE_STYLED, g.text->str, g.text->len, NULL);

      figure ("para-open-bare-styled-200k", styled, "ms");
      harness_close (&h);
    }

  open = harness_open (&h, NULL, 0, set);
  frames = scroll_through (&h, 60);
  figure ("para-open-bare-200k", bare_open, "ms");
  figure ("para-open-view-200k", open, "ms");
  figure ("para-open-ratio-200k", open / bare_open, "x");
  figure ("para-scroll-bare-p95-200k", percentile (bare_frames, 0.95), "ms");
  figure ("para-scroll-p50-200k", percentile (frames, 0.5), "ms");
  figure ("para-scroll-p95-200k", percentile (frames, 0.95), "ms");

  /* A drag from one word to another three lines down, as the pointer
   * would do it, each step followed by its frame. */
  gtk_adjustment_set_value (vadjustment (&h), gtk_adjustment_get_upper (vadjustment (&h)) / 2);
  wait_frame (&h);
  wait_frame (&h);
  {
    GtkTextIter iter;
    int wx, wy;
    GdkRectangle visible;

    gtk_text_view_get_visible_rect (h.view, &visible);
    gtk_text_view_get_iter_at_location (h.view, &iter, visible.x + 120, visible.y + 100);
    words_before = gtk_text_iter_get_offset (&iter);
    g_assert_true (gloss_article_view_get_span_rect (GLOSS_ARTICLE_VIEW (h.view), words_before,
                                                     words_before + 1, &a));
    gtk_text_view_get_iter_at_location (h.view, &iter, visible.x + 300, visible.y + 200);
    g_assert_true (gloss_article_view_get_span_rect (GLOSS_ARTICLE_VIEW (h.view),
                                                     gtk_text_iter_get_offset (&iter),
                                                     gtk_text_iter_get_offset (&iter) + 1, &b));
    (void) wx;
    (void) wy;
  }
  t0 = now_ms ();
  _gloss_article_view_press (GLOSS_ARTICLE_VIEW (h.view), GDK_BUTTON_PRIMARY, 1, 0, a.x + 1, a.y + 2);
  wait_frame (&h);
  for (int i = 1; i <= 10; i++)
    {
      _gloss_article_view_drag_to (GLOSS_ARTICLE_VIEW (h.view),
                                   a.x + (b.x - a.x) * i / 10.0, a.y + 2 + (b.y - a.y) * i / 10.0);
      wait_frame (&h);
    }
  _gloss_article_view_release (GLOSS_ARTICLE_VIEW (h.view), b.x, b.y + 2);
  wait_frame (&h);
  t1 = now_ms ();
  g_assert_true (gloss_article_view_get_selection (GLOSS_ARTICLE_VIEW (h.view), &s, &e));
  figure ("para-select-drag-step-200k", (t1 - t0) / 12, "ms");
  figure ("para-selected-chars-200k", e - s, "chars");

  {
    g_autoptr(GError) error = NULL;
    GlossAnnotation *added;
    guint n = h.n_frames;

    t0 = now_ms ();
    added = gloss_annotation_set_add_entity (set, "event", s, e, &error);
    g_assert_no_error (error);
    t1 = now_ms ();
    while (h.n_frames == n)
      g_main_context_iteration (NULL, TRUE);
    figure ("para-add-paint-200k", (t1 - t0) + (h.last_after_paint - h.frame_start), "ms");
    gloss_annotation_set_remove (set, added);
  }

  harness_close (&h);
  g_string_free (g.text, TRUE);
  g_array_unref (g.words);
}

/* What one cached render node costs, to check the view's estimate. */
static void
bench_node_size (void)
{
  struct mallinfo2 before, after;
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  GskRenderNode *node;
  GdkRGBA colour = { 0.5, 0.5, 0.5, 0.5 };

  before = mallinfo2 ();
  for (int i = 0; i < 10000; i++)
    gtk_snapshot_append_color (snapshot, &colour, &GRAPHENE_RECT_INIT (i, i % 100, 10, 2));
  node = gtk_snapshot_free_to_node (snapshot);
  after = mallinfo2 ();
  figure ("colour-node-bytes", (double) (after.uordblks - before.uordblks) / 10000, "bytes");
  gsk_render_node_unref (node);
}

static void
print_machine (void)
{
  g_autofree char *cpuinfo = NULL;
  g_autofree char *model = NULL;

  if (g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL))
    {
      char *line = strstr (cpuinfo, "model name");

      if (line != NULL)
        {
          char *colon = strchr (line, ':');
          char *nl = strchr (line, '\n');

          if (colon != NULL && nl != NULL)
            model = g_strndup (colon + 2, nl - colon - 2);
        }
    }
  g_print ("# machine: %s, %u threads, GTK %u.%u.%u, renderer %s\n",
           model != NULL ? model : "unknown", g_get_num_processors (),
           gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (),
           g_getenv ("GSK_RENDERER") ? g_getenv ("GSK_RENDERER") : "default");
}

int
main (int   argc,
      char *argv[])
{
  gboolean quick = FALSE, no_10mb = FALSE, para_only = FALSE;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--quick"))
        quick = TRUE;
      else if (g_str_equal (argv[i], "--no-10mb"))
        no_10mb = TRUE;
      else if (g_str_equal (argv[i], "--para"))
        para_only = TRUE;
    }

  gtk_init ();
  print_machine ();
  if (g_strcmp0 (g_getenv ("GSK_RENDERER"), "cairo") != 0)
    g_printerr ("warning: GSK_RENDERER is not cairo; frame figures are not comparable\n");

  bench_node_size ();
  if (para_only)
    {
      bench_single_paragraph ();
      return 0;
    }

  /* Warm up fonts, theme and glyph caches. */
  {
    Generated g;
    g_autoptr(GlossAnnotationSet) set = NULL;
    Harness h;

    generate_text (&g, 20000, FALSE);
    set = generate_set (&g, 400);
    harness_open (&h, NULL, 0, set);
    g_array_unref (scroll_through (&h, 0));
    read_typography (h.view);
    harness_close (&h);
    g_string_free (g.text, TRUE);
    g_array_unref (g.words);
  }

  {
    Generated g;
    g_autoptr(GlossAnnotationSet) set = NULL;

    generate_text (&g, 1000000, FALSE);
    set = generate_set (&g, 20000);
    bench_open ("1mb-20k", &g, set);
    bench_view ("1mb-20k", &g, set, TRUE);
    g_string_free (g.text, TRUE);
    g_array_unref (g.words);
  }

  if (!quick && !no_10mb)
    {
      Generated g;
      g_autoptr(GlossAnnotationSet) set = NULL;

      generate_text (&g, 10000000, FALSE);
      set = generate_set (&g, 100000);
      figure ("annotations-10mb-100k", gloss_annotation_set_get_size (set), "annotations");
      bench_open ("10mb-100k", &g, set);
      bench_view ("10mb-100k", &g, set, TRUE);
      g_string_free (g.text, TRUE);
      g_array_unref (g.words);
    }

  if (!quick)
    bench_single_paragraph ();

  return 0;
}
