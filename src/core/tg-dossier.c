/* tg-dossier.c: late dossiers and the reading of the one-stop system's weekly list */
#define G_LOG_DOMAIN "thaogo-core"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "tg-date.h"
#include "tg-dossier.h"
#include "tg-error.h"
#include "tg-text.h"

static const gchar *const tg_dossier_column_names[TG_DOSSIER_N_COLUMNS] = {
	"code", "procedure", "agency", "received", "due", "status",
};

const gchar *
tg_dossier_column_name (TgDossierColumn column)
{
	g_return_val_if_fail (column < TG_DOSSIER_N_COLUMNS, NULL);
	return tg_dossier_column_names[column];
}

TgDossier *
tg_dossier_new (void)
{
	return g_new0 (TgDossier, 1);
}

void
tg_dossier_free (TgDossier *d)
{
	if (d == NULL)
		return;
	g_free (d->code);
	g_free (d->procedure);
	g_free (d->agency);
	g_free (d->received);
	g_free (d->due);
	g_free (d->status);
	g_free (d->cause);
	g_free (d->responsible_agency);
	g_free (d->deadline);
	g_free (d->note);
	g_free (d->first_listed);
	g_free (d->unit);
	g_free (d->as_of);
	g_free (d);
}

void
tg_dossier_list_free (TgDossierList *list)
{
	if (list == NULL)
		return;
	g_ptr_array_unref (list->rows);
	g_array_unref (list->problems);
	g_free (list->digest);
	g_free (list);
}

guint
tg_dossier_days_late (const gchar *due, const gchar *as_of)
{
	GDate d, a;

	if (!tg_date_parse_iso (due, &d) || !tg_date_parse_iso (as_of, &a) ||
	    g_date_compare (&a, &d) <= 0)
		return 0;
	return (guint) g_date_days_between (&d, &a);
}

gboolean
tg_dossier_code_is_well_formed (const gchar *code)
{
	gsize n;

	if (code == NULL)
		return FALSE;
	n = strlen (code);
	if (n == 0 || n > TG_DOSSIER_CODE_MAX)
		return FALSE;
	for (gsize i = 0; i < n; i++) {
		if (!g_ascii_isalnum (code[i]) && strchr (".-_", code[i]) == NULL)
			return FALSE;
	}
	return TRUE;
}

/* ---- headers ---- */

/* (transfer full): @name folded: lower case, without diacritics (đ as d), every run of what
 * is not a letter or a digit as one space, trimmed */
static gchar *
tg_dossier_fold_header (const gchar *name)
{
	g_autofree gchar *nfd = g_utf8_normalize (name, -1, G_NORMALIZE_NFD);
	GString *out = g_string_new (NULL);
	gboolean space = FALSE;

	for (const gchar *p = nfd; p != NULL && *p != '\0'; p = g_utf8_next_char (p)) {
		gunichar c = g_utf8_get_char (p);
		GUnicodeType type = g_unichar_type (c);

		if (type == G_UNICODE_NON_SPACING_MARK || type == G_UNICODE_SPACING_MARK ||
		    type == G_UNICODE_ENCLOSING_MARK)
			continue;
		if (c == 0x0111 || c == 0x0110) /* đ, Đ */
			c = 'd';
		if (!g_unichar_isalnum (c)) {
			space = out->len > 0;
			continue;
		}
		if (space)
			g_string_append_c (out, ' ');
		space = FALSE;
		g_string_append_unichar (out, g_unichar_tolower (c));
	}
	return g_string_free (out, FALSE);
}

