/* test-tokenizer.c: GlossTokenizer words, sentences, snapping and offsets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-tokenizer"

#include "config.h"

#include <string.h>

#include "gloss-tokenizer-private.h"

#define BOM "\xEF\xBB\xBF"

typedef struct
{
  guint    start;
  guint    end;
  gboolean sentence;
} Token;

static GlossDocument *
doc_from_string (const char *data)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, strlen (data));
  g_autoptr(GError) error = NULL;
  GlossDocument *doc;

  doc = gloss_document_new_from_bytes ("article.txt", bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);

  return doc;
}

static gboolean
collect_token (guint    start,
               guint    end,
               gboolean starts_sentence,
               gpointer user_data)
{
  GArray *tokens = user_data;
  Token token = { start, end, starts_sentence };

  g_array_append_val (tokens, token);

  return TRUE;
}

static GArray *
collect (GlossTokenizer *tok,
         guint           start,
         guint           end)
{
  GArray *tokens = g_array_new (FALSE, FALSE, sizeof (Token));

  gloss_tokenizer_foreach (tok, start, end, collect_token, tokens);

  return tokens;
}

/* The tokens of the whole document as "^First|word|.|^Next": "|" between
 * tokens, "^" before a token that starts a sentence. */
static char *
describe (GlossTokenizer *tok)
{
  GlossDocument *doc = gloss_tokenizer_get_document (tok);
  g_autoptr(GArray) tokens = collect (tok, 0, G_MAXUINT);
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < tokens->len; i++)
    {
      Token *t = &g_array_index (tokens, Token, i);
      g_autofree char *text = gloss_document_dup_slice (doc, t->start, t->end);

      if (i > 0)
        g_string_append_c (out, '|');
      if (t->sentence)
        g_string_append_c (out, '^');
      g_string_append (out, text);
    }

  return g_string_free (out, FALSE);
}

static void
assert_tokens (const char *text,
               const char *expected)
{
  g_autoptr(GlossDocument) doc = doc_from_string (text);
  g_autoptr(GlossTokenizer) tok = gloss_tokenizer_new (doc);
  g_autofree char *got = describe (tok);

  g_assert_cmpstr (got, ==, expected);
}

/* Code-point offset of the first occurrence of @needle in @haystack,
 * counted independently of the document's own index. */
static guint
offset_of (const char *haystack,
           const char *needle)
{
  const char *found = strstr (haystack, needle);

  g_assert_nonnull (found);

  return (guint) g_utf8_pointer_to_offset (haystack, found);
}

/* token_at() at every character of @needle's first occurrence in the text
 * (after any BOM) gives exactly that span. */
static void
assert_whole_token (GlossTokenizer *tok,
                    const char     *text,
                    const char     *needle)
{
  guint start = offset_of (text, needle);
  guint end = start + (guint) g_utf8_strlen (needle, -1);

  for (guint i = start; i < end; i++)
    {
      guint s = 0, e = 0;

      g_assert_true (gloss_tokenizer_token_at (tok, i, &s, &e));
      g_assert_cmpuint (s, ==, start);
      g_assert_cmpuint (e, ==, end);
      g_assert_true (gloss_tokenizer_is_token_boundary (tok, i) == (i == start));
    }
  g_assert_true (gloss_tokenizer_is_token_boundary (tok, end));
}

static void
test_english (void)
{
  /* UAX #29 keeps apostrophes and full stops between letters or digits
   * inside a word ("Don't", "3.50", "U.S"), but not hyphens; a full stop
   * at the end of a word is a token of its own. */
  assert_tokens ("He said, \"Don't go!\" It costs $3.50 (about 3.5%).",
                 "^He|said|,|\"|Don't|go|!|\"|^It|costs|$|3.50|(|about|3.5|%|)|.");
  assert_tokens ("A well-known e-mail arrived; rock'n'roll isn't dead.",
                 "^A|well|-|known|e|-|mail|arrived|;|rock'n'roll|isn't|dead|.");
  /* Sentence rules know no abbreviations: a full stop then a capital ends
   * a sentence, a full stop then a lower-case word does not. */
  assert_tokens ("The U.S. economy grew. U.N. staff agree.",
                 "^The|U.S|.|economy|grew|.|^U.N|.|staff|agree|.");
  /* Curly quotes, dashes and ellipses; a question ends a sentence even
   * before a lower-case word. */
  assert_tokens ("\xE2\x80\x9CWhy?\xE2\x80\x9D she asked \xE2\x80\x94 twice\xE2\x80\xA6 then left.",
                 "^\xE2\x80\x9C|Why|?|\xE2\x80\x9D|^she|asked|\xE2\x80\x94|twice|\xE2\x80\xA6|then|left|.");
  /* Numbers with separators and ordinals are one token; a colon joins
   * letters (MidLetter) but not digits, so a time is three. */
  assert_tokens ("On 3rd May 2024, 1,250,000 people met at 10:30.",
                 "^On|3rd|May|2024|,|1,250,000|people|met|at|10|:|30|.");
  /* A new line starts a sentence whatever its first word. */
  assert_tokens ("no full stop here\nand here\n\n  indented",
                 "^no|full|stop|here|^and|here|^indented");
}

