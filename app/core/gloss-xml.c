/* gloss-xml.c: safe libxml2 reading shared by the core's formats
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-xml"

#include "config.h"

#include <string.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>

#include "gloss-xml.h"

#define NAME_SLOTS 64

static inline guint
name_slot (const xmlChar *name)
{
  return (guint) (((guint64) (guintptr) name * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> 58);
}

struct _GlossXmlReader
{
  xmlTextReaderPtr         reader;
  /* A push parser that calls the caller's SAX handlers instead (see
   * gloss_xml_reader_new_sax()), and how much of the bytes it was given. */
  xmlParserCtxtPtr         push;
  gsize                    pushed;
  gboolean                 stopped;
  xmlRelaxNGPtr            schema;
  GBytes                  *bytes;
  char                    *filename;
  GlossXmlErrorCodes       codes;
  /* The first error libxml2 reported, kept until the caller reads it. */
  GError                  *pending;

  /* gloss_xml_reader_get_attributes(): the names it was last asked for,
   * as the reader's dictionary holds them, and values it had to build. */
  const char * const      *names_key;
  const xmlChar          **interned;
  guint                    n_interned;
  /* The same names by the address the dictionary gives them: an open
   * hash table, probed linearly, of indices + 1 (0: empty). */
  const xmlChar           *slot_names[NAME_SLOTS];
  guint8                   slot_index[NAME_SLOTS];
  GPtrArray               *built_values;
};

/* The reader that is parsing on this thread, if any: libxml2 reports some
 * errors (bad bytes for the declared encoding, for one) without a parser
 * context, through per-thread handlers that would print them on stderr. */
static __thread GlossXmlReader *current_reader;

static G_LOCK_DEFINE (schemas);
static GHashTable *schemas;

static xmlParserInputPtr
refuse_external_entity (const char       *url,
                        const char       *id,
                        xmlParserCtxtPtr  ctxt)
{
  /* Nothing Gloss reads ever needs an external resource: refusing here is a
   * second wall behind the DOCTYPE check. */
  return NULL;
}

static void structured_error (void        *user_data,
                              xmlErrorPtr  xerror);

static void
contextless_structured_error (void        *user_data,
                              xmlErrorPtr  xerror)
{
  if (current_reader != NULL)
    structured_error (current_reader, xerror);
  else if (xerror != NULL && xerror->message != NULL)
    g_debug ("libxml2: %s", xerror->message);
}

static void contextless_generic_error (void       *user_data,
                                       const char *format,
                                       ...) G_GNUC_PRINTF (2, 3);

static void
contextless_generic_error (void       *user_data,
                           const char *format,
                           ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_strstrip (message);

  /* Such messages come in pieces ("xmlParseChunk: encoder error") after
   * the structured report of the same problem, which is the one kept. */
  if (current_reader != NULL && current_reader->pending == NULL && *message != '\0')
    current_reader->pending = g_error_new (current_reader->codes.domain,
                                           current_reader->codes.parse_code, "%s:%d: %s",
                                           current_reader->filename,
                                           gloss_xml_reader_get_line (current_reader), message);
  else
    g_debug ("libxml2: %s", message);
}

/* Routes libxml2's context-free error output on the calling thread, and on
 * threads that first use libxml2 later, through the reader's handler. */
static void
route_errors (void)
{
  xmlSetGenericErrorFunc (NULL, (xmlGenericErrorFunc) contextless_generic_error);
  xmlSetStructuredErrorFunc (NULL, contextless_structured_error);
}

void
gloss_xml_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      xmlInitParser ();
      xmlSetExternalEntityLoader (refuse_external_entity);
      xmlThrDefSetGenericErrorFunc (NULL, (xmlGenericErrorFunc) contextless_generic_error);
      xmlThrDefSetStructuredErrorFunc (NULL, contextless_structured_error);
      g_once_init_leave (&initialized, 1);
    }
  route_errors ();
}

