/* test-side-panel.c: the type palette, annotation lists and editor under Xvfb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gtk/gtk.h>

#include "gloss-annotation-editor.h"
#include "gloss-annotation-list-view.h"
#include "gloss-annotation-set.h"
#include "gloss-document.h"
#include "gloss-side-panel.h"
#include "gloss-tagset.h"
#include "gloss-type-palette.h"
#include "gloss-test-util.h"
#include "gloss-ui-test-util.h"

typedef struct
{
  GtkWidget          *window;
  GlossSidePanel     *panel;
  GlossAnnotationSet *set;

  char               *chosen_type;
  guint               n_claim_chosen;
  GlossAnnotation    *activated;
  guint               n_activated;
  GlossAnnotation    *pick_source;
  guint               n_selected_notify;
} Fixture;

/*                        0         1         2         3         4         5
 *                        012345678901234567890123456789012345678901234567890123 */
static const char *sample_text =
  "Angela Merkel met Emmanuel Macron in Paris on Monday. "
  "The minister said that the treaty would be ratified soon, "
  "and Reuters reported that 40 percent of voters in France disagree.\n";

static GtkWidget *
find_by_name (GtkWidget  *root,
              const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (root), name) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_name (child, name);

      if (found != NULL)
        return found;
    }

  /* A menu button's popover is a child too, but reach it explicitly in
   * case it is not realized yet. */
  if (GTK_IS_MENU_BUTTON (root) && gtk_menu_button_get_popover (GTK_MENU_BUTTON (root)) != NULL)
    return find_by_name (GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (root))), name);

  return NULL;
}

static GtkWidget *
find_by_type (GtkWidget *root,
              GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_by_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
on_type_chosen (GlossSidePanel *panel,
                const char     *type_id,
                Fixture        *f)
{
  g_free (f->chosen_type);
  f->chosen_type = g_strdup (type_id);
}

static void
on_claim_chosen (GlossSidePanel *panel,
                 Fixture        *f)
{
  f->n_claim_chosen++;
}

static void
on_activated (GlossSidePanel  *panel,
              GlossAnnotation *annotation,
              Fixture         *f)
{
  f->activated = annotation;
  f->n_activated++;
}

static void
on_pick_source (GlossSidePanel  *panel,
                GlossAnnotation *claim,
                Fixture         *f)
{
  f->pick_source = claim;
}

static void
on_selected_notify (GlossSidePanel *panel,
                    GParamSpec     *pspec,
                    Fixture        *f)
{
  f->n_selected_notify++;
}

static GlossAnnotationSet *
set_for_text (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GlossDocument) document = gloss_document_new_from_bytes ("test.txt", bytes, &error);

  g_assert_no_error (error);
  return gloss_annotation_set_new (document, gloss_tagset_get_default (), "alice", "Alice");
}

static void
load_style (void)
{
  static gboolean loaded;
  g_autoptr(GtkCssProvider) provider = NULL;

  if (loaded)
    return;
  loaded = TRUE;
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/gloss/Gloss/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  load_style ();
  f->set = set_for_text (data != NULL ? data : sample_text);
  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 340, 900);
  f->panel = GLOSS_SIDE_PANEL (gloss_side_panel_new ());
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->panel));
  g_signal_connect (f->panel, "type-chosen", G_CALLBACK (on_type_chosen), f);
  g_signal_connect (f->panel, "claim-chosen", G_CALLBACK (on_claim_chosen), f);
  g_signal_connect (f->panel, "annotation-activated", G_CALLBACK (on_activated), f);
  g_signal_connect (f->panel, "pick-source-requested", G_CALLBACK (on_pick_source), f);
  g_signal_connect (f->panel, "notify::selected-annotation", G_CALLBACK (on_selected_notify), f);
  gtk_window_present (GTK_WINDOW (f->window));
  gloss_side_panel_set_annotation_set (f->panel, f->set);
  gloss_test_wait_frames (f->window, 2);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->set);
  g_clear_pointer (&f->chosen_type, g_free);
  gloss_test_drain ();
}

static GlossAnnotationListView *
entity_list (Fixture *f)
{
  return GLOSS_ANNOTATION_LIST_VIEW (gloss_side_panel_get_entity_list (f->panel));
}

static GlossAnnotationListView *
claim_list (Fixture *f)
{
  return GLOSS_ANNOTATION_LIST_VIEW (gloss_side_panel_get_claim_list (f->panel));
}

static GlossAnnotationEditor *
editor (Fixture *f)
{
  return GLOSS_ANNOTATION_EDITOR (gloss_side_panel_get_editor (f->panel));
}

/* The rows of the entity list as "H:label:count" for headers and the
 * annotation id for entities, joined with spaces. */
