/* gloss-review-comment.c: a reviewer's comments on anyone's annotations
 *
 * Comments are <rv:comment> elements (namespace urn:gloss:review:1) in the
 * extensions of the author's sidecar root: each annotator writes only their
 * own file, so comments never make two people edit the same file.
 * Adding and removing one are changes of that set like any other: one
 * undo step each, announced by its "extensions-changed" signal, which an
 * editing session saves.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-review"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "gloss-annotation-private.h"
#include "gloss-document.h"
#include "gloss-review.h"
#include "gloss-review-comment.h"
#include "gloss-review-private.h"
#include "gloss-xml.h"

GlossReviewComment *
gloss_review_comment_copy (const GlossReviewComment *c)
{
  GlossReviewComment *copy;

  g_return_val_if_fail (c != NULL, NULL);

  copy = g_new0 (GlossReviewComment, 1);
  *copy = *c;
  copy->id = g_strdup (c->id);
  copy->author = g_strdup (c->author);
  copy->annotator = g_strdup (c->annotator);
  copy->annotation = g_strdup (c->annotation);
  copy->exact = g_strdup (c->exact);
  copy->text = g_strdup (c->text);
  return copy;
}

void
gloss_review_comment_free (GlossReviewComment *c)
{
  if (c == NULL)
    return;
  g_free (c->id);
  g_free (c->author);
  g_free (c->annotator);
  g_free (c->annotation);
  g_free (c->exact);
  g_free (c->text);
  g_free (c);
}

G_DEFINE_BOXED_TYPE (GlossReviewComment, gloss_review_comment, gloss_review_comment_copy, gloss_review_comment_free)

static GlossReviewComment *
parse_comment (const char *xml)
{
  GlossXmlErrorCodes codes = { GLOSS_REVIEW_ERROR, GLOSS_REVIEW_ERROR_DECISION,
                               GLOSS_REVIEW_ERROR_DECISION, GLOSS_REVIEW_ERROR_DECISION };
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GlossXmlReader) xr = NULL;
  xmlTextReaderPtr reader;
  gboolean at_end;
  GlossReviewComment *c;
  const char *kind, *time;

  if (strstr (xml, GLOSS_REVIEW_NAMESPACE) == NULL || strstr (xml, "comment") == NULL)
    return NULL;
  bytes = g_bytes_new_static (xml, strlen (xml));
  xr = gloss_xml_reader_new (bytes, "extension", NULL, &codes, NULL);
  if (xr == NULL)
    return NULL;
  reader = gloss_xml_reader_get_reader (xr);
  do
    {
      if (!gloss_xml_reader_read (xr, &at_end, NULL))
        return NULL;
    }
  while (xmlTextReaderNodeType (reader) != XML_READER_TYPE_ELEMENT);
  if (g_strcmp0 ((const char *) xmlTextReaderConstNamespaceUri (reader), GLOSS_REVIEW_NAMESPACE) != 0 ||
      g_strcmp0 ((const char *) xmlTextReaderConstLocalName (reader), "comment") != 0)
    return NULL;

  c = g_new0 (GlossReviewComment, 1);
  c->id = g_strdup (gloss_xml_reader_get_attribute (xr, "id"));
  c->author = g_strdup (gloss_xml_reader_get_attribute (xr, "author"));
  c->annotator = g_strdup (gloss_xml_reader_get_attribute (xr, "annotator"));
  c->annotation = g_strdup (gloss_xml_reader_get_attribute (xr, "annotation"));
  c->exact = g_strdup (gloss_xml_reader_get_attribute (xr, "exact"));
  kind = gloss_xml_reader_get_attribute (xr, "kind");
  c->kind = g_strcmp0 (kind, "claim") == 0 ? GLOSS_ANNOTATION_CLAIM
            : g_strcmp0 (kind, "relation") == 0 ? GLOSS_ANNOTATION_RELATION
            : GLOSS_ANNOTATION_ENTITY;
  gloss_xml_parse_uint (gloss_xml_reader_get_attribute (xr, "start"), &c->start);
  gloss_xml_parse_uint (gloss_xml_reader_get_attribute (xr, "end"), &c->end);
  time = gloss_xml_reader_get_attribute (xr, "time");
  if (time != NULL)
    gloss_xml_parse_time (time, &c->time);
  c->text = gloss_xml_reader_read_string (xr);
  return c;
}

GPtrArray *
gloss_review_comment_list (GlossAnnotationSet *set)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_review_comment_free);
  const GPtrArray *exts;

  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (set), out);

  exts = _gloss_annotation_set_get_extensions (set);
  for (guint i = 0; exts != NULL && i < exts->len; i++)
    {
      GlossReviewComment *c = parse_comment (g_ptr_array_index (exts, i));

      if (c != NULL)
        g_ptr_array_add (out, c);
    }
  return out;
}

static const char *
kind_name (GlossAnnotationKind kind)
{
  return kind == GLOSS_ANNOTATION_CLAIM ? "claim" : kind == GLOSS_ANNOTATION_RELATION ? "relation" : "entity";
}

static void
attr (GString    *out,
      const char *name,
      const char *value)
{
  if (value == NULL)
    return;
  g_string_append_printf (out, " %s=\"", name);
  _gloss_review_append_escaped (out, value);
  g_string_append_c (out, '"');
}

GlossReviewComment *
gloss_review_comment_add (GlossAnnotationSet *own,
                          GlossAnnotationSet *target_set,
                          GlossAnnotation    *target,
                          const char         *text,
                          GError            **error)
{
  g_autoptr(GPtrArray) existing = NULL;
  g_autoptr(GString) xml = g_string_new (NULL);
  g_autofree char *time = NULL;
  g_autofree char *id = NULL;
  GlossDocument *document;
  GlossAnnotationKind kind;
  guint number = 0;

  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (own), NULL);
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (target_set), NULL);
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (target), NULL);
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  document = gloss_annotation_set_get_document (own);
  if (gloss_annotation_set_lookup (target_set, gloss_annotation_get_id (target)) != target)
    {
      g_set_error (error, GLOSS_REVIEW_ERROR, GLOSS_REVIEW_ERROR_DECISION,
                   _("The annotation to comment on is not one of “%s”"),
                   gloss_annotation_set_get_annotator_id (target_set));
      return NULL;
    }
  if (g_strcmp0 (gloss_document_get_sha256 (document),
                 gloss_document_get_sha256 (gloss_annotation_set_get_document (target_set))) != 0)
    {
      g_set_error (error, GLOSS_REVIEW_ERROR, GLOSS_REVIEW_ERROR_DOCUMENT,
                   _("A comment must be kept with annotations of the same text"));
      return NULL;
    }
  {
    g_autofree char *stripped = g_strstrip (g_strdup (text));

    if (*stripped == '\0')
      {
        g_set_error (error, GLOSS_REVIEW_ERROR, GLOSS_REVIEW_ERROR_DECISION, _("The comment is empty"));
        return NULL;
      }
  }

  /* Never reuse the number of a removed comment. */
  existing = gloss_review_comment_list (own);
  for (guint i = 0; i < existing->len; i++)
    {
      GlossReviewComment *c = g_ptr_array_index (existing, i);

      if (c->id != NULL && c->id[0] == 'k')
        number = MAX (number, (guint) g_ascii_strtoull (c->id + 1, NULL, 10));
    }
  id = g_strdup_printf ("k%u", number + 1);
  time = gloss_xml_format_time (g_get_real_time () / G_USEC_PER_SEC);
  kind = gloss_annotation_get_kind (target);

  g_string_append_printf (xml, "<rv:comment xmlns:rv=\"%s\"", GLOSS_REVIEW_NAMESPACE);
  attr (xml, "id", id);
  attr (xml, "author", gloss_annotation_set_get_annotator_id (own));
  attr (xml, "time", time);
  attr (xml, "annotator", gloss_annotation_set_get_annotator_id (target_set));
  attr (xml, "annotation", gloss_annotation_get_id (target));
  attr (xml, "kind", kind_name (kind));
  if (kind != GLOSS_ANNOTATION_RELATION)
    {
      g_autofree char *exact = gloss_document_dup_slice (document, gloss_annotation_get_start (target),
                                                         gloss_annotation_get_end (target));

      g_string_append_printf (xml, " start=\"%u\" end=\"%u\"", gloss_annotation_get_start (target),
                              gloss_annotation_get_end (target));
      attr (xml, "exact", exact);
    }
  g_string_append (xml, ">");
  _gloss_review_append_escaped_text (xml, text);
  g_string_append (xml, "</rv:comment>");

  gloss_annotation_set_begin_group (own, _("Add Comment"));
  _gloss_annotation_set_append_extension (own, NULL, xml->str);
  gloss_annotation_set_end_group (own);
  return parse_comment (xml->str);
}

