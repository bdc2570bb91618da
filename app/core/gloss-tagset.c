/* gloss-tagset.c: entity types, claim attributes and relation types
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-tagset"

#include "config.h"

#include <string.h>

#include "gloss-tagset.h"
#include "gloss-xml.h"

#define TAGSET_NS "urn:gloss:tagset:1"

/* Words a relation type's from/to list may use besides entity type ids:
 * "claim" stays in the list as is (any claim); "entity" is replaced on load
 * by every entity type id of the tagset. */
#define PSEUDO_TYPE_CLAIM  "claim"
#define PSEUDO_TYPE_ENTITY "entity"

struct _GlossTagset
{
  GObject       parent_instance;

  /* Every string below lives in this chunk. */
  GStringChunk *strings;
  const char   *id;
  const char   *version;
  const char   *label;

  GArray       *entity_types;   /* GlossEntityType */
  GArray       *attributes;     /* GlossAttributeDef */
  GArray       *relation_types; /* GlossRelationType */
  /* NULL-terminated string vectors the structs point to (values, labels,
   * from/to lists): freed with the tagset, strings not owned. */
  GPtrArray    *vectors;

  GHashTable   *entity_type_index;   /* id → GlossEntityType* */
  GHashTable   *attribute_index;     /* id → GlossAttributeDef* */
  GHashTable   *relation_type_index; /* id → GlossRelationType* */
};

G_DEFINE_FINAL_TYPE (GlossTagset, gloss_tagset, G_TYPE_OBJECT)

G_DEFINE_QUARK (gloss-tagset-error-quark, gloss_tagset_error)

static void
gloss_tagset_finalize (GObject *object)
{
  GlossTagset *self = GLOSS_TAGSET (object);

  g_clear_pointer (&self->entity_type_index, g_hash_table_unref);
  g_clear_pointer (&self->attribute_index, g_hash_table_unref);
  g_clear_pointer (&self->relation_type_index, g_hash_table_unref);
  g_clear_pointer (&self->entity_types, g_array_unref);
  g_clear_pointer (&self->attributes, g_array_unref);
  g_clear_pointer (&self->relation_types, g_array_unref);
  g_clear_pointer (&self->vectors, g_ptr_array_unref);
  g_clear_pointer (&self->strings, g_string_chunk_free);

  G_OBJECT_CLASS (gloss_tagset_parent_class)->finalize (object);
}

static void
gloss_tagset_class_init (GlossTagsetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gloss_tagset_finalize;
}

static void
gloss_tagset_init (GlossTagset *self)
{
  self->strings = g_string_chunk_new (1024);
  self->entity_types = g_array_new (FALSE, TRUE, sizeof (GlossEntityType));
  self->attributes = g_array_new (FALSE, TRUE, sizeof (GlossAttributeDef));
  self->relation_types = g_array_new (FALSE, TRUE, sizeof (GlossRelationType));
  self->vectors = g_ptr_array_new_with_free_func (g_free);
  self->entity_type_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->attribute_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->relation_type_index = g_hash_table_new (g_str_hash, g_str_equal);
}

/* Loading */

typedef enum
{
  NODE_NONE,
  NODE_TAGSET,
  NODE_DESCRIPTION,
  NODE_ENTITY_TYPES,
  NODE_ENTITY_TYPE,
  NODE_ATTRIBUTES,
  NODE_ATTRIBUTE,
  NODE_VALUE,
  NODE_RELATION_TYPES,
  NODE_RELATION_TYPE,
} NodeKind;

typedef struct
{
  GlossTagset    *tagset;
  GlossXmlReader *reader;
  const char     *filename;

  /* Open elements, innermost last (NodeKind). */
  GArray         *stack;
  /* Sections of the root seen so far, to keep them in order even before
   * the schema has had its say. */
  NodeKind        last_section;
  gboolean        seen_root;

  /* Where each id was first seen (id → line), to name both places. */
  GHashTable     *entity_type_lines;
  GHashTable     *attribute_lines;
  GHashTable     *relation_type_lines;
  /* Lower-cased key → line and entity type of its first use. */
  GHashTable     *key_lines;
  GHashTable     *key_owners;

  /* The attribute being read. */
  int             attribute_line;
  const char     *attribute_default;
  GPtrArray      *values;       /* const char*, chunk strings */
  GPtrArray      *value_labels;
  GHashTable     *value_lines;

  /* The description being read, and where it goes. */
  GString        *text;
  const char    **description_target;
} Loader;

static void
loader_clear (Loader *loader)
{
  g_clear_pointer (&loader->stack, g_array_unref);
  g_clear_pointer (&loader->entity_type_lines, g_hash_table_unref);
  g_clear_pointer (&loader->attribute_lines, g_hash_table_unref);
  g_clear_pointer (&loader->relation_type_lines, g_hash_table_unref);
  g_clear_pointer (&loader->key_lines, g_hash_table_unref);
  g_clear_pointer (&loader->key_owners, g_hash_table_unref);
  g_clear_pointer (&loader->values, g_ptr_array_unref);
  g_clear_pointer (&loader->value_labels, g_ptr_array_unref);
  g_clear_pointer (&loader->value_lines, g_hash_table_unref);
  if (loader->text != NULL)
    g_string_free (g_steal_pointer (&loader->text), TRUE);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Loader, loader_clear)

