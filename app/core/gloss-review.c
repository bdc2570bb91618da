/* gloss-review.c: the annotation sets of several annotators on one document, compared
 *
 * How versions are grouped (docs/review.md says the same for users)
 *
 * Entities and claims are grouped separately (an entity never shares a
 * group with a claim), each group holding at most one annotation of each
 * annotator:
 *
 * 1. Same span. Annotations with identical start and end are taken in the
 *    order (type, annotator, id); each joins the first group of that span
 *    and type that has nothing yet from its annotator, else starts one.
 *    Then each group of the span is merged into the first earlier group of
 *    the span with which it shares no annotator. So the same span with two
 *    types is one group (a type disagreement), while an annotator's second
 *    annotation of the same span stays apart.
 * 2. Overlap. Groups that still lack some annotator are paired with every
 *    other such group whose span overlaps theirs (interval index) and with
 *    which they share no annotator. The pairs are taken best first: same
 *    type before different type, then larger overlap ratio (shared code
 *    points / code points of the union), then by position; a pair is
 *    merged when the two groups (as merged so far) still share no
 *    annotator. This is a greedy maximum-overlap matching for two
 *    annotators and its natural extension for more; it depends only on
 *    the annotations, never on hash order, so it is deterministic.
 * 3. Relations are grouped by the groups of their two ends (in either
 *    order for a symmetric relation type), the same way as step 1 with the
 *    pair of end groups in place of the span.
 *
 * A group's differences: MISSING when some annotator has no version;
 * BOUNDARY when the spans differ; TYPE when the types differ; for claims
 * SOURCE (entity sources compared by the group of the entity, span sources
 * by offsets, the article's voice and "not chosen" as such; different
 * kinds differ), CUE (offsets, or both without one); ATTRIBUTE when any
 * attribute has another value or is missing from one version. Notes,
 * links and nesting are not compared.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-review"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "gloss-document.h"
#include "gloss-interval-index.h"
#include "gloss-review.h"
#include "gloss-review-private.h"
#include "gloss-tagset.h"
#include "gloss-tokenizer.h"

#define N_KINDS    3
#define N_STATUSES 7

struct _GlossReview
{
  GObject        parent_instance;

  GPtrArray     *sets;
  GListStore    *groups;
  GListStore    *disagreements;
  /* GlossAnnotation * -> GlossReviewGroup * (borrowed: the lists own the groups) */
  GHashTable    *by_annotation;
  guint          counts[N_KINDS][N_STATUSES];

  guint         *tokens;
  guint          n_tokens;
  gboolean       have_tokens;
};

G_DEFINE_FINAL_TYPE (GlossReview, gloss_review, G_TYPE_OBJECT)

G_DEFINE_QUARK (gloss-review-error-quark, gloss_review_error)

