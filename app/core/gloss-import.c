/* gloss-import.c: what every import format shares, and the all-or-nothing writer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-import"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "gloss-import-private.h"
#include "gloss-sidecar.h"

G_DEFINE_QUARK (gloss-import-error-quark, gloss_import_error)

static const char * const format_names[] = {
  [GLOSS_IMPORT_FORMAT_BRAT] = "brat",
  [GLOSS_IMPORT_FORMAT_JSONL] = "jsonl",
  [GLOSS_IMPORT_FORMAT_CONLL] = "conll",
  [GLOSS_IMPORT_FORMAT_TEXT] = "text",
  [GLOSS_IMPORT_FORMAT_HTML] = "html",
};

gboolean
gloss_import_format_from_string (const char        *name,
                                 GlossImportFormat *format)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (format != NULL, FALSE);

  for (guint i = 0; i < G_N_ELEMENTS (format_names); i++)
    if (g_ascii_strcasecmp (name, format_names[i]) == 0)
      {
        *format = (GlossImportFormat) i;
        return TRUE;
      }
  return FALSE;
}

const char *
gloss_import_format_to_string (GlossImportFormat format)
{
  g_return_val_if_fail ((guint) format < G_N_ELEMENTS (format_names), NULL);

  return format_names[format];
}

/* ---- messages ---------------------------------------------------------- */

static char *
located (const char *filename,
         guint       line,
         const char *format,
         va_list     args) G_GNUC_PRINTF (3, 0);

static char *
located (const char *filename,
         guint       line,
         const char *format,
         va_list     args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);

  if (line > 0)
    return g_strdup_printf ("%s:%u: %s", filename, line, message);
  return g_strdup_printf ("%s: %s", filename, message);
}

void
_gloss_import_set_error (GError           **error,
                         GlossImportError   code,
                         const char        *filename,
                         guint              line,
                         const char        *format,
                         ...)
{
  va_list args;
  char *message;

  va_start (args, format);
  message = located (filename, line, format, args);
  va_end (args);
  g_set_error_literal (error, GLOSS_IMPORT_ERROR, code, message);
  g_free (message);
}

void
_gloss_import_warn (GlossImportedDocument *document,
                    const char            *filename,
                    guint                  line,
                    const char            *format,
                    ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  if (line > 0)
    g_ptr_array_add (document->warnings,
                     g_strdup_printf ("%s:%u: warning: %s", filename, line, message));
  else
    g_ptr_array_add (document->warnings, g_strdup_printf ("%s: warning: %s", filename, message));
}

/* ---- types ------------------------------------------------------------- */

char *
_gloss_import_normalize_name (const char *name)
{
  char *folded = g_utf8_strdown (name, -1);

  for (char *p = folded; *p != '\0'; p++)
    if (*p == '_' || *p == ' ')
      *p = '-';
  return folded;
}

/* Tag names of the common NER schemes (CoNLL 2003, OntoNotes/spaCy) and
 * the built-in type they mean; used only when the tagset has that type. */
static const struct
{
  const char *tag;
  const char *id;
} ner_aliases[] = {
  { "per", "person" },
  { "org", "organisation" },
  { "organization", "organisation" },
  { "loc", "location" },
  { "fac", "facility" },
  { "norp", "group" },
  { "time", "date" },
  { "money", "quantity" },
  { "percent", "quantity" },
  { "cardinal", "quantity" },
};

