/* test-sidecar-safety.c: bad sidecars are refused with the right error,
 * file and line; hostile ones at once; a failed save loses nothing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <glib/gstdio.h>
#include <gio/gio.h>

#include "gloss-annotation-set.h"
#include "gloss-document.h"
#include "gloss-sidecar.h"
#include "gloss-tagset.h"

/*                         0         1         2         3
 *                         0123456789012345678901234567890123 */
static const char article[] = "Alice met Bob in Paris on Monday.\n";

static GlossDocument *
document (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (article, strlen (article));
  g_autoptr(GError) error = NULL;
  GlossDocument *doc = gloss_document_new_from_bytes ("meeting.txt", bytes, &error);

  g_assert_no_error (error);
  return doc;
}

/* A sidecar whose header fills lines 1-6; @body starts on line 7. */
static GBytes *
sidecar (const char *body)
{
  g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, article, -1);

  char *text = g_strdup_printf (
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<gloss xmlns=\"urn:gloss:sidecar:1\" version=\"1\">\n"
    "  <source name=\"meeting.txt\" sha256=\"%s\" length=\"34\"/>\n"
    "  <annotator id=\"alice\"/>\n"
    "  <tagset id=\"news\" version=\"1\"/>\n"
    "  <history created=\"2026-11-20T09:12:00Z\" modified=\"2026-11-20T09:15:41Z\"/>\n"
    "%s"
    "</gloss>\n", sha, body);

  return g_bytes_new_take (text, strlen (text));
}

#define ENTITY_E1 \
  "    <entity id=\"e1\" type=\"person\" start=\"0\" end=\"5\">\n" \
  "      <quote exact=\"Alice\"/>\n" \
  "    </entity>\n"

static GError *
load_error (GBytes *bytes)
{
  g_autoptr(GlossDocument) doc = document ();
  g_autoptr(GlossAnnotationSet) set = NULL;
  GError *error = NULL;

  set = gloss_sidecar_load_bytes (bytes, "bad.gloss.xml", doc, gloss_tagset_get_default (),
                                  NULL, &error);
  g_assert_null (set);
  g_assert_nonnull (error);
  return error;
}

/* Loads @bytes, expects @code and a message that begins with
 * "bad.gloss.xml:LINE: " and contains @words. */
static void
expect (GBytes     *bytes,
        int         code,
        int         line,
        const char *words)
{
  g_autoptr(GError) error = load_error (bytes);
  g_autofree char *prefix = g_strdup_printf ("bad.gloss.xml:%d: ", line);

  g_test_message ("%s", error->message);
  g_assert_error (error, GLOSS_SIDECAR_ERROR, code);
  if (!g_str_has_prefix (error->message, prefix) || strstr (error->message, words) == NULL)
    g_error ("expected “%s…%s…”, got “%s”", prefix, words, error->message);
}

static void
expect_body (const char *body,
             int         code,
             int         line,
             const char *words)
{
  g_autoptr(GBytes) bytes = sidecar (body);

  expect (bytes, code, line, words);
}

static void
expect_text (const char *text,
             int         code,
             int         line,
             const char *words)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));

  expect (bytes, code, line, words);
}

