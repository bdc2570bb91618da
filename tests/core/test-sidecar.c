/* test-sidecar.c: sidecar round trips, offsets, changed articles, names
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <gio/gio.h>

#include "gloss-annotation-private.h"
#include "gloss-annotation-set.h"
#include "gloss-document.h"
#include "gloss-sidecar.h"
#include "gloss-tagset.h"
#include "gloss-xml.h"

static GlossDocument *
document_new (const char *name,
              const char *text,
              gssize      len)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, len < 0 ? strlen (text) : (gsize) len);
  g_autoptr(GError) error = NULL;
  GlossDocument *document = gloss_document_new_from_bytes (name, bytes, &error);

  g_assert_no_error (error);
  return document;
}

static char *
sha256_of (const char *text)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}

/* Replaces @SHA@ and @LEN@ in a template with the article's values. */
static GBytes *
sidecar_for (const char    *template,
             GlossDocument *document)
{
  g_autoptr(GString) s = g_string_new (template);
  g_autofree char *len = g_strdup_printf ("%u", gloss_document_get_length (document));

  g_string_replace (s, "@SHA@", gloss_document_get_sha256 (document), 0);
  g_string_replace (s, "@LEN@", len, 0);
  return g_string_free_to_bytes (g_steal_pointer (&s));
}

static GlossAnnotationSet *
load (GBytes              *bytes,
      GlossDocument       *document,
      GlossSidecarReport **report)
{
  g_autoptr(GError) error = NULL;
  GlossAnnotationSet *set;

  set = gloss_sidecar_load_bytes (bytes, "test.gloss.xml", document,
                                  gloss_tagset_get_default (), report, &error);
  g_assert_no_error (error);
  g_assert_nonnull (set);
  return set;
}

static GBytes *
save (GlossAnnotationSet *set)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = gloss_sidecar_to_bytes (set, &error);

  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  return bytes;
}

static void
assert_models_equal (GListModel *a,
                     GListModel *b)
{
  g_assert_cmpuint (g_list_model_get_n_items (a), ==, g_list_model_get_n_items (b));
  for (guint i = 0; i < g_list_model_get_n_items (a); i++)
    {
      g_autoptr(GlossAnnotation) x = g_list_model_get_item (a, i);
      g_autoptr(GlossAnnotation) y = g_list_model_get_item (b, i);

      if (!gloss_annotation_equal (x, y))
        g_error ("annotation %s differs after a round trip", gloss_annotation_get_id (x));
    }
}

static void
assert_sets_equal (GlossAnnotationSet *a,
                   GlossAnnotationSet *b)
{
  g_assert_cmpstr (gloss_annotation_set_get_annotator_id (a), ==, gloss_annotation_set_get_annotator_id (b));
  g_assert_cmpstr (gloss_annotation_set_get_annotator_name (a), ==, gloss_annotation_set_get_annotator_name (b));
  g_assert_cmpstr (gloss_annotation_set_get_tagset_id (a), ==, gloss_annotation_set_get_tagset_id (b));
  g_assert_cmpstr (gloss_annotation_set_get_tagset_version (a), ==, gloss_annotation_set_get_tagset_version (b));
  g_assert_cmpint (gloss_annotation_set_get_created (a), ==, gloss_annotation_set_get_created (b));
  g_assert_cmpint (gloss_annotation_set_get_modified (a), ==, gloss_annotation_set_get_modified (b));
  assert_models_equal (gloss_annotation_set_get_entities (a), gloss_annotation_set_get_entities (b));
  assert_models_equal (gloss_annotation_set_get_claims (a), gloss_annotation_set_get_claims (b));
  assert_models_equal (gloss_annotation_set_get_relations (a), gloss_annotation_set_get_relations (b));
}

static void
assert_bytes_equal (GBytes *a,
                    GBytes *b)
{
  if (!g_bytes_equal (a, b))
    {
      g_test_message ("first:\n%.*s", (int) g_bytes_get_size (a), (const char *) g_bytes_get_data (a, NULL));
      g_test_message ("second:\n%.*s", (int) g_bytes_get_size (b), (const char *) g_bytes_get_data (b, NULL));
      g_assert_not_reached ();
    }
}

static gboolean
bytes_contain (GBytes     *bytes,
               const char *needle)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  return g_strstr_len (data, len, needle) != NULL;
}

static const char article[] =
  "Port officials said on Monday that the strike would end by Friday.\n"
  "The union denied it.\n";

