/* test-sidecar-schema.c: the check of the schema that reads sidecars
 * accepts and refuses what libxml2's RelaxNG validator does with
 * gloss-sidecar-1.rng, and names the file, the line and the problem
 *
 * Each case changes one thing in a valid sidecar. The table says what the
 * schema makes of the result (asserted against libxml2's validator itself)
 * and what a load gives; a load through the reader and the validator must
 * accept or refuse it too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <libxml/parser.h>
#include <libxml/relaxng.h>

#include "gloss-annotation-set.h"
#include "gloss-document.h"
#include "gloss-sidecar.h"
#include "gloss-tagset.h"
#include "gloss-test-util.h"

void _gloss_sidecar_force_reader (gboolean force);
void _gloss_sidecar_force_sax    (gboolean force);

/*                               0         1         2         3         4         5
 *                               012345678901234567890123456789012345678901234567890123456 */
static const char article[] = "Alice met Bob in Paris on Monday. Zoe said Bob would act.\n";

/* Lines 1-31. */
static const char base[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<gloss xmlns=\"urn:gloss:sidecar:1\" version=\"1\">\n"
  "  <source name=\"meeting.txt\" sha256=\"SHA\" length=\"58\"/>\n"
  "  <annotator id=\"alice\" name=\"Alice\"/>\n"
  "  <tagset id=\"news\" version=\"1\"/>\n"
  "  <history created=\"2026-11-20T09:12:00Z\" modified=\"2026-11-20T09:15:41Z\"/>\n"
  "  <entities>\n"
  "    <entity id=\"e1\" type=\"person\" start=\"0\" end=\"5\" annotator=\"alice\" created=\"2026-11-20T09:12:10Z\">\n"
  "      <quote prefix=\"\" exact=\"Alice\" suffix=\" met Bob\"/>\n"
  "      <attribute name=\"mention\" value=\"name\"/>\n"
  "      <link>wikidata:Q1</link>\n"
  "      <note>first</note>\n"
  "    </entity>\n"
  "    <entity id=\"e2\" type=\"person\" start=\"10\" end=\"13\"><quote exact=\"Bob\"/></entity>\n"
  "    <entity id=\"e3\" type=\"person\" start=\"34\" end=\"37\"><quote exact=\"Zoe\"/></entity>\n"
  "  </entities>\n"
  "  <claims>\n"
  "    <claim id=\"c1\" start=\"43\" end=\"56\">\n"
  "      <quote exact=\"Bob would act\"/>\n"
  "      <source entity=\"e3\"/>\n"
  "      <cue start=\"38\" end=\"42\"><quote exact=\"said\"/></cue>\n"
  "      <attribute name=\"stance\" value=\"predicts\"/>\n"
  "    </claim>\n"
  "    <claim id=\"c2\" start=\"43\" end=\"56\" parent=\"c1\"><quote exact=\"Bob would act\"/><source start=\"34\" end=\"37\"><quote exact=\"Zoe\"/></source></claim>\n"
  "    <claim id=\"c3\" start=\"0\" end=\"13\"><quote exact=\"Alice met Bob\"/><source article=\"true\"/></claim>\n"
  "  </claims>\n"
  "  <relations>\n"
  "    <relation id=\"r1\" type=\"same-as\" from=\"e1\" to=\"e2\"><note>n</note></relation>\n"
  "    <relation id=\"r2\" type=\"about\" from=\"c1\" to=\"e2\"/>\n"
  "  </relations>\n"
  "</gloss>\n";

#define LOADS (-1)

typedef struct
{
  const char *name;
  const char *from;          /* replaced once by to */
  const char *to;
  gboolean    schema_valid;  /* libxml2's verdict */
  int         code;          /* of the load, or LOADS */
  int         line;
  const char *words;         /* in the load's message */
} Case;

static const Case cases[] = {
  { "unchanged", "", "", TRUE, LOADS, 0, NULL },

  /* The root and the header */
  { "version-blanks", "version=\"1\">", "version=\" 1 \">", TRUE, LOADS, 0, NULL },
  { "version-two", "version=\"1\">", "version=\"01\">", FALSE, GLOSS_SIDECAR_ERROR_INVALID, 2, "version “01”" },
  { "root-attribute", "version=\"1\">", "version=\"1\" lang=\"en\">", FALSE, GLOSS_SIDECAR_ERROR_INVALID, 2, "attribute “lang”" },
  { "xml-lang", "version=\"1\">", "version=\"1\" xml:lang=\"en\">", FALSE, GLOSS_SIDECAR_ERROR_INVALID, 2, "attribute “xml:lang”" },
  { "empty-name", "name=\"meeting.txt\"", "name=\"\"", FALSE, GLOSS_SIDECAR_ERROR_INVALID, 3, "empty name" },
  { "sha-upper", "sha256=\"", "sha256=\"A", FALSE, GLOSS_SIDECAR_ERROR_INVALID, 3, "sha256" },
  { "sha-blank", "\" length", " \" length", FALSE, GLOSS_SIDECAR_ERROR_INVALID, 3, "hexadecimal" },
  { "length-word", "length=\"58\"", "length=\"many\"", FALSE, GLOSS_SIDECAR_ERROR_INVALID, 3, "length “many”" },
  /* Valid integers that the reader still refuses: it wants plain digits. */
  { "length-plus", "length=\"58\"", "length=\"+58\"", TRUE, GLOSS_SIDECAR_ERROR_INVALID, 3, "length" },
  { "length-blank", "length=\"58\"", "length=\" 58\"", TRUE, GLOSS_SIDECAR_ERROR_INVALID, 3, "length" },
  { "no-length", " length=\"58\"", "", FALSE, GLOSS_SIDECAR_ERROR_INVALID, 3, "lacks the attribute “length”" },
  { "annotator-upper", "id=\"alice\"", "id=\"Alice\"", FALSE, GLOSS_SIDECAR_ERROR_INVALID, 4, "“Alice”" },
  { "annotator-dash", "id=\"alice\"", "id=\"-alice\"", FALSE, GLOSS_SIDECAR_ERROR_INVALID, 4, "“-alice”" },
  { "empty-tagset", "tagset id=\"news\"", "tagset id=\"\"", FALSE, GLOSS_SIDECAR_ERROR_INVALID, 5, "empty id" },
  { "time-no-zone", "created=\"2026-11-20T09:12:00Z\"", "created=\"2026-11-20T09:12:00\"", FALSE, GLOSS_SIDECAR_ERROR_INVALID, 6, "created" },
  { "time-blank", "created=\"2026-11-20T09:12:00Z\"", "created=\" 2026-11-20T09:12:00Z\"", FALSE, GLOSS_SIDECAR_ERROR_INVALID, 6, "created" },
  { "header-order", "  <tagset id=\"news\" version=\"1\"/>\n  <history created=\"2026-11-20T09:12:00Z\" modified=\"2026-11-20T09:15:41Z\"/>\n",
    "  <history created=\"2026-11-20T09:12:00Z\" modified=\"2026-11-20T09:15:41Z\"/>\n  <tagset id=\"news\" version=\"1\"/>\n",
    FALSE, GLOSS_SIDECAR_ERROR_INVALID, 5, "<gloss> lacks <tagset> before <history>" },
  { "no-history", "  <history created=\"2026-11-20T09:12:00Z\" modified=\"2026-11-20T09:15:41Z\"/>\n", "",
    FALSE, GLOSS_SIDECAR_ERROR_INVALID, 6, "lacks <history>" },

  /* Sections */
  { "sections-order", "  <claims>\n", "  <relations/>\n  <claims>\n", FALSE, GLOSS_SIDECAR_ERROR_INVALID, 18, "<claims> is out of place in <gloss>" },
  { "second-section", "  <claims>\n", "  <entities/>\n  <claims>\n", FALSE, GLOSS_SIDECAR_ERROR_INVALID, 17, "second <entities>" },
  { "empty-sections", "  <claims>\n", "  <claims/>\n  <claims>\n", FALSE, GLOSS_SIDECAR_ERROR_INVALID, 18, "second <claims>" },
  { "section-text", "  <entities>\n", "  <entities>x\n", FALSE, GLOSS_SIDECAR_ERROR_INVALID, 8, "<entities> holds text" },
  { "foreign-element", "  <entities>\n", "  <entities><f:x xmlns:f=\"urn:f\"/>\n", FALSE, GLOSS_SIDECAR_ERROR_INVALID, 7, "<f:x>" },
  { "no-namespace", "<entity id=\"e2\"", "<entity xmlns=\"\" id=\"e2\"", FALSE, GLOSS_SIDECAR_ERROR_INVALID, 14, "no namespace" },
  { "prefixed", "<relation id=\"r2\" type=\"about\" from=\"c1\" to=\"e2\"/>",
    "<g:relation xmlns:g=\"urn:gloss:sidecar:1\" id=\"r2\" type=\"about\" from=\"c1\" to=\"e2\"></g:relation>",
    TRUE, LOADS, 0, NULL },

  /* Annotations */
  { "unknown-attribute", "<entity id=\"e2\"", "<entity colour=\"red\" id=\"e2\"", FALSE, GLOSS_SIDECAR_ERROR_INVALID, 14, "attribute “colour”" },
  { "foreign-attribute", "<entity id=\"e2\"", "<entity xmlns:f=\"urn:f\" f:x=\"1\" id=\"e2\"", FALSE, GLOSS_SIDECAR_ERROR_INVALID, 14, "attribute “f:x”" },
  { "no-type", "<entity id=\"e2\" type=\"person\"", "<entity id=\"e2\"", FALSE, GLOSS_SIDECAR_ERROR_INVALID, 14, "lacks the attribute “type”" },
  { "no-quote", "<claim id=\"c3\" start=\"0\" end=\"13\"><quote exact=\"Alice met Bob\"/>", "<claim id=\"c3\" start=\"0\" end=\"13\">",
    FALSE, GLOSS_SIDECAR_ERROR_INVALID, 25, "<claim> lacks <quote> before <source>" },
  { "empty-entity", "<entity id=\"e2\" type=\"person\" start=\"10\" end=\"13\"><quote exact=\"Bob\"/></entity>",
    "<entity id=\"e2\" type=\"person\" start=\"10\" end=\"13\"/>", FALSE, GLOSS_SIDECAR_ERROR_INVALID, 14, "<entity> lacks <quote>" },
  { "second-quote", "<quote exact=\"Bob\"/>", "<quote exact=\"Bob\"/><quote exact=\"Bob\"/>", FALSE, GLOSS_SIDECAR_ERROR_INVALID, 14, "second <quote>" },
  { "link-after-note", "      <link>wikidata:Q1</link>\n      <note>first</note>\n", "      <note>first</note>\n      <link>wikidata:Q1</link>\n",
    FALSE, GLOSS_SIDECAR_ERROR_INVALID, 12, "<link> is out of place in <entity>" },
  { "attribute-after-link", "      <attribute name=\"mention\" value=\"name\"/>\n      <link>wikidata:Q1</link>\n",
    "      <link>wikidata:Q1</link>\n      <attribute name=\"mention\" value=\"name\"/>\n",
    FALSE, GLOSS_SIDECAR_ERROR_INVALID, 11, "<attribute> is out of place" },
  { "quote-in-relation", "<note>n</note></relation>", "<quote exact=\"x\"/></relation>", FALSE, GLOSS_SIDECAR_ERROR_INVALID, 28, "<quote> does not belong in <relation>" },
  { "quote-blank", "<quote exact=\"Bob\"/>", "<quote exact=\"Bob\">\n </quote>", TRUE, LOADS, 0, NULL },
  { "quote-text", "<quote exact=\"Bob\"/>", "<quote exact=\"Bob\">Bob</quote>", FALSE, GLOSS_SIDECAR_ERROR_INVALID, 14, "<quote> holds text" },
  { "quote-child", "<quote exact=\"Bob\"/>", "<quote exact=\"Bob\"><note/></quote>", FALSE, GLOSS_SIDECAR_ERROR_INVALID, 14, "<quote> holds no elements" },
  { "note-child", "<note>first</note>", "<note>first<b/></note>", FALSE, GLOSS_SIDECAR_ERROR_INVALID, 12, "<note> holds no elements" },
  { "note-entities", "<note>first</note>", "<note>a&amp;b&#38;c&lt;&#x1F1FA;</note>", TRUE, LOADS, 0, NULL },
  { "cue-no-end", "<cue start=\"38\" end=\"42\">", "<cue start=\"38\">", FALSE, GLOSS_SIDECAR_ERROR_INVALID, 21, "<cue> lacks the attribute “end”" },
  { "cue-no-quote", "<cue start=\"38\" end=\"42\"><quote exact=\"said\"/></cue>", "<cue start=\"38\" end=\"42\"/>",
    FALSE, GLOSS_SIDECAR_ERROR_INVALID, 21, "<cue> lacks <quote>" },
  { "cue-before-source", "      <source entity=\"e3\"/>\n      <cue start=\"38\" end=\"42\"><quote exact=\"said\"/></cue>\n",
    "      <cue start=\"38\" end=\"42\"><quote exact=\"said\"/></cue>\n      <source entity=\"e3\"/>\n",
    FALSE, GLOSS_SIDECAR_ERROR_INVALID, 21, "<source> is out of place in <claim>" },

  /* The three kinds of claim source */
  { "source-blank", "<source entity=\"e3\"/>", "<source entity=\"e3\">\n </source>", TRUE, LOADS, 0, NULL },
  { "source-entity-quote", "<source entity=\"e3\"/>", "<source entity=\"e3\"><quote exact=\"Zoe\"/></source>", FALSE, GLOSS_SIDECAR_ERROR_INVALID, 20, "holds no elements" },
  { "source-none", "<source article=\"true\"/>", "<source/>", FALSE, GLOSS_SIDECAR_ERROR_INVALID, 25, "one of them" },
  { "source-two-kinds", "<source article=\"true\"/>", "<source entity=\"e3\" article=\"true\"/>", FALSE, GLOSS_SIDECAR_ERROR_INVALID, 25, "one of them" },
  { "source-start-only", "<source start=\"34\" end=\"37\">", "<source start=\"34\">", FALSE, GLOSS_SIDECAR_ERROR_INVALID, 24, "one of them" },
  { "source-span-no-quote", "<source start=\"34\" end=\"37\"><quote exact=\"Zoe\"/></source>", "<source start=\"34\" end=\"37\"/>",
    FALSE, GLOSS_SIDECAR_ERROR_INVALID, 24, "<source> lacks <quote>" },
  { "article-blanks", "<source article=\"true\"/>", "<source article=\" true \"/>", TRUE, LOADS, 0, NULL },
  { "article-false", "<source article=\"true\"/>", "<source article=\"false\"/>", FALSE, GLOSS_SIDECAR_ERROR_INVALID, 25, "article=\"true\"" },

  /* Not the schema's to judge: the parser's */
  { "cut-tag", "  <claims>\n", "  <claims\n", FALSE, GLOSS_SIDECAR_ERROR_PARSE, 18, "" },
  { "undeclared-prefix", "  <entities>\n", "  <entities><q:x/>\n", FALSE, GLOSS_SIDECAR_ERROR_PARSE, 7, "prefix q" },
  { "twice-the-same", "<entity id=\"e2\"", "<entity id=\"e2\" id=\"e4\"", FALSE, GLOSS_SIDECAR_ERROR_PARSE, 14, "redefined" },
};

static char *
replace_once (const char *text,
              const char *from,
              const char *to)
{
  const char *at = *from != '\0' ? strstr (text, from) : text;

  g_assert_nonnull (at);
  return g_strdup_printf ("%.*s%s%s", (int) (at - text), text, to, at + strlen (from));
}

/* libxml2's verdict: well-formed and valid against the schema. */
static gboolean
schema_accepts (GBytes *bytes)
{
  static xmlRelaxNGPtr schema;
  xmlRelaxNGValidCtxtPtr ctxt;
  xmlDocPtr doc;
  int ret;

  if (schema == NULL)
    {
      g_autofree char *path = gloss_test_source_path ("resources", "schema", "gloss-sidecar-1.rng", NULL);
      xmlRelaxNGParserCtxtPtr pctxt = xmlRelaxNGNewParserCtxt (path);

      schema = xmlRelaxNGParse (pctxt);
      xmlRelaxNGFreeParserCtxt (pctxt);
      g_assert_nonnull (schema);
    }

  doc = xmlReadMemory (g_bytes_get_data (bytes, NULL), (int) g_bytes_get_size (bytes),
                       "case.gloss.xml", NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (doc == NULL)
    return FALSE;
  ctxt = xmlRelaxNGNewValidCtxt (schema);
  xmlRelaxNGSetValidStructuredErrors (ctxt, NULL, NULL);
  ret = xmlRelaxNGValidateDoc (ctxt, doc);
  xmlRelaxNGFreeValidCtxt (ctxt);
  xmlFreeDoc (doc);
  return ret == 0;
}

static void
silence (void        *user_data,
         xmlErrorPtr  error)
{
}

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, article, -1);
  g_autofree char *filled = replace_once (base, "SHA", sha);
  g_autofree char *text = replace_once (filled, c->from, c->to);
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GBytes) article_bytes = g_bytes_new_static (article, strlen (article));
  g_autoptr(GlossDocument) doc = gloss_document_new_from_bytes ("meeting.txt", article_bytes, NULL);
  g_autoptr(GlossAnnotationSet) set = NULL;
  g_autoptr(GlossAnnotationSet) by_reader = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) reader_error = NULL;

  g_assert_nonnull (doc);

  /* The table is right about the schema... */
  xmlSetStructuredErrorFunc (NULL, silence);
  g_assert_cmpint (schema_accepts (bytes), ==, c->schema_valid);
  /* ...and what the schema refuses, a load refuses. */
  if (!c->schema_valid)
    g_assert_cmpint (c->code, !=, LOADS);

  set = gloss_sidecar_load_bytes (bytes, "case.gloss.xml", doc, gloss_tagset_get_default (),
                                  NULL, &error);
  if (c->code == LOADS)
    {
      g_assert_no_error (error);
      g_assert_nonnull (set);
      g_assert_cmpuint (g_list_model_get_n_items (gloss_annotation_set_get_claims (set)), ==, 3);
    }
  else
    {
      g_autofree char *prefix = g_strdup_printf ("case.gloss.xml:%d: ", c->line);

      g_test_message ("%s", error != NULL ? error->message : "(loaded)");
      g_assert_null (set);
      g_assert_error (error, GLOSS_SIDECAR_ERROR, c->code);
      if (!g_str_has_prefix (error->message, prefix) || strstr (error->message, c->words) == NULL)
        g_error ("expected “%s…%s…”, got “%s”", prefix, c->words, error->message);
    }

  /* The reader and the validator agree. */
  _gloss_sidecar_force_reader (TRUE);
  by_reader = gloss_sidecar_load_bytes (bytes, "case.gloss.xml", doc, gloss_tagset_get_default (),
                                        NULL, &reader_error);
  _gloss_sidecar_force_reader (FALSE);
  g_test_message ("reader: %s", reader_error != NULL ? reader_error->message : "(loaded)");
  g_assert_cmpint (by_reader != NULL, ==, set != NULL);
  if (set != NULL)
    {
      g_autoptr(GBytes) a = gloss_sidecar_to_bytes (set, NULL);
      g_autoptr(GBytes) b = gloss_sidecar_to_bytes (by_reader, NULL);

      g_assert_true (g_bytes_equal (a, b));
    }
  else if (c->code == GLOSS_SIDECAR_ERROR_PARSE)
    g_assert_error (reader_error, GLOSS_SIDECAR_ERROR, GLOSS_SIDECAR_ERROR_PARSE);
}

