/* gloss-window.c: the annotating window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss"

#include "config.h"

#include <glib/gi18n.h>

#include "gloss-accessible.h"
#include "gloss-annotation-editor.h"
#include "gloss-annotation-list-view.h"
#include "gloss-annotation-set.h"
#include "gloss-article-view.h"
#include "gloss-corpus-row.h"
#include "gloss-document.h"
#include "gloss-export-dialog.h"
#include "gloss-review-page.h"
#include "gloss-side-panel.h"
#include "gloss-tagset.h"
#include "gloss-type-palette.h"
#include "gloss-window-private.h"

struct _GlossWindow
{
  GtkApplicationWindow  parent_instance;

  GSettings            *settings;

  /* The corpus and which article of it is open. */
  GlossCorpus          *corpus;
  GtkSingleSelection   *corpus_selection;
  GFile                *pending_select;
  GCancellable         *corpus_cancellable;
  guint                 reverting_selection : 1;

  /* The article being annotated. */
  GlossEditingSession  *session;
  GSignalGroup         *session_signals;
  GlossAnnotationSet   *set;
  GSignalGroup         *set_signals;
  GCancellable         *open_cancellable;
  GFile                *opening;
  guint                 report_dismissed : 1;
  guint                 closing : 1;

  /* A pick in progress: the claim or annotation it is for. */
  GlossPickMode         pick_mode;
  GlossAnnotation      *pick_subject;
  char                 *pick_relation;
  gboolean              pick_then_cue;

  guint                 release_idle;
  guint                 app_connected : 1;
  guint                 setting_position : 1;
  int                   side_width;
  char                 *banner_error;

  GtkWidget            *mark_popover;
  GtkWidget            *mark_box;
  GtkWidget            *context_menu;
  GlossTagset          *mark_tagset;

  /* Template */
  GMenu                *recent_section;
  GtkLabel             *title_label;
  GtkLabel             *state_label;
  GtkImage             *state_icon;
  GtkLabel             *annotator_label;
  GtkInfoBar           *error_bar;
  GtkLabel             *error_label;
  GtkWidget            *retry_button;
  GtkInfoBar           *conflict_bar;
  GtkLabel             *conflict_label;
  GtkInfoBar           *report_bar;
  GtkLabel             *report_label;
  GtkWidget            *reopen_button;
  GtkInfoBar           *pick_bar;
  GtkLabel             *pick_label;
  GtkWidget            *pick_article_button;
  GtkWidget            *pick_skip_button;
  GtkWidget            *pick_cancel_button;
  GtkWidget            *corpus_sidebar;
  GtkLabel             *corpus_label;
  GtkLabel             *corpus_count_label;
  GtkListView          *corpus_list;
  GtkPaned             *inner_paned;
  GtkStack             *content_stack;
  GtkImage             *status_icon;
  GtkSpinner           *status_spinner;
  GtkLabel             *status_title;
  GtkLabel             *status_description;
  GtkButton            *status_button;
  GlossArticleView     *article_view;
  GlossSidePanel       *side_panel;
  GlossReviewPage      *review_page;
  gboolean              reviewing;
};

G_DEFINE_FINAL_TYPE (GlossWindow, gloss_window, GTK_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_CORPUS,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void open_selected_article (GlossWindow *self);
static void update_actions        (GlossWindow *self);
static void end_pick              (GlossWindow *self);
static void set_review_mode       (GlossWindow *self,
                                   gboolean     review);

/* Helpers */

static GlossApplication *
get_app (GlossWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  return GLOSS_IS_APPLICATION (app) ? GLOSS_APPLICATION (app) : NULL;
}

static const char *
annotator_id (GlossWindow *self)
{
  GlossApplication *app = get_app (self);

  return app != NULL ? gloss_application_get_annotator_id (app) : NULL;
}

static void
set_action_enabled (GlossWindow *self,
                    const char  *name,
                    gboolean     enabled)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), name);

  if (action != NULL)
    g_simple_action_set_enabled (G_SIMPLE_ACTION (action), enabled);
}

static char *
display_name (GFile *file)
{
  g_autofree char *path = g_file_get_path (file);

  if (path != NULL)
    return g_filename_display_name (path);
  return g_file_get_parse_name (file);
}

static GlossAnnotationEditor *
get_editor (GlossWindow *self)
{
  return GLOSS_ANNOTATION_EDITOR (gloss_side_panel_get_editor (self->side_panel));
}

/* Typed edits in the editor become one undo step before anything else
 * happens to the set. */
static void
commit_editor (GlossWindow *self)
{
  gloss_annotation_editor_commit (get_editor (self));
}

static GlossAnnotation *
selected_annotation (GlossWindow *self)
{
  GlossAnnotation *annotation = gloss_article_view_get_selected_annotation (self->article_view);

  if (annotation == NULL)
    annotation = gloss_side_panel_get_selected_annotation (self->side_panel);
  return annotation;
}

static void
select_annotation (GlossWindow     *self,
                   GlossAnnotation *annotation,
                   gboolean         scroll)
{
  gloss_article_view_set_selected_annotation (self->article_view, annotation);
  gloss_side_panel_set_selected_annotation (self->side_panel, annotation);
  if (annotation != NULL && scroll)
    gloss_article_view_scroll_to_annotation (self->article_view, annotation, TRUE);
}

static void
clear_text_selection (GlossWindow *self)
{
  guint start, end;

  if (gloss_article_view_get_selection (self->article_view, &start, &end))
    gloss_article_view_set_selection (self->article_view, end, end);
}

/* Banners */

static void
show_error (GlossWindow *self,
            const char  *message,
            gboolean     can_retry)
{
  g_free (self->banner_error);
  self->banner_error = g_strdup (message);
  if (message != NULL)
    {
      gtk_label_set_text (self->error_label, message);
      gtk_widget_set_visible (self->retry_button, can_retry);
    }
  gtk_info_bar_set_revealed (self->error_bar, message != NULL);
}

static void
error_bar_response_cb (GlossWindow *self,
                       int          response)
{
  if (response == GTK_RESPONSE_CLOSE)
    show_error (self, NULL, FALSE);
}

static void
report_bar_response_cb (GlossWindow *self,
                        int          response)
{
  if (response == GTK_RESPONSE_CLOSE)
    {
      self->report_dismissed = TRUE;
      gtk_info_bar_set_revealed (self->report_bar, FALSE);
    }
}

static void
show_status (GlossWindow *self,
             const char  *icon_name,
             gboolean     busy,
             const char  *title,
             const char  *description,
             const char  *button_label,
             const char  *button_action)
{
  gtk_widget_set_visible (GTK_WIDGET (self->status_icon), !busy);
  gtk_image_set_from_icon_name (self->status_icon, icon_name);
  gtk_widget_set_visible (GTK_WIDGET (self->status_spinner), busy);
  gtk_spinner_set_spinning (self->status_spinner, busy);
  gtk_label_set_text (self->status_title, title);
  gtk_label_set_text (self->status_description, description != NULL ? description : "");
  gtk_widget_set_visible (GTK_WIDGET (self->status_description), description != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->status_button), button_label != NULL);
  if (button_label != NULL)
    {
      gtk_button_set_label (self->status_button, button_label);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->status_button), button_action);
    }
  gtk_stack_set_visible_child_name (self->content_stack, "status");
}

/* Title and saved state */

static void
update_title (GlossWindow *self)
{
  const char *name = NULL;
  const char *state = "";
  const char *icon = NULL;
  const char *css = NULL;
  g_autofree char *title = NULL;

  if (self->session != NULL)
    {
      name = gloss_document_get_name (gloss_editing_session_get_document (self->session));
      switch (gloss_editing_session_get_state (self->session))
        {
        case GLOSS_SESSION_STATE_SAVED:
          state = _("Saved");
          icon = "emblem-ok-symbolic";
          break;
        case GLOSS_SESSION_STATE_MODIFIED:
          state = _("Unsaved changes");
          icon = "document-edit-symbolic";
          break;
        case GLOSS_SESSION_STATE_SAVING:
          state = _("Saving…");
          icon = "document-save-symbolic";
          break;
        case GLOSS_SESSION_STATE_ERROR:
          state = _("Save failed");
          icon = "dialog-error-symbolic";
          css = "error";
          break;
        case GLOSS_SESSION_STATE_CONFLICT:
          state = _("Changed on disk");
          icon = "dialog-warning-symbolic";
          css = "warning";
          break;
        default:
          g_assert_not_reached ();
        }
    }

  gtk_label_set_text (self->title_label, name != NULL ? name : _("Gloss"));
  gtk_label_set_text (self->state_label, state);
  gtk_widget_set_visible (GTK_WIDGET (self->state_icon), icon != NULL);
  if (icon != NULL)
    gtk_image_set_from_icon_name (self->state_icon, icon);
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_label), "warning");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_icon), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->state_icon), "warning");
  if (css != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->state_label), css);
      gtk_widget_add_css_class (GTK_WIDGET (self->state_icon), css);
    }

  if (name != NULL)
    /* Translators: the window title: article name, saved state */
    title = g_strdup_printf (_("%s (%s) — Gloss"), name, state);
  else
    title = g_strdup (_("Gloss"));
  gtk_window_set_title (GTK_WINDOW (self), title);
}

static void
update_state (GlossWindow *self)
{
  GlossSessionState state = GLOSS_SESSION_STATE_SAVED;

  if (self->session != NULL)
    state = gloss_editing_session_get_state (self->session);

  update_title (self);

  if (state == GLOSS_SESSION_STATE_ERROR)
    {
      const char *error = gloss_editing_session_get_last_error (self->session);

      show_error (self, error != NULL ? error : _("Could not save the annotations."), TRUE);
    }
  else if (self->banner_error != NULL && gtk_widget_get_visible (self->retry_button))
    {
      /* A save error that a later save put right. */
      show_error (self, NULL, FALSE);
    }

  if (state == GLOSS_SESSION_STATE_CONFLICT)
    {
      g_autofree char *name = display_name (gloss_editing_session_get_sidecar_file (self->session));
      /* Translators: %s is a file name */
      g_autofree char *text = g_strdup_printf (_("%s was changed by another program. Reload it, "
                                                 "or keep your version and overwrite it?"), name);

      gtk_label_set_text (self->conflict_label, text);
    }
  gtk_info_bar_set_revealed (self->conflict_bar, state == GLOSS_SESSION_STATE_CONFLICT);

  update_actions (self);
}

