/* gloss-interval-index.c: which spans overlap [a, b)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-interval-index"

#include "config.h"

#include <string.h>

#include "gloss-interval-index.h"
#include "gloss-interval-index-private.h"

/* The index is a treap keyed by (start, end, data pointer): a binary search
 * tree in that order which is also a max-heap on a per-node priority, so
 * that its expected height is O(log n) whatever the insertion order. Each
 * node also keeps the largest end found in its subtree, which lets a query
 * skip every subtree that ends at or before the window.
 *
 * Memory is the constraint that shapes the layout: a document may carry
 * millions of spans. Nodes are not allocated one by one; they live in
 * chunks of CHUNK_SIZE slots addressed by 32-bit indices (28 bytes a
 * slot with the data pointer, no malloc header, no padding).
 * Chunks never move once full, so growing to ten million spans copies
 * nothing, and the slack is at most one chunk. The first chunk starts small
 * and doubles, so a short article's index stays small too.
 *
 * The priority is not stored: it is a bijective hash of the slot index.
 * Which slot a span lands in does not depend on its key, so the priorities
 * behave as random with respect to the order, which is all a treap needs.
 *
 * Slot 0 is a sentinel meaning "no node": it is never handed out and its
 * max_end stays 0, which saves a branch on every child read. Freed slots
 * are chained through their left field and reused first. */

#define CHUNK_SHIFT      12
#define CHUNK_SIZE       (1u << CHUNK_SHIFT)
#define CHUNK_MASK       (CHUNK_SIZE - 1)
#define FIRST_CHUNK_MIN  16u
#define NIL              0u

/* The data pointer is kept as two 32-bit words so that a node is 28 bytes
 * with 4-byte alignment, next to the bounds a query has just read. */
typedef struct
{
  guint   start;
  guint   end;
  guint   max_end;
  guint32 left;
  guint32 right;
  guint32 data[sizeof (gpointer) / sizeof (guint32)];
} Node;

G_STATIC_ASSERT (sizeof (Node) == 5 * sizeof (guint32) + sizeof (gpointer));

struct _GlossIntervalIndex
{
  Node   **chunks;
  guint    n_chunks;
  guint    chunks_alloc;
  /* Slots allocated in chunks[0]; CHUNK_SIZE once a second chunk exists. */
  guint32  first_capacity;
  /* Slots handed out so far, counting the sentinel. */
  guint32  n_slots;
  guint32  free_head;
  guint32  root;
  guint    size;
};

static inline Node *
get_node (GlossIntervalIndex *self,
          guint32             i)
{
  return &self->chunks[i >> CHUNK_SHIFT][i & CHUNK_MASK];
}

static inline gpointer
node_get_data (const Node *n)
{
  gpointer data;

  memcpy (&data, n->data, sizeof data);
  return data;
}

static inline void
node_set_data (Node     *n,
               gpointer  data)
{
  memcpy (n->data, &data, sizeof data);
}

/* MurmurHash3's 32-bit finalizer: a bijection, so no two live slots ever
 * share a priority. */
static inline guint32
get_priority (guint32 i)
{
  i ^= i >> 16;
  i *= 0x85ebca6bu;
  i ^= i >> 13;
  i *= 0xc2b2ae35u;
  i ^= i >> 16;
  return i;
}

/* Compares the key (start, end, data) with the key of node @i. */
static inline int
compare_key (GlossIntervalIndex *self,
             guint               start,
             guint               end,
             gpointer            data,
             guint32             i)
{
  const Node *n = get_node (self, i);
  guintptr a, b;

  if (start != n->start)
    return start < n->start ? -1 : 1;
  if (end != n->end)
    return end < n->end ? -1 : 1;

  a = (guintptr) data;
  b = (guintptr) node_get_data (n);
  if (a != b)
    return a < b ? -1 : 1;

  return 0;
}

static inline void
update (GlossIntervalIndex *self,
        guint32             i)
{
  Node *n = get_node (self, i);
  guint m = n->end;
  guint l = get_node (self, n->left)->max_end;
  guint r = get_node (self, n->right)->max_end;

  g_assert (i != NIL);

  if (l > m)
    m = l;
  if (r > m)
    m = r;
  n->max_end = m;
}

GlossIntervalIndex *
gloss_interval_index_new (void)
{
  return g_new0 (GlossIntervalIndex, 1);
}

static void
release_storage (GlossIntervalIndex *self)
{
  for (guint c = 0; c < self->n_chunks; c++)
    g_free (self->chunks[c]);
  g_clear_pointer (&self->chunks, g_free);
  self->n_chunks = 0;
  self->chunks_alloc = 0;
  self->first_capacity = 0;
  self->n_slots = 0;
  self->free_head = NIL;
  self->root = NIL;
  self->size = 0;
}

