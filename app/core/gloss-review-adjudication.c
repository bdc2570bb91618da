/* gloss-review-adjudication.c: deciding the gold version of a reviewed document
 *
 * Provenance lives in the gold sidecar itself, in the format's extension
 * mechanism (docs/sidecar-format.md, "Extensions"): each gold annotation
 * carries <rv:decision> elements (namespace urn:gloss:review:1) in its
 * <extensions>, one per decision, oldest first; a rejected group, having no
 * gold annotation, is an <rv:rejection> in the extensions of <gloss>.
 * docs/review.md describes both.
 *
 * Undo. Every decision is one group of ordinary, undoable
 * GlossAnnotationSet mutations: the changes of the gold annotation, and
 * adding its record to the annotation's extensions (or, for a rejection,
 * to the root's), which the set records like any other change. This
 * object counts its own steps, each of which is one step of the gold
 * set's history, so that its undo and redo only ever replay decisions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-review"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "gloss-annotation-private.h"
#include "gloss-document.h"
#include "gloss-review-adjudication.h"
#include "gloss-review-private.h"
#include "gloss-xml.h"

/* ------------------------------------------------------------------ */
/* Records                                                             */

static void
version_free (gpointer data)
{
  GlossReviewVersion *v = data;

  g_free (v->annotator);
  g_free (v->annotation);
  g_free (v->type);
  g_free (v->exact);
  g_free (v);
}

static gpointer
version_copy (gconstpointer src,
              gpointer      user_data)
{
  const GlossReviewVersion *v = src;
  GlossReviewVersion *copy = g_new0 (GlossReviewVersion, 1);

  *copy = *v;
  copy->annotator = g_strdup (v->annotator);
  copy->annotation = g_strdup (v->annotation);
  copy->type = g_strdup (v->type);
  copy->exact = g_strdup (v->exact);
  return copy;
}

static GlossReviewRecord *
record_new (void)
{
  GlossReviewRecord *r = g_new0 (GlossReviewRecord, 1);

  r->alternatives = g_ptr_array_new_with_free_func (version_free);
  return r;
}

GlossReviewRecord *
gloss_review_record_copy (const GlossReviewRecord *record)
{
  GlossReviewRecord *copy;

  g_return_val_if_fail (record != NULL, NULL);

  copy = g_new0 (GlossReviewRecord, 1);
  *copy = *record;
  copy->action = g_strdup (record->action);
  copy->reviewer = g_strdup (record->reviewer);
  copy->annotator = g_strdup (record->annotator);
  copy->annotation = g_strdup (record->annotation);
  copy->reason = g_strdup (record->reason);
  copy->alternatives = g_ptr_array_copy (record->alternatives, version_copy, NULL);
  g_ptr_array_set_free_func (copy->alternatives, version_free);
  return copy;
}

void
gloss_review_record_free (GlossReviewRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->action);
  g_free (record->reviewer);
  g_free (record->annotator);
  g_free (record->annotation);
  g_free (record->reason);
  g_ptr_array_unref (record->alternatives);
  g_free (record);
}

G_DEFINE_BOXED_TYPE (GlossReviewRecord, gloss_review_record, gloss_review_record_copy, gloss_review_record_free)

/* Escaped as libxml2 writes an element it read, so that a record reads
 * back and saves again byte for byte: in attributes line breaks and tabs
 * become character references, in text only a carriage return does. */
static void
append_escaped (GString    *out,
                const char *text,
                gboolean    in_attribute)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '&':
          g_string_append (out, "&amp;");
          break;
        case '<':
          g_string_append (out, "&lt;");
          break;
        case '>':
          g_string_append (out, "&gt;");
          break;
        case '"':
          g_string_append (out, in_attribute ? "&quot;" : "\"");
          break;
        case '\n':
          g_string_append (out, in_attribute ? "&#10;" : "\n");
          break;
        case '\r':
          g_string_append (out, "&#13;");
          break;
        case '\t':
          g_string_append (out, in_attribute ? "&#9;" : "\t");
          break;
        default:
          /* XML cannot hold other control characters, even escaped. */
          if ((guchar) *p < 0x20)
            g_string_append (out, "\xef\xbf\xbd");
          else
            g_string_append_c (out, *p);
        }
    }
}

void
_gloss_review_append_escaped (GString    *out,
                              const char *text)
{
  append_escaped (out, text, TRUE);
}

