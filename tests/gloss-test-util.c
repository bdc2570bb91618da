/* gloss-test-util.c: what the tests share for their files and annotations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "gloss-test-util.h"

char *
gloss_test_source_path (const char *first,
                        ...)
{
  const char *root = g_getenv ("GLOSS_SOURCE_ROOT");
  g_autoptr(GPtrArray) parts = g_ptr_array_new ();
  va_list args;

  g_assert_nonnull (root);
  g_ptr_array_add (parts, (gpointer) root);
  va_start (args, first);
  for (const char *p = first; p != NULL; p = va_arg (args, const char *))
    g_ptr_array_add (parts, (gpointer) p);
  va_end (args);
  g_ptr_array_add (parts, NULL);
  return g_build_filenamev ((char **) parts->pdata);
}

char *
gloss_test_copy_sample_corpus (const char *prefix)
{
  g_autofree char *source = gloss_test_source_path ("data", "sample-corpus", NULL);
  g_autofree char *template = g_strdup_printf ("%s-XXXXXX", prefix);
  g_autofree char *parent = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  char *target;
  const char *name;

  parent = g_dir_make_tmp (template, &error);
  g_assert_no_error (error);
  /* Named as the sample is: the window shows the folder's name. */
  target = g_build_filename (parent, "sample-corpus", NULL);
  g_assert_cmpint (g_mkdir (target, 0700), ==, 0);

  dir = g_dir_open (source, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *from = g_build_filename (source, name, NULL);
      g_autofree char *to = g_build_filename (target, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      if (!g_file_test (from, G_FILE_TEST_IS_REGULAR))
        continue;
      g_file_get_contents (from, &contents, &length, &error);
      g_assert_no_error (error);
      g_file_set_contents (to, contents, length, &error);
      g_assert_no_error (error);
    }
  return target;
}

void
gloss_test_remove_sample_corpus (const char *corpus)
{
  g_autofree char *parent = g_path_get_dirname (corpus);

  gloss_test_remove_tree (parent);
}

void
gloss_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR) || g_file_test (path, G_FILE_TEST_IS_SYMLINK))
    {
      g_unlink (path);
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      gloss_test_remove_tree (child);
    }
  g_rmdir (path);
}

GlossAnnotation *
gloss_test_add_entity (GlossAnnotationSet *set,
                       const char         *type,
                       guint               start,
                       guint               end)
{
  g_autoptr(GError) error = NULL;
  GlossAnnotation *entity = gloss_annotation_set_add_entity (set, type, start, end, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entity);
  return entity;
}

GlossAnnotation *
gloss_test_add_claim (GlossAnnotationSet *set,
                      guint               start,
                      guint               end)
{
  g_autoptr(GError) error = NULL;
  GlossAnnotation *claim = gloss_annotation_set_add_claim (set, start, end, &error);

  g_assert_no_error (error);
  g_assert_nonnull (claim);
  return claim;
}
