/* gloss-export-brat.c: brat standoff, .txt + .ann per document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-export"

#include "config.h"

#include <string.h>

#include "gloss-export-private.h"
#include "gloss-tagset.h"

/* Types brat sees besides the tagset's. */
#define TYPE_CLAIM  "Claim"
#define TYPE_CUE    "Cue"
#define TYPE_SOURCE "Source"
#define ATTRIBUTE_ARTICLE_VOICE "ArticleVoice"

typedef struct
{
  GString        *out;
  GlossExportDoc *doc;
  guint           n_t, n_e, n_a, n_r, n_n, n_notes;
  GHashTable     *brat_ids; /* sidecar id -> "T3" / "E2" */
} Brat;

/* Writes "TYPE START END[;START END…]\tTEXT" for [start, end), split at
 * line breaks, which brat does not allow inside the text field. */
static void
append_fragments (Brat       *b,
                  const char *type,
                  guint       start,
                  guint       end)
{
  GString *out = b->out;
  gsize len;
  const char *text = gloss_document_get_slice (b->doc->document, start, end, &len);
  const char *p = text;
  const char *stop = text + len;
  guint offset = start;
  g_autoptr(GString) joined = g_string_new (NULL);
  gboolean first = TRUE;

  g_string_append (out, type);
  while (p < stop)
    {
      const char *frag = p;
      guint frag_start = offset;

      /* Skip line breaks. */
      if (*p == '\n' || *p == '\r')
        {
          p++;
          offset++;
          continue;
        }
      while (p < stop && *p != '\n' && *p != '\r')
        {
          p = g_utf8_next_char (p);
          offset++;
        }
      g_string_append_c (out, first ? ' ' : ';');
      _gloss_export_append_uint (out, frag_start);
      g_string_append_c (out, ' ');
      _gloss_export_append_uint (out, offset);
      if (!first)
        g_string_append_c (joined, ' ');
      g_string_append_len (joined, frag, p - frag);
      first = FALSE;
    }
  g_string_append_c (out, '\t');
  g_string_append_len (out, joined->str, joined->len);
  g_string_append_c (out, '\n');
}

static const char *
add_textbound (Brat       *b,
               const char *type,
               guint       start,
               guint       end)
{
  char *id = g_strdup_printf ("T%u", ++b->n_t);

  g_string_append (b->out, id);
  g_string_append_c (b->out, '\t');
  append_fragments (b, type, start, end);
  /* Owned by the table when keyed, else leaked into it under its own name. */
  g_hash_table_insert (b->brat_ids, id, id);
  return id;
}

/* A note's text on one line. */
static void
append_one_line (GString    *out,
                 const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    g_string_append_c (out, (*p == '\n' || *p == '\r' || *p == '\t') ? ' ' : *p);
}

static void
add_note (Brat       *b,
          const char *target,
          const char *note)
{
  g_string_append_printf (b->out, "#%u\tAnnotatorNotes %s\t", ++b->n_notes, target);
  append_one_line (b->out, note);
  g_string_append_c (b->out, '\n');
}

static void
add_link (Brat       *b,
          const char *target,
          const char *link,
          guint       start,
          guint       end)
{
  GString *out = b->out;
  const char *colon = strchr (link, ':');
  gsize len;
  const char *text;

  g_string_append_printf (out, "N%u\tReference %s ", ++b->n_n, target);
  if (g_ascii_strncasecmp (link, "wikidata:", 9) == 0)
    {
      g_string_append (out, "Wikidata:");
      g_string_append_uri_escaped (out, link + 9, NULL, TRUE);
    }
  else if (g_str_has_prefix (link, "http://www.wikidata.org/wiki/") ||
           g_str_has_prefix (link, "https://www.wikidata.org/wiki/") ||
           g_str_has_prefix (link, "http://www.wikidata.org/entity/") ||
           g_str_has_prefix (link, "https://www.wikidata.org/entity/"))
    {
      g_string_append (out, "Wikidata:");
      g_string_append_uri_escaped (out, strrchr (link, '/') + 1, NULL, TRUE);
    }
  else
    {
      gboolean scheme = colon != NULL && colon != link && !g_str_has_prefix (colon, "://");

      for (const char *p = link; scheme && p < colon; p++)
        if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_')
          scheme = FALSE;
      if (scheme)
        {
          g_string_append_len (out, link, colon - link + 1);
          g_string_append_uri_escaped (out, colon + 1, ":/#?=&", TRUE);
        }
      else
        {
          g_string_append (out, "URL:");
          g_string_append_uri_escaped (out, link, ":/#?=&", TRUE);
        }
    }
  g_string_append_c (out, '\t');
  text = gloss_document_get_slice (b->doc->document, start, end, &len);
  for (gsize i = 0; i < len; i++)
    g_string_append_c (out, (text[i] == '\n' || text[i] == '\r' || text[i] == '\t') ? ' ' : text[i]);
  g_string_append_c (out, '\n');
}

