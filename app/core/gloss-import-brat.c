/* gloss-import-brat.c: brat standoff (.txt + .ann) into an annotation set
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The .ann lines Gloss reads (docs/import-formats.md has the details):
 *
 *   T1<TAB>TYPE START END[;START END…]<TAB>TEXT    a span (entity, claim content, cue…)
 *   E1<TAB>Claim:T3 Source:T1 Cue:T2 Parent:E0     a claim, its source, cue and parent
 *   R1<TAB>TYPE Arg1:T1 Arg2:T2                    a relation
 *   A1<TAB>NAME TARGET [VALUE]                     an attribute of a T or E
 *   N1<TAB>Reference TARGET DB:ID<TAB>TEXT         a knowledge-base link
 *   #1<TAB>AnnotatorNotes TARGET<TAB>TEXT          a note
 */
#define G_LOG_DOMAIN "gloss-import"

#include "config.h"

#include <string.h>

#include "gloss-import-private.h"

typedef enum
{
  SPAN_ENTITY,   /* becomes an entity, unless its type is skipped */
  SPAN_CLAIM,    /* the content (trigger) of a claim event */
  SPAN_CUE,      /* a claim's cue */
  SPAN_SOURCE,   /* a claim's source when its type is not an entity type */
} SpanRole;

typedef struct
{
  char            *id;
  char            *type;
  guint            line;
  guint            start;
  guint            end;
  SpanRole         role;
  GlossAnnotation *annotation; /* the entity or claim made from it */
} Span;

typedef struct
{
  char            *id;
  char            *type;
  char            *trigger;
  guint            line;
  GPtrArray       *roles;      /* char *: "role" */
  GPtrArray       *args;       /* char *: "T1", "E2" */
  gboolean         is_claim;
  GlossAnnotation *claim;
} Event;

typedef struct
{
  char  *id;
  guint  line;
  char **fields;               /* the tab-separated fields after the id */
} Other;

typedef struct
{
  const GlossImportOptions *options;
  const char               *filename;  /* the .ann, for messages */
  GlossDocument            *document;
  GlossImportedDocument    *result;
  GlossAnnotationSet       *set;
  GHashTable               *spans;     /* id -> Span */
  GHashTable               *events;    /* id -> Event */
  GPtrArray                *span_order;
  GPtrArray                *event_order;
  GPtrArray                *others;    /* Other: R, A, N, #, * in file order */
  GHashTable               *relations; /* R id -> GlossAnnotation (borrowed) */
} Reader;

static void
span_free (Span *span)
{
  g_free (span->id);
  g_free (span->type);
  g_free (span);
}

static void
event_free (Event *event)
{
  g_free (event->id);
  g_free (event->type);
  g_free (event->trigger);
  g_ptr_array_unref (event->roles);
  g_ptr_array_unref (event->args);
  g_free (event);
}

static void
other_free (Other *other)
{
  g_free (other->id);
  g_strfreev (other->fields);
  g_free (other);
}

static gboolean
parse_offset (const char *text,
              guint      *out)
{
  guint64 value;

  if (text == NULL || !g_ascii_isdigit (*text))
    return FALSE;
  if (!g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT - 1, &value, NULL))
    return FALSE;
  *out = (guint) value;
  return TRUE;
}

/* Whether the article's text over [start, end) reads @quoted at @*position
 * (brat replaces line breaks in the quoted text by spaces). Advances. */
static gboolean
match_fragment (GlossDocument  *document,
                guint           start,
                guint           end,
                const char    **position)
{
  gsize n;
  const char *slice = gloss_document_get_slice (document, start, end, &n);
  const char *p = *position;
  const char *s = slice;

  while (s < slice + n)
    {
      gunichar a = g_utf8_get_char (s);
      gunichar b;

      if (*p == '\0')
        return FALSE;
      b = g_utf8_get_char (p);
      if (a != b && !(b == ' ' && (a == '\n' || a == '\r' || a == '\t')))
        return FALSE;
      s = g_utf8_next_char (s);
      p = g_utf8_next_char (p);
    }
  *position = p;
  return TRUE;
}

/* Whether the fragments follow each other with nothing but line breaks
 * between them. */
static gboolean
only_line_breaks_between (GlossDocument *document,
                          GArray        *fragments)
{
  for (guint i = 2; i < fragments->len; i += 2)
    {
      guint gap_start = g_array_index (fragments, guint, i - 1);
      guint gap_end = g_array_index (fragments, guint, i);
      gsize n;
      const char *gap;

      if (gap_end <= gap_start)
        return FALSE;
      gap = gloss_document_get_slice (document, gap_start, gap_end, &n);
      for (gsize k = 0; k < n; k++)
        if (gap[k] != '\n' && gap[k] != '\r')
          return FALSE;
    }
  return TRUE;
}