static void
test_valid_base (void)
{
  g_autoptr(GlossDocument) doc = document ();
  g_autoptr(GBytes) bytes = sidecar ("  <entities>\n" ENTITY_E1 "  </entities>\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotationSet) set = NULL;

  /* The base the other cases damage loads. */
  set = gloss_sidecar_load_bytes (bytes, "good.gloss.xml", doc, gloss_tagset_get_default (),
                                  NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gloss_annotation_set_get_size (set), ==, 1);
}

static void
test_malformed (void)
{
  expect_body ("  <entities>\n"
               "    <entity id=\"e1\" type=\"person\" start=\"0\" end=\"5\">\n"
               "      <quote exact=\"Alice\">\n"
               "    </entity>\n",
               GLOSS_SIDECAR_ERROR_PARSE, 10, "");
  expect_body ("  <entities>\n"
               "    <entity id=\"e1\" type=\"person\" start=\"0\" end=\"5\" <quote/>\n",
               GLOSS_SIDECAR_ERROR_PARSE, 8, "");
}

static void
test_foreign_root (void)
{
  expect_text ("<?xml version=\"1.0\"?>\n<html><body>hello</body></html>\n",
               GLOSS_SIDECAR_ERROR_FOREIGN, 2, "this is not a Gloss sidecar (root element <html>)");
  expect_text ("<?xml version=\"1.0\"?>\n\n<gloss version=\"1\"/>\n",
               GLOSS_SIDECAR_ERROR_FOREIGN, 3, "this is not a Gloss sidecar");
  expect_text ("<annotation xmlns=\"http://www.w3.org/ns/anno.jsonld\"/>",
               GLOSS_SIDECAR_ERROR_FOREIGN, 1, "root element <annotation>");
}

static void
test_newer_version (void)
{
  expect_text ("<?xml version=\"1.0\"?>\n"
               "<gloss xmlns=\"urn:gloss:sidecar:1\" version=\"2\">\n"
               "  <something-new/>\n"
               "</gloss>\n",
               GLOSS_SIDECAR_ERROR_VERSION, 2, "newer Gloss");
}

static void
test_unknown_type (void)
{
  expect_body ("  <entities>\n"
               ENTITY_E1
               "    <entity id=\"e7\" type=\"planet\" start=\"10\" end=\"13\">\n"
               "      <quote exact=\"Bob\"/>\n"
               "    </entity>\n"
               "  </entities>\n",
               GLOSS_SIDECAR_ERROR_CONTENT, 11, "entity e7: unknown entity type “planet”");
  expect_body ("  <entities>\n" ENTITY_E1 "  </entities>\n"
               "  <relations>\n"
               "    <relation id=\"r1\" type=\"married-to\" from=\"e1\" to=\"e1\"/>\n"
               "  </relations>\n",
               GLOSS_SIDECAR_ERROR_CONTENT, 13, "relation r1: unknown relation type “married-to”");
}

static void
test_unknown_attribute (void)
{
  /* An XML attribute the schema does not know. */
  expect_body ("  <entities>\n"
               "    <entity id=\"e1\" type=\"person\" start=\"0\" end=\"5\" colour=\"red\">\n"
               "      <quote exact=\"Alice\"/>\n"
               "    </entity>\n"
               "  </entities>\n",
               GLOSS_SIDECAR_ERROR_INVALID, 8, "colour");
  /* An annotation attribute the tagset does not define. */
  expect_body ("  <entities>\n"
               "    <entity id=\"e1\" type=\"person\" start=\"0\" end=\"5\">\n"
               "      <quote exact=\"Alice\"/>\n"
               "      <attribute name=\"mood\" value=\"happy\"/>\n"
               "    </entity>\n"
               "  </entities>\n",
               GLOSS_SIDECAR_ERROR_CONTENT, 10, "entity e1: unknown attribute “mood”");
  /* A value the tagset does not allow. */
  expect_body ("  <claims>\n"
               "    <claim id=\"c1\" start=\"0\" end=\"13\">\n"
               "      <quote exact=\"Alice met Bob\"/>\n"
               "      <attribute name=\"stance\" value=\"shrugs\"/>\n"
               "    </claim>\n"
               "  </claims>\n",
               GLOSS_SIDECAR_ERROR_CONTENT, 10, "claim c1: attribute stance cannot be “shrugs”");
  /* An unknown element in the Gloss namespace. */
  expect_body ("  <entities>\n"
               "    <entity id=\"e1\" type=\"person\" start=\"0\" end=\"5\">\n"
               "      <quote exact=\"Alice\"/>\n"
               "      <colour>red</colour>\n"
               "    </entity>\n"
               "  </entities>\n",
               GLOSS_SIDECAR_ERROR_INVALID, 10, "");
}

static void
test_offsets (void)
{
  expect_body ("  <entities>\n"
               ENTITY_E1
               "    <entity id=\"e7\" type=\"date\" start=\"26\" end=\"500\">\n"
               "      <quote exact=\"Monday\"/>\n"
               "    </entity>\n"
               "  </entities>\n",
               GLOSS_SIDECAR_ERROR_CONTENT, 11, "entity e7: end 500 is beyond the end of the article (34 characters)");
  expect_body ("  <entities>\n"
               "    <entity id=\"e2\" type=\"person\" start=\"5\" end=\"5\">\n"
               "      <quote exact=\"\"/>\n"
               "    </entity>\n"
               "  </entities>\n",
               GLOSS_SIDECAR_ERROR_CONTENT, 8, "entity e2: start 5 is not before end 5");
  expect_body ("  <entities>\n"
               "    <entity id=\"e2\" type=\"person\" start=\"13\" end=\"10\">\n"
               "      <quote exact=\"\"/>\n"
               "    </entity>\n"
               "  </entities>\n",
               GLOSS_SIDECAR_ERROR_CONTENT, 8, "entity e2: start 13 is not before end 10");
  expect_body ("  <entities>\n"
               "    <entity id=\"e2\" type=\"person\" start=\"-1\" end=\"5\">\n"
               "      <quote exact=\"Alice\"/>\n"
               "    </entity>\n"
               "  </entities>\n",
               GLOSS_SIDECAR_ERROR_CONTENT, 8, "entity e2: start “-1” is not an offset");
  expect_body ("  <entities>\n"
               "    <entity id=\"e2\" type=\"person\" start=\"0\" end=\"99999999999999999999\">\n"
               "      <quote exact=\"Alice\"/>\n"
               "    </entity>\n"
               "  </entities>\n",
               GLOSS_SIDECAR_ERROR_CONTENT, 8, "entity e2: end “99999999999999999999” is not an offset");
  expect_body ("  <claims>\n"
               "    <claim id=\"c1\" start=\"0\" end=\"13\">\n"
               "      <quote exact=\"Alice met Bob\"/>\n"
               "      <cue start=\"6\" end=\"90\">\n"
               "        <quote exact=\"met\"/>\n"
               "      </cue>\n"
               "    </claim>\n"
               "  </claims>\n",
               GLOSS_SIDECAR_ERROR_CONTENT, 10, "claim c1: cue end 90 is beyond the end");
}

static void
test_duplicate_id (void)
{
  expect_body ("  <entities>\n"
               ENTITY_E1
               "    <entity id=\"e1\" type=\"person\" start=\"10\" end=\"13\">\n"
               "      <quote exact=\"Bob\"/>\n"
               "    </entity>\n"
               "  </entities>\n",
               GLOSS_SIDECAR_ERROR_CONTENT, 11, "entity e1: this id is already used");
  /* Ids are unique across kinds. */
  expect_body ("  <entities>\n" ENTITY_E1 "  </entities>\n"
               "  <claims>\n"
               "    <claim id=\"e1\" start=\"0\" end=\"13\">\n"
               "      <quote exact=\"Alice met Bob\"/>\n"
               "    </claim>\n"
               "  </claims>\n",
               GLOSS_SIDECAR_ERROR_CONTENT, 13, "claim e1: this id is already used");
}

static void
test_dangling (void)
{
  expect_body ("  <entities>\n" ENTITY_E1 "  </entities>\n"
               "  <claims>\n"
               "    <claim id=\"c1\" start=\"0\" end=\"13\">\n"
               "      <quote exact=\"Alice met Bob\"/>\n"
               "      <source entity=\"e9\"/>\n"
               "    </claim>\n"
               "  </claims>\n",
               GLOSS_SIDECAR_ERROR_CONTENT, 15, "claim c1: source “e9” refers to no annotation");
  expect_body ("  <claims>\n"
               "    <claim id=\"c1\" start=\"0\" end=\"13\">\n"
               "      <quote exact=\"Alice met Bob\"/>\n"
               "    </claim>\n"
               "    <claim id=\"c2\" start=\"10\" end=\"13\" parent=\"c5\">\n"
               "      <quote exact=\"Bob\"/>\n"
               "    </claim>\n"
               "  </claims>\n",
               GLOSS_SIDECAR_ERROR_CONTENT, 11, "claim c2: parent “c5” refers to no annotation");
  expect_body ("  <entities>\n" ENTITY_E1 "  </entities>\n"
               "  <relations>\n"
               "    <relation id=\"r1\" type=\"same-as\" from=\"e1\" to=\"e1\"/>\n"
               "    <relation id=\"r2\" type=\"same-as\" from=\"e1\" to=\"e4\"/>\n"
               "  </relations>\n",
               GLOSS_SIDECAR_ERROR_CONTENT, 14, "relation r2: to “e4” refers to no annotation");
  /* A source that is a claim, not an entity. */
  expect_body ("  <claims>\n"
               "    <claim id=\"c1\" start=\"0\" end=\"13\">\n"
               "      <quote exact=\"Alice met Bob\"/>\n"
               "    </claim>\n"
               "    <claim id=\"c2\" start=\"10\" end=\"13\">\n"
               "      <quote exact=\"Bob\"/>\n"
               "      <source entity=\"c1\"/>\n"
               "    </claim>\n"
               "  </claims>\n",
               GLOSS_SIDECAR_ERROR_CONTENT, 13, "claim c2: source “c1” is a claim, not an entity");
}

static void
test_quote_mismatch (void)
{
  /* The hash matches, so the article is the one the quote was made on. */
  expect_body ("  <entities>\n"
               ENTITY_E1
               "    <entity id=\"e7\" type=\"person\" start=\"10\" end=\"13\">\n"
               "      <quote exact=\"Bill\"/>\n"
               "    </entity>\n"
               "  </entities>\n",
               GLOSS_SIDECAR_ERROR_CONTENT, 12, "entity e7: quote “Bill” does not match the text at 10–13 (“Bob”)");
}

static void
test_invalid_utf8 (void)
{
  expect_body ("  <entities>\n"
               "    <entity id=\"e1\" type=\"person\" start=\"0\" end=\"5\">\n"
               "      <quote exact=\"Al\xC3\x28ice\"/>\n"
               "    </entity>\n"
               "  </entities>\n",
               GLOSS_SIDECAR_ERROR_PARSE, 9, "");
}

static void
test_empty (void)
{
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GBytes) blank = g_bytes_new_static ("  \n\n", 4);

  expect (empty, GLOSS_SIDECAR_ERROR_PARSE, 1, "empty");
  expect (blank, GLOSS_SIDECAR_ERROR_PARSE, 1, "empty");
}

