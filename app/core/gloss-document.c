/* gloss-document.c: one article's text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-document"

#include "config.h"

#include <string.h>

#include "gloss-document.h"
#include "gloss-sha256-private.h"

/* A document is immutable once built, so it may be read from any thread.
 *
 * Offsets are Unicode code points. Turning an offset into a byte index must
 * stay cheap on large articles (a sidecar with 100 000 spans converts every
 * one of them), so the byte index of every CHECKPOINT_INTERVAL-th code point
 * is kept: a lookup is one table read plus a walk of fewer than
 * CHECKPOINT_INTERVAL characters. When the text is pure ASCII (byte length
 * equals code-point length) the table is not kept at all.
 *
 * Out-of-range arguments: offsets past the end of the text and byte indexes
 * past the end of the text are clamped to the end; a byte index inside a
 * multi-byte character maps to that character's offset; a start after its
 * end is a programming error (g_return_val_if_fail). Lines past the last one
 * and columns past the end of their line are clamped as well. */

#define CHECKPOINT_SHIFT    6
#define CHECKPOINT_INTERVAL (1u << CHECKPOINT_SHIFT)

#define UTF8_BOM     "\xEF\xBB\xBF"
#define UTF8_BOM_LEN 3

struct _GlossDocument
{
  GObject  parent_instance;

  GFile   *file;
  char    *name;
  char    *sha256;

  /* The buffer holds the text (after any byte-order mark), always followed
   * by a NUL byte. */
  char    *buffer;
  const char *text;
  gsize    n_bytes;
  guint    length;

  /* Byte index of code point k * CHECKPOINT_INTERVAL; NULL for ASCII. */
  guint32 *checkpoints;
  guint    n_checkpoints;

  /* Offset at which each line starts; line_starts[0] == 0. */
  guint32 *line_starts;
  guint    n_lines;

  guint    has_bom : 1;
};

G_DEFINE_FINAL_TYPE (GlossDocument, gloss_document, G_TYPE_OBJECT)

G_DEFINE_QUARK (gloss-document-error-quark, gloss_document_error)

enum {
  PROP_0,
  PROP_FILE,
  PROP_NAME,
  PROP_LENGTH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
gloss_document_finalize (GObject *object)
{
  GlossDocument *self = (GlossDocument *) object;

  g_clear_object (&self->file);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->sha256, g_free);
  g_clear_pointer (&self->buffer, g_free);
  g_clear_pointer (&self->checkpoints, g_free);
  g_clear_pointer (&self->line_starts, g_free);

  G_OBJECT_CLASS (gloss_document_parent_class)->finalize (object);
}

