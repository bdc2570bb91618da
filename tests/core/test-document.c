/* test-document.c: GlossDocument text, offsets, lines, errors and loading
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-document"

#include "config.h"

#include <string.h>
#include <unistd.h>

#include "gloss-document.h"

#define BOM "\xEF\xBB\xBF"

static GlossDocument *
doc_from_string (const char *name,
                 const char *data,
                 gssize      len)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  GlossDocument *doc;

  if (len < 0)
    len = strlen (data);
  bytes = g_bytes_new (data, len);
  doc = gloss_document_new_from_bytes (name, bytes, &error);
  g_assert_no_error (error);
  g_assert_nonnull (doc);

  return doc;
}

static GError *
doc_error_from_string (const char *data,
                       gsize       len)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, len);
  GError *error = NULL;
  GlossDocument *doc;

  doc = gloss_document_new_from_bytes ("report.txt", bytes, &error);
  g_assert_null (doc);
  g_assert_nonnull (error);

  return error;
}

/* Checks the slice [start, end) against @expected in all three forms. */
static void
assert_slice (GlossDocument *doc,
              guint          start,
              guint          end,
              const char    *expected)
{
  g_autofree char *dup = NULL;
  const char *slice;
  gsize n_bytes = 0;

  slice = gloss_document_get_slice (doc, start, end, &n_bytes);
  g_assert_nonnull (slice);
  g_assert_cmpmem (slice, n_bytes, expected, strlen (expected));

  dup = gloss_document_dup_slice (doc, start, end);
  g_assert_cmpstr (dup, ==, expected);

  g_assert_true (gloss_document_slice_equal (doc, start, end, expected, -1));
  g_assert_true (gloss_document_slice_equal (doc, start, end, expected, strlen (expected)));
}

static void
assert_line_column (GlossDocument *doc,
                    guint          offset,
                    guint          expected_line,
                    guint          expected_column)
{
  guint line = G_MAXUINT;
  guint column = G_MAXUINT;

  gloss_document_offset_to_line_column (doc, offset, &line, &column);
  g_assert_cmpuint (line, ==, expected_line);
  g_assert_cmpuint (column, ==, expected_column);
  g_assert_cmpuint (gloss_document_line_column_to_offset (doc, line, column), ==, offset);
}

static void
test_ascii (void)
{
  g_autoptr(GlossDocument) doc = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *name = NULL;
  const char *text;
  gsize n_bytes = 0;
  guint length = 0;

  doc = doc_from_string ("plain.txt", "Hello, world.\nSecond line", -1);

  text = gloss_document_get_text (doc, &n_bytes);
  g_assert_cmpstr (text, ==, "Hello, world.\nSecond line");
  g_assert_cmpuint (n_bytes, ==, 25);
  g_assert_cmpuint (gloss_document_get_length (doc), ==, 25);
  g_assert_false (gloss_document_has_bom (doc));
  g_assert_cmpuint (gloss_document_get_line_count (doc), ==, 2);
  g_assert_cmpstr (gloss_document_get_name (doc), ==, "plain.txt");
  g_assert_null (gloss_document_get_file (doc));

  g_object_get (doc, "name", &name, "length", &length, "file", &file, NULL);
  g_assert_cmpstr (name, ==, "plain.txt");
  g_assert_cmpuint (length, ==, 25);
  g_assert_null (file);

  g_assert_cmpuint (gloss_document_offset_to_byte (doc, 7), ==, 7);
  g_assert_cmpuint (gloss_document_byte_to_offset (doc, 7), ==, 7);
  g_assert_cmpuint (gloss_document_offset_to_byte (doc, 25), ==, 25);
  assert_slice (doc, 7, 12, "world");
  assert_slice (doc, 14, 25, "Second line");
  assert_slice (doc, 3, 3, "");
  g_assert_false (gloss_document_slice_equal (doc, 7, 12, "World", -1));
  g_assert_false (gloss_document_slice_equal (doc, 7, 12, "worl", -1));
  g_assert_false (gloss_document_slice_equal (doc, 7, 12, "worlds", -1));

  assert_line_column (doc, 0, 0, 0);
  assert_line_column (doc, 13, 0, 13);
  assert_line_column (doc, 14, 1, 0);
  assert_line_column (doc, 25, 1, 11);
}

