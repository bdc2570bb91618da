/* gloss-import-jsonl.c: one JSON document per line (Gloss, spaCy, doccano, Prodigy)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each line is an object with a "text" and spans as Gloss's export writes
 * them ("spans", "claims", "relations", see docs/export-formats.md), as
 * spaCy and most converters do ("entities": [[start, end, label]]), as
 * doccano does ("label": [[start, end, label]]) or as Prodigy does
 * ("spans": [{"start", "end", "label"}]). Offsets are code points.
 */
#define G_LOG_DOMAIN "gloss-import"

#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "gloss-import-private.h"

/* Deeper nesting than any of these shapes has is refused before parsing. */
#define MAX_DEPTH 32

typedef struct
{
  const GlossImportOptions *options;
  const char               *filename;
  guint                     line;
  GlossImportedDocument    *result;
  GlossAnnotationSet       *set;
  GlossDocument            *document;
  GHashTable               *ids;     /* JSON id -> GlossAnnotation (borrowed) */
  GHashTable               *skipped; /* JSON id -> span start/end of a skipped entity */
} Line;

typedef struct
{
  guint start;
  guint end;
} Span;

static gboolean
fail (Line             *line,
      GError          **error,
      GlossImportError  code,
      const char       *format,
      ...) G_GNUC_PRINTF (4, 5);

/* Checks what json-glib would not tell: nesting (it recurses) and a NUL
 * escaped as \u0000 (it would cut the string short). */
static gboolean
scan_line (Line        *line,
           const char  *text,
           gsize        len,
           GError     **error)
{
  int depth = 0;
  gboolean in_string = FALSE;

  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (in_string)
        {
          if (c == '\\')
            {
              if (i + 5 < len && text[i + 1] == 'u' && strncmp (text + i + 2, "0000", 4) == 0)
                return fail (line, error, GLOSS_IMPORT_ERROR_ENCODING,
                             "a string holds a NUL character (\\u0000), which an article "
                             "cannot contain");
              i++;
            }
          else if (c == '"')
            in_string = FALSE;
        }
      else if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > MAX_DEPTH)
            return fail (line, error, GLOSS_IMPORT_ERROR_MALFORMED,
                         "nested deeper than %d levels; not a document of this format",
                         MAX_DEPTH);
        }
      else if (c == ']' || c == '}')
        depth--;
    }
  return TRUE;
}

static gboolean
fail (Line             *line,
      GError          **error,
      GlossImportError  code,
      const char       *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  _gloss_import_set_error (error, code, line->filename, line->line, "%s", message);
  return FALSE;
}

/* A JSON id (string or integer) as a string, or NULL. */
static char *
id_of (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  return NULL;
}

/* A string member, NULL when absent or null; FALSE when of another kind. */
static gboolean
get_string (Line        *line,
            JsonObject  *object,
            const char  *name,
            const char  *where,
            const char **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (line, error, GLOSS_IMPORT_ERROR_MALFORMED, "%s: “%s” must be a string",
                 where, name);
  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
get_offset (Line       *line,
            JsonNode   *node,
            const char *where,
            const char *name,
            guint      *out,
            GError    **error)
{
  gint64 value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_INT64)
    return fail (line, error, GLOSS_IMPORT_ERROR_MALFORMED,
                 "%s: “%s” must be a whole number (a code-point offset)", where, name);
  value = json_node_get_int (node);
  if (value < 0 || value > G_MAXUINT - 1)
    return fail (line, error, GLOSS_IMPORT_ERROR_OFFSETS, "%s: offset %" G_GINT64_FORMAT
                 " is out of range", where, value);
  *out = (guint) value;
  return TRUE;
}

/* Reads {"start", "end"} (or doccano's start_offset/end_offset), checks the
 * span lies in the text and, when "text" is given, that it quotes it. */
