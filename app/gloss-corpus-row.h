/* gloss-corpus-row.h: one article of the corpus sidebar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gloss-corpus.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_CORPUS_ROW (gloss_corpus_row_get_type ())
G_DECLARE_FINAL_TYPE (GlossCorpusRow, gloss_corpus_row, GLOSS, CORPUS_ROW, GtkWidget)

/* The article's name and, per annotator (the current one first), a bar of
 * how far they got with their counts; follows the item's "changed". */
GtkWidget *gloss_corpus_row_new           (void);
void       gloss_corpus_row_set_item      (GlossCorpusRow  *self,
                                           GlossCorpusItem *item);
void       gloss_corpus_row_set_annotator (GlossCorpusRow  *self,
                                           const char      *annotator_id);

G_END_DECLS
