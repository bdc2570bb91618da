/* gloss-corpus.c: a folder of articles and how far each annotator got
 *
 * Two kinds of work run in worker threads. A scan lists the folder (names,
 * sizes, modification times) and loads the tagset when it changed; the
 * main thread turns it into items and notes which ones differ from what it
 * had. Counting then reads those items' articles and sidecars a few at a
 * time, so that the list shows at once and the counts fill in; an item
 * that changes again while it is being counted is counted again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-corpus"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "gloss-annotation-set.h"
#include "gloss-corpus.h"
#include "gloss-document.h"
#include "gloss-sidecar.h"

#define ARTICLE_SUFFIX  ".txt"
#define RESCAN_DELAY_MS 200
#define COUNT_BATCH     8

double
gloss_annotator_progress_get_fraction (const GlossAnnotatorProgress *progress)
{
  g_return_val_if_fail (progress != NULL, 0.0);

  if (!progress->counted || progress->n_paragraphs == 0)
    return 0.0;
  return (double) progress->n_paragraphs_annotated / progress->n_paragraphs;
}

/* ------------------------------------------------------------------ */
/* Items                                                               */

typedef struct
{
  GlossAnnotatorProgress pub;
  char                  *annotator_id;
  char                  *error;
} Progress;

static void
progress_clear (gpointer data)
{
  Progress *p = data;

  g_free (p->annotator_id);
  g_free (p->error);
  g_clear_object (&p->pub.file);
}

struct _GlossCorpusItem
{
  GObject  parent_instance;

  GFile   *file;
  char    *name;
  char    *sort_key;
  char    *signature;   /* sizes and times of the article and its sidecars */
  guint    generation;  /* bumped when the item must be counted again */
  gboolean queued;
  gboolean dirty;       /* to be counted after this scan */
  gboolean loaded;
  char    *error;
  guint    n_paragraphs;
  GArray  *annotators;  /* Progress, sorted by id */
};

G_DEFINE_FINAL_TYPE (GlossCorpusItem, gloss_corpus_item, G_TYPE_OBJECT)

enum
{
  ITEM_PROP_0,
  ITEM_PROP_FILE,
  ITEM_PROP_NAME,
  ITEM_PROP_LOADED,
  ITEM_PROP_ERROR,
  ITEM_PROP_N_ANNOTATORS,
  ITEM_N_PROPS
};

enum
{
  ITEM_CHANGED,
  ITEM_N_SIGNALS
};

static GParamSpec *item_properties[ITEM_N_PROPS];
static guint item_signals[ITEM_N_SIGNALS];

static void
gloss_corpus_item_finalize (GObject *object)
{
  GlossCorpusItem *self = GLOSS_CORPUS_ITEM (object);

  g_clear_object (&self->file);
  g_free (self->name);
  g_free (self->sort_key);
  g_free (self->signature);
  g_free (self->error);
  g_clear_pointer (&self->annotators, g_array_unref);

  G_OBJECT_CLASS (gloss_corpus_item_parent_class)->finalize (object);
}