static char *
describe_rows (GlossAnnotationListView *list)
{
  GListModel *model = gloss_annotation_list_view_get_model (list);
  GString *out = g_string_new (NULL);
  guint n = model != NULL ? g_list_model_get_n_items (model) : 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      if (out->len > 0)
        g_string_append_c (out, ' ');
      if (GLOSS_IS_ANNOTATION (item))
        {
          g_string_append (out, gloss_annotation_get_id (GLOSS_ANNOTATION (item)));
        }
      else
        {
          g_autofree char *type_id = NULL;
          guint count;

          g_object_get (item, "type-id", &type_id, "count", &count, NULL);
          g_string_append_printf (out, "H:%s:%u", type_id != NULL ? type_id : "other", count);
        }
    }

  return g_string_free (out, FALSE);
}

#define assert_rows(list, expected) \
  G_STMT_START { \
    g_autofree char *rows__ = describe_rows (list); \
    g_assert_cmpstr (rows__, ==, expected); \
  } G_STMT_END

static GtkSingleSelection *
list_selection (GlossAnnotationListView *list)
{
  GtkWidget *view = find_by_type (GTK_WIDGET (list), GTK_TYPE_LIST_VIEW);

  g_assert_nonnull (view);
  return GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (view)));
}

/* Tests */

static void
test_palette (Fixture       *f,
              gconstpointer  data)
{
  GlossTypePalette *palette = GLOSS_TYPE_PALETTE (gloss_side_panel_get_palette (f->panel));
  GlossTagset *tagset = gloss_annotation_set_get_tagset (f->set);
  guint n = gloss_tagset_get_n_entity_types (tagset);
  guint n_buttons = 0;
  GtkWidget *claim = gloss_type_palette_get_button (palette, "claim");
  GtkWidget *grid = find_by_type (GTK_WIDGET (palette), GTK_TYPE_GRID);

  g_assert_cmpuint (n, >=, 10);
  for (GtkWidget *child = gtk_widget_get_first_child (grid); child; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_BUTTON (child))
      n_buttons++;
  g_assert_cmpuint (n_buttons, ==, n);

  for (guint i = 0; i < n; i++)
    {
      const GlossEntityType *type = gloss_tagset_get_entity_type (tagset, i);
      GtkWidget *button = gloss_type_palette_get_button (palette, type->id);

      g_assert_nonnull (button);
      g_assert_true (gtk_widget_get_parent (button) == grid);
      gtk_test_accessible_assert_property (GTK_ACCESSIBLE (button),
                                           GTK_ACCESSIBLE_PROPERTY_LABEL, type->label);
      g_assert_false (gtk_widget_is_sensitive (button));
    }
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (claim), GTK_ACCESSIBLE_PROPERTY_LABEL, "Claim");
  g_assert_false (gtk_widget_is_sensitive (claim));

  /* Without a selection nothing can be marked; with one, everything. */
  gloss_side_panel_set_can_mark (f->panel, TRUE);
  g_assert_true (gloss_type_palette_get_can_mark (palette));
  g_assert_true (gtk_widget_is_sensitive (claim));
  g_assert_true (gtk_widget_is_sensitive (gloss_type_palette_get_button (palette, "gpe")));

  /* Activation (Space, Enter) presses the button for a moment. */
  gtk_widget_activate (gloss_type_palette_get_button (palette, "gpe"));
  gloss_test_spin_ms (400);
  g_assert_cmpstr (f->chosen_type, ==, "gpe");
  g_signal_emit_by_name (gloss_type_palette_get_button (palette, "person"), "clicked");
  g_assert_cmpstr (f->chosen_type, ==, "person");
  gtk_widget_activate (claim);
  gloss_test_spin_ms (400);
  g_assert_cmpuint (f->n_claim_chosen, ==, 1);

  gloss_side_panel_set_can_mark (f->panel, FALSE);
  g_assert_false (gtk_widget_is_sensitive (claim));
}

