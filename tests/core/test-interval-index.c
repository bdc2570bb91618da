/* test-interval-index.c: the interval index against a brute-force oracle
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-test"

#include "config.h"

#include "gloss-interval-index.h"
#include "gloss-interval-index-private.h"

typedef struct
{
  guint    start;
  guint    end;
  gpointer data;
} Span;

static int
compare_spans (gconstpointer a,
               gconstpointer b)
{
  const Span *x = a;
  const Span *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;
  if (x->data != y->data)
    return (guintptr) x->data < (guintptr) y->data ? -1 : 1;
  return 0;
}

/* What the index must answer, computed the slow and obvious way. */
static GArray *
oracle_query (GArray *spans,
              guint   start,
              guint   end)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (Span));

  for (guint i = 0; i < spans->len; i++)
    {
      const Span *s = &g_array_index (spans, Span, i);

      if (start < end && s->start < s->end && s->start < end && start < s->end)
        g_array_append_val (out, *s);
    }
  g_array_sort (out, compare_spans);
  return out;
}

static gboolean
oracle_remove (GArray  *spans,
               guint    start,
               guint    end,
               gpointer data)
{
  for (guint i = 0; i < spans->len; i++)
    {
      const Span *s = &g_array_index (spans, Span, i);

      if (s->start == start && s->end == end && s->data == data)
        {
          g_array_remove_index_fast (spans, i);
          return TRUE;
        }
    }
  return FALSE;
}

typedef struct
{
  GArray *found;
  guint   limit;
} Collect;

static gboolean
collect_cb (guint    start,
            guint    end,
            gpointer data,
            gpointer user_data)
{
  Collect *c = user_data;
  Span s = { start, end, data };

  g_assert_cmpuint (c->found->len, <, c->limit);
  g_array_append_val (c->found, s);
  return c->found->len < c->limit;
}

static GArray *
index_foreach (GlossIntervalIndex *index,
               guint               start,
               guint               end,
               guint               limit)
{
  Collect c = { g_array_new (FALSE, FALSE, sizeof (Span)), limit };

  gloss_interval_index_foreach_overlap (index, start, end, collect_cb, &c);
  return c.found;
}

static void
assert_same_spans (GArray *expected,
                   GArray *got,
                   guint   start,
                   guint   end)
{
  if (expected->len != got->len)
    g_error ("Query [%u, %u): expected %u spans, got %u", start, end, expected->len, got->len);

  for (guint i = 0; i < got->len; i++)
    {
      const Span *e = &g_array_index (expected, Span, i);
      const Span *g = &g_array_index (got, Span, i);

      if (compare_spans (e, g) != 0)
        g_error ("Query [%u, %u): result %u is [%u, %u) %p, expected [%u, %u) %p",
                 start, end, i, g->start, g->end, g->data, e->start, e->end, e->data);
    }
}

/* Checks foreach, query and an early stop for one window. */
static void
check_window (GlossIntervalIndex *index,
              GArray             *spans,
              guint               start,
              guint               end,
              GRand              *rand)
{
  g_autoptr(GArray) expected = oracle_query (spans, start, end);
  g_autoptr(GArray) got = index_foreach (index, start, end, G_MAXUINT);
  g_autoptr(GPtrArray) data = g_ptr_array_new ();
  gpointer marker = GUINT_TO_POINTER (0xdeadu);

  assert_same_spans (expected, got, start, end);

  /* query appends after what the array already holds. */
  g_ptr_array_add (data, marker);
  gloss_interval_index_query (index, start, end, data);
  g_assert_cmpuint (data->len, ==, expected->len + 1);
  g_assert_true (data->pdata[0] == marker);
  for (guint i = 0; i < expected->len; i++)
    g_assert_true (data->pdata[i + 1] == g_array_index (expected, Span, i).data);

  if (expected->len > 0)
    {
      guint limit = g_rand_int_range (rand, 1, expected->len + 1);
      g_autoptr(GArray) first = index_foreach (index, start, end, limit);

      g_array_set_size (expected, limit);
      assert_same_spans (expected, first, start, end);
    }
}