static void
gloss_corpus_item_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  GlossCorpusItem *self = GLOSS_CORPUS_ITEM (object);

  switch (prop_id)
    {
    case ITEM_PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case ITEM_PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case ITEM_PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    case ITEM_PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    case ITEM_PROP_N_ANNOTATORS:
      g_value_set_uint (value, self->annotators->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_corpus_item_class_init (GlossCorpusItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = gloss_corpus_item_finalize;
  object_class->get_property = gloss_corpus_item_get_property;

  item_properties[ITEM_PROP_FILE] = g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE, ro);
  item_properties[ITEM_PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, ro);
  item_properties[ITEM_PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE, ro);
  item_properties[ITEM_PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL, ro);
  item_properties[ITEM_PROP_N_ANNOTATORS] =
    g_param_spec_uint ("n-annotators", NULL, NULL, 0, G_MAXUINT, 0, ro);
  g_object_class_install_properties (object_class, ITEM_N_PROPS, item_properties);

  item_signals[ITEM_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
gloss_corpus_item_init (GlossCorpusItem *self)
{
  self->annotators = g_array_new (FALSE, TRUE, sizeof (Progress));
  g_array_set_clear_func (self->annotators, progress_clear);
}

static GlossCorpusItem *
item_new (GFile      *folder,
          const char *name)
{
  GlossCorpusItem *self = g_object_new (GLOSS_TYPE_CORPUS_ITEM, NULL);

  self->file = g_file_get_child (folder, name);
  self->name = g_strdup (name);
  self->sort_key = g_utf8_collate_key_for_filename (name, -1);
  return self;
}

GFile *
gloss_corpus_item_get_file (GlossCorpusItem *self)
{
  g_return_val_if_fail (GLOSS_IS_CORPUS_ITEM (self), NULL);
  return self->file;
}

const char *
gloss_corpus_item_get_name (GlossCorpusItem *self)
{
  g_return_val_if_fail (GLOSS_IS_CORPUS_ITEM (self), NULL);
  return self->name;
}

const char *
gloss_corpus_item_get_sort_key (GlossCorpusItem *self)
{
  g_return_val_if_fail (GLOSS_IS_CORPUS_ITEM (self), NULL);
  return self->sort_key;
}

gboolean
gloss_corpus_item_get_loaded (GlossCorpusItem *self)
{
  g_return_val_if_fail (GLOSS_IS_CORPUS_ITEM (self), FALSE);
  return self->loaded;
}

const char *
gloss_corpus_item_get_error (GlossCorpusItem *self)
{
  g_return_val_if_fail (GLOSS_IS_CORPUS_ITEM (self), NULL);
  return self->error;
}

guint
gloss_corpus_item_get_n_paragraphs (GlossCorpusItem *self)
{
  g_return_val_if_fail (GLOSS_IS_CORPUS_ITEM (self), 0);
  return self->n_paragraphs;
}

guint
gloss_corpus_item_get_n_annotators (GlossCorpusItem *self)
{
  g_return_val_if_fail (GLOSS_IS_CORPUS_ITEM (self), 0);
  return self->annotators->len;
}

const GlossAnnotatorProgress *
gloss_corpus_item_get_annotator (GlossCorpusItem *self,
                                 guint            index)
{
  g_return_val_if_fail (GLOSS_IS_CORPUS_ITEM (self), NULL);
  g_return_val_if_fail (index < self->annotators->len, NULL);
  return &g_array_index (self->annotators, Progress, index).pub;
}

const GlossAnnotatorProgress *
gloss_corpus_item_lookup_annotator (GlossCorpusItem *self,
                                    const char      *annotator_id)
{
  g_return_val_if_fail (GLOSS_IS_CORPUS_ITEM (self), NULL);
  g_return_val_if_fail (annotator_id != NULL, NULL);

  for (guint i = 0; i < self->annotators->len; i++)
    {
      Progress *p = &g_array_index (self->annotators, Progress, i);

      if (strcmp (p->annotator_id, annotator_id) == 0)
        return &p->pub;
    }
  return NULL;
}

gboolean
gloss_corpus_item_has_problems (GlossCorpusItem *self)
{
  g_return_val_if_fail (GLOSS_IS_CORPUS_ITEM (self), FALSE);

  if (self->error != NULL)
    return TRUE;
  for (guint i = 0; i < self->annotators->len; i++)
    if (g_array_index (self->annotators, Progress, i).error != NULL)
      return TRUE;
  return FALSE;
}

static void
item_set_error (GlossCorpusItem *self,
                const char      *error)
{
  if (g_strcmp0 (self->error, error) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (error);
  g_object_notify_by_pspec (G_OBJECT (self), item_properties[ITEM_PROP_ERROR]);
}

static void
item_set_loaded (GlossCorpusItem *self,
                 gboolean         loaded)
{
  if (self->loaded == loaded)
    return;
  self->loaded = loaded;
  g_object_notify_by_pspec (G_OBJECT (self), item_properties[ITEM_PROP_LOADED]);
}

/* ------------------------------------------------------------------ */
/* Scanning the folder (worker thread)                                 */

typedef struct
{
  char   *annotator_id;
  char   *name;
  guint64 size;
  gint64  mtime;
} SidecarEntry;

typedef struct
{
  char      *name;
  guint64    size;
  gint64     mtime;
  gboolean   present;    /* the article itself is there (not only sidecars) */
  GPtrArray *sidecars;   /* SidecarEntry */
} ArticleEntry;

static void
sidecar_entry_free (gpointer data)
{
  SidecarEntry *e = data;

  g_free (e->annotator_id);
  g_free (e->name);
  g_free (e);
}

static void
article_entry_free (gpointer data)
{
  ArticleEntry *e = data;

  g_free (e->name);
  g_ptr_array_unref (e->sidecars);
  g_free (e);
}

typedef struct
{
  GFile       *folder;
  char        *tagset_signature_before;
  /* out */
  GHashTable  *articles;          /* name -> ArticleEntry */
  char        *tagset_signature;
  gboolean     tagset_reloaded;
  GlossTagset *tagset;
  char        *tagset_error;
} ScanJob;

static void
scan_job_free (gpointer data)
{
  ScanJob *job = data;

  g_object_unref (job->folder);
  g_free (job->tagset_signature_before);
  g_clear_pointer (&job->articles, g_hash_table_unref);
  g_free (job->tagset_signature);
  g_clear_object (&job->tagset);
  g_free (job->tagset_error);
  g_free (job);
}

static ArticleEntry *
scan_entry (ScanJob    *job,
            const char *name)
{
  ArticleEntry *e = g_hash_table_lookup (job->articles, name);

  if (e == NULL)
    {
      e = g_new0 (ArticleEntry, 1);
      e->name = g_strdup (name);
      e->sidecars = g_ptr_array_new_with_free_func (sidecar_entry_free);
      g_hash_table_insert (job->articles, e->name, e);
    }
  return e;
}

static gint64
info_mtime (GFileInfo *info)
{
  return (gint64) g_file_info_get_attribute_uint64 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED) * G_USEC_PER_SEC
         + g_file_info_get_attribute_uint32 (info, G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC);
}

static void
scan_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  ScanJob *job = task_data;
  g_autoptr(GFileEnumerator) enumerator = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *folder_name = g_file_get_parse_name (job->folder);
  g_autoptr(GString) tagset_signature = g_string_new ("none");

  enumerator = g_file_enumerate_children (job->folder,
                                          G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                          G_FILE_ATTRIBUTE_STANDARD_TYPE ","
                                          G_FILE_ATTRIBUTE_STANDARD_SIZE ","
                                          G_FILE_ATTRIBUTE_TIME_MODIFIED ","
                                          G_FILE_ATTRIBUTE_TIME_MODIFIED_USEC,
                                          G_FILE_QUERY_INFO_NONE, cancellable, &error);
  if (enumerator == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, error->code, _("Could not open the folder %s: %s"),
                               folder_name, error->message);
      return;
    }

  job->articles = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, article_entry_free);
  for (;;)
    {
      GFileInfo *info = NULL;
      const char *name;
      g_autofree char *text_name = NULL;
      g_autofree char *annotator = NULL;

      if (!g_file_enumerator_iterate (enumerator, &info, NULL, cancellable, &error))
        {
          g_task_return_new_error (task, G_IO_ERROR, error->code,
                                   _("Could not read the folder %s: %s"),
                                   folder_name, error->message);
          return;
        }
      if (info == NULL)
        break;

      name = g_file_info_get_name (info);
      if (name[0] == '.' || g_file_info_get_file_type (info) != G_FILE_TYPE_REGULAR)
        continue;

      if (strcmp (name, GLOSS_TAGSET_FILENAME) == 0)
        {
          g_string_printf (tagset_signature, "%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
                           (gint64) g_file_info_get_size (info), info_mtime (info));
        }
      else if (gloss_sidecar_parse_name (name, &text_name, &annotator))
        {
          ArticleEntry *e = scan_entry (job, text_name);
          SidecarEntry *s = g_new0 (SidecarEntry, 1);

          s->annotator_id = g_steal_pointer (&annotator);
          s->name = g_strdup (name);
          s->size = g_file_info_get_size (info);
          s->mtime = info_mtime (info);
          g_ptr_array_add (e->sidecars, s);
        }
      else if (g_str_has_suffix (name, ARTICLE_SUFFIX))
        {
          ArticleEntry *e = scan_entry (job, name);

          e->present = TRUE;
          e->size = g_file_info_get_size (info);
          e->mtime = info_mtime (info);
        }
    }

  job->tagset_signature = g_string_free (g_steal_pointer (&tagset_signature), FALSE);
  if (g_strcmp0 (job->tagset_signature, job->tagset_signature_before) != 0)
    {
      g_autoptr(GError) tagset_error = NULL;

      job->tagset_reloaded = TRUE;
      job->tagset = gloss_tagset_load_for_folder (job->folder, cancellable, &tagset_error);
      if (job->tagset == NULL)
        job->tagset_error = g_strdup (tagset_error->message);
    }

  g_task_return_boolean (task, TRUE);
}

