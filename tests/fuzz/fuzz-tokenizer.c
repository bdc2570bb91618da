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

/* The tokens of @tok over [start, end) are those of @all (three numbers
 * a token) that overlap the range, and the queries that read the cache
 * agree with them. */
static void
check_range (GlossTokenizer *tok,
             GArray         *all,
             guint           start,
             guint           end)
{
  g_autoptr(GArray) got = g_array_new (FALSE, FALSE, sizeof (guint));
  guint length = gloss_document_get_length (gloss_tokenizer_get_document (tok));
  guint n = 0;

  gloss_tokenizer_foreach (tok, start, end, collect_token, got);

  for (guint i = 0; i < all->len && start < MIN (end, length); i += 3)
    {
      const guint *t = &g_array_index (all, guint, i);
      guint s = 0, e = 0;

      if (t[1] <= start || t[0] >= end)
        continue;

      g_assert (n + 3 <= got->len);
      g_assert (memcmp (&g_array_index (got, guint, n), t, 3 * sizeof (guint)) == 0);
      n += 3;

      g_assert (gloss_tokenizer_token_at (tok, t[0], &s, &e));
      g_assert (s == t[0] && e == t[1]);
      g_assert (gloss_tokenizer_is_token_boundary (tok, t[0]));
      g_assert (t[1] - t[0] == 1 || !gloss_tokenizer_is_token_boundary (tok, t[0] + 1));
    }
  g_assert (n == got->len);
}

static void
check_text (const char *text,
            gsize       len,
            guint       seed)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, len);
  g_autoptr(GlossDocument) doc = gloss_document_new_from_bytes ("fuzz.txt", bytes, NULL);
  g_autoptr(GlossTokenizer) fast = NULL;
  g_autoptr(GlossTokenizer) pango = NULL;
  g_autoptr(GArray) got = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) collected = g_array_new (FALSE, FALSE, sizeof (GlossTokenizerToken));
  guint length;

  if (doc == NULL)
    return;

  fast = gloss_tokenizer_new (doc);
  pango = gloss_tokenizer_new (doc);
  gloss_tokenizer_set_path (pango, GLOSS_TOKENIZER_PATH_PANGO);
  gloss_tokenizer_foreach (fast, 0, G_MAXUINT, collect_token, got);
  gloss_tokenizer_foreach (pango, 0, G_MAXUINT, collect_token, expected);

  g_assert (got->len == expected->len);
  g_assert (memcmp (got->data, expected->data, got->len * sizeof (guint)) == 0);

  /* The exports' way to the same tokens. */
  _gloss_tokenizer_collect (fast, collected);
  g_assert (collected->len * 3 == got->len);
  for (guint i = 0; i < collected->len; i++)
    {
      const GlossTokenizerToken *c = &g_array_index (collected, GlossTokenizerToken, i);
      const guint *g = &g_array_index (got, guint, 3 * i);

      g_assert (c->start == g[0] && c->end == g[1] && (c->starts_sentence ? 1 : 0) == g[2]);
    }

  /* The whole text again through the cache, and a range that the input
   * picks, which may cut tokens and paragraphs. */
  length = gloss_document_get_length (doc);
  check_range (fast, got, 0, length);
  check_range (fast, got, seed % (length + 1), seed % (length + 1) + seed / 7 % 97);
}

/* Byte values stand for characters, so that short inputs reach the rules
 * of the built-in segmenter: those it handles anywhere (letters of the
 * scripts it knows, the punctuation its word and sentence rules look at,
 * emoji sequences, regional indicators one by one), and those that it
 * handles only in some places or leaves to Pango. */