GHashTable *
gloss_import_type_map_new (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

gboolean
gloss_import_parse_type_map (GHashTable  *map,
                             GBytes      *bytes,
                             const char  *filename,
                             GError     **error)
{
  gsize len;
  const char *data;
  g_autofree char *copy = NULL;
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (map != NULL, FALSE);
  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (filename != NULL, FALSE);

  data = g_bytes_get_data (bytes, &len);
  if (!g_utf8_validate_len (data, len, NULL))
    {
      _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_ENCODING, filename, 0,
                               "not UTF-8 text");
      return FALSE;
    }
  copy = g_strndup (data, len);
  lines = g_strsplit (copy, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *line = lines[i];
      char *hash = strchr (line, '#');
      char *sep;

      if (hash != NULL)
        *hash = '\0';
      g_strstrip (line);
      if (*line == '\0')
        continue;
      sep = strchr (line, '=');
      if (sep == NULL)
        sep = strchr (line, '\t');
      if (sep == NULL)
        {
          _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, filename, i + 1,
                                   "expected “FOREIGN = TYPE” (or “FOREIGN =” to skip "
                                   "the type), found “%s”", line);
          return FALSE;
        }
      *sep = '\0';
      g_strstrip (line);
      g_strstrip (sep + 1);
      if (*line == '\0')
        {
          _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, filename, i + 1,
                                   "the foreign type name before “=” is empty");
          return FALSE;
        }
      g_hash_table_replace (map, g_strdup (line), g_strdup (sep + 1));
    }
  return TRUE;
}

static const char *
map_lookup (const GlossImportOptions *options,
            const char               *foreign)
{
  const char *mapped;
  GHashTableIter iter;
  gpointer key, value;

  if (options->type_map == NULL)
    return NULL;
  mapped = g_hash_table_lookup (options->type_map, foreign);
  if (mapped != NULL)
    return mapped;
  /* Then ignoring case, so that a map written for "PER" also reads "per". */
  g_hash_table_iter_init (&iter, options->type_map);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_ascii_strcasecmp (key, foreign) == 0)
      return value;
  return NULL;
}

static const char *
match_entity_type (GlossTagset *tagset,
                   const char  *normalized)
{
  guint n = gloss_tagset_get_n_entity_types (tagset);

  for (guint i = 0; i < n; i++)
    {
      const GlossEntityType *type = gloss_tagset_get_entity_type (tagset, i);
      g_autofree char *id = _gloss_import_normalize_name (type->id);
      g_autofree char *label = _gloss_import_normalize_name (type->label);

      if (g_str_equal (id, normalized) || g_str_equal (label, normalized))
        return type->id;
    }
  return NULL;
}

GlossImportTypeResult
_gloss_import_resolve_type (const GlossImportOptions *options,
                            const char               *foreign,
                            gboolean                  allow_claim,
                            const char              **id,
                            const char               *filename,
                            guint                     line,
                            GError                  **error)
{
  const char *mapped = map_lookup (options, foreign);
  const GlossEntityType *type;
  g_autofree char *normalized = NULL;

  *id = NULL;
  if (mapped != NULL)
    {
      if (*mapped == '\0')
        return GLOSS_IMPORT_TYPE_SKIP;
      if (allow_claim && g_ascii_strcasecmp (mapped, GLOSS_IMPORT_CLAIM_TYPE) == 0)
        {
          *id = GLOSS_IMPORT_CLAIM_TYPE;
          return GLOSS_IMPORT_TYPE_FOUND;
        }
      type = gloss_tagset_lookup_entity_type (options->tagset, mapped);
      if (type == NULL)
        {
          _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_UNKNOWN_TYPE, filename, line,
                                   "the type map sends “%s” to “%s”, which tagset “%s” "
                                   "does not define",
                                   foreign, mapped, gloss_tagset_get_id (options->tagset));
          return GLOSS_IMPORT_TYPE_UNKNOWN;
        }
      *id = type->id;
      return GLOSS_IMPORT_TYPE_FOUND;
    }

  type = gloss_tagset_lookup_entity_type (options->tagset, foreign);
  if (type != NULL)
    {
      *id = type->id;
      return GLOSS_IMPORT_TYPE_FOUND;
    }

  normalized = _gloss_import_normalize_name (foreign);
  if (allow_claim && g_str_equal (normalized, GLOSS_IMPORT_CLAIM_TYPE))
    {
      *id = GLOSS_IMPORT_CLAIM_TYPE;
      return GLOSS_IMPORT_TYPE_FOUND;
    }
  *id = match_entity_type (options->tagset, normalized);
  if (*id != NULL)
    return GLOSS_IMPORT_TYPE_FOUND;

  for (guint i = 0; i < G_N_ELEMENTS (ner_aliases); i++)
    if (g_str_equal (normalized, ner_aliases[i].tag)
        && (type = gloss_tagset_lookup_entity_type (options->tagset, ner_aliases[i].id)) != NULL)
      {
        *id = type->id;
        return GLOSS_IMPORT_TYPE_FOUND;
      }

  if (options->skip_unknown_types)
    return GLOSS_IMPORT_TYPE_SKIP;

  _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_UNKNOWN_TYPE, filename, line,
                           "unknown type “%s”: tagset “%s” has no such entity type "
                           "(map it with --map “%s=TYPE” or --types-map FILE, or drop "
                           "such annotations with --skip-unknown)",
                           foreign, gloss_tagset_get_id (options->tagset), foreign);
  return GLOSS_IMPORT_TYPE_UNKNOWN;
}

