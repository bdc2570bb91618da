/* gloss-identity-dialog.h: asks who is annotating
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gloss-application.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_IDENTITY_DIALOG (gloss_identity_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GlossIdentityDialog, gloss_identity_dialog, GLOSS, IDENTITY_DIALOG, GtkWindow)

/* A dialog with the annotator id (checked with gloss_annotator_id_is_valid)
 * and the display name; "Continue" stores them with
 * gloss_application_set_identity. */
GtkWidget *gloss_identity_dialog_new        (GlossApplication *application);

/* An id made from a person's name or login: lower case, ASCII, only the
 * characters ids allow; NULL when nothing usable is left. */
char      *gloss_identity_suggest_id        (const char       *real_name,
                                             const char       *user_name);

/* For tests: fill in and press Continue. FALSE when the id was refused. */
gboolean   gloss_identity_dialog_accept     (GlossIdentityDialog *self,
                                             const char          *annotator_id,
                                             const char          *annotator_name);

G_END_DECLS
