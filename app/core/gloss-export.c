/* gloss-export.c: the exporter, the corpus walk and what the formats share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-export"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "gloss-document.h"
#include "gloss-export-private.h"
#include "gloss-sidecar.h"
#include "gloss-tagset.h"
#include "gloss-tokenizer-private.h"
#include "gloss-xml.h"

G_DEFINE_QUARK (gloss-export-error-quark, gloss_export_error)

/* Bytes gathered before a write(2) of the file output. */
#define FLUSH_SIZE (256 * 1024)

static const char * const format_names[GLOSS_EXPORT_N_FORMATS] = {
  [GLOSS_EXPORT_CONLL] = "conll",
  [GLOSS_EXPORT_JSONL] = "jsonl",
  [GLOSS_EXPORT_BRAT] = "brat",
  [GLOSS_EXPORT_W3C] = "w3c",
  [GLOSS_EXPORT_WEBANNO_TSV] = "webanno-tsv",
  [GLOSS_EXPORT_CSV] = "csv",
};

const char *
gloss_export_format_to_string (GlossExportFormat format)
{
  g_return_val_if_fail ((guint) format < GLOSS_EXPORT_N_FORMATS, NULL);

  return format_names[format];
}

gboolean
gloss_export_format_from_string (const char        *name,
                                 GlossExportFormat *format)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < GLOSS_EXPORT_N_FORMATS; i++)
    if (g_str_equal (name, format_names[i]))
      {
        if (format != NULL)
          *format = (GlossExportFormat) i;
        return TRUE;
      }
  return FALSE;
}

gboolean
gloss_export_format_is_folder (GlossExportFormat format)
{
  return format == GLOSS_EXPORT_BRAT || format == GLOSS_EXPORT_WEBANNO_TSV;
}

void
gloss_export_summary_free (GlossExportSummary *summary)
{
  if (summary == NULL)
    return;
  g_clear_pointer (&summary->warnings, g_ptr_array_unref);
  g_free (summary);
}

/* ---- output ------------------------------------------------------------ */

static gboolean
write_all (int          fd,
           const char  *data,
           gsize        len,
           const char  *path,
           GError     **error)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0)
        {
          int saved = errno;

          if (saved == EINTR)
            continue;
          g_set_error (error, GLOSS_EXPORT_ERROR, GLOSS_EXPORT_ERROR_FAILED,
                       "%s: cannot write: %s", path, g_strerror (saved));
          return FALSE;
        }
      data += n;
      len -= (gsize) n;
    }
  return TRUE;
}

gboolean
_gloss_export_flush (GlossExporter  *self,
                     gboolean        all,
                     GError        **error)
{
  if (self->buf->len == 0 || (!all && self->buf->len < FLUSH_SIZE))
    return TRUE;

  if (!write_all (self->fd, self->buf->str, self->buf->len,
                  self->out_path != NULL ? self->out_path : "standard output", error))
    return FALSE;
  self->summary.n_bytes += self->buf->len;
  g_string_truncate (self->buf, 0);
  return TRUE;
}

gboolean
_gloss_export_write_file (GlossExporter  *self,
                          const char     *subdir,
                          const char     *name,
                          const char     *data,
                          gsize           len,
                          GError        **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  int fd;

  if (subdir != NULL)
    {
      dir = g_build_filename (self->tmp_path, subdir, NULL);
      if (!g_hash_table_contains (self->subdirs_made, subdir))
        {
          if (g_mkdir (dir, 0777) != 0 && errno != EEXIST)
            {
              int saved = errno;

              g_set_error (error, GLOSS_EXPORT_ERROR, GLOSS_EXPORT_ERROR_FAILED,
                           "%s: cannot create the folder: %s", dir, g_strerror (saved));
              return FALSE;
            }
          g_hash_table_add (self->subdirs_made, g_strdup (subdir));
        }
    }
  else
    dir = g_strdup (self->tmp_path);

  path = g_build_filename (dir, name, NULL);
  fd = g_open (path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, GLOSS_EXPORT_ERROR, GLOSS_EXPORT_ERROR_FAILED,
                   "%s: cannot create: %s", path, g_strerror (saved));
      return FALSE;
    }
  if (!write_all (fd, data, len, path, error))
    {
      close (fd);
      return FALSE;
    }
  if (close (fd) != 0)
    {
      int saved = errno;

      g_set_error (error, GLOSS_EXPORT_ERROR, GLOSS_EXPORT_ERROR_FAILED,
                   "%s: cannot write: %s", path, g_strerror (saved));
      return FALSE;
    }
  self->summary.n_bytes += len;
  return TRUE;
}