/* Every element and attribute the format has. */
static const char full_sidecar[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<gloss xmlns=\"urn:gloss:sidecar:1\" version=\"1\">\n"
  "  <source name=\"strike.txt\" sha256=\"@SHA@\" length=\"@LEN@\"/>\n"
  "  <annotator id=\"gold\" name=\"Adjudicated &amp; merged\"/>\n"
  "  <tagset id=\"news\" version=\"1\"/>\n"
  "  <history created=\"2026-11-20T09:12:00Z\" modified=\"2026-11-20T09:15:41Z\"/>\n"
  "  <entities>\n"
  "    <entity id=\"e1\" type=\"organisation\" start=\"0\" end=\"14\" annotator=\"alice\" created=\"2026-11-20T09:12:10Z\" modified=\"2026-11-21T10:00:00Z\">\n"
  "      <quote prefix=\"\" exact=\"Port officials\" suffix=\" said on Monday that the strike \"/>\n"
  "      <attribute name=\"mention\" value=\"nominal\"/>\n"
  "      <link>wikidata:Q42</link>\n"
  "      <note>Line one\nline two&#13;\nwith\ttab &lt;and&gt; &amp; “quotes”</note>\n"
  "      <extensions>\n"
  "        <x:review xmlns:x=\"urn:example:review\" x:score=\"3\">ok <x:by>carol</x:by></x:review>\n"
  "      </extensions>\n"
  "    </entity>\n"
  "    <entity id=\"e2\" type=\"date\" start=\"23\" end=\"29\" created=\"2026-11-20T09:12:31Z\">\n"
  "      <quote prefix=\"Port officials said on \" exact=\"Monday\" suffix=\" that the strike would end by Fr\"/>\n"
  "    </entity>\n"
  "    <entity id=\"e3\" type=\"date\" start=\"59\" end=\"65\" annotator=\"bob\">\n"
  "      <quote prefix=\"ay that the strike would end by \" exact=\"Friday\" suffix=\".&#10;The union denied it.&#10;\"/>\n"
  "    </entity>\n"
  "    <entity id=\"e4\" type=\"organisation\" start=\"67\" end=\"76\">\n"
  "      <quote exact=\"The union\"/>\n"
  "    </entity>\n"
  "  </entities>\n"
  "  <claims>\n"
  "    <claim id=\"c1\" start=\"35\" end=\"65\" created=\"2026-11-20T09:13:02Z\" modified=\"2026-11-20T09:15:41Z\">\n"
  "      <quote exact=\"the strike would end by Friday\"/>\n"
  "      <source entity=\"e1\"/>\n"
  "      <cue start=\"15\" end=\"19\">\n"
  "        <quote exact=\"said\"/>\n"
  "      </cue>\n"
  "      <attribute name=\"stance\" value=\"predicts\"/>\n"
  "      <attribute name=\"certainty\" value=\"probable\"/>\n"
  "      <attribute name=\"attribution\" value=\"indirect\"/>\n"
  "      <attribute name=\"verdict\" value=\"unverified\"/>\n"
  "      <link>https://example.org/check?id=1&amp;x=2</link>\n"
  "      <note>Carriage&#13;return</note>\n"
  "      <extensions><y:flag xmlns:y=\"urn:example:y\"/></extensions>\n"
  "    </claim>\n"
  "    <claim id=\"c2\" start=\"39\" end=\"45\" parent=\"c1\">\n"
  "      <quote exact=\"strike\"/>\n"
  "      <source start=\"67\" end=\"76\">\n"
  "        <quote exact=\"The union\"/>\n"
  "      </source>\n"
  "    </claim>\n"
  "    <claim id=\"c3\" start=\"67\" end=\"87\" annotator=\"bob\">\n"
  "      <quote exact=\"The union denied it.\"/>\n"
  "      <source article=\"true\"/>\n"
  "      <attribute name=\"stance\" value=\"denies\"/>\n"
  "    </claim>\n"
  "    <claim id=\"c4\" start=\"0\" end=\"4\">\n"
  "      <quote exact=\"Port\"/>\n"
  "    </claim>\n"
  "  </claims>\n"
  "  <relations>\n"
  "    <relation id=\"r1\" type=\"time-of\" from=\"e2\" to=\"c1\" created=\"2026-11-20T09:14:00Z\">\n"
  "      <note>tab\there, newline\nthere</note>\n"
  "      <extensions><z:w xmlns:z=\"urn:example:z\">1</z:w></extensions>\n"
  "    </relation>\n"
  "    <relation id=\"r2\" type=\"about\" from=\"c3\" to=\"c1\" annotator=\"bob\"/>\n"
  "  </relations>\n"
  "  <extensions>\n"
  "    <q:meta xmlns:q=\"urn:example:q\"><q:project>harbour</q:project></q:meta>\n"
  "  </extensions>\n"
  "</gloss>\n";

static void
test_round_trip_every_field (void)
{
  g_autoptr(GlossDocument) document = document_new ("strike.txt", article, -1);
  g_autoptr(GBytes) input = sidecar_for (full_sidecar, document);
  g_autoptr(GlossSidecarReport) report = NULL;
  g_autoptr(GlossSidecarReport) report2 = NULL;
  g_autoptr(GlossAnnotationSet) set = load (input, document, &report);
  g_autoptr(GlossAnnotationSet) again = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  GlossAnnotation *e1, *e3, *c1, *c2, *c3, *c4, *r1;
  guint s, e;
  const char *name, *value;

  g_assert_nonnull (report);
  g_assert_false (report->source_changed);
  g_assert_cmpstr (report->source_name, ==, "strike.txt");
  g_assert_cmpuint (report->source_length, ==, gloss_document_get_length (document));
  g_assert_cmpuint (report->n_anchored, ==, 8);
  g_assert_cmpuint (report->n_unanchored, ==, 0);
  /* Four extension elements, each reported with its line. */
  g_assert_cmpuint (report->warnings->len, ==, 4);
  g_assert_cmpstr (g_ptr_array_index (report->warnings, 0), ==,
                   "test.gloss.xml:16: kept unknown element <x:review>");

  g_assert_cmpstr (gloss_annotation_set_get_annotator_id (set), ==, "gold");
  g_assert_cmpstr (gloss_annotation_set_get_annotator_name (set), ==, "Adjudicated & merged");
  g_assert_cmpint (gloss_annotation_set_get_created (set), ==, 1795165920);

  e1 = gloss_annotation_set_lookup (set, "e1");
  g_assert_nonnull (e1);
  g_assert_cmpstr (gloss_annotation_get_type_id (e1), ==, "organisation");
  g_assert_cmpuint (gloss_annotation_get_start (e1), ==, 0);
  g_assert_cmpuint (gloss_annotation_get_end (e1), ==, 14);
  g_assert_cmpstr (gloss_annotation_get_annotator (e1), ==, "alice");
  g_assert_cmpint (gloss_annotation_get_created (e1), ==, 1795165930);
  g_assert_cmpint (gloss_annotation_get_modified (e1), ==, 1795255200);
  g_assert_cmpstr (gloss_annotation_get_attribute (e1, "mention"), ==, "nominal");
  g_assert_cmpstr (gloss_annotation_get_link (e1), ==, "wikidata:Q42");
  g_assert_cmpstr (gloss_annotation_get_note (e1), ==,
                   "Line one\nline two\r\nwith\ttab <and> & “quotes”");
  g_assert_cmpuint (_gloss_annotation_get_extensions (e1)->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (_gloss_annotation_get_extensions (e1), 0),
                            "xmlns:x=\"urn:example:review\""));

  e3 = gloss_annotation_set_lookup (set, "e3");
  g_assert_cmpstr (gloss_annotation_get_annotator (e3), ==, "bob");
  g_assert_cmpint (gloss_annotation_get_created (e3), ==, 0);
  g_assert_cmpstr (gloss_annotation_get_annotator (gloss_annotation_set_lookup (set, "e4")), ==, "gold");

  c1 = gloss_annotation_set_lookup (set, "c1");
  g_assert_cmpint (gloss_annotation_get_source_kind (c1), ==, GLOSS_SOURCE_ENTITY);
  g_assert_cmpstr (gloss_annotation_get_source_entity (c1), ==, "e1");
  g_assert_true (gloss_annotation_get_cue (c1, &s, &e));
  g_assert_cmpuint (s, ==, 15);
  g_assert_cmpuint (e, ==, 19);
  g_assert_cmpuint (gloss_annotation_get_n_attributes (c1), ==, 4);
  gloss_annotation_get_nth_attribute (c1, 0, &name, &value);
  g_assert_cmpstr (name, ==, "stance");
  g_assert_cmpstr (value, ==, "predicts");
  g_assert_cmpstr (gloss_annotation_get_link (c1), ==, "https://example.org/check?id=1&x=2");
  g_assert_cmpstr (gloss_annotation_get_note (c1), ==, "Carriage\rreturn");

  c2 = gloss_annotation_set_lookup (set, "c2");
  g_assert_cmpint (gloss_annotation_get_source_kind (c2), ==, GLOSS_SOURCE_SPAN);
  g_assert_true (gloss_annotation_get_source_span (c2, &s, &e));
  g_assert_cmpuint (s, ==, 67);
  g_assert_cmpuint (e, ==, 76);
  g_assert_cmpstr (gloss_annotation_get_parent (c2), ==, "c1");
  g_assert_false (gloss_annotation_get_cue (c2, &s, &e));

  c3 = gloss_annotation_set_lookup (set, "c3");
  g_assert_cmpint (gloss_annotation_get_source_kind (c3), ==, GLOSS_SOURCE_ARTICLE);
  c4 = gloss_annotation_set_lookup (set, "c4");
  g_assert_cmpint (gloss_annotation_get_source_kind (c4), ==, GLOSS_SOURCE_NONE);

  r1 = gloss_annotation_set_lookup (set, "r1");
  g_assert_cmpstr (gloss_annotation_get_type_id (r1), ==, "time-of");
  g_assert_cmpstr (gloss_annotation_get_from (r1), ==, "e2");
  g_assert_cmpstr (gloss_annotation_get_to (r1), ==, "c1");
  g_assert_cmpstr (gloss_annotation_get_note (r1), ==, "tab\there, newline\nthere");
  g_assert_cmpstr (gloss_annotation_get_annotator (gloss_annotation_set_lookup (set, "r2")), ==, "bob");
  g_assert_cmpuint (_gloss_annotation_set_get_extensions (set)->len, ==, 1);

  /* load -> save -> load gives the same set; a second save the same bytes. */
  first = save (set);
  again = load (first, document, &report2);
  assert_sets_equal (set, again);
  g_assert_cmpuint (report2->warnings->len, ==, 4);
  second = save (again);
  assert_bytes_equal (first, second);

  /* What the writer must get right in the bytes themselves. */
  g_assert_true (bytes_contain (first, "<note>Carriage&#13;return</note>"));
  g_assert_true (bytes_contain (first, "<note>tab\there, newline\nthere</note>"));
  g_assert_true (bytes_contain (first, "suffix=\".&#10;The union denied it.&#10;\""));
  g_assert_true (bytes_contain (first, "\n    <entity id=\"e1\" type=\"organisation\" start=\"0\" end=\"14\" "
                                       "annotator=\"alice\" created=\"2026-11-20T09:12:10Z\""));
  g_assert_true (bytes_contain (first, "<quote prefix=\"t officials said on Monday that \" "
                                       "exact=\"the strike would end by Friday\" suffix=\".&#10;The union denied it.&#10;\"/>"));
  g_assert_false (bytes_contain (first, "annotator=\"gold\""));
}