enum
{
  REFRESHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* ------------------------------------------------------------------ */
/* Grouping                                                            */

typedef struct
{
  GlossAnnotation *annotation;
  const char      *type;       /* interned by the annotation */
  const char      *id;
  guint            start;
  guint            end;
  guint            annotator;
  guint            group;
  guint            next;       /* next item of the same group, or G_MAXUINT */
} Item;

typedef struct
{
  guint64 mask;
  guint   head;
  guint   tail;
  guint   parent;
  guint   start;
  guint   end;
  const char *type;
} Work;

typedef struct
{
  guint   i;
  guint   j;
  guint   same_type;
  guint   shared;
  guint   joint;
} Candidate;

static int
compare_str (const char *a,
             const char *b)
{
  return a == b ? 0 : strcmp (a, b);
}

/* "e2" before "e10". */
int
_gloss_review_compare_id (const char *a,
                          const char *b)
{
  while (*a != '\0' && *b != '\0')
    {
      if (g_ascii_isdigit (*a) && g_ascii_isdigit (*b))
        {
          const char *ea = a, *eb = b;
          gsize la, lb;
          int c;

          while (*a == '0' && g_ascii_isdigit (a[1]))
            a++;
          while (*b == '0' && g_ascii_isdigit (b[1]))
            b++;
          for (ea = a; g_ascii_isdigit (*ea); ea++)
            ;
          for (eb = b; g_ascii_isdigit (*eb); eb++)
            ;
          la = ea - a;
          lb = eb - b;
          if (la != lb)
            return la < lb ? -1 : 1;
          c = memcmp (a, b, la);
          if (c != 0)
            return c;
          a = ea;
          b = eb;
          continue;
        }
      if (*a != *b)
        return (guchar) *a - (guchar) *b;
      a++;
      b++;
    }
  return (guchar) *a - (guchar) *b;
}

static int
compare_items_by_span (gconstpointer pa,
                       gconstpointer pb)
{
  const Item *a = pa;
  const Item *b = pb;
  int c;

  if (a->start != b->start)
    return a->start < b->start ? -1 : 1;
  if (a->end != b->end)
    return a->end < b->end ? -1 : 1;
  if ((c = compare_str (a->type, b->type)) != 0)
    return c;
  if (a->annotator != b->annotator)
    return a->annotator < b->annotator ? -1 : 1;
  return _gloss_review_compare_id (a->id, b->id);
}

static guint
work_find (GArray *works,
           guint   g)
{
  Work *w = &g_array_index (works, Work, g);

  while (w->parent != g)
    {
      Work *p = &g_array_index (works, Work, w->parent);

      /* Path halving. */
      w->parent = p->parent;
      g = w->parent;
      w = &g_array_index (works, Work, g);
    }
  return g;
}

static guint
work_new (GArray *works,
          Item   *items,
          guint   item)
{
  Work w = { 0 };
  guint g = works->len;

  w.mask = G_GUINT64_CONSTANT (1) << items[item].annotator;
  w.head = w.tail = item;
  w.parent = g;
  w.start = items[item].start;
  w.end = items[item].end;
  w.type = items[item].type;
  g_array_append_val (works, w);
  items[item].group = g;
  items[item].next = G_MAXUINT;
  return g;
}

static void
work_add (GArray *works,
          Item   *items,
          guint   g,
          guint   item)
{
  Work *w = &g_array_index (works, Work, g);

  w->mask |= G_GUINT64_CONSTANT (1) << items[item].annotator;
  items[w->tail].next = item;
  w->tail = item;
  items[item].group = g;
  items[item].next = G_MAXUINT;
}

/* Moves group @from into group @into. */
static void
work_merge (GArray *works,
            Item   *items,
            guint   into,
            guint   from)
{
  Work *a = &g_array_index (works, Work, into);
  Work *b = &g_array_index (works, Work, from);

  a->mask |= b->mask;
  items[a->tail].next = b->head;
  a->tail = b->tail;
  b->parent = into;
  b->mask = 0;
}

/* Step 1 for one run of items with the same span. */
static void
group_same_span (GArray *works,
                 Item   *items,
                 guint   first,
                 guint   last,
                 GArray *run)
{
  g_array_set_size (run, 0);

  for (guint k = first; k < last; k++)
    {
      guint64 bit = G_GUINT64_CONSTANT (1) << items[k].annotator;
      gboolean placed = FALSE;

      for (guint r = 0; r < run->len && !placed; r++)
        {
          guint g = g_array_index (run, guint, r);
          Work *w = &g_array_index (works, Work, g);

          if (w->type == items[k].type && (w->mask & bit) == 0)
            {
              work_add (works, items, g, k);
              placed = TRUE;
            }
        }
      if (!placed)
        {
          guint g = work_new (works, items, k);

          g_array_append_val (run, g);
        }
    }

  for (guint r = 1; r < run->len; r++)
    {
      guint g = g_array_index (run, guint, r);

      for (guint q = 0; q < r; q++)
        {
          guint h = g_array_index (run, guint, q);
          Work *wh = &g_array_index (works, Work, h);
          Work *wg = &g_array_index (works, Work, g);

          if (wh->parent == h && (wh->mask & wg->mask) == 0)
            {
              work_merge (works, items, h, g);
              break;
            }
        }
    }
}

typedef struct
{
  GArray *works;
  GArray *candidates;
  guint   self;
  guint64 full;
} CandidateSearch;

static gboolean
collect_candidate (guint    start,
                   guint    end,
                   gpointer data,
                   gpointer user_data)
{
  CandidateSearch *cs = user_data;
  guint j = GPOINTER_TO_UINT (data);
  Work *a, *b;
  Candidate c;

  if (j <= cs->self)
    return TRUE;
  a = &g_array_index (cs->works, Work, cs->self);
  b = &g_array_index (cs->works, Work, j);
  if ((a->mask & b->mask) != 0)
    return TRUE;

  c.i = cs->self;
  c.j = j;
  c.same_type = a->type == b->type || strcmp (a->type, b->type) == 0;
  c.shared = MIN (a->end, b->end) - MAX (a->start, b->start);
  c.joint = MAX (a->end, b->end) - MIN (a->start, b->start);
  g_array_append_val (cs->candidates, c);
  return TRUE;
}

static int
compare_candidates (gconstpointer pa,
                    gconstpointer pb)
{
  const Candidate *a = pa;
  const Candidate *b = pb;
  guint64 ra, rb;

  if (a->same_type != b->same_type)
    return a->same_type ? -1 : 1;
  /* shared/joint, larger first, without floating point. */
  ra = (guint64) a->shared * b->joint;
  rb = (guint64) b->shared * a->joint;
  if (ra != rb)
    return ra > rb ? -1 : 1;
  if (a->i != b->i)
    return a->i < b->i ? -1 : 1;
  return a->j < b->j ? -1 : (a->j > b->j);
}

/* Groups the entities or the claims of all sets; appends one member array
 * (n slots) per group to @out. */
static void
group_spans (GlossReview         *self,
             GlossAnnotationKind  kind,
             GPtrArray           *out)
{
  guint n = self->sets->len;
  guint64 full = n >= 64 ? G_MAXUINT64 : (G_GUINT64_CONSTANT (1) << n) - 1;
  g_autoptr(GArray) items_array = g_array_new (FALSE, FALSE, sizeof (Item));
  g_autoptr(GArray) works = g_array_new (FALSE, FALSE, sizeof (Work));
  g_autoptr(GArray) run = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (Candidate));
  g_autoptr(GlossIntervalIndex) index = gloss_interval_index_new ();
  Item *items;
  guint n_items;

  for (guint s = 0; s < n; s++)
    {
      GlossAnnotationSet *set = g_ptr_array_index (self->sets, s);
      GListModel *list = kind == GLOSS_ANNOTATION_ENTITY ? gloss_annotation_set_get_entities (set)
                                                         : gloss_annotation_set_get_claims (set);
      guint count = g_list_model_get_n_items (list);

      for (guint k = 0; k < count; k++)
        {
          g_autoptr(GlossAnnotation) a = g_list_model_get_item (list, k);
          Item item = { 0 };

          item.annotation = a;
          item.type = gloss_annotation_get_type_id (a);
          item.id = gloss_annotation_get_id (a);
          item.start = gloss_annotation_get_start (a);
          item.end = gloss_annotation_get_end (a);
          item.annotator = s;
          g_array_append_val (items_array, item);
        }
    }

