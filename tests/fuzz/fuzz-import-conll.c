/* fuzz-import-conll.c: any bytes either import as CoNLL documents with
 * valid sets or fail with an import error that names the file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-fuzz-import"

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "gloss-import.h"

#include "fuzz-import-common.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  GlossImportOptions options;

  fuzz_import_init_options (&options, size);
  options.conll_column = size % 7 == 0 ? 2 : 0;
  if (!gloss_import_conll (bytes, "fuzz.conll", &options, fuzz_import_check_document, NULL, &error))
    fuzz_import_check_failure (error, "fuzz.conll");
  return 0;
}