static void loader_error (Loader     *loader,
                          GError    **error,
                          GlossTagsetError code,
                          int         line,
                          const char *format,
                          ...) G_GNUC_PRINTF (5, 6);

static void
loader_error (Loader          *loader,
              GError         **error,
              GlossTagsetError code,
              int              line,
              const char      *format,
              ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, GLOSS_TAGSET_ERROR, code, "%s:%d: %s",
               loader->filename, MAX (line, 1), message);
}

/* The line of the current element: libxml2 numbers an element by the line
 * where its start tag ends (the parser's own line may be further on). */
static int
loader_line (Loader *loader)
{
  xmlTextReaderPtr reader = gloss_xml_reader_get_reader (loader->reader);
  xmlNodePtr node = xmlTextReaderCurrentNode (reader);
  long line = node != NULL ? xmlGetLineNo (node) : -1;

  /* Without XML_PARSE_BIG_LINES libxml2 stops counting at 65535. */
  if (line <= 0 || line >= 65535)
    return gloss_xml_reader_get_line (loader->reader);
  return (int) line;
}

static const char *
loader_intern (Loader     *loader,
               const char *text)
{
  if (text == NULL)
    return NULL;
  return g_string_chunk_insert_const (loader->tagset->strings, text);
}

static const char * const *
loader_take_vector (Loader    *loader,
                    GPtrArray *strings)
{
  char **vector;

  g_ptr_array_add (strings, NULL);
  vector = (char **) g_ptr_array_free (strings, FALSE);
  g_ptr_array_add (loader->tagset->vectors, vector);
  return (const char * const *) vector;
}

/* An attribute of the current element, copied into the tagset's strings:
 * the reader's own copy may not survive the next look-up. */
static const char *
loader_attribute (Loader     *loader,
                  const char *name)
{
  return loader_intern (loader, gloss_xml_reader_get_attribute (loader->reader, name));
}

/* Reads a required attribute of the current element. The schema demands
 * them all, but its verdict may come a node later than ours. */
static const char *
loader_require (Loader     *loader,
                const char *element,
                const char *name,
                GError    **error)
{
  const char *value = loader_attribute (loader, name);

  if (value == NULL)
    loader_error (loader, error, GLOSS_TAGSET_ERROR_INVALID, loader_line (loader),
                  "the <%s> element has no %s attribute", element, name);
  return value;
}

static gboolean
check_new_id (Loader     *loader,
              GHashTable *lines,
              const char *what,
              const char *id,
              int         line,
              GError    **error)
{
  gpointer first;

  if (g_hash_table_lookup_extended (lines, id, NULL, &first))
    {
      loader_error (loader, error, GLOSS_TAGSET_ERROR_DUPLICATE_ID, line,
                    "the %s id \"%s\" is already used on line %d; ids must be unique",
                    what, id, GPOINTER_TO_INT (first));
      return FALSE;
    }
  g_hash_table_insert (lines, (gpointer) id, GINT_TO_POINTER (line));
  return TRUE;
}

/* Exactly "#rgb" or "#rrggbb" in hex digits, returned as lower-case
 * "#rrggbb"; NULL otherwise. */
static char *
normalize_colour (const char *colour)
{
  gsize len = strlen (colour);
  char out[8];

  if ((len != 4 && len != 7) || colour[0] != '#')
    return NULL;
  for (gsize i = 1; i < len; i++)
    if (!g_ascii_isxdigit (colour[i]))
      return NULL;

  out[0] = '#';
  for (gsize i = 0; i < 6; i++)
    out[i + 1] = g_ascii_tolower (len == 4 ? colour[1 + i / 2] : colour[1 + i]);
  out[7] = '\0';

  return g_strdup (out);
}

static gboolean
start_tagset (Loader  *loader,
              GError **error)
{
  const char *id, *version, *label;

  if (!(id = loader_require (loader, "tagset", "id", error))
      || !(version = loader_require (loader, "tagset", "version", error))
      || !(label = loader_require (loader, "tagset", "label", error)))
    return FALSE;

  loader->tagset->id = id;
  loader->tagset->version = version;
  loader->tagset->label = label;
  return TRUE;
}