static void
update_report (GlossWindow *self)
{
  const GlossSidecarReport *report = NULL;
  g_autofree char *text = NULL;
  gboolean reopen = FALSE;

  if (self->session != NULL)
    report = gloss_editing_session_get_report (self->session);

  if (self->session != NULL && gloss_editing_session_get_article_changed (self->session))
    {
      g_autofree char *name = display_name (gloss_editing_session_get_article_file (self->session));

      /* Translators: %s is a file name */
      text = g_strdup_printf (_("%s was changed on disk after it was opened. Reopen it to "
                                "annotate the new text; your annotations are kept."), name);
      reopen = TRUE;
    }
  else if (report != NULL && report->source_changed)
    {
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The article changed since these annotations were made: "
                                           "%u span still matches, %u do not.",
                                           "The article changed since these annotations were made: "
                                           "%u spans still match, %u do not.",
                                           report->n_anchored),
                              report->n_anchored, report->n_unanchored);
    }
  else if (report != NULL && report->warnings != NULL && report->warnings->len > 0)
    {
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%s",
                                           "%s (and %u more problems)",
                                           report->warnings->len),
                              (const char *) g_ptr_array_index (report->warnings, 0),
                              report->warnings->len - 1);
    }

  if (text != NULL)
    gtk_label_set_text (self->report_label, text);
  gtk_widget_set_visible (self->reopen_button, reopen);
  gtk_info_bar_set_revealed (self->report_bar, text != NULL && (!self->report_dismissed || reopen));
}

static void
update_annotator (GlossWindow *self)
{
  GlossApplication *app = get_app (self);
  const char *name = app != NULL ? gloss_application_get_annotator_name (app) : NULL;
  const char *id = app != NULL ? gloss_application_get_annotator_id (app) : NULL;
  g_autofree char *label = NULL;

  gtk_label_set_text (self->annotator_label, name != NULL ? name : _("Who are you?"));
  /* Translators: the accessible name of the annotator button; %s is the name */
  label = g_strdup_printf (_("Annotator: %s (%s)"), name != NULL ? name : "", id != NULL ? id : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (gtk_widget_get_parent (gtk_widget_get_parent (GTK_WIDGET (self->annotator_label)))),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, id != NULL ? label : _("Set up your annotator identity"),
                                  -1);
}

/* Actions' enabled state follows the model */

static void
update_actions (GlossWindow *self)
{
  gboolean has_set = self->set != NULL;
  GlossAnnotation *selected = has_set ? selected_annotation (self) : NULL;
  gboolean has_text = has_set && gloss_article_view_get_selection (self->article_view, NULL, NULL);
  GlossSessionState state = self->session != NULL
                            ? gloss_editing_session_get_state (self->session)
                            : GLOSS_SESSION_STATE_SAVED;
  guint n_items = self->corpus != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->corpus)) : 0;

  if (self->reviewing)
    {
      has_set = has_text = FALSE;
      selected = NULL;
    }
  set_action_enabled (self, "undo", self->reviewing ? gloss_review_page_can_undo (self->review_page)
                                                    : has_set && gloss_annotation_set_can_undo (self->set));
  set_action_enabled (self, "redo", self->reviewing ? gloss_review_page_can_redo (self->review_page)
                                                    : has_set && gloss_annotation_set_can_redo (self->set));
  set_action_enabled (self, "mode", self->session != NULL || self->reviewing);
  set_action_enabled (self, "mark-entity", has_text);
  set_action_enabled (self, "mark-claim", has_text);
  set_action_enabled (self, "delete-annotation", selected != NULL);
  set_action_enabled (self, "edit-annotation", selected != NULL);
  set_action_enabled (self, "link-to", selected != NULL);
  set_action_enabled (self, "select-annotation", has_set);
  set_action_enabled (self, "find", has_set);
  set_action_enabled (self, "pick-article", self->pick_mode == GLOSS_PICK_SOURCE);
  set_action_enabled (self, "pick-skip", self->pick_mode == GLOSS_PICK_CUE);
  set_action_enabled (self, "pick-cancel", self->pick_mode != GLOSS_PICK_NONE);
  set_action_enabled (self, "retry", state == GLOSS_SESSION_STATE_ERROR);
  set_action_enabled (self, "reload", state == GLOSS_SESSION_STATE_CONFLICT);
  set_action_enabled (self, "keep-mine", state == GLOSS_SESSION_STATE_CONFLICT);
  set_action_enabled (self, "reopen", self->session != NULL);
  set_action_enabled (self, "next-article", n_items > 1);
  set_action_enabled (self, "previous-article", n_items > 1);
  set_action_enabled (self, "export", self->corpus != NULL);

  gloss_side_panel_set_can_mark (self->side_panel, has_text && self->pick_mode == GLOSS_PICK_NONE);
}

/* The type popover beside a selection */

static GtkWidget *
type_button_new (const char *label,
                 const char *colour,
                 gunichar    key,
                 const char *action,
                 GVariant   *target)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *name = gtk_label_new (label);

  if (colour != NULL)
    gtk_box_append (GTK_BOX (box), gloss_type_swatch_new (colour));
  else
    gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name ("user-available-symbolic"));

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_box_append (GTK_BOX (box), name);
  if (key != 0)
    {
      char text[8] = { 0 };
      GtkWidget *key_label;

      g_unichar_to_utf8 (g_unichar_toupper (key), text);
      key_label = gtk_label_new (text);
      gtk_widget_add_css_class (key_label, "gloss-key");
      gtk_box_append (GTK_BOX (box), key_label);
    }

  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "gloss-mark-button");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  if (target != NULL)
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
  return button;
}

static void
rebuild_mark_popover (GlossWindow *self)
{
  GlossTagset *tagset = self->set != NULL ? gloss_annotation_set_get_tagset (self->set) : NULL;
  GtkWidget *child;
  guint n;

  if (tagset == self->mark_tagset)
    return;
  g_set_object (&self->mark_tagset, tagset);

  while ((child = gtk_widget_get_first_child (self->mark_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->mark_box), child);
  if (tagset == NULL)
    return;

  n = gloss_tagset_get_n_entity_types (tagset);
  for (guint i = 0; i < n; i++)
    {
      const GlossEntityType *type = gloss_tagset_get_entity_type (tagset, i);

      gtk_box_append (GTK_BOX (self->mark_box),
                      type_button_new (type->label, type->colour, type->key,
                                       "win.mark-entity", g_variant_new_string (type->id)));
    }
  gtk_box_append (GTK_BOX (self->mark_box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (self->mark_box),
                  type_button_new (_("Claim"), NULL, 'c', "win.mark-claim", NULL));
}

static void
show_mark_popover (GlossWindow *self,
                   guint        start,
                   guint        end)
{
  GdkRectangle rect;

  if (self->set == NULL || gtk_widget_get_first_child (self->mark_box) == NULL)
    return;
  if (!gloss_article_view_get_span_rect (self->article_view, start, end, &rect))
    return;
  gtk_popover_set_pointing_to (GTK_POPOVER (self->mark_popover), &rect);
  gtk_popover_popup (GTK_POPOVER (self->mark_popover));
}

/* Sets and sessions */

static void
set_undo_changed_cb (GlossWindow *self)
{
  update_actions (self);
}

static void
set_annotation_removed_cb (GlossWindow     *self,
                           GlossAnnotation *annotation)
{
  if (annotation == self->pick_subject)
    end_pick (self);
  update_actions (self);
}

static void
set_annotation_set (GlossWindow        *self,
                    GlossAnnotationSet *set)
{
  if (self->set == set)
    return;

  end_pick (self);
  gtk_popover_popdown (GTK_POPOVER (self->mark_popover));
  gtk_popover_popdown (GTK_POPOVER (self->context_menu));

  g_set_object (&self->set, set);
  g_signal_group_set_target (self->set_signals, set);
  gloss_side_panel_set_annotation_set (self->side_panel, set);
  gloss_article_view_set_annotation_set (self->article_view, set);
  rebuild_mark_popover (self);
  update_actions (self);
}

static void
session_set_changed_cb (GlossWindow *self)
{
  set_annotation_set (self, self->session != NULL
                            ? gloss_editing_session_get_annotation_set (self->session)
                            : NULL);
  update_report (self);
}

static void
session_article_changed_cb (GlossWindow *self)
{
  self->report_dismissed = FALSE;
  update_report (self);
}

static GlossCorpusItem *
item_of_session (GlossWindow *self,
                 guint       *position)
{
  if (self->session == NULL || self->corpus == NULL)
    return NULL;
  return gloss_corpus_find (self->corpus, gloss_editing_session_get_article_file (self->session),
                            position);
}

static void
set_session (GlossWindow         *self,
             GlossEditingSession *session)
{
  if (self->session == session)
    return;

  g_set_object (&self->session, session);
  g_signal_group_set_target (self->session_signals, session);
  self->report_dismissed = FALSE;
  show_error (self, NULL, FALSE);
  set_annotation_set (self, session != NULL ? gloss_editing_session_get_annotation_set (session) : NULL);

  if (session != NULL)
    {
      g_autofree char *path = g_file_get_path (gloss_editing_session_get_article_file (session));

      /* Where to come back to when the folder is opened again. */
      if (path != NULL)
        g_settings_set_string (self->settings, "last-article", path);
    }

  if (session != NULL)
    gtk_stack_set_visible_child_name (self->content_stack, self->reviewing ? "review" : "article");
  /* Review mode follows the article opened. */
  if (self->reviewing && session != NULL)
    set_review_mode (self, TRUE);
  else if (self->reviewing)
    gloss_review_page_close (self->review_page);

  update_state (self);
  update_report (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SESSION]);
}

/* Leaves the open article, its work on disk. FALSE (and a banner) when it
 * cannot be saved: the article then stays open. */
static gboolean
leave_article (GlossWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (self->session == NULL)
    return TRUE;

  commit_editor (self);
  end_pick (self);

  if (gloss_editing_session_get_state (self->session) == GLOSS_SESSION_STATE_CONFLICT)
    {
      show_error (self, _("Reload the annotations or keep your version before opening another article."),
                  FALSE);
      return FALSE;
    }
  if (gloss_editing_session_has_unsaved_changes (self->session)
      && !gloss_editing_session_flush (self->session, &error))
    {
      show_error (self, error->message, TRUE);
      return FALSE;
    }

  set_session (self, NULL);
  return TRUE;
}

static void
open_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GlossWindow) self = user_data;
  g_autoptr(GlossEditingSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = gloss_editing_session_open_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->opening);
  if (session == NULL)
    {
      show_status (self, "dialog-error-symbolic", FALSE, _("Could Not Open the Article"),
                   error->message, NULL, NULL);
      show_error (self, error->message, FALSE);
      return;
    }
  set_session (self, session);
}

