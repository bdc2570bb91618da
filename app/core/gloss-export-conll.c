/* gloss-export-conll.c: one token per line with IOB2 or BIOES tags
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-export"

#include "config.h"

#include "gloss-export-private.h"

typedef struct
{
  guint            first;
  guint            last;
  guint            order;
  GlossAnnotation *annotation;
} Placed;

enum
{
  TAG_O = 0,
  TAG_B,
  TAG_I,
  TAG_E,
  TAG_S,
};

static int
compare_placed (gconstpointer a,
                gconstpointer b)
{
  const Placed *pa = a;
  const Placed *pb = b;

  if (pa->first != pb->first)
    return pa->first < pb->first ? -1 : 1;
  /* Longer first: the outer of nested entities takes the first column. */
  if (pa->last != pb->last)
    return pa->last > pb->last ? -1 : 1;
  return pa->order < pb->order ? -1 : pa->order > pb->order;
}

gboolean
_gloss_export_conll_add (GlossExporter   *self,
                         GlossExportDoc  *doc,
                         GError         **error)
{
  GString *out = self->buf;
  GlossExportTokens *tokens = _gloss_export_tokens_take (self, doc->document);
  GArray *array = tokens->tokens;
  guint n_tokens = array->len;
  guint layers = self->layers;
  g_autoptr(GArray) placed = g_array_new (FALSE, FALSE, sizeof (Placed));
  g_autofree guint8 *kinds = g_new0 (guint8, (gsize) n_tokens * layers);
  g_autofree const char **types = g_new0 (const char *, (gsize) n_tokens * layers);
  guint next_free[64] = { 0 };
  gboolean bioes = self->scheme == GLOSS_EXPORT_SCHEME_BIOES;
  guint n_written = 0;
  const char *cursor = gloss_document_get_text (doc->document, NULL);
  guint offset = 0;

  for (guint i = 0; i < doc->entities->len; i++)
    {
      GlossAnnotation *e = g_ptr_array_index (doc->entities, i);
      GError *local_error = NULL;
      Placed p = { 0, 0, i, e };

      if (!_gloss_export_tokens_map (self, doc, tokens, e, &p.first, &p.last, &local_error))
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, local_error);
              _gloss_export_tokens_free (tokens);
              return FALSE;
            }
          continue;
        }
      g_array_append_val (placed, p);
    }
  g_array_sort (placed, compare_placed);

  for (guint i = 0; i < placed->len; i++)
    {
      Placed *p = &g_array_index (placed, Placed, i);
      const char *type = gloss_annotation_get_type_id (p->annotation);
      guint layer;

      for (layer = 0; layer < layers; layer++)
        if (p->first >= next_free[layer])
          break;

      if (layer == layers)
        {
          g_autofree char *covered = gloss_document_dup_slice (doc->document,
                                                               gloss_annotation_get_start (p->annotation),
                                                               gloss_annotation_get_end (p->annotation));

          _gloss_export_warn (self, "%s: entity %s (“%s”, %u–%u) overlaps another entity in "
                              "every tag column: left out (--layers adds columns)",
                              doc->sidecar, gloss_annotation_get_id (p->annotation), covered,
                              gloss_annotation_get_start (p->annotation),
                              gloss_annotation_get_end (p->annotation));
          self->summary.n_left_out++;
          continue;
        }

      next_free[layer] = p->last + 1;
      for (guint k = p->first; k <= p->last; k++)
        {
          guint8 kind;

          if (k == p->first)
            kind = bioes && p->first == p->last ? TAG_S : TAG_B;
          else if (bioes && k == p->last)
            kind = TAG_E;
          else
            kind = TAG_I;
          kinds[(gsize) k * layers + layer] = kind;
          types[(gsize) k * layers + layer] = type;
        }
      _gloss_export_tokens_join (tokens, p->first, p->last);
      n_written++;
    }

  g_string_append (out, "-DOCSTART-");
  for (guint l = 0; l < layers; l++)
    g_string_append (out, " O");
  g_string_append (out, "\n\n");

  for (guint k = 0; k < n_tokens; k++)
    {
      const GlossExportToken *t = &g_array_index (array, GlossExportToken, k);
      const char *token_start;

      /* Tokens come in order: walk the text instead of looking up. */
      cursor = g_utf8_offset_to_pointer (cursor, t->start - offset);
      token_start = cursor;
      cursor = g_utf8_offset_to_pointer (cursor, t->end - t->start);
      offset = t->end;

      if (k > 0 && t->sentence_start)
        g_string_append_c (out, '\n');
      _gloss_export_append_len (out, token_start, cursor - token_start);
      for (guint l = 0; l < layers; l++)
        {
          guint8 kind = kinds[(gsize) k * layers + l];

          g_string_append_c (out, ' ');
          if (kind == TAG_O)
            {
              g_string_append_c (out, 'O');
              continue;
            }
          g_string_append_c (out, "OBIES"[kind]);
          g_string_append_c (out, '-');
          g_string_append (out, types[(gsize) k * layers + l]);
        }
      g_string_append_c (out, '\n');
    }
  if (n_tokens > 0)
    g_string_append_c (out, '\n');

  self->summary.n_entities += n_written;
  _gloss_export_tokens_free (tokens);
  return TRUE;
}
