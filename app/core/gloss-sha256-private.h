/* gloss-sha256-private.h: SHA-256 of an article
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The lower-case hex SHA-256 of @data, as g_compute_checksum_for_data()
 * gives it; free with g_free(). */
char     *_gloss_sha256_hex             (const guint8 *data,
                                         gsize         len);

/* Whether the processor's SHA instructions compute it (for the tests). */
gboolean  _gloss_sha256_uses_cpu        (void);
/* Makes _gloss_sha256_hex() use GChecksum even where the processor could
 * do the work (for the tests). */
void      _gloss_sha256_force_portable  (gboolean portable);

G_END_DECLS