static void
open_article (GlossWindow *self,
              GFile       *article)
{
  GlossApplication *app = get_app (self);
  const char *id = annotator_id (self);
  g_autofree char *name = NULL;

  if (self->session != NULL
      && g_file_equal (gloss_editing_session_get_article_file (self->session), article))
    return;
  if (self->opening != NULL && g_file_equal (self->opening, article))
    return;

  if (!leave_article (self))
    {
      guint position;

      /* Stay on the article that could not be saved. */
      if (item_of_session (self, &position) != NULL)
        {
          self->reverting_selection = TRUE;
          gtk_single_selection_set_selected (self->corpus_selection, position);
          self->reverting_selection = FALSE;
        }
      return;
    }

  g_cancellable_cancel (self->open_cancellable);
  g_clear_object (&self->open_cancellable);
  g_clear_object (&self->opening);

  if (id == NULL)
    {
      show_status (self, "avatar-default-symbolic", FALSE, _("Who Is Annotating?"),
                   _("Your annotations are saved in files named after your annotator id."),
                   _("_Set Up Your Identity…"), "app.identity");
      return;
    }

  name = g_file_get_basename (article);
  show_status (self, NULL, TRUE, name, _("Opening…"), NULL, NULL);

  self->open_cancellable = g_cancellable_new ();
  self->opening = g_object_ref (article);
  gloss_editing_session_open_async (article, id, gloss_application_get_annotator_name (app),
                                    self->corpus != NULL ? gloss_corpus_get_tagset (self->corpus) : NULL,
                                    GLOSS_EDITING_SESSION_FLAGS_NONE,
                                    self->open_cancellable, open_cb, g_object_ref (self));
}

static void
open_selected_article (GlossWindow *self)
{
  GlossCorpusItem *item;

  if (self->reverting_selection || self->corpus_selection == NULL)
    return;
  item = gtk_single_selection_get_selected_item (self->corpus_selection);
  if (item != NULL)
    open_article (self, gloss_corpus_item_get_file (item));
}

static void
annotator_changed_cb (GlossWindow *self)
{
  GlossCorpusItem *item;

  update_annotator (self);

  /* The rows put the current annotator first. */
  if (self->corpus_selection != NULL)
    {
      GtkListItemFactory *factory = g_object_ref (gtk_list_view_get_factory (self->corpus_list));

      gtk_list_view_set_factory (self->corpus_list, NULL);
      gtk_list_view_set_factory (self->corpus_list, factory);
      g_object_unref (factory);
    }

  /* Reopen the article as the new annotator. */
  item = self->corpus_selection != NULL
         ? gtk_single_selection_get_selected_item (self->corpus_selection)
         : NULL;
  if (item == NULL)
    return;
  if (self->session != NULL
      && g_strcmp0 (gloss_editing_session_get_annotator_id (self->session), annotator_id (self)) == 0)
    return;
  if (!leave_article (self))
    return;
  open_article (self, gloss_corpus_item_get_file (item));
}

static void
annotator_name_changed_cb (GlossWindow *self)
{
  update_annotator (self);
  if (self->set != NULL && annotator_id (self) != NULL
      && g_str_equal (gloss_annotation_set_get_annotator_id (self->set), annotator_id (self)))
    gloss_annotation_set_set_annotator_name (self->set,
                                             gloss_application_get_annotator_name (get_app (self)));
}

/* The corpus */

static void
corpus_row_setup_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *list_item,
                     GlossWindow              *self)
{
  gtk_list_item_set_child (list_item, gloss_corpus_row_new ());
}

static void
corpus_row_bind_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *list_item,
                    GlossWindow              *self)
{
  GlossCorpusRow *row = GLOSS_CORPUS_ROW (gtk_list_item_get_child (list_item));
  GlossCorpusItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *row_widget = gtk_widget_get_parent (GTK_WIDGET (row));

  gloss_corpus_row_set_annotator (row, annotator_id (self));
  gloss_corpus_row_set_item (row, item);
  /* The list row is what assistive technology lists: name it after the
   * article (GtkListItem has no accessible label of its own in GTK 4.8). */
  if (row_widget != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (row_widget),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, gloss_corpus_item_get_name (item),
                                    -1);
}

static void
corpus_row_unbind_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *list_item,
                      GlossWindow              *self)
{
  gloss_corpus_row_set_item (GLOSS_CORPUS_ROW (gtk_list_item_get_child (list_item)), NULL);
}

static void
update_corpus_header (GlossWindow *self)
{
  g_autofree char *name = NULL;
  g_autofree char *count = NULL;
  guint n;

  if (self->corpus == NULL)
    {
      gtk_label_set_text (self->corpus_label, "");
      gtk_label_set_text (self->corpus_count_label, "");
      return;
    }
  name = g_file_get_basename (gloss_corpus_get_folder (self->corpus));
  n = g_list_model_get_n_items (G_LIST_MODEL (self->corpus));
  count = g_strdup_printf ("%u", n);
  gtk_label_set_text (self->corpus_label, name);
  gtk_label_set_text (self->corpus_count_label, count);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->corpus_label),
                               g_file_peek_path (gloss_corpus_get_folder (self->corpus)));
  update_actions (self);
}

static void
select_corpus_file (GlossWindow *self,
                    GFile       *file)
{
  guint position = 0;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->corpus)) == 0)
    {
      g_autofree char *name = display_name (gloss_corpus_get_folder (self->corpus));
      /* Translators: %s is a folder */
      g_autofree char *text = g_strdup_printf (_("%s holds no “.txt” articles."), name);

      show_status (self, "folder-open-symbolic", FALSE, _("No Articles"), text,
                   _("Open _Another Folder…"), "win.open-folder");
      return;
    }
  if (file != NULL && gloss_corpus_find (self->corpus, file, &position) == NULL)
    {
      g_autofree char *name = display_name (file);
      /* Translators: %s is a file name */
      g_autofree char *text = g_strdup_printf (_("Could not open %s: it is not a “.txt” article "
                                                 "of its folder."), name);

      show_error (self, text, FALSE);
      position = 0;
    }
  if (gtk_single_selection_get_selected (self->corpus_selection) == position)
    open_selected_article (self);
  else
    gtk_single_selection_set_selected (self->corpus_selection, position);
}

/* The article open last, when it is one of @corpus's. */
static GFile *
last_article_in (GlossWindow *self,
                 GlossCorpus *corpus)
{
  g_autofree char *path = g_settings_get_string (self->settings, "last-article");
  g_autoptr(GFile) file = NULL;

  if (path[0] == '\0')
    return NULL;
  file = g_file_new_for_path (path);
  if (gloss_corpus_find (corpus, file, NULL) == NULL)
    return NULL;
  return g_steal_pointer (&file);
}

static void
corpus_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GlossWindow) self = user_data;
  GlossCorpus *corpus = GLOSS_CORPUS (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) select = NULL;

  if (!gloss_corpus_load_finish (corpus, result, &error))
    {
      g_autofree char *name = NULL;
      g_autofree char *text = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || corpus != self->corpus)
        return;
      name = display_name (gloss_corpus_get_folder (corpus));
      /* Translators: %s is a folder, then the reason */
      text = g_strdup_printf (_("Could not open the folder %s: %s"), name, error->message);
      show_error (self, text, FALSE);
      show_status (self, "dialog-error-symbolic", FALSE, _("Could Not Open the Folder"), text,
                   _("Open _Another Folder…"), "win.open-folder");
      return;
    }
  if (corpus != self->corpus)
    return;

  if (gloss_corpus_get_error (corpus) != NULL)
    show_error (self, gloss_corpus_get_error (corpus), FALSE);
  if (get_app (self) != NULL)
    gloss_application_add_recent_corpus (get_app (self), gloss_corpus_get_folder (corpus));

  update_corpus_header (self);
  select = g_steal_pointer (&self->pending_select);
  if (select == NULL)
    select = last_article_in (self, corpus);
  select_corpus_file (self, select);
}

static void
set_corpus (GlossWindow *self,
            GlossCorpus *corpus)
{
  if (self->corpus_selection != NULL)
    g_signal_handlers_disconnect_by_data (self->corpus_selection, self);
  if (self->corpus != NULL)
    g_signal_handlers_disconnect_by_data (self->corpus, self);
  gtk_list_view_set_model (self->corpus_list, NULL);
  g_clear_object (&self->corpus_selection);

  g_set_object (&self->corpus, corpus);
  if (corpus != NULL)
    {
      self->corpus_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (corpus)));
      gtk_single_selection_set_autoselect (self->corpus_selection, FALSE);
      gtk_single_selection_set_can_unselect (self->corpus_selection, FALSE);
      gtk_single_selection_set_selected (self->corpus_selection, GTK_INVALID_LIST_POSITION);
      g_signal_connect_object (self->corpus_selection, "notify::selected",
                               G_CALLBACK (open_selected_article), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (corpus, "items-changed",
                               G_CALLBACK (update_corpus_header), self, G_CONNECT_SWAPPED);
      gtk_list_view_set_model (self->corpus_list, GTK_SELECTION_MODEL (self->corpus_selection));
    }
  update_corpus_header (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CORPUS]);
}