static char *
first_line_of (const char *message)
{
  const char *nl = strchr (message, '\n');

  return nl != NULL ? g_strndup (message, nl - message) : g_strdup (message);
}

static void
structured_error (void        *user_data,
                  xmlErrorPtr  xerror)
{
  GlossXmlReader *self = user_data;
  g_autofree char *message = NULL;
  int code;
  int line;

  if (self->pending != NULL || xerror == NULL)
    return;
  if (xerror->level == XML_ERR_WARNING)
    return;

  message = first_line_of (xerror->message != NULL ? xerror->message : "unknown error");
  g_strstrip (message);
  line = xerror->line;
  if (line <= 0 && (self->reader != NULL || self->push != NULL))
    line = gloss_xml_reader_get_line (self);

  if (xerror->domain == XML_FROM_I18N)
    {
      char *plain = g_steal_pointer (&message);

      message = g_strdup_printf ("the bytes do not match the encoding the file declares (%s)", plain);
      g_free (plain);
    }

  if (xerror->domain == XML_FROM_RELAXNGV || xerror->domain == XML_FROM_RELAXNGP)
    code = self->codes.invalid_code;
  else if (xerror->code == XML_ERR_ENTITY_LOOP
           || xerror->code == XML_ERR_UNDECLARED_ENTITY
           || xerror->code == XML_WAR_UNDECLARED_ENTITY
           || xerror->code == XML_ERR_ENTITY_BOUNDARY)
    code = self->codes.forbidden_code;
  else
    code = self->codes.parse_code;

  self->pending = g_error_new (self->codes.domain, code, "%s:%d: %s",
                               self->filename, MAX (line, 1), message);
}

/* Finds "<!DOCTYPE" or "<!ENTITY" before the root element without
 * parsing, so that a hostile prolog is refused before libxml2 reads it. */
static gboolean
prolog_has_dtd (const char *data,
                gsize       len,
                int        *line)
{
  const char *p = data;
  const char *end = data + len;

  *line = 1;
  if (len >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;

  while (p < end)
    {
      if (*p == '\n')
        {
          (*line)++;
          p++;
        }
      else if (*p == ' ' || *p == '\t' || *p == '\r')
        p++;
      else if (end - p >= 4 && memcmp (p, "<!--", 4) == 0)
        {
          const char *close = g_strstr_len (p + 4, end - p - 4, "-->");

          if (close == NULL)
            return FALSE;
          for (const char *q = p; q < close; q++)
            if (*q == '\n')
              (*line)++;
          p = close + 3;
        }
      else if (end - p >= 2 && memcmp (p, "<?", 2) == 0)
        {
          const char *close = g_strstr_len (p + 2, end - p - 2, "?>");

          if (close == NULL)
            return FALSE;
          for (const char *q = p; q < close; q++)
            if (*q == '\n')
              (*line)++;
          p = close + 2;
        }
      else if (end - p >= 2 && memcmp (p, "<!", 2) == 0)
        return TRUE;
      else
        return FALSE;
    }

  return FALSE;
}

gpointer
gloss_xml_get_schema (const char  *resource,
                      GError     **error)
{
  xmlRelaxNGPtr schema;

  gloss_xml_init ();

  G_LOCK (schemas);
  if (schemas == NULL)
    schemas = g_hash_table_new (g_str_hash, g_str_equal);
  schema = g_hash_table_lookup (schemas, resource);
  if (schema == NULL)
    {
      g_autoptr(GBytes) bytes = NULL;
      xmlRelaxNGParserCtxtPtr pctxt;
      gsize len;
      const char *data;

      bytes = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
      if (bytes == NULL)
        {
          G_UNLOCK (schemas);
          return NULL;
        }
      data = g_bytes_get_data (bytes, &len);
      pctxt = xmlRelaxNGNewMemParserCtxt (data, (int) len);
      schema = xmlRelaxNGParse (pctxt);
      xmlRelaxNGFreeParserCtxt (pctxt);
      if (schema == NULL)
        {
          G_UNLOCK (schemas);
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "The schema %s shipped with Gloss does not compile", resource);
          return NULL;
        }
      g_hash_table_insert (schemas, g_strdup (resource), schema);
    }
  G_UNLOCK (schemas);

  return schema;
}

