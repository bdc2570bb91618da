/* gloss-export-dialog.c: exports the open corpus as a labeled dataset
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib/gi18n.h>

#include "gloss-accessible.h"
#include "gloss-annotation-set.h"
#include "gloss-application.h"
#include "gloss-export-dialog.h"

/* The result page lists this many warnings at most; the rest are counted. */
#define MAX_WARNING_ROWS 500

#define TYPE_ID_KEY "gloss-type-id"

struct _GlossExportDialog
{
  GtkWindow              parent_instance;

  GlossCorpus           *corpus;
  GlossTagset           *tagset;           /* whose types the popover lists */
  GtkStringList         *sidecar_labels;   /* the model of sidecars_dropdown */
  GPtrArray             *sidecar_ids;      /* char *: "" for every annotator */
  GPtrArray             *type_checks;      /* GtkCheckButton * */
  char                  *preferred_sidecar; /* selected once the list offers it */
  GFile                 *destination;
  gboolean               destination_chosen;
  GtkFileChooserNative  *chooser;
  GCancellable          *cancellable;      /* of the export running, else NULL */
  GlossExportSummary    *summary;
  GlossExportDialogPage  page;
  char                  *message;
  GStrv                  options_types;
  char                  *options_annotator;
  GlossExportOpenFunc    open_func;
  gpointer               open_data;
  guint                  updating : 1;
  guint                  sidecars_touched : 1;
  guint                  close_when_done : 1;
  guint                  disposed : 1;

  /* Template */
  GtkButton             *cancel_button;
  GtkButton             *export_button;
  GtkButton             *close_button;
  GtkStack              *stack;
  GtkLabel              *intro_label;
  GtkDropDown           *format_dropdown;
  GtkLabel              *format_description;
  GtkDropDown           *sidecars_dropdown;
  GtkMenuButton         *types_button;
  GtkLabel              *types_label;
  GtkBox                *types_box;
  GtkLabel              *scheme_label;
  GtkDropDown           *scheme_dropdown;
  GtkLabel              *partial_label;
  GtkDropDown           *partial_dropdown;
  GtkLabel              *bom_label;
  GtkCheckButton        *bom_check;
  GtkButton             *destination_button;
  GtkImage              *destination_icon;
  GtkLabel              *destination_label;
  GtkLabel              *destination_hint;
  GtkLabel              *notice_label;
  GtkProgressBar        *progress_bar;
  GtkLabel              *progress_document;
  GtkButton             *progress_cancel_button;
  GtkLabel              *result_label;
  GtkLabel              *skipped_label;
  GtkButton             *open_button;
  GtkBox                *warnings_box;
  GtkLabel              *warnings_heading;
  GtkListBox            *warnings_list;
  GtkLabel              *error_label;
  GtkButton             *back_button;
};

G_DEFINE_FINAL_TYPE (GlossExportDialog, gloss_export_dialog, GTK_TYPE_WINDOW)

G_DEFINE_ENUM_TYPE (GlossExportDialogPage, gloss_export_dialog_page,
                    G_DEFINE_ENUM_VALUE (GLOSS_EXPORT_DIALOG_FORM, "form"),
                    G_DEFINE_ENUM_VALUE (GLOSS_EXPORT_DIALOG_PROGRESS, "progress"),
                    G_DEFINE_ENUM_VALUE (GLOSS_EXPORT_DIALOG_RESULT, "result"),
                    G_DEFINE_ENUM_VALUE (GLOSS_EXPORT_DIALOG_ERROR, "error"))

enum {
  PROP_0,
  PROP_CORPUS,
  PROP_PAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* In the order of GlossExportFormat. The suffix makes the suggested
 * name: a file extension, or the end of a folder's name. */
static const struct
{
  const char *label;
  const char *description;
  const char *suffix;
} formats[GLOSS_EXPORT_N_FORMATS] = {
  [GLOSS_EXPORT_CONLL] = {
    N_("CoNLL"),
    N_("One word per line with its tag, for NER trainers and conlleval."),
    ".conll",
  },
  [GLOSS_EXPORT_JSONL] = {
    N_("JSON Lines"),
    N_("One document per line with entity and claim offsets, for spaCy, doccano and Prodigy."),
    ".jsonl",
  },
  [GLOSS_EXPORT_BRAT] = {
    N_("brat Standoff"),
    N_("A folder with a .txt and an .ann file per document and an annotation.conf, for brat."),
    "-brat",
  },
  [GLOSS_EXPORT_W3C] = {
    N_("W3C Web Annotation"),
    N_("JSON-LD annotations with position and quote selectors on each article."),
    ".jsonld",
  },
  [GLOSS_EXPORT_WEBANNO_TSV] = {
    N_("WebAnno TSV 3.3"),
    N_("A folder with one .tsv file per document, for INCEpTION and WebAnno."),
    "-webanno",
  },
  [GLOSS_EXPORT_CSV] = {
    N_("CSV of Claims"),
    N_("One row per claim with its source, cue, stance and offsets, for spreadsheets."),
    ".csv",
  },
};

static void
set_message (GlossExportDialog *self,
             const char        *message)
{
  g_free (self->message);
  self->message = g_strdup (message);
}

static void
set_page (GlossExportDialog     *self,
          GlossExportDialogPage  page)
{
  static const char * const names[] = { "form", "progress", "result", "error" };

  gtk_stack_set_visible_child_name (self->stack, names[page]);
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_button), page == GLOSS_EXPORT_DIALOG_FORM);
  gtk_widget_set_visible (GTK_WIDGET (self->export_button), page == GLOSS_EXPORT_DIALOG_FORM);
  gtk_widget_set_visible (GTK_WIDGET (self->close_button),
                          page == GLOSS_EXPORT_DIALOG_RESULT || page == GLOSS_EXPORT_DIALOG_ERROR);
  gtk_window_set_default_widget (GTK_WINDOW (self),
                                 page == GLOSS_EXPORT_DIALOG_FORM ? GTK_WIDGET (self->export_button)
                                 : page == GLOSS_EXPORT_DIALOG_PROGRESS ? NULL
                                 : GTK_WIDGET (self->close_button));
  if (page == GLOSS_EXPORT_DIALOG_PROGRESS)
    gtk_widget_grab_focus (GTK_WIDGET (self->progress_cancel_button));
  else if (page == GLOSS_EXPORT_DIALOG_RESULT)
    gtk_widget_grab_focus (GTK_WIDGET (self->open_button));
  else if (page == GLOSS_EXPORT_DIALOG_ERROR)
    gtk_widget_grab_focus (GTK_WIDGET (self->back_button));

  if (self->page != page)
    {
      self->page = page;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
    }
}

