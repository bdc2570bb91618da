/* gloss-review-page.c: the window's review mode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-review"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "gloss-agreement.h"
#include "gloss-annotation-editor.h"
#include "gloss-review-comment.h"
#include "gloss-review-page.h"
#include "gloss-sidecar.h"

/* A burst of changes on disk (a git pull touches many files) is read
 * once it is over. */
#define RELOAD_DELAY_MS 300
/* Decisions are written shortly after they are made. */
#define GOLD_SAVE_DELAY_MS 300

/* Where the selected group was, to find it again after the review
 * compared anew. */
typedef struct
{
  gboolean            set;
  GlossAnnotationKind kind;
  guint               start;
  guint               end;
} GroupKey;

struct _GlossReviewPage
{
  GtkWidget                parent_instance;

  GlossEditingSession     *session;     /* the reviewer's own: comments go there */
  GFile                   *article;
  GFile                   *folder;
  GlossDocument           *document;
  GlossTagset             *tagset;
  char                    *reviewer;

  GPtrArray               *available;   /* char *, NULL-terminated */
  GPtrArray               *compared;    /* char *, NULL-terminated */
  gboolean                 customised;  /* the reviewer chose whom to compare */
  GHashTable              *sets;        /* annotator id -> GlossAnnotationSet (on disk) */
  GHashTable              *hashes;      /* annotator id -> SHA-256 of the file loaded */
  GPtrArray               *comments;

  GlossReview             *review;
  GlossReviewAdjudication *adjudication;
  GlossAnnotationSet      *gold;
  GFile                   *gold_file;
  char                    *gold_hash;   /* of the gold file as last read or written; NULL: none */
  gboolean                 gold_dirty;
  gboolean                 gold_conflict;
  char                    *conflict_hash; /* of the version on disk that conflicts; NULL: none there */
  gboolean                 gold_check;    /* the gold file was seen changing */
  guint                    gold_save_source;
  guint                    extensions_source;

  GFileMonitor            *monitor;
  GHashTable              *changed;     /* annotator ids seen changing */
  guint                    reload_source;

  GlossAnnotation         *editing;     /* the gold annotation in the editor */
  GroupKey                 selected_key;
  gboolean                 refreshing;

  GCancellable            *corpus_cancellable;
  gboolean                 busy;

  /* Template */
  GtkWidget               *main_box;
  GtkMenuButton           *annotators_button;
  GtkBox                  *annotators_box;
  GtkLabel                *summary_label;
  GtkCheckButton          *show_agreed_check;
  GtkInfoBar              *conflict_bar;
  GtkLabel                *conflict_label;
  GtkInfoBar              *error_bar;
  GtkLabel                *error_label;
  GlossArticleView        *article_view;
  GtkStack                *side_stack;
  GlossReviewList         *list;
  GlossReviewVersions     *versions;
  GtkRevealer             *editor_revealer;
  GlossAnnotationEditor   *editor;
  GtkToggleButton         *scope_article_button;
  GtkToggleButton         *scope_corpus_button;
  GlossReviewAgreement    *agreement;
};

G_DEFINE_FINAL_TYPE (GlossReviewPage, gloss_review_page, GTK_TYPE_WIDGET)

enum
{
  PROP_0,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  PROP_REVIEW,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void update_agreement (GlossReviewPage *self);
static void update_summary   (GlossReviewPage *self);
static void finish_edit      (GlossReviewPage *self);

/* Errors */

static void
show_error (GlossReviewPage *self,
            const char      *message)
{
  if (message != NULL)
    gtk_label_set_text (self->error_label, message);
  gtk_info_bar_set_revealed (self->error_bar, message != NULL);
}

static void
error_bar_response_cb (GlossReviewPage *self,
                       int              response)
{
  if (response == GTK_RESPONSE_CLOSE)
    show_error (self, NULL);
}

const char *
gloss_review_page_get_conflict (GlossReviewPage *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_PAGE (self), NULL);

  return gtk_info_bar_get_revealed (self->conflict_bar) ? gtk_label_get_text (self->conflict_label) : NULL;
}

const char *
gloss_review_page_get_error (GlossReviewPage *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_PAGE (self), NULL);

  return gtk_info_bar_get_revealed (self->error_bar) ? gtk_label_get_text (self->error_label) : NULL;
}

/* Files */

static char *
hash_bytes (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

static GFile *
sidecar_file (GlossReviewPage *self,
              const char      *annotator)
{
  g_autofree char *base = g_file_get_basename (self->article);
  g_autofree char *name = gloss_sidecar_build_name (base, annotator);

  return g_file_get_child (self->folder, name);
}

/* Reads one sidecar: NULL with @error when it does not load, NULL without
 * when there is none. */
static GlossAnnotationSet *
load_sidecar (GlossReviewPage  *self,
              GFile            *file,
              char            **hash,
              GError          **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = g_file_get_path (file);

  bytes = g_file_load_bytes (file, NULL, NULL, &local_error);
  if (bytes == NULL)
    {
      if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (hash != NULL)
    *hash = hash_bytes (bytes);
  return gloss_sidecar_load_bytes (bytes, path, self->document, self->tagset, NULL, error);
}

/* The annotators with a sidecar beside the article, gold aside, sorted. */
static GPtrArray *
list_annotators (GlossReviewPage *self,
                 GError         **error)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autofree char *base = g_file_get_basename (self->article);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  enumerator = g_file_enumerate_children (self->folder, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                          G_FILE_QUERY_INFO_NONE, NULL, error);
  if (enumerator == NULL)
    {
      g_ptr_array_unref (out);
      return NULL;
    }
  for (;;)
    {
      GFileInfo *info;
      g_autofree char *text = NULL;
      g_autofree char *annotator = NULL;

      if (!g_file_enumerator_iterate (enumerator, &info, NULL, NULL, error))
        {
          g_ptr_array_unref (out);
          return NULL;
        }
      if (info == NULL)
        break;
      if (gloss_sidecar_parse_name (g_file_info_get_name (info), &text, &annotator)
          && g_str_equal (text, base) && !g_str_equal (annotator, GLOSS_ANNOTATOR_GOLD))
        g_ptr_array_add (out, g_steal_pointer (&annotator));
    }
  return out;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
strv_contains (GPtrArray  *array,
               const char *id)
{
  for (guint i = 0; i < array->len; i++)
    if (g_strcmp0 (g_ptr_array_index (array, i), id) == 0)
      return TRUE;
  return FALSE;
}

/* NULL-terminated arrays of ids. */
static GPtrArray *
id_array_new (void)
{
  GPtrArray *array = g_ptr_array_new_with_free_func (g_free);

  g_ptr_array_add (array, NULL);
  return array;
}

static void
id_array_add (GPtrArray  *array,
              const char *id)
{
  g_ptr_array_insert (array, (int) array->len - 1, g_strdup (id));
}

static guint
id_array_len (GPtrArray *array)
{
  return array->len - 1;
}

/* Comments */

static void
collect_comments (GlossReviewPage *self)
{
  GHashTableIter iter;
  gpointer key, value;
  g_autoptr(GPtrArray) sets = g_ptr_array_new ();
  GlossAnnotationSet *own = self->session != NULL ? gloss_editing_session_get_annotation_set (self->session) : NULL;

  g_clear_pointer (&self->comments, g_ptr_array_unref);
  self->comments = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_review_comment_free);

  /* The reviewer's own comments from their session (the newest), every
   * other sidecar's from disk. */
  if (own != NULL)
    g_ptr_array_add (sets, own);
  g_hash_table_iter_init (&iter, self->sets);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_strcmp0 (key, self->reviewer) != 0)
      g_ptr_array_add (sets, value);
  if (self->gold != NULL)
    g_ptr_array_add (sets, self->gold);

  for (guint i = 0; i < sets->len; i++)
    {
      g_autoptr(GPtrArray) list = gloss_review_comment_list (g_ptr_array_index (sets, i));

      for (guint c = 0; list != NULL && c < list->len; c++)
        g_ptr_array_add (self->comments, gloss_review_comment_copy (g_ptr_array_index (list, c)));
    }
  gloss_review_list_set_comments (self->list, self->comments);
  gloss_review_versions_set_comments (self->versions, self->comments);
}

