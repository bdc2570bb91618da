/* gloss-sidecar.c: reading sidecar files
 *
 * The file is streamed, and checked against the RelaxNG schema as it is
 * read, in one of two ways (see gloss-sidecar-private.h): SAX with a check
 * of the schema's content models of our own (gloss-sidecar-sax.c) for the
 * files Gloss writes, xmlTextReader with libxml2's validator for files
 * with comments or extensions. No tree is ever built. Checks that the
 * schema cannot express (offsets inside the text, types of the tagset,
 * unique ids, references, quotes against the article) are made here and
 * reported with the file, the line and the annotation's id.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-sidecar"

#include "config.h"

#include <string.h>

#include "gloss-annotation-private.h"
#include "gloss-sidecar-private.h"
#include "gloss-review.h"
#include "gloss-sidecar.h"
#include "gloss-xml.h"

/* Shared with gloss-sidecar-writer.c, which declares them the same way. */
gboolean    _gloss_sidecar_quote_matches     (GlossDocument      *document,
                                              guint               start,
                                              guint               end,
                                              const char         *exact);
gboolean    _gloss_sidecar_get_stored_quote  (GlossAnnotation    *annotation,
                                              gboolean            cue,
                                              guint              *start,
                                              guint              *end,
                                              const char        **prefix,
                                              const char        **exact,
                                              const char        **suffix);
const char *_gloss_sidecar_get_stored_source (GlossAnnotationSet *set,
                                              guint              *length);

#define STASH_KEY          "gloss-sidecar-stash"
#define SOURCE_SHA256_KEY  "gloss-sidecar-source-sha256"
#define SOURCE_LENGTH_KEY  "gloss-sidecar-source-length"

typedef struct
{
  guint            start;
  guint            end;
  GlossAnchorState state;
  char            *prefix;
  char            *exact;
  char            *suffix;
} GlossSidecarQuote;

typedef struct
{
  GlossSidecarQuote cue;
  GlossSidecarQuote source;
} GlossSidecarStash;

G_DEFINE_QUARK (gloss-sidecar-error-quark, gloss_sidecar_error)

static const GlossXmlErrorCodes sidecar_codes = {
  0, /* domain: filled at run time */
  GLOSS_SIDECAR_ERROR_PARSE,
  GLOSS_SIDECAR_ERROR_FORBIDDEN,
  GLOSS_SIDECAR_ERROR_INVALID,
};

void
gloss_sidecar_report_free (GlossSidecarReport *report)
{
  if (report == NULL)
    return;
  g_free (report->source_name);
  g_free (report->source_sha256);
  g_clear_pointer (&report->warnings, g_ptr_array_unref);
  g_free (report);
}

static GlossSidecarReport *
report_new (void)
{
  GlossSidecarReport *report = g_new0 (GlossSidecarReport, 1);

  report->warnings = g_ptr_array_new_with_free_func (g_free);
  return report;
}

/* Quotes of a claim's cue and source span read from a file whose article
 * changed, kept so that a save writes them back as they were. */
static void
sidecar_quote_free (GlossSidecarQuote *quote)
{
  g_free (quote->prefix);
  g_free (quote->exact);
  g_free (quote->suffix);
}

static void
sidecar_stash_free (gpointer data)
{
  GlossSidecarStash *stash = data;

  sidecar_quote_free (&stash->cue);
  sidecar_quote_free (&stash->source);
  g_free (stash);
}

/* The quote of a claim's cue (@cue) or source span as read from a file
 * whose article changed, when the claim is not anchored. */
gboolean
_gloss_sidecar_get_stored_quote (GlossAnnotation *annotation,
                                 gboolean         cue,
                                 guint           *start,
                                 guint           *end,
                                 const char     **prefix,
                                 const char     **exact,
                                 const char     **suffix)
{
  GlossSidecarStash *stash = g_object_get_data (G_OBJECT (annotation), STASH_KEY);
  GlossSidecarQuote *quote;

  if (stash == NULL)
    return FALSE;
  quote = cue ? &stash->cue : &stash->source;
  if (quote->exact == NULL)
    return FALSE;
  *start = quote->start;
  *end = quote->end;
  *prefix = quote->prefix;
  *exact = quote->exact;
  *suffix = quote->suffix;
  return TRUE;
}

/* The article hash and length read from a file whose article changed. */
const char *
_gloss_sidecar_get_stored_source (GlossAnnotationSet *set,
                                  guint              *length)
{
  *length = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (set), SOURCE_LENGTH_KEY));
  return g_object_get_data (G_OBJECT (set), SOURCE_SHA256_KEY);
}

/* ------------------------------------------------------------------ */
/* Errors                                                              */

static GError *
error_new (GlossXmlReader *xr,
           int             line,
           int             code,
           const char     *format,
           ...) G_GNUC_PRINTF (4, 5);

static GError *
error_new (GlossXmlReader *xr,
           int             line,
           int             code,
           const char     *format,
           ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  return g_error_new (GLOSS_SIDECAR_ERROR, code, "%s:%d: %s",
                      gloss_xml_reader_get_filename (xr), MAX (line, 1), message);
}

static const char *
kind_name (GlossAnnotationKind kind)
{
  switch (kind)
    {
    case GLOSS_ANNOTATION_ENTITY:
      return "entity";
    case GLOSS_ANNOTATION_CLAIM:
      return "claim";
    case GLOSS_ANNOTATION_RELATION:
      return "relation";
    default:
      return "annotation";
    }
}

static GlossXmlErrorCodes
codes (void)
{
  GlossXmlErrorCodes c = sidecar_codes;

  c.domain = GLOSS_SIDECAR_ERROR;
  return c;
}

/* Namespaces that Gloss itself defines for elements kept in
 * <extensions> (docs/sidecar-format.md, "Extensions"). Their elements are
 * kept and written back like any other extension, but they are expected,
 * so a load does not report them as unknown. */
static const char * const gloss_extension_namespaces[] = {
  GLOSS_REVIEW_NAMESPACE,
};

static gboolean
is_gloss_extension_namespace (const char *ns)
{
  if (ns == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (gloss_extension_namespaces); i++)
    {
      if (strcmp (ns, gloss_extension_namespaces[i]) == 0)
        return TRUE;
    }
  return FALSE;
}

/* ------------------------------------------------------------------ */
/* The root element                                                    */

static gboolean
is_ours (xmlTextReaderPtr r)
{
  const char *ns = (const char *) xmlTextReaderConstNamespaceUri (r);

  return ns != NULL && strcmp (ns, GLOSS_SIDECAR_NAMESPACE) == 0;
}

/* Reads up to the root element and checks that it is a Gloss sidecar of a
 * version this code reads, so that a foreign or newer file gets a message
 * that says so rather than a schema complaint. Used without a schema. */
static gboolean
check_root (GlossXmlReader *xr,
            GError        **error)
{
  xmlTextReaderPtr r = gloss_xml_reader_get_reader (xr);
  gboolean at_end;

  while (gloss_xml_reader_read (xr, &at_end, error))
    {
      const char *name;
      const char *version;
      guint number;

      if (xmlTextReaderNodeType (r) != XML_READER_TYPE_ELEMENT)
        continue;

      name = (const char *) xmlTextReaderConstName (r);
      if (!is_ours (r) || strcmp ((const char *) xmlTextReaderConstLocalName (r), "gloss") != 0)
        {
          const char *ns = (const char *) xmlTextReaderConstNamespaceUri (r);

          if (strcmp ((const char *) xmlTextReaderConstLocalName (r), "gloss") == 0)
            g_propagate_error (error,
                               error_new (xr, gloss_xml_reader_get_node_line (xr),
                                          GLOSS_SIDECAR_ERROR_FOREIGN,
                                          "this is not a Gloss sidecar (root element <%s> in namespace “%s” instead of “%s”)",
                                          name, ns != NULL ? ns : "", GLOSS_SIDECAR_NAMESPACE));
          else
            g_propagate_error (error,
                               error_new (xr, gloss_xml_reader_get_node_line (xr),
                                          GLOSS_SIDECAR_ERROR_FOREIGN,
                                          "this is not a Gloss sidecar (root element <%s>)", name));
          return FALSE;
        }

      version = gloss_xml_reader_get_attribute (xr, "version");
      if (version != NULL && gloss_xml_parse_uint (version, &number)
          && number > GLOSS_SIDECAR_VERSION)
        {
          g_propagate_error (error,
                             error_new (xr, gloss_xml_reader_get_node_line (xr),
                                        GLOSS_SIDECAR_ERROR_VERSION,
                                        "this sidecar has format version %u, written by a newer Gloss; "
                                        "this Gloss reads version %d: update Gloss to open it",
                                        number, GLOSS_SIDECAR_VERSION));
          return FALSE;
        }
      if (version != NULL && gloss_xml_parse_uint (version, &number) && number == 0)
        {
          g_propagate_error (error,
                             error_new (xr, gloss_xml_reader_get_node_line (xr),
                                        GLOSS_SIDECAR_ERROR_INVALID,
                                        "format version %s does not exist", version));
          return FALSE;
        }
      return TRUE;
    }

  if (at_end)
    g_propagate_error (error,
                       error_new (xr, gloss_xml_reader_get_line (xr),
                                  GLOSS_SIDECAR_ERROR_PARSE, "the file has no root element"));
  return FALSE;
}

/* Whether @bytes begin with the declaration and root start tag that Gloss
 * writes (gloss-sidecar-writer.c). */