void
_gloss_review_append_escaped_text (GString    *out,
                                   const char *text)
{
  append_escaped (out, text, FALSE);
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

static void
attr_uint (GString    *out,
           const char *name,
           guint       value)
{
  g_string_append_printf (out, " %s=\"%u\"", name, value);
}

static const char *
kind_name (GlossAnnotationKind kind)
{
  switch (kind)
    {
    case GLOSS_ANNOTATION_CLAIM:
      return "claim";
    case GLOSS_ANNOTATION_RELATION:
      return "relation";
    case GLOSS_ANNOTATION_ENTITY:
    default:
      return "entity";
    }
}

/* <rv:alternative …> for one version: enough to see what it was even when
 * the annotator's sidecar has changed since. */
static void
write_version (GString            *out,
               const char         *element,
               GlossReview        *review,
               guint               index,
               GlossAnnotation    *a)
{
  GlossDocument *document = gloss_review_get_document (review);
  GlossAnnotationSet *set = gloss_review_get_set (review, index);
  GlossAnnotationKind kind = gloss_annotation_get_kind (a);
  guint n = gloss_annotation_get_n_attributes (a);
  gsize body_start;
  guint s, e;

  g_string_append_printf (out, "<rv:%s", element);
  attr (out, "annotator", gloss_review_get_annotator_id (review, index));
  attr (out, "annotation", gloss_annotation_get_id (a));
  attr (out, "kind", kind_name (kind));
  attr (out, "type", gloss_annotation_get_type_id (a));
  if (kind == GLOSS_ANNOTATION_RELATION)
    {
      attr (out, "from", gloss_annotation_get_from (a));
      attr (out, "to", gloss_annotation_get_to (a));
    }
  else
    {
      g_autofree char *exact = gloss_document_dup_slice (document, gloss_annotation_get_start (a),
                                                         gloss_annotation_get_end (a));

      attr_uint (out, "start", gloss_annotation_get_start (a));
      attr_uint (out, "end", gloss_annotation_get_end (a));
      attr (out, "exact", exact);
    }
  g_string_append (out, ">");
  body_start = out->len;

  if (kind == GLOSS_ANNOTATION_CLAIM)
    {
      switch (gloss_annotation_get_source_kind (a))
        {
        case GLOSS_SOURCE_ENTITY:
          {
            GlossAnnotation *src = gloss_annotation_set_lookup (set, gloss_annotation_get_source_entity (a));

            g_string_append (out, "<rv:source");
            attr (out, "entity", gloss_annotation_get_source_entity (a));
            if (src != NULL)
              {
                g_autofree char *exact = gloss_document_dup_slice (document, gloss_annotation_get_start (src),
                                                                   gloss_annotation_get_end (src));

                attr_uint (out, "start", gloss_annotation_get_start (src));
                attr_uint (out, "end", gloss_annotation_get_end (src));
                attr (out, "exact", exact);
              }
            g_string_append (out, "/>");
            break;
          }
        case GLOSS_SOURCE_SPAN:
          {
            g_autofree char *exact = NULL;

            gloss_annotation_get_source_span (a, &s, &e);
            exact = gloss_document_dup_slice (document, s, e);
            g_string_append (out, "<rv:source");
            attr_uint (out, "start", s);
            attr_uint (out, "end", e);
            attr (out, "exact", exact);
            g_string_append (out, "/>");
            break;
          }
        case GLOSS_SOURCE_ARTICLE:
          g_string_append (out, "<rv:source article=\"true\"/>");
          break;
        case GLOSS_SOURCE_NONE:
        default:
          break;
        }
      if (gloss_annotation_get_cue (a, &s, &e))
        {
          g_autofree char *exact = gloss_document_dup_slice (document, s, e);

          g_string_append (out, "<rv:cue");
          attr_uint (out, "start", s);
          attr_uint (out, "end", e);
          attr (out, "exact", exact);
          g_string_append (out, "/>");
        }
    }
  for (guint i = 0; i < n; i++)
    {
      const char *name, *value;

      gloss_annotation_get_nth_attribute (a, i, &name, &value);
      g_string_append (out, "<rv:attribute");
      attr (out, "name", name);
      attr (out, "value", value);
      g_string_append (out, "/>");
    }
  if (out->len == body_start)
    {
      /* No children: the short form, as libxml2 writes it back. */
      g_string_truncate (out, body_start - 1);
      g_string_append (out, "/>");
    }
  else
    g_string_append_printf (out, "</rv:%s>", element);
}

static char *
build_record (GlossReviewAdjudication *self,
              const char              *element,
              const char              *action,
              GlossReviewGroup        *group,
              int                      chosen,
              const char              *reason);

/* Parses one record element (decision or rejection); NULL when @xml is
 * another extension. */
static GlossReviewRecord *
parse_record (const char *xml)
{
  GlossXmlErrorCodes codes = { GLOSS_REVIEW_ERROR, GLOSS_REVIEW_ERROR_DECISION,
                               GLOSS_REVIEW_ERROR_DECISION, GLOSS_REVIEW_ERROR_DECISION };
  g_autoptr(GBytes) bytes = g_bytes_new_static (xml, strlen (xml));
  g_autoptr(GlossXmlReader) xr = NULL;
  g_autoptr(GlossReviewRecord) record = NULL;
  xmlTextReaderPtr reader;
  gboolean at_end = FALSE;

  if (strstr (xml, GLOSS_REVIEW_NAMESPACE) == NULL)
    return NULL;
  xr = gloss_xml_reader_new (bytes, "extension", NULL, &codes, NULL);
  if (xr == NULL)
    return NULL;
  reader = gloss_xml_reader_get_reader (xr);

  while (gloss_xml_reader_read (xr, &at_end, NULL))
    {
      const char *ns, *local;

      if (xmlTextReaderNodeType (reader) != XML_READER_TYPE_ELEMENT)
        continue;
      ns = (const char *) xmlTextReaderConstNamespaceUri (reader);
      local = (const char *) xmlTextReaderConstLocalName (reader);
      if (g_strcmp0 (ns, GLOSS_REVIEW_NAMESPACE) != 0)
        continue;

      if (record == NULL)
        {
          const char *time;

          if (strcmp (local, "decision") != 0 && strcmp (local, "rejection") != 0)
            return NULL;
          record = record_new ();
          record->action = g_strdup (strcmp (local, "rejection") == 0
                                       ? "reject" : gloss_xml_reader_get_attribute (xr, "action"));
          record->reviewer = g_strdup (gloss_xml_reader_get_attribute (xr, "reviewer"));
          record->annotator = g_strdup (gloss_xml_reader_get_attribute (xr, "annotator"));
          record->annotation = g_strdup (gloss_xml_reader_get_attribute (xr, "annotation"));
          time = gloss_xml_reader_get_attribute (xr, "time");
          if (time != NULL)
            gloss_xml_parse_time (time, &record->time);
        }
      else if (strcmp (local, "reason") == 0)
        {
          g_free (record->reason);
          record->reason = gloss_xml_reader_read_string (xr);
        }
      else if (strcmp (local, "alternative") == 0)
        {
          GlossReviewVersion *v = g_new0 (GlossReviewVersion, 1);
          const char *kind = gloss_xml_reader_get_attribute (xr, "kind");

          v->annotator = g_strdup (gloss_xml_reader_get_attribute (xr, "annotator"));
          v->annotation = g_strdup (gloss_xml_reader_get_attribute (xr, "annotation"));
          v->type = g_strdup (gloss_xml_reader_get_attribute (xr, "type"));
          v->exact = g_strdup (gloss_xml_reader_get_attribute (xr, "exact"));
          v->kind = g_strcmp0 (kind, "claim") == 0 ? GLOSS_ANNOTATION_CLAIM
                    : g_strcmp0 (kind, "relation") == 0 ? GLOSS_ANNOTATION_RELATION
                    : GLOSS_ANNOTATION_ENTITY;
          gloss_xml_parse_uint (gloss_xml_reader_get_attribute (xr, "start"), &v->start);
          gloss_xml_parse_uint (gloss_xml_reader_get_attribute (xr, "end"), &v->end);
          g_ptr_array_add (record->alternatives, v);
        }
    }
  return g_steal_pointer (&record);
}

/* ------------------------------------------------------------------ */
/* The object                                                          */

struct _GlossReviewAdjudication
{
  GObject             parent_instance;

  GlossReview        *review;
  GlossAnnotationSet *gold;
  char               *reviewer;
  /* Steps of this object that can be undone and redone, each one step of
   * the gold set's history. */
  guint               n_undo;
  guint               n_redo;
  guint               busy;
  gulong              gold_handlers[4];
  gulong              review_handler;
  GHashTable         *rejections;  /* GlossReviewGroup * -> char * (record xml) */
  gboolean            can_undo;
  gboolean            can_redo;
};

G_DEFINE_FINAL_TYPE (GlossReviewAdjudication, gloss_review_adjudication, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_CAN_UNDO,
  PROP_CAN_REDO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_history (GlossReviewAdjudication *self)
{
  gboolean can_undo = self->n_undo > 0;
  gboolean can_redo = self->n_redo > 0;

  if (can_undo != self->can_undo)
    {
      self->can_undo = can_undo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_UNDO]);
    }
  if (can_redo != self->can_redo)
    {
      self->can_redo = can_redo;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_REDO]);
    }
}