static void
test_empty (void)
{
  g_autoptr(GlossDocument) doc = doc_from_string ("empty.txt", "", 0);
  gsize n_bytes = 99;

  g_assert_cmpstr (gloss_document_get_text (doc, &n_bytes), ==, "");
  g_assert_cmpuint (n_bytes, ==, 0);
  g_assert_cmpuint (gloss_document_get_length (doc), ==, 0);
  g_assert_cmpuint (gloss_document_get_line_count (doc), ==, 1);
  g_assert_cmpstr (gloss_document_get_sha256 (doc), ==,
                   "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  g_assert_cmpuint (gloss_document_offset_to_byte (doc, 0), ==, 0);
  g_assert_cmpuint (gloss_document_byte_to_offset (doc, 0), ==, 0);
  assert_slice (doc, 0, 0, "");
  assert_line_column (doc, 0, 0, 0);
  g_assert_cmpuint (gloss_document_line_column_to_offset (doc, 3, 4), ==, 0);
}

static void
test_sha256 (void)
{
  /* Reference values computed with sha256sum(1). */
  g_autoptr(GlossDocument) plain = doc_from_string ("a.txt", "Gloss test article.\n", -1);
  g_autoptr(GlossDocument) bom = doc_from_string ("b.txt", BOM "Gloss test article.\n", -1);

  g_assert_cmpstr (gloss_document_get_sha256 (plain), ==,
                   "0a3deec6117fe23c11001ad3b28b13b545ebe10b6632586a3a155521cdcee81a");
  g_assert_cmpstr (gloss_document_get_sha256 (bom), ==,
                   "77255ad2feed597829c4fd7fa1e025c927350c604ed23d0a96e34d4037f30fce");
  /* Same text, different files. */
  g_assert_cmpstr (gloss_document_get_text (plain, NULL), ==,
                   gloss_document_get_text (bom, NULL));
}

static void
test_bom (void)
{
  g_autoptr(GlossDocument) doc = doc_from_string ("bom.txt", BOM "abc\nd\xC3\xA9" "f", -1);
  gsize n_bytes = 0;

  g_assert_true (gloss_document_has_bom (doc));
  g_assert_cmpstr (gloss_document_get_text (doc, &n_bytes), ==, "abc\nd\xC3\xA9" "f");
  g_assert_cmpuint (n_bytes, ==, 8);
  g_assert_cmpuint (gloss_document_get_length (doc), ==, 7);
  g_assert_cmpuint (gloss_document_offset_to_byte (doc, 0), ==, 0);
  g_assert_cmpuint (gloss_document_offset_to_byte (doc, 6), ==, 7);
  assert_slice (doc, 0, 3, "abc");
  assert_slice (doc, 5, 6, "\xC3\xA9");
  assert_line_column (doc, 0, 0, 0);
  assert_line_column (doc, 6, 1, 2);

  /* The hash covers the byte-order mark too. */
  {
    g_autofree char *with = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                                           BOM "abc\nd\xC3\xA9" "f", -1);
    g_autofree char *without = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                                              "abc\nd\xC3\xA9" "f", -1);

    g_assert_cmpstr (gloss_document_get_sha256 (doc), ==, with);
    g_assert_cmpstr (gloss_document_get_sha256 (doc), !=, without);
  }

  /* A lone byte-order mark is an empty text. */
  {
    g_autoptr(GlossDocument) only = doc_from_string ("only.txt", BOM, -1);

    g_assert_true (gloss_document_has_bom (only));
    g_assert_cmpuint (gloss_document_get_length (only), ==, 0);
    g_assert_cmpstr (gloss_document_get_text (only, NULL), ==, "");
  }

  /* A second U+FEFF is text (a zero-width no-break space), not a mark. */
  {
    g_autoptr(GlossDocument) twice = doc_from_string ("twice.txt", BOM BOM "x", -1);

    g_assert_cmpuint (gloss_document_get_length (twice), ==, 2);
    assert_slice (twice, 0, 1, BOM);
  }
}

static void
test_crlf (void)
{
  g_autoptr(GlossDocument) doc = doc_from_string ("crlf.txt", "one\r\ntwo\r\nthree", -1);

  g_assert_cmpstr (gloss_document_get_text (doc, NULL), ==, "one\r\ntwo\r\nthree");
  g_assert_cmpuint (gloss_document_get_length (doc), ==, 15);
  g_assert_cmpuint (gloss_document_get_line_count (doc), ==, 3);

  assert_line_column (doc, 3, 0, 3);   /* \r */
  assert_line_column (doc, 4, 0, 4);   /* \n */
  assert_line_column (doc, 5, 1, 0);   /* t */
  assert_line_column (doc, 10, 2, 0);  /* t of three */
  assert_line_column (doc, 15, 2, 5);  /* end */
  assert_slice (doc, 5, 8, "two");
  assert_slice (doc, 3, 5, "\r\n");

  /* Columns past the end of a line stop at its "\n"; lines past the end
   * stop at the end of the text. */
  g_assert_cmpuint (gloss_document_line_column_to_offset (doc, 0, 99), ==, 4);
  g_assert_cmpuint (gloss_document_line_column_to_offset (doc, 2, 99), ==, 15);
  g_assert_cmpuint (gloss_document_line_column_to_offset (doc, 7, 0), ==, 15);

  /* A trailing newline opens an empty last line. */
  {
    g_autoptr(GlossDocument) trailing = doc_from_string ("t.txt", "a\r\n", -1);

    g_assert_cmpuint (gloss_document_get_line_count (trailing), ==, 2);
    assert_line_column (trailing, 3, 1, 0);
  }
}