/* ------------------------------------------------------------------ */
/* Counting (worker thread)                                            */

typedef struct
{
  GlossCorpusItem *item;        /* only touched on the main thread */
  guint            generation;
  GFile           *article;
  GPtrArray       *annotators;  /* char * */
  GPtrArray       *sidecars;    /* GFile */
  /* out */
  char            *error;
  guint            n_paragraphs;
  GArray          *progress;    /* Progress, parallel to annotators */
} CountRequest;

static void
count_request_free (gpointer data)
{
  CountRequest *r = data;

  g_object_unref (r->item);
  g_object_unref (r->article);
  g_ptr_array_unref (r->annotators);
  g_ptr_array_unref (r->sidecars);
  g_free (r->error);
  g_clear_pointer (&r->progress, g_array_unref);
  g_free (r);
}

typedef struct
{
  GlossTagset *tagset;   /* NULL when the folder's tagset is broken */
  GPtrArray   *requests; /* CountRequest */
} CountJob;

static void
count_job_free (gpointer data)
{
  CountJob *job = data;

  g_clear_object (&job->tagset);
  g_ptr_array_unref (job->requests);
  g_free (job);
}

typedef struct
{
  guint start;
  guint end;
} Span;

/* Paragraphs are runs of lines holding something other than white space. */
static GArray *
find_paragraphs (GlossDocument *document)
{
  GArray *spans = g_array_new (FALSE, FALSE, sizeof (Span));
  gsize n_bytes;
  const char *text = gloss_document_get_text (document, &n_bytes);
  const char *end = text + n_bytes;
  guint offset = 0;
  guint line_start = 0;
  gboolean line_blank = TRUE;
  gboolean in_paragraph = FALSE;
  Span current = { 0, 0 };

  for (const char *p = text; p <= end; )
    {
      gunichar c = p < end ? g_utf8_get_char (p) : '\n';

      if (c == '\n')
        {
          if (!line_blank)
            {
              if (!in_paragraph)
                current.start = line_start;
              current.end = offset;
              in_paragraph = TRUE;
            }
          else if (in_paragraph)
            {
              g_array_append_val (spans, current);
              in_paragraph = FALSE;
            }
          line_start = offset + 1;
          line_blank = TRUE;
        }
      else if (!g_unichar_isspace (c))
        line_blank = FALSE;

      if (p == end)
        break;
      p = g_utf8_next_char (p);
      offset++;
    }
  if (in_paragraph)
    g_array_append_val (spans, current);
  return spans;
}