void
_gloss_export_warn (GlossExporter *self,
                    const char    *format,
                    ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (self->summary.warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

/* ---- shared writers ------------------------------------------------------ */

void
_gloss_export_append_json (GString    *out,
                           const char *text,
                           gssize      len)
{
  const guchar *p = (const guchar *) text;
  const guchar *end;
  const guchar *run;

  if (len < 0)
    len = strlen (text);
  end = p + len;

  g_string_append_c (out, '"');
  run = p;
  while (p < end)
    {
      guchar c = *p;
      const char *esc = NULL;
      char hex[8];

      if (c >= 0x20 && c != '"' && c != '\\' && c != 0xE2)
        {
          p++;
          continue;
        }
      if (c == 0xE2)
        {
          /* U+2028 and U+2029 are E2 80 A8 / E2 80 A9. */
          if (end - p >= 3 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9))
            {
              g_string_append_len (out, (const char *) run, p - run);
              g_string_append (out, p[2] == 0xA8 ? "\\u2028" : "\\u2029");
              p += 3;
              run = p;
            }
          else
            p++;
          continue;
        }

      switch (c)
        {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        case '\b': esc = "\\b"; break;
        case '\f': esc = "\\f"; break;
        default:
          g_snprintf (hex, sizeof hex, "\\u%04x", c);
          esc = hex;
          break;
        }
      g_string_append_len (out, (const char *) run, p - run);
      g_string_append (out, esc);
      p++;
      run = p;
    }
  g_string_append_len (out, (const char *) run, p - run);
  g_string_append_c (out, '"');
}

gboolean
_gloss_export_format_time (gint64  unix_seconds,
                           char   *buf)
{
  g_autofree char *text = NULL;

  if (unix_seconds == 0)
    return FALSE;
  if (gloss_xml_format_time_buf (unix_seconds, buf))
    return TRUE;
  /* Sidecars only hold years 1-9999; anything else as GDateTime has it. */
  text = gloss_xml_format_time (unix_seconds);
  g_strlcpy (buf, text, 32);
  return TRUE;
}

void
_gloss_export_append_time_json (GString *out,
                                gint64   unix_seconds)
{
  char buf[32];

  if (_gloss_export_format_time (unix_seconds, buf))
    {
      g_string_append_c (out, '"');
      g_string_append (out, buf);
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, "null");
}

const char *
_gloss_export_slice (GlossExportDoc *doc,
                     guint           start,
                     guint           end,
                     gsize          *len)
{
  return gloss_document_get_slice (doc->document, start, end, len);
}

char *
_gloss_export_stem (const char *name)
{
  if (g_str_has_suffix (name, ".txt"))
    return g_strndup (name, strlen (name) - 4);
  return g_strdup (name);
}

/* ---- tokens -------------------------------------------------------------- */

GlossExportTokens *
_gloss_export_tokens_new (GlossDocument *document)
{
  g_autoptr(GlossTokenizer) tokenizer = gloss_tokenizer_new (document);
  g_autoptr(GArray) found = NULL;
  GlossExportTokens *tokens = g_new0 (GlossExportTokens, 1);
  const GlossTokenizerToken *from;
  GlossExportToken *to;

  /* All tokens at once: a call per token would cost more than finding
   * it. About a token in five characters in news. */
  found = g_array_sized_new (FALSE, FALSE, sizeof (GlossTokenizerToken),
                             gloss_document_get_length (document) / 5 + 16);
  _gloss_tokenizer_collect (tokenizer, found);

  tokens->tokens = g_array_sized_new (FALSE, FALSE, sizeof (GlossExportToken), found->len);
  g_array_set_size (tokens->tokens, found->len);
  from = (const GlossTokenizerToken *) (gpointer) found->data;
  to = (GlossExportToken *) (gpointer) tokens->tokens->data;
  for (guint i = 0; i < found->len; i++)
    to[i] = (GlossExportToken) { from[i].start, from[i].end, from[i].starts_sentence != 0 };
  if (found->len > 0)
    to[0].sentence_start = TRUE;

  return tokens;
}

GlossExportTokens *
_gloss_export_tokens_take (GlossExporter *self,
                           GlossDocument *document)
{
  if (self->pending_tokens != NULL)
    return g_steal_pointer (&self->pending_tokens);
  return _gloss_export_tokens_new (document);
}

gboolean
_gloss_export_format_needs_tokens (GlossExportFormat format)
{
  return format == GLOSS_EXPORT_CONLL || format == GLOSS_EXPORT_WEBANNO_TSV;
}

void
_gloss_export_tokens_free (GlossExportTokens *tokens)
{
  if (tokens == NULL)
    return;
  g_array_unref (tokens->tokens);
  g_free (tokens);
}

/* The first token whose end is after @offset. */
static guint
first_token_ending_after (GArray *tokens,
                          guint   offset)
{
  guint lo = 0, hi = tokens->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (tokens, GlossExportToken, mid).end <= offset)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static const char *
kind_name (GlossAnnotation *annotation)
{
  switch (gloss_annotation_get_kind (annotation))
    {
    case GLOSS_ANNOTATION_ENTITY: return "entity";
    case GLOSS_ANNOTATION_CLAIM: return "claim";
    case GLOSS_ANNOTATION_RELATION:
    default: return "relation";
    }
}

gboolean
_gloss_export_tokens_map (GlossExporter     *self,
                          GlossExportDoc    *doc,
                          GlossExportTokens *tokens,
                          GlossAnnotation   *annotation,
                          guint             *first,
                          guint             *last,
                          GError           **error)
{
  GArray *array = tokens->tokens;
  guint start = gloss_annotation_get_start (annotation);
  guint end = gloss_annotation_get_end (annotation);
  guint i = first_token_ending_after (array, start);
  guint j;
  const GlossExportToken *cut = NULL;
  g_autofree char *message = NULL;
  g_autofree char *text = NULL;

  if (i < array->len && g_array_index (array, GlossExportToken, i).start < end)
    {
      const GlossExportToken *a = &g_array_index (array, GlossExportToken, i);

      if (a->start < start)
        cut = a;
      else
        {
          /* The last token starting before @end. */
          j = first_token_ending_after (array, end - 1);
          if (j < array->len && g_array_index (array, GlossExportToken, j).start < end)
            {
              const GlossExportToken *b = &g_array_index (array, GlossExportToken, j);

              if (b->end > end)
                cut = b;
            }
          else
            j--;
          if (cut == NULL)
            {
              *first = i;
              *last = j;
              return TRUE;
            }
        }
    }

  text = gloss_document_dup_slice (doc->document, start, end);
  if (cut != NULL)
    {
      g_autofree char *token_text = gloss_document_dup_slice (doc->document, cut->start, cut->end);

      message = g_strdup_printf ("%s: %s %s (“%s”, %u–%u) cuts through the token “%s” (%u–%u)",
                                 doc->sidecar, kind_name (annotation),
                                 gloss_annotation_get_id (annotation), text, start, end,
                                 token_text, cut->start, cut->end);
    }
  else
    message = g_strdup_printf ("%s: %s %s (“%s”, %u–%u) holds no token",
                               doc->sidecar, kind_name (annotation),
                               gloss_annotation_get_id (annotation), text, start, end);

  /* No hint at how to go on: the command line names its option, the
   * window its choice (GLOSS_EXPORT_ERROR_PARTIAL_TOKEN tells them). */
  if (self->partial == GLOSS_EXPORT_PARTIAL_ERROR)
    {
      g_set_error_literal (error, GLOSS_EXPORT_ERROR, GLOSS_EXPORT_ERROR_PARTIAL_TOKEN, message);
      return FALSE;
    }
  _gloss_export_warn (self, "%s: left out", message);
  self->summary.n_left_out++;
  return FALSE;
}

void
_gloss_export_tokens_join (GlossExportTokens *tokens,
                           guint              first,
                           guint              last)
{
  for (guint k = first + 1; k <= last && k < tokens->tokens->len; k++)
    g_array_index (tokens->tokens, GlossExportToken, k).sentence_start = FALSE;
}

/* ---- the exporter -------------------------------------------------------- */

static gboolean
folder_is_empty (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);

  return dir != NULL && g_dir_read_name (dir) == NULL;
}

