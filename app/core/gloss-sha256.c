/* gloss-sha256.c: SHA-256 of an article, with the processor's SHA
 * instructions when it has them
 *
 * Every article is hashed when it is opened (the sidecar records the hash,
 * and a changed article must be noticed), so an export of a corpus hashes
 * every article of it. GChecksum's portable code costs about as much as
 * parsing the article's sidecar; the x86 SHA extensions (Intel since Ice
 * Lake and Goldmont, AMD since Zen) do the same work in a fraction of the
 * time. Where they are missing, or on another architecture, GChecksum
 * computes the hash. Both give the same lower-case hex digest; the tests
 * compare them on many lengths.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-sha256"

#include "config.h"

#include <string.h>

#include "gloss-sha256-private.h"

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define HAVE_SHA_NI_CODE 1
#include <cpuid.h>
#include <immintrin.h>
#endif

static gboolean forced_portable;

void
_gloss_sha256_force_portable (gboolean portable)
{
  g_atomic_int_set (&forced_portable, portable);
}

#ifdef HAVE_SHA_NI_CODE

static const guint32 round_constants[64] = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static gboolean
cpu_has_sha (void)
{
  static gsize answer = 0;

  if (g_once_init_enter (&answer))
    {
      unsigned int eax, ebx, ecx, edx;
      gboolean sha = FALSE, ssse3 = FALSE, sse41 = FALSE;

      if (__get_cpuid (1, &eax, &ebx, &ecx, &edx))
        {
          ssse3 = (ecx & bit_SSSE3) != 0;
          sse41 = (ecx & bit_SSE4_1) != 0;
        }
      if (__get_cpuid_count (7, 0, &eax, &ebx, &ecx, &edx))
        sha = (ebx & (1u << 29)) != 0;
      /* 1: portable code; 2: SHA extensions. */
      g_once_init_leave (&answer, sha && ssse3 && sse41 ? 2 : 1);
    }
  return answer == 2;
}

/* The compression function over @n_blocks blocks of 64 bytes. The state
 * lives in two registers in the order the SHA instructions want it:
 * (A, B, E, F) and (C, D, G, H). */
__attribute__ ((target ("sha,ssse3,sse4.1")))
static void
compress_sha_ni (guint32       state[8],
                 const guint8 *data,
                 gsize         n_blocks)
{
  const __m128i byte_swap = _mm_set_epi64x (0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
  __m128i dcba = _mm_loadu_si128 ((const __m128i *) &state[0]);
  __m128i hgfe = _mm_loadu_si128 ((const __m128i *) &state[4]);
  __m128i cdab = _mm_shuffle_epi32 (dcba, 0xB1);
  __m128i efgh = _mm_shuffle_epi32 (hgfe, 0x1B);
  __m128i abef = _mm_alignr_epi8 (cdab, efgh, 8);
  __m128i cdgh = _mm_blend_epi16 (efgh, cdab, 0xF0);

  for (; n_blocks > 0; n_blocks--, data += 64)
    {
      __m128i abef_before = abef;
      __m128i cdgh_before = cdgh;
      __m128i w[16];

      for (guint i = 0; i < 16; i++)
        {
          __m128i k;

          /* Four words of the message schedule at a time. */
          if (i < 4)
            w[i] = _mm_shuffle_epi8 (_mm_loadu_si128 ((const __m128i *) (data + 16 * i)),
                                     byte_swap);
          else
            w[i] = _mm_sha256msg2_epu32 (_mm_add_epi32 (_mm_sha256msg1_epu32 (w[i - 4], w[i - 3]),
                                                        _mm_alignr_epi8 (w[i - 1], w[i - 2], 4)),
                                         w[i - 1]);

          k = _mm_add_epi32 (w[i], _mm_loadu_si128 ((const __m128i *) &round_constants[4 * i]));
          cdgh = _mm_sha256rnds2_epu32 (cdgh, abef, k);
          abef = _mm_sha256rnds2_epu32 (abef, cdgh, _mm_shuffle_epi32 (k, 0x0E));
        }

      abef = _mm_add_epi32 (abef, abef_before);
      cdgh = _mm_add_epi32 (cdgh, cdgh_before);
    }

  {
    __m128i feba = _mm_shuffle_epi32 (abef, 0x1B);
    __m128i dchg = _mm_shuffle_epi32 (cdgh, 0xB1);

    _mm_storeu_si128 ((__m128i *) &state[0], _mm_blend_epi16 (feba, dchg, 0xF0));
    _mm_storeu_si128 ((__m128i *) &state[4], _mm_alignr_epi8 (dchg, feba, 8));
  }
}

static char *
sha256_hex_sha_ni (const guint8 *data,
                   gsize         len)
{
  static const char hex[] = "0123456789abcdef";
  guint32 state[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
  };
  guint8 tail[128];
  gsize full = len / 64;
  gsize rest = len - full * 64;
  gsize tail_len = rest < 56 ? 64 : 128;
  guint64 bits = (guint64) len * 8;
  char *digest = g_malloc (65);

  compress_sha_ni (state, data, full);

  /* The last bytes, a 1 bit, zeros and the length in bits, big-endian. */
  memset (tail, 0, sizeof tail);
  if (rest > 0)
    memcpy (tail, data + full * 64, rest);
  tail[rest] = 0x80;
  for (guint i = 0; i < 8; i++)
    tail[tail_len - 1 - i] = (guint8) (bits >> (8 * i));
  compress_sha_ni (state, tail, tail_len / 64);

  for (guint i = 0; i < 8; i++)
    for (guint b = 0; b < 4; b++)
      {
        guint8 byte = (guint8) (state[i] >> (24 - 8 * b));

        digest[8 * i + 2 * b] = hex[byte >> 4];
        digest[8 * i + 2 * b + 1] = hex[byte & 0xF];
      }
  digest[64] = '\0';
  return digest;
}

#endif /* HAVE_SHA_NI_CODE */

gboolean
_gloss_sha256_uses_cpu (void)
{
#ifdef HAVE_SHA_NI_CODE
  return !g_atomic_int_get (&forced_portable) && cpu_has_sha ();
#else
  return FALSE;
#endif
}

char *
_gloss_sha256_hex (const guint8 *data,
                   gsize         len)
{
  g_return_val_if_fail (data != NULL || len == 0, NULL);

#ifdef HAVE_SHA_NI_CODE
  if (_gloss_sha256_uses_cpu ())
    return sha256_hex_sha_ni (data != NULL ? data : (const guint8 *) "", len);
#endif
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, data != NULL ? data : (const guint8 *) "",
                                      len);
}
