/* gloss-sidecar-sax.c: a sidecar's records from a SAX parse, checked
 * against the schema as they come
 *
 * libxml2's reader builds a node for every element and attribute, and its
 * RelaxNG validator runs an automaton over them: together they cost
 * several times the parse itself. This producer takes the parser's SAX2
 * events and checks each against the content models of
 * gloss-sidecar-1.rng, written out below as tables. The schema stays the
 * format's definition; the tests hold this check to libxml2's validator
 * on hand-made and fuzzed files.
 *
 * A file with <extensions> (foreign XML, kept verbatim) is left to the
 * reader's producer in gloss-sidecar.c: this one stops and says so.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-sidecar"

#include "config.h"

#include <string.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>

#include "gloss-review.h"
#include "gloss-sidecar.h"
#include "gloss-sidecar-private.h"

/* Bytes handed to the parser at a time: a small file in one go, a large
 * one in pieces so that a batch is handed over soon after it fills. */
#define PUSH_BYTES (64 * 1024)

typedef enum
{
  E_NONE,
  E_GLOSS, E_SOURCE, E_ANNOTATOR, E_TAGSET, E_HISTORY, E_ENTITIES, E_CLAIMS,
  E_RELATIONS, E_EXTENSIONS, E_ENTITY, E_CLAIM, E_RELATION, E_QUOTE, E_CUE,
  E_ATTRIBUTE, E_LINK, E_NOTE,
  N_NAMES
} Name;

static const char * const names[N_NAMES] = {
  NULL,
  "gloss", "source", "annotator", "tagset", "history", "entities", "claims",
  "relations", "extensions", "entity", "claim", "relation", "quote", "cue",
  "attribute", "link", "note",
};

typedef enum
{
  M_DOCUMENT, M_GLOSS, M_HEADER_SOURCE, M_ANNOTATOR, M_TAGSET, M_HISTORY,
  M_ENTITIES, M_CLAIMS, M_RELATIONS, M_ENTITY, M_CLAIM, M_RELATION, M_QUOTE,
  M_CLAIM_SOURCE, M_CUE, M_ATTRIBUTE, M_TEXT, M_EXTENSIONS,
  N_MODELS
} ModelId;

/* A child an element may hold, in the order of the schema: each at most
 * once unless repeated, and required or optional. */
typedef struct
{
  guint8 name;
  guint8 model;
  guint8 required;
  guint8 repeated;
} Slot;

#define BIT(a) (1u << (a))
#define PROVENANCE (BIT (A_ANNOTATOR) | BIT (A_CREATED) | BIT (A_MODIFIED))

typedef struct
{
  const Slot *slots;
  guint8      n_slots;
  guint8      text;      /* character data allowed (<link>, <note>) */
  guint32     required;  /* attributes */
  guint32     allowed;
} Model;

static const Slot document_slots[] = {
  { E_GLOSS, M_GLOSS, TRUE, FALSE },
};
static const Slot gloss_slots[] = {
  { E_SOURCE, M_HEADER_SOURCE, TRUE, FALSE },
  { E_ANNOTATOR, M_ANNOTATOR, TRUE, FALSE },
  { E_TAGSET, M_TAGSET, TRUE, FALSE },
  { E_HISTORY, M_HISTORY, TRUE, FALSE },
  { E_ENTITIES, M_ENTITIES, FALSE, FALSE },
  { E_CLAIMS, M_CLAIMS, FALSE, FALSE },
  { E_RELATIONS, M_RELATIONS, FALSE, FALSE },
  { E_EXTENSIONS, M_EXTENSIONS, FALSE, FALSE },
};
static const Slot entities_slots[] = {
  { E_ENTITY, M_ENTITY, FALSE, TRUE },
};
static const Slot claims_slots[] = {
  { E_CLAIM, M_CLAIM, FALSE, TRUE },
};
static const Slot relations_slots[] = {
  { E_RELATION, M_RELATION, FALSE, TRUE },
};
static const Slot entity_slots[] = {
  { E_QUOTE, M_QUOTE, TRUE, FALSE },
  { E_ATTRIBUTE, M_ATTRIBUTE, FALSE, TRUE },
  { E_LINK, M_TEXT, FALSE, FALSE },
  { E_NOTE, M_TEXT, FALSE, FALSE },
  { E_EXTENSIONS, M_EXTENSIONS, FALSE, FALSE },
};
static const Slot claim_slots[] = {
  { E_QUOTE, M_QUOTE, TRUE, FALSE },
  { E_SOURCE, M_CLAIM_SOURCE, FALSE, FALSE },
  { E_CUE, M_CUE, FALSE, FALSE },
  { E_ATTRIBUTE, M_ATTRIBUTE, FALSE, TRUE },
  { E_LINK, M_TEXT, FALSE, FALSE },
  { E_NOTE, M_TEXT, FALSE, FALSE },
  { E_EXTENSIONS, M_EXTENSIONS, FALSE, FALSE },
};
static const Slot relation_slots[] = {
  { E_NOTE, M_TEXT, FALSE, FALSE },
  { E_EXTENSIONS, M_EXTENSIONS, FALSE, FALSE },
};
/* <cue>, and the <source> of a claim that is a span. */
static const Slot quote_slots[] = {
  { E_QUOTE, M_QUOTE, TRUE, FALSE },
};

