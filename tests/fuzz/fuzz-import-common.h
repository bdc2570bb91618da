/* fuzz-import-common.h: what the importers' fuzz harnesses check
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <stddef.h>

#include "gloss-import.h"

/* Whatever a reader hands over is a valid set that saves and reloads;
 * aborts (so that libFuzzer keeps the input) when it is not. */
gboolean fuzz_import_check_document (GlossImportedDocument *document,
                                     gpointer               user_data,
                                     GError               **error);
/* A failed import names @filename in a GLOSS_IMPORT_ERROR. */
void     fuzz_import_check_failure  (const GError          *error,
                                     const char            *filename);
/* Options with the built-in tagset, varied with @size so that every
 * switch is explored. */
void     fuzz_import_init_options   (GlossImportOptions    *options,
                                     size_t                 size);
