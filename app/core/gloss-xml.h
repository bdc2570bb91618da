/* gloss-xml.h: safe libxml2 reading and writing shared by the core's formats
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlwriter.h>

G_BEGIN_DECLS

typedef struct _GlossXmlReader GlossXmlReader;

/* Error codes are the caller's (its own domain); the reader fills the
 * message with "FILE:LINE: problem". */
typedef struct
{
  GQuark domain;
  int    parse_code;     /* not well-formed, truncated */
  int    forbidden_code; /* DOCTYPE or entity declaration */
  int    invalid_code;   /* schema violation */
} GlossXmlErrorCodes;

typedef enum
{
  GLOSS_XML_READER_NONE         = 0,
  /* Drops white space between elements (XML_PARSE_NOBLANKS): only for a
   * file in which no such white space carries meaning. */
  GLOSS_XML_READER_DROP_BLANKS  = 1 << 0,
} GlossXmlReaderFlags;

void            gloss_xml_init                  (void);

/* Creates a reader over @bytes (which must stay alive as long as the reader)
 * that refuses DTDs, entities and the network, and validates against the
 * RelaxNG schema stored at @schema_resource (a GResource path) when it is
 * not NULL. */
GlossXmlReader *gloss_xml_reader_new            (GBytes                   *bytes,
                                                 const char               *filename,
                                                 const char               *schema_resource,
                                                 const GlossXmlErrorCodes *codes,
                                                 GError                  **error);
GlossXmlReader *gloss_xml_reader_new_full       (GBytes                   *bytes,
                                                 const char               *filename,
                                                 const char               *schema_resource,
                                                 const GlossXmlErrorCodes *codes,
                                                 GlossXmlReaderFlags       flags,
                                                 GError                  **error);
/* A reader that drives a push parser calling @sax's SAX2 handlers (with
 * @user_data) instead of building nodes: the same refusals (DTDs,
 * entities, the network) and the same "FILE:LINE: problem" errors. @sax
 * must set initialized to XML_SAX2_MAGIC and no handler for DTDs or
 * entities; its serror handler should pass errors to
 * gloss_xml_reader_report(). */
GlossXmlReader *gloss_xml_reader_new_sax        (GBytes                   *bytes,
                                                 const char               *filename,
                                                 const GlossXmlErrorCodes *codes,
                                                 const xmlSAXHandler      *sax,
                                                 gpointer                  user_data,
                                                 GError                  **error);
/* Parses up to @max_bytes more of a SAX reader's bytes. TRUE while bytes
 * remain; FALSE with @at_end set once the document was parsed whole, with
 * @error set on an error, or with neither after gloss_xml_reader_stop(). */
gboolean        gloss_xml_reader_push           (GlossXmlReader           *self,
                                                 gsize                     max_bytes,
                                                 gboolean                 *at_end,
                                                 GError                  **error);
/* Stops a SAX reader from a handler: no handler is called after it. */
void            gloss_xml_reader_stop           (GlossXmlReader           *self);
/* Keeps libxml2's @xerror as the reader's error, as its own handler does. */
void            gloss_xml_reader_report         (GlossXmlReader           *self,
                                                 xmlErrorPtr               xerror);
xmlParserCtxtPtr gloss_xml_reader_get_context   (GlossXmlReader           *self);
void            gloss_xml_reader_free           (GlossXmlReader           *self);
xmlTextReaderPtr gloss_xml_reader_get_reader    (GlossXmlReader           *self);
const char     *gloss_xml_reader_get_filename   (GlossXmlReader           *self);
/* Advances; returns TRUE on a node, FALSE at the end (with @error unset) or
 * on an error (with @error set). */
gboolean        gloss_xml_reader_read           (GlossXmlReader           *self,
                                                 gboolean                 *at_end,
                                                 GError                  **error);
int             gloss_xml_reader_get_line       (GlossXmlReader           *self);
/* Line of the node the reader is on (its start tag for an element), which
 * may be before the parser's position: the reader parses ahead. */
int             gloss_xml_reader_get_node_line  (GlossXmlReader           *self);
/* Sets @error to "FILE:LINE: message" in the caller's domain with @code. */
void            gloss_xml_reader_set_error      (GlossXmlReader           *self,
                                                 GError                  **error,
                                                 int                       code,
                                                 const char               *format,
                                                 ...) G_GNUC_PRINTF (4, 5);
/* Value of an attribute as a borrowed string valid until the next read, or NULL. */
const char     *gloss_xml_reader_get_attribute  (GlossXmlReader           *self,
                                                 const char               *name);

/* Values of the unqualified attributes @names of the current element in one
 * pass: @values[i] is the value of @names[i], or NULL. Borrowed until the
 * next read. Pass the same @names array each time: its names are looked up
 * in the reader's dictionary once. */
void            gloss_xml_reader_get_attributes (GlossXmlReader           *self,
                                                 const char * const       *names,
                                                 guint                     n_names,
                                                 const char              **values);
/* xmlTextReaderReadString() and xmlTextReaderReadOuterXml() with libxml2's
 * context-free errors routed to this reader; newly allocated (the text is
 * "" and the XML NULL when there is none). */
char           *gloss_xml_reader_read_string    (GlossXmlReader           *self);
char           *gloss_xml_reader_read_outer_xml (GlossXmlReader           *self);

/* Parses an unsigned decimal that fits a guint. */
gboolean        gloss_xml_parse_uint            (const char               *text,
                                                 guint                    *out);
/* ISO 8601 UTC ("2026-11-22T08:00:00Z") <-> unix seconds. */
gboolean        gloss_xml_parse_time            (const char               *text,
                                                 gint64                   *out);
char           *gloss_xml_format_time           (gint64                    unix_seconds);
/* The same into @buf without allocating, for years 1-9999; FALSE (and
 * @buf untouched) outside them. */
#define GLOSS_XML_TIME_BUF_SIZE 21
gboolean        gloss_xml_format_time_buf       (gint64                    unix_seconds,
                                                 char                     *buf);

/* The RelaxNG schema stored at @resource, compiled once per process. */
gpointer        gloss_xml_get_schema            (const char               *resource,
                                                 GError                  **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GlossXmlReader, gloss_xml_reader_free)

G_END_DECLS
