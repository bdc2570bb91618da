/* gloss-side-panel.h: the type palette, the annotation lists and the editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gloss-annotation-set.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_SIDE_PANEL (gloss_side_panel_get_type ())
G_DECLARE_FINAL_TYPE (GlossSidePanel, gloss_side_panel, GLOSS, SIDE_PANEL, GtkWidget)

/* The panel beside the article view: the type palette on top, the
 * entities (grouped by type) and the claims as two pages with a shared
 * filter, and the editor of the selected annotation at the bottom.
 *
 * Properties:
 *   annotation-set      (GlossAnnotationSet *)
 *   selected-annotation (GlossAnnotation *)  set it to follow the text: the
 *       right page is shown and the row selected and scrolled to, without
 *       "annotation-activated"; it notifies when a person picks a row and
 *       becomes NULL when the annotation is removed
 *   can-mark            (gboolean)  whether the palette's buttons are
 *       sensitive (bind it to "there is a text selection")
 *
 * Signals:
 *   type-chosen (const char *type_id)          a palette type button
 *   claim-chosen ()                            the palette's Claim button
 *   annotation-activated (GlossAnnotation *)   a person selected a row
 *   pick-source-requested (GlossAnnotation *claim)
 *   pick-cue-requested (GlossAnnotation *claim)
 *       the editor's "Pick in text" buttons: the window lets the person
 *       click an entity / select words, then sets the source or cue
 */

GtkWidget          *gloss_side_panel_new                     (void);

GlossAnnotationSet *gloss_side_panel_get_annotation_set      (GlossSidePanel     *self);
void                gloss_side_panel_set_annotation_set      (GlossSidePanel     *self,
                                                              GlossAnnotationSet *set);
GlossAnnotation    *gloss_side_panel_get_selected_annotation (GlossSidePanel     *self);
void                gloss_side_panel_set_selected_annotation (GlossSidePanel     *self,
                                                              GlossAnnotation    *annotation);
gboolean            gloss_side_panel_get_can_mark            (GlossSidePanel     *self);
void                gloss_side_panel_set_can_mark            (GlossSidePanel     *self,
                                                              gboolean            can_mark);

/* Focuses the filter entry (for a "find annotation" shortcut). */
void                gloss_side_panel_focus_filter            (GlossSidePanel     *self);

/* The parts, for the window's key handling and for tests. */
GtkWidget          *gloss_side_panel_get_palette             (GlossSidePanel     *self);
GtkWidget          *gloss_side_panel_get_entity_list         (GlossSidePanel     *self);
GtkWidget          *gloss_side_panel_get_claim_list          (GlossSidePanel     *self);
GtkWidget          *gloss_side_panel_get_editor              (GlossSidePanel     *self);

G_END_DECLS