void
gloss_interval_index_free (GlossIntervalIndex *self)
{
  if (self == NULL)
    return;

  release_storage (self);
  g_free (self);
}

/* Makes sure slot @i exists. */
static void
reserve_slot (GlossIntervalIndex *self,
              guint32             i)
{
  guint c = i >> CHUNK_SHIFT;

  if (c == 0)
    {
      guint32 old = self->first_capacity;
      guint32 capacity;

      if (i < old)
        return;

      capacity = MAX (old * 2, FIRST_CHUNK_MIN);
      capacity = MIN (capacity, CHUNK_SIZE);

      if (self->n_chunks == 0)
        {
          self->chunks_alloc = 4;
          self->chunks = g_new0 (Node *, self->chunks_alloc);
          self->n_chunks = 1;
        }

      self->chunks[0] = g_renew (Node, self->chunks[0], capacity);
      memset (self->chunks[0] + old, 0, (capacity - old) * sizeof (Node));
      self->first_capacity = capacity;
      return;
    }

  if (c < self->n_chunks)
    return;

  /* Slots are handed out in order, so the first chunk is full by now. */
  g_assert (c == self->n_chunks);
  g_assert (self->first_capacity == CHUNK_SIZE);

  if (self->n_chunks == self->chunks_alloc)
    {
      self->chunks_alloc *= 2;
      self->chunks = g_renew (Node *, self->chunks, self->chunks_alloc);
    }

  self->chunks[c] = g_new (Node, CHUNK_SIZE);
  self->n_chunks++;
}

static guint32
allocate_slot (GlossIntervalIndex *self)
{
  guint32 i;

  if (self->free_head != NIL)
    {
      i = self->free_head;
      self->free_head = get_node (self, i)->left;
      return i;
    }

  if (self->n_slots == 0)
    {
      /* The sentinel: all zero, never handed out. */
      reserve_slot (self, 0);
      self->n_slots = 1;
    }

  if (self->n_slots == G_MAXUINT32)
    g_error ("An interval index cannot hold more than %u intervals", G_MAXUINT32 - 1);

  i = self->n_slots++;
  reserve_slot (self, i);
  return i;
}

/* Splits the subtree @t into the keys less than (start, end, data) and the
 * others. */
static void
split (GlossIntervalIndex *self,
       guint32             t,
       guint               start,
       guint               end,
       gpointer            data,
       guint32            *less,
       guint32            *rest)
{
  Node *n;

  if (t == NIL)
    {
      *less = NIL;
      *rest = NIL;
      return;
    }

  n = get_node (self, t);
  if (compare_key (self, start, end, data, t) > 0)
    {
      split (self, n->right, start, end, data, &n->right, rest);
      *less = t;
    }
  else
    {
      split (self, n->left, start, end, data, less, &n->left);
      *rest = t;
    }
  update (self, t);
}

/* Joins two subtrees where every key of @a is at most every key of @b. */
static guint32
merge (GlossIntervalIndex *self,
       guint32             a,
       guint32             b)
{
  if (a == NIL)
    return b;
  if (b == NIL)
    return a;

  if (get_priority (a) > get_priority (b))
    {
      Node *n = get_node (self, a);

      n->right = merge (self, n->right, b);
      update (self, a);
      return a;
    }
  else
    {
      Node *n = get_node (self, b);

      n->left = merge (self, a, n->left);
      update (self, b);
      return b;
    }
}

static guint32
insert_node (GlossIntervalIndex *self,
             guint32             t,
             guint32             i)
{
  Node *ni = get_node (self, i);
  Node *nt;

  if (t == NIL)
    return i;

  if (get_priority (i) > get_priority (t))
    {
      split (self, t, ni->start, ni->end, node_get_data (ni), &ni->left, &ni->right);
      update (self, i);
      return i;
    }

  nt = get_node (self, t);
  if (compare_key (self, ni->start, ni->end, node_get_data (ni), t) < 0)
    nt->left = insert_node (self, nt->left, i);
  else
    nt->right = insert_node (self, nt->right, i);

  if (ni->end > nt->max_end)
    nt->max_end = ni->end;

  return t;
}

void
gloss_interval_index_insert (GlossIntervalIndex *self,
                             guint               start,
                             guint               end,
                             gpointer            data)
{
  guint32 i;
  Node *n;

  g_return_if_fail (self != NULL);
  g_return_if_fail (start <= end);

  i = allocate_slot (self);
  n = get_node (self, i);
  n->start = start;
  n->end = end;
  n->max_end = end;
  n->left = NIL;
  n->right = NIL;
  node_set_data (n, data);

  self->root = insert_node (self, self->root, i);
  self->size++;
}

static int
compare_intervals (gconstpointer a,
                   gconstpointer b)
{
  const GlossInterval *x = a;
  const GlossInterval *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  if (x->end != y->end)
    return x->end < y->end ? -1 : 1;
  if (x->data != y->data)
    return (guintptr) x->data < (guintptr) y->data ? -1 : 1;
  return 0;
}