static gboolean
get_span (Line       *line,
          JsonObject *object,
          const char *where,
          Span       *span,
          GError    **error)
{
  guint length = gloss_document_get_length (line->document);
  const char *start_name = json_object_has_member (object, "start") ? "start" : "start_offset";
  const char *end_name = json_object_has_member (object, "end") ? "end" : "end_offset";
  const char *quoted;

  if (!get_offset (line, json_object_get_member (object, start_name), where, start_name,
                   &span->start, error)
      || !get_offset (line, json_object_get_member (object, end_name), where, end_name,
                      &span->end, error))
    return FALSE;
  if (span->start >= span->end || span->end > length)
    return fail (line, error, GLOSS_IMPORT_ERROR_OFFSETS,
                 "%s: offsets %u–%u are not a span of the text, which has %u characters",
                 where, span->start, span->end, length);
  if (!get_string (line, object, "text", where, &quoted, error))
    return FALSE;
  if (quoted != NULL
      && !gloss_document_slice_equal (line->document, span->start, span->end, quoted, -1))
    {
      g_autofree char *actual = gloss_document_dup_slice (line->document, span->start,
                                                          span->end);

      return fail (line, error, GLOSS_IMPORT_ERROR_MISMATCH,
                   "%s: “text” is “%s” but the text has “%s” at %u–%u (offsets count "
                   "Unicode code points)", where, quoted, actual, span->start, span->end);
    }
  return TRUE;
}

static gboolean
wrap (Line        *line,
      const char  *where,
      GError      *local_error,
      GError     **error)
{
  GlossImportError code = GLOSS_IMPORT_ERROR_MALFORMED;

  if (local_error->domain == GLOSS_ANNOTATION_ERROR
      && local_error->code == GLOSS_ANNOTATION_ERROR_OFFSETS)
    code = GLOSS_IMPORT_ERROR_OFFSETS;
  else if (local_error->domain == GLOSS_ANNOTATION_ERROR
           && (local_error->code == GLOSS_ANNOTATION_ERROR_UNKNOWN_TYPE
               || local_error->code == GLOSS_ANNOTATION_ERROR_UNKNOWN_ATTRIBUTE
               || local_error->code == GLOSS_ANNOTATION_ERROR_BAD_VALUE))
    code = GLOSS_IMPORT_ERROR_UNKNOWN_TYPE;
  return fail (line, error, code, "%s: %s", where, local_error->message);
}

/* "attributes": {"name": "value", …}, "link", "note". */
static gboolean
read_details (Line            *line,
              JsonObject      *object,
              const char      *where,
              GlossAnnotation *annotation,
              GError         **error)
{
  JsonNode *attributes = json_object_get_member (object, "attributes");
  const char *link;
  const char *note;

  if (attributes != NULL && !JSON_NODE_HOLDS_NULL (attributes))
    {
      JsonObject *map;
      g_autoptr(GList) names = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (attributes))
        return fail (line, error, GLOSS_IMPORT_ERROR_MALFORMED,
                     "%s: “attributes” must be an object of name → value", where);
      map = json_node_get_object (attributes);
      names = json_object_get_members (map);
      for (GList *l = names; l != NULL; l = l->next)
        {
          JsonNode *value = json_object_get_member (map, l->data);
          const GlossAttributeDef *def;
          const char *value_id;
          g_autoptr(GError) local_error = NULL;
          g_autofree char *at = g_strdup_printf ("%s: attribute “%s”", where,
                                                 (const char *) l->data);

          if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
            return fail (line, error, GLOSS_IMPORT_ERROR_MALFORMED, "%s: the value must be a "
                         "string", at);
          def = _gloss_import_resolve_attribute (line->options->tagset, l->data,
                                                 json_node_get_string (value), &value_id,
                                                 line->filename, line->line, &local_error);
          if (def == NULL)
            {
              if (line->options->skip_unknown_types)
                {
                  _gloss_import_warn (line->result, line->filename, line->line,
                                      "%s: skipped: %s", where, local_error->message);
                  continue;
                }
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          if (!gloss_annotation_set_set_attribute (line->set, annotation, def->id, value_id,
                                                   &local_error))
            return wrap (line, at, local_error, error);
        }
    }

  if (!get_string (line, object, "link", where, &link, error)
      || !get_string (line, object, "note", where, &note, error))
    return FALSE;
  if (link != NULL && *link != '\0')
    gloss_annotation_set_set_link (line->set, annotation, link);
  if (note != NULL && *note != '\0')
    gloss_annotation_set_set_note (line->set, annotation, note);
  return TRUE;
}