static void
test_rtl (void)
{
  const char *text =
    "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xD7\xA2\xD7\x95\xD7\x9C\xD7\x9D. "  /* שלום עולם. */
    "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7 "                            /* مرحبا */
    "\xD8\xA8\xD8\xA7\xD9\x84\xD8\xB9\xD8\xA7\xD9\x84\xD9\x85! "             /* بالعالم! */
    "He said \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D to 123 people in "
    "\xD8\xA7\xD9\x84\xD9\x82\xD8\xA7\xD9\x87\xD8\xB1\xD8\xA9.";           /* القاهرة. */
  g_autoptr(GlossDocument) doc = doc_from_string (text);
  g_autoptr(GlossTokenizer) tok = gloss_tokenizer_new (doc);
  g_autofree char *got = describe (tok);
  guint s, e;

  g_assert_cmpstr (got, ==,
                   "^\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D|\xD7\xA2\xD7\x95\xD7\x9C\xD7\x9D|.|"
                   "^\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7|"
                   "\xD8\xA8\xD8\xA7\xD9\x84\xD8\xB9\xD8\xA7\xD9\x84\xD9\x85|!|"
                   "^He|said|\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D|to|123|people|in|"
                   "\xD8\xA7\xD9\x84\xD9\x82\xD8\xA7\xD9\x87\xD8\xB1\xD8\xA9|.");

  /* Offsets are code points of the logical (stored) order. */
  assert_whole_token (tok, text, "\xD7\xA2\xD7\x95\xD7\x9C\xD7\x9D");
  assert_whole_token (tok, text, "\xD8\xA8\xD8\xA7\xD9\x84\xD8\xB9\xD8\xA7\xD9\x84\xD9\x85");
  assert_whole_token (tok, text, "\xD8\xA7\xD9\x84\xD9\x82\xD8\xA7\xD9\x87\xD8\xB1\xD8\xA9");
  g_assert_true (gloss_tokenizer_token_at (tok, 0, &s, &e));
  g_assert_cmpuint (s, ==, 0);
  g_assert_cmpuint (e, ==, 4);
  g_assert_false (gloss_tokenizer_token_at (tok, 4, NULL, NULL));
  g_assert_true (gloss_tokenizer_token_at (tok, 9, &s, &e));
  g_assert_cmpuint (s, ==, 9);
  g_assert_cmpuint (e, ==, 10);

  /* Arabic with diacritics (harakat are combining marks) stays one word. */
  assert_tokens ("\xD9\x83\xD9\x8E\xD8\xAA\xD9\x8E\xD8\xA8\xD9\x8E "
                 "\xD8\xA7\xD9\x84\xD9\x84\xD9\x91\xD9\x87",
                 "^\xD9\x83\xD9\x8E\xD8\xAA\xD9\x8E\xD8\xA8\xD9\x8E|"
                 "\xD8\xA7\xD9\x84\xD9\x84\xD9\x91\xD9\x87");
}

/* The tokens of @text are @expected, both from the built-in segmenter
 * (which must take the text) and from Pango. */
static void
assert_tokens_built_in (const char *text,
                        const char *expected)
{
  g_autoptr(GlossDocument) doc = doc_from_string (text);
  g_autoptr(GlossTokenizer) tok = gloss_tokenizer_new (doc);
  g_autofree char *got = describe (tok);
  g_autofree char *got_pango = NULL;
  guint n_fast, n_pango;

  g_assert_cmpstr (got, ==, expected);
  gloss_tokenizer_get_counts (tok, &n_fast, &n_pango);
  g_assert_cmpuint (n_fast, >, 0);
  g_assert_cmpuint (n_pango, ==, 0);

  gloss_tokenizer_set_path (tok, GLOSS_TOKENIZER_PATH_PANGO);
  got_pango = describe (tok);
  g_assert_cmpstr (got_pango, ==, expected);
}

static void
test_news_scripts (void)
{
  /* Vietnamese, Arabic and Hebrew names, an Arabic-Indic number. */
  assert_tokens_built_in ("Nguy\xE1\xBB\x85n V\xC4\x83n An flew to \xD8\xA7\xD9\x84\xD9\x82\xD8\xA7\xD9\x87\xD8\xB1\xD8\xA9. "
                          "\xD7\xA6\xD7\x94\"\xD7\x9C and \xD7\x92'\xD7\x95\xD7\xA8\xD7\x92' paid \xD9\xA1\xD9\xA2\xD9\xA3.",
                          "^Nguy\xE1\xBB\x85n|V\xC4\x83n|An|flew|to|\xD8\xA7\xD9\x84\xD9\x82\xD8\xA7\xD9\x87\xD8\xB1\xD8\xA9|.|"
                          "^\xD7\xA6\xD7\x94\"\xD7\x9C|and|\xD7\x92'\xD7\x95\xD7\xA8\xD7\x92'|paid|\xD9\xA1\xD9\xA2\xD9\xA3|.");
  /* A sentence may start with an Arabic word; a full stop then a
   * lower-case word does not end one. */
  assert_tokens_built_in ("It ended. \xD9\x85\xD8\xB5\xD8\xB1 won. it went on.",
                          "^It|ended|.|^\xD9\x85\xD8\xB5\xD8\xB1|won|.|it|went|on|.");
  /* Emoji: a flag, a ZWJ sequence and a skin tone are one token each; a
   * run of three regional indicators is a flag and a lone one. */
  assert_tokens_built_in ("UN \xF0\x9F\x87\xBA\xF0\x9F\x87\xB3 staff. \xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x8D\xB3 Chefs cheered "
                          "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD! Then \xF0\x9F\x87\xBA\xF0\x9F\x87\xB3\xF0\x9F\x87\xBA x\xE2\x9D\xA4\xEF\xB8\x8Fy",
                          "^UN|\xF0\x9F\x87\xBA\xF0\x9F\x87\xB3|staff|.|^\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x8D\xB3|Chefs|cheered|"
                          "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD|!|^Then|\xF0\x9F\x87\xBA\xF0\x9F\x87\xB3|\xF0\x9F\x87\xBA|x|\xE2\x9D\xA4\xEF\xB8\x8F|y");
}

#define FLAG_FR     "\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7"
#define FAMILY      "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7"
#define THUMBS_TONE "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD"
#define FLAG_ENG    "\xF0\x9F\x8F\xB4\xF3\xA0\x81\xA7\xF3\xA0\x81\xA2\xF3\xA0\x81\xA5" \
                    "\xF3\xA0\x81\xAE\xF3\xA0\x81\xA7\xF3\xA0\x81\xBF"