static void
gloss_document_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  GlossDocument *self = GLOSS_DOCUMENT (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_LENGTH:
      g_value_set_uint (value, self->length);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_document_class_init (GlossDocumentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gloss_document_finalize;
  object_class->get_property = gloss_document_get_property;

  /**
   * GlossDocument:file:
   *
   * The file the text was read from, or %NULL when it came from memory.
   */
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GlossDocument:name:
   *
   * The file's base name, or the name given when loading from memory; used
   * in messages.
   */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * GlossDocument:length:
   *
   * The length of the text in Unicode code points.
   */
  properties[PROP_LENGTH] =
    g_param_spec_uint ("length", NULL, NULL,
                       0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gloss_document_init (GlossDocument *self)
{
}

/* Counts code points and lines in valid UTF-8 up to @end and returns the
 * 1-based line and column of @end, for messages. */
static void
locate_for_message (const char *text,
                    const char *end,
                    guint      *line,
                    guint      *column)
{
  guint l = 1;
  guint c = 1;

  for (const char *p = text; p < end; p++)
    {
      if (*p == '\n')
        {
          l++;
          c = 1;
        }
      else if (((guchar) *p & 0xC0) != 0x80)
        {
          c++;
        }
    }

  *line = l;
  *column = c;
}

/* @text is already known to be free of NUL bytes and valid UTF-8. Fills in
 * the length, the checkpoint table and the line index in one pass. */
static void
build_index (GlossDocument *self)
{
  const guchar *p = (const guchar *) self->text;
  gsize n = self->n_bytes;
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint32 *checkpoints;
  guint32 offset = 0;
  guint32 zero = 0;
  guint n_checkpoints = 0;

  g_assert (n <= G_MAXUINT32);

  /* One more than needed when the length is an exact multiple. */
  checkpoints = g_new (guint32, n / CHECKPOINT_INTERVAL + 1);

  g_array_append_val (lines, zero);

  for (gsize i = 0; i < n; i++)
    {
      guchar c = p[i];

      if ((c & 0xC0) == 0x80)
        continue;

      if ((offset & (CHECKPOINT_INTERVAL - 1)) == 0)
        checkpoints[n_checkpoints++] = (guint32) i;

      offset++;

      if (c == '\n')
        g_array_append_val (lines, offset);
    }

  self->length = offset;

  if ((gsize) offset == n)
    {
      /* Pure ASCII: offsets are byte indexes. */
      g_free (checkpoints);
    }
  else
    {
      self->checkpoints = g_renew (guint32, checkpoints, MAX (n_checkpoints, 1));
      self->n_checkpoints = n_checkpoints;
    }

  self->n_lines = lines->len;
  self->line_starts = (guint32 *) (gpointer) g_array_free (g_steal_pointer (&lines), FALSE);
}

/* Checks that @text holds valid UTF-8 without NUL bytes. @bom_len is added
 * to byte positions in messages so that they count from the start of the
 * file. */
static gboolean
check_text (const char  *name,
            const char  *text,
            gsize        n_bytes,
            gsize        bom_len,
            GError     **error)
{
  const char *end = NULL;
  guint line;
  guint column;

  if (g_utf8_validate_len (text, n_bytes, &end))
    return TRUE;

  locate_for_message (text, end, &line, &column);

  if (*end == '\0')
    g_set_error (error, GLOSS_DOCUMENT_ERROR, GLOSS_DOCUMENT_ERROR_INVALID_UTF8,
                 "%s: NUL byte at byte %" G_GSIZE_FORMAT " (line %u, column %u); "
                 "a text article cannot contain NUL bytes (is this a binary "
                 "or UTF-16 file?)",
                 name, (gsize) (end - text) + bom_len, line, column);
  else
    g_set_error (error, GLOSS_DOCUMENT_ERROR, GLOSS_DOCUMENT_ERROR_INVALID_UTF8,
                 "%s: invalid UTF-8 at byte %" G_GSIZE_FORMAT " (line %u, column %u); "
                 "if the file is in another encoding, convert it (for example "
                 "from windows-1252)",
                 name, (gsize) (end - text) + bom_len, line, column);

  return FALSE;
}

static gboolean
check_size (const char  *name,
            guint64      n_bytes,
            GError     **error)
{
  if (n_bytes <= GLOSS_DOCUMENT_MAX_BYTES)
    return TRUE;

  g_set_error (error, GLOSS_DOCUMENT_ERROR, GLOSS_DOCUMENT_ERROR_TOO_LARGE,
               "%s: the file is %" G_GUINT64_FORMAT " MiB; articles larger than %"
               G_GSIZE_FORMAT " MiB are not supported (split it into smaller files)",
               name,
               (n_bytes + 1024 * 1024 - 1) / (1024 * 1024),
               GLOSS_DOCUMENT_MAX_BYTES / (1024 * 1024));
  return FALSE;
}

/* Takes @buffer, which holds @n_bytes bytes followed by a NUL byte. The
 * SHA-256 is that of all @n_bytes, a byte-order mark included. */
static GlossDocument *
document_new_take (const char  *name,
                   GFile       *file,
                   char        *buffer,
                   gsize        n_bytes,
                   GError     **error)
{
  g_autofree char *owned = buffer;
  g_autoptr(GlossDocument) self = NULL;
  gsize bom_len = 0;

  if (!check_size (name, n_bytes, error))
    return NULL;

  if (n_bytes >= UTF8_BOM_LEN && memcmp (buffer, UTF8_BOM, UTF8_BOM_LEN) == 0)
    bom_len = UTF8_BOM_LEN;

  if (!check_text (name, buffer + bom_len, n_bytes - bom_len, bom_len, error))
    return NULL;

  self = g_object_new (GLOSS_TYPE_DOCUMENT, NULL);
  self->name = g_strdup (name);
  g_set_object (&self->file, file);
  self->sha256 = _gloss_sha256_hex ((const guint8 *) buffer, n_bytes);
  self->buffer = g_steal_pointer (&owned);
  self->text = self->buffer + bom_len;
  self->n_bytes = n_bytes - bom_len;
  self->has_bom = bom_len > 0;

  build_index (self);

  return g_steal_pointer (&self);
}

/**
 * gloss_document_new_from_bytes:
 * @name: the name used in messages (usually the file's base name)
 * @bytes: the article's bytes, UTF-8 with or without a byte-order mark
 * @error: return location for a #GError
 *
 * Builds a document from bytes in memory. The bytes are copied.
 *
 * Returns: (transfer full): a new document, or %NULL with @error set when
 *   the bytes are not valid UTF-8, contain a NUL byte or are too large
 */
GlossDocument *
gloss_document_new_from_bytes (const char  *name,
                               GBytes      *bytes,
                               GError     **error)
{
  const char *data;
  gsize n_bytes;
  char *buffer;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &n_bytes);

  if (!check_size (name, n_bytes, error))
    return NULL;

  buffer = g_malloc (n_bytes + 1);
  if (n_bytes > 0)
    memcpy (buffer, data, n_bytes);
  buffer[n_bytes] = '\0';

  return document_new_take (name, NULL, buffer, n_bytes, error);
}

/**
 * gloss_document_new_from_bytes_converted:
 * @name: the name used in messages
 * @bytes: the article's bytes in @encoding
 * @encoding: an encoding name iconv knows, such as "windows-1252"
 * @error: return location for a #GError
 *
 * Builds a document from bytes in another encoding. The text is converted
 * to UTF-8; the SHA-256 is still that of the original bytes, so that it
 * matches the file on disk.
 *
 * Returns: (transfer full): a new document, or %NULL with @error set
 */
GlossDocument *
gloss_document_new_from_bytes_converted (const char  *name,
                                         GBytes      *bytes,
                                         const char  *encoding,
                                         GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GlossDocument) self = NULL;
  g_autofree char *converted = NULL;
  const char *data;
  gsize n_bytes;
  gsize bytes_read = 0;
  gsize bytes_written = 0;
  gsize bom_len = 0;
  const char *end = NULL;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (encoding != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  data = g_bytes_get_data (bytes, &n_bytes);

  if (!check_size (name, n_bytes, error))
    return NULL;

  if (n_bytes == 0)
    converted = g_strdup ("");
  else
    converted = g_convert (data, n_bytes, "UTF-8", encoding,
                           &bytes_read, &bytes_written, &local_error);

  if (converted == NULL)
    {
      if (g_error_matches (local_error, G_CONVERT_ERROR, G_CONVERT_ERROR_NO_CONVERSION))
        g_set_error (error, GLOSS_DOCUMENT_ERROR, GLOSS_DOCUMENT_ERROR_CONVERSION,
                     "%s: cannot convert from “%s”: the encoding is not known "
                     "(try a name such as windows-1252, ISO-8859-1 or UTF-16)",
                     name, encoding);
      else if (g_error_matches (local_error, G_CONVERT_ERROR, G_CONVERT_ERROR_PARTIAL_INPUT))
        g_set_error (error, GLOSS_DOCUMENT_ERROR, GLOSS_DOCUMENT_ERROR_CONVERSION,
                     "%s: the file ends inside a character at byte %" G_GSIZE_FORMAT
                     " when read as %s; is it truncated, or in another encoding?",
                     name, bytes_read, encoding);
      else if (g_error_matches (local_error, G_CONVERT_ERROR, G_CONVERT_ERROR_ILLEGAL_SEQUENCE))
        g_set_error (error, GLOSS_DOCUMENT_ERROR, GLOSS_DOCUMENT_ERROR_CONVERSION,
                     "%s: byte %" G_GSIZE_FORMAT " (0x%02X) cannot be converted "
                     "from %s; the file is probably in another encoding",
                     name, bytes_read,
                     bytes_read < n_bytes ? (guint) (guchar) data[bytes_read] : 0u,
                     encoding);
      else
        g_set_error (error, GLOSS_DOCUMENT_ERROR, GLOSS_DOCUMENT_ERROR_CONVERSION,
                     "%s: cannot convert from %s: %s",
                     name, encoding, local_error->message);
      return NULL;
    }

  if (!check_size (name, bytes_written, error))
    return NULL;

  /* Encodings such as UTF-16 may carry a byte-order mark; it is not part of
   * the text in any encoding. */
  if (bytes_written >= UTF8_BOM_LEN && memcmp (converted, UTF8_BOM, UTF8_BOM_LEN) == 0)
    bom_len = UTF8_BOM_LEN;

  if (!g_utf8_validate_len (converted + bom_len, bytes_written - bom_len, &end))
    {
      guint line;
      guint column;

      locate_for_message (converted + bom_len, end, &line, &column);
      if (*end == '\0')
        g_set_error (error, GLOSS_DOCUMENT_ERROR, GLOSS_DOCUMENT_ERROR_CONVERSION,
                     "%s: NUL character at line %u, column %u after conversion "
                     "from %s; a text article cannot contain NUL characters",
                     name, line, column, encoding);
      else
        g_set_error (error, GLOSS_DOCUMENT_ERROR, GLOSS_DOCUMENT_ERROR_CONVERSION,
                     "%s: conversion from %s produced invalid text at line %u, "
                     "column %u",
                     name, encoding, line, column);
      return NULL;
    }

  self = g_object_new (GLOSS_TYPE_DOCUMENT, NULL);
  self->name = g_strdup (name);
  self->sha256 = _gloss_sha256_hex ((const guint8 *) data, n_bytes);
  self->buffer = g_steal_pointer (&converted);
  self->text = self->buffer + bom_len;
  self->n_bytes = bytes_written - bom_len;
  self->has_bom = bom_len > 0;

  build_index (self);

  return g_steal_pointer (&self);
}

/**
 * gloss_document_load:
 * @file: a text file in UTF-8
 * @cancellable: (nullable): a #GCancellable
 * @error: return location for a #GError
 *
 * Reads @file and builds a document from it. Blocks; see
 * gloss_document_load_async().
 *
 * Returns: (transfer full): a new document, or %NULL with @error set
 */
GlossDocument *
gloss_document_load (GFile         *file,
                     GCancellable  *cancellable,
                     GError       **error)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *name = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  name = g_file_get_basename (file);
  if (name == NULL)
    name = g_file_get_uri (file);

  /* Refuse a huge file before reading it into memory. If the size cannot
   * be queried, loading the contents reports the real error. */
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, NULL);
  if (info != NULL &&
      g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE) &&
      g_file_info_get_size (info) > 0 &&
      !check_size (name, (guint64) g_file_info_get_size (info), error))
    return NULL;

  if (!g_file_load_contents (file, cancellable, &contents, &length, NULL, error))
    return NULL;

  /* g_file_load_contents() ends the contents with a NUL byte. */
  return document_new_take (name, file, contents, length, error);
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GFile *file = task_data;
  GError *error = NULL;
  GlossDocument *document;

  document = gloss_document_load (file, cancellable, &error);
  if (document == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, document, g_object_unref);
}

