/* gloss-sidecar-private.h: what the two producers of a sidecar's records
 * share with its loader
 *
 * A sidecar is read in two stages: a producer turns the XML into records
 * (an element with its attributes, the end of an element, an extension
 * kept whole) in batches, and the loader in gloss-sidecar.c turns records
 * into annotations. The producer in gloss-sidecar-sax.c parses with SAX
 * and checks the file against the schema itself; the one in
 * gloss-sidecar.c reads with xmlTextReader and libxml2's RelaxNG
 * validator, and serves the files that have extensions or comments.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include <glib.h>

#include "gloss-xml.h"

G_BEGIN_DECLS

typedef enum
{
  A_ID, A_TYPE, A_START, A_END, A_ANNOTATOR, A_CREATED, A_MODIFIED, A_PARENT,
  A_FROM, A_TO, A_PREFIX, A_EXACT, A_SUFFIX, A_NAME, A_VALUE, A_ENTITY,
  A_ARTICLE, A_SHA256, A_LENGTH, A_VERSION,
  N_ATTRS
} AttrId;

extern const char * const _gloss_sidecar_attr_names[N_ATTRS];

typedef enum
{
  RECORD_ELEMENT,
  RECORD_END_ELEMENT,
  /* A child of <extensions>, kept verbatim; its subtree has no records. */
  RECORD_EXTENSION,
} RecordKind;

typedef struct
{
  guint8      kind;
  guint8      empty;
  guint8      ours;      /* in the sidecar namespace */
  guint8      known;     /* an extension in a namespace Gloss defines */
  int         depth;
  int         line;
  /* In the parser's dictionary, which lives as long as the parser. */
  const char *local;
  const char *qname;
  /* Offsets + 1 into the batch's arena (0: none): attribute values, the
   * text of <link> and <note>, an extension's XML. */
  guint32     text;
  guint32     attrs[N_ATTRS];
} Record;

/* A batch is handed over once it holds this many records (or the stream
 * ended); the SAX producer may go a little past it. */
#define BATCH_RECORDS 512
#define N_BATCHES     8

typedef struct
{
  GArray   *records;
  GString  *arena;
  /* Set on the batch that ends the stream. */
  gboolean  last;
  gboolean  at_end;
  GError   *error;
  /* The SAX producer met what only the reader's producer reads (an
   * <extensions> element): the file is to be read again with that one. */
  gboolean  needs_reader;
} Batch;

/* Copies @len bytes of @text and a NUL into @b's arena: its offset + 1. */
static inline guint32
_gloss_sidecar_arena_add (Batch      *b,
                          const char *text,
                          gsize       len)
{
  guint32 offset = (guint32) b->arena->len + 1;
  GString *arena = b->arena;

  /* g_string_append_len() without its checks: this runs for every
   * attribute of the file. */
  if (arena->len + len + 1 >= arena->allocated_len)
    g_string_set_size (arena, arena->len + len + 1);
  else
    arena->len += len + 1;
  memcpy (arena->str + offset - 1, text, len);
  arena->str[offset - 1 + len] = '\0';
  return offset;
}

/* A new zeroed record of @kind at the end of @b. */
static inline Record *
_gloss_sidecar_batch_add (Batch      *b,
                          RecordKind  kind)
{
  Record *rec;

  g_array_set_size (b->records, b->records->len + 1);
  rec = &g_array_index (b->records, Record, b->records->len - 1);
  memset (rec, 0, sizeof *rec);
  rec->kind = kind;
  return rec;
}

typedef struct _GlossSidecarSax GlossSidecarSax;

/* A SAX producer over @bytes (which must outlive it), or NULL with @error
 * set (in GLOSS_SIDECAR_ERROR) when the parser cannot start. */
GlossSidecarSax *_gloss_sidecar_sax_new        (GBytes          *bytes,
                                                const char      *filename,
                                                GError         **error);
void             _gloss_sidecar_sax_free       (GlossSidecarSax *self);
/* The reader that names the file and the parser's line in messages;
 * owned by @self. */
GlossXmlReader  *_gloss_sidecar_sax_get_reader (GlossSidecarSax *self);
/* Fills @b (which must be empty) with the records of the elements that
 * follow, up to about BATCH_RECORDS or the end of the stream, and sets
 * b->last at the end of the stream, on the first error (b->error) or
 * where the reader's producer must take over (b->needs_reader). */
void             _gloss_sidecar_sax_produce    (GlossSidecarSax *self,
                                                Batch           *b);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossSidecarSax, _gloss_sidecar_sax_free)

G_END_DECLS