void
gloss_window_open (GlossWindow *self,
                   GFile       *file)
{
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GFile) select = NULL;
  g_autoptr(GlossCorpus) corpus = NULL;
  GFileType type;

  g_return_if_fail (GLOSS_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  type = g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL);
  if (type == G_FILE_TYPE_UNKNOWN)
    {
      g_autofree char *name = display_name (file);
      /* Translators: %s is a file or folder name */
      g_autofree char *text = g_strdup_printf (_("Could not open %s: there is no such file or folder."),
                                               name);

      show_error (self, text, FALSE);
      if (self->corpus == NULL)
        show_status (self, "dialog-error-symbolic", FALSE, _("Nothing to Open"), text,
                     _("Open a _Folder…"), "win.open-folder");
      return;
    }
  if (type == G_FILE_TYPE_DIRECTORY)
    folder = g_object_ref (file);
  else
    {
      folder = g_file_get_parent (file);
      select = g_object_ref (file);
    }

  /* The same corpus: select the article. */
  if (self->corpus != NULL && g_file_equal (gloss_corpus_get_folder (self->corpus), folder)
      && self->pending_select == NULL && !gloss_corpus_get_loading (self->corpus))
    {
      if (select != NULL)
        select_corpus_file (self, select);
      return;
    }

  if (!leave_article (self))
    return;

  show_error (self, NULL, FALSE);
  g_cancellable_cancel (self->corpus_cancellable);
  g_clear_object (&self->corpus_cancellable);
  g_set_object (&self->pending_select, select);

  corpus = gloss_corpus_new (folder);
  set_corpus (self, corpus);
  show_status (self, NULL, TRUE, _("Opening the Corpus…"), NULL, NULL, NULL);

  self->corpus_cancellable = g_cancellable_new ();
  gloss_corpus_load_async (corpus, self->corpus_cancellable, corpus_loaded_cb, g_object_ref (self));
}

/* Picks: the source, the cue or a relation's target, by clicking in the text */

static void
show_pick_banner (GlossWindow *self)
{
  const char *text = NULL;
  g_autofree char *owned = NULL;

  switch (self->pick_mode)
    {
    case GLOSS_PICK_NONE:
      break;
    case GLOSS_PICK_SOURCE:
      text = _("Click the entity who makes this claim, or choose “The article itself”. "
               "Select words instead for a source that is not an entity.");
      break;
    case GLOSS_PICK_CUE:
      text = _("Select the cue word, such as “said” or “estimates”, or skip this step.");
      break;
    case GLOSS_PICK_TARGET:
      {
        GlossTagset *tagset = gloss_annotation_set_get_tagset (self->set);
        const GlossRelationType *type = gloss_tagset_lookup_relation_type (tagset, self->pick_relation);

        /* Translators: %s is a relation type such as “Member of” */
        owned = g_strdup_printf (_("Click the annotation to link with “%s”."),
                                 type != NULL ? type->label : self->pick_relation);
        text = owned;
      }
      break;
    default:
      g_assert_not_reached ();
    }

  if (text != NULL)
    gtk_label_set_text (self->pick_label, text);
  gtk_widget_set_visible (self->pick_article_button, self->pick_mode == GLOSS_PICK_SOURCE);
  gtk_widget_set_visible (self->pick_skip_button, self->pick_mode == GLOSS_PICK_CUE);
  gtk_widget_set_visible (self->pick_cancel_button, self->pick_mode != GLOSS_PICK_CUE);
  gtk_info_bar_set_revealed (self->pick_bar, self->pick_mode != GLOSS_PICK_NONE);
  /* The pointer says that a click picks. */
  gtk_widget_set_cursor_from_name (GTK_WIDGET (self->article_view),
                                   self->pick_mode != GLOSS_PICK_NONE ? "crosshair" : NULL);
  update_actions (self);
}

static void
start_pick (GlossWindow     *self,
            GlossPickMode    mode,
            GlossAnnotation *subject,
            const char      *relation,
            gboolean         then_cue)
{
  g_set_object (&self->pick_subject, subject);
  g_free (self->pick_relation);
  self->pick_relation = g_strdup (relation);
  self->pick_then_cue = then_cue;
  self->pick_mode = mode;
  gtk_popover_popdown (GTK_POPOVER (self->mark_popover));
  show_pick_banner (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->article_view));
}

static void
end_pick (GlossWindow *self)
{
  if (self->pick_mode == GLOSS_PICK_NONE)
    return;
  self->pick_mode = GLOSS_PICK_NONE;
  g_clear_object (&self->pick_subject);
  g_clear_pointer (&self->pick_relation, g_free);
  self->pick_then_cue = FALSE;
  show_pick_banner (self);
}

static void
mutation_failed (GlossWindow *self,
                 const char  *what,
                 GError      *error)
{
  /* Translators: the first %s says what was tried, the second why it failed */
  g_autofree char *text = g_strdup_printf (_("%s: %s"), what, error->message);

  show_error (self, text, FALSE);
}

/* The source is set: on to the cue, or done. */
static void
source_done (GlossWindow *self)
{
  g_autoptr(GlossAnnotation) claim = g_object_ref (self->pick_subject);

  clear_text_selection (self);
  if (self->pick_then_cue)
    start_pick (self, GLOSS_PICK_CUE, claim, NULL, FALSE);
  else
    end_pick (self);
  select_annotation (self, claim, FALSE);
}

static void
pick_source_entity (GlossWindow     *self,
                    GlossAnnotation *entity)
{
  g_autoptr(GError) error = NULL;

  if (!gloss_annotation_set_set_source_entity (self->set, self->pick_subject, entity, &error))
    {
      mutation_failed (self, _("Could not set the claim’s source"), error);
      select_annotation (self, self->pick_subject, FALSE);
      return;
    }
  source_done (self);
}

static void
pick_with_selection (GlossWindow *self,
                     guint        start,
                     guint        end)
{
  g_autoptr(GError) error = NULL;

  switch (self->pick_mode)
    {
    case GLOSS_PICK_SOURCE:
      if (!gloss_annotation_set_set_source_span (self->set, self->pick_subject, start, end, &error))
        mutation_failed (self, _("Could not set the claim’s source"), error);
      else
        source_done (self);
      break;

    case GLOSS_PICK_CUE:
      {
        g_autoptr(GlossAnnotation) claim = g_object_ref (self->pick_subject);

        if (!gloss_annotation_set_set_cue (self->set, claim, start, end, &error))
          {
            mutation_failed (self, _("Could not set the claim’s cue"), error);
            break;
          }
        clear_text_selection (self);
        end_pick (self);
        select_annotation (self, claim, FALSE);
      }
      break;

    case GLOSS_PICK_NONE:
    case GLOSS_PICK_TARGET:
    default:
      break;
    }
}

static void
pick_target (GlossWindow     *self,
             GlossAnnotation *target)
{
  g_autoptr(GlossAnnotation) from = g_object_ref (self->pick_subject);
  g_autoptr(GError) error = NULL;
  GlossAnnotation *relation;

  if (target == from)
    return;
  relation = gloss_annotation_set_add_relation (self->set, self->pick_relation, from, target, &error);
  end_pick (self);
  if (relation == NULL)
    mutation_failed (self, _("Could not link the annotations"), error);
  select_annotation (self, from, FALSE);
}

/* Marking */

/* The innermost claim whose content holds [start, end), other than @except. */
static GlossAnnotation *
enclosing_claim (GlossWindow     *self,
                 guint            start,
                 guint            end,
                 GlossAnnotation *except)
{
  g_autoptr(GPtrArray) hits = g_ptr_array_new ();
  GlossAnnotation *best = NULL;

  gloss_annotation_set_query (self->set, start, end, hits);
  for (guint i = 0; i < hits->len; i++)
    {
      GlossAnnotation *a = g_ptr_array_index (hits, i);

      if (a == except || gloss_annotation_get_kind (a) != GLOSS_ANNOTATION_CLAIM)
        continue;
      if (gloss_annotation_get_start (a) > start || gloss_annotation_get_end (a) < end)
        continue;
      if (best == NULL
          || gloss_annotation_get_end (a) - gloss_annotation_get_start (a)
             < gloss_annotation_get_end (best) - gloss_annotation_get_start (best))
        best = a;
    }
  return best;
}

static void
mark_entity (GlossWindow *self,
             const char  *type_id)
{
  g_autoptr(GError) error = NULL;
  GlossAnnotation *entity;
  guint start, end;

  if (self->set == NULL || !gloss_article_view_get_selection (self->article_view, &start, &end))
    return;

  gtk_popover_popdown (GTK_POPOVER (self->mark_popover));
  commit_editor (self);
  entity = gloss_annotation_set_add_entity (self->set, type_id, start, end, &error);
  if (entity == NULL)
    {
      mutation_failed (self, _("Could not mark the selection"), error);
      return;
    }
  clear_text_selection (self);
  select_annotation (self, entity, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->article_view));
}

static void
mark_claim (GlossWindow *self)
{
  g_autoptr(GError) error = NULL;
  GlossAnnotation *claim, *parent;
  guint start, end;

  if (self->set == NULL || !gloss_article_view_get_selection (self->article_view, &start, &end))
    return;

  gtk_popover_popdown (GTK_POPOVER (self->mark_popover));
  commit_editor (self);

  /* A claim inside another claim's content is nested in it; adding and
   * nesting are one step to undo. */
  gloss_annotation_set_begin_group (self->set, _("Add claim"));
  claim = gloss_annotation_set_add_claim (self->set, start, end, &error);
  if (claim != NULL && (parent = enclosing_claim (self, start, end, claim)) != NULL)
    {
      g_autoptr(GError) nesting_error = NULL;

      if (!gloss_annotation_set_set_parent (self->set, claim, parent, &nesting_error))
        g_debug ("Not nesting the claim: %s", nesting_error->message);
    }
  gloss_annotation_set_end_group (self->set);

  if (claim == NULL)
    {
      mutation_failed (self, _("Could not mark the claim"), error);
      return;
    }
  clear_text_selection (self);
  select_annotation (self, claim, FALSE);
  start_pick (self, GLOSS_PICK_SOURCE, claim, NULL, TRUE);
}

