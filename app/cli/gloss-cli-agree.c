/* gloss-cli-agree.c: `gloss-cli agree`, inter-annotator agreement of a corpus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-cli"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gio/gio.h>
#include <glib/gi18n.h>

#include "gloss-agreement.h"
#include "gloss-review.h"
#include "gloss-sidecar.h"
#include "gloss-cli.h"

typedef enum
{
  FORMAT_TABLE,
  FORMAT_JSON,
  FORMAT_CSV,
} Format;

/* One article and the sidecars found beside it, by annotator. */
typedef struct
{
  char       *name;      /* relative to the corpus folder, for output */
  GHashTable *sidecars;  /* annotator id -> GFile */
} Article;

static void
article_free (gpointer data)
{
  Article *a = data;

  g_free (a->name);
  g_hash_table_unref (a->sidecars);
  g_free (a);
}

static gboolean
collect (GFile      *root,
         GFile      *folder,
         GHashTable *articles,
         GError    **error)
{
  g_autoptr(GFileEnumerator) enumerator = NULL;

  enumerator = g_file_enumerate_children (folder,
                                          G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                          G_FILE_QUERY_INFO_NONE, NULL, error);
  if (enumerator == NULL)
    return FALSE;

  for (;;)
    {
      GFileInfo *info;
      GFile *child;
      const char *name;
      g_autofree char *text_name = NULL;
      g_autofree char *annotator = NULL;

      if (!g_file_enumerator_iterate (enumerator, &info, &child, NULL, error))
        return FALSE;
      if (info == NULL)
        break;
      name = g_file_info_get_name (info);
      if (name[0] == '.')
        continue;
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        {
          if (!collect (root, child, articles, error))
            return FALSE;
        }
      else if (gloss_sidecar_parse_name (name, &text_name, &annotator))
        {
          g_autoptr(GFile) text = g_file_get_child (folder, text_name);
          g_autofree char *relative = g_file_get_relative_path (root, text);
          Article *article = g_hash_table_lookup (articles, relative);

          if (article == NULL)
            {
              article = g_new0 (Article, 1);
              article->name = g_strdup (relative);
              article->sidecars = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
              g_hash_table_insert (articles, g_strdup (relative), article);
            }
          g_hash_table_replace (article->sidecars, g_steal_pointer (&annotator), g_object_ref (child));
        }
    }
  return TRUE;
}

static int
compare_articles (gconstpointer a,
                  gconstpointer b)
{
  return strcmp ((*(Article * const *) a)->name, (*(Article * const *) b)->name);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* ---- output ------------------------------------------------------------ */

static char *
value (double v)
{
  return gloss_agreement_format_value (v);
}

static void
json_string (GString    *out,
             const char *s)
{
  if (s == NULL)
    {
      g_string_append (out, "null");
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = s; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        default:
          if ((guchar) *p < 0x20)
            g_string_append_printf (out, "\\u%04x", (guchar) *p);
          else
            g_string_append_c (out, *p);
        }
    }
  g_string_append_c (out, '"');
}

static void
json_number (GString *out,
             double   v)
{
  if (isnan (v))
    g_string_append (out, "null");
  else
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append (out, g_ascii_formatd (buf, sizeof buf, "%.6f", v));
    }
}

