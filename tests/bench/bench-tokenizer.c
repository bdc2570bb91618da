/* bench-tokenizer.c: tokens per second, built-in segmenter against Pango
 *
 * Walks every token of a 10 MB English-like article (the text of
 * bench-review), of a 10 MB news-like article with Vietnamese and Arabic
 * names and emoji (the text of bench-export) and of the sample corpus,
 * once with the default path and once with Pango only, then takes them
 * all in one go as the exports do (_gloss_tokenizer_collect()), and
 * prints "figure: NAME = VALUE UNIT" lines (medians of the runs,
 * processor time) with the share of pieces that the built-in segmenter
 * took.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-bench-tokenizer"

#include "config.h"

#include <string.h>
#include <time.h>

#include "gloss-tokenizer-private.h"

#define ARTICLE_BYTES (10 * 1024 * 1024)
#define REPEATS 5

static const char *words[] = {
  "the", "minister", "said", "harbour", "strike", "would", "end", "by", "Friday",
  "union", "officials", "estimated", "that", "wages", "rose", "per", "cent", "in",
  "Valmora", "council", "budget", "report", "denied", "claims", "about", "water",
  "plant", "opened", "on", "Monday", "delegates", "voted", "to", "accept", "offer",
};

/* The words of bench-export: names in other scripts, a flag, a ZWJ
 * sequence. */
static const char *news_words[] = {
  "the", "minister", "said", "harbour", "strike", "would", "end", "by", "Friday",
  "union", "officials", "estimated", "that", "wages", "rose", "per", "cent", "in",
  "Valmora", "Zo\xC3\xAB", "S\xC3\xA3o", "Tom\xC3\xA9", "Nguy\xE1\xBB\x85n",
  "\xD8\xA7\xD9\x84\xD9\x82\xD8\xA7\xD9\x87\xD8\xB1\xD8\xA9", "council", "budget",
  "\xF0\x9F\x87\xBA\xF0\x9F\x87\xB3", "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x8D\xB3",
  "report", "denied", "claims", "about", "water", "plant", "opened", "on",
};

