/* gloss-export.h: labeled datasets out of a corpus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gloss-annotation-set.h"

G_BEGIN_DECLS

/* docs/export-formats.md describes every format exactly. */

#define GLOSS_EXPORT_ERROR (gloss_export_error_quark ())

typedef enum
{
  GLOSS_EXPORT_ERROR_FAILED,        /* writing the output failed */
  GLOSS_EXPORT_ERROR_OPTION,        /* an option does not fit the format */
  GLOSS_EXPORT_ERROR_EXISTS,        /* a folder output exists and is not empty */
  GLOSS_EXPORT_ERROR_PARTIAL_TOKEN, /* a span cuts through a token (--partial=error) */
  GLOSS_EXPORT_ERROR_CORPUS,        /* the corpus folder cannot be listed */
} GlossExportError;

typedef enum
{
  GLOSS_EXPORT_CONLL,
  GLOSS_EXPORT_JSONL,
  GLOSS_EXPORT_BRAT,
  GLOSS_EXPORT_W3C,
  GLOSS_EXPORT_WEBANNO_TSV,
  GLOSS_EXPORT_CSV,
} GlossExportFormat;

#define GLOSS_EXPORT_N_FORMATS (GLOSS_EXPORT_CSV + 1)

typedef enum
{
  GLOSS_EXPORT_SCHEME_IOB2,
  GLOSS_EXPORT_SCHEME_BIOES,
} GlossExportScheme;

/* What to do with a span that cuts through a token (CoNLL, WebAnno TSV). */
typedef enum
{
  GLOSS_EXPORT_PARTIAL_ERROR, /* stop, naming the span and the token */
  GLOSS_EXPORT_PARTIAL_SKIP,  /* leave the span out, with a warning */
} GlossExportPartial;

/* All zeros (GLOSS_EXPORT_OPTIONS_INIT) are the defaults. The strings are
 * copied by gloss_exporter_new() and gloss_export_corpus*(). */
typedef struct
{
  const char         *annotator;  /* one annotator's sidecars */
  gboolean            gold;       /* the adjudicated sidecars; neither: every sidecar */
  const char * const *types;      /* entity type ids and "claim" to keep; NULL: all */
  GlossExportScheme   scheme;     /* conll */
  guint               layers;     /* conll: tag columns; 0 means 1 */
  GlossExportPartial  partial;    /* conll, webanno-tsv */
  gboolean            bom;        /* csv: begin with a UTF-8 byte-order mark */
  const char         *base;       /* w3c: base IRI; NULL: the corpus folder's */
} GlossExportOptions;

#define GLOSS_EXPORT_OPTIONS_INIT { NULL, FALSE, NULL, 0, 0, 0, FALSE, NULL }

/* What an export did. */
typedef struct
{
  guint      n_documents;        /* documents written */
  guint      n_articles_skipped; /* articles without a sidecar of the chosen annotator */
  guint      n_entities;
  guint      n_claims;
  guint      n_relations;
  guint      n_left_out;         /* annotations left out (see warnings) */
  guint64    n_bytes;            /* bytes written */
  GPtrArray *warnings;           /* char *: "SIDECAR: message" */
} GlossExportSummary;

void                gloss_export_summary_free        (GlossExportSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossExportSummary, gloss_export_summary_free)

GQuark              gloss_export_error_quark         (void);

/* "conll", "jsonl", "brat", "w3c", "webanno-tsv", "csv" */
const char         *gloss_export_format_to_string    (GlossExportFormat format);
gboolean            gloss_export_format_from_string  (const char        *name,
                                                      GlossExportFormat *format);
/* TRUE when the output is a folder (brat, webanno-tsv), FALSE for a file. */
gboolean            gloss_export_format_is_folder    (GlossExportFormat format);

/* Streaming: one document at a time, nothing of the corpus is held.
 * The output is written to a temporary file or folder beside @out and
 * renamed to @out by gloss_exporter_finish(); gloss_exporter_free() of an
 * unfinished exporter removes the temporary output. @out NULL writes a
 * file format to standard output. Not thread-safe; any one thread. */
typedef struct _GlossExporter GlossExporter;

GlossExporter      *gloss_exporter_new               (GlossExportFormat         format,
                                                      const GlossExportOptions *options,
                                                      GFile                    *out,
                                                      GError                  **error);
/* With every annotator's sidecars in one export, folder formats put each
 * annotator's documents in a sub-folder. Call before the first add. */
void                gloss_exporter_set_per_annotator (GlossExporter            *self,
                                                      gboolean                  per_annotator);
/* Writes one document: the set's article with its annotations, filtered
 * by the options. On failure nothing more can be added. */
gboolean            gloss_exporter_add               (GlossExporter            *self,
                                                      GlossAnnotationSet       *set,
                                                      GError                  **error);
gboolean            gloss_exporter_finish            (GlossExporter            *self,
                                                      GError                  **error);
const GlossExportSummary *gloss_exporter_get_summary (GlossExporter            *self);
void                gloss_exporter_free              (GlossExporter            *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossExporter, gloss_exporter_free)

/* Called before each document: @done documents are written of @total. */
typedef void (*GlossExportProgressFunc) (guint       done,
                                         guint       total,
                                         const char *article,
                                         gpointer    user_data);

/* Exports the corpus folder @corpus: its articles (*.txt, sorted by name)
 * with the sidecars the options choose, loaded one at a time with the
 * folder's tagset. Returns a summary, or NULL with @error set (and no
 * output left behind). */
GlossExportSummary *gloss_export_corpus              (GFile                    *corpus,
                                                      GlossExportFormat         format,
                                                      const GlossExportOptions *options,
                                                      GFile                    *out,
                                                      GlossExportProgressFunc   progress,
                                                      gpointer                  progress_data,
                                                      GCancellable             *cancellable,
                                                      GError                  **error);
/* The same in a worker thread; @progress runs in the thread-default main
 * context of the caller. Cancelling leaves no output. */
void                gloss_export_corpus_async        (GFile                    *corpus,
                                                      GlossExportFormat         format,
                                                      const GlossExportOptions *options,
                                                      GFile                    *out,
                                                      GlossExportProgressFunc   progress,
                                                      gpointer                  progress_data,
                                                      GDestroyNotify            progress_destroy,
                                                      GCancellable             *cancellable,
                                                      GAsyncReadyCallback       callback,
                                                      gpointer                  user_data);
GlossExportSummary *gloss_export_corpus_finish       (GAsyncResult             *result,
                                                      GError                  **error);

G_END_DECLS