static gboolean
parse_span (Reader     *reader,
            const char *id,
            char      **fields,
            guint       n_fields,
            guint       line,
            GError    **error)
{
  g_autoptr(GArray) fragments = g_array_new (FALSE, FALSE, sizeof (guint));
  g_auto(GStrv) parts = NULL;
  g_autofree char *type = NULL;
  guint length = gloss_document_get_length (reader->document);
  char *space;
  Span *span;

  if (n_fields < 1 || (space = strchr (fields[0], ' ')) == NULL)
    {
      _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, reader->filename, line,
                               "%s: expected “%s<TAB>TYPE START END<TAB>TEXT”", id, id);
      return FALSE;
    }
  type = g_strndup (fields[0], space - fields[0]);
  parts = g_strsplit (space + 1, ";", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      g_auto(GStrv) pair = g_strsplit (parts[i], " ", -1);
      guint s, e;

      if (g_strv_length (pair) != 2 || !parse_offset (pair[0], &s) || !parse_offset (pair[1], &e))
        {
          _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, reader->filename, line,
                                   "%s: “%s” is not a pair of offsets “START END”", id, parts[i]);
          return FALSE;
        }
      if (s >= e || e > length)
        {
          _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_OFFSETS, reader->filename, line,
                                   "%s: offsets %u–%u are not a span of the article, which "
                                   "has %u characters", id, s, e, length);
          return FALSE;
        }
      g_array_append_val (fragments, s);
      g_array_append_val (fragments, e);
    }
  if (fragments->len == 0)
    {
      _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, reader->filename, line,
                               "%s: expected “%s<TAB>TYPE START END<TAB>TEXT”", id, id);
      return FALSE;
    }

  /* The text, when given, is the fragments' text joined by spaces. */
  if (n_fields >= 2)
    {
      const char *p = fields[1];
      gboolean ok = TRUE;

      for (guint i = 0; ok && i < fragments->len; i += 2)
        {
          if (i > 0)
            ok = (*p++ == ' ');
          ok = ok && match_fragment (reader->document, g_array_index (fragments, guint, i),
                                     g_array_index (fragments, guint, i + 1), &p);
        }
      if (!ok || *p != '\0')
        {
          g_autofree char *actual = gloss_document_dup_slice (reader->document,
                                                              g_array_index (fragments, guint, 0),
                                                              g_array_index (fragments, guint, fragments->len - 1));

          _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MISMATCH, reader->filename, line,
                                   "%s: the annotation quotes “%s” but the article has “%s” "
                                   "at %u–%u (offsets count Unicode code points)",
                                   id, fields[1], actual, g_array_index (fragments, guint, 0),
                                   g_array_index (fragments, guint, fragments->len - 1));
          return FALSE;
        }
    }

  span = g_new0 (Span, 1);
  span->id = g_strdup (id);
  span->type = g_steal_pointer (&type);
  span->line = line;
  span->start = g_array_index (fragments, guint, 0);
  span->end = g_array_index (fragments, guint, 1);

  if (fragments->len > 2)
    {
      for (guint i = 0; i < fragments->len; i += 2)
        {
          span->start = MIN (span->start, g_array_index (fragments, guint, i));
          span->end = MAX (span->end, g_array_index (fragments, guint, i + 1));
        }
      /* brat cannot quote a line break: a span across one is written as the
       * fragments between the breaks. Those are one span again. */
      if (!only_line_breaks_between (reader->document, fragments))
        {
          if (!reader->options->cover_discontinuous)
            {
              _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_UNSUPPORTED, reader->filename,
                                       line,
                                       "%s has %u fragments (%s); Gloss spans are continuous: "
                                       "split it into several annotations, or import it as "
                                       "one span over %u–%u with --discontinuous=cover",
                                       id, fragments->len / 2, space + 1, span->start,
                                       span->end);
              span_free (span);
              return FALSE;
            }
          _gloss_import_warn (reader->result, reader->filename, line,
                              "%s has %u fragments; imported as one span over %u–%u",
                              id, fragments->len / 2, span->start, span->end);
        }
    }

  g_hash_table_insert (reader->spans, span->id, span);
  g_ptr_array_add (reader->span_order, span);
  return TRUE;
}

static char *
role_name (const char *role)
{
  char *lower = g_ascii_strdown (role, -1);
  gsize len = strlen (lower);

  /* brat numbers repeated roles: Theme2, Arg1. */
  while (len > 1 && g_ascii_isdigit (lower[len - 1]))
    lower[--len] = '\0';
  return lower;
}