static void
random_window (GRand *rand,
               guint  range,
               guint *start,
               guint *end)
{
  guint a = g_rand_int_range (rand, 0, range + 1);
  guint width;

  switch (g_rand_int_range (rand, 0, 6))
    {
    case 0:
      width = 0;
      break;
    case 1:
      width = 1;
      break;
    case 2:
      a = 0;
      width = range + 2;
      break;
    case 3:
      /* Reversed: an empty window overlaps nothing. */
      *start = a;
      *end = a > 0 ? g_rand_int_range (rand, 0, a) : 0;
      return;
    default:
      width = g_rand_int_range (rand, 1, MAX (range / 4, 2));
      break;
    }

  *start = a;
  *end = a + width;
}

static Span
random_span (GRand  *rand,
             GArray *spans,
             guint   range,
             guint  *next_id)
{
  Span s;
  guint kind = g_rand_int_range (rand, 0, 20);

  if (spans->len > 0 && kind == 0)
    {
      /* The very same triple again. */
      return g_array_index (spans, Span, g_rand_int_range (rand, 0, spans->len));
    }

  if (spans->len > 0 && kind <= 3)
    {
      /* Same bounds, other data. */
      s = g_array_index (spans, Span, g_rand_int_range (rand, 0, spans->len));
      s.data = GUINT_TO_POINTER (++*next_id);
      return s;
    }

  s.start = g_rand_int_range (rand, 0, range);
  if (kind == 4)
    s.end = s.start;
  else if (kind == 5)
    s.end = s.start + g_rand_int_range (rand, 0, range + 1);
  else
    s.end = s.start + g_rand_int_range (rand, 1, MAX (range / 16, 2));
  /* A small pool of data values in places, so that identical triples also
   * arise by chance. */
  if (kind == 6)
    s.data = GUINT_TO_POINTER (g_rand_int_range (rand, 1, 4));
  else
    s.data = GUINT_TO_POINTER (++*next_id);
  return s;
}

static void
run_random (guint32 seed,
            guint   size)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GlossIntervalIndex) index = gloss_interval_index_new ();
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (Span));
  guint range = MAX (size * 4, 16);
  guint next_id = 100;
  guint n_ops;
  guint start, end;

  g_test_message ("size %u, seed %u", size, seed);

  for (guint i = 0; i < size; i++)
    {
      Span s = random_span (rand, spans, range, &next_id);

      gloss_interval_index_insert (index, s.start, s.end, s.data);
      g_array_append_val (spans, s);

      if (i < 200 && (i % 7) == 0)
        g_assert_true (gloss_interval_index_check (index));
    }
  g_assert_cmpuint (gloss_interval_index_get_size (index), ==, spans->len);
  g_assert_true (gloss_interval_index_check (index));

  /* Each query costs the oracle a full scan. */
  n_ops = size >= 10000 ? 800 : 3000;
  for (guint op = 0; op < n_ops; op++)
    {
      guint kind = g_rand_int_range (rand, 0, 10);

      if (kind < 3)
        {
          Span s = random_span (rand, spans, range, &next_id);

          gloss_interval_index_insert (index, s.start, s.end, s.data);
          g_array_append_val (spans, s);
        }
      else if (kind < 5 && spans->len > 0)
        {
          Span s = g_array_index (spans, Span, g_rand_int_range (rand, 0, spans->len));

          g_assert_true (gloss_interval_index_remove (index, s.start, s.end, s.data));
          g_assert_true (oracle_remove (spans, s.start, s.end, s.data));
        }
      else if (kind < 6)
        {
          /* Usually missing, sometimes present: both must agree. */
          Span s = random_span (rand, spans, range, &next_id);
          gboolean expected = oracle_remove (spans, s.start, s.end, s.data);

          g_assert_cmpint (gloss_interval_index_remove (index, s.start, s.end, s.data),
                           ==, expected);
        }
      else
        {
          random_window (rand, range, &start, &end);
          check_window (index, spans, start, end, rand);
        }

      g_assert_cmpuint (gloss_interval_index_get_size (index), ==, spans->len);
      if (size <= 1000 && (op % 97) == 0)
        g_assert_true (gloss_interval_index_check (index));
    }
  g_assert_true (gloss_interval_index_check (index));

  /* Drain in random order, querying now and then. */
  while (spans->len > 0)
    {
      Span s = g_array_index (spans, Span, g_rand_int_range (rand, 0, spans->len));

      g_assert_true (gloss_interval_index_remove (index, s.start, s.end, s.data));
      g_assert_true (oracle_remove (spans, s.start, s.end, s.data));
      if (spans->len < 50 || g_rand_int_range (rand, 0, spans->len) < 20)
        {
          random_window (rand, range, &start, &end);
          check_window (index, spans, start, end, rand);
        }
    }
  g_assert_cmpuint (gloss_interval_index_get_size (index), ==, 0);
  g_assert_true (gloss_interval_index_check (index));
  g_assert_false (gloss_interval_index_remove (index, 0, 1, NULL));
}