static gboolean
start_entity_type (Loader  *loader,
                   GError **error)
{
  GlossEntityType type = { 0 };
  const char *id, *label, *colour, *key;
  g_autofree char *normal = NULL;
  int line = loader_line (loader);

  if (!(id = loader_require (loader, "entity-type", "id", error))
      || !(label = loader_require (loader, "entity-type", "label", error))
      || !(colour = loader_require (loader, "entity-type", "colour", error)))
    return FALSE;
  key = loader_attribute (loader, "key");

  if (g_str_equal (id, PSEUDO_TYPE_CLAIM) || g_str_equal (id, PSEUDO_TYPE_ENTITY))
    {
      loader_error (loader, error, GLOSS_TAGSET_ERROR_DUPLICATE_ID, line,
                    "the entity type id \"%s\" is reserved: relation types use it "
                    "to mean any %s; choose another id", id, id);
      return FALSE;
    }
  if (!check_new_id (loader, loader->entity_type_lines, "entity type", id, line, error))
    return FALSE;

  normal = normalize_colour (colour);
  if (normal == NULL)
    {
      loader_error (loader, error, GLOSS_TAGSET_ERROR_BAD_COLOUR, line,
                    "the colour \"%s\" of entity type \"%s\" is not a colour; "
                    "write it as #rrggbb or #rgb in hexadecimal digits, e.g. #77aadd",
                    colour, id);
      return FALSE;
    }

  if (key != NULL)
    {
      gunichar c = g_utf8_get_char (key);
      gpointer folded = GUINT_TO_POINTER (g_unichar_tolower (c));
      gpointer first;

      if (g_utf8_strlen (key, -1) != 1 || !g_unichar_isgraph (c))
        {
          loader_error (loader, error, GLOSS_TAGSET_ERROR_BAD_KEY, line,
                        "the key \"%s\" of entity type \"%s\" must be a single "
                        "printable character, not a space or several characters",
                        key, id);
          return FALSE;
        }
      if (g_hash_table_lookup_extended (loader->key_lines, folded, NULL, &first))
        {
          loader_error (loader, error, GLOSS_TAGSET_ERROR_BAD_KEY, line,
                        "the key \"%s\" of entity type \"%s\" is already the key of "
                        "\"%s\" on line %d (keys ignore case); choose another key",
                        key, id,
                        (const char *) g_hash_table_lookup (loader->key_owners, folded),
                        GPOINTER_TO_INT (first));
          return FALSE;
        }
      g_hash_table_insert (loader->key_lines, folded, GINT_TO_POINTER (line));
      g_hash_table_insert (loader->key_owners, folded, (gpointer) id);
      type.key = c;
    }

  type.id = id;
  type.label = label;
  type.colour = loader_intern (loader, normal);
  g_array_append_val (loader->tagset->entity_types, type);
  return TRUE;
}

static gboolean
start_attribute (Loader  *loader,
                 GError **error)
{
  GlossAttributeDef def = { 0 };
  const char *id, *label, *applies_to, *default_value;
  int line = loader_line (loader);

  if (!(id = loader_require (loader, "attribute", "id", error))
      || !(label = loader_require (loader, "attribute", "label", error))
      || !(applies_to = loader_require (loader, "attribute", "applies-to", error)))
    return FALSE;
  default_value = loader_attribute (loader, "default");

  if (g_str_equal (applies_to, "entity"))
    def.applies_to = GLOSS_APPLIES_TO_ENTITY;
  else if (g_str_equal (applies_to, "claim"))
    def.applies_to = GLOSS_APPLIES_TO_CLAIM;
  else if (g_str_equal (applies_to, "both"))
    def.applies_to = GLOSS_APPLIES_TO_ENTITY | GLOSS_APPLIES_TO_CLAIM;
  else
    {
      loader_error (loader, error, GLOSS_TAGSET_ERROR_INVALID, line,
                    "applies-to of attribute \"%s\" must be entity, claim or both, not \"%s\"",
                    id, applies_to);
      return FALSE;
    }

  if (!check_new_id (loader, loader->attribute_lines, "attribute", id, line, error))
    return FALSE;

  def.id = id;
  def.label = label;
  def.default_value = default_value;
  g_array_append_val (loader->tagset->attributes, def);

  loader->attribute_line = line;
  loader->attribute_default = def.default_value;
  g_clear_pointer (&loader->values, g_ptr_array_unref);
  g_clear_pointer (&loader->value_labels, g_ptr_array_unref);
  loader->values = g_ptr_array_new ();
  loader->value_labels = g_ptr_array_new ();
  g_hash_table_remove_all (loader->value_lines);
  return TRUE;
}

static gboolean
start_value (Loader  *loader,
             GError **error)
{
  GlossAttributeDef *def;
  const char *id, *label;
  int line = loader_line (loader);

  if (!(id = loader_require (loader, "value", "id", error))
      || !(label = loader_require (loader, "value", "label", error)))
    return FALSE;

  g_assert (loader->tagset->attributes->len > 0);
  def = &g_array_index (loader->tagset->attributes, GlossAttributeDef,
                        loader->tagset->attributes->len - 1);

  if (g_hash_table_contains (loader->value_lines, id))
    {
      loader_error (loader, error, GLOSS_TAGSET_ERROR_DUPLICATE_ID, line,
                    "the value \"%s\" of attribute \"%s\" is already listed on line %d; "
                    "values must be unique",
                    id, def->id,
                    GPOINTER_TO_INT (g_hash_table_lookup (loader->value_lines, id)));
      return FALSE;
    }
  g_hash_table_insert (loader->value_lines, (gpointer) id,
                       GINT_TO_POINTER (line));

  g_ptr_array_add (loader->values, (gpointer) id);
  g_ptr_array_add (loader->value_labels, (gpointer) label);
  return TRUE;
}

