/* tg-unit.h: an administrative unit (a GSO code plus a validity period) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum {
	TG_UNIT_LEVEL_UNKNOWN = 0,
	TG_UNIT_LEVEL_PROVINCE = 1,
	TG_UNIT_LEVEL_DISTRICT = 2,
	TG_UNIT_LEVEL_COMMUNE = 3,
} TgUnitLevel;

typedef struct {
	gchar *code; /* GSO code, digits */
	gchar *name; /* "Phường Phú Cường" */
	gchar *type; /* "Phường", "Thành phố", ... */
	TgUnitLevel level;
	gchar *parent;           /* (nullable): the parent's code */
	gchar *valid_from;       /* (nullable): YYYY-MM-DD, first day in force */
	gchar *valid_to;         /* (nullable): YYYY-MM-DD, last day in force */
	GPtrArray *predecessors; /* (element-type utf8): codes this unit succeeds */
} TgUnit;

TgUnit *tg_unit_new (void);
TgUnit *tg_unit_copy (const TgUnit *unit);
void tg_unit_free (TgUnit *unit);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgUnit, tg_unit_free)

const gchar *tg_unit_level_to_string (TgUnitLevel level);
TgUnitLevel tg_unit_level_from_string (const gchar *str);

/* TRUE when the unit is in force on @date (YYYY-MM-DD) */
gboolean tg_unit_is_valid_on (const TgUnit *unit, const gchar *date);

/* Checks every field; the error carries the field name */
gboolean tg_unit_validate (const TgUnit *unit, GError **error) G_GNUC_WARN_UNUSED_RESULT;

/* Checks a GSO code: 1 to 10 ASCII digits */
gboolean tg_unit_code_is_valid (const gchar *code);

/* Parses the project's units TSV (data/units/README): header line
 * "code name type level parent valid_from valid_to predecessors", '#' comments.
 * Returns (transfer full) (element-type TgUnit) or NULL with the line number in the error. */
GPtrArray *tg_unit_parse_tsv (const gchar *text, gsize len,
			      GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