/* Builds the treap of sorted intervals in one pass: slots are handed out
 * in key order, so the tree is the Cartesian tree of their priorities,
 * which a stack of the rightmost path yields in linear time (each node is
 * pushed and popped once). A node's subtree is complete when it is popped,
 * so that is when its max_end is computed. The result is the very tree
 * that inserting the same intervals one by one would give. */
static void
build_sorted (GlossIntervalIndex  *self,
              const GlossInterval *intervals,
              guint                n)
{
  g_autofree guint32 *stack = g_new (guint32, n + 1);
  guint depth = 0;

  for (guint k = 0; k < n; k++)
    {
      guint32 i = allocate_slot (self);
      Node *node = get_node (self, i);
      guint32 last = NIL;

      node->start = intervals[k].start;
      node->end = intervals[k].end;
      node->max_end = intervals[k].end;
      node->left = NIL;
      node->right = NIL;
      node_set_data (node, intervals[k].data);

      while (depth > 0 && get_priority (stack[depth - 1]) < get_priority (i))
        {
          last = stack[--depth];
          update (self, last);
        }
      node->left = last;
      if (depth > 0)
        get_node (self, stack[depth - 1])->right = i;
      stack[depth++] = i;
    }

  while (depth > 0)
    update (self, stack[--depth]);
  self->root = n > 0 ? stack[0] : NIL;
  self->size = n;
}

void
gloss_interval_index_insert_many (GlossIntervalIndex *self,
                                  GlossInterval      *intervals,
                                  guint               n)
{
  gboolean sorted = TRUE;

  g_return_if_fail (self != NULL);
  g_return_if_fail (n == 0 || intervals != NULL);

  for (guint k = 0; k < n; k++)
    g_return_if_fail (intervals[k].start <= intervals[k].end);

  if (self->size > 0 || self->n_slots > 0)
    {
      for (guint k = 0; k < n; k++)
        gloss_interval_index_insert (self, intervals[k].start, intervals[k].end,
                                     intervals[k].data);
      return;
    }

  for (guint k = 1; k < n && sorted; k++)
    sorted = compare_intervals (&intervals[k - 1], &intervals[k]) <= 0;
  if (!sorted)
    qsort (intervals, n, sizeof (GlossInterval), compare_intervals);

  build_sorted (self, intervals, n);
}

static guint32
remove_node (GlossIntervalIndex *self,
             guint32             t,
             guint               start,
             guint               end,
             gpointer            data,
             guint32            *found)
{
  Node *n;
  int cmp;

  if (t == NIL)
    return NIL;

  n = get_node (self, t);
  cmp = compare_key (self, start, end, data, t);
  if (cmp == 0)
    {
      *found = t;
      return merge (self, n->left, n->right);
    }

  if (cmp < 0)
    n->left = remove_node (self, n->left, start, end, data, found);
  else
    n->right = remove_node (self, n->right, start, end, data, found);

  if (*found != NIL)
    update (self, t);

  return t;
}

gboolean
gloss_interval_index_remove (GlossIntervalIndex *self,
                             guint               start,
                             guint               end,
                             gpointer            data)
{
  guint32 found = NIL;
  Node *n;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->root == NIL)
    return FALSE;

  self->root = remove_node (self, self->root, start, end, data, &found);
  if (found == NIL)
    return FALSE;

  self->size--;
  if (self->size == 0)
    {
      /* Give everything back rather than keep a long free list. */
      release_storage (self);
      return TRUE;
    }

  n = get_node (self, found);
  n->left = self->free_head;
  n->right = NIL;
  n->max_end = 0;
  node_set_data (n, NULL);
  self->free_head = found;

  return TRUE;
}

guint
gloss_interval_index_get_size (GlossIntervalIndex *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->size;
}

typedef struct
{
  GlossIntervalIndex *self;
  guint               start;
  guint               end;
  GlossIntervalFunc   func;
  gpointer            user_data;
  GPtrArray          *out;
} Query;

/* In-order walk of the subtree @t that only enters subtrees which can hold
 * an overlap: one whose max_end is at most the window's start holds none,
 * and once a node starts at or after the window's end so does everything
 * to its right. Returns FALSE when the caller asked to stop. */
static gboolean
visit (const Query *q,
       guint32      t)
{
  GlossIntervalIndex *self = q->self;

  while (t != NIL)
    {
      const Node *n = get_node (self, t);

      if (n->max_end <= q->start)
        return TRUE;

      if (n->left != NIL && !visit (q, n->left))
        return FALSE;

      if (n->start >= q->end)
        return TRUE;

      /* start < end also keeps empty intervals out. */
      if (q->start < n->end && n->start < n->end)
        {
          gpointer data = node_get_data (n);

          if (q->out != NULL)
            g_ptr_array_add (q->out, data);
          else if (!q->func (n->start, n->end, data, q->user_data))
            return FALSE;
        }

      t = n->right;
    }

  return TRUE;
}