static void
test_emoji (void)
{
  const char *text = "Vive" FLAG_FR "! " FAMILY " home " THUMBS_TONE THUMBS_TONE " go " FLAG_ENG ".";
  g_autoptr(GlossDocument) doc = doc_from_string (text);
  g_autoptr(GlossTokenizer) tok = gloss_tokenizer_new (doc);
  g_autofree char *got = describe (tok);
  guint family = offset_of (text, FAMILY);
  guint s, e;

  g_assert_cmpstr (got, ==,
                   "^Vive|" FLAG_FR "|!|^" FAMILY "|home|" THUMBS_TONE "|" THUMBS_TONE
                   "|go|" FLAG_ENG "|.");

  assert_whole_token (tok, text, FLAG_FR);
  assert_whole_token (tok, text, FAMILY);
  assert_whole_token (tok, text, THUMBS_TONE);
  assert_whole_token (tok, text, FLAG_ENG);

  /* A selection that ends inside the family widens to all of it. */
  g_assert_true (gloss_tokenizer_snap (tok, family - 1, family + 2, &s, &e));
  g_assert_cmpuint (s, ==, family);
  g_assert_cmpuint (e, ==, family + 5);
}

static void
test_combining (void)
{
  /* "café" with U+0301 after the e, a full stop with an acute, and an
   * acute after a space (which clusters with the space). */
  const char *text = "Caf" "e\xCC\x81 .\xCC\x81x \xCC\x81y Zoe\xCC\x88\xCC\xA3s";
  g_autoptr(GlossDocument) doc = doc_from_string (text);
  g_autoptr(GlossTokenizer) tok = gloss_tokenizer_new (doc);
  g_autofree char *got = describe (tok);

  g_assert_cmpstr (got, ==,
                   "^Cafe\xCC\x81|.\xCC\x81|x| \xCC\x81|y|Zoe\xCC\x88\xCC\xA3s");

  assert_whole_token (tok, text, "Cafe\xCC\x81");
  assert_whole_token (tok, text, ".\xCC\x81");
  assert_whole_token (tok, text, "Zoe\xCC\x88\xCC\xA3s");
  /* The mark is never left on its own, nor dropped. */
  g_assert_false (gloss_tokenizer_is_token_boundary (tok, 4));
  g_assert_false (gloss_tokenizer_is_token_boundary (tok, offset_of (text, " \xCC\x81") + 1));

  /* Precomposed and decomposed forms give the same tokens. */
  assert_tokens ("Caf\xC3\xA9 ol\xC3\xA9!", "^Caf\xC3\xA9|ol\xC3\xA9|!");
  assert_tokens ("Cafe\xCC\x81 ole\xCC\x81!", "^Cafe\xCC\x81|ole\xCC\x81|!");

  /* Invisible characters alone are not tokens; a soft hyphen inside a
   * word stays in it. */
  assert_tokens ("a\xE2\x80\x8B" "b co\xC2\xAD" "operate", "^a|b|co\xC2\xAD" "operate");
}

static void
test_crlf (void)
{
  const char *text = "One two.\r\nThree four\r\n\r\nfive.\r\n";
  g_autoptr(GlossDocument) doc = doc_from_string (text);
  g_autoptr(GlossTokenizer) tok = gloss_tokenizer_new (doc);
  g_autofree char *got = describe (tok);
  guint length = gloss_document_get_length (doc);
  guint s, e;

  g_assert_cmpstr (got, ==, "^One|two|.|^Three|four|^five|.");

  /* No token holds a "\r" or a "\n", and both are boundaries. */
  for (guint i = 0; i < length; i++)
    {
      g_autofree char *c = gloss_document_dup_slice (doc, i, i + 1);

      if (c[0] == '\r' || c[0] == '\n')
        {
          g_assert_false (gloss_tokenizer_token_at (tok, i, NULL, NULL));
          g_assert_true (gloss_tokenizer_is_token_boundary (tok, i));
        }
    }

  g_assert_true (gloss_tokenizer_token_at (tok, 17, &s, &e));
  g_assert_cmpuint (s, ==, 16);
  g_assert_cmpuint (e, ==, 20);

  /* Snapping across the line end trims the CR LF. */
  g_assert_true (gloss_tokenizer_snap (tok, 8, 11, &s, &e));
  g_assert_cmpuint (s, ==, 10);
  g_assert_cmpuint (e, ==, 15);
  g_assert_false (gloss_tokenizer_snap (tok, 20, 24, NULL, NULL));

  g_assert_false (gloss_tokenizer_token_at (tok, length, NULL, NULL));
  g_assert_true (gloss_tokenizer_is_token_boundary (tok, length));
  g_assert_false (gloss_tokenizer_is_token_boundary (tok, length + 1));
}

static void
test_bom (void)
{
  g_autoptr(GlossDocument) doc = doc_from_string (BOM "Hello, w\xC3\xB6rld.");
  g_autoptr(GlossTokenizer) tok = gloss_tokenizer_new (doc);
  g_autofree char *got = describe (tok);
  guint s, e;

  g_assert_true (gloss_document_has_bom (doc));
  g_assert_cmpstr (got, ==, "^Hello|,|w\xC3\xB6rld|.");

  /* The BOM is not part of the text, so the first word starts at 0. */
  g_assert_true (gloss_tokenizer_token_at (tok, 0, &s, &e));
  g_assert_cmpuint (s, ==, 0);
  g_assert_cmpuint (e, ==, 5);
  g_assert_true (gloss_tokenizer_token_at (tok, 9, &s, &e));
  g_assert_cmpuint (s, ==, 7);
  g_assert_cmpuint (e, ==, 12);
}

