/* gloss-review-group.c: the versions of one annotation by several annotators
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-review"

#include "config.h"

#include <string.h>

#include "gloss-review-group.h"
#include "gloss-review-private.h"

G_DEFINE_FLAGS_TYPE (GlossReviewDifferences, gloss_review_differences,
  G_DEFINE_ENUM_VALUE (GLOSS_REVIEW_AGREED, "agreed"),
  G_DEFINE_ENUM_VALUE (GLOSS_REVIEW_MISSING, "missing"),
  G_DEFINE_ENUM_VALUE (GLOSS_REVIEW_BOUNDARY, "boundary"),
  G_DEFINE_ENUM_VALUE (GLOSS_REVIEW_TYPE, "type"),
  G_DEFINE_ENUM_VALUE (GLOSS_REVIEW_SOURCE, "source"),
  G_DEFINE_ENUM_VALUE (GLOSS_REVIEW_CUE, "cue"),
  G_DEFINE_ENUM_VALUE (GLOSS_REVIEW_ATTRIBUTE, "attribute"))

G_DEFINE_ENUM_TYPE (GlossReviewDecision, gloss_review_decision,
  G_DEFINE_ENUM_VALUE (GLOSS_REVIEW_PENDING, "pending"),
  G_DEFINE_ENUM_VALUE (GLOSS_REVIEW_ACCEPTED, "accepted"),
  G_DEFINE_ENUM_VALUE (GLOSS_REVIEW_EDITED, "edited"),
  G_DEFINE_ENUM_VALUE (GLOSS_REVIEW_REJECTED, "rejected"))

struct _GlossReviewGroup
{
  GObject                parent_instance;

  GlossAnnotation      **members;
  GlossAnnotation       *gold;
  guint                  n_annotators;
  guint                  n_present;
  guint                  index;
  guint                  start;
  guint                  end;
  GlossAnnotationKind    kind;
  GlossReviewDifferences differences;
  GlossReviewDecision    decision;
};

G_DEFINE_FINAL_TYPE (GlossReviewGroup, gloss_review_group, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STATUS,
  PROP_DIFFERENCES,
  PROP_DECISION,
  PROP_GOLD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
gloss_review_status_to_string (GlossReviewDifferences status,
                               GlossAnnotationKind    kind)
{
  switch (status)
    {
    case GLOSS_REVIEW_AGREED:
      return "agreed";
    case GLOSS_REVIEW_MISSING:
      return "missing";
    case GLOSS_REVIEW_BOUNDARY:
      return "boundary";
    case GLOSS_REVIEW_TYPE:
      return "type";
    case GLOSS_REVIEW_SOURCE:
      return "claim-source";
    case GLOSS_REVIEW_CUE:
      return "claim-cue";
    case GLOSS_REVIEW_ATTRIBUTE:
      return kind == GLOSS_ANNOTATION_CLAIM ? "claim-attribute" : "attribute";
    default:
      return "mixed";
    }
}

const char *
gloss_review_decision_to_string (GlossReviewDecision decision)
{
  switch (decision)
    {
    case GLOSS_REVIEW_PENDING:
      return "pending";
    case GLOSS_REVIEW_ACCEPTED:
      return "accepted";
    case GLOSS_REVIEW_EDITED:
      return "edited";
    case GLOSS_REVIEW_REJECTED:
      return "rejected";
    default:
      return "unknown";
    }
}

static void
gloss_review_group_finalize (GObject *object)
{
  GlossReviewGroup *self = GLOSS_REVIEW_GROUP (object);

  for (guint i = 0; i < self->n_annotators; i++)
    g_clear_object (&self->members[i]);
  g_free (self->members);
  g_clear_object (&self->gold);

  G_OBJECT_CLASS (gloss_review_group_parent_class)->finalize (object);
}

static void
gloss_review_group_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  GlossReviewGroup *self = GLOSS_REVIEW_GROUP (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_flags (value, gloss_review_group_get_status (self));
      break;
    case PROP_DIFFERENCES:
      g_value_set_flags (value, self->differences);
      break;
    case PROP_DECISION:
      g_value_set_enum (value, self->decision);
      break;
    case PROP_GOLD:
      g_value_set_object (value, self->gold);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_review_group_class_init (GlossReviewGroupClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gloss_review_group_finalize;
  object_class->get_property = gloss_review_group_get_property;

  properties[PROP_STATUS] =
    g_param_spec_flags ("status", NULL, NULL, GLOSS_TYPE_REVIEW_DIFFERENCES,
                        GLOSS_REVIEW_AGREED,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DIFFERENCES] =
    g_param_spec_flags ("differences", NULL, NULL, GLOSS_TYPE_REVIEW_DIFFERENCES,
                        GLOSS_REVIEW_AGREED,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_DECISION] =
    g_param_spec_enum ("decision", NULL, NULL, GLOSS_TYPE_REVIEW_DECISION,
                       GLOSS_REVIEW_PENDING,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_GOLD] =
    g_param_spec_object ("gold", NULL, NULL, GLOSS_TYPE_ANNOTATION,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gloss_review_group_init (GlossReviewGroup *self)
{
}

GlossReviewGroup *
_gloss_review_group_new (GlossAnnotationKind kind,
                         guint               n_annotators,
                         GlossAnnotation   **members)
{
  GlossReviewGroup *self = g_object_new (GLOSS_TYPE_REVIEW_GROUP, NULL);

  self->kind = kind;
  self->n_annotators = n_annotators;
  self->members = g_new0 (GlossAnnotation *, n_annotators);
  self->start = G_MAXUINT;
  self->end = 0;
  for (guint i = 0; i < n_annotators; i++)
    {
      GlossAnnotation *a = members[i];

      if (a == NULL)
        continue;
      self->members[i] = g_object_ref (a);
      self->n_present++;
      if (kind != GLOSS_ANNOTATION_RELATION)
        {
          self->start = MIN (self->start, gloss_annotation_get_start (a));
          self->end = MAX (self->end, gloss_annotation_get_end (a));
        }
    }
  if (self->start > self->end)
    self->start = self->end = 0;

  return self;
}

/* Relations take the place of their ends, which the review knows. */
void
_gloss_review_group_set_span (GlossReviewGroup *self,
                              guint             start,
                              guint             end)
{
  self->start = start;
  self->end = end;
}

