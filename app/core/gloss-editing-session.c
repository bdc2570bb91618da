/* gloss-editing-session.c: one annotator editing one article, saved as they go
 *
 * Every change of the annotation set (undo and redo included, and changes
 * of its extensions such as review comments) schedules a save after a
 * short delay; the set is serialised on the main thread and
 * the bytes are written atomically in a worker thread.
 *
 * Whether the file on disk is still the one this session knows is decided
 * by content: the SHA-256 of the bytes this session last read or wrote. A
 * lock around every read and write of the file (the Disk below) makes the
 * comparison and the write one step, so that the session's own writes,
 * which the file monitor reports like any other, are never taken for
 * someone else's, and a write never lands over a file that changed since.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-editing-session"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>

#include "gloss-editing-session.h"

/* Monitor events come in bursts (a rename is several events). */
#define CHECK_DELAY_MS 100

G_DEFINE_QUARK (gloss-editing-session-error-quark, gloss_editing_session_error)

G_DEFINE_ENUM_TYPE (GlossSessionState, gloss_session_state,
  G_DEFINE_ENUM_VALUE (GLOSS_SESSION_STATE_SAVED, "saved"),
  G_DEFINE_ENUM_VALUE (GLOSS_SESSION_STATE_MODIFIED, "modified"),
  G_DEFINE_ENUM_VALUE (GLOSS_SESSION_STATE_SAVING, "saving"),
  G_DEFINE_ENUM_VALUE (GLOSS_SESSION_STATE_ERROR, "error"),
  G_DEFINE_ENUM_VALUE (GLOSS_SESSION_STATE_CONFLICT, "conflict"))

/* ------------------------------------------------------------------ */
/* The file on disk, shared with worker threads                        */

typedef struct
{
  gatomicrefcount ref;
  GMutex          mutex;
  GFile          *file;
  char           *name;           /* for messages */
  char           *known_hash;     /* content last read or written; NULL = no file */
  guint64         written_serial; /* newest write that landed (or a reload barrier) */
} Disk;

static Disk *
disk_new (GFile      *file,
          const char *known_hash)
{
  Disk *disk = g_new0 (Disk, 1);

  g_atomic_ref_count_init (&disk->ref);
  g_mutex_init (&disk->mutex);
  disk->file = g_object_ref (file);
  disk->name = g_file_get_parse_name (file);
  disk->known_hash = g_strdup (known_hash);
  return disk;
}

static Disk *
disk_ref (Disk *disk)
{
  g_atomic_ref_count_inc (&disk->ref);
  return disk;
}

static void
disk_unref (Disk *disk)
{
  if (!g_atomic_ref_count_dec (&disk->ref))
    return;
  g_mutex_clear (&disk->mutex);
  g_object_unref (disk->file);
  g_free (disk->name);
  g_free (disk->known_hash);
  g_free (disk);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Disk, disk_unref)

/* Reads @file. A missing file is not an error: *@bytes and *@hash are NULL.
 * Local files are read with open(2) so that a failure is reported with the
 * reason alone, the caller naming the file. */
static gboolean
read_file (GFile         *file,
           GBytes       **bytes,
           char         **hash,
           GCancellable  *cancellable,
           GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) contents = NULL;
  g_autofree char *path = g_file_get_path (file);

  *bytes = NULL;
  *hash = NULL;
  if (path != NULL)
    {
      g_autoptr(GByteArray) buffer = g_byte_array_new ();
      guint8 chunk[65536];
      int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
      int saved_errno;

      if (fd < 0)
        {
          saved_errno = errno;
          if (saved_errno == ENOENT)
            return TRUE;
          g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               g_strerror (saved_errno));
          return FALSE;
        }
      for (;;)
        {
          gssize n = read (fd, chunk, sizeof chunk);

          if (n < 0 && errno == EINTR)
            continue;
          if (n < 0)
            {
              saved_errno = errno;
              close (fd);
              g_set_error_literal (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                                   g_strerror (saved_errno));
              return FALSE;
            }
          if (n == 0)
            break;
          g_byte_array_append (buffer, chunk, (guint) n);
        }
      close (fd);
      contents = g_byte_array_free_to_bytes (g_steal_pointer (&buffer));
    }
  else
    {
      contents = g_file_load_bytes (file, cancellable, NULL, &local_error);
      if (contents == NULL)
        {
          if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
            return TRUE;
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  *hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, contents);
  *bytes = g_steal_pointer (&contents);
  return TRUE;
}

/* Temporary file in the same folder, fsync, rename: the file is the old
 * or the new version, never a mixture. */
static gboolean
write_bytes_atomically (GFile         *file,
                        GBytes        *bytes,
                        GCancellable  *cancellable,
                        GError       **error)
{
  g_autofree char *path = g_file_get_path (file);
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  if (path != NULL)
    return g_file_set_contents_full (path, data, size,
                                     G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                     0644, error);
  return g_file_replace_contents (file, data, size, NULL, FALSE, G_FILE_CREATE_NONE,
                                  NULL, cancellable, error);
}

typedef enum
{
  WRITE_DONE,
  WRITE_SUPERSEDED, /* a newer version landed first, or a reload discarded this one */
  WRITE_CONFLICT,   /* the file is not what this session last read or wrote */
} WriteOutcome;

typedef struct
{
  Disk        *disk;
  GBytes      *bytes;
  char        *hash;
  guint64      serial;
  guint        changes;  /* change count the bytes hold */
  guint        epoch;
  /* out */
  WriteOutcome outcome;
  char        *seen_hash;
} WriteJob;

static void
write_job_free (gpointer data)
{
  WriteJob *job = data;

  disk_unref (job->disk);
  g_bytes_unref (job->bytes);
  g_free (job->hash);
  g_free (job->seen_hash);
  g_free (job);
}

