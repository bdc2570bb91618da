/* gloss-sidecar-writer.c: writing sidecar files
 *
 * The same set always gives the same bytes: elements in the schema's order,
 * annotations in the set's order, attributes in a fixed order, and no time
 * taken from the clock. Quotes are taken from the article, except for spans
 * that no longer match a changed article, whose stored quotes are written
 * back as they were read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-sidecar"
/* sync_file_range() */
#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <libxml/xmlwriter.h>

#include "gloss-annotation-private.h"
#include "gloss-sidecar.h"
#include "gloss-xml.h"

/* Defined in gloss-sidecar.c. */
gboolean    _gloss_sidecar_get_stored_quote  (GlossAnnotation    *annotation,
                                              gboolean            cue,
                                              guint              *start,
                                              guint              *end,
                                              const char        **prefix,
                                              const char        **exact,
                                              const char        **suffix);
const char *_gloss_sidecar_get_stored_source (GlossAnnotationSet *set,
                                              guint              *length);

/* Code points of context on each side of a quote (W3C TextQuoteSelector). */
#define QUOTE_CONTEXT 32

/* Written when spans do not match the article but the hash of the article
 * they were made on is unknown: a reader then treats the article as changed
 * and keeps the stored quotes instead of refusing the file. */
#define UNKNOWN_SHA256 "0000000000000000000000000000000000000000000000000000000000000000"

typedef struct
{
  xmlTextWriterPtr    w;
  GlossAnnotationSet *set;
  GlossDocument      *document;
  guint               length;
  const char         *annotator_id;
  GString            *scratch;
  GString            *escaped;
  char                number[32];
} Writer;

static int
write_to_array (void       *context,
                const char *buffer,
                int         len)
{
  g_byte_array_append (context, (const guint8 *) buffer, len);
  return len;
}

static int
close_array (void *context)
{
  return 0;
}

/* XML 1.0 cannot carry most control characters nor U+FFFE/U+FFFF, even as
 * character references. Strings that hold one (an article with a form
 * feed, say) are written with U+FFFD in its place; the reader accepts
 * U+FFFD in a quote for such a character of the article. */
static gboolean
needs_cleaning (const char *s,
                gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      guchar c = s[i];

      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
        return TRUE;
      if (c == 0xEF && i + 2 < len && (guchar) s[i + 1] == 0xBF
          && ((guchar) s[i + 2] == 0xBE || (guchar) s[i + 2] == 0xBF))
        return TRUE;
    }
  return FALSE;
}

/* A NUL-terminated copy of @s (of @len bytes) in the scratch buffer, with
 * characters XML cannot hold replaced. Valid until the next call. */
static const char *
xml_text (Writer     *wr,
          const char *s,
          gsize       len)
{
  g_string_truncate (wr->scratch, 0);
  if (!needs_cleaning (s, len))
    {
      g_string_append_len (wr->scratch, s, len);
      return wr->scratch->str;
    }
  for (const char *p = s; p < s + len; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF)
        g_string_append_unichar (wr->scratch, 0xFFFD);
      else
        g_string_append_len (wr->scratch, p, g_utf8_next_char (p) - p);
    }
  return wr->scratch->str;
}

static const char *
xml_string (Writer     *wr,
            const char *s)
{
  gsize len = strlen (s);

  if (!needs_cleaning (s, len))
    return s;
  return xml_text (wr, s, len);
}

/* Writes name="value" escaping the value here rather than through
 * xmlTextWriterWriteString, which escapes one character at a time and cost
 * half of a large save. The escapes are the ones libxml2 uses for
 * attributes: & < > " and the line break, carriage return and tab as
 * character references, so that attribute-value normalisation on reading
 * gives them back. */