void
_gloss_review_group_set_index (GlossReviewGroup *self,
                               guint             index)
{
  self->index = index;
}

void
_gloss_review_group_set_differences (GlossReviewGroup      *self,
                                     GlossReviewDifferences differences)
{
  GlossReviewDifferences old_status = gloss_review_group_get_status (self);

  if (self->differences == differences)
    return;
  self->differences = differences;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIFFERENCES]);
  if (gloss_review_group_get_status (self) != old_status)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

void
_gloss_review_group_set_decision (GlossReviewGroup   *self,
                                  GlossReviewDecision decision,
                                  GlossAnnotation    *gold)
{
  if (self->decision != decision)
    {
      self->decision = decision;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DECISION]);
    }
  if (g_set_object (&self->gold, gold))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GOLD]);
}

GlossAnnotation **
_gloss_review_group_get_members (GlossReviewGroup *self)
{
  return self->members;
}

GlossAnnotationKind
gloss_review_group_get_kind (GlossReviewGroup *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_GROUP (self), GLOSS_ANNOTATION_ENTITY);
  return self->kind;
}

guint
gloss_review_group_get_index (GlossReviewGroup *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_GROUP (self), 0);
  return self->index;
}

guint
gloss_review_group_get_start (GlossReviewGroup *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_GROUP (self), 0);
  return self->start;
}

guint
gloss_review_group_get_end (GlossReviewGroup *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_GROUP (self), 0);
  return self->end;
}

GlossReviewDifferences
gloss_review_group_get_status (GlossReviewGroup *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_GROUP (self), GLOSS_REVIEW_AGREED);

  /* The lowest bit is the first in the order of importance. */
  return self->differences & (~self->differences + 1);
}

GlossReviewDifferences
gloss_review_group_get_differences (GlossReviewGroup *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_GROUP (self), GLOSS_REVIEW_AGREED);
  return self->differences;
}

gboolean
gloss_review_group_is_agreed (GlossReviewGroup *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_GROUP (self), FALSE);
  return self->differences == GLOSS_REVIEW_AGREED;
}

guint
gloss_review_group_get_n_annotators (GlossReviewGroup *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_GROUP (self), 0);
  return self->n_annotators;
}

guint
gloss_review_group_get_n_present (GlossReviewGroup *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_GROUP (self), 0);
  return self->n_present;
}

GlossAnnotation *
gloss_review_group_get_annotation (GlossReviewGroup *self,
                                   guint             annotator)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_GROUP (self), NULL);
  g_return_val_if_fail (annotator < self->n_annotators, NULL);
  return self->members[annotator];
}

guint
gloss_review_group_get_first_present (GlossReviewGroup *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_GROUP (self), 0);

  for (guint i = 0; i < self->n_annotators; i++)
    if (self->members[i] != NULL)
      return i;
  g_return_val_if_reached (0);
}

GlossReviewDecision
gloss_review_group_get_decision (GlossReviewGroup *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_GROUP (self), GLOSS_REVIEW_PENDING);
  return self->decision;
}

GlossAnnotation *
gloss_review_group_get_gold (GlossReviewGroup *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_GROUP (self), NULL);
  return self->gold;
}