#define SLOTS(s) s, G_N_ELEMENTS (s)

static const Model models[N_MODELS] = {
  [M_DOCUMENT] = { SLOTS (document_slots), FALSE, 0, 0 },
  [M_GLOSS] = { SLOTS (gloss_slots), FALSE, BIT (A_VERSION), BIT (A_VERSION) },
  [M_HEADER_SOURCE] = { NULL, 0, FALSE,
                        BIT (A_NAME) | BIT (A_SHA256) | BIT (A_LENGTH),
                        BIT (A_NAME) | BIT (A_SHA256) | BIT (A_LENGTH) },
  [M_ANNOTATOR] = { NULL, 0, FALSE, BIT (A_ID), BIT (A_ID) | BIT (A_NAME) },
  [M_TAGSET] = { NULL, 0, FALSE, BIT (A_ID) | BIT (A_VERSION), BIT (A_ID) | BIT (A_VERSION) },
  [M_HISTORY] = { NULL, 0, FALSE, BIT (A_CREATED) | BIT (A_MODIFIED),
                  BIT (A_CREATED) | BIT (A_MODIFIED) },
  [M_ENTITIES] = { SLOTS (entities_slots), FALSE, 0, 0 },
  [M_CLAIMS] = { SLOTS (claims_slots), FALSE, 0, 0 },
  [M_RELATIONS] = { SLOTS (relations_slots), FALSE, 0, 0 },
  [M_ENTITY] = { SLOTS (entity_slots), FALSE,
                 BIT (A_ID) | BIT (A_TYPE) | BIT (A_START) | BIT (A_END),
                 BIT (A_ID) | BIT (A_TYPE) | BIT (A_START) | BIT (A_END) | PROVENANCE },
  [M_CLAIM] = { SLOTS (claim_slots), FALSE,
                BIT (A_ID) | BIT (A_START) | BIT (A_END),
                BIT (A_ID) | BIT (A_START) | BIT (A_END) | BIT (A_PARENT) | PROVENANCE },
  [M_RELATION] = { SLOTS (relation_slots), FALSE,
                   BIT (A_ID) | BIT (A_TYPE) | BIT (A_FROM) | BIT (A_TO),
                   BIT (A_ID) | BIT (A_TYPE) | BIT (A_FROM) | BIT (A_TO) | PROVENANCE },
  [M_QUOTE] = { NULL, 0, FALSE, BIT (A_EXACT), BIT (A_PREFIX) | BIT (A_EXACT) | BIT (A_SUFFIX) },
  /* One of entity, start + end (and a <quote>), or article="true": see
   * check_claim_source(). */
  [M_CLAIM_SOURCE] = { NULL, 0, FALSE, 0,
                       BIT (A_ENTITY) | BIT (A_START) | BIT (A_END) | BIT (A_ARTICLE) },
  [M_CUE] = { SLOTS (quote_slots), FALSE, BIT (A_START) | BIT (A_END), BIT (A_START) | BIT (A_END) },
  [M_ATTRIBUTE] = { NULL, 0, FALSE, BIT (A_NAME) | BIT (A_VALUE), BIT (A_NAME) | BIT (A_VALUE) },
  [M_TEXT] = { NULL, 0, TRUE, 0, 0 },
  [M_EXTENSIONS] = { NULL, 0, FALSE, 0, 0 },
};