GlossExporter *
gloss_exporter_new (GlossExportFormat         format,
                    const GlossExportOptions *options,
                    GFile                    *out,
                    GError                  **error)
{
  static const GlossExportOptions defaults = GLOSS_EXPORT_OPTIONS_INIT;
  g_autoptr(GlossExporter) self = NULL;

  g_return_val_if_fail ((guint) format < GLOSS_EXPORT_N_FORMATS, NULL);
  g_return_val_if_fail (out == NULL || G_IS_FILE (out), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (options == NULL)
    options = &defaults;

  self = g_new0 (GlossExporter, 1);
  self->format = format;
  self->fd = -1;
  self->annotator = g_strdup (options->annotator);
  self->gold = options->gold;
  if (options->types != NULL)
    {
      self->types = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      for (guint i = 0; options->types[i] != NULL; i++)
        g_hash_table_add (self->types, g_strdup (options->types[i]));
    }
  self->scheme = options->scheme;
  self->layers = MAX (options->layers, 1);
  self->partial = options->partial;
  self->bom = options->bom;
  self->base = g_strdup (options->base);
  self->buf = g_string_sized_new (FLUSH_SIZE + 64 * 1024);
  self->scratch = g_string_sized_new (64 * 1024);
  self->subdirs_made = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->summary.warnings = g_ptr_array_new_with_free_func (g_free);

  if (self->layers > 64)
    {
      g_set_error (error, GLOSS_EXPORT_ERROR, GLOSS_EXPORT_ERROR_OPTION,
                   "--layers takes 1 to 64 columns, not %u", options->layers);
      return NULL;
    }

  if (out == NULL)
    {
      if (gloss_export_format_is_folder (format))
        {
          g_set_error (error, GLOSS_EXPORT_ERROR, GLOSS_EXPORT_ERROR_OPTION,
                       "the %s format writes a folder: give its name, not standard output",
                       format_names[format]);
          return NULL;
        }
      self->fd = STDOUT_FILENO;
    }
  else
    {
      g_autofree char *dir = NULL;
      g_autofree char *base = NULL;
      g_autofree char *template = NULL;

      self->out = g_object_ref (out);
      self->out_path = g_file_get_path (out);
      if (self->out_path == NULL)
        {
          g_autofree char *uri = g_file_get_uri (out);

          g_set_error (error, GLOSS_EXPORT_ERROR, GLOSS_EXPORT_ERROR_OPTION,
                       "%s: exports go to a local file or folder", uri);
          return NULL;
        }
      dir = g_path_get_dirname (self->out_path);
      base = g_path_get_basename (self->out_path);
      template = g_strdup_printf ("%s/.%s.partial-XXXXXX", dir, base);

      if (gloss_export_format_is_folder (format))
        {
          if (g_file_test (self->out_path, G_FILE_TEST_EXISTS) &&
              !(g_file_test (self->out_path, G_FILE_TEST_IS_DIR) && folder_is_empty (self->out_path)))
            {
              g_set_error (error, GLOSS_EXPORT_ERROR, GLOSS_EXPORT_ERROR_EXISTS,
                           "%s: exists; the %s format writes a new folder: choose another "
                           "name or remove it", self->out_path, format_names[format]);
              return NULL;
            }
          if (g_mkdtemp_full (template, 0777) == NULL)
            {
              int saved = errno;

              g_set_error (error, GLOSS_EXPORT_ERROR, GLOSS_EXPORT_ERROR_FAILED,
                           "%s: cannot create a folder beside it: %s",
                           self->out_path, g_strerror (saved));
              return NULL;
            }
          self->tmp_path = g_steal_pointer (&template);
        }
      else
        {
          if (g_file_test (self->out_path, G_FILE_TEST_IS_DIR))
            {
              g_set_error (error, GLOSS_EXPORT_ERROR, GLOSS_EXPORT_ERROR_EXISTS,
                           "%s: is a folder; the %s format writes a file",
                           self->out_path, format_names[format]);
              return NULL;
            }
          self->fd = g_mkstemp_full (template, O_WRONLY | O_CLOEXEC, 0666);
          if (self->fd < 0)
            {
              int saved = errno;

              g_set_error (error, GLOSS_EXPORT_ERROR, GLOSS_EXPORT_ERROR_FAILED,
                           "%s: cannot create a file beside it: %s",
                           self->out_path, g_strerror (saved));
              return NULL;
            }
          self->tmp_path = g_steal_pointer (&template);
        }
    }

  if (format == GLOSS_EXPORT_CSV && !_gloss_export_csv_begin (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

void
gloss_exporter_set_per_annotator (GlossExporter *self,
                                  gboolean       per_annotator)
{
  g_return_if_fail (self != NULL);

  self->per_annotator = per_annotator;
}

const GlossExportSummary *
gloss_exporter_get_summary (GlossExporter *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return &self->summary;
}

static gboolean
type_wanted (GlossExporter *self,
             const char    *type)
{
  return self->types == NULL || g_hash_table_contains (self->types, type);
}

static gboolean
anchored (GlossExporter   *self,
          GlossExportDoc  *doc,
          GlossAnnotation *annotation)
{
  if (gloss_annotation_get_anchor_state (annotation) == GLOSS_ANCHOR_OK)
    return TRUE;

  _gloss_export_warn (self, "%s: %s %s no longer matches the article's text at %u–%u: left out",
                      doc->sidecar, kind_name (annotation), gloss_annotation_get_id (annotation),
                      gloss_annotation_get_start (annotation), gloss_annotation_get_end (annotation));
  self->summary.n_left_out++;
  return FALSE;
}

static void
collect (GlossExporter  *self,
         GlossExportDoc *doc,
         GListModel     *model,
         GPtrArray      *out,
         gboolean        wanted_all,
         GPtrArray      *refs)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      GlossAnnotation *a = g_list_model_get_item (model, i);

      g_ptr_array_add (refs, a);
      if (!wanted_all && !type_wanted (self, gloss_annotation_get_type_id (a)))
        continue;
      if (!anchored (self, doc, a))
        continue;
      g_ptr_array_add (out, a);
      g_hash_table_insert (doc->kept, (gpointer) gloss_annotation_get_id (a), a);
    }
}

gboolean
gloss_exporter_add (GlossExporter       *self,
                    GlossAnnotationSet  *set,
                    GError             **error)
{
  g_autoptr(GPtrArray) refs = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) entities = g_ptr_array_new ();
  g_autoptr(GPtrArray) claims = g_ptr_array_new ();
  g_autoptr(GPtrArray) relations = g_ptr_array_new ();
  g_autoptr(GHashTable) kept = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *sidecar = NULL;
  g_autofree char *sidecar_name = NULL;
  GlossExportDoc doc = { 0 };
  GListModel *model;
  gboolean ok = FALSE;
  guint n;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (set), FALSE);
  g_return_val_if_fail (!self->finished, FALSE);

  if (self->failed)
    {
      g_set_error (error, GLOSS_EXPORT_ERROR, GLOSS_EXPORT_ERROR_FAILED,
                   "the export already failed");
      return FALSE;
    }

  doc.set = set;
  doc.document = gloss_annotation_set_get_document (set);
  doc.tagset = gloss_annotation_set_get_tagset (set);
  doc.name = gloss_document_get_name (doc.document);
  doc.annotator = gloss_annotation_set_get_annotator_id (set);
  sidecar = gloss_sidecar_build_name (doc.name, doc.annotator);
  sidecar_name = g_strdup (sidecar);
  doc.sidecar_name = sidecar_name;
  if (gloss_document_get_file (doc.document) != NULL)
    {
      /* Messages name the sidecar where it is. */
      g_autoptr(GFile) folder = g_file_get_parent (gloss_document_get_file (doc.document));
      g_autofree char *dir = folder != NULL ? g_file_get_path (folder) : NULL;

      if (dir != NULL)
        {
          char *path = g_build_filename (dir, sidecar, NULL);

          g_free (sidecar);
          sidecar = path;
        }
    }
  doc.sidecar = sidecar;
  doc.subdir = self->per_annotator ? doc.annotator : NULL;
  doc.entities = entities;
  doc.claims = claims;
  doc.relations = relations;
  doc.kept = kept;

  collect (self, &doc, gloss_annotation_set_get_entities (set), entities, FALSE, refs);
  /* A CSV export is the claims, whatever --types says. */
  collect (self, &doc, gloss_annotation_set_get_claims (set), claims,
           self->format == GLOSS_EXPORT_CSV, refs);

  model = gloss_annotation_set_get_relations (set);
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      GlossAnnotation *r = g_list_model_get_item (model, i);

      g_ptr_array_add (refs, r);
      if (!g_hash_table_contains (kept, gloss_annotation_get_from (r)) ||
          !g_hash_table_contains (kept, gloss_annotation_get_to (r)))
        continue;
      g_ptr_array_add (relations, r);
    }

  switch (self->format)
    {
    case GLOSS_EXPORT_CONLL: ok = _gloss_export_conll_add (self, &doc, error); break;
    case GLOSS_EXPORT_JSONL: ok = _gloss_export_jsonl_add (self, &doc, error); break;
    case GLOSS_EXPORT_BRAT: ok = _gloss_export_brat_add (self, &doc, error); break;
    case GLOSS_EXPORT_W3C: ok = _gloss_export_w3c_add (self, &doc, error); break;
    case GLOSS_EXPORT_WEBANNO_TSV: ok = _gloss_export_webanno_add (self, &doc, error); break;
    case GLOSS_EXPORT_CSV: ok = _gloss_export_csv_add (self, &doc, error); break;
    default: g_assert_not_reached ();
    }

  if (ok && !gloss_export_format_is_folder (self->format))
    ok = _gloss_export_flush (self, FALSE, error);

  if (!ok)
    {
      self->failed = TRUE;
      return FALSE;
    }

  self->summary.n_documents++;
  return TRUE;
}