/* Gold */

static void
show_conflict (GlossReviewPage *self,
               gboolean         shown)
{
  if (shown)
    {
      g_autofree char *name = g_file_get_basename (self->gold_file);
      /* Translators: %s is a file name */
      g_autofree char *text = g_strdup_printf (_("%s was changed by another program. Reload it, "
                                                 "or keep your decisions and overwrite it?"), name);

      gtk_label_set_text (self->conflict_label, text);
    }
  gtk_info_bar_set_revealed (self->conflict_bar, shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.reload-gold", shown);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.keep-gold", shown);
}

/* Someone else wrote the gold file (@disk_hash; NULL: removed it): nothing
 * is written until the reviewer says which version to keep. */
static void
enter_gold_conflict (GlossReviewPage *self,
                     const char      *disk_hash)
{
  self->gold_conflict = TRUE;
  g_free (self->conflict_hash);
  self->conflict_hash = g_strdup (disk_hash);
  g_clear_handle_id (&self->gold_save_source, g_source_remove);
  show_conflict (self, TRUE);
}

static gboolean
save_gold (GlossReviewPage  *self,
           GError          **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) on_disk = NULL;
  g_autofree char *disk_hash = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize size;
  const char *data;

  g_clear_handle_id (&self->gold_save_source, g_source_remove);
  if (!self->gold_dirty || self->gold == NULL)
    return TRUE;

  path = g_file_get_path (self->gold_file);

  /* Never overwrite a gold file someone else changed since we read it. */
  on_disk = g_file_load_bytes (self->gold_file, NULL, NULL, &local_error);
  if (on_disk != NULL)
    disk_hash = hash_bytes (on_disk);
  else if (!g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not read %s: %s"), path, local_error->message);
      return FALSE;
    }
  g_clear_error (&local_error);
  if (g_strcmp0 (disk_hash, self->gold_hash) != 0)
    {
      enter_gold_conflict (self, disk_hash);
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("%s was changed by another program: your decisions are not saved. Reload it, "
                     "or keep your decisions and overwrite it."), path);
      return FALSE;
    }

  bytes = gloss_sidecar_to_bytes (self->gold, error);
  if (bytes == NULL)
    return FALSE;
  data = g_bytes_get_data (bytes, &size);
  if (!g_file_set_contents_full (path, data, (gssize) size,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0644, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not save %s: %s"), path, local_error->message);
      return FALSE;
    }
  g_free (self->gold_hash);
  self->gold_hash = hash_bytes (bytes);
  self->gold_dirty = FALSE;
  return TRUE;
}

static gboolean
gold_save_cb (gpointer user_data)
{
  GlossReviewPage *self = user_data;
  g_autoptr(GError) error = NULL;

  self->gold_save_source = 0;
  /* A conflict has its own banner. */
  if (!save_gold (self, &error) && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    show_error (self, error->message);
  return G_SOURCE_REMOVE;
}

/* Every decision marks gold as changed; changes made through the set
 * itself (the editor, an undo there) arrive as its signals. */
static void
gold_changed (GlossReviewPage *self)
{
  self->gold_dirty = TRUE;
  if (self->gold_conflict)
    return;
  g_clear_handle_id (&self->gold_save_source, g_source_remove);
  self->gold_save_source = g_timeout_add (GOLD_SAVE_DELAY_MS, gold_save_cb, self);
}

/* Records and comments are extensions: their changes (an undo through
 * the set, say) touch no annotation, yet the list shows them. Shown
 * once a burst of them is over. */
static gboolean
extensions_idle_cb (gpointer user_data)
{
  GlossReviewPage *self = user_data;

  self->extensions_source = 0;
  collect_comments (self);
  gloss_review_versions_update (self->versions);
  update_summary (self);
  return G_SOURCE_REMOVE;
}

static void
extensions_changed (GlossReviewPage *self)
{
  if (self->extensions_source == 0)
    self->extensions_source = g_idle_add (extensions_idle_cb, self);
}

static void
gold_extensions_changed_cb (GlossReviewPage *self)
{
  gold_changed (self);
  extensions_changed (self);
}

gboolean
gloss_review_page_flush (GlossReviewPage  *self,
                         GError          **error)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_PAGE (self), FALSE);

  if (self->gold_conflict && self->gold_dirty)
    {
      g_autofree char *path = self->gold_file != NULL ? g_file_get_path (self->gold_file) : NULL;

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("%s was changed by another program: your decisions are not saved. Reload it, "
                     "or keep your decisions and overwrite it."), path);
      return FALSE;
    }
  return save_gold (self, error);
}

/* The review */

static void
update_summary (GlossReviewPage *self)
{
  g_autofree char *text = NULL;
  g_autofree char *names = NULL;
  g_autofree char *button = NULL;

  names = g_strjoinv (", ", (char **) self->compared->pdata);
  /* Translators: the annotators compared, e.g. "Compare: alice, bob" */
  button = g_strdup_printf (_("Compare: %s"), id_array_len (self->compared) > 0 ? names : _("nobody"));
  gtk_menu_button_set_label (self->annotators_button, button);

  if (self->review == NULL)
    {
      gtk_label_set_text (self->summary_label,
                          id_array_len (self->available) < 2
                          ? _("This article needs the sidecars of two annotators to compare.")
                          : _("Choose at least two annotators to compare."));
    }
  else
    {
      guint n = g_list_model_get_n_items (gloss_review_get_disagreements (self->review));
      guint pending = gloss_review_adjudication_count_pending (self->adjudication);

      /* Translators: counts in the review toolbar */
      text = g_strdup_printf (_("%u disagreements · %u groups undecided"), n, pending);
      gtk_label_set_text (self->summary_label, text);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.accept-agreed", self->review != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.next", self->review != NULL);
}

static void
notify_undo (GlossReviewPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.undo", gloss_review_page_can_undo (self));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "review.redo", gloss_review_page_can_redo (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
}

static gboolean
key_matches (const GroupKey   *key,
             GlossReviewGroup *group)
{
  return key->set && gloss_review_group_get_kind (group) == key->kind
         && gloss_review_group_get_start (group) == key->start
         && gloss_review_group_get_end (group) == key->end;
}

/* The group now where the selected one was. */
static GlossReviewGroup *
find_by_key (GlossReviewPage *self,
             const GroupKey  *key)
{
  GListModel *groups;
  GlossReviewGroup *best = NULL;

  if (self->review == NULL || !key->set)
    return NULL;
  groups = gloss_review_get_groups (self->review);
  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(GlossReviewGroup) group = g_list_model_get_item (groups, i);

      if (key_matches (key, group))
        return group;
      /* Else the first group of the kind that overlaps where it was. */
      if (best == NULL && gloss_review_group_get_kind (group) == key->kind
          && gloss_review_group_get_start (group) < key->end
          && key->start < gloss_review_group_get_end (group))
        best = group;
    }
  return best;
}