  items = (Item *) items_array->data;
  n_items = items_array->len;
  if (n_items == 0)
    return;
  qsort (items, n_items, sizeof (Item), compare_items_by_span);

  /* 1. Same span. */
  for (guint first = 0; first < n_items;)
    {
      guint last = first + 1;

      while (last < n_items && items[last].start == items[first].start &&
             items[last].end == items[first].end)
        last++;
      group_same_span (works, items, first, last, run);
      first = last;
    }

  /* 2. Overlap, among the groups that lack someone. */
  for (guint g = 0; g < works->len; g++)
    {
      Work *w = &g_array_index (works, Work, g);

      if (w->parent == g && w->mask != full && w->start < w->end)
        gloss_interval_index_insert (index, w->start, w->end, GUINT_TO_POINTER (g));
    }
  for (guint g = 0; g < works->len; g++)
    {
      Work *w = &g_array_index (works, Work, g);
      CandidateSearch cs = { works, candidates, g, full };

      if (w->parent != g || w->mask == full)
        continue;
      gloss_interval_index_foreach_overlap (index, w->start, w->end, collect_candidate, &cs);
    }
  g_array_sort (candidates, compare_candidates);
  for (guint c = 0; c < candidates->len; c++)
    {
      Candidate *cand = &g_array_index (candidates, Candidate, c);
      guint ri = work_find (works, cand->i);
      guint rj = work_find (works, cand->j);
      Work *wi = &g_array_index (works, Work, ri);
      Work *wj = &g_array_index (works, Work, rj);

      if (ri == rj || (wi->mask & wj->mask) != 0)
        continue;
      if (ri < rj)
        work_merge (works, items, ri, rj);
      else
        work_merge (works, items, rj, ri);
    }

  for (guint g = 0; g < works->len; g++)
    {
      Work *w = &g_array_index (works, Work, g);
      GlossAnnotation **members;

      if (w->parent != g)
        continue;
      members = g_new0 (GlossAnnotation *, n);
      for (guint k = w->head; k != G_MAXUINT; k = items[k].next)
        members[items[k].annotator] = items[k].annotation;
      g_ptr_array_add (out, members);
    }
}

/* Relations, keyed by the groups of their ends. */
typedef struct
{
  GlossAnnotation *annotation;
  const char      *type;
  const char      *id;
  guint            from;
  guint            to;
  guint            annotator;
  guint            group;
  guint            next;
} RelItem;

static int
compare_rel_items (gconstpointer pa,
                   gconstpointer pb)
{
  const RelItem *a = pa;
  const RelItem *b = pb;
  int c;

  if (a->from != b->from)
    return a->from < b->from ? -1 : 1;
  if (a->to != b->to)
    return a->to < b->to ? -1 : 1;
  if ((c = compare_str (a->type, b->type)) != 0)
    return c;
  if (a->annotator != b->annotator)
    return a->annotator < b->annotator ? -1 : 1;
  return _gloss_review_compare_id (a->id, b->id);
}

static GlossReviewGroup *
group_of_id (GlossReview        *self,
             GlossAnnotationSet *set,
             const char         *id)
{
  GlossAnnotation *a = id != NULL ? gloss_annotation_set_lookup (set, id) : NULL;

  return a != NULL ? g_hash_table_lookup (self->by_annotation, a) : NULL;
}