/* the names a column goes by in the exports, folded */
static const struct {
	const gchar *name;
	TgDossierColumn column;
} tg_dossier_headers[] = {
	{"ma ho so", TG_DOSSIER_COLUMN_CODE},
	{"ma hs", TG_DOSSIER_COLUMN_CODE},
	{"so ho so", TG_DOSSIER_COLUMN_CODE},
	{"dossier code", TG_DOSSIER_COLUMN_CODE},
	{"dossier", TG_DOSSIER_COLUMN_CODE},
	{"code", TG_DOSSIER_COLUMN_CODE},
	{"thu tuc", TG_DOSSIER_COLUMN_PROCEDURE},
	{"ten thu tuc", TG_DOSSIER_COLUMN_PROCEDURE},
	{"thu tuc hanh chinh", TG_DOSSIER_COLUMN_PROCEDURE},
	{"procedure", TG_DOSSIER_COLUMN_PROCEDURE},
	{"co quan", TG_DOSSIER_COLUMN_AGENCY},
	{"co quan xu ly", TG_DOSSIER_COLUMN_AGENCY},
	{"don vi xu ly", TG_DOSSIER_COLUMN_AGENCY},
	{"agency", TG_DOSSIER_COLUMN_AGENCY},
	{"ngay tiep nhan", TG_DOSSIER_COLUMN_RECEIVED},
	{"ngay nhan", TG_DOSSIER_COLUMN_RECEIVED},
	{"received", TG_DOSSIER_COLUMN_RECEIVED},
	{"received date", TG_DOSSIER_COLUMN_RECEIVED},
	{"han xu ly", TG_DOSSIER_COLUMN_DUE},
	{"han giai quyet", TG_DOSSIER_COLUMN_DUE},
	{"ngay hen tra", TG_DOSSIER_COLUMN_DUE},
	{"due", TG_DOSSIER_COLUMN_DUE},
	{"due date", TG_DOSSIER_COLUMN_DUE},
	{"trang thai", TG_DOSSIER_COLUMN_STATUS},
	{"status", TG_DOSSIER_COLUMN_STATUS},
};

static gint
tg_dossier_header_column (const gchar *name)
{
	g_autofree gchar *folded = tg_dossier_fold_header (name);

	for (guint i = 0; i < G_N_ELEMENTS (tg_dossier_headers); i++) {
		if (strcmp (folded, tg_dossier_headers[i].name) == 0)
			return (gint) tg_dossier_headers[i].column;
	}
	return -1;
}

/* ---- CSV records ---- */

typedef struct {
	const gchar *p;
	const gchar *end;
	gchar sep;
	guint line; /* of p */
} TgCsvReader;

/* the separator of the first line: ';' when it has more of them than commas, outside quotes */
static gchar
tg_csv_guess_separator (const gchar *p, const gchar *end)
{
	guint commas = 0, semicolons = 0;
	gboolean quoted = FALSE;

	for (; p < end && (quoted || (*p != '\n' && *p != '\r')); p++) {
		if (*p == '"')
			quoted = !quoted;
		else if (!quoted && *p == ',')
			commas++;
		else if (!quoted && *p == ';')
			semicolons++;
	}
	return semicolons > commas ? ';' : ',';
}

/* Reads the next record into @fields (cleared first); FALSE at the end of the data.
 * *@start: its first line; *@malformed: a quote is not closed, or text follows one */
static gboolean
tg_csv_next (TgCsvReader *r, GPtrArray *fields, guint *start, gboolean *malformed)
{
	g_ptr_array_set_size (fields, 0);
	*malformed = FALSE;
	if (r->p >= r->end)
		return FALSE;
	*start = r->line;
	for (;;) {
		GString *f = g_string_new (NULL);
		gboolean quoted = FALSE;

		if (r->p < r->end && *r->p == '"') {
			quoted = TRUE;
			r->p++;
			for (;;) {
				if (r->p >= r->end) {
					*malformed = TRUE;
					break;
				}
				if (*r->p == '"') {
					if (r->p + 1 < r->end && r->p[1] == '"') {
						g_string_append_c (f, '"');
						r->p += 2;
						continue;
					}
					r->p++;
					break;
				}
				if (*r->p == '\n')
					r->line++;
				g_string_append_c (f, *r->p++);
			}
		}
		/* what is not quoted, up to the separator or the end of the line */
		while (r->p < r->end && *r->p != r->sep && *r->p != '\n' && *r->p != '\r') {
			if (quoted && *r->p != ' ')
				*malformed = TRUE;
			g_string_append_c (f, *r->p++);
		}
		g_ptr_array_add (fields, g_string_free (f, FALSE));
		if (r->p < r->end && *r->p == r->sep) {
			r->p++;
			continue;
		}
		if (r->p < r->end && *r->p == '\r')
			r->p++;
		if (r->p < r->end && *r->p == '\n')
			r->p++;
		r->line++;
		return TRUE;
	}
}