static gboolean
parse_event (Reader     *reader,
             const char *id,
             char      **fields,
             guint       n_fields,
             guint       line,
             GError    **error)
{
  g_auto(GStrv) words = NULL;
  Event *event;
  char *colon;

  if (n_fields < 1)
    {
      _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, reader->filename, line,
                               "%s: expected “%s<TAB>TYPE:TRIGGER ROLE:ARG…”", id, id);
      return FALSE;
    }
  words = g_strsplit (fields[0], " ", -1);
  if (words[0] == NULL || (colon = strchr (words[0], ':')) == NULL || colon[1] == '\0')
    {
      _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, reader->filename, line,
                               "%s: expected “%s<TAB>TYPE:TRIGGER ROLE:ARG…”", id, id);
      return FALSE;
    }

  event = g_new0 (Event, 1);
  event->id = g_strdup (id);
  event->type = g_strndup (words[0], colon - words[0]);
  event->trigger = g_strdup (colon + 1);
  event->line = line;
  event->roles = g_ptr_array_new_with_free_func (g_free);
  event->args = g_ptr_array_new_with_free_func (g_free);
  g_hash_table_insert (reader->events, event->id, event);
  g_ptr_array_add (reader->event_order, event);

  for (guint i = 1; words[i] != NULL; i++)
    {
      if (*words[i] == '\0')
        continue;
      colon = strchr (words[i], ':');
      if (colon == NULL || colon == words[i] || colon[1] == '\0')
        {
          _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, reader->filename, line,
                                   "%s: “%s” is not “ROLE:ID”", id, words[i]);
          return FALSE;
        }
      g_ptr_array_add (event->roles, g_strndup (words[i], colon - words[i]));
      g_ptr_array_add (event->args, g_strdup (colon + 1));
    }
  return TRUE;
}

static gboolean
parse_lines (Reader      *reader,
             const char  *data,
             gsize        len,
             GError     **error)
{
  g_autofree char *copy = NULL;
  g_auto(GStrv) lines = NULL;
  const char *end = NULL;

  if (!g_utf8_validate_len (data, len, &end))
    {
      _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_ENCODING, reader->filename,
                               _gloss_import_line_of (data, end),
                               "invalid UTF-8 or NUL byte at byte %" G_GSIZE_FORMAT,
                               (gsize) (end - data));
      return FALSE;
    }
  copy = g_strndup (data, len);
  lines = g_strsplit (copy, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      char *text = lines[i];
      guint line = i + 1;
      gsize n = strlen (text);
      g_auto(GStrv) fields = NULL;
      guint n_fields;
      const char *id;

      if (n > 0 && text[n - 1] == '\r')
        text[--n] = '\0';
      if (i == 0 && g_str_has_prefix (text, "\xEF\xBB\xBF"))
        text += 3;
      if (*text == '\0')
        continue;

      fields = g_strsplit (text, "\t", 3);
      n_fields = g_strv_length (fields) - 1;
      id = fields[0];

      if (id[0] == '\0' || (id[1] == '\0' && id[0] != '*' && id[0] != '#'))
        {
          _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, reader->filename, line,
                                   "“%s” is not an annotation id (T1, E1, R1, A1, N1, #1…)", id);
          return FALSE;
        }
      if ((id[0] == 'T' || id[0] == 'E' || id[0] == 'R')
          && (g_hash_table_contains (reader->spans, id)
              || g_hash_table_contains (reader->events, id)))
        {
          _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, reader->filename, line,
                                   "%s is defined twice", id);
          return FALSE;
        }

      switch (id[0])
        {
        case 'T':
          if (!parse_span (reader, id, fields + 1, n_fields, line, error))
            return FALSE;
          break;

        case 'E':
          if (!parse_event (reader, id, fields + 1, n_fields, line, error))
            return FALSE;
          break;

        case 'R':
        case 'A':
        case 'M':
        case 'N':
        case '#':
        case '*':
          {
            Other *other = g_new0 (Other, 1);

            if (n_fields < 1)
              {
                g_free (other);
                _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, reader->filename,
                                         line, "%s: a tab and the annotation must follow the id",
                                         id);
                return FALSE;
              }
            other->id = g_strdup (id);
            other->line = line;
            other->fields = g_strdupv (fields + 1);
            g_ptr_array_add (reader->others, other);
          }
          break;

        default:
          _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, reader->filename, line,
                                   "“%s” is not a brat annotation id (T, E, R, A, N, # or *)",
                                   id);
          return FALSE;
        }
    }
  return TRUE;
}

