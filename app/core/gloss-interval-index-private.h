/* gloss-interval-index-private.h: checks for the interval index's tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gloss-interval-index.h"

G_BEGIN_DECLS

typedef struct
{
  guint    start;
  guint    end;
  gpointer data;
} GlossInterval;

/* Inserts @n intervals at once. Into an empty index this costs O(n) when
 * @intervals are in (start, end, data) order and O(n log n) otherwise (the
 * array is then sorted in place); into a non-empty one, it is @n single
 * insertions. */
void     gloss_interval_index_insert_many   (GlossIntervalIndex *self,
                                             GlossInterval      *intervals,
                                             guint               n);

/* The number of nodes on the longest path from the root to a leaf (0 when
 * empty). */
guint    gloss_interval_index_get_height    (GlossIntervalIndex *self);
/* Walks the whole tree and returns FALSE (with a g_warning naming the
 * broken invariant) when the search order, the heap order of the
 * priorities, a subtree's maximum end or the node count is wrong. */
gboolean gloss_interval_index_check         (GlossIntervalIndex *self);

G_END_DECLS