/* Cutting a valid file anywhere never crashes and is always refused as
 * not well-formed or incomplete. */
static void
test_truncated (void)
{
  g_autoptr(GlossDocument) doc = document ();
  g_autoptr(GBytes) full = sidecar ("  <entities>\n" ENTITY_E1 "  </entities>\n"
                                    "  <claims>\n"
                                    "    <claim id=\"c1\" start=\"0\" end=\"13\">\n"
                                    "      <quote exact=\"Alice met Bob\"/>\n"
                                    "      <source entity=\"e1\"/>\n"
                                    "      <cue start=\"6\" end=\"9\"><quote exact=\"met\"/></cue>\n"
                                    "      <note>a note</note>\n"
                                    "    </claim>\n"
                                    "  </claims>\n");
  gsize len;
  const char *data = g_bytes_get_data (full, &len);
  guint n_parse = 0, n_invalid = 0;

  for (gsize cut = 0; cut < len - 1; cut++)
    {
      g_autoptr(GBytes) part = g_bytes_new (data, cut);
      g_autoptr(GlossAnnotationSet) set = NULL;
      g_autoptr(GError) error = NULL;

      set = gloss_sidecar_load_bytes (part, "cut.gloss.xml", doc, gloss_tagset_get_default (),
                                      NULL, &error);
      g_assert_null (set);
      g_assert_nonnull (error);
      g_assert_true (g_str_has_prefix (error->message, "cut.gloss.xml:"));
      if (g_error_matches (error, GLOSS_SIDECAR_ERROR, GLOSS_SIDECAR_ERROR_PARSE))
        n_parse++;
      else if (g_error_matches (error, GLOSS_SIDECAR_ERROR, GLOSS_SIDECAR_ERROR_INVALID))
        n_invalid++;
      else
        g_error ("cut at %" G_GSIZE_FORMAT ": unexpected %s", cut, error->message);
    }
  g_assert_cmpuint (n_parse + n_invalid, ==, len - 1);
  g_assert_cmpuint (n_parse, >, 0);
}