static void
test_random (gconstpointer user_data)
{
  guint size = GPOINTER_TO_UINT (user_data);
  guint n_seeds = size >= 10000 ? 2 : 4;

  for (guint i = 0; i < n_seeds; i++)
    run_random (g_test_rand_int (), size);
}

static void
test_empty (void)
{
  g_autoptr(GlossIntervalIndex) index = gloss_interval_index_new ();
  g_autoptr(GPtrArray) out = g_ptr_array_new ();
  g_autoptr(GArray) found = NULL;

  g_assert_cmpuint (gloss_interval_index_get_size (index), ==, 0);
  g_assert_cmpuint (gloss_interval_index_get_height (index), ==, 0);
  g_assert_true (gloss_interval_index_check (index));
  g_assert_false (gloss_interval_index_remove (index, 0, 0, NULL));
  g_assert_false (gloss_interval_index_remove (index, 0, 10, index));

  gloss_interval_index_query (index, 0, G_MAXUINT, out);
  g_assert_cmpuint (out->len, ==, 0);
  found = index_foreach (index, 0, G_MAXUINT, G_MAXUINT);
  g_assert_cmpuint (found->len, ==, 0);

  g_assert_cmpuint (gloss_interval_index_get_memory_size (index), >, 0);
  g_assert_cmpuint (gloss_interval_index_get_memory_size (index), <, 256);
}

/* Runs a query and returns the data pointers as a string of ids, "1 2 3". */
static char *
query_ids (GlossIntervalIndex *index,
           guint               start,
           guint               end)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new ();
  GString *s = g_string_new (NULL);

  gloss_interval_index_query (index, start, end, out);
  for (guint i = 0; i < out->len; i++)
    g_string_append_printf (s, "%s%u", i > 0 ? " " : "", GPOINTER_TO_UINT (out->pdata[i]));
  return g_string_free (s, FALSE);
}

#define assert_ids(index, a, b, expected) \
  G_STMT_START { \
    g_autofree char *ids_ = query_ids ((index), (a), (b)); \
    g_assert_cmpstr (ids_, ==, (expected)); \
  } G_STMT_END

static void
test_touching (void)
{
  g_autoptr(GlossIntervalIndex) index = gloss_interval_index_new ();

  gloss_interval_index_insert (index, 0, 5, GUINT_TO_POINTER (1));
  gloss_interval_index_insert (index, 5, 9, GUINT_TO_POINTER (2));

  assert_ids (index, 0, 5, "1");
  assert_ids (index, 4, 5, "1");
  assert_ids (index, 5, 6, "2");
  assert_ids (index, 5, 9, "2");
  assert_ids (index, 4, 6, "1 2");
  assert_ids (index, 0, 9, "1 2");
  assert_ids (index, 9, 20, "");
  assert_ids (index, 8, 9, "2");
  /* Empty and reversed windows hold nothing. */
  assert_ids (index, 5, 5, "");
  assert_ids (index, 3, 3, "");
  assert_ids (index, 7, 2, "");
}