static gboolean
write_job_run (WriteJob      *job,
               GCancellable  *cancellable,
               GError       **error)
{
  Disk *disk = job->disk;
  g_autoptr(GBytes) current = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *current_hash = NULL;
  gboolean ok = TRUE;

  g_mutex_lock (&disk->mutex);

  if (job->serial <= disk->written_serial)
    {
      job->outcome = WRITE_SUPERSEDED;
      goto out;
    }

  if (!read_file (disk->file, &current, &current_hash, cancellable, &local_error))
    {
      g_set_error (error, GLOSS_EDITING_SESSION_ERROR, GLOSS_EDITING_SESSION_ERROR_IO,
                   _("Could not save %s: %s"), disk->name, local_error->message);
      ok = FALSE;
      goto out;
    }
  if (g_strcmp0 (current_hash, disk->known_hash) != 0)
    {
      job->outcome = WRITE_CONFLICT;
      job->seen_hash = g_steal_pointer (&current_hash);
      goto out;
    }

  if (!write_bytes_atomically (disk->file, job->bytes, cancellable, &local_error))
    {
      g_set_error (error, GLOSS_EDITING_SESSION_ERROR, GLOSS_EDITING_SESSION_ERROR_IO,
                   _("Could not save %s: %s"), disk->name, local_error->message);
      ok = FALSE;
      goto out;
    }

  g_free (disk->known_hash);
  disk->known_hash = g_strdup (job->hash);
  disk->written_serial = job->serial;
  job->outcome = WRITE_DONE;

out:
  g_mutex_unlock (&disk->mutex);
  return ok;
}

/* ------------------------------------------------------------------ */

struct _GlossEditingSession
{
  GObject                  parent_instance;

  GFile                   *article_file;
  GFile                   *sidecar_file;
  char                    *annotator_id;
  GlossEditingSessionFlags flags;
  GlossDocument           *document;
  GlossTagset             *tagset;
  GlossAnnotationSet      *set;
  GlossSidecarReport      *report;
  Disk                    *disk;

  GlossSessionState        state;
  char                    *last_error;
  guint                    autosave_delay;
  guint                    n_saves;

  /* Changes are counted; a write records the count it holds. */
  guint                    change_count;
  guint                    saved_changes;
  guint                    epoch;          /* bumped by a reload */
  gint64                   first_unsaved;  /* monotonic µs of the oldest unsaved change, or 0 */
  guint64                  write_serial;
  guint                    save_source;
  gboolean                 saving;
  gboolean                 save_again;
  gboolean                 save_failed;
  gboolean                 force_write;
  gboolean                 reloading;
  gboolean                 in_conflict;
  char                    *conflict_hash;  /* the other program's version, NULL = removed */

  gboolean                 article_changed;
  char                    *article_seen_hash;

  GFileMonitor            *sidecar_monitor;
  GFileMonitor            *article_monitor;
  guint                    sidecar_check_source;
  guint                    article_check_source;
  GCancellable            *cancellable;
  GPtrArray               *flush_tasks;    /* GTask */
};

G_DEFINE_FINAL_TYPE (GlossEditingSession, gloss_editing_session, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_DOCUMENT,
  PROP_TAGSET,
  PROP_ANNOTATION_SET,
  PROP_ARTICLE_FILE,
  PROP_SIDECAR_FILE,
  PROP_ANNOTATOR_ID,
  PROP_STATE,
  PROP_LAST_ERROR,
  PROP_REPORT,
  PROP_ARTICLE_CHANGED,
  PROP_AUTOSAVE_DELAY,
  PROP_N_SAVES,
  N_PROPS
};

enum
{
  SAVED,
  EXTERNAL_CHANGE,
  ARTICLE_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void start_save (GlossEditingSession *self);
static void schedule_save (GlossEditingSession *self);

static void
set_last_error (GlossEditingSession *self,
                const char          *message)
{
  if (g_strcmp0 (self->last_error, message) == 0)
    return;
  g_free (self->last_error);
  self->last_error = g_strdup (message);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_ERROR]);
}

static void
update_state (GlossEditingSession *self)
{
  GlossSessionState state;

  if (self->in_conflict)
    state = GLOSS_SESSION_STATE_CONFLICT;
  else if (self->saving)
    state = GLOSS_SESSION_STATE_SAVING;
  else if (self->save_failed)
    state = GLOSS_SESSION_STATE_ERROR;
  else if (self->change_count != self->saved_changes)
    state = GLOSS_SESSION_STATE_MODIFIED;
  else
    state = GLOSS_SESSION_STATE_SAVED;

  if (state == self->state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static gboolean
is_quiescent (GlossEditingSession *self)
{
  return !self->saving && self->save_source == 0 && !self->reloading;
}

/* Completes pending flushes once nothing more will happen by itself. */
static void
complete_flushes (GlossEditingSession *self)
{
  g_autoptr(GPtrArray) tasks = NULL;

  if (self->flush_tasks->len == 0)
    return;

  /* Someone waits: no point in waiting for the timer. */
  if (!self->saving && !self->reloading && !self->in_conflict
      && (self->save_source != 0
          || (!self->save_failed && self->change_count != self->saved_changes)))
    start_save (self);
  if (!is_quiescent (self))
    return;

  tasks = g_steal_pointer (&self->flush_tasks);
  self->flush_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < tasks->len; i++)
    {
      GTask *task = g_ptr_array_index (tasks, i);

      if (self->in_conflict)
        g_task_return_new_error (task, GLOSS_EDITING_SESSION_ERROR,
                                 GLOSS_EDITING_SESSION_ERROR_CONFLICT, "%s", self->last_error);
      else if (self->save_failed)
        g_task_return_new_error (task, GLOSS_EDITING_SESSION_ERROR,
                                 GLOSS_EDITING_SESSION_ERROR_IO, "%s", self->last_error);
      else
        g_task_return_boolean (task, TRUE);
    }
}

static void
enter_conflict (GlossEditingSession *self,
                const char          *seen_hash)
{
  g_autofree char *message = NULL;

  g_clear_handle_id (&self->save_source, g_source_remove);
  g_free (self->conflict_hash);
  self->conflict_hash = g_strdup (seen_hash);
  self->in_conflict = TRUE;
  self->force_write = FALSE;

  if (seen_hash != NULL)
    message = g_strdup_printf (_("%s was changed by another program; reload it or keep your version"),
                               self->disk->name);
  else
    message = g_strdup_printf (_("%s was removed by another program; reload or keep your version"),
                               self->disk->name);
  set_last_error (self, message);
  update_state (self);
  g_signal_emit (self, signals[EXTERNAL_CHANGE], 0);
  complete_flushes (self);
}

/* Applies a finished write to the session (main thread). */
static void
apply_write (GlossEditingSession *self,
             WriteJob            *job,
             const GError        *error)
{
  if (job->epoch != self->epoch)
    return;

  if (error != NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      self->save_failed = TRUE;
      set_last_error (self, error->message);
      return;
    }

  switch (job->outcome)
    {
    case WRITE_DONE:
      self->n_saves++;
      self->saved_changes = MAX (self->saved_changes, job->changes);
      self->save_failed = FALSE;
      set_last_error (self, NULL);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_SAVES]);
      g_signal_emit (self, signals[SAVED], 0);
      break;

    case WRITE_SUPERSEDED:
      /* The newer write that landed holds these changes too. */
      break;

    case WRITE_CONFLICT:
      if (!self->in_conflict)
        enter_conflict (self, job->seen_hash);
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
save_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  GlossEditingSession *self = GLOSS_EDITING_SESSION (object);
  WriteJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  self->saving = FALSE;
  apply_write (self, job, error);

  if (!self->in_conflict && (self->save_again || self->force_write))
    {
      self->save_again = FALSE;
      if (self->force_write)
        start_save (self);
      else
        schedule_save (self);
    }
  update_state (self);
  complete_flushes (self);
}

