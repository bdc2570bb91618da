/* gloss-editing-session.h: one annotator editing one article, saved as they go
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gloss-annotation-set.h"
#include "gloss-document.h"
#include "gloss-sidecar.h"
#include "gloss-tagset.h"

G_BEGIN_DECLS

#define GLOSS_EDITING_SESSION_ERROR (gloss_editing_session_error_quark ())

typedef enum
{
  GLOSS_EDITING_SESSION_ERROR_ANNOTATOR,  /* invalid id, or "gold" without permission */
  GLOSS_EDITING_SESSION_ERROR_FOREIGN,    /* the sidecar belongs to another annotator */
  GLOSS_EDITING_SESSION_ERROR_CONFLICT,   /* the sidecar changed on disk; reload or keep yours */
  GLOSS_EDITING_SESSION_ERROR_IO,         /* could not read or write a file */
  GLOSS_EDITING_SESSION_ERROR_BUSY,       /* a reload is already running */
} GlossEditingSessionError;

/* Where the annotator's work stands with respect to the file on disk. */
typedef enum
{
  GLOSS_SESSION_STATE_SAVED,    /* the file holds every change */
  GLOSS_SESSION_STATE_MODIFIED, /* changes wait for the next autosave */
  GLOSS_SESSION_STATE_SAVING,   /* a write is under way */
  GLOSS_SESSION_STATE_ERROR,    /* the last write failed: see last-error; nothing is lost */
  GLOSS_SESSION_STATE_CONFLICT, /* another program changed the file: autosave is paused */
} GlossSessionState;

typedef enum
{
  GLOSS_EDITING_SESSION_FLAGS_NONE       = 0,
  /* Allows the reserved annotator "gold" (adjudication in review). */
  GLOSS_EDITING_SESSION_FLAGS_ALLOW_GOLD = 1 << 0,
} GlossEditingSessionFlags;

/* Default and largest autosave delay after the last change, in ms. */
#define GLOSS_AUTOSAVE_DELAY_DEFAULT 500
#define GLOSS_AUTOSAVE_DELAY_MAX     1000

#define GLOSS_TYPE_SESSION_STATE (gloss_session_state_get_type ())
GType gloss_session_state_get_type (void) G_GNUC_CONST;

#define GLOSS_TYPE_EDITING_SESSION (gloss_editing_session_get_type ())
G_DECLARE_FINAL_TYPE (GlossEditingSession, gloss_editing_session, GLOSS, EDITING_SESSION, GObject)

GQuark               gloss_editing_session_error_quark       (void);

/* Loads @article and the annotator's sidecar beside it (a new, empty set
 * when there is none) off the main thread. @tagset NULL uses the folder's
 * tagset (gloss_tagset_load_for_folder). A sidecar that exists but does not
 * load fails the open with its "FILE:LINE: problem" message: it is never
 * replaced by an empty one. */
void                 gloss_editing_session_open_async        (GFile                    *article,
                                                              const char               *annotator_id,
                                                              const char               *annotator_name,
                                                              GlossTagset              *tagset,
                                                              GlossEditingSessionFlags  flags,
                                                              GCancellable             *cancellable,
                                                              GAsyncReadyCallback       callback,
                                                              gpointer                  user_data);
GlossEditingSession *gloss_editing_session_open_finish       (GAsyncResult             *result,
                                                              GError                  **error);
/* The same, blocking: for the command line and tests. */
GlossEditingSession *gloss_editing_session_open              (GFile                    *article,
                                                              const char               *annotator_id,
                                                              const char               *annotator_name,
                                                              GlossTagset              *tagset,
                                                              GlossEditingSessionFlags  flags,
                                                              GCancellable             *cancellable,
                                                              GError                  **error);

GlossDocument       *gloss_editing_session_get_document      (GlossEditingSession *self);
GlossTagset         *gloss_editing_session_get_tagset        (GlossEditingSession *self);
/* Replaced by a reload: follow notify::annotation-set. */
GlossAnnotationSet  *gloss_editing_session_get_annotation_set (GlossEditingSession *self);
GFile               *gloss_editing_session_get_article_file  (GlossEditingSession *self);
GFile               *gloss_editing_session_get_sidecar_file  (GlossEditingSession *self);
const char          *gloss_editing_session_get_annotator_id  (GlossEditingSession *self);
GlossSessionState    gloss_editing_session_get_state         (GlossEditingSession *self);
/* "Could not save FILE: reason" and the like; NULL when there is none. */
const char          *gloss_editing_session_get_last_error    (GlossEditingSession *self);
/* What loading the sidecar found (article changed, anchored counts,
 * warnings); NULL when the sidecar did not exist. */
const GlossSidecarReport *gloss_editing_session_get_report   (GlossEditingSession *self);
/* TRUE once the article's bytes on disk differ from the loaded document. */
gboolean             gloss_editing_session_get_article_changed (GlossEditingSession *self);
/* TRUE while some change is not yet on disk (MODIFIED, SAVING, ERROR,
 * CONFLICT with changes). */
gboolean             gloss_editing_session_has_unsaved_changes (GlossEditingSession *self);

guint                gloss_editing_session_get_autosave_delay (GlossEditingSession *self);
/* Clamped to GLOSS_AUTOSAVE_DELAY_MAX. */
void                 gloss_editing_session_set_autosave_delay (GlossEditingSession *self,
                                                              guint                delay_ms);
/* Number of writes this session made (for status and tests). */
guint                gloss_editing_session_get_n_saves       (GlossEditingSession *self);

/* Writes now, blocking (for closing a window). Fails in CONFLICT (the
 * window must ask first) and when the write fails; the work stays in
 * memory either way. */
gboolean             gloss_editing_session_flush             (GlossEditingSession *self,
                                                              GError             **error);
/* Completes once every change is on disk, or fails as flush does. */
void                 gloss_editing_session_flush_async       (GlossEditingSession *self,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
gboolean             gloss_editing_session_flush_finish      (GlossEditingSession *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);
/* After ERROR: tries the write again now. */
void                 gloss_editing_session_retry             (GlossEditingSession *self);

/* After CONFLICT: discards this session's annotations and undo history
 * and loads the file as it now is. */
void                 gloss_editing_session_reload_async      (GlossEditingSession *self,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
gboolean             gloss_editing_session_reload_finish     (GlossEditingSession *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);
/* After CONFLICT: overwrites the other version with this one, deliberately.
 * Should the file change yet again before the write, the conflict stands. */
void                 gloss_editing_session_keep_mine         (GlossEditingSession *self);

G_END_DECLS
