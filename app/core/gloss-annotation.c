/* gloss-annotation.c: one entity, claim or relation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-annotation"

#include "config.h"

#include <string.h>

#include "gloss-annotation.h"
#include "gloss-annotation-list.h"
#include "gloss-annotation-private.h"

/* A 10 MB article may carry 100 000 entities, so a plain entity is kept
 * small: offsets and times inline, strings that repeat (types, annotators,
 * attribute names and values) interned, a short id stored in the object,
 * and everything else behind one pointer that stays NULL for a plain
 * entity. */

#define INLINE_ID_SIZE 16

typedef struct
{
  char            *note;
  char            *link;
  /* Interned name, value pairs in the order they were set. */
  const char     **attributes;
  guint            n_attributes;

  GlossSourceKind  source_kind;
  char            *source_entity;
  guint            source_start;
  guint            source_end;
  guint            cue_start;
  guint            cue_end;
  char            *parent;

  char            *from;
  char            *to;

  GlossAnchorState anchor_state;
  char            *stored_prefix;
  char            *stored_exact;
  char            *stored_suffix;

  GPtrArray       *extensions;
} Extra;

struct _GlossAnnotationState
{
  const char *type_id;
  guint       start;
  guint       end;
  gint64      modified;
  Extra      *extra;
};

struct _GlossAnnotation
{
  GObject     parent_instance;

  guint       start;
  guint       end;
  const char *type_id;
  const char *annotator;
  gint64      created;
  gint64      modified;
  Extra      *extra;
  union
  {
    char  inline_id[INLINE_ID_SIZE];
    char *heap_id;
  } id;
  guint8      kind;
  guint8      id_on_heap;
};

G_DEFINE_FINAL_TYPE (GlossAnnotation, gloss_annotation, G_TYPE_OBJECT)

static Extra *
extra_new (void)
{
  Extra *extra = g_new0 (Extra, 1);

  extra->source_kind = GLOSS_SOURCE_NONE;
  extra->source_start = extra->source_end = GLOSS_OFFSET_NONE;
  extra->cue_start = extra->cue_end = GLOSS_OFFSET_NONE;
  extra->anchor_state = GLOSS_ANCHOR_OK;

  return extra;
}

static void
extra_free (Extra *extra)
{
  if (extra == NULL)
    return;

  g_free (extra->note);
  g_free (extra->link);
  g_free (extra->attributes);
  g_free (extra->source_entity);
  g_free (extra->parent);
  g_free (extra->from);
  g_free (extra->to);
  g_free (extra->stored_prefix);
  g_free (extra->stored_exact);
  g_free (extra->stored_suffix);
  g_clear_pointer (&extra->extensions, g_ptr_array_unref);
  g_free (extra);
}

static gpointer
copy_string (gconstpointer src,
             gpointer      user_data)
{
  return g_strdup (src);
}

static Extra *
extra_copy (const Extra *extra)
{
  Extra *copy;

  if (extra == NULL)
    return NULL;

  copy = g_new0 (Extra, 1);
  *copy = *extra;
  copy->note = g_strdup (extra->note);
  copy->link = g_strdup (extra->link);
  copy->attributes = extra->n_attributes > 0
                       ? g_memdup2 (extra->attributes, sizeof (char *) * 2 * extra->n_attributes)
                       : NULL;
  copy->source_entity = g_strdup (extra->source_entity);
  copy->parent = g_strdup (extra->parent);
  copy->from = g_strdup (extra->from);
  copy->to = g_strdup (extra->to);
  copy->stored_prefix = g_strdup (extra->stored_prefix);
  copy->stored_exact = g_strdup (extra->stored_exact);
  copy->stored_suffix = g_strdup (extra->stored_suffix);
  if (extra->extensions != NULL)
    copy->extensions = g_ptr_array_copy (extra->extensions, copy_string, NULL);

  return copy;
}

static gboolean
extra_is_empty (const Extra *extra)
{
  return extra->note == NULL &&
         extra->link == NULL &&
         extra->n_attributes == 0 &&
         extra->source_kind == GLOSS_SOURCE_NONE &&
         extra->source_entity == NULL &&
         extra->source_start == GLOSS_OFFSET_NONE &&
         extra->cue_start == GLOSS_OFFSET_NONE &&
         extra->parent == NULL &&
         extra->from == NULL &&
         extra->to == NULL &&
         extra->anchor_state == GLOSS_ANCHOR_OK &&
         extra->stored_prefix == NULL &&
         extra->stored_exact == NULL &&
         extra->stored_suffix == NULL &&
         extra->extensions == NULL;
}

