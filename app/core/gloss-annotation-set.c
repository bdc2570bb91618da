/* gloss-annotation-set.c: one annotator's annotations on one document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-annotation-set"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "gloss-annotation-list.h"
#include "gloss-annotation-private.h"
#include "gloss-annotation-set.h"
#include "gloss-document.h"
#include "gloss-interval-index.h"
#include "gloss-interval-index-private.h"
#include "gloss-tagset.h"

#define N_KINDS 3

/* Undo keeps the annotation objects themselves: an undone addition or a
 * redone removal puts the very same object back, so pointers held by the
 * interface stay meaningful and ids never change. A change keeps a copy of
 * the annotation's state before and after it. */
typedef enum
{
  OP_INSERT,
  OP_DELETE,
  OP_CHANGE,
  /* One element of the root's extensions: inserted (xml_before NULL),
   * removed (xml_after NULL) or replaced, at index. An annotation's
   * extensions are part of its state and change with OP_CHANGE. */
  OP_ROOT_EXTENSION,
} OpKind;

typedef struct
{
  OpKind                kind;
  const char           *what;
  GlossAnnotation      *annotation;
  GlossAnnotationState *before;
  GlossAnnotationState *after;
  guint                 index;
  char                 *xml_before;
  char                 *xml_after;
} Op;

/* The "what" of annotation-changed for a change of an annotation's
 * extensions. */
static const char what_extensions[] = "extensions";

typedef struct
{
  char      *label;
  GPtrArray *ops;
} Step;

struct _GlossAnnotationSet
{
  GObject              parent_instance;

  GlossDocument       *document;
  GlossTagset         *tagset;
  const char          *annotator_id;
  char                *annotator_name;
  char                *tagset_id;
  char                *tagset_version;
  gint64               created;
  gint64               modified;

  /* Indexed by GlossAnnotationKind. The lists own the annotations. */
  GlossAnnotationList *lists[N_KINDS];
  /* id (owned by the annotation) -> annotation */
  GHashTable          *by_id;
  /* Entity spans and claim contents. */
  GlossIntervalIndex  *index;
  /* Largest number seen after the prefixes "e", "c" and "r". */
  guint64              last_number[N_KINDS];
  GPtrArray           *extensions;

  /* Loaded annotations waiting for _finish_load, by kind. */
  GPtrArray           *pending[N_KINDS];
  /* Interned type ids already found in the tagset while loading. */
  const char          *known_types[16];
  guint                n_known_types;
  gboolean             loading;

  GQueue               undo_stack;
  GQueue               redo_stack;
  Step                *group;
  guint                group_depth;
  gboolean             can_undo;
  gboolean             can_redo;
  gboolean             replaying;
};

G_DEFINE_FINAL_TYPE (GlossAnnotationSet, gloss_annotation_set, G_TYPE_OBJECT)

G_DEFINE_QUARK (gloss-annotation-error-quark, gloss_annotation_error)

enum
{
  PROP_0,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

enum
{
  ANNOTATION_ADDED,
  ANNOTATION_REMOVED,
  ANNOTATION_CHANGED,
  EXTENSIONS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char id_prefixes[N_KINDS] = { 'e', 'c', 'r' };

static gint64
now_seconds (void)
{
  return g_get_real_time () / G_USEC_PER_SEC;
}

gboolean
gloss_annotator_id_is_valid (const char *id)
{
  gsize len = 0;

  if (id == NULL)
    return FALSE;

  if (!g_ascii_islower (id[0]) && !g_ascii_isdigit (id[0]))
    return FALSE;

  for (const char *p = id; *p != '\0'; p++, len++)
    {
      if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '.' && *p != '_' && *p != '-')
        return FALSE;
    }

  return len >= 1 && len <= 64;
}

/* Undo steps */

static void
op_free (Op *op)
{
  g_clear_object (&op->annotation);
  g_clear_pointer (&op->before, _gloss_annotation_state_free);
  g_clear_pointer (&op->after, _gloss_annotation_state_free);
  g_free (op->xml_before);
  g_free (op->xml_after);
  g_free (op);
}

static Step *
step_new (char *label)
{
  Step *step = g_new0 (Step, 1);

  step->label = label;
  step->ops = g_ptr_array_new_with_free_func ((GDestroyNotify) op_free);

  return step;
}

static void
step_free (Step *step)
{
  g_free (step->label);
  g_ptr_array_unref (step->ops);
  g_free (step);
}

static void
update_history (GlossAnnotationSet *self)
{
  gboolean can_undo = self->undo_stack.length > 0;
  gboolean can_redo = self->redo_stack.length > 0;

  if (can_undo != self->can_undo)
    {
      self->can_undo = can_undo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
    }

  if (can_redo != self->can_redo)
    {
      self->can_redo = can_redo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
    }
}

static void
clear_queue (GQueue *queue)
{
  Step *step;

  while ((step = g_queue_pop_head (queue)) != NULL)
    step_free (step);
}

static void
push_undo (GlossAnnotationSet *self,
           Step               *step)
{
  g_queue_push_tail (&self->undo_stack, step);
  while (self->undo_stack.length > GLOSS_UNDO_DEPTH)
    step_free (g_queue_pop_head (&self->undo_stack));
}

/* Takes @op and @label (either may be the first of a group). */
static void
record (GlossAnnotationSet *self,
        Op                 *op,
        char               *label)
{
  g_assert (!self->replaying);

  clear_queue (&self->redo_stack);

  if (self->group != NULL)
    {
      if (self->group->label == NULL)
        self->group->label = g_steal_pointer (&label);
      g_free (label);
      g_ptr_array_add (self->group->ops, op);
    }
  else
    {
      Step *step = step_new (label);

      g_ptr_array_add (step->ops, op);
      push_undo (self, step);
    }

  update_history (self);
}

static void
record_insert (GlossAnnotationSet *self,
               OpKind              kind,
               GlossAnnotation    *annotation,
               char               *label)
{
  Op *op = g_new0 (Op, 1);

  op->kind = kind;
  op->annotation = g_object_ref (annotation);
  record (self, op, label);
}

/* Placing annotations */

static void
touch (GlossAnnotationSet *self)
{
  self->modified = now_seconds ();
}

static void
note_id (GlossAnnotationSet *self,
         const char         *id)
{
  guint64 number = 0;
  const char *p;

  for (guint kind = 0; kind < N_KINDS; kind++)
    {
      if (id[0] != id_prefixes[kind])
        continue;

      /* Only "e<digits>" and the like take part; 18 digits cannot overflow. */
      for (p = id + 1; g_ascii_isdigit (*p) && p - id <= 18; p++)
        number = number * 10 + (guint64) (*p - '0');
      if (p == id + 1 || *p != '\0')
        return;

      self->last_number[kind] = MAX (self->last_number[kind], number);
      return;
    }
}

static void
attach (GlossAnnotationSet *self,
        GlossAnnotation    *annotation)
{
  GlossAnnotationKind kind = gloss_annotation_get_kind (annotation);

  g_hash_table_insert (self->by_id, (char *) gloss_annotation_get_id (annotation), annotation);
  note_id (self, gloss_annotation_get_id (annotation));
  if (kind != GLOSS_ANNOTATION_RELATION)
    gloss_interval_index_insert (self->index,
                                 gloss_annotation_get_start (annotation),
                                 gloss_annotation_get_end (annotation),
                                 annotation);
  gloss_annotation_list_insert (self->lists[kind], annotation);
  touch (self);

  g_signal_emit (self, signals[ANNOTATION_ADDED], 0, annotation);
}

static void
detach (GlossAnnotationSet *self,
        GlossAnnotation    *annotation)
{
  /* Keeps the annotation alive for the signal after the lists let go. */
  G_GNUC_UNUSED g_autoptr (GlossAnnotation) hold = g_object_ref (annotation);
  GlossAnnotationKind kind = gloss_annotation_get_kind (annotation);
  guint position;
  G_GNUC_UNUSED gboolean found;

  g_hash_table_remove (self->by_id, gloss_annotation_get_id (annotation));
  if (kind != GLOSS_ANNOTATION_RELATION)
    {
      found = gloss_interval_index_remove (self->index,
                                           gloss_annotation_get_start (annotation),
                                           gloss_annotation_get_end (annotation),
                                           annotation);
      g_assert (found);
    }
  found = gloss_annotation_list_find (self->lists[kind], annotation, &position);
  g_assert (found);
  gloss_annotation_list_remove_at (self->lists[kind], position);
  touch (self);

  g_signal_emit (self, signals[ANNOTATION_REMOVED], 0, annotation);
}

/* A change in place: change_begin() notes where the annotation sits, the
 * caller changes it with the raw setters, change_end() records the change,
 * moves it in its list and the index when its span changed, and tells
 * observers. */
typedef struct
{
  GlossAnnotation      *annotation;
  GlossAnnotationState *before;
  guint                 position;
  guint                 start;
  guint                 end;
} Change;

static void
change_begin (GlossAnnotationSet *self,
              Change             *change,
              GlossAnnotation    *annotation)
{
  G_GNUC_UNUSED gboolean found;

  change->annotation = annotation;
  change->before = self->replaying ? NULL : _gloss_annotation_save_state (annotation);
  change->start = gloss_annotation_get_start (annotation);
  change->end = gloss_annotation_get_end (annotation);
  found = gloss_annotation_list_find (self->lists[gloss_annotation_get_kind (annotation)],
                                      annotation, &change->position);
  g_assert (found);
}

static void
change_end (GlossAnnotationSet *self,
            Change             *change,
            const char         *what,
            char               *label)
{
  GlossAnnotation *annotation = change->annotation;
  GlossAnnotationKind kind = gloss_annotation_get_kind (annotation);
  GlossAnnotationList *list = self->lists[kind];
  guint start, end;

  if (!self->replaying)
    {
      Op *op = g_new0 (Op, 1);

      _gloss_annotation_set_modified_raw (annotation, now_seconds ());
      op->kind = OP_CHANGE;
      op->what = what;
      op->annotation = g_object_ref (annotation);
      op->before = g_steal_pointer (&change->before);
      op->after = _gloss_annotation_save_state (annotation);
      record (self, op, label);
    }
  else
    {
      g_free (label);
    }

  start = gloss_annotation_get_start (annotation);
  end = gloss_annotation_get_end (annotation);
  if (start != change->start || end != change->end)
    {
      if (kind != GLOSS_ANNOTATION_RELATION)
        {
          G_GNUC_UNUSED gboolean found;

          found = gloss_interval_index_remove (self->index, change->start, change->end, annotation);
          g_assert (found);
          gloss_interval_index_insert (self->index, start, end, annotation);
        }
      gloss_annotation_list_reposition (list, change->position);
    }
  else
    {
      gloss_annotation_list_changed (list, change->position);
    }
  touch (self);

  g_signal_emit (self, signals[ANNOTATION_CHANGED], 0, annotation, what);
  if (what == what_extensions)
    g_signal_emit (self, signals[EXTENSIONS_CHANGED], 0, annotation);
}

/* Changes the root's extensions, one element at @index: inserts @to when
 * @from is NULL, removes the element when @to is NULL, else replaces it. */
static void
root_extension_apply (GlossAnnotationSet *self,
                      guint               index,
                      const char         *from,
                      const char         *to)
{
  if (from == NULL)
    {
      if (self->extensions == NULL)
        self->extensions = g_ptr_array_new_with_free_func (g_free);
      g_assert (index <= self->extensions->len);
      g_ptr_array_insert (self->extensions, (int) index, g_strdup (to));
    }
  else
    {
      g_assert (self->extensions != NULL && index < self->extensions->len);
      g_assert (strcmp (g_ptr_array_index (self->extensions, index), from) == 0);
      if (to == NULL)
        {
          g_ptr_array_remove_index (self->extensions, index);
          /* As if there never had been any: undo gives back what was. */
          if (self->extensions->len == 0)
            g_clear_pointer (&self->extensions, g_ptr_array_unref);
        }
      else
        {
          g_free (g_ptr_array_index (self->extensions, index));
          g_ptr_array_index (self->extensions, index) = g_strdup (to);
        }
    }
  touch (self);

  g_signal_emit (self, signals[EXTENSIONS_CHANGED], 0, NULL);
}

static void
apply_state (GlossAnnotationSet         *self,
             GlossAnnotation            *annotation,
             const GlossAnnotationState *state,
             const char                 *what)
{
  Change change;

  change_begin (self, &change, annotation);
  _gloss_annotation_restore_state (annotation, state);
  change_end (self, &change, what, NULL);
}

static void
op_apply (GlossAnnotationSet *self,
          Op                 *op,
          gboolean            forward)
{
  switch (op->kind)
    {
    case OP_INSERT:
      if (forward)
        attach (self, op->annotation);
      else
        detach (self, op->annotation);
      break;

    case OP_DELETE:
      if (forward)
        detach (self, op->annotation);
      else
        attach (self, op->annotation);
      break;

    case OP_CHANGE:
      apply_state (self, op->annotation, forward ? op->after : op->before, op->what);
      break;

    case OP_ROOT_EXTENSION:
      if (forward)
        root_extension_apply (self, op->index, op->xml_before, op->xml_after);
      else
        root_extension_apply (self, op->index, op->xml_after, op->xml_before);
      break;

    default:
      g_assert_not_reached ();
    }
}

/* GObject */

static void
gloss_annotation_set_dispose (GObject *object)
{
  GlossAnnotationSet *self = (GlossAnnotationSet *) object;

  clear_queue (&self->undo_stack);
  clear_queue (&self->redo_stack);
  g_clear_pointer (&self->group, step_free);
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->index, gloss_interval_index_free);
  for (guint i = 0; i < N_KINDS; i++)
    {
      g_clear_object (&self->lists[i]);
      g_clear_pointer (&self->pending[i], g_ptr_array_unref);
    }
  g_clear_object (&self->document);
  g_clear_object (&self->tagset);

