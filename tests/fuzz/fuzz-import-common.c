/* fuzz-import-common.c: what the importers' fuzz harnesses check
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-fuzz-import"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "gloss-annotation-set.h"
#include "gloss-sidecar.h"
#include "gloss-tagset.h"
#include "gloss-xml.h"

#include "fuzz-import-common.h"

/* abort () rather than g_error (), which traps: libFuzzer keeps the input
 * of an abort. */
#define fail(...) \
  G_STMT_START { g_printerr (__VA_ARGS__); g_printerr ("\n"); abort (); } G_STMT_END

/* Whatever a reader hands over is a valid set that saves and reloads. */
gboolean
fuzz_import_check_document (GlossImportedDocument *document,
                            gpointer               user_data,
                            GError               **error)
{
  g_autoptr(GlossImportedDocument) doc = document;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) saved = NULL;
  g_autoptr(GlossAnnotationSet) again = NULL;
  g_autoptr(GError) local_error = NULL;

  if (doc->name == NULL || strchr (doc->name, '/') != NULL || doc->name[0] == '.'
      || !g_str_has_suffix (doc->name, ".txt"))
    fail ("unusable article name “%s”", doc->name);
  for (guint i = 0; i < doc->warnings->len; i++)
    if (strstr (g_ptr_array_index (doc->warnings, i), ": ") == NULL)
      fail ("a warning without a place: %s", (const char *) g_ptr_array_index (doc->warnings, i));
  if (doc->annotations == NULL)
    return TRUE;
  if (!gloss_annotation_set_validate (doc->annotations, problems))
    fail ("an imported set does not validate: %s", (const char *) g_ptr_array_index (problems, 0));
  saved = gloss_sidecar_to_bytes (doc->annotations, &local_error);
  if (saved == NULL)
    fail ("an imported set does not save: %s", local_error->message);
  again = gloss_sidecar_load_bytes (saved, "saved.gloss.xml", doc->document,
                                    gloss_annotation_set_get_tagset (doc->annotations), NULL,
                                    &local_error);
  if (again == NULL)
    fail ("an imported set does not reload: %s", local_error->message);
  if (gloss_annotation_set_get_size (again) != gloss_annotation_set_get_size (doc->annotations))
    fail ("a reload has %u annotations instead of %u", gloss_annotation_set_get_size (again),
          gloss_annotation_set_get_size (doc->annotations));
  return TRUE;
}

void
fuzz_import_check_failure (const GError *error,
                           const char   *filename)
{
  if (error == NULL || error->domain != GLOSS_IMPORT_ERROR
      || !g_str_has_prefix (error->message, filename))
    fail ("a failed import gave no proper error: %s", error != NULL ? error->message : "(none)");
}

void
fuzz_import_init_options (GlossImportOptions *options,
                          size_t              size)
{
  static gboolean initialised;

  if (!initialised)
    {
      gloss_xml_init ();
      initialised = TRUE;
    }
  memset (options, 0, sizeof *options);
  options->tagset = gloss_tagset_get_default ();
  options->annotator_id = "fuzz";
  /* Vary the switches with the input so that both paths are explored. */
  options->skip_unknown_types = size % 2 == 1;
  options->cover_discontinuous = size % 3 == 0;
  options->conll_lenient = size % 5 < 2;
}
