/* tg-dossier.h: late dossiers, the weekly list a unit's one-stop dossier system exports, and the
 * secretary's classification of each (cause group, responsible agency, new deadline, note) */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The largest list accepted: bytes of one file, and its rows */
#define TG_DOSSIER_FILE_MAX ((gsize) 16 * 1024 * 1024)
#define TG_DOSSIER_ROWS_MAX 200000
/* The longest fields, in characters */
#define TG_DOSSIER_CODE_MAX 64
#define TG_DOSSIER_PROCEDURE_MAX 500
#define TG_DOSSIER_AGENCY_MAX 200
#define TG_DOSSIER_STATUS_MAX 100
#define TG_DOSSIER_NOTE_MAX 2000

/* The columns of a list, in the order the API names them */
typedef enum {
	TG_DOSSIER_COLUMN_CODE,
	TG_DOSSIER_COLUMN_PROCEDURE,
	TG_DOSSIER_COLUMN_AGENCY,
	TG_DOSSIER_COLUMN_RECEIVED,
	TG_DOSSIER_COLUMN_DUE,
	TG_DOSSIER_COLUMN_STATUS,
	TG_DOSSIER_N_COLUMNS,
} TgDossierColumn;

/* (transfer none): "code", "procedure", "agency", "received", "due", "status" */
const gchar *tg_dossier_column_name (TgDossierColumn column);

/* One late dossier as one week's list shows it, with the unit's classification of it */
typedef struct {
	gchar *code;      /* the one-stop system's dossier code */
	gchar *procedure; /* the administrative procedure */
	gchar *agency;    /* (nullable): the agency that handles it, as the list says */
	gchar *received;  /* (nullable): YYYY-MM-DD */
	gchar *due;       /* YYYY-MM-DD */
	gchar *status;    /* (nullable): as the list says */
	guint line;       /* where it was in the file (1: the header), 0 when not from a file */
	/* the classification (all nullable), kept from one week's list to the next */
	gchar *cause;              /* a key of tg_booking_causes */
	gchar *responsible_agency; /* who must unblock it */
	gchar *deadline;           /* YYYY-MM-DD, the new deadline */
	gchar *note;
	gint64 classified_at; /* UTC microseconds, 0 when never classified */
	gchar *first_listed;  /* (nullable): the first week's list that held it */
	gchar *unit;          /* (nullable): the unit whose list it is on, when read with it */
	gchar *as_of;         /* (nullable): the date of the list this row is from, likewise */
} TgDossier;

TgDossier *tg_dossier_new (void);
void tg_dossier_free (TgDossier *dossier);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgDossier, tg_dossier_free)

/* The classification of a dossier: NULL leaves a field as it is, "" empties it */
typedef struct {
	const gchar *cause;
	const gchar *responsible_agency;
	const gchar *deadline;
	const gchar *note;
} TgDossierClassification;

/* Days from @due to @as_of (both YYYY-MM-DD) when @as_of is later, else 0 */
guint tg_dossier_days_late (const gchar *due, const gchar *as_of);

/* TRUE for a dossier code of 1 to TG_DOSSIER_CODE_MAX characters: ASCII letters, digits and
 * . - _ (the national form 000.00.12.H01-231122-0001 and the provinces' own; no '/', so that
 * a code is one segment of a path) */
gboolean tg_dossier_code_is_well_formed (const gchar *code);

/* A bad cell (or row, with @column -1) of a list */
typedef struct {
	guint line;         /* the line of the file where its record starts */
	gint column;        /* the column in the file, from 1; 0 for the whole row */
	gint field;         /* its TgDossierColumn, -1 when none */
	const gchar *msgid; /* marked with N_(): rendered in the reader's language */
} TgDossierProblem;

/* A list read from a file: its good rows and its bad ones */
typedef struct {
	GPtrArray *rows;  /* (element-type TgDossier), in the order of the file */
	GArray *problems; /* (element-type TgDossierProblem), by line */
	guint n_records;  /* the data rows of the file, good or bad */
	gchar *digest;    /* SHA-256 of the good rows in code order: the same list, the same
			   * digest, whatever the file's separator, quoting or order */
} TgDossierList;

void tg_dossier_list_free (TgDossierList *list);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TgDossierList, tg_dossier_list_free)

/* Reads a late-dossier list: CSV, UTF-8 with or without a byte order mark, separated by
 * commas or semicolons (the header says which), fields quoted with '"' and doubled quotes;
 * a header row naming the columns in Vietnamese or English, in any case, with or without
 * diacritics, in any order (mã hồ sơ / dossier code, thủ tục / procedure, cơ quan / agency,
 * ngày tiếp nhận / received, hạn xử lý / due, trạng thái / status; other columns are left
 * out); dates written dd/mm/yyyy or yyyy-mm-dd (a time after them is left out). Code,
 * procedure and due are required in every row. Line breaks and tabs inside a field become
 * spaces; any other control character makes the cell bad. A code that an earlier row had
 * makes its row bad. Pure: no I/O.
 *
 * Returns (transfer full) the list with its bad rows in problems, or NULL with a TG_ERROR:
 * INVALID (field "file") when the file is not UTF-8 or its header lacks a required column,
 * TOO_LARGE when it has more than @max_rows data rows */
TgDossierList *tg_dossier_parse_csv (const gchar *data, gsize len, guint max_rows,
				     GError **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
