/* fuzz-document.c: any bytes either load as a consistent document or fail
 * with a document error
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-fuzz-document"

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "gloss-document.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
check_offset (GlossDocument *doc,
              const char    *text,
              gsize          n_bytes,
              guint          offset)
{
  guint length = gloss_document_get_length (doc);
  gsize byte_index;
  guint line;
  guint column;

  offset = MIN (offset, length);
  byte_index = gloss_document_offset_to_byte (doc, offset);

  /* Against GLib's own walk over the text. */
  g_assert (byte_index == (gsize) (g_utf8_offset_to_pointer (text, offset) - text));
  g_assert (byte_index <= n_bytes);
  g_assert (gloss_document_byte_to_offset (doc, byte_index) == offset);

  /* A byte inside a character maps back to that character. */
  if (offset < length)
    {
      gsize next = gloss_document_offset_to_byte (doc, offset + 1);

      g_assert (next > byte_index && next - byte_index <= 4);
      for (gsize b = byte_index; b < next; b++)
        g_assert (gloss_document_byte_to_offset (doc, b) == offset);
    }

  gloss_document_offset_to_line_column (doc, offset, &line, &column);
  g_assert (line < gloss_document_get_line_count (doc));
  g_assert (gloss_document_line_column_to_offset (doc, line, column) == offset);
  /* The column is the distance from the previous "\n" (or the start). */
  g_assert (column <= offset);
  if (column < offset)
    g_assert (text[gloss_document_offset_to_byte (doc, offset - column - 1)] == '\n');
}

static void
check_document (GlossDocument *doc,
                const uint8_t *data,
                size_t         size)
{
  g_autofree char *sha256 = NULL;
  g_autofree char *dup = NULL;
  const char *text;
  gsize n_bytes = 0;
  guint length;
  guint n_newlines = 0;
  gsize slice_bytes = 0;
  const char *slice;

  text = gloss_document_get_text (doc, &n_bytes);
  length = gloss_document_get_length (doc);

  g_assert (text[n_bytes] == '\0');
  g_assert (g_utf8_validate (text, n_bytes, NULL));
  g_assert ((glong) length == g_utf8_strlen (text, n_bytes));

  sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, size);
  g_assert (strcmp (sha256, gloss_document_get_sha256 (doc)) == 0);

  for (gsize i = 0; i < n_bytes; i++)
    if (text[i] == '\n')
      n_newlines++;
  g_assert (gloss_document_get_line_count (doc) == n_newlines + 1);

  check_offset (doc, text, n_bytes, 0);
  check_offset (doc, text, n_bytes, length);
  check_offset (doc, text, n_bytes, length / 2);
  /* Offsets chosen by the input itself, so that the fuzzer can steer them. */
  for (size_t i = 0; i + 1 < size && i < 16; i += 2)
    check_offset (doc, text, n_bytes, ((guint) data[i] << 8 | data[i + 1]) % (length + 1));

  /* A middle slice in its three forms. */
  slice = gloss_document_get_slice (doc, length / 4, length - length / 4, &slice_bytes);
  dup = gloss_document_dup_slice (doc, length / 4, length - length / 4);
  g_assert (strlen (dup) == slice_bytes);
  g_assert (memcmp (dup, slice, slice_bytes) == 0);
  g_assert (gloss_document_slice_equal (doc, length / 4, length - length / 4, dup, -1));
  if (slice_bytes > 0)
    g_assert (!gloss_document_slice_equal (doc, length / 4, length - length / 4,
                                           dup, slice_bytes - 1));
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(GlossDocument) doc = NULL;
  g_autoptr(GlossDocument) latin1 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) latin1_error = NULL;
  gboolean has_bom = size >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0;
  gboolean valid;

  doc = gloss_document_new_from_bytes ("fuzz.txt", bytes, &error);

  /* It loads exactly when GLib agrees the bytes are UTF-8 without NUL. */
  valid = g_utf8_validate_len ((const char *) data + (has_bom ? 3 : 0),
                               size - (has_bom ? 3 : 0), NULL);
  g_assert ((doc != NULL) == valid);

  if (doc == NULL)
    {
      g_assert (error != NULL);
      g_assert (error->domain == GLOSS_DOCUMENT_ERROR);
      g_assert (g_str_has_prefix (error->message, "fuzz.txt: "));
      g_assert (strstr (error->message, "byte ") != NULL);
    }
  else
    {
      g_assert (error == NULL);
      g_assert (gloss_document_has_bom (doc) == has_bom);
      check_document (doc, data, size);
    }

  /* Every byte is a character in ISO-8859-1; only NUL is refused. */
  latin1 = gloss_document_new_from_bytes_converted ("fuzz.txt", bytes, "ISO-8859-1",
                                                    &latin1_error);
  if (size > 0 && memchr (data, '\0', size) != NULL)
    {
      g_assert (latin1 == NULL);
      g_assert (latin1_error != NULL && latin1_error->domain == GLOSS_DOCUMENT_ERROR);
    }
  else
    {
      g_assert (latin1 != NULL);
      g_assert (gloss_document_get_length (latin1) == size);
      check_document (latin1, data, size);
    }

  return 0;
}
