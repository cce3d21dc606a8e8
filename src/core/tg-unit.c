/* tg-unit.c: administrative units */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tg-date.h"
#include "tg-error.h"
#include "tg-text.h"
#include "tg-unit.h"

#define TG_UNIT_NAME_MAX 200
#define TG_UNIT_TYPE_MAX 50

TgUnit *
tg_unit_new (void)
{
	TgUnit *unit = g_new0 (TgUnit, 1);
	unit->predecessors = g_ptr_array_new_with_free_func (g_free);
	return unit;
}

TgUnit *
tg_unit_copy (const TgUnit *unit)
{
	TgUnit *copy;

	g_return_val_if_fail (unit != NULL, NULL);
	copy = tg_unit_new ();
	copy->code = g_strdup (unit->code);
	copy->name = g_strdup (unit->name);
	copy->type = g_strdup (unit->type);
	copy->level = unit->level;
	copy->parent = g_strdup (unit->parent);
	copy->valid_from = g_strdup (unit->valid_from);
	copy->valid_to = g_strdup (unit->valid_to);
	for (guint i = 0; i < unit->predecessors->len; i++)
		g_ptr_array_add (copy->predecessors,
				 g_strdup (g_ptr_array_index (unit->predecessors, i)));
	return copy;
}

void
tg_unit_free (TgUnit *unit)
{
	if (unit == NULL)
		return;
	g_free (unit->code);
	g_free (unit->name);
	g_free (unit->type);
	g_free (unit->parent);
	g_free (unit->valid_from);
	g_free (unit->valid_to);
	g_ptr_array_unref (unit->predecessors);
	g_free (unit);
}

static const gchar *tg_unit_levels[] = {
	[TG_UNIT_LEVEL_UNKNOWN] = NULL,
	[TG_UNIT_LEVEL_PROVINCE] = "province",
	[TG_UNIT_LEVEL_DISTRICT] = "district",
	[TG_UNIT_LEVEL_COMMUNE] = "commune",
};

const gchar *
tg_unit_level_to_string (TgUnitLevel level)
{
	if ((guint) level >= G_N_ELEMENTS (tg_unit_levels))
		return NULL;
	return tg_unit_levels[level];
}

TgUnitLevel
tg_unit_level_from_string (const gchar *str)
{
	for (guint i = 1; str != NULL && i < G_N_ELEMENTS (tg_unit_levels); i++) {
		if (g_strcmp0 (str, tg_unit_levels[i]) == 0)
			return (TgUnitLevel) i;
	}
	return TG_UNIT_LEVEL_UNKNOWN;
}

gboolean
tg_unit_code_is_valid (const gchar *code)
{
	gsize len;

	if (code == NULL)
		return FALSE;
	len = strlen (code);
	if (len == 0 || len > 10)
		return FALSE;
	for (gsize i = 0; i < len; i++) {
		if (!g_ascii_isdigit (code[i]))
			return FALSE;
	}
	return TRUE;
}

gboolean
tg_unit_is_valid_on (const TgUnit *unit, const gchar *date)
{
	g_return_val_if_fail (unit != NULL, FALSE);
	if (date == NULL)
		return TRUE;
	if (unit->valid_from != NULL && g_strcmp0 (date, unit->valid_from) < 0)
		return FALSE;
	if (unit->valid_to != NULL && g_strcmp0 (date, unit->valid_to) > 0)
		return FALSE;
	return TRUE;
}

gboolean
tg_unit_validate (const TgUnit *unit, GError **error)
{
	g_return_val_if_fail (unit != NULL, FALSE);

	if (!tg_unit_code_is_valid (unit->code)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "code",
				    N_ ("must be a statistics code of 1 to 10 digits"));
		return FALSE;
	}
	if (!tg_text_is_clean_line (unit->name, 1, TG_UNIT_NAME_MAX)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "name",
				    N_ ("must be 1 to 200 characters of text on one line"));
		return FALSE;
	}
	if (!tg_text_is_clean_line (unit->type, 1, TG_UNIT_TYPE_MAX)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "type",
				    N_ ("must be 1 to 50 characters of text on one line"));
		return FALSE;
	}
	if (unit->level == TG_UNIT_LEVEL_UNKNOWN) {
		tg_error_set_field (error, TG_ERROR_INVALID, "level",
				    N_ ("must be province, district or commune"));
		return FALSE;
	}
	if (unit->parent != NULL) {
		if (!tg_unit_code_is_valid (unit->parent)) {
			tg_error_set_field (error, TG_ERROR_INVALID, "parent",
					    N_ ("must be a statistics code of 1 to 10 digits"));
			return FALSE;
		}
		if (g_strcmp0 (unit->parent, unit->code) == 0) {
			tg_error_set_field (error, TG_ERROR_INVALID, "parent",
					    N_ ("a unit cannot be its own parent"));
			return FALSE;
		}
		if (unit->level == TG_UNIT_LEVEL_PROVINCE) {
			tg_error_set_field (error, TG_ERROR_INVALID, "parent",
					    N_ ("a province has no parent"));
			return FALSE;
		}
	} else if (unit->level != TG_UNIT_LEVEL_PROVINCE) {
		tg_error_set_field (error, TG_ERROR_INVALID, "parent",
				    N_ ("a district or a commune needs a parent"));
		return FALSE;
	}
	if (unit->valid_from != NULL && !tg_date_is_valid_iso (unit->valid_from)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "valid_from",
				    N_ ("must be a date written YYYY-MM-DD"));
		return FALSE;
	}
	if (unit->valid_to != NULL && !tg_date_is_valid_iso (unit->valid_to)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "valid_to",
				    N_ ("must be a date written YYYY-MM-DD"));
		return FALSE;
	}
	if (unit->valid_from != NULL && unit->valid_to != NULL &&
	    g_strcmp0 (unit->valid_to, unit->valid_from) < 0) {
		tg_error_set_field (error, TG_ERROR_INVALID, "valid_to",
				    N_ ("must not be before valid_from"));
		return FALSE;
	}
	if (unit->predecessors->len > 64) {
		tg_error_set_field (error, TG_ERROR_INVALID, "predecessors",
				    N_ ("too many predecessors"));
		return FALSE;
	}
	for (guint i = 0; i < unit->predecessors->len; i++) {
		const gchar *p = g_ptr_array_index (unit->predecessors, i);
		if (!tg_unit_code_is_valid (p)) {
			tg_error_set_field (error, TG_ERROR_INVALID, "predecessors",
					    N_ ("must be statistics codes of 1 to 10 digits"));
			return FALSE;
		}
	}
	return TRUE;
}

