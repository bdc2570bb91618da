/* gloss-cli-export.c: gloss-cli export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-cli"

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "gloss-export.h"
#include "gloss-cli.h"

static void
show_progress (guint       done,
               guint       total,
               const char *article,
               gpointer    user_data)
{
  gloss_cli_progress (done, total, article);
}

int
gloss_cli_export (int    argc,
                  char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *format_name = NULL;
  g_autofree char *annotator = NULL;
  g_autofree char *types = NULL;
  g_autofree char *output = NULL;
  g_autofree char *scheme = NULL;
  g_autofree char *partial = NULL;
  g_autofree char *base = NULL;
  g_auto(GStrv) type_list = NULL;
  g_autoptr(GFile) corpus = NULL;
  g_autoptr(GFile) out = NULL;
  g_autoptr(GlossExportSummary) summary = NULL;
  GlossExportOptions options = GLOSS_EXPORT_OPTIONS_INIT;
  GlossExportFormat format;
  gboolean gold = FALSE;
  gboolean bom = FALSE;
  gboolean quiet = FALSE;
  int layers = 1;
  const GOptionEntry entries[] = {
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_name,
      N_("conll, jsonl, brat, w3c, webanno-tsv or csv"), N_("FORMAT") },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output,
      N_("Where to write: a file (“-” for standard output) or, for brat and webanno-tsv, a new folder"),
      N_("OUT") },
    { "annotator", 'a', 0, G_OPTION_ARG_STRING, &annotator,
      N_("Export this annotator's sidecars"), N_("ID") },
    { "gold", 'g', 0, G_OPTION_ARG_NONE, &gold,
      N_("Export the adjudicated (gold) sidecars"), NULL },
    { "types", 't', 0, G_OPTION_ARG_STRING, &types,
      N_("Keep only these entity types (and claims with “claim”)"), N_("T,…") },
    { "scheme", 0, 0, G_OPTION_ARG_STRING, &scheme,
      N_("conll: iob2 (default) or bioes"), N_("SCHEME") },
    { "layers", 0, 0, G_OPTION_ARG_INT, &layers,
      N_("conll: tag columns for overlapping entities (default 1)"), N_("N") },
    { "partial", 0, 0, G_OPTION_ARG_STRING, &partial,
      N_("conll, webanno-tsv: a span cutting through a token is an error (default) or is skipped"),
      N_("error|skip") },
    { "bom", 0, 0, G_OPTION_ARG_NONE, &bom,
      N_("csv: begin with a UTF-8 byte-order mark (for spreadsheet programs)"), NULL },
    { "base", 0, 0, G_OPTION_ARG_STRING, &base,
      N_("w3c: base IRI of the articles (default: the corpus folder's file:// IRI)"), N_("IRI") },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet,
      N_("Print no summary and no warnings, only errors"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("CORPUS -o OUT — write a labeled dataset"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Exports the articles (*.txt) of the folder CORPUS with their annotations.\n"
      "\n"
      "Formats (docs/export-formats.md describes each exactly):\n"
      "  conll        one token per line, IOB2 (or BIOES) tags, -DOCSTART- between\n"
      "               documents; entities only. OUT is a file.\n"
      "  jsonl        one JSON object per document and line: text, entities\n"
      "               [start, end, type], spans, claims, relations. OUT is a file.\n"
      "  csv          one row per claim (RFC 4180, UTF-8, CRLF). OUT is a file.\n"
      "  w3c          W3C Web Annotation JSON-LD: one AnnotationCollection. OUT is a file.\n"
      "  brat         NAME.txt + NAME.ann per document, annotation.conf and visual.conf\n"
      "               from the tagset. OUT is a new folder.\n"
      "  webanno-tsv  WebAnno TSV 3.3 for INCEpTION, one NAME.tsv per document,\n"
      "               UTF-16 offsets. OUT is a new folder.\n"
      "\n"
      "Whose annotations: --annotator ID or --gold; with neither, every sidecar is\n"
      "exported as its own document with its annotator recorded (the folder formats\n"
      "put each annotator in a sub-folder when there are several). Articles without\n"
      "a sidecar of the chosen annotator are left out and counted.\n"
      "\n"
      "Offsets are Unicode code points of the text without its byte-order mark\n"
      "(webanno-tsv: UTF-16 code units). Time stamps come from the sidecars, so the\n"
      "same corpus always gives the same bytes. The output is written to a temporary\n"
      "file or folder and moved into place at the end: a failure leaves nothing.\n"
      "\n"
      "CoNLL overlaps: each entity goes to the first tag column where it overlaps no\n"
      "entity already placed (by start, longer first): the outermost wins the first\n"
      "column; --layers N adds columns; what does not fit is left out with a warning.\n"
      "\n"
      "Exit status: 0 exported, 1 exported with warnings (annotations left out),\n"
      "2 usage error, unreadable or invalid input, or a failed write (nothing written)."));

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("gloss-cli export: %s\n", error->message);
      return GLOSS_CLI_EXIT_USAGE;
    }
  if (argc != 2)
    {
      g_printerr ("gloss-cli export: give one corpus folder (see gloss-cli export --help)\n");
      return GLOSS_CLI_EXIT_USAGE;
    }
  if (format_name == NULL || !gloss_export_format_from_string (format_name, &format))
    {
      g_printerr ("gloss-cli export: %s --format: conll, jsonl, brat, w3c, webanno-tsv or csv\n",
                  format_name == NULL ? "give" : "unknown format; give");
      return GLOSS_CLI_EXIT_USAGE;
    }
  if (output == NULL)
    {
      g_printerr ("gloss-cli export: give the output with -o OUT\n");
      return GLOSS_CLI_EXIT_USAGE;
    }
  if (annotator != NULL && gold)
    {
      g_printerr ("gloss-cli export: give --annotator or --gold, not both\n");
      return GLOSS_CLI_EXIT_USAGE;
    }
  if (scheme != NULL && !g_str_equal (scheme, "iob2") && !g_str_equal (scheme, "bioes"))
    {
      g_printerr ("gloss-cli export: --scheme is iob2 or bioes, not “%s”\n", scheme);
      return GLOSS_CLI_EXIT_USAGE;
    }
  if (partial != NULL && !g_str_equal (partial, "error") && !g_str_equal (partial, "skip"))
    {
      g_printerr ("gloss-cli export: --partial is error or skip, not “%s”\n", partial);
      return GLOSS_CLI_EXIT_USAGE;
    }
  if (layers < 1 || layers > 64)
    {
      g_printerr ("gloss-cli export: --layers takes 1 to 64, not %d\n", layers);
      return GLOSS_CLI_EXIT_USAGE;
    }

  corpus = g_file_new_for_commandline_arg (argv[1]);
  if (g_file_query_file_type (corpus, G_FILE_QUERY_INFO_NONE, NULL) != G_FILE_TYPE_DIRECTORY)
    {
      g_printerr ("%s: not a folder; give the corpus folder that holds the articles\n", argv[1]);
      return GLOSS_CLI_EXIT_USAGE;
    }

  if (types != NULL)
    {
      type_list = g_strsplit (types, ",", -1);
      for (guint i = 0; type_list[i] != NULL; i++)
        g_strstrip (type_list[i]);
    }

  options.annotator = annotator;
  options.gold = gold;
  options.types = (const char * const *) type_list;
  options.scheme = scheme != NULL && g_str_equal (scheme, "bioes")
                   ? GLOSS_EXPORT_SCHEME_BIOES : GLOSS_EXPORT_SCHEME_IOB2;
  options.layers = (guint) layers;
  options.partial = partial != NULL && g_str_equal (partial, "skip")
                    ? GLOSS_EXPORT_PARTIAL_SKIP : GLOSS_EXPORT_PARTIAL_ERROR;
  options.bom = bom;
  options.base = base;

  if (!g_str_equal (output, "-"))
    out = g_file_new_for_commandline_arg (output);

  summary = gloss_export_corpus (corpus, format, &options, out, show_progress, NULL, NULL, &error);
  gloss_cli_progress (0, 0, NULL);
  if (summary == NULL)
    {
      if (g_error_matches (error, GLOSS_EXPORT_ERROR, GLOSS_EXPORT_ERROR_PARTIAL_TOKEN))
        g_printerr ("%s (--partial=skip leaves such spans out)\n", error->message);
      else
        g_printerr ("%s\n", error->message);
      return GLOSS_CLI_EXIT_USAGE;
    }

  if (!quiet)
    {
      for (guint i = 0; i < summary->warnings->len; i++)
        g_printerr ("%s\n", (const char *) g_ptr_array_index (summary->warnings, i));
      g_printerr ("%s: %u documents (%u entities, %u claims, %u relations)",
                  out != NULL ? output : "standard output", summary->n_documents,
                  summary->n_entities, summary->n_claims, summary->n_relations);
      if (summary->n_articles_skipped > 0)
        g_printerr ("; %u articles without a sidecar%s%s left out", summary->n_articles_skipped,
                    gold || annotator != NULL ? " of " : "",
                    gold ? "gold" : annotator != NULL ? annotator : "");
      if (summary->n_left_out > 0)
        g_printerr ("; %u annotations left out", summary->n_left_out);
      g_printerr ("\n");
    }

  return summary->n_left_out > 0 || summary->warnings->len > 0
         ? GLOSS_CLI_EXIT_FINDINGS : GLOSS_CLI_EXIT_OK;
}
