/* test-sha256.c: the article hash, with and without the processor's SHA
 * instructions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-sha256"

#include "config.h"

#include <string.h>

#include "gloss-sha256-private.h"

/* FIPS 180-2 examples. */
static void
test_known_digests (void)
{
  static const struct
  {
    const char *text;
    const char *digest;
  } cases[] = {
    { "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
    { "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
    { "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
  };

  for (int portable = 0; portable < 2; portable++)
    {
      _gloss_sha256_force_portable (portable);
      for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
        {
          g_autofree char *digest = _gloss_sha256_hex ((const guint8 *) cases[i].text,
                                                       strlen (cases[i].text));

          g_assert_cmpstr (digest, ==, cases[i].digest);
        }
    }
  _gloss_sha256_force_portable (FALSE);
}

/* Every length from 0 to 300 bytes (all the ways the padding falls) and a
 * few large ones, on random bytes, against GChecksum. */
static void
test_against_gchecksum (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261122);
  gsize max = 3 * 1024 * 1024 + 77;
  /* Room for the unaligned starts below. */
  g_autofree guint8 *data = g_malloc (max + 8);
  const gsize big[] = { 4096, 65536 + 13, 1000003, max };

  for (gsize i = 0; i < max + 8; i++)
    data[i] = (guint8) g_rand_int (rand);

  for (gsize len = 0; len <= 300 + G_N_ELEMENTS (big); len++)
    {
      gsize n = len <= 300 ? len : big[len - 301];
      /* An unaligned start too. */
      const guint8 *start = data + (len % 7);
      g_autofree char *expected = g_compute_checksum_for_data (G_CHECKSUM_SHA256, start, n);
      g_autofree char *got = _gloss_sha256_hex (start, n);

      if (g_strcmp0 (got, expected) != 0)
        g_error ("length %" G_GSIZE_FORMAT ": %s instead of %s", n, got, expected);
    }
}

/* Says which path the other tests took, so that a machine without the
 * instructions is visible in the log. */
static void
test_path (void)
{
  if (!_gloss_sha256_uses_cpu ())
    g_test_message ("the processor has no SHA instructions: the portable code was compared with itself");
  _gloss_sha256_force_portable (TRUE);
  g_assert_false (_gloss_sha256_uses_cpu ());
  _gloss_sha256_force_portable (FALSE);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/sha256/known-digests", test_known_digests);
  g_test_add_func ("/sha256/against-gchecksum", test_against_gchecksum);
  g_test_add_func ("/sha256/path", test_path);

  return g_test_run ();
}