static gboolean
starts_as_written (GBytes *bytes)
{
  static const char start[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<gloss version=\"" G_STRINGIFY (GLOSS_SIDECAR_VERSION) "\" xmlns=\"" GLOSS_SIDECAR_NAMESPACE "\">";
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  return len >= sizeof start - 1 && memcmp (data, start, sizeof start - 1) == 0;
}

static gboolean
check_size (GBytes      *bytes,
            const char  *filename,
            GError     **error)
{
  gsize size = g_bytes_get_size (bytes);

  if (size > GLOSS_SIDECAR_MAX_BYTES)
    {
      g_set_error (error, GLOSS_SIDECAR_ERROR, GLOSS_SIDECAR_ERROR_TOO_LARGE,
                   "%s: the file is too large to be a sidecar (%" G_GSIZE_FORMAT
                   " bytes; the limit is %" G_GSIZE_FORMAT " bytes)",
                   filename, size, GLOSS_SIDECAR_MAX_BYTES);
      return FALSE;
    }

  /* Only white space: libxml2 would speak of "extra content". */
  {
    const char *data = g_bytes_get_data (bytes, NULL);
    gsize i;

    for (i = 0; i < size; i++)
      if (data[i] != ' ' && data[i] != '\n' && data[i] != '\r' && data[i] != '\t')
        break;
    if (i == size)
      {
        g_set_error (error, GLOSS_SIDECAR_ERROR, GLOSS_SIDECAR_ERROR_PARSE,
                     "%s:1: the file is empty", filename);
        return FALSE;
      }
  }
  return TRUE;
}

gboolean
gloss_sidecar_peek_bytes (GBytes      *bytes,
                          const char  *filename,
                          char       **source_name,
                          char       **annotator_id,
                          GError     **error)
{
  g_autoptr(GlossXmlReader) xr = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *source = NULL;
  g_autofree char *annotator = NULL;
  GlossXmlErrorCodes c = codes ();
  xmlTextReaderPtr r;
  gboolean at_end = FALSE;

  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (filename != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_size (bytes, filename, error))
    return FALSE;
  xr = gloss_xml_reader_new (bytes, filename, NULL, &c, error);
  if (xr == NULL)
    return FALSE;
  if (!check_root (xr, error))
    return FALSE;

  r = gloss_xml_reader_get_reader (xr);
  while (source == NULL || annotator == NULL)
    {
      const char *local;

      if (!gloss_xml_reader_read (xr, &at_end, &local_error))
        break;
      if (xmlTextReaderNodeType (r) != XML_READER_TYPE_ELEMENT)
        continue;
      if (xmlTextReaderDepth (r) != 1 || !is_ours (r))
        break;
      local = (const char *) xmlTextReaderConstLocalName (r);
      if (strcmp (local, "source") == 0 && source == NULL)
        source = g_strdup (gloss_xml_reader_get_attribute (xr, "name"));
      else if (strcmp (local, "annotator") == 0 && annotator == NULL)
        annotator = g_strdup (gloss_xml_reader_get_attribute (xr, "id"));
      else if (strcmp (local, "tagset") != 0 && strcmp (local, "history") != 0)
        break;
    }

  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (source == NULL || annotator == NULL || *source == '\0'
      || !gloss_annotator_id_is_valid (annotator))
    {
      g_propagate_error (error,
                         error_new (xr, at_end ? gloss_xml_reader_get_line (xr)
                                               : gloss_xml_reader_get_node_line (xr),
                                    at_end ? GLOSS_SIDECAR_ERROR_PARSE : GLOSS_SIDECAR_ERROR_INVALID,
                                    source == NULL || *source == '\0'
                                      ? "the header has no <source name=\"…\"> for the article"
                                      : "the header has no valid <annotator id=\"…\">"));
      return FALSE;
    }

  if (source_name != NULL)
    *source_name = g_steal_pointer (&source);
  if (annotator_id != NULL)
    *annotator_id = g_steal_pointer (&annotator);
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Loading                                                             */

typedef enum
{
  SUB_NONE,
  SUB_SOURCE,
  SUB_CUE,
} Sub;

/* A reference to another annotation, checked once every id is known. */
typedef struct
{
  GlossAnnotation *from;  /* borrowed: owned by the set */
  const char      *what;  /* "source", "parent", "from", "to" */
  char            *target;
  int              line;
} PendingRef;

/* The file is read in two stages: a producer runs the xmlTextReader (which
 * validates against the schema as it goes) and copies what the loader needs
 * of each element into compact records; the loader turns records into
 * annotations. For a file of a few hundred kilobytes the producer runs on
 * a thread of its own, so that parsing and building the model overlap; the
 * records keep the document's order, so the first problem in the file is
 * the one reported, as if everything ran on one thread. A larger file is
 * cut into chunks that each run both stages on a thread of their own (see
 * "Chunks" below). */

const char * const _gloss_sidecar_attr_names[N_ATTRS] = {
  "id", "type", "start", "end", "annotator", "created", "modified", "parent",
  "from", "to", "prefix", "exact", "suffix", "name", "value", "entity",
  "article", "sha256", "length", "version",
};

#define attr_names _gloss_sidecar_attr_names

typedef struct
{
  GlossXmlReader   *xr;
  xmlTextReaderPtr  r;
  GlossSidecarSax  *sax;    /* or NULL: the reader's producer */
  GAsyncQueue      *full;   /* Batch, for the loader */
  GAsyncQueue      *free;   /* Batch, back from the loader */
  gint             *stop;   /* atomic: the loader needs nothing more */
} Producer;

typedef struct
{
  GlossXmlReader     *xr;        /* owned, unless it is sax's */
  GlossSidecarSax    *sax;
  /* The SAX producer left the file to the reader's. */
  gboolean            needs_reader;
  GlossDocument      *document;
  GlossTagset        *tagset;
  GlossSidecarReport *report;
  GlossAnnotationSet *set;

  const char         *text;      /* the article, without a byte-order mark */
  gsize               text_len;
  guint               length;    /* in code points */
  gboolean            hash_matches;

  /* Header */
  char               *annotator_id;
  char               *annotator_name;
  char               *tagset_id;
  char               *tagset_version;
  gint64              created;
  gint64              modified;
  gboolean            have_source;
  gboolean            have_history;

  /* The annotation being read */
  GlossAnnotation    *current;
  int                 current_line;
  gboolean            current_has_quote;
  GlossAnchorState    current_state;
  Sub                 sub;
  guint               sub_start;
  guint               sub_end;
  GlossSidecarStash  *stash;
  GlossSidecarQuote   main_quote;

  GArray             *refs;      /* PendingRef */

  /* Depth of the <extensions> being read, 0 outside. */
  int                 in_extensions;

  /* The last time read and its value. */
  char               *last_time_text;
  gint64              last_time;

  /* The record being read, and the arena of its batch. */
  const Record       *rec;
  const char         *arena;
  /* The parser's line when the stream ended. */
  int                 end_line;

  /* Read in chunks: the sections seen so far, by their rank in the
   * schema's order (see check_section_order()). */
  gboolean            chunked;
  int                 section_rank;
  int                 first_section_rank;
  /* A chunk's loader builds no set: its annotations wait here, in the
   * file's order, for the caller to insert them (see read_chunks()). */
  GPtrArray          *deferred;
  gboolean            header_checked;
} Loader;

static void
pending_ref_clear (gpointer data)
{
  PendingRef *ref = data;

  g_free (ref->target);
}

static void
loader_clear (Loader *l)
{
  g_free (l->annotator_id);
  g_free (l->annotator_name);
  g_free (l->tagset_id);
  g_free (l->tagset_version);
  g_clear_object (&l->current);
  g_clear_pointer (&l->stash, sidecar_stash_free);
  sidecar_quote_free (&l->main_quote);
  g_clear_pointer (&l->refs, g_array_unref);
  g_clear_pointer (&l->last_time_text, g_free);
  g_clear_pointer (&l->deferred, g_ptr_array_unref);
  g_clear_object (&l->set);
}

static int
node_line (Loader *l)
{
  return l->rec != NULL ? l->rec->line : l->end_line;
}

static GError *
kind_error (Loader             *l,
            GlossAnnotationKind kind,
            const char         *id,
            int                 line,
            const char         *format,
            ...) G_GNUC_PRINTF (5, 6);

static GError *
kind_error (Loader             *l,
            GlossAnnotationKind kind,
            const char         *id,
            int                 line,
            const char         *format,
            ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  return error_new (l->xr, line, GLOSS_SIDECAR_ERROR_CONTENT, "%s %s: %s",
                    kind_name (kind), id, message);
}

#define annotation_error(l, annotation, line, ...) \
  kind_error ((l), gloss_annotation_get_kind (annotation), \
              gloss_annotation_get_id (annotation), (line), __VA_ARGS__)

/* Attribute values are borrowed from the record's batch. */
static inline const char *
attr (Loader *l,
      AttrId  id)
{
  guint32 offset = l->rec->attrs[id];

  return offset != 0 ? l->arena + offset - 1 : NULL;
}

static char *
dup_attr (Loader *l,
          AttrId  id)
{
  return g_strdup (attr (l, id));
}

static gboolean
is_xml_char (gunichar c)
{
  return c == 0x9 || c == 0xA || c == 0xD
         || (c >= 0x20 && c <= 0xD7FF)
         || (c >= 0xE000 && c <= 0xFFFD)
         || (c >= 0x10000 && c <= 0x10FFFF);
}

/* Whether @exact is the text between @start and @end. The writer replaces
 * characters that XML cannot carry (control characters) by U+FFFD, so a
 * U+FFFD in the quote also stands for one of those. */
gboolean
_gloss_sidecar_quote_matches (GlossDocument *document,
                              guint          start,
                              guint          end,
                              const char    *exact)
{
  const char *p;
  const char *q;
  gsize n_bytes;
  gsize exact_len;

  if (start > end || end > gloss_document_get_length (document))
    return FALSE;
  p = gloss_document_get_slice (document, start, end, &n_bytes);
  exact_len = strlen (exact);
  if (n_bytes == exact_len && memcmp (p, exact, n_bytes) == 0)
    return TRUE;

  q = exact;
  for (guint i = start; i < end; i++)
    {
      gunichar a = g_utf8_get_char (p);
      gunichar b;

      if (*q == '\0')
        return FALSE;
      b = g_utf8_get_char (q);
      if (a != b && !(b == 0xFFFD && !is_xml_char (a)))
        return FALSE;
      p = g_utf8_next_char (p);
      q = g_utf8_next_char (q);
    }
  return *q == '\0';
}

static gboolean
parse_offsets (Loader             *l,
               GlossAnnotationKind kind,
               const char         *id,
               const char         *what,
               guint              *start,
               guint              *end,
               GError            **error)
{
  const char *s = attr (l, A_START);
  const char *e;

  if (!gloss_xml_parse_uint (s, start))
    {
      g_propagate_error (error, kind_error (l, kind, id, node_line (l),
                                            "%sstart “%s” is not an offset (a whole number)",
                                            what, s != NULL ? s : ""));
      return FALSE;
    }
  e = attr (l, A_END);
  if (!gloss_xml_parse_uint (e, end))
    {
      g_propagate_error (error, kind_error (l, kind, id, node_line (l),
                                            "%send “%s” is not an offset (a whole number)",
                                            what, e != NULL ? e : ""));
      return FALSE;
    }
  if (*start >= *end)
    {
      g_propagate_error (error, kind_error (l, kind, id, node_line (l),
                                            "%sstart %u is not before end %u",
                                            what, *start, *end));
      return FALSE;
    }
  if (l->hash_matches && *end > l->length)
    {
      g_propagate_error (error, kind_error (l, kind, id, node_line (l),
                                            "%send %u is beyond the end of the article (%u characters)",
                                            what, *end, l->length));
      return FALSE;
    }
  return TRUE;
}

/* @what and @what_id (which may be NULL) name the element in a message. */
static gboolean
parse_time_attr (Loader     *l,
                 AttrId      id,
                 const char *name,
                 const char *what,
                 const char *what_id,
                 gint64     *out,
                 GError    **error)
{
  const char *value = attr (l, id);

  *out = 0;
  if (value == NULL)
    return TRUE;
  /* Saves write one time for a whole session's work: most repeat. */
  if (l->last_time_text != NULL && strcmp (value, l->last_time_text) == 0)
    {
      *out = l->last_time;
      return TRUE;
    }
  if (gloss_xml_parse_time (value, out))
    {
      g_free (l->last_time_text);
      l->last_time_text = g_strdup (value);
      l->last_time = *out;
      return TRUE;
    }

  g_propagate_error (error, error_new (l->xr, node_line (l), GLOSS_SIDECAR_ERROR_CONTENT,
                                       "%s%s%s: %s “%s” is not an ISO 8601 UTC time (2026-11-20T09:12:00Z)",
                                       what, what_id != NULL ? " " : "", what_id != NULL ? what_id : "",
                                       name, value));
  return FALSE;
}

static void
add_ref (Loader     *l,
         const char *what,
         const char *target)
{
  PendingRef ref = { l->current, what, g_strdup (target), node_line (l) };

  g_array_append_val (l->refs, ref);
}

static gboolean
start_set (Loader  *l,
           GError **error)
{
  if (l->set != NULL || l->header_checked)
    return TRUE;
  if (!l->have_source || l->annotator_id == NULL || l->tagset_id == NULL || !l->have_history)
    {
      g_propagate_error (error, error_new (l->xr, node_line (l), GLOSS_SIDECAR_ERROR_INVALID,
                                           "the header (source, annotator, tagset, history) is incomplete"));
      return FALSE;
    }
  if (l->deferred != NULL)
    {
      l->header_checked = TRUE;
      return TRUE;
    }
  l->set = _gloss_annotation_set_new_for_load (l->document, l->tagset,
                                               l->annotator_id, l->annotator_name,
                                               l->tagset_id, l->tagset_version,
                                               l->created, l->modified);
  return TRUE;
}

static gboolean
read_source (Loader  *l,
             GError **error)
{
  const char *name = attr (l, A_NAME);
  const char *sha = attr (l, A_SHA256);
  const char *length = attr (l, A_LENGTH);
  guint n;

  if (name == NULL || sha == NULL || !gloss_xml_parse_uint (length, &n))
    {
      g_propagate_error (error, error_new (l->xr, node_line (l), GLOSS_SIDECAR_ERROR_INVALID,
                                           "<source> needs name, sha256 and length"));
      return FALSE;
    }
  l->report->source_name = g_strdup (name);
  l->report->source_sha256 = g_ascii_strdown (sha, -1);
  l->report->source_length = n;
  l->hash_matches = g_strcmp0 (l->report->source_sha256,
                               gloss_document_get_sha256 (l->document)) == 0;
  l->report->source_changed = !l->hash_matches;
  l->have_source = TRUE;

  if (l->hash_matches && n != l->length)
    {
      g_propagate_error (error, error_new (l->xr, node_line (l), GLOSS_SIDECAR_ERROR_CONTENT,
                                           "source: length %u does not match the article (%u characters) "
                                           "although its SHA-256 does",
                                           n, l->length));
      return FALSE;
    }
  return TRUE;
}

static gboolean
start_annotation (Loader             *l,
                  GlossAnnotationKind kind,
                  GError            **error)
{
  const char *id;
  const char *type;
  const char *annotator;
  gint64 created, modified;
  guint start = 0, end = 0; /* relations have no span */

  if (!start_set (l, error))
    return FALSE;
  id = attr (l, A_ID);
  if (id == NULL || *id == '\0')
    {
      g_propagate_error (error, error_new (l->xr, node_line (l), GLOSS_SIDECAR_ERROR_INVALID,
                                           "<%s> has no id", kind_name (kind)));
      return FALSE;
    }
  if (kind == GLOSS_ANNOTATION_CLAIM)
    type = "claim";
  else
    type = attr (l, A_TYPE);
  if (type == NULL)
    {
      g_propagate_error (error, error_new (l->xr, node_line (l), GLOSS_SIDECAR_ERROR_INVALID,
                                           "%s %s has no type", kind_name (kind), id));
      return FALSE;
    }
  if (kind == GLOSS_ANNOTATION_ENTITY && gloss_tagset_lookup_entity_type (l->tagset, type) == NULL)
    {
      g_propagate_error (error, kind_error (l, kind, id, node_line (l),
                                            "unknown entity type “%s” (not in the tagset “%s”)",
                                            type, gloss_tagset_get_id (l->tagset)));
      return FALSE;
    }
  if (kind == GLOSS_ANNOTATION_RELATION && gloss_tagset_lookup_relation_type (l->tagset, type) == NULL)
    {
      g_propagate_error (error, kind_error (l, kind, id, node_line (l),
                                            "unknown relation type “%s” (not in the tagset “%s”)",
                                            type, gloss_tagset_get_id (l->tagset)));
      return FALSE;
    }

  annotator = attr (l, A_ANNOTATOR);
  if (annotator == NULL)
    annotator = l->annotator_id;
  else if (!gloss_annotator_id_is_valid (annotator))
    {
      g_propagate_error (error, kind_error (l, kind, id, node_line (l),
                                            "annotator “%s” is not a valid annotator id", annotator));
      return FALSE;
    }
  if (!parse_time_attr (l, A_CREATED, "created", kind_name (kind), id, &created, error)
      || !parse_time_attr (l, A_MODIFIED, "modified", kind_name (kind), id, &modified, error))
    return FALSE;

  if (kind != GLOSS_ANNOTATION_RELATION
      && !parse_offsets (l, kind, id, "", &start, &end, error))
    return FALSE;

  l->current = _gloss_annotation_new (kind, id, type, start, end, annotator, created, modified);
  l->current_line = node_line (l);
  l->current_has_quote = FALSE;
  l->current_state = GLOSS_ANCHOR_OK;
  l->sub = SUB_NONE;

  if (kind == GLOSS_ANNOTATION_CLAIM)
    {
      const char *parent = attr (l, A_PARENT);

      if (parent != NULL)
        {
          _gloss_annotation_set_parent_raw (l->current, parent);
          add_ref (l, "parent", parent);
        }
    }
  else if (kind == GLOSS_ANNOTATION_RELATION)
    {
      const char *from = attr (l, A_FROM);
      const char *to = attr (l, A_TO);

      if (from == NULL || to == NULL)
        {
          g_propagate_error (error, error_new (l->xr, node_line (l), GLOSS_SIDECAR_ERROR_INVALID,
                                               "%s %s needs from and to", kind_name (kind), id));
          return FALSE;
        }
      _gloss_annotation_set_relation_raw (l->current, from, to);
      add_ref (l, "from", from);
      add_ref (l, "to", to);
    }

  return TRUE;
}

/* Compares a quote with the article: with the same article it must match
 * (else the file is damaged); with a changed one a mismatch or an offset
 * outside the text marks the annotation. */
static gboolean
check_quote (Loader            *l,
             guint              start,
             guint              end,
             const char        *what,
             GlossSidecarQuote *keep,
             GError           **error)
{
  const char *exact = attr (l, A_EXACT);
  GlossAnchorState state;

  if (exact == NULL)
    {
      g_propagate_error (error, annotation_error (l, l->current, node_line (l),
                                                  "%squote has no exact text", what));
      return FALSE;
    }

  if (end > l->length)
    state = GLOSS_ANCHOR_ORPHANED;
  else if (_gloss_sidecar_quote_matches (l->document, start, end, exact))
    state = GLOSS_ANCHOR_OK;
  else
    state = GLOSS_ANCHOR_MISMATCH;

  if (l->hash_matches && state != GLOSS_ANCHOR_OK)
    {
      g_autofree char *found = gloss_document_dup_slice (l->document, start, end);

      g_propagate_error (error, annotation_error (l, l->current, node_line (l),
                                                  "%squote “%s” does not match the text at %u–%u (“%s”) "
                                                  "although the article is the one it was made on",
                                                  what, exact, start, end, found));
      return FALSE;
    }

  /* Kept for every span of a changed article: a claim whose cue no
   * longer matches is unanchored as a whole, and its content quote must
   * then be the stored one too. */
  if (!l->hash_matches)
    {
      sidecar_quote_free (keep);
      keep->start = start;
      keep->end = end;
      keep->exact = g_strdup (exact);
      keep->prefix = dup_attr (l, A_PREFIX);
      keep->suffix = dup_attr (l, A_SUFFIX);
      keep->state = state;
      if (state > l->current_state)
        l->current_state = state;
    }
  return TRUE;
}

static GlossSidecarStash *
stash (Loader *l)
{
  if (l->stash == NULL)
    l->stash = g_new0 (GlossSidecarStash, 1);
  return l->stash;
}

static gboolean
read_attribute (Loader  *l,
                GError **error)
{
  const char *name = attr (l, A_NAME);
  g_autofree char *name_copy = g_strdup (name);
  const char *value;
  const GlossAttributeDef *def;
  GlossAppliesTo applies;

  value = attr (l, A_VALUE);
  if (name_copy == NULL || value == NULL)
    {
      g_propagate_error (error, annotation_error (l, l->current, node_line (l),
                                                  "<attribute> needs a name and a value"));
      return FALSE;
    }

  def = gloss_tagset_lookup_attribute (l->tagset, name_copy);
  applies = gloss_annotation_get_kind (l->current) == GLOSS_ANNOTATION_CLAIM
              ? GLOSS_APPLIES_TO_CLAIM : GLOSS_APPLIES_TO_ENTITY;
  if (def == NULL || (def->applies_to & applies) == 0)
    {
      g_propagate_error (error, annotation_error (l, l->current, node_line (l),
                                                  "unknown attribute “%s” (the tagset “%s” defines no such %s attribute)",
                                                  name_copy, gloss_tagset_get_id (l->tagset),
                                                  kind_name (gloss_annotation_get_kind (l->current))));
      return FALSE;
    }
  if (!gloss_attribute_def_allows (def, value))
    {
      g_propagate_error (error, annotation_error (l, l->current, node_line (l),
                                                  "attribute %s cannot be “%s” in the tagset “%s”",
                                                  name_copy, value, gloss_tagset_get_id (l->tagset)));
      return FALSE;
    }
  if (gloss_annotation_get_attribute (l->current, name_copy) != NULL)
    {
      g_propagate_error (error, annotation_error (l, l->current, node_line (l),
                                                  "attribute %s is given twice", name_copy));
      return FALSE;
    }
  _gloss_annotation_set_attribute_raw (l->current, name_copy, value);
  return TRUE;
}

static char *
read_text (Loader *l)
{
  return g_strdup (l->rec->text != 0 ? l->arena + l->rec->text - 1 : "");
}

/* An <extensions> element: its children come as RECORD_EXTENSION records
 * that the producer read whole. */
static gboolean
read_extension (Loader   *l,
                gboolean  for_set,
                GError  **error)
{
  if (l->deferred != NULL)
    {
      /* Files with extensions are never cut (see blanks_matter()). */
      g_propagate_error (error, error_new (l->xr, node_line (l), GLOSS_SIDECAR_ERROR_INVALID,
                                           "<extensions> in a chunk"));
      return FALSE;
    }
  if (!l->rec->empty)
    l->in_extensions = for_set ? 1 : 3;
  return TRUE;
}

static void
keep_extension (Loader *l)
{
  const char *xml = l->arena + l->rec->text - 1;

  if (l->in_extensions == 1)
    _gloss_annotation_set_add_extension (l->set, xml);
  else
    _gloss_annotation_add_extension (l->current, xml);
  if (l->rec->known)
    return;
  g_ptr_array_add (l->report->warnings,
                   g_strdup_printf ("%s:%d: kept unknown element <%s>",
                                    gloss_xml_reader_get_filename (l->xr), l->rec->line,
                                    l->rec->qname));
}

static gboolean
finish_annotation (Loader  *l,
                   GError **error)
{
  g_autoptr(GError) local_error = NULL;
  GlossAnnotation *annotation;
  GlossAnnotationKind kind;

  if (l->current == NULL)
    return TRUE;
  kind = gloss_annotation_get_kind (l->current);
  if (kind != GLOSS_ANNOTATION_RELATION && !l->current_has_quote)
    {
      g_propagate_error (error, annotation_error (l, l->current, l->current_line, "there is no <quote>"));
      return FALSE;
    }

  if (l->current_state != GLOSS_ANCHOR_OK)
    {
      _gloss_annotation_set_anchor_raw (l->current, l->current_state,
                                        l->main_quote.prefix, l->main_quote.exact,
                                        l->main_quote.suffix);
      if (l->stash != NULL)
        g_object_set_data_full (G_OBJECT (l->current), STASH_KEY,
                                g_steal_pointer (&l->stash), sidecar_stash_free);
    }
  if (kind != GLOSS_ANNOTATION_RELATION)
    {
      if (l->current_state == GLOSS_ANCHOR_OK)
        l->report->n_anchored++;
      else
        l->report->n_unanchored++;
    }
  g_clear_pointer (&l->stash, sidecar_stash_free);
  sidecar_quote_free (&l->main_quote);
  memset (&l->main_quote, 0, sizeof l->main_quote);

  annotation = g_steal_pointer (&l->current);
  if (l->deferred != NULL)
    {
      g_ptr_array_add (l->deferred, annotation);
      return TRUE;
    }
  g_object_ref (annotation);
  if (!_gloss_annotation_set_insert_loaded (l->set, annotation, &local_error))
    {
      const char *message = local_error->message;

      if (g_error_matches (local_error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_DUPLICATE_ID))
        message = "this id is already used by another annotation of the file";
      g_propagate_error (error, annotation_error (l, annotation, l->current_line, "%s", message));
      g_object_unref (annotation);
      return FALSE;
    }
  g_object_unref (annotation);
  return TRUE;
}

static gboolean
read_claim_source (Loader  *l,
                   GError **error)
{
  const char *entity = attr (l, A_ENTITY);
  const char *article;

  if (entity != NULL)
    {
      _gloss_annotation_set_source_raw (l->current, GLOSS_SOURCE_ENTITY, entity,
                                        GLOSS_OFFSET_NONE, GLOSS_OFFSET_NONE);
      add_ref (l, "source", entity);
      return TRUE;
    }
  article = attr (l, A_ARTICLE);
  if (article != NULL)
    {
      _gloss_annotation_set_source_raw (l->current, GLOSS_SOURCE_ARTICLE, NULL,
                                        GLOSS_OFFSET_NONE, GLOSS_OFFSET_NONE);
      return TRUE;
    }
  if (!parse_offsets (l, GLOSS_ANNOTATION_CLAIM, gloss_annotation_get_id (l->current), "source ", &l->sub_start, &l->sub_end, error))
    return FALSE;
  _gloss_annotation_set_source_raw (l->current, GLOSS_SOURCE_SPAN, NULL, l->sub_start, l->sub_end);
  l->sub = SUB_SOURCE;
  return TRUE;
}

static int
section_rank (const char *name)
{
  if (strcmp (name, "entities") == 0)
    return 1;
  if (strcmp (name, "claims") == 0)
    return 2;
  if (strcmp (name, "relations") == 0)
    return 3;
  return 0;
}

/* Each chunk is validated with the section it starts in and the sections
 * it opens, so a section that comes out of order across two chunks is
 * checked here (the schema's order: entities, claims, relations, each at
 * most once). Such a file is then read again as a whole, for the
 * schema's own message. */
static gboolean
check_section_order (Loader     *l,
                     const char *local,
                     GError    **error)
{
  int rank = section_rank (local);

  if (l->first_section_rank == 0)
    l->first_section_rank = rank;
  if (rank <= l->section_rank)
    {
      g_propagate_error (error, error_new (l->xr, node_line (l), GLOSS_SIDECAR_ERROR_INVALID,
                                           "the section <%s> is out of order", local));
      return FALSE;
    }
  l->section_rank = rank;
  return TRUE;
}

static gboolean
read_element (Loader  *l,
              GError **error)
{
  const char *local = l->rec->local;
  int depth = l->rec->depth;
  gboolean empty = l->rec->empty;

  if (!l->rec->ours)
    {
      /* The schema allows other namespaces only inside <extensions>. */
      g_propagate_error (error, error_new (l->xr, node_line (l), GLOSS_SIDECAR_ERROR_INVALID,
                                           "unexpected element <%s>", l->rec->qname));
      return FALSE;
    }

  if (depth == 0)
    return TRUE;

  if (depth == 1)
    {
      if (strcmp (local, "source") == 0)
        return read_source (l, error);
      if (strcmp (local, "annotator") == 0)
        {
          g_free (l->annotator_id);
          g_free (l->annotator_name);
          l->annotator_id = dup_attr (l, A_ID);
          l->annotator_name = dup_attr (l, A_NAME);
          if (l->annotator_id == NULL || !gloss_annotator_id_is_valid (l->annotator_id))
            {
              g_propagate_error (error, error_new (l->xr, node_line (l), GLOSS_SIDECAR_ERROR_INVALID,
                                                   "annotator “%s” is not a valid annotator id",
                                                   l->annotator_id != NULL ? l->annotator_id : ""));
              return FALSE;
            }
          return TRUE;
        }
      if (strcmp (local, "tagset") == 0)
        {
          g_free (l->tagset_id);
          g_free (l->tagset_version);
          l->tagset_id = dup_attr (l, A_ID);
          l->tagset_version = dup_attr (l, A_VERSION);
          return TRUE;
        }
      if (strcmp (local, "history") == 0)
        {
          if (!parse_time_attr (l, A_CREATED, "created", "history", NULL, &l->created, error)
              || !parse_time_attr (l, A_MODIFIED, "modified", "history", NULL, &l->modified, error))
            return FALSE;
          l->have_history = TRUE;
          return TRUE;
        }
      if (!start_set (l, error))
        return FALSE;
      if (strcmp (local, "extensions") == 0)
        return read_extension (l, TRUE, error);
      if (l->chunked)
        return check_section_order (l, local, error);
      return TRUE; /* entities, claims, relations */
    }

  if (depth == 2)
    {
      GlossAnnotationKind kind;

      if (strcmp (local, "entity") == 0)
        kind = GLOSS_ANNOTATION_ENTITY;
      else if (strcmp (local, "claim") == 0)
        kind = GLOSS_ANNOTATION_CLAIM;
      else if (strcmp (local, "relation") == 0)
        kind = GLOSS_ANNOTATION_RELATION;
      else
        goto unexpected;

      if (l->current != NULL)
        goto unexpected;
      if (!start_annotation (l, kind, error))
        return FALSE;
      if (empty)
        return finish_annotation (l, error);
      return TRUE;
    }

  if (l->current == NULL)
    goto unexpected;

  if (depth == 3)
    {
      if (strcmp (local, "quote") == 0)
        {
          l->current_has_quote = TRUE;
          return check_quote (l, gloss_annotation_get_start (l->current),
                              gloss_annotation_get_end (l->current), "", &l->main_quote, error);
        }
      if (strcmp (local, "attribute") == 0)
        return read_attribute (l, error);
      if (strcmp (local, "link") == 0)
        {
          g_autofree char *link = read_text (l);

          _gloss_annotation_set_link_raw (l->current, link);
          return TRUE;
        }
      if (strcmp (local, "note") == 0)
        {
          g_autofree char *note = read_text (l);

          _gloss_annotation_set_note_raw (l->current, note);
          return TRUE;
        }
      if (strcmp (local, "extensions") == 0)
        return read_extension (l, FALSE, error);
      if (gloss_annotation_get_kind (l->current) == GLOSS_ANNOTATION_CLAIM)
        {
          if (strcmp (local, "source") == 0)
            return read_claim_source (l, error);
          if (strcmp (local, "cue") == 0)
            {
              if (!parse_offsets (l, GLOSS_ANNOTATION_CLAIM, gloss_annotation_get_id (l->current), "cue ", &l->sub_start, &l->sub_end, error))
                return FALSE;
              _gloss_annotation_set_cue_raw (l->current, l->sub_start, l->sub_end);
              l->sub = SUB_CUE;
              return TRUE;
            }
        }
      goto unexpected;
    }

  if (depth == 4 && strcmp (local, "quote") == 0 && l->sub != SUB_NONE)
    {
      gboolean is_cue = l->sub == SUB_CUE;
      GlossSidecarStash *s = stash (l);

      return check_quote (l, l->sub_start, l->sub_end, is_cue ? "cue " : "source ",
                          is_cue ? &s->cue : &s->source, error);
    }

unexpected:
  g_propagate_error (error, error_new (l->xr, node_line (l), GLOSS_SIDECAR_ERROR_INVALID,
                                       "unexpected element <%s>", local));
  return FALSE;
}

static gboolean
read_end_element (Loader  *l,
                  GError **error)
{
  int depth = l->rec->depth;

  if (l->in_extensions != 0)
    {
      /* The end of <extensions> itself. */
      l->in_extensions = 0;
      return TRUE;
    }

  if (depth == 2)
    return finish_annotation (l, error);
  if (depth == 3)
    l->sub = SUB_NONE;
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* The producer                                                        */

static Batch *
batch_new (void)
{
  Batch *b = g_new0 (Batch, 1);

  b->records = g_array_sized_new (FALSE, FALSE, sizeof (Record), BATCH_RECORDS);
  b->arena = g_string_sized_new (BATCH_RECORDS * 128);
  return b;
}

static void
batch_reset (Batch *b)
{
  g_array_set_size (b->records, 0);
  /* Offset 0 means "none". */
  g_string_assign (b->arena, " ");
  b->last = FALSE;
  b->at_end = FALSE;
  b->needs_reader = FALSE;
  g_clear_error (&b->error);
}

static void
batch_free (gpointer data)
{
  Batch *b = data;

  g_array_unref (b->records);
  g_string_free (b->arena, TRUE);
  g_clear_error (&b->error);
  g_free (b);
}

static guint32
arena_add (Batch      *b,
           const char *text)
{
  return _gloss_sidecar_arena_add (b, text, strlen (text));
}

static Record *
add_record (Batch      *b,
            RecordKind  kind,
            Producer   *p)
{
  Record *rec = _gloss_sidecar_batch_add (b, kind);

  rec->depth = xmlTextReaderDepth (p->r);
  rec->qname = (const char *) xmlTextReaderConstName (p->r);
  return rec;
}

/* Reads the children of the <extensions> element the reader is on, each
 * whole, up to its end tag. */
static gboolean
produce_extensions (Producer *p,
                    Batch    *b)
{
  int depth = xmlTextReaderDepth (p->r);

  for (;;)
    {
      int type;

      if (!gloss_xml_reader_read (p->xr, &b->at_end, &b->error))
        {
          if (b->error == NULL)
            b->error = g_error_new (GLOSS_SIDECAR_ERROR, GLOSS_SIDECAR_ERROR_PARSE,
                                    "%s:%d: the file ends inside <extensions>",
                                    gloss_xml_reader_get_filename (p->xr),
                                    gloss_xml_reader_get_line (p->xr));
          b->at_end = FALSE;
          return FALSE;
        }

      type = xmlTextReaderNodeType (p->r);
      if (type == XML_READER_TYPE_END_ELEMENT && xmlTextReaderDepth (p->r) == depth)
        {
          add_record (b, RECORD_END_ELEMENT, p)->line = gloss_xml_reader_get_node_line (p->xr);
          return TRUE;
        }
      if (type == XML_READER_TYPE_ELEMENT)
        {
          g_autofree char *xml = gloss_xml_reader_read_outer_xml (p->xr);
          Record *rec;

          if (xml == NULL)
            {
              b->error = g_error_new (GLOSS_SIDECAR_ERROR, GLOSS_SIDECAR_ERROR_PARSE,
                                      "%s:%d: could not read the element <%s>",
                                      gloss_xml_reader_get_filename (p->xr),
                                      gloss_xml_reader_get_node_line (p->xr),
                                      (const char *) xmlTextReaderConstName (p->r));
              return FALSE;
            }
          rec = add_record (b, RECORD_EXTENSION, p);
          rec->line = gloss_xml_reader_get_node_line (p->xr);
          rec->known = is_gloss_extension_namespace ((const char *) xmlTextReaderConstNamespaceUri (p->r));
          rec->text = arena_add (b, xml);

          /* Skip the element's subtree: it is kept as it is. */
          if (!xmlTextReaderIsEmptyElement (p->r))
            {
              int child_depth = xmlTextReaderDepth (p->r);

              for (;;)
                {
                  if (!gloss_xml_reader_read (p->xr, &b->at_end, &b->error))
                    {
                      if (b->error == NULL)
                        b->error = g_error_new (GLOSS_SIDECAR_ERROR, GLOSS_SIDECAR_ERROR_PARSE,
                                                "%s:%d: the file ends inside <extensions>",
                                                gloss_xml_reader_get_filename (p->xr),
                                                gloss_xml_reader_get_line (p->xr));
                      b->at_end = FALSE;
                      return FALSE;
                    }
                  if (xmlTextReaderNodeType (p->r) == XML_READER_TYPE_END_ELEMENT
                      && xmlTextReaderDepth (p->r) == child_depth)
                    break;
                }
            }
        }
    }
}

static void
produce_element (Producer *p,
                 Batch    *b)
{
  const char *values[N_ATTRS];
  Record *rec = add_record (b, RECORD_ELEMENT, p);
  xmlNodePtr node = xmlTextReaderCurrentNode (p->r);
  const char *ns = node != NULL && node->ns != NULL ? (const char *) node->ns->href : NULL;

  rec->local = (const char *) xmlTextReaderConstLocalName (p->r);
  rec->empty = xmlTextReaderIsEmptyElement (p->r) == 1;
  rec->ours = ns != NULL && strcmp (ns, GLOSS_SIDECAR_NAMESPACE) == 0;
  rec->line = gloss_xml_reader_get_node_line (p->xr);

  gloss_xml_reader_get_attributes (p->xr, attr_names, N_ATTRS, values);
  for (guint i = 0; i < N_ATTRS; i++)
    if (values[i] != NULL)
      rec->attrs[i] = arena_add (b, values[i]);

  /* What the loader reads of the subtree itself, read here while the
   * reader is on the element. */
  if (rec->ours && rec->depth == 3 && !rec->empty
      && (strcmp (rec->local, "link") == 0 || strcmp (rec->local, "note") == 0))
    {
      g_autofree char *text = gloss_xml_reader_read_string (p->xr);

      rec->text = arena_add (b, text);
    }
}

/* Fills @b with the records of the next elements, up to BATCH_RECORDS or
 * the end of the stream (or its first error). */
static void
produce_batch (Producer *p,
               Batch    *b)
{
  if (p->sax != NULL)
    {
      _gloss_sidecar_sax_produce (p->sax, b);
      return;
    }

  while (b->records->len < BATCH_RECORDS)
    {
      int type;

      if (!gloss_xml_reader_read (p->xr, &b->at_end, &b->error))
        {
          b->last = TRUE;
          return;
        }

      type = xmlTextReaderNodeType (p->r);
      if (type == XML_READER_TYPE_ELEMENT)
        {
          const Record *rec;

          produce_element (p, b);
          rec = &g_array_index (b->records, Record, b->records->len - 1);
          if (rec->ours && !rec->empty && (rec->depth == 1 || rec->depth == 3)
              && strcmp (rec->local, "extensions") == 0
              && !produce_extensions (p, b))
            {
              b->last = TRUE;
              return;
            }
        }
      else if (type == XML_READER_TYPE_END_ELEMENT)
        add_record (b, RECORD_END_ELEMENT, p)->line = gloss_xml_reader_get_node_line (p->xr);
    }
}

static gpointer
producer_thread (gpointer data)
{
  Producer *p = data;

  for (;;)
    {
      Batch *b = g_async_queue_pop (p->free);
      gboolean last;

      batch_reset (b);
      if (g_atomic_int_get (p->stop))
        b->last = TRUE;
      else
        produce_batch (p, b);
      last = b->last;
      g_async_queue_push (p->full, b);
      if (last)
        return NULL;
    }
}

/* Turns the records of @b into annotations; FALSE on the first problem. */
static gboolean
consume_batch (Loader  *l,
               Batch   *b,
               GError **error)
{
  l->arena = b->arena->str;
  for (guint i = 0; i < b->records->len; i++)
    {
      gboolean ok = TRUE;

      l->rec = &g_array_index (b->records, Record, i);
      switch (l->rec->kind)
        {
        case RECORD_ELEMENT:
          ok = read_element (l, error);
          break;
        case RECORD_END_ELEMENT:
          ok = read_end_element (l, error);
          break;
        case RECORD_EXTENSION:
          keep_extension (l);
          break;
        default:
          g_assert_not_reached ();
        }
      if (!ok)
        return FALSE;
    }
  l->rec = NULL;
  return TRUE;
}

/* Files smaller than this are read on the calling thread: starting a
 * thread would cost more than it saves. */
static gsize
thread_min_bytes (void)
{
  static gsize min_bytes = 0;

  if (g_once_init_enter (&min_bytes))
    {
      const char *env = g_getenv ("GLOSS_SIDECAR_THREAD_MIN_BYTES");
      guint64 value = 256 * 1024;

      if (env != NULL)
        value = g_ascii_strtoull (env, NULL, 10);
      /* 0 is g_once's "not yet": 1 byte means every file. */
      g_once_init_leave (&min_bytes, (gsize) MAX (value, 1));
    }
  return min_bytes;
}

/* Whether white space between elements may carry meaning: inside
 * <extensions> (foreign mixed content) or next to a comment or a
 * processing instruction (where libxml2 would drop it from a note made of
 * white space). Gloss writes none of these, so its own files are read
 * without the white space nodes, which halves the nodes to read. */
static gboolean
blanks_matter (GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  const char *end = data + len;
  const char *p = data;

  if (len >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  if (end - p >= 5 && memcmp (p, "<?xml", 5) == 0)
    {
      p = memchr (p, '>', end - p);
      if (p == NULL)
        return TRUE;
    }

  while ((p = memchr (p, '<', end - p)) != NULL)
    {
      const char *name;

      if (++p == end)
        break;
      if (*p == '!' || *p == '?')
        return TRUE;
      if (*p == '/')
        continue;

      name = p;
      while (p < end && *p != ' ' && *p != '>' && *p != '/'
             && *p != '\n' && *p != '\t' && *p != '\r')
        {
          if (*p == ':')
            name = p + 1;
          p++;
        }
      if (p - name == 10 && memcmp (name, "extensions", 10) == 0)
        return TRUE;
    }
  return FALSE;
}

typedef enum
{
  ROUTE_SAX,                 /* SAX, checked against the schema here */
  ROUTE_READER,              /* xmlTextReader and RelaxNG, blanks kept */
  ROUTE_READER_DROP_BLANKS,  /* the same without white space nodes */
} Route;

static gboolean forced_reader;
static gboolean forced_sax;

/* Reads every file with the reader's producer (the tests compare the two). */
void _gloss_sidecar_force_reader (gboolean force);

void
_gloss_sidecar_force_reader (gboolean force)
{
  forced_reader = force;
}

/* Starts every file with the SAX producer, even one that it hands over
 * to the reader's when it meets <extensions> (the tests take that path). */
void _gloss_sidecar_force_sax (gboolean force);

void
_gloss_sidecar_force_sax (gboolean force)
{
  forced_sax = force;
}

static gboolean declaration_is_utf8 (const char *decl,
                                     const char *end);

/* The SAX producer reads files in UTF-8 without comments, processing
 * instructions, CDATA sections or extensions: all that Gloss writes. The
 * reader's producer reads the rest. */
static Route
route_for (GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  const char *p = data;
  const char *end = data + len;

  if (forced_sax)
    return ROUTE_SAX;
  if (blanks_matter (bytes))
    return ROUTE_READER;
  if (forced_reader)
    return ROUTE_READER_DROP_BLANKS;
  if (len >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  /* No declaration (UTF-8 by default), or one of UTF-8; anything else
   * (UTF-16, white space first) is the reader's. */
  if (end - p < 2 || p[0] != '<' || p[1] == '\0')
    return ROUTE_READER_DROP_BLANKS;
  if (end - p >= 5 && memcmp (p, "<?xml", 5) == 0)
    {
      const char *close = g_strstr_len (p, end - p, "?>");

      if (close == NULL || !declaration_is_utf8 (p, close))
        return ROUTE_READER_DROP_BLANKS;
    }
  return ROUTE_SAX;
}

/* The SAX producer met an <extensions> element: not a problem of the
 * file, but the load starts again with the reader's producer. */
static GError *
needs_reader_error (Loader *l)
{
  l->needs_reader = TRUE;
  return g_error_new (GLOSS_SIDECAR_ERROR, GLOSS_SIDECAR_ERROR_PARSE,
                      "%s: to be read with the reader", gloss_xml_reader_get_filename (l->xr));
}

/* Runs the producer and the loader over the file one batch after the
 * other on the calling thread; as read_records(). Stops early, with an
 * error, when @p's stop flag is raised. */
static gboolean
read_records_here (Loader   *l,
                   Producer *p,
                   gboolean *at_end,
                   GError  **error)
{
  Batch *b = batch_new ();
  GError *local_error = NULL;
  gboolean ok = TRUE;

  *at_end = FALSE;
  for (gboolean last = FALSE; ok && !last;)
    {
      if (g_atomic_int_get (p->stop))
        {
          local_error = g_error_new (GLOSS_SIDECAR_ERROR, GLOSS_SIDECAR_ERROR_PARSE,
                                     "%s: stopped", gloss_xml_reader_get_filename (l->xr));
          ok = FALSE;
          break;
        }
      batch_reset (b);
      produce_batch (p, b);
      last = b->last;
      ok = consume_batch (l, b, &local_error);
    }
  if (ok && b->error != NULL)
    local_error = g_steal_pointer (&b->error);
  else if (ok && b->needs_reader)
    local_error = needs_reader_error (l);
  *at_end = ok && b->at_end;
  l->end_line = gloss_xml_reader_get_line (l->xr);
  batch_free (b);
  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/* Runs the producer over the whole file and the loader over its records;
 * returns FALSE with @error set on the first problem in the file, or with
 * @at_end unset when the reader stopped without one. */
static gboolean
read_records (Loader   *l,
              gsize     size,
              gboolean *at_end,
              GError  **error)
{
  gint stop = 0;
  Producer p = { l->xr, gloss_xml_reader_get_reader (l->xr), l->sax, NULL, NULL, &stop };
  GError *local_error = NULL;
  GThread *thread;

  *at_end = FALSE;

  if (size < thread_min_bytes ())
    return read_records_here (l, &p, at_end, error);

  p.full = g_async_queue_new ();
  p.free = g_async_queue_new ();
  for (guint i = 0; i < N_BATCHES; i++)
    g_async_queue_push (p.free, batch_new ());
  thread = g_thread_new ("gloss-sidecar-reader", producer_thread, &p);

  for (;;)
    {
      Batch *b = g_async_queue_pop (p.full);
      gboolean last = b->last;

      if (local_error == NULL && !consume_batch (l, b, &local_error))
        /* Everything after the first problem is dropped. */
        g_atomic_int_set (&stop, 1);
      else if (local_error == NULL && last)
        {
          local_error = g_steal_pointer (&b->error);
          if (local_error == NULL && b->needs_reader)
            local_error = needs_reader_error (l);
          *at_end = local_error == NULL && b->at_end;
        }
      g_async_queue_push (p.free, b);
      if (last)
        break;
    }

  g_thread_join (thread);
  l->end_line = gloss_xml_reader_get_line (l->xr);
  for (Batch *b; (b = g_async_queue_try_pop (p.free)) != NULL;)
    batch_free (b);
  g_async_queue_unref (p.full);
  g_async_queue_unref (p.free);

  if (local_error != NULL)
    {
      g_propagate_error (error, local_error);
      return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* Chunks                                                              */

/* A large file is read in chunks, each on a thread of its own, so that
 * parsing and validation use every core. A quick scan of the bytes finds
 * the sections (<entities>, <claims>, <relations>) and cuts their content
 * between two annotations; each chunk becomes a document of its own:
 *
 *   the header (the bytes before the first section: declaration, root
 *   start tag with its namespaces, source, annotator, tagset, history)
 *   + the start tag of the section the chunk begins in (not for the first)
 *   + the chunk's bytes
 *   + the end tag of the section the chunk ends in (not for the last)
 *   + the file's own end (the root's end tag and what follows it).
 *
 * Each is read with the same reader, flags and schema by a loader of its
 * own, which builds the chunk's annotations without a set; the caller
 * then inserts them into the set in the file's order and checks the
 * references across chunks. The chunks need nothing from each other while
 * they are read, so no thread waits for another. Cuts only fall between
 * annotations, section start tags are bare (no attributes, no namespace
 * declarations) and the file has no comments, processing instructions or
 * CDATA sections, so every byte of a chunk is read in the same context as
 * in the whole file: a chunk is well-formed and valid exactly when its
 * part of the file is, the sections' order across chunks is checked by the
 * loader, and the records are those of the whole file. A file the scan
 * finds anything unusual in is read as a whole, and so is a file any chunk
 * of which has a problem: the whole read then names the first problem of
 * the file and its line, exactly as without chunks. */

#define MAX_CHUNKS 8

typedef struct
{
  guint       n_chunks;
  gsize       head_end;                 /* the first section's '<' */
  gsize       body_end;                 /* the root end tag's '<' */
  gsize       starts[MAX_CHUNKS + 1];   /* starts[n_chunks] == body_end */
  /* The section open where chunk i starts (NULL for the first). */
  const char *sections[MAX_CHUNKS];
} ChunkPlan;

/* Set on each load: the number of chunks the result was read in (0 for
 * the single reader), for the tests. */
static __thread guint last_load_chunks;

guint _gloss_sidecar_get_last_load_chunks (void);

guint
_gloss_sidecar_get_last_load_chunks (void)
{
  return last_load_chunks;
}

static gsize
env_size (const char *name,
          gsize       fallback)
{
  const char *env = g_getenv (name);

  return env != NULL && *env != '\0' ? (gsize) g_ascii_strtoull (env, NULL, 10) : fallback;
}

/* Set by the tests and the fuzzing harness (0: the environment's or the
 * default value). */
static gsize forced_min_bytes;
static guint forced_chunks;

void _gloss_sidecar_force_chunks (gsize min_bytes,
                                  guint n_chunks);

void
_gloss_sidecar_force_chunks (gsize min_bytes,
                             guint n_chunks)
{
  g_atomic_pointer_set (&forced_min_bytes, min_bytes);
  g_atomic_int_set (&forced_chunks, n_chunks);
}

/* Files smaller than this are read by one reader: below it, the threads
 * and the scan cost more than they save. */
static gsize
chunk_min_bytes (void)
{
  gsize forced = (gsize) g_atomic_pointer_get (&forced_min_bytes);

  if (forced != 0)
    return forced;
  return env_size ("GLOSS_SIDECAR_CHUNK_MIN_BYTES", 4 * 1024 * 1024);
}

static guint
chunks_wanted (void)
{
  gsize n = (guint) g_atomic_int_get (&forced_chunks);

  /* Twice as many chunks as processors: threads that finish early leave
   * their processor to the others, which balances processors of unequal
   * speed (a shared virtual machine's) better than one chunk each. */
  if (n == 0)
    n = env_size ("GLOSS_SIDECAR_CHUNKS", MIN (2 * g_get_num_processors (), MAX_CHUNKS));
  return (guint) CLAMP (n, 1, MAX_CHUNKS);
}

static const char *
section_name (const char *name,
              gsize       len)
{
  static const char * const names[] = { "entities", "claims", "relations" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (len == strlen (names[i]) && memcmp (name, names[i], len) == 0)
      return names[i];
  return NULL;
}

static gboolean
is_blank (char c)
{
  return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

/* Whether an XML declaration (from "<?xml" to before "?>") declares no
 * encoding or UTF-8: the scan reads bytes as ASCII-compatible. */
static gboolean
declaration_is_utf8 (const char *decl,
                     const char *end)
{
  const char *p = g_strstr_len (decl, end - decl, "encoding");
  char quote;
  const char *value;

  if (p == NULL)
    return TRUE;
  p += strlen ("encoding");
  while (p < end && (is_blank (*p) || *p == '='))
    p++;
  if (p == end || (*p != '"' && *p != '\''))
    return FALSE;
  quote = *p++;
  value = p;
  while (p < end && *p != quote)
    p++;
  return p - value == 5 && g_ascii_strncasecmp (value, "UTF-8", 5) == 0;
}

/* Scans @data for the places to cut it into @n_wanted chunks of about the
 * same size. FALSE when the file is not one to cut (too few annotations,
 * or anything unusual), which leaves it to the single reader. */
static gboolean
plan_chunks (const char *data,
             gsize       len,
             guint       n_wanted,
             ChunkPlan  *plan)
{
  const char *end = data + len;
  const char *p = data;
  const char *section = NULL;
  gboolean seen_root = FALSE;
  gboolean seen_end = FALSE;
  int depth = 0;
  guint n = 0;
  gsize step = 0;

  memset (plan, 0, sizeof *plan);
  if (n_wanted < 2)
    return FALSE;

  if (len >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;
  if (end - p >= 5 && memcmp (p, "<?xml", 5) == 0)
    {
      const char *close = g_strstr_len (p, end - p, "?>");

      if (close == NULL || !declaration_is_utf8 (p, close))
        return FALSE;
      p = close + 2;
    }

  while ((p = memchr (p, '<', end - p)) != NULL)
    {
      const char *tag = p;
      const char *name;
      gsize name_len;
      gboolean empty;

      if (seen_end || ++p == end || *p == '!' || *p == '?')
        return FALSE;

      if (*p == '/')
        {
          p = memchr (p, '>', end - p);
          if (p == NULL || depth < 1)
            return FALSE;
          p++;
          if (--depth == 1)
            section = NULL;
          else if (depth == 0)
            {
              plan->body_end = tag - data;
              seen_end = TRUE;
            }
          continue;
        }

      name = p;
      while (p < end && !is_blank (*p) && *p != '>' && *p != '/')
        p++;
      name_len = p - name;
      /* To the end of the tag, past quoted values (which may hold '>'). */
      while (p < end && *p != '>')
        {
          if (*p == '"' || *p == '\'')
            {
              const char *close = memchr (p + 1, *p, end - p - 1);

              if (close == NULL)
                return FALSE;
              p = close + 1;
            }
          else
            p++;
        }
      if (p == end || name_len == 0)
        return FALSE;
      empty = p[-1] == '/';
      p++;

      if (depth == 0)
        {
          if (seen_root || empty)
            return FALSE;
          seen_root = TRUE;
        }
      else if (depth == 1)
        {
          const char *sec = section_name (name, name_len);

          if (sec != NULL)
            {
              /* Bare: "<entities>" or "<entities/>". */
              if ((gsize) (p - tag) != name_len + 2 + (empty ? 1 : 0))
                return FALSE;
              if (plan->head_end == 0)
                {
                  plan->head_end = tag - data;
                  step = (len - plan->head_end) / n_wanted;
                }
              if (!empty)
                section = sec;
            }
          else if (plan->head_end != 0)
            return FALSE; /* after the sections: left to the single reader */
        }
      else if (depth == 2 && section != NULL && n + 1 < n_wanted
               && (gsize) (tag - data) >= plan->head_end + (n + 1) * step)
        {
          n++;
          plan->starts[n] = tag - data;
          plan->sections[n] = section;
        }
      if (!empty)
        depth++;
    }

  if (!seen_end || plan->head_end == 0 || n == 0)
    return FALSE;
  plan->n_chunks = n + 1;
  plan->starts[0] = plan->head_end;
  plan->starts[plan->n_chunks] = plan->body_end;
  return TRUE;
}

typedef struct
{
  GBytes          *source;     /* the whole file */
  const char      *filename;
  const ChunkPlan *plan;
  guint            index;
  gint            *stop;       /* atomic: another chunk failed */
  GlossSidecarSax *sax;
  /* The chunk's own loader: it reads the header of its copy too, and
   * keeps its annotations in loader.deferred. */
  Loader           loader;
  gboolean         ok;
  gboolean         at_end;
  GError          *error;
  GThread         *thread;
} Chunk;

/* The chunk's own document (see above). */
static GBytes *
chunk_document (Chunk *c)
{
  const ChunkPlan *plan = c->plan;
  gsize len;
  const char *data = g_bytes_get_data (c->source, &len);
  guint i = c->index;
  gsize size = plan->head_end + (plan->starts[i + 1] - plan->starts[i])
               + (len - plan->body_end) + 32;
  GByteArray *doc = g_byte_array_sized_new ((guint) size);

  g_byte_array_append (doc, (const guint8 *) data, (guint) plan->head_end);
  if (i > 0)
    {
      g_byte_array_append (doc, (const guint8 *) "<", 1);
      g_byte_array_append (doc, (const guint8 *) plan->sections[i], strlen (plan->sections[i]));
      g_byte_array_append (doc, (const guint8 *) ">", 1);
    }
  g_byte_array_append (doc, (const guint8 *) data + plan->starts[i],
                       (guint) (plan->starts[i + 1] - plan->starts[i]));
  if (i + 1 < plan->n_chunks)
    {
      g_byte_array_append (doc, (const guint8 *) "</", 2);
      g_byte_array_append (doc, (const guint8 *) plan->sections[i + 1],
                           strlen (plan->sections[i + 1]));
      g_byte_array_append (doc, (const guint8 *) ">", 1);
    }
  g_byte_array_append (doc, (const guint8 *) data + plan->body_end,
                       (guint) (len - plan->body_end));
  return g_byte_array_free_to_bytes (doc);
}

/* Reads chunk @data whole (parsing, validating and building its
 * annotations), on whichever thread calls it. */
static gpointer
chunk_thread (gpointer data)
{
  Chunk *c = data;
  g_autoptr(GBytes) doc = chunk_document (c);
  Producer p = { 0 };

  /* The parser keeps a reference to the document. Chunks are cut only
   * from files without extensions: the SAX producer reads them all. */
  c->sax = _gloss_sidecar_sax_new (doc, c->filename, &c->error);
  if (c->sax != NULL)
    {
      p.xr = c->loader.xr = _gloss_sidecar_sax_get_reader (c->sax);
      p.sax = c->sax;
      p.stop = c->stop;
      c->ok = read_records_here (&c->loader, &p, &c->at_end, &c->error);
    }
  if (!c->ok || !c->at_end || c->loader.current != NULL)
    {
      c->ok = FALSE;
      g_atomic_int_set (c->stop, 1);
    }
  return NULL;
}

/* Reads the file in the chunks of @plan, each by a loader of its own on a
 * thread of its own (the first on the calling thread), then inserts their
 * annotations into @l's set in the file's order. FALSE (with @error set)
 * on any problem, after which the caller reads the file as a whole. */
static gboolean
read_chunks (Loader          *l,
             GBytes          *bytes,
             const char      *filename,
             const ChunkPlan *plan,
             gboolean        *at_end,
             GError         **error)
{
  Chunk chunks[MAX_CHUNKS];
  Loader *head;
  gint stop = 0;
  gboolean ok = TRUE;

  *at_end = FALSE;
  memset (chunks, 0, sizeof chunks);
  for (guint i = 0; i < plan->n_chunks; i++)
    {
      Chunk *c = &chunks[i];

      c->source = bytes;
      c->filename = filename;
      c->plan = plan;
      c->index = i;
      c->stop = &stop;
      c->loader.document = l->document;
      c->loader.tagset = l->tagset;
      c->loader.report = report_new ();
      c->loader.text = l->text;
      c->loader.text_len = l->text_len;
      c->loader.length = l->length;
      c->loader.refs = g_array_new (FALSE, TRUE, sizeof (PendingRef));
      g_array_set_clear_func (c->loader.refs, pending_ref_clear);
      c->loader.chunked = TRUE;
      c->loader.deferred = g_ptr_array_new_with_free_func (g_object_unref);
      if (i > 0)
        c->thread = g_thread_new ("gloss-sidecar-chunk", chunk_thread, c);
    }
  chunk_thread (&chunks[0]);
  for (guint i = 1; i < plan->n_chunks; i++)
    g_thread_join (chunks[i].thread);

  for (guint i = 0; i < plan->n_chunks && ok; i++)
    {
      Chunk *c = &chunks[i];

      ok = c->ok;
      /* A chunk after the first begins in the section its predecessor
       * ends in: both copies open it, and the loaders checked the order
       * inside each chunk. */
      if (ok && i > 0)
        ok = c->loader.first_section_rank == chunks[i - 1].loader.section_rank;
    }

  /* The header is the same in every chunk: the first one's becomes the
   * file's, with its reader for the messages that follow. */
  head = &chunks[0].loader;
  if (ok)
    {
      GlossSidecarReport *report = l->report;

      l->sax = g_steal_pointer (&chunks[0].sax);
      l->xr = _gloss_sidecar_sax_get_reader (l->sax);
      l->annotator_id = g_steal_pointer (&head->annotator_id);
      l->annotator_name = g_steal_pointer (&head->annotator_name);
      l->tagset_id = g_steal_pointer (&head->tagset_id);
      l->tagset_version = g_steal_pointer (&head->tagset_version);
      l->created = head->created;
      l->modified = head->modified;
      l->have_source = head->have_source;
      l->have_history = head->have_history;
      l->hash_matches = head->hash_matches;
      l->section_rank = chunks[plan->n_chunks - 1].loader.section_rank;
      l->end_line = chunks[plan->n_chunks - 1].loader.end_line;
      report->source_name = g_steal_pointer (&head->report->source_name);
      report->source_sha256 = g_steal_pointer (&head->report->source_sha256);
      report->source_length = head->report->source_length;
      report->source_changed = head->report->source_changed;
      ok = start_set (l, NULL);
    }

  for (guint i = 0; i < plan->n_chunks; i++)
    {
      Loader *cl = &chunks[i].loader;

      if (ok)
        {
          l->report->n_anchored += cl->report->n_anchored;
          l->report->n_unanchored += cl->report->n_unanchored;
          /* The references move; their annotations stay alive in the set. */
          g_array_append_vals (l->refs, cl->refs->data, cl->refs->len);
          g_array_set_clear_func (cl->refs, NULL);
          for (guint k = 0; k < cl->deferred->len && ok; k++)
            ok = _gloss_annotation_set_insert_loaded (l->set,
                                                      g_object_ref (g_ptr_array_index (cl->deferred, k)),
                                                      NULL);
        }
      cl->xr = NULL;
      gloss_sidecar_report_free (cl->report);
      loader_clear (cl);
      g_clear_pointer (&chunks[i].sax, _gloss_sidecar_sax_free);
      /* The whole read that follows a failure names the problem itself. */
      g_clear_error (&chunks[i].error);
    }

  if (!ok)
    {
      g_set_error (error, GLOSS_SIDECAR_ERROR, GLOSS_SIDECAR_ERROR_PARSE,
                   "%s: the chunks could not be read on their own", filename);
      return FALSE;
    }
  *at_end = TRUE;
  return TRUE;
}

/* Every id is known: check that references point at annotations of the
 * right kind, with the line of the reference in the message. */
static gboolean
resolve_references (Loader  *l,
                    GError **error)
{
  /* The set knows every annotation read so far by its id. */
  for (guint i = 0; i < l->refs->len; i++)
    {
      PendingRef *ref = &g_array_index (l->refs, PendingRef, i);
      GlossAnnotation *target = gloss_annotation_set_lookup (l->set, ref->target);
      const char *needed = NULL;

      if (strcmp (ref->what, "source") == 0)
        needed = "entity";
      else if (strcmp (ref->what, "parent") == 0)
        needed = "claim";

      if (target == NULL)
        {
          g_propagate_error (error, annotation_error (l, ref->from, ref->line,
                                                      "%s “%s” refers to no annotation of this file",
                                                      ref->what, ref->target));
          return FALSE;
        }
      if ((needed != NULL && strcmp (needed, kind_name (gloss_annotation_get_kind (target))) != 0)
          || gloss_annotation_get_kind (target) == GLOSS_ANNOTATION_RELATION)
        {
          g_propagate_error (error, annotation_error (l, ref->from, ref->line,
                                                      "%s “%s” is a %s, not %s",
                                                      ref->what, ref->target,
                                                      kind_name (gloss_annotation_get_kind (target)),
                                                      needed != NULL ? (strcmp (needed, "entity") == 0 ? "an entity" : "a claim")
                                                                     : "an entity or a claim"));
          return FALSE;
        }
      if (target == ref->from)
        {
          g_propagate_error (error, annotation_error (l, ref->from, ref->line,
                                                      "%s “%s” refers to the annotation itself",
                                                      ref->what, ref->target));
          return FALSE;
        }
    }
  return TRUE;
}

/* Finds the line of the element with id @id, for an error that the model
 * reports after the whole file was read. */
static int
find_line_of (GBytes     *bytes,
              const char *filename,
              const char *id)
{
  g_autoptr(GlossXmlReader) xr = NULL;
  GlossXmlErrorCodes c = codes ();
  gboolean at_end;

  xr = gloss_xml_reader_new (bytes, filename, NULL, &c, NULL);
  if (xr == NULL)
    return 1;
  while (gloss_xml_reader_read (xr, &at_end, NULL))
    {
      xmlTextReaderPtr r = gloss_xml_reader_get_reader (xr);

      if (xmlTextReaderNodeType (r) == XML_READER_TYPE_ELEMENT
          && xmlTextReaderDepth (r) == 2
          && g_strcmp0 (gloss_xml_reader_get_attribute (xr, "id"), id) == 0)
        return gloss_xml_reader_get_node_line (xr);
    }
  return 1;
}

/* Frees @l's parser. */
static void
loader_close (Loader *l)
{
  if (l->sax != NULL)
    {
      g_clear_pointer (&l->sax, _gloss_sidecar_sax_free);
      l->xr = NULL;
    }
  g_clear_pointer (&l->xr, gloss_xml_reader_free);
}

/* Reads the file, in the chunks of @plan or (when it is NULL) with one
 * parser: SAX or the reader, as @route says. When the SAX producer meets
 * what only the reader reads, it fails with @needs_reader set. */
static GlossAnnotationSet *
load_set (GBytes              *bytes,
          const char          *filename,
          GlossDocument       *document,
          GlossTagset         *tagset,
          const ChunkPlan     *plan,
          Route                route,
          gboolean            *needs_reader,
          GlossSidecarReport **report,
          GError             **error)
{
  g_autoptr(GlossSidecarReport) rep = NULL;
  g_autoptr(GError) local_error = NULL;
  GlossXmlErrorCodes c = codes ();
  Loader l = { 0 };
  gboolean at_end = FALSE;
  GlossAnnotation *culprit = NULL;

  *needs_reader = FALSE;
  if (plan == NULL && route == ROUTE_SAX)
    {
      l.sax = _gloss_sidecar_sax_new (bytes, filename, error);
      if (l.sax == NULL)
        return NULL;
      l.xr = _gloss_sidecar_sax_get_reader (l.sax);
    }
  else if (plan == NULL)
    {
      l.xr = gloss_xml_reader_new_full (bytes, filename, GLOSS_RESOURCE_SIDECAR_SCHEMA, &c,
                                        route == ROUTE_READER_DROP_BLANKS
                                        ? GLOSS_XML_READER_DROP_BLANKS : GLOSS_XML_READER_NONE,
                                        error);
      if (l.xr == NULL)
        return NULL;
    }
  l.document = document;
  l.tagset = tagset;
  l.report = rep = report_new ();
  l.text = gloss_document_get_text (document, &l.text_len);
  l.length = gloss_document_get_length (document);
  l.refs = g_array_new (FALSE, TRUE, sizeof (PendingRef));
  g_array_set_clear_func (l.refs, pending_ref_clear);
  l.chunked = plan != NULL;

  if (plan != NULL)
    read_chunks (&l, bytes, filename, plan, &at_end, &local_error);
  else
    read_records (&l, g_bytes_get_size (bytes), &at_end, &local_error);

  if (local_error == NULL && !at_end)
    local_error = error_new (l.xr, l.end_line, GLOSS_SIDECAR_ERROR_PARSE,
                             "the file ends early");
  if (local_error == NULL && l.current != NULL)
    local_error = annotation_error (&l, l.current, l.current_line, "the element is not closed");
  if (local_error == NULL)
    start_set (&l, &local_error);
  if (local_error == NULL)
    resolve_references (&l, &local_error);
  if (local_error == NULL
      && !_gloss_annotation_set_finish_load (l.set, &culprit, &local_error))
    {
      g_autoptr(GError) model_error = g_steal_pointer (&local_error);

      if (culprit != NULL)
        local_error = g_error_new (GLOSS_SIDECAR_ERROR, GLOSS_SIDECAR_ERROR_CONTENT,
                                   "%s:%d: %s %s: %s", filename,
                                   find_line_of (bytes, filename, gloss_annotation_get_id (culprit)),
                                   kind_name (gloss_annotation_get_kind (culprit)),
                                   gloss_annotation_get_id (culprit), model_error->message);
      else
        local_error = g_error_new (GLOSS_SIDECAR_ERROR, GLOSS_SIDECAR_ERROR_CONTENT,
                                   "%s: %s", filename, model_error->message);
    }

  if (local_error != NULL)
    {
      *needs_reader = l.needs_reader;
      g_propagate_error (error, g_steal_pointer (&local_error));
      loader_close (&l);
      loader_clear (&l);
      return NULL;
    }

  if (l.report->source_changed && !l.hash_matches)
    {
      /* Kept so that a save of a set that still has unanchored spans
       * records the article the stored quotes belong to. */
      g_object_set_data_full (G_OBJECT (l.set), SOURCE_SHA256_KEY,
                              g_strdup (l.report->source_sha256), g_free);
      g_object_set_data (G_OBJECT (l.set), SOURCE_LENGTH_KEY,
                         GUINT_TO_POINTER (l.report->source_length));
    }

  loader_close (&l);
  {
    GlossAnnotationSet *set = g_steal_pointer (&l.set);

    loader_clear (&l);
    *report = g_steal_pointer (&rep);
    return set;
  }
}

GlossAnnotationSet *
gloss_sidecar_load_bytes (GBytes              *bytes,
                          const char          *filename,
                          GlossDocument       *document,
                          GlossTagset         *tagset,
                          GlossSidecarReport **report,
                          GError             **error)
{
  g_autoptr(GlossSidecarReport) rep = NULL;
  g_autoptr(GError) local_error = NULL;
  GlossXmlErrorCodes c = codes ();
  GlossAnnotationSet *set;
  gboolean needs_reader = FALSE;
  Route route;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (filename != NULL, NULL);
  g_return_val_if_fail (GLOSS_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (GLOSS_IS_TAGSET (tagset), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (report != NULL)
    *report = NULL;
  last_load_chunks = 0;
  if (!check_size (bytes, filename, error))
    return NULL;

  /* First the root alone, without the schema: a foreign or newer file is
   * named as such instead of being reported as invalid. A file that starts
   * the way Gloss writes one has a root of this version: no need to look. */
  if (!starts_as_written (bytes))
    {
      g_autoptr(GlossXmlReader) peek = gloss_xml_reader_new (bytes, filename, NULL, &c, error);

      if (peek == NULL || !check_root (peek, error))
        return NULL;
    }

  route = route_for (bytes);
  /* Chunks only for the SAX producer: that rules out comments,
   * processing instructions, CDATA sections and extensions. */
  if (route == ROUTE_SAX && g_bytes_get_size (bytes) >= chunk_min_bytes ())
    {
      ChunkPlan plan;
      gsize len;
      const char *data = g_bytes_get_data (bytes, &len);

      if (plan_chunks (data, len, chunks_wanted (), &plan))
        {
          set = load_set (bytes, filename, document, tagset, &plan, ROUTE_SAX, &needs_reader,
                          &rep, NULL);
          if (set != NULL)
            {
              last_load_chunks = plan.n_chunks;
              if (report != NULL)
                *report = g_steal_pointer (&rep);
              return set;
            }
        }
    }

  set = load_set (bytes, filename, document, tagset, NULL, route, &needs_reader, &rep,
                  &local_error);
  if (set == NULL && needs_reader)
    {
      g_clear_error (&local_error);
      set = load_set (bytes, filename, document, tagset, NULL, ROUTE_READER, &needs_reader,
                      &rep, &local_error);
    }
  if (set == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (report != NULL)
    *report = g_steal_pointer (&rep);
  return set;
}

GlossAnnotationSet *
gloss_sidecar_load (GFile               *file,
                    GlossDocument       *document,
                    GlossTagset         *tagset,
                    GlossSidecarReport **report,
                    GCancellable        *cancellable,
                    GError             **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (GLOSS_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (GLOSS_IS_TAGSET (tagset), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (report != NULL)
    *report = NULL;
  name = g_file_get_parse_name (file);

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            cancellable, &local_error);
  if (info == NULL)
    {
      g_set_error (error, GLOSS_SIDECAR_ERROR, GLOSS_SIDECAR_ERROR_IO,
                   "Could not read %s: %s", name, local_error->message);
      return NULL;
    }
  if ((guint64) g_file_info_get_size (info) > GLOSS_SIDECAR_MAX_BYTES)
    {
      g_set_error (error, GLOSS_SIDECAR_ERROR, GLOSS_SIDECAR_ERROR_TOO_LARGE,
                   "%s: the file is too large to be a sidecar (%" G_GINT64_FORMAT
                   " bytes; the limit is %" G_GSIZE_FORMAT " bytes)",
                   name, (gint64) g_file_info_get_size (info), GLOSS_SIDECAR_MAX_BYTES);
      return NULL;
    }

  /* A local file in one read of its size rather than in 8 KiB blocks. */
  path = g_file_get_path (file);
  if (path != NULL)
    {
      char *contents;
      gsize length;

      if (!g_cancellable_set_error_if_cancelled (cancellable, &local_error)
          && g_file_get_contents (path, &contents, &length, &local_error))
        bytes = g_bytes_new_take (contents, length);
    }
  else
    bytes = g_file_load_bytes (file, cancellable, NULL, &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, GLOSS_SIDECAR_ERROR, GLOSS_SIDECAR_ERROR_IO,
                   "Could not read %s: %s", name, local_error->message);
      return NULL;
    }

  return gloss_sidecar_load_bytes (bytes, name, document, tagset, report, error);
}

/* ------------------------------------------------------------------ */
/* Names                                                               */

char *
gloss_sidecar_build_name (const char *text_name,
                          const char *annotator_id)
{
  g_return_val_if_fail (text_name != NULL && *text_name != '\0', NULL);
  g_return_val_if_fail (gloss_annotator_id_is_valid (annotator_id), NULL);

  return g_strconcat (text_name, ".", annotator_id, GLOSS_SIDECAR_SUFFIX, NULL);
}

gboolean
gloss_sidecar_parse_name (const char  *sidecar_name,
                          char       **text_name,
                          char       **annotator_id)
{
  gsize len;
  gsize suffix_len = strlen (GLOSS_SIDECAR_SUFFIX);
  const char *dot;
  g_autofree char *stem = NULL;

  g_return_val_if_fail (sidecar_name != NULL, FALSE);

  len = strlen (sidecar_name);
  if (len <= suffix_len || !g_str_has_suffix (sidecar_name, GLOSS_SIDECAR_SUFFIX))
    return FALSE;
  if (strchr (sidecar_name, '/') != NULL)
    return FALSE;

  /* NAME.ANNOTATOR: the annotator is the part after the last dot (an id
   * with a dot cannot be told apart from the article's extension; the
   * <annotator> element inside the file is the authority). */
  stem = g_strndup (sidecar_name, len - suffix_len);
  dot = strrchr (stem, '.');
  if (dot == NULL || dot == stem || !gloss_annotator_id_is_valid (dot + 1))
    return FALSE;

  if (text_name != NULL)
    *text_name = g_strndup (stem, dot - stem);
  if (annotator_id != NULL)
    *annotator_id = g_strdup (dot + 1);
  return TRUE;
}