/* ---- cells ---- */

/* (transfer full) (nullable): @raw with line breaks and tabs as spaces, trimmed, in NFC; NULL
 * when empty. *@clean is FALSE when another control character is in it */
static gchar *
tg_dossier_clean_cell (const gchar *raw, gboolean *clean)
{
	gchar *s = g_strdup (raw);
	gchar *out = s;
	gboolean ascii = TRUE;

	*clean = TRUE;
	/* a run of line breaks and tabs (CRLF) is one space */
	for (const gchar *p = raw; *p != '\0'; p++) {
		if (*p == '\r' || *p == '\n' || *p == '\t') {
			if (p == raw || strchr ("\r\n\t", p[-1]) == NULL)
				*out++ = ' ';
			continue;
		}
		if ((guchar) *p >= 0x80)
			ascii = FALSE;
		*out++ = *p;
	}
	*out = '\0';
	g_strstrip (s);
	if (s[0] == '\0') {
		g_free (s);
		return NULL;
	}
	if (!ascii) {
		gchar *nfc = g_utf8_normalize (s, -1, G_NORMALIZE_NFC);
		g_free (s);
		s = nfc;
	}
	if (!tg_text_is_clean_line (s, 1, G_MAXSIZE))
		*clean = FALSE;
	return s;
}

/* reads 1 to @max digits at *@p into *@value, moving *@p past them */
static gboolean
tg_dossier_read_number (const gchar **p, guint max, guint *value)
{
	guint n = 0;

	*value = 0;
	while (n < max && g_ascii_isdigit ((*p)[0])) {
		*value = *value * 10 + (guint) ((*p)[0] - '0');
		(*p)++;
		n++;
	}
	return n > 0;
}

/* (transfer full) (nullable): dd/mm/yyyy (d/m too) or yyyy-mm-dd, a time after a space left
 * out, as YYYY-MM-DD; NULL when it is not a real date */
static gchar *
tg_dossier_parse_date (const gchar *text)
{
	g_autofree gchar *day = g_strdup (text);
	gchar *space = strchr (day, ' ');
	const gchar *p = day;
	guint d = 0, m = 0, y = 0;
	g_autofree gchar *iso = NULL;

	if (space != NULL)
		*space = '\0';
	if (tg_date_is_valid_iso (day))
		return g_steal_pointer (&day);
	if (!tg_dossier_read_number (&p, 2, &d) || *p++ != '/' ||
	    !tg_dossier_read_number (&p, 2, &m) || *p++ != '/' ||
	    !tg_dossier_read_number (&p, 4, &y) || *p != '\0' || y < 1000)
		return NULL;
	iso = g_strdup_printf ("%04u-%02u-%02u", y, m, d);
	return tg_date_is_valid_iso (iso) ? g_steal_pointer (&iso) : NULL;
}

static void
tg_dossier_add_problem (GArray *problems, guint line, gint column, gint field, const gchar *msgid)
{
	TgDossierProblem p = {line, column, field, msgid};
	g_array_append_val (problems, p);
}

/* the maximum length of each column, in characters (0: checked otherwise) */
static const gsize tg_dossier_column_max[TG_DOSSIER_N_COLUMNS] = {
	0, TG_DOSSIER_PROCEDURE_MAX, TG_DOSSIER_AGENCY_MAX, 0, 0, TG_DOSSIER_STATUS_MAX,
};

/* (transfer full) (nullable): the dossier of one record, NULL when a cell of it is bad (its
 * problems added) */
