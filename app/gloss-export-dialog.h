/* gloss-export-dialog.h: exports the open corpus as a labeled dataset
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gloss-corpus.h"
#include "gloss-export.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_EXPORT_DIALOG (gloss_export_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GlossExportDialog, gloss_export_dialog, GLOSS, EXPORT_DIALOG, GtkWindow)

typedef enum
{
  GLOSS_EXPORT_DIALOG_FORM,     /* format, annotations, destination */
  GLOSS_EXPORT_DIALOG_PROGRESS, /* exporting, with Cancel */
  GLOSS_EXPORT_DIALOG_RESULT,   /* what was written, and the warnings */
  GLOSS_EXPORT_DIALOG_ERROR,    /* why nothing was written */
} GlossExportDialogPage;

#define GLOSS_TYPE_EXPORT_DIALOG_PAGE (gloss_export_dialog_page_get_type ())
GType gloss_export_dialog_page_get_type (void) G_GNUC_CONST;

/* Opens @folder for the person (a file manager); tests replace it. */
typedef void (*GlossExportOpenFunc) (GtkWindow *parent,
                                     GFile     *folder,
                                     gpointer   user_data);

/* A modal dialog over @parent that exports the folder of @corpus with
 * gloss_export_corpus_async(): the format, whose sidecars (every
 * annotator's, one annotator's, or gold), the types and the destination,
 * then a progress page with Cancel and a page with the result.
 *
 * Properties:
 *   corpus (GlossCorpus *, construct-only)
 *   page   (GlossExportDialogPage, read-only) */
GtkWidget                *gloss_export_dialog_new                (GtkWindow           *parent,
                                                                  GlossCorpus         *corpus);
GlossExportDialogPage     gloss_export_dialog_get_page           (GlossExportDialog   *self);

/* The choices of the form, as the controls hold them. */
void                      gloss_export_dialog_set_format         (GlossExportDialog   *self,
                                                                  GlossExportFormat    format);
GlossExportFormat         gloss_export_dialog_get_format         (GlossExportDialog   *self);
/* @annotator_id: an annotator of the corpus, GLOSS_ANNOTATOR_GOLD, or NULL
 * for every sidecar. FALSE when the list does not offer it. */
gboolean                  gloss_export_dialog_select_sidecars    (GlossExportDialog   *self,
                                                                  const char          *annotator_id);
/* The ids the list offers, in its order ("" for every annotator). */
GStrv                     gloss_export_dialog_list_sidecars      (GlossExportDialog   *self);
/* NULL ticks every type; else the entity type ids and "claim" to keep. */
void                      gloss_export_dialog_set_types          (GlossExportDialog   *self,
                                                                  const char * const  *types);
/* As choosing a file in the file chooser does. */
void                      gloss_export_dialog_set_destination    (GlossExportDialog   *self,
                                                                  GFile               *destination);
GFile                    *gloss_export_dialog_get_destination    (GlossExportDialog   *self);
/* Fills @options from the form; the strings stay owned by the dialog
 * until the form changes. */
void                      gloss_export_dialog_get_options        (GlossExportDialog   *self,
                                                                  GlossExportOptions  *options);

/* Sets the controls from @options (an annotator the list does not offer
 * is left as it is). */
void                      gloss_export_dialog_set_options        (GlossExportDialog        *self,
                                                                  const GlossExportOptions *options);

/* The buttons: Export (FALSE when it is not available), Cancel on the
 * progress page, Back on the error page, Open Folder on the result page. */
gboolean                  gloss_export_dialog_export             (GlossExportDialog   *self);
void                      gloss_export_dialog_cancel             (GlossExportDialog   *self);
void                      gloss_export_dialog_back               (GlossExportDialog   *self);
void                      gloss_export_dialog_open_folder        (GlossExportDialog   *self);
void                      gloss_export_dialog_set_open_func      (GlossExportDialog   *self,
                                                                  GlossExportOpenFunc  func,
                                                                  gpointer             user_data);

/* The text the current page shows: the result, the error, the progress
 * ("3 of 10 documents"), or the form's notice (e.g. after a cancel). */
const char               *gloss_export_dialog_get_message        (GlossExportDialog   *self);
/* The last export's summary; NULL before one succeeded. */
const GlossExportSummary *gloss_export_dialog_get_summary        (GlossExportDialog   *self);

G_END_DECLS