/* column indexes in the TSV, found from the header */
enum { COL_CODE, COL_NAME, COL_TYPE, COL_LEVEL, COL_PARENT, COL_FROM, COL_TO, COL_PRED, COL_N };

static const gchar *tg_unit_tsv_columns[COL_N] = {
	"code", "name", "type", "level", "parent", "valid_from", "valid_to", "predecessors",
};

static gchar *
tg_unit_tsv_field (gchar **fields, const gint *map, guint col)
{
	const gchar *v;
	if (map[col] < 0 || (guint) map[col] >= g_strv_length (fields))
		return NULL;
	v = fields[map[col]];
	if (v[0] == '\0')
		return NULL;
	return g_strdup (v);
}

GPtrArray *
tg_unit_parse_tsv (const gchar *text, gsize len, GError **error)
{
	g_autoptr(GPtrArray) units =
			   g_ptr_array_new_with_free_func ((GDestroyNotify) tg_unit_free);
	g_autofree gchar *copy = NULL;
	g_auto(GStrv) lines = NULL;
	gint map[COL_N];
	gboolean have_header = FALSE;

	g_return_val_if_fail (text != NULL, NULL);
	if (!g_utf8_validate (text, (gssize) len, NULL)) {
		g_set_error_literal (error, TG_ERROR, TG_ERROR_INVALID, "the file is not UTF-8");
		return NULL;
	}
	copy = g_strndup (text, len);
	lines = g_strsplit (copy, "\n", -1);
	for (guint i = 0; i < COL_N; i++)
		map[i] = -1;

	for (guint ln = 0; lines[ln] != NULL; ln++) {
		g_auto(GStrv) fields = NULL;
		g_autoptr(TgUnit) unit = NULL;
		g_autoptr(GError) error_local = NULL;
		g_autofree gchar *level = NULL;
		g_autofree gchar *pred = NULL;
		gchar *line = lines[ln];
		gsize l = strlen (line);

		if (l > 0 && line[l - 1] == '\r')
			line[l - 1] = '\0';
		if (line[0] == '#' || line[0] == '\0')
			continue;
		fields = g_strsplit (line, "\t", -1);
		if (!have_header) {
			for (guint f = 0; fields[f] != NULL; f++) {
				for (guint c = 0; c < COL_N; c++) {
					if (g_strcmp0 (g_strstrip (fields[f]),
						       tg_unit_tsv_columns[c]) == 0)
						map[c] = (gint) f;
				}
			}
			if (map[COL_CODE] < 0 || map[COL_NAME] < 0 || map[COL_TYPE] < 0 ||
			    map[COL_LEVEL] < 0) {
				g_set_error (error, TG_ERROR, TG_ERROR_INVALID,
					     "line %u: the header needs the columns code, name, "
					     "type and level",
					     ln + 1);
				return NULL;
			}
			have_header = TRUE;
			continue;
		}
		unit = tg_unit_new ();
		unit->code = tg_unit_tsv_field (fields, map, COL_CODE);
		unit->name = tg_unit_tsv_field (fields, map, COL_NAME);
		unit->type = tg_unit_tsv_field (fields, map, COL_TYPE);
		level = tg_unit_tsv_field (fields, map, COL_LEVEL);
		unit->level = tg_unit_level_from_string (level);
		unit->parent = tg_unit_tsv_field (fields, map, COL_PARENT);
		unit->valid_from = tg_unit_tsv_field (fields, map, COL_FROM);
		unit->valid_to = tg_unit_tsv_field (fields, map, COL_TO);
		pred = tg_unit_tsv_field (fields, map, COL_PRED);
		if (pred != NULL) {
			g_auto(GStrv) codes = g_strsplit (pred, ";", -1);
			for (guint k = 0; codes[k] != NULL; k++) {
				g_strstrip (codes[k]);
				if (codes[k][0] != '\0')
					g_ptr_array_add (unit->predecessors, g_strdup (codes[k]));
			}
		}
		if (!tg_unit_validate (unit, &error_local)) {
			g_set_error (error, TG_ERROR, TG_ERROR_INVALID, "line %u: %s", ln + 1,
				     error_local->message);
			return NULL;
		}
		g_ptr_array_add (units, g_steal_pointer (&unit));
	}
	if (!have_header) {
		g_set_error_literal (error, TG_ERROR, TG_ERROR_INVALID, "no header line");
		return NULL;
	}
	return g_steal_pointer (&units);
}