static void
csv_field (GString    *out,
           const char *s)
{
  if (strpbrk (s, ",\"\n") == NULL)
    {
      g_string_append (out, s);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = s; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/* One CSV row: document, annotators, section, type, measure, value, count. */
static void
csv_row (GString    *out,
         const char *document,
         const char *annotators,
         const char *section,
         const char *type,
         const char *measure,
         double      v,
         guint64     count)
{
  g_autofree char *text = value (v);

  csv_field (out, document);
  g_string_append_c (out, ',');
  csv_field (out, annotators);
  g_string_append_printf (out, ",%s,", section);
  csv_field (out, type);
  g_string_append_printf (out, ",%s,%s,%" G_GUINT64_FORMAT "\n", measure, text, count);
}

static const char *
type_label (const char *type)
{
  return type != NULL ? type : "(all)";
}

/* The types to report: each seen type, then all of them (NULL). */
static GPtrArray *
report_types (GlossAgreement *agreement)
{
  const char * const *types = gloss_agreement_get_entity_types (agreement);
  GPtrArray *list = g_ptr_array_new ();

  for (guint i = 0; types[i] != NULL; i++)
    g_ptr_array_add (list, (gpointer) types[i]);
  g_ptr_array_add (list, NULL);
  return list;
}

static void
write_table (GString        *out,
             GlossAgreement *agreement)
{
  guint n = gloss_agreement_get_n_annotators (agreement);
  g_autoptr(GPtrArray) types = report_types (agreement);
  const char * const *attributes = gloss_agreement_get_claim_attributes (agreement);
  guint64 n_tokens = 0;

  g_string_append (out, "Entity spans (precision and recall against the first annotator of each pair)\n");
  g_string_append_printf (out, "%-20s %-14s %6s %6s  %7s %7s %7s  %7s %7s %7s\n",
                          "pair", "type", "first", "second",
                          "exact-P", "exact-R", "exact-F", "ovlp-P", "ovlp-R", "ovlp-F");
  for (guint a = 0; a < n; a++)
    for (guint b = a + 1; b < n; b++)
      {
        g_autofree char *pair = g_strdup_printf ("%s/%s", gloss_agreement_get_annotator (agreement, a),
                                                 gloss_agreement_get_annotator (agreement, b));

        if (gloss_agreement_get_n_pair_documents (agreement, a, b) == 0)
          continue;
        for (guint t = 0; t < types->len; t++)
          {
            const char *type = g_ptr_array_index (types, t);
            GlossSpanScore ex, ov;
            g_autofree char *ep = NULL, *er = NULL, *ef = NULL, *op = NULL, *orr = NULL, *of = NULL;

            gloss_agreement_get_span_score (agreement, a, b, type, GLOSS_SPAN_MATCH_EXACT, &ex);
            gloss_agreement_get_span_score (agreement, a, b, type, GLOSS_SPAN_MATCH_OVERLAP, &ov);
            ep = value (ex.precision);
            er = value (ex.recall);
            ef = value (ex.f1);
            op = value (ov.precision);
            orr = value (ov.recall);
            of = value (ov.f1);
            g_string_append_printf (out, "%-20s %-14s %6u %6u  %7s %7s %7s  %7s %7s %7s\n",
                                    pair, type_label (type), ex.n_reference, ex.n_other,
                                    ep, er, ef, op, orr, of);
          }
      }

  g_string_append (out, "\nToken labels (type of the outermost entity, or O)\n");
  g_string_append_printf (out, "%-20s %-20s %-14s %7s %9s %8s\n",
                          "measure", "annotators", "type", "value", "observed", "tokens");
  for (guint a = 0; a < n; a++)
    for (guint b = a + 1; b < n; b++)
      {
        g_autofree char *pair = g_strdup_printf ("%s/%s", gloss_agreement_get_annotator (agreement, a),
                                                 gloss_agreement_get_annotator (agreement, b));

        if (gloss_agreement_get_n_pair_documents (agreement, a, b) == 0)
          continue;
        for (guint t = 0; t < types->len; t++)
          {
            const char *type = g_ptr_array_index (types, t);
            double observed;
            double kappa = gloss_agreement_get_cohen_kappa (agreement, a, b, type, &observed, &n_tokens);
            g_autofree char *k = value (kappa);
            g_autofree char *o = value (observed);

            g_string_append_printf (out, "%-20s %-20s %-14s %7s %9s %8" G_GUINT64_FORMAT "\n",
                                    "cohen-kappa", pair, type_label (type), k, o, n_tokens);
          }
      }
  for (guint t = 0; t < types->len; t++)
    {
      const char *type = g_ptr_array_index (types, t);
      g_autofree char *k = value (gloss_agreement_get_fleiss_kappa (agreement, type, &n_tokens));

      g_string_append_printf (out, "%-20s %-20s %-14s %7s %9s %8" G_GUINT64_FORMAT "\n",
                              "fleiss-kappa", "all", type_label (type), k, "", n_tokens);
    }
  for (guint t = 0; t < types->len; t++)
    {
      const char *type = g_ptr_array_index (types, t);
      g_autofree char *k = value (gloss_agreement_get_krippendorff_alpha (agreement, type, &n_tokens));

      g_string_append_printf (out, "%-20s %-20s %-14s %7s %9s %8" G_GUINT64_FORMAT "\n",
                              "krippendorff-alpha", "all", type_label (type), k, "", n_tokens);
    }

  g_string_append (out, "\nClaims (matched by content overlap; source and cue among the matched)\n");
  g_string_append_printf (out, "%-20s %6s %6s %7s  %7s %7s %7s  %7s %7s\n",
                          "pair", "first", "second", "matched", "P", "R", "F", "source", "cue");
  for (guint a = 0; a < n; a++)
    for (guint b = a + 1; b < n; b++)
      {
        g_autofree char *pair = g_strdup_printf ("%s/%s", gloss_agreement_get_annotator (agreement, a),
                                                 gloss_agreement_get_annotator (agreement, b));
        GlossClaimScore cs;
        g_autofree char *p = NULL, *r = NULL, *f = NULL, *s = NULL, *c = NULL;

        if (gloss_agreement_get_n_pair_documents (agreement, a, b) == 0)
          continue;
        gloss_agreement_get_claim_score (agreement, a, b, &cs);
        p = value (cs.precision);
        r = value (cs.recall);
        f = value (cs.f1);
        s = value (cs.source_agreement);
        c = value (cs.cue_agreement);
        g_string_append_printf (out, "%-20s %6u %6u %7u  %7s %7s %7s  %7s %7s\n",
                                pair, cs.n_reference, cs.n_other, cs.n_matched, p, r, f, s, c);
      }

  g_string_append (out, "\nClaim attributes (matched claims; a missing value counts as “(none)”)\n");
  g_string_append_printf (out, "%-20s %-14s %8s %9s %7s\n", "pair", "attribute", "compared", "observed", "kappa");
  for (guint a = 0; a < n; a++)
    for (guint b = a + 1; b < n; b++)
      {
        g_autofree char *pair = g_strdup_printf ("%s/%s", gloss_agreement_get_annotator (agreement, a),
                                                 gloss_agreement_get_annotator (agreement, b));

        if (gloss_agreement_get_n_pair_documents (agreement, a, b) == 0)
          continue;
        for (guint k = 0; attributes[k] != NULL; k++)
          {
            GlossAttributeScore as;
            g_autofree char *o = NULL, *kp = NULL;

            gloss_agreement_get_attribute_score (agreement, a, b, attributes[k], &as);
            o = value (as.observed);
            kp = value (as.kappa);
            g_string_append_printf (out, "%-20s %-14s %8u %9s %7s\n", pair, attributes[k], as.n_compared, o, kp);
          }
      }
}

static void
write_csv (GString        *out,
           const char     *document,
           GlossAgreement *agreement)
{
  guint n = gloss_agreement_get_n_annotators (agreement);
  g_autoptr(GPtrArray) types = report_types (agreement);
  const char * const *attributes = gloss_agreement_get_claim_attributes (agreement);
  g_autoptr(GString) all = g_string_new (NULL);
  guint64 n_tokens;

  for (guint a = 0; a < n; a++)
    g_string_append_printf (all, "%s%s", a > 0 ? "/" : "", gloss_agreement_get_annotator (agreement, a));

  for (guint a = 0; a < n; a++)
    for (guint b = a + 1; b < n; b++)
      {
        g_autofree char *pair = g_strdup_printf ("%s/%s", gloss_agreement_get_annotator (agreement, a),
                                                 gloss_agreement_get_annotator (agreement, b));
        GlossClaimScore cs;

        if (gloss_agreement_get_n_pair_documents (agreement, a, b) == 0)
          continue;
        for (guint t = 0; t < types->len; t++)
          {
            const char *type = type_label (g_ptr_array_index (types, t));
            GlossSpanScore sc;
            double observed, kappa;

            for (guint m = 0; m < 2; m++)
              {
                const char *suffix = m == 0 ? "exact" : "overlap";
                g_autofree char *p = g_strdup_printf ("span-precision-%s", suffix);
                g_autofree char *r = g_strdup_printf ("span-recall-%s", suffix);
                g_autofree char *f = g_strdup_printf ("span-f1-%s", suffix);

                gloss_agreement_get_span_score (agreement, a, b, g_ptr_array_index (types, t),
                                                m == 0 ? GLOSS_SPAN_MATCH_EXACT : GLOSS_SPAN_MATCH_OVERLAP, &sc);
                csv_row (out, document, pair, "spans", type, p, sc.precision, sc.n_matched);
                csv_row (out, document, pair, "spans", type, r, sc.recall, sc.n_matched);
                csv_row (out, document, pair, "spans", type, f, sc.f1, sc.n_matched);
              }
            kappa = gloss_agreement_get_cohen_kappa (agreement, a, b, g_ptr_array_index (types, t),
                                                     &observed, &n_tokens);
            csv_row (out, document, pair, "tokens", type, "cohen-kappa", kappa, n_tokens);
            csv_row (out, document, pair, "tokens", type, "observed-agreement", observed, n_tokens);
          }
        gloss_agreement_get_claim_score (agreement, a, b, &cs);
        csv_row (out, document, pair, "claims", "claim", "claim-precision", cs.precision, cs.n_matched);
        csv_row (out, document, pair, "claims", "claim", "claim-recall", cs.recall, cs.n_matched);
        csv_row (out, document, pair, "claims", "claim", "claim-f1", cs.f1, cs.n_matched);
        csv_row (out, document, pair, "claims", "claim", "source-agreement", cs.source_agreement, cs.n_matched);
        csv_row (out, document, pair, "claims", "claim", "cue-agreement", cs.cue_agreement, cs.n_matched);
        for (guint k = 0; attributes[k] != NULL; k++)
          {
            GlossAttributeScore as;

            gloss_agreement_get_attribute_score (agreement, a, b, attributes[k], &as);
            csv_row (out, document, pair, "claims", attributes[k], "attribute-observed", as.observed, as.n_compared);
            csv_row (out, document, pair, "claims", attributes[k], "attribute-kappa", as.kappa, as.n_compared);
          }
      }
  for (guint t = 0; t < types->len; t++)
    {
      const char *type = g_ptr_array_index (types, t);
      double v = gloss_agreement_get_fleiss_kappa (agreement, type, &n_tokens);

      csv_row (out, document, all->str, "tokens", type_label (type), "fleiss-kappa", v, n_tokens);
    }
  for (guint t = 0; t < types->len; t++)
    {
      const char *type = g_ptr_array_index (types, t);
      double v = gloss_agreement_get_krippendorff_alpha (agreement, type, &n_tokens);

      csv_row (out, document, all->str, "tokens", type_label (type), "krippendorff-alpha", v, n_tokens);
    }
}

static void
json_score (GString    *out,
            const char *name,
            double      v)
{
  g_string_append_printf (out, "\"%s\": ", name);
  json_number (out, v);
}

static void
write_json (GString        *out,
            GlossAgreement *agreement,
            const char     *indent)
{
  guint n = gloss_agreement_get_n_annotators (agreement);
  g_autoptr(GPtrArray) types = report_types (agreement);
  const char * const *attributes = gloss_agreement_get_claim_attributes (agreement);
  gboolean first = TRUE;
  guint64 n_tokens;

  g_string_append_printf (out, "%s\"documents\": %u,\n", indent, gloss_agreement_get_n_documents (agreement));

  g_string_append_printf (out, "%s\"spans\": [", indent);
  for (guint a = 0; a < n; a++)
    for (guint b = a + 1; b < n; b++)
      for (guint t = 0; t < types->len && gloss_agreement_get_n_pair_documents (agreement, a, b) > 0; t++)
        {
          GlossSpanScore ex, ov;

          gloss_agreement_get_span_score (agreement, a, b, g_ptr_array_index (types, t), GLOSS_SPAN_MATCH_EXACT, &ex);
          gloss_agreement_get_span_score (agreement, a, b, g_ptr_array_index (types, t), GLOSS_SPAN_MATCH_OVERLAP, &ov);
          g_string_append_printf (out, "%s\n%s  {\"reference\": ", first ? "" : ",", indent);
          json_string (out, gloss_agreement_get_annotator (agreement, a));
          g_string_append (out, ", \"other\": ");
          json_string (out, gloss_agreement_get_annotator (agreement, b));
          g_string_append (out, ", \"type\": ");
          json_string (out, g_ptr_array_index (types, t));
          g_string_append_printf (out, ", \"n_reference\": %u, \"n_other\": %u,\n%s   \"exact\": {\"matched\": %u, ",
                                  ex.n_reference, ex.n_other, indent, ex.n_matched);
          json_score (out, "precision", ex.precision);
          g_string_append (out, ", ");
          json_score (out, "recall", ex.recall);
          g_string_append (out, ", ");
          json_score (out, "f1", ex.f1);
          g_string_append_printf (out, "},\n%s   \"overlap\": {\"matched\": %u, ", indent, ov.n_matched);
          json_score (out, "precision", ov.precision);
          g_string_append (out, ", ");
          json_score (out, "recall", ov.recall);
          g_string_append (out, ", ");
          json_score (out, "f1", ov.f1);
          g_string_append (out, "}}");
          first = FALSE;
        }
  g_string_append_printf (out, "\n%s],\n", indent);

  g_string_append_printf (out, "%s\"tokens\": [", indent);
  first = TRUE;
  for (guint a = 0; a < n; a++)
    for (guint b = a + 1; b < n; b++)
      for (guint t = 0; t < types->len && gloss_agreement_get_n_pair_documents (agreement, a, b) > 0; t++)
        {
          double observed;
          double kappa = gloss_agreement_get_cohen_kappa (agreement, a, b, g_ptr_array_index (types, t),
                                                          &observed, &n_tokens);

          g_string_append_printf (out, "%s\n%s  {\"measure\": \"cohen-kappa\", \"annotators\": [", first ? "" : ",", indent);
          json_string (out, gloss_agreement_get_annotator (agreement, a));
          g_string_append (out, ", ");
          json_string (out, gloss_agreement_get_annotator (agreement, b));
          g_string_append (out, "], \"type\": ");
          json_string (out, g_ptr_array_index (types, t));
          g_string_append (out, ", ");
          json_score (out, "value", kappa);
          g_string_append (out, ", ");
          json_score (out, "observed", observed);
          g_string_append_printf (out, ", \"tokens\": %" G_GUINT64_FORMAT "}", n_tokens);
          first = FALSE;
        }
  for (guint m = 0; m < 2; m++)
    for (guint t = 0; t < types->len; t++)
      {
        const char *type = g_ptr_array_index (types, t);
        double v = m == 0 ? gloss_agreement_get_fleiss_kappa (agreement, type, &n_tokens)
                          : gloss_agreement_get_krippendorff_alpha (agreement, type, &n_tokens);

        g_string_append_printf (out, "%s\n%s  {\"measure\": \"%s\", \"annotators\": [", first ? "" : ",", indent,
                                m == 0 ? "fleiss-kappa" : "krippendorff-alpha");
        for (guint a = 0; a < n; a++)
          {
            if (a > 0)
              g_string_append (out, ", ");
            json_string (out, gloss_agreement_get_annotator (agreement, a));
          }
        g_string_append (out, "], \"type\": ");
        json_string (out, type);
        g_string_append (out, ", ");
        json_score (out, "value", v);
        g_string_append_printf (out, ", \"tokens\": %" G_GUINT64_FORMAT "}", n_tokens);
        first = FALSE;
      }
  g_string_append_printf (out, "\n%s],\n", indent);

  g_string_append_printf (out, "%s\"claims\": [", indent);
  first = TRUE;
  for (guint a = 0; a < n; a++)
    for (guint b = a + 1; b < n; b++)
      {
        GlossClaimScore cs;

        if (gloss_agreement_get_n_pair_documents (agreement, a, b) == 0)
          continue;
        gloss_agreement_get_claim_score (agreement, a, b, &cs);
        g_string_append_printf (out, "%s\n%s  {\"reference\": ", first ? "" : ",", indent);
        json_string (out, gloss_agreement_get_annotator (agreement, a));
        g_string_append (out, ", \"other\": ");
        json_string (out, gloss_agreement_get_annotator (agreement, b));
        g_string_append_printf (out, ", \"n_reference\": %u, \"n_other\": %u, \"matched\": %u,\n%s   ",
                                cs.n_reference, cs.n_other, cs.n_matched, indent);
        json_score (out, "precision", cs.precision);
        g_string_append (out, ", ");
        json_score (out, "recall", cs.recall);
        g_string_append (out, ", ");
        json_score (out, "f1", cs.f1);
        g_string_append (out, ", ");
        json_score (out, "source_agreement", cs.source_agreement);
        g_string_append (out, ", ");
        json_score (out, "cue_agreement", cs.cue_agreement);
        g_string_append_printf (out, ",\n%s   \"attributes\": [", indent);
        for (guint k = 0; attributes[k] != NULL; k++)
          {
            GlossAttributeScore as;

            gloss_agreement_get_attribute_score (agreement, a, b, attributes[k], &as);
            g_string_append_printf (out, "%s\n%s     {\"name\": ", k > 0 ? "," : "", indent);
            json_string (out, attributes[k]);
            g_string_append_printf (out, ", \"compared\": %u, \"same\": %u, ", as.n_compared, as.n_same);
            json_score (out, "observed", as.observed);
            g_string_append (out, ", ");
            json_score (out, "kappa", as.kappa);
            g_string_append (out, "}");
          }
        g_string_append_printf (out, "]}");
        first = FALSE;
      }
  g_string_append_printf (out, "\n%s]\n", indent);
}

/* ---- the command ------------------------------------------------------- */

int
gloss_cli_agree (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *annotators_arg = NULL;
  g_autofree char *format_arg = NULL;
  gboolean per_document = FALSE;
  g_autoptr(GFile) root = NULL;
  g_autoptr(GHashTable) articles = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GPtrArray) annotators = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GlossAgreement) corpus = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GString) per_doc = g_string_new (NULL);
  g_autoptr(GPtrArray) compared = g_ptr_array_new ();
  Format format = FORMAT_TABLE;
  guint n_left_out = 0, n_failed = 0;
  gboolean io_failure = FALSE;
  const GOptionEntry entries[] = {
    { "annotators", 'a', 0, G_OPTION_ARG_STRING, &annotators_arg,
      N_("Annotators to compare, comma-separated (default: all but gold)"), N_("A,B,…") },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format_arg,
      N_("Output format: table (default), json or csv"), N_("FORMAT") },
    { "per-document", 'd', 0, G_OPTION_ARG_NONE, &per_document,
      N_("Also report each document"), NULL },
    { NULL }
  };

  context = g_option_context_new (_("CORPUS — measure how far annotators agree"));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_description (context,
    _("CORPUS is a folder, searched recursively for sidecars (NAME.txt.ANNOTATOR.gloss.xml).\n"
      "A document takes part when at least two of the annotators have a sidecar for it.\n"
      "Span precision, recall and F1 per pair (the first annotator is the reference), with\n"
      "exact and overlap matching, per type and over all types; Cohen's kappa on token labels\n"
      "per pair; Fleiss' kappa and Krippendorff's alpha over all annotators; claim matching,\n"
      "source, cue and attribute agreement. Counts are pooled over the corpus. A value that is\n"
      "undefined for the data is printed as n/a. See docs/review.md.\n\n"
      "Exit status: 0 measured, 1 nothing to compare (fewer than two annotators on every\n"
      "document) or some sidecars did not load, 2 usage or I/O error."));
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("gloss-cli agree: %s\n", error->message);
      return GLOSS_CLI_EXIT_USAGE;
    }
  if (argc != 2)
    {
      g_printerr ("gloss-cli agree: give one corpus folder (see gloss-cli agree --help)\n");
      return GLOSS_CLI_EXIT_USAGE;
    }
  if (format_arg == NULL || g_str_equal (format_arg, "table"))
    format = FORMAT_TABLE;
  else if (g_str_equal (format_arg, "json"))
    format = FORMAT_JSON;
  else if (g_str_equal (format_arg, "csv"))
    format = FORMAT_CSV;
  else
    {
      g_printerr ("gloss-cli agree: unknown format “%s” (use table, json or csv)\n", format_arg);
      return GLOSS_CLI_EXIT_USAGE;
    }

  root = g_file_new_for_commandline_arg (argv[1]);
  if (g_file_query_file_type (root, G_FILE_QUERY_INFO_NONE, NULL) != G_FILE_TYPE_DIRECTORY)
    {
      g_printerr ("%s: not a folder; give the corpus folder\n", argv[1]);
      return GLOSS_CLI_EXIT_USAGE;
    }
  articles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, article_free);
  if (!collect (root, root, articles, &error))
    {
      g_printerr ("%s: %s\n", argv[1], error->message);
      return GLOSS_CLI_EXIT_USAGE;
    }
  list = g_ptr_array_new ();
  {
    GHashTableIter iter;
    gpointer article;

    g_hash_table_iter_init (&iter, articles);
    while (g_hash_table_iter_next (&iter, NULL, &article))
      g_ptr_array_add (list, article);
  }
  g_ptr_array_sort (list, compare_articles);

  if (annotators_arg != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (annotators_arg, ",", -1);

      for (guint i = 0; parts[i] != NULL; i++)
        {
          g_strstrip (parts[i]);
          if (!gloss_annotator_id_is_valid (parts[i]))
            {
              g_printerr ("gloss-cli agree: “%s” is not an annotator id\n", parts[i]);
              return GLOSS_CLI_EXIT_USAGE;
            }
          for (guint j = 0; j < annotators->len; j++)
            if (g_str_equal (g_ptr_array_index (annotators, j), parts[i]))
              {
                g_printerr ("gloss-cli agree: “%s” is named twice\n", parts[i]);
                return GLOSS_CLI_EXIT_USAGE;
              }
          g_ptr_array_add (annotators, g_strdup (parts[i]));
        }
      if (annotators->len < 2)
        {
          g_printerr ("gloss-cli agree: name at least two annotators\n");
          return GLOSS_CLI_EXIT_USAGE;
        }
      if (annotators->len > GLOSS_REVIEW_MAX_ANNOTATORS)
        {
          g_printerr ("gloss-cli agree: at most %d annotators\n", GLOSS_REVIEW_MAX_ANNOTATORS);
          return GLOSS_CLI_EXIT_USAGE;
        }
    }
  else
    {
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < list->len; i++)
        {
          Article *article = g_ptr_array_index (list, i);
          GHashTableIter iter;
          gpointer key;

          g_hash_table_iter_init (&iter, article->sidecars);
          while (g_hash_table_iter_next (&iter, &key, NULL))
            if (!g_str_equal (key, GLOSS_ANNOTATOR_GOLD) && g_hash_table_add (seen, key))
              g_ptr_array_add (annotators, g_strdup (key));
        }
      g_ptr_array_sort (annotators, compare_strings);
      if (annotators->len < 2)
        {
          g_printerr ("%s: found sidecars of %u annotator%s; agreement needs at least two\n",
                      argv[1], annotators->len, annotators->len == 1 ? "" : "s");
          return GLOSS_CLI_EXIT_FINDINGS;
        }
      if (annotators->len > GLOSS_REVIEW_MAX_ANNOTATORS)
        {
          g_printerr ("%s: %u annotators; choose at most %d with --annotators\n",
                      argv[1], annotators->len, GLOSS_REVIEW_MAX_ANNOTATORS);
          return GLOSS_CLI_EXIT_USAGE;
        }
    }
  g_ptr_array_add (annotators, NULL);
  corpus = gloss_agreement_new ((const char * const *) annotators->pdata);
  g_ptr_array_set_size (annotators, annotators->len - 1);

  if (format == FORMAT_CSV)
    g_string_append (per_doc, "document,annotators,section,type,measure,value,count\n");

  for (guint i = 0; i < list->len; i++)
    {
      Article *article = g_ptr_array_index (list, i);
      g_autoptr(GPtrArray) sets = g_ptr_array_new_with_free_func (g_object_unref);
      g_autoptr(GlossReview) review = NULL;

      gloss_cli_progress (i + 1, list->len, article->name);
      for (guint a = 0; a < annotators->len; a++)
        {
          GFile *file = g_hash_table_lookup (article->sidecars, g_ptr_array_index (annotators, a));
          g_autoptr(GBytes) bytes = NULL;
          g_autoptr(GlossSidecarReport) report = NULL;
          GlossAnnotationSet *set;
          gboolean failed_io = FALSE;

          if (file == NULL)
            continue;
          bytes = g_file_load_bytes (file, NULL, NULL, &error);
          if (bytes == NULL)
            {
              g_autofree char *path = g_file_get_path (file);

              g_printerr ("%s: %s\n", path, error->message);
              g_clear_error (&error);
              n_failed++;
              io_failure = TRUE;
              continue;
            }
          set = gloss_cli_load_sidecar (file, bytes, &report, &failed_io);
          if (set == NULL)
            {
              n_failed++;
              io_failure |= failed_io;
              continue;
            }
          g_ptr_array_add (sets, set);
        }
      gloss_cli_progress (0, 0, NULL);

      if (sets->len < 2)
        {
          n_left_out++;
          continue;
        }
      review = gloss_review_new ((GlossAnnotationSet * const *) sets->pdata, sets->len, &error);
      if (review == NULL)
        {
          g_printerr ("%s: %s\n", article->name, error->message);
          g_clear_error (&error);
          n_failed++;
          continue;
        }
      gloss_agreement_add_review (corpus, review);
      g_ptr_array_add (compared, article->name);

      if (per_document)
        {
          g_autoptr(GlossAgreement) one = NULL;

          g_ptr_array_add (annotators, NULL);
          one = gloss_agreement_new ((const char * const *) annotators->pdata);
          g_ptr_array_set_size (annotators, annotators->len - 1);
          gloss_agreement_add_review (one, review);
          switch (format)
            {
            case FORMAT_TABLE:
              g_string_append_printf (per_doc, "\n== %s ==\n\n", article->name);
              write_table (per_doc, one);
              break;
            case FORMAT_CSV:
              write_csv (per_doc, article->name, one);
              break;
            case FORMAT_JSON:
            default:
              g_string_append_printf (per_doc, "%s\n    {\"document\": ", per_doc->len > 0 ? "," : "");
              json_string (per_doc, article->name);
              g_string_append (per_doc, ",\n");
              write_json (per_doc, one, "     ");
              g_string_append (per_doc, "    }");
              break;
            }
        }
    }

  if (gloss_agreement_get_n_documents (corpus) == 0)
    {
      g_printerr ("%s: no document has sidecars of two of the annotators (%u left out)\n",
                  argv[1], n_left_out);
      return io_failure ? GLOSS_CLI_EXIT_USAGE : GLOSS_CLI_EXIT_FINDINGS;
    }

  switch (format)
    {
    case FORMAT_TABLE:
      g_string_append (out, "Agreement of ");
      for (guint a = 0; a < annotators->len; a++)
        g_string_append_printf (out, "%s%s", a > 0 ? ", " : "", (const char *) g_ptr_array_index (annotators, a));
      g_string_append_printf (out, "\n%u document%s compared", compared->len, compared->len == 1 ? "" : "s");
      if (n_left_out > 0)
        g_string_append_printf (out, " (%u with fewer than two of these annotators left out)", n_left_out);
      g_string_append (out, "\n\n");
      write_table (out, corpus);
      g_string_append (out, per_doc->str);
      break;
    case FORMAT_CSV:
      g_string_append (out, "document,annotators,section,type,measure,value,count\n");
      write_csv (out, "(corpus)", corpus);
      /* Skip the header the per-document part started with. */
      g_string_append (out, per_doc->str + strlen ("document,annotators,section,type,measure,value,count\n"));
      break;
    case FORMAT_JSON:
    default:
      g_string_append (out, "{\n  \"annotators\": [");
      for (guint a = 0; a < annotators->len; a++)
        {
          if (a > 0)
            g_string_append (out, ", ");
          json_string (out, g_ptr_array_index (annotators, a));
        }
      g_string_append_printf (out, "],\n  \"left_out\": %u,\n  \"corpus\": {\n", n_left_out);
      write_json (out, corpus, "    ");
      g_string_append (out, "  }");
      if (per_document)
        g_string_append_printf (out, ",\n  \"per_document\": [%s\n  ]", per_doc->str);
      g_string_append (out, "\n}\n");
      break;
    }
  fwrite (out->str, 1, out->len, stdout);

  return n_failed > 0 ? (io_failure ? GLOSS_CLI_EXIT_USAGE : GLOSS_CLI_EXIT_FINDINGS) : GLOSS_CLI_EXIT_OK;
}
