/* gloss-export-w3c.c: W3C Web Annotation JSON-LD, one collection per corpus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-export"

#include "config.h"

#include <string.h>

#include "gloss-export-private.h"

#define ANNO_CONTEXT "http://www.w3.org/ns/anno.jsonld"
/* Code points of context in a TextQuoteSelector, as in the sidecars. */
#define QUOTE_CONTEXT 32

typedef struct
{
  GString        *out;
  GlossExportDoc *doc;
  const char     *article_iri;
  const char     *sidecar_iri;  /* ends with "#" */
  /* The two as JSON strings; the sidecar's without its closing quote, so
   * that an id can follow. */
  GString        *article_json;
  GString        *sidecar_json;
  gint64          set_created;
  gint64          set_modified;
} W3cDoc;

/* Characters an IRI path segment may hold as they are (RFC 3987 iunreserved
 * and sub-delims without the ones that would end a segment). */
static char *
escape_segment (const char *name)
{
  return g_uri_escape_string (name, "!$&'()*+,;=:@", TRUE);
}

static void
append_selectors (W3cDoc *w,
                  guint   start,
                  guint   end)
{
  GString *out = w->out;
  GlossDocument *document = w->doc->document;
  guint length = gloss_document_get_length (document);
  guint before = start > QUOTE_CONTEXT ? start - QUOTE_CONTEXT : 0;
  guint after = MIN (length, end + QUOTE_CONTEXT);
  gsize len;
  const char *text;

  _gloss_export_append_literal (out, "[{\"type\":\"TextPositionSelector\",\"start\":");
  _gloss_export_append_uint (out, start);
  _gloss_export_append_literal (out, ",\"end\":");
  _gloss_export_append_uint (out, end);
  _gloss_export_append_literal (out, "},{\"type\":\"TextQuoteSelector\",\"exact\":");
  text = gloss_document_get_slice (document, start, end, &len);
  _gloss_export_append_json (out, text, len);
  _gloss_export_append_literal (out, ",\"prefix\":");
  text = gloss_document_get_slice (document, before, start, &len);
  _gloss_export_append_json (out, text, len);
  _gloss_export_append_literal (out, ",\"suffix\":");
  text = gloss_document_get_slice (document, end, after, &len);
  _gloss_export_append_json (out, text, len);
  _gloss_export_append_literal (out, "}]");
}

static void
append_textual_body (GString    *out,
                     const char *purpose,
                     const char *value,
                     const char *value_suffix)
{
  _gloss_export_append_literal (out, ",{\"type\":\"TextualBody\",\"purpose\":\"");
  g_string_append (out, purpose);
  _gloss_export_append_literal (out, "\",\"value\":");
  if (value_suffix == NULL)
    _gloss_export_append_json (out, value, -1);
  else
    {
      g_autofree char *joined = g_strconcat (value, value_suffix, NULL);

      _gloss_export_append_json (out, joined, -1);
    }
  g_string_append_c (out, '}');
}

/* wikidata:Q42 -> the Wikidata entity IRI; anything else as it is. */
static char *
link_iri (const char *link)
{
  if (g_ascii_strncasecmp (link, "wikidata:", 9) == 0)
    return g_strconcat ("http://www.wikidata.org/entity/", link + 9, NULL);
  return g_strdup (link);
}

/* Whether @id needs neither IRI nor JSON escaping (Gloss's own ids). */
static gboolean
id_is_plain (const char *id)
{
  for (const char *p = id; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '-' && *p != '.' && *p != '_' && *p != '~')
      return FALSE;
  return TRUE;
}

static void
append_iri_of (W3cDoc     *w,
               const char *id)
{
  g_autofree char *escaped = NULL;
  g_autofree char *iri = NULL;

  if (id_is_plain (id))
    {
      _gloss_export_append_len (w->out, w->sidecar_json->str, w->sidecar_json->len);
      g_string_append (w->out, id);
      g_string_append_c (w->out, '"');
      return;
    }
  escaped = escape_segment (id);
  iri = g_strconcat (w->sidecar_iri, escaped, NULL);
  _gloss_export_append_json (w->out, iri, -1);
}