GlossXmlReader *
gloss_xml_reader_new (GBytes                   *bytes,
                      const char               *filename,
                      const char               *schema_resource,
                      const GlossXmlErrorCodes *codes,
                      GError                  **error)
{
  return gloss_xml_reader_new_full (bytes, filename, schema_resource, codes,
                                    GLOSS_XML_READER_NONE, error);
}

/* The checks every reader makes before parsing: a file that is empty,
 * too large for libxml2 or opens with a DTD is refused here. */
static GlossXmlReader *
reader_start (GBytes                   *bytes,
              const char               *filename,
              const GlossXmlErrorCodes *codes,
              GError                  **error)
{
  g_autoptr(GlossXmlReader) self = NULL;
  const char *data;
  gsize len;
  int line;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (filename != NULL, NULL);
  g_return_val_if_fail (codes != NULL, NULL);

  gloss_xml_init ();

  self = g_new0 (GlossXmlReader, 1);
  self->bytes = g_bytes_ref (bytes);
  self->filename = g_strdup (filename);
  self->codes = *codes;

  data = g_bytes_get_data (bytes, &len);
  if (len == 0)
    {
      g_set_error (error, codes->domain, codes->parse_code,
                   "%s:1: the file is empty", filename);
      return NULL;
    }
  if (len > G_MAXINT)
    {
      g_set_error (error, codes->domain, codes->parse_code,
                   "%s: the file is too large to read (%" G_GSIZE_FORMAT " bytes)",
                   filename, len);
      return NULL;
    }
  if (prolog_has_dtd (data, len, &line))
    {
      g_set_error (error, codes->domain, codes->forbidden_code,
                   "%s:%d: document type declarations (DOCTYPE, ENTITY) are not allowed",
                   filename, line);
      return NULL;
    }
  return g_steal_pointer (&self);
}

GlossXmlReader *
gloss_xml_reader_new_full (GBytes                   *bytes,
                           const char               *filename,
                           const char               *schema_resource,
                           const GlossXmlErrorCodes *codes,
                           GlossXmlReaderFlags       flags,
                           GError                  **error)
{
  g_autoptr(GlossXmlReader) self = NULL;
  const char *data;
  gsize len;


  self = reader_start (bytes, filename, codes, error);
  if (self == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &len);

  if (schema_resource != NULL)
    {
      self->schema = gloss_xml_get_schema (schema_resource, error);
      if (self->schema == NULL)
        return NULL;
    }

  /* NONET (and NOBLANKS on request) and nothing else: no entity
   * substitution, no DTD loading, no recovery, no huge-document
   * relaxations. */
  self->reader = xmlReaderForMemory (data, (int) len, filename, NULL,
                                     XML_PARSE_NONET
                                     | ((flags & GLOSS_XML_READER_DROP_BLANKS) ? XML_PARSE_NOBLANKS : 0));
  if (self->reader == NULL)
    {
      g_set_error (error, codes->domain, codes->parse_code,
                   "%s: could not start the XML reader", filename);
      return NULL;
    }
  xmlTextReaderSetStructuredErrorHandler (self->reader, structured_error, self);
  if (self->schema != NULL && xmlTextReaderRelaxNGSetSchema (self->reader, self->schema) != 0)
    {
      g_set_error (error, codes->domain, codes->parse_code,
                   "%s: could not attach the schema %s", filename, schema_resource);
      return NULL;
    }

  return g_steal_pointer (&self);
}