static const char *const handled[] = {
  "a", "b", "e", "s", "x", "A", "B", "S", "U", "X", "0", "1", "5", "9",
  " ", " ", "  ", "\n", ".", ".", ",", ";", ":", "!", "?", "-", "'", "\"", "(", ")",
  "[", "]", "_", "%", "$", "&", "/", "#",
  "\xC3\xA9", "\xC3\x89", "\xC3\x9F", "\xC5\x82", "\xC2\xB5", "\xC2\xB7", "\xC2\xAB",
  "\xC2\xBB", "\xC2\xBF", "\xE2\x80\x98", "\xE2\x80\x99", "\xE2\x80\x9C", "\xE2\x80\x9D",
  "\xE2\x80\x93", "\xE2\x80\x94", "\xE2\x80\xA6", "\xE2\x82\xAC",
  /* Latin Extended Additional, caseless Latin, Greek, Cyrillic */
  "\xE1\xBB\x85", "\xE1\xBB\x84", "\xE1\xBA\xA1", "\xE1\xBA\x9E", "\xC7\x85",
  "\xC7\x80", "\xC2\xAA", "\xC9\x99", "\xCE\xB1", "\xCE\x91", "\xD0\xB4", "\xD0\x96",
  /* Arabic letters, digits, comma, question mark */
  "\xD8\xA7", "\xD9\x84", "\xD9\x82", "\xD8\xA9", "\xD9\x80", "\xDB\x8C",
  "\xD9\xA1", "\xD9\xA3", "\xDB\xB5", "\xD8\x8C", "\xD8\x9F",
  /* Hebrew letters */
  "\xD7\xA9", "\xD7\x9C", "\xD7\x94", "\xD7\x92",
  /* emoji and their sequences, symbols, regional indicators */
  "\xF0\x9F\x91\x8D", "\xF0\x9F\x91\xA9", "\xF0\x9F\x8D\xB3", "\xE2\x9D\xA4",
  "\xE2\x98\x86", "\xC2\xA9", "\xE2\x84\xA2", "\xF0\x9F\xAB\xA0",
  "\xE2\x9D\xA4\xEF\xB8\x8F", "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD",
  "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x8D\xB3",
  "\xF0\x9F\x8F\xB3\xEF\xB8\x8F\xE2\x80\x8D\xF0\x9F\x8C\x88",
  "\xF0\x9F\x87\xBA", "\xF0\x9F\x87\xB3", "\xF0\x9F\x87\xAB",
  "\xF0\x9F\x87\xBA\xF0\x9F\x87\xB3",
};

static const char *const others[] = {
  /* after an emoji only */
  "\xE2\x80\x8D", "\xE2\x80\x8D\xF0\x9F\x91\xA9", "\xEF\xB8\x8F",
  "\xF0\x9F\x8F\xBB", "\xF0\x9F\x8F\xBD",
  /* left to Pango */
  "\r", "\t", "\xC2\xA0", "\xCC\x81", "\xE2\x80\x8B", "\xC2\xAD", "\xE4\xB8\xAD",
  "\xD9\x8E", "\xD6\xBC", "\xD7\xB3", "\xEF\xB8\x8E", "\xE2\x83\xA3", "\xF3\xA0\x81\xA7",
};

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GString) mapped = g_string_new (NULL);
  guint seed = 0;

  if (size > 4096)
    return 0;

  for (size_t i = 0; i < MIN (size, 8); i++)
    seed = seed * 251 + data[i];

  /* The bytes as they are, when they are text... */
  check_text ((const char *) data, size, seed);

  /* ... read as characters of both lists above... */
  for (size_t i = 0; i < size; i++)
    {
      guint k = data[i] % (G_N_ELEMENTS (handled) + G_N_ELEMENTS (others));

      g_string_append (mapped, k < G_N_ELEMENTS (handled) ? handled[k]
                                                         : others[k - G_N_ELEMENTS (handled)]);
    }
  check_text (mapped->str, mapped->len, seed);

  /* ... and as characters that the built-in segmenter handles anywhere,
   * so that long inputs reach it too. */
  g_string_truncate (mapped, 0);
  for (size_t i = 0; i < size; i++)
    g_string_append (mapped, handled[data[i] % G_N_ELEMENTS (handled)]);
  check_text (mapped->str, mapped->len, seed);

  return 0;
}