void
gloss_interval_index_foreach_overlap (GlossIntervalIndex *self,
                                      guint               start,
                                      guint               end,
                                      GlossIntervalFunc   func,
                                      gpointer            user_data)
{
  Query q = { self, start, end, func, user_data, NULL };

  g_return_if_fail (self != NULL);
  g_return_if_fail (func != NULL);

  if (start >= end)
    return;

  visit (&q, self->root);
}

void
gloss_interval_index_query (GlossIntervalIndex *self,
                            guint               start,
                            guint               end,
                            GPtrArray          *out)
{
  Query q = { self, start, end, NULL, NULL, out };

  g_return_if_fail (self != NULL);
  g_return_if_fail (out != NULL);

  if (start >= end)
    return;

  visit (&q, self->root);
}

gsize
gloss_interval_index_get_memory_size (GlossIntervalIndex *self)
{
  gsize slots;

  g_return_val_if_fail (self != NULL, 0);

  slots = 0;
  if (self->n_chunks > 0)
    slots = self->first_capacity + (gsize) (self->n_chunks - 1) * CHUNK_SIZE;

  return sizeof (GlossIntervalIndex)
         + self->chunks_alloc * sizeof (Node *)
         + slots * sizeof (Node);
}

/* Test-only checks, declared in gloss-interval-index-private.h. */

static guint
get_height (GlossIntervalIndex *self,
            guint32             t)
{
  guint l, r;

  if (t == NIL)
    return 0;

  l = get_height (self, get_node (self, t)->left);
  r = get_height (self, get_node (self, t)->right);
  return 1 + MAX (l, r);
}

guint
gloss_interval_index_get_height (GlossIntervalIndex *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return get_height (self, self->root);
}

typedef struct
{
  gboolean have_prev;
  guint    prev_start;
  guint    prev_end;
  gpointer prev_data;
  guint    count;
} Check;

static gboolean
check_subtree (GlossIntervalIndex *self,
               guint32             t,
               Check              *c)
{
  const Node *n;
  guint max_end;

  if (t == NIL)
    return TRUE;

  if (t >= self->n_slots)
    {
      g_warning ("Node %u is past the last slot %u", t, self->n_slots);
      return FALSE;
    }

  n = get_node (self, t);

  if (n->start > n->end)
    {
      g_warning ("Node %u ends (%u) before it starts (%u)", t, n->end, n->start);
      return FALSE;
    }

  if ((n->left != NIL && get_priority (n->left) > get_priority (t)) ||
      (n->right != NIL && get_priority (n->right) > get_priority (t)))
    {
      g_warning ("Node %u has a child of higher priority", t);
      return FALSE;
    }

  if (!check_subtree (self, n->left, c))
    return FALSE;

  if (c->have_prev &&
      compare_key (self, c->prev_start, c->prev_end, c->prev_data, t) > 0)
    {
      g_warning ("Node %u [%u, %u) comes after [%u, %u) out of order",
                 t, n->start, n->end, c->prev_start, c->prev_end);
      return FALSE;
    }
  c->have_prev = TRUE;
  c->prev_start = n->start;
  c->prev_end = n->end;
  c->prev_data = node_get_data (n);
  c->count++;

  if (!check_subtree (self, n->right, c))
    return FALSE;

  max_end = n->end;
  max_end = MAX (max_end, get_node (self, n->left)->max_end);
  max_end = MAX (max_end, get_node (self, n->right)->max_end);
  if (n->max_end != max_end)
    {
      g_warning ("Node %u keeps max_end %u instead of %u", t, n->max_end, max_end);
      return FALSE;
    }

  return TRUE;
}

gboolean
gloss_interval_index_check (GlossIntervalIndex *self)
{
  Check c = { 0, };
  guint n_free = 0;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->n_slots > 0 && get_node (self, NIL)->max_end != 0)
    {
      g_warning ("The sentinel slot was written to");
      return FALSE;
    }

  if (!check_subtree (self, self->root, &c))
    return FALSE;

  if (c.count != self->size)
    {
      g_warning ("The tree holds %u nodes but the size says %u", c.count, self->size);
      return FALSE;
    }

  for (guint32 i = self->free_head; i != NIL; i = get_node (self, i)->left)
    {
      if (++n_free > self->n_slots)
        {
          g_warning ("The free list loops");
          return FALSE;
        }
    }

  if (self->n_slots > 0 && n_free + c.count + 1 != self->n_slots)
    {
      g_warning ("%u free and %u used slots do not add up to %u",
                 n_free, c.count, self->n_slots);
      return FALSE;
    }

  return TRUE;
}
