/* gloss-import-html.c: the headline and paragraphs of a news page as an article
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libxml2's HTML parser builds the tree (no network, no DTD, errors of the
 * page itself ignored: pages are rarely valid). The article is the headline
 * on the first line, then each paragraph, separated by blank lines, with
 * whitespace runs made one space. Where the page came from goes into
 * NAME.txt.origin, so that the text itself holds only what the page says.
 */
#define G_LOG_DOMAIN "gloss-import"

#include "config.h"

#include <string.h>

#include <libxml/HTMLparser.h>

#include "gloss-import-private.h"

/* Marks a <br> in the collected text until whitespace is normalised. */
#define LINE_BREAK '\x1e'

/* Elements whose content is never article text. */
static const char * const dropped[] = {
  "script", "style", "nav", "header", "footer", "aside", "form", "noscript", "figure",
  "template", "iframe", "svg", "math", "button", "select", "textarea", "object", "embed",
  "canvas", "audio", "video", "picture", "map", "dialog", "head", "title", "menu",
  NULL
};

/* Elements that begin and end a paragraph. */
static const char * const blocks[] = {
  "p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "dd", "dt",
  "td", "th", "tr", "ul", "ol", "dl", "section", "article", "main", "table", "address",
  "details", "summary", "caption", "hr", "body", "center", "fieldset", "hgroup", "html",
  "tbody", "thead", "tfoot",
  NULL
};

typedef struct
{
  xmlNodePtr  headline_node; /* the <h1> used as the headline, skipped in the body */
  GString    *paragraph;     /* raw text of the paragraph being collected */
  GPtrArray  *paragraphs;    /* char *: normalised paragraphs */
} Extract;

static gboolean
is_named (xmlNodePtr  node,
          const char *name)
{
  return node->type == XML_ELEMENT_NODE && node->name != NULL
         && g_ascii_strcasecmp ((const char *) node->name, name) == 0;
}

static gboolean
in_list (xmlNodePtr          node,
         const char * const *names)
{
  if (node->type != XML_ELEMENT_NODE || node->name == NULL)
    return FALSE;
  for (guint i = 0; names[i] != NULL; i++)
    if (g_ascii_strcasecmp ((const char *) node->name, names[i]) == 0)
      return TRUE;
  return FALSE;
}

static char *
get_prop (xmlNodePtr  node,
          const char *name)
{
  xmlChar *value = xmlGetProp (node, (const xmlChar *) name);
  char *copy;

  if (value == NULL)
    return NULL;
  copy = g_strdup ((const char *) value);
  xmlFree (value);
  return copy;
}

static gboolean
prop_is (xmlNodePtr  node,
         const char *name,
         const char *value)
{
  g_autofree char *actual = get_prop (node, name);

  return actual != NULL && g_ascii_strcasecmp (g_strstrip (actual), value) == 0;
}

static gboolean
is_dropped (xmlNodePtr node)
{
  if (in_list (node, dropped))
    return TRUE;
  if (node->type != XML_ELEMENT_NODE)
    return FALSE;
  /* Hidden content and the roles that mark navigation and page furniture. */
  if (xmlHasProp (node, (const xmlChar *) "hidden") != NULL
      || prop_is (node, "aria-hidden", "true")
      || prop_is (node, "role", "navigation") || prop_is (node, "role", "banner")
      || prop_is (node, "role", "contentinfo") || prop_is (node, "role", "complementary")
      || prop_is (node, "role", "search"))
    return TRUE;
  return FALSE;
}

/* Whitespace runs become one space, a <br> a line break (two in a row a
 * blank line), control characters go, and the ends are trimmed. */