static void
group_relations (GlossReview *self,
                 GPtrArray   *out,
                 GArray      *spans)
{
  guint n = self->sets->len;
  g_autoptr(GArray) rel = g_array_new (FALSE, FALSE, sizeof (RelItem));
  GlossTagset *tagset = gloss_annotation_set_get_tagset (g_ptr_array_index (self->sets, 0));

  for (guint s = 0; s < n; s++)
    {
      GlossAnnotationSet *set = g_ptr_array_index (self->sets, s);
      GListModel *list = gloss_annotation_set_get_relations (set);
      guint count = g_list_model_get_n_items (list);

      for (guint k = 0; k < count; k++)
        {
          g_autoptr(GlossAnnotation) a = g_list_model_get_item (list, k);
          GlossReviewGroup *from = group_of_id (self, set, gloss_annotation_get_from (a));
          GlossReviewGroup *to = group_of_id (self, set, gloss_annotation_get_to (a));
          const GlossRelationType *rt;
          RelItem item = { 0 };

          if (from == NULL || to == NULL)
            continue;
          item.annotation = a;
          item.type = gloss_annotation_get_type_id (a);
          item.id = gloss_annotation_get_id (a);
          item.from = gloss_review_group_get_index (from);
          item.to = gloss_review_group_get_index (to);
          item.annotator = s;
          rt = gloss_tagset_lookup_relation_type (tagset, item.type);
          if (rt != NULL && rt->symmetric && item.from > item.to)
            {
              guint t = item.from;

              item.from = item.to;
              item.to = t;
            }
          g_array_append_val (rel, item);
        }
    }

  g_array_sort (rel, compare_rel_items);

  for (guint first = 0; first < rel->len;)
    {
      RelItem *items = (RelItem *) rel->data;
      guint last = first + 1;
      g_autoptr(GPtrArray) groups = g_ptr_array_new ();
      g_autoptr(GArray) masks = g_array_new (FALSE, TRUE, sizeof (guint64));
      g_autoptr(GPtrArray) types = g_ptr_array_new ();
      g_autoptr(GArray) alive = g_array_new (FALSE, TRUE, sizeof (gboolean));

      while (last < rel->len && items[last].from == items[first].from &&
             items[last].to == items[first].to)
        last++;

      /* Same type first, then merge groups with no annotator in common. */
      for (guint k = first; k < last; k++)
        {
          guint64 bit = G_GUINT64_CONSTANT (1) << items[k].annotator;
          gboolean placed = FALSE;

          for (guint r = 0; r < groups->len && !placed; r++)
            {
              guint64 *m = &g_array_index (masks, guint64, r);

              if (g_ptr_array_index (types, r) == items[k].type && (*m & bit) == 0)
                {
                  GlossAnnotation **members = g_ptr_array_index (groups, r);

                  members[items[k].annotator] = items[k].annotation;
                  *m |= bit;
                  placed = TRUE;
                }
            }
          if (!placed)
            {
              GlossAnnotation **members = g_new0 (GlossAnnotation *, n);
              gboolean yes = TRUE;

              members[items[k].annotator] = items[k].annotation;
              g_ptr_array_add (groups, members);
              g_array_append_val (masks, bit);
              g_ptr_array_add (types, (gpointer) items[k].type);
              g_array_append_val (alive, yes);
            }
        }
      for (guint r = 1; r < groups->len; r++)
        for (guint q = 0; q < r; q++)
          {
            guint64 *mq = &g_array_index (masks, guint64, q);
            guint64 *mr = &g_array_index (masks, guint64, r);

            if (g_array_index (alive, gboolean, q) && (*mq & *mr) == 0)
              {
                GlossAnnotation **into = g_ptr_array_index (groups, q);
                GlossAnnotation **from = g_ptr_array_index (groups, r);

                for (guint s = 0; s < n; s++)
                  if (from[s] != NULL)
                    into[s] = from[s];
                *mq |= *mr;
                g_array_index (alive, gboolean, r) = FALSE;
                break;
              }
          }
      for (guint r = 0; r < groups->len; r++)
        {
          GlossAnnotation **members = g_ptr_array_index (groups, r);

          if (g_array_index (alive, gboolean, r))
            {
              guint span[2];

              /* The place of a relation: from its first end to its last. */
              span[0] = MIN (g_array_index (spans, guint, 2 * items[first].from),
                             g_array_index (spans, guint, 2 * items[first].to));
              span[1] = MAX (g_array_index (spans, guint, 2 * items[first].from + 1),
                             g_array_index (spans, guint, 2 * items[first].to + 1));
              g_ptr_array_add (out, members);
              g_array_append_vals (spans, span, 2);
            }
          else
            g_free (members);
        }
      first = last;
    }
}

/* ------------------------------------------------------------------ */
/* Differences                                                         */

static gboolean
same_attributes (GlossAnnotation *a,
                 GlossAnnotation *b)
{
  guint n = gloss_annotation_get_n_attributes (a);

  if (n != gloss_annotation_get_n_attributes (b))
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      const char *name, *value;

      gloss_annotation_get_nth_attribute (a, i, &name, &value);
      if (g_strcmp0 (gloss_annotation_get_attribute (b, name), value) != 0)
        return FALSE;
    }
  return TRUE;
}

static gboolean
same_source (GlossReview     *self,
             guint            ia,
             GlossAnnotation *a,
             guint            ib,
             GlossAnnotation *b)
{
  GlossSourceKind ka = gloss_annotation_get_source_kind (a);
  GlossSourceKind kb = gloss_annotation_get_source_kind (b);

  if (ka != kb)
    return FALSE;
  switch (ka)
    {
    case GLOSS_SOURCE_ENTITY:
      {
        GlossReviewGroup *ga = group_of_id (self, g_ptr_array_index (self->sets, ia),
                                            gloss_annotation_get_source_entity (a));
        GlossReviewGroup *gb = group_of_id (self, g_ptr_array_index (self->sets, ib),
                                            gloss_annotation_get_source_entity (b));

        return ga != NULL && ga == gb;
      }
    case GLOSS_SOURCE_SPAN:
      {
        guint sa, ea, sb, eb;

        gloss_annotation_get_source_span (a, &sa, &ea);
        gloss_annotation_get_source_span (b, &sb, &eb);
        return sa == sb && ea == eb;
      }
    case GLOSS_SOURCE_ARTICLE:
    case GLOSS_SOURCE_NONE:
    default:
      return TRUE;
    }
}

static gboolean
same_cue (GlossAnnotation *a,
          GlossAnnotation *b)
{
  guint sa = GLOSS_OFFSET_NONE, ea = GLOSS_OFFSET_NONE;
  guint sb = GLOSS_OFFSET_NONE, eb = GLOSS_OFFSET_NONE;
  gboolean has_a = gloss_annotation_get_cue (a, &sa, &ea);
  gboolean has_b = gloss_annotation_get_cue (b, &sb, &eb);

  if (has_a != has_b)
    return FALSE;
  return !has_a || (sa == sb && ea == eb);
}

gboolean
_gloss_review_same_source (GlossReview     *self,
                           guint            ia,
                           GlossAnnotation *a,
                           guint            ib,
                           GlossAnnotation *b)
{
  return same_source (self, ia, a, ib, b);
}

