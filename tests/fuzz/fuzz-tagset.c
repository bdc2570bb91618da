/* fuzz-tagset.c: any bytes either load as a consistent tagset or fail with
 * a tagset error that names the file and a line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gloss-fuzz-tagset"

#include "config.h"

#include <stdint.h>
#include <string.h>

#include "gloss-tagset.h"

#define FUZZ_FILENAME "fuzz.xml"

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* A critical from a g_return_if_fail is a bug the fuzzer should see. */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  return 0;
}

static gboolean
is_entity_type_or_claim (GlossTagset *tagset,
                         const char  *name)
{
  return g_str_equal (name, "claim") || gloss_tagset_lookup_entity_type (tagset, name) != NULL;
}

static void
check_ends (GlossTagset        *tagset,
            const char * const *ends)
{
  if (ends == NULL)
    return;
  g_assert (ends[0] != NULL);
  for (guint i = 0; ends[i] != NULL; i++)
    g_assert (is_entity_type_or_claim (tagset, ends[i]));
}

static void
check_tagset (GlossTagset *tagset)
{
  g_autoptr(GHashTable) keys = g_hash_table_new (NULL, NULL);
  guint n;

  g_assert (gloss_tagset_get_id (tagset) != NULL);
  g_assert (gloss_tagset_get_version (tagset) != NULL);
  g_assert (gloss_tagset_get_label (tagset) != NULL);

  n = gloss_tagset_get_n_entity_types (tagset);
  g_assert (n > 0);
  for (guint i = 0; i < n; i++)
    {
      const GlossEntityType *type = gloss_tagset_get_entity_type (tagset, i);

      g_assert (type->id != NULL && type->label != NULL);
      g_assert (gloss_tagset_lookup_entity_type (tagset, type->id) == type);
      g_assert (strlen (type->colour) == 7 && type->colour[0] == '#');
      for (guint j = 1; j < 7; j++)
        g_assert (g_ascii_isxdigit (type->colour[j]) && !g_ascii_isupper (type->colour[j]));
      if (type->key != 0)
        {
          g_assert (g_unichar_isgraph (type->key));
          g_assert (g_hash_table_add (keys, GUINT_TO_POINTER (g_unichar_tolower (type->key))));
        }
    }

  n = gloss_tagset_get_n_attributes (tagset);
  for (guint i = 0; i < n; i++)
    {
      const GlossAttributeDef *def = gloss_tagset_get_attribute (tagset, i);

      g_assert (gloss_tagset_lookup_attribute (tagset, def->id) == def);
      g_assert (def->applies_to != 0);
      g_assert (!gloss_attribute_def_allows (def, ""));
      g_assert ((def->values == NULL) == (def->value_labels == NULL));
      if (def->values == NULL)
        {
          g_assert (gloss_attribute_def_allows (def, "any text"));
          continue;
        }
      for (guint j = 0; def->values[j] != NULL; j++)
        {
          g_assert (def->value_labels[j] != NULL);
          g_assert (gloss_attribute_def_allows (def, def->values[j]));
        }
      if (def->default_value != NULL)
        g_assert (gloss_attribute_def_allows (def, def->default_value));
    }

  n = gloss_tagset_get_n_relation_types (tagset);
  for (guint i = 0; i < n; i++)
    {
      const GlossRelationType *type = gloss_tagset_get_relation_type (tagset, i);

      g_assert (gloss_tagset_lookup_relation_type (tagset, type->id) == type);
      check_ends (tagset, type->from_types);
      check_ends (tagset, type->to_types);
    }

  g_assert (gloss_tagset_lookup_entity_type (tagset, "") == NULL);
  g_assert (gloss_tagset_lookup_attribute (tagset, "") == NULL);
  g_assert (gloss_tagset_lookup_relation_type (tagset, "") == NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(GlossTagset) tagset = NULL;

  tagset = gloss_tagset_new_from_bytes (bytes, FUZZ_FILENAME, &error);
  if (tagset == NULL)
    {
      g_assert (error != NULL);
      g_assert (error->domain == GLOSS_TAGSET_ERROR);
      g_assert (g_str_has_prefix (error->message, FUZZ_FILENAME ":"));
      return 0;
    }

  g_assert (error == NULL);
  check_tagset (tagset);
  return 0;
}