GlossXmlReader *
gloss_xml_reader_new_sax (GBytes                   *bytes,
                          const char               *filename,
                          const GlossXmlErrorCodes *codes,
                          const xmlSAXHandler      *sax,
                          gpointer                  user_data,
                          GError                  **error)
{
  g_autoptr(GlossXmlReader) self = NULL;
  const char *data;
  gsize len;

  g_return_val_if_fail (sax != NULL && sax->initialized == XML_SAX2_MAGIC, NULL);
  g_return_val_if_fail (sax->internalSubset == NULL && sax->externalSubset == NULL
                        && sax->entityDecl == NULL && sax->getEntity == NULL
                        && sax->resolveEntity == NULL, NULL);

  self = reader_start (bytes, filename, codes, error);
  if (self == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &len);

  /* The first bytes tell the parser the encoding, as for a reader. */
  self->pushed = MIN (len, 4);
  self->push = xmlCreatePushParserCtxt ((xmlSAXHandlerPtr) sax, user_data, data,
                                        (int) self->pushed, filename);
  if (self->push == NULL)
    {
      g_set_error (error, codes->domain, codes->parse_code,
                   "%s: could not start the XML parser", filename);
      return NULL;
    }
  /* NOENT only so that "&amp;" reaches the handlers as "&": with no DTD
   * (refused above, and no handler to declare or resolve entities) the
   * only entities are XML's five and character references. */
  xmlCtxtUseOptions (self->push, XML_PARSE_NONET | XML_PARSE_NOENT);

  return g_steal_pointer (&self);
}

gboolean
gloss_xml_reader_push (GlossXmlReader *self,
                       gsize           max_bytes,
                       gboolean       *at_end,
                       GError        **error)
{
  gsize len;
  const char *data;
  gsize n;
  gboolean last;

  g_return_val_if_fail (self != NULL && self->push != NULL, FALSE);

  *at_end = FALSE;
  data = g_bytes_get_data (self->bytes, &len);
  n = MIN (len - self->pushed, MAX (max_bytes, 1));
  last = self->pushed + n == len;

  current_reader = self;
  xmlParseChunk (self->push, data + self->pushed, (int) n, last);
  current_reader = NULL;
  self->pushed += n;

  if (self->pending != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->pending));
      return FALSE;
    }
  if (self->stopped)
    return FALSE;
  if (!self->push->wellFormed)
    {
      gloss_xml_reader_set_error (self, error, self->codes.parse_code,
                                  "the XML is not well-formed");
      return FALSE;
    }
  *at_end = last;
  return !last;
}

void
gloss_xml_reader_stop (GlossXmlReader *self)
{
  g_return_if_fail (self != NULL && self->push != NULL);

  self->stopped = TRUE;
  xmlStopParser (self->push);
}

void
gloss_xml_reader_report (GlossXmlReader *self,
                         xmlErrorPtr     xerror)
{
  g_return_if_fail (self != NULL);

  structured_error (self, xerror);
}

xmlParserCtxtPtr
gloss_xml_reader_get_context (GlossXmlReader *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->push;
}

void
gloss_xml_reader_free (GlossXmlReader *self)
{
  if (self == NULL)
    return;
  if (current_reader == self)
    current_reader = NULL;
  g_clear_pointer (&self->reader, xmlFreeTextReader);
  /* The context has its own copy of the caller's handlers. */
  g_clear_pointer (&self->push, xmlFreeParserCtxt);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_error (&self->pending);
  g_clear_pointer (&self->built_values, g_ptr_array_unref);
  g_free (self->interned);
  g_free (self->filename);
  g_free (self);
}

xmlTextReaderPtr
gloss_xml_reader_get_reader (GlossXmlReader *self)
{
  return self->reader;
}

const char *
gloss_xml_reader_get_filename (GlossXmlReader *self)
{
  return self->filename;
}