static void
test_lists_follow_set (Fixture       *f,
                       gconstpointer  data)
{
  GlossAnnotation *merkel, *macron, *paris, *claim;
  GtkStackPage *page;

  assert_rows (entity_list (f), "");
  merkel = gloss_test_add_entity (f->set, "person", 0, 13);
  paris = gloss_test_add_entity (f->set, "gpe", 37, 42);
  macron = gloss_test_add_entity (f->set, "person", 18, 33);
  gloss_test_drain ();

  /* Grouped in tagset order, by position inside a group, with counts. */
  assert_rows (entity_list (f), "H:person:2 e1 e3 H:gpe:1 e2");
  g_assert_cmpuint (gloss_annotation_list_view_get_n_annotations (entity_list (f)), ==, 3);
  page = gtk_stack_get_page (GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (entity_list (f)))),
                             GTK_WIDGET (entity_list (f)));
  g_assert_cmpstr (gtk_stack_page_get_title (page), ==, "Entities (3)");

  /* A type change moves the row to its new group. */
  g_assert_true (gloss_annotation_set_set_type (f->set, macron, "organisation", NULL));
  assert_rows (entity_list (f), "H:person:1 e1 H:organisation:1 e3 H:gpe:1 e2");
  g_assert_true (gloss_annotation_set_undo (f->set));
  assert_rows (entity_list (f), "H:person:2 e1 e3 H:gpe:1 e2");

  /* Removing the last of a type hides its group; undo brings it back. */
  gloss_annotation_set_remove (f->set, paris);
  assert_rows (entity_list (f), "H:person:2 e1 e3");
  g_assert_cmpstr (gtk_stack_page_get_title (page), ==, "Entities (2)");
  g_assert_true (gloss_annotation_set_undo (f->set));
  assert_rows (entity_list (f), "H:person:2 e1 e3 H:gpe:1 e2");
  g_assert_true (gloss_annotation_set_redo (f->set));
  assert_rows (entity_list (f), "H:person:2 e1 e3");
  g_assert_true (gloss_annotation_set_undo (f->set));

  /* Claims: one row each, nested ones after their parent. */
  claim = gloss_test_add_claim (f->set, 54, 168);
  g_assert_true (gloss_annotation_set_set_source_entity (f->set, claim, merkel, NULL));
  g_assert_cmpuint (gloss_annotation_list_view_get_n_annotations (claim_list (f)), ==, 1);
  {
    g_autofree char *source = gloss_annotation_describe_source (f->set, claim, 0);
    g_autofree char *cue = gloss_annotation_describe_cue (f->set, claim, 0);

    g_assert_cmpstr (source, ==, "Angela Merkel");
    g_assert_cmpstr (cue, ==, "—");
  }
  g_assert_true (gloss_annotation_set_set_cue (f->set, claim, 67, 71, NULL));
  {
    g_autofree char *cue = gloss_annotation_describe_cue (f->set, claim, 0);

    g_assert_cmpstr (cue, ==, "said");
  }
  g_assert_true (gloss_annotation_set_set_source_article (f->set, claim, NULL));
  {
    g_autofree char *source = gloss_annotation_describe_source (f->set, claim, 0);

    g_assert_cmpstr (source, ==, "the article");
  }
  page = gtk_stack_get_page (GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (claim_list (f)))),
                             GTK_WIDGET (claim_list (f)));
  g_assert_cmpstr (gtk_stack_page_get_title (page), ==, "Claims (1)");
  gloss_test_wait_frames (f->window, 1);
}

static void
test_filter (Fixture       *f,
             gconstpointer  data)
{
  GlossAnnotation *merkel, *paris, *france;

  merkel = gloss_test_add_entity (f->set, "person", 0, 13);
  gloss_test_add_entity (f->set, "person", 18, 33);
  paris = gloss_test_add_entity (f->set, "gpe", 37, 42);
  france = gloss_test_add_entity (f->set, "gpe", 162, 168);
  gloss_annotation_set_set_note (f->set, merkel, "Chancellor at the time");
  gloss_annotation_set_set_link (f->set, paris, "Q90");

  gloss_annotation_list_view_set_filter_text (entity_list (f), "MERKEL");
  assert_rows (entity_list (f), "H:person:1 e1");
  g_assert_cmpuint (gloss_annotation_list_view_get_n_shown (entity_list (f)), ==, 1);

  /* The type's label, the note and the link match too. */
  gloss_annotation_list_view_set_filter_text (entity_list (f), "geo-pol");
  assert_rows (entity_list (f), "H:gpe:2 e3 e4");
  gloss_annotation_list_view_set_filter_text (entity_list (f), "chancellor");
  assert_rows (entity_list (f), "H:person:1 e1");
  gloss_annotation_list_view_set_filter_text (entity_list (f), "q90");
  assert_rows (entity_list (f), "H:gpe:1 e3");

  /* A new entity that matches shows up under the filter. */
  gloss_annotation_list_view_set_filter_text (entity_list (f), "fran");
  assert_rows (entity_list (f), "H:gpe:1 e4");
  gloss_annotation_set_set_type (f->set, france, "location", NULL);
  assert_rows (entity_list (f), "H:location:1 e4");
  gloss_annotation_list_view_set_filter_text (entity_list (f), "nothing like this");
  g_assert_cmpuint (gloss_annotation_list_view_get_n_shown (entity_list (f)), ==, 0);
  assert_rows (entity_list (f), "");

  /* Through the panel's search entry (it waits a little before it filters). */
  {
    GtkWidget *entry = find_by_type (GTK_WIDGET (f->panel), GTK_TYPE_SEARCH_ENTRY);

    gtk_editable_set_text (GTK_EDITABLE (entry), "macron");
    for (int i = 0; i < 100 && gloss_annotation_list_view_get_n_shown (entity_list (f)) != 1; i++)
      gloss_test_spin_ms (20);
    assert_rows (entity_list (f), "H:person:1 e2");
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
    for (int i = 0; i < 100 && gloss_annotation_list_view_get_n_shown (entity_list (f)) != 4; i++)
      gloss_test_spin_ms (20);
    g_assert_cmpuint (gloss_annotation_list_view_get_n_shown (entity_list (f)), ==, 4);
  }
}