GlossImportTypeResult
_gloss_import_resolve_relation (const GlossImportOptions *options,
                                const char               *foreign,
                                const char              **id,
                                const char               *filename,
                                guint                     line,
                                GError                  **error)
{
  const char *mapped = map_lookup (options, foreign);
  const GlossRelationType *type;
  g_autofree char *normalized = NULL;
  guint n;

  *id = NULL;
  if (mapped != NULL && *mapped == '\0')
    return GLOSS_IMPORT_TYPE_SKIP;
  if (mapped != NULL)
    foreign = mapped;

  type = gloss_tagset_lookup_relation_type (options->tagset, foreign);
  if (type != NULL)
    {
      *id = type->id;
      return GLOSS_IMPORT_TYPE_FOUND;
    }

  normalized = _gloss_import_normalize_name (foreign);
  n = gloss_tagset_get_n_relation_types (options->tagset);
  for (guint i = 0; i < n; i++)
    {
      const GlossRelationType *t = gloss_tagset_get_relation_type (options->tagset, i);
      g_autofree char *tid = _gloss_import_normalize_name (t->id);
      g_autofree char *label = _gloss_import_normalize_name (t->label);

      if (g_str_equal (tid, normalized) || g_str_equal (label, normalized))
        {
          *id = t->id;
          return GLOSS_IMPORT_TYPE_FOUND;
        }
    }

  if (options->skip_unknown_types)
    return GLOSS_IMPORT_TYPE_SKIP;

  _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_UNKNOWN_TYPE, filename, line,
                           "unknown relation type “%s”: tagset “%s” has no such relation "
                           "type (map it with --map, or drop such relations with "
                           "--skip-unknown)",
                           foreign, gloss_tagset_get_id (options->tagset));
  return GLOSS_IMPORT_TYPE_UNKNOWN;
}

const GlossAttributeDef *
_gloss_import_resolve_attribute (GlossTagset  *tagset,
                                 const char   *name,
                                 const char   *value,
                                 const char  **value_id,
                                 const char   *filename,
                                 guint         line,
                                 GError      **error)
{
  const GlossAttributeDef *def = gloss_tagset_lookup_attribute (tagset, name);
  g_autofree char *normalized = _gloss_import_normalize_name (name);
  g_autofree char *nvalue = NULL;

  for (guint i = 0; def == NULL && i < gloss_tagset_get_n_attributes (tagset); i++)
    {
      const GlossAttributeDef *d = gloss_tagset_get_attribute (tagset, i);
      g_autofree char *id = _gloss_import_normalize_name (d->id);
      g_autofree char *label = _gloss_import_normalize_name (d->label);

      if (g_str_equal (id, normalized) || g_str_equal (label, normalized))
        def = d;
    }
  if (def == NULL)
    {
      _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_UNKNOWN_TYPE, filename, line,
                               "unknown attribute “%s”: tagset “%s” defines no such attribute",
                               name, gloss_tagset_get_id (tagset));
      return NULL;
    }

  *value_id = value;
  if (def->values == NULL)
    return def;

  nvalue = _gloss_import_normalize_name (value);
  for (guint i = 0; def->values[i] != NULL; i++)
    {
      g_autofree char *id = _gloss_import_normalize_name (def->values[i]);
      g_autofree char *label = _gloss_import_normalize_name (def->value_labels[i]);

      if (g_str_equal (id, nvalue) || g_str_equal (label, nvalue))
        {
          *value_id = def->values[i];
          return def;
        }
    }

  {
    g_autofree char *allowed = g_strjoinv (", ", (char **) def->values);

    _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_UNKNOWN_TYPE, filename, line,
                             "attribute “%s” cannot be “%s” (allowed: %s)",
                             def->id, value, allowed);
  }
  return NULL;
}