/**
 * gloss_document_load_async:
 * @file: a text file in UTF-8
 * @cancellable: (nullable): a #GCancellable
 * @callback: called when the document is loaded
 * @user_data: data for @callback
 *
 * Reads @file and builds the document in a worker thread.
 */
void
gloss_document_load_async (GFile               *file,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gloss_document_load_async);
  g_task_set_name (task, "[gloss] load document");
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  g_task_set_return_on_cancel (task, FALSE);
  g_task_run_in_thread (task, load_thread);
}

/**
 * gloss_document_load_finish:
 * @result: the result passed to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full): the document, or %NULL with @error set
 */
GlossDocument *
gloss_document_load_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gloss_document_load_async, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * gloss_document_get_file:
 *
 * Returns: (transfer none) (nullable): the file, or %NULL for a document
 *   built from memory
 */
GFile *
gloss_document_get_file (GlossDocument *self)
{
  g_return_val_if_fail (GLOSS_IS_DOCUMENT (self), NULL);

  return self->file;
}

const char *
gloss_document_get_name (GlossDocument *self)
{
  g_return_val_if_fail (GLOSS_IS_DOCUMENT (self), NULL);

  return self->name;
}

/**
 * gloss_document_get_text:
 * @n_bytes: (out) (optional): the length of the text in bytes
 *
 * Returns: the text in UTF-8 without any byte-order mark, followed by a NUL
 *   byte (which is not counted in @n_bytes)
 */