  G_OBJECT_CLASS (gloss_annotation_set_parent_class)->dispose (object);
}

static void
gloss_annotation_set_finalize (GObject *object)
{
  GlossAnnotationSet *self = (GlossAnnotationSet *) object;

  g_free (self->annotator_name);
  g_free (self->tagset_id);
  g_free (self->tagset_version);
  g_clear_pointer (&self->extensions, g_ptr_array_unref);

  G_OBJECT_CLASS (gloss_annotation_set_parent_class)->finalize (object);
}

static void
gloss_annotation_set_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  GlossAnnotationSet *self = GLOSS_ANNOTATION_SET (object);

  switch (prop_id)
    {
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, gloss_annotation_set_can_undo (self));
      break;

    case PROP_CAN_REDO:
      g_value_set_boolean (value, gloss_annotation_set_can_redo (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_annotation_set_class_init (GlossAnnotationSetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gloss_annotation_set_dispose;
  object_class->finalize = gloss_annotation_set_finalize;
  object_class->get_property = gloss_annotation_set_get_property;

  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ANNOTATION_ADDED] =
    g_signal_new ("annotation-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, GLOSS_TYPE_ANNOTATION);
  signals[ANNOTATION_REMOVED] =
    g_signal_new ("annotation-removed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, GLOSS_TYPE_ANNOTATION);
  signals[ANNOTATION_CHANGED] =
    g_signal_new ("annotation-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, GLOSS_TYPE_ANNOTATION,
                  G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  /* The extensions of the annotation (after its annotation-changed with
   * what = "extensions"), or of the root when it is NULL, changed. */
  signals[EXTENSIONS_CHANGED] =
    g_signal_new ("extensions-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, GLOSS_TYPE_ANNOTATION);
}

static void
gloss_annotation_set_init (GlossAnnotationSet *self)
{
  self->lists[GLOSS_ANNOTATION_ENTITY] = gloss_annotation_list_new (GLOSS_ANNOTATION_LIST_BY_SPAN);
  self->lists[GLOSS_ANNOTATION_CLAIM] = gloss_annotation_list_new (GLOSS_ANNOTATION_LIST_BY_SPAN);
  self->lists[GLOSS_ANNOTATION_RELATION] = gloss_annotation_list_new (GLOSS_ANNOTATION_LIST_BY_ID);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->index = gloss_interval_index_new ();
  g_queue_init (&self->undo_stack);
  g_queue_init (&self->redo_stack);
}

static GlossAnnotationSet *
set_new (GlossDocument *document,
         GlossTagset   *tagset,
         const char    *annotator_id,
         const char    *annotator_name)
{
  GlossAnnotationSet *self = g_object_new (GLOSS_TYPE_ANNOTATION_SET, NULL);

  self->document = g_object_ref (document);
  self->tagset = g_object_ref (tagset);
  self->annotator_id = g_intern_string (annotator_id);
  self->annotator_name = g_strdup (annotator_name);

  return self;
}

GlossAnnotationSet *
gloss_annotation_set_new (GlossDocument *document,
                          GlossTagset   *tagset,
                          const char    *annotator_id,
                          const char    *annotator_name)
{
  GlossAnnotationSet *self;

  g_return_val_if_fail (GLOSS_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (GLOSS_IS_TAGSET (tagset), NULL);
  g_return_val_if_fail (gloss_annotator_id_is_valid (annotator_id), NULL);

  self = set_new (document, tagset, annotator_id, annotator_name);
  self->tagset_id = g_strdup (gloss_tagset_get_id (tagset));
  self->tagset_version = g_strdup (gloss_tagset_get_version (tagset));
  self->created = self->modified = now_seconds ();

  return self;
}

/* Accessors */

GlossDocument *
gloss_annotation_set_get_document (GlossAnnotationSet *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (self), NULL);

  return self->document;
}

GlossTagset *
gloss_annotation_set_get_tagset (GlossAnnotationSet *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (self), NULL);

  return self->tagset;
}

const char *
gloss_annotation_set_get_annotator_id (GlossAnnotationSet *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (self), NULL);

  return self->annotator_id;
}

const char *
gloss_annotation_set_get_annotator_name (GlossAnnotationSet *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (self), NULL);

  return self->annotator_name;
}

void
gloss_annotation_set_set_annotator_name (GlossAnnotationSet *self,
                                         const char         *name)
{
  g_return_if_fail (GLOSS_IS_ANNOTATION_SET (self));

  if (g_strcmp0 (self->annotator_name, name) != 0)
    {
      g_free (self->annotator_name);
      self->annotator_name = g_strdup (name);
      touch (self);
    }
}

const char *
gloss_annotation_set_get_tagset_id (GlossAnnotationSet *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (self), NULL);

  return self->tagset_id;
}

const char *
gloss_annotation_set_get_tagset_version (GlossAnnotationSet *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (self), NULL);

  return self->tagset_version;
}

gint64
gloss_annotation_set_get_created (GlossAnnotationSet *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (self), 0);

  return self->created;
}

gint64
gloss_annotation_set_get_modified (GlossAnnotationSet *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (self), 0);

  return self->modified;
}

GListModel *
gloss_annotation_set_get_entities (GlossAnnotationSet *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (self), NULL);

  return G_LIST_MODEL (self->lists[GLOSS_ANNOTATION_ENTITY]);
}

GListModel *
gloss_annotation_set_get_claims (GlossAnnotationSet *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (self), NULL);

  return G_LIST_MODEL (self->lists[GLOSS_ANNOTATION_CLAIM]);
}

GListModel *
gloss_annotation_set_get_relations (GlossAnnotationSet *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (self), NULL);

  return G_LIST_MODEL (self->lists[GLOSS_ANNOTATION_RELATION]);
}

guint
gloss_annotation_set_get_size (GlossAnnotationSet *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (self), 0);

  return g_hash_table_size (self->by_id);
}

GlossAnnotation *
gloss_annotation_set_lookup (GlossAnnotationSet *self,
                             const char         *id)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (self), NULL);

  if (id == NULL)
    return NULL;

  return g_hash_table_lookup (self->by_id, id);
}

static gboolean
is_member (GlossAnnotationSet *self,
           GlossAnnotation    *annotation)
{
  return GLOSS_IS_ANNOTATION (annotation) &&
         g_hash_table_lookup (self->by_id, gloss_annotation_get_id (annotation)) == annotation;
}

static int
compare_span_indirect (gconstpointer a,
                       gconstpointer b,
                       gpointer      user_data)
{
  return _gloss_annotation_compare_span (*(GlossAnnotation **) a, *(GlossAnnotation **) b);
}