static GlossExportFormat
current_format (GlossExportDialog *self)
{
  guint selected = gtk_drop_down_get_selected (self->format_dropdown);

  return selected < GLOSS_EXPORT_N_FORMATS ? (GlossExportFormat) selected : GLOSS_EXPORT_JSONL;
}

static const char *
current_sidecar (GlossExportDialog *self)
{
  guint selected = gtk_drop_down_get_selected (self->sidecars_dropdown);

  if (self->sidecar_ids == NULL || selected >= self->sidecar_ids->len)
    return "";
  return g_ptr_array_index (self->sidecar_ids, selected);
}

static char *
display_path (GFile *file)
{
  return g_file_get_parse_name (file);
}

/* The destination */

/* The name the destination gets for @format: the corpus folder's name,
 * the annotator's when only one is exported, and the format's suffix. */
static char *
suggested_name (GlossExportDialog *self)
{
  g_autofree char *corpus = g_file_get_basename (gloss_corpus_get_folder (self->corpus));
  const char *sidecar = current_sidecar (self);

  if (sidecar[0] != '\0')
    return g_strconcat (corpus, "-", sidecar, formats[current_format (self)].suffix, NULL);
  return g_strconcat (corpus, formats[current_format (self)].suffix, NULL);
}

/* A name the person chose keeps its stem when the format changes. */
static char *
with_format_suffix (const char        *name,
                    GlossExportFormat  format)
{
  g_autofree char *stem = g_strdup (name);

  for (guint i = 0; i < GLOSS_EXPORT_N_FORMATS; i++)
    {
      if (g_str_has_suffix (stem, formats[i].suffix) && strlen (stem) > strlen (formats[i].suffix))
        {
          stem[strlen (stem) - strlen (formats[i].suffix)] = '\0';
          break;
        }
    }
  return g_strconcat (stem, formats[format].suffix, NULL);
}

static gboolean
folder_is_empty (GFile *folder)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;
  GFileInfo *info = NULL;

  enumerator = g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                          G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (enumerator == NULL)
    return FALSE;
  if (!g_file_enumerator_iterate (enumerator, &info, NULL, NULL, NULL))
    return FALSE;
  return info == NULL;
}

/* Says what will happen to what is at the destination; FALSE when the
 * export cannot go there. */
static gboolean
check_destination (GlossExportDialog *self,
                   char             **hint)
{
  gboolean folder = gloss_export_format_is_folder (current_format (self));
  GFileType type;

  *hint = NULL;
  if (self->destination == NULL)
    return FALSE;

  type = g_file_query_file_type (self->destination, G_FILE_QUERY_INFO_NONE, NULL);
  if (folder)
    {
      if (type == G_FILE_TYPE_DIRECTORY && !folder_is_empty (self->destination))
        {
          *hint = g_strdup (_("This folder is not empty. Choose a new name or an empty folder."));
          return FALSE;
        }
      if (type != G_FILE_TYPE_DIRECTORY && type != G_FILE_TYPE_UNKNOWN)
        {
          *hint = g_strdup (_("A file of this name exists. This format writes a folder: choose another name."));
          return FALSE;
        }
    }
  else
    {
      if (type == G_FILE_TYPE_DIRECTORY)
        {
          *hint = g_strdup (_("This is a folder. This format writes a file: choose a file name."));
          return FALSE;
        }
      if (type != G_FILE_TYPE_UNKNOWN)
        *hint = g_strdup (_("A file of this name exists: the export replaces it."));
    }
  return TRUE;
}

static guint
n_types_ticked (GlossExportDialog *self)
{
  guint n = 0;

  for (guint i = 0; i < self->type_checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->type_checks, i)))
      n++;
  return n;
}

