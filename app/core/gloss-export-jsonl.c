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
    _gloss_export_append_literal (out, "null");
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
      _gloss_export_append_literal (out, ",\"link\":");
      append_nullable (out, gloss_annotation_get_link (a));
    }
  _gloss_export_append_literal (out, ",\"note\":");
  append_nullable (out, gloss_annotation_get_note (a));
  _gloss_export_append_literal (out, ",\"annotator\":");
  append_nullable (out, gloss_annotation_get_annotator (a));
  _gloss_export_append_literal (out, ",\"created\":");
  _gloss_export_append_time_json (out, gloss_annotation_get_created (a));
  _gloss_export_append_literal (out, ",\"modified\":");
  _gloss_export_append_time_json (out, gloss_annotation_get_modified (a));
}

static void
append_span_object (GString        *out,
                    GlossExportDoc *doc,
                    guint           start,
                    guint           end)
{
  _gloss_export_append_literal (out, "{\"start\":");
  _gloss_export_append_uint (out, start);
  _gloss_export_append_literal (out, ",\"end\":");
  _gloss_export_append_uint (out, end);
  _gloss_export_append_literal (out, ",\"text\":");
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

  _gloss_export_append_literal (out, "{\"id\":");
  _gloss_export_append_json (out, doc->name, -1);
  _gloss_export_append_literal (out, ",\"text\":");
  _gloss_export_append_json (out, text, len);

  _gloss_export_append_literal (out, ",\"meta\":{\"article\":");
  _gloss_export_append_json (out, doc->name, -1);
  _gloss_export_append_literal (out, ",\"sha256\":");
  _gloss_export_append_json (out, gloss_document_get_sha256 (doc->document), -1);
  _gloss_export_append_literal (out, ",\"annotator\":");
  _gloss_export_append_json (out, doc->annotator, -1);
  _gloss_export_append_literal (out, ",\"annotator_name\":");
  append_nullable (out, gloss_annotation_set_get_annotator_name (set));
  _gloss_export_append_literal (out, ",\"tagset\":");
  append_nullable (out, gloss_annotation_set_get_tagset_id (set));
  _gloss_export_append_literal (out, ",\"tagset_version\":");
  append_nullable (out, gloss_annotation_set_get_tagset_version (set));
  _gloss_export_append_literal (out, ",\"created\":");
  _gloss_export_append_time_json (out, gloss_annotation_set_get_created (set));
  _gloss_export_append_literal (out, ",\"modified\":");
  _gloss_export_append_time_json (out, gloss_annotation_set_get_modified (set));
  _gloss_export_append_literal (out, "},\"entities\":[");

  for (guint i = 0; i < doc->entities->len; i++)
    {
      GlossAnnotation *e = g_ptr_array_index (doc->entities, i);

      if (i > 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, '[');
      _gloss_export_append_uint (out, gloss_annotation_get_start (e));
      g_string_append_c (out, ',');
      _gloss_export_append_uint (out, gloss_annotation_get_end (e));
      g_string_append_c (out, ',');
      _gloss_export_append_json (out, gloss_annotation_get_type_id (e), -1);
      g_string_append_c (out, ']');
    }

  _gloss_export_append_literal (out, "],\"spans\":[");
  for (guint i = 0; i < doc->entities->len; i++)
    {
      GlossAnnotation *e = g_ptr_array_index (doc->entities, i);
      guint start = gloss_annotation_get_start (e);
      guint end = gloss_annotation_get_end (e);

      if (i > 0)
        g_string_append_c (out, ',');
      _gloss_export_append_literal (out, "{\"start\":");
      _gloss_export_append_uint (out, start);
      _gloss_export_append_literal (out, ",\"end\":");
      _gloss_export_append_uint (out, end);
      _gloss_export_append_literal (out, ",\"label\":");
      _gloss_export_append_json (out, gloss_annotation_get_type_id (e), -1);
      _gloss_export_append_literal (out, ",\"id\":");
      _gloss_export_append_json (out, gloss_annotation_get_id (e), -1);
      _gloss_export_append_literal (out, ",\"text\":");
      append_text (out, doc, start, end);
      _gloss_export_append_literal (out, ",\"attributes\":");
      append_attributes (out, e);
      append_provenance (out, e, TRUE);
      g_string_append_c (out, '}');
    }

  _gloss_export_append_literal (out, "],\"claims\":[");
  for (guint i = 0; i < doc->claims->len; i++)
    {
      GlossAnnotation *c = g_ptr_array_index (doc->claims, i);
      guint start = gloss_annotation_get_start (c);
      guint end = gloss_annotation_get_end (c);
      guint s, e;
      const char *parent = gloss_annotation_get_parent (c);

      if (i > 0)
        g_string_append_c (out, ',');
      _gloss_export_append_literal (out, "{\"id\":");
      _gloss_export_append_json (out, gloss_annotation_get_id (c), -1);
      _gloss_export_append_literal (out, ",\"start\":");
      _gloss_export_append_uint (out, start);
      _gloss_export_append_literal (out, ",\"end\":");
      _gloss_export_append_uint (out, end);
      _gloss_export_append_literal (out, ",\"text\":");
      append_text (out, doc, start, end);

      _gloss_export_append_literal (out, ",\"source\":");
      switch (gloss_annotation_get_source_kind (c))
        {
        case GLOSS_SOURCE_ENTITY:
          {
            const char *id = gloss_annotation_get_source_entity (c);
            GlossAnnotation *entity = g_hash_table_lookup (doc->kept, id);

            if (entity != NULL)
              {
                _gloss_export_append_literal (out, "{\"entity\":");
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
          _gloss_export_append_literal (out, "\"article\"");
          break;
        case GLOSS_SOURCE_NONE:
        default:
          _gloss_export_append_literal (out, "null");
          break;
        }

      _gloss_export_append_literal (out, ",\"cue\":");
      if (gloss_annotation_get_cue (c, &s, &e))
        append_span_object (out, doc, s, e);
      else
        _gloss_export_append_literal (out, "null");

      _gloss_export_append_literal (out, ",\"attributes\":");
      append_attributes (out, c);
      _gloss_export_append_literal (out, ",\"parent\":");
      append_nullable (out, parent != NULL && g_hash_table_contains (doc->kept, parent) ? parent : NULL);
      append_provenance (out, c, TRUE);
      g_string_append_c (out, '}');
    }

  _gloss_export_append_literal (out, "],\"relations\":[");
  for (guint i = 0; i < doc->relations->len; i++)
    {
      GlossAnnotation *r = g_ptr_array_index (doc->relations, i);

      if (i > 0)
        g_string_append_c (out, ',');
      _gloss_export_append_literal (out, "{\"id\":");
      _gloss_export_append_json (out, gloss_annotation_get_id (r), -1);
      _gloss_export_append_literal (out, ",\"type\":");
      _gloss_export_append_json (out, gloss_annotation_get_type_id (r), -1);
      _gloss_export_append_literal (out, ",\"from\":");
      _gloss_export_append_json (out, gloss_annotation_get_from (r), -1);
      _gloss_export_append_literal (out, ",\"to\":");
      _gloss_export_append_json (out, gloss_annotation_get_to (r), -1);
      append_provenance (out, r, FALSE);
      g_string_append_c (out, '}');
    }
  _gloss_export_append_literal (out, "]}\n");

  self->summary.n_entities += doc->entities->len;
  self->summary.n_claims += doc->claims->len;
  self->summary.n_relations += doc->relations->len;
  return TRUE;
}