static void
test_snap (void)
{
  /*                         0         1         2         3
   *                         0123456789012345678901234567890123 */
  const char *text = "The  minister's visit, in Paris.  \n  ";
  g_autoptr(GlossDocument) doc = doc_from_string (text);
  g_autoptr(GlossTokenizer) tok = gloss_tokenizer_new (doc);
  guint s = 99, e = 99;

  /* Mid-word on both sides widens to whole words. */
  g_assert_true (gloss_tokenizer_snap (tok, 7, 18, &s, &e));
  g_assert_cmpuint (s, ==, 5);
  g_assert_cmpuint (e, ==, 21);

  /* White space on both ends is trimmed. */
  g_assert_true (gloss_tokenizer_snap (tok, 3, 16, &s, &e));
  g_assert_cmpuint (s, ==, 5);
  g_assert_cmpuint (e, ==, 15);

  /* Trailing punctuation that the range touches is a token of its own. */
  g_assert_true (gloss_tokenizer_snap (tok, 26, 32, &s, &e));
  g_assert_cmpuint (s, ==, 26);
  g_assert_cmpuint (e, ==, 32);
  g_assert_true (gloss_tokenizer_snap (tok, 27, 29, &s, &e));
  g_assert_cmpuint (s, ==, 26);
  g_assert_cmpuint (e, ==, 31);

  /* A single character in a word selects the word. */
  g_assert_true (gloss_tokenizer_snap (tok, 1, 2, &s, &e));
  g_assert_cmpuint (s, ==, 0);
  g_assert_cmpuint (e, ==, 3);

  /* Pure white space, an empty range, and the tail: nothing, untouched. */
  s = e = 99;
  g_assert_false (gloss_tokenizer_snap (tok, 3, 5, &s, &e));
  g_assert_false (gloss_tokenizer_snap (tok, 32, 37, &s, &e));
  g_assert_false (gloss_tokenizer_snap (tok, 7, 7, &s, &e));
  g_assert_false (gloss_tokenizer_snap (tok, 40, 50, &s, &e));
  g_assert_cmpuint (s, ==, 99);
  g_assert_cmpuint (e, ==, 99);

  /* An end past the text is clamped. */
  g_assert_true (gloss_tokenizer_snap (tok, 28, G_MAXUINT, &s, &e));
  g_assert_cmpuint (s, ==, 26);
  g_assert_cmpuint (e, ==, 32);
}

static void
test_next_prev (void)
{
  /*                  0         1         2
   *                  0123456789012345678901234 */
  const char *text = "Alpha beta.\n\n  gamma, d";
  g_autoptr(GlossDocument) doc = doc_from_string (text);
  g_autoptr(GlossTokenizer) tok = gloss_tokenizer_new (doc);
  guint s, e;

  g_assert_true (gloss_tokenizer_next_token (tok, 0, &s, &e));
  g_assert_cmpuint (s, ==, 0);
  g_assert_cmpuint (e, ==, 5);
  /* From inside a token: the next one. */
  g_assert_true (gloss_tokenizer_next_token (tok, 2, &s, &e));
  g_assert_cmpuint (s, ==, 6);
  g_assert_cmpuint (e, ==, 10);
  g_assert_true (gloss_tokenizer_next_token (tok, 10, &s, &e));
  g_assert_cmpuint (s, ==, 10);
  g_assert_cmpuint (e, ==, 11);
  /* Across the blank line. */
  g_assert_true (gloss_tokenizer_next_token (tok, 11, &s, &e));
  g_assert_cmpuint (s, ==, 15);
  g_assert_cmpuint (e, ==, 20);
  g_assert_true (gloss_tokenizer_next_token (tok, 21, &s, &e));
  g_assert_cmpuint (s, ==, 22);
  g_assert_cmpuint (e, ==, 23);
  g_assert_false (gloss_tokenizer_next_token (tok, 23, &s, &e));
  g_assert_false (gloss_tokenizer_next_token (tok, 1000, &s, &e));

  g_assert_true (gloss_tokenizer_prev_token (tok, 23, &s, &e));
  g_assert_cmpuint (s, ==, 22);
  g_assert_cmpuint (e, ==, 23);
  g_assert_true (gloss_tokenizer_prev_token (tok, 1000, &s, &e));
  g_assert_cmpuint (s, ==, 22);
  /* From inside a token: the one before it. */
  g_assert_true (gloss_tokenizer_prev_token (tok, 17, &s, &e));
  g_assert_cmpuint (s, ==, 10);
  g_assert_cmpuint (e, ==, 11);
  g_assert_true (gloss_tokenizer_prev_token (tok, 15, &s, &e));
  g_assert_cmpuint (s, ==, 10);
  g_assert_true (gloss_tokenizer_prev_token (tok, 10, &s, &e));
  g_assert_cmpuint (s, ==, 6);
  g_assert_cmpuint (e, ==, 10);
  g_assert_true (gloss_tokenizer_prev_token (tok, 5, &s, &e));
  g_assert_cmpuint (s, ==, 0);
  g_assert_false (gloss_tokenizer_prev_token (tok, 4, &s, &e));
  g_assert_false (gloss_tokenizer_prev_token (tok, 0, &s, &e));
}

static gboolean
stop_after_two (guint    start,
                guint    end,
                gboolean starts_sentence,
                gpointer user_data)
{
  GArray *tokens = user_data;

  collect_token (start, end, starts_sentence, tokens);

  return tokens->len < 2;
}