static void
test_empty_intervals (void)
{
  g_autoptr(GlossIntervalIndex) index = gloss_interval_index_new ();

  gloss_interval_index_insert (index, 3, 3, GUINT_TO_POINTER (1));
  gloss_interval_index_insert (index, 0, 10, GUINT_TO_POINTER (2));
  gloss_interval_index_insert (index, 10, 10, GUINT_TO_POINTER (3));
  gloss_interval_index_insert (index, 0, 0, GUINT_TO_POINTER (4));

  g_assert_cmpuint (gloss_interval_index_get_size (index), ==, 4);
  assert_ids (index, 0, 100, "2");
  assert_ids (index, 2, 4, "2");
  assert_ids (index, 10, 11, "");

  g_assert_false (gloss_interval_index_remove (index, 3, 3, GUINT_TO_POINTER (2)));
  g_assert_true (gloss_interval_index_remove (index, 3, 3, GUINT_TO_POINTER (1)));
  g_assert_false (gloss_interval_index_remove (index, 3, 3, GUINT_TO_POINTER (1)));
  g_assert_cmpuint (gloss_interval_index_get_size (index), ==, 3);
  g_assert_true (gloss_interval_index_check (index));
}

static void
test_duplicates (void)
{
  g_autoptr(GlossIntervalIndex) index = gloss_interval_index_new ();

  /* Same bounds, different data: ordered by the data pointer. */
  gloss_interval_index_insert (index, 4, 8, GUINT_TO_POINTER (30));
  gloss_interval_index_insert (index, 4, 8, GUINT_TO_POINTER (10));
  gloss_interval_index_insert (index, 4, 8, GUINT_TO_POINTER (20));
  assert_ids (index, 0, 100, "10 20 30");

  /* The very same triple twice is kept twice and removed one at a time. */
  gloss_interval_index_insert (index, 4, 8, GUINT_TO_POINTER (20));
  assert_ids (index, 5, 6, "10 20 20 30");
  g_assert_cmpuint (gloss_interval_index_get_size (index), ==, 4);
  g_assert_true (gloss_interval_index_remove (index, 4, 8, GUINT_TO_POINTER (20)));
  assert_ids (index, 5, 6, "10 20 30");
  g_assert_true (gloss_interval_index_remove (index, 4, 8, GUINT_TO_POINTER (20)));
  assert_ids (index, 5, 6, "10 30");
  g_assert_false (gloss_interval_index_remove (index, 4, 8, GUINT_TO_POINTER (20)));

  /* A near miss on any part of the key is not a match. */
  g_assert_false (gloss_interval_index_remove (index, 4, 9, GUINT_TO_POINTER (10)));
  g_assert_false (gloss_interval_index_remove (index, 3, 8, GUINT_TO_POINTER (10)));
  g_assert_false (gloss_interval_index_remove (index, 4, 8, GUINT_TO_POINTER (11)));
  g_assert_cmpuint (gloss_interval_index_get_size (index), ==, 2);
  g_assert_true (gloss_interval_index_check (index));
}