static void
append_article_iri (W3cDoc *w)
{
  _gloss_export_append_len (w->out, w->article_json->str, w->article_json->len);
}

static void
begin_annotation (W3cDoc          *w,
                  GlossExporter   *self,
                  GlossAnnotation *a,
                  const char      *motivation)
{
  GString *out = w->out;
  GlossAnnotationSet *set = w->doc->set;
  const char *annotator = gloss_annotation_get_annotator (a);
  gint64 created = gloss_annotation_get_created (a);
  gint64 modified = gloss_annotation_get_modified (a);
  char time[32];

  if (annotator == NULL)
    annotator = w->doc->annotator;
  if (created == 0)
    created = w->set_created;
  if (modified == 0)
    modified = created;

  g_string_append (out, self->n_items == 0 ? "\n      " : ",\n      ");
  self->n_items++;

  g_string_append (out, "{\"@context\":\"" ANNO_CONTEXT "\",\"id\":");
  append_iri_of (w, gloss_annotation_get_id (a));
  _gloss_export_append_literal (out, ",\"type\":\"Annotation\",\"motivation\":\"");
  g_string_append (out, motivation);
  _gloss_export_append_literal (out, "\",\"creator\":{\"type\":\"Person\",\"nickname\":");
  _gloss_export_append_json (out, annotator, -1);
  if (g_strcmp0 (annotator, w->doc->annotator) == 0 &&
      gloss_annotation_set_get_annotator_name (set) != NULL)
    {
      _gloss_export_append_literal (out, ",\"name\":");
      _gloss_export_append_json (out, gloss_annotation_set_get_annotator_name (set), -1);
    }
  g_string_append_c (out, '}');
  if (_gloss_export_format_time (created, time))
    {
      _gloss_export_append_literal (out, ",\"created\":\"");
      g_string_append (out, time);
      g_string_append_c (out, '"');
    }
  if (modified != created && _gloss_export_format_time (modified, time))
    {
      _gloss_export_append_literal (out, ",\"modified\":\"");
      g_string_append (out, time);
      g_string_append_c (out, '"');
    }
}

static void
append_target (W3cDoc          *w,
               GlossAnnotation *a)
{
  GString *out = w->out;

  _gloss_export_append_literal (out, ",\"target\":{\"source\":");
  append_article_iri (w);
  _gloss_export_append_literal (out, ",\"selector\":");
  append_selectors (w, gloss_annotation_get_start (a), gloss_annotation_get_end (a));
  _gloss_export_append_literal (out, "}}");
}

static void
append_common_bodies (W3cDoc          *w,
                      GlossAnnotation *a,
                      gboolean         claim)
{
  GString *out = w->out;
  const char *link = gloss_annotation_get_link (a);
  const char *note = gloss_annotation_get_note (a);
  guint n = gloss_annotation_get_n_attributes (a);

  if (link != NULL)
    {
      g_autofree char *iri = link_iri (link);

      _gloss_export_append_literal (out, ",{\"type\":\"SpecificResource\",\"purpose\":\"identifying\",\"source\":");
      _gloss_export_append_json (out, iri, -1);
      g_string_append_c (out, '}');
    }
  for (guint i = 0; i < n; i++)
    {
      const char *name, *value;
      g_autofree char *pair = NULL;

      gloss_annotation_get_nth_attribute (a, i, &name, &value);
      pair = g_strconcat (name, "=", NULL);
      append_textual_body (out, claim && g_str_equal (name, "verdict") ? "assessing" : "describing",
                           pair, value);
    }
  if (note != NULL)
    append_textual_body (out, "commenting", note, NULL);
}

