/* test-tokenizer-diff.c: the built-in segmenter gives Pango's tokens
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-tokenizer-diff"

#include "config.h"

#include <string.h>

#include "gloss-tokenizer-private.h"

typedef struct
{
  guint    start;
  guint    end;
  gboolean sentence;
} Token;

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
collect (GlossTokenizer *tok)
{
  GArray *tokens = g_array_new (FALSE, FALSE, sizeof (Token));

  gloss_tokenizer_foreach (tok, 0, G_MAXUINT, collect_token, tokens);

  return tokens;
}

/* Text around @offset, escaped, for a failure message. */
static char *
excerpt (GlossDocument *doc,
         guint          offset)
{
  guint length = gloss_document_get_length (doc);
  guint line, column;
  guint from, to;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *escaped_before = NULL;
  g_autofree char *escaped_after = NULL;

  /* The line, up to 60 characters either side, with a mark at @offset. */
  gloss_document_offset_to_line_column (doc, MIN (offset, length), &line, &column);
  from = offset - MIN (column, 60);
  to = MIN (gloss_document_line_column_to_offset (doc, line, G_MAXUINT), offset + 60);
  before = gloss_document_dup_slice (doc, from, offset);
  after = gloss_document_dup_slice (doc, offset, MAX (to, offset));
  escaped_before = g_strescape (before, NULL);
  escaped_after = g_strescape (after, NULL);

  return g_strdup_printf ("%s<<HERE>>%s", escaped_before, escaped_after);
}

/* Segments @text with both paths and asserts the same tokens and sentence
 * starts. Adds the number of pieces each path segmented to @n_fast and
 * @n_pango. */
static void
assert_same (const char *text,
             gsize       len,
             guint      *n_fast,
             guint      *n_pango)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, len);
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossDocument) doc = gloss_document_new_from_bytes ("diff.txt", bytes, &error);
  g_autoptr(GlossTokenizer) fast = NULL;
  g_autoptr(GlossTokenizer) pango = NULL;
  g_autoptr(GArray) got = NULL;
  g_autoptr(GArray) expected = NULL;
  guint f, p;

  g_assert_no_error (error);
  fast = gloss_tokenizer_new (doc);
  pango = gloss_tokenizer_new (doc);
  gloss_tokenizer_set_path (pango, GLOSS_TOKENIZER_PATH_PANGO);

  got = collect (fast);
  expected = collect (pango);

  for (guint i = 0; i < MAX (got->len, expected->len); i++)
    {
      Token *g = i < got->len ? &g_array_index (got, Token, i) : NULL;
      Token *x = i < expected->len ? &g_array_index (expected, Token, i) : NULL;

      if (g == NULL || x == NULL ||
          g->start != x->start || g->end != x->end || g->sentence != x->sentence)
        {
          guint at = g != NULL ? g->start : x->start;
          g_autofree char *context = excerpt (doc, at);

          g_error ("token %u differs near \"%s\": fast [%d, %d)%s, Pango [%d, %d)%s", i,
                   context,
                   g ? (int) g->start : -1, g ? (int) g->end : -1,
                   g && g->sentence ? " sentence" : "",
                   x ? (int) x->start : -1, x ? (int) x->end : -1,
                   x && x->sentence ? " sentence" : "");
        }
    }

  /* The exports take the tokens in one go, without the walk's calls. */
  {
    g_autoptr(GlossTokenizer) whole = gloss_tokenizer_new (doc);
    g_autoptr(GArray) collected = g_array_new (FALSE, FALSE, sizeof (GlossTokenizerToken));

    _gloss_tokenizer_collect (whole, collected);
    g_assert_cmpuint (collected->len, ==, got->len);
    for (guint i = 0; i < got->len; i++)
      {
        GlossTokenizerToken *c = &g_array_index (collected, GlossTokenizerToken, i);
        Token *g = &g_array_index (got, Token, i);

        g_assert_cmpuint (c->start, ==, g->start);
        g_assert_cmpuint (c->end, ==, g->end);
        g_assert_cmpint (c->starts_sentence, ==, g->sentence);
      }
  }

  /* The other queries read the same flags; check a few against Pango. */
  for (guint i = 0; i < gloss_document_get_length (doc); i += 97)
    {
      guint s1 = 0, e1 = 0, s2 = 0, e2 = 0;

      g_assert_cmpint (gloss_tokenizer_token_at (fast, i, &s1, &e1), ==,
                       gloss_tokenizer_token_at (pango, i, &s2, &e2));
      g_assert_cmpuint (s1, ==, s2);
      g_assert_cmpuint (e1, ==, e2);
      g_assert_cmpint (gloss_tokenizer_is_token_boundary (fast, i), ==,
                       gloss_tokenizer_is_token_boundary (pango, i));
    }

  gloss_tokenizer_get_counts (fast, &f, &p);
  *n_fast += f;
  *n_pango += p;
  gloss_tokenizer_get_counts (pango, &f, NULL);
  g_assert_cmpuint (f, ==, 0);
}