static void
test_too_large (void)
{
  static const char data[] = "<gloss/>";
  g_autoptr(GlossDocument) doc = document ();
  g_autoptr(GError) error = NULL;
  /* Claims more bytes than it holds: the size is refused before any is read. */
  g_autoptr(GBytes) huge = g_bytes_new_static (data, GLOSS_SIDECAR_MAX_BYTES + 1);
  g_autoptr(GlossAnnotationSet) set = NULL;

  set = gloss_sidecar_load_bytes (huge, "huge.gloss.xml", doc, gloss_tagset_get_default (),
                                  NULL, &error);
  g_assert_null (set);
  g_assert_error (error, GLOSS_SIDECAR_ERROR, GLOSS_SIDECAR_ERROR_TOO_LARGE);
  g_assert_true (g_str_has_prefix (error->message, "huge.gloss.xml: "));
}

static void
test_doctype (void)
{
  expect_text ("<?xml version=\"1.0\"?>\n"
               "<!DOCTYPE gloss>\n"
               "<gloss xmlns=\"urn:gloss:sidecar:1\" version=\"1\"/>\n",
               GLOSS_SIDECAR_ERROR_FORBIDDEN, 2, "");
}

/* An external entity naming a FIFO: reading it would block forever, so a
 * quick FORBIDDEN shows that it was never opened. */
