/* fuzz-sidecar.c: any bytes either load as a sidecar that saves and
 * reloads to the same annotations, or fail with a sidecar error that
 * names the file; a read in chunks (forced on these small inputs) gives
 * exactly what one reader gives, or the same error; and libxml2's RelaxNG
 * validator accepts and refuses the same files as the check of the
 * schema that reads them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-fuzz-sidecar"

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gloss-annotation-set.h"
#include "gloss-document.h"
#include "gloss-sidecar.h"
#include "gloss-tagset.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* The article every input is read against: a form feed (which XML cannot
 * carry, so quotes replace it), an emoji flag, a combining mark, CRLF.
 * The seeds in corpus/fuzz-sidecar quote it, with its SHA-256. */
static const char article[] =
  "Alice met Bob in Paris on Monday.\n"
  "\x0c"
  "Zoe\xCC\x88 said \xF0\x9F\x87\xBA\xF0\x9F\x87\xB3 would act.\r\n";

/* abort () rather than g_error (), which traps: libFuzzer keeps the input
 * of an abort. */
#define fail(...) \
  G_STMT_START { g_printerr (__VA_ARGS__); g_printerr ("\n"); abort (); } G_STMT_END

static GlossDocument *document;
static GlossTagset *tagset;

static void
setup (void)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  if (document != NULL)
    return;
  bytes = g_bytes_new_static (article, strlen (article));
  document = gloss_document_new_from_bytes ("meeting.txt", bytes, &error);
  if (document == NULL)
    fail ("the fuzzing article does not load: %s", error->message);
  tagset = gloss_tagset_get_default ();
}

static void
check_lists (GListModel *a,
             GListModel *b)
{
  guint n = g_list_model_get_n_items (a);

  if (n != g_list_model_get_n_items (b))
    fail ("a reload has %u annotations instead of %u", g_list_model_get_n_items (b), n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GlossAnnotation) x = g_list_model_get_item (a, i);
      g_autoptr(GlossAnnotation) y = g_list_model_get_item (b, i);

      if (!gloss_annotation_equal (x, y))
        fail ("annotation %s changed in a save and reload", gloss_annotation_get_id (x));
    }
}

/* Chunks for every file, however small (see gloss-sidecar.c). */
void _gloss_sidecar_force_chunks (gsize min_bytes,
                                  guint n_chunks);

/* Every file read by the reader and libxml2's RelaxNG validator rather
 * than by SAX and the check of the schema in gloss-sidecar-sax.c. */
void _gloss_sidecar_force_reader (gboolean force);

/* Checks a second load of the same input (@what) against the first (@set,
 * @report, @error). The messages must be the same when @same_message. */
static void
check_same (const char         *what,
            GlossAnnotationSet *set,
            GlossSidecarReport *report,
            const GError       *error,
            GlossAnnotationSet *other,
            GlossSidecarReport *other_report,
            const GError       *other_error,
            gboolean            same_message)
{
  if (set == NULL)
    {
      if (other != NULL)
        fail ("%s loads what a load of the whole file refuses: %s", what, error->message);
      if (same_message
          && (other_error->code != error->code || strcmp (other_error->message, error->message) != 0))
        fail ("%s says “%s” (code %d), a load of the whole file “%s” (code %d)", what,
              other_error->message, other_error->code, error->message, error->code);
      if (!same_message && !g_str_has_prefix (other_error->message, "fuzz.gloss.xml"))
        fail ("%s gives no proper error: %s", what, other_error->message);
      return;
    }
  if (other == NULL)
    fail ("%s refuses what a load of the whole file loads: %s", what, other_error->message);
  {
    g_autoptr(GBytes) a = gloss_sidecar_to_bytes (set, NULL);
    g_autoptr(GBytes) b = gloss_sidecar_to_bytes (other, NULL);

    if (a == NULL || b == NULL || !g_bytes_equal (a, b))
      fail ("%s reads other annotations than a load of the whole file", what);
  }
  if (report->n_anchored != other_report->n_anchored
      || report->n_unanchored != other_report->n_unanchored
      || report->source_changed != other_report->source_changed
      || report->source_length != other_report->source_length
      || g_strcmp0 (report->source_sha256, other_report->source_sha256) != 0
      || g_strcmp0 (report->source_name, other_report->source_name) != 0
      || report->warnings->len != other_report->warnings->len)
    fail ("%s gives another report than a load of the whole file", what);
  for (guint i = 0; i < report->warnings->len; i++)
    if (strcmp (g_ptr_array_index (report->warnings, i),
                g_ptr_array_index (other_report->warnings, i)) != 0)
      fail ("%s warns “%s” where a load of the whole file warns “%s”", what,
            (const char *) g_ptr_array_index (other_report->warnings, i),
            (const char *) g_ptr_array_index (report->warnings, i));
}

/* Loads @input in @n_chunks chunks and checks the result against the
 * single reader's (@set, @report, @error): the same, message for message. */
