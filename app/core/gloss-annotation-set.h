/* gloss-annotation-set.h: one annotator's annotations on one document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gloss-annotation.h"
#include "gloss-document.h"
#include "gloss-tagset.h"

G_BEGIN_DECLS

#define GLOSS_ANNOTATION_ERROR (gloss_annotation_error_quark ())

typedef enum
{
  GLOSS_ANNOTATION_ERROR_OFFSETS,        /* out of the text, or start >= end */
  GLOSS_ANNOTATION_ERROR_UNKNOWN_TYPE,   /* not in the tagset */
  GLOSS_ANNOTATION_ERROR_UNKNOWN_ATTRIBUTE,
  GLOSS_ANNOTATION_ERROR_BAD_VALUE,      /* attribute value the tagset does not allow */
  GLOSS_ANNOTATION_ERROR_DUPLICATE_ID,
  GLOSS_ANNOTATION_ERROR_DANGLING_REFERENCE,
  GLOSS_ANNOTATION_ERROR_WRONG_KIND,     /* e.g. a cue on an entity */
  GLOSS_ANNOTATION_ERROR_NESTING,        /* parent is not a claim enclosing this one, or a cycle */
} GlossAnnotationError;

/* Reserved annotator id for the adjudicated version of a document. */
#define GLOSS_ANNOTATOR_GOLD "gold"

/* How many undo groups are kept. */
#define GLOSS_UNDO_DEPTH 1000

#define GLOSS_TYPE_ANNOTATION_SET (gloss_annotation_set_get_type ())
G_DECLARE_FINAL_TYPE (GlossAnnotationSet, gloss_annotation_set, GLOSS, ANNOTATION_SET, GObject)

GQuark              gloss_annotation_error_quark          (void);
gboolean            gloss_annotator_id_is_valid           (const char         *id);

GlossAnnotationSet *gloss_annotation_set_new              (GlossDocument      *document,
                                                           GlossTagset        *tagset,
                                                           const char         *annotator_id,
                                                           const char         *annotator_name);

GlossDocument      *gloss_annotation_set_get_document     (GlossAnnotationSet *self);
GlossTagset        *gloss_annotation_set_get_tagset       (GlossAnnotationSet *self);
const char         *gloss_annotation_set_get_annotator_id (GlossAnnotationSet *self);
const char         *gloss_annotation_set_get_annotator_name (GlossAnnotationSet *self);
void                gloss_annotation_set_set_annotator_name (GlossAnnotationSet *self,
                                                           const char         *name);
/* Tagset id and version recorded in the sidecar (may differ from the loaded tagset's). */
const char         *gloss_annotation_set_get_tagset_id    (GlossAnnotationSet *self);
const char         *gloss_annotation_set_get_tagset_version (GlossAnnotationSet *self);
gint64              gloss_annotation_set_get_created      (GlossAnnotationSet *self);
gint64              gloss_annotation_set_get_modified     (GlossAnnotationSet *self);

/* Lists sorted by (start, end, id), relations by id. Items are GlossAnnotation. */
GListModel         *gloss_annotation_set_get_entities     (GlossAnnotationSet *self);
GListModel         *gloss_annotation_set_get_claims       (GlossAnnotationSet *self);
GListModel         *gloss_annotation_set_get_relations    (GlossAnnotationSet *self);
guint               gloss_annotation_set_get_size         (GlossAnnotationSet *self);
GlossAnnotation    *gloss_annotation_set_lookup           (GlossAnnotationSet *self,
                                                           const char         *id);
/* Entities and claim contents overlapping [start, end), ordered by (start, end). */
void                gloss_annotation_set_query            (GlossAnnotationSet *self,
                                                           guint               start,
                                                           guint               end,
                                                           GPtrArray          *out);

/* Mutations. Each one is undoable, announced by a signal, and validated
 * against the text and the tagset; on failure nothing changes. Returned
 * annotations are owned by the set. */
GlossAnnotation    *gloss_annotation_set_add_entity       (GlossAnnotationSet *self,
                                                           const char         *type_id,
                                                           guint               start,
                                                           guint               end,
                                                           GError            **error);
GlossAnnotation    *gloss_annotation_set_add_claim        (GlossAnnotationSet *self,
                                                           guint               start,
                                                           guint               end,
                                                           GError            **error);