void
gloss_annotation_set_query (GlossAnnotationSet *self,
                            guint               start,
                            guint               end,
                            GPtrArray          *out)
{
  guint first;

  g_return_if_fail (GLOSS_IS_ANNOTATION_SET (self));
  g_return_if_fail (out != NULL);

  first = out->len;
  gloss_interval_index_query (self->index, start, end, out);

  /* The index orders by (start, end); the id settles ties so that the
   * answer is the same from one run to the next. */
  if (out->len - first > 1)
    g_qsort_with_data (out->pdata + first, out->len - first, sizeof (gpointer),
                       compare_span_indirect, NULL);
}

/* Validation */

static const char *
kind_noun (GlossAnnotationKind kind)
{
  switch (kind)
    {
    case GLOSS_ANNOTATION_ENTITY:
      return _("an entity");
    case GLOSS_ANNOTATION_CLAIM:
      return _("a claim");
    case GLOSS_ANNOTATION_RELATION:
    default:
      return _("a relation");
    }
}

static const char *
type_label (GlossAnnotationSet *self,
            GlossAnnotation    *annotation)
{
  const char *type_id = gloss_annotation_get_type_id (annotation);

  switch (gloss_annotation_get_kind (annotation))
    {
    case GLOSS_ANNOTATION_ENTITY:
      {
        const GlossEntityType *type = gloss_tagset_lookup_entity_type (self->tagset, type_id);

        return type != NULL ? type->label : type_id;
      }

    case GLOSS_ANNOTATION_CLAIM:
      return _("Claim");

    case GLOSS_ANNOTATION_RELATION:
    default:
      return _("Relation");
    }
}

static gboolean
check_span (GlossAnnotationSet *self,
            const char         *what,
            guint               start,
            guint               end,
            GError            **error)
{
  guint length = gloss_document_get_length (self->document);

  if (start >= end)
    {
      g_set_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_OFFSETS,
                   _("%s would be empty (from %u to %u): select at least one character"),
                   what, start, end);
      return FALSE;
    }

  if (end > length)
    {
      g_set_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_OFFSETS,
                   _("%s ends at %u, past the end of the text (%u characters)"),
                   what, end, length);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_member (GlossAnnotationSet *self,
              GlossAnnotation    *annotation,
              GError            **error)
{
  if (!is_member (self, annotation))
    {
      g_set_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_DANGLING_REFERENCE,
                   _("The annotation “%s” is not part of these annotations (was it deleted?)"),
                   gloss_annotation_get_id (annotation));
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_claim (GlossAnnotation *annotation,
             const char      *what,
             GError         **error)
{
  if (gloss_annotation_get_kind (annotation) != GLOSS_ANNOTATION_CLAIM)
    {
      g_set_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_WRONG_KIND,
                   _("Only a claim has %s; “%s” is %s"),
                   what, gloss_annotation_get_id (annotation),
                   kind_noun (gloss_annotation_get_kind (annotation)));
      return FALSE;
    }

  return TRUE;
}

static gboolean
end_allowed (const char * const *types,
             GlossAnnotationKind kind,
             const char         *type_id)
{
  if (types == NULL)
    return kind != GLOSS_ANNOTATION_RELATION;

  for (guint i = 0; types[i] != NULL; i++)
    {
      if (kind == GLOSS_ANNOTATION_CLAIM && strcmp (types[i], "claim") == 0)
        return TRUE;
      if (kind == GLOSS_ANNOTATION_ENTITY && g_strcmp0 (types[i], type_id) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Whether @relation_type accepts an end of @kind and @type_id. */
static gboolean
check_relation_end (const GlossRelationType *relation_type,
                    gboolean                 is_from,
                    const char              *end_id,
                    GlossAnnotationKind      kind,
                    const char              *type_id,
                    GError                 **error)
{
  const char * const *types = is_from ? relation_type->from_types : relation_type->to_types;
  g_autofree char *allowed = NULL;

  if (kind == GLOSS_ANNOTATION_RELATION)
    {
      g_set_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_WRONG_KIND,
                   _("A relation links entities and claims, but “%s” is a relation"), end_id);
      return FALSE;
    }

  if (end_allowed (types, kind, type_id))
    return TRUE;

  allowed = g_strjoinv (", ", (char **) types);
  g_set_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_WRONG_KIND,
               is_from
                 ? _("A “%s” relation cannot start at “%s” (%s); it starts at: %s")
                 : _("A “%s” relation cannot end at “%s” (%s); it ends at: %s"),
               relation_type->id, end_id,
               kind == GLOSS_ANNOTATION_CLAIM ? "claim" : type_id, allowed);
  return FALSE;
}

static gboolean
check_attribute (GlossAnnotationSet *self,
                 GlossAnnotationKind kind,
                 const char         *name,
                 const char         *value,
                 GError            **error)
{
  const GlossAttributeDef *def = gloss_tagset_lookup_attribute (self->tagset, name);
  GlossAppliesTo applies;

  if (def == NULL)
    {
      g_set_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_UNKNOWN_ATTRIBUTE,
                   _("The tagset “%s” defines no attribute “%s”"),
                   gloss_tagset_get_id (self->tagset), name);
      return FALSE;
    }

  applies = kind == GLOSS_ANNOTATION_ENTITY  ? GLOSS_APPLIES_TO_ENTITY
          : kind == GLOSS_ANNOTATION_CLAIM ? GLOSS_APPLIES_TO_CLAIM
                                           : 0;
  if ((def->applies_to & applies) == 0)
    {
      g_set_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_UNKNOWN_ATTRIBUTE,
                   _("The attribute “%s” does not apply to %s"), name, kind_noun (kind));
      return FALSE;
    }

  if (value != NULL && !gloss_attribute_def_allows (def, value))
    {
      if (def->values != NULL)
        {
          g_autofree char *allowed = g_strjoinv (", ", (char **) def->values);

          g_set_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_BAD_VALUE,
                       _("“%s” is not a value of “%s”; choose one of: %s"), value, name, allowed);
        }
      else
        {
          g_set_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_BAD_VALUE,
                       _("“%s” is not a valid value of “%s”"), value, name);
        }
      return FALSE;
    }

  return TRUE;
}

/* The parent of @claim must be a claim of the set whose content encloses
 * @claim's. Cycles are checked separately. */
static gboolean
check_parent_link (GlossAnnotationSet *self,
                   GlossAnnotation    *claim,
                   GlossAnnotation    *parent,
                   const char         *parent_id,
                   GError            **error)
{
  const char *id = gloss_annotation_get_id (claim);

  if (parent == NULL)
    {
      g_set_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_DANGLING_REFERENCE,
                   _("Claim “%s” is nested in “%s”, which does not exist"), id, parent_id);
      return FALSE;
    }

  if (gloss_annotation_get_kind (parent) != GLOSS_ANNOTATION_CLAIM)
    {
      g_set_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_NESTING,
                   _("Claim “%s” can only be nested in a claim, but “%s” is %s"),
                   id, parent_id, kind_noun (gloss_annotation_get_kind (parent)));
      return FALSE;
    }

  if (parent == claim)
    {
      g_set_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_NESTING,
                   _("Claim “%s” cannot be nested in itself"), id);
      return FALSE;
    }

  if (gloss_annotation_get_start (parent) > gloss_annotation_get_start (claim) ||
      gloss_annotation_get_end (parent) < gloss_annotation_get_end (claim))
    {
      g_set_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_NESTING,
                   _("Claim “%s” (%u–%u) cannot be nested in “%s” (%u–%u): "
                     "the outer claim’s content must contain it"),
                   id, gloss_annotation_get_start (claim), gloss_annotation_get_end (claim),
                   parent_id, gloss_annotation_get_start (parent),
                   gloss_annotation_get_end (parent));
      return FALSE;
    }

  return TRUE;
}

/* Mutations */

#define RETURN_IF_BUSY(self, val)                                   \
  G_STMT_START                                                      \
  {                                                                 \
    g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (self), val);     \
    g_return_val_if_fail (!(self)->loading, val);                   \
    g_return_val_if_fail (!(self)->replaying, val);                 \
  }                                                                 \
  G_STMT_END

#define RETURN_IF_BUSY_VOID(self)                                   \
  G_STMT_START                                                      \
  {                                                                 \
    g_return_if_fail (GLOSS_IS_ANNOTATION_SET (self));              \
    g_return_if_fail (!(self)->loading);                            \
    g_return_if_fail (!(self)->replaying);                          \
  }                                                                 \
  G_STMT_END

char *
_gloss_annotation_set_next_id (GlossAnnotationSet *self,
                               GlossAnnotationKind kind)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (self), NULL);
  g_return_val_if_fail (kind < N_KINDS, NULL);

  /* Never the number of a removed annotation: the counter only grows. */
  for (guint64 n = self->last_number[kind] + 1;; n++)
    {
      char *id = g_strdup_printf ("%c%" G_GUINT64_FORMAT, id_prefixes[kind], n);

      if (!g_hash_table_contains (self->by_id, id))
        return id;
      g_free (id);
    }
}

static GlossAnnotation *
add_new (GlossAnnotationSet *self,
         GlossAnnotationKind kind,
         const char         *type_id,
         guint               start,
         guint               end,
         char               *label)
{
  g_autofree char *id = _gloss_annotation_set_next_id (self, kind);
  gint64 now = now_seconds ();
  g_autoptr (GlossAnnotation) annotation = NULL;

  annotation = _gloss_annotation_new (kind, id, type_id, start, end, self->annotator_id, now, now);
  record_insert (self, OP_INSERT, annotation, label);
  attach (self, annotation);

  /* The list keeps it alive. */
  return annotation;
}

GlossAnnotation *
gloss_annotation_set_add_entity (GlossAnnotationSet *self,
                                 const char         *type_id,
                                 guint               start,
                                 guint               end,
                                 GError            **error)
{
  const GlossEntityType *type;

  RETURN_IF_BUSY (self, NULL);
  g_return_val_if_fail (type_id != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  type = gloss_tagset_lookup_entity_type (self->tagset, type_id);
  if (type == NULL)
    {
      g_set_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_UNKNOWN_TYPE,
                   _("The tagset “%s” has no entity type “%s”"),
                   gloss_tagset_get_id (self->tagset), type_id);
      return NULL;
    }

  if (!check_span (self, _("The entity"), start, end, error))
    return NULL;

  return add_new (self, GLOSS_ANNOTATION_ENTITY, type_id, start, end,
                  g_strdup_printf (_("Add %s"), type->label));
}