/* The claim of an event or of its trigger, or NULL. */
static GlossAnnotation *
lookup_claim (Reader     *reader,
              const char *id)
{
  Event *event = g_hash_table_lookup (reader->events, id);
  Span *span;

  if (event != NULL)
    return event->claim;
  span = g_hash_table_lookup (reader->spans, id);
  if (span != NULL && span->role == SPAN_CLAIM)
    return span->annotation;
  return NULL;
}

/* The annotation @id stands for: an entity, a claim, a relation. */
static GlossAnnotation *
lookup_target (Reader     *reader,
               const char *id)
{
  GlossAnnotation *claim = lookup_claim (reader, id);
  Span *span;

  if (claim != NULL)
    return claim;
  span = g_hash_table_lookup (reader->spans, id);
  if (span != NULL)
    return span->annotation;
  return g_hash_table_lookup (reader->relations, id);
}

static gboolean
known_id (Reader     *reader,
          const char *id)
{
  return g_hash_table_contains (reader->spans, id) || g_hash_table_contains (reader->events, id)
         || g_hash_table_contains (reader->relations, id);
}

static gboolean
wrap_error (Reader      *reader,
            guint        line,
            const char  *id,
            GError      *local_error,
            GError     **error)
{
  GlossImportError code = GLOSS_IMPORT_ERROR_MALFORMED;

  if (local_error == NULL)
    {
      _gloss_import_set_error (error, code, reader->filename, line, "%s: cannot be imported", id);
      return FALSE;
    }
  if (local_error->domain == GLOSS_ANNOTATION_ERROR)
    switch (local_error->code)
      {
      case GLOSS_ANNOTATION_ERROR_OFFSETS:
        code = GLOSS_IMPORT_ERROR_OFFSETS;
        break;
      case GLOSS_ANNOTATION_ERROR_UNKNOWN_TYPE:
      case GLOSS_ANNOTATION_ERROR_UNKNOWN_ATTRIBUTE:
      case GLOSS_ANNOTATION_ERROR_BAD_VALUE:
        code = GLOSS_IMPORT_ERROR_UNKNOWN_TYPE;
        break;
      default:
        break;
      }
  _gloss_import_set_error (error, code, reader->filename, line, "%s: %s", id,
                           local_error->message);
  return FALSE;
}

/* Marks the spans that claim events use, so that they do not also become
 * entities. */
static gboolean
classify_events (Reader  *reader,
                 GError **error)
{
  for (guint i = 0; i < reader->event_order->len; i++)
    {
      Event *event = g_ptr_array_index (reader->event_order, i);
      Span *trigger = g_hash_table_lookup (reader->spans, event->trigger);
      const char *type_id;
      GlossImportTypeResult result;

      result = _gloss_import_resolve_type (reader->options, event->type, TRUE, &type_id,
                                           reader->filename, event->line, error);
      if (result == GLOSS_IMPORT_TYPE_UNKNOWN)
        return FALSE;
      if (result == GLOSS_IMPORT_TYPE_SKIP)
        {
          _gloss_import_warn (reader->result, reader->filename, event->line,
                              "%s: skipped event of type “%s”", event->id, event->type);
          continue;
        }
      if (!g_str_equal (type_id, GLOSS_IMPORT_CLAIM_TYPE))
        {
          _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_UNKNOWN_TYPE, reader->filename,
                                   event->line,
                                   "%s: event type “%s” is not a claim; Gloss imports only "
                                   "Claim events (map it with --map “%s=claim”, or drop it "
                                   "with --skip-unknown)", event->id, event->type, event->type);
          return FALSE;
        }
      if (trigger == NULL)
        {
          _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, reader->filename,
                                   event->line, "%s: its trigger %s is not a T annotation "
                                   "of this file", event->id, event->trigger);
          return FALSE;
        }
      if (trigger->role == SPAN_CUE || trigger->role == SPAN_SOURCE)
        {
          _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, reader->filename,
                                   event->line, "%s: %s is a claim here and a cue or source "
                                   "of another claim", event->id, event->trigger);
          return FALSE;
        }
      event->is_claim = TRUE;
      trigger->role = SPAN_CLAIM;

      for (guint r = 0; r < event->roles->len; r++)
        {
          g_autofree char *role = role_name (g_ptr_array_index (event->roles, r));
          const char *arg = g_ptr_array_index (event->args, r);
          Span *span = g_hash_table_lookup (reader->spans, arg);

          if (g_str_equal (role, "parent"))
            continue;
          if (!g_str_equal (role, "source") && !g_str_equal (role, "cue"))
            {
              _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, reader->filename,
                                       event->line, "%s: unknown role “%s” in a claim "
                                       "(Gloss knows Source, Cue and Parent)",
                                       event->id, (const char *) g_ptr_array_index (event->roles, r));
              return FALSE;
            }
          if (span == NULL)
            {
              _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, reader->filename,
                                       event->line, "%s: its %s %s is not a T annotation "
                                       "of this file", event->id, role, arg);
              return FALSE;
            }
          if (span->role == SPAN_CLAIM)
            {
              _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, reader->filename,
                                       event->line, "%s: its %s %s is the content of a claim",
                                       event->id, role, arg);
              return FALSE;
            }
          if (g_str_equal (role, "cue"))
            span->role = SPAN_CUE;
          else
            {
              const char *entity_type = NULL;
              g_autoptr(GError) ignored = NULL;

              /* A source whose type is an entity type is that entity;
               * any other is a span of text. */
              if (_gloss_import_resolve_type (reader->options, span->type, FALSE, &entity_type,
                                              reader->filename, span->line, &ignored)
                  != GLOSS_IMPORT_TYPE_FOUND)
                span->role = SPAN_SOURCE;
            }
        }
    }
  return TRUE;
}