static void
add_attributes (Brat            *b,
                const char      *target,
                GlossAnnotation *a)
{
  guint n = gloss_annotation_get_n_attributes (a);

  for (guint i = 0; i < n; i++)
    {
      const char *name, *value;
      const GlossAttributeDef *def;

      gloss_annotation_get_nth_attribute (a, i, &name, &value);
      def = gloss_tagset_lookup_attribute (b->doc->tagset, name);
      if (def != NULL && def->values != NULL)
        g_string_append_printf (b->out, "A%u\t%s %s %s\n", ++b->n_a, name, target, value);
      else
        {
          g_autofree char *pair = g_strdup_printf ("%s=%s", name, value);

          add_note (b, target, pair);
        }
    }
}

gboolean
_gloss_export_brat_write_conf (GlossExporter  *self,
                               GlossTagset    *tagset,
                               GError        **error)
{
  g_autoptr(GString) conf = g_string_new (NULL);
  guint n_types = gloss_tagset_get_n_entity_types (tagset);
  guint n_attributes = gloss_tagset_get_n_attributes (tagset);
  guint n_relations = gloss_tagset_get_n_relation_types (tagset);

  g_string_append_printf (conf, "# brat configuration for the Gloss tagset “%s” version %s\n\n"
                          "[entities]\n", gloss_tagset_get_id (tagset),
                          gloss_tagset_get_version (tagset));
  for (guint i = 0; i < n_types; i++)
    g_string_append_printf (conf, "%s\n", gloss_tagset_get_entity_type (tagset, i)->id);
  g_string_append (conf, TYPE_CUE "\n" TYPE_SOURCE "\n\n[relations]\n");

  for (guint i = 0; i < n_relations; i++)
    {
      const GlossRelationType *r = gloss_tagset_get_relation_type (tagset, i);
      const char * const *ends[2] = { r->from_types, r->to_types };

      g_string_append_printf (conf, "%s\t", r->id);
      for (guint k = 0; k < 2; k++)
        {
          g_string_append_printf (conf, "%sArg%u:", k > 0 ? ", " : "", k + 1);
          if (ends[k] == NULL)
            g_string_append (conf, "<ANY>");
          else
            for (guint t = 0; ends[k][t] != NULL; t++)
              g_string_append_printf (conf, "%s%s", t > 0 ? "|" : "",
                                      g_str_equal (ends[k][t], "claim") ? TYPE_CLAIM : ends[k][t]);
        }
      g_string_append_c (conf, '\n');
    }

  g_string_append (conf, "\n[events]\n" TYPE_CLAIM "\tSource?:<ENTITY>, Cue?:" TYPE_CUE
                   ", Parent?:" TYPE_CLAIM "\n\n[attributes]\n"
                   ATTRIBUTE_ARTICLE_VOICE "\tArg:" TYPE_CLAIM "\n");
  for (guint i = 0; i < n_attributes; i++)
    {
      const GlossAttributeDef *a = gloss_tagset_get_attribute (tagset, i);

      if (a->values == NULL)
        continue;
      g_string_append_printf (conf, "%s\tArg:", a->id);
      if ((a->applies_to & GLOSS_APPLIES_TO_ENTITY) && (a->applies_to & GLOSS_APPLIES_TO_CLAIM))
        g_string_append (conf, "<ENTITY>|" TYPE_CLAIM);
      else if (a->applies_to & GLOSS_APPLIES_TO_ENTITY)
        g_string_append (conf, "<ENTITY>");
      else
        g_string_append (conf, TYPE_CLAIM);
      g_string_append (conf, ", Value:");
      for (guint v = 0; a->values[v] != NULL; v++)
        g_string_append_printf (conf, "%s%s", v > 0 ? "|" : "", a->values[v]);
      g_string_append_c (conf, '\n');
    }

  if (!_gloss_export_write_file (self, NULL, "annotation.conf", conf->str, conf->len, error))
    return FALSE;

  g_string_truncate (conf, 0);
  g_string_append (conf, "[labels]\n");
  for (guint i = 0; i < n_types; i++)
    {
      const GlossEntityType *t = gloss_tagset_get_entity_type (tagset, i);

      g_string_append_printf (conf, "%s | %s\n", t->id, t->label);
    }
  g_string_append (conf, TYPE_CLAIM " | Claim\n" TYPE_CUE " | Cue\n" TYPE_SOURCE " | Source\n");
  for (guint i = 0; i < n_relations; i++)
    {
      const GlossRelationType *r = gloss_tagset_get_relation_type (tagset, i);

      g_string_append_printf (conf, "%s | %s\n", r->id, r->label);
    }
  g_string_append (conf, "\n[drawing]\n");
  for (guint i = 0; i < n_types; i++)
    {
      const GlossEntityType *t = gloss_tagset_get_entity_type (tagset, i);

      g_string_append_printf (conf, "%s\tbgColor:%s\n", t->id, t->colour);
    }
  g_string_append (conf, TYPE_CLAIM "\tbgColor:#ffe8a8\n"
                   TYPE_CUE "\tbgColor:#e0e0e0\n"
                   TYPE_SOURCE "\tbgColor:#d8ecd0\n");

  if (!_gloss_export_write_file (self, NULL, "visual.conf", conf->str, conf->len, error))
    return FALSE;

  self->conf_written = TRUE;
  return TRUE;
}

