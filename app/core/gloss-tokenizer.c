/* gloss-tokenizer.c: words and sentences of a document
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-tokenizer"

#include "config.h"

#include <string.h>

#include <pango/pango.h>

#include "gloss-tokenizer-private.h"

/* How tokens are found
 *
 * Pango computes the Unicode text boundaries (pango_get_log_attrs) for one
 * paragraph at a time; a paragraph is a line of the document, and its "\n"
 * is never passed to Pango (a "\r" before it is, as white space). The
 * language given to Pango is always "und" (undetermined): Pango tailors by
 * script, not by language, and never by the user's locale, so the same text
 * gives the same tokens on every machine. Most news text (Latin, Greek,
 * Cyrillic, Arabic and Hebrew letters, common punctuation, emoji) is
 * segmented by a built-in equivalent instead, which is several times
 * faster (see "The built-in segmenter" below); the tokens are the same.
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
 * Reading a whole document (gloss_tokenizer_foreach() over it, and
 * _gloss_tokenizer_collect() for the exports) needs no flags and no cache:
 * the paragraphs are walked in order, where they end in bytes is found in
 * the text rather than through the document's offset index, and each
 * piece is segmented straight into tokens. Only a piece that a range covers in part goes through the cache,
 * as the view may ask about it again.
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
 * A tokenizer is not thread-safe (its cache and its scratch buffers change
 * on reads): use one per thread. The document is immutable, so several
 * tokenizers may share it. */

#define PIECE_MAX  65536u
#define PIECE_STEP 32768u
#define CONTEXT    512u
#define CACHE_SIZE 8
/* Scratch buffers for windows up to this many characters are kept for
 * the next piece; larger ones (a long run without a place to cut) are
 * freed. */
#define SCRATCH_KEEP (PIECE_MAX + 2 * CONTEXT + 1)

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

/* A line of the document without its "\n", in offsets and bytes. */
typedef struct
{
  guint    start;
  guint    end;
  gsize    byte_start;
  gsize    byte_end;
} Paragraph;

struct _GlossTokenizer
{
  GObject         parent_instance;

  GlossDocument  *document;
  const char     *text;
  gsize           n_bytes;
  guint           length;
  PangoLanguage  *language;

  Piece          *cache[CACHE_SIZE];
  guint64         clock;

  /* For the built-in segmenter: a kind per character of the window and
   * the positions of its word boundaries, scratch_size entries each. */
  guint8         *kinds;
  guint          *bounds;
  gsize           scratch_size;

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

static void init_kind_tables (void);

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
  self->n_bytes = 0;
  self->length = 0;

  G_OBJECT_CLASS (gloss_tokenizer_parent_class)->dispose (object);
}