static gboolean
make_spans (Reader  *reader,
            GError **error)
{
  for (guint i = 0; i < reader->span_order->len; i++)
    {
      Span *span = g_ptr_array_index (reader->span_order, i);
      g_autoptr(GError) local_error = NULL;
      const char *type_id;
      GlossImportTypeResult result;

      if (span->role == SPAN_CUE || span->role == SPAN_SOURCE)
        continue;
      if (span->role == SPAN_CLAIM)
        {
          span->annotation = gloss_annotation_set_add_claim (reader->set, span->start, span->end,
                                                             &local_error);
          if (span->annotation == NULL)
            return wrap_error (reader, span->line, span->id, local_error, error);
          continue;
        }

      result = _gloss_import_resolve_type (reader->options, span->type, TRUE, &type_id,
                                           reader->filename, span->line, error);
      if (result == GLOSS_IMPORT_TYPE_UNKNOWN)
        return FALSE;
      if (result == GLOSS_IMPORT_TYPE_SKIP)
        {
          _gloss_import_warn (reader->result, reader->filename, span->line,
                              "%s: skipped annotation of type “%s”", span->id, span->type);
          continue;
        }
      if (g_str_equal (type_id, GLOSS_IMPORT_CLAIM_TYPE))
        {
          /* A claim span without an event: a claim whose source is not known. */
          span->role = SPAN_CLAIM;
          span->annotation = gloss_annotation_set_add_claim (reader->set, span->start, span->end,
                                                             &local_error);
        }
      else
        span->annotation = gloss_annotation_set_add_entity (reader->set, type_id, span->start,
                                                            span->end, &local_error);
      if (span->annotation == NULL)
        return wrap_error (reader, span->line, span->id, local_error, error);
    }
  return TRUE;
}

static gboolean
fill_claims (Reader  *reader,
             GError **error)
{
  for (guint i = 0; i < reader->event_order->len; i++)
    {
      Event *event = g_ptr_array_index (reader->event_order, i);
      Span *trigger;
      gboolean have_source = FALSE;
      gboolean have_cue = FALSE;

      if (!event->is_claim)
        continue;
      trigger = g_hash_table_lookup (reader->spans, event->trigger);
      event->claim = trigger->annotation;
      if (event->claim == NULL
          || gloss_annotation_get_kind (event->claim) != GLOSS_ANNOTATION_CLAIM)
        {
          _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, reader->filename,
                                   event->line, "%s: its trigger %s is not a claim's content",
                                   event->id, event->trigger);
          return FALSE;
        }

      for (guint r = 0; r < event->roles->len; r++)
        {
          g_autofree char *role = role_name (g_ptr_array_index (event->roles, r));
          const char *arg = g_ptr_array_index (event->args, r);
          Span *span = g_hash_table_lookup (reader->spans, arg);
          g_autoptr(GError) local_error = NULL;
          gboolean ok;

          if (g_str_equal (role, "parent"))
            continue;
          if (g_str_equal (role, "cue"))
            {
              if (have_cue)
                {
                  _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_UNSUPPORTED,
                                           reader->filename, event->line,
                                           "%s: a claim has at most one Cue", event->id);
                  return FALSE;
                }
              have_cue = TRUE;
              ok = gloss_annotation_set_set_cue (reader->set, event->claim, span->start,
                                                 span->end, &local_error);
            }
          else
            {
              if (have_source)
                {
                  _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_UNSUPPORTED,
                                           reader->filename, event->line,
                                           "%s: a claim has at most one Source", event->id);
                  return FALSE;
                }
              have_source = TRUE;
              if (span->role == SPAN_SOURCE)
                ok = gloss_annotation_set_set_source_span (reader->set, event->claim,
                                                           span->start, span->end, &local_error);
              else if (span->annotation != NULL
                       && gloss_annotation_get_kind (span->annotation) == GLOSS_ANNOTATION_ENTITY)
                ok = gloss_annotation_set_set_source_entity (reader->set, event->claim,
                                                             span->annotation, &local_error);
              else
                {
                  _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED,
                                           reader->filename, event->line,
                                           "%s: its source %s is neither an entity nor a span",
                                           event->id, arg);
                  return FALSE;
                }
            }
          if (!ok)
            return wrap_error (reader, event->line, event->id, local_error, error);
        }
    }

  /* Parents once every claim exists. */
  for (guint i = 0; i < reader->event_order->len; i++)
    {
      Event *event = g_ptr_array_index (reader->event_order, i);

      if (!event->is_claim)
        continue;
      for (guint r = 0; r < event->roles->len; r++)
        {
          g_autofree char *role = role_name (g_ptr_array_index (event->roles, r));
          const char *arg = g_ptr_array_index (event->args, r);
          g_autoptr(GError) local_error = NULL;
          GlossAnnotation *parent;

          if (!g_str_equal (role, "parent"))
            continue;
          parent = lookup_claim (reader, arg);
          if (parent == NULL)
            {
              _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, reader->filename,
                                       event->line, "%s: its Parent %s is not a claim of "
                                       "this file", event->id, arg);
              return FALSE;
            }
          if (!gloss_annotation_set_set_parent (reader->set, event->claim, parent, &local_error))
            return wrap_error (reader, event->line, event->id, local_error, error);
        }
    }
  return TRUE;
}