/* ---- documents --------------------------------------------------------- */

gboolean
_gloss_import_name_is_safe (const char *name)
{
  return name != NULL && *name != '\0' && *name != '.'
         && strchr (name, '/') == NULL && strchr (name, '\\') == NULL
         && g_utf8_validate (name, -1, NULL)
         && strlen (name) <= 200;
}

char *
_gloss_import_article_name (const char *filename,
                            const char *strip_suffix)
{
  g_autofree char *base = g_path_get_basename (filename);
  GString *name;

  if (strip_suffix != NULL && g_str_has_suffix (base, strip_suffix)
      && strlen (base) > strlen (strip_suffix))
    base[strlen (base) - strlen (strip_suffix)] = '\0';

  /* Characters a file name in a shared folder had better not have. */
  name = g_string_new (NULL);
  for (const char *p = base; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;
      if (c < 0x20 || c == '/' || c == '\\' || c == ':' || c == '*' || c == '?'
          || c == '"' || c == '<' || c == '>' || c == '|' || c == 0x7f)
        g_string_append_c (name, '_');
      else
        g_string_append_unichar (name, c);
    }
  while (name->len > 0 && name->str[0] == '.')
    g_string_erase (name, 0, 1);
  if (name->len == 0 || g_str_equal (name->str, "."))
    {
      g_string_free (name, TRUE);
      return NULL;
    }
  if (name->len > 180)
    g_string_truncate (name, g_utf8_find_prev_char (name->str, name->str + 180) - name->str);
  if (!g_str_has_suffix (name->str, ".txt"))
    g_string_append (name, ".txt");
  return g_string_free (name, FALSE);
}

GlossImportedDocument *
_gloss_import_document_new (const char    *name,
                            GlossDocument *document)
{
  GlossImportedDocument *self = g_new0 (GlossImportedDocument, 1);

  self->name = g_strdup (name);
  self->document = g_object_ref (document);
  self->warnings = g_ptr_array_new_with_free_func (g_free);
  return self;
}

guint
_gloss_import_line_of (const char *text,
                       const char *position)
{
  guint line = 1;

  for (const char *p = text; p < position; p++)
    if (*p == '\n')
      line++;
  return line;
}

GlossDocument *
_gloss_import_load_text (GBytes      *bytes,
                         const char  *name,
                         const char  *filename,
                         const char  *encoding,
                         GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GlossDocument) converted = NULL;
  g_autoptr(GBytes) utf8 = NULL;
  GlossDocument *document;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  const char *end = NULL;
  gsize bom = 0;

  if (encoding != NULL)
    {
      const char *text;

      converted = gloss_document_new_from_bytes_converted (filename, bytes, encoding, &local_error);
      if (converted == NULL)
        {
          g_set_error_literal (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_ENCODING,
                               local_error->message);
          return NULL;
        }
      /* The corpus keeps the UTF-8 text; its hash is that of what is written. */
      text = gloss_document_get_text (converted, &len);
      utf8 = g_bytes_new (text, len);
      bytes = utf8;
    }
  else
    {
      if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
        bom = 3;
      if (len <= GLOSS_DOCUMENT_MAX_BYTES
          && !g_utf8_validate_len (data + bom, len - bom, &end))
        {
          g_autofree char *copy = g_strndup (data, end - data);
          guint line = _gloss_import_line_of (copy, copy + (end - data));

          if (*end == '\0')
            _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_ENCODING, filename, line,
                                     "NUL byte at byte %" G_GSIZE_FORMAT "; a text article "
                                     "cannot contain NUL bytes (is this a binary or UTF-16 "
                                     "file? then give its encoding with --encoding)",
                                     (gsize) (end - data));
          else
            _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_ENCODING, filename, line,
                                     "invalid UTF-8 at byte %" G_GSIZE_FORMAT "; if the "
                                     "file is in another encoding, give it with --encoding "
                                     "(for example --encoding=windows-1252)",
                                     (gsize) (end - data));
          return NULL;
        }
    }

  document = gloss_document_new_from_bytes (name, bytes, &local_error);
  if (document == NULL)
    {
      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_ENCODING,
                   "%s: %s", filename, local_error->message);
      return NULL;
    }
  return document;
}