static void
update_form (GlossExportDialog *self)
{
  GlossExportFormat format = current_format (self);
  gboolean conll = format == GLOSS_EXPORT_CONLL;
  gboolean partial = conll || format == GLOSS_EXPORT_WEBANNO_TSV;
  gboolean csv = format == GLOSS_EXPORT_CSV;
  g_autofree char *hint = NULL;
  g_autofree char *path = NULL;
  gboolean ok;
  guint n_types, n_ticked;

  gtk_label_set_text (self->format_description, _(formats[format].description));
  gtk_widget_set_visible (GTK_WIDGET (self->scheme_label), conll);
  gtk_widget_set_visible (GTK_WIDGET (self->scheme_dropdown), conll);
  gtk_widget_set_visible (GTK_WIDGET (self->partial_label), partial);
  gtk_widget_set_visible (GTK_WIDGET (self->partial_dropdown), partial);
  gtk_widget_set_visible (GTK_WIDGET (self->bom_label), csv);
  gtk_widget_set_visible (GTK_WIDGET (self->bom_check), csv);

  n_types = self->type_checks->len;
  n_ticked = n_types_ticked (self);
  if (n_ticked == n_types)
    gtk_label_set_text (self->types_label, _("All types"));
  else if (n_ticked == 0)
    gtk_label_set_text (self->types_label, _("None"));
  else
    {
      /* Translators: how many of the annotation types are exported */
      g_autofree char *label = g_strdup_printf (ngettext ("%u of %u type", "%u of %u types", n_types),
                                                n_ticked, n_types);

      gtk_label_set_text (self->types_label, label);
    }

  gtk_image_set_from_icon_name (self->destination_icon,
                                gloss_export_format_is_folder (format) ? "folder-symbolic"
                                                                      : "text-x-generic-symbolic");
  if (self->destination != NULL)
    path = display_path (self->destination);
  gtk_label_set_text (self->destination_label, path != NULL ? path : _("(None)"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->destination_label), path);

  ok = check_destination (self, &hint);
  gtk_label_set_text (self->destination_hint, hint != NULL ? hint : "");
  gtk_widget_set_visible (GTK_WIDGET (self->destination_hint), hint != NULL);
  if (ok)
    gtk_widget_remove_css_class (GTK_WIDGET (self->destination_hint), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->destination_hint), "error");

  gtk_widget_set_sensitive (GTK_WIDGET (self->export_button), ok && n_ticked > 0);
}

/* Follows the format (and the annotator) with the suggested name, or
 * with the suffix of the name the person chose. */
static void
update_destination (GlossExportDialog *self)
{
  g_autoptr(GFile) parent = NULL;
  g_autofree char *name = NULL;

  if (self->destination_chosen && self->destination != NULL)
    {
      g_autofree char *chosen = g_file_get_basename (self->destination);

      parent = g_file_get_parent (self->destination);
      name = with_format_suffix (chosen, current_format (self));
    }
  else
    {
      parent = g_file_get_parent (gloss_corpus_get_folder (self->corpus));
      if (parent == NULL)
        parent = g_object_ref (gloss_corpus_get_folder (self->corpus));
      name = suggested_name (self);
    }
  g_clear_object (&self->destination);
  self->destination = g_file_get_child (parent, name);
  update_form (self);
}

static void
chooser_response_cb (GlossExportDialog    *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        gloss_export_dialog_set_destination (self, file);
    }
  if (self->chooser == chooser)
    g_clear_object (&self->chooser);
}

static void
destination_clicked_cb (GlossExportDialog *self)
{
  GlossExportFormat format = current_format (self);
  g_autoptr(GFile) parent = NULL;
  g_autofree char *name = NULL;

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (gloss_export_format_is_folder (format)
                                               ? _("Export to a New Folder")
                                               : _("Export to a File"),
                                               GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Select"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  if (self->destination != NULL)
    {
      parent = g_file_get_parent (self->destination);
      name = g_file_get_basename (self->destination);
      if (parent != NULL)
        gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), parent, NULL);
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
    }
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* The sidecars the corpus holds */

static int
compare_ids (const void *a,
             const void *b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static GPtrArray *
collect_sidecars (GlossExportDialog *self)
{
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GListModel *items = G_LIST_MODEL (self->corpus);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  g_autofree gpointer *keys = NULL;
  gboolean gold = FALSE;
  guint n_keys = 0;

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(GlossCorpusItem) item = g_list_model_get_item (items, i);

      for (guint j = 0; j < gloss_corpus_item_get_n_annotators (item); j++)
        {
          const GlossAnnotatorProgress *progress = gloss_corpus_item_get_annotator (item, j);

          if (g_str_equal (progress->annotator_id, GLOSS_ANNOTATOR_GOLD))
            gold = TRUE;
          else
            g_hash_table_add (seen, g_strdup (progress->annotator_id));
        }
    }

  g_ptr_array_add (ids, g_strdup (""));
  keys = g_hash_table_get_keys_as_array (seen, &n_keys);
  qsort (keys, n_keys, sizeof (gpointer), compare_ids);
  for (guint i = 0; i < n_keys; i++)
    g_ptr_array_add (ids, g_strdup (keys[i]));
  if (gold)
    g_ptr_array_add (ids, g_strdup (GLOSS_ANNOTATOR_GOLD));
  return ids;
}

static gboolean
same_ids (GPtrArray *a,
          GPtrArray *b)
{
  if (a->len != b->len)
    return FALSE;
  for (guint i = 0; i < a->len; i++)
    if (!g_str_equal (g_ptr_array_index (a, i), g_ptr_array_index (b, i)))
      return FALSE;
  return TRUE;
}

static gboolean
find_id (GPtrArray  *ids,
         const char *id,
         guint      *position)
{
  for (guint i = 0; i < ids->len; i++)
    {
      if (g_str_equal (g_ptr_array_index (ids, i), id))
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

/* Until the person chooses, the best guess for a dataset: gold, else
 * the person's own annotations, else everyone's. */
static guint
default_sidecar (GlossExportDialog *self)
{
  guint position;

  if (find_id (self->sidecar_ids, GLOSS_ANNOTATOR_GOLD, &position))
    return position;
  if (self->preferred_sidecar != NULL && find_id (self->sidecar_ids, self->preferred_sidecar, &position))
    return position;
  return 0;
}

static void
update_sidecars (GlossExportDialog *self)
{
  g_autoptr(GPtrArray) ids = collect_sidecars (self);
  g_autofree char *selected = g_strdup (current_sidecar (self));
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  guint position = 0;

  if (self->sidecar_ids != NULL && same_ids (ids, self->sidecar_ids))
    return;

  for (guint i = 0; i < ids->len; i++)
    {
      const char *id = g_ptr_array_index (ids, i);

      if (id[0] == '\0')
        g_ptr_array_add (labels, g_strdup (_("All annotators, each as its own document")));
      else if (g_str_equal (id, GLOSS_ANNOTATOR_GOLD))
        g_ptr_array_add (labels, g_strdup (_("Gold (adjudicated)")));
      else
        g_ptr_array_add (labels, g_strdup (id));
    }
  g_ptr_array_add (labels, NULL);

  self->updating = TRUE;
  g_clear_pointer (&self->sidecar_ids, g_ptr_array_unref);
  self->sidecar_ids = g_steal_pointer (&ids);
  gtk_string_list_splice (self->sidecar_labels, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->sidecar_labels)),
                          (const char * const *) labels->pdata);

  if (self->sidecars_touched)
    find_id (self->sidecar_ids, selected, &position);
  else
    position = default_sidecar (self);
  gtk_drop_down_set_selected (self->sidecars_dropdown, position);
  self->updating = FALSE;

  update_destination (self);
}

