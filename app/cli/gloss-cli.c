/* gloss-cli.c: Gloss without a display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-cli"

#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "gloss-annotation-set.h"
#include "gloss-document.h"
#include "gloss-sidecar.h"
#include "gloss-tagset.h"
#include "gloss-xml.h"
#include "gloss-cli.h"

enum
{
  EXIT_OK = GLOSS_CLI_EXIT_OK,
  EXIT_FINDINGS = GLOSS_CLI_EXIT_FINDINGS,
  EXIT_USAGE = GLOSS_CLI_EXIT_USAGE,
};

typedef struct
{
  const char *name;
  const char *summary;
  int (*run) (int argc, char **argv);
} Command;

static gboolean progress_enabled;

void
gloss_cli_progress (guint       done,
                    guint       total,
                    const char *what)
{
  if (!progress_enabled)
    return;
  if (what != NULL)
    g_printerr ("\r\033[K[%u/%u] %s", done, total, what);
  else
    g_printerr ("\r\033[K");
}

/* The kind of Gloss file, from its root element, without a full parse. */
typedef enum
{
  FILE_KIND_UNKNOWN,
  FILE_KIND_SIDECAR,
  FILE_KIND_TAGSET,
} FileKind;

static FileKind
sniff_kind (GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  gsize n = MIN (len, 4096);

  /* The namespace URI is what identifies the format; it appears in the
   * root element, which comes within the first few lines. */
  if (g_strstr_len (data, n, GLOSS_SIDECAR_NAMESPACE) != NULL)
    return FILE_KIND_SIDECAR;
  if (g_strstr_len (data, n, "urn:gloss:tagset:") != NULL)
    return FILE_KIND_TAGSET;
  return FILE_KIND_UNKNOWN;
}

static GBytes *
read_file_or_report (GFile *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *path = g_file_get_path (file);
  gsize len;

  if (!g_file_get_contents (path, &contents, &len, &error))
    {
      g_printerr ("%s: %s\n", path, error->message);
      return NULL;
    }
  return g_bytes_new_take (g_steal_pointer (&contents), len);
}

/* Loads the article a sidecar names and the tagset of its folder. Returns
 * FALSE with a message printed when either cannot be had. */
GlossAnnotationSet *
gloss_cli_load_sidecar (GFile               *file,
                        GBytes              *bytes,
                        GlossSidecarReport **report,
                        gboolean            *io_failure)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *display = g_file_get_path (file);
  g_autofree char *source_name = NULL;
  g_autofree char *annotator = NULL;
  g_autoptr(GFile) folder = g_file_get_parent (file);
  g_autoptr(GFile) article_file = NULL;
  g_autoptr(GlossDocument) document = NULL;
  g_autoptr(GlossTagset) tagset = NULL;
  GlossAnnotationSet *set;

  *io_failure = FALSE;

  if (!gloss_sidecar_peek_bytes (bytes, display, &source_name, &annotator, &error))
    {
      g_printerr ("%s\n", error->message);
      return NULL;
    }

  article_file = g_file_get_child (folder, source_name);
  document = gloss_document_load (article_file, NULL, &error);
  if (document == NULL)
    {
      g_autofree char *article_path = g_file_get_path (article_file);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_printerr ("%s: the article it annotates, %s, is missing\n", display, article_path);
      else
        g_printerr ("%s: cannot read its article: %s\n", display, error->message);
      return NULL;
    }

  tagset = gloss_tagset_load_for_folder (folder, NULL, &error);
  if (tagset == NULL)
    {
      g_printerr ("%s\n", error->message);
      return NULL;
    }

  set = gloss_sidecar_load_bytes (bytes, display, document, tagset, report, &error);
  if (set == NULL)
    {
      g_printerr ("%s\n", error->message);
      return NULL;
    }
  return set;
}

/* ---- validate ---------------------------------------------------------- */

