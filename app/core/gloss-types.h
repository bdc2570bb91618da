/* gloss-types.h: forward declarations shared by the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _GlossDocument      GlossDocument;
typedef struct _GlossTagset        GlossTagset;
typedef struct _GlossAnnotation    GlossAnnotation;
typedef struct _GlossAnnotationSet GlossAnnotationSet;
typedef struct _GlossIntervalIndex GlossIntervalIndex;

/* Offsets everywhere in the core are Unicode code points of the text as
 * stored (after a byte-order mark, which is not part of the text), start
 * inclusive, end exclusive. */
#define GLOSS_OFFSET_NONE G_MAXUINT

/* Where the core's resources live (linked into each executable). */
#define GLOSS_RESOURCE_SIDECAR_SCHEMA "/io/gloss/Gloss/schema/gloss-sidecar-1.rng"
#define GLOSS_RESOURCE_TAGSET_SCHEMA  "/io/gloss/Gloss/schema/gloss-tagset-1.rng"
#define GLOSS_RESOURCE_DEFAULT_TAGSET "/io/gloss/Gloss/tagsets/news.xml"

G_END_DECLS
