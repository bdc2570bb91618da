/* bench-interval-index.c: interval index figures against a linear scan
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Builds 100 000 and 1 000 000 random spans over a 10 000 000-character
 * text and prints one line per figure, `figure: NAME = VALUE UNIT`. The
 * query windows are 3000 characters wide, about what an article view shows
 * at once. The baseline scans a plain array of the same spans in the same
 * run.
 *
 * Usage: bench-interval-index [SEED]
 */
#define G_LOG_DOMAIN "gloss-bench"

#include "config.h"

#include <stdlib.h>
#include <time.h>

#include "gloss-interval-index.h"

#define TEXT_LENGTH   10000000u
#define WINDOW        3000u
#define N_QUERIES     20000u

typedef struct
{
  guint    start;
  guint    end;
  gpointer data;
} Span;

static gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

static void
figure (const char *name,
        const char *label,
        double      value,
        const char *unit)
{
  g_print ("figure: %s-%s = %.*f %s\n", name, label, value < 10 ? 2 : 1, value, unit);
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

/* Sorts @samples and returns the @percent-th percentile in microseconds. */
static double
percentile_us (GArray *samples,
               guint   percent)
{
  guint i;

  g_assert (samples->len > 0);
  g_array_sort (samples, compare_gint64);
  i = (guint) (((guint64) samples->len * percent) / 100);
  i = MIN (i, samples->len - 1);
  return g_array_index (samples, gint64, i) / 1000.0;
}

/* Mostly entity-sized spans, some claim- or paragraph-sized ones. */
static Span *
make_spans (GRand *rand,
            guint  n)
{
  Span *spans = g_new (Span, n);

  for (guint i = 0; i < n; i++)
    {
      guint length;

      if (g_rand_int_range (rand, 0, 100) < 95)
        length = g_rand_int_range (rand, 1, 64);
      else
        length = g_rand_int_range (rand, 64, 2000);

      spans[i].start = g_rand_int_range (rand, 0, TEXT_LENGTH - length);
      spans[i].end = spans[i].start + length;
      spans[i].data = GUINT_TO_POINTER (i + 1);
    }
  return spans;
}

static int
compare_spans (gconstpointer a,
               gconstpointer b)
{
  const Span *x = a;
  const Span *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return (x->end > y->end) - (x->end < y->end);
}

static guint
scan_query (const Span *spans,
            guint       n,
            guint       start,
            guint       end,
            GPtrArray  *out)
{
  for (guint i = 0; i < n; i++)
    if (spans[i].start < end && start < spans[i].end && spans[i].start < spans[i].end)
      g_ptr_array_add (out, spans[i].data);
  return out->len;
}

static void
run (GRand      *rand,
     guint       n,
     const char *label)
{
  g_autofree Span *spans = make_spans (rand, n);
  g_autoptr(GlossIntervalIndex) index = gloss_interval_index_new ();
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) out = g_ptr_array_new ();
  g_autofree guint *windows = g_new (guint, N_QUERIES);
  g_autofree guint *order = g_new (guint, n);
  guint64 total_results = 0;
  guint n_scans;
  gint64 t0, t1;

  /* Insert. */
  t0 = now_ns ();
  for (guint i = 0; i < n; i++)
    gloss_interval_index_insert (index, spans[i].start, spans[i].end, spans[i].data);
  t1 = now_ns ();
  figure ("index-insert", label, (double) (t1 - t0) / n, "ns");
  figure ("index-insert-total", label, (t1 - t0) / 1e6, "ms");

  figure ("index-memory", label,
          gloss_interval_index_get_memory_size (index) / (1024.0 * 1024.0), "MiB");
  figure ("index-bytes-per-interval", label,
          (double) gloss_interval_index_get_memory_size (index) / n, "B");

  /* Random windows, each timed on its own. */
  for (guint q = 0; q < N_QUERIES; q++)
    windows[q] = g_rand_int_range (rand, 0, TEXT_LENGTH - WINDOW);

  for (guint q = 0; q < N_QUERIES; q++)
    {
      g_ptr_array_set_size (out, 0);
      t0 = now_ns ();
      gloss_interval_index_query (index, windows[q], windows[q] + WINDOW, out);
      t1 = now_ns ();
      g_array_append_val (samples, (gint64) { t1 - t0 });
      total_results += out->len;
    }
  figure ("index-query-p50", label, percentile_us (samples, 50), "us");
  figure ("index-query-p95", label, percentile_us (samples, 95), "us");
  figure ("query-results-mean", label, (double) total_results / N_QUERIES, "spans");

  /* Scrolling: consecutive windows a line (80 characters) apart. */
  g_array_set_size (samples, 0);
  for (guint q = 0, a = TEXT_LENGTH / 3; q < N_QUERIES; q++, a += 80)
    {
      g_ptr_array_set_size (out, 0);
      t0 = now_ns ();
      gloss_interval_index_query (index, a, a + WINDOW, out);
      t1 = now_ns ();
      g_array_append_val (samples, (gint64) { t1 - t0 });
    }
  figure ("index-scroll-query-p50", label, percentile_us (samples, 50), "us");
  figure ("index-scroll-query-p95", label, percentile_us (samples, 95), "us");

  /* The baseline: the same windows by scanning every span. Fewer of them,
   * since each costs a full pass; the result counts must agree. */
  g_array_set_size (samples, 0);
  n_scans = n >= 1000000 ? 200 : 1000;
  for (guint q = 0; q < n_scans; q++)
    {
      guint expected;

      g_ptr_array_set_size (out, 0);
      gloss_interval_index_query (index, windows[q], windows[q] + WINDOW, out);
      expected = out->len;

      g_ptr_array_set_size (out, 0);
      t0 = now_ns ();
      scan_query (spans, n, windows[q], windows[q] + WINDOW, out);
      t1 = now_ns ();
      g_array_append_val (samples, (gint64) { t1 - t0 });

      if (out->len != expected)
        g_error ("Window %u: the scan found %u spans, the index %u", windows[q], out->len,
                 expected);
    }
  figure ("scan-query-p50", label, percentile_us (samples, 50), "us");
  figure ("scan-query-p95", label, percentile_us (samples, 95), "us");

  /* Remove everything in random order. */
  for (guint i = 0; i < n; i++)
    order[i] = i;
  for (guint i = n - 1; i > 0; i--)
    {
      guint j = g_rand_int_range (rand, 0, i + 1);
      guint tmp = order[i];

      order[i] = order[j];
      order[j] = tmp;
    }

  t0 = now_ns ();
  for (guint i = 0; i < n; i++)
    {
      const Span *s = &spans[order[i]];

      if (!gloss_interval_index_remove (index, s->start, s->end, s->data))
        g_error ("Span [%u, %u) went missing", s->start, s->end);
    }
  t1 = now_ns ();
  figure ("index-remove", label, (double) (t1 - t0) / n, "ns");

  if (gloss_interval_index_get_size (index) != 0)
    g_error ("%u spans left after removing all", gloss_interval_index_get_size (index));

  /* Loading a sidecar inserts its spans in text order, which also lays the
   * nodes out in that order: queries then read memory mostly in sequence. */
  qsort (spans, n, sizeof (Span), compare_spans);
  t0 = now_ns ();
  for (guint i = 0; i < n; i++)
    gloss_interval_index_insert (index, spans[i].start, spans[i].end, spans[i].data);
  t1 = now_ns ();
  figure ("index-sorted-insert", label, (double) (t1 - t0) / n, "ns");

  g_array_set_size (samples, 0);
  for (guint q = 0; q < N_QUERIES; q++)
    {
      g_ptr_array_set_size (out, 0);
      t0 = now_ns ();
      gloss_interval_index_query (index, windows[q], windows[q] + WINDOW, out);
      t1 = now_ns ();
      g_array_append_val (samples, (gint64) { t1 - t0 });
    }
  figure ("index-sorted-query-p50", label, percentile_us (samples, 50), "us");
  figure ("index-sorted-query-p95", label, percentile_us (samples, 95), "us");
}

int
main (int   argc,
      char *argv[])
{
  guint32 seed = 20240501;
  g_autoptr(GRand) rand = NULL;

  if (argc > 2)
    {
      g_printerr ("Usage: %s [SEED]\n", argv[0]);
      return 2;
    }
  if (argc == 2)
    seed = (guint32) strtoul (argv[1], NULL, 10);

  g_print ("# seed %u, text of %u characters, windows of %u\n", seed, TEXT_LENGTH, WINDOW);
  rand = g_rand_new_with_seed (seed);

  run (rand, 100000, "100k");
  run (rand, 1000000, "1m");

  return 0;
}