static void
test_selection_sync (Fixture       *f,
                     gconstpointer  data)
{
  GlossAnnotation *merkel, *macron, *paris, *claim;
  GtkSingleSelection *selection;
  GtkStack *stack;

  merkel = gloss_test_add_entity (f->set, "person", 0, 13);
  macron = gloss_test_add_entity (f->set, "person", 18, 33);
  paris = gloss_test_add_entity (f->set, "gpe", 37, 42);
  claim = gloss_test_add_claim (f->set, 54, 168);
  gloss_test_wait_frames (f->window, 1);
  selection = list_selection (entity_list (f));
  stack = GTK_STACK (gtk_widget_get_parent (GTK_WIDGET (entity_list (f))));

  /* From the text: the row is selected, no activation is echoed back. */
  gloss_side_panel_set_selected_annotation (f->panel, paris);
  g_assert_true (gloss_side_panel_get_selected_annotation (f->panel) == paris);
  g_assert_true (gtk_single_selection_get_selected_item (selection) == (gpointer) paris);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, 4);
  g_assert_true (gloss_annotation_editor_get_annotation (editor (f)) == paris);
  g_assert_cmpuint (f->n_activated, ==, 0);
  g_assert_cmpuint (f->n_selected_notify, ==, 1);

  /* A claim switches to the claims page. */
  gloss_side_panel_set_selected_annotation (f->panel, claim);
  g_assert_true (gtk_stack_get_visible_child (stack) == GTK_WIDGET (claim_list (f)));
  g_assert_true (gtk_single_selection_get_selected_item (list_selection (claim_list (f))) == (gpointer) claim);
  g_assert_cmpuint (gtk_single_selection_get_selected (selection), ==, GTK_INVALID_LIST_POSITION);
  gloss_side_panel_set_selected_annotation (f->panel, macron);
  g_assert_true (gtk_stack_get_visible_child (stack) == GTK_WIDGET (entity_list (f)));

  /* From the list: a person picks a row. */
  gtk_single_selection_set_selected (selection, 1);
  g_assert_true (gloss_side_panel_get_selected_annotation (f->panel) == merkel);
  g_assert_true (f->activated == merkel);
  g_assert_cmpuint (f->n_activated, ==, 1);
  g_assert_true (gloss_annotation_editor_get_annotation (editor (f)) == merkel);

  /* The selection stays on its row while rows come and go before it. */
  gloss_test_add_entity (f->set, "person", 7, 13);
  g_assert_true (gtk_single_selection_get_selected_item (selection) == (gpointer) merkel);

  /* Removing it clears the selection everywhere. */
  gloss_annotation_set_remove (f->set, merkel);
  g_assert_null (gloss_side_panel_get_selected_annotation (f->panel));
  g_assert_null (gloss_annotation_editor_get_annotation (editor (f)));
  g_assert_null (gtk_single_selection_get_selected_item (selection));
}