GlossAnnotation *
gloss_annotation_set_add_claim (GlossAnnotationSet *self,
                                guint               start,
                                guint               end,
                                GError            **error)
{
  RETURN_IF_BUSY (self, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_span (self, _("The claim"), start, end, error))
    return NULL;

  return add_new (self, GLOSS_ANNOTATION_CLAIM, "claim", start, end, g_strdup (_("Add Claim")));
}

GlossAnnotation *
gloss_annotation_set_add_relation (GlossAnnotationSet *self,
                                   const char         *type_id,
                                   GlossAnnotation    *from,
                                   GlossAnnotation    *to,
                                   GError            **error)
{
  const GlossRelationType *type;
  GlossAnnotation *relation;

  RETURN_IF_BUSY (self, NULL);
  g_return_val_if_fail (type_id != NULL, NULL);
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (from), NULL);
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (to), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  type = gloss_tagset_lookup_relation_type (self->tagset, type_id);
  if (type == NULL)
    {
      g_set_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_UNKNOWN_TYPE,
                   _("The tagset “%s” has no relation type “%s”"),
                   gloss_tagset_get_id (self->tagset), type_id);
      return NULL;
    }

  if (!check_member (self, from, error) || !check_member (self, to, error))
    return NULL;

  if (from == to)
    {
      g_set_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_WRONG_KIND,
                   _("A relation links two different annotations, but both ends are “%s”"),
                   gloss_annotation_get_id (from));
      return NULL;
    }

  if (!check_relation_end (type, TRUE, gloss_annotation_get_id (from),
                           gloss_annotation_get_kind (from), gloss_annotation_get_type_id (from),
                           error) ||
      !check_relation_end (type, FALSE, gloss_annotation_get_id (to),
                           gloss_annotation_get_kind (to), gloss_annotation_get_type_id (to),
                           error))
    return NULL;

  {
    g_autofree char *id = _gloss_annotation_set_next_id (self, GLOSS_ANNOTATION_RELATION);
    gint64 now = now_seconds ();
    g_autoptr (GlossAnnotation) annotation = NULL;

    annotation = _gloss_annotation_new (GLOSS_ANNOTATION_RELATION, id, type_id, 0, 0,
                                        self->annotator_id, now, now);
    _gloss_annotation_set_relation_raw (annotation, gloss_annotation_get_id (from),
                                        gloss_annotation_get_id (to));
    record_insert (self, OP_INSERT, annotation, g_strdup (_("Add Relation")));
    attach (self, annotation);
    relation = annotation;
  }

  return relation;
}

static void
delete_one (GlossAnnotationSet *self,
            GlossAnnotation    *annotation)
{
  record_insert (self, OP_DELETE, annotation, NULL);
  detach (self, annotation);
}

static GPtrArray *
relations_touching (GlossAnnotationSet *self,
                    const char         *id)
{
  GlossAnnotationList *list = self->lists[GLOSS_ANNOTATION_RELATION];
  GPtrArray *found = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < gloss_annotation_list_get_length (list); i++)
    {
      GlossAnnotation *relation = gloss_annotation_list_get (list, i);

      if (g_strcmp0 (gloss_annotation_get_from (relation), id) == 0 ||
          g_strcmp0 (gloss_annotation_get_to (relation), id) == 0)
        g_ptr_array_add (found, g_object_ref (relation));
    }

  return found;
}

void
gloss_annotation_set_remove (GlossAnnotationSet *self,
                             GlossAnnotation    *annotation)
{
  g_autoptr (GlossAnnotation) hold = NULL;
  g_autoptr (GPtrArray) claims = NULL;
  g_autofree char *label = NULL;
  GlossAnnotationList *list;
  GlossAnnotationKind kind;
  const char *id;

  RETURN_IF_BUSY_VOID (self);
  g_return_if_fail (is_member (self, annotation));

  list = self->lists[GLOSS_ANNOTATION_CLAIM];
  hold = g_object_ref (annotation);
  kind = gloss_annotation_get_kind (annotation);
  id = gloss_annotation_get_id (annotation);
  label = g_strdup_printf (_("Delete %s"), type_label (self, annotation));

  gloss_annotation_set_begin_group (self, label);

  if (kind != GLOSS_ANNOTATION_RELATION)
    {
      g_autoptr (GPtrArray) relations = relations_touching (self, id);

      for (guint i = 0; i < relations->len; i++)
        delete_one (self, g_ptr_array_index (relations, i));
    }

  /* Collect first: changing a claim does not move it, but stay safe. */
  claims = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < gloss_annotation_list_get_length (list); i++)
    {
      GlossAnnotation *claim = gloss_annotation_list_get (list, i);

      if ((kind == GLOSS_ANNOTATION_ENTITY &&
           g_strcmp0 (gloss_annotation_get_source_entity (claim), id) == 0) ||
          (kind == GLOSS_ANNOTATION_CLAIM &&
           g_strcmp0 (gloss_annotation_get_parent (claim), id) == 0))
        g_ptr_array_add (claims, g_object_ref (claim));
    }

  for (guint i = 0; i < claims->len; i++)
    {
      GlossAnnotation *claim = g_ptr_array_index (claims, i);
      Change change;

      change_begin (self, &change, claim);
      if (kind == GLOSS_ANNOTATION_ENTITY)
        {
          /* The speaker stays marked, as a plain span over the same text. */
          _gloss_annotation_set_source_raw (claim, GLOSS_SOURCE_SPAN, NULL,
                                            gloss_annotation_get_start (annotation),
                                            gloss_annotation_get_end (annotation));
          change_end (self, &change, "source", NULL);
        }
      else
        {
          _gloss_annotation_set_parent_raw (claim, gloss_annotation_get_parent (annotation));
          change_end (self, &change, "parent", NULL);
        }
    }

  delete_one (self, annotation);

  gloss_annotation_set_end_group (self);
}

gboolean
gloss_annotation_set_set_type (GlossAnnotationSet *self,
                               GlossAnnotation    *annotation,
                               const char         *type_id,
                               GError            **error)
{
  GlossAnnotationKind kind;
  const char *id;
  Change change;

  RETURN_IF_BUSY (self, FALSE);
  g_return_val_if_fail (is_member (self, annotation), FALSE);
  g_return_val_if_fail (type_id != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  kind = gloss_annotation_get_kind (annotation);
  id = gloss_annotation_get_id (annotation);

  if (kind == GLOSS_ANNOTATION_CLAIM)
    {
      g_set_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_WRONG_KIND,
                   _("A claim has no type to change; set its attributes instead"));
      return FALSE;
    }

  if (kind == GLOSS_ANNOTATION_ENTITY)
    {
      g_autoptr (GPtrArray) relations = NULL;

      if (gloss_tagset_lookup_entity_type (self->tagset, type_id) == NULL)
        {
          g_set_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_UNKNOWN_TYPE,
                       _("The tagset “%s” has no entity type “%s”"),
                       gloss_tagset_get_id (self->tagset), type_id);
          return FALSE;
        }

      /* The relations that reach this entity must still accept it. */
      relations = relations_touching (self, id);
      for (guint i = 0; i < relations->len; i++)
        {
          GlossAnnotation *relation = g_ptr_array_index (relations, i);
          const GlossRelationType *rt =
            gloss_tagset_lookup_relation_type (self->tagset,
                                               gloss_annotation_get_type_id (relation));

          if (rt == NULL)
            continue;
          if ((g_strcmp0 (gloss_annotation_get_from (relation), id) == 0 &&
               !check_relation_end (rt, TRUE, id, kind, type_id, error)) ||
              (g_strcmp0 (gloss_annotation_get_to (relation), id) == 0 &&
               !check_relation_end (rt, FALSE, id, kind, type_id, error)))
            {
              g_prefix_error (error, _("Relation “%s” stands in the way: "),
                              gloss_annotation_get_id (relation));
              return FALSE;
            }
        }
    }
  else
    {
      const GlossRelationType *rt = gloss_tagset_lookup_relation_type (self->tagset, type_id);
      GlossAnnotation *from, *to;

      if (rt == NULL)
        {
          g_set_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_UNKNOWN_TYPE,
                       _("The tagset “%s” has no relation type “%s”"),
                       gloss_tagset_get_id (self->tagset), type_id);
          return FALSE;
        }

      from = gloss_annotation_set_lookup (self, gloss_annotation_get_from (annotation));
      to = gloss_annotation_set_lookup (self, gloss_annotation_get_to (annotation));
      if (from != NULL &&
          !check_relation_end (rt, TRUE, gloss_annotation_get_id (from),
                               gloss_annotation_get_kind (from),
                               gloss_annotation_get_type_id (from), error))
        return FALSE;
      if (to != NULL &&
          !check_relation_end (rt, FALSE, gloss_annotation_get_id (to),
                               gloss_annotation_get_kind (to),
                               gloss_annotation_get_type_id (to), error))
        return FALSE;
    }

  if (g_strcmp0 (gloss_annotation_get_type_id (annotation), type_id) == 0)
    return TRUE;

  change_begin (self, &change, annotation);
  _gloss_annotation_set_type_raw (annotation, type_id);
  change_end (self, &change, "type", g_strdup (_("Change Type")));

  return TRUE;
}

gboolean
gloss_annotation_set_set_span (GlossAnnotationSet *self,
                               GlossAnnotation    *annotation,
                               guint               start,
                               guint               end,
                               GError            **error)
{
  GlossAnnotationKind kind;
  Change change;

  RETURN_IF_BUSY (self, FALSE);
  g_return_val_if_fail (is_member (self, annotation), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  kind = gloss_annotation_get_kind (annotation);
  if (kind == GLOSS_ANNOTATION_RELATION)
    {
      g_set_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_WRONG_KIND,
                   _("A relation has no span of its own"));
      return FALSE;
    }

  if (!check_span (self, _("The span"), start, end, error))
    return FALSE;

  if (kind == GLOSS_ANNOTATION_CLAIM)
    {
      const char *id = gloss_annotation_get_id (annotation);
      const char *parent_id = gloss_annotation_get_parent (annotation);
      GlossAnnotationList *claims = self->lists[GLOSS_ANNOTATION_CLAIM];

      if (parent_id != NULL)
        {
          GlossAnnotation *parent = gloss_annotation_set_lookup (self, parent_id);

          if (parent != NULL &&
              (start < gloss_annotation_get_start (parent) ||
               end > gloss_annotation_get_end (parent)))
            {
              g_set_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_NESTING,
                           _("Claim “%s” must stay inside the claim it is nested in, "
                             "“%s” (%u–%u)"),
                           id, parent_id, gloss_annotation_get_start (parent),
                           gloss_annotation_get_end (parent));
              return FALSE;
            }
        }

      for (guint i = 0; i < gloss_annotation_list_get_length (claims); i++)
        {
          GlossAnnotation *child = gloss_annotation_list_get (claims, i);

          if (g_strcmp0 (gloss_annotation_get_parent (child), id) == 0 &&
              (gloss_annotation_get_start (child) < start ||
               gloss_annotation_get_end (child) > end))
            {
              g_set_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_NESTING,
                           _("Claim “%s” must still contain the claim nested in it, "
                             "“%s” (%u–%u)"),
                           id, gloss_annotation_get_id (child), gloss_annotation_get_start (child),
                           gloss_annotation_get_end (child));
              return FALSE;
            }
        }
    }

  if (start == gloss_annotation_get_start (annotation) &&
      end == gloss_annotation_get_end (annotation) &&
      gloss_annotation_get_anchor_state (annotation) == GLOSS_ANCHOR_OK)
    return TRUE;

  change_begin (self, &change, annotation);
  _gloss_annotation_set_span_raw (annotation, start, end);
  change_end (self, &change, "span",
              g_strdup_printf (_("Resize %s"), type_label (self, annotation)));

  return TRUE;
}