static void
mark_paragraphs (GArray     *paragraphs,
                 gboolean   *marked,
                 GListModel *annotations)
{
  guint n = g_list_model_get_n_items (annotations);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GlossAnnotation) a = g_list_model_get_item (annotations, i);
      guint start = gloss_annotation_get_start (a);
      guint end = gloss_annotation_get_end (a);
      guint lo = 0, hi = paragraphs->len;

      if (gloss_annotation_get_anchor_state (a) == GLOSS_ANCHOR_ORPHANED)
        continue;

      /* First paragraph that ends after the annotation's start. */
      while (lo < hi)
        {
          guint mid = (lo + hi) / 2;

          if (g_array_index (paragraphs, Span, mid).end <= start)
            lo = mid + 1;
          else
            hi = mid;
        }
      for (guint j = lo; j < paragraphs->len && g_array_index (paragraphs, Span, j).start < end; j++)
        marked[j] = TRUE;
    }
}

static void
count_sidecar (CountRequest  *r,
               Progress      *p,
               GFile         *sidecar,
               GlossDocument *document,
               GArray        *paragraphs,
               GlossTagset   *tagset,
               GCancellable  *cancellable)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossAnnotationSet) set = NULL;
  g_autoptr(GlossSidecarReport) report = NULL;
  g_autofree char *name = g_file_get_parse_name (sidecar);
  g_autofree char *annotator = NULL;
  g_autofree gboolean *marked = NULL;

  p->pub.loaded = TRUE;
  bytes = g_file_load_bytes (sidecar, cancellable, NULL, &error);
  if (bytes == NULL)
    {
      p->error = g_strdup_printf (_("Could not read %s: %s"), name, error->message);
      return;
    }

  /* Without the article or the tagset only the header can be checked. */
  if (document == NULL || tagset == NULL)
    {
      if (!gloss_sidecar_peek_bytes (bytes, name, NULL, &annotator, &error))
        p->error = g_strdup (error->message);
      else if (strcmp (annotator, p->annotator_id) != 0)
        p->error = g_strdup_printf (_("%s: the file holds the annotations of “%s”, "
                                      "not of “%s” as its name says"),
                                    name, annotator, p->annotator_id);
      return;
    }

  set = gloss_sidecar_load_bytes (bytes, name, document, tagset, &report, &error);
  if (set == NULL)
    {
      p->error = g_strdup (error->message);
      return;
    }
  if (g_strcmp0 (gloss_annotation_set_get_annotator_id (set), p->annotator_id) != 0)
    p->error = g_strdup_printf (_("%s: the file holds the annotations of “%s”, "
                                  "not of “%s” as its name says"),
                                name, gloss_annotation_set_get_annotator_id (set), p->annotator_id);

  p->pub.counted = TRUE;
  p->pub.article_changed = report->source_changed;
  p->pub.n_unanchored = report->n_unanchored;
  p->pub.n_entities = g_list_model_get_n_items (gloss_annotation_set_get_entities (set));
  p->pub.n_claims = g_list_model_get_n_items (gloss_annotation_set_get_claims (set));
  p->pub.n_relations = g_list_model_get_n_items (gloss_annotation_set_get_relations (set));
  p->pub.n_paragraphs = paragraphs->len;

  marked = g_new0 (gboolean, paragraphs->len + 1);
  mark_paragraphs (paragraphs, marked, gloss_annotation_set_get_entities (set));
  mark_paragraphs (paragraphs, marked, gloss_annotation_set_get_claims (set));
  for (guint i = 0; i < paragraphs->len; i++)
    p->pub.n_paragraphs_annotated += marked[i] ? 1 : 0;
}

static void
count_one (CountRequest *r,
           GlossTagset  *tagset,
           GCancellable *cancellable)
{
  g_autoptr(GlossDocument) document = NULL;
  g_autoptr(GArray) paragraphs = NULL;
  g_autoptr(GError) error = NULL;

  document = gloss_document_load (r->article, cancellable, &error);
  if (document == NULL)
    {
      g_autofree char *name = g_file_get_parse_name (r->article);

      r->error = error->domain == G_IO_ERROR
                 ? g_strdup_printf (_("Could not read %s: %s"), name, error->message)
                 : g_strdup (error->message);
    }
  else
    {
      paragraphs = find_paragraphs (document);
      r->n_paragraphs = paragraphs->len;
    }

  r->progress = g_array_sized_new (FALSE, TRUE, sizeof (Progress), r->annotators->len);
  g_array_set_clear_func (r->progress, progress_clear);
  for (guint i = 0; i < r->annotators->len; i++)
    {
      Progress p = { { 0 } };

      p.annotator_id = g_strdup (g_ptr_array_index (r->annotators, i));
      count_sidecar (r, &p, g_ptr_array_index (r->sidecars, i), document, paragraphs,
                     tagset, cancellable);
      g_array_append_val (r->progress, p);
    }
}