static void
test_sample_corpus (void)
{
  const char *root = g_getenv ("GLOSS_SOURCE_ROOT");
  g_autofree char *folder = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;
  guint n_files = 0, n_fast = 0, n_pango = 0;

  if (root == NULL)
    {
      g_test_skip ("GLOSS_SOURCE_ROOT is not set");
      return;
    }

  folder = g_build_filename (root, "data", "sample-corpus", NULL);
  dir = g_dir_open (folder, 0, NULL);
  g_assert_nonnull (dir);

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *contents = NULL;
      g_autoptr(GString) lines = NULL;
      gsize len;

      if (!g_str_has_suffix (name, ".txt"))
        continue;

      path = g_build_filename (folder, name, NULL);
      g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
      assert_same (contents, len, &n_fast, &n_pango);

      /* The same text on one line: long paragraphs are cut in pieces. */
      lines = g_string_new (NULL);
      for (guint r = 0; r < 20; r++)
        {
          g_string_append_len (lines, contents, len);
          g_string_append_c (lines, ' ');
        }
      g_strdelimit (lines->str, "\n", ' ');
      assert_same (lines->str, lines->len, &n_fast, &n_pango);
      n_files++;
    }

  g_test_message ("%u files; %u pieces segmented here, %u by Pango", n_files, n_fast, n_pango);
  g_assert_cmpuint (n_files, >, 0);
  g_assert_cmpuint (n_fast, >, 0);
}

/* Pieces of text, by kind: what the built-in segmenter handles, and what
 * it must hand over to Pango. */
static const char *const letters[] = {
  "a", "b", "e", "n", "s", "t", "x", "A", "B", "E", "N", "S", "U", "X",
  "\xC3\xA9", "\xC3\x89", "\xC3\xBC", "\xC3\x9F", "\xC3\xB8", "\xC5\x82", "\xC5\x81",
  "\xC4\x9F", "\xC8\x99", "\xC6\x92", "\xC2\xB5", "\xC3\xBF",
  "\xE1\xBB\x85", "\xE1\xBB\x84", "\xE1\xBA\xA1", "\xE1\xBA\xA0", "\xE1\xBB\xAF", /* ễ Ễ ạ Ạ ữ */
  "\xE1\xBA\x9E", "\xC7\x85", "\xC7\x80", "\xC2\xAA", "\xC9\x99",             /* ẞ ǅ ǀ ª ə */
  "\xCE\xB1", "\xCE\x92", "\xCF\x82", "\xD0\x96", "\xD0\xB4", "\xD1\x97",     /* α Β ς Ж д ї */
  "\xD8\xA7", "\xD9\x84", "\xD9\x82", "\xD9\x87", "\xD8\xB1", "\xD8\xA9",     /* ا ل ق ه ر ة */
  "\xD9\x80", "\xDA\xAF", "\xDB\x8C",                                         /* ـ گ ی */
  "\xD7\xA9", "\xD7\x9C", "\xD7\x95", "\xD7\x9D", "\xD7\xAA",                 /* ש ל ו ם ת */
};
static const char *const digits[] = {
  "0", "1", "3", "5", "9",
  "\xD9\xA1", "\xD9\xA3", "\xDB\xB5",                       /* Arabic-Indic ١ ٣ ۵ */
};
static const char *const puncts[] = {
  ".", ".", ".", ",", ",", "!", "?", ";", ":", "-", "'", "\"", "(", ")", "[", "]",
  "{", "}", "/", "%", "$", "&", "*", "+", "<", "=", ">", "@", "\\", "^", "_", "`",
  "|", "~", "#", "'", "\"",
  "\xE2\x80\x98", "\xE2\x80\x99", "\xE2\x80\x99", "\xE2\x80\x9C", "\xE2\x80\x9D",
  "\xC2\xAB", "\xC2\xBB", "\xE2\x80\x93", "\xE2\x80\x94", "\xE2\x80\xA6", "\xC2\xB7",
  "\xC2\xBF", "\xC2\xA1", "\xE2\x80\x9E", "\xE2\x80\x9A", "\xC2\xA7", "\xE2\x82\xAC",
  "\xE2\x80\xA2", "\xE2\x80\x90", "\xC3\x97",
  "\xD8\x8C", "\xD8\x9B", "\xD8\x9F", "\xDB\x94",             /* Arabic ، ؛ ؟ ۔ */
};
/* Emoji and flags; a regional indicator alone, so that runs of odd and
 * even length come up. */
