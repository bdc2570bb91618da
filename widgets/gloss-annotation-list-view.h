/* gloss-annotation-list-view.h: the entities or the claims of a set, as a list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gloss-annotation-set.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_ANNOTATION_LIST_VIEW (gloss_annotation_list_view_get_type ())
G_DECLARE_FINAL_TYPE (GlossAnnotationListView, gloss_annotation_list_view, GLOSS, ANNOTATION_LIST_VIEW, GtkWidget)

/* A GtkListView over the core's sorted list of entities or of claims.
 *
 * Entities are grouped by type in tagset order, each group under a header
 * row with the type's colour, label and count (empty groups are hidden);
 * rows show the quoted text and a warning mark when the anchor no longer
 * matches the article. Claims read "source → cue → content", nested claims
 * indented under their parent.
 *
 * Properties:
 *   kind                (GlossAnnotationKind, construct-only) ENTITY or CLAIM
 *   annotation-set      (GlossAnnotationSet *)
 *   filter-text         (char *)  case-insensitive; matches the text, the type
 *                                 label, the note and the link (claims: the
 *                                 source, cue and content text and the note)
 *   selected-annotation (GlossAnnotation *) setting it selects and scrolls
 *                                 to the row without emitting a signal
 *   n-annotations       (guint, read-only) annotations of this kind in the set
 *   n-shown             (guint, read-only) of them, how many pass the filter
 *
 * Signals:
 *   annotation-activated (GlossAnnotation *)  a person selected a row
 *
 * Actions (group "annotation-list"): annotation-list.delete (Delete) removes
 * the selected annotation (one undo step); also in the row context menu.
 */

GtkWidget          *gloss_annotation_list_view_new                     (GlossAnnotationKind      kind);

GlossAnnotationKind gloss_annotation_list_view_get_kind                (GlossAnnotationListView *self);
GlossAnnotationSet *gloss_annotation_list_view_get_annotation_set      (GlossAnnotationListView *self);
void                gloss_annotation_list_view_set_annotation_set      (GlossAnnotationListView *self,
                                                                        GlossAnnotationSet      *set);
const char         *gloss_annotation_list_view_get_filter_text         (GlossAnnotationListView *self);
void                gloss_annotation_list_view_set_filter_text         (GlossAnnotationListView *self,
                                                                        const char              *text);
GlossAnnotation    *gloss_annotation_list_view_get_selected_annotation (GlossAnnotationListView *self);
void                gloss_annotation_list_view_set_selected_annotation (GlossAnnotationListView *self,
                                                                        GlossAnnotation         *annotation);
guint               gloss_annotation_list_view_get_n_annotations       (GlossAnnotationListView *self);
guint               gloss_annotation_list_view_get_n_shown             (GlossAnnotationListView *self);

/* The rows as shown, group headers included: items are GlossAnnotation or,
 * for a header, an object with "type-id", "label", "colour" and "count"
 * properties. For tests and for keyboard navigation from outside. */
GListModel         *gloss_annotation_list_view_get_model               (GlossAnnotationListView *self);
/* The row position of @annotation, or GTK_INVALID_LIST_POSITION. */
guint               gloss_annotation_list_view_find                    (GlossAnnotationListView *self,
                                                                        GlossAnnotation         *annotation);

/* Texts the rows show, for the editor and for tests. */
char               *gloss_annotation_describe_text                     (GlossAnnotationSet      *set,
                                                                        GlossAnnotation         *annotation,
                                                                        guint                    max_chars);
char               *gloss_annotation_describe_source                   (GlossAnnotationSet      *set,
                                                                        GlossAnnotation         *claim,
                                                                        guint                    max_chars);
char               *gloss_annotation_describe_cue                      (GlossAnnotationSet      *set,
                                                                        GlossAnnotation         *claim,
                                                                        guint                    max_chars);

G_END_DECLS