static void
sidecars_selected_cb (GlossExportDialog *self)
{
  if (self->updating)
    return;
  self->sidecars_touched = TRUE;
  update_destination (self);
}

/* The types */

static void
type_toggled_cb (GlossExportDialog *self)
{
  update_form (self);
}

static void
add_type_check (GlossExportDialog *self,
                const char        *id,
                const char        *label)
{
  GtkWidget *check = gtk_check_button_new_with_label (label);

  g_object_set_data_full (G_OBJECT (check), TYPE_ID_KEY, g_strdup (id), g_free);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  g_signal_connect_object (check, "toggled", G_CALLBACK (type_toggled_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (self->types_box, check);
  g_ptr_array_add (self->type_checks, check);
}

static void
update_types (GlossExportDialog *self)
{
  GlossTagset *tagset = gloss_corpus_get_tagset (self->corpus);
  GtkWidget *child;

  if (tagset == NULL)
    tagset = gloss_tagset_get_default ();
  if (tagset == self->tagset)
    return;
  g_set_object (&self->tagset, tagset);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->types_box))) != NULL)
    gtk_box_remove (self->types_box, child);
  g_ptr_array_set_size (self->type_checks, 0);

  for (guint i = 0; i < gloss_tagset_get_n_entity_types (tagset); i++)
    {
      const GlossEntityType *type = gloss_tagset_get_entity_type (tagset, i);

      add_type_check (self, type->id, type->label);
    }
  add_type_check (self, "claim", _("Claims"));
  update_form (self);
}

static void
corpus_changed_cb (GlossExportDialog *self)
{
  update_types (self);
  update_sidecars (self);
}

/* Exporting */

typedef struct
{
  GlossExportDialog *self;
  GCancellable      *cancellable;
} Progress;

static void
progress_free (gpointer data)
{
  Progress *progress = data;

  g_object_unref (progress->self);
  g_object_unref (progress->cancellable);
  g_free (progress);
}

static void
show_progress (GlossExportDialog *self,
               guint              done,
               guint              total,
               const char        *article)
{
  g_autofree char *text = NULL;

  /* Translators: progress of an export, e.g. "3 of 10 documents" */
  text = g_strdup_printf (ngettext ("%u of %u document", "%u of %u documents", total), done, total);
  gtk_progress_bar_set_text (self->progress_bar, text);
  gtk_progress_bar_set_fraction (self->progress_bar, total > 0 ? (double) done / total : 0.0);
  gtk_label_set_text (self->progress_document, article != NULL ? article : "");
  set_message (self, text);
}

static void
progress_cb (guint       done,
             guint       total,
             const char *article,
             gpointer    user_data)
{
  Progress *progress = user_data;

  /* A late report of an export that is over says nothing. */
  if (progress->self->disposed || progress->self->cancellable != progress->cancellable)
    return;
  show_progress (progress->self, done, total, article);
}

static GFile *
folder_to_open (GlossExportDialog *self)
{
  if (gloss_export_format_is_folder (current_format (self)))
    return g_object_ref (self->destination);
  return g_file_get_parent (self->destination);
}

static void
show_result (GlossExportDialog  *self,
             GlossExportSummary *summary)
{
  g_autofree char *path = display_path (self->destination);
  g_autofree char *documents = NULL;
  g_autofree char *annotations = NULL;
  g_autofree char *text = NULL;
  guint n_annotations = summary->n_entities + summary->n_claims + summary->n_relations;
  guint n_warnings = summary->warnings != NULL ? summary->warnings->len : 0;
  GtkWidget *child;

  documents = g_strdup_printf (ngettext ("%u document", "%u documents", summary->n_documents),
                               summary->n_documents);
  annotations = g_strdup_printf (ngettext ("%u annotation", "%u annotations", n_annotations),
                                 n_annotations);
  /* Translators: "Exported 5 documents (120 annotations) to /home/ana/news.jsonl" */
  text = g_strdup_printf (_("Exported %s (%s) to %s"), documents, annotations, path);
  gtk_label_set_text (self->result_label, text);
  set_message (self, text);

  if (summary->n_articles_skipped > 0)
    {
      g_autofree char *skipped = NULL;

      skipped = g_strdup_printf (ngettext ("%u article without annotations of this choice was left out.",
                                           "%u articles without annotations of this choice were left out.",
                                           summary->n_articles_skipped),
                                 summary->n_articles_skipped);
      gtk_label_set_text (self->skipped_label, skipped);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->skipped_label), summary->n_articles_skipped > 0);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->warnings_list))) != NULL)
    gtk_list_box_remove (self->warnings_list, child);
  for (guint i = 0; i < n_warnings && i < MAX_WARNING_ROWS; i++)
    {
      GtkWidget *label = gtk_label_new (g_ptr_array_index (summary->warnings, i));

      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_list_box_append (self->warnings_list, label);
    }
  if (n_warnings > MAX_WARNING_ROWS)
    {
      g_autofree char *more = g_strdup_printf (ngettext ("and %u more", "and %u more",
                                                         n_warnings - MAX_WARNING_ROWS),
                                               n_warnings - MAX_WARNING_ROWS);
      GtkWidget *label = gtk_label_new (more);

      gtk_widget_add_css_class (label, "dim-label");
      gtk_list_box_append (self->warnings_list, label);
    }
  if (n_warnings > 0)
    {
      g_autofree char *heading = g_strdup_printf (ngettext ("%u Warning", "%u Warnings", n_warnings),
                                                  n_warnings);

      gtk_label_set_text (self->warnings_heading, heading);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->warnings_box), n_warnings > 0);

  g_clear_pointer (&self->summary, gloss_export_summary_free);
  self->summary = summary;
  set_page (self, GLOSS_EXPORT_DIALOG_RESULT);
}