#define RI_U "\xF0\x9F\x87\xBA"
#define RI_N "\xF0\x9F\x87\xB3"
#define ZWJ  "\xE2\x80\x8D"
#define VS16 "\xEF\xB8\x8F"
static const char *const emoji[] = {
  "\xF0\x9F\x91\x8D", "\xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD", "\xF0\x9F\x91\x8B\xF0\x9F\x8F\xBB", /* 👍 👍🏽 👋🏻 */
  "\xF0\x9F\x91\xA9" ZWJ "\xF0\x9F\x8D\xB3",                                   /* 👩‍🍳 */
  "\xF0\x9F\x91\xA8" ZWJ "\xF0\x9F\x91\xA9" ZWJ "\xF0\x9F\x91\xA7",           /* 👨‍👩‍👧 */
  "\xF0\x9F\x8F\xB3" VS16 ZWJ "\xF0\x9F\x8C\x88",                               /* 🏳️‍🌈 */
  "\xF0\x9F\x91\xA9\xF0\x9F\x8F\xBE" ZWJ "\xF0\x9F\x92\xBB",                   /* 👩🏾‍💻 */
  "\xE2\x9D\xA4" VS16, "\xE2\x9D\xA4", "\xE2\x98\x80", "\xE2\x9C\x85",          /* ❤️ ❤ ☀ ✅ */
  "\xE2\x98\x86", "\xE2\x9C\x93",                                                 /* ☆ ✓ (not emoji) */
  "\xC2\xA9", "\xC2\xA9" VS16, "\xE2\x84\xA2",                                   /* © ©️ ™ */
  "\xF0\x9F\xA4\xA3", "\xF0\x9F\xAB\xA0",                                       /* 🤣 🫠 */
  RI_U RI_N, "\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7", RI_U, RI_N,                     /* 🇺🇳 🇫🇷 */
};
static const char *const spaces[] = {
  " ", " ", " ", " ", "  ", "   ",
};
static const char *const foreign[] = {
  "\xCC\x81", "\xCC\x88",                                   /* combining marks */
  "\xD9\x8E", "\xD9\x91", "\xD9\xB0", "\xD6\xBC",               /* Arabic, Hebrew marks */
  "\xE2\x80\x8B", "\xC2\xAD", "\xEF\xBB\xBF",                 /* format characters */
  ZWJ, VS16, "\xEF\xB8\x8E", "\xF0\x9F\x8F\xBD",               /* alone, or after a letter */
  "1" VS16 "\xE2\x83\xA3",                                   /* keycap */
  "\xF0\x9F\x8F\xB4\xF3\xA0\x81\xA7\xF3\xA0\x81\xA2\xF3\xA0\x81\xBF",      /* tag sequence */
  "\xE4\xB8\xAD\xE6\x96\x87", "\xE3\x82\xAB\xE3\x82\xBF",   /* CJK, katakana */
  "\xD9\xAB", "\xD9\xAC", "\xD7\xB3", "\xD7\xB4",               /* Arabic, Hebrew punctuation */
  "\xD5\x80", "\xE0\xB8\x81\xE0\xB8\xB2",                       /* Armenian, Thai */
  "\x01", "\x0B", "\x0C", "\xC2\x85", "\xE2\x80\xA8",
  "\t", "\xC2\xA0", "\r", "\xE2\x80\xAF", "\xE2\x80\x83",        /* other spaces */
  "\xC2\xB2", "\xC2\xBD", "\xE2\x80\xBC", "\xE2\x80\xA4", "\xE2\x93\x82",
};

