/* gloss-review-list.c: the groups of a review that need a decision
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-review"

#include "config.h"

#include <glib/gi18n.h>

#include "gloss-review-comment.h"
#include "gloss-review-list.h"
#include "gloss-review-swatch.h"

struct _GlossReviewList
{
  GtkWidget           parent_instance;

  GlossReview        *review;
  GlossArticleView   *colours; /* weak */
  GPtrArray          *comments;
  gboolean            show_agreed;

  GtkSingleSelection *selection;
  GtkListView        *list_view;
  GtkWidget          *scroller;
  GtkWidget          *empty_label;
};

G_DEFINE_FINAL_TYPE (GlossReviewList, gloss_review_list, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_REVIEW,
  PROP_SELECTED_GROUP,
  PROP_SHOW_AGREED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Rows */

typedef struct
{
  GtkImage  *status_icon;
  GtkLabel  *status_label;
  GtkLabel  *decision_label;
  GtkImage  *comment_icon;
  GtkLabel  *text_label;
  GtkBox    *who_box;
  GlossReviewGroup *group;
  gulong     handler;
} Row;

static const char *
decision_label (GlossReviewDecision decision)
{
  switch (decision)
    {
    case GLOSS_REVIEW_ACCEPTED:
      return _("Accepted");
    case GLOSS_REVIEW_EDITED:
      return _("Edited");
    case GLOSS_REVIEW_REJECTED:
      return _("Rejected");
    case GLOSS_REVIEW_PENDING:
    default:
      return "";
    }
}

static char *
comments_text (GlossReviewList  *self,
               GlossReviewGroup *group,
               guint            *n_comments)
{
  GString *out = g_string_new (NULL);

  *n_comments = 0;
  for (guint a = 0; a < gloss_review_group_get_n_annotators (group); a++)
    {
      g_autoptr(GPtrArray) found = gloss_review_find_comments (self->review, group, a, self->comments);

      for (guint i = 0; i < found->len; i++)
        {
          GlossReviewComment *comment = g_ptr_array_index (found, i);

          if (out->len > 0)
            g_string_append_c (out, '\n');
          /* Translators: a comment: its author, whose version, the text */
          g_string_append_printf (out, _("%s on %s’s version: %s"),
                                  comment->author, comment->annotator, comment->text);
          (*n_comments)++;
        }
    }
  return g_string_free (out, FALSE);
}

static void
row_update (GlossReviewList *self,
            Row             *row)
{
  GlossReviewGroup *group = row->group;
  GlossReviewDifferences status;
  GlossReviewDecision decision;
  g_autofree char *text = NULL;
  g_autofree char *comments = NULL;
  GtkWidget *child;
  guint n_comments;

  if (group == NULL || self->review == NULL)
    return;

  status = gloss_review_group_get_status (group);
  decision = gloss_review_group_get_decision (group);
  gtk_image_set_from_icon_name (row->status_icon, gloss_review_status_icon (status));
  gtk_label_set_text (row->status_label, gloss_review_status_label (status, gloss_review_group_get_kind (group)));
  gtk_label_set_text (row->decision_label, decision_label (decision));
  gtk_widget_set_visible (GTK_WIDGET (row->decision_label), decision != GLOSS_REVIEW_PENDING);
  gtk_widget_remove_css_class (GTK_WIDGET (row->decision_label), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (row->decision_label), "error");
  if (decision == GLOSS_REVIEW_ACCEPTED || decision == GLOSS_REVIEW_EDITED)
    gtk_widget_add_css_class (GTK_WIDGET (row->decision_label), "success");
  else if (decision == GLOSS_REVIEW_REJECTED)
    gtk_widget_add_css_class (GTK_WIDGET (row->decision_label), "error");

  text = gloss_review_format_group_text (self->review, group);
  gtk_label_set_text (row->text_label, text);

  comments = comments_text (self, group, &n_comments);
  gtk_widget_set_visible (GTK_WIDGET (row->comment_icon), n_comments > 0);
  gtk_widget_set_tooltip_text (GTK_WIDGET (row->comment_icon), n_comments > 0 ? comments : NULL);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (row->who_box))) != NULL)
    gtk_box_remove (row->who_box, child);
  for (guint a = 0; a < gloss_review_group_get_n_annotators (group); a++)
    {
      GlossAnnotation *annotation = gloss_review_group_get_annotation (group, a);
      GtkWidget *label;
      g_autofree char *who = g_strdup_printf ("%s %s", gloss_review_get_annotator_id (self->review, a),
                                              gloss_review_format_version_type (self->review, annotation));

      gtk_box_append (row->who_box, gloss_review_swatch_new (self->colours, a, annotation != NULL));
      label = gtk_label_new (who);
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (label, "caption");
      if (annotation == NULL)
        gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_set_margin_end (label, 6);
      gtk_box_append (row->who_box, label);
    }
}

