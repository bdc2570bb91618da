/* gloss-export-webanno.c: WebAnno TSV 3.3 for INCEpTION, one file per document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-export"

#include "config.h"

#include <string.h>

#include "gloss-export-private.h"
#include "gloss-tagset.h"

#define LAYER_ENTITY   "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity"
#define LAYER_CLAIM    "webanno.custom.Claim"
#define LAYER_RELATION "webanno.custom.Relation"

typedef struct
{
  GlossAnnotation *annotation;
  guint            first;
  guint            last;
  guint            id;  /* disambiguation number, 0 when not needed */
} Span;

/* The spans of one layer, and per token those that cover it: token k's
 * are cover[start[k]] to cover[start[k + 1] - 1], in the spans' order. */
typedef struct
{
  GArray  *spans;   /* Span */
  guint   *start;   /* n_tokens + 1 */
  Span   **cover;
} Layer;

static inline guint
layer_n_covering (const Layer *layer,
                  guint        k)
{
  return layer->start[k + 1] - layer->start[k];
}

static inline Span **
layer_covering (const Layer *layer,
                guint        k)
{
  return &layer->cover[layer->start[k]];
}

static void
layer_clear (Layer *layer,
             guint  n_tokens)
{
  g_free (layer->start);
  g_free (layer->cover);
  g_array_unref (layer->spans);
}

static gboolean
layer_fill (GlossExporter      *self,
            GlossExportDoc     *doc,
            GlossExportTokens  *tokens,
            GPtrArray          *annotations,
            Layer              *layer,
            guint              *next_id,
            GError            **error)
{
  guint n_tokens = tokens->tokens->len;
  g_autofree guint *fill = NULL;

  layer->spans = g_array_new (FALSE, FALSE, sizeof (Span));
  layer->start = g_new0 (guint, n_tokens + 1);

  for (guint i = 0; i < annotations->len; i++)
    {
      GlossAnnotation *a = g_ptr_array_index (annotations, i);
      GError *local_error = NULL;
      Span span = { a, 0, 0, 0 };

      if (!_gloss_export_tokens_map (self, doc, tokens, a, &span.first, &span.last, &local_error))
        {
          if (local_error != NULL)
            {
              g_propagate_error (error, local_error);
              return FALSE;
            }
          continue;
        }
      g_array_append_val (layer->spans, span);
    }

  /* Count, sum up, then place: two allocations whatever the spans. */
  for (guint i = 0; i < layer->spans->len; i++)
    {
      Span *span = &g_array_index (layer->spans, Span, i);

      for (guint k = span->first; k <= span->last; k++)
        layer->start[k + 1]++;
      _gloss_export_tokens_join (tokens, span->first, span->last);
    }
  for (guint k = 0; k < n_tokens; k++)
    layer->start[k + 1] += layer->start[k];
  layer->cover = g_new (Span *, MAX (layer->start[n_tokens], 1));
  fill = g_memdup2 (layer->start, sizeof (guint) * (n_tokens + 1));
  for (guint i = 0; i < layer->spans->len; i++)
    {
      Span *span = &g_array_index (layer->spans, Span, i);

      for (guint k = span->first; k <= span->last; k++)
        layer->cover[fill[k]++] = span;
    }

  /* Spans on several tokens, or sharing a token with another of the same
   * layer, need a number to be told apart. */
  for (guint i = 0; i < layer->spans->len; i++)
    {
      Span *span = &g_array_index (layer->spans, Span, i);
      gboolean needed = span->first != span->last;

      for (guint k = span->first; !needed && k <= span->last; k++)
        needed = layer_n_covering (layer, k) > 1;
      if (needed)
        span->id = (*next_id)++;
    }
  return TRUE;
}

/* Feature values escape what the format reserves. */
static void
append_value (GString    *out,
              const char *value)
{
  if (value == NULL || *value == '\0')
    {
      g_string_append_c (out, '*');
      return;
    }
  for (const char *p = value; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '\\': case '[': case ']': case '|': case '_': case ';': case '*':
          g_string_append_c (out, '\\');
          g_string_append_c (out, *p);
          break;
        case '-':
          if (p[1] == '>')
            g_string_append_c (out, '\\');
          g_string_append_c (out, '-');
          break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        default: g_string_append_c (out, *p); break;
        }
    }
}