/* A decision just went into the gold set's history as one step. */
static void
push_step (GlossReviewAdjudication *self)
{
  self->n_undo = MIN (self->n_undo + 1, GLOSS_UNDO_DEPTH);
  self->n_redo = 0;
  update_history (self);
}

/* The last accept/agreed record of a gold annotation, and whether an edit
 * followed it. */
static GlossReviewRecord *
last_choice (GlossAnnotation *gold,
             gboolean        *edited)
{
  const GPtrArray *exts = _gloss_annotation_get_extensions (gold);
  GlossReviewRecord *choice = NULL;

  *edited = FALSE;
  for (guint i = 0; exts != NULL && i < exts->len; i++)
    {
      GlossReviewRecord *r = parse_record (g_ptr_array_index (exts, i));

      if (r == NULL)
        continue;
      if (g_strcmp0 (r->action, "edit") == 0)
        {
          *edited = TRUE;
          gloss_review_record_free (r);
        }
      else
        {
          gloss_review_record_free (choice);
          choice = r;
          *edited = FALSE;
        }
    }
  return choice;
}

static GlossReviewGroup *
group_of_record (GlossReviewAdjudication *self,
                 GlossReviewRecord       *r)
{
  GlossReviewGroup *g = NULL;

  if (r->annotator != NULL)
    g = gloss_review_lookup_group (self->review, r->annotator, r->annotation);
  for (guint i = 0; g == NULL && i < r->alternatives->len; i++)
    {
      GlossReviewVersion *v = g_ptr_array_index (r->alternatives, i);

      g = gloss_review_lookup_group (self->review, v->annotator, v->annotation);
    }
  return g;
}