static void
review_refreshed_cb (GlossReviewPage *self)
{
  GroupKey key = self->selected_key;
  GlossReviewGroup *group;

  /* The view lets go of the old annotations itself; the editor must too. */
  finish_edit (self);
  group = find_by_key (self, &key);
  self->refreshing = FALSE;
  gloss_review_page_select_group (self, group);
  update_summary (self);
  if (gtk_toggle_button_get_active (self->scope_article_button))
    update_agreement (self);
}

static void
adjudication_undo_cb (GlossReviewPage *self)
{
  notify_undo (self);
}

static void
set_review (GlossReviewPage         *self,
            GlossReview             *review,
            GlossReviewAdjudication *adjudication)
{
  finish_edit (self);
  if (self->review != NULL)
    g_signal_handlers_disconnect_by_data (self->review, self);
  if (self->adjudication != NULL)
    g_signal_handlers_disconnect_by_data (self->adjudication, self);

  gloss_review_list_set_review (self->list, NULL);
  gloss_review_versions_set_adjudication (self->versions, NULL);
  gloss_article_view_set_review (self->article_view, NULL);

  g_set_object (&self->review, review);
  g_set_object (&self->adjudication, adjudication);

  if (review != NULL)
    {
      g_signal_connect_object (review, "refreshed", G_CALLBACK (review_refreshed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (adjudication, "notify::can-undo", G_CALLBACK (adjudication_undo_cb), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (adjudication, "notify::can-redo", G_CALLBACK (adjudication_undo_cb), self,
                               G_CONNECT_SWAPPED);
    }
  gloss_article_view_set_review (self->article_view, review);
  gloss_review_list_set_review (self->list, review);
  gloss_review_versions_set_adjudication (self->versions, adjudication);
  self->selected_key.set = FALSE;

  update_summary (self);
  notify_undo (self);
  update_agreement (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REVIEW]);
}

static gboolean
build_review (GlossReviewPage  *self,
              GError          **error)
{
  g_autoptr(GPtrArray) sets = g_ptr_array_new ();
  g_autoptr(GlossReview) review = NULL;
  g_autoptr(GlossReviewAdjudication) adjudication = NULL;

  for (guint i = 0; i < id_array_len (self->compared); i++)
    {
      GlossAnnotationSet *set = g_hash_table_lookup (self->sets, g_ptr_array_index (self->compared, i));

      if (set != NULL)
        g_ptr_array_add (sets, set);
    }
  if (sets->len >= 2)
    {
      review = gloss_review_new ((GlossAnnotationSet * const *) sets->pdata, sets->len, error);
      if (review == NULL)
        return FALSE;
      adjudication = gloss_review_adjudication_new (review, self->gold, self->reviewer, error);
      if (adjudication == NULL)
        return FALSE;
    }
  set_review (self, review, adjudication);
  return TRUE;
}

/* The annotators popover */

static void
annotator_toggled_cb (GtkCheckButton  *check,
                      GlossReviewPage *self)
{
  g_autoptr(GPtrArray) chosen = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->annotators_box));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    if (gtk_check_button_get_active (GTK_CHECK_BUTTON (child)))
      g_ptr_array_add (chosen, g_object_get_data (G_OBJECT (child), "annotator"));
  g_ptr_array_add (chosen, NULL);

  self->customised = TRUE;
  if (!gloss_review_page_set_compared (self, (const char * const *) chosen->pdata, &error))
    show_error (self, error->message);
}

static void
rebuild_annotators_popover (GlossReviewPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->annotators_box))) != NULL)
    gtk_box_remove (self->annotators_box, child);
  for (guint i = 0; i < id_array_len (self->available); i++)
    {
      const char *id = g_ptr_array_index (self->available, i);
      GlossAnnotationSet *set = g_hash_table_lookup (self->sets, id);
      const char *name = set != NULL ? gloss_annotation_set_get_annotator_name (set) : NULL;
      g_autofree char *label = NULL;
      GtkWidget *check;

      if (name != NULL && g_strcmp0 (name, id) != 0)
        label = g_strdup_printf ("%s (%s)", name, id);
      else
        label = g_strdup (id);
      if (set == NULL)
        {
          /* Translators: an annotator whose sidecar does not load */
          char *broken = g_strdup_printf (_("%s — does not load"), label);

          g_free (label);
          label = broken;
        }
      check = gtk_check_button_new_with_label (label);
      g_object_set_data_full (G_OBJECT (check), "annotator", g_strdup (id), g_free);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), strv_contains (self->compared, id));
      gtk_widget_set_sensitive (check, set != NULL);
      g_signal_connect (check, "toggled", G_CALLBACK (annotator_toggled_cb), self);
      gtk_box_append (self->annotators_box, check);
    }
}

/* By default every annotator with a sidecar, but the reviewer's own when
 * it holds only their comments. */
static gboolean
compared_by_default (GlossReviewPage    *self,
                     const char         *id,
                     GlossAnnotationSet *set)
{
  return set != NULL
         && (g_strcmp0 (id, self->reviewer) != 0
             || g_list_model_get_n_items (gloss_annotation_set_get_entities (set)) > 0
             || g_list_model_get_n_items (gloss_annotation_set_get_claims (set)) > 0);
}

static void
default_compared (GlossReviewPage *self)
{
  g_ptr_array_set_size (self->compared, 0);
  g_ptr_array_add (self->compared, NULL);
  for (guint i = 0; i < id_array_len (self->available); i++)
    {
      const char *id = g_ptr_array_index (self->available, i);

      if (compared_by_default (self, id, g_hash_table_lookup (self->sets, id)))
        id_array_add (self->compared, id);
    }
}

/* Live: colleagues' sidecars changing on disk */

/* Our own saves leave the hash we wrote: only another version counts. */
static void
check_gold (GlossReviewPage *self)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;

  self->gold_check = FALSE;
  if (self->gold_file == NULL)
    return;
  bytes = g_file_load_bytes (self->gold_file, NULL, NULL, &error);
  if (bytes != NULL)
    hash = hash_bytes (bytes);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
    {
      show_error (self, error->message);
      return;
    }
  if (g_strcmp0 (hash, self->gold_hash) == 0)
    return;
  if (gtk_info_bar_get_revealed (self->conflict_bar) && g_strcmp0 (hash, self->conflict_hash) == 0)
    return;
  enter_gold_conflict (self, hash);
}