static const char *
pick (const char *const *set,
      guint               n)
{
  return set[g_test_rand_int_range (0, (gint32) n)];
}

#define PICK(set) pick (set, G_N_ELEMENTS (set))

/* A paragraph of words and punctuation, mostly sentence-like. When
 * @foreign_rate is not 0, about one piece in @foreign_rate is a character
 * that the built-in segmenter leaves to Pango. */
static void
append_paragraph (GString *out,
                  guint    n_pieces,
                  guint    foreign_rate)
{
  for (guint i = 0; i < n_pieces; i++)
    {
      guint r = g_test_rand_int_range (0, 100);

      if (foreign_rate != 0 && g_test_rand_int_range (0, (gint32) foreign_rate) == 0)
        g_string_append (out, PICK (foreign));
      else if (r < 45)
        {
          /* A word: letters, sometimes digits, sometimes an inner mark. */
          guint len = g_test_rand_int_range (1, 7);

          for (guint j = 0; j < len; j++)
            {
              guint q = g_test_rand_int_range (0, 20);

              if (q < 15)
                g_string_append (out, PICK (letters));
              else if (q < 18)
                g_string_append (out, PICK (digits));
              else
                g_string_append (out, PICK (puncts));
            }
        }
      else if (r < 57)
        g_string_append (out, PICK (digits));
      else if (r < 65)
        g_string_append (out, PICK (emoji));
      else if (r < 82)
        g_string_append (out, PICK (puncts));
      else
        g_string_append (out, PICK (spaces));
    }
}

static void
check_random (guint n_paragraphs,
              guint foreign_rate,
              guint max_pieces)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n_fast = 0, n_pango = 0;

  for (guint p = 0; p < n_paragraphs; p++)
    {
      append_paragraph (text, g_test_rand_int_range (0, (gint32) max_pieces), foreign_rate);
      g_string_append (text, g_test_rand_int_range (0, 8) == 0 ? "\r\n" : "\n");

      /* Documents of a few hundred paragraphs, so that a failure is
       * reported on a text of reasonable size. */
      if (text->len > 20000 || p + 1 == n_paragraphs)
        {
          assert_same (text->str, text->len, &n_fast, &n_pango);
          g_string_truncate (text, 0);
        }
    }

  g_test_message ("%u paragraphs; %u pieces segmented here, %u by Pango",
                  n_paragraphs, n_fast, n_pango);
  g_assert_cmpuint (n_fast, >, 0);
  if (foreign_rate != 0)
    g_assert_cmpuint (n_pango, >, 0);
}

static void
test_random_dense (void)
{
  /* Short paragraphs of the characters handled here, densely mixed. */
  check_random (g_test_slow () ? 200000 : 40000, 0, 30);
}

static void
test_random_foreign (void)
{
  check_random (g_test_slow () ? 100000 : 20000, 40, 60);
}

/* Short paragraphs dense in emoji, modifiers, joiners and regional
 * indicators, placed anywhere: the cluster rules of both paths meet the
 * word and sentence rules, and every misplaced joiner or modifier must
 * send its paragraph to Pango. */