static gsize
string_size (const char *s)
{
  /* malloc rounds small blocks up to 32 bytes with its header. */
  return s != NULL ? MAX (32, ((strlen (s) + 1 + 8 + 15) & ~(gsize) 15)) : 0;
}

static gsize
extra_get_memory_size (const Extra *extra)
{
  gsize size;

  if (extra == NULL)
    return 0;

  size = sizeof (Extra) + 16;
  size += string_size (extra->note) + string_size (extra->link);
  size += extra->n_attributes > 0 ? sizeof (char *) * 2 * extra->n_attributes + 16 : 0;
  size += string_size (extra->source_entity) + string_size (extra->parent);
  size += string_size (extra->from) + string_size (extra->to);
  size += string_size (extra->stored_prefix) + string_size (extra->stored_exact);
  size += string_size (extra->stored_suffix);
  if (extra->extensions != NULL)
    {
      size += 64 + extra->extensions->len * sizeof (gpointer);
      for (guint i = 0; i < extra->extensions->len; i++)
        size += string_size (g_ptr_array_index (extra->extensions, i));
    }

  return size;
}

static Extra *
ensure_extra (GlossAnnotation *self)
{
  if (self->extra == NULL)
    self->extra = extra_new ();

  return self->extra;
}

static void
maybe_drop_extra (GlossAnnotation *self)
{
  if (self->extra != NULL && extra_is_empty (self->extra))
    g_clear_pointer (&self->extra, extra_free);
}

static void
gloss_annotation_finalize (GObject *object)
{
  GlossAnnotation *self = (GlossAnnotation *) object;

  g_clear_pointer (&self->extra, extra_free);
  if (self->id_on_heap)
    g_free (self->id.heap_id);

  G_OBJECT_CLASS (gloss_annotation_parent_class)->finalize (object);
}

static void
gloss_annotation_class_init (GlossAnnotationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gloss_annotation_finalize;
}

static void
gloss_annotation_init (GlossAnnotation *self)
{
}

GlossAnnotation *
_gloss_annotation_new (GlossAnnotationKind kind,
                       const char         *id,
                       const char         *type_id,
                       guint               start,
                       guint               end,
                       const char         *annotator,
                       gint64              created,
                       gint64              modified)
{
  GlossAnnotation *self;
  gsize id_len;

  g_return_val_if_fail (kind <= GLOSS_ANNOTATION_RELATION, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  self = g_object_new (GLOSS_TYPE_ANNOTATION, NULL);
  self->kind = kind;

  id_len = strlen (id);
  if (id_len < INLINE_ID_SIZE)
    {
      memcpy (self->id.inline_id, id, id_len + 1);
    }
  else
    {
      self->id.heap_id = g_strdup (id);
      self->id_on_heap = TRUE;
    }

  if (kind == GLOSS_ANNOTATION_CLAIM)
    self->type_id = g_intern_static_string ("claim");
  else
    self->type_id = type_id != NULL ? g_intern_string (type_id) : NULL;

  self->start = start;
  self->end = end;
  self->annotator = annotator != NULL ? g_intern_string (annotator) : NULL;
  self->created = created;
  self->modified = modified;

  return self;
}

GlossAnnotationKind
gloss_annotation_get_kind (GlossAnnotation *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), GLOSS_ANNOTATION_ENTITY);

  return self->kind;
}

const char *
gloss_annotation_get_id (GlossAnnotation *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), NULL);

  return self->id_on_heap ? self->id.heap_id : self->id.inline_id;
}

const char *
gloss_annotation_get_type_id (GlossAnnotation *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), NULL);

  return self->type_id;
}

guint
gloss_annotation_get_start (GlossAnnotation *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), 0);

  return self->start;
}

guint
gloss_annotation_get_end (GlossAnnotation *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), 0);

  return self->end;
}

const char *
gloss_annotation_get_annotator (GlossAnnotation *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), NULL);

  return self->annotator;
}