static void
test_nested (void)
{
  g_autoptr(GlossIntervalIndex) index = gloss_interval_index_new ();
  g_autoptr(GArray) found = NULL;

  gloss_interval_index_insert (index, 10, 20, GUINT_TO_POINTER (4));
  gloss_interval_index_insert (index, 0, 100, GUINT_TO_POINTER (1));
  gloss_interval_index_insert (index, 15, 16, GUINT_TO_POINTER (5));
  gloss_interval_index_insert (index, 0, 50, GUINT_TO_POINTER (2));
  gloss_interval_index_insert (index, 10, 20, GUINT_TO_POINTER (3));
  gloss_interval_index_insert (index, 60, 70, GUINT_TO_POINTER (6));

  /* (start, end) order: [0,50) before [0,100); then [10,20) twice by data. */
  assert_ids (index, 0, 100, "2 1 3 4 5 6");
  assert_ids (index, 15, 16, "2 1 3 4 5");
  assert_ids (index, 16, 17, "2 1 3 4");
  assert_ids (index, 50, 60, "1");
  assert_ids (index, 99, 1000, "1");

  found = index_foreach (index, 0, 100, G_MAXUINT);
  g_assert_cmpuint (found->len, ==, 6);
  g_assert_cmpuint (g_array_index (found, Span, 0).start, ==, 0);
  g_assert_cmpuint (g_array_index (found, Span, 0).end, ==, 50);
  g_assert_cmpuint (g_array_index (found, Span, 1).end, ==, 100);
  g_assert_cmpuint (g_array_index (found, Span, 4).start, ==, 15);
  g_assert_cmpuint (g_array_index (found, Span, 4).end, ==, 16);
}

static void
test_early_stop (void)
{
  g_autoptr(GlossIntervalIndex) index = gloss_interval_index_new ();

  for (guint i = 0; i < 100; i++)
    gloss_interval_index_insert (index, i, i + 10, GUINT_TO_POINTER (i + 1));

  for (guint limit = 1; limit <= 12; limit++)
    {
      g_autoptr(GArray) found = index_foreach (index, 40, 42, limit);

      /* [31, 41) … [41, 51) overlap: eleven of them. */
      g_assert_cmpuint (found->len, ==, MIN (limit, 11));
      for (guint i = 0; i < found->len; i++)
        g_assert_cmpuint (g_array_index (found, Span, i).start, ==, 31 + i);
    }
}

static void
test_large_offsets (void)
{
  g_autoptr(GlossIntervalIndex) index = gloss_interval_index_new ();

  gloss_interval_index_insert (index, G_MAXUINT - 1, G_MAXUINT, GUINT_TO_POINTER (1));
  gloss_interval_index_insert (index, 0, G_MAXUINT, GUINT_TO_POINTER (2));
  assert_ids (index, G_MAXUINT - 1, G_MAXUINT, "2 1");
  assert_ids (index, 0, 1, "2");
  g_assert_true (gloss_interval_index_remove (index, G_MAXUINT - 1, G_MAXUINT,
                                              GUINT_TO_POINTER (1)));
  assert_ids (index, G_MAXUINT - 1, G_MAXUINT, "2");
}

static guint
height_bound (guint n)
{
  /* A treap is as tall as a random search tree: about 2.99 log2 n in the
   * limit, 38 to 48 levels for 100 000 random keys, with a tail that falls
   * off exponentially; g_bit_storage (n) is floor (log2 n) + 1. A plain
   * search tree fed sorted keys would be n levels tall. */
  return 4 * g_bit_storage (n) + 2;
}

static void
assert_balanced (GlossIntervalIndex *index,
                 const char         *what)
{
  guint n = gloss_interval_index_get_size (index);
  guint height = gloss_interval_index_get_height (index);

  g_test_message ("%s: %u intervals, height %u, bound %u", what, n, height, height_bound (n));
  g_assert_cmpuint (height, <=, height_bound (n));
  g_assert_true (gloss_interval_index_check (index));
}