static void
gloss_tokenizer_finalize (GObject *object)
{
  GlossTokenizer *self = GLOSS_TOKENIZER (object);

  g_free (self->kinds);
  g_free (self->bounds);

  G_OBJECT_CLASS (gloss_tokenizer_parent_class)->finalize (object);
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
          self->text = gloss_document_get_text (self->document, &self->n_bytes);
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
  object_class->finalize = gloss_tokenizer_finalize;
  object_class->get_property = gloss_tokenizer_get_property;
  object_class->set_property = gloss_tokenizer_set_property;

  properties[PROP_DOCUMENT] =
    g_param_spec_object ("document", NULL, NULL,
                         GLOSS_TYPE_DOCUMENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Once, rather than at each piece. */
  init_kind_tables ();
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
 * of most news text need. For a window whose every character belongs to
 * the alphabet below, the word and sentence boundaries are computed here
 * instead, the way Pango computes them, and turned into tokens as
 * pango_segment() turns Pango's. Any other character (a combining mark, a
 * format or control character, a tab, a no-break space, another script,
 * an emoji sequence not described below) sends the whole window to
 * Pango. The differential tests and the fuzzer compare both paths on
 * many texts, and test every character of the alphabet.
 *
 * The alphabet:
 *
 * - printable ASCII; "\r" only as the last character of a paragraph;
 * - the Latin-1 signs and punctuation, except the soft hyphen, the
 *   superscript digits and the vulgar fractions; the hyphen, figure
 *   dash, en and em dashes, horizontal bar, curly quotes, low quotes,
 *   bullet, ellipsis and euro sign;
 * - letters of general category Lu, Ll, Lt or Lo and line-break class
 *   AL: Latin U+00AA–U+02AF (Latin-1, Extended-A and -B, IPA
 *   Extensions), Greek U+0370–U+03FF and Cyrillic U+0400–U+052F (Lu and
 *   Ll only), Latin Extended Additional U+1E00–U+1EFF (Vietnamese);
 * - Arabic letters U+0620–U+06FF of category Lo or Lm (Sentence_Break
 *   OLetter: a letter neither upper nor lower case) and the Arabic-Indic
 *   digits of both sets; the Arabic comma (as ","), semicolon (a
 *   symbol for UAX #29), question mark and full stop (as "?"); not the
 *   Arabic marks (tashkeel, U+0670...), which Pango's Arabic tailoring
 *   concerns, nor the other Arabic signs;
 * - Hebrew letters U+05D0–U+05EA and U+05EF–U+05F2 (Word_Break
 *   Hebrew_Letter, with rules WB7a to WB7c; Sentence_Break OLetter);
 *   not the Hebrew points, geresh or gershayim;
 * - emoji: the Extended_Pictographic symbols (category So) of U+2600–
 *   U+27BF and U+1F300–U+1FAFF, and ©, ® and ™; the other symbols
 *   of U+2600–U+27BF except the quotation-mark ornaments; the regional
 *   indicators U+1F1E6–U+1F1FF; U+FE0F and the skin-tone modifiers
 *   U+1F3FB–U+1F3FF only right after an emoji (or after another of
 *   them), U+200D ZERO WIDTH JOINER only between such an emoji (with
 *   its modifiers) and another emoji.
 *
 * Grapheme clusters: an emoji with its modifiers and the emoji joined to
 * it by ZWJ (GB9, GB11) form one cluster, and so do two regional
 * indicators (GB12, GB13: pairs counted from the first of a run in the
 * window, as Pango counts them); every other character is a cluster of
 * its own. A character that continues a cluster is of KIND_CONT: it
 * never starts a token, and the word and sentence rules skip it as Pango
 * skips positions that are not cursor positions (Pango does look at the
 * second indicator of a pair, but WB15 keeps it in the word and nothing
 * else sees it). A cluster's word and sentence classes are those of its
 * first character; an emoji or a flag is Word_Break Other (a token of
 * its own) and Sentence_Break Other.
 *
 * Word boundaries are those of UAX #29 for the alphabet: letters and
 * digits join, a full stop or an apostrophe joins two letters or two
 * digits, a colon or a middle dot two letters, a comma or a semicolon two
 * digits, an underscore joins on both sides, spaces join each other; a
 * Hebrew letter also keeps a following apostrophe (WB7a) and a double
 * quotation mark between two Hebrew letters (WB7b, WB7c).
 *
 * Sentence starts follow UAX #29 with Pango's ways, found by testing:
 * boundaries are only looked at where words meet, so the rules that look
 * back or ahead see the first character of each word; a full stop then
 * closing punctuation keeps a number from starting a sentence (".)3");
 * a semicolon is not a continuation mark; the last character of the text
 * given to Pango never starts a sentence. A letter without case (OLetter)
 * ends the SB8 look-ahead as an upper-case one does, and counts as a
 * letter where a start after a letter is ignored. Two patterns whose
 * treatment by Pango depends on more than this keeps are left to Pango:
 * a terminator inside a word ("U.S", "3.5": Pango remembers it past the
 * word and may start a sentence at the next one) and a full stop between
 * a word and a capital ("1.Sx"). */

typedef enum
{
  /* Letters and digits first: see KIND_IS_ALNUM(). */
  KIND_UPPER,
  KIND_LOWER,
  KIND_OLETTER,     /* letters without case: Arabic, Lo of Latin */
  KIND_HEBREW,      /* Hebrew letters */
  KIND_DIGIT,
  KIND_SPACE,       /* U+0020 only */
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
  KIND_CONT,        /* continues the cluster of the character before */
  /* Kinds from here on depend on the context, and are checked as they
   * are read; only KIND_CR is kept in kinds[], the others become
   * KIND_OTHER or KIND_CONT. */
  KIND_CR,
  KIND_EMOJI,       /* Extended_Pictographic */
  KIND_RI,          /* regional indicator */
  KIND_EXTEND,      /* U+FE0F, skin tones */
  KIND_ZWJ,
  KIND_NONE,        /* not handled here */
  N_KINDS
} Kind;

/* Word_Break values that matter in the alphabet. */
enum
{
  WB_OTHER,
  WB_LETTER,
  WB_HEBREW,
  WB_NUMERIC,
  WB_MIDLETTER,     /* : and middle dot */
  WB_MIDNUMLET,     /* . and curly single quotes */
  WB_MIDNUM,        /* , ; */
  WB_SQUOTE,        /* ' */
  WB_DQUOTE,        /* " */
  WB_EXTENDNUMLET,  /* _ */
  WB_SPACE,
  N_WB
};

/* Sentence_Break values. */
enum
{
  SB_OTHER,
  SB_UPPER,
  SB_LOWER,
  SB_OLETTER,
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
  [KIND_OLETTER] = WB_LETTER,
  [KIND_HEBREW] = WB_HEBREW,
  [KIND_DIGIT] = WB_NUMERIC,
  [KIND_SPACE] = WB_SPACE,
  [KIND_PERIOD] = WB_MIDNUMLET,
  [KIND_COMMA] = WB_MIDNUM,
  [KIND_SEMICOLON] = WB_MIDNUM,
  [KIND_COLON] = WB_MIDLETTER,
  [KIND_APOSTROPHE] = WB_SQUOTE,
  [KIND_QUOTE] = WB_DQUOTE,
  [KIND_CURLY] = WB_MIDNUMLET,
  [KIND_UNDERSCORE] = WB_EXTENDNUMLET,
  [KIND_MIDDOT] = WB_MIDLETTER,
};

static const guint8 kind_sb[N_KINDS] = {
  [KIND_UPPER] = SB_UPPER,
  [KIND_LOWER] = SB_LOWER,
  [KIND_OLETTER] = SB_OLETTER,
  [KIND_HEBREW] = SB_OLETTER,
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

/* What the sentence pass asks of a kind first. */
enum
{
  KIND_BIT_BLANK = 1 << 0,  /* white space: never in a token */
  KIND_BIT_TERM  = 1 << 1,  /* SATerm or STerm */
};

static const guint8 kind_bits[N_KINDS] = {
  [KIND_SPACE] = KIND_BIT_BLANK,
  [KIND_CR] = KIND_BIT_BLANK,
  [KIND_PERIOD] = KIND_BIT_TERM,
  [KIND_STERM] = KIND_BIT_TERM,
};

/* As g_unichar_isalnum() on the alphabet. */
#define KIND_IS_ALNUM(k) ((k) <= KIND_DIGIT)
/* The Word_Break classes of those kinds, which always join each other. */
#define WB_IS_ALNUM(w) ((guint) (w) - WB_LETTER <= WB_NUMERIC - WB_LETTER)
/* Marks and quotes that may sit inside a word. */
#define WB_IS_MIDQ(w) ((guint) (w) - WB_MIDLETTER <= WB_DQUOTE - WB_MIDLETTER)

/* What the word rules say at a cluster of class b after clusters of
 * classes before and a: word_rule[before][a][b]. */
enum
{
  WORD_BREAK,
  WORD_JOIN,
  /* It depends on the class after b: a letter or a digit, then a mark or
   * a quote (WB6, WB7, WB7b, WB7c, WB11, WB12). */
  WORD_WAIT,
};

static guint8 word_rule[N_WB][N_WB][N_WB];

/* Code points [0, BASE_SIZE), then blocks of their own. */
#define BASE_SIZE     0x700
#define LATIN_EXT     0x1E00    /* Latin Extended Additional */
#define SYMBOLS       0x2600    /* Miscellaneous Symbols, Dingbats */
#define SYMBOLS_SIZE  0x1C0
#define PICTOGRAPHS   0x1F300   /* up to Symbols and Pictographs Extended-A */
#define PICTOGRAPHS_SIZE 0x800

static guint8 base_kinds[BASE_SIZE];
/* The kind of each byte that is a whole character (ASCII), KIND_NONE for
 * the others, so that one look-up classes a byte of the common case. */
static guint8 byte_kinds[256];
static guint8 latin_ext_kinds[0x100];
static guint8 symbol_kinds[SYMBOLS_SIZE];
static guint8 pictograph_kinds[PICTOGRAPHS_SIZE];

/* Extended_Pictographic (Unicode emoji-data.txt) in the symbol and
 * pictograph blocks: first and last code points of each range. Pango has
 * its own copy; what matters is that each symbol listed is one for Pango
 * too (a ZWJ joins it to the emoji before), which the tests check. A
 * symbol missing here is taken as any other symbol, and a ZWJ or
 * modifier after it sends the text to Pango. */
static const gunichar extended_pictographic[][2] = {
  { 0x2600, 0x2605 }, { 0x2607, 0x2612 }, { 0x2614, 0x2685 }, { 0x2690, 0x2705 },
  { 0x2708, 0x2712 }, { 0x2714, 0x2714 }, { 0x2716, 0x2716 }, { 0x271D, 0x271D },
  { 0x2721, 0x2721 }, { 0x2728, 0x2728 }, { 0x2733, 0x2734 }, { 0x2744, 0x2744 },
  { 0x2747, 0x2747 }, { 0x274C, 0x274C }, { 0x274E, 0x274E }, { 0x2753, 0x2755 },
  { 0x2757, 0x2757 }, { 0x2763, 0x2767 }, { 0x2795, 0x2797 }, { 0x27A1, 0x27A1 },
  { 0x27B0, 0x27B0 }, { 0x27BF, 0x27BF },
  { 0x1F300, 0x1F3FA }, { 0x1F400, 0x1F53D }, { 0x1F546, 0x1F64F },
  { 0x1F680, 0x1F6FF }, { 0x1F774, 0x1F77F }, { 0x1F7D5, 0x1F7FF },
  { 0x1F80C, 0x1F80F }, { 0x1F848, 0x1F84F }, { 0x1F85A, 0x1F85F },
  { 0x1F888, 0x1F88F }, { 0x1F8AE, 0x1F8FF }, { 0x1F90C, 0x1F93A },
  { 0x1F93C, 0x1F945 }, { 0x1F947, 0x1FAFF },
};

static gboolean
is_extended_pictographic (gunichar c)
{
  for (guint i = 0; i < G_N_ELEMENTS (extended_pictographic); i++)
    if (c >= extended_pictographic[i][0] && c <= extended_pictographic[i][1])
      return TRUE;

  return FALSE;
}

/* An emoji or other symbol that Pango classes as Word_Break and
 * Sentence_Break Other: a symbol whose line-break class does not make it
 * a number, a separator or a quotation mark. */
static Kind
symbol_kind (gunichar c)
{
  GUnicodeBreakType lb = g_unichar_break_type (c);

  if (g_unichar_type (c) != G_UNICODE_OTHER_SYMBOL ||
      lb == G_UNICODE_BREAK_NUMERIC ||
      lb == G_UNICODE_BREAK_INFIX_SEPARATOR ||
      lb == G_UNICODE_BREAK_QUOTATION)
    return KIND_NONE;

  return is_extended_pictographic (c) ? KIND_EMOJI : KIND_OTHER;
}

/* A letter of a cased script: upper or lower case, with the line-break
 * class of letters. */
static Kind
cased_letter_kind (gunichar c)
{
  if (g_unichar_break_type (c) != G_UNICODE_BREAK_ALPHABETIC)
    return KIND_NONE;

  switch (g_unichar_type (c))
    {
    case G_UNICODE_UPPERCASE_LETTER:
      return KIND_UPPER;
    case G_UNICODE_LOWERCASE_LETTER:
      return KIND_LOWER;
    default:
      return KIND_NONE;
    }
}

static Kind
base_kind (gunichar c)
{
  GUnicodeType type;

  if (c >= 'A' && c <= 'Z')
    return KIND_UPPER;
  if (c >= 'a' && c <= 'z')
    return KIND_LOWER;
  if (c >= '0' && c <= '9')
    return KIND_DIGIT;

  if (c < 0x80)
    {
      switch (c)
        {
        case ' ': return KIND_SPACE;
        case '\r': return KIND_CR;
        case '.': return KIND_PERIOD;
        case '!': case '?': return KIND_STERM;
        case ',': return KIND_COMMA;
        case ';': return KIND_SEMICOLON;
        case ':': return KIND_COLON;
        case '-': return KIND_DASH;
        case '\'': return KIND_APOSTROPHE;
        case '"': return KIND_QUOTE;
        case '(': case ')': case '[': case ']': case '{': case '}':
          return KIND_CLOSE;
        case '_': return KIND_UNDERSCORE;
        default:
          return c > 0x20 && c < 0x7F ? KIND_OTHER : KIND_NONE;
        }
    }

  if (c < 0xC0)
    {
      switch (c)
        {
        case 0xAB: case 0xBB: return KIND_CLOSE;
        case 0xB7: return KIND_MIDDOT;
        case 0xB5: return KIND_LOWER;
        case 0xAA: case 0xBA: return KIND_OLETTER;    /* ordinal indicators */
        case 0xA9: case 0xAE: return KIND_EMOJI;      /* © ® */
        /* Not: soft hyphen, superscript digits, vulgar fractions. */
        case 0xA0: case 0xAD: case 0xB2: case 0xB3: case 0xB9:
        case 0xBC: case 0xBD: case 0xBE:
          return KIND_NONE;
        default:
          return c > 0xA0 ? KIND_OTHER : KIND_NONE;
        }
    }

  if (c == 0xD7 || c == 0xF7)
    return KIND_OTHER;

  type = g_unichar_type (c);

  if (c < 0x2B0)
    {
      /* Latin: title-case digraphs are Upper for Pango; the few Lo
       * letters (clicks) have no case. */
      if (g_unichar_break_type (c) != G_UNICODE_BREAK_ALPHABETIC)
        return KIND_NONE;
      if (type == G_UNICODE_TITLECASE_LETTER)
        return KIND_UPPER;
      if (type == G_UNICODE_OTHER_LETTER)
        return KIND_OLETTER;
      return cased_letter_kind (c);
    }

  if (c >= 0x370 && c < 0x530)
    return cased_letter_kind (c);

  if ((c >= 0x5D0 && c <= 0x5EA) || (c >= 0x5EF && c <= 0x5F2))
    return type == G_UNICODE_OTHER_LETTER ? KIND_HEBREW : KIND_NONE;

  switch (c)
    {
    case 0x60C: return KIND_COMMA;                   /* Arabic comma */
    case 0x61B: return KIND_OTHER;                   /* Arabic semicolon */
    case 0x61F: case 0x6D4: return KIND_STERM;       /* question mark, full stop */
    default: break;
    }

  if (c >= 0x620 && c < 0x700)
    {
      GUnicodeBreakType lb = g_unichar_break_type (c);

      if ((type == G_UNICODE_OTHER_LETTER || type == G_UNICODE_MODIFIER_LETTER) &&
          lb == G_UNICODE_BREAK_ALPHABETIC)
        return KIND_OLETTER;
      if (type == G_UNICODE_DECIMAL_NUMBER && lb == G_UNICODE_BREAK_NUMERIC)
        return KIND_DIGIT;
    }

  return KIND_NONE;
}

static inline gboolean wb_joins (guint before,
                                 guint a,
                                 guint b,
                                 guint after);

static void
init_kind_tables (void)
{
  static gsize done = 0;

  if (!g_once_init_enter (&done))
    return;

  for (gunichar c = 0; c < BASE_SIZE; c++)
    base_kinds[c] = base_kind (c);
  for (guint b = 0; b < G_N_ELEMENTS (byte_kinds); b++)
    byte_kinds[b] = b < 0x80 ? base_kinds[b] : KIND_NONE;
  for (gunichar c = 0; c < G_N_ELEMENTS (latin_ext_kinds); c++)
    latin_ext_kinds[c] = cased_letter_kind (LATIN_EXT + c);
  for (gunichar c = 0; c < SYMBOLS_SIZE; c++)
    symbol_kinds[c] = symbol_kind (SYMBOLS + c);
  for (gunichar c = 0; c < PICTOGRAPHS_SIZE; c++)
    {
      if (PICTOGRAPHS + c >= 0x1F3FB && PICTOGRAPHS + c <= 0x1F3FF)
        pictograph_kinds[c] = KIND_EXTEND;
      else
        {
          Kind k = symbol_kind (PICTOGRAPHS + c);

          /* Only the emoji: other symbols there are rare in news. */
          pictograph_kinds[c] = k == KIND_EMOJI ? KIND_EMOJI : KIND_NONE;
        }
    }

  for (guint before = 0; before < N_WB; before++)
    for (guint a = 0; a < N_WB; a++)
      for (guint b = 0; b < N_WB; b++)
        {
          if (WB_IS_ALNUM (a) && WB_IS_MIDQ (b))
            word_rule[before][a][b] = WORD_WAIT;
          else
            word_rule[before][a][b] = wb_joins (before, a, b, WB_OTHER) ? WORD_JOIN : WORD_BREAK;
        }

  g_once_init_leave (&done, 1);
}

static inline Kind
kind_of (gunichar c)
{
  if (G_LIKELY (c < BASE_SIZE))
    return base_kinds[c];
  if (c - LATIN_EXT < G_N_ELEMENTS (latin_ext_kinds))
    return latin_ext_kinds[c - LATIN_EXT];
  if (c - SYMBOLS < SYMBOLS_SIZE)
    return symbol_kinds[c - SYMBOLS];
  if (c - PICTOGRAPHS < PICTOGRAPHS_SIZE)
    return pictograph_kinds[c - PICTOGRAPHS];
  if (c >= 0x1F1E6 && c <= 0x1F1FF)
    return KIND_RI;

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
    case 0x2122:                             /* ™ */
      return KIND_EMOJI;
    case 0x200D:
      return KIND_ZWJ;
    case 0xFE0F:
      return KIND_EXTEND;
    default:
      return KIND_NONE;
    }
}

gboolean
gloss_tokenizer_fast_accepts (gunichar c)
{
  init_kind_tables ();

  return kind_of (c) != KIND_NONE;
}

#define WB_IS_AHLETTER(w) ((w) == WB_LETTER || (w) == WB_HEBREW)
#define WB_IS_MIDLETTER_Q(w) ((w) == WB_MIDLETTER || (w) == WB_MIDNUMLET || (w) == WB_SQUOTE)
#define WB_IS_MIDNUM_Q(w) ((w) == WB_MIDNUM || (w) == WB_MIDNUMLET || (w) == WB_SQUOTE)

/* Whether UAX #29 keeps the clusters of word-break classes @a and @b
 * together, @before being the class of the cluster before @a and @after
 * that of the one after @b (WB_OTHER at the edges). */
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
    case WB_HEBREW:
      if (WB_IS_AHLETTER (b) || b == WB_NUMERIC || b == WB_EXTENDNUMLET ||
          (WB_IS_MIDLETTER_Q (b) && WB_IS_AHLETTER (after)))
        return TRUE;
      /* WB7a, WB7b */
      return a == WB_HEBREW &&
             (b == WB_SQUOTE || (b == WB_DQUOTE && after == WB_HEBREW));

    case WB_NUMERIC:
      return b == WB_NUMERIC || WB_IS_AHLETTER (b) || b == WB_EXTENDNUMLET ||
             (WB_IS_MIDNUM_Q (b) && after == WB_NUMERIC);

    case WB_EXTENDNUMLET:
      return WB_IS_AHLETTER (b) || b == WB_NUMERIC || b == WB_EXTENDNUMLET;

    case WB_MIDLETTER:
    case WB_MIDNUMLET:
    case WB_MIDNUM:
    case WB_SQUOTE:
      return (WB_IS_MIDLETTER_Q (a) && WB_IS_AHLETTER (before) && WB_IS_AHLETTER (b)) ||
             (WB_IS_MIDNUM_Q (a) && before == WB_NUMERIC && b == WB_NUMERIC);

    case WB_DQUOTE:
      return before == WB_HEBREW && b == WB_HEBREW;                /* WB7c */

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

/* Where a character stands in a cluster of several, while kinds are
 * read. */
enum
{
  CLUSTER_NONE,
  CLUSTER_EMOJI,    /* after an emoji and its modifiers */
  CLUSTER_ZWJ,      /* after a ZWJ that follows one: an emoji must come */
  CLUSTER_RI,       /* after the first regional indicator of a pair */
};

/* The character at *@pp, which must be valid UTF-8 (a document's text
 * is), and *@pp moved past it. */
static inline gunichar
utf8_next (const guchar **pp)
{
  const guchar *p = *pp;
  gunichar c = p[0];

  if (c < 0x80)
    {
      *pp = p + 1;
      return c;
    }
  if (c < 0xE0)
    {
      *pp = p + 2;
      return ((c & 0x1F) << 6) | (p[1] & 0x3F);
    }
  if (c < 0xF0)
    {
      *pp = p + 3;
      return ((c & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    }
  *pp = p + 4;
  return ((c & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
}

/* Stores the kinds of the ASCII letters and digits from @p on into @kinds
 * and returns how many there are, stopping at @end unless it is NULL. */
static inline gsize
read_run (const guchar *p,
          const guchar *end,
          guint8       *kinds)
{
  gsize m = 0;
  guint8 k;

  while ((end == NULL || p + m < end) && KIND_IS_ALNUM (k = byte_kinds[p[m]]))
    kinds[m++] = k;

  return m;
}

/* The first pass of fast_segment(): the kind of each of the @n
 * characters (@n_bytes bytes) at @text, with their clusters, into @kinds,
 * and the positions where words start, in order, into @bounds, followed
 * by @n; both have room for @n + 1 entries. Returns the number of word
 * starts, or 0 when the window holds a character the built-in segmenter
 * does not handle (there is always one at 0 otherwise).
 *
 * Most characters are ASCII letters and digits inside a word, for which
 * this does a table look-up and a store, or single spaces between such
 * words. */
static guint
find_words (const char *text,
            gsize       n_bytes,
            guint       n,
            guint8     *kinds,
            guint      *bounds)
{
  const guchar *p = (const guchar *) text;
  const guchar *end = p + n_bytes;
  guint cluster = CLUSTER_NONE;
  /* The word-break classes of the last two clusters; the start of the
   * window counts as Other, so that a word starts at 0. */
  guint before = WB_OTHER;
  guint a = WB_OTHER;
  /* A cluster whose boundary depends on the class of the next one. */
  gboolean waiting = FALSE;
  guint waiting_at = 0;
  guint waiting_before = WB_OTHER;
  guint waiting_a = WB_OTHER;
  guint n_bounds = 0;
  guint i = 0;
  gboolean stops;

  /* Whether the byte after the window stops a run of letters and digits:
   * it does when the window ends the paragraph (a "\n" or the NUL after
   * the text), so that the loop for runs need not check for the end. */
  stops = !KIND_IS_ALNUM (byte_kinds[*end]);

  for (;;)
    {
      Kind k;
      guint b;

      /* Letters and digits after a letter or a digit always join (WB5,
       * WB8 to WB10), and none of them ends a sentence: the ASCII ones
       * need nothing but their kind. (A letter or a digit never
       * continues an emoji cluster, so none is open here.) */
      while (WB_IS_ALNUM (a))
        {
          gsize m = stops ? read_run (p, NULL, kinds + i) : read_run (p, end, kinds + i);

          if (m > 0)
            {
              p += m;
              i += m;
              before = m >= 2 ? kind_wb[kinds[i - 2]] : a;
              a = kind_wb[kinds[i - 1]];
            }

          /* Then one space and the next ASCII word, the most common way
           * for a word to end: words start at both (only spaces join
           * spaces, WB3d), and the "1.Sx" check below needs a full stop
           * before the letter. */
          if (p[0] != ' ' || p + 1 >= end || !KIND_IS_ALNUM (k = byte_kinds[p[1]]))
            break;

          kinds[i] = KIND_SPACE;
          kinds[i + 1] = (guint8) k;
          bounds[n_bounds++] = i;
          bounds[n_bounds++] = i + 1;
          before = WB_SPACE;
          a = kind_wb[k];
          p += 2;
          i += 2;
        }

      if (p == end)
        break;

      /* Any other character: its kind, as far as its cluster allows. */
      if (cluster == CLUSTER_NONE && (k = byte_kinds[*p]) < KIND_CR)
        p++;
      else
        {
          k = kind_of (utf8_next (&p));
          if (k >= KIND_CR || cluster != CLUSTER_NONE)
            {
              switch (k)
                {
                case KIND_NONE:
                  return 0;

                case KIND_CR:
                  /* A "\r" is white space before the "\n" at the end of a
                   * paragraph; Pango treats one anywhere else in ways not
                   * reproduced here. */
                  if (i + 1 != n)
                    return 0;
                  break;

                case KIND_EMOJI:
                  if (cluster == CLUSTER_ZWJ)
                    k = KIND_CONT;                              /* GB11 */
                  cluster = CLUSTER_EMOJI;
                  break;

                case KIND_EXTEND:
                  if (cluster != CLUSTER_EMOJI)
                    return 0;
                  k = KIND_CONT;                                /* GB9 */
                  break;

                case KIND_ZWJ:
                  if (cluster != CLUSTER_EMOJI)
                    return 0;
                  k = KIND_CONT;                                /* GB9 */
                  cluster = CLUSTER_ZWJ;
                  break;

                case KIND_RI:
                  if (cluster == CLUSTER_ZWJ)
                    return 0;
                  if (cluster == CLUSTER_RI)
                    {
                      k = KIND_CONT;                            /* GB12, GB13 */
                      cluster = CLUSTER_NONE;
                    }
                  else
                    cluster = CLUSTER_RI;
                  break;

                default:
                  if (cluster == CLUSTER_ZWJ)
                    return 0;
                  cluster = CLUSTER_NONE;
                }

              if (k == KIND_EMOJI || k == KIND_RI)
                k = KIND_OTHER;             /* a cluster of Word_Break Other */
            }
        }

      kinds[i] = (guint8) k;

      /* Word boundaries are between clusters: the rules see the first
       * character of each, and skip the rest. */
      if (k != KIND_CONT)
        {
          b = kind_wb[k];

          /* The cluster before, if it waited for this one's class. */
          if (G_UNLIKELY (waiting))
            {
              Kind w = kinds[waiting_at];

              if (!wb_joins (waiting_before, waiting_a, kind_wb[w], b))
                bounds[n_bounds++] = waiting_at;
              else if (kind_bits[w] & KIND_BIT_TERM)
                return 0;           /* see below */
              waiting = FALSE;
            }

          switch (word_rule[before][a][b])
            {
            case WORD_BREAK:
              /* Pango's rule for a full stop between a word and a capital
               * ("1.Sx") depends on more than is kept here. */
              if (k == KIND_UPPER && i > 0 && kinds[i - 1] == KIND_PERIOD)
                return 0;
              bounds[n_bounds++] = i;
              break;

            case WORD_JOIN:
              /* A terminator inside a word ("U.S", "3.5"): Pango remembers
               * it past the word and may start a sentence at the next. */
              if (kind_bits[k] & KIND_BIT_TERM)
                return 0;
              break;

            default:
              waiting = TRUE;
              waiting_at = i;
              waiting_before = before;
              waiting_a = a;
            }

          before = a;
          a = b;
        }

      i++;
    }
  g_assert (i == n);

  /* A ZWJ at the end joins nothing here; Pango decides. */
  if (cluster == CLUSTER_ZWJ)
    return 0;

  /* The end of the window is of class Other for the cluster that waits. */
  if (waiting)
    {
      Kind w = kinds[waiting_at];

      if (!wb_joins (waiting_before, waiting_a, kind_wb[w], WB_OTHER))
        bounds[n_bounds++] = waiting_at;
      else if (kind_bits[w] & KIND_BIT_TERM)
        return 0;
    }

  bounds[n_bounds] = n;

  return n_bounds;
}

/* The first boundary at or after @q. */
static guint
first_bound_from (const guint *bounds,
                  guint        n_bounds,
                  guint        q)
{
  guint lo = 0, hi = n_bounds;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (bounds[mid] < q)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

/* The second pass of fast_segment(): the sentence starts, which Pango
 * only looks for where words meet (a terminator inside a word sent the
 * window to Pango in the first pass), and the tokens: a visible character
 * at a word start begins one, which ends at the next word start. Appends
 * to @tokens those that begin in [piece_from, piece_to), in document
 * offsets (@base is the offset of the window). */
static void
find_sentences (const guint8 *kinds,
                const guint  *bounds,
                guint         n_bounds,
                guint         n,
                gboolean      at_para_start,
                guint         base,
                guint         piece_from,
                guint         piece_to,
                GArray       *tokens)
{
  guint term = TERM_NONE;
  gboolean term_is_aterm = FALSE;
  gboolean pending = at_para_start;
  /* SB8 look-ahead: whether the text from the position where it was last
   * computed up to the next letter, terminator or separator... */
  guint lookahead_valid_until = 0;
  gboolean lookahead_lower = FALSE;
  /* The word starts in the piece; nothing after it matters. */
  guint w_from = 0;
  guint w_to = n_bounds;
  guint n_tokens = tokens->len;
  GlossTokenizerToken *first;
  GlossTokenizerToken *out;

  if (piece_from > 0 || piece_to < n)
    {
      w_from = first_bound_from (bounds, n_bounds, piece_from);
      w_to = first_bound_from (bounds, n_bounds, piece_to);
    }

  g_array_set_size (tokens, n_tokens + (w_to - w_from));
  first = &g_array_index (tokens, GlossTokenizerToken, 0);
  out = first + n_tokens;

  for (guint w = 0; w < w_to; w++)
    {
      guint q = bounds[w];
      Kind k = kinds[q];

      /* With no terminator before and none here, no sentence starts (the
       * start at 0 is already pending) and none is remembered: the common
       * case, which needs none of the rules below. */
      if (G_UNLIKELY (term != TERM_NONE || (kind_bits[k] & KIND_BIT_TERM)))
        {
          guint sb = kind_sb[k];
          gboolean start;

          /* Whether a sentence starts at q. */
          if (q == 0)
            start = TRUE;
          else if (term == TERM_NONE || q + 1 == n)
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
               * where Pango looks: at word boundaries. */
              if (q >= lookahead_valid_until)
                {
                  guint v = w;

                  lookahead_lower = FALSE;
                  for (; v < n_bounds; v++)
                    {
                      guint sv = kind_sb[kinds[bounds[v]]];

                      if (sv == SB_LOWER)
                        lookahead_lower = TRUE;
                      if (sv == SB_LOWER || sv == SB_UPPER || sv == SB_OLETTER ||
                          sv == SB_SEP || sv == SB_ATERM || sv == SB_STERM)
                        break;
                    }
                  lookahead_valid_until = bounds[v];
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

          /* As pango_segment(): a start counts at the first character of
           * a token or in white space, unless it follows a letter or a
           * digit. */
          if (start && (q > 0 ? !KIND_IS_ALNUM (kinds[q - 1]) : at_para_start))
            pending = TRUE;
        }

      if (!(kind_bits[k] & KIND_BIT_BLANK))
        {
          if (w >= w_from)
            {
              out->start = base + q;
              out->end = base + bounds[w + 1];
              out->starts_sentence = pending;
              out++;
            }
          pending = FALSE;
        }
    }

  /* Cuts are at white space, so no token crosses one. */
  g_assert (out == first + n_tokens || out[-1].end <= base + piece_to);
  g_array_set_size (tokens, out - first);
}

/* Segments the window of @n characters (@n_bytes bytes) at @text as
 * pango_segment() does, and appends to @tokens those of its tokens that
 * lie in [piece_from, piece_from + piece_n); @base is the document offset
 * of the window. @kinds and @bounds have room for @n + 1 entries. FALSE,
 * with @tokens untouched, when the window holds a character the built-in
 * segmenter does not handle. */
static gboolean
fast_segment (const char *text,
              gsize       n_bytes,
              guint       n,
              gboolean    at_para_start,
              guint       base,
              guint       piece_from,
              guint       piece_n,
              guint8     *kinds,
              guint      *bounds,
              GArray     *tokens)
{
  guint n_bounds;

  if (n == 0)
    return TRUE;

  n_bounds = find_words (text, n_bytes, n, kinds, bounds);
  if (n_bounds == 0)
    return FALSE;

  find_sentences (kinds, bounds, n_bounds, n, at_para_start, base,
                  piece_from, piece_from + piece_n, tokens);

  return TRUE;
}

/* Segments the window as fast_segment() does, with Pango. */
static void
pango_segment (GlossTokenizer *self,
               const char     *text,
               gsize           n_bytes,
               guint           n,
               gboolean        at_para_start,
               guint           base,
               guint           piece_from,
               guint           piece_n,
               GArray         *tokens)
{
  g_autofree PangoLogAttr *attrs = NULL;
  const char *p;
  gboolean pending;
  gunichar prev_char;
  guint k;

  attrs = g_new (PangoLogAttr, n + 1);
  pango_get_log_attrs (text, (int) n_bytes, -1, self->language, attrs, (int) n + 1);

  /* A new paragraph starts a sentence; the start of a context window does
   * not, whatever Pango says about the first character it was given. */
  pending = at_para_start;
  p = text;
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
          /* Cuts are at white space, so a token is either wholly inside
           * the piece or wholly in the context around it. */
          if (k >= piece_from && j <= piece_from + piece_n)
            {
              GlossTokenizerToken token = { base + k, base + j, pending };

              g_array_append_val (tokens, token);
            }
          else
            g_assert (j <= piece_from || k >= piece_from + piece_n);

          pending = FALSE;
        }

      k = j;
    }
}

/* Scratch buffers for a window of @n characters. */
static void
ensure_scratch (GlossTokenizer *self,
                gsize           n)
{
  if (n + 1 <= self->scratch_size)
    return;

  self->scratch_size = MAX (n + 1, MIN (2 * self->scratch_size, SCRATCH_KEEP));
  g_free (self->kinds);
  g_free (self->bounds);
  self->kinds = g_new (guint8, self->scratch_size);
  self->bounds = g_new (guint, self->scratch_size);
}

/* Appends to @tokens the tokens of [piece_start, piece_end), a piece of
 * the paragraph @para, segmented with context on both sides. */
static void
segment_piece (GlossTokenizer  *self,
               const Paragraph *para,
               guint            piece_start,
               guint            piece_end,
               GArray          *tokens)
{
  guint ctx_start;
  guint ctx_end;
  gsize byte_start;
  gsize byte_end;
  gboolean at_para_start;
  guint n;

  ctx_start = piece_start - MIN (piece_start - para->start, CONTEXT);
  ctx_end = piece_end + MIN (para->end - piece_end, CONTEXT);
  at_para_start = ctx_start == para->start;
  n = ctx_end - ctx_start;

  byte_start = at_para_start ? para->byte_start
                             : gloss_document_offset_to_byte (self->document, ctx_start);
  byte_end = ctx_end == para->end ? para->byte_end
                                  : gloss_document_offset_to_byte (self->document, ctx_end);

  if (self->path == GLOSS_TOKENIZER_PATH_AUTO)
    {
      gboolean done;

      ensure_scratch (self, n);
      done = fast_segment (self->text + byte_start, byte_end - byte_start, n,
                           at_para_start, ctx_start,
                           piece_start - ctx_start, piece_end - piece_start,
                           self->kinds, self->bounds, tokens);

      if (self->scratch_size > SCRATCH_KEEP)
        {
          g_clear_pointer (&self->kinds, g_free);
          g_clear_pointer (&self->bounds, g_free);
          self->scratch_size = 0;
        }

      if (done)
        {
          self->n_fast++;
          return;
        }
    }

  self->n_pango++;
  pango_segment (self, self->text + byte_start, byte_end - byte_start, n,
                 at_para_start, ctx_start,
                 piece_start - ctx_start, piece_end - piece_start, tokens);
}

/* Segments [piece_start, piece_end) of @para into flags. */
static Piece *
piece_new (GlossTokenizer  *self,
           const Paragraph *para,
           guint            piece_start,
           guint            piece_end)
{
  g_autoptr(GArray) tokens = NULL;
  Piece *piece;

  tokens = g_array_sized_new (FALSE, FALSE, sizeof (GlossTokenizerToken),
                              (piece_end - piece_start) / 4 + 16);
  piece = g_new0 (Piece, 1);
  piece->start = piece_start;
  piece->end = piece_end;
  piece->flags = g_new0 (guint8, piece_end - piece_start);

  segment_piece (self, para, piece_start, piece_end, tokens);

  for (guint t = 0; t < tokens->len; t++)
    {
      const GlossTokenizerToken *token = &g_array_index (tokens, GlossTokenizerToken, t);
      guint8 *flags = piece->flags + (token->start - piece_start);

      flags[0] = FLAG_TOKEN | FLAG_START | (token->starts_sentence ? FLAG_SENTENCE : 0);
      for (guint q = 1; q < token->end - token->start; q++)
        flags[q] = FLAG_TOKEN;
    }

  return piece;
}

/* The paragraph on @line, which starts at byte @byte_start. Its end is
 * found in the text rather than through the document's offset index,
 * which costs more when the paragraphs are read in order. */
static void
paragraph_at_line (GlossTokenizer *self,
                   guint           line,
                   gsize           byte_start,
                   Paragraph      *para)
{
  const char *newline;

  para->start = gloss_document_line_column_to_offset (self->document, line, 0);
  para->end = gloss_document_line_column_to_offset (self->document, line, G_MAXUINT);
  para->byte_start = byte_start;

  newline = memchr (self->text + byte_start, '\n', self->n_bytes - byte_start);
  para->byte_end = newline != NULL ? (gsize) (newline - self->text) : self->n_bytes;
}

/* The pieces of the text in order, from the one holding a given
 * offset. */
typedef struct
{
  Paragraph para;
  guint     line;
  guint     next;   /* where the next piece starts, or the end of para */
} Walk;

static void
walk_init (GlossTokenizer *self,
           Walk           *walk,
           guint           offset)
{
  guint column;

  gloss_document_offset_to_line_column (self->document, offset, &walk->line, &column);
  paragraph_at_line (self, walk->line,
                     gloss_document_offset_to_byte (self->document, offset - column),
                     &walk->para);
  walk->next = offset;
}

/* The next piece, if it starts before @end (at most the length). */
static gboolean
walk_next (GlossTokenizer *self,
           Walk           *walk,
           guint           end,
           guint          *piece_start,
           guint          *piece_end)
{
  Paragraph *para = &walk->para;

  /* At the end of a paragraph: the next one starts after its "\n". */
  while (walk->next >= para->end)
    {
      if (para->end + 1 >= end)
        return FALSE;
      paragraph_at_line (self, ++walk->line, para->byte_end + 1, para);
      walk->next = para->start;
    }

  if (walk->next >= end)
    return FALSE;

  *piece_start = para->start;
  *piece_end = para->end;
  if (para->end - para->start > PIECE_MAX)
    find_piece_bounds (self, para->start, para->end, walk->next, piece_start, piece_end);

  walk->next = *piece_end;

  return TRUE;
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
      Paragraph para;
      guint piece_start;
      guint piece_end;

      gloss_document_offset_to_line_column (self->document, offset, &line, &column);
      para.start = offset - column;
      para.end = gloss_document_line_column_to_offset (self->document, line, G_MAXUINT);

      if (offset >= para.end)
        return FALSE;

      para.byte_start = gloss_document_offset_to_byte (self->document, para.start);
      para.byte_end = gloss_document_offset_to_byte (self->document, para.end);

      if (para.end - para.start <= PIECE_MAX)
        {
          piece_start = para.start;
          piece_end = para.end;
        }
      else
        find_piece_bounds (self, para.start, para.end, offset, &piece_start, &piece_end);

      piece = piece_new (self, &para, piece_start, piece_end);

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

/* Appends to @tokens those of the piece that holds @offset (not a
 * "\n"), through the cache. */
static void
cached_piece_tokens (GlossTokenizer *self,
                     guint           offset,
                     GArray         *tokens)
{
  Piece *piece;
  guint index;
  guint n;

  if (!lookup (self, offset, &piece, &index))
    g_assert_not_reached ();

  n = piece->end - piece->start;
  for (guint i = 0; i < n; i++)
    {
      if (piece->flags[i] & FLAG_START)
        {
          GlossTokenizerToken token;

          token_bounds (piece, i, &token.start, &token.end, &token.starts_sentence);
          g_array_append_val (tokens, token);
          i = token.end - piece->start - 1;
        }
    }
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
  g_autoptr(GArray) tokens = NULL;
  Walk walk;
  guint piece_start;
  guint piece_end;

  g_return_if_fail (GLOSS_IS_TOKENIZER (self));
  g_return_if_fail (func != NULL);

  end = MIN (end, self->length);
  if (start >= end)
    return;

  /* The tokens of each piece go to an array of this call's own, so that
   * @func may ask the tokenizer anything. */
  tokens = g_array_sized_new (FALSE, FALSE, sizeof (GlossTokenizerToken), 1024);

  walk_init (self, &walk, start);
  while (walk_next (self, &walk, end, &piece_start, &piece_end))
    {
      g_array_set_size (tokens, 0);

      /* A piece that the range covers only in part is one that a view
       * may ask about again: it goes through the cache. One wholly in the
       * range is segmented straight into tokens. */
      if (piece_start < start || piece_end > end)
        cached_piece_tokens (self, piece_start, tokens);
      else
        segment_piece (self, &walk.para, piece_start, piece_end, tokens);

      for (guint i = 0; i < tokens->len; i++)
        {
          const GlossTokenizerToken *t = &g_array_index (tokens, GlossTokenizerToken, i);

          if (t->end <= start)
            continue;
          if (t->start >= end || !func (t->start, t->end, t->starts_sentence, user_data))
            return;
        }
    }
}

/**
 * _gloss_tokenizer_collect:
 * @tokens: a #GArray of #GlossTokenizerToken
 *
 * Appends every token of the document to @tokens, in order, as
 * gloss_tokenizer_foreach() gives them over the whole text.
 */
void
_gloss_tokenizer_collect (GlossTokenizer *self,
                          GArray         *tokens)
{
  Walk walk;
  guint piece_start;
  guint piece_end;

  g_return_if_fail (GLOSS_IS_TOKENIZER (self));
  g_return_if_fail (tokens != NULL);
  g_return_if_fail (g_array_get_element_size (tokens) == sizeof (GlossTokenizerToken));

  walk_init (self, &walk, 0);
  while (walk_next (self, &walk, self->length, &piece_start, &piece_end))
    segment_piece (self, &walk.para, piece_start, piece_end, tokens);
}