gint64
gloss_annotation_get_created (GlossAnnotation *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), 0);

  return self->created;
}

gint64
gloss_annotation_get_modified (GlossAnnotation *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), 0);

  return self->modified;
}

const char *
gloss_annotation_get_note (GlossAnnotation *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), NULL);

  return self->extra != NULL ? self->extra->note : NULL;
}

const char *
gloss_annotation_get_link (GlossAnnotation *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), NULL);

  return self->extra != NULL ? self->extra->link : NULL;
}

GlossAnchorState
gloss_annotation_get_anchor_state (GlossAnnotation *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), GLOSS_ANCHOR_OK);

  return self->extra != NULL ? self->extra->anchor_state : GLOSS_ANCHOR_OK;
}

guint
gloss_annotation_get_n_attributes (GlossAnnotation *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), 0);

  return self->extra != NULL ? self->extra->n_attributes : 0;
}

void
gloss_annotation_get_nth_attribute (GlossAnnotation *self,
                                    guint            n,
                                    const char     **name,
                                    const char     **value)
{
  g_return_if_fail (GLOSS_IS_ANNOTATION (self));
  g_return_if_fail (n < gloss_annotation_get_n_attributes (self));

  if (name != NULL)
    *name = self->extra->attributes[2 * n];
  if (value != NULL)
    *value = self->extra->attributes[2 * n + 1];
}

static int
find_attribute (const Extra *extra,
                const char  *name)
{
  if (extra == NULL)
    return -1;

  for (guint i = 0; i < extra->n_attributes; i++)
    {
      if (strcmp (extra->attributes[2 * i], name) == 0)
        return i;
    }

  return -1;
}

const char *
gloss_annotation_get_attribute (GlossAnnotation *self,
                                const char      *name)
{
  int i;

  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  i = find_attribute (self->extra, name);

  return i >= 0 ? self->extra->attributes[2 * i + 1] : NULL;
}

GlossSourceKind
gloss_annotation_get_source_kind (GlossAnnotation *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), GLOSS_SOURCE_NONE);

  return self->extra != NULL ? self->extra->source_kind : GLOSS_SOURCE_NONE;
}

const char *
gloss_annotation_get_source_entity (GlossAnnotation *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), NULL);

  if (self->extra == NULL || self->extra->source_kind != GLOSS_SOURCE_ENTITY)
    return NULL;

  return self->extra->source_entity;
}

gboolean
gloss_annotation_get_source_span (GlossAnnotation *self,
                                  guint           *start,
                                  guint           *end)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), FALSE);

  if (self->extra == NULL || self->extra->source_kind != GLOSS_SOURCE_SPAN)
    return FALSE;

  if (start != NULL)
    *start = self->extra->source_start;
  if (end != NULL)
    *end = self->extra->source_end;

  return TRUE;
}

gboolean
gloss_annotation_get_cue (GlossAnnotation *self,
                          guint           *start,
                          guint           *end)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), FALSE);

  if (self->extra == NULL || self->extra->cue_start == GLOSS_OFFSET_NONE)
    return FALSE;

  if (start != NULL)
    *start = self->extra->cue_start;
  if (end != NULL)
    *end = self->extra->cue_end;

  return TRUE;
}

const char *
gloss_annotation_get_parent (GlossAnnotation *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), NULL);

  return self->extra != NULL ? self->extra->parent : NULL;
}

const char *
gloss_annotation_get_from (GlossAnnotation *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), NULL);

  return self->extra != NULL ? self->extra->from : NULL;
}

const char *
gloss_annotation_get_to (GlossAnnotation *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), NULL);

  return self->extra != NULL ? self->extra->to : NULL;
}

const char *
gloss_annotation_get_stored_exact (GlossAnnotation *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), NULL);

  if (self->extra == NULL || self->extra->anchor_state == GLOSS_ANCHOR_OK)
    return NULL;

  return self->extra->stored_exact;
}

const char *
_gloss_annotation_get_stored_prefix (GlossAnnotation *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), NULL);

  if (self->extra == NULL || self->extra->anchor_state == GLOSS_ANCHOR_OK)
    return NULL;

  return self->extra->stored_prefix;
}

const char *
_gloss_annotation_get_stored_suffix (GlossAnnotation *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), NULL);

  if (self->extra == NULL || self->extra->anchor_state == GLOSS_ANCHOR_OK)
    return NULL;

  return self->extra->stored_suffix;
}