/* R, A, M, N, # and * lines, in file order, except that relations come
 * first so that notes can name them. */
static gboolean
apply_relation (Reader  *reader,
                Other   *other,
                GError **error)
{
  g_auto(GStrv) words = g_strsplit (other->fields[0], " ", -1);
  g_autoptr(GError) local_error = NULL;
  GlossAnnotation *ends[2] = { NULL, NULL };
  GlossAnnotation *relation;
  const char *type_id;
  GlossImportTypeResult result;
  guint n = 0;

  if (words[0] == NULL || *words[0] == '\0')
    {
      _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, reader->filename,
                               other->line, "%s: expected “%s<TAB>TYPE Arg1:ID Arg2:ID”",
                               other->id, other->id);
      return FALSE;
    }
  for (guint i = 1; words[i] != NULL; i++)
    {
      char *colon = strchr (words[i], ':');

      if (*words[i] == '\0')
        continue;
      if (colon == NULL || n == 2)
        {
          _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, reader->filename,
                                   other->line, "%s: expected “%s<TAB>TYPE Arg1:ID Arg2:ID”",
                                   other->id, other->id);
          return FALSE;
        }
      if (!known_id (reader, colon + 1))
        {
          _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, reader->filename,
                                   other->line, "%s: %s is not an annotation of this file",
                                   other->id, colon + 1);
          return FALSE;
        }
      ends[n++] = lookup_target (reader, colon + 1);
    }
  if (n != 2)
    {
      _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, reader->filename,
                               other->line, "%s: expected “%s<TAB>TYPE Arg1:ID Arg2:ID”",
                               other->id, other->id);
      return FALSE;
    }

  result = _gloss_import_resolve_relation (reader->options, words[0], &type_id,
                                           reader->filename, other->line, error);
  if (result == GLOSS_IMPORT_TYPE_UNKNOWN)
    return FALSE;
  if (result == GLOSS_IMPORT_TYPE_SKIP || ends[0] == NULL || ends[1] == NULL)
    {
      _gloss_import_warn (reader->result, reader->filename, other->line,
                          result == GLOSS_IMPORT_TYPE_SKIP
                          ? "%s: skipped relation of type “%s”"
                          : "%s: skipped relation “%s”, one of whose ends was skipped",
                          other->id, words[0]);
      return TRUE;
    }
  relation = gloss_annotation_set_add_relation (reader->set, type_id, ends[0], ends[1],
                                                &local_error);
  if (relation == NULL)
    return wrap_error (reader, other->line, other->id, local_error, error);
  g_hash_table_insert (reader->relations, other->id, relation);
  return TRUE;
}