static void
test_editor_edits (Fixture       *f,
                   gconstpointer  data)
{
  GlossAnnotation *merkel = gloss_test_add_entity (f->set, "person", 0, 13);
  GtkWidget *root = GTK_WIDGET (editor (f));
  GtkDropDown *type_dropdown = GTK_DROP_DOWN (find_by_name (root, "type"));
  GtkDropDown *mention;
  GtkEntry *link;
  GtkTextView *note;
  GtkTextBuffer *buffer;
  GlossTagset *tagset = gloss_annotation_set_get_tagset (f->set);
  guint organisation = G_MAXUINT;

  gloss_side_panel_set_selected_annotation (f->panel, merkel);
  gloss_test_wait_frames (f->window, 1);

  /* Type */
  g_assert_nonnull (type_dropdown);
  g_assert_cmpuint (gtk_drop_down_get_selected (type_dropdown), ==, 0);
  for (guint i = 0; i < gloss_tagset_get_n_entity_types (tagset); i++)
    if (g_str_equal (gloss_tagset_get_entity_type (tagset, i)->id, "organisation"))
      organisation = i;
  gtk_drop_down_set_selected (type_dropdown, organisation);
  g_assert_cmpstr (gloss_annotation_get_type_id (merkel), ==, "organisation");
  assert_rows (entity_list (f), "H:organisation:1 e1");
  g_assert_true (gloss_annotation_set_undo (f->set));
  g_assert_cmpstr (gloss_annotation_get_type_id (merkel), ==, "person");
  g_assert_cmpuint (gtk_drop_down_get_selected (type_dropdown), ==, 0);

  /* An attribute dropdown, with "not set" first. */
  mention = GTK_DROP_DOWN (find_by_name (root, "mention"));
  g_assert_nonnull (mention);
  g_assert_null (find_by_name (root, "stance")); /* a claim attribute */
  g_assert_cmpuint (gtk_drop_down_get_selected (mention), ==, 0);
  gtk_drop_down_set_selected (mention, 1);
  g_assert_cmpstr (gloss_annotation_get_attribute (merkel, "mention"), ==, "name");
  gtk_drop_down_set_selected (mention, 0);
  g_assert_null (gloss_annotation_get_attribute (merkel, "mention"));
  g_assert_true (gloss_annotation_set_undo (f->set));
  g_assert_cmpstr (gloss_annotation_get_attribute (merkel, "mention"), ==, "name");
  g_assert_true (gloss_annotation_set_undo (f->set));
  g_assert_null (gloss_annotation_get_attribute (merkel, "mention"));
  g_assert_cmpuint (gtk_drop_down_get_selected (mention), ==, 0);

  /* The link is applied on Enter. */
  link = GTK_ENTRY (find_by_name (root, "link"));
  gtk_editable_set_text (GTK_EDITABLE (link), "Q567");
  g_assert_null (gloss_annotation_get_link (merkel));
  g_signal_emit_by_name (link, "activate");
  g_assert_cmpstr (gloss_annotation_get_link (merkel), ==, "Q567");
  g_assert_true (gloss_annotation_set_undo (f->set));
  g_assert_null (gloss_annotation_get_link (merkel));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (link)), ==, "");

  /* A note typed in several pieces is one undo step after a pause. */
  note = GTK_TEXT_VIEW (find_by_name (root, "note"));
  buffer = gtk_text_view_get_buffer (note);
  gloss_annotation_set_clear_history (f->set);
  gtk_text_buffer_insert_at_cursor (buffer, "Chan", -1);
  gloss_test_spin_ms (50);
  gtk_text_buffer_insert_at_cursor (buffer, "cellor", -1);
  gloss_test_spin_ms (50);
  gtk_text_buffer_insert_at_cursor (buffer, " then", -1);
  g_assert_null (gloss_annotation_get_note (merkel));
  gloss_test_spin_ms (GLOSS_ANNOTATION_EDITOR_NOTE_PAUSE_MS + 300);
  g_assert_cmpstr (gloss_annotation_get_note (merkel), ==, "Chancellor then");
  g_assert_true (gloss_annotation_set_undo (f->set));
  g_assert_null (gloss_annotation_get_note (merkel));
  g_assert_false (gloss_annotation_set_can_undo (f->set));
  {
    GtkTextIter start, end;
    g_autofree char *shown = NULL;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    shown = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
    g_assert_cmpstr (shown, ==, "");
  }

  /* Link and note typed together are applied together when another
   * annotation is chosen: one step. */
  gtk_editable_set_text (GTK_EDITABLE (link), "https://www.wikidata.org/wiki/Q567");
  gtk_text_buffer_set_text (buffer, "Head of government", -1);
  {
    GlossAnnotation *other = gloss_test_add_entity (f->set, "person", 18, 33);

    gloss_annotation_set_clear_history (f->set);
    gloss_side_panel_set_selected_annotation (f->panel, other);
  }
  g_assert_cmpstr (gloss_annotation_get_note (merkel), ==, "Head of government");
  g_assert_cmpstr (gloss_annotation_get_link (merkel), ==, "https://www.wikidata.org/wiki/Q567");
  g_assert_true (gloss_annotation_set_undo (f->set));
  g_assert_null (gloss_annotation_get_note (merkel));
  g_assert_null (gloss_annotation_get_link (merkel));
  g_assert_false (gloss_annotation_set_can_undo (f->set));

  /* A change underneath shows at once. */
  gloss_side_panel_set_selected_annotation (f->panel, merkel);
  gloss_annotation_set_set_link (f->set, merkel, "Q1");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (link)), ==, "Q1");
  g_assert_null (gloss_annotation_editor_get_error (editor (f)));
}