static void
reload_changed (GlossReviewPage *self)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) replaced = g_ptr_array_new_with_free_func (g_free);
  gboolean listing_changed = FALSE;
  gboolean rebuild = FALSE;
  GHashTableIter iter;
  gpointer key;

  if (self->gold_check)
    check_gold (self);
  g_hash_table_iter_init (&iter, self->changed);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (ids, g_strdup (key));
  g_hash_table_remove_all (self->changed);
  if (ids->len == 0)
    return;

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      g_autoptr(GFile) file = sidecar_file (self, id);
      g_autoptr(GError) error = NULL;
      g_autofree char *hash = NULL;
      g_autoptr(GlossAnnotationSet) set = load_sidecar (self, file, &hash, &error);
      gboolean known = strv_contains (self->available, id);

      if (set == NULL && error == NULL)
        {
          /* Gone. */
          if (known)
            {
              g_hash_table_remove (self->sets, id);
              g_hash_table_remove (self->hashes, id);
              for (guint k = 0; k < id_array_len (self->available); k++)
                if (g_str_equal (g_ptr_array_index (self->available, k), id))
                  {
                    g_ptr_array_remove_index (self->available, k);
                    break;
                  }
              for (guint k = 0; k < id_array_len (self->compared); k++)
                if (g_str_equal (g_ptr_array_index (self->compared, k), id))
                  {
                    g_ptr_array_remove_index (self->compared, k);
                    rebuild = TRUE;
                    break;
                  }
              listing_changed = TRUE;
            }
          continue;
        }
      if (set == NULL)
        {
          g_ptr_array_add (problems, g_strdup (error->message));
          continue;
        }
      if (g_strcmp0 (hash, g_hash_table_lookup (self->hashes, id)) == 0)
        continue;

      g_hash_table_replace (self->sets, g_strdup (id), g_object_ref (set));
      g_hash_table_replace (self->hashes, g_strdup (id), g_steal_pointer (&hash));
      if (!known)
        {
          /* Sorted without the NULL at the end, then terminated again. */
          g_ptr_array_remove_index (self->available, self->available->len - 1);
          g_ptr_array_add (self->available, g_strdup (id));
          g_ptr_array_sort (self->available, compare_ids);
          g_ptr_array_add (self->available, NULL);
          listing_changed = TRUE;
          if (!self->customised && compared_by_default (self, id, set))
            rebuild = TRUE;
          continue;
        }
      /* Still compared: the review compares the new file in place, so
       * that the reviewer's undo history survives a colleague's push. */
      if (self->review != NULL && strv_contains (self->compared, id)
          && (self->customised || compared_by_default (self, id, set))
          && gloss_review_find_annotator (self->review, id) >= 0)
        {
          g_ptr_array_add (replaced, g_strdup (id));
          continue;
        }
      /* Whom to compare changes: a new review, whose adjudication reads
       * the decisions back from gold. */
      if (strv_contains (self->compared, id)
          || (!self->customised && compared_by_default (self, id, set)))
        rebuild = TRUE;
    }

  for (guint i = 0; !rebuild && i < replaced->len; i++)
    {
      const char *id = g_ptr_array_index (replaced, i);
      g_autoptr(GError) error = NULL;
      int index = gloss_review_find_annotator (self->review, id);

      /* The list lets go of its rows first: "refreshed" selects again. */
      self->refreshing = TRUE;
      if (!gloss_review_replace_set (self->review, (guint) index, g_hash_table_lookup (self->sets, id), &error))
        {
          self->refreshing = FALSE;
          g_ptr_array_add (problems, g_strdup (error->message));
          rebuild = TRUE;
        }
    }

  if (rebuild)
    {
      g_autoptr(GError) error = NULL;
      GroupKey selected = self->selected_key;

      if (!self->customised)
        default_compared (self);
      if (!build_review (self, &error))
        g_ptr_array_add (problems, g_strdup (error->message));
      gloss_review_page_select_group (self, find_by_key (self, &selected));
    }
  if (listing_changed || rebuild)
    rebuild_annotators_popover (self);
  collect_comments (self);
  update_summary (self);
  if (problems->len > 0)
    show_error (self, g_ptr_array_index (problems, 0));
}

static gboolean
reload_cb (gpointer user_data)
{
  GlossReviewPage *self = user_data;

  self->reload_source = 0;
  reload_changed (self);
  return G_SOURCE_REMOVE;
}

static void
monitor_changed_cb (GFileMonitor      *monitor,
                    GFile             *file,
                    GFile             *other,
                    GFileMonitorEvent  event,
                    GlossReviewPage   *self)
{
  g_autofree char *base = g_file_get_basename (self->article);

  for (GFile *f = file; f != NULL; f = (f == file ? other : NULL))
    {
      g_autofree char *name = g_file_get_basename (f);
      g_autofree char *text = NULL;
      g_autofree char *annotator = NULL;

      if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED)
        return;
      if (!gloss_sidecar_parse_name (name, &text, &annotator) || !g_str_equal (text, base))
        continue;
      if (g_str_equal (annotator, GLOSS_ANNOTATOR_GOLD))
        self->gold_check = TRUE;
      else
        g_hash_table_add (self->changed, g_steal_pointer (&annotator));
      g_clear_handle_id (&self->reload_source, g_source_remove);
      self->reload_source = g_timeout_add (RELOAD_DELAY_MS, reload_cb, self);
    }
}

/* Agreement */

static void
update_agreement (GlossReviewPage *self)
{
  g_autoptr(GlossAgreement) agreement = NULL;

  if (!gtk_toggle_button_get_active (self->scope_article_button))
    return;
  if (self->review == NULL)
    {
      gloss_review_agreement_set_agreement (self->agreement, NULL, NULL,
                                            _("Choose at least two annotators to measure how far they agree."));
      return;
    }
  agreement = gloss_agreement_new ((const char * const *) self->compared->pdata);
  gloss_agreement_add_review (agreement, self->review);
  gloss_review_agreement_set_agreement (self->agreement, agreement, self->tagset, NULL);
}

typedef struct
{
  GFile       *folder;
  GlossTagset *tagset;
  GStrv        annotators;
} CorpusJob;

static void
corpus_job_free (gpointer data)
{
  CorpusJob *job = data;

  g_clear_object (&job->folder);
  g_clear_object (&job->tagset);
  g_strfreev (job->annotators);
  g_free (job);
}

/* Every article of the folder with the sidecars of at least two of the
 * annotators, pooled (docs/review.md, "Documents and the corpus"). */
static void
corpus_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  CorpusJob *job = task_data;
  g_autoptr(GlossAgreement) agreement = gloss_agreement_new ((const char * const *) job->annotators);
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GError) error = NULL;

  enumerator = g_file_enumerate_children (job->folder, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                          G_FILE_QUERY_INFO_NONE, cancellable, &error);
  if (enumerator == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  for (;;)
    {
      GFileInfo *info;
      GFile *child;
      const char *name;
      g_autoptr(GlossDocument) document = NULL;
      g_autoptr(GPtrArray) sets = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GlossReview) review = NULL;

      if (!g_file_enumerator_iterate (enumerator, &info, &child, cancellable, &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (info == NULL)
        break;
      name = g_file_info_get_name (info);
      if (name[0] == '.' || !g_str_has_suffix (name, ".txt"))
        continue;

      for (guint a = 0; job->annotators[a] != NULL; a++)
        {
          g_autofree char *sidecar_name = gloss_sidecar_build_name (name, job->annotators[a]);
          g_autoptr(GFile) file = g_file_get_child (job->folder, sidecar_name);
          g_autoptr(GlossAnnotationSet) set = NULL;

          if (!g_file_query_exists (file, cancellable))
            continue;
          if (document == NULL)
            {
              document = gloss_document_load (child, cancellable, NULL);
              if (document == NULL)
                break;
            }
          /* A sidecar that does not load is left out, as gloss-cli agree does. */
          set = gloss_sidecar_load (file, document, job->tagset, NULL, cancellable, NULL);
          if (set != NULL)
            g_ptr_array_add (sets, g_steal_pointer (&set));
        }
      if (sets->len < 2)
        continue;
      review = gloss_review_new ((GlossAnnotationSet * const *) sets->pdata, sets->len, NULL);
      if (review != NULL)
        gloss_agreement_add_review (agreement, review);
    }
  g_task_return_pointer (task, g_steal_pointer (&agreement), g_object_unref);
}

static void
corpus_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  GlossReviewPage *self = GLOSS_REVIEW_PAGE (object);
  g_autoptr(GlossAgreement) agreement = NULL;
  g_autoptr(GError) error = NULL;

  agreement = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->busy = FALSE;
  if (agreement == NULL)
    {
      gloss_review_agreement_set_agreement (self->agreement, NULL, NULL, error->message);
      return;
    }
  if (gtk_toggle_button_get_active (self->scope_corpus_button))
    gloss_review_agreement_set_agreement (self->agreement, agreement, self->tagset, NULL);
}

