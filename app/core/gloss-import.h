/* gloss-import.h: articles and annotations from brat, JSONL, CoNLL, text and HTML
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gloss-annotation-set.h"
#include "gloss-document.h"
#include "gloss-tagset.h"

G_BEGIN_DECLS

#define GLOSS_IMPORT_ERROR (gloss_import_error_quark ())

typedef enum
{
  GLOSS_IMPORT_ERROR_MALFORMED,     /* the input does not follow its format */
  GLOSS_IMPORT_ERROR_UNKNOWN_TYPE,  /* a type the tagset lacks and no mapping covers */
  GLOSS_IMPORT_ERROR_MISMATCH,      /* a quoted text differs from the article there */
  GLOSS_IMPORT_ERROR_OFFSETS,       /* outside the text, or start >= end */
  GLOSS_IMPORT_ERROR_UNSUPPORTED,   /* e.g. a discontinuous span, refused */
  GLOSS_IMPORT_ERROR_ENCODING,      /* not UTF-8, or cannot be converted */
  GLOSS_IMPORT_ERROR_EXISTS,        /* the destination already has the file */
  GLOSS_IMPORT_ERROR_DUPLICATE,     /* two inputs give the same article name */
  GLOSS_IMPORT_ERROR_IO,
} GlossImportError;

typedef enum
{
  GLOSS_IMPORT_FORMAT_BRAT,
  GLOSS_IMPORT_FORMAT_JSONL,
  GLOSS_IMPORT_FORMAT_CONLL,
  GLOSS_IMPORT_FORMAT_TEXT,
  GLOSS_IMPORT_FORMAT_HTML,
} GlossImportFormat;

/* How to read the inputs. Zero-initialise, then set at least @tagset. */
typedef struct
{
  GlossTagset *tagset;             /* types and attributes are checked against it */
  const char  *annotator_id;       /* whose sidecars; NULL: JSONL's meta.annotator */
  const char  *annotator_name;     /* may be NULL */
  GHashTable  *type_map;           /* foreign type -> tagset id, "" to skip; may be NULL */
  gboolean     skip_unknown_types; /* drop (with a warning) instead of failing */
  gboolean     cover_discontinuous;/* brat: one span over all fragments, with a warning */
  gboolean     conll_lenient;      /* conlleval: an I- tag without B- starts an entity */
  guint        conll_column;       /* 1-based column of the tag; 0 = the last one */
  const char  *encoding;           /* text, HTML: convert from this encoding */
} GlossImportOptions;

/* One article read from an input, with its annotations. */
typedef struct
{
  char               *name;        /* the article's file name in the corpus: "NAME.txt" */
  GlossDocument      *document;    /* its text; saved with a BOM if it has one */
  GlossAnnotationSet *annotations; /* NULL: write no sidecar */
  char               *origin;      /* HTML: the lines of NAME.txt.origin; else NULL */
  GPtrArray          *warnings;    /* char *: "FILE:LINE: message" */
} GlossImportedDocument;

/* Receives each document as soon as it is read; takes ownership. */
typedef gboolean (*GlossImportFunc) (GlossImportedDocument *document,
                                     gpointer               user_data,
                                     GError               **error);

/* Suffix of the file that records where an HTML article came from. */
#define GLOSS_IMPORT_ORIGIN_SUFFIX ".origin"

GQuark                 gloss_import_error_quark        (void);

gboolean               gloss_import_format_from_string (const char         *name,
                                                        GlossImportFormat  *format);
const char            *gloss_import_format_to_string   (GlossImportFormat   format);

void                   gloss_imported_document_free    (GlossImportedDocument *document);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossImportedDocument, gloss_imported_document_free)

/* Reads "FOREIGN = ID" lines (ID empty to skip the type; "#" starts a
 * comment) into @map (char * -> char *, both owned by the table). */
gboolean               gloss_import_parse_type_map     (GHashTable         *map,
                                                        GBytes             *bytes,
                                                        const char         *filename,
                                                        GError            **error);
GHashTable            *gloss_import_type_map_new       (void);

/* Readers: bytes in, documents out through @func. @filename names the
 * input in messages ("FILE:LINE: problem"). On failure @error is set and
 * the documents already handed over are the caller's to drop. */
gboolean               gloss_import_brat               (GBytes             *text,
                                                        const char         *text_filename,
                                                        GBytes             *ann,
                                                        const char         *ann_filename,
                                                        const GlossImportOptions *options,
                                                        GlossImportFunc     func,
                                                        gpointer            user_data,
                                                        GError            **error);
gboolean               gloss_import_jsonl              (GBytes             *bytes,
                                                        const char         *filename,
                                                        const GlossImportOptions *options,
                                                        GlossImportFunc     func,
                                                        gpointer            user_data,
                                                        GError            **error);
gboolean               gloss_import_conll              (GBytes             *bytes,
                                                        const char         *filename,
                                                        const GlossImportOptions *options,
                                                        GlossImportFunc     func,
                                                        gpointer            user_data,
                                                        GError            **error);
gboolean               gloss_import_text               (GBytes             *bytes,
                                                        const char         *filename,
                                                        const GlossImportOptions *options,
                                                        GlossImportFunc     func,
                                                        gpointer            user_data,
                                                        GError            **error);
gboolean               gloss_import_html               (GBytes             *bytes,
                                                        const char         *filename,
                                                        const GlossImportOptions *options,
                                                        GlossImportFunc     func,
                                                        gpointer            user_data,
                                                        GError            **error);

/* Writing into a corpus folder, all or nothing: documents are written into
 * a temporary folder inside @folder as they come, and moved into place
 * only by commit. Freeing an uncommitted writer removes what it wrote and
 * leaves @folder as it was (and removes @folder if the writer made it). */
typedef struct _GlossImportWriter GlossImportWriter;

GlossImportWriter     *gloss_import_writer_new         (GFile              *folder,
                                                        gboolean            force,
                                                        GError            **error);
/* Takes ownership of @document. Fails when one of its files exists in the
 * folder (unless force, or the article there has the very same bytes) or
 * an earlier document had the same name. */
gboolean               gloss_import_writer_add         (GlossImportWriter  *self,
                                                        GlossImportedDocument *document,
                                                        GError            **error);
guint                  gloss_import_writer_get_n_documents (GlossImportWriter *self);
gboolean               gloss_import_writer_commit      (GlossImportWriter  *self,
                                                        GError            **error);
void                   gloss_import_writer_free        (GlossImportWriter  *self);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossImportWriter, gloss_import_writer_free)

G_END_DECLS
