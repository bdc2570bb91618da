/* gloss-export-csv.c: one row per claim, RFC 4180
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-export"

#include "config.h"

#include <string.h>

#include "gloss-export-private.h"

static void
append_field (GString    *out,
              const char *text,
              gsize       len)
{
  gboolean quote = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (c == ',' || c == '"' || c == '\r' || c == '\n')
        {
          quote = TRUE;
          break;
        }
    }

  if (!quote)
    {
      g_string_append_len (out, text, len);
      return;
    }

  g_string_append_c (out, '"');
  for (gsize i = 0; i < len; i++)
    {
      if (text[i] == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, text[i]);
    }
  g_string_append_c (out, '"');
}

static void
append_string (GString    *out,
               const char *text)
{
  if (text != NULL)
    append_field (out, text, strlen (text));
}

static void
append_slice (GString        *out,
              GlossExportDoc *doc,
              guint           start,
              guint           end)
{
  gsize len;
  const char *text = _gloss_export_slice (doc, start, end, &len);

  append_field (out, text, len);
}

gboolean
_gloss_export_csv_begin (GlossExporter  *self,
                         GError        **error)
{
  if (self->bom)
    g_string_append (self->buf, "\xEF\xBB\xBF");
  g_string_append (self->buf,
                   "document,claim,text,source,cue,stance,certainty,attribution,verdict,"
                   "start,end,annotator\r\n");
  return TRUE;
}

gboolean
_gloss_export_csv_add (GlossExporter   *self,
                       GlossExportDoc  *doc,
                       GError         **error)
{
  static const char * const attributes[] = { "stance", "certainty", "attribution", "verdict" };
  GString *out = self->buf;

  for (guint i = 0; i < doc->claims->len; i++)
    {
      GlossAnnotation *c = g_ptr_array_index (doc->claims, i);
      guint start = gloss_annotation_get_start (c);
      guint end = gloss_annotation_get_end (c);
      guint s, e;

      append_string (out, doc->name);
      g_string_append_c (out, ',');
      append_string (out, gloss_annotation_get_id (c));
      g_string_append_c (out, ',');
      append_slice (out, doc, start, end);
      g_string_append_c (out, ',');

      switch (gloss_annotation_get_source_kind (c))
        {
        case GLOSS_SOURCE_ENTITY:
          {
            GlossAnnotation *entity =
              gloss_annotation_set_lookup (doc->set, gloss_annotation_get_source_entity (c));

            append_slice (out, doc, gloss_annotation_get_start (entity),
                          gloss_annotation_get_end (entity));
          }
          break;
        case GLOSS_SOURCE_SPAN:
          gloss_annotation_get_source_span (c, &s, &e);
          append_slice (out, doc, s, e);
          break;
        case GLOSS_SOURCE_ARTICLE:
          g_string_append (out, "(article)");
          break;
        case GLOSS_SOURCE_NONE:
        default:
          break;
        }
      g_string_append_c (out, ',');

      if (gloss_annotation_get_cue (c, &s, &e))
        append_slice (out, doc, s, e);

      for (guint k = 0; k < G_N_ELEMENTS (attributes); k++)
        {
          g_string_append_c (out, ',');
          append_string (out, gloss_annotation_get_attribute (c, attributes[k]));
        }

      g_string_append_c (out, ',');
      _gloss_export_append_uint (out, start);
      g_string_append_c (out, ',');
      _gloss_export_append_uint (out, end);
      g_string_append_c (out, ',');
      append_string (out, gloss_annotation_get_annotator (c));
      g_string_append (out, "\r\n");
    }

  self->summary.n_claims += doc->claims->len;
  return TRUE;
}
