/* gloss-tokenizer.c: words and sentences of a document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-tokenizer"

#include "config.h"

#include <pango/pango.h>

#include "gloss-tokenizer-private.h"

/* How tokens are found
 *
 * Pango computes the Unicode text boundaries (pango_get_log_attrs) for one
 * paragraph at a time; a paragraph is a line of the document, and its "\n"
 * is never passed to Pango (a "\r" before it is, as white space). The
 * language given to Pango is always "und" (undetermined): Pango tailors by
 * script, not by language, and never by the user's locale, so the same text
 * gives the same tokens on every machine. Plain Latin text is segmented
 * by a built-in equivalent instead, which is several times faster (see
 * "The built-in segmenter" below); the tokens are the same.
 *
 * Tokens are the UAX #29 word segments (PangoLogAttr.is_word_boundary,
 * Pango >= 1.50) that hold at least one visible character, widened where
 * needed so that they start and end on grapheme cluster boundaries
 * (is_cursor_position). This is what the header promises and what the
 * exports want: "don't", "3.5", "U.S" and "café" (decomposed or not) are
 * one token each, "e-mail" is three ("e", "-", "mail"), a final full stop
 * in "U.N." is a token of its own ("U.N", "."), every punctuation mark or
 * symbol is its own token, and an emoji sequence (ZWJ family, flag, skin
 * tone) is one token. Pango's older is_word_start/is_word_end pair is not
 * used: it ends a word at every apostrophe and full stop ("don", "'", "t").
 *
 * A segment is invisible, and so not a token, when all its characters are
 * white space or format characters (U+200B ZERO WIDTH SPACE, a stray
 * U+FEFF...). A combining mark that follows white space clusters with that
 * space, and since a cluster is never split the token is the whole cluster,
 * space included: the mark is kept rather than dropped.
 *
 * A token starts a sentence when it is the first token of its paragraph or
 * when Pango puts a sentence start (is_sentence_start) at its first
 * character or in the white space before it. One correction: Pango 1.50
 * forgets that the full stop in "3.5" was a decimal point and starts a
 * sentence at the "%" of "3.5%)."; UAX #29 never ends a sentence right
 * after a letter or digit, so such a start is ignored. Another: Pango
 * joins words across U+200B ZERO WIDTH SPACE as if it were a format
 * character, where UAX #29 separates them (WB4 excludes it); it is used
 * as a word separator, so it is treated as one.
 *
 * What is kept
 *
 * For each code point, one byte of flags: part of a token, first character
 * of a token, first token of a sentence. The Pango attributes (about four
 * times larger) are dropped as soon as the flags are derived. The flags are
 * computed per piece (a paragraph, or a slice of a long one) and the last
 * CACHE_SIZE pieces are kept, because the view asks about neighbouring
 * offsets again and again; nothing is computed for the whole document at
 * once.
 *
 * Paragraphs longer than PIECE_MAX characters (a whole article on one line)
 * are cut into pieces of about PIECE_STEP characters. A cut is placed at a
 * white-space character that follows a visible one, which is always a word
 * and cluster boundary, so no token straddles two pieces; the search for
 * the k-th cut starts at k * PIECE_STEP from the paragraph start, so the
 * cuts are the same whichever offset is asked about first. Each piece is
 * segmented with CONTEXT characters of the text around it, so that sentence
 * and word rules which look beyond the cut see the real neighbours. Where
 * a stretch has no such place (a long run of text without spaces) the
 * piece simply grows until the next cut, up to the whole paragraph.
 *
 * A tokenizer is not thread-safe (its cache changes on reads): use one per
 * thread. The document is immutable, so several tokenizers may share it. */

#define PIECE_MAX  65536u
#define PIECE_STEP 32768u
#define CONTEXT    512u
#define CACHE_SIZE 8

#define ZWSP 0x200B

enum
{
  FLAG_TOKEN    = 1 << 0,
  FLAG_START    = 1 << 1,
  FLAG_SENTENCE = 1 << 2,
};

typedef struct
{
  guint    start;      /* document offsets of the piece: [start, end) */
  guint    end;
  guint64  last_used;
  guint8  *flags;      /* end - start entries */
} Piece;

struct _GlossTokenizer
{
  GObject         parent_instance;

  GlossDocument  *document;
  const char     *text;
  guint           length;
  PangoLanguage  *language;

  Piece          *cache[CACHE_SIZE];
  guint64         clock;

  GlossTokenizerPath path;
  guint           n_fast;
  guint           n_pango;
};