static gboolean
attributes_equal (const Extra *a,
                  const Extra *b)
{
  guint na = a != NULL ? a->n_attributes : 0;
  guint nb = b != NULL ? b->n_attributes : 0;

  if (na != nb)
    return FALSE;

  /* The order in which attributes were set carries no meaning. Values are
   * interned, so pointers compare. */
  for (guint i = 0; i < na; i++)
    {
      int j = find_attribute (b, a->attributes[2 * i]);

      if (j < 0 || b->attributes[2 * j + 1] != a->attributes[2 * i + 1])
        return FALSE;
    }

  return TRUE;
}

static gboolean
extensions_equal (const GPtrArray *a,
                  const GPtrArray *b)
{
  guint na = a != NULL ? a->len : 0;
  guint nb = b != NULL ? b->len : 0;

  if (na != nb)
    return FALSE;

  for (guint i = 0; i < na; i++)
    {
      if (g_strcmp0 (g_ptr_array_index (a, i), g_ptr_array_index (b, i)) != 0)
        return FALSE;
    }

  return TRUE;
}

/* Equal when every recorded fact is: kind, id, type, span, who and when,
 * attributes (in any order), note, link, source, cue, parent, relation ends,
 * anchoring with its stored quote, and extensions. */
gboolean
gloss_annotation_equal (GlossAnnotation *a,
                        GlossAnnotation *b)
{
  guint as, ae, bs, be;

  g_return_val_if_fail (GLOSS_IS_ANNOTATION (a), FALSE);
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (b), FALSE);

  if (a == b)
    return TRUE;

  if (a->kind != b->kind ||
      a->start != b->start ||
      a->end != b->end ||
      a->created != b->created ||
      a->modified != b->modified ||
      g_strcmp0 (gloss_annotation_get_id (a), gloss_annotation_get_id (b)) != 0 ||
      g_strcmp0 (a->type_id, b->type_id) != 0 ||
      g_strcmp0 (a->annotator, b->annotator) != 0 ||
      g_strcmp0 (gloss_annotation_get_note (a), gloss_annotation_get_note (b)) != 0 ||
      g_strcmp0 (gloss_annotation_get_link (a), gloss_annotation_get_link (b)) != 0 ||
      !attributes_equal (a->extra, b->extra))
    return FALSE;

  if (gloss_annotation_get_source_kind (a) != gloss_annotation_get_source_kind (b) ||
      g_strcmp0 (gloss_annotation_get_source_entity (a),
                 gloss_annotation_get_source_entity (b)) != 0)
    return FALSE;

  as = ae = bs = be = GLOSS_OFFSET_NONE;
  gloss_annotation_get_source_span (a, &as, &ae);
  gloss_annotation_get_source_span (b, &bs, &be);
  if (as != bs || ae != be)
    return FALSE;

  as = ae = bs = be = GLOSS_OFFSET_NONE;
  gloss_annotation_get_cue (a, &as, &ae);
  gloss_annotation_get_cue (b, &bs, &be);
  if (as != bs || ae != be)
    return FALSE;

  if (g_strcmp0 (gloss_annotation_get_parent (a), gloss_annotation_get_parent (b)) != 0 ||
      g_strcmp0 (gloss_annotation_get_from (a), gloss_annotation_get_from (b)) != 0 ||
      g_strcmp0 (gloss_annotation_get_to (a), gloss_annotation_get_to (b)) != 0)
    return FALSE;

  if (gloss_annotation_get_anchor_state (a) != gloss_annotation_get_anchor_state (b) ||
      g_strcmp0 (gloss_annotation_get_stored_exact (a),
                 gloss_annotation_get_stored_exact (b)) != 0 ||
      g_strcmp0 (_gloss_annotation_get_stored_prefix (a),
                 _gloss_annotation_get_stored_prefix (b)) != 0 ||
      g_strcmp0 (_gloss_annotation_get_stored_suffix (a),
                 _gloss_annotation_get_stored_suffix (b)) != 0)
    return FALSE;

  return extensions_equal (a->extra != NULL ? a->extra->extensions : NULL,
                           b->extra != NULL ? b->extra->extensions : NULL);
}