static void
test_external_entity_fifo (void)
{
  g_autofree char *dir = g_dir_make_tmp ("gloss-sidecar-XXXXXX", NULL);
  g_autofree char *fifo = g_build_filename (dir, "pipe", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  gint64 t0;

  g_assert_nonnull (dir);
  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  text = g_strdup_printf ("<?xml version=\"1.0\"?>\n"
                          "<!DOCTYPE gloss [\n"
                          "  <!ENTITY secret SYSTEM \"file://%s\">\n"
                          "]>\n"
                          "<gloss xmlns=\"urn:gloss:sidecar:1\" version=\"1\">&secret;</gloss>\n",
                          fifo);
  bytes = g_bytes_new (text, strlen (text));

  t0 = g_get_monotonic_time ();
  error = load_error (bytes);
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 100 * 1000);
  g_assert_error (error, GLOSS_SIDECAR_ERROR, GLOSS_SIDECAR_ERROR_FORBIDDEN);
  g_assert_true (g_str_has_prefix (error->message, "bad.gloss.xml:2: "));

  g_unlink (fifo);
  g_rmdir (dir);
}

static void
test_billion_laughs (void)
{
  g_autoptr(GString) s = g_string_new ("<?xml version=\"1.0\"?>\n<!DOCTYPE gloss [\n"
                                       "  <!ENTITY lol0 \"lol\">\n");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  gint64 t0;

  /* Each level ten times the one before: 10^9 "lol"s if expanded. */
  for (int i = 1; i <= 9; i++)
    {
      g_string_append_printf (s, "  <!ENTITY lol%d \"", i);
      for (int k = 0; k < 10; k++)
        g_string_append_printf (s, "&lol%d;", i - 1);
      g_string_append (s, "\">\n");
    }
  g_string_append (s, "]>\n<gloss xmlns=\"urn:gloss:sidecar:1\" version=\"1\">&lol9;</gloss>\n");
  bytes = g_bytes_new (s->str, s->len);

  t0 = g_get_monotonic_time ();
  error = load_error (bytes);
  g_assert_cmpint (g_get_monotonic_time () - t0, <, 100 * 1000);
  g_assert_error (error, GLOSS_SIDECAR_ERROR, GLOSS_SIDECAR_ERROR_FORBIDDEN);
  g_assert_true (g_str_has_prefix (error->message, "bad.gloss.xml:2: "));
}

/* Saving */

static GlossAnnotationSet *
small_set (void)
{
  g_autoptr(GlossDocument) doc = document ();
  g_autoptr(GError) error = NULL;
  GlossAnnotationSet *set = gloss_annotation_set_new (doc, gloss_tagset_get_default (), "alice", NULL);

  g_assert_nonnull (gloss_annotation_set_add_entity (set, "person", 0, 5, &error));
  g_assert_no_error (error);
  return set;
}

