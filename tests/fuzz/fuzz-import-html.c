/* fuzz-import-html.c: any bytes either give an article from the HTML
 * extractor or fail with an import error that names the file
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
  if (!gloss_import_html (bytes, "fuzz.html", &options, fuzz_import_check_document, NULL, &error))
    fuzz_import_check_failure (error, "fuzz.html");
  return 0;
}