/* A set built through the public API, with values that need escaping in
 * attributes (tab, newline, carriage return) survives a round trip. */
static void
test_round_trip_built_set (void)
{
  g_autoptr(GlossDocument) document = document_new ("strike.txt", article, -1);
  g_autoptr(GlossAnnotationSet) set = NULL;
  g_autoptr(GlossAnnotationSet) again = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(GError) error = NULL;
  GlossAnnotation *e1, *c1, *c2;
  const GlossAttributeDef *def;

  set = gloss_annotation_set_new (document, gloss_tagset_get_default (), "alice", "Alice\tM.\r\nMoreau");
  e1 = gloss_annotation_set_add_entity (set, "organisation", 0, 14, &error);
  g_assert_no_error (error);
  gloss_annotation_set_set_note (set, e1, "first\r\nsecond\rthird\n");
  gloss_annotation_set_set_link (set, e1, "wikidata:Q1");
  c1 = gloss_annotation_set_add_claim (set, 35, 65, &error);
  g_assert_no_error (error);
  g_assert_true (gloss_annotation_set_set_source_entity (set, c1, e1, &error));
  g_assert_true (gloss_annotation_set_set_cue (set, c1, 15, 19, &error));
  g_assert_true (gloss_annotation_set_set_attribute (set, c1, "stance", "predicts", &error));
  c2 = gloss_annotation_set_add_claim (set, 39, 45, &error);
  g_assert_no_error (error);
  g_assert_true (gloss_annotation_set_set_source_span (set, c2, 67, 76, &error));
  g_assert_true (gloss_annotation_set_set_parent (set, c2, c1, &error));
  g_assert_nonnull (gloss_annotation_set_add_relation (set, "about", c1, e1, &error));
  g_assert_no_error (error);

  /* A free-text attribute, if the tagset has one, carries a tab and a CR. */
  def = gloss_tagset_lookup_attribute (gloss_tagset_get_default (), "mention");
  g_assert_nonnull (def);

  first = save (set);
  g_assert_true (bytes_contain (first, "name=\"Alice&#9;M.&#13;&#10;Moreau\""));
  g_assert_true (bytes_contain (first, "<note>first&#13;\nsecond&#13;third\n</note>"));
  again = load (first, document, NULL);
  assert_sets_equal (set, again);
  g_assert_cmpstr (gloss_annotation_set_get_annotator_name (again), ==, "Alice\tM.\r\nMoreau");
  second = save (again);
  assert_bytes_equal (first, second);

  /* The same set gives the same bytes. */
  g_clear_pointer (&second, g_bytes_unref);
  second = save (set);
  assert_bytes_equal (first, second);
}

/* Offsets are code points of the text as stored. */
static void
test_offsets_unicode (void)
{
  /* flag (2 code points), woman-ZWJ-woman-ZWJ-girl (5), e + combining acute (2), CRLF */
  static const char text[] =
    "\xEF\xBB\xBF"                                 /* byte-order mark, not part of the text */
    "\xF0\x9F\x87\xBA\xF0\x9F\x87\xB3 UN\r\n"       /* 0-1 flag, 2 space, 3-4 UN, 5-6 CRLF */
    "\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7 family\r\n" /* 7-11, 12, 13-18, 19-20 */
    "Jose\xCC\x81 said\r\n";                         /* 21-25 José, 26, 27-30 said, 31-32 */
  g_autoptr(GlossDocument) document = document_new ("unicode.txt", text, -1);
  g_autoptr(GlossAnnotationSet) set = NULL;
  g_autoptr(GlossAnnotationSet) again = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha = sha256_of (text);

  g_assert_true (gloss_document_has_bom (document));
  g_assert_cmpuint (gloss_document_get_length (document), ==, 33);
  g_assert_cmpstr (gloss_document_get_sha256 (document), ==, sha);

  set = gloss_annotation_set_new (document, gloss_tagset_get_default (), "alice", NULL);
  g_assert_nonnull (gloss_annotation_set_add_entity (set, "gpe", 0, 2, &error));
  g_assert_nonnull (gloss_annotation_set_add_entity (set, "organisation", 3, 5, &error));
  g_assert_nonnull (gloss_annotation_set_add_entity (set, "group", 7, 12, &error));
  g_assert_nonnull (gloss_annotation_set_add_entity (set, "person", 21, 26, &error));
  g_assert_nonnull (gloss_annotation_set_add_entity (set, "event", 3, 8, &error));
  g_assert_no_error (error);

  first = save (set);
  /* The hash covers the file's bytes, the mark included; the length does not count it. */
  {
    g_autofree char *source = g_strdup_printf ("sha256=\"%s\" length=\"33\"", sha);

    g_assert_true (bytes_contain (first, source));
  }
  g_assert_true (bytes_contain (first, "start=\"0\" end=\"2\""));
  g_assert_true (bytes_contain (first, "prefix=\"\" exact=\"\xF0\x9F\x87\xBA\xF0\x9F\x87\xB3\" suffix=\" UN&#13;&#10;"));
  g_assert_true (bytes_contain (first, "exact=\"\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7\""));
  g_assert_true (bytes_contain (first, "exact=\"Jose\xCC\x81\""));
  g_assert_true (bytes_contain (first, "exact=\"UN&#13;&#10;\xF0\x9F\x91\xA9\""));
  g_assert_false (bytes_contain (first, "\xEF\xBB\xBF"));

  again = load (first, document, NULL);
  assert_sets_equal (set, again);
  second = save (again);
  assert_bytes_equal (first, second);
}

/* The article was edited after the annotations were made: spans stay at
 * their offsets, those that still match are counted as anchored, the
 * others keep their stored quotes, which a save writes back. */