int
gloss_xml_reader_get_line (GlossXmlReader *self)
{
  if (self->push != NULL)
    return self->push->input != NULL ? MAX (1, self->push->input->line) : 1;
  return MAX (1, xmlTextReaderGetParserLineNumber (self->reader));
}

int
gloss_xml_reader_get_node_line (GlossXmlReader *self)
{
  xmlNodePtr node = xmlTextReaderCurrentNode (self->reader);
  long line = node != NULL ? xmlGetLineNo (node) : -1;

  if (line <= 0)
    return gloss_xml_reader_get_line (self);
  return (int) MIN (line, G_MAXINT);
}

gboolean
gloss_xml_reader_read (GlossXmlReader *self,
                       gboolean       *at_end,
                       GError        **error)
{
  int ret;
  int type;

  *at_end = FALSE;
  if (self->built_values != NULL)
    g_ptr_array_set_size (self->built_values, 0);
  current_reader = self;
  ret = xmlTextReaderRead (self->reader);
  current_reader = NULL;

  if (self->pending != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&self->pending));
      return FALSE;
    }
  if (ret < 0)
    {
      gloss_xml_reader_set_error (self, error, self->codes.parse_code,
                                  "the XML is not well-formed");
      return FALSE;
    }
  if (ret == 0)
    {
      if (self->schema != NULL && xmlTextReaderIsValid (self->reader) != 1)
        {
          if (self->pending != NULL)
            g_propagate_error (error, g_steal_pointer (&self->pending));
          else
            gloss_xml_reader_set_error (self, error, self->codes.invalid_code,
                                        "the file does not match its schema");
          return FALSE;
        }
      *at_end = TRUE;
      return FALSE;
    }

  type = xmlTextReaderNodeType (self->reader);
  if (type == XML_READER_TYPE_DOCUMENT_TYPE || type == XML_READER_TYPE_ENTITY
      || type == XML_READER_TYPE_ENTITY_REFERENCE)
    {
      gloss_xml_reader_set_error (self, error, self->codes.forbidden_code,
                                  "document type declarations and entities are not allowed");
      return FALSE;
    }

  return TRUE;
}

void
gloss_xml_reader_set_error (GlossXmlReader *self,
                            GError        **error,
                            int             code,
                            const char     *format,
                            ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, self->codes.domain, code, "%s:%d: %s",
               self->filename, gloss_xml_reader_get_line (self), message);
}

const char *
gloss_xml_reader_get_attribute (GlossXmlReader *self,
                                const char     *name)
{
  /* Borrowed from the reader's dictionary/node: valid until the next read. */
  if (xmlTextReaderMoveToAttribute (self->reader, (const xmlChar *) name) != 1)
    return NULL;
  {
    const char *value = (const char *) xmlTextReaderConstValue (self->reader);
    xmlTextReaderMoveToElement (self->reader);
    return value;
  }
}

