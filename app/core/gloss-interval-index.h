/* gloss-interval-index.h: which spans overlap [a, b)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "gloss-types.h"

G_BEGIN_DECLS

/* A balanced tree of half-open intervals, each carrying a pointer. Queries
 * cost O(log n + k), insertion and removal O(log n). Empty intervals
 * (start == end) are accepted and overlap nothing. */

typedef gboolean (*GlossIntervalFunc) (guint    start,
                                       guint    end,
                                       gpointer data,
                                       gpointer user_data);

GlossIntervalIndex *gloss_interval_index_new      (void);
void                gloss_interval_index_free     (GlossIntervalIndex *self);
void                gloss_interval_index_insert   (GlossIntervalIndex *self,
                                                   guint               start,
                                                   guint               end,
                                                   gpointer            data);
gboolean            gloss_interval_index_remove   (GlossIntervalIndex *self,
                                                   guint               start,
                                                   guint               end,
                                                   gpointer            data);
guint               gloss_interval_index_get_size (GlossIntervalIndex *self);
/* Calls @func for every interval with start < @end and @start < its end, in
 * order of (start, end); stops early when @func returns FALSE. */
void                gloss_interval_index_foreach_overlap (GlossIntervalIndex *self,
                                                   guint               start,
                                                   guint               end,
                                                   GlossIntervalFunc   func,
                                                   gpointer            user_data);
/* Appends the data pointers of the overlapping intervals to @out. */
void                gloss_interval_index_query    (GlossIntervalIndex *self,
                                                   guint               start,
                                                   guint               end,
                                                   GPtrArray          *out);
gsize               gloss_interval_index_get_memory_size (GlossIntervalIndex *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossIntervalIndex, gloss_interval_index_free)

G_END_DECLS