static gboolean
remove_tree (const char  *path,
             GError     **error)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child, NULL);
        else
          g_unlink (child);
      }
  if (g_remove (path) != 0)
    {
      int saved = errno;

      g_set_error (error, GLOSS_EXPORT_ERROR, GLOSS_EXPORT_ERROR_FAILED,
                   "%s: cannot remove: %s", path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

gboolean
gloss_exporter_finish (GlossExporter  *self,
                       GError        **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->finished, FALSE);

  if (self->failed)
    {
      g_set_error (error, GLOSS_EXPORT_ERROR, GLOSS_EXPORT_ERROR_FAILED,
                   "the export already failed");
      return FALSE;
    }

  if (self->format == GLOSS_EXPORT_W3C && !_gloss_export_w3c_finish (self, error))
    goto fail;
  if (self->format == GLOSS_EXPORT_BRAT && !self->conf_written)
    {
      /* An empty corpus still gets the configuration of the default tagset. */
      if (!_gloss_export_brat_write_conf (self, gloss_tagset_get_default (), error))
        goto fail;
    }

  if (gloss_export_format_is_folder (self->format))
    {
      /* An empty folder may stand where the output goes. */
      if (g_file_test (self->out_path, G_FILE_TEST_IS_DIR))
        g_rmdir (self->out_path);
      if (g_rename (self->tmp_path, self->out_path) != 0)
        {
          int saved = errno;

          g_set_error (error, GLOSS_EXPORT_ERROR, GLOSS_EXPORT_ERROR_FAILED,
                       "%s: cannot move the export into place: %s",
                       self->out_path, g_strerror (saved));
          goto fail;
        }
      g_clear_pointer (&self->tmp_path, g_free);
    }
  else
    {
      if (!_gloss_export_flush (self, TRUE, error))
        goto fail;
      if (self->tmp_path != NULL)
        {
          int fd = self->fd;

          self->fd = -1;
          if (fsync (fd) != 0 || close (fd) != 0)
            {
              int saved = errno;

              g_set_error (error, GLOSS_EXPORT_ERROR, GLOSS_EXPORT_ERROR_FAILED,
                           "%s: cannot write: %s", self->tmp_path, g_strerror (saved));
              goto fail;
            }
          if (g_rename (self->tmp_path, self->out_path) != 0)
            {
              int saved = errno;

              g_set_error (error, GLOSS_EXPORT_ERROR, GLOSS_EXPORT_ERROR_FAILED,
                           "%s: cannot move the export into place: %s",
                           self->out_path, g_strerror (saved));
              goto fail;
            }
          g_clear_pointer (&self->tmp_path, g_free);
        }
    }

  self->finished = TRUE;
  return TRUE;

fail:
  self->failed = TRUE;
  return FALSE;
}

void
gloss_exporter_free (GlossExporter *self)
{
  if (self == NULL)
    return;

  if (self->fd >= 0 && self->fd != STDOUT_FILENO)
    close (self->fd);
  if (self->tmp_path != NULL)
    {
      /* Unfinished: leave nothing behind. */
      if (gloss_export_format_is_folder (self->format))
        remove_tree (self->tmp_path, NULL);
      else
        g_unlink (self->tmp_path);
    }
  g_clear_object (&self->out);
  g_free (self->out_path);
  g_free (self->tmp_path);
  g_free (self->annotator);
  g_free (self->base);
  g_clear_pointer (&self->types, g_hash_table_unref);
  g_clear_pointer (&self->subdirs_made, g_hash_table_unref);
  if (self->buf != NULL)
    g_string_free (self->buf, TRUE);
  if (self->scratch != NULL)
    g_string_free (self->scratch, TRUE);
  g_clear_pointer (&self->summary.warnings, g_ptr_array_unref);
  g_free (self);
}

/* ---- the corpus walk ----------------------------------------------------- */

typedef struct
{
  char *article;   /* file name */
  char *annotator;
} Job;

static void
job_clear (gpointer data)
{
  Job *job = data;

  g_free (job->article);
  g_free (job->annotator);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* Lists the articles and their sidecars and decides what to export. */
static GArray *
plan_jobs (GFile                    *corpus,
           const GlossExportOptions *options,
           guint                    *n_skipped,
           gboolean                 *several_annotators,
           GCancellable             *cancellable,
           GError                  **error)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GPtrArray) articles = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) sidecars = NULL; /* article -> GPtrArray of annotator ids */
  g_autoptr(GHashTable) annotators = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GArray) jobs = g_array_new (FALSE, FALSE, sizeof (Job));
  const char *chosen = options->gold ? GLOSS_ANNOTATOR_GOLD : options->annotator;
  g_autoptr(GError) local_error = NULL;

  g_array_set_clear_func (jobs, job_clear);
  sidecars = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                    (GDestroyNotify) g_ptr_array_unref);

  enumerator = g_file_enumerate_children (corpus,
                                          G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                          G_FILE_QUERY_INFO_NONE, cancellable, &local_error);
  if (enumerator == NULL)
    {
      g_autofree char *path = g_file_get_path (corpus);

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, GLOSS_EXPORT_ERROR, GLOSS_EXPORT_ERROR_CORPUS,
                     "%s: cannot list the corpus folder: %s", path, local_error->message);
      return NULL;
    }

  for (;;)
    {
      GFileInfo *info;
      const char *name;

      if (!g_file_enumerator_iterate (enumerator, &info, NULL, cancellable, error))
        return NULL;
      if (info == NULL)
        break;
      name = g_file_info_get_name (info);
      if (name[0] == '.' || g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        continue;
      if (g_str_has_suffix (name, GLOSS_SIDECAR_SUFFIX))
        {
          char *text_name = NULL;
          char *annotator = NULL;
          GPtrArray *list;

          if (!gloss_sidecar_parse_name (name, &text_name, &annotator))
            continue;
          list = g_hash_table_lookup (sidecars, text_name);
          if (list == NULL)
            {
              list = g_ptr_array_new_with_free_func (g_free);
              g_hash_table_insert (sidecars, text_name, list);
            }
          else
            g_free (text_name);
          g_hash_table_add (annotators, annotator);
          g_ptr_array_add (list, annotator);
        }
      else if (g_str_has_suffix (name, ".txt"))
        g_ptr_array_add (articles, g_strdup (name));
    }

  g_ptr_array_sort (articles, compare_strings);
  *several_annotators = FALSE;

  for (guint i = 0; i < articles->len; i++)
    {
      const char *article = g_ptr_array_index (articles, i);
      GPtrArray *list = g_hash_table_lookup (sidecars, article);
      gboolean found = FALSE;

      if (list != NULL)
        g_ptr_array_sort (list, compare_strings);

      for (guint k = 0; list != NULL && k < list->len; k++)
        {
          const char *annotator = g_ptr_array_index (list, k);
          Job job;

          if (chosen != NULL && !g_str_equal (chosen, annotator))
            continue;
          job.article = g_strdup (article);
          job.annotator = g_strdup (annotator);
          g_array_append_val (jobs, job);
          found = TRUE;
        }
      if (!found)
        (*n_skipped)++;
    }

  if (chosen == NULL)
    {
      /* The folder formats nest per annotator only when there are several. */
      guint n = 0;
      GHashTableIter iter;

      g_hash_table_iter_init (&iter, annotators);
      while (g_hash_table_iter_next (&iter, NULL, NULL))
        n++;
      *several_annotators = n > 1;
    }

  return g_steal_pointer (&jobs);
}