static void
check_chunked (GBytes             *input,
               guint               n_chunks,
               GlossAnnotationSet *set,
               GlossSidecarReport *report,
               const GError       *error)
{
  g_autoptr(GlossSidecarReport) chunked_report = NULL;
  g_autoptr(GlossAnnotationSet) chunked = NULL;
  g_autoptr(GError) chunked_error = NULL;
  g_autofree char *what = g_strdup_printf ("%u chunks", n_chunks);

  _gloss_sidecar_force_chunks (1, n_chunks);
  chunked = gloss_sidecar_load_bytes (input, "fuzz.gloss.xml", document, tagset,
                                      &chunked_report, &chunked_error);
  _gloss_sidecar_force_chunks (G_MAXSIZE, 0);
  check_same (what, set, report, error, chunked, chunked_report, chunked_error, TRUE);
}

/* Every file started by the SAX producer, even one with comments (which
 * it then reads) or extensions (which it hands over to the reader). */
void _gloss_sidecar_force_sax (gboolean force);

/* Loads @input again with @force (one of the two above) set, and checks
 * that it loads the same or refuses it too. The messages may differ: the
 * RelaxNG validator words its own, and may find another of two problems
 * first. */
static void
check_route (const char         *what,
             void              (*force) (gboolean),
             GBytes             *input,
             GlossAnnotationSet *set,
             GlossSidecarReport *report,
             const GError       *error)
{
  g_autoptr(GlossSidecarReport) other_report = NULL;
  g_autoptr(GlossAnnotationSet) other = NULL;
  g_autoptr(GError) other_error = NULL;

  force (TRUE);
  other = gloss_sidecar_load_bytes (input, "fuzz.gloss.xml", document, tagset, &other_report,
                                    &other_error);
  force (FALSE);
  check_same (what, set, report, error, other, other_report, other_error, FALSE);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) input = g_bytes_new (data, size);
  g_autoptr(GlossSidecarReport) report = NULL;
  g_autoptr(GlossSidecarReport) report2 = NULL;
  g_autoptr(GlossAnnotationSet) set = NULL;
  g_autoptr(GlossAnnotationSet) again = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *source = NULL;
  g_autofree char *annotator = NULL;

  setup ();

  /* Peeking never crashes either, and agrees with a full load. */
  if (gloss_sidecar_peek_bytes (input, "fuzz.gloss.xml", &source, &annotator, &error))
    g_assert (source != NULL && annotator != NULL);
  else
    g_assert (error != NULL && error->domain == GLOSS_SIDECAR_ERROR);
  g_clear_error (&error);

  /* One reader first, then chunks. */
  _gloss_sidecar_force_chunks (G_MAXSIZE, 0);
  set = gloss_sidecar_load_bytes (input, "fuzz.gloss.xml", document, tagset, &report, &error);
  check_chunked (input, 2, set, report, error);
  check_chunked (input, 3, set, report, error);
  check_route ("the RelaxNG validator", _gloss_sidecar_force_reader, input, set, report, error);
  check_route ("SAX first", _gloss_sidecar_force_sax, input, set, report, error);
  if (set == NULL)
    {
      if (error == NULL || error->domain != GLOSS_SIDECAR_ERROR
          || !g_str_has_prefix (error->message, "fuzz.gloss.xml"))
        fail ("a failed load gave no proper error: %s", error != NULL ? error->message : "(none)");
      return 0;
    }
  g_assert (report != NULL);
  if (source == NULL || g_strcmp0 (annotator, gloss_annotation_set_get_annotator_id (set)) != 0)
    fail ("peek and load disagree on the annotator");
  if (report->n_anchored + report->n_unanchored
      != g_list_model_get_n_items (gloss_annotation_set_get_entities (set))
         + g_list_model_get_n_items (gloss_annotation_set_get_claims (set)))
    fail ("the report counts %u spans", report->n_anchored + report->n_unanchored);

  first = gloss_sidecar_to_bytes (set, &error);
  if (first == NULL)
    fail ("a loaded set does not save: %s", error->message);

  again = gloss_sidecar_load_bytes (first, "saved.gloss.xml", document, tagset, &report2, &error);
  if (again == NULL)
    fail ("a saved set does not reload: %s\n%.*s", error->message,
             (int) g_bytes_get_size (first), (const char *) g_bytes_get_data (first, NULL));

  if (g_strcmp0 (gloss_annotation_set_get_annotator_name (set),
                 gloss_annotation_set_get_annotator_name (again)) != 0
      || g_strcmp0 (gloss_annotation_set_get_tagset_id (set),
                    gloss_annotation_set_get_tagset_id (again)) != 0
      || g_strcmp0 (gloss_annotation_set_get_tagset_version (set),
                    gloss_annotation_set_get_tagset_version (again)) != 0)
    fail ("the header changed in a save and reload");
  check_lists (gloss_annotation_set_get_entities (set), gloss_annotation_set_get_entities (again));
  check_lists (gloss_annotation_set_get_claims (set), gloss_annotation_set_get_claims (again));
  check_lists (gloss_annotation_set_get_relations (set), gloss_annotation_set_get_relations (again));
  if (report->warnings->len != report2->warnings->len)
    fail ("%u extensions were kept, %u came back", report->warnings->len, report2->warnings->len);

  second = gloss_sidecar_to_bytes (again, &error);
  if (second == NULL || !g_bytes_equal (first, second))
    fail ("a second save differs from the first");

  return 0;
}