static TgDossier *
tg_dossier_from_record (GPtrArray *fields, const gint *positions, guint n_header, guint line,
			GHashTable *seen, GArray *problems)
{
	g_autoptr(TgDossier) d = tg_dossier_new ();
	gchar *cells[TG_DOSSIER_N_COLUMNS] = {NULL};
	guint before = problems->len;

	d->line = line;
	if (fields->len > n_header)
		tg_dossier_add_problem (problems, line, 0, -1,
					N_ ("this row has more fields than the header"));
	for (guint c = 0; c < TG_DOSSIER_N_COLUMNS; c++) {
		gint pos = positions[c];
		gboolean clean = TRUE;
		gchar *cell = NULL;

		if (pos >= 0 && (guint) pos < fields->len)
			cell = tg_dossier_clean_cell (g_ptr_array_index (fields, pos), &clean);
		cells[c] = cell;
		if (!clean) {
			tg_dossier_add_problem (problems, line, pos + 1, (gint) c,
						N_ ("must not contain control characters"));
			continue;
		}
		if (cell == NULL) {
			if (c == TG_DOSSIER_COLUMN_CODE || c == TG_DOSSIER_COLUMN_PROCEDURE ||
			    c == TG_DOSSIER_COLUMN_DUE)
				tg_dossier_add_problem (problems, line, pos + 1, (gint) c,
							N_ ("is required"));
			continue;
		}
		if (tg_dossier_column_max[c] > 0 &&
		    g_utf8_strlen (cell, -1) > (glong) tg_dossier_column_max[c])
			tg_dossier_add_problem (problems, line, pos + 1, (gint) c,
						c == TG_DOSSIER_COLUMN_PROCEDURE
							? N_ ("must be at most 500 characters")
						: c == TG_DOSSIER_COLUMN_AGENCY
							? N_ ("must be at most 200 characters")
							: N_ ("must be at most 100 characters"));
	}
	d->code = cells[TG_DOSSIER_COLUMN_CODE];
	d->procedure = cells[TG_DOSSIER_COLUMN_PROCEDURE];
	d->agency = cells[TG_DOSSIER_COLUMN_AGENCY];
	d->status = cells[TG_DOSSIER_COLUMN_STATUS];
	if (d->code != NULL && !tg_dossier_code_is_well_formed (d->code))
		tg_dossier_add_problem (
			problems, line, positions[TG_DOSSIER_COLUMN_CODE] + 1,
			TG_DOSSIER_COLUMN_CODE,
			N_ ("must be a dossier code of at most 64 letters, digits and . - _"));
	else if (d->code != NULL && g_hash_table_contains (seen, d->code))
		tg_dossier_add_problem (problems, line, positions[TG_DOSSIER_COLUMN_CODE] + 1,
					TG_DOSSIER_COLUMN_CODE,
					N_ ("this dossier code is already on an earlier row"));
	else if (d->code != NULL)
		g_hash_table_add (seen, g_strdup (d->code));
	for (guint c = TG_DOSSIER_COLUMN_RECEIVED; c <= TG_DOSSIER_COLUMN_DUE; c++) {
		gchar *iso;

		if (cells[c] == NULL)
			continue;
		iso = tg_dossier_parse_date (cells[c]);
		if (iso == NULL)
			tg_dossier_add_problem (problems, line, positions[c] + 1, (gint) c,
						N_ ("must be a date written dd/mm/yyyy or "
						    "yyyy-mm-dd"));
		g_free (cells[c]);
		if (c == TG_DOSSIER_COLUMN_RECEIVED)
			d->received = iso;
		else
			d->due = iso;
	}
	if (d->received != NULL && d->due != NULL && strcmp (d->received, d->due) > 0)
		tg_dossier_add_problem (problems, line, positions[TG_DOSSIER_COLUMN_RECEIVED] + 1,
					TG_DOSSIER_COLUMN_RECEIVED,
					N_ ("must not be after the due date"));
	return problems->len == before ? g_steal_pointer (&d) : NULL;
}

static gint
tg_dossier_compare_codes (gconstpointer a, gconstpointer b)
{
	const TgDossier *x = *(TgDossier *const *) a;
	const TgDossier *y = *(TgDossier *const *) b;
	return strcmp (x->code, y->code);
}