static gboolean
apply_attribute (Reader  *reader,
                 Other   *other,
                 GError **error)
{
  g_auto(GStrv) words = g_strsplit (other->fields[0], " ", 3);
  g_autoptr(GError) local_error = NULL;
  const GlossAttributeDef *def;
  GlossAnnotation *target;
  const char *value_id;
  const char *value;

  if (g_strv_length (words) < 2)
    {
      _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, reader->filename,
                               other->line, "%s: expected “%s<TAB>NAME TARGET [VALUE]”",
                               other->id, other->id);
      return FALSE;
    }
  if (!known_id (reader, words[1]))
    {
      _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, reader->filename,
                               other->line, "%s: %s is not an annotation of this file",
                               other->id, words[1]);
      return FALSE;
    }
  target = lookup_target (reader, words[1]);
  if (target == NULL || gloss_annotation_get_kind (target) == GLOSS_ANNOTATION_RELATION)
    {
      _gloss_import_warn (reader->result, reader->filename, other->line,
                          "%s: skipped attribute “%s” of %s, which is not an entity or claim",
                          other->id, words[0], words[1]);
      return TRUE;
    }

  /* The article's own voice as the source of a claim. */
  if (g_ascii_strcasecmp (words[0], "ArticleVoice") == 0
      && gloss_annotation_get_kind (target) == GLOSS_ANNOTATION_CLAIM)
    {
      if (!gloss_annotation_set_set_source_article (reader->set, target, &local_error))
        return wrap_error (reader, other->line, other->id, local_error, error);
      return TRUE;
    }

  /* A binary attribute (no value) is "true". */
  value = words[2] != NULL ? words[2] : "true";
  def = _gloss_import_resolve_attribute (reader->options->tagset, words[0], value, &value_id,
                                         reader->filename, other->line, &local_error);
  if (def == NULL)
    {
      if (reader->options->skip_unknown_types)
        {
          _gloss_import_warn (reader->result, reader->filename, other->line, "%s: skipped: %s",
                              other->id, local_error->message);
          return TRUE;
        }
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!gloss_annotation_set_set_attribute (reader->set, target, def->id, value_id, &local_error))
    return wrap_error (reader, other->line, other->id, local_error, error);
  return TRUE;
}

/* "Wikidata:Q42" is Gloss's "wikidata:Q42"; "URL:…" the IRI itself. */
static char *
link_from_brat (const char *reference)
{
  if (g_ascii_strncasecmp (reference, "Wikidata:", 9) == 0)
    return g_strconcat ("wikidata:", reference + 9, NULL);
  if (g_str_has_prefix (reference, "URL:"))
    return g_strdup (reference + 4);
  return g_strdup (reference);
}

/* brat has no free-text attributes: "NAME=VALUE" notes hold them when NAME
 * is such an attribute of the tagset. */
static gboolean
note_as_attribute (Reader          *reader,
                   GlossAnnotation *target,
                   const char      *note)
{
  const char *equals = strchr (note, '=');
  g_autofree char *name = NULL;
  const GlossAttributeDef *def;
  GlossAppliesTo kind;

  if (equals == NULL || gloss_annotation_get_kind (target) == GLOSS_ANNOTATION_RELATION)
    return FALSE;
  name = g_strndup (note, equals - note);
  def = gloss_tagset_lookup_attribute (reader->options->tagset, name);
  kind = gloss_annotation_get_kind (target) == GLOSS_ANNOTATION_ENTITY ? GLOSS_APPLIES_TO_ENTITY
                                                                       : GLOSS_APPLIES_TO_CLAIM;
  if (def == NULL || def->values != NULL || (def->applies_to & kind) == 0)
    return FALSE;
  return gloss_annotation_set_set_attribute (reader->set, target, def->id, equals + 1, NULL);
}