static void
test_random_clusters (void)
{
  static const char *const pieces[] = {
    "\xF0\x9F\x91\x8D", "\xF0\x9F\x91\xA9", "\xF0\x9F\x8D\xB3", "\xE2\x9D\xA4",  /* 👍 👩 🍳 ❤ */
    "\xC2\xA9", "\xE2\x98\x86", ZWJ, ZWJ, ZWJ, VS16, VS16,                         /* © ☆ */
    "\xF0\x9F\x8F\xBB", "\xF0\x9F\x8F\xBD", RI_U, RI_N, "\xF0\x9F\x87\xAB",          /* 🏻 🏽 🇫 */
    "a", "T", "\xD8\xA8", "\xD7\xA9", "1", ".", ".", "!", " ", " ", "\"", "'", ",",     /* ب ש */
  };
  g_autoptr(GString) text = g_string_new (NULL);
  guint n_paragraphs = g_test_slow () ? 200000 : 40000;
  guint n_fast = 0, n_pango = 0;

  for (guint p = 0; p < n_paragraphs; p++)
    {
      guint n = g_test_rand_int_range (1, 14);

      for (guint i = 0; i < n; i++)
        g_string_append (text, PICK (pieces));
      g_string_append_c (text, '\n');

      if (text->len > 20000 || p + 1 == n_paragraphs)
        {
          assert_same (text->str, text->len, &n_fast, &n_pango);
          g_string_truncate (text, 0);
        }
    }

  g_test_message ("%u paragraphs; %u pieces segmented here, %u by Pango",
                  n_paragraphs, n_fast, n_pango);
  g_assert_cmpuint (n_fast, >, n_paragraphs / 8);
  g_assert_cmpuint (n_pango, >, 0);
}

/* Sentence-like text: capitalised words, terminators, quotes and
 * brackets around them, numbers with separators, abbreviations. */
static void
append_prose (GString *out,
              guint    n_sentences,
              gboolean plain)
{
  static const char *const words[] = {
    "U.S", "U.N", "e.g", "3.5",   /* terminators inside words: Pango's */
    "the", "minister", "said", "don't", "rock'n'roll",
    "it\xE2\x80\x99s", "caf\xC3\xA9", "1,250,000", "10:30", "2024", "3rd",
    "well-known", "a", "I", "x", "Z", "no", "\xC3\x89tat", "na\xC3\xAFve", "co_op",
    "harbour", "strike", "would", "end", "by", "Friday", "union", "officials", "wages",
    "rose", "per", "cent", "in", "Valmora", "council", "budget", "report", "denied",
    "Zo\xC3\xAB", "S\xC3\xA3o", "Tom\xC3\xA9", "Nguy\xE1\xBB\x85n", "\xC4\x90\xE1\xBA\xA1i",
    "\xD8\xA7\xD9\x84\xD9\x82\xD8\xA7\xD9\x87\xD8\xB1\xD8\xA9", "\xD9\x85\xD8\xB5\xD8\xB1",
    "\xD9\xA2\xD9\xA0\xD9\xA2\xD9\xA4", "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D",
    "\xD7\xA6\xD7\x94\"\xD7\x9C", "\xD7\x92'\xD7\x95\xD7\xA8\xD7\x92'",          /* צה"ל ג'ורג' */
    "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0", "\xCE\x91\xCE\xB8\xCE\xAE\xCE\xBD\xCE\xB1",
    RI_U RI_N, "\xF0\x9F\x91\xA9" ZWJ "\xF0\x9F\x8D\xB3", "\xF0\x9F\x91\x8B\xF0\x9F\x8F\xBD",
    "\xE2\x9D\xA4" VS16, "\xE2\x84\xA2",
  };
  static const char *const before[] = {
    "", "", "", "", "\"", "(", "\xE2\x80\x9C", "\xC2\xAB", "'", "\xE2\x80\x98", "[",
  };
  static const char *const after[] = {
    "", "", "", "", "", ",", ";", ":", "\"", ")", "\xE2\x80\x9D", "\xC2\xBB", "'",
    "\xE2\x80\x99", "%", " \xE2\x80\x94", " -", "...", "\xE2\x80\xA6",
  };
  static const char *const ends[] = {
    ".", ".", ".", "!", "?", ".\"", "!\"", "?\xE2\x80\x9D", ".)", ".)\"", "?!", "..",
    ".\xE2\x80\x99", "", ":", ";",
  };
  static const char *const gaps[] = { " ", " ", " ", "  ", "   " };

  for (guint s = 0; s < n_sentences; s++)
    {
      guint n_words = g_test_rand_int_range (1, 10);

      if (s > 0)
        g_string_append (out, PICK (gaps));

      for (guint w = 0; w < n_words; w++)
        {
          const char *word = words[g_test_rand_int_range (plain ? 4 : 0, G_N_ELEMENTS (words))];

          if (w > 0)
            g_string_append (out, PICK (gaps));
          g_string_append (out, PICK (before));
          if (g_test_rand_bit () && g_ascii_islower (word[0]))
            {
              g_string_append_c (out, g_ascii_toupper (word[0]));
              g_string_append (out, word + 1);
            }
          else
            g_string_append (out, word);
          g_string_append (out, PICK (after));
        }

      g_string_append (out, PICK (ends));
    }
}