static double
cpu_now (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
compare_doubles (const void *a,
                 const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

static gboolean
count_token (guint    start,
             guint    end,
             gboolean starts_sentence,
             gpointer user_data)
{
  guint *n = user_data;

  (void) start;
  (void) end;
  (void) starts_sentence;
  (*n)++;

  return TRUE;
}

/* Median seconds to walk all tokens of @docs with @path. */
static double
measure (GPtrArray          *docs,
         GlossTokenizerPath  path,
         guint              *n_tokens,
         guint              *n_fast,
         guint              *n_pango)
{
  double times[REPEATS];

  for (guint r = 0; r < REPEATS; r++)
    {
      double t0 = cpu_now ();

      *n_tokens = *n_fast = *n_pango = 0;
      for (guint d = 0; d < docs->len; d++)
        {
          g_autoptr(GlossTokenizer) tok = gloss_tokenizer_new (docs->pdata[d]);
          guint f, p;

          gloss_tokenizer_set_path (tok, path);
          gloss_tokenizer_foreach (tok, 0, G_MAXUINT, count_token, n_tokens);
          gloss_tokenizer_get_counts (tok, &f, &p);
          *n_fast += f;
          *n_pango += p;
        }
      times[r] = cpu_now () - t0;
    }

  qsort (times, REPEATS, sizeof (double), compare_doubles);
  return times[REPEATS / 2];
}

/* Median seconds to take all tokens of @docs in one go, as the exports
 * do, with the default path. */
static double
measure_collect (GPtrArray *docs,
                 guint     *n_tokens)
{
  double times[REPEATS];
  g_autoptr(GArray) tokens = g_array_new (FALSE, FALSE, sizeof (GlossTokenizerToken));

  for (guint r = 0; r < REPEATS; r++)
    {
      double t0 = cpu_now ();

      *n_tokens = 0;
      for (guint d = 0; d < docs->len; d++)
        {
          g_autoptr(GlossTokenizer) tok = gloss_tokenizer_new (docs->pdata[d]);

          g_array_set_size (tokens, 0);
          _gloss_tokenizer_collect (tok, tokens);
          *n_tokens += tokens->len;
        }
      times[r] = cpu_now () - t0;
    }

  qsort (times, REPEATS, sizeof (double), compare_doubles);
  return times[REPEATS / 2];
}

static void
run (const char *name,
     GPtrArray  *docs,
     gsize       bytes)
{
  guint n_tokens, n_fast, n_pango;
  guint n_tokens_pango, unused_fast, unused_pango;
  guint n_tokens_collect;
  double fast, pango, collect;

  fast = measure (docs, GLOSS_TOKENIZER_PATH_AUTO, &n_tokens, &n_fast, &n_pango);
  pango = measure (docs, GLOSS_TOKENIZER_PATH_PANGO, &n_tokens_pango, &unused_fast, &unused_pango);
  collect = measure_collect (docs, &n_tokens_collect);
  g_assert (n_tokens == n_tokens_pango);
  g_assert (n_tokens == n_tokens_collect);

  g_print ("# %s: %.2f MB, %u tokens; %u pieces built in, %u by Pango\n",
           name, bytes / 1e6, n_tokens, n_fast, n_pango);
  g_print ("figure: %s-fast = %.1f ms\n", name, fast * 1e3);
  g_print ("figure: %s-pango = %.1f ms\n", name, pango * 1e3);
  g_print ("figure: %s-fast-tokens = %.2f Mtokens/s\n", name, n_tokens / fast / 1e6);
  g_print ("figure: %s-pango-tokens = %.2f Mtokens/s\n", name, n_tokens / pango / 1e6);
  g_print ("figure: %s-fast-throughput = %.1f MB/s\n", name, bytes / fast / 1e6);
  g_print ("figure: %s-pango-throughput = %.1f MB/s\n", name, bytes / pango / 1e6);
  g_print ("figure: %s-speedup = %.1f x\n", name, pango / fast);
  g_print ("figure: %s-collect = %.1f ms\n", name, collect * 1e3);
  g_print ("figure: %s-collect-throughput = %.1f MB/s\n", name, bytes / collect / 1e6);
  g_print ("figure: %s-fast-share = %.1f %%\n", name,
           n_fast + n_pango > 0 ? 100.0 * n_fast / (n_fast + n_pango) : 0.0);
}

static GlossDocument *
document_new (const char *name,
              const char *text,
              gsize       len)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, len);
  g_autoptr(GError) error = NULL;
  GlossDocument *doc = gloss_document_new_from_bytes (name, bytes, &error);

  g_assert_no_error (error);
  return doc;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) article = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) corpus = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GString) text = g_string_sized_new (ARTICLE_BYTES + 64);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autofree char *folder = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *root = g_getenv ("GLOSS_SOURCE_ROOT");
  const char *name;
  gsize corpus_bytes = 0;
  guint in_paragraph = 0;

  (void) argc;
  (void) argv;

  /* As bench-review: paragraphs of 120 words on one long text. */
  while (text->len < ARTICLE_BYTES)
    {
      g_string_append (text, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
      if (++in_paragraph == 120)
        {
          g_string_append (text, ".\n\n");
          in_paragraph = 0;
        }
      else
        g_string_append_c (text, ' ');
    }
  g_string_append_c (text, '\n');
  g_ptr_array_add (article, document_new ("article.txt", text->str, text->len));
  run ("article", article, text->len);

  /* The same words without line breaks: one paragraph cut in pieces. */
  g_strdelimit (text->str, "\n", ' ');
  g_ptr_array_set_size (article, 0);
  g_ptr_array_add (article, document_new ("one-line.txt", text->str, text->len));
  run ("one-line", article, text->len);

  /* As bench-export: sentences of nine words or more, one paragraph
   * break in four sentence ends. */
  g_string_truncate (text, 0);
  in_paragraph = 0;
  while (text->len < ARTICLE_BYTES)
    {
      g_string_append (text, news_words[g_rand_int_range (rand, 0, G_N_ELEMENTS (news_words))]);
      if (++in_paragraph > 8 && g_rand_int_range (rand, 0, 6) == 0)
        {
          g_string_append (text, g_rand_int_range (rand, 0, 4) == 0 ? ".\n\n" : ". ");
          in_paragraph = 0;
        }
      else
        g_string_append_c (text, ' ');
    }
  g_string_append (text, ".\n");
  g_ptr_array_set_size (article, 0);
  g_ptr_array_add (article, document_new ("news.txt", text->str, text->len));
  run ("news", article, text->len);

  folder = g_build_filename (root != NULL ? root : ".", "data", "sample-corpus", NULL);
  dir = g_dir_open (folder, 0, NULL);
  if (dir == NULL)
    {
      g_printerr ("No sample corpus at %s; set GLOSS_SOURCE_ROOT\n", folder);
      return 1;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (folder, name, NULL);
      g_autofree char *contents = NULL;
      gsize len;

      if (!g_str_has_suffix (name, ".txt") ||
          !g_file_get_contents (path, &contents, &len, NULL))
        continue;
      /* Many copies, so that the times are measurable. */
      for (guint r = 0; r < 100; r++)
        g_ptr_array_add (corpus, document_new (name, contents, len));
      corpus_bytes += 100 * len;
    }
  run ("sample-corpus", corpus, corpus_bytes);

  return 0;
}