/* Derives every group's decision from the gold set. */
static void
sync_decisions (GlossReviewAdjudication *self)
{
  GListModel *groups = gloss_review_get_groups (self->review);
  guint n = g_list_model_get_n_items (groups);
  g_autoptr(GHashTable) decided = g_hash_table_new (NULL, NULL);
  const GPtrArray *root = _gloss_annotation_set_get_extensions (self->gold);

  g_hash_table_remove_all (self->rejections);
  for (GlossAnnotationKind kind = GLOSS_ANNOTATION_ENTITY; kind <= GLOSS_ANNOTATION_RELATION; kind++)
    {
      GListModel *list = kind == GLOSS_ANNOTATION_ENTITY ? gloss_annotation_set_get_entities (self->gold)
                         : kind == GLOSS_ANNOTATION_CLAIM ? gloss_annotation_set_get_claims (self->gold)
                         : gloss_annotation_set_get_relations (self->gold);

      for (guint i = 0; i < g_list_model_get_n_items (list); i++)
        {
          g_autoptr(GlossAnnotation) gold = g_list_model_get_item (list, i);
          gboolean edited;
          g_autoptr(GlossReviewRecord) r = last_choice (gold, &edited);
          GlossReviewGroup *g = r != NULL ? group_of_record (self, r) : NULL;

          if (g == NULL || g_hash_table_contains (decided, g))
            continue;
          g_hash_table_add (decided, g);
          _gloss_review_group_set_decision (g, edited ? GLOSS_REVIEW_EDITED : GLOSS_REVIEW_ACCEPTED, gold);
        }
    }
  for (guint i = 0; root != NULL && i < root->len; i++)
    {
      const char *xml = g_ptr_array_index (root, i);
      g_autoptr(GlossReviewRecord) r = parse_record (xml);
      GlossReviewGroup *g;

      if (r == NULL || g_strcmp0 (r->action, "reject") != 0)
        continue;
      g = group_of_record (self, r);
      if (g == NULL || g_hash_table_contains (decided, g))
        continue;
      g_hash_table_add (decided, g);
      g_hash_table_insert (self->rejections, g, g_strdup (xml));
      _gloss_review_group_set_decision (g, GLOSS_REVIEW_REJECTED, NULL);
    }
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GlossReviewGroup) g = g_list_model_get_item (groups, i);

      if (!g_hash_table_contains (decided, g))
        _gloss_review_group_set_decision (g, GLOSS_REVIEW_PENDING, NULL);
    }
}

static void
on_gold_changed (GlossReviewAdjudication *self)
{
  if (self->busy == 0)
    sync_decisions (self);
}

static void
gloss_review_adjudication_dispose (GObject *object)
{
  GlossReviewAdjudication *self = GLOSS_REVIEW_ADJUDICATION (object);

  if (self->gold != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (self->gold_handlers); i++)
      g_clear_signal_handler (&self->gold_handlers[i], self->gold);
  if (self->review != NULL)
    g_clear_signal_handler (&self->review_handler, self->review);
  g_clear_object (&self->gold);
  g_clear_object (&self->review);

  G_OBJECT_CLASS (gloss_review_adjudication_parent_class)->dispose (object);
}

static void
gloss_review_adjudication_finalize (GObject *object)
{
  GlossReviewAdjudication *self = GLOSS_REVIEW_ADJUDICATION (object);

  g_clear_pointer (&self->rejections, g_hash_table_unref);
  g_free (self->reviewer);

  G_OBJECT_CLASS (gloss_review_adjudication_parent_class)->finalize (object);
}

static void
gloss_review_adjudication_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  GlossReviewAdjudication *self = GLOSS_REVIEW_ADJUDICATION (object);

  switch (prop_id)
    {
    case PROP_CAN_UNDO:
      g_value_set_boolean (value, self->can_undo);
      break;
    case PROP_CAN_REDO:
      g_value_set_boolean (value, self->can_redo);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_review_adjudication_class_init (GlossReviewAdjudicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gloss_review_adjudication_dispose;
  object_class->finalize = gloss_review_adjudication_finalize;
  object_class->get_property = gloss_review_adjudication_get_property;

  properties[PROP_CAN_UNDO] =
    g_param_spec_boolean ("can-undo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_CAN_REDO] =
    g_param_spec_boolean ("can-redo", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gloss_review_adjudication_init (GlossReviewAdjudication *self)
{
  self->rejections = g_hash_table_new_full (NULL, NULL, NULL, g_free);
}

GlossReviewAdjudication *
gloss_review_adjudication_new (GlossReview        *review,
                               GlossAnnotationSet *gold,
                               const char         *reviewer_id,
                               GError            **error)
{
  GlossReviewAdjudication *self;

  g_return_val_if_fail (GLOSS_IS_REVIEW (review), NULL);
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (gold), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_strcmp0 (gloss_annotation_set_get_annotator_id (gold), GLOSS_ANNOTATOR_GOLD) != 0)
    {
      g_set_error (error, GLOSS_REVIEW_ERROR, GLOSS_REVIEW_ERROR_DECISION,
                   _("Decisions go into the annotations of “%s”, not of “%s”"),
                   GLOSS_ANNOTATOR_GOLD, gloss_annotation_set_get_annotator_id (gold));
      return NULL;
    }
  if (!gloss_annotator_id_is_valid (reviewer_id) || g_str_equal (reviewer_id, GLOSS_ANNOTATOR_GOLD))
    {
      g_set_error (error, GLOSS_REVIEW_ERROR, GLOSS_REVIEW_ERROR_DECISION,
                   _("“%s” cannot name a reviewer: use an annotator id such as “carol”"),
                   reviewer_id != NULL ? reviewer_id : "");
      return NULL;
    }
  if (g_strcmp0 (gloss_document_get_sha256 (gloss_annotation_set_get_document (gold)),
                 gloss_document_get_sha256 (gloss_review_get_document (review))) != 0)
    {
      g_set_error (error, GLOSS_REVIEW_ERROR, GLOSS_REVIEW_ERROR_DOCUMENT,
                   _("The gold annotations belong to another text than the review's"));
      return NULL;
    }

  self = g_object_new (GLOSS_TYPE_REVIEW_ADJUDICATION, NULL);
  self->review = g_object_ref (review);
  self->gold = g_object_ref (gold);
  self->reviewer = g_strdup (reviewer_id);
  self->gold_handlers[0] = g_signal_connect_swapped (gold, "annotation-added", G_CALLBACK (on_gold_changed), self);
  self->gold_handlers[1] = g_signal_connect_swapped (gold, "annotation-removed", G_CALLBACK (on_gold_changed), self);
  self->gold_handlers[2] = g_signal_connect_swapped (gold, "annotation-changed", G_CALLBACK (on_gold_changed), self);
  /* Rejections are root extensions: undoing one through the set changes
   * no annotation. */
  self->gold_handlers[3] = g_signal_connect_swapped (gold, "extensions-changed", G_CALLBACK (on_gold_changed), self);
  self->review_handler = g_signal_connect_swapped (review, "refreshed", G_CALLBACK (on_gold_changed), self);
  sync_decisions (self);
  return self;
}

GlossReview *
gloss_review_adjudication_get_review (GlossReviewAdjudication *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_ADJUDICATION (self), NULL);
  return self->review;
}

GlossAnnotationSet *
gloss_review_adjudication_get_gold (GlossReviewAdjudication *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_ADJUDICATION (self), NULL);
  return self->gold;
}

const char *
gloss_review_adjudication_get_reviewer (GlossReviewAdjudication *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_ADJUDICATION (self), NULL);
  return self->reviewer;
}

