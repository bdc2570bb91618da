/* gloss-import-conll.c: CoNLL token-per-line files (IOB2, BIOES) into articles
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The text is rebuilt from the tokens: tokens of a sentence joined by one
 * space, sentences by a line break, the last one ended by a line break; a
 * -DOCSTART- line begins a new article. Entities get the offsets of their
 * tokens in that text.
 */
#define G_LOG_DOMAIN "gloss-import"

#include "config.h"

#include <string.h>

#include "gloss-import-private.h"

#define DOCSTART "-DOCSTART-"

typedef struct
{
  guint  start;
  guint  end;
  char  *type;
  guint  line;
} Entity;

typedef struct
{
  const GlossImportOptions *options;
  const char               *filename;
  GlossImportFunc           func;
  gpointer                  user_data;

  char                     *base;        /* article name without ".txt" */
  guint                     n_docstarts;
  guint                     doc_index;
  guint                     doc_line;    /* where the article began */
  char                     *doc_name;    /* given on the -DOCSTART- line, or NULL */

  GString                  *text;
  guint                     length;      /* of text, in code points */
  gboolean                  in_sentence;
  GArray                   *entities;    /* Entity */
  Entity                    open;        /* open.type == NULL: none */
} Reader;

static void
entity_clear (gpointer data)
{
  Entity *entity = data;

  g_free (entity->type);
}

static void
close_entity (Reader *reader)
{
  if (reader->open.type == NULL)
    return;
  g_array_append_val (reader->entities, reader->open);
  memset (&reader->open, 0, sizeof reader->open);
}

/* Splits "B-PER" into its prefix and type; "O" has prefix 'O'. */
static gboolean
parse_tag (const char  *tag,
           char        *prefix,
           const char **type)
{
  if (g_str_equal (tag, "O"))
    {
      *prefix = 'O';
      *type = NULL;
      return TRUE;
    }
  if (strchr ("BIESLU", tag[0]) == NULL || tag[0] == '\0' || (tag[1] != '-' && tag[1] != '_')
      || tag[2] == '\0')
    return FALSE;
  *prefix = tag[0] == 'L' ? 'E' : tag[0] == 'U' ? 'S' : tag[0];
  *type = tag + 2;
  return TRUE;
}

static gboolean
finish_document (Reader  *reader,
                 GError **error)
{
  g_autoptr(GlossDocument) document = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GError) local_error = NULL;
  GlossImportedDocument *result;

  close_entity (reader);
  if (reader->length == 0)
    {
      g_array_set_size (reader->entities, 0);
      g_clear_pointer (&reader->doc_name, g_free);
      return TRUE;
    }
  g_string_append_c (reader->text, '\n');

  reader->doc_index++;
  if (reader->doc_name != NULL)
    name = _gloss_import_article_name (reader->doc_name, NULL);
  if (name == NULL && reader->n_docstarts > 1)
    {
      g_autofree char *numbered = NULL;
      int width = 1;

      for (guint n = reader->n_docstarts; n >= 10; n /= 10)
        width++;
      numbered = g_strdup_printf ("%s-%0*u", reader->base, width, reader->doc_index);
      name = _gloss_import_article_name (numbered, NULL);
    }
  if (name == NULL)
    name = _gloss_import_article_name (reader->base, NULL);

  bytes = g_string_free_to_bytes (g_steal_pointer (&reader->text));
  reader->text = g_string_new (NULL);
  reader->length = 0;
  reader->in_sentence = FALSE;
  g_clear_pointer (&reader->doc_name, g_free);

  document = gloss_document_new_from_bytes (name, bytes, &local_error);
  if (document == NULL)
    {
      _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_ENCODING, reader->filename,
                               reader->doc_line, "%s", local_error->message);
      return FALSE;
    }
  result = _gloss_import_document_new (name, document);
  result->annotations = _gloss_import_new_set (document, reader->options, NULL,
                                               reader->filename, reader->doc_line, error);
  if (result->annotations == NULL)
    {
      gloss_imported_document_free (result);
      return FALSE;
    }

  for (guint i = 0; i < reader->entities->len; i++)
    {
      Entity *entity = &g_array_index (reader->entities, Entity, i);
      const char *type_id;
      GlossImportTypeResult found;

      found = _gloss_import_resolve_type (reader->options, entity->type, FALSE, &type_id,
                                          reader->filename, entity->line, error);
      if (found == GLOSS_IMPORT_TYPE_UNKNOWN)
        {
          gloss_imported_document_free (result);
          return FALSE;
        }
      if (found == GLOSS_IMPORT_TYPE_SKIP)
        {
          _gloss_import_warn (result, reader->filename, entity->line,
                              "skipped entity of type “%s”", entity->type);
          continue;
        }
      if (gloss_annotation_set_add_entity (result->annotations, type_id, entity->start,
                                           entity->end, &local_error) == NULL)
        {
          _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, reader->filename,
                                   entity->line, "%s", local_error->message);
          gloss_imported_document_free (result);
          return FALSE;
        }
    }
  g_array_set_size (reader->entities, 0);

  return _gloss_import_deliver (result, reader->func, reader->user_data, error);
}