static void
append_id (GString *out,
           guint    id)
{
  if (id != 0)
    {
      g_string_append_c (out, '[');
      _gloss_export_append_uint (out, id);
      g_string_append_c (out, ']');
    }
}

/* Walks the text forward keeping code points and UTF-16 units in step. */
typedef struct
{
  const char *p;
  guint       offset;
  guint       utf16;
} Cursor;

static void
cursor_advance (Cursor *c,
                guint   offset)
{
  while (c->offset < offset)
    {
      guchar first = (guchar) *c->p;

      /* Four-byte sequences are the characters outside the BMP. */
      c->utf16 += first >= 0xF0 ? 2 : 1;
      c->p = g_utf8_next_char (c->p);
      c->offset++;
    }
}

/* Writes the value of @value in decimal, ending at @end; returns where it
 * starts. */
static inline char *
write_uint_backwards (char  *end,
                      guint  value)
{
  do
    {
      *--end = (char) ('0' + value % 10);
      value /= 10;
    }
  while (value != 0);
  return end;
}

/* "SENTENCE-TOKEN\tBEGIN-END\t", formatted on the stack and appended once. */
static void
append_token_start (GString *out,
                    guint    sentence,
                    guint    token,
                    guint    begin16,
                    guint    end16)
{
  char buf[48];
  char *end = buf + sizeof buf;
  char *p = end;

  *--p = '\t';
  p = write_uint_backwards (p, end16);
  *--p = '-';
  p = write_uint_backwards (p, begin16);
  *--p = '\t';
  p = write_uint_backwards (p, token);
  *--p = '-';
  p = write_uint_backwards (p, sentence);
  _gloss_export_append_len (out, p, end - p);
}

