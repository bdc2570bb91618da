/* gloss-review-versions.c: the versions of one review group, side by side
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-review"

#include "config.h"

#include <glib/gi18n.h>

#include "gloss-review-comment.h"
#include "gloss-review-swatch.h"
#include "gloss-review-versions.h"
#include "gloss-tagset.h"

typedef struct
{
  GtkWidget *box;
  GtkWidget *accept;
  GtkWidget *edit;
  GtkWidget *comment;
  GtkWidget *comment_entry;
  GString   *text;   /* what the column shows, for tests */
} Column;

struct _GlossReviewVersions
{
  GtkWidget                parent_instance;

  GlossReviewAdjudication *adjudication;
  GlossReviewGroup        *group;
  GlossArticleView        *colours; /* weak */
  GPtrArray               *comments;
  GArray                  *columns;  /* Column */

  GtkWidget               *header_icon;
  GtkWidget               *header_label;
  GtkWidget               *place_label;
  GtkWidget               *decision_label;
  GtkWidget               *columns_box;
  GtkWidget               *reason_entry;
  GtkWidget               *reject_button;
  GtkWidget               *empty_label;
  GtkWidget               *content;
};

G_DEFINE_FINAL_TYPE (GlossReviewVersions, gloss_review_versions, GTK_TYPE_WIDGET)

enum
{
  ACCEPT,
  EDIT,
  REJECT,
  COMMENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GlossReview *
get_review (GlossReviewVersions *self)
{
  return self->adjudication != NULL ? gloss_review_adjudication_get_review (self->adjudication) : NULL;
}

static void
column_clear (gpointer data)
{
  Column *column = data;

  if (column->text != NULL)
    g_string_free (column->text, TRUE);
  column->text = NULL;
}

/* The reason typed, or NULL. */
static char *
dup_reason (GlossReviewVersions *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->reason_entry));
  g_autofree char *reason = g_strstrip (g_strdup (text));

  return reason[0] != '\0' ? g_steal_pointer (&reason) : NULL;
}

static void
accept_clicked_cb (GtkButton           *button,
                   GlossReviewVersions *self)
{
  guint annotator = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "annotator"));
  g_autofree char *reason = dup_reason (self);

  g_signal_emit (self, signals[ACCEPT], 0, annotator, reason);
}

static void
edit_clicked_cb (GtkButton           *button,
                 GlossReviewVersions *self)
{
  guint annotator = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "annotator"));
  g_autofree char *reason = dup_reason (self);

  g_signal_emit (self, signals[EDIT], 0, annotator, reason);
}

static void
reject_clicked_cb (GlossReviewVersions *self)
{
  g_autofree char *reason = dup_reason (self);

  g_signal_emit (self, signals[REJECT], 0, reason);
}

static void
comment_activate_cb (GtkWidget           *entry,
                     GlossReviewVersions *self)
{
  guint annotator = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (entry), "annotator"));
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  GtkWidget *popover = gtk_widget_get_ancestor (entry, GTK_TYPE_POPOVER);

  if (text[0] == '\0')
    return;
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  g_signal_emit (self, signals[COMMENT], 0, annotator, text);
}

/* Text */

static char *
quote (GlossReview *review,
       guint        start,
       guint        end)
{
  g_autofree char *text = gloss_document_dup_slice (gloss_review_get_document (review), start, end);

  g_strdelimit (text, "\r\n\t", ' ');
  return g_strdup_printf ("“%s”", text);
}

static char *
source_text (GlossReview     *review,
             guint            annotator,
             GlossAnnotation *claim)
{
  guint s, e;

  switch (gloss_annotation_get_source_kind (claim))
    {
    case GLOSS_SOURCE_ENTITY:
      {
        GlossAnnotation *entity = gloss_annotation_set_lookup (gloss_review_get_set (review, annotator),
                                                               gloss_annotation_get_source_entity (claim));

        if (entity != NULL)
          return quote (review, gloss_annotation_get_start (entity), gloss_annotation_get_end (entity));
        return g_strdup ("?");
      }
    case GLOSS_SOURCE_SPAN:
      if (gloss_annotation_get_source_span (claim, &s, &e))
        return quote (review, s, e);
      return g_strdup ("?");
    case GLOSS_SOURCE_ARTICLE:
      return g_strdup (_("the article itself"));
    case GLOSS_SOURCE_NONE:
    default:
      return g_strdup (_("not chosen"));
    }
}