static void
row_free (gpointer data)
{
  Row *row = data;

  if (row->group != NULL && row->handler != 0)
    g_signal_handler_disconnect (row->group, row->handler);
  g_clear_object (&row->group);
  g_free (row);
}

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          GlossReviewList          *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 10);
  GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  Row *row = g_new0 (Row, 1);

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 8);

  row->status_icon = GTK_IMAGE (gtk_image_new ());
  gtk_widget_set_valign (GTK_WIDGET (row->status_icon), GTK_ALIGN_START);
  gtk_widget_set_margin_top (GTK_WIDGET (row->status_icon), 2);
  gtk_widget_add_css_class (GTK_WIDGET (row->status_icon), "gloss-review-status-icon");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->status_icon));

  row->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (row->status_label, 0);
  gtk_widget_set_hexpand (GTK_WIDGET (row->status_label), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (row->status_label), "heading");
  gtk_box_append (GTK_BOX (top), GTK_WIDGET (row->status_label));
  row->comment_icon = GTK_IMAGE (gtk_image_new_from_icon_name ("chat-message-new-symbolic"));
  gtk_widget_add_css_class (GTK_WIDGET (row->comment_icon), "gloss-review-comment-marker");
  gtk_box_append (GTK_BOX (top), GTK_WIDGET (row->comment_icon));
  row->decision_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (row->decision_label), "caption-heading");
  gtk_box_append (GTK_BOX (top), GTK_WIDGET (row->decision_label));
  gtk_box_append (GTK_BOX (column), top);

  row->text_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (row->text_label, 0);
  gtk_label_set_ellipsize (row->text_label, PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (column), GTK_WIDGET (row->text_label));

  row->who_box = GTK_BOX (gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4));
  gtk_box_append (GTK_BOX (column), GTK_WIDGET (row->who_box));

  gtk_widget_set_hexpand (column, TRUE);
  gtk_box_append (GTK_BOX (box), column);
  g_object_set_data_full (G_OBJECT (box), "gloss-review-row", row, row_free);
  gtk_list_item_set_child (item, box);
}

static void
group_notify_cb (GlossReviewGroup *group,
                 GParamSpec       *pspec,
                 GtkWidget        *box)
{
  GlossReviewList *self = GLOSS_REVIEW_LIST (gtk_widget_get_ancestor (box, GLOSS_TYPE_REVIEW_LIST));
  Row *row = g_object_get_data (G_OBJECT (box), "gloss-review-row");

  if (self != NULL)
    row_update (self, row);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         GlossReviewList          *self)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  Row *row = g_object_get_data (G_OBJECT (box), "gloss-review-row");
  g_autofree char *text = NULL;
  GtkWidget *row_widget;

  row->group = g_object_ref (gtk_list_item_get_item (item));
  row->handler = g_signal_connect_object (row->group, "notify::decision",
                                          G_CALLBACK (group_notify_cb), box, 0);
  row_update (self, row);

  /* The list row is what assistive technology names. */
  text = gloss_review_list_dup_row_text (self, gtk_list_item_get_position (item));
  row_widget = gtk_widget_get_parent (box);
  if (row_widget != NULL && text != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (row_widget),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, text,
                                    -1);
}

static void
unbind_cb (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           GlossReviewList          *self)
{
  Row *row = g_object_get_data (G_OBJECT (gtk_list_item_get_child (item)), "gloss-review-row");

  if (row->group != NULL && row->handler != 0)
    g_signal_handler_disconnect (row->group, row->handler);
  row->handler = 0;
  g_clear_object (&row->group);
}

/* Model */

