/* gloss-tokenizer-private.h: the tokenizer for the exports, tests and benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gloss-tokenizer.h"

G_BEGIN_DECLS

/* How pieces of text are segmented. AUTO (the default) uses the built-in
 * segmenter for paragraphs whose every character it knows and Pango for
 * the others; PANGO always uses Pango. The two give the same tokens and
 * sentence starts, which the tests check. */
typedef enum
{
  GLOSS_TOKENIZER_PATH_AUTO,
  GLOSS_TOKENIZER_PATH_PANGO,
} GlossTokenizerPath;

/* Drops what was computed, so that the next queries use @path. */
void  gloss_tokenizer_set_path      (GlossTokenizer     *self,
                                     GlossTokenizerPath  path);
/* How many pieces each path has segmented since the tokenizer was made. */
void  gloss_tokenizer_get_counts    (GlossTokenizer     *self,
                                     guint              *n_fast,
                                     guint              *n_pango);
/* Whether the built-in segmenter handles @c, context aside: a "\r" is only
 * accepted as the last character of a paragraph, U+FE0F and the skin-tone
 * modifiers only after an emoji, and U+200D ZERO WIDTH JOINER only between
 * two emoji. */
gboolean gloss_tokenizer_fast_accepts (gunichar c);

/* A token as _gloss_tokenizer_collect() stores it. */
typedef struct
{
  guint    start;
  guint    end;
  gboolean starts_sentence;
} GlossTokenizerToken;

/* Appends every token of the document to @tokens (a GArray of
 * GlossTokenizerToken), as gloss_tokenizer_foreach() gives them over the
 * whole text, without a call per token: for the exports. */
void  _gloss_tokenizer_collect      (GlossTokenizer     *self,
                                     GArray             *tokens);

G_END_DECLS
