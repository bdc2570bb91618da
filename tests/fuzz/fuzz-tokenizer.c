/* fuzz-tokenizer.c: the built-in segmenter and Pango give the same tokens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-fuzz-tokenizer"

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "gloss-tokenizer-private.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static gboolean
collect_token (guint    start,
               guint    end,
               gboolean starts_sentence,
               gpointer user_data)
{
  GArray *tokens = user_data;
  guint token[3] = { start, end, starts_sentence ? 1 : 0 };

  g_array_append_vals (tokens, token, 3);

  return TRUE;
}

static void
check_text (const char *text,
            gsize       len)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, len);
  g_autoptr(GlossDocument) doc = gloss_document_new_from_bytes ("fuzz.txt", bytes, NULL);
  g_autoptr(GlossTokenizer) fast = NULL;
  g_autoptr(GlossTokenizer) pango = NULL;
  g_autoptr(GArray) got = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (guint));

  if (doc == NULL)
    return;

  fast = gloss_tokenizer_new (doc);
  pango = gloss_tokenizer_new (doc);
  gloss_tokenizer_set_path (pango, GLOSS_TOKENIZER_PATH_PANGO);
  gloss_tokenizer_foreach (fast, 0, G_MAXUINT, collect_token, got);
  gloss_tokenizer_foreach (pango, 0, G_MAXUINT, collect_token, expected);

  g_assert (got->len == expected->len);
  g_assert (memcmp (got->data, expected->data, got->len * sizeof (guint)) == 0);
}

/* Byte values stand for characters the built-in segmenter handles (and a
 * few it does not), so that short inputs reach its rules. */
static const char *const alphabet[] = {
  "a", "b", "e", "s", "x", "A", "B", "S", "U", "X", "0", "1", "5", "9",
  " ", " ", "  ", "\n", ".", ".", ",", ";", ":", "!", "?", "-", "'", "\"", "(", ")",
  "[", "]", "_", "%", "$", "&", "/", "#",
  "\xC3\xA9", "\xC3\x89", "\xC3\x9F", "\xC5\x82", "\xC2\xB5", "\xC2\xB7", "\xC2\xAB",
  "\xC2\xBB", "\xC2\xBF", "\xE2\x80\x98", "\xE2\x80\x99", "\xE2\x80\x9C", "\xE2\x80\x9D",
  "\xE2\x80\x93", "\xE2\x80\x94", "\xE2\x80\xA6", "\xE2\x82\xAC",
  "\r", "\t", "\xC2\xA0", "\xCC\x81", "\xE2\x80\x8B", "\xC2\xAD", "\xF0\x9F\x91\x8D",
  "\xCE\xB1", "\xD7\xA9", "\xE4\xB8\xAD",
};

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GString) mapped = g_string_new (NULL);

  if (size > 4096)
    return 0;

  /* The bytes as they are, when they are text... */
  check_text ((const char *) data, size);

  /* ... and read as characters of the alphabet above. */
  for (size_t i = 0; i < size; i++)
    g_string_append (mapped, alphabet[data[i] % G_N_ELEMENTS (alphabet)]);
  check_text (mapped->str, mapped->len);

  return 0;
}