static void
test_emoji (void)
{
  /* a, the French flag (two regional indicators), b, a ZWJ family (man ZWJ
   * woman ZWJ girl: five code points), c. */
  const char *flag = "\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7";
  const char *family = "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7";
  g_autofree char *text = g_strconcat ("a", flag, "b", family, "c\n\xF0\x9F\x98\x80", NULL);
  g_autoptr(GlossDocument) doc = doc_from_string ("emoji.txt", text, -1);

  g_assert_cmpuint (gloss_document_get_length (doc), ==, 1 + 2 + 1 + 5 + 1 + 1 + 1);
  g_assert_cmpuint (gloss_document_offset_to_byte (doc, 1), ==, 1);
  g_assert_cmpuint (gloss_document_offset_to_byte (doc, 2), ==, 5);
  g_assert_cmpuint (gloss_document_offset_to_byte (doc, 3), ==, 9);
  g_assert_cmpuint (gloss_document_offset_to_byte (doc, 4), ==, 10);
  g_assert_cmpuint (gloss_document_offset_to_byte (doc, 5), ==, 14);  /* ZWJ */
  g_assert_cmpuint (gloss_document_offset_to_byte (doc, 9), ==, 28);  /* c */
  g_assert_cmpuint (gloss_document_byte_to_offset (doc, 3), ==, 1);   /* inside the first indicator */
  g_assert_cmpuint (gloss_document_byte_to_offset (doc, 6), ==, 2);   /* inside the second */
  g_assert_cmpuint (gloss_document_byte_to_offset (doc, 15), ==, 5);  /* inside the ZWJ */

  assert_slice (doc, 1, 3, flag);
  assert_slice (doc, 4, 9, family);
  assert_slice (doc, 1, 2, "\xF0\x9F\x87\xAB");
  assert_slice (doc, 11, 12, "\xF0\x9F\x98\x80");
  assert_line_column (doc, 9, 0, 9);
  assert_line_column (doc, 11, 1, 0);
  assert_line_column (doc, 12, 1, 1);
}

static void
test_combining (void)
{
  /* "café" with e + U+0301 COMBINING ACUTE ACCENT: two code points. */
  g_autoptr(GlossDocument) doc = doc_from_string ("c.txt", "cafe\xCC\x81 au lait", -1);

  g_assert_cmpuint (gloss_document_get_length (doc), ==, 13);
  assert_slice (doc, 0, 5, "cafe\xCC\x81");
  assert_slice (doc, 3, 5, "e\xCC\x81");
  assert_slice (doc, 4, 5, "\xCC\x81");
  assert_slice (doc, 6, 8, "au");
  g_assert_cmpuint (gloss_document_offset_to_byte (doc, 5), ==, 6);
  assert_line_column (doc, 6, 0, 6);
}

static void
test_rtl (void)
{
  /* Hebrew "shalom olam" and Arabic "marhaban" on two lines. */
  const char *hebrew = "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xD7\xA2\xD7\x95\xD7\x9C\xD7\x9D";
  const char *arabic = "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7";
  g_autofree char *text = g_strdup_printf ("%s.\n%s!", hebrew, arabic);
  g_autoptr(GlossDocument) doc = doc_from_string ("rtl.txt", text, -1);

  g_assert_cmpuint (gloss_document_get_length (doc), ==, 9 + 2 + 5 + 1);
  assert_slice (doc, 0, 4, "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D");
  assert_slice (doc, 0, 9, hebrew);
  assert_slice (doc, 11, 16, arabic);
  assert_slice (doc, 16, 17, "!");
  g_assert_cmpuint (gloss_document_offset_to_byte (doc, 11), ==, 19);
  assert_line_column (doc, 11, 1, 0);
  assert_line_column (doc, 16, 1, 5);
}

/* Random texts of 1-4 byte characters (and "\r", "\n"), checked against
 * tables built while generating them. */