static gboolean
end_attribute (Loader  *loader,
               GError **error)
{
  GlossAttributeDef *def;

  g_assert (loader->tagset->attributes->len > 0);
  def = &g_array_index (loader->tagset->attributes, GlossAttributeDef,
                        loader->tagset->attributes->len - 1);

  if (loader->values->len == 0)
    {
      /* Free text: any default will do. */
      g_clear_pointer (&loader->values, g_ptr_array_unref);
      g_clear_pointer (&loader->value_labels, g_ptr_array_unref);
      return TRUE;
    }

  if (loader->attribute_default != NULL
      && !g_hash_table_contains (loader->value_lines, loader->attribute_default))
    {
      loader_error (loader, error, GLOSS_TAGSET_ERROR_DANGLING_REFERENCE,
                    loader->attribute_line,
                    "the default \"%s\" of attribute \"%s\" is not one of its values",
                    loader->attribute_default, def->id);
      return FALSE;
    }

  def->values = loader_take_vector (loader, g_steal_pointer (&loader->values));
  def->value_labels = loader_take_vector (loader, g_steal_pointer (&loader->value_labels));
  return TRUE;
}

/* Splits a from/to list, checks every name and replaces "entity" with the
 * tagset's entity types. */
static const char * const *
parse_end_list (Loader     *loader,
                const char *relation_id,
                const char *which,
                const char *list,
                int         line,
                GError    **error)
{
  g_auto(GStrv) words = g_strsplit_set (list, " \t\r\n", -1);
  g_autoptr(GPtrArray) ends = g_ptr_array_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  GArray *types = loader->tagset->entity_types;

  for (guint i = 0; words[i] != NULL; i++)
    {
      const char *word = words[i];

      if (*word == '\0')
        continue;

      if (g_str_equal (word, PSEUDO_TYPE_ENTITY))
        {
          for (guint j = 0; j < types->len; j++)
            {
              const char *type_id = g_array_index (types, GlossEntityType, j).id;

              if (g_hash_table_add (seen, (gpointer) type_id))
                g_ptr_array_add (ends, (gpointer) type_id);
            }
          continue;
        }

      if (!g_str_equal (word, PSEUDO_TYPE_CLAIM)
          && !g_hash_table_contains (loader->entity_type_lines, word))
        {
          loader_error (loader, error, GLOSS_TAGSET_ERROR_DANGLING_REFERENCE, line,
                        "relation type \"%s\" names \"%s\" in its %s list, which is not "
                        "an entity type of this tagset (nor \"entity\" or \"claim\")",
                        relation_id, word, which);
          return NULL;
        }
      word = loader_intern (loader, word);
      if (g_hash_table_add (seen, (gpointer) word))
        g_ptr_array_add (ends, (gpointer) word);
    }

  if (ends->len == 0)
    {
      loader_error (loader, error, GLOSS_TAGSET_ERROR_INVALID, line,
                    "the %s list of relation type \"%s\" is empty; "
                    "leave it out to allow any annotation",
                    which, relation_id);
      return NULL;
    }

  return loader_take_vector (loader, g_steal_pointer (&ends));
}

static gboolean
start_relation_type (Loader  *loader,
                     GError **error)
{
  GlossRelationType type = { 0 };
  const char *id, *label, *from, *to, *symmetric;
  int line = loader_line (loader);

  if (!(id = loader_require (loader, "relation-type", "id", error))
      || !(label = loader_require (loader, "relation-type", "label", error)))
    return FALSE;
  from = loader_attribute (loader, "from");
  to = loader_attribute (loader, "to");
  symmetric = loader_attribute (loader, "symmetric");

  if (symmetric != NULL && !g_str_equal (symmetric, "true") && !g_str_equal (symmetric, "false"))
    {
      loader_error (loader, error, GLOSS_TAGSET_ERROR_INVALID, line,
                    "symmetric of relation type \"%s\" must be true or false, not \"%s\"",
                    id, symmetric);
      return FALSE;
    }
  type.symmetric = symmetric != NULL && g_str_equal (symmetric, "true");

  if (!check_new_id (loader, loader->relation_type_lines, "relation type", id, line, error))
    return FALSE;

  if (from != NULL
      && !(type.from_types = parse_end_list (loader, id, "from", from, line, error)))
    return FALSE;
  if (to != NULL
      && !(type.to_types = parse_end_list (loader, id, "to", to, line, error)))
    return FALSE;

  type.id = id;
  type.label = label;
  g_array_append_val (loader->tagset->relation_types, type);
  return TRUE;
}

/* Collapses runs of white space, so that a description may be wrapped
 * and indented in the file. */
static char *
collapse_space (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = text; *p; p++)
    {
      if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        space = out->len > 0;
      else
        {
          if (space)
            g_string_append_c (out, ' ');
          space = FALSE;
          g_string_append_c (out, *p);
        }
    }

  return g_string_free (out, FALSE);
}

static NodeKind
loader_top (Loader *loader)
{
  if (loader->stack->len == 0)
    return NODE_NONE;
  return g_array_index (loader->stack, NodeKind, loader->stack->len - 1);
}

/* Which element may appear where. The schema says the same and more; this
 * only keeps the loader's own state coherent whatever it is given. */