static int
validate_one (const char *path,
              gboolean    quiet)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (path);
  g_autofree char *display = g_file_get_path (file);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  if (g_file_query_file_type (file, G_FILE_QUERY_INFO_NONE, NULL) == G_FILE_TYPE_DIRECTORY)
    {
      g_printerr ("%s: is a folder; give the files to validate (e.g. %s/*.gloss.xml)\n",
                  display, path);
      return EXIT_USAGE;
    }

  bytes = read_file_or_report (file);
  if (bytes == NULL)
    return EXIT_USAGE;

  switch (sniff_kind (bytes))
    {
    case FILE_KIND_TAGSET:
      {
        g_autoptr(GlossTagset) tagset = gloss_tagset_new_from_bytes (bytes, display, &error);

        if (tagset == NULL)
          {
            g_printerr ("%s\n", error->message);
            return EXIT_FINDINGS;
          }
        if (!quiet)
          g_print ("%s: valid tagset “%s” version %s (%u entity types, %u attributes, "
                   "%u relation types)\n",
                   display, gloss_tagset_get_id (tagset), gloss_tagset_get_version (tagset),
                   gloss_tagset_get_n_entity_types (tagset),
                   gloss_tagset_get_n_attributes (tagset),
                   gloss_tagset_get_n_relation_types (tagset));
        return EXIT_OK;
      }

    case FILE_KIND_SIDECAR:
      {
        g_autoptr(GlossSidecarReport) report = NULL;
        g_autoptr(GlossAnnotationSet) set = NULL;
        g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
        gboolean io_failure;
        int status = EXIT_OK;

        set = gloss_cli_load_sidecar (file, bytes, &report, &io_failure);
        if (set == NULL)
          return io_failure ? EXIT_USAGE : EXIT_FINDINGS;

        for (guint i = 0; report != NULL && report->warnings != NULL && i < report->warnings->len; i++)
          g_printerr ("%s\n", (const char *) g_ptr_array_index (report->warnings, i));

        if (report != NULL && report->source_changed)
          {
            g_printerr ("%s: the article %s changed since these annotations were made: "
                        "%u spans still match their quote, %u do not\n",
                        display, report->source_name, report->n_anchored, report->n_unanchored);
            if (report->n_unanchored > 0)
              status = EXIT_FINDINGS;
          }

        if (!gloss_annotation_set_validate (set, problems))
          {
            for (guint i = 0; i < problems->len; i++)
              g_printerr ("%s: %s\n", display, (const char *) g_ptr_array_index (problems, i));
            status = EXIT_FINDINGS;
          }

        if (status == EXIT_OK && !quiet)
          g_print ("%s: valid (%u entities, %u claims, %u relations)\n", display,
                   g_list_model_get_n_items (gloss_annotation_set_get_entities (set)),
                   g_list_model_get_n_items (gloss_annotation_set_get_claims (set)),
                   g_list_model_get_n_items (gloss_annotation_set_get_relations (set)));
        return status;
      }

    case FILE_KIND_UNKNOWN:
    default:
      g_printerr ("%s:1: not a Gloss sidecar or tagset (no Gloss namespace in its root element)\n",
                  display);
      return EXIT_FINDINGS;
    }
}

int
gloss_cli_validate (int    argc,
                    char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  gboolean quiet = FALSE;
  int worst = EXIT_OK;
  const GOptionEntry entries[] = {
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, N_("Print only problems"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("FILE… — check sidecars and tagsets"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Checks each sidecar (NAME.txt.ANNOTATOR.gloss.xml) against the schema, its article and\n"
      "the tagset of its folder, and each tagset file against the tagset schema.\n"
      "Problems are printed as FILE:LINE: message.\n\n"
      "Exit status: 0 all valid, 1 problems found, 2 usage or I/O error."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("gloss-cli validate: %s\n", error->message);
      return EXIT_USAGE;
    }
  if (argc < 2)
    {
      g_printerr ("gloss-cli validate: give at least one file (see gloss-cli validate --help)\n");
      return EXIT_USAGE;
    }

  for (int i = 1; i < argc; i++)
    {
      int status;

      gloss_cli_progress (i, argc - 1, argv[i]);
      status = validate_one (argv[i], quiet);
      gloss_cli_progress (0, 0, NULL);
      worst = MAX (worst, status);
    }
  return worst;
}

/* ---- stats ------------------------------------------------------------- */

typedef struct
{
  GHashTable *per_annotator; /* annotator id → GHashTable (type → count) */
  GHashTable *documents;     /* annotator id → GHashTable (article name set) */
  GHashTable *totals;        /* type → count */
  guint       n_sidecars;
  guint       n_failed;
} Stats;

static void
stats_add (Stats              *stats,
           GlossAnnotationSet *set)
{
  g_autoptr(GHashTable) counts = gloss_annotation_set_count_types (set);
  const char *annotator = gloss_annotation_set_get_annotator_id (set);
  const char *article = gloss_document_get_name (gloss_annotation_set_get_document (set));
  GHashTable *mine = g_hash_table_lookup (stats->per_annotator, annotator);
  GHashTable *docs = g_hash_table_lookup (stats->documents, annotator);
  GHashTableIter iter;
  gpointer key, value;

  if (mine == NULL)
    {
      mine = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (stats->per_annotator, g_strdup (annotator), mine);
      docs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_hash_table_insert (stats->documents, g_strdup (annotator), docs);
    }
  g_hash_table_add (docs, g_strdup (article));

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      guint n = GPOINTER_TO_UINT (value);
      guint old = GPOINTER_TO_UINT (g_hash_table_lookup (mine, key));

      g_hash_table_replace (mine, g_strdup (key), GUINT_TO_POINTER (old + n));
      old = GPOINTER_TO_UINT (g_hash_table_lookup (stats->totals, key));
      g_hash_table_replace (stats->totals, g_strdup (key), GUINT_TO_POINTER (old + n));
    }
  stats->n_sidecars++;
}

static void
collect_sidecars (GFile     *folder,
                  GPtrArray *out,
                  GError   **error)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;

  enumerator = g_file_enumerate_children (folder,
                                          G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                          G_FILE_QUERY_INFO_NONE, NULL, error);
  if (enumerator == NULL)
    return;

  for (;;)
    {
      GFileInfo *info;
      GFile *child;

      if (!g_file_enumerator_iterate (enumerator, &info, &child, NULL, error))
        return;
      if (info == NULL)
        break;
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        {
          if (g_file_info_get_name (info)[0] != '.')
            collect_sidecars (child, out, error);
          if (error != NULL && *error != NULL)
            return;
        }
      else if (g_str_has_suffix (g_file_info_get_name (info), GLOSS_SIDECAR_SUFFIX))
        g_ptr_array_add (out, g_object_ref (child));
    }
}

