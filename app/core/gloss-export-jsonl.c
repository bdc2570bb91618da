/* gloss-export-jsonl.c: one JSON object per document and line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-export"

#include "config.h"

#include "gloss-export-private.h"

static void
append_text (GString        *out,
             GlossExportDoc *doc,
             guint           start,
             guint           end)
{
  gsize len;
  const char *text = _gloss_export_slice (doc, start, end, &len);

  _gloss_export_append_json (out, text, len);
}

static void
append_nullable (GString    *out,
                 const char *text)
{
  if (text != NULL)
    _gloss_export_append_json (out, text, -1);
  else
    g_string_append (out, "null");
}

static void
append_attributes (GString         *out,
                   GlossAnnotation *a)
{
  guint n = gloss_annotation_get_n_attributes (a);

  g_string_append_c (out, '{');
  for (guint i = 0; i < n; i++)
    {
      const char *name, *value;

      gloss_annotation_get_nth_attribute (a, i, &name, &value);
      if (i > 0)
        g_string_append_c (out, ',');
      _gloss_export_append_json (out, name, -1);
      g_string_append_c (out, ':');
      _gloss_export_append_json (out, value, -1);
    }
  g_string_append_c (out, '}');
}

/* "link", "note", "annotator", "created", "modified" */
static void
append_provenance (GString         *out,
                   GlossAnnotation *a,
                   gboolean         with_link)
{
  if (with_link)
    {
      g_string_append (out, ",\"link\":");
      append_nullable (out, gloss_annotation_get_link (a));
    }
  g_string_append (out, ",\"note\":");
  append_nullable (out, gloss_annotation_get_note (a));
  g_string_append (out, ",\"annotator\":");
  append_nullable (out, gloss_annotation_get_annotator (a));
  g_string_append (out, ",\"created\":");
  _gloss_export_append_time_json (out, gloss_annotation_get_created (a));
  g_string_append (out, ",\"modified\":");
  _gloss_export_append_time_json (out, gloss_annotation_get_modified (a));
}

static void
append_span_object (GString        *out,
                    GlossExportDoc *doc,
                    guint           start,
                    guint           end)
{
  g_string_append_printf (out, "{\"start\":%u,\"end\":%u,\"text\":", start, end);
  append_text (out, doc, start, end);
  g_string_append_c (out, '}');
}