static NodeKind
child_kind (NodeKind    parent,
            const char *name)
{
  switch (parent)
    {
    case NODE_NONE:
      return g_str_equal (name, "tagset") ? NODE_TAGSET : NODE_NONE;
    case NODE_TAGSET:
      if (g_str_equal (name, "description"))
        return NODE_DESCRIPTION;
      if (g_str_equal (name, "entity-types"))
        return NODE_ENTITY_TYPES;
      if (g_str_equal (name, "attributes"))
        return NODE_ATTRIBUTES;
      if (g_str_equal (name, "relation-types"))
        return NODE_RELATION_TYPES;
      return NODE_NONE;
    case NODE_ENTITY_TYPES:
      return g_str_equal (name, "entity-type") ? NODE_ENTITY_TYPE : NODE_NONE;
    case NODE_ATTRIBUTES:
      return g_str_equal (name, "attribute") ? NODE_ATTRIBUTE : NODE_NONE;
    case NODE_RELATION_TYPES:
      return g_str_equal (name, "relation-type") ? NODE_RELATION_TYPE : NODE_NONE;
    case NODE_ATTRIBUTE:
      if (g_str_equal (name, "value"))
        return NODE_VALUE;
      return g_str_equal (name, "description") ? NODE_DESCRIPTION : NODE_NONE;
    case NODE_ENTITY_TYPE:
    case NODE_VALUE:
    case NODE_RELATION_TYPE:
      return g_str_equal (name, "description") ? NODE_DESCRIPTION : NODE_NONE;
    case NODE_DESCRIPTION:
    default:
      return NODE_NONE;
    }
}

static gboolean
loader_end_element (Loader  *loader,
                    GError **error)
{
  NodeKind kind = loader_top (loader);

  g_array_set_size (loader->stack, loader->stack->len - 1);

  switch (kind)
    {
    case NODE_ATTRIBUTE:
      return end_attribute (loader, error);

    case NODE_DESCRIPTION:
      if (loader->description_target != NULL)
        {
          g_autofree char *text = collapse_space (loader->text->str);

          *loader->description_target = *text != '\0' ? loader_intern (loader, text) : NULL;
        }
      loader->description_target = NULL;
      g_string_truncate (loader->text, 0);
      return TRUE;

    case NODE_NONE:
    case NODE_TAGSET:
    case NODE_ENTITY_TYPES:
    case NODE_ENTITY_TYPE:
    case NODE_ATTRIBUTES:
    case NODE_VALUE:
    case NODE_RELATION_TYPES:
    case NODE_RELATION_TYPE:
    default:
      return TRUE;
    }
}

static gboolean
loader_start_element (Loader  *loader,
                      GError **error)
{
  xmlTextReaderPtr reader = gloss_xml_reader_get_reader (loader->reader);
  const char *name = (const char *) xmlTextReaderConstLocalName (reader);
  const char *ns = (const char *) xmlTextReaderConstNamespaceUri (reader);
  NodeKind parent = loader_top (loader);
  NodeKind kind = NODE_NONE;
  gboolean ok = TRUE;

  if (name != NULL && g_strcmp0 (ns, TAGSET_NS) == 0)
    kind = child_kind (parent, name);

  if (parent == NODE_NONE && (kind != NODE_TAGSET || loader->seen_root))
    {
      loader_error (loader, error, GLOSS_TAGSET_ERROR_INVALID, loader_line (loader),
                    "this is not a Gloss tagset: the root element is <%s> %s%s, "
                    "not <tagset> in the namespace " TAGSET_NS,
                    name != NULL ? name : "?",
                    ns != NULL ? "in the namespace " : "without a namespace",
                    ns != NULL ? ns : "");
      return FALSE;
    }
  if (kind == NODE_NONE)
    {
      loader_error (loader, error, GLOSS_TAGSET_ERROR_INVALID, loader_line (loader),
                    "unexpected element <%s>%s%s here",
                    name != NULL ? name : "?",
                    g_strcmp0 (ns, TAGSET_NS) != 0 ? " in the namespace " : "",
                    g_strcmp0 (ns, TAGSET_NS) != 0 ? (ns != NULL ? ns : "(none)") : "");
      return FALSE;
    }

  if (parent == NODE_TAGSET)
    {
      if (kind <= loader->last_section)
        {
          loader_error (loader, error, GLOSS_TAGSET_ERROR_INVALID, loader_line (loader),
                        "<%s> is out of place: a tagset holds an optional <description>, "
                        "then <entity-types>, <attributes> and <relation-types> in that order",
                        name);
          return FALSE;
        }
      loader->last_section = kind;
    }

  switch (kind)
    {
    case NODE_TAGSET:
      loader->seen_root = TRUE;
      ok = start_tagset (loader, error);
      break;
    case NODE_ENTITY_TYPE:
      ok = start_entity_type (loader, error);
      break;
    case NODE_ATTRIBUTE:
      ok = start_attribute (loader, error);
      break;
    case NODE_VALUE:
      ok = start_value (loader, error);
      break;
    case NODE_RELATION_TYPES:
      if (loader->tagset->entity_types->len == 0)
        {
          loader_error (loader, error, GLOSS_TAGSET_ERROR_INVALID, loader_line (loader),
                        "<relation-types> must follow <entity-types>");
          return FALSE;
        }
      break;
    case NODE_RELATION_TYPE:
      ok = start_relation_type (loader, error);
      break;
    case NODE_DESCRIPTION:
      g_string_truncate (loader->text, 0);
      loader->description_target = NULL;
      if (parent == NODE_ENTITY_TYPE)
        {
          GArray *types = loader->tagset->entity_types;

          g_assert (types->len > 0);
          loader->description_target =
            &g_array_index (types, GlossEntityType, types->len - 1).description;
        }
      /* Descriptions of the tagset, attributes, values and relation types
       * are for the people who read the file. */
      break;
    case NODE_NONE:
    case NODE_ENTITY_TYPES:
    case NODE_ATTRIBUTES:
    default:
      break;
    }

  if (!ok)
    return FALSE;

  g_array_append_val (loader->stack, kind);
  if (xmlTextReaderIsEmptyElement (reader))
    return loader_end_element (loader, error);
  return TRUE;
}