static void
count_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  CountJob *job = task_data;

  for (guint i = 0; i < job->requests->len; i++)
    {
      if (g_task_return_error_if_cancelled (task))
        return;
      count_one (g_ptr_array_index (job->requests, i), job->tagset, cancellable);
    }
  g_task_return_boolean (task, TRUE);
}

/* ------------------------------------------------------------------ */
/* The corpus                                                          */

struct _GlossCorpus
{
  GObject       parent_instance;

  GFile        *folder;
  GPtrArray    *items;        /* GlossCorpusItem, sorted by sort key */
  GHashTable   *by_name;      /* name -> GlossCorpusItem (borrowed) */
  GlossTagset  *tagset;
  char         *tagset_signature;
  char         *error;
  gboolean      loading;

  GFileMonitor *monitor;
  guint         rescan_source;
  gboolean      scanning;
  gboolean      rescan_again;
  gboolean      counting;
  GQueue        pending;      /* GlossCorpusItem (borrowed; in items) */
  GCancellable *cancellable;
  GPtrArray    *load_tasks;   /* GTask waiting for the first listing */
  gboolean      listed;
};

static void gloss_corpus_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GlossCorpus, gloss_corpus, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, gloss_corpus_list_model_init))

enum
{
  PROP_0,
  PROP_FOLDER,
  PROP_TAGSET,
  PROP_ERROR,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_scan (GlossCorpus *self);
static void start_count (GlossCorpus *self);

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

/* The callback's data; the callback frees it. */
static GWeakRef *
weak_ref_new (GlossCorpus *self)
{
  GWeakRef *ref = g_new0 (GWeakRef, 1);

  g_weak_ref_init (ref, self);
  return ref;
}

static GType
gloss_corpus_get_item_type (GListModel *model)
{
  return GLOSS_TYPE_CORPUS_ITEM;
}

static guint
gloss_corpus_get_n_items (GListModel *model)
{
  return GLOSS_CORPUS (model)->items->len;
}

static gpointer
gloss_corpus_get_item (GListModel *model,
                       guint       position)
{
  GlossCorpus *self = GLOSS_CORPUS (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
gloss_corpus_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = gloss_corpus_get_item_type;
  iface->get_n_items = gloss_corpus_get_n_items;
  iface->get_item = gloss_corpus_get_item;
}

static void
update_loading (GlossCorpus *self)
{
  gboolean loading = self->scanning || self->counting || self->pending.length > 0
                     || self->rescan_source != 0;

  if (loading == self->loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
set_error (GlossCorpus *self,
           const char  *error)
{
  if (g_strcmp0 (self->error, error) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/* Binary search by sort key (then name, so that the order is total). */
static guint
find_position (GlossCorpus     *self,
               GlossCorpusItem *item)
{
  guint lo = 0, hi = self->items->len;

  while (lo < hi)
    {
      guint mid = (lo + hi) / 2;
      GlossCorpusItem *other = g_ptr_array_index (self->items, mid);
      int cmp = strcmp (other->sort_key, item->sort_key);

      if (cmp == 0)
        cmp = strcmp (other->name, item->name);
      if (cmp < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  GlossCorpusItem *x = *(GlossCorpusItem * const *) a;
  GlossCorpusItem *y = *(GlossCorpusItem * const *) b;
  int cmp = strcmp (x->sort_key, y->sort_key);

  return cmp != 0 ? cmp : strcmp (x->name, y->name);
}

static void
enqueue (GlossCorpus     *self,
         GlossCorpusItem *item)
{
  item->generation++;
  if (item->queued)
    return;
  item->queued = TRUE;
  g_queue_push_tail (&self->pending, item);
}

static char *
entry_signature (ArticleEntry *e)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "%" G_GUINT64_FORMAT ":%" G_GINT64_FORMAT, e->size, e->mtime);
  for (guint i = 0; i < e->sidecars->len; i++)
    {
      SidecarEntry *sc = g_ptr_array_index (e->sidecars, i);

      g_string_append_printf (s, "|%s:%" G_GUINT64_FORMAT ":%" G_GINT64_FORMAT,
                              sc->annotator_id, sc->size, sc->mtime);
    }
  return g_string_free (s, FALSE);
}

static int
compare_sidecar_entries (gconstpointer a,
                         gconstpointer b)
{
  const SidecarEntry *x = *(SidecarEntry * const *) a;
  const SidecarEntry *y = *(SidecarEntry * const *) b;

  return strcmp (x->annotator_id, y->annotator_id);
}

/* Sets the item's annotators to those of @e, keeping what is known of
 * those that stay until they are counted again. */
static void
item_update_annotators (GlossCorpusItem *item,
                        GFile           *folder,
                        ArticleEntry    *e)
{
  g_autoptr(GArray) annotators = g_array_new (FALSE, TRUE, sizeof (Progress));
  guint before = item->annotators->len;

  g_array_set_clear_func (annotators, progress_clear);
  for (guint i = 0; i < e->sidecars->len; i++)
    {
      SidecarEntry *sc = g_ptr_array_index (e->sidecars, i);
      Progress p = { { 0 } };

      for (guint j = 0; j < item->annotators->len; j++)
        {
          Progress *old = &g_array_index (item->annotators, Progress, j);

          if (old->annotator_id != NULL && strcmp (old->annotator_id, sc->annotator_id) == 0)
            {
              p = *old;
              memset (old, 0, sizeof *old);
              break;
            }
        }
      if (p.annotator_id == NULL)
        {
          p.annotator_id = g_strdup (sc->annotator_id);
          p.pub.file = g_file_get_child (folder, sc->name);
        }
      g_array_append_val (annotators, p);
    }

  g_array_unref (item->annotators);
  item->annotators = g_steal_pointer (&annotators);
  for (guint i = 0; i < item->annotators->len; i++)
    {
      Progress *p = &g_array_index (item->annotators, Progress, i);

      p->pub.annotator_id = p->annotator_id;
      p->pub.error = p->error;
    }
  if (before != item->annotators->len)
    g_object_notify_by_pspec (G_OBJECT (item), item_properties[ITEM_PROP_N_ANNOTATORS]);
}

static void
apply_scan (GlossCorpus *self,
            ScanJob     *job)
{
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean recount_all = FALSE;
  GHashTableIter iter;
  ArticleEntry *e;

  if (job->tagset_reloaded)
    {
      g_free (self->tagset_signature);
      self->tagset_signature = g_strdup (job->tagset_signature);
      if (g_set_object (&self->tagset, job->tagset))
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAGSET]);
      set_error (self, job->tagset_error);
      recount_all = TRUE;
    }

  /* Articles that are gone */
  for (guint i = self->items->len; i > 0; i--)
    {
      GlossCorpusItem *item = g_ptr_array_index (self->items, i - 1);

      e = g_hash_table_lookup (job->articles, item->name);
      if (e != NULL && e->present)
        continue;
      if (item->queued)
        g_queue_remove (&self->pending, item);
      item->queued = FALSE;
      g_hash_table_remove (self->by_name, item->name);
      g_ptr_array_remove_index (self->items, i - 1);
      g_list_model_items_changed (G_LIST_MODEL (self), i - 1, 1, 0);
    }

  /* New and changed ones */
  g_hash_table_iter_init (&iter, job->articles);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &e))
    {
      GlossCorpusItem *item;
      g_autofree char *signature = NULL;

      if (!e->present)
        continue;  /* sidecars of an article that is not there */

      g_ptr_array_sort (e->sidecars, compare_sidecar_entries);
      signature = entry_signature (e);
      item = g_hash_table_lookup (self->by_name, e->name);
      if (item == NULL)
        {
          item = item_new (self->folder, e->name);
          g_ptr_array_add (added, item);
        }
      else if (!recount_all && g_strcmp0 (item->signature, signature) == 0)
        continue;

      g_free (item->signature);
      item->signature = g_steal_pointer (&signature);
      item_update_annotators (item, self->folder, e);
      item->dirty = TRUE;
      g_signal_emit (item, item_signals[ITEM_CHANGED], 0);
    }

  g_ptr_array_sort (added, compare_items);
  if (self->items->len == 0 && added->len > 0)
    {
      for (guint i = 0; i < added->len; i++)
        {
          GlossCorpusItem *item = g_ptr_array_index (added, i);

          g_ptr_array_add (self->items, g_object_ref (item));
          g_hash_table_insert (self->by_name, item->name, item);
        }
      g_list_model_items_changed (G_LIST_MODEL (self), 0, 0, added->len);
    }
  else
    {
      for (guint i = 0; i < added->len; i++)
        {
          GlossCorpusItem *item = g_ptr_array_index (added, i);
          guint position = find_position (self, item);

          g_ptr_array_insert (self->items, position, g_object_ref (item));
          g_hash_table_insert (self->by_name, item->name, item);
          g_list_model_items_changed (G_LIST_MODEL (self), position, 0, 1);
        }
    }

  /* Count in list order, so that the top of the sidebar fills first. */
  for (guint i = 0; i < self->items->len; i++)
    {
      GlossCorpusItem *item = g_ptr_array_index (self->items, i);

      if (!item->dirty)
        continue;
      item->dirty = FALSE;
      enqueue (self, item);
    }
}

static void
finish_load_tasks (GlossCorpus  *self,
                   const GError *error)
{
  g_autoptr(GPtrArray) tasks = g_steal_pointer (&self->load_tasks);

  self->load_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < tasks->len; i++)
    {
      if (error != NULL)
        g_task_return_error (g_ptr_array_index (tasks, i), g_error_copy (error));
      else
        g_task_return_boolean (g_ptr_array_index (tasks, i), TRUE);
    }
}

static void
scan_done (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GlossCorpus) self = g_weak_ref_get (user_data);
  ScanJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  weak_ref_free (user_data);
  if (self == NULL)
    return;  /* the corpus went away */
  self->scanning = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_error (self, error->message);
      finish_load_tasks (self, error);
      update_loading (self);
      return;
    }

  apply_scan (self, job);
  self->listed = TRUE;
  finish_load_tasks (self, NULL);

  if (self->rescan_again)
    {
      self->rescan_again = FALSE;
      start_scan (self);
    }
  start_count (self);
  update_loading (self);
}