static gunichar
random_char (void)
{
  switch (g_test_rand_int_range (0, 9))
    {
    case 0:
      return '\n';
    case 1:
      return '\r';
    case 2:
    case 3:
      return g_test_rand_int_range (0x20, 0x7F);
    case 4:
      return g_test_rand_int_range (0x80, 0x800);
    case 5:
      {
        gunichar c;

        do
          c = g_test_rand_int_range (0x800, 0x10000);
        while (c >= 0xD800 && c <= 0xDFFF);
        return c;
      }
    case 6:
      return 0x0301;  /* a combining mark */
    case 7:
      return 0x200D;  /* ZWJ */
    default:
      return g_test_rand_int_range (0x10000, 0x110000);
    }
}

static void
check_random_text (guint n_chars,
                   gboolean with_bom)
{
  g_autoptr(GString) text = g_string_new (with_bom ? BOM : "");
  g_autoptr(GArray) byte_of = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GArray) line_of = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) column_of = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GlossDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  gsize base = with_bom ? 3 : 0;
  guint line = 0;
  guint column = 0;
  gsize n_bytes;

  for (guint i = 0; i <= n_chars; i++)
    {
      gsize b = text->len - base;

      g_array_append_val (byte_of, b);
      g_array_append_val (line_of, line);
      g_array_append_val (column_of, column);

      if (i == n_chars)
        break;

      {
        gunichar c = random_char ();

        g_string_append_unichar (text, c);
        if (c == '\n')
          {
            line++;
            column = 0;
          }
        else
          column++;
      }
    }

  bytes = g_bytes_new (text->str, text->len);
  doc = gloss_document_new_from_bytes ("random.txt", bytes, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (gloss_document_get_length (doc), ==, n_chars);
  g_assert_cmpuint (gloss_document_get_line_count (doc), ==, line + 1);
  g_assert_cmpmem (gloss_document_get_text (doc, &n_bytes), text->len - base,
                   text->str + base, text->len - base);

  for (guint o = 0; o <= n_chars; o++)
    {
      gsize b = g_array_index (byte_of, gsize, o);
      guint l;
      guint c;

      g_assert_cmpuint (gloss_document_offset_to_byte (doc, o), ==, b);
      g_assert_cmpuint (gloss_document_byte_to_offset (doc, b), ==, o);

      /* Every byte inside the character maps back to it. */
      if (o < n_chars)
        for (gsize k = b + 1; k < g_array_index (byte_of, gsize, o + 1); k++)
          g_assert_cmpuint (gloss_document_byte_to_offset (doc, k), ==, o);

      gloss_document_offset_to_line_column (doc, o, &l, &c);
      g_assert_cmpuint (l, ==, g_array_index (line_of, guint, o));
      g_assert_cmpuint (c, ==, g_array_index (column_of, guint, o));
      g_assert_cmpuint (gloss_document_line_column_to_offset (doc, l, c), ==, o);
    }

  for (guint k = 0; k < 200; k++)
    {
      guint start = g_test_rand_int_range (0, n_chars + 1);
      guint end = g_test_rand_int_range (start, n_chars + 1);
      gsize sb = g_array_index (byte_of, gsize, start);
      gsize eb = g_array_index (byte_of, gsize, end);
      g_autofree char *expected = g_strndup (text->str + base + sb, eb - sb);

      assert_slice (doc, start, end, expected);
    }
}

static void
test_random_round_trips (void)
{
  check_random_text (0, FALSE);
  check_random_text (1, TRUE);
  for (guint i = 0; i < 40; i++)
    check_random_text (g_test_rand_int_range (0, 2000), g_test_rand_bit ());
  /* Around the checkpoint spacing. */
  for (guint n = 60; n < 70; n++)
    check_random_text (n, FALSE);
  for (guint n = 126; n < 131; n++)
    check_random_text (n, TRUE);
  check_random_text (50000, FALSE);
}

