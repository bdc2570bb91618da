/* gloss-annotation.h: one entity, claim or relation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "gloss-types.h"

G_BEGIN_DECLS

typedef enum
{
  GLOSS_ANNOTATION_ENTITY,
  GLOSS_ANNOTATION_CLAIM,
  GLOSS_ANNOTATION_RELATION,
} GlossAnnotationKind;

/* Who speaks in a claim. */
typedef enum
{
  GLOSS_SOURCE_NONE,    /* not chosen yet */
  GLOSS_SOURCE_ENTITY,  /* an entity of the same set */
  GLOSS_SOURCE_SPAN,    /* a span of text that is not an entity */
  GLOSS_SOURCE_ARTICLE, /* the article's own voice */
} GlossSourceKind;

/* Whether a span still sits on the text it was made on. */
typedef enum
{
  GLOSS_ANCHOR_OK,       /* the quote matches the text at the offsets */
  GLOSS_ANCHOR_MISMATCH, /* the article changed; the stored quote differs */
  GLOSS_ANCHOR_ORPHANED, /* the offsets lie outside the changed article */
} GlossAnchorState;

#define GLOSS_TYPE_ANNOTATION (gloss_annotation_get_type ())
G_DECLARE_FINAL_TYPE (GlossAnnotation, gloss_annotation, GLOSS, ANNOTATION, GObject)

/* Annotations are read-only from outside the core: every change goes
 * through GlossAnnotationSet so that it can be undone and announced. */

GlossAnnotationKind gloss_annotation_get_kind          (GlossAnnotation *self);
const char         *gloss_annotation_get_id            (GlossAnnotation *self);
/* Entity type id, relation type id, or "claim". */
const char         *gloss_annotation_get_type_id       (GlossAnnotation *self);
guint               gloss_annotation_get_start         (GlossAnnotation *self);
guint               gloss_annotation_get_end           (GlossAnnotation *self);
const char         *gloss_annotation_get_annotator     (GlossAnnotation *self);
gint64              gloss_annotation_get_created       (GlossAnnotation *self);
gint64              gloss_annotation_get_modified      (GlossAnnotation *self);
const char         *gloss_annotation_get_note          (GlossAnnotation *self);
const char         *gloss_annotation_get_link          (GlossAnnotation *self);
GlossAnchorState    gloss_annotation_get_anchor_state  (GlossAnnotation *self);

guint               gloss_annotation_get_n_attributes  (GlossAnnotation *self);
void                gloss_annotation_get_nth_attribute (GlossAnnotation *self,
                                                        guint            n,
                                                        const char     **name,
                                                        const char     **value);
const char         *gloss_annotation_get_attribute     (GlossAnnotation *self,
                                                        const char      *name);

/* Claims */
GlossSourceKind     gloss_annotation_get_source_kind   (GlossAnnotation *self);
const char         *gloss_annotation_get_source_entity (GlossAnnotation *self);
gboolean            gloss_annotation_get_source_span   (GlossAnnotation *self,
                                                        guint           *start,
                                                        guint           *end);
gboolean            gloss_annotation_get_cue           (GlossAnnotation *self,
                                                        guint           *start,
                                                        guint           *end);
const char         *gloss_annotation_get_parent        (GlossAnnotation *self);

/* Relations */
const char         *gloss_annotation_get_from          (GlossAnnotation *self);
const char         *gloss_annotation_get_to            (GlossAnnotation *self);

/* Stored quote (W3C TextQuoteSelector) when the anchor is not OK; NULL otherwise. */
const char         *gloss_annotation_get_stored_exact  (GlossAnnotation *self);

gboolean            gloss_annotation_equal             (GlossAnnotation *a,
                                                        GlossAnnotation *b);

G_END_DECLS