static void
write_entity (W3cDoc          *w,
              GlossExporter   *self,
              GlossAnnotation *e)
{
  GString *out = w->out;

  begin_annotation (w, self, e, "tagging");
  _gloss_export_append_literal (out, ",\"body\":[{\"type\":\"TextualBody\",\"purpose\":\"tagging\",\"value\":");
  _gloss_export_append_json (out, gloss_annotation_get_type_id (e), -1);
  g_string_append_c (out, '}');
  append_common_bodies (w, e, FALSE);
  g_string_append_c (out, ']');
  append_target (w, e);
}

static void
write_claim (W3cDoc          *w,
             GlossExporter   *self,
             GlossAnnotation *c)
{
  GString *out = w->out;
  const char *parent = gloss_annotation_get_parent (c);
  guint s, e;

  begin_annotation (w, self, c, "describing");
  g_string_append (out, ",\"body\":[{\"type\":\"TextualBody\",\"purpose\":\"classifying\","
                   "\"value\":\"claim\"}");

  switch (gloss_annotation_get_source_kind (c))
    {
    case GLOSS_SOURCE_ENTITY:
      {
        const char *id = gloss_annotation_get_source_entity (c);

        if (g_hash_table_contains (w->doc->kept, id))
          {
            _gloss_export_append_literal (out, ",{\"type\":\"SpecificResource\",\"purpose\":\"linking\",\"source\":");
            append_iri_of (w, id);
            g_string_append_c (out, '}');
          }
        else
          {
            GlossAnnotation *entity = gloss_annotation_set_lookup (w->doc->set, id);

            _gloss_export_append_literal (out, ",{\"type\":\"SpecificResource\",\"purpose\":\"linking\",\"source\":");
            append_article_iri (w);
            _gloss_export_append_literal (out, ",\"selector\":");
            append_selectors (w, gloss_annotation_get_start (entity), gloss_annotation_get_end (entity));
            g_string_append_c (out, '}');
          }
      }
      break;
    case GLOSS_SOURCE_SPAN:
      gloss_annotation_get_source_span (c, &s, &e);
      _gloss_export_append_literal (out, ",{\"type\":\"SpecificResource\",\"purpose\":\"linking\",\"source\":");
      append_article_iri (w);
      _gloss_export_append_literal (out, ",\"selector\":");
      append_selectors (w, s, e);
      g_string_append_c (out, '}');
      break;
    case GLOSS_SOURCE_ARTICLE:
      _gloss_export_append_literal (out, ",{\"type\":\"SpecificResource\",\"purpose\":\"linking\",\"source\":");
      append_article_iri (w);
      g_string_append_c (out, '}');
      break;
    case GLOSS_SOURCE_NONE:
    default:
      break;
    }

  if (gloss_annotation_get_cue (c, &s, &e))
    {
      _gloss_export_append_literal (out, ",{\"type\":\"SpecificResource\",\"purpose\":\"highlighting\",\"source\":");
      append_article_iri (w);
      _gloss_export_append_literal (out, ",\"selector\":");
      append_selectors (w, s, e);
      g_string_append_c (out, '}');
    }

  append_common_bodies (w, c, TRUE);

  if (parent != NULL && g_hash_table_contains (w->doc->kept, parent))
    {
      g_autofree char *escaped = escape_segment (parent);
      g_autofree char *iri = g_strconcat (w->sidecar_iri, escaped, NULL);

      append_textual_body (out, "describing", "parent=", iri);
    }
  g_string_append_c (out, ']');
  append_target (w, c);
}

static void
write_relation (W3cDoc          *w,
                GlossExporter   *self,
                GlossAnnotation *r)
{
  GString *out = w->out;
  const char *note = gloss_annotation_get_note (r);

  begin_annotation (w, self, r, "linking");
  _gloss_export_append_literal (out, ",\"body\":[{\"type\":\"TextualBody\",\"purpose\":\"tagging\",\"value\":");
  _gloss_export_append_json (out, gloss_annotation_get_type_id (r), -1);
  _gloss_export_append_literal (out, "},{\"type\":\"SpecificResource\",\"purpose\":\"linking\",\"source\":");
  append_iri_of (w, gloss_annotation_get_to (r));
  g_string_append_c (out, '}');
  if (note != NULL)
    append_textual_body (out, "commenting", note, NULL);
  _gloss_export_append_literal (out, "],\"target\":");
  append_iri_of (w, gloss_annotation_get_from (r));
  g_string_append_c (out, '}');
}