static char *
normalise (const char *raw)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;
  guint breaks = 0;

  for (const char *p = raw; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == LINE_BREAK)
        {
          while (out->len > 0 && out->str[out->len - 1] == ' ')
            g_string_truncate (out, out->len - 1);
          if (out->len > 0 && breaks < 2)
            {
              g_string_append_c (out, '\n');
              breaks++;
            }
          space = FALSE;
        }
      else if (g_unichar_isspace (c))
        space = TRUE;
      else if (g_unichar_iscntrl (c) || c == 0xFEFF)
        continue;
      else
        {
          if (space && out->len > 0 && breaks == 0)
            g_string_append_c (out, ' ');
          space = FALSE;
          breaks = 0;
          g_string_append_unichar (out, c);
        }
    }
  while (out->len > 0 && (out->str[out->len - 1] == '\n' || out->str[out->len - 1] == ' '))
    g_string_truncate (out, out->len - 1);
  return g_string_free (out, FALSE);
}

static void
flush (Extract *extract)
{
  g_autofree char *text = NULL;

  if (extract->paragraph->len == 0)
    return;
  text = normalise (extract->paragraph->str);
  g_string_truncate (extract->paragraph, 0);
  if (*text != '\0')
    g_ptr_array_add (extract->paragraphs, g_steal_pointer (&text));
}

/* Iterative, so that a page nested a hundred thousand deep does not
 * exhaust the stack. */
static void
walk (Extract    *extract,
      xmlNodePtr  root)
{
  xmlNodePtr node = root->children;

  while (node != NULL && node != root)
    {
      gboolean descend = FALSE;

      switch (node->type)
        {
        case XML_TEXT_NODE:
        case XML_CDATA_SECTION_NODE:
          if (node->content != NULL)
            g_string_append (extract->paragraph, (const char *) node->content);
          break;

        case XML_ELEMENT_NODE:
          if (node == extract->headline_node || is_dropped (node))
            break;
          if (is_named (node, "br"))
            g_string_append_c (extract->paragraph, LINE_BREAK);
          else if (in_list (node, blocks))
            {
              flush (extract);
              descend = node->children != NULL;
            }
          else
            {
              /* Inline: a space between e.g. two <span>s of a byline stays
               * only if the page has one. */
              descend = node->children != NULL;
            }
          break;

        default:
          break;
        }

      if (descend)
        {
          node = node->children;
          continue;
        }
      /* Next sibling, or climb, ending each block on the way up. */
      while (node != root && node->next == NULL)
        {
          node = node->parent;
          if (node != root && in_list (node, blocks))
            flush (extract);
        }
      if (node == root)
        break;
      if (in_list (node, blocks))
        flush (extract);
      node = node->next;
    }
  flush (extract);
}

/* The first element named @name under @root, not inside content that is
 * dropped (except <header>, where a page often puts its headline, when
 * @allow_header). */
static xmlNodePtr
find_element (xmlNodePtr  root,
              const char *name,
              gboolean    allow_header)
{
  xmlNodePtr node = root->children;

  /* Depth first, without recursion (pages can nest very deep). */
  while (node != NULL && node != root)
    {
      gboolean descend = FALSE;

      if (node->type == XML_ELEMENT_NODE)
        {
          if (is_named (node, name))
            return node;
          descend = node->children != NULL
                    && (!is_dropped (node) || (allow_header && is_named (node, "header")));
        }
      if (descend)
        {
          node = node->children;
          continue;
        }
      while (node != root && node->next == NULL)
        node = node->parent;
      if (node == root)
        break;
      node = node->next;
    }
  return NULL;
}

static char *
text_of (xmlNodePtr node)
{
  Extract sub = { 0 };
  char *text;

  sub.paragraph = g_string_new (NULL);
  sub.paragraphs = g_ptr_array_new_with_free_func (g_free);
  walk (&sub, node);
  g_ptr_array_add (sub.paragraphs, NULL);
  text = g_strjoinv (" ", (char **) sub.paragraphs->pdata);
  g_ptr_array_unref (sub.paragraphs);
  g_string_free (sub.paragraph, TRUE);
  return text;
}

/* Metadata from <head> (and <time> in the body for the date). */
typedef struct
{
  char *title;
  char *url;
  char *og_url;
  char *og_title;
  char *date;
} Meta;