static void
save_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (write_job_run (task_data, NULL, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static WriteJob *
write_job_new (GlossEditingSession *self,
               GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  WriteJob *job;

  bytes = gloss_sidecar_to_bytes (self->set, &local_error);
  if (bytes == NULL)
    {
      g_set_error (error, GLOSS_EDITING_SESSION_ERROR, GLOSS_EDITING_SESSION_ERROR_IO,
                   _("Could not save %s: %s"), self->disk->name, local_error->message);
      return NULL;
    }

  job = g_new0 (WriteJob, 1);
  job->disk = disk_ref (self->disk);
  job->hash = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  job->bytes = g_steal_pointer (&bytes);
  job->serial = ++self->write_serial;
  job->changes = self->change_count;
  job->epoch = self->epoch;
  return job;
}

static void
start_save (GlossEditingSession *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  WriteJob *job;

  g_clear_handle_id (&self->save_source, g_source_remove);

  if (self->saving)
    {
      self->save_again = TRUE;
      return;
    }
  if (self->in_conflict || self->reloading)
    return;
  if (!self->force_write && !self->save_failed && self->change_count == self->saved_changes)
    {
      update_state (self);
      return;
    }

  job = write_job_new (self, &error);
  if (job == NULL)
    {
      self->save_failed = TRUE;
      set_last_error (self, error->message);
      update_state (self);
      return;
    }

  self->saving = TRUE;
  self->save_again = FALSE;
  self->force_write = FALSE;
  self->first_unsaved = 0;
  update_state (self);

  task = g_task_new (self, NULL, save_done, NULL);
  g_task_set_source_tag (task, start_save);
  g_task_set_task_data (task, job, write_job_free);
  g_task_run_in_thread (task, save_thread);
}

static gboolean
save_timeout_cb (gpointer user_data)
{
  GlossEditingSession *self = user_data;

  self->save_source = 0;
  start_save (self);
  complete_flushes (self);
  return G_SOURCE_REMOVE;
}

/* Debounced: a burst of changes is one write, at most
 * GLOSS_AUTOSAVE_DELAY_MAX after the first of them. */
static void
schedule_save (GlossEditingSession *self)
{
  gint64 now, fire, cap;

  if (self->in_conflict || self->reloading)
    return;

  now = g_get_monotonic_time ();
  if (self->first_unsaved == 0)
    self->first_unsaved = now;
  if (self->saving)
    {
      self->save_again = TRUE;
      return;
    }

  fire = now + (gint64) self->autosave_delay * 1000;
  cap = self->first_unsaved + (gint64) GLOSS_AUTOSAVE_DELAY_MAX * 1000;
  fire = MAX (MIN (fire, cap), now);

  g_clear_handle_id (&self->save_source, g_source_remove);
  self->save_source = g_timeout_add ((guint) ((fire - now) / 1000), save_timeout_cb, self);
  g_source_set_name_by_id (self->save_source, "[gloss] autosave");
}

static void
on_set_changed (GlossEditingSession *self)
{
  self->change_count++;
  if (self->in_conflict)
    return;
  schedule_save (self);
  update_state (self);
}

static void
on_annotation_added (GlossAnnotationSet  *set,
                     GlossAnnotation     *annotation,
                     GlossEditingSession *self)
{
  on_set_changed (self);
}

static void
on_annotation_changed (GlossAnnotationSet  *set,
                       GlossAnnotation     *annotation,
                       const char          *what,
                       GlossEditingSession *self)
{
  on_set_changed (self);
}

/* A change of the root's extensions (a review comment, a rejection)
 * changes no annotation; one of an annotation's came with its own
 * annotation-changed already. */
static void
on_extensions_changed (GlossAnnotationSet  *set,
                       GlossAnnotation     *annotation,
                       GlossEditingSession *self)
{
  if (annotation == NULL)
    on_set_changed (self);
}

static void
connect_set (GlossEditingSession *self,
             GlossAnnotationSet  *set)
{
  if (self->set != NULL)
    g_signal_handlers_disconnect_by_data (self->set, self);
  g_set_object (&self->set, set);
  if (set == NULL)
    return;
  g_signal_connect (set, "annotation-added", G_CALLBACK (on_annotation_added), self);
  g_signal_connect (set, "annotation-removed", G_CALLBACK (on_annotation_added), self);
  g_signal_connect (set, "annotation-changed", G_CALLBACK (on_annotation_changed), self);
  g_signal_connect (set, "extensions-changed", G_CALLBACK (on_extensions_changed), self);
}

/* ------------------------------------------------------------------ */
/* Watching the files                                                  */

typedef struct
{
  Disk    *disk;
  GFile   *article;
  char    *expected;  /* article: the loaded document's hash */
  guint    epoch;
  gboolean changed;
  char    *seen_hash;
} CheckJob;

static void
check_job_free (gpointer data)
{
  CheckJob *job = data;

  g_clear_pointer (&job->disk, disk_unref);
  g_clear_object (&job->article);
  g_free (job->expected);
  g_free (job->seen_hash);
  g_free (job);
}

static void
check_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CheckJob *job = task_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  if (job->disk != NULL)
    {
      /* Under the lock: a write of ours is either done (and known) or not begun. */
      g_mutex_lock (&job->disk->mutex);
      if (read_file (job->disk->file, &bytes, &job->seen_hash, cancellable, &error))
        job->changed = g_strcmp0 (job->seen_hash, job->disk->known_hash) != 0;
      g_mutex_unlock (&job->disk->mutex);
    }
  else if (read_file (job->article, &bytes, &job->seen_hash, cancellable, &error))
    job->changed = g_strcmp0 (job->seen_hash, job->expected) != 0;

  if (error != NULL)
    g_debug ("Not checked: %s", error->message);
  g_task_return_boolean (task, TRUE);
}

static void
sidecar_check_done (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GlossEditingSession *self = GLOSS_EDITING_SESSION (object);
  CheckJob *job = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    return;
  if (job->epoch != self->epoch || self->reloading || !job->changed)
    return;

  if (!self->in_conflict)
    enter_conflict (self, job->seen_hash);
  else if (g_strcmp0 (job->seen_hash, self->conflict_hash) != 0)
    {
      /* Changed yet again: keep_mine must be judged against this version. */
      g_free (self->conflict_hash);
      self->conflict_hash = g_strdup (job->seen_hash);
      g_signal_emit (self, signals[EXTERNAL_CHANGE], 0);
    }
}

static void
article_check_done (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GlossEditingSession *self = GLOSS_EDITING_SESSION (object);
  CheckJob *job = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), NULL))
    return;

  if (!job->changed)
    {
      g_clear_pointer (&self->article_seen_hash, g_free);
      if (self->article_changed)
        {
          self->article_changed = FALSE;
          g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARTICLE_CHANGED]);
        }
      return;
    }
  if (self->article_changed && g_strcmp0 (self->article_seen_hash, job->seen_hash) == 0)
    return;

  g_free (self->article_seen_hash);
  self->article_seen_hash = g_strdup (job->seen_hash);
  if (!self->article_changed)
    {
      self->article_changed = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ARTICLE_CHANGED]);
    }
  g_signal_emit (self, signals[ARTICLE_CHANGED], 0);
}