static int
compare_files (gconstpointer a,
               gconstpointer b)
{
  g_autofree char *pa = g_file_get_path (*(GFile **) a);
  g_autofree char *pb = g_file_get_path (*(GFile **) b);

  return g_strcmp0 (pa, pb);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Types in a stable order: entity types as counted, then claims, then
 * relations, each group sorted by name. */
static int
compare_types (gconstpointer a,
               gconstpointer b)
{
  const char *sa = *(const char * const *) a;
  const char *sb = *(const char * const *) b;
  int ga = g_str_equal (sa, "claim") ? 1 : g_str_has_prefix (sa, "relation:") ? 2 : 0;
  int gb = g_str_equal (sb, "claim") ? 1 : g_str_has_prefix (sb, "relation:") ? 2 : 0;

  if (ga != gb)
    return ga - gb;
  return g_strcmp0 (sa, sb);
}

static GPtrArray *
keys_of (GHashTable *table)
{
  GPtrArray *keys = g_ptr_array_new ();
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_ptr_array_add (keys, key);
  return keys;
}

static void
print_stats (Stats    *stats,
             gboolean  tsv)
{
  g_autoptr(GPtrArray) annotators = keys_of (stats->per_annotator);
  g_autoptr(GPtrArray) types = keys_of (stats->totals);
  const char *sep = tsv ? "\t" : "  ";
  int width = 12;

  g_ptr_array_sort (annotators, compare_strings);
  g_ptr_array_sort (types, compare_types);

  for (guint i = 0; i < types->len; i++)
    width = MAX (width, (int) strlen (g_ptr_array_index (types, i)));

  if (tsv)
    g_print ("type");
  else
    g_print ("%-*s", width, "type");
  for (guint a = 0; a < annotators->len; a++)
    g_print ("%s%*s", sep, tsv ? 0 : 10, (const char *) g_ptr_array_index (annotators, a));
  g_print ("%s%*s\n", sep, tsv ? 0 : 10, "total");

  if (tsv)
    g_print ("documents");
  else
    g_print ("%-*s", width, "documents");
  for (guint a = 0; a < annotators->len; a++)
    {
      GHashTable *docs = g_hash_table_lookup (stats->documents, g_ptr_array_index (annotators, a));
      g_print ("%s%*u", sep, tsv ? 0 : 10, g_hash_table_size (docs));
    }
  g_print ("%s%*u\n", sep, tsv ? 0 : 10, stats->n_sidecars);

  for (guint t = 0; t < types->len; t++)
    {
      const char *type = g_ptr_array_index (types, t);

      if (tsv)
        g_print ("%s", type);
      else
        g_print ("%-*s", width, type);
      for (guint a = 0; a < annotators->len; a++)
        {
          GHashTable *mine = g_hash_table_lookup (stats->per_annotator,
                                                  g_ptr_array_index (annotators, a));
          g_print ("%s%*u", sep, tsv ? 0 : 10, GPOINTER_TO_UINT (g_hash_table_lookup (mine, type)));
        }
      g_print ("%s%*u\n", sep, tsv ? 0 : 10,
               GPOINTER_TO_UINT (g_hash_table_lookup (stats->totals, type)));
    }
}

int
gloss_cli_stats (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GFile) path = NULL;
  gboolean tsv = FALSE;
  gboolean any_io_failure = FALSE;
  Stats stats = { 0 };
  const GOptionEntry entries[] = {
    { "tsv", 0, 0, G_OPTION_ARG_NONE, &tsv, N_("Print tab-separated values"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("PATH — count annotations per type and per annotator"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("PATH is a sidecar or a folder, searched recursively for *.gloss.xml.\n"
      "Rows are entity types, “claim” and “relation:TYPE”; columns are annotators.\n\n"
      "Exit status: 0 all sidecars read, 1 some could not be read (listed on stderr),\n"
      "2 usage or I/O error."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("gloss-cli stats: %s\n", error->message);
      return EXIT_USAGE;
    }
  if (argc != 2)
    {
      g_printerr ("gloss-cli stats: give one sidecar or folder (see gloss-cli stats --help)\n");
      return EXIT_USAGE;
    }

  path = g_file_new_for_commandline_arg (argv[1]);
  switch (g_file_query_file_type (path, G_FILE_QUERY_INFO_NONE, NULL))
    {
    case G_FILE_TYPE_DIRECTORY:
      collect_sidecars (path, files, &error);
      if (error != NULL)
        {
          g_printerr ("%s: %s\n", argv[1], error->message);
          return EXIT_USAGE;
        }
      g_ptr_array_sort (files, compare_files);
      break;
    case G_FILE_TYPE_UNKNOWN:
      g_printerr ("%s: no such file or folder\n", argv[1]);
      return EXIT_USAGE;
    default:
      g_ptr_array_add (files, g_object_ref (path));
      break;
    }

  stats.per_annotator = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                               (GDestroyNotify) g_hash_table_unref);
  stats.documents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                           (GDestroyNotify) g_hash_table_unref);
  stats.totals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < files->len; i++)
    {
      GFile *file = g_ptr_array_index (files, i);
      g_autofree char *display = g_file_get_path (file);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GlossSidecarReport) report = NULL;
      g_autoptr(GlossAnnotationSet) set = NULL;
      gboolean io_failure = FALSE;

      gloss_cli_progress (i + 1, files->len, display);
      bytes = read_file_or_report (file);
      if (bytes != NULL)
        set = gloss_cli_load_sidecar (file, bytes, &report, &io_failure);
      gloss_cli_progress (0, 0, NULL);

      if (set == NULL)
        {
          stats.n_failed++;
          any_io_failure |= bytes == NULL || io_failure;
          continue;
        }
      stats_add (&stats, set);
    }

  print_stats (&stats, tsv);

  g_hash_table_unref (stats.per_annotator);
  g_hash_table_unref (stats.documents);
  g_hash_table_unref (stats.totals);

  if (any_io_failure && stats.n_sidecars == 0)
    return EXIT_USAGE;
  return stats.n_failed > 0 ? EXIT_FINDINGS : EXIT_OK;
}