/* The text view's signals */

static void
selection_changed_cb (GlossWindow *self,
                      guint        start,
                      guint        end)
{
  if (start == end)
    gtk_popover_popdown (GTK_POPOVER (self->mark_popover));
  update_actions (self);
}

static gboolean
release_idle_cb (gpointer user_data)
{
  GlossWindow *self = user_data;

  self->release_idle = 0;
  _gloss_window_pointer_released (self);
  return G_SOURCE_REMOVE;
}

static gboolean
view_event_cb (GtkEventControllerLegacy *controller,
               GdkEvent                 *event,
               GlossWindow              *self)
{
  /* After the view's own gestures have made the selection. */
  if (gdk_event_get_event_type (event) == GDK_BUTTON_RELEASE
      && gdk_button_event_get_button (event) == GDK_BUTTON_PRIMARY
      && self->release_idle == 0)
    self->release_idle = g_idle_add (release_idle_cb, self);
  return GDK_EVENT_PROPAGATE;
}

static void
view_annotation_activated_cb (GlossWindow     *self,
                              GlossAnnotation *annotation)
{
  switch (self->pick_mode)
    {
    case GLOSS_PICK_SOURCE:
      if (gloss_annotation_get_kind (annotation) == GLOSS_ANNOTATION_ENTITY)
        pick_source_entity (self, annotation);
      else
        select_annotation (self, self->pick_subject, FALSE);
      return;

    case GLOSS_PICK_TARGET:
      pick_target (self, annotation);
      return;

    case GLOSS_PICK_CUE:
      /* A word is selected for the cue, not an annotation. */
      select_annotation (self, self->pick_subject, FALSE);
      return;

    case GLOSS_PICK_NONE:
    default:
      gloss_side_panel_set_selected_annotation (self->side_panel, annotation);
      update_actions (self);
      return;
    }
}

static void
view_selected_cb (GlossWindow *self)
{
  if (self->pick_mode == GLOSS_PICK_NONE)
    gloss_side_panel_set_selected_annotation (self->side_panel,
                                              gloss_article_view_get_selected_annotation (self->article_view));
  update_actions (self);
}

static void
view_edit_requested_cb (GlossWindow     *self,
                        GlossAnnotation *annotation)
{
  select_annotation (self, annotation, FALSE);
  g_action_group_activate_action (G_ACTION_GROUP (self), "edit-annotation", NULL);
}

static gboolean
relation_allows (const char * const *types,
                 const char         *type_id)
{
  return types == NULL || g_strv_contains (types, type_id);
}

static void
view_context_menu_cb (GlossWindow     *self,
                      GlossAnnotation *annotation,
                      double           x,
                      double           y)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GPtrArray) hits = NULL;
  GlossTagset *tagset;
  GdkRectangle rect = { (int) x, (int) y, 1, 1 };

  if (self->set == NULL)
    return;
  tagset = gloss_annotation_set_get_tagset (self->set);
  gtk_popover_popdown (GTK_POPOVER (self->mark_popover));
  if (annotation != NULL)
    gloss_side_panel_set_selected_annotation (self->side_panel, annotation);

  /* Every annotation under the pointer, so that overlapping ones can be
   * reached. */
  hits = gloss_article_view_get_annotations_at (self->article_view, x, y);
  if (hits->len > 1)
    {
      g_autoptr(GMenu) section = g_menu_new ();

      for (guint i = 0; i < hits->len; i++)
        {
          GlossAnnotation *a = g_ptr_array_index (hits, i);
          g_autofree char *quote = gloss_annotation_describe_text (self->set, a, 32);
          const GlossEntityType *type = gloss_tagset_lookup_entity_type (tagset, gloss_annotation_get_type_id (a));
          const char *kind = gloss_annotation_get_kind (a) == GLOSS_ANNOTATION_CLAIM
                             ? _("Claim")
                             : (type != NULL ? type->label : gloss_annotation_get_type_id (a));
          /* Translators: a context menu item: the type, then the annotated text */
          g_autofree char *label = g_strdup_printf (_("%s: “%s”"), kind, quote);
          g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

          g_menu_item_set_action_and_target_value (item, "win.select-annotation",
                                                   g_variant_new_string (gloss_annotation_get_id (a)));
          g_menu_append_item (section, item);
        }
      g_menu_append_section (menu, _("Annotations Here"), G_MENU_MODEL (section));
    }

  if (annotation != NULL)
    {
      g_autoptr(GMenu) section = g_menu_new ();
      g_autoptr(GMenu) link = g_menu_new ();
      const char *type_id = gloss_annotation_get_type_id (annotation);
      guint n = gloss_tagset_get_n_relation_types (tagset);

      g_menu_append (section, _("_Edit"), "win.edit-annotation");
      for (guint i = 0; i < n; i++)
        {
          const GlossRelationType *type = gloss_tagset_get_relation_type (tagset, i);
          g_autoptr(GMenuItem) item = NULL;

          if (!relation_allows (type->from_types, type_id))
            continue;
          item = g_menu_item_new (type->label, NULL);
          g_menu_item_set_action_and_target_value (item, "win.link-to", g_variant_new_string (type->id));
          g_menu_append_item (link, item);
        }
      if (g_menu_model_get_n_items (G_MENU_MODEL (link)) > 0)
        g_menu_append_submenu (section, _("_Link to…"), G_MENU_MODEL (link));
      g_menu_append (section, _("_Delete"), "win.delete-annotation");
      g_menu_append_section (menu, NULL, G_MENU_MODEL (section));
    }

  if (gloss_article_view_get_selection (self->article_view, NULL, NULL))
    {
      g_autoptr(GMenu) section = g_menu_new ();
      guint n = gloss_tagset_get_n_entity_types (tagset);

      for (guint i = 0; i < n; i++)
        {
          const GlossEntityType *type = gloss_tagset_get_entity_type (tagset, i);
          g_autoptr(GMenuItem) item = g_menu_item_new (type->label, NULL);

          g_menu_item_set_action_and_target_value (item, "win.mark-entity", g_variant_new_string (type->id));
          g_menu_append_item (section, item);
        }
      g_menu_append (section, _("Claim"), "win.mark-claim");
      g_menu_append_section (menu, _("Mark As"), G_MENU_MODEL (section));
    }

  if (g_menu_model_get_n_items (G_MENU_MODEL (menu)) == 0)
    return;
  gtk_popover_menu_set_menu_model (GTK_POPOVER_MENU (self->context_menu), G_MENU_MODEL (menu));
  gtk_popover_set_pointing_to (GTK_POPOVER (self->context_menu), &rect);
  gtk_popover_popup (GTK_POPOVER (self->context_menu));
}

/* The side panel's signals */

static void
panel_type_chosen_cb (GlossWindow *self,
                      const char  *type_id)
{
  mark_entity (self, type_id);
}

static void
panel_claim_chosen_cb (GlossWindow *self)
{
  mark_claim (self);
}

static void
panel_annotation_activated_cb (GlossWindow     *self,
                               GlossAnnotation *annotation)
{
  if (self->pick_mode == GLOSS_PICK_SOURCE)
    {
      if (gloss_annotation_get_kind (annotation) == GLOSS_ANNOTATION_ENTITY)
        pick_source_entity (self, annotation);
      else
        select_annotation (self, self->pick_subject, FALSE);
      return;
    }
  if (self->pick_mode == GLOSS_PICK_TARGET)
    {
      pick_target (self, annotation);
      return;
    }
  gloss_article_view_set_selected_annotation (self->article_view, annotation);
  gloss_article_view_scroll_to_annotation (self->article_view, annotation, TRUE);
  update_actions (self);
}

static void
panel_selected_cb (GlossWindow *self)
{
  GlossAnnotation *annotation = gloss_side_panel_get_selected_annotation (self->side_panel);

  if (self->pick_mode == GLOSS_PICK_NONE)
    gloss_article_view_set_selected_annotation (self->article_view, annotation);
  update_actions (self);
}

static void
panel_pick_source_cb (GlossWindow     *self,
                      GlossAnnotation *claim)
{
  start_pick (self, GLOSS_PICK_SOURCE, claim, NULL, FALSE);
}

static void
panel_pick_cue_cb (GlossWindow     *self,
                   GlossAnnotation *claim)
{
  start_pick (self, GLOSS_PICK_CUE, claim, NULL, FALSE);
}

/* Keys */

gboolean
_gloss_window_key_pressed (GlossWindow    *self,
                           guint           keyval,
                           GdkModifierType state)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));
  GlossTagset *tagset;
  gunichar c;
  guint n;

  g_return_val_if_fail (GLOSS_IS_WINDOW (self), FALSE);

  if (keyval == GDK_KEY_Escape && self->pick_mode != GLOSS_PICK_NONE)
    {
      end_pick (self);
      return TRUE;
    }
  if (keyval == GDK_KEY_Escape && gtk_widget_get_visible (self->mark_popover))
    {
      gtk_popover_popdown (GTK_POPOVER (self->mark_popover));
      return TRUE;
    }

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK | GDK_META_MASK)) != 0)
    return FALSE;
  if (self->set == NULL || self->pick_mode != GLOSS_PICK_NONE)
    return FALSE;
  /* Only where typing means nothing else: in the text, or its popover. */
  if (focus != GTK_WIDGET (self->article_view)
      && (focus == NULL || !gtk_widget_is_ancestor (focus, self->mark_popover)))
    return FALSE;
  if (!gloss_article_view_get_selection (self->article_view, NULL, NULL))
    return FALSE;

  c = g_unichar_tolower (gdk_keyval_to_unicode (keyval));
  if (c == 0)
    return FALSE;

  tagset = gloss_annotation_set_get_tagset (self->set);
  n = gloss_tagset_get_n_entity_types (tagset);
  for (guint i = 0; i < n; i++)
    {
      const GlossEntityType *type = gloss_tagset_get_entity_type (tagset, i);

      if (type->key != 0 && g_unichar_tolower (type->key) == c)
        {
          mark_entity (self, type->id);
          return TRUE;
        }
    }
  if (c == 'c')
    {
      mark_claim (self);
      return TRUE;
    }
  return FALSE;
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GlossWindow           *self)
{
  return _gloss_window_key_pressed (self, keyval, state);
}