static gboolean
remember_id (Line            *line,
             JsonObject      *object,
             const char      *where,
             GlossAnnotation *annotation,
             const Span      *skipped,
             GError         **error)
{
  g_autofree char *id = id_of (json_object_get_member (object, "id"));

  if (id == NULL)
    return TRUE;
  if (g_hash_table_contains (line->ids, id) || g_hash_table_contains (line->skipped, id))
    return fail (line, error, GLOSS_IMPORT_ERROR_MALFORMED, "%s: id “%s” is used twice",
                 where, id);
  if (annotation != NULL)
    g_hash_table_insert (line->ids, g_steal_pointer (&id), annotation);
  else
    g_hash_table_insert (line->skipped, g_steal_pointer (&id), g_memdup2 (skipped, sizeof *skipped));
  return TRUE;
}

static gboolean
read_entity (Line     *line,
             JsonNode *node,
             const char *key,
             guint     index,
             GError  **error)
{
  g_autofree char *where = g_strdup_printf ("%s[%u]", key, index);
  g_autoptr(GError) local_error = NULL;
  GlossAnnotation *entity;
  JsonObject *object = NULL;
  const char *label = NULL;
  const char *type_id;
  GlossImportTypeResult found;
  Span span;

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      /* [start, end, label, …] */
      JsonArray *array = json_node_get_array (node);
      JsonNode *third;
      guint length = gloss_document_get_length (line->document);

      if (json_array_get_length (array) < 3)
        return fail (line, error, GLOSS_IMPORT_ERROR_MALFORMED,
                     "%s: expected [start, end, label]", where);
      if (!get_offset (line, json_array_get_element (array, 0), where, "start", &span.start, error)
          || !get_offset (line, json_array_get_element (array, 1), where, "end", &span.end, error))
        return FALSE;
      third = json_array_get_element (array, 2);
      if (!JSON_NODE_HOLDS_VALUE (third) || json_node_get_value_type (third) != G_TYPE_STRING)
        return fail (line, error, GLOSS_IMPORT_ERROR_MALFORMED,
                     "%s: the label (third item) must be a string", where);
      label = json_node_get_string (third);
      if (span.start >= span.end || span.end > length)
        return fail (line, error, GLOSS_IMPORT_ERROR_OFFSETS,
                     "%s: offsets %u–%u are not a span of the text, which has %u characters",
                     where, span.start, span.end, length);
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      object = json_node_get_object (node);
      if (!get_span (line, object, where, &span, error)
          || !get_string (line, object, "label", where, &label, error))
        return FALSE;
      if (label == NULL && !get_string (line, object, "type", where, &label, error))
        return FALSE;
      if (label == NULL)
        return fail (line, error, GLOSS_IMPORT_ERROR_MALFORMED, "%s: no “label”", where);
    }
  else
    return fail (line, error, GLOSS_IMPORT_ERROR_MALFORMED,
                 "%s: expected [start, end, label] or {\"start\", \"end\", \"label\"}", where);

  found = _gloss_import_resolve_type (line->options, label, FALSE, &type_id, line->filename,
                                      line->line, error);
  if (found == GLOSS_IMPORT_TYPE_UNKNOWN)
    return FALSE;
  if (found == GLOSS_IMPORT_TYPE_SKIP)
    {
      _gloss_import_warn (line->result, line->filename, line->line,
                          "%s: skipped entity of type “%s”", where, label);
      return object == NULL || remember_id (line, object, where, NULL, &span, error);
    }

  entity = gloss_annotation_set_add_entity (line->set, type_id, span.start, span.end,
                                            &local_error);
  if (entity == NULL)
    return wrap (line, where, local_error, error);
  if (object == NULL)
    return TRUE;
  return remember_id (line, object, where, entity, NULL, error)
         && read_details (line, object, where, entity, error);
}