static void
test_changed_article (void)
{
  static const char before[] = "Alice met Bob in Paris on Monday.\n";
  /*                            0    5    10   15   20   25   30 */
  static const char after[] = "Alice met Carol in Paris.\n";
  static const char sidecar[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<gloss xmlns=\"urn:gloss:sidecar:1\" version=\"1\">\n"
    "  <source name=\"meeting.txt\" sha256=\"@SHA@\" length=\"@LEN@\"/>\n"
    "  <annotator id=\"alice\"/>\n"
    "  <tagset id=\"news\" version=\"1\"/>\n"
    "  <history created=\"2026-11-20T09:12:00Z\" modified=\"2026-11-20T09:15:41Z\"/>\n"
    "  <entities>\n"
    "    <entity id=\"e1\" type=\"person\" start=\"0\" end=\"5\">\n"
    "      <quote prefix=\"\" exact=\"Alice\" suffix=\" met Bob in Paris on Monday.&#10;\"/>\n"
    "    </entity>\n"
    "    <entity id=\"e2\" type=\"person\" start=\"10\" end=\"13\">\n"
    "      <quote prefix=\"Alice met \" exact=\"Bob\" suffix=\" in Paris on Monday.&#10;\"/>\n"
    "    </entity>\n"
    "    <entity id=\"e3\" type=\"gpe\" start=\"17\" end=\"22\">\n"
    "      <quote prefix=\"Alice met Bob in \" exact=\"Paris\" suffix=\" on Monday.&#10;\"/>\n"
    "    </entity>\n"
    "    <entity id=\"e4\" type=\"date\" start=\"26\" end=\"32\">\n"
    "      <quote prefix=\"Alice met Bob in Paris on \" exact=\"Monday\" suffix=\".&#10;\"/>\n"
    "    </entity>\n"
    "  </entities>\n"
    "  <claims>\n"
    "    <claim id=\"c1\" start=\"0\" end=\"13\">\n"
    "      <quote prefix=\"\" exact=\"Alice met Bob\" suffix=\" in Paris on Monday.&#10;\"/>\n"
    "      <cue start=\"6\" end=\"9\">\n"
    "        <quote prefix=\"Alice \" exact=\"met\" suffix=\" Bob in Paris on Monday.&#10;\"/>\n"
    "      </cue>\n"
    "    </claim>\n"
    "  </claims>\n"
    "</gloss>\n";
  g_autoptr(GlossDocument) original = document_new ("meeting.txt", before, -1);
  g_autoptr(GlossDocument) edited = document_new ("meeting.txt", after, -1);
  g_autoptr(GBytes) input = sidecar_for (sidecar, original);
  g_autoptr(GlossSidecarReport) report = NULL;
  g_autoptr(GlossSidecarReport) report2 = NULL;
  g_autoptr(GlossAnnotationSet) set = NULL;
  g_autoptr(GlossAnnotationSet) again = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  GlossAnnotation *a;
  g_autofree char *old_source = g_strdup_printf ("sha256=\"%s\" length=\"34\"",
                                                 gloss_document_get_sha256 (original));

  set = load (input, edited, &report);
  g_assert_true (report->source_changed);
  g_assert_cmpstr (report->source_sha256, ==, gloss_document_get_sha256 (original));
  g_assert_cmpuint (report->source_length, ==, 34);
  /* e1 "Alice" still matches; e2 "Bob" now reads "Car"; e3 "Paris" now
   * reads "n Par"; e4 lies past the end (26 characters); c1 reads
   * "Alice met Car". */
  g_assert_cmpuint (report->n_anchored, ==, 1);
  g_assert_cmpuint (report->n_unanchored, ==, 4);

  a = gloss_annotation_set_lookup (set, "e1");
  g_assert_cmpint (gloss_annotation_get_anchor_state (a), ==, GLOSS_ANCHOR_OK);
  a = gloss_annotation_set_lookup (set, "e2");
  g_assert_cmpint (gloss_annotation_get_anchor_state (a), ==, GLOSS_ANCHOR_MISMATCH);
  g_assert_cmpuint (gloss_annotation_get_start (a), ==, 10);
  g_assert_cmpuint (gloss_annotation_get_end (a), ==, 13);
  g_assert_cmpstr (gloss_annotation_get_stored_exact (a), ==, "Bob");
  a = gloss_annotation_set_lookup (set, "e3");
  g_assert_cmpint (gloss_annotation_get_anchor_state (a), ==, GLOSS_ANCHOR_MISMATCH);
  g_assert_cmpuint (gloss_annotation_get_start (a), ==, 17);
  a = gloss_annotation_set_lookup (set, "e4");
  g_assert_cmpint (gloss_annotation_get_anchor_state (a), ==, GLOSS_ANCHOR_ORPHANED);
  g_assert_cmpuint (gloss_annotation_get_start (a), ==, 26);
  g_assert_cmpuint (gloss_annotation_get_end (a), ==, 32);
  g_assert_cmpstr (gloss_annotation_get_stored_exact (a), ==, "Monday");
  a = gloss_annotation_set_lookup (set, "c1");
  g_assert_cmpint (gloss_annotation_get_anchor_state (a), ==, GLOSS_ANCHOR_MISMATCH);

  /* The save writes back what was read for the unanchored spans, and the
   * hash of the article they were made on. */
  first = save (set);
  g_assert_true (bytes_contain (first, old_source));
  g_assert_true (bytes_contain (first, "<quote prefix=\"Alice met \" exact=\"Bob\" suffix=\" in Paris on Monday.&#10;\"/>"));
  g_assert_true (bytes_contain (first, "start=\"26\" end=\"32\""));
  g_assert_true (bytes_contain (first, "exact=\"Monday\""));
  g_assert_true (bytes_contain (first, "<quote prefix=\"Alice \" exact=\"met\" suffix=\" Bob in Paris on Monday.&#10;\"/>"));
  /* e1 is quoted from the article as it is now. */
  g_assert_true (bytes_contain (first, "<quote prefix=\"\" exact=\"Alice\" suffix=\" met Carol in Paris.&#10;\"/>"));

  again = load (first, edited, &report2);
  g_assert_cmpuint (report2->n_anchored, ==, 1);
  g_assert_cmpuint (report2->n_unanchored, ==, 4);
  assert_sets_equal (set, again);
  second = save (again);
  assert_bytes_equal (first, second);

  /* Against the original article everything matches again. */
  {
    g_autoptr(GlossSidecarReport) report3 = NULL;
    g_autoptr(GlossAnnotationSet) back = load (first, original, &report3);

    g_assert_false (report3->source_changed);
    g_assert_cmpuint (report3->n_anchored, ==, 5);
  }
}

static void
test_peek (void)
{
  g_autoptr(GlossDocument) document = document_new ("strike.txt", article, -1);
  g_autoptr(GBytes) input = sidecar_for (full_sidecar, document);
  g_autoptr(GBytes) foreign = g_bytes_new_static ("<html><body/></html>", 20);
  g_autoptr(GError) error = NULL;
  g_autofree char *source = NULL;
  g_autofree char *annotator = NULL;

  g_assert_true (gloss_sidecar_peek_bytes (input, "a.gloss.xml", &source, &annotator, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (source, ==, "strike.txt");
  g_assert_cmpstr (annotator, ==, "gold");

  /* Only the header is read: damage after it does not matter. */
  {
    gsize len;
    const char *data = g_bytes_get_data (input, &len);
    const char *cut = strstr (data, "<entities>");
    g_autoptr(GBytes) truncated = g_bytes_new (data, cut + 14 - data);
    g_autofree char *s2 = NULL;

    g_assert_true (gloss_sidecar_peek_bytes (truncated, "a.gloss.xml", &s2, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (s2, ==, "strike.txt");
  }

  g_assert_false (gloss_sidecar_peek_bytes (foreign, "page.html", NULL, NULL, &error));
  g_assert_error (error, GLOSS_SIDECAR_ERROR, GLOSS_SIDECAR_ERROR_FOREIGN);
  g_assert_cmpstr (error->message, ==, "page.html:1: this is not a Gloss sidecar (root element <html>)");
}

static void
test_names (void)
{
  g_autofree char *name = gloss_sidecar_build_name ("treaty-ratified.txt", "alice");
  g_autofree char *gold = gloss_sidecar_build_name ("treaty.txt", GLOSS_ANNOTATOR_GOLD);
  char *text = NULL;
  char *annotator = NULL;

  g_assert_cmpstr (name, ==, "treaty-ratified.txt.alice.gloss.xml");
  g_assert_cmpstr (gold, ==, "treaty.txt.gold.gloss.xml");

  g_assert_true (gloss_sidecar_parse_name (name, &text, &annotator));
  g_assert_cmpstr (text, ==, "treaty-ratified.txt");
  g_assert_cmpstr (annotator, ==, "alice");
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&annotator, g_free);

  g_assert_true (gloss_sidecar_parse_name ("notes.gold.gloss.xml", &text, &annotator));
  g_assert_cmpstr (text, ==, "notes");
  g_assert_cmpstr (annotator, ==, "gold");
  g_clear_pointer (&text, g_free);
  g_clear_pointer (&annotator, g_free);

  g_assert_true (gloss_sidecar_parse_name ("a.txt.bob_2-x.gloss.xml", NULL, &annotator));
  g_assert_cmpstr (annotator, ==, "bob_2-x");
  g_clear_pointer (&annotator, g_free);

  g_assert_false (gloss_sidecar_parse_name ("a.txt.gloss.xml.bak", NULL, NULL));
  g_assert_false (gloss_sidecar_parse_name ("a.txt", NULL, NULL));
  g_assert_false (gloss_sidecar_parse_name (".gloss.xml", NULL, NULL));
  g_assert_false (gloss_sidecar_parse_name ("alice.gloss.xml", NULL, NULL));
  g_assert_false (gloss_sidecar_parse_name ("a.txt.Alice.gloss.xml", NULL, NULL));
  g_assert_false (gloss_sidecar_parse_name ("a.txt..gloss.xml", NULL, NULL));
  g_assert_false (gloss_sidecar_parse_name ("dir/a.txt.alice.gloss.xml", NULL, NULL));
}

/* The sample corpus: real files that load, and whose re-save is stable. */
static void
test_sample_corpus (void)
{
  const char *root = g_getenv ("GLOSS_SOURCE_ROOT");
  g_autofree char *dir = NULL;
  g_autoptr(GDir) d = NULL;
  const char *entry;
  guint n = 0;

  if (root == NULL)
    {
      g_test_skip ("GLOSS_SOURCE_ROOT is not set");
      return;
    }
  dir = g_build_filename (root, "data", "sample-corpus", NULL);
  d = g_dir_open (dir, 0, NULL);
  if (d == NULL)
    {
      g_test_skip ("no sample corpus");
      return;
    }

  while ((entry = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *text_name = NULL;
      g_autofree char *path = NULL;
      g_autofree char *text_path = NULL;
      g_autoptr(GFile) file = NULL;
      g_autoptr(GFile) text_file = NULL;
      g_autoptr(GlossDocument) document = NULL;
      g_autoptr(GlossAnnotationSet) set = NULL;
      g_autoptr(GlossAnnotationSet) again = NULL;
      g_autoptr(GlossSidecarReport) report = NULL;
      g_autoptr(GBytes) first = NULL;
      g_autoptr(GBytes) second = NULL;
      g_autoptr(GError) error = NULL;

      if (!gloss_sidecar_parse_name (entry, &text_name, NULL))
        continue;
      path = g_build_filename (dir, entry, NULL);
      text_path = g_build_filename (dir, text_name, NULL);
      text_file = g_file_new_for_path (text_path);
      document = gloss_document_load (text_file, NULL, &error);
      g_assert_no_error (error);
      file = g_file_new_for_path (path);
      set = gloss_sidecar_load (file, document, gloss_tagset_get_default (), &report, NULL, &error);
      g_assert_no_error (error);
      g_assert_false (report->source_changed);
      g_assert_cmpuint (report->n_unanchored, ==, 0);
      g_assert_cmpuint (report->n_anchored, >, 0);

      first = save (set);
      again = load (first, document, NULL);
      assert_sets_equal (set, again);
      second = save (again);
      assert_bytes_equal (first, second);
      n++;
    }
  g_assert_cmpuint (n, >, 0);
}

/* Times are written as they were read, also before 1970 and before 1000. */
static void
test_times (void)
{
  static const char *times[] = {
    "2026-11-20T09:12:00Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59Z",
    "0026-11-20T09:15:41Z", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
    "2024-02-29T12:00:00Z",
  };

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      g_autofree char *again = NULL;
      gint64 t;

      g_assert_true (gloss_xml_parse_time (times[i], &t));
      again = gloss_xml_format_time (t);
      g_assert_cmpstr (again, ==, times[i]);
    }
  {
    gint64 t = 0;
    g_autofree char *text = NULL;

    g_assert_true (gloss_xml_parse_time ("2026-11-20T10:12:00+01:00", &t));
    text = gloss_xml_format_time (t);
    g_assert_cmpstr (text, ==, "2026-11-20T09:12:00Z");
    g_assert_false (gloss_xml_parse_time ("2023-02-29T12:00:00Z", &t));
    g_assert_false (gloss_xml_parse_time ("yesterday", &t));
  }
}

/* A large set (read on a worker thread) of entities and claims that share
 * spans and overlap: it survives the round trip, and queries on the loaded
 * set's index give exactly what a scan of the annotations gives. */
static void
test_large_set (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GlossDocument) document = NULL;
  g_autoptr(GlossAnnotationSet) set = NULL;
  g_autoptr(GlossAnnotationSet) loaded = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  GlossTagset *tagset = gloss_tagset_get_default ();
  guint length;

  for (guint i = 0; i < 4000; i++)
    g_string_append (text, i % 7 == 0 ? "Zoë said. " : "word ");
  document = document_new ("large.txt", text->str, -1);
  length = gloss_document_get_length (document);

  set = gloss_annotation_set_new (document, tagset, "alice", NULL);
  for (guint i = 0; i < 3000; i++)
    {
      /* Every fifth span repeats the one before, with another type. */
      guint start = i % 5 == 4 ? (i - 1) * 6 % (length - 40) : i * 6 % (length - 40);
      guint end = start + 1 + (i % 5 == 4 ? (i - 1) % 9 : i % 9);
      const GlossEntityType *type = gloss_tagset_get_entity_type (tagset, i % gloss_tagset_get_n_entity_types (tagset));

      gloss_annotation_set_add_entity (set, type->id, start, end, &error);
      g_assert_no_error (error);
    }
  for (guint i = 0; i < 300; i++)
    {
      guint start = g_rand_int_range (rand, 0, length - 60);
      GlossAnnotation *claim = gloss_annotation_set_add_claim (set, start, start + 1 + g_rand_int_range (rand, 0, 50), &error);

      g_assert_no_error (error);
      gloss_annotation_set_set_source_entity (set, claim, gloss_annotation_set_lookup (set, "e1"), &error);
      g_assert_no_error (error);
    }

  bytes = save (set);
  g_assert_cmpuint (g_bytes_get_size (bytes), >, 512 * 1024);

  /* Saved to a file, streamed as it is generated: the same bytes. */
  {
    g_autofree char *dir = g_dir_make_tmp ("gloss-sidecar-XXXXXX", &error);
    g_autofree char *path = g_build_filename (dir, "large.txt.alice.gloss.xml", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);
    g_autoptr(GBytes) on_disk = NULL;
    char *contents;
    gsize len;

    g_assert_no_error (error);
    g_assert_true (gloss_sidecar_save (set, file, NULL, &error));
    g_assert_no_error (error);
    g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
    on_disk = g_bytes_new_take (contents, len);
    assert_bytes_equal (bytes, on_disk);
    g_assert_cmpint (g_unlink (path), ==, 0);
    g_assert_cmpint (g_rmdir (dir), ==, 0);
  }

  loaded = load (bytes, document, NULL);
  assert_sets_equal (set, loaded);
  again = save (loaded);
  assert_bytes_equal (bytes, again);

  for (guint q = 0; q < 200; q++)
    {
      g_autoptr(GPtrArray) found = g_ptr_array_new ();
      guint qs = g_rand_int_range (rand, 0, length);
      guint qe = qs + g_rand_int_range (rand, 1, 80);
      guint expected = 0;
      GListModel *lists[] = { gloss_annotation_set_get_entities (loaded),
                              gloss_annotation_set_get_claims (loaded) };

      gloss_annotation_set_query (loaded, qs, qe, found);
      for (guint k = 0; k < G_N_ELEMENTS (lists); k++)
        for (guint i = 0; i < g_list_model_get_n_items (lists[k]); i++)
          {
            g_autoptr(GlossAnnotation) a = g_list_model_get_item (lists[k], i);

            if (gloss_annotation_get_start (a) < qe && qs < gloss_annotation_get_end (a))
              {
                expected++;
                g_assert_true (g_ptr_array_find (found, a, NULL));
              }
          }
      g_assert_cmpuint (found->len, ==, expected);
      for (guint i = 1; i < found->len; i++)
        {
          GlossAnnotation *a = g_ptr_array_index (found, i - 1);
          GlossAnnotation *b = g_ptr_array_index (found, i);

          g_assert_true (gloss_annotation_get_start (a) < gloss_annotation_get_start (b)
                         || (gloss_annotation_get_start (a) == gloss_annotation_get_start (b)
                             && gloss_annotation_get_end (a) <= gloss_annotation_get_end (b)));
        }
    }
}

/* ------------------------------------------------------------------ */
/* Chunks: a large file is read in chunks on several threads. Every test
 * above runs a second time with chunks forced on small files, and the
 * tests below compare the chunked read with the single reader on many
 * generated and damaged files. */

/* How many chunks the last load on this thread was read in (0: one reader). */
guint _gloss_sidecar_get_last_load_chunks (void);

/* Chunks for every file, however small (0: never). */
void _gloss_sidecar_force_chunks (gsize min_bytes,
                                  guint n_chunks);

static void
force_chunks (guint n_chunks)
{
  _gloss_sidecar_force_chunks (n_chunks == 0 ? G_MAXSIZE : 1, n_chunks);
}

static void
run_chunked (gconstpointer data)
{
  GTestFunc func = (GTestFunc) data;

  force_chunks (3);
  func ();
  _gloss_sidecar_force_chunks (0, 0);
}

/* An ASCII article of numbered words, so that offsets are byte offsets. */
static GString *
chunk_article (GArray *starts)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < 400; i++)
    {
      guint start = (guint) text->len;

      g_array_append_val (starts, start);
      g_string_append_printf (text, "%s%u ", i % 5 == 0 ? "Word" : "w", i);
    }
  g_string_append (text, "\n");
  return text;
}

static void
append_quote (GString    *s,
              const char *text,
              guint       start,
              guint       end,
              const char *indent)
{
  g_string_append_printf (s, "%s<quote prefix=\"\" exact=\"%.*s\" suffix=\"\"/>\n",
                          indent, (int) (end - start), text + start);
}

/* A valid sidecar with @n annotations (entities, a fifth of them claims,
 * then relations) in the layout Gloss writes, or with one section written
 * as an empty element. */
static GString *
chunk_sidecar (GlossDocument *document,
               const char    *text,
               GArray        *starts,
               GRand         *rand,
               guint          n)
{
  GString *s = g_string_new (NULL);
  guint n_entities = MAX (1, n * 3 / 5);
  guint n_claims = n / 5;
  guint n_relations = n - n_entities - n_claims;
  static const char *types[] = { "person", "organisation", "gpe", "date", "event" };

  g_string_append_printf (s,
                          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                          "<gloss xmlns=\"urn:gloss:sidecar:1\" version=\"1\">\n"
                          "  <source name=\"chunks.txt\" sha256=\"%s\" length=\"%u\"/>\n"
                          "  <annotator id=\"alice\" name=\"Alice\"/>\n"
                          "  <tagset id=\"news\" version=\"1\"/>\n"
                          "  <history created=\"2026-11-20T09:12:00Z\" modified=\"2026-11-20T09:15:41Z\"/>\n",
                          gloss_document_get_sha256 (document),
                          gloss_document_get_length (document));

  g_string_append (s, "  <entities>\n");
  for (guint i = 1; i <= n_entities; i++)
    {
      guint w = (guint) g_rand_int_range (rand, 0, (gint32) starts->len - 3);
      guint start = g_array_index (starts, guint, w);
      guint end = g_array_index (starts, guint, w + g_rand_int_range (rand, 1, 3)) - 1;

      g_string_append_printf (s, "    <entity id=\"e%u\" type=\"%s\" start=\"%u\" end=\"%u\"%s>\n",
                              i, types[g_rand_int_range (rand, 0, G_N_ELEMENTS (types))],
                              start, end,
                              i % 3 == 0 ? " created=\"2026-11-20T09:12:10Z\"" : "");
      append_quote (s, text, start, end, "      ");
      if (i % 4 == 0)
        g_string_append (s, "      <attribute name=\"mention\" value=\"name\"/>\n");
      if (i % 7 == 0)
        g_string_append_printf (s, "      <link>wikidata:Q%u</link>\n", i);
      if (i % 5 == 0)
        g_string_append_printf (s, "      <note>Note %u &amp; more\nover two lines</note>\n", i);
      g_string_append (s, "    </entity>\n");
    }
  g_string_append (s, "  </entities>\n");

  if (n_claims > 0)
    {
      g_string_append (s, "  <claims>\n");
      for (guint i = 1; i <= n_claims; i++)
        {
          guint w = (guint) g_rand_int_range (rand, 2, (gint32) starts->len - 4);
          guint start = g_array_index (starts, guint, w);
          guint end = g_array_index (starts, guint, w + 2) - 1;
          guint cue_start = g_array_index (starts, guint, w - 1);
          guint cue_end = start - 1;

          g_string_append_printf (s, "    <claim id=\"c%u\" start=\"%u\" end=\"%u\">\n", i, start, end);
          append_quote (s, text, start, end, "      ");
          g_string_append_printf (s, "      <source entity=\"e%u\"/>\n",
                                  (guint) g_rand_int_range (rand, 1, (gint32) n_entities + 1));
          g_string_append_printf (s, "      <cue start=\"%u\" end=\"%u\">\n", cue_start, cue_end);
          append_quote (s, text, cue_start, cue_end, "        ");
          g_string_append (s, "      </cue>\n"
                              "      <attribute name=\"stance\" value=\"asserts\"/>\n"
                              "    </claim>\n");
        }
      g_string_append (s, "  </claims>\n");
    }

  if (n_relations > 0)
    {
      g_string_append (s, "  <relations>\n");
      for (guint i = 1; i <= n_relations; i++)
        g_string_append_printf (s, "    <relation id=\"r%u\" type=\"same-as\" from=\"e%u\" to=\"e%u\"/>\n",
                                i, (guint) g_rand_int_range (rand, 1, (gint32) n_entities + 1),
                                (guint) g_rand_int_range (rand, 1, (gint32) n_entities + 1));
      g_string_append (s, "  </relations>\n");
    }
  else
    g_string_append (s, "  <relations/>\n");

  g_string_append (s, "</gloss>\n");
  return s;
}

/* Replaces the @nth (from 0, modulo the count) occurrence of @find after
 * the header with @replace; FALSE when there is none. */
static gboolean
replace_nth (GString    *s,
             const char *find,
             const char *replace,
             guint       nth)
{
  const char *body = strstr (s->str, "<entities");
  GPtrArray *hits = g_ptr_array_new ();
  gboolean found;

  for (const char *p = body != NULL ? body : s->str; (p = strstr (p, find)) != NULL; p++)
    g_ptr_array_add (hits, (gpointer) p);
  found = hits->len > 0;
  if (found)
    {
      gsize at = (const char *) g_ptr_array_index (hits, nth % hits->len) - s->str;

      g_string_erase (s, (gssize) at, (gssize) strlen (find));
      g_string_insert (s, (gssize) at, replace);
    }
  g_ptr_array_unref (hits);
  return found;
}

/* Damages @s in one of many ways, somewhere chosen by @rand. */
static void
mutate (GString *s,
        GRand   *rand,
        guint    kind)
{
  guint nth = (guint) g_rand_int (rand);

  switch (kind)
    {
    case 0: /* an offset that is not a number */
      replace_nth (s, "start=\"", "start=\"x", nth);
      break;
    case 1: /* an unknown type */
      replace_nth (s, "type=\"person\"", "type=\"planet\"", nth);
      break;
    case 2: /* an element the schema does not allow */
      replace_nth (s, "<quote ", "<qoute ", nth);
      break;
    case 3: /* an attribute the schema does not allow */
      replace_nth (s, "<entity ", "<entity colour=\"red\" ", nth);
      break;
    case 4: /* truncated */
      g_string_truncate (s, (gsize) g_rand_int_range (rand, 1, (gint32) s->len));
      break;
    case 5: /* a duplicate id */
      replace_nth (s, "id=\"e2\"", "id=\"e1\"", 0);
      replace_nth (s, "id=\"e3\"", "id=\"e1\"", 0);
      break;
    case 6: /* a dangling reference */
      replace_nth (s, "from=\"", "from=\"nobody", nth);
      replace_nth (s, "entity=\"", "entity=\"nobody", nth);
      break;
    case 7: /* a second section of the same kind, cut in two */
      replace_nth (s, "    <entity ", "  </entities>\n  <entities>\n    <entity ", nth);
      break;
    case 8: /* sections out of order */
      replace_nth (s, "    <entity ", "  </entities>\n  <relations/>\n  <entities>\n    <entity ", nth);
      break;
    case 9: /* not well-formed: an end tag lost */
      replace_nth (s, "</entity>", "", nth);
      break;
    case 10: /* not well-formed: a stray '<' in a note */
      replace_nth (s, "&amp;", "<", nth);
      break;
    case 11: /* a quote that does not match */
      replace_nth (s, "exact=\"w", "exact=\"v", nth);
      break;
    case 12: /* a section start tag with a namespace declaration */
      replace_nth (s, "<claims>", "<claims xmlns:x=\"urn:example:x\">", 0);
      break;
    case 13: /* a comment */
      replace_nth (s, "    <entity ", "    <!-- here -->\n    <entity ", nth);
      break;
    case 14: /* an element in a section that has no place there */
      replace_nth (s, "    <entity ", "    <claim id=\"cx\" start=\"0\" end=\"5\"><quote exact=\"Word0\"/></claim>\n    <entity ", nth);
      break;
    case 15: /* mismatched end tag */
      replace_nth (s, "</entity>", "</claim>", nth);
      break;
    case 16: /* a character that is not allowed */
      replace_nth (s, "Note", "No\x01te", nth);
      break;
    case 17: /* an unknown attribute value */
      replace_nth (s, "value=\"name\"", "value=\"nickname\"", nth);
      break;
    case 18: /* a byte that is not UTF-8 */
      replace_nth (s, "over two", "over \xC3\x28two", nth);
      break;
    default: /* unchanged */
      break;
    }
}

#define N_MUTATIONS 20

/* Loads @s with one reader and in @n_chunks chunks and checks that both
 * give the same: the same saved bytes and report, or the same error. */
static void
compare_paths (GlossDocument *document,
               GString       *s,
               guint          n_chunks,
               gboolean       expect_chunks)
{
  g_autoptr(GBytes) bytes = g_bytes_new (s->str, s->len);
  g_autoptr(GlossAnnotationSet) whole = NULL;
  g_autoptr(GlossAnnotationSet) chunked = NULL;
  g_autoptr(GlossSidecarReport) whole_report = NULL;
  g_autoptr(GlossSidecarReport) chunked_report = NULL;
  g_autoptr(GError) whole_error = NULL;
  g_autoptr(GError) chunked_error = NULL;
  GlossTagset *tagset = gloss_tagset_get_default ();

  force_chunks (0);
  whole = gloss_sidecar_load_bytes (bytes, "chunks.gloss.xml", document, tagset,
                                    &whole_report, &whole_error);
  g_assert_cmpuint (_gloss_sidecar_get_last_load_chunks (), ==, 0);

  force_chunks (n_chunks);
  chunked = gloss_sidecar_load_bytes (bytes, "chunks.gloss.xml", document, tagset,
                                      &chunked_report, &chunked_error);
  force_chunks (0);

  if (whole == NULL)
    {
      g_assert_nonnull (chunked_error);
      g_assert_null (chunked);
      g_assert_cmpuint (chunked_error->domain, ==, whole_error->domain);
      g_assert_cmpint (chunked_error->code, ==, whole_error->code);
      g_assert_cmpstr (chunked_error->message, ==, whole_error->message);
      return;
    }

  g_assert_no_error (chunked_error);
  g_assert_nonnull (chunked);
  if (expect_chunks)
    g_assert_cmpuint (_gloss_sidecar_get_last_load_chunks (), ==, n_chunks);
  {
    g_autoptr(GBytes) a = save (whole);
    g_autoptr(GBytes) b = save (chunked);

    g_assert_true (g_bytes_equal (a, b));
  }
  g_assert_cmpuint (gloss_annotation_set_get_size (whole), ==, gloss_annotation_set_get_size (chunked));
  g_assert_cmpstr (whole_report->source_name, ==, chunked_report->source_name);
  g_assert_cmpstr (whole_report->source_sha256, ==, chunked_report->source_sha256);
  g_assert_cmpuint (whole_report->source_length, ==, chunked_report->source_length);
  g_assert_cmpint (whole_report->source_changed, ==, chunked_report->source_changed);
  g_assert_cmpuint (whole_report->n_anchored, ==, chunked_report->n_anchored);
  g_assert_cmpuint (whole_report->n_unanchored, ==, chunked_report->n_unanchored);
  g_assert_cmpuint (whole_report->warnings->len, ==, chunked_report->warnings->len);
  for (guint i = 0; i < whole_report->warnings->len; i++)
    g_assert_cmpstr (g_ptr_array_index (whole_report->warnings, i), ==,
                     g_ptr_array_index (chunked_report->warnings, i));
}

/* Valid files of many sizes, in 2 to 8 chunks: read in chunks (not left
 * to the single reader) and with the same result. */
static void
test_chunks_valid (void)
{
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GString) text = chunk_article (starts);
  g_autoptr(GlossDocument) document = document_new ("chunks.txt", text->str, -1);
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);

  for (guint n = 10; n <= 400; n += 13)
    for (guint k = 2; k <= 8; k++)
      {
        g_autoptr(GString) s = chunk_sidecar (document, text->str, starts, rand, n);

        compare_paths (document, s, k, TRUE);
      }
}

