/* gloss-cli.h: what the commands of gloss-cli share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gloss-annotation-set.h"
#include "gloss-sidecar.h"

G_BEGIN_DECLS

/* Exit codes of every command (DESIGN.md §5). */
enum
{
  GLOSS_CLI_EXIT_OK = 0,
  GLOSS_CLI_EXIT_FINDINGS = 1,
  GLOSS_CLI_EXIT_USAGE = 2,
};

/* Shows "[done/total] what" on stderr when it is a terminal; what == NULL
 * clears the line. */
void                gloss_cli_progress     (guint                done,
                                            guint                total,
                                            const char          *what);

/* Loads a sidecar with the article it names and the tagset of its folder.
 * Prints the problem (FILE:LINE: message) and returns NULL on failure;
 * @io_failure tells an unreadable file from a bad one. */
GlossAnnotationSet *gloss_cli_load_sidecar (GFile               *file,
                                            GBytes              *bytes,
                                            GlossSidecarReport **report,
                                            gboolean            *io_failure);

/* Commands, each in its own file: argv[0] is the command's name. */
int                 gloss_cli_validate     (int                  argc,
                                            char               **argv);
int                 gloss_cli_stats        (int                  argc,
                                            char               **argv);
int                 gloss_cli_export       (int                  argc,
                                            char               **argv);
int                 gloss_cli_import       (int                  argc,
                                            char               **argv);
int                 gloss_cli_agree        (int                  argc,
                                            char               **argv);
int                 gloss_cli_adjudicate   (int                  argc,
                                            char               **argv);

G_END_DECLS