static gboolean
attribute_len (Writer     *wr,
               const char *name,
               const char *value,
               gsize       len)
{
  GString *out = wr->escaped;
  const char *run = value;
  const char *p;
  const char *end;

  if (needs_cleaning (value, len))
    {
      value = xml_text (wr, value, len);
      len = wr->scratch->len;
    }
  end = value + len;

  g_string_truncate (out, 0);
  for (p = run = value; p < end; p++)
    {
      const char *ref;

      switch (*p)
        {
        case '&': ref = "&amp;"; break;
        case '<': ref = "&lt;"; break;
        case '>': ref = "&gt;"; break;
        case '"': ref = "&quot;"; break;
        case '\n': ref = "&#10;"; break;
        case '\r': ref = "&#13;"; break;
        case '\t': ref = "&#9;"; break;
        default: continue;
        }
      g_string_append_len (out, run, p - run);
      g_string_append (out, ref);
      run = p + 1;
    }
  g_string_append_len (out, run, end - run);

  return xmlTextWriterStartAttribute (wr->w, (const xmlChar *) name) >= 0
         && xmlTextWriterWriteRawLen (wr->w, (const xmlChar *) out->str, (int) out->len) >= 0
         && xmlTextWriterEndAttribute (wr->w) >= 0;
}

static gboolean
attribute (Writer     *wr,
           const char *name,
           const char *value)
{
  return attribute_len (wr, name, value, strlen (value));
}

static gboolean
attribute_uint (Writer     *wr,
                const char *name,
                guint       value)
{
  g_snprintf (wr->number, sizeof wr->number, "%u", value);
  return xmlTextWriterWriteAttribute (wr->w, (const xmlChar *) name,
                                      (const xmlChar *) wr->number) >= 0;
}

static gboolean
attribute_time (Writer     *wr,
                const char *name,
                gint64      time)
{
  g_autofree char *text = gloss_xml_format_time (time);

  return xmlTextWriterWriteAttribute (wr->w, (const xmlChar *) name, (const xmlChar *) text) >= 0;
}

static gboolean
start (Writer     *wr,
       const char *name)
{
  return xmlTextWriterStartElement (wr->w, (const xmlChar *) name) >= 0;
}

static gboolean
end (Writer *wr)
{
  return xmlTextWriterEndElement (wr->w) >= 0;
}

/* <quote> from the article between @qstart and @qend (inside the text).
 * Two offset look-ups; the context is walked from there. */
static gboolean
quote_from_text (Writer *wr,
                 guint   qstart,
                 guint   qend)
{
  gsize text_len;
  const char *text = gloss_document_get_text (wr->document, &text_len);
  const char *s, *e, *p;

  /* The text starts after a byte-order mark, which is not part of it. */
  s = text + gloss_document_offset_to_byte (wr->document, qstart);
  e = text + gloss_document_offset_to_byte (wr->document, qend);

  if (!start (wr, "quote"))
    return FALSE;
  p = s;
  for (guint i = 0; i < QUOTE_CONTEXT && p > text; i++)
    p = g_utf8_prev_char (p);
  if (!attribute_len (wr, "prefix", p, s - p))
    return FALSE;
  if (!attribute_len (wr, "exact", s, e - s))
    return FALSE;
  p = e;
  for (guint i = 0; i < QUOTE_CONTEXT && p < text + text_len; i++)
    p = g_utf8_next_char (p);
  if (!attribute_len (wr, "suffix", e, p - e))
    return FALSE;
  return end (wr);
}

static gboolean
quote_stored (Writer     *wr,
              const char *prefix,
              const char *exact,
              const char *suffix)
{
  if (!start (wr, "quote"))
    return FALSE;
  if (prefix != NULL && !attribute (wr, "prefix", prefix))
    return FALSE;
  if (!attribute (wr, "exact", exact != NULL ? exact : ""))
    return FALSE;
  if (suffix != NULL && !attribute (wr, "suffix", suffix))
    return FALSE;
  return end (wr);
}

/* The quote of a claim's cue or source span. */
static gboolean
sub_quote (Writer          *wr,
           GlossAnnotation *claim,
           gboolean         cue,
           guint            qstart,
           guint            qend)
{
  guint s, e;
  const char *prefix, *exact, *suffix;

  if (gloss_annotation_get_anchor_state (claim) != GLOSS_ANCHOR_OK
      && _gloss_sidecar_get_stored_quote (claim, cue, &s, &e, &prefix, &exact, &suffix)
      && s == qstart && e == qend)
    return quote_stored (wr, prefix, exact, suffix);
  if (qend <= wr->length && qstart < qend)
    return quote_from_text (wr, qstart, qend);
  return quote_stored (wr, NULL, "", NULL);
}