static void
test_random_prose (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n_paragraphs = g_test_slow () ? 100000 : 20000;
  guint n_fast = 0, n_pango = 0;

  for (guint p = 0; p < n_paragraphs; p++)
    {
      append_prose (text, g_test_rand_int_range (1, 6), p % 2 == 0);
      g_string_append (text, g_test_rand_int_range (0, 10) == 0 ? "\n\n" : "\n");
      if (text->len > 20000 || p + 1 == n_paragraphs)
        {
          assert_same (text->str, text->len, &n_fast, &n_pango);
          g_string_truncate (text, 0);
        }
    }

  g_test_message ("%u paragraphs; %u pieces segmented here, %u by Pango",
                  n_paragraphs, n_fast, n_pango);
  g_assert_cmpuint (n_fast, >, 0);
}

static void
test_long_paragraphs (void)
{
  guint n_fast = 0, n_pango = 0;

  /* Paragraphs long enough to be cut in pieces, segmented with context on
   * both sides; one of them with a foreign character now and then. */
  for (guint round = 0; round < 4; round++)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      while (text->len < 300000)
        {
          if (round % 2 == 0)
            append_prose (text, 1, round == 2);
          else
            append_paragraph (text, 20, round == 3 ? 5000 : 0);
          g_string_append_c (text, ' ');
        }
      assert_same (text->str, text->len, &n_fast, &n_pango);
    }

  g_test_message ("%u pieces segmented here, %u by Pango", n_fast, n_pango);
  g_assert_cmpuint (n_fast, >, 0);
}

static void
test_alphabet (void)
{
  /* Every character accepted by the built-in segmenter, alone, between
   * letters, digits, terminators and spaces, and around emoji, joiners,
   * modifiers, regional indicators and Hebrew letters (which tell an
   * emoji from another symbol, and test WB7a to WB7c). */
  static const char *const frames[] = {
    "%s", "a%sb", "1%s2", "A%sB", "ab. %s Cd ef", "ab.%s Cd ef", "x%s. Yz a",
    "a %s b", "3.5%s X y", "Ab!%s) cd Ef g", "ab. %s cd ef", "1.%s x", "x. %s",
    "\xF0\x9F\x91\x8D%s",                        /* 👍 */
    "\xF0\x9F\x91\x8D%s\xF0\x9F\x91\xA9 a",       /* 👍 👩 */
    "\xF0\x9F\x91\xA9" ZWJ "%s x",                 /* 👩 ZWJ */
    "%s" ZWJ "\xF0\x9F\x91\xA9 a",                 /* ZWJ 👩 */
    "%s" VS16 ". The",
    "%s\xF0\x9F\x8F\xBD b",                       /* skin tone */
    RI_U "%s a", "a %s" RI_N,
    "\xD7\xA9'%s", "\xD7\xA9\"%s\xD7\xA9", "%s'\xD7\xA9", "%s\"\xD7\xA9 x",  /* ש */
  };
  guint n_fast = 0, n_pango = 0;
  guint n_accepted = 0;

  for (gunichar c = 1; c < 0x30000; c++)
    {
      char buf[8] = { 0 };
      guint char_fast = 0;

      if (!gloss_tokenizer_fast_accepts (c))
        continue;

      n_accepted++;
      g_unichar_to_utf8 (c, buf);
      for (guint f = 0; f < G_N_ELEMENTS (frames); f++)
        {
          g_autofree char *text = NULL;
          guint f_fast = 0, f_pango = 0;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
          text = g_strdup_printf (frames[f], buf);
#pragma GCC diagnostic pop
          assert_same (text, strlen (text), &f_fast, &f_pango);
          char_fast += f_fast;
          n_fast += f_fast;
          n_pango += f_pango;
        }

      /* Each accepted character is segmented here in some context. */
      if (char_fast == 0)
        g_error ("U+%04X is accepted but always left to Pango", c);
    }

  g_test_message ("%u characters accepted; %u texts segmented here, %u by Pango",
                  n_accepted, n_fast, n_pango);
  g_assert_cmpuint (n_accepted, >, 3000);
  g_assert_cmpuint (n_fast, >, n_pango);
}

