/* gloss-cli-adjudicate.c: `gloss-cli adjudicate`, the headless part of review
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-cli"

#include "config.h"

#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "gloss-review.h"
#include "gloss-review-adjudication.h"
#include "gloss-sidecar.h"
#include "gloss-cli.h"

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* The annotators with a sidecar beside @article, but gold. */
static GPtrArray *
find_annotators (GFile   *article,
                 GError **error)
{
  g_autoptr(GFile) folder = g_file_get_parent (article);
  g_autofree char *base = g_file_get_basename (article);
  g_autoptr(GFileEnumerator) enumerator = NULL;
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);

  enumerator = g_file_enumerate_children (folder, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                          G_FILE_QUERY_INFO_NONE, NULL, error);
  if (enumerator == NULL)
    {
      g_ptr_array_unref (out);
      return NULL;
    }
  for (;;)
    {
      GFileInfo *info;
      g_autofree char *text = NULL;
      g_autofree char *annotator = NULL;

      if (!g_file_enumerator_iterate (enumerator, &info, NULL, NULL, error))
        {
          g_ptr_array_unref (out);
          return NULL;
        }
      if (info == NULL)
        break;
      if (gloss_sidecar_parse_name (g_file_info_get_name (info), &text, &annotator) &&
          g_str_equal (text, base) && !g_str_equal (annotator, GLOSS_ANNOTATOR_GOLD))
        g_ptr_array_add (out, g_steal_pointer (&annotator));
    }
  g_ptr_array_sort (out, compare_strings);
  return out;
}

static GlossAnnotationSet *
load (GFile    *article,
      const char *annotator,
      gboolean *missing,
      gboolean *io_failure)
{
  g_autoptr(GFile) folder = g_file_get_parent (article);
  g_autofree char *base = g_file_get_basename (article);
  g_autofree char *name = gloss_sidecar_build_name (base, annotator);
  g_autoptr(GFile) file = g_file_get_child (folder, name);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossSidecarReport) report = NULL;

  *missing = FALSE;
  *io_failure = FALSE;
  bytes = g_file_load_bytes (file, NULL, NULL, &error);
  if (bytes == NULL)
    {
      g_autofree char *path = g_file_get_path (file);

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        *missing = TRUE;
      else
        {
          g_printerr ("%s: %s\n", path, error->message);
          *io_failure = TRUE;
        }
      return NULL;
    }
  return gloss_cli_load_sidecar (file, bytes, &report, io_failure);
}

static void
print_group (GlossReview      *review,
             GlossReviewGroup *group)
{
  GlossAnnotationKind kind = gloss_review_group_get_kind (group);
  GString *line = g_string_new (NULL);

  g_string_append_printf (line, "%-16s %-8s %5u–%-5u", gloss_review_status_to_string (gloss_review_group_get_status (group), kind),
                          kind == GLOSS_ANNOTATION_ENTITY ? "entity" : kind == GLOSS_ANNOTATION_CLAIM ? "claim" : "relation",
                          gloss_review_group_get_start (group), gloss_review_group_get_end (group));
  for (guint i = 0; i < gloss_review_group_get_n_annotators (group); i++)
    {
      GlossAnnotation *a = gloss_review_group_get_annotation (group, i);

      g_string_append_printf (line, "\n    %-12s ", gloss_review_get_annotator_id (review, i));
      if (a == NULL)
        g_string_append (line, "—");
      else
        {
          g_autofree char *text = gloss_review_describe (review, i, a);

          g_string_append_printf (line, "%s: %s", gloss_annotation_get_id (a), text);
        }
    }
  g_print ("%s\n", line->str);
  g_string_free (line, TRUE);
}