/* Damaged files, with the damage in any chunk: the same error, message
 * and line as the single reader. */
static void
test_chunks_damaged (void)
{
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GString) text = chunk_article (starts);
  g_autoptr(GlossDocument) document = document_new ("chunks.txt", text->str, -1);
  g_autoptr(GRand) rand = g_rand_new_with_seed (23);
  guint n_failed = 0;

  for (guint round = 0; round < 12; round++)
    for (guint kind = 0; kind < N_MUTATIONS; kind++)
      {
        g_autoptr(GString) s = chunk_sidecar (document, text->str, starts, rand,
                                              (guint) g_rand_int_range (rand, 20, 200));
        g_autoptr(GBytes) check = NULL;
        g_autoptr(GlossAnnotationSet) set = NULL;

        mutate (s, rand, kind);
        compare_paths (document, s, 2 + round % 4, FALSE);

        force_chunks (0);
        check = g_bytes_new (s->str, s->len);
        set = gloss_sidecar_load_bytes (check, "chunks.gloss.xml", document,
                                        gloss_tagset_get_default (), NULL, NULL);
        n_failed += set == NULL;
      }
  /* The damage is real: most of these files do not load. */
  g_assert_cmpuint (n_failed, >, 12 * N_MUTATIONS / 2);
}

/* A file Gloss wrote from a set built in memory, large enough to be cut
 * with the default settings of the scan. */