static GlossReviewDifferences
compute_differences (GlossReview      *self,
                     GlossReviewGroup *group)
{
  GlossAnnotation **m = _gloss_review_group_get_members (group);
  guint n = self->sets->len;
  GlossReviewDifferences d = GLOSS_REVIEW_AGREED;
  GlossAnnotationKind kind = gloss_review_group_get_kind (group);
  guint first = gloss_review_group_get_first_present (group);
  GlossAnnotation *ref = m[first];

  if (gloss_review_group_get_n_present (group) < n)
    d |= GLOSS_REVIEW_MISSING;

  for (guint i = first + 1; i < n; i++)
    {
      GlossAnnotation *a = m[i];

      if (a == NULL)
        continue;
      if (kind != GLOSS_ANNOTATION_RELATION &&
          (gloss_annotation_get_start (a) != gloss_annotation_get_start (ref) ||
           gloss_annotation_get_end (a) != gloss_annotation_get_end (ref)))
        d |= GLOSS_REVIEW_BOUNDARY;
      if (g_strcmp0 (gloss_annotation_get_type_id (a), gloss_annotation_get_type_id (ref)) != 0)
        d |= GLOSS_REVIEW_TYPE;
      if (!same_attributes (a, ref))
        d |= GLOSS_REVIEW_ATTRIBUTE;
      if (kind == GLOSS_ANNOTATION_CLAIM)
        {
          if (!same_source (self, first, ref, i, a))
            d |= GLOSS_REVIEW_SOURCE;
          if (!same_cue (a, ref))
            d |= GLOSS_REVIEW_CUE;
        }
    }
  return d;
}

/* ------------------------------------------------------------------ */
/* The review                                                          */

typedef struct
{
  GlossReviewGroup *group;
  guint             key2;
  guint             key3;
  const char       *id;
} Sortable;

static int
compare_sortable (gconstpointer pa,
                  gconstpointer pb)
{
  const Sortable *a = pa;
  const Sortable *b = pb;
  guint sa = gloss_review_group_get_start (a->group), sb = gloss_review_group_get_start (b->group);
  guint ea = gloss_review_group_get_end (a->group), eb = gloss_review_group_get_end (b->group);
  GlossAnnotationKind ka = gloss_review_group_get_kind (a->group);
  GlossAnnotationKind kb = gloss_review_group_get_kind (b->group);

  if (sa != sb)
    return sa < sb ? -1 : 1;
  if (ea != eb)
    return ea < eb ? -1 : 1;
  if (ka != kb)
    return ka < kb ? -1 : 1;
  if (a->key2 != b->key2)
    return a->key2 < b->key2 ? -1 : 1;
  if (a->key3 != b->key3)
    return a->key3 < b->key3 ? -1 : 1;
  return _gloss_review_compare_id (a->id, b->id);
}

static void
sort_groups (GArray *sortables)
{
  g_array_sort (sortables, compare_sortable);
}

static void
compare_all (GlossReview *self)
{
  guint n = self->sets->len;
  g_autoptr(GPtrArray) members = g_ptr_array_new ();
  g_autoptr(GArray) sortables = g_array_new (FALSE, FALSE, sizeof (Sortable));
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GPtrArray) all = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) disagreements = g_ptr_array_new ();
  guint n_spans_groups;

  g_hash_table_remove_all (self->by_annotation);
  memset (self->counts, 0, sizeof self->counts);

  group_spans (self, GLOSS_ANNOTATION_ENTITY, members);
  n_spans_groups = members->len;
  group_spans (self, GLOSS_ANNOTATION_CLAIM, members);

  for (guint g = 0; g < members->len; g++)
    {
      GlossAnnotation **m = g_ptr_array_index (members, g);
      GlossReviewGroup *group = _gloss_review_group_new (g < n_spans_groups ? GLOSS_ANNOTATION_ENTITY
                                                                            : GLOSS_ANNOTATION_CLAIM,
                                                         n, m);
      guint first = gloss_review_group_get_first_present (group);
      Sortable s = { group, first, 0, gloss_annotation_get_id (m[first]) };

      g_array_append_val (sortables, s);
      g_free (m);
    }
  g_ptr_array_set_size (members, 0);

  /* Entities and claims get their final index before relations refer to it. */
  sort_groups (sortables);
  for (guint k = 0; k < sortables->len; k++)
    {
      Sortable *s = &g_array_index (sortables, Sortable, k);
      GlossAnnotation **m = _gloss_review_group_get_members (s->group);
      guint span[2] = { gloss_review_group_get_start (s->group), gloss_review_group_get_end (s->group) };

      _gloss_review_group_set_index (s->group, k);
      g_array_append_vals (spans, span, 2);
      for (guint i = 0; i < n; i++)
        if (m[i] != NULL)
          g_hash_table_insert (self->by_annotation, m[i], s->group);
    }

  {
    guint n_before = spans->len / 2;

    group_relations (self, members, spans);
    for (guint g = 0; g < members->len; g++)
      {
        GlossAnnotation **m = g_ptr_array_index (members, g);
        GlossReviewGroup *group = _gloss_review_group_new (GLOSS_ANNOTATION_RELATION, n, m);
        guint first = gloss_review_group_get_first_present (group);
        GlossAnnotationSet *set = g_ptr_array_index (self->sets, first);
        GlossReviewGroup *from = group_of_id (self, set, gloss_annotation_get_from (m[first]));
        GlossReviewGroup *to = group_of_id (self, set, gloss_annotation_get_to (m[first]));
        Sortable s = { group, gloss_review_group_get_index (from), gloss_review_group_get_index (to),
                       gloss_annotation_get_id (m[first]) };

        _gloss_review_group_set_span (group, g_array_index (spans, guint, 2 * (n_before + g)),
                                      g_array_index (spans, guint, 2 * (n_before + g) + 1));
        g_array_append_val (sortables, s);
        g_free (m);
      }
  }

  sort_groups (sortables);
  for (guint k = 0; k < sortables->len; k++)
    {
      Sortable *s = &g_array_index (sortables, Sortable, k);
      GlossAnnotation **m = _gloss_review_group_get_members (s->group);

      _gloss_review_group_set_index (s->group, k);
      if (gloss_review_group_get_kind (s->group) == GLOSS_ANNOTATION_RELATION)
        for (guint i = 0; i < n; i++)
          if (m[i] != NULL)
            g_hash_table_insert (self->by_annotation, m[i], s->group);
      g_ptr_array_add (all, s->group);
    }

  /* Differences need every group in place (claim sources look up entity groups). */
  for (guint k = 0; k < all->len; k++)
    {
      GlossReviewGroup *group = g_ptr_array_index (all, k);
      GlossReviewDifferences d = compute_differences (self, group);
      GlossReviewDifferences status;

      _gloss_review_group_set_differences (group, d);
      status = gloss_review_group_get_status (group);
      self->counts[gloss_review_group_get_kind (group)][status == 0 ? 0 : g_bit_nth_lsf (status, -1) + 1]++;
      if (d != GLOSS_REVIEW_AGREED)
        g_ptr_array_add (disagreements, group);
    }

  g_list_store_splice (self->groups, 0, g_list_model_get_n_items (G_LIST_MODEL (self->groups)),
                       all->pdata, all->len);
  g_list_store_splice (self->disagreements, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->disagreements)),
                       disagreements->pdata, disagreements->len);
}