static void
test_foreach (void)
{
  /*                  0         1         2         3
   *                  01234567890123456789012345678901234 */
  const char *text = "It rained. Then it stopped! Fine.";
  g_autoptr(GlossDocument) doc = doc_from_string (text);
  g_autoptr(GlossTokenizer) tok = gloss_tokenizer_new (doc);
  g_autoptr(GArray) tokens = NULL;
  g_autoptr(GArray) stopped = g_array_new (FALSE, FALSE, sizeof (Token));
  static const Token expected[] = {
    { 3, 9, FALSE }, { 9, 10, FALSE }, { 11, 15, TRUE }, { 16, 18, FALSE },
  };

  /* Tokens overlapping [5, 17): the first and last are cut by the range
   * but reported whole. */
  tokens = collect (tok, 5, 17);
  g_assert_cmpuint (tokens->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      Token *t = &g_array_index (tokens, Token, i);

      g_assert_cmpuint (t->start, ==, expected[i].start);
      g_assert_cmpuint (t->end, ==, expected[i].end);
      g_assert_cmpint (t->sentence, ==, expected[i].sentence);
    }
  g_clear_pointer (&tokens, g_array_unref);

  /* Sentence starts. */
  tokens = collect (tok, 0, G_MAXUINT);
  g_assert_cmpuint (tokens->len, ==, 9);
  for (guint i = 0; i < tokens->len; i++)
    {
      Token *t = &g_array_index (tokens, Token, i);

      g_assert_cmpint (t->sentence, ==, t->start == 0 || t->start == 11 || t->start == 28);
    }
  g_clear_pointer (&tokens, g_array_unref);

  /* A range inside white space, and an empty range. */
  tokens = collect (tok, 10, 11);
  g_assert_cmpuint (tokens->len, ==, 0);
  g_clear_pointer (&tokens, g_array_unref);
  tokens = collect (tok, 5, 5);
  g_assert_cmpuint (tokens->len, ==, 0);

  /* Stopping early. */
  gloss_tokenizer_foreach (tok, 0, G_MAXUINT, stop_after_two, stopped);
  g_assert_cmpuint (stopped->len, ==, 2);
}

/* An ASCII text whose tokens a few lines of code can find: words of
 * letters and digits, punctuation that never sits between two word
 * characters, and sentences that end in . ! or ? followed by a space and
 * a capital. */
static void
append_paragraph (GString *out,
                  guint    n_sentences)
{
  static const char *const separators[] = {
    " ", " ", " ", " ", "  ", ", ", "; ", ": ", " - ", " (", ") ", " & ",
    " \"", "\" ", " #", "% ", " $", "\t",
  };
  static const char terminators[] = ".!?";

  for (guint s = 0; s < n_sentences; s++)
    {
      guint n_words = g_test_rand_int_range (1, 15);

      if (s > 0)
        g_string_append (out, g_test_rand_bit () ? " " : "  ");

      for (guint w = 0; w < n_words; w++)
        {
          guint len = g_test_rand_int_range (1, 10);

          if (w > 0)
            g_string_append (out, separators[g_test_rand_int_range (0, G_N_ELEMENTS (separators))]);

          for (guint i = 0; i < len; i++)
            {
              int kind = g_test_rand_int_range (0, 10);
              char c;

              if (kind == 0)
                c = '0' + g_test_rand_int_range (0, 10);
              else
                c = 'a' + g_test_rand_int_range (0, 26);

              if (w == 0 && i == 0)
                c = 'A' + g_test_rand_int_range (0, 26);

              g_string_append_c (out, c);
            }
        }

      g_string_append_c (out, terminators[g_test_rand_int_range (0, 3)]);
    }
}

/* The oracle: maximal runs of letters and digits are tokens, every other
 * visible character is a token of its own; the first token of a line and
 * the token after a terminator start sentences. */
static GArray *
ascii_oracle (const char *text)
{
  GArray *tokens = g_array_new (FALSE, FALSE, sizeof (Token));
  gboolean sentence = TRUE;
  guint i = 0;

  while (text[i] != '\0')
    {
      Token t;

      if (text[i] == '\n')
        {
          sentence = TRUE;
          i++;
          continue;
        }
      if (g_ascii_isspace (text[i]))
        {
          i++;
          continue;
        }

      t.start = i;
      if (g_ascii_isalnum (text[i]))
        while (g_ascii_isalnum (text[i]))
          i++;
      else
        i++;
      t.end = i;
      t.sentence = sentence;
      g_array_append_val (tokens, t);

      sentence = (t.end - t.start == 1 && strchr (".!?", text[t.start]) != NULL);
    }

  return tokens;
}

static void
assert_same_tokens (GArray *got,
                    GArray *expected)
{
  g_assert_cmpuint (got->len, ==, expected->len);

  for (guint i = 0; i < got->len; i++)
    {
      Token *g = &g_array_index (got, Token, i);
      Token *x = &g_array_index (expected, Token, i);

      if (g->start != x->start || g->end != x->end || g->sentence != x->sentence)
        g_error ("token %u: got [%u, %u)%s, expected [%u, %u)%s", i,
                 g->start, g->end, g->sentence ? " sentence" : "",
                 x->start, x->end, x->sentence ? " sentence" : "");
    }
}

/* Checks every query against the oracle @expected over the whole text. */
static void
check_against_oracle (GlossTokenizer *tok,
                      GArray         *expected,
                      guint           length)
{
  g_autoptr(GArray) got = collect (tok, 0, length);
  guint *owner = g_new (guint, length + 1);
  guint next;

  assert_same_tokens (got, expected);

  /* owner[i]: the index of the token holding i, or G_MAXUINT. */
  for (guint i = 0; i <= length; i++)
    owner[i] = G_MAXUINT;
  for (guint t = 0; t < expected->len; t++)
    {
      Token *x = &g_array_index (expected, Token, t);

      for (guint i = x->start; i < x->end; i++)
        owner[i] = t;
    }

  next = 0;
  for (guint i = 0; i <= length; i++)
    {
      guint s, e;
      gboolean found = gloss_tokenizer_token_at (tok, i, &s, &e);
      gboolean inside;

      while (next < expected->len && g_array_index (expected, Token, next).start < i)
        next++;

      g_assert_cmpint (found, ==, owner[i] != G_MAXUINT);
      if (found)
        {
          Token *x = &g_array_index (expected, Token, owner[i]);

          g_assert_cmpuint (s, ==, x->start);
          g_assert_cmpuint (e, ==, x->end);
        }

      inside = owner[i] != G_MAXUINT && g_array_index (expected, Token, owner[i]).start != i;
      g_assert_cmpint (gloss_tokenizer_is_token_boundary (tok, i), ==, !inside);

      /* next_token: the first token starting at or after i. Sampled, as
       * it may walk far. */
      if (i % 7 == 0)
        {
          found = gloss_tokenizer_next_token (tok, i, &s, &e);
          g_assert_cmpint (found, ==, next < expected->len);
          if (found)
            g_assert_cmpuint (s, ==, g_array_index (expected, Token, next).start);
        }
    }

  /* Random access, so that the cache is missed and refilled. */
  for (guint n = 0; n < 2000; n++)
    {
      guint i = g_test_rand_int_range (0, length);
      guint s, e;
      gboolean found = gloss_tokenizer_token_at (tok, i, &s, &e);

      g_assert_cmpint (found, ==, owner[i] != G_MAXUINT);
      if (found)
        g_assert_cmpuint (s, ==, g_array_index (expected, Token, owner[i]).start);
    }

  /* prev_token from the end of each token gives that token. */
  for (guint t = 0; t < expected->len; t += 3)
    {
      Token *x = &g_array_index (expected, Token, t);
      guint s, e;

      g_assert_true (gloss_tokenizer_prev_token (tok, x->end, &s, &e));
      g_assert_cmpuint (s, ==, x->start);
      g_assert_cmpuint (e, ==, x->end);
    }

  g_free (owner);
}