static void
test_large_lookups (void)
{
  /* A 10 MB text built from a unit whose byte layout is known:
   * "a" (1) "é" (2) "€" (3) "😀" (4) "\n" (1) = 5 code points, 11 bytes. */
  static const char unit[] = "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\n";
  static const gsize prefix[] = { 0, 1, 3, 6, 10 };
  const gsize unit_bytes = sizeof unit - 1;
  const guint n_units = 10 * 1000 * 1000 / unit_bytes;
  g_autoptr(GString) text = g_string_sized_new (n_units * unit_bytes + 1);
  g_autoptr(GlossDocument) doc = NULL;
  g_autoptr(GTimer) timer = NULL;
  guint length;
  double elapsed;

  for (guint i = 0; i < n_units; i++)
    g_string_append_len (text, unit, unit_bytes);

  timer = g_timer_new ();
  doc = doc_from_string ("large.txt", text->str, text->len);
  g_test_message ("loaded %" G_GSIZE_FORMAT " bytes in %.1f ms",
                  text->len, g_timer_elapsed (timer, NULL) * 1000);

  length = gloss_document_get_length (doc);
  g_assert_cmpuint (length, ==, n_units * 5);
  g_assert_cmpuint (gloss_document_get_line_count (doc), ==, n_units + 1);

  g_timer_start (timer);
  for (guint i = 0; i < 100000; i++)
    {
      guint o = g_test_rand_int_range (0, length);
      gsize b = (o / 5) * unit_bytes + prefix[o % 5];
      guint line;
      guint column;

      g_assert_cmpuint (gloss_document_offset_to_byte (doc, o), ==, b);
      g_assert_cmpuint (gloss_document_byte_to_offset (doc, b), ==, o);
      gloss_document_offset_to_line_column (doc, o, &line, &column);
      g_assert_cmpuint (line, ==, o / 5);
      g_assert_cmpuint (column, ==, o % 5);
    }
  elapsed = g_timer_elapsed (timer, NULL);
  g_test_message ("100000 offset/byte/line lookups in %.1f ms", elapsed * 1000);
  /* A linear scan per lookup would take minutes; this is a loose bound
   * that still holds under sanitizers. */
  g_assert_cmpfloat (elapsed, <, 5.0);
}

static void
test_invalid_utf8 (void)
{
  static const char data[] = "line one\nline two\nab\xFF" "cd";
  g_autoptr(GError) error = doc_error_from_string (data, sizeof data - 1);

  g_assert_error (error, GLOSS_DOCUMENT_ERROR, GLOSS_DOCUMENT_ERROR_INVALID_UTF8);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "report.txt: "));
  g_assert_nonnull (strstr (error->message, "byte 20"));
  g_assert_nonnull (strstr (error->message, "line 3"));
  g_assert_nonnull (strstr (error->message, "column 3"));
  g_assert_nonnull (strstr (error->message, "windows-1252"));
}

static void
test_invalid_utf8_after_bom (void)
{
  /* The byte offset counts the byte-order mark: it is a file position. */
  static const char data[] = BOM "\xC3\xA9t\xC3\xA9\n\xC3\xA9\xE9t\xC3\xA9";
  g_autoptr(GError) error = doc_error_from_string (data, sizeof data - 1);

  g_assert_error (error, GLOSS_DOCUMENT_ERROR, GLOSS_DOCUMENT_ERROR_INVALID_UTF8);
  g_assert_nonnull (strstr (error->message, "byte 11 "));
  g_assert_nonnull (strstr (error->message, "line 2,"));
  g_assert_nonnull (strstr (error->message, "column 2)"));
}

static void
test_truncated (void)
{
  /* The euro sign cut after two of its three bytes. */
  static const char data[] = "price: 5\xE2\x82";
  g_autoptr(GError) error = doc_error_from_string (data, sizeof data - 1);

  g_assert_error (error, GLOSS_DOCUMENT_ERROR, GLOSS_DOCUMENT_ERROR_INVALID_UTF8);
  g_assert_nonnull (strstr (error->message, "byte 8 "));
  g_assert_nonnull (strstr (error->message, "line 1,"));
  g_assert_nonnull (strstr (error->message, "column 9)"));
}

static void
test_nul (void)
{
  static const char data[] = "ab\ncd\0ef";
  g_autoptr(GError) error = doc_error_from_string (data, sizeof data - 1);

  g_assert_error (error, GLOSS_DOCUMENT_ERROR, GLOSS_DOCUMENT_ERROR_INVALID_UTF8);
  g_assert_nonnull (strstr (error->message, "NUL"));
  g_assert_nonnull (strstr (error->message, "byte 5 "));
  g_assert_nonnull (strstr (error->message, "line 2,"));
}

static void
test_overlong (void)
{
  /* "/" as two bytes and as three bytes: both must be refused. */
  static const char two[] = "x\xC0\xAF";
  static const char three[] = "xy\xE0\x80\xAF";
  g_autoptr(GError) error2 = doc_error_from_string (two, sizeof two - 1);
  g_autoptr(GError) error3 = doc_error_from_string (three, sizeof three - 1);

  g_assert_error (error2, GLOSS_DOCUMENT_ERROR, GLOSS_DOCUMENT_ERROR_INVALID_UTF8);
  g_assert_nonnull (strstr (error2->message, "byte 1 "));
  g_assert_error (error3, GLOSS_DOCUMENT_ERROR, GLOSS_DOCUMENT_ERROR_INVALID_UTF8);
  g_assert_nonnull (strstr (error3->message, "byte 2 "));
}