static void
gloss_review_finalize (GObject *object)
{
  GlossReview *self = GLOSS_REVIEW (object);

  g_clear_pointer (&self->by_annotation, g_hash_table_unref);
  g_clear_object (&self->groups);
  g_clear_object (&self->disagreements);
  g_clear_pointer (&self->sets, g_ptr_array_unref);
  g_free (self->tokens);

  G_OBJECT_CLASS (gloss_review_parent_class)->finalize (object);
}

static void
gloss_review_class_init (GlossReviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = gloss_review_finalize;

  /* After a refresh: the group lists hold new groups. */
  signals[REFRESHED] = g_signal_new ("refreshed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
gloss_review_init (GlossReview *self)
{
  self->sets = g_ptr_array_new_with_free_func (g_object_unref);
  self->groups = g_list_store_new (GLOSS_TYPE_REVIEW_GROUP);
  self->disagreements = g_list_store_new (GLOSS_TYPE_REVIEW_GROUP);
  self->by_annotation = g_hash_table_new (NULL, NULL);
}

static gboolean
check_sets (GlossAnnotationSet * const *sets,
            guint                       n_sets,
            GError                    **error)
{
  GlossDocument *doc0;

  if (n_sets < 2)
    {
      g_set_error (error, GLOSS_REVIEW_ERROR, GLOSS_REVIEW_ERROR_TOO_FEW,
                   _("A review needs the annotations of at least two annotators"));
      return FALSE;
    }
  if (n_sets > GLOSS_REVIEW_MAX_ANNOTATORS)
    {
      g_set_error (error, GLOSS_REVIEW_ERROR, GLOSS_REVIEW_ERROR_TOO_MANY,
                   _("A review compares at most %d annotators; choose fewer"),
                   GLOSS_REVIEW_MAX_ANNOTATORS);
      return FALSE;
    }

  doc0 = gloss_annotation_set_get_document (sets[0]);
  for (guint i = 0; i < n_sets; i++)
    {
      GlossDocument *doc = gloss_annotation_set_get_document (sets[i]);

      g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (sets[i]), FALSE);
      for (guint j = 0; j < i; j++)
        if (g_strcmp0 (gloss_annotation_set_get_annotator_id (sets[i]),
                       gloss_annotation_set_get_annotator_id (sets[j])) == 0)
          {
            g_set_error (error, GLOSS_REVIEW_ERROR, GLOSS_REVIEW_ERROR_DUPLICATE,
                         _("The annotations of “%s” are given twice"),
                         gloss_annotation_set_get_annotator_id (sets[i]));
            return FALSE;
          }
      if (doc != doc0 && g_strcmp0 (gloss_document_get_sha256 (doc), gloss_document_get_sha256 (doc0)) != 0)
        {
          g_set_error (error, GLOSS_REVIEW_ERROR, GLOSS_REVIEW_ERROR_DOCUMENT,
                       _("The annotations of “%s” and “%s” were loaded on different texts "
                         "(%s and %s); compare annotations of the same article"),
                       gloss_annotation_set_get_annotator_id (sets[0]),
                       gloss_annotation_set_get_annotator_id (sets[i]),
                       gloss_document_get_name (doc0), gloss_document_get_name (doc));
          return FALSE;
        }
    }
  return TRUE;
}

GlossReview *
gloss_review_new (GlossAnnotationSet * const *sets,
                  guint                       n_sets,
                  GError                    **error)
{
  GlossReview *self;

  g_return_val_if_fail (sets != NULL || n_sets == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_sets (sets, n_sets, error))
    return NULL;

  self = g_object_new (GLOSS_TYPE_REVIEW, NULL);
  for (guint i = 0; i < n_sets; i++)
    g_ptr_array_add (self->sets, g_object_ref (sets[i]));
  compare_all (self);

  return self;
}

GlossDocument *
gloss_review_get_document (GlossReview *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW (self), NULL);
  return gloss_annotation_set_get_document (g_ptr_array_index (self->sets, 0));
}

guint
gloss_review_get_n_annotators (GlossReview *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW (self), 0);
  return self->sets->len;
}

