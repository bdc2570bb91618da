/* gloss-document.h: one article's text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gloss-types.h"

G_BEGIN_DECLS

#define GLOSS_DOCUMENT_ERROR (gloss_document_error_quark ())

typedef enum
{
  GLOSS_DOCUMENT_ERROR_INVALID_UTF8,
  GLOSS_DOCUMENT_ERROR_CONVERSION,
  GLOSS_DOCUMENT_ERROR_TOO_LARGE,
} GlossDocumentError;

/* Articles larger than this are refused rather than half-loaded. */
#define GLOSS_DOCUMENT_MAX_BYTES ((gsize) 512 * 1024 * 1024)

#define GLOSS_TYPE_DOCUMENT (gloss_document_get_type ())
G_DECLARE_FINAL_TYPE (GlossDocument, gloss_document, GLOSS, DOCUMENT, GObject)

GQuark         gloss_document_error_quark           (void);

GlossDocument *gloss_document_new_from_bytes        (const char    *name,
                                                     GBytes        *bytes,
                                                     GError       **error);
GlossDocument *gloss_document_new_from_bytes_converted (const char *name,
                                                     GBytes        *bytes,
                                                     const char    *encoding,
                                                     GError       **error);
GlossDocument *gloss_document_load                  (GFile         *file,
                                                     GCancellable  *cancellable,
                                                     GError       **error);
void           gloss_document_load_async            (GFile              *file,
                                                     GCancellable       *cancellable,
                                                     GAsyncReadyCallback callback,
                                                     gpointer            user_data);
GlossDocument *gloss_document_load_finish           (GAsyncResult  *result,
                                                     GError       **error);

/* Lines end at "\n"; a "\r" before it stays part of the text (CRLF is kept
 * as is) and counts as the last column of its line. Lines and columns are
 * 0-based here, like GtkTextIter; messages for people print them 1-based. */

GFile         *gloss_document_get_file              (GlossDocument *self);
const char    *gloss_document_get_name              (GlossDocument *self);
const char    *gloss_document_get_text              (GlossDocument *self,
                                                     gsize         *n_bytes);
guint          gloss_document_get_length            (GlossDocument *self);
const char    *gloss_document_get_sha256            (GlossDocument *self);
gboolean       gloss_document_has_bom               (GlossDocument *self);
guint          gloss_document_get_line_count        (GlossDocument *self);

gsize          gloss_document_offset_to_byte        (GlossDocument *self,
                                                     guint          offset);
guint          gloss_document_byte_to_offset        (GlossDocument *self,
                                                     gsize          byte_index);
const char    *gloss_document_get_slice             (GlossDocument *self,
                                                     guint          start,
                                                     guint          end,
                                                     gsize         *n_bytes);
char          *gloss_document_dup_slice             (GlossDocument *self,
                                                     guint          start,
                                                     guint          end);
gboolean       gloss_document_slice_equal           (GlossDocument *self,
                                                     guint          start,
                                                     guint          end,
                                                     const char    *utf8,
                                                     gssize         n_bytes);
void           gloss_document_offset_to_line_column (GlossDocument *self,
                                                     guint          offset,
                                                     guint         *line,
                                                     guint         *column);
guint          gloss_document_line_column_to_offset (GlossDocument *self,
                                                     guint          line,
                                                     guint          column);

G_END_DECLS
