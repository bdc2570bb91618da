/* gloss-import-private.h: what the import readers share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gloss-import.h"

G_BEGIN_DECLS

typedef enum
{
  GLOSS_IMPORT_TYPE_FOUND,
  GLOSS_IMPORT_TYPE_SKIP,    /* mapped to "" or unknown with skip_unknown_types */
  GLOSS_IMPORT_TYPE_UNKNOWN,
} GlossImportTypeResult;

/* The pseudo-type of claims in formats that carry them as typed spans. */
#define GLOSS_IMPORT_CLAIM_TYPE "claim"

void                   _gloss_import_set_error        (GError           **error,
                                                       GlossImportError   code,
                                                       const char        *filename,
                                                       guint              line,
                                                       const char        *format,
                                                       ...) G_GNUC_PRINTF (5, 6);
void                   _gloss_import_warn             (GlossImportedDocument *document,
                                                       const char        *filename,
                                                       guint              line,
                                                       const char        *format,
                                                       ...) G_GNUC_PRINTF (4, 5);

/* Lower case, with "_" and " " as "-": how foreign names are compared
 * with the tagset's ids and labels. */
char                  *_gloss_import_normalize_name   (const char        *name);

/* Resolves @foreign to an entity type id of the tagset (or to
 * GLOSS_IMPORT_CLAIM_TYPE when @allow_claim): the type map first, then the
 * ids, then the labels, then common NER tag names (PER, ORG, LOC…). On
 * UNKNOWN @error says what to do; on SKIP *@id is NULL. */
GlossImportTypeResult  _gloss_import_resolve_type     (const GlossImportOptions *options,
                                                       const char        *foreign,
                                                       gboolean           allow_claim,
                                                       const char       **id,
                                                       const char        *filename,
                                                       guint              line,
                                                       GError           **error);
GlossImportTypeResult  _gloss_import_resolve_relation (const GlossImportOptions *options,
                                                       const char        *foreign,
                                                       const char       **id,
                                                       const char        *filename,
                                                       guint              line,
                                                       GError           **error);
/* An attribute by id or label (any case), and one of its values by id or
 * label. Returns NULL with @error set when the tagset has no such
 * attribute or value. */
const GlossAttributeDef *_gloss_import_resolve_attribute (GlossTagset    *tagset,
                                                       const char        *name,
                                                       const char        *value,
                                                       const char       **value_id,
                                                       const char        *filename,
                                                       guint              line,
                                                       GError           **error);

/* "dir/Some Name.html" -> "Some Name.txt": the base name with @strip_suffix
 * (if it ends so) replaced by ".txt"; NULL when nothing usable is left. */
char                  *_gloss_import_article_name     (const char        *filename,
                                                       const char        *strip_suffix);
/* Whether @name can be a file in the corpus folder: no "/", not hidden. */
gboolean               _gloss_import_name_is_safe     (const char        *name);

GlossImportedDocument *_gloss_import_document_new     (const char        *name,
                                                       GlossDocument     *document);
/* A document named @name from @bytes, converted from @encoding when it is
 * not NULL; an error names @filename and the line of the first bad byte. */
GlossDocument         *_gloss_import_load_text        (GBytes            *bytes,
                                                       const char        *name,
                                                       const char        *filename,
                                                       const char        *encoding,
                                                       GError           **error);
/* 1-based line of @position in @text. */
guint                  _gloss_import_line_of          (const char        *text,
                                                       const char        *position);
/* An empty annotation set for the options' annotator, or NULL with @error
 * set when no annotator was given. */
GlossAnnotationSet    *_gloss_import_new_set          (GlossDocument     *document,
                                                       const GlossImportOptions *options,
                                                       const char        *fallback_annotator,
                                                       const char        *filename,
                                                       guint              line,
                                                       GError           **error);
/* Hands @document to @func; frees it when @func fails. */
gboolean               _gloss_import_deliver          (GlossImportedDocument *document,
                                                       GlossImportFunc    func,
                                                       gpointer           user_data,
                                                       GError           **error);

G_END_DECLS