/* Texts that the built-in segmenter must take, and texts it must leave to
 * Pango; both give Pango's tokens. */
static const char *const fast_cases[] = {
  "Nguy\xE1\xBB\x85n.",
  "Nguy\xE1\xBB\x85n V\xC4\x83n An said. Then Tr\xE1\xBA\xA7n H\xC6\xB0ng \xC4\x90\xE1\xBA\xA1o left.",
  "\xE1\xBA\xA0. \xE1\xBA\xA1. x",
  "\xD8\xA7\xD9\x84\xD9\x82\xD8\xA7\xD9\x87\xD8\xB1\xD8\xA9. The",
  "in \xD8\xA7\xD9\x84\xD9\x82\xD8\xA7\xD9\x87\xD8\xB1\xD8\xA9. the end",
  "ends. \xD9\x85\xD8\xB5\xD8\xB1 said. \xD9\x85\xD8\xB5\xD8\xB1 x",
  "1.\xD8\xA8 x",
  "It rose \xD9\xA3,\xD9\xA5 per cent. \xD9\xA1\xD9\xA2 more",
  "a. (\xD8\xA8) c", "a. 1 \xD8\xA8 c", "a. 1 b \xD8\xA8",
  "\xF0\x9F\x87\xBA\xF0\x9F\x87\xB3\xF0\x9F\x87\xBA\xF0\x9F\x87\xB3",
  "\xF0\x9F\x87\xBA\xF0\x9F\x87\xB3\xF0\x9F\x87\xBA x",
  "\xF0\x9F\x87\xBA \xF0\x9F\x87\xB3\xF0\x9F\x87\xBA\xF0\x9F\x87\xB3\xF0\x9F\x87\xBA",
  "\xF0\x9F\x91\xA9" ZWJ "\xF0\x9F\x8D\xB3\xF0\x9F\x91\xA9" ZWJ "\xF0\x9F\x8D\xB3",
  "a\xF0\x9F\x91\x8D" "b",
  "Hi \xF0\x9F\x91\x8B\xF0\x9F\x8F\xBD. Next",
  "Hi \xF0\x9F\x91\x8B\xF0\x9F\x8F\xBD. next",
  "It ended. \xF0\x9F\x91\x8D The next",
  "It ended. \xF0\x9F\x91\x8D the next",
  "It ended.\xF0\x9F\x91\x8D The next",
  "\xF0\x9F\x91\x8D. The \xF0\x9F\x87\xBA\xF0\x9F\x87\xB3. The \xF0\x9F\x91\xA9" ZWJ "\xF0\x9F\x8D\xB3! The",
  "\xE2\x9D\xA4" VS16 " love \xF0\x9F\x8F\xB3" VS16 ZWJ "\xF0\x9F\x8C\x88 pride",
  "\xF0\x9F\x91\xA8" ZWJ "\xF0\x9F\x91\xA9" ZWJ "\xF0\x9F\x91\xA7" ZWJ "\xF0\x9F\x91\xA6 family",
  "\xF0\x9F\x91\xA9\xF0\x9F\x8F\xBE" ZWJ "\xF0\x9F\x92\xBB" VS16 "x",
  "\xC2\xA9" VS16 " 2024 Brand\xE2\x84\xA2 x",
  "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0. \xD0\x9A\xD0\xB8\xD0\xB5\xD0\xB2",
  "\xCE\x91\xCE\xB8\xCE\xAE\xCE\xBD\xCE\xB1. \xCE\x97 \xCF\x80\xCF\x8C\xCE\xBB\xCE\xB7",
  "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D. \xD7\xA2\xD7\x95\xD7\x9C\xD7\x9D",
  "\xD7\x92'\xD7\x95\xD7\xA8\xD7\x92' x \xD7\x92'' \xD7\x92'1",
  "\xD7\xA6\xD7\x94\"\xD7\x9C said \xD7\xA6\xD7\x94\" \"\xD7\x9C \xD7\xA6\"\xD7\x94\"\xD7\x9C a\"\xD7\x9C",
  "\xC2\xAA. x \xC7\x85. X \xC7\x80.",
  "\xD8\xA8\xD8\x8C \xD8\xA8\xD8\x9F \xD8\xA8\xDB\x94 \xD8\xA8\xD8\x9B \xD9\xA1\xD8\x8C\xD9\xA2 1\xD8\x8C" "2",
};