int
gloss_cli_adjudicate (int    argc,
                      char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *annotators_arg = NULL;
  g_autofree char *reviewer = NULL;
  gboolean accept_agreed = FALSE;
  gboolean list = FALSE;
  g_autoptr(GFile) article = NULL;
  g_autoptr(GPtrArray) annotators = NULL;
  g_autoptr(GPtrArray) sets = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GlossAnnotationSet) gold = NULL;
  g_autoptr(GlossReview) review = NULL;
  g_autoptr(GlossReviewAdjudication) adj = NULL;
  g_autoptr(GFile) gold_file = NULL;
  GListModel *groups;
  gboolean missing, io_failure;
  guint pending;
  const GOptionEntry entries[] = {
    { "reviewer", 'r', 0, G_OPTION_ARG_STRING, &reviewer, N_("Who decides (an annotator id)"), N_("ID") },
    { "annotators", 'a', 0, G_OPTION_ARG_STRING, &annotators_arg,
      N_("Annotators to compare, comma-separated (default: all but gold)"), N_("A,B,…") },
    { "accept-agreed", 0, 0, G_OPTION_ARG_NONE, &accept_agreed,
      N_("Copy everything all annotators agree on into the gold sidecar"), NULL },
    { "list", 'l', 0, G_OPTION_ARG_NONE, &list, N_("List the groups still undecided"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("ARTICLE — compare annotators and decide the gold version"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("Compares the sidecars beside ARTICLE (NAME.txt.ANNOTATOR.gloss.xml) and reads the gold\n"
      "sidecar NAME.txt.gold.gloss.xml if there is one. --accept-agreed copies every agreed\n"
      "annotation into gold with its provenance and saves it; --list prints the groups that\n"
      "still need a decision, with each annotator's version. The other decisions are made in\n"
      "the window's review mode. See docs/review.md.\n\n"
      "Exit status: 0 nothing left to decide, 1 groups remain undecided, 2 usage or I/O error."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("gloss-cli adjudicate: %s\n", error->message);
      return GLOSS_CLI_EXIT_USAGE;
    }
  if (argc != 2)
    {
      g_printerr ("gloss-cli adjudicate: give one article (see gloss-cli adjudicate --help)\n");
      return GLOSS_CLI_EXIT_USAGE;
    }
  if (accept_agreed && (reviewer == NULL || !gloss_annotator_id_is_valid (reviewer) ||
                        g_str_equal (reviewer, GLOSS_ANNOTATOR_GOLD)))
    {
      g_printerr ("gloss-cli adjudicate: --accept-agreed needs --reviewer with your annotator id\n");
      return GLOSS_CLI_EXIT_USAGE;
    }

  article = g_file_new_for_commandline_arg (argv[1]);
  if (annotators_arg != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (annotators_arg, ",", -1);

      annotators = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; parts[i] != NULL; i++)
        g_ptr_array_add (annotators, g_strdup (g_strstrip (parts[i])));
    }
  else
    {
      annotators = find_annotators (article, &error);
      if (annotators == NULL)
        {
          g_printerr ("%s: %s\n", argv[1], error->message);
          return GLOSS_CLI_EXIT_USAGE;
        }
    }

  for (guint i = 0; i < annotators->len; i++)
    {
      GlossAnnotationSet *set = load (article, g_ptr_array_index (annotators, i), &missing, &io_failure);

      if (set == NULL)
        {
          if (missing)
            g_printerr ("%s: no sidecar of “%s”\n", argv[1], (const char *) g_ptr_array_index (annotators, i));
          return io_failure || missing ? GLOSS_CLI_EXIT_USAGE : GLOSS_CLI_EXIT_FINDINGS;
        }
      g_ptr_array_add (sets, set);
    }
  review = gloss_review_new ((GlossAnnotationSet * const *) sets->pdata, sets->len, &error);
  if (review == NULL)
    {
      g_printerr ("%s: %s\n", argv[1], error->message);
      return GLOSS_CLI_EXIT_USAGE;
    }

  gold = load (article, GLOSS_ANNOTATOR_GOLD, &missing, &io_failure);
  if (gold == NULL && !missing)
    return io_failure ? GLOSS_CLI_EXIT_USAGE : GLOSS_CLI_EXIT_FINDINGS;
  if (gold == NULL)
    {
      GlossAnnotationSet *first = g_ptr_array_index (sets, 0);

      gold = gloss_annotation_set_new (gloss_annotation_set_get_document (first),
                                       gloss_annotation_set_get_tagset (first), GLOSS_ANNOTATOR_GOLD, NULL);
    }
  adj = gloss_review_adjudication_new (review, gold, reviewer != NULL ? reviewer : "cli", &error);
  if (adj == NULL)
    {
      g_printerr ("%s: %s\n", argv[1], error->message);
      return GLOSS_CLI_EXIT_USAGE;
    }

  if (accept_agreed)
    {
      guint n = gloss_review_adjudication_accept_agreed (adj);
      g_autoptr(GFile) folder = g_file_get_parent (article);
      g_autofree char *base = g_file_get_basename (article);
      g_autofree char *name = gloss_sidecar_build_name (base, GLOSS_ANNOTATOR_GOLD);

      gold_file = g_file_get_child (folder, name);
      if (n > 0 && !gloss_sidecar_save (gold, gold_file, NULL, &error))
        {
          g_printerr ("%s\n", error->message);
          return GLOSS_CLI_EXIT_USAGE;
        }
      g_printerr ("%s: accepted %u agreed annotation%s into %s\n", argv[1], n, n == 1 ? "" : "s", name);
    }

  groups = gloss_review_get_groups (review);
  if (list)
    for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
      {
        g_autoptr(GlossReviewGroup) g = g_list_model_get_item (groups, i);

        if (gloss_review_group_get_decision (g) == GLOSS_REVIEW_PENDING)
          print_group (review, g);
      }

  pending = gloss_review_adjudication_count_pending (adj);
  g_printerr ("%s: %u of %u groups undecided\n", argv[1], pending, g_list_model_get_n_items (groups));
  return pending > 0 ? GLOSS_CLI_EXIT_FINDINGS : GLOSS_CLI_EXIT_OK;
}