const char *
gloss_review_get_annotator_id (GlossReview *self,
                               guint        index)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW (self), NULL);
  g_return_val_if_fail (index < self->sets->len, NULL);
  return gloss_annotation_set_get_annotator_id (g_ptr_array_index (self->sets, index));
}

GlossAnnotationSet *
gloss_review_get_set (GlossReview *self,
                      guint        index)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW (self), NULL);
  g_return_val_if_fail (index < self->sets->len, NULL);
  return g_ptr_array_index (self->sets, index);
}

int
gloss_review_find_annotator (GlossReview *self,
                             const char  *annotator_id)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW (self), -1);

  for (guint i = 0; i < self->sets->len; i++)
    if (g_strcmp0 (gloss_review_get_annotator_id (self, i), annotator_id) == 0)
      return (int) i;
  return -1;
}

GListModel *
gloss_review_get_groups (GlossReview *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW (self), NULL);
  return G_LIST_MODEL (self->groups);
}

GListModel *
gloss_review_get_disagreements (GlossReview *self)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW (self), NULL);
  return G_LIST_MODEL (self->disagreements);
}

GlossReviewGroup *
gloss_review_find_group (GlossReview     *self,
                         guint            index,
                         GlossAnnotation *annotation)
{
  GlossReviewGroup *group;

  g_return_val_if_fail (GLOSS_IS_REVIEW (self), NULL);
  g_return_val_if_fail (index < self->sets->len, NULL);

  group = g_hash_table_lookup (self->by_annotation, annotation);
  if (group == NULL || gloss_review_group_get_annotation (group, index) != annotation)
    return NULL;
  return group;
}

GlossReviewGroup *
gloss_review_lookup_group (GlossReview *self,
                           const char  *annotator_id,
                           const char  *annotation_id)
{
  int index;

  g_return_val_if_fail (GLOSS_IS_REVIEW (self), NULL);

  index = gloss_review_find_annotator (self, annotator_id);
  if (index < 0 || annotation_id == NULL)
    return NULL;
  return group_of_id (self, g_ptr_array_index (self->sets, index), annotation_id);
}

guint
gloss_review_count_status (GlossReview           *self,
                           GlossAnnotationKind    kind,
                           GlossReviewDifferences status)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW (self), 0);
  g_return_val_if_fail (kind < N_KINDS, 0);
  g_return_val_if_fail ((status & (status - 1)) == 0, 0);

  return self->counts[kind][status == 0 ? 0 : g_bit_nth_lsf (status, -1) + 1];
}

gboolean
gloss_review_replace_set (GlossReview        *self,
                          guint               index,
                          GlossAnnotationSet *set,
                          GError            **error)
{
  g_autoptr(GPtrArray) sets = NULL;

  g_return_val_if_fail (GLOSS_IS_REVIEW (self), FALSE);
  g_return_val_if_fail (index < self->sets->len, FALSE);
  g_return_val_if_fail (GLOSS_IS_ANNOTATION_SET (set), FALSE);

  /* A shallow copy without the owner's free function: it only borrows. */
  sets = g_ptr_array_sized_new (self->sets->len);
  for (guint i = 0; i < self->sets->len; i++)
    g_ptr_array_add (sets, i == index ? set : g_ptr_array_index (self->sets, i));
  if (g_strcmp0 (gloss_annotation_set_get_annotator_id (set),
                 gloss_review_get_annotator_id (self, index)) != 0)
    {
      g_set_error (error, GLOSS_REVIEW_ERROR, GLOSS_REVIEW_ERROR_DUPLICATE,
                   _("The annotations of “%s” cannot replace those of “%s”"),
                   gloss_annotation_set_get_annotator_id (set),
                   gloss_review_get_annotator_id (self, index));
      return FALSE;
    }
  if (!check_sets ((GlossAnnotationSet * const *) sets->pdata, sets->len, error))
    return FALSE;

  g_object_ref (set);
  g_object_unref (g_ptr_array_index (self->sets, index));
  g_ptr_array_index (self->sets, index) = set;
  gloss_review_refresh (self);
  return TRUE;
}

void
gloss_review_refresh (GlossReview *self)
{
  g_return_if_fail (GLOSS_IS_REVIEW (self));

  compare_all (self);
  g_signal_emit (self, signals[REFRESHED], 0);
}

static gboolean
add_token (guint    start,
           guint    end,
           gboolean starts_sentence,
           gpointer user_data)
{
  GArray *tokens = user_data;
  guint pair[2] = { start, end };

  g_array_append_vals (tokens, pair, 2);
  return TRUE;
}

/* Tokenizing is Pango's word segmentation, the slowest part of measuring
 * agreement on a long article. No token crosses a line break, so the text
 * is cut at line breaks into one slice per processor, each tokenized by its
 * own tokenizer (a document may be read from any thread; a tokenizer may
 * not be shared). */
#define TOKENIZE_SLICE_MIN 262144

typedef struct
{
  GlossDocument *document;
  guint          start;
  guint          end;
  GArray        *tokens;
} Slice;

static gpointer
tokenize_slice (gpointer data)
{
  Slice *slice = data;
  g_autoptr(GlossTokenizer) tokenizer = gloss_tokenizer_new (slice->document);

  gloss_tokenizer_foreach (tokenizer, slice->start, slice->end, add_token, slice->tokens);
  return NULL;
}