gboolean
gloss_annotation_set_set_attribute (GlossAnnotationSet *self,
                                    GlossAnnotation    *annotation,
                                    const char         *name,
                                    const char         *value,
                                    GError            **error)
{
  const GlossAttributeDef *def;
  Change change;

  RETURN_IF_BUSY (self, FALSE);
  g_return_val_if_fail (is_member (self, annotation), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_attribute (self, gloss_annotation_get_kind (annotation), name, value, error))
    return FALSE;

  if (g_strcmp0 (gloss_annotation_get_attribute (annotation, name), value) == 0)
    return TRUE;

  def = gloss_tagset_lookup_attribute (self->tagset, name);
  change_begin (self, &change, annotation);
  _gloss_annotation_set_attribute_raw (annotation, name, value);
  change_end (self, &change, "attribute",
              g_strdup_printf (value != NULL ? _("Set %s") : _("Clear %s"), def->label));

  return TRUE;
}

static const char *
normalise (const char *text)
{
  return text != NULL && *text != '\0' ? text : NULL;
}

void
gloss_annotation_set_set_note (GlossAnnotationSet *self,
                               GlossAnnotation    *annotation,
                               const char         *note)
{
  Change change;

  RETURN_IF_BUSY_VOID (self);
  g_return_if_fail (is_member (self, annotation));

  note = normalise (note);
  if (g_strcmp0 (gloss_annotation_get_note (annotation), note) == 0)
    return;

  change_begin (self, &change, annotation);
  _gloss_annotation_set_note_raw (annotation, note);
  change_end (self, &change, "note", g_strdup (_("Edit Note")));
}

void
gloss_annotation_set_set_link (GlossAnnotationSet *self,
                               GlossAnnotation    *annotation,
                               const char         *link)
{
  Change change;

  RETURN_IF_BUSY_VOID (self);
  g_return_if_fail (is_member (self, annotation));

  link = normalise (link);
  if (g_strcmp0 (gloss_annotation_get_link (annotation), link) == 0)
    return;

  change_begin (self, &change, annotation);
  _gloss_annotation_set_link_raw (annotation, link);
  change_end (self, &change, "link", g_strdup (_("Edit Link")));
}

static void
change_source (GlossAnnotationSet *self,
               GlossAnnotation    *claim,
               GlossSourceKind     kind,
               const char         *entity_id,
               guint               start,
               guint               end)
{
  guint old_start = GLOSS_OFFSET_NONE, old_end = GLOSS_OFFSET_NONE;
  Change change;

  gloss_annotation_get_source_span (claim, &old_start, &old_end);
  if (gloss_annotation_get_source_kind (claim) == kind &&
      g_strcmp0 (gloss_annotation_get_source_entity (claim), entity_id) == 0 &&
      (kind != GLOSS_SOURCE_SPAN || (old_start == start && old_end == end)))
    return;

  change_begin (self, &change, claim);
  _gloss_annotation_set_source_raw (claim, kind, entity_id, start, end);
  change_end (self, &change, "source", g_strdup (_("Set Source")));
}

gboolean
gloss_annotation_set_set_source_entity (GlossAnnotationSet *self,
                                        GlossAnnotation    *claim,
                                        GlossAnnotation    *entity,
                                        GError            **error)
{
  RETURN_IF_BUSY (self, FALSE);
  g_return_val_if_fail (is_member (self, claim), FALSE);
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (entity), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_claim (claim, _("a source"), error) || !check_member (self, entity, error))
    return FALSE;

  if (gloss_annotation_get_kind (entity) != GLOSS_ANNOTATION_ENTITY)
    {
      g_set_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_WRONG_KIND,
                   _("The source of a claim must be an entity, but “%s” is %s"),
                   gloss_annotation_get_id (entity),
                   kind_noun (gloss_annotation_get_kind (entity)));
      return FALSE;
    }

  change_source (self, claim, GLOSS_SOURCE_ENTITY, gloss_annotation_get_id (entity),
                 GLOSS_OFFSET_NONE, GLOSS_OFFSET_NONE);

  return TRUE;
}

gboolean
gloss_annotation_set_set_source_span (GlossAnnotationSet *self,
                                      GlossAnnotation    *claim,
                                      guint               start,
                                      guint               end,
                                      GError            **error)
{
  RETURN_IF_BUSY (self, FALSE);
  g_return_val_if_fail (is_member (self, claim), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_claim (claim, _("a source"), error) ||
      !check_span (self, _("The source"), start, end, error))
    return FALSE;

  change_source (self, claim, GLOSS_SOURCE_SPAN, NULL, start, end);

  return TRUE;
}

gboolean
gloss_annotation_set_set_source_article (GlossAnnotationSet *self,
                                         GlossAnnotation    *claim,
                                         GError            **error)
{
  RETURN_IF_BUSY (self, FALSE);
  g_return_val_if_fail (is_member (self, claim), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_claim (claim, _("a source"), error))
    return FALSE;

  change_source (self, claim, GLOSS_SOURCE_ARTICLE, NULL, GLOSS_OFFSET_NONE, GLOSS_OFFSET_NONE);

  return TRUE;
}

gboolean
gloss_annotation_set_set_cue (GlossAnnotationSet *self,
                              GlossAnnotation    *claim,
                              guint               start,
                              guint               end,
                              GError            **error)
{
  guint old_start = GLOSS_OFFSET_NONE, old_end = GLOSS_OFFSET_NONE;
  gboolean clear;
  Change change;

  RETURN_IF_BUSY (self, FALSE);
  g_return_val_if_fail (is_member (self, claim), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_claim (claim, _("a cue"), error))
    return FALSE;

  clear = start == GLOSS_OFFSET_NONE && end == GLOSS_OFFSET_NONE;
  if (!clear && !check_span (self, _("The cue"), start, end, error))
    return FALSE;

  gloss_annotation_get_cue (claim, &old_start, &old_end);
  if (old_start == start && old_end == end)
    return TRUE;

  change_begin (self, &change, claim);
  _gloss_annotation_set_cue_raw (claim, start, end);
  change_end (self, &change, "cue", g_strdup (clear ? _("Clear Cue") : _("Set Cue")));

  return TRUE;
}

gboolean
gloss_annotation_set_set_parent (GlossAnnotationSet *self,
                                 GlossAnnotation    *claim,
                                 GlossAnnotation    *parent,
                                 GError            **error)
{
  Change change;

  RETURN_IF_BUSY (self, FALSE);
  g_return_val_if_fail (is_member (self, claim), FALSE);
  g_return_val_if_fail (parent == NULL || GLOSS_IS_ANNOTATION (parent), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_claim (claim, _("a parent claim"), error))
    return FALSE;

  if (parent != NULL)
    {
      guint limit = gloss_annotation_list_get_length (self->lists[GLOSS_ANNOTATION_CLAIM]);
      GlossAnnotation *up;

      if (!check_member (self, parent, error) ||
          !check_parent_link (self, claim, parent, gloss_annotation_get_id (parent), error))
        return FALSE;

      /* The claim may not end up inside itself. */
      up = parent;
      for (guint steps = 0; up != NULL && steps <= limit; steps++)
        {
          if (up == claim)
            {
              g_set_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_NESTING,
                           _("Claim “%s” cannot be nested in “%s”, which is itself nested in it"),
                           gloss_annotation_get_id (claim), gloss_annotation_get_id (parent));
              return FALSE;
            }
          up = gloss_annotation_set_lookup (self, gloss_annotation_get_parent (up));
        }
    }

  if (g_strcmp0 (gloss_annotation_get_parent (claim),
                 parent != NULL ? gloss_annotation_get_id (parent) : NULL) == 0)
    return TRUE;

  change_begin (self, &change, claim);
  _gloss_annotation_set_parent_raw (claim,
                                    parent != NULL ? gloss_annotation_get_id (parent) : NULL);
  change_end (self, &change, "parent",
              g_strdup (parent != NULL ? _("Nest Claim") : _("Unnest Claim")));

  return TRUE;
}

/* Undo */

void
gloss_annotation_set_begin_group (GlossAnnotationSet *self,
                                  const char         *label)
{
  g_return_if_fail (GLOSS_IS_ANNOTATION_SET (self));
  g_return_if_fail (!self->replaying);

  if (self->group_depth++ == 0)
    self->group = step_new (g_strdup (label));
}

void
gloss_annotation_set_end_group (GlossAnnotationSet *self)
{
  Step *step;

  g_return_if_fail (GLOSS_IS_ANNOTATION_SET (self));
  g_return_if_fail (self->group_depth > 0);

  if (--self->group_depth > 0)
    return;

  step = g_steal_pointer (&self->group);
  if (step->ops->len == 0)
    {
      step_free (step);
      return;
    }

  push_undo (self, step);
  update_history (self);
}

gboolean
gloss_annotation_set_can_undo (GlossAnnotationSet *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (self), FALSE);

  return self->undo_stack.length > 0;
}

gboolean
gloss_annotation_set_can_redo (GlossAnnotationSet *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (self), FALSE);

  return self->redo_stack.length > 0;
}

