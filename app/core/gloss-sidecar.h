/* gloss-sidecar.h: the XML file that keeps one annotator's work beside an article
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gloss-annotation-set.h"

G_BEGIN_DECLS

#define GLOSS_SIDECAR_ERROR (gloss_sidecar_error_quark ())

typedef enum
{
  GLOSS_SIDECAR_ERROR_PARSE,      /* not well-formed, truncated, empty */
  GLOSS_SIDECAR_ERROR_FORBIDDEN,  /* DOCTYPE, entity declaration */
  GLOSS_SIDECAR_ERROR_FOREIGN,    /* root element is not a Gloss sidecar */
  GLOSS_SIDECAR_ERROR_VERSION,    /* written by a newer format version */
  GLOSS_SIDECAR_ERROR_INVALID,    /* does not match the RelaxNG schema */
  GLOSS_SIDECAR_ERROR_CONTENT,    /* offsets, types, references: see the message */
  GLOSS_SIDECAR_ERROR_TOO_LARGE,
  GLOSS_SIDECAR_ERROR_IO,
} GlossSidecarError;

#define GLOSS_SIDECAR_NAMESPACE "urn:gloss:sidecar:1"
#define GLOSS_SIDECAR_VERSION   1
#define GLOSS_SIDECAR_SUFFIX    ".gloss.xml"
#define GLOSS_SIDECAR_MAX_BYTES ((gsize) 1024 * 1024 * 1024)

/* What a load found besides the annotations. */
typedef struct
{
  char      *source_name;
  char      *source_sha256;
  guint      source_length;
  gboolean   source_changed;   /* hash differs from the document's */
  guint      n_anchored;       /* spans whose quote matches the text at their offsets */
  guint      n_unanchored;     /* spans whose quote does not (or that fall outside) */
  GPtrArray *warnings;         /* char *: "file:line: message" */
} GlossSidecarReport;

GQuark              gloss_sidecar_error_quark   (void);
void                gloss_sidecar_report_free   (GlossSidecarReport *report);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossSidecarReport, gloss_sidecar_report_free)

/* @filename names the file in messages ("file:line: message"). */
GlossAnnotationSet *gloss_sidecar_load_bytes    (GBytes             *bytes,
                                                 const char         *filename,
                                                 GlossDocument      *document,
                                                 GlossTagset        *tagset,
                                                 GlossSidecarReport **report,
                                                 GError            **error);
GlossAnnotationSet *gloss_sidecar_load          (GFile              *file,
                                                 GlossDocument      *document,
                                                 GlossTagset        *tagset,
                                                 GlossSidecarReport **report,
                                                 GCancellable       *cancellable,
                                                 GError            **error);
GBytes             *gloss_sidecar_to_bytes      (GlossAnnotationSet *set,
                                                 GError            **error);
/* Atomic and durable: temporary file, fsync, rename. On failure the previous
 * file is left as it was. */
gboolean            gloss_sidecar_save          (GlossAnnotationSet *set,
                                                 GFile              *file,
                                                 GCancellable       *cancellable,
                                                 GError            **error);

/* Reads only the header (source, annotator, tagset) without a document:
 * for listing a corpus and for `gloss-cli stats`. */
gboolean            gloss_sidecar_peek_bytes    (GBytes             *bytes,
                                                 const char         *filename,
                                                 char              **source_name,
                                                 char              **annotator_id,
                                                 GError            **error);

/* "NAME.txt" + "alice" -> "NAME.txt.alice.gloss.xml" */
char               *gloss_sidecar_build_name    (const char         *text_name,
                                                 const char         *annotator_id);
gboolean            gloss_sidecar_parse_name    (const char         *sidecar_name,
                                                 char              **text_name,
                                                 char              **annotator_id);

G_END_DECLS