static void
test_balance (void)
{
  const guint n = 100000;
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());

  {
    /* Ascending order is the worst case for a plain search tree. */
    g_autoptr(GlossIntervalIndex) index = gloss_interval_index_new ();

    for (guint i = 0; i < n; i++)
      gloss_interval_index_insert (index, i, i + 5, GUINT_TO_POINTER (i + 1));
    assert_balanced (index, "ascending");

    for (guint i = 0; i < n; i += 2)
      g_assert_true (gloss_interval_index_remove (index, i, i + 5, GUINT_TO_POINTER (i + 1)));
    assert_balanced (index, "ascending, every other removed");

    /* Refill the freed slots with keys elsewhere. */
    for (guint i = 0; i < n / 2; i++)
      gloss_interval_index_insert (index, n + i, n + i + 1, GUINT_TO_POINTER (i + 1));
    assert_balanced (index, "refilled");
  }

  {
    g_autoptr(GlossIntervalIndex) index = gloss_interval_index_new ();

    for (guint i = n; i > 0; i--)
      gloss_interval_index_insert (index, i, i + 5, GUINT_TO_POINTER (i));
    assert_balanced (index, "descending");
  }

  {
    /* All on the same bounds: only the data pointer orders them. */
    g_autoptr(GlossIntervalIndex) index = gloss_interval_index_new ();

    for (guint i = 0; i < n; i++)
      gloss_interval_index_insert (index, 7, 9, GUINT_TO_POINTER (i + 1));
    assert_balanced (index, "identical bounds");
  }

  {
    g_autoptr(GlossIntervalIndex) index = gloss_interval_index_new ();

    for (guint i = 0; i < n; i++)
      {
        guint start = g_rand_int_range (rand, 0, 10000000);

        gloss_interval_index_insert (index, start, start + g_rand_int_range (rand, 0, 100),
                                     GUINT_TO_POINTER (i + 1));
      }
    assert_balanced (index, "random");
  }

  for (guint small = 1; small < 64; small++)
    {
      g_autoptr(GlossIntervalIndex) index = gloss_interval_index_new ();

      for (guint i = 0; i < small; i++)
        gloss_interval_index_insert (index, i, i + 1, GUINT_TO_POINTER (i + 1));
      g_assert_cmpuint (gloss_interval_index_get_height (index), <=, height_bound (small));
    }
}

static void
test_memory (void)
{
  const guint n = 100000;
  g_autoptr(GlossIntervalIndex) index = gloss_interval_index_new ();
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  gsize empty = gloss_interval_index_get_memory_size (index);
  gsize bytes;
  double per_interval;

  for (guint i = 0; i < 10; i++)
    gloss_interval_index_insert (index, i, i + 1, GUINT_TO_POINTER (i + 1));
  /* A short article's index stays small. */
  g_assert_cmpuint (gloss_interval_index_get_memory_size (index), <, 1024);
  for (guint i = 0; i < 10; i++)
    g_assert_true (gloss_interval_index_remove (index, i, i + 1, GUINT_TO_POINTER (i + 1)));

  for (guint i = 0; i < n; i++)
    {
      guint start = g_rand_int_range (rand, 0, 10000000);

      gloss_interval_index_insert (index, start, start + g_rand_int_range (rand, 1, 50),
                                   GUINT_TO_POINTER (i + 1));
    }

  bytes = gloss_interval_index_get_memory_size (index);
  per_interval = (double) bytes / n;
  g_test_message ("%u intervals hold %" G_GSIZE_FORMAT " bytes, %.1f per interval",
                  n, bytes, per_interval);
  g_assert_cmpfloat (per_interval, <=, 40.0);
  /* It must count the nodes, not just the header. */
  g_assert_cmpfloat (per_interval, >=, 16.0);

  /* Removing and re-adding reuses slots instead of growing. */
  for (guint i = 0; i < 1000; i++)
    {
      guint start = g_rand_int_range (rand, 0, 10000000);

      gloss_interval_index_insert (index, start, start + 3, GUINT_TO_POINTER (n + i + 1));
      g_assert_true (gloss_interval_index_remove (index, start, start + 3,
                                                  GUINT_TO_POINTER (n + i + 1)));
    }
  g_assert_cmpuint (gloss_interval_index_get_memory_size (index), ==, bytes);

  g_clear_pointer (&index, gloss_interval_index_free);
  index = gloss_interval_index_new ();
  g_assert_cmpuint (gloss_interval_index_get_memory_size (index), ==, empty);
}