static void
update_empty (GlossReviewList *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));

  gtk_widget_set_visible (self->scroller, n > 0);
  gtk_widget_set_visible (self->empty_label, n == 0);
  gtk_label_set_text (GTK_LABEL (self->empty_label),
                      self->review == NULL ? _("Nothing to compare")
                                           : _("The annotators agree on everything"));
}

static void
update_model (GlossReviewList *self)
{
  GListModel *model = NULL;

  if (self->review != NULL)
    model = self->show_agreed ? gloss_review_get_groups (self->review)
                              : gloss_review_get_disagreements (self->review);
  gtk_single_selection_set_model (self->selection, model);
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  update_empty (self);
}

static void
selected_cb (GlossReviewList *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_GROUP]);
}

static void
refreshed_cb (GlossReviewList *self)
{
  /* The rows on screen show the groups' new state. */
  GtkListItemFactory *factory = g_object_ref (gtk_list_view_get_factory (self->list_view));

  gtk_list_view_set_factory (self->list_view, NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  update_empty (self);
}

/* API */

GtkWidget *
gloss_review_list_new (void)
{
  return g_object_new (GLOSS_TYPE_REVIEW_LIST, NULL);
}

GlossReview *
gloss_review_list_get_review (GlossReviewList *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_LIST (self), NULL);

  return self->review;
}

void
gloss_review_list_set_review (GlossReviewList *self,
                              GlossReview     *review)
{
  g_return_if_fail (GLOSS_IS_REVIEW_LIST (self));
  g_return_if_fail (review == NULL || GLOSS_IS_REVIEW (review));

  if (self->review == review)
    return;
  if (self->review != NULL)
    g_signal_handlers_disconnect_by_data (self->review, self);
  g_set_object (&self->review, review);
  if (review != NULL)
    g_signal_connect_object (review, "refreshed", G_CALLBACK (refreshed_cb), self, G_CONNECT_SWAPPED);
  update_model (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVIEW]);
}

void
gloss_review_list_set_colours (GlossReviewList  *self,
                               GlossArticleView *view)
{
  g_return_if_fail (GLOSS_IS_REVIEW_LIST (self));

  g_set_weak_pointer (&self->colours, view);
}

gboolean
gloss_review_list_get_show_agreed (GlossReviewList *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_LIST (self), FALSE);

  return self->show_agreed;
}

void
gloss_review_list_set_show_agreed (GlossReviewList *self,
                                   gboolean         show_agreed)
{
  g_return_if_fail (GLOSS_IS_REVIEW_LIST (self));

  show_agreed = !!show_agreed;
  if (self->show_agreed == show_agreed)
    return;
  self->show_agreed = show_agreed;
  update_model (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_AGREED]);
}

void
gloss_review_list_set_comments (GlossReviewList *self,
                                GPtrArray       *comments)
{
  g_return_if_fail (GLOSS_IS_REVIEW_LIST (self));

  if (comments != NULL)
    g_ptr_array_ref (comments);
  g_clear_pointer (&self->comments, g_ptr_array_unref);
  self->comments = comments;
  refreshed_cb (self);
}

GListModel *
gloss_review_list_get_model (GlossReviewList *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_LIST (self), NULL);

  return G_LIST_MODEL (self->selection);
}

GlossReviewGroup *
gloss_review_list_get_selected_group (GlossReviewList *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_LIST (self), NULL);

  return gtk_single_selection_get_selected_item (self->selection);
}

void
gloss_review_list_set_selected_group (GlossReviewList  *self,
                                      GlossReviewGroup *group)
{
  GListModel *model;
  guint position = GTK_INVALID_LIST_POSITION;

  g_return_if_fail (GLOSS_IS_REVIEW_LIST (self));
  g_return_if_fail (group == NULL || GLOSS_IS_REVIEW_GROUP (group));

  model = G_LIST_MODEL (self->selection);
  if (group != NULL)
    for (guint i = 0; i < g_list_model_get_n_items (model); i++)
      {
        g_autoptr(GlossReviewGroup) item = g_list_model_get_item (model, i);

        if (item == group)
          {
            position = i;
            break;
          }
      }
  gtk_single_selection_set_selected (self->selection, position);
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
}