gboolean
_gloss_export_brat_add (GlossExporter   *self,
                        GlossExportDoc  *doc,
                        GError         **error)
{
  g_autoptr(GHashTable) brat_ids = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *stem = _gloss_export_stem (doc->name);
  g_autofree char *txt_name = g_strconcat (stem, ".txt", NULL);
  g_autofree char *ann_name = g_strconcat (stem, ".ann", NULL);
  GString *out = self->scratch;
  Brat b = { out, doc, 0, 0, 0, 0, 0, 0, brat_ids };
  gsize len;
  const char *text;

  if (!self->conf_written && !_gloss_export_brat_write_conf (self, doc->tagset, error))
    return FALSE;

  g_string_truncate (out, 0);

  for (guint i = 0; i < doc->entities->len; i++)
    {
      GlossAnnotation *e = g_ptr_array_index (doc->entities, i);
      guint start = gloss_annotation_get_start (e);
      guint end = gloss_annotation_get_end (e);
      const char *t = add_textbound (&b, gloss_annotation_get_type_id (e), start, end);

      g_hash_table_insert (ids, (gpointer) gloss_annotation_get_id (e), (gpointer) t);
      add_attributes (&b, t, e);
      if (gloss_annotation_get_link (e) != NULL)
        add_link (&b, t, gloss_annotation_get_link (e), start, end);
      if (gloss_annotation_get_note (e) != NULL)
        add_note (&b, t, gloss_annotation_get_note (e));
    }

  /* Claims: the trigger, cue and source spans, then the event. Ids of the
   * events are known before they are written, for Parent: roles. */
  for (guint i = 0; i < doc->claims->len; i++)
    {
      GlossAnnotation *c = g_ptr_array_index (doc->claims, i);
      char *eid = g_strdup_printf ("E%u", i + 1);

      g_hash_table_insert (brat_ids, eid, eid);
      g_hash_table_insert (ids, (gpointer) gloss_annotation_get_id (c), eid);
    }
  for (guint i = 0; i < doc->claims->len; i++)
    {
      GlossAnnotation *c = g_ptr_array_index (doc->claims, i);
      const char *eid = g_hash_table_lookup (ids, gloss_annotation_get_id (c));
      const char *trigger = add_textbound (&b, TYPE_CLAIM, gloss_annotation_get_start (c),
                                           gloss_annotation_get_end (c));
      const char *source = NULL;
      const char *cue = NULL;
      const char *parent = gloss_annotation_get_parent (c);
      gboolean article_voice = FALSE;
      guint s, e;

      switch (gloss_annotation_get_source_kind (c))
        {
        case GLOSS_SOURCE_ENTITY:
          source = g_hash_table_lookup (ids, gloss_annotation_get_source_entity (c));
          if (source == NULL)
            {
              GlossAnnotation *entity = gloss_annotation_set_lookup (doc->set,
                                                                     gloss_annotation_get_source_entity (c));

              source = add_textbound (&b, TYPE_SOURCE, gloss_annotation_get_start (entity),
                                      gloss_annotation_get_end (entity));
            }
          break;
        case GLOSS_SOURCE_SPAN:
          gloss_annotation_get_source_span (c, &s, &e);
          source = add_textbound (&b, TYPE_SOURCE, s, e);
          break;
        case GLOSS_SOURCE_ARTICLE:
          article_voice = TRUE;
          break;
        case GLOSS_SOURCE_NONE:
        default:
          break;
        }
      if (gloss_annotation_get_cue (c, &s, &e))
        cue = add_textbound (&b, TYPE_CUE, s, e);

      g_string_append_printf (out, "%s\t" TYPE_CLAIM ":%s", eid, trigger);
      if (source != NULL)
        g_string_append_printf (out, " Source:%s", source);
      if (cue != NULL)
        g_string_append_printf (out, " Cue:%s", cue);
      if (parent != NULL && g_hash_table_contains (ids, parent))
        g_string_append_printf (out, " Parent:%s", (const char *) g_hash_table_lookup (ids, parent));
      g_string_append_c (out, '\n');

      if (article_voice)
        g_string_append_printf (out, "A%u\t" ATTRIBUTE_ARTICLE_VOICE " %s\n", ++b.n_a, eid);
      add_attributes (&b, eid, c);
      if (gloss_annotation_get_link (c) != NULL)
        add_link (&b, eid, gloss_annotation_get_link (c), gloss_annotation_get_start (c),
                  gloss_annotation_get_end (c));
      if (gloss_annotation_get_note (c) != NULL)
        add_note (&b, eid, gloss_annotation_get_note (c));
    }

  for (guint i = 0; i < doc->relations->len; i++)
    {
      GlossAnnotation *r = g_ptr_array_index (doc->relations, i);
      g_autofree char *rid = g_strdup_printf ("R%u", ++b.n_r);

      g_string_append_printf (out, "%s\t%s Arg1:%s Arg2:%s\n", rid, gloss_annotation_get_type_id (r),
                              (const char *) g_hash_table_lookup (ids, gloss_annotation_get_from (r)),
                              (const char *) g_hash_table_lookup (ids, gloss_annotation_get_to (r)));
      if (gloss_annotation_get_note (r) != NULL)
        add_note (&b, rid, gloss_annotation_get_note (r));
    }

  text = gloss_document_get_text (doc->document, &len);
  if (!_gloss_export_write_file (self, doc->subdir, txt_name, text, len, error) ||
      !_gloss_export_write_file (self, doc->subdir, ann_name, out->str, out->len, error))
    return FALSE;

  self->summary.n_entities += doc->entities->len;
  self->summary.n_claims += doc->claims->len;
  self->summary.n_relations += doc->relations->len;
  return TRUE;
}
