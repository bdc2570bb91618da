/* gloss-review-swatch.c: a dot in an annotator's review colour
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-review"

#include "config.h"

#include <glib/gi18n.h>

#include "gloss-review-comment.h"
#include "gloss-review-swatch.h"
#include "gloss-tagset.h"

#define SWATCH_SIZE 10

struct _GlossReviewSwatch
{
  GtkWidget         parent_instance;

  GlossArticleView *view;  /* weak */
  guint             annotator;
  gboolean          filled;
};

G_DEFINE_FINAL_TYPE (GlossReviewSwatch, gloss_review_swatch, GTK_TYPE_WIDGET)

static void
gloss_review_swatch_measure (GtkWidget      *widget,
                             GtkOrientation  orientation,
                             int             for_size,
                             int            *minimum,
                             int            *natural,
                             int            *minimum_baseline,
                             int            *natural_baseline)
{
  *minimum = *natural = SWATCH_SIZE;
}

static void
gloss_review_swatch_snapshot (GtkWidget   *widget,
                              GtkSnapshot *snapshot)
{
  GlossReviewSwatch *self = GLOSS_REVIEW_SWATCH (widget);
  float w = gtk_widget_get_width (widget), h = gtk_widget_get_height (widget);
  float size = MIN (MIN (w, h), SWATCH_SIZE);
  graphene_rect_t rect = GRAPHENE_RECT_INIT ((w - size) / 2, (h - size) / 2, size, size);
  GskRoundedRect dot;
  GdkRGBA colour;

  if (self->view != NULL)
    gloss_article_view_get_annotator_colour (self->view, self->annotator, &colour);
  else
    gdk_rgba_parse (&colour, "#77767b");

  gsk_rounded_rect_init_from_rect (&dot, &rect, size / 2);
  if (self->filled)
    {
      gtk_snapshot_push_rounded_clip (snapshot, &dot);
      gtk_snapshot_append_color (snapshot, &colour, &rect);
      gtk_snapshot_pop (snapshot);
    }
  else
    {
      float widths[4] = { 1.5f, 1.5f, 1.5f, 1.5f };
      GdkRGBA colours[4] = { colour, colour, colour, colour };

      gtk_snapshot_append_border (snapshot, &dot, widths, colours);
    }
}

static void
gloss_review_swatch_dispose (GObject *object)
{
  GlossReviewSwatch *self = GLOSS_REVIEW_SWATCH (object);

  g_clear_weak_pointer (&self->view);

  G_OBJECT_CLASS (gloss_review_swatch_parent_class)->dispose (object);
}

