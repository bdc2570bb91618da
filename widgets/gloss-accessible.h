/* gloss-accessible.h: accessible names as a person reads them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* GTK 4.8 names a label whose text has a mnemonic ("_Skip") by the raw
 * text, and a button by its raw label followed by its label child's name
 * ("_Skip Skip"). This names such labels by the text without the
 * underscore and lets their buttons take the name from the label alone, for
 * @root and every widget below it, and keeps it so when the text changes. */
void  gloss_accessible_name_mnemonics (GtkWidget  *root);
char *gloss_accessible_strip_mnemonic (const char *text);
/* Names @window's widgets now and again each time it is shown. */
void  gloss_accessible_follow_window  (GtkWindow  *window);

G_END_DECLS