static const char *const pango_cases[] = {
  ZWJ "\xF0\x9F\x91\x8D x",
  "\xF0\x9F\x91\x8D" ZWJ,
  "x \xF0\x9F\x91\x8D" ZWJ,
  "a" ZWJ "\xF0\x9F\x91\x8D",
  "\xF0\x9F\x91\x8D" ZWJ ZWJ "\xF0\x9F\x91\x8D",
  "\xF0\x9F\x91\x8D" ZWJ "a", "\xF0\x9F\x91\x8D" ZWJ RI_U RI_N,
  "a\xF0\x9F\x8F\xBD", " \xF0\x9F\x8F\xBD x", RI_U "\xF0\x9F\x8F\xBD", RI_U VS16,
  "x" VS16, "1" VS16 "\xE2\x83\xA3", "\xF0\x9F\x91\x8D\xEF\xB8\x8E",
  "\xE2\x98\x86" ZWJ "\xF0\x9F\x91\x8D",
  "\xD8\xA8\xD9\x8E", "\xD8\xA8\xD9\xB0", "\xD7\xA9\xD6\xBC",
  /* Terminators inside words. */
  "x.\xD8\xA8 x", "\xD8\xA8.\xD8\xA8 x", "\xD8\xA8.x y", "\xD7\xA9.\xD7\xA9",
};

static void
test_cases (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (fast_cases); i++)
    {
      guint n_fast = 0, n_pango = 0;

      assert_same (fast_cases[i], strlen (fast_cases[i]), &n_fast, &n_pango);
      if (n_pango != 0)
        g_error ("\"%s\" was left to Pango", fast_cases[i]);
      g_assert_cmpuint (n_fast, >, 0);
    }

  for (guint i = 0; i < G_N_ELEMENTS (pango_cases); i++)
    {
      guint n_fast = 0, n_pango = 0;

      assert_same (pango_cases[i], strlen (pango_cases[i]), &n_fast, &n_pango);
      if (n_fast != 0)
        g_error ("\"%s\" was not left to Pango", pango_cases[i]);
      g_assert_cmpuint (n_pango, >, 0);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tokenizer-diff/alphabet", test_alphabet);
  g_test_add_func ("/tokenizer-diff/cases", test_cases);
  g_test_add_func ("/tokenizer-diff/sample-corpus", test_sample_corpus);
  g_test_add_func ("/tokenizer-diff/random-dense", test_random_dense);
  g_test_add_func ("/tokenizer-diff/random-foreign", test_random_foreign);
  g_test_add_func ("/tokenizer-diff/random-prose", test_random_prose);
  g_test_add_func ("/tokenizer-diff/random-clusters", test_random_clusters);
  g_test_add_func ("/tokenizer-diff/long-paragraphs", test_long_paragraphs);

  return g_test_run ();
}