static void
test_memory_released (void)
{
  g_autoptr(GlossIntervalIndex) index = gloss_interval_index_new ();
  gsize empty = gloss_interval_index_get_memory_size (index);

  for (guint i = 0; i < 20000; i++)
    gloss_interval_index_insert (index, i, i + 2, GUINT_TO_POINTER (i + 1));
  g_assert_cmpuint (gloss_interval_index_get_memory_size (index), >, 20000 * 16);
  for (guint i = 0; i < 20000; i++)
    g_assert_true (gloss_interval_index_remove (index, i, i + 2, GUINT_TO_POINTER (i + 1)));
  g_assert_cmpuint (gloss_interval_index_get_memory_size (index), ==, empty);

  /* And it works again afterwards. */
  gloss_interval_index_insert (index, 1, 2, GUINT_TO_POINTER (1));
  assert_ids (index, 0, 5, "1");
  g_assert_true (gloss_interval_index_check (index));
}

static void
test_ten_million (void)
{
  const guint n = 10000000;
  g_autoptr(GlossIntervalIndex) index = gloss_interval_index_new ();

  if (!g_test_slow ())
    {
      g_test_skip ("Ten million intervals take a while; run with -m slow");
      return;
    }

  /* Interval i is [i, i + 3) with data i + 1. */
  for (guint i = 0; i < n; i++)
    gloss_interval_index_insert (index, i, i + 3, GUINT_TO_POINTER (i + 1));
  g_assert_cmpuint (gloss_interval_index_get_size (index), ==, n);
  assert_balanced (index, "ten million");
  g_test_message ("%.1f bytes per interval",
                  (double) gloss_interval_index_get_memory_size (index) / n);
  g_assert_cmpfloat ((double) gloss_interval_index_get_memory_size (index) / n, <=, 40.0);

  for (guint q = 0; q < 1000; q++)
    {
      guint a = g_test_rand_int_range (0, n);
      guint b = a + g_test_rand_int_range (1, 3000);
      g_autoptr(GPtrArray) out = g_ptr_array_new ();
      guint first = a >= 2 ? a - 2 : 0;
      guint last = MIN (b, n);

      gloss_interval_index_query (index, a, b, out);
      g_assert_cmpuint (out->len, ==, last - first);
      for (guint i = 0; i < out->len; i++)
        g_assert_cmpuint (GPOINTER_TO_UINT (out->pdata[i]), ==, first + i + 1);
    }

  for (guint i = 0; i < n; i += 2)
    g_assert_true (gloss_interval_index_remove (index, i, i + 3, GUINT_TO_POINTER (i + 1)));
  g_assert_cmpuint (gloss_interval_index_get_size (index), ==, n / 2);
  assert_balanced (index, "five million left");
}

int
main (int   argc,
      char *argv[])
{
  static const guint sizes[] = { 0, 1, 2, 3, 10, 100, 1000, 50000 };

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/interval-index/empty", test_empty);
  g_test_add_func ("/interval-index/touching", test_touching);
  g_test_add_func ("/interval-index/empty-intervals", test_empty_intervals);
  g_test_add_func ("/interval-index/duplicates", test_duplicates);
  g_test_add_func ("/interval-index/nested", test_nested);
  g_test_add_func ("/interval-index/early-stop", test_early_stop);
  g_test_add_func ("/interval-index/large-offsets", test_large_offsets);
  g_test_add_func ("/interval-index/balance", test_balance);
  g_test_add_func ("/interval-index/memory", test_memory);
  g_test_add_func ("/interval-index/memory-released", test_memory_released);
  g_test_add_func ("/interval-index/ten-million", test_ten_million);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *path = g_strdup_printf ("/interval-index/random/%u", sizes[i]);

      g_test_add_data_func (path, GUINT_TO_POINTER (sizes[i]), test_random);
    }

  return g_test_run ();
}