gboolean
gloss_annotation_set_undo (GlossAnnotationSet *self)
{
  Step *step;

  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (self), FALSE);
  g_return_val_if_fail (self->group_depth == 0, FALSE);
  g_return_val_if_fail (!self->replaying, FALSE);

  step = g_queue_pop_tail (&self->undo_stack);
  if (step == NULL)
    return FALSE;

  self->replaying = TRUE;
  for (guint i = step->ops->len; i-- > 0;)
    op_apply (self, g_ptr_array_index (step->ops, i), FALSE);
  self->replaying = FALSE;

  g_queue_push_tail (&self->redo_stack, step);
  update_history (self);

  return TRUE;
}

gboolean
gloss_annotation_set_redo (GlossAnnotationSet *self)
{
  Step *step;

  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (self), FALSE);
  g_return_val_if_fail (self->group_depth == 0, FALSE);
  g_return_val_if_fail (!self->replaying, FALSE);

  step = g_queue_pop_tail (&self->redo_stack);
  if (step == NULL)
    return FALSE;

  self->replaying = TRUE;
  for (guint i = 0; i < step->ops->len; i++)
    op_apply (self, g_ptr_array_index (step->ops, i), TRUE);
  self->replaying = FALSE;

  push_undo (self, step);
  update_history (self);

  return TRUE;
}

const char *
gloss_annotation_set_get_undo_label (GlossAnnotationSet *self)
{
  Step *step;

  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (self), NULL);

  step = g_queue_peek_tail (&self->undo_stack);

  return step != NULL ? step->label : NULL;
}

const char *
gloss_annotation_set_get_redo_label (GlossAnnotationSet *self)
{
  Step *step;

  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (self), NULL);

  step = g_queue_peek_tail (&self->redo_stack);

  return step != NULL ? step->label : NULL;
}

void
gloss_annotation_set_clear_history (GlossAnnotationSet *self)
{
  g_return_if_fail (GLOSS_IS_ANNOTATION_SET (self));

  clear_queue (&self->undo_stack);
  clear_queue (&self->redo_stack);
  if (self->group != NULL)
    g_ptr_array_set_size (self->group->ops, 0);
  update_history (self);
}

/* Loading */

GlossAnnotationSet *
_gloss_annotation_set_new_for_load (GlossDocument *document,
                                    GlossTagset   *tagset,
                                    const char    *annotator_id,
                                    const char    *annotator_name,
                                    const char    *tagset_id,
                                    const char    *tagset_version,
                                    gint64         created,
                                    gint64         modified)
{
  GlossAnnotationSet *self;

  g_return_val_if_fail (GLOSS_IS_DOCUMENT (document), NULL);
  g_return_val_if_fail (GLOSS_IS_TAGSET (tagset), NULL);
  g_return_val_if_fail (annotator_id != NULL, NULL);

  self = set_new (document, tagset, annotator_id, annotator_name);
  self->tagset_id = g_strdup (tagset_id);
  self->tagset_version = g_strdup (tagset_version);
  self->created = created;
  self->modified = modified;
  self->loading = TRUE;
  for (guint i = 0; i < N_KINDS; i++)
    self->pending[i] = g_ptr_array_new_with_free_func (g_object_unref);

  return self;
}

/* Type ids are interned, so a pointer seen before needs no second look-up:
 * that matters with 100 000 annotations of a dozen types. */
static gboolean
type_is_known (GlossAnnotationSet *self,
               GlossAnnotationKind kind,
               const char         *type_id)
{
  gboolean known;

  if (type_id == NULL)
    return FALSE;

  if (kind != GLOSS_ANNOTATION_ENTITY)
    return gloss_tagset_lookup_relation_type (self->tagset, type_id) != NULL;

  /* Only entity types are cached: relations are few. */
  for (guint i = 0; i < self->n_known_types; i++)
    {
      if (self->known_types[i] == type_id)
        return TRUE;
    }

  known = gloss_tagset_lookup_entity_type (self->tagset, type_id) != NULL;
  if (known && self->n_known_types < G_N_ELEMENTS (self->known_types))
    self->known_types[self->n_known_types++] = type_id;

  return known;
}

gboolean
_gloss_annotation_set_insert_loaded (GlossAnnotationSet *self,
                                     GlossAnnotation    *annotation,
                                     GError            **error)
{
  g_autoptr (GlossAnnotation) owned = annotation;
  GlossAnnotationKind kind;
  const char *id;
  const char *type_id;
  guint length;

  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (self), FALSE);
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (annotation), FALSE);
  g_return_val_if_fail (self->loading, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  kind = gloss_annotation_get_kind (annotation);
  id = gloss_annotation_get_id (annotation);
  type_id = gloss_annotation_get_type_id (annotation);
  length = gloss_document_get_length (self->document);

  if (g_hash_table_contains (self->by_id, id))
    {
      g_set_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_DUPLICATE_ID,
                   _("The id “%s” is used twice; every annotation needs its own id"), id);
      return FALSE;
    }

  if (kind != GLOSS_ANNOTATION_CLAIM && !type_is_known (self, kind, type_id))
    {
      g_set_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_UNKNOWN_TYPE,
                   _("Annotation “%s” has the type “%s”, which the tagset “%s” does not define"),
                   id, type_id != NULL ? type_id : "", gloss_tagset_get_id (self->tagset));
      return FALSE;
    }

  if (kind != GLOSS_ANNOTATION_RELATION)
    {
      guint start = gloss_annotation_get_start (annotation);
      guint end = gloss_annotation_get_end (annotation);
      gboolean anchored = gloss_annotation_get_anchor_state (annotation) == GLOSS_ANCHOR_OK;
      guint s, e;

      if (start >= end)
        {
          g_set_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_OFFSETS,
                       _("Annotation “%s” is empty or reversed: start %u, end %u"),
                       id, start, end);
          return FALSE;
        }

      if (anchored && end > length)
        {
          g_set_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_OFFSETS,
                       _("Annotation “%s” ends at %u, past the end of the text (%u characters)"),
                       id, end, length);
          return FALSE;
        }

      if (anchored && gloss_annotation_get_source_span (annotation, &s, &e) &&
          (s >= e || e > length))
        {
          g_set_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_OFFSETS,
                       _("The source of claim “%s” (%u–%u) does not lie inside the text "
                         "(%u characters)"),
                       id, s, e, length);
          return FALSE;
        }

      if (anchored && gloss_annotation_get_cue (annotation, &s, &e) && (s >= e || e > length))
        {
          g_set_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_OFFSETS,
                       _("The cue of claim “%s” (%u–%u) does not lie inside the text "
                         "(%u characters)"),
                       id, s, e, length);
          return FALSE;
        }
    }

  if (gloss_annotation_get_annotator (annotation) == NULL)
    _gloss_annotation_set_annotator_interned (annotation, self->annotator_id);

  g_hash_table_insert (self->by_id, (char *) id, annotation);
  note_id (self, id);
  g_ptr_array_add (self->pending[kind], g_steal_pointer (&owned));

  return TRUE;
}

static gboolean
check_relation (GlossAnnotationSet *self,
                GlossAnnotation    *relation,
                GError            **error)
{
  const char *id = gloss_annotation_get_id (relation);
  const GlossRelationType *rt =
    gloss_tagset_lookup_relation_type (self->tagset, gloss_annotation_get_type_id (relation));
  const char *ends[2] = {
    gloss_annotation_get_from (relation),
    gloss_annotation_get_to (relation),
  };

  for (guint i = 0; i < 2; i++)
    {
      GlossAnnotation *end = gloss_annotation_set_lookup (self, ends[i]);

      if (end == NULL)
        {
          g_set_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_DANGLING_REFERENCE,
                       i == 0 ? _("Relation “%s” starts at “%s”, which does not exist")
                              : _("Relation “%s” ends at “%s”, which does not exist"),
                       id, ends[i] != NULL ? ends[i] : "");
          return FALSE;
        }

      if (rt == NULL)
        {
          if (gloss_annotation_get_kind (end) == GLOSS_ANNOTATION_RELATION)
            {
              g_set_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_WRONG_KIND,
                           _("Relation “%s” links to “%s”, which is a relation"), id, ends[i]);
              return FALSE;
            }
          continue;
        }

      if (!check_relation_end (rt, i == 0, ends[i], gloss_annotation_get_kind (end),
                               gloss_annotation_get_type_id (end), error))
        {
          g_prefix_error (error, _("Relation “%s”: "), id);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
check_source_entity (GlossAnnotationSet *self,
                     GlossAnnotation    *claim,
                     GError            **error)
{
  const char *source_id = gloss_annotation_get_source_entity (claim);
  GlossAnnotation *source;

  if (source_id == NULL)
    return TRUE;

  source = gloss_annotation_set_lookup (self, source_id);
  if (source == NULL)
    {
      g_set_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_DANGLING_REFERENCE,
                   _("The source of claim “%s” is “%s”, which does not exist"),
                   gloss_annotation_get_id (claim), source_id);
      return FALSE;
    }

  if (gloss_annotation_get_kind (source) != GLOSS_ANNOTATION_ENTITY)
    {
      g_set_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_WRONG_KIND,
                   _("The source of claim “%s” must be an entity, but “%s” is %s"),
                   gloss_annotation_get_id (claim), source_id,
                   kind_noun (gloss_annotation_get_kind (source)));
      return FALSE;
    }

  return TRUE;
}

/* Checks the nesting of every claim in @claims: parents exist, are claims
 * and enclose their children, and no chain of parents loops. Linear: each
 * claim is walked up only until a claim already known to reach the top. */
static gboolean
check_nesting (GlossAnnotationSet *self,
               GPtrArray          *claims,
               GlossAnnotation   **culprit,
               GError            **error)
{
  g_autoptr (GHashTable) reaches_top = NULL;
  gboolean any_parent = FALSE;

  for (guint i = 0; i < claims->len; i++)
    {
      GlossAnnotation *claim = g_ptr_array_index (claims, i);
      const char *parent_id = gloss_annotation_get_parent (claim);

      if (parent_id != NULL &&
          !check_parent_link (self, claim, gloss_annotation_set_lookup (self, parent_id),
                              parent_id, error))
        {
          *culprit = claim;
          return FALSE;
        }
      any_parent |= parent_id != NULL;
    }

  /* Without a single parent there is no chain that could loop. */
  if (!any_parent)
    return TRUE;

  reaches_top = g_hash_table_new (NULL, NULL);
  for (guint i = 0; i < claims->len; i++)
    {
      GlossAnnotation *claim = g_ptr_array_index (claims, i);
      GlossAnnotation *up = claim;
      guint steps = 0;

      while (up != NULL && !g_hash_table_contains (reaches_top, up))
        {
          if (steps++ > claims->len)
            {
              g_set_error (error, GLOSS_ANNOTATION_ERROR, GLOSS_ANNOTATION_ERROR_NESTING,
                           _("Claim “%s” is nested, through its parents, in itself"),
                           gloss_annotation_get_id (up));
              *culprit = up;
              return FALSE;
            }
          up = gloss_annotation_set_lookup (self, gloss_annotation_get_parent (up));
        }

      for (up = claim; up != NULL && !g_hash_table_contains (reaches_top, up);
           up = gloss_annotation_set_lookup (self, gloss_annotation_get_parent (up)))
        g_hash_table_add (reaches_top, up);
    }

  return TRUE;
}