static void
test_surrogate (void)
{
  /* U+D800 encoded directly, as CESU-8 would. */
  static const char data[] = "abc\xED\xA0\x80";
  /* And a code point past U+10FFFF. */
  static const char beyond[] = "\xF4\x90\x80\x80";
  g_autoptr(GError) error = doc_error_from_string (data, sizeof data - 1);
  g_autoptr(GError) error_beyond = doc_error_from_string (beyond, sizeof beyond - 1);

  g_assert_error (error, GLOSS_DOCUMENT_ERROR, GLOSS_DOCUMENT_ERROR_INVALID_UTF8);
  g_assert_nonnull (strstr (error->message, "byte 3 "));
  g_assert_error (error_beyond, GLOSS_DOCUMENT_ERROR, GLOSS_DOCUMENT_ERROR_INVALID_UTF8);
  g_assert_nonnull (strstr (error_beyond->message, "byte 0 "));
}

static void
test_convert_windows_1252 (void)
{
  /* "café € “quoted”" in windows-1252. */
  static const char data[] = "caf\xE9 \x80 \x93quoted\x94";
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, sizeof data - 1);
  g_autoptr(GlossDocument) doc = NULL;
  g_autoptr(GError) error = NULL;

  doc = gloss_document_new_from_bytes_converted ("cp.txt", bytes, "windows-1252", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gloss_document_get_text (doc, NULL), ==,
                   "caf\xC3\xA9 \xE2\x82\xAC \xE2\x80\x9Cquoted\xE2\x80\x9D");
  g_assert_cmpuint (gloss_document_get_length (doc), ==, 15);
  assert_slice (doc, 5, 6, "\xE2\x82\xAC");
  /* sha256sum of the original windows-1252 bytes. */
  g_assert_cmpstr (gloss_document_get_sha256 (doc), ==,
                   "5ec8ee91ccfc343e081d49fc60c3f569741ab0cb4c5981cd791e7ed459e21522");

  /* The same bytes read as UTF-8 are refused, naming the first bad byte. */
  {
    g_autoptr(GError) utf8_error = doc_error_from_string (data, sizeof data - 1);

    g_assert_error (utf8_error, GLOSS_DOCUMENT_ERROR, GLOSS_DOCUMENT_ERROR_INVALID_UTF8);
    g_assert_nonnull (strstr (utf8_error->message, "byte 3 "));
  }
}

static void
test_convert_latin1 (void)
{
  static const char data[] = "\xE9t\xE9 \xE0 Z\xFCrich\n\xA9";
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, sizeof data - 1);
  g_autoptr(GlossDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                      (const guchar *) data, sizeof data - 1);

  doc = gloss_document_new_from_bytes_converted ("l1.txt", bytes, "ISO-8859-1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gloss_document_get_text (doc, NULL), ==,
                   "\xC3\xA9t\xC3\xA9 \xC3\xA0 Z\xC3\xBCrich\n\xC2\xA9");
  g_assert_cmpuint (gloss_document_get_length (doc), ==, 14);
  g_assert_cmpstr (gloss_document_get_sha256 (doc), ==, sha);
  assert_line_column (doc, 13, 1, 0);
  assert_slice (doc, 6, 12, "Z\xC3\xBCrich");
}

static void
test_convert_errors (void)
{
  /* 0x81 has no character in windows-1252. */
  static const char data[] = "abc\ndef\x81";
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, sizeof data - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) unknown = NULL;
  g_autoptr(GlossDocument) doc = NULL;

  doc = gloss_document_new_from_bytes_converted ("cp.txt", bytes, "windows-1252", &error);
  g_assert_null (doc);
  g_assert_error (error, GLOSS_DOCUMENT_ERROR, GLOSS_DOCUMENT_ERROR_CONVERSION);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "cp.txt: "));
  g_assert_nonnull (strstr (error->message, "byte 7 "));
  g_assert_nonnull (strstr (error->message, "windows-1252"));

  doc = gloss_document_new_from_bytes_converted ("cp.txt", bytes, "no-such-encoding-x", &unknown);
  g_assert_null (doc);
  g_assert_error (unknown, GLOSS_DOCUMENT_ERROR, GLOSS_DOCUMENT_ERROR_CONVERSION);
  g_assert_nonnull (strstr (unknown->message, "no-such-encoding-x"));
}

