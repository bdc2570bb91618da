/* gloss-tokenizer.h: words and sentences of a document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gloss-document.h"

G_BEGIN_DECLS

/* Tokens are the units that selection snaps to and that the CoNLL export
 * writes one per line: words by Unicode word segmentation (UAX #29, as
 * Pango computes it), and every other non-space character (punctuation,
 * symbols, emoji) as a token of its own; a grapheme cluster (a letter with
 * its combining marks, an emoji ZWJ sequence, a flag) is never split.
 * Sentences follow Unicode sentence segmentation within a paragraph.
 * Offsets are code points. */

typedef gboolean (*GlossTokenFunc) (guint    start,
                                    guint    end,
                                    gboolean starts_sentence,
                                    gpointer user_data);

#define GLOSS_TYPE_TOKENIZER (gloss_tokenizer_get_type ())
G_DECLARE_FINAL_TYPE (GlossTokenizer, gloss_tokenizer, GLOSS, TOKENIZER, GObject)

GlossTokenizer *gloss_tokenizer_new          (GlossDocument  *document);
GlossDocument  *gloss_tokenizer_get_document (GlossTokenizer *self);

/* The token that contains @offset; FALSE when @offset is in white space
 * or at the end of the text. */
gboolean        gloss_tokenizer_token_at     (GlossTokenizer *self,
                                              guint           offset,
                                              guint          *start,
                                              guint          *end);
/* Widens [start, end) to whole tokens and trims white space at both ends;
 * FALSE (and nothing set) when the range holds no token. */
gboolean        gloss_tokenizer_snap         (GlossTokenizer *self,
                                              guint           start,
                                              guint           end,
                                              guint          *snapped_start,
                                              guint          *snapped_end);
/* The first token starting at or after @offset / ending at or before it. */
gboolean        gloss_tokenizer_next_token   (GlossTokenizer *self,
                                              guint           offset,
                                              guint          *start,
                                              guint          *end);
gboolean        gloss_tokenizer_prev_token   (GlossTokenizer *self,
                                              guint           offset,
                                              guint          *start,
                                              guint          *end);
gboolean        gloss_tokenizer_is_token_boundary (GlossTokenizer *self,
                                              guint           offset);
/* Calls @func for each token overlapping [start, end) in order; stops when
 * it returns FALSE. */
void            gloss_tokenizer_foreach      (GlossTokenizer *self,
                                              guint           start,
                                              guint           end,
                                              GlossTokenFunc  func,
                                              gpointer        user_data);

G_END_DECLS