/* Fills the empty index with the entities and the claims at once: their
 * lists are sorted by span, so merging them gives the index's order but
 * for ties of the same span, which the index breaks by pointer. */
static void
build_index (GlossAnnotationSet *self)
{
  GlossAnnotationList *entities = self->lists[GLOSS_ANNOTATION_ENTITY];
  GlossAnnotationList *claims = self->lists[GLOSS_ANNOTATION_CLAIM];
  guint n_entities = gloss_annotation_list_get_length (entities);
  guint n_claims = gloss_annotation_list_get_length (claims);
  guint n = n_entities + n_claims;
  g_autofree GlossInterval *intervals = g_new (GlossInterval, MAX (n, 1));
  guint e = 0, c = 0;

  for (guint k = 0; k < n; k++)
    {
      GlossAnnotation *a;

      if (c == n_claims
          || (e < n_entities
              && _gloss_annotation_compare_span (gloss_annotation_list_get (entities, e),
                                                 gloss_annotation_list_get (claims, c)) <= 0))
        a = gloss_annotation_list_get (entities, e++);
      else
        a = gloss_annotation_list_get (claims, c++);

      intervals[k].start = gloss_annotation_get_start (a);
      intervals[k].end = gloss_annotation_get_end (a);
      intervals[k].data = a;
    }

  /* Runs of the same span are short: put them in pointer order in place. */
  for (guint k = 1; k < n; k++)
    {
      GlossInterval x = intervals[k];
      guint j = k;

      while (j > 0 && intervals[j - 1].start == x.start && intervals[j - 1].end == x.end
             && (guintptr) intervals[j - 1].data > (guintptr) x.data)
        {
          intervals[j] = intervals[j - 1];
          j--;
        }
      intervals[j] = x;
    }

  gloss_interval_index_insert_many (self->index, intervals, n);
}

gboolean
_gloss_annotation_set_finish_load (GlossAnnotationSet *self,
                                   GlossAnnotation   **culprit,
                                   GError            **error)
{
  GlossAnnotation *dummy = NULL;
  GPtrArray *claims, *relations;

  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (self), FALSE);
  g_return_val_if_fail (self->loading, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (culprit == NULL)
    culprit = &dummy;
  *culprit = NULL;

  claims = self->pending[GLOSS_ANNOTATION_CLAIM];
  relations = self->pending[GLOSS_ANNOTATION_RELATION];

  for (guint i = 0; i < claims->len; i++)
    {
      if (!check_source_entity (self, g_ptr_array_index (claims, i), error))
        {
          *culprit = g_ptr_array_index (claims, i);
          return FALSE;
        }
    }

  if (!check_nesting (self, claims, culprit, error))
    return FALSE;

  for (guint i = 0; i < relations->len; i++)
    {
      if (!check_relation (self, g_ptr_array_index (relations, i), error))
        {
          *culprit = g_ptr_array_index (relations, i);
          return FALSE;
        }
    }

  for (guint kind = 0; kind < N_KINDS; kind++)
    {
      gloss_annotation_list_take_all (self->lists[kind], self->pending[kind]);
      g_clear_pointer (&self->pending[kind], g_ptr_array_unref);
    }

  build_index (self);

  self->loading = FALSE;

  return TRUE;
}

void
_gloss_annotation_set_add_extension (GlossAnnotationSet *self,
                                     const char         *xml)
{
  g_return_if_fail (GLOSS_IS_ANNOTATION_SET (self));
  g_return_if_fail (xml != NULL);

  if (self->extensions == NULL)
    self->extensions = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->extensions, g_strdup (xml));
}

const GPtrArray *
_gloss_annotation_set_get_extensions (GlossAnnotationSet *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (self), NULL);

  return self->extensions;
}

/* Undoable changes of the extensions */

static const GPtrArray *
extensions_of (GlossAnnotationSet *self,
               GlossAnnotation    *annotation)
{
  return annotation != NULL ? _gloss_annotation_get_extensions (annotation) : self->extensions;
}

/* The one change behind every public function below: at @index, inserts
 * @to (@from NULL), removes (@to NULL) or replaces @from by @to. */
static void
change_extension (GlossAnnotationSet *self,
                  GlossAnnotation    *annotation,
                  guint               index,
                  const char         *from,
                  const char         *to)
{
  char *label = g_strdup (from == NULL ? _("Add Extension")
                          : to == NULL ? _("Remove Extension")
                          : _("Change Extension"));

  if (annotation != NULL)
    {
      Change change;

      change_begin (self, &change, annotation);
      if (from == NULL)
        _gloss_annotation_insert_extension_raw (annotation, index, to);
      else if (to == NULL)
        _gloss_annotation_remove_extension_raw (annotation, index);
      else
        _gloss_annotation_replace_extension_raw (annotation, index, to);
      change_end (self, &change, what_extensions, label);
    }
  else
    {
      Op *op = g_new0 (Op, 1);

      op->kind = OP_ROOT_EXTENSION;
      op->index = index;
      op->xml_before = g_strdup (from);
      op->xml_after = g_strdup (to);
      /* Recorded first, as change_end() does, so that observers see the
       * history that includes the change; the op keeps the step's own
       * copies, and @from may be the very string the change frees. */
      record (self, op, label);
      root_extension_apply (self, index, op->xml_before, op->xml_after);
    }
}

#define RETURN_IF_NOT_OWNER(self, annotation, val)                  \
  G_STMT_START                                                      \
  {                                                                 \
    g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (self), val);     \
    g_return_val_if_fail (!(self)->loading, val);                   \
    g_return_val_if_fail (!(self)->replaying, val);                 \
    g_return_val_if_fail ((annotation) == NULL ||                   \
                          is_member ((self), (annotation)), val);   \
  }                                                                 \
  G_STMT_END

gboolean
_gloss_annotation_set_insert_extension (GlossAnnotationSet *self,
                                        GlossAnnotation    *annotation,
                                        guint               index,
                                        const char         *xml)
{
  const GPtrArray *list;

  RETURN_IF_NOT_OWNER (self, annotation, FALSE);
  g_return_val_if_fail (xml != NULL, FALSE);

  list = extensions_of (self, annotation);
  if (index > (list != NULL ? list->len : 0))
    return FALSE;

  change_extension (self, annotation, index, NULL, xml);

  return TRUE;
}

void
_gloss_annotation_set_append_extension (GlossAnnotationSet *self,
                                        GlossAnnotation    *annotation,
                                        const char         *xml)
{
  const GPtrArray *list;

  RETURN_IF_BUSY_VOID (self);
  g_return_if_fail (annotation == NULL || is_member (self, annotation));
  g_return_if_fail (xml != NULL);

  list = extensions_of (self, annotation);
  change_extension (self, annotation, list != NULL ? list->len : 0, NULL, xml);
}

gboolean
_gloss_annotation_set_remove_extension (GlossAnnotationSet *self,
                                        GlossAnnotation    *annotation,
                                        guint               index)
{
  const GPtrArray *list;

  RETURN_IF_NOT_OWNER (self, annotation, FALSE);

  list = extensions_of (self, annotation);
  if (list == NULL || index >= list->len)
    return FALSE;

  change_extension (self, annotation, index, g_ptr_array_index (list, index), NULL);

  return TRUE;
}

gboolean
_gloss_annotation_set_replace_extension (GlossAnnotationSet *self,
                                         GlossAnnotation    *annotation,
                                         guint               index,
                                         const char         *xml)
{
  const GPtrArray *list;
  g_autofree char *from = NULL;

  RETURN_IF_NOT_OWNER (self, annotation, FALSE);
  g_return_val_if_fail (xml != NULL, FALSE);

  list = extensions_of (self, annotation);
  if (list == NULL || index >= list->len)
    return FALSE;

  /* The same text again is no change, like setting a note to itself. */
  if (strcmp (g_ptr_array_index (list, index), xml) == 0)
    return TRUE;

  /* A copy: the change frees the string it replaces. */
  from = g_strdup (g_ptr_array_index (list, index));
  change_extension (self, annotation, index, from, xml);

  return TRUE;
}

int
_gloss_annotation_set_find_extension (GlossAnnotationSet *self,
                                      GlossAnnotation    *annotation,
                                      const char         *xml)
{
  const GPtrArray *list;

  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (self), -1);
  g_return_val_if_fail (annotation == NULL || GLOSS_IS_ANNOTATION (annotation), -1);
  g_return_val_if_fail (xml != NULL, -1);

  list = extensions_of (self, annotation);
  for (guint i = 0; list != NULL && i < list->len && i < G_MAXINT; i++)
    {
      if (strcmp (g_ptr_array_index (list, i), xml) == 0)
        return (int) i;
    }

  return -1;
}

gboolean
_gloss_annotation_set_remove_extension_xml (GlossAnnotationSet *self,
                                            GlossAnnotation    *annotation,
                                            const char         *xml)
{
  int index;

  RETURN_IF_NOT_OWNER (self, annotation, FALSE);
  g_return_val_if_fail (xml != NULL, FALSE);

  index = _gloss_annotation_set_find_extension (self, annotation, xml);

  return index >= 0 && _gloss_annotation_set_remove_extension (self, annotation, (guint) index);
}

gboolean
_gloss_annotation_set_replace_extension_xml (GlossAnnotationSet *self,
                                             GlossAnnotation    *annotation,
                                             const char         *old_xml,
                                             const char         *new_xml)
{
  int index;

  RETURN_IF_NOT_OWNER (self, annotation, FALSE);
  g_return_val_if_fail (old_xml != NULL, FALSE);
  g_return_val_if_fail (new_xml != NULL, FALSE);

  index = _gloss_annotation_set_find_extension (self, annotation, old_xml);

  return index >= 0 &&
         _gloss_annotation_set_replace_extension (self, annotation, (guint) index, new_xml);
}