static void
test_convert_utf16 (void)
{
  /* UTF-16LE with a byte-order mark: "hé\n". The mark is not text. */
  static const char data[] = "\xFF\xFE" "h\0" "\xE9\0" "\n\0";
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, sizeof data - 1);
  g_autoptr(GlossDocument) doc = NULL;
  g_autoptr(GError) error = NULL;

  doc = gloss_document_new_from_bytes_converted ("u16.txt", bytes, "UTF-16", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gloss_document_get_text (doc, NULL), ==, "h\xC3\xA9\n");
  g_assert_cmpuint (gloss_document_get_length (doc), ==, 3);
}

static char *
write_tmp_file (const char  *contents,
                gsize        len,
                GFile      **out_file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileIOStream) stream = NULL;
  g_autoptr(GFile) file = NULL;

  file = g_file_new_tmp ("gloss-doc-XXXXXX.txt", &stream, &error);
  g_assert_no_error (error);
  g_io_stream_close (G_IO_STREAM (stream), NULL, &error);
  g_assert_no_error (error);
  g_file_replace_contents (file, contents, len, NULL, FALSE,
                           G_FILE_CREATE_NONE, NULL, NULL, &error);
  g_assert_no_error (error);

  *out_file = g_object_ref (file);
  return g_file_get_basename (file);
}

static void
test_load_file (void)
{
  static const char contents[] = BOM "Gloss test article.\n";
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) prop_file = NULL;
  g_autoptr(GlossDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *basename = write_tmp_file (contents, sizeof contents - 1, &file);

  doc = gloss_document_load (file, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gloss_document_get_name (doc), ==, basename);
  g_assert_true (gloss_document_get_file (doc) == file);
  g_object_get (doc, "file", &prop_file, NULL);
  g_assert_true (prop_file == file);
  g_assert_true (gloss_document_has_bom (doc));
  g_assert_cmpstr (gloss_document_get_text (doc, NULL), ==, "Gloss test article.\n");
  g_assert_cmpstr (gloss_document_get_sha256 (doc), ==,
                   "77255ad2feed597829c4fd7fa1e025c927350c604ed23d0a96e34d4037f30fce");

  g_file_delete (file, NULL, NULL);
}

static void
test_load_file_errors (void)
{
  static const char bad[] = "ok\n\xFF";
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) missing = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) missing_error = NULL;
  g_autoptr(GError) cancelled_error = NULL;
  g_autofree char *basename = write_tmp_file (bad, sizeof bad - 1, &file);
  g_autofree char *missing_path = NULL;
  GlossDocument *doc;

  doc = gloss_document_load (file, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, GLOSS_DOCUMENT_ERROR, GLOSS_DOCUMENT_ERROR_INVALID_UTF8);
  g_assert_true (g_str_has_prefix (error->message, basename));
  g_assert_nonnull (strstr (error->message, "byte 3 "));

  g_cancellable_cancel (cancellable);
  doc = gloss_document_load (file, cancellable, &cancelled_error);
  g_assert_null (doc);
  g_assert_error (cancelled_error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_file_delete (file, NULL, NULL);

  missing_path = g_build_filename (g_get_tmp_dir (), "gloss-no-such-article.txt", NULL);
  missing = g_file_new_for_path (missing_path);
  doc = gloss_document_load (missing, NULL, &missing_error);
  g_assert_null (doc);
  g_assert_error (missing_error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

static void
test_load_too_large (void)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *basename = write_tmp_file ("x", 1, &file);
  g_autofree char *path = g_file_get_path (file);
  GlossDocument *doc;

  /* A sparse file one byte over the limit: refused before it is read. */
  g_assert_cmpint (truncate (path, GLOSS_DOCUMENT_MAX_BYTES + 1), ==, 0);

  doc = gloss_document_load (file, NULL, &error);
  g_assert_null (doc);
  g_assert_error (error, GLOSS_DOCUMENT_ERROR, GLOSS_DOCUMENT_ERROR_TOO_LARGE);
  g_assert_true (g_str_has_prefix (error->message, basename));

  g_file_delete (file, NULL, NULL);
}

typedef struct
{
  GMainLoop     *loop;
  GlossDocument *doc;
  GError        *error;
} AsyncData;

static void
load_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  AsyncData *data = user_data;

  g_assert_null (source);
  data->doc = gloss_document_load_finish (result, &data->error);
  g_main_loop_quit (data->loop);
}