static void
test_oracle_paragraphs (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GlossDocument) doc = NULL;
  g_autoptr(GlossTokenizer) tok = NULL;
  g_autoptr(GArray) expected = NULL;

  /* More paragraphs than the tokenizer caches, some empty. */
  for (guint p = 0; p < 40; p++)
    {
      if (p > 0)
        g_string_append (text, p % 9 == 0 ? "\n\n" : "\n");
      append_paragraph (text, g_test_rand_int_range (1, 6));
    }

  doc = doc_from_string (text->str);
  tok = gloss_tokenizer_new (doc);
  expected = ascii_oracle (text->str);
  g_assert_cmpuint (expected->len, >, 200);

  check_against_oracle (tok, expected, gloss_document_get_length (doc));
}

static void
test_long_paragraph (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GlossDocument) doc = NULL;
  g_autoptr(GlossTokenizer) tok = NULL;
  g_autoptr(GArray) expected = NULL;
  g_autoptr(GArray) all = NULL;
  gint64 t0, t1, t2, t3;
  guint middle;
  guint s, e;

  while (text->len < 200000)
    {
      if (text->len > 0)
        g_string_append_c (text, ' ');
      append_paragraph (text, 1);
    }

  doc = doc_from_string (text->str);
  g_assert_cmpuint (gloss_document_get_line_count (doc), ==, 1);
  tok = gloss_tokenizer_new (doc);
  expected = ascii_oracle (text->str);
  middle = gloss_document_get_length (doc) / 2;

  t0 = g_get_monotonic_time ();
  gloss_tokenizer_token_at (tok, middle, &s, &e);
  t1 = g_get_monotonic_time ();
  gloss_tokenizer_token_at (tok, middle + 1, &s, &e);
  t2 = g_get_monotonic_time ();
  all = collect (tok, 0, G_MAXUINT);
  t3 = g_get_monotonic_time ();
  g_test_message ("%u-character paragraph: token_at first %.3f ms, cached %.3f ms; "
                  "foreach over all %u tokens %.1f ms",
                  gloss_document_get_length (doc),
                  (t1 - t0) / 1000.0, (t2 - t1) / 1000.0,
                  expected->len, (t3 - t2) / 1000.0);

  /* The paragraph is segmented in pieces; the tokens and sentences must be
   * the same as if it were done in one go. */
  check_against_oracle (tok, expected, gloss_document_get_length (doc));
}

static void
test_long_paragraph_pieces (void)
{
  g_autoptr(GString) one_line = g_string_new (NULL);
  g_autoptr(GString) lines = g_string_new (NULL);
  g_autoptr(GlossDocument) doc = NULL;
  g_autoptr(GlossDocument) doc_lines = NULL;
  g_autoptr(GlossTokenizer) tok = NULL;
  g_autoptr(GlossTokenizer) tok_lines = NULL;
  g_autoptr(GArray) got = NULL;
  g_autoptr(GArray) got_lines = NULL;
  guint n_sentences = 0;
  const char *sentence =
    "\xE2\x80\x9C" "Don't,\xE2\x80\x9D said the U.N.\xC2\xA0spokes\xC2\xAD" "woman, "
    "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D cafe\xCC\x81 " THUMBS_TONE " 3.5%!";

  /* The same non-ASCII sentences on one 150 000-character line and on
   * many lines: the tokens must not depend on where pieces are cut. */
  while (g_utf8_strlen (one_line->str, -1) < 150000)
    {
      if (one_line->len > 0)
        {
          g_string_append_c (one_line, ' ');
          g_string_append_c (lines, '\n');
        }
      g_string_append (one_line, sentence);
      g_string_append (lines, sentence);
      n_sentences++;
    }

  doc = doc_from_string (one_line->str);
  doc_lines = doc_from_string (lines->str);
  tok = gloss_tokenizer_new (doc);
  tok_lines = gloss_tokenizer_new (doc_lines);

  /* Read backwards first, so that pieces are built out of order. */
  for (guint i = gloss_document_get_length (doc); i-- > 0;)
    gloss_tokenizer_is_token_boundary (tok, i);

  got = collect (tok, 0, G_MAXUINT);
  got_lines = collect (tok_lines, 0, G_MAXUINT);

  /* A space on one side, a line end on the other: the offsets match token
   * for token, and each line starts a sentence as each "!" does. */
  /* “ Don't , ” said the U.N . spokes(SHY)woman , (Hebrew) café (thumbs) 3.5 % ! */
  g_assert_cmpuint (got->len, ==, 16 * n_sentences);
  assert_same_tokens (got, got_lines);
}

