/* fuzz-replay.c: run a libFuzzer harness over saved inputs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Linked with any fuzz-*.c harness when the build is not a fuzzing build,
 * so that each corpus runs as an ordinary regression test:
 *
 *   fuzz-document tests/fuzz/corpus/fuzz-document [more files or folders]
 *
 * Folders are read recursively, files in name order so that runs repeat.
 */
#define G_LOG_DOMAIN "gloss-fuzz-replay"

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* Optional, as with libFuzzer: a harness may define it to set itself up. */
int LLVMFuzzerInitialize (int    *argc,
                          char ***argv) __attribute__ ((weak));

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
replay_file (const char *path,
             guint      *n_inputs)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  uint8_t *copy;

  if (!g_file_get_contents (path, &contents, &length, &error))
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }

  /* An exact-size copy, so that a harness reading past the end is caught
   * by the sanitizers as it would be under libFuzzer. */
  copy = g_memdup2 (contents, length);
  LLVMFuzzerTestOneInput (copy, length);
  g_free (copy);

  (*n_inputs)++;
  return TRUE;
}

static gboolean
replay_path (const char *path,
             guint      *n_inputs)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    return replay_file (path, n_inputs);

  dir = g_dir_open (path, 0, &error);
  if (dir == NULL)
    {
      g_printerr ("%s\n", error->message);
      return FALSE;
    }

  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      /* Skip editor and VCS leftovers such as .gitignore. */
      if (name[0] == '.')
        continue;
      g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *child = g_build_filename (path, g_ptr_array_index (names, i), NULL);

      if (!replay_path (child, n_inputs))
        return FALSE;
    }

  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  guint n_inputs = 0;

  if (argc < 2)
    {
      g_printerr ("Usage: %s FILE-OR-FOLDER...\n", argv[0]);
      return 2;
    }

  if (LLVMFuzzerInitialize != NULL)
    LLVMFuzzerInitialize (&argc, &argv);

  for (int i = 1; i < argc; i++)
    {
      if (!replay_path (argv[i], &n_inputs))
        return 1;
    }

  g_print ("replayed %u inputs\n", n_inputs);

  return 0;
}