/* Closing */

static void
finish_close (GlossWindow *self)
{
  self->closing = TRUE;
  gtk_window_close (GTK_WINDOW (self));
}

static void
close_reload_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GlossWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gloss_editing_session_reload_finish (GLOSS_EDITING_SESSION (object), result, &error))
    {
      show_error (self, error->message, FALSE);
      return;
    }
  finish_close (self);
}

static void
close_flush_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GlossWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gloss_editing_session_flush_finish (GLOSS_EDITING_SESSION (object), result, &error))
    {
      show_error (self, error->message, TRUE);
      return;
    }
  finish_close (self);
}

enum
{
  RESPONSE_RELOAD = 1,
  RESPONSE_KEEP_MINE,
  RESPONSE_DISCARD,
  RESPONSE_RETRY,
};

static void
close_question_cb (GtkDialog   *dialog,
                   int          response,
                   GlossWindow *self)
{
  g_autoptr(GError) error = NULL;

  gtk_window_destroy (GTK_WINDOW (dialog));
  if (self->session == NULL)
    return;

  switch (response)
    {
    case RESPONSE_RELOAD:
      gloss_editing_session_reload_async (self->session, NULL, close_reload_cb, g_object_ref (self));
      break;

    case RESPONSE_KEEP_MINE:
      gloss_editing_session_keep_mine (self->session);
      gloss_editing_session_flush_async (self->session, NULL, close_flush_cb, g_object_ref (self));
      break;

    case RESPONSE_RETRY:
      if (gloss_editing_session_flush (self->session, &error))
        finish_close (self);
      else
        show_error (self, error->message, TRUE);
      break;

    case RESPONSE_DISCARD:
      finish_close (self);
      break;

    default:
      break;
    }
}

static void
ask_before_closing (GlossWindow *self,
                    const char  *problem)
{
  gboolean conflict = problem == NULL;
  GtkWidget *dialog;
  GtkWidget *button;
  g_autofree char *name = display_name (gloss_editing_session_get_sidecar_file (self->session));

  dialog = gtk_message_dialog_new (GTK_WINDOW (self), GTK_DIALOG_MODAL | GTK_DIALOG_DESTROY_WITH_PARENT,
                                   conflict ? GTK_MESSAGE_WARNING : GTK_MESSAGE_ERROR, GTK_BUTTONS_NONE,
                                   conflict ? _("Keep Your Annotations?") : _("Your Annotations Are Not Saved"));
  if (conflict)
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog),
                                              _("%s was changed by another program while it was open. "
                                                "Reload it to take the other version, or keep yours "
                                                "and overwrite it."), name);
  else
    gtk_message_dialog_format_secondary_text (GTK_MESSAGE_DIALOG (dialog), "%s", problem);

  gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Cancel"), GTK_RESPONSE_CANCEL);
  if (conflict)
    {
      gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Reload"), RESPONSE_RELOAD);
      button = gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Keep Mine"), RESPONSE_KEEP_MINE);
      gtk_widget_add_css_class (button, "suggested-action");
    }
  else
    {
      button = gtk_dialog_add_button (GTK_DIALOG (dialog), _("Close _Without Saving"), RESPONSE_DISCARD);
      gtk_widget_add_css_class (button, "destructive-action");
      gtk_dialog_add_button (GTK_DIALOG (dialog), _("_Try Again"), RESPONSE_RETRY);
    }
  gtk_dialog_set_default_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  g_signal_connect_object (dialog, "response", G_CALLBACK (close_question_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
_gloss_window_try_close (GlossWindow *self)
{
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (GLOSS_IS_WINDOW (self), FALSE);

  if (self->closing || self->session == NULL)
    return TRUE;

  commit_editor (self);
  if (gloss_editing_session_get_state (self->session) == GLOSS_SESSION_STATE_CONFLICT)
    {
      ask_before_closing (self, NULL);
      return FALSE;
    }
  if (gloss_editing_session_has_unsaved_changes (self->session)
      && !gloss_editing_session_flush (self->session, &error))
    {
      ask_before_closing (self, error->message);
      return FALSE;
    }
  return TRUE;
}

static gboolean
gloss_window_close_request (GtkWindow *window)
{
  GlossWindow *self = GLOSS_WINDOW (window);

  if (!_gloss_window_try_close (self))
    return TRUE;
  self->closing = TRUE;
  return GTK_WINDOW_CLASS (gloss_window_parent_class)->close_request (window);
}

/* Review mode: the review page compares the sidecars beside the open
 * article; the reviewer's own session stays open for their comments. */
static void
set_review_mode (GlossWindow *self,
                 gboolean     review)
{
  g_autoptr(GError) error = NULL;
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "mode");

  if (review && self->session != NULL)
    {
      commit_editor (self);
      end_pick (self);
      /* The review reads the reviewer's sidecar from disk too. */
      if ((gloss_editing_session_has_unsaved_changes (self->session)
           && !gloss_editing_session_flush (self->session, &error))
          || !gloss_review_page_open (self->review_page, self->session, &error))
        {
          show_error (self, error->message, FALSE);
          review = FALSE;
        }
    }
  else if (review)
    review = FALSE;
  if (!review)
    gloss_review_page_close (self->review_page);

  self->reviewing = review;
  g_simple_action_set_state (G_SIMPLE_ACTION (action), g_variant_new_string (review ? "review" : "annotate"));
  gtk_widget_set_visible (GTK_WIDGET (self->side_panel),
                          !review && g_settings_get_boolean (self->settings, "show-side-panel"));
  if (self->session != NULL)
    gtk_stack_set_visible_child_name (self->content_stack, review ? "review" : "article");
  update_actions (self);
}

static void
mode_change_state (GSimpleAction *action,
                   GVariant      *state,
                   gpointer       user_data)
{
  set_review_mode (GLOSS_WINDOW (user_data), g_str_equal (g_variant_get_string (state, NULL), "review"));
}

static void
toggle_review_activated (GSimpleAction *action,
                         GVariant      *parameter,
                         gpointer       user_data)
{
  GlossWindow *self = GLOSS_WINDOW (user_data);

  set_review_mode (self, !self->reviewing);
}

/* Actions */

static void
open_dialog_response_cb (GtkNativeDialog *dialog,
                         int              response,
                         GlossWindow     *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        gloss_window_open (self, file);
    }
  g_object_unref (dialog);
}

static void
run_open_dialog (GlossWindow          *self,
                 GtkFileChooserAction  action)
{
  GtkFileChooserNative *dialog;
  gboolean folder = action == GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER;

  dialog = gtk_file_chooser_native_new (folder ? _("Open a Corpus Folder") : _("Open an Article"),
                                        GTK_WINDOW (self), action, _("_Open"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  if (!folder)
    {
      g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

      gtk_file_filter_set_name (filter, _("Articles (plain text)"));
      gtk_file_filter_add_pattern (filter, "*.txt");
      gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), filter);
    }
  if (self->corpus != NULL)
    gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (dialog),
                                         gloss_corpus_get_folder (self->corpus), NULL);
  g_signal_connect (dialog, "response", G_CALLBACK (open_dialog_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
open_folder_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  run_open_dialog (GLOSS_WINDOW (user_data), GTK_FILE_CHOOSER_ACTION_SELECT_FOLDER);
}

static void
open_file_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  run_open_dialog (GLOSS_WINDOW (user_data), GTK_FILE_CHOOSER_ACTION_OPEN);
}

static void
open_recent_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  g_autoptr(GFile) folder = g_file_new_for_path (g_variant_get_string (parameter, NULL));

  gloss_window_open (GLOSS_WINDOW (user_data), folder);
}

static void
close_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  gtk_window_close (GTK_WINDOW (user_data));
}

/* Undo and redo go to the review's history in review mode, else to the
 * set's, after the editor has committed what is being typed. */
static void
step_history (GlossWindow *self,
              gboolean     forward)
{
  if (self->reviewing)
    {
      if (forward)
        gloss_review_page_redo (self->review_page);
      else
        gloss_review_page_undo (self->review_page);
      return;
    }
  if (self->set == NULL)
    return;
  commit_editor (self);
  end_pick (self);
  if (forward)
    gloss_annotation_set_redo (self->set);
  else
    gloss_annotation_set_undo (self->set);
}

static void
undo_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  step_history (GLOSS_WINDOW (user_data), FALSE);
}

static void
redo_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  step_history (GLOSS_WINDOW (user_data), TRUE);
}

static void
find_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  GlossWindow *self = GLOSS_WINDOW (user_data);

  g_settings_set_boolean (self->settings, "show-side-panel", TRUE);
  gloss_side_panel_focus_filter (self->side_panel);
}

static void
mark_entity_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  mark_entity (GLOSS_WINDOW (user_data), g_variant_get_string (parameter, NULL));
}

static void
mark_claim_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  mark_claim (GLOSS_WINDOW (user_data));
}

static void
delete_annotation_activated (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  GlossWindow *self = GLOSS_WINDOW (user_data);
  g_autoptr(GlossAnnotation) annotation = NULL;

  if (self->set == NULL || selected_annotation (self) == NULL)
    return;
  annotation = g_object_ref (selected_annotation (self));
  commit_editor (self);
  end_pick (self);
  gloss_annotation_set_remove (self->set, annotation);
}

static void
edit_annotation_activated (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  GlossWindow *self = GLOSS_WINDOW (user_data);
  GlossAnnotation *annotation = selected_annotation (self);

  if (annotation == NULL)
    return;
  g_settings_set_boolean (self->settings, "show-side-panel", TRUE);
  gloss_side_panel_set_selected_annotation (self->side_panel, annotation);
  gtk_widget_child_focus (gloss_side_panel_get_editor (self->side_panel), GTK_DIR_TAB_FORWARD);
}