static char *
build_record (GlossReviewAdjudication *self,
              const char              *element,
              const char              *action,
              GlossReviewGroup        *group,
              int                      chosen,
              const char              *reason)
{
  GString *out = g_string_new (NULL);
  g_autofree char *time = gloss_xml_format_time (g_get_real_time () / G_USEC_PER_SEC);

  g_string_append_printf (out, "<rv:%s xmlns:rv=\"%s\"", element, GLOSS_REVIEW_NAMESPACE);
  attr (out, "action", action);
  attr (out, "reviewer", self->reviewer);
  attr (out, "time", time);
  if (group != NULL && g_str_equal (element, "rejection"))
    {
      attr (out, "kind", kind_name (gloss_review_group_get_kind (group)));
      attr_uint (out, "start", gloss_review_group_get_start (group));
      attr_uint (out, "end", gloss_review_group_get_end (group));
    }
  if (group != NULL && chosen >= 0)
    {
      attr (out, "annotator", gloss_review_get_annotator_id (self->review, chosen));
      attr (out, "annotation", gloss_annotation_get_id (gloss_review_group_get_annotation (group, chosen)));
    }
  g_string_append (out, ">");
  if (reason != NULL && *reason != '\0')
    {
      g_string_append (out, "<rv:reason>");
      _gloss_review_append_escaped_text (out, reason);
      g_string_append (out, "</rv:reason>");
    }
  for (guint i = 0; group != NULL && i < gloss_review_group_get_n_annotators (group); i++)
    {
      GlossAnnotation *a = gloss_review_group_get_annotation (group, i);

      if (a != NULL && (int) i != chosen)
        write_version (out, "alternative", self->review, i, a);
    }
  g_string_append_printf (out, "</rv:%s>", element);
  return g_string_free (out, FALSE);
}

/* Adds @record, after the earlier ones, to a gold annotation; undoable
 * with the rest of the open group. */
static void
append_record (GlossReviewAdjudication *self,
               GlossAnnotation         *gold,
               const char              *record)
{
  _gloss_annotation_set_append_extension (self->gold, gold, record);
}

static void
copy_details (GlossReviewAdjudication *self,
              GlossAnnotation         *gold,
              GlossAnnotation         *version)
{
  guint n = gloss_annotation_get_n_attributes (gold);
  g_autoptr(GPtrArray) stale = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      const char *name, *value;

      gloss_annotation_get_nth_attribute (gold, i, &name, &value);
      if (gloss_annotation_get_attribute (version, name) == NULL)
        g_ptr_array_add (stale, g_strdup (name));
    }
  for (guint i = 0; i < stale->len; i++)
    gloss_annotation_set_set_attribute (self->gold, gold, g_ptr_array_index (stale, i), NULL, NULL);
  n = gloss_annotation_get_n_attributes (version);
  for (guint i = 0; i < n; i++)
    {
      const char *name, *value;
      g_autoptr(GError) error = NULL;

      gloss_annotation_get_nth_attribute (version, i, &name, &value);
      if (!gloss_annotation_set_set_attribute (self->gold, gold, name, value, &error))
        g_debug ("attribute %s not copied: %s", name, error->message);
    }
  gloss_annotation_set_set_link (self->gold, gold, gloss_annotation_get_link (version));
}