/* Raw setters: no validation, no undo, no signals. */

static void
replace_string (char       **field,
                const char  *value)
{
  if (value != NULL && *value == '\0')
    value = NULL;

  if (g_strcmp0 (*field, value) != 0)
    {
      g_free (*field);
      *field = g_strdup (value);
    }
}

void
_gloss_annotation_set_attribute_raw (GlossAnnotation *self,
                                     const char      *name,
                                     const char      *value)
{
  Extra *extra;
  int i;

  g_return_if_fail (GLOSS_IS_ANNOTATION (self));
  g_return_if_fail (name != NULL);

  i = find_attribute (self->extra, name);

  if (value == NULL)
    {
      if (i < 0)
        return;

      extra = self->extra;
      memmove (&extra->attributes[2 * i], &extra->attributes[2 * i + 2],
               sizeof (char *) * 2 * (extra->n_attributes - i - 1));
      extra->n_attributes--;
      if (extra->n_attributes == 0)
        g_clear_pointer (&extra->attributes, g_free);
      maybe_drop_extra (self);
      return;
    }

  extra = ensure_extra (self);
  if (i >= 0)
    {
      extra->attributes[2 * i + 1] = g_intern_string (value);
      return;
    }

  extra->attributes = g_renew (const char *, extra->attributes, 2 * (extra->n_attributes + 1));
  extra->attributes[2 * extra->n_attributes] = g_intern_string (name);
  extra->attributes[2 * extra->n_attributes + 1] = g_intern_string (value);
  extra->n_attributes++;
}

void
_gloss_annotation_set_note_raw (GlossAnnotation *self,
                                const char      *note)
{
  g_return_if_fail (GLOSS_IS_ANNOTATION (self));

  replace_string (&ensure_extra (self)->note, note);
  maybe_drop_extra (self);
}

void
_gloss_annotation_set_link_raw (GlossAnnotation *self,
                                const char      *link)
{
  g_return_if_fail (GLOSS_IS_ANNOTATION (self));

  replace_string (&ensure_extra (self)->link, link);
  maybe_drop_extra (self);
}

void
_gloss_annotation_set_source_raw (GlossAnnotation *self,
                                  GlossSourceKind  kind,
                                  const char      *entity_id,
                                  guint            start,
                                  guint            end)
{
  Extra *extra;

  g_return_if_fail (GLOSS_IS_ANNOTATION (self));
  g_return_if_fail (kind <= GLOSS_SOURCE_ARTICLE);

  extra = ensure_extra (self);
  extra->source_kind = kind;
  replace_string (&extra->source_entity, kind == GLOSS_SOURCE_ENTITY ? entity_id : NULL);
  if (kind == GLOSS_SOURCE_SPAN)
    {
      extra->source_start = start;
      extra->source_end = end;
    }
  else
    {
      extra->source_start = extra->source_end = GLOSS_OFFSET_NONE;
    }
  maybe_drop_extra (self);
}

void
_gloss_annotation_set_cue_raw (GlossAnnotation *self,
                               guint            start,
                               guint            end)
{
  Extra *extra;

  g_return_if_fail (GLOSS_IS_ANNOTATION (self));

  extra = ensure_extra (self);
  if (start == GLOSS_OFFSET_NONE || end == GLOSS_OFFSET_NONE)
    start = end = GLOSS_OFFSET_NONE;
  extra->cue_start = start;
  extra->cue_end = end;
  maybe_drop_extra (self);
}

void
_gloss_annotation_set_parent_raw (GlossAnnotation *self,
                                  const char      *parent_id)
{
  g_return_if_fail (GLOSS_IS_ANNOTATION (self));

  replace_string (&ensure_extra (self)->parent, parent_id);
  maybe_drop_extra (self);
}

void
_gloss_annotation_set_relation_raw (GlossAnnotation *self,
                                    const char      *from_id,
                                    const char      *to_id)
{
  Extra *extra;

  g_return_if_fail (GLOSS_IS_ANNOTATION (self));

  extra = ensure_extra (self);
  replace_string (&extra->from, from_id);
  replace_string (&extra->to, to_id);
  maybe_drop_extra (self);
}