static void
start_check (GlossEditingSession *self,
             gboolean             article)
{
  g_autoptr(GTask) task = NULL;
  CheckJob *job = g_new0 (CheckJob, 1);

  job->epoch = self->epoch;
  if (article)
    {
      job->article = g_object_ref (self->article_file);
      job->expected = g_strdup (gloss_document_get_sha256 (self->document));
    }
  else
    job->disk = disk_ref (self->disk);

  task = g_task_new (self, self->cancellable, article ? article_check_done : sidecar_check_done, NULL);
  g_task_set_source_tag (task, start_check);
  g_task_set_task_data (task, job, check_job_free);
  g_task_run_in_thread (task, check_thread);
}

static gboolean
sidecar_check_cb (gpointer user_data)
{
  GlossEditingSession *self = user_data;

  self->sidecar_check_source = 0;
  start_check (self, FALSE);
  return G_SOURCE_REMOVE;
}

static gboolean
article_check_cb (gpointer user_data)
{
  GlossEditingSession *self = user_data;

  self->article_check_source = 0;
  start_check (self, TRUE);
  return G_SOURCE_REMOVE;
}

static void
on_monitor_changed (GFileMonitor        *monitor,
                    GFile               *file,
                    GFile               *other_file,
                    GFileMonitorEvent    event,
                    GlossEditingSession *self)
{
  guint *source;
  GSourceFunc func;

  if (event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED
      || event == G_FILE_MONITOR_EVENT_PRE_UNMOUNT
      || event == G_FILE_MONITOR_EVENT_UNMOUNTED)
    return;

  if (monitor == self->article_monitor)
    {
      source = &self->article_check_source;
      func = article_check_cb;
    }
  else
    {
      source = &self->sidecar_check_source;
      func = sidecar_check_cb;
    }
  g_clear_handle_id (source, g_source_remove);
  *source = g_timeout_add (CHECK_DELAY_MS, func, self);
}

static GFileMonitor *
monitor_file (GlossEditingSession *self,
              GFile               *file)
{
  g_autoptr(GError) error = NULL;
  GFileMonitor *monitor;

  monitor = g_file_monitor_file (file, G_FILE_MONITOR_WATCH_HARD_LINKS, NULL, &error);
  if (monitor == NULL)
    {
      /* Saving still refuses to overwrite a changed file. */
      g_autofree char *name = g_file_get_parse_name (file);

      g_warning ("Changes to %s by other programs will be noticed only on save: %s",
                 name, error->message);
      return NULL;
    }
  g_signal_connect (monitor, "changed", G_CALLBACK (on_monitor_changed), self);
  return monitor;
}

/* ------------------------------------------------------------------ */
/* GObject                                                             */

static void
gloss_editing_session_dispose (GObject *object)
{
  GlossEditingSession *self = GLOSS_EDITING_SESSION (object);

  /* The window flushes before it lets go; this is the last resort. */
  if (self->set != NULL && !self->in_conflict && gloss_editing_session_has_unsaved_changes (self))
    {
      g_autoptr(GError) error = NULL;

      if (!gloss_editing_session_flush (self, &error))
        g_warning ("%s", error->message);
    }

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->save_source, g_source_remove);
  g_clear_handle_id (&self->sidecar_check_source, g_source_remove);
  g_clear_handle_id (&self->article_check_source, g_source_remove);
  if (self->sidecar_monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->sidecar_monitor, self);
      g_file_monitor_cancel (self->sidecar_monitor);
      g_clear_object (&self->sidecar_monitor);
    }
  if (self->article_monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->article_monitor, self);
      g_file_monitor_cancel (self->article_monitor);
      g_clear_object (&self->article_monitor);
    }
  connect_set (self, NULL);

  G_OBJECT_CLASS (gloss_editing_session_parent_class)->dispose (object);
}