static gboolean
loader_text (Loader  *loader,
             GError **error)
{
  xmlTextReaderPtr reader = gloss_xml_reader_get_reader (loader->reader);
  const char *value = (const char *) xmlTextReaderConstValue (reader);

  if (value == NULL)
    return TRUE;
  if (loader_top (loader) == NODE_DESCRIPTION)
    {
      g_string_append (loader->text, value);
      return TRUE;
    }
  for (const char *p = value; *p; p++)
    if (!g_ascii_isspace (*p))
      {
        loader_error (loader, error, GLOSS_TAGSET_ERROR_INVALID, loader_line (loader),
                      "unexpected text outside a <description>");
        return FALSE;
      }
  return TRUE;
}

static const char *
node_name (NodeKind kind)
{
  switch (kind)
    {
    case NODE_TAGSET: return "tagset";
    case NODE_DESCRIPTION: return "description";
    case NODE_ENTITY_TYPES: return "entity-types";
    case NODE_ENTITY_TYPE: return "entity-type";
    case NODE_ATTRIBUTES: return "attributes";
    case NODE_ATTRIBUTE: return "attribute";
    case NODE_VALUE: return "value";
    case NODE_RELATION_TYPES: return "relation-types";
    case NODE_RELATION_TYPE: return "relation-type";
    case NODE_NONE:
    default:
      return "?";
    }
}

/* Rewrites "FILE:LINE: problem" from the XML reader as
 * "FILE:LINE: <prefix>problem<suffix>". */
static void
reword_error (GError     *error,
              const char *filename,
              const char *prefix,
              const char *suffix)
{
  gsize len = strlen (filename);
  const char *p = error->message;
  char *message;

  if (strncmp (p, filename, len) != 0 || p[len] != ':')
    return;
  p += len + 1;
  while (g_ascii_isdigit (*p))
    p++;
  if (p[0] != ':' || p[1] != ' ')
    return;
  p += 2;

  message = g_strdup_printf ("%.*s%s%s%s", (int) (p - error->message), error->message,
                             prefix, p, suffix);
  g_free (error->message);
  error->message = message;
}

static int
count_lines (GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  int lines = 1;

  for (gsize i = 0; i < len; i++)
    if (data[i] == '\n')
      lines++;
  return lines;
}

/* Makes the XML reader's errors say what they are about: a schema error
 * that the file is not a valid tagset, an error on the last line with
 * elements still open that the file may have been cut short. */
static void
explain_reader_error (Loader  *loader,
                      GBytes  *bytes,
                      GError  *error)
{
  g_autofree char *expected = NULL;
  g_autofree char *suffix = NULL;

  if (error == NULL || error->domain != GLOSS_TAGSET_ERROR)
    return;

  if (error->code == GLOSS_TAGSET_ERROR_INVALID)
    {
      if (!loader->seen_root)
        reword_error (error, loader->filename,
                      "not a Gloss tagset (its root must be <tagset> in the namespace "
                      TAGSET_NS "): ", "");
      else
        reword_error (error, loader->filename, "not a valid tagset: ", "");
      return;
    }

  expected = g_strdup_printf ("%s:%d: ", loader->filename, count_lines (bytes));
  if (error->code == GLOSS_TAGSET_ERROR_PARSE && loader->stack->len > 0
      && g_str_has_prefix (error->message, expected))
    {
      suffix = g_strdup_printf (" (the file ends inside <%s>: is it cut short?)",
                                node_name (loader_top (loader)));
      reword_error (error, loader->filename, "", suffix);
    }
}

static void
gloss_tagset_build_index (GlossTagset *self)
{
  for (guint i = 0; i < self->entity_types->len; i++)
    {
      GlossEntityType *type = &g_array_index (self->entity_types, GlossEntityType, i);
      g_hash_table_insert (self->entity_type_index, (gpointer) type->id, type);
    }
  for (guint i = 0; i < self->attributes->len; i++)
    {
      GlossAttributeDef *def = &g_array_index (self->attributes, GlossAttributeDef, i);
      g_hash_table_insert (self->attribute_index, (gpointer) def->id, def);
    }
  for (guint i = 0; i < self->relation_types->len; i++)
    {
      GlossRelationType *type = &g_array_index (self->relation_types, GlossRelationType, i);
      g_hash_table_insert (self->relation_type_index, (gpointer) type->id, type);
    }
}

