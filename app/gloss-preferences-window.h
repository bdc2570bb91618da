/* gloss-preferences-window.h: annotator, text size and panels
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gloss-application.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_PREFERENCES_WINDOW (gloss_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (GlossPreferencesWindow, gloss_preferences_window, GLOSS, PREFERENCES_WINDOW, GtkWindow)

/* Every control is bound to the application's GSettings, so a change
 * applies at once and is remembered. */
GtkWidget *gloss_preferences_window_new (GlossApplication *application);

G_END_DECLS