static void
gloss_editing_session_finalize (GObject *object)
{
  GlossEditingSession *self = GLOSS_EDITING_SESSION (object);

  g_clear_object (&self->article_file);
  g_clear_object (&self->sidecar_file);
  g_clear_object (&self->document);
  g_clear_object (&self->tagset);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->report, gloss_sidecar_report_free);
  g_clear_pointer (&self->disk, disk_unref);
  g_clear_pointer (&self->flush_tasks, g_ptr_array_unref);
  g_free (self->annotator_id);
  g_free (self->last_error);
  g_free (self->conflict_hash);
  g_free (self->article_seen_hash);

  G_OBJECT_CLASS (gloss_editing_session_parent_class)->finalize (object);
}

static void
gloss_editing_session_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  GlossEditingSession *self = GLOSS_EDITING_SESSION (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;
    case PROP_TAGSET:
      g_value_set_object (value, self->tagset);
      break;
    case PROP_ANNOTATION_SET:
      g_value_set_object (value, self->set);
      break;
    case PROP_ARTICLE_FILE:
      g_value_set_object (value, self->article_file);
      break;
    case PROP_SIDECAR_FILE:
      g_value_set_object (value, self->sidecar_file);
      break;
    case PROP_ANNOTATOR_ID:
      g_value_set_string (value, self->annotator_id);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_LAST_ERROR:
      g_value_set_string (value, self->last_error);
      break;
    case PROP_REPORT:
      g_value_set_pointer (value, self->report);
      break;
    case PROP_ARTICLE_CHANGED:
      g_value_set_boolean (value, self->article_changed);
      break;
    case PROP_AUTOSAVE_DELAY:
      g_value_set_uint (value, self->autosave_delay);
      break;
    case PROP_N_SAVES:
      g_value_set_uint (value, self->n_saves);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_editing_session_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  GlossEditingSession *self = GLOSS_EDITING_SESSION (object);

  switch (prop_id)
    {
    case PROP_AUTOSAVE_DELAY:
      gloss_editing_session_set_autosave_delay (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_editing_session_class_init (GlossEditingSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = gloss_editing_session_dispose;
  object_class->finalize = gloss_editing_session_finalize;
  object_class->get_property = gloss_editing_session_get_property;
  object_class->set_property = gloss_editing_session_set_property;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL, GLOSS_TYPE_DOCUMENT, ro);
  properties[PROP_TAGSET] =
    g_param_spec_object ("tagset", NULL, NULL, GLOSS_TYPE_TAGSET, ro);
  properties[PROP_ANNOTATION_SET] =
    g_param_spec_object ("annotation-set", NULL, NULL, GLOSS_TYPE_ANNOTATION_SET, ro);
  properties[PROP_ARTICLE_FILE] =
    g_param_spec_object ("article-file", NULL, NULL, G_TYPE_FILE, ro);
  properties[PROP_SIDECAR_FILE] =
    g_param_spec_object ("sidecar-file", NULL, NULL, G_TYPE_FILE, ro);
  properties[PROP_ANNOTATOR_ID] =
    g_param_spec_string ("annotator-id", NULL, NULL, NULL, ro);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, GLOSS_TYPE_SESSION_STATE,
                       GLOSS_SESSION_STATE_SAVED, ro);
  properties[PROP_LAST_ERROR] =
    g_param_spec_string ("last-error", NULL, NULL, NULL, ro);
  /* A const GlossSidecarReport *, or NULL. */
  properties[PROP_REPORT] =
    g_param_spec_pointer ("report", NULL, NULL, ro);
  properties[PROP_ARTICLE_CHANGED] =
    g_param_spec_boolean ("article-changed", NULL, NULL, FALSE, ro);
  properties[PROP_AUTOSAVE_DELAY] =
    g_param_spec_uint ("autosave-delay", NULL, NULL, 0, GLOSS_AUTOSAVE_DELAY_MAX,
                       GLOSS_AUTOSAVE_DELAY_DEFAULT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_SAVES] =
    g_param_spec_uint ("n-saves", NULL, NULL, 0, G_MAXUINT, 0, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* After each write of the sidecar. */
  signals[SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Another program changed or removed the sidecar: state is CONFLICT. */
  signals[EXTERNAL_CHANGE] =
    g_signal_new ("external-change", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The article's bytes on disk no longer match the document. Nothing is
   * done about it here. */
  signals[ARTICLE_CHANGED] =
    g_signal_new ("article-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
gloss_editing_session_init (GlossEditingSession *self)
{
  self->autosave_delay = GLOSS_AUTOSAVE_DELAY_DEFAULT;
  self->state = GLOSS_SESSION_STATE_SAVED;
  self->cancellable = g_cancellable_new ();
  self->flush_tasks = g_ptr_array_new_with_free_func (g_object_unref);
}

/* ------------------------------------------------------------------ */
/* Opening                                                             */

typedef struct
{
  GFile                   *article;
  char                    *annotator_id;
  char                    *annotator_name;
  GlossTagset             *tagset;
  GlossEditingSessionFlags flags;
  /* out */
  GFile                   *sidecar;
  GlossDocument           *document;
  GlossAnnotationSet      *set;
  GlossSidecarReport      *report;
  char                    *hash;
} OpenJob;

static void
open_job_free (gpointer data)
{
  OpenJob *job = data;

  g_clear_object (&job->article);
  g_free (job->annotator_id);
  g_free (job->annotator_name);
  g_clear_object (&job->tagset);
  g_clear_object (&job->sidecar);
  g_clear_object (&job->document);
  g_clear_object (&job->set);
  g_clear_pointer (&job->report, gloss_sidecar_report_free);
  g_free (job->hash);
  g_free (job);
}

static gboolean
check_annotator (const char               *annotator_id,
                 GlossEditingSessionFlags  flags,
                 GError                  **error)
{
  if (!gloss_annotator_id_is_valid (annotator_id))
    {
      g_set_error (error, GLOSS_EDITING_SESSION_ERROR, GLOSS_EDITING_SESSION_ERROR_ANNOTATOR,
                   _("“%s” is not a valid annotator id: use lower-case letters, digits, "
                     "“.”, “_” and “-”, at most 64"), annotator_id != NULL ? annotator_id : "");
      return FALSE;
    }
  if (g_strcmp0 (annotator_id, GLOSS_ANNOTATOR_GOLD) == 0
      && (flags & GLOSS_EDITING_SESSION_FLAGS_ALLOW_GOLD) == 0)
    {
      g_set_error (error, GLOSS_EDITING_SESSION_ERROR, GLOSS_EDITING_SESSION_ERROR_ANNOTATOR,
                   _("The annotator id “%s” is reserved for adjudicated annotations; "
                     "choose another one"), GLOSS_ANNOTATOR_GOLD);
      return FALSE;
    }
  return TRUE;
}

/* Loads the sidecar (or makes an empty set when there is none) for
 * @annotator_id; the file must be that annotator's. */
static GlossAnnotationSet *
load_sidecar (GFile               *sidecar,
              GlossDocument       *document,
              GlossTagset         *tagset,
              const char          *annotator_id,
              const char          *annotator_name,
              GlossSidecarReport **report,
              char               **hash,
              GCancellable        *cancellable,
              GError             **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GlossAnnotationSet) set = NULL;
  g_autofree char *name = g_file_get_parse_name (sidecar);
  const char *owner;

  *report = NULL;
  if (!read_file (sidecar, &bytes, hash, cancellable, &local_error))
    {
      g_set_error (error, GLOSS_EDITING_SESSION_ERROR, GLOSS_EDITING_SESSION_ERROR_IO,
                   _("Could not read %s: %s"), name, local_error->message);
      return NULL;
    }
  if (bytes == NULL)
    return gloss_annotation_set_new (document, tagset, annotator_id, annotator_name);

  set = gloss_sidecar_load_bytes (bytes, name, document, tagset, report, error);
  if (set == NULL)
    {
      g_clear_pointer (hash, g_free);
      return NULL;
    }

  owner = gloss_annotation_set_get_annotator_id (set);
  if (g_strcmp0 (owner, annotator_id) != 0)
    {
      g_set_error (error, GLOSS_EDITING_SESSION_ERROR, GLOSS_EDITING_SESSION_ERROR_FOREIGN,
                   _("%s holds the annotations of “%s”, not of “%s”; it is left as it is"),
                   name, owner, annotator_id);
      g_clear_pointer (report, gloss_sidecar_report_free);
      g_clear_pointer (hash, g_free);
      return NULL;
    }
  if (annotator_name != NULL && *annotator_name != '\0'
      && g_strcmp0 (gloss_annotation_set_get_annotator_name (set), annotator_name) != 0)
    gloss_annotation_set_set_annotator_name (set, annotator_name);

  return g_steal_pointer (&set);
}

static gboolean
open_job_run (OpenJob       *job,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GFile) folder = g_file_get_parent (job->article);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *basename = g_file_get_basename (job->article);
  g_autofree char *sidecar_name = NULL;

  if (folder == NULL || basename == NULL)
    {
      g_set_error (error, GLOSS_EDITING_SESSION_ERROR, GLOSS_EDITING_SESSION_ERROR_IO,
                   _("%s is not an article in a folder"), g_file_peek_path (job->article));
      return FALSE;
    }

  job->document = gloss_document_load (job->article, cancellable, &local_error);
  if (job->document == NULL)
    {
      if (local_error->domain == G_IO_ERROR)
        {
          g_autofree char *name = g_file_get_parse_name (job->article);

          g_set_error (error, GLOSS_EDITING_SESSION_ERROR, GLOSS_EDITING_SESSION_ERROR_IO,
                       _("Could not open %s: %s"), name, local_error->message);
        }
      else
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  if (job->tagset == NULL)
    {
      job->tagset = gloss_tagset_load_for_folder (folder, cancellable, error);
      if (job->tagset == NULL)
        return FALSE;
    }

  sidecar_name = gloss_sidecar_build_name (basename, job->annotator_id);
  job->sidecar = g_file_get_child (folder, sidecar_name);
  job->set = load_sidecar (job->sidecar, job->document, job->tagset, job->annotator_id,
                           job->annotator_name, &job->report, &job->hash, cancellable, error);
  return job->set != NULL;
}

static void
open_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (open_job_run (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static OpenJob *
open_job_new (GFile                   *article,
              const char              *annotator_id,
              const char              *annotator_name,
              GlossTagset             *tagset,
              GlossEditingSessionFlags flags)
{
  OpenJob *job = g_new0 (OpenJob, 1);

  job->article = g_object_ref (article);
  job->annotator_id = g_strdup (annotator_id);
  job->annotator_name = g_strdup (annotator_name);
  job->tagset = tagset != NULL ? g_object_ref (tagset) : NULL;
  job->flags = flags;
  return job;
}

/* Builds the session on the caller's thread, so that its monitors and
 * timeouts belong to the caller's main context. */
static GlossEditingSession *
session_new_from_job (OpenJob *job)
{
  GlossEditingSession *self = g_object_new (GLOSS_TYPE_EDITING_SESSION, NULL);

  self->article_file = g_object_ref (job->article);
  self->sidecar_file = g_steal_pointer (&job->sidecar);
  self->annotator_id = g_strdup (job->annotator_id);
  self->flags = job->flags;
  self->document = g_steal_pointer (&job->document);
  self->tagset = g_steal_pointer (&job->tagset);
  self->report = g_steal_pointer (&job->report);
  self->disk = disk_new (self->sidecar_file, job->hash);
  connect_set (self, job->set);
  g_clear_object (&job->set);

  self->sidecar_monitor = monitor_file (self, self->sidecar_file);
  self->article_monitor = monitor_file (self, self->article_file);
  return self;
}

void
gloss_editing_session_open_async (GFile                   *article,
                                  const char              *annotator_id,
                                  const char              *annotator_name,
                                  GlossTagset             *tagset,
                                  GlossEditingSessionFlags flags,
                                  GCancellable            *cancellable,
                                  GAsyncReadyCallback      callback,
                                  gpointer                 user_data)
{
  g_autoptr(GTask) task = NULL;
  GError *error = NULL;

  g_return_if_fail (G_IS_FILE (article));
  g_return_if_fail (tagset == NULL || GLOSS_IS_TAGSET (tagset));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gloss_editing_session_open_async);
  if (!check_annotator (annotator_id, flags, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_set_task_data (task, open_job_new (article, annotator_id, annotator_name, tagset, flags),
                        open_job_free);
  g_task_run_in_thread (task, open_thread);
}

GlossEditingSession *
gloss_editing_session_open_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gloss_editing_session_open_async,
                        NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  return session_new_from_job (g_task_get_task_data (G_TASK (result)));
}

GlossEditingSession *
gloss_editing_session_open (GFile                   *article,
                            const char              *annotator_id,
                            const char              *annotator_name,
                            GlossTagset             *tagset,
                            GlossEditingSessionFlags flags,
                            GCancellable            *cancellable,
                            GError                 **error)
{
  OpenJob *job;
  GlossEditingSession *self = NULL;

  g_return_val_if_fail (G_IS_FILE (article), NULL);
  g_return_val_if_fail (tagset == NULL || GLOSS_IS_TAGSET (tagset), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_annotator (annotator_id, flags, error))
    return NULL;
  job = open_job_new (article, annotator_id, annotator_name, tagset, flags);
  if (open_job_run (job, cancellable, error))
    self = session_new_from_job (job);
  open_job_free (job);
  return self;
}

/* ------------------------------------------------------------------ */
/* Accessors                                                           */

GlossDocument *
gloss_editing_session_get_document (GlossEditingSession *self)
{
  g_return_val_if_fail (GLOSS_IS_EDITING_SESSION (self), NULL);
  return self->document;
}

GlossTagset *
gloss_editing_session_get_tagset (GlossEditingSession *self)
{
  g_return_val_if_fail (GLOSS_IS_EDITING_SESSION (self), NULL);
  return self->tagset;
}

GlossAnnotationSet *
gloss_editing_session_get_annotation_set (GlossEditingSession *self)
{
  g_return_val_if_fail (GLOSS_IS_EDITING_SESSION (self), NULL);
  return self->set;
}

GFile *
gloss_editing_session_get_article_file (GlossEditingSession *self)
{
  g_return_val_if_fail (GLOSS_IS_EDITING_SESSION (self), NULL);
  return self->article_file;
}

GFile *
gloss_editing_session_get_sidecar_file (GlossEditingSession *self)
{
  g_return_val_if_fail (GLOSS_IS_EDITING_SESSION (self), NULL);
  return self->sidecar_file;
}

const char *
gloss_editing_session_get_annotator_id (GlossEditingSession *self)
{
  g_return_val_if_fail (GLOSS_IS_EDITING_SESSION (self), NULL);
  return self->annotator_id;
}

GlossSessionState
gloss_editing_session_get_state (GlossEditingSession *self)
{
  g_return_val_if_fail (GLOSS_IS_EDITING_SESSION (self), GLOSS_SESSION_STATE_SAVED);
  return self->state;
}

const char *
gloss_editing_session_get_last_error (GlossEditingSession *self)
{
  g_return_val_if_fail (GLOSS_IS_EDITING_SESSION (self), NULL);
  return self->last_error;
}

const GlossSidecarReport *
gloss_editing_session_get_report (GlossEditingSession *self)
{
  g_return_val_if_fail (GLOSS_IS_EDITING_SESSION (self), NULL);
  return self->report;
}

gboolean
gloss_editing_session_get_article_changed (GlossEditingSession *self)
{
  g_return_val_if_fail (GLOSS_IS_EDITING_SESSION (self), FALSE);
  return self->article_changed;
}

gboolean
gloss_editing_session_has_unsaved_changes (GlossEditingSession *self)
{
  g_return_val_if_fail (GLOSS_IS_EDITING_SESSION (self), FALSE);
  return self->change_count != self->saved_changes || self->save_failed || self->force_write;
}

guint
gloss_editing_session_get_autosave_delay (GlossEditingSession *self)
{
  g_return_val_if_fail (GLOSS_IS_EDITING_SESSION (self), 0);
  return self->autosave_delay;
}

void
gloss_editing_session_set_autosave_delay (GlossEditingSession *self,
                                          guint                delay_ms)
{
  g_return_if_fail (GLOSS_IS_EDITING_SESSION (self));

  delay_ms = MIN (delay_ms, GLOSS_AUTOSAVE_DELAY_MAX);
  if (self->autosave_delay == delay_ms)
    return;
  self->autosave_delay = delay_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_AUTOSAVE_DELAY]);
}

guint
gloss_editing_session_get_n_saves (GlossEditingSession *self)
{
  g_return_val_if_fail (GLOSS_IS_EDITING_SESSION (self), 0);
  return self->n_saves;
}

/* ------------------------------------------------------------------ */
/* Flush, retry, reload, keep mine                                     */

gboolean
gloss_editing_session_flush (GlossEditingSession *self,
                             GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  WriteJob *job;
  gboolean ok;

  g_return_val_if_fail (GLOSS_IS_EDITING_SESSION (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->in_conflict)
    {
      g_set_error (error, GLOSS_EDITING_SESSION_ERROR, GLOSS_EDITING_SESSION_ERROR_CONFLICT,
                   "%s", self->last_error);
      return FALSE;
    }

  g_clear_handle_id (&self->save_source, g_source_remove);
  if (!gloss_editing_session_has_unsaved_changes (self) && !self->saving)
    return TRUE;

  /* Even with a write under way: this one waits for it on the lock, and the
   * older one is skipped if it has not begun. */
  job = write_job_new (self, &local_error);
  if (job != NULL)
    {
      self->force_write = FALSE;
      self->first_unsaved = 0;
      write_job_run (job, NULL, &local_error);
      apply_write (self, job, local_error);
      write_job_free (job);
    }
  else
    {
      self->save_failed = TRUE;
      set_last_error (self, local_error->message);
    }
  update_state (self);

  ok = !self->in_conflict && !self->save_failed;
  if (!ok)
    g_set_error (error, GLOSS_EDITING_SESSION_ERROR,
                 self->in_conflict ? GLOSS_EDITING_SESSION_ERROR_CONFLICT
                                   : GLOSS_EDITING_SESSION_ERROR_IO,
                 "%s", self->last_error);
  complete_flushes (self);
  return ok;
}

void
gloss_editing_session_flush_async (GlossEditingSession *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GLOSS_IS_EDITING_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gloss_editing_session_flush_async);
  g_ptr_array_add (self->flush_tasks, task);

  if (self->save_failed)
    self->force_write = TRUE;
  if (!self->in_conflict && !self->saving && gloss_editing_session_has_unsaved_changes (self))
    start_save (self);
  complete_flushes (self);
}

gboolean
gloss_editing_session_flush_finish (GlossEditingSession *self,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  g_return_val_if_fail (GLOSS_IS_EDITING_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
gloss_editing_session_retry (GlossEditingSession *self)
{
  g_return_if_fail (GLOSS_IS_EDITING_SESSION (self));

  if (self->in_conflict)
    return;
  self->force_write = self->save_failed || self->force_write;
  start_save (self);
}

void
gloss_editing_session_keep_mine (GlossEditingSession *self)
{
  g_return_if_fail (GLOSS_IS_EDITING_SESSION (self));

  if (!self->in_conflict)
    return;

  /* The version seen is now the one this session knowingly replaces; a
   * later change on disk still stops the write. */
  g_mutex_lock (&self->disk->mutex);
  g_free (self->disk->known_hash);
  self->disk->known_hash = g_strdup (self->conflict_hash);
  g_mutex_unlock (&self->disk->mutex);

  g_clear_pointer (&self->conflict_hash, g_free);
  self->in_conflict = FALSE;
  self->force_write = TRUE;
  set_last_error (self, NULL);
  start_save (self);
  update_state (self);
}

typedef struct
{
  Disk               *disk;
  GlossDocument      *document;
  GlossTagset        *tagset;
  char               *annotator_id;
  char               *annotator_name;
  guint64             barrier;
  /* out */
  GlossAnnotationSet *set;
  GlossSidecarReport *report;
} ReloadJob;

static void
reload_job_free (gpointer data)
{
  ReloadJob *job = data;

  disk_unref (job->disk);
  g_object_unref (job->document);
  g_object_unref (job->tagset);
  g_free (job->annotator_id);
  g_free (job->annotator_name);
  g_clear_object (&job->set);
  g_clear_pointer (&job->report, gloss_sidecar_report_free);
  g_free (job);
}

static void
reload_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ReloadJob *job = task_data;
  Disk *disk = job->disk;
  g_autofree char *hash = NULL;
  GError *error = NULL;

  g_mutex_lock (&disk->mutex);
  /* Writes issued before the reload must not land after it. */
  disk->written_serial = MAX (disk->written_serial, job->barrier);
  job->set = load_sidecar (disk->file, job->document, job->tagset, job->annotator_id,
                           job->annotator_name, &job->report, &hash, cancellable, &error);
  if (job->set != NULL)
    {
      g_free (disk->known_hash);
      disk->known_hash = g_steal_pointer (&hash);
    }
  g_mutex_unlock (&disk->mutex);

  if (job->set != NULL)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
reload_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GlossEditingSession *self = GLOSS_EDITING_SESSION (object);
  GTask *task = user_data;
  ReloadJob *job = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  self->reloading = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      g_object_unref (task);
      update_state (self);
      complete_flushes (self);
      return;
    }

  /* Everything of the old set is dropped, its pending writes included. */
  self->epoch++;
  g_clear_handle_id (&self->save_source, g_source_remove);
  self->change_count = self->saved_changes = 0;
  self->first_unsaved = 0;
  self->save_again = self->save_failed = self->force_write = FALSE;
  self->in_conflict = FALSE;
  g_clear_pointer (&self->conflict_hash, g_free);
  g_clear_pointer (&self->report, gloss_sidecar_report_free);
  self->report = g_steal_pointer (&job->report);
  connect_set (self, job->set);
  set_last_error (self, NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ANNOTATION_SET]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORT]);
  update_state (self);
  complete_flushes (self);

  g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

void
gloss_editing_session_reload_async (GlossEditingSession *self,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) inner = NULL;
  GTask *task;
  ReloadJob *job;

  g_return_if_fail (GLOSS_IS_EDITING_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gloss_editing_session_reload_async);
  if (self->reloading)
    {
      g_task_return_new_error (task, GLOSS_EDITING_SESSION_ERROR,
                               GLOSS_EDITING_SESSION_ERROR_BUSY,
                               _("%s is already being reloaded"), self->disk->name);
      g_object_unref (task);
      return;
    }

  self->reloading = TRUE;
  g_clear_handle_id (&self->save_source, g_source_remove);

  job = g_new0 (ReloadJob, 1);
  job->disk = disk_ref (self->disk);
  job->document = g_object_ref (self->document);
  job->tagset = g_object_ref (self->tagset);
  job->annotator_id = g_strdup (self->annotator_id);
  /* The other version as it is, name included. */
  job->annotator_name = NULL;
  job->barrier = self->write_serial;

  inner = g_task_new (self, cancellable, reload_done, task);
  g_task_set_source_tag (inner, reload_thread);
  g_task_set_task_data (inner, job, reload_job_free);
  g_task_run_in_thread (inner, reload_thread);
}

gboolean
gloss_editing_session_reload_finish (GlossEditingSession *self,
                                     GAsyncResult        *result,
                                     GError             **error)
{
  g_return_val_if_fail (GLOSS_IS_EDITING_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