static gboolean
read_claim (Line       *line,
            JsonNode   *node,
            guint       index,
            GPtrArray  *parents,
            GError    **error)
{
  g_autofree char *where = g_strdup_printf ("claims[%u]", index);
  g_autoptr(GError) local_error = NULL;
  GlossAnnotation *claim;
  JsonObject *object;
  JsonNode *source;
  JsonNode *cue;
  JsonNode *parent;
  gboolean ok = TRUE;
  Span span;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (line, error, GLOSS_IMPORT_ERROR_MALFORMED, "%s: expected an object", where);
  object = json_node_get_object (node);
  if (!get_span (line, object, where, &span, error))
    return FALSE;
  claim = gloss_annotation_set_add_claim (line->set, span.start, span.end, &local_error);
  if (claim == NULL)
    return wrap (line, where, local_error, error);
  if (!remember_id (line, object, where, claim, NULL, error))
    return FALSE;

  source = json_object_get_member (object, "source");
  if (source == NULL || JSON_NODE_HOLDS_NULL (source))
    ;
  else if (JSON_NODE_HOLDS_VALUE (source) && json_node_get_value_type (source) == G_TYPE_STRING
           && g_str_equal (json_node_get_string (source), "article"))
    ok = gloss_annotation_set_set_source_article (line->set, claim, &local_error);
  else if (JSON_NODE_HOLDS_OBJECT (source)
           && json_object_has_member (json_node_get_object (source), "entity"))
    {
      g_autofree char *id = id_of (json_object_get_member (json_node_get_object (source),
                                                           "entity"));
      GlossAnnotation *entity = id != NULL ? g_hash_table_lookup (line->ids, id) : NULL;
      Span *skipped = id != NULL ? g_hash_table_lookup (line->skipped, id) : NULL;

      if (entity != NULL && gloss_annotation_get_kind (entity) == GLOSS_ANNOTATION_ENTITY)
        ok = gloss_annotation_set_set_source_entity (line->set, claim, entity, &local_error);
      else if (skipped != NULL)
        /* The entity was skipped: its text still speaks. */
        ok = gloss_annotation_set_set_source_span (line->set, claim, skipped->start,
                                                   skipped->end, &local_error);
      else
        return fail (line, error, GLOSS_IMPORT_ERROR_MALFORMED,
                     "%s: its source entity “%s” is not an entity of this line", where,
                     id != NULL ? id : "(not a string)");
    }
  else if (JSON_NODE_HOLDS_OBJECT (source))
    {
      Span s;
      g_autofree char *at = g_strdup_printf ("%s.source", where);

      if (!get_span (line, json_node_get_object (source), at, &s, error))
        return FALSE;
      ok = gloss_annotation_set_set_source_span (line->set, claim, s.start, s.end, &local_error);
    }
  else
    return fail (line, error, GLOSS_IMPORT_ERROR_MALFORMED,
                 "%s: “source” must be {\"entity\": ID}, {\"start\", \"end\"}, \"article\" "
                 "or null", where);
  if (!ok)
    return wrap (line, where, local_error, error);

  cue = json_object_get_member (object, "cue");
  if (cue != NULL && !JSON_NODE_HOLDS_NULL (cue))
    {
      Span s;
      g_autofree char *at = g_strdup_printf ("%s.cue", where);

      if (!JSON_NODE_HOLDS_OBJECT (cue))
        return fail (line, error, GLOSS_IMPORT_ERROR_MALFORMED,
                     "%s: expected {\"start\", \"end\"} or null", at);
      if (!get_span (line, json_node_get_object (cue), at, &s, error))
        return FALSE;
      if (!gloss_annotation_set_set_cue (line->set, claim, s.start, s.end, &local_error))
        return wrap (line, at, local_error, error);
    }

  parent = json_object_get_member (object, "parent");
  if (parent != NULL && !JSON_NODE_HOLDS_NULL (parent))
    {
      char *id = id_of (parent);

      if (id == NULL)
        return fail (line, error, GLOSS_IMPORT_ERROR_MALFORMED,
                     "%s: “parent” must be a claim id or null", where);
      /* Resolved once every claim of the line exists. */
      g_ptr_array_add (parents, claim);
      g_ptr_array_add (parents, id);
      g_ptr_array_add (parents, g_strdup (where));
    }

  return read_details (line, object, where, claim, error);
}