void
gloss_xml_reader_get_attributes (GlossXmlReader     *self,
                                 const char * const *names,
                                 guint               n_names,
                                 const char        **values)
{
  xmlNodePtr node;

  g_return_if_fail (self != NULL);
  g_return_if_fail (names != NULL || n_names == 0);

  memset (values, 0, n_names * sizeof (char *));

  /* The reader keeps element and attribute names in its dictionary:
   * looked up there once, they compare by pointer. */
  if (self->names_key != names || self->n_interned != n_names)
    {
      g_free (self->interned);
      self->interned = g_new (const xmlChar *, n_names);
      memset (self->slot_names, 0, sizeof self->slot_names);
      memset (self->slot_index, 0, sizeof self->slot_index);
      for (guint i = 0; i < n_names; i++)
        {
          self->interned[i] = xmlTextReaderConstString (self->reader, (const xmlChar *) names[i]);
          /* At most half full, so that a miss ends soon. */
          if (n_names <= NAME_SLOTS / 2 && self->interned[i] != NULL)
            {
              guint k = name_slot (self->interned[i]);

              while (self->slot_names[k] != NULL && self->slot_names[k] != self->interned[i])
                k = (k + 1) % NAME_SLOTS;
              if (self->slot_names[k] == NULL)
                {
                  self->slot_names[k] = self->interned[i];
                  self->slot_index[k] = (guint8) (i + 1);
                }
            }
        }
      self->names_key = names;
      self->n_interned = n_names;
    }

  node = xmlTextReaderCurrentNode (self->reader);
  if (node == NULL || node->type != XML_ELEMENT_NODE
      || xmlTextReaderNodeType (self->reader) != XML_READER_TYPE_ELEMENT)
    return;

  for (xmlAttrPtr a = node->properties; a != NULL; a = a->next)
    {
      guint i;

      /* Only unqualified attributes, as gloss_xml_reader_get_attribute(). */
      if (a->ns != NULL)
        continue;
      i = n_names;
      if (n_names <= NAME_SLOTS / 2)
        {
          for (guint k = name_slot (a->name); self->slot_names[k] != NULL; k = (k + 1) % NAME_SLOTS)
            if (self->slot_names[k] == a->name)
              {
                i = self->slot_index[k] - 1;
                break;
              }
        }
      else
        {
          for (i = 0; i < n_names; i++)
            if (self->interned[i] == a->name)
              break;
        }
      if (i == n_names)
        for (i = 0; i < n_names; i++)
          if (strcmp ((const char *) a->name, names[i]) == 0)
            break;
      if (i == n_names || values[i] != NULL)
        continue;

      if (a->children == NULL)
        values[i] = "";
      else if (a->children->type == XML_TEXT_NODE && a->children->next == NULL)
        values[i] = (const char *) a->children->content;
      else
        {
          xmlChar *built = xmlNodeListGetString (node->doc, a->children, 1);

          if (self->built_values == NULL)
            self->built_values = g_ptr_array_new_with_free_func (xmlFree);
          g_ptr_array_add (self->built_values, built);
          values[i] = built != NULL ? (const char *) built : "";
        }
    }
}

char *
gloss_xml_reader_read_string (GlossXmlReader *self)
{
  xmlChar *text;
  char *copy;

  g_return_val_if_fail (self != NULL, NULL);

  current_reader = self;
  text = xmlTextReaderReadString (self->reader);
  current_reader = NULL;
  copy = g_strdup (text != NULL ? (const char *) text : "");
  xmlFree (text);
  return copy;
}

char *
gloss_xml_reader_read_outer_xml (GlossXmlReader *self)
{
  xmlChar *xml;
  char *copy;

  g_return_val_if_fail (self != NULL, NULL);

  current_reader = self;
  xml = xmlTextReaderReadOuterXml (self->reader);
  current_reader = NULL;
  copy = g_strdup ((const char *) xml);
  xmlFree (xml);
  return copy;
}

gboolean
gloss_xml_parse_uint (const char *text,
                      guint      *out)
{
  guint64 value = 0;

  if (text == NULL || *text == '\0')
    return FALSE;
  for (const char *p = text; *p; p++)
    {
      if (*p < '0' || *p > '9')
        return FALSE;
      value = value * 10 + (guint) (*p - '0');
      if (value >= G_MAXUINT)
        return FALSE;
    }
  *out = (guint) value;
  return TRUE;
}