const char *
gloss_document_get_text (GlossDocument *self,
                         gsize         *n_bytes)
{
  g_return_val_if_fail (GLOSS_IS_DOCUMENT (self), NULL);

  if (n_bytes != NULL)
    *n_bytes = self->n_bytes;

  return self->text;
}

/**
 * gloss_document_get_length:
 *
 * Returns: the length of the text in Unicode code points
 */
guint
gloss_document_get_length (GlossDocument *self)
{
  g_return_val_if_fail (GLOSS_IS_DOCUMENT (self), 0);

  return self->length;
}

/**
 * gloss_document_get_sha256:
 *
 * Returns: the SHA-256 of the file's bytes (all of them, a byte-order mark
 *   included, before any conversion) in lower-case hexadecimal
 */
const char *
gloss_document_get_sha256 (GlossDocument *self)
{
  g_return_val_if_fail (GLOSS_IS_DOCUMENT (self), NULL);

  return self->sha256;
}

gboolean
gloss_document_has_bom (GlossDocument *self)
{
  g_return_val_if_fail (GLOSS_IS_DOCUMENT (self), FALSE);

  return self->has_bom;
}

/**
 * gloss_document_get_line_count:
 *
 * Returns: the number of lines: one more than the number of "\n", so an
 *   empty text has one line and a text ending in "\n" ends with an empty line
 */
