/* gloss-annotation-editor.h: edits the selected annotation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gloss-annotation-set.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_ANNOTATION_EDITOR (gloss_annotation_editor_get_type ())
G_DECLARE_FINAL_TYPE (GlossAnnotationEditor, gloss_annotation_editor, GLOSS, ANNOTATION_EDITOR, GtkWidget)

/* Shows and changes one annotation of a set: the type (entities), the
 * source, cue and parent (claims), a control per tagset attribute that
 * applies to the kind, the knowledge-base link and the note, and a Delete
 * button. Every change is a GlossAnnotationSet mutation, so it can be
 * undone; a refused change is explained under the fields.
 *
 * Dropdowns apply at once. The link, free-text attributes and the note are
 * applied when focus leaves them, on Enter (entries), when another
 * annotation is shown, and — for the note — after NOTE_PAUSE_MS without
 * typing; what is pending at such a moment is applied as one undo step,
 * so a note typed in one go is undone in one go.
 *
 * The editor follows its annotation: a change underneath (another widget,
 * undo, redo) is shown at once, and removal empties the editor.
 *
 * Properties:
 *   annotation-set (GlossAnnotationSet *)
 *   annotation     (GlossAnnotation *)  NULL shows a hint instead
 *
 * Signals:
 *   pick-source-requested (GlossAnnotation *claim)
 *       "Pick in text" for the source: the window lets the person click an
 *       entity or select a span, then calls gloss_annotation_set_set_source_*
 *   pick-cue-requested (GlossAnnotation *claim)
 *       the same for the cue (gloss_annotation_set_set_cue)
 */

#define GLOSS_ANNOTATION_EDITOR_NOTE_PAUSE_MS 1500

GtkWidget          *gloss_annotation_editor_new                (void);

GlossAnnotationSet *gloss_annotation_editor_get_annotation_set (GlossAnnotationEditor *self);
void                gloss_annotation_editor_set_annotation_set (GlossAnnotationEditor *self,
                                                                GlossAnnotationSet    *set);
GlossAnnotation    *gloss_annotation_editor_get_annotation     (GlossAnnotationEditor *self);
void                gloss_annotation_editor_set_annotation     (GlossAnnotationEditor *self,
                                                                GlossAnnotation       *annotation);

/* Applies pending typed edits now (as one undo step). */
void                gloss_annotation_editor_commit             (GlossAnnotationEditor *self);

/* The message of the last refused change, or NULL. */
const char         *gloss_annotation_editor_get_error          (GlossAnnotationEditor *self);

G_END_DECLS