static char *
attribute_line (GlossReview     *review,
                GlossAnnotation *annotation,
                const char      *name)
{
  GlossTagset *tagset = gloss_annotation_set_get_tagset (gloss_review_get_set (review, 0));
  const GlossAttributeDef *def = gloss_tagset_lookup_attribute (tagset, name);
  const char *value = gloss_annotation_get_attribute (annotation, name);
  const char *value_label = value;

  if (value == NULL)
    value_label = _("(none)");
  else if (def != NULL && def->values != NULL)
    for (guint v = 0; def->values[v] != NULL; v++)
      if (g_str_equal (def->values[v], value))
        value_label = def->value_labels[v];
  return g_strdup_printf ("%s: %s", def != NULL ? def->label : name, value_label);
}

/* Whether @name has another value (or none) in some other version. */
static gboolean
attribute_differs (GlossReviewGroup *group,
                   const char       *name)
{
  const char *first = NULL;
  gboolean seen = FALSE;

  for (guint a = 0; a < gloss_review_group_get_n_annotators (group); a++)
    {
      GlossAnnotation *annotation = gloss_review_group_get_annotation (group, a);
      const char *value;

      if (annotation == NULL)
        continue;
      value = gloss_annotation_get_attribute (annotation, name);
      if (!seen)
        {
          first = value;
          seen = TRUE;
        }
      else if (g_strcmp0 (first, value) != 0)
        return TRUE;
    }
  return FALSE;
}

static GtkWidget *
field_label (Column     *column,
             const char *text,
             gboolean    differs,
             const char *css)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), FALSE);
  if (differs)
    gtk_widget_add_css_class (label, "gloss-review-differs");
  if (css != NULL)
    gtk_widget_add_css_class (label, css);
  gtk_box_append (GTK_BOX (column->box), label);
  g_string_append_printf (column->text, "%s%s\n", text, differs ? " *" : "");
  return label;
}

static void
add_attributes (GlossReview      *review,
                GlossReviewGroup *group,
                GlossAnnotation  *annotation,
                Column           *column)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  /* Every attribute any version has, so that one left out shows. */
  for (guint a = 0; a < gloss_review_group_get_n_annotators (group); a++)
    {
      GlossAnnotation *other = gloss_review_group_get_annotation (group, a);

      if (other == NULL)
        continue;
      for (guint i = 0; i < gloss_annotation_get_n_attributes (other); i++)
        {
          const char *name, *value;

          gloss_annotation_get_nth_attribute (other, i, &name, &value);
          if (!g_ptr_array_find_with_equal_func (names, name, g_str_equal, NULL))
            g_ptr_array_add (names, (gpointer) name);
        }
    }
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autofree char *line = attribute_line (review, annotation, name);

      field_label (column, line, attribute_differs (group, name), "caption");
    }
}

static char *
decision_text (GlossReviewVersions *self)
{
  GlossReview *review = get_review (self);
  GlossReviewDecision decision = gloss_review_group_get_decision (self->group);
  GlossReviewRecord *record = NULL;
  g_autoptr(GPtrArray) history = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *time = NULL;
  g_autofree char *text = NULL;

  if (decision == GLOSS_REVIEW_PENDING)
    return g_strdup (_("Not decided yet: accept one version, or reject them all."));

  if (decision == GLOSS_REVIEW_REJECTED)
    record = gloss_review_adjudication_get_rejection (self->adjudication, self->group);
  else if (gloss_review_group_get_gold (self->group) != NULL)
    {
      history = gloss_review_adjudication_get_history (self->adjudication, gloss_review_group_get_gold (self->group));
      if (history != NULL && history->len > 0)
        record = g_ptr_array_index (history, history->len - 1);
    }
  if (record == NULL)
    return g_strdup (gloss_review_decision_to_string (decision));

  when = g_date_time_new_from_unix_local (record->time);
  time = when != NULL ? g_date_time_format (when, "%e %b %H:%M") : g_strdup ("");
  g_strstrip (time);
  switch (decision)
    {
    case GLOSS_REVIEW_REJECTED:
      /* Translators: who rejected the versions, and when */
      text = g_strdup_printf (_("Rejected by %s, %s"), record->reviewer, time);
      break;
    case GLOSS_REVIEW_EDITED:
      /* Translators: who edited the gold version, and when */
      text = g_strdup_printf (_("Edited in gold by %s, %s"), record->reviewer, time);
      break;
    case GLOSS_REVIEW_ACCEPTED:
    case GLOSS_REVIEW_PENDING:
    default:
      /* Translators: whose version went into gold, who decided, when */
      text = g_strdup_printf (g_strcmp0 (record->action, "agreed") == 0
                              ? _("Agreed version of %s accepted by %s, %s")
                              : _("%s’s version accepted by %s, %s"),
                              record->annotator != NULL ? record->annotator : "?", record->reviewer, time);
      break;
    }
  if (record->reason != NULL)
    {
      char *with_reason = g_strdup_printf ("%s — “%s”", text, record->reason);

      g_free (text);
      text = with_reason;
    }
  (void) review;
  return g_steal_pointer (&text);
}