static const char *
base_of (GlossExporter  *self,
         GlossExportDoc *doc,
         char          **to_free)
{
  GFile *file;
  g_autoptr(GFile) parent = NULL;
  g_autofree char *uri = NULL;

  *to_free = NULL;
  if (self->base != NULL)
    return self->base;

  /* Without a base, the folder of the article. */
  file = gloss_document_get_file (doc->document);
  if (file == NULL || (parent = g_file_get_parent (file)) == NULL)
    return "";
  uri = g_file_get_uri (parent);
  *to_free = g_str_has_suffix (uri, "/") ? g_steal_pointer (&uri) : g_strconcat (uri, "/", NULL);
  return *to_free;
}

static void
write_header (GlossExporter *self,
              const char    *base)
{
  GString *out = self->buf;

  g_string_append (out, "{\n  \"@context\": \"" ANNO_CONTEXT "\",\n  \"id\": ");
  _gloss_export_append_json (out, base, -1);
  g_string_append (out, ",\n  \"type\": \"AnnotationCollection\",\n  \"label\": \"Gloss annotations\",\n"
                   "  \"first\": {\n    \"id\": ");
  {
    g_autofree char *page = g_strconcat (base, "#page-1", NULL);

    _gloss_export_append_json (out, page, -1);
  }
  _gloss_export_append_literal (out, ",\n    \"type\": \"AnnotationPage\",\n    \"items\": [");
  self->conf_written = TRUE;
}

gboolean
_gloss_export_w3c_add (GlossExporter   *self,
                       GlossExportDoc  *doc,
                       GError         **error)
{
  g_autofree char *base_owned = NULL;
  const char *base = base_of (self, doc, &base_owned);
  g_autofree char *article = escape_segment (doc->name);
  g_autofree char *sidecar = escape_segment (doc->sidecar_name);
  g_autofree char *article_iri = g_strconcat (base, article, NULL);
  g_autofree char *sidecar_iri = g_strconcat (base, sidecar, "#", NULL);
  g_autoptr(GString) article_json = g_string_new (NULL);
  g_autoptr(GString) sidecar_json = g_string_new (NULL);
  W3cDoc w = {
    self->buf, doc, article_iri, sidecar_iri, article_json, sidecar_json,
    gloss_annotation_set_get_created (doc->set),
    gloss_annotation_set_get_modified (doc->set),
  };

  _gloss_export_append_json (article_json, article_iri, -1);
  _gloss_export_append_json (sidecar_json, sidecar_iri, -1);
  g_string_truncate (sidecar_json, sidecar_json->len - 1);

  if (!self->conf_written)
    write_header (self, base);

  for (guint i = 0; i < doc->entities->len; i++)
    write_entity (&w, self, g_ptr_array_index (doc->entities, i));
  for (guint i = 0; i < doc->claims->len; i++)
    write_claim (&w, self, g_ptr_array_index (doc->claims, i));
  for (guint i = 0; i < doc->relations->len; i++)
    write_relation (&w, self, g_ptr_array_index (doc->relations, i));

  self->summary.n_entities += doc->entities->len;
  self->summary.n_claims += doc->claims->len;
  self->summary.n_relations += doc->relations->len;
  return TRUE;
}

gboolean
_gloss_export_w3c_finish (GlossExporter  *self,
                          GError        **error)
{
  if (!self->conf_written)
    write_header (self, self->base != NULL ? self->base : "");
  g_string_append_printf (self->buf, "%s]\n  },\n  \"total\": %" G_GUINT64_FORMAT "\n}\n",
                          self->n_items > 0 ? "\n    " : "", self->n_items);
  return TRUE;
}