gboolean
_gloss_export_jsonl_add (GlossExporter   *self,
                         GlossExportDoc  *doc,
                         GError         **error)
{
  GString *out = self->buf;
  GlossAnnotationSet *set = doc->set;
  gsize len;
  const char *text = gloss_document_get_text (doc->document, &len);

  g_string_append (out, "{\"id\":");
  _gloss_export_append_json (out, doc->name, -1);
  g_string_append (out, ",\"text\":");
  _gloss_export_append_json (out, text, len);

  g_string_append (out, ",\"meta\":{\"article\":");
  _gloss_export_append_json (out, doc->name, -1);
  g_string_append (out, ",\"sha256\":");
  _gloss_export_append_json (out, gloss_document_get_sha256 (doc->document), -1);
  g_string_append (out, ",\"annotator\":");
  _gloss_export_append_json (out, doc->annotator, -1);
  g_string_append (out, ",\"annotator_name\":");
  append_nullable (out, gloss_annotation_set_get_annotator_name (set));
  g_string_append (out, ",\"tagset\":");
  append_nullable (out, gloss_annotation_set_get_tagset_id (set));
  g_string_append (out, ",\"tagset_version\":");
  append_nullable (out, gloss_annotation_set_get_tagset_version (set));
  g_string_append (out, ",\"created\":");
  _gloss_export_append_time_json (out, gloss_annotation_set_get_created (set));
  g_string_append (out, ",\"modified\":");
  _gloss_export_append_time_json (out, gloss_annotation_set_get_modified (set));
  g_string_append (out, "},\"entities\":[");

  for (guint i = 0; i < doc->entities->len; i++)
    {
      GlossAnnotation *e = g_ptr_array_index (doc->entities, i);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_printf (out, "[%u,%u,", gloss_annotation_get_start (e),
                              gloss_annotation_get_end (e));
      _gloss_export_append_json (out, gloss_annotation_get_type_id (e), -1);
      g_string_append_c (out, ']');
    }

  g_string_append (out, "],\"spans\":[");
  for (guint i = 0; i < doc->entities->len; i++)
    {
      GlossAnnotation *e = g_ptr_array_index (doc->entities, i);
      guint start = gloss_annotation_get_start (e);
      guint end = gloss_annotation_get_end (e);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_printf (out, "{\"start\":%u,\"end\":%u,\"label\":", start, end);
      _gloss_export_append_json (out, gloss_annotation_get_type_id (e), -1);
      g_string_append (out, ",\"id\":");
      _gloss_export_append_json (out, gloss_annotation_get_id (e), -1);
      g_string_append (out, ",\"text\":");
      append_text (out, doc, start, end);
      g_string_append (out, ",\"attributes\":");
      append_attributes (out, e);
      append_provenance (out, e, TRUE);
      g_string_append_c (out, '}');
    }

  g_string_append (out, "],\"claims\":[");
  for (guint i = 0; i < doc->claims->len; i++)
    {
      GlossAnnotation *c = g_ptr_array_index (doc->claims, i);
      guint start = gloss_annotation_get_start (c);
      guint end = gloss_annotation_get_end (c);
      guint s, e;
      const char *parent = gloss_annotation_get_parent (c);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"id\":");
      _gloss_export_append_json (out, gloss_annotation_get_id (c), -1);
      g_string_append_printf (out, ",\"start\":%u,\"end\":%u,\"text\":", start, end);
      append_text (out, doc, start, end);

      g_string_append (out, ",\"source\":");
      switch (gloss_annotation_get_source_kind (c))
        {
        case GLOSS_SOURCE_ENTITY:
          {
            const char *id = gloss_annotation_get_source_entity (c);
            GlossAnnotation *entity = g_hash_table_lookup (doc->kept, id);

            if (entity != NULL)
              {
                g_string_append (out, "{\"entity\":");
                _gloss_export_append_json (out, id, -1);
                g_string_append_c (out, '}');
              }
            else
              {
                /* The entity was left out: keep where the source is. */
                entity = gloss_annotation_set_lookup (set, id);
                append_span_object (out, doc, gloss_annotation_get_start (entity),
                                    gloss_annotation_get_end (entity));
              }
          }
          break;
        case GLOSS_SOURCE_SPAN:
          gloss_annotation_get_source_span (c, &s, &e);
          append_span_object (out, doc, s, e);
          break;
        case GLOSS_SOURCE_ARTICLE:
          g_string_append (out, "\"article\"");
          break;
        case GLOSS_SOURCE_NONE:
        default:
          g_string_append (out, "null");
          break;
        }

      g_string_append (out, ",\"cue\":");
      if (gloss_annotation_get_cue (c, &s, &e))
        append_span_object (out, doc, s, e);
      else
        g_string_append (out, "null");

      g_string_append (out, ",\"attributes\":");
      append_attributes (out, c);
      g_string_append (out, ",\"parent\":");
      append_nullable (out, parent != NULL && g_hash_table_contains (doc->kept, parent) ? parent : NULL);
      append_provenance (out, c, TRUE);
      g_string_append_c (out, '}');
    }

  g_string_append (out, "],\"relations\":[");
  for (guint i = 0; i < doc->relations->len; i++)
    {
      GlossAnnotation *r = g_ptr_array_index (doc->relations, i);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append (out, "{\"id\":");
      _gloss_export_append_json (out, gloss_annotation_get_id (r), -1);
      g_string_append (out, ",\"type\":");
      _gloss_export_append_json (out, gloss_annotation_get_type_id (r), -1);
      g_string_append (out, ",\"from\":");
      _gloss_export_append_json (out, gloss_annotation_get_from (r), -1);
      g_string_append (out, ",\"to\":");
      _gloss_export_append_json (out, gloss_annotation_get_to (r), -1);
      append_provenance (out, r, FALSE);
      g_string_append_c (out, '}');
    }
  g_string_append (out, "]}\n");

  self->summary.n_entities += doc->entities->len;
  self->summary.n_claims += doc->claims->len;
  self->summary.n_relations += doc->relations->len;
  return TRUE;
}
