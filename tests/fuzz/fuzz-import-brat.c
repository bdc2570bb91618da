/* fuzz-import-brat.c: any .ann beside a fixed article either imports as a
 * valid set or fails with an import error that names the .ann file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-fuzz-import"

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gloss-annotation-set.h"
#include "gloss-import.h"
#include "gloss-sidecar.h"
#include "gloss-tagset.h"
#include "gloss-xml.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* abort () rather than g_error (), which traps: libFuzzer keeps the input
 * of an abort. */
#define fail(...) \
  G_STMT_START { g_printerr (__VA_ARGS__); g_printerr ("\n"); abort (); } G_STMT_END

/* Whatever a reader hands over is a valid set that saves and reloads. */
static gboolean
check_document (GlossImportedDocument *document,
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

static void
check_failure (const GError *error,
               const char   *filename)
{
  if (error == NULL || error->domain != GLOSS_IMPORT_ERROR
      || !g_str_has_prefix (error->message, filename))
    fail ("a failed import gave no proper error: %s", error != NULL ? error->message : "(none)");
}

static void
init_options (GlossImportOptions *options,
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

/* An article with a combining mark, an emoji flag, CRLF and Arabic: the
 * seeds in corpus/fuzz-import-brat annotate it. */
static const char article[] =
  "Zoe\xCC\x88 Ndiaye said the \xF0\x9F\x87\xBA\xF0\x9F\x87\xB3 envoy arrived in Cairo.\r\n"
  "\xD8\xB1\xD8\xA6\xD9\x8A\xD8\xB3 \xD9\x82\xD8\xA7\xD9\x84.\r\n";

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) text = g_bytes_new_static (article, strlen (article));
  g_autoptr(GBytes) ann = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  GlossImportOptions options;

  init_options (&options, size);
  if (!gloss_import_brat (text, "fuzz.txt", ann, "fuzz.ann", &options, check_document, NULL,
                          &error))
    check_failure (error, "fuzz.ann");
  return 0;
}