/* Which annotator's version is in gold (accepted), or -1. */
static int
chosen_annotator (GlossReviewVersions *self)
{
  GlossReview *review = get_review (self);
  g_autoptr(GPtrArray) history = NULL;
  GlossAnnotation *gold = gloss_review_group_get_gold (self->group);

  if (gold == NULL)
    return -1;
  history = gloss_review_adjudication_get_history (self->adjudication, gold);
  for (guint i = history != NULL ? history->len : 0; i > 0; i--)
    {
      GlossReviewRecord *record = g_ptr_array_index (history, i - 1);

      if (record->annotator != NULL)
        return gloss_review_find_annotator (review, record->annotator);
    }
  return -1;
}

static GtkWidget *
small_button (const char *label,
              const char *accessible)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  return button;
}

static void
build_column (GlossReviewVersions *self,
              guint                annotator,
              Column              *column,
              int                  chosen)
{
  GlossReview *review = get_review (self);
  GlossReviewGroup *group = self->group;
  GlossAnnotation *annotation = gloss_review_group_get_annotation (group, annotator);
  GlossReviewDifferences differences = gloss_review_group_get_differences (group);
  const char *id = gloss_review_get_annotator_id (review, annotator);
  GtkWidget *head, *name, *buttons, *popover, *popover_box;
  g_autoptr(GPtrArray) comments = NULL;
  char *accessible;

  column->text = g_string_new (NULL);
  column->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  gtk_widget_set_hexpand (column->box, TRUE);
  gtk_widget_set_size_request (column->box, 150, -1);
  gtk_widget_add_css_class (column->box, "gloss-review-version");
  if ((int) annotator == chosen)
    gtk_widget_add_css_class (column->box, "gloss-review-chosen");

  head = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (head), gloss_review_swatch_new (self->colours, annotator, annotation != NULL));
  name = gtk_label_new (id);
  gtk_widget_add_css_class (name, "heading");
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (head), name);
  if ((int) annotator == chosen)
    {
      GtkWidget *in_gold = gtk_image_new_from_icon_name ("emblem-ok-symbolic");

      gtk_widget_set_tooltip_text (in_gold, _("This version is in gold"));
      gtk_widget_add_css_class (in_gold, "success");
      gtk_box_append (GTK_BOX (head), in_gold);
    }
  gtk_box_append (GTK_BOX (column->box), head);
  g_string_append_printf (column->text, "%s\n", id);

  if (annotation == NULL)
    {
      field_label (column, _("Not marked"), TRUE, "dim-label");
    }
  else
    {
      GlossAnnotationKind kind = gloss_annotation_get_kind (annotation);

      field_label (column, gloss_review_format_version_type (review, annotation),
                   (differences & GLOSS_REVIEW_TYPE) != 0, "heading");
      if (kind != GLOSS_ANNOTATION_RELATION)
        {
          g_autofree char *text = quote (review, gloss_annotation_get_start (annotation),
                                         gloss_annotation_get_end (annotation));
          g_autofree char *place = g_strdup_printf ("%u–%u", gloss_annotation_get_start (annotation),
                                                    gloss_annotation_get_end (annotation));

          field_label (column, text, (differences & GLOSS_REVIEW_BOUNDARY) != 0, NULL);
          field_label (column, place, (differences & GLOSS_REVIEW_BOUNDARY) != 0, "caption");
        }
      if (kind == GLOSS_ANNOTATION_CLAIM)
        {
          g_autofree char *source = source_text (review, annotator, annotation);
          g_autofree char *source_line = g_strdup_printf (_("Source: %s"), source);
          g_autofree char *cue_line = NULL;
          guint s, e;

          field_label (column, source_line, (differences & GLOSS_REVIEW_SOURCE) != 0, "caption");
          if (gloss_annotation_get_cue (annotation, &s, &e))
            {
              g_autofree char *cue = quote (review, s, e);

              cue_line = g_strdup_printf (_("Cue: %s"), cue);
            }
          else
            cue_line = g_strdup (_("Cue: none"));
          field_label (column, cue_line, (differences & GLOSS_REVIEW_CUE) != 0, "caption");
        }
      if (kind == GLOSS_ANNOTATION_RELATION)
        {
          g_autofree char *text = gloss_review_describe (review, annotator, annotation);

          field_label (column, text, FALSE, "caption");
        }
      add_attributes (review, group, annotation, column);
    }

  comments = gloss_review_find_comments (review, group, annotator, self->comments);
  for (guint i = 0; i < comments->len; i++)
    {
      GlossReviewComment *comment = g_ptr_array_index (comments, i);
      g_autofree char *line = g_strdup_printf ("%s: %s", comment->author, comment->text);

      field_label (column, line, FALSE, "gloss-review-comment");
    }

  buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  gtk_widget_set_margin_top (buttons, 6);
  gtk_widget_set_valign (buttons, GTK_ALIGN_END);
  gtk_widget_set_vexpand (buttons, TRUE);

  /* Translators: the accessible name of a button; %s is an annotator id */
  accessible = g_strdup_printf (_("Accept %s’s version"), id);
  column->accept = small_button (_("_Accept"), accessible);
  gtk_widget_set_tooltip_text (column->accept, _("Put this version into gold"));
  gtk_widget_add_css_class (column->accept, "suggested-action");
  g_free (accessible);

  /* Translators: the accessible name of a button; %s is an annotator id */
  accessible = g_strdup_printf (_("Edit %s’s version in gold"), id);
  column->edit = small_button (_("_Edit"), accessible);
  gtk_widget_set_tooltip_text (column->edit, _("Accept this version, then change it in gold"));
  g_free (accessible);

  /* Translators: the accessible name of a button; %s is an annotator id */
  accessible = g_strdup_printf (_("Comment on %s’s version"), id);
  column->comment = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (column->comment), "chat-message-new-symbolic");
  gtk_widget_set_tooltip_text (column->comment, _("Comment on this version"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (column->comment),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  popover = gtk_popover_new ();
  popover_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  column->comment_entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (column->comment_entry), _("Your comment"));
  gtk_widget_set_size_request (column->comment_entry, 260, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (column->comment_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  g_object_set_data (G_OBJECT (column->comment_entry), "annotator", GUINT_TO_POINTER (annotator));
  g_signal_connect (column->comment_entry, "activate", G_CALLBACK (comment_activate_cb), self);
  gtk_box_append (GTK_BOX (popover_box), column->comment_entry);
  gtk_popover_set_child (GTK_POPOVER (popover), popover_box);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (column->comment), popover);

  for (GtkWidget **b = (GtkWidget *[]) { column->accept, column->edit, NULL }; *b != NULL; b++)
    {
      g_object_set_data (G_OBJECT (*b), "annotator", GUINT_TO_POINTER (annotator));
      gtk_widget_set_sensitive (*b, annotation != NULL);
      gtk_box_append (GTK_BOX (buttons), *b);
    }
  g_signal_connect (column->accept, "clicked", G_CALLBACK (accept_clicked_cb), self);
  g_signal_connect (column->edit, "clicked", G_CALLBACK (edit_clicked_cb), self);
  gtk_widget_set_sensitive (column->comment, annotation != NULL);
  gtk_box_append (GTK_BOX (buttons), column->comment);
  gtk_box_append (GTK_BOX (column->box), buttons);
  g_free (accessible);
}

void
gloss_review_versions_update (GlossReviewVersions *self)
{
  GlossReview *review;
  GtkWidget *child;
  g_autofree char *place = NULL;
  g_autofree char *decision = NULL;
  GlossReviewDifferences status;
  int chosen;

  g_return_if_fail (GLOSS_IS_REVIEW_VERSIONS (self));

  while ((child = gtk_widget_get_first_child (self->columns_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->columns_box), child);
  g_array_set_size (self->columns, 0);

  review = get_review (self);
  gtk_widget_set_visible (self->content, self->group != NULL && review != NULL);
  gtk_widget_set_visible (self->empty_label, self->group == NULL || review == NULL);
  if (self->group == NULL || review == NULL)
    return;

  status = gloss_review_group_get_status (self->group);
  gtk_image_set_from_icon_name (GTK_IMAGE (self->header_icon), gloss_review_status_icon (status));
  gtk_label_set_text (GTK_LABEL (self->header_label),
                      gloss_review_status_label (status, gloss_review_group_get_kind (self->group)));
  place = gloss_review_format_group_text (review, self->group);
  gtk_label_set_text (GTK_LABEL (self->place_label), place);
  decision = decision_text (self);
  gtk_label_set_text (GTK_LABEL (self->decision_label), decision);

  chosen = chosen_annotator (self);
  g_array_set_size (self->columns, gloss_review_group_get_n_annotators (self->group));
  for (guint a = 0; a < self->columns->len; a++)
    {
      Column *column = &g_array_index (self->columns, Column, a);

      build_column (self, a, column, chosen);
      if (a > 0)
        gtk_box_append (GTK_BOX (self->columns_box), gtk_separator_new (GTK_ORIENTATION_VERTICAL));
      gtk_box_append (GTK_BOX (self->columns_box), column->box);
    }
  gtk_widget_set_sensitive (self->reject_button,
                            gloss_review_group_get_decision (self->group) != GLOSS_REVIEW_REJECTED);
}

/* API */

GtkWidget *
gloss_review_versions_new (void)
{
  return g_object_new (GLOSS_TYPE_REVIEW_VERSIONS, NULL);
}

void
gloss_review_versions_set_adjudication (GlossReviewVersions     *self,
                                        GlossReviewAdjudication *adjudication)
{
  g_return_if_fail (GLOSS_IS_REVIEW_VERSIONS (self));

  if (g_set_object (&self->adjudication, adjudication))
    {
      g_clear_object (&self->group);
      gloss_review_versions_update (self);
    }
}

void
gloss_review_versions_set_colours (GlossReviewVersions *self,
                                   GlossArticleView    *view)
{
  g_return_if_fail (GLOSS_IS_REVIEW_VERSIONS (self));

  g_set_weak_pointer (&self->colours, view);
}

void
gloss_review_versions_set_comments (GlossReviewVersions *self,
                                    GPtrArray           *comments)
{
  g_return_if_fail (GLOSS_IS_REVIEW_VERSIONS (self));

  if (comments != NULL)
    g_ptr_array_ref (comments);
  g_clear_pointer (&self->comments, g_ptr_array_unref);
  self->comments = comments;
  gloss_review_versions_update (self);
}

GlossReviewGroup *
gloss_review_versions_get_group (GlossReviewVersions *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_VERSIONS (self), NULL);

  return self->group;
}

void
gloss_review_versions_set_group (GlossReviewVersions *self,
                                 GlossReviewGroup    *group)
{
  g_return_if_fail (GLOSS_IS_REVIEW_VERSIONS (self));

  if (self->group != group)
    gtk_editable_set_text (GTK_EDITABLE (self->reason_entry), "");
  g_set_object (&self->group, group);
  gloss_review_versions_update (self);
}

static Column *
get_column (GlossReviewVersions *self,
            guint                annotator)
{
  if (annotator >= self->columns->len)
    return NULL;
  return &g_array_index (self->columns, Column, annotator);
}

GtkWidget *
gloss_review_versions_get_accept_button (GlossReviewVersions *self,
                                         guint                annotator)
{
  Column *column;

  g_return_val_if_fail (GLOSS_IS_REVIEW_VERSIONS (self), NULL);

  column = get_column (self, annotator);
  return column != NULL ? column->accept : NULL;
}

GtkWidget *
gloss_review_versions_get_edit_button (GlossReviewVersions *self,
                                       guint                annotator)
{
  Column *column;

  g_return_val_if_fail (GLOSS_IS_REVIEW_VERSIONS (self), NULL);

  column = get_column (self, annotator);
  return column != NULL ? column->edit : NULL;
}

GtkWidget *
gloss_review_versions_get_reject_button (GlossReviewVersions *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_VERSIONS (self), NULL);

  return self->reject_button;
}