GlossAnnotation    *gloss_annotation_set_add_relation     (GlossAnnotationSet *self,
                                                           const char         *type_id,
                                                           GlossAnnotation    *from,
                                                           GlossAnnotation    *to,
                                                           GError            **error);
/* Removing an entity also removes the relations that touch it and turns
 * claims it was the source of into span sources over the same text;
 * removing a claim re-parents its nested claims. One undo step. */
void                gloss_annotation_set_remove           (GlossAnnotationSet *self,
                                                           GlossAnnotation    *annotation);
gboolean            gloss_annotation_set_set_type         (GlossAnnotationSet *self,
                                                           GlossAnnotation    *annotation,
                                                           const char         *type_id,
                                                           GError            **error);
gboolean            gloss_annotation_set_set_span         (GlossAnnotationSet *self,
                                                           GlossAnnotation    *annotation,
                                                           guint               start,
                                                           guint               end,
                                                           GError            **error);
/* @value NULL removes the attribute. */
gboolean            gloss_annotation_set_set_attribute    (GlossAnnotationSet *self,
                                                           GlossAnnotation    *annotation,
                                                           const char         *name,
                                                           const char         *value,
                                                           GError            **error);
void                gloss_annotation_set_set_note         (GlossAnnotationSet *self,
                                                           GlossAnnotation    *annotation,
                                                           const char         *note);
void                gloss_annotation_set_set_link         (GlossAnnotationSet *self,
                                                           GlossAnnotation    *annotation,
                                                           const char         *link);
gboolean            gloss_annotation_set_set_source_entity (GlossAnnotationSet *self,
                                                           GlossAnnotation    *claim,
                                                           GlossAnnotation    *entity,
                                                           GError            **error);
gboolean            gloss_annotation_set_set_source_span  (GlossAnnotationSet *self,
                                                           GlossAnnotation    *claim,
                                                           guint               start,
                                                           guint               end,
                                                           GError            **error);
gboolean            gloss_annotation_set_set_source_article (GlossAnnotationSet *self,
                                                           GlossAnnotation    *claim,
                                                           GError            **error);
/* start == end == GLOSS_OFFSET_NONE clears the cue. */
gboolean            gloss_annotation_set_set_cue          (GlossAnnotationSet *self,
                                                           GlossAnnotation    *claim,
                                                           guint               start,
                                                           guint               end,
                                                           GError            **error);
/* @parent NULL makes the claim top-level. */
gboolean            gloss_annotation_set_set_parent       (GlossAnnotationSet *self,
                                                           GlossAnnotation    *claim,
                                                           GlossAnnotation    *parent,
                                                           GError            **error);

/* Undo. Mutations between begin and end form one step; groups nest. */
void                gloss_annotation_set_begin_group      (GlossAnnotationSet *self,
                                                           const char         *label);
void                gloss_annotation_set_end_group        (GlossAnnotationSet *self);
gboolean            gloss_annotation_set_can_undo         (GlossAnnotationSet *self);
gboolean            gloss_annotation_set_can_redo         (GlossAnnotationSet *self);
gboolean            gloss_annotation_set_undo             (GlossAnnotationSet *self);
gboolean            gloss_annotation_set_redo             (GlossAnnotationSet *self);
const char         *gloss_annotation_set_get_undo_label   (GlossAnnotationSet *self);
const char         *gloss_annotation_set_get_redo_label   (GlossAnnotationSet *self);
void                gloss_annotation_set_clear_history    (GlossAnnotationSet *self);

/* Checks every annotation against the text and the tagset; appends one
 * message per problem to @problems (char *, owned by the array). Returns
 * TRUE when there is none. */
gboolean            gloss_annotation_set_validate         (GlossAnnotationSet *self,
                                                           GPtrArray          *problems);

/* Counts per entity type id (char * -> GUINT_TO_POINTER); claims under "claim",
 * relations under their type id prefixed with "relation:". */
GHashTable         *gloss_annotation_set_count_types      (GlossAnnotationSet *self);

/* Approximate heap memory held by the set for its annotations, in bytes. */
gsize               gloss_annotation_set_get_memory_size  (GlossAnnotationSet *self);

G_END_DECLS