static gboolean
common_attributes (Writer          *wr,
                   GlossAnnotation *a)
{
  const char *annotator = gloss_annotation_get_annotator (a);
  gint64 created = gloss_annotation_get_created (a);
  gint64 modified = gloss_annotation_get_modified (a);

  if (annotator != NULL && g_strcmp0 (annotator, wr->annotator_id) != 0
      && !attribute (wr, "annotator", annotator))
    return FALSE;
  if (created != 0 && !attribute_time (wr, "created", created))
    return FALSE;
  if (modified != 0 && !attribute_time (wr, "modified", modified))
    return FALSE;
  return TRUE;
}

static gboolean
extensions (Writer          *wr,
            const GPtrArray *list)
{
  if (list == NULL || list->len == 0)
    return TRUE;
  if (!start (wr, "extensions"))
    return FALSE;
  for (guint i = 0; i < list->len; i++)
    if (xmlTextWriterWriteRaw (wr->w, g_ptr_array_index (list, i)) < 0)
      return FALSE;
  return end (wr);
}

/* Attributes, link and note: the tail shared by entities and claims. */
static gboolean
details (Writer          *wr,
         GlossAnnotation *a)
{
  guint n = gloss_annotation_get_n_attributes (a);
  const char *link = gloss_annotation_get_link (a);
  const char *note = gloss_annotation_get_note (a);

  for (guint i = 0; i < n; i++)
    {
      const char *name, *value;

      gloss_annotation_get_nth_attribute (a, i, &name, &value);
      if (!start (wr, "attribute") || !attribute (wr, "name", name)
          || !attribute (wr, "value", value) || !end (wr))
        return FALSE;
    }
  if (link != NULL
      && xmlTextWriterWriteElement (wr->w, (const xmlChar *) "link",
                                    (const xmlChar *) xml_string (wr, link)) < 0)
    return FALSE;
  if (note != NULL
      && xmlTextWriterWriteElement (wr->w, (const xmlChar *) "note",
                                    (const xmlChar *) xml_string (wr, note)) < 0)
    return FALSE;
  return TRUE;
}

static gboolean
main_quote (Writer          *wr,
            GlossAnnotation *a)
{
  if (gloss_annotation_get_anchor_state (a) != GLOSS_ANCHOR_OK)
    return quote_stored (wr, _gloss_annotation_get_stored_prefix (a),
                         gloss_annotation_get_stored_exact (a),
                         _gloss_annotation_get_stored_suffix (a));
  return quote_from_text (wr, gloss_annotation_get_start (a), gloss_annotation_get_end (a));
}

static gboolean
write_entity (Writer          *wr,
              GlossAnnotation *a)
{
  return start (wr, "entity")
         && attribute (wr, "id", gloss_annotation_get_id (a))
         && attribute (wr, "type", gloss_annotation_get_type_id (a))
         && attribute_uint (wr, "start", gloss_annotation_get_start (a))
         && attribute_uint (wr, "end", gloss_annotation_get_end (a))
         && common_attributes (wr, a)
         && main_quote (wr, a)
         && details (wr, a)
         && extensions (wr, _gloss_annotation_get_extensions (a))
         && end (wr);
}

static gboolean
write_claim (Writer          *wr,
             GlossAnnotation *a)
{
  const char *parent = gloss_annotation_get_parent (a);
  guint s, e;

  if (!start (wr, "claim")
      || !attribute (wr, "id", gloss_annotation_get_id (a))
      || !attribute_uint (wr, "start", gloss_annotation_get_start (a))
      || !attribute_uint (wr, "end", gloss_annotation_get_end (a))
      || (parent != NULL && !attribute (wr, "parent", parent))
      || !common_attributes (wr, a)
      || !main_quote (wr, a))
    return FALSE;

  switch (gloss_annotation_get_source_kind (a))
    {
    case GLOSS_SOURCE_ENTITY:
      if (!start (wr, "source")
          || !attribute (wr, "entity", gloss_annotation_get_source_entity (a))
          || !end (wr))
        return FALSE;
      break;
    case GLOSS_SOURCE_SPAN:
      if (!gloss_annotation_get_source_span (a, &s, &e)
          || !start (wr, "source")
          || !attribute_uint (wr, "start", s)
          || !attribute_uint (wr, "end", e)
          || !sub_quote (wr, a, FALSE, s, e)
          || !end (wr))
        return FALSE;
      break;
    case GLOSS_SOURCE_ARTICLE:
      if (!start (wr, "source") || !attribute (wr, "article", "true") || !end (wr))
        return FALSE;
      break;
    case GLOSS_SOURCE_NONE:
    default:
      break;
    }

  if (gloss_annotation_get_cue (a, &s, &e)
      && (!start (wr, "cue")
          || !attribute_uint (wr, "start", s)
          || !attribute_uint (wr, "end", e)
          || !sub_quote (wr, a, TRUE, s, e)
          || !end (wr)))
    return FALSE;

  return details (wr, a)
         && extensions (wr, _gloss_annotation_get_extensions (a))
         && end (wr);
}

