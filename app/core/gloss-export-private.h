/* gloss-export-private.h: what the exporters of each format share
 *
 * Internal to gloss-export*.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include "gloss-export.h"
#include "gloss-tokenizer.h"

G_BEGIN_DECLS

/* One document as the formats see it: the annotations the options keep,
 * in the set's order (entities and claims by span, relations by id). */
typedef struct
{
  GlossAnnotationSet *set;
  GlossDocument      *document;
  GlossTagset        *tagset;
  const char         *name;          /* the article's file name */
  const char         *sidecar;       /* the sidecar's path, for messages */
  const char         *sidecar_name;  /* its file name */
  const char         *annotator;     /* the set's annotator id */
  const char         *subdir;        /* folder formats: annotator sub-folder, or NULL */
  GPtrArray          *entities;      /* GlossAnnotation *, borrowed */
  GPtrArray          *claims;
  GPtrArray          *relations;
  GHashTable         *kept;          /* id -> GlossAnnotation *: kept entities and claims */
} GlossExportDoc;

struct _GlossExporter
{
  GlossExportFormat   format;
  /* Options, deep-copied. */
  char               *annotator;
  gboolean            gold;
  GHashTable         *types;         /* NULL: all */
  GlossExportScheme   scheme;
  guint               layers;
  GlossExportPartial  partial;
  gboolean            bom;
  char               *base;

  gboolean            per_annotator;

  /* Output: a file (fd on a temporary file, or standard output) or a
   * temporary folder. */
  GFile              *out;
  char               *out_path;
  char               *tmp_path;      /* temporary file or folder, NULL for stdout */
  int                 fd;
  GString            *buf;           /* pending bytes of the file output */
  GHashTable         *subdirs_made;  /* folder formats: sub-folders created */

  gboolean            failed;
  gboolean            finished;
  GlossExportSummary  summary;

  /* Format state. */
  gboolean            conf_written;  /* brat */
  guint64             n_items;       /* w3c */
  GString            *scratch;       /* folder formats: one file's bytes */
  struct _GlossExportTokens *pending_tokens; /* computed ahead by the corpus walk */
};

/* Appends to the file output; flushes when enough has gathered. */
gboolean   _gloss_export_flush         (GlossExporter  *self,
                                        gboolean        all,
                                        GError        **error);
/* Folder formats: writes @data as @name in the document's folder. */
gboolean   _gloss_export_write_file    (GlossExporter  *self,
                                        const char     *subdir,
                                        const char     *name,
                                        const char     *data,
                                        gsize           len,
                                        GError        **error);
void       _gloss_export_warn          (GlossExporter  *self,
                                        const char     *format,
                                        ...) G_GNUC_PRINTF (2, 3);

/* g_string_append_len() for the lines written once per token: when the
 * bytes fit, a memcpy without a call into GLib. */
static inline void
_gloss_export_append_len (GString    *out,
                          const char *bytes,
                          gsize       n)
{
  if (out->len + n < out->allocated_len)
    {
      memcpy (out->str + out->len, bytes, n);
      out->len += n;
      out->str[out->len] = '\0';
    }
  else
    g_string_append_len (out, bytes, n);
}

/* A string literal, with its length known when compiling. */
#define _gloss_export_append_literal(out, literal) \
  _gloss_export_append_len ((out), "" literal, sizeof (literal) - 1)

/* @value in decimal: what "%u" gives, without printf's cost. */
static inline void
_gloss_export_append_uint (GString *out,
                           guint    value)
{
  char digits[16];
  guint n = 0;

  do
    {
      digits[sizeof digits - ++n] = (char) ('0' + value % 10);
      value /= 10;
    }
  while (value != 0);
  _gloss_export_append_len (out, digits + sizeof digits - n, n);
}
/* JSON string with quotes, escaped as docs/export-formats.md says. */
void       _gloss_export_append_json   (GString        *out,
                                        const char     *text,
                                        gssize          len);
/* "YYYY-MM-DDTHH:MM:SSZ" into @buf (at least 32 bytes); FALSE for 0. */
gboolean   _gloss_export_format_time   (gint64          unix_seconds,
                                        char           *buf);
void       _gloss_export_append_time_json (GString     *out,
                                        gint64          unix_seconds);
/* The annotated text of [start, end). */
const char *_gloss_export_slice        (GlossExportDoc *doc,
                                        guint           start,
                                        guint           end,
                                        gsize          *len);
/* The article name without ".txt". */
char      *_gloss_export_stem          (const char     *name);

/* Tokens of a document with the sentence breaks the token formats write:
 * a break before token k only when no exported span covers tokens k - 1
 * and k. */
typedef struct
{
  guint start;
  guint end;
  guint sentence_start : 1;
} GlossExportToken;

typedef struct _GlossExportTokens
{
  GArray *tokens; /* GlossExportToken */
} GlossExportTokens;

GlossExportTokens *_gloss_export_tokens_new  (GlossDocument     *document);
/* The tokens computed ahead for this document, or new ones. */
GlossExportTokens *_gloss_export_tokens_take (GlossExporter     *self,
                                        GlossDocument     *document);
gboolean   _gloss_export_format_needs_tokens (GlossExportFormat format);
void       _gloss_export_tokens_free   (GlossExportTokens *tokens);
/* Maps [start, end) to whole tokens [*first, *last]. FALSE when it cuts
 * through a token or holds none: then, under --partial=error, @error is
 * set; under skip, a warning is recorded. */
gboolean   _gloss_export_tokens_map    (GlossExporter     *self,
                                        GlossExportDoc    *doc,
                                        GlossExportTokens *tokens,
                                        GlossAnnotation   *annotation,
                                        guint             *first,
                                        guint             *last,
                                        GError           **error);
/* No sentence break inside [first, last]. */
void       _gloss_export_tokens_join   (GlossExportTokens *tokens,
                                        guint              first,
                                        guint              last);

/* Each format. */
gboolean   _gloss_export_jsonl_add     (GlossExporter *self, GlossExportDoc *doc, GError **error);
gboolean   _gloss_export_csv_begin     (GlossExporter *self, GError **error);
gboolean   _gloss_export_csv_add       (GlossExporter *self, GlossExportDoc *doc, GError **error);
gboolean   _gloss_export_conll_add     (GlossExporter *self, GlossExportDoc *doc, GError **error);
gboolean   _gloss_export_w3c_add       (GlossExporter *self, GlossExportDoc *doc, GError **error);
gboolean   _gloss_export_w3c_finish    (GlossExporter *self, GError **error);
gboolean   _gloss_export_brat_add      (GlossExporter *self, GlossExportDoc *doc, GError **error);
gboolean   _gloss_export_brat_write_conf (GlossExporter *self, GlossTagset *tagset, GError **error);
gboolean   _gloss_export_webanno_add   (GlossExporter *self, GlossExportDoc *doc, GError **error);

G_END_DECLS