static void
append_sentence_text (GString    *out,
                      const char *text,
                      gsize       len)
{
  gsize run = 0;

  _gloss_export_append_literal (out, "#Text=");
  for (gsize i = 0; i < len; i++)
    {
      const char *escaped;

      switch (text[i])
        {
        case '\\': escaped = "\\\\"; break;
        case '\n': escaped = "\n#Text="; break;
        case '\r': escaped = "\\r"; break;
        default: continue;
        }
      _gloss_export_append_len (out, text + run, i - run);
      g_string_append (out, escaped);
      run = i + 1;
    }
  _gloss_export_append_len (out, text + run, len - run);
  g_string_append_c (out, '\n');
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

gboolean
_gloss_export_webanno_add (GlossExporter   *self,
                           GlossExportDoc  *doc,
                           GError         **error)
{
  GString *out = self->scratch;
  GlossExportTokens *tokens = _gloss_export_tokens_take (self, doc->document);
  GArray *array = tokens->tokens;
  guint n_tokens = array->len;
  Layer entities = { 0 }, claims = { 0 };
  gboolean with_claims = self->types == NULL || g_hash_table_contains (self->types, "claim");
  g_autoptr(GPtrArray) claim_attributes = g_ptr_array_new ();
  g_autoptr(GHashTable) entity_spans = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) relations = g_ptr_array_new ();
  g_autoptr(GPtrArray) no_claims = g_ptr_array_new ();
  g_autofree GPtrArray **relations_at = NULL;
  g_autofree guint *sentence_of = NULL;
  g_autofree guint *index_in_sentence = NULL;
  g_autoptr(GString) empty_tail = NULL;
  g_autofree char *stem = _gloss_export_stem (doc->name);
  g_autofree char *file_name = g_strconcat (stem, ".tsv", NULL);
  const char *text = gloss_document_get_text (doc->document, NULL);
  guint next_id = 1;
  gboolean ok = FALSE;
  Cursor cursor = { text, 0, 0 };
  guint sentence = 0, in_sentence = 0;

  if (!layer_fill (self, doc, tokens, doc->entities, &entities, &next_id, error))
    goto out;
  if (!layer_fill (self, doc, tokens, with_claims ? doc->claims : no_claims, &claims,
                   &next_id, error))
    goto out;

  for (guint i = 0; i < entities.spans->len; i++)
    {
      Span *span = &g_array_index (entities.spans, Span, i);

      g_hash_table_insert (entity_spans, (gpointer) gloss_annotation_get_id (span->annotation), span);
    }

  /* Relations between written entities, on the first token of the target. */
  relations_at = g_new0 (GPtrArray *, MAX (n_tokens, 1));
  for (guint i = 0; i < doc->relations->len; i++)
    {
      GlossAnnotation *r = g_ptr_array_index (doc->relations, i);
      Span *to = g_hash_table_lookup (entity_spans, gloss_annotation_get_to (r));

      if (to == NULL || !g_hash_table_contains (entity_spans, gloss_annotation_get_from (r)))
        continue;
      if (relations_at[to->first] == NULL)
        relations_at[to->first] = g_ptr_array_new ();
      g_ptr_array_add (relations_at[to->first], r);
      g_ptr_array_add (relations, r);
    }

  for (guint i = 0; i < gloss_tagset_get_n_attributes (doc->tagset); i++)
    {
      const GlossAttributeDef *def = gloss_tagset_get_attribute (doc->tagset, i);

      if (def->applies_to & GLOSS_APPLIES_TO_CLAIM)
        g_ptr_array_add (claim_attributes, (gpointer) def->id);
    }
  g_ptr_array_sort (claim_attributes, compare_ids);

  /* Sentence and token numbers, for relation references. */
  sentence_of = g_new0 (guint, MAX (n_tokens, 1));
  index_in_sentence = g_new0 (guint, MAX (n_tokens, 1));
  for (guint k = 0; k < n_tokens; k++)
    {
      if (g_array_index (array, GlossExportToken, k).sentence_start || k == 0)
        {
          sentence++;
          in_sentence = 0;
        }
      sentence_of[k] = sentence;
      index_in_sentence[k] = ++in_sentence;
    }

  g_string_truncate (out, 0);
  g_string_append (out, "#FORMAT=WebAnno TSV 3.3\n#T_SP=" LAYER_ENTITY "|identifier|value\n");
  if (with_claims)
    {
      g_string_append (out, "#T_SP=" LAYER_CLAIM);
      for (guint i = 0; i < claim_attributes->len; i++)
        g_string_append_printf (out, "|%s", (const char *) g_ptr_array_index (claim_attributes, i));
      if (claim_attributes->len == 0)
        g_string_append (out, "|");
      g_string_append_c (out, '\n');
    }
  g_string_append (out, "#T_RL=" LAYER_RELATION "|label|BT_" LAYER_ENTITY "\n\n");

  /* The columns after the token's text when nothing covers it. */
  empty_tail = g_string_new ("_\t_\t");
  if (with_claims)
    for (guint f = 0; f < MAX (claim_attributes->len, 1); f++)
      g_string_append (empty_tail, "_\t");
  g_string_append (empty_tail, "_\t_\t\n");

  for (guint k = 0; k < n_tokens; k++)
    {
      const GlossExportToken *t = &g_array_index (array, GlossExportToken, k);
      Span **covers;
      guint n_covers;
      const char *token_text;
      guint begin16, end16;

      if (k == 0 || t->sentence_start)
        {
          guint last = k;
          gsize len;
          const char *sentence_text;

          while (last + 1 < n_tokens && !g_array_index (array, GlossExportToken, last + 1).sentence_start)
            last++;
          sentence_text = gloss_document_get_slice (doc->document, t->start,
                                                    g_array_index (array, GlossExportToken, last).end,
                                                    &len);
          g_string_append_c (out, '\n');
          append_sentence_text (out, sentence_text, len);
        }

      cursor_advance (&cursor, t->start);
      token_text = cursor.p;
      begin16 = cursor.utf16;
      cursor_advance (&cursor, t->end);
      end16 = cursor.utf16;

      append_token_start (out, sentence_of[k], index_in_sentence[k], begin16, end16);
      _gloss_export_append_len (out, token_text, cursor.p - token_text);
      g_string_append_c (out, '\t');

      /* Most tokens are in no annotation: their columns are all empty. */
      if (layer_n_covering (&entities, k) == 0
          && (!with_claims || layer_n_covering (&claims, k) == 0)
          && relations_at[k] == NULL)
        {
          _gloss_export_append_len (out, empty_tail->str, empty_tail->len);
          continue;
        }

      /* Named entity: identifier, value. */
      covers = layer_covering (&entities, k);
      n_covers = layer_n_covering (&entities, k);
      if (n_covers == 0)
        _gloss_export_append_literal (out, "_\t_\t");
      else
        {
          for (guint i = 0; i < n_covers; i++)
            {
              Span *span = covers[i];

              if (i > 0)
                g_string_append_c (out, '|');
              append_value (out, gloss_annotation_get_link (span->annotation));
              append_id (out, span->id);
            }
          g_string_append_c (out, '\t');
          for (guint i = 0; i < n_covers; i++)
            {
              Span *span = covers[i];

              if (i > 0)
                g_string_append_c (out, '|');
              append_value (out, gloss_annotation_get_type_id (span->annotation));
              append_id (out, span->id);
            }
          g_string_append_c (out, '\t');
        }

      /* Claims: one column per attribute. */
      if (with_claims)
        {
          covers = layer_covering (&claims, k);
          n_covers = layer_n_covering (&claims, k);
          for (guint f = 0; f < MAX (claim_attributes->len, 1); f++)
            {
              if (n_covers == 0)
                g_string_append_c (out, '_');
              else
                for (guint i = 0; i < n_covers; i++)
                  {
                    Span *span = covers[i];

                    if (i > 0)
                      g_string_append_c (out, '|');
                    append_value (out, claim_attributes->len == 0 ? NULL :
                                  gloss_annotation_get_attribute (span->annotation,
                                                                  g_ptr_array_index (claim_attributes, f)));
                    append_id (out, span->id);
                  }
              g_string_append_c (out, '\t');
            }
        }

      /* Relations: label, then the source's first token. */
      if (relations_at[k] == NULL)
        _gloss_export_append_literal (out, "_\t_\t");
      else
        {
          GPtrArray *rs = relations_at[k];

          for (guint i = 0; i < rs->len; i++)
            {
              if (i > 0)
                g_string_append_c (out, '|');
              append_value (out, gloss_annotation_get_type_id (g_ptr_array_index (rs, i)));
            }
          g_string_append_c (out, '\t');
          for (guint i = 0; i < rs->len; i++)
            {
              GlossAnnotation *r = g_ptr_array_index (rs, i);
              Span *from = g_hash_table_lookup (entity_spans, gloss_annotation_get_from (r));
              Span *to = g_hash_table_lookup (entity_spans, gloss_annotation_get_to (r));

              if (i > 0)
                g_string_append_c (out, '|');
              g_string_append_printf (out, "%u-%u", sentence_of[from->first],
                                      index_in_sentence[from->first]);
              if (from->id != 0 || to->id != 0)
                g_string_append_printf (out, "[%u_%u]", from->id, to->id);
            }
          g_string_append_c (out, '\t');
        }
      g_string_append_c (out, '\n');
    }

  if (!_gloss_export_write_file (self, doc->subdir, file_name, out->str, out->len, error))
    goto out;

  self->summary.n_entities += entities.spans->len;
  self->summary.n_claims += claims.spans->len;
  self->summary.n_relations += relations->len;
  ok = TRUE;

out:
  if (entities.spans != NULL)
    layer_clear (&entities, n_tokens);
  if (claims.spans != NULL)
    layer_clear (&claims, n_tokens);
  if (relations_at != NULL)
    for (guint k = 0; k < n_tokens; k++)
      if (relations_at[k] != NULL)
        g_ptr_array_unref (relations_at[k]);
  _gloss_export_tokens_free (tokens);
  return ok;
}