guint
gloss_document_get_line_count (GlossDocument *self)
{
  g_return_val_if_fail (GLOSS_IS_DOCUMENT (self), 0);

  return self->n_lines;
}

static inline gsize
offset_to_byte_unchecked (GlossDocument *self,
                          guint          offset)
{
  const guchar *p;
  const guchar *text = (const guchar *) self->text;
  guint remaining;

  if (self->checkpoints == NULL)
    return offset;

  if (offset >= self->length)
    return self->n_bytes;

  p = text + self->checkpoints[offset >> CHECKPOINT_SHIFT];
  remaining = offset & (CHECKPOINT_INTERVAL - 1);

  /* The text is valid UTF-8, so the lead byte gives each step. */
  while (remaining > 0)
    {
      p += g_utf8_skip[*p];
      remaining--;
    }

  return p - text;
}

/**
 * gloss_document_offset_to_byte:
 * @offset: a code-point offset, at most the length
 *
 * Returns: the byte index in the text returned by gloss_document_get_text()
 *   of the character at @offset; the byte length for an offset at or past
 *   the end (offsets are clamped)
 */
gsize
gloss_document_offset_to_byte (GlossDocument *self,
                               guint          offset)
{
  g_return_val_if_fail (GLOSS_IS_DOCUMENT (self), 0);

  return offset_to_byte_unchecked (self, MIN (offset, self->length));
}

/**
 * gloss_document_byte_to_offset:
 * @byte_index: a byte index in the text
 *
 * Returns: the offset of the character that contains @byte_index (a byte
 *   index inside a multi-byte character maps to that character); the length
 *   for an index at or past the end
 */
guint
gloss_document_byte_to_offset (GlossDocument *self,
                               gsize          byte_index)
{
  const guchar *text;
  const guchar *p;
  const guchar *target;
  guint lo;
  guint hi;
  guint offset;

  g_return_val_if_fail (GLOSS_IS_DOCUMENT (self), 0);

  if (byte_index >= self->n_bytes)
    return self->length;

  if (self->checkpoints == NULL)
    return (guint) byte_index;

  /* The last checkpoint at or before byte_index; checkpoints[0] == 0. */
  lo = 0;
  hi = self->n_checkpoints;
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (self->checkpoints[mid] <= byte_index)
        lo = mid;
      else
        hi = mid;
    }

  text = (const guchar *) self->text;
  p = text + self->checkpoints[lo];
  target = text + byte_index;
  offset = lo << CHECKPOINT_SHIFT;

  for (;;)
    {
      const guchar *next = p + g_utf8_skip[*p];

      if (next > target)
        break;
      p = next;
      offset++;
    }

  return offset;
}

/* Clamps both ends to the text; the caller checks start <= end. */
static void
resolve_range (GlossDocument *self,
               guint          start,
               guint          end,
               gsize         *start_byte,
               gsize         *end_byte)
{
  end = MIN (end, self->length);
  start = MIN (start, end);

  *start_byte = offset_to_byte_unchecked (self, start);

  if (self->checkpoints == NULL)
    {
      *end_byte = end;
    }
  else if ((end >> CHECKPOINT_SHIFT) == (start >> CHECKPOINT_SHIFT))
    {
      /* Short spans: walk on from the start rather than from a checkpoint. */
      const guchar *p = (const guchar *) self->text + *start_byte;

      for (guint i = start; i < end; i++)
        p += g_utf8_skip[*p];
      *end_byte = p - (const guchar *) self->text;
    }
  else
    {
      *end_byte = offset_to_byte_unchecked (self, end);
    }
}