static void
show_error (GlossExportDialog *self,
            const GError      *error)
{
  g_autofree char *path = display_path (self->destination);
  g_autofree char *text = NULL;
  g_autofree char *reason = NULL;

  /* The way on, in the dialog's own words. */
  if (g_error_matches (error, GLOSS_EXPORT_ERROR, GLOSS_EXPORT_ERROR_PARTIAL_TOKEN))
    /* Translators: the reason; the quoted words are the dialog's choice
     * "Spans cutting words: Leave them out with a warning" */
    reason = g_strdup_printf (_("%s\n\nTo export without such spans, choose “Leave them out with a "
                                "warning” for spans cutting words."), error->message);
  else
    reason = g_strdup (error->message);

  /* The core's message names the file at fault; the destination is
   * named as well, as that is what the person chose. */
  if (strstr (error->message, path) != NULL)
    text = g_steal_pointer (&reason);
  else
    /* Translators: the reason, then the destination of the export */
    text = g_strdup_printf (_("%s\n\nDestination: %s"), reason, path);
  gtk_label_set_text (self->error_label, text);
  set_message (self, text);
  set_page (self, GLOSS_EXPORT_DIALOG_ERROR);
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GlossExportDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  GlossExportSummary *summary;

  summary = gloss_export_corpus_finish (result, &error);
  g_clear_object (&self->cancellable);
  if (self->disposed)
    {
      g_clear_pointer (&summary, gloss_export_summary_free);
      return;
    }
  if (self->close_when_done)
    {
      g_clear_pointer (&summary, gloss_export_summary_free);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  if (summary != NULL)
    show_result (self, summary);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      const char *notice = _("The export was cancelled. Nothing was written.");

      gtk_label_set_text (self->notice_label, notice);
      gtk_widget_set_visible (GTK_WIDGET (self->notice_label), TRUE);
      set_message (self, notice);
      update_form (self);
      set_page (self, GLOSS_EXPORT_DIALOG_FORM);
    }
  else
    show_error (self, error);
}

static void
start_export (GlossExportDialog *self)
{
  GlossExportOptions options;
  Progress *progress;

  g_assert (self->cancellable == NULL);

  gloss_export_dialog_get_options (self, &options);
  self->cancellable = g_cancellable_new ();
  progress = g_new0 (Progress, 1);
  progress->self = g_object_ref (self);
  progress->cancellable = g_object_ref (self->cancellable);

  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), FALSE);
  gtk_progress_bar_set_fraction (self->progress_bar, 0.0);
  gtk_progress_bar_set_text (self->progress_bar, _("Preparing…"));
  gtk_label_set_text (self->progress_document, "");
  gtk_widget_set_sensitive (GTK_WIDGET (self->progress_cancel_button), TRUE);
  set_message (self, _("Preparing…"));
  set_page (self, GLOSS_EXPORT_DIALOG_PROGRESS);

  gloss_export_corpus_async (gloss_corpus_get_folder (self->corpus), current_format (self),
                             &options, self->destination,
                             progress_cb, progress, progress_free,
                             self->cancellable, export_done_cb, g_object_ref (self));
}

/* Buttons */

static void
export_clicked_cb (GlossExportDialog *self)
{
  gloss_export_dialog_export (self);
}

static void
cancel_clicked_cb (GlossExportDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
close_clicked_cb (GlossExportDialog *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
progress_cancel_clicked_cb (GlossExportDialog *self)
{
  gloss_export_dialog_cancel (self);
}

static void
back_clicked_cb (GlossExportDialog *self)
{
  gloss_export_dialog_back (self);
}

static void
open_clicked_cb (GlossExportDialog *self)
{
  gloss_export_dialog_open_folder (self);
}

static void
show_folder (GtkWindow *parent,
             GFile     *folder,
             gpointer   user_data)
{
  g_autofree char *uri = g_file_get_uri (folder);

  gtk_show_uri (parent, uri, GDK_CURRENT_TIME);
}

static gboolean
escape_cb (GtkWidget *widget,
           GVariant  *args,
           gpointer   user_data)
{
  GlossExportDialog *self = GLOSS_EXPORT_DIALOG (widget);

  if (self->page == GLOSS_EXPORT_DIALOG_PROGRESS)
    gloss_export_dialog_cancel (self);
  else
    gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

/* GObject */

static gboolean
gloss_export_dialog_close_request (GtkWindow *window)
{
  GlossExportDialog *self = GLOSS_EXPORT_DIALOG (window);

  /* Closing while exporting cancels; the window goes once the worker
   * has removed what it started. */
  if (self->cancellable != NULL)
    {
      self->close_when_done = TRUE;
      g_cancellable_cancel (self->cancellable);
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return TRUE;
    }
  return GTK_WINDOW_CLASS (gloss_export_dialog_parent_class)->close_request (window);
}

static void
format_factory_setup_cb (GtkSignalListItemFactory *factory,
                         GtkListItem              *item,
                         gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
}

static void
format_factory_bind_cb (GtkSignalListItemFactory *factory,
                        GtkListItem              *item,
                        gpointer                  user_data)
{
  guint position = gtk_list_item_get_position (item);

  if (position < GLOSS_EXPORT_N_FORMATS)
    gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), _(formats[position].label));
}

/* The open list shows each format with its description. */
static void
format_list_setup_cb (GtkSignalListItemFactory *factory,
                      GtkListItem              *item,
                      gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *description = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_xalign (GTK_LABEL (description), 0);
  gtk_label_set_wrap (GTK_LABEL (description), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (description), 48);
  gtk_widget_add_css_class (description, "dim-label");
  gtk_widget_add_css_class (description, "caption");
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), description);
  gtk_list_item_set_child (item, box);
}