/**
 * gloss_tagset_new_from_bytes:
 * @bytes: the tagset file's contents
 * @filename: the name to use in error messages
 * @error: return location for a #GError in %GLOSS_TAGSET_ERROR
 *
 * Parses and checks a tagset: well-formed XML without a DOCTYPE, valid
 * against the tagset schema, unique ids and keys, colours of the form
 * #rgb or #rrggbb, relation end points and defaults that exist.
 *
 * Returns: (transfer full): the tagset, or %NULL with @error set to
 *   "FILENAME:LINE: problem"
 */
GlossTagset *
gloss_tagset_new_from_bytes (GBytes      *bytes,
                             const char  *filename,
                             GError     **error)
{
  /* A DOCTYPE is refused as a parse error: nothing in a tagset needs one. */
  const GlossXmlErrorCodes codes = {
    .domain = GLOSS_TAGSET_ERROR,
    .parse_code = GLOSS_TAGSET_ERROR_PARSE,
    .forbidden_code = GLOSS_TAGSET_ERROR_PARSE,
    .invalid_code = GLOSS_TAGSET_ERROR_INVALID,
  };
  g_autoptr(GlossTagset) self = NULL;
  g_autoptr(GlossXmlReader) reader = NULL;
  g_auto(Loader) loader = { 0 };
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (filename != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  reader = gloss_xml_reader_new (bytes, filename, GLOSS_RESOURCE_TAGSET_SCHEMA,
                                 &codes, error);
  if (reader == NULL)
    return NULL;

  self = g_object_new (GLOSS_TYPE_TAGSET, NULL);

  loader.tagset = self;
  loader.reader = reader;
  loader.filename = filename;
  loader.stack = g_array_new (FALSE, FALSE, sizeof (NodeKind));
  loader.entity_type_lines = g_hash_table_new (g_str_hash, g_str_equal);
  loader.attribute_lines = g_hash_table_new (g_str_hash, g_str_equal);
  loader.relation_type_lines = g_hash_table_new (g_str_hash, g_str_equal);
  loader.key_lines = g_hash_table_new (NULL, NULL);
  loader.key_owners = g_hash_table_new (NULL, NULL);
  loader.value_lines = g_hash_table_new (g_str_hash, g_str_equal);
  loader.text = g_string_new (NULL);

  for (;;)
    {
      xmlTextReaderPtr xml = gloss_xml_reader_get_reader (reader);
      gboolean at_end = FALSE;
      gboolean ok = TRUE;

      if (!gloss_xml_reader_read (reader, &at_end, &local_error))
        {
          if (at_end)
            break;
          explain_reader_error (&loader, bytes, local_error);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }

      switch (xmlTextReaderNodeType (xml))
        {
        case XML_READER_TYPE_ELEMENT:
          ok = loader_start_element (&loader, error);
          break;
        case XML_READER_TYPE_END_ELEMENT:
          if (loader.stack->len > 0)
            ok = loader_end_element (&loader, error);
          break;
        case XML_READER_TYPE_TEXT:
        case XML_READER_TYPE_CDATA:
        case XML_READER_TYPE_WHITESPACE:
        case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
          ok = loader_text (&loader, error);
          break;
        default:
          break;
        }

      if (!ok)
        return NULL;
    }

  if (!loader.seen_root || self->entity_types->len == 0)
    {
      g_set_error (error, GLOSS_TAGSET_ERROR, GLOSS_TAGSET_ERROR_INVALID,
                   "%s:1: the tagset has no entity types", filename);
      return NULL;
    }

  gloss_tagset_build_index (self);

  return g_steal_pointer (&self);
}

/**
 * gloss_tagset_load:
 * @file: a tagset file
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads and parses @file. I/O errors are in the %G_IO_ERROR domain, problems
 * with the contents in %GLOSS_TAGSET_ERROR.
 *
 * Returns: (transfer full): the tagset, or %NULL with @error set
 */
GlossTagset *
gloss_tagset_load (GFile         *file,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  bytes = g_file_load_bytes (file, cancellable, NULL, error);
  if (bytes == NULL)
    return NULL;

  name = g_file_get_parse_name (file);
  return gloss_tagset_new_from_bytes (bytes, name, error);
}

/**
 * gloss_tagset_get_default:
 *
 * The built-in news tagset, loaded once per process. A broken built-in
 * tagset is a packaging error and stops the program.
 *
 * Returns: (transfer none): the shared built-in tagset
 */
GlossTagset *
gloss_tagset_get_default (void)
{
  static GlossTagset *default_tagset = NULL;

  if (g_once_init_enter (&default_tagset))
    {
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GError) error = NULL;
      GlossTagset *tagset = NULL;

      bytes = g_resources_lookup_data (GLOSS_RESOURCE_DEFAULT_TAGSET,
                                       G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      if (bytes != NULL)
        tagset = gloss_tagset_new_from_bytes (bytes,
                                              "resource://" GLOSS_RESOURCE_DEFAULT_TAGSET,
                                              &error);
      if (tagset == NULL)
        g_error ("The built-in tagset that ships with Gloss cannot be loaded "
                 "(is the installation complete?): %s", error->message);

      g_once_init_leave (&default_tagset, tagset);
    }

  return default_tagset;
}

/**
 * gloss_tagset_load_for_folder:
 * @folder: a corpus folder
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Loads @folder's own tagset (%GLOSS_TAGSET_FILENAME) when it has one, the
 * built-in tagset otherwise. A tagset file that exists but cannot be read or
 * is broken is an error, never silently replaced by the built-in one.
 *
 * Returns: (transfer full): the tagset, or %NULL with @error set
 */
GlossTagset *
gloss_tagset_load_for_folder (GFile         *folder,
                              GCancellable  *cancellable,
                              GError       **error)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) local_error = NULL;
  GlossTagset *tagset;

  g_return_val_if_fail (G_IS_FILE (folder), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = g_file_get_child (folder, GLOSS_TAGSET_FILENAME);
  tagset = gloss_tagset_load (file, cancellable, &local_error);
  if (tagset != NULL)
    return tagset;

  if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    return g_object_ref (gloss_tagset_get_default ());

  g_propagate_error (error, g_steal_pointer (&local_error));
  return NULL;
}