static gboolean
read_relation (Line     *line,
               JsonNode *node,
               guint     index,
               GError  **error)
{
  g_autofree char *where = g_strdup_printf ("relations[%u]", index);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *from_id = NULL;
  g_autofree char *to_id = NULL;
  GlossAnnotation *from;
  GlossAnnotation *to;
  GlossAnnotation *relation;
  JsonObject *object;
  const char *type;
  const char *type_id;
  const char *note;
  GlossImportTypeResult found;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (line, error, GLOSS_IMPORT_ERROR_MALFORMED, "%s: expected an object", where);
  object = json_node_get_object (node);
  if (!get_string (line, object, "type", where, &type, error))
    return FALSE;
  if (type == NULL && !get_string (line, object, "label", where, &type, error))
    return FALSE;
  if (type == NULL)
    return fail (line, error, GLOSS_IMPORT_ERROR_MALFORMED, "%s: no “type”", where);

  /* Gloss's from/to, or doccano's from_id/to_id. */
  from_id = id_of (json_object_get_member (object, json_object_has_member (object, "from")
                                                   ? "from" : "from_id"));
  to_id = id_of (json_object_get_member (object, json_object_has_member (object, "to")
                                                 ? "to" : "to_id"));
  if (from_id == NULL || to_id == NULL)
    return fail (line, error, GLOSS_IMPORT_ERROR_MALFORMED,
                 "%s: “from” and “to” must be ids of annotations of this line", where);

  found = _gloss_import_resolve_relation (line->options, type, &type_id, line->filename,
                                          line->line, error);
  if (found == GLOSS_IMPORT_TYPE_UNKNOWN)
    return FALSE;

  from = g_hash_table_lookup (line->ids, from_id);
  to = g_hash_table_lookup (line->ids, to_id);
  if (found == GLOSS_IMPORT_TYPE_SKIP
      || (from == NULL && g_hash_table_contains (line->skipped, from_id))
      || (to == NULL && g_hash_table_contains (line->skipped, to_id)))
    {
      _gloss_import_warn (line->result, line->filename, line->line,
                          "%s: skipped relation of type “%s”%s", where, type,
                          found == GLOSS_IMPORT_TYPE_SKIP ? "" : ": one of its ends was skipped");
      return TRUE;
    }
  if (from == NULL || to == NULL)
    return fail (line, error, GLOSS_IMPORT_ERROR_MALFORMED,
                 "%s: “%s” is not an annotation of this line", where,
                 from == NULL ? from_id : to_id);

  relation = gloss_annotation_set_add_relation (line->set, type_id, from, to, &local_error);
  if (relation == NULL)
    return wrap (line, where, local_error, error);
  if (!remember_id (line, object, where, relation, NULL, error)
      || !get_string (line, object, "note", where, &note, error))
    return FALSE;
  if (note != NULL && *note != '\0')
    gloss_annotation_set_set_note (line->set, relation, note);
  return TRUE;
}

static JsonArray *
get_array (Line        *line,
           JsonObject  *object,
           const char  *name,
           gboolean    *ok,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      *ok = fail (line, error, GLOSS_IMPORT_ERROR_MALFORMED, "“%s” must be an array", name);
      return NULL;
    }
  return json_node_get_array (node);
}

