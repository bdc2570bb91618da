/* gloss-import-text.c: plain text articles, checked or converted to UTF-8
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-import"

#include "config.h"

#include "gloss-import-private.h"

gboolean
gloss_import_text (GBytes                   *bytes,
                   const char               *filename,
                   const GlossImportOptions *options,
                   GlossImportFunc           func,
                   gpointer                  user_data,
                   GError                  **error)
{
  g_autoptr(GlossDocument) document = NULL;
  g_autofree char *name = NULL;
  GlossImportedDocument *result;

  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (filename != NULL, FALSE);
  g_return_val_if_fail (options != NULL && GLOSS_IS_TAGSET (options->tagset), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = _gloss_import_article_name (filename, NULL);
  if (name == NULL)
    {
      _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, filename, 0,
                               "cannot make an article name from this file name");
      return FALSE;
    }
  document = _gloss_import_load_text (bytes, name, filename, options->encoding, error);
  if (document == NULL)
    return FALSE;

  result = _gloss_import_document_new (name, document);
  /* An empty sidecar only when an annotator was named: it puts the article
   * on that annotator's list. */
  if (options->annotator_id != NULL)
    {
      result->annotations = _gloss_import_new_set (document, options, NULL, filename, 0, error);
      if (result->annotations == NULL)
        {
          gloss_imported_document_free (result);
          return FALSE;
        }
    }
  return _gloss_import_deliver (result, func, user_data, error);
}