/* Days since 1970-01-01 of a proleptic Gregorian date, and back. */
static gint64
days_from_civil (int y,
                 int m,
                 int d)
{
  gint64 era;
  gint64 yoe, doy, doe;

  y -= m <= 2;
  era = (y >= 0 ? y : y - 399) / 400;
  yoe = y - era * 400;
  doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

static void
civil_from_days (gint64  z,
                 int    *y,
                 int    *m,
                 int    *d)
{
  gint64 era, doe, yoe, doy, mp;

  z += 719468;
  era = (z >= 0 ? z : z - 146096) / 146097;
  doe = z - era * 146097;
  yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  mp = (5 * doy + 2) / 153;
  *d = (int) (doy - (153 * mp + 2) / 5 + 1);
  *m = (int) (mp < 10 ? mp + 3 : mp - 9);
  *y = (int) (yoe + era * 400 + (*m <= 2));
}

static int
digits (const char *p,
        int         n)
{
  int value = 0;

  for (int i = 0; i < n; i++)
    {
      if (p[i] < '0' || p[i] > '9')
        return -1;
      value = value * 10 + (p[i] - '0');
    }
  return value;
}

/* The canonical form Gloss writes ("2026-11-22T08:00:00Z"), parsed without
 * GDateTime: sidecars hold one or two per annotation. Anything else falls
 * back to the general ISO 8601 parser. */
static gboolean
parse_time_canonical (const char *text,
                      gint64     *out)
{
  static const int month_days[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
  int y, mo, d, h, mi, s;

  if (strlen (text) != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T'
      || text[13] != ':' || text[16] != ':' || text[19] != 'Z')
    return FALSE;
  y = digits (text, 4);
  mo = digits (text + 5, 2);
  d = digits (text + 8, 2);
  h = digits (text + 11, 2);
  mi = digits (text + 14, 2);
  s = digits (text + 17, 2);
  if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > month_days[mo - 1]
      || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59)
    return FALSE;
  if (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
    return FALSE;

  *out = days_from_civil (y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
  return TRUE;
}

gboolean
gloss_xml_parse_time (const char *text,
                      gint64     *out)
{
  g_autoptr(GDateTime) dt = NULL;

  if (text == NULL)
    return FALSE;
  if (parse_time_canonical (text, out))
    return TRUE;
  dt = g_date_time_new_from_iso8601 (text, NULL);
  if (dt == NULL)
    return FALSE;
  *out = g_date_time_to_unix (dt);
  return TRUE;
}

gboolean
gloss_xml_format_time_buf (gint64  unix_seconds,
                           char   *buf)
{
  gint64 days;
  gint64 rest;
  int y, m, d;
  int fields[6];

  /* Years 1-9999 without GDateTime, which costs a microsecond or two a
   * call (a large sidecar writes two times per annotation, an export one
   * or two) and whose %Y does not pad years before 1000 to four digits. */
  if (unix_seconds < G_GINT64_CONSTANT (-62135596800)
      || unix_seconds > G_GINT64_CONSTANT (253402300799))
    return FALSE;

  days = unix_seconds / 86400 - (unix_seconds % 86400 < 0);
  rest = unix_seconds - days * 86400;
  civil_from_days (days, &y, &m, &d);
  fields[0] = y;
  fields[1] = m;
  fields[2] = d;
  fields[3] = (int) (rest / 3600);
  fields[4] = (int) (rest / 60 % 60);
  fields[5] = (int) (rest % 60);
  /* "YYYY-MM-DDTHH:MM:SSZ" */
  memcpy (buf, "0000-00-00T00:00:00Z", GLOSS_XML_TIME_BUF_SIZE);
  buf[0] = '0' + y / 1000;
  buf[1] = '0' + y / 100 % 10;
  buf[2] = '0' + y / 10 % 10;
  buf[3] = '0' + y % 10;
  for (int i = 1; i < 6; i++)
    {
      buf[2 + 3 * i] = '0' + fields[i] / 10;
      buf[3 + 3 * i] = '0' + fields[i] % 10;
    }
  return TRUE;
}

char *
gloss_xml_format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = NULL;
  char text[GLOSS_XML_TIME_BUF_SIZE];

  if (gloss_xml_format_time_buf (unix_seconds, text))
    return g_strdup (text);

  dt = g_date_time_new_from_unix_utc (unix_seconds);

  if (dt == NULL)
    return g_strdup ("1970-01-01T00:00:00Z");
  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}