/* An open element. */
typedef struct
{
  const Slot    *slots;
  guint8         n_slots;
  guint8         model;
  guint8         slot;   /* where in slots the children have come to */
  guint8         seen;   /* slots[slot] has occurred */
  int            line;
  const xmlChar *local;
  const xmlChar *qname;
} Frame;

/* The document, <gloss>, a section, an annotation, a child, a quote:
 * a file that goes deeper is refused before its frame is needed. */
#define MAX_FRAMES 8

#define NAME_SLOTS 128

typedef struct
{
  const xmlChar *name;   /* in the parser's dictionary */
  guint8         element;
  guint8         attr;
} NameSlot;

struct _GlossSidecarSax
{
  GlossXmlReader   *xr;
  xmlParserCtxtPtr  ctxt;
  const xmlChar    *ns;       /* the sidecar namespace as the parser has it */
  NameSlot          cache[NAME_SLOTS];
  guint             n_cached;

  Frame             stack[MAX_FRAMES];
  guint             n_frames;
  GString          *text;     /* of the open <link> or <note> */

  Batch            *batch;    /* being filled */
  GError           *error;    /* the check's, which stopped the parser */
  gboolean          needs_reader;
};

/* ------------------------------------------------------------------ */
/* Names                                                               */

static inline guint
name_hash (const xmlChar *name)
{
  return (guint) (((guint64) (guintptr) name * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15)) >> 58);
}

static guint
find_name (const char * const *table,
           guint               first,
           guint               n,
           const char         *name)
{
  for (guint i = first; i < n; i++)
    if (table[i][0] == name[0] && strcmp (table[i], name) == 0)
      return i;
  return n;
}

/* What @name (from the parser's dictionary) is as an element and as an
 * attribute: looked up by its text once per file, then by its address. */
static const NameSlot *
lookup (GlossSidecarSax *self,
        const xmlChar   *name)
{
  static const NameSlot none = { NULL, E_NONE, N_ATTRS };
  guint k = name_hash (name);
  NameSlot *slot;

  for (; self->cache[k].name != NULL; k = (k + 1) % NAME_SLOTS)
    if (self->cache[k].name == name)
      return &self->cache[k];

  /* At most half full, so that a miss ends soon; a file with more names
   * than that is invalid anyway. */
  if (self->n_cached >= NAME_SLOTS / 2)
    return &none;
  slot = &self->cache[k];
  slot->name = name;
  slot->element = (guint8) find_name (names, E_NONE + 1, N_NAMES, (const char *) name);
  if (slot->element == N_NAMES)
    slot->element = E_NONE;
  slot->attr = (guint8) find_name (_gloss_sidecar_attr_names, 0, N_ATTRS, (const char *) name);
  self->n_cached++;
  return slot;
}

/* ------------------------------------------------------------------ */
/* Errors                                                              */

static void fail (GlossSidecarSax *self,
                  int              line,
                  const char      *format,
                  ...) G_GNUC_PRINTF (3, 4);

/* Keeps the schema error @format at @line. The parse stops at the next
 * event: a parse error that libxml2 finds in the same tag first (a start
 * tag cut short is reported after its SAX event) replaces it. */
static void
fail (GlossSidecarSax *self,
      int              line,
      const char      *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (self->error != NULL)
    return;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  self->error = g_error_new (GLOSS_SIDECAR_ERROR, GLOSS_SIDECAR_ERROR_INVALID, "%s:%d: %s",
                             gloss_xml_reader_get_filename (self->xr), MAX (line, 1), message);
}

/* After fail(), or once the reader's producer is to take over: whether
 * the handler is to stop the parser rather than go on. */
static inline gboolean
stopping (GlossSidecarSax *self)
{
  if (G_LIKELY (self->error == NULL && !self->needs_reader))
    return FALSE;
  gloss_xml_reader_stop (self->xr);
  return TRUE;
}

static int
parser_line (GlossSidecarSax *self)
{
  return self->ctxt->input != NULL ? self->ctxt->input->line : 1;
}

/* A value for a message: at most 64 bytes of it, cut between characters. */
static char *
shown (const xmlChar *value,
       const xmlChar *end)
{
  const char *v = (const char *) value;
  gsize len = end - value;

  if (len > 64)
    len = g_utf8_find_prev_char (v, v + 65) - v;
  return g_strndup (v, len);
}