/**
 * gloss_document_get_slice:
 * @start: the first offset (inclusive)
 * @end: the end offset (exclusive); clamped to the length
 * @n_bytes: (out) (optional): the slice's length in bytes
 *
 * Returns: (transfer none): a pointer into the text where the slice begins;
 *   it is not NUL-terminated at @end, so use @n_bytes. %NULL when @start is
 *   after @end.
 */
const char *
gloss_document_get_slice (GlossDocument *self,
                          guint          start,
                          guint          end,
                          gsize         *n_bytes)
{
  gsize start_byte;
  gsize end_byte;

  g_return_val_if_fail (GLOSS_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (start <= end, NULL);

  resolve_range (self, start, end, &start_byte, &end_byte);

  if (n_bytes != NULL)
    *n_bytes = end_byte - start_byte;

  return self->text + start_byte;
}

/**
 * gloss_document_dup_slice:
 * @start: the first offset (inclusive)
 * @end: the end offset (exclusive); clamped to the length
 *
 * Returns: (transfer full): a NUL-terminated copy of the slice, or %NULL
 *   when @start is after @end
 */
char *
gloss_document_dup_slice (GlossDocument *self,
                          guint          start,
                          guint          end)
{
  gsize start_byte;
  gsize end_byte;

  g_return_val_if_fail (GLOSS_IS_DOCUMENT (self), NULL);
  g_return_val_if_fail (start <= end, NULL);

  resolve_range (self, start, end, &start_byte, &end_byte);

  return g_strndup (self->text + start_byte, end_byte - start_byte);
}

/**
 * gloss_document_slice_equal:
 * @start: the first offset (inclusive)
 * @end: the end offset (exclusive); clamped to the length
 * @utf8: the text to compare with
 * @n_bytes: the length of @utf8 in bytes, or -1 if it is NUL-terminated
 *
 * Compares the slice with @utf8 byte for byte, without allocating.
 *
 * Returns: %TRUE if they are equal
 */
gboolean
gloss_document_slice_equal (GlossDocument *self,
                            guint          start,
                            guint          end,
                            const char    *utf8,
                            gssize         n_bytes)
{
  gsize start_byte;
  gsize end_byte;
  gsize len;

  g_return_val_if_fail (GLOSS_IS_DOCUMENT (self), FALSE);
  g_return_val_if_fail (start <= end, FALSE);
  g_return_val_if_fail (utf8 != NULL || n_bytes == 0, FALSE);

  len = n_bytes < 0 ? strlen (utf8) : (gsize) n_bytes;

  resolve_range (self, start, end, &start_byte, &end_byte);

  if (end_byte - start_byte != len)
    return FALSE;

  return len == 0 || memcmp (self->text + start_byte, utf8, len) == 0;
}

/**
 * gloss_document_offset_to_line_column:
 * @offset: a code-point offset; clamped to the length
 * @line: (out) (optional): the 0-based line
 * @column: (out) (optional): the 0-based column, in code points
 *
 * A "\n" is the last column of its line; the offset after it is column 0 of
 * the next line.
 */
void
gloss_document_offset_to_line_column (GlossDocument *self,
                                      guint          offset,
                                      guint         *line,
                                      guint         *column)
{
  guint lo;
  guint hi;

  g_return_if_fail (GLOSS_IS_DOCUMENT (self));

  offset = MIN (offset, self->length);

  /* The last line that starts at or before offset. */
  lo = 0;
  hi = self->n_lines;
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (self->line_starts[mid] <= offset)
        lo = mid;
      else
        hi = mid;
    }

  if (line != NULL)
    *line = lo;
  if (column != NULL)
    *column = offset - self->line_starts[lo];
}

/**
 * gloss_document_line_column_to_offset:
 * @line: a 0-based line; past the last line means the end of the text
 * @column: a 0-based column; past the end of the line means the end of the
 *   line (the offset of its "\n")
 *
 * Returns: the offset
 */
guint
gloss_document_line_column_to_offset (GlossDocument *self,
                                      guint          line,
                                      guint          column)
{
  guint line_start;
  guint line_end;

  g_return_val_if_fail (GLOSS_IS_DOCUMENT (self), 0);

  if (line >= self->n_lines)
    return self->length;

  line_start = self->line_starts[line];
  /* The "\n" of this line sits just before the next line's start. */
  line_end = line + 1 < self->n_lines ? self->line_starts[line + 1] - 1 : self->length;

  if (column > line_end - line_start)
    return line_end;

  return line_start + column;
}
