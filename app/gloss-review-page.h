/* gloss-review-page.h: the window's review mode
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gloss-article-view.h"
#include "gloss-editing-session.h"
#include "gloss-review-adjudication.h"
#include "gloss-review-agreement.h"
#include "gloss-review-list.h"
#include "gloss-review-versions.h"

G_BEGIN_DECLS

#define GLOSS_TYPE_REVIEW_PAGE (gloss_review_page_get_type ())
G_DECLARE_FINAL_TYPE (GlossReviewPage, gloss_review_page, GLOSS, REVIEW_PAGE, GtkWidget)

/* Reviewing one article: the sidecars of the annotators chosen are
 * compared (GlossReview), the article shows each one's annotations in
 * their own colour, a list holds the disagreements and a pane their
 * versions side by side; decisions go into the gold sidecar (saved as
 * they are made) with the reviewer as the one who decided; comments go
 * into the reviewer's own sidecar, through their editing session. The
 * sidecars of colleagues are watched: when one changes on disk the
 * review compares again, keeping every decision (they are in gold).
 *
 * Properties: "can-undo", "can-redo" (of the adjudication), "review".
 *
 * Actions (group "review"): review.accept-agreed, review.undo,
 * review.redo, review.next (the next undecided disagreement),
 * review.finish-edit. */

GtkWidget               *gloss_review_page_new             (void);

/* Reviews the article of @session, its annotator being the reviewer.
 * @corpus (may be NULL) names the articles for the corpus agreement.
 * Reads the sidecars beside the article now; FALSE when the article's
 * folder cannot be read. */
gboolean                 gloss_review_page_open            (GlossReviewPage     *self,
                                                            GlossEditingSession *session,
                                                            GError             **error);
/* Saves what is not saved yet (gold, comments) and lets go. */
void                     gloss_review_page_close           (GlossReviewPage     *self);
/* Writes the gold sidecar now if it has unsaved decisions. */
gboolean                 gloss_review_page_flush           (GlossReviewPage     *self,
                                                            GError             **error);

GlossEditingSession     *gloss_review_page_get_session     (GlossReviewPage     *self);
/* The annotators that have a sidecar beside the article (but gold), and
 * those compared, in order. NULL-terminated, owned by the page. */
const char * const      *gloss_review_page_get_available   (GlossReviewPage     *self);
const char * const      *gloss_review_page_get_compared    (GlossReviewPage     *self);
/* Compares @annotators (at least two of the available ones). */
gboolean                 gloss_review_page_set_compared    (GlossReviewPage     *self,
                                                            const char * const  *annotators,
                                                            GError             **error);

GlossReview             *gloss_review_page_get_review      (GlossReviewPage     *self);
GlossReviewAdjudication *gloss_review_page_get_adjudication (GlossReviewPage    *self);
GFile                   *gloss_review_page_get_gold_file   (GlossReviewPage     *self);

gboolean                 gloss_review_page_can_undo        (GlossReviewPage     *self);
gboolean                 gloss_review_page_can_redo        (GlossReviewPage     *self);
void                     gloss_review_page_undo            (GlossReviewPage     *self);
void                     gloss_review_page_redo            (GlossReviewPage     *self);

/* Shows @group: selected in the list, scrolled to in the article, its
 * versions in the pane. */
void                     gloss_review_page_select_group    (GlossReviewPage     *self,
                                                            GlossReviewGroup    *group);
/* The decisions, as the pane's buttons make them. */
gboolean                 gloss_review_page_accept          (GlossReviewPage     *self,
                                                            GlossReviewGroup    *group,
                                                            guint                annotator,
                                                            const char          *reason,
                                                            GError             **error);
gboolean                 gloss_review_page_reject          (GlossReviewPage     *self,
                                                            GlossReviewGroup    *group,
                                                            const char          *reason,
                                                            GError             **error);
/* Accepts annotator @annotator's version and opens the gold copy in the
 * editor; the changes made there are one "edit" decision, ended by
 * review.finish-edit (or by any other decision). */
gboolean                 gloss_review_page_edit            (GlossReviewPage     *self,
                                                            GlossReviewGroup    *group,
                                                            guint                annotator,
                                                            const char          *reason,
                                                            GError             **error);
guint                    gloss_review_page_accept_agreed   (GlossReviewPage     *self);
gboolean                 gloss_review_page_add_comment     (GlossReviewPage     *self,
                                                            GlossReviewGroup    *group,
                                                            guint                annotator,
                                                            const char          *text,
                                                            GError             **error);
/* The comments of every sidecar beside the article (GlossReviewComment). */
GPtrArray               *gloss_review_page_get_comments    (GlossReviewPage     *self);

/* The parts, for the window and tests. */
GlossArticleView        *gloss_review_page_get_article_view (GlossReviewPage    *self);
GlossReviewList         *gloss_review_page_get_list        (GlossReviewPage     *self);
GlossReviewVersions     *gloss_review_page_get_versions    (GlossReviewPage     *self);
GlossReviewAgreement    *gloss_review_page_get_agreement   (GlossReviewPage     *self);
GtkWidget               *gloss_review_page_get_editor      (GlossReviewPage     *self);
/* Shows the agreement of this article (FALSE) or of the whole folder,
 * computed in a worker thread (TRUE). */
void                     gloss_review_page_show_corpus_agreement (GlossReviewPage *self,
                                                            gboolean             corpus);
/* TRUE while the corpus agreement is being computed. */
gboolean                 gloss_review_page_get_busy        (GlossReviewPage     *self);
/* The banner's text when the gold file changed on disk under the page
 * (it offers to reload it or keep the reviewer's decisions), else NULL. */
const char              *gloss_review_page_get_conflict    (GlossReviewPage     *self);
/* Reads the gold file as it is now, dropping unsaved decisions and their
 * undo history; or overwrites it with the reviewer's decisions. */
gboolean                 gloss_review_page_reload_gold     (GlossReviewPage     *self,
                                                            GError             **error);
gboolean                 gloss_review_page_keep_gold       (GlossReviewPage     *self,
                                                            GError             **error);
/* The error banner's text, or NULL when it is hidden. */
const char              *gloss_review_page_get_error       (GlossReviewPage     *self);

G_END_DECLS