/* Loading an article and its sidecar (reading, hashing, parsing and
 * validating) costs more than writing any format, so worker threads load
 * the next few documents while the caller writes them in order. At most
 * PIPELINE_WINDOW documents are loaded ahead: memory stays bounded
 * whatever the corpus's size. */
#define PIPELINE_MAX_WORKERS 8
#define PIPELINE_WINDOW      16

typedef struct
{
  GlossAnnotationSet *set;
  GPtrArray          *warnings;
  GlossExportTokens  *tokens;
  GError             *error;
  gboolean            ready;
} Loaded;

typedef struct
{
  GFile        *corpus;
  GlossTagset  *tagset;
  GArray       *jobs;
  GCancellable *cancellable;
  gboolean      tokens;    /* tokenize ahead too */
  Loaded       *slots;
  GThread      *workers[PIPELINE_MAX_WORKERS];
  guint         n_workers;
  GMutex        lock;
  GCond         cond;
  guint         next;      /* the next job a worker takes */
  guint         consumed;  /* jobs the caller has taken */
  gboolean      stop;
} Pipeline;

static void
loaded_clear (Loaded *loaded)
{
  g_clear_object (&loaded->set);
  g_clear_pointer (&loaded->warnings, g_ptr_array_unref);
  g_clear_pointer (&loaded->tokens, _gloss_export_tokens_free);
  g_clear_error (&loaded->error);
}