static void
format_list_bind_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     gpointer                  user_data)
{
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *description = gtk_widget_get_next_sibling (title);
  guint position = gtk_list_item_get_position (item);

  if (position >= GLOSS_EXPORT_N_FORMATS)
    return;
  gtk_label_set_text (GTK_LABEL (title), _(formats[position].label));
  gtk_label_set_text (GTK_LABEL (description), _(formats[position].description));
}

static void
format_selected_cb (GlossExportDialog *self)
{
  update_destination (self);
}

static void
gloss_export_dialog_constructed (GObject *object)
{
  GlossExportDialog *self = GLOSS_EXPORT_DIALOG (object);
  g_autofree char *name = NULL;
  g_autofree char *intro = NULL;

  G_OBJECT_CLASS (gloss_export_dialog_parent_class)->constructed (object);

  g_assert (GLOSS_IS_CORPUS (self->corpus));

  name = g_file_get_basename (gloss_corpus_get_folder (self->corpus));
  /* Translators: %s is the corpus folder's name */
  intro = g_strdup_printf (_("Write the annotations of “%s” as a dataset that other tools read."), name);
  gtk_label_set_text (self->intro_label, intro);

  g_signal_connect_object (self->corpus, "items-changed", G_CALLBACK (corpus_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->corpus, "notify::loading", G_CALLBACK (corpus_changed_cb), self,
                           G_CONNECT_SWAPPED);
  update_types (self);
  update_sidecars (self);
  update_destination (self);
}

static void
gloss_export_dialog_dispose (GObject *object)
{
  GlossExportDialog *self = GLOSS_EXPORT_DIALOG (object);

  self->disposed = TRUE;
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  if (self->type_checks != NULL)
    g_ptr_array_set_size (self->type_checks, 0);

  /* The stack is a template child and the window's child: the window
   * lets go of it first, else it would keep a pointer to a freed one. */
  gtk_window_set_child (GTK_WINDOW (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), GLOSS_TYPE_EXPORT_DIALOG);

  g_clear_object (&self->corpus);
  g_clear_object (&self->tagset);
  g_clear_object (&self->destination);

  G_OBJECT_CLASS (gloss_export_dialog_parent_class)->dispose (object);
}

static void
gloss_export_dialog_finalize (GObject *object)
{
  GlossExportDialog *self = GLOSS_EXPORT_DIALOG (object);

  g_assert (self->cancellable == NULL);

  g_clear_pointer (&self->sidecar_ids, g_ptr_array_unref);
  g_clear_pointer (&self->type_checks, g_ptr_array_unref);
  g_clear_object (&self->sidecar_labels);
  g_clear_pointer (&self->summary, gloss_export_summary_free);
  g_free (self->preferred_sidecar);
  g_free (self->message);
  g_strfreev (self->options_types);
  g_free (self->options_annotator);

  G_OBJECT_CLASS (gloss_export_dialog_parent_class)->finalize (object);
}

static void
gloss_export_dialog_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  GlossExportDialog *self = GLOSS_EXPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CORPUS:
      g_value_set_object (value, self->corpus);
      break;
    case PROP_PAGE:
      g_value_set_enum (value, self->page);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_export_dialog_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  GlossExportDialog *self = GLOSS_EXPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_CORPUS:
      self->corpus = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_export_dialog_class_init (GlossExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = gloss_export_dialog_constructed;
  object_class->dispose = gloss_export_dialog_dispose;
  object_class->finalize = gloss_export_dialog_finalize;
  object_class->get_property = gloss_export_dialog_get_property;
  object_class->set_property = gloss_export_dialog_set_property;
  window_class->close_request = gloss_export_dialog_close_request;

  properties[PROP_CORPUS] =
    g_param_spec_object ("corpus", NULL, NULL, GLOSS_TYPE_CORPUS,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE] =
    g_param_spec_enum ("page", NULL, NULL, GLOSS_TYPE_EXPORT_DIALOG_PAGE, GLOSS_EXPORT_DIALOG_FORM,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, escape_cb, NULL);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_PREFIX "/ui/gloss-export-dialog.ui");
#define CHILD(name) gtk_widget_class_bind_template_child (widget_class, GlossExportDialog, name)
  CHILD (cancel_button);
  CHILD (export_button);
  CHILD (close_button);
  CHILD (stack);
  CHILD (intro_label);
  CHILD (format_dropdown);
  CHILD (format_description);
  CHILD (sidecars_dropdown);
  CHILD (types_button);
  CHILD (types_label);
  CHILD (types_box);
  CHILD (scheme_label);
  CHILD (scheme_dropdown);
  CHILD (partial_label);
  CHILD (partial_dropdown);
  CHILD (bom_label);
  CHILD (bom_check);
  CHILD (destination_button);
  CHILD (destination_icon);
  CHILD (destination_label);
  CHILD (destination_hint);
  CHILD (notice_label);
  CHILD (progress_bar);
  CHILD (progress_document);
  CHILD (progress_cancel_button);
  CHILD (result_label);
  CHILD (skipped_label);
  CHILD (open_button);
  CHILD (warnings_box);
  CHILD (warnings_heading);
  CHILD (warnings_list);
  CHILD (error_label);
  CHILD (back_button);
#undef CHILD
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, export_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, close_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, destination_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, progress_cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, open_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
}