void
gloss_review_page_show_corpus_agreement (GlossReviewPage *self,
                                         gboolean         corpus)
{
  g_autoptr(GTask) task = NULL;
  CorpusJob *job;

  g_return_if_fail (GLOSS_IS_REVIEW_PAGE (self));

  g_cancellable_cancel (self->corpus_cancellable);
  g_clear_object (&self->corpus_cancellable);
  self->busy = FALSE;

  if (gtk_toggle_button_get_active (self->scope_corpus_button) != corpus)
    {
      /* The toggle calls back here. */
      gtk_toggle_button_set_active (corpus ? self->scope_corpus_button : self->scope_article_button, TRUE);
      return;
    }
  if (!corpus)
    {
      update_agreement (self);
      return;
    }
  if (self->folder == NULL || id_array_len (self->compared) < 2)
    {
      gloss_review_agreement_set_agreement (self->agreement, NULL, NULL,
                                            _("Choose at least two annotators to measure how far they agree."));
      return;
    }

  gloss_review_agreement_set_agreement (self->agreement, NULL, NULL, _("Comparing every article of the folder…"));
  job = g_new0 (CorpusJob, 1);
  job->folder = g_object_ref (self->folder);
  job->tagset = self->tagset != NULL ? g_object_ref (self->tagset) : NULL;
  job->annotators = g_strdupv ((char **) self->compared->pdata);
  self->corpus_cancellable = g_cancellable_new ();
  self->busy = TRUE;
  task = g_task_new (self, self->corpus_cancellable, corpus_done_cb, NULL);
  g_task_set_source_tag (task, gloss_review_page_show_corpus_agreement);
  g_task_set_task_data (task, job, corpus_job_free);
  g_task_run_in_thread (task, corpus_thread);
}

gboolean
gloss_review_page_get_busy (GlossReviewPage *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_PAGE (self), FALSE);

  return self->busy;
}

static void
scope_toggled_cb (GlossReviewPage *self,
                  GtkToggleButton *button)
{
  if (gtk_toggle_button_get_active (button))
    gloss_review_page_show_corpus_agreement (self, button == self->scope_corpus_button);
}

static void
side_stack_changed_cb (GlossReviewPage *self)
{
}

/* Selection */

static GlossAnnotation *
first_version (GlossReviewPage  *self,
               GlossReviewGroup *group,
               guint            *annotator)
{
  guint first = gloss_review_group_get_first_present (group);
  GlossAnnotation *annotation = gloss_review_group_get_annotation (group, first);

  if (annotator != NULL)
    *annotator = first;
  if (annotation != NULL && gloss_annotation_get_kind (annotation) == GLOSS_ANNOTATION_RELATION)
    annotation = gloss_annotation_set_lookup (gloss_review_get_set (self->review, first),
                                              gloss_annotation_get_from (annotation));
  return annotation;
}

void
gloss_review_page_select_group (GlossReviewPage  *self,
                                GlossReviewGroup *group)
{
  GlossAnnotation *annotation;

  g_return_if_fail (GLOSS_IS_REVIEW_PAGE (self));

  if (group != NULL && gloss_review_list_get_selected_group (self->list) != group)
    {
      if (gloss_review_group_is_agreed (group) && !gloss_review_list_get_show_agreed (self->list))
        gtk_check_button_set_active (self->show_agreed_check, TRUE);
      gloss_review_list_set_selected_group (self->list, group);
    }
  else if (group == NULL)
    gloss_review_list_set_selected_group (self->list, NULL);

  if (gloss_review_versions_get_group (self->versions) != group)
    {
      finish_edit (self);
      gloss_review_versions_set_group (self->versions, group);
    }
  self->selected_key.set = group != NULL;
  if (group == NULL)
    return;
  self->selected_key.kind = gloss_review_group_get_kind (group);
  self->selected_key.start = gloss_review_group_get_start (group);
  self->selected_key.end = gloss_review_group_get_end (group);

  annotation = first_version (self, group, NULL);
  if (annotation != NULL)
    {
      if (gloss_annotation_get_kind (annotation) != GLOSS_ANNOTATION_RELATION)
        gloss_article_view_set_selected_annotation (self->article_view, annotation);
      gloss_article_view_scroll_to_annotation (self->article_view, annotation, TRUE);
    }
}

static void
list_selected_cb (GlossReviewPage *self)
{
  GlossReviewGroup *group = gloss_review_list_get_selected_group (self->list);

  /* While the review compares anew the old rows go: the selection comes
   * back once it is done. */
  if (self->refreshing)
    return;
  if (group != NULL || gloss_review_versions_get_group (self->versions) != NULL)
    gloss_review_page_select_group (self, group);
}

static void
view_annotation_activated_cb (GlossReviewPage *self,
                              GlossAnnotation *annotation)
{
  if (self->review == NULL || annotation == NULL)
    return;
  for (guint a = 0; a < gloss_review_get_n_annotators (self->review); a++)
    {
      GlossAnnotationSet *set = gloss_review_get_set (self->review, a);

      if (gloss_annotation_set_lookup (set, gloss_annotation_get_id (annotation)) == annotation)
        {
          GlossReviewGroup *group = gloss_review_find_group (self->review, a, annotation);

          if (group != NULL)
            gloss_review_page_select_group (self, group);
          return;
        }
    }
}

static void
show_agreed_cb (GlossReviewPage *self)
{
  GlossReviewGroup *group = gloss_review_versions_get_group (self->versions);
  g_autoptr(GlossReviewGroup) keep = group != NULL ? g_object_ref (group) : NULL;

  self->refreshing = TRUE;
  gloss_review_list_set_show_agreed (self->list, gtk_check_button_get_active (self->show_agreed_check));
  self->refreshing = FALSE;
  if (keep != NULL)
    gloss_review_list_set_selected_group (self->list, keep);
}

/* Decisions */

static void
finish_edit (GlossReviewPage *self)
{
  if (self->editing == NULL)
    return;
  gloss_annotation_editor_commit (self->editor);
  if (self->adjudication != NULL)
    gloss_review_adjudication_end_edit (self->adjudication);
  g_clear_object (&self->editing);
  gloss_annotation_editor_set_annotation (self->editor, NULL);
  gtk_revealer_set_reveal_child (self->editor_revealer, FALSE);
  gloss_review_versions_update (self->versions);
  gold_changed (self);
  update_summary (self);
}

static void
after_decision (GlossReviewPage *self)
{
  gloss_review_versions_update (self->versions);
  gold_changed (self);
  update_summary (self);
  notify_undo (self);
}

gboolean
gloss_review_page_accept (GlossReviewPage  *self,
                          GlossReviewGroup *group,
                          guint             annotator,
                          const char       *reason,
                          GError          **error)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_PAGE (self), FALSE);
  g_return_val_if_fail (GLOSS_IS_REVIEW_GROUP (group), FALSE);

  finish_edit (self);
  if (self->adjudication == NULL
      || gloss_review_adjudication_accept (self->adjudication, group, annotator, reason, error) == NULL)
    return FALSE;
  after_decision (self);
  return TRUE;
}

gboolean
gloss_review_page_reject (GlossReviewPage  *self,
                          GlossReviewGroup *group,
                          const char       *reason,
                          GError          **error)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_PAGE (self), FALSE);
  g_return_val_if_fail (GLOSS_IS_REVIEW_GROUP (group), FALSE);

  finish_edit (self);
  if (self->adjudication == NULL
      || !gloss_review_adjudication_reject (self->adjudication, group, reason, error))
    return FALSE;
  after_decision (self);
  return TRUE;
}