char *
gloss_review_list_dup_row_text (GlossReviewList *self,
                                guint            position)
{
  g_autoptr(GlossReviewGroup) group = NULL;
  g_autofree char *text = NULL;
  g_autofree char *comments = NULL;
  GString *out;
  GlossReviewDecision decision;
  guint n_comments;

  g_return_val_if_fail (GLOSS_IS_REVIEW_LIST (self), NULL);

  group = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  if (group == NULL || self->review == NULL)
    return NULL;

  out = g_string_new (gloss_review_status_label (gloss_review_group_get_status (group),
                                                 gloss_review_group_get_kind (group)));
  text = gloss_review_format_group_text (self->review, group);
  g_string_append_printf (out, "\n%s\n", text);
  for (guint a = 0; a < gloss_review_group_get_n_annotators (group); a++)
    g_string_append_printf (out, "%s%s %s", a > 0 ? ", " : "",
                            gloss_review_get_annotator_id (self->review, a),
                            gloss_review_format_version_type (self->review,
                                                              gloss_review_group_get_annotation (group, a)));
  decision = gloss_review_group_get_decision (group);
  if (decision != GLOSS_REVIEW_PENDING)
    g_string_append_printf (out, "\n%s", decision_label (decision));
  comments = comments_text (self, group, &n_comments);
  if (n_comments > 0)
    g_string_append_printf (out, "\n%s", comments);
  return g_string_free (out, FALSE);
}

/* GObject */

static void
gloss_review_list_dispose (GObject *object)
{
  GlossReviewList *self = GLOSS_REVIEW_LIST (object);

  if (self->review != NULL)
    g_signal_handlers_disconnect_by_data (self->review, self);
  g_clear_object (&self->review);
  g_clear_weak_pointer (&self->colours);
  g_clear_pointer (&self->comments, g_ptr_array_unref);
  g_clear_pointer (&self->scroller, gtk_widget_unparent);
  g_clear_pointer (&self->empty_label, gtk_widget_unparent);
  g_clear_object (&self->selection);

  G_OBJECT_CLASS (gloss_review_list_parent_class)->dispose (object);
}

static void
gloss_review_list_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GlossReviewList *self = GLOSS_REVIEW_LIST (object);

  switch (prop_id)
    {
    case PROP_REVIEW:
      g_value_set_object (value, self->review);
      break;
    case PROP_SELECTED_GROUP:
      g_value_set_object (value, gloss_review_list_get_selected_group (self));
      break;
    case PROP_SHOW_AGREED:
      g_value_set_boolean (value, self->show_agreed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_review_list_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  GlossReviewList *self = GLOSS_REVIEW_LIST (object);

  switch (prop_id)
    {
    case PROP_REVIEW:
      gloss_review_list_set_review (self, g_value_get_object (value));
      break;
    case PROP_SELECTED_GROUP:
      gloss_review_list_set_selected_group (self, g_value_get_object (value));
      break;
    case PROP_SHOW_AGREED:
      gloss_review_list_set_show_agreed (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_review_list_class_init (GlossReviewListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gloss_review_list_dispose;
  object_class->get_property = gloss_review_list_get_property;
  object_class->set_property = gloss_review_list_set_property;

  properties[PROP_REVIEW] =
    g_param_spec_object ("review", NULL, NULL, GLOSS_TYPE_REVIEW,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SELECTED_GROUP] =
    g_param_spec_object ("selected-group", NULL, NULL, GLOSS_TYPE_REVIEW_GROUP,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_AGREED] =
    g_param_spec_boolean ("show-agreed", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "glossreviewlist");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
gloss_review_list_init (GlossReviewList *self)
{
  GtkListItemFactory *factory;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (selected_cb), self);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cb), self);

  self->list_view = GTK_LIST_VIEW (gtk_list_view_new (NULL, factory));
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  gtk_widget_add_css_class (GTK_WIDGET (self->list_view), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Disagreements"),
                                  -1);

  self->scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (self->scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (self->scroller, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scroller), GTK_WIDGET (self->list_view));
  gtk_widget_set_parent (self->scroller, GTK_WIDGET (self));

  self->empty_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->empty_label, "dim-label");
  gtk_widget_set_vexpand (self->empty_label, TRUE);
  gtk_label_set_wrap (GTK_LABEL (self->empty_label), TRUE);
  gtk_widget_set_parent (self->empty_label, GTK_WIDGET (self));
  update_empty (self);
}