static void
gloss_export_dialog_init (GlossExportDialog *self)
{
  g_autoptr(GtkStringList) format_labels = gtk_string_list_new (NULL);
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkListItemFactory) list_factory = NULL;

  self->type_checks = g_ptr_array_new ();
  self->open_func = show_folder;

  gtk_widget_init_template (GTK_WIDGET (self));
  gloss_accessible_follow_window (GTK_WINDOW (self));

  for (guint i = 0; i < GLOSS_EXPORT_N_FORMATS; i++)
    gtk_string_list_append (format_labels, _(formats[i].label));
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (format_factory_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (format_factory_bind_cb), NULL);
  list_factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (list_factory, "setup", G_CALLBACK (format_list_setup_cb), NULL);
  g_signal_connect (list_factory, "bind", G_CALLBACK (format_list_bind_cb), NULL);
  gtk_drop_down_set_factory (self->format_dropdown, factory);
  gtk_drop_down_set_list_factory (self->format_dropdown, list_factory);
  gtk_drop_down_set_model (self->format_dropdown, G_LIST_MODEL (format_labels));
  gtk_drop_down_set_selected (self->format_dropdown, GLOSS_EXPORT_JSONL);
  /* In the window a span that cuts a word is left out and listed among
   * the warnings rather than stopping the whole export. */
  gtk_drop_down_set_selected (self->partial_dropdown, 1);
  g_signal_connect_swapped (self->format_dropdown, "notify::selected", G_CALLBACK (format_selected_cb), self);

  /* The menu button centres what it shows; the types line up with the
   * drop-downs' text instead. */
  for (GtkWidget *w = gtk_widget_get_parent (GTK_WIDGET (self->types_label));
       w != NULL && w != GTK_WIDGET (self->types_button);
       w = gtk_widget_get_parent (w))
    gtk_widget_set_halign (w, GTK_ALIGN_FILL);

  self->sidecar_labels = gtk_string_list_new (NULL);
  gtk_drop_down_set_model (self->sidecars_dropdown, G_LIST_MODEL (self->sidecar_labels));
  g_signal_connect_swapped (self->sidecars_dropdown, "notify::selected", G_CALLBACK (sidecars_selected_cb), self);
}

GtkWidget *
gloss_export_dialog_new (GtkWindow   *parent,
                         GlossCorpus *corpus)
{
  GlossExportDialog *self;
  GtkApplication *application;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (GLOSS_IS_CORPUS (corpus), NULL);

  self = g_object_new (GLOSS_TYPE_EXPORT_DIALOG,
                       "corpus", corpus,
                       "transient-for", parent,
                       NULL);

  /* The person's own annotations come first when there is no gold. */
  application = parent != NULL ? gtk_window_get_application (parent) : NULL;
  if (GLOSS_IS_APPLICATION (application))
    {
      self->preferred_sidecar = g_strdup (gloss_application_get_annotator_id (GLOSS_APPLICATION (application)));
      self->updating = TRUE;
      gtk_drop_down_set_selected (self->sidecars_dropdown, default_sidecar (self));
      self->updating = FALSE;
      update_destination (self);
    }

  return GTK_WIDGET (self);
}

GlossExportDialogPage
gloss_export_dialog_get_page (GlossExportDialog *self)
{
  g_return_val_if_fail (GLOSS_IS_EXPORT_DIALOG (self), GLOSS_EXPORT_DIALOG_FORM);

  return self->page;
}

void
gloss_export_dialog_set_format (GlossExportDialog *self,
                                GlossExportFormat  format)
{
  g_return_if_fail (GLOSS_IS_EXPORT_DIALOG (self));
  g_return_if_fail ((guint) format < GLOSS_EXPORT_N_FORMATS);

  gtk_drop_down_set_selected (self->format_dropdown, format);
}

GlossExportFormat
gloss_export_dialog_get_format (GlossExportDialog *self)
{
  g_return_val_if_fail (GLOSS_IS_EXPORT_DIALOG (self), GLOSS_EXPORT_JSONL);

  return current_format (self);
}

gboolean
gloss_export_dialog_select_sidecars (GlossExportDialog *self,
                                     const char        *annotator_id)
{
  guint position;

  g_return_val_if_fail (GLOSS_IS_EXPORT_DIALOG (self), FALSE);

  if (!find_id (self->sidecar_ids, annotator_id != NULL ? annotator_id : "", &position))
    return FALSE;
  gtk_drop_down_set_selected (self->sidecars_dropdown, position);
  return TRUE;
}

GStrv
gloss_export_dialog_list_sidecars (GlossExportDialog *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (GLOSS_IS_EXPORT_DIALOG (self), NULL);

  for (guint i = 0; i < self->sidecar_ids->len; i++)
    g_strv_builder_add (builder, g_ptr_array_index (self->sidecar_ids, i));
  return g_strv_builder_end (builder);
}

void
gloss_export_dialog_set_types (GlossExportDialog  *self,
                               const char * const *types)
{
  g_return_if_fail (GLOSS_IS_EXPORT_DIALOG (self));

  for (guint i = 0; i < self->type_checks->len; i++)
    {
      GtkCheckButton *check = g_ptr_array_index (self->type_checks, i);
      const char *id = g_object_get_data (G_OBJECT (check), TYPE_ID_KEY);

      gtk_check_button_set_active (check, types == NULL || g_strv_contains (types, id));
    }
}