static gboolean
read_line (const GlossImportOptions *options,
           const char               *filename,
           const char               *base,
           guint                     number,
           const char               *text,
           gsize                     len,
           GlossImportFunc           func,
           gpointer                  user_data,
           GError                  **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GlossDocument) document = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GHashTable) ids = NULL;
  g_autoptr(GHashTable) skipped = NULL;
  g_autoptr(GPtrArray) parents = NULL;
  g_autofree char *name = NULL;
  g_autofree char *id = NULL;
  JsonObject *object;
  JsonObject *meta = NULL;
  JsonNode *root;
  JsonNode *node;
  JsonArray *entities = NULL;
  const char *entities_key = NULL;
  const char *article = NULL;
  const char *annotator = NULL;
  const char *annotator_name = NULL;
  const char *body;
  GlossImportedDocument *result;
  gboolean ok = TRUE;
  Line line = { options, filename, number, NULL, NULL, NULL, NULL, NULL };
  static const char * const entity_keys[] = { "spans", "entities", "label", "labels" };

  if (!scan_line (&line, text, len, error))
    return FALSE;
  if (!json_parser_load_from_data (parser, text, (gssize) len, &local_error))
    return fail (&line, error, GLOSS_IMPORT_ERROR_MALFORMED, "not valid JSON: %s",
                 local_error->message);
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return fail (&line, error, GLOSS_IMPORT_ERROR_MALFORMED,
                 "expected one JSON object per line ({\"text\": …})");
  object = json_node_get_object (root);

  node = json_object_get_member (object, "text");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (&line, error, GLOSS_IMPORT_ERROR_MALFORMED, "no “text” string");
  body = json_node_get_string (node);

  node = json_object_get_member (object, "meta");
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      meta = json_node_get_object (node);
      if (!get_string (&line, meta, "article", "meta", &article, error)
          || !get_string (&line, meta, "annotator", "meta", &annotator, error)
          || !get_string (&line, meta, "annotator_name", "meta", &annotator_name, error))
        return FALSE;
    }

  /* The article's name: meta.article, else the id, else FILE-LINE. */
  id = id_of (json_object_get_member (object, "id"));
  if (article != NULL)
    name = _gloss_import_article_name (article, NULL);
  else if (id != NULL && json_node_get_value_type (json_object_get_member (object, "id"))
                         == G_TYPE_STRING)
    name = _gloss_import_article_name (id, NULL);
  else
    {
      g_autofree char *numbered = g_strdup_printf ("%s-%s", base, id != NULL ? id : "");

      if (id == NULL)
        {
          g_free (numbered);
          numbered = g_strdup_printf ("%s-%u", base, number);
        }
      name = _gloss_import_article_name (numbered, NULL);
    }
  if (name == NULL)
    return fail (&line, error, GLOSS_IMPORT_ERROR_MALFORMED,
                 "cannot make an article file name from the document's id");

  bytes = g_bytes_new_static (body, strlen (body));
  document = gloss_document_new_from_bytes (name, bytes, &local_error);
  if (document == NULL)
    return fail (&line, error, GLOSS_IMPORT_ERROR_ENCODING, "“text”: %s", local_error->message);

  result = _gloss_import_document_new (name, document);
  line.result = result;
  line.document = document;
  result->annotations = _gloss_import_new_set (document, options, annotator, filename, number,
                                               error);
  if (result->annotations == NULL)
    {
      gloss_imported_document_free (result);
      return FALSE;
    }
  if (options->annotator_id == NULL && annotator_name != NULL)
    gloss_annotation_set_set_annotator_name (result->annotations, annotator_name);
  line.set = result->annotations;

  ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  skipped = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  parents = g_ptr_array_new ();
  line.ids = ids;
  line.skipped = skipped;

  /* Gloss writes both "entities" and the richer "spans"; the first of these
   * keys that the line has is read, the others ignored. */
  for (guint k = 0; ok && entities == NULL && k < G_N_ELEMENTS (entity_keys); k++)
    {
      entities = get_array (&line, object, entity_keys[k], &ok, error);
      entities_key = entity_keys[k];
    }
  for (guint i = 0; ok && entities != NULL && i < json_array_get_length (entities); i++)
    ok = read_entity (&line, json_array_get_element (entities, i), entities_key, i, error);

  if (ok)
    {
      JsonArray *claims = get_array (&line, object, "claims", &ok, error);

      for (guint i = 0; ok && claims != NULL && i < json_array_get_length (claims); i++)
        ok = read_claim (&line, json_array_get_element (claims, i), i, parents, error);
    }
  for (guint i = 0; ok && i < parents->len; i += 3)
    {
      GlossAnnotation *claim = g_ptr_array_index (parents, i);
      const char *parent_id = g_ptr_array_index (parents, i + 1);
      GlossAnnotation *parent = g_hash_table_lookup (ids, parent_id);

      if (parent == NULL || gloss_annotation_get_kind (parent) != GLOSS_ANNOTATION_CLAIM)
        ok = fail (&line, error, GLOSS_IMPORT_ERROR_MALFORMED,
                   "%s: its parent “%s” is not a claim of this line",
                   (const char *) g_ptr_array_index (parents, i + 2), parent_id);
      else if (!gloss_annotation_set_set_parent (line.set, claim, parent, &local_error))
        ok = wrap (&line, g_ptr_array_index (parents, i + 2), local_error, error);
    }
  for (guint i = 0; i < parents->len; i += 3)
    {
      g_free (g_ptr_array_index (parents, i + 1));
      g_free (g_ptr_array_index (parents, i + 2));
    }
  if (ok)
    {
      JsonArray *relations = get_array (&line, object, "relations", &ok, error);

      for (guint i = 0; ok && relations != NULL && i < json_array_get_length (relations); i++)
        ok = read_relation (&line, json_array_get_element (relations, i), i, error);
    }

  if (!ok)
    {
      gloss_imported_document_free (result);
      return FALSE;
    }
  return _gloss_import_deliver (result, func, user_data, error);
}