static void
link_to_activated (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  GlossWindow *self = GLOSS_WINDOW (user_data);
  GlossAnnotation *annotation = selected_annotation (self);
  const char *type_id = g_variant_get_string (parameter, NULL);

  if (annotation == NULL || self->set == NULL
      || gloss_tagset_lookup_relation_type (gloss_annotation_set_get_tagset (self->set), type_id) == NULL)
    return;
  start_pick (self, GLOSS_PICK_TARGET, annotation, type_id, FALSE);
}

static void
select_annotation_activated (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  GlossWindow *self = GLOSS_WINDOW (user_data);
  GlossAnnotation *annotation;

  if (self->set == NULL)
    return;
  annotation = gloss_annotation_set_lookup (self->set, g_variant_get_string (parameter, NULL));
  if (annotation == NULL)
    return;
  if (self->pick_mode != GLOSS_PICK_NONE)
    {
      view_annotation_activated_cb (self, annotation);
      return;
    }
  select_annotation (self, annotation, TRUE);
}

static void
pick_article_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  GlossWindow *self = GLOSS_WINDOW (user_data);
  g_autoptr(GError) error = NULL;

  if (self->pick_mode != GLOSS_PICK_SOURCE)
    return;
  if (!gloss_annotation_set_set_source_article (self->set, self->pick_subject, &error))
    {
      mutation_failed (self, _("Could not set the claim’s source"), error);
      return;
    }
  source_done (self);
}

static void
pick_skip_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  end_pick (GLOSS_WINDOW (user_data));
}

static void
pick_cancel_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  end_pick (GLOSS_WINDOW (user_data));
}

static void
retry_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  GlossWindow *self = GLOSS_WINDOW (user_data);

  if (self->session != NULL)
    gloss_editing_session_retry (self->session);
}

static void
reload_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GlossWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!gloss_editing_session_reload_finish (GLOSS_EDITING_SESSION (object), result, &error))
    show_error (self, error->message, FALSE);
}

static void
reload_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  GlossWindow *self = GLOSS_WINDOW (user_data);

  if (self->session == NULL)
    return;
  end_pick (self);
  gloss_editing_session_reload_async (self->session, NULL, reload_cb, g_object_ref (self));
}

static void
keep_mine_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  GlossWindow *self = GLOSS_WINDOW (user_data);

  if (self->session != NULL)
    gloss_editing_session_keep_mine (self->session);
}

static void
reopen_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  GlossWindow *self = GLOSS_WINDOW (user_data);
  g_autoptr(GFile) article = NULL;

  if (self->session == NULL)
    return;
  article = g_object_ref (gloss_editing_session_get_article_file (self->session));
  if (!leave_article (self))
    return;
  open_article (self, article);
}

static void
move_article (GlossWindow *self,
              int          delta)
{
  guint n, position;

  if (self->corpus_selection == NULL)
    return;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->corpus_selection));
  position = gtk_single_selection_get_selected (self->corpus_selection);
  if (n == 0)
    return;
  if (position == GTK_INVALID_LIST_POSITION)
    position = 0;
  else
    position = (position + n + delta) % n;
  gtk_single_selection_set_selected (self->corpus_selection, position);
}

static void
next_article_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  move_article (GLOSS_WINDOW (user_data), 1);
}

/* The open corpus as a dataset, in a dialog of its own. */
static void
export_activated (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  GlossWindow *self = user_data;

  if (self->corpus == NULL)
    return;
  gtk_window_present (GTK_WINDOW (gloss_export_dialog_new (GTK_WINDOW (self), self->corpus)));
}

static void
previous_article_activated (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  move_article (GLOSS_WINDOW (user_data), -1);
}

static void
update_recent (GlossWindow *self)
{
  g_auto(GStrv) recent = g_settings_get_strv (self->settings, "recent-corpora");

  g_menu_remove_all (self->recent_section);
  for (guint i = 0; recent[i] != NULL; i++)
    {
      g_autofree char *name = g_path_get_basename (recent[i]);
      g_autoptr(GMenuItem) item = g_menu_item_new (name, NULL);

      g_menu_item_set_action_and_target_value (item, "win.open-recent", g_variant_new_string (recent[i]));
      g_menu_append_item (self->recent_section, item);
    }
}

/* GObject */