void
gloss_imported_document_free (GlossImportedDocument *document)
{
  if (document == NULL)
    return;
  g_free (document->name);
  g_clear_object (&document->document);
  g_clear_object (&document->annotations);
  g_free (document->origin);
  g_clear_pointer (&document->warnings, g_ptr_array_unref);
  g_free (document);
}

GlossAnnotationSet *
_gloss_import_new_set (GlossDocument             *document,
                       const GlossImportOptions  *options,
                       const char                *fallback_annotator,
                       const char                *filename,
                       guint                      line,
                       GError                   **error)
{
  const char *annotator = options->annotator_id != NULL ? options->annotator_id
                                                         : fallback_annotator;

  if (annotator == NULL)
    {
      _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, filename, line,
                               "no annotator: say whose annotations these are with "
                               "--annotator ID");
      return NULL;
    }
  if (!gloss_annotator_id_is_valid (annotator))
    {
      _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, filename, line,
                               "“%s” is not a valid annotator id (1–64 characters from "
                               "a-z, 0-9, “-”, “_” and “.”, beginning with a letter "
                               "or digit)", annotator);
      return NULL;
    }
  return gloss_annotation_set_new (document, options->tagset, annotator,
                                   options->annotator_id != NULL ? options->annotator_name : NULL);
}

gboolean
_gloss_import_deliver (GlossImportedDocument *document,
                       GlossImportFunc        func,
                       gpointer               user_data,
                       GError               **error)
{
  if (document->annotations != NULL)
    gloss_annotation_set_clear_history (document->annotations);
  return func (document, user_data, error);
}

/* ---- the writer -------------------------------------------------------- */

struct _GlossImportWriter
{
  char       *folder;         /* the destination corpus folder */
  char       *temp;           /* the staging folder inside it */
  gboolean    created_folder;
  gboolean    force;
  gboolean    committed;
  GHashTable *names;          /* file name -> the article's SHA-256, or "" */
  GPtrArray  *staged;         /* char *: file names written into temp */
  guint       n_documents;
};

#define STAGING_TEMPLATE ".gloss-import-XXXXXX"
#define REPLACED_FOLDER  ".replaced"

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);

        if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
          remove_tree (child);
        else
          g_unlink (child);
      }
  g_rmdir (path);
}

static void
set_io_error (GError     **error,
              const char  *path,
              int          saved_errno,
              const char  *what)
{
  g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_IO,
               "%s: %s: %s", path, what, g_strerror (saved_errno));
}

GlossImportWriter *
gloss_import_writer_new (GFile     *folder,
                         gboolean   force,
                         GError   **error)
{
  g_autoptr(GlossImportWriter) self = NULL;
  g_autofree char *template = NULL;

  g_return_val_if_fail (G_IS_FILE (folder), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = g_new0 (GlossImportWriter, 1);
  self->folder = g_file_get_path (folder);
  self->force = force;
  self->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->staged = g_ptr_array_new_with_free_func (g_free);

  if (self->folder == NULL)
    {
      g_autofree char *uri = g_file_get_uri (folder);

      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_IO,
                   "%s: only local folders can receive an import", uri);
      return NULL;
    }

  if (!g_file_test (self->folder, G_FILE_TEST_EXISTS))
    {
      /* Only the last level: a mistyped parent is better reported than made. */
      if (g_mkdir (self->folder, 0755) != 0)
        {
          set_io_error (error, self->folder, errno, "cannot create the corpus folder");
          return NULL;
        }
      self->created_folder = TRUE;
    }
  else if (!g_file_test (self->folder, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_IO,
                   "%s: is not a folder; give the corpus folder to import into",
                   self->folder);
      return NULL;
    }

  template = g_build_filename (self->folder, STAGING_TEMPLATE, NULL);
  if (g_mkdtemp_full (template, 0700) == NULL)
    {
      set_io_error (error, self->folder, errno, "cannot write into the corpus folder");
      return NULL;
    }
  self->temp = g_steal_pointer (&template);
  return g_steal_pointer (&self);
}