static void
test_chunks_saved_set (void)
{
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GString) text = chunk_article (starts);
  g_autoptr(GlossDocument) document = document_new ("chunks.txt", text->str, -1);
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  g_autoptr(GString) s = chunk_sidecar (document, text->str, starts, rand, 300);
  g_autoptr(GlossAnnotationSet) set = NULL;
  g_autoptr(GBytes) saved = NULL;
  g_autoptr(GString) again = NULL;

  force_chunks (0);
  {
    g_autoptr(GBytes) bytes = g_bytes_new (s->str, s->len);

    set = load (bytes, document, NULL);
  }
  saved = save (set);
  again = g_string_new_len (g_bytes_get_data (saved, NULL), (gssize) g_bytes_get_size (saved));
  for (guint k = 2; k <= 4; k++)
    compare_paths (document, again, k, TRUE);
}

/* Elements of the namespaces Gloss defines itself (review records and
 * comments) are kept without a warning; other foreign ones are reported.
 * The namespace decides, not the prefix. */
static const char gloss_extensions_sidecar[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<gloss xmlns=\"urn:gloss:sidecar:1\" version=\"1\">\n"
  "  <source name=\"strike.txt\" sha256=\"@SHA@\" length=\"@LEN@\"/>\n"
  "  <annotator id=\"gold\"/>\n"
  "  <tagset id=\"news\" version=\"1\"/>\n"
  "  <history created=\"2026-11-20T09:12:00Z\" modified=\"2026-11-20T09:15:41Z\"/>\n"
  "  <entities>\n"
  "    <entity id=\"e1\" type=\"organisation\" start=\"0\" end=\"14\">\n"
  "      <quote exact=\"Port officials\"/>\n"
  "      <extensions>\n"
  "        <rv:decision xmlns:rv=\"urn:gloss:review:1\" action=\"accept\" reviewer=\"carol\" "
  "annotator=\"bob\" annotation=\"e3\"><rv:reason>Named body</rv:reason></rv:decision>\n"
  "        <x:review xmlns:x=\"urn:example:review\" score=\"3\"/>\n"
  "      </extensions>\n"
  "    </entity>\n"
  "  </entities>\n"
  "  <extensions>\n"
  "    <rv:rejection xmlns:rv=\"urn:gloss:review:1\" reviewer=\"carol\" kind=\"entity\" "
  "start=\"60\" end=\"66\"/>\n"
  "    <comment xmlns=\"urn:gloss:review:1\" id=\"k1\" author=\"gold\">Check</comment>\n"
  "    <rv:comment xmlns:rv=\"urn:example:not-gloss\" id=\"k2\">Not ours</rv:comment>\n"
  "    <rv:note xmlns:rv=\"urn:gloss:review:2\"/>\n"
  "  </extensions>\n"
  "</gloss>\n";

static void
test_gloss_extensions_not_unknown (void)
{
  g_autoptr(GlossDocument) document = document_new ("strike.txt", article, -1);
  g_autoptr(GBytes) input = sidecar_for (gloss_extensions_sidecar, document);
  g_autoptr(GlossSidecarReport) report = NULL;
  g_autoptr(GlossSidecarReport) report2 = NULL;
  g_autoptr(GlossAnnotationSet) set = load (input, document, &report);
  g_autoptr(GlossAnnotationSet) again = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  GlossAnnotation *e1;

  /* Only the elements of other namespaces, each with its line. */
  g_assert_cmpuint (report->warnings->len, ==, 3);
  g_assert_cmpstr (g_ptr_array_index (report->warnings, 0), ==,
                   "test.gloss.xml:12: kept unknown element <x:review>");
  g_assert_cmpstr (g_ptr_array_index (report->warnings, 1), ==,
                   "test.gloss.xml:19: kept unknown element <rv:comment>");
  g_assert_cmpstr (g_ptr_array_index (report->warnings, 2), ==,
                   "test.gloss.xml:20: kept unknown element <rv:note>");

  /* All of them are kept, in their order. */
  e1 = gloss_annotation_set_lookup (set, "e1");
  g_assert_cmpuint (_gloss_annotation_get_extensions (e1)->len, ==, 2);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (_gloss_annotation_get_extensions (e1), 0),
                                   "<rv:decision"));
  g_assert_cmpuint (_gloss_annotation_set_get_extensions (set)->len, ==, 4);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (_gloss_annotation_set_get_extensions (set), 1),
                                   "<comment xmlns=\"urn:gloss:review:1\""));

  /* And written back: the same report and bytes the second time. */
  first = save (set);
  again = load (first, document, &report2);
  g_assert_cmpuint (report2->warnings->len, ==, 3);
  second = save (again);
  assert_bytes_equal (first, second);
  g_assert_true (bytes_contain (first, "<rv:reason>Named body</rv:reason>"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sidecar/round-trip/every-field", test_round_trip_every_field);
  g_test_add_func ("/sidecar/round-trip/built-set", test_round_trip_built_set);
  g_test_add_func ("/sidecar/offsets/unicode", test_offsets_unicode);
  g_test_add_func ("/sidecar/changed-article", test_changed_article);
  g_test_add_func ("/sidecar/peek", test_peek);
  g_test_add_func ("/sidecar/names", test_names);
  g_test_add_func ("/sidecar/times", test_times);
  g_test_add_func ("/sidecar/large-set", test_large_set);
  g_test_add_func ("/sidecar/sample-corpus", test_sample_corpus);
  g_test_add_func ("/sidecar/chunks/valid", test_chunks_valid);
  g_test_add_func ("/sidecar/chunks/damaged", test_chunks_damaged);
  g_test_add_func ("/sidecar/chunks/saved-set", test_chunks_saved_set);
  g_test_add_func ("/sidecar/gloss-extensions", test_gloss_extensions_not_unknown);

  /* Everything above again, with chunks forced on small files. */
  g_test_add_data_func ("/sidecar/chunked/round-trip/every-field", test_round_trip_every_field, run_chunked);
  g_test_add_data_func ("/sidecar/chunked/round-trip/built-set", test_round_trip_built_set, run_chunked);
  g_test_add_data_func ("/sidecar/chunked/offsets/unicode", test_offsets_unicode, run_chunked);
  g_test_add_data_func ("/sidecar/chunked/changed-article", test_changed_article, run_chunked);
  g_test_add_data_func ("/sidecar/chunked/peek", test_peek, run_chunked);
  g_test_add_data_func ("/sidecar/chunked/large-set", test_large_set, run_chunked);
  g_test_add_data_func ("/sidecar/chunked/sample-corpus", test_sample_corpus, run_chunked);
  g_test_add_data_func ("/sidecar/chunked/gloss-extensions", test_gloss_extensions_not_unknown,
                        run_chunked);

  return g_test_run ();
}