static guint
line_start_near (GlossDocument *document,
                 guint          offset)
{
  gsize n_bytes;
  const char *text = gloss_document_get_text (document, &n_bytes);
  gsize byte = gloss_document_offset_to_byte (document, offset);
  const char *nl = memchr (text + byte, '\n', n_bytes - byte);

  return nl != NULL ? gloss_document_byte_to_offset (document, nl - text + 1)
                    : gloss_document_get_length (document);
}

const guint *
gloss_review_get_tokens (GlossReview *self,
                         guint       *n_tokens)
{
  g_return_val_if_fail (GLOSS_IS_REVIEW (self), NULL);
  g_return_val_if_fail (n_tokens != NULL, NULL);

  if (!self->have_tokens)
    {
      GlossDocument *document = gloss_review_get_document (self);
      guint length = gloss_document_get_length (document);
      guint n_slices = CLAMP (length / TOKENIZE_SLICE_MIN, 1, MIN (g_get_num_processors (), 8));
      Slice slices[8];
      GThread *threads[8] = { NULL };
      GArray *tokens;

      for (guint i = 0; i < n_slices; i++)
        {
          slices[i].document = document;
          slices[i].start = i == 0 ? 0 : slices[i - 1].end;
          slices[i].end = i + 1 == n_slices ? length
                                            : MAX (slices[i].start,
                                                   line_start_near (document, (guint) ((guint64) length * (i + 1) / n_slices)));
          slices[i].tokens = g_array_new (FALSE, FALSE, sizeof (guint));
        }
      for (guint i = 1; i < n_slices; i++)
        threads[i] = g_thread_try_new ("gloss-tokenize", tokenize_slice, &slices[i], NULL);
      tokenize_slice (&slices[0]);
      tokens = slices[0].tokens;
      for (guint i = 1; i < n_slices; i++)
        {
          if (threads[i] != NULL)
            g_thread_join (threads[i]);
          else
            tokenize_slice (&slices[i]);
          g_array_append_vals (tokens, slices[i].tokens->data, slices[i].tokens->len);
          g_array_unref (slices[i].tokens);
        }
      self->n_tokens = tokens->len / 2;
      self->tokens = (guint *) (void *) g_array_free (tokens, FALSE);
      self->have_tokens = TRUE;
    }
  *n_tokens = self->n_tokens;
  return self->tokens;
}

static void
append_quote (GString       *out,
              GlossDocument *document,
              guint          start,
              guint          end)
{
  g_autofree char *text = gloss_document_dup_slice (document, start, end);

  /* One line: line breaks inside a span would break lists and tables. */
  for (char *p = text; *p != '\0'; p++)
    if (*p == '\n' || *p == '\r' || *p == '\t')
      *p = ' ';
  g_string_append_printf (out, "“%s”", text);
}

char *
gloss_review_describe (GlossReview     *self,
                       guint            index,
                       GlossAnnotation *a)
{
  GlossDocument *document;
  GlossAnnotationSet *set;
  GString *out;
  guint n;

  g_return_val_if_fail (GLOSS_IS_REVIEW (self), NULL);
  g_return_val_if_fail (index < self->sets->len, NULL);
  g_return_val_if_fail (GLOSS_IS_ANNOTATION (a), NULL);

  document = gloss_review_get_document (self);
  set = g_ptr_array_index (self->sets, index);
  out = g_string_new (gloss_annotation_get_type_id (a));

  if (gloss_annotation_get_kind (a) == GLOSS_ANNOTATION_RELATION)
    {
      GlossAnnotation *from = gloss_annotation_set_lookup (set, gloss_annotation_get_from (a));
      GlossAnnotation *to = gloss_annotation_set_lookup (set, gloss_annotation_get_to (a));

      if (from != NULL && to != NULL)
        {
          g_string_append (out, " ");
          append_quote (out, document, gloss_annotation_get_start (from), gloss_annotation_get_end (from));
          g_string_append (out, " → ");
          append_quote (out, document, gloss_annotation_get_start (to), gloss_annotation_get_end (to));
        }
      return g_string_free (out, FALSE);
    }

  g_string_append (out, " ");
  append_quote (out, document, gloss_annotation_get_start (a), gloss_annotation_get_end (a));
  g_string_append_printf (out, " %u–%u", gloss_annotation_get_start (a), gloss_annotation_get_end (a));

  if (gloss_annotation_get_kind (a) == GLOSS_ANNOTATION_CLAIM)
    {
      guint s, e;

      switch (gloss_annotation_get_source_kind (a))
        {
        case GLOSS_SOURCE_ENTITY:
          {
            GlossAnnotation *src = gloss_annotation_set_lookup (set, gloss_annotation_get_source_entity (a));

            g_string_append (out, " source=");
            if (src != NULL)
              append_quote (out, document, gloss_annotation_get_start (src), gloss_annotation_get_end (src));
            break;
          }
        case GLOSS_SOURCE_SPAN:
          gloss_annotation_get_source_span (a, &s, &e);
          g_string_append (out, " source=span:");
          append_quote (out, document, s, e);
          break;
        case GLOSS_SOURCE_ARTICLE:
          g_string_append (out, " source=article");
          break;
        case GLOSS_SOURCE_NONE:
        default:
          break;
        }
      if (gloss_annotation_get_cue (a, &s, &e))
        {
          g_string_append (out, " cue=");
          append_quote (out, document, s, e);
        }
    }

  n = gloss_annotation_get_n_attributes (a);
  for (guint i = 0; i < n; i++)
    {
      const char *name, *value;

      gloss_annotation_get_nth_attribute (a, i, &name, &value);
      g_string_append_printf (out, " %s=%s", name, value);
    }
  return g_string_free (out, FALSE);
}