void
gloss_import_writer_free (GlossImportWriter *self)
{
  if (self == NULL)
    return;
  if (self->temp != NULL)
    remove_tree (self->temp);
  if (!self->committed && self->created_folder)
    g_rmdir (self->folder);
  g_free (self->folder);
  g_free (self->temp);
  g_hash_table_unref (self->names);
  g_ptr_array_unref (self->staged);
  g_free (self);
}

guint
gloss_import_writer_get_n_documents (GlossImportWriter *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_documents;
}

static gboolean
same_contents (const char *path,
               const char *data,
               gsize       len)
{
  g_autofree char *contents = NULL;
  gsize n;

  return g_file_get_contents (path, &contents, &n, NULL)
         && n == len && memcmp (contents, data, len) == 0;
}

/* Claims @name for @article; fails on a second claim. */
static gboolean
claim_name (GlossImportWriter  *self,
            const char         *name,
            const char         *sha256,
            GError            **error)
{
  const char *earlier = g_hash_table_lookup (self->names, name);

  if (!_gloss_import_name_is_safe (name))
    {
      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_MALFORMED,
                   "“%s” cannot be a file name in the corpus folder", name);
      return FALSE;
    }
  if (earlier != NULL)
    {
      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_DUPLICATE,
                   "%s: two inputs give the same file; rename one of them", name);
      return FALSE;
    }
  g_hash_table_insert (self->names, g_strdup (name), g_strdup (sha256));
  return TRUE;
}

static gboolean
check_absent (GlossImportWriter  *self,
              const char         *name,
              GError            **error)
{
  g_autofree char *dest = g_build_filename (self->folder, name, NULL);

  if (self->force || !g_file_test (dest, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK))
    return TRUE;
  g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_EXISTS,
               "%s: already exists; nothing was imported (use --force to replace it)",
               dest);
  return FALSE;
}

static gboolean
stage_bytes (GlossImportWriter  *self,
             const char         *name,
             const char         *data,
             gsize               len,
             GError            **error)
{
  g_autofree char *path = g_build_filename (self->temp, name, NULL);
  g_autoptr(GError) local_error = NULL;

  if (!g_file_set_contents_full (path, data, len,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0644, &local_error))
    {
      g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_IO,
                   "%s", local_error->message);
      return FALSE;
    }
  g_ptr_array_add (self->staged, g_strdup (name));
  return TRUE;
}