GtkWidget *
gloss_review_versions_get_reason_entry (GlossReviewVersions *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_VERSIONS (self), NULL);

  return self->reason_entry;
}

char *
gloss_review_versions_dup_column_text (GlossReviewVersions *self,
                                       guint                annotator)
{
  Column *column;

  g_return_val_if_fail (GLOSS_IS_REVIEW_VERSIONS (self), NULL);

  column = get_column (self, annotator);
  return column != NULL ? g_strdup (column->text->str) : NULL;
}

/* GObject */

static void
gloss_review_versions_dispose (GObject *object)
{
  GlossReviewVersions *self = GLOSS_REVIEW_VERSIONS (object);

  g_clear_pointer (&self->content, gtk_widget_unparent);
  g_clear_pointer (&self->empty_label, gtk_widget_unparent);
  g_clear_object (&self->adjudication);
  g_clear_object (&self->group);
  g_clear_weak_pointer (&self->colours);
  g_clear_pointer (&self->comments, g_ptr_array_unref);

  G_OBJECT_CLASS (gloss_review_versions_parent_class)->dispose (object);
}

static void
gloss_review_versions_finalize (GObject *object)
{
  GlossReviewVersions *self = GLOSS_REVIEW_VERSIONS (object);

  g_clear_pointer (&self->columns, g_array_unref);

  G_OBJECT_CLASS (gloss_review_versions_parent_class)->finalize (object);
}

