/* gloss-annotation-list.c: a GListModel of annotations kept sorted
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-annotation-list"

#include "config.h"

#include "gloss-annotation-list.h"

struct _GlossAnnotationList
{
  GObject                  parent_instance;

  /* Owns one reference per item. */
  GPtrArray               *items;
  GlossAnnotationListOrder order;
};

static GType
gloss_annotation_list_get_item_type (GListModel *model)
{
  return GLOSS_TYPE_ANNOTATION;
}

static guint
gloss_annotation_list_get_n_items (GListModel *model)
{
  GlossAnnotationList *self = (GlossAnnotationList *) model;

  return self->items->len;
}

static gpointer
gloss_annotation_list_get_item (GListModel *model,
                                guint       position)
{
  GlossAnnotationList *self = (GlossAnnotationList *) model;

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = gloss_annotation_list_get_item_type;
  iface->get_n_items = gloss_annotation_list_get_n_items;
  iface->get_item = gloss_annotation_list_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (GlossAnnotationList, gloss_annotation_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
gloss_annotation_list_finalize (GObject *object)
{
  GlossAnnotationList *self = (GlossAnnotationList *) object;

  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (gloss_annotation_list_parent_class)->finalize (object);
}

static void
gloss_annotation_list_class_init (GlossAnnotationListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gloss_annotation_list_finalize;
}

static void
gloss_annotation_list_init (GlossAnnotationList *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

GlossAnnotationList *
gloss_annotation_list_new (GlossAnnotationListOrder order)
{
  GlossAnnotationList *self = g_object_new (GLOSS_TYPE_ANNOTATION_LIST, NULL);

  self->order = order;

  return self;
}

static inline int
compare (GlossAnnotationList *self,
         GlossAnnotation     *a,
         GlossAnnotation     *b)
{
  if (self->order == GLOSS_ANNOTATION_LIST_BY_SPAN)
    return _gloss_annotation_compare_span (a, b);
  else
    return _gloss_annotation_compare_id (a, b);
}

/* First position whose item does not sort before @annotation. */
static guint
lower_bound (GlossAnnotationList *self,
             GlossAnnotation     *annotation)
{
  guint lo = 0;
  guint hi = self->items->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (compare (self, g_ptr_array_index (self->items, mid), annotation) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

guint
gloss_annotation_list_get_length (GlossAnnotationList *self)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_LIST (self), 0);

  return self->items->len;
}

GlossAnnotation *
gloss_annotation_list_get (GlossAnnotationList *self,
                           guint                position)
{
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_LIST (self), NULL);
  g_return_val_if_fail (position < self->items->len, NULL);

  return g_ptr_array_index (self->items, position);
}

gboolean
gloss_annotation_list_find (GlossAnnotationList *self,
                            GlossAnnotation     *annotation,
                            guint               *position)
{
  guint pos;

  g_return_val_if_fail (GLOSS_IS_ANNOTATION_LIST (self), FALSE);

  pos = lower_bound (self, annotation);
  if (pos < self->items->len && g_ptr_array_index (self->items, pos) == annotation)
    {
      if (position != NULL)
        *position = pos;
      return TRUE;
    }

  return FALSE;
}

guint
gloss_annotation_list_insert (GlossAnnotationList *self,
                              GlossAnnotation     *annotation)
{
  guint pos;

  g_return_val_if_fail (GLOSS_IS_ANNOTATION_LIST (self), 0);
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (annotation), 0);

  pos = lower_bound (self, annotation);
  g_ptr_array_insert (self->items, pos, g_object_ref (annotation));
  g_list_model_items_changed (G_LIST_MODEL (self), pos, 0, 1);

  return pos;
}

void
gloss_annotation_list_remove_at (GlossAnnotationList *self,
                                 guint                position)
{
  g_return_if_fail (GLOSS_IS_ANNOTATION_LIST (self));
  g_return_if_fail (position < self->items->len);

  g_ptr_array_remove_index (self->items, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
}

void
gloss_annotation_list_changed (GlossAnnotationList *self,
                               guint                position)
{
  g_return_if_fail (GLOSS_IS_ANNOTATION_LIST (self));
  g_return_if_fail (position < self->items->len);

  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
}

void
gloss_annotation_list_reposition (GlossAnnotationList *self,
                                  guint                old_position)
{
  GlossAnnotation *annotation;
  guint pos;

  g_return_if_fail (GLOSS_IS_ANNOTATION_LIST (self));
  g_return_if_fail (old_position < self->items->len);

  /* Take the item out without a signal, find where it now belongs, and
   * only then tell observers, so that each signal matches the contents. */
  annotation = g_ptr_array_steal_index (self->items, old_position);
  pos = lower_bound (self, annotation);

  if (pos == old_position)
    {
      g_ptr_array_insert (self->items, pos, annotation);
      g_list_model_items_changed (G_LIST_MODEL (self), pos, 1, 1);
      return;
    }

  g_list_model_items_changed (G_LIST_MODEL (self), old_position, 1, 0);
  g_ptr_array_insert (self->items, pos, annotation);
  g_list_model_items_changed (G_LIST_MODEL (self), pos, 0, 1);
}

static int
compare_span_indirect (gconstpointer a,
                       gconstpointer b)
{
  return _gloss_annotation_compare_span (*(GlossAnnotation **) a, *(GlossAnnotation **) b);
}

static int
compare_id_indirect (gconstpointer a,
                     gconstpointer b)
{
  return _gloss_annotation_compare_id (*(GlossAnnotation **) a, *(GlossAnnotation **) b);
}

static gboolean
is_sorted (GlossAnnotationList *self)
{
  for (guint i = 1; i < self->items->len; i++)
    {
      if (compare (self, g_ptr_array_index (self->items, i - 1),
                   g_ptr_array_index (self->items, i)) > 0)
        return FALSE;
    }

  return TRUE;
}

void
gloss_annotation_list_take_all (GlossAnnotationList *self,
                                GPtrArray           *items)
{
  gpointer *data;
  guint old_len;
  guint n;

  g_return_if_fail (GLOSS_IS_ANNOTATION_LIST (self));
  g_return_if_fail (items != NULL);

  if (items->len == 0)
    return;

  old_len = self->items->len;
  /* Stealing leaves @items empty without dropping the references, which
   * now belong to the list. */
  n = items->len;
  data = g_ptr_array_steal (items, NULL);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (self->items, data[i]);
  g_free (data);

  /* Files that Gloss wrote are in order already: check before sorting. */
  if (!is_sorted (self))
    g_ptr_array_sort (self->items,
                      self->order == GLOSS_ANNOTATION_LIST_BY_SPAN ? compare_span_indirect
                                                                   : compare_id_indirect);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_len, self->items->len);
}

void
gloss_annotation_list_clear (GlossAnnotationList *self)
{
  guint len;

  g_return_if_fail (GLOSS_IS_ANNOTATION_LIST (self));

  len = self->items->len;
  if (len == 0)
    return;

  g_ptr_array_set_size (self->items, 0);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, len, 0);
}

gsize
gloss_annotation_list_get_memory_size (GlossAnnotationList *self)
{
  gsize capacity = 16;

  g_return_val_if_fail (GLOSS_IS_ANNOTATION_LIST (self), 0);

  /* GPtrArray grows by doubling. */
  while (capacity < self->items->len)
    capacity *= 2;

  return sizeof (GlossAnnotationList) + 64 + capacity * sizeof (gpointer);
}