gboolean
gloss_import_writer_add (GlossImportWriter     *self,
                         GlossImportedDocument *document,
                         GError               **error)
{
  g_autoptr(GlossImportedDocument) doc = document;
  g_autofree char *sidecar = NULL;
  g_autofree char *origin = NULL;
  g_autofree char *article_path = NULL;
  g_autoptr(GString) bytes = NULL;
  const char *text;
  const char *earlier;
  gboolean article_done = FALSE;
  gsize len;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (document != NULL, FALSE);
  g_return_val_if_fail (!self->committed, FALSE);

  text = gloss_document_get_text (doc->document, &len);
  bytes = g_string_sized_new (len + 3);
  if (gloss_document_has_bom (doc->document))
    g_string_append (bytes, "\xEF\xBB\xBF");
  g_string_append_len (bytes, text, len);

  /* The same article may come twice with different annotators' work (a
   * JSONL export of every annotator): once is enough then. */
  earlier = g_hash_table_lookup (self->names, doc->name);
  if (earlier != NULL && g_str_equal (earlier, gloss_document_get_sha256 (doc->document)))
    article_done = TRUE;
  else if (!claim_name (self, doc->name, gloss_document_get_sha256 (doc->document), error))
    return FALSE;
  if (doc->annotations != NULL)
    {
      sidecar = gloss_sidecar_build_name (doc->name,
                                          gloss_annotation_set_get_annotator_id (doc->annotations));
      if (!claim_name (self, sidecar, "", error) || !check_absent (self, sidecar, error))
        return FALSE;
    }
  if (doc->origin != NULL)
    {
      origin = g_strconcat (doc->name, GLOSS_IMPORT_ORIGIN_SUFFIX, NULL);
      if (!claim_name (self, origin, "", error) || !check_absent (self, origin, error))
        return FALSE;
    }

  /* An article that is already there with the very same bytes is not
   * replaced: that is how a second annotator's work comes in. */
  article_path = g_build_filename (self->folder, doc->name, NULL);
  if (!article_done
      && (!g_file_test (article_path, G_FILE_TEST_EXISTS)
          || !same_contents (article_path, bytes->str, bytes->len)))
    {
      if (!check_absent (self, doc->name, error)
          || !stage_bytes (self, doc->name, bytes->str, bytes->len, error))
        return FALSE;
    }

  if (doc->annotations != NULL)
    {
      g_autofree char *path = g_build_filename (self->temp, sidecar, NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(GError) local_error = NULL;

      if (!gloss_sidecar_save (doc->annotations, file, NULL, &local_error))
        {
          g_set_error (error, GLOSS_IMPORT_ERROR, GLOSS_IMPORT_ERROR_IO,
                       "%s", local_error->message);
          return FALSE;
        }
      g_ptr_array_add (self->staged, g_strdup (sidecar));
    }

  if (doc->origin != NULL && !stage_bytes (self, origin, doc->origin, strlen (doc->origin), error))
    return FALSE;

  self->n_documents++;
  return TRUE;
}

typedef struct
{
  const char *name;
  gboolean    replaced; /* an older file was moved aside */
} Move;

static void
sync_folder (const char *path)
{
  int fd = open (path, O_RDONLY | O_DIRECTORY);

  if (fd >= 0)
    {
      fsync (fd);
      close (fd);
    }
}

gboolean
gloss_import_writer_commit (GlossImportWriter  *self,
                            GError            **error)
{
  g_autofree char *replaced = NULL;
  g_autoptr(GArray) done = NULL;
  guint i;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (!self->committed, FALSE);

  replaced = g_build_filename (self->temp, REPLACED_FOLDER, NULL);
  done = g_array_new (FALSE, FALSE, sizeof (Move));

  /* Checked again: a file may have appeared since it was staged. */
  for (i = 0; i < self->staged->len; i++)
    if (!check_absent (self, g_ptr_array_index (self->staged, i), error))
      return FALSE;

  for (i = 0; i < self->staged->len; i++)
    {
      const char *name = g_ptr_array_index (self->staged, i);
      g_autofree char *from = g_build_filename (self->temp, name, NULL);
      g_autofree char *dest = g_build_filename (self->folder, name, NULL);
      Move move = { name, FALSE };

      if (g_file_test (dest, G_FILE_TEST_EXISTS | G_FILE_TEST_IS_SYMLINK))
        {
          g_autofree char *aside = g_build_filename (replaced, name, NULL);

          if (g_mkdir_with_parents (replaced, 0700) != 0 || g_rename (dest, aside) != 0)
            {
              set_io_error (error, dest, errno, "cannot replace it");
              break;
            }
          move.replaced = TRUE;
        }
      if (g_rename (from, dest) != 0)
        {
          set_io_error (error, dest, errno, "cannot move it into place");
          if (move.replaced)
            {
              g_autofree char *aside = g_build_filename (replaced, name, NULL);

              g_rename (aside, dest);
            }
          break;
        }
      g_array_append_val (done, move);
    }

  if (i < self->staged->len)
    {
      /* Undo, newest first, so that the folder is as it was. */
      for (guint j = done->len; j-- > 0;)
        {
          Move *move = &g_array_index (done, Move, j);
          g_autofree char *dest = g_build_filename (self->folder, move->name, NULL);

          g_unlink (dest);
          if (move->replaced)
            {
              g_autofree char *aside = g_build_filename (replaced, move->name, NULL);

              g_rename (aside, dest);
            }
        }
      return FALSE;
    }

  self->committed = TRUE;
  remove_tree (self->temp);
  g_clear_pointer (&self->temp, g_free);
  sync_folder (self->folder);
  return TRUE;
}
