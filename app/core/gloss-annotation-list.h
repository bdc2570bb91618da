/* gloss-annotation-list.h: sorted list models of annotations, and the
 * annotation internals the set needs to change one in place
 *
 * Internal to the core: only gloss-annotation.c, gloss-annotation-list.c and
 * gloss-annotation-set.c include this header.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gloss-annotation.h"

G_BEGIN_DECLS

/* Ids compare "naturally": "e2" < "e10"; runs of digits compare by value. */
int              _gloss_annotation_id_compare        (const char         *a,
                                                      const char         *b);
/* Order of the entity and claim lists: (start, end, id). */
int              _gloss_annotation_compare_span      (GlossAnnotation    *a,
                                                      GlossAnnotation    *b);
/* Order of the relation list: id. */
int              _gloss_annotation_compare_id        (GlossAnnotation    *a,
                                                      GlossAnnotation    *b);

/* Setters the set uses inside a recorded change. */
void             _gloss_annotation_set_type_raw      (GlossAnnotation    *self,
                                                      const char         *type_id);
/* Also forgets a stored quote: a span set by hand sits on the text. */
void             _gloss_annotation_set_span_raw      (GlossAnnotation    *self,
                                                      guint               start,
                                                      guint               end);
void             _gloss_annotation_set_modified_raw  (GlossAnnotation    *self,
                                                      gint64              modified);
void             _gloss_annotation_set_annotator_raw (GlossAnnotation    *self,
                                                      const char         *annotator);
/* @annotator must already be interned: no look-up per annotation. */
void             _gloss_annotation_set_annotator_interned (GlossAnnotation *self,
                                                      const char         *annotator);
gsize            _gloss_annotation_get_memory_size   (GlossAnnotation    *self);
/* Extensions changed inside a recorded change. @index must be at most the
 * number of extensions (insert) or less (remove, replace); the list goes
 * back to NULL when its last element is removed. */
void             _gloss_annotation_insert_extension_raw (GlossAnnotation *self,
                                                      guint               index,
                                                      const char         *xml);
void             _gloss_annotation_remove_extension_raw (GlossAnnotation *self,
                                                      guint               index);
void             _gloss_annotation_replace_extension_raw (GlossAnnotation *self,
                                                      guint               index,
                                                      const char         *xml);

/* Everything a change can touch (type, span, modified time, attributes,
 * note, link, source, cue, parent, stored quote, extensions), copied so that undo can
 * put it back exactly. */
typedef struct _GlossAnnotationState GlossAnnotationState;

GlossAnnotationState *_gloss_annotation_save_state   (GlossAnnotation    *self);
void             _gloss_annotation_restore_state     (GlossAnnotation    *self,
                                                      const GlossAnnotationState *state);
gboolean         _gloss_annotation_state_get_span    (const GlossAnnotationState *state,
                                                      guint              *start,
                                                      guint              *end);
gsize            _gloss_annotation_state_get_memory_size (const GlossAnnotationState *state);
void             _gloss_annotation_state_free        (GlossAnnotationState *state);

#define GLOSS_TYPE_ANNOTATION_LIST (gloss_annotation_list_get_type ())
G_DECLARE_FINAL_TYPE (GlossAnnotationList, gloss_annotation_list, GLOSS, ANNOTATION_LIST, GObject)

typedef enum
{
  GLOSS_ANNOTATION_LIST_BY_SPAN,
  GLOSS_ANNOTATION_LIST_BY_ID,
} GlossAnnotationListOrder;

GlossAnnotationList *gloss_annotation_list_new       (GlossAnnotationListOrder order);
guint            gloss_annotation_list_get_length    (GlossAnnotationList *self);
/* Borrowed. */
GlossAnnotation *gloss_annotation_list_get           (GlossAnnotationList *self,
                                                      guint               position);
/* Binary search; the annotation must still have the key it was sorted by. */
gboolean         gloss_annotation_list_find          (GlossAnnotationList *self,
                                                      GlossAnnotation    *annotation,
                                                      guint              *position);
/* Takes a reference; returns the position. Emits items-changed. */
guint            gloss_annotation_list_insert        (GlossAnnotationList *self,
                                                      GlossAnnotation    *annotation);
/* Drops the list's reference. Emits items-changed. */
void             gloss_annotation_list_remove_at     (GlossAnnotationList *self,
                                                      guint               position);
/* The item at @position changed but keeps its place. */
void             gloss_annotation_list_changed       (GlossAnnotationList *self,
                                                      guint               position);
/* The item that sat at @old_position changed its sort key: moves it and
 * emits one items-changed (pos, 1, 1) when it stays, else a removal and an
 * insertion. */
void             gloss_annotation_list_reposition    (GlossAnnotationList *self,
                                                      guint               old_position);
/* Appends all of @items (taking their references and emptying @items),
 * sorts once and announces the change in one signal. */
void             gloss_annotation_list_take_all      (GlossAnnotationList *self,
                                                      GPtrArray          *items);
void             gloss_annotation_list_clear         (GlossAnnotationList *self);
gsize            gloss_annotation_list_get_memory_size (GlossAnnotationList *self);

G_END_DECLS
