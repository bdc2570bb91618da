/* fuzz-import-brat.c: any .ann beside a fixed article either imports as a
 * valid set or fails with an import error that names the .ann file
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

/* An article with a combining mark, an emoji flag, CRLF and Arabic: the
 * seeds in corpus/fuzz-import-brat annotate it. */
static const char article[] =
  "Zoe\xCC\x88 Ndiaye said the \xF0\x9F\x87\xBA\xF0\x9F\x87\xB3 envoy arrived in Cairo.\r\n"
  "\xD8\xB1\xD8\xA6\xD9\x8A\xD8\xB3 \xD9\x82\xD8\xA7\xD9\x84.\r\n";

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) text = g_bytes_new_static (article, strlen (article));
  g_autoptr(GBytes) ann = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  GlossImportOptions options;

  fuzz_import_init_options (&options, size);
  if (!gloss_import_brat (text, "fuzz.txt", ann, "fuzz.ann", &options, fuzz_import_check_document, NULL,
                          &error))
    fuzz_import_check_failure (error, "fuzz.ann");
  return 0;
}