/* Checks */

static void
add_problem (GPtrArray  *problems,
             const char *id,
             GError     *error)
{
  g_ptr_array_add (problems, g_strdup_printf ("%s: %s", id, error->message));
}

static void
validate_one (GlossAnnotationSet *self,
              GlossAnnotation    *annotation,
              GPtrArray          *problems)
{
  GlossAnnotationKind kind = gloss_annotation_get_kind (annotation);
  const char *id = gloss_annotation_get_id (annotation);
  const char *type_id = gloss_annotation_get_type_id (annotation);
  GlossAnchorState anchor = gloss_annotation_get_anchor_state (annotation);
  g_autoptr (GError) error = NULL;
  guint s, e;

  if (gloss_annotation_get_annotator (annotation) != NULL &&
      !gloss_annotator_id_is_valid (gloss_annotation_get_annotator (annotation)))
    g_ptr_array_add (problems,
                     g_strdup_printf (_("%s: the annotator id “%s” is not valid (use 1–64 of "
                                        "a-z, 0-9, “.”, “_”, “-”, starting with a letter or "
                                        "digit)"),
                                      id, gloss_annotation_get_annotator (annotation)));

  if (kind == GLOSS_ANNOTATION_ENTITY &&
      (type_id == NULL || gloss_tagset_lookup_entity_type (self->tagset, type_id) == NULL))
    g_ptr_array_add (problems,
                     g_strdup_printf (_("%s: the tagset “%s” has no entity type “%s”"), id,
                                      gloss_tagset_get_id (self->tagset),
                                      type_id != NULL ? type_id : ""));

  if (kind == GLOSS_ANNOTATION_RELATION &&
      (type_id == NULL || gloss_tagset_lookup_relation_type (self->tagset, type_id) == NULL))
    g_ptr_array_add (problems,
                     g_strdup_printf (_("%s: the tagset “%s” has no relation type “%s”"), id,
                                      gloss_tagset_get_id (self->tagset),
                                      type_id != NULL ? type_id : ""));

  if (kind != GLOSS_ANNOTATION_RELATION)
    {
      if (anchor == GLOSS_ANCHOR_MISMATCH)
        g_ptr_array_add (problems,
                         g_strdup_printf (_("%s: the text at %u–%u no longer reads “%s”; the "
                                            "article changed"),
                                          id, gloss_annotation_get_start (annotation),
                                          gloss_annotation_get_end (annotation),
                                          gloss_annotation_get_stored_exact (annotation)
                                            ? gloss_annotation_get_stored_exact (annotation)
                                            : ""));
      else if (anchor == GLOSS_ANCHOR_ORPHANED)
        g_ptr_array_add (problems,
                         g_strdup_printf (_("%s: the span %u–%u lies outside the changed "
                                            "article"),
                                          id, gloss_annotation_get_start (annotation),
                                          gloss_annotation_get_end (annotation)));
      else if (!check_span (self, _("The span"), gloss_annotation_get_start (annotation),
                            gloss_annotation_get_end (annotation), &error))
        {
          add_problem (problems, id, error);
          g_clear_error (&error);
        }
    }

  for (guint i = 0; i < gloss_annotation_get_n_attributes (annotation); i++)
    {
      const char *name, *value;

      gloss_annotation_get_nth_attribute (annotation, i, &name, &value);
      if (!check_attribute (self, kind, name, value, &error))
        {
          add_problem (problems, id, error);
          g_clear_error (&error);
        }
    }

  if (kind == GLOSS_ANNOTATION_CLAIM)
    {
      const char *parent_id = gloss_annotation_get_parent (annotation);

      if (!check_source_entity (self, annotation, &error))
        {
          add_problem (problems, id, error);
          g_clear_error (&error);
        }

      if (anchor == GLOSS_ANCHOR_OK && gloss_annotation_get_source_span (annotation, &s, &e) &&
          !check_span (self, _("The source"), s, e, &error))
        {
          add_problem (problems, id, error);
          g_clear_error (&error);
        }

      if (anchor == GLOSS_ANCHOR_OK && gloss_annotation_get_cue (annotation, &s, &e) &&
          !check_span (self, _("The cue"), s, e, &error))
        {
          add_problem (problems, id, error);
          g_clear_error (&error);
        }

      if (parent_id != NULL &&
          !check_parent_link (self, annotation, gloss_annotation_set_lookup (self, parent_id),
                              parent_id, &error))
        {
          add_problem (problems, id, error);
          g_clear_error (&error);
        }
    }

  if (kind == GLOSS_ANNOTATION_RELATION && !check_relation (self, annotation, &error))
    {
      add_problem (problems, id, error);
      g_clear_error (&error);
    }
}

gboolean
gloss_annotation_set_validate (GlossAnnotationSet *self,
                               GPtrArray          *problems)
{
  g_autoptr (GPtrArray) claims = NULL;
  g_autoptr (GError) error = NULL;
  GlossAnnotation *culprit = NULL;
  guint before;

  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (self), FALSE);
  g_return_val_if_fail (problems != NULL, FALSE);
  g_return_val_if_fail (!self->loading, FALSE);

  before = problems->len;

  if (!gloss_annotator_id_is_valid (self->annotator_id))
    g_ptr_array_add (problems,
                     g_strdup_printf (_("The annotator id “%s” is not valid (use 1–64 of a-z, "
                                        "0-9, “.”, “_”, “-”, starting with a letter or digit)"),
                                      self->annotator_id));

  for (guint kind = 0; kind < N_KINDS; kind++)
    {
      GlossAnnotationList *list = self->lists[kind];

      for (guint i = 0; i < gloss_annotation_list_get_length (list); i++)
        validate_one (self, gloss_annotation_list_get (list, i), problems);
    }

  /* Loops of parents: each link may look right on its own. */
  claims = g_ptr_array_new ();
  for (guint i = 0; i < gloss_annotation_list_get_length (self->lists[GLOSS_ANNOTATION_CLAIM]); i++)
    {
      GlossAnnotation *claim = gloss_annotation_list_get (self->lists[GLOSS_ANNOTATION_CLAIM], i);
      const char *parent_id = gloss_annotation_get_parent (claim);
      GlossAnnotation *parent = gloss_annotation_set_lookup (self, parent_id);

      /* Only well-formed links take part; the others were reported. */
      if (parent_id == NULL || (parent != NULL && check_parent_link (self, claim, parent,
                                                                     parent_id, NULL)))
        g_ptr_array_add (claims, claim);
    }
  if (!check_nesting (self, claims, &culprit, &error))
    add_problem (problems, gloss_annotation_get_id (culprit), error);

  return problems->len == before;
}

GHashTable *
gloss_annotation_set_count_types (GlossAnnotationSet *self)
{
  GHashTable *counts;

  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (self), NULL);

  counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint kind = 0; kind < N_KINDS; kind++)
    {
      GlossAnnotationList *list = self->lists[kind];

      for (guint i = 0; i < gloss_annotation_list_get_length (list); i++)
        {
          GlossAnnotation *annotation = gloss_annotation_list_get (list, i);
          const char *type_id = gloss_annotation_get_type_id (annotation);
          char *key;
          guint count;

          if (type_id == NULL)
            continue;

          if (kind == GLOSS_ANNOTATION_RELATION)
            key = g_strconcat ("relation:", type_id, NULL);
          else if (kind == GLOSS_ANNOTATION_CLAIM)
            key = g_strdup ("claim");
          else
            key = g_strdup (type_id);

          count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key));
          g_hash_table_replace (counts, key, GUINT_TO_POINTER (count + 1));
        }
    }

  return counts;
}

static gsize
hash_table_memory_size (GHashTable *table)
{
  guint n = g_hash_table_size (table);
  gsize buckets = 8;

  /* GHashTable keeps keys, values and hashes in power-of-two arrays and
   * grows them when they are about 16/17 full. */
  while (buckets < n + n / 16)
    buckets *= 2;

  return 128 + buckets * (sizeof (gpointer) * 2 + sizeof (guint));
}

gsize
gloss_annotation_set_get_memory_size (GlossAnnotationSet *self)
{
  g_autoptr (GHashTable) counted = NULL;
  gsize size;

  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (self), 0);

  size = sizeof (GlossAnnotationSet);
  size += hash_table_memory_size (self->by_id);
  size += gloss_interval_index_get_memory_size (self->index);

  for (guint kind = 0; kind < N_KINDS; kind++)
    {
      GlossAnnotationList *list = self->lists[kind];
      GPtrArray *pending = self->pending[kind];

      size += gloss_annotation_list_get_memory_size (list);
      for (guint i = 0; i < gloss_annotation_list_get_length (list); i++)
        size += _gloss_annotation_get_memory_size (gloss_annotation_list_get (list, i));

      if (pending != NULL)
        {
          size += 64 + pending->len * sizeof (gpointer) * 2;
          for (guint i = 0; i < pending->len; i++)
            size += _gloss_annotation_get_memory_size (g_ptr_array_index (pending, i));
        }
    }

  /* The history holds copies of changed states, and removed annotations
   * that only it keeps alive. */
  counted = g_hash_table_new (NULL, NULL);
  for (GQueue *queue = &self->undo_stack; queue != NULL;
       queue = queue == &self->undo_stack ? &self->redo_stack : NULL)
    {
      for (GList *l = queue->head; l != NULL; l = l->next)
        {
          Step *step = l->data;

          size += sizeof (Step) + 64 + step->ops->len * sizeof (gpointer);
          for (guint i = 0; i < step->ops->len; i++)
            {
              Op *op = g_ptr_array_index (step->ops, i);

              size += sizeof (Op) + 16;
              if (op->xml_before != NULL)
                size += strlen (op->xml_before) + 1 + 16;
              if (op->xml_after != NULL)
                size += strlen (op->xml_after) + 1 + 16;
              size += _gloss_annotation_state_get_memory_size (op->before);
              size += _gloss_annotation_state_get_memory_size (op->after);
              if (!is_member (self, op->annotation) && g_hash_table_add (counted, op->annotation))
                size += _gloss_annotation_get_memory_size (op->annotation);
            }
        }
    }

  return size;
}