/* A file that has comments or extensions is read by the reader; the
 * same annotations as without them. Run again with every file started
 * by the SAX producer: it reads comments itself and hands a file with
 * extensions over to the reader. */
static void
test_reader_files (gconstpointer data)
{
  gboolean sax_first = GPOINTER_TO_INT (data);
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, article, -1);
  g_autofree char *filled = replace_once (base, "SHA", sha);
  g_autofree char *commented = replace_once (filled, "  <claims>\n", "  <!-- claims -->\n  <claims>\n");
  g_autofree char *extended = replace_once (filled, "</gloss>", "<extensions><y:z xmlns:y=\"urn:y\"/></extensions></gloss>");
  g_autofree char *extended_entity = replace_once (filled, "      <note>first</note>\n",
                                                   "      <note>first</note>\n"
                                                   "      <extensions><y:w xmlns:y=\"urn:y\">t</y:w></extensions>\n");
  g_autoptr(GBytes) article_bytes = g_bytes_new_static (article, strlen (article));
  g_autoptr(GlossDocument) doc = gloss_document_new_from_bytes ("meeting.txt", article_bytes, NULL);
  const char *texts[] = { filled, commented, extended, extended_entity };
  const char *kept[] = { NULL, NULL, "<y:z xmlns:y=\"urn:y\"/>", "<y:w xmlns:y=\"urn:y\">t</y:w>" };
  g_autoptr(GBytes) first = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (texts[i], strlen (texts[i]));
      g_autoptr(GlossSidecarReport) report = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GlossAnnotationSet) set = NULL;

      _gloss_sidecar_force_sax (sax_first);
      set = gloss_sidecar_load_bytes (bytes, "case.gloss.xml", doc, gloss_tagset_get_default (),
                                      &report, &error);
      _gloss_sidecar_force_sax (FALSE);

      g_assert_no_error (error);
      g_assert_cmpuint (report->warnings->len, ==, kept[i] != NULL ? 1 : 0);
      g_assert_cmpuint (g_list_model_get_n_items (gloss_annotation_set_get_entities (set)), ==, 3);
      g_assert_cmpuint (g_list_model_get_n_items (gloss_annotation_set_get_claims (set)), ==, 3);
      g_assert_cmpuint (g_list_model_get_n_items (gloss_annotation_set_get_relations (set)), ==, 2);
      if (i == 0)
        first = gloss_sidecar_to_bytes (set, NULL);
      else if (i == 1)
        {
          g_autoptr(GBytes) again = gloss_sidecar_to_bytes (set, NULL);

          g_assert_true (g_bytes_equal (first, again));
        }
      else
        {
          g_autoptr(GBytes) saved = gloss_sidecar_to_bytes (set, NULL);
          g_autofree char *text = g_strndup (g_bytes_get_data (saved, NULL), g_bytes_get_size (saved));

          /* Foreign XML comes back as it was. */
          g_assert_nonnull (strstr (text, kept[i]));
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/sidecar-schema/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_case);
    }
  g_test_add_data_func ("/sidecar-schema/reader-files", GINT_TO_POINTER (FALSE), test_reader_files);
  g_test_add_data_func ("/sidecar-schema/reader-files/sax-first", GINT_TO_POINTER (TRUE),
                        test_reader_files);

  return g_test_run ();
}