static void
test_claim_source (Fixture       *f,
                   gconstpointer  data)
{
  GlossAnnotation *merkel = gloss_test_add_entity (f->set, "person", 0, 13);
  GlossAnnotation *reuters = gloss_test_add_entity (f->set, "organisation", 116, 123);
  GlossAnnotation *claim = gloss_test_add_claim (f->set, 133, 177);
  GtkWidget *root = GTK_WIDGET (editor (f));
  GtkListView *sources;
  GtkWidget *article;
  GtkDropDown *stance;
  g_autoptr(GObject) first = NULL;

  gloss_side_panel_set_selected_annotation (f->panel, claim);
  gloss_test_wait_frames (f->window, 1);
  g_assert_false (gtk_widget_get_visible (find_by_name (root, "type")));
  stance = GTK_DROP_DOWN (find_by_name (root, "stance"));
  g_assert_nonnull (stance);
  g_assert_null (find_by_name (root, "mention"));

  /* Choosing an entity from the list. */
  sources = GTK_LIST_VIEW (find_by_name (root, "source-list"));
  g_assert_nonnull (sources);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (sources))), ==, 2);
  first = g_list_model_get_item (G_LIST_MODEL (gtk_list_view_get_model (sources)), 1);
  g_assert_true (first == (GObject *) reuters);
  g_signal_emit_by_name (sources, "activate", 1);
  g_assert_cmpint (gloss_annotation_get_source_kind (claim), ==, GLOSS_SOURCE_ENTITY);
  g_assert_cmpstr (gloss_annotation_get_source_entity (claim), ==, gloss_annotation_get_id (reuters));

  /* "The article itself". */
  article = find_by_name (root, "article-source");
  g_assert_nonnull (article);
  g_signal_emit_by_name (article, "clicked");
  g_assert_cmpint (gloss_annotation_get_source_kind (claim), ==, GLOSS_SOURCE_ARTICLE);
  g_assert_true (gloss_annotation_set_undo (f->set));
  g_assert_cmpint (gloss_annotation_get_source_kind (claim), ==, GLOSS_SOURCE_ENTITY);

  /* "Pick in text" hands over to the window. */
  g_signal_emit_by_name (find_by_name (root, "pick-source"), "clicked");
  g_assert_true (f->pick_source == claim);
  g_assert_true (gloss_annotation_set_set_source_entity (f->set, claim, merkel, NULL));
  {
    g_autofree char *source = gloss_annotation_describe_source (f->set, claim, 0);

    g_assert_cmpstr (source, ==, "Angela Merkel");
  }

  /* Attributes of claims, and the cue with Clear. */
  gtk_drop_down_set_selected (stance, 2); /* denies */
  g_assert_cmpstr (gloss_annotation_get_attribute (claim, "stance"), ==, "denies");
  g_assert_true (gloss_annotation_set_set_cue (f->set, claim, 124, 132, NULL));
  g_assert_true (gtk_widget_get_sensitive (find_by_name (root, "clear-cue")));
  g_signal_emit_by_name (find_by_name (root, "clear-cue"), "clicked");
  g_assert_false (gloss_annotation_get_cue (claim, NULL, NULL));
  g_assert_false (gtk_widget_get_sensitive (find_by_name (root, "clear-cue")));
  g_assert_true (gloss_annotation_set_undo (f->set));
  g_assert_true (gloss_annotation_get_cue (claim, NULL, NULL));

  /* The source chooser filters by text. */
  {
    GtkWidget *search = find_by_type (GTK_WIDGET (sources), GTK_TYPE_SEARCH_ENTRY);
    GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (sources), GTK_TYPE_POPOVER);

    search = find_by_type (popover, GTK_TYPE_SEARCH_ENTRY);
    g_assert_nonnull (search);
    gtk_editable_set_text (GTK_EDITABLE (search), "reut");
    for (int i = 0; i < 100 && g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (sources))) != 1; i++)
      gloss_test_spin_ms (20);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (sources))), ==, 1);
  }
}

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  GlossAnnotation *merkel = gloss_test_add_entity (f->set, "person", 0, 13);
  GlossAnnotation *paris = gloss_test_add_entity (f->set, "gpe", 37, 42);
  GtkWidget *button = find_by_name (GTK_WIDGET (editor (f)), "delete");

  gloss_side_panel_set_selected_annotation (f->panel, merkel);
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpuint (gloss_annotation_set_get_size (f->set), ==, 1);
  g_assert_null (gloss_side_panel_get_selected_annotation (f->panel));
  assert_rows (entity_list (f), "H:gpe:1 e2");
  g_assert_true (gloss_annotation_set_undo (f->set));
  assert_rows (entity_list (f), "H:person:1 e1 H:gpe:1 e2");

  /* The Delete key in the list (its action). */
  gtk_single_selection_set_selected (list_selection (entity_list (f)), 3);
  g_assert_true (gloss_side_panel_get_selected_annotation (f->panel) == paris);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (entity_list (f)), "annotation-list.delete", NULL));
  assert_rows (entity_list (f), "H:person:1 e1");
  g_assert_null (gloss_side_panel_get_selected_annotation (f->panel));
  g_assert_true (gloss_annotation_set_undo (f->set));
  assert_rows (entity_list (f), "H:person:1 e1 H:gpe:1 e2");
}

