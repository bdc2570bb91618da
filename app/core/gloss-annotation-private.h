/* gloss-annotation-private.h: construction used by readers (sidecar, importers)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gloss-annotation-set.h"

G_BEGIN_DECLS

/* Raw construction: no validation, no undo, no signals. Strings are copied
 * (type ids, attribute names and values, annotators are interned). */
GlossAnnotation *_gloss_annotation_new              (GlossAnnotationKind kind,
                                                     const char         *id,
                                                     const char         *type_id,
                                                     guint               start,
                                                     guint               end,
                                                     const char         *annotator,
                                                     gint64              created,
                                                     gint64              modified);
void             _gloss_annotation_set_attribute_raw (GlossAnnotation   *self,
                                                     const char         *name,
                                                     const char         *value);
void             _gloss_annotation_set_note_raw     (GlossAnnotation    *self,
                                                     const char         *note);
void             _gloss_annotation_set_link_raw     (GlossAnnotation    *self,
                                                     const char         *link);
void             _gloss_annotation_set_source_raw   (GlossAnnotation    *self,
                                                     GlossSourceKind     kind,
                                                     const char         *entity_id,
                                                     guint               start,
                                                     guint               end);
void             _gloss_annotation_set_cue_raw      (GlossAnnotation    *self,
                                                     guint               start,
                                                     guint               end);
void             _gloss_annotation_set_parent_raw   (GlossAnnotation    *self,
                                                     const char         *parent_id);
void             _gloss_annotation_set_relation_raw (GlossAnnotation    *self,
                                                     const char         *from_id,
                                                     const char         *to_id);
/* Keeps the quote read from a sidecar whose article changed, so that a save
 * writes it back unchanged instead of quoting the new text. */
void             _gloss_annotation_set_anchor_raw   (GlossAnnotation    *self,
                                                     GlossAnchorState    state,
                                                     const char         *prefix,
                                                     const char         *exact,
                                                     const char         *suffix);
const char      *_gloss_annotation_get_stored_prefix (GlossAnnotation   *self);
const char      *_gloss_annotation_get_stored_suffix (GlossAnnotation   *self);
/* Elements of another namespace found inside the annotation, kept verbatim
 * (serialized XML) so that a save does not drop them. */
void             _gloss_annotation_add_extension    (GlossAnnotation    *self,
                                                     const char         *xml);
const GPtrArray *_gloss_annotation_get_extensions   (GlossAnnotation    *self);

GlossAnnotationSet *_gloss_annotation_set_new_for_load (GlossDocument   *document,
                                                     GlossTagset        *tagset,
                                                     const char         *annotator_id,
                                                     const char         *annotator_name,
                                                     const char         *tagset_id,
                                                     const char         *tagset_version,
                                                     gint64              created,
                                                     gint64              modified);
/* Takes ownership of @annotation. Checks the id is new, the type is in the
 * tagset and, when the anchor is OK, the offsets lie inside the text. */
gboolean         _gloss_annotation_set_insert_loaded (GlossAnnotationSet *self,
                                                     GlossAnnotation    *annotation,
                                                     GError            **error);
/* Resolves references (sources, parents, relation ends), sorts the lists and
 * builds the index. On failure sets @culprit to the offending annotation. */
gboolean         _gloss_annotation_set_finish_load  (GlossAnnotationSet *self,
                                                     GlossAnnotation   **culprit,
                                                     GError            **error);
/* Raw, for readers: no undo, no signal. */
void             _gloss_annotation_set_add_extension (GlossAnnotationSet *self,
                                                     const char         *xml);
const GPtrArray *_gloss_annotation_set_get_extensions (GlossAnnotationSet *self);

/* Changes of the extensions, on the set's root when @annotation is NULL,
 * else on that annotation of the set. Like every mutation of the set they
 * are undoable (one step each, or part of the open group), bump the
 * modified times and are announced: "extensions-changed" with @annotation
 * (NULL for the root), and for an annotation also "annotation-changed"
 * with what = "extensions". An index out of range, or an XML string that
 * is not there, changes nothing and returns FALSE. Strings are copied;
 * "_xml" variants name the element by its text (the first equal one). */
void             _gloss_annotation_set_append_extension (GlossAnnotationSet *self,
                                                     GlossAnnotation    *annotation,
                                                     const char         *xml);
gboolean         _gloss_annotation_set_insert_extension (GlossAnnotationSet *self,
                                                     GlossAnnotation    *annotation,
                                                     guint               index,
                                                     const char         *xml);
gboolean         _gloss_annotation_set_remove_extension (GlossAnnotationSet *self,
                                                     GlossAnnotation    *annotation,
                                                     guint               index);
gboolean         _gloss_annotation_set_replace_extension (GlossAnnotationSet *self,
                                                     GlossAnnotation    *annotation,
                                                     guint               index,
                                                     const char         *xml);
/* The index of the first extension equal to @xml, or -1. */
int              _gloss_annotation_set_find_extension (GlossAnnotationSet *self,
                                                     GlossAnnotation    *annotation,
                                                     const char         *xml);
gboolean         _gloss_annotation_set_remove_extension_xml (GlossAnnotationSet *self,
                                                     GlossAnnotation    *annotation,
                                                     const char         *xml);
gboolean         _gloss_annotation_set_replace_extension_xml (GlossAnnotationSet *self,
                                                     GlossAnnotation    *annotation,
                                                     const char         *old_xml,
                                                     const char         *new_xml);
/* Next free id for a kind: "e12", "c3", "r7". */
char            *_gloss_annotation_set_next_id      (GlossAnnotationSet *self,
                                                     GlossAnnotationKind kind);

G_END_DECLS