static GlossAnnotation *accept_in_group (GlossReviewAdjudication *self,
                                         GlossReviewGroup        *group,
                                         guint                    index,
                                         const char              *action,
                                         const char              *reason,
                                         gboolean                 bring_sources,
                                         GError                 **error);

/* The gold annotation standing for annotator @index's annotation @id. */
static GlossAnnotation *
gold_for (GlossReviewAdjudication *self,
          guint                    index,
          const char              *id,
          gboolean                 accept_if_pending,
          GError                 **error)
{
  GlossReviewGroup *g = gloss_review_lookup_group (self->review,
                                                   gloss_review_get_annotator_id (self->review, index), id);

  if (g == NULL)
    return NULL;
  if (gloss_review_group_get_gold (g) != NULL)
    return gloss_review_group_get_gold (g);
  if (accept_if_pending && gloss_review_group_get_decision (g) == GLOSS_REVIEW_PENDING)
    {
      g_autofree char *reason = g_strdup (_("Source of an accepted claim"));

      return accept_in_group (self, g, index, "accept", reason, TRUE, error);
    }
  return NULL;
}

static GlossAnnotation *
accept_in_group (GlossReviewAdjudication *self,
                 GlossReviewGroup        *group,
                 guint                    index,
                 const char              *action,
                 const char              *reason,
                 gboolean                 bring_sources,
                 GError                 **error)
{
  GlossAnnotation *version = gloss_review_group_get_annotation (group, index);
  GlossAnnotation *gold = gloss_review_group_get_gold (group);
  GlossAnnotationKind kind = gloss_review_group_get_kind (group);
  GlossAnnotationSet *set = gloss_review_get_set (self->review, index);
  g_autofree char *record = NULL;
  gboolean fresh = gold == NULL;
  guint s, e;

  if (version == NULL)
    {
      g_set_error (error, GLOSS_REVIEW_ERROR, GLOSS_REVIEW_ERROR_DECISION,
                   _("“%s” has no version of this annotation to accept"),
                   gloss_review_get_annotator_id (self->review, index));
      return NULL;
    }

  /* Entities and relations first resolve what they need, so that a failure
   * leaves nothing half-done in the gold set. */
  if (kind == GLOSS_ANNOTATION_RELATION)
    {
      GlossAnnotation *from = gold_for (self, index, gloss_annotation_get_from (version), FALSE, NULL);
      GlossAnnotation *to = gold_for (self, index, gloss_annotation_get_to (version), FALSE, NULL);

      if (from == NULL || to == NULL)
        {
          g_set_error (error, GLOSS_REVIEW_ERROR, GLOSS_REVIEW_ERROR_DECISION,
                       _("Accept the annotations this relation links before the relation"));
          return NULL;
        }
      record = build_record (self, "decision", action, group, index, reason);
      if (fresh)
        {
          gold = gloss_annotation_set_add_relation (self->gold, gloss_annotation_get_type_id (version),
                                                    from, to, error);
          if (gold == NULL)
            return NULL;
          append_record (self, gold, record);
        }
      else
        {
          if (!gloss_annotation_set_set_type (self->gold, gold, gloss_annotation_get_type_id (version), error))
            return NULL;
          append_record (self, gold, record);
        }
      return gold;
    }

  record = build_record (self, "decision", action, group, index, reason);
  if (fresh)
    {
      gold = kind == GLOSS_ANNOTATION_ENTITY
               ? gloss_annotation_set_add_entity (self->gold, gloss_annotation_get_type_id (version),
                                                  gloss_annotation_get_start (version),
                                                  gloss_annotation_get_end (version), error)
               : gloss_annotation_set_add_claim (self->gold, gloss_annotation_get_start (version),
                                                 gloss_annotation_get_end (version), error);
      if (gold == NULL)
        return NULL;
      append_record (self, gold, record);
    }
  else
    {
      if (kind == GLOSS_ANNOTATION_ENTITY &&
          !gloss_annotation_set_set_type (self->gold, gold, gloss_annotation_get_type_id (version), error))
        return NULL;
      if (!gloss_annotation_set_set_span (self->gold, gold, gloss_annotation_get_start (version),
                                          gloss_annotation_get_end (version), error))
        return NULL;
    }
  copy_details (self, gold, version);

  if (kind == GLOSS_ANNOTATION_CLAIM)
    {
      switch (gloss_annotation_get_source_kind (version))
        {
        case GLOSS_SOURCE_ENTITY:
          {
            const char *src_id = gloss_annotation_get_source_entity (version);
            GlossAnnotation *src = gold_for (self, index, src_id, bring_sources, NULL);

            if (src != NULL)
              gloss_annotation_set_set_source_entity (self->gold, gold, src, NULL);
            else
              {
                /* The speaker's entity was rejected (or left for later):
                 * keep who speaks as the same text. */
                GlossAnnotation *entity = gloss_annotation_set_lookup (set, src_id);

                if (entity != NULL)
                  gloss_annotation_set_set_source_span (self->gold, gold, gloss_annotation_get_start (entity),
                                                        gloss_annotation_get_end (entity), NULL);
              }
            break;
          }
        case GLOSS_SOURCE_SPAN:
          gloss_annotation_get_source_span (version, &s, &e);
          gloss_annotation_set_set_source_span (self->gold, gold, s, e, NULL);
          break;
        case GLOSS_SOURCE_ARTICLE:
          gloss_annotation_set_set_source_article (self->gold, gold, NULL);
          break;
        case GLOSS_SOURCE_NONE:
        default:
          break;
        }
      if (gloss_annotation_get_cue (version, &s, &e))
        gloss_annotation_set_set_cue (self->gold, gold, s, e, NULL);
      else
        gloss_annotation_set_set_cue (self->gold, gold, GLOSS_OFFSET_NONE, GLOSS_OFFSET_NONE, NULL);
      if (gloss_annotation_get_parent (version) != NULL)
        {
          GlossAnnotation *parent = gold_for (self, index, gloss_annotation_get_parent (version), FALSE, NULL);

          if (parent != NULL)
            gloss_annotation_set_set_parent (self->gold, gold, parent, NULL);
        }
    }

  gloss_annotation_set_set_note (self->gold, gold, gloss_annotation_get_note (version));
  if (!fresh)
    append_record (self, gold, record);
  _gloss_review_group_set_decision (group, GLOSS_REVIEW_ACCEPTED, gold);
  return gold;
}