G_DEFINE_FINAL_TYPE (GlossTokenizer, gloss_tokenizer, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_DOCUMENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
piece_free (Piece *piece)
{
  g_free (piece->flags);
  g_free (piece);
}

static void
clear_cache (GlossTokenizer *self)
{
  for (guint i = 0; i < CACHE_SIZE; i++)
    g_clear_pointer (&self->cache[i], piece_free);
}

static void
gloss_tokenizer_dispose (GObject *object)
{
  GlossTokenizer *self = GLOSS_TOKENIZER (object);

  clear_cache (self);
  g_clear_object (&self->document);
  self->text = NULL;
  self->length = 0;

  G_OBJECT_CLASS (gloss_tokenizer_parent_class)->dispose (object);
}

static void
gloss_tokenizer_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  GlossTokenizer *self = GLOSS_TOKENIZER (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_value_set_object (value, self->document);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_tokenizer_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  GlossTokenizer *self = GLOSS_TOKENIZER (object);

  switch (prop_id)
    {
    case PROP_DOCUMENT:
      g_assert (self->document == NULL);
      self->document = g_value_dup_object (value);
      if (self->document != NULL)
        {
          self->text = gloss_document_get_text (self->document, NULL);
          self->length = gloss_document_get_length (self->document);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gloss_tokenizer_class_init (GlossTokenizerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gloss_tokenizer_dispose;
  object_class->get_property = gloss_tokenizer_get_property;
  object_class->set_property = gloss_tokenizer_set_property;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL,
                         GLOSS_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gloss_tokenizer_init (GlossTokenizer *self)
{
  self->language = pango_language_from_string ("und");
}

/**
 * gloss_tokenizer_new:
 * @document: the document to segment
 *
 * Returns: (transfer full): a new tokenizer for @document
 */
GlossTokenizer *
gloss_tokenizer_new (GlossDocument *document)
{
  g_return_val_if_fail (GLOSS_IS_DOCUMENT (document), NULL);

  return g_object_new (GLOSS_TYPE_TOKENIZER, "document", document, NULL);
}

/**
 * gloss_tokenizer_get_document:
 *
 * Returns: (transfer none): the document
 */
GlossDocument *
gloss_tokenizer_get_document (GlossTokenizer *self)
{
  g_return_val_if_fail (GLOSS_IS_TOKENIZER (self), NULL);

  return self->document;
}

/* Characters that never make a segment visible on their own. */
static inline gboolean
is_blank (gunichar c)
{
  return g_unichar_isspace (c) || g_unichar_type (c) == G_UNICODE_FORMAT;
}

/* Grapheme_Cluster_Break=Prepend letters: they cluster with what follows,
 * even a space. The Cf ones are caught by is_blank(). */
static inline gboolean
is_prepend_letter (gunichar c)
{
  return c == 0x0D4E ||
         c == 0x111C2 || c == 0x111C3 ||
         c == 0x1193F || c == 0x11941 ||
         c == 0x11A3A ||
         (c >= 0x11A84 && c <= 0x11A89) ||
         c == 0x11D46;
}

/* Whether a piece may start at a white-space character @cur that follows
 * @prev and precedes @next (0 at the end of the paragraph): it must be a
 * boundary of both clusters and words whatever the context. */
static inline gboolean
is_safe_cut (gunichar prev,
             gunichar cur,
             gunichar next)
{
  if (!g_unichar_isspace (cur) || is_blank (prev) || is_prepend_letter (prev))
    return FALSE;

  if (next == 0)
    return TRUE;

  /* Marks, joiners and skin-tone modifiers would cluster with the space. */
  return !g_unichar_ismark (next) &&
         g_unichar_type (next) != G_UNICODE_FORMAT &&
         !(next >= 0x1F3FB && next <= 0x1F3FF);
}

/* The k-th cut (k >= 1) of the paragraph [para_start, para_end): the first
 * safe place in [para_start + k * PIECE_STEP, para_start + (k + 1) *
 * PIECE_STEP), if any. */
static gboolean
find_cut (GlossTokenizer *self,
          guint           para_start,
          guint           para_end,
          guint           k,
          guint          *cut)
{
  guint64 nominal = (guint64) para_start + (guint64) k * PIECE_STEP;
  guint limit;
  const char *p;
  gunichar prev, cur, next;

  g_assert (k >= 1);

  if (nominal >= para_end)
    return FALSE;

  limit = (guint) MIN (nominal + PIECE_STEP, (guint64) para_end);

  p = self->text + gloss_document_offset_to_byte (self->document, (guint) nominal - 1);
  prev = g_utf8_get_char (p);
  p = g_utf8_next_char (p);
  cur = g_utf8_get_char (p);
  p = g_utf8_next_char (p);
  /* p now points at the character after cur. */
  next = (guint) nominal + 1 < para_end ? g_utf8_get_char (p) : 0;

  for (guint q = (guint) nominal; q < limit; q++)
    {
      if (is_safe_cut (prev, cur, next))
        {
          *cut = q;
          return TRUE;
        }

      prev = cur;
      cur = next;
      if (q + 2 < para_end)
        {
          p = g_utf8_next_char (p);
          next = g_utf8_get_char (p);
        }
      else
        next = 0;
    }

  return FALSE;
}

/* The piece of the long paragraph [para_start, para_end) holding @offset. */
static void
find_piece_bounds (GlossTokenizer *self,
                   guint           para_start,
                   guint           para_end,
                   guint           offset,
                   guint          *piece_start,
                   guint          *piece_end)
{
  guint k0 = (offset - para_start) / PIECE_STEP;
  guint cut;
  gboolean search_up = TRUE;
  gboolean search_down = TRUE;

  *piece_start = para_start;
  *piece_end = para_end;

  if (k0 >= 1 && find_cut (self, para_start, para_end, k0, &cut))
    {
      if (cut <= offset)
        {
          *piece_start = cut;
          search_down = FALSE;
        }
      else
        {
          *piece_end = cut;
          search_up = FALSE;
        }
    }

  /* Cut k lies before nominal k + 1, so any earlier cut is <= offset and
   * any later one is > offset. */
  if (search_down)
    {
      for (guint k = k0; k-- > 1;)
        {
          if (find_cut (self, para_start, para_end, k, &cut))
            {
              *piece_start = cut;
              break;
            }
        }
    }

  if (search_up)
    {
      for (guint k = k0 + 1;
           (guint64) para_start + (guint64) k * PIECE_STEP < para_end;
           k++)
        {
          if (find_cut (self, para_start, para_end, k, &cut))
            {
              *piece_end = cut;
              break;
            }
        }
    }
}

/* The built-in segmenter
 *
 * pango_get_log_attrs() is general and so costs far more than the tokens
 * of plain Latin text need. For a window whose every character belongs to
 * a small alphabet (printable ASCII, the Latin letters up to U+024F, the
 * common Latin-1 signs, dashes, curly quotes, the ellipsis), the word and
 * sentence boundaries are computed here instead, the way Pango computes
 * them, and turned into flags as piece_new() turns Pango's. Any other
 * character (a mark, a format or control character, a tab, a no-break
 * space, another script, an emoji) sends the whole window to Pango. There
 * are no grapheme clusters of more than one character in that alphabet, so
 * every position is a cursor position. The differential tests and the
 * fuzzer compare both paths on many texts.
 *
 * Word boundaries are those of UAX #29 for the alphabet: letters and
 * digits join, a full stop or an apostrophe joins two letters or two
 * digits, a colon or a middle dot two letters, a comma or a semicolon two
 * digits, an underscore joins on both sides, spaces join each other.
 *
 * Sentence starts follow UAX #29 with Pango's ways, found by testing:
 * boundaries are only looked at where words meet, so the rules that look
 * back or ahead see the first character of each word; a full stop then
 * closing punctuation keeps a number from starting a sentence (".)3");
 * a semicolon is not a continuation mark; the last character of the text
 * given to Pango never starts a sentence. Two patterns whose treatment by
 * Pango depends on more than this keeps are left to Pango: a terminator
 * inside a word ("U.S", "3.5": Pango remembers it past the word and may
 * start a sentence at the next one) and a full stop between a word and a
 * capital ("1.Sx"). */

typedef enum
{
  KIND_NONE,        /* not handled here */
  KIND_UPPER,
  KIND_LOWER,
  KIND_DIGIT,
  KIND_SPACE,       /* U+0020 only */
  KIND_CR,
  KIND_PERIOD,      /* . */
  KIND_STERM,       /* ! ? */
  KIND_COMMA,       /* , */
  KIND_SEMICOLON,   /* ; (not SContinue for Pango) */
  KIND_COLON,       /* : */
  KIND_DASH,        /* - en dash, em dash */
  KIND_APOSTROPHE,  /* ' */
  KIND_QUOTE,       /* " */
  KIND_CURLY,       /* left and right single quotation marks */
  KIND_CLOSE,       /* brackets, guillemets, double curly quotes */
  KIND_UNDERSCORE,
  KIND_MIDDOT,
  KIND_OTHER,       /* symbols and the remaining punctuation */
  N_KINDS
} Kind;

/* Word_Break values that matter in the alphabet. */
enum
{
  WB_OTHER,
  WB_LETTER,
  WB_NUMERIC,
  WB_MIDLETTER,     /* : and middle dot */
  WB_MIDNUMLET,     /* . and curly single quotes */
  WB_MIDNUM,        /* , ; */
  WB_SQUOTE,        /* ' */
  WB_EXTENDNUMLET,  /* _ */
  WB_SPACE,
};

/* Sentence_Break values. */
enum
{
  SB_OTHER,
  SB_UPPER,
  SB_LOWER,
  SB_NUMERIC,
  SB_ATERM,
  SB_STERM,
  SB_CLOSE,
  SB_SCONTINUE,
  SB_SP,
  SB_SEP,
};

static const guint8 kind_wb[N_KINDS] = {
  [KIND_UPPER] = WB_LETTER,
  [KIND_LOWER] = WB_LETTER,
  [KIND_DIGIT] = WB_NUMERIC,
  [KIND_SPACE] = WB_SPACE,
  [KIND_PERIOD] = WB_MIDNUMLET,
  [KIND_COMMA] = WB_MIDNUM,
  [KIND_SEMICOLON] = WB_MIDNUM,
  [KIND_COLON] = WB_MIDLETTER,
  [KIND_APOSTROPHE] = WB_SQUOTE,
  [KIND_CURLY] = WB_MIDNUMLET,
  [KIND_UNDERSCORE] = WB_EXTENDNUMLET,
  [KIND_MIDDOT] = WB_MIDLETTER,
};

static const guint8 kind_sb[N_KINDS] = {
  [KIND_UPPER] = SB_UPPER,
  [KIND_LOWER] = SB_LOWER,
  [KIND_DIGIT] = SB_NUMERIC,
  [KIND_SPACE] = SB_SP,
  [KIND_CR] = SB_SEP,
  [KIND_PERIOD] = SB_ATERM,
  [KIND_STERM] = SB_STERM,
  [KIND_COMMA] = SB_SCONTINUE,
  [KIND_COLON] = SB_SCONTINUE,
  [KIND_DASH] = SB_SCONTINUE,
  [KIND_APOSTROPHE] = SB_CLOSE,
  [KIND_QUOTE] = SB_CLOSE,
  [KIND_CURLY] = SB_CLOSE,
  [KIND_CLOSE] = SB_CLOSE,
};

#define KIND_MASK 0x7F
#define BOUNDARY  0x80

#define KIND_IS_BLANK(k) ((k) == KIND_SPACE || (k) == KIND_CR)
#define KIND_IS_ALNUM(k) ((k) == KIND_UPPER || (k) == KIND_LOWER || (k) == KIND_DIGIT)

#define KIND_TABLE_SIZE 0x250

static guint8 kind_table[KIND_TABLE_SIZE];

static void
init_kind_table (void)
{
  static gsize done = 0;

  if (!g_once_init_enter (&done))
    return;

  for (gunichar c = 0; c < KIND_TABLE_SIZE; c++)
    {
      Kind k = KIND_NONE;

      if (c >= 'A' && c <= 'Z')
        k = KIND_UPPER;
      else if (c >= 'a' && c <= 'z')
        k = KIND_LOWER;
      else if (c >= '0' && c <= '9')
        k = KIND_DIGIT;
      else if (c < 0x80)
        {
          switch (c)
            {
            case ' ': k = KIND_SPACE; break;
            case '\r': k = KIND_CR; break;
            case '.': k = KIND_PERIOD; break;
            case '!': case '?': k = KIND_STERM; break;
            case ',': k = KIND_COMMA; break;
            case ';': k = KIND_SEMICOLON; break;
            case ':': k = KIND_COLON; break;
            case '-': k = KIND_DASH; break;
            case '\'': k = KIND_APOSTROPHE; break;
            case '"': k = KIND_QUOTE; break;
            case '(': case ')': case '[': case ']': case '{': case '}':
              k = KIND_CLOSE;
              break;
            case '_': k = KIND_UNDERSCORE; break;
            default:
              if (c > 0x20 && c < 0x7F)
                k = KIND_OTHER;
            }
        }
      else if (c >= 0xC0)
        {
          /* Letters; not the title-case digraphs nor the few Lo ones. */
          GUnicodeType type = g_unichar_type (c);

          if (type == G_UNICODE_UPPERCASE_LETTER)
            k = KIND_UPPER;
          else if (type == G_UNICODE_LOWERCASE_LETTER)
            k = KIND_LOWER;
          else if (c == 0xD7 || c == 0xF7)
            k = KIND_OTHER;
        }
      else if (c >= 0xA1)
        {
          switch (c)
            {
            case 0xAB: case 0xBB: k = KIND_CLOSE; break;
            case 0xB7: k = KIND_MIDDOT; break;
            case 0xB5: k = KIND_LOWER; break;
            /* Not: soft hyphen, ordinal indicators, superscript digits,
             * vulgar fractions. */
            case 0xAA: case 0xAD: case 0xB2: case 0xB3: case 0xB9: case 0xBA:
            case 0xBC: case 0xBD: case 0xBE:
              break;
            default:
              k = KIND_OTHER;
            }
        }

      kind_table[c] = k;
    }

  g_once_init_leave (&done, 1);
}

static inline Kind
kind_of (gunichar c)
{
  if (c < KIND_TABLE_SIZE)
    return kind_table[c];

  switch (c)
    {
    case 0x2010: case 0x2012: case 0x2015:   /* hyphen, figure dash, bar */
    case 0x2022: case 0x2026: case 0x20AC:   /* bullet, ellipsis, euro */
      return KIND_OTHER;
    case 0x2013: case 0x2014:                /* en and em dashes */
      return KIND_DASH;
    case 0x2018: case 0x2019:
      return KIND_CURLY;
    case 0x201A: case 0x201C: case 0x201D: case 0x201E:
      return KIND_CLOSE;
    default:
      return KIND_NONE;
    }
}

gboolean
gloss_tokenizer_fast_accepts (gunichar c)
{
  init_kind_table ();

  return kind_of (c) != KIND_NONE;
}

#define WB_IS_AHLETTER(w) ((w) == WB_LETTER)
#define WB_IS_MIDLETTER_Q(w) ((w) == WB_MIDLETTER || (w) == WB_MIDNUMLET || (w) == WB_SQUOTE)
#define WB_IS_MIDNUM_Q(w) ((w) == WB_MIDNUM || (w) == WB_MIDNUMLET || (w) == WB_SQUOTE)

/* Whether UAX #29 keeps the characters of word-break classes @a and @b
 * together, @before being the class before @a and @after the one after @b
 * (WB_OTHER at the edges). */
static inline gboolean
wb_joins (guint before,
          guint a,
          guint b,
          guint after)
{
  switch (a)
    {
    case WB_SPACE:
      return b == WB_SPACE;

    case WB_LETTER:
      return b == WB_LETTER || b == WB_NUMERIC || b == WB_EXTENDNUMLET ||
             (WB_IS_MIDLETTER_Q (b) && after == WB_LETTER);

    case WB_NUMERIC:
      return b == WB_NUMERIC || b == WB_LETTER || b == WB_EXTENDNUMLET ||
             (WB_IS_MIDNUM_Q (b) && after == WB_NUMERIC);

    case WB_EXTENDNUMLET:
      return b == WB_LETTER || b == WB_NUMERIC || b == WB_EXTENDNUMLET;

    case WB_MIDLETTER:
    case WB_MIDNUMLET:
    case WB_MIDNUM:
    case WB_SQUOTE:
      return (WB_IS_MIDLETTER_Q (a) && before == WB_LETTER && b == WB_LETTER) ||
             (WB_IS_MIDNUM_Q (a) && before == WB_NUMERIC && b == WB_NUMERIC);

    default:
      return FALSE;
    }
}

/* Sentence-terminator memory. */
enum
{
  TERM_NONE,
  TERM_CLOSE,   /* after SATerm Close* */
  TERM_SP,      /* after SATerm Close* Sp+ */
};

/* Segments the window of @n characters at @text as piece_new() does with
 * Pango, and fills @flags for [piece_from, piece_from + piece_n) of it.
 * FALSE, with @flags untouched, when the window holds a character the
 * built-in segmenter does not handle. */
static gboolean
fast_segment (const char *text,
              gsize       n_bytes,
              guint       n,
              gboolean    at_para_start,
              guint       piece_from,
              guint       piece_n,
              guint8     *flags)
{
  g_autofree guint8 *kinds = NULL;
  const guchar *p = (const guchar *) text;
  const guchar *end = p + n_bytes;
  guint term = TERM_NONE;
  gboolean term_is_aterm = FALSE;
  gboolean pending = at_para_start;
  /* SB8 look-ahead: whether the text from the position where it was last
   * computed up to the next letter, terminator or separator... */
  guint lookahead_valid_until = 0;
  gboolean lookahead_lower = FALSE;

  if (n == 0)
    return TRUE;

  init_kind_table ();

  kinds = g_malloc (n);
  for (guint i = 0; i < n; i++)
    {
      gunichar c;
      Kind k;

      g_assert (p < end);
      if (*p < 0x80)
        c = *p++;
      else
        {
          c = g_utf8_get_char ((const char *) p);
          p = (const guchar *) g_utf8_next_char (p);
        }

      k = kind_of (c);
      /* A "\r" is white space before the "\n" at the end of a paragraph;
       * Pango treats one anywhere else in ways not reproduced here. */
      if (k == KIND_NONE || (k == KIND_CR && i + 1 != n))
        return FALSE;

      kinds[i] = (guint8) k;
    }

  /* Word boundaries, in the top bit. */
  for (guint i = 1; i < n; i++)
    {
      if (!wb_joins (i >= 2 ? kind_wb[kinds[i - 2] & KIND_MASK] : WB_OTHER,
                     kind_wb[kinds[i - 1] & KIND_MASK],
                     kind_wb[kinds[i]],
                     i + 1 < n ? kind_wb[kinds[i + 1]] : WB_OTHER))
        {
          /* Pango's rule for a full stop between a word and a capital
           * ("1.Sx") depends on more than is kept here. */
          if (kind_sb[kinds[i]] == SB_UPPER && kind_sb[kinds[i - 1] & KIND_MASK] == SB_ATERM)
            return FALSE;
          kinds[i] |= BOUNDARY;
        }
      else if (kind_sb[kinds[i]] == SB_ATERM || kind_sb[kinds[i]] == SB_STERM)
        return FALSE;
    }
  kinds[0] |= BOUNDARY;

  for (guint i = 0; i < n; i++)
    {
      Kind k = kinds[i] & KIND_MASK;
      guint sb = kind_sb[k];
      gboolean boundary = (kinds[i] & BOUNDARY) != 0;
      gboolean start = FALSE;

      /* Sentence rules apply where words meet (a terminator inside a
       * word sent the window to Pango above). */
      if (boundary)
        {
          /* Whether a sentence starts at i. */
          if (i == 0)
            start = TRUE;
          else if (term == TERM_NONE || i + 1 == n)
            start = FALSE;
          else if (sb == SB_SCONTINUE || sb == SB_ATERM || sb == SB_STERM)
            start = FALSE;                                      /* SB8a */
          else if (term == TERM_CLOSE && (sb == SB_CLOSE || sb == SB_SP || sb == SB_SEP))
            start = FALSE;                                      /* SB9 */
          else if (sb == SB_SP || sb == SB_SEP)
            start = FALSE;                                      /* SB10 */
          else if (term_is_aterm && term == TERM_CLOSE && sb == SB_NUMERIC)
            start = FALSE;                  /* SB6, as Pango has it: ".)3" */
          else if (term_is_aterm)
            {
              /* SB8: no break when a lower-case letter comes before any
               * other letter, terminator or separator, looking only
               * where Pango looks. */
              if (i >= lookahead_valid_until)
                {
                  guint j = i;

                  lookahead_lower = FALSE;
                  for (; j < n; j++)
                    {
                      guint sj = kind_sb[kinds[j] & KIND_MASK];

                      if (!(kinds[j] & BOUNDARY))
                        continue;
                      if (sj == SB_LOWER)
                        lookahead_lower = TRUE;
                      if (sj == SB_LOWER || sj == SB_UPPER || sj == SB_SEP ||
                          sj == SB_ATERM || sj == SB_STERM)
                        break;
                    }
                  lookahead_valid_until = j;
                }
              start = !lookahead_lower;
            }
          else
            start = TRUE;                                       /* SB11 */

          /* The terminator memory. */
          if (sb == SB_ATERM || sb == SB_STERM)
            {
              term = TERM_CLOSE;
              term_is_aterm = sb == SB_ATERM;
            }
          else if (sb == SB_CLOSE && term == TERM_CLOSE)
            ;
          else if (sb == SB_SP && term != TERM_NONE)
            term = TERM_SP;
          else
            term = TERM_NONE;
        }

      /* As piece_new(): a start counts at the first character of a token
       * or in white space, unless it follows a letter or a digit. */
      if (start && (i > 0 ? !KIND_IS_ALNUM (kinds[i - 1] & KIND_MASK) : at_para_start))
        pending = TRUE;

      if (i >= piece_from && i < piece_from + piece_n)
        {
          guint8 *f = flags + (i - piece_from);

          if (KIND_IS_BLANK (k))
            *f = 0;
          else if (boundary)
            *f = FLAG_TOKEN | FLAG_START | (pending ? FLAG_SENTENCE : 0);
          else
            *f = FLAG_TOKEN;
        }

      if (!KIND_IS_BLANK (k) && boundary)
        pending = FALSE;
    }

  return TRUE;
}

/* Segments [piece_start, piece_end) of the paragraph starting at
 * @para_start and ending at @para_end, with context on both sides. */
static Piece *
piece_new (GlossTokenizer *self,
           guint           para_start,
           guint           para_end,
           guint           piece_start,
           guint           piece_end)
{
  g_autofree PangoLogAttr *attrs = NULL;
  Piece *piece;
  guint ctx_start;
  guint ctx_end;
  gsize byte_start;
  gsize byte_end;
  guint n;
  guint k;
  const char *p;
  gboolean at_para_start;
  gboolean pending;
  gunichar prev_char;

  ctx_start = piece_start - MIN (piece_start - para_start, CONTEXT);
  ctx_end = piece_end + MIN (para_end - piece_end, CONTEXT);
  at_para_start = ctx_start == para_start;

  byte_start = gloss_document_offset_to_byte (self->document, ctx_start);
  byte_end = gloss_document_offset_to_byte (self->document, ctx_end);
  n = ctx_end - ctx_start;

  piece = g_new0 (Piece, 1);
  piece->start = piece_start;
  piece->end = piece_end;
  piece->flags = g_new0 (guint8, piece_end - piece_start);

  if (self->path == GLOSS_TOKENIZER_PATH_AUTO &&
      fast_segment (self->text + byte_start, byte_end - byte_start, n,
                    at_para_start, piece_start - ctx_start,
                    piece_end - piece_start, piece->flags))
    {
      self->n_fast++;
      return piece;
    }

  self->n_pango++;
  attrs = g_new (PangoLogAttr, n + 1);
  pango_get_log_attrs (self->text + byte_start, (int) (byte_end - byte_start),
                       -1, self->language, attrs, (int) n + 1);

  /* A new paragraph starts a sentence; the start of a context window does
   * not, whatever Pango says about the first character it was given. */
  pending = at_para_start;
  p = self->text + byte_start;
  prev_char = 0;
  k = 0;

  while (k < n)
    {
      gunichar c = g_utf8_get_char (p);
      gboolean visible = !is_blank (c);
      guint j = k + 1;

      /* Sentence starts: at k only after a character that may end a
       * sentence; inside white space always. */
      if (attrs[k].is_sentence_start &&
          (k > 0 ? !g_unichar_isalnum (prev_char) : at_para_start))
        pending = TRUE;

      /* The segment [k, j) ends at the next word boundary that is also a
       * cluster boundary. */
      p = g_utf8_next_char (p);
      prev_char = c;
      for (; j < n; j++)
        {
          c = g_utf8_get_char (p);
          if (attrs[j].is_cursor_position &&
              (attrs[j].is_word_boundary || c == ZWSP || prev_char == ZWSP))
            break;

          if (!is_blank (c))
            visible = TRUE;
          prev_char = c;
          p = g_utf8_next_char (p);
        }

      if (!visible)
        {
          for (guint q = k + 1; q < j; q++)
            if (attrs[q].is_sentence_start)
              pending = TRUE;
        }
      else
        {
          guint doc_start = ctx_start + k;
          guint doc_end = ctx_start + j;

          /* Cuts are at white space, so a token is either wholly inside
           * the piece or wholly in the context around it. */
          if (doc_start >= piece_start && doc_end <= piece_end)
            {
              guint8 *flags = piece->flags + (doc_start - piece_start);

              flags[0] = FLAG_TOKEN | FLAG_START | (pending ? FLAG_SENTENCE : 0);
              for (guint q = 1; q < j - k; q++)
                flags[q] = FLAG_TOKEN;
            }
          else
            g_assert (doc_end <= piece_start || doc_start >= piece_end);

          pending = FALSE;
        }

      k = j;
    }

  return piece;
}

/* Finds the piece holding the character at @offset (< length) and the
 * index of that character in it. FALSE when the character is a "\n". */
static gboolean
lookup (GlossTokenizer  *self,
        guint            offset,
        Piece          **out_piece,
        guint           *out_index)
{
  Piece *piece = NULL;
  guint line;
  guint column;
  guint para_start;
  guint para_end;
  guint piece_start;
  guint piece_end;
  guint slot = 0;

  g_assert (offset < self->length);

  for (guint i = 0; i < CACHE_SIZE; i++)
    {
      Piece *cached = self->cache[i];

      if (cached != NULL && cached->start <= offset && offset < cached->end)
        {
          piece = cached;
          break;
        }
    }

  if (piece == NULL)
    {
      gloss_document_offset_to_line_column (self->document, offset, &line, &column);
      para_start = offset - column;
      para_end = gloss_document_line_column_to_offset (self->document, line, G_MAXUINT);

      if (offset >= para_end)
        return FALSE;

      if (para_end - para_start <= PIECE_MAX)
        {
          piece_start = para_start;
          piece_end = para_end;
        }
      else
        find_piece_bounds (self, para_start, para_end, offset, &piece_start, &piece_end);

      piece = piece_new (self, para_start, para_end, piece_start, piece_end);

      /* Replace an empty slot, else the least recently used one. */
      for (guint i = 0; i < CACHE_SIZE; i++)
        {
          if (self->cache[i] == NULL)
            {
              slot = i;
              break;
            }
          if (self->cache[i]->last_used < self->cache[slot]->last_used)
            slot = i;
        }

      g_clear_pointer (&self->cache[slot], piece_free);
      self->cache[slot] = piece;
    }

  piece->last_used = ++self->clock;
  *out_piece = piece;
  *out_index = offset - piece->start;

  return TRUE;
}

/* The token holding flags[index] (which must be FLAG_TOKEN), in document
 * offsets. */
static void
token_bounds (Piece    *piece,
              guint     index,
              guint    *start,
              guint    *end,
              gboolean *starts_sentence)
{
  guint n = piece->end - piece->start;
  guint s = index;
  guint e = index + 1;

  g_assert (piece->flags[index] & FLAG_TOKEN);

  while (!(piece->flags[s] & FLAG_START))
    {
      g_assert (s > 0);
      s--;
    }

  while (e < n && (piece->flags[e] & (FLAG_TOKEN | FLAG_START)) == FLAG_TOKEN)
    e++;

  *start = piece->start + s;
  *end = piece->start + e;
  if (starts_sentence != NULL)
    *starts_sentence = (piece->flags[s] & FLAG_SENTENCE) != 0;
}

static gboolean
token_at (GlossTokenizer *self,
          guint           offset,
          guint          *start,
          guint          *end,
          gboolean       *starts_sentence)
{
  Piece *piece;
  guint index;

  if (offset >= self->length || !lookup (self, offset, &piece, &index))
    return FALSE;

  if (!(piece->flags[index] & FLAG_TOKEN))
    return FALSE;

  token_bounds (piece, index, start, end, starts_sentence);

  return TRUE;
}

static gboolean
next_token (GlossTokenizer *self,
            guint           offset,
            guint          *start,
            guint          *end,
            gboolean       *starts_sentence)
{
  guint x = offset;

  while (x < self->length)
    {
      Piece *piece;
      guint index;
      guint n;

      if (!lookup (self, x, &piece, &index))
        {
          x++;
          continue;
        }

      n = piece->end - piece->start;
      for (; index < n; index++)
        {
          if (piece->flags[index] & FLAG_START)
            {
              token_bounds (piece, index, start, end, starts_sentence);
              return TRUE;
            }
        }

      x = piece->end;
    }

  return FALSE;
}

static gboolean
prev_token (GlossTokenizer *self,
            guint           offset,
            guint          *start,
            guint          *end,
            gboolean       *starts_sentence)
{
  guint x = MIN (offset, self->length);

  while (x > 0)
    {
      Piece *piece;
      guint index;

      if (!lookup (self, x - 1, &piece, &index))
        {
          x--;
          continue;
        }

      /* Walk back through the piece from the character before x. */
      for (guint i = index + 1; i-- > 0;)
        {
          guint s, e;

          if (!(piece->flags[i] & FLAG_TOKEN))
            continue;

          token_bounds (piece, i, &s, &e, starts_sentence);
          if (e <= offset)
            {
              *start = s;
              *end = e;
              return TRUE;
            }

          /* The token that holds @offset itself: look before it. */
          i = s - piece->start;
        }

      x = piece->start;
    }

  return FALSE;
}

void
gloss_tokenizer_set_path (GlossTokenizer     *self,
                          GlossTokenizerPath  path)
{
  g_return_if_fail (GLOSS_IS_TOKENIZER (self));

  clear_cache (self);
  self->path = path;
}

void
gloss_tokenizer_get_counts (GlossTokenizer *self,
                            guint          *n_fast,
                            guint          *n_pango)
{
  g_return_if_fail (GLOSS_IS_TOKENIZER (self));

  if (n_fast != NULL)
    *n_fast = self->n_fast;
  if (n_pango != NULL)
    *n_pango = self->n_pango;
}

/**
 * gloss_tokenizer_token_at:
 * @offset: a code-point offset
 * @start: (out) (optional): the token's start
 * @end: (out) (optional): the token's end
 *
 * Returns: %TRUE if the character at @offset belongs to a token; %FALSE
 *   in white space, on a line end, and at or past the end of the text
 */
gboolean
gloss_tokenizer_token_at (GlossTokenizer *self,
                          guint           offset,
                          guint          *start,
                          guint          *end)
{
  guint s, e;

  g_return_val_if_fail (GLOSS_IS_TOKENIZER (self), FALSE);

  if (!token_at (self, offset, &s, &e, NULL))
    return FALSE;

  if (start != NULL)
    *start = s;
  if (end != NULL)
    *end = e;

  return TRUE;
}

/**
 * gloss_tokenizer_snap:
 * @start: start of the range
 * @end: end of the range (exclusive); clamped to the length
 * @snapped_start: (out) (optional): start of the first token in the range
 * @snapped_end: (out) (optional): end of the last token in the range
 *
 * Widens a range that cuts a token to the whole token and drops white
 * space at both ends. An empty range holds no token.
 *
 * Returns: %FALSE (and nothing set) when no token overlaps the range
 */
gboolean
gloss_tokenizer_snap (GlossTokenizer *self,
                      guint           start,
                      guint           end,
                      guint          *snapped_start,
                      guint          *snapped_end)
{
  guint first_start, first_end;
  guint last_start, last_end;

  g_return_val_if_fail (GLOSS_IS_TOKENIZER (self), FALSE);
  g_return_val_if_fail (start <= end, FALSE);

  end = MIN (end, self->length);
  if (start >= end)
    return FALSE;

  if (!token_at (self, start, &first_start, &first_end, NULL) &&
      !next_token (self, start, &first_start, &first_end, NULL))
    return FALSE;

  if (first_start >= end)
    return FALSE;

  if (!token_at (self, end - 1, &last_start, &last_end, NULL) &&
      !prev_token (self, end, &last_start, &last_end, NULL))
    g_assert_not_reached ();

  g_assert (first_start <= last_start && first_end <= last_end);

  if (snapped_start != NULL)
    *snapped_start = first_start;
  if (snapped_end != NULL)
    *snapped_end = last_end;

  return TRUE;
}

/**
 * gloss_tokenizer_next_token:
 * @offset: a code-point offset
 * @start: (out) (optional): the token's start
 * @end: (out) (optional): the token's end
 *
 * Returns: %TRUE if a token starts at or after @offset
 */
gboolean
gloss_tokenizer_next_token (GlossTokenizer *self,
                            guint           offset,
                            guint          *start,
                            guint          *end)
{
  guint s, e;

  g_return_val_if_fail (GLOSS_IS_TOKENIZER (self), FALSE);

  if (!next_token (self, offset, &s, &e, NULL))
    return FALSE;

  if (start != NULL)
    *start = s;
  if (end != NULL)
    *end = e;

  return TRUE;
}

/**
 * gloss_tokenizer_prev_token:
 * @offset: a code-point offset
 * @start: (out) (optional): the token's start
 * @end: (out) (optional): the token's end
 *
 * Returns: %TRUE if a token ends at or before @offset
 */
gboolean
gloss_tokenizer_prev_token (GlossTokenizer *self,
                            guint           offset,
                            guint          *start,
                            guint          *end)
{
  guint s, e;

  g_return_val_if_fail (GLOSS_IS_TOKENIZER (self), FALSE);

  if (!prev_token (self, offset, &s, &e, NULL))
    return FALSE;

  if (start != NULL)
    *start = s;
  if (end != NULL)
    *end = e;

  return TRUE;
}

/**
 * gloss_tokenizer_is_token_boundary:
 * @offset: a code-point offset
 *
 * Returns: %TRUE unless @offset lies strictly inside a token (white space,
 *   line ends, token edges, the start and the end of the text are all
 *   boundaries); %FALSE past the end of the text
 */
gboolean
gloss_tokenizer_is_token_boundary (GlossTokenizer *self,
                                   guint           offset)
{
  Piece *piece;
  guint index;

  g_return_val_if_fail (GLOSS_IS_TOKENIZER (self), FALSE);

  if (offset >= self->length)
    return offset == self->length;

  if (!lookup (self, offset, &piece, &index))
    return TRUE;

  return (piece->flags[index] & (FLAG_TOKEN | FLAG_START)) != FLAG_TOKEN;
}

/**
 * gloss_tokenizer_foreach:
 * @start: start of the range
 * @end: end of the range (exclusive)
 * @func: (scope call): called for each token overlapping the range, with
 *   whether it is the first token of a sentence
 * @user_data: data for @func
 */
void
gloss_tokenizer_foreach (GlossTokenizer *self,
                         guint           start,
                         guint           end,
                         GlossTokenFunc  func,
                         gpointer        user_data)
{
  guint s, e;
  gboolean sentence;
  gboolean found;

  g_return_if_fail (GLOSS_IS_TOKENIZER (self));
  g_return_if_fail (func != NULL);

  end = MIN (end, self->length);
  if (start >= end)
    return;

  found = token_at (self, start, &s, &e, &sentence) ||
          next_token (self, start, &s, &e, &sentence);

  while (found && s < end)
    {
      if (!func (s, e, sentence, user_data))
        return;

      found = next_token (self, e, &s, &e, &sentence);
    }
}