static void
meta_clear (Meta *meta)
{
  g_free (meta->title);
  g_free (meta->url);
  g_free (meta->og_url);
  g_free (meta->og_title);
  g_free (meta->date);
}

static void
read_meta (xmlNodePtr  node,
           Meta       *meta,
           guint       depth)
{
  /* The head is shallow; a bounded depth keeps odd pages cheap. */
  if (depth > 64)
    return;
  for (; node != NULL; node = node->next)
    {
      if (node->type != XML_ELEMENT_NODE)
        continue;
      if (is_named (node, "title") && meta->title == NULL)
        meta->title = text_of (node);
      else if (is_named (node, "link") && meta->url == NULL)
        {
          g_autofree char *rel = get_prop (node, "rel");
          g_auto(GStrv) tokens = rel != NULL ? g_strsplit_set (rel, " \t\n", -1) : NULL;

          for (guint i = 0; tokens != NULL && tokens[i] != NULL; i++)
            if (g_ascii_strcasecmp (tokens[i], "canonical") == 0)
              meta->url = get_prop (node, "href");
        }
      else if (is_named (node, "meta"))
        {
          g_autofree char *property = get_prop (node, "property");
          g_autofree char *name = get_prop (node, "name");
          g_autofree char *itemprop = get_prop (node, "itemprop");
          const char *key = property != NULL ? property : name != NULL ? name : itemprop;
          char **slot = NULL;

          if (key == NULL)
            continue;
          if (g_ascii_strcasecmp (key, "og:url") == 0)
            slot = &meta->og_url;
          else if (g_ascii_strcasecmp (key, "og:title") == 0)
            slot = &meta->og_title;
          else if (g_ascii_strcasecmp (key, "article:published_time") == 0
                   || g_ascii_strcasecmp (key, "datePublished") == 0
                   || g_ascii_strcasecmp (key, "date") == 0
                   || g_ascii_strcasecmp (key, "pubdate") == 0
                   || g_ascii_strcasecmp (key, "dc.date") == 0
                   || g_ascii_strcasecmp (key, "dcterms.date") == 0)
            slot = &meta->date;
          if (slot != NULL && *slot == NULL)
            *slot = get_prop (node, "content");
        }
      else if (is_named (node, "head") || is_named (node, "html"))
        read_meta (node->children, meta, depth + 1);
    }
}

static void
append_origin_line (GString    *origin,
                    const char *key,
                    const char *value)
{
  g_autofree char *clean = NULL;

  if (value == NULL)
    return;
  clean = normalise (value);
  for (char *p = clean; *p != '\0'; p++)
    if (*p == '\n')
      *p = ' ';
  if (*clean != '\0')
    g_string_append_printf (origin, "%s: %s\n", key, clean);
}