static void
test_save_missing_folder (void)
{
  g_autofree char *dir = g_dir_make_tmp ("gloss-sidecar-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "no-such-folder", "meeting.txt.alice.gloss.xml", NULL);
  g_autofree char *blocker = g_build_filename (dir, "file", NULL);
  g_autofree char *under_file = g_build_filename (blocker, "meeting.txt.alice.gloss.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) file2 = g_file_new_for_path (under_file);
  g_autoptr(GlossAnnotationSet) set = small_set ();
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = g_strdup_printf ("Could not save %s: ", path);

  g_assert_false (gloss_sidecar_save (set, file, NULL, &error));
  g_assert_error (error, GLOSS_SIDECAR_ERROR, GLOSS_SIDECAR_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, expected));
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  /* A parent that is a regular file: refused even for root. */
  g_assert_true (g_file_set_contents (blocker, "keep", -1, NULL));
  g_assert_false (gloss_sidecar_save (set, file2, NULL, &error));
  g_assert_error (error, GLOSS_SIDECAR_ERROR, GLOSS_SIDECAR_ERROR_IO);
  g_clear_error (&error);
  {
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (blocker, &contents, NULL, NULL));
    g_assert_cmpstr (contents, ==, "keep");
  }

  g_unlink (blocker);
  g_rmdir (dir);
}

static void
test_save_read_only_folder (void)
{
  g_autofree char *dir = g_dir_make_tmp ("gloss-sidecar-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "meeting.txt.alice.gloss.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GlossAnnotationSet) set = small_set ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize before_len, after_len;
  g_autoptr(GDir) listing = NULL;
  guint n_entries = 0;

  /* The previous version, different from what the set would write. */
  g_assert_true (g_file_set_contents (path, "<previous version/>\n", -1, NULL));
  g_assert_true (g_file_get_contents (path, &before, &before_len, NULL));
  g_assert_cmpint (g_chmod (dir, 0555), ==, 0);

  if (access (dir, W_OK) == 0)
    {
      /* Root ignores permissions: the missing-folder test covers the
       * failure path there. */
      g_chmod (dir, 0755);
      g_unlink (path);
      g_rmdir (dir);
      g_test_skip ("the folder stays writable for this user (root)");
      return;
    }

  g_assert_false (gloss_sidecar_save (set, file, NULL, &error));
  g_assert_error (error, GLOSS_SIDECAR_ERROR, GLOSS_SIDECAR_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "Could not save "));

  g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
  g_assert_cmpmem (before, before_len, after, after_len);
  /* No temporary file left behind either. */
  listing = g_dir_open (dir, 0, NULL);
  while (g_dir_read_name (listing) != NULL)
    n_entries++;
  g_assert_cmpuint (n_entries, ==, 1);

  g_chmod (dir, 0755);
  g_unlink (path);
  g_rmdir (dir);
}