static gboolean
read_token (Reader      *reader,
            char        *text,
            guint        line,
            GError     **error)
{
  g_autoptr(GPtrArray) columns = g_ptr_array_new ();
  const char *token;
  const char *tag;
  const char *type;
  guint start;
  char prefix;

  /* Tab-separated when there is a tab (tokens may then hold spaces),
   * otherwise separated by runs of spaces. */
  if (strchr (text, '\t') != NULL)
    {
      for (char *p = text, *tab; p != NULL; p = tab != NULL ? tab + 1 : NULL)
        {
          tab = strchr (p, '\t');
          if (tab != NULL)
            *tab = '\0';
          g_ptr_array_add (columns, p);
        }
    }
  else
    {
      for (char *p = strtok (text, " "); p != NULL; p = strtok (NULL, " "))
        g_ptr_array_add (columns, p);
    }

  if (columns->len < 2)
    {
      _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, reader->filename, line,
                               "expected a token and its tag separated by a space or tab, "
                               "found “%s”", (const char *) g_ptr_array_index (columns, 0));
      return FALSE;
    }
  if (reader->options->conll_column > columns->len)
    {
      _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, reader->filename, line,
                               "the tag is to be in column %u but this line has %u columns",
                               reader->options->conll_column, columns->len);
      return FALSE;
    }
  token = g_ptr_array_index (columns, 0);
  tag = g_ptr_array_index (columns, reader->options->conll_column > 0
                                    ? reader->options->conll_column - 1
                                    : columns->len - 1);
  if (*token == '\0')
    {
      _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, reader->filename, line,
                               "empty token");
      return FALSE;
    }
  if (!parse_tag (tag, &prefix, &type))
    {
      /* "# sent_id = 3" and the like: comments, not tokens. */
      if (token[0] == '#')
        return TRUE;
      _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, reader->filename, line,
                               "“%s” is not a tag: expected O, B-TYPE, I-TYPE (IOB2) or "
                               "S-TYPE, E-TYPE (BIOES)", tag);
      return FALSE;
    }

  if (reader->length == 0 && !reader->in_sentence)
    reader->doc_line = reader->doc_line != 0 ? reader->doc_line : line;
  if (reader->in_sentence)
    {
      g_string_append_c (reader->text, ' ');
      reader->length++;
    }
  else if (reader->length > 0)
    {
      g_string_append_c (reader->text, '\n');
      reader->length++;
    }
  reader->in_sentence = TRUE;
  start = reader->length;
  g_string_append (reader->text, token);
  reader->length += g_utf8_strlen (token, -1);

  switch (prefix)
    {
    case 'O':
      close_entity (reader);
      break;

    case 'B':
    case 'S':
      close_entity (reader);
      reader->open.type = g_strdup (type);
      reader->open.start = start;
      reader->open.end = reader->length;
      reader->open.line = line;
      if (prefix == 'S')
        close_entity (reader);
      break;

    case 'I':
    case 'E':
      if (reader->open.type != NULL && g_str_equal (reader->open.type, type))
        reader->open.end = reader->length;
      else if (reader->options->conll_lenient)
        {
          close_entity (reader);
          reader->open.type = g_strdup (type);
          reader->open.start = start;
          reader->open.end = reader->length;
          reader->open.line = line;
        }
      else
        {
          if (reader->open.type != NULL)
            _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, reader->filename, line,
                                     "%s follows a %s entity; an entity must begin with B-%s "
                                     "(or read it as the start of one, as conlleval does, "
                                     "with --conll-lenient)", tag, reader->open.type, type);
          else
            _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, reader->filename, line,
                                     "%s without an entity to continue; an entity must begin "
                                     "with B-%s (or read it as the start of one, as conlleval "
                                     "does, with --conll-lenient)", tag, type);
          return FALSE;
        }
      if (prefix == 'E')
        close_entity (reader);
      break;

    default:
      g_assert_not_reached ();
    }
  return TRUE;
}