void
_gloss_annotation_set_anchor_raw (GlossAnnotation  *self,
                                  GlossAnchorState  state,
                                  const char       *prefix,
                                  const char       *exact,
                                  const char       *suffix)
{
  Extra *extra;

  g_return_if_fail (GLOSS_IS_ANNOTATION (self));
  g_return_if_fail (state <= GLOSS_ANCHOR_ORPHANED);

  extra = ensure_extra (self);
  extra->anchor_state = state;
  g_clear_pointer (&extra->stored_prefix, g_free);
  g_clear_pointer (&extra->stored_exact, g_free);
  g_clear_pointer (&extra->stored_suffix, g_free);
  if (state != GLOSS_ANCHOR_OK)
    {
      /* An empty prefix is a real value here, kept as read. */
      extra->stored_prefix = g_strdup (prefix);
      extra->stored_exact = g_strdup (exact);
      extra->stored_suffix = g_strdup (suffix);
    }
  maybe_drop_extra (self);
}

void
_gloss_annotation_add_extension (GlossAnnotation *self,
                                 const char      *xml)
{
  Extra *extra;

  g_return_if_fail (GLOSS_IS_ANNOTATION (self));
  g_return_if_fail (xml != NULL);

  extra = ensure_extra (self);
  if (extra->extensions == NULL)
    extra->extensions = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (extra->extensions, g_strdup (xml));
}

const GPtrArray *
_gloss_annotation_get_extensions (GlossAnnotation *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), NULL);

  return self->extra != NULL ? self->extra->extensions : NULL;
}

void
_gloss_annotation_insert_extension_raw (GlossAnnotation *self,
                                        guint            index,
                                        const char      *xml)
{
  Extra *extra;

  g_return_if_fail (GLOSS_IS_ANNOTATION (self));
  g_return_if_fail (xml != NULL);

  extra = ensure_extra (self);
  if (extra->extensions == NULL)
    extra->extensions = g_ptr_array_new_with_free_func (g_free);
  g_return_if_fail (index <= extra->extensions->len);
  g_ptr_array_insert (extra->extensions, (int) index, g_strdup (xml));
}

void
_gloss_annotation_remove_extension_raw (GlossAnnotation *self,
                                        guint            index)
{
  GPtrArray *list;

  g_return_if_fail (GLOSS_IS_ANNOTATION (self));

  list = self->extra != NULL ? self->extra->extensions : NULL;
  g_return_if_fail (list != NULL && index < list->len);

  g_ptr_array_remove_index (list, index);
  if (list->len == 0)
    {
      /* An annotation without extensions looks as if it never had any:
       * equal to one that was never given one, and as small. */
      g_clear_pointer (&self->extra->extensions, g_ptr_array_unref);
      maybe_drop_extra (self);
    }
}

void
_gloss_annotation_replace_extension_raw (GlossAnnotation *self,
                                         guint            index,
                                         const char      *xml)
{
  GPtrArray *list;

  g_return_if_fail (GLOSS_IS_ANNOTATION (self));
  g_return_if_fail (xml != NULL);

  list = self->extra != NULL ? self->extra->extensions : NULL;
  g_return_if_fail (list != NULL && index < list->len);

  g_free (g_ptr_array_index (list, index));
  g_ptr_array_index (list, index) = g_strdup (xml);
}

void
_gloss_annotation_set_type_raw (GlossAnnotation *self,
                                const char      *type_id)
{
  g_return_if_fail (GLOSS_IS_ANNOTATION (self));

  if (self->kind == GLOSS_ANNOTATION_CLAIM)
    return;

  self->type_id = type_id != NULL ? g_intern_string (type_id) : NULL;
}

void
_gloss_annotation_set_span_raw (GlossAnnotation *self,
                                guint            start,
                                guint            end)
{
  g_return_if_fail (GLOSS_IS_ANNOTATION (self));

  self->start = start;
  self->end = end;
  if (self->extra != NULL && self->extra->anchor_state != GLOSS_ANCHOR_OK)
    _gloss_annotation_set_anchor_raw (self, GLOSS_ANCHOR_OK, NULL, NULL, NULL);
}

void
_gloss_annotation_set_modified_raw (GlossAnnotation *self,
                                    gint64           modified)
{
  g_return_if_fail (GLOSS_IS_ANNOTATION (self));

  self->modified = modified;
}

