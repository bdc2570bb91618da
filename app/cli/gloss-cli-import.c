/* gloss-cli-import.c: gloss-cli import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-cli"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "gloss-import.h"
#include "gloss-cli.h"

/* One thing to read: a file, or for brat a .txt/.ann pair. */
typedef struct
{
  char *path;      /* the file (brat: the .ann) */
  char *text_path; /* brat: the .txt */
} Input;

static void
input_free (Input *input)
{
  g_free (input->path);
  g_free (input->text_path);
  g_free (input);
}

typedef struct
{
  GlossImportWriter *writer;
  guint              n_annotated;
  guint              n_warnings;
} Import;

static gboolean
on_document (GlossImportedDocument *document,
             gpointer               user_data,
             GError               **error)
{
  Import *import = user_data;

  for (guint i = 0; i < document->warnings->len; i++)
    g_printerr ("%s\n", (const char *) g_ptr_array_index (document->warnings, i));
  import->n_warnings += document->warnings->len;
  if (document->annotations != NULL && gloss_annotation_set_get_size (document->annotations) > 0)
    import->n_annotated++;
  return gloss_import_writer_add (import->writer, document, error);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The files of @folder whose names end with one of @suffixes, sorted. */
static gboolean
list_folder (const char          *folder,
             const char * const  *suffixes,
             GPtrArray           *out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = g_dir_open (folder, 0, &error);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;

  if (dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    for (guint i = 0; suffixes[i] != NULL; i++)
      if (name[0] != '.' && g_str_has_suffix (name, suffixes[i]))
        {
          g_ptr_array_add (names, g_build_filename (folder, name, NULL));
          break;
        }
  g_ptr_array_sort (names, compare_strings);
  for (guint i = 0; i < names->len; i++)
    g_ptr_array_add (out, g_strdup (g_ptr_array_index (names, i)));
  return TRUE;
}

static char *
replace_suffix (const char *path,
                const char *from,
                const char *to)
{
  return g_strdup_printf ("%.*s%s", (int) (strlen (path) - strlen (from)), path, to);
}

/* Turns the command line's inputs into files to read. */
static gboolean
collect_inputs (GlossImportFormat   format,
                char              **args,
                GPtrArray          *inputs)
{
  static const char * const brat_suffixes[] = { ".ann", NULL };
  static const char * const text_suffixes[] = { ".txt", NULL };
  static const char * const html_suffixes[] = { ".html", ".htm", ".xhtml", NULL };
  static const char * const jsonl_suffixes[] = { ".jsonl", NULL };
  static const char * const conll_suffixes[] = { ".conll", ".iob", ".bio", ".bioes", NULL };
  const char * const *suffixes = format == GLOSS_IMPORT_FORMAT_BRAT ? brat_suffixes
                                 : format == GLOSS_IMPORT_FORMAT_TEXT ? text_suffixes
                                 : format == GLOSS_IMPORT_FORMAT_HTML ? html_suffixes
                                 : format == GLOSS_IMPORT_FORMAT_JSONL ? jsonl_suffixes
                                 : conll_suffixes;

  for (guint i = 0; args[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
      const char *arg = args[i];

      if (g_str_equal (arg, "-"))
        {
          if (format != GLOSS_IMPORT_FORMAT_JSONL && format != GLOSS_IMPORT_FORMAT_CONLL)
            {
              g_printerr ("gloss-cli import: “-” (standard input) works only for jsonl and conll\n");
              return FALSE;
            }
          g_ptr_array_add (files, g_strdup (arg));
        }
      else if (g_file_test (arg, G_FILE_TEST_IS_DIR))
        {
          if (!list_folder (arg, suffixes, files))
            return FALSE;
          if (files->len == 0)
            {
              g_autofree char *wanted = g_strjoinv (", ", (char **) suffixes);

              g_printerr ("%s: no %s files in this folder\n", arg, wanted);
              return FALSE;
            }
        }
      else if (g_file_test (arg, G_FILE_TEST_EXISTS))
        g_ptr_array_add (files, g_strdup (arg));
      else
        {
          g_printerr ("%s: no such file or folder\n", arg);
          return FALSE;
        }

      for (guint f = 0; f < files->len; f++)
        {
          Input *input = g_new0 (Input, 1);
          const char *file = g_ptr_array_index (files, f);

          if (format == GLOSS_IMPORT_FORMAT_BRAT)
            {
              /* NAME.ann or NAME.txt: either names the pair. */
              if (g_str_has_suffix (file, ".ann"))
                {
                  input->path = g_strdup (file);
                  input->text_path = replace_suffix (file, ".ann", ".txt");
                }
              else if (g_str_has_suffix (file, ".txt"))
                {
                  input->path = replace_suffix (file, ".txt", ".ann");
                  input->text_path = g_strdup (file);
                }
              else
                {
                  g_printerr ("%s: give brat documents as NAME.ann or NAME.txt (the other "
                              "beside it), or their folder\n", file);
                  input_free (input);
                  return FALSE;
                }
            }
          else
            input->path = g_strdup (file);
          g_ptr_array_add (inputs, input);
        }
    }
  return TRUE;
}

static GBytes *
read_input (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GMappedFile) mapped = NULL;

  if (g_str_equal (path, "-"))
    {
      GByteArray *data = g_byte_array_new ();
      guint8 buffer[65536];
      size_t n;

      while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
        g_byte_array_append (data, buffer, n);
      if (ferror (stdin))
        {
          g_printerr ("stdin: cannot be read\n");
          g_byte_array_unref (data);
          return NULL;
        }
      return g_byte_array_free_to_bytes (data);
    }

  /* Mapped, not read: a large JSONL file need not fit in memory twice. */
  mapped = g_mapped_file_new (path, FALSE, &error);
  if (mapped == NULL)
    {
      g_printerr ("%s\n", error->message);
      return NULL;
    }
  return g_mapped_file_get_bytes (mapped);
}

static int
status_for (const GError *error)
{
  if (error->domain == GLOSS_IMPORT_ERROR
      && (error->code == GLOSS_IMPORT_ERROR_IO || error->code == GLOSS_IMPORT_ERROR_EXISTS))
    return GLOSS_CLI_EXIT_USAGE;
  if (error->domain == GLOSS_IMPORT_ERROR || error->domain == GLOSS_DOCUMENT_ERROR)
    return GLOSS_CLI_EXIT_FINDINGS;
  return GLOSS_CLI_EXIT_USAGE;
}

int
gloss_cli_import (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *annotator = NULL;
  g_autofree char *annotator_name = NULL;
  g_autofree char *types_map = NULL;
  g_autofree char *output = NULL;
  g_autofree char *encoding = NULL;
  g_autofree char *discontinuous = NULL;
  g_auto(GStrv) maps = NULL;
  g_autoptr(GHashTable) type_map = NULL;
  g_autoptr(GPtrArray) inputs = g_ptr_array_new_with_free_func ((GDestroyNotify) input_free);
  g_autoptr(GFile) folder = NULL;
  g_autoptr(GlossTagset) tagset = NULL;
  g_autoptr(GlossImportWriter) writer = NULL;
  GlossImportOptions options = { 0 };
  GlossImportFormat format;
  Import import = { 0 };
  gboolean skip_unknown = FALSE;
  gboolean lenient = FALSE;
  gboolean force = FALSE;
  int tag_column = 0;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name,
      N_("brat, jsonl, conll, text or html"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("The corpus folder to import into (made if it does not exist)"), N_("FOLDER") },
    { "annotator", 'a', 0, G_OPTION_ARG_STRING, &annotator,
      N_("Whose annotations these are (the sidecars' annotator id)"), N_("ID") },
    { "annotator-name", 0, 0, G_OPTION_ARG_STRING, &annotator_name,
      N_("The annotator's display name"), N_("NAME") },
    { "map", 'm', 0, G_OPTION_ARG_STRING_ARRAY, &maps,
      N_("Read the foreign type FOREIGN as TYPE (TYPE empty: skip it); repeatable"),
      N_("FOREIGN=TYPE") },
    { "types-map", 0, 0, G_OPTION_ARG_FILENAME, &types_map,
      N_("Read “FOREIGN = TYPE” lines from FILE"), N_("FILE") },
    { "skip-unknown", 0, 0, G_OPTION_ARG_NONE, &skip_unknown,
      N_("Leave out annotations of unknown types, with a warning, instead of failing"), NULL },
    { "discontinuous", 0, 0, G_OPTION_ARG_STRING, &discontinuous,
      N_("brat spans in several fragments: “error” (default) or “cover” (one span over all)"),
      N_("RULE") },
    { "conll-lenient", 0, 0, G_OPTION_ARG_NONE, &lenient,
      N_("CoNLL: read I-TYPE after O or another type as the start of an entity (conlleval)"),
      NULL },
    { "tag-column", 0, 0, G_OPTION_ARG_INT, &tag_column,
      N_("CoNLL: the column of the tag, from 1 (default: the last)"), N_("N") },
    { "encoding", 'e', 0, G_OPTION_ARG_STRING, &encoding,
      N_("text, html: the files' encoding (e.g. windows-1252); default UTF-8 (html: detected)"),
      N_("ENCODING") },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force,
      N_("Replace files that already exist in the corpus folder"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("INPUT… -o FOLDER — bring articles and annotations into a corpus"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Formats and inputs (docs/import-formats.md has the details):\n"
      "  brat   NAME.ann (or NAME.txt) with NAME.txt beside it, or a folder of them.\n"
      "         T entities, E Claim events (Source, Cue, Parent), A attributes,\n"
      "         R relations, N links, # AnnotatorNotes.\n"
      "  jsonl  one document per line: Gloss's export, spaCy/doccano \"entities\" or\n"
      "         \"label\" [[start, end, label]], Prodigy \"spans\". “-” reads stdin.\n"
      "  conll  token-per-line IOB2 or BIOES; the text is the tokens joined by spaces,\n"
      "         sentences by line breaks; -DOCSTART- begins a new article.\n"
      "  text   .txt files, checked as UTF-8 (or converted with --encoding).\n"
      "  html   web pages: headline and paragraphs; where the page came from goes into\n"
      "         NAME.txt.origin.\n"
      "Offsets are Unicode code points. Types are matched to the tagset of FOLDER (or\n"
      "the built-in one) by id or label in any case, and PER, ORG, LOC… by their usual\n"
      "meaning; --map and --types-map say the rest.\n\n"
      "Nothing is written unless every input is valid, and no file of FOLDER is replaced\n"
      "without --force (an article with the very same text is kept as it is, so a\n"
      "second annotator's work can come in beside the first).\n\n"
      "Exit status: 0 imported, 1 an input is malformed (FILE:LINE: problem),\n"
      "2 usage or I/O error, or a file exists."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("gloss-cli import: %s\n", error->message);
      return GLOSS_CLI_EXIT_USAGE;
    }
  if (format_name == NULL || !gloss_import_format_from_string (format_name, &format))
    {
      g_printerr ("gloss-cli import: give --format brat, jsonl, conll, text or html\n");
      return GLOSS_CLI_EXIT_USAGE;
    }
  if (output == NULL)
    {
      g_printerr ("gloss-cli import: give the corpus folder to import into with -o FOLDER\n");
      return GLOSS_CLI_EXIT_USAGE;
    }
  if (argc < 2)
    {
      g_printerr ("gloss-cli import: give at least one input (see gloss-cli import --help)\n");
      return GLOSS_CLI_EXIT_USAGE;
    }
  if (annotator != NULL && !gloss_annotator_id_is_valid (annotator))
    {
      g_printerr ("gloss-cli import: “%s” is not a valid annotator id (1–64 characters from "
                  "a-z, 0-9, “-”, “_” and “.”, beginning with a letter or digit)\n", annotator);
      return GLOSS_CLI_EXIT_USAGE;
    }
  if (annotator == NULL && (format == GLOSS_IMPORT_FORMAT_BRAT || format == GLOSS_IMPORT_FORMAT_CONLL))
    {
      g_printerr ("gloss-cli import: say whose annotations these are with --annotator ID\n");
      return GLOSS_CLI_EXIT_USAGE;
    }
  if (discontinuous != NULL && !g_str_equal (discontinuous, "error")
      && !g_str_equal (discontinuous, "cover"))
    {
      g_printerr ("gloss-cli import: --discontinuous is “error” or “cover”\n");
      return GLOSS_CLI_EXIT_USAGE;
    }
  if (tag_column < 0)
    {
      g_printerr ("gloss-cli import: --tag-column counts from 1\n");
      return GLOSS_CLI_EXIT_USAGE;
    }
  if (encoding != NULL && format != GLOSS_IMPORT_FORMAT_TEXT && format != GLOSS_IMPORT_FORMAT_HTML)
    {
      g_printerr ("gloss-cli import: --encoding applies to text and html (the other formats "
                  "are UTF-8)\n");
      return GLOSS_CLI_EXIT_USAGE;
    }

  type_map = gloss_import_type_map_new ();
  if (types_map != NULL)
    {
      g_autoptr(GBytes) bytes = read_input (types_map);

      if (bytes == NULL)
        return GLOSS_CLI_EXIT_USAGE;
      if (!gloss_import_parse_type_map (type_map, bytes, types_map, &error))
        {
          g_printerr ("%s\n", error->message);
          return GLOSS_CLI_EXIT_USAGE;
        }
    }
  for (guint i = 0; maps != NULL && maps[i] != NULL; i++)
    {
      const char *equals = strchr (maps[i], '=');

      if (equals == NULL || equals == maps[i])
        {
          g_printerr ("gloss-cli import: --map takes FOREIGN=TYPE, not “%s”\n", maps[i]);
          return GLOSS_CLI_EXIT_USAGE;
        }
      g_hash_table_replace (type_map, g_strndup (maps[i], equals - maps[i]), g_strdup (equals + 1));
    }

  if (!collect_inputs (format, argv + 1, inputs))
    return GLOSS_CLI_EXIT_USAGE;

  folder = g_file_new_for_commandline_arg (output);
  tagset = gloss_tagset_load_for_folder (folder, NULL, &error);
  if (tagset == NULL)
    {
      g_printerr ("%s\n", error->message);
      return GLOSS_CLI_EXIT_USAGE;
    }

  options.tagset = tagset;
  options.annotator_id = annotator;
  options.annotator_name = annotator_name;
  options.type_map = type_map;
  options.skip_unknown_types = skip_unknown;
  options.cover_discontinuous = g_strcmp0 (discontinuous, "cover") == 0;
  options.conll_lenient = lenient;
  options.conll_column = (guint) tag_column;
  options.encoding = encoding;

  writer = gloss_import_writer_new (folder, force, &error);
  if (writer == NULL)
    {
      g_printerr ("%s\n", error->message);
      return GLOSS_CLI_EXIT_USAGE;
    }
  import.writer = writer;

  for (guint i = 0; i < inputs->len; i++)
    {
      Input *input = g_ptr_array_index (inputs, i);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GBytes) text = NULL;
      const char *display = g_str_equal (input->path, "-") ? "stdin" : input->path;
      gboolean ok;

      gloss_cli_progress (i + 1, inputs->len, display);
      bytes = read_input (input->path);
      if (bytes != NULL && input->text_path != NULL)
        text = read_input (input->text_path);
      if (bytes == NULL || (input->text_path != NULL && text == NULL))
        {
          gloss_cli_progress (0, 0, NULL);
          g_printerr ("gloss-cli import: nothing was imported; %s is as it was\n", output);
          return GLOSS_CLI_EXIT_USAGE;
        }

      switch (format)
        {
        case GLOSS_IMPORT_FORMAT_BRAT:
          ok = gloss_import_brat (text, input->text_path, bytes, input->path, &options,
                                  on_document, &import, &error);
          break;
        case GLOSS_IMPORT_FORMAT_JSONL:
          ok = gloss_import_jsonl (bytes, display, &options, on_document, &import, &error);
          break;
        case GLOSS_IMPORT_FORMAT_CONLL:
          ok = gloss_import_conll (bytes, display, &options, on_document, &import, &error);
          break;
        case GLOSS_IMPORT_FORMAT_TEXT:
          ok = gloss_import_text (bytes, display, &options, on_document, &import, &error);
          break;
        case GLOSS_IMPORT_FORMAT_HTML:
        default:
          ok = gloss_import_html (bytes, display, &options, on_document, &import, &error);
          break;
        }
      gloss_cli_progress (0, 0, NULL);

      if (!ok)
        {
          g_printerr ("%s\n", error->message);
          g_printerr ("gloss-cli import: nothing was imported; %s is as it was\n", output);
          return status_for (error);
        }
    }

  if (!gloss_import_writer_commit (writer, &error))
    {
      g_printerr ("%s\n", error->message);
      g_printerr ("gloss-cli import: nothing was imported; %s is as it was\n", output);
      return status_for (error);
    }

  g_print ("imported %u article%s into %s (%u with annotations)%s\n",
           gloss_import_writer_get_n_documents (writer),
           gloss_import_writer_get_n_documents (writer) == 1 ? "" : "s",
           output, import.n_annotated,
           import.n_warnings > 0 ? ", with warnings" : "");
  return GLOSS_CLI_EXIT_OK;
}
