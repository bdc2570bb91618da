/* gloss-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GLOSS_TYPE_APPLICATION (gloss_application_get_type ())
G_DECLARE_FINAL_TYPE (GlossApplication, gloss_application, GLOSS, APPLICATION, GtkApplication)

/* How many folders "Recent corpora" remembers. */
#define GLOSS_MAX_RECENT_CORPORA 8

/* The application (io.gloss.Gloss). It owns the settings and the
 * annotator's identity, which every window uses for the sidecars it
 * writes.
 *
 * Properties:
 *   annotator-id   (char *, read-only)  NULL until known
 *   annotator-name (char *, read-only)
 *
 * The identity comes from, in order: the --annotator option, the
 * GLOSS_ANNOTATOR environment variable (with GLOSS_ANNOTATOR_NAME), and
 * GSettings; when none has it, the identity dialog asks once. */

GlossApplication *gloss_application_new                 (void);

GSettings        *gloss_application_get_settings        (GlossApplication *self);
const char       *gloss_application_get_annotator_id    (GlossApplication *self);
const char       *gloss_application_get_annotator_name  (GlossApplication *self);
/* Stores the identity in GSettings (unless it was given for this run only)
 * and tells the windows. */
void              gloss_application_set_identity        (GlossApplication *self,
                                                         const char       *annotator_id,
                                                         const char       *annotator_name);
/* Remembers @folder as the last corpus and first of the recent ones. */
void              gloss_application_add_recent_corpus   (GlossApplication *self,
                                                         GFile            *folder);
/* Shows the identity dialog over @parent (NULL: the active window). */
void              gloss_application_ask_identity        (GlossApplication *self,
                                                         GtkWindow        *parent);

/* A settings object for io.gloss.Gloss: from the installed schemas, or
 * from the build tree when running uninstalled. */
GSettings        *gloss_settings_new                    (void);

G_END_DECLS