GlossAnnotation *
gloss_review_adjudication_accept (GlossReviewAdjudication *self,
                                  GlossReviewGroup        *group,
                                  guint                    annotator,
                                  const char              *reason,
                                  GError                 **error)
{
  GlossAnnotation *gold;
  g_autofree char *label = NULL;

  g_return_val_if_fail (GLOSS_IS_REVIEW_ADJUDICATION (self), NULL);
  g_return_val_if_fail (GLOSS_IS_REVIEW_GROUP (group), NULL);
  g_return_val_if_fail (annotator < gloss_review_get_n_annotators (self->review), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  label = g_strdup_printf (_("Accept %s’s Version"), gloss_review_get_annotator_id (self->review, annotator));
  self->busy++;
  gloss_annotation_set_begin_group (self->gold, label);
  gold = accept_in_group (self, group, annotator, "accept", reason, TRUE, error);
  gloss_annotation_set_end_group (self->gold);
  self->busy--;
  if (gold != NULL)
    push_step (self);
  sync_decisions (self);
  return gold;
}

gboolean
gloss_review_adjudication_reject (GlossReviewAdjudication *self,
                                  GlossReviewGroup        *group,
                                  const char              *reason,
                                  GError                 **error)
{
  GlossAnnotation *gold;
  g_autofree char *record = NULL;

  g_return_val_if_fail (GLOSS_IS_REVIEW_ADJUDICATION (self), FALSE);
  g_return_val_if_fail (GLOSS_IS_REVIEW_GROUP (group), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (gloss_review_group_get_decision (group) == GLOSS_REVIEW_REJECTED)
    return TRUE;

  record = build_record (self, "rejection", NULL, group, -1, reason);
  gold = gloss_review_group_get_gold (group);
  self->busy++;
  gloss_annotation_set_begin_group (self->gold, _("Reject Annotation"));
  if (gold != NULL)
    gloss_annotation_set_remove (self->gold, gold);
  _gloss_annotation_set_append_extension (self->gold, NULL, record);
  gloss_annotation_set_end_group (self->gold);
  self->busy--;
  push_step (self);
  sync_decisions (self);
  return TRUE;
}

static int
compare_for_agreed (gconstpointer pa,
                    gconstpointer pb)
{
  GlossReviewGroup *a = *(GlossReviewGroup * const *) pa;
  GlossReviewGroup *b = *(GlossReviewGroup * const *) pb;
  GlossAnnotationKind ka = gloss_review_group_get_kind (a), kb = gloss_review_group_get_kind (b);

  /* Entities, then claims with enclosing ones first, then relations. */
  if (ka != kb)
    return ka < kb ? -1 : 1;
  if (gloss_review_group_get_start (a) != gloss_review_group_get_start (b))
    return gloss_review_group_get_start (a) < gloss_review_group_get_start (b) ? -1 : 1;
  if (gloss_review_group_get_end (a) != gloss_review_group_get_end (b))
    return gloss_review_group_get_end (a) > gloss_review_group_get_end (b) ? -1 : 1;
  return gloss_review_group_get_index (a) < gloss_review_group_get_index (b) ? -1 : 1;
}

static gboolean
needs_are_in_gold (GlossReviewAdjudication *self,
                   GlossReviewGroup        *group,
                   guint                    index)
{
  GlossAnnotation *v = gloss_review_group_get_annotation (group, index);

  switch (gloss_review_group_get_kind (group))
    {
    case GLOSS_ANNOTATION_CLAIM:
      return gloss_annotation_get_source_kind (v) != GLOSS_SOURCE_ENTITY ||
             gold_for (self, index, gloss_annotation_get_source_entity (v), FALSE, NULL) != NULL;
    case GLOSS_ANNOTATION_RELATION:
      return gold_for (self, index, gloss_annotation_get_from (v), FALSE, NULL) != NULL &&
             gold_for (self, index, gloss_annotation_get_to (v), FALSE, NULL) != NULL;
    case GLOSS_ANNOTATION_ENTITY:
    default:
      return TRUE;
    }
}

guint
gloss_review_adjudication_accept_agreed (GlossReviewAdjudication *self)
{
  GListModel *groups;
  g_autoptr(GPtrArray) todo = g_ptr_array_new_with_free_func (g_object_unref);
  guint accepted = 0;

  g_return_val_if_fail (GLOSS_IS_REVIEW_ADJUDICATION (self), 0);

  groups = gloss_review_get_groups (self->review);
  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      GlossReviewGroup *g = g_list_model_get_item (groups, i);

      if (gloss_review_group_is_agreed (g) && gloss_review_group_get_decision (g) == GLOSS_REVIEW_PENDING)
        g_ptr_array_add (todo, g);
      else
        g_object_unref (g);
    }
  if (todo->len == 0)
    return 0;
  g_ptr_array_sort (todo, compare_for_agreed);

  self->busy++;
  gloss_annotation_set_begin_group (self->gold, _("Accept All Agreed"));
  for (guint i = 0; i < todo->len; i++)
    {
      GlossReviewGroup *g = g_ptr_array_index (todo, i);
      guint first = gloss_review_group_get_first_present (g);

      if (!needs_are_in_gold (self, g, first))
        continue;
      if (accept_in_group (self, g, first, "agreed", NULL, FALSE, NULL) != NULL)
        accepted++;
    }
  gloss_annotation_set_end_group (self->gold);
  self->busy--;
  if (accepted > 0)
    push_step (self);
  sync_decisions (self);
  return accepted;
}

void
gloss_review_adjudication_begin_edit (GlossReviewAdjudication *self,
                                      GlossAnnotation         *gold_annotation,
                                      const char              *reason)
{
  g_autofree char *record = NULL;

  g_return_if_fail (GLOSS_IS_REVIEW_ADJUDICATION (self));
  g_return_if_fail (gloss_annotation_set_lookup (self->gold, gloss_annotation_get_id (gold_annotation))
                    == gold_annotation);

  record = build_record (self, "decision", "edit", NULL, -1, reason);
  self->busy++;
  gloss_annotation_set_begin_group (self->gold, _("Edit Gold Annotation"));
  append_record (self, gold_annotation, record);
}

void
gloss_review_adjudication_end_edit (GlossReviewAdjudication *self)
{
  g_return_if_fail (GLOSS_IS_REVIEW_ADJUDICATION (self));
  g_return_if_fail (self->busy > 0);

  gloss_annotation_set_end_group (self->gold);
  self->busy--;
  push_step (self);
  sync_decisions (self);
}

gboolean
gloss_review_adjudication_can_undo (GlossReviewAdjudication *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_ADJUDICATION (self), FALSE);
  return self->n_undo > 0;
}