static void
load_job (Pipeline *p,
          guint     index,
          Loaded   *loaded)
{
  Job *job = &g_array_index (p->jobs, Job, index);
  g_autoptr(GFile) article = g_file_get_child (p->corpus, job->article);
  g_autofree char *sidecar_name = gloss_sidecar_build_name (job->article, job->annotator);
  g_autoptr(GFile) sidecar = g_file_get_child (p->corpus, sidecar_name);
  g_autoptr(GlossDocument) document = NULL;
  g_autoptr(GlossSidecarReport) report = NULL;
  g_autoptr(GError) local_error = NULL;

  document = gloss_document_load (article, p->cancellable, &local_error);
  if (document == NULL)
    {
      g_autofree char *path = g_file_get_path (article);

      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        loaded->error = g_steal_pointer (&local_error);
      else
        loaded->error = g_error_new (local_error->domain, local_error->code,
                                     "%s: %s", path, local_error->message);
      return;
    }
  loaded->set = gloss_sidecar_load (sidecar, document, p->tagset, &report, p->cancellable,
                                    &loaded->error);
  if (loaded->set != NULL && report != NULL && report->warnings != NULL && report->warnings->len > 0)
    loaded->warnings = g_ptr_array_ref (report->warnings);
  if (loaded->set != NULL && p->tokens)
    loaded->tokens = _gloss_export_tokens_new (document);
}

static gpointer
pipeline_worker (gpointer data)
{
  Pipeline *p = data;

  for (;;)
    {
      Loaded loaded = { 0 };
      guint index;

      g_mutex_lock (&p->lock);
      while (!p->stop && p->next < p->jobs->len && p->next >= p->consumed + PIPELINE_WINDOW)
        g_cond_wait (&p->cond, &p->lock);
      if (p->stop || p->next >= p->jobs->len)
        {
          g_mutex_unlock (&p->lock);
          return NULL;
        }
      index = p->next++;
      g_mutex_unlock (&p->lock);

      load_job (p, index, &loaded);

      g_mutex_lock (&p->lock);
      loaded.ready = TRUE;
      p->slots[index] = loaded;
      g_cond_broadcast (&p->cond);
      g_mutex_unlock (&p->lock);
    }
}