const char *
gloss_tagset_get_id (GlossTagset *self)
{
  g_return_val_if_fail (GLOSS_IS_TAGSET (self), NULL);

  return self->id;
}

const char *
gloss_tagset_get_version (GlossTagset *self)
{
  g_return_val_if_fail (GLOSS_IS_TAGSET (self), NULL);

  return self->version;
}

const char *
gloss_tagset_get_label (GlossTagset *self)
{
  g_return_val_if_fail (GLOSS_IS_TAGSET (self), NULL);

  return self->label;
}

guint
gloss_tagset_get_n_entity_types (GlossTagset *self)
{
  g_return_val_if_fail (GLOSS_IS_TAGSET (self), 0);

  return self->entity_types->len;
}

const GlossEntityType *
gloss_tagset_get_entity_type (GlossTagset *self,
                              guint        index)
{
  g_return_val_if_fail (GLOSS_IS_TAGSET (self), NULL);
  g_return_val_if_fail (index < self->entity_types->len, NULL);

  return &g_array_index (self->entity_types, GlossEntityType, index);
}

const GlossEntityType *
gloss_tagset_lookup_entity_type (GlossTagset *self,
                                 const char  *id)
{
  g_return_val_if_fail (GLOSS_IS_TAGSET (self), NULL);

  if (id == NULL)
    return NULL;
  return g_hash_table_lookup (self->entity_type_index, id);
}

guint
gloss_tagset_get_n_attributes (GlossTagset *self)
{
  g_return_val_if_fail (GLOSS_IS_TAGSET (self), 0);

  return self->attributes->len;
}

const GlossAttributeDef *
gloss_tagset_get_attribute (GlossTagset *self,
                            guint        index)
{
  g_return_val_if_fail (GLOSS_IS_TAGSET (self), NULL);
  g_return_val_if_fail (index < self->attributes->len, NULL);

  return &g_array_index (self->attributes, GlossAttributeDef, index);
}

const GlossAttributeDef *
gloss_tagset_lookup_attribute (GlossTagset *self,
                               const char  *id)
{
  g_return_val_if_fail (GLOSS_IS_TAGSET (self), NULL);

  if (id == NULL)
    return NULL;
  return g_hash_table_lookup (self->attribute_index, id);
}

/**
 * gloss_attribute_def_allows:
 * @def: an attribute definition
 * @value: (nullable): a value
 *
 * Returns: %TRUE if @value is one of @def's values or, when @def takes
 *   free text, if it is not empty
 */
gboolean
gloss_attribute_def_allows (const GlossAttributeDef *def,
                            const char              *value)
{
  g_return_val_if_fail (def != NULL, FALSE);

  if (value == NULL || *value == '\0')
    return FALSE;
  if (def->values == NULL)
    return TRUE;
  for (guint i = 0; def->values[i] != NULL; i++)
    if (g_str_equal (def->values[i], value))
      return TRUE;
  return FALSE;
}

guint
gloss_tagset_get_n_relation_types (GlossTagset *self)
{
  g_return_val_if_fail (GLOSS_IS_TAGSET (self), 0);

  return self->relation_types->len;
}

const GlossRelationType *
gloss_tagset_get_relation_type (GlossTagset *self,
                                guint        index)
{
  g_return_val_if_fail (GLOSS_IS_TAGSET (self), NULL);
  g_return_val_if_fail (index < self->relation_types->len, NULL);

  return &g_array_index (self->relation_types, GlossRelationType, index);
}

const GlossRelationType *
gloss_tagset_lookup_relation_type (GlossTagset *self,
                                   const char  *id)
{
  g_return_val_if_fail (GLOSS_IS_TAGSET (self), NULL);

  if (id == NULL)
    return NULL;
  return g_hash_table_lookup (self->relation_type_index, id);
}