/* ---- main -------------------------------------------------------------- */

static const Command commands[] = {
  { "validate", N_("Check sidecars and tagsets against their schemas, articles and tagsets"), gloss_cli_validate },
  { "stats", N_("Count annotations per type and per annotator"), gloss_cli_stats },
  { "export", N_("Write a labeled dataset: CoNLL, JSONL, brat, W3C, WebAnno TSV or CSV"), gloss_cli_export },
  { "import", N_("Bring brat, JSONL, CoNLL, text or HTML articles into a corpus folder"), gloss_cli_import },
  { "agree", N_("Measure how far annotators agree: span F1, kappas, alpha, claims"), gloss_cli_agree },
  { "adjudicate", N_("Compare annotators, list undecided groups, accept what they agree on into gold"), gloss_cli_adjudicate },
};

static void
print_usage (FILE *out)
{
  fprintf (out, "%s", _("Usage:\n  gloss-cli COMMAND [OPTION…] ARGUMENTS\n\nCommands:\n"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (out, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
  fprintf (out, "%s", _("\nOptions:\n"
                        "  -h, --help     Show this help (COMMAND --help: the command's own)\n"
                        "  --version      Show the version\n\n"
                        "Exit status: 0 ok, 1 problems found, 2 usage or I/O error.\n"));
}

int
main (int    argc,
      char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gloss_xml_init ();
  progress_enabled = isatty (STDERR_FILENO) && g_getenv ("GLOSS_NO_PROGRESS") == NULL;

  if (argc < 2)
    {
      print_usage (stderr);
      return EXIT_USAGE;
    }
  if (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h") || g_str_equal (argv[1], "help"))
    {
      print_usage (stdout);
      return EXIT_OK;
    }
  if (g_str_equal (argv[1], "--version"))
    {
      g_print ("gloss-cli %s\n", PACKAGE_VERSION);
      return EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (argv[1], commands[i].name))
      {
        g_autofree char *prgname = g_strdup_printf ("gloss-cli %s", commands[i].name);

        g_set_prgname (prgname);
        return commands[i].run (argc - 1, argv + 1);
      }

  g_printerr ("gloss-cli: unknown command “%s”\n\n", argv[1]);
  print_usage (stderr);
  return EXIT_USAGE;
}