static void
start_scan (GlossCorpus *self)
{
  g_autoptr(GTask) task = NULL;
  ScanJob *job;

  if (self->scanning)
    {
      self->rescan_again = TRUE;
      return;
    }

  job = g_new0 (ScanJob, 1);
  job->folder = g_object_ref (self->folder);
  job->tagset_signature_before = g_strdup (self->tagset_signature);

  self->scanning = TRUE;
  update_loading (self);
  /* Workers do not keep the corpus alive: dropping it cancels them. */
  task = g_task_new (NULL, self->cancellable, scan_done, weak_ref_new (self));
  g_task_set_source_tag (task, start_scan);
  g_task_set_task_data (task, job, scan_job_free);
  g_task_run_in_thread (task, scan_thread);
}

static void
apply_count (GlossCorpus  *self,
             CountRequest *r)
{
  GlossCorpusItem *item = r->item;

  if (r->generation != item->generation)
    return;  /* changed meanwhile: queued again */
  if (g_hash_table_lookup (self->by_name, item->name) != item)
    return;  /* gone */

  item->n_paragraphs = r->n_paragraphs;
  item_set_error (item, r->error);

  /* The set of annotators may have changed since the request: take the
   * results of those that are still there. */
  for (guint i = 0; i < item->annotators->len; i++)
    {
      Progress *p = &g_array_index (item->annotators, Progress, i);

      for (guint j = 0; j < r->progress->len; j++)
        {
          Progress *q = &g_array_index (r->progress, Progress, j);

          if (q->annotator_id == NULL || strcmp (p->annotator_id, q->annotator_id) != 0)
            continue;
          GFile *file = p->pub.file;

          g_free (p->error);
          p->error = g_steal_pointer (&q->error);
          p->pub = q->pub;
          p->pub.annotator_id = p->annotator_id;
          p->pub.error = p->error;
          p->pub.file = file;
          break;
        }
    }
  item_set_loaded (item, TRUE);
  g_signal_emit (item, item_signals[ITEM_CHANGED], 0);
}