void
gloss_export_dialog_set_destination (GlossExportDialog *self,
                                     GFile             *destination)
{
  g_return_if_fail (GLOSS_IS_EXPORT_DIALOG (self));
  g_return_if_fail (G_IS_FILE (destination));

  g_set_object (&self->destination, destination);
  self->destination_chosen = TRUE;
  update_form (self);
}

GFile *
gloss_export_dialog_get_destination (GlossExportDialog *self)
{
  g_return_val_if_fail (GLOSS_IS_EXPORT_DIALOG (self), NULL);

  return self->destination;
}

void
gloss_export_dialog_get_options (GlossExportDialog  *self,
                                 GlossExportOptions *options)
{
  static const GlossExportOptions defaults = GLOSS_EXPORT_OPTIONS_INIT;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  const char *sidecar;

  g_return_if_fail (GLOSS_IS_EXPORT_DIALOG (self));
  g_return_if_fail (options != NULL);

  *options = defaults;

  sidecar = current_sidecar (self);
  g_clear_pointer (&self->options_annotator, g_free);
  if (g_str_equal (sidecar, GLOSS_ANNOTATOR_GOLD))
    options->gold = TRUE;
  else if (sidecar[0] != '\0')
    options->annotator = self->options_annotator = g_strdup (sidecar);

  g_clear_pointer (&self->options_types, g_strfreev);
  if (n_types_ticked (self) < self->type_checks->len)
    {
      for (guint i = 0; i < self->type_checks->len; i++)
        {
          GtkCheckButton *check = g_ptr_array_index (self->type_checks, i);

          if (gtk_check_button_get_active (check))
            g_strv_builder_add (builder, g_object_get_data (G_OBJECT (check), TYPE_ID_KEY));
        }
      self->options_types = g_strv_builder_end (builder);
      options->types = (const char * const *) self->options_types;
    }

  options->scheme = gtk_drop_down_get_selected (self->scheme_dropdown) == 1
                    ? GLOSS_EXPORT_SCHEME_BIOES : GLOSS_EXPORT_SCHEME_IOB2;
  options->partial = gtk_drop_down_get_selected (self->partial_dropdown) == 1
                     ? GLOSS_EXPORT_PARTIAL_SKIP : GLOSS_EXPORT_PARTIAL_ERROR;
  options->bom = gtk_check_button_get_active (self->bom_check);
}

void
gloss_export_dialog_set_options (GlossExportDialog        *self,
                                 const GlossExportOptions *options)
{
  g_return_if_fail (GLOSS_IS_EXPORT_DIALOG (self));
  g_return_if_fail (options != NULL);

  if (options->gold)
    gloss_export_dialog_select_sidecars (self, GLOSS_ANNOTATOR_GOLD);
  else
    gloss_export_dialog_select_sidecars (self, options->annotator);
  gloss_export_dialog_set_types (self, options->types);
  gtk_drop_down_set_selected (self->scheme_dropdown, options->scheme == GLOSS_EXPORT_SCHEME_BIOES ? 1 : 0);
  gtk_drop_down_set_selected (self->partial_dropdown, options->partial == GLOSS_EXPORT_PARTIAL_SKIP ? 1 : 0);
  gtk_check_button_set_active (self->bom_check, options->bom);
}

gboolean
gloss_export_dialog_export (GlossExportDialog *self)
{
  g_return_val_if_fail (GLOSS_IS_EXPORT_DIALOG (self), FALSE);

  if (self->page != GLOSS_EXPORT_DIALOG_FORM || self->cancellable != NULL)
    return FALSE;
  /* What is at the destination may have changed since the form looked. */
  update_form (self);
  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->export_button)))
    return FALSE;
  start_export (self);
  return TRUE;
}

void
gloss_export_dialog_cancel (GlossExportDialog *self)
{
  g_return_if_fail (GLOSS_IS_EXPORT_DIALOG (self));

  if (self->cancellable == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  gtk_progress_bar_set_text (self->progress_bar, _("Cancelling…"));
  gtk_widget_set_sensitive (GTK_WIDGET (self->progress_cancel_button), FALSE);
}

void
gloss_export_dialog_back (GlossExportDialog *self)
{
  g_return_if_fail (GLOSS_IS_EXPORT_DIALOG (self));

  if (self->page != GLOSS_EXPORT_DIALOG_ERROR && self->page != GLOSS_EXPORT_DIALOG_RESULT)
    return;
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), FALSE);
  set_message (self, NULL);
  update_form (self);
  set_page (self, GLOSS_EXPORT_DIALOG_FORM);
}

void
gloss_export_dialog_open_folder (GlossExportDialog *self)
{
  g_autoptr(GFile) folder = NULL;

  g_return_if_fail (GLOSS_IS_EXPORT_DIALOG (self));

  if (self->page != GLOSS_EXPORT_DIALOG_RESULT || self->open_func == NULL)
    return;
  folder = folder_to_open (self);
  if (folder != NULL)
    self->open_func (GTK_WINDOW (self), folder, self->open_data);
}

void
gloss_export_dialog_set_open_func (GlossExportDialog   *self,
                                   GlossExportOpenFunc  func,
                                   gpointer             user_data)
{
  g_return_if_fail (GLOSS_IS_EXPORT_DIALOG (self));

  self->open_func = func;
  self->open_data = user_data;
}

const char *
gloss_export_dialog_get_message (GlossExportDialog *self)
{
  g_return_val_if_fail (GLOSS_IS_EXPORT_DIALOG (self), NULL);

  return self->message;
}

const GlossExportSummary *
gloss_export_dialog_get_summary (GlossExportDialog *self)
{
  g_return_val_if_fail (GLOSS_IS_EXPORT_DIALOG (self), NULL);

  return self->summary;
}