gboolean
gloss_review_page_edit (GlossReviewPage  *self,
                        GlossReviewGroup *group,
                        guint             annotator,
                        const char       *reason,
                        GError          **error)
{
  GlossAnnotation *gold;

  g_return_val_if_fail (GLOSS_IS_REVIEW_PAGE (self), FALSE);
  g_return_val_if_fail (GLOSS_IS_REVIEW_GROUP (group), FALSE);

  finish_edit (self);
  if (self->adjudication == NULL)
    return FALSE;
  gold = gloss_review_adjudication_accept (self->adjudication, group, annotator, reason, error);
  if (gold == NULL)
    return FALSE;
  after_decision (self);

  self->editing = g_object_ref (gold);
  gloss_review_adjudication_begin_edit (self->adjudication, gold, reason);
  gloss_annotation_editor_set_annotation_set (self->editor, self->gold);
  gloss_annotation_editor_set_annotation (self->editor, gold);
  gtk_revealer_set_reveal_child (self->editor_revealer, TRUE);
  gtk_widget_child_focus (GTK_WIDGET (self->editor), GTK_DIR_TAB_FORWARD);
  return TRUE;
}

guint
gloss_review_page_accept_agreed (GlossReviewPage *self)
{
  guint n;

  g_return_val_if_fail (GLOSS_IS_REVIEW_PAGE (self), 0);

  finish_edit (self);
  if (self->adjudication == NULL)
    return 0;
  n = gloss_review_adjudication_accept_agreed (self->adjudication);
  after_decision (self);
  return n;
}

/* The reviewer's sidecar holds their comments: their editing session
 * saves it (a comment is a change of the set's extensions); written now
 * so that colleagues see it at once. */
static gboolean
save_own_sidecar (GlossReviewPage  *self,
                  GError          **error)
{
  return gloss_editing_session_flush (self->session, error);
}

gboolean
gloss_review_page_add_comment (GlossReviewPage  *self,
                               GlossReviewGroup *group,
                               guint             annotator,
                               const char       *text,
                               GError          **error)
{
  g_autoptr(GlossReviewComment) comment = NULL;
  GlossAnnotation *target;

  g_return_val_if_fail (GLOSS_IS_REVIEW_PAGE (self), FALSE);
  g_return_val_if_fail (GLOSS_IS_REVIEW_GROUP (group), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (self->review == NULL || self->session == NULL)
    return FALSE;
  target = gloss_review_group_get_annotation (group, annotator);
  if (target == NULL)
    {
      g_set_error_literal (error, GLOSS_REVIEW_ERROR, GLOSS_REVIEW_ERROR_DECISION,
                           _("That annotator has no version here to comment on"));
      return FALSE;
    }
  comment = gloss_review_comment_add (gloss_editing_session_get_annotation_set (self->session),
                                      gloss_review_get_set (self->review, annotator), target, text, error);
  if (comment == NULL)
    return FALSE;
  collect_comments (self);
  return save_own_sidecar (self, error);
}

GPtrArray *
gloss_review_page_get_comments (GlossReviewPage *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_PAGE (self), NULL);

  return self->comments;
}

static void
versions_accept_cb (GlossReviewPage *self,
                    guint            annotator,
                    const char      *reason)
{
  g_autoptr(GError) error = NULL;
  GlossReviewGroup *group = gloss_review_versions_get_group (self->versions);

  if (group != NULL && !gloss_review_page_accept (self, group, annotator, reason, &error) && error != NULL)
    show_error (self, error->message);
}

static void
versions_edit_cb (GlossReviewPage *self,
                  guint            annotator,
                  const char      *reason)
{
  g_autoptr(GError) error = NULL;
  GlossReviewGroup *group = gloss_review_versions_get_group (self->versions);

  if (group != NULL && !gloss_review_page_edit (self, group, annotator, reason, &error) && error != NULL)
    show_error (self, error->message);
}

static void
versions_reject_cb (GlossReviewPage *self,
                    const char      *reason)
{
  g_autoptr(GError) error = NULL;
  GlossReviewGroup *group = gloss_review_versions_get_group (self->versions);

  if (group != NULL && !gloss_review_page_reject (self, group, reason, &error) && error != NULL)
    show_error (self, error->message);
}

static void
versions_comment_cb (GlossReviewPage *self,
                     guint            annotator,
                     const char      *text)
{
  g_autoptr(GError) error = NULL;
  GlossReviewGroup *group = gloss_review_versions_get_group (self->versions);

  if (group != NULL && !gloss_review_page_add_comment (self, group, annotator, text, &error) && error != NULL)
    show_error (self, error->message);
}

/* Undo */

gboolean
gloss_review_page_can_undo (GlossReviewPage *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_PAGE (self), FALSE);

  return self->adjudication != NULL && gloss_review_adjudication_can_undo (self->adjudication);
}

gboolean
gloss_review_page_can_redo (GlossReviewPage *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_PAGE (self), FALSE);

  return self->adjudication != NULL && gloss_review_adjudication_can_redo (self->adjudication);
}

void
gloss_review_page_undo (GlossReviewPage *self)
{
  g_return_if_fail (GLOSS_IS_REVIEW_PAGE (self));

  finish_edit (self);
  if (self->adjudication != NULL && gloss_review_adjudication_undo (self->adjudication))
    after_decision (self);
}

void
gloss_review_page_redo (GlossReviewPage *self)
{
  g_return_if_fail (GLOSS_IS_REVIEW_PAGE (self));

  finish_edit (self);
  if (self->adjudication != NULL && gloss_review_adjudication_redo (self->adjudication))
    after_decision (self);
}

/* Actions */

static void
action_accept_agreed (GtkWidget  *widget,
                      const char *name,
                      GVariant   *parameter)
{
  GlossReviewPage *self = GLOSS_REVIEW_PAGE (widget);
  guint n = gloss_review_page_accept_agreed (self);
  g_autofree char *text = NULL;

  if (self->review == NULL)
    return;
  text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "%u agreed annotation accepted into gold",
                                       "%u agreed annotations accepted into gold", n), n);
  gtk_label_set_text (self->summary_label, text);
}

static void
action_undo (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  gloss_review_page_undo (GLOSS_REVIEW_PAGE (widget));
}

static void
action_redo (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  gloss_review_page_redo (GLOSS_REVIEW_PAGE (widget));
}

static void
action_finish_edit (GtkWidget  *widget,
                    const char *name,
                    GVariant   *parameter)
{
  finish_edit (GLOSS_REVIEW_PAGE (widget));
}

static void
action_next (GtkWidget  *widget,
             const char *name,
             GVariant   *parameter)
{
  GlossReviewPage *self = GLOSS_REVIEW_PAGE (widget);
  GListModel *model;
  GlossReviewGroup *current;
  guint n, start = 0;

  if (self->review == NULL)
    return;
  model = gloss_review_get_disagreements (self->review);
  n = g_list_model_get_n_items (model);
  current = gloss_review_versions_get_group (self->versions);
  for (guint i = 0; current != NULL && i < n; i++)
    {
      g_autoptr(GlossReviewGroup) group = g_list_model_get_item (model, i);

      if (group == current)
        {
          start = i + 1;
          break;
        }
    }
  for (guint k = 0; k < n; k++)
    {
      g_autoptr(GlossReviewGroup) group = g_list_model_get_item (model, (start + k) % n);

      if (gloss_review_group_get_decision (group) == GLOSS_REVIEW_PENDING)
        {
          gloss_review_page_select_group (self, group);
          return;
        }
    }
}

/* Opening and closing */