static gboolean
write_relation (Writer          *wr,
                GlossAnnotation *a)
{
  const char *note = gloss_annotation_get_note (a);

  return start (wr, "relation")
         && attribute (wr, "id", gloss_annotation_get_id (a))
         && attribute (wr, "type", gloss_annotation_get_type_id (a))
         && attribute (wr, "from", gloss_annotation_get_from (a))
         && attribute (wr, "to", gloss_annotation_get_to (a))
         && common_attributes (wr, a)
         && (note == NULL
             || xmlTextWriterWriteElement (wr->w, (const xmlChar *) "note",
                                           (const xmlChar *) xml_string (wr, note)) >= 0)
         && extensions (wr, _gloss_annotation_get_extensions (a))
         && end (wr);
}

static gboolean
write_list (Writer     *wr,
            const char *name,
            GListModel *list,
            gboolean  (*write_one) (Writer *, GlossAnnotation *))
{
  guint n = g_list_model_get_n_items (list);

  if (n == 0)
    return TRUE;
  if (!start (wr, name))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GlossAnnotation) a = g_list_model_get_item (list, i);

      if (!write_one (wr, a))
        return FALSE;
    }
  return end (wr);
}

static gboolean
any_unanchored (GListModel *list)
{
  guint n = g_list_model_get_n_items (list);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GlossAnnotation) a = g_list_model_get_item (list, i);

      if (gloss_annotation_get_anchor_state (a) != GLOSS_ANCHOR_OK)
        return TRUE;
    }
  return FALSE;
}

static gboolean
write_header (Writer *wr)
{
  GlossAnnotationSet *set = wr->set;
  GlossTagset *tagset = gloss_annotation_set_get_tagset (set);
  const char *sha256 = gloss_document_get_sha256 (wr->document);
  guint length = wr->length;
  const char *tagset_id = gloss_annotation_set_get_tagset_id (set);
  const char *tagset_version = gloss_annotation_set_get_tagset_version (set);
  const char *annotator_name = gloss_annotation_set_get_annotator_name (set);
  g_autofree char *name = g_path_get_basename (gloss_document_get_name (wr->document));
  gint64 created = gloss_annotation_set_get_created (set);
  gint64 modified = gloss_annotation_set_get_modified (set);

  /* Spans that no longer match the article keep the quotes of the article
   * they were made on; the file then records that article, so that the
   * next load knows the quotes are not meant for this text. */
  if (any_unanchored (gloss_annotation_set_get_entities (set))
      || any_unanchored (gloss_annotation_set_get_claims (set)))
    {
      guint stored_length;
      const char *stored = _gloss_sidecar_get_stored_source (set, &stored_length);

      if (stored != NULL && g_strcmp0 (stored, sha256) != 0)
        {
          sha256 = stored;
          length = stored_length;
        }
      else
        sha256 = UNKNOWN_SHA256;
    }

  if (tagset_id == NULL)
    tagset_id = gloss_tagset_get_id (tagset);
  if (tagset_version == NULL)
    tagset_version = gloss_tagset_get_version (tagset);
  if (created == 0)
    created = modified;
  if (modified == 0)
    modified = created;

  return start (wr, "source")
         && attribute (wr, "name", name)
         && attribute (wr, "sha256", sha256)
         && attribute_uint (wr, "length", length)
         && end (wr)
         && start (wr, "annotator")
         && attribute (wr, "id", wr->annotator_id)
         && (annotator_name == NULL || attribute (wr, "name", annotator_name))
         && end (wr)
         && start (wr, "tagset")
         && attribute (wr, "id", tagset_id != NULL ? tagset_id : "")
         && attribute (wr, "version", tagset_version != NULL ? tagset_version : "")
         && end (wr)
         && start (wr, "history")
         && attribute_time (wr, "created", created)
         && attribute_time (wr, "modified", modified)
         && end (wr);
}