static void
count_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GlossCorpus) self = g_weak_ref_get (user_data);
  CountJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  weak_ref_free (user_data);
  if (self == NULL)
    return;  /* the corpus went away */
  self->counting = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      update_loading (self);
      return;  /* cancelled: the corpus is going away */
    }

  for (guint i = 0; i < job->requests->len; i++)
    apply_count (self, g_ptr_array_index (job->requests, i));

  start_count (self);
  update_loading (self);
}

static void
start_count (GlossCorpus *self)
{
  g_autoptr(GTask) task = NULL;
  CountJob *job;

  if (self->counting || self->pending.length == 0)
    return;

  job = g_new0 (CountJob, 1);
  job->tagset = self->tagset != NULL ? g_object_ref (self->tagset) : NULL;
  job->requests = g_ptr_array_new_with_free_func (count_request_free);

  while (job->requests->len < COUNT_BATCH && self->pending.length > 0)
    {
      GlossCorpusItem *item = g_queue_pop_head (&self->pending);
      CountRequest *r = g_new0 (CountRequest, 1);

      item->queued = FALSE;
      r->item = g_object_ref (item);
      r->generation = item->generation;
      r->article = g_object_ref (item->file);
      r->annotators = g_ptr_array_new_with_free_func (g_free);
      r->sidecars = g_ptr_array_new_with_free_func (g_object_unref);
      for (guint i = 0; i < item->annotators->len; i++)
        {
          Progress *p = &g_array_index (item->annotators, Progress, i);

          g_ptr_array_add (r->annotators, g_strdup (p->annotator_id));
          g_ptr_array_add (r->sidecars, g_object_ref (p->pub.file));
        }
      g_ptr_array_add (job->requests, r);
    }

  self->counting = TRUE;
  task = g_task_new (NULL, self->cancellable, count_done, weak_ref_new (self));
  g_task_set_source_tag (task, start_count);
  g_task_set_task_data (task, job, count_job_free);
  g_task_run_in_thread (task, count_thread);
}

static gboolean
rescan_cb (gpointer user_data)
{
  GlossCorpus *self = user_data;

  self->rescan_source = 0;
  start_scan (self);
  return G_SOURCE_REMOVE;
}

static void
on_folder_changed (GFileMonitor      *monitor,
                   GFile             *file,
                   GFile             *other_file,
                   GFileMonitorEvent  event,
                   GlossCorpus       *self)
{
  if (event == G_FILE_MONITOR_EVENT_PRE_UNMOUNT || event == G_FILE_MONITOR_EVENT_UNMOUNTED)
    return;

  /* A burst of events (a save is a write and a rename) is one scan. */
  g_clear_handle_id (&self->rescan_source, g_source_remove);
  self->rescan_source = g_timeout_add (RESCAN_DELAY_MS, rescan_cb, self);
  g_source_set_name_by_id (self->rescan_source, "[gloss] corpus rescan");
  update_loading (self);
}