/* Takes @gold (NULL: a new empty one) as the set decisions go into. */
static void
set_gold (GlossReviewPage    *self,
          GlossAnnotationSet *gold)
{
  if (self->gold != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->gold, self);
      g_clear_object (&self->gold);
    }
  self->gold = gold;
  if (self->gold == NULL)
    self->gold = gloss_annotation_set_new (self->document, self->tagset, GLOSS_ANNOTATOR_GOLD, _("Gold"));
  gloss_annotation_set_clear_history (self->gold);
  g_signal_connect_object (self->gold, "annotation-changed", G_CALLBACK (gold_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->gold, "extensions-changed", G_CALLBACK (gold_extensions_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gloss_article_view_set_annotation_set (self->article_view, self->gold);
  gloss_annotation_editor_set_annotation_set (self->editor, self->gold);
}

gboolean
gloss_review_page_reload_gold (GlossReviewPage  *self,
                               GError          **error)
{
  g_autoptr(GlossAnnotationSet) gold = NULL;
  g_autofree char *hash = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (GLOSS_IS_REVIEW_PAGE (self), FALSE);

  if (self->gold_file == NULL)
    return TRUE;
  gold = load_sidecar (self, self->gold_file, &hash, &local_error);
  if (gold == NULL && local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  /* The decisions are read back from it by a new adjudication. */
  finish_edit (self);
  g_clear_handle_id (&self->gold_save_source, g_source_remove);
  set_review (self, NULL, NULL);
  set_gold (self, g_steal_pointer (&gold));
  g_free (self->gold_hash);
  self->gold_hash = g_steal_pointer (&hash);
  g_clear_pointer (&self->conflict_hash, g_free);
  self->gold_dirty = FALSE;
  self->gold_conflict = FALSE;
  show_conflict (self, FALSE);
  collect_comments (self);
  if (!build_review (self, error))
    return FALSE;
  return TRUE;
}

gboolean
gloss_review_page_keep_gold (GlossReviewPage  *self,
                             GError          **error)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_PAGE (self), FALSE);

  if (!gtk_info_bar_get_revealed (self->conflict_bar))
    return TRUE;
  finish_edit (self);
  /* Judged against the version the reviewer was shown: if it changed
   * yet again, they are asked again. */
  g_free (self->gold_hash);
  self->gold_hash = g_strdup (self->conflict_hash);
  g_clear_pointer (&self->conflict_hash, g_free);
  self->gold_conflict = FALSE;
  self->gold_dirty = TRUE;
  show_conflict (self, FALSE);
  return save_gold (self, error);
}

static void
action_reload_gold (GtkWidget  *widget,
                    const char *name,
                    GVariant   *parameter)
{
  GlossReviewPage *self = GLOSS_REVIEW_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (!gloss_review_page_reload_gold (self, &error))
    show_error (self, error->message);
}

static void
action_keep_gold (GtkWidget  *widget,
                  const char *name,
                  GVariant   *parameter)
{
  GlossReviewPage *self = GLOSS_REVIEW_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (!gloss_review_page_keep_gold (self, &error) && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    show_error (self, error->message);
}

gboolean
gloss_review_page_open (GlossReviewPage     *self,
                        GlossEditingSession *session,
                        GError             **error)
{
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) gold_error = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (GLOSS_IS_REVIEW_PAGE (self), FALSE);
  g_return_val_if_fail (GLOSS_IS_EDITING_SESSION (session), FALSE);

  gloss_review_page_close (self);

  self->session = g_object_ref (session);
  self->article = g_object_ref (gloss_editing_session_get_article_file (session));
  self->folder = g_file_get_parent (self->article);
  self->document = g_object_ref (gloss_editing_session_get_document (session));
  self->tagset = g_object_ref (gloss_editing_session_get_tagset (session));
  self->reviewer = g_strdup (gloss_editing_session_get_annotator_id (session));

  ids = list_annotators (self, error);
  if (ids == NULL)
    {
      gloss_review_page_close (self);
      return FALSE;
    }
  g_ptr_array_sort (ids, compare_ids);
  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);
      g_autoptr(GFile) file = sidecar_file (self, id);
      g_autoptr(GError) load_error = NULL;
      g_autofree char *hash = NULL;
      g_autoptr(GlossAnnotationSet) set = load_sidecar (self, file, &hash, &load_error);

      id_array_add (self->available, id);
      if (set == NULL)
        {
          if (load_error != NULL)
            g_ptr_array_add (problems, g_strdup (load_error->message));
          continue;
        }
      g_hash_table_insert (self->sets, g_strdup (id), g_steal_pointer (&set));
      g_hash_table_insert (self->hashes, g_strdup (id), g_steal_pointer (&hash));
    }

  /* Gold: its earlier decisions come back with it. */
  self->gold_file = sidecar_file (self, GLOSS_ANNOTATOR_GOLD);
  self->gold = load_sidecar (self, self->gold_file, &self->gold_hash, &gold_error);
  if (self->gold == NULL && gold_error != NULL)
    {
      /* Decisions would overwrite a file that holds earlier ones. */
      g_ptr_array_add (problems, g_strdup (gold_error->message));
      self->gold_conflict = TRUE;
    }
  set_gold (self, g_steal_pointer (&self->gold));
  /* The reviewer's comments: their session saves them. */
  g_signal_connect_object (gloss_editing_session_get_annotation_set (session), "extensions-changed",
                           G_CALLBACK (extensions_changed), self, G_CONNECT_SWAPPED);

  default_compared (self);
  rebuild_annotators_popover (self);
  collect_comments (self);
  if (!build_review (self, &local_error))
    g_ptr_array_add (problems, g_strdup (local_error->message));

  self->monitor = g_file_monitor_directory (self->folder, G_FILE_MONITOR_WATCH_MOVES, NULL, NULL);
  if (self->monitor != NULL)
    g_signal_connect (self->monitor, "changed", G_CALLBACK (monitor_changed_cb), self);

  show_error (self, problems->len > 0 ? g_ptr_array_index (problems, 0) : NULL);
  if (gtk_toggle_button_get_active (self->scope_corpus_button))
    gloss_review_page_show_corpus_agreement (self, TRUE);
  return TRUE;
}

void
gloss_review_page_close (GlossReviewPage *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (GLOSS_IS_REVIEW_PAGE (self));

  finish_edit (self);
  if (self->gold != NULL && !gloss_review_page_flush (self, &error))
    g_warning ("%s", error->message);
  g_clear_handle_id (&self->gold_save_source, g_source_remove);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  g_clear_handle_id (&self->extensions_source, g_source_remove);
  g_cancellable_cancel (self->corpus_cancellable);
  g_clear_object (&self->corpus_cancellable);
  self->busy = FALSE;
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }

  set_review (self, NULL, NULL);
  gloss_article_view_set_annotation_set (self->article_view, NULL);
  gloss_annotation_editor_set_annotation_set (self->editor, NULL);
  if (self->gold != NULL)
    g_signal_handlers_disconnect_by_data (self->gold, self);
  g_clear_object (&self->gold);
  g_clear_object (&self->gold_file);
  g_clear_pointer (&self->gold_hash, g_free);
  g_clear_pointer (&self->conflict_hash, g_free);
  self->gold_dirty = FALSE;
  self->gold_conflict = FALSE;
  self->gold_check = FALSE;
  show_conflict (self, FALSE);
  g_hash_table_remove_all (self->sets);
  g_hash_table_remove_all (self->hashes);
  g_hash_table_remove_all (self->changed);
  g_ptr_array_set_size (self->available, 0);
  g_ptr_array_add (self->available, NULL);
  g_ptr_array_set_size (self->compared, 0);
  g_ptr_array_add (self->compared, NULL);
  self->customised = FALSE;
  g_clear_pointer (&self->comments, g_ptr_array_unref);
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_data (gloss_editing_session_get_annotation_set (self->session), self);
  g_clear_object (&self->session);
  g_clear_object (&self->article);
  g_clear_object (&self->folder);
  g_clear_object (&self->document);
  g_clear_object (&self->tagset);
  g_clear_pointer (&self->reviewer, g_free);
  show_error (self, NULL);
}