/* Writes the whole sidecar of @set through @out, which it closes. */
static gboolean
write_sidecar (GlossAnnotationSet *set,
               xmlOutputBufferPtr  out,
               GError            **error)
{
  g_autoptr(GString) scratch = NULL;
  g_autoptr(GString) escaped = NULL;
  Writer wr = { 0 };
  const char *name;
  gboolean ok;

  gloss_xml_init ();

  wr.set = set;
  wr.document = gloss_annotation_set_get_document (set);
  wr.length = gloss_document_get_length (wr.document);
  wr.annotator_id = gloss_annotation_set_get_annotator_id (set);
  wr.scratch = scratch = g_string_sized_new (256);
  wr.escaped = escaped = g_string_sized_new (256);

  name = gloss_document_get_name (wr.document);
  if (name == NULL || *name == '\0')
    {
      xmlOutputBufferClose (out);
      g_set_error (error, GLOSS_SIDECAR_ERROR, GLOSS_SIDECAR_ERROR_IO,
                   "The article has no file name to record in its sidecar");
      return FALSE;
    }

  wr.w = xmlNewTextWriter (out);
  if (wr.w == NULL)
    {
      xmlOutputBufferClose (out);
      g_set_error (error, GLOSS_SIDECAR_ERROR, GLOSS_SIDECAR_ERROR_IO,
                   "Could not start the XML writer");
      return FALSE;
    }

  ok = xmlTextWriterSetIndent (wr.w, 1) >= 0
       && xmlTextWriterSetIndentString (wr.w, (const xmlChar *) "  ") >= 0
       && xmlTextWriterStartDocument (wr.w, "1.0", "UTF-8", NULL) >= 0
       && xmlTextWriterStartElementNS (wr.w, NULL, (const xmlChar *) "gloss",
                                       (const xmlChar *) GLOSS_SIDECAR_NAMESPACE) >= 0
       && attribute_uint (&wr, "version", GLOSS_SIDECAR_VERSION)
       && write_header (&wr)
       && write_list (&wr, "entities", gloss_annotation_set_get_entities (set), write_entity)
       && write_list (&wr, "claims", gloss_annotation_set_get_claims (set), write_claim)
       && write_list (&wr, "relations", gloss_annotation_set_get_relations (set), write_relation)
       && extensions (&wr, _gloss_annotation_set_get_extensions (set))
       && xmlTextWriterEndDocument (wr.w) >= 0
       && xmlTextWriterFlush (wr.w) >= 0;

  /* Also closes @out. */
  xmlFreeTextWriter (wr.w);
  if (!ok)
    {
      g_set_error (error, GLOSS_SIDECAR_ERROR, GLOSS_SIDECAR_ERROR_IO,
                   "Could not write the annotations of %s as XML", name);
      return FALSE;
    }
  return TRUE;
}

GBytes *
gloss_sidecar_to_bytes (GlossAnnotationSet *set,
                        GError            **error)
{
  g_autoptr(GByteArray) array = NULL;
  xmlOutputBufferPtr out;

  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (set), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  gloss_xml_init ();

  array = g_byte_array_sized_new (4096 + 300 * gloss_annotation_set_get_size (set));
  out = xmlOutputBufferCreateIO (write_to_array, close_array, array, NULL);
  if (out == NULL)
    {
      g_set_error (error, GLOSS_SIDECAR_ERROR, GLOSS_SIDECAR_ERROR_IO,
                   "Could not start the XML writer");
      return NULL;
    }
  if (!write_sidecar (set, out, error))
    return NULL;

  return g_byte_array_free_to_bytes (g_steal_pointer (&array));
}

/* Streaming into the temporary file: the kernel is asked to start writing
 * back every few megabytes while the rest is generated, so that the final
 * fsync() waits for little more than the tail. */
#define WRITEBACK_CHUNK (4 * 1024 * 1024)

typedef struct
{
  int    fd;
  int    errsv;     /* errno of the first failed write, or 0 */
  gint64 written;
  gint64 flushed;   /* bytes handed to writeback so far */
} FileSink;