static void
pipeline_start (Pipeline     *p,
                GFile        *corpus,
                GlossTagset  *tagset,
                GArray       *jobs,
                gboolean      tokens,
                GCancellable *cancellable)
{
  guint n = MIN (g_get_num_processors (), PIPELINE_MAX_WORKERS);

  memset (p, 0, sizeof *p);
  p->corpus = corpus;
  p->tagset = tagset;
  p->jobs = jobs;
  p->cancellable = cancellable;
  p->tokens = tokens;
  p->slots = g_new0 (Loaded, MAX (jobs->len, 1));
  g_mutex_init (&p->lock);
  g_cond_init (&p->cond);

  /* One processor: load in the caller's thread, as it asks. */
  if (n < 2 || jobs->len < 2)
    return;
  for (guint i = 0; i < MIN (n, jobs->len); i++)
    p->workers[p->n_workers++] = g_thread_new ("gloss-export-load", pipeline_worker, p);
}

/* Hands over job @index's result (the caller clears it). */
static void
pipeline_take (Pipeline *p,
               guint     index,
               Loaded   *loaded)
{
  if (p->n_workers == 0)
    {
      memset (loaded, 0, sizeof *loaded);
      load_job (p, index, loaded);
      return;
    }

  g_mutex_lock (&p->lock);
  while (!p->slots[index].ready)
    g_cond_wait (&p->cond, &p->lock);
  *loaded = p->slots[index];
  memset (&p->slots[index], 0, sizeof (Loaded));
  p->consumed = index + 1;
  g_cond_broadcast (&p->cond);
  g_mutex_unlock (&p->lock);
}

static void
pipeline_stop (Pipeline *p)
{
  g_mutex_lock (&p->lock);
  p->stop = TRUE;
  g_cond_broadcast (&p->cond);
  g_mutex_unlock (&p->lock);

  for (guint i = 0; i < p->n_workers; i++)
    g_thread_join (p->workers[i]);
  p->n_workers = 0;

  for (guint i = 0; i < p->jobs->len; i++)
    loaded_clear (&p->slots[i]);
  g_clear_pointer (&p->slots, g_free);
  g_mutex_clear (&p->lock);
  g_cond_clear (&p->cond);
}