static void
test_load_async (void)
{
  static const char contents[] = "first\r\nsecond \xF0\x9F\x98\x80\n";
  g_autoptr(GFile) file = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *basename = write_tmp_file (contents, sizeof contents - 1, &file);
  g_autofree char *sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                      (const guchar *) contents,
                                                      sizeof contents - 1);
  AsyncData data = { loop, NULL, NULL };

  gloss_document_load_async (file, NULL, load_cb, &data);
  g_main_loop_run (loop);
  g_assert_no_error (data.error);
  g_assert_nonnull (data.doc);
  g_assert_cmpstr (gloss_document_get_name (data.doc), ==, basename);
  g_assert_cmpuint (gloss_document_get_length (data.doc), ==, 16);
  g_assert_cmpuint (gloss_document_get_line_count (data.doc), ==, 3);
  g_assert_cmpstr (gloss_document_get_sha256 (data.doc), ==, sha);
  assert_slice (data.doc, 14, 15, "\xF0\x9F\x98\x80");
  g_clear_object (&data.doc);

  /* Cancelled before it starts: the callback still runs, with an error. */
  g_cancellable_cancel (cancellable);
  gloss_document_load_async (file, cancellable, load_cb, &data);
  g_main_loop_run (loop);
  g_assert_null (data.doc);
  g_assert_error (data.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&data.error);

  g_file_delete (file, NULL, NULL);
}

static void
test_out_of_range (void)
{
  /* "h€llo" + "\n" + "x" */
  g_autoptr(GlossDocument) doc = doc_from_string ("r.txt", "h\xE2\x82\xACllo\nx", -1);
  gsize n_bytes = 0;

  gloss_document_get_text (doc, &n_bytes);
  g_assert_cmpuint (gloss_document_get_length (doc), ==, 7);

  /* Offsets and byte indexes past the end are clamped to the end. */
  g_assert_cmpuint (gloss_document_offset_to_byte (doc, 7), ==, n_bytes);
  g_assert_cmpuint (gloss_document_offset_to_byte (doc, 1000), ==, n_bytes);
  g_assert_cmpuint (gloss_document_byte_to_offset (doc, n_bytes), ==, 7);
  g_assert_cmpuint (gloss_document_byte_to_offset (doc, n_bytes + 50), ==, 7);
  assert_slice (doc, 4, 100, "o\nx");
  assert_slice (doc, 50, 100, "");
  assert_line_column (doc, 7, 1, 1);
  {
    guint line;
    guint column;

    gloss_document_offset_to_line_column (doc, 500, &line, &column);
    g_assert_cmpuint (line, ==, 1);
    g_assert_cmpuint (column, ==, 1);
  }

  /* A start after its end is a programming error. */
  if (g_test_undefined ())
    {
      g_test_expect_message ("gloss-document", G_LOG_LEVEL_CRITICAL, "*start <= end*");
      g_assert_null (gloss_document_get_slice (doc, 3, 2, NULL));
      g_test_assert_expected_messages ();

      g_test_expect_message ("gloss-document", G_LOG_LEVEL_CRITICAL, "*start <= end*");
      g_assert_null (gloss_document_dup_slice (doc, 3, 2));
      g_test_assert_expected_messages ();

      g_test_expect_message ("gloss-document", G_LOG_LEVEL_CRITICAL, "*start <= end*");
      g_assert_false (gloss_document_slice_equal (doc, 3, 2, "", 0));
      g_test_assert_expected_messages ();
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/document/ascii", test_ascii);
  g_test_add_func ("/document/empty", test_empty);
  g_test_add_func ("/document/sha256", test_sha256);
  g_test_add_func ("/document/bom", test_bom);
  g_test_add_func ("/document/crlf", test_crlf);
  g_test_add_func ("/document/emoji", test_emoji);
  g_test_add_func ("/document/combining", test_combining);
  g_test_add_func ("/document/rtl", test_rtl);
  g_test_add_func ("/document/random-round-trips", test_random_round_trips);
  g_test_add_func ("/document/large-lookups", test_large_lookups);
  g_test_add_func ("/document/out-of-range", test_out_of_range);
  g_test_add_func ("/document/error/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/document/error/invalid-utf8-after-bom", test_invalid_utf8_after_bom);
  g_test_add_func ("/document/error/truncated", test_truncated);
  g_test_add_func ("/document/error/nul", test_nul);
  g_test_add_func ("/document/error/overlong", test_overlong);
  g_test_add_func ("/document/error/surrogate", test_surrogate);
  g_test_add_func ("/document/convert/windows-1252", test_convert_windows_1252);
  g_test_add_func ("/document/convert/latin1", test_convert_latin1);
  g_test_add_func ("/document/convert/utf16", test_convert_utf16);
  g_test_add_func ("/document/convert/errors", test_convert_errors);
  g_test_add_func ("/document/load/sync", test_load_file);
  g_test_add_func ("/document/load/errors", test_load_file_errors);
  g_test_add_func ("/document/load/too-large", test_load_too_large);
  g_test_add_func ("/document/load/async", test_load_async);

  return g_test_run ();
}