gboolean
gloss_import_html (GBytes                   *bytes,
                   const char               *filename,
                   const GlossImportOptions *options,
                   GlossImportFunc           func,
                   gpointer                  user_data,
                   GError                  **error)
{
  g_autoptr(GString) text = NULL;
  g_autoptr(GPtrArray) paragraphs = NULL;
  g_autoptr(GBytes) text_bytes = NULL;
  g_autoptr(GlossDocument) document = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *headline = NULL;
  g_autofree char *base = NULL;
  g_autofree char *time_date = NULL;
  GlossImportedDocument *result;
  GString *origin;
  Meta meta = { 0 };
  Extract extract = { 0 };
  htmlDocPtr doc;
  xmlNodePtr html;
  xmlNodePtr body;
  xmlNodePtr root;
  xmlNodePtr h1;
  const char *data;
  gsize len;

  g_return_val_if_fail (bytes != NULL, FALSE);
  g_return_val_if_fail (filename != NULL, FALSE);
  g_return_val_if_fail (options != NULL && GLOSS_IS_TAGSET (options->tagset), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  base = g_path_get_basename (filename);
  name = _gloss_import_article_name (filename, g_str_has_suffix (base, ".htm") ? ".htm"
                                               : g_str_has_suffix (base, ".xhtml") ? ".xhtml"
                                               : ".html");
  if (name == NULL)
    {
      _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, filename, 0,
                               "cannot make an article name from this file name");
      return FALSE;
    }

  data = g_bytes_get_data (bytes, &len);
  if (len > G_MAXINT || len > GLOSS_DOCUMENT_MAX_BYTES)
    {
      _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, filename, 0,
                               "the page is too large to import");
      return FALSE;
    }
  doc = htmlReadMemory (len > 0 ? data : "", (int) len, NULL, options->encoding,
                        HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
  html = doc != NULL ? xmlDocGetRootElement (doc) : NULL;
  if (html == NULL)
    {
      if (doc != NULL)
        xmlFreeDoc (doc);
      _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, filename, 1,
                               "not an HTML page (nothing could be read from it%s)",
                               options->encoding != NULL ? "; is the encoding right?" : "");
      return FALSE;
    }

  read_meta (html, &meta, 0);
  body = is_named (html, "body") ? html : find_element (html, "body", FALSE);
  if (body == NULL)
    body = html;
  root = find_element (body, "article", FALSE);
  if (root == NULL)
    root = find_element (body, "main", FALSE);
  if (root == NULL)
    root = body;

  h1 = find_element (root, "h1", TRUE);
  if (h1 == NULL && root != body)
    h1 = find_element (body, "h1", TRUE);
  if (h1 != NULL)
    {
      headline = text_of (h1);
      extract.headline_node = h1;
    }
  if ((headline == NULL || *headline == '\0') && meta.title != NULL)
    {
      g_free (headline);
      headline = g_strdup (meta.title);
    }
  if ((headline == NULL || *headline == '\0') && meta.og_title != NULL)
    {
      g_free (headline);
      headline = normalise (meta.og_title);
    }

  if (meta.date == NULL)
    {
      xmlNodePtr time = find_element (root, "time", TRUE);

      if (time != NULL)
        time_date = get_prop (time, "datetime");
    }

  paragraphs = g_ptr_array_new_with_free_func (g_free);
  extract.paragraph = g_string_new (NULL);
  extract.paragraphs = paragraphs;
  walk (&extract, root);
  g_string_free (extract.paragraph, TRUE);
  xmlFreeDoc (doc);

  text = g_string_new (NULL);
  if (headline != NULL && *headline != '\0')
    {
      for (char *p = headline; *p != '\0'; p++)
        if (*p == '\n')
          *p = ' ';
      g_string_append (text, headline);
      g_string_append_c (text, '\n');
    }
  for (guint i = 0; i < paragraphs->len; i++)
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, g_ptr_array_index (paragraphs, i));
      g_string_append_c (text, '\n');
    }
  if (text->len == 0)
    {
      meta_clear (&meta);
      _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_MALFORMED, filename, 0,
                               "no text found: the page has no headline and no paragraphs "
                               "outside scripts, navigation and page furniture");
      return FALSE;
    }

  origin = g_string_new (NULL);
  {
    g_autofree char *file_base = g_path_get_basename (filename);

    append_origin_line (origin, "file", file_base);
  }
  append_origin_line (origin, "url", meta.url != NULL ? meta.url : meta.og_url);
  append_origin_line (origin, "date", meta.date != NULL ? meta.date : time_date);
  append_origin_line (origin, "title", meta.title);
  meta_clear (&meta);

  text_bytes = g_string_free_to_bytes (g_steal_pointer (&text));
  document = gloss_document_new_from_bytes (name, text_bytes, &local_error);
  if (document == NULL)
    {
      g_string_free (origin, TRUE);
      _gloss_import_set_error (error, GLOSS_IMPORT_ERROR_ENCODING, filename, 0, "%s",
                               local_error->message);
      return FALSE;
    }

  result = _gloss_import_document_new (name, document);
  result->origin = g_string_free (origin, FALSE);
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
