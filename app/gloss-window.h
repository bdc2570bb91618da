/* gloss-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gloss-application.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_WINDOW (gloss_window_get_type ())
G_DECLARE_FINAL_TYPE (GlossWindow, gloss_window, GLOSS, WINDOW, GtkApplicationWindow)

GlossWindow *gloss_window_new  (GlossApplication *application);
/* Opens a corpus folder, or an article with its folder. */
void         gloss_window_open (GlossWindow      *self,
                                GFile            *file);

G_END_DECLS