static void
save_screenshot (Fixture    *f,
                 const char *name)
{
  GtkWidget *widget = GTK_WIDGET (f->panel);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autofree char *path = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                            name, NULL);

  /* Let page and revealer transitions finish. */
  gloss_test_spin_ms (600);
  gloss_test_wait_frames (f->window, 2);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

static void
fill_sample (Fixture *f)
{
  GlossAnnotation *merkel = gloss_test_add_entity (f->set, "person", 0, 13);
  GlossAnnotation *reuters;
  GlossAnnotation *claim, *inner;

  gloss_test_add_entity (f->set, "person", 18, 33);
  gloss_test_add_entity (f->set, "gpe", 37, 42);
  gloss_test_add_entity (f->set, "date", 46, 52);
  gloss_test_add_entity (f->set, "law", 81, 87);
  reuters = gloss_test_add_entity (f->set, "organisation", 116, 123);
  gloss_test_add_entity (f->set, "quantity", 138, 148);
  gloss_test_add_entity (f->set, "gpe", 162, 168);
  gloss_annotation_set_set_note (f->set, merkel, "Chancellor of Germany at the time");
  gloss_annotation_set_set_link (f->set, merkel, "Q567");

  claim = gloss_test_add_claim (f->set, 77, 110);
  gloss_annotation_set_set_source_entity (f->set, claim, merkel, NULL);
  gloss_annotation_set_set_cue (f->set, claim, 67, 71, NULL);
  gloss_annotation_set_set_attribute (f->set, claim, "stance", "predicts", NULL);
  gloss_annotation_set_set_attribute (f->set, claim, "certainty", "probable", NULL);
  claim = gloss_test_add_claim (f->set, 133, 177);
  gloss_annotation_set_set_source_entity (f->set, claim, reuters, NULL);
  gloss_annotation_set_set_cue (f->set, claim, 124, 132, NULL);
  gloss_annotation_set_set_attribute (f->set, claim, "attribution", "indirect", NULL);
  inner = gloss_test_add_claim (f->set, 138, 177);
  gloss_annotation_set_set_source_span (f->set, inner, 152, 161, NULL);
  gloss_annotation_set_set_parent (f->set, inner, claim, NULL);
  gloss_annotation_set_set_cue (f->set, inner, 169, 177, NULL);
  gloss_annotation_set_set_attribute (f->set, inner, "stance", "denies", NULL);
  gloss_side_panel_set_can_mark (f->panel, TRUE);
}

static void
test_screenshot (Fixture       *f,
                 gconstpointer  data)
{
  GtkSettings *settings = gtk_settings_get_default ();
  GListModel *entities;

  fill_sample (f);
  entities = gloss_annotation_set_get_entities (f->set);
  {
    g_autoptr(GlossAnnotation) merkel = g_list_model_get_item (entities, 0);

    gloss_side_panel_set_selected_annotation (f->panel, merkel);
  }
  save_screenshot (f, "side-panel-entities.png");

  {
    GListModel *claims = gloss_annotation_set_get_claims (f->set);
    g_autoptr(GlossAnnotation) claim = g_list_model_get_item (claims, 1);

    g_assert_cmpuint (g_list_model_get_n_items (claims), ==, 3);
    gloss_side_panel_set_selected_annotation (f->panel, claim);
  }
  save_screenshot (f, "side-panel-claims.png");
  /* Nothing in the panel may push it wider than the window gave it. */
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->panel)), ==, 340);

  g_object_set (settings, "gtk-application-prefer-dark-theme", TRUE, NULL);
  save_screenshot (f, "side-panel-claims-dark.png");
  g_object_set (settings, "gtk-application-prefer-dark-theme", FALSE, NULL);
}

static char *
words_text (guint n_words)
{
  static const char *words[] = { "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf" };
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n_words; i++)
    {
      g_string_append (text, words[i % G_N_ELEMENTS (words)]);
      g_string_append_c (text, (i % 16) == 15 ? '\n' : ' ');
    }

  return g_string_free (text, FALSE);
}

