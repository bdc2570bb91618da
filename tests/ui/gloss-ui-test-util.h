/* gloss-ui-test-util.h: main-loop waits the widget and window tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Whether what a test waits for has happened; @fixture is the test's own. */
typedef gboolean (*GlossTestCondition) (gpointer fixture,
                                        gpointer data);

/* Runs the main loop until @condition holds or @timeout_ms pass; returns
 * whether it holds. The loop wakes at least every 10 ms to look. */
gboolean gloss_test_spin_until  (gpointer           fixture,
                                 GlossTestCondition condition,
                                 gpointer           data,
                                 guint              timeout_ms);
/* Runs the main loop for @ms milliseconds. */
void     gloss_test_spin_ms     (guint              ms);
/* Dispatches what is ready, without blocking. */
void     gloss_test_drain       (void);
/* Runs the main loop until @widget's window has drawn @n more frames. */
void     gloss_test_wait_frames (GtkWidget         *widget,
                                 int                n);

/* The tests' conditions take their own fixture type. */
#define GLOSS_TEST_CONDITION(f) ((GlossTestCondition) (void (*) (void)) (f))

G_END_DECLS