/* The application is set after construction: follow its identity then. */
static void
application_changed_cb (GlossWindow *self)
{
  GlossApplication *app = get_app (self);

  if (app != NULL && !self->app_connected)
    {
      self->app_connected = TRUE;
      g_signal_connect_object (app, "notify::annotator-id",
                               G_CALLBACK (annotator_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (app, "notify::annotator-name",
                               G_CALLBACK (annotator_name_changed_cb), self, G_CONNECT_SWAPPED);
    }
  update_annotator (self);
}

/* The annotation panel keeps its width when the window is resized, and
 * the width a person drags it to. */
static void
inner_paned_max_cb (GlossWindow *self)
{
  int max = 0;

  g_object_get (self->inner_paned, "max-position", &max, NULL);
  if (max <= 0)
    return;
  self->setting_position = TRUE;
  gtk_paned_set_position (self->inner_paned, MAX (max - self->side_width, max / 2));
  self->setting_position = FALSE;
}

static void
inner_paned_position_cb (GlossWindow *self)
{
  int max = 0;

  if (self->setting_position)
    return;
  g_object_get (self->inner_paned, "max-position", &max, NULL);
  if (max > 0 && gtk_paned_get_position (self->inner_paned) > 0)
    self->side_width = MAX (max - gtk_paned_get_position (self->inner_paned), 0);
}

static void
gloss_window_dispose (GObject *object)
{
  GlossWindow *self = GLOSS_WINDOW (object);

  /* Destroyed without a close request (the application ending): save
   * what can be saved. */
  if (self->session != NULL && !self->closing
      && gloss_editing_session_has_unsaved_changes (self->session)
      && gloss_editing_session_get_state (self->session) != GLOSS_SESSION_STATE_CONFLICT)
    {
      g_autoptr(GError) error = NULL;

      if (!gloss_editing_session_flush (self->session, &error))
        g_warning ("%s", error->message);
    }

  g_clear_handle_id (&self->release_idle, g_source_remove);
  g_cancellable_cancel (self->open_cancellable);
  g_cancellable_cancel (self->corpus_cancellable);
  g_clear_object (&self->open_cancellable);
  g_clear_object (&self->corpus_cancellable);

  if (self->session_signals != NULL)
    g_signal_group_set_target (self->session_signals, NULL);
  if (self->set_signals != NULL)
    g_signal_group_set_target (self->set_signals, NULL);

  g_clear_pointer (&self->mark_popover, gtk_widget_unparent);
  g_clear_pointer (&self->context_menu, gtk_widget_unparent);

  gtk_widget_dispose_template (GTK_WIDGET (self), GLOSS_TYPE_WINDOW);

  if (self->corpus_selection != NULL)
    g_signal_handlers_disconnect_by_data (self->corpus_selection, self);
  if (self->corpus != NULL)
    g_signal_handlers_disconnect_by_data (self->corpus, self);
  g_clear_object (&self->corpus_selection);
  g_clear_object (&self->corpus);
  g_clear_object (&self->pending_select);
  g_clear_object (&self->opening);
  g_clear_object (&self->session);
  g_clear_object (&self->set);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->set_signals);
  g_clear_object (&self->pick_subject);
  g_clear_object (&self->mark_tagset);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (gloss_window_parent_class)->dispose (object);
}

static void
gloss_window_finalize (GObject *object)
{
  GlossWindow *self = GLOSS_WINDOW (object);

  g_free (self->pick_relation);
  g_free (self->banner_error);

  G_OBJECT_CLASS (gloss_window_parent_class)->finalize (object);
}

static void
gloss_window_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  GlossWindow *self = GLOSS_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CORPUS:
      g_value_set_object (value, self->corpus);
      break;

    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_window_class_init (GlossWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = gloss_window_dispose;
  object_class->finalize = gloss_window_finalize;
  object_class->get_property = gloss_window_get_property;
  window_class->close_request = gloss_window_close_request;

  properties[PROP_CORPUS] =
    g_param_spec_object ("corpus", NULL, NULL, GLOSS_TYPE_CORPUS,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, GLOSS_TYPE_EDITING_SESSION,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (GLOSS_TYPE_ARTICLE_VIEW);
  g_type_ensure (GLOSS_TYPE_SIDE_PANEL);
  g_type_ensure (GLOSS_TYPE_REVIEW_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/gloss-window.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, GlossWindow, name)
  CHILD (recent_section);
  CHILD (title_label);
  CHILD (state_label);
  CHILD (state_icon);
  CHILD (annotator_label);
  CHILD (error_bar);
  CHILD (error_label);
  CHILD (retry_button);
  CHILD (conflict_bar);
  CHILD (conflict_label);
  CHILD (report_bar);
  CHILD (report_label);
  CHILD (reopen_button);
  CHILD (pick_bar);
  CHILD (pick_label);
  CHILD (pick_article_button);
  CHILD (pick_skip_button);
  CHILD (pick_cancel_button);
  CHILD (corpus_sidebar);
  CHILD (corpus_label);
  CHILD (corpus_count_label);
  CHILD (corpus_list);
  CHILD (inner_paned);
  CHILD (content_stack);
  CHILD (status_icon);
  CHILD (status_spinner);
  CHILD (status_title);
  CHILD (status_description);
  CHILD (status_button);
  CHILD (article_view);
  CHILD (side_panel);
  CHILD (review_page);
#undef CHILD
  gtk_widget_class_bind_template_callback (widget_class, error_bar_response_cb);
  gtk_widget_class_bind_template_callback (widget_class, report_bar_response_cb);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, view_annotation_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, view_edit_requested_cb);
  gtk_widget_class_bind_template_callback (widget_class, view_context_menu_cb);
  gtk_widget_class_bind_template_callback (widget_class, view_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, panel_type_chosen_cb);
  gtk_widget_class_bind_template_callback (widget_class, panel_claim_chosen_cb);
  gtk_widget_class_bind_template_callback (widget_class, panel_annotation_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, panel_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, panel_pick_source_cb);
  gtk_widget_class_bind_template_callback (widget_class, panel_pick_cue_cb);
}

static void
gloss_window_init (GlossWindow *self)
{
  static const GActionEntry entries[] = {
    { "open-folder", open_folder_activated },
    { "open-file", open_file_activated },
    { "open-recent", open_recent_activated, "s" },
    { "close", close_activated },
    { "undo", undo_activated },
    { "redo", redo_activated },
    { "find", find_activated },
    { "mark-entity", mark_entity_activated, "s" },
    { "mark-claim", mark_claim_activated },
    { "delete-annotation", delete_annotation_activated },
    { "edit-annotation", edit_annotation_activated },
    { "link-to", link_to_activated, "s" },
    { "select-annotation", select_annotation_activated, "s" },
    { "pick-article", pick_article_activated },
    { "pick-skip", pick_skip_activated },
    { "pick-cancel", pick_cancel_activated },
    { "retry", retry_activated },
    { "reload", reload_activated },
    { "keep-mine", keep_mine_activated },
    { "reopen", reopen_activated },
    { "next-article", next_article_activated },
    { "previous-article", previous_article_activated },
    { "export", export_activated },
    { "mode", NULL, "s", "'annotate'", mode_change_state },
    { "toggle-review", toggle_review_activated },
  };
  g_autoptr(GAction) corpus_action = NULL;
  g_autoptr(GAction) side_action = NULL;
  GtkListItemFactory *factory;
  GtkEventController *controller;
  GtkShortcutController *shortcuts;
  GtkWidget *scroller;

  gtk_widget_init_template (GTK_WIDGET (self));
  gloss_accessible_follow_window (GTK_WINDOW (self));
  gtk_widget_add_css_class (GTK_WIDGET (self), "gloss-window");
  self->side_width = 360;
  g_signal_connect (self, "notify::application", G_CALLBACK (application_changed_cb), NULL);
  g_signal_connect_swapped (self->inner_paned, "notify::max-position", G_CALLBACK (inner_paned_max_cb), self);
  g_signal_connect_swapped (self->inner_paned, "notify::position", G_CALLBACK (inner_paned_position_cb), self);

  self->settings = gloss_settings_new ();

  g_action_map_add_action_entries (G_ACTION_MAP (self), entries, G_N_ELEMENTS (entries), self);
  corpus_action = g_settings_create_action (self->settings, "show-corpus-panel");
  side_action = g_settings_create_action (self->settings, "show-side-panel");
  g_action_map_add_action (G_ACTION_MAP (self), corpus_action);
  g_action_map_add_action (G_ACTION_MAP (self), side_action);
  g_settings_bind (self->settings, "show-corpus-panel", self->corpus_sidebar, "visible", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "show-side-panel", self->side_panel, "visible", G_SETTINGS_BIND_GET);
  g_signal_connect_object (self->settings, "changed::recent-corpora",
                           G_CALLBACK (update_recent), self, G_CONNECT_SWAPPED);
  update_recent (self);

  /* The corpus sidebar */
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (corpus_row_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (corpus_row_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (corpus_row_unbind_cb), self);
  gtk_list_view_set_factory (self->corpus_list, factory);
  g_object_unref (factory);

  /* Models the panel and the view follow */
  self->session_signals = g_signal_group_new (GLOSS_TYPE_EDITING_SESSION);
  g_signal_group_connect_swapped (self->session_signals, "notify::state", G_CALLBACK (update_state), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::last-error", G_CALLBACK (update_state), self);
  g_signal_group_connect_swapped (self->session_signals, "external-change", G_CALLBACK (update_state), self);
  g_signal_group_connect_swapped (self->session_signals, "notify::annotation-set",
                                  G_CALLBACK (session_set_changed_cb), self);
  g_signal_group_connect_swapped (self->session_signals, "article-changed",
                                  G_CALLBACK (session_article_changed_cb), self);

  self->set_signals = g_signal_group_new (GLOSS_TYPE_ANNOTATION_SET);
  g_signal_group_connect_swapped (self->set_signals, "notify::can-undo", G_CALLBACK (set_undo_changed_cb), self);
  g_signal_group_connect_swapped (self->set_signals, "notify::can-redo", G_CALLBACK (set_undo_changed_cb), self);
  g_signal_group_connect_swapped (self->set_signals, "annotation-removed",
                                  G_CALLBACK (set_annotation_removed_cb), self);
  g_signal_group_connect_swapped (self->set_signals, "annotation-added", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (self->review_page, "notify::can-undo", G_CALLBACK (update_actions), self);
  g_signal_connect_swapped (self->review_page, "notify::can-redo", G_CALLBACK (update_actions), self);

  /* The type popover and the context menu point into the text. */
  self->mark_popover = gtk_popover_new ();
  gtk_widget_add_css_class (self->mark_popover, "gloss-mark-popover");
  gtk_popover_set_position (GTK_POPOVER (self->mark_popover), GTK_POS_BOTTOM);
  /* No grab: a click elsewhere (another article, the panel) acts at once,
   * and the keyboard stays in the text for the type keys. */
  gtk_popover_set_autohide (GTK_POPOVER (self->mark_popover), FALSE);
  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 460);
  self->mark_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->mark_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Mark the selection as"),
                                  -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->mark_box);
  gtk_popover_set_child (GTK_POPOVER (self->mark_popover), scroller);
  gtk_widget_set_parent (self->mark_popover, GTK_WIDGET (self->article_view));
  controller = gtk_event_controller_key_new ();
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (self->mark_popover, controller);

  self->context_menu = gtk_popover_menu_new_from_model (NULL);
  gtk_popover_set_has_arrow (GTK_POPOVER (self->context_menu), FALSE);
  gtk_popover_set_position (GTK_POPOVER (self->context_menu), GTK_POS_BOTTOM);
  gtk_widget_set_halign (self->context_menu, GTK_ALIGN_START);
  gtk_widget_set_parent (self->context_menu, GTK_WIDGET (self->article_view));

  /* The popover points at the selection as it was: scrolling ends it. */
  g_signal_connect_object (gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->article_view)),
                           "value-changed", G_CALLBACK (gtk_popover_popdown), self->mark_popover,
                           G_CONNECT_SWAPPED);

  /* Type keys and Escape before the focused widget sees them. */
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  /* The end of a drag in the text. */
  controller = gtk_event_controller_legacy_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect (controller, "event", G_CALLBACK (view_event_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->article_view), controller);

  /* Delete in the text removes the selected annotation. */
  shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Delete, 0),
                                                          gtk_named_action_new ("win.delete-annotation")));
  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_KP_Delete, 0),
                                                          gtk_named_action_new ("win.delete-annotation")));
  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_BackSpace, 0),
                                                          gtk_named_action_new ("win.delete-annotation")));
  gtk_widget_add_controller (GTK_WIDGET (self->article_view), GTK_EVENT_CONTROLLER (shortcuts));

  show_status (self, "io.gloss.Gloss-symbolic", FALSE, _("No Corpus Open"),
               _("Open a folder of articles to annotate them."), _("Open a _Folder…"), "win.open-folder");
  update_title (self);
  update_actions (self);
}

GlossWindow *
gloss_window_new (GlossApplication *application)
{
  return g_object_new (GLOSS_TYPE_WINDOW, "application", application, NULL);
}

GlossCorpus *
gloss_window_get_corpus (GlossWindow *self)
{
  g_return_val_if_fail (GLOSS_IS_WINDOW (self), NULL);

  return self->corpus;
}

GlossEditingSession *
gloss_window_get_session (GlossWindow *self)
{
  g_return_val_if_fail (GLOSS_IS_WINDOW (self), NULL);

  return self->session;
}

/* For tests */

GlossArticleView *
_gloss_window_get_article_view (GlossWindow *self)
{
  return self->article_view;
}

GlossSidePanel *
_gloss_window_get_side_panel (GlossWindow *self)
{
  return self->side_panel;
}

GtkWidget *
_gloss_window_get_corpus_list (GlossWindow *self)
{
  return GTK_WIDGET (self->corpus_list);
}

GtkWidget *
_gloss_window_get_mark_popover (GlossWindow *self)
{
  return self->mark_popover;
}

GtkWidget *
_gloss_window_get_context_menu (GlossWindow *self)
{
  return self->context_menu;
}

const char *
_gloss_window_get_state_text (GlossWindow *self)
{
  return gtk_label_get_text (self->state_label);
}

const char *
_gloss_window_get_banner (GlossWindow *self,
                          GlossBanner  banner)
{
  switch (banner)
    {
    case GLOSS_BANNER_ERROR:
      return gtk_info_bar_get_revealed (self->error_bar) ? gtk_label_get_text (self->error_label) : NULL;
    case GLOSS_BANNER_CONFLICT:
      return gtk_info_bar_get_revealed (self->conflict_bar) ? gtk_label_get_text (self->conflict_label) : NULL;
    case GLOSS_BANNER_REPORT:
      return gtk_info_bar_get_revealed (self->report_bar) ? gtk_label_get_text (self->report_label) : NULL;
    case GLOSS_BANNER_PICK:
      return gtk_info_bar_get_revealed (self->pick_bar) ? gtk_label_get_text (self->pick_label) : NULL;
    default:
      g_return_val_if_reached (NULL);
    }
}

GlossPickMode
_gloss_window_get_pick_mode (GlossWindow *self)
{
  return self->pick_mode;
}

void
_gloss_window_pointer_released (GlossWindow *self)
{
  guint start, end;

  g_return_if_fail (GLOSS_IS_WINDOW (self));

  if (self->set == NULL || !gloss_article_view_get_selection (self->article_view, &start, &end))
    return;
  if (self->pick_mode == GLOSS_PICK_SOURCE || self->pick_mode == GLOSS_PICK_CUE)
    pick_with_selection (self, start, end);
  else if (self->pick_mode == GLOSS_PICK_NONE)
    show_mark_popover (self, start, end);
}