/* (transfer full): the digest of @rows, in code order */
static gchar *
tg_dossier_digest (GPtrArray *rows)
{
	/* a copy of the pointers only: g_ptr_array_copy () would take the free function too */
	g_autoptr(GPtrArray) sorted = g_ptr_array_sized_new (rows->len);
	g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);

	g_ptr_array_extend (sorted, rows, NULL, NULL);
	g_ptr_array_sort (sorted, tg_dossier_compare_codes);
	for (guint i = 0; i < sorted->len; i++) {
		TgDossier *d = g_ptr_array_index (sorted, i);
		const gchar *parts[] = {d->code,     d->procedure, d->agency,
					d->received, d->due,       d->status};
		for (guint k = 0; k < G_N_ELEMENTS (parts); k++) {
			/* a unit separator between fields, a record separator after each row */
			if (parts[k] != NULL)
				g_checksum_update (sum, (const guchar *) parts[k], -1);
			g_checksum_update (sum,
					   (const guchar *) (k + 1 < G_N_ELEMENTS (parts) ? "\x1f"
											  : "\x1e"),
					   1);
		}
	}
	return g_strdup (g_checksum_get_string (sum));
}

TgDossierList *
tg_dossier_parse_csv (const gchar *data, gsize len, guint max_rows, GError **error)
{
	g_autoptr(TgDossierList) list = g_new0 (TgDossierList, 1);
	g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
	g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
	gint positions[TG_DOSSIER_N_COLUMNS];
	TgCsvReader r = {data, data + len, ',', 1};
	guint start = 0, n_header;
	gboolean malformed = FALSE;

	g_return_val_if_fail (data != NULL || len == 0, NULL);
	list->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) tg_dossier_free);
	list->problems = g_array_new (FALSE, FALSE, sizeof (TgDossierProblem));
	if (len > 0 && !g_utf8_validate (data, (gssize) len, NULL)) {
		tg_error_set_field (error, TG_ERROR_INVALID, "file",
				    N_ ("the file is not text in UTF-8"));
		return NULL;
	}
	if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
		r.p += 3;
	r.sep = tg_csv_guess_separator (r.p, r.end);
	/* the header: the first line that is not empty */
	do {
		if (!tg_csv_next (&r, fields, &start, &malformed)) {
			tg_error_set_field (error, TG_ERROR_INVALID, "file",
					    N_ ("the file has no header row"));
			return NULL;
		}
	} while (fields->len == 1 && ((gchar *) g_ptr_array_index (fields, 0))[0] == '\0');
	for (guint c = 0; c < TG_DOSSIER_N_COLUMNS; c++)
		positions[c] = -1;
	for (guint i = 0; i < fields->len; i++) {
		gint c = tg_dossier_header_column (g_ptr_array_index (fields, i));
		if (c < 0)
			continue;
		if (positions[c] >= 0) {
			tg_error_set_field (error, TG_ERROR_INVALID, "file",
					    N_ ("the header names a column twice"));
			return NULL;
		}
		positions[c] = (gint) i;
	}
	if (positions[TG_DOSSIER_COLUMN_CODE] < 0 || positions[TG_DOSSIER_COLUMN_PROCEDURE] < 0 ||
	    positions[TG_DOSSIER_COLUMN_DUE] < 0) {
		tg_error_set_field (error, TG_ERROR_INVALID, "file",
				    N_ ("the header must name the columns dossier code, procedure "
					"and due (mã hồ sơ, thủ tục, hạn xử lý)"));
		return NULL;
	}
	n_header = fields->len;
	while (tg_csv_next (&r, fields, &start, &malformed)) {
		TgDossier *d;

		if (fields->len == 1 && ((gchar *) g_ptr_array_index (fields, 0))[0] == '\0')
			continue;
		if (++list->n_records > max_rows) {
			tg_error_set_field (error, TG_ERROR_TOO_LARGE, "file",
					    N_ ("a late-dossier list has at most 200000 rows"));
			return NULL;
		}
		if (malformed) {
			tg_dossier_add_problem (list->problems, start, 0, -1,
						N_ ("a quoted field is not closed properly"));
			continue;
		}
		d = tg_dossier_from_record (fields, positions, n_header, start, seen,
					    list->problems);
		if (d != NULL)
			g_ptr_array_add (list->rows, d);
	}
	list->digest = tg_dossier_digest (list->rows);
	return g_steal_pointer (&list);
}