static void
gloss_review_swatch_class_init (GlossReviewSwatchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gloss_review_swatch_dispose;
  widget_class->measure = gloss_review_swatch_measure;
  widget_class->snapshot = gloss_review_swatch_snapshot;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
gloss_review_swatch_init (GlossReviewSwatch *self)
{
  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
}

GtkWidget *
gloss_review_swatch_new (GlossArticleView *view,
                         guint             annotator,
                         gboolean          filled)
{
  GlossReviewSwatch *self;

  g_return_val_if_fail (view == NULL || GLOSS_IS_ARTICLE_VIEW (view), NULL);

  self = g_object_new (GLOSS_TYPE_REVIEW_SWATCH, NULL);
  g_set_weak_pointer (&self->view, view);
  self->annotator = annotator;
  self->filled = filled;
  return GTK_WIDGET (self);
}

const char *
gloss_review_status_label (GlossReviewDifferences status,
                           GlossAnnotationKind    kind)
{
  switch (status)
    {
    case GLOSS_REVIEW_AGREED:
      return _("Agreed");
    case GLOSS_REVIEW_MISSING:
      return _("Missing");
    case GLOSS_REVIEW_BOUNDARY:
      return _("Boundary");
    case GLOSS_REVIEW_TYPE:
      return _("Type");
    case GLOSS_REVIEW_SOURCE:
      return _("Claim source");
    case GLOSS_REVIEW_CUE:
      return _("Claim cue");
    case GLOSS_REVIEW_ATTRIBUTE:
      return kind == GLOSS_ANNOTATION_CLAIM ? _("Claim attribute") : _("Attribute");
    default:
      return _("Differs");
    }
}

const char *
gloss_review_status_icon (GlossReviewDifferences status)
{
  switch (status)
    {
    case GLOSS_REVIEW_AGREED:
      return "emblem-ok-symbolic";
    case GLOSS_REVIEW_MISSING:
      return "list-remove-symbolic";
    case GLOSS_REVIEW_BOUNDARY:
      return "format-justify-fill-symbolic";
    case GLOSS_REVIEW_TYPE:
      return "view-list-symbolic";
    case GLOSS_REVIEW_SOURCE:
      return "avatar-default-symbolic";
    case GLOSS_REVIEW_CUE:
      return "format-text-italic-symbolic";
    case GLOSS_REVIEW_ATTRIBUTE:
    default:
      return "document-properties-symbolic";
    }
}

static char *
quote (GlossDocument *document,
       guint          start,
       guint          end)
{
  g_autofree char *text = NULL;

  if (end > start + 90)
    {
      g_autofree char *head = gloss_document_dup_slice (document, start, start + 42);
      g_autofree char *tail = gloss_document_dup_slice (document, end - 42, end);

      text = g_strconcat (head, " … ", tail, NULL);
    }
  else
    {
      text = gloss_document_dup_slice (document, start, end);
    }
  g_strdelimit (text, "\r\n\t", ' ');
  return g_strdup_printf ("“%s”", text);
}

char *
gloss_review_format_group_text (GlossReview      *review,
                                GlossReviewGroup *group)
{
  GlossDocument *document;
  guint first;
  GlossAnnotation *annotation;

  g_return_val_if_fail (GLOSS_IS_REVIEW (review), NULL);
  g_return_val_if_fail (GLOSS_IS_REVIEW_GROUP (group), NULL);

  document = gloss_review_get_document (review);
  if (gloss_review_group_get_kind (group) != GLOSS_ANNOTATION_RELATION)
    return quote (document, gloss_review_group_get_start (group), gloss_review_group_get_end (group));

  first = gloss_review_group_get_first_present (group);
  annotation = gloss_review_group_get_annotation (group, first);
  if (annotation != NULL)
    {
      GlossAnnotationSet *set = gloss_review_get_set (review, first);
      GlossAnnotation *from = gloss_annotation_set_lookup (set, gloss_annotation_get_from (annotation));
      GlossAnnotation *to = gloss_annotation_set_lookup (set, gloss_annotation_get_to (annotation));

      if (from != NULL && to != NULL)
        {
          g_autofree char *a = quote (document, gloss_annotation_get_start (from), gloss_annotation_get_end (from));
          g_autofree char *b = quote (document, gloss_annotation_get_start (to), gloss_annotation_get_end (to));

          return g_strdup_printf ("%s → %s", a, b);
        }
    }
  return g_strdup ("");
}

const char *
gloss_review_format_version_type (GlossReview     *review,
                                  GlossAnnotation *annotation)
{
  GlossTagset *tagset;

  g_return_val_if_fail (GLOSS_IS_REVIEW (review), NULL);

  if (annotation == NULL)
    return "—";
  tagset = gloss_annotation_set_get_tagset (gloss_review_get_set (review, 0));
  switch (gloss_annotation_get_kind (annotation))
    {
    case GLOSS_ANNOTATION_ENTITY:
      {
        const GlossEntityType *type = gloss_tagset_lookup_entity_type (tagset, gloss_annotation_get_type_id (annotation));

        return type != NULL ? type->label : gloss_annotation_get_type_id (annotation);
      }
    case GLOSS_ANNOTATION_RELATION:
      {
        const GlossRelationType *type = gloss_tagset_lookup_relation_type (tagset, gloss_annotation_get_type_id (annotation));

        return type != NULL ? type->label : gloss_annotation_get_type_id (annotation);
      }
    case GLOSS_ANNOTATION_CLAIM:
    default:
      return _("Claim");
    }
}

GPtrArray *
gloss_review_find_comments (GlossReview      *review,
                            GlossReviewGroup *group,
                            guint             annotator,
                            GPtrArray        *comments)
{
  GPtrArray *found = g_ptr_array_new ();
  GlossAnnotation *annotation;
  const char *annotator_id;

  g_return_val_if_fail (GLOSS_IS_REVIEW (review), found);
  g_return_val_if_fail (GLOSS_IS_REVIEW_GROUP (group), found);

  annotation = gloss_review_group_get_annotation (group, annotator);
  if (annotation == NULL || comments == NULL)
    return found;
  annotator_id = gloss_review_get_annotator_id (review, annotator);
  for (guint i = 0; i < comments->len; i++)
    {
      GlossReviewComment *comment = g_ptr_array_index (comments, i);

      if (g_strcmp0 (comment->annotator, annotator_id) == 0
          && gloss_review_comment_find_target (comment, gloss_review_get_set (review, annotator)) == annotation)
        g_ptr_array_add (found, comment);
    }
  return found;
}