gboolean
gloss_review_adjudication_can_redo (GlossReviewAdjudication *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_ADJUDICATION (self), FALSE);
  return self->n_redo > 0;
}

gboolean
gloss_review_adjudication_undo (GlossReviewAdjudication *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_ADJUDICATION (self), FALSE);

  if (self->n_undo == 0)
    return FALSE;
  self->busy++;
  gloss_annotation_set_undo (self->gold);
  self->busy--;
  self->n_undo--;
  self->n_redo++;
  update_history (self);
  sync_decisions (self);
  return TRUE;
}

gboolean
gloss_review_adjudication_redo (GlossReviewAdjudication *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW_ADJUDICATION (self), FALSE);

  if (self->n_redo == 0)
    return FALSE;
  self->busy++;
  gloss_annotation_set_redo (self->gold);
  self->busy--;
  self->n_redo--;
  self->n_undo++;
  update_history (self);
  sync_decisions (self);
  return TRUE;
}

GPtrArray *
gloss_review_adjudication_get_history (GlossReviewAdjudication *self,
                                       GlossAnnotation         *gold_annotation)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) gloss_review_record_free);
  const GPtrArray *exts;

  g_return_val_if_fail (GLOSS_IS_REVIEW_ADJUDICATION (self), out);
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (gold_annotation), out);

  exts = _gloss_annotation_get_extensions (gold_annotation);
  for (guint i = 0; exts != NULL && i < exts->len; i++)
    {
      GlossReviewRecord *r = parse_record (g_ptr_array_index (exts, i));

      if (r != NULL)
        g_ptr_array_add (out, r);
    }
  return out;
}

GlossReviewRecord *
gloss_review_adjudication_get_rejection (GlossReviewAdjudication *self,
                                         GlossReviewGroup        *group)
{
  const char *xml;

  g_return_val_if_fail (GLOSS_IS_REVIEW_ADJUDICATION (self), NULL);

  xml = g_hash_table_lookup (self->rejections, group);
  return xml != NULL ? parse_record (xml) : NULL;
}

guint
gloss_review_adjudication_count_pending (GlossReviewAdjudication *self)
{
  GListModel *groups;
  guint n = 0;

  g_return_val_if_fail (GLOSS_IS_REVIEW_ADJUDICATION (self), 0);

  groups = gloss_review_get_groups (self->review);
  for (guint i = 0; i < g_list_model_get_n_items (groups); i++)
    {
      g_autoptr(GlossReviewGroup) g = g_list_model_get_item (groups, i);

      n += gloss_review_group_get_decision (g) == GLOSS_REVIEW_PENDING;
    }
  return n;
}