void
_gloss_annotation_set_annotator_raw (GlossAnnotation *self,
                                     const char      *annotator)
{
  g_return_if_fail (GLOSS_IS_ANNOTATION (self));

  self->annotator = annotator != NULL ? g_intern_string (annotator) : NULL;
}

void
_gloss_annotation_set_annotator_interned (GlossAnnotation *self,
                                          const char      *annotator)
{
  g_return_if_fail (GLOSS_IS_ANNOTATION (self));

  self->annotator = annotator;
}

gsize
_gloss_annotation_get_memory_size (GlossAnnotation *self)
{
  gsize size;

  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), 0);

  /* The instance comes from GLib's slice allocator in 16-byte steps. */
  size = (sizeof (GlossAnnotation) + 15) & ~(gsize) 15;
  if (self->id_on_heap)
    size += string_size (self->id.heap_id);

  return size + extra_get_memory_size (self->extra);
}

GlossAnnotationState *
_gloss_annotation_save_state (GlossAnnotation *self)
{
  GlossAnnotationState *state;

  g_return_val_if_fail (GLOSS_IS_ANNOTATION (self), NULL);

  state = g_new0 (GlossAnnotationState, 1);
  state->type_id = self->type_id;
  state->start = self->start;
  state->end = self->end;
  state->modified = self->modified;
  state->extra = extra_copy (self->extra);

  return state;
}

void
_gloss_annotation_restore_state (GlossAnnotation            *self,
                                 const GlossAnnotationState *state)
{
  g_return_if_fail (GLOSS_IS_ANNOTATION (self));
  g_return_if_fail (state != NULL);

  self->type_id = state->type_id;
  self->start = state->start;
  self->end = state->end;
  self->modified = state->modified;
  g_clear_pointer (&self->extra, extra_free);
  self->extra = extra_copy (state->extra);
}

gboolean
_gloss_annotation_state_get_span (const GlossAnnotationState *state,
                                  guint                      *start,
                                  guint                      *end)
{
  g_return_val_if_fail (state != NULL, FALSE);

  *start = state->start;
  *end = state->end;

  return TRUE;
}

gsize
_gloss_annotation_state_get_memory_size (const GlossAnnotationState *state)
{
  if (state == NULL)
    return 0;

  return sizeof (GlossAnnotationState) + 16 + extra_get_memory_size (state->extra);
}

void
_gloss_annotation_state_free (GlossAnnotationState *state)
{
  if (state == NULL)
    return;

  extra_free (state->extra);
  g_free (state);
}

int
_gloss_annotation_id_compare (const char *a,
                              const char *b)
{
  const char *p = a;
  const char *q = b;

  while (*p != '\0' && *q != '\0')
    {
      if (g_ascii_isdigit (*p) && g_ascii_isdigit (*q))
        {
          const char *ps, *qs;
          gsize plen, qlen;
          int cmp;

          while (*p == '0' && g_ascii_isdigit (p[1]))
            p++;
          while (*q == '0' && g_ascii_isdigit (q[1]))
            q++;
          for (ps = p; g_ascii_isdigit (*p); p++)
            ;
          for (qs = q; g_ascii_isdigit (*q); q++)
            ;
          plen = p - ps;
          qlen = q - qs;
          if (plen != qlen)
            return plen < qlen ? -1 : 1;
          cmp = memcmp (ps, qs, plen);
          if (cmp != 0)
            return cmp;
          continue;
        }

      if (*p != *q)
        return (guchar) *p < (guchar) *q ? -1 : 1;
      p++;
      q++;
    }

  if (*p != '\0' || *q != '\0')
    return *p != '\0' ? 1 : -1;

  /* "e01" and "e1" are equal as numbers but different ids. */
  return strcmp (a, b);
}

int
_gloss_annotation_compare_span (GlossAnnotation *a,
                                GlossAnnotation *b)
{
  if (a->start != b->start)
    return a->start < b->start ? -1 : 1;
  if (a->end != b->end)
    return a->end < b->end ? -1 : 1;

  return _gloss_annotation_id_compare (gloss_annotation_get_id (a), gloss_annotation_get_id (b));
}

int
_gloss_annotation_compare_id (GlossAnnotation *a,
                              GlossAnnotation *b)
{
  return _gloss_annotation_id_compare (gloss_annotation_get_id (a), gloss_annotation_get_id (b));
}