gboolean
gloss_import_conll (GBytes                   *bytes,
                    const char               *filename,
                    const GlossImportOptions *options,
                    GlossImportFunc           func,
                    gpointer                  user_data,
                    GError                  **error)
{
  g_autofree char *copy = NULL;
  g_autofree char *base = NULL;
  g_autoptr(GArray) entities = NULL;
  Reader reader = { 0 };
  const char *data;
  const char *bad = NULL;
  char *line_start;
  char *next;
  guint line = 0;
  gboolean ok = TRUE;
  gsize len;

  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (filename != NULL, FALSE);
  g_return_val_if_fail (options != NULL && GLOSS_IS_TAGSET (options->tagset), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  data = g_bytes_get_data (bytes, &len);
  if (data == NULL)
    data = "";
  if (!g_utf8_validate_len (data, len, &bad))
    {
      _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_ENCODING, filename,
                               _gloss_import_line_of (data, bad),
                               "invalid UTF-8 or NUL byte at byte %" G_GSIZE_FORMAT,
                               (gsize) (bad - data));
      return FALSE;
    }
  copy = g_strndup (data, len);

  base = g_path_get_basename (filename);
  for (const char *suffix_list[] = { ".conll", ".conllu", ".iob", ".iob2", ".bio", ".bioes",
                                     ".tsv", ".txt", NULL },
       **s = suffix_list; *s != NULL; s++)
    if (g_str_has_suffix (base, *s) && strlen (base) > strlen (*s))
      {
        base[strlen (base) - strlen (*s)] = '\0';
        break;
      }

  entities = g_array_new (FALSE, TRUE, sizeof (Entity));
  g_array_set_clear_func (entities, entity_clear);
  reader.options = options;
  reader.filename = filename;
  reader.func = func;
  reader.user_data = user_data;
  reader.base = base;
  reader.text = g_string_new (NULL);
  reader.entities = entities;

  for (const char *p = copy; (p = strstr (p, DOCSTART)) != NULL; p += strlen (DOCSTART))
    if (p == copy || p[-1] == '\n')
      reader.n_docstarts++;

  for (line_start = copy; ok && line_start != NULL; line_start = next)
    {
      gsize n;

      line++;
      next = strchr (line_start, '\n');
      if (next != NULL)
        *next++ = '\0';
      n = strlen (line_start);
      if (n > 0 && line_start[n - 1] == '\r')
        line_start[--n] = '\0';
      if (line == 1 && g_str_has_prefix (line_start, "\xEF\xBB\xBF"))
        line_start += 3;

      if (g_str_has_prefix (line_start, DOCSTART))
        {
          g_auto(GStrv) words = NULL;

          ok = finish_document (&reader, error);
          reader.doc_line = line;
          words = g_strsplit_set (line_start, " \t", -1);
          /* "-DOCSTART- -X- O O" in CoNLL 2003; a name ending in .txt is kept. */
          for (guint i = 1; words[i] != NULL; i++)
            if (g_str_has_suffix (words[i], ".txt") && reader.doc_name == NULL)
              reader.doc_name = g_strdup (words[i]);
          continue;
        }
      if (g_strstrip (line_start)[0] == '\0')
        {
          close_entity (&reader);
          reader.in_sentence = FALSE;
          continue;
        }
      ok = read_token (&reader, line_start, line, error);
    }
  if (ok)
    ok = finish_document (&reader, error);

  close_entity (&reader);
  g_clear_pointer (&reader.doc_name, g_free);
  g_string_free (reader.text, TRUE);
  return ok;
}