GlossExportSummary *
gloss_export_corpus (GFile                    *corpus,
                     GlossExportFormat         format,
                     const GlossExportOptions *options,
                     GFile                    *out,
                     GlossExportProgressFunc   progress,
                     gpointer                  progress_data,
                     GCancellable             *cancellable,
                     GError                  **error)
{
  static const GlossExportOptions defaults = GLOSS_EXPORT_OPTIONS_INIT;
  GlossExportOptions opts;
  g_autoptr(GlossTagset) tagset = NULL;
  g_autoptr(GArray) jobs = NULL;
  g_autoptr(GlossExporter) exporter = NULL;
  g_autofree char *base = NULL;
  GlossExportSummary *summary;
  guint n_skipped = 0;
  gboolean several = FALSE;
  Pipeline pipeline;

  g_return_val_if_fail (G_IS_FILE (corpus), NULL);
  g_return_val_if_fail ((guint) format < GLOSS_EXPORT_N_FORMATS, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  opts = options != NULL ? *options : defaults;
  if (opts.annotator != NULL && opts.gold)
    {
      g_set_error (error, GLOSS_EXPORT_ERROR, GLOSS_EXPORT_ERROR_OPTION,
                   "choose one annotator or gold, not both");
      return NULL;
    }
  if (opts.annotator != NULL && !gloss_annotator_id_is_valid (opts.annotator))
    {
      g_set_error (error, GLOSS_EXPORT_ERROR, GLOSS_EXPORT_ERROR_OPTION,
                   "“%s” is not an annotator id (1–64 of a-z, 0-9, -, _ and .)",
                   opts.annotator);
      return NULL;
    }
  if (opts.base == NULL)
    {
      g_autofree char *uri = g_file_get_uri (corpus);

      base = g_str_has_suffix (uri, "/") ? g_strdup (uri) : g_strconcat (uri, "/", NULL);
      opts.base = base;
    }

  tagset = gloss_tagset_load_for_folder (corpus, cancellable, error);
  if (tagset == NULL)
    return NULL;

  jobs = plan_jobs (corpus, &opts, &n_skipped, &several, cancellable, error);
  if (jobs == NULL)
    return NULL;

  exporter = gloss_exporter_new (format, &opts, out, error);
  if (exporter == NULL)
    return NULL;
  gloss_exporter_set_per_annotator (exporter, several);
  exporter->summary.n_articles_skipped = n_skipped;

  pipeline_start (&pipeline, corpus, tagset, jobs, _gloss_export_format_needs_tokens (format),
                  cancellable);
  for (guint i = 0; i < jobs->len; i++)
    {
      Job *job = &g_array_index (jobs, Job, i);
      Loaded loaded;
      gboolean ok;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        {
          pipeline_stop (&pipeline);
          return NULL;
        }
      if (progress != NULL)
        progress (i, jobs->len, job->article, progress_data);

      pipeline_take (&pipeline, i, &loaded);
      if (loaded.set == NULL)
        {
          g_propagate_error (error, loaded.error);
          pipeline_stop (&pipeline);
          return NULL;
        }
      for (guint w = 0; loaded.warnings != NULL && w < loaded.warnings->len; w++)
        _gloss_export_warn (exporter, "%s", (const char *) g_ptr_array_index (loaded.warnings, w));
      exporter->pending_tokens = g_steal_pointer (&loaded.tokens);
      ok = gloss_exporter_add (exporter, loaded.set, error);
      g_clear_pointer (&exporter->pending_tokens, _gloss_export_tokens_free);
      loaded_clear (&loaded);
      if (!ok)
        {
          pipeline_stop (&pipeline);
          return NULL;
        }
    }
  pipeline_stop (&pipeline);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (progress != NULL)
    progress (jobs->len, jobs->len, NULL, progress_data);

  if (!gloss_exporter_finish (exporter, error))
    return NULL;

  summary = g_new0 (GlossExportSummary, 1);
  *summary = exporter->summary;
  exporter->summary.warnings = NULL;
  return summary;
}

/* ---- async --------------------------------------------------------------- */

typedef struct
{
  GFile                  *corpus;
  GFile                  *out;
  GlossExportFormat       format;
  char                   *annotator;
  char                  **types;
  GlossExportOptions      options;
  char                   *base;
  GlossExportProgressFunc progress;
  gpointer                progress_data;
  GDestroyNotify          progress_destroy;
  GMainContext           *context;
  /* The latest progress, handed to the main context. */
  GMutex                  lock;
  guint                   done;
  guint                   total;
  char                   *article;
  gboolean                pending;
  gint                    ref_count;
} ExportTask;

static ExportTask *
export_task_ref (ExportTask *data)
{
  g_atomic_int_inc (&data->ref_count);
  return data;
}

static void
export_task_unref (ExportTask *data)
{
  if (!g_atomic_int_dec_and_test (&data->ref_count))
    return;
  g_clear_object (&data->corpus);
  g_clear_object (&data->out);
  g_free (data->annotator);
  g_strfreev (data->types);
  g_free (data->base);
  g_free (data->article);
  if (data->progress_destroy != NULL)
    data->progress_destroy (data->progress_data);
  g_main_context_unref (data->context);
  g_mutex_clear (&data->lock);
  g_free (data);
}

static gboolean
deliver_progress (gpointer user_data)
{
  ExportTask *data = user_data;
  g_autofree char *article = NULL;
  guint done, total;

  g_mutex_lock (&data->lock);
  done = data->done;
  total = data->total;
  article = g_steal_pointer (&data->article);
  data->pending = FALSE;
  g_mutex_unlock (&data->lock);

  data->progress (done, total, article, data->progress_data);
  return G_SOURCE_REMOVE;
}

/* Runs in the worker: keeps only the newest figures and schedules one
 * delivery at a time, so that a fast export does not flood the main loop. */
static void
thread_progress (guint       done,
                 guint       total,
                 const char *article,
                 gpointer    user_data)
{
  ExportTask *data = user_data;
  gboolean schedule;

  g_mutex_lock (&data->lock);
  data->done = done;
  data->total = total;
  g_free (data->article);
  data->article = g_strdup (article);
  schedule = !data->pending;
  data->pending = TRUE;
  g_mutex_unlock (&data->lock);

  if (schedule)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, deliver_progress, export_task_ref (data),
                             (GDestroyNotify) export_task_unref);
      g_source_set_static_name (source, "[gloss] export progress");
      g_source_attach (source, data->context);
      g_source_unref (source);
    }
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportTask *data = task_data;
  GError *error = NULL;
  GlossExportSummary *summary;

  summary = gloss_export_corpus (data->corpus, data->format, &data->options, data->out,
                                 data->progress != NULL ? thread_progress : NULL, data,
                                 cancellable, &error);
  if (summary == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, summary, (GDestroyNotify) gloss_export_summary_free);
}

void
gloss_export_corpus_async (GFile                    *corpus,
                           GlossExportFormat         format,
                           const GlossExportOptions *options,
                           GFile                    *out,
                           GlossExportProgressFunc   progress,
                           gpointer                  progress_data,
                           GDestroyNotify            progress_destroy,
                           GCancellable             *cancellable,
                           GAsyncReadyCallback       callback,
                           gpointer                  user_data)
{
  static const GlossExportOptions defaults = GLOSS_EXPORT_OPTIONS_INIT;
  g_autoptr(GTask) task = NULL;
  ExportTask *data;

  g_return_if_fail (G_IS_FILE (corpus));
  g_return_if_fail (out == NULL || G_IS_FILE (out));

  if (options == NULL)
    options = &defaults;

  data = g_new0 (ExportTask, 1);
  data->ref_count = 1;
  g_mutex_init (&data->lock);
  data->corpus = g_object_ref (corpus);
  data->out = out != NULL ? g_object_ref (out) : NULL;
  data->format = format;
  data->options = *options;
  data->annotator = g_strdup (options->annotator);
  data->options.annotator = data->annotator;
  data->types = g_strdupv ((char **) options->types);
  data->options.types = (const char * const *) data->types;
  data->base = g_strdup (options->base);
  data->options.base = data->base;
  data->progress = progress;
  data->progress_data = progress_data;
  data->progress_destroy = progress_destroy;
  data->context = g_main_context_ref_thread_default ();

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gloss_export_corpus_async);
  /* The result says what the export did: one that finished and moved its
   * output into place before a late Cancel is a success, not an error
   * that leaves files behind. */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_name (task, "[gloss] export");
  g_task_set_task_data (task, data, (GDestroyNotify) export_task_unref);
  g_task_run_in_thread (task, export_thread);
}

GlossExportSummary *
gloss_export_corpus_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_async_result_is_tagged (result, gloss_export_corpus_async), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