static int
write_to_fd (void       *context,
             const char *buffer,
             int         len)
{
  FileSink *sink = context;
  int done = 0;

  while (done < len)
    {
      gssize n = write (sink->fd, buffer + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          sink->errsv = errno;
          return -1;
        }
      done += n;
    }
  sink->written += len;

#ifdef SYNC_FILE_RANGE_WRITE
  if (sink->written - sink->flushed >= WRITEBACK_CHUNK)
    {
      /* Only a hint: a failure here shows up at fsync() time. */
      sync_file_range (sink->fd, sink->flushed, sink->written - sink->flushed,
                       SYNC_FILE_RANGE_WRITE);
      sink->flushed = sink->written;
    }
#endif
  return len;
}

static int
close_fd_sink (void *context)
{
  return 0;
}

/* Writes the sidecar into a temporary file beside @path, makes it durable
 * and renames it over @path: the file is the old or the new version, never
 * a mixture, and a failure leaves the old one untouched. */
static gboolean
save_to_path (GlossAnnotationSet *set,
              const char         *path,
              GCancellable       *cancellable,
              GError            **error)
{
  g_autofree char *tmp_path = g_strconcat (path, ".XXXXXX", NULL);
  g_autoptr(GError) write_error = NULL;
  FileSink sink = { -1, 0, 0, 0 };
  xmlOutputBufferPtr out;
  gboolean ok;

  sink.fd = g_mkstemp_full (tmp_path, O_WRONLY | O_CLOEXEC, 0644);
  if (sink.fd < 0)
    {
      int errsv = errno;

      g_set_error_literal (error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                           g_strerror (errsv));
      return FALSE;
    }
  /* g_mkstemp_full() applies the umask like open(); the file is meant to
   * be shared, as g_file_set_contents_full() would make it. */
  fchmod (sink.fd, 0644);

  out = xmlOutputBufferCreateIO (write_to_fd, close_fd_sink, &sink, NULL);
  if (out == NULL)
    {
      g_set_error (&write_error, GLOSS_SIDECAR_ERROR, GLOSS_SIDECAR_ERROR_IO,
                   "Could not start the XML writer");
      ok = FALSE;
    }
  else
    ok = write_sidecar (set, out, &write_error);

  if (!ok && sink.errsv != 0)
    {
      /* The disk's reason (full, quota) says more than the writer's. */
      g_clear_error (&write_error);
      g_set_error_literal (&write_error, G_FILE_ERROR, g_file_error_from_errno (sink.errsv),
                           g_strerror (sink.errsv));
    }
  if (ok && g_cancellable_set_error_if_cancelled (cancellable, &write_error))
    ok = FALSE;
  if (ok && fsync (sink.fd) != 0)
    {
      int errsv = errno;

      g_set_error_literal (&write_error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                           g_strerror (errsv));
      ok = FALSE;
    }
  if (close (sink.fd) != 0 && ok)
    {
      int errsv = errno;

      g_set_error_literal (&write_error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                           g_strerror (errsv));
      ok = FALSE;
    }
  if (ok && g_rename (tmp_path, path) != 0)
    {
      int errsv = errno;

      g_set_error_literal (&write_error, G_FILE_ERROR, g_file_error_from_errno (errsv),
                           g_strerror (errsv));
      ok = FALSE;
    }

  if (!ok)
    {
      g_unlink (tmp_path);
      g_propagate_error (error, g_steal_pointer (&write_error));
      return FALSE;
    }
  return TRUE;
}

gboolean
gloss_sidecar_save (GlossAnnotationSet *set,
                    GFile              *file,
                    GCancellable       *cancellable,
                    GError            **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *name = NULL;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (set), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = g_file_get_parse_name (file);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  /* A local file is written as it is generated; any other through GIO,
   * which also writes a temporary file and renames it. */
  path = g_file_get_path (file);
  if (path != NULL)
    ok = save_to_path (set, path, cancellable, &local_error);
  else
    {
      bytes = gloss_sidecar_to_bytes (set, &local_error);
      ok = bytes != NULL
           && g_file_replace_contents (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                       NULL, FALSE, G_FILE_CREATE_NONE, NULL, cancellable,
                                       &local_error);
    }

  if (!ok)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, GLOSS_SIDECAR_ERROR, GLOSS_SIDECAR_ERROR_IO,
                     "Could not save %s: %s", name, local_error->message);
      return FALSE;
    }
  return TRUE;
}