static void
gloss_review_versions_class_init (GlossReviewVersionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gloss_review_versions_dispose;
  object_class->finalize = gloss_review_versions_finalize;

  signals[ACCEPT] =
    g_signal_new ("accept", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
  signals[EDIT] =
    g_signal_new ("edit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
  signals[REJECT] =
    g_signal_new ("reject", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[COMMENT] =
    g_signal_new ("comment", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "glossreviewversions");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
gloss_review_versions_init (GlossReviewVersions *self)
{
  GtkWidget *header, *scroller, *bottom;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);
  self->columns = g_array_new (FALSE, TRUE, sizeof (Column));
  g_array_set_clear_func (self->columns, column_clear);

  self->content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_vexpand (self->content, TRUE);
  gtk_widget_set_margin_start (self->content, 12);
  gtk_widget_set_margin_end (self->content, 12);
  gtk_widget_set_margin_top (self->content, 10);
  gtk_widget_set_margin_bottom (self->content, 10);

  header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  self->header_icon = gtk_image_new ();
  gtk_box_append (GTK_BOX (header), self->header_icon);
  self->header_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->header_label, "heading");
  gtk_box_append (GTK_BOX (header), self->header_label);
  self->place_label = gtk_label_new (NULL);
  gtk_label_set_ellipsize (GTK_LABEL (self->place_label), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (self->place_label), 0);
  gtk_widget_set_hexpand (self->place_label, TRUE);
  gtk_box_append (GTK_BOX (header), self->place_label);
  gtk_box_append (GTK_BOX (self->content), header);

  self->decision_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->decision_label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->decision_label), TRUE);
  gtk_widget_add_css_class (self->decision_label, "dim-label");
  gtk_widget_add_css_class (self->decision_label, "caption");
  gtk_box_append (GTK_BOX (self->content), self->decision_label);

  self->columns_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_set_homogeneous (GTK_BOX (self->columns_box), FALSE);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->columns_box);
  gtk_box_append (GTK_BOX (self->content), scroller);

  bottom = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  self->reason_entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (self->reason_entry), _("Reason (optional)"));
  gtk_widget_set_hexpand (self->reason_entry, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->reason_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reason for the decision"),
                                  -1);
  gtk_box_append (GTK_BOX (bottom), self->reason_entry);
  self->reject_button = gtk_button_new_with_mnemonic (_("_Reject All"));
  gtk_widget_set_tooltip_text (self->reject_button, _("None of these versions goes into gold"));
  gtk_widget_add_css_class (self->reject_button, "destructive-action");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->reject_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Reject all versions"),
                                  -1);
  g_signal_connect_swapped (self->reject_button, "clicked", G_CALLBACK (reject_clicked_cb), self);
  gtk_box_append (GTK_BOX (bottom), self->reject_button);
  gtk_box_append (GTK_BOX (self->content), bottom);
  gtk_widget_set_parent (self->content, GTK_WIDGET (self));

  self->empty_label = gtk_label_new (_("Select a disagreement to see its versions side by side."));
  gtk_label_set_wrap (GTK_LABEL (self->empty_label), TRUE);
  gtk_label_set_justify (GTK_LABEL (self->empty_label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (self->empty_label, "dim-label");
  gtk_widget_set_vexpand (self->empty_label, TRUE);
  gtk_widget_set_margin_start (self->empty_label, 24);
  gtk_widget_set_margin_end (self->empty_label, 24);
  gtk_widget_set_parent (self->empty_label, GTK_WIDGET (self));

  gloss_review_versions_update (self);
}
