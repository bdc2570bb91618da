/* gloss-tagset.h: entity types, claim attributes and relation types
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gloss-types.h"

G_BEGIN_DECLS

#define GLOSS_TAGSET_ERROR (gloss_tagset_error_quark ())

typedef enum
{
  GLOSS_TAGSET_ERROR_PARSE,       /* not well-formed XML, DOCTYPE, truncated */
  GLOSS_TAGSET_ERROR_INVALID,     /* does not match the RelaxNG schema */
  GLOSS_TAGSET_ERROR_DUPLICATE_ID,
  GLOSS_TAGSET_ERROR_DANGLING_REFERENCE,
  GLOSS_TAGSET_ERROR_BAD_COLOUR,
  GLOSS_TAGSET_ERROR_BAD_KEY,
} GlossTagsetError;

/* The file a corpus folder may hold to replace the built-in tagset. */
#define GLOSS_TAGSET_FILENAME "gloss-tagset.xml"

typedef enum
{
  GLOSS_APPLIES_TO_ENTITY = 1 << 0,
  GLOSS_APPLIES_TO_CLAIM  = 1 << 1,
} GlossAppliesTo;

/* All strings are owned by the tagset and live as long as it does. */
typedef struct
{
  const char *id;
  const char *label;
  const char *description; /* may be NULL */
  const char *colour;      /* "#rrggbb", lower case */
  gunichar    key;         /* 0 when the type has no key */
} GlossEntityType;

typedef struct
{
  const char   *id;
  const char   *label;
  GlossAppliesTo applies_to;
  const char   *default_value;   /* may be NULL */
  const char * const *values;    /* NULL-terminated value ids; NULL = free text */
  const char * const *value_labels; /* parallel to values */
} GlossAttributeDef;

typedef struct
{
  const char         *id;
  const char         *label;
  const char * const *from_types; /* NULL-terminated, NULL = any annotation */
  const char * const *to_types;   /* NULL-terminated, NULL = any annotation */
  gboolean            symmetric;
} GlossRelationType;

#define GLOSS_TYPE_TAGSET (gloss_tagset_get_type ())
G_DECLARE_FINAL_TYPE (GlossTagset, gloss_tagset, GLOSS, TAGSET, GObject)

GQuark                   gloss_tagset_error_quark         (void);

GlossTagset             *gloss_tagset_new_from_bytes      (GBytes       *bytes,
                                                           const char   *filename,
                                                           GError      **error);
GlossTagset             *gloss_tagset_load                (GFile        *file,
                                                           GCancellable *cancellable,
                                                           GError      **error);
GlossTagset             *gloss_tagset_get_default         (void);
GlossTagset             *gloss_tagset_load_for_folder     (GFile        *folder,
                                                           GCancellable *cancellable,
                                                           GError      **error);

const char              *gloss_tagset_get_id              (GlossTagset  *self);
const char              *gloss_tagset_get_version         (GlossTagset  *self);
const char              *gloss_tagset_get_label           (GlossTagset  *self);

guint                    gloss_tagset_get_n_entity_types  (GlossTagset  *self);
const GlossEntityType   *gloss_tagset_get_entity_type     (GlossTagset  *self,
                                                           guint         index);
const GlossEntityType   *gloss_tagset_lookup_entity_type  (GlossTagset  *self,
                                                           const char   *id);

guint                    gloss_tagset_get_n_attributes    (GlossTagset  *self);
const GlossAttributeDef *gloss_tagset_get_attribute       (GlossTagset  *self,
                                                           guint         index);
const GlossAttributeDef *gloss_tagset_lookup_attribute    (GlossTagset  *self,
                                                           const char   *id);
gboolean                 gloss_attribute_def_allows       (const GlossAttributeDef *def,
                                                           const char   *value);

guint                    gloss_tagset_get_n_relation_types (GlossTagset *self);
const GlossRelationType *gloss_tagset_get_relation_type   (GlossTagset  *self,
                                                           guint         index);
const GlossRelationType *gloss_tagset_lookup_relation_type (GlossTagset *self,
                                                           const char   *id);

G_END_DECLS