gboolean
gloss_import_jsonl (GBytes                   *bytes,
                    const char               *filename,
                    const GlossImportOptions *options,
                    GlossImportFunc           func,
                    gpointer                  user_data,
                    GError                  **error)
{
  g_autofree char *base = NULL;
  const char *data;
  const char *end;
  const char *bad = NULL;
  gsize len;
  guint number = 0;
  guint n_documents = 0;

  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (filename != NULL, FALSE);
  g_return_val_if_fail (options != NULL && GLOSS_IS_TAGSET (options->tagset), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = g_bytes_get_data (bytes, &len);
  if (data == NULL)
    data = "";
  end = data + len;
  if (!g_utf8_validate_len (data, len, &bad))
    {
      _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_ENCODING, filename,
                               _gloss_import_line_of (data, bad),
                               "invalid UTF-8 or NUL byte at byte %" G_GSIZE_FORMAT
                               " (JSON Lines files are UTF-8)", (gsize) (bad - data));
      return FALSE;
    }

  base = g_path_get_basename (filename);
  if (g_str_has_suffix (base, ".jsonl") && strlen (base) > 6)
    base[strlen (base) - 6] = '\0';
  else if (g_str_has_suffix (base, ".json") && strlen (base) > 5)
    base[strlen (base) - 5] = '\0';

  for (const char *p = data; p < end;)
    {
      const char *nl = memchr (p, '\n', end - p);
      const char *stop = nl != NULL ? nl : end;
      const char *s = p;

      number++;
      if (number == 1 && stop - s >= 3 && memcmp (s, "\xEF\xBB\xBF", 3) == 0)
        s += 3;
      while (s < stop && g_ascii_isspace (*s))
        s++;
      if (s < stop)
        {
          if (!read_line (options, filename, base, number, s, stop - s, func, user_data, error))
            return FALSE;
          n_documents++;
        }
      p = nl != NULL ? nl + 1 : end;
    }

  if (n_documents == 0)
    {
      _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, filename, 0,
                               "no documents: expected one JSON object per line");
      return FALSE;
    }
  return TRUE;
}