static void
gloss_corpus_dispose (GObject *object)
{
  GlossCorpus *self = GLOSS_CORPUS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->rescan_source, g_source_remove);
  if (self->monitor != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->monitor, self);
      g_file_monitor_cancel (self->monitor);
      g_clear_object (&self->monitor);
    }
  g_queue_clear (&self->pending);

  G_OBJECT_CLASS (gloss_corpus_parent_class)->dispose (object);
}

static void
gloss_corpus_finalize (GObject *object)
{
  GlossCorpus *self = GLOSS_CORPUS (object);

  g_clear_object (&self->folder);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->by_name, g_hash_table_unref);
  g_clear_object (&self->tagset);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->load_tasks, g_ptr_array_unref);
  g_free (self->tagset_signature);
  g_free (self->error);

  G_OBJECT_CLASS (gloss_corpus_parent_class)->finalize (object);
}

static void
gloss_corpus_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  GlossCorpus *self = GLOSS_CORPUS (object);

  switch (prop_id)
    {
    case PROP_FOLDER:
      g_value_set_object (value, self->folder);
      break;
    case PROP_TAGSET:
      g_value_set_object (value, self->tagset);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_corpus_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  GlossCorpus *self = GLOSS_CORPUS (object);

  switch (prop_id)
    {
    case PROP_FOLDER:
      self->folder = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_corpus_class_init (GlossCorpusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = gloss_corpus_dispose;
  object_class->finalize = gloss_corpus_finalize;
  object_class->get_property = gloss_corpus_get_property;
  object_class->set_property = gloss_corpus_set_property;

  properties[PROP_FOLDER] =
    g_param_spec_object ("folder", NULL, NULL, G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TAGSET] = g_param_spec_object ("tagset", NULL, NULL, GLOSS_TYPE_TAGSET, ro);
  properties[PROP_ERROR] = g_param_spec_string ("error", NULL, NULL, NULL, ro);
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gloss_corpus_init (GlossCorpus *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->by_name = g_hash_table_new (g_str_hash, g_str_equal);
  self->cancellable = g_cancellable_new ();
  self->load_tasks = g_ptr_array_new_with_free_func (g_object_unref);
  g_queue_init (&self->pending);
}

GlossCorpus *
gloss_corpus_new (GFile *folder)
{
  g_return_val_if_fail (G_IS_FILE (folder), NULL);

  return g_object_new (GLOSS_TYPE_CORPUS, "folder", folder, NULL);
}

void
gloss_corpus_load_async (GlossCorpus         *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GLOSS_IS_CORPUS (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gloss_corpus_load_async);
  if (self->listed)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  g_ptr_array_add (self->load_tasks, task);

  if (self->monitor == NULL)
    {
      g_autoptr(GError) error = NULL;

      self->monitor = g_file_monitor_directory (self->folder, G_FILE_MONITOR_WATCH_MOVES,
                                                NULL, &error);
      if (self->monitor != NULL)
        g_signal_connect (self->monitor, "changed", G_CALLBACK (on_folder_changed), self);
      else
        g_debug ("The folder is not watched: %s", error->message);
    }
  start_scan (self);
}

gboolean
gloss_corpus_load_finish (GlossCorpus   *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (GLOSS_IS_CORPUS (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

GFile *
gloss_corpus_get_folder (GlossCorpus *self)
{
  g_return_val_if_fail (GLOSS_IS_CORPUS (self), NULL);
  return self->folder;
}

GlossTagset *
gloss_corpus_get_tagset (GlossCorpus *self)
{
  g_return_val_if_fail (GLOSS_IS_CORPUS (self), NULL);
  return self->tagset;
}

const char *
gloss_corpus_get_error (GlossCorpus *self)
{
  g_return_val_if_fail (GLOSS_IS_CORPUS (self), NULL);
  return self->error;
}

gboolean
gloss_corpus_get_loading (GlossCorpus *self)
{
  g_return_val_if_fail (GLOSS_IS_CORPUS (self), FALSE);
  return self->loading;
}

GlossCorpusItem *
gloss_corpus_find (GlossCorpus *self,
                   GFile       *file,
                   guint       *position)
{
  g_autoptr(GFile) parent = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *text_name = NULL;
  GlossCorpusItem *item;

  g_return_val_if_fail (GLOSS_IS_CORPUS (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  parent = g_file_get_parent (file);
  if (parent == NULL || !g_file_equal (parent, self->folder))
    return NULL;
  basename = g_file_get_basename (file);
  if (gloss_sidecar_parse_name (basename, &text_name, NULL))
    item = g_hash_table_lookup (self->by_name, text_name);
  else
    item = g_hash_table_lookup (self->by_name, basename);
  if (item == NULL)
    return NULL;

  if (position != NULL)
    {
      guint i = find_position (self, item);

      g_assert (i < self->items->len && g_ptr_array_index (self->items, i) == item);
      *position = i;
    }
  return item;
}

void
gloss_corpus_refresh (GlossCorpus *self)
{
  g_return_if_fail (GLOSS_IS_CORPUS (self));

  g_clear_handle_id (&self->rescan_source, g_source_remove);
  start_scan (self);
}
