/* gloss-type-palette.h: buttons that mark the selection with a type
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gloss-tagset.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_TYPE_PALETTE (gloss_type_palette_get_type ())
G_DECLARE_FINAL_TYPE (GlossTypePalette, gloss_type_palette, GLOSS, TYPE_PALETTE, GtkWidget)

/* One button per entity type of the tagset (colour, label, key hint; the
 * accessible name is the type's label) and a "Claim" button.
 *
 * Properties:
 *   tagset   (GlossTagset *)  the types to offer
 *   can-mark (gboolean)       whether there is a text selection to mark;
 *                             the buttons are insensitive without one
 *
 * Signals:
 *   type-chosen (const char *type_id)  a type button was clicked
 *   claim-chosen ()                    the "Claim" button was clicked
 */

GtkWidget   *gloss_type_palette_new          (void);

GlossTagset *gloss_type_palette_get_tagset   (GlossTypePalette *self);
void         gloss_type_palette_set_tagset   (GlossTypePalette *self,
                                              GlossTagset      *tagset);
gboolean     gloss_type_palette_get_can_mark (GlossTypePalette *self);
void         gloss_type_palette_set_can_mark (GlossTypePalette *self,
                                              gboolean          can_mark);

/* The button of @type_id (for focus and tests); NULL when there is none. */
GtkWidget   *gloss_type_palette_get_button   (GlossTypePalette *self,
                                              const char       *type_id);

/* A small rounded square painted in @colour ("#rrggbb"), the same swatch
 * the palette, the lists and the editor show next to a type. */
GtkWidget   *gloss_type_swatch_new           (const char       *colour);
void         gloss_type_swatch_set_colour    (GtkWidget        *swatch,
                                              const char       *colour);

G_END_DECLS