static void
test_long_run_without_spaces (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GlossDocument) doc = NULL;
  g_autoptr(GlossTokenizer) tok = NULL;
  g_autoptr(GArray) expected = NULL;

  /* No safe place to cut: the paragraph is segmented as one piece. */
  while (text->len < 100000)
    g_string_append (text, "ab,c9;");

  doc = doc_from_string (text->str);
  tok = gloss_tokenizer_new (doc);
  expected = ascii_oracle (text->str);
  check_against_oracle (tok, expected, gloss_document_get_length (doc));
}

/* A text with all that a walk over the pieces meets: short paragraphs,
 * empty ones, CRLF, paragraphs left to Pango, a paragraph long enough to
 * be cut in pieces, and no line end after the last word. */
static GString *
mixed_text (void)
{
  GString *text = g_string_new (NULL);
  const char *sentence =
    "\xE2\x80\x9C" "Don't,\xE2\x80\x9D said the U.N. spokeswoman in \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D, "
    "Nguy\xE1\xBB\x85n cheered " THUMBS_TONE " at 3.5%! ";
  gsize long_start;

  for (guint p = 0; p < 30; p++)
    {
      append_paragraph (text, g_test_rand_int_range (1, 4));
      g_string_append (text, p % 7 == 0 ? "\r\n" : p % 5 == 0 ? "\n\n" : "\n");
    }
  g_string_append (text, "Left to Pango: cafe\xCC\x81 and a\xC2\xA0no-break space.\n");

  /* More than 65 536 characters, in bytes: two pieces at least. */
  long_start = text->len;
  while (text->len - long_start < 160000)
    {
      if (g_test_rand_bit ())
        g_string_append (text, sentence);
      else
        {
          append_paragraph (text, 1);
          g_string_append_c (text, ' ');
        }
    }

  g_string_append (text, "\n\nLast words");

  return text;
}

static void
test_collect (void)
{
  g_autoptr(GString) text = mixed_text ();
  g_autoptr(GlossDocument) doc = doc_from_string (text->str);
  g_autoptr(GlossDocument) empty = doc_from_string ("");
  g_autoptr(GlossTokenizer) tok_empty = gloss_tokenizer_new (empty);
  g_autoptr(GArray) none = g_array_new (FALSE, FALSE, sizeof (GlossTokenizerToken));

  for (guint path = GLOSS_TOKENIZER_PATH_AUTO; path <= GLOSS_TOKENIZER_PATH_PANGO; path++)
    {
      g_autoptr(GlossTokenizer) tok = gloss_tokenizer_new (doc);
      g_autoptr(GlossTokenizer) tok_walk = gloss_tokenizer_new (doc);
      g_autoptr(GArray) expected = NULL;
      g_autoptr(GArray) got = g_array_new (FALSE, FALSE, sizeof (GlossTokenizerToken));
      GlossTokenizerToken before = { 1, 2, TRUE };
      guint n_fast, n_pango;

      gloss_tokenizer_set_path (tok, path);
      gloss_tokenizer_set_path (tok_walk, path);
      expected = collect (tok_walk, 0, G_MAXUINT);
      g_assert_cmpuint (expected->len, >, 10000);

      /* What is there is kept; the tokens come after it. */
      g_array_append_val (got, before);
      _gloss_tokenizer_collect (tok, got);
      g_assert_cmpuint (got->len, ==, expected->len + 1);
      g_assert_cmpuint (g_array_index (got, GlossTokenizerToken, 0).start, ==, 1);
      for (guint i = 0; i < expected->len; i++)
        {
          GlossTokenizerToken *g = &g_array_index (got, GlossTokenizerToken, i + 1);
          Token *x = &g_array_index (expected, Token, i);

          g_assert_cmpuint (g->start, ==, x->start);
          g_assert_cmpuint (g->end, ==, x->end);
          g_assert_cmpint (g->starts_sentence, ==, x->sentence);
        }

      /* Both segmenters took part, and each piece was segmented once. */
      gloss_tokenizer_get_counts (tok, &n_fast, &n_pango);
      if (path == GLOSS_TOKENIZER_PATH_AUTO)
        {
          g_assert_cmpuint (n_fast, >, 0);
          g_assert_cmpuint (n_pango, >, 0);
        }
      else
        g_assert_cmpuint (n_fast, ==, 0);
      {
        guint walk_fast, walk_pango;

        gloss_tokenizer_get_counts (tok_walk, &walk_fast, &walk_pango);
        g_assert_cmpuint (n_fast, ==, walk_fast);
        g_assert_cmpuint (n_pango, ==, walk_pango);
      }
    }

  _gloss_tokenizer_collect (tok_empty, none);
  g_assert_cmpuint (none->len, ==, 0);
}

/* gloss_tokenizer_foreach() over [start, end) gives the tokens of @all
 * (those of the whole text) that overlap the range. */
static void
assert_range (GlossTokenizer *tok,
              GArray         *all,
              guint           length,
              guint           start,
              guint           end)
{
  g_autoptr(GArray) got = collect (tok, start, end);
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (Token));

  for (guint i = 0; i < all->len && start < MIN (end, length); i++)
    {
      Token *t = &g_array_index (all, Token, i);

      if (t->end > start && t->start < end)
        g_array_append_val (expected, *t);
    }

  assert_same_tokens (got, expected);
}