static void
test_large (Fixture       *f,
            gconstpointer  data)
{
  const guint n = 20000;
  GlossTagset *tagset = gloss_annotation_set_get_tagset (f->set);
  guint n_types = gloss_tagset_get_n_entity_types (tagset);
  GlossDocument *document = gloss_annotation_set_get_document (f->set);
  const char *text = gloss_document_get_text (document, NULL);
  g_autoptr(GTimer) timer = g_timer_new ();
  g_autoptr(GlossAnnotation) last = NULL;
  double fill, filter, unfilter, select, add;
  guint offset = 0;
  guint last_pos;

  /* Leave the panel empty while the set is filled: opening a sidecar
   * hands the panel a set that is already full. */
  gloss_side_panel_set_annotation_set (f->panel, NULL);
  for (guint i = 0; i < n; i++)
    {
      const char *space = strpbrk (text + offset, " \n");
      guint end = space - text;

      gloss_test_add_entity (f->set, gloss_tagset_get_entity_type (tagset, i % n_types)->id, offset, end);
      offset = end + 1;
    }
  gloss_annotation_set_clear_history (f->set);

  g_timer_start (timer);
  gloss_side_panel_set_annotation_set (f->panel, f->set);
  gloss_test_wait_frames (f->window, 1);
  fill = g_timer_elapsed (timer, NULL);
  g_assert_cmpuint (gloss_annotation_list_view_get_n_shown (entity_list (f)), ==, n);
  g_assert_cmpuint (g_list_model_get_n_items (gloss_annotation_list_view_get_model (entity_list (f))),
                    ==, n + n_types);

  g_timer_start (timer);
  gloss_annotation_list_view_set_filter_text (entity_list (f), "echo");
  gloss_test_wait_frames (f->window, 1);
  filter = g_timer_elapsed (timer, NULL);
  g_assert_cmpuint (gloss_annotation_list_view_get_n_shown (entity_list (f)), ==, n / 7 + (n % 7 > 4));

  g_timer_start (timer);
  gloss_annotation_list_view_set_filter_text (entity_list (f), "");
  gloss_test_wait_frames (f->window, 1);
  unfilter = g_timer_elapsed (timer, NULL);
  g_assert_cmpuint (gloss_annotation_list_view_get_n_shown (entity_list (f)), ==, n);

  last = g_list_model_get_item (gloss_annotation_set_get_entities (f->set), n - 1);
  g_timer_start (timer);
  gloss_side_panel_set_selected_annotation (f->panel, last);
  gloss_test_wait_frames (f->window, 2);
  select = g_timer_elapsed (timer, NULL);
  last_pos = gtk_single_selection_get_selected (list_selection (entity_list (f)));
  g_assert_true (gtk_single_selection_get_selected_item (list_selection (entity_list (f))) == (gpointer) last);

  g_timer_start (timer);
  gloss_test_add_entity (f->set, "person", 0, 5);
  gloss_test_wait_frames (f->window, 1);
  add = g_timer_elapsed (timer, NULL);
  g_assert_cmpuint (gloss_annotation_list_view_get_n_shown (entity_list (f)), ==, n + 1);

  g_test_message ("figure: side-panel-fill-20000 = %.1f ms", fill * 1000);
  g_test_message ("figure: side-panel-filter-20000 = %.1f ms", filter * 1000);
  g_test_message ("figure: side-panel-unfilter-20000 = %.1f ms", unfilter * 1000);
  g_test_message ("figure: side-panel-select-scroll-20000 = %.1f ms (row %u)", select * 1000, last_pos);
  g_test_message ("figure: side-panel-add-one-20000 = %.1f ms", add * 1000);

  /* Generous bounds: a person notices a second, not these. */
  g_assert_cmpfloat (fill, <, 2.0);
  g_assert_cmpfloat (filter, <, 2.0);
  g_assert_cmpfloat (select, <, 1.0);
  g_assert_cmpfloat (add, <, 0.5);
}

int
main (int   argc,
      char *argv[])
{
  static char *large_text;

  g_test_init (&argc, &argv, NULL);
  gtk_init ();

  large_text = words_text (20050);

#define ADD(path, func, text) \
  g_test_add ("/side-panel/" path, Fixture, text, fixture_setup, func, fixture_teardown)

  ADD ("palette", test_palette, NULL);
  ADD ("lists-follow-set", test_lists_follow_set, NULL);
  ADD ("filter", test_filter, NULL);
  ADD ("selection-sync", test_selection_sync, NULL);
  ADD ("editor-edits", test_editor_edits, NULL);
  ADD ("claim-source", test_claim_source, NULL);
  ADD ("delete", test_delete, NULL);
  ADD ("screenshot", test_screenshot, NULL);
  ADD ("large", test_large, large_text);

#undef ADD

  return g_test_run ();
}