static gboolean
apply_other (Reader  *reader,
             Other   *other,
             GError **error)
{
  GlossAnnotation *target;
  g_auto(GStrv) words = NULL;

  switch (other->id[0])
    {
    case 'A':
    case 'M':
      return apply_attribute (reader, other, error);

    case 'N':
    case '#':
      words = g_strsplit (other->fields[0], " ", 3);
      if (g_strv_length (words) < 2 || (other->id[0] == 'N' && g_strv_length (words) < 3))
        {
          _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, reader->filename,
                                   other->line,
                                   other->id[0] == 'N'
                                   ? "%s: expected “%s<TAB>Reference TARGET DB:ID<TAB>TEXT”"
                                   : "%s: expected “%s<TAB>AnnotatorNotes TARGET<TAB>TEXT”",
                                   other->id, other->id);
          return FALSE;
        }
      if (other->id[0] == '#' && !g_str_equal (words[0], "AnnotatorNotes"))
        {
          _gloss_import_warn (reader->result, reader->filename, other->line,
                              "%s: skipped comment of kind “%s” (only AnnotatorNotes "
                              "become notes)", other->id, words[0]);
          return TRUE;
        }
      if (!known_id (reader, words[1]))
        {
          _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, reader->filename,
                                   other->line, "%s: %s is not an annotation of this file",
                                   other->id, words[1]);
          return FALSE;
        }
      target = lookup_target (reader, words[1]);
      if (target == NULL)
        {
          _gloss_import_warn (reader->result, reader->filename, other->line,
                              "%s: skipped, because %s is a cue or source span or was skipped",
                              other->id, words[1]);
          return TRUE;
        }
      if (other->id[0] == 'N')
        {
          g_autofree char *link = link_from_brat (words[2]);

          gloss_annotation_set_set_link (reader->set, target, link);
        }
      else
        {
          const char *note = other->fields[1] != NULL ? other->fields[1] : "";

          if (!note_as_attribute (reader, target, note))
            {
              const char *old_note = gloss_annotation_get_note (target);

              /* Several notes on one annotation: one note, a line each. */
              if (old_note != NULL)
                {
                  g_autofree char *joined = g_strconcat (old_note, "\n", note, NULL);

                  gloss_annotation_set_set_note (reader->set, target, joined);
                }
              else
                gloss_annotation_set_set_note (reader->set, target, note);
            }
        }
      return TRUE;

    case '*':
      _gloss_import_warn (reader->result, reader->filename, other->line,
                          "%s: skipped “%s” (equivalence sets are not imported; use "
                          "same-as relations)", other->id, other->fields[0]);
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

gboolean
gloss_import_brat (GBytes                   *text,
                   const char               *text_filename,
                   GBytes                   *ann,
                   const char               *ann_filename,
                   const GlossImportOptions *options,
                   GlossImportFunc           func,
                   gpointer                  user_data,
                   GError                  **error)
{
  g_autoptr(GlossDocument) document = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GHashTable) spans = NULL;
  g_autoptr(GHashTable) events = NULL;
  g_autoptr(GHashTable) relations = NULL;
  g_autoptr(GPtrArray) span_order = NULL;
  g_autoptr(GPtrArray) event_order = NULL;
  g_autoptr(GPtrArray) others = NULL;
  GlossImportedDocument *result;
  Reader reader = { 0 };
  gsize len;
  const char *data;
  gboolean ok;

  g_return_val_if_fail (text != NULL && ann != NULL, FALSE);
  g_return_val_if_fail (text_filename != NULL && ann_filename != NULL, FALSE);
  g_return_val_if_fail (options != NULL && GLOSS_IS_TAGSET (options->tagset), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  name = _gloss_import_article_name (text_filename, ".txt");
  if (name == NULL)
    {
      _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, text_filename, 0,
                               "cannot make an article name from this file name");
      return FALSE;
    }
  document = _gloss_import_load_text (text, name, text_filename, NULL, error);
  if (document == NULL)
    return FALSE;

  result = _gloss_import_document_new (name, document);
  result->annotations = _gloss_import_new_set (document, options, NULL, ann_filename, 0, error);
  if (result->annotations == NULL)
    {
      gloss_imported_document_free (result);
      return FALSE;
    }

  spans = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) span_free);
  events = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) event_free);
  relations = g_hash_table_new (g_str_hash, g_str_equal);
  span_order = g_ptr_array_new ();
  event_order = g_ptr_array_new ();
  others = g_ptr_array_new_with_free_func ((GDestroyNotify) other_free);

  reader.options = options;
  reader.filename = ann_filename;
  reader.document = document;
  reader.result = result;
  reader.set = result->annotations;
  reader.spans = spans;
  reader.events = events;
  reader.relations = relations;
  reader.span_order = span_order;
  reader.event_order = event_order;
  reader.others = others;

  data = g_bytes_get_data (ann, &len);
  ok = parse_lines (&reader, data != NULL ? data : "", len, error)
       && classify_events (&reader, error)
       && make_spans (&reader, error)
       && fill_claims (&reader, error);

  for (guint i = 0; ok && i < others->len; i++)
    {
      Other *other = g_ptr_array_index (others, i);

      if (other->id[0] == 'R')
        {
          if (g_hash_table_contains (relations, other->id))
            {
              _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, ann_filename,
                                       other->line, "%s is defined twice", other->id);
              ok = FALSE;
            }
          else
            ok = apply_relation (&reader, other, error);
        }
    }
  for (guint i = 0; ok && i < others->len; i++)
    {
      Other *other = g_ptr_array_index (others, i);

      if (other->id[0] != 'R')
        ok = apply_other (&reader, other, error);
    }

  if (!ok)
    {
      gloss_imported_document_free (result);
      return FALSE;
    }
  return _gloss_import_deliver (result, func, user_data, error);
}