static void
test_foreach_ranges (void)
{
  g_autoptr(GString) text = mixed_text ();
  g_autoptr(GlossDocument) doc = doc_from_string (text->str);
  guint length = gloss_document_get_length (doc);

  for (guint path = GLOSS_TOKENIZER_PATH_AUTO; path <= GLOSS_TOKENIZER_PATH_PANGO; path++)
    {
      g_autoptr(GlossTokenizer) tok = gloss_tokenizer_new (doc);
      g_autoptr(GArray) all = NULL;

      gloss_tokenizer_set_path (tok, path);
      all = collect (tok, 0, G_MAXUINT);

      assert_range (tok, all, length, 0, 0);
      assert_range (tok, all, length, 0, 1);
      assert_range (tok, all, length, length - 1, G_MAXUINT);
      assert_range (tok, all, length, length, G_MAXUINT);
      assert_range (tok, all, length, length + 5, length + 9);

      /* Short and long ranges anywhere: inside a token, in white space, on
       * line ends, across paragraphs and across the pieces of the long
       * one. */
      for (guint n = 0; n < 300; n++)
        {
          guint start = g_test_rand_int_range (0, length + 1);
          guint span = n % 10 != 0 ? g_test_rand_int_range (0, 40)
                                   : g_test_rand_int_range (0, 100000);

          assert_range (tok, all, length, start, start + span);
        }
    }
}

typedef struct
{
  GlossTokenizer *tok;
  guint           length;
  guint           n;
  GArray         *seen;
} Reentrant;

/* Asks the tokenizer about the token it is given, and about a faraway
 * place, so that pieces are segmented while the walk goes on. */
static gboolean
ask_back (guint    start,
          guint    end,
          gboolean starts_sentence,
          gpointer user_data)
{
  Reentrant *r = user_data;
  guint s = 0, e = 0;

  collect_token (start, end, starts_sentence, r->seen);

  g_assert_true (gloss_tokenizer_token_at (r->tok, start, &s, &e));
  g_assert_cmpuint (s, ==, start);
  g_assert_cmpuint (e, ==, end);
  g_assert_true (gloss_tokenizer_is_token_boundary (r->tok, start));
  g_assert_true (gloss_tokenizer_is_token_boundary (r->tok, end));

  if (r->n % 97 == 0)
    {
      g_autoptr(GArray) inner = collect (r->tok, start, end);

      g_assert_cmpuint (inner->len, ==, 1);
      g_assert_cmpuint (g_array_index (inner, Token, 0).start, ==, start);
      g_assert_cmpuint (g_array_index (inner, Token, 0).end, ==, end);
    }
  if (r->n % 997 == 0)
    gloss_tokenizer_token_at (r->tok, r->length - 1 - start, NULL, NULL);
  r->n++;

  return TRUE;
}

static void
test_foreach_reentrant (void)
{
  g_autoptr(GString) text = mixed_text ();
  g_autoptr(GlossDocument) doc = doc_from_string (text->str);

  for (guint path = GLOSS_TOKENIZER_PATH_AUTO; path <= GLOSS_TOKENIZER_PATH_PANGO; path++)
    {
      g_autoptr(GlossTokenizer) tok = gloss_tokenizer_new (doc);
      g_autoptr(GlossTokenizer) plain = gloss_tokenizer_new (doc);
      g_autoptr(GArray) expected = NULL;
      g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (Token));
      Reentrant r = { tok, gloss_document_get_length (doc), 0, seen };

      gloss_tokenizer_set_path (tok, path);
      gloss_tokenizer_set_path (plain, path);
      expected = collect (plain, 0, G_MAXUINT);

      gloss_tokenizer_foreach (tok, 0, G_MAXUINT, ask_back, &r);
      assert_same_tokens (seen, expected);
    }
}

static void
test_empty (void)
{
  g_autoptr(GlossDocument) doc = doc_from_string ("");
  g_autoptr(GlossDocument) blank = doc_from_string (" \n\r\n\t ");
  g_autoptr(GlossTokenizer) tok = gloss_tokenizer_new (doc);
  g_autoptr(GlossTokenizer) tok_blank = gloss_tokenizer_new (blank);
  g_autoptr(GArray) tokens = collect (tok_blank, 0, G_MAXUINT);

  g_assert_true (gloss_tokenizer_get_document (tok) == doc);
  g_assert_false (gloss_tokenizer_token_at (tok, 0, NULL, NULL));
  g_assert_false (gloss_tokenizer_next_token (tok, 0, NULL, NULL));
  g_assert_false (gloss_tokenizer_prev_token (tok, 0, NULL, NULL));
  g_assert_true (gloss_tokenizer_is_token_boundary (tok, 0));
  g_assert_false (gloss_tokenizer_snap (tok, 0, 0, NULL, NULL));

  g_assert_cmpuint (tokens->len, ==, 0);
  g_assert_false (gloss_tokenizer_next_token (tok_blank, 0, NULL, NULL));
  g_assert_false (gloss_tokenizer_prev_token (tok_blank, 6, NULL, NULL));
  g_assert_false (gloss_tokenizer_snap (tok_blank, 0, 6, NULL, NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tokenizer/english", test_english);
  g_test_add_func ("/tokenizer/rtl", test_rtl);
  g_test_add_func ("/tokenizer/emoji", test_emoji);
  g_test_add_func ("/tokenizer/news-scripts", test_news_scripts);
  g_test_add_func ("/tokenizer/combining", test_combining);
  g_test_add_func ("/tokenizer/crlf", test_crlf);
  g_test_add_func ("/tokenizer/bom", test_bom);
  g_test_add_func ("/tokenizer/snap", test_snap);
  g_test_add_func ("/tokenizer/next-prev", test_next_prev);
  g_test_add_func ("/tokenizer/foreach", test_foreach);
  g_test_add_func ("/tokenizer/oracle/paragraphs", test_oracle_paragraphs);
  g_test_add_func ("/tokenizer/oracle/long-paragraph", test_long_paragraph);
  g_test_add_func ("/tokenizer/long-paragraph-pieces", test_long_paragraph_pieces);
  g_test_add_func ("/tokenizer/oracle/no-spaces", test_long_run_without_spaces);
  g_test_add_func ("/tokenizer/collect", test_collect);
  g_test_add_func ("/tokenizer/foreach-ranges", test_foreach_ranges);
  g_test_add_func ("/tokenizer/foreach-reentrant", test_foreach_reentrant);
  g_test_add_func ("/tokenizer/empty", test_empty);

  return g_test_run ();
}