/* A successful save replaces the file whole, with mode 0644. */
static void
test_save_replaces (void)
{
  g_autofree char *dir = g_dir_make_tmp ("gloss-sidecar-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "meeting.txt.alice.gloss.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GlossAnnotationSet) set = small_set ();
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len;
  GStatBuf st;

  g_assert_true (g_file_set_contents (path, "<previous version/>\n", -1, NULL));
  g_assert_true (gloss_sidecar_save (set, file, NULL, &error));
  g_assert_no_error (error);
  expected = gloss_sidecar_to_bytes (set, &error);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  g_assert_cmpmem (contents, len, g_bytes_get_data (expected, NULL), g_bytes_get_size (expected));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0644);

  /* No temporary file is left behind. */
  g_assert_cmpint (g_unlink (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* Bytes that the declared encoding does not define (ISO-8859-7 leaves 0xAE,
 * 0xD2 and 0xFF out, windows-1252 leaves 0x81 out), or that decode to a
 * character XML forbids (ISO-8859-1 defines every byte, 0x01 included):
 * a clean error, and libxml2 prints nothing. */
static void
test_declared_encoding (void)
{
  if (g_test_subprocess ())
    {
      static const struct
      {
        const char *encoding;
        const char *bytes;
      } cases[] = {
        { "ISO-8859-7", "\xAE\xD2\xFF" },
        { "windows-1252", "\x81" },
        { "ISO-8859-1", "caf\xE9\x01" },
      };

      for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
        {
          g_autofree char *text = g_strdup_printf (
            "<?xml version=\"1.0\" encoding=\"%s\"?>\n"
            "<gloss xmlns=\"urn:gloss:sidecar:1\" version=\"1\">\n"
            "  <source name=\"%s.txt\" sha256=\"%064d\" length=\"34\"/>\n"
            "  <annotator id=\"alice\"/>\n"
            "</gloss>\n", cases[i].encoding, cases[i].bytes, 0);
          g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
          g_autoptr(GError) error = load_error (bytes);

          g_test_message ("%s: %s", cases[i].encoding, error->message);
          g_assert_error (error, GLOSS_SIDECAR_ERROR, GLOSS_SIDECAR_ERROR_PARSE);
          g_assert_true (g_str_has_prefix (error->message, "bad.gloss.xml:"));
          if (i < 2)
            g_assert_nonnull (strstr (error->message, "encoding the file declares"));
        }
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
  g_test_trap_assert_stderr ("");
  g_test_trap_assert_stdout_unmatched ("*error*");
}

/* Chunks for every file, however small (see gloss-sidecar.c): every
 * refusal above must come out the same when a file is read in chunks. */
void _gloss_sidecar_force_chunks (gsize min_bytes,
                                  guint n_chunks);

static void
run_chunked (gconstpointer data)
{
  GTestFunc func = (GTestFunc) data;

  _gloss_sidecar_force_chunks (1, 2);
  func ();
  _gloss_sidecar_force_chunks (0, 0);
}

/* Every file through libxml2's reader and RelaxNG validator, which read
 * the files with comments or extensions: the same refusals. */
void _gloss_sidecar_force_reader (gboolean force);

static void
run_reader (gconstpointer data)
{
  GTestFunc func = (GTestFunc) data;

  _gloss_sidecar_force_reader (TRUE);
  func ();
  _gloss_sidecar_force_reader (FALSE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* Every load here goes through the reader thread, however small the
   * file: test-sidecar covers the single-threaded path. */
  g_setenv ("GLOSS_SIDECAR_THREAD_MIN_BYTES", "1", TRUE);

  g_test_add_func ("/sidecar-safety/valid-base", test_valid_base);
  g_test_add_func ("/sidecar-safety/malformed", test_malformed);
  g_test_add_func ("/sidecar-safety/foreign-root", test_foreign_root);
  g_test_add_func ("/sidecar-safety/newer-version", test_newer_version);
  g_test_add_func ("/sidecar-safety/unknown-type", test_unknown_type);
  g_test_add_func ("/sidecar-safety/unknown-attribute", test_unknown_attribute);
  g_test_add_func ("/sidecar-safety/offsets", test_offsets);
  g_test_add_func ("/sidecar-safety/duplicate-id", test_duplicate_id);
  g_test_add_func ("/sidecar-safety/dangling", test_dangling);
  g_test_add_func ("/sidecar-safety/quote-mismatch", test_quote_mismatch);
  g_test_add_func ("/sidecar-safety/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/sidecar-safety/declared-encoding", test_declared_encoding);
  g_test_add_func ("/sidecar-safety/empty", test_empty);
  g_test_add_func ("/sidecar-safety/truncated", test_truncated);
  g_test_add_func ("/sidecar-safety/too-large", test_too_large);
  g_test_add_func ("/sidecar-safety/doctype", test_doctype);
  g_test_add_func ("/sidecar-safety/external-entity-fifo", test_external_entity_fifo);
  g_test_add_func ("/sidecar-safety/billion-laughs", test_billion_laughs);
  g_test_add_func ("/sidecar-safety/save/missing-folder", test_save_missing_folder);
  g_test_add_func ("/sidecar-safety/save/read-only-folder", test_save_read_only_folder);
  g_test_add_func ("/sidecar-safety/save/replaces", test_save_replaces);


  /* The same, read in chunks. */
  g_test_add_data_func ("/sidecar-safety/chunked/valid-base", test_valid_base, run_chunked);
  g_test_add_data_func ("/sidecar-safety/chunked/malformed", test_malformed, run_chunked);
  g_test_add_data_func ("/sidecar-safety/chunked/foreign-root", test_foreign_root, run_chunked);
  g_test_add_data_func ("/sidecar-safety/chunked/newer-version", test_newer_version, run_chunked);
  g_test_add_data_func ("/sidecar-safety/chunked/unknown-type", test_unknown_type, run_chunked);
  g_test_add_data_func ("/sidecar-safety/chunked/unknown-attribute", test_unknown_attribute, run_chunked);
  g_test_add_data_func ("/sidecar-safety/chunked/offsets", test_offsets, run_chunked);
  g_test_add_data_func ("/sidecar-safety/chunked/duplicate-id", test_duplicate_id, run_chunked);
  g_test_add_data_func ("/sidecar-safety/chunked/dangling", test_dangling, run_chunked);
  g_test_add_data_func ("/sidecar-safety/chunked/quote-mismatch", test_quote_mismatch, run_chunked);
  g_test_add_data_func ("/sidecar-safety/chunked/invalid-utf8", test_invalid_utf8, run_chunked);
  g_test_add_data_func ("/sidecar-safety/chunked/declared-encoding", test_declared_encoding, run_chunked);
  g_test_add_data_func ("/sidecar-safety/chunked/empty", test_empty, run_chunked);
  g_test_add_data_func ("/sidecar-safety/chunked/truncated", test_truncated, run_chunked);
  g_test_add_data_func ("/sidecar-safety/chunked/too-large", test_too_large, run_chunked);
  g_test_add_data_func ("/sidecar-safety/chunked/doctype", test_doctype, run_chunked);
  g_test_add_data_func ("/sidecar-safety/chunked/external-entity-fifo", test_external_entity_fifo, run_chunked);
  g_test_add_data_func ("/sidecar-safety/chunked/billion-laughs", test_billion_laughs, run_chunked);

  /* The same, read by the reader and the validator. */
  g_test_add_data_func ("/sidecar-safety/reader/valid-base", test_valid_base, run_reader);
  g_test_add_data_func ("/sidecar-safety/reader/malformed", test_malformed, run_reader);
  g_test_add_data_func ("/sidecar-safety/reader/foreign-root", test_foreign_root, run_reader);
  g_test_add_data_func ("/sidecar-safety/reader/newer-version", test_newer_version, run_reader);
  g_test_add_data_func ("/sidecar-safety/reader/unknown-type", test_unknown_type, run_reader);
  g_test_add_data_func ("/sidecar-safety/reader/unknown-attribute", test_unknown_attribute, run_reader);
  g_test_add_data_func ("/sidecar-safety/reader/offsets", test_offsets, run_reader);
  g_test_add_data_func ("/sidecar-safety/reader/duplicate-id", test_duplicate_id, run_reader);
  g_test_add_data_func ("/sidecar-safety/reader/dangling", test_dangling, run_reader);
  g_test_add_data_func ("/sidecar-safety/reader/quote-mismatch", test_quote_mismatch, run_reader);
  g_test_add_data_func ("/sidecar-safety/reader/invalid-utf8", test_invalid_utf8, run_reader);
  g_test_add_data_func ("/sidecar-safety/reader/declared-encoding", test_declared_encoding, run_reader);
  g_test_add_data_func ("/sidecar-safety/reader/empty", test_empty, run_reader);
  g_test_add_data_func ("/sidecar-safety/reader/truncated", test_truncated, run_reader);
  g_test_add_data_func ("/sidecar-safety/reader/too-large", test_too_large, run_reader);
  g_test_add_data_func ("/sidecar-safety/reader/doctype", test_doctype, run_reader);
  g_test_add_data_func ("/sidecar-safety/reader/external-entity-fifo", test_external_entity_fifo, run_reader);
  g_test_add_data_func ("/sidecar-safety/reader/billion-laughs", test_billion_laughs, run_reader);

  return g_test_run ();
}