/* "a, b*, c?" for an element's children, in a message. */
static char *
describe_slots (const Slot *slots,
                guint       n_slots)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < n_slots; i++)
    g_string_append_printf (s, "%s<%s>%s", i > 0 ? ", " : "", names[slots[i].name],
                            slots[i].repeated ? "…" : slots[i].required ? "" : "?");
  return g_string_free (s, FALSE);
}

/* ------------------------------------------------------------------ */
/* Datatypes of the header (the schema's XSD types and patterns)       */

static inline gboolean
is_space (xmlChar c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The value of a "token" after white space collapsing equals @want. */
static gboolean
token_is (const xmlChar *v,
          const xmlChar *end,
          const char    *want)
{
  gsize n = strlen (want);

  while (v < end && is_space (*v))
    v++;
  while (end > v && is_space (end[-1]))
    end--;
  return (gsize) (end - v) == n && memcmp (v, want, n) == 0;
}

/* xsd:nonNegativeInteger: white space collapsed, an optional sign, digits
 * ("-" only before zero). */
static gboolean
is_non_negative_integer (const xmlChar *v,
                         const xmlChar *end)
{
  gboolean minus = FALSE;
  gboolean nonzero = FALSE;

  while (v < end && is_space (*v))
    v++;
  while (end > v && is_space (end[-1]))
    end--;
  if (v < end && (*v == '+' || *v == '-'))
    minus = *v++ == '-';
  if (v == end)
    return FALSE;
  for (; v < end; v++)
    {
      if (*v < '0' || *v > '9')
        return FALSE;
      nonzero |= *v != '0';
    }
  return !(minus && nonzero);
}

static gboolean
is_sha256 (const xmlChar *v,
           const xmlChar *end)
{
  if (end - v != 64)
    return FALSE;
  for (; v < end; v++)
    if (!((*v >= '0' && *v <= '9') || (*v >= 'a' && *v <= 'f')))
      return FALSE;
  return TRUE;
}

/* [a-z0-9][a-z0-9_.\-]{0,63} */
static gboolean
is_annotator_id (const xmlChar *v,
                 const xmlChar *end)
{
  if (end - v < 1 || end - v > 64)
    return FALSE;
  for (const xmlChar *p = v; p < end; p++)
    {
      gboolean ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9');

      if (!ok && p > v)
        ok = *p == '_' || *p == '.' || *p == '-';
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

/* [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z */
static gboolean
is_time (const xmlChar *v,
         const xmlChar *end)
{
  static const char shape[] = "0000-00-00T00:00:00Z";

  if (end - v != (int) sizeof shape - 1)
    return FALSE;
  for (guint i = 0; i < sizeof shape - 1; i++)
    {
      if (shape[i] == '0' ? (v[i] < '0' || v[i] > '9') : v[i] != (xmlChar) shape[i])
        return FALSE;
    }
  return TRUE;
}

/* ------------------------------------------------------------------ */
/* The check                                                           */

typedef struct
{
  const xmlChar *value;
  const xmlChar *end;
} Value;

/* The datatypes of @model's attributes; FALSE after fail(). */
static gboolean
check_values (GlossSidecarSax *self,
              ModelId          model,
              const Value     *values,
              int              line)
{
#define V(a) values[a].value, values[a].end
  switch (model)
    {
    case M_GLOSS:
      if (!token_is (V (A_VERSION), "1"))
        {
          g_autofree char *v = shown (V (A_VERSION));

          fail (self, line, "<gloss> version “%s” is not 1", v);
          return FALSE;
        }
      return TRUE;

    case M_HEADER_SOURCE:
      if (values[A_NAME].value == values[A_NAME].end)
        {
          fail (self, line, "<source> has an empty name");
          return FALSE;
        }
      if (!is_sha256 (V (A_SHA256)))
        {
          g_autofree char *v = shown (V (A_SHA256));

          fail (self, line, "<source> sha256 “%s” is not 64 lowercase hexadecimal digits", v);
          return FALSE;
        }
      if (!is_non_negative_integer (V (A_LENGTH)))
        {
          g_autofree char *v = shown (V (A_LENGTH));

          fail (self, line, "<source> length “%s” is not a whole number", v);
          return FALSE;
        }
      return TRUE;

    case M_ANNOTATOR:
      if (!is_annotator_id (V (A_ID)))
        {
          g_autofree char *v = shown (V (A_ID));

          fail (self, line, "<annotator> id “%s” is not 1–64 of a-z 0-9 - _ . "
                "beginning with a letter or digit", v);
          return FALSE;
        }
      return TRUE;

    case M_TAGSET:
      if (values[A_ID].value == values[A_ID].end)
        {
          fail (self, line, "<tagset> has an empty id");
          return FALSE;
        }
      return TRUE;

    case M_HISTORY:
      for (AttrId a = A_CREATED; a <= A_MODIFIED; a++)
        if (!is_time (V (a)))
          {
            g_autofree char *v = shown (V (a));

            fail (self, line, "<history> %s “%s” is not a UTC time such as 2026-11-20T09:12:00Z",
                  _gloss_sidecar_attr_names[a], v);
            return FALSE;
          }
      return TRUE;

    default:
      return TRUE;
    }
#undef V
}

/* The <source> of a claim names an entity, a span (with a <quote>) or the
 * article: which, by its attributes. NULL slots for no children. */
static gboolean
check_claim_source (GlossSidecarSax *self,
                    guint32          present,
                    const Value     *values,
                    int              line,
                    Frame           *frame)
{
  if (present == BIT (A_ENTITY))
    return TRUE;
  if (present == (BIT (A_START) | BIT (A_END)))
    {
      frame->slots = quote_slots;
      frame->n_slots = G_N_ELEMENTS (quote_slots);
      return TRUE;
    }
  if (present == BIT (A_ARTICLE))
    {
      if (token_is (values[A_ARTICLE].value, values[A_ARTICLE].end, "true"))
        return TRUE;
      fail (self, line, "the <source> of a claim says article=\"true\" or nothing of the article");
      return FALSE;
    }
  fail (self, line, "the <source> of a claim takes entity, start and end, or article=\"true\": "
        "one of them");
  return FALSE;
}

/* Moves @parent to its child @name: FALSE (after fail()) when the content
 * model has no place for it there. The child's slot, or NULL. */
static const Slot *
place_child (GlossSidecarSax *self,
             Frame           *parent,
             Name             name,
             const xmlChar   *qname,
             int              line)
{
  const char *parent_name = parent->model == M_DOCUMENT ? NULL : (const char *) parent->qname;
  guint j;

  for (j = parent->slot; j < parent->n_slots; j++)
    if (parent->slots[j].name == name)
      break;

  if (j == parent->n_slots)
    {
      g_autofree char *order = NULL;

      if (parent->model == M_DOCUMENT)
        fail (self, line, "the root element is <%s>, not <gloss>", qname);
      else if (parent->n_slots == 0)
        fail (self, line, "<%s> holds no elements, but here it holds <%s>", parent_name, qname);
      else
        {
          gboolean known = FALSE;

          for (guint i = 0; i < parent->n_slots; i++)
            known |= parent->slots[i].name == name;
          order = describe_slots (parent->slots, parent->n_slots);
          if (known)
            fail (self, line, "<%s> is out of place in <%s>, which holds %s in this order",
                  qname, parent_name, order);
          else
            fail (self, line, "<%s> does not belong in <%s>, which holds %s", qname, parent_name, order);
        }
      return NULL;
    }

  if (j == parent->slot && parent->seen && !parent->slots[j].repeated)
    {
      fail (self, line, "<%s> holds a second <%s>", parent_name, qname);
      return NULL;
    }
  for (guint i = parent->slot; i < j; i++)
    if (parent->slots[i].required && !(i == parent->slot && parent->seen))
      {
        fail (self, line, "<%s> lacks <%s> before <%s>", parent_name,
              names[parent->slots[i].name], qname);
        return NULL;
      }

  parent->slot = (guint8) j;
  parent->seen = TRUE;
  return &parent->slots[j];
}

/* ------------------------------------------------------------------ */
/* SAX handlers                                                        */

static void
start_element (void           *user_data,
               const xmlChar  *local,
               const xmlChar  *prefix,
               const xmlChar  *uri,
               int             n_namespaces,
               const xmlChar **namespaces,
               int             n_attributes,
               int             n_defaulted,
               const xmlChar **attributes)
{
  GlossSidecarSax *self = user_data;
  Frame *parent = &self->stack[self->n_frames - 1];
  const xmlChar *qname = local;
  const NameSlot *ln;
  const Slot *slot;
  const Model *model;
  Frame *frame;
  Value values[N_ATTRS];
  guint32 present = 0;
  int line = parser_line (self);
  Batch *b = self->batch;
  Record *rec;

  if (stopping (self))
    return;
  if (prefix != NULL)
    qname = xmlDictQLookup (self->ctxt->dict, prefix, local);

  if (uri == NULL || (uri != self->ns && strcmp ((const char *) uri, GLOSS_SIDECAR_NAMESPACE) != 0))
    {
      fail (self, line, "unexpected element <%s>%s%s", qname,
            uri != NULL ? " of the namespace " : " in no namespace",
            uri != NULL ? (const char *) uri : "");
      return;
    }
  self->ns = uri;

  ln = lookup (self, local);
  slot = place_child (self, parent, ln->element, qname, line);
  if (slot == NULL)
    return;
  if (slot->model == M_EXTENSIONS)
    {
      /* Foreign XML to keep verbatim: the reader's producer does that. */
      self->needs_reader = TRUE;
      gloss_xml_reader_stop (self->xr);
      return;
    }
  if (self->n_frames == MAX_FRAMES)
    {
      fail (self, line, "<%s> is nested too deeply", qname);
      return;
    }

  model = &models[slot->model];
  for (int i = 0; i < n_attributes; i++)
    {
      const xmlChar **a = &attributes[i * 5];
      const NameSlot *an;

      if (a[1] != NULL || a[2] != NULL)
        {
          fail (self, line, "<%s> does not take the attribute “%s%s%s”", qname,
                a[1] != NULL ? (const char *) a[1] : "", a[1] != NULL ? ":" : "", a[0]);
          return;
        }
      an = lookup (self, a[0]);
      if (an->attr == N_ATTRS || !(model->allowed & BIT (an->attr)))
        {
          fail (self, line, "<%s> does not take the attribute “%s”", qname, a[0]);
          return;
        }
      values[an->attr].value = a[3];
      values[an->attr].end = a[4];
      present |= BIT (an->attr);
    }
  if ((model->required & present) != model->required)
    {
      for (guint a = 0; a < N_ATTRS; a++)
        if ((model->required & BIT (a)) && !(present & BIT (a)))
          {
            fail (self, line, "<%s> lacks the attribute “%s”", qname, _gloss_sidecar_attr_names[a]);
            return;
          }
    }
  if (!check_values (self, slot->model, values, line))
    return;

  frame = &self->stack[self->n_frames];
  memset (frame, 0, sizeof *frame);
  frame->slots = model->slots;
  frame->n_slots = model->n_slots;
  frame->model = slot->model;
  frame->line = line;
  frame->local = local;
  frame->qname = qname;
  if (slot->model == M_CLAIM_SOURCE && !check_claim_source (self, present, values, line, frame))
    return;
  self->n_frames++;

  if (slot->model == M_TEXT)
    {
      /* Its record waits for its text, at its end. */
      g_string_truncate (self->text, 0);
      return;
    }

  rec = _gloss_sidecar_batch_add (b, RECORD_ELEMENT);
  rec->ours = TRUE;
  rec->depth = (int) self->n_frames - 2;
  rec->line = line;
  rec->local = (const char *) local;
  rec->qname = (const char *) qname;
  for (guint a = 0; present != 0 && a < N_ATTRS; a++)
    if (present & BIT (a))
      {
        rec->attrs[a] = _gloss_sidecar_arena_add (b, (const char *) values[a].value,
                                                  values[a].end - values[a].value);
        present &= ~BIT (a);
      }
}

static void
end_element (void          *user_data,
             const xmlChar *local,
             const xmlChar *prefix,
             const xmlChar *uri)
{
  GlossSidecarSax *self = user_data;
  Frame *frame = &self->stack[self->n_frames - 1];
  Batch *b = self->batch;
  Record *rec;

  if (stopping (self))
    return;

  for (guint i = frame->slot; i < frame->n_slots; i++)
    if (frame->slots[i].required && !(i == frame->slot && frame->seen))
      {
        fail (self, frame->line, "<%s> lacks <%s>", frame->qname, names[frame->slots[i].name]);
        return;
      }

  if (frame->model == M_TEXT)
    {
      rec = _gloss_sidecar_batch_add (b, RECORD_ELEMENT);
      rec->ours = TRUE;
      rec->depth = (int) self->n_frames - 2;
      rec->line = frame->line;
      rec->local = (const char *) frame->local;
      rec->qname = (const char *) frame->qname;
      rec->text = _gloss_sidecar_arena_add (b, self->text->str, self->text->len);
    }

  rec = _gloss_sidecar_batch_add (b, RECORD_END_ELEMENT);
  rec->ours = TRUE;
  rec->depth = (int) self->n_frames - 2;
  rec->line = frame->line;
  rec->local = (const char *) frame->local;
  rec->qname = (const char *) frame->qname;
  self->n_frames--;
}

static void
characters (void          *user_data,
            const xmlChar *text,
            int            len)
{
  GlossSidecarSax *self = user_data;
  Frame *frame = &self->stack[self->n_frames - 1];

  if (stopping (self))
    return;
  if (models[frame->model].text)
    {
      g_string_append_len (self->text, (const char *) text, len);
      return;
    }
  for (int i = 0; i < len; i++)
    if (!is_space (text[i]))
      {
        fail (self, parser_line (self), "<%s> holds text, where only elements may be",
              frame->qname);
        return;
      }
}

static void
sax_error (void        *user_data,
           xmlErrorPtr  xerror)
{
  GlossSidecarSax *self = user_data;

  /* Right after a schema error, the tag that had it is not well-formed:
   * that is the problem to report. */
  if (xerror != NULL && xerror->level != XML_ERR_WARNING)
    g_clear_error (&self->error);
  gloss_xml_reader_report (self->xr, xerror);
}

static const xmlSAXHandler handler = {
  .initialized = XML_SAX2_MAGIC,
  .startElementNs = start_element,
  .endElementNs = end_element,
  .characters = characters,
  .ignorableWhitespace = characters,
  .cdataBlock = characters,
  .serror = sax_error,
};

/* ------------------------------------------------------------------ */
/* The producer                                                        */

GlossSidecarSax *
_gloss_sidecar_sax_new (GBytes      *bytes,
                        const char  *filename,
                        GError     **error)
{
  g_autoptr(GlossSidecarSax) self = g_new0 (GlossSidecarSax, 1);
  GlossXmlErrorCodes codes = {
    GLOSS_SIDECAR_ERROR,
    GLOSS_SIDECAR_ERROR_PARSE,
    GLOSS_SIDECAR_ERROR_FORBIDDEN,
    GLOSS_SIDECAR_ERROR_INVALID,
  };

  self->xr = gloss_xml_reader_new_sax (bytes, filename, &codes, &handler, self, error);
  if (self->xr == NULL)
    return NULL;
  self->ctxt = gloss_xml_reader_get_context (self->xr);
  self->text = g_string_new (NULL);
  self->stack[0].model = M_DOCUMENT;
  self->stack[0].slots = document_slots;
  self->stack[0].n_slots = G_N_ELEMENTS (document_slots);
  self->n_frames = 1;
  return g_steal_pointer (&self);
}

void
_gloss_sidecar_sax_free (GlossSidecarSax *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->xr, gloss_xml_reader_free);
  if (self->text != NULL)
    g_string_free (self->text, TRUE);
  g_clear_error (&self->error);
  g_free (self);
}

GlossXmlReader *
_gloss_sidecar_sax_get_reader (GlossSidecarSax *self)
{
  return self->xr;
}

void
_gloss_sidecar_sax_produce (GlossSidecarSax *self,
                            Batch           *b)
{
  self->batch = b;
  while (b->records->len < BATCH_RECORDS)
    {
      g_autoptr(GError) error = NULL;
      gboolean at_end = FALSE;
      gboolean more = gloss_xml_reader_push (self->xr, PUSH_BYTES, &at_end, &error);

      if (self->error != NULL)
        b->error = g_steal_pointer (&self->error);
      else if (self->needs_reader)
        b->needs_reader = TRUE;
      else if (error != NULL)
        b->error = g_steal_pointer (&error);
      else if (more)
        continue;
      else
        b->at_end = at_end;
      b->last = TRUE;
      break;
    }
  self->batch = NULL;
}