/* Accessors */

GtkWidget *
gloss_review_page_new (void)
{
  return g_object_new (GLOSS_TYPE_REVIEW_PAGE, NULL);
}

GlossEditingSession *
gloss_review_page_get_session (GlossReviewPage *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_PAGE (self), NULL);

  return self->session;
}

const char * const *
gloss_review_page_get_available (GlossReviewPage *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_PAGE (self), NULL);

  return (const char * const *) self->available->pdata;
}

const char * const *
gloss_review_page_get_compared (GlossReviewPage *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_PAGE (self), NULL);

  return (const char * const *) self->compared->pdata;
}

gboolean
gloss_review_page_set_compared (GlossReviewPage     *self,
                                const char * const  *annotators,
                                GError             **error)
{
  g_autoptr(GPtrArray) previous = NULL;

  g_return_val_if_fail (GLOSS_IS_REVIEW_PAGE (self), FALSE);
  g_return_val_if_fail (annotators != NULL, FALSE);

  previous = g_steal_pointer (&self->compared);
  self->compared = id_array_new ();
  for (guint i = 0; annotators[i] != NULL; i++)
    if (g_hash_table_contains (self->sets, annotators[i]) && !strv_contains (self->compared, annotators[i]))
      id_array_add (self->compared, annotators[i]);
  if (!build_review (self, error))
    {
      g_ptr_array_unref (self->compared);
      self->compared = g_steal_pointer (&previous);
      return FALSE;
    }
  rebuild_annotators_popover (self);
  if (gtk_toggle_button_get_active (self->scope_corpus_button))
    gloss_review_page_show_corpus_agreement (self, TRUE);
  return TRUE;
}

GlossReview *
gloss_review_page_get_review (GlossReviewPage *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_PAGE (self), NULL);

  return self->review;
}

GlossReviewAdjudication *
gloss_review_page_get_adjudication (GlossReviewPage *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_PAGE (self), NULL);

  return self->adjudication;
}

GFile *
gloss_review_page_get_gold_file (GlossReviewPage *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_PAGE (self), NULL);

  return self->gold_file;
}

GlossArticleView *
gloss_review_page_get_article_view (GlossReviewPage *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_PAGE (self), NULL);

  return self->article_view;
}

GlossReviewList *
gloss_review_page_get_list (GlossReviewPage *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_PAGE (self), NULL);

  return self->list;
}

GlossReviewVersions *
gloss_review_page_get_versions (GlossReviewPage *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_PAGE (self), NULL);

  return self->versions;
}

GlossReviewAgreement *
gloss_review_page_get_agreement (GlossReviewPage *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_PAGE (self), NULL);

  return self->agreement;
}

GtkWidget *
gloss_review_page_get_editor (GlossReviewPage *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_PAGE (self), NULL);

  return GTK_WIDGET (self->editor);
}

/* GObject */

static void
gloss_review_page_dispose (GObject *object)
{
  GlossReviewPage *self = GLOSS_REVIEW_PAGE (object);

  if (self->available != NULL)
    gloss_review_page_close (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), GLOSS_TYPE_REVIEW_PAGE);

  G_OBJECT_CLASS (gloss_review_page_parent_class)->dispose (object);
}

static void
gloss_review_page_finalize (GObject *object)
{
  GlossReviewPage *self = GLOSS_REVIEW_PAGE (object);

  g_clear_pointer (&self->available, g_ptr_array_unref);
  g_clear_pointer (&self->compared, g_ptr_array_unref);
  g_clear_pointer (&self->sets, g_hash_table_unref);
  g_clear_pointer (&self->hashes, g_hash_table_unref);
  g_clear_pointer (&self->changed, g_hash_table_unref);

  G_OBJECT_CLASS (gloss_review_page_parent_class)->finalize (object);
}

static void
gloss_review_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GlossReviewPage *self = GLOSS_REVIEW_PAGE (object);

  switch (prop_id)
    {
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, gloss_review_page_can_undo (self));
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, gloss_review_page_can_redo (self));
      break;
    case PROP_REVIEW:
      g_value_set_object (value, self->review);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_review_page_class_init (GlossReviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gloss_review_page_dispose;
  object_class->finalize = gloss_review_page_finalize;
  object_class->get_property = gloss_review_page_get_property;

  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE, G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_REVIEW] =
    g_param_spec_object ("review", NULL, NULL, GLOSS_TYPE_REVIEW,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (GLOSS_TYPE_ARTICLE_VIEW);
  g_type_ensure (GLOSS_TYPE_REVIEW_LIST);
  g_type_ensure (GLOSS_TYPE_REVIEW_VERSIONS);
  g_type_ensure (GLOSS_TYPE_REVIEW_AGREEMENT);
  g_type_ensure (GLOSS_TYPE_ANNOTATION_EDITOR);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/gloss-review-page.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, GlossReviewPage, name)
  CHILD (main_box);
  CHILD (annotators_button);
  CHILD (annotators_box);
  CHILD (summary_label);
  CHILD (show_agreed_check);
  CHILD (conflict_bar);
  CHILD (conflict_label);
  CHILD (error_bar);
  CHILD (error_label);
  CHILD (article_view);
  CHILD (side_stack);
  CHILD (list);
  CHILD (versions);
  CHILD (editor_revealer);
  CHILD (editor);
  CHILD (scope_article_button);
  CHILD (scope_corpus_button);
  CHILD (agreement);
#undef CHILD
  gtk_widget_class_bind_template_callback (widget_class, error_bar_response_cb);
  gtk_widget_class_bind_template_callback (widget_class, view_annotation_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, side_stack_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, versions_accept_cb);
  gtk_widget_class_bind_template_callback (widget_class, versions_edit_cb);
  gtk_widget_class_bind_template_callback (widget_class, versions_reject_cb);
  gtk_widget_class_bind_template_callback (widget_class, versions_comment_cb);
  gtk_widget_class_bind_template_callback (widget_class, scope_toggled_cb);

  gtk_widget_class_install_action (widget_class, "review.accept-agreed", NULL, action_accept_agreed);
  gtk_widget_class_install_action (widget_class, "review.undo", NULL, action_undo);
  gtk_widget_class_install_action (widget_class, "review.redo", NULL, action_redo);
  gtk_widget_class_install_action (widget_class, "review.finish-edit", NULL, action_finish_edit);
  gtk_widget_class_install_action (widget_class, "review.next", NULL, action_next);
  gtk_widget_class_install_action (widget_class, "review.reload-gold", NULL, action_reload_gold);
  gtk_widget_class_install_action (widget_class, "review.keep-gold", NULL, action_keep_gold);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F8, 0, "review.next", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "glossreviewpage");
}

static void
load_css (void)
{
  static gboolean loaded;
  g_autoptr(GtkCssProvider) provider = NULL;
  GdkDisplay *display = gdk_display_get_default ();

  if (loaded || display == NULL)
    return;
  loaded = TRUE;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, RESOURCE_PREFIX "/ui/gloss-review-page.css");
  gtk_style_context_add_provider_for_display (display, GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
gloss_review_page_init (GlossReviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  load_css ();

  self->available = id_array_new ();
  self->compared = id_array_new ();
  self->sets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->hashes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->changed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gloss_review_list_set_colours (self->list, self->article_view);
  gloss_review_versions_set_colours (self->versions, self->article_view);
  g_signal_connect_swapped (self->show_agreed_check, "toggled", G_CALLBACK (show_agreed_cb), self);
  update_summary (self);
  notify_undo (self);
  update_agreement (self);
  show_conflict (self, FALSE);
}
