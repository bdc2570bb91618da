/* gloss-corpus.h: a folder of articles and how far each annotator got
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gloss-tagset.h"

G_BEGIN_DECLS

/* One annotator's sidecar for one article.
 *
 * Progress is the share of the article's paragraphs (runs of non-blank
 * lines, separated by blank lines) that hold at least one entity or claim
 * of the annotator: annotators usually work from the top, so this says how
 * far they got, and a paragraph without any mark is where to look next.
 * The counts are those of a full load of the sidecar (validated against the
 * schema, the tagset and the article). */
typedef struct
{
  const char *annotator_id;
  GFile      *file;                   /* the sidecar */
  gboolean    loaded;                 /* FALSE until the sidecar has been read */
  gboolean    counted;                /* TRUE when the counts below are known */
  const char *error;                  /* "FILE:LINE: problem" when it does not load, else NULL */
  gboolean    article_changed;        /* the sidecar was made on another version of the text */
  guint       n_entities;
  guint       n_claims;
  guint       n_relations;
  guint       n_unanchored;           /* spans whose quote no longer matches the text */
  guint       n_paragraphs;           /* of the article */
  guint       n_paragraphs_annotated;
} GlossAnnotatorProgress;

/* n_paragraphs_annotated / n_paragraphs, 0 when not counted or empty. */
double gloss_annotator_progress_get_fraction (const GlossAnnotatorProgress *progress);

#define GLOSS_TYPE_CORPUS_ITEM (gloss_corpus_item_get_type ())
G_DECLARE_FINAL_TYPE (GlossCorpusItem, gloss_corpus_item, GLOSS, CORPUS_ITEM, GObject)

/* An item emits "changed" whenever its annotators or their progress change
 * (and notifies "loaded", "error", "n-annotators" as they do). */
GFile                        *gloss_corpus_item_get_file             (GlossCorpusItem *self);
/* The article's file name, e.g. "treaty-ratified.txt". */
const char                   *gloss_corpus_item_get_name             (GlossCorpusItem *self);
/* A key that sorts names as a file manager does (numbers by value). */
const char                   *gloss_corpus_item_get_sort_key         (GlossCorpusItem *self);
/* TRUE once the article and every sidecar of it have been read. */
gboolean                      gloss_corpus_item_get_loaded           (GlossCorpusItem *self);
/* Why the article itself could not be read, naming the file; NULL if it could. */
const char                   *gloss_corpus_item_get_error            (GlossCorpusItem *self);
/* Paragraphs of the article (0 until loaded). */
guint                         gloss_corpus_item_get_n_paragraphs     (GlossCorpusItem *self);
/* Annotators, sorted by id. The pointers stay valid until the next "changed". */
guint                         gloss_corpus_item_get_n_annotators     (GlossCorpusItem *self);
const GlossAnnotatorProgress *gloss_corpus_item_get_annotator        (GlossCorpusItem *self,
                                                                      guint            index);
const GlossAnnotatorProgress *gloss_corpus_item_lookup_annotator     (GlossCorpusItem *self,
                                                                      const char      *annotator_id);
/* TRUE if some sidecar of the article does not load (see each progress). */
gboolean                      gloss_corpus_item_has_problems         (GlossCorpusItem *self);

#define GLOSS_TYPE_CORPUS (gloss_corpus_get_type ())
G_DECLARE_FINAL_TYPE (GlossCorpus, gloss_corpus, GLOSS, CORPUS, GObject)

/* A GListModel of GlossCorpusItem, one per "*.txt" article of the folder
 * (hidden files excepted), sorted by name as a file manager sorts them.
 * Reading happens in worker threads: the list fills first, then the counts
 * arrive item by item ("loading" is TRUE until they are all in). The folder
 * is watched: articles and sidecars that appear, disappear or change update
 * the list shortly after. */
GlossCorpus     *gloss_corpus_new                (GFile               *folder);
/* Completes once the folder has been listed (counts may still be coming);
 * fails when the folder cannot be read. */
void             gloss_corpus_load_async         (GlossCorpus         *self,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
gboolean         gloss_corpus_load_finish        (GlossCorpus         *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);
GFile           *gloss_corpus_get_folder         (GlossCorpus         *self);
/* The folder's tagset (or the built-in one); NULL before loading or when
 * the folder's gloss-tagset.xml is broken (see gloss_corpus_get_error). */
GlossTagset     *gloss_corpus_get_tagset         (GlossCorpus         *self);
/* A problem of the whole corpus (broken tagset, unreadable folder), or NULL.
 * While the tagset is broken, sidecars are only checked by their header. */
const char      *gloss_corpus_get_error          (GlossCorpus         *self);
gboolean         gloss_corpus_get_loading        (GlossCorpus         *self);
/* The item of @file (an article of the folder, or a sidecar of one), or NULL. */
GlossCorpusItem *gloss_corpus_find               (GlossCorpus         *self,
                                                  GFile               *file,
                                                  guint               *position);
/* Lists the folder again now instead of waiting for the monitor. */
void             gloss_corpus_refresh            (GlossCorpus         *self);

G_END_DECLS
