/* gloss-test-util.h: what the tests share for their files and annotations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "gloss-annotation-set.h"

G_BEGIN_DECLS

/* A path in the source tree (GLOSS_SOURCE_ROOT, set by the test setup). */
char *gloss_test_source_path           (const char *first,
                                        ...) G_GNUC_NULL_TERMINATED;
/* Copies data/sample-corpus to TMP/sample-corpus in a new temporary folder
 * (named after @prefix) and returns that path: tests change the copy. */
char *gloss_test_copy_sample_corpus    (const char *prefix);
/* Removes a copy made above together with its temporary folder. */
void  gloss_test_remove_sample_corpus  (const char *corpus);
/* Removes @path and everything below it, without following links. */
void  gloss_test_remove_tree           (const char *path);

/* Adds an entity or a claim to @set and fails the test if that fails. */
GlossAnnotation *gloss_test_add_entity (GlossAnnotationSet *set,
                                        const char         *type,
                                        guint               start,
                                        guint               end);
GlossAnnotation *gloss_test_add_claim  (GlossAnnotationSet *set,
                                        guint               start,
                                        guint               end);

G_END_DECLS