gboolean
gloss_review_comment_remove (GlossAnnotationSet *own,
                             const char         *id)
{
  const GPtrArray *exts;

  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (own), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  exts = _gloss_annotation_set_get_extensions (own);
  for (guint i = 0; exts != NULL && i < exts->len; i++)
    {
      g_autoptr(GlossReviewComment) c = parse_comment (g_ptr_array_index (exts, i));

      if (c != NULL && g_strcmp0 (c->id, id) == 0)
        {
          gloss_annotation_set_begin_group (own, _("Remove Comment"));
          _gloss_annotation_set_remove_extension (own, NULL, i);
          gloss_annotation_set_end_group (own);
          return TRUE;
        }
    }
  return FALSE;
}

GlossAnnotation *
gloss_review_comment_find_target (const GlossReviewComment *c,
                                  GlossAnnotationSet       *target_set)
{
  GlossAnnotation *a;
  g_autoptr(GPtrArray) hits = NULL;

  g_return_val_if_fail (c != NULL, NULL);
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (target_set), NULL);

  a = c->annotation != NULL ? gloss_annotation_set_lookup (target_set, c->annotation) : NULL;
  if (a != NULL && gloss_annotation_get_kind (a) == c->kind &&
      (c->kind == GLOSS_ANNOTATION_RELATION ||
       (gloss_annotation_get_start (a) == c->start && gloss_annotation_get_end (a) == c->end)))
    return a;
  if (c->kind == GLOSS_ANNOTATION_RELATION || c->start >= c->end)
    return NULL;

  hits = g_ptr_array_new ();
  gloss_annotation_set_query (target_set, c->start, c->end, hits);
  for (guint i = 0; i < hits->len; i++)
    {
      GlossAnnotation *h = g_ptr_array_index (hits, i);

      if (gloss_annotation_get_kind (h) == c->kind && gloss_annotation_get_start (h) == c->start &&
          gloss_annotation_get_end (h) == c->end)
        return h;
    }
  return NULL;
}
